# mk/bench.mk - the performance benchmark against pandoc and the bare zip floor (make bench), and
# its seconds-long smoke run (make bench-smoke, part of make check).  Included by the Makefile.
#
#   make bench                    corpora in build/bench/corpora, table on stdout and in
#                                 build/bench/results.md; exit status 1 if a target is missed
#   make bench RUNS=9 PANDOC_RUNS=5
#   make bench BENCH_FLAGS=--no-fail    (or --no-pandoc)
# Needs python3, zip, /usr/bin/time (Debian: time), ImageMagick (imagemagick) for the photos and
# pandoc for the comparison; the corpora (about 420 MB) are generated once and kept.
BENCH_DIR   ?= build/bench
RUNS        ?= 5
PANDOC_RUNS ?= 3
BENCH_FLAGS ?=
# Debian's python3 (make deps installs it), not whichever one comes first in PATH.
PYTHON3     ?= /usr/bin/python3
CHECK_PROGRAMS += $(PYTHON3) convert-im6.q16 zip pandoc /usr/bin/time

bench: $(BUILD)/kagama-epub
	$(PYTHON3) bench/bench.py --kagama $(BUILD)/kagama-epub --out $(BENCH_DIR) \
	    --runs $(RUNS) --pandoc-runs $(PANDOC_RUNS) $(BENCH_FLAGS)

# Tiny corpora, one run of each tool, no targets judged: proves the benchmark still works.
bench-smoke: $(BUILD)/kagama-epub
	$(PYTHON3) bench/bench.py --smoke --kagama $(BUILD)/kagama-epub --out $(BENCH_DIR)/smoke \
	    --base-images $(BENCH_DIR)/base-images --runs 1 --pandoc-runs 1 > /dev/null

.PHONY: bench bench-smoke
