#!/usr/bin/python3
"""Writes the benchmark corpus: N interviews of about 5 kB each, as Markdown files with
YAML front matter that both pressroom and Hugo read, into DIR/interviews/NNNNN.md.

usage: bench/gen-corpus.py DIR [N]     (N defaults to 10000)

Deterministic (a fixed seed): every run writes the same bytes. Dates run back from
1 November 2026, about three items a day, so the site has about ten years of monthly archive.
"""
import os
import random
import sys

WORDS = ("agreement ambassador archive bilateral border centenary channel coastal commerce "
         "community conference consular cooperation council culture delegation dialogue "
         "embassy energy exchange exhibition ferry festival fisheries forum harbour heritage "
         "investment island language library maritime minister ministry museum navigation "
         "orchestra parliament partnership port press programme question reception region "
         "research school science season settlement students summit timber trade treaty "
         "university visa visit winter youth").split()
SPEAKERS = ["Ambassador Corvess", "Minister Avelin", "Ilan Sarovec", "Press Secretary Marin"]
TAGS = ["trade", "culture", "consular", "maritime", "science", "youth", "treaty", "energy"]


def sentence(rng, lo=8, hi=22):
    w = [rng.choice(WORDS) for _ in range(rng.randint(lo, hi))]
    return w[0].capitalize() + " " + " ".join(w[1:]) + "."


def body(rng, size):
    out, n = [], 0
    speaker = rng.choice(SPEAKERS)
    while n < size:
        q = "Question: " + sentence(rng, 8, 16)[:-1] + "?"
        a = speaker + ": " + " ".join(sentence(rng) for _ in range(rng.randint(3, 6)))
        out += [q, a]
        n += len(q) + len(a) + 4
    return "\n\n".join(out) + "\n"


def main():
    if len(sys.argv) < 2:
        sys.exit(__doc__)
    root = os.path.join(sys.argv[1], "interviews")
    n = int(sys.argv[2]) if len(sys.argv) > 2 else 10000
    os.makedirs(root, exist_ok=True)
    rng = random.Random(20261128)
    t = 1793534400  # 2026-11-01 10:00 UTC
    for i in range(1, n + 1):
        t -= rng.randint(3600, 16 * 3600)
        y, mo, d, hh, mi = __import__("time").gmtime(t)[:5]
        title = "Interview %d: %s on %s and %s" % (i, rng.choice(SPEAKERS), rng.choice(WORDS),
                                                   rng.choice(WORDS))
        lead = sentence(rng, 12, 24)
        tags = rng.sample(TAGS, 2)
        with open(os.path.join(root, "%05d.md" % i), "w", encoding="utf-8") as f:
            f.write("---\n")
            f.write('title: "%s"\n' % title)
            f.write("date: %04d-%02d-%02dT%02d:%02d:00Z\n" % (y, mo, d, hh, mi))
            f.write("kind: interview\n")
            f.write("slug: interview-%05d\n" % i)
            f.write('lead: "%s"\n' % lead)
            f.write("tags: [%s]\n" % ", ".join(tags))
            f.write("---\n")
            f.write(body(rng, 4800))


if __name__ == "__main__":
    main()
