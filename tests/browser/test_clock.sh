#!/bin/bash
# Browser tests with headless Chromium:
#  1. clock.js on the real home page: the server runs with PRESSROOM_NOW set to a
#     time more than a year ahead, so its HTML shows the wrong date and time; after
#     the script ran, every .clock and .today-date must show the real current time
#     in its zone, carry data-live="1" and a matching datetime attribute.
#  2. clock.js on a local fixture page (file://, no CSP): unknown or empty zones keep
#     the server's text and do not stop the other clocks; half-hour and negative
#     offsets give the right datetime attribute; no script error.
#  3. No horizontal overflow at 320 and 390 px: each page's HTML with the real
#     site.css, opened from a file with a measuring script added.
#  4. Screenshots (phone 390x844, desktop 1280x900) of the home page and item pages
#     into tests/out/screenshots/ for a human to look at.
# usage: tests/browser/test_clock.sh BUILD_DIR
# Prints one line per check and ends with "N passed, N failed"; exits 1 if any failed.
# Skips (0 passed, 0 failed, exit 0) when Chromium is not installed.
set -u
BUILD=${1:?usage: tests/browser/test_clock.sh BUILD_DIR}
HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
BIN=$(cd "$BUILD" && pwd)/pressroom
CHROMIUM=${CHROMIUM:-/usr/bin/chromium}
SHOTS=$ROOT/tests/out/screenshots

if [ ! -x "$CHROMIUM" ]; then
	echo "SKIP browser tests: $CHROMIUM not found (apt-get install chromium)"
	echo "0 passed, 0 failed"
	exit 0
fi

export LC_ALL=C.UTF-8
TMP=$(mktemp -d)
SERVER_PIDS=""
cleanup() {
	for p in $SERVER_PIDS; do kill "$p" 2>/dev/null; done
	for p in $SERVER_PIDS; do wait "$p" 2>/dev/null; done
	rm -rf "$TMP"
}
trap cleanup EXIT

PASS=0
FAIL=0
ok() { PASS=$((PASS + 1)); echo "ok   $1"; }
bad() { FAIL=$((FAIL + 1)); echo "FAIL $1"; }
check() { if [ "$2" = "$3" ]; then ok "$1"; else bad "$1: got '$2', want '$3'"; fi; }

# chrome URL [extra flags...]: headless Chromium with a fresh profile.
# Chromium runs the page's timers in virtual time, up to VBUDGET seconds of it: the
# page's clock may read that much later than the wall clock when it is dumped.
VBUDGET=3
chrome() {
	local url=$1 prof
	shift
	prof=$(mktemp -d "$TMP/profile.XXXXXX")
	timeout 90 "$CHROMIUM" --headless --no-sandbox --disable-gpu --disable-quic \
		--no-first-run --disable-background-networking --disable-component-update \
		--disable-sync --disable-extensions --hide-scrollbars --user-data-dir="$prof" \
		--virtual-time-budget=$((VBUDGET * 1000)) "$@" "$url" 2>>"$TMP/chromium.log"
	local rc=$?
	rm -rf "$prof"
	return $rc
}

# start_server VAR_PORT [env...]: serves $DB on a free port; sets PORT.
PORT=
start_server() {
	local try p pid
	for try in 1 2 3 4 5 6 7 8 9 10; do
		p=$((20000 + (RANDOM * 7 + $$ + try * 101) % 40000))
		(exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null && continue	# in use
		env "$@" "$BIN" --db "$DB" serve --listen "127.0.0.1:$p" >>"$TMP/server.log" 2>&1 &
		pid=$!
		for _ in $(seq 50); do
			if curl -s -o /dev/null "http://127.0.0.1:$p/"; then
				SERVER_PIDS="$SERVER_PIDS $pid"
				PORT=$p
				return 0
			fi
			kill -0 "$pid" 2>/dev/null || break
			sleep 0.1
		done
		kill "$pid" 2>/dev/null
		wait "$pid" 2>/dev/null
	done
	return 1
}

# attr NAME < element: the value of attribute NAME in one tag.
attr() { sed -n "s/.* $1=\"\\([^\"]*\\)\".*/\\1/p"; }
# text < element: the text of a <time>…</time>.
text() { sed -n 's/.*<time[^>]*>\([^<]*\)<\/time>.*/\1/p'; }

DB=$TMP/site.db
if ! "$BIN" --db "$DB" init --sample >"$TMP/init.log" 2>&1; then
	bad "init --sample: $(head -c 300 "$TMP/init.log")"
	echo "$PASS passed, $FAIL failed"
	exit 1
fi

# --- 1. clock.js on the real home page ------------------------------------------
# The server believes it is 400 days and 3 h 17 min from now.
FAKE=$(( $(date +%s) + 400 * 86400 + 3 * 3600 + 17 * 60 ))
if start_server PRESSROOM_NOW=$FAKE; then
	BASE=http://127.0.0.1:$PORT
	curl -s "$BASE/" >"$TMP/server.html"
	T0=$(date +%s)
	chrome "$BASE/" --dump-dom >"$TMP/dom.html"
	T1=$(( $(date +%s) + VBUDGET ))

	# Sanity: the server's own HTML shows the fake time, so a pass below is the script's.
	srv=$(grep -o '<time class="clock" data-tz="Europe/London"[^>]*>[^<]*</time>' "$TMP/server.html" | text)
	check "server HTML shows the fake London time (so the script is what fixes it)" \
		"$srv" "$(TZ=Europe/London date -d "@$FAKE" +%H:%M)"

	grep -q 'data-live=' "$TMP/server.html" && bad "server HTML already has data-live" ||
		ok "server HTML has no data-live attribute"

	nclocks=0
	for zone in Europe/Moscow Europe/London; do
		el=$(grep -o "<time [^>]*class=\"clock\"[^>]*data-tz=\"$zone\"[^>]*>[^<]*</time>" "$TMP/dom.html")
		[ -n "$el" ] || { bad "clock for $zone present in the DOM"; continue; }
		nclocks=$((nclocks + 1))
		got=$(printf '%s' "$el" | text)
		live=$(printf '%s' "$el" | attr data-live)
		dt=$(printf '%s' "$el" | attr datetime)
		want0=$(TZ=$zone date -d "@$T0" +%H:%M)
		want1=$(TZ=$zone date -d "@$T1" +%H:%M)
		if [ "$got" = "$want0" ] || [ "$got" = "$want1" ]; then
			ok "clock $zone shows the current time ($got)"
		else
			bad "clock $zone: got '$got', want '$want0' or '$want1'"
		fi
		check "clock $zone marked data-live by the script" "$live" 1
		dt0=$(TZ=$zone date -d "@$T0" +%Y-%m-%dT%H:%M%:z)
		dt1=$(TZ=$zone date -d "@$T1" +%Y-%m-%dT%H:%M%:z)
		if [ "$dt" = "$dt0" ] || [ "$dt" = "$dt1" ]; then
			ok "clock $zone datetime attribute updated ($dt)"
		else
			bad "clock $zone datetime: got '$dt', want '$dt0' or '$dt1'"
		fi
	done

	el=$(grep -o '<time [^>]*class="today-date"[^>]*>[^<]*</time>' "$TMP/dom.html")
	zone=$(printf '%s' "$el" | attr data-tz)
	if [ -z "$el" ] || [ -z "$zone" ]; then
		bad "today-date with data-tz present in the DOM"
	else
		got=$(printf '%s' "$el" | text)
		want0=$(TZ=$zone date -d "@$T0" '+%-d %B %Y')
		want1=$(TZ=$zone date -d "@$T1" '+%-d %B %Y')
		if [ "$got" = "$want0" ] || [ "$got" = "$want1" ]; then
			ok "today-date ($zone) shows today's date ($got)"
		else
			bad "today-date ($zone): got '$got', want '$want0'"
		fi
		check "today-date marked data-live" "$(printf '%s' "$el" | attr data-live)" 1
		dt=$(printf '%s' "$el" | attr datetime)
		if [ "$dt" = "$(TZ=$zone date -d "@$T0" +%F)" ] || [ "$dt" = "$(TZ=$zone date -d "@$T1" +%F)" ]; then
			ok "today-date datetime attribute updated ($dt)"
		else
			bad "today-date datetime: got '$dt'"
		fi
	fi
else
	bad "server with PRESSROOM_NOW starts: $(tail -c 300 "$TMP/server.log")"
fi

# --- 1b. the Russian home page's date in Russian; the static copy's clocks ------
if start_server; then
	BASE=http://127.0.0.1:$PORT
	chrome "$BASE/ru/" --dump-dom >"$TMP/dom-ru.html"
	el=$(grep -o '<time [^>]*class="today-date"[^>]*>[^<]*</time>' "$TMP/dom-ru.html")
	got=$(printf '%s' "$el" | text)
	zone=$(printf '%s' "$el" | attr data-tz)
	day=$(TZ=${zone:-UTC} date +%-d)
	if printf '%s' "$got" | grep -Pq "^$day \\p{Cyrillic}+ $(TZ=${zone:-UTC} date +%Y)\$" &&
		[ "$(printf '%s' "$el" | attr data-live)" = 1 ]; then
		ok "the Russian home page's date stays Russian after clock.js ($got)"
	else
		bad "the Russian home page's date after clock.js: '$got'"
	fi
fi
# The static copy is read long after it was made: its clocks come hidden and empty,
# and the script fills and shows them.
if "$BIN" --db "$DB" export --static "$TMP/copy" >"$TMP/export.log" 2>&1; then
	if grep -q '<section class="today" aria-label="[^"]*" hidden>' "$TMP/copy/index.html" &&
		! grep -Eq '<time class="clock"[^>]*>[0-9]' "$TMP/copy/index.html"; then
		ok "the static copy's home page has no export-time clock (hidden, empty)"
	else
		bad "the static copy's home page shows the export's time: $(grep -o '<section class="today".\{0,300\}' "$TMP/copy/index.html")"
	fi
	# The copy is served by Python's own file server on a port the kernel picks
	# (written to a file), so it cannot meet a port another server holds.
	(cd "$TMP/copy" && exec /usr/bin/python3 -c '
import http.server, sys
s = http.server.ThreadingHTTPServer(("127.0.0.1", 0), http.server.SimpleHTTPRequestHandler)
open(sys.argv[1] + ".tmp", "w").write(str(s.server_port))
__import__("os").rename(sys.argv[1] + ".tmp", sys.argv[1])
s.serve_forever()' "$TMP/copy-port") >"$TMP/copy-server.log" 2>&1 &
	SERVER_PIDS="$SERVER_PIDS $!"
	p=
	for _ in $(seq 100); do
		[ -s "$TMP/copy-port" ] && p=$(cat "$TMP/copy-port") &&
			curl -s "http://127.0.0.1:$p/" | grep -q 'class="today"' && break
		p=
		sleep 0.1
	done
	# A dump without the page (Chromium failed to start or load it) is tried once
	# more before the check; the failure below then shows what Chromium said.
	for _ in 1 2; do
		chrome "http://127.0.0.1:$p/" --dump-dom >"$TMP/dom-copy.html"
		T1=$(( $(date +%s) + VBUDGET ))
		grep -q '<section class="today"' "$TMP/dom-copy.html" && break
	done
	el=$(grep -o '<time [^>]*class="clock"[^>]*data-tz="Europe/London"[^>]*>[^<]*</time>' "$TMP/dom-copy.html")
	got=$(printf '%s' "$el" | text)
	if grep -q '<section class="today" aria-label="[^"]*">' "$TMP/dom-copy.html" &&
		{ [ "$got" = "$(TZ=Europe/London date +%H:%M)" ] || [ "$got" = "$(TZ=Europe/London date -d "@$T1" +%H:%M)" ]; }; then
		ok "clock.js shows the static copy's clocks with the reader's time ($got)"
	else
		bad "the static copy's clocks after clock.js: '$got', $(grep -o '<section class="today"[^>]*>' "$TMP/dom-copy.html") (copy served on port '$p', $(wc -c <"$TMP/dom-copy.html") bytes dumped; server: $(tail -c 300 "$TMP/copy-server.log"); chromium: $(tail -c 300 "$TMP/chromium.log"))"
	fi
else
	bad "export --static: $(tail -c 300 "$TMP/export.log")"
fi

# --- 2. clock.js on a fixture page: bad zones, odd offsets -----------------------
cat >"$TMP/fixture.html" <<EOF
<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>clock fixture</title>
<script>window.addEventListener('error', function (e) {
  document.documentElement.setAttribute('data-error', String(e.message));
});</script>
<script src="file://$ROOT/static/clock.js" defer></script>
</head><body>
<p><time class="today-date" id="d-bad" data-tz="Mars/Olympus_Mons" datetime="2000-01-01">1 January 2000</time></p>
<ul>
<li><time class="clock" id="c-bad" data-tz="Mars/Olympus_Mons" datetime="keep">12:34</time></li>
<li><time class="clock" id="c-empty" data-tz="" datetime="keep">12:35</time></li>
<li><time class="clock" id="c-ktm" data-tz="Asia/Kathmandu" datetime="x">99:99</time></li>
<li><time class="clock" id="c-nfl" data-tz="America/St_Johns" datetime="x">99:99</time></li>
<li><time class="clock" id="c-utc" data-tz="UTC" datetime="x">99:99</time></li>
<li><time class="clock" id="c-tokyo" data-tz="Asia/Tokyo" datetime="x">99:99</time></li>
</ul>
<p><time class="today-date" id="d-tokyo" data-tz="Asia/Tokyo" datetime="2000-01-01">1 January 2000</time></p>
</body></html>
EOF
T0=$(date +%s)
chrome "file://$TMP/fixture.html" --allow-file-access-from-files --dump-dom >"$TMP/fixture.dom"
T1=$(( $(date +%s) + VBUDGET ))
byid() { grep -o "<time [^>]*id=\"$1\"[^>]*>[^<]*</time>" "$TMP/fixture.dom"; }
if ! grep -q 'id="c-ktm"' "$TMP/fixture.dom"; then
	bad "fixture page loads in Chromium"
else
	grep -q 'data-error=' "$TMP/fixture.dom" &&
		bad "no script error on the fixture ($(grep -o 'data-error="[^"]*"' "$TMP/fixture.dom"))" ||
		ok "no script error on the fixture page"
	check "unknown zone keeps the server's clock text" "$(byid c-bad | text)" "12:34"
	check "unknown zone keeps the datetime attribute" "$(byid c-bad | attr datetime)" "keep"
	check "unknown zone gets no data-live" "$(byid c-bad | attr data-live)" ""
	check "empty zone keeps the server's clock text" "$(byid c-empty | text)" "12:35"
	check "unknown zone keeps the server's date text" "$(byid d-bad | text)" "1 January 2000"
	for pair in c-ktm:Asia/Kathmandu c-nfl:America/St_Johns c-utc:UTC c-tokyo:Asia/Tokyo; do
		id=${pair%%:*}
		zone=${pair#*:}
		el=$(byid "$id")
		got="$(printf '%s' "$el" | text) $(printf '%s' "$el" | attr datetime)"
		want0="$(TZ=$zone date -d "@$T0" +%H:%M) $(TZ=$zone date -d "@$T0" +%Y-%m-%dT%H:%M%:z)"
		want1="$(TZ=$zone date -d "@$T1" +%H:%M) $(TZ=$zone date -d "@$T1" +%Y-%m-%dT%H:%M%:z)"
		if [ "$got" = "$want0" ] || [ "$got" = "$want1" ]; then
			ok "fixture clock $zone: $got"
		else
			bad "fixture clock $zone: got '$got', want '$want0'"
		fi
	done
	got=$(byid d-tokyo | text)
	if [ "$got" = "$(TZ=Asia/Tokyo date -d "@$T0" '+%-d %B %Y')" ] ||
	   [ "$got" = "$(TZ=Asia/Tokyo date -d "@$T1" '+%-d %B %Y')" ]; then
		ok "fixture date Asia/Tokyo: $got"
	else
		bad "fixture date Asia/Tokyo: got '$got'"
	fi
fi

# --- 3 and 4. Layout: overflow at phone widths, screenshots -----------------------
if start_server; then
	BASE=http://127.0.0.1:$PORT
	PAGES="/ /archive /kind/news /items/ambassador-interview-part-1
/items/position-ocean-stewardship-conference /items/article-a-century-of-north-sea-trade
/no-such-page"
	# Headless Chromium will not lay out a window narrower than 500 px, so each
	# page is measured inside an iframe of the wanted width: the page's HTML with
	# the real stylesheet, loaded from a file (no CSP there) with a measuring
	# script added that reports the document width and what sticks out (outside
	# boxes that scroll or clip) to the parent page.
	MEASURE='<script>window.addEventListener("load", function () {
var d = document.documentElement, W = d.clientWidth, out = [];
function clipped(e) { for (e = e.parentElement; e && e !== d; e = e.parentElement) {
  if (getComputedStyle(e).overflowX !== "visible") return true; } return false; }
var all = document.body.getElementsByTagName("*");
for (var i = 0; i < all.length && out.length < 5; i++) {
  var r = all[i].getBoundingClientRect();
  if (r.width && r.right > W + 0.5 && !clipped(all[i]))
    out.push(all[i].tagName.toLowerCase() + (all[i].className ? "." + all[i].className : "") + ":" + Math.round(r.right));
}
var s = document.querySelector(".skip"), f = "none";
if (s) { s.focus(); var q = s.getBoundingClientRect();
  f = (document.activeElement === s && q.top >= 0 && q.left >= 0 && q.right <= W && q.height > 0) ? "visible" : "hidden";
  if (location.hash !== "#focus") s.blur(); }
parent.postMessage(location.hash.slice(1) + " " + Math.max(d.scrollWidth, document.body.scrollWidth) + " " + W + " " + f + " " + out.join(","), "*");
});</script>'
	MEASURE=$(printf '%s' "$MEASURE" | tr '\n' ' ' | sed 's/[#&\\]/\\&/g')
	{
		echo '<!DOCTYPE html><html><head><meta charset="utf-8"><script>'
		echo 'window.addEventListener("message", function (e) {'
		echo '  var p = document.createElement("p"); p.className = "m"; p.textContent = e.data;'
		echo '  document.getElementById("r").appendChild(p); });</script></head><body>'
		echo '<div id="r"></div>'
	} >"$TMP/frames.html"
	n=0
	for page in $PAGES; do
		n=$((n + 1))
		curl -s "$BASE$page" >"$TMP/page$n.html"
		sed -e "s#href=\"/static/site.css\"#href=\"file://$ROOT/static/site.css\"#" \
		    -e "s#src=\"/static/clock.js\"#src=\"file://$ROOT/static/clock.js\"#" \
		    -e "s#</body>#$MEASURE</body>#" "$TMP/page$n.html" >"$TMP/measure$n.html"
		for w in 320 390; do
			echo "<iframe style=\"border:0;display:block\" width=\"$w\" height=\"600\" src=\"measure$n.html#$n:$w\"></iframe>"
		done >>"$TMP/frames.html"
	done
	echo '</body></html>' >>"$TMP/frames.html"
	chrome "file://$TMP/frames.html" --allow-file-access-from-files --window-size=800,800 \
		--dump-dom >"$TMP/frames.dom"
	n=0
	for page in $PAGES; do
		n=$((n + 1))
		for w in 320 390; do
			m=$(grep -o "<p class=\"m\">$n:$w [^<]*</p>" "$TMP/frames.dom" | head -1)
			m=${m#*>}
			m=${m%<*}
			set -- $m
			if [ $# -lt 4 ]; then
				bad "overflow $page at ${w}px: page not measured"
				continue
			elif [ "$3" != "$w" ]; then
				bad "overflow $page at ${w}px: iframe viewport is $3 px"
			elif [ "$2" -le "$3" ]; then
				ok "no horizontal overflow: $page at ${w}px"
			else
				bad "horizontal overflow: $page at ${w}px: document $2 px > viewport $3 px; ${5:-}"
			fi
			[ "$n" = 1 ] && check "skip link on screen when focused, ${w}px" "$4" visible
		done
	done

	# Screenshots. Desktop: the served page. Phone: a window under 500 px is laid
	# out at 500 px and cropped, so the page (the file copy above, same HTML,
	# CSS and script) is shot inside a 390 px iframe instead.
	mkdir -p "$SHOTS"
	for spec in home:1:/ archive:2:/archive interview:4:/items/ambassador-interview-part-1 \
	            statement:5:/items/position-ocean-stewardship-conference \
	            table:6:/items/article-a-century-of-north-sea-trade; do
		name=${spec%%:*}
		n=${spec#*:}
		page=${n#*:}
		n=${n%%:*}
		f=$SHOTS/$name-desktop.png
		rm -f "$f"
		chrome "$BASE$page" --window-size=1280,900 --screenshot="$f" >/dev/null
		if [ -s "$f" ]; then ok "screenshot $f"; else bad "screenshot $f"; fi
		f=$SHOTS/$name-phone.png
		rm -f "$f"
		printf '%s\n' '<!DOCTYPE html><html><body style="margin:0">' \
			"<iframe style=\"border:0;display:block\" width=\"390\" height=\"844\" src=\"measure$n.html#shot\"></iframe>" \
			'</body></html>' >"$TMP/phone$n.html"
		chrome "file://$TMP/phone$n.html" --allow-file-access-from-files \
			--window-size=390,844 --screenshot="$f" >/dev/null
		if [ -s "$f" ]; then ok "screenshot $f"; else bad "screenshot $f"; fi
	done
	# The skip link, focused (the page focuses it when its address ends in #focus).
	f=$SHOTS/skip-focus-phone.png
	rm -f "$f"
	printf '%s\n' '<!DOCTYPE html><html><body style="margin:0">' \
		'<iframe style="border:0;display:block" width="390" height="300" src="measure1.html#focus"></iframe>' \
		'</body></html>' >"$TMP/skip.html"
	chrome "file://$TMP/skip.html" --allow-file-access-from-files --window-size=390,300 --screenshot="$f" >/dev/null
	if [ -s "$f" ]; then ok "screenshot $f"; else bad "screenshot $f"; fi
else
	bad "server starts: $(tail -c 300 "$TMP/server.log")"
fi

echo "$PASS passed, $FAIL failed"
[ "$FAIL" -eq 0 ]
