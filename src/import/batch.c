/* The batch every importer fills, and writing it to the store in one transaction. */
#include <errno.h>
#include <inttypes.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <sodium.h>

#include "../base/clock.h"
#include "../base/tz.h"
#include "../newsroom/media.h"
#include "../site/urls.h"
#include "../store/store_newsroom.h"
#include "../base/strset.h"
#include "import.h"

void import_batch_init(struct import_batch *b)
{
	memset(b, 0, sizeof(*b));
	buf_init(&b->info, 1 << 20);
}

void import_entry_clear(struct import_entry *e)
{
	free(e->name);
	free(e->alt_slug);
	free(e->tie_slug);
	free(e->tie_plain);
	free(e->series_next);
	free(e->aliases);
	free(e->made_aliases);
	free(e->old_slugs[0]);
	free(e->old_slugs[1]);
	free(e->origin);
	item_clear(&e->it);
}

void import_batch_clear(struct import_batch *b)
{
	for (size_t i = 0; i < b->n; i++)
		import_entry_clear(&b->v[i]);
	free(b->v);
	for (size_t i = 0; i < b->nnotes; i++) {
		free(b->notes[i].name);
		free(b->notes[i].why);
	}
	free(b->notes);
	for (size_t i = 0; i < b->nmedia; i++) {
		free(b->media[i].path);
		free(b->media[i].original);
	}
	free(b->media);
	for (size_t i = 0; i < b->nmeta; i++)
		free(b->meta[i].original_name);
	free(b->meta);
	free(b->meta_path);
	for (size_t i = 0; i < b->nsettings; i++) {
		free(b->settings[i].key);
		free(b->settings[i].value);
	}
	free(b->settings);
	for (size_t i = 0; i < b->nfeeds; i++) {
		for (size_t k = 0; k < b->feeds[i].n; k++) {
			free(b->feeds[i].v[k].key);
			free(b->feeds[i].v[k].item);
			free(b->feeds[i].v[k].seen);
		}
		free(b->feeds[i].v);
	}
	free(b->feeds);
	buf_release(&b->info);
	memset(b, 0, sizeof(*b));
}

/* Room for one more element in *v (n used of *cap, elements of size bytes), doubling
 * from first. -1 when out of memory. */
static int import_grow(void *v, size_t *cap, size_t n, size_t size, size_t first)
{
	if (n < *cap)
		return 0;
	size_t c = *cap ? *cap * 2 : first;
	void *nv = realloc(*(void **)v, c * size);
	if (!nv)
		return -1;
	*(void **)v = nv;
	*cap = c;
	return 0;
}

struct item *import_batch_add(struct import_batch *b, const char *name)
{
	if (b->n >= IMPORT_MAX_ITEMS)
		return NULL;
	if (import_grow(&b->v, &b->cap, b->n, sizeof(*b->v), 64))
		return NULL;
	struct import_entry *e = &b->v[b->n];
	memset(e, 0, sizeof(*e));
	e->name = strdup(name);
	e->order = 1;
	e->seq = b->n;
	if (!e->name)
		return NULL;
	item_init(&e->it);
	/* No reader but the front matter knows of embargoes: keep the stored one. */
	e->it.embargo_until = ITEM_EMBARGO_KEEP;
	b->n++;
	return &e->it;
}

/* import_batch_sort_ties's order. */
static int import_tie_cmp(const void *pa, const void *pb)
{
	const struct import_entry *a = pa, *b = pb;
	if (a->it.published != b->it.published)
		return a->it.published < b->it.published ? -1 : 1;
	if (a->order != b->order)
		return a->order < b->order ? -1 : 1;
	return a->seq < b->seq ? -1 : a->seq > b->seq;
}

void import_batch_sort_ties(struct import_batch *b)
{
	size_t i = 0;
	while (i < b->n && b->v[i].order <= 1)
		i++;
	if (i < b->n)
		qsort(b->v, b->n, sizeof(*b->v), import_tie_cmp);
}

int import_batch_setting(struct import_batch *b, const char *key, const char *value)
{
	if (import_grow(&b->settings, &b->capsettings, b->nsettings, sizeof(*b->settings), 16))
		return -1;
	char *k = strdup(key), *val = strdup(value);
	if (!k || !val) {
		free(k);
		free(val);
		return -1;
	}
	b->settings[b->nsettings++] = (struct import_setting){k, val};
	return 0;
}

struct import_feed *import_batch_feed(struct import_batch *b)
{
	if (import_grow(&b->feeds, &b->capfeeds, b->nfeeds, sizeof(*b->feeds), 4))
		return NULL;
	struct import_feed *f = &b->feeds[b->nfeeds++];
	memset(f, 0, sizeof(*f));
	return f;
}

void import_batch_origin(struct import_batch *b, const char *url)
{
	const char *h = url ? strstr(url, "://") : NULL;
	if (!h)
		return;
	h += 3;
	size_t hn = strcspn(h, "/:?#");
	if (hn && hn < sizeof b->origin)
		snprintf(b->origin, sizeof b->origin, "%.*s", (int)hn, h);
}

int import_batch_alt_slug(struct import_batch *b, const char *slug)
{
	if (!b->n)
		return -1;
	struct import_entry *e = &b->v[b->n - 1];
	free(e->alt_slug);
	e->alt_slug = strdup(slug);
	return e->alt_slug ? 0 : -1;
}

int import_entry_old_slug(struct import_entry *e, const char *slug)
{
	char *copy = strdup(slug);
	if (!copy)
		return -1;
	free(e->old_slugs[1]);
	e->old_slugs[1] = e->old_slugs[0];
	e->old_slugs[0] = copy;
	return 0;
}

void import_batch_drop_last(struct import_batch *b)
{
	if (b->n)
		import_batch_drop(b, b->n - 1);
}

void import_batch_drop(struct import_batch *b, size_t i)
{
	if (i >= b->n)
		return;
	import_entry_clear(&b->v[i]);
	memmove(&b->v[i], &b->v[i + 1], (b->n - i - 1) * sizeof(b->v[0]));
	b->n--;
}

int import_batch_note(struct import_batch *b, const char *name, const char *why)
{
	if (import_grow(&b->notes, &b->capnotes, b->nnotes, sizeof(*b->notes), 16))
		return -1;
	char *copy = strdup(name), *because = strdup(why);
	if (!copy || !because) {
		free(copy);
		free(because);
		return -1;
	}
	b->notes[b->nnotes++] = (struct import_note){copy, because};
	return 0;
}

int import_read_file(const char *path, size_t max, char **data, size_t *cap, size_t *len,
		     struct buf *err)
{
	/* O_NONBLOCK: a FIFO is reported as not a file instead of waiting forever. */
	int fd = open(path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC | O_NONBLOCK);
	struct stat st;
	if (fd < 0 || fstat(fd, &st)) {
		buf_addf(err, "%s:1: %s", path, strerror(errno));
		if (fd >= 0)
			close(fd);
		return -1;
	}
	int rc = !S_ISREG(st.st_mode) ? IMPORT_READ_NOT_FILE
		 : (size_t)st.st_size > max ? IMPORT_READ_TOO_LARGE : 0;
	size_t size = (size_t)st.st_size, got = 0;
	if (!rc && size + 1 > *cap) {
		char *p = realloc(*data, size + 1);
		if (!p) {
			buf_addf(err, "%s:1: out of memory", path);
			rc = -1;
		} else {
			*data = p;
			*cap = size + 1;
		}
	}
	while (!rc && got < size) {
		ssize_t r = read(fd, *data + got, size - got);
		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0) {
			buf_addf(err, "%s:1: cannot read: %s", path, r ? strerror(errno) : "file shrank");
			rc = -1;
		}
		got += r > 0 ? (size_t)r : 0;
	}
	close(fd);
	if (!rc) {
		(*data)[got] = '\0';
		*len = got;
	}
	return rc;
}

int import_read_whole(const char *path, size_t max, const char *too_large, char **data,
		      size_t *len, struct buf *err)
{
	size_t cap = 0;
	*data = NULL;
	int r = import_read_file(path, max, data, &cap, len, err);
	if (r > 0)
		buf_addf(err, "%s:1: %s", path,
			 r == IMPORT_READ_TOO_LARGE ? too_large : "not a regular file");
	if (r) {
		free(*data);
		*data = NULL;
		return -1;
	}
	return 0;
}

int import_media_load(const char *path, int named, unsigned char **data, size_t *n,
		      char name[96], char sha[65], const char **why, struct buf *err)
{
	*data = NULL;
	*n = 0;
	*why = NULL;
	char *text = NULL;
	size_t cap = 0, size = 0;
	int r = import_read_file(path, NR_MEDIA_MAX, &text, &cap, &size, err);
	if (r) {
		free(text);
		if (r < 0)
			return -1;
		*why = r == IMPORT_READ_TOO_LARGE ? "larger than the media library's limit (10 MiB)"
						  : "not a regular file";
		return 1;
	}
	unsigned char *d = (unsigned char *)text;
	const char *base = strrchr(path, '/');
	base = base ? base + 1 : path;
	*why = import_media_check(d, size, name, sha);
	if (!*why && named && strcmp(base, name))
		*why = "not named by its content as the media library names files (the first 16 "
		       "hex digits of its SHA-256 and its type's extension): links to it would "
		       "not match";
	if (*why) {
		free(d);
		return 1;
	}
	*data = d;
	*n = size;
	return 0;
}

const char *import_media_check(const unsigned char *d, size_t n, char name[96], char sha[65])
{
	if (n > NR_MEDIA_MAX)
		return "larger than the media library's limit (10 MiB)";
	const struct nr_media_type *t = nr_media_sniff(d, n);
	if (!t)
		return "not a JPEG, PNG, WebP or PDF file";
	nr_media_name(d, n, t, sha, name, 96);
	return NULL;
}

int import_dests_rewrite(const char *body, struct buf *out,
			 int (*fn)(void *ctx, const char *d, size_t n, struct buf *to), void *ctx)
{
	const char *copied = body;
	/* A "<" destination with no ">" before the line's end: others on that line have
	 * none either, so the line is not searched again for each of them. */
	const char *open_until = body;
	struct buf to;
	buf_init(&to, 1 << 16);
	int rc = 0;
	buf_reset(out);
	for (const char *p = body; (p = strchr(p, ']')) && rc >= 0; p++) {
		if (p[1] != '(' && p[1] != ':')
			continue;
		const char *d = p + 2;
		while (*d == ' ' || *d == '\t')
			d++;
		const char *e;
		if (*d == '<') {
			if (++d < open_until)
				continue;
			e = strpbrk(d, ">\n");
			if (!e || *e != '>') {
				open_until = e ? e : d + strlen(d);
				continue;
			}
		} else {
			e = d;
			while (*e && *e != ' ' && *e != '\t' && *e != '\n' && *e != ')')
				e++;
		}
		buf_reset(&to);
		int r = fn(ctx, d, (size_t)(e - d), &to);
		if (r < 0) {
			rc = -1;
		} else if (r > 0) {
			buf_add(out, copied, (size_t)(d - copied));
			buf_add(out, to.data, to.len);
			copied = e;
			rc = 1;
		}
		p = e - 1;
	}
	if (rc > 0)
		buf_adds(out, copied);
	if (buf_failed(&to) || buf_failed(out))
		rc = -1;
	buf_release(&to);
	return rc;
}

int import_batch_media(struct import_batch *b, const char *path, const char *name, int named)
{
	for (size_t i = 0; i < b->nmedia; i++)
		if (!strcmp(b->media[i].name, name))
			return 0;
	if (import_grow(&b->media, &b->capmedia, b->nmedia, sizeof(*b->media), 16))
		return -1;
	struct import_media *m = &b->media[b->nmedia];
	m->original = NULL;
	if (!(m->path = strdup(path)))
		return -1;
	snprintf(m->name, sizeof(m->name), "%s", name);
	m->named = named;
	b->nmedia++;
	return 0;
}

int import_media_write(struct store *s, struct import_batch *b, struct import_result *res,
		       struct buf *err)
{
	int64_t now = clock_now();
	for (size_t i = 0; i < b->nmedia; i++) {
		const struct import_media *im = &b->media[i];
		unsigned char *data;
		size_t n;
		const char *why;
		char name[96];
		struct nr_media m = {.created = now};
		int r = import_media_load(im->path, im->named, &data, &n, name, m.sha256, &why, err);
		if (r > 0 || (!r && strcmp(name, im->name))) {
			buf_addf(err, "%s:1: changed while it was imported", im->path);
			free(data);
			return -1;
		}
		if (r < 0)
			return -1;
		m.size = (int64_t)n;
		snprintf(m.name, sizeof(m.name), "%s", name);
		snprintf(m.type, sizeof(m.type), "%s", nr_media_type_of(name)->mime);
		const char *base = strrchr(im->path, '/');
		snprintf(m.original_name, sizeof(m.original_name), "%s",
			 im->original ? im->original : base ? base + 1 : im->path);
		/* An export's media.yaml keeps what the upload was called and when: the
		 * file's own name is its content's. */
		const struct import_media_meta *mm = im->named ? import_media_meta_find(b, name) : NULL;
		if (mm && mm->original_name)
			snprintf(m.original_name, sizeof(m.original_name), "%s", mm->original_name);
		if (mm && mm->dated)
			m.created = mm->created;
		int existed = 0;
		enum store_err e = store_nr_media_add(s, &m, data, &existed);
		free(data);
		if (e) {
			buf_addf(err, "%s: %s", im->path, store_errmsg(s));
			return -1;
		}
		existed ? res->media_unchanged++ : res->media_added++;
	}
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

/* "lang\nslug" into key (IMPORT_KEY_MAX bytes): the key of claimed slugs. */
#define IMPORT_KEY_MAX 256
static const char *import_slug_key(char *key, const char *lang, const char *slug)
{
	snprintf(key, IMPORT_KEY_MAX, "%s\n%s", lang, slug);
	return key;
}

/* Moves e to its alt_slug if it has one and other (the item under its slug) is
 * another day's: 1 if it moved (it has no alt_slug after; the caller looks again
 * under the new slug, and calls again while it moves). The same day in the
 * site's zone is the same item (a time set since, a date written into a Jekyll
 * post), unless e has a tie_slug and other has another title and lead (then e
 * moves there); and so is one a day or so away that says exactly what e says (the
 * site's zone changed since: midnight moved). The slug e moves to is added to
 * claimed; one that is claimed already (another entry of the batch is written
 * there) is never taken: -1 with err set then, e as it was (written under its slug,
 * e would overwrite another's item), and -1 with err set when out of memory. */
static int import_take_alt(struct import_entry *e, const struct item *other, const char *zone,
			   struct strset *claimed, struct buf *err)
{
	if (!e->alt_slug && !e->tie_slug)
		return 0;
	struct civil a = {0}, b = {0};
	const char *z = zone ? zone : "UTC";
	char **to = &e->alt_slug;
	if (!tz_civil(z, other->published, &a) && !tz_civil(z, e->it.published, &b) &&
	    a.year == b.year && a.month == b.month && a.day == b.day) {
		/* The same day: this entry's, unless it is another long title cut alike
		 * that says something else (a corrected title keeps its lead). Under its
		 * dated slug too: that is the cut slug's, for every long title of the day. */
		if (!e->tie_slug || !strcmp(other->title, e->it.title) ||
		    !strcmp(other->lead, e->it.lead))
			return 0;
		to = &e->tie_slug;
	} else {
		if (!e->alt_slug)
			return 0;
		if (e->alt_keeps_title && !strcmp(other->title, e->it.title))
			return 0;
		int64_t d = other->published - e->it.published;
		if (d > -26 * 3600 && d < 26 * 3600 && !strcmp(other->title, e->it.title) &&
		    !strcmp(other->lead, e->it.lead) && !strcmp(other->body, e->it.body))
			return 0;
	}
	char key[IMPORT_KEY_MAX];
	int r = strset_add(claimed, import_slug_key(key, e->it.lang, *to));
	if (r < 0) {
		buf_addf(err, "%s: out of memory", e->name);
		return -1;
	}
	if (!r) {
		buf_addf(err, "%s: slug '%s' is another item's, and '%s', the one this entry "
			 "would take instead, is another entry's of this import", e->name,
			 e->it.slug, *to);
		return -1;
	}
	/* Another day's item has the slug: said, since the address is not the one the
	 * entry's title (or file) gives. */
	if (to == &e->alt_slug)
		snprintf(e->alt_note, sizeof e->alt_note,
			 "slug '%.60s' is an item's of %04d-%02d-%02d here: this one is '%.80s'",
			 e->it.slug, a.year, a.month, a.day, *to);
	free(e->it.slug);
	e->it.slug = *to;
	*to = NULL;
	return 1;
}

/* *old, emptied, refilled with the item stored under lang and slug. */
static enum store_err import_refetch(struct store *s, const char *lang, const char *slug,
				     struct item *old)
{
	item_clear(old);
	item_init(old);
	return store_item_get_slug(s, lang, slug, old);
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
			/* Another day's entry of the same title: import_commit gives the
			 * second one written its dated slug. */
			if (b->v[i].alt_slug && b->v[slots[at] - 1].alt_slug &&
			    o->published != it->published)
				continue;
			if (!strcmp(o->lang, it->lang) && !strcmp(o->slug, it->slug)) {
				/* The line of its slug: when it gave one, else the file. */
				buf_addf(err, "%s:%zu: slug '%s' is also used by %s", b->v[i].name,
					 b->v[i].slug_line ? b->v[i].slug_line : 1, it->slug,
					 b->v[slots[at] - 1].name);
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

/* The batch's settings, where the site has no value of its own. */
static int import_commit_settings(struct store *s, const struct import_batch *b,
				  struct import_result *res, struct buf *err)
{
	for (size_t i = 0; i < b->nsettings; i++) {
		const struct import_setting *st = &b->settings[i];
		char *have = NULL;
		enum store_err e = store_setting_get(s, st->key, &have);
		if (e == STORE_OK && have && *have) {
			res->settings_kept += strcmp(have, st->value) != 0;
		} else if ((e == STORE_OK || e == STORE_NOTFOUND) &&
			   store_setting_set(s, st->key, st->value) == STORE_OK) {
			res->settings_set++;
		} else {
			buf_addf(err, "setting %s: %s", st->key, store_errmsg(s));
			free(have);
			return -1;
		}
		free(have);
	}
	return 0;
}

/* Whether titles a and b begin alike for at least half of the shorter: a title
 * corrected, not another release that happens to say the same in its lead. */
static int import_titles_alike(const char *a, const char *b)
{
	size_t la = strlen(a), lb = strlen(b), k = 0;
	while (a[k] && a[k] == b[k])
		k++;
	return k * 2 >= (la < lb ? la : lb);
}

/* import_entry.by_lead: the one item of e's day and language whose lead is e's (not
 * empty) and whose title begins like e's, or whose title is e's, and that no entry of
 * the batch has claimed, into *old, e taking its slug; NOTFOUND (CONFLICT: more than
 * one) when there is none. */
static enum store_err import_by_lead(struct store *s, struct import_entry *e,
				     struct strset *claimed, struct item *old)
{
	struct item_query q = {.kind = -1, .lang = e->it.lang, .from = e->it.published,
			       .to = e->it.published + 1, .brief = 1};
	struct item *v;
	size_t n, found = 0, at = 0;
	char key[IMPORT_KEY_MAX];
	if (store_item_list(s, &q, &v, &n))
		return STORE_IO;
	/* Or the one of its title: the page's full article imported before, with no
	 * lead, under its own slug ("-part-1"). */
	for (size_t i = 0; i < n; i++)
		if (!v[i].deleted_at &&
		    ((*e->it.lead && !strcmp(v[i].lead, e->it.lead) &&
		      import_titles_alike(v[i].title, e->it.title)) ||
		     !strcmp(v[i].title, e->it.title)) &&
		    !strset_has(claimed, import_slug_key(key, v[i].lang, v[i].slug))) {
			found++;
			at = i;
		}
	enum store_err r = found == 1 ? STORE_OK : found ? STORE_CONFLICT : STORE_NOTFOUND;
	if (found == 1) {
		char *slug = strdup(v[at].slug);
		if (!slug || strset_add(claimed, import_slug_key(key, v[at].lang, slug)) < 0) {
			free(slug);
			r = STORE_IO;
		} else {
			free(e->it.slug);
			e->it.slug = slug;
			r = import_refetch(s, e->it.lang, slug, old);
		}
	}
	store_items_free(v, n);
	return r;
}

/* import_entry.series_next: e becomes the part of its date and title of that
 * series, or the part after its last, when the site has parts of it. 0, -1 (the
 * store's message set) or -2 out of memory. */
static int import_join_series(struct store *s, struct import_entry *e)
{
	struct item_query q = {.kind = -1, .lang = e->it.lang, .series = e->series_next,
			       .brief = 1};
	struct item *v;
	size_t n;
	if (store_item_list(s, &q, &v, &n))
		return -1;
	int last = 0, rc = 0;
	const struct item *same = NULL;
	for (size_t i = 0; i < n; i++) {
		if (v[i].deleted_at)
			continue;
		if (v[i].part > last)
			last = v[i].part;
		if (v[i].published == e->it.published && import_titles_alike(v[i].title, e->it.title))
			same = &v[i];
	}
	if (last > 0 && last < 999) {
		char slug[160];
		if (same)
			snprintf(slug, sizeof slug, "%s", same->slug);
		else
			snprintf(slug, sizeof slug, "%.120s-part-%d", e->series_next, last + 1);
		if (!item_valid_slug(slug)) {
			e->it.part = same ? same->part : last + 1;
			/* Imported before the series' first part came, under its own slug
			 * ("...-continued"): that item is this one, and joins the series there
			 * (import_commit looks under the old slug), not a second item. */
			if (!same)
				e->old_slug_own = 1;
			if ((!same && import_entry_old_slug(e, e->it.slug)) ||
			    item_set_s(&e->it.slug, slug) || item_set_s(&e->it.series, e->series_next))
				rc = -2;
		}
	}
	store_items_free(v, n);
	free(e->series_next);
	e->series_next = NULL;
	return rc;
}

/* import_entry.list_entry: what the entry does not say, from the stored item. 0, or
 * -1 out of memory. */
static int import_keep_article(struct item *it, const struct item *old)
{
	int r = item_set_field(&it->body, old->body, strlen(old->body)) |
		item_set_field(&it->series, old->series, strlen(old->series)) |
		item_set_field(&it->source_url, old->source_url, strlen(old->source_url)) |
		item_set_field(&it->source_title, old->source_title, strlen(old->source_title)) |
		item_set_field(&it->translation_key, old->translation_key,
			       strlen(old->translation_key));
	it->part = old->part;
	for (size_t i = 0; i < it->ntags; i++)
		free(it->tags[i]);
	it->ntags = 0;
	for (size_t i = 0; i < old->ntags; i++)
		r |= item_add_tag(it, old->tags[i], strlen(old->tags[i]));
	return r ? -1 : 0;
}

/* "NAME: why" as a line of b->info (what the import did, not what it skipped). */
static int import_batch_note_info(struct import_batch *b, const char *name, const char *why)
{
	buf_addf(&b->info, "%s: %s\n", name, why);
	return buf_failed(&b->info) ? -1 : 0;
}

/* Entry e's old addresses, each leading to item id from now on; one that led to
 * another item is said in b's notes, and so is one the last import of its source
 * gave and this one does not, which is taken off the item (not for pressroom add's
 * files, b->edit: the office's own). 0, or -1 with err set. */
static int import_aliases_write(struct store *s, struct import_batch *b,
				const struct import_entry *e, int64_t id, struct import_result *res,
				struct buf *err)
{
	char path[URL_ALIAS_MAX + 1];
	struct buf fresh, removed;
	buf_init(&fresh, 0);
	buf_init(&removed, 0);
	int rc = 0;
	for (const char *a = e->aliases, *nl; !rc && a && (nl = strchr(a, '\n')); a = nl + 1) {
		int changed = 0;
		snprintf(path, sizeof(path), "%.*s", (int)(nl - a), a);
		int64_t was = 0;
		enum store_err fe = store_alias_find(s, path, &was);
		if (fe && fe != STORE_NOTFOUND) {
			buf_addf(err, "%s: %s", e->name, store_errmsg(s));
			rc = -1;
			break;
		}
		if (!fe && was != id) {
			struct item other;
			item_init(&other);
			char why[URL_ALIAS_MAX + 200];
			if (store_item_get(s, was, &other) == STORE_OK)
				snprintf(why, sizeof why, "old address %s led to %s/%s: it leads to this "
					 "entry's item now", path, other.lang, other.slug);
			else
				snprintf(why, sizeof why, "old address %s led to another item: it leads "
					 "to this entry's item now", path);
			item_clear(&other);
			if (import_batch_note_info(b, e->name, why)) {
				buf_lit(err, "out of memory");
				rc = -1;
				break;
			}
		}
		if (store_alias_put(s, path, id, &changed)) {
			buf_addf(err, "%s: %s", e->name, store_errmsg(s));
			rc = -1;
			break;
		}
		res->aliases_added += changed;
		if (changed)
			buf_add(&fresh, a, (size_t)(nl - a) + 1);
	}
	/* What the last import of this source gave and this one does not goes (not for
	 * pressroom add's files, b->edit: the office's own). */
	const struct store_import_aliases ia = {
		.source = e->origin ? e->origin : e->name,
		.given = e->aliases,
		.fresh = fresh.len ? fresh.data : NULL,
		.made = e->made_aliases,
		.made_known = e->made_known,
		.keep = e->aliases_keep,
	};
	if (!rc && buf_failed(&fresh)) {
		buf_lit(err, "out of memory");
		rc = -1;
	}
	if (!rc && !b->edit && store_import_aliases_set(s, id, &ia, &removed)) {
		buf_addf(err, "%s: %s", e->name, store_errmsg(s));
		rc = -1;
	}
	for (const char *l = removed.len ? removed.data : NULL, *nl; !rc && l && (nl = strchr(l, '\n'));
	     l = nl + 1) {
		struct buf why;
		buf_init(&why, 0);
		buf_addf(&why, "old address %.*s is no longer given: it no longer leads to this "
			       "entry's item",
			 (int)(nl - l), l);
		if (buf_failed(&why) || import_batch_note_info(b, e->name, buf_str(&why))) {
			buf_lit(err, "out of memory");
			rc = -1;
		}
		buf_release(&why);
	}
	if (!rc && buf_failed(&removed)) {
		buf_lit(err, "out of memory");
		rc = -1;
	}
	buf_release(&fresh);
	buf_release(&removed);
	return rc;
}

/*
 * The fingerprint of what entry e says of its item (out: 32 hex digits): every
 * field an import writes but the slug, which finds the item, and a date the
 * reader only guessed. An import that reads the same again leaves the item alone.
 */
static void import_source_mark(const struct import_entry *e, const char *zone,
			       char out[IMPORT_MARK_LEN + 1])
{
	const struct item *it = &e->it;
	crypto_generichash_state h;
	crypto_generichash_init(&h, NULL, 0, IMPORT_MARK_LEN / 2);
	int64_t when = e->guessed_date ? 0 : it->published;
	struct civil day;
	if (e->day_only && !tz_civil(zone ? zone : "UTC", it->published, &day))
		when = (int64_t)day.year * 10000 + day.month * 100 + day.day;
	char num[128];
	int n = snprintf(num, sizeof(num), "%d %d %" PRId64 " %d %" PRId64 " %zu", (int)it->kind,
			 (int)it->status, when, it->part, it->embargo_until, it->ntags);
	crypto_generichash_update(&h, (const unsigned char *)num, (unsigned long long)n + 1);
	const char *const f[] = {it->title,  it->lead,         it->body,   it->lang,
				 it->source_url, it->source_title, it->series, it->translation_key};
	for (size_t i = 0; i < sizeof(f) / sizeof(f[0]) + it->ntags; i++) {
		const char *v = i < sizeof(f) / sizeof(f[0]) ? f[i] : it->tags[i - sizeof(f) / sizeof(f[0])];
		/* Each with its terminating NUL: "ab","c" is not "a","bc". */
		crypto_generichash_update(&h, (const unsigned char *)v, strlen(v) + 1);
	}
	unsigned char d[IMPORT_MARK_LEN / 2];
	crypto_generichash_final(&h, d, sizeof(d));
	sodium_bin2hex(out, IMPORT_MARK_LEN + 1, d, sizeof(d));
}

/* import_commit with claimed: the slugs the batch's entries are written under. */
static int import_commit_claimed(struct store *s, struct import_batch *b, int last_first,
				 struct import_result *res, struct buf *err,
				 void (*progress)(void *ctx, size_t done), void *ctx,
				 struct strset *claimed)
{
	char key[IMPORT_KEY_MAX];
	if (store_begin(s)) {
		buf_adds(err, store_errmsg(s));
		return -1;
	}
	for (size_t k = 0; k < b->n; k++) {
		if (b->cancel && *b->cancel) {
			buf_lit(err, "interrupted");
			store_rollback(s);
			return -1;
		}
		struct import_entry *e = &b->v[last_first ? b->n - 1 - k : k];
		int joined = e->series_next ? import_join_series(s, e) : 0;
		if (joined) {
			buf_addf(err, "%s: %s", e->name, joined == -2 ? "out of memory" : store_errmsg(s));
			store_rollback(s);
			return -1;
		}
		char mark[IMPORT_MARK_LEN + 1];
		import_source_mark(e, b->zone, mark);
		struct item old;
		item_init(&old);
		enum store_err ge = store_item_get_slug(s, e->it.lang, e->it.slug, &old);
		for (int moved = 1; ge == STORE_OK && moved;) {
			moved = import_take_alt(e, &old, b->zone, claimed, err);
			if (moved < 0) {
				item_clear(&old);
				store_rollback(s);
				return -1;
			}
			if (moved)
				ge = import_refetch(s, e->it.lang, e->it.slug, &old);
		}
		/* Stored before under another slug (its name's, before a file of that name
		 * came in another folder; its title's, by an earlier version), with its
		 * date: that item is this entry's, and keeps its address. */
		for (size_t o = 0; o < 2 && ge == STORE_NOTFOUND && e->old_slugs[o]; o++) {
			if (strset_has(claimed, import_slug_key(key, e->it.lang, e->old_slugs[o])) &&
			    !(o == 0 && e->old_slug_own))
				continue;
			ge = import_refetch(s, e->it.lang, e->old_slugs[o], &old);
			if (ge == STORE_OK && old.published == e->it.published &&
			    strset_add(claimed, key) >= 0) {
				free(e->it.slug);
				e->it.slug = e->old_slugs[o];
				e->old_slugs[o] = NULL;
			} else if (ge == STORE_OK) {
				ge = STORE_NOTFOUND; /* another item's: not this entry's */
			}
		}
		/* The item under the entry's slug is another post's of its blog (a new
		 * draft titled as an older post was): not this entry's. */
		int taken = 0;
		if (ge == STORE_OK && e->origin) {
			char had[IMPORT_MARK_LEN + 1], whose[600];
			int edited;
			enum store_err me = store_import_mark_get(s, old.id, had, sizeof had, whose,
								  sizeof whose, &edited);
			if (me && me != STORE_NOTFOUND) {
				ge = me;
			} else if (!me && *whose && strcmp(whose, e->origin)) {
				taken = 1;
				ge = STORE_NOTFOUND;
			}
		}
		/* The source's post written here before under another slug. */
		if (ge == STORE_NOTFOUND && e->origin) {
			int64_t id = 0;
			enum store_err oe = store_import_mark_origin(s, e->origin, &id);
			item_clear(&old);
			item_init(&old);
			if (oe == STORE_OK)
				oe = store_item_get(s, id, &old);
			/* A draft that WordPress has published since under a slug of its own
			 * (a draft has none: its slug here was made of its working title):
			 * the item takes that slug, free here, unless someone edited it here
			 * since. Never public here, its old one is no address to keep. */
			int renamed = 0;
			if (oe == STORE_OK && !taken && old.status == STATUS_DRAFT &&
			    e->it.status == STATUS_PUBLISHED && !strcmp(old.lang, e->it.lang) &&
			    strcmp(old.slug, e->it.slug)) {
				/* (The slug is this entry's claim: import_claim_all.) */
				int edited = 0;
				char had[IMPORT_MARK_LEN + 1];
				oe = store_import_mark_get(s, old.id, had, sizeof had, NULL, 0, &edited);
				if (oe == STORE_OK && !edited && !b->edit) {
					oe = store_item_rename(s, old.id, e->it.slug);
					renamed = oe == STORE_OK;
					char why[400];
					if (renamed)
						snprintf(why, sizeof why, "published in WordPress: its "
							 "draft's address here, '%.150s', is now '%.150s'",
							 old.slug, e->it.slug);
					if (renamed && import_batch_note_info(b, e->name, why)) {
						item_clear(&old);
						buf_lit(err, "out of memory");
						store_rollback(s);
						return -1;
					}
				} else if (oe == STORE_NOTFOUND) {
					oe = STORE_OK;
				}
			}
			if (renamed) {
				ge = import_refetch(s, e->it.lang, e->it.slug, &old);
			} else if (oe == STORE_OK && !strcmp(old.lang, e->it.lang) &&
				   strset_add(claimed, import_slug_key(key, old.lang, old.slug)) >= 0) {
				char *slug = strdup(old.slug);
				if (!slug) {
					item_clear(&old);
					buf_lit(err, "out of memory");
					store_rollback(s);
					return -1;
				}
				free(e->it.slug);
				e->it.slug = slug;
				ge = STORE_OK;
			} else if (oe && oe != STORE_NOTFOUND) {
				ge = oe;
			} else {
				item_clear(&old);
				item_init(&old);
			}
		}
		/* Not written here before, and its slug is another post's: it takes the
		 * slug and its number ("visa-centre-43"), said. */
		if (ge == STORE_NOTFOUND && taken) {
			const char *num = strstr(e->origin, "?p=");
			char slug[160];
			snprintf(slug, sizeof slug, "%s-%s", e->it.slug, num ? num + 3 : "post");
			if (item_valid_slug(slug) ||
			    strset_add(claimed, import_slug_key(key, e->it.lang, slug)) <= 0) {
				buf_addf(err, "%s: slug '%s' is another post's here, and '%s' cannot be "
					 "this one's", e->name, e->it.slug, slug);
				item_clear(&old);
				store_rollback(s);
				return -1;
			}
			char why[400];
			snprintf(why, sizeof why, "slug '%s' is another post's here: this one is '%s'",
				 e->it.slug, slug);
			if (import_batch_note_info(b, e->name, why) || item_set_s(&e->it.slug, slug)) {
				item_clear(&old);
				buf_lit(err, "out of memory");
				store_rollback(s);
				return -1;
			}
			ge = import_refetch(s, e->it.lang, e->it.slug, &old);
		}
		if (ge == STORE_NOTFOUND && e->by_lead) {
			ge = import_by_lead(s, e, claimed, &old);
			if (ge == STORE_CONFLICT)
				ge = STORE_NOTFOUND;
		}
		if (ge && ge != STORE_NOTFOUND) {
			item_clear(&old);
			buf_addf(err, "%s: %s", e->name, store_errmsg(s));
			store_rollback(s);
			return -1;
		}
		/* Someone put it in the trash here: an import does not take it out. */
		if (ge == STORE_OK && old.deleted_at) {
			item_clear(&old);
			if (import_batch_note(b, e->name, "its item is in the trash here: restore it "
							  "in the newsroom to import it again")) {
				buf_lit(err, "out of memory");
				store_rollback(s);
				return -1;
			}
			if (progress)
				progress(ctx, k + 1);
			continue;
		}
		/* An import wrote this item before: from the same source, it stays as it
		 * is, edited here since or not (keep 1); from a changed one, an edit made
		 * here since wins, as over a feed's entries, and the change is named
		 * (keep 2). */
		int keep = 0;
		if (ge == STORE_OK && !b->edit) {
			int edited = 0;
			char had[IMPORT_MARK_LEN + 1];
			enum store_err me =
				store_import_mark_get(s, old.id, had, sizeof(had), NULL, 0, &edited);
			if (me && me != STORE_NOTFOUND) {
				item_clear(&old);
				buf_addf(err, "%s: %s", e->name, store_errmsg(s));
				store_rollback(s);
				return -1;
			}
			keep = me ? 0 : !strcmp(had, mark) ? 1 : edited ? 2 : 0;
		}
		if (ge == STORE_OK && e->guessed_date)
			e->it.published = old.published;
		/* An embargo the input did not mention stays as it is (a re-imported file
		 * must never lift one), and so do fields only the newsroom sets. */
		if (e->it.embargo_until == ITEM_EMBARGO_KEEP)
			e->it.embargo_until = ge == STORE_OK ? old.embargo_until : 0;
		/* What a news page's entry does not say stays as the stored item has it. */
		if (ge == STORE_OK &&
		    ((e->keeps_lead && !*e->it.lead &&
		      item_set_field(&e->it.lead, old.lead, strlen(old.lead))) ||
		     (e->list_entry && import_keep_article(&e->it, &old)))) {
			item_clear(&old);
			buf_lit(err, "out of memory");
			store_rollback(s);
			return -1;
		}
		int same = ge == STORE_OK && (keep || import_item_same(&old, &e->it));
		if (ge == STORE_OK)
			e->it.author_id = old.author_id;
		int64_t old_id = old.id;
		char why[160];
		snprintf(why, sizeof(why),
			 "changed since it was last imported, but its item was edited here since "
			 "(revision %" PRId64 "): kept as edited",
			 old.revision);
		item_clear(&old);
		if (keep == 2) {
			if (import_batch_note(b, e->name, why)) {
				buf_lit(err, "out of memory");
				store_rollback(s);
				return -1;
			}
		} else if (same) {
			res->unchanged++;
		} else {
			int created = 0;
			if (store_item_put(s, &e->it, &created)) {
				buf_addf(err, "%s: %s", e->name, store_errmsg(s));
				store_rollback(s);
				return -1;
			}
			created ? res->added++ : res->updated++;
			e->updated = !created;
			if (created && e->alt_note[0] && import_batch_note_info(b, e->name, e->alt_note)) {
				buf_lit(err, "out of memory");
				store_rollback(s);
				return -1;
			}
		}
		/* The zones its times were typed in (export --markdown's zone:), where the
		 * file names them: the newsroom shows its times in them. */
		if (keep != 2 && (e->zones.publish[0] || e->zones.embargo[0]) &&
		    store_nr_zones_set(s, same ? old_id : e->it.id, &e->zones)) {
			buf_addf(err, "%s: %s", e->name, store_errmsg(s));
			store_rollback(s);
			return -1;
		}
		if (!keep && !b->edit && store_import_mark_put(s, same ? old_id : e->it.id, mark, e->origin,
							  e->dated_by_day)) {
			buf_addf(err, "%s: %s", e->name, store_errmsg(s));
			store_rollback(s);
			return -1;
		}
		if (import_aliases_write(s, b, e, same ? old_id : e->it.id, res, err)) {
			store_rollback(s);
			return -1;
		}
		if (progress)
			progress(ctx, k + 1);
	}
	if (import_media_write(s, b, res, err) || import_commit_settings(s, b, res, err) ||
	    import_feeds_write(s, b, res, err)) {
		store_rollback(s);
		return -1;
	}
	if (store_commit(s)) {
		buf_adds(err, store_errmsg(s));
		store_rollback(s);
		return -1;
	}
	return 0;
}

/* 1 if stored item old is entry e's: of its date, with its title or its lead (a
 * title corrected). The same headline on another day is another item. */
static int import_tie_own(const struct item *old, const struct item *e)
{
	return old->published == e->published &&
	       (!strcmp(old->title, e->title) || (*e->lead && !strcmp(old->lead, e->lead)));
}

/*
 * import_entry.tie_plain: an entry that gave its cut slug to the entry below it on
 * the page takes it back when the item stored under it is its own and not the
 * other's; the other then takes its own tie_slug. 0, or -1 with err set.
 */
static int import_settle_ties(struct store *s, struct import_batch *b, struct buf *err)
{
	for (size_t k = 0; k < b->n; k++) {
		struct import_entry *e = &b->v[k];
		if (!e->tie_plain)
			continue;
		struct item old;
		item_init(&old);
		enum store_err ge = store_item_get_slug(s, e->it.lang, e->tie_plain, &old);
		if (ge && ge != STORE_NOTFOUND) {
			buf_addf(err, "%s: %s", e->name, store_errmsg(s));
			item_clear(&old);
			return -1;
		}
		for (size_t j = 0; ge == STORE_OK && j < b->n; j++) {
			struct import_entry *o = &b->v[j];
			/* The other takes its own tie, or its dated slug when its title was
			 * not cut (its slug is the cut one by chance). */
			char **to = o->tie_slug ? &o->tie_slug : &o->alt_slug;
			if (j == k || !*to || strcmp(o->it.lang, e->it.lang) ||
			    strcmp(o->it.slug, e->tie_plain) || !import_tie_own(&old, &e->it) ||
			    import_tie_own(&old, &o->it))
				continue;
			free(e->it.slug);
			e->it.slug = e->tie_plain;
			e->tie_plain = NULL;
			free(o->it.slug);
			o->it.slug = *to;
			*to = NULL;
			break;
		}
		item_clear(&old);
	}
	return 0;
}

/* Every entry's slug into claimed (empty). 0, or -1 with err set. */
static int import_claim_all(const struct import_batch *b, struct strset *claimed, struct buf *err)
{
	char key[IMPORT_KEY_MAX];
	for (size_t k = 0; k < b->n; k++)
		if (strset_add(claimed, import_slug_key(key, b->v[k].it.lang, b->v[k].it.slug)) < 0) {
			buf_lit(err, "out of memory");
			return -1;
		}
	return 0;
}

int import_commit(struct store *s, struct import_batch *b, int last_first,
		  struct import_result *res, struct buf *err,
		  void (*progress)(void *ctx, size_t done), void *ctx)
{
	memset(res, 0, sizeof(*res));
	if (import_settle_ties(s, b, err))
		return -1;
	/* An item stored under a slug an entry of this batch is written under is that
	 * entry's, never another entry's old address: two items of one date, one's
	 * title the other's slug, stay two. */
	struct strset claimed = {0};
	int rc = import_claim_all(b, &claimed, err);
	/* A news page's entry that the store already sends elsewhere (its slug holds
	 * another day's item, or the other long title of its day) moves before the
	 * claims are final: the slug it leaves is no longer its claim, so another
	 * entry that was stored there (its title corrected since, and with it its
	 * slug) finds its item by its lead instead of adding a second one. */
	int moved = 0;
	for (size_t k = 0; k < b->n && !rc; k++) {
		struct import_entry *e = &b->v[k];
		if (!e->by_lead)
			continue;
		struct item old;
		item_init(&old);
		enum store_err ge = store_item_get_slug(s, e->it.lang, e->it.slug, &old);
		for (int r = 1; ge == STORE_OK && r > 0;) {
			r = import_take_alt(e, &old, b->zone, &claimed, err);
			rc = r < 0;
			moved |= r > 0;
			if (r > 0)
				ge = import_refetch(s, e->it.lang, e->it.slug, &old);
		}
		if (ge && ge != STORE_NOTFOUND) {
			buf_addf(err, "%s: %s", e->name, store_errmsg(s));
			rc = -1;
		}
		item_clear(&old);
	}
	if (!rc && moved) {
		strset_free(&claimed);
		rc = import_claim_all(b, &claimed, err);
	}
	if (!rc)
		rc = import_commit_claimed(s, b, last_first, res, err, progress, ctx, &claimed);
	strset_free(&claimed);
	return rc ? -1 : 0;
}
