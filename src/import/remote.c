/*
 * The files imported items link to on the site they came from, copied into the
 * media library (import.h: import_fetch_media). Leaving WordPress, a press office
 * keeps its photos and PDFs: until now every image of an imported post pointed at
 * the old server and broke when it was switched off.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "../export/export.h"
#include "../newsroom/media.h"
#include "../syndicate/fetch.h"
#include "import.h"

struct remote_url {
	char *url;         /* as the first link wrote it: what is fetched */
	char *key;         /* the same with its scheme and host in lower case */
	char name[96];     /* its library name once fetched and taken; "" if not */
};

struct remote {
	struct import_batch *b;
	const char *origin;
	int any_host;
	struct remote_url *v;
	size_t n, cap;
	size_t *slots;     /* open addressing on the URL's hash: index + 1 into v, 0 empty */
	size_t nslots;     /* a power of two, more than twice n */
	int oom;
};

/* The host of an http(s) URL d[0..n): *host, its length; 0, or -1 if d is not one. */
static int remote_host(const char *d, size_t n, const char **host, size_t *hn)
{
	size_t skip = n > 7 && !strncasecmp(d, "http://", 7)    ? 7
		      : n > 8 && !strncasecmp(d, "https://", 8) ? 8
								 : 0;
	if (!skip)
		return -1;
	*host = d + skip;
	size_t i = skip;
	while (i < n && d[i] != '/' && d[i] != ':' && d[i] != '?' && d[i] != '#')
		i++;
	*hn = i - skip;
	return *hn ? 0 : -1;
}

/*
 * Whether d names a file of the site the import came from: an http(s) URL on the
 * origin's host (any host with any_host), or on any host under "/wp-content/uploads/"
 * (a CDN's copy), whose last path segment has an extension other than a page's.
 */
static int remote_wanted(const char *origin, int any_host, const char *d, size_t n)
{
	const char *host;
	size_t hn;
	if (remote_host(d, n, &host, &hn) || memchr(d, '\n', n))
		return 0;
	size_t end = 0;
	while (end < n && d[end] != '?' && d[end] != '#')
		end++;
	const char *path = memchr(host, '/', (size_t)(d + end - host));
	if (!path)
		return 0;
	size_t pn = (size_t)(d + end - path);
	int ours = any_host || (*origin && strlen(origin) == hn && !strncasecmp(host, origin, hn));
	int upload = memmem(path, pn, "/wp-content/uploads/", 20) != NULL;
	const char *seg = path + pn;
	while (seg > path && seg[-1] != '/')
		seg--;
	const char *dot = memrchr(seg, '.', (size_t)(path + pn - seg));
	if (!dot || dot == seg || dot + 1 == path + pn)
		return 0;
	size_t en = (size_t)(path + pn - dot - 1);
	static const char *const pages[] = {"html", "htm", "php", "asp", "aspx"};
	for (size_t i = 0; i < sizeof pages / sizeof pages[0]; i++)
		if (strlen(pages[i]) == en && !strncasecmp(dot + 1, pages[i], en))
			return 0;
	return ours || upload;
}

/* d[0..n) as a key: the scheme and host lowercased (they are case-insensitive, so
 * "https://CDN.example/a.png" and "https://cdn.example/a.png" are one file). */
static char *remote_key(const char *d, size_t n)
{
	char *k = strndup(d, n);
	const char *host;
	size_t hn;
	if (k && !remote_host(k, n, &host, &hn))
		for (char *c = k; c < host + hn; c++)
			*c = (char)(*c >= 'A' && *c <= 'Z' ? *c + 32 : *c);
	return k;
}

static size_t remote_hash(const char *d, size_t n)
{
	size_t h = 1469598103934665603u;
	for (size_t i = 0; i < n; i++)
		h = (h ^ (unsigned char)d[i]) * 1099511628211u;
	return h;
}

/* The slot of d[0..n): where it is, or the empty one where it would go. */
static size_t *remote_slot(struct remote *r, const char *d, size_t n)
{
	size_t mask = r->nslots - 1;
	for (size_t i = remote_hash(d, n) & mask;; i = (i + 1) & mask) {
		size_t k = r->slots[i];
		if (!k || (!strncmp(r->v[k - 1].key, d, n) && !r->v[k - 1].key[n]))
			return &r->slots[i];
	}
}

static struct remote_url *remote_find(struct remote *r, const char *d, size_t n)
{
	if (!r->nslots)
		return NULL;
	char *key = remote_key(d, n);
	if (!key) {
		r->oom = -1;
		return NULL;
	}
	size_t k = *remote_slot(r, key, n);
	free(key);
	return k ? &r->v[k - 1] : NULL;
}

/* Room for one more URL in the table (grown and filled again at half full). */
static int remote_grow(struct remote *r)
{
	if (2 * (r->n + 1) < r->nslots)
		return 0;
	size_t ns = r->nslots ? r->nslots * 2 : 256;
	size_t *slots = calloc(ns, sizeof(*slots));
	if (!slots)
		return -1;
	free(r->slots);
	r->slots = slots;
	r->nslots = ns;
	for (size_t i = 0; i < r->n; i++)
		*remote_slot(r, r->v[i].key, strlen(r->v[i].key)) = i + 1;
	return 0;
}

/* import_dests_rewrite's callback for the first pass: lists the wanted URLs. */
static int remote_collect(void *ctx, const char *d, size_t n, struct buf *to)
{
	struct remote *r = ctx;
	(void)to;
	if (!remote_wanted(r->origin, r->any_host, d, n) || remote_find(r, d, n) || r->oom)
		return r->oom;
	if (remote_grow(r))
		return r->oom = -1;
	if (r->n == r->cap) {
		size_t cap = r->cap ? r->cap * 2 : 64;
		struct remote_url *v = realloc(r->v, cap * sizeof(*v));
		if (!v)
			return r->oom = -1;
		r->v = v;
		r->cap = cap;
	}
	char *u = strndup(d, n), *key = remote_key(d, n);
	if (!u || !key) {
		free(u);
		free(key);
		return r->oom = -1;
	}
	r->v[r->n] = (struct remote_url){.url = u, .key = key};
	size_t *slot = remote_slot(r, key, n);
	*slot = ++r->n;
	return 0;
}

/* The second pass: a URL fetched and taken becomes /media/<name>. */
static int remote_replace(void *ctx, const char *d, size_t n, struct buf *to)
{
	const struct remote_url *u = remote_find(ctx, d, n);
	if (!u || !u->name[0])
		return 0;
	buf_lit(to, "/media/");
	buf_adds(to, u->name);
	return 1;
}

/* Writes a fetched file as f->dir/name (made on first use). */
/* m's original name: the last part of url, %XX decoded ("Annual%20report.pdf":
 * "Annual report.pdf"), when that is one line of valid UTF-8; else m keeps none.
 * -1 when out of memory. */
static int remote_original(struct import_media *m, const char *url)
{
	size_t end = strcspn(url, "?#");
	const char *s = url + end;
	while (s > url && s[-1] != '/')
		s--;
	char name[96];
	size_t k = 0, n = (size_t)(url + end - s);
	for (size_t i = 0; i < n && k + 1 < sizeof(name); i++) {
		int c = pct_byte(s, n, i);
		name[k++] = c < 0 ? s[i] : (char)c;
		i += c < 0 ? 0 : 2;
	}
	name[k] = '\0';
	for (size_t i = 0; i < k; i++)
		if ((unsigned char)name[i] < 0x20 || name[i] == 0x7f || name[i] == '/')
			return 0;
	if (!k || strlen(name) != k || item_valid_utf8(name))
		return 0;
	return (m->original = strdup(name)) ? 0 : -1;
}

static int remote_keep(struct import_fetched *f, const char *name, const struct buf *data,
		       struct buf *path, struct buf *err)
{
	if (!f->dir) {
		const char *tmp = getenv("TMPDIR");
		char tmpl[4096];
		snprintf(tmpl, sizeof tmpl, "%s/pressroom-media.XXXXXX", tmp && *tmp ? tmp : "/tmp");
		if (!mkdtemp(tmpl)) {
			buf_addf(err, "%s: %s", tmpl, strerror(errno));
			return -1;
		}
		if (!(f->dir = strdup(tmpl))) {
			rmdir(tmpl);
			buf_lit(err, "out of memory");
			return -1;
		}
	}
	buf_reset(path);
	buf_addf(path, "%s/%s", f->dir, name);
	/* The export's writer: the whole file or none of it, "path: why" when it fails. */
	if (export_write_new_at(AT_FDCWD, NULL, buf_str(path), data->data, data->len, 0, err))
		return -1;
	char **v = realloc(f->files, (f->nfiles + 1) * sizeof(*v));
	if (!v || !(v[f->nfiles] = strdup(buf_str(path)))) {
		if (v)
			f->files = v;
		unlink(buf_str(path));
		buf_lit(err, "out of memory");
		return -1;
	}
	f->files = v;
	f->nfiles++;
	return 0;
}

/* Whether the batch has a media file of that name already. */
static int remote_has(const struct import_batch *b, const char *name)
{
	for (size_t i = 0; i < b->nmedia; i++)
		if (!strcmp(b->media[i].name, name))
			return 1;
	return 0;
}

/* Fetches one URL into the batch's media, or notes why not. */
static int remote_fetch(struct remote *r, struct remote_url *u, int allow_private,
			const volatile int *cancel, struct import_fetched *f, struct buf *path,
			struct buf *err)
{
	struct fetch_request rq = {.url = u->url,
				   .allow_private = allow_private,
				   .max_size = NR_MEDIA_MAX,
				   .cancel = cancel};
	struct fetch_result res;
	char msg[512];
	char name[96], sha[65];
	const char *why = NULL;
	int rc = 0;
	enum fetch_err fe = fetch_url(&rq, &res, msg, sizeof msg);
	if (fe == FETCH_CANCELLED || (cancel && *cancel)) {
		buf_release(&res.body);
		buf_lit(err, "interrupted while fetching the media files");
		return -1;
	}
	if (fe != FETCH_OK)
		why = msg;
	else
		why = import_media_check((const unsigned char *)res.body.data, res.body.len, name, sha);
	if (why) {
		char note[700];
		snprintf(note, sizeof note, "not copied (%s); its links still lead there", why);
		rc = import_batch_note(r->b, u->url, note);
		if (rc)
			buf_lit(err, "out of memory");
	} else if (remote_has(r->b, name)) {
		memcpy(u->name, name, sizeof name); /* the same bytes, from another URL */
	} else if (!(rc = remote_keep(f, name, &res.body, path, err))) {
		if (import_batch_media(r->b, buf_str(path), name, 1) ||
		    remote_original(&r->b->media[r->b->nmedia - 1], u->url)) {
			buf_lit(err, "out of memory");
			rc = -1;
		} else {
			memcpy(u->name, name, sizeof name);
		}
	}
	buf_release(&res.body);
	return rc;
}

int import_fetch_media(struct import_batch *b, const char *name, int fetch, int allow_private,
		       const volatile int *cancel, struct import_fetched *f, struct buf *err,
		       void (*progress)(void *ctx, size_t done, size_t total), void *ctx)
{
	struct remote r = {.b = b, .origin = b->origin, .any_host = b->media_any_host};
	struct buf body, path;
	buf_init(&body, (size_t)16 << 20);
	buf_init(&path, 4096);
	int rc = 0;
	for (size_t i = 0; i < b->n && !rc; i++)
		if (import_dests_rewrite(b->v[i].it.body, &body, remote_collect, &r) < 0 || r.oom)
			rc = -1;
	if (rc) {
		buf_lit(err, "out of memory");
	} else if (!fetch) {
		if (r.n)
			buf_addf(&b->info,
				 "%s: %zu file%s of %s linked from the items stay%s there; import with "
				 "--fetch-media to copy them into the media library\n",
				 name, r.n, r.n == 1 ? "" : "s", *r.origin ? r.origin : "other sites",
				 r.n == 1 ? "s" : "");
	} else {
		fetch_global_init();
		for (size_t i = 0; i < r.n && !rc; i++) {
			if (progress)
				progress(ctx, i, r.n);
			rc = remote_fetch(&r, &r.v[i], allow_private, cancel, f, &path, err);
		}
		if (progress)
			progress(ctx, r.n, r.n);
		for (size_t i = 0; i < b->n && !rc; i++) {
			int w = import_dests_rewrite(b->v[i].it.body, &body, remote_replace, &r);
			if (w < 0 || r.oom ||
			    (w > 0 && item_set_s(&b->v[i].it.body, buf_str(&body)))) {
				buf_lit(err, "out of memory");
				rc = -1;
			}
		}
	}
	for (size_t i = 0; i < r.n; i++) {
		free(r.v[i].url);
		free(r.v[i].key);
	}
	free(r.v);
	free(r.slots);
	buf_release(&body);
	buf_release(&path);
	return rc;
}

void import_fetched_clear(struct import_fetched *f)
{
	for (size_t i = 0; i < f->nfiles; i++) {
		unlink(f->files[i]);
		free(f->files[i]);
	}
	free(f->files);
	if (f->dir)
		rmdir(f->dir);
	free(f->dir);
	memset(f, 0, sizeof *f);
}
