# mk/node.mk - node and npm for the suites run with npm packages (mk/reader.mk, mk/ace.mk);
# included by the Makefile.  `make node-deps` (a step of reader-deps and ace-deps) installs
# Debian 12's own nodejs (18) and npm through tools/apt-install.sh, unless a node of NODE_MIN or
# later and an npm are on PATH already: NodeSource's nodejs, for one, conflicts with Debian's npm
# package, and apt would remove it.  Not in `make deps`: make check runs no node.
NODE_DEBIAN := nodejs npm
NODE_MIN    := 18

node-deps:
	@if command -v node > /dev/null && command -v npm > /dev/null && \
	    [ "$$(node -p 'process.versions.node.split(".")[0]')" -ge $(NODE_MIN) ]; then \
		echo "node-deps: node $$(node --version) and npm $$(npm --version) will do"; \
	else \
		sh tools/apt-install.sh $(NODE_DEBIAN); \
	fi

.PHONY: node-deps
