# man.mk - the manual page and the bash completion: `make man-help` (both in step with --help),
# installing the completion, `make install-test` and `make init-test`.  Included by the Makefile.
COMPLETIONDIR ?= $(PREFIX)/share/bash-completion/completions
# Where install-test installs, inside a temporary DESTDIR; every directory variable is given so
# that none comes from the caller's command line.
INSTALL_TEST_DIRS := PREFIX=/usr/local BINDIR=/usr/local/bin MANDIR=/usr/local/share/man \
	COMPLETIONDIR=/usr/local/share/bash-completion/completions INSTALL_STRIP=-s

CHECK_PROGRAMS += man mandoc readelf

# Every long option of --help described under OPTIONS and offered by the completion, every key
# of src/config.c and src/article.c under FILES, and mandoc -Tlint clean.
man-help: $(BUILD)/kagama-epub
	sh tests/man-help.sh $(BUILD)/kagama-epub

install: install-completion
uninstall: uninstall-completion

install-completion:
	install -d $(DESTDIR)$(COMPLETIONDIR)
	install -m 644 completion/kagama-epub.bash $(DESTDIR)$(COMPLETIONDIR)/kagama-epub

uninstall-completion:
	rm -f $(DESTDIR)$(COMPLETIONDIR)/kagama-epub

# Installs into a temporary DESTDIR (the binary must be stripped), builds the samples with the installed binary from another
# folder (so the templates must be the embedded ones), renders the installed page with man -l,
# sources the completion, then uninstalls and checks that no file is left.
install-test: kagama-epub
	@set -eu; \
	dest=$$(mktemp -d "$${TMPDIR:-/tmp}/kagama-install.XXXXXX"); \
	work=$$(mktemp -d "$${TMPDIR:-/tmp}/kagama-run.XXXXXX"); \
	trap 'rm -rf "$$dest" "$$work"' EXIT; \
	$(MAKE) --no-print-directory -s install DESTDIR="$$dest" $(INSTALL_TEST_DIRS); \
	bin=$$dest/usr/local/bin/kagama-epub; \
	page=$$dest/usr/local/share/man/man1/kagama-epub.1; \
	completion=$$dest/usr/local/share/bash-completion/completions/kagama-epub; \
	for f in "$$bin" "$$page" "$$completion"; do \
		test -f "$$f" || { echo "install-test: $$f was not installed" >&2; exit 1; }; \
	done; \
	if readelf -S "$$bin" | grep -q '\.symtab'; then \
		echo "install-test: $$bin was installed with its symbols, not stripped" >&2; exit 1; \
	fi; \
	(cd "$$work" && "$$bin" -q "$(CURDIR)/samples" -o x.epub) || \
		{ echo "install-test: the installed binary failed to build the samples" >&2; exit 1; }; \
	test -s "$$work/x.epub"; \
	man --warnings -l "$$page" >"$$work/page.txt" 2>"$$work/man.err"; \
	if [ -s "$$work/man.err" ] || ! grep -q 'KAGAMA-EPUB' "$$work/page.txt"; then \
		cat "$$work/man.err" >&2; echo "install-test: man -l cannot render $$page" >&2; exit 1; \
	fi; \
	bash -c '. "$$1" && complete -p kagama-epub >/dev/null' complete "$$completion" || \
		{ echo "install-test: the installed completion does not load" >&2; exit 1; }; \
	$(MAKE) --no-print-directory -s uninstall DESTDIR="$$dest" $(INSTALL_TEST_DIRS); \
	left=$$(find "$$dest" ! -type d); \
	if [ -n "$$left" ]; then echo "install-test: left after uninstall: $$left" >&2; exit 1; fi; \
	echo "install-test: installed stripped, ran from $$work, man -l rendered, uninstalled cleanly"

# The folder --init writes compiles without a warning into a book EPUBCheck accepts.  Skipped
# while the binary has no --init.
init-test: $(BUILD)/kagama-epub
	@set -eu; \
	if ! $(BUILD)/kagama-epub --help | grep -q -- '--init'; then \
		echo "init-test: skipped, $(BUILD)/kagama-epub has no --init"; exit 0; \
	fi; \
	work=$$(mktemp -d "$${TMPDIR:-/tmp}/kagama-init.XXXXXX"); \
	trap 'rm -rf "$$work"' EXIT; \
	$(BUILD)/kagama-epub --init "$$work/book"; \
	$(BUILD)/kagama-epub "$$work/book" -o "$$work/book.epub" 2>"$$work/stderr"; \
	sed -i '/^kagama-epub: wrote /d' "$$work/stderr"; \
	if [ -s "$$work/stderr" ]; then \
		cat "$$work/stderr" >&2; echo "init-test: the new book is not clean" >&2; exit 1; \
	fi; \
	java -jar /usr/share/java/epubcheck.jar -q "$$work/book.epub"; \
	if $(BUILD)/kagama-epub --init "$$work/book" 2>/dev/null; then \
		echo "init-test: --init wrote into a folder that is not empty" >&2; exit 1; \
	fi; \
	echo "init-test: --init wrote a book that compiles cleanly and passes EPUBCheck"

.PHONY: man-help install-completion uninstall-completion install-test init-test
