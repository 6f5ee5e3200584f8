/* The batch every importer fills, and writing it to the store in one transaction. */
#include <stdlib.h>
#include <string.h>

#include "import.h"

void import_batch_init(struct import_batch *b)
{
	memset(b, 0, sizeof(*b));
	buf_init(&b->info, 1 << 20);
}

void import_batch_clear(struct import_batch *b)
{
	for (size_t i = 0; i < b->n; i++) {
		free(b->v[i].name);
		item_clear(&b->v[i].it);
	}
	free(b->v);
	for (size_t i = 0; i < b->nnotes; i++)
		free(b->notes[i].name);
	free(b->notes);
	buf_release(&b->info);
	memset(b, 0, sizeof(*b));
}

struct item *import_batch_add(struct import_batch *b, const char *name)
{
	if (b->n >= IMPORT_MAX_ITEMS)
		return NULL;
	if (b->n == b->cap) {
		size_t cap = b->cap ? b->cap * 2 : 64;
		struct import_entry *v = realloc(b->v, cap * sizeof(*v));
		if (!v)
			return NULL;
		b->v = v;
		b->cap = cap;
	}
	struct import_entry *e = &b->v[b->n];
	e->name = strdup(name);
	if (!e->name)
		return NULL;
	item_init(&e->it);
	b->n++;
	return &e->it;
}

void import_batch_drop_last(struct import_batch *b)
{
	if (!b->n)
		return;
	b->n--;
	free(b->v[b->n].name);
	item_clear(&b->v[b->n].it);
}

int import_batch_note(struct import_batch *b, const char *name, const char *why)
{
	if (b->nnotes == b->capnotes) {
		size_t cap = b->capnotes ? b->capnotes * 2 : 16;
		struct import_note *v = realloc(b->notes, cap * sizeof(*v));
		if (!v)
			return -1;
		b->notes = v;
		b->capnotes = cap;
	}
	char *copy = strdup(name);
	if (!copy)
		return -1;
	b->notes[b->nnotes++] = (struct import_note){copy, why};
	return 0;
}

/* FNV-1a of "lang\nslug", for the duplicate check. */
static uint64_t import_key_hash(const struct item *it)
{
	uint64_t h = 1469598103934665603ULL;
	for (const char *p = it->lang; *p; p++)
		h = (h ^ (unsigned char)*p) * 1099511628211ULL;
	h = (h ^ '\n') * 1099511628211ULL;
	for (const char *p = it->slug; *p; p++)
		h = (h ^ (unsigned char)*p) * 1099511628211ULL;
	return h;
}

int import_batch_check(const struct import_batch *b, struct buf *err)
{
	/* Open addressing over entry indexes + 1: linear in the batch, not quadratic. */
	size_t cap = 16;
	while (cap < b->n * 2)
		cap *= 2;
	size_t *slots = calloc(cap, sizeof(*slots));
	if (!slots) {
		buf_lit(err, "out of memory");
		return -1;
	}
	int rc = 0;
	for (size_t i = 0; i < b->n && !rc; i++) {
		const struct item *it = &b->v[i].it;
		size_t at = (size_t)import_key_hash(it) & (cap - 1);
		for (;; at = (at + 1) & (cap - 1)) {
			if (!slots[at]) {
				slots[at] = i + 1;
				break;
			}
			const struct item *o = &b->v[slots[at] - 1].it;
			if (!strcmp(o->lang, it->lang) && !strcmp(o->slug, it->slug)) {
				buf_addf(err, "%s:1: slug '%s' is also used by %s", b->v[i].name,
					 it->slug, b->v[slots[at] - 1].name);
				/* Entry names of plain-text pages already carry a line. */
				if (strchr(b->v[i].name, ':')) {
					buf_reset(err);
					buf_addf(err, "%s: slug '%s' is also used by %s", b->v[i].name,
						 it->slug, b->v[slots[at] - 1].name);
				}
				rc = -1;
				break;
			}
		}
	}
	free(slots);
	return rc;
}

int import_item_same(const struct item *a, const struct item *b)
{
	if (a->kind != b->kind || a->status != b->status || a->published != b->published ||
	    a->part != b->part || a->ntags != b->ntags || a->embargo_until != b->embargo_until ||
	    a->deleted_at != b->deleted_at)
		return 0;
	const char *const fa[] = {a->title, a->lead, a->body, a->lang, a->slug, a->source_url,
				  a->source_title, a->series, a->translation_key};
	const char *const fb[] = {b->title, b->lead, b->body, b->lang, b->slug, b->source_url,
				  b->source_title, b->series, b->translation_key};
	for (size_t i = 0; i < sizeof(fa) / sizeof(fa[0]); i++)
		if (strcmp(fa[i], fb[i]) != 0)
			return 0;
	for (size_t i = 0; i < a->ntags; i++)
		if (strcmp(a->tags[i], b->tags[i]) != 0)
			return 0;
	return 1;
}

int import_commit(struct store *s, struct import_batch *b, int last_first,
		  struct import_result *res, struct buf *err,
		  void (*progress)(void *ctx, size_t done), void *ctx)
{
	memset(res, 0, sizeof(*res));
	if (store_begin(s)) {
		buf_adds(err, store_errmsg(s));
		return -1;
	}
	for (size_t k = 0; k < b->n; k++) {
		struct import_entry *e = &b->v[last_first ? b->n - 1 - k : k];
		struct item old;
		item_init(&old);
		enum store_err ge = store_item_get_slug(s, e->it.lang, e->it.slug, &old);
		if (ge && ge != STORE_NOTFOUND) {
			item_clear(&old);
			buf_addf(err, "%s: %s", e->name, store_errmsg(s));
			store_rollback(s);
			return -1;
		}
		int same = ge == STORE_OK && import_item_same(&old, &e->it);
		/* Fields only the newsroom sets stay as they were. */
		if (ge == STORE_OK)
			e->it.author_id = old.author_id;
		item_clear(&old);
		if (same) {
			res->unchanged++;
		} else {
			int created = 0;
			if (store_item_put(s, &e->it, &created)) {
				buf_addf(err, "%s: %s", e->name, store_errmsg(s));
				store_rollback(s);
				return -1;
			}
			created ? res->added++ : res->updated++;
		}
		if (progress)
			progress(ctx, k + 1);
	}
	if (store_commit(s)) {
		buf_adds(err, store_errmsg(s));
		store_rollback(s);
		return -1;
	}
	return 0;
}
