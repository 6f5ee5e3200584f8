#!/usr/bin/python3
"""Checks feed files the way a feed reader would read them.

usage: check_feeds.py FILE...

RSS and Atom files are parsed with feedparser (Debian's python3-feedparser): a feed
fails if feedparser flags it as malformed (bozo), if it is not RSS 2.0 or Atom 1.0,
or if an entry lacks a title, link, published date or content. A file whose name
ends in .json (or whose text starts with '{') is checked as JSON Feed 1.1: valid
JSON, the version URL, the required members and the same per-item fields.
Prints one line per feed; exits 1 if any failed, 2 on bad usage.
"""
import datetime
import json
import re
import sys

JSONFEED_VERSION = "https://jsonfeed.org/version/1.1"
RFC3339 = re.compile(
    r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$")


def check_rfc3339(value, what):
    if not isinstance(value, str) or not RFC3339.match(value):
        raise ValueError("%s is not an RFC 3339 date: %r" % (what, value))
    datetime.datetime.fromisoformat(value.replace("Z", "+00:00"))


def check_json_feed(data):
    try:
        feed = json.loads(data.decode("utf-8"))
    except (UnicodeDecodeError, ValueError) as e:
        raise ValueError("not valid JSON: %s" % e)
    if not isinstance(feed, dict):
        raise ValueError("top level is not an object")
    if feed.get("version") != JSONFEED_VERSION:
        raise ValueError("version is %r, not %s" % (feed.get("version"), JSONFEED_VERSION))
    if not isinstance(feed.get("title"), str) or not feed["title"]:
        raise ValueError("feed has no title")
    for key in ("home_page_url", "feed_url", "language", "description"):
        if key in feed and not isinstance(feed[key], str):
            raise ValueError("%s is not a string" % key)
    items = feed.get("items")
    if not isinstance(items, list):
        raise ValueError("items is not an array")
    seen = set()
    for i, item in enumerate(items, 1):
        where = "item %d" % i
        if not isinstance(item, dict):
            raise ValueError("%s is not an object" % where)
        if not isinstance(item.get("id"), str) or not item["id"]:
            raise ValueError("%s has no id" % where)
        if item["id"] in seen:
            raise ValueError("%s repeats id %s" % (where, item["id"]))
        seen.add(item["id"])
        if not item.get("title"):
            raise ValueError("%s has no title" % where)
        if not item.get("url"):
            raise ValueError("%s has no url" % where)
        if "date_published" not in item:
            raise ValueError("%s has no date_published" % where)
        check_rfc3339(item["date_published"], where + " date_published")
        if "date_modified" in item:
            check_rfc3339(item["date_modified"], where + " date_modified")
        html, text = item.get("content_html"), item.get("content_text")
        if not (isinstance(html, str) and html) and not (isinstance(text, str) and text):
            raise ValueError("%s has no content_html or content_text" % where)
        tags = item.get("tags", [])
        if not isinstance(tags, list) or not all(isinstance(t, str) for t in tags):
            raise ValueError("%s tags is not an array of strings" % where)
    return "jsonfeed11", feed["title"], len(items)


def check_xml_feed(data):
    import feedparser
    d = feedparser.parse(data)
    if d.bozo:
        raise ValueError("malformed: %s" % d.get("bozo_exception"))
    if d.version not in ("rss20", "atom10"):
        raise ValueError("version is %r, not rss20 or atom10" % d.version)
    for i, e in enumerate(d.entries, 1):
        missing = [k for k in ("title", "link", "published") if not e.get(k)]
        if not e.get("content") or not any(c.get("value") for c in e.content):
            missing.append("content")
        if missing:
            raise ValueError("entry %d lacks %s" % (i, ", ".join(missing)))
    return d.version, d.feed.get("title", ""), len(d.entries)


def main(argv):
    if len(argv) < 2:
        sys.stderr.write("usage: check_feeds.py FILE...\n")
        return 2
    failed = 0
    for path in argv[1:]:
        try:
            with open(path, "rb") as f:
                data = f.read()
            if path.endswith(".json") or data.lstrip().startswith(b"{"):
                version, title, n = check_json_feed(data)
            else:
                version, title, n = check_xml_feed(data)
            print("ok   %s: %s, %d entries, %r" % (path, version, n, title))
        except (OSError, ValueError) as e:
            print("FAIL %s: %s" % (path, e))
            failed += 1
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
