#!/usr/bin/python3
"""media.yaml: export --markdown keeps each media file's name as it was uploaded and its
upload time beside the files of DIR/media (which are named by their content), and
pressroom import takes them back; a bad media.yaml stops the import with nothing
written; a folder without one imports as before.

usage: tests/http/test_media_meta.py BUILD_DIR

Everything happens in a temp dir, through the real CLI; sites are compared with sqlite3.
Prints "ok   name" / "FAIL name: reason" per test, then "N passed, N failed".
"""
import hashlib
import os
import shutil
import sqlite3
import struct
import sys
import time
import zlib

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(os.path.dirname(HERE), "lib"))
sys.dont_write_bytecode = True      # no __pycache__ left in tests/lib
import harness
from harness import check

ENV = harness.Env()
SUITE = harness.Suite(crash="traceback")
test = SUITE.test

# Two uploads: the name each had on the press officer's disk (one that needs YAML
# quoting) and when each came, one in London's summer time.
UPLOADS = [
    (1, "ceremony photo.png", 1614859200, "2021-03-04T12:00:00+00:00"),
    (2, 'Визит: "посол" #1\n\u2028.png', 1500000000, "2017-07-14T03:40:00+01:00"),
]


def pr(db, *args, timeout=60):
    return harness.pressroom(ENV.bin, db, *args, timeout=timeout)


def site(name, tz="Europe/London"):
    return harness.new_site(ENV, name, tz)


def png(width):
    """A valid grey PNG one pixel high and width pixels wide: a different file for each
    width, made without an imaging library."""
    def part(kind, body):
        return struct.pack(">I", len(body)) + kind + body + struct.pack(
            ">I", zlib.crc32(kind + body) & 0xffffffff)
    header = struct.pack(">IIBBBBB", width, 1, 8, 0, 0, 0, 0)
    pixels = zlib.compress(b"\0" + bytes(range(width)))
    return b"\x89PNG\r\n\x1a\n" + part(b"IHDR", header) + part(b"IDAT", pixels) + part(b"IEND", b"")


def upload(db, width, original, created):
    """Stores png(width) in db's media library as an upload named original at created
    does; its name in the library."""
    data = png(width)
    sha = hashlib.sha256(data).hexdigest()
    name = sha[:16] + ".png"
    c = sqlite3.connect(db)
    c.execute("INSERT INTO media (name, type, size, sha256, original_name, data, created) "
              "VALUES (?, ?, ?, ?, ?, ?, ?)", (name, "image/png", len(data), sha, original,
                                               data, created))
    c.commit()
    c.close()
    return name


def library(db):
    """The media library by name: every column an export should carry over."""
    c = sqlite3.connect(db)
    rows = c.execute("SELECT name, type, size, sha256, original_name, created, data FROM media")
    out = {r[0]: r[1:] for r in rows}
    c.close()
    return out


def counts(db):
    """How many items, media files and settings db has."""
    c = sqlite3.connect(db)
    out = tuple(c.execute("SELECT count(*) FROM " + t).fetchone()[0]
                for t in ("items", "media", "settings"))
    c.close()
    return out


def source_site():
    """A site with the two uploads, both linked from one item, exported as Markdown;
    (its database, the export folder, the uploads' names)."""
    db = site("source")
    names = [upload(db, w, o, t) for w, o, t, _ in UPLOADS]
    folder = os.path.join(ENV.tmp, "item")
    shutil.rmtree(folder, ignore_errors=True)
    os.makedirs(folder)
    with open(os.path.join(folder, "visit.md"), "w", encoding="utf-8") as f:
        f.write("---\ntitle: The ambassador's visit\ndate: 2021-03-05T09:00:00Z\n---\n"
                "![At the ceremony](/media/%s)\n\nAnd [the other one](/media/%s).\n" % tuple(names))
    r = pr(db, "import", folder)
    check(r.returncode == 0, "import of the item: " + r.stderr)
    out = os.path.join(ENV.tmp, "export")
    shutil.rmtree(out, ignore_errors=True)
    r = pr(db, "export", "--markdown", out)
    check(r.returncode == 0, "export: " + r.stderr)
    return db, out, names


@test
def round_trip_keeps_original_names_and_times():
    """export --markdown, then import into an empty site: every column of the media
    library the same, the original names and upload times included (into a site in
    another time zone too); the copy's export is the same files."""
    a, out, names = source_site()
    with open(os.path.join(out, "media.yaml"), encoding="utf-8") as f:
        text = f.read()
    check(text.startswith("# "), "media.yaml does not start with its comment: %r" % text[:80])
    for name, (_, _, _, when) in zip(names, UPLOADS):
        check('- name: "%s"\n' % name in text, "media.yaml does not list %s: %r" % (name, text))
        check('uploaded: "%s"\n' % when in text, "no 'uploaded: \"%s\"' in %r" % (when, text))
    check('original_name: "ceremony photo.png"\n' in text, "the original name is not there: %r" % text)
    with open(os.path.join(out, ".pressroom-export")) as f:
        check("media.yaml" in f.read().splitlines(), "the manifest does not name media.yaml")
    la = library(a)
    check(len(la) == 2, "the source has %d media files" % len(la))
    for tz in ("Europe/London", "Asia/Tokyo"):
        b = site("copy-" + tz.replace("/", "-"), tz)
        r = pr(b, "import", out)
        check(r.returncode == 0, "import into %s: %s" % (tz, r.stderr))
        check("media files: added 2, unchanged 0" in r.stdout, "%s: %s" % (tz, r.stdout[-300:]))
        check("skipped 0" in r.stdout, "%s: something was skipped: %s" % (tz, r.stdout[-500:]))
        lb = library(b)
        diffs = ["%s: %r != %r" % (k, la[k][:5], lb.get(k, ())[:5]) for k in la if la[k] != lb.get(k)]
        check(set(la) == set(lb) and not diffs, "%s: the media differ: %s" % (tz, "; ".join(diffs)))
    # The copy (same zone) exports the same files, media.yaml included.
    out2 = os.path.join(ENV.tmp, "export-of-copy")
    r = pr(site_path("copy-Europe-London"), "export", "--markdown", out2)
    check(r.returncode == 0, "export of the copy: " + r.stderr)
    d = harness.run(["diff", "-r", out, out2], timeout=60)
    check(d.returncode == 0, "the copy exports differently: " + d.stdout[:500])
    # Again: nothing changes.
    r = pr(site_path("copy-Europe-London"), "import", out)
    check(r.returncode == 0 and "media files: added 0, unchanged 2" in r.stdout,
          "a second import: " + r.stdout[-300:] + r.stderr)
    check(library(site_path("copy-Europe-London")) == la, "a second import changed the media")


def site_path(name):
    return os.path.join(ENV.tmp, name + ".db")


@test
def empty_library_writes_no_media_yaml():
    """A site without media files exports no media.yaml; an empty original name comes
    back empty, not as the file's name."""
    db = site("no-media")
    out = os.path.join(ENV.tmp, "export-no-media")
    r = pr(db, "export", "--markdown", out)
    check(r.returncode == 0, "export: " + r.stderr)
    check(not os.path.exists(os.path.join(out, "media.yaml")), "media.yaml written for no media")
    name = upload(db, 7, "", 1600000000)
    r = pr(db, "export", "--markdown", out)
    check(r.returncode == 0, "export: " + r.stderr)
    with open(os.path.join(out, "media.yaml"), encoding="utf-8") as f:
        check('original_name: ""\n' in f.read(), "an empty original name is not written")
    b = site("no-name-copy")
    r = pr(b, "import", out)
    check(r.returncode == 0, "import: " + r.stderr)
    check(library(b)[name][3:5] == ("", 1600000000), "the copy has %r" % (library(b)[name][3:5],))


# (media.yaml's text, with NAME for the first upload's name and OTHER for the second's;
# the line of the message; what it says after "PATH:LINE: ")
BAD = [
    ('- name: "NAME"\n  colour: red\n', 2, "unknown field 'colour'"),
    ('- name: "NAME"\n- name: "OTHER"\n- name: "NAME"\n', 3, "media file 'NAME' listed twice (also line 1)"),
    ('- name: "NAME"\n  name: "NAME"\n', 2, "name: given twice"),
    ('- name: "../../etc/passwd"\n', 1, "name: '../../etc/passwd' is not a media library name"),
    ('- name: "NAME.exe"\n', 1, "is not a media library name"),
    ('- name: "NAME"\n  uploaded: "yesterday"\n', 2, "uploaded 'yesterday' is not like 2017-11-30"),
    ('- name: "NAME"\n  uploaded: "2021-02-30T10:00:00Z"\n', 2, "impossible uploaded '2021-02-30T10:00:00Z'"),
    ('- name: "NAME"\n  uploaded: "2021-03-04T10:00:00\\n"\n', 2, "uploaded '2021-03-04T10:00:00?' is not like"),
    ('- name: "NAME"\n  original_name: "a\\0b.png"\n', 2, "original_name: a NUL byte in the value"),
    ('- name: "NAME"\n  original_name: "a\0b.png"\n', 2, "a NUL byte"),
    ('- name: "NAME"\n  original_name: "%s"\n' % ("x" * 256), 2, "original_name: longer than 255 bytes"),
    ('- name: "NAME"\n  original_name: [a, b]\n', 2, "original_name must be text"),
    ('- &first name: "NAME"\n', 1, "aliases and anchors are not read here"),
    ('- name: &n "NAME"\n- name: *n\n', 1, "aliases and anchors are not read here"),
    ('- original_name: "a.png"\n', 1, "a media file needs its name"),
    ('- "NAME"\n', 1, "a media file must be a mapping"),
    ('name: "NAME"\n', 1, "the media files must be a list"),
    ('- name: "NAME"\n---\n- name: "OTHER"\n', 2, "a second YAML document"),
    ('- name: "NAME\n', 2, "not valid YAML"),
    (None, 1, "larger than 256 MiB"),  # a sparse file of 256 MiB and a byte
    ('- name: "NAME"\n  original_name: null\n', 2, "original_name: no value (null)"),
    ('- name: "NAME"\n  original_name: ~\n', 2, "original_name: no value (null)"),
    ('- name: "NAME"\n  original_name: !!binary aGVsbG8=\n', 2,
     "original_name: a YAML tag (tag:yaml.org,2002:binary) where text belongs"),
    ('- name: !!binary NAME\n', 1, "name: a YAML tag"),
]


@test
def awkward_names_and_times_still_import():
    """Names YAML cannot hold as they are (C1 controls, noncharacters, bytes that are
    not UTF-8, as an old upload cut mid-character left them) are escaped or become
    U+FFFD, and a time no date can show is left out: the export always imports. A
    byte order mark before media.yaml's first entry is read past."""
    db = site("awkward")
    names = {
        b"c1 \xc2\x80.png": b"c1 \xc2\x80.png",
        "nonchar \ufffe.png".encode(): "nonchar \ufffe.png".encode(),
        b"cut \xc3": b"cut \xef\xbf\xbd",
        b"\xff.png": b"\xef\xbf\xbd.png",
        b"\xed\xa0\x80.png": b"\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd.png",
    }
    made = {}
    c = sqlite3.connect(db)
    for k, (raw, _) in enumerate(names.items()):
        data = png(20 + k)
        sha = hashlib.sha256(data).hexdigest()
        made[sha[:16] + ".png"] = raw
        c.execute("INSERT INTO media (name, type, size, sha256, original_name, data, created) "
                  "VALUES (?, 'image/png', ?, ?, CAST(? AS TEXT), ?, ?)",
                  (sha[:16] + ".png", len(data), sha, raw, data, 1600000000 if k else 1 << 62))
    c.commit()
    c.close()
    out = os.path.join(ENV.tmp, "awkward-export")
    shutil.rmtree(out, ignore_errors=True)
    r = pr(db, "export", "--markdown", out)
    check(r.returncode == 0, "export: " + r.stderr)
    back = site("awkward-back")
    t0 = int(time.time())
    r = pr(back, "import", out)
    check(r.returncode == 0, "the export does not import: " + r.stderr)
    c = sqlite3.connect(back)
    c.text_factory = bytes
    got = {n.decode(): (o, t) for n, o, t in c.execute("SELECT name, original_name, created FROM media")}
    c.close()
    for name, raw in made.items():
        check(got[name][0] == names[raw], "%r came back as %r" % (raw, got[name][0]))
    first = [n for n, raw in made.items() if raw == b"c1 \xc2\x80.png"][0]
    check(got[first][1] >= t0, "a time no date shows: %r" % got[first][1])
    # A byte order mark, then an entry on the first line.
    with open(os.path.join(out, "media.yaml"), encoding="utf-8") as f:
        text = "".join(l for l in f if not l.startswith("#"))
    with open(os.path.join(out, "media.yaml"), "w", encoding="utf-8") as f:
        f.write("\ufeff" + text)
    r = pr(site("awkward-bom"), "import", out)
    check(r.returncode == 0, "media.yaml after a byte order mark: " + r.stderr)


@test
def bad_media_yaml_writes_nothing():
    """Each bad media.yaml: exit 1, the file and the line said, nothing written."""
    _, out, names = source_site()
    for k, (text, line, what) in enumerate(BAD):
        if text is not None:
            text = text.replace("NAME", names[0]).replace("OTHER", names[1])
        what = what.replace("NAME", names[0])
        folder = os.path.join(ENV.tmp, "bad-%d" % k)
        shutil.rmtree(folder, ignore_errors=True)
        shutil.copytree(out, folder)
        path = os.path.join(folder, "media.yaml")
        with open(path, "w", encoding="utf-8") as f:
            if text is None:
                f.truncate((256 << 20) + 1)
            else:
                f.write(text)
        db = site("bad-%d" % k)
        before = counts(db)
        r = pr(db, "import", folder)
        want = "%s:%d: " % (path, line)
        shown = (text or "")[:60]
        check(r.returncode == 1, "case %d (%r): exit %d: %s" % (k, shown, r.returncode, r.stdout[-300:]))
        check(want in r.stderr and what in r.stderr.split(want, 1)[1].split("\n")[0],
              "case %d (%r): want %r ... %r in %r" % (k, shown, want, what, r.stderr[-400:]))
        check("nothing was written" in r.stderr, "case %d: %r" % (k, r.stderr))
        check(counts(db) == before, "case %d: written: %r -> %r" % (k, before, counts(db)))
        shutil.rmtree(folder)


@test
def without_media_yaml_files_keep_their_own_name():
    """A folder without media.yaml (an older export) still imports: each file's
    original name is its own name, its upload time the import's."""
    _, out, names = source_site()
    os.unlink(os.path.join(out, "media.yaml"))
    db = site("older-export")
    t0 = int(time.time())
    r = pr(db, "import", out)
    t1 = int(time.time())
    check(r.returncode == 0, "import: " + r.stderr)
    check("media files: added 2, unchanged 0" in r.stdout, r.stdout[-300:])
    lib = library(db)
    check(sorted(lib) == sorted(names), "the library: %r" % sorted(lib))
    for name in names:
        check(lib[name][3] == name, "%s: original name %r" % (name, lib[name][3]))
        check(t0 <= lib[name][4] <= t1, "%s: created %d, not in %d..%d" % (name, lib[name][4], t0, t1))


@test
def entry_without_its_file_is_a_note():
    """A media.yaml entry naming a file the media folder does not have is skipped with a
    note; the files it has still take their names and times."""
    _, out, names = source_site()
    os.unlink(os.path.join(out, "media", names[1]))
    db = site("missing-file")
    r = pr(db, "import", out)
    check(r.returncode == 0, "import: " + r.stderr)
    path = os.path.join(out, "media.yaml")
    with open(path, encoding="utf-8") as f:
        line = f.read().split("\n").index('- name: "%s"' % names[1]) + 1
    note = "skipped %s:%d: lists media/%s, which is not among the folder's media files" % (
        path, line, names[1])
    check(note in r.stdout, "no %r in %r" % (note, r.stdout[-500:]))
    lib = library(db)
    check(sorted(lib) == [names[0]], "the library: %r" % sorted(lib))
    check(lib[names[0]][3:5] == (UPLOADS[0][1], UPLOADS[0][2]), "the file has %r" % (lib[names[0]][3:5],))


def main():
    harness.main(ENV, SUITE, "pressroom-mediameta-", __doc__)


if __name__ == "__main__":
    main()
