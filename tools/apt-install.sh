#!/bin/sh
# apt-install.sh - installs Debian packages for `make deps` / `make build-deps`: nothing happens
# (and root is not needed) when every one is already installed; otherwise apt-get install without
# recommends, and one apt-get update and retry when the package lists are stale or missing.
# Usage: tools/apt-install.sh PACKAGE...
set -u
missing=
for package in "$@"; do
	status=$(dpkg-query -W -f='${db:Status-Abbrev}' "$package" 2>/dev/null)
	case $status in
	ii*) ;;
	*) missing="$missing $package" ;;
	esac
done
if [ -z "$missing" ]; then
	echo "deps: all $# packages are installed"
	exit 0
fi
echo "deps: installing$missing"
export DEBIAN_FRONTEND=noninteractive
# shellcheck disable=SC2086
apt-get install -y --no-install-recommends $missing ||
	{ apt-get update && apt-get install -y --no-install-recommends $missing; }
