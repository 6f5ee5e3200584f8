#!/usr/bin/python3
"""`pressroom backup` while the site is under load.

usage: tests/crash/backup_load.py BUILD_DIR
env:   BACKUP_ITEMS (default 600 items of ~8 KB; `make harden` uses 5000),
       BACKUP_SECONDS (how long wrk runs; default 8)

A site of BACKUP_ITEMS items is served; wrk (or, without wrk, a Python loop) reads
the home page, the archive, an item, the feed and a search, while a writer adds items
with `pressroom add` one after another. Meanwhile three backups are taken. Proves:
each backup exits 0 while readers and the writer carry on (no HTTP errors, every add
acknowledged), each copy passes integrity_check and opens as a site
(`pressroom --db COPY list`), and is a consistent snapshot: it holds every item that
was acknowledged before the backup began, and every item it holds equals the source's
field for field (the writer never changes an item, so any difference is damage).
Prints figures (backup time and size, requests/s during the backup, items written
meanwhile, requests/s before and during the backups), then "N passed, N failed".
"""
import os
import re
import shutil
import socket
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request

BUILD = os.path.abspath(sys.argv[1] if len(sys.argv) > 1 else "build")
BIN = os.path.join(BUILD, "pressroom")
ITEMS = int(os.environ.get("BACKUP_ITEMS", "600"))
SECONDS = int(os.environ.get("BACKUP_SECONDS", "8"))

passes = 0
failures = 0


def ok(name):
    global passes
    passes += 1
    print("ok   " + name, flush=True)


def fail(name, why):
    global failures
    failures += 1
    print("FAIL %s: %s" % (name, why), flush=True)


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def run(*args, **kw):
    return subprocess.run([BIN] + list(args), stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                          text=True, **kw)


def md(path, n, words):
    body = "\n\n".join("Paragraph %d of item %d: %s" % (p, n, words) for p in range(12))
    with open(path, "w") as f:
        f.write("---\ntitle: \"Load item %d\"\ndate: 2026-02-%02dT10:%02d:00+00:00\nkind: news\n"
                "slug: load-%d\ntags: [load, t%d]\n---\n%s\n" % (n, 1 + n % 28, n % 60, n, n % 17, body))


ITEM_SQL = ("SELECT i.slug, i.kind, i.status, i.published, i.title, i.lead, i.body, i.lang,"
            " i.revision, (SELECT group_concat(tag, ',') FROM item_tags WHERE item_id = i.id)"
            " FROM items i")


def items_of(db):
    con = sqlite3.connect("file:%s?mode=ro" % db, uri=True, timeout=30)
    try:
        return {r[0]: r for r in con.execute(ITEM_SQL)}
    finally:
        con.close()


def main():
    tmp = tempfile.mkdtemp(prefix="pressroom-backup-")
    db = os.path.join(tmp, "site.db")
    server = None
    try:
        r = run("--db", db, "init", "--sample")
        if r.returncode:
            fail("setup", r.stderr)
            return
        src = os.path.join(tmp, "content")
        os.mkdir(src)
        words = "the treaty of friendship and the consular agreement, " * 12
        for n in range(ITEMS):
            md(os.path.join(src, "load-%d.md" % n), n, words)
        r = run("--db", db, "import", src)
        if r.returncode:
            fail("setup", "import: " + r.stderr)
            return
        shutil.rmtree(src)
        size = os.path.getsize(db) / 1048576
        port = free_port()
        server = subprocess.Popen([BIN, "--db", db, "serve", "--listen", "127.0.0.1:%d" % port, "--quiet"],
                                  stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        base = "http://127.0.0.1:%d" % port
        for _ in range(100):
            try:
                urllib.request.urlopen(base + "/", timeout=2).read()
                break
            except OSError:
                time.sleep(0.05)

        # The writer: one `pressroom add` after another, each acknowledged by exit 0.
        acked = []          # (time acknowledged, slug)
        stop = threading.Event()
        writer_errors = []

        def writer():
            n = ITEMS
            d = os.path.join(tmp, "w")
            os.mkdir(d)
            while not stop.is_set():
                p = os.path.join(d, "w.md")
                md(p, n, "written during the backup")
                r = run("--db", db, "add", p)
                if r.returncode:
                    writer_errors.append(r.stderr.strip())
                else:
                    acked.append((time.time(), "load-%d" % n))
                n += 1

        # The readers: wrk, or a Python loop where wrk is missing.
        paths = ["/", "/archive", "/items/load-7", "/feed.rss", "/search?q=treaty"]
        wrk = shutil.which("wrk")
        lua = os.path.join(tmp, "paths.lua")
        with open(lua, "w") as f:
            f.write("local paths = {%s}\nlocal i = 0\nrequest = function()\n"
                    "  i = i %% #paths + 1\n  return wrk.format(\"GET\", paths[i])\nend\n"
                    % ", ".join('"%s"' % p for p in paths))
        load_out = {}

        def load(key, seconds):
            if wrk:
                r = subprocess.run([wrk, "-t2", "-c32", "-d%ds" % seconds, "--timeout", "10s", "-s", lua, base],
                                   stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
                load_out[key] = r.stdout
            else:
                t_end = time.time() + seconds
                n = errs = 0
                while time.time() < t_end:
                    for p in paths:
                        try:
                            urllib.request.urlopen(base + p, timeout=10).read()
                        except OSError:
                            errs += 1
                        n += 1
                load_out[key] = "%d requests in %d.00s, %d errors\nRequests/sec: %.1f" % (
                    n, seconds, errs, n / seconds)

        # First the readers and the writer alone (the baseline), then with the backups.
        tw = threading.Thread(target=writer)
        tw.start()
        load("baseline", max(2, SECONDS // 2))
        tl = threading.Thread(target=load, args=("text", SECONDS))
        tl.start()
        time.sleep(1)
        results = []
        for k in range(3):
            copy = os.path.join(tmp, "copy-%d.db" % k)
            before = [s for t, s in acked]
            t0 = time.time()
            r = run("--db", db, "backup", copy)
            took = time.time() - t0
            results.append((copy, r, took, before))
            time.sleep(0.5)
        tl.join()
        stop.set()
        tw.join()
        text = load_out.get("text", "")
        base_rps = re.search(r"Requests/sec:\s*([\d.]+)", load_out.get("baseline", ""))
        rps = re.search(r"Requests/sec:\s*([\d.]+)", text)
        errors = re.search(r"Socket errors: (.*)", text)
        non2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", text)
        total = re.search(r"(\d+) requests in", text)
        if server.poll() is not None:
            fail("server", "exited %s during the backups: %s" % (server.returncode, server.stderr.read()[-500:]))
        if not rps or errors or non2xx or (not wrk and ", 0 errors" not in text):
            fail("readers", "errors under load: %s" % text.strip()[-600:])
        else:
            ok("readers: %s requests, no error, while backups ran" % total.group(1))
        if writer_errors:
            fail("writer", "; ".join(writer_errors[:3]))
        else:
            ok("writer: %d items added meanwhile, each acknowledged" % len(acked))
        source = items_of(db)
        for k, (copy, r, took, before) in enumerate(results):
            name = "backup %d" % (k + 1)
            if r.returncode:
                fail(name, "exit %d: %s" % (r.returncode, r.stderr.strip()))
                continue
            ic = subprocess.run(["sqlite3", copy, "PRAGMA integrity_check"], stdout=subprocess.PIPE,
                                stderr=subprocess.STDOUT, text=True).stdout.strip()
            ls = run("--db", copy, "list")
            if ic != "ok" or ls.returncode or len(ls.stdout.splitlines()) < ITEMS:
                fail(name, "integrity %r, list exit %d (%d lines): %s"
                     % (ic[:200], ls.returncode, len(ls.stdout.splitlines()), ls.stderr.strip()))
                continue
            got = items_of(copy)
            missing = [s for s in before if s not in got]
            differ = [s for s, row in got.items() if source.get(s) != row]
            if missing or differ:
                fail(name, "not a consistent snapshot: missing %s, differing %s" % (missing[:5], differ[:5]))
                continue
            leftovers = [f for f in os.listdir(tmp) if ".tmp-" in f]
            if leftovers:
                fail(name, "temporary files left: %s" % leftovers)
                continue
            ok("%s: %s (%.2f s); integrity ok, opens as a site, %d items, a consistent snapshot"
               % (name, r.stdout.strip(), took, len(got)))
        print("figures: site of %d items (%.1f MiB); backups took %s s while serving %s requests/s "
              "(%s requests/s before the backups; %s, 5 pages) and adding %d items"
              % (ITEMS + 30, size, ", ".join("%.2f" % t for _, _, t, _ in results),
                 rps.group(1) if rps else "?", base_rps.group(1) if base_rps else "?",
                 "wrk -t2 -c32" if wrk else "python loop", len(acked)),
              flush=True)
    finally:
        if server and server.poll() is None:
            server.terminate()
            server.wait(10)
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    try:
        main()
    except Exception as e:
        import traceback
        traceback.print_exc()
        fail("harness", repr(e))
    print("%d passed, %d failed" % (passes, failures))
    sys.exit(1 if failures else 0)
