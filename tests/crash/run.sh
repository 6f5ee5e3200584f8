#!/bin/bash
# Crash safety (issue 6), the short run of `make check`: SIGKILLs under writers
# (kill.py), faults (faults.sh), backups under load (backup_load.py). `make harden`
# runs the same with CRASH_ROUNDS=200, FAULT_SWEEP=full and a bigger site.
# usage: tests/crash/run.sh BUILD_DIR      Ends with one "N passed, N failed" line.
set -u
BUILD=${1:?usage: tests/crash/run.sh BUILD_DIR}
HERE=$(cd "$(dirname "$0")" && pwd)
PY=/usr/bin/python3
OUT=$(mktemp)
trap 'rm -f "$OUT"' EXIT
pass=0
fail=0
for t in "$PY $HERE/kill.py" "$HERE/faults.sh" "$PY $HERE/backup_load.py"; do
	name=$(basename "${t##* }")
	echo "-- $name"
	t0=$SECONDS
	$t "$BUILD" 2>&1 | tee "$OUT"
	rc=${PIPESTATUS[0]}
	line=$(grep -E '^[0-9]+ passed, [0-9]+ failed$' "$OUT" | tail -n 1)
	if [ -z "$line" ]; then
		echo "FAIL $name: exited $rc without a summary line"
		fail=$((fail + 1))
		continue
	fi
	p=${line%% passed*}
	f=${line#*passed, }
	f=${f%% failed}
	pass=$((pass + p))
	fail=$((fail + f))
	[ "$rc" != 0 ] && [ "$f" = 0 ] && { echo "FAIL $name: exited $rc"; fail=$((fail + 1)); }
	echo "-- $name: $((SECONDS - t0)) s"
done
echo "$pass passed, $fail failed"
[ "$fail" = 0 ]
