/*
 * The FTS5 tokenizer "pressroom": fold, split, stem (contract in fts_stem.h).
 * Why our own and not unicode61 + porter: porter is English only, and we need the
 * Russian Snowball stemmer for Russian items with the same rules of splitting.
 */
#include "fts_stem.h"
#include "../base/utf8.h"

#include <libstemmer.h>
#include <stdlib.h>
#include <string.h>

struct fts_stem {
	struct sb_stemmer *en;
	struct sb_stemmer *ru;
};

size_t fts_stem_utf8(const unsigned char *s, size_t n, int32_t *cp)
{
	unsigned v;
	size_t len = utf8_decode(s, n, &v);
	*cp = len ? (int32_t)v : -1;
	return len ? len : 1;
}


/*
 * Separators outside ASCII: the punctuation, symbol and space blocks. Everything
 * else counts as a letter; that is close enough to Unicode's L/N/M classes for the
 * scripts a press office writes in, and needs no tables.
 */
int fts_stem_is_word(int32_t cp)
{
	if (cp < 0)
		return 0;
	if (cp < 0x80)
		return (cp >= '0' && cp <= '9') || (cp >= 'a' && cp <= 'z') || (cp >= 'A' && cp <= 'Z');
	if (cp < 0xC0)   /* Latin-1 punctuation and symbols; ª µ º are letters */
		return cp == 0xAA || cp == 0xB5 || cp == 0xBA;
	if (cp == 0xD7 || cp == 0xF7)
		return 0;
	if (cp == 0x37E || cp == 0x387 || (cp >= 0x55A && cp <= 0x55F) || cp == 0x589 ||
	    cp == 0x5BE || cp == 0x5C0 || cp == 0x5C3 || cp == 0x5C6 || cp == 0x5F3 || cp == 0x5F4)
		return 0;
	if (cp >= 0x2000 && cp <= 0x2BFF)   /* general punctuation .. misc symbols and arrows */
		return (cp >= 0x2070 && cp <= 0x209F);   /* super/subscripts */
	if (cp >= 0x2E00 && cp <= 0x2E7F)
		return 0;
	if (cp >= 0x3000 && cp <= 0x303F)
		return 0;
	if (cp >= 0xD800 && cp <= 0xF8FF)   /* surrogates, private use */
		return 0;
	if ((cp >= 0xFE10 && cp <= 0xFE1F) || (cp >= 0xFE30 && cp <= 0xFE6F) || cp == 0xFEFF)
		return 0;
	if ((cp >= 0xFF01 && cp <= 0xFF0F) || (cp >= 0xFF1A && cp <= 0xFF20) ||
	    (cp >= 0xFF3B && cp <= 0xFF40) || (cp >= 0xFF5B && cp <= 0xFF65))
		return 0;
	if (cp >= 0xFFF0 && cp <= 0xFFFF)
		return 0;
	if (cp >= 0x1F000 && cp <= 0x1FAFF)   /* emoji, playing cards, pictographs */
		return 0;
	if (cp >= 0xE0000)                    /* tags, variation selectors, private use */
		return 0;
	return 1;
}

int32_t fts_stem_fold(int32_t cp)
{
	if (cp < 0x80)
		return cp >= 'A' && cp <= 'Z' ? cp + 32 : cp;
	if (cp < 0x100)
		return cp >= 0xC0 && cp <= 0xDE && cp != 0xD7 ? cp + 32 : cp;
	if (cp < 0x180) {   /* Latin Extended-A */
		if (cp == 0x130)
			return 'i';
		if (cp == 0x178)
			return 0xFF;
		if (cp == 0x17F)
			return 's';
		if ((cp >= 0x100 && cp <= 0x12F) || (cp >= 0x132 && cp <= 0x137) ||
		    (cp >= 0x14A && cp <= 0x177))
			return cp & 1 ? cp : cp + 1;
		if ((cp >= 0x139 && cp <= 0x148) || (cp >= 0x179 && cp <= 0x17E))
			return cp & 1 ? cp + 1 : cp;
		return cp;
	}
	if (cp >= 0x370 && cp < 0x400) {   /* Greek */
		if (cp >= 0x391 && cp <= 0x3AB && cp != 0x3A2)
			return cp + 32;
		if (cp == 0x386)
			return 0x3AC;
		if (cp >= 0x388 && cp <= 0x38A)
			return cp + 37;
		if (cp == 0x38C)
			return 0x3CC;
		if (cp == 0x38E || cp == 0x38F)
			return cp + 63;
		if (cp == 0x3C2)
			return 0x3C3;
		return cp;
	}
	if (cp >= 0x400 && cp < 0x530) {   /* Cyrillic and its supplement */
		if (cp == 0x401 || cp == 0x451)   /* Ё ё -> е */
			return 0x435;
		if (cp >= 0x410 && cp <= 0x42F)
			return cp + 32;
		if (cp >= 0x400 && cp <= 0x40F)
			return cp + 80;
		if ((cp >= 0x460 && cp <= 0x481) || (cp >= 0x48A && cp <= 0x4BF) ||
		    (cp >= 0x4D0 && cp <= 0x52F))
			return cp & 1 ? cp : cp + 1;
		if (cp == 0x4C0)
			return 0x4CF;
		if (cp >= 0x4C1 && cp <= 0x4CE)
			return cp & 1 ? cp + 1 : cp;
		return cp;
	}
	if (cp >= 0x1E00 && cp <= 0x1EFF) {   /* Latin Extended Additional */
		if (cp == 0x1E9E)
			return 0xDF;
		if (cp <= 0x1E95 || cp >= 0x1EA0)
			return cp & 1 ? cp : cp + 1;
		return cp;
	}
	if (cp >= 0xFF21 && cp <= 0xFF3A)   /* fullwidth A-Z */
		return cp + 32;
	return cp;
}

static int fts_stem_is_cyrillic(int32_t cp) { return cp >= 0x400 && cp < 0x530; }
static int fts_stem_is_latin(int32_t cp)
{
	return (cp >= 'a' && cp <= 'z') || (cp >= 0xC0 && cp < 0x250 && cp != 0xD7 && cp != 0xF7) ||
	       (cp >= 0x1E00 && cp <= 0x1EFF);
}

static int fts_stem_create(void *ctx, const char **argv, int argc, Fts5Tokenizer **out)
{
	(void)ctx;
	(void)argv;
	*out = NULL;
	if (argc > 0)   /* no options: a typo in a schema should not pass silently */
		return SQLITE_ERROR;
	struct fts_stem *t = calloc(1, sizeof(*t));
	if (!t)
		return SQLITE_NOMEM;
	t->en = sb_stemmer_new("english", "UTF_8");
	t->ru = sb_stemmer_new("russian", "UTF_8");
	if (!t->en || !t->ru) {
		if (t->en)
			sb_stemmer_delete(t->en);
		if (t->ru)
			sb_stemmer_delete(t->ru);
		free(t);
		return SQLITE_NOMEM;
	}
	*out = (Fts5Tokenizer *)t;
	return SQLITE_OK;
}

static void fts_stem_delete(Fts5Tokenizer *tok)
{
	struct fts_stem *t = (struct fts_stem *)tok;
	if (!t)
		return;
	sb_stemmer_delete(t->en);
	sb_stemmer_delete(t->ru);
	free(t);
}

typedef int (*fts_stem_emit)(void *ctx, int tflags, const char *token, int n, int start, int end);

/* Stems and emits one folded word (its bytes text[start, end) in the input). */
static int fts_stem_word(struct fts_stem *t, int flags, const unsigned char *w, size_t wl,
			 int script, void *ctx, fts_stem_emit emit, int start, int end)
{
	struct sb_stemmer *st = script == 2 ? t->ru : script == 1 ? t->en : NULL;
	/* Prefix queries match the words as written (documents also carry those). */
	if (!st || (flags & FTS5_TOKENIZE_PREFIX))
		return emit(ctx, 0, (const char *)w, (int)wl, start, end);
	const sb_symbol *stem = sb_stemmer_stem(st, w, (int)wl);
	if (!stem)
		return SQLITE_NOMEM;
	int sl = sb_stemmer_length(st);
	int rc = emit(ctx, 0, (const char *)stem, sl, start, end);
	if (rc != SQLITE_OK || (flags & FTS5_TOKENIZE_QUERY))
		return rc;
	if ((size_t)sl != wl || memcmp(stem, w, wl) != 0)
		rc = emit(ctx, FTS5_TOKEN_COLOCATED, (const char *)w, (int)wl, start, end);
	return rc;
}

static int fts_stem_tokenize(Fts5Tokenizer *tok, void *ctx, int flags, const char *text, int n,
			     fts_stem_emit emit)
{
	struct fts_stem *t = (struct fts_stem *)tok;
	const unsigned char *s = (const unsigned char *)text;
	size_t len = n > 0 ? (size_t)n : 0, i = 0;
	unsigned char w[FTS_STEM_MAX_TOKEN + 4];
	while (i < len) {
		int32_t cp;
		size_t cl = fts_stem_utf8(s + i, len - i, &cp);
		if (!fts_stem_is_word(cp)) {
			i += cl;
			continue;
		}
		size_t start = i, wl = 0;
		int cyr = 0, lat = 0, full = 0;
		int32_t prev = 0;
		while (i < len) {
			cl = fts_stem_utf8(s + i, len - i, &cp);
			if (!fts_stem_is_word(cp))
				break;
			i += cl;
			if (full)
				continue;
			cp = fts_stem_fold(cp);
			/* Decomposed forms of й and ё, and stress marks on Cyrillic letters. */
			if (cp == 0x306 && prev == 0x438) {
				wl -= 2;
				cp = 0x439;
			} else if ((cp == 0x308 && prev == 0x435) ||
				   ((cp == 0x300 || cp == 0x301) && fts_stem_is_cyrillic(prev))) {
				continue;
			}
			cyr |= fts_stem_is_cyrillic(cp);
			lat |= fts_stem_is_latin(cp);
			if (wl + 4 > FTS_STEM_MAX_TOKEN) {
				full = 1;
				continue;
			}
			wl += utf8_encode((unsigned)cp, w + wl);
			prev = cp;
		}
		int rc = fts_stem_word(t, flags, w, wl, cyr ? 2 : lat ? 1 : 0, ctx, emit, (int)start,
				       (int)i);
		if (rc != SQLITE_OK)
			return rc;
	}
	return SQLITE_OK;
}

/* Finds FTS5's API; returns SQLite's code (SQLITE_NOMEM stays SQLITE_NOMEM), or
 * SQLITE_ERROR when this SQLite has no FTS5. */
static int fts_stem_api(sqlite3 *db, fts5_api **api)
{
	*api = NULL;
	sqlite3_stmt *st = NULL;
	int rc = sqlite3_prepare_v2(db, "SELECT fts5(?1)", -1, &st, NULL);
	if (rc != SQLITE_OK)
		return rc;
	sqlite3_bind_pointer(st, 1, (void *)api, "fts5_api_ptr", NULL);
	rc = sqlite3_step(st);
	sqlite3_finalize(st);
	if (rc == SQLITE_NOMEM)
		return rc;
	return *api ? SQLITE_OK : SQLITE_ERROR;
}

int fts_stem_register(sqlite3 *db)
{
	fts5_api *api;
	int rc = fts_stem_api(db, &api);
	if (rc != SQLITE_OK)
		return rc;
	static fts5_tokenizer tokenizer = {fts_stem_create, fts_stem_delete, fts_stem_tokenize};
	return api->xCreateTokenizer(api, "pressroom", NULL, &tokenizer, NULL);
}
