# mk/reader.mk - make reader-test: the books rendered by a real EPUB reading engine (epub.js from
# npm) in Debian's headless Chromium; included by the Makefile, which defines BUILD.
#
#   make reader-deps          once per machine: Debian's chromium and fonts, then npm ci
#   make reader-test          builds the sample book and the nested fixture, renders every spine
#                             item at 600x800 and 390x844, checks images, TOC and links
#   make reader-screenshots   reader-test, then copies three pictures into docs/screenshots/
#
# Everything is served from 127.0.0.1; Chromium is the one at /usr/bin/chromium (CHROMIUM=...
# to change), never one that npm downloads.  Screenshots of every page land in build/reader/.

READER_DIR     := tests/reader
READER_OUT     := build/reader
READER_STAMP   := $(READER_DIR)/node_modules/.package-lock.json
READER_BOOKS   := samples:samples nested:tests/books/nested
READER_DEBIAN  := chromium fonts-liberation fonts-dejavu-core

reader-deps: $(READER_STAMP)
	test -x /usr/bin/chromium \
	|| DEBIAN_FRONTEND=noninteractive apt-get install -y $(READER_DEBIAN) \
	|| { apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y $(READER_DEBIAN); }

# npm ci (no browser download) whenever the lockfile is newer than the installed tree.
$(READER_STAMP): $(READER_DIR)/package.json $(READER_DIR)/package-lock.json
	cd $(READER_DIR) && PUPPETEER_SKIP_DOWNLOAD=1 npm ci --no-audit --no-fund

# The books are compiled afresh on every run, with their --dump beside them.
reader-test: $(READER_STAMP) $(BUILD)/kagama-epub
	@test -x "$${CHROMIUM:-/usr/bin/chromium}" \
	|| { echo "reader-test: no $${CHROMIUM:-/usr/bin/chromium}: run make reader-deps" >&2; exit 1; }
	@mkdir -p $(READER_OUT)
	$(foreach book,$(READER_BOOKS),$(BUILD)/kagama-epub -q $(lastword $(subst :, ,$(book))) \
		-o $(READER_OUT)/$(firstword $(subst :, ,$(book))).epub && \
	$(BUILD)/kagama-epub $(lastword $(subst :, ,$(book))) --dump \
		> $(READER_OUT)/$(firstword $(subst :, ,$(book))).dump && ) true
	node $(READER_DIR)/reader-test.mjs --out $(READER_OUT) $(foreach book,$(READER_BOOKS),\
		$(firstword $(subst :, ,$(book))):$(READER_OUT)/$(firstword $(subst :, ,$(book))).epub:$(READER_OUT)/$(firstword $(subst :, ,$(book))).dump)

# Refreshes the pictures in docs/screenshots/ on purpose: review them before committing.
reader-screenshots: reader-test
	@mkdir -p docs/screenshots
	for shot in $(READER_OUT)/samples/docs/*.png; do \
		cp "$$shot" "docs/screenshots/samples-$${shot##*/}" || exit 1; \
	done

.PHONY: reader-deps reader-test reader-screenshots
