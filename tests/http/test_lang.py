#!/usr/bin/python3
"""Languages: the other languages' pages under /<lang>/, translations, hreflang, the
localized interface (gettext), and the fallback to the default language's item.

usage: tests/http/test_lang.py BUILD_DIR

Makes a temp database of tests/data/items (English default, items in en, en-GB and
ru, two en/ru translation pairs), starts `pressroom serve` on a free loopback port,
prints one line per test and ends with "N passed, N failed". Exits 1 if any failed.
Run with Debian's /usr/bin/python3 (python3-feedparser, python3-html5lib).
"""
import concurrent.futures
import glob
import json
import os
import re
import sys
import xml.etree.ElementTree as ET

import feedparser

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
sys.path.insert(0, os.path.join(os.path.dirname(HERE), "lib"))
sys.dont_write_bytecode = True      # no __pycache__ left in tests/lib
import harness
from harness import Fail, check, loose_html, strict_html, text_of

ITEMS = sorted(glob.glob(os.path.join(ROOT, "tests", "data", "items", "*.md")))

RU_MONTHS_NOM = ["Январь", "Февраль", "Март", "Апрель", "Май", "Июнь", "Июль", "Август",
                 "Сентябрь", "Октябрь", "Ноябрь", "Декабрь"]
RU_MONTHS_GEN = ["января", "февраля", "марта", "апреля", "мая", "июня", "июля", "августа",
                 "сентября", "октября", "ноября", "декабря"]
EN_ITEM = "/items/minister-interview-part-1"          # has a Russian translation
RU_ITEM = "/ru/items/intervyu-ministra-chast-1"       # ... this one
EN_ONLY = "/items/minister-interview-part-2"           # no Russian translation
SM = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
XHTML = "{http://www.w3.org/1999/xhtml}"


ENV = harness.Env()
SUITE = harness.Suite()
test = SUITE.test


def pr(*args):
    return harness.pressroom(ENV.bin, ENV.db, *args, timeout=30, cwd=ROOT)


def get(path):
    return harness.get(ENV.port, path)


def page(path, status=200):
    r = get(path)
    check(r.status == status, "%s: status %d, expected %d" % (path, r.status, status))
    return r


def local(url):
    """The path of an internal URL (relative or on our base), else None."""
    if url.startswith(ENV.base + "/"):
        url = url[len(ENV.base):]
    if not url.startswith("/") or url.startswith("//"):
        return None
    return url.split("#", 1)[0]


def start_server():
    ENV.port = harness.free_port()
    ENV.base = "http://127.0.0.1:%d" % ENV.port
    for args in (["init"], ["config", "site_name", "Embassy of Veloria (languages)"],
                 ["config", "base_url", ENV.base], ["config", "timezone", "Europe/London"],
                 ["config", "language", "en"], ["config", "per_page", "2"],
                 ["config", "contact_email", "press@veloria.example"], ["add"] + ITEMS):
        r = pr(*args)
        check(r.returncode == 0, "%s: %s" % (" ".join(args[:2]), r.stderr))
    ENV.serve(threads=8)


def ru_pages():
    """Every HTML page reachable from /ru/ by links that stay under /ru/ (cached)."""
    if getattr(ENV, "ru_pages", None) is not None:
        return ENV.ru_pages
    seen, queue = {}, ["/ru/"]
    while queue and len(seen) < 200:
        path = queue.pop(0)
        if path in seen:
            continue
        r = get(path)
        seen[path] = r
        if r.status != 200 or not (r.header("Content-Type") or "").startswith("text/html"):
            continue
        for a in loose_html(r.body).iter("a"):
            p = local(a.get("href") or "")
            if p and p.startswith("/ru/") and p not in seen and p not in queue:
                queue.append(p)
    ENV.ru_pages = {p: r for p, r in seen.items() if r.status == 200 and
                    (r.header("Content-Type") or "").startswith("text/html")}
    return ENV.ru_pages


# ---- the pages of a language ------------------------------------------------------

@test("ru home: lang=ru, Russian labels, today's date in Russian, its own items only")
def t_ru_home():
    r = page("/ru/")
    t = strict_html(r.body)
    check(t.get("lang") == "ru", "html lang=%r" % t.get("lang"))
    for label in ("Последние события", "Пресс-релизы и новости", "Все сообщения", "Главная",
                  "Подписаться:", "Перейти к содержанию"):
        check(label in r.text, "no %r" % label)
    check("Latest events" not in r.text, "English label on the Russian home")
    date = text_of(t.find(".//time[@class='today-date']"))
    check(re.fullmatch(r"\d{1,2} (%s) \d{4}" % "|".join(RU_MONTHS_GEN), date),
          "today's date %r is not '28 ноября 2018'-like" % date)
    hrefs = [a.get("href") for a in t.iter("a")]
    check("/ru/items/zayavlenie-o-rybolovstve" in hrefs, "newest Russian item not listed")
    check(not any(h.startswith("/items/") for h in hrefs), "an English item on the ru home")


@test("ru archive: Russian title, dd.mm.yyyy list dates, months in the nominative, pager")
def t_ru_archive():
    r = page("/ru/archive")
    t = strict_html(r.body)
    check(text_of(t.find(".//h1")) == "Все сообщения", "h1 %r" % text_of(t.find(".//h1")))
    dates = [text_of(e) for e in t.iter("time")]
    check(dates and all(re.fullmatch(r"\d\d\.\d\d\.\d{4}", d) for d in dates),
          "list dates %r" % dates)
    months = [text_of(a) for a in t.findall(".//nav[@class='months']//a")]
    check("Ноябрь 2017" in months and "Апрель 2018" in months, "month index %r" % months)
    pager = t.find(".//nav[@class='pager']")
    check(pager is not None and pager.get("aria-label") == "Страницы", "no Russian pager")
    nxt = [a for a in pager.iter("a") if a.get("rel") == "next"]
    check(nxt and nxt[0].get("href") == "/ru/archive/page/2", "next page link %r"
          % [a.get("href") for a in nxt])
    check("Старше" in text_of(nxt[0]), "next link text %r" % text_of(nxt[0]))
    r2 = page("/ru/archive/page/2")
    prev = [a for a in loose_html(r2.body).iter("a") if a.get("rel") == "prev"]
    check(prev and prev[0].get("href") == "/ru/archive" and "Новее" in text_of(prev[0]),
          "prev link on page 2")
    r1 = get("/ru/archive/page/1")
    check(r1.status == 301 and r1.header("Location", ) in ("/ru/archive", ENV.base + "/ru/archive"),
          "/ru/archive/page/1: %d %r" % (r1.status, r1.header("Location")))


@test("ru kind and month pages: Russian titles, only Russian items, canonical under /ru/")
def t_ru_kind_month():
    r = page("/ru/kind/interview")
    t = strict_html(r.body)
    check(text_of(t.find(".//h1")) == "Интервью", "kind h1 %r" % text_of(t.find(".//h1")))
    items = [a.get("href") for a in t.findall(".//li[@class='entry']//a")]
    check(items == [RU_ITEM], "ru interviews %r" % items)
    r = page("/ru/archive/2017/11")
    t = strict_html(r.body)
    check(text_of(t.find(".//h1")) == "Ноябрь 2017", "month h1 %r" % text_of(t.find(".//h1")))
    check("<title>Ноябрь 2017 " in r.text, "month title")
    canon = [l.get("href") for l in t.iter("link") if l.get("rel") == "canonical"]
    check(canon == [ENV.base + "/ru/archive/2017/11"], "canonical %r" % canon)
    page("/ru/archive/2017/12", 404)   # the Russian side has nothing in December 2017
    r = page("/ru/kind/statement")
    check("Заявления" in r.text and "Заявление" in r.text, "statement labels")


@test("ru item: date '30 ноября 2017', Russian labels, lang=ru throughout")
def t_ru_item():
    r = page(RU_ITEM)
    t = strict_html(r.body)
    check(t.get("lang") == "ru", "html lang")
    art = t.find(".//article")
    check(art.get("lang") in (None, "ru"), "article lang %r" % art.get("lang"))
    check(text_of(art.find(".//time")) == "30 ноября 2017", "date %r" % text_of(art.find(".//time")))
    check("Источник:" in r.text, "no 'Источник:'")
    check('"articleSection":"Интервью"' in r.text, "JSON-LD section")
    en = page(EN_ITEM)
    check(text_of(strict_html(en.body).find(".//article//time")) == "30 November 2017",
          "English date on the English item")


@test("ru feeds: RSS/Atom/JSON in Russian, only Russian items, links under /ru/")
def t_ru_feeds():
    for fmt in ("rss", "atom"):
        r = page("/ru/feed." + fmt)
        f = feedparser.parse(r.body)
        check(not f.bozo, "/ru/feed.%s: %s" % (fmt, f.get("bozo_exception")))
        check(f.feed.get("language", "ru").lower().startswith("ru") or fmt == "atom",
              "feed language %r" % f.feed.get("language"))
        links = [e.link for e in f.entries]
        check(links and all(l.startswith(ENV.base + "/ru/items/") for l in links),
              "/ru/feed.%s entries %r" % (fmt, links))
    check('xml:lang="ru"' in get("/ru/feed.atom").text, "atom xml:lang")
    check("<language>ru</language>" in get("/ru/feed.rss").text, "rss language")
    check("Источник:" in get("/ru/feed.rss").text, "no Russian 'Source:' in the feed")
    j = json.loads(page("/ru/feed.json").body)
    check(j["language"] == "ru" and j["feed_url"] == ENV.base + "/ru/feed.json" and
          j["home_page_url"] == ENV.base + "/ru/", "json feed urls %r %r"
          % (j["feed_url"], j["home_page_url"]))
    check(all(i["language"] == "ru" for i in j["items"]), "non-Russian item in the ru feed")
    f = feedparser.parse(page("/ru/kind/interview/feed.atom").body)
    check([e.link for e in f.entries] == [ENV.base + RU_ITEM], "ru interview feed")
    check("Интервью" in f.feed.title, "per-kind feed title %r" % f.feed.title)


@test("every link on /ru/ pages stays under /ru/ (but assets and language switches)")
def t_ru_links_stay():
    pages = ru_pages()
    check(len(pages) >= 8, "only %d /ru/ pages reached" % len(pages))
    errors = []
    for path, r in sorted(pages.items()):
        t = loose_html(r.body)
        for a in t.iter("a"):
            p = local(a.get("href") or "")
            if p is None or a.get("hreflang"):
                continue
            if not p.startswith("/ru/"):
                errors.append("%s: <a href=%s>" % (path, p))
        for l in t.iter("link"):
            if l.get("rel") == "alternate" and l.get("type"):
                p = local(l.get("href") or "")
                if p and not p.startswith("/ru/"):
                    errors.append("%s: feed %s" % (path, p))
    check(not errors, "%d link(s) leave /ru/: %s" % (len(errors), "; ".join(errors[:5])))


@test("every /ru/ page: strict HTML5, lang=ru, Russian navigation, feed links under /ru/")
def t_ru_pages_html():
    errors = []
    for path, r in sorted(ru_pages().items()):
        try:
            t = strict_html(r.body)
            check(t.get("lang") == "ru", "lang %r" % t.get("lang"))
            nav = t.find(".//nav[@class='site-nav']")
            check(nav is not None and nav.get("aria-label") == "Разделы", "navigation")
            check("Все сообщения" in text_of(nav), "navigation label")
        except Fail as e:
            errors.append("%s: %s" % (path, e))
        except Exception as e:
            errors.append("%s: %s" % (path, e))
    check(not errors, "; ".join(errors[:5]))


# ---- translations -----------------------------------------------------------------

def alternates(t):
    return {l.get("hreflang"): l.get("href") for l in t.iter("link")
            if l.get("rel") == "alternate" and l.get("hreflang")}


@test("translations: linked both ways, with hreflang alternates and x-default")
def t_translations():
    en, ru = strict_html(page(EN_ITEM).body), strict_html(page(RU_ITEM).body)
    want = {"en": ENV.base + EN_ITEM, "ru": ENV.base + RU_ITEM, "x-default": ENV.base + EN_ITEM}
    check(alternates(en) == want, "en alternates %r" % alternates(en))
    check(alternates(ru) == want, "ru alternates %r" % alternates(ru))
    tr_en = en.find(".//p[@class='translations']")
    check(tr_en is not None, "no translations block on the English item")
    a = tr_en.find("a")
    check(a.get("href") == RU_ITEM and a.get("hreflang") == "ru" and a.get("lang") == "ru",
          "en -> ru link %r" % a.attrib)
    tr_ru = ru.find(".//p[@class='translations']")
    check(tr_ru is not None and "Другие языки:" in text_of(tr_ru), "no Russian translations block")
    a = tr_ru.find("a")
    check(a.get("href") == EN_ITEM and a.get("hreflang") == "en", "ru -> en link %r" % a.attrib)
    # The switcher on an item page goes to the translation, not the other home.
    sw = {x.get("hreflang"): x.get("href") for x in en.findall(".//nav[@class='languages']//a")}
    check(sw.get("ru") == RU_ITEM, "switcher on the English item %r" % sw)
    sw = {x.get("hreflang"): x.get("href") for x in ru.findall(".//nav[@class='languages']//a")}
    check(sw.get("en") == EN_ITEM, "switcher on the Russian item %r" % sw)
    # An item without translations has no hreflang alternates.
    check(alternates(strict_html(page("/items/reply-ferry-timetable").body)) == {},
          "alternates on an untranslated item")


@test("language switcher: every language's home, current one marked, lang attributes")
def t_switcher():
    t = strict_html(page("/").body)
    nav = t.find(".//nav[@class='languages']")
    check(nav is not None, "no language switcher on /")
    links = {a.get("hreflang"): a.get("href") for a in nav.iter("a")}
    check(links == {"ru": "/ru/", "en-GB": "/en-GB/"}, "switcher links %r" % links)
    cur = nav.find(".//span[@aria-current='true']")
    check(cur is not None and cur.get("lang") == "en", "current language not marked")
    check("Русский" in text_of(nav), "Russian not named in Russian")
    t = strict_html(page("/ru/archive").body)
    links = {a.get("hreflang"): a.get("href") for a in t.findall(".//nav[@class='languages']//a")}
    check(links.get("en") == "/", "switcher on /ru/ %r" % links)


@test("sitemap: xhtml:link hreflang alternates for translations, every language's pages")
def t_sitemap():
    r = page("/sitemap.xml")
    check('xmlns:xhtml="http://www.w3.org/1999/xhtml"' in r.text, "xmlns:xhtml missing")
    root = ET.fromstring(r.body)
    urls = {u.find(SM + "loc").text: u for u in root.findall(SM + "url")}
    for loc in ("/ru/", "/ru/archive", "/ru/kind/news", "/", "/archive"):
        check(ENV.base + loc in urls, "sitemap lacks %s" % loc)
    want = {"en": ENV.base + EN_ITEM, "ru": ENV.base + RU_ITEM, "x-default": ENV.base + EN_ITEM}
    for loc in (EN_ITEM, RU_ITEM):
        u = urls.get(ENV.base + loc)
        check(u is not None, "sitemap lacks %s" % loc)
        alts = {l.get("hreflang"): l.get("href") for l in u.findall(XHTML + "link")
                if l.get("rel") == "alternate"}
        check(alts == want, "%s alternates %r" % (loc, alts))
    u = urls.get(ENV.base + "/items/reply-ferry-timetable")
    check(u is not None and not u.findall(XHTML + "link"), "alternates on an untranslated item")
    check(ENV.base + "/ru" + EN_ONLY not in urls, "a fallback page is in the sitemap")


# ---- the fallback to the default language -----------------------------------------

@test("fallback: /ru/items/<English-only slug> shows the English item, marked, canonical to it")
def t_fallback():
    r = page("/ru" + EN_ONLY)
    t = strict_html(r.body)
    check(t.get("lang") == "ru", "html lang %r" % t.get("lang"))
    note = t.find(".//p[@class='notice']")
    check(note is not None, "no notice")
    check(text_of(note) == "Этот материал недоступен на русском языке; показан английский "
          "оригинал.", "notice %r" % text_of(note))
    art = t.find(".//article")
    check(art.get("lang") == "en", "article lang %r" % art.get("lang"))
    check("Foreign Minister Tomas Avelin" in text_of(art.find(".//h1")), "not the English item")
    canon = [l.get("href") for l in t.iter("link") if l.get("rel") == "canonical"]
    check(canon == [ENV.base + EN_ONLY], "canonical %r" % canon)
    check(alternates(t) == {}, "hreflang alternates on a fallback page")
    # Series links stay in the Russian side; the switcher's English link is the original.
    series = [a.get("href") for a in t.findall(".//nav[@class='series']//a")]
    check(series and all(h.startswith("/ru/items/") for h in series), "series %r" % series)
    sw = {a.get("hreflang"): a.get("href") for a in t.findall(".//nav[@class='languages']//a")}
    check(sw.get("en") == EN_ONLY, "switcher %r" % sw)


@test("fallback: an English slug whose item has a Russian translation redirects to it")
def t_fallback_redirect():
    r = get("/ru" + EN_ITEM)
    check(r.status == 301, "status %d" % r.status)
    check(r.header("Location") in (RU_ITEM, ENV.base + RU_ITEM), "Location %r" % r.header("Location"))
    # The body a browser shows if it does not follow: in the page's language, with a link.
    check('<html lang="ru">' in r.text and "<h1>Страница перемещена</h1>" in r.text and
          'href="%s"' % RU_ITEM in r.text, "301 body: %r" % r.text[:400])


@test("fallback: drafts and unknown slugs stay 404 under /ru/")
def t_fallback_404():
    page("/ru/items/draft-position-paper", 404)
    page("/ru/items/no-such-item", 404)
    r = page("/ru/items/no-such-item", 404)
    check("Страница не найдена" in r.text, "404 page not in Russian")


@test("a /xx/ prefix of a language without items is 404; default has no prefix")
def t_unknown_lang():
    for path in ("/fr/", "/fr/archive", "/de/items/minister-interview-part-1", "/uk/feed.rss",
                 "/en/", "/en/archive", "/zz/kind/news"):
        r = get(path)
        check(r.status == 404, "%s: %d" % (path, r.status))
    for path in ("/ru/", "/ru", "/en-GB/", "/en-GB/archive"):
        r = get(path)
        check(r.status == 200, "%s: %d" % (path, r.status))


@test("per-request language is per thread: 400 concurrent en and ru requests never mix")
def t_threads():
    paths = ["/", "/ru/", "/archive", "/ru/archive", EN_ITEM, RU_ITEM] * 10

    def one(i):
        # Defeat the page cache so that every request renders: unknown pages are
        # rendered each time (404), in the language of their prefix.
        p = paths[i % len(paths)]
        if i % 2:
            p = ("/ru" if p.startswith("/ru") else "") + "/no-such-page-%d" % i
        r = get(p)
        ru = p.startswith("/ru")
        if r.status == 404:
            good = ("Страница не найдена" in r.text) if ru else ("Page not found" in r.text and
                                                              "Страница" not in r.text)
        else:
            good = ("Все сообщения" in r.text and "All messages" not in r.text) if ru else \
                ("All messages" in r.text and "Все сообщения" not in r.text)
        return None if good else "%s (%d)" % (p, r.status)

    with concurrent.futures.ThreadPoolExecutor(16) as ex:
        bad = [b for b in ex.map(one, range(400)) if b]
    check(not bad, "%d mixed-language responses: %s" % (len(bad), bad[:5]))


@test("locale: the server says nothing about missing locales on stderr")
def t_no_locale_warning():
    err = open(ENV.server_err()).read()
    check("no system locale" not in err, "server stderr: %s" % err[:300])


def main(argv):
    if len(argv) != 2:
        print(__doc__)
        return 2
    ENV.setup(argv[1], "pressroom-lang-")
    try:
        try:
            start_server()
        except Fail as e:
            return SUITE.setup_failed(e)
        SUITE.run_all()
        SUITE.check_server(ENV.server)
    finally:
        ENV.cleanup()
    return SUITE.summary()


if __name__ == "__main__":
    sys.exit(main(sys.argv))
