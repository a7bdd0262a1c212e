# fuzz.mk - libFuzzer targets (fuzz/*.c) built with clang, ASan and UBSan in build/fuzz/.
# Included by the Makefile: `make fuzz` (FUZZ_SECONDS per target), `make fuzz-smoke` (60 s each);
# `make -j2 fuzz` runs the targets side by side.  Reproduce a finding: build/fuzz/fuzz_NAME FILE.
FUZZ_CC      ?= clang
FUZZ_SECONDS ?= 600
FUZZ_DIR     := build/fuzz
FUZZ_SANITIZE := -fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer
# PKG_CFLAGS and PKG_LIBS come from the Makefile: pkg-config runs only when something compiles.
FUZZ_CFLAGS  = -std=c11 -D_POSIX_C_SOURCE=200809L -D_DEFAULT_SOURCE -Wall -Wextra -Werror \
	-g -O1 $(FUZZ_SANITIZE) $(PKG_CFLAGS)
FUZZ_LDLIBS  = $(PKG_LIBS) -lpthread -lm
CHECK_PROGRAMS += $(FUZZ_CC)
FUZZ_TARGETS := article book_yaml
FUZZ_LIBOBJS := $(patsubst src/%.c,$(FUZZ_DIR)/obj/%.o,$(filter-out src/main.c,$(SOURCES))) \
	$(FUZZ_DIR)/obj/templates.o
FUZZ_OPTIONS := -max_len=65536 -timeout=10 -rss_limit_mb=2048 -close_fd_mask=2
# Seeds: every article and book.yaml the tests know, copied flat (names may repeat).
FUZZ_SEED_MD := $(wildcard tests/regress/*.md samples/*.md samples/*/*.md samples/*/*/*.md \
	tests/fail/*/*.md tests/books/*/*.md tests/books/*/*/*.md tests/books/*/*/*/*.md)
FUZZ_SEED_YAML := $(wildcard samples/book.yaml tests/books/*/book.yaml tests/fail/*/book.yaml \
	tests/regress/*.yaml)

fuzz-build: $(patsubst %,$(FUZZ_DIR)/fuzz_%,$(FUZZ_TARGETS))

# The library objects carry coverage hooks (fuzzer-no-link); the targets link the runtime.
$(FUZZ_DIR)/obj/%.o: src/%.c
	@mkdir -p $(@D)
	$(call say,CC,$<)$(FUZZ_CC) $(FUZZ_CFLAGS) -fsanitize=fuzzer-no-link -MMD -MP -Isrc -c -o $@ $<

$(FUZZ_DIR)/templates.c: tools/embed-templates.sh $(TEMPLATES)
	@mkdir -p $(@D)
	$(call say,GEN,$@)sh tools/embed-templates.sh $(TEMPLATES) > $@.tmp && mv $@.tmp $@

$(FUZZ_DIR)/obj/templates.o: $(FUZZ_DIR)/templates.c
	@mkdir -p $(@D)
	$(call say,CC,$<)$(FUZZ_CC) $(FUZZ_CFLAGS) -Isrc -c -o $@ $<

$(FUZZ_DIR)/obj/fuzz_%.o: fuzz/fuzz_%.c
	@mkdir -p $(@D)
	$(call say,CC,$<)$(FUZZ_CC) $(FUZZ_CFLAGS) -fsanitize=fuzzer-no-link -MMD -MP -Isrc -c -o $@ $<

$(FUZZ_DIR)/fuzz_%: $(FUZZ_DIR)/obj/fuzz_%.o $(FUZZ_LIBOBJS)
	$(call say,LD,$@)$(FUZZ_CC) $(FUZZ_SANITIZE) -fsanitize=fuzzer -o $@ $^ $(FUZZ_LDLIBS)

# Seed corpora, rebuilt from the test inputs; the front matter of articles seeds book.yaml too.
$(FUZZ_DIR)/seeds: $(FUZZ_SEED_MD) $(FUZZ_SEED_YAML) mk/fuzz.mk
	rm -rf $@ && mkdir -p $@/article $@/book_yaml
	@for f in $(FUZZ_SEED_MD); do \
		name=$$(echo "$$f" | tr '/ ' '__'); \
		cp "$$f" "$@/article/$$name"; \
		awk 'NR == 1 && $$0 != "---" { exit } \
		    NR > 1 && ($$0 == "---" || $$0 == "...") { exit } \
		    NR > 1 { print }' "$$f" > "$@/book_yaml/front-matter-$$name"; \
	done
	@for f in $(FUZZ_SEED_YAML); do cp "$$f" "$@/book_yaml/$$(echo "$$f" | tr '/ ' '__')"; done
	@find $@ -type f -empty -delete
	@touch $@

$(FUZZ_DIR)/article.dict: mk/fuzz.mk
	$(shell mkdir -p $(@D))$(file > $@,$(FUZZ_ARTICLE_DICT))

$(FUZZ_DIR)/book_yaml.dict: mk/fuzz.mk
	$(shell mkdir -p $(@D))$(file > $@,$(FUZZ_BOOK_YAML_DICT))

# Tokens the mutator would take long to guess (libFuzzer -dict syntax), kept here so that
# fuzz/ holds only the targets.
define FUZZ_ARTICLE_DICT
"---"
"..."
"> "
"- "
"1. "
"**"
"__"
"```"
"~~~"
"[x]: /u"
"]("
"!["
"](a.png)"
"](sub/b.md#intro)"
"](#x)"
"<!--"
"-->"
"<![CDATA["
"<?"
"&amp;"
"&#0;"
"&#xD800;"
"\x00"
"\x0d"
"\xef\xbb\xbf"
"<script>"
"<iframe src="
"<object data="
"<embed src="
"<form>"
"<input>"
"<style>"
"<svg>"
"\x0a<svg viewBox=\"0 0 9 9\">\x0a"
"\x0a</svg>\x0a"
"<foreignObject>"
" xmlns=\"http://www.w3.org/1999/xhtml\""
"<set attributeName=\"href\" to=\"javascript:x\"/>"
" xlink:href="
"<math>"
"<table>"
"<tr>"
"<td>"
"<caption>"
"<colgroup>"
"<col>"
"<dl>"
"<dt>"
"<dd>"
"<ruby>"
"<rt>"
"<rp>"
"<figure>"
"<figcaption>"
"<details>"
"<summary>"
"<bdo dir=rtl>"
"<time>"
"<a href="
"<img src="
"<div>"
"<p>"
"<h1>"
"<br>"
"<li>"
"<ul>"
"<ol start="
" onclick="
" ONERROR="
"javascript:"
"java\x09script:"
"JaVaScRiPt:"
"data:"
"vbscript:"
" href="
" src="
" id="
" lang="
" xml:lang="
" xmlns="
" xmlns:x="
" x:y="
"title: "
"author: "
"authors: "
"date: "
"lang: "
"location: "
"subtitle: "
"2024-02-30"
endef

define FUZZ_BOOK_YAML_DICT
"---"
"..."
"&a "
"*a"
"<<: "
"!!str"
"!!map"
"!!seq"
"!!binary"
"!tag"
"%YAML 1.1"
"%TAG ! x:"
"? "
": "
"- "
"{"
"}"
"["
"]"
"|-"
">+"
"\x22"
"'"
"~"
"null"
"true"
"title"
"subtitle"
"creator"
"creators"
"author"
"authors"
"editor"
"editors"
"publisher"
"language"
"identifier"
"identifier-scheme"
"date"
"description"
"rights"
"articles"
"name"
"role"
"file-as"
"urn:uuid:"
"https://"
"978-3-16-148410-0"
"\x00"
"\x09"
"\x0d\x0a"
"\xef\xbb\xbf"
endef

# One target: fresh findings go to the corpus in build/fuzz/corpus/NAME, crashes to
# build/fuzz/artifacts/; libFuzzer exits non-zero on any crash, leak or timeout.
FUZZ_RUN = mkdir -p $(FUZZ_DIR)/corpus/$* $(FUZZ_DIR)/artifacts && \
	$(FUZZ_DIR)/fuzz_$* $(FUZZ_OPTIONS) -dict=$(FUZZ_DIR)/$*.dict \
	-artifact_prefix=$(FUZZ_DIR)/artifacts/$*- -print_final_stats=1 \
	-max_total_time=$(1) $(FUZZ_DIR)/corpus/$* $(FUZZ_DIR)/seeds/$*

fuzz-run-%: $(FUZZ_DIR)/fuzz_% $(FUZZ_DIR)/seeds $(FUZZ_DIR)/%.dict
	$(call FUZZ_RUN,$(FUZZ_SECONDS))

fuzz-smoke-run-%: $(FUZZ_DIR)/fuzz_% $(FUZZ_DIR)/seeds $(FUZZ_DIR)/%.dict
	$(call FUZZ_RUN,60)

fuzz: $(patsubst %,fuzz-run-%,$(FUZZ_TARGETS))
fuzz-smoke: $(patsubst %,fuzz-smoke-run-%,$(FUZZ_TARGETS))

-include $(wildcard $(FUZZ_DIR)/obj/*.d)

.PHONY: fuzz fuzz-smoke fuzz-build
