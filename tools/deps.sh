#!/bin/sh
# Installs the Debian packages pressroom builds, tests and benchmarks with, when they
# are missing and we are root; otherwise says which are missing.
set -e
PKGS="build-essential clang pkg-config libmicrohttpd-dev libsqlite3-dev libmd4c-dev
libyaml-dev libsodium-dev libcurl4-openssl-dev libxml2-dev libstemmer-dev gettext tzdata
curl sqlite3 python3 python3-feedparser python3-html5lib nginx-light wrk chromium"
missing=""
for p in $PKGS; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing="$missing $p"
done
[ -z "$missing" ] && exit 0
if [ "$(id -u)" = 0 ]; then
	echo "installing:$missing"
	apt-get update -qq
	DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $missing >/dev/null
else
	echo "missing Debian packages:$missing" >&2
	echo "run 'sudo make deps' or: sudo apt-get install$missing" >&2
	exit 1
fi
