/*
 * fts_stem: the FTS5 tokenizer "pressroom" (docs/internals/search.md).
 *
 * What a token is: a run of letters, digits and combining marks; everything else
 * (spaces, punctuation, symbols, invalid UTF-8) separates tokens. Each token is
 * case-folded (Unicode simple folding for Latin, Greek and Cyrillic), ё is folded
 * to е, and the token is stemmed with libstemmer (Snowball):
 *
 *   - a token with any Cyrillic letter by the Russian stemmer,
 *   - else a token with any Latin letter by the English stemmer,
 *   - else (digits, other scripts) it is kept as folded.
 *
 * Why per token and not per item: a tokenizer sees text, not the item's language
 * column; and an English name in a Russian statement is better stemmed as English.
 * Documents and queries go through the same code, so they always agree.
 *
 * Documents (and auxiliary functions: snippet, highlight) get the stem and, when it
 * differs, the folded word as a colocated token; queries get the stem, and prefix
 * queries ("embass*") the folded text unstemmed, so that a prefix matches the words
 * as written ("embassy" is stemmed to "embassi").
 *
 * Tokens longer than FTS_STEM_MAX_TOKEN bytes after folding are cut there (at a
 * character boundary), in documents and queries alike.
 *
 * Threads: one tokenizer instance per FTS5 table per connection; a connection is used
 * by one thread at a time (store.h), so instances need no lock.
 */
#ifndef PR_FTS_STEM_H
#define PR_FTS_STEM_H

#include <sqlite3.h>
#include <stddef.h>
#include <stdint.h>

#define FTS_STEM_MAX_TOKEN 128

/* Registers the tokenizer "pressroom" on db. Returns an SQLite result code
 * (SQLITE_ERROR when this SQLite has no FTS5). Call once per connection, before
 * any FTS5 table that uses it is touched. */
int fts_stem_register(sqlite3 *db);

/*
 * Decodes one UTF-8 character at s (n >= 1 bytes available) into *cp and returns
 * its length (1..4). An invalid or truncated sequence gives *cp = -1 and length 1.
 */
size_t fts_stem_utf8(const unsigned char *s, size_t n, int32_t *cp);
/* Whether cp is part of a token: a letter, digit or combining mark (not -1). */
int fts_stem_is_word(int32_t cp);
/* cp case-folded, with ё/Ё folded to е. */
int32_t fts_stem_fold(int32_t cp);

#endif
