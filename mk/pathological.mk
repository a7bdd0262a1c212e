# pathological.mk - `make pathological`: hostile and extreme inputs (tests/pathological.sh), timed,
# with EPUBCheck over the books; part of `make check`.  Included by the Makefile.
# Each case must finish within PATHOLOGICAL_TIMEOUT seconds: a guard against hangs, not a speed
# test (the times are printed); sanitizers and a busy CI machine slow the big ones down.
ifeq ($(SANITIZE),1)
PATHOLOGICAL_TIMEOUT ?= 120
# template.c serialises into an xmlBuffer that grows by exact amounts, and ASan's realloc always
# copies: 10-50 MB chapters take minutes.  The plain build runs these two; ASan sees the same
# code paths in every smaller case.  Drop the skip once the buffer grows by doubling.
PATHOLOGICAL_SKIP ?= big-article long-line
else
PATHOLOGICAL_TIMEOUT ?= 60
endif

pathological: $(BUILD)/kagama-epub
	TIMEOUT=$(PATHOLOGICAL_TIMEOUT) SKIP="$(PATHOLOGICAL_SKIP)" \
	    sh tests/pathological.sh $(BUILD)/kagama-epub

CHECK_PROGRAMS += xmllint

.PHONY: pathological
