#!/bin/bash
# bench/search.sh BUILD_DIR — search latency on a generated site of 100,000 items.
#
# In a temp dir: `pressroom init`, then BUILD/search_direct generates the items straight
# into SQLite (English and Russian, 2 % drafts, 1 % scheduled; the triggers index them).
# For a fixed set of queries it prints, side by side:
#   direct  the store's search function (ranked page of 10, count, snippets) in-process,
#           mean of BENCH_SEARCH_REPS runs — the same FTS5 queries on the same file;
#   server  GET /search?q=... through `pressroom serve` (wrk, 1 connection, keep-alive:
#           mean latency = 1 / requests per second), the whole page made and sent;
#   ratio   server / direct (target <= 1.5x);
#   LIKE    the same words as a LIKE scan over title, lead and body, newest 10 + count
#           (what WordPress does), mean of BENCH_LIKE_REPS runs;
# and the server's memory (VmRSS, VmHWM) with the 100,000 items, after the searches.
#
# Environment (all optional):
#   BENCH_SEARCH_ITEMS=100000   items generated
#   BENCH_SEARCH_SECONDS=3      wrk run per query
#   BENCH_SEARCH_REPS=50        direct runs per query
#   BENCH_LIKE_REPS=3           LIKE runs per query
#   BENCH_SEARCH_DB=FILE        reuse (or keep) the generated site at FILE
#   BENCH_KEEP=0                1: keep the temp dir
set -euo pipefail

BUILD=${1:-build}
case $BUILD in /*) ;; *) BUILD=$PWD/$BUILD ;; esac
PRESSROOM=$BUILD/pressroom
DIRECT=$BUILD/search_direct
ITEMS=${BENCH_SEARCH_ITEMS:-100000}
SECS=${BENCH_SEARCH_SECONDS:-3}
REPS=${BENCH_SEARCH_REPS:-50}
LIKE_REPS=${BENCH_LIKE_REPS:-3}
KEEP=${BENCH_KEEP:-0}
TARGET=1.5

die() { echo "bench/search: $*" >&2; exit 1; }
for n in ITEMS SECS REPS LIKE_REPS; do
	[[ ${!n} =~ ^[1-9][0-9]*$ ]] || die "$n=${!n}: expected a positive number"
done
[ -x "$PRESSROOM" ] || die "$PRESSROOM not found (run make first)"
[ -x "$DIRECT" ] || die "$DIRECT not found (make $BUILD/search_direct)"
command -v wrk >/dev/null || die "wrk not found (Debian: apt-get install wrk)"
command -v python3 >/dev/null || die "python3 not found"

QUERIES=(
	'marevo'
	'корвесс'
	'lighthouse'
	'sanction'
	'embassy'
	'"trade agreement"'
	'consul*'
	'visa passport'
	'заявление'
	'"посольство сообщает"'
)

T=$(mktemp -d "${TMPDIR:-/tmp}/pressroom-search-bench.XXXXXX")
PR_PID=""
cleanup() {
	local rc=$?
	[ -n "$PR_PID" ] && kill "$PR_PID" 2>/dev/null && wait "$PR_PID" 2>/dev/null
	if [ "$KEEP" = 1 ]; then echo "bench/search: kept $T" >&2; else rm -rf "$T"; fi
	return $rc
}
trap cleanup EXIT
trap 'exit 130' INT TERM

DB=${BENCH_SEARCH_DB:-$T/site.db}
echo
echo "== search: $ITEMS generated items (English 60 %, Russian 40 %)"
if [ -s "$DB" ]; then
	echo "site:      $DB (reused)"
else
	"$PRESSROOM" --db "$DB" init >/dev/null
	"$PRESSROOM" --db "$DB" config per_page 10 >/dev/null
	t0=$(date +%s.%N)
	"$DIRECT" generate "$DB" "$ITEMS"
	t1=$(date +%s.%N)
	echo "generated: $(awk -v a="$t0" -v b="$t1" 'BEGIN{printf "%.1f", b-a}') s (insert + index in one transaction, then optimize)"
fi
echo "machine:   $(nproc) CPUs, $(awk -F': *' '/^model name/ {print $2; exit}' /proc/cpuinfo), load average $(cut -d' ' -f1-3 /proc/loadavg) at start"
echo "file:      $(du -m "$DB" | cut -f1) MB ($(ls -l "$DB" | awk '{print $5}') bytes)"

PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
"$PRESSROOM" --db "$DB" serve --listen "127.0.0.1:$PORT" --quiet --threads 2 >"$T/server.log" 2>&1 &
PR_PID=$!
for _ in $(seq 200); do
	curl -fsS -o /dev/null "http://127.0.0.1:$PORT/" 2>/dev/null && break
	kill -0 "$PR_PID" 2>/dev/null || { cat "$T/server.log" >&2; die "server exited at start"; }
	sleep 0.05
done
rss() { awk '/^VmRSS/ {r=$2} /^VmHWM/ {h=$2} END {printf "%.1f MB (peak %.1f MB)", r/1024, h/1024}' "/proc/$PR_PID/status"; }
RSS_START=$(rss)

enc() { python3 -c 'import sys, urllib.parse; print(urllib.parse.quote(sys.argv[1]))' "$1"; }

echo
printf '%-24s %8s %11s %11s %7s %7s %11s %9s\n' "query" "hits" "direct ms" "server ms" "ratio" "target" "LIKE ms" "LIKE/fts"
worst=0
for q in "${QUERIES[@]}"; do
	# Direct, LIKE and server for one query back to back, so that other load on the
	# machine falls on all three alike.
	IFS=$'\t' read -r _ hits dms < <("$DIRECT" fts "$DB" "$REPS" "$q")
	IFS=$'\t' read -r _ lhits lms < <("$DIRECT" like "$DB" "$LIKE_REPS" "$q")
	url="http://127.0.0.1:$PORT/search?q=$(enc "$q")"
	# The page must say the same number of results as the direct run.
	page=$(curl -fsS "$url") || die "GET $url failed"
	shown=$(printf '%s' "$page" | grep -o '[0-9]* results\? for' | head -1 | cut -d' ' -f1)
	[ "${shown:-0}" = "$hits" ] || die "$q: the page says ${shown:-no} results, direct $hits"
	wrk -t1 -c1 -d"${SECS}s" "$url" >"$T/wrk.txt" 2>&1 || { cat "$T/wrk.txt" >&2; die "wrk failed"; }
	grep -q 'Non-2xx' "$T/wrk.txt" && { cat "$T/wrk.txt" >&2; die "non-2xx answers for $q"; }
	rps=$(awk '/Requests\/sec:/ {print $2}' "$T/wrk.txt")
	read -r sms ratio ok lr < <(awk -v r="$rps" -v d="$dms" -v l="$lms" -v t="$TARGET" 'BEGIN {
		s = 1000 / r; q = s / d
		printf "%.3f %.2f %s %.0f\n", s, q, (q <= t ? "ok" : "ABOVE"), l / d }')
	[ "$ok" = ok ] || worst=1
	printf '%-24s %8s %11s %11s %6sx %7s %11s %8sx\n' "$q" "$hits" "$dms" "$sms" "$ratio" "$ok" "$lms" "$lr"
	[ "$lhits" = "$hits" ] || printf '%-24s %8s\n' "  (LIKE matched)" "$lhits"
done
echo
echo "server memory with $ITEMS items: at start $RSS_START; after the searches $(rss)"
echo "ratio = server / direct mean latency; target <= ${TARGET}x. LIKE matches substrings and does"
echo "not stem, so its hit count differs where shown."
[ "$worst" = 0 ] || echo "the server is above the target on at least one query."
exit 0
