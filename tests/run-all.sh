#!/bin/bash
# Every test of pressroom: the C unit tests, the golden files, then the real server
# and the CLI driven by real clients. Each part prints its own "N passed, N failed";
# this adds them up and ends with one such line. Exits 1 if anything failed.
# usage: tests/run-all.sh BUILD_DIR   (e.g. build or build/asan)
set -u
BUILD=${1:?usage: tests/run-all.sh BUILD_DIR}
HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(dirname "$HERE")
PY=/usr/bin/python3     # Debian's python: python3-feedparser and python3-html5lib

TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT

total_pass=0
total_fail=0
start=$(date +%s)

# part NAME COMMAND...: runs one part, shows its output, adds its summary line.
part() {
	local name=$1
	shift
	echo "== $name"
	local t0=$(date +%s)
	"$@" 2>&1 | tee "$TMP/out"
	local rc=${PIPESTATUS[0]}
	local line
	line=$(grep -E '^[0-9]+ passed, [0-9]+ failed$' "$TMP/out" | tail -n 1)
	if [ -z "$line" ]; then
		echo "FAIL $name: exited $rc without a summary line"
		total_fail=$((total_fail + 1))
		return
	fi
	local p=${line%% passed*} f=${line#*passed, }
	f=${f%% failed}
	total_pass=$((total_pass + p))
	total_fail=$((total_fail + f))
	if [ "$rc" != 0 ] && [ "$f" = 0 ]; then
		echo "FAIL $name: exited $rc although it reported no failure"
		total_fail=$((total_fail + 1))
	fi
	echo "-- $name: $line ($(( $(date +%s) - t0 )) s)"
}

if [ ! -x "$BUILD/pressroom" ] || [ ! -x "$BUILD/unit" ]; then
	echo "FAIL setup: $BUILD/pressroom and $BUILD/unit must be built first (make test)"
	echo "0 passed, 1 failed"
	exit 1
fi

BUILD=$(cd "$BUILD" && pwd)
cd "$ROOT"
part unit "$BUILD/unit"
part golden "$HERE/golden.sh" "$BUILD"
part http "$PY" "$HERE/http/test_site.py" "$BUILD"
part e2e "$HERE/e2e/run.sh" "$BUILD"
part syndicate "$PY" "$HERE/http/test_syndicate.py" "$BUILD"
part import-export "$PY" "$HERE/http/test_import_export.py" "$BUILD"
part media-meta "$PY" "$HERE/http/test_media_meta.py" "$BUILD"
part search "$PY" "$HERE/http/test_search.py" "$BUILD"
part lang "$PY" "$HERE/http/test_lang.py" "$BUILD"
part browser "$HERE/browser/test_clock.sh" "$BUILD"
part xss "$HERE/xss/run.sh" "$BUILD"
part crash "$HERE/crash/run.sh" "$BUILD"
part fuzz-replay "$HERE/fuzz/replay.sh" "$BUILD"
part load "$HERE/load/run.sh" "$BUILD"

echo "== all parts in $(( $(date +%s) - start )) s"
echo "$total_pass passed, $total_fail failed"
[ "$total_fail" = 0 ]
