# pathological.mk - `make pathological`: hostile and extreme inputs (tests/pathological.sh), timed,
# with EPUBCheck over the books; part of `make check`.  Included by the Makefile.
# Each case must finish within PATHOLOGICAL_SLOW seconds (5, cmark's own limit; every case is
# well under 1 s on a quiet machine) and is killed after PATHOLOGICAL_TIMEOUT; sanitizers slow
# the big ones down, so they get more.
ifeq ($(SANITIZE),1)
PATHOLOGICAL_TIMEOUT ?= 120
PATHOLOGICAL_SLOW ?= 100
# template.c serialises into an xmlBuffer that grows by exact amounts, and ASan's realloc always
# copies: 10-50 MB chapters take minutes.  The plain build runs these two; ASan sees the same
# code paths in every smaller case.  Drop the skip once the buffer grows by doubling.
PATHOLOGICAL_SKIP ?= big-article long-line
else
PATHOLOGICAL_TIMEOUT ?= 60
PATHOLOGICAL_SLOW ?= 5
endif

pathological: $(BUILD)/kagama-epub
	TIMEOUT=$(PATHOLOGICAL_TIMEOUT) SLOW=$(PATHOLOGICAL_SLOW) SKIP="$(PATHOLOGICAL_SKIP)" \
	    sh tests/pathological.sh $(BUILD)/kagama-epub

CHECK_PROGRAMS += xmllint

.PHONY: pathological
