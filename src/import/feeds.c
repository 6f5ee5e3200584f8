/*
 * feeds.yaml: the followed feeds and the entries each has brought, as export
 * --markdown writes them, read into an import batch (import.h: import_feeds_read)
 * and written with it (import_feeds_write).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <yaml.h>

#include "../store/store_feeds.h"
#include "import.h"

/* A feeds.yaml larger than this is not one (some 200,000 entries fit). */
#define FEEDS_MAX_FILE ((size_t)64 << 20)
/* The longest entry key and fingerprint read back (a feed's ids and links). */
#define FEEDS_KEY_MAX 4096
#define FEEDS_SEEN_MAX 200

struct feeds_reader {
	const char *path;
	yaml_document_t doc;
	unsigned char *seen;     /* per node: reached once already (an alias) */
	struct buf *err;
};

/* Shows the control bytes (line breaks) of err from byte from on as spaces: a value
 * from the file quoted in a message, which stays one line. Returns -1. */
static int feeds_one_line(struct buf *err, size_t from)
{
	for (size_t i = from; i < err->len && !buf_failed(err); i++)
		if ((unsigned char)err->data[i] < 0x20 || err->data[i] == 0x7f)
			err->data[i] = ' ';
	return -1;
}

/* "path:LINE: " and fmt with arg, a value from the file. Returns -1. */
static int feeds_fail(struct feeds_reader *r, const yaml_node_t *n, const char *fmt, const char *arg)
{
	buf_addf(r->err, "%s:%zu: ", r->path, n ? n->start_mark.line + 1 : (size_t)1);
	size_t from = r->err->len;
	buf_addf(r->err, fmt, arg);
	return feeds_one_line(r->err, from);
}

/* The node at index i, NULL for a node reached before: an alias would let a small
 * file be walked as a huge one, and export --markdown never writes one. */
static yaml_node_t *feeds_node(struct feeds_reader *r, int i)
{
	yaml_node_t *n = yaml_document_get_node(&r->doc, i);
	size_t k = (size_t)(i - 1);
	if (!n || r->seen[k])
		return NULL;
	r->seen[k] = 1;
	return n;
}

/* A scalar's text, or NULL (said in err) when it is not text, has a NUL or is longer
 * than max. */
static const char *feeds_text(struct feeds_reader *r, const yaml_node_t *n, const char *key,
			      size_t max)
{
	if (n->type != YAML_SCALAR_NODE) {
		feeds_fail(r, n, "%s: the value must be text", key);
		return NULL;
	}
	const char *v = (const char *)n->data.scalar.value;
	size_t vn = n->data.scalar.length;
	if (memchr(v, '\0', vn) || vn > max) {
		feeds_fail(r, n, vn > max ? "%s: too long" : "%s: a NUL byte in the value", key);
		return NULL;
	}
	return v;
}

/* Walks a mapping: fn gets each key's text and its value node. */
static int feeds_map(struct feeds_reader *r, const yaml_node_t *m, const char *what,
		     int (*fn)(struct feeds_reader *r, const char *key, yaml_node_t *v, void *ctx),
		     void *ctx)
{
	if (m->type != YAML_MAPPING_NODE)
		return feeds_fail(r, m, "%s must be a mapping of names to values", what);
	for (yaml_node_pair_t *p = m->data.mapping.pairs.start; p < m->data.mapping.pairs.top; p++) {
		yaml_node_t *k = feeds_node(r, p->key), *v = feeds_node(r, p->value);
		if (!k || !v)
			return feeds_fail(r, m, "%s: aliases and anchors are not read here", what);
		const char *name = feeds_text(r, k, what, 64);
		if (!name || fn(r, name, v, ctx))
			return -1;
	}
	return 0;
}

static int feeds_bool(struct feeds_reader *r, const char *key, const yaml_node_t *v, int *out)
{
	const char *t = feeds_text(r, v, key, 16);
	if (!t)
		return -1;
	if (strcmp(t, "true") && strcmp(t, "false"))
		return feeds_fail(r, v, "%s: true or false", key);
	*out = !strcmp(t, "true");
	return 0;
}

/* One entry's keys. */
static int feeds_entry_key(struct feeds_reader *r, const char *key, yaml_node_t *v, void *ctx)
{
	struct import_feed_entry *e = ctx;
	char **slot = !strcmp(key, "key")    ? &e->key
		      : !strcmp(key, "item") ? &e->item
		      : !strcmp(key, "seen") ? &e->seen
					     : NULL;
	if (!slot)
		return feeds_fail(r, v, "unknown entry field '%s'", key);
	const char *t = feeds_text(r, v, key, slot == &e->seen ? FEEDS_SEEN_MAX : FEEDS_KEY_MAX);
	if (!t)
		return -1;
	if (*slot)
		return feeds_fail(r, v, "%s: given twice", key);
	if (slot == &e->item && *t) {
		/* "lang/slug", as the export names items. */
		const char *slash = strchr(t, '/');
		char lang[64];
		if (!slash || (size_t)(slash - t) >= sizeof lang || item_valid_slug(slash + 1))
			return feeds_fail(r, v, "item: '%s' is not LANGUAGE/SLUG", t);
		memcpy(lang, t, (size_t)(slash - t));
		lang[slash - t] = '\0';
		if (item_valid_lang(lang))
			return feeds_fail(r, v, "item: '%s' is not LANGUAGE/SLUG", t);
	}
	if (!(*slot = strdup(t)))
		return feeds_fail(r, v, "%s", "out of memory");
	return 0;
}

static int feeds_key_cmp(const void *a, const void *b)
{
	return strcmp(((const struct import_feed_entry *)a)->key,
		      ((const struct import_feed_entry *)b)->key);
}

static int feeds_entries(struct feeds_reader *r, const yaml_node_t *seq, struct import_feed *f)
{
	if (seq->type != YAML_SEQUENCE_NODE)
		return feeds_fail(r, seq, "%s", "entries: a list of entries");
	size_t n = (size_t)(seq->data.sequence.items.top - seq->data.sequence.items.start);
	if (n && !(f->v = calloc(n, sizeof(*f->v))))
		return feeds_fail(r, seq, "%s", "out of memory");
	for (yaml_node_item_t *i = seq->data.sequence.items.start; i < seq->data.sequence.items.top; i++) {
		yaml_node_t *m = feeds_node(r, *i);
		if (!m)
			return feeds_fail(r, seq, "%s", "entries: aliases and anchors are not read here");
		struct import_feed_entry *e = &f->v[f->n++];
		e->line = m->start_mark.line + 1;
		if (feeds_map(r, m, "an entry", feeds_entry_key, e))
			return -1;
		if (!e->key || !*e->key)
			return feeds_fail(r, m, "%s", "an entry needs its key");
		if (!e->item && !(e->item = strdup("")))
			return feeds_fail(r, m, "%s", "out of memory");
		if (!e->seen && !(e->seen = strdup("")))
			return feeds_fail(r, m, "%s", "out of memory");
	}
	/* Sorted by key: a key listed twice is a mistake, and said. */
	if (f->n)
		qsort(f->v, f->n, sizeof(*f->v), feeds_key_cmp);
	for (size_t i = 1; i < f->n; i++)
		if (!strcmp(f->v[i - 1].key, f->v[i].key)) {
			size_t from = r->err->len;
			buf_addf(r->err, "%s:%zu: entry '%s' listed twice (also line %zu)", r->path,
				 f->v[i].line > f->v[i - 1].line ? f->v[i].line : f->v[i - 1].line,
				 f->v[i].key,
				 f->v[i].line > f->v[i - 1].line ? f->v[i - 1].line : f->v[i].line);
			return feeds_one_line(r->err, from);
		}
	return 0;
}

/* One feed's keys. */
static int feeds_feed_key(struct feeds_reader *r, const char *key, yaml_node_t *v, void *ctx)
{
	struct import_feed *f = ctx;
	struct feed_row *row = &f->row;
	if (!strcmp(key, "url")) {
		const char *t = feeds_text(r, v, key, FEED_URL_MAX - 1);
		if (!t)
			return -1;
		if (item_valid_url(t))
			return feeds_fail(r, v, "url: '%s' is not an http or https URL with a host", t);
		snprintf(row->url, sizeof row->url, "%s", t);
		return 0;
	}
	if (!strcmp(key, "publish"))
		return feeds_bool(r, key, v, &row->publish);
	if (!strcmp(key, "allow_private"))
		return feeds_bool(r, key, v, &row->allow_private);
	if (!strcmp(key, "fetch_media"))
		return feeds_bool(r, key, v, &row->fetch_media);
	if (!strcmp(key, "interval")) {
		const char *t = feeds_text(r, v, key, 16);
		char *end;
		long long s = t ? strtoll(t, &end, 10) : 0;
		if (!t)
			return -1;
		if (!*t || *end || s < FEED_INTERVAL_MIN || s > FEED_INTERVAL_MAX)
			return feeds_fail(r, v, "%s", "interval: seconds from 1 to 2592000");
		row->interval = s;
		return 0;
	}
	if (!strcmp(key, "lang")) {
		const char *t = feeds_text(r, v, key, sizeof(row->lang) - 1);
		if (!t)
			return -1;
		snprintf(row->lang, sizeof row->lang, "%s", t);
		if (*t && item_valid_lang(row->lang))
			return feeds_fail(r, v, "lang: '%s' is not a language tag like en, ru or en-GB", t);
		item_lang_case(row->lang);
		return 0;
	}
	if (!strcmp(key, "entries"))
		return f->v ? feeds_fail(r, v, "%s", "entries: given twice") : feeds_entries(r, v, f);
	return feeds_fail(r, v, "unknown feed field '%s'", key);
}

static int feeds_read_doc(struct feeds_reader *r, struct import_batch *b)
{
	yaml_node_t *root = yaml_document_get_root_node(&r->doc);
	if (!root)
		return 0; /* an empty file: no feeds */
	r->seen[0] = 1;
	if (root->type == YAML_SCALAR_NODE && root->data.scalar.length == 0)
		return 0;
	if (root->type != YAML_SEQUENCE_NODE)
		return feeds_fail(r, root, "%s", "the feeds must be a list");
	for (yaml_node_item_t *i = root->data.sequence.items.start; i < root->data.sequence.items.top; i++) {
		yaml_node_t *m = feeds_node(r, *i);
		if (!m)
			return feeds_fail(r, root, "%s", "aliases and anchors are not read here");
		struct import_feed *f = import_batch_feed(b);
		if (!f)
			return feeds_fail(r, m, "%s", "out of memory");
		f->line = m->start_mark.line + 1;
		f->row.interval = 900;
		if (feeds_map(r, m, "a feed", feeds_feed_key, f))
			return -1;
		if (!f->row.url[0])
			return feeds_fail(r, m, "%s", "a feed needs its url");
		for (size_t k = 0; k + 1 < b->nfeeds; k++)
			if (!strcmp(b->feeds[k].row.url, f->row.url)) {
				buf_addf(r->err, "%s:%zu: feed %s listed twice (also line %zu)", r->path,
					 f->line, f->row.url, b->feeds[k].line);
				return -1;
			}
	}
	return 0;
}

int import_feeds_parse(const char *path, const char *text, size_t len, struct import_batch *b,
		       struct buf *err)
{
	yaml_parser_t p;
	struct feeds_reader fr = {.path = path, .err = err};
	if (!yaml_parser_initialize(&p)) {
		buf_addf(err, "%s:1: out of memory", path);
		return -1;
	}
	size_t bom = import_yaml_input(&p, text, len);
	if (!yaml_parser_load(&p, &fr.doc)) {
		buf_addf(err, "%s:%zu: not valid YAML: %s", path, import_yaml_error_line(&p, text + bom, len - bom),
			 p.problem ? p.problem : "unreadable");
		yaml_parser_delete(&p);
		return -1;
	}
	int rc = 0;
	size_t nodes = (size_t)(fr.doc.nodes.top - fr.doc.nodes.start);
	if (!(fr.seen = calloc(nodes + 1, 1))) {
		buf_addf(err, "%s:1: out of memory", path);
		rc = -1;
	}
	size_t first = b->nfeeds;
	if (!rc)
		rc = feeds_read_doc(&fr, b);
	/* A second document would be ignored by the loader's first call: refuse it. */
	yaml_document_t next;
	if (!rc) {
		if (!yaml_parser_load(&p, &next)) {
			buf_addf(err, "%s:%zu: not valid YAML: %s", path,
				 import_yaml_error_line(&p, text + bom, len - bom), p.problem ? p.problem : "unreadable");
			rc = -1;
		} else {
			if (yaml_document_get_root_node(&next)) {
				buf_addf(err, "%s:%zu: a second YAML document: the feeds are one list",
					 path, next.start_mark.line + 1);
				rc = -1;
			}
			yaml_document_delete(&next);
		}
	}
	if (!rc && b->nfeeds > first) {
		size_t entries = 0;
		for (size_t i = first; i < b->nfeeds; i++)
			entries += b->feeds[i].n;
		buf_addf(&b->info, "%s: %zu followed feed%s with %zu entr%s\n", path, b->nfeeds - first,
			 b->nfeeds - first == 1 ? "" : "s", entries, entries == 1 ? "y" : "ies");
	}
	free(fr.seen);
	yaml_document_delete(&fr.doc);
	yaml_parser_delete(&p);
	return rc;
}

int import_feeds_read(const char *path, struct import_batch *b, struct buf *err)
{
	char *text;
	size_t len;
	if (import_read_whole(path, FEEDS_MAX_FILE, "larger than 64 MiB: not a list of feeds", &text,
			      &len, err))
		return -1;
	int r = import_feeds_parse(path, text, len, b, err);
	free(text);
	return r ? -1 : 0;
}

int import_feeds_write(struct store *s, struct import_batch *b, struct import_result *res,
		       struct buf *err)
{
	for (size_t i = 0; i < b->nfeeds; i++) {
		struct import_feed *f = &b->feeds[i];
		struct feed_row have;
		enum store_err e = store_feed_get_url(s, f->row.url, &have);
		if (e == STORE_NOTFOUND) {
			/* Followed here from now on, with the options it had. */
			if (!(e = store_feed_add(s, &f->row, &have.id, NULL)))
				res->feeds_added++;
		} else if (!e) {
			res->feeds_kept++; /* followed already: its options here stay */
		}
		for (size_t k = 0; k < f->n && !e; k++) {
			const struct import_feed_entry *en = &f->v[k];
			int64_t item_id = 0;
			e = store_feed_entry_get(s, have.id, en->key, &item_id, NULL);
			if (!e) {
				res->feed_entries_known++;
				continue;
			}
			if (e != STORE_NOTFOUND)
				break;
			item_id = 0;
			e = STORE_OK;
			if (*en->item) {
				char lang[64];
				const char *slash = strchr(en->item, '/');
				snprintf(lang, sizeof lang, "%.*s", (int)(slash - en->item), en->item);
				struct item it;
				item_init(&it);
				e = store_item_get_slug(s, lang, slash + 1, &it);
				item_id = it.id;
				item_clear(&it);
				if (e == STORE_NOTFOUND) {
					/* Neither imported nor here: known, never brought again. */
					res->feed_entries_unlinked++;
					e = STORE_OK;
					item_id = 0;
				}
			}
			if (!e)
				e = store_feed_entry_put(s, have.id, en->key, item_id, en->seen);
			if (!e)
				res->feed_entries_added++;
		}
		if (e) {
			buf_addf(err, "%s: %s", f->row.url, store_errmsg(s));
			return -1;
		}
	}
	return 0;
}
