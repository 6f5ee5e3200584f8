/*
 * The whole public site as files (export.h). Three steps:
 *  1. list every path the router serves, from the store: per language the home,
 *     archive pages, kind pages and feeds, month pages, series, items; then
 *     sitemap.xml and robots.txt;
 *  2. render them on several threads, each with its own site (its own store
 *     connection and lock), all with the same "now": a language's list pages
 *     (archive, kinds, months) with site_render_lists(), one job and one reading
 *     of its items; every other path with site_render(). Each file is written as
 *     it is made, so memory holds one page (and one language's list of titles)
 *     per thread;
 *  3. every HTML page is scanned for its internal links (href="/...", src="/...");
 *     a linked path not yet listed is rendered in a next round, so the copy has no
 *     dead internal link even where the list of step 1 missed a page, and a link
 *     to something the site does not serve is reported as broken.
 */
#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <pthread.h>
#include <sys/stat.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "../base/strset.h"
#include "../base/tz.h"
#include "../http/assets.h"
#include "../import/progress.h"
#include "../newsroom/media.h"
#include "../render/escape.h"
#include "../site/site.h"
#include "../site/urls.h"
#include "export.h"

#define STATIC_MAX_THREADS 16
#define STATIC_MAX_PATHS ((size_t)20 << 20)
#define STATIC_CHUNK 512
/* A worker takes the jobs past the first STATIC_SOLO (the long ones: lists, feeds,
 * listed first), but for a language's lists, STATIC_RUN at a time: neighbours in
 * the list are neighbours in the file (items newest first, ids in time order), and
 * a run of them read by one connection reads each page of the file once, not once
 * per worker. */
#define STATIC_SOLO 64
#define STATIC_RUN 16

/* ---- the list of paths to render ---- */

struct job {
	char *path;   /* decoded, without trailing '/' (but "/" itself) */
	char *from;   /* the page that linked it, NULL for listed paths */
	int list;     /* path is a language's archive: the job is every list page of it */
};

struct joblist {
	struct job *v;
	size_t n, cap;
};

static int joblist_add(struct joblist *l, const char *path, const char *from)
{
	if (l->n == l->cap) {
		size_t cap = l->cap ? l->cap * 2 : 1024;
		struct job *v = realloc(l->v, cap * sizeof(*v));
		if (!v)
			return -1;
		l->v = v;
		l->cap = cap;
	}
	struct job *j = &l->v[l->n];
	j->path = strdup(path);
	j->from = from ? strdup(from) : NULL;
	j->list = 0;
	if (!j->path || (from && !j->from)) {
		free(j->path);
		free(j->from);
		return -1;
	}
	l->n++;
	return 0;
}

static void joblist_clear(struct joblist *l)
{
	for (size_t i = 0; i < l->n; i++) {
		free(l->v[i].path);
		free(l->v[i].from);
	}
	free(l->v);
	memset(l, 0, sizeof(*l));
}

/* ---- shared state and workers ---- */

struct shared {
	const char *dir;
	/* dir was new or empty: files are written in place. Else over an earlier copy
	 * they are staged (export_stage_at) and put in place only when all are written:
	 * an export that fails or is stopped leaves the earlier copy as it was. */
	int fresh;
	const volatile sig_atomic_t *cancel; /* set (Ctrl-C): stop, as on an error */
	int dirfd;                           /* dir, open (O_PATH): files are made relative to it */
	const char *langs[SITE_MAX_LANGS];  /* the non-default languages (path prefixes) */
	size_t nlangs;
	/* The site's host and the path the copy is served under (export_static_options
	 * .base_path, else base_url's own): a link to http(s): and the host, then '/', is
	 * a link into the site like "/..."; the pages' links from the root of the host
	 * are put under the path (url_rebase_html). */
	struct url_rebase rb;
	const struct strset *known;          /* read only while workers run */
	const struct assets *assets;
	struct joblist *jobs;
	size_t next;                         /* atomic: next job to take */
	size_t done;                         /* atomic: jobs finished, all rounds */
	size_t folders;                      /* atomic: static_folders went past jobs below */
	unsigned char *made;                 /* per job: static_folders made its folder */
	int stop;                            /* atomic: an error happened */
	struct progress *prog;
	struct export_manifest *man;         /* under lock: the names of linked paths */
	pthread_mutex_t lock;                /* err, the broken-link messages, man */
	struct buf *err;
	/* The sitemap's early thread (static_sitemap) waits on ready, under lock,
	 * until the first round's jobs are set (or stop is). */
	pthread_cond_t ready_cond;
	int ready;
};

struct worker {
	struct shared *sh;
	struct site site;
	int opened;
	pthread_t th;
	struct buf body, file, link, err;
	struct buf moved;                    /* a page with its links under rb.path */
	struct buf written;                  /* files written, relative to dir, each NUL-ended */
	struct buf staged;                   /* not fresh: each file changed (export_stage_at) */
	struct strset seen;                  /* links this worker found in this round */
	struct joblist found;
	struct export_static_result res;
	int folder_made;                     /* the job's folder was made (static_folders) */
	int main;                            /* the calling thread: draws the progress bar */
};

static void static_fail(struct shared *sh, const char *fmt, const char *a, const char *b)
{
	pthread_mutex_lock(&sh->lock);
	if (!__atomic_load_n(&sh->stop, __ATOMIC_RELAXED)) {
		buf_addf(sh->err, fmt, a, b);
		__atomic_store_n(&sh->stop, 1, __ATOMIC_RELAXED);
	}
	pthread_mutex_unlock(&sh->lock);
}

/* 1 once the export is to stop: an error, or Ctrl-C (said as the error). */
static int static_stopped(struct shared *sh)
{
	if (sh->cancel && *sh->cancel)
		static_fail(sh, "%s%s", "interrupted", "");
	return __atomic_load_n(&sh->stop, __ATOMIC_RELAXED);
}

/*
 * The site path of an attribute value as the page wrote it (HTML-escaped, URL-
 * escaped): entities and %XX decoded, query and fragment dropped, a trailing '/'
 * dropped. 0 if it is a path of this site, -1 if not ("//host/...").
 */
static int static_link_path(const char *v, size_t n, struct buf *out)
{
	buf_reset(out);
	if (n < 1 || v[0] != '/' || (n > 1 && v[1] == '/'))
		return -1;
	static const struct {
		const char *e;
		size_t len;
		char c;
	} ents[] = {{"&amp;", 5, '&'}, {"&quot;", 6, '"'}, {"&#39;", 5, '\''}, {"&#x27;", 6, '\''},
		    {"&lt;", 4, '<'},  {"&gt;", 4, '>'},  {"&#34;", 5, '"'}};
	/* Runs of plain bytes are copied whole (this runs for every link of every page);
	 * no entity decodes to the '#' or '?' that ends the path. */
	for (size_t i = 0; i < n;) {
		size_t run = i;
		while (run < n && v[run] != '&' && v[run] != '#' && v[run] != '?')
			run++;
		buf_add(out, v + i, run - i);
		if (run == n || v[run] != '&')
			break;
		char c = '&';
		size_t used = 1;
		for (size_t k = 0; k < sizeof(ents) / sizeof(ents[0]); k++) {
			if (n - run >= ents[k].len && !memcmp(v + run, ents[k].e, ents[k].len)) {
				c = ents[k].c;
				used = ents[k].len;
				break;
			}
		}
		buf_addc(out, c);
		i = run + used;
	}
	/* Percent-decoding in place, from the first '%': the result is never longer. */
	char *s = out->data;
	const char *pct = s ? memchr(s, '%', out->len) : NULL;
	if (pct) {
		size_t w = (size_t)(pct - s);
		for (size_t r = w; r < out->len; r++) {
			int c = pct_byte(s, out->len, r);
			if (c >= 0) {
				s[w++] = (char)c;
				r += 2;
			} else {
				s[w++] = s[r];
			}
		}
		buf_truncate(out, w);
	}
	while (out->len > 1 && out->data[out->len - 1] == '/')
		buf_truncate(out, out->len - 1);
	return buf_failed(out) || memchr(out->data, '\0', out->len) ? -1 : 0;
}

/* Notes the internal links of an HTML page that are not yet known. */
static int static_scan(struct worker *w, const char *html, size_t n, const char *from)
{
	const char *end = html + n, *p = html;
	/* '=' is rare outside attributes: finding it and looking at the next two bytes
	 * is quicker than memmem() of the three (the scan runs over every byte of 120 MB). */
	while ((p = memchr(p, '=', (size_t)(end - p)))) {
		if (end - p < 3 || p[1] != '"' || (p[2] != '/' && p[2] != 'h')) {
			p++;
			continue;
		}
		const char *q = p + 2;
		int attr = esc_is_link_attr(html, p);
		p += 3;
		if (!attr)
			continue;
		/* An absolute link to the site itself ("https://press.example.org/media/a.png",
		 * as imported posts have them) names a page or file of the copy too; under
		 * a base path, the copy's own addresses name it after that path. */
		if (*q == 'h') {
			int under;
			size_t own = url_own_link(&w->sh->rb, q, end, &under);
			if (!own)
				continue;
			q += own + (under ? w->sh->rb.npath : 0);
		} else {
			/* "/press/archive" written into a body of a site under /press (or of
			 * one at /press whose copy goes under another path). */
			q += url_written_under(&w->sh->rb, q, end, NULL);
		}
		const char *close = memchr(q, '"', (size_t)(end - q));
		if (!close)
			break;
		if (static_link_path(q, (size_t)(close - q), &w->link))
			continue;
		const char *path = buf_str(&w->link);
		if (!strncmp(path, "/static/", 8)) {
			if (!assets_find(w->sh->assets, path + 8)) {
				pthread_mutex_lock(&w->sh->lock);
				fprintf(stderr, "pressroom: export: %s links to %s, which is no theme file\n",
					from, path);
				pthread_mutex_unlock(&w->sh->lock);
				w->res.broken++;
			}
			continue;
		}
		if (strset_has(w->sh->known, path))
			continue;
		int added = strset_add(&w->seen, path);
		if (added < 0 || (added > 0 && joblist_add(&w->found, path, from)))
			return -1;
	}
	return 0;
}

/*
 * Writes one file of the copy (export_write_new_at or _file_at: see export.h) and
 * notes it in the worker's list for the manifest (path is relative to sh->dir).
 * late: the file of a path a page linked (not one the site listed), which goes
 * into the manifest now, just before it is written, and only if the site serves
 * it: a linked path the site does not have may be a file of the web master's own
 * that the copy never wrote, and a list naming it would have it removed.
 */
static int static_put(struct worker *w, const char *path, const void *data, size_t n, int late,
		      struct buf *err)
{
	struct shared *sh = w->sh;
	if (late) {
		pthread_mutex_lock(&sh->lock);
		export_manifest_add(sh->man, path);
		int bad = export_manifest_flush(sh->man, err);
		pthread_mutex_unlock(&sh->lock);
		if (bad)
			return -1;
	}
	if (sh->fresh ? export_write_new_at(sh->dirfd, sh->dir, path, data, n, w->folder_made, err)
		      : export_stage_at(sh->dirfd, sh->dir, path, data, n, &w->staged, err))
		return -1;
	buf_adds(&w->written, path);
	buf_addc(&w->written, '\0');
	return 0;
}

/* static_put of DIR/<sub><name> (sub "" or a folder with its '/'), the path made in
 * w->file: the files that are not a rendered path (404.html, the theme, media). */
static int static_put_in(struct worker *w, const char *sub, const char *name, const void *data,
			 size_t n, int late, struct buf *err)
{
	buf_reset(&w->file);
	buf_adds(&w->file, sub);
	buf_adds(&w->file, name);
	if (buf_failed(&w->file)) {
		buf_lit(err, "out of memory");
		return -1;
	}
	return static_put(w, buf_str(&w->file), data, n, late, err);
}

/* 1 if dir is missing or has nothing in it. */
static int static_dir_empty(const char *dir)
{
	DIR *d = opendir(dir);
	if (!d)
		return errno == ENOENT;
	int empty = 1;
	for (struct dirent *e; empty && (e = readdir(d));)
		empty = !strcmp(e->d_name, ".") || !strcmp(e->d_name, "..");
	closedir(d);
	return empty;
}

/* A listed or linked path the site does not serve: said, counted, not fatal. */
static void static_missing(struct worker *w, const char *path, const char *from)
{
	pthread_mutex_lock(&w->sh->lock);
	if (from)
		fprintf(stderr, "pressroom: export: broken link on %s: %s (not found)\n", from, path);
	else
		fprintf(stderr, "pressroom: export: %s: not found on the site\n", path);
	pthread_mutex_unlock(&w->sh->lock);
	w->res.broken++;
}

/* An HTML page's bytes (*data, *len) as the copy has them: its links under the
 * copy's path when it has one (url_rebase_html into w->moved). 0, or -1 out of
 * memory. */
static int static_rebased(struct worker *w, const char **data, size_t *len)
{
	if (!w->sh->rb.npath)
		return 0;
	url_rebase_html(&w->sh->rb, *data, *len, &w->moved);
	if (buf_failed(&w->moved))
		return -1;
	*data = w->moved.data ? w->moved.data : "";
	*len = w->moved.len;
	return 0;
}

/* Writes the file of one rendered path (r as site_render() filled it; a redirect
 * replaces its body). from: the page that linked path, NULL for a listed path. */
static int static_write(struct worker *w, const char *path, const char *from,
			struct site_response *r)
{
	struct shared *sh = w->sh;
	if (r->status == 500) {
		static_fail(sh, "%s: the page could not be made: %s", path, r->why);
		return -1;
	}
	if (r->status == 404) {
		static_missing(w, path, from);
		/* A listed path the site does not serve after all leaves no empty folder. */
		buf_reset(&w->file);
		char *slash;
		if (w->folder_made && !export_file_for_path(path, sh->langs, sh->nlangs, &w->file) &&
		    !buf_failed(&w->file) && (slash = strrchr(w->file.data, '/'))) {
			*slash = '\0';
			unlinkat(sh->dirfd, w->file.data, AT_REMOVEDIR);
		}
		return 0;
	}
	buf_reset(&w->file);
	if (export_file_for_path(path, sh->langs, sh->nlangs, &w->file)) {
		pthread_mutex_lock(&sh->lock);
		fprintf(stderr, "pressroom: export: %s cannot be a file name; skipped\n", path);
		pthread_mutex_unlock(&sh->lock);
		w->res.unsafe++;
		return 0;
	}
	const char *ct = r->content_type ? r->content_type : "";
	int html = !strncmp(ct, "text/html", 9);
	if (r->status == 301) {
		/* The site's page for a 301 (page_moved): its link is followed like any
		 * other, so the new address is in the copy even where nothing listed it. */
		w->res.other++;
		if (static_scan(w, r->body.data ? r->body.data : "", r->body.len, path)) {
			static_fail(sh, "%s%s", "out of memory", "");
			return -1;
		}
	} else if (r->status != 200) {
		char st[16];
		snprintf(st, sizeof(st), "%d", r->status);
		static_fail(sh, "%s: status %s", path, st);
		return -1;
	} else if (html) {
		w->res.pages++;
		if (static_scan(w, r->body.data ? r->body.data : "", r->body.len, path)) {
			static_fail(sh, "%s%s", "out of memory", "");
			return -1;
		}
	} else if (strstr(ct, "rss") || strstr(ct, "atom") || strstr(ct, "feed+json")) {
		w->res.feeds++;
	} else {
		w->res.other++;
	}
	if (buf_failed(&w->file) || buf_failed(&r->body)) {
		static_fail(sh, "%s: %s", path, "out of memory");
		return -1;
	}
	const char *data = r->body.data ? r->body.data : "";
	size_t len = r->body.len;
	if (html && static_rebased(w, &data, &len)) {
		static_fail(sh, "%s: %s", path, "out of memory");
		return -1;
	}
	if (static_put(w, buf_str(&w->file), data, len, from != NULL, &w->err)) {
		static_fail(sh, "%s%s", buf_str(&w->err), "");
		buf_reset(&w->err);
		return -1;
	}
	w->res.bytes += len;
	return 0;
}

/* One file done: the progress bar counts files. */
static void static_done(struct worker *w)
{
	size_t d = __atomic_add_fetch(&w->sh->done, 1, __ATOMIC_RELAXED);
	if (w->main && w->sh->prog)
		progress_set(w->sh->prog, d);
}

/* site_render_list's callback: each page of a listed list. */
static int static_emit(void *ctx, const char *path, struct site_response *r)
{
	struct worker *w = ctx;
	if (static_stopped(w->sh))
		return -1;
	int rc = static_write(w, path, NULL, r);
	static_done(w);
	return rc;
}

/*
 * /media/<name>: a file of the media library, copied when a page links it. Only
 * linked files go: one uploaded for a draft or an embargoed statement is not
 * public, and its name on the copy would give it away.
 */
static int static_media(struct worker *w, const struct job *j)
{
	const char *name = j->path + 7;
	struct nr_media m;
	enum store_err e = nr_media_name_ok(name) ? store_nr_media_get(w->site.store, name, &m)
						  : STORE_NOTFOUND;
	static_done(w);
	if (e == STORE_NOTFOUND) {
		static_missing(w, j->path, j->from);
		return 0;
	}
	if (e != STORE_OK) {
		static_fail(w->sh, "%s: %s", j->path, store_errmsg(w->site.store));
		return -1;
	}
	int rc = static_put_in(w, "media/", name, m.data, (size_t)m.size, 1, &w->err);
	free(m.data);
	if (rc) {
		static_fail(w->sh, "%s%s", buf_str(&w->err), "");
		buf_reset(&w->err);
		return -1;
	}
	w->res.media++;
	w->res.bytes += (uint64_t)m.size;
	return 0;
}

/* Renders one job (a path, or every list page of a language) and writes its files. */
static int static_one(struct worker *w, const struct job *j)
{
	if (!j->list && !strncmp(j->path, "/media/", 7))
		return static_media(w, j);
	struct site_response r;
	buf_reset(&w->body);
	r.body = w->body;
	int rc;
	if (j->list) {
		rc = site_render_lists(&w->site, j->path, static_emit, w, &r);
	} else {
		site_render(&w->site, j->path, &r);
		rc = static_write(w, j->path, j->from, &r);
		static_done(w);
	}
	w->body = r.body;
	return rc;
}

static void *static_worker(void *arg)
{
	struct worker *w = arg;
	struct shared *sh = w->sh;
	for (;;) {
		size_t i = __atomic_load_n(&sh->next, __ATOMIC_RELAXED), take;
		do
			take = i < STATIC_SOLO || (i < sh->jobs->n && sh->jobs->v[i].list) ? 1 : STATIC_RUN;
		while (!__atomic_compare_exchange_n(&sh->next, &i, i + take, 0, __ATOMIC_RELAXED,
						    __ATOMIC_RELAXED));
		for (size_t k = i; k < i + take; k++) {
			if (static_stopped(sh) || k >= sh->jobs->n)
				return NULL;
			w->folder_made = sh->made && k < __atomic_load_n(&sh->folders, __ATOMIC_ACQUIRE) &&
					 sh->made[k];
			int bad = static_one(w, &sh->jobs->v[k]);
			w->folder_made = 0;
			if (bad)
				return NULL;
		}
	}
}

/*
 * The folder maker of a new copy's first round. Each item's page is a folder's
 * index.html (items/<slug>/index.html), and the kernel makes one folder at a time
 * in a parent: mkdir holds the lock of items/ throughout, and workers that made
 * their own folders there waited on each other, spinning (a third of their system
 * time with two). This thread makes the listed pages' folders in list order, ahead
 * of the workers, which then only open their file; for a job it has not passed
 * (sh->folders) or made (sh->made), a worker makes the folder itself, as before.
 * Jobs the workers have taken are skipped, and lists,
 * feeds and media (the first STATIC_SOLO jobs, list jobs, /media/) are left to
 * them. Every folder is one of a listed path, in the manifest already: a failed
 * export's undo removes it (manifest_remove), as a killed one's next export does.
 */
static void *static_folders(void *arg)
{
	struct shared *sh = arg;
	const struct joblist *jobs = sh->jobs;
	struct buf file, why;
	buf_init(&file, 512);
	buf_init(&why, 0);
	for (size_t i = STATIC_SOLO; i < jobs->n && !__atomic_load_n(&sh->stop, __ATOMIC_RELAXED);
	     i++) {
		size_t taken = __atomic_load_n(&sh->next, __ATOMIC_RELAXED);
		if (i < taken)
			i = taken;
		if (i >= jobs->n)
			break;
		const struct job *j = &jobs->v[i];
		buf_reset(&file);
		if (!j->list && strncmp(j->path, "/media/", 7) &&
		    !export_file_for_path(j->path, sh->langs, sh->nlangs, &file) && !buf_failed(&file))
			sh->made[i] = !export_make_folders_at(sh->dirfd, buf_str(&file), &why);
		buf_reset(&why);
		__atomic_store_n(&sh->folders, i + 1, __ATOMIC_RELEASE);
	}
	buf_release(&file);
	buf_release(&why);
	return NULL;
}

/* The early thread of export_static: the sitemap alone, made while the main
 * thread lists the paths; then a worker of the first round like the others. */
static void *static_sitemap(void *arg)
{
	struct worker *w = arg;
	struct shared *sh = w->sh;
	static char path[] = "/sitemap.xml";
	const struct job j = {.path = path};
	static_one(w, &j);
	pthread_mutex_lock(&sh->lock);
	while (!sh->ready)
		pthread_cond_wait(&sh->ready_cond, &sh->lock);
	pthread_mutex_unlock(&sh->lock);
	return static_worker(w);
}

/* Lets the early thread go on: into the first round, or out when stop is set. */
static void static_ready(struct shared *sh)
{
	pthread_mutex_lock(&sh->lock);
	sh->ready = 1;
	pthread_cond_broadcast(&sh->ready_cond);
	pthread_mutex_unlock(&sh->lock);
}

/*
 * Every worker's connection reads one snapshot, the same for all: a press officer
 * publishing during the export changes none of its pages, so the copy never links
 * an item that its lists lack. Retried while a write lands between the workers'
 * first reads.
 */
static int static_snapshot(struct worker *w, unsigned n, struct buf *err)
{
	for (int attempt = 0; attempt < 20; attempt++) {
		int64_t first = 0, v;
		int same = 1;
		for (unsigned i = 0; i < n; i++) {
			if (store_snapshot_begin(w[i].site.store, &v)) {
				buf_adds(err, store_errmsg(w[i].site.store));
				return -1;
			}
			same &= i == 0 || v == first;
			if (i == 0)
				first = v;
		}
		if (same)
			return 0;
		for (unsigned i = 0; i < n; i++)
			store_snapshot_end(w[i].site.store);
		usleep(50000);
	}
	buf_lit(err, "the site kept changing while the export started (20 tries): try again");
	return -1;
}

/* ---- step 1: the paths the router serves ---- */

/*
 * A list of count items: its page paths are known, so that links to them are not
 * rendered again. They are all made by one job per language, the archive's
 * (job = 1): site_render_lists() makes the archive, kind and month pages from
 * one reading of the language's items, instead of a count and an OFFSET per page.
 */
static int static_list_pages(struct joblist *jobs, struct strset *known, const char *base,
			     int64_t count, int64_t per, int job)
{
	char path[512];
	int64_t pages = count > 0 ? (count + per - 1) / per : 1;
	if (strset_has(known, base))
		return 0;
	for (int64_t pg = 1; pg <= pages; pg++) {
		if (pg == 1)
			snprintf(path, sizeof(path), "%s", base);
		else
			snprintf(path, sizeof(path), "%s/page/%lld", base, (long long)pg);
		if (strset_add(known, path) < 0)
			return -1;
	}
	if (!job)
		return 0;
	if (joblist_add(jobs, base, NULL))
		return -1;
	jobs->v[jobs->n - 1].list = 1;
	return 0;
}

static int static_add(struct joblist *jobs, struct strset *known, const char *path)
{
	int a = strset_add(known, path);
	return a < 0 || (a > 0 && joblist_add(jobs, path, NULL)) ? -1 : 0;
}

/* Moves every job of from to the end of to; from is left empty. */
static int joblist_append(struct joblist *to, struct joblist *from)
{
	if (to->n + from->n > to->cap) {
		size_t cap = to->n + from->n;
		struct job *v = realloc(to->v, cap * sizeof(*v));
		if (!v)
			return -1;
		to->v = v;
		to->cap = cap;
	}
	if (from->n)
		memcpy(to->v + to->n, from->v, from->n * sizeof(*from->v));
	to->n += from->n;
	free(from->v);
	memset(from, 0, sizeof(*from));
	return 0;
}

/* The counts of one language's public items that its list pages need. */
struct static_counts {
	int64_t all, kind[KIND_COUNT];
};

/* Makes a month's list pages known (month = year * 12 + month - 1). */
static int static_month_pages(struct strset *known, const char *pre, int month, int64_t count,
			      int64_t per)
{
	char path[512];
	snprintf(path, sizeof(path), "%s/archive/%04d/%02d", pre, month / 12, month % 12 + 1);
	return static_list_pages(NULL, known, path, count, per, 0);
}

/*
 * One pass over a language's public items, newest first, STATIC_CHUNK at a time
 * (each chunk starts after the last item of the one before, not at an OFFSET):
 * their pages and series pages become jobs in itemjobs, they are counted per kind
 * into c, and each month's pages are made known (the archive's list job renders
 * them) as the month changes.
 */
/* The old addresses of the site's items (store_alias_list: by item), and those of
 * public items found so far, to be written after every page of the site is known. */
struct static_aliases {
	struct store_alias *v;
	size_t n;
	struct joblist jobs;
	int shortlinks;        /* a public item has a WordPress shortlink */
	const struct config *cfg;
};

/* Item id's old addresses into a->jobs; not a WordPress shortlink ("/?p=12"): a
 * query is no file a web server would find (shortlink.js answers it). One with the
 * copy's path in front (a blog that was where the copy goes) is written without it,
 * since the copy is served under that path. */
static int static_item_aliases(struct static_aliases *a, int64_t id)
{
	size_t n;
	const struct store_alias *v = store_aliases_of(a->v, a->n, id, &n);
	for (size_t i = 0; i < n; i++)
		if (url_alias_is_shortlink(v[i].path))
			a->shortlinks = 1;
		else if (joblist_add(&a->jobs, v[i].path + site_under_len(a->cfg, v[i].path), NULL))
			return -1;
	return 0;
}

static int static_list_items(struct site *site, const struct item_query *q, const char *pre,
			     struct joblist *itemjobs, struct strset *known, struct static_counts *c,
			     struct static_aliases *al, int *store_failed)
{
	int64_t per = site->cfg.per_page > 0 ? site->cfg.per_page : 20;
	char path[1024];
	struct strset series = {0};
	struct item_query iq = *q;
	iq.limit = STATIC_CHUNK;
	iq.paths = 1;
	int month = -1, rc = 0;
	int64_t mcount = 0;
	for (;;) {
		struct item *items;
		size_t n;
		if (store_item_list(site->store, &iq, &items, &n)) {
			*store_failed = 1;
			rc = -1;
			break;
		}
		for (size_t i = 0; i < n && !rc; i++) {
			const struct item *it = &items[i];
			c->all++;
			if ((int)it->kind >= 0 && it->kind < KIND_COUNT)
				c->kind[it->kind]++;
			struct civil cv;
			if (tz_civil(site->cfg.timezone, it->published, &cv) == 0) {
				int key = cv.year * 12 + cv.month - 1;
				if (key != month && month >= 0) {
					rc |= static_month_pages(known, pre, month, mcount, per);
					mcount = 0;
				}
				month = key;
				mcount++;
			}
			snprintf(path, sizeof(path), "%s/items/%s", pre, it->slug);
			rc |= static_add(itemjobs, known, path);
			if (al->n)
				rc |= static_item_aliases(al, it->id);
			if (*it->series && strlen(it->series) < 900 && strset_add(&series, it->series) > 0) {
				snprintf(path, sizeof(path), "%s/series/%s", pre, it->series);
				rc |= static_add(itemjobs, known, path);
			}
		}
		if (n) {
			iq.after_published = items[n - 1].published;
			iq.after_id = items[n - 1].id;
		}
		store_items_free(items, n);
		if (rc || n < STATIC_CHUNK)
			break;
	}
	if (!rc && month >= 0)
		rc = static_month_pages(known, pre, month, mcount, per);
	strset_free(&series);
	return rc;
}

/*
 * The jobs, longest first so that no worker is left with a long one while the
 * others have nothing to do: the sitemap (unless sitemap_job is 0), then each
 * language's home, lists (one job) and feeds, then robots.txt, then every item
 * and series page.
 */
static int static_list(struct site *site, int64_t now, int sitemap_job, struct joblist *jobs,
		       struct strset *known, struct buf *err)
{
	int64_t per = site->cfg.per_page > 0 ? site->cfg.per_page : 20;
	char path[1024];
	static const char *const fmts[] = {"rss", "atom", "json"};
	struct joblist itemjobs = {0};
	struct static_aliases al = {.cfg = &site->cfg};
	int store_failed = 0;
	if (store_alias_list(site->store, 0, &al.v, &al.n)) {
		store_failed = 1;
		goto fail;
	}
	/* sitemap_job 0: it is being made already; only known. */
	if (sitemap_job ? static_add(jobs, known, "/sitemap.xml")
			: strset_add(known, "/sitemap.xml") < 0)
		goto fail;
	for (size_t li = 0; li < site->nlangs; li++) {
		const char *lang = site->langs[li];
		char pre[SITE_LANG_MAX + 2] = "";
		if (li)
			snprintf(pre, sizeof(pre), "/%s", lang);
		struct item_query q = {.public_only = 1, .now = now, .kind = -1, .lang = lang};
		struct static_counts c = {0};
		if (static_list_items(site, &q, pre, &itemjobs, known, &c, &al, &store_failed))
			goto fail;
		snprintf(path, sizeof(path), "%s", li ? pre : "/");
		if (static_add(jobs, known, path))
			goto fail;
		snprintf(path, sizeof(path), "%s/archive", pre);
		if (static_list_pages(jobs, known, path, c.all, per, 1))
			goto fail;
		/* (written by the same list job: site->static_copy) */
		snprintf(path, sizeof(path), "%s/search/index.json", pre);
		if (strset_add(known, path) < 0)
			goto fail;
		for (size_t f = 0; f < 3; f++) {
			snprintf(path, sizeof(path), "%s/feed.%s", pre, fmts[f]);
			if (static_add(jobs, known, path))
				goto fail;
		}
		for (int k = 0; k < KIND_COUNT; k++) {
			const char *slug = item_kind_slug((enum item_kind)k);
			snprintf(path, sizeof(path), "%s/kind/%s", pre, slug);
			if (static_list_pages(jobs, known, path, c.kind[k], per, 0))
				goto fail;
			for (size_t f = 0; f < 3; f++) {
				snprintf(path, sizeof(path), "%s/kind/%s/feed.%s", pre, slug, fmts[f]);
				if (static_add(jobs, known, path))
					goto fail;
			}
		}
	}
	if (static_add(jobs, known, "/robots.txt") || joblist_append(jobs, &itemjobs))
		goto fail;
	/* Where other tools had the feed ("/rss.xml", "/ru/feed/"), each language's as
	 * the server answers it: readers subscribed there find it (the feed itself:
	 * site_render in a copy). */
	for (size_t li = 0; li < site->nlangs; li++)
		for (size_t i = 0; site_legacy_feeds[i][0]; i++) {
			snprintf(path, sizeof(path), "%s%s%s", li ? "/" : "", li ? site->langs[li] : "",
				 site_legacy_feeds[i][0]);
			if (static_add(jobs, known, path))
				goto fail;
		}
	/* WordPress shortlinks ("/?p=12") of public items, which the copy's home page
	 * answers in the browser from this list. */
	if (al.shortlinks && static_add(jobs, known, "/shortlinks.json"))
		goto fail;
	/* Last, an old address that is no page of the site: its page says where the
	 * item is now (page_moved), as the server's 301 does. Not one below a file of
	 * the copy ("/feed.rss/x", "/p.html/q" beside the old address "/p.html"): it
	 * would need that file as a folder; said, and the live server still answers. */
	struct strset olds = {0};
	for (size_t i = 0; i < al.jobs.n; i++)
		if (strset_add(&olds, al.jobs.v[i].path) < 0) {
			strset_free(&olds);
			goto fail;
		}
	for (size_t i = 0; i < al.jobs.n; i++) {
		const char *a = al.jobs.v[i].path;
		int under_file = 0;
		for (const char *s = strchr(a + 1, '/'); s && !under_file; s = strchr(s + 1, '/')) {
			char *pre = strndup(a, (size_t)(s - a));
			if (!pre) {
				strset_free(&olds);
				goto fail;
			}
			if (strchr(strrchr(pre, '/') + 1, '.'))
				under_file = strset_has(known, pre) || strset_has(&olds, pre);
			free(pre);
		}
		if (under_file)
			fprintf(stderr, "pressroom: export: old address %s is below a file of the copy; "
					"not written (the server answers it)\n", a);
		else if (strstr(a, "/."))
			/* A hidden file's name, stored before import refused them
			 * (url_alias_path): ".pressroom-export" is the copy's own. */
			fprintf(stderr, "pressroom: export: old address %s names a hidden file; "
					"not written\n", a);
		else if (static_add(jobs, known, a)) {
			strset_free(&olds);
			goto fail;
		}
	}
	strset_free(&olds);
	joblist_clear(&al.jobs);
	store_aliases_free(al.v, al.n);
	return 0;
fail:
	joblist_clear(&itemjobs);
	joblist_clear(&al.jobs);
	store_aliases_free(al.v, al.n);
	if (store_failed)
		buf_adds(err, store_errmsg(site->store));
	else
		buf_lit(err, "out of memory");
	return -1;
}

/* ---- the manifest (export.h): every file noted before it is written ---- */

/* Notes the file of each listed path (a strset's slots, NULL ones skipped), then
 * appends them to the list. (Linked paths are noted as they are written:
 * static_put.) */
static int static_note(struct export_manifest *m, const struct shared *sh, char *const *paths,
		       size_t n, struct buf *file, struct buf *err)
{
	for (size_t i = 0; i < n; i++) {
		buf_reset(file);
		if (paths[i] && !export_file_for_path(paths[i], sh->langs, sh->nlangs, file))
			export_manifest_add(m, buf_str(file));
	}
	return export_manifest_flush(m, err);
}

/*
 * -1, with the reason in err, if dir is the folder of the site's database or one
 * that holds it: whatever serves the copy would serve the database too.
 */
static int static_not_db_dir(const char *dir, const char *db, struct buf *err)
{
	struct stat d, s;
	if (stat(dir, &d))
		return 0;
	char *real = realpath(db, NULL);
	if (!real)
		return 0;
	int rc = 0;
	for (char *slash; !rc && (slash = strrchr(real, '/'));) {
		slash[slash == real] = '\0';
		if (!stat(real, &s) && s.st_dev == d.st_dev && s.st_ino == d.st_ino) {
			buf_addf(err, "%s: holds the site's database (%s), which the copy would publish; "
				      "export into a folder of its own",
				 dir, db);
			rc = -1;
		}
		if (slash == real)
			break;
	}
	free(real);
	return rc;
}

/* ---- the whole export ---- */

int export_static(const char *db, const char *dir, const struct export_static_options *o,
		  struct export_static_result *res, struct buf *err)
{
	memset(res, 0, sizeof(*res));
	unsigned nthreads = o && o->threads ? o->threads : (unsigned)sysconf(_SC_NPROCESSORS_ONLN);
	if (nthreads < 1)
		nthreads = 1;
	if (nthreads > STATIC_MAX_THREADS)
		nthreads = STATIC_MAX_THREADS;
	struct worker *w = calloc(nthreads, sizeof(*w));
	struct shared sh = {.dir = dir, .dirfd = -1, .err = err};
	struct joblist jobs = {0}, next = {0};
	struct strset known = {0};
	struct assets assets = {0};
	struct progress prog;
	struct export_manifest man;
	int rc = -1, man_open = 0, man_begun = 0, staged_put = 0;
	char *old_path = NULL;                 /* base_url's own path, under --base-path */
	size_t made = 0;
	char msg[1200];
	pthread_mutex_init(&sh.lock, NULL);
	pthread_cond_init(&sh.ready_cond, NULL);
	if (static_not_db_dir(dir, db, err))
		goto out;
	sh.fresh = static_dir_empty(dir);
	sh.cancel = o ? o->cancel : NULL;
	if (export_make_dir(dir, &made, err))
		goto out;
	sh.dirfd = export_open_dir(dir, err);
	if (sh.dirfd < 0)
		goto out;
	if (!w) {
		buf_lit(err, "out of memory");
		goto out;
	}
	/* All sites are opened here, before any thread starts (site_open sets up i18n). */
	for (unsigned i = 0; i < nthreads; i++) {
		if (site_open(&w[i].site, db, msg, sizeof(msg))) {
			buf_adds(err, msg);
			goto out;
		}
		w[i].opened = 1;
		w[i].sh = &sh;
		buf_init(&w[i].body, 0);
		buf_init(&w[i].file, 8192);
		buf_init(&w[i].link, 4096);
		buf_init(&w[i].moved, 0);
		buf_init(&w[i].err, 8192);
		buf_init(&w[i].written, 0);
		buf_init(&w[i].staged, 0);
	}
	w[0].main = 1;
	/* Before any file (the sitemap's thread starts writing early), once the site
	 * has opened: a wrong --db leaves the folder as it was. */
	man_open = 1;
	sh.man = &man;
	if (export_manifest_begin(&man, sh.dirfd, dir, "static", err))
		goto out;
	man_begun = 1;
	export_manifest_add(&man, "sitemap.xml");
	if (export_manifest_flush(&man, err))
		goto out;
	if (static_snapshot(w, nthreads, err))
		goto out;
	/* One "now" for every page, so that they agree on what is published; and the
	 * search page made for a copy that no server answers queries for. */
	int64_t now = site_now(&w[0].site);
	for (unsigned i = 0; i < nthreads; i++) {
		w[i].site.now_override = now;
		w[i].site.static_copy = 1;
		/* Each page is a folder's index.html: links to it end in '/' (urls.h). */
		w[i].site.cfg.dir_urls = 1;
	}
	for (size_t i = 1; i < w[0].site.nlangs; i++)
		sh.langs[sh.nlangs++] = w[0].site.langs[i];
	/* Feeds, the sitemap and canonical links are absolute: with the address a new
	 * site starts with, they name this machine (said, not refused: a copy to look
	 * at here is fine). */
	res->default_base_url =
		w[0].site.cfg.base_url && !strcmp(w[0].site.cfg.base_url, CONFIG_BASE_URL_DEFAULT);
	/* Under a path: base_url's own (a site served under it), or --base-path in its
	 * place; either way the site's address is the copy's, for every absolute link. */
	const char *own;
	size_t nown = url_base_path(w[0].site.cfg.base_url, &own), npath = nown;
	if (o && o->base_path) {
		/* (own is base_url's, replaced below.) */
		if (nown && !(old_path = strndup(own, nown))) {
			buf_lit(err, "out of memory");
			goto out;
		}
		npath = strlen(o->base_path);
		for (unsigned i = 0; i < nthreads; i++) {
			struct config *c = &w[i].site.cfg;
			size_t bn = c->base_url ? strlen(c->base_url) : 0;
			while (bn && c->base_url[bn - 1] == '/')
				bn--;
			bn = bn >= nown ? bn - nown : 0;
			char *u = malloc(bn + npath + 1);
			if (!u) {
				buf_lit(err, "out of memory");
				goto out;
			}
			memcpy(u, c->base_url ? c->base_url : "", bn);
			memcpy(u + bn, o->base_path, npath + 1);
			free(c->base_url);
			c->base_url = u;
		}
	}
	/* A site at its host's root (its links to that host are its own) whose copy goes
	 * under a path; a site under a path shares its host with others. */
	url_rebase_init(&sh.rb, w[0].site.cfg.base_url, npath, nown == 0);
	if (old_path)
		url_rebase_old(&sh.rb, old_path);
	if (assets_load(&assets, NULL, msg, sizeof(msg))) {
		buf_adds(err, msg);
		goto out;
	}
	/* The newsroom's own files (admin.css, admin.js) are no part of the public site. */
	size_t kept = 0;
	for (size_t i = 0; i < assets.n; i++) {
		if (!strncmp(assets.v[i].name, "admin.", 6))
			free(assets.v[i].data);
		else
			assets.v[kept++] = assets.v[i];
	}
	assets.n = kept;
	sh.assets = &assets;
	/* The sitemap reads every item's link itself and is not HTML (nothing to scan,
	 * so it does not touch the set of known paths): with a second thread it is
	 * made while this one lists the paths. */
	int early = nthreads > 1 && !pthread_create(&w[1].th, NULL, static_sitemap, &w[1]);
	struct buf lerr; /* the sitemap's thread may write err meanwhile */
	buf_init(&lerr, 8192);
	int listed = static_list(&w[0].site, now, !early, &jobs, &known, &lerr) ||
		     strset_add(&known, "/404.html") < 0;
	for (size_t l = 0; !listed && l < sh.nlangs; l++) {
		snprintf(msg, sizeof(msg), "/%s/404.html", sh.langs[l]);
		listed = strset_add(&known, msg) < 0;
	}
	/* Every listed path's file (a list job writes all the pages known under it),
	 * and the theme's, into the manifest before the first is written. */
	if (!listed) {
		for (size_t i = 0; i < assets.n; i++) {
			buf_reset(&w[0].file);
			buf_lit(&w[0].file, "static/");
			buf_adds(&w[0].file, assets.v[i].name);
			export_manifest_add(&man, buf_str(&w[0].file));
		}
		listed = static_note(&man, &sh, known.v, known.cap, &w[0].file, &lerr);
	}
	if (listed) {
		__atomic_store_n(&sh.stop, 1, __ATOMIC_RELAXED);
		if (early) {
			static_ready(&sh);
			pthread_join(w[1].th, NULL);
		}
		/* The sitemap's own error, if it failed first, is in err already. */
		if (!err->len)
			buf_adds(err, lerr.len ? buf_str(&lerr) : "out of memory");
		buf_release(&lerr);
		goto out;
	}
	buf_release(&lerr);
	if (!jobs.n && early) { /* (robots.txt is always listed) */
		static_ready(&sh);
		pthread_join(w[1].th, NULL);
		early = 0;
	}
	/* The bar counts files: every listed path (a list job writes all its pages),
	 * the theme and 404.html; linked paths (media files among them) join it as
	 * each round finds them. */
	size_t notfound = 1 + sh.nlangs; /* the 404.html pages, written last */
	size_t total = known.n - notfound;
	progress_init(&prog, "exporting", total + assets.n + notfound);
	if (o && o->progress)
		sh.prog = &prog;
	/* Rounds: the listed paths, then the linked paths found that were not listed. */
	int round1 = 1;
	while (jobs.n) {
		sh.jobs = &jobs;
		sh.next = 0;
		sh.folders = 0;
		sh.known = &known;
		/* A second worker's first round into a new folder: static_folders. */
		pthread_t ft;
		int folders = round1 && sh.fresh && nthreads > 1 && jobs.n > STATIC_SOLO &&
			      (sh.made = calloc(jobs.n, 1)) &&
			      !pthread_create(&ft, NULL, static_folders, &sh);
		round1 = 0;
		/* In the first round the early thread is w[1], already running. */
		unsigned first = early ? 2 : 1;
		for (unsigned i = first; i < nthreads; i++)
			if (pthread_create(&w[i].th, NULL, static_worker, &w[i])) {
				buf_lit(err, "cannot start a thread");
				__atomic_store_n(&sh.stop, 1, __ATOMIC_RELAXED);
				if (early)
					static_ready(&sh);
				for (unsigned k = 1; k < i; k++)
					pthread_join(w[k].th, NULL);
				if (folders)
					pthread_join(ft, NULL);
				goto out;
			}
		if (early)
			static_ready(&sh);
		early = 0;
		static_worker(&w[0]);
		for (unsigned i = 1; i < nthreads; i++)
			pthread_join(w[i].th, NULL);
		if (folders)
			pthread_join(ft, NULL);
		free(sh.made);
		sh.made = NULL;
		if (sh.stop)
			goto out;
		joblist_clear(&jobs);
		for (unsigned i = 0; i < nthreads; i++) {
			for (size_t k = 0; k < w[i].found.n; k++) {
				struct job *j = &w[i].found.v[k];
				int a = strset_add(&known, j->path);
				if (a < 0 || (a > 0 && joblist_add(&next, j->path, j->from))) {
					buf_lit(err, "out of memory");
					goto out;
				}
			}
			joblist_clear(&w[i].found);
			strset_free(&w[i].seen);
		}
		jobs = next;
		memset(&next, 0, sizeof(next));
		total += jobs.n;
		prog.total = total + assets.n + notfound;
		if (known.n > STATIC_MAX_PATHS) {
			buf_lit(err, "more than 20 million pages: stopped");
			goto out;
		}
	}
	/* The not-found page, as the server sends it for any unknown path: 404.html,
	 * and <lang>/404.html in each other language, for a server that can answer
	 * each language's addresses with its own (docs/internals/export.md). */
	for (size_t l = 0; l <= sh.nlangs; l++) {
		char sub[SITE_LANG_MAX + 2] = "";
		if (l)
			snprintf(sub, sizeof(sub), "%s/", sh.langs[l - 1]);
		snprintf(msg, sizeof(msg), "/%s404.html", sub);
		struct site_response r;
		buf_init(&r.body, 0);
		site_render(&w[0].site, msg, &r);
		int bad = 1;
		const char *page = r.body.data ? r.body.data : "";
		size_t len = r.body.len;
		if (r.status != 404)
			buf_addf(err, "%s%s: the not-found page answered %d%s%s", dir, msg, r.status, r.status == 500 ? ": " : "", r.status == 500 ? r.why : "");
		else if (static_rebased(&w[0], &page, &len))
			buf_lit(err, "out of memory");
		else
			bad = static_put_in(&w[0], sub, "404.html", page, len, 0, err);
		res->pages++;
		res->bytes += len;
		buf_release(&r.body);
		if (bad)
			goto out;
	}
	for (size_t i = 0; i < assets.n; i++) {
		if (static_put_in(&w[0], "static/", assets.v[i].name, assets.v[i].data,
				  assets.v[i].size, 0, err))
			goto out;
		res->assets++;
		res->bytes += assets.v[i].size;
	}
	{
		const struct buf *lists[STATIC_MAX_THREADS];
		for (unsigned i = 0; i < nthreads; i++)
			lists[i] = &w[i].staged;
		if (static_stopped(&sh))
			goto out;
		if (!sh.fresh && !o->replace &&
		    export_stage_foreign(sh.dirfd, dir, lists, nthreads, &man, err))
			goto out;
		/* From here on the new copy is in place (or, if a rename fails, part of it). */
		staged_put = 1;
		if (!sh.fresh && export_stage_commit(sh.dirfd, dir, lists, nthreads, err))
			goto out;
		for (unsigned i = 0; i < nthreads; i++)
			lists[i] = &w[i].written;
		if (export_manifest_end(&man, lists, nthreads, &res->removed, err))
			goto out;
	}
	if (sh.prog) {
		progress_set(&prog, prog.total);
		progress_done(&prog);
	}
	rc = 0;
out:
	if (sh.prog && rc)
		progress_done(&prog);
	/* Nothing of a failed export over an earlier copy is put in place: the copy
	 * and its list are as they were. */
	if (rc && !sh.fresh && !staged_put && w && sh.dirfd >= 0) {
		const struct buf *lists[STATIC_MAX_THREADS];
		for (unsigned i = 0; i < nthreads; i++)
			lists[i] = &w[i].staged;
		export_stage_discard(sh.dirfd, lists, nthreads);
		res->kept = 1;
		/* Only a list this export began: a refused one (another kind's) stays. */
		if (man_begun && export_manifest_abandon(&man, &w[0].err))
			fprintf(stderr, "pressroom: export: %s\n", buf_str(&w[0].err));
	}
	/* A failed first export (into a new or empty folder, where files were written
	 * in place) takes back what it wrote: no half copy is left to be served, and
	 * the space of a full disk is given back. */
	if (rc && sh.fresh) {
		struct buf why;
		buf_init(&why, 256);
		if (!man_begun || !export_manifest_undo(&man, &why)) {
			res->kept = 1;
			export_unmake_dir(dir, made);
		} else {
			fprintf(stderr, "pressroom: export: %s\n", buf_str(&why));
		}
		buf_release(&why);
	}
	for (unsigned i = 0; w && i < nthreads; i++) {
		res->pages += w[i].res.pages;
		res->feeds += w[i].res.feeds;
		res->other += w[i].res.other;
		res->bytes += w[i].res.bytes;
		res->broken += w[i].res.broken;
		res->media += w[i].res.media;
		res->unsafe += w[i].res.unsafe;
		joblist_clear(&w[i].found);
		strset_free(&w[i].seen);
		buf_release(&w[i].body);
		buf_release(&w[i].file);
		buf_release(&w[i].link);
		buf_release(&w[i].moved);
		buf_release(&w[i].err);
		buf_release(&w[i].written);
		buf_release(&w[i].staged);
		if (w[i].opened) {
			store_snapshot_end(w[i].site.store);
			site_close(&w[i].site);
		}
	}
	free(w);
	joblist_clear(&jobs);
	joblist_clear(&next);
	strset_free(&known);
	assets_free(&assets);
	if (man_open)
		export_manifest_free(&man);
	if (sh.dirfd >= 0)
		close(sh.dirfd);
	free(sh.made);
	free(old_path);
	pthread_mutex_destroy(&sh.lock);
	pthread_cond_destroy(&sh.ready_cond);
	return rc;
}
