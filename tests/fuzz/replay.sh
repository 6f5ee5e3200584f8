#!/bin/bash
# The fuzz part of `make check`: replays every file of tests/fuzz/corpus/NAME and
# tests/fuzz/crashes/NAME through BUILD/replay-NAME (the target linked without
# libFuzzer; with ASan+UBSan in the build/asan pass). One test per target: it
# passes when every input ran clean. Ends with "N passed, N failed".
# usage: tests/fuzz/replay.sh BUILD_DIR
set -u
BUILD=${1:?usage: tests/fuzz/replay.sh BUILD_DIR}
HERE=$(cd "$(dirname "$0")" && pwd)
pass=0
fail=0
for src in "$HERE"/fuzz_*.c; do
	t=$(basename "$src" .c)
	t=${t#fuzz_}
	bin=$BUILD/replay-$t
	if [ ! -x "$bin" ]; then
		echo "FAIL fuzz $t: $bin not built (make test builds it)"
		fail=$((fail + 1))
		continue
	fi
	if out=$("$bin" "$HERE/corpus/$t" "$HERE/crashes/$t" 2>&1); then
		echo "ok   fuzz $t: ${out##*: }"
		pass=$((pass + 1))
	else
		echo "$out" | tail -n 30
		echo "FAIL fuzz $t (REPLAY_VERBOSE=1 $bin tests/fuzz/corpus/$t tests/fuzz/crashes/$t names each input)"
		fail=$((fail + 1))
	fi
done
echo "$pass passed, $fail failed"
[ "$fail" = 0 ]
