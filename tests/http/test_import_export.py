#!/usr/bin/python3
"""pressroom import and export, driven through the real CLI, and the static copy of the
site served by nginx and crawled.

usage: tests/http/test_import_export.py BUILD_DIR

Everything happens in a temp dir: Markdown trees made from tests/data/items plus a
Hugo-like nested tree, the plain-text page tests/data/embassy-page.txt, a Markdown
export imported into an empty site and compared field by field (sqlite3), and a
static export served by nginx (our own minimal nginx.conf, its pid, logs and temp
files in the temp dir) on a free loopback port, crawled link by link.
Prints "ok   name" / "FAIL name: reason" per test, then "N passed, N failed".
"""
import datetime
import glob
import html.parser
import json
import os
import pty
import re
import select
import shutil
import sqlite3
import subprocess
import sys
import time
import urllib.parse
from zoneinfo import ZoneInfo

import feedparser

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
sys.path.insert(0, os.path.join(os.path.dirname(HERE), "lib"))
sys.dont_write_bytecode = True      # no __pycache__ left in tests/lib
import harness
from harness import check, free_port, run

ITEMS_DIR = os.path.join(ROOT, "tests", "data", "items")
BAD_DIR = os.path.join(ROOT, "tests", "data", "bad")
PAGE = os.path.join(ROOT, "tests", "data", "embassy-page.txt")
SCHEMA6 = os.path.join(ROOT, "tests", "data", "sites", "schema-6.db")
NGINX = shutil.which("nginx") or "/usr/sbin/nginx"

ENV = harness.Env()
SUITE = harness.Suite(crash="traceback")
test = SUITE.test


def pr(db, *args, timeout=120):
    return harness.pressroom(ENV.bin, db, *args, timeout=timeout)


def new_site(name, tz="Europe/London"):
    return harness.new_site(ENV, name, tz)


def summary(out):
    m = re.search(r": added (\d+), updated (\d+), unchanged (\d+), skipped (\d+)"
                  r"(?:; media files: added \d+, unchanged \d+)?"
                  r"(?:; old addresses: \d+ now redirect to their items)?"
                  r"(?:; settings: set \d+, kept \d+ of the site's own)?\n?$", out)
    check(m, "no summary line in %r" % out[-300:])
    return tuple(int(x) for x in m.groups())


def items_of(db):
    """Every item of a site by (lang, slug): all columns but the store's own, plus tags."""
    c = sqlite3.connect(db)
    cols = [r[1] for r in c.execute("PRAGMA table_info(items)")]
    out = {}
    for row in c.execute("SELECT * FROM items"):
        d = dict(zip(cols, row))
        d["tags"] = [t for (t,) in c.execute(
            "SELECT tag FROM item_tags WHERE item_id = ? ORDER BY pos", (d["id"],))]
        d["aliases"] = [a for (a,) in c.execute(
            "SELECT path FROM item_aliases WHERE item_id = ? ORDER BY path", (d["id"],))]
        for k in ("id", "created", "updated", "revision", "author_id"):
            d.pop(k, None)
        out[(d["lang"], d["slug"])] = d
    c.close()
    return out


def shown_order(db):
    """Every item's (lang, slug, updated), in the order the site's lists show them."""
    c = sqlite3.connect(db)
    try:
        return list(c.execute("SELECT lang, slug, updated FROM items "
                              "ORDER BY published DESC, id DESC"))
    finally:
        c.close()


def md_folder(name, files):
    """A new folder ENV.tmp/name holding files ({file name: text}); its path."""
    d = os.path.join(ENV.tmp, name)
    shutil.rmtree(d, ignore_errors=True)
    os.makedirs(d)
    for fn, text in files.items():
        with open(os.path.join(d, fn), "w", encoding="utf-8") as f:
            f.write(text)
    return d


def imported_site(name, files):
    """A new site with files ({file name: Markdown}) imported; its database's path."""
    db = new_site(name)
    r = pr(db, "import", md_folder(name + "-src", files))
    check(r.returncode == 0, "import: " + r.stderr)
    return db


def md_tree():
    """tests/data/items flat, plus a Hugo-like nested tree with the files Hugo and Jekyll
    have that are not items."""
    tree = os.path.join(ENV.tmp, "content")
    shutil.rmtree(tree, ignore_errors=True)
    os.makedirs(os.path.join(tree, "news"))
    for p in glob.glob(os.path.join(ITEMS_DIR, "*.md")):
        shutil.copy(p, os.path.join(tree, "news"))
    deep = os.path.join(tree, "posts", "2019", "spring")
    os.makedirs(deep)
    os.makedirs(os.path.join(tree, "posts", "bundle-visit"))
    os.makedirs(os.path.join(tree, "_drafts"))

    def w(rel, text):
        with open(os.path.join(tree, rel), "w", encoding="utf-8") as f:
            f.write(text)
    w("_index.md", "---\ntitle: Home\n---\n")
    w("posts/_index.md", "---\ntitle: Posts\n---\nThe section page.\n")
    w("posts/2019/spring/garden-party.md",
      "---\ntitle: \"Garden party at the residence\"\ndate: 2019-04-12T16:00:00+01:00\n"
      "description: Guests of the Embassy in spring.\ntags: [culture]\n---\nA garden party.\n")
    w("posts/2019/ferry.markdown",
      "---\ntitle: Ferry news\ndate: 2019-03-01\nkind: news\n---\nBody.\n")
    w("posts/bundle-visit/index.md",
      "---\ntitle: A page bundle\ndate: 2019-05-05 10:00\n---\nLeaf bundle body.\n")
    w("posts/bundle-visit/photo.jpg", "not markdown")
    w("_drafts/unfinished.md", "---\ntitle: Unfinished\ndate: 2019-06-01\n---\nDraft.\n")
    os.symlink("/etc", os.path.join(tree, "posts", "outside"))
    os.symlink("/etc/hostname", os.path.join(tree, "posts", "outside.md"))
    return tree


# ---- import --------------------------------------------------------------------

@test
def import_markdown_tree_twice():
    db = new_site("tree")
    tree = md_tree()
    r = pr(db, "import", tree)
    check(r.returncode == 0, "import failed: " + r.stderr)
    n_items = len(glob.glob(os.path.join(ITEMS_DIR, "*.md"))) + 4
    added, updated, unchanged, skipped = summary(r.stdout)
    check((added, updated, unchanged) == (n_items, 0, 0), "first run: " + r.stdout)
    for why in ("_index.md: section page", "posts/outside: symbolic link out of the tree",
                "posts/outside.md: symbolic link out of the tree"):
        check(why in r.stdout, "no note %r in %r" % (why, r.stdout))
    check(skipped == 4, "skipped %d, want 4: %s" % (skipped, r.stdout))
    it = items_of(db)
    check(len(it) == n_items, "%d items stored, want %d" % (len(it), n_items))
    # A slug is the file's name (Hugo's URL), a bundle's its folder's.
    g = it[("en", "garden-party")]
    check(g["kind"] == "news", "an item without a kind is news, got " + g["kind"])
    check(g["lead"] == "Guests of the Embassy in spring.", "description is the lead")
    check(it[("en", "bundle-visit")]["body"] == "Leaf bundle body.\n", "page bundle body")
    check(it[("en", "unfinished")]["status"] == "draft", "_drafts are drafts")
    r = pr(db, "import", tree)
    check(r.returncode == 0, "second import failed: " + r.stderr)
    check(summary(r.stdout)[:3] == (0, 0, n_items), "second run: " + r.stdout.splitlines()[-1])
    check(items_of(db) == it, "the second run changed items")


@test
def import_hugo_time_zone():
    """A Hugo site's timeZone: its dates and times without an offset are read there, as
    Hugo read them (a time with an offset, and a day alone, as before), and a
    permalinks: pattern's date parts are of that zone; one that is no zone is said
    and the import's is used."""
    site = md_folder("hugo-tz", {})
    write_tree(site, {
        "hugo.toml": "baseURL = 'https://example.org/'\ntimeZone = 'Europe/Moscow'\n"
                     "[permalinks]\n  posts = '/:year/:month/:day/:slug/'\n",
        "content/posts/night.md": "---\ntitle: Night\ndate: 2023-03-05T01:30:00\n---\nN\n",
        "content/posts/late.md": "---\ntitle: Late\npublishDate: 2023-03-05T01:30:00\n---\nL\n",
        "content/posts/day.md": "---\ntitle: Day\ndate: 2023-03-05\n---\nD\n",
        "content/posts/offset.md": "---\ntitle: Offset\ndate: 2023-03-05T10:30:00+01:00\n---\nO\n",
    })
    db = new_site("hugo-tz", tz="UTC")
    r = pr(db, "import", site)
    check(r.returncode == 0 and summary(r.stdout)[:3] == (4, 0, 0), r.stdout + r.stderr)
    it = items_of(db)
    got = {k[1]: i["published"] for k, i in it.items()}
    check(got == {"night": 1677969000, "late": 1677969000, "day": 1677974400,
                  "offset": 1678008600}, got)
    for old, slug in (("/2023/03/05/night/", "night"), ("/2023/03/05/late/", "late")):
        page = pr(db, "page", old).stdout
        check("/items/" + slug in page, "%s: %s" % (old, page[:300]))
    with open(os.path.join(site, "hugo.toml"), "w", encoding="utf-8") as f:
        f.write("timeZone = 'Mars/Olympus'\n")
    db = new_site("hugo-tz-bad", tz="UTC")
    r = pr(db, "import", site)
    check(r.returncode == 0 and "timeZone 'Mars/Olympus' is no IANA zone" in r.stdout, r.stdout + r.stderr)
    night = items_of(db)[("en", "night")]["published"]
    check(night == 1677979800, "read in the import's zone (UTC): %d" % night)


@test
def import_relative_links_lead_where_they_led():
    """A relative link in a Hugo or Jekyll page led, on the old site, to where a browser
    resolved it from the page's address there; the item's address here is another, so
    the link is made that old address (which leads to its item), its fragment kept.
    A file of a bundle, a link from the top, a fragment alone, a full URL and a link
    with a query stay as they were."""
    def imported(name, files, n=2):
        """files imported into a new site (n items added): its folder, its database and
        its items' bodies by slug."""
        root = md_folder(name, {})
        write_tree(root, files)
        db = new_site(name)
        r = pr(db, "import", root)
        check(r.returncode == 0 and summary(r.stdout)[:3] == (n, 0, 0), r.stdout + r.stderr)
        return root, db, {k[1]: i["body"] for k, i in items_of(db).items()}

    def moved(db, old):
        r = pr(db, "page", old)
        check(r.returncode == 1 and "status 301" in r.stderr, "%s: %s" % (old, r.stderr))

    hugo, db, body = imported("rel-links-hugo", {
        "hugo.toml": "baseURL = 'https://example.org/'\n",
        "content/posts/trade/index.md": "---\ntitle: Trade\ndate: 2024-05-01\n---\n"
            "[visit](../visit/) [part](../visit/#talks) [up](../../about/) [here](./photo.png) "
            "[top](/posts/visit/) [frag](#x) [far](https://example.net/a/) [q](../visit/?p=1)\n",
        "content/posts/trade/photo.png": "\x89PNG not really",
        "content/posts/visit.md": "---\ntitle: Visit\ndate: 2024-05-02\n---\n[trade](../trade/)\n",
        # From a review: text that only looks like a link stays text (a sentence's
        # "[A]:", code blocks and spans), and an address that Markdown would read
        # otherwise is percent-encoded.
        "content/posts/notes.md": "---\ntitle: Notes\ndate: 2024-05-03\n---\nNote [A]: details follow.\n\n"
            "[def]: ../visit/\n\n```\n[example](other-page/)\n```\n\n    [ind](../ind/)\n\n"
            "Code `arr[i](j)`, [sp](../a%20b/) and [paren](x%29y).\n",
    }, n=3)
    check(body["trade"].startswith("[visit](/posts/visit) [part](/posts/visit#talks) [up](/about) "
                                   "[here](./photo.png) [top](/posts/visit/) [frag](#x) "
                                   "[far](https://example.net/a/) [q](../visit/?p=1)"), body["trade"])
    check(body["visit"].startswith("[trade](/posts/trade)"), body["visit"])
    check(body["notes"] == "Note [A]: details follow.\n\n[def]: /posts/visit\n\n```\n[example](other-page/)\n"
                          "```\n\n    [ind](../ind/)\n\nCode `arr[i](j)`, [sp](/posts/a%20b) and "
                          "[paren](/posts/notes/x%29y).\n", repr(body["notes"]))
    moved(db, "/posts/visit")
    r = pr(db, "import", hugo)
    check(r.returncode == 0 and summary(r.stdout)[:3] == (0, 0, 3), r.stdout + r.stderr)
    # A Jekyll post's page is a file (/2021/06/15/first.html): its folder is the day's.
    _, db, body = imported("rel-links-jekyll", {
        "_config.yml": "title: t\n",
        "_posts/2021-06-15-first.md": "---\ntitle: First\n---\nSee [second](../16/second.html).\n",
        "_posts/2021-06-16-second.md": "---\ntitle: Second\n---\nSee [first](../15/first.html).\n",
    })
    check(body["first"].startswith("See [second](/2021/06/16/second.html)."), body["first"])
    moved(db, "/2021/06/16/second.html")
    # A page whose address ends in index.html: its folder is the one it is in.
    _, db, body = imported("rel-links-index", {
        "_config.yml": "title: t\npermalink: /news/:title/index.html\n",
        "_posts/2021-06-15-first.md": "---\ntitle: First\n---\nSee [code](../code/).\n",
    }, n=1)
    check(body["first"].startswith("See [code](/news/code)."), body["first"])


@test
def import_jekyll_config_lang():
    """A Jekyll config's lang: (which themes put in each page's <html lang>) is the
    language of the posts that name none; one that is no language tag is said, and
    the import's language is used."""
    site = md_folder("jekyll-lang", {})
    write_tree(site, {
        "_config.yml": "title: t\nlang: ru\n",
        "_posts/2023-03-05-vizit.md": "---\ntitle: \u0412\u0438\u0437\u0438\u0442\n---\nx\n",
        "_posts/2023-03-06-visit.md": "---\ntitle: Visit\nlang: en\n---\nx\n",
    })
    db = new_site("jekyll-lang")
    r = pr(db, "import", site)
    check(r.returncode == 0 and summary(r.stdout)[:3] == (2, 0, 0), r.stdout + r.stderr)
    check(sorted(items_of(db)) == [("en", "visit"), ("ru", "vizit")], sorted(items_of(db)))
    write_tree(site, {"_config.yml": "title: t\nlang: \"r u\"\n"})
    db = new_site("jekyll-lang-bad")
    r = pr(db, "import", site)
    check(r.returncode == 0 and "its lang: 'r u' is not a language tag" in r.stdout, r.stdout + r.stderr)
    check(sorted(items_of(db)) == [("en", "visit"), ("en", "vizit")], sorted(items_of(db)))


@test
def import_html_posts():
    """An HTML file with front matter in Jekyll's _posts (or _drafts) and in Hugo's
    content is a post as Markdown is: its HTML made Markdown as a WordPress post's
    (a script dropped), its shortcodes and Liquid tags, even in an attribute, read as
    in Markdown; Jekyll's layouts stay out. A second import changes nothing."""
    site = md_folder("html-posts", {})
    write_tree(site, {
        "_config.yml": "title: t\n",
        "_layouts/default.html": "<html>{{ content }}</html>\n",
        "about.html": "---\ntitle: About\n---\n<p>A page.</p>\n",
        "_posts/2023-03-05-plain.md": "---\ntitle: Plain\n---\nx\n",
        "_posts/2023-03-06-statement.html": "---\ntitle: Statement\n---\n"
            "<p>We <b>welcome</b> the <a href=\"{{ site.baseurl }}/about/\">talks</a>, "
            "as {% post_url 2023-03-05-plain %} said.</p>\n<ul><li>one</li><li>two</li></ul>\n"
            "<script>alert(1)</script>\n",
        # From a review: a highlight block's code is code, not HTML; a "{{" that
        # nothing closes is text, and the link after it stays a link.
        "_posts/2023-03-07-code.html": "---\ntitle: Code\n---\n<p>Before</p>\n{% highlight html %}"
            "<div class=\"box\"><b>Hi</b></div>{% endhighlight %}\n<p>Use {{ to open, see "
            "<a href=\"/x\">this</a>.</p>\n",
    })
    db = new_site("html-posts")
    r = pr(db, "import", site)
    check(r.returncode == 0 and summary(r.stdout)[:4] == (3, 0, 0, 1), r.stdout + r.stderr)
    code = items_of(db)[("en", "code")]["body"]
    check(code == "Before\n\n```html\n<div class=\"box\"><b>Hi</b></div>\n```\n\nUse {{ to open, see "
                  "[this](/x).\n", repr(code))
    body = items_of(db)[("en", "statement")]["body"]
    check(body == "We **welcome** the [talks](/about/), as /items/plain said.\n\n- one\n- two\n", repr(body))
    r = pr(db, "import", site)
    check(r.returncode == 0 and summary(r.stdout)[:3] == (0, 0, 3), r.stdout + r.stderr)
    hugo = md_folder("html-posts-hugo", {})
    write_tree(hugo, {
        "hugo.toml": "baseURL = 'https://example.org/'\n",
        "content/posts/visit/index.html": "---\ntitle: Visit\ndate: 2024-05-01\n---\n"
            "<p>See <a href=\"{{< ref \"posts/talks\" >}}\">the talks</a>.</p>\n",
        "content/posts/talks.md": "---\ntitle: Talks\ndate: 2024-05-02\n---\nT\n",
    })
    db = new_site("html-posts-hugo")
    r = pr(db, "import", hugo)
    check(r.returncode == 0 and summary(r.stdout)[:3] == (2, 0, 0), r.stdout + r.stderr)
    body = items_of(db)[("en", "visit")]["body"]
    check(body == "See [the talks](/items/talks).\n", repr(body))
    r = pr(db, "page", "/posts/visit/")
    check(r.returncode == 1 and "status 301" in r.stderr, r.stderr)


@test
def import_tree_names():
    """What Hugo and Jekyll read from a file's path, where its front matter is silent:
    the slug is the name (Jekyll's less its date, which dates the post; a bundle's its
    folder's), and two posts of one name on two days stay two; a name in two folders
    takes its path; "x.ru.md" and a top folder "ru/" are the language, the pages of one
    path in two languages each other's translations (a lone "uk/" section whose pages
    are nowhere else is a section, not Ukrainian); a Jekyll draft without a date is
    dated by its file; publishDate dates a post without a date; TOML front matter reads
    as YAML does (its [params] are the theme's); a Hugo site's own folder
    imports its content/ only (not a theme's example posts); a slug that is no slug
    ("Visit_Report") is made one, as Hugo makes its URL. A second import changes
    nothing."""
    site = os.path.join(ENV.tmp, "names-site")
    shutil.rmtree(site, ignore_errors=True)
    files = {
        "hugo.toml": "title = 'Embassy'\n",
        "themes/demo/exampleSite/content/post/demo.md": "---\ntitle: Demo\ndate: 2020-01-01\n---\nx\n",
        "archetypes/default.md": "---\ntitle: \"{{ replace .Name }}\"\n---\n",
        "content/_posts/2020-01-01-weekly-briefing.md": "---\ntitle: Weekly briefing\n---\nJanuary 1.\n",
        "content/_posts/2020-01-08-weekly-briefing.md": "---\ntitle: Weekly briefing\n---\nJanuary 8.\n",
        "content/_drafts/upcoming.md": "---\ntitle: Upcoming visit\n---\nDraft.\n",
        "content/posts/visit/index.md": "---\ntitle: The visit\ndate: 2024-05-01\n---\nEN\n",
        "content/posts/visit/index.ru.md": "---\ntitle: \u0412\u0438\u0437\u0438\u0442\ndate: 2024-05-01\n---\nRU\n",
        "content/posts/trade.md": "---\ntitle: Trade talks\ndate: 2024-05-02\n---\nEN\n",
        "content/ru/posts/trade.md": "---\ntitle: \u0422\u043e\u0440\u0433\u043e\u0432\u043b\u044f\n"
                                     "publishDate: 2024-05-02T09:00:00Z\n---\nRU\n",
        "content/news/notice.md": "---\ntitle: Consular notice\ndate: 2024-05-03\n---\nN\n",
        "content/events/notice.md": "---\ntitle: Event notice\ndate: 2024-05-04\n---\nE\n",
        "content/posts/own.md": "---\ntitle: Own slug\ndate: 2024-05-05\nslug: chosen\n---\nO\n",
        "content/uk/trade-mission.md": "---\ntitle: UK trade mission\ndate: 2024-05-08\n---\nU\n",
        "content/posts/caps.md": "---\ntitle: Caps\ndate: 2024-05-07\nslug: Visit_Report\n---\nC\n",
        "content/posts/hugo-new.md": "+++\ntitle = 'Made by hugo new'\ndate = 2024-05-06T09:00:00Z\n"
                                     "draft = false\n\n[params]\ntitle = 'theme'\n+++\nT\n",
    }
    for rel, text in files.items():
        os.makedirs(os.path.dirname(os.path.join(site, rel)), exist_ok=True)
        with open(os.path.join(site, rel), "w", encoding="utf-8") as f:
            f.write(text)
    os.utime(os.path.join(site, "content/_drafts/upcoming.md"), (1717236000, 1717236000))
    db = new_site("names", tz="UTC")
    r = pr(db, "import", site)
    check(r.returncode == 0 and "a Hugo site: its content folder is imported" in r.stdout,
          r.stdout + r.stderr)
    check(summary(r.stdout)[:3] == (13, 0, 0), r.stdout)
    it = items_of(db)
    got = sorted((k[0], k[1], i["translation_key"], i["status"], i["published"])
                 for k, i in it.items())
    check(got == [("en", "chosen", "", "published", 1714867200),
                  ("en", "events-notice", "", "published", 1714780800),
                  ("en", "hugo-new", "", "published", 1714986000),
                  ("en", "news-notice", "", "published", 1714694400),
                  ("en", "trade", "posts/trade", "published", 1714608000),
                  ("en", "trade-mission", "", "published", 1715126400),
                  ("en", "upcoming", "", "draft", 1717236000),
                  ("en", "visit", "posts/visit", "published", 1714521600),
                  ("en", "visit-report", "", "published", 1715040000),
                  ("en", "weekly-briefing", "", "published", 1577836800),
                  ("en", "weekly-briefing-2020-01-08", "", "published", 1578441600),
                  ("ru", "trade", "posts/trade", "published", 1714640400),
                  ("ru", "visit", "posts/visit", "published", 1714521600)], got)
    page = pr(db, "page", "/ru/items/visit").stdout
    check('hreflang="en"' in page and 'href="/items/visit"' in page, page[:3000])
    r = pr(db, "import", site)
    check(r.returncode == 0 and summary(r.stdout)[:3] == (0, 0, 13), r.stdout + r.stderr)
    # A draft dated by its file's time keeps the date it came with when the file is
    # touched (an edit, a fresh clone): nothing changes.
    os.utime(os.path.join(site, "content/_drafts/upcoming.md"), (1730000000, 1730000000))
    r = pr(db, "import", site)
    check(r.returncode == 0 and summary(r.stdout)[:3] == (0, 0, 13), r.stdout + r.stderr)
    check(items_of(db)[("en", "upcoming")]["published"] == 1717236000, "the draft's date moved")
    # A time written into a Jekyll post since: the same item, updated.
    with open(os.path.join(site, "content/_posts/2020-01-08-weekly-briefing.md"), "w") as f:
        f.write("---\ntitle: Weekly briefing\ndate: 2020-01-08T09:30:00Z\n---\nJanuary 8.\n")
    r = pr(db, "import", site)
    check(r.returncode == 0 and summary(r.stdout)[:3] == (0, 1, 12), r.stdout + r.stderr)


@test
def import_tree_raw_html():
    """Raw HTML in a Hugo or Jekyll page ("<br>", "<figure>", an iframe, Hugo's
    "<!--more-->") is made Markdown through the allow-list, not shown as text: the
    page has the bold word, the image and no tag as text, no script or frame; the
    text before "<!--more-->" is the lead where the front matter has none. The report
    says how many files; a second import changes nothing."""
    files = {
        "visit.md": "---\ntitle: Visit\ndate: 2024-01-02\n---\nThe minister arrived.\n\n"
                    "<!--more-->\n\nA <strong>bold</strong> word<br>and a break.\n\n"
                    "<figure><img src=\"/media/a.png\" alt=\"Minister\"><figcaption>At the "
                    "port</figcaption></figure>\n\n<iframe src=\"https://v.example/x\"></iframe>"
                    "<script>alert(1)</script>\n\nUse `<br>` in code.\n",
        "led.md": "---\ntitle: Led\ndate: 2024-01-03\nsummary: Own lead.\n---\nBefore.\n\n"
                  "<!--more-->\n\nAfter.\n",
        "plain.md": "---\ntitle: Plain\ndate: 2024-01-04\n---\n1 < 2 and <https://x.example>.\n",
    }
    db = new_site("raw-html")
    src = md_folder("raw-html-src", files)
    r = pr(db, "import", src)
    check(r.returncode == 0, r.stderr)
    check("raw HTML in 2 files rewritten as Markdown" in r.stdout, r.stdout)
    check(summary(r.stdout) == (3, 0, 0, 0), r.stdout)
    page = pr(db, "page", "/items/visit").stdout
    body = page[page.index('<div class="body">'):]
    body = body[:body.index("</div>")]
    for want in ("<strong>bold</strong>", "<br>", 'src="/media/a.png"', 'alt="Minister"',
                 "At the port", "<code>&lt;br&gt;</code>"):
        check(want in body, "%s not in %r" % (want, body))
    for bad in ("&lt;strong", "&lt;figure", "&lt;!--", "more--", "iframe", "script", "alert"):
        check(bad not in body, "%s in %r" % (bad, body))
    check('<p class="lead">The minister arrived.</p>' in page, "no lead from <!--more-->")
    led = pr(db, "page", "/items/led").stdout
    check('<p class="lead">Own lead.</p>' in led and "&lt;!--" not in led, "led: own lead kept")
    plain = items_of(db)[("en", "plain")]
    check(plain["body"] == files["plain.md"].split("---\n", 2)[2], "a body without HTML changed: %r"
          % plain["body"])
    r = pr(db, "import", src)
    check(summary(r.stdout) == (0, 0, 3, 0), "second import: " + r.stdout)


@test
def import_tree_after_the_upgrade():
    """A tree imported by an earlier version got its titles' slugs: imported again, a
    file whose name slug is not stored finds its item under its title's slug when the
    date agrees, and updates it there (its address stays), rather than adding a copy."""
    db = new_site("upgrade-tree", tz="UTC")
    old = md_folder("upgrade-old", {
        "x.md": "---\ntitle: The ambassador's visit\ndate: 2024-05-01\n"
                "slug: the-ambassadors-visit\n---\nOld text\n",
        "y.md": "---\ntitle: Another visit\ndate: 2023-01-01\nslug: another-visit\n---\nY\n"})
    check(pr(db, "import", old).returncode == 0, "the old import")
    tree = md_folder("upgrade-new", {
        "visit.md": "---\ntitle: The ambassador's visit\ndate: 2024-05-01\n---\nNew text\n",
        "another.md": "---\ntitle: Another visit\ndate: 2024-06-01\n---\nA\n"})
    r = pr(db, "import", tree)
    check(r.returncode == 0 and summary(r.stdout)[:3] == (1, 1, 0), r.stdout + r.stderr)
    it = items_of(db)
    check(sorted(k[1] for k in it) == ["another", "another-visit", "the-ambassadors-visit"],
          sorted(it))
    check(it[("en", "the-ambassadors-visit")]["body"] == "New text\n", it)
    r = pr(db, "import", tree)
    check(summary(r.stdout)[:3] == (0, 0, 2), r.stdout)
    # A file of the same name comes in another folder: the page already published
    # under the name keeps its address; the newcomer takes its path's slug.
    os.makedirs(os.path.join(tree, "events"))
    with open(os.path.join(tree, "events", "visit.md"), "w") as f:
        f.write("---\ntitle: Visit the exhibition\ndate: 2024-07-01\n---\nE\n")
    with open(os.path.join(tree, "another.md"), "w") as f:
        f.write("---\ntitle: Another visit\ndate: 2024-06-01\n---\nA\n")
    os.makedirs(os.path.join(tree, "news"))
    with open(os.path.join(tree, "news", "another.md"), "w") as f:
        f.write("---\ntitle: News\ndate: 2024-06-02\n---\nN\n")
    r = pr(db, "import", tree)
    check(r.returncode == 0 and summary(r.stdout)[:3] == (2, 0, 2), r.stdout + r.stderr)
    check(sorted(k[1] for k in items_of(db)) == ["another", "another-visit", "events-visit",
                                                 "news-another", "the-ambassadors-visit"],
          sorted(items_of(db)))


@test
def import_leaves_the_trash_alone():
    """An item a press officer put in the trash stays there when the file it came from
    is imported again, changed or not: the run says so, and writes the others."""
    db = imported_site("trash", {
        "kept.md": "---\ntitle: Kept\ndate: 2024-05-01\n---\nK\n",
        "binned.md": "---\ntitle: Binned\ndate: 2024-05-02\n---\nB\n"})
    c = sqlite3.connect(db)
    c.execute("UPDATE items SET deleted_at = 1714700000 WHERE slug = 'binned'")
    c.commit()
    c.close()
    src = md_folder("trash-src", {
        "kept.md": "---\ntitle: Kept\ndate: 2024-05-01\n---\nK, changed\n",
        "binned.md": "---\ntitle: Binned\ndate: 2024-05-02\n---\nB, changed\n"})
    r = pr(db, "import", src)
    check(r.returncode == 0 and "skipped %s/binned.md: its item is in the trash here" % src
          in r.stdout and summary(r.stdout)[:4] == (0, 1, 0, 1), r.stdout + r.stderr)
    it = items_of(db)
    check(it[("en", "binned")]["deleted_at"] == 1714700000 and it[("en", "binned")]["body"] == "B\n",
          it[("en", "binned")])
    check(it[("en", "kept")]["body"] == "K, changed\n", it[("en", "kept")])


@test
def import_bad_file_writes_nothing():
    db = new_site("bad")
    tree = md_tree()
    shutil.copy(os.path.join(BAD_DIR, "unknown-kind.md"), os.path.join(tree, "posts", "2019"))
    r = pr(db, "import", tree)
    check(r.returncode == 1, "exit %d, want 1" % r.returncode)
    bad = os.path.join(tree, "posts", "2019", "unknown-kind.md")
    m = re.search(re.escape(bad) + r":(\d+): ", r.stderr)
    check(m, "the message names no file and line: " + r.stderr)
    check("nothing was written" in r.stderr, "does not say nothing was written: " + r.stderr)
    check(items_of(db) == {}, "items were written")
    # A duplicate slug across the tree: both files named.
    os.unlink(bad)
    shutil.copy(os.path.join(ITEMS_DIR, "05-reply-ferry-timetable.md"),
                os.path.join(tree, "posts", "copy.md"))
    r = pr(db, "import", tree)
    check(r.returncode == 1 and "is also used by" in r.stderr, "duplicate slug: " + r.stderr)
    check(items_of(db) == {}, "items were written")
    # Named at its slug: line when the file gives one (two of Hugo's addresses,
    # /posts/a--b/ and /posts/a/b/, can make one slug here).
    os.unlink(os.path.join(tree, "posts", "copy.md"))
    with open(os.path.join(tree, "posts", "a--b.md"), "w") as f:
        f.write("---\ntitle: One\ndate: 2024-01-01\n---\nx\n")
    with open(os.path.join(tree, "posts", "other.md"), "w") as f:
        f.write("---\ntitle: Two\ndate: 2024-01-02\n\nslug: \"a/b\"\n---\nx\n")
    r = pr(db, "import", tree)
    check(r.returncode == 1 and "%s:5: slug 'a-b' is also used by %s" % (
        os.path.join(tree, "posts", "other.md"), os.path.join(tree, "posts", "a--b.md")) in r.stderr,
          "the clash is not named at the slug: line: " + r.stderr)


@test
def import_plain_text_page():
    db = new_site("page")
    r = pr(db, "import", PAGE)
    check(r.returncode == 0, "import failed: " + r.stderr)
    check(summary(r.stdout)[:3] == (8, 0, 0), r.stdout)
    check("the page's date '28 November 2026'" in r.stdout, "header date not reported")
    check("contact block 'Consular queries'" in r.stdout, "contact block not reported")
    it = items_of(db)
    kinds = sorted(i["kind"] for i in it.values())
    check(kinds == sorted(["interview", "statement", "news", "media-reply", "media-reply",
                           "interview", "comment", "media-reply"]), "kinds: %r" % kinds)
    art = [i for i in it.values() if i["part"] == 1]
    check(len(art) == 1, "one article in a series")
    a = art[0]
    check(a["source_url"].startswith("https://mfa.veloria.example/") and
          a["source_title"] == "mfa.veloria.example", "source: %r" % a["source_url"])
    c = sqlite3.connect(db)
    check(c.execute("SELECT value FROM settings WHERE key = 'contact_phone'").fetchone()[0] ==
          "+44 (0) 20 7946 0318", "contact phone not set on a site that had none")
    c.close()
    page = pr(db, "page", "/items/" + a["slug"]).stdout
    check(page.count('class="turn"') == 10, "turns on the page: %d" % page.count('class="turn"'))
    r = pr(db, "import", PAGE)
    check(summary(r.stdout)[:3] == (0, 0, 8), "second run: " + r.stdout.splitlines()[-1])
    bad = os.path.join(ENV.tmp, "bad-page.txt")
    with open(PAGE, encoding="utf-8") as f:
        text = f.read().replace("18.11.2026 -", "31.11.2026 -")
    with open(bad, "w", encoding="utf-8") as f:
        f.write(text)
    db2 = new_site("page2")
    r = pr(db2, "import", bad)
    line = text.splitlines().index(
        [l for l in text.splitlines() if l.startswith("31.11.2026")][0]) + 1
    check(r.returncode == 1 and "%s:%d: impossible date '31.11.2026'" % (bad, line) in r.stderr,
          "bad page: " + r.stderr)
    check(items_of(db2) == {}, "items were written from a bad page")


def page_file(name, entries):
    """ENV.tmp/name: a news page of "dd.mm.yyyy - Title" entries ((date, title, lead)); its path."""
    path = os.path.join(ENV.tmp, name)
    with open(path, "w", encoding="utf-8") as f:
        f.write("LATEST EVENTS\n\n" + "".join("%s - %s\n\n%s\n\n" % e for e in entries))
    return path


@test
def import_page_same_title_other_day():
    """An entry of a news page is its date and title: "Comment by the Embassy
    spokesperson" on two days is two items, whether both are on one page or come on
    two pages one after the other (the second is not an update that overwrites the
    first), and every order of imports ends with the same two items, each run after
    the first adding nothing. The same title twice on one day is refused, naming both
    lines; titles that share their first 80 characters are told apart by date too; a
    change of the site's time zone, which moves every midnight, changes nothing."""
    title = "Comment by the Embassy spokesperson"
    jan = ("10.01.2018", title, "First comment, about fishing.")
    feb = ("15.02.2018", title, "Second comment, about visas.")
    one, two = page_file("jan.txt", [jan]), page_file("feb.txt", [feb])
    both = page_file("both.txt", [feb, jan])
    leads = {"First comment, about fishing.", "Second comment, about visas."}
    for order in ((one, two, both), (both, one, two), (two, both, one)):
        db = new_site("same-title-%d" % len(os.listdir(ENV.tmp)))
        for n, path in enumerate(order + order):
            r = pr(db, "import", path)
            check(r.returncode == 0, r.stderr)
            added = summary(r.stdout)[0]
            check(added == 0 if n >= 2 or (n == 1 and order[0] == both) else added >= 1,
                  "%s, run %d: %s" % ([os.path.basename(p) for p in order], n, r.stdout))
            # The second day's entry, whose slug the first day's item has, is said
            # to take another.
            if n == 1 and order[0] == one:
                check("%s:3: slug 'comment-by-the-embassy-spokesperson' is an item's of "
                      "2018-01-10 here: this one is 'comment-by-the-embassy-spokesperson-"
                      "2018-02-15'" % two in r.stdout.splitlines(), r.stdout)
        it = items_of(db)
        check(sorted(i["lead"] for i in it.values()) == sorted(leads),
              "%s: %r" % ([os.path.basename(p) for p in order],
                          sorted((k[1], i["lead"]) for k, i in it.items())))
        check(all(k[1].startswith("comment-by-the-embassy-spokesperson") for k in it), it.keys())
    # The site's zone changes: every midnight moves, and the entries are still the
    # same two items, left as they are (the page says the same days), with nothing
    # said of their slugs again.
    check(pr(db, "config", "timezone", "Asia/Tokyo").returncode == 0, "timezone")
    r = pr(db, "import", both)
    check(r.returncode == 0 and summary(r.stdout)[:3] == (0, 0, 2) and "slug '" not in r.stdout,
          r.stdout + r.stderr)
    check(len(items_of(db)) == 2, sorted(items_of(db)))
    dup = page_file("dup.txt", [feb, ("15.02.2018", title, "Again.")])
    db = new_site("same-title-dup")
    r = pr(db, "import", dup)
    check(r.returncode == 1 and "dup.txt:7: slug 'comment-by-the-embassy-spokesperson' is "
          "also used by %s:3" % dup in r.stderr, r.stderr)
    check(items_of(db) == {}, "written")
    long_a = ("24.09.2018", "Embassy Press Officer's reply to a media question concerning the "
              "statements of FCO Minister of State Sir Alan Duncan", "A.")
    long_b = ("20.09.2018", "Embassy Press Officer's reply to a media question concerning the "
              "statements of the Foreign Secretary Jeremy Hunt", "B.")
    r = pr(db, "import", page_file("long.txt", [long_a, long_b]))
    check(r.returncode == 0 and summary(r.stdout)[:2] == (2, 0), r.stdout + r.stderr)


@test
def zone_change_keeps_imported_days():
    """Setting the site's zone after an import: what an import dated by day alone
    (a news page's entries, a Markdown file's "date: 2018-03-05") still shows that
    day (midnight in the new zone; before, midnight in the old one showed the day
    before west of it), said; an imported time of midnight (T00:00:00Z), an imported
    draft and a scheduled item keep their instant; importing again changes nothing,
    and the zone set back gives the times of before."""
    db = new_site("zone-days", tz="UTC")
    page = page_file("zone-days.txt", [("15.02.2018", "Visa centre opens", "It opens."),
                                       ("10.01.2018", "Fishing talks", "They met.")])
    check(pr(db, "import", page).returncode == 0, "import")
    tree = os.path.join(ENV.tmp, "zone-days-md")
    os.makedirs(tree, exist_ok=True)
    for name, date, draft in (("midnight", "2018-03-01T00:00:00Z", "false"),
                              ("by-day", "2018-03-05", "false"),
                              ("draft-by-day", "2018-03-06", "true"),
                              ("later", "2099-01-01", "false")):
        with open(os.path.join(tree, name + ".md"), "w") as f:
            f.write("---\ntitle: %s\nslug: %s\ndate: %s\ndraft: %s\nkind: statement\n---\nText.\n"
                    % (name.capitalize(), name, date, draft))
    r = pr(db, "import", tree)
    check(r.returncode == 0 and summary(r.stdout)[0] == 4, r.stdout + r.stderr)
    c = sqlite3.connect(db)
    marks = dict(c.execute("SELECT i.slug, d.by_day FROM import_days d JOIN items i ON i.id = d.item_id"))
    c.close()
    check(marks == {"visa-centre-opens": 1, "fishing-talks": 1, "midnight": 0, "by-day": 1,
                    "draft-by-day": 1, "later": 1}, marks)
    before = {k[1]: i["published"] for k, i in items_of(db).items()}
    r = pr(db, "config", "timezone", "America/New_York")
    check(r.returncode == 0 and r.stdout == "3 items imported with a date and no time kept their "
          "day: each one's midnight in America/New_York now, not in UTC\n", r.stdout + r.stderr)
    after = {k[1]: i["published"] for k, i in items_of(db).items()}
    ny = ZoneInfo("America/New_York")
    for slug, day in (("visa-centre-opens", (2018, 2, 15)), ("fishing-talks", (2018, 1, 10)),
                      ("by-day", (2018, 3, 5))):
        check(after[slug] == int(datetime.datetime(*day, tzinfo=ny).timestamp()),
              "%s: day not kept: %r" % (slug, after[slug]))
    for slug in ("midnight", "draft-by-day", "later"):
        check(after[slug] == before[slug], "%s moved: %r -> %r" % (slug, before[slug], after[slug]))
    archive = pr(db, "page", "/archive").stdout
    check("15.02.2018" in archive and "10.01.2018" in archive and "14.02.2018" not in archive,
          "the archive's days: %r" % re.findall(r"\d\d\.\d\d\.\d{4}", archive))
    r = pr(db, "import", page)
    check(r.returncode == 0 and summary(r.stdout)[:3] == (0, 0, 2), r.stdout + r.stderr)
    check({k[1]: i["published"] for k, i in items_of(db).items()} == after, "moved by the import")
    # Back to UTC: the same days, and nothing else moves.
    r = pr(db, "config", "timezone", "UTC")
    check(r.returncode == 0 and r.stdout.startswith("3 items imported"), r.stdout + r.stderr)
    check({k[1]: i["published"] for k, i in items_of(db).items()} == before, "not back")


@test
def import_page_as_pasted():
    """A news page as press officers paste it, from a review: two long titles of one
    day that share their first 80 characters are two items (the second's slug
    carries its full title's hash), not the second overwriting the first, on one page
    or on two imported one after the other; a title corrected since is the same item
    (its day and lead say so), not a second; an entry line with its
    date alone, with no dash after a blank line, with ISO's date, a non-breaking
    hyphen or "--" is an entry, not the lead of the one before; a heading with a
    no-break space and a colon is the heading; "Все сообщения »" ends the list; the
    same entry twice (pages pasted together) is skipped, said; a two-digit year and
    a page saved in windows-1251 or UTF-16 are refused saying what to do. An entry's
    paragraphs after its lead are its text."""
    sk = "Embassy Press Officer\u2019s reply to a media question concerning the latest developments in the "
    text = ("LATEST\u00a0EVENTS:\n\n"
            "24.09.2018 - " + sk + "Skripal case\nLead one.\n\n"
            "24.09.2018 - " + sk + "Salisbury case\nLead two.\n\n"
            "23.09.2018 No dash here\nLead three.\n\n"
            "22.09.2018\nOn a line of its own\nLead four.\n\n"
            "2018-09-21 - ISO date\nLead five.\n\nIts second paragraph.\n\n"
            "20.09.2018 \u2011 Non-breaking hyphen\nLead six.\n\n"
            "19.09.2018 -- Two hyphens\nLead seven.\n\n"
            "20.09.2018 \u2011 Non-breaking hyphen\nLead six.\n\n"
            "\u0412\u0441\u0435 \u0441\u043e\u043e\u0431\u0449\u0435\u043d\u0438\u044f \u00bb\n")
    path = os.path.join(ENV.tmp, "pasted.txt")
    db = new_site("pasted")
    r = pr(db, "import", page_file("skripal.txt", [("24.09.2018", sk + "Skripal case", "Lead one.")]))
    check(r.returncode == 0 and summary(r.stdout) == (1, 0, 0, 0), r.stdout + r.stderr)
    with open(path, "w", encoding="utf-8") as f:
        f.write(text)
    r = pr(db, "import", path)
    check(r.returncode == 0 and summary(r.stdout) == (6, 0, 1, 1), r.stdout + r.stderr)
    check("skipped %s:27: the same entry as %s:21" % (path, path) in r.stdout, r.stdout)
    got = sorted((i["title"], i["lead"]) for i in items_of(db).values())
    check(got == sorted([(sk + "Skripal case", "Lead one."), (sk + "Salisbury case", "Lead two."),
                         ("No dash here", "Lead three."), ("On a line of its own", "Lead four."),
                         ("ISO date", "Lead five."),
                         ("Non-breaking hyphen", "Lead six."),
                         ("Two hyphens", "Lead seven.")]), got)
    # An entry's paragraphs after its lead are its text.
    iso = [i for i in items_of(db).values() if i["title"] == "ISO date"]
    check(iso and iso[0]["body"] == "Its second paragraph.", iso)
    r = pr(db, "import", path)
    check(r.returncode == 0 and summary(r.stdout) == (0, 0, 7, 1), r.stdout + r.stderr)
    # The other way round: the new long title comes above the imported one (a page
    # lists the newest first). Still two items, the first one found, not doubled.
    above = new_site("pasted-above")
    r = pr(above, "import", page_file("skripal.txt", [("24.09.2018", sk + "Skripal case", "Lead one.")]))
    check(r.returncode == 0 and summary(r.stdout) == (1, 0, 0, 0), r.stdout + r.stderr)
    two = page_file("two.txt", [("24.09.2018", sk + "Salisbury case", "Lead two."),
                                ("24.09.2018", sk + "Skripal case", "Lead one.")])
    for want in ((1, 0, 1, 0), (0, 0, 2, 0)):
        r = pr(above, "import", two)
        check(r.returncode == 0 and summary(r.stdout) == want, r.stdout + r.stderr)
    check(sorted(i["title"] for i in items_of(above).values()) ==
          sorted([sk + "Salisbury case", sk + "Skripal case"]), items_of(above))
    # From a review: the same headline on another day is another item (never the
    # one its tie is settled against); a title whose slug is the cut one by chance
    # ("... the latest"), above or below a cut one, is not refused and takes no
    # other's address.
    cases = [
        [[("24.09.2018", sk + "Skripal case", "L1.24"), ("24.09.2018", sk + "Salisbury case", "L2.24"),
          ("23.09.2018", sk + "Skripal case", "L1.23")]] * 2,
        [[("24.09.2018", sk.rstrip(" the").rstrip() + " the latest", "L8"),
          ("24.09.2018", sk + "Skripal case", "L1")]] * 2,
        [[("24.09.2018", sk + "Skripal case", "L1")],
         [("24.09.2018", sk + "Skripal case", "L1"),
          ("24.09.2018", sk.rstrip(" the").rstrip() + " the latest", "L8")]] + [None],
    ]
    for n, pages in enumerate(cases):
        site = new_site("tie-case-%d" % n)
        pages = [p if p else pages[-2] for p in pages]
        want = {(e[1], e[2]) for pg in pages for e in pg}
        for pg in pages:
            r = pr(site, "import", page_file("tie-%d.txt" % n, pg))
            check(r.returncode == 0, "case %d: %s" % (n, r.stderr))
        got = {(i["title"], i["lead"]) for i in items_of(site).values()}
        check(got == want and len(items_of(site)) == len(want) and summary(r.stdout)[:2] == (0, 0),
              "case %d: %r, last run %s" % (n, sorted(got ^ want), r.stdout))
    # A title corrected on the page a week later: the same item (its lead says so),
    # under its old address, not a second one.
    r = pr(db, "import", page_file("corrected.txt", [("23.09.2018", "No dash here, corrected",
                                                      "Lead three.")]))
    check(r.returncode == 0 and summary(r.stdout) == (0, 1, 0, 0), r.stdout + r.stderr)
    it = items_of(db)
    check(len(it) == 7 and it.get(("en", "no-dash-here"), {}).get("title") == "No dash here, corrected",
          sorted((k[1], i["title"]) for k, i in it.items()))
    # An entry's first paragraph is its lead, the next its text.
    page = pr(db, "page", "/items/iso-date").stdout
    check('<p class="lead">Lead five.</p>' in page and
          '<div class="body">\n<p>Its second paragraph.</p>' in page,
          page[page.find('class="lead"') - 20:][:300])
    with open(path, "w", encoding="utf-8") as f:
        f.write("LATEST EVENTS\n\n24.09.18 - Short year\nLead.\n")
    r = pr(db, "import", path)
    check(r.returncode == 1 and "pasted.txt:3: '24.09.18 - Short year' has a two-digit year" in r.stderr,
          r.stderr)
    # A date alone at the end, then the page's closing link: the link is no title.
    with open(path, "w", encoding="utf-8") as f:
        f.write("LATEST EVENTS\n\n24.09.2018 - Title\nLead.\n\n23.09.2018\n\nAll messages \u00bb\n")
    r = pr(db, "import", path)
    check(r.returncode == 1 and "pasted.txt:6: the entry dated 23.09.2018 has no title" in r.stderr,
          r.stderr)
    ru = "\u041f\u041e\u0421\u041b\u0415\u0414\u041d\u0418\u0415 \u0421\u041e\u0411\u042b\u0422\u0418\u042f\n\n24.09.2018 - \u0422\u0435\u043a\u0441\u0442\n\u0410.\n"
    for enc, said in (("cp1251", ":1: not UTF-8 (a page saved as windows-1251 or KOI8-R?): save it as UTF-8"),
                      ("utf-16", ":1: UTF-16 text (Notepad's \"Unicode\"): save it as UTF-8")):
        with open(path, "w", encoding=enc) as f:
            f.write(ru)
        r = pr(db, "import", path)
        check(r.returncode == 1 and (path + said) in r.stderr, enc + ": " + r.stderr)
    check(len(items_of(db)) == 7, "a refused page wrote items")


LATEST = "Embassy Press Officer\u2019s reply to a media question concerning the latest developments in the "
CUT = "embassy-press-officers-reply-to-a-media-question-concerning-the-latest"


def import_twice(site, pg, want):
    """Imports pg into site twice: the first run's summary is want, the second adds and
    updates nothing."""
    for n, w in enumerate((want, (0, 0, sum(want[:3]), want[3]))):
        r = pr(site, "import", pg)
        check(r.returncode == 0 and summary(r.stdout) == w,
              "%s, run %d: %s" % (os.path.basename(pg), n + 1, r.stdout + r.stderr))


def tie_slug(s):
    """Whether s is a tie slug of CUT: the cut slug and 6 hex digits."""
    return re.fullmatch(re.escape(CUT) + "-[0-9a-f]{6}", s) is not None


@test
def import_page_long_titles_on_two_days():
    """Two long titles of one day that share their first 80 characters (the tie), the
    same two on two days of one page: four items, each day's tie slug its own (an
    earlier version gave both days one, lost an item on the first import and moved
    items between entries on every import after)."""
    days = ("25.09.2018", "24.09.2018")
    four = page_file("tie-four.txt", [(d, LATEST + t, "Lead %s of %s." % (n, d)) for d in days
                                      for n, t in (("X", "Skripal case"), ("Y", "Salisbury case"))])
    site = new_site("tie-four")
    import_twice(site, four, (4, 0, 0, 0))
    got = {i["lead"]: k[1] for k, i in items_of(site).items()}
    check(sorted(got) == sorted("Lead %s of %s." % (n, d) for d in days for n in "XY"), got)
    check(got["Lead Y of 24.09.2018."] == CUT and got["Lead Y of 25.09.2018."] == CUT + "-2018-09-25" and
          tie_slug(got["Lead X of 24.09.2018."]) and tie_slug(got["Lead X of 25.09.2018."]) and
          len(set(got.values())) == 4, got)
    pr(site, "import", four)
    check({i["lead"]: k[1] for k, i in items_of(site).items()} == got, "a third run moved items")


@test
def import_page_tied_title_corrected():
    """One of two tied long titles of a day corrected on the page so that its slug
    changes, the second or the first: it updates its item (its day and lead say so),
    which keeps its address, instead of adding a second; and so does a short title
    on two days, the earlier one corrected."""
    pair = [("24.09.2018", LATEST + "Skripal case", "Lead one."),
            ("24.09.2018", LATEST + "Salisbury case", "Lead two.")]
    for n in (1, 0):
        site = new_site("tie-corrected-%d" % n)
        import_twice(site, page_file("tie-pair.txt", pair), (2, 0, 0, 0))
        before = {i["lead"]: k[1] for k, i in items_of(site).items()}
        fixed = list(pair)
        fixed[n] = (fixed[n][0], fixed[n][1].replace("latest", "recent"), fixed[n][2])
        import_twice(site, page_file("tie-fixed-%d.txt" % n, fixed), (0, 1, 1, 0))
        after = {i["lead"]: (k[1], i["title"]) for k, i in items_of(site).items()}
        check(after == {e[2]: (before[e[2]], e[1]) for e in fixed},
              "title %d corrected: %r, was %r" % (n, after, before))
    site = new_site("alt-corrected")
    title = "Comment by the spokesperson"
    import_twice(site, page_file("alt.txt", [("25.09.2018", title, "Two."), ("24.09.2018", title, "One.")]),
                 (2, 0, 0, 0))
    import_twice(site, page_file("alt-fixed.txt", [("25.09.2018", title, "Two."),
                                                   ("24.09.2018", title + ", corrected", "One.")]),
                 (0, 1, 1, 0))
    got = {i["lead"]: (k[1], i["title"]) for k, i in items_of(site).items()}
    check(got == {"One.": ("comment-by-the-spokesperson", title + ", corrected"),
                  "Two.": ("comment-by-the-spokesperson-2018-09-25", title)}, got)


@test
def import_page_tie_in_dated_slug():
    """The page's window moves on: a long title alone on the page for its day, its cut
    slug another day's item and its dated slug the other long title's of its day,
    takes its tie slug instead of overwriting that item."""
    site = new_site("tie-window")
    import_twice(site, page_file("w1.txt", [("22.09.2018", LATEST + "Skripal case", "S22.")]), (1, 0, 0, 0))
    import_twice(site, page_file("w2.txt", [("23.09.2018", LATEST + "Skripal case", "S23.")]), (1, 0, 0, 0))
    import_twice(site, page_file("w3.txt", [("23.09.2018", LATEST + "Salisbury case", "T23.")]), (1, 0, 0, 0))
    got = {i["lead"]: k[1] for k, i in items_of(site).items()}
    check(sorted(got) == ["S22.", "S23.", "T23."] and got["S22."] == CUT and
          got["S23."] == CUT + "-2018-09-23" and tie_slug(got["T23."]), got)


@test
def import_page_dated_slug_taken():
    """An entry whose slug holds another day's item, and whose dated slug is another
    entry's of the same page (a title that ends in that date): the import is refused,
    naming both slugs, and writes nothing, instead of one entry overwriting the
    other's item."""
    site = new_site("dated-taken")
    import_twice(site, page_file("dt1.txt", [("24.09.2018", "Comment", "One.")]), (1, 0, 0, 0))
    pg = page_file("dt2.txt", [("25.09.2018", "Comment", "Two."), ("20.09.2018", "Comment 2018 09 25", "Odd.")])
    r = pr(site, "import", pg)
    check(r.returncode == 1 and "dt2.txt:3: slug 'comment' is another item's, and 'comment-2018-09-25', "
          "the one this entry would take instead, is another entry's of this import" in r.stderr, r.stderr)
    check([i["lead"] for i in items_of(site).values()] == ["One."], items_of(site))


ALONE_PAGE = """PRESS RELEASES AND NEWS

30.11.2017

Minister's interview with the Courier

Question: How was the conference?

Minister: It went well, and we agreed to meet again.

To be continued...

http://www.example.org/news/2971828
"""

TWO_ENTRIES = """30.11.2017 - Minister's interview with the Courier
Question: How was the conference?

29.11.2017 - Statement on the talks
Lead two.
"""

ARTICLE_PAGE = ALONE_PAGE + "\nLATEST EVENTS\n\n" + TWO_ENTRIES

LIST_PAGE = "LATEST EVENTS\n\n01.12.2017 - Newer statement\nLead three.\n\n" + TWO_ENTRIES


@test
def import_page_article_and_list_apart():
    """The full article and its entry in the list, on pages imported one after the
    other in either order (the next day's page shows another article, the entry
    still listed; or the article came on a page of its own, without a lead): one
    item, and the entry alone never takes away the article's body, series part and
    source link, nor the article the entry's lead; pages imported again change
    nothing."""
    for order in (("art", "list", "art", "list"), ("list", "art", "list", "art"),
                  ("alone", "list", "alone", "list"), ("list", "alone", "list", "alone")):
        db = new_site("apart-" + "-".join(order[:2]))
        pages = {"art": ARTICLE_PAGE, "list": LIST_PAGE, "alone": ALONE_PAGE}
        for i, name in enumerate(order):
            path = os.path.join(ENV.tmp, "apart-%s.txt" % name)
            with open(path, "w", encoding="utf-8") as f:
                f.write(pages[name])
            r = pr(db, "import", path)
            check(r.returncode == 0, r.stderr)
            if i >= 2:
                check(summary(r.stdout)[:2] == (0, 0), "%r, again: %s" % (order, r.stdout))
        it = items_of(db)
        check(len(it) == 3, "%r: %r" % (order, sorted(it)))
        art = [i for i in it.values() if i["title"] == "Minister's interview with the Courier"]
        check(len(art) == 1 and "we agreed to meet again" in art[0]["body"] and
              art[0]["part"] == 1 and art[0]["source_url"] == "http://www.example.org/news/2971828" and
              art[0]["lead"] == "Question: How was the conference?",
              "%r: the article's item: %r" % (order, art))


@test
def import_says_far_dates():
    """An item dated more than a year ahead (2106 typed for 2016) is imported as
    scheduled, as a date ahead means, and the report says so with its date; one next
    month is scheduled without a word, and a draft's date is nobody's business."""
    soon = time.strftime("%Y-%m-%d", time.gmtime(time.time() + 30 * 86400))
    src = md_folder("far-dates", {
        "typo.md": "---\ntitle: Typo\ndate: 2106-03-01T10:00:00Z\n---\nX\n",
        "soon.md": "---\ntitle: Soon\ndate: %sT10:00:00Z\n---\nX\n" % soon,
        "draft.md": "---\ntitle: Draft\ndate: 2107-01-01T10:00:00Z\ndraft: true\n---\nX\n"})
    db = new_site("far-dates")
    r = pr(db, "import", src)
    check(r.returncode == 0 and summary(r.stdout) == (3, 0, 0, 0), r.stdout + r.stderr)
    said = [l for l in r.stdout.splitlines() if "more than a year ahead" in l]
    check(said == ["%s: dated 2106-03-01, more than a year ahead: it waits for that day "
                   "(scheduled)" % os.path.join(src, "typo.md")], said)


@test
def import_site_pages_and_bad_files():
    """What a whole Jekyll or Hugo site folder holds besides its posts, from a review:
    a page (layout: page, or a dateless file outside _posts; in Hugo a dateless
    content/about.md or about/index.md), a CONTRIBUTING.md or notes without front
    matter, Bundler's vendor/ gems and what _config.yml's exclude: lists are
    skipped, each named with why (a post's aliases and url are said with its new
    address, for the web master's redirects), and the posts are imported (space-separated
    categories are two tags, excerpt: is the lead, a date ending in +0300 MSK or
    UTC is read); bad posts are all named, each with its line, and nothing is
    written; a dateless file in a Hugo section stays an error."""
    db = new_site("site-pages")
    src = md_folder("jekyll-site", {})
    files = {
        "_config.yml": "title: Embassy\nexclude:\n  - docs/\n  - \"*.txt\"\n",
        "about.md": "---\nlayout: page\ntitle: About\n---\nAbout us.\n",
        "contact.md": "---\ntitle: Contact\n---\nWrite to us.\n",
        "CONTRIBUTING.md": "# How to help\n",
        "docs/guide.md": "---\ntitle: Guide\n---\nx\n",
        "vendor/bundle/ruby/3.1.0/gems/minima/README.md": "---\ntitle: Minima\n---\nx\n",
        "_posts/notes.md": "Just notes.\n",
        "_team/alice.md": "---\ntitle: Alice, press attaché\n---\nx\n",
        "_news/2024-01-03-dated.md": "---\ntitle: Dated news\ndate: 2024-01-03\n---\nx\n",
        "_posts/2024-01-01-visit.md": "---\nlayout: post\ntitle: Visit\n"
                                      "categories: news consular\nexcerpt: The visit in short.\n"
                                      "date: 2024-01-01 10:00:00 +0300 MSK\n---\nBody.\n",
        "_posts/2024-01-02-talk.md": "---\ntitle: Talk\ndate: 2024-01-02 10:00:00 UTC\n---\nBody.\n",
    }
    write_tree(src, files)
    for _ in range(2):
        r = pr(db, "import", src)
        check(r.returncode == 0, r.stdout + r.stderr)
        skipped = sorted(l[len("skipped ") + len(src) + 1:] for l in r.stdout.splitlines()
                         if l.startswith("skipped " + src))
        check(skipped == [
            "CONTRIBUTING.md: no front matter: not an item",
            "_posts/notes.md: no front matter: not an item",
            "_team/alice.md: no date: a document of a Jekyll collection, not a post; add a "
            "date: line to import it",
            "about.md: no date: a page (its layout or type is page), not a dated item",
            "contact.md: no date: a Jekyll page (outside _posts), not a post; add a date: "
            "line to import it",
            "docs: named in _config.yml's exclude: list",
            "vendor: theme or build folder, not content"], "skipped: %r" % skipped)
    check(summary(r.stdout) == (0, 0, 3, 7), r.stdout)
    it = items_of(db)
    check(sorted(s for _, s in it) == ["dated", "talk", "visit"], sorted(it))
    v = it.get(("en", "visit"), {})
    check(v.get("tags") == ["news", "consular"] and v.get("lead") == "The visit in short."
          and v.get("published") == 1704092400, v)
    check(it.get(("en", "talk"), {}).get("published") == 1704189600, it.get(("en", "talk")))
    # Bad posts: every one named with its line, nothing written.
    bad = {"_posts/2024-01-03-a.md": "---\ntitle: A\ndate: 2024-13-01\n---\nx\n",
           "_posts/2024-01-04-b.md": "---\ntitle: B\ndate: soon\n---\nx\n",
           "_posts/2024-01-05-c.md": "---\nbase: &b\n  kind: statement\n<<: *b\ntitle: C\n"
                                     "date: 2024-01-05\n---\nx\n",
           "_posts/2024-01-06-d.md": "---\ntitle: D\ndate: 2024-01-06\n---\nx\n"}
    write_tree(src, bad)
    r = pr(db, "import", src)
    check(r.returncode == 1, r.stdout + r.stderr)
    check(r.stderr.splitlines() == [
        "pressroom: %s/_posts/2024-01-03-a.md:3: impossible date '2024-13-01'" % src,
        "pressroom: %s/_posts/2024-01-04-b.md:3: date 'soon' is not like 2017-11-30, "
        "2017-11-30 10:00, 2017-11-30T10:00:00+03:00 or November 30, 2017" % src,
        "pressroom: %s/_posts/2024-01-05-c.md:4: YAML merge keys (<<) are not supported; "
        "write the merged keys out in this file" % src,
        "pressroom: nothing was written"], r.stderr)
    check(sorted(s for _, s in items_of(db)) == ["dated", "talk", "visit"], "something was written")
    # Hugo: pages at the top of content/ are skipped; a section's dateless file is not.
    hsrc = md_folder("hugo-site", {"hugo.toml": "title = \"Embassy\"\n"})
    hfiles = {"content/about/index.md": "---\ntitle: About\n---\nx\n",
              "content/contact.md": "+++\ntitle = \"Contact\"\n+++\nx\n",
              "content/news/visit.md": "---\ntitle: Visit\ndate: 2024-02-01\naliases:\n"
                                       "  - /old/visit/\n  - \"\"\nurl: /news/2024/visit/\n---\nx\n"}
    write_tree(hsrc, hfiles)
    hdb = new_site("hugo-pages")
    r = pr(hdb, "import", hsrc)
    check(r.returncode == 0 and summary(r.stdout) == (1, 0, 0, 2), r.stdout + r.stderr)
    check("skipped %s/content/about/index.md: no date: a page at the top of the folder, not a "
          "dated item; add a date: line to import it" % hsrc in r.stdout, r.stdout)
    # Old addresses lead to the item now (an empty one is left without a word).
    check(r.stdout.rstrip().endswith("; old addresses: 2 now redirect to their items") and
          "not kept" not in r.stdout, r.stdout)
    c = sqlite3.connect(hdb)
    kept = c.execute("SELECT path FROM item_aliases ORDER BY path").fetchall()
    c.close()
    check(kept == [("/news/2024/visit",), ("/old/visit",)], "old addresses kept: %r" % kept)
    with open(os.path.join(hsrc, "content/news/undated.md"), "w", encoding="utf-8") as f:
        f.write("---\ntitle: Undated\n---\nx\n")
    r = pr(hdb, "import", hsrc)
    check(r.returncode == 1 and "%s/content/news/undated.md:1: missing date" % hsrc in r.stderr,
          r.stderr)


@test
def import_old_addresses():
    """The addresses an item had on the site it comes from (Hugo's aliases and url,
    Jekyll's permalink and redirect_from, a WordPress post's link) lead to it: the
    live server answers each with a 301 to the item (with or without a trailing '/'
    or index.html), only while the item is public; an address that cannot be one
    (relative, with a query, a pattern, the old home page) or that two files give
    is said with why, and kept for the first file only; a second import changes
    nothing; another import can move an address to another item (the server
    follows); a WordPress post's permalink and shortlink ("/?p=11") lead to it, a
    draft's are none, and a static copy has no file for a shortlink. (Deleting an item deletes its
    addresses: unit test store_aliases.)"""
    db = new_site("old-addresses")
    src = os.path.join(ENV.tmp, "old-addresses")
    write_tree(src, {
        "content/news/visit.md": "---\ntitle: Visit\ndate: 2024-02-01\naliases:\n"
                                 "  - /2024/02/01/visit/\n  - old/relative\n  - /?page_id=12\n"
                                 "  - /news/:title/\n  - https://old.example/\n"
                                 "url: https://old.example/news/2024/visit/index.html\n---\nx\n",
        "content/news/talk.md": "---\ntitle: Talk\ndate: 2024-02-02\n"
                                "redirect_from: [/2024/02/01/visit, /talk.html, /%D0%BD/talk, /c%23sharp/, /feed.rss/x]\n---\ny\n",
        "content/news/later.md": "---\ntitle: Later\ndate: 2024-03-01\ndraft: true\n"
                                 "permalink: /later/\n---\nz\n"})
    r = pr(db, "import", src)
    check(r.returncode == 0, r.stderr)
    # (8: the 7 the files give, and 'old/relative' beside visit's url:, where Hugo
    # puts a relative alias. No Hugo config, no folder named content: the pages'
    # own paths say nothing of their addresses: import_hugo_site_addresses.)
    check(r.stdout.rstrip().endswith("added 3, updated 0, unchanged 0, skipped 0; old addresses: "
                                     "8 now redirect to their items"), r.stdout)
    said = sorted(l.split(": ", 1)[1] for l in r.stdout.splitlines() if "not kept" in l)
    check(said == sorted([
        "aliases '/2024/02/01/visit/' is not kept for this item: %s/content/news/talk.md gives it too, "
        "and keeps it" % src,
        "aliases '/?page_id=12' is not kept: an address with a query (?...), which a path cannot stand for; "
        "the item's address is /items/visit: redirect the old one in the web server",
        "aliases '/news/:title/' is not kept: a pattern (:title, :year), not an address; the item's "
        "address is /items/visit: redirect the old one in the web server",
        "aliases 'https://old.example/' is not kept: the home page of the old site; the item's "
        "address is /items/visit: redirect the old one in the web server"]), said)
    r = pr(db, "import", src)
    check(r.returncode == 0 and "old addresses" not in r.stdout and summary(r.stdout) == (0, 0, 3, 0),
          "a second import: " + r.stdout)
    # Through export --markdown and back they stay the same ("%23" stays a name's '#').
    def kept_of(d):
        c = sqlite3.connect(d)
        try:
            return c.execute("SELECT a.path, i.slug FROM item_aliases a JOIN items i ON i.id = a.item_id"
                             " ORDER BY 1").fetchall()
        finally:
            c.close()
    mdir, db2 = os.path.join(ENV.tmp, "old-addresses-md"), new_site("old-addresses-again")
    r = pr(db, "export", "--markdown", mdir)
    r2 = pr(db2, "import", mdir)
    check(r.returncode == 0 and r2.returncode == 0 and kept_of(db2) == kept_of(db),
          "round trip: %r != %r %s" % (kept_of(db2), kept_of(db), r2.stderr))
    # A static copy leaves out, and names, one below a file of the copy; the rest is there.
    www = os.path.join(ENV.tmp, "old-addresses-copy")
    r = pr(db, "export", "--static", www)
    check(r.returncode == 0 and "old address /feed.rss/x is below a file of the copy" in r.stderr and
          os.path.isfile(os.path.join(www, "c#sharp", "index.html")), r.stdout + r.stderr)
    ENV.db = db
    ENV.port = free_port()
    ENV.serve()
    try:
        for path, to in (("/2024/02/01/visit", "/items/talk"), ("/2024/02/01/visit/", "/items/talk"),
                         ("/talk.html", "/items/talk"), ("/\u043d/talk/index.html", "/items/talk"),
                         ("/news/2024/visit", "/items/visit"), ("/news/2024/visit/", "/items/visit"),
                         ("/c#sharp", "/items/talk"), ("/news/2024/old/relative", "/items/visit")):
            resp = harness.get(ENV.port, urllib.parse.quote(path), timeout=10)
            check(resp.status == 301 and (resp.header("Location") or "").endswith(to),
                  "%s: %d %s, not a 301 to %s" % (path, resp.status, resp.header("Location"), to))
        # ("%23": a '#' in a name, not the old address's fragment.)
        for path in ("/later", "/old/relative", "/2024/02/01/visit/x", "/2024/02/01/visit%23x",
                     "/news/talk"):
            resp = harness.get(ENV.port, path, timeout=10)
            check(resp.status == 404, "%s: %d, not 404 (a draft's or no old address)" % (path, resp.status))
        # The press office moves one address to another item: the next import says so.
        # Two more are pages of this site (the archive, another item's): kept, but
        # said to be unused, since real pages win; the item's own address is no loss.
        write_tree(src, {"content/news/later.md": "---\ntitle: Later\ndate: 2024-03-01\n"
                                                  "aliases: [/talk.html, /archive/, /items/visit,"
                                                  " /items/later, /feed/]\n---\nz\n"})
        r = pr(db, "import", src)
        # A feed's address of WordPress (/feed/) is the site's own redirect to its feed.
        check(r.returncode == 0 and "; old addresses: 5 now redirect" in r.stdout, r.stdout + r.stderr)
        notes = [l for l in r.stdout.splitlines() if l.startswith("note ")]
        later = os.path.join(src, "content", "news", "later.md")
        check(notes == ["note %s: old address %s is not used: a page of this site is there, and "
                        "readers get that page" % (later, p) for p in ("/archive", "/items/visit")] +
              ["note %s: old address /feed is not used: this site sends readers there to "
               "/feed.rss itself" % later],
              "unused old addresses: %r" % notes)
        # The address another item had is said to have moved.
        check("%s: old address /talk.html led to en/talk: it leads to this entry's item now"
              % later in r.stdout.splitlines(), r.stdout)
        check(harness.get(ENV.port, "/archive").status == 200, "/archive is not the archive page")
        check(harness.wait_for(lambda: (harness.get(ENV.port, "/talk.html").header("Location") or "")
                               .endswith("/items/later"), 5) is not None,
              "/talk.html does not lead to the moved item")
    finally:
        harness.stop(ENV.server)
        ENV.server = None
    # WordPress: a published post's link and its shortlink ("/?p=11", which WordPress
    # puts in every post's head) are its old addresses; a draft's ("?p=13") are none.
    wdb = new_site("old-addresses-wxr")
    r = pr(wdb, "import", os.path.join(ROOT, "tests", "data", "wxr", "export.xml"))
    check(r.returncode == 0 and "old addresses: 4 now redirect" in r.stdout, r.stdout + r.stderr)
    c = sqlite3.connect(wdb)
    kept = c.execute("SELECT a.path, i.slug FROM item_aliases a JOIN items i ON i.id = a.item_id"
                     " ORDER BY a.path").fetchall()
    c.close()
    check(kept == [("/2024/03/ambassador-presents-credentials", "ambassador-presents-credentials"),
                   ("/2024/04/flood-relief", "flood-relief"),
                   ("/?p=11", "ambassador-presents-credentials"), ("/?p=12", "flood-relief")],
          "WordPress links kept: %r" % kept)
    ENV.db = wdb
    ENV.port = free_port()
    ENV.serve()
    try:
        home = harness.get(ENV.port, "/", timeout=10)
        check(home.status == 200, "home: %d" % home.status)
        for path, to in (("/?p=11", "/items/ambassador-presents-credentials"),
                         ("/index.php?p=12", "/items/flood-relief"),
                         ("/?p=12&utm_source=x", "/items/flood-relief")):
            resp = harness.get(ENV.port, path, timeout=10)
            check(resp.status == 301 and (resp.header("Location") or "").endswith(to),
                  "%s: %d %s, not a 301 to %s" % (path, resp.status, resp.header("Location"), to))
        # A draft's, an unknown one, a page's: the home page as before (and the home
        # page itself is not taken over by what a shortlink rendered).
        for path in ("/?p=13", "/?p=99", "/?p=x", "/?page_id=2", "/"):
            resp = harness.get(ENV.port, path, timeout=10)
            check(resp.status == 200 and resp.body == home.body, "%s: %d, not the home page" % (path, resp.status))
        check(harness.get(ENV.port, "/index.php?p=13").status == 404, "/index.php?p=13 is not a 404")
    finally:
        harness.stop(ENV.server)
        ENV.server = None
    www = os.path.join(ENV.tmp, "old-addresses-www")
    r = pr(wdb, "export", "--static", www)
    check(r.returncode == 0, r.stdout + r.stderr)
    names = [os.path.join(d, f) for d, _, fs in os.walk(www) for f in fs]
    check(not any("?" in n for n in names), "a shortlink became a file: %r" % [n for n in names if "?" in n])
    check(os.path.isfile(os.path.join(www, "2024", "04", "flood-relief", "index.html")),
          "no page at the permalink in the copy")
    check(os.path.isfile(os.path.join(www, "shortlinks.json")), "no shortlinks.json in the copy")
    # Shortlinks of drafts only: the copy has no list to give them away.
    c = sqlite3.connect(wdb)
    c.execute("UPDATE items SET status = 'draft'")
    c.commit()
    c.close()
    www = os.path.join(ENV.tmp, "old-addresses-www-drafts")
    r = pr(wdb, "export", "--static", www)
    check(r.returncode == 0 and not os.path.exists(os.path.join(www, "shortlinks.json")),
          "a copy with only drafts' shortlinks has shortlinks.json: " + r.stderr)


HUGO = shutil.which("hugo")


def hugo_pages(site):
    """What Hugo (when it is installed) writes for a site: every page and alias file
    as an address ("/posts/my-file", "/posts/old.html"), less the home, section and
    taxonomy lists."""
    out = os.path.join(site, "public")
    subprocess.run([HUGO, "--quiet", "--source", site, "--destination", out], check=True,
                   capture_output=True, timeout=120)
    got = set()
    for d, _, fs in os.walk(out):
        for f in fs:
            if f.endswith(".html"):
                rel = "/" + os.path.relpath(os.path.join(d, f), out)
                got.add(rel[:-len("/index.html")] if rel.endswith("/index.html") else rel)
    lists = {"", "/posts", "/news", "/items", "/ru", "/ru/posts", "/en", "/en/posts", "/en/news",
             "/en/items", "/categories", "/tags", "/ru/categories", "/ru/tags", "/en/categories",
             "/en/tags", "/index.html", "/ru/index.html", "/en/index.html"}
    return {g for g in got if g not in lists and g not in {x + ".html" for x in lists}}


@test
def import_again_drops_old_addresses():
    """An old address the last import of a file gave its item, and the file no longer
    gives, is taken off the item and said; one another file gives now moves there;
    one the newsroom added stays; importing the same files again changes nothing."""
    db = new_site("drop-addresses")
    src = os.path.join(ENV.tmp, "drop-addresses")
    write_tree(src, {"news/a.md": "---\ntitle: A\ndate: 2024-02-01\naliases: [/old-a/, /old-b/]\n---\nx\n",
                     "news/b.md": "---\ntitle: B\ndate: 2024-02-02\naliases: [/old-c/]\n---\ny\n"})
    r = pr(db, "import", src)

    def owners():
        c = sqlite3.connect(db)
        try:
            return dict(c.execute("SELECT a.path, i.slug FROM item_aliases a JOIN items i ON i.id = a.item_id"))
        finally:
            c.close()
    check(r.returncode == 0 and owners() == {"/old-a": "a", "/old-b": "a", "/old-c": "b"},
          "%r %s" % (owners(), r.stdout + r.stderr))
    # As the newsroom's "add an old address" writes it.
    c = sqlite3.connect(db)
    c.execute("INSERT INTO item_aliases (path, item_id) SELECT '/by-hand', id FROM items WHERE slug = 'a'")
    c.commit()
    c.close()
    write_tree(src, {"news/a.md": "---\ntitle: A\ndate: 2024-02-01\naliases: [/old-a/]\n---\nx\n",
                     "news/b.md": "---\ntitle: B\ndate: 2024-02-02\naliases: [/old-c/, /old-b/]\n---\ny\n"})
    r = pr(db, "import", src)
    check(r.returncode == 0 and
          owners() == {"/old-a": "a", "/old-b": "b", "/old-c": "b", "/by-hand": "a"} and
          "a.md: old address /old-b is no longer given: it no longer leads to this entry's item"
          in r.stdout, "%r %s" % (owners(), r.stdout + r.stderr))
    write_tree(src, {"news/a.md": "---\ntitle: A\ndate: 2024-02-01\n---\nx\n"})
    r = pr(db, "import", src)
    check(r.returncode == 0 and owners() == {"/old-b": "b", "/old-c": "b", "/by-hand": "a"} and
          "old address /old-a is no longer given" in r.stdout, "%r %s" % (owners(), r.stdout + r.stderr))
    r = pr(db, "import", src)
    check(r.returncode == 0 and "no longer given" not in r.stdout and summary(r.stdout) == (0, 0, 2, 0) and
          owners() == {"/old-b": "b", "/old-c": "b", "/by-hand": "a"}, "%r %s" % (owners(), r.stdout))
    # The newsroom's address, once a file gave it too and then not, stays.
    write_tree(src, {"news/a.md": "---\ntitle: A\ndate: 2024-02-01\naliases: [/by-hand]\n---\nx\n"})
    r = pr(db, "import", src)
    write_tree(src, {"news/a.md": "---\ntitle: A\ndate: 2024-02-01\n---\nx\n"})
    r2 = pr(db, "import", src)
    check(r.returncode == 0 and r2.returncode == 0 and owners().get("/by-hand") == "a" and
          "no longer given" not in r2.stdout, "%r %s" % (owners(), r2.stdout))
    # Another source of the same item (a file of its name in another folder) takes
    # nothing of what the first one gave, and the first nothing of its.
    other = os.path.join(ENV.tmp, "drop-addresses-other")
    write_tree(other, {"posts/b.md": "---\ntitle: B\ndate: 2024-02-02\naliases: [/from-other/]\n---\ny\n"})
    r = pr(db, "import", other)
    r2 = pr(db, "import", src)
    check(r.returncode == 0 and r2.returncode == 0 and
          owners() == {"/old-b": "b", "/old-c": "b", "/by-hand": "a", "/from-other": "b"},
          "%r %s" % (owners(), r.stdout + r2.stdout))
    # A WordPress post's permalink from before a change of its slug stays:
    # WordPress kept answering it.
    wp = new_site("drop-addresses-wp")
    for n, slug in enumerate(("visit", "visit-to-moscow")):
        path = os.path.join(ENV.tmp, "drop-wp-%d.xml" % n)
        with open(path, "w", encoding="utf-8") as f:
            f.write(wxr_post("https://press.example.org", 42, "Visit", slug, "publish").replace(
                "<wp:post_id>", "<link>https://press.example.org/2024/01/09/%s/</link><wp:post_id>" % slug))
        r = pr(wp, "import", path)
        check(r.returncode == 0, r.stderr)
    check(alias_paths(wp) == {"/2024/01/09/visit", "/2024/01/09/visit-to-moscow", "/?p=42"},
          "%r %s" % (alias_paths(wp), r.stdout))
    ENV.db = db
    ENV.port = free_port()
    ENV.serve()
    try:
        for path, status in (("/old-a/", 404), ("/old-b/", 301), ("/by-hand", 301)):
            resp = harness.get(ENV.port, path, timeout=10)
            check(resp.status == status, "%s: %d, not %d" % (path, resp.status, status))
    finally:
        harness.stop(ENV.server)
        ENV.server = None


@test
def import_hugo_site_addresses():
    """A Hugo site's pages keep their addresses there: each file's, as Hugo makes it of
    its path (section folders, its name or its bundle's folder, its slug: when it has
    one, cleaned and lowercased as Hugo does, under /ru/ in another language, with
    .html under uglyURLs) and its relative aliases (beside the page's address), lead
    to its item. The lists here are what Hugo itself wrote for the same site, and
    are checked against it again when hugo is installed. A permalinks: pattern, or
    --no-site-addresses, keeps only what the files say."""
    def site(name, extra="", base="http://example.org/"):
        root = os.path.join(ENV.tmp, name)
        write_tree(root, {
            "hugo.toml": 'baseURL = "%s"\ntitle = "t"\ndefaultContentLanguage = "en"\n' % base
                         + extra + "[languages.en]\nweight = 1\n[languages.ru]\nweight = 2\n",
            "layouts/_default/single.html": "{{ .Content }}",
            "layouts/_default/list.html": "{{ .Title }}",
            "content/posts/_index.md": "---\ntitle: Posts\n---\n",
            "content/posts/My File.md": "---\ntitle: My file\ndate: 2024-01-01\n---\nx\n",
            "content/posts/\u00dcn\u00efcode Stra\u00dfe.md": "---\ntitle: Unicode\ndate: 2024-01-02\n---\nx\n",
            "content/news/what's new!.md": "---\ntitle: What is new\ndate: 2024-01-03\n---\nx\n",
            "content/posts/harbour-visit/index.md": "---\ntitle: Harbour\ndate: 2024-01-04\n---\nx\n",
            # Another Markdown file of a bundle is a resource to Hugo: no page there.
            "content/posts/harbour-visit/extra.md": "---\ntitle: Extra\ndate: 2024-01-04\n---\nx\n",
            "content/posts/s.md": "---\ntitle: Odd\ndate: 2024-01-05\nslug: \"Odd Slug_1\"\naliases: "
                                  "[rel, ../up-one, ./dot/x.html, /abs/]\n---\nx\n",
            "content/posts/p.ru.md": "---\ntitle: \u041f\u0440\u0438\u0432\u0435\u0442\ndate: 2024-01-06\n---\nx\n",
            "content/items/own.md": "---\ntitle: Own\ndate: 2024-01-07\nslug: own\n---\nx\n",
            # Symbols Hugo drops (an emoji, a musical sign outside the BMP, a Roman
            # numeral, a fraction, (c)) beside a combining accent it keeps.
            "content/posts/Ex \U0001F600 \U0001D11E \u216B \u00BD e\u0301 ok \u00A9.md":
                "---\ntitle: Symbols\ndate: 2024-01-08\n---\nx\n",
            # "de" is no language of this config: part of the name for Hugo.
            "content/posts/notes.de.md": "---\ntitle: Notes\ndate: 2024-01-09\n---\nx\n",
            # A url: without '/' is from the top (the language's, in another one).
            "content/posts/u.md": "---\ntitle: U\ndate: 2024-01-10\nurl: press/old-release\n---\nx\n",
            "content/posts/u.ru.md": "---\ntitle: U ru\ndate: 2024-01-10\nurl: press/x\n---\nx\n"})
        return root

    kept = alias_paths
    pretty = {"/posts/my-file", "/posts/\u00fcn\u00efcode-stra\u00dfe", "/news/whats-new",
              "/posts/harbour-visit", "/posts/odd-slug_1", "/posts/rel", "/up-one",
              "/posts/dot/x.html", "/abs", "/ru/posts/p", "/posts/ex-e\u0301-ok-", "/posts/notes.de",
              "/press/old-release", "/ru/press/x"}
    # (/items/own is the item's address here too: no old one.)
    root = site("hugo-addresses")
    if HUGO:
        check(hugo_pages(root) == pretty | {"/items/own"},
              "hugo wrote other addresses: %r" % (hugo_pages(root) ^ (pretty | {"/items/own"})))
    db = new_site("hugo-addresses")
    r = pr(db, "import", root)
    check(r.returncode == 0 and "not kept" not in r.stdout, r.stdout + r.stderr)
    check(kept(db) == pretty, "old addresses: %r" % (kept(db) ^ pretty))
    ENV.db = db
    ENV.port = free_port()
    ENV.serve()
    try:
        for path, to in (("/posts/my-file/", "/items/my-file"),
                         (urllib.parse.quote("/posts/\u00fcn\u00efcode-stra\u00dfe/"), "/items/unicode-strasse"),
                         ("/posts/rel/", "/items/odd-slug-1"), ("/ru/posts/p/", "/ru/items/p")):
            resp = harness.get(ENV.port, path, timeout=10)
            check(resp.status == 301 and (resp.header("Location") or "").endswith(to),
                  "%s: %d %s, not a 301 to %s" % (path, resp.status, resp.header("Location"), to))
    finally:
        harness.stop(ENV.server)
        ENV.server = None
    # A baseURL with a path: Hugo's files are where they were, and every address of
    # the site (a page's, a url:'s, an alias's, relative or not) is under the path,
    # as Hugo's own sitemap says.
    root = site("hugo-under", "", "http://example.org/press/")
    if HUGO:
        check(hugo_pages(root) == pretty | {"/items/own"},
              "hugo wrote other files: %r" % (hugo_pages(root) ^ (pretty | {"/items/own"})))
        with open(os.path.join(root, "public", "en", "sitemap.xml"), encoding="utf-8") as f:
            locs = set(re.findall(r"<loc>http://example\.org(/[^<]*?)/?</loc>", f.read()))
        check({"/press/posts/my-file", "/press/press/old-release", "/press/items/own"} <= locs, locs)
    db = new_site("hugo-under")
    r = pr(db, "import", root)
    # (/press/items/own is not the item's address here, /items/own: kept.)
    under = {"/press" + p for p in pretty | {"/items/own"}}
    check(r.returncode == 0 and kept(db) == under, "under a path: %r %s" % (kept(db) ^ under, r.stderr))
    # uglyURLs: /posts/my-file.html, and every alias a .html file of its own.
    root = site("hugo-ugly", "uglyURLs = true\n")
    ugly = {"/posts/my-file.html", "/posts/\u00fcn\u00efcode-stra\u00dfe.html", "/news/whats-new.html",
            "/posts/harbour-visit.html", "/posts/odd-slug_1.html", "/posts/rel.html", "/up-one.html",
            "/posts/dot/x.html", "/abs.html", "/ru/posts/p.html", "/items/own.html",
            "/posts/ex-e\u0301-ok-.html", "/posts/notes.de.html", "/press/old-release", "/ru/press/x"}
    if HUGO:
        check(hugo_pages(root) == ugly, "hugo wrote other addresses: %r" % (hugo_pages(root) ^ ugly))
    db = new_site("hugo-ugly")
    r = pr(db, "import", root)
    check(r.returncode == 0 and kept(db) == ugly, "uglyURLs: %r %s" % (kept(db) ^ ugly, r.stderr))
    # What a file says comes before what another file's path made (a folder named
    # content is a Hugo site's content too): /news/a is b's, without a word.
    top = os.path.join(ENV.tmp, "hugo-first", "content")
    # A relative alias of a page whose url: was the old home page is from the top; of
    # one whose permalink: is a pattern, said as any relative one.
    write_tree(top, {"news/a.md": "---\ntitle: A\ndate: 2024-01-01\n---\nx\n",
                     "posts/b.md": "---\ntitle: B\ndate: 2024-01-02\naliases: [/news/a/]\n---\nx\n",
                     "posts/c.md": "---\ntitle: C\ndate: 2024-01-03\nurl: https://old.example/\n"
                                   "aliases: [top-rel]\n---\nx\n",
                     "posts/d.md": "---\ntitle: D\ndate: 2024-01-04\npermalink: /:year/:title/\n"
                                   "aliases: [d-rel]\n---\nx\n"})
    db = new_site("hugo-first")
    r = pr(db, "import", top)
    c = sqlite3.connect(db)
    owners = dict(c.execute("SELECT a.path, i.slug FROM item_aliases a JOIN items i ON i.id = a.item_id"))
    c.close()
    said = sorted(l.split(": ", 1)[1].split(";")[0] for l in r.stdout.splitlines() if "not kept" in l)
    check(r.returncode == 0 and owners == {"/news/a": "b", "/posts/b": "b", "/top-rel": "c"} and
          said == ["aliases 'd-rel' is not kept: a relative address (only one that starts with '/' "
                   "or is a full URL is kept)", "permalink '/:year/:title/' is not kept: a pattern "
                   "(:title, :year), not an address",
                   "url 'https://old.example/' is not kept: the home page of the old site"],
          "%r %r" % (owners, said))
    # A permalinks: pattern of a section makes the addresses of its pages (:slug is
    # the title's where the file has none), and a relative alias is beside that.
    root = site("hugo-permalinks", "[permalinks]\n  posts = '/:year/:slug/'\n")
    perm = {"/2024/dot/x.html", "/2024/harbour", "/2024/my-file", "/2024/notes", "/2024/odd-slug_1",
            "/2024/rel", "/2024/symbols", "/2024/unicode", "/abs", "/news/whats-new",
            "/press/old-release", "/ru/2024/\u043f\u0440\u0438\u0432\u0435\u0442", "/ru/press/x",
            "/up-one"}
    if HUGO:
        check(hugo_pages(root) == perm | {"/items/own"},
              "hugo wrote other addresses: %r" % (hugo_pages(root) ^ (perm | {"/items/own"})))
    db = new_site("hugo-permalinks")
    r = pr(db, "import", root)
    check(r.returncode == 0 and kept(db) == perm, "permalinks: %r %s" % (kept(db) ^ perm, r.stdout + r.stderr))
    # Every part of a pattern, in a YAML config.
    root = os.path.join(ENV.tmp, "hugo-parts")
    write_tree(root, {
        "hugo.yaml": "baseURL: http://example.org/\ntitle: t\npermalinks:\n"
                     "  news: /:sections/:slug/:filename/:slugorfilename/:yearday/:monthname/:weekday/"
                     ":weekdayname/:month/:day/\n  posts: /:section/:year/:title/\n",
        "layouts/_default/single.html": "{{ .Content }}",
        "layouts/_default/list.html": "{{ .Title }}",
        "content/news/n1.md": "---\ntitle: News One\ndate: 2024-03-08\n---\nx\n",
        "content/news/n2.md": "---\ntitle: News Two\ndate: 2024-03-09T23:30:00+03:00\nslug: Two Slug\n---\nx\n",
        "content/posts/u.md": "---\ntitle: \u00dcn\u00efcode Stra\u00dfe!\ndate: 2024-01-06\nslug: own\n---\nx\n",
        # Each value cleaned on its own ('-' at neither end), '+' a blank, a virama kept.
        "content/posts/g.md": "---\ntitle: Google+ news\ndate: 2024-01-07\n---\nx\n",
        "content/posts/e.md": "---\ntitle: \U0001F680 Launch day \U0001F680\ndate: 2024-01-08\n---\nx\n",
        "content/posts/h.md": "---\ntitle: \u0915\u094d\u092f\u093e \u0939\u093f\u0928\u094d\u0926\u0940\n"
                              "date: 2024-01-09\n---\nx\n"})
    parts = {"/news/news-one/n1/n1/68/march/5/friday/03/08", "/news/two-slug/n2/two-slug/69/march/6/saturday/03/09",
             "/posts/2024/\u00fcn\u00efcode-stra\u00dfe", "/posts/2024/google-news", "/posts/2024/launch-day",
             "/posts/2024/\u0915\u094d\u092f\u093e-\u0939\u093f\u0928\u094d\u0926\u0940"}
    if HUGO:
        check(hugo_pages(root) == parts, "hugo wrote other addresses: %r" % (hugo_pages(root) ^ parts))
    db = new_site("hugo-parts")
    r = pr(db, "import", root)
    check(r.returncode == 0 and kept(db) == parts, "parts: %r %s" % (kept(db) ^ parts, r.stdout + r.stderr))
    # The patterns in config/_default/permalinks.toml are read too; a language's own
    # patterns, or a [frontmatter] table (dates taken from elsewhere), are not read:
    # then no address is made of a pattern, rather than a wrong one.
    for name, files, want in (
            ("hugo-permalinks-file", {"config/_default/permalinks.toml": "posts = '/:year/:month/:slug/'\n"},
             {"/2024/05/visit"}),
            ("hugo-permalinks-lang", {"hugo.toml": "title = 't'\n[permalinks]\n  posts = '/:year/:slug/'\n"
                                                   "[languages.en]\n  weight = 1\n[languages.ru]\n  weight = 2\n"
                                                   "[languages.ru.permalinks]\n  posts = '/novosti/:slug/'\n"},
             set()),
            ("hugo-frontmatter", {"hugo.toml": "title = 't'\n[permalinks]\n  posts = '/:year/:slug/'\n"
                                               "[frontmatter]\n  date = [':filename', ':default']\n"},
             set())):
        root = os.path.join(ENV.tmp, name)
        write_tree(root, dict({"config/_default/hugo.toml": "title = 't'\n",
                               "layouts/_default/single.html": "{{ .Content }}",
                               "layouts/_default/list.html": "{{ .Title }}",
                               "content/posts/visit.md": "---\ntitle: Visit\ndate: 2024-05-01\n---\nx\n"},
                              **files))
        if HUGO and want:
            check(hugo_pages(root) == want, "%s: hugo wrote other addresses: %r" % (name, hugo_pages(root)))
        db = new_site(name)
        r = pr(db, "import", root)
        check(r.returncode == 0 and kept(db) == want, "%s: %r %s" % (name, kept(db), r.stdout + r.stderr))
    # Newer Hugo's (0.115) permalinks by kind: a page's patterns are the same as the
    # older form's (the Hugo here, 0.111, has only that one: these are checked
    # against it); a section's, a taxonomy's and a term's are of lists, no item.
    for name, extra in (
            ("hugo-permalinks-kind", "[permalinks.page]\n  posts = '/:year/:slug/'\n"
                                     "[permalinks.section]\n  posts = '/all-posts/'\n"
                                     "[permalinks.term]\n  tags = '/t/:slug/'\n"),
            ("hugo-permalinks-kind-inline", "[permalinks]\n  [permalinks.page]\n    posts = '/:year/:slug/'\n")):
        db = new_site(name)
        r = pr(db, "import", site(name, extra))
        check(r.returncode == 0 and kept(db) == perm, "%s: %r %s" % (name, kept(db) ^ perm, r.stdout + r.stderr))
    root = site("hugo-permalinks-kind-yaml")
    os.remove(os.path.join(root, "hugo.toml"))
    write_tree(root, {"hugo.yaml": "baseURL: http://example.org/\ndefaultContentLanguage: en\n"
                                   "permalinks:\n  page:\n    posts: /:year/:slug/\n  taxonomy:\n    tags: /t/\n"
                                   "languages:\n  en:\n    weight: 1\n  ru:\n    weight: 2\n"})
    db = new_site("hugo-permalinks-kind-yaml")
    r = pr(db, "import", root)
    check(r.returncode == 0 and kept(db) == perm, "yaml by kind: %r %s" % (kept(db) ^ perm, r.stdout + r.stderr))
    # Patterns by a kind not known here, or --no-site-addresses: only what the files
    # give (url:, the absolute alias) is kept, and the relative aliases are said.
    for name, extra, args in (("hugo-permalinks-other-kind", "[permalinks.home]\n  posts = '/:year/:slug/'\n", []),
                              ("hugo-no-addresses", "", ["--no-site-addresses"])):
        db = new_site(name)
        r = pr(db, "import", site(name, extra), *args)
        check(r.returncode == 0 and kept(db) == {"/abs", "/press/old-release", "/ru/press/x"} and
              "aliases 'rel' is not kept: a relative address" in r.stdout,
              "%s: %r %s" % (name, kept(db), r.stdout + r.stderr))


JEKYLL = shutil.which("jekyll")


def alias_paths(db):
    """The old addresses a site keeps, as a set."""
    c = sqlite3.connect(db)
    try:
        return {r[0] for r in c.execute("SELECT path FROM item_aliases")}
    finally:
        c.close()


def jekyll_posts(site):
    """The addresses Jekyll (when it is installed) gives a site's posts, as the
    site keeps old addresses (percent-decoded, without a trailing '/'), from an
    index page that lists each post's url under the config's baseurl."""
    with open(os.path.join(site, "index.html"), "w", encoding="utf-8") as f:
        f.write("---\nlayout: null\n---\n{% for p in site.posts %}{{ p.url | relative_url }}\n{% endfor %}")
    out = os.path.join(site, "_site")
    subprocess.run([JEKYLL, "build", "--quiet", "--source", site, "--destination", out],
                   check=True, capture_output=True, timeout=180)
    with open(os.path.join(out, "index.html"), encoding="utf-8") as f:
        got = {urllib.parse.unquote(l.strip()).rstrip("/") for l in f if l.strip()}
    os.unlink(os.path.join(site, "index.html"))
    shutil.rmtree(out)
    return got


@test
def import_jekyll_site_addresses():
    """A Jekyll site's posts keep their addresses there: the config's permalink:
    style or pattern (date when it names none), or the post's own permalink: (a
    pattern too), filled as Jekyll fills it (categories from the folders above
    _posts, categories: and category:, lowercased, each once; the name's slug as
    written for :title, slugified for :slug; the date in the config's timezone:,
    a day alone as it is, a time without an offset as YAML reads it, in UTC),
    under its baseurl, lead to their items. The sets here are what Jekyll 4.3
    itself gave the same sites, and are checked against it again when jekyll is
    installed."""
    posts = {
        "_posts/2021-06-15-consular-hours.md": "---\ntitle: Consular hours\n---\nB\n",
        "news/_posts/2021-06-16-Visit to Moscow!.md":
            "---\ntitle: Visit\ncategories: [Press, Visits, press]\ncategory: Foreign Policy\n---\nB\n",
        "a/b/_posts/2021-06-17-x_y.z.md": "---\ntitle: X\ncategories: Alpha Beta\n---\nB\n",
        "_posts/2021-06-18-perma.md": "---\ntitle: P\npermalink: /custom/:title/\n---\nB\n",
        "_posts/2021-06-19-fixed.md": "---\ntitle: F\npermalink: /fixed.html\n---\nB\n",
        "_posts/2021-06-20-\u0432\u0438\u0437\u0438\u0442-\u041f\u043e\u0441\u043b\u0430.md":
            "---\ntitle: R\ncategories: [\u041d\u043e\u0432\u043e\u0441\u0442\u0438]\n---\nB\n",
        "_posts/2021-06-21-slugged.md": "---\ntitle: S\nslug: My Slug!\n---\nB\n",
        "_posts/2021-06-22-late.md": "---\ntitle: L\ndate: 2021-06-22 23:30:00 +0000\n---\nB\n",
        "_posts/2021-06-23-other-day.md": "---\ntitle: O\ndate: 2021-07-01\n---\nB\n",
        "_posts/2021-06-24-odd%#?&chars.markdown": "---\ntitle: Odd\n---\nB\n",
        "_posts/2021-01-01-newyear.md": "---\ntitle: NY\ndate: 2021-01-01 10:00:00\n---\nB\n",
        "_posts/2021-03-03-quoted.md": "---\ntitle: Q\ndate: \"2021-03-03 22:00:00\"\n---\nB\n",
        "_posts/2021-06-25-trail...md": "---\ntitle: T\n---\nB\n",
        # A time without seconds is no YAML timestamp: Jekyll reads it in its zone.
        # A category with a '/' is one, beside "a".
        "cats/_posts/2021-06-26-minutes.md": "---\ntitle: M\ndate: 2021-06-26 23:30\n"
                                            "categories: [\"A/b\", a, Foreign Policy]\n---\nB\n",
        # Not on the old site: a draft, a page.
        "_drafts/unfinished.md": "---\ntitle: D\n---\nB\n",
        "about.md": "---\ntitle: About\n---\nB\n",
    }
    ru = "/\u043d\u043e\u0432\u043e\u0441\u0442\u0438"
    visit = "\u0432\u0438\u0437\u0438\u0442-\u041f\u043e\u0441\u043b\u0430"
    cases = (
        # No permalink: in the config: the date style; the machine's zone (UTC here,
        # as the import's).
        ("jekyll-date", "", "UTC", {
            "/2021/06/15/consular-hours.html",
            "/news/press/visits/foreign policy/2021/06/16/Visit-to-Moscow!.html",
            "/a/b/alpha/beta/2021/06/17/x_y.z.html", "/custom/perma", "/fixed.html",
            ru + "/2021/06/20/" + visit + ".html", "/2021/06/21/My-Slug!.html",
            "/2021/06/22/late.html", "/2021/07/01/other-day.html", "/2021/06/24/odd-&chars.html",
            "/2021/01/01/newyear.html", "/2021/03/03/quoted.html", "/2021/06/25/trail.html",
            "/cats/a/b/a/foreign policy/2021/06/26/minutes.html"}),
        # A pattern of many parts, in Tokyo: the offset-less time 10:00 is UTC to
        # YAML, 19:00 there; the quoted one is Tokyo's own 22:00; 23:30 UTC is the
        # next day there; the days alone stay as they are. Under baseurl /blog.
        ("jekyll-pattern", "permalink: /:categories/:short_year/:i_month/:i_day/:hour:minute/:slug:output_ext\n"
                           "timezone: Asia/Tokyo\nbaseurl: /blog/\n", "Europe/London", {
            "/blog/21/6/15/0000/consular-hours.html",
            "/blog/news/press/visits/foreign policy/21/6/16/0000/visit-to-moscow.html",
            "/blog/a/b/alpha/beta/21/6/17/0000/x-y-z.html", "/blog/custom/perma", "/blog/fixed.html",
            "/blog" + ru + "/21/6/20/0000/\u0432\u0438\u0437\u0438\u0442-\u043f\u043e\u0441\u043b\u0430.html",
            "/blog/21/6/21/0000/my-slug.html", "/blog/21/6/23/0830/late.html",
            "/blog/21/7/1/0000/other-day.html", "/blog/21/6/24/0000/odd-chars.html",
            "/blog/21/1/1/1900/newyear.html", "/blog/21/3/3/2200/quoted.html",
            "/blog/21/6/25/0000/trail.html", "/blog/cats/a/b/a/foreign policy/21/6/26/2330/minutes.html"}),
        # The styles by name, in New York: weekdate's ISO weeks and day names.
        ("jekyll-weekdate", "permalink: weekdate\ntimezone: America/New_York\n", "UTC", {
            "/2021/W24/Tue/consular-hours.html",
            "/news/press/visits/foreign policy/2021/W24/Wed/Visit-to-Moscow!.html",
            "/a/b/alpha/beta/2021/W24/Thu/x_y.z.html", "/custom/perma", "/fixed.html",
            ru + "/2021/W24/Sun/" + visit + ".html", "/2021/W25/Mon/My-Slug!.html",
            "/2021/W25/Tue/late.html", "/2021/W26/Thu/other-day.html", "/2021/W25/Thu/odd-&chars.html",
            "/2021/W53/Fri/newyear.html", "/2021/W09/Wed/quoted.html", "/2021/W25/Fri/trail.html",
            "/cats/a/b/a/foreign policy/2021/W25/Sat/minutes.html"}),
        # :slugified_categories and :path (less _posts/ and the name's last dots).
        ("jekyll-path", "permalink: /:slugified_categories/:path/:hour:minute/:title\n"
                        "timezone: Europe/Moscow\n", "UTC", {
            "/2021-01-01-newyear/1300/newyear", "/2021-03-03-quoted/2200/quoted",
            "/2021-06-15-consular-hours/0000/consular-hours", "/2021-06-21-slugged/0000/My-Slug!",
            "/2021-06-22-late/0230/late", "/2021-06-23-other-day/0000/other-day",
            "/2021-06-24-odd%#?&chars/0000/odd-&chars", "/2021-06-25-trail/0000/trail",
            "/a/b/alpha/beta/a/b/2021-06-17-x_y.z/0000/x_y.z",
            "/cats/a-b/a/foreign-policy/cats/2021-06-26-minutes/2330/minutes", "/custom/perma",
            "/fixed.html",
            "/news/press/visits/foreign-policy/news/2021-06-16-Visit to Moscow!/0000/Visit-to-Moscow!",
            ru + "/2021-06-20-" + visit + "/0000/" + visit}),
    )
    def compared(name, root, tz, want, redirects=frozenset()):
        """The site at root, checked against Jekyll when it is installed, imported into
        a new site (zone tz): it keeps the posts' addresses (want) and the redirect
        pages' (redirects), and says none is not kept. Its database."""
        if JEKYLL:
            got = jekyll_posts(root)
            check(got == want, "%s: jekyll gave other addresses: %r" % (name, got ^ want))
        db = new_site(name, tz)
        r = pr(db, "import", root)
        kept = alias_paths(db)
        check(r.returncode == 0 and kept == want | redirects and "not kept" not in r.stdout,
              "%s: %r %s" % (name, kept ^ (want | redirects), r.stdout + r.stderr))
        return db

    for name, config, tz, want in cases:
        root = os.path.join(ENV.tmp, name)
        write_tree(root, dict(posts, **{"_config.yml": "title: t\n" + config}))
        db = compared(name, root, tz, want)
        if name == "jekyll-pattern":
            # The items' times are Jekyll's too: a YAML timestamp without an offset
            # UTC, a quoted time and one without seconds Tokyo's, a day alone the
            # site's (London's) midnight.
            when = {s: v["published"] for (_, s), v in items_of(db).items()}
            check({k: when.get(k) for k in ("newyear", "quoted", "minutes", "late", "consular-hours")} ==
                  {"newyear": 1609495200, "quoted": 1614776400, "minutes": 1624717800,
                   "late": 1624404600, "consular-hours": 1623711600}, "times: %r" % when)
            ENV.db = db
            ENV.port = free_port()
            ENV.serve()
            try:
                for path, to in (("/blog/21/6/23/0830/late.html", "/items/late"),
                                 ("/blog/news/press/visits/foreign%20policy/21/6/16/0000/visit-to-moscow.html",
                                  "/items/visit-to-moscow"),
                                 (urllib.parse.quote("/blog" + ru + "/21/6/20/0000/") +
                                  "%D0%B2%D0%B8%D0%B7%D0%B8%D1%82-%D0%BF%D0%BE%D1%81%D0%BB%D0%B0.html",
                                  "/items/vizit-posla"),
                                 ("/blog/custom/perma/", "/items/perma")):
                    resp = harness.get(ENV.port, path, timeout=10)
                    check(resp.status == 301 and (resp.header("Location") or "").endswith(to),
                          "%s: %d %s, not a 301 to %s" % (path, resp.status, resp.header("Location"), to))
            finally:
                harness.stop(ENV.server)
                ENV.server = None
    # The config's defaults: and collections: for posts, YAML nulls, a post's own
    # permalink: without '/', one not published, and a long Russian name (its
    # address is about 300 bytes written as Jekyll writes it, percent-encoded).
    long = "\u0437\u0430\u044f\u0432\u043b\u0435\u043d\u0438\u0435-" * 8 + "\u043c\u0438\u0434"
    root = os.path.join(ENV.tmp, "jekyll-config")
    write_tree(root, {
        "_config.yml": "title: t\nbaseurl: ~\ntimezone: null\ncollections:\n  posts:\n"
                       "    permalink: /all/:title/\ndefaults:\n  - scope: {path: news, type: posts}\n"
                       "    values: {permalink: \"/n/:title/\"}\n  - scope: {path: \"\"}\n"
                       "    values: {layout: x}\n  - scope: {path: news/x, type: pages}\n"
                       "    values: {permalink: /pages/:title/}\n",
        "_posts/2021-06-15-a.md": "---\ntitle: A\n---\nB\n",
        "news/_posts/2021-06-16-b.md": "---\ntitle: B\n---\nB\n",
        "_posts/2021-06-17-c.md": "---\ntitle: C\npermalink: \":title\"\n---\nB\n",
        "_posts/2021-06-18-d.md": "---\ntitle: D\npublished: false\n---\nB\n",
        "_posts/2021-06-19-%s.md" % long: "---\ntitle: Long\n---\nB\n"})
    compared("jekyll-config", root, "UTC", {"/all/a", "/n/b", "/c", "/all/" + long})
    # Under a baseurl: the posts, and jekyll-redirect-from's pages; a name's date
    # without its zeros, as Jekyll reads it.
    root = os.path.join(ENV.tmp, "jekyll-base")
    write_tree(root, {"_config.yml": "title: t\nbaseurl: /blog\n",
                      "_posts/2021-6-5-short.md": "---\ntitle: S\n---\nB\n",
                      "_posts/2021-06-16-r.md": "---\ntitle: R\nredirect_from: [/old-r/, /old-s.html]\n---\nB\n"})
    compared("jekyll-base", root, "UTC", {"/blog/2021/06/05/short.html", "/blog/2021/06/16/r.html"},
             {"/blog/old-r", "/blog/old-s.html"})
    # --no-site-addresses: only what the files say (their permalink:, filled).
    db = new_site("jekyll-none")
    r = pr(db, "import", os.path.join(ENV.tmp, "jekyll-date"), "--no-site-addresses")
    kept = alias_paths(db)
    check(r.returncode == 0 and kept == {"/custom/perma", "/fixed.html"}, "%r %s" % (kept, r.stdout))
    # Imported again with --no-site-addresses, or with a config that cannot be read,
    # the site's addresses the first import kept stay: nothing says they went.
    db = new_site("jekyll-again", "UTC")
    root = os.path.join(ENV.tmp, "jekyll-date")
    r = pr(db, "import", root)
    want = cases[0][3]
    r2 = pr(db, "import", root, "--no-site-addresses")
    with open(os.path.join(root, "_config.yml"), "w") as f:
        f.write('title: "unterminated\n')
    r3 = pr(db, "import", root)
    check(r.returncode == 0 and r2.returncode == 0 and r3.returncode == 0 and alias_paths(db) == want and
          "no longer given" not in r2.stdout + r3.stdout and "addresses kept" in r3.stdout,
          "%r %s" % (alias_paths(db) ^ want, r2.stdout + r3.stdout))
    # A config that cannot say how the addresses were made keeps none made of it,
    # and says so; a timezone: that is no zone is said, and the import's is used.
    for name, config, said in (("jekyll-bad-config", "permalink: [x\n",
                                "its posts' addresses kept"),
                               ("jekyll-bad-zone", "timezone: Mars/Olympus\n",
                                "its timezone: 'Mars/Olympus' is no IANA zone")):
        root = os.path.join(ENV.tmp, name)
        write_tree(root, {"_config.yml": config, "_posts/2021-06-15-hours.md": "---\ntitle: H\n---\nB\n"})
        db = new_site(name, "UTC")
        r = pr(db, "import", root)
        kept = alias_paths(db)
        want = set() if name == "jekyll-bad-config" else {"/2021/06/15/hours.html"}
        check(r.returncode == 0 and kept == want and said in r.stdout,
              "%s: %r %s" % (name, kept, r.stdout + r.stderr))


def write_tree(root, files):
    """files ({path under root: text}) written, their folders made."""
    for rel, text in files.items():
        os.makedirs(os.path.dirname(os.path.join(root, rel)), exist_ok=True)
        with open(os.path.join(root, rel), "w", encoding="utf-8") as f:
            f.write(text)


@test
def import_hugo_config_languages():
    """A Hugo site's folder: its config says which languages there are and where. A
    file that names none is in defaultContentLanguage (a Russian embassy's site:
    visit.md is Russian, visit.en.md its English translation, not two English
    items); languages kept in folders of their own (contentDir, TOML or YAML) are
    those folders whatever they hold; when the config names languages, a top "ru/"
    that is not one of their folders is a section, as in Hugo; a language that is
    no language tag is refused, naming the config."""
    cases = [
        ("hugo-ru-default", {
            "hugo.toml": "baseURL = 'https://example.org/'\ndefaultContentLanguage = \"ru\"\n"
                         "[params]\n  x = 1\n[languages]\n  [languages.ru]\n    weight = 1\n"
                         "  [languages.en]\n    title = 'Embassy'\n    [languages.en.params]\n"
                         "      y = 2\n",
            "content/posts/visit.md": "---\ntitle: \u0412\u0438\u0437\u0438\u0442\ndate: 2024-01-01\n---\nx\n",
            "content/posts/visit.en.md": "---\ntitle: Visit\ndate: 2024-01-01\n---\nx\n"},
         [("en", "visit", "posts/visit"), ("ru", "visit", "posts/visit")]),
        ("hugo-content-dirs", {
            "config/_default/hugo.yaml": "defaultContentLanguage: en\n",
            "config/_default/languages.yaml": "en:\n  contentDir: content/english\n"
                                              "ru:\n  contentDir: ./content/russian\n",
            "content/english/posts/a.md": "---\ntitle: A\ndate: 2024-01-01\n---\nx\n",
            "content/russian/posts/b.md": "---\ntitle: B\ndate: 2024-01-02\n---\nx\n"},
         [("en", "a", ""), ("ru", "b", "")]),
        ("hugo-toml-dirs", {
            "hugo.toml": "[languages.en]\ncontentDir = \"content/en\"\n"
                         "[languages.de]\ncontentDir = \"content/de\"\n",
            "content/en/about-us.md": "---\ntitle: About\ndate: 2024-01-01\n---\nx\n",
            "content/de/ueber-uns.md": "---\ntitle: Uber\ndate: 2024-01-01\n---\nx\n",
            "content/en/ru/visit.md": "---\ntitle: Russia visit\ndate: 2024-01-03\n---\nx\n",
            "content/en/posts/visit.md": "---\ntitle: Visit\ndate: 2024-01-03\n---\nx\n"},
         [("de", "ueber-uns", ""), ("en", "about-us", ""), ("en", "posts-visit", ""),
          ("en", "ru-visit", "")]),
        ("hugo-sections", {
            "hugo.toml": "title = 'x'\n[languages.en]\n",
            "content/ru/posts/visit.md": "---\ntitle: Visit RU section\ndate: 2024-01-01\n---\nx\n",
            "content/posts/visit.md": "---\ntitle: Visit\ndate: 2024-01-02\n---\nx\n"},
         None),
    ]
    for name, files, want in cases:
        src = md_folder(name, {})
        write_tree(src, files)
        db = new_site(name)
        r = pr(db, "import", src)
        if want is None:
            # Two English items that share a name: the section's is not a translation.
            check(r.returncode == 0 and summary(r.stdout)[0] == 2, name + r.stdout + r.stderr)
            langs = sorted((k[0], v["translation_key"]) for k, v in items_of(db).items())
            check(langs == [("en", ""), ("en", "")], "%s: %r" % (name, langs))
            continue
        check(r.returncode == 0, name + ": " + r.stderr)
        got = sorted((k[0], k[1], v["translation_key"]) for k, v in items_of(db).items())
        check(got == want, "%s: %r" % (name, got))
        r = pr(db, "import", src)
        check(r.returncode == 0 and summary(r.stdout)[:2] == (0, 0), name + ": " + r.stdout)
    src = md_folder("hugo-bad-lang", {})
    write_tree(src, {"hugo.yaml": "languages:\n  english:\n    weight: 1\n",
                     "content/posts/a.md": "---\ntitle: A\ndate: 2024-01-01\n---\nx\n"})
    r = pr(new_site("hugo-bad-lang"), "import", src)
    check(r.returncode == 1 and "%s/hugo.yaml:1: language 'english' has no language tag (like "
          "en, ru or en-GB) as its name or its languageCode" % src in r.stderr, r.stderr)
    # Hugo's key may be any name; its languageCode is the tag. A config that is not
    # YAML is said, and the files are imported without it.
    src = md_folder("hugo-lang-code", {})
    write_tree(src, {"hugo.yaml": "defaultContentLanguage: english\nlanguages:\n  english:\n"
                                  "    languageCode: en-GB\n  russian:\n    languageCode: ru\n",
                     "content/posts/a.md": "---\ntitle: A\ndate: 2024-01-01\n---\nx\n",
                     "content/posts/a.russian.md": "---\ntitle: B\ndate: 2024-01-01\n---\nx\n"})
    db = new_site("hugo-lang-code")
    r = pr(db, "import", src)
    check(r.returncode == 0, r.stderr)
    got = sorted((k[0], k[1], v["translation_key"]) for k, v in items_of(db).items())
    check(got == [("en-GB", "a", "posts/a"), ("ru", "a", "posts/a")], got)
    src = md_folder("hugo-bad-config", {})
    write_tree(src, {"hugo.json": "{\n\t\"title\": \"x\",\n  \"languages\": [\n}\n",
                     "content/posts/a.md": "---\ntitle: A\ndate: 2024-01-01\n---\nx\n"})
    r = pr(new_site("hugo-bad-config"), "import", src)
    check(r.returncode == 0 and summary(r.stdout)[0] == 1 and
          "skipped %s/hugo.json: line" % src in r.stdout and "its languages are not read" in r.stdout,
          r.stdout + r.stderr)


@test
def import_hugo_publish_date():
    """Hugo's publishDate after date (from a review): the page stays off the site
    until then, as Hugo keeps it, with date as its date; an embargo of its own wins,
    and a publishDate before date changes nothing. A past expiryDate: a draft."""
    src = md_folder("publish-date", {
        "later.md": "---\ntitle: Scheduled statement\ndate: 2024-03-01T10:00:00Z\n"
                    "publishDate: 2031-01-01T10:00:00Z\n---\nLater.\n",
        "own.md": "---\ntitle: Own embargo\ndate: 2024-03-01T10:00:00Z\n"
                  "publishDate: 2031-01-01T10:00:00Z\nembargo_until: 2030-06-01T08:00:00Z\n---\nX\n",
        "before.md": "---\ntitle: Earlier publish\ndate: 2024-03-01T10:00:00Z\n"
                     "publishDate: 2024-02-01T10:00:00Z\n---\nX\n",
        "expired.md": "---\ntitle: Withdrawn\ndate: 2020-01-01\nexpiryDate: 2021-01-01\n---\nX\n",
        "not-yet.md": "---\ntitle: Not yet expired\ndate: 2020-01-01\nexpiryDate: 2041-01-01\n---\nX\n"})
    db = new_site("publish-date")
    for want in ((5, 0, 0, 0), (0, 0, 5, 0)):
        r = pr(db, "import", src)
        check(r.returncode == 0 and summary(r.stdout) == want, r.stdout + r.stderr)
    it = {k[1]: i for k, i in items_of(db).items()}
    check((it["later"]["published"], it["later"]["embargo_until"]) == (1709287200, 1925028000) and
          it["own"]["embargo_until"] == 1906531200 and it["before"]["embargo_until"] == 0 and
          it["before"]["published"] == 1709287200, it)
    check(pr(db, "page", "/items/later").returncode != 0, "the page waiting for its publishDate is public")
    check(pr(db, "page", "/items/before").returncode == 0, "the page of an earlier publishDate is not public")
    # Hugo's expiryDate passed: taken off the site there, a draft here, not republished.
    check(it["expired"]["status"] == "draft" and it["not-yet"]["status"] == "published",
          (it["expired"]["status"], it["not-yet"]["status"]))


def article_page(date, title, body, more, source):
    """A page with one full article under PRESS RELEASES AND NEWS."""
    return ("PRESS RELEASES AND NEWS\n\n%s\n\n%s\n\n%s\n\n%s%s\n" %
            (date, title, body, "To be continued...\n\n" if more else "", source))


@test
def import_page_continuation():
    """ "To be continued..." on one day's page, and what follows on the next days'
    pages (its title marked "(continued)", "Часть 2", or the same title again): the
    parts of one series in order, each page's article linked to the next; pages
    imported again, or both parts on one page, change nothing."""
    en = "Minister's interview with the Courier"
    ru = "\u0418\u043d\u0442\u0435\u0440\u0432\u044c\u044e \u041c\u0438\u043d\u0438\u0441\u0442\u0440\u0430"
    pages = [
        ("30.11.2017", en, "Question: One?\n\nMinister: Yes.", True, "http://www.example.org/news/1"),
        ("01.12.2017", en + " (continued)", "Question: Two?\n\nMinister: No.", True,
         "http://www.example.org/news/2"),
        ("02.12.2017", en, "Question: Three?\n\nMinister: Maybe.", False, "http://www.example.org/news/3"),
    ]
    db = new_site("continued")
    for rnd in range(2):
        for i, pg in enumerate(pages):
            path = os.path.join(ENV.tmp, "continued-%d.txt" % i)
            with open(path, "w", encoding="utf-8") as f:
                f.write(article_page(*pg))
            r = pr(db, "import", path)
            check(r.returncode == 0 and summary(r.stdout) == ((1, 0, 0, 0) if rnd == 0 else (0, 0, 1, 0)),
                  "round %d page %d: %s%s" % (rnd, i, r.stdout, r.stderr))
    it = items_of(db)
    got = sorted((i["published"], i["slug"], i["series"], i["part"]) for i in it.values())
    s = "ministers-interview-with-the-courier"
    check([g[1:] for g in got] == [(s + "-part-1", s, 1), (s + "-part-2", s, 2), (s + "-part-3", s, 3)], got)
    page = pr(db, "page", "/items/%s-part-2" % s).stdout
    check('<a rel="next" href="/items/%s-part-3">' % s in page and
          '<a rel="prev" href="/items/%s-part-1">' % s in page, "part 2 does not link its neighbours")
    # Both parts on one page (the newer above), in Russian: "Часть 2".
    both = os.path.join(ENV.tmp, "continued-ru.txt")
    with open(both, "w", encoding="utf-8") as f:
        f.write(article_page("05.12.2017", ru + ". \u0427\u0430\u0441\u0442\u044c 2",
                             "\u0412\u043e\u043f\u0440\u043e\u0441: \u0414\u0432\u0430?", False,
                             "http://www.example.org/ru/2"))
        f.write("\n" + article_page("04.12.2017", ru, "\u0412\u043e\u043f\u0440\u043e\u0441: "
                                     "\u041e\u0434\u0438\u043d?", True, "http://www.example.org/ru/1")
                .replace("PRESS RELEASES AND NEWS\n\n", ""))
    ru_db = new_site("continued-ru")
    for want in ((2, 0, 0, 0), (0, 0, 2, 0)):
        r = pr(ru_db, "import", both)
        check(r.returncode == 0 and summary(r.stdout) == want, r.stdout + r.stderr)
    got = sorted((i["published"], i["series"], i["part"]) for i in items_of(ru_db).values())
    check([g[1:] for g in got] == [("intervyu-ministra", 1), ("intervyu-ministra", 2)], got)
    # The continuation's page first, then part 1's, then the continuation's again:
    # the item it made joins the series as part 2 under its own address, and no
    # second item comes.
    late = new_site("continued-late")
    paths = []
    for i in (1, 0):
        paths.append(os.path.join(ENV.tmp, "late-%d.txt" % i))
        with open(paths[-1], "w", encoding="utf-8") as f:
            f.write(article_page(*pages[i]))
    for path, want in ((paths[0], (1, 0, 0, 0)), (paths[1], (1, 0, 0, 0)), (paths[0], (0, 1, 0, 0)),
                       (paths[0], (0, 0, 1, 0)), (paths[1], (0, 0, 1, 0))):
        r = pr(late, "import", path)
        check(r.returncode == 0 and summary(r.stdout) == want,
              "%s: %s%s" % (os.path.basename(path), r.stdout, r.stderr))
    got = sorted((i["published"], i["slug"], i["series"], i["part"]) for i in items_of(late).values())
    check([g[1:] for g in got] == [(s + "-part-1", s, 1), (s + "-continued-part-1", s, 2)], got)


RU_PAGE = """4 \u0434\u0435\u043a\u0430\u0431\u0440\u044f 2026
\u041c\u043e\u0441\u043a\u0432\u0430: 16:20
\u041b\u041e\u041d\u0414\u041e\u041d: 14:20

\u041f\u0420\u0415\u0421\u0421-\u0420\u0415\u041b\u0418\u0417\u042b \u0418 \u041d\u041e\u0412\u041e\u0421\u0422\u0418

30.11.2017

\u0418\u043d\u0442\u0435\u0440\u0432\u044c\u044e \u041c\u0438\u043d\u0438\u0441\u0442\u0440\u0430 \u0433\u0430\u0437\u0435\u0442\u0435 \u00ab\u041a\u0443\u0440\u044c\u0435\u0440\u00bb

\u0412\u043e\u043f\u0440\u043e\u0441: \u041a\u0430\u043a \u043f\u0440\u043e\u0448\u043b\u0430 \u043a\u043e\u043d\u0444\u0435\u0440\u0435\u043d\u0446\u0438\u044f?

\u041c\u0438\u043d\u0438\u0441\u0442\u0440: \u0425\u043e\u0440\u043e\u0448\u043e.

\u041f\u0440\u043e\u0434\u043e\u043b\u0436\u0435\u043d\u0438\u0435 \u0441\u043b\u0435\u0434\u0443\u0435\u0442...

https://mfa.veloria.example/ru/press/interview-2017

\u041f\u043e\u0441\u043b\u0435\u0434\u043d\u0438\u0435 \u0441\u043e\u0431\u044b\u0442\u0438\u044f

01.12.2017 - \u041a\u043e\u043c\u043c\u0435\u043d\u0442\u0430\u0440\u0438\u0439 \u043f\u043e\u0441\u043e\u043b\u044c\u0441\u0442\u0432\u0430

\u041e \u043f\u0430\u0440\u043e\u043c\u0435.

28.11.2017 - \u041e\u0442\u0432\u0435\u0442 \u043d\u0430 \u0432\u043e\u043f\u0440\u043e\u0441 \u0421\u041c\u0418 \u043e \u0432\u0438\u0437\u0430\u0445

\u0412\u0438\u0437\u044b \u0432\u044b\u0434\u0430\u044e\u0442\u0441\u044f.
"""


@test
def import_russian_page():
    """The news page in Russian: its headings (in capitals or not), the date in its
    header, "Продолжение следует...", and kinds from Russian titles (interview, comment,
    reply to a media question) are read as in English, and its items are Russian
    whatever the site's own language; the interview's turns are turns."""
    path = os.path.join(ENV.tmp, "ru-page.txt")
    with open(path, "w", encoding="utf-8") as f:
        f.write(RU_PAGE)
    db = new_site("ru-page")
    r = pr(db, "import", path)
    check(r.returncode == 0 and summary(r.stdout)[:3] == (3, 0, 0), r.stdout + r.stderr)
    check("the page's date '4 \u0434\u0435\u043a\u0430\u0431\u0440\u044f 2026'" in r.stdout, r.stdout)
    # Its clocks' Russian labels (in any case) are cities with a time zone.
    clocks = pr(db, "config", "clocks").stdout.strip()
    check(clocks == "\u041c\u043e\u0441\u043a\u0432\u0430=Europe/Moscow,"
          "\u041b\u041e\u041d\u0414\u041e\u041d=Europe/London", clocks)
    it = items_of(db)
    check(sorted((k[0], i["kind"], i["part"]) for k, i in it.items()) ==
          [("ru", "comment", 0), ("ru", "interview", 1), ("ru", "media-reply", 0)],
          sorted((k, i["kind"], i["part"]) for k, i in it.items()))
    art = [i for i in it.values() if i["kind"] == "interview"][0]
    check(art["source_url"] == "https://mfa.veloria.example/ru/press/interview-2017", art)
    page = pr(db, "page", "/ru/items/" + art["slug"]).stdout
    check(page.count('class="turn"') == 2, page)
    r = pr(db, "import", path)
    check(summary(r.stdout)[:3] == (0, 0, 3), r.stdout)


@test
def import_progress_bar_only_on_a_terminal():
    db = new_site("tty")
    tree = md_tree()
    r = pr(db, "import", tree)
    check("importing" not in r.stderr and "[" not in r.stderr, "a bar without a terminal")
    db = new_site("tty2")
    master, slave = pty.openpty()
    p = subprocess.Popen([ENV.bin, "--db", db, "import", tree], stdout=subprocess.DEVNULL,
                         stderr=slave, stdin=subprocess.DEVNULL)
    os.close(slave)
    out = b""
    while True:
        ready, _, _ = select.select([master], [], [], 10)
        if not ready:
            break
        try:
            chunk = os.read(master, 4096)
        except OSError:
            break
        if not chunk:
            break
        out += chunk
    p.wait(timeout=30)
    os.close(master)
    text = out.decode("utf-8", "replace")
    check(re.search(r"importing +\d+/\d+ \[=*>? *\] +100%", text), "no bar on a terminal: %r" % text)


# ---- Markdown export -----------------------------------------------------------

def png_bytes(shade):
    """A valid one-pixel grey PNG (zlib and crc32 by hand: no imaging library needed)."""
    import struct
    import zlib

    def chunk(kind, data):
        return (struct.pack(">I", len(data)) + kind + data +
                struct.pack(">I", zlib.crc32(kind + data) & 0xffffffff))
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", 1, 1, 8, 0, 0, 0, 0)) +
            chunk(b"IDAT", zlib.compress(bytes([0, shade]))) + chunk(b"IEND", b""))


PDF_BYTES = b"%PDF-1.4\n1 0 obj<< /Type /Catalog >>endobj\ntrailer<< /Root 1 0 R >>\n%%EOF\n"


def media_name(data, ext):
    """The name the media library gives data: 16 hex digits of its SHA-256 and the type's
    extension (src/newsroom/media.h)."""
    import hashlib
    return hashlib.sha256(data).hexdigest()[:16] + "." + ext


def add_media(db, files):
    """Stores files ([(bytes, ext, mime)]) in the media library as an upload does; their
    names."""
    import hashlib
    c = sqlite3.connect(db)
    names = []
    for data, ext, mime in files:
        name = media_name(data, ext)
        c.execute("INSERT INTO media (name, type, size, sha256, original_name, data, created) "
                  "VALUES (?, ?, ?, ?, ?, ?, ?)", (name, mime, len(data),
                  hashlib.sha256(data).hexdigest(), "upload." + ext, data, int(time.time())))
        names.append(name)
    c.commit()
    c.close()
    return names


def media_of(db):
    """The media library by name: type, size, hash and bytes."""
    c = sqlite3.connect(db)
    out = {r[0]: r[1:] for r in c.execute("SELECT name, type, size, sha256, data FROM media")}
    c.close()
    return out


def full_site(name):
    db = new_site(name)
    pr(db, "config", "per_page", "3")
    r = pr(db, "import", md_tree())
    check(r.returncode == 0, r.stderr)
    r = pr(db, "import", PAGE)
    check(r.returncode == 0, r.stderr)
    # Strings that need YAML quoting, a lead on two lines, a translation key.
    odd = md_folder("odd", {"odd.md":
        '---\ntitle: \'Quotes "and" back\\slash: # - [x] {y} & \'\'z\'\' \u2028 end\'\n'
        'date: 2020-02-29T23:59:59+05:45\nkind: speech\nslug: odd-one\n'
        'lead: "Line one\\nline two: with a colon"\ntranslationKey: "odd: key"\n'
        'series: "odd series"\npart: 3\ntags: ["a, b", "c: d", "\'e\'"]\n'
        'source: https://example.org/x?a=1&b=2\nsource_title: "Ex: ample"\ndraft: true\n'
        '---\n\n\nBody with --- and\n---\nlines.\n'})
    r = pr(db, "import", odd)
    check(r.returncode == 0, r.stderr)
    # The media library: a photo shown on an item and a PDF it links to.
    png, pdf = add_media(db, [(png_bytes(128), "png", "image/png"),
                              (PDF_BYTES, "pdf", "application/pdf")])
    photo = md_folder("photo", {"photo.md":
        "---\ntitle: Photo of the ceremony\ndate: 2021-03-04T12:00:00Z\nslug: ceremony-photo\n"
        "aliases: [/2021/03/ceremony.html, \"/old site/ceremony/\"]\n---\n"
        "![The ceremony](/media/%s)\n\nThe [full statement (PDF)](/media/%s).\n\n"
        "More in [the archive](/archive) and [the interviews](/kind/interview#top).\n" % (png, pdf)})
    r = pr(db, "import", photo)
    check(r.returncode == 0, r.stderr)
    # An embargo set in the newsroom (a day ahead): it must survive every round trip.
    c = sqlite3.connect(db)
    c.execute("UPDATE items SET embargo_until = ? WHERE slug = 'bundle-visit'",
              (int(time.time()) + 86400,))
    c.commit()
    c.close()
    return db


def zones_of(db):
    """The newsroom's zones of a site's items, by (lang, slug)."""
    c = sqlite3.connect(db)
    try:
        return {(l, s): (p, e) for l, s, p, e in c.execute(
            "SELECT i.lang, i.slug, z.publish, z.embargo FROM item_zones z JOIN items i ON i.id = z.item_id")}
    finally:
        c.close()


def settings_of(db):
    c = sqlite3.connect(db)
    try:
        return dict(c.execute("SELECT key, value FROM settings"))
    finally:
        c.close()


@test
def markdown_export_round_trip():
    """export --markdown, then import into an empty site: the same items field by
    field, the zones the newsroom typed their times in, the same media files, the same settings (site.yaml; the empty site's own
    time zone, set by new_site, is the same and counted as neither); again: nothing."""
    a = full_site("round-a")
    # Three statements of one minute, written in an order that is not their names'
    # (the pages list the last written first), and last changes that are not now.
    tie = md_folder("tie", {n + ".md": "---\ntitle: Statement %s\ndate: 2022-05-05T10:00:00Z\n"
                            "slug: tie-%s\n---\nText %s.\n" % (n, n, n) for n in "cab"})
    for n in "cab":
        r = pr(a, "add", os.path.join(tie, n + ".md"))
        check(r.returncode == 0, "add: " + r.stderr)
    c = sqlite3.connect(a)
    c.execute("UPDATE items SET updated = published + 3600 * id")
    c.commit()
    c.close()
    pr(a, "config", "site_name", "Embassy of Veloria: \"press\" # office")
    pr(a, "config", "contact_address", "1 Quay Road\nLondon")
    # The zones a press officer typed times in (the newsroom's item_zones).
    c = sqlite3.connect(a)
    c.execute("INSERT INTO item_zones (item_id, publish, embargo) SELECT id, 'Asia/Tokyo',"
              " 'Europe/Moscow' FROM items WHERE slug = 'bundle-visit'")
    c.execute("INSERT INTO item_zones (item_id, publish, embargo) SELECT id, 'America/New_York', ''"
              " FROM items WHERE slug = 'tie-a'")
    c.commit()
    c.close()
    out = os.path.join(ENV.tmp, "md-export")
    r = pr(a, "export", "--markdown", out)
    check(r.returncode == 0, "export: " + r.stderr)
    files = glob.glob(os.path.join(out, "*", "*.md"))
    check(len(files) == len(items_of(a)), "%d files for %d items" % (len(files), len(items_of(a))))
    check(os.path.isfile(os.path.join(out, "ru", "novosti-konsulstva.md")), "no ru/<slug>.md")
    ma = media_of(a)
    check(len(ma) == 2, "the site has %d media files" % len(ma))
    for mname, (_, size, _, data) in ma.items():
        with open(os.path.join(out, "media", mname), "rb") as f:
            check(f.read() == data, "media/%s is not the stored file" % mname)
    check("2 media files" in r.stdout, "the summary does not count the media files: " + r.stdout)
    # The site's own export imported into it changes nothing (an embargo it carries
    # included: a re-import that lifted one would publish the statement at once).
    r = pr(a, "import", out)
    check(r.returncode == 0 and summary(r.stdout)[:2] == (0, 0),
          "the site's own export changed it: " + r.stdout[-300:])
    check(pr(a, "page", "/items/bundle-visit").returncode != 0,
          "the embargoed item is on the public site after a re-import")
    b = new_site("round-b")
    r = pr(b, "import", out)
    check(r.returncode == 0, "import of the export: " + r.stderr)
    c = sqlite3.connect(a)
    (olds,) = c.execute("SELECT count(*) FROM item_aliases").fetchone()
    c.close()
    check(r.stdout.rstrip().endswith("; media files: added 2, unchanged 0; old addresses: %d now "
                                     "redirect to their items; settings: set %d, kept 0 "
                                     "of the site's own" % (olds, len(settings_of(a)) - 1)),
          "the import does not count the media files and settings: " + r.stdout[-300:])
    check(settings_of(a) == settings_of(b), "settings differ: %r / %r" % (settings_of(a), settings_of(b)))
    mb = media_of(b)
    check(set(ma) == set(mb) and all(ma[k] == mb[k] for k in ma),
          "the media files differ: %r / %r" % (sorted(ma), sorted(mb)))
    r = pr(b, "import", out)
    check(r.returncode == 0 and r.stdout.rstrip().endswith(
        "added 0, updated 0, unchanged %d, skipped 0; media files: added 0, unchanged 2; settings: set 0, "
        "kept 0 of the site's own" % len(items_of(a))),
        "a second import is not a no-op: " + r.stdout[-300:])
    ia, ib = items_of(a), items_of(b)
    check(set(ia) == set(ib), "items differ: %r" % (set(ia) ^ set(ib)))
    check(zones_of(a) == zones_of(b) and len(zones_of(a)) == 2,
          "zones differ: %r / %r" % (zones_of(a), zones_of(b)))
    diffs = ["%s %s: %r != %r" % (k, f, ia[k][f], ib[k][f])
             for k in ia for f in ia[k] if ia[k][f] != ib[k][f]]
    check(not diffs, "%d fields differ: %s" % (len(diffs), "; ".join(diffs[:5])))
    # Items of one date (the news page's, at midnight) listed as they were, and each
    # item's last change kept (feeds' <updated>, the sitemap's lastmod).
    sa, sb = shown_order(a), shown_order(b)
    check([r[1] for r in sa if r[1].startswith("tie-")] == ["tie-b", "tie-a", "tie-c"],
          "the site lists the three of one minute as %r" % [r[1] for r in sa if "tie-" in r[1]])
    check([r[:2] for r in sa] == [r[:2] for r in sb],
          "the lists' order differs: %r / %r" % (sa[:6], sb[:6]))
    check(sa == sb, "updated differs: %r" % [(x, y) for x, y in zip(sa, sb) if x != y][:3])
    # And the export of the copy is the same files.
    out2 = os.path.join(ENV.tmp, "md-export-2")
    r = pr(b, "export", "--markdown", out2)
    d = run(["diff", "-r", out, out2], timeout=120)
    check(d.returncode == 0, "the copy exports differently: " + d.stdout[:500])


@test
def markdown_round_trip_of_odd_items():
    """What a review found the round trip lost or changed: two items of one date, one's
    title the other's slug, stay two; a body with shortcode, Liquid and HTML text
    comes back as it was written (an export's bodies are pressroom's, not Hugo's);
    items of one slug in two languages do not become translations, and a key equal
    to the item's own slug stays. Then the folder refuses a static copy."""
    a = new_site("odd-a")
    body = ("Use {{< youtube abc123 >}} and {% raw %}x{% endraw %} and {{ site.baseurl }}/p "
            "and {% comment %}hidden{% endcomment %} and <b>tags</b> as text.\n")
    files = {
        "x.md": "---\ntitle: Foo Bar\ndate: 2026-03-10T00:00:00Z\nslug: x-custom\n---\nI am X.\n",
        "y.md": "---\ntitle: Other\ndate: 2026-03-10T00:00:00Z\nslug: foo-bar\n---\nI am Y.\n",
        "lit.md": "---\ntitle: Literal\ndate: 2026-03-11T00:00:00Z\n---\n" + body,
        "en-same.md": "---\ntitle: Same EN\ndate: 2026-03-12T00:00:00Z\nslug: same-slug\n---\nEN\n",
        "ru-same.md": "---\ntitle: Same RU\ndate: 2026-03-12T00:00:00Z\nslug: same-slug\nlang: ru\n---\nRU\n",
        "treaty.md": "---\ntitle: Treaty\ndate: 2026-03-13T00:00:00Z\ntranslationKey: treaty\n---\nT\n",
        "dogovor.md": "---\ntitle: Dogovor\ndate: 2026-03-13T00:00:00Z\nlang: ru\n"
                      "translationKey: treaty\n---\nD\n",
    }
    src = md_folder("odd-src", files)
    r = pr(a, "add", *[os.path.join(src, f) for f in sorted(files)])
    check(r.returncode == 0, "add: " + r.stderr)
    check(items_of(a)[("en", "literal")]["body"] == body, "add changed the body")
    out = os.path.join(ENV.tmp, "odd-export")
    check(pr(a, "export", "--markdown", out).returncode == 0, "export")
    b = new_site("odd-b")
    r = pr(b, "import", out)
    check(r.returncode == 0, r.stderr)
    ia, ib = items_of(a), items_of(b)
    check(set(ia) == set(ib), "items differ: %r" % (set(ia) ^ set(ib)))
    diffs = ["%s %s: %r != %r" % (k, f, ia[k][f], ib.get(k, {}).get(f))
             for k in ia for f in ia[k] if ia[k][f] != ib.get(k, {}).get(f)]
    check(not diffs, "%d fields differ: %s" % (len(diffs), "; ".join(diffs[:5])))
    r = pr(a, "import", out)
    check(summary(r.stdout)[:2] == (0, 0), "the site's own export changed it: " + r.stdout)
    # A static copy into that folder would remove the Markdown files: refused, and the
    # folder's list of what the Markdown export wrote is left as it was.
    with open(os.path.join(out, ".pressroom-export"), "rb") as f:
        list_before = f.read()
    r = pr(a, "export", "--static", out)
    check(r.returncode != 0 and "markdown export's" in r.stderr, r.stderr)
    check(os.path.isfile(os.path.join(out, "en", "literal.md")), "a Markdown file was removed")
    with open(os.path.join(out, ".pressroom-export"), "rb") as f:
        list_after = f.read()
    check(list_after == list_before,
          "the refused static copy rewrote the folder's list: %r" % list_after[:80])


# ---- static export served by nginx ----------------------------------------------

NGINX_CONF = """
worker_processes 1;
pid {dir}/nginx.pid;
error_log {dir}/error.log;
daemon off;
events {{ worker_connections 64; }}
http {{
    include /etc/nginx/mime.types;
    types {{ application/rss+xml rss; application/atom+xml atom; application/feed+json json; }}
    access_log off;
    client_body_temp_path {dir}/tmp/body;
    proxy_temp_path {dir}/tmp/proxy;
    fastcgi_temp_path {dir}/tmp/fastcgi;
    uwsgi_temp_path {dir}/tmp/uwsgi;
    scgi_temp_path {dir}/tmp/scgi;
    server {{
        listen 127.0.0.1:{port};
        absolute_redirect off;
{server}
    }}
}}
"""

# A plain server, as the README has it: a folder's index.html answers its URL with
# the '/' (/items/x/); without it (/items/x) nginx answers 301.
NGINX_AT_ROOT = """
        root {root};
        location / {{ }}
        error_page 404 /404.html;
        location /ru/ {{ error_page 404 /ru/404.html; }}
"""

# The copy under a path of a host that serves other things ("/press/site/").
NGINX_UNDER = """
        location / {{ return 404; }}
        location {under}/ {{ alias {root}/; error_page 404 {under}/404.html; }}
"""


def nginx_serving(out, port, server):
    """nginx serving the copy in out on port (server: NGINX_AT_ROOT or NGINX_UNDER,
    filled), once it answers; harness.stop() it after."""
    ndir = os.path.join(ENV.tmp, "nginx-%d" % port)
    os.makedirs(os.path.join(ndir, "tmp"), exist_ok=True)
    with open(os.path.join(ndir, "nginx.conf"), "w") as f:
        f.write(NGINX_CONF.format(dir=ndir, port=port, server=server))
    os.chmod(ENV.tmp, 0o755)
    for d, _, fs in os.walk(out):
        os.chmod(d, 0o755)
        for x in fs:
            os.chmod(os.path.join(d, x), 0o644)
    ng = subprocess.Popen([NGINX, "-p", ndir, "-e", os.path.join(ndir, "error.log"), "-c",
                           os.path.join(ndir, "nginx.conf")],
                          stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    for _ in range(100):
        try:
            fetch(port, "/")
            break
        except OSError:
            check(ng.poll() is None, "nginx exited: " + ng.stderr.read().decode())
            time.sleep(0.05)
    return ng


class Links(html.parser.HTMLParser):
    def __init__(self):
        super().__init__()
        self.links = []

    def handle_starttag(self, tag, attrs):
        for k, v in attrs:
            if k in ("href", "src") and v:
                self.links.append(v)


def fetch(port, path):
    r = harness.get(port, urllib.parse.quote(path, safe="/%?=&~-._"), timeout=10)
    return r.status, r.header("Content-Type") or "", r.body


# A link to a page in the copy, ending in '/' ("/items/x/", "http://host/kind/news/"),
# but not a language's home ("/", "/ru/"), which has its '/' on the server too; in the
# places links are (not, say, an Atom category's scheme, ".../kind/" either way).
COPY_PAGE_LINK = re.compile(
    rb'((?:href|content|action|template)="|url=|<loc>|<link>|"(?:u|url|home_page_url|mainEntityOfPage)":")'
    rb'((?:https?://[^/"<>\s]+)?(/[^"<>?#\s]*[^/"<>?#\s]))/(?=["<?#])')


def copy_links_as_live(copy):
    """The copy with its page links as the server has them, without the '/' (urls.h)."""
    return COPY_PAGE_LINK.sub(
        lambda m: m.group(0) if re.fullmatch(rb"/[a-z]{2,3}(-[A-Za-z0-9]+)?", m.group(3))
        else m.group(1) + m.group(2), copy)


def copy_and_live(db, out, path, f):
    """The static copy's file f and 'pressroom page PATH', to compare. The home page's
    date and clocks are cut from both: the copy's are hidden and empty (checked here)
    until clock.js fills them with the reader's time, the server's are its own. The
    copy's page links end in '/' (each page is a folder's index.html): taken off here;
    the crawl checks that they are there. The copy's home page loads shortlink.js
    (WordPress's "/?p=12" answered in the browser): taken off too, checked here."""
    live = subprocess.run([ENV.bin, "--db", db, "page", path], capture_output=True).stdout
    with open(os.path.join(out, f), "rb") as fh:
        copy = copy_links_as_live(fh.read())
    if path == "/":
        today = re.compile(rb'<section class="today"[^>]*>.*?</section>', re.S)
        found = today.findall(copy)
        check(len(found) == 1 and b" hidden>" in found[0] and b"</time>" in found[0],
              "the copy's home page has no hidden date and clocks")
        copy, live = today.sub(b"", copy), today.sub(b"", live)
        script = b'<script src="/static/shortlink.js" defer></script>\n'
        check(script in copy and script not in live, "the copy's home page does not load shortlink.js")
        copy = copy.replace(script, b"")
    return copy, live


def crawl_copy(port, base, under="", start=("/", "/sitemap.xml", "/search/index.json",
                                            "/ru/search/index.json"), shared=False):
    """Every internal link of a static copy served on port (under a path, the copy's
    base path): of every page, of the sitemap, of the feeds and of the search indexes,
    from the home page (the paths of start, under the path). Returns (paths seen, those
    that failed, those that were redirects, the feeds as (path, body), the number of
    HTML pages). A link from the host's root outside under fails: it leads out of the
    copy (but a full link to the host, with shared: a host the site shares)."""
    import json
    seen = {under + p for p in start}
    queue, bad, redirected, feeds = sorted(seen), [], [], []
    pages = 0
    while queue:
        path = queue.pop()
        status, ctype, body = fetch(port, path)
        if 300 <= status < 400:
            redirected.append("%s -> %d" % (path, status))
            continue
        if status != 200:
            bad.append("%s -> %d" % (path, status))
            continue
        if path.endswith((".rss", ".atom", ".json")) and "/feed." in path:
            feeds.append((path, body))
        prefix = ""
        if ctype.startswith("text/html"):
            pages += 1
            p = Links()
            p.feed(body.decode("utf-8"))
            links = p.links
        elif path.endswith("/search/index.json"):
            # (Its paths are from the copy's root: search.js puts them under it.)
            links = [e["u"] for e in json.loads(body)]
            prefix = under
        elif path.endswith("/feed.json"):
            j = json.loads(body)
            links = [j["home_page_url"], j["feed_url"]] + [e["url"] for e in j["items"]]
        elif path.endswith((".xml", ".rss", ".atom")):
            # <loc> and <link> of the sitemap and RSS, href of Atom and the
            # sitemap's hreflang alternates (not the ids: names, not links).
            links = [html.unescape(x.decode()) for pair in
                     re.findall(rb'<(?:loc|link)>([^<]*)<|\shref="([^"]*)"', body)
                     for x in pair if x]
        else:
            continue
        for link in links:
            full = link.startswith(base)
            if full:
                link = link[len(base):] or "/"
            if not link.startswith("/") or link.startswith("//"):
                continue
            link = prefix + (urllib.parse.unquote(link.split("#")[0].split("?")[0]) or "/")
            if link == under:
                link = under + "/"
            if under and not link.startswith(under + "/"):
                # A full link to another part of a host the site shares is that
                # host's own page (a ministry's), not a link out of the site.
                if not (shared and full):
                    bad.append("%s links out of %s/: %s" % (path, under, link))
                continue
            if link not in seen:
                seen.add(link)
                queue.append(link)
    return seen, bad, redirected, feeds, pages


def add_own_links(db, base, archive):
    """Adds the item "Own links" to db, whose body links the archive (its path
    archive) and shows the site's first media file, each by its full address at base
    (the host's root), as imported posts do. Returns that file's name."""
    mname = sorted(media_of(db))[0]
    md = os.path.join(ENV.tmp, "own-links.md")
    with open(md, "w", encoding="utf-8") as f:
        f.write("---\ntitle: Own links\ndate: 2024-03-01T10:00:00Z\n---\n"
                "See [all messages](%s%s) and ![the photo](%s/media/%s).\n" % (base, archive, base, mname))
    check(pr(db, "add", md).returncode == 0, "add own-links.md")
    return mname


def crawl_under(port, base, under, *start, shared=False):
    """crawl_copy of a site served under a path: every link answers 200 at once and
    stays under the path, 40+ pages and 3+ feeds, whose 10+ entries link under it
    too. Returns the paths seen."""
    seen, bad, redirected, feeds, pages = crawl_copy(port, base, under, *start, shared=shared)
    check(not bad, "%d links fail: %s" % (len(bad), ", ".join(bad[:8])))
    check(not redirected, "%d links are redirects: %s" % (len(redirected), ", ".join(redirected[:8])))
    check(pages >= 40 and len(feeds) >= 3, "only %d pages, %d feeds crawled" % (pages, len(feeds)))
    entries = 0
    for path, body in feeds:
        if not path.endswith(".json"):
            d = feedparser.parse(body)
            entries += len(d.entries)
            check(not d.bozo and all(e.link.startswith(base + under + "/") for e in d.entries),
                  "%s: %r" % (path, [e.get("link") for e in d.entries][:3]))
    check(entries >= 10, "only %d feed entries" % entries)
    return seen


@test
def static_export_under_a_base_path():
    """export --static --base-path /press/site: a copy for https://host/press/site/.
    Served by nginx there (and nothing at the host's root), every link of every page,
    feed, sitemap and search index stays in it and answers 200; feeds, the sitemap
    and canonical links name the copy's address; a missing page is its 404 page and a
    redirect page sends the reader to the item under the path. A bad path is refused,
    naming what is wrong."""
    check(os.path.exists(NGINX), "nginx is not installed (Debian: nginx-light)")
    db = full_site("static-under")
    port = free_port()
    base = "http://127.0.0.1:%d" % port
    under = "/press/site"
    pr(db, "config", "base_url", base)
    # A body that links the site by its full address, as imported posts do: its
    # links are the copy's, under the path too (and the file it shows is copied).
    mname = add_own_links(db, base, "/archive/")
    out = os.path.join(ENV.tmp, "www-under")
    r = pr(db, "export", "--static", out, "--base-path", under)
    check(r.returncode == 0 and "broken" not in r.stdout and not r.stderr,
          "export: %s %s" % (r.stdout, r.stderr))
    with open(os.path.join(out, "index.html"), encoding="utf-8") as f:
        home = f.read()
    check('href="%s/archive/"' % under in home and 'href="/archive/"' not in home and
          'src="%s/static/clock.js"' % under in home and
          '<link rel="canonical" href="%s%s/">' % (base, under) in home, home[:1500])
    with open(os.path.join(out, "robots.txt"), encoding="utf-8") as f:
        check("Sitemap: %s%s/sitemap.xml" % (base, under) in f.read(), "robots.txt")
    ng = nginx_serving(out, port, NGINX_UNDER.format(root=out, under=under))
    try:
        seen = crawl_under(port, base, under)
        status, _, body = fetch(port, under + "/no/such/page")
        with open(os.path.join(out, "404.html"), "rb") as fh:
            check(status == 404 and body == fh.read(), "missing path: %d" % status)
        # Its links and styles are the copy's too: under the path, wherever it shows.
        check(('href="%s/static/site.css' % under).encode() in body and
              ('href="%s/archive/"' % under).encode() in body and
              not re.search(rb'(href|src|action)="/(static|archive|items|search|feed)', body),
              "the 404 page's links: %r" % body[:1500])
        status, _, body = fetch(port, under + "/2021/03/ceremony.html")
        check(status == 200 and ('content="0; url=%s/items/ceremony-photo/"' % under).encode() in body,
              "old address: %d %r" % (status, body[:300]))
        status, _, _ = fetch(port, "/items/ceremony-photo/")
        check(status == 404, "the host's root serves the copy: %d" % status)
        status, _, body = fetch(port, under + "/items/own-links/")
        check(status == 200 and ('href="%s%s/archive/"' % (base, under)).encode() in body and
              ('src="%s%s/media/%s"' % (base, under, mname)).encode() in body and
              under + "/media/" + mname in seen, "own links: %d %r" % (status, body[-900:]))
    finally:
        harness.stop(ng)
    # The next export without it: the copy is at the root again, every page rewritten.
    r = pr(db, "export", "--static", out)
    with open(os.path.join(out, "index.html"), encoding="utf-8") as f:
        home = f.read()
    check(r.returncode == 0 and 'href="/archive/"' in home and under not in home, r.stderr)
    # A site whose base_url has a path (served under it): its copy is under that path
    # too, and --base-path takes that path's place.
    pr(db, "config", "base_url", base + "/live")
    # A body's full link to one of its pages (an imported post's) takes the page's
    # '/' as a link from the root does: no redirect for each click.
    add_own_links(db, base + "/live", "/archive")
    r = pr(db, "export", "--static", out)
    with open(os.path.join(out, "index.html"), encoding="utf-8") as f:
        home = f.read()
    check(r.returncode == 0 and 'href="/live/archive/"' in home and 'href="/archive/"' not in home and
          '<link rel="canonical" href="%s/live/">' % base in home, r.stderr + home[:1500])
    with open(os.path.join(out, "items", "own-links", "index.html"), encoding="utf-8") as f:
        own = f.read()
    check('href="%s/live/archive/"' % base in own, "a full link to a page: %s" % own[-900:])
    # Bodies written for the live site link it under its path ("/live/archive"): in a
    # copy under another path they are links into the copy, under that path instead.
    md = os.path.join(ENV.tmp, "live-links.md")
    with open(md, "w", encoding="utf-8") as f:
        f.write("---\ntitle: Body links\ndate: 2024-03-02T10:00:00Z\nslug: body-links\n---\n"
                "[All](/live/archive), [own](/live/items/own-links#top), [home](/live), "
                "[other](/lively/x).\n")
    check(pr(db, "add", md).returncode == 0, "add live-links.md")
    r = pr(db, "export", "--static", out, "--base-path", under)
    with open(os.path.join(out, "index.html"), encoding="utf-8") as f:
        home = f.read()
    check(r.returncode == 0 and 'href="%s/archive/"' % under in home and "/live" not in home and
          '<link rel="canonical" href="%s%s/">' % (base, under) in home, r.stderr + home[:1500])
    broken = [l for l in r.stderr.splitlines() if "broken link" in l]
    check(broken == ["pressroom: export: broken link on /items/body-links: /lively/x (not found)"], broken)
    with open(os.path.join(out, "items", "body-links", "index.html"), encoding="utf-8") as f:
        live = f.read()
    for want in ('href="%s/archive/">All' % under, 'href="%s/items/own-links/#top">own' % under,
                 'href="%s/">home' % under, 'href="%s/lively/x/">other' % under):
        check(want in live, "%r not in %s" % (want, live[live.find('<div class="body">'):][:600]))
    pr(db, "config", "base_url", base)
    for bad_path, why in (("press", "does not start with '/'"), ("/press/", "ends with '/'"),
                          ("/a//b", "empty segment"), ("/a/../b", "'..'"),
                          ("/pr\u00e8ss", "other than letters"), ("/", "root itself"),
                          ("/a b", "other than letters"), ("/items/x", "the site's own pages"),
                          ("/sitemap.xml", "the site's own pages")):
        r = pr(db, "export", "--static", os.path.join(ENV.tmp, "www-bad"), "--base-path", bad_path)
        check(r.returncode == 2 and why in r.stderr and not os.path.exists(os.path.join(ENV.tmp, "www-bad")),
              "%r: %d %s" % (bad_path, r.returncode, r.stderr))
    r = pr(db, "export", "--markdown", os.path.join(ENV.tmp, "md-bad"), "--base-path", "/press")
    check(r.returncode == 2 and "--base-path is for --static" in r.stderr, r.stderr)


# The live server behind nginx under a path of its host, as a ministry's site puts
# its press office's ("location /press/"); the host's root is somebody else's.
NGINX_PROXY = """
        location / {{ return 404; }}
        location {under}/ {{ proxy_pass http://127.0.0.1:{backend}; }}
"""


@test
def site_served_under_a_path_behind_nginx():
    """base_url https://host/press: the server answers under /press, whether the proxy
    passes the path on (nginx here) or takes it off (asked directly), and every link of
    its pages, feeds and sitemap, its redirects and the newsroom's forms, redirects
    and cookies stay under it. A change of base_url is followed without a restart; a
    bad path is refused."""
    check(os.path.exists(NGINX), "nginx is not installed (Debian: nginx-light)")
    db = full_site("live-under")
    port, backend = free_port(), free_port()
    base, under = "http://127.0.0.1:%d" % port, "/press"
    check(pr(db, "config", "base_url", base + under).returncode == 0, "base_url with a path")
    # A body that links the site by its full address from the host's root (an
    # imported post's): its links are put under the path too.
    mname = add_own_links(db, base, "/archive")
    md = os.path.join(ENV.tmp, "path-links.md")
    with open(md, "w", encoding="utf-8") as f:
        f.write("---\ntitle: Path links\ndate: 2024-03-02T10:00:00Z\n---\n"
                "See [the archive](/archive), [the office](%s%s), [the archive as written "
                "under the path](%s/archive) and the code "
                "`<img src=\"/media/x.png\">`.\n" % (base, under, under))
    check(pr(db, "add", md).returncode == 0, "add path-links.md")
    r = run([ENV.bin, "--db", db, "user", "add", "officer", "--role", "editor"],
            input="officer-password-1\n")
    check(r.returncode == 0, "user add: " + r.stderr)
    err = open(os.path.join(ENV.tmp, "live-under.err"), "w")
    srv = subprocess.Popen([ENV.bin, "--db", db, "serve", "--listen", "127.0.0.1:%d" % backend],
                           stdout=subprocess.DEVNULL, stderr=err)
    ng = None
    try:
        harness.wait_listening(srv, backend)
        ng = nginx_serving(os.path.join(ENV.tmp, "nothing"), port,
                           NGINX_PROXY.format(under=under, backend=backend))
        seen = crawl_under(port, base, under, ("/", "/sitemap.xml"), shared=True)
        check(under + "/static/site.css" in seen and under + "/media/" + mname in seen,
              "theme or media files not linked under the path")
        status, ctype, body = fetch(port, under + "/")
        check(status == 200 and ('<link rel="canonical" href="%s%s/">' % (base, under)).encode() in body and
              ('src="%s/static/clock.js"' % under).encode() in body and b'href="/archive"' not in body,
              "home page: %d %r" % (status, body[:1200]))
        # A full link to the host outside the path is another part of that host's
        # (the ministry's own pages): it stays.
        status, _, body = fetch(port, under + "/items/own-links")
        check(status == 200 and ('href="%s/archive"' % base).encode() in body and
              ('src="%s/media/%s"' % (base, mname)).encode() in body,
              "own links: %d %r" % (status, body[-900:]))
        # Links from the site's root go under the path, the path itself is not
        # doubled, and text that looks like a link (a code sample) is left as it is,
        # on the public page and in the newsroom's editor.
        status, _, body = fetch(port, under + "/items/path-links")
        check(status == 200 and ('href="%s/archive"' % under).encode() in body and
              ('href="%s%s"' % (base, under)).encode() in body and
              b'<code>&lt;img src="/media/x.png"&gt;</code>' in body and b"/press/press" not in body,
              "path links: %d %r" % (status, body[-1200:]))
        # ... and in the feeds, whose links are all full addresses.
        status, _, body = fetch(port, under + "/kind/news/feed.atom")
        check(status == 200 and ("%s/media/%s" % (base, mname)).encode() in body and
              ("%s%s/items/" % (base, under)).encode() in body, "the feed's links: %d" % status)
        status, _, body = fetch(port, under + "/search?q=ceremony")
        check(status == 200 and ('action="%s/search"' % under).encode() in body and
              ('href="%s/items/ceremony-photo"' % under).encode() in body, "search: %r" % body[-1500:])
        # Redirects: an old address, a page asked with its '/', the newsroom's.
        for path, to in (("/2021/03/ceremony.html", "/items/ceremony-photo"),
                         ("/items/ceremony-photo/", "/items/ceremony-photo"), ("/admin", "/admin/login")):
            r = harness.get(port, under + path)
            loc = r.header("Location") or ""
            check(r.status in (301, 303) and loc.split("?")[0] in (under + to, base + under + to),
                  "%s: %d %s" % (path, r.status, loc))
        check(fetch(port, under + "/no/such/page")[0] == 404, "a missing page")
        status, _, body = fetch(port, under + "/robots.txt")
        check(status == 200 and ("Disallow: %s/admin\n" % under).encode() in body and
              ("Sitemap: %s%s/sitemap.xml" % (base, under)).encode() in body, "robots.txt: %r" % body)
        check(fetch(port, "/items/ceremony-photo")[0] == 404, "the host's root serves the site")
        # A proxy that takes the path off: the same pages, links under it.
        status, _, body = fetch(backend, "/archive")
        check(status == 200 and ('href="%s/items/' % under).encode() in body and
              b'href="/items/' not in body, "without the path: %d %r" % (status, body[-1500:]))
        # The newsroom: log in under the path, its cookies scoped to it.
        r = harness.get(port, under + "/admin/login")
        ck = [v for v in r.headers_named("Set-Cookie") if v.startswith("pressroom_login=")]
        check(r.status == 200 and ('action="%s/admin/login"' % under).encode() in r.body and ck and
              "Path=%s/admin/login" % under in ck[0], "login page: %r %r" % (ck, r.body[-800:]))
        tok = re.search(rb'name="login_token" value="([^"]+)"', r.body).group(1).decode()
        form = urllib.parse.urlencode({"login_token": tok, "name": "officer",
                                       "password": "officer-password-1", "next": "/admin/items"})
        r = harness.get(port, under + "/admin/login", method="POST", body=form.encode(),
                        headers={"Cookie": ck[0].split(";")[0],
                                 "Content-Type": "application/x-www-form-urlencoded"})
        sess = [v for v in r.headers_named("Set-Cookie") if v.startswith("pressroom_session=")]
        check(r.status == 303 and (r.header("Location") or "").endswith(under + "/admin/items") and
              sess and "Path=%s/" % under in sess[0], "login: %d %s %r" % (r.status, r.header("Location"), sess))
        cookie = {"Cookie": sess[0].split(";")[0]}
        c = sqlite3.connect(db)
        (pid, pbody), = c.execute("SELECT id, body FROM items WHERE slug = 'path-links'").fetchall()
        c.close()
        r = harness.get(port, "%s/admin/items/%d" % (under, pid), headers=cookie)
        area = re.search(rb'<textarea[^>]*name="body"[^>]*>([^<]*)</textarea>', r.body)
        check(r.status == 200 and area and html.unescape(area.group(1).decode()).strip() == pbody.strip(),
              "the editor's text: %r, stored %r" % (area and area.group(1), pbody))
        r = harness.get(port, under + "/admin/items", headers=cookie)
        check(r.status == 200 and ('href="%s/admin/items/new"' % under).encode() in r.body and
              ('src="%s/static/admin.js"' % under).encode() in r.body and
              not re.search(rb'(href|src|action)="/(admin|static|items)', r.body),
              "newsroom: %d %r" % (r.status, r.body[:1500]))
        # base_url back at the host's root: followed without a restart.
        check(pr(db, "config", "base_url", base).returncode == 0, "base_url at the root")
        check(harness.wait_for(lambda: b'href="/archive"' in fetch(backend, "/")[2], 5),
              "the server still links under the path")
        check(fetch(backend, under + "/archive")[0] == 404, "the old path still answers")
    finally:
        harness.stop(ng)
        harness.stop(srv)
        err.close()
    for bad_url, why in (("/a/../b", "'..'"), ("/a//b", "empty segment"), ("/pr%20ess", "other than letters"),
                         ("/archive", "the site's own pages"), ("/media/press", "the site's own pages"),
                         ("/feed", "the site's own pages")):
        r = pr(db, "config", "base_url", base + bad_url)
        check(r.returncode != 0 and why in r.stderr and pr(db, "config", "base_url").stdout.strip() == base,
              "%s: %d %s" % (bad_url, r.returncode, r.stderr))


@test
def static_export_served_by_nginx():
    check(os.path.exists(NGINX), "nginx is not installed (Debian: nginx-light)")
    db = full_site("static")
    port = free_port()
    base = "http://127.0.0.1:%d" % port
    pr(db, "config", "base_url", base)
    out = os.path.join(ENV.tmp, "www")
    r = pr(db, "export", "--static", out)
    check(r.returncode == 0, "export: " + r.stderr)
    check("broken" not in r.stdout and not r.stderr, "export reports problems: %s %s" % (r.stdout, r.stderr))
    for f in ("index.html", "404.html", "feed.rss", "feed.atom", "feed.json", "sitemap.xml",
              "robots.txt", "static/site.css", "archive/index.html", "archive/page/2/index.html",
              "kind/interview/feed.rss", "ru/index.html"):
        check(os.path.isfile(os.path.join(out, f)), "no " + f)
    leftovers = [p for p in glob.glob(os.path.join(out, "**", "*"), recursive=True) if ".tmp-" in p]
    check(not leftovers, "temporary files left: %r" % leftovers[:3])
    # The copy is what the server renders.
    for path, f in (("/", "index.html"), ("/archive/page/2", "archive/page/2/index.html"),
                    ("/feed.atom", "feed.atom"), ("/sitemap.xml", "sitemap.xml")):
        copy, live = copy_and_live(db, out, path, f)
        check(copy == live, "%s differs from 'pressroom page %s'" % (f, path))
    ng = nginx_serving(out, port, NGINX_AT_ROOT.format(root=out))
    try:
        # Crawl: every internal link of every page, of the sitemap, of the feeds and of
        # the search indexes answers 200 from nginx at once: a 301 (a page's folder
        # linked without its '/') costs every reader a round trip and points search
        # engines at a redirect.
        seen, bad, redirected, feeds, pages = crawl_copy(port, base)
        check(not redirected, "%d links are redirects, not pages: %s" %
              (len(redirected), ", ".join(redirected[:8])))
        check(not bad, "%d links fail: %s" % (len(bad), ", ".join(bad[:8])))
        check(pages >= 40, "only %d pages crawled" % pages)
        check(len(feeds) >= 3, "only %d feeds linked" % len(feeds))
        for f in glob.glob(os.path.join(out, "**", "feed.*"), recursive=True):
            path = "/" + os.path.relpath(f, out)
            if path.endswith("/feed.xml"):
                continue  # jekyll-feed's name for the Atom feed (each language's): checked below
            status, ctype, body = fetch(port, path)
            check(status == 200, path)
            if path.endswith(".json"):
                import json
                j = json.loads(body)
                check(j.get("version", "").startswith("https://jsonfeed.org/version/"), path)
            else:
                d = feedparser.parse(body)
                check(not d.bozo, "%s does not parse: %r" % (path, d.get("bozo_exception")))
                check(ctype.startswith("application/rss+xml" if path.endswith(".rss")
                                       else "application/atom+xml"), "%s: %s" % (path, ctype))
        # The media library is in the copy, linked from the item that shows it.
        for mname, (mime, size, _, data) in media_of(db).items():
            check("/media/" + mname in seen, "/media/%s was not linked from a page" % mname)
            status, ctype, body = fetch(port, "/media/" + mname)
            check(status == 200 and ctype.startswith(mime) and body == data,
                  "/media/%s: %d %s, %d bytes" % (mname, status, ctype, len(body)))
        status, ctype, body = fetch(port, "/no/such/page")
        with open(os.path.join(out, "404.html"), "rb") as fh:
            check(status == 404 and body == fh.read(), "missing path: %d, not the 404 page" % status)
        # Each language has its own not-found page, for a server set to use it.
        status, ctype, body = fetch(port, "/ru/no/such/page")
        with open(os.path.join(out, "ru", "404.html"), "rb") as fh:
            check(status == 404 and body == fh.read(), "missing /ru/ path: %d, not ru/404.html" % status)
        check('<html lang="ru">' in body.decode() and "Страница не найдена" in body.decode(),
              "ru/404.html is not in Russian")
        # An item's old addresses (its file's aliases) are pages that send the reader
        # to it, as the server's 301 does: a ".html" one is that file; the live
        # server's 301 goes to the item's address there.
        for old in ("/2021/03/ceremony.html", "/old site/ceremony/"):
            status, ctype, body = fetch(port, old)
            check(status == 200 and b'<meta http-equiv="refresh" content="0; url=/items/ceremony-photo/">'
                  in body, "old address %s: %d %r" % (old, status, body[:300]))
            live = subprocess.run([ENV.bin, "--db", db, "page", old], capture_output=True, text=True)
            check("url=/items/ceremony-photo\"" in live.stdout,
                  "the server does not send %s to the item: %s" % (old, live.stdout[:300] + live.stderr))
        check(os.path.isfile(os.path.join(out, "2021", "03", "ceremony.html")),
              "the .html old address is not a file of that name")
        check(b"ceremony" not in fetch(port, "/sitemap.xml")[2].replace(b"ceremony-photo", b""),
              "an old address is in the sitemap")
        # Where other tools had the feed: a file name is the feed itself (a copy cannot
        # redirect), a folder's page names the feed for feed readers' discovery.
        # Each language's too, as the server answers them.
        for old, new in (("/index.xml", "/feed.rss"), ("/rss.xml", "/feed.rss"),
                         ("/feed.xml", "/feed.atom"), ("/atom.xml", "/feed.atom"),
                         ("/ru/rss.xml", "/ru/feed.rss"), ("/ru/atom.xml", "/ru/feed.atom"),
                         ("/ru/feed.xml", "/ru/feed.atom")):
            s1, c1, b1 = fetch(port, old)
            s2, _, b2 = fetch(port, new)
            check(s1 == s2 == 200 and b1 == b2 and "xml" in c1 and not feedparser.parse(b1).bozo,
                  "%s: %d %s, not the feed of %s" % (old, s1, c1, new))
        # A folder's address is the feed too (its index.html: a feed reader follows
        # no meta refresh), served as the folder's page is.
        for old, new in (("/feed/", "/feed.rss"), ("/rss/", "/feed.rss"), ("/feed/rss2/", "/feed.rss"),
                         ("/feed/atom/", "/feed.atom"), ("/ru/feed/", "/ru/feed.rss")):
            s1, c1, b1 = fetch(port, old)
            s2, _, b2 = fetch(port, new)
            check(s1 == s2 == 200 and b1 == b2 and not feedparser.parse(b1).bozo,
                  "%s: %d %s, not the feed of %s: %r" % (old, s1, c1, new, b1[:200]))
    finally:
        harness.stop(ng)
    # A second export into the same folder (written file by file through a temporary
    # file and a rename): every page follows the change and nothing is left over.
    pr(db, "config", "site_name", "Renamed Press Office")
    r = pr(db, "export", "--static", out)
    check(r.returncode == 0, "second export: " + r.stderr)
    leftovers = [p for p in glob.glob(os.path.join(out, "**", "*"), recursive=True) if ".tmp-" in p]
    check(not leftovers, "temporary files left by the second export: %r" % leftovers[:3])
    for path, f in (("/", "index.html"), ("/archive/page/2", "archive/page/2/index.html"),
                    ("/feed.atom", "feed.atom")):
        body, live = copy_and_live(db, out, path, f)
        check(b"Renamed Press Office" in body and body == live,
              "%s was not rewritten by the second export" % f)
    # An item taken off the site: the next export removes its page (and the folder
    # it leaves empty), and nothing it did not write itself.
    with open(os.path.join(out, "items", "keep-me.html"), "w") as f:
        f.write("a file of the web master's own")
    with open(os.path.join(out, "custom.txt"), "w") as f:
        f.write("also theirs")
    c = sqlite3.connect(db)
    lang, slug = c.execute("SELECT lang, slug FROM items WHERE status = 'published' AND lang = 'en'"
                           " AND deleted_at = 0 ORDER BY published LIMIT 1").fetchone()
    c.close()
    page = os.path.join(out, "items", slug, "index.html")
    check(os.path.isfile(page), "no page for " + slug)
    md = os.path.join(ENV.tmp, "unpublish.md")
    r = pr(db, "export", "--markdown", os.path.join(ENV.tmp, "md-unpublish"))
    check(r.returncode == 0, "markdown export: " + r.stderr)
    with open(os.path.join(ENV.tmp, "md-unpublish", lang, slug + ".md")) as f:
        text = f.read()
    check("\ndraft: false\n" in text, "no draft line in the export of " + slug)
    with open(md, "w") as f:
        f.write(text.replace("\ndraft: false\n", "\ndraft: true\n"))
    r = pr(db, "add", md)
    check(r.returncode == 0, "add: " + r.stderr)
    r = pr(db, "export", "--static", out)
    check(r.returncode == 0, "third export: " + r.stderr)
    m = re.search(r"; (\d+) files? of the last export removed", r.stdout)
    check(m and int(m.group(1)) >= 1, "the summary does not say a file was removed: " + r.stdout)
    check(not os.path.exists(os.path.dirname(page)), "the unpublished item's page is still there")
    check(os.path.isfile(os.path.join(out, "items", "keep-me.html")) and
          os.path.isfile(os.path.join(out, "custom.txt")), "a file the export did not write was removed")
    with open(os.path.join(out, ".pressroom-export")) as f:
        listed = [l.strip() for l in f if not l.startswith("#")]
    check("index.html" in listed and "static/site.css" in listed and "404.html" in listed and
          "items/%s/index.html" % slug not in listed, "the manifest is wrong")
    # Nothing changed on the site: the next export touches no file (times and inodes
    # stay, so a sync to a server carries nothing).
    def stamps():
        return {p: (os.stat(p).st_mtime_ns, os.stat(p).st_ino)
                for p in glob.glob(os.path.join(out, "**", "*"), recursive=True) if os.path.isfile(p)}
    before = stamps()
    r = pr(db, "export", "--static", out)
    check(r.returncode == 0, "fourth export: " + r.stderr)
    after = stamps()
    changed = [p for p in before if before[p] != after.get(p)]
    check(not changed and set(before) == set(after), "%d files rewritten for nothing: %r" %
          (len(changed), changed[:3]))


def files_under(top):
    """Every file under top, relative to it."""
    return sorted(os.path.relpath(os.path.join(d, f), top)
                  for d, _, fs in os.walk(top) for f in fs)


def dirs_under(top):
    """Every folder under top, relative to it, sorted."""
    return sorted(os.path.relpath(os.path.join(d, x), top)
                  for d, ds, _ in os.walk(top) for x in ds)


def manifest_of(top):
    """DIR/.pressroom-export: (its first line, the names it lists)."""
    with open(os.path.join(top, ".pressroom-export")) as f:
        lines = f.read().splitlines()
    return lines[0], [l for l in lines if l and not l.startswith("#")]


def gone_pid():
    """A process id that no process has."""
    for pid in range(4000000, 3000000, -1):
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            return pid
        except PermissionError:
            pass
    raise AssertionError("no free process id")


@test
def static_export_stopped_part_way():
    """An export over an earlier copy killed part-way (here by the file size limit,
    SIGXFSZ, while it writes a large media file) has put none of its files in place:
    the copy is the earlier one; and it listed every file it was writing before
    writing it: the next export removes the temporary files the killed one left,
    and the page of an item taken off the site meanwhile is never on the copy. A
    file uploaded for a draft only is never copied, nor named on the copy."""
    import resource
    import signal
    db = new_site("killed")
    (secret,) = add_media(db, [(png_bytes(77), "png", "image/png")])
    src = md_folder("killed-src", {
        "old.md": "---\ntitle: Old news\ndate: 2024-01-02T10:00:00Z\nslug: old-news\n---\nOld.\n",
        "draft.md": "---\ntitle: Not yet\ndate: 2024-01-03T10:00:00Z\nslug: not-yet\ndraft: true\n"
                    "---\n![Embargoed photo](/media/%s)\n" % secret})
    r = pr(db, "import", src)
    check(r.returncode == 0, r.stderr)
    out = os.path.join(ENV.tmp, "killed-www")
    r = pr(db, "export", "--static", out)
    check(r.returncode == 0, "first export: " + r.stderr)
    first, listed = manifest_of(out)
    check(first.startswith("# pressroom export:"), "not marked finished: " + first)
    check(sorted(listed) == [f for f in files_under(out) if f != ".pressroom-export"],
          "the manifest is not the list of files written")
    check(not any(secret in f for f in files_under(out) + listed),
          "a file only a draft uses is on the copy or named there")
    # A new item showing a large file; the export dies writing that file.
    big = b"%PDF-1.4\n%" + b"x" * 300000 + b"\n" + PDF_BYTES[9:]
    (bigname,) = add_media(db, [(big, "pdf", "application/pdf")])
    late = md_folder("killed-late", {"late.md":
        "---\ntitle: Late news\ndate: 2024-02-01T10:00:00Z\nslug: late-news\n---\n"
        "The [full text](/media/%s).\n" % bigname})
    r = pr(db, "import", late)
    check(r.returncode == 0, r.stderr)

    # With SIGXFSZ ignored the write fails instead (EFBIG, as ENOSPC would): the
    # export stops, and the media folder it made for the file is gone too.
    before, dirs = tree_bytes(out), dirs_under(out)

    def limit_quiet():
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
        resource.setrlimit(resource.RLIMIT_FSIZE, (200000, 200000))
    k = subprocess.run([ENV.bin, "--db", db, "export", "--static", out, "--threads", "1"],
                       capture_output=True, preexec_fn=limit_quiet, timeout=60)
    check(k.returncode == 1 and b"media/" + bigname.encode() + b": file too large" in k.stderr,
          "a write that failed: %d %r" % (k.returncode, k.stderr[-300:]))
    check(tree_bytes(out) == before and dirs_under(out) == dirs,
          "a failed export changed the copy: folders %r" % (set(dirs_under(out)) ^ set(dirs)))

    def limit():
        resource.setrlimit(resource.RLIMIT_FSIZE, (200000, 200000))
    k = subprocess.run([ENV.bin, "--db", db, "export", "--static", out, "--threads", "1"],
                       capture_output=True, preexec_fn=limit, timeout=60)
    check(k.returncode == -signal.SIGXFSZ, "the export was not stopped: %d %r" %
          (k.returncode, k.stderr[-300:]))
    first, listed = manifest_of(out)
    check("unfinished" in first, "a stopped export's manifest is not marked: " + first)
    page = os.path.join("items", "late-news", "index.html")
    on_disk = files_under(out)
    check(page in listed and page not in on_disk,
          "the late item's page is not listed, or in place before the export finished")
    with open(os.path.join(out, "index.html"), encoding="utf-8") as f:
        check("Late news" not in f.read(), "the home page of the stopped export is in place")
    tmps = [f for f in on_disk if ".tmp-" in f]
    check(any(t.startswith(page) for t in tmps) and
          any(t.startswith("media/" + bigname) for t in tmps), "no temporary files left: %r" % tmps)
    missing = [f for f in on_disk if f not in listed and ".tmp-" not in f and
               f != ".pressroom-export"]
    check(not missing, "files written and not listed: %r" % missing[:5])
    # Another export's leftover, of a process that is gone, in a folder the list names.
    stale = os.path.join(out, "items", "old-news", "index.html.tmp-%d-7" % gone_pid())
    with open(stale, "w") as f:
        f.write("<half a page")
    # The item is taken off the site; the next export finishes and cleans up.
    with open(os.path.join(late, "late.md")) as f:
        text = f.read()
    with open(os.path.join(late, "late.md"), "w") as f:
        f.write(text.replace("slug: late-news\n", "slug: late-news\ndraft: true\n"))
    r = pr(db, "add", os.path.join(late, "late.md"))
    check(r.returncode == 0, "add: " + r.stderr)
    r = pr(db, "export", "--static", out)
    check(r.returncode == 0, "export after the stopped one: " + r.stderr)
    on_disk = files_under(out)
    check(page not in on_disk and not os.path.exists(os.path.join(out, "items", "late-news")),
          "the page, or the folder, of an item taken off the site stayed")
    check(not [f for f in on_disk if ".tmp-" in f], "temporary files stayed: %r" %
          [f for f in on_disk if ".tmp-" in f])
    check(not any(bigname in f for f in on_disk), "a file no page links any more stayed")
    first, listed = manifest_of(out)
    check(first.startswith("# pressroom export:") and
          sorted(listed) == [f for f in on_disk if f != ".pressroom-export"],
          "the finished manifest is not the list of files")


@test
def import_interrupted():
    """Ctrl-C (SIGINT), SIGTERM or a hang-up (SIGHUP: the terminal or SSH session
    closed) during an import of 4,000 files: the command says
    it was interrupted and that nothing was written, and the site holds none of the
    batch; integrity_check is ok. (Had it finished first, it holds all of them.)"""
    import signal
    src = md_folder("many", {"m%04d.md" % i: "---\ntitle: Statement %d\ndate: 2024-01-01T10:00:00Z\n"
                             "slug: s-%d\n---\n%s\n" % (i, i, "Text. " * 200) for i in range(4000)})
    for sig in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP):
        db = new_site("interrupted-%d" % sig)
        p = subprocess.Popen([ENV.bin, "--db", db, "import", src], stdout=subprocess.PIPE,
                             stderr=subprocess.PIPE)
        time.sleep(0.4)
        p.send_signal(sig)
        out, err = p.communicate(timeout=120)
        n = sqlite3.connect(db).execute("SELECT count(*) FROM items").fetchone()[0]
        ok = sqlite3.connect(db).execute("PRAGMA integrity_check").fetchone()[0]
        if p.returncode == 0:
            check(n == 4000, "finished with %d items" % n)
        else:
            check(p.returncode == 1 and b"pressroom: interrupted\npressroom: nothing was written" in err,
                  "signal %d: exit %d, %r" % (sig, p.returncode, err[-300:]))
            check(n == 0, "an interrupted import wrote %d items" % n)
        check(ok == "ok", "integrity_check: " + ok)


@test
def export_interrupted():
    """Ctrl-C, SIGTERM or a hang-up (SIGHUP) during a static export: the command says
    it was interrupted and that nothing was changed; a new folder is gone and an
    earlier copy is byte for byte as it was. Started under nohup (SIGHUP ignored),
    a hang-up does not stop it."""
    import signal
    db = imported_site("stopme", {"m%04d.md" % i: "---\ntitle: Statement %d\ndate: 2024-01-01T10:00:00Z\n"
                                  "slug: s-%d\n---\n%s\n" % (i, i, "Text. " * 300) for i in range(4000)})
    earlier = os.path.join(ENV.tmp, "stopme-earlier")
    check(pr(db, "export", "--static", earlier).returncode == 0, "first export")
    check(pr(db, "config", "site_name", "Renamed office").returncode == 0, "config")
    before = tree_bytes(earlier)

    def export(out, sig, ignore_hup=False):
        """Runs the export and sends sig once it has begun writing (its list is
        there, or the earlier one changed); (exit status, stderr)."""
        manifest = os.path.join(out, ".pressroom-export")
        had = os.stat(manifest).st_mtime_ns if os.path.exists(manifest) else None
        pre = (lambda: signal.signal(signal.SIGHUP, signal.SIG_IGN)) if ignore_hup else None
        p = subprocess.Popen([ENV.bin, "--db", db, "export", "--static", out, "--threads", "1"],
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE, preexec_fn=pre)
        deadline = time.time() + 30
        while time.time() < deadline and p.poll() is None:
            if os.path.exists(manifest) and os.stat(manifest).st_mtime_ns != had:
                break
            time.sleep(0.002)
        p.send_signal(sig)
        _, err = p.communicate(timeout=120)
        return p.returncode, err.decode("utf-8", "replace")

    stopped = 0
    for sig in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP):
        out = os.path.join(ENV.tmp, "stopme-new-%d" % sig)
        rc, err = export(out, sig)
        if rc == 0:
            continue  # finished before the signal came: nothing to check
        stopped += 1
        check(rc == 1 and "interrupted" in err and "nothing was changed in " + out in err,
              "signal %d, new folder: exit %d, %r" % (sig, rc, err[-300:]))
        check(not os.path.exists(out), "signal %d: left %r" % (sig, files_under(out)[:5]))
        rc, err = export(earlier, sig)
        if rc == 0:
            before = tree_bytes(earlier)
            continue
        check(rc == 1 and "nothing was changed in " + earlier in err,
              "signal %d, earlier copy: exit %d, %r" % (sig, rc, err[-300:]))
        after = tree_bytes(earlier)
        changed = sorted(k for k in set(before) | set(after) if before.get(k, 0) != after.get(k, 0))
        check(not changed, "signal %d: the earlier copy changed: %r" % (sig, changed[:6]))
    check(stopped, "no export was stopped: each finished before its signal")
    out = os.path.join(ENV.tmp, "stopme-nohup")
    rc, err = export(out, signal.SIGHUP, ignore_hup=True)
    check(rc == 0 and os.path.isfile(os.path.join(out, "items", "s-3999", "index.html")),
          "under nohup: exit %d, %r" % (rc, err[-300:]))


@test
def export_keeps_permissions():
    """An export over an earlier copy whose files the web master made group-writable
    (664, folders 775), run under a strict umask (077: a cron job's, a service's):
    a page it rewrites keeps the permissions of the one it replaces, and a new page
    and its folder take their folder's, so that the web server still reads them."""
    db = imported_site("perm", {
        "a.md": "---\ntitle: First\ndate: 2024-01-02T10:00:00Z\nslug: first\n---\nA.\n"})
    out = os.path.join(ENV.tmp, "perm-www")
    check(pr(db, "export", "--static", out).returncode == 0, "first export")
    for d, dirs, fs in os.walk(out):
        os.chmod(d, 0o775)
        for f in fs:
            os.chmod(os.path.join(d, f), 0o664)
    pr(db, "config", "site_name", "Renamed")
    src = md_folder("perm-new", {"n.md": "---\ntitle: New one\ndate: 2024-02-01T10:00:00Z\n"
                                         "slug: new-one\n---\nN.\n"})
    check(pr(db, "import", src).returncode == 0, "import")
    r = subprocess.run([ENV.bin, "--db", db, "export", "--static", out], capture_output=True,
                       preexec_fn=lambda: os.umask(0o077), timeout=120)
    check(r.returncode == 0, r.stderr)
    with open(os.path.join(out, "index.html"), encoding="utf-8") as f:
        check("Renamed" in f.read(), "the home page was not rewritten")
    bad = []
    for d, dirs, fs in os.walk(out):
        if os.stat(d).st_mode & 0o7777 != 0o775:
            bad.append((d, oct(os.stat(d).st_mode & 0o7777)))
        for f in fs:
            m = os.stat(os.path.join(d, f)).st_mode & 0o7777
            if m != 0o664:
                bad.append((os.path.join(d, f), oct(m)))
    check(os.path.isfile(os.path.join(out, "items", "new-one", "index.html")), "no new page")
    check(not bad, "permissions changed: %r" % bad[:5])


@test
def static_copy_bad_series_name():
    """A series stored before names were checked ("../../x/PWNED") has no page: the
    sitemap does not list an address the copy cannot have, and no file is written
    outside the folder."""
    db = imported_site("badseries", {
        "a.md": "---\ntitle: Part one\ndate: 2024-01-02T10:00:00Z\nslug: part-one\n"
                "series: fine\npart: 1\n---\nA.\n"})
    c = sqlite3.connect(db)
    c.execute("UPDATE items SET series = '../../x/PWNED' WHERE slug = 'part-one'")
    c.commit()
    c.close()
    pr(db, "config", "base_url", "https://press.example.org")
    out = os.path.join(ENV.tmp, "badseries-www", "www")
    r = pr(db, "export", "--static", out)
    check(r.returncode == 0, r.stderr)
    with open(os.path.join(out, "sitemap.xml"), encoding="utf-8") as f:
        sitemap = f.read()
    check("/series/" not in sitemap, "the sitemap lists a series page: %s" %
          [l for l in sitemap.splitlines() if "/series/" in l])
    check(not os.path.exists(os.path.join(ENV.tmp, "badseries-www", "x")) and
          not os.path.exists(os.path.join(ENV.tmp, "x")), "a file outside the copy")


def tree_bytes(top):
    """Every file and folder under top: {relative path: bytes, or None for a folder}."""
    out = {}
    for d, dirs, fs in os.walk(top):
        for x in dirs:
            out[os.path.relpath(os.path.join(d, x), top)] = None
        for x in fs:
            with open(os.path.join(d, x), "rb") as f:
                out[os.path.relpath(os.path.join(d, x), top)] = f.read()
    return out


@test
def export_keeps_foreign_files():
    """An export never replaces, unasked, a file no earlier export wrote: the web
    master's own index.html and robots.txt in the folder (a CNAME beside them is
    not the export's business either way) make the export refuse, naming them,
    with nothing changed; --replace lets it replace them. The same for a Markdown
    export over someone's own en/first.md."""
    db = imported_site("foreign", {
        "a.md": "---\ntitle: First statement\ndate: 2024-01-02T10:00:00Z\nslug: first\n---\nA.\n"})
    www = md_folder("foreign-www", {"index.html": "<h1>Coming soon</h1>\n",
                                    "robots.txt": "User-agent: *\nDisallow: /private/\n",
                                    "CNAME": "press.example.org\n"})
    before = tree_bytes(www)
    r = pr(db, "export", "--static", www)
    check(r.returncode == 1 and "%s/index.html, %s/robots.txt: files this export would replace, "
          "which no earlier export wrote" % (www, www) in r.stderr and
          "export with --replace" in r.stderr and "nothing was changed in " + www in r.stderr,
          r.stderr)
    check(tree_bytes(www) == before, "the folder changed")
    r = pr(db, "export", "--static", www, "--replace")
    check(r.returncode == 0, r.stderr)
    with open(os.path.join(www, "index.html"), encoding="utf-8") as f:
        check("First statement" in f.read(), "index.html was not replaced")
    with open(os.path.join(www, "CNAME"), encoding="utf-8") as f:
        check(f.read() == "press.example.org\n", "CNAME changed")
    # Once the export's list names them, later exports replace them as their own.
    pr(db, "config", "site_name", "Renamed")
    r = pr(db, "export", "--static", www)
    check(r.returncode == 0, r.stderr)
    md = md_folder("foreign-md", {})
    os.makedirs(os.path.join(md, "en"))
    with open(os.path.join(md, "en", "first.md"), "w", encoding="utf-8") as f:
        f.write("my own notes\n")
    r = pr(db, "export", "--markdown", md)
    check(r.returncode == 1 and "%s/en/first.md: a file this export would replace" % md in r.stderr,
          r.stderr)
    with open(os.path.join(md, "en", "first.md"), encoding="utf-8") as f:
        check(f.read() == "my own notes\n", "the notes were replaced")
    check(pr(db, "export", "--markdown", md, "--replace").returncode == 0, "--replace")


@test
def failed_export_leaves_earlier_copy():
    """An export over an earlier one that fails part-way (a file stands where a new
    item's folder goes; a full disk or Ctrl-C take the same path) changes nothing:
    every file and folder of the earlier copy, its list included, is as it was (an
    empty folder of the web master's where new pages go too), no temporary file is
    left, and the message says so. Once the obstacle is gone the
    next export puts everything in place. Both kinds of export."""
    db = imported_site("kept", {
        "a.md": "---\ntitle: First statement\ndate: 2024-01-02T10:00:00Z\nslug: first\n---\nA.\n",
        "b.md": "---\ntitle: Second statement\ndate: 2024-01-03T10:00:00Z\nslug: second\n---\nB.\n"})
    www, md = os.path.join(ENV.tmp, "kept-www"), os.path.join(ENV.tmp, "kept-md")
    for how, out in (("--static", www), ("--markdown", md)):
        r = pr(db, "export", how, out)
        check(r.returncode == 0, how + " first: " + r.stderr)
    # Every page changes (the site's name), and a new item comes: in English and German.
    pr(db, "config", "site_name", "Renamed press office")
    src = md_folder("kept-new", {
        "n.md": "---\ntitle: New statement\ndate: 2024-02-01T10:00:00Z\nslug: new-one\n---\nN.\n",
        "d.md": "---\ntitle: Neue Erklaerung\ndate: 2024-02-02T10:00:00Z\nslug: neu\nlang: de\n---\nD.\n"})
    check(pr(db, "import", src).returncode == 0, "import of the new items")
    # A file where a new item's folder goes; a folder (not empty) where a changed
    # file goes: the second fails only at the rename unless the export looks first.
    blockers = ((www, os.path.join(www, "items", "new-one"), os.path.join(www, "items", "first",
                                                                       "index.html")),
                (md, os.path.join(md, "de"), os.path.join(md, "site.yaml")))
    # An empty folder of the web master's where new files go: the failed export
    # takes out what it made for them, not this.
    os.makedirs(os.path.join(www, "de", "kind"))
    for (how, out), (_, blocker, folder) in zip((("--static", www), ("--markdown", md)), blockers):
        with open(folder, "rb") as f:
            kept = f.read()
        for in_way in (blocker, folder):
            if in_way == blocker:
                with open(blocker, "w") as f:
                    f.write("in the way")
            else:
                os.unlink(folder)
                os.makedirs(os.path.join(folder, "sub"))
            before = tree_bytes(out)
            for threads in (["--threads", "1"], ["--threads", "2"]) if how == "--static" else ([],):
                r = pr(db, "export", how, out, *threads)
                check(r.returncode == 1 and os.path.relpath(in_way, out) in r.stderr and
                      "nothing was changed in " + out in r.stderr,
                      how + " over a blocked path: %d %s" % (r.returncode, r.stderr[-400:]))
                after = tree_bytes(out)
                changed = sorted(k for k in set(before) | set(after)
                                 if before.get(k, 0) != after.get(k, 0))
                check(not changed, how + ": the earlier copy changed: %r" % changed[:6])
                check(not [f for f in files_under(out) if ".tmp-" in f],
                      how + ": temporary files left by a failed export")
            if in_way == blocker:
                os.unlink(blocker)
            else:
                shutil.rmtree(folder)
                with open(folder, "wb") as f:
                    f.write(kept)
        r = pr(db, "export", how, out)
        check(r.returncode == 0, how + " once the way is clear: " + r.stderr)
        check(not [f for f in files_under(out) if ".tmp-" in f], how + ": temporary files left")
    with open(os.path.join(www, "items", "new-one", "index.html"), encoding="utf-8") as f:
        check("Renamed press office" in f.read(), "the finished copy is not the new one")
    check(os.path.isfile(os.path.join(md, "de", "neu.md")), "the finished Markdown is not the new one")


@test
def failed_first_export_leaves_nothing():
    """A first export (into a new folder, or an empty one) that fails part-way, here
    on a media file over the file size limit (EFBIG, as a full disk's ENOSPC), takes
    back what it wrote: no page, no folder, no list is left; a folder it made (with
    its parents) is gone, an empty one that was there stays, empty; the message says
    nothing was changed. Both kinds of export, on one thread and on two."""
    import resource
    import signal
    db = new_site("undo")
    big = b"%PDF-1.4\n%" + b"x" * 300000 + b"\n" + PDF_BYTES[9:]
    (bigname,) = add_media(db, [(big, "pdf", "application/pdf")])
    src = md_folder("undo-src", {
        "a.md": "---\ntitle: First statement\ndate: 2024-01-02T10:00:00Z\nslug: first\n---\n"
                "The [full text](/media/%s).\n" % bigname,
        "b.md": "---\ntitle: Second statement\ndate: 2024-01-03T10:00:00Z\nslug: second\n---\nB.\n"})
    check(pr(db, "import", src).returncode == 0, "import")

    def limit_quiet():
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
        resource.setrlimit(resource.RLIMIT_FSIZE, (200000, 200000))
    top = os.path.join(ENV.tmp, "undo-new")
    empty = os.path.join(ENV.tmp, "undo-empty")
    os.makedirs(empty)
    for how, threads in (("--static", "1"), ("--static", "2"), ("--markdown", None)):
        for out in (os.path.join(top, "parent", "www"), empty):
            args = [ENV.bin, "--db", db, "export", how, out] + (["--threads", threads] if threads else [])
            k = subprocess.run(args, capture_output=True, preexec_fn=limit_quiet, timeout=60)
            err = k.stderr.decode("utf-8", "replace")
            check(k.returncode == 1 and "media/%s: file too large" % bigname in err and
                  "nothing was changed in " + out in err,
                  "%s %s: %d %s" % (how, out, k.returncode, err[-400:]))
            if out == empty:
                check(os.path.isdir(empty) and not os.listdir(empty),
                      "%s: left in the empty folder: %r" % (how, files_under(empty)[:5] + dirs_under(empty)[:5]))
            else:
                check(not os.path.exists(top), "%s: the new folder is left: %r" %
                      (how, files_under(top)[:5] + dirs_under(top)[:5]))
    # Once the limit is gone the same export works, and a later failing one over it
    # keeps that copy (the path of failed_export_leaves_earlier_copy).
    out = os.path.join(top, "parent", "www")
    check(pr(db, "export", "--static", out).returncode == 0, "export without the limit")
    check(os.path.isfile(os.path.join(out, "items", "first", "index.html")), "no page")

@test
def static_export_folders_made_ahead():
    """A new copy of a site with more pages than the first jobs (lists and feeds)
    has a thread that makes the item pages' folders ahead of the workers: the copy
    it makes on two threads is the one made on one, file for file and folder for
    folder; and a first export that fails part-way through those pages (a page over
    the file size limit) leaves none of the folders made for the pages not reached."""
    import resource
    import signal
    files = {}
    for i in range(300):
        body = "Statement number %d of the series.\n" % i
        if i == 150:
            body = ("A long transcript paragraph of the minister's conference. " * 40 + "\n\n") * 120
        files["s%03d.md" % i] = ("---\ntitle: Statement %d\ndate: 2024-03-%02dT%02d:%02d:00Z\n"
                                 "slug: statement-%03d\n---\n%s" % (i, 1 + i // 24, i % 24, i % 60, i, body))
    db = imported_site("ahead", files)
    trees = []
    for threads in ("1", "2"):
        out = os.path.join(ENV.tmp, "ahead-www-" + threads)
        r = pr(db, "export", "--static", out, "--threads", threads)
        check(r.returncode == 0, "export on %s thread(s): %s" % (threads, r.stderr[-400:]))
        t = tree_bytes(out)
        # The list of files names them in the order the threads wrote them.
        t[".pressroom-export"] = sorted(t[".pressroom-export"].splitlines())
        trees.append(t)
    check(len([k for k in trees[0] if k.startswith("items/statement-")]) == 600,
          "item pages and folders: %d" % len([k for k in trees[0] if k.startswith("items/statement-")]))
    diff = sorted(k for k in set(trees[0]) | set(trees[1]) if trees[0].get(k, 0) != trees[1].get(k, 0))
    check(not diff, "the copies on one and two threads differ: %r" % diff[:6])

    def limit_quiet():
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
        resource.setrlimit(resource.RLIMIT_FSIZE, (200000, 200000))
    top = os.path.join(ENV.tmp, "ahead-new")
    for attempt in range(3):
        out = os.path.join(top, "www")
        k = subprocess.run([ENV.bin, "--db", db, "export", "--static", out, "--threads", "2"],
                           capture_output=True, preexec_fn=limit_quiet, timeout=60)
        err = k.stderr.decode("utf-8", "replace")
        check(k.returncode == 1 and "items/statement-150/index.html: file too large" in err and
              "nothing was changed in " + out in err, "%d %s" % (k.returncode, err[-400:]))
        check(not os.path.exists(top), "left by the failed export: %r" %
              (files_under(top)[:5] + dirs_under(top)[:5]))


@test
def export_removes_only_what_it_wrote():
    """The manifest never leads an export to remove what it did not write: not a file
    of the web master's at a path a page links but the site does not serve (after a
    failed export too), not a file reached through a symbolic link in the copy, not
    a file that only looks like a temporary one; the list's own temporary copy, left
    by a kill, goes. A wrong --db leaves the folder without a list."""
    db = imported_site("own-files", {
        "a.md": "---\ntitle: Linking\ndate: 2024-01-02T10:00:00Z\nslug: linking\n---\n"
                "[Report](/media/annual-report.pdf), [downloads](/downloads/).\n",
        "b.md": "---\ntitle: Soon retracted\ndate: 2024-01-03T10:00:00Z\nslug: retracted\n---\nR.\n"})
    out = os.path.join(ENV.tmp, "own-files-www")
    r = pr(db, "export", "--static", out)
    check(r.returncode == 0, r.stderr)
    mine = [os.path.join(out, "media", "annual-report.pdf"),
            os.path.join(out, "downloads", "index.html")]
    for p in mine:
        os.makedirs(os.path.dirname(p), exist_ok=True)
        with open(p, "w") as f:
            f.write("the web master's own")
    os.unlink(os.path.join(out, "404.html"))
    os.makedirs(os.path.join(out, "404.html", "x"))
    r = pr(db, "export", "--static", out)
    check(r.returncode == 1 and "404.html" in r.stderr, "the export did not fail: " + r.stderr)
    shutil.rmtree(os.path.join(out, "404.html"))
    pid = gone_pid()
    lookalike = os.path.join(out, "minutes.tmp-%d-1" % pid)
    leftover = os.path.join(out, ".pressroom-export.tmp-%d-3" % pid)
    for p in (lookalike, leftover):
        with open(p, "w") as f:
            f.write("x")
    r = pr(db, "export", "--static", out)
    check(r.returncode == 0, r.stderr)
    for p in mine + [lookalike]:
        check(os.path.isfile(p), "removed: " + os.path.relpath(p, out))
    check(not os.path.exists(leftover), "the list's temporary copy stayed")
    # The items folder is a link to a folder outside the copy.
    victim = os.path.join(ENV.tmp, "own-files-victim")
    shutil.rmtree(victim, ignore_errors=True)
    shutil.copytree(os.path.join(out, "items"), victim)
    shutil.rmtree(os.path.join(out, "items"))
    os.symlink(victim, os.path.join(out, "items"))
    c = sqlite3.connect(db)
    c.execute("UPDATE items SET status = 'draft' WHERE slug = 'retracted'")
    c.commit()
    c.close()
    r = pr(db, "export", "--static", out)
    check(r.returncode == 0, r.stderr)
    check(os.path.isfile(os.path.join(victim, "retracted", "index.html")),
          "a file outside the copy was removed through a link")
    # A wrong --db: no list is written.
    fresh = os.path.join(ENV.tmp, "own-files-new")
    r = pr(os.path.join(ENV.tmp, "no-such-site.db"), "export", "--static", fresh)
    check(r.returncode == 1, "exported from no site")
    check(not os.path.exists(os.path.join(fresh, ".pressroom-export")), "a list was written")


@test
def markdown_export_into_a_used_folder():
    """A second export --markdown into the same folder removes the file of an item
    put in the trash since (a re-import would bring it back, published) and nothing
    it did not write; an export that failed part-way marks the folder, and import
    refuses it rather than lose what is missing."""
    db = imported_site("md-again", {
        "a.md": "---\ntitle: Kept\ndate: 2024-01-02T10:00:00Z\nslug: kept\n---\nKept.\n",
        "b.md": "---\ntitle: Retracted\ndate: 2024-01-03T10:00:00Z\nslug: retracted\n---\nNo.\n"})
    out = os.path.join(ENV.tmp, "md-again-out")
    r = pr(db, "export", "--markdown", out)
    check(r.returncode == 0, r.stderr)
    check(os.path.isfile(os.path.join(out, "en", "retracted.md")), "no file for the item")
    with open(os.path.join(out, "notes.txt"), "w") as f:
        f.write("the press officer's own notes")
    c = sqlite3.connect(db)
    c.execute("UPDATE items SET deleted_at = ? WHERE slug = 'retracted'", (int(time.time()),))
    c.commit()
    c.close()
    r = pr(db, "export", "--markdown", out)
    check(r.returncode == 0, r.stderr)
    check("1 file of the last export removed" in r.stdout, "not said: " + r.stdout)
    check(not os.path.exists(os.path.join(out, "en", "retracted.md")),
          "the trashed item's file stayed")
    check(os.path.isfile(os.path.join(out, "notes.txt")), "a file the export did not write went")
    back = new_site("md-again-back")
    r = pr(back, "import", out)
    check(r.returncode == 0, r.stderr)
    check(sorted(s for _, s in items_of(back)) == ["kept"], "re-import: %r" % list(items_of(back)))
    # A folder where site.yaml goes: refused before anything is put in place, and
    # the folder's list still says finished.
    with open(os.path.join(out, "site.yaml"), "rb") as f:
        site_yaml = f.read()
    os.unlink(os.path.join(out, "site.yaml"))
    os.makedirs(os.path.join(out, "site.yaml", "x"))
    r = pr(db, "export", "--markdown", out)
    check(r.returncode == 1 and out + "/site.yaml: is a directory" in r.stderr,
          "exit %d: %s" % (r.returncode, r.stderr))
    first, listed = manifest_of(out)
    check(first.startswith("# pressroom export:") and "en/kept.md" in listed,
          "a refused export changed the list: " + first)
    shutil.rmtree(os.path.join(out, "site.yaml"))
    with open(os.path.join(out, "site.yaml"), "wb") as f:
        f.write(site_yaml)
    # The export killed part-way (the file size limit, on a long item): marked unfinished.
    import resource
    import signal
    long_src = md_folder("md-again-long", {"long.md": "---\ntitle: Long\ndate: 2024-01-04T10:00:00Z\n"
                                           "slug: long\n---\n" + "Words. " * 20000 + "\n"})
    check(pr(db, "import", long_src).returncode == 0, "import of the long item")

    def limit():
        resource.setrlimit(resource.RLIMIT_FSIZE, (60000, 60000))
    k = subprocess.run([ENV.bin, "--db", db, "export", "--markdown", out],
                       capture_output=True, preexec_fn=limit, timeout=60)
    check(k.returncode == -signal.SIGXFSZ, "the export was not stopped: %d %r" %
          (k.returncode, k.stderr[-300:]))
    first, listed = manifest_of(out)
    check("unfinished" in first and "en/kept.md" in listed, "not marked unfinished: " + first)
    empty = new_site("md-again-refused")
    r = pr(empty, "import", out)
    check(r.returncode == 1 and "did not finish" in r.stderr and out in r.stderr,
          "import of an unfinished export: exit %d: %s" % (r.returncode, r.stderr))
    check(not items_of(empty), "items were imported from an unfinished export")
    r = pr(db, "export", "--markdown", out)
    check(r.returncode == 0, r.stderr)
    r = pr(empty, "import", out)
    check(r.returncode == 0, "import after a finished export: " + r.stderr)
    check(sorted(s for _, s in items_of(empty)) == ["kept", "long"], list(items_of(empty)))


@test
def exports_into_a_long_path():
    """A folder whose path is near the system's limit (4,085 bytes): both exports work
    there twice (the second reads and rewrites the manifest), as every file is opened
    relative to the folder."""
    db = new_site("longpath")
    r = pr(db, "import", md_tree())
    check(r.returncode == 0, r.stderr)
    p = os.path.join(ENV.tmp, "long")
    while len(p) < 4083:
        p = os.path.join(p, "d" * min(200, 4083 - len(p) - 1))
    for how, sub in (("--static", "s"), ("--markdown", "m")):
        for n in (1, 2):
            r = pr(db, "export", how, p + "/" + sub)
            check(r.returncode == 0 and not r.stderr, "%s, export %d: exit %d: %s" %
                  (how, n, r.returncode, r.stderr[-200:]))


@test
def static_export_refuses_the_database_folder():
    """The copy is for publishing: a folder that holds the site's database is refused
    (it would publish site.db), and nothing is written there."""
    top = os.path.join(ENV.tmp, "dbhome")
    os.makedirs(os.path.join(top, "site"), exist_ok=True)
    db = os.path.join(top, "site", "press.db")
    r = pr(db, "init")
    check(r.returncode == 0, r.stderr)
    for d in (os.path.join(top, "site"), top, os.path.join(top, "site", ".")):
        before = sorted(os.listdir(d))
        r = pr(db, "export", "--static", d)
        check(r.returncode == 1 and "holds the site's database" in r.stderr and
              r.stderr.startswith("pressroom: export: " + d),
              "%s: exit %d: %s" % (d, r.returncode, r.stderr))
        check(sorted(os.listdir(d)) == before, "%s: files written" % d)
    r = pr(db, "export", "--static", os.path.join(top, "site", "www"))
    check(r.returncode == 0, "a folder beside the database: " + r.stderr)
    # The search description keeps its name (and so its type on any server).
    with open(os.path.join(top, "site", "www", "opensearch.xml"), "rb") as f:
        live = subprocess.run([ENV.bin, "--db", db, "page", "/opensearch.xml"],
                              capture_output=True).stdout
        # (Its search page is "/search/" there, a folder's index.html.)
        check(copy_links_as_live(f.read()) == live and b"OpenSearchDescription" in live,
              "opensearch.xml differs")


# ---- a site made by an earlier pressroom ------------------------------------------

def schema_of(db):
    """Rows of every plain table (not the search index's own), and the names of the
    indexes and triggers, read with Python's sqlite3 (no pressroom tokenizer needed)."""
    c = sqlite3.connect(db)
    c.row_factory = sqlite3.Row
    out = {"version": c.execute("PRAGMA user_version").fetchone()[0]}
    for t in ("items", "item_tags", "users", "revisions", "settings", "feeds"):
        rows = [dict(r) for r in c.execute("SELECT * FROM %s" % t)]
        out[t] = sorted(rows, key=lambda r: sorted((k, str(v)) for k, v in r.items()))
    out["names"] = sorted(r[0] for r in c.execute(
        "SELECT name FROM sqlite_schema WHERE type IN ('index', 'trigger')"))
    out["columns"] = [r[1] for r in c.execute("PRAGMA table_info(items)")]
    out["fk"] = c.execute("PRAGMA foreign_key_check").fetchall()
    c.close()
    return out


@test
def upgrade_from_schema_6():
    db = os.path.join(ENV.tmp, "schema-6.db")
    shutil.copy(SCHEMA6, db)
    c = sqlite3.connect(db)   # a feed followed then, as that schema wrote it
    c.execute("INSERT INTO feeds (url, publish, allow_private, interval, created) "
              "VALUES ('https://mfa.example/feed.xml', 1, 0, 600, 1700000000)")
    c.commit()
    c.close()
    before = schema_of(db)
    check(before["version"] == 6 and len(before["items"]) == 30, "the fixture is not what it says")
    # Reading needs the upgrade; the first read-write open does it.
    r = pr(db, "config", "site_name", "Upgraded Press Office")
    check(r.returncode == 0, "upgrade: " + r.stderr)
    after = schema_of(db)
    check(after["version"] == 20, "schema %r after the upgrade" % after["version"])
    check(after["columns"][-1] == "body", "body is not the last column: %r" % after["columns"])
    check(set(after["columns"]) == set(before["columns"]), "columns differ")
    for t in ("items", "item_tags", "users", "revisions"):
        check(after[t] == before[t], "%s differ after the upgrade" % t)
    # Version 10: feeds followed before do not copy files; 11: none is removed.
    check(before["feeds"] and [dict(f, fetch_media=0, removed=0) for f in before["feeds"]] ==
          after["feeds"],
          "feeds differ after the upgrade: %r" % after["feeds"])
    # Versions 8, 9, 11, 15 and 16 add one index each; 14 the old addresses' index and triggers.
    check(set(after["names"]) == set(before["names"]) | {"items_by_embargo", "items_entries",
                                                           "feed_entries_by_key", "item_aliases_item",
                                                           "content_aliases_ins", "content_aliases_upd",
                                                           "content_aliases_del", "items_by_lang_time",
                                                           "import_marks_origin"},
          "indexes or triggers differ: %r" % (set(after["names"]) ^ set(before["names"])))
    check(not after["fk"], "dangling rows: %r" % after["fk"][:3])
    # The search index still matches the rows, and its triggers follow new items.
    title = before["items"][0]["title"]
    word = max(re.findall(r"\w+", title), key=len)
    r = pr(db, "search", word)
    check(r.returncode == 0 and title in r.stdout, "search for %r misses %r: %s%s" %
          (word, title, r.stdout, r.stderr))
    md = os.path.join(ENV.tmp, "upgrade-new.md")
    with open(md, "w") as f:
        f.write("---\ntitle: Quarterly xylophonist briefing\nkind: statement\n"
                "date: 2024-05-01T10:00:00Z\n---\nThe text.\n")
    r = pr(db, "add", md)
    check(r.returncode == 0, "add after the upgrade: " + r.stderr)
    r = pr(db, "search", "xylophonist")
    check("Quarterly xylophonist briefing" in r.stdout, "a new item is not found: " + r.stdout)
    r = pr(db, "page", "/")
    check(r.returncode == 0 and "Upgraded Press Office" in r.stdout, "home page after the upgrade")
    # A file whose rows already point at nothing (edited by hand with foreign keys
    # off) is refused whole: the message says why, and the file stays at schema 6.
    bad = os.path.join(ENV.tmp, "schema-6-broken.db")
    shutil.copy(SCHEMA6, bad)
    c = sqlite3.connect(bad)
    c.execute("INSERT INTO item_tags (item_id, pos, tag) VALUES (99999, 0, 'orphan')")
    c.commit()
    c.close()
    r = pr(bad, "config", "site_name", "Never")
    check(r.returncode != 0 and "point at rows that are not there" in r.stderr,
          "a broken file was upgraded, or the message is unclear: " + r.stderr)
    after = schema_of(bad)
    check(after["version"] == 6 and after["columns"] == before["columns"] and
          len(after["items"]) == 30, "the refused upgrade changed the file")


@test
def text_that_reads_like_a_link_is_text():
    """A code sample or a lead that shows href="/x" or src="/y" as text is no link:
    the static copy does not report it broken (nor look for its page), a copy under
    a path does not put the path into it, and a feed does not make it a full
    address. A link of the same body still is one, in all three."""
    db = imported_site("textlinks", {
        "a.md": "---\ntitle: Code sample\ndate: 2024-01-02T10:00:00Z\nslug: code\n"
                "lead: Write href=\"/lead-link\" in a lead\n---\n"
                "Use `<a href=\"/nowhere\">` and\n\n    <img src=\"/no-image.png\">\n\n"
                "Text: src=\"/plain-text\" here, and [a real one](/archive).\n"})
    check(pr(db, "config", "base_url", "https://press.example.org/press").returncode == 0, "base_url")
    out = os.path.join(ENV.tmp, "textlinks-www")
    r = pr(db, "export", "--static", out)
    check(r.returncode == 0 and "broken" not in r.stderr, r.stderr)
    with open(os.path.join(out, "items", "code", "index.html"), encoding="utf-8") as f:
        page = f.read()
    for want in ('&lt;a href="/nowhere"&gt;', '&lt;img src="/no-image.png"&gt;',
                 'src="/plain-text" here', '>Write href="/lead-link" in a lead<',
                 '<a href="/press/archive/">a real one</a>'):
        check(want in page, "%r not in the page: %s" % (want, page[page.find('<main'):][:1500]))
    with open(os.path.join(out, "feed.rss"), encoding="utf-8") as f:
        feed = f.read()
    check("&amp;lt;a href=&quot;/nowhere&quot;" in feed and "nowhere&quot;" in feed and
          "press.example.org/press/nowhere" not in feed and
          "href=&quot;https://press.example.org/press/archive" in feed,
          feed[feed.find("<item>"):][:1500])


@test
def static_export_checks_links():
    """Every internal link of every page is followed: entities and %XX decoded, the
    query, fragment and a trailing slash dropped; one the site does not have is
    reported with the page that has it, once; links elsewhere are left alone."""
    db = new_site("links")
    src = md_folder("links-src", {
        "target.md": "---\ntitle: Target\ndate: 2024-05-01T10:00:00Z\nslug: target-one\n---\n"
                     "The target.\n",
        "links.md": "---\ntitle: Links\ndate: 2024-05-02T10:00:00Z\nslug: links\n---\n"
                    "[encoded](/items/target%2Done?x=1&y=2#part), [slash](/items/target-one/), "
                    "[missing](/items/no-such-item), [again](/items/no-such-item#x), "
                    "[amp](/items/a&b), [elsewhere](//example.org/items/nothing), "
                    "[absolute](https://example.org/items/nothing).\n"})
    r = pr(db, "import", src)
    check(r.returncode == 0, r.stderr)
    out = os.path.join(ENV.tmp, "links-www")
    r = pr(db, "export", "--static", out, "--threads", "2")
    broken = sorted(l for l in r.stderr.splitlines() if "broken link" in l)
    check(broken == ["pressroom: export: broken link on /items/links: /items/a&b (not found)",
                     "pressroom: export: broken link on /items/links: /items/no-such-item (not found)"],
          "broken links reported: %r (stdout %r)" % (broken, r.stdout))
    check("target" not in r.stderr and "example.org" not in r.stderr, r.stderr)
    check(os.path.isfile(os.path.join(out, "items", "target-one", "index.html")), "no target page")
    # A link to the site's own address (imported posts have them) is a link into it:
    # followed (the redirect of /archive/page/1 is written), reported when broken;
    # another host that starts the same is elsewhere.
    check(pr(db, "config", "base_url", "https://press.example.org").returncode == 0, "base_url")
    with open(os.path.join(src, "own.md"), "w") as f:
        f.write("---\ntitle: Own\ndate: 2024-05-03T10:00:00Z\nslug: own\n---\n"
                "[a](https://Press.Example.org/archive/page/1) [b](http://press.example.org/gone) "
                "[c](https://press.example.org.evil/x) [d](https://press.example.org//x)\n")
    check(pr(db, "import", src).returncode == 0, "import own.md")
    r = pr(db, "export", "--static", out, "--threads", "2")
    broken = sorted(l for l in r.stderr.splitlines() if "broken link" in l)
    check(broken == ["pressroom: export: broken link on /items/links: /items/a&b (not found)",
                     "pressroom: export: broken link on /items/links: /items/no-such-item (not found)",
                     "pressroom: export: broken link on /items/own: /gone (not found)"], broken)
    moved = os.path.join(out, "archive", "page", "1", "index.html")
    check(os.path.isfile(moved), "the page an absolute link names is not in the copy")
    # A redirect's file sends the reader on without a server: refresh, canonical, a link.
    with open(moved, encoding="utf-8") as f:
        stub = f.read()
    # (Its address as the copy's links have it: the folder, with its '/'.)
    for want in ('<html lang="en">', '<meta http-equiv="refresh" content="0; url=/archive/">',
                 '<link rel="canonical" href="https://press.example.org/archive/">', "<h1>This page has moved</h1>",
                 '<a href="/archive/">'):
        check(want in stub, "%s not in the redirect's file: %r" % (want, stub))
    # The theme's public files are there; the newsroom's are not.
    check(sorted(os.listdir(os.path.join(out, "static"))) == ["clock.js", "favicon.svg", "search.js",
                                                              "shortlink.js", "site.css"],
          os.listdir(os.path.join(out, "static")))


@test
def import_media_folder():
    """The files of a top "media" folder go to the media library when they are what an
    upload accepts, under the name it gives; the others are reported and skipped; one
    bad Markdown file writes none of them."""
    db = new_site("media-in")
    png = png_bytes(7)
    good = media_name(png, "png")
    src = md_folder("media-src", {"note.md": "---\ntitle: Note\ndate: 2024-01-02\n---\n![x](/media/%s)\n" % good})
    os.makedirs(os.path.join(src, "media", "sub"))
    files = {good: png,
             media_name(PDF_BYTES, "pdf"): PDF_BYTES,
             "photo.png": png,                                  # not named by its content
             media_name(b"hello", "png"): b"hello",             # not an image at all
             "readme.txt": b"text",
             "sub/" + media_name(png, "png"): png}              # only the top of media/
    for fn, data in files.items():
        with open(os.path.join(src, "media", fn), "wb") as f:
            f.write(data)
    with open(os.path.join(src, "media", "big.pdf"), "wb") as f:
        f.write(b"%PDF-1.4\n" + b"0" * (10 << 20))
    with open(os.path.join(src, "media", "press-kit.md"), "w") as f:
        f.write("---\ntitle: Press kit\ndate: 2024-01-03\n---\nMarkdown in media/ is an item.\n")
    os.symlink("/etc/hostname", os.path.join(src, "media", "link.png"))
    r = pr(db, "import", src)
    check(r.returncode == 0, r.stderr)
    check(summary(r.stdout)[0] == 2, "items: " + r.stdout)
    check(r.stdout.rstrip().endswith("; media files: added 2, unchanged 0"), r.stdout)
    for fn, why in (("photo.png", "not named by its content"),
                    (media_name(b"hello", "png"), "not a JPEG, PNG, WebP or PDF file"),
                    ("readme.txt", "not a JPEG, PNG, WebP or PDF file"),
                    ("big.pdf", "larger than the media library's limit"),
                    ("link.png", "symbolic link")):
        check(re.search(r"skipped \S*/media/%s: %s" % (re.escape(fn), re.escape(why)), r.stdout),
              "%s not reported: %s" % (fn, r.stdout))
    check(set(media_of(db)) == {good, media_name(PDF_BYTES, "pdf")}, "library: %r" % sorted(media_of(db)))
    check(media_of(db)[good] == ("image/png", len(png), __import__("hashlib").sha256(png).hexdigest(), png),
          "the PNG's row")
    r = pr(db, "import", src)
    check(r.returncode == 0 and r.stdout.rstrip().endswith("; media files: added 0, unchanged 2"),
          "second import: " + r.stdout[-200:])
    # A bad Markdown file beside them: nothing of the batch is written, files neither.
    db2 = new_site("media-bad")
    with open(os.path.join(src, "broken.md"), "w") as f:
        f.write("---\ntitle: [unclosed\n---\nBody.\n")
    r = pr(db2, "import", src)
    check(r.returncode == 1 and "broken.md:" in r.stderr and "nothing was written" in r.stderr, r.stderr)
    check(media_of(db2) == {}, "media written by a refused import")


@test
def import_page_bundle_files():
    """A Hugo page bundle's index.md showing or linking files of its folder: each file
    the media library takes is stored once (by content) and the link points to it;
    links to other things are left alone; the site's static copy has them all."""
    db = new_site("bundle")
    png, other = png_bytes(40), png_bytes(41)
    src = md_folder("bundle-src", {})
    bundle = os.path.join(src, "posts", "harbour-visit")
    os.makedirs(os.path.join(bundle, "img"))
    for rel, data in (("harbour photo.png", png), ("img/copy.png", png), ("img/night.png", other),
                      ("statement.pdf", PDF_BYTES), ("notes.txt", b"notes")):
        with open(os.path.join(bundle, rel), "wb") as f:
            f.write(data)
    os.symlink("/etc/hostname", os.path.join(bundle, "link.png"))
    outside = os.path.join(ENV.tmp, "bundle-outside")
    os.makedirs(outside, exist_ok=True)
    with open(os.path.join(outside, "secret.png"), "wb") as f:
        f.write(png_bytes(42))
    os.symlink(outside, os.path.join(bundle, "elsewhere"))
    body = ("![Harbour](harbour%20photo.png \"At dusk\") ![Same](<./img/copy.png>) "
            "[night][n] [PDF](statement.pdf#page=2) [notes](notes.txt) [link](link.png) "
            "[up](../x.png) [web](https://example.org/a.png) [anchor](#top) "
            "![out](elsewhere/secret.png)\n\n[n]: img/night.png\n")
    with open(os.path.join(bundle, "index.md"), "w") as f:
        f.write("---\ntitle: Harbour visit\ndate: 2023-06-01T10:00:00Z\n---\n" + body)
    r = pr(db, "import", src)
    check(r.returncode == 0, r.stderr)
    check(r.stdout.rstrip().endswith("added 1, updated 0, unchanged 0, skipped 4; "
                                     "media files: added 3, unchanged 0"), r.stdout)
    check(re.search(r"skipped \S*/harbour-visit/link.png: reached through a symbolic link",
                    r.stdout), r.stdout)
    check(re.search(r"skipped \S*/harbour-visit/notes.txt: not a JPEG", r.stdout), r.stdout)
    check(re.search(r"skipped \S*/harbour-visit/elsewhere/secret.png: reached through a "
                    r"symbolic link", r.stdout), r.stdout)
    p, n, d = media_name(png, "png"), media_name(other, "png"), media_name(PDF_BYTES, "pdf")
    got = items_of(db)[("en", "harbour-visit")]["body"]
    want = ("![Harbour](/media/%s \"At dusk\") ![Same](</media/%s>) [night][n] [PDF](/media/%s) "
            "[notes](notes.txt) [link](link.png) [up](../x.png) [web](https://example.org/a.png) "
            "[anchor](#top) ![out](elsewhere/secret.png)\n\n[n]: /media/%s\n" % (p, p, d, n))
    check(got == want, "body %r" % got)
    lib = media_of(db)
    check(set(lib) == {p, n, d} and lib[p][3] == png and lib[d][0] == "application/pdf", sorted(lib))
    r = pr(db, "import", src)
    check(r.stdout.rstrip().endswith("unchanged 1, skipped 4; media files: added 0, unchanged 3"),
          "second import: " + r.stdout)
    out = os.path.join(ENV.tmp, "bundle-www")
    r = pr(db, "export", "--static", out)
    # (Relative links are the reader's browser's business: only "/..." ones are checked.)
    check(r.returncode == 0 and not r.stderr and "3 media files" in r.stdout,
          "static export: %s %s" % (r.stdout, r.stderr))
    for name in (p, n, d):
        check(os.path.isfile(os.path.join(out, "media", name)), "no media/" + name)


@test
def import_hugo_jekyll_tags():
    """Hugo shortcodes and Jekyll Liquid tags in imported files: the ones with a Markdown
    meaning are rewritten (cross-references become the paths of the items they name,
    a bundle's figure joins the media library), the others stay as text and are listed
    with their file and line; the static copy's link check finds every rewritten link;
    a second import changes nothing."""
    db = new_site("shortcodes")
    src = md_folder("shortcodes-src", {})
    os.makedirs(os.path.join(src, "posts", "trip"))
    os.makedirs(os.path.join(src, "_posts"))
    files = {
        "posts/visit.md": "---\ntitle: Visit\ndate: 2024-03-01T10:00:00Z\n---\n"
                          "See [the trip]({{< ref \"trip\" >}}) and [the post]({{< relref "
                          "\"/_posts/2016-07-26-old.md\" >}}).\n\n"
                          "{{< youtube id=\"w7Ft2ymGmfc\" title=\"Press conference\" >}}\n\n"
                          "{{< highlight go >}}\nfmt.Println(\"<b>\")\n{{< /highlight >}}\n\n"
                          "{{< gallery dir=\"/img\" >}}\n",
        "posts/trip/index.md": "---\ntitle: Trip\ndate: 2024-03-02T10:00:00Z\nlang: ru\n---\n"
                               "{{< figure src=\"photo.png\" alt=\"The harbour\" "
                               "caption=\"At dusk\" >}}\n\nBack: [visit]({{< ref \"visit\" >}})\n",
        "_posts/2016-07-26-old.md": "---\ntitle: Old post\ndate: 2016-07-26\n---\n"
                                    "![x]({{ site.baseurl }}/media/none.png) "
                                    "[self]({% post_url 2016-07-26-old %}) {% include x.html %}\n",
    }
    for rel, text in files.items():
        with open(os.path.join(src, rel), "w", encoding="utf-8") as f:
            f.write(text)
    png = png_bytes(43)
    with open(os.path.join(src, "posts", "trip", "photo.png"), "wb") as f:
        f.write(png)
    r = pr(db, "import", src)
    check(r.returncode == 0, r.stderr)
    check(summary(r.stdout) == (3, 0, 0, 0), r.stdout)
    kept = [l for l in r.stdout.splitlines() if "kept as text:" in l and l.startswith(src)]
    check([l[len(src):] for l in kept] == [
        "/_posts/2016-07-26-old.md:5: {% include x.html %} kept as text: Liquid tags are not run; "
        "edit the item",
        "/posts/visit.md:13: {{< gallery dir=\"/img\" >}} kept as text: pressroom has no "
        "Markdown for this shortcode; edit the item"], "kept: %r" % kept)
    check("2 tags kept as text" in r.stdout, r.stdout)
    it = items_of(db)
    pic = media_name(png, "png")
    check(it[("ru", "trip")]["body"] == "![The harbour](/media/%s)\n\nAt dusk\n\n"
          "Back: [visit](/items/visit)\n" % pic, "trip %r" % it[("ru", "trip")]["body"])
    check(it[("en", "old")]["body"].startswith("![x](/media/none.png) [self](/items/old) "),
          it[("en", "old")]["body"])
    out = os.path.join(ENV.tmp, "shortcodes-www")
    r = pr(db, "export", "--static", out)
    broken = [l for l in r.stderr.splitlines() if "broken link" in l]
    check(broken == ["pressroom: export: broken link on /items/old: /media/none.png (not found)"],
          "broken links: %r" % broken)
    with open(os.path.join(out, "items", "visit", "index.html"), encoding="utf-8") as f:
        page = f.read()
    # (In the copy, a link to a page ends in '/', as the copy's addresses do.)
    for want in ('<a href="/ru/items/trip/">the trip</a>', '<a href="/items/old/">the post</a>',
                 '<a href="https://www.youtube.com/watch?v=w7Ft2ymGmfc">Press conference</a>',
                 '<code class="language-go">fmt.Println("&lt;b&gt;")',
                 '{{&lt; gallery dir="/img" &gt;}}'):
        check(want in page, "not in the page: %s" % want)
    check("{{&lt; ref" not in page and "highlight" not in page, "a tag left in the page")
    check(os.path.isfile(os.path.join(out, "media", pic)), "the figure's file is not in the copy")
    r = pr(db, "import", src)
    check(summary(r.stdout) == (0, 0, 3, 0), "second import: " + r.stdout)


@test
def import_site_root_files():
    """A Hugo site's content/ folder links files of its static/ folder from the site's
    root ("/images/a.png"), a Jekyll site's its own assets/: each that the media library
    takes joins it and the link points there; one it refuses is reported; a link to no
    file, or to a file reached through a symbolic link, is left as written."""
    site = os.path.join(ENV.tmp, "hugo-site")
    shutil.rmtree(site, ignore_errors=True)
    for d in ("content/posts", "static/images", "static/files", "assets"):
        os.makedirs(os.path.join(site, d))
    png, jpg_like = png_bytes(44), png_bytes(45)
    for rel, data in (("static/images/harbour.png", png), ("static/files/notes.txt", b"notes"),
                      ("assets/logo.png", jpg_like)):
        with open(os.path.join(site, rel), "wb") as f:
            f.write(data)
    os.symlink("/etc/hostname", os.path.join(site, "static", "images", "link.png"))
    # Elsewhere on the machine, reached only through a symbolic link named static/:
    # never taken.
    hidden = os.path.join(ENV.tmp, "hidden-site")
    shutil.rmtree(hidden, ignore_errors=True)
    os.makedirs(os.path.join(hidden, "content"))
    with open(os.path.join(ENV.tmp, "private.png"), "wb") as f:
        f.write(png_bytes(46))
    os.symlink(ENV.tmp, os.path.join(hidden, "static"))
    with open(os.path.join(hidden, "content", "a.md"), "w") as f:
        f.write("---\ntitle: Hidden\ndate: 2024-06-01T10:00:00Z\n---\n![x](/private.png)\n")
    r = pr(new_site("site-root-link"), "import", os.path.join(hidden, "content"))
    check(r.returncode == 0 and "media files" not in r.stdout and
          re.search(r"skipped \S*/static: symbolic link, not followed", r.stdout), r.stdout + r.stderr)
    with open(os.path.join(site, "content", "posts", "visit.md"), "w") as f:
        f.write("---\ntitle: Harbour\ndate: 2024-06-01T10:00:00Z\n---\n"
                "![Harbour](/images/harbour.png) {{< figure src=\"/images/harbour.png\" alt=\"Again\" >}} "
                "[notes](/files/notes.txt) [gone](/images/gone.png) [link](/images/link.png) "
                "[page](/about/) [web](//example.org/images/harbour.png)\n")
    db = new_site("site-root")
    r = pr(db, "import", os.path.join(site, "content"))
    check(r.returncode == 0, r.stderr)
    check(r.stdout.rstrip().endswith("added 1, updated 0, unchanged 0, skipped 2; media files: "
                                     "added 1, unchanged 0; old addresses: 1 now redirect to their "
                                     "items"), r.stdout)
    check(re.search(r"skipped \S*/static/files/notes.txt: not a JPEG", r.stdout), r.stdout)
    check(re.search(r"skipped \S*/static/images/link.png: reached through a symbolic link",
                    r.stdout), r.stdout)
    p = media_name(png, "png")
    got = items_of(db)[("en", "visit")]["body"]
    check(got == "![Harbour](/media/%s) ![Again](/media/%s) [notes](/files/notes.txt) "
          "[gone](/images/gone.png) [link](/images/link.png) [page](/about/) "
          "[web](//example.org/images/harbour.png)\n" % (p, p), got)
    # Jekyll: the folder imported is the site's root, assets/ in it.
    os.makedirs(os.path.join(site, "_posts"))
    with open(os.path.join(site, "_posts", "2024-06-02-logo.md"), "w") as f:
        f.write("---\ntitle: Logo\ndate: 2024-06-02\n---\n![Logo]({{ site.baseurl }}/assets/logo.png)\n")
    shutil.rmtree(os.path.join(site, "content"))
    db = new_site("site-root-jekyll")
    r = pr(db, "import", site)
    check(r.returncode == 0, r.stderr)
    got = items_of(db)[("en", "logo")]["body"]
    check(got == "![Logo](/media/%s)\n" % media_name(jpg_like, "png"), got)


@test
def add_twice_changes_nothing():
    """pressroom add goes through the importers' batch: the same file again is
    "unchanged" and writes no revision; a changed one is an update; a bad file among
    good ones writes none of them."""
    db = new_site("add-twice")
    src = md_folder("add-twice-src", {
        "a.md": "---\ntitle: Statement on the ferry\ndate: 2024-07-01T10:00:00Z\n---\nText.\n",
        "bad.md": "---\ntitle: Bad\ndate: someday\n---\nText.\n"})
    a = os.path.join(src, "a.md")
    rev = lambda: sqlite3.connect(db).execute("SELECT revision FROM items").fetchall()
    r = pr(db, "add", a)
    check(r.returncode == 0 and r.stdout == "added 1, updated 0, unchanged 0\n", r.stdout + r.stderr)
    first = rev()
    r = pr(db, "add", a)
    check(r.returncode == 0 and r.stdout == "added 0, updated 0, unchanged 1\n", r.stdout + r.stderr)
    check(rev() == first, "a revision for nothing: %r -> %r" % (first, rev()))
    with open(a, "a") as f:
        f.write("More text.\n")
    r = pr(db, "add", a, os.path.join(src, "bad.md"))
    check(r.returncode == 1 and "bad.md:3:" in r.stderr and "nothing was written" in r.stderr, r.stderr)
    r = pr(db, "add", a)
    check(r.returncode == 0 and r.stdout == "added 0, updated 1, unchanged 0\n", r.stdout + r.stderr)
    check(rev() != first, "no new revision for a change")


@test
def import_windows_line_ends_same_items():
    """The same Markdown files with CR LF line ends (a Windows checkout, git's autocrlf)
    are the same items: a second import reads them as unchanged, and no body is
    stored with a CR, from the files or from the newsroom's textarea."""
    db = new_site("crlf")
    tree = md_tree()
    r = pr(db, "import", tree)
    check(r.returncode == 0, r.stderr)
    added = summary(r.stdout)[0]
    before = items_of(db)
    for p in glob.glob(os.path.join(tree, "**", "*.md"), recursive=True):
        with open(p, "rb") as f:
            data = f.read()
        with open(p, "wb") as f:
            f.write(data.replace(b"\r\n", b"\n").replace(b"\n", b"\r\n"))
    r = pr(db, "import", tree)
    check(r.returncode == 0 and summary(r.stdout)[:2] == (0, 0) and summary(r.stdout)[2] == added,
          "CR LF files: %s %s" % (r.stdout[-300:], r.stderr))
    check(items_of(db) == before, "the items changed")
    c = sqlite3.connect(db)
    crs = c.execute("SELECT count(*) FROM items WHERE instr(body, char(13))").fetchone()[0]
    c.close()
    check(crs == 0, "%d bodies stored with a CR" % crs)
    # A new file with CR LF only (and one with old Mac CR line ends) reads as LF.
    src = md_folder("crlf-src", {
        "w.md": "---\r\ntitle: Windows\r\ndate: 2024-07-01T10:00:00Z\r\n---\r\nOne.\r\n\r\nTwo.\r\n",
        "m.md": "---\ntitle: Old Mac\ndate: 2024-07-02T10:00:00Z\n---\nOne.\rTwo.\n"})
    r = pr(db, "add", os.path.join(src, "w.md"), os.path.join(src, "m.md"))
    check(r.returncode == 0, r.stderr)
    c = sqlite3.connect(db)
    bodies = dict(c.execute("SELECT slug, body FROM items WHERE slug IN ('windows', 'old-mac')").fetchall())
    c.close()
    check(bodies == {"windows": "One.\n\nTwo.\n", "old-mac": "One.\nTwo.\n"}, repr(bodies))


@test
def import_jekyll_impossible_name_date():
    """A Jekyll post whose file name gives a day that does not exist (2017-02-30), and
    no date inside: refused naming that day, not as a file with no date at all, and
    nothing of the batch written."""
    db = new_site("jk-bad-day")
    src = os.path.join(ENV.tmp, "jk-bad-day-src")
    shutil.rmtree(src, ignore_errors=True)
    os.makedirs(os.path.join(src, "_posts"))
    for name, text in (("_config.yml", "title: Embassy\n"),
                       ("_posts/2017-02-28-fine.md", "---\ntitle: Fine\n---\nText.\n"),
                       ("_posts/2017-02-30-odd-date.md", "---\ntitle: Odd\n---\nText.\n")):
        with open(os.path.join(src, name), "w", encoding="utf-8") as f:
            f.write(text)
    r = pr(db, "import", src)
    check(r.returncode == 1 and "_posts/2017-02-30-odd-date.md:1: missing date: the file name's "
          "'2017-02-30' is no date" in r.stderr and "nothing was written" in r.stderr, r.stderr)
    check(not items_of(db), "items written")


@test
def import_folder_without_markdown():
    """A folder with no Markdown file in it or below (an empty one, or the wrong one:
    notes and pictures) is refused, saying so and where a Hugo or Jekyll site keeps
    its posts, not imported as "added 0"; an export of a site with no items (its
    settings only) still imports."""
    db = new_site("no-md")
    for name, files in (("no-md-empty", {}), ("no-md-other", {"notes.txt": "hello\n", "a.html": "<p>x</p>\n"})):
        src = md_folder(name, files)
        r = pr(db, "import", src)
        check(r.returncode == 1 and "%s: no Markdown file (.md, .markdown) to read" % src in r.stderr and
              "content/" in r.stderr and "nothing was written" in r.stderr, "%s: %s" % (name, r.stderr))
    out = os.path.join(ENV.tmp, "no-md-export")
    shutil.rmtree(out, ignore_errors=True)
    check(pr(db, "export", "--markdown", out).returncode == 0, "export")
    r = pr(db, "import", out)
    check(r.returncode == 0 and summary(r.stdout)[:2] == (0, 0), r.stdout + r.stderr)


@test
def import_site_settings():
    """site.yaml: a site with settings of its own keeps them (and says how many); the
    followed feeds go to feeds.yaml and are followed by the site imported into; feeds
    listed in an older export's site.yaml are counted, not followed; a bad site.yaml
    (an unknown setting, a value config refuses, not a mapping, not YAML) names its
    line and nothing of the import is written."""
    a = new_site("settings-a")
    pr(a, "config", "site_name", "Embassy press office")
    pr(a, "config", "clocks", "Moscow=Europe/Moscow")
    check(pr(a, "syndicate", "add", "http://127.0.0.1:9/feed.xml", "--allow-private").returncode == 0,
          "syndicate add")
    src = md_folder("settings-src", {
        "a.md": "---\ntitle: One\ndate: 2024-07-01T10:00:00Z\n---\nText.\n"})
    check(pr(a, "import", src).returncode == 0, "import")
    out = os.path.join(ENV.tmp, "settings-export")
    r = pr(a, "export", "--markdown", out)
    check(r.returncode == 0 and "3 settings, 1 followed feed with 0 entries" in r.stdout, r.stdout + r.stderr)
    b = new_site("settings-b")
    pr(b, "config", "site_name", "Another office")
    r = pr(b, "import", out)
    check(r.returncode == 0 and r.stdout.rstrip().endswith(
        "added 1, updated 0, unchanged 0, skipped 0; settings: set 1, kept 1 of the site's own; "
        "feeds: followed 1, followed already 0; their entries: added 0, known 0"), r.stdout)
    check(settings_of(b)["site_name"] == "Another office" and
          settings_of(b)["clocks"] == "Moscow=Europe/Moscow", settings_of(b))
    check("127.0.0.1:9/feed.xml\tdraft,allow-private\t" in pr(b, "syndicate", "list").stdout,
          "the feed is not followed")
    # An older export listed the feeds in site.yaml: counted, not followed.
    os.unlink(os.path.join(out, "feeds.yaml"))
    with open(os.path.join(out, "site.yaml"), "a") as f:
        f.write("feeds:\n  - url: \"http://127.0.0.1:9/feed.xml\"\n    publish: false\n")
    c = new_site("settings-old")
    r = pr(c, "import", out)
    check(r.returncode == 0 and "site.yaml: 1 followed feed is listed, not followed here" in r.stdout,
          r.stdout + r.stderr)
    check("127.0.0.1:9" not in pr(c, "syndicate", "list").stdout, "an old listing was followed")
    with open(os.path.join(out, "site.yaml")) as f:
        good = f.read()
    bad = {"colour: red\n": ":6: unknown setting 'colour'",
           "timezone: Mars/Base\n": ":6: timezone: ",
           "per_page:\n  - 1\n": ":7: per_page: the value must be text",
           "}\n": ":6: not valid YAML",
           "site_name: Twice\n": ":6: site_name: set twice in this file",
           "---\nper_page: 5\n": ":6: a second YAML document",
           "description: \"caf\udce9\"\n": ":6: not valid YAML",  # the byte 0xE9 alone
           "feeds: []\nfeeds: []\n": ":7: feeds: listed twice in this file"}
    for extra, want in bad.items():
        with open(os.path.join(out, "site.yaml"), "w", encoding="utf-8", errors="surrogateescape") as f:
            f.write(good.split("feeds:")[0] + extra)
        c = new_site("settings-bad")
        r = pr(c, "import", out)
        check(r.returncode == 1 and (os.path.join(out, "site.yaml") + want) in r.stderr
              and "nothing was written" in r.stderr, "%r: %s" % (extra, r.stderr))
        check(items_of(c) == {} and set(settings_of(c)) == {"timezone"}, "written: %r" % extra)
    # No value, a base URL with its slash, an empty feeds list: as config would have them.
    with open(os.path.join(out, "site.yaml"), "w") as f:
        f.write("site_name: ~\ndescription:\nbase_url: https://press.example.org/\nfeeds:\n")
    c = new_site("settings-odd")
    r = pr(c, "import", out)
    check(r.returncode == 0 and r.stdout.rstrip().endswith("settings: set 1, kept 0 of the site's own"),
          r.stdout + r.stderr)
    check(settings_of(c).get("base_url") == "https://press.example.org" and "site_name" not in settings_of(c),
          settings_of(c))
    # config itself refuses what would break the site.
    check(pr(c, "config", "site_name", "Caf\udce9 press").returncode != 0, "invalid UTF-8 accepted")
    check(pr(c, "config", "timezone", "Europe").returncode != 0, "a folder accepted as a time zone")
    # A FIFO named site.yaml: said, not waited on.
    os.unlink(os.path.join(out, "site.yaml"))
    os.mkfifo(os.path.join(out, "site.yaml"))
    r = pr(new_site("settings-fifo"), "import", out, timeout=20)
    check(r.returncode == 1 and "site.yaml:1: not a regular file" in r.stderr, r.stderr)
    os.unlink(os.path.join(out, "site.yaml"))
    with open(os.path.join(out, "site.yaml"), "w") as f:
        f.write("- site_name\n")
    r = pr(new_site("settings-bad"), "import", out)
    check(r.returncode == 1 and "site.yaml:1: the settings must be a mapping" in r.stderr, r.stderr)


@test
def serve_keeps_static_copy():
    """serve --export DIR: the copy is made before the server listens, follows an item
    added, one published at its scheduled time (not before), one unpublished, and a
    folder that cannot be written stops the server at start with the reason."""
    db = new_site("mirror")
    pr(db, "config", "base_url", "http://press.example")
    out = os.path.join(ENV.tmp, "mirror-www")
    port = free_port()
    err = open(os.path.join(ENV.tmp, "mirror.err"), "w+")
    srv = subprocess.Popen([ENV.bin, "--db", db, "serve", "--listen", "127.0.0.1:%d" % port,
                            "--export", out], stdout=subprocess.DEVNULL, stderr=err)
    try:
        harness.wait_listening(srv, port)
        check(os.path.isfile(os.path.join(out, "index.html")), "no copy when the server listens")
        soon = time.time() + 4
        files = md_folder("mirror-src", {
            "now.md": "---\ntitle: Published now\ndate: 2024-02-01T10:00:00Z\nslug: now-one\n---\nNow.\n",
            "later.md": "---\ntitle: At its time\ndate: %s\nslug: timed-one\n---\nLater.\n"
                        % time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(soon))})
        r = pr(db, "import", files)
        check(r.returncode == 0, r.stderr)
        page = lambda slug: os.path.join(out, "items", slug, "index.html")
        check(harness.wait_for(lambda: os.path.isfile(page("now-one")), 8) is not None,
              "the new item did not reach the copy")
        check(not os.path.exists(page("timed-one")) or time.time() >= soon - 1,
              "the scheduled item is in the copy before its time")
        waited = harness.wait_for(lambda: os.path.isfile(page("timed-one")), 15)
        check(waited is not None, "the scheduled item did not reach the copy")
        check(time.time() >= soon - 1, "in the copy %.1f s before its time" % (soon - time.time()))
        with open(page("timed-one"), "rb") as f:
            live = harness.get(port, "/items/timed-one").body
            check(copy_links_as_live(f.read()) == live, "the copy's page is not what the server sends")
        with open(os.path.join(files, "now.md")) as f:
            text = f.read()
        with open(os.path.join(files, "now.md"), "w") as f:
            f.write(text.replace("slug: now-one\n", "slug: now-one\ndraft: true\n"))
        r = pr(db, "add", os.path.join(files, "now.md"))
        check(r.returncode == 0, r.stderr)
        check(harness.wait_for(lambda: not os.path.exists(page("now-one")), 8) is not None,
              "the unpublished item stayed in the copy")
    finally:
        harness.stop(srv)
    err.seek(0)
    log = err.read()
    check("static copy %s: " % out in log and "error" not in log.lower(), "server log: " + log[-500:])
    check(srv.returncode == 0, "the server exited %s" % srv.returncode)
    # Under a path: the copy's pages link under it, from the first export on.
    under = os.path.join(ENV.tmp, "mirror-under")
    srv = subprocess.Popen([ENV.bin, "--db", db, "serve", "--listen", "127.0.0.1:%d" % port,
                            "--export", under, "--base-path", "/press"],
                           stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        harness.wait_listening(srv, port)
        with open(os.path.join(under, "index.html"), encoding="utf-8") as f:
            home = f.read()
        check('href="/press/archive/"' in home and 'href="/archive/"' not in home and
              'href="http://press.example/press/"' in home, home[:1200])
    finally:
        harness.stop(srv)
    r = pr(db, "serve", "--listen", "127.0.0.1:%d" % free_port(), "--base-path", "/press")
    check(r.returncode == 2 and "--base-path is for the copy of --export" in r.stderr, r.stderr)
    r = pr(db, "serve", "--export", under, "--base-path", "/press/")
    check(r.returncode == 2 and "ends with '/'" in r.stderr, r.stderr)
    # A folder that cannot be written: the server does not start, and says why.
    blocked = os.path.join(ENV.tmp, "mirror-blocked")
    with open(blocked, "w") as f:
        f.write("a file, not a folder")
    r = pr(db, "serve", "--listen", "127.0.0.1:%d" % free_port(), "--export", blocked, timeout=20)
    check(r.returncode == 1 and "static copy" in r.stderr and "mirror-blocked" in r.stderr,
          "exit %d: %s" % (r.returncode, r.stderr))


@test
def export_usage_and_errors():
    db = new_site("usage")
    r = pr(db, "export")
    check(r.returncode == 2 and "usage" in r.stderr, "no usage")
    for asked in (["export", "--help"], ["help", "export"]):
        r = pr(db, *asked)
        check(r.returncode == 0 and "--threads N" in r.stdout and "--base-path /PATH" in r.stdout and
              "a closed terminal" in r.stdout, "%r: %d %r" % (asked, r.returncode, r.stdout))
    for args, said in ((["--static"], "--static needs a folder"),
                       (["--markdown"], "--markdown needs a folder"),
                       (["--static", "a", "--threads"], "--threads needs a number"),
                       (["--static", "a", "--static", "b"], "--static is given twice"),
                       (["--static", "--threads", "1", "www"], "--static needs a folder")):
        r = pr(db, "export", *args)
        check(r.returncode == 2 and r.stderr.startswith("pressroom: export: " + said), r.stderr)
    check(not os.path.exists("--threads"), "a folder named --threads")  # (pr runs here)
    r = pr(db, "export", "--markdown", "/proc/no-such-dir/x")
    check(r.returncode == 1 and r.stderr.startswith("pressroom: export: /proc/no-such-dir"),
          "error does not name the path: " + r.stderr)
    check(".c:" not in r.stderr, "a source file and line in a user message")
    # A file where the folder's parent should be: named, not the folder below it.
    afile = os.path.join(ENV.tmp, "a-file")
    with open(afile, "w") as f:
        f.write("x")
    for how in ("--static", "--markdown"):
        r = pr(db, "export", how, os.path.join(afile, "sub", "www"))
        check(r.returncode == 1 and r.stderr == "pressroom: export: %s: exists and is not a "
              "folder\n" % afile, "%s under a file: %s" % (how, r.stderr))
    # A file the static export cannot write (a folder where sitemap.xml goes) stops it
    # with the path and the reason, on one thread or when a second one makes the
    # sitemap while the first lists the paths; it neither hangs nor crashes.
    out = os.path.join(ENV.tmp, "blocked-export")
    os.makedirs(os.path.join(out, "sitemap.xml", "keep"))
    for threads in ("1", "2", "3"):
        r = pr(db, "export", "--static", out, "--threads", threads, timeout=60)
        check(r.returncode == 1 and "blocked-export/sitemap.xml: is a directory" in r.stderr,
              "--threads %s: exit %d: %s" % (threads, r.returncode, r.stderr))
        check(os.path.isdir(os.path.join(out, "sitemap.xml", "keep")), "the folder was touched")
    # A media file that cannot be written (a file where the media folder goes): both
    # exports stop with its path and the reason.
    (photo,) = add_media(db, [(png_bytes(99), "png", "image/png")])
    shown = md_folder("blocked-src", {"shown.md": "---\ntitle: Shown\ndate: 2024-01-02T10:00:00Z\n"
                                      "---\n![A photo](/media/%s)\n" % photo})
    r = pr(db, "import", shown)
    check(r.returncode == 0, r.stderr)
    for how in ("--static", "--markdown"):
        out = os.path.join(ENV.tmp, "blocked-media" + how.replace("-", "_"))
        os.makedirs(out)
        with open(os.path.join(out, "media"), "w") as f:
            f.write("not a folder")
        for threads in (("1", "2") if how == "--static" else (None,)):
            args = ["export", how, out] + (["--threads", threads] if threads else [])
            r = pr(db, *args, timeout=60)
            check(r.returncode == 1 and "%s/media: exists and is not a folder" % out in r.stderr,
                  "%s: exit %d: %s" % (" ".join(args[1:]), r.returncode, r.stderr))


def wxr_post(blog, post_id, title, slug, status, more=()):
    """A WordPress export of blog with one post (and the posts in more, each
    (post_id, title, slug, status))."""
    items = "".join(
        '<item><title>%s</title><wp:post_id>%d</wp:post_id>'
        '<wp:post_date>2024-01-09 09:00:00</wp:post_date><wp:post_name>%s</wp:post_name>'
        '<wp:status>%s</wp:status><wp:post_type>post</wp:post_type><content:encoded>'
        '<![CDATA[<p>Text of %s.</p>]]></content:encoded></item>\n' % (t, i, sl, st, t)
        for i, t, sl, st in [(post_id, title, slug, status)] + list(more))
    return ('<?xml version="1.0" encoding="UTF-8"?>\n<rss version="2.0" '
            'xmlns:content="http://purl.org/rss/1.0/modules/content/" '
            'xmlns:wp="http://wordpress.org/export/1.2/">\n<channel><title>Blog</title>'
            '<link>%s</link><wp:wxr_version>1.2</wp:wxr_version>'
            '<wp:base_site_url>https://press.example.org</wp:base_site_url>'
            '<wp:base_blog_url>%s</wp:base_blog_url>\n%s</channel></rss>\n' % (blog, blog, items))


@test
def import_wordpress_post_keeps_its_item():
    """A WordPress post is one item on every import of its blog, whatever its slug: a
    draft without one (its slug made of its title) published later under a slug of
    its own updates the item the draft made; the same post number on another blog
    of the network (/ru) is another post."""
    db = new_site("wp-same-post")
    en = "https://press.example.org"
    for n, (title, slug, status, want) in enumerate((
            ("Visa centre: a draft", "", "draft", (1, 0, 0, 0)),
            ("Visa centre closed on Monday", "visa-centre-closed-on-monday", "publish", (0, 1, 0, 0)),
            ("Visa centre closed on Monday", "visa-centre-closed-on-monday", "publish", (0, 0, 1, 0)))):
        path = os.path.join(ENV.tmp, "wp-post-%d.xml" % n)
        with open(path, "w", encoding="utf-8") as f:
            f.write(wxr_post(en, 42, title, slug, status))
        r = pr(db, "import", path)
        check(r.returncode == 0 and summary(r.stdout) == want, "%d: %s%s" % (n, r.stdout, r.stderr))
        check((n == 1) == ("its draft's address here, 'visa-centre-a-draft', is now "
                           "'visa-centre-closed-on-monday'" in r.stdout), "%d: %s" % (n, r.stdout))
    it = items_of(db)
    check(len(it) == 1 and [i["title"] for i in it.values()] == ["Visa centre closed on Monday"] and
          [i["status"] for i in it.values()] == ["published"], it)
    # Published, it has WordPress's slug, not the one its draft's working title made,
    # which is no old address either: it never was public.
    check(list(it.keys()) == [("en", "visa-centre-closed-on-monday")], it.keys())
    c = sqlite3.connect(db)
    olds = [r[0] for r in c.execute("SELECT path FROM item_aliases")]
    c.close()
    check(not [p for p in olds if "draft" in p], olds)
    # A draft edited here since its import keeps its slug (and the edit), said.
    db2 = new_site("wp-draft-edited")
    path = os.path.join(ENV.tmp, "wp-draft-edited.xml")
    with open(path, "w", encoding="utf-8") as f:
        f.write(wxr_post(en, 7, "Working title", "", "draft"))
    r = pr(db2, "import", path)
    check(r.returncode == 0 and summary(r.stdout) == (1, 0, 0, 0), r.stdout + r.stderr)
    md = os.path.join(ENV.tmp, "working-title.md")
    with open(md, "w", encoding="utf-8") as f:
        f.write("---\ntitle: Edited here\nslug: working-title\ndate: 2017-11-30\n"
                "draft: true\n---\nEdited in the newsroom.\n")
    r = pr(db2, "add", md)
    check(r.returncode == 0, r.stdout + r.stderr)
    with open(path, "w", encoding="utf-8") as f:
        f.write(wxr_post(en, 7, "Final title", "final-title", "publish"))
    r = pr(db2, "import", path)
    check(r.returncode == 0 and "kept as edited" in r.stdout, r.stdout + r.stderr)
    check(list(items_of(db2).keys()) == [("en", "working-title")], items_of(db2).keys())
    path = os.path.join(ENV.tmp, "wp-post-ru.xml")
    with open(path, "w", encoding="utf-8") as f:
        f.write(wxr_post(en + "/ru", 42, "Another post", "another-post", "publish"))
    r = pr(db, "import", path)
    check(r.returncode == 0 and summary(r.stdout)[:2] == (1, 0), r.stdout + r.stderr)
    check(len(items_of(db)) == 2, items_of(db).keys())
    # Another post whose slug is this one's (a new draft titled as it, beside it
    # renamed in WordPress) never takes its item: it takes its own, said.
    db = new_site("wp-slug-of-another")
    for n, (posts, want) in enumerate((
            ([(42, "Visa centre", "visa-centre", "publish")], (1, 0, 0, 0)),
            ([(42, "Visa centre", "visa-centre-closed", "publish"),
              (43, "Visa centre", "", "draft")], (1, 0, 1, 0)),
            ([(42, "Visa centre", "visa-centre-closed", "publish"),
              (43, "Visa centre", "", "draft")], (0, 0, 2, 0)))):
        path = os.path.join(ENV.tmp, "wp-slug-%d.xml" % n)
        with open(path, "w", encoding="utf-8") as f:
            f.write(wxr_post(en, *posts[0], more=posts[1:]))
        r = pr(db, "import", path)
        check(r.returncode == 0 and summary(r.stdout) == want, "%d: %s%s" % (n, r.stdout, r.stderr))
        if n == 1:
            check("slug 'visa-centre' is another post's here: this one is 'visa-centre-43'"
                  in r.stdout, r.stdout)
    it = items_of(db)
    check(sorted((k[1], i["status"]) for k, i in it.items()) ==
          [("visa-centre", "published"), ("visa-centre-43", "draft")], it.keys())


@test
def import_wordpress_network_shortlinks():
    """A WordPress network's blog at /ru (or a site in a folder) answers its own
    shortlinks, "/ru/?p=42", with its own post numbers: each post's shortlink is kept
    under its blog's folder, the server answers it there (with index.php too), the
    same number at the top is the other blog's post, and a static copy's list has
    both."""
    db = new_site("wp-network")
    site = "https://press.example.org"
    for n, (blog, title, slug) in enumerate(((site + "/ru/", "Russian blog post", "ru-post"),
                                             (site, "Main blog post", "main-post"),
                                             (site + "/old-site", "Folder post", "folder-post"))):
        path = os.path.join(ENV.tmp, "wp-network-%d.xml" % n)
        with open(path, "w", encoding="utf-8") as f:
            f.write(wxr_post(blog, 42, title, slug, "publish"))
        r = pr(db, "import", path)
        check(r.returncode == 0 and summary(r.stdout)[:2] == (1, 0) and "led to" not in r.stdout,
              r.stdout + r.stderr)
    c = sqlite3.connect(db)
    kept = c.execute("SELECT a.path, i.slug FROM item_aliases a JOIN items i ON i.id = a.item_id"
                     " WHERE a.path LIKE '%?p=%' ORDER BY a.path").fetchall()
    c.close()
    check(kept == [("/?p=42", "main-post"), ("/old-site/?p=42", "folder-post"),
                   ("/ru/?p=42", "ru-post")], kept)
    ENV.db = db
    ENV.port = free_port()
    ENV.serve()
    try:
        for path, to in (("/ru/?p=42", "/items/ru-post"), ("/ru/index.php?p=42", "/items/ru-post"),
                         ("/?p=42", "/items/main-post"), ("/old-site/?p=42", "/items/folder-post")):
            resp = harness.get(ENV.port, path, timeout=10)
            check(resp.status == 301 and (resp.header("Location") or "").endswith(to),
                  "%s: %d %s, not a 301 to %s" % (path, resp.status, resp.header("Location"), to))
        for path in ("/ru/?p=43", "/items/?p=42", "/ru/?p=x"):
            check(harness.get(ENV.port, path, timeout=10).status != 301, "%s answered" % path)
    finally:
        harness.stop(ENV.server)
        ENV.server = None
    www = os.path.join(ENV.tmp, "wp-network-www")
    check(pr(db, "export", "--static", www).returncode == 0, "export")
    with open(os.path.join(www, "shortlinks.json"), encoding="utf-8") as f:
        links = json.load(f)
    check(links == {"/?p=42": "/items/main-post/", "/ru/?p=42": "/items/ru-post/",
                    "/old-site/?p=42": "/items/folder-post/"}, links)


@test
def import_wordpress_blog_where_the_site_goes():
    """A WordPress blog at https://host/press/ replaced by a site under the same path
    (base_url https://host/press): its old addresses were imported with /press in
    front, and the server, which takes /press off each request, answers them there
    (pretty permalinks and shortlinks); a static copy writes their redirect pages
    and shortlinks from its own root."""
    db = new_site("wp-same-path")
    port = free_port()
    site = "http://127.0.0.1:%d" % port
    with open(os.path.join(ROOT, "tests", "data", "wxr", "export.xml"), encoding="utf-8") as f:
        wxr = f.read().replace("https://old.veloria-embassy.example", site + "/press")
    path = os.path.join(ENV.tmp, "wp-same-path.xml")
    with open(path, "w", encoding="utf-8") as f:
        f.write(wxr)
    check(pr(db, "config", "base_url", site + "/press").returncode == 0, "base_url")
    r = pr(db, "import", path)
    check(r.returncode == 0 and summary(r.stdout)[0] == 3, r.stdout + r.stderr)
    # A statement written later that links the blog's old address and a page of the
    # site from the host's root, /press in front, as the office's pages always had.
    md = os.path.join(ENV.tmp, "wp-same-path.md")
    with open(md, "w", encoding="utf-8") as f:
        f.write("---\ntitle: Relief goes on\ndate: 2024-05-02T10:00:00Z\n---\n"
                "As [reported](/press/2024/04/flood-relief/) in April; see [the archive](/press/archive).\n")
    check(pr(db, "add", md).returncode == 0, "add wp-same-path.md")
    ENV.db, ENV.port = db, port
    ENV.serve()
    try:
        # Those links are under the path already: left as they are, and they work.
        resp = harness.get(port, "/press/items/relief-goes-on", timeout=10)
        check(resp.status == 200 and b'href="/press/2024/04/flood-relief/"' in resp.body and
              b'href="/press/archive"' in resp.body and b"/press/press" not in resp.body,
              "links written under the path: %d %r" % (resp.status, resp.body[-900:]))
        check(harness.get(port, "/press/archive", timeout=10).status == 200, "/press/archive")
        for old, to in (("/press/2024/03/ambassador-presents-credentials/", "/press/items/ambassador-presents-credentials"),
                        ("/press/2024/04/flood-relief", "/press/items/flood-relief"),
                        ("/press/?p=12", "/press/items/flood-relief")):
            resp = harness.get(port, old, timeout=10)
            check(resp.status == 301 and resp.header("Location") == to,
                  "%s: %d %s, not a 301 to %s" % (old, resp.status, resp.header("Location"), to))
        check(harness.get(port, "/press/2024/05/no-such-post", timeout=10).status == 404, "a missing one")
    finally:
        harness.stop(ENV.server)
        ENV.server = None
    www = os.path.join(ENV.tmp, "wp-same-path-www")
    r = pr(db, "export", "--static", www)
    check(r.returncode == 0 and "broken" not in r.stdout and not r.stderr, "export: " + r.stdout + r.stderr)
    with open(os.path.join(www, "items", "relief-goes-on", "index.html"), encoding="utf-8") as f:
        page = f.read()
    check('href="/press/2024/04/flood-relief/"' in page and 'href="/press/archive/"' in page and
          "/press/press" not in page, "the copy's links written under the path")
    with open(os.path.join(www, "2024", "03", "ambassador-presents-credentials", "index.html"),
              encoding="utf-8") as f:
        check('url=/press/items/ambassador-presents-credentials/"' in f.read(), "the redirect page")
    check(not os.path.exists(os.path.join(www, "press")), "a /press folder inside the copy")
    with open(os.path.join(www, "shortlinks.json"), encoding="utf-8") as f:
        links = json.load(f)
    check(links == {"/?p=11": "/items/ambassador-presents-credentials/", "/?p=12": "/items/flood-relief/"},
          links)


def site_state(db):
    """Every row of every table of a site (the search index's are made of the items),
    to compare."""
    c = sqlite3.connect(db)
    try:
        names = [n for (n,) in c.execute("SELECT name FROM sqlite_schema WHERE type = 'table' "
                                          "AND name NOT LIKE 'items_fts%' ORDER BY name")]
        return [(n, sorted(c.execute('SELECT * FROM "%s"' % n).fetchall(), key=repr)) for n in names]
    finally:
        c.close()


@test
def import_dry_run_changes_nothing():
    """import --dry-run says what the import would do (the same lines as the import
    that follows: added, updated, skipped and why, old addresses, the news page's
    clocks set as the site's) and leaves the site exactly as it was, with no copy
    left beside it; a bad file is refused the same way."""
    db = new_site("dry-run")
    r = pr(db, "import", md_tree())
    check(r.returncode == 0, r.stderr)
    tree = md_tree()
    name = sorted(glob.glob(os.path.join(tree, "news", "*.md")))[0]
    with open(name, "a", encoding="utf-8") as f:
        f.write("\nA paragraph added later.\n")
    wxr = os.path.join(ROOT, "tests", "data", "wxr", "export.xml")
    for src in (tree, wxr, PAGE):
        before = site_state(db)
        dry = pr(db, "import", src, "--dry-run")
        check(dry.returncode == 0 and dry.stdout.endswith(
            "dry run: the above is what the import would do; %s is as it was\n" % db),
              "%s: %d %s %s" % (src, dry.returncode, dry.stdout[-400:], dry.stderr))
        check(site_state(db) == before, "%s: --dry-run changed the site" % src)
        check(not glob.glob(db + ".dry-run-*"), "a copy is left: %r" % glob.glob(db + "*"))
        real = pr(db, "import", src)
        check(real.returncode == 0, real.stderr)
        said = dry.stdout[:dry.stdout.rindex("dry run:")]
        check(said == real.stdout and said.strip(),
              "%s: the dry run said\n%s\nthe import\n%s" % (src, said, real.stdout))
    check(summary(said)[0] > 0 and "clocks" in said, said)
    bad = os.path.join(ENV.tmp, "dry-bad")
    os.makedirs(bad, exist_ok=True)
    with open(os.path.join(bad, "a.md"), "w", encoding="utf-8") as f:
        f.write("---\ntitle: [unclosed\n---\nBody\n")
    before = site_state(db)
    r = pr(db, "import", bad, "--dry-run")
    check(r.returncode == 1 and "a.md" in r.stderr and "nothing was written" in r.stderr and
          site_state(db) == before and not glob.glob(db + ".dry-run-*"), "%d %s" % (r.returncode, r.stderr))


@test
def static_copy_old_feed_addresses_are_feeds():
    """Where WordPress, Ghost, Hugo and Jekyll had the feed (/feed/, /feed/rss2/,
    /feed/atom/, /rss/, /index.xml ..., each language's too), the server answers a 301
    to ours; a static copy cannot redirect, and a feed reader follows no page's meta
    refresh: the copy has the feed itself there, byte for byte its feed.rss or
    feed.atom (a folder's address as its index.html, a file name as that file), and an
    export after a new item has it there too."""
    db = os.path.join(ENV.tmp, "old-feeds.db")
    for suffix in ("", "-wal", "-shm"):
        if os.path.exists(db + suffix):
            os.unlink(db + suffix)
    r = pr(db, "init", "--sample")
    check(r.returncode == 0, "init --sample: " + r.stderr)
    out = os.path.join(ENV.tmp, "old-feeds-www")
    shutil.rmtree(out, ignore_errors=True)
    legacy = {"/feed": "rss", "/feed/rss2": "rss", "/feed/rss": "rss", "/rss": "rss",
              "/rss.xml": "rss", "/index.xml": "rss", "/feed/atom": "atom",
              "/atom.xml": "atom", "/feed.xml": "atom"}

    def check_copy(title=None):
        for pre in ("", "/ru"):
            for old, fmt in legacy.items():
                rel = (pre + old).lstrip("/")
                f = os.path.join(out, rel if old.endswith(".xml") else os.path.join(rel, "index.html"))
                check(os.path.isfile(f), "no file for %s%s" % (pre, old))
                with open(f, "rb") as fh:
                    body = fh.read()
                with open(os.path.join(out, (pre + "/feed." + fmt).lstrip("/")), "rb") as fh:
                    check(body == fh.read(), "%s%s is not the copy's %s/feed.%s: %r"
                          % (pre, old, pre, fmt, body[:200]))
                d = feedparser.parse(body)
                check(not d.bozo and d.version.startswith("rss" if fmt == "rss" else "atom") and
                      len(d.entries) > 0, "%s%s: no %s feed: %s %r" % (pre, old, fmt, d.version, body[:200]))
                if title and not pre:
                    check(title in [e.title for e in d.entries],
                          "%s: the new item is not in it after a second export" % old)

    r = pr(db, "export", "--static", out)
    check(r.returncode == 0, "export: " + r.stderr)
    check_copy()
    md = os.path.join(ENV.tmp, "old-feeds-new.md")
    with open(md, "w", encoding="utf-8") as f:
        f.write("---\ntitle: Fresh statement for old subscribers\ndate: %s\n---\nBody.\n"
                % datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M"))
    r = pr(db, "add", md)
    check(r.returncode == 0, "add: " + r.stderr)
    r = pr(db, "export", "--static", out)
    check(r.returncode == 0, "second export: " + r.stderr)
    check_copy("Fresh statement for old subscribers")


@test
def add_keeps_aliases():
    """pressroom add keeps a file's old addresses (aliases:, url:, ...) as pressroom
    import does: each one a 301 to the item on the server, a page of the static copy,
    and one that cannot be (relative, a hidden file's name) said as the import says
    it, naming the file and the address, and not kept."""
    tree = os.path.join(ENV.tmp, "add-aliases")
    shutil.rmtree(tree, ignore_errors=True)
    name = os.path.join(tree, "old-page.md")
    write_tree(tree, {"old-page.md": "---\ntitle: Old Page\ndate: 2024-02-01\naliases: "
                                     "[\"/2019/05/old-page.html\", \"/news/old-item/\", \"/.htaccess\","
                                     " \"rel\"]\n---\nBody\n"})
    db = new_site("add-aliases")
    r = pr(db, "add", name)
    check(r.returncode == 0, "add: " + r.stderr)
    for old in ("/2019/05/old-page.html", "/news/old-item/"):
        live = pr(db, "page", old)
        check("url=/items/old-page\"" in live.stdout and "301" in live.stderr,
              "%s is no 301 to the item: %s %s" % (old, live.stdout[:300], live.stderr))
    c = sqlite3.connect(db)
    kept = sorted(p for (p,) in c.execute("SELECT path FROM item_aliases"))
    c.close()
    check(kept == ["/2019/05/old-page.html", "/news/old-item"], "kept: %r" % kept)
    said = [l for l in r.stdout.splitlines() if "is not kept" in l]
    check(len(said) == 2 and said[0].startswith(name + ":4: aliases '/.htaccess' is not kept: "),
          "add said: %r" % r.stdout)
    # The same words as the import of the same file.
    other = new_site("import-aliases")
    i = pr(other, "import", tree)
    check(i.returncode == 0, "import: " + i.stderr)
    check(said == [l for l in i.stdout.splitlines() if "is not kept" in l],
          "add said %r, import %r" % (said, i.stdout))
    # Again: nothing changes, the addresses stay.
    r = pr(db, "add", name)
    check(r.returncode == 0 and "added 0, updated 0, unchanged 1" in r.stdout, r.stdout + r.stderr)
    out = os.path.join(ENV.tmp, "add-aliases-www")
    shutil.rmtree(out, ignore_errors=True)
    r = pr(db, "export", "--static", out)
    check(r.returncode == 0, "export: " + r.stderr)
    with open(os.path.join(out, "2019", "05", "old-page.html"), "rb") as fh:
        check(b"url=/items/old-page/" in fh.read(), "the copy has no page at the old address")


@test
def aliases_with_hidden_names_refused():
    """An old address with a part that starts with '.' (/.htaccess, the copy's own
    /.pressroom-export, /x/.git/y) is refused by import and add, naming the file and
    the address: a web server keeps such names for itself, and the static copy's
    manifest there made every later export fail. The rest of the file is imported,
    and the copy exports."""
    tree = os.path.join(ENV.tmp, "hidden-aliases")
    shutil.rmtree(tree, ignore_errors=True)
    bad = ("/.pressroom-export", "/.htaccess", "/x/.git/y", "https://old.example/.well-known/z")
    write_tree(tree, {"news/a.md": "---\ntitle: A\ndate: 2024-02-01\naliases: [%s, /fine/]\n---\nx\n"
                                   % ", ".join('"%s"' % a for a in bad)})
    name = os.path.join(tree, "news", "a.md")
    for how in ("import", "add"):
        db = new_site("hidden-aliases-" + how)
        r = pr(db, how, tree if how == "import" else name)
        check(r.returncode == 0, "%s: %s" % (how, r.stderr))
        for a in bad:
            check("%s:4: aliases '%s' is not kept: an address with a part that starts with '.'" % (name, a)
                  in r.stdout, "%s does not refuse %s: %s" % (how, a, r.stdout))
        c = sqlite3.connect(db)
        kept = [p for (p,) in c.execute("SELECT path FROM item_aliases")]
        c.close()
        check(kept == ["/fine"], "%s kept %r" % (how, kept))
        out = os.path.join(ENV.tmp, "hidden-aliases-www")
        shutil.rmtree(out, ignore_errors=True)
        for n in (1, 2):
            r = pr(db, "export", "--static", out)
            check(r.returncode == 0, "%s: export %d: %s" % (how, n, r.stderr))
        check(os.path.isfile(os.path.join(out, ".pressroom-export")) and
              not os.path.exists(os.path.join(out, ".htaccess")), "the copy: %r" % os.listdir(out))
    # Such an address stored before they were refused: the copy leaves it out, and says so.
    c = sqlite3.connect(db)
    c.executemany("INSERT INTO item_aliases (path, item_id) SELECT ?, id FROM items LIMIT 1",
                  [("/.pressroom-export",), ("/x/.htaccess",)])
    c.commit()
    c.close()
    for n in (1, 2):
        r = pr(db, "export", "--static", out)
        check(r.returncode == 0 and "old address /.pressroom-export names a hidden file" in r.stderr,
              "export %d with a stored hidden address: %s" % (n, r.stderr))
    check(not os.path.exists(os.path.join(out, "x", ".htaccess")), "the copy: %r" % os.listdir(out))


def main():
    harness.main(ENV, SUITE, "pressroom-impexp-", __doc__)


if __name__ == "__main__":
    main()
