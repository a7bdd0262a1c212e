# mk/reader.mk - make reader-test: the books read by real reading systems: epub.js from npm in
# Debian's headless Chromium, then MuPDF and calibre (tests/reader/matrix.py); included by the
# Makefile, which defines BUILD.
#
#   make reader-deps          once per machine: Debian's chromium, mupdf-tools, calibre, fonts,
#                             FBReader, Foliate and Xvfb (for the screenshots), node 18 or later
#                             (Debian 12's nodejs and npm if there is none: mk/node.mk), npm ci
#   make reader-test          epub.js renders every spine item of samples/, the nested fixture,
#                             the long-title book and the long report (cut into continuation
#                             files) at 600x800 and 390x844 and checks images, TOC and links;
#                             then MuPDF and calibre read samples/, every fixture
#                             in tests/books/ and the long-title book (tests/reader/matrix.py)
#   make reader-screenshots   reader-test, then copies pictures into docs/screenshots/: epub.js
#                             pages, the AZW3 cover calibre extracts, MuPDF pages, and FBReader
#                             and Foliate windows under Xvfb (tests/reader/screens.sh; not in CI)
#
# Everything is served from 127.0.0.1; Chromium is the one at /usr/bin/chromium (CHROMIUM=...
# to change), never one that npm downloads.  Screenshots of every page land in build/reader/.

READER_DIR     := tests/reader
READER_OUT     := build/reader
READER_STAMP   := $(READER_DIR)/node_modules/.package-lock.json
READER_BOOKS   := samples:samples nested:tests/books/nested long-title:tests/reader/books/long-title \
	long-report:tests/books/long-report
# MuPDF and calibre read every book; a book without a cover: in book.yaml has a drawn one.
MATRIX_BOOKS   := samples:samples $(foreach dir,$(sort $(wildcard tests/books/*)),\
	$(notdir $(dir)):$(dir)) long-title:tests/reader/books/long-title
READER_DEBIAN  := chromium fonts-liberation fonts-dejavu-core fonts-droid-fallback \
	mupdf-tools calibre python3 libvips-tools xvfb xauth xdotool fbreader foliate

reader-deps: $(READER_STAMP)
	test -x /usr/bin/chromium && command -v mutool ebook-convert fbreader foliate xvfb-run vips \
	> /dev/null \
	|| DEBIAN_FRONTEND=noninteractive apt-get install -y $(READER_DEBIAN) \
	|| { apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y $(READER_DEBIAN); }

# npm ci (no browser download) whenever the lockfile is newer than the installed tree, with
# Debian's node and npm if there is no other (mk/node.mk).
$(READER_STAMP): $(READER_DIR)/package.json $(READER_DIR)/package-lock.json | node-deps
	cd $(READER_DIR) && PUPPETEER_SKIP_DOWNLOAD=1 npm ci --no-audit --no-fund

# The books are compiled afresh on every run, with their --dump beside them.
reader-test: $(READER_STAMP) $(BUILD)/kagama-epub
	@test -x "$${CHROMIUM:-/usr/bin/chromium}" \
	|| { echo "reader-test: no $${CHROMIUM:-/usr/bin/chromium}: run make reader-deps" >&2; exit 1; }
	@command -v mutool ebook-convert ebook-meta vips > /dev/null \
	|| { echo "reader-test: no mutool, ebook-convert or vips: run make reader-deps" >&2; exit 1; }
	@mkdir -p $(READER_OUT)
	$(foreach book,$(MATRIX_BOOKS),$(BUILD)/kagama-epub -q $(lastword $(subst :, ,$(book))) \
		-o $(READER_OUT)/$(firstword $(subst :, ,$(book))).epub && \
	$(BUILD)/kagama-epub $(lastword $(subst :, ,$(book))) --dump \
		> $(READER_OUT)/$(firstword $(subst :, ,$(book))).dump && ) true
	node $(READER_DIR)/reader-test.mjs --out $(READER_OUT) $(foreach book,$(READER_BOOKS),\
		$(firstword $(subst :, ,$(book))):$(READER_OUT)/$(firstword $(subst :, ,$(book))).epub:$(READER_OUT)/$(firstword $(subst :, ,$(book))).dump)
	python3 $(READER_DIR)/matrix.py --out $(READER_OUT) $(foreach book,$(MATRIX_BOOKS),\
		$(firstword $(subst :, ,$(book))):$(READER_OUT)/$(firstword $(subst :, ,$(book))).epub$(if \
		$(shell grep -s '^cover:' $(lastword $(subst :, ,$(book)))/book.yaml),,:drawn))

# Refreshes the pictures in docs/screenshots/ on purpose: review them before committing.
reader-screenshots: reader-test
	@mkdir -p docs/screenshots
	for shot in $(READER_OUT)/samples/docs/*.png; do \
		cp "$$shot" "docs/screenshots/samples-$${shot##*/}" || exit 1; \
	done
	sh $(READER_DIR)/screens.sh $(READER_OUT) docs/screenshots

.PHONY: reader-deps reader-test reader-screenshots
