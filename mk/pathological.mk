# pathological.mk - `make pathological`: hostile and extreme inputs (tests/pathological.sh), timed,
# with EPUBCheck over the books; part of `make check`.  Included by the Makefile.
# Each case must finish within PATHOLOGICAL_TIMEOUT seconds: a guard against hangs, not a speed
# test (the times are printed); sanitizers and a busy CI machine slow the big ones down.
ifeq ($(SANITIZE),1)
PATHOLOGICAL_TIMEOUT ?= 120
# ASan's allocator makes libxml2's growth of one 10-50 MB text node quadratic (minutes); the
# plain build runs these two, ASan sees the same code paths in every smaller case.
PATHOLOGICAL_SKIP ?= big-article long-line
else
PATHOLOGICAL_TIMEOUT ?= 60
endif

pathological: $(BUILD)/kagama-epub
	TIMEOUT=$(PATHOLOGICAL_TIMEOUT) SKIP="$(PATHOLOGICAL_SKIP)" \
	    sh tests/pathological.sh $(BUILD)/kagama-epub

check: pathological

.PHONY: pathological
