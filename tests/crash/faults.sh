#!/bin/bash
# Faults: a full disk, a read-only database, a database locked by another process,
# failed allocations and a shared library that cannot be loaded. For each: the error is clear (names the file and the reason),
# the server keeps serving what it can (public pages 200; a write gets a clean 500/503,
# never a crash), nothing stored is damaged (integrity_check ok, earlier content the
# same, byte for byte), and writing works again once the fault is gone.
#
# usage: tests/crash/faults.sh BUILD_DIR
# env:   FAULT_PARTS="disk readonly locked alloc nolib"  the parts to run (default: all)
#        FAULT_SWEEP=full  try an allocation failure at every allocation of each
#                          command (make harden); default: 20 points spread over each
# The disk and read-only parts mount small tmpfs file systems, which needs root (CI runs
# as root); without it they are skipped with a message. The allocation part preloads
# tests/crash/failmalloc.c, which an ASan build cannot take: it is skipped there. The
# library part needs a mount namespace (unshare -m: root) and is skipped without one.
# Prints "ok   name" / "FAIL name: reason" / "skip name: why", then "N passed, N failed".
set -u
BUILD=$(cd "${1:?usage: tests/crash/faults.sh BUILD_DIR}" && pwd)
P=$BUILD/pressroom
HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(dirname "$(dirname "$HERE")")
TMP=$(mktemp -d /tmp/pressroom-faults.XXXXXX)
PASS=0
FAILN=0
SPID=
LOCKPID=
MOUNTS=()
PW=fault-test-password-1

cleanup() {
	[ -n "$SPID" ] && kill -9 "$SPID" 2>/dev/null
	[ -n "$LOCKPID" ] && kill -9 "$LOCKPID" 2>/dev/null
	wait 2>/dev/null
	for m in "${MOUNTS[@]}"; do umount -l "$m" 2>/dev/null; done
	rm -rf "$TMP"
}
trap cleanup EXIT

ok() { PASS=$((PASS + 1)); echo "ok   $1"; }
bad() { FAILN=$((FAILN + 1)); echo "FAIL $1: $2"; }
skip() { echo "skip $1: $2"; }
# check NAME CONDITION-COMMAND... : ok or FAIL with the command as the reason.
check() {
	local name=$1
	shift
	if "$@"; then ok "$name"; else bad "$name" "$*"; fi
}
has() { grep -qiF -- "$2" "$1"; }

free_port() { /usr/bin/python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }

# status PATH: the HTTP status of GET PATH ("000" when the connection failed).
status() { curl -s -o /dev/null -m 20 -w '%{http_code}' "http://127.0.0.1:$PORT$1"; }

# start_server DB [ENV...]: serves DB on a free port; log in $TMP/server.log.
start_server() {
	local db=$1
	shift
	PORT=$(free_port)
	env "$@" "$P" --db "$db" serve --listen "127.0.0.1:$PORT" --threads "${SERVER_THREADS:-4}" >"$TMP/server.log" 2>&1 &
	SPID=$!
	for _ in $(seq 1 150); do
		[ "$(status /)" = 200 ] && return 0
		kill -0 "$SPID" 2>/dev/null || break
		sleep 0.1
	done
	echo "server did not start:"
	cat "$TMP/server.log"
	return 1
}
stop_server() {
	[ -n "$SPID" ] && kill "$SPID" 2>/dev/null && wait "$SPID" 2>/dev/null
	SPID=
}
alive() { kill -0 "$SPID" 2>/dev/null; }

# login: a newsroom session for user 'fault' in the cookie jar $TMP/jar.
login() {
	rm -f "$TMP/jar"
	local tok
	tok=$(curl -s -c "$TMP/jar" "http://127.0.0.1:$PORT/admin/login" |
		grep -o 'name="login_token" value="[^"]*"' | sed 's/.*value="//; s/"$//')
	[ -n "$tok" ] || return 1
	local st
	st=$(curl -s -o /dev/null -w '%{http_code}' -b "$TMP/jar" -c "$TMP/jar" \
		--data-urlencode "login_token=$tok" --data-urlencode name=fault \
		--data-urlencode "password=$PW" --data-urlencode next=/admin/items \
		"http://127.0.0.1:$PORT/admin/login")
	[ "$st" = 303 ]
}

# form_csrf: the form token of a new item's editor, for the session in the jar.
form_csrf() {
	curl -s -m 20 -b "$TMP/jar" "http://127.0.0.1:$PORT/admin/items/new" |
		grep -o 'name="csrf" value="[^"]*"' | head -n 1 | sed 's/.*value="//; s/"$//'
}
# save SLUG BODYFILE: creates a draft in the newsroom; prints the HTTP status. With
# CSRF set to a token fetched before (form_csrf), it makes the POST alone.
save() {
	local csrf=${CSRF:-}
	[ -n "$csrf" ] || csrf=$(form_csrf)
	[ -n "$csrf" ] || { echo "nocsrf"; return; }
	curl -s -m 30 -o "$TMP/save.html" -w '%{http_code}' -b "$TMP/jar" \
		--data-urlencode "csrf=$csrf" --data-urlencode revision=0 --data-urlencode action=save \
		--data-urlencode kind=statement --data-urlencode "title=Saved $1" \
		--data-urlencode "slug=$1" --data-urlencode lang=en --data-urlencode zone=UTC \
		--data-urlencode "body@$2" "http://127.0.0.1:$PORT/admin/items/new"
}

# md SLUG FILE [KB]: a Markdown item with a body of about KB kilobytes.
md() {
	{
		printf -- '---\ntitle: "Item %s"\ndate: 2026-03-01T10:00:00+00:00\nkind: news\nslug: %s\n---\n' "$1" "$1"
		echo "First paragraph of $1."
		head -c $((${3:-1} * 1024)) /dev/urandom | base64 -w 100
	} >"$2"
}

# tree_listing DIR: a hash of every file and folder under DIR, with each file's size.
tree_listing() { (cd "$1" && find . -printf '%y %p %s\n' | sort | md5sum | cut -c1-32); }
# integrity DB: "ok" from SQLite's integrity_check. DB may be a URI (file:...?immutable=1).
integrity() { sqlite3 "$1" 'PRAGMA integrity_check' 2>&1; }
# fingerprint DB: a hash of every item, field by field, and of the settings and users.
fingerprint() {
	sqlite3 "$1" "SELECT id, kind, status, published, title, lead, body, lang, slug,
		source_url, source_title, series, part, revision, deleted_at FROM items ORDER BY id;
		SELECT item_id, pos, tag FROM item_tags ORDER BY item_id, pos;
		SELECT key, value FROM settings ORDER BY key; SELECT name, pwhash FROM users ORDER BY id;" |
		sha256sum | cut -c1-16
}

# The site every part starts from: the sample embassy and an editor.
"$P" --db "$TMP/base.db" init --sample >/dev/null || { echo "FAIL setup: init"; echo "0 passed, 1 failed"; exit 1; }
echo "$PW" | "$P" --db "$TMP/base.db" user add fault --role editor >/dev/null
SAMPLE_SLUG=$(sqlite3 "$TMP/base.db" "SELECT slug FROM items WHERE status = 'published' AND lang = 'en' AND published < strftime('%s','now') ORDER BY published DESC LIMIT 1")
md small "$TMP/small.md" 1
md big "$TMP/big.md" 1500
head -c 300000 /dev/urandom | base64 -w 100 >"$TMP/bigbody.txt"   # under the newsroom's 512 KiB
echo "A short text." >"$TMP/smallbody.txt"

# public_ok NAME: the public pages answer 200 (served from the cache or rendered).
public_ok() {
	local st bad_pages=""
	for u in / "/items/$SAMPLE_SLUG" /archive /feed.rss /feed.atom /sitemap.xml "/search?q=embassy"; do
		st=$(status "$u")
		[ "$st" = 200 ] || bad_pages="$bad_pages $u=$st"
	done
	if [ -z "$bad_pages" ] && alive; then ok "$1"; else bad "$1" "pages:$bad_pages; server alive: $(alive && echo yes || echo no)"; fi
}

# wal_room DIR: the size of DIR/site.db's WAL and the room left on DIR's disk.
wal_room() {
	echo "WAL $(stat -c %s "$1/site.db-wal" 2>/dev/null || echo none) bytes, $(df -k "$1" | awk 'NR == 2 { print $4 }') KiB free"
}

can_mount() {
	mkdir -p "$TMP/probe"
	mount -t tmpfs -o size=1m tmpfs "$TMP/probe" 2>/dev/null || return 1
	umount "$TMP/probe"
}

# ---- a full disk ----------------------------------------------------------------------
disk_full() {
	local d=$TMP/full
	mkdir -p "$d"
	mount -t tmpfs -o size=8m tmpfs "$d" || { bad "full disk" "mount failed"; return; }
	MOUNTS+=("$d")
	cp "$TMP/base.db" "$d/site.db"
	start_server "$d/site.db" || { bad "full disk: server" "did not start"; return; }
	login || { bad "full disk: login" "failed"; return; }
	[ "$(save before-full "$TMP/smallbody.txt")" = 303 ] || bad "full disk: save before" "not saved"
	# Copies of the site on the same disk, then a new item: the next exports must
	# make its folders, and the disk will be full by then.
	"$P" --db "$d/site.db" export --static "$d/sta" >/dev/null 2>&1 || bad "full disk: first static copy" "failed"
	"$P" --db "$d/site.db" export --markdown "$d/mar" >/dev/null 2>&1 || bad "full disk: first Markdown copy" "failed"
	md exported-later "$TMP/later.md" 100
	"$P" --db "$d/site.db" add "$TMP/later.md" >/dev/null 2>&1 || bad "full disk: add before" "failed"
	# The WAL is emptied so that a write needs new blocks, then the disk is filled.
	# A checkpoint that meets one of the server's reads cannot truncate the WAL, and
	# a WAL left with its old size gives later writes room on the "full" disk (what
	# a CI run once saw): it is tried until the WAL is empty.
	local tries=0
	until [ "$(sqlite3 "$d/site.db" '.timeout 5000' 'PRAGMA wal_checkpoint(TRUNCATE)')" = "0|0|0" ] &&
		[ ! -s "$d/site.db-wal" ]; do
		tries=$((tries + 1))
		[ $tries -lt 20 ] || { bad "full disk: setup" "the WAL could not be emptied ($(wal_room "$d"))"; return; }
		sleep 0.2
	done
	dd if=/dev/zero of="$d/filler" bs=4k status=none 2>/dev/null
	local before
	before=$(fingerprint "$d/site.db")

	"$P" --db "$d/site.db" add "$TMP/big.md" >"$TMP/out" 2>&1
	local rc=$?
	check "full disk: add fails (exit $rc), naming the file and the reason" \
		eval "[ $rc = 1 ] && has $TMP/out '$d/site.db' && has $TMP/out 'disk is full'"
	sed 's/^/    /' "$TMP/out"
	local st
	st=$(save on-full-disk "$TMP/bigbody.txt")
	check "full disk: a newsroom save gets a clean error ($st)" eval "[ '$st' = 500 ] || [ '$st' = 503 ] || [ '$st' = 507 ]"
	# A short one fails only at the commit, after the store gave it an item number:
	# the form that comes back is still a new item's, so that its next Save creates
	# one, not an update of the number the rolled-back save had taken.
	st=$(save on-full-disk-short "$TMP/smallbody.txt")
	check "full disk: a new item's failed save ($st) keeps a new item's form, with no saved version" \
		eval "[ '$st' = 500 ] && has $TMP/save.html 'action=\"/admin/items/new\"' && ! grep -q '/admin/items/[0-9]*/preview' $TMP/save.html"
	[ "$st" = 500 ] || echo "    the disk then: $(wal_room "$d")"
	check "full disk: the server log names the file and the reason" \
		eval "has $TMP/server.log '$d/site.db' && has $TMP/server.log 'disk is full'"
	grep -i "full" "$TMP/server.log" | head -n 2 | sed 's/^/    /'
	public_ok "full disk: public pages still 200 and the server alive"
	"$P" --db "$d/site.db" backup "$d/copy.db" >"$TMP/out" 2>&1
	rc=$?
	check "full disk: backup onto it fails clearly (exit $rc) and leaves no file behind" \
		eval "[ $rc = 1 ] && has $TMP/out '$d/copy.db' && has $TMP/out 'disk is full' && ! ls $d/copy.db* >/dev/null 2>&1"
	sed 's/^/    /' "$TMP/out"
	# An export over an earlier copy on the full disk fails and leaves the copy as it
	# was: no temporary file, no empty folder made for the new item. Room is made for
	# the export's list, not for the new item's page.
	truncate -s -48K "$d/filler"
	local how listing
	for how in static markdown; do
		listing=$(tree_listing "$d/${how:0:3}")
		"$P" --db "$d/site.db" export --$how "$d/${how:0:3}" >"$TMP/out" 2>&1
		rc=$?
		check "full disk: export --$how over a copy fails (exit $rc), naming the file and the reason, and changes nothing" \
			eval "[ $rc = 1 ] && has $TMP/out '$d/${how:0:3}/' && has $TMP/out 'no space left' && [ \"\$(tree_listing $d/${how:0:3})\" = '$listing' ]"
		sed 's/^/    /' "$TMP/out"
	done
	check "full disk: integrity_check ok" eval "[ \"\$(integrity $d/site.db)\" = ok ]"
	check "full disk: stored content unchanged" eval "[ \"\$(fingerprint $d/site.db)\" = $before ]"
	rm -f "$d/filler"
	"$P" --db "$d/site.db" add "$TMP/small.md" >/dev/null 2>&1
	rc=$?
	st=$(save after-full "$TMP/smallbody.txt")
	check "full disk: writing works again once there is room (add exit $rc, save $st)" \
		eval "[ $rc = 0 ] && [ '$st' = 303 ]"
	stop_server
	check "full disk: integrity_check ok at the end" eval "[ \"\$(integrity $d/site.db)\" = ok ]"
}

# ---- a read-only database ---------------------------------------------------------
read_only() {
	local d=$TMP/ro
	mkdir -p "$d"
	mount -t tmpfs -o size=4m tmpfs "$d" || { bad "read-only" "mount failed"; return; }
	MOUNTS+=("$d")
	cp "$TMP/base.db" "$d/site.db"
	local before
	before=$(fingerprint "$d/site.db")
	mount -o remount,ro "$d" || { bad "read-only" "remount,ro failed"; return; }
	"$P" --db "$d/site.db" add "$TMP/small.md" >"$TMP/out" 2>&1
	local rc=$?
	check "read-only: add fails (exit $rc), naming the file and the reason" \
		eval "[ $rc = 1 ] && has $TMP/out '$d/site.db' && has $TMP/out 'read-only'"
	sed 's/^/    /' "$TMP/out"
	"$P" --db "$d/site.db" list >"$TMP/out" 2>&1
	rc=$?
	check "read-only: list still reads the site (exit $rc)" eval "[ $rc = 0 ] && [ \$(wc -l <$TMP/out) -ge 30 ]"
	start_server "$d/site.db" || { bad "read-only: server" "did not start on a read-only site"; return; }
	public_ok "read-only: the server starts and serves the public pages"
	# Logging in writes a session: on a read-only site it is refused cleanly.
	local tok st
	tok=$(curl -s -c "$TMP/jar" "http://127.0.0.1:$PORT/admin/login" |
		grep -o 'name="login_token" value="[^"]*"' | sed 's/.*value="//; s/"$//')
	st=$(curl -s -o /dev/null -w '%{http_code}' -b "$TMP/jar" --data-urlencode "login_token=$tok" \
		--data-urlencode name=fault --data-urlencode "password=$PW" "http://127.0.0.1:$PORT/admin/login")
	check "read-only: a newsroom login gets a clean error ($st), the log says why" \
		eval "([ '$st' = 500 ] || [ '$st' = 503 ]) && has $TMP/server.log 'read-only' && alive"
	grep -i "read-only" "$TMP/server.log" | head -n 2 | sed 's/^/    /'
	"$P" --db "$d/site.db" backup "$TMP/ro-copy.db" >"$TMP/out" 2>&1
	rc=$?
	check "read-only: a backup of it works (exit $rc) and the copy is sound" \
		eval "[ $rc = 0 ] && [ \"\$(integrity $TMP/ro-copy.db)\" = ok ] && [ \"\$(fingerprint $TMP/ro-copy.db)\" = $before ]"
	"$P" --db "$d/site.db" backup "$d/copy.db" >"$TMP/out" 2>&1
	rc=$?
	check "read-only: a backup into it fails clearly (exit $rc)" \
		eval "[ $rc = 1 ] && has $TMP/out '$d/copy.db' && has $TMP/out 'read-only'"
	sed 's/^/    /' "$TMP/out"
	stop_server
	check "read-only: integrity_check ok, content unchanged" \
		eval "[ \"\$(integrity file:$d/site.db?immutable=1)\" = ok ] && [ \"\$(fingerprint file:$d/site.db?immutable=1)\" = $before ]"
	# A site another user may read but not write (the export run by a web server's
	# user, the site root's): it reads, and the static copy is made.
	# (The binary must be one that user may run: not under a folder only root enters.)
	if command -v setpriv >/dev/null && [ "$(id -u)" = 0 ] &&
		setpriv --reuid=65534 --regid=65534 --clear-groups "$P" --help >/dev/null 2>&1; then
		local o=$TMP/other
		mkdir -p "$o/site" "$o/www"
		chmod 755 "$TMP" "$o" "$o/site"
		chmod 777 "$o/www"
		cp "$TMP/base.db" "$o/site/site.db"
		chmod 644 "$o/site/site.db"
		setpriv --reuid=65534 --regid=65534 --clear-groups "$P" --db "$o/site/site.db" export --static "$o/www/copy" >"$TMP/out" 2>&1
		rc=$?
		check "read-only: another user's export of it works (exit $rc)" \
			eval "[ $rc = 0 ] && [ -f $o/www/copy/index.html ] && [ ! -e $o/site/site.db-shm ]"
		sed 's/^/    /' "$TMP/out" | grep -v "^    note:" | head -n 3
		chmod 700 "$TMP"
	else
		echo "skip read-only: another user's export (needs root, setpriv and a binary user 65534 may run)"
	fi
}

# ---- a database locked by another process ------------------------------------------
locked() {
	local db=$TMP/locked.db
	cp "$TMP/base.db" "$db"
	# A process that holds the file a moment, even against readers (an exclusive-mode
	# connection; a checkpoint's lock is like it, only shorter): a command opening the
	# site then waits for it, where it used to fail at its very first read.
	(printf "PRAGMA locking_mode=EXCLUSIVE;\nBEGIN EXCLUSIVE; SELECT count(*) FROM items; COMMIT;\nSELECT 'held';\n"; sleep 1.5) |
		sqlite3 "$db" >"$TMP/hold.out" 2>&1 &
	local holdpid=$!
	for _ in $(seq 1 50); do grep -q held "$TMP/hold.out" && break; sleep 0.1; done
	local t0l
	t0l=$(date +%s.%N)
	"$P" --db "$db" list >"$TMP/list.out" 2>&1
	local lrc=$?
	local waited
	waited=$(echo "$(date +%s.%N) - $t0l" | bc)
	wait "$holdpid"
	check "locked: a command opening the site while another process holds it a moment waits ($waited s) and works (exit $lrc)" \
		eval "[ $lrc = 0 ] && grep -q held $TMP/hold.out && [ \$(echo '$waited > 0.5' | bc) = 1 ] && ! has $TMP/list.out locked"
	sed -n '/locked/s/^/    /p' "$TMP/list.out"
	start_server "$db" || { bad "locked: server" "did not start"; return; }
	login || { bad "locked: login" "failed"; return; }
	local before
	before=$(fingerprint "$db")
	# Another process takes the write lock and holds it for 9 s.
	mkfifo "$TMP/lockfifo"
	sqlite3 "$db" <"$TMP/lockfifo" >"$TMP/lock.out" 2>&1 &
	LOCKPID=$!
	exec 7>"$TMP/lockfifo"
	echo "BEGIN EXCLUSIVE; INSERT INTO settings (key, value, updated) VALUES ('lock_probe', 'x', 0); SELECT 'locked';" >&7
	for _ in $(seq 1 50); do grep -q locked "$TMP/lock.out" && break; sleep 0.1; done
	local t0=$SECONDS
	"$P" --db "$db" add "$TMP/small.md" >"$TMP/out" 2>&1 &
	local addpid=$!
	save while-locked "$TMP/smallbody.txt" >"$TMP/save.st" &
	local savepid=$!
	sleep 0.5
	# Readers are not blocked by a writer in WAL mode: the public site answers now.
	local t1
	t1=$(date +%s.%N)
	public_ok "locked: public pages 200 while another process holds the write lock"
	# (A page on the same daemon thread as the waiting save: below, with one thread.)
	echo "    7 public pages took $(echo "$(date +%s.%N) - $t1" | bc) s while the lock was held"
	"$P" --db "$db" backup "$TMP/locked-copy.db" >"$TMP/bout" 2>&1
	local brc=$?
	check "locked: a backup works meanwhile (exit $brc) and the copy is sound" \
		eval "[ $brc = 0 ] && [ \"\$(integrity $TMP/locked-copy.db)\" = ok ] && [ \"\$(fingerprint $TMP/locked-copy.db)\" = $before ]"
	wait "$addpid"
	local rc=$?
	wait "$savepid"
	local st
	st=$(cat "$TMP/save.st")
	check "locked: add fails after the timeout (exit $rc, $((SECONDS - t0)) s), naming the file and the reason" \
		eval "[ $rc = 1 ] && has $TMP/out '$db' && has $TMP/out 'locked'"
	sed 's/^/    /' "$TMP/out"
	check "locked: a newsroom save gets 503 ($st) with the writer's text kept in the form, the log says why" \
		eval "[ '$st' = 503 ] && has $TMP/save.html 'A short text.' && has $TMP/save.html 'Saved while-locked' && has $TMP/save.html 'press Save again' && has $TMP/server.log 'locked' && alive"
	grep -i "locked" "$TMP/server.log" | head -n 2 | sed 's/^/    /'
	# A server with one daemon thread: a save waiting for the lock (the newsroom's
	# 1 s busy timeout) runs on the app's own threads, so a public page asked for
	# meanwhile on the same daemon is answered at once, long before the save is.
	stop_server
	# (7>&-: the server must not hold the lock's fifo open, or sqlite3 never ends.)
	SERVER_THREADS=1 start_server "$db" 7>&- || { bad "locked: one-thread server" "did not start"; return; }
	local t_save t_page csrf1
	csrf1=$(form_csrf)
	# The POST goes out at once (its form token is fetched already); the page is
	# asked for 0.4 s into its 1 s wait.
	( CSRF=$csrf1 save one-thread "$TMP/smallbody.txt" >"$TMP/save1.st"; date +%s.%N >"$TMP/save1.t" ) &
	savepid=$!
	sleep 0.4
	status / >"$TMP/page1.st"
	date +%s.%N >"$TMP/page1.t"
	wait "$savepid"
	t_save=$(cat "$TMP/save1.t")
	t_page=$(cat "$TMP/page1.t")
	check "locked: one daemon thread: a public page ($(cat "$TMP/page1.st")) is answered while a save waits for the lock ($(cat "$TMP/save1.st"), $(echo "$t_save - $t_page" | bc) s later)" \
		eval "[ \"\$(cat $TMP/page1.st)\" = 200 ] && [ \"\$(cat $TMP/save1.st)\" = 503 ] && [ \$(echo \"$t_save - $t_page > 0.3\" | bc) = 1 ]"
	echo "ROLLBACK;" >&7
	exec 7>&-
	wait "$LOCKPID" 2>/dev/null
	LOCKPID=
	check "locked: integrity_check ok, content unchanged" \
		eval "[ \"\$(integrity $db)\" = ok ] && [ \"\$(fingerprint $db)\" = $before ]"
	"$P" --db "$db" add "$TMP/small.md" >/dev/null 2>&1
	rc=$?
	st=$(save after-lock "$TMP/smallbody.txt")
	check "locked: writing works again once the lock is gone (add exit $rc, save $st)" \
		eval "[ $rc = 0 ] && [ '$st' = 303 ]"
	stop_server
}

# ---- failed allocations -----------------------------------------------------------------
alloc() {
	local so=$TMP/failmalloc.so
	cc -shared -fPIC -O2 -o "$so" "$HERE/failmalloc.c" || { bad "allocation" "cannot build failmalloc.so"; return; }
	local db=$TMP/alloc.db
	mkdir -p "$TMP/imp"
	md imp-a "$TMP/imp/a.md" 2
	md imp-b "$TMP/imp/b.md" 2
	local cmds=("list" "page /" "page /feed.atom" "search embassy" "add $TMP/small.md"
		"import $TMP/imp" "backup $TMP/alloc-copy.db" "config site_name Renamed"
		"export --static $TMP/alloc-export")
	local runs=0 crashes=0 silent=0 damaged=0 partial=0
	: >"$TMP/problems"
	for c in "${cmds[@]}"; do
		cp "$TMP/base.db" "$db"
		local total
		total=$(FAILMALLOC_REPORT=1 LD_PRELOAD=$so "$P" --db "$db" $c 2>&1 >/dev/null |
			sed -n 's/^failmalloc: \([0-9]*\) allocations.*/\1/p')
		[ -n "$total" ] || total=2000
		local stride=$((total / 20 + 1))
		[ "${FAULT_SWEEP:-}" = full ] && stride=1
		local before
		before=$(fingerprint "$TMP/base.db")
		for n in $(seq 1 "$stride" "$total"); do
			cp "$TMP/base.db" "$db"
			rm -f "$db-wal" "$db-shm" "$TMP"/alloc-copy.db*
			rm -rf "$TMP/alloc-export"
			runs=$((runs + 1))
			# timeout: a thread left waiting after a failure would hang the export.
			FAILMALLOC_NTH=$n LD_PRELOAD=$so timeout 120 "$P" --db "$db" $c >/dev/null 2>"$TMP/err"
			local rc=$?
			if [ $rc -gt 1 ]; then
				crashes=$((crashes + 1))
				echo "'$c' with allocation $n failing: exit $rc: $(tail -c 300 "$TMP/err")" >>"$TMP/problems"
				continue
			fi
			# 'page' mirrors the server: a page that could not be made is a 500, and
			# says why ("status 500: FILE: query: out of memory").
			if [ $rc = 1 ] && ! grep -qiE 'memory|cannot allocate' "$TMP/err"; then
				silent=$((silent + 1))
				echo "'$c' with allocation $n failing: exit 1 without saying why: $(tail -c 300 "$TMP/err")" >>"$TMP/problems"
			fi
			if [ "$(integrity "$db")" != ok ]; then
				damaged=$((damaged + 1))
				echo "'$c' with allocation $n failing: integrity_check failed" >>"$TMP/problems"
			fi
			# A failed write leaves the site as it was; a finished one is whole.
			case "$c" in
			add*) [ $rc = 1 ] && [ "$(fingerprint "$db")" != "$before" ] && partial=$((partial + 1)) ;;
			import*)
				local k
				k=$(sqlite3 "$db" "SELECT count(*) FROM items WHERE slug IN ('imp-a', 'imp-b')")
				{ [ $rc = 1 ] && [ "$k" != 0 ]; } || { [ $rc = 0 ] && [ "$k" != 2 ]; } && partial=$((partial + 1)) ;;
			backup*) [ $rc = 0 ] && [ "$(integrity "$TMP/alloc-copy.db")" != ok ] && damaged=$((damaged + 1)) ;;
			esac
		done
	done
	check "allocation: $runs runs of ${#cmds[@]} commands, each with one allocation failing: no crash ($crashes)" \
		eval "[ $crashes = 0 ]"
	check "allocation: every failure says so ('out of memory'; $silent silent)" eval "[ $silent = 0 ]"
	check "allocation: nothing damaged ($damaged), no write half done ($partial)" \
		eval "[ $damaged = 0 ] && [ $partial = 0 ]"
	sort -u "$TMP/problems" | head -n 12 | sed 's/^/    /'

	# The server under allocation failure: one allocation in 50 fails for a while.
	cp "$TMP/base.db" "$db"
	rm -f "$db-wal" "$db-shm"
	start_server "$db" LD_PRELOAD="$so" FAILMALLOC_SIGNAL=1 FAILMALLOC_NTH=1 FAILMALLOC_EVERY=50 ||
		{ bad "allocation: server" "did not start"; return; }
	login || { bad "allocation: login" "failed"; return; }
	public_ok "allocation: the pages answer before (and are cached)"
	before=$(fingerprint "$db")
	kill -USR2 "$SPID"
	local codes="" acked=0 i
	for i in $(seq 1 12); do
		for u in / "/items/$SAMPLE_SLUG" /archive "/search?q=treaty" /feed.rss "/nope-$i"; do
			codes="$codes $(status "$u")"
		done
		local st
		st=$(save "oom-$i" "$TMP/smallbody.txt")
		codes="$codes $st"
		[ "$st" = 303 ] && acked=$((acked + 1)) && echo "oom-$i" >>"$TMP/acked"
	done
	kill -USR2 "$SPID"
	local odd
	odd=$(echo "$codes" | tr ' ' '\n' | grep -vE '^(200|303|404|500|503|000|nocsrf)?$' | sort | uniq -c | tr '\n' ' ')
	check "allocation: the server survives failing allocations (answers:$(echo "$codes" | tr ' ' '\n' | sort | uniq -c | awk '{printf " %s x%s", $2, $1}'))" \
		eval "alive && [ -z '$odd' ]"
	public_ok "allocation: afterwards the public pages are 200 again"
	local st
	st=$(save after-oom "$TMP/smallbody.txt")
	check "allocation: afterwards a newsroom save works ($st)" eval "[ '$st' = 303 ]"
	stop_server
	local missing=0
	for s in $(cat "$TMP/acked" 2>/dev/null) after-oom; do
		[ "$(sqlite3 "$db" "SELECT title FROM items WHERE slug = '$s'")" = "Saved $s" ] || missing=$((missing + 1))
	done
	check "allocation: integrity_check ok; every acknowledged save ($acked under failure) is there, whole" \
		eval "[ \"\$(integrity $db)\" = ok ] && [ $missing = 0 ]"
}

# ---- a library that cannot be loaded ------------------------------------------------
# libmicrohttpd, libcurl and libxml2 are opened when a command first needs them
# (src/base/lazylib.c). In a mount namespace of its own, /dev/null is bound over one
# of them (dlopen: "file too short"): the command that needs it stops with a message
# naming the library and what it was for, writes nothing, and every other command
# (the export, the server without the feed fetcher) works as before.
can_unshare() { unshare -m true 2>/dev/null; }
# libpath SONAME: where the dynamic loader finds it (its cache).
libpath() { ldconfig -p | awk -v s="$1" '$1 == s && /x86-64|64bit|AArch64/ {print $NF; exit}'; }
# without SONAME CMD...: runs CMD in a namespace where SONAME is an empty file. It
# execs (unshare, then sh, exec in turn), so call it in a subshell: "(without ...)",
# and in the background "$!" is CMD itself.
without() {
	local lib
	lib=$(libpath "$1")
	shift
	exec unshare -m sh -c 'mount --bind /dev/null "$0" && exec "$@"' "$lib" "$@"
}
nolib() {
	local mhd curl xml
	mhd=$(strings -a "$P" | grep -m1 -E '^libmicrohttpd\.so\.[0-9]+$')
	curl=$(strings -a "$P" | grep -m1 -E '^libcurl\.so\.[0-9]+$')
	xml=$(strings -a "$P" | grep -m1 -E '^libxml2\.so\.[0-9]+$')
	if [ -z "$mhd" ] || [ -z "$curl" ] || [ -z "$xml" ] || [ -z "$(libpath "$mhd")" ] ||
		[ -z "$(libpath "$curl")" ] || [ -z "$(libpath "$xml")" ]; then
		bad "missing library" "sonames or their files not found ($mhd, $curl, $xml)"
		return
	fi
	local db=$TMP/nolib.db rc before
	cp "$TMP/base.db" "$db"
	"$P" --db "$db" syndicate add "http://127.0.0.1:9/feed.xml" --allow-private >/dev/null 2>&1
	before=$(fingerprint "$db")

	(without "$mhd" timeout 20 "$P" --db "$db" serve --listen 127.0.0.1:0) >"$TMP/out" 2>&1
	rc=$?
	check "missing library: serve without $mhd stops (exit $rc), naming the file and what it is for" \
		eval "[ $rc = 1 ] && has $TMP/out '$(libpath "$mhd")' && has $TMP/out 'needed for serve'"
	sed 's/^/    /' "$TMP/out"

	(without "$curl" timeout 20 "$P" --db "$db" syndicate run) >"$TMP/out" 2>&1
	rc=$?
	check "missing library: syndicate run without $curl fails (exit $rc), naming the feed, the file and the need" \
		eval "[ $rc = 1 ] && has $TMP/out 'http://127.0.0.1:9/feed.xml' && has $TMP/out '$(libpath "$curl")' && has $TMP/out 'needed for fetching feeds'"
	sed 's/^/    /' "$TMP/out"

	(without "$xml" timeout 20 "$P" --db "$db" import "$ROOT/tests/data/wxr/export.xml") >"$TMP/out" 2>&1
	rc=$?
	check "missing library: a WordPress import without $xml fails (exit $rc), naming both files, writing nothing" \
		eval "[ $rc = 1 ] && has $TMP/out 'tests/data/wxr/export.xml' && has $TMP/out '$(libpath "$xml")' && has $TMP/out 'nothing was written' && [ \"\$(fingerprint $db)\" = $before ]"
	sed 's/^/    /' "$TMP/out"

	(without "$curl" timeout 120 "$P" --db "$db" export --static "$TMP/nolib-site") >"$TMP/out" 2>&1
	rc=$?
	(without "$xml" timeout 120 "$P" --db "$db" export --static "$TMP/nolib-site2") >>"$TMP/out" 2>&1
	local rc2=$?
	check "missing library: export --static needs neither libcurl nor libxml2 (exit $rc, $rc2)" \
		eval "[ $rc = 0 ] && [ $rc2 = 0 ] && [ -s $TMP/nolib-site/index.html ] && [ -s $TMP/nolib-site2/feed.rss ]"

	# The server without libcurl: the public site and the newsroom need only
	# libmicrohttpd and serve as before.
	PORT=$(free_port)
	# $! is the server itself (without execs), which stop_server stops.
	(without "$curl" "$P" --db "$db" serve --listen "127.0.0.1:$PORT") >"$TMP/server.log" 2>&1 &
	SPID=$!
	for _ in $(seq 1 150); do
		[ "$(status /)" = 200 ] && break
		alive || break
		sleep 0.1
	done
	public_ok "missing library: the server without $curl serves the public pages"
	check "missing library: ... and the newsroom's login page ($(status /admin/login))" \
		eval "[ \"\$(status /admin/login)\" = 200 ]"
	stop_server
	check "missing library: integrity_check ok, content unchanged" \
		eval "[ \"\$(integrity $db)\" = ok ] && [ \"\$(fingerprint $db)\" = $before ]"
}

# timed NAME FUNCTION: runs one part and says how long it took.
timed() {
	local t0=$SECONDS
	"$2"
	echo "-- $1: $((SECONDS - t0)) s"
}
PARTS=${FAULT_PARTS:-disk readonly locked alloc nolib}
if [[ " $PARTS " == *" nolib "* ]] && ! can_unshare; then
	skip "missing library" "a mount namespace is not permitted here (unshare -m needs root)"
	PARTS=${PARTS//nolib/}
fi
if [[ " $PARTS " == *" disk "* || " $PARTS " == *" readonly "* ]] && ! can_mount; then
	skip "full disk, read-only" "mounting a tmpfs is not permitted here (needs root)"
	PARTS=${PARTS//disk/}
	PARTS=${PARTS//readonly/}
fi
if [[ " $PARTS " == *" alloc "* ]] && { nm -D "$P" 2>/dev/null | grep -q __asan_init || nm "$P" 2>/dev/null | grep -q __asan_init; }; then
	skip "allocation" "an AddressSanitizer build cannot preload failmalloc.so (the plain build runs it)"
	PARTS=${PARTS//alloc/}
fi
for part in $PARTS; do
	case $part in
	disk) timed "full disk" disk_full ;;
	readonly) timed "read-only" read_only ;;
	locked) timed "locked" locked ;;
	alloc) timed "allocation" alloc ;;
	nolib) timed "missing library" nolib ;;
	esac
done
echo "$PASS passed, $FAILN failed"
[ "$FAILN" = 0 ]
