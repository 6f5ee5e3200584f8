#!/bin/bash
# Runs libFuzzer targets one after the other (`make fuzz`; docs/fuzzing.md).
# Each runs for SECONDS on one core (-jobs=1 semantics: one process), starting from
# tests/fuzz/corpus/NAME; new inputs go to a scratch directory and are then merged
# into the corpus, so it only grows by inputs that add coverage. A crash, leak,
# timeout or out-of-memory is written to tests/fuzz/crashes/NAME/ (fix the bug and
# keep the file: make check replays it). Ends with "N passed, N failed".
# usage: tests/fuzz/run.sh BUILD_DIR SECONDS TARGET...
set -u
BUILD=${1:?usage: tests/fuzz/run.sh BUILD_DIR SECONDS TARGET...}
SECONDS_EACH=${2:?seconds}
shift 2
HERE=$(cd "$(dirname "$0")" && pwd)
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT

# The longest input worth trying per target.
max_len() {
	case $1 in
	auth) echo 256 ;;
	search) echo 512 ;;
	request) echo 1024 ;;
	markdown | frontmatter | form | page) echo 4096 ;;
	sanitize | plaintext) echo 8192 ;;
	feed | wxr | shortcode) echo 16384 ;;
	*) echo 4096 ;;
	esac
}

pass=0
fail=0
for t in "$@"; do
	bin=$BUILD/fuzz-$t
	corpus=$HERE/corpus/$t
	crashes=$HERE/crashes/$t
	new=$TMP/new-$t
	mkdir -p "$corpus" "$crashes" "$new"
	dict=()
	[ -f "$HERE/dict/$t.dict" ] && dict=(-dict="$HERE/dict/$t.dict")
	echo "== fuzz $t: ${SECONDS_EACH}s, -max_len=$(max_len "$t")"
	before=$(ls "$crashes" | wc -l)
	"$bin" -max_total_time="$SECONDS_EACH" -max_len="$(max_len "$t")" -timeout=10 \
		-rss_limit_mb=2048 -print_final_stats=1 -artifact_prefix="$crashes/" "${dict[@]}" \
		"$new" "$corpus" >"$TMP/log-$t" 2>&1
	rc=$?
	grep -E '^(stat::|Done|#[0-9]+.*DONE|SUMMARY|==[0-9]+==ERROR|.*invariant broken)' "$TMP/log-$t" | tail -n 12
	"$bin" -merge=1 -max_len="$(max_len "$t")" "$corpus" "$new" >"$TMP/merge-$t" 2>&1 ||
		echo "merge of $t failed (see the log above)"
	after=$(ls "$crashes" | wc -l)
	echo "-- $t: exit $rc, corpus $(ls "$corpus" | wc -l) files, crashes $before -> $after"
	if [ "$rc" = 0 ] && [ "$after" = "$before" ]; then
		pass=$((pass + 1))
	else
		tail -n 40 "$TMP/log-$t"
		fail=$((fail + 1))
	fi
done
echo "$pass passed, $fail failed"
[ "$fail" = 0 ]
