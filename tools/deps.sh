#!/bin/sh
# Installs the Debian packages pressroom builds, tests and benchmarks with, when they
# are missing and we are root; otherwise says which are missing.
set -e
PKGS="locales build-essential clang libclang-rt-dev pkg-config libmicrohttpd-dev libsqlite3-dev libmd4c-dev
libyaml-dev libsodium-dev libcurl4-openssl-dev libxml2-dev libstemmer-dev gettext tzdata
curl sqlite3 python3 python3-feedparser python3-html5lib nginx-light wrk slowhttptest iproute2 chromium hugo jekyll time"
# Node.js runs the browser tests (playwright-core); a machine may already have it
# from elsewhere (NodeSource's nodejs bundles npm and conflicts with Debian's npm).
command -v node >/dev/null 2>&1 || PKGS="$PKGS nodejs"
command -v npm >/dev/null 2>&1 || PKGS="$PKGS npm"
missing=""
for p in $PKGS; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing="$missing $p"
done
if [ -n "$missing" ]; then
	if [ "$(id -u)" = 0 ]; then
		echo "installing:$missing"
		apt-get update -qq
		DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $missing >/dev/null
	else
		echo "missing Debian packages:$missing" >&2
		echo "run 'sudo make deps' or: sudo apt-get install$missing" >&2
		exit 1
	fi
fi
# The interface language of a page is chosen per request with uselocale(), which
# needs the language's locale to exist (see src/base/i18n.h): one per catalogue in po/.
LOCALES="en_GB.UTF-8 ru_RU.UTF-8"
gen=""
for l in $LOCALES; do
	# `locale -a` spells them ru_RU.utf8
	locale -a 2>/dev/null | grep -qix "$(echo "$l" | sed 's/UTF-8/utf8/')" || gen="$gen $l"
done
[ -z "$gen" ] && exit 0
if [ "$(id -u)" = 0 ]; then
	echo "generating locales:$gen"
	for l in $gen; do
		grep -q "^$l UTF-8" /etc/locale.gen 2>/dev/null ||
			echo "$l UTF-8" >>/etc/locale.gen
	done
	locale-gen >/dev/null
else
	echo "missing locales:$gen (Russian pages would show English interface text)" >&2
	echo "run 'sudo make deps', or add them to /etc/locale.gen and run locale-gen" >&2
	exit 1
fi
