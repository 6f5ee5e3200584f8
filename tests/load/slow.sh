#!/bin/bash
# Slow clients against the real server: Debian's slowhttptest in slow headers (-H,
# Slowloris), slow body (-B, R-U-Dead-Yet, against POST /admin/login) and slow read
# (-X) modes, SLOW_SECONDS each, with SLOW_CONNECTIONS connections, while a probe
# asks for the home page every second and must be answered, 200, within 3 s.
#
# The attacker connects from 127.0.0.1 and the probe from 127.0.0.2 (curl
# --interface; Linux routes all of 127/8 to lo): the server limits connections per
# address (SERVER_PER_IP in src/http/server.c), so an attacker from the probe's own
# address would be refused with the probe, which proves nothing. Each mode gets a
# fresh server, which must stop cleanly afterwards; its count of connections
# refused over the per-address limit and cut at their deadline is printed, and the
# attacker may never hold more connections than the limit allows.
#
# usage: tests/load/slow.sh BUILD_DIR
#   SLOW_SECONDS=15        length of each mode (make harden: 120)
#   SLOW_CONNECTIONS=1000  slowhttptest -c
#   SLOW_MODES="H B X"     which modes
# Prints "ok"/"FAIL" lines and "N passed, N failed"; exits 1 on any failure.
set -u
BUILD=${1:?usage: tests/load/slow.sh BUILD_DIR}
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
BUILD=$(cd "$BUILD" && pwd)
SECS=${SLOW_SECONDS:-15}
CONNS=${SLOW_CONNECTIONS:-1000}
MODES=${SLOW_MODES:-H B X}
PER_IP=$(awk '/^#define SERVER_PER_IP / {print $3}' "$ROOT/src/http/server.c")
PROBE_LIMIT=3
. "$ROOT/tests/load/lib.sh"

for t in slowhttptest curl ss; do
	command -v $t >/dev/null || { bad "setup: $t not found (tools/deps.sh installs it)"; summary; exit 1; }
done
raise_nofile
echo "slowhttptest $(slowhttptest -h 2>&1 | grep -o 'version [0-9.]*'), $CONNS connections, ${SECS} s per mode, per-address limit $PER_IP, fds $(ulimit -n)"

run_mode() { # MODE
	local mode=$1 url args name
	case $mode in
	H) name="slow headers"; url="$BASE/"; args="-H -i 5 -x 24" ;;
	B) name="slow body"; url="$BASE/admin/login"; args="-B -i 5 -x 24 -s 8192" ;;
	X) name="slow read"; url="$BASE/"; args="-X -k 4 -n 1 -w 1 -y 32 -z 8" ;;
	esac
	# slowhttptest gives up when the server has closed all its connections (at
	# their deadline); a real attacker comes back, so it is started again until
	# the time is up.
	local t0 end
	t0=$(date +%s)
	end=$((t0 + SECS))
	(
		while [ "$(date +%s)" -lt "$end" ]; do
			slowhttptest $args -c "$CONNS" -r 500 -l $((end - $(date +%s) + 1)) -p 3 -u "$url" \
				>>"$LOAD_TMP/slow-$mode.log" 2>&1
			echo x >>"$LOAD_TMP/slow-$mode.rounds"
		done
	) &
	local spid=$!
	LOAD_PIDS="$spid"
	local worst=0 fails=0 probes=0 held=0 line code time n
	sleep 1
	while [ "$(date +%s)" -lt "$end" ]; do
		line=$(curl --interface 127.0.0.2 -s -o /dev/null --max-time "$PROBE_LIMIT" \
			-w '%{http_code} %{time_total}' "$BASE/")
		code=${line%% *}
		time=${line#* }
		probes=$((probes + 1))
		if [ "$code" != 200 ] || awk -v t="$time" -v l="$PROBE_LIMIT" 'BEGIN{exit !(t >= l)}'; then
			fails=$((fails + 1))
			echo "   probe $probes: status $code after ${time} s"
		fi
		worst=$(awk -v a="$worst" -v b="$time" 'BEGIN{print (b > a) ? b : a}')
		# Connections the server holds open for the attacker's address.
		n=$(ss -Htn state established "( sport = :$PORT )" dst 127.0.0.1 2>/dev/null | wc -l)
		[ "$n" -gt "$held" ] && held=$n
		sleep 1
	done
	wait "$spid" 2>/dev/null
	LOAD_PIDS=
	local rounds reasons
	rounds=$(wc -l <"$LOAD_TMP/slow-$mode.rounds" 2>/dev/null || echo 0)
	reasons=$(sed -n 's/.*Exit status: *//p' "$LOAD_TMP/slow-$mode.log" | sed 's/\x1b\[[0-9;]*m//g' | sort | uniq -c |
		awk '{$1 = $1 "x"; print}' | tr '\n' ';')
	# slowhttptest's last status: how many it had connected at the end.
	local last
	last=$(grep -E 'connected:|closed:|pending:|service available' "$LOAD_TMP/slow-$mode.log" |
		tail -n 4 | sed 's/\x1b\[[0-9;]*m//g' | tr -s ' \t' ' ' | tr '\n' ';')
	printf '%s (-%s): %d probes, %d failed, worst probe %.3f s; attacker held at most %d connections; slowhttptest ran %d time(s) (%s), at the end: %s\n' \
		"$name" "$mode" "$probes" "$fails" "$worst" "$held" "$rounds" "$reasons" "$last"
	[ "$probes" -ge $((SECS / 2)) ] && [ "$fails" = 0 ] &&
		ok "$name: $probes probes from another address all answered within ${PROBE_LIMIT} s (worst ${worst} s)" ||
		bad "$name: $fails of $probes probes failed or took ${PROBE_LIMIT} s or more (worst ${worst} s)"
	# The listen queue and refusals in flight may show a few more for a moment.
	[ "$held" -le $((PER_IP + 32)) ] &&
		ok "$name: the attacker's address held at most $held connections (limit $PER_IP)" ||
		bad "$name: the attacker's address held $held connections, over the limit $PER_IP"
}

for mode in $MODES; do
	if ! start_server 2; then
		bad "-$mode: server did not start: $(tail -n 3 "$LOAD_TMP/server.err")"
		continue
	fi
	run_mode "$mode"
	if kill -0 "$SERVER_PID" 2>/dev/null; then
		kill "$SERVER_PID"
		wait "$SERVER_PID"
		rc=$?
		[ "$rc" = 0 ] && ok "-$mode: the server stopped cleanly" || bad "-$mode: the server exited $rc on SIGTERM"
	else
		wait "$SERVER_PID"
		bad "-$mode: the server died during the attack (exit $?): $(tail -n 3 "$LOAD_TMP/server.err")"
	fi
	SERVER_PID=
	grep -h 'stopped' "$LOAD_TMP/server.err" | sed 's/^/   server: /'
done
summary
