#!/usr/bin/python3
"""The real pressroom server on a loopback port, driven by real clients, and the CLI.

usage: tests/http/test_site.py BUILD_DIR

Makes a temp database (init --sample plus tests/data/items), starts
`pressroom serve --quiet` on a free 127.0.0.1 port, runs every test in order and
prints one line per test ("ok   name" or "FAIL name: reason"), then
"N passed, N failed". Exits 1 if any test failed. Always stops the server.
Run with Debian's /usr/bin/python3 (python3-feedparser, python3-html5lib).
"""
import datetime
import email.utils
import glob
import hashlib
import json
import os
import re
import socket
import sqlite3
import subprocess
import sys
import time
import urllib.parse
import xml.etree.ElementTree as ET
from zoneinfo import ZoneInfo

import feedparser

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
sys.path.insert(0, os.path.join(os.path.dirname(HERE), "lib"))
sys.dont_write_bytecode = True      # no __pycache__ left in tests/lib
import harness
from harness import Fail, check, free_port, loose_html, run, strict_html, text_of, wait_for

ITEMS_DIR = os.path.join(ROOT, "tests", "data", "items")
BAD_DIR = os.path.join(ROOT, "tests", "data", "bad")
SAMPLE_DIR = os.path.join(ROOT, "sample")
CHECK_FEEDS = os.path.join(ROOT, "tests", "feeds", "check_feeds.py")
PYTHON = "/usr/bin/python3"

SITE_TZ = ZoneInfo("Europe/London")
KINDS = ["press-release", "news", "statement", "interview", "media-reply", "speech",
         "article", "comment"]
COMMANDS = ["init", "serve", "add", "list", "config", "page"]
MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August",
          "September", "October", "November", "December"]
PER_PAGE = 10      # the sample site's per_page


# ---- the fixtures, read independently of pressroom -----------------------------

def parse_date(v):
    m = re.match(r"^(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T](\d{1,2}):(\d{2})(?::(\d{2}))?)?\s*(Z)?$", v)
    if not m:
        raise ValueError("fixture date %r" % v)
    y, mo, d = int(m[1]), int(m[2]), int(m[3])
    h, mi, s = int(m[4] or 0), int(m[5] or 0), int(m[6] or 0)
    tz = datetime.timezone.utc if m[7] else SITE_TZ
    return int(datetime.datetime(y, mo, d, h, mi, s, tzinfo=tz).timestamp())


def read_fixture(path):
    with open(path, encoding="utf-8") as f:
        text = f.read()
    head, body = text.split("\n---\n", 1)
    it = {"path": path, "body": body, "draft": False, "series": "", "part": 0,
          "source": "", "lang": "en", "lead": ""}
    for line in head.splitlines()[1:]:
        m = re.match(r"^([A-Za-z_]+):\s*(.*)$", line)
        if not m:
            continue
        k, v = m[1], m[2].strip()
        if len(v) >= 2 and v[0] == '"' and v[-1] == '"':
            v = v[1:-1].replace('\\"', '"')
        if k == "date":
            it["published"] = parse_date(v)
        elif k == "draft":
            it["draft"] = v.lower() in ("true", "yes")
        elif k == "part":
            it["part"] = int(v)
        elif k in ("title", "kind", "lead", "slug", "lang", "series", "source", "source_title",
                   "translationKey"):
            it[k] = v
    return it


def fixtures():
    files = sorted(glob.glob(os.path.join(SAMPLE_DIR, "*.md"))) + \
        sorted(glob.glob(os.path.join(ITEMS_DIR, "*.md")))
    return [read_fixture(p) for p in files]


def public(items, now, lang="en", kind=None):
    """The default language's public items, newest first (as the site lists them)."""
    out = [i for i in items if not i["draft"] and i["published"] <= now and i["lang"] == lang
           and (kind is None or i["kind"] == kind)]
    return sorted(out, key=lambda i: -i["published"])


def date_long(t):
    d = datetime.datetime.fromtimestamp(t, SITE_TZ)
    return "%d %s %04d" % (d.day, MONTHS[d.month - 1], d.year)


def date_short(t):
    return datetime.datetime.fromtimestamp(t, SITE_TZ).strftime("%d.%m.%Y")


def utc_iso(t):
    return datetime.datetime.fromtimestamp(t, datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


# ---- the harness ---------------------------------------------------------------

ENV = harness.Env()
SUITE = harness.Suite()
test = SUITE.test


def pr(db, *args, timeout=20):
    return harness.pressroom(ENV.bin, db, *args, timeout=timeout, cwd=ROOT)


def get(path, headers=None, method="GET"):
    return harness.get(ENV.port, path, headers, method)


def raw(data, timeout=5.0):
    """Sends bytes on a fresh connection; returns (status line, response bytes, closed)."""
    s = socket.create_connection(("127.0.0.1", ENV.port), timeout=timeout)
    try:
        try:
            s.sendall(data)
        except (BrokenPipeError, ConnectionResetError):
            pass
        got = b""
        closed = False
        deadline = time.time() + timeout
        while time.time() < deadline:
            try:
                chunk = s.recv(65536)
            except socket.timeout:
                break
            except ConnectionResetError:
                closed = True
                break
            if not chunk:
                closed = True
                break
            got += chunk
        status = got.split(b"\r\n", 1)[0].decode("latin-1")
        return status, got, closed
    finally:
        s.close()


def status_code(status_line):
    m = re.match(r"^HTTP/1\.[01] (\d{3})", status_line)
    return int(m[1]) if m else None


def start_server():
    ENV.port = free_port()
    ENV.base = "http://127.0.0.1:%d" % ENV.port
    r = pr(ENV.db, "config", "base_url", ENV.base)
    check(r.returncode == 0, "config base_url: %s" % r.stderr)
    ENV.serve(threads=4)


# ---- HTML helpers ----------------------------------------------------------------

def find_class(root, tag, cls):
    return [e for e in root.iter(tag) if cls in (e.get("class") or "").split()]


def links(root):
    out = []
    for e in root.iter():
        if not isinstance(e.tag, str):
            continue
        for a in ("href", "src"):
            v = e.get(a)
            if v is not None:
                out.append(v)
    return out


def internal_path(url):
    """The path of an internal link, without fragment, or None."""
    if url.startswith(ENV.base + "/") or url == ENV.base:
        url = url[len(ENV.base):] or "/"
    if not url.startswith("/") or url.startswith("//"):
        return None
    url = url.split("#", 1)[0]
    return url or None


def crawl():
    """Fetches every page reachable from / by internal href/src links (cached)."""
    if getattr(ENV, "crawled", None) is not None:
        return ENV.crawled
    seen = {}
    queue = ["/"]
    queued = {"/"}
    while queue and len(seen) < 600:
        path = queue.pop(0)
        r = get(path)
        seen[path] = r
        ct = r.header("Content-Type") or ""
        if r.status == 200 and ct.startswith("text/html"):
            for u in links(loose_html(r.body)):
                p = internal_path(u)
                if p and p not in queued:
                    queued.add(p)
                    queue.append(p)
    ENV.crawled = seen
    return seen


def html_pages():
    return {p: r for p, r in crawl().items()
            if r.status == 200 and (r.header("Content-Type") or "").startswith("text/html")}


def for_every_page(fn):
    """Runs fn(path, tree, resp) on every crawled HTML page; collects the failures."""
    errors = []
    pages = html_pages()
    check(len(pages) > 20, "crawl found only %d HTML pages" % len(pages))
    for path, r in sorted(pages.items()):
        try:
            fn(path, loose_html(r.body), r)
        except Fail as e:
            errors.append("%s: %s" % (path, e))
    check(not errors, "%d page(s): %s" % (len(errors), "; ".join(errors[:4])))


# ---- routes and headers ------------------------------------------------------------

def route_table():
    now = time.time()
    pub = public(ENV.items, now)
    series = [i for i in pub if i["series"]][0]["series"]
    month = datetime.datetime.fromtimestamp(pub[0]["published"], SITE_TZ)
    ru = public(ENV.items, now, lang="ru")[0]["slug"]
    rows = [
        ("/", 200, "text/html; charset=utf-8"),
        ("/items/" + pub[0]["slug"], 200, "text/html; charset=utf-8"),
        ("/archive", 200, "text/html; charset=utf-8"),
        ("/archive/page/2", 200, "text/html; charset=utf-8"),
        ("/archive/%04d/%02d" % (month.year, month.month), 200, "text/html; charset=utf-8"),
        ("/series/" + series, 200, "text/html; charset=utf-8"),
        ("/feed.rss", 200, "application/rss+xml; charset=utf-8"),
        ("/feed.atom", 200, "application/atom+xml; charset=utf-8"),
        ("/feed.json", 200, "application/feed+json; charset=utf-8"),
        ("/sitemap.xml", 200, "application/xml; charset=utf-8"),
        ("/robots.txt", 200, "text/plain; charset=utf-8"),
        ("/static/site.css", 200, "text/css; charset=utf-8"),
        ("/static/clock.js", 200, "text/javascript; charset=utf-8"),
        ("/no/such/page", 404, "text/html; charset=utf-8"),
        ("/items/no-such-item", 404, "text/html; charset=utf-8"),
        ("/static/no-such.css", 404, "text/html; charset=utf-8"),
    ]
    for k in KINDS:
        rows.append(("/kind/" + k, 200, "text/html; charset=utf-8"))
        rows.append(("/kind/%s/feed.rss" % k, 200, "application/rss+xml; charset=utf-8"))
        rows.append(("/kind/%s/feed.atom" % k, 200, "application/atom+xml; charset=utf-8"))
        rows.append(("/kind/%s/feed.json" % k, 200, "application/feed+json; charset=utf-8"))
    # routes.md: another language's pages sit under /<lang>/ with the same shapes.
    rows.append(("/ru/", 200, "text/html; charset=utf-8"))
    rows.append(("/ru/items/" + ru, 200, "text/html; charset=utf-8"))
    rows.append(("/ru/archive", 200, "text/html; charset=utf-8"))
    return rows


def item_path(it):
    return ("" if it["lang"] == "en" else "/" + it["lang"]) + "/items/" + it["slug"]


@test("translations: each page of a translated item links the others (sample and fixtures)")
def t_translations():
    now = int(time.time())
    groups = {}
    for it in ENV.items:
        if it.get("translationKey") and not it["draft"] and it["published"] <= now:
            groups.setdefault(it["translationKey"], []).append(it)
    pairs = [g for g in groups.values() if len(g) > 1]
    in_sample = [g for g in pairs if any(i["path"].startswith(SAMPLE_DIR) for i in g)]
    check(len(in_sample) >= 2, "the sample site has %d translated items" % len(in_sample))
    for g in pairs:
        for it in g:
            r = get(item_path(it))
            check(r.status == 200, "%s: %d" % (item_path(it), r.status))
            for other in g:
                if other is it:
                    continue
                p = item_path(other)
                check(re.search(r'<link rel="alternate" hreflang="%s" href="[^"]*%s">'
                                % (other["lang"], re.escape(p)), r.text),
                      "%s has no <link hreflang=%s> to %s" % (item_path(it), other["lang"], p))
                check('<a href="%s" hreflang="%s"' % (p, other["lang"]) in r.text,
                      "%s has no visible link to %s" % (item_path(it), p))


def check_security_headers(r):
    check(r.header("X-Content-Type-Options") == "nosniff", "X-Content-Type-Options is %r"
          % r.header("X-Content-Type-Options"))
    csp = r.header("Content-Security-Policy")
    check(csp, "no Content-Security-Policy")
    check("unsafe-inline" not in csp, "CSP allows 'unsafe-inline'")
    for d in ("object-src 'none'", "base-uri 'none'", "frame-ancestors 'none'"):
        check(d in csp, "CSP lacks %s" % d)
    # Images the sanitizer keeps (http and https) are ones the policy lets show.
    img = [d.split()[1:] for d in csp.split(";") if d.split()[:1] == ["img-src"]]
    check(img and "https:" in img[0] and "http:" in img[0], "CSP img-src: %r" % img)
    check(r.header("Referrer-Policy"), "no Referrer-Policy")
    srv = r.header("Server")
    check(srv is None or not re.search(r"\d", srv), "Server header with a version: %r" % srv)


@test("routes: status, Content-Type with charset, security headers")
def t_routes():
    errors = []
    for path, status, ctype in route_table():
        r = get(path)
        try:
            check(r.status == status, "status %d, expected %d" % (r.status, status))
            check(r.header("Content-Type") == ctype, "Content-Type %r, expected %r"
                  % (r.header("Content-Type"), ctype))
            check_security_headers(r)
            if status == 200:
                check(len(r.body) > 0, "empty body")
        except Fail as e:
            errors.append("%s: %s" % (path, e))
    check(not errors, "%d route(s) wrong: %s" % (len(errors), "; ".join(errors)))


@test("routes: other-language pages under /<lang>/ (routes.md)")
def t_lang_routes():
    now = time.time()
    errors = []
    for lang in ("ru",):
        for it in public(ENV.items, now, lang=lang):
            r = get("/%s/items/%s" % (lang, it["slug"]))
            if r.status != 200 or it["title"] not in r.text:
                errors.append("/%s/items/%s: %d" % (lang, it["slug"], r.status))
        r = get("/%s/" % lang)
        if r.status != 200:
            errors.append("/%s/: %d" % (lang, r.status))
    check(not errors, "; ".join(errors))


@test("routes: the feed addresses of WordPress, Ghost, Hugo and Jekyll lead to our feeds (301)")
def t_legacy_feeds():
    want = {"/feed": "/feed.rss", "/feed/": "/feed.rss", "/feed/rss2/": "/feed.rss",
            "/feed/rss": "/feed.rss", "/rss/": "/feed.rss", "/rss.xml": "/feed.rss",
            "/index.xml": "/feed.rss", "/feed/atom/": "/feed.atom", "/atom.xml": "/feed.atom",
            "/feed.xml": "/feed.atom", "/ru/feed/": "/ru/feed.rss", "/ru/index.xml": "/ru/feed.rss"}
    for path, to in want.items():
        r = get(path)
        check(r.status == 301 and r.header("Location") == to,
              "%s: %d %s, not a 301 to %s" % (path, r.status, r.header("Location"), to))
    check(get("/feed/rss3").status == 404 and get("/xx/feed").status == 404, "not every path is a feed")
    # WordPress without pretty permalinks: its feed is a query of the home page.
    for q, to in (("/?feed=rss2", "/feed.rss"), ("/?feed=atom", "/feed.atom"),
                  ("/index.php?feed=rss2", "/feed.rss")):
        r = get(q)
        check(r.status == 301 and r.header("Location") == to, "%s: %d %s" % (q, r.status, r.header("Location")))
    check(get("/?feed=comments-rss2").status == 200, "an unknown feed query is not the home page")
    # A feed reader subscribed at the old address follows the 301 to the same entries.
    for old, new in (("/feed/", "/feed.rss"), ("/feed/atom/", "/feed.atom"), ("/ru/feed", "/ru/feed.rss")):
        a, b = feedparser.parse(ENV.base + old), feedparser.parse(ENV.base + new)
        check(not a.bozo and a.get("status") == 301 and a.href == ENV.base + new,
              "%s: %r %s %s" % (old, a.get("bozo_exception"), a.get("status"), a.get("href")))
        check(len(a.entries) > 0 and [e.link for e in a.entries] == [e.link for e in b.entries],
              "%s: %d entries, %d at %s" % (old, len(a.entries), len(b.entries), new))


@test("routes: HEAD answers like GET without a body")
def t_head():
    for path in ("/", "/archive", "/feed.rss", "/static/site.css"):
        g, h = get(path), get(path, method="HEAD")
        check(h.status == g.status == 200, "%s: HEAD %d GET %d" % (path, h.status, g.status))
        check(h.body == b"", "%s: HEAD has a body" % path)
        check(h.header("Content-Type") == g.header("Content-Type"), "%s: Content-Type differs" % path)


@test("routes: other methods are refused (405)")
def t_methods():
    r = get("/", method="POST")
    check(r.status == 405, "POST / gave %d" % r.status)
    check("GET" in (r.header("Allow") or ""), "no Allow header")


@test("crawl: every internal link from / answers (no 404/500)")
def t_crawl():
    pages = crawl()
    bad = ["%s -> %d" % (p, r.status) for p, r in sorted(pages.items()) if r.status >= 400]
    check(len(pages) > 40, "crawl reached only %d URLs" % len(pages))
    check(not bad, "%d broken: %s" % (len(bad), ", ".join(bad[:10])))
    # Every public default-language item was reachable by links.
    now = time.time()
    missing = [i["slug"] for i in public(ENV.items, now) if "/items/" + i["slug"] not in pages]
    check(not missing, "items not linked from anywhere: %s" % missing)


@test("crawl: security headers on every crawled response")
def t_crawl_headers():
    errors = []
    for p, r in crawl().items():
        try:
            check_security_headers(r)
            ct = r.header("Content-Type") or ""
            check("charset=utf-8" in ct or ct.startswith("image/"), "Content-Type %r" % ct)
        except Fail as e:
            errors.append("%s: %s" % (p, e))
    check(not errors, "; ".join(errors[:5]))


# ---- every HTML page -------------------------------------------------------------

@test("html: every page passes a strict HTML5 parse")
def t_html5():
    errors = []
    for path, r in sorted(html_pages().items()):
        try:
            strict_html(r.body)
        except Exception as e:  # html5lib raises ParseError
            errors.append("%s: %s" % (path, e))
    check(len(html_pages()) > 20, "too few pages")
    check(not errors, "; ".join(errors[:5]))


@test("html: <html lang>, one <main>, header and nav, <meta viewport>")
def t_html_frame():
    def one(path, t, r):
        check(t.get("lang"), "no <html lang>")
        check(len(list(t.iter("main"))) == 1, "%d <main>" % len(list(t.iter("main"))))
        check(list(t.iter("header")), "no <header>")
        check(list(t.iter("nav")), "no <nav>")
        head = t.find("head")
        check(any(m.get("name") == "viewport" for m in head.iter("meta")), "no meta viewport")
        check(head.find("title") is not None and text_of(head.find("title")), "no <title>")
    for_every_page(one)


@test("html: exactly one <h1>, headings do not skip levels")
def t_headings():
    def one(path, t, r):
        hs = [e for e in t.iter() if isinstance(e.tag, str) and re.match(r"^h[1-6]$", e.tag)]
        check(sum(1 for h in hs if h.tag == "h1") == 1,
              "%d <h1>" % sum(1 for h in hs if h.tag == "h1"))
        prev = 0
        for h in hs:
            lvl = int(h.tag[1])
            check(lvl <= prev + 1, "h%d after h%d (%r)" % (lvl, prev, text_of(h)[:40]))
            prev = lvl
    for_every_page(one)


@test("html: no inline script code, no on* attributes")
def t_no_inline_js():
    def one(path, t, r):
        for s in t.iter("script"):
            if s.get("src"):
                check(not (s.text or "").strip(), "script with src and code")
                continue
            check(s.get("type") == "application/ld+json", "inline script: %r" % (s.text or "")[:60])
            json.loads(s.text or "")
        for e in t.iter():
            if not isinstance(e.tag, str):
                continue
            for a in e.attrib:
                check(not a.lower().startswith("on"), "<%s %s=...>" % (e.tag, a))
            for a in ("href", "src", "action"):
                v = (e.get(a) or "").strip().lower()
                check(not v.startswith("javascript:"), "<%s %s=%r>" % (e.tag, a, v))
    for_every_page(one)


@test("html: the three feed <link rel=alternate> in <head>")
def t_feed_links():
    def one(path, t, r):
        head = t.find("head")
        alts = {l.get("type"): l.get("href") for l in head.iter("link") if l.get("rel") == "alternate"}
        for typ, ext in (("application/rss+xml", "rss"), ("application/atom+xml", "atom"),
                         ("application/feed+json", "json")):
            check(typ in alts, "no %s alternate" % typ)
            check(alts[typ].endswith("feed." + ext), "%s links %s" % (typ, alts[typ]))
    for_every_page(one)


# ---- home --------------------------------------------------------------------------

def home():
    t0 = time.time()
    r = get("/")
    t1 = time.time()
    check(r.status == 200, "/ gave %d" % r.status)
    return r, loose_html(r.body), t0, t1


@test("home: today's date in the site's zone")
def t_home_date():
    r, t, t0, t1 = home()
    el = find_class(t, "time", "today-date")
    check(el, "no time.today-date")
    want = {date_long(t0), date_long(t1)}
    check(text_of(el[0]) in want, "date %r, expected %s" % (text_of(el[0]), want))
    iso = {datetime.datetime.fromtimestamp(x, SITE_TZ).strftime("%Y-%m-%d") for x in (t0, t1)}
    check(el[0].get("datetime") in iso, "datetime=%r" % el[0].get("datetime"))


@test("home: Moscow and London clocks show the current HH:MM")
def t_home_clocks():
    r, t, t0, t1 = home()
    clocks = {}
    for li in t.iter("li"):
        city = find_class(li, "span", "city")
        tm = find_class(li, "time", "clock")
        if city and tm:
            clocks[text_of(city[0])] = text_of(tm[0])
    for city, zone in (("Moscow", "Europe/Moscow"), ("London", "Europe/London")):
        check(city in clocks, "no %s clock (have %s)" % (city, sorted(clocks)))
        want = {datetime.datetime.fromtimestamp(x, ZoneInfo(zone)).strftime("%H:%M")
                for x in (t0 - 1, t1)}
        check(clocks[city] in want, "%s shows %s, expected %s" % (city, clocks[city], want))
    check(clocks["Moscow"] != clocks["London"], "Moscow and London show the same time")


@test("home: contact block with a mailto: link")
def t_home_contact():
    r, t, _, _ = home()
    sec = find_class(t, "section", "contact")
    check(sec, "no section.contact")
    mails = [a.get("href") for a in sec[0].iter("a") if (a.get("href") or "").startswith("mailto:")]
    check(mails == ["mailto:consular@veloria-embassy.example"], "mailto links: %s" % mails)
    check("Harrowgate Terrace" in text_of(sec[0]), "no address")


@test("home: the newest item with a full text, of any kind, with its lead")
def t_home_lead():
    r, t, t0, _ = home()
    cands = [i for i in public(ENV.items, t0) if i["body"].strip()]
    want = cands[0]
    sec = find_class(t, "section", "featured")
    check(sec, "no section.featured")
    art = sec[0].find(".//article")
    check(art is not None, "no featured article (newest is %r)" % want["title"])
    h = art.find(".//h3")
    check(h is not None and text_of(h) == want["title"], "featured %r, expected %r"
          % (text_of(h) if h is not None else None, want["title"]))
    leads = find_class(art, "p", "lead")
    check(leads and text_of(leads[0]) == want["lead"], "lead missing or wrong")
    hrefs = [a.get("href") for a in art.iter("a")]
    check("/items/" + want["slug"] in hrefs, "no link to the item")


@test("home: Latest events, dd.mm.yyyy – title – lead, newest first")
def t_home_events():
    r, t, t0, _ = home()
    sec = find_class(t, "section", "events")
    check(sec, "no section.events")
    check(any(text_of(h) == "Latest events" for h in sec[0].iter("h2")), "no 'Latest events' heading")
    entries = find_class(sec[0], "li", "entry")
    want = public(ENV.items, t0)[:len(entries)]
    check(len(entries) >= 5, "only %d events" % len(entries))
    for li, it in zip(entries, want):
        head = text_of(find_class(li, "p", "entry-head")[0])
        exp = "%s \u2013 %s" % (date_short(it["published"]), it["title"])
        check(head == exp, "entry %r, expected %r" % (head, exp))
        lead = find_class(li, "p", "lead")
        check(lead and text_of(lead[0]) == it["lead"], "lead of %s" % it["slug"])
    check("/archive" in [a.get("href") for a in sec[0].iter("a")], "no link to /archive")


# ---- item pages --------------------------------------------------------------------

def item_page(slug):
    r = get("/items/" + slug)
    check(r.status == 200, "/items/%s gave %d" % (slug, r.status))
    return r, loose_html(r.body)


def by_slug(slug):
    return [i for i in ENV.items if i["slug"] == slug][0]


@test("item: kind, date, lead, source link")
def t_item_basic():
    it = by_slug("position-ocean-stewardship-conference")
    r, t = item_page(it["slug"])
    kind = find_class(t, "p", "kind")
    check(kind and kind[0].find("a").get("href") == "/kind/statement", "kind link")
    check(text_of(kind[0]) == "Statement", "kind label %r" % text_of(kind[0]))
    check(text_of(t.find(".//h1")) == it["title"], "h1")
    tm = t.find(".//article//p[@class='meta']/time")
    check(tm is not None and tm.get("datetime") == utc_iso(it["published"]), "datetime")
    check(text_of(tm) == date_long(it["published"]), "date %r" % text_of(tm))
    src = find_class(t, "p", "source")
    check(src and src[0].find("a").get("href") == it["source"], "source link")
    check(text_of(src[0].find("a")) == it["source_title"], "source title")
    check(r.header("Last-Modified"), "no Last-Modified")


@test("item: drafts and future items are 404")
def t_item_hidden():
    now = time.time()
    hidden = [i for i in ENV.items if i["lang"] == "en" and (i["draft"] or i["published"] > now)]
    check(hidden, "no hidden fixtures")
    for it in hidden:
        r = get("/items/" + it["slug"])
        check(r.status == 404, "%s gave %d" % (it["slug"], r.status))
        check(it["title"] not in get("/archive").text, "%s listed in /archive" % it["slug"])
    # The not-found page has no address of its own to give search engines.
    page = get("/no/such/page").text
    check('rel="canonical"' not in page and 'og:url' not in page and
          '<meta name="robots" content="noindex">' in page, page[:1500])


@test("item: series navigation both ways")
def t_item_series():
    for a, b in (("ambassador-interview-part-1", "ambassador-interview-part-2"),
                 ("minister-interview-part-1", "minister-interview-part-2")):
        _, t1 = item_page(a)
        _, t2 = item_page(b)
        nxt = [x.get("href") for x in t1.iter("a") if x.get("rel") == "next"]
        prv = [x.get("href") for x in t2.iter("a") if x.get("rel") == "prev"]
        check(nxt == ["/items/" + b], "%s: rel=next %s" % (a, nxt))
        check(prv == ["/items/" + a], "%s: rel=prev %s" % (b, prv))
        check(not [x for x in t1.iter("a") if x.get("rel") == "prev"], "%s has a prev" % a)
        for t, here in ((t1, a), (t2, b)):
            nav = find_class(t, "nav", "series")
            check(nav, "%s: no nav.series" % here)
            cur = [li for li in nav[0].iter("li") if li.get("aria-current") == "page"]
            check(len(cur) == 1 and text_of(cur[0]) == by_slug(here)["title"], "aria-current")


@test("item: OpenGraph meta and JSON-LD NewsArticle")
def t_item_meta():
    it = by_slug("ambassador-interview-part-1")
    r, t = item_page(it["slug"])
    og = {m.get("property"): m.get("content") for m in t.find("head").iter("meta") if m.get("property")}
    check(og.get("og:title") == it["title"], "og:title %r" % og.get("og:title"))
    check(og.get("og:type") == "article", "og:type %r" % og.get("og:type"))
    check(og.get("og:url") == ENV.base + "/items/" + it["slug"], "og:url %r" % og.get("og:url"))
    lds = [s for s in t.iter("script") if s.get("type") == "application/ld+json"]
    check(len(lds) == 1, "%d JSON-LD scripts" % len(lds))
    ld = json.loads(lds[0].text)
    check(ld.get("@type") == "NewsArticle", "@type %r" % ld.get("@type"))
    check(ld.get("headline") == it["title"], "headline")
    check(ld.get("datePublished") == utc_iso(it["published"]), "datePublished")
    canon = [l.get("href") for l in t.find("head").iter("link") if l.get("rel") == "canonical"]
    check(canon == [ENV.base + "/items/" + it["slug"]], "canonical %s" % canon)


@test("item: interview turns with speaker labels and #tN anchors")
def t_item_turns():
    for slug in ("ambassador-interview-part-1", "minister-interview-part-1", "reply-ferry-timetable"):
        it = by_slug(slug)
        _, t = item_page(slug)
        turns = find_class(t, "p", "turn")
        n_q = len(re.findall(r"^Question:", it["body"], re.M))
        check(n_q >= 1 and len(turns) >= 2 * n_q, "%s: %d turns for %d questions" % (slug, len(turns), n_q))
        check([p.get("id") for p in turns] == ["t%d" % k for k in range(1, len(turns) + 1)],
              "%s: ids %s" % (slug, [p.get("id") for p in turns][:5]))
        for p in turns:
            sp = find_class(p, "strong", "speaker")
            check(sp and text_of(sp[0]).endswith(":"), "%s: turn without speaker label" % slug)
        check(text_of(find_class(turns[0], "strong", "speaker")[0]) == "Question:", "first speaker")
    # A paragraph that continues an answer is not a turn of its own.
    _, t = item_page("minister-interview-part-1")
    plain = [p for p in t.find(".//div[@class='body']").iter("p") if "turn" not in (p.get("class") or "")]
    check(any(text_of(p) == "The list remains open to others." for p in plain), "continuation paragraph")


@test("item: a position paper's numbered points have #pN anchors (id=p12)")
def t_item_points():
    _, t = item_page("position-ocean-stewardship-conference")
    p12 = [e for e in t.iter() if isinstance(e.tag, str) and e.get("id") == "p12"]
    check(len(p12) == 1, "%d elements with id=p12" % len(p12))
    check("concise, clear and capable of being implemented" in text_of(p12[0]), "p12 is the wrong point")
    check([a.get("href") for a in p12[0].iter("a")][:1] == ["#p12"], "no self link #p12")
    ids = [e.get("id") for e in t.iter() if isinstance(e.tag, str) and re.match(r"^p\d+$", e.get("id") or "")]
    check(ids == ["p%d" % k for k in range(1, 15)], "ids %s" % ids)


# ---- lists ---------------------------------------------------------------------------

def entry_slugs(t):
    out = []
    main = t.find(".//main")
    for li in find_class(main, "li", "entry"):
        a = [x.get("href") for x in li.iter("a") if (x.get("href") or "").startswith("/items/")]
        out.append(a[0][len("/items/"):])
    return out


@test("archive: numbered pages, rel=prev/next, all items newest first")
def t_archive():
    now = time.time()
    want = [i["slug"] for i in public(ENV.items, now)]
    pages = (len(want) + PER_PAGE - 1) // PER_PAGE
    check(pages >= 3, "fixtures give only %d pages" % pages)
    got = []
    for n in range(1, pages + 1):
        path = "/archive" if n == 1 else "/archive/page/%d" % n
        r = get(path)
        check(r.status == 200, "%s gave %d" % (path, r.status))
        t = loose_html(r.body)
        got += entry_slugs(t)
        pager = find_class(t, "nav", "pager")
        check(pager, "%s: no pager" % path)
        nums = [text_of(a) for a in pager[0].iter("a") if re.match(r"^\d+$", text_of(a))]
        check(nums == [str(k) for k in range(1, pages + 1)], "%s: page links %s" % (path, nums))
        cur = [a for a in pager[0].iter("a") if a.get("aria-current") == "page"]
        check(len(cur) == 1 and text_of(cur[0]) == str(n), "%s: current page" % path)
        prev = [a.get("href") for a in pager[0].iter("a") if a.get("rel") == "prev"]
        nxt = [a.get("href") for a in pager[0].iter("a") if a.get("rel") == "next"]
        check(prev == ([] if n == 1 else ["/archive" if n == 2 else "/archive/page/%d" % (n - 1)]),
              "%s: rel=prev %s" % (path, prev))
        check(nxt == ([] if n == pages else ["/archive/page/%d" % (n + 1)]), "%s: rel=next %s" % (path, nxt))
    check(got == want, "archive order/contents differ: got %d items, want %d; first diff at %s"
          % (len(got), len(want), next((k for k, (a, b) in enumerate(zip(got, want)) if a != b), None)))


@test("archive: /archive/page/1 is 301 to /archive; past the end and page 0 are 404")
def t_archive_edges():
    r = get("/archive/page/1")
    check(r.status == 301, "/archive/page/1 gave %d" % r.status)
    loc = r.header("Location")
    check(loc in ("/archive", ENV.base + "/archive"), "Location %r" % loc)
    pages = (len(public(ENV.items, time.time())) + PER_PAGE - 1) // PER_PAGE
    for p in ("/archive/page/%d" % (pages + 1), "/archive/page/0", "/archive/page/x",
              "/archive/page/02", "/archive/2017/13", "/archive/1999/01"):
        r = get(p)
        check(r.status == 404, "%s gave %d" % (p, r.status))
        check((r.header("Content-Type") or "").startswith("text/html"), "%s: not HTML" % p)
    r = get("/kind/news/page/1")
    check(r.status == 301 and r.header("Location") in ("/kind/news", ENV.base + "/kind/news"),
          "/kind/news/page/1 gave %d %s" % (r.status, r.header("Location")))


@test("routes: a page's address with a trailing '/' (a static copy's link) is 301 to the page")
def t_trailing_slash():
    now = time.time()
    en = public(ENV.items, now)[0]
    ru = public(ENV.items, now, lang="ru")[0]
    pages = (len(public(ENV.items, now)) + PER_PAGE - 1) // PER_PAGE
    want = {item_path(en) + "/": item_path(en), item_path(ru) + "/": item_path(ru),
            "/archive/": "/archive", "/kind/news/": "/kind/news",
            "/archive/page/2/": "/archive/page/2", "/ru/archive/": "/ru/archive",
            "/archive/page/1/": "/archive",      # straight to the page, not via /page/1
            "/search/?q=consular+hours&kind=news": "/search?q=consular%20hours&kind=news"}
    if pages < 2:
        del want["/archive/page/2/"]
    errors = []
    for path, to in want.items():
        r = get(path)
        loc = r.header("Location")
        if r.status != 301 or loc not in (to, ENV.base + to):
            errors.append("%s: %d %r, want 301 %s" % (path, r.status, loc, to))
            continue
        if get(to).status != 200:
            errors.append("%s: its Location %s is not a page" % (path, to))
    # A language's home has its '/' on the server too; what is no page stays 404, and a
    # file with a '/' is no file.
    for path, status in (("/", 200), ("/ru/", 200), ("/items/no-such-item/", 404),
                         ("/feed.rss/", 404), ("/sitemap.xml/", 404), ("/kind/nothing/", 404)):
        r = get(path)
        if r.status != status:
            errors.append("%s: %d, want %d" % (path, r.status, status))
    check(not errors, "; ".join(errors))


@test("kind pages: each lists exactly its kind, newest first")
def t_kinds():
    now = time.time()
    for k in KINDS:
        want = [i["slug"] for i in public(ENV.items, now, kind=k)]
        got, n = [], 1
        while True:
            r = get("/kind/%s" % k if n == 1 else "/kind/%s/page/%d" % (k, n))
            if r.status == 404 and n > 1:
                break
            check(r.status == 200, "/kind/%s page %d gave %d" % (k, n, r.status))
            got += entry_slugs(loose_html(r.body))
            n += 1
        check(got == want, "/kind/%s: %s, expected %s" % (k, got, want))


@test("month pages: each lists exactly its month's items")
def t_months():
    now = time.time()
    pub = public(ENV.items, now)
    months = {}
    for i in pub:
        d = datetime.datetime.fromtimestamp(i["published"], SITE_TZ)
        months.setdefault((d.year, d.month), []).append(i["slug"])
    check(len(months) >= 5, "few months")
    t = loose_html(get("/archive").body)
    idx = [a.get("href") for a in t.iter("a") if re.match(r"^/archive/\d{4}/\d{2}$", a.get("href") or "")]
    check(idx == ["/archive/%04d/%02d" % ym for ym in sorted(months, reverse=True)],
          "month index %s" % idx)
    for (y, m), slugs in months.items():
        r = get("/archive/%04d/%02d" % (y, m))
        check(r.status == 200, "/archive/%04d/%02d gave %d" % (y, m, r.status))
        t = loose_html(r.body)
        check(text_of(t.find(".//h1")) == "%s %04d" % (MONTHS[m - 1], y), "h1 %r" % text_of(t.find(".//h1")))
        check(entry_slugs(t) == slugs[:PER_PAGE], "/archive/%04d/%02d: %s" % (y, m, entry_slugs(t)))


@test("series page lists the parts in order")
def t_series():
    r = get("/series/ambassador-interview-2026")
    check(r.status == 200, "gave %d" % r.status)
    check(entry_slugs(loose_html(r.body)) == ["ambassador-interview-part-1", "ambassador-interview-part-2"],
          "parts %s" % entry_slugs(loose_html(r.body)))
    check(get("/series/no-such-series").status == 404, "unknown series is not 404")


# ---- feeds -------------------------------------------------------------------------

FEEDS = ["/feed.rss", "/feed.atom", "/feed.json"] + \
    ["/kind/%s/feed.%s" % (k, e) for k in KINDS for e in ("rss", "atom", "json")]


@test("feeds: every site and per-kind feed passes tests/feeds/check_feeds.py")
def t_feeds_check():
    d = os.path.join(ENV.tmp, "feeds")
    os.makedirs(d, exist_ok=True)
    files = []
    for f in FEEDS:
        r = get(f)
        check(r.status == 200, "%s gave %d" % (f, r.status))
        p = os.path.join(d, f.strip("/").replace("/", "_"))
        with open(p, "wb") as fh:
            fh.write(r.body)
        files.append(p)
    c = run([PYTHON, CHECK_FEEDS] + files, timeout=60)
    check(c.returncode == 0, "check_feeds: %s" % " | ".join(
        l for l in c.stdout.splitlines() if l.startswith("FAIL"))[:600] + c.stderr[-300:])
    check(c.stdout.count("\nok ") + c.stdout.startswith("ok ") == len(files), "not every feed checked")


def xml_feed(path):
    r = get(path)
    check(r.status == 200, "%s gave %d" % (path, r.status))
    d = feedparser.parse(r.body)
    check(not d.bozo, "%s malformed: %s" % (path, d.get("bozo_exception")))
    return d


@test("feeds: RSS and Atom have full content, newest first, only public items")
def t_feeds_xml():
    now = time.time()
    want = public(ENV.items, now)[:30]
    for path in ("/feed.rss", "/feed.atom"):
        d = xml_feed(path)
        links = [e.link for e in d.entries]
        check(links == [ENV.base + "/items/" + i["slug"] for i in want],
              "%s: %d entries, expected %d, order or contents differ" % (path, len(links), len(want)))
        dates = [time.mktime(e.published_parsed) for e in d.entries]
        check(dates == sorted(dates, reverse=True), "%s: not newest first" % path)
        for e, it in zip(d.entries, want):
            html = e.content[0].value
            first = re.sub(r"[*_\[\]]", "", it["body"].strip().split("\n")[0])
            first = re.sub(r"^(\d+\.|Question:)\s*", "", first)[:50]
            check(first.replace("'", "&#39;") in html or first in html,
                  "%s: %s has no full text (%r)" % (path, it["slug"], first))
            check(len(html) > len(it["lead"]), "%s: %s content is short" % (path, it["slug"]))
    d = xml_feed("/feed.atom")
    pos = [e for e in d.entries if e.link.endswith("/position-ocean-stewardship-conference")]
    check(pos and 'id="p12"' in pos[0].content[0].value, "Atom entry lacks point 12")


@test("feeds: an item's links from the site's root are absolute in RSS, Atom and JSON Feed")
def t_feeds_absolute_links():
    db = os.path.join(ENV.tmp, "feed-links.db")
    check(pr(db, "init").returncode == 0, "init")
    check(pr(db, "config", "base_url", "https://press.example.org").returncode == 0, "base_url")
    md = os.path.join(ENV.tmp, "feed-links.md")
    with open(md, "w") as f:
        f.write("---\ntitle: Links\ndate: 2024-05-01T10:00:00Z\n---\n"
                "[page](/items/other) ![photo](/media/0123456789abcdef.png) "
                "[elsewhere](//example.net/x) [anchor](#top)\n")
    check(pr(db, "add", md).returncode == 0, "add")
    for path in ("/feed.rss", "/feed.atom", "/feed.json"):
        body = pr(db, "page", path).stdout
        if path.endswith(".json"):
            html = json.loads(body)["items"][0]["content_html"]
        else:
            html = feedparser.parse(body.encode()).entries[0].content[0].value
        for want in ('href="https://press.example.org/items/other"',
                     'src="https://press.example.org/media/0123456789abcdef.png"',
                     'href="//example.net/x"', 'href="#top"'):
            check(want in html, "%s: %s not in %s" % (path, want, html))


@test("feeds: per-kind RSS/Atom list only that kind")
def t_feeds_kind():
    now = time.time()
    for k in KINDS:
        want = [ENV.base + "/items/" + i["slug"] for i in public(ENV.items, now, kind=k)][:30]
        for e in ("rss", "atom"):
            d = xml_feed("/kind/%s/feed.%s" % (k, e))
            got = [x.link for x in d.entries]
            check(got == want, "/kind/%s/feed.%s: %d entries, expected %d" % (k, e, len(got), len(want)))


@test("feeds: JSON Feed items, content, newest first")
def t_feeds_json():
    now = time.time()
    r = get("/feed.json")
    f = json.loads(r.text)
    want = public(ENV.items, now)[:30]
    check([i["url"] for i in f["items"]] == [ENV.base + "/items/" + i["slug"] for i in want],
          "items differ")
    dates = [i["date_published"] for i in f["items"]]
    check(dates == sorted(dates, reverse=True), "not newest first")
    check(all(i.get("content_html") for i in f["items"]), "an item without content_html")
    check(f.get("feed_url") == ENV.base + "/feed.json", "feed_url %r" % f.get("feed_url"))


# ---- sitemap, robots, 404 ---------------------------------------------------------------

def sitemap_locs():
    r = get("/sitemap.xml")
    check(r.status == 200, "gave %d" % r.status)
    root = ET.fromstring(r.body)
    ns = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
    check(root.tag == ns + "urlset", "root %s" % root.tag)
    return [u.find(ns + "loc").text for u in root.findall(ns + "url")]


@test("sitemap.xml: well-formed, lists every public item and no hidden one")
def t_sitemap():
    locs = sitemap_locs()
    now = time.time()
    for it in public(ENV.items, now):
        check(ENV.base + "/items/" + it["slug"] in locs, "no %s" % it["slug"])
    for it in ENV.items:
        if it["draft"] or it["published"] > now:
            check(not any(l.endswith("/items/" + it["slug"]) for l in locs), "lists hidden %s" % it["slug"])
    check(ENV.base + "/" in locs and ENV.base + "/archive" in locs, "no / or /archive")
    # A kind's page where the language has items of it, none where it has none; every
    # series page.
    pub = public(ENV.items, now)
    for k in KINDS:
        has = any(i["kind"] == k and i["lang"] == "en" for i in pub)
        check((ENV.base + "/kind/" + k in locs) == has, "kind %s listed: %s" % (k, not has))
    for s in {i["series"] for i in pub if i.get("series") and i["lang"] == "en"}:
        check(ENV.base + "/series/" + urllib.parse.quote(s) in locs, "no series %s" % s)


@test("sitemap.xml: every URL in it answers 200")
def t_sitemap_urls():
    bad = []
    for loc in sitemap_locs():
        check(loc.startswith(ENV.base + "/"), "foreign URL %s" % loc)
        r = get(loc[len(ENV.base):])
        if r.status != 200:
            bad.append("%s -> %d" % (loc[len(ENV.base):], r.status))
    check(not bad, "%d broken: %s" % (len(bad), ", ".join(bad)))


@test("robots.txt names the sitemap")
def t_robots():
    r = get("/robots.txt")
    check(r.status == 200 and r.header("Content-Type") == "text/plain; charset=utf-8", "status/type")
    check("User-agent: *" in r.text, "no User-agent")
    check("Sitemap: %s/sitemap.xml" % ENV.base in r.text, "no Sitemap line")


@test("404 page is HTML with status 404")
def t_404():
    r = get("/definitely/not/here")
    check(r.status == 404, "status %d" % r.status)
    check(r.header("Content-Type") == "text/html; charset=utf-8", "type %r" % r.header("Content-Type"))
    t = strict_html(r.body)
    check(text_of(t.find(".//h1")) == "Page not found", "h1")
    check("/" in [a.get("href") for a in t.iter("a")], "no link home")
    check(r.header("ETag") is None, "a 404 with an ETag")


# ---- conditional requests -------------------------------------------------------------------

@test("static: ETag, Last-Modified, If-None-Match and If-Modified-Since give 304")
def t_static_304():
    for name in ("site.css", "clock.js"):
        r = get("/static/" + name)
        check(r.status == 200, "%s gave %d" % (name, r.status))
        et, lm = r.header("ETag"), r.header("Last-Modified")
        check(et and et.startswith('"'), "%s: ETag %r" % (name, et))
        check(lm and email.utils.parsedate_to_datetime(lm), "%s: Last-Modified %r" % (name, lm))
        r2 = get("/static/" + name, {"If-None-Match": et})
        check(r2.status == 304 and r2.body == b"", "%s If-None-Match gave %d" % (name, r2.status))
        check(r2.header("ETag") == et, "304 without the ETag")
        r3 = get("/static/" + name, {"If-Modified-Since": lm})
        check(r3.status == 304, "%s If-Modified-Since gave %d" % (name, r3.status))
        r4 = get("/static/" + name, {"If-None-Match": '"0000000000000000"'})
        check(r4.status == 200 and r4.body == r.body, "other ETag gave %d" % r4.status)
        old = email.utils.format_datetime(
            email.utils.parsedate_to_datetime(lm) - datetime.timedelta(days=1), usegmt=True)
        r5 = get("/static/" + name, {"If-Modified-Since": old})
        check(r5.status == 200, "older If-Modified-Since gave %d" % r5.status)


@test("static: If-Modified-Since later than Last-Modified gives 304")
def t_static_ims_later():
    r = get("/static/site.css")
    lm = email.utils.parsedate_to_datetime(r.header("Last-Modified"))
    later = email.utils.format_datetime(lm + datetime.timedelta(hours=1), usegmt=True)
    r2 = get("/static/site.css", {"If-Modified-Since": later})
    check(r2.status == 304, "If-Modified-Since %s (after %s) gave %d"
          % (later, r.header("Last-Modified"), r2.status))


@test("pages: If-None-Match gives 304, a changed page a new ETag")
def t_page_304():
    for path in ("/archive", "/items/ambassador-interview-part-1", "/feed.atom"):
        r = get(path)
        et = r.header("ETag")
        check(r.status == 200 and et, "%s: %d ETag %r" % (path, r.status, et))
        r2 = get(path, {"If-None-Match": et})
        check(r2.status == 304 and r2.body == b"", "%s If-None-Match gave %d" % (path, r2.status))
        r3 = get(path, {"If-None-Match": '"0123456789abcdef"'})
        check(r3.status == 200 and r3.body == r.body, "%s other ETag gave %d" % (path, r3.status))


# ---- live changes ------------------------------------------------------------------------------

def write_item(path, slug, title, date, kind="news", lead="A test item.", body="Body text of the test item."):
    with open(path, "w", encoding="utf-8") as f:
        f.write("---\ntitle: \"%s\"\ndate: %s\nkind: %s\nlead: %s\nslug: %s\nlang: en\n---\n%s\n"
                % (title, date, kind, lead, slug, body))


@test("live: an item scheduled 3 s ahead appears by itself, not before")
def t_scheduled():
    when = int(time.time()) + 3
    stamp = datetime.datetime.fromtimestamp(when, datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
    p = os.path.join(ENV.tmp, "scheduled.md")
    write_item(p, "scheduled-test-item", "Scheduled test item", stamp,
               body="Scheduled body text, published by the clock.")
    r = pr(ENV.db, "add", p)
    check(r.returncode == 0, "add: %s" % r.stderr)
    check(time.time() < when - 0.5, "add took too long to test")
    check(get("/items/scheduled-test-item").status == 404, "visible before its time")
    check("scheduled-test-item" not in get("/archive").text, "in /archive before its time")
    check("scheduled-test-item" not in get("/feed.json").text, "in /feed.json before its time")
    listed = run([ENV.bin, "--db", ENV.db, "list"]).stdout
    check(re.search(r"\tscheduled\tScheduled test item$", listed, re.M), "list does not say scheduled")
    el = wait_for(lambda: get("/items/scheduled-test-item").status == 200, when - time.time() + 5, 0.1)
    check(el is not None, "not published 5 s after its time")
    check(time.time() >= when, "published early")
    check("scheduled-test-item" in get("/archive").text, "not in /archive after its time")
    check("scheduled-test-item" in get("/feed.json").text, "not in /feed.json after its time")
    check("Scheduled test item" in get("/").text, "not on the home page after its time")


@test("live: an edit of an existing slug shows within 1 s")
def t_edit():
    it = by_slug("reply-ferry-timetable")
    check(get("/items/" + it["slug"]).status == 200, "item missing")
    get("/archive")  # make sure it is cached
    with open(it["path"], encoding="utf-8") as f:
        text = f.read()
    new_title = "Reply on the winter ferry timetable (corrected)"
    p = os.path.join(ENV.tmp, "edited.md")
    with open(p, "w", encoding="utf-8") as f:
        f.write(re.sub(r"^title: .*$", 'title: "%s"' % new_title, text, count=1, flags=re.M))
    r = pr(ENV.db, "add", p)
    check(r.returncode == 0 and "updated 1" in r.stdout, "add: %s %s" % (r.stdout, r.stderr))
    el = wait_for(lambda: new_title in get("/items/" + it["slug"]).text, 1.0)
    check(el is not None, "item page not updated within 1 s")
    el = wait_for(lambda: new_title in get("/kind/media-reply").text, 1.0)
    check(el is not None, "/kind/media-reply not updated within 1 s")


@test("live: config site_name shows within 1 s")
def t_config_live():
    old = get("/").text
    check("Embassy of the Republic of Veloria" in old, "unexpected site name")
    r = pr(ENV.db, "config", "site_name", "Changed Embassy Name")
    check(r.returncode == 0, "config: %s" % r.stderr)
    el = wait_for(lambda: "<h1>Changed Embassy Name</h1>" in get("/").text, 1.0)
    check(el is not None, "home not updated within 1 s")
    check("Changed Embassy Name" in get("/archive").text, "archive has the old name")
    check("Changed Embassy Name" in get("/feed.atom").text, "feed has the old name")


# ---- bad requests ------------------------------------------------------------------------------

BAD_FRAMING = [
    ("HTTP/1.1 without Host", b"GET / HTTP/1.1\r\nUser-Agent: t\r\n\r\n"),
    ("'Host : x' (space before colon)", b"GET / HTTP/1.1\r\nHost : x\r\n\r\n"),
    ("Content-Length with Transfer-Encoding",
     b"GET / HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n"),
    ("duplicate Content-Length", b"GET / HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\nContent-Length: 5\r\n\r\n"),
    ("negative Content-Length", b"GET / HTTP/1.1\r\nHost: x\r\nContent-Length: -1\r\n\r\n"),
    ("Transfer-Encoding: gzip", b"GET / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: gzip\r\n\r\n"),
    ("two Host headers", b"GET / HTTP/1.1\r\nHost: x\r\nHost: y\r\n\r\n"),
]


def make_bad_test(label, data):
    def fn():
        status, got, closed = raw(data)
        check(status_code(status) == 400, "answered %r" % status)
        check(closed, "connection left open")
    return fn


for _label, _data in BAD_FRAMING:
    test("bad request: %s -> 400 and close" % _label)(make_bad_test(_label, _data))


TRAVERSALS = ["/static/../../etc/passwd", "/static/%2e%2e/%2e%2e/etc/passwd",
              "/static/..%2f..%2fetc%2fpasswd", "/%2e%2e/etc/passwd", "/../../etc/passwd",
              "/static/%2e%2e%2f%2e%2e%2fetc%2fpasswd", "/static/....//....//etc/passwd"]


@test("bad request: path traversal never gives the file (404)")
def t_traversal():
    for path in TRAVERSALS:
        status, got, _ = raw(("GET %s HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n" % path).encode())
        check(b"root:" not in got, "%s served /etc/passwd" % path)
        check(status_code(status) == 404, "%s answered %r" % (path, status))


@test("bad request: 40 kB URL -> 414 (or 4xx)")
def t_long_url():
    status, got, _ = raw(b"GET /" + b"a" * 40000 + b" HTTP/1.1\r\nHost: x\r\n\r\n")
    code = status_code(status)
    check(code is not None and 400 <= code < 500, "answered %r" % status)


@test("bad request: 40 kB header -> 431 (or 4xx)")
def t_long_header():
    status, got, _ = raw(b"GET / HTTP/1.1\r\nHost: x\r\nX-Big: " + b"a" * 40000 + b"\r\n\r\n")
    code = status_code(status)
    check(code is not None and 400 <= code < 500, "answered %r" % status)


@test("bad request: the server still answers / afterwards")
def t_still_alive():
    check(ENV.server.poll() is None, "server exited with %s" % ENV.server.returncode)
    r = get("/")
    check(r.status == 200 and "<h1>" in r.text, "/ gave %d" % r.status)


# ---- the CLI ------------------------------------------------------------------------------------

def cli_db():
    if getattr(ENV, "cli_db", None):
        return ENV.cli_db
    db = os.path.join(ENV.tmp, "cli.db")
    r = pr(db, "init", "--sample")
    check(r.returncode == 0, "init --sample: %s" % r.stderr)
    r = pr(db, "add", *sorted(glob.glob(os.path.join(ITEMS_DIR, "*.md"))))
    check(r.returncode == 0, "add items: %s" % r.stderr)
    ENV.cli_db = db
    return db


def bad_faults():
    with open(os.path.join(BAD_DIR, "README.md"), encoding="utf-8") as f:
        text = f.read()
    return re.findall(r"^([a-z0-9-]+\.md):(\d+): ", text, re.M)


def make_bad_file_test(name, line):
    def fn():
        db = cli_db()
        before = pr(db, "list").stdout
        good = os.path.join(ENV.tmp, "good-new.md")
        write_item(good, "a-good-new-item", "A good new item", "2018-05-05 10:00")
        r = pr(db, "add", good, os.path.join("tests", "data", "bad", name))
        check(r.returncode != 0, "add succeeded")
        want = "bad/%s:%s:" % (name, line)
        check(want in r.stderr, "stderr lacks %r: %r" % (want, r.stderr.strip()[:300]))
        check(pr(db, "list").stdout == before, "list changed: part of the batch was written")
    return fn


for _name, _line in bad_faults():
    test("cli: add GOOD bad/%s fails at line %s, writes nothing" % (_name, _line))(
        make_bad_file_test(_name, _line))


def added_to_new_site(name, text):
    """A new site ENV.tmp/name.db with the file name.md (text) added: the site, the
    file and what add printed; add must succeed."""
    db = os.path.join(ENV.tmp, name + ".db")
    check(pr(db, "init").returncode == 0, "init")
    p = os.path.join(ENV.tmp, name + ".md")
    with open(p, "w", encoding="utf-8") as f:
        f.write(text)
    r = pr(db, "add", p)
    check(r.returncode == 0, "add: %s" % r.stderr)
    return db, p, r


@test("cli: add says which keys it does not read, with the key a typo looks like")
def t_add_unknown_keys():
    _, p, r = added_to_new_site("unknown-keys", "---\ntitle: Keys\ndate: 2024-03-01T09:00:00Z\n"
                                "author: Press office\ntagz: [a]\nname: x\npublisher: Embassy\n"
                                "unpublished: no\n---\nText.\n")
    for said in ("%s:4: 'author' is no key pressroom reads: ignored\n" % p,
                 "%s:5: 'tagz' is no key pressroom reads: ignored (tags?)\n" % p,
                 "%s:6: 'name' is no key pressroom reads: ignored\n" % p,
                 "%s:7: 'publisher' is no key pressroom reads: ignored (published?)\n" % p,
                 "%s:8: 'unpublished' is no key pressroom reads: ignored (published?)\n" % p):
        check(said in r.stdout, "%r not in %r" % (said, r.stdout))


@test("cli: every bad/*.md file is listed in bad/README.md")
def t_bad_listed():
    names = {n for n, _ in bad_faults()}
    files = {os.path.basename(p) for p in glob.glob(os.path.join(BAD_DIR, "*.md"))} - {"README.md"}
    check(len(files) >= 8 and names == files, "files %s, README %s" % (sorted(files), sorted(names)))


def sha256(path):
    with open(path, "rb") as f:
        return hashlib.sha256(f.read()).hexdigest()


def refuses_foreign(path, what):
    h = sha256(path)
    for args in (["list"], ["init"], ["config", "site_name", "X"], ["add", os.path.join(ITEMS_DIR, "05-reply-ferry-timetable.md")],
                 ["serve", "--listen", "127.0.0.1:%d" % free_port(), "--quiet"]):
        try:
            r = pr(path, *args, timeout=5)
        except subprocess.TimeoutExpired:
            raise Fail("%s on %s kept running" % (args[0], what))
        check(r.returncode != 0, "%s on %s exited 0" % (args[0], what))
        check(path in r.stderr and re.search(r"not a pressroom", r.stderr),
              "%s on %s: unclear message %r" % (args[0], what, r.stderr.strip()[:200]))
        check(sha256(path) == h, "%s changed %s" % (args[0], what))
    check(not os.path.exists(path + "-wal") and not os.path.exists(path + "-journal"),
          "left a journal beside %s" % what)


@test("cli: a text file as --db is refused and left untouched")
def t_not_db():
    p = os.path.join(ENV.tmp, "notes.txt")
    with open(p, "w") as f:
        f.write("These are my notes, not a database.\n" * 20)
    refuses_foreign(p, "a text file")


@test("cli: another program's SQLite database is refused and left untouched")
def t_foreign_sqlite():
    p = os.path.join(ENV.tmp, "other.sqlite")
    r = run(["sqlite3", p, "CREATE TABLE t(x); INSERT INTO t VALUES (1);"])
    check(r.returncode == 0, "sqlite3: %s" % r.stderr)
    refuses_foreign(p, "a foreign SQLite file")


@test("cli: --db of a missing file is refused by list, config, page and not created")
def t_missing_db():
    p = os.path.join(ENV.tmp, "missing.db")
    for args in (["list"], ["config", "site_name", "X"], ["page", "/"]):
        r = pr(p, *args, timeout=5)
        check(r.returncode != 0, "%s exited 0" % args[0])
        check(not os.path.exists(p), "%s created the file" % args[0])


@test("cli: --help lists every command")
def t_help():
    r = run([ENV.bin, "--help"])
    check(r.returncode == 0, "exit %d" % r.returncode)
    for c in COMMANDS:
        check(re.search(r"^\s+%s\b" % c, r.stdout, re.M), "no %s in --help" % c)
    r = run([ENV.bin, "nosuchcommand"])
    check(r.returncode != 0 and "nosuchcommand" in r.stderr, "unknown command accepted")
    # "help" as a command: the same text, and one command's usage.
    h = run([ENV.bin, "help"])
    check(h.returncode == 0 and h.stdout == run([ENV.bin, "--help"]).stdout, "help: %r" % h.stderr)
    h = run([ENV.bin, "help", "import"])
    check(h.returncode == 0 and h.stdout.startswith("usage: pressroom import PATH"), "help import: %r" % h.stdout)
    # A command's own --help: its options, every one, on stdout.
    for c, opts in (("import", ("--fetch-media", "--allow-private", "--no-site-addresses", "--dry-run")),
                    ("export", ("--markdown", "--static", "--threads", "--base-path", "--replace"))):
        h = run([ENV.bin, c, "--help"])
        check(h.returncode == 0 and h.stdout.startswith("usage: pressroom %s" % c) and
              all(o in h.stdout for o in opts), "%s --help: %r %r" % (c, h.stdout, h.stderr))
    h = run([ENV.bin, "help", "nosuchcommand"])
    check(h.returncode == 2 and "unknown command 'nosuchcommand'" in h.stderr, "help nosuchcommand: %r" % h.stderr)


@test("theme: every page names the site's icon, which is served as SVG (no 404 for a favicon)")
def test_favicon():
    home = get("/")
    check('<link rel="icon" href="/static/favicon.svg" type="image/svg+xml">' in home.body.decode(),
          "no icon link on the home page")
    r = get("/static/favicon.svg")
    check(r.status == 200 and (r.header("Content-Type") or "").startswith("image/svg+xml") and
          r.body.startswith(b"<svg "), "icon: %d %r" % (r.status, r.header("Content-Type")))


@test("home: an item that is its lead alone promises no full text; its feeds carry the lead")
def test_lead_only_item():
    db = os.path.join(ENV.tmp, "lead-only.db")
    check(pr(db, "init").returncode == 0, "init")
    md = os.path.join(ENV.tmp, "lead-only.md")
    with open(md, "w") as f:
        f.write("---\ntitle: Consular hours\ndate: 2024-05-01T10:00:00Z\nkind: news\n"
                "lead: The consular section is closed on Monday.\n---\n")
    check(pr(db, "add", md).returncode == 0, "add")
    home = pr(db, "page", "/").stdout
    check("The consular section is closed on Monday." in home, "lead not on the home page")
    check("Read the full text" not in home, "a full text promised that the item has not")
    feed = feedparser.parse(pr(db, "page", "/feed.atom").stdout.encode())
    check("closed on Monday" in feed.entries[0].content[0].value, feed.entries[0])
    with open(md, "a") as f:
        f.write("The text, at last.\n")
    check(pr(db, "add", md).returncode == 0, "add again")
    check("Read the full text" in pr(db, "page", "/").stdout, "no link to the full text")


@test("home: a news page imported features its interview, not the newer entries that are leads alone")
def test_home_features_full_text():
    db = os.path.join(ENV.tmp, "page-home.db")
    check(pr(db, "init").returncode == 0, "init")
    r = pr(db, "import", os.path.join(ROOT, "tests", "data", "embassy-page.txt"))
    check(r.returncode == 0, r.stderr)
    t = loose_html(pr(db, "page", "/").stdout.encode())
    sec = find_class(t, "section", "featured")
    check(sec and sec[0].find(".//article") is not None, "no featured article")
    art = sec[0].find(".//article")
    title = text_of(art.find(".//h3"))
    check(title == "Ambassador Liana Corvess's interview with the Castra Bay Gazette",
          "featured %r" % title)
    check("Interview" in text_of(find_class(art, "p", "meta")[0]), "not said to be an interview")
    check(any("Read the full text" == text_of(a) for a in art.iter("a")), "no link to the text")


@test("cli: list prints one line per item: date, kind, language, status, title")
def t_list():
    db = cli_db()
    r = pr(db, "list")
    check(r.returncode == 0, "exit %d" % r.returncode)
    lines = r.stdout.splitlines()
    check(len(lines) == len(ENV.items), "%d lines for %d items" % (len(lines), len(ENV.items)))
    now = time.time()
    by_title = {i["title"]: i for i in ENV.items}
    for line in lines:
        m = re.match(r"^(\d{4}-\d{2}-\d{2} \d{2}:\d{2})\t([a-z-]+)\t([A-Za-z-]+)\t(published|draft|scheduled)\t(.+)$", line)
        check(m, "line %r" % line)
        it = by_title.get(m[5])
        check(it, "unknown title %r" % m[5])
        d = datetime.datetime.fromtimestamp(it["published"], SITE_TZ).strftime("%Y-%m-%d %H:%M")
        status = "draft" if it["draft"] else "scheduled" if it["published"] > now else "published"
        check((m[1], m[2], m[3], m[4]) == (d, it["kind"], it["lang"], status),
              "line %r, expected %s" % (line, (d, it["kind"], it["lang"], status)))


@test("cli: list says embargoed for an item whose time has come and whose embargo has not")
def t_list_embargoed():
    db, _, _ = added_to_new_site("list-embargo", "---\ntitle: Embargoed statement\n"
                                 "date: 2024-03-01T09:00:00Z\nembargo_until: 2099-01-01T09:00:00Z\n"
                                 "lang: en\n---\nText.\n")
    listed = pr(db, "list").stdout
    check(re.search(r"^2024-03-01 \d\d:00\tnews\ten\tembargoed\tEmbargoed statement$", listed, re.M),
          "list: %r" % listed)
    check(pr(db, "page", "/items/embargoed-statement").stdout.find("Embargoed statement") < 0,
          "the page shows before the embargo lifts")


@test("cli: a base_url stored before paths were refused is kept, not replaced by 127.0.0.1")
def t_config_stored_base_url():
    db = os.path.join(ENV.tmp, "old-base.db")
    check(pr(db, "init").returncode == 0, "init")
    c = sqlite3.connect(db)
    c.execute("INSERT OR REPLACE INTO settings (key, value, updated) "
              "VALUES ('base_url', 'https://mfa.example.org/press', 1)")
    c.commit()
    c.close()
    feed = pr(db, "page", "/feed.rss").stdout
    check("<link>https://mfa.example.org/press/</link>" in feed and "127.0.0.1" not in feed,
          feed[:600])


@test("cli: config refuses invalid values and keeps the old ones")
def t_config_invalid():
    db = cli_db()
    cases = [("timezone", "Mars/Olympus_Mons"), ("timezone", "../../etc/passwd"),
             ("language", "english"), ("language", "e n"),
             ("base_url", "ftp://example.org"), ("base_url", "javascript:alert(1)"),
             ("base_url", "https://example.org/?q=1"), ("base_url", "https://example.org/press/../x"),
             ("base_url", "https://example.org/a//b"), ("base_url", "https://example.org/pr%20ess"),
             ("base_url", "https://\u043f\u0440\u0435\u0441\u0441\u0430.example"),
             ("clocks", "Moscow=Europe/Nowhere"), ("clocks", "Moscow"),
             ("per_page", "0"), ("per_page", "many"), ("contact_email", "not an address"),
             ("site_name", "")]
    for key, bad in cases:
        old = pr(db, "config", key).stdout
        r = pr(db, "config", key, bad)
        check(r.returncode != 0, "config %s %r accepted" % (key, bad))
        check(key in r.stderr, "config %s %r: message %r does not name the key" % (key, bad, r.stderr))
        check(pr(db, "config", key).stdout == old, "config %s changed after refusing %r" % (key, bad))
    r = pr(db, "config", "timezone", "Europe/Moscow")
    check(r.returncode == 0 and pr(db, "config", "timezone").stdout.strip() == "Europe/Moscow",
          "a valid timezone was not taken")
    r = pr(db, "config", "no_such_key", "x")
    check(r.returncode != 0, "unknown key accepted")


# ---- main ----------------------------------------------------------------------------------------

def main(argv):
    if len(argv) != 2:
        sys.stderr.write("usage: test_site.py BUILD_DIR\n")
        return 2
    ENV.setup(argv[1], "pressroom-http-")
    ENV.items = fixtures()
    try:
        try:
            r = pr(ENV.db, "init", "--sample")
            check(r.returncode == 0, "init --sample: %s" % r.stderr)
            r = pr(ENV.db, "add", *sorted(glob.glob(os.path.join(ITEMS_DIR, "*.md"))))
            check(r.returncode == 0, "add: %s" % r.stderr)
            start_server()
        except Exception as e:
            return SUITE.setup_failed(e)
        SUITE.run_all(slow=10)
        # SIGTERM must stop it cleanly: status 0 (under ASan: no leak or error report).
        SUITE.check_server(ENV.server, "server: stops cleanly on SIGTERM (exit 0)")
    finally:
        harness.stop(ENV.server)
        if ENV.server and ENV.server.returncode not in (0, None):
            ENV.print_server_err()
        ENV.cleanup()
    return SUITE.summary()


if __name__ == "__main__":
    sys.exit(main(sys.argv))
