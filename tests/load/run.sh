#!/bin/bash
# Hostile load, all of it: the headers of every route, the wrk flood and the slow
# clients. Short by default (make check); make harden sets LOAD_SECONDS=60 and
# SLOW_SECONDS=120. Ends with one line "N passed, N failed"; exits 1 on failure.
# usage: tests/load/run.sh BUILD_DIR
set -u
BUILD=${1:?usage: tests/load/run.sh BUILD_DIR}
HERE=$(cd "$(dirname "$0")" && pwd)
pass=0
fail=0
for t in "/usr/bin/python3 $HERE/headers.py" "$HERE/flood.sh" "$HERE/slow.sh"; do
	echo "== load: ${t##*/}"
	out=$($t "$BUILD" 2>&1)
	rc=$?
	echo "$out"
	line=$(echo "$out" | grep -E '^[0-9]+ passed, [0-9]+ failed$' | tail -n 1)
	if [ -z "$line" ]; then
		echo "FAIL ${t##*/}: exited $rc without a summary line"
		fail=$((fail + 1))
		continue
	fi
	p=${line%% passed*}
	f=${line#*passed, }
	f=${f%% failed}
	pass=$((pass + p))
	fail=$((fail + f))
	if [ "$rc" != 0 ] && [ "$f" = 0 ]; then
		echo "FAIL ${t##*/}: exited $rc although it reported no failure"
		fail=$((fail + 1))
	fi
done
echo "$pass passed, $fail failed"
[ "$fail" = 0 ]
