# Makefile - builds kagama-epub, its unit tests, and runs every test (make check).
#   make deps            as root: every Debian package the build and make check need
#   make                 one short line per file (CC src/x.c); make V=1 prints the commands
#   make check           fast suites, then slow ones, then the grand total
#   make install         a stripped binary (INSTALL_STRIP= keeps the symbols)
PREFIX   ?= /usr/local
BINDIR   ?= $(PREFIX)/bin
MANDIR   ?= $(PREFIX)/share/man
PKGS     := libzip libxml-2.0 libcmark-gfm yaml-0.1 zlib vips
# Photos (issue 18): libdeflate packs the chapters; libcrypto hashes photos for the image cache
# (SHA-256, some 12x our own SHA-1).  libvips converts, turns upright and shrinks photos and
# draws the cover (issue 17).
PKGS     += libdeflate libcrypto
# path.c spells letters beyond ASCII in file names by glib's Unicode decomposition; libvips
# links glib already.
PKGS     += glib-2.0
CC       ?= cc
CFLAGS   ?= -O2 -g
INSTALL  ?= install
INSTALL_STRIP ?= -s

# Debian packages, one DEPS_ variable per purpose: a new dependency is one word on the line of
# its purpose, a new purpose one DEPS_NAME line (here or in its mk/*.mk), with a reason in the
# commit message.  `make deps` installs every DEPS_ variable; .ci/run proves that every program
# and library the suites run comes from one of them (tools/deps-check.sh).
DEPS_BUILD := build-essential pkg-config
# The -dev packages behind PKGS.
DEPS_LIBS  := libzip-dev libxml2-dev libcmark-gfm-dev libcmark-gfm-extensions-dev libyaml-dev zlib1g-dev
# ...and those of the photos and the cover (issues 17, 18).
DEPS_LIBS  += libdeflate-dev libssl-dev libvips-dev libglib2.0-dev
# tests/photos.sh and the camera corpus of the benchmark: vips, vipsheader, vipsthumbnail.
DEPS_PHOTOS := libvips-tools
# The drawn cover's fonts: Latin, Cyrillic and Arabic (DejaVu), Chinese, Japanese, Korean (Droid).
DEPS_COVER := fonts-dejavu-core fonts-droid-fallback
# make check: EPUBCheck (and javac for its runner), unzip/zip, mandoc and man for the page,
# xmllint for the pathological chapters, mount for the full-disk case, time for both timed suites,
# python3, ImageMagick and pandoc for the benchmark smoke run.
DEPS_CHECK := epubcheck default-jdk-headless zip unzip mandoc man-db libxml2-utils mount time \
	python3 imagemagick pandoc
# make memcheck.
DEPS_MEMCHECK := valgrind
# make fuzz and fuzz-smoke: clang with libFuzzer's runtime.
DEPS_FUZZ  := clang libclang-rt-14-dev
# All of them: every DEPS_ variable set in a makefile or on the command line.
DEBIAN_PACKAGES = $(strip $(foreach v,$(sort $(filter DEPS_%,$(.VARIABLES))),\
	$(if $(filter file command,$(firstword $(origin $(v)))),$($(v)))))

# pkg-config runs once, when a compile first needs it (never for make deps or make clean), and a
# missing library says what to do instead of a page of pkg-config complaints.
PKG_CFLAGS = $(eval PKG_CFLAGS := $(call S_pkg_config,--cflags))$(PKG_CFLAGS)
PKG_LIBS   = $(eval PKG_LIBS := $(call S_pkg_config,--libs))$(PKG_LIBS)
S_pkg_config = $(if $(shell pkg-config --exists $(PKGS) 2>/dev/null && echo ok),\
	$(shell pkg-config $(1) $(PKGS)),\
	$(error pkg-config finds no $(PKGS): run `make deps` as root first))

# What the code needs whatever CFLAGS the user gives.
KAGAMA_CFLAGS = -std=c11 -D_POSIX_C_SOURCE=200809L -D_DEFAULT_SOURCE -Wall -Wextra -Werror \
	$(PKG_CFLAGS)
LDLIBS   += $(PKG_LIBS) -lpthread -lm

# One line per file unless V=1; $(call say,CC,src/x.c) goes in front of the command.
ifeq ($(V),1)
say =
else
say = @printf '%s %s\n' '$(1)' '$(2)';
endif

ifeq ($(SANITIZE),1)
KAGAMA_CFLAGS += -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all
export LSAN_OPTIONS := suppressions=$(CURDIR)/tests/lsan.supp:print_suppressions=0
LDFLAGS  += -fsanitize=address,undefined
BUILD    ?= build/sanitize
else
BUILD    ?= build/default
endif
ALL_CFLAGS = $(KAGAMA_CFLAGS) $(CFLAGS)

SOURCES  := $(wildcard src/*.c)
LIBOBJS  := $(patsubst src/%.c,$(BUILD)/%.o,$(filter-out src/main.c,$(SOURCES)))
TEMPLATES := $(sort $(wildcard epub-templates/*))
UNITSRC  := $(wildcard tests/unit/*.c)
UNITOBJS := $(patsubst tests/unit/%.c,$(BUILD)/unit/%.o,$(UNITSRC))

ifeq ($(SANITIZE),1)
all: $(BUILD)/kagama-epub
else
all: kagama-epub
endif

# The binary at the top is always the plain build: a sanitizer build stays in build/sanitize.
# What needs the top one under SANITIZE=1 (install, install-test) gets it from a plain make.
ifneq ($(SANITIZE),1)
kagama-epub: $(BUILD)/kagama-epub
	$(call say,CP,$@)cp $< $@
else
kagama-epub: FORCE
	@$(MAKE) --no-print-directory SANITIZE= kagama-epub
FORCE:
endif

$(BUILD)/kagama-epub: $(BUILD)/main.o $(LIBOBJS) $(BUILD)/templates.o
	$(call say,LD,$@)$(CC) $(LDFLAGS) -o $@ $^ $(LDLIBS)

$(BUILD)/%.o: src/%.c
	@mkdir -p $(@D)
	$(call say,CC,$<)$(CC) $(ALL_CFLAGS) -MMD -MP -Isrc -c -o $@ $<

$(BUILD)/templates.c: tools/embed-templates.sh $(TEMPLATES)
	@mkdir -p $(@D)
	$(call say,GEN,$@)sh tools/embed-templates.sh $(TEMPLATES) > $@.tmp && mv $@.tmp $@

$(BUILD)/templates.o: $(BUILD)/templates.c
	$(call say,CC,$<)$(CC) $(ALL_CFLAGS) -Isrc -c -o $@ $<

$(BUILD)/unit/%.o: tests/unit/%.c
	@mkdir -p $(@D)
	$(call say,CC,$<)$(CC) $(ALL_CFLAGS) -MMD -MP -Isrc -Itests/unit -c -o $@ $<

$(BUILD)/unit-tests: $(UNITOBJS) $(LIBOBJS) $(BUILD)/templates.o
	$(call say,LD,$@)$(CC) $(LDFLAGS) -o $@ $^ $(LDLIBS)

# The unit tests provoke diagnostics on purpose: their stderr goes to a log that is shown only
# when they fail (or crash), so a passing run prints no error: lines.  $(1) wraps (valgrind).
UNIT_RUN = @$(1) $(BUILD)/unit-tests 2>$(BUILD)/unit-tests.log \
	|| { status=$$?; cat $(BUILD)/unit-tests.log >&2; exit $$status; }
unit: $(BUILD)/unit-tests
	$(call UNIT_RUN)

# As root on Debian 12: the packages above.  build-deps is the part that builds and runs.
deps:
	sh tools/apt-install.sh $(DEBIAN_PACKAGES)
build-deps:
	sh tools/apt-install.sh $(DEPS_BUILD) $(DEPS_LIBS) $(DEPS_COVER)

# Lists every program and library the build and the suites use, with the Debian package it
# comes from; fails when one is not in DEBIAN_PACKAGES' dependency closure (.ci/run, before
# the suites).  The libraries are those of every binary built so far (sanitizer, fuzz targets).
deps-check: $(BUILD)/kagama-epub $(BUILD)/unit-tests
	@sh tools/deps-check.sh --packages "$(DEBIAN_PACKAGES)" --programs "$(CHECK_PROGRAMS)" \
	    --files "$(CHECK_FILES)" --pkgs "$(PKGS)" $(sort $^ \
	    $(wildcard build/*/kagama-epub build/*/unit-tests build/fuzz/fuzz_*))

# Runs make check under strace and puts every program it executed through the same proof, then
# names those missing from CHECK_PROGRAMS (slow; needs strace).
deps-audit:
	@MAKE='$(MAKE)' sh tools/deps-audit.sh --packages "$(DEBIAN_PACKAGES)" \
	    --programs "$(CHECK_PROGRAMS)" $(or $(AUDIT_TARGETS),check)

# What the build and the suites run, by name as they call it (or by path); mk/*.mk add theirs.
CHECK_PROGRAMS := $(firstword $(CC)) pkg-config sh make install strip cp mv rm mkdir \
	java javac unzip awk sed grep diff cmp od tr find sort comm head tail wc date sleep \
	mktemp mkfifo cat tee ls ln basename id tsort timeout script mount umount dd bash valgrind \
	vips vipsheader vipsthumbnail
CHECK_FILES    := /usr/share/java/epubcheck.jar

# make check runs these suites (make targets) in order, the fast ones first, carries on past a
# failed one and ends with the grand total "N passed, N failed" (tools/check-suites.sh).
# include-order: no src/ file includes a later stage's header; run-tests: golden chapters,
# books, failure cases and EPUBCheck on every book; cli: the command line.
# The suites are defined here and in mk/man.mk, mk/pathological.mk and mk/bench.mk.
CHECK_FAST := include-order unit run-tests cli photos man-help init-test
CHECK_SLOW := pathological install-test bench-smoke
check: $(BUILD)/kagama-epub $(BUILD)/unit-tests
	@MAKE='$(MAKE)' CHECK_LOG='$(BUILD)/check' sh tools/check-suites.sh $(CHECK_FAST) $(CHECK_SLOW)

include-order:
	sh tests/include-order.sh

run-tests: $(BUILD)/kagama-epub
	sh tests/run-tests.sh $(BUILD)/kagama-epub

cli: $(BUILD)/kagama-epub
	sh tests/cli.sh $(BUILD)/kagama-epub

# Photos (issue 18): converted, turned upright, made sRGB, stripped of GPS; the image cache.
photos: $(BUILD)/kagama-epub
	sh tests/photos.sh $(BUILD)/kagama-epub

# The same tests under valgrind: any error or leak fails.
VALGRIND := valgrind -q --error-exitcode=99 --suppressions=tests/valgrind.supp --leak-check=full --show-leak-kinds=definite,indirect --errors-for-leak-kinds=definite,indirect
memcheck: $(BUILD)/kagama-epub $(BUILD)/unit-tests
	$(call UNIT_RUN,$(VALGRIND))
	WRAP="$(VALGRIND)" sh tests/run-tests.sh $(BUILD)/kagama-epub

# Rewrites the golden files from the current output: review the diff before committing.
regen: $(BUILD)/kagama-epub
	REGEN=1 sh tests/run-tests.sh $(BUILD)/kagama-epub

# INSTALL_STRIP= installs the binary with its symbols (a packager strips it separately).
install: kagama-epub
	$(INSTALL) -d $(DESTDIR)$(BINDIR) $(DESTDIR)$(MANDIR)/man1
	$(INSTALL) $(INSTALL_STRIP) -m 755 kagama-epub $(DESTDIR)$(BINDIR)/kagama-epub
	$(INSTALL) -m 644 kagama-epub.1 $(DESTDIR)$(MANDIR)/man1/kagama-epub.1

uninstall:
	rm -f $(DESTDIR)$(BINDIR)/kagama-epub $(DESTDIR)$(MANDIR)/man1/kagama-epub.1

-include $(wildcard $(BUILD)/*.d $(BUILD)/unit/*.d)

# Further targets (fuzz, bench, reader-test, ace...) live one file each in mk/.
include $(wildcard mk/*.mk)

.PHONY: all unit deps build-deps deps-check deps-audit check include-order run-tests cli photos memcheck regen install uninstall clean
clean:
	rm -rf build kagama-epub tests/out
