#!/usr/bin/python3
"""Every response of every route carries the security headers.

usage: tests/load/headers.py BUILD_DIR

Starts `pressroom serve` on a sample site (a free 127.0.0.1 port) and asks for
every kind of route: public pages of each kind, feeds, sitemap, robots, opensearch,
search, static assets, redirects, 304s, 404s, 405, the server's own 400s for bad
framing, 413, 415, the newsroom's login page and redirects, /media/ and /preview/
404s. Each response must have
  - Content-Type, with a charset for text types (not required on 304, which has no
    body and whose headers update the cached 200's);
  - X-Content-Type-Options: nosniff;
  - Content-Security-Policy whose script-src (or default-src) has no
    'unsafe-inline' (nor 'unsafe-eval'), with object-src 'none', base-uri 'none',
    frame-ancestors 'none';
  - Referrer-Policy;
  - no Server header with a version (none at all, or one without digits).

The one exception is libmicrohttpd's own error pages, sent before pressroom sees
the request and built inside the library with no way to add headers (0.9.75):
414 (request line over the 16 KiB connection memory), 431 (headers over it), 400
for a request MHD's parser cannot read (a header line without a colon, a
Content-Length that is not a number, bad chunked encoding) and 505 (unknown HTTP version). For those the test checks what they are:
a fixed HTML text with no byte of the request in it, Connection: close, and no
Server header. (For a bad Content-Length, 0.9.75 even sends its status line and
headers twice, the second copy as if it were the body.) Prints "ok"/"FAIL" lines and "N passed, N failed"; exits 1 on failure.
"""
import http.client
import os
import re
import socket
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "lib"))
import harness  # noqa: E402
from harness import free_port  # noqa: E402

PASS = 0
FAIL = 0


def result(ok, name, why=""):
    global PASS, FAIL
    if ok:
        PASS += 1
        print("ok   " + name)
    else:
        FAIL += 1
        print("FAIL %s: %s" % (name, why))



class Server:
    def __init__(self, build):
        self.tmp = tempfile.mkdtemp()
        self.db = os.path.join(self.tmp, "site.db")
        self.port = free_port()
        bin_ = os.path.join(build, "pressroom")
        subprocess.run([bin_, "--db", self.db, "init", "--sample"], check=True,
                       capture_output=True)
        subprocess.run([bin_, "--db", self.db, "config", "base_url",
                        "http://127.0.0.1:%d" % self.port], check=True, capture_output=True)
        self.proc = subprocess.Popen(
            [bin_, "--db", self.db, "serve", "--listen", "127.0.0.1:%d" % self.port,
             "--quiet", "--threads", "2"],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        harness.wait_listening(self.proc, self.port)

    def stop(self):
        self.proc.terminate()
        try:
            rc = self.proc.wait(10)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            rc = self.proc.wait()
        subprocess.run(["rm", "-rf", self.tmp])
        return rc


class Resp:
    def __init__(self, status, headers, body):
        self.status, self.headers, self.body = status, headers, body

    def all(self, name):
        return [v for k, v in self.headers if k.lower() == name.lower()]

    def get(self, name):
        v = self.all(name)
        return v[0] if v else None


def request(port, method, path, headers=None, body=None):
    c = http.client.HTTPConnection("127.0.0.1", port, timeout=15)
    try:
        c.request(method, path, body=body, headers=headers or {})
        r = c.getresponse()
        data = r.read()
        return Resp(r.status, r.getheaders(), data)
    finally:
        c.close()


def raw(port, data, timeout=5.0):
    s = socket.create_connection(("127.0.0.1", port), timeout=timeout)
    got = b""
    try:
        try:
            s.sendall(data)
        except OSError:
            pass
        while True:
            try:
                chunk = s.recv(65536)
            except (socket.timeout, OSError):
                break
            if not chunk:
                break
            got += chunk
    finally:
        s.close()
    head, _, body = got.partition(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    m = re.match(r"^HTTP/1\.[01] (\d{3})", lines[0]) if lines and lines[0] else None
    headers = [tuple(x.strip() for x in l.split(":", 1)) for l in lines[1:] if ":" in l]
    return Resp(int(m[1]) if m else None, headers, body)


def csp_directives(v):
    d = {}
    for part in v.split(";"):
        words = part.split()
        if words:
            d[words[0].lower()] = [w.lower() for w in words[1:]]
    return d


TEXTY = re.compile(r"^(text/|application/(javascript|json|[a-z.+-]*\+(xml|json)|xml)\b)")


def problems(r):
    """What r lacks of the headers every response must carry."""
    p = []
    ct = r.all("Content-Type")
    if r.status == 304:
        pass
    elif len(ct) != 1:
        p.append("Content-Type %r" % ct)
    elif TEXTY.match(ct[0].lower()) and "charset=" not in ct[0].lower():
        p.append("Content-Type without charset: %r" % ct[0])
    if [v.lower() for v in r.all("X-Content-Type-Options")] != ["nosniff"]:
        p.append("X-Content-Type-Options %r" % r.all("X-Content-Type-Options"))
    csp = r.all("Content-Security-Policy")
    if len(csp) != 1:
        p.append("Content-Security-Policy %r" % csp)
    else:
        d = csp_directives(csp[0])
        script = d.get("script-src", d.get("default-src"))
        if script is None:
            p.append("CSP without script-src or default-src")
        elif "'unsafe-inline'" in script or "'unsafe-eval'" in script or "*" in script:
            p.append("CSP script-src allows inline/eval/any: %r" % script)
        for name in ("object-src", "base-uri", "frame-ancestors"):
            if d.get(name) != ["'none'"]:
                p.append("CSP %s is %r, not 'none'" % (name, d.get(name)))
    if not r.get("Referrer-Policy"):
        p.append("no Referrer-Policy")
    for v in r.all("Server"):
        if re.search(r"\d", v):
            p.append("Server header with a version: %r" % v)
    return p


def check(name, r, want_status):
    if isinstance(want_status, int):
        want_status = (want_status,)
    if r.status not in want_status:
        result(False, name, "status %s, expected %s" % (r.status, "/".join(map(str, want_status))))
        return
    p = problems(r)
    result(not p, "%s -> %d has every header" % (name, r.status), "; ".join(p))


def main():
    build = sys.argv[1] if len(sys.argv) > 1 else "build"
    srv = Server(os.path.abspath(build))
    port = srv.port
    try:
        g = lambda path, **kw: request(port, kw.pop("method", "GET"), path, **kw)
        archive = g("/archive").body.decode()
        items = re.findall(r'href="(/items/[^"#?]+)"', archive)
        home = g("/")
        series = re.findall(r'href="(/series/[^"#?]+)"', archive + home.body.decode())
        month = re.findall(r'href="(/archive/\d{4}/\d{2})"', archive)
        routes = [
            ("home", "/", 200),
            ("item", items[0] if items else "/items/?", 200),
            ("archive", "/archive", 200),
            ("archive page 2", "/archive/page/2", (200, 404)),
            ("archive page 1 redirect", "/archive/page/1", 301),
            ("month", month[0] if month else "/archive/2026/01", (200, 404)),
            ("kind", "/kind/press-release", 200),
            ("kind redirect", "/kind/press-release/page/1", 301),
            ("series", series[0] if series else "/series/ambassador-interview-2026", 200),
            ("feed rss", "/feed.rss", 200),
            ("feed atom", "/feed.atom", 200),
            ("feed json", "/feed.json", 200),
            ("kind feed", "/kind/interview/feed.atom", 200),
            ("sitemap", "/sitemap.xml", 200),
            ("robots", "/robots.txt", 200),
            ("opensearch", "/opensearch.xml", 200),
            ("search", "/search?q=embassy", 200),
            ("search empty", "/search", 200),
            ("search odd query", "/search?q=%22%28%2A&kind=nope&from=x", (200, 400)),
            ("other language", "/ru/", (200, 404)),
            ("unknown language", "/xx/", 404),
            ("static css", "/static/site.css", 200),
            ("static js", "/static/clock.js", 200),
            ("static admin css", "/static/admin.css", 200),
            ("static admin js", "/static/admin.js", 200),
            ("static 404", "/static/nope.js", 404),
            ("404", "/no/such/page", 404),
            ("item 404", "/items/no-such-item", 404),
            ("admin", "/admin", (200, 302, 303)),
            ("admin login page", "/admin/login", 200),
            ("admin redirect", "/admin/items", (302, 303)),
            ("admin deep redirect", "/admin/items/1/revisions", (302, 303, 404)),
            ("admin lookalike", "/administrator", 404),
            ("media 404", "/media/no-such-file.png", 404),
            ("preview 404", "/preview/no-such-token", 404),
        ]
        for name, path, want in routes:
            check("GET %s %s" % (name, path), g(path), want)
        check("HEAD /", g("/", method="HEAD"), 200)
        check("HEAD /static/site.css", g("/static/site.css", method="HEAD"), 200)

        # 304s: by ETag (a cached page, a fresh page, an asset) and by date.
        for path in ("/", "/feed.rss", "/static/site.css"):
            etag = g(path).get("ETag")
            r = g(path, headers={"If-None-Match": etag or '"x"'})
            check("GET %s If-None-Match" % path, r, 304)
        lm = g("/static/clock.js").get("Last-Modified")
        check("GET /static/clock.js If-Modified-Since", g("/static/clock.js",
              headers={"If-Modified-Since": lm or ""}), 304)

        # Methods and bodies.
        check("POST /", g("/", method="POST", body=b"a=1",
              headers={"Content-Type": "application/x-www-form-urlencoded"}), 405)
        check("DELETE /admin/items", g("/admin/items", method="DELETE"), 405)
        check("PUT /static/site.css", g("/static/site.css", method="PUT", body=b"x"), 405)
        check("POST /admin/login bad credentials", g("/admin/login", method="POST",
              body=b"user=nobody&password=wrong",
              headers={"Content-Type": "application/x-www-form-urlencoded"}),
              (200, 303, 400, 401, 403, 429))
        check("POST /admin/login wrong body type", g("/admin/login", method="POST", body=b"{}",
              headers={"Content-Type": "application/json"}), (400, 403, 415))
        r = raw(port, b"POST /admin/login HTTP/1.1\r\nHost: x\r\n"
                b"Content-Type: application/x-www-form-urlencoded\r\n"
                b"Content-Length: 999999999\r\n\r\n")
        check("POST /admin/login 1 GB declared", r, 413)

        # pressroom's own 400s for framing MHD lets through.
        framing = [
            ("two Host headers", b"GET / HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n"),
            ("HTTP/1.1 without Host", b"GET / HTTP/1.1\r\n\r\n"),
            ("Content-Length and Transfer-Encoding",
             b"POST /admin/login HTTP/1.1\r\nHost: a\r\nContent-Length: 3\r\n"
             b"Transfer-Encoding: chunked\r\n\r\n0\r\n\r\n"),
            ("two Content-Lengths", b"GET / HTTP/1.1\r\nHost: a\r\nContent-Length: 1\r\n"
             b"Content-Length: 2\r\n\r\nab"),
            ("gzip Transfer-Encoding", b"POST /admin/login HTTP/1.1\r\nHost: a\r\n"
             b"Transfer-Encoding: gzip\r\n\r\n"),
        ]
        for name, data in framing:
            check("400 for %s" % name, raw(port, data), 400)

        # libmicrohttpd's own error pages: the documented exception (see above).
        mhd = [
            ("414", b"GET /" + b"a" * 20000 + b"<script>x</script> HTTP/1.1\r\nHost: x\r\n\r\n", 414),
            ("431", b"GET / HTTP/1.1\r\nHost: x\r\nX-A: <script>" + b"a" * 20000 + b"\r\n\r\n", 431),
            ("400 header line", b"GET / HTTP/1.1\r\nHost: x\r\n<script>x</script>\r\n\r\n", 400),
            ("400 chunked", b"POST /admin/login HTTP/1.1\r\nHost: x\r\n"
             b"Content-Type: application/x-www-form-urlencoded\r\n"
             b"Transfer-Encoding: chunked\r\n\r\n<script>\r\n", 400),
            ("400 Content-Length", b"GET / HTTP/1.1\r\nHost: x\r\nContent-Length: 1<script>\r\n\r\n", 400),
            ("505", b"GET / HTTP/3.0\r\nHost: x\r\n\r\n", 505),
        ]
        for name, data, want in mhd:
            r = raw(port, data)
            why = []
            if r.status != want:
                why.append("status %s, expected %d" % (r.status, want))
            if b"script" in r.body.lower() or len(r.body) > 400:
                why.append("body is not MHD's fixed text: %r" % r.body[:200])
            if (r.get("Connection") or "").lower() != "close":
                why.append("no Connection: close")
            if r.all("Server"):
                why.append("Server header %r" % r.all("Server"))
            if r.all("Content-Security-Policy"):
                why.append("now carries a CSP: this exception can go (update headers.py)")
            result(not why, "libmicrohttpd's own %s: fixed text, Connection: close, no Server "
                   "(the documented exception: no headers can be added)" % name, "; ".join(why))
    finally:
        rc = srv.stop()
    result(rc == 0, "server stopped cleanly", "exit %s" % rc)
    print("%d passed, %d failed" % (PASS, FAIL))
    return 1 if FAIL else 0


if __name__ == "__main__":
    sys.exit(main())
