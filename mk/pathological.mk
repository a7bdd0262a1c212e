# pathological.mk - `make pathological`: hostile and extreme inputs (tests/pathological.sh), timed,
# with EPUBCheck over the books; part of `make check`.  Included by the Makefile.
# Each case must finish within PATHOLOGICAL_TIMEOUT seconds: a guard against hangs, not a speed
# test (the times are printed); sanitizers and a busy CI machine slow the big ones down.
ifeq ($(SANITIZE),1)
PATHOLOGICAL_TIMEOUT ?= 120
else
PATHOLOGICAL_TIMEOUT ?= 60
endif

pathological: $(BUILD)/kagama-epub
	TIMEOUT=$(PATHOLOGICAL_TIMEOUT) sh tests/pathological.sh $(BUILD)/kagama-epub

check: pathological

.PHONY: pathological
