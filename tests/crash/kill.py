#!/usr/bin/python3
"""Crash safety: SIGKILL the server at random moments while clients write.

usage: tests/crash/kill.py BUILD_DIR
env:   CRASH_ROUNDS (default 20; `make harden` runs 200), CRASH_SEED (to replay a run)

Each round starts `pressroom serve` on the site, lets writers work for a random
0.2-1.5 s and kills the server with SIGKILL, mid-write more often than not:
  - a newsroom editor logged in over HTTP, creating items and saving changes to them
    (CSRF token from the form, POST, 303 = acknowledged);
  - `pressroom add` of one to three Markdown files (exit 0 = acknowledged), and now and
    then the add process itself is killed too;
  - `pressroom import DIR` of a folder of three Markdown files;
  - the server's own feed poller importing from a local feed that grows by one entry
    at every fetch (`syndicate add --allow-private`); a "feed ...: added N" line on the
    server's stderr is written after the commit, so it is the acknowledgement.
After each kill: `sqlite3 DB 'PRAGMA integrity_check'` is ok, foreign_key_check is
empty, every acknowledged write is there field by field (kind, status, title, lead,
body, language, slug, date, source, series, part, tags, and for the newsroom its
revision row), every write that is there is whole even if unacknowledged (a batch
all or nothing, an item exactly one of the versions sent), the sample site's items
are untouched. Then the server is started again on the same file and must serve
an acknowledged item at once.
Prints "ok   name" / "FAIL name: reason", the figures, then "N passed, N failed".
"""
import http.client
import http.server
import json
import os
import random
import re
import shutil
import signal
import socket
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse

BUILD = os.path.abspath(sys.argv[1] if len(sys.argv) > 1 else "build")
BIN = os.path.join(BUILD, "pressroom")
ROUNDS = int(os.environ.get("CRASH_ROUNDS", "20"))
SEED = int(os.environ.get("CRASH_SEED", str(int(time.time() * 1000) % 1000000)))
PASSWORD = "crash-test-password-1"
BASE_TIME = 1767225600  # 2026-01-01T00:00:00Z

failures = []
passes = 0


def fail(name, msg):
    failures.append("%s: %s" % (name, msg))
    print("FAIL %s: %s" % (name, msg), flush=True)


def ok(name):
    global passes
    passes += 1
    print("ok   %s" % name, flush=True)


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def iso(t):
    return time.strftime("%Y-%m-%dT%H:%M:%S+00:00", time.gmtime(t))


# ---- the upstream feed: entry i is fixed forever; every fetch adds one -------------

def feed_entry_title(i):
    return "Feed entry %d from the ministry" % i


def feed_entry_body(i):
    return "Body of feed entry %d, about the treaty and its %d articles." % (i, i * 7)


class Upstream:
    def __init__(self):
        self.fetches = 0
        self.lock = threading.Lock()
        up = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def log_message(self, *a):
                pass

            def do_GET(self):
                with up.lock:
                    up.fetches += 1
                    k = up.fetches
                items = []
                for i in range(k, 0, -1):
                    items.append(
                        "<item><guid>urn:crash:%d</guid><title>%s</title>"
                        "<link>https://mfa.example/news/%d</link>"
                        "<pubDate>%s</pubDate><description>&lt;p&gt;%s&lt;/p&gt;</description></item>"
                        % (i, feed_entry_title(i), i,
                           time.strftime("%a, %d %b %Y %H:%M:%S +0000", time.gmtime(BASE_TIME + i * 60)),
                           feed_entry_body(i)))
                body = ("<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>Crash MFA</title>"
                        "<link>https://mfa.example/</link><description>d</description>%s"
                        "</channel></rss>" % "".join(items)).encode()
                try:
                    self.send_response(200)
                    self.send_header("Content-Type", "application/rss+xml")
                    self.send_header("Content-Length", str(len(body)))
                    self.end_headers()
                    self.wfile.write(body)
                except OSError:
                    pass  # the server was killed while it read the feed

        self.httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.port = self.httpd.server_address[1]
        threading.Thread(target=self.httpd.serve_forever, daemon=True).start()

    def close(self):
        self.httpd.shutdown()
        self.httpd.server_close()


# ---- what was written, and what may be found ------------------------------------

class Ledger:
    """Per (lang, slug): the versions that may be in the file, and whether the newest
    acknowledged one must be. Batches: slugs that must be all there or all absent."""

    def __init__(self):
        self.lock = threading.Lock()
        self.allowed = {}    # slug -> list of version dicts that may be stored
        self.acked = {}      # slug -> the version that must be stored (or None)
        self.batches = []    # (name, [slugs]) written as one transaction
        self.counts = {"newsroom": 0, "add": 0, "import": 0, "add-killed": 0,
                       "newsroom-unacked": 0, "cli-unacked": 0}

    def attempt(self, slug, version):
        with self.lock:
            self.allowed.setdefault(slug, []).append(version)

    def ack(self, slug, version, kind):
        with self.lock:
            self.allowed[slug] = [version]
            self.acked[slug] = version
            self.counts[kind] += 1


def fields_of(row):
    return {
        "kind": row["kind"], "status": row["status"], "title": row["title"],
        "lead": row["lead"], "body": row["body"], "lang": row["lang"], "slug": row["slug"],
        "published": row["published"], "source_url": row["source_url"],
        "source_title": row["source_title"], "series": row["series"], "part": row["part"],
        "tags": row["tags"].split("\n") if row["tags"] else [],
    }


def diff(want, got):
    return ", ".join("%s: want %r, got %r" % (k, want[k], got.get(k))
                     for k in want if k not in ("revision", "id") and want[k] != got.get(k))


# ---- the writers --------------------------------------------------------------------

class Newsroom:
    """An editor in the newsroom: logs in once (the session lives in the file)."""

    def __init__(self, ledger):
        self.ledger = ledger
        self.cookie = None
        self.port = None
        self.n = 0
        self.mine = {}   # slug -> [item id, revision of the acknowledged version]

    def req(self, method, path, body=None, cookie=None, timeout=10):
        c = http.client.HTTPConnection("127.0.0.1", self.port, timeout=timeout)
        try:
            h = {}
            if cookie:
                h["Cookie"] = cookie
            if body is not None:
                body = urllib.parse.urlencode(body).encode()
                h["Content-Type"] = "application/x-www-form-urlencoded"
            c.request(method, path, body=body, headers=h)
            r = c.getresponse()
            hd = {}
            for k, v in r.getheaders():
                k = k.lower()
                if k == "set-cookie" and v.startswith("pressroom_session="):
                    hd["session"] = v.split(";")[0]
                hd.setdefault(k, v)
            return r.status, hd, r.read().decode("utf-8", "replace")
        finally:
            c.close()

    def login(self):
        st, hd, body = self.req("GET", "/admin/login")
        tok = re.search(r'name="login_token" value="([^"]+)"', body).group(1)
        ck = hd["set-cookie"].split(";")[0]
        st, hd, body = self.req("POST", "/admin/login",
                                {"login_token": tok, "name": "crash", "password": PASSWORD,
                                 "next": "/admin/items"}, cookie=ck)
        if st != 303:
            raise RuntimeError("login: status %d" % st)
        self.cookie = hd["session"]

    def form(self, path):
        """csrf and revision of the editor page at path."""
        st, hd, body = self.req("GET", path, cookie=self.cookie)
        if st == 303 and "/admin/login" in hd.get("location", ""):
            self.cookie = None
            raise RuntimeError("logged out")
        if st != 200:
            raise RuntimeError("%s: status %d" % (path, st))
        csrf = re.search(r'name="csrf" value="([^"]+)"', body).group(1)
        rev = int(re.search(r'name="revision" value="(\d+)"', body).group(1))
        return csrf, rev

    def step(self):
        if not self.cookie:
            self.login()
        update = self.mine and random.random() < 0.4
        self.n += 1
        n = self.n
        if update:
            slug = random.choice(sorted(self.mine))
            item_id = self.mine[slug][0]
            csrf, rev = self.form("/admin/items/%d" % item_id)
        else:
            slug = "nr-%d-%d" % (SEED, n)
            csrf, rev = self.form("/admin/items/new")
        t = BASE_TIME + 86400 + n * 61
        version = {
            "kind": random.choice(["press-release", "statement", "interview", "news"]),
            "status": "draft", "title": "Newsroom item %s, save %d" % (slug, n),
            "lead": "Lead of save %d." % n,
            "body": "Paragraph one of save %d.\n\nParagraph two, with *emphasis* and ünïcödé %d.\n" % (n, n)
                    + ("Long text. " * random.randint(0, 2000)),
            "lang": "en", "slug": slug, "published": t,
            "source_url": "https://mfa.example/nr/%d" % n, "source_title": "Source %d" % n,
            "series": "", "part": 0, "tags": ["crash", "save-%d" % n],
        }
        fields = {
            "csrf": csrf, "revision": str(rev), "action": "save", "kind": version["kind"],
            "title": version["title"], "lead": version["lead"], "body": version["body"],
            "date": time.strftime("%Y-%m-%d", time.gmtime(t)),
            "time": time.strftime("%H:%M:%S", time.gmtime(t)), "zone": "UTC", "lang": "en",
            "slug": slug, "source_url": version["source_url"],
            "source_title": version["source_title"], "series": "", "part": "",
            "tags": ", ".join(version["tags"]), "translation_of": "",
            "embargo_date": "", "embargo_time": "", "embargo_zone": "UTC",
        }
        path = "/admin/items/%d" % self.mine[slug][0] if update else "/admin/items/new"
        self.ledger.attempt(slug, version)
        try:
            st, hd, body = self.req("POST", path, fields, cookie=self.cookie)
        except (OSError, http.client.HTTPException):
            self.ledger.counts["newsroom-unacked"] += 1
            raise
        if st != 303:
            raise RuntimeError("save %s: status %d: %s" % (slug, st, body[:300]))
        m = re.match(r"/admin/items/(\d+)\?done=", hd.get("location", ""))
        if not m:
            raise RuntimeError("save %s: redirected to %r" % (slug, hd.get("location")))
        version["revision"] = rev + 1 if update else 1
        version["id"] = int(m.group(1))
        self.mine[slug] = [int(m.group(1)), version["revision"]]
        self.ledger.ack(slug, version, "newsroom")


def md_file(path, version):
    with open(path, "w") as f:
        f.write("---\ntitle: %s\ndate: %s\nkind: %s\nlead: %s\nslug: %s\nlang: %s\n"
                "tags: [%s]\nsource: %s\nsource_title: %s\nseries: %s\npart: %d\n---\n%s"
                % (json.dumps(version["title"], ensure_ascii=False), iso(version["published"]),
                   version["kind"], json.dumps(version["lead"], ensure_ascii=False),
                   version["slug"], version["lang"], ", ".join(version["tags"]),
                   version["source_url"], json.dumps(version["source_title"]),
                   version["series"], version["part"], version["body"]))


class Cli:
    """`pressroom add` and `pressroom import` runs against the file."""

    def __init__(self, ledger, db, tmp):
        self.ledger = ledger
        self.db = db
        self.tmp = tmp
        self.n = 0
        self.proc = None
        self.kill_next = False

    def version(self, tag, n, i):
        return {
            "kind": random.choice(["statement", "news", "media-reply", "speech"]),
            "status": "published", "title": "%s %d part %d, «ёж»" % (tag, n, i),
            "lead": "The lead of %s %d/%d." % (tag, n, i),
            "body": "First paragraph of %s %d/%d.\n\nSecond paragraph.\n" % (tag, n, i)
                    + ("More text. " * random.randint(0, 3000)) + "\n",
            "lang": random.choice(["en", "ru"]), "slug": "%s-%d-%d-%d" % (tag, SEED, n, i),
            "published": BASE_TIME + n * 3600 + i, "source_url": "https://mfa.example/%s/%d" % (tag, n),
            "source_title": "Ministry %d" % n, "series": "crash-%s-%d" % (tag, n), "part": i + 1,
            "tags": ["crash", "%s%d" % (tag, n)],
        }

    def step(self):
        self.n += 1
        n = self.n
        imp = random.random() < 0.35
        tag = "imp" if imp else "add"
        k = 3 if imp else random.randint(1, 3)
        d = os.path.join(self.tmp, "w%d" % n)
        os.mkdir(d)
        versions = [self.version(tag, n, i) for i in range(k)]
        paths = []
        for v in versions:
            p = os.path.join(d, v["slug"] + ".md")
            md_file(p, v)
            paths.append(p)
            self.ledger.attempt(v["slug"], v)
        self.ledger.batches.append(("%s %d" % (tag, n), [v["slug"] for v in versions]))
        cmd = [BIN, "--db", self.db] + (["import", d] if imp else ["add"] + paths)
        self.proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        if self.kill_next:
            self.kill_next = False
            time.sleep(random.uniform(0, 0.05))
            self.proc.send_signal(signal.SIGKILL)
            self.ledger.counts["add-killed"] += 1
        out, err = self.proc.communicate()
        rc = self.proc.returncode
        shutil.rmtree(d, ignore_errors=True)
        if rc == 0:
            for v in versions:
                self.ledger.ack(v["slug"], v, "import" if imp else "add")
        elif rc == -signal.SIGKILL:
            self.ledger.counts["cli-unacked"] += 1
        else:
            # Busy past the timeout is a clean refusal, not a loss; anything else is a bug.
            msg = err.decode("utf-8", "replace").strip()
            self.ledger.counts["cli-unacked"] += 1
            if "locked" not in msg:
                raise RuntimeError("%s exited %d: %s" % (" ".join(cmd[3:4]), rc, msg))


# ---- the run ----------------------------------------------------------------------

def run(cmd, **kw):
    return subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, **kw)


def http_status(port, path, timeout=5):
    c = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    try:
        c.request("GET", path)
        r = c.getresponse()
        r.read()
        return r.status
    finally:
        c.close()


def start_server(db, log):
    port = free_port()
    p = subprocess.Popen([BIN, "--db", db, "serve", "--listen", "127.0.0.1:%d" % port, "--threads", "2"],
                         stdout=subprocess.DEVNULL, stderr=log)
    deadline = time.time() + 15
    while time.time() < deadline:
        if p.poll() is not None:
            raise RuntimeError("the server exited %d at start" % p.returncode)
        try:
            if http_status(port, "/", 2) == 200:
                return p, port
        except OSError:
            time.sleep(0.02)
    p.kill()
    raise RuntimeError("the server did not answer within 15 s")


def check_file(db, ledger, sample, syndicated_acked):
    """Returns a list of problems (empty when the file is sound and complete)."""
    problems = []
    r = run(["sqlite3", db, "PRAGMA integrity_check; PRAGMA foreign_key_check;"])
    if r.returncode != 0 or r.stdout.strip() != "ok":
        return ["integrity_check: %r %r" % (r.stdout.strip()[:500], r.stderr.strip()[:300])]
    con = sqlite3.connect("file:%s?mode=ro" % db, uri=True, timeout=30)
    con.row_factory = sqlite3.Row
    try:
        rows = con.execute(
            "SELECT i.*, (SELECT group_concat(tag, char(10)) FROM (SELECT tag FROM item_tags"
            " WHERE item_id = i.id ORDER BY pos)) AS tags FROM items i").fetchall()
        by_slug = {(r["slug"]): r for r in rows}
        with ledger.lock:
            allowed = {k: list(v) for k, v in ledger.allowed.items()}
            acked = dict(ledger.acked)
            batches = list(ledger.batches)
        # Acknowledged writes are there, whole; anything of ours there is one version sent.
        for slug, versions in allowed.items():
            row = by_slug.get(slug)
            if row is None:
                if slug in acked:
                    problems.append("acknowledged %s is missing" % slug)
                continue
            got = fields_of(row)
            if not any(not diff(v, got) for v in versions):
                problems.append("%s is no version that was sent: %s" % (slug, diff(versions[-1], got)))
                continue
            v = acked.get(slug)
            if v and v in versions and v.get("id"):
                if row["id"] != v["id"] or row["revision"] < v["revision"]:
                    problems.append("%s: id %d revision %d, acknowledged id %d revision %d"
                                    % (slug, row["id"], row["revision"], v["id"], v["revision"]))
                rev = con.execute("SELECT count(*) FROM revisions WHERE item_id = ? AND number = ?",
                                  (row["id"], v["revision"])).fetchone()[0]
                if rev != 1:
                    problems.append("%s: revision %d has no revisions row" % (slug, v["revision"]))
        for bname, slugs in batches:
            there = [s for s in slugs if s in by_slug]
            if there and len(there) != len(slugs):
                problems.append("batch %s half written: %d of %d items" % (bname, len(there), len(slugs)))
        # The sample site's items are untouched.
        for slug, want in sample.items():
            got = by_slug.get(slug)
            if got is None or fields_of(got) != want:
                problems.append("sample item %s changed or missing" % slug)
        # Syndication: entries 1..K (K = sum of acknowledged "added") are there, each whole.
        fe = con.execute("SELECT e.entry_key, e.item_id, i.title, i.body, i.source_url FROM feed_entries e"
                         " LEFT JOIN items i ON i.id = e.item_id").fetchall()
        keys = set()
        for key, item_id, title, body, src in fe:
            i = int(key.rsplit(":", 1)[1])
            keys.add(i)
            if item_id is None or title != feed_entry_title(i) or (body or "").strip() != feed_entry_body(i) \
                    or src != "https://mfa.example/news/%d" % i:
                problems.append("feed entry %d not whole: %r %r %r" % (i, title, (body or "")[:80], src))
        missing = [i for i in range(1, syndicated_acked + 1) if i not in keys]
        if missing:
            problems.append("acknowledged feed entries missing: %s" % missing[:10])
        n_items = len(rows)
    finally:
        con.close()
    return problems, n_items


def main():
    random.seed(SEED)
    print("crash test: %d rounds, seed %d (CRASH_SEED=%d replays the choices)" % (ROUNDS, SEED, SEED),
          flush=True)
    tmp = tempfile.mkdtemp(prefix="pressroom-crash-")
    db = os.path.join(tmp, "site.db")
    up = Upstream()
    ledger = Ledger()
    server = None
    t_start = time.time()
    try:
        r = run([BIN, "--db", db, "init", "--sample"])
        if r.returncode:
            fail("setup", r.stderr)
            return
        r = run([BIN, "--db", db, "user", "add", "crash", "--role", "editor"], input=PASSWORD + "\n")
        if r.returncode:
            fail("setup", "user add: " + r.stderr)
            return
        r = run([BIN, "--db", db, "syndicate", "add", "http://127.0.0.1:%d/feed.xml" % up.port,
                 "--allow-private", "--publish", "--interval", "1"])
        if r.returncode:
            fail("setup", "syndicate add: " + r.stderr)
            return
        con = sqlite3.connect(db)
        con.row_factory = sqlite3.Row
        sample = {r["slug"]: fields_of(r) for r in con.execute(
            "SELECT i.*, (SELECT group_concat(tag, char(10)) FROM (SELECT tag FROM item_tags"
            " WHERE item_id = i.id ORDER BY pos)) AS tags FROM items i")}
        con.close()
        log_path = os.path.join(tmp, "server.log")
        log = open(log_path, "ab")
        nr = Newsroom(ledger)
        cli = Cli(ledger, db, tmp)
        survived = 0
        worst_restart = 0.0
        for rnd in range(1, ROUNDS + 1):
            t0 = time.time()
            try:
                server, port = start_server(db, log)
            except RuntimeError as e:
                fail("round %d" % rnd, "restart: %s" % e)
                break
            worst_restart = max(worst_restart, time.time() - t0)
            nr.port = port
            # The first thing a restarted server does: serve an acknowledged item.
            with ledger.lock:
                pub = [s for s, v in ledger.acked.items() if v["status"] == "published" and v["lang"] == "en"]
            if pub:
                slug = random.choice(pub)
                st = http_status(port, "/items/" + slug)
                if st != 200:
                    fail("round %d" % rnd, "acknowledged /items/%s is %d after the restart" % (slug, st))
            stop = threading.Event()
            errors = []

            def loop(w):
                while not stop.is_set():
                    try:
                        w.step()
                    except (OSError, http.client.HTTPException, AttributeError):
                        # The server died under the request: unacknowledged, fine.
                        if not stop.is_set():
                            time.sleep(0.01)
                    except RuntimeError as e:
                        if not stop.is_set():
                            errors.append(str(e))
                        return

            cli.kill_next = random.random() < 0.25
            threads = [threading.Thread(target=loop, args=(w,)) for w in (nr, cli)]
            for t in threads:
                t.start()
            time.sleep(random.uniform(0.2, 1.5))
            server.send_signal(signal.SIGKILL)
            server.wait()
            server = None
            stop.set()
            for t in threads:
                t.join(60)
            log.flush()
            with open(log_path, errors="replace") as f:
                text = f.read()
            synd = sum(int(m) for m in re.findall(r"feed \S+: added (\d+)", text))
            problems, n_items = check_file(db, ledger, sample, synd)
            problems += errors
            if problems:
                fail("round %d" % rnd, "; ".join(problems[:5]))
            else:
                survived += 1
        log.close()
        elapsed = time.time() - t_start
        c = ledger.counts
        if survived == ROUNDS:
            ok("%d kills survived: integrity ok, every acknowledged write there and whole" % ROUNDS)
        with open(log_path, errors="replace") as f:
            synd = sum(int(m) for m in re.findall(r"feed \S+: added (\d+)", f.read()))
        print("figures: %d/%d kills survived in %.1f s; acknowledged: %d newsroom saves, %d items by add, "
              "%d by import, %d feed entries; unacknowledged (killed mid-write): %d newsroom, %d CLI "
              "(%d add/import processes killed too); slowest restart %.2f s; %d items at the end"
              % (survived, ROUNDS, elapsed, c["newsroom"], c["add"], c["import"], synd,
                 c["newsroom-unacked"], c["cli-unacked"], c["add-killed"], worst_restart, n_items),
              flush=True)
        if c["newsroom"] == 0 or c["add"] + c["import"] == 0 or (ROUNDS >= 10 and synd == 0):
            fail("coverage", "a writer never got a write acknowledged: %r, feed %d" % (c, synd))
        else:
            ok("every writer had writes acknowledged (newsroom, add, import, feed poller)")
    finally:
        if server:
            server.kill()
            server.wait()
        up.close()
        if failures and os.environ.get("CRASH_KEEP"):
            print("kept %s" % tmp)
        else:
            shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    try:
        main()
    except Exception as e:  # a bug of the test itself still ends with the summary line
        import traceback
        traceback.print_exc()
        fail("harness", repr(e))
    print("%d passed, %d failed" % (passes, len(failures)))
    sys.exit(1 if failures else 0)
