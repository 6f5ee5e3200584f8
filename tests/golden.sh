#!/bin/bash
# Golden files: the fixture items in tests/data/items rendered at a fixed time and
# compared with tests/golden/<name> (diff -u).
# usage: tests/golden.sh BUILD_DIR [--regen]
# Prints one line per page and ends with "N passed, N failed"; exits 1 if any failed.
set -u
BUILD=${1:?usage: tests/golden.sh BUILD_DIR [--regen]}
REGEN=0
[ "${2:-}" = "--regen" ] && REGEN=1
HERE=$(cd "$(dirname "$0")" && pwd)
BIN=$(cd "$BUILD" && pwd)/pressroom
GOLDEN=$HERE/golden
ITEMS=$HERE/data/items

# 2018-11-28 12:00:00 UTC: 'now' for the pages. (An added item's last change is its
# date: its file names no other, and the date is before now.)
export PRESSROOM_NOW=1543406400
export TZ=UTC LC_ALL=C.UTF-8

TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
DB=$TMP/golden.db

setup() {
	"$BIN" --db "$DB" init >/dev/null &&
	"$BIN" --db "$DB" config site_name "Embassy of Veloria (golden)" &&
	"$BIN" --db "$DB" config base_url https://press.example.org &&
	"$BIN" --db "$DB" config timezone Europe/London &&
	"$BIN" --db "$DB" config language en &&
	"$BIN" --db "$DB" config clocks "Moscow=Europe/Moscow,London=Europe/London" &&
	"$BIN" --db "$DB" config contact_email press@veloria.example &&
	"$BIN" --db "$DB" config contact_phone "+44 20 7946 0000" &&
	"$BIN" --db "$DB" config contact_address "1 Example Row, London" &&
	"$BIN" --db "$DB" add "$ITEMS"/*.md >/dev/null
}
if ! setup 2>"$TMP/setup.err"; then
	echo "FAIL golden setup: $(head -c 500 "$TMP/setup.err")"
	echo "0 passed, 1 failed"
	exit 1
fi

# name path
PAGES="
item-interview.html          /items/minister-interview-part-1
item-series-part-2.html      /items/minister-interview-part-2
item-media-reply.html        /items/reply-ferry-timetable
archive.html                 /archive
kind-interview.html          /kind/interview
month-2017-11.html           /archive/2017/11
series.html                  /series/minister-interview-2017
feed.rss                     /feed.rss
feed.atom                    /feed.atom
feed.json                    /feed.json
kind-interview-feed.atom     /kind/interview/feed.atom
sitemap.xml                  /sitemap.xml
robots.txt                   /robots.txt
home.html                    /
ru-home.html                 /ru/
ru-archive.html              /ru/archive
ru-month-2017-11.html        /ru/archive/2017/11
ru-item.html                 /ru/items/intervyu-ministra-chast-1
ru-fallback.html             /ru/items/minister-interview-part-2
ru-feed.rss                  /ru/feed.rss
"

passed=0
failed=0
mkdir -p "$GOLDEN"
while read -r name path; do
	[ -n "$name" ] || continue
	out=$TMP/$name
	if ! "$BIN" --db "$DB" page "$path" >"$out" 2>"$TMP/err"; then
		echo "FAIL golden $name: 'pressroom page $path' failed: $(head -c 300 "$TMP/err")"
		failed=$((failed + 1))
		continue
	fi
	if [ $REGEN = 1 ]; then
		cp "$out" "$GOLDEN/$name"
		echo "ok   golden $name (regenerated)"
		passed=$((passed + 1))
	elif [ ! -f "$GOLDEN/$name" ]; then
		echo "FAIL golden $name: no tests/golden/$name (run 'make regen')"
		failed=$((failed + 1))
	elif diff -u "$GOLDEN/$name" "$out" >"$TMP/diff"; then
		echo "ok   golden $name"
		passed=$((passed + 1))
	else
		echo "FAIL golden $name ($path) differs:"
		head -n 60 "$TMP/diff" | sed 's/^/    /'
		failed=$((failed + 1))
	fi
done <<<"$PAGES"

echo "$passed passed, $failed failed"
[ $failed = 0 ]
