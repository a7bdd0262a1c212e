# Makefile - builds kagama-epub, its unit tests, and runs every test (make check).
PREFIX   ?= /usr/local
BINDIR   ?= $(PREFIX)/bin
MANDIR   ?= $(PREFIX)/share/man
PKGS     := libzip libxml-2.0 libcmark-gfm yaml-0.1 zlib
CC       ?= cc
CFLAGS   ?= -O2 -g
# What the code needs whatever CFLAGS the user gives.
KAGAMA_CFLAGS := -std=c11 -D_POSIX_C_SOURCE=200809L -D_DEFAULT_SOURCE -Wall -Wextra -Werror \
	$(shell pkg-config --cflags $(PKGS))
LDLIBS   += $(shell pkg-config --libs $(PKGS)) -lpthread

ifeq ($(SANITIZE),1)
KAGAMA_CFLAGS += -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all
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
ifneq ($(SANITIZE),1)
kagama-epub: $(BUILD)/kagama-epub
	cp $< $@
endif

$(BUILD)/kagama-epub: $(BUILD)/main.o $(LIBOBJS) $(BUILD)/templates.o
	$(CC) $(LDFLAGS) -o $@ $^ $(LDLIBS)

$(BUILD)/%.o: src/%.c
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) -MMD -MP -Isrc -c -o $@ $<

$(BUILD)/templates.c: tools/embed-templates.sh $(TEMPLATES)
	@mkdir -p $(@D)
	sh tools/embed-templates.sh $(TEMPLATES) > $@.tmp && mv $@.tmp $@

$(BUILD)/templates.o: $(BUILD)/templates.c
	$(CC) $(ALL_CFLAGS) -Isrc -c -o $@ $<

$(BUILD)/unit/%.o: tests/unit/%.c
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) -MMD -MP -Isrc -Itests/unit -c -o $@ $<

$(BUILD)/unit-tests: $(UNITOBJS) $(LIBOBJS) $(BUILD)/templates.o
	$(CC) $(LDFLAGS) -o $@ $^ $(LDLIBS)

unit: $(BUILD)/unit-tests
	$(BUILD)/unit-tests

# Debian packages needed to build, test and compare (run as root on a fresh machine).
DEBIAN_PACKAGES := build-essential pkg-config libzip-dev libxml2-dev libcmark-gfm-dev libcmark-gfm-extensions-dev libyaml-dev zlib1g-dev \
	epubcheck default-jdk-headless zip unzip valgrind mandoc time
deps:
	DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends $(DEBIAN_PACKAGES) \
	|| { apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends $(DEBIAN_PACKAGES); }

# Every test: unit tests, golden chapters and books, failure cases, EPUBCheck on every book.
check: $(BUILD)/kagama-epub $(BUILD)/unit-tests
	$(BUILD)/unit-tests
	sh tests/run-tests.sh $(BUILD)/kagama-epub
	java -jar /usr/share/java/epubcheck.jar tests/out/books/samples.epub
	sh tests/cli.sh $(BUILD)/kagama-epub

# The same tests under valgrind: any error or leak fails.
VALGRIND := valgrind -q --error-exitcode=99 --leak-check=full --show-leak-kinds=definite,indirect --errors-for-leak-kinds=definite,indirect
memcheck: $(BUILD)/kagama-epub $(BUILD)/unit-tests
	$(VALGRIND) $(BUILD)/unit-tests
	WRAP="$(VALGRIND)" sh tests/run-tests.sh $(BUILD)/kagama-epub

# Rewrites the golden files from the current output: review the diff before committing.
regen: $(BUILD)/kagama-epub
	REGEN=1 sh tests/run-tests.sh $(BUILD)/kagama-epub

install: kagama-epub
	install -d $(DESTDIR)$(BINDIR) $(DESTDIR)$(MANDIR)/man1
	install -m 755 kagama-epub $(DESTDIR)$(BINDIR)/kagama-epub
	install -m 644 kagama-epub.1 $(DESTDIR)$(MANDIR)/man1/kagama-epub.1

uninstall:
	rm -f $(DESTDIR)$(BINDIR)/kagama-epub $(DESTDIR)$(MANDIR)/man1/kagama-epub.1

-include $(wildcard $(BUILD)/*.d $(BUILD)/unit/*.d)

# Further targets (fuzz, bench, reader-test, ace...) live one file each in mk/.
include $(wildcard mk/*.mk)

.PHONY: all unit deps check memcheck regen install uninstall clean
clean:
	rm -rf build kagama-epub tests/out
