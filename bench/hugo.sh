#!/bin/bash
# bench/hugo.sh BUILD_DIR — pressroom's static export against Hugo on the same corpus.
#
# In a temp dir: generates 10,000 interviews of ~5 kB as Markdown with YAML front
# matter (bench/gen-corpus.py, deterministic), imports them into a new pressroom site
# (timed), builds the same folder with Hugo and a minimal layout of ours
# (bench/hugo-site/: item pages, paginated lists, RSS, sitemap), then times
# `pressroom export --static` and `hugo` side by side, alternating which goes
# first, BENCH_ROUNDS times each, each run into a new output folder on the same
# file system (nothing is deleted between runs: see below). Prints the median
# wall time and the peak memory (GNU time's "Maximum resident set size") of each,
# and the ratios (each round shows its own, and the best its floor allows).
# Target: pressroom >= 10x faster with <= 1/10 of Hugo's memory.
# Each round also times bench/floor.c: the same files pressroom wrote, made again
# from memory with as many threads (mkdir, open, write, close and nothing else),
# the file system's own cost of that tree: no exporter can beat it here, so
# hugo / floor is the best ratio this machine allows.
#
# Environment (all optional):
#   BENCH_ITEMS=10000   corpus size
#   BENCH_ROUNDS=5      timed runs per side (the median is shown: on a disk whose
#                       state moves each run, five make it steadier than three)
#   BENCH_OUT=DIR       where both write their output (default: the temp dir;
#                       /dev/shm takes the disk out of the comparison)
#   BENCH_KEEP=0        1: keep the temp dir
#   BENCH_STRICT=0      1: exit 2 when a target is missed
set -euo pipefail

BUILD=${1:-build}
HERE=$(cd "$(dirname "$0")" && pwd)
case $BUILD in /*) ;; *) BUILD=$PWD/$BUILD ;; esac
PRESSROOM=$BUILD/pressroom
ITEMS=${BENCH_ITEMS:-10000}
ROUNDS=${BENCH_ROUNDS:-5}
KEEP=${BENCH_KEEP:-0}
STRICT=${BENCH_STRICT:-0}
TIME=/usr/bin/time

die() { echo "bench/hugo: $*" >&2; exit 1; }
[ -x "$PRESSROOM" ] || die "$PRESSROOM not found (run make first)"
command -v hugo >/dev/null || die "hugo not found (Debian: apt-get install hugo; make deps)"
[ -x "$TIME" ] || die "$TIME not found (Debian: apt-get install time; make deps)"
[[ $ITEMS =~ ^[0-9]+$ && $ROUNDS =~ ^[0-9]+$ && $ROUNDS -ge 1 ]] || die "BENCH_ITEMS and BENCH_ROUNDS are numbers"

T=$(mktemp -d "${TMPDIR:-/tmp}/pressroom-hugo.XXXXXX")
OUT=${BENCH_OUT:-$T}
OUT=$(mktemp -d "$OUT/out.XXXXXX")
cleanup() {
	local rc=$?
	if [ "$KEEP" = 1 ]; then echo "bench/hugo: kept $T" >&2; else rm -rf "$T" "$OUT"; fi
	return $rc
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# measure LOG CMD...: runs CMD under GNU time -v; prints "SECONDS MAX_RSS_KB CPU_SECONDS"
# (CPU = user + system, all threads: on a busy machine the steadier figure).
measure() {
	local log=$1
	shift
	"$TIME" -v "$@" >"$log" 2>&1 || { tail -20 "$log" >&2; die "failed: $*"; }
	awk -F': ' '
		/Elapsed \(wall clock\)/ { n = split($2, p, ":"); s = 0; for (i = 1; i <= n; i++) s = s * 60 + p[i] }
		/User time \(seconds\)/ { c += $2 }
		/System time \(seconds\)/ { c += $2 }
		/Maximum resident set size/ { m = $2 }
		END { printf "%.3f %d %.2f\n", s, m, c }' "$log"
}

median() { sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }

echo "machine:   $(nproc) CPUs, $(awk -F': *' '/^model name/ {print $2; exit}' /proc/cpuinfo), $(uname -sr)"
echo "load:      $(cut -d' ' -f1-3 /proc/loadavg) (load average at the start; wall times mean little when it is above the CPU count)"
echo "versions:  pressroom $(git -C "$HERE/.." rev-parse --short HEAD 2>/dev/null || echo '?'), $(hugo version | awk '{print $1, $2}')"
echo "corpus:    $ITEMS interviews of ~5 kB (bench/gen-corpus.py); output on $(df -T "$OUT" | awk 'NR == 2 {print $2}') ($OUT)"
# ext4 without a journal makes a new file skip every inode freed in the last minutes
# (the kernel's recently_deleted()): say so, since it can slow both sides severalfold.
dev=$(df -P "$OUT" | awk 'NR == 2 {print $1}')
jt=/sys/fs/ext4/${dev#/dev/}/journal_task
if [ -r "$jt" ] && [ "$(cat "$jt")" = "<none>" ]; then
	echo "           (ext4 without a journal: rounds run within minutes of deleting many files are slower; compare each with its floor)"
fi

/usr/bin/python3 "$HERE/gen-corpus.py" "$T/content" "$ITEMS"
echo "           $(du -sh "$T/content" | cut -f1) of Markdown in $(find "$T/content" -name '*.md' | wc -l) files"

# ---- import ------------------------------------------------------------------
"$PRESSROOM" --db "$T/site.db" init >/dev/null
"$PRESSROOM" --db "$T/site.db" config per_page 20
"$PRESSROOM" --db "$T/site.db" config base_url http://127.0.0.1:8080
# --no-site-addresses: the corpus is a content/ folder, whose pages' Hugo addresses
# (/interviews/<slug>/) the import would keep as old ones, and the copy would then
# have 10,000 redirect pages that Hugo's output of the same corpus has not.
read -r imp_s imp_kb _ < <(measure "$T/import.log" "$PRESSROOM" --db "$T/site.db" import "$T/content" --no-site-addresses)
grep -q "added $ITEMS, updated 0" "$T/import.log" || { cat "$T/import.log" >&2; die "import did not add $ITEMS items"; }
echo "import:    pressroom import of $ITEMS files: ${imp_s} s, peak ${imp_kb} kB"

# ---- the Hugo site: our layout and the same content ---------------------------
mkdir -p "$T/hugo"
cp -r "$HERE/hugo-site/." "$T/hugo/"
ln -s "$T/content" "$T/hugo/content"

# Every run writes into a folder of its own and nothing is deleted until all runs are
# done: on ext4 without a journal (and on some other file systems) a file created
# within seconds of a mass deletion pays for it (the inode allocator skips recently
# freed inodes one by one), so "rm -rf; run" made whoever ran first after the
# deletion several times slower. Runs alternate which side goes first.
PR_S=() PR_KB=() PR_CPU=() HU_S=() HU_KB=() HU_CPU=() FL_S=()
cc -O2 -Wall -Wextra -Werror -pthread "$HERE/floor.c" -o "$T/floor" || die "cannot build bench/floor.c"
# Each timed run starts after a sync: the kernel writes back what the set-up or the
# other side's last run left dirty (the import alone leaves some 170 MB) on CPUs
# this machine shares, and whoever ran next paid for it (round 1's pressroom took
# 0.99 s instead of 0.5 s right after the import).
run_pr() {
	sync
	read -r s kb c < <(measure "$T/pr.log" "$PRESSROOM" --db "$T/site.db" export --static "$OUT/pr.$1")
	PR_S+=("$s") PR_KB+=("$kb") PR_CPU+=("$c")
}
run_hugo() {
	sync
	read -r s kb c < <(measure "$T/hugo.log" hugo --quiet --source "$T/hugo" --destination "$OUT/hugo.$1" --cacheDir "$T/hugo-cache.$1")
	HU_S+=("$s") HU_KB+=("$kb") HU_CPU+=("$c")
}
for r in $(seq "$ROUNDS"); do
	if [ $((r % 2)) = 1 ]; then run_pr "$r"; run_hugo "$r"; else run_hugo "$r"; run_pr "$r"; fi
	sync
	read -r fs _ < <("$T/floor" "$OUT/pr.1" "$OUT/floor.$r" "$(nproc)") || die "bench/floor failed"
	FL_S+=("$fs")
	echo "round $r:   pressroom ${PR_S[-1]} s (cpu ${PR_CPU[-1]} s) ${PR_KB[-1]} kB, hugo ${HU_S[-1]} s (cpu ${HU_CPU[-1]} s) ${HU_KB[-1]} kB, floor ${FL_S[-1]} s: $(awk -v a="${PR_S[-1]}" -v b="${HU_S[-1]}" -v f="${FL_S[-1]}" 'BEGIN { printf "%.1fx (the floor allows %.1fx)", (a > 0 ? b / a : 0), (f > 0 ? b / f : 0) }')"
done
prn=$(find "$OUT/pr.1" -type f | wc -l)
hun=$(find "$OUT/hugo.1" -type f | wc -l)
pr_s=$(printf '%s\n' "${PR_S[@]}" | median)
hu_s=$(printf '%s\n' "${HU_S[@]}" | median)
pr_kb=$(printf '%s\n' "${PR_KB[@]}" | median)
hu_kb=$(printf '%s\n' "${HU_KB[@]}" | median)
pr_cpu=$(printf '%s\n' "${PR_CPU[@]}" | median)
fl_s=$(printf '%s\n' "${FL_S[@]}" | median)
hu_cpu=$(printf '%s\n' "${HU_CPU[@]}" | median)

echo
printf '%-28s %10s %10s %14s %8s\n' "" "wall s" "cpu s" "peak RSS kB" "files"
printf '%-28s %10s %10s %14s %8s\n' "pressroom export --static" "$pr_s" "$pr_cpu" "$pr_kb" "$prn"
printf '%-28s %10s %10s %14s %8s\n' "hugo" "$hu_s" "$hu_cpu" "$hu_kb" "$hun"
printf '%-28s %10s %10s %14s %8s\n' "floor (the files alone)" "$fl_s" "" "" "$prn"
read -r speed mem ok_s ok_m < <(awk -v a="$pr_s" -v b="$hu_s" -v c="$pr_kb" -v d="$hu_kb" 'BEGIN {
	sp = a > 0 ? b / a : 0; m = d > 0 ? c / d : 0
	printf "%.1f %.3f %s %s\n", sp, m, (sp >= 10 ? "ok" : "BELOW"), (m <= 0.1 ? "ok" : "ABOVE") }')
echo
echo "speed:     pressroom is ${speed}x as fast as hugo (target >= 10x: $ok_s)"
echo "memory:    pressroom peaks at ${mem} of hugo's memory (target <= 0.1: $ok_m)"
echo "floor:     writing pressroom's $prn files alone takes ${fl_s} s here: at most $(awk -v a="$fl_s" -v b="$hu_s" 'BEGIN { printf "%.1f", (a > 0 ? b / a : 0) }')x hugo's time is possible on this file system; pressroom spends $(awk -v a="$fl_s" -v b="$pr_s" 'BEGIN { printf "%.2f", b - a }') s above it"
echo "cpu:       pressroom uses $(awk -v a="$pr_cpu" -v b="$hu_cpu" 'BEGIN { printf "%.1f", (a > 0 ? b / a : 0) }')x less CPU time than hugo (load average at the end: $(cut -d' ' -f1-3 /proc/loadavg))"
echo "medians of $ROUNDS alternating runs; both use every CPU; pressroom writes $prn files, hugo $hun."
if [ "$ok_s" != ok ] || [ "$ok_m" != ok ]; then
	echo "pressroom misses a target."
	[ "$STRICT" = 1 ] && exit 2
fi
exit 0
