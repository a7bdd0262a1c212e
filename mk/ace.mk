# mk/ace.mk - the accessibility proof: Ace by DAISY over the books kagama-epub builds (make ace).
# Included by the Makefile; `make ace-deps` first installs Debian's chromium, zip and unzip, node 18 or
# later (mk/node.mk) and the pinned npm packages.
ACE_DIR := tests/ace

# Debian's chromium (Ace drives it through puppeteer), then Ace itself from package-lock.json;
# puppeteer must not fetch a browser of its own (.npmrc also skips its install script).
# zip and unzip plant the canary (run-ace.sh); a fresh Debian 12 has neither.
ACE_DEBIAN := chromium zip unzip

ace-deps: $(ACE_DIR)/node_modules/.package-lock.json
	sh tools/apt-install.sh $(ACE_DEBIAN)

# With Debian's node and npm if there is no other (mk/node.mk).
$(ACE_DIR)/node_modules/.package-lock.json: $(ACE_DIR)/package.json $(ACE_DIR)/package-lock.json \
    $(ACE_DIR)/.npmrc | node-deps
	cd $(ACE_DIR) && PUPPETEER_SKIP_DOWNLOAD=1 npm ci --no-audit --no-fund
	touch $@

# Builds the sample anthology and the fixture books into build/ace/ and fails on any violation.
ace: $(BUILD)/kagama-epub
	PUPPETEER_EXECUTABLE_PATH=/usr/bin/chromium sh $(ACE_DIR)/run-ace.sh $(BUILD)/kagama-epub

.PHONY: ace ace-deps
