#!/usr/bin/python3
"""Search through the real server and the CLI: /search, /opensearch.xml, pressroom search.

usage: tests/http/test_search.py BUILD_DIR

Makes a temp site with its own items (English and Russian; drafts, scheduled, embargoed
and trashed ones), starts `pressroom serve --quiet` on a free 127.0.0.1 port, runs every
test in order, prints "ok   name" or "FAIL name: reason" per test, then
"N passed, N failed". Exits 1 if any test failed. Always stops the server.
"""
import os
import re
import sqlite3
import sys
import urllib.parse
import xml.etree.ElementTree as ET

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(os.path.dirname(HERE), "lib"))
sys.dont_write_bytecode = True      # no __pycache__ left in tests/lib
import harness
from harness import check, loose_html, strict_html, text_of, wait_for

ENV = harness.Env()
SUITE = harness.Suite()
test = SUITE.test


def pr(*args):
    return harness.pressroom(ENV.bin, ENV.db, *args)


def get(path):
    r = harness.get(ENV.port, path)
    return r.status, dict((k.lower(), v) for k, v in r.headers), r.body


def search_path(q=None, **params):
    p = {}
    if q is not None:
        p["q"] = q
    p.update({k: v for k, v in params.items() if v is not None})
    return "/search?" + urllib.parse.urlencode(p)


LEAKS = re.compile(r"sqlite|fts5|syntax error|no such (column|table)|malformed MATCH|SQL logic",
                   re.I)


class Page:
    """A search page, parsed strictly, with its hits (slugs in order) and count text."""

    def __init__(self, path, status=200):
        self.status, self.headers, body = get(path)
        check(self.status == status, "%s: status %d, want %d" % (path[:80], self.status, status))
        self.body = body.decode("utf-8")
        check(not LEAKS.search(self.body), "%s: page shows a database message" % path[:80])
        self.tree = strict_html(body)
        self.hits = []
        for ol in self.tree.iter("ol"):
            if "search-results" in (ol.get("class") or "").split():
                for li in ol.findall("li"):
                    a = [e for e in li.iter("a")][0]
                    self.hits.append(a.get("href").rsplit("/", 1)[-1])
        self.count = ""
        for p in self.tree.iter("p"):
            if "search-count" in (p.get("class") or "").split():
                self.count = text_of(p)
        self.notices = [text_of(p) for p in self.tree.iter("p")
                        if "notice" in (p.get("class") or "").split()]

    def total(self):
        m = re.match(r"^(\d+) results? for", self.count)
        return int(m[1]) if m else None


def search(q, **params):
    return Page(search_path(q, **params))


# ---- the fixture site ------------------------------------------------------------------

ITEMS = [
    # slug, lang, kind, date, title, lead, body, extra front matter
    ("sanctions-statement", "en", "statement", "2025-03-10 10:00", "Statement on the new sanctions",
     "The Ministry comments on the sanctions announced today.",
     "The sanctions are unlawful & *counter-productive*. <b>Nothing</b> will change.", ""),
    ("ferry-news", "en", "news", "2025-04-02 09:00", "Ferry timetable to Port Aster",
     "Summer ferries.", "The ferry leaves at noon. Sanctions do not apply to ferries.", ""),
    ("zayavlenie-mid", "ru", "statement", "2025-05-05 12:00", "Заявления МИД о навигации",
     "О новых правилах.", "Посольство выступило с заявлением. Новогодняя ёлка на площади.", ""),
    ("visa-free", "en", "press-release", "2025-06-01 08:00", "Visa-free travel from May",
     "Travel without visas.", "A phrase test: the quick brown fox jumps.", ""),
    ("draft-item", "en", "news", "2025-06-02 08:00", "Zeppelinium draft", "", "Zeppelinium.",
     "draft: true\n"),
    ("scheduled-item", "en", "news", "2099-01-01 08:00", "Futurium scheduled", "", "Futurium.", ""),
    ("embargoed-item", "en", "news", "2025-06-03 08:00", "Embargonium release", "", "Embargonium.", ""),
    ("trashed-item", "en", "news", "2025-06-04 08:00", "Trashonium release", "", "Trashonium.", ""),
]
for i in range(25):
    ITEMS.append(("harbour-%02d" % i, "en", "news" if i % 2 else "comment",
                  "2024-%02d-%02d 10:00" % (1 + i // 5, 1 + i), "Harbour notice %d" % i,
                  "", "The harbour master reports.", ""))


def write_item(path, slug, lang, kind, date, title, lead, body, extra):
    with open(path, "w", encoding="utf-8") as f:
        f.write('---\ntitle: "%s"\ndate: %s\nkind: %s\nlead: "%s"\nslug: %s\nlang: %s\n%s---\n%s\n'
                % (title, date, kind, lead, slug, lang, extra, body))


def setup():
    d = os.path.join(ENV.tmp, "items")
    os.mkdir(d)
    for it in ITEMS:
        write_item(os.path.join(d, it[0] + ".md"), *it)
    r = pr("init")
    check(r.returncode == 0, "init: %s" % r.stderr)
    for k, v in (("site_name", "Embassy of Veloria & Friends <Search>"), ("timezone", "UTC"),
                 ("per_page", "10")):
        r = pr("config", k, v)
        check(r.returncode == 0, "config %s: %s" % (k, r.stderr))
    r = pr("add", *sorted(os.path.join(d, f) for f in os.listdir(d)))
    check(r.returncode == 0, "add: %s" % r.stderr)
    # Embargo and the trash come from the newsroom; set them in the file directly (these
    # columns are not indexed, so no tokenizer is needed here).
    db = sqlite3.connect(ENV.db)
    db.execute("UPDATE items SET embargo_until = 4102444800 WHERE slug = 'embargoed-item'")
    db.execute("UPDATE items SET deleted_at = 1700000000 WHERE slug = 'trashed-item'")
    db.commit()
    db.close()
    ENV.port = harness.free_port()
    r = pr("config", "base_url", "http://127.0.0.1:%d" % ENV.port)
    check(r.returncode == 0, "config base_url: %s" % r.stderr)
    ENV.serve(threads=2)


def soon(fn):
    """Whether fn() comes true within 3 s: the server notices another process's commit
    within its watch interval."""
    return wait_for(fn, 3.0, 0.1) is not None


# ---- tests ---------------------------------------------------------------------------------

@test("search: the page without a query is a form and a hint")
def t_empty():
    p = Page("/search")
    check(p.tree.find(".//form[@role='search']") is not None, "no search form")
    inp = p.tree.find(".//input[@name='q']")
    check(inp is not None and inp.get("type") == "search", "no q input")
    check(p.tree.find(".//label[@for='search-q']") is not None, "the input has no label")
    check(p.notices, "no hint shown")
    check(p.headers.get("content-security-policy"), "no CSP header")
    Page(search_path("   "))


@test("search: 'sanction' finds 'sanctions'; the title match ranks first")
def t_stem_en():
    p = search("sanction")
    check(p.hits == ["sanctions-statement", "ferry-news"], "hits %s" % p.hits)
    check(p.total() == 2, "count %r" % p.count)


@test("search: 'заявление' finds 'заявления'; ё is е")
def t_stem_ru():
    check(search("заявление").hits == ["zayavlenie-mid"], "заявление")
    check(search("ЗАЯВЛЕНИЯМ").hits == ["zayavlenie-mid"], "ЗАЯВЛЕНИЯМ")
    check(search("елка").hits == ["zayavlenie-mid"], "елка")


@test("search: \"phrases\" and prefix* queries")
def t_phrase_prefix():
    check(search('"quick brown fox"').hits == ["visa-free"], "phrase")
    check(search('"brown quick fox"').hits == [], "phrase in the wrong order matched")
    check(search("sanct*").total() == 2, "prefix sanct*")
    check(search("навиг*").hits == ["zayavlenie-mid"], "prefix навиг*")
    check(search("visa-free").hits == ["visa-free"], "hyphenated word")


@test("search: matches are marked, and the item's text is escaped")
def t_marks_escaped():
    p = search("sanctions unlawful")
    check(p.hits == ["sanctions-statement"], "hits %s" % p.hits)
    li = p.tree.find(".//ol[@class='entries search-results']/li")
    marks = [text_of(m).lower() for m in li.iter("mark")]
    check("sanctions" in marks and "unlawful" in marks, "marks %s" % marks)
    check("<b>" not in p.body and "&lt;b&gt;" in p.body, "body HTML not escaped in the snippet")
    check(li.find(".//b") is None, "markup from the item's text in the page")
    a = li.find(".//a")
    check(a.get("href") == "/items/sanctions-statement", "link %s" % a.get("href"))
    check(li.find(".//time") is not None, "no date")


@test("search: only published items are found (no drafts, scheduled, embargoed, trashed)")
def t_only_public():
    for word in ("zeppelinium", "futurium", "embargonium", "trashonium"):
        p = search(word)
        check(p.hits == [] and p.total() == 0, "%s found: %s" % (word, p.hits))
    r = pr("search", "zeppelinium")
    check(r.returncode == 0 and r.stdout == "", "cli found a draft: %r" % r.stdout)


@test("search: any query is safe: operators, quotes, column filters, 10 kB")
def t_safe():
    nasty = ['"', '""', '"sanction', 'sanction"', 'a" OR "b', "AND", "OR", "NOT", "NEAR",
             "NEAR(sanction ferry, 1)", "title:sanction", "-title:x", "{title lead}:x",
             "^sanction", "sanction^", "-sanction", "+sanction", "(sanction", "sanction)",
             "*", "**", "*sanction", "sanction**", "'; DROP TABLE items; --", "%", "_",
             "\\", "rowid:1", "items_fts:x", "sanction AND ferry OR NOT x", "\x01\x02",
             "\u200b", "\ufeff", "NEAR/2", "sanction NOT ferry", "<script>alert(1)</script>"]
    for q in nasty:
        p = search(q)
        check("<script>alert" not in p.body, "query echoed unescaped: %r" % q)
    # As words: "not" is in the ferry item ("do not apply"); as an operator it would
    # have found the other one.
    check(search("sanction NOT ferry").hits == ["ferry-news"], "NOT acted as an operator")
    check(search("title:sanction").total() == 0, "a column filter worked")
    p = search("a " * 5000)
    check(p.notices, "10 kB query: no notice that it was cut")
    p = search("sanction " * 1200)
    check(p.hits == ["sanctions-statement", "ferry-news"], "10 kB of one word: %s" % p.hits)
    for q in ("***", "^ ( ) -", '"'):
        p = search(q)
        check(p.notices and not p.hits, "%r: no clear message" % q)
    # Raw bytes that are not UTF-8, straight in the request line.
    status, _, body = get("/search?q=%FF%FE%C0%AF&kind=%00")
    check(status == 200, "invalid UTF-8: status %d" % status)
    strict_html(body)


@test("search: filters by kind, language and date; bad filters are left out with a note")
def t_filters():
    check(search("sanction", kind="statement").hits == ["sanctions-statement"], "kind")
    check(search("harbour", kind="comment").total() == 13, "kind comment")
    check(search("statement", lang="ru").hits == [], "lang ru")
    check(search("заявление", lang="ru").hits == ["zayavlenie-mid"], "lang ru hit")
    check(search("заявление", lang="en").hits == [], "lang en")
    check(search("sanction", **{"from": "2025-04-01"}).hits == ["ferry-news"], "from")
    check(search("sanction", to="2025-04-01").hits == ["sanctions-statement"], "to")
    check(search("sanction", to="2025-04-02").total() == 2, "to is inclusive")
    p = search("sanction", kind="nonsense", lang="xx", **{"from": "2025-13-45"})
    check(p.total() == 2 and p.notices, "bad filters: %s %s" % (p.count, p.notices))
    sel = p.tree.find(".//select[@name='kind']")
    check(sel is not None and len(sel.findall("option")) == 9, "kind select")


@test("search: numbered result pages")
def t_pages():
    p1 = search("harbour")
    check(p1.total() == 25 and len(p1.hits) == 10, "page 1: %s %d" % (p1.count, len(p1.hits)))
    nav = p1.tree.find(".//nav[@class='pager']")
    check(nav is not None, "no pager")
    nums = [text_of(a) for a in nav.iter("a") if text_of(a).isdigit()]
    check(nums == ["1", "2", "3"], "page numbers %s" % nums)
    hrefs = [a.get("href") for a in nav.iter("a")]
    check(any("page=2" in h and "q=harbour" in h for h in hrefs), "page links %s" % hrefs)
    p2 = search("harbour", page="2")
    p3 = search("harbour", page="3")
    check(len(p2.hits) == 10 and len(p3.hits) == 5, "pages 2, 3: %d %d" % (len(p2.hits), len(p3.hits)))
    check(not set(p1.hits) & set(p2.hits) and not set(p2.hits) & set(p3.hits), "pages overlap")
    Page(search_path("harbour", page="4"), 404)
    Page(search_path("harbour", page="abc"), 404)
    Page(search_path("harbour", page="0"), 404)


@test("search: the index follows add, edit, unpublish (no stale page from a cache)")
def t_live():
    d = os.path.join(ENV.tmp, "live")
    os.mkdir(d)
    f = os.path.join(d, "live.md")
    write_item(f, "live-item", "en", "news", "2025-07-01 10:00", "Lighthouse keepers meet",
               "", "Body.", "")
    check(search("lighthouse").hits == [], "found before it was added")
    check(pr("add", f).returncode == 0, "add")
    check(soon(lambda: search("lighthouse").hits == ["live-item"]), "not found after add")
    write_item(f, "live-item", "en", "news", "2025-07-01 10:00", "Observatory keepers meet",
               "", "Body.", "")
    check(pr("add", f).returncode == 0, "edit")
    check(soon(lambda: search("observatory").hits == ["live-item"]), "new title not found")
    check(search("lighthouse").hits == [], "old title still found")
    write_item(f, "live-item", "en", "news", "2025-07-01 10:00", "Observatory keepers meet",
               "", "Body.", "draft: true\n")
    check(pr("add", f).returncode == 0, "unpublish")
    check(soon(lambda: search("observatory").hits == []), "a draft is found")


@test("search: /opensearch.xml, advertised in every page's head")
def t_opensearch():
    status, h, body = get("/opensearch.xml")
    check(status == 200, "status %d" % status)
    check(h.get("content-type", "").startswith("application/opensearchdescription+xml"),
          "type %s" % h.get("content-type"))
    root = ET.fromstring(body)
    ns = "{http://a9.com/-/spec/opensearch/1.1/}"
    check(root.tag == ns + "OpenSearchDescription", "root %s" % root.tag)
    short = root.find(ns + "ShortName").text
    check(0 < len(short) <= 16, "ShortName %r" % short)
    url = root.find(ns + "Url[@type='text/html']")
    check(url is not None and url.get("template") ==
          "http://127.0.0.1:%d/search?q={searchTerms}" % ENV.port, "template")
    for path in ("/", "/archive", "/items/sanctions-statement", "/search", search_path("x")):
        status, _, body = get(path)
        t = loose_html(body)
        links = [l for l in t.find("head").iter("link") if l.get("rel") == "search"]
        check(len(links) == 1 and links[0].get("href") == "/opensearch.xml" and
              links[0].get("type") == "application/opensearchdescription+xml",
              "%s: no OpenSearch link" % path)


@test("cli: pressroom search prints one line per hit: date, kind, language, title")
def t_cli():
    r = pr("search", "sanction")
    check(r.returncode == 0, "exit %d: %s" % (r.returncode, r.stderr))
    lines = r.stdout.splitlines()
    check(lines == ["2025-03-10 10:00\tstatement\ten\tStatement on the new sanctions",
                    "2025-04-02 09:00\tnews\ten\tFerry timetable to Port Aster"], "%r" % lines)
    r = pr("search", "--kind", "news", "--lang", "en", "sanction")
    check(r.stdout.splitlines() == lines[1:], "filters: %r" % r.stdout)
    r = pr("search", "--from", "2025-04-01", "--to", "2025-12-31", "sanction")
    check(r.stdout.splitlines() == lines[1:], "dates: %r" % r.stdout)
    r = pr("search", "заявление")
    check(r.stdout.endswith("\tstatement\tru\tЗаявления МИД о навигации\n"), "ru: %r" % r.stdout)
    r = pr("search", "--limit", "5", "harbour")
    check(len(r.stdout.splitlines()) == 5 and "of 25" in r.stderr, "limit: %r" % r.stderr)
    for bad in (["search"], ["search", "--kind", "nope", "x"], ["search", "--from", "x", "y"],
                ["search", "--bogus", "x"], ["search", "--limit", "0", "x"]):
        r = pr(*bad)
        check(r.returncode == 2 and r.stderr, "%s: exit %d" % (bad, r.returncode))
    r = pr("search", "***")
    check(r.returncode == 1 and "nothing to search for" in r.stderr, "***: %r" % r.stderr)
    for q in ('"', "NEAR(", "title:x", "a OR", "^"):
        r = pr("search", q)
        check(r.returncode in (0, 1) and not LEAKS.search(r.stderr), "%r: %r" % (q, r.stderr))


def main(argv):
    if len(argv) != 2:
        sys.stderr.write("usage: test_search.py BUILD_DIR\n")
        return 2
    ENV.setup(argv[1], "pressroom-search-")
    try:
        try:
            setup()
        except Exception as e:
            return SUITE.setup_failed(e)
        SUITE.run_all()
        SUITE.check_server(ENV.server, "server: stops cleanly after the search tests")
    finally:
        harness.stop(ENV.server)
        if SUITE.failed:
            ENV.print_server_err()
        ENV.cleanup()
    return SUITE.summary()


if __name__ == "__main__":
    sys.exit(main(sys.argv))
