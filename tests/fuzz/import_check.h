/*
 * What every importer's batch must satisfy, shared by fuzz_wxr.c and
 * fuzz_plaintext.c: each entry is an item the store would accept, and its body
 * renders to a clean fragment.
 */
#ifndef PR_FUZZ_IMPORT_CHECK_H
#define PR_FUZZ_IMPORT_CHECK_H

#include "fuzz.h"

#include "../../src/import/import.h"
#include "../../src/render/markdown.h"

static inline void fz_check_batch(const char *who, const struct import_batch *b)
{
	for (size_t i = 0; i < b->n; i++) {
		const struct item *it = &b->v[i].it;
		if (!b->v[i].name)
			FZ_FAIL("%s: entry %zu without a name", who, i);
		if (!*it->title)
			FZ_FAIL("%s: entry %s without a title", who, b->v[i].name);
		if ((unsigned)it->kind >= KIND_COUNT)
			FZ_FAIL("%s: kind %d", who, (int)it->kind);
		if (item_valid_slug(it->slug) != 0)
			FZ_FAIL("%s: invalid slug '%s'", who, it->slug);
		if (item_valid_lang(it->lang) != 0)
			FZ_FAIL("%s: invalid lang '%s'", who, it->lang);
		if (*it->source_url && item_valid_url(it->source_url) != 0)
			FZ_FAIL("%s: invalid source '%s'", who, it->source_url);
		if (it->ntags > ITEM_MAX_TAGS)
			FZ_FAIL("%s: %zu tags", who, it->ntags);
		/* Rendering every body of a big batch would make each run slow. */
		if (i < 8) {
			struct buf h;
			buf_init(&h, 0);
			if (markdown_render(&h, it->body, strlen(it->body), MD_TURNS) == 0)
				fz_html_require(who, h.data ? h.data : "", h.len, FZ_FRAGMENT);
			buf_release(&h);
		}
	}
	for (size_t i = 0; i < b->nnotes; i++)
		if (!b->notes[i].name || !b->notes[i].why)
			FZ_FAIL("%s: note %zu incomplete", who, i);
}

/* A failure message must be one line "NAME:LINE: what". */
static inline void fz_check_message(const char *who, const char *name, const char *m)
{
	size_t nl = strlen(name);
	char *end;
	if (strncmp(m, name, nl) || m[nl] != ':' || strtol(m + nl + 1, &end, 10) < 0 ||
	    end == m + nl + 1 || strncmp(end, ": ", 2) || strchr(m, '\n'))
		FZ_FAIL("%s: malformed message '%s'", who, m);
}

#endif
