#!/bin/bash
# bench/run.sh BUILD_DIR — pressroom against nginx serving the same bytes from files.
#
# In a temp dir: makes the sample site, serves it with pressroom on a free loopback
# port, fetches the benchmarked pages from it into an nginx root, serves that with
# nginx (our own nginx.conf, from bench/nginx.conf.in) on another free port, checks
# both return the same body bytes, warms both up, then runs wrk against each side in
# turn (pressroom, nginx, pressroom, nginx, ...) and prints requests/second, the
# ratio pressroom/nginx (target >= 1.0x) and average latency. See bench/README.md.
#
# Environment (all optional):
#   BENCH_SECONDS=10      length of each timed wrk run
#   BENCH_WARMUP=2        length of the warm-up run per side and page
#   BENCH_CONNECTIONS=64  wrk -c
#   BENCH_WRK_THREADS=2   wrk -t
#   BENCH_THREADS=nproc   pressroom --threads and nginx worker_processes (equal: fair)
#   BENCH_PR_THREADS, BENCH_NGINX_WORKERS   override one side only (unfair; for study)
#   BENCH_REUSEPORT=0     1: nginx listens with reuseport (one accept queue per worker)
#   BENCH_ROUNDS=1        timed runs per side and page (alternating); the mean is shown
#   BENCH_PAGES="/ /items/ambassador-interview-part-1"   paths to time
#                         (/static/site.css may be added)
#   BENCH_STRICT=0        1: exit 2 when a ratio is below the target
#   BENCH_KEEP=0          1: keep the temp dir (configs, logs, wrk output)
set -euo pipefail

BUILD=${1:-build}
HERE=$(cd "$(dirname "$0")" && pwd)
REPO=$(cd "$HERE/.." && pwd)
case $BUILD in /*) ;; *) BUILD=$PWD/$BUILD ;; esac
PRESSROOM=$BUILD/pressroom

NPROC=$(nproc)
SECONDS_RUN=${BENCH_SECONDS:-10}
WARMUP=${BENCH_WARMUP:-2}
CONNS=${BENCH_CONNECTIONS:-64}
WRK_THREADS=${BENCH_WRK_THREADS:-2}
THREADS=${BENCH_THREADS:-$NPROC}
PR_THREADS=${BENCH_PR_THREADS:-$THREADS}
NGINX_WORKERS=${BENCH_NGINX_WORKERS:-$THREADS}
ROUNDS=${BENCH_ROUNDS:-1}
REUSEPORT=${BENCH_REUSEPORT:-0}
PAGES=${BENCH_PAGES:-"/ /items/ambassador-interview-part-1"}
STRICT=${BENCH_STRICT:-0}
KEEP=${BENCH_KEEP:-0}
TARGET=1.0

die() { echo "bench: $*" >&2; exit 1; }

for n in SECONDS_RUN WARMUP CONNS WRK_THREADS PR_THREADS NGINX_WORKERS ROUNDS; do
	[[ ${!n} =~ ^[0-9]+$ ]] || die "$n=${!n}: expected a number"
done
[ "$PR_THREADS" -ge 1 ] && [ "$NGINX_WORKERS" -ge 1 ] && [ "$ROUNDS" -ge 1 ] && [ "$SECONDS_RUN" -ge 1 ] ||
	die "threads, workers, rounds and seconds must be at least 1"
[ -x "$PRESSROOM" ] || die "$PRESSROOM not found (run make first)"
NGINX=$(command -v nginx || echo /usr/sbin/nginx)
[ -x "$NGINX" ] || die "nginx not found (Debian: apt-get install nginx-light)"
command -v wrk >/dev/null || die "wrk not found (Debian: apt-get install wrk)"
command -v curl >/dev/null || die "curl not found"

T=$(mktemp -d "${TMPDIR:-/tmp}/pressroom-bench.XXXXXX")
PR_PID=""
NG_PID=""
WRK_PID=""
cleanup() {
	local rc=$?
	set +e
	# Only what this script started, by pid: wrk, pressroom, the nginx master (whose
	# workers stop with it).
	for pid in $WRK_PID $PR_PID $NG_PID; do kill "$pid" 2>/dev/null; done
	for pid in $WRK_PID $PR_PID $NG_PID; do wait "$pid" 2>/dev/null; done
	if [ "$KEEP" = 1 ]; then echo "bench: kept $T" >&2; else rm -rf "$T"; fi
	return $rc
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# A port nothing listens on now (kernel-chosen when python3 is there).
free_port() {
	if command -v python3 >/dev/null; then
		python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'
		return
	fi
	local p
	for _ in $(seq 200); do
		p=$((20000 + RANDOM % 30000))
		(exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null || { echo "$p"; return; }
	done
	die "no free port"
}

wait_up() { # URL PID NAME LOG
	for _ in $(seq 100); do
		curl -fsS -o /dev/null "$1" 2>/dev/null && return 0
		kill -0 "$2" 2>/dev/null || { cat "$4" >&2 2>/dev/null; die "$3 exited at start"; }
		sleep 0.05
	done
	cat "$4" >&2 2>/dev/null
	die "$3 did not answer $1"
}

# ---- machine and versions -------------------------------------------------------
CPU=$(awk -F': *' '/^model name/ {print $2; exit}' /proc/cpuinfo 2>/dev/null || true)
REV=$(git -C "$REPO" rev-parse --short HEAD 2>/dev/null || echo unknown)
if [ "$REV" != unknown ] && ! git -C "$REPO" diff --quiet HEAD -- src 2>/dev/null; then
	REV="$REV+dirty(src)"
fi
echo "machine:   $NPROC CPUs, ${CPU:-unknown CPU}, $(uname -sr)"
echo "versions:  pressroom $REV, libmicrohttpd $(dpkg-query -W -f='${Version}' libmicrohttpd12 2>/dev/null || echo '?'), $("$NGINX" -v 2>&1 | sed 's/^nginx version: //'), $(wrk -v 2>&1 | head -1 | awk '{print $1, $2}')"
echo "load:      wrk -t$WRK_THREADS -c$CONNS -d${SECONDS_RUN}s, warm-up ${WARMUP}s, $ROUNDS round(s), alternating pressroom/nginx; client and servers share the same $NPROC CPUs over loopback"
fair="fair: equal"
[ "$PR_THREADS" = "$NGINX_WORKERS" ] || fair="NOT FAIR: unequal"
rpnote=""; [ "$REUSEPORT" = 1 ] && rpnote=", nginx listen reuseport"
echo "servers:   pressroom --threads $PR_THREADS, nginx worker_processes $NGINX_WORKERS ($fair)$rpnote"
LOAD=$(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || echo '?')
echo "load avg:  $LOAD before the runs (other work on the box makes every figure noisy)"
echo "logging:   access logs off on both sides (pressroom --quiet, nginx access_log off)"

# ---- pressroom ------------------------------------------------------------------
"$PRESSROOM" --db "$T/site.db" init --sample >"$T/init.log" 2>&1 || { cat "$T/init.log" >&2; die "init --sample failed"; }
PR_PORT=$(free_port)
"$PRESSROOM" --db "$T/site.db" serve --listen "127.0.0.1:$PR_PORT" --quiet --threads "$PR_THREADS" \
	>"$T/pressroom.log" 2>&1 &
PR_PID=$!
PR=http://127.0.0.1:$PR_PORT
wait_up "$PR/" "$PR_PID" pressroom "$T/pressroom.log"

# ---- nginx root: the same bytes, fetched from the running pressroom -------------
ROOT=$T/www
mkdir -p "$ROOT/static"
fetch() { # PATH FILE
	local code
	mkdir -p "$(dirname "$2")"
	code=$(curl -sS -o "$2" -w '%{http_code}' "$PR$1") || die "curl $PR$1 failed"
	[ "$code" = 200 ] || die "pressroom answered $code for $1 (is it in 'pressroom list' / sample/?)"
}
fetch /static/site.css "$ROOT/static/site.css"
for p in $PAGES; do
	case $p in
	/) fetch / "$ROOT/index.html" ;;
	/static/*) [ -f "$ROOT$p" ] || fetch "$p" "$ROOT$p" ;;
	/*) fetch "$p" "$ROOT${p%/}/index.html" ;;
	*) die "page $p: must start with /" ;;
	esac
done

# ---- nginx ----------------------------------------------------------------------
NG_PORT=$(free_port)
mkdir -p "$T/nginx/tmp"
rp=""
[ "$REUSEPORT" = 1 ] && rp=" reuseport"
sed -e "s|@WORKERS@|$NGINX_WORKERS|g" -e "s|@REUSEPORT@|$rp|g" -e "s|@PORT@|$NG_PORT|g" \
	-e "s|@ROOT@|$ROOT|g" -e "s|@DIR@|$T/nginx|g" "$HERE/nginx.conf.in" >"$T/nginx/nginx.conf"
# When run as root, nginx's workers run as nobody: they must be able to read the root.
chmod 755 "$T" "$T/nginx"
chmod -R a+rX "$ROOT"
"$NGINX" -p "$T/nginx" -e "$T/nginx/error.log" -c "$T/nginx/nginx.conf" -t >"$T/nginx/test.log" 2>&1 ||
	{ cat "$T/nginx/test.log" >&2; die "nginx -t rejected $T/nginx/nginx.conf"; }
"$NGINX" -p "$T/nginx" -e "$T/nginx/error.log" -c "$T/nginx/nginx.conf" >"$T/nginx/stdout.log" 2>&1 &
NG_PID=$!
NG=http://127.0.0.1:$NG_PORT
wait_up "$NG/" "$NG_PID" nginx "$T/nginx/error.log"

# ---- same bytes on both sides -----------------------------------------------------
echo
printf '%-40s %9s %9s %9s %9s  %s\n' "page" "body" "pr hdrs" "ng hdrs" "" "body sha256 (both)"
for p in $PAGES; do
	curl -sS -D "$T/pr.h" -o "$T/pr.b" "$PR$p" || die "curl $PR$p"
	curl -sS -D "$T/ng.h" -o "$T/ng.b" "$NG$p" || die "curl $NG$p"
	for s in pr ng; do
		head -1 "$T/$s.h" | grep -q ' 200' || die "$s answered '$(head -1 "$T/$s.h" | tr -d '\r')' for $p"
	done
	a=$(sha256sum <"$T/pr.b" | cut -c1-64)
	b=$(sha256sum <"$T/ng.b" | cut -c1-64)
	sa=$(wc -c <"$T/pr.b")
	sb=$(wc -c <"$T/ng.b")
	[ "$a" = "$b" ] && [ "$sa" = "$sb" ] ||
		die "$p: bodies differ (pressroom $sa bytes $a, nginx $sb bytes $b)"
	printf '%-40s %9s %9s %9s %9s  %s\n' "$p" "$sa" "$(wc -c <"$T/pr.h")" "$(wc -c <"$T/ng.h")" "" "${a:0:16}"
done

# ---- warm-up and timed runs --------------------------------------------------------
# CPU time (clock ticks, user+system) of the server processes: pressroom (all its
# threads) or nginx's workers. Per request it is a figure far less disturbed by other
# load on the box than req/s.
HZ=$(getconf CLK_TCK 2>/dev/null || echo 100)
server_pids() { # pr|ng
	if [ "$1" = pr ]; then echo "$PR_PID"; else pgrep -P "$NG_PID" || true; fi
}
cpu_ticks() { # pr|ng
	local pids
	pids=$(server_pids "$1")
	[ -n "$pids" ] || { echo 0; return; }
	for pid in $pids; do cat "/proc/$pid/stat" 2>/dev/null || true; done |
		awk '{ sub(/^.*\) /, ""); t += $12 + $13 } END { print t + 0 }'
}

# Runs wrk into OUTFILE; fails on non-2xx/3xx responses or socket errors.
run_wrk() { # URL SECONDS OUTFILE
	# In the background and waited for, so that a signal ends the script (and the trap
	# stops this wrk too) without waiting for the run to finish.
	wrk -t"$WRK_THREADS" -c"$CONNS" -d"$2s" --latency "$1" >"$3" 2>&1 &
	WRK_PID=$!
	local rc=0
	wait "$WRK_PID" || rc=$?
	WRK_PID=""
	[ "$rc" = 0 ] || { cat "$3" >&2; die "wrk failed on $1"; }
	if grep -q 'Non-2xx or 3xx responses' "$3"; then
		cat "$3" >&2
		die "wrk: non-2xx/3xx responses from $1"
	fi
	if grep -q 'Socket errors' "$3"; then
		cat "$3" >&2
		die "wrk: socket errors against $1"
	fi
}
# Prints "REQS_PER_SEC LATENCY_AVG_MS REQUESTS" from a wrk output file.
wrk_figures() { # OUTFILE
	awk '
		/Requests\/sec:/ { rps = $2 }
		/ requests in / { n = $1 }
		$1 == "Latency" && lat == "" {
			v = $2; u = v; sub(/[0-9.]+/, "", u); sub(/[a-z]+$/, "", v)
			f = (u == "us") ? 0.001 : (u == "ms") ? 1 : (u == "s") ? 1000 : (u == "m") ? 60000 : -1
			lat = (f < 0) ? "nan" : sprintf("%.3f", v * f)
		}
		END { if (rps == "" || n == "") exit 1; print rps, lat, n }' "$1" ||
		{ cat "$1" >&2; die "cannot read wrk output $1"; }
}

if [ "$WARMUP" -gt 0 ]; then
	for p in $PAGES; do
		run_wrk "$PR$p" "$WARMUP" "$T/warm-pr.txt"
		run_wrk "$NG$p" "$WARMUP" "$T/warm-ng.txt"
	done
fi

declare -A SUM_RPS SUM_LAT SUM_REQ SUM_TICKS RUNS
for r in $(seq "$ROUNDS"); do
	for p in $PAGES; do
		# Alternate which side goes first each round, so neither always gets the warmer box.
		if [ $((r % 2)) = 1 ]; then order="pr ng"; else order="ng pr"; fi
		for s in $order; do
			if [ $s = pr ]; then base=$PR; else base=$NG; fi
			out=$T/wrk-$s-$r-${p//\//_}.txt
			t0=$(cpu_ticks $s)
			run_wrk "$base$p" "$SECONDS_RUN" "$out"
			t1=$(cpu_ticks $s)
			fig=$(wrk_figures "$out")
			read -r rps lat n <<<"$fig"
			k=$s$p
			SUM_RPS[$k]=$(awk -v a="${SUM_RPS[$k]:-0}" -v b="$rps" 'BEGIN{printf "%.2f", a+b}')
			SUM_LAT[$k]=$(awk -v a="${SUM_LAT[$k]:-0}" -v b="$lat" 'BEGIN{printf "%.4f", a+b}')
			SUM_REQ[$k]=$(( ${SUM_REQ[$k]:-0} + n ))
			SUM_TICKS[$k]=$(( ${SUM_TICKS[$k]:-0} + t1 - t0 ))
			RUNS[$k]="${RUNS[$k]:-}${RUNS[$k]:+,}$(printf '%.0f' "$rps")"
		done
	done
done

echo
printf '%-36s %13s %13s %7s %6s %10s %10s %9s %9s\n' "page" "pressroom r/s" "nginx r/s" "ratio" "target" \
	"pr avg lat" "ng avg lat" "pr us/req" "ng us/req"
below=0
for p in $PAGES; do
	fig=$(awk -v a="${SUM_RPS[pr$p]}" -v b="${SUM_RPS[ng$p]}" \
		-v la="${SUM_LAT[pr$p]}" -v lb="${SUM_LAT[ng$p]}" -v n="$ROUNDS" -v t="$TARGET" \
		-v ca="${SUM_TICKS[pr$p]}" -v cb="${SUM_TICKS[ng$p]}" -v qa="${SUM_REQ[pr$p]}" -v qb="${SUM_REQ[ng$p]}" \
		-v hz="$HZ" 'BEGIN {
		ra = a / n; rb = b / n; q = rb > 0 ? ra / rb : 0
		printf "%.0f %.0f %.2f %s %.3f %.3f %.1f %.1f\n", ra, rb, q, (q >= t ? "ok" : "BELOW"),
			la / n, lb / n, ca / hz * 1e6 / qa, cb / hz * 1e6 / qb }')
	read -r prr ngr ratio ok prl ngl pru ngu <<<"$fig"
	[ "$ok" = ok ] || below=1
	printf '%-36s %13s %13s %6sx %6s %8sms %8sms %9s %9s\n' "$p" "$prr" "$ngr" "$ratio" "$ok" "$prl" "$ngl" "$pru" "$ngu"
	if [ "$ROUNDS" -gt 1 ]; then
		printf '%-36s %13s %13s\n' "  (each run, r/s)" "${RUNS[pr$p]}" "${RUNS[ng$p]}"
	fi
done
echo
echo "load avg:  $(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || echo '?') after the runs"
echo "ratio = pressroom req/s / nginx req/s (mean of $ROUNDS run(s)); target >= ${TARGET}x."
echo "us/req = server CPU time (user+system, all pressroom threads / all nginx workers) per request."
echo "Threads: pressroom $PR_THREADS, nginx $NGINX_WORKERS ($fair)."
if [ "$below" = 1 ]; then
	echo "pressroom is below the target on at least one page."
	if [ "$STRICT" = 1 ]; then exit 2; fi
fi
exit 0
