# Shared by tests/load/*.sh (sourced): a temp sample site served by pressroom on a
# free loopback port, result counting, and the source-address shim.
# Needs: BUILD (build dir with pressroom), ROOT (repo root).

LOAD_TMP=$(mktemp -d)
SERVER_PID=
PASS=0
FAIL=0

ok() { echo "ok   $1"; PASS=$((PASS + 1)); }
bad() { echo "FAIL $1"; FAIL=$((FAIL + 1)); }
summary() { echo "$PASS passed, $FAIL failed"; [ "$FAIL" = 0 ]; }

# Stops only what this script started, by pid.
load_cleanup() {
	if [ -n "$SERVER_PID" ] && kill -0 "$SERVER_PID" 2>/dev/null; then
		kill "$SERVER_PID" 2>/dev/null
		wait "$SERVER_PID" 2>/dev/null
	fi
	for p in ${LOAD_PIDS:-}; do kill "$p" 2>/dev/null; done
	[ "${LOAD_KEEP:-0}" = 1 ] && echo "kept $LOAD_TMP" || rm -rf "$LOAD_TMP"
}
trap load_cleanup EXIT

free_port() {
	/usr/bin/python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'
}

# The descriptor limit: wrk and slowhttptest open a socket per connection.
raise_nofile() {
	ulimit -n 65536 2>/dev/null || ulimit -n "$(ulimit -Hn)" 2>/dev/null || true
}

# Builds tests/load/srcaddr.c into $LOAD_TMP/srcaddr.so (see its header).
build_shim() {
	cc -O2 -shared -fPIC -o "$LOAD_TMP/srcaddr.so" "$ROOT/tests/load/srcaddr.c" -ldl
}

# start_server [THREADS]: sample site on 127.0.0.1:$PORT; sets SERVER_PID, PORT, BASE.
start_server() {
	local db="$LOAD_TMP/site.db"
	rm -f "$db" "$db-wal" "$db-shm"
	PORT=$(free_port)
	BASE="http://127.0.0.1:$PORT"
	"$BUILD/pressroom" --db "$db" init --sample >/dev/null 2>&1 || return 1
	"$BUILD/pressroom" --db "$db" config base_url "$BASE" >/dev/null || return 1
	"$BUILD/pressroom" --db "$db" serve --listen "127.0.0.1:$PORT" --threads "${1:-2}" \
		>"$LOAD_TMP/server.out" 2>"$LOAD_TMP/server.err" &
	SERVER_PID=$!
	local i
	for i in $(seq 100); do
		curl -s -o /dev/null "$BASE/robots.txt" && return 0
		kill -0 "$SERVER_PID" 2>/dev/null || return 1
		sleep 0.1
	done
	return 1
}

# The server's resident memory in kB.
server_rss() {
	awk '/^VmRSS:/ {print $2}' "/proc/$SERVER_PID/status" 2>/dev/null
}

# A path of a published item of the sample site (the first on the archive page).
some_item() {
	curl -s "$BASE/archive" | grep -o 'href="/items/[^"]*"' | head -n 1 | sed 's/^href="//; s/"$//'
}
