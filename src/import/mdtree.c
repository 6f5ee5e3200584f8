/*
 * A Hugo or Jekyll content/ folder, read recursively into an import batch.
 * The files are listed first (sorted by name in every folder, so the order and
 * the messages are the same on every run), then read and parsed one by one with
 * the front-matter parser that `pressroom add` uses.
 */
#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <fnmatch.h>
#include <limits.h>
#include <stddef.h>
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>
#include <wchar.h>
#include <wctype.h>
#include <yaml.h>

#include "../cli/frontmatter.h"
#include "../export/export.h"
#include "../render/markdown.h"
#include "../render/sanitize.h"
#include "../site/config.h"
#include "../site/page.h"
#include "../site/urls.h"
#include "../store/fts_stem.h"
#include "../base/utf8.h"
#include "../base/strset.h"
#include "../base/tz.h"
#include "import.h"
#include "shortcode.h"

#define MDTREE_MAX_DEPTH 32
/* Bad files named in one refusal; the rest are counted. */
#define MDTREE_MAX_ERRORS 20
/* Patterns read from a Jekyll _config.yml's exclude: list. */
#define MDTREE_MAX_EXCLUDE 64
/* Permalink defaults read from a Jekyll _config.yml. */
#define MDTREE_MAX_DEFAULTS 16
/* Languages a tree may hold in folders of their own. */
#define MDTREE_MAX_LANGS 16

struct mdtree_file {
	char *path;   /* as opened: ROOT/rel */
	int draft;    /* under a _drafts folder (Jekyll) */
	int bundle;   /* index.* below the top: a page bundle, its folder's files its own */
	int in_leaf;  /* another Markdown file in such a folder: for Hugo a resource of
		       * the bundle, with no page (and no address) of its own */
	size_t entry; /* its item in the batch */
	size_t line;  /* the line its body starts on */
	char *key;    /* what cross-references call it: "posts/visit" for
		       * ROOT/posts/visit.md and ROOT/posts/visit/index.md */
	char *tkey;   /* the translation key its name gave (mdtree_hints), or NULL */
	char *named;  /* its path less language and extension when its slug is its name's
		       * (without a date), else NULL */
	char *addresses; /* its front matter's old addresses (fm_defaults.addresses), or NULL */
	char *page;      /* its page's address on the old site (its url: or permalink:, or
			  * the one Hugo made of its path: mdtree_hugo_address), or NULL */
};

/* What a file's path says of its item, where the front matter is silent (Hugo and
 * Jekyll read the same): its slug, language, date and translation key. */
struct mdtree_hint {
	char slug[128];
	char lang[16];
	int64_t date;
	char day[11];   /* the date of the name ("2021-06-15"), or "" */
	char bad_day[11]; /* the name's date when it is none ("2017-02-30"), or "" */
	char tkey[PATH_MAX];
};

struct mdtree {
	const char *root;       /* as the user gave it, without trailing '/' */
	size_t rootlen;
	char *real;             /* its realpath, to tell links out of the tree */
	struct import_batch *b;
	struct buf *err;
	struct mdtree_file *files;
	size_t n, cap;
	size_t *bykey;          /* indexes of files, sorted by key */
	const char *lang;       /* the site's default language (its paths have no prefix) */
	const struct fm_defaults *d;
	char *bases[3];         /* real paths where "/x.png" may be (mdtree_bases) */
	size_t nbases;
	/* The top folders that are languages (mdtree_lang_dirs): "ru/" beside "en/",
	 * or beside the pages it translates; not a lone "uk/" section. */
	struct mdtree_langdir {
		char dir[64];  /* "ru", or a Hugo language's contentDir under content/ */
		char lang[16]; /* its language */
		int config;    /* named by the Hugo site's config: a language whatever it holds */
	} langdirs[MDTREE_MAX_LANGS];
	size_t nlangdirs;
	/* The language of a file that names none: the Hugo site's defaultContentLanguage,
	 * else the site's (lang). */
	const char *file_lang;
	char hugo_default[16];
	/* The languages the Hugo site's config names ("visit.pt-br.md" is one of them). */
	struct {
		char key[32]; /* Hugo's name of it, in file names: "ru", "english" */
		char tag[16]; /* its language tag (its languageCode, else the key) */
	} hugo_langs[MDTREE_MAX_LANGS];
	size_t nhugo_langs; /* when any, they are the only languages */
	/* pressroom's own export --markdown (export_own_markdown): its front matter
	 * says everything and its bodies are pressroom's, so nothing is read from
	 * paths and no body is rewritten: it comes back as it was written. */
	int own;
	/* A Jekyll site (a _config.yml at the top): its pages are the files outside
	 * folders named _*, and what its exclude: list names is not content. */
	int jekyll;
	char *exclude[MDTREE_MAX_EXCLUDE];
	size_t nexclude;
	/* What its config says of its posts' addresses (mdtree_jekyll_address): its
	 * permalink: pattern or style ("date" when it names none), the zone its dates
	 * are read in (timezone:, else the import's) and the folder it was served
	 * from (baseurl:, "" for the top). */
	char jekyll_permalink[256];
	char jekyll_zone[64];
	char jekyll_lang[16]; /* its lang: (as themes read it), the language of its pages */
	char jekyll_base[256];
	/* The path of a Hugo config's baseURL ("/press" of "https://example.org/press/"),
	 * "" for the top: Hugo's pages, url:s and aliases were all under it. */
	char hugo_base[256];
	/* Its timeZone: ("Europe/Moscow"): Hugo read its dates and times without an
	 * offset there (without it, as UTC: they are read in the import's zone). */
	char hugo_zone[64];
	/* Its defaults: for posts under a path (its collections: posts: permalink:
	 * is the one for ""), a permalink: as the post's front matter gives one. */
	struct mdtree_jekyll_default {
		char path[256];
		char permalink[256];
	} jekyll_defaults[MDTREE_MAX_DEFAULTS];
	size_t njekyll_defaults;
	/* What the Hugo site's config says of its addresses (mdtree_hugo_address). */
	int hugo;             /* a Hugo site's folder, or a folder named content: its
			       * pages' addresses are made of their paths */
	int hugo_permalinks;  /* permalinks: in a form not read here: not made here */
	int hugo_fm_dates;    /* a frontmatter: table (its dates from elsewhere): no
			       * address of a pattern is made */
	/* Its permalinks: patterns, by section ("posts": "/:year/:title/"), which make
	 * the addresses of that section's pages (mdtree_hugo_fill). */
	struct {
		char section[64];
		char pattern[256];
	} hugo_perm[MDTREE_MAX_DEFAULTS];
	size_t nhugo_perm;
	int hugo_ugly;        /* uglyURLs: /posts/visit.html */
	int hugo_keep_case;   /* disablePathToLower */
	int hugo_lang_subdir; /* defaultContentLanguageInSubdir: /en/posts/visit/ too */
};

static int mdtree_is_markdown(const char *name)
{
	const char *dot = strrchr(name, '.');
	return dot && dot != name && (!strcasecmp(dot, ".md") || !strcasecmp(dot, ".markdown"));
}

static int mdtree_is_html(const char *name)
{
	const char *dot = strrchr(name, '.');
	return dot && dot != name && (!strcasecmp(dot, ".html") || !strcasecmp(dot, ".htm"));
}

/* Whether path (below t->root) is where an HTML file with front matter is a post
 * or page, as Markdown is: Hugo's content, Jekyll's _posts and _drafts (elsewhere
 * Jekyll's .html are layouts and pages). Its HTML is made Markdown
 * (mdtree_html_body). */
static int mdtree_html_content(const struct mdtree *t, const char *path)
{
	const char *rel = path + t->rootlen;
	if (t->jekyll)
		return strstr(rel, "/_posts/") != NULL || strstr(rel, "/_drafts/") != NULL;
	return t->hugo;
}

/* Whether name's part before the extension is stem (case-insensitive). */
static int mdtree_stem_is(const char *name, const char *stem)
{
	size_t n = strlen(stem);
	return !strncasecmp(name, stem, n) && name[n] == '.';
}

static int mdtree_oom(struct mdtree *t)
{
	buf_reset(t->err);
	buf_lit(t->err, "out of memory");
	return -1;
}

static int mdtree_add_file(struct mdtree *t, const char *path, int draft, int bundle)
{
	if (t->n >= IMPORT_MAX_ITEMS) {
		buf_addf(t->err, "%s:1: more than %d files in one import", path, IMPORT_MAX_ITEMS);
		return -1;
	}
	if (t->n == t->cap) {
		size_t cap = t->cap ? t->cap * 2 : 256;
		struct mdtree_file *v = realloc(t->files, cap * sizeof(*v));
		if (!v)
			return mdtree_oom(t);
		t->files = v;
		t->cap = cap;
	}
	char *p = strdup(path);
	if (!p)
		return mdtree_oom(t);
	t->files[t->n++] = (struct mdtree_file){.path = p, .draft = draft, .bundle = bundle};
	return 0;
}

/* Whether s[0..n) is a language code a file name ("visit.ru.md") or a top folder
 * ("ru/") may carry: two lowercase letters of a language the site knows by name. */
static int mdtree_lang_code(const char *s, size_t n)
{
	if (n != 2 || s[0] < 'a' || s[0] > 'z' || s[1] < 'a' || s[1] > 'z')
		return 0;
	char l[3] = {s[0], s[1], '\0'};
	return page_lang_english(l) != NULL;
}

/* A file's path under the root without its Markdown extension, in out: 0, or -1 if
 * it does not fit. */
static int mdtree_stem(const struct mdtree *t, const struct mdtree_file *f, char *out, size_t n)
{
	if ((size_t)snprintf(out, n, "%s", f->path + t->rootlen + 1) >= n)
		return -1;
	char *slash = strrchr(out, '/'), *dot = strrchr(out, '.');
	if (dot && (!slash || dot > slash + 1))
		*dot = '\0';
	return 0;
}

/* The top folder of stem that is a candidate language folder (its index in
 * t->langdirs), or -1. */
static int mdtree_langdir_of(const struct mdtree *t, const char *stem)
{
	for (size_t k = 0; k < t->nlangdirs; k++) {
		size_t n = strlen(t->langdirs[k].dir);
		if (!strncmp(stem, t->langdirs[k].dir, n) && stem[n] == '/')
			return (int)k;
	}
	return -1;
}

/* The language a file name's last part before ".md" names ("ru" of visit.ru.md): a
 * two-letter code the site knows, or a language of the Hugo site's config
 * ("pt-br"); NULL when it names none. */
static const char *mdtree_file_lang(const struct mdtree *t, const char *code)
{
	for (size_t i = 0; i < t->nhugo_langs; i++)
		if (!strcasecmp(code, t->hugo_langs[i].key))
			return t->hugo_langs[i].tag;
	return mdtree_lang_code(code, strlen(code)) ? code : NULL;
}

/* The date a Jekyll name starts with ("2021-06-15-visit", or "2021-6-5-visit";
 * a year of two digits is this century's, as Ruby reads it) as "YYYY-MM-DD" into
 * ymd: the length of that part with the '-' after it, or 0 when it has none. */
static size_t mdtree_name_date(const char *name, char ymd[11])
{
	unsigned v[3] = {0};
	size_t at = 0;
	for (int part = 0; part < 3; part++) {
		size_t start = at;
		while (name[at] >= '0' && name[at] <= '9' && at - start < 4)
			v[part] = v[part] * 10 + (unsigned)(name[at++] - '0');
		size_t len = at - start;
		if (name[at] != '-' || (part ? len < 1 || len > 2 : len != 2 && len != 4))
			return 0;
		at++;
	}
	snprintf(ymd, 11, "%04u-%02u-%02u", v[0] < 100 ? 2000 + v[0] : v[0], v[1], v[2]);
	return at;
}

/*
 * The hints of f's path under the root (zone: the site's, for a date in a name):
 * - language: "visit.ru.md" or a top folder "ru/" (Hugo's two ways); the path
 *   without it is the translation key, so that the languages' files of one page
 *   are each other's translations;
 * - slug: the file's name, or its folder's for a bundle's index.md (as Hugo's URL),
 *   less Jekyll's date ("2021-06-15-consular-hours.md": consular-hours), which is
 *   the date;
 * - a Jekyll draft's date: its file's modification time.
 */
static void mdtree_hints(const struct mdtree *t, const struct mdtree_file *f, const char *zone,
			 struct mdtree_hint *h)
{
	memset(h, 0, sizeof(*h));
	char path[PATH_MAX];
	if (mdtree_stem(t, f, path, sizeof(path)))
		return;
	char *slash = strrchr(path, '/');
	char *name = slash ? slash + 1 : path;
	char *dot = strrchr(name, '.');
	if (dot && mdtree_file_lang(t, dot + 1)) {
		snprintf(h->lang, sizeof(h->lang), "%s", mdtree_file_lang(t, dot + 1));
		*dot = '\0';
	}
	const char *key = path;
	int d = mdtree_langdir_of(t, path);
	if (d >= 0) {
		if (!h->lang[0])
			snprintf(h->lang, sizeof(h->lang), "%s", t->langdirs[d].lang);
		key = path + strlen(t->langdirs[d].dir) + 1;
	}
	const char *base = name;
	if (!strcmp(name, "index")) {
		if (!slash || slash <= key)
			base = "";
		else {
			*slash = '\0'; /* the folder's name is the page's */
			char *up = strrchr(key, '/');
			base = up ? up + 1 : key;
		}
	}
	snprintf(h->tkey, sizeof(h->tkey), "%s", key);
	struct buf why;
	buf_init(&why, 256);
	int64_t when = 0;
	char ymd[11];
	size_t dl = mdtree_name_date(base, ymd);
	if (dl && strlen(base) > dl && !fm_read_date("date", ymd, 10, zone, &when, &why)) {
		h->date = when;
		memcpy(h->day, ymd, 10);
		base += dl;
	} else if (dl && strlen(base) > dl) {
		memcpy(h->bad_day, ymd, 10);
	}
	buf_release(&why);
	struct stat st;
	if (!h->date && f->draft && !stat(f->path, &st) && st.st_mtime > 0)
		h->date = (int64_t)st.st_mtime;
	item_slugify(base, h->slug, sizeof(h->slug));
	if (item_valid_slug(h->slug))
		h->slug[0] = '\0';
}


/*
 * Which top folders named as a language (mdtree_lang_code) are languages: those
 * holding a page that is also elsewhere in the tree, outside them or in another such
 * folder ("ru/posts/visit.md" beside "posts/visit.md" or "en/posts/visit.md"): the
 * translations Hugo keeps so. A folder with no such page is a section that happens
 * to be called so ("uk/" for the United Kingdom, "it/" for IT). When a Hugo site's
 * config names languages, only their contentDir folders are languages
 * (mdtree_hugo_config), as in Hugo.
 */
static int mdtree_lang_dirs(struct mdtree *t)
{
	char stem[PATH_MAX], probe[PATH_MAX + 8];
	for (size_t i = 0; i < t->n && !t->nhugo_langs && t->nlangdirs < MDTREE_MAX_LANGS; i++) {
		const char *rel = t->files[i].path + t->rootlen + 1, *top = strchr(rel, '/');
		if (!top || !mdtree_lang_code(rel, (size_t)(top - rel)) ||
		    mdtree_langdir_of(t, rel) >= 0)
			continue;
		struct mdtree_langdir *l = &t->langdirs[t->nlangdirs++];
		memcpy(l->dir, rel, 2);
		l->dir[2] = '\0';
		memcpy(l->lang, l->dir, 3);
		l->config = 0;
	}
	if (!t->nlangdirs)
		return 0;
	/* Every page as "FOLDER/rest" or "/stem" (outside the candidates). */
	struct strset pages = {0};
	int rc = 0;
	for (size_t i = 0; i < t->n && !rc; i++) {
		mdtree_stem(t, &t->files[i], stem, sizeof(stem));
		int d = mdtree_langdir_of(t, stem);
		snprintf(probe, sizeof(probe), "%s/%s", d < 0 ? "" : t->langdirs[d].dir,
			 d < 0 ? stem : stem + strlen(t->langdirs[d].dir) + 1);
		rc = strset_add(&pages, probe) < 0;
	}
	int keep[MDTREE_MAX_LANGS] = {0};
	for (size_t k = 0; k < t->nlangdirs; k++)
		keep[k] = t->langdirs[k].config;
	for (size_t i = 0; i < t->n && !rc; i++) {
		mdtree_stem(t, &t->files[i], stem, sizeof(stem));
		int d = mdtree_langdir_of(t, stem);
		const char *rest = d < 0 ? "" : stem + strlen(t->langdirs[d].dir) + 1;
		for (int o = -1; d >= 0 && !keep[d] && o < (int)t->nlangdirs; o++) {
			if (o == d)
				continue;
			snprintf(probe, sizeof(probe), "%s/%s", o < 0 ? "" : t->langdirs[o].dir, rest);
			keep[d] = strset_has(&pages, probe);
		}
	}
	strset_free(&pages);
	if (rc)
		return mdtree_oom(t);
	size_t n = 0;
	for (size_t k = 0; k < t->nlangdirs; k++)
		if (keep[k])
			t->langdirs[n++] = t->langdirs[k];
	t->nlangdirs = n;
	return 0;
}

/* The tree being grouped (mdtree_runs' comparisons read its batch). */
static const struct mdtree *mdtree_runs_of;

static int mdtree_tkey_cmp(const void *a, const void *b)
{
	const struct mdtree_file *x = *(const struct mdtree_file *const *)a;
	const struct mdtree_file *y = *(const struct mdtree_file *const *)b;
	return strcmp(x->tkey, y->tkey);
}

static int mdtree_named_cmp(const void *a, const void *b)
{
	const struct mdtree_file *x = *(const struct mdtree_file *const *)a;
	const struct mdtree_file *y = *(const struct mdtree_file *const *)b;
	const struct item *p = &mdtree_runs_of->b->v[x->entry].it;
	const struct item *q = &mdtree_runs_of->b->v[y->entry].it;
	int c = strcmp(p->lang, q->lang);
	return c ? c : strcmp(p->slug, q->slug);
}

/*
 * The files whose string at offset field (a char * of struct mdtree_file) is set,
 * sorted by cmp and cut into runs it finds equal: fn(t, run, n) for each. 0, or -1
 * when fn or memory fails.
 */
static int mdtree_runs(struct mdtree *t, size_t field, int (*cmp)(const void *, const void *),
		       int (*fn)(struct mdtree *t, struct mdtree_file **run, size_t n))
{
	struct mdtree_file **v = malloc((t->n ? t->n : 1) * sizeof(*v));
	if (!v)
		return mdtree_oom(t);
	size_t n = 0;
	for (size_t i = 0; i < t->n; i++)
		if (*(char **)((char *)&t->files[i] + field))
			v[n++] = &t->files[i];
	mdtree_runs_of = t;
	if (n)
		qsort(v, n, sizeof(*v), cmp);
	int rc = 0;
	for (size_t i = 0, j; i < n && !rc; i = j) {
		for (j = i + 1; j < n && !cmp(&v[i], &v[j]); j++)
			;
		rc = fn(t, v + i, j - i);
	}
	free(v);
	return rc;
}

/* Files of one name in two folders (news/visit.md, events/visit.md) would share a
 * slug: each takes its path's instead ("news-visit", "events-visit"), and keeps the
 * name's as an old slug (stored under it before the other file came: kept). */
static int mdtree_named_run(struct mdtree *t, struct mdtree_file **run, size_t n)
{
	for (size_t k = 0; n > 1 && k < n; k++) {
		char slug[128];
		item_slugify(run[k]->named, slug, sizeof(slug));
		struct import_entry *e = &t->b->v[run[k]->entry];
		if (!item_valid_slug(slug) &&
		    (import_entry_old_slug(e, e->it.slug) || item_set_s(&e->it.slug, slug)))
			return mdtree_oom(t);
	}
	return 0;
}

/* A translation key from a path that no other file shares translates nothing: the
 * item is left without it (and a tree in one language gets none). */
static int mdtree_tkey_run(struct mdtree *t, struct mdtree_file **run, size_t n)
{
	if (n == 1 && item_set_s(&t->b->v[run[0]->entry].it.translation_key, ""))
		return mdtree_oom(t);
	return 0;
}

static int mdtree_cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* A symbolic link: never followed; say where it leads. */
static int mdtree_link(struct mdtree *t, const char *path)
{
	char *target = realpath(path, NULL);
	const char *why;
	if (!target)
		why = "symbolic link to nothing readable";
	else if (strncmp(target, t->real, strlen(t->real)) != 0 ||
		 (target[strlen(t->real)] != '/' && target[strlen(t->real)] != '\0'))
		why = "symbolic link out of the tree, not followed";
	else
		why = "symbolic link, not followed (its target in the tree is read at its own place)";
	free(target);
	return import_batch_note(t->b, path, why) ? mdtree_oom(t) : 0;
}

/* A file of the top "media" folder: checked now, read again when written. */
static int mdtree_media(struct mdtree *t, const char *path)
{
	unsigned char *data;
	size_t n;
	char name[96], sha[65];
	const char *why;
	int r = import_media_load(path, 1, &data, &n, name, sha, &why, t->err);
	if (r < 0)
		return -1;
	free(data);
	if (r > 0)
		return import_batch_note(t->b, path, why) ? mdtree_oom(t) : 0;
	return import_batch_media(t->b, path, name, 1) ? mdtree_oom(t) : 0;
}

/*
 * A link destination d[0..n) of a bundle's index.md, as the file of its folder it
 * names: dir + "/" + the decoded relative path, without "./", query or fragment,
 * into out. 0 if it names one that way, -1 if it is anything else (a URL, an
 * absolute path, "..", an anchor).
 */
static int mdtree_local(const char *dir, const char *d, size_t n, struct buf *out)
{
	size_t cut = 0;
	while (cut < n && d[cut] != '?' && d[cut] != '#')
		cut++;
	n = cut;
	while (n >= 2 && d[0] == '.' && d[1] == '/') {
		d += 2;
		n -= 2;
	}
	if (!n || d[0] == '/' || memchr(d, ':', n) || memchr(d, '\\', n))
		return -1;
	buf_reset(out);
	buf_adds(out, dir);
	buf_addc(out, '/');
	size_t seg = out->len;
	for (size_t i = 0; i < n; i++) {
		char c = d[i];
		int e = pct_byte(d, n, i);
		if (e >= 0) {
			c = (char)e;
			i += 2;
		}
		if (c == '\0')
			return -1;
		buf_addc(out, c);
	}
	/* No "." or ".." segment, no empty one: the file stays in the bundle's folder. */
	const char *p = out->data + seg, *end = out->data + out->len;
	while (p < end) {
		const char *q = memchr(p, '/', (size_t)(end - p));
		size_t len = q ? (size_t)(q - p) : (size_t)(end - p);
		if (!len || (len == 1 && p[0] == '.') || (len == 2 && p[0] == '.' && p[1] == '.'))
			return -1;
		p += len + 1;
	}
	return buf_failed(out) ? -1 : 0;
}

/* The item whose links mdtree_file_dest is looking at. */
struct mdtree_links_ctx {
	struct mdtree *t;
	const char *dir;     /* a page bundle's folder, as opened; NULL for another file */
	const char *real;    /* its real path */
	const char *page;    /* its page's address on the old site (mdtree_file.page), or NULL */
	const char *body;    /* the text whose links are looked at */
	char *code;          /* of each byte of body, 1 when in code (mdtree_code), or NULL */
	struct buf file;
};

/*
 * Which bytes of a Markdown body are code, where "[x](y)" is no link: fenced
 * blocks (``` or ~~~, their fences too), indented lines (4 spaces or a tab) and
 * code spans (`...`, the same run of backticks closing). A byte each (1: code),
 * or NULL when out of memory.
 */
static char *mdtree_code(const char *body)
{
	size_t n = strlen(body);
	char *code = calloc(n + 1, 1);
	if (!code)
		return NULL;
	char fence = 0;
	size_t fence_len = 0;
	for (size_t at = 0; at < n;) {
		const char *nl = memchr(body + at, '\n', n - at);
		size_t end = nl ? (size_t)(nl - body) + 1 : n;
		size_t i = at, sp = 0;
		while (i < end && body[i] == ' ' && sp < 4)
			i++, sp++;
		size_t run = 0;
		while (i + run < end && (body[i + run] == '`' || body[i + run] == '~') &&
		       body[i + run] == body[i])
			run++;
		if (fence) {
			memset(code + at, 1, end - at);
			if (sp < 4 && run >= fence_len && body[i] == fence)
				fence = 0;
		} else if (sp < 4 && run >= 3) {
			fence = body[i];
			fence_len = run;
			memset(code + at, 1, end - at);
		} else if (sp == 4 || (at < n && body[at] == '\t')) {
			memset(code + at, 1, end - at);
		} else {
			/* Code spans on the line. */
			for (size_t k = at; k < end;) {
				if (body[k] != '`') {
					k++;
					continue;
				}
				size_t r = 0;
				while (k + r < end && body[k + r] == '`')
					r++;
				size_t c = k + r;
				while (c < end) {
					size_t r2 = 0;
					while (c + r2 < end && body[c + r2] == '`')
						r2++;
					if (r2 == r)
						break;
					c += r2 ? r2 : 1;
				}
				if (c >= end) {
					k += r;
					continue;
				}
				memset(code + k, 1, c + r - k);
				k = c + r;
			}
		}
		at = end;
	}
	return code;
}

static int mdtree_relative(const char *s, size_t n);
static int mdtree_beside(const char *page, const char *rel, size_t n, struct buf *out,
			 const char **why);

/*
 * A relative link d[0..n) of a page whose address on the old site was page, as a
 * browser there resolved it ("../visit/" of /posts/trade/ is /posts/visit/), into to
 * as an old address (url_alias_path), its fragment kept: the item's address here is
 * another (/items/trade), where the link would lead nowhere, and an old address
 * leads to its item (or, if none, is where the page was). 1 when written; 0 when d
 * is no such link (absolute, a fragment alone, with a query) or cannot be one.
 */
static int mdtree_link_beside(const char *page, const char *d, size_t n, struct buf *to)
{
	const char *hash = memchr(d, '#', n);
	size_t pn = hash ? (size_t)(hash - d) : n;
	if (!pn || !mdtree_relative(d, pn) || memchr(d, '?', pn))
		return 0;
	/* The page's folder is its address less its last part: "/posts/trade/" (and
	 * "/posts/trade/index.html") is a folder's address itself ("x" stands for the
	 * part a relative link replaces). */
	const char *host = strstr(page, "://");
	const char *path = host ? strchr(host + 3, '/') : page;
	if (!path || *path != '/')
		return 0;
	struct buf base, out;
	buf_init(&base, 1024);
	buf_init(&out, 2048);
	size_t bl = strcspn(path, "?#");
	const char *last = memrchr(path, '/', bl);
	buf_add(&base, path, last ? (size_t)(last - path) + 1 : bl);
	buf_addc(&base, 'x');
	const char *why;
	int ok = !buf_failed(&base) && !mdtree_beside(buf_str(&base), d, pn, &out, &why);
	if (ok) {
		/* As a link's destination: what Markdown or an address reads otherwise
		 * ("a b", "x)y", "%", a '#' or '?' of a name), percent-encoded. */
		const char *o = buf_str(&out);
		for (size_t i = 0; i < out.len; i++) {
			unsigned char c = (unsigned char)o[i];
			if (c <= ' ' || c == 0x7F || strchr("()<>%#?\\\"", c))
				buf_addf(to, "%%%02X", c);
			else
				buf_addc(to, (char)c);
		}
		if (hash)
			buf_add(to, hash, n - pn);
	}
	buf_release(&base);
	buf_release(&out);
	return ok;
}

/* Whether path is a regular file whose real path is under the folder real: 1 yes; 0
 * no (no such file, or one reached through a symbolic link, which is noted); -1 out
 * of memory. */
static int mdtree_file_inside(struct mdtree *t, const char *path, const char *real)
{
	struct stat st;
	if (lstat(path, &st) || mdtree_is_markdown(path))
		return 0;
	if (S_ISLNK(st.st_mode))
		return import_batch_note(t->b, path, "reached through a symbolic link, not followed")
			       ? mdtree_oom(t)
			       : 0;
	if (!S_ISREG(st.st_mode))
		return 0;
	char *target = realpath(path, NULL);
	size_t rl = strlen(real);
	int inside = target && !strncmp(target, real, rl) && target[rl] == '/';
	free(target);
	if (inside)
		return 1;
	return import_batch_note(t->b, path, "reached through a symbolic link, not followed")
		       ? mdtree_oom(t)
		       : 0;
}

/*
 * A destination naming a file the media library takes becomes /media/<name>: one
 * relative to a page bundle's folder, or one from the site's root ("/images/a.png")
 * found in one of t->bases (Hugo's static/ folder beside content/, or the imported
 * folder itself, as Jekyll's assets/ are). Another relative one: mdtree_link_beside.
 */
static int mdtree_file_dest(void *ctx, const char *d, size_t n, struct buf *to)
{
	struct mdtree_links_ctx *x = ctx;
	struct mdtree *t = x->t;
	int r = 0;
	if (n > 1 && d[0] == '/' && d[1] != '/' && strncmp(d, "/media/", 7)) {
		for (size_t i = 0; i < t->nbases && !r; i++)
			if (!mdtree_local(t->bases[i], d + 1, n - 1, &x->file))
				r = mdtree_file_inside(t, buf_str(&x->file), t->bases[i]);
	} else if (x->dir && !mdtree_local(x->dir, d, n, &x->file)) {
		r = mdtree_file_inside(t, buf_str(&x->file), x->real);
	}
	if (!r && x->page && x->code && !x->code[d - x->body]) {
		/* "]:" is a reference's definition only at a line's start ("[a]: x"); in
		 * a sentence ("Note [A]: details") it is text. */
		const char *colon = d;
		while (colon > x->body && (colon[-1] == ' ' || colon[-1] == '\t'))
			colon--;
		if (colon - x->body >= 2 && colon[-1] == ':') {
			const char *l = colon - 2; /* its ']' */
			int depth = 0;
			while (l > x->body) {
				l--;
				if (*l == ']')
					depth++;
				else if (*l == '[' && !depth--)
					break;
			}
			const char *ls = l;
			while (ls > x->body && ls[-1] != '\n')
				ls--;
			if (*l != '[' || l - ls > 3 || strspn(ls, " ") < (size_t)(l - ls))
				return 0;
		}
		return mdtree_link_beside(x->page, d, n, to);
	}
	if (r <= 0)
		return r;
	unsigned char *data;
	size_t size;
	char name[96], sha[65];
	const char *why;
	r = import_media_load(buf_str(&x->file), 0, &data, &size, name, sha, &why, t->err);
	free(data);
	if (r < 0)
		return -1;
	if (r > 0)
		return import_batch_note(t->b, buf_str(&x->file), why) ? mdtree_oom(t) : 0;
	if (import_batch_media(t->b, buf_str(&x->file), name, 0))
		return mdtree_oom(t);
	buf_lit(to, "/media/");
	buf_adds(to, name);
	return 1;
}

/*
 * The files an item's text shows or links (mdtree_file_dest): each one the media
 * library takes joins the batch's media and the destination becomes /media/<name>;
 * one it refuses is noted; a relative one naming no file is made the old site's
 * address it led to (mdtree_link_beside), where f's page's address is known; others
 * are left as they are. A page bundle's index.md's folder's files are its own.
 */
static int mdtree_files(struct mdtree *t, const struct mdtree_file *f, struct item *it)
{
	const char *path = f->path;
	const int bundle = f->bundle;
	struct mdtree_links_ctx x = {.t = t, .page = t->own ? NULL : f->page, .body = it->body};
	if (x.page && !(x.code = mdtree_code(it->body)))
		return mdtree_oom(t);
	char *dir = NULL, *real = NULL;
	if (bundle) {
		const char *slash = strrchr(path, '/');
		if (!(dir = strndup(path, slash ? (size_t)(slash - path) : 0)))
			return mdtree_oom(t);
		/* Its real path: a file reached through a symbolic link to a folder is not
		 * taken. */
		if (!(real = realpath(dir, NULL))) {
			buf_addf(t->err, "%s:1: %s", dir, strerror(errno));
			free(dir);
			return -1;
		}
		x.dir = dir;
		x.real = real;
	}
	struct buf body;
	buf_init(&body, FM_MAX_FILE * 2);
	buf_init(&x.file, PATH_MAX);
	int rc = import_dests_rewrite(it->body, &body, mdtree_file_dest, &x);
	if (rc > 0)
		rc = item_set_s(&it->body, buf_str(&body)) ? mdtree_oom(t) : 0;
	else if (rc < 0 && !t->err->len)
		mdtree_oom(t);
	buf_release(&body);
	buf_release(&x.file);
	free(x.code);
	free(real);
	free(dir);
	return rc < 0 ? -1 : 0;
}

/* The folders a link from the site's root may name a file of: Hugo's static/ beside
 * the imported content/ folder or in it, then the folder itself. */
static int mdtree_bases(struct mdtree *t)
{
	const char *tails[] = {"/../static", "/static", ""};
	struct buf p;
	buf_init(&p, PATH_MAX);
	for (size_t i = 0; i < 3; i++) {
		buf_reset(&p);
		buf_adds(&p, t->real);
		buf_adds(&p, tails[i]);
		struct stat st;
		/* A static/ that is a symbolic link could lead anywhere: not followed. */
		if (*tails[i] && !buf_failed(&p) && !lstat(buf_str(&p), &st) && S_ISLNK(st.st_mode)) {
			if (import_batch_note(t->b, buf_str(&p),
					      "symbolic link, not followed for files linked from '/'"))
				return mdtree_oom(t);
			continue;
		}
		char *real = buf_failed(&p) ? NULL : realpath(buf_str(&p), NULL);
		int seen = 0;
		for (size_t k = 0; real && k < t->nbases; k++)
			seen |= !strcmp(t->bases[k], real);
		if (real && !seen && !stat(real, &st) && S_ISDIR(st.st_mode))
			t->bases[t->nbases++] = real;
		else
			free(real);
	}
	buf_release(&p);
	return 0;
}

/* Whether path (under the root) is named by the Jekyll site's exclude: list. */
static int mdtree_excluded(const struct mdtree *t, const char *path)
{
	const char *rel = path + t->rootlen + 1;
	for (size_t i = 0; i < t->nexclude; i++)
		if (!fnmatch(t->exclude[i], rel, 0))
			return 1;
	return 0;
}

/* A YAML document's mapping m's value of key (ASCII case aside) when it is of type;
 * NULL when m is no mapping or has none such. */
static yaml_node_t *mdtree_yaml_get(yaml_document_t *doc, yaml_node_t *m, const char *key,
				    yaml_node_type_t type)
{
	if (!m || m->type != YAML_MAPPING_NODE)
		return NULL;
	for (yaml_node_pair_t *kv = m->data.mapping.pairs.start; kv < m->data.mapping.pairs.top;
	     kv++) {
		yaml_node_t *k = yaml_document_get_node(doc, kv->key);
		yaml_node_t *v = yaml_document_get_node(doc, kv->value);
		if (k && v && k->type == YAML_SCALAR_NODE && v->type == type &&
		    !strcasecmp((const char *)k->data.scalar.value, key))
			return v;
	}
	return NULL;
}

/* text (len bytes, path's) loaded as a YAML document into *doc: 0; or -1 with "line
 * N is not YAML" (or "out of memory") in why, nothing to delete. */
static int mdtree_yaml_load(const char *text, size_t len, yaml_document_t *doc, struct buf *why)
{
	yaml_parser_t p;
	if (!yaml_parser_initialize(&p)) {
		buf_lit(why, "out of memory");
		return -1;
	}
	size_t bom = import_yaml_input(&p, text, len);
	int rc = yaml_parser_load(&p, doc) ? 0 : -1;
	if (rc)
		buf_addf(why, "line %zu is not YAML", import_yaml_error_line(&p, text + bom, len - bom));
	yaml_parser_delete(&p);
	return rc;
}

/* Whether YAML node n is a null ("~", "null", or nothing, unquoted). */
static int mdtree_yaml_null(const yaml_node_t *n)
{
	const char *v = (const char *)n->data.scalar.value;
	return n->data.scalar.style == YAML_PLAIN_SCALAR_STYLE &&
	       (!n->data.scalar.length || !strcmp(v, "~") || !strcmp(v, "null") ||
		!strcmp(v, "Null") || !strcmp(v, "NULL"));
}

/* One permalink default for the posts under path (n bytes; "": all) into t: 0,
 * or 1 when there are too many (the rest are not used). */
static int mdtree_jekyll_default(struct mdtree *t, const char *path, size_t n, const yaml_node_t *pl)
{
	if (!pl || pl->type != YAML_SCALAR_NODE || mdtree_yaml_null(pl))
		return 0;
	if (t->njekyll_defaults == MDTREE_MAX_DEFAULTS)
		return 1;
	struct mdtree_jekyll_default *d = &t->jekyll_defaults[t->njekyll_defaults];
	if (n >= sizeof d->path || pl->data.scalar.length >= sizeof d->permalink)
		return 0;
	memcpy(d->path, path, n);
	d->path[n] = '\0';
	memcpy(d->permalink, pl->data.scalar.value, pl->data.scalar.length + 1);
	t->njekyll_defaults++;
	return 0;
}

/* A Jekyll config's permalinks for posts other than its permalink: its collections:
 * posts: permalink:, and its defaults: whose scope is posts (a type: posts, or a
 * path: and no type) and whose values: have one. 0, or -1 out of memory. */
static int mdtree_jekyll_defaults(struct mdtree *t, const char *config, yaml_document_t *doc,
				  yaml_node_t *root)
{
	int many = 0;
	yaml_node_t *c = mdtree_yaml_get(doc, root, "collections", YAML_MAPPING_NODE);
	yaml_node_t *posts = c ? mdtree_yaml_get(doc, c, "posts", YAML_MAPPING_NODE) : NULL;
	if (posts)
		many |= mdtree_jekyll_default(t, "", 0,
					      mdtree_yaml_get(doc, posts, "permalink", YAML_SCALAR_NODE));
	yaml_node_t *v = mdtree_yaml_get(doc, root, "defaults", YAML_SEQUENCE_NODE);
	for (yaml_node_item_t *e = v ? v->data.sequence.items.start : NULL;
	     e && e < v->data.sequence.items.top; e++) {
		yaml_node_t *d = yaml_document_get_node(doc, *e);
		yaml_node_t *scope = mdtree_yaml_get(doc, d, "scope", YAML_MAPPING_NODE);
		yaml_node_t *values = mdtree_yaml_get(doc, d, "values", YAML_MAPPING_NODE);
		yaml_node_t *type = scope ? mdtree_yaml_get(doc, scope, "type", YAML_SCALAR_NODE) : NULL;
		yaml_node_t *path = scope ? mdtree_yaml_get(doc, scope, "path", YAML_SCALAR_NODE) : NULL;
		if (!values || (type && strcmp((const char *)type->data.scalar.value, "posts")))
			continue;
		const char *p = path && !mdtree_yaml_null(path) ? (const char *)path->data.scalar.value : "";
		/* ("*" patterns are Jekyll's too: such a default is left out.) */
		if (strchr(p, '*'))
			continue;
		size_t n = strlen(p);
		while (n && p[n - 1] == '/')
			n--;
		many |= mdtree_jekyll_default(t, p, n,
					      mdtree_yaml_get(doc, values, "permalink", YAML_SCALAR_NODE));
	}
	if (many)
		return import_batch_note(t->b, config, "more permalink defaults for posts than are "
						       "read (16): the rest are not used")
			       ? -1
			       : 0;
	return 0;
}

/* A Jekyll site's _config.yml: its exclude: list into t->exclude. A config that
 * cannot be read is said, not fatal: Jekyll's content is still its files. */
static int mdtree_jekyll_config(struct mdtree *t, const char *path)
{
	char *text = NULL;
	size_t cap = 0, len = 0;
	struct buf why;
	buf_init(&why, 4096);
	yaml_document_t doc;
	int rc = 0;
	/* Until it is read, nothing says how its posts' addresses were made. */
	snprintf(t->jekyll_permalink, sizeof t->jekyll_permalink, "-");
	if (import_read_file(path, 1 << 20, &text, &cap, &len, &why)) {
		buf_reset(&why);
		buf_lit(&why, "cannot be read: its exclude: list is not used, nor are its posts' "
			      "addresses kept");
		rc = import_batch_note(t->b, path, buf_str(&why));
		goto out;
	}
	if (mdtree_yaml_load(text, len, &doc, &why)) {
		buf_lit(&why, ": its exclude: list is not used, nor are its posts' addresses kept");
		rc = import_batch_note(t->b, path, buf_str(&why));
		goto out;
	}
	t->jekyll_permalink[0] = '\0';
	yaml_node_t *root = yaml_document_get_root_node(&doc);
	/* The settings that make its posts' addresses: one that cannot be used is said,
	 * and those addresses are not kept. */
	static const struct {
		const char *key;
		size_t off, size;
	} keys[] = {
		{"permalink", offsetof(struct mdtree, jekyll_permalink), sizeof t->jekyll_permalink},
		{"timezone", offsetof(struct mdtree, jekyll_zone), sizeof t->jekyll_zone},
		{"baseurl", offsetof(struct mdtree, jekyll_base), sizeof t->jekyll_base},
	};
	for (size_t k = 0; k < sizeof keys / sizeof keys[0] && !rc; k++) {
		yaml_node_t *s = mdtree_yaml_get(&doc, root, keys[k].key, YAML_SCALAR_NODE);
		char *to = (char *)t + keys[k].off;
		if (!s || mdtree_yaml_null(s))
			continue;
		if (s->data.scalar.length < keys[k].size &&
		    !memchr(s->data.scalar.value, '\0', s->data.scalar.length)) {
			memcpy(to, s->data.scalar.value, s->data.scalar.length + 1);
			continue;
		}
		buf_reset(&why);
		buf_addf(&why, "its %s: is too long: its posts' addresses are not kept", keys[k].key);
		rc = import_batch_note(t->b, path, buf_str(&why));
		t->jekyll_permalink[0] = '-'; /* (no pattern: mdtree_jekyll_address) */
		t->jekyll_permalink[1] = '\0';
	}
	/* lang: (minima and other themes put it in each page's <html lang>): the
	 * language of the posts that name none. */
	yaml_node_t *lang = mdtree_yaml_get(&doc, root, "lang", YAML_SCALAR_NODE);
	if (lang && !mdtree_yaml_null(lang)) {
		const char *v = (const char *)lang->data.scalar.value;
		snprintf(t->jekyll_lang, sizeof t->jekyll_lang, "%s", v);
		item_lang_case(t->jekyll_lang);
		if (strlen(v) < sizeof t->jekyll_lang && !item_valid_lang(t->jekyll_lang)) {
			t->file_lang = t->jekyll_lang;
		} else {
			buf_reset(&why);
			buf_addf(&why, "its lang: '%.40s' is not a language tag like en, ru or en-GB: "
				       "its posts are in the import's language", v);
			rc = rc || import_batch_note(t->b, path, buf_str(&why));
		}
	}
	if (t->jekyll_zone[0] && tz_valid(t->jekyll_zone)) {
		buf_reset(&why);
		buf_addf(&why, "its timezone: '%s' is no IANA zone: its posts' addresses are "
			       "made with the import's",
			 t->jekyll_zone);
		t->jekyll_zone[0] = '\0';
		rc = rc || import_batch_note(t->b, path, buf_str(&why));
	}
	if (!rc && mdtree_jekyll_defaults(t, path, &doc, root))
		rc = -1;
	buf_reset(&why);
	yaml_node_t *v = mdtree_yaml_get(&doc, root, "exclude", YAML_SEQUENCE_NODE);
	for (yaml_node_item_t *e = v ? v->data.sequence.items.start : NULL;
	     e && e < v->data.sequence.items.top && !rc; e++) {
		yaml_node_t *n = yaml_document_get_node(&doc, *e);
		if (!n || n->type != YAML_SCALAR_NODE || !n->data.scalar.length)
			continue;
		if (t->nexclude == MDTREE_MAX_EXCLUDE) {
			buf_addf(&why, "more than %d exclude: patterns: the rest are not used",
				 MDTREE_MAX_EXCLUDE);
			rc = import_batch_note(t->b, path, buf_str(&why));
			break;
		}
		/* "vendor/bundle/" names the folder. */
		char *pat = strdup((char *)n->data.scalar.value);
		if (!pat) {
			rc = -1;
			break;
		}
		size_t pl = strlen(pat);
		while (pl > 1 && pat[pl - 1] == '/')
			pat[--pl] = '\0';
		t->exclude[t->nexclude++] = pat;
	}
	yaml_document_delete(&doc);
out:
	buf_release(&why);
	free(text);
	return rc ? mdtree_oom(t) : 0;
}

/* Why a file without a date is a page here, or NULL when it is an item that lacks
 * its date: in a Jekyll site, a file outside _posts and _drafts (a page, or a
 * document of a collection such as _team/); elsewhere a file at the top of the tree or a top folder's
 * index (Hugo's content/about.md, content/about/index.md). */
static const char *mdtree_page_why(const struct mdtree *t, const struct mdtree_file *f)
{
	const char *rel = f->path + t->rootlen + 1;
	if (t->jekyll) {
		for (const char *c = rel; c; c = strchr(c, '/'), c = c ? c + 1 : NULL)
			if (!strncmp(c, "_posts/", 7) || !strncmp(c, "_drafts/", 8))
				return NULL;
		return *rel == '_' ? "a document of a Jekyll collection, not a post; add a date: "
				     "line to import it"
				   : "a Jekyll page (outside _posts), not a post; add a date: line to "
				     "import it";
	}
	const char *slash = strchr(rel, '/');
	if (!slash || (f->bundle && !strchr(slash + 1, '/')))
		return "a page at the top of the folder, not a dated item; add a date: line to "
		       "import it";
	return NULL;
}

/* Takes the pages import_mdtree skipped (entry SIZE_MAX) out of t->files. */
static void mdtree_drop_pages(struct mdtree *t)
{
	size_t k = 0;
	for (size_t i = 0; i < t->n; i++) {
		if (t->files[i].entry != SIZE_MAX) {
			t->files[k++] = t->files[i];
			continue;
		}
		free(t->files[i].path);
		free(t->files[i].key);
		free(t->files[i].tkey);
		free(t->files[i].named);
		free(t->files[i].addresses);
		free(t->files[i].page);
	}
	t->n = k;
}

/* A language the Hugo config names (code as written), with its contentDir (may be
 * NULL or empty): into t. 0, or -1 with err set. */
static int mdtree_hugo_lang(struct mdtree *t, const char *cfg, const char *code,
			    const char *language_code, const char *dir)
{
	/* Hugo's key may be any name ("english"); its languageCode is the tag then. */
	char tag[16];
	if (!language_code || (size_t)snprintf(tag, sizeof(tag), "%s", language_code) >= sizeof(tag) ||
	    item_valid_lang(tag))
		if ((size_t)snprintf(tag, sizeof(tag), "%s", code) >= sizeof(tag) ||
		    item_valid_lang(tag)) {
			buf_addf(t->err, "%s:1: language '%.40s' has no language tag (like en, ru or "
					 "en-GB) as its name or its languageCode",
				 cfg, code);
			return -1;
		}
	item_lang_case(tag);
	size_t k = 0;
	while (k < t->nhugo_langs && strcasecmp(t->hugo_langs[k].key, code))
		k++;
	if (k == MDTREE_MAX_LANGS) {
		buf_addf(t->err, "%s:1: more than %d languages", cfg, MDTREE_MAX_LANGS);
		return -1;
	}
	if (k == t->nhugo_langs) {
		snprintf(t->hugo_langs[k].key, sizeof(t->hugo_langs[k].key), "%s", code);
		memcpy(t->hugo_langs[t->nhugo_langs++].tag, tag, sizeof(tag));
	}
	/* "content/ru" (from the site's folder): the folder ru/ of content/. */
	while (dir && dir[0] == '.' && dir[1] == '/')
		dir += 2;
	if (!dir || strncmp(dir, "content/", 8) || !dir[8] || strchr(dir + 8, '/') ||
	    strlen(dir + 8) >= sizeof(t->langdirs[0].dir) || !strcmp(dir + 8, "..") ||
	    !strcmp(dir + 8, ".") || t->nlangdirs == MDTREE_MAX_LANGS)
		return 0;
	struct mdtree_langdir *l = &t->langdirs[t->nlangdirs++];
	snprintf(l->dir, sizeof(l->dir), "%s", dir + 8);
	memcpy(l->lang, tag, sizeof(tag));
	l->config = 1;
	return 0;
}

/* A TOML line's "key = value": key (unquoted) and a string value (unquoted) or
 * the value as it is, both into their buffers; 0, or -1 when it is none. */
static int mdtree_toml_pair(const char *l, size_t n, char *key, size_t kn, char *val, size_t vn)
{
	const char *eq = memchr(l, '=', n);
	if (!eq)
		return -1;
	size_t a = 0, b = (size_t)(eq - l);
	while (a < b && (l[a] == ' ' || l[a] == '\t' || l[a] == '"' || l[a] == '\''))
		a++;
	while (b > a && (l[b - 1] == ' ' || l[b - 1] == '\t' || l[b - 1] == '"' || l[b - 1] == '\''))
		b--;
	if (b - a >= kn)
		return -1;
	memcpy(key, l + a, b - a);
	key[b - a] = '\0';
	const char *v = eq + 1, *end = l + n;
	while (v < end && (*v == ' ' || *v == '\t'))
		v++;
	const char *ve = end;
	if (v < end && (*v == '"' || *v == '\'')) {
		const char *q = memchr(v + 1, *v, (size_t)(end - v - 1));
		ve = q ? q : end;
		v++;
	}
	while (ve > v && (ve[-1] == ' ' || ve[-1] == '\t' || ve[-1] == '\r'))
		ve--;
	if ((size_t)(ve - v) >= vn)
		return -1;
	memcpy(val, v, (size_t)(ve - v));
	val[ve - v] = '\0';
	return 0;
}

/* A permalinks: pattern of a Hugo config, for the pages of section (a pattern by
 * kind or one too long, of newer Hugo, is not read: no address is made then). */
static void mdtree_hugo_permalink(struct mdtree *t, const char *section, const char *pattern)
{
	if (t->nhugo_perm == MDTREE_MAX_DEFAULTS || strlen(section) >= sizeof t->hugo_perm[0].section ||
	    strlen(pattern) >= sizeof t->hugo_perm[0].pattern) {
		t->hugo_permalinks = 1;
		return;
	}
	snprintf(t->hugo_perm[t->nhugo_perm].section, sizeof t->hugo_perm[0].section, "%s", section);
	snprintf(t->hugo_perm[t->nhugo_perm].pattern, sizeof t->hugo_perm[0].pattern, "%s", pattern);
	t->nhugo_perm++;
}

/* A top-level key of a Hugo config that decides the pages' addresses. */
static void mdtree_hugo_setting(struct mdtree *t, const char *key, const char *val, int on)
{
	if (!strcasecmp(key, "baseURL")) {
		/* "https://example.org/press/" or "/press/": "/press" (hugo_base). */
		const char *host = strstr(val, "://");
		const char *path = host			      ? strchr(host + 3, '/')
				   : !strncmp(val, "//", 2)   ? strchr(val + 2, '/')
				   : *val == '/'	      ? val
							      : NULL;
		size_t n = path ? strcspn(path, "?#") : 0;
		while (n && path[n - 1] == '/')
			n--;
		if (n < sizeof t->hugo_base)
			snprintf(t->hugo_base, sizeof t->hugo_base, "%.*s", (int)n, n ? path : "");
	} else if (!strcasecmp(key, "permalinks"))
		t->hugo_permalinks |= *val != '\0';
	else if (!strcasecmp(key, "timeZone")) /* (cut if too long: no zone, said) */
		snprintf(t->hugo_zone, sizeof t->hugo_zone, "%s", val);
	else if (!strcasecmp(key, "uglyURLs"))
		t->hugo_ugly = on;
	else if (!strcasecmp(key, "disablePathToLower"))
		t->hugo_keep_case = on;
	else if (!strcasecmp(key, "defaultContentLanguageInSubdir"))
		t->hugo_lang_subdir = on;
}

/* Of newer Hugo's permalinks by kind, kind's patterns: 1, a page's (by section, as
 * the older form's); -1, a list's (section, term, taxonomy), not an item's; 0 not
 * one of these. */
static int mdtree_hugo_perm_kind(const char *kind)
{
	if (!strcasecmp(kind, "page"))
		return 1;
	return !strcasecmp(kind, "section") || !strcasecmp(kind, "term") ||
			       !strcasecmp(kind, "taxonomy")
		       ? -1
		       : 0;
}

/* A Hugo config in TOML, read line by line for what says where languages are:
 * defaultContentLanguage at the top, [languages.CODE] tables (top [CODE] tables in
 * languages.toml: top_langs) and their contentDir. */
static int mdtree_hugo_toml(struct mdtree *t, const char *cfg, const char *text, size_t len,
			    int kind)
{
	/* kind 1: languages.toml, its tables the languages; 2: permalinks.toml, its
	 * keys the patterns. */
	const int top_langs = kind == 1, top_perm = kind == 2;
	char table[80] = "", code[32] = "", lcode[32] = "", dir[PATH_MAX] = "", key[64],
	     val[PATH_MAX];
	int in_lang = 0;
	/* In a table of patterns: 1, newer Hugo's [permalinks.page] (page patterns by
	 * section, as the old form's); -1, of lists ([permalinks.section], .term,
	 * .taxonomy), no item's address. */
	int perm_table = 0;
	for (size_t at = 0; at <= len;) {
		const char *nl = memchr(text + at, '\n', len - at);
		size_t e = nl ? (size_t)(nl - text) : len;
		const char *l = text + at;
		size_t n = e - at;
		at = e + 1;
		while (n && (*l == ' ' || *l == '\t'))
			l++, n--;
		if (n && *l == '[') {
			if (in_lang && mdtree_hugo_lang(t, cfg, code, lcode, dir))
				return -1;
			in_lang = 0;
			size_t k = 0;
			for (size_t i = 0; i < n && l[i] != ']' && k + 1 < sizeof(table); i++)
				if (l[i] != '[' && l[i] != '"' && l[i] != '\'' && l[i] != ' ')
					table[k++] = l[i];
			table[k] = '\0';
			/* Patterns by language, or a frontmatter: table that takes dates from
			 * elsewhere: not read here, so no address is made of them. */
			size_t tl = strlen(table);
			const char *of = top_perm ? table
					 : !top_langs && !strncasecmp(table, "permalinks.", 11) ? table + 11
												: NULL;
			perm_table = of ? mdtree_hugo_perm_kind(of) : 0;
			if ((of && !perm_table) || (tl > 11 && !strcasecmp(table + tl - 11, ".permalinks")))
				t->hugo_permalinks = 1;
			if (!top_langs && !top_perm && !strcasecmp(table, "frontmatter"))
				t->hugo_fm_dates = 1;
			const char *c = top_langs ? table
					: !strncasecmp(table, "languages.", 10) ? table + 10
										  : NULL;
			if (c && *c && !strchr(c, '.') && strlen(c) < sizeof(code)) {
				in_lang = 1;
				snprintf(code, sizeof(code), "%s", c);
				dir[0] = lcode[0] = '\0';
			}
			continue;
		}
		if (!n || *l == '#' || mdtree_toml_pair(l, n, key, sizeof(key), val, sizeof(val)))
			continue;
		if (!table[0] && !strcasecmp(key, "defaultContentLanguage"))
			snprintf(t->hugo_default, sizeof(t->hugo_default), "%s", val);
		else if ((!table[0] && top_perm) || perm_table == 1)
			mdtree_hugo_permalink(t, key, val);
		else if (perm_table)
			continue;
		else if (!table[0] && !top_langs)
			mdtree_hugo_setting(t, key, val, !strcmp(val, "true"));
		else if (!top_langs && !top_perm && !strcasecmp(table, "permalinks"))
			mdtree_hugo_permalink(t, key, val);
		else if (in_lang && !strcasecmp(key, "contentDir"))
			snprintf(dir, sizeof(dir), "%s", val);
		else if (in_lang && !strcasecmp(key, "languageCode"))
			snprintf(lcode, sizeof(lcode), "%s", val);
	}
	return in_lang ? mdtree_hugo_lang(t, cfg, code, lcode, dir) : 0;
}

/* One pair of a YAML permalinks: mapping: a section's pattern, or (by_kind) newer
 * Hugo's patterns by kind, of which a page's are read (mdtree_hugo_perm_kind). */
static void mdtree_hugo_yaml_perm(struct mdtree *t, yaml_document_t *doc, const yaml_node_t *k,
				  const yaml_node_t *v, int by_kind)
{
	if (!k || !v || k->type != YAML_SCALAR_NODE) {
		t->hugo_permalinks = 1;
		return;
	}
	const char *key = (const char *)k->data.scalar.value;
	if (v->type == YAML_SCALAR_NODE) {
		mdtree_hugo_permalink(t, key, (const char *)v->data.scalar.value);
		return;
	}
	int kind = by_kind && v->type == YAML_MAPPING_NODE ? mdtree_hugo_perm_kind(key) : 0;
	if (!kind)
		t->hugo_permalinks = 1;
	for (yaml_node_pair_t *p = kind == 1 ? v->data.mapping.pairs.start : NULL;
	     p && p < v->data.mapping.pairs.top; p++)
		mdtree_hugo_yaml_perm(t, doc, yaml_document_get_node(doc, p->key),
				      yaml_document_get_node(doc, p->value), 0);
}

/* The same of a Hugo config in YAML (or JSON, which YAML reads). */
static int mdtree_hugo_yaml(struct mdtree *t, const char *cfg, const char *text, size_t len,
			    int kind)
{
	/* kind as mdtree_hugo_toml's. */
	const int top_langs = kind == 1, top_perm = kind == 2;
	yaml_document_t doc;
	struct buf why;
	buf_init(&why, 256);
	if (mdtree_yaml_load(text, len, &doc, &why)) {
		/* Read for its languages only: without them, the files are still the site. */
		buf_lit(&why, ": its languages are not read");
		int rc = import_batch_note(t->b, cfg, buf_str(&why)) ? mdtree_oom(t) : 0;
		buf_release(&why);
		return rc;
	}
	buf_release(&why);
	yaml_node_t *root = yaml_document_get_root_node(&doc);
	yaml_node_t *def = mdtree_yaml_get(&doc, root, "defaultContentLanguage", YAML_SCALAR_NODE);
	if (def && !top_langs)
		snprintf(t->hugo_default, sizeof(t->hugo_default), "%s",
			 (const char *)def->data.scalar.value);
	for (yaml_node_pair_t *kv = !top_langs && root && root->type == YAML_MAPPING_NODE
					    ? root->data.mapping.pairs.start
					    : NULL;
	     kv && kv < root->data.mapping.pairs.top; kv++) {
		yaml_node_t *k = yaml_document_get_node(&doc, kv->key);
		yaml_node_t *v = yaml_document_get_node(&doc, kv->value);
		if (!k || k->type != YAML_SCALAR_NODE || !v)
			continue;
		const char *val = v->type == YAML_SCALAR_NODE ? (const char *)v->data.scalar.value
							    : "(a table)";
		if (top_perm) {
			mdtree_hugo_yaml_perm(t, &doc, k, v, 1);
			continue;
		}
		if (!strcasecmp((const char *)k->data.scalar.value, "frontmatter"))
			t->hugo_fm_dates = 1;
		/* permalinks: a pattern by section, or patterns by kind. */
		if (!strcasecmp((const char *)k->data.scalar.value, "permalinks") &&
		    v->type == YAML_MAPPING_NODE) {
			for (yaml_node_pair_t *p = v->data.mapping.pairs.start; p < v->data.mapping.pairs.top;
			     p++)
				mdtree_hugo_yaml_perm(t, &doc, yaml_document_get_node(&doc, p->key),
						      yaml_document_get_node(&doc, p->value), 1);
			continue;
		}
		mdtree_hugo_setting(t, (const char *)k->data.scalar.value, val, !strcmp(val, "true"));
	}
	yaml_node_t *m = top_langs ? root : mdtree_yaml_get(&doc, root, "languages", YAML_MAPPING_NODE);
	int rc = 0;
	for (yaml_node_pair_t *kv = m && m->type == YAML_MAPPING_NODE ? m->data.mapping.pairs.start
								      : NULL;
	     kv && kv < m->data.mapping.pairs.top && !rc; kv++) {
		yaml_node_t *k = yaml_document_get_node(&doc, kv->key);
		if (!k || k->type != YAML_SCALAR_NODE)
			continue;
		yaml_node_t *v = yaml_document_get_node(&doc, kv->value);
		yaml_node_t *dir = mdtree_yaml_get(&doc, v, "contentDir", YAML_SCALAR_NODE);
		yaml_node_t *lc = mdtree_yaml_get(&doc, v, "languageCode", YAML_SCALAR_NODE);
		/* A language's own patterns: not read here (mdtree_hugo_toml). */
		if (mdtree_yaml_get(&doc, v, "permalinks", YAML_MAPPING_NODE))
			t->hugo_permalinks = 1;
		rc = mdtree_hugo_lang(t, cfg, (const char *)k->data.scalar.value,
				      lc ? (const char *)lc->data.scalar.value : NULL,
				      dir ? (const char *)dir->data.scalar.value : NULL);
	}
	yaml_document_delete(&doc);
	return rc;
}

/*
 * A Hugo site's config (site: its folder): its languages, where their files are
 * and which one a file that names none is in. The first of Hugo's config files
 * found is read, and config/_default/languages.*. 0, or -1 with err set.
 */
static int mdtree_hugo_config(struct mdtree *t, const char *site)
{
	static const char *const names[] = {
		"hugo.toml", "hugo.yaml", "hugo.yml", "hugo.json", "config.toml", "config.yaml",
		"config.yml", "config.json", "config/_default/hugo.toml", "config/_default/hugo.yaml",
		"config/_default/hugo.yml", "config/_default/config.toml",
		"config/_default/config.yaml", "config/_default/config.yml",
		"config/_default/languages.toml", "config/_default/languages.yaml",
		"config/_default/languages.yml", "config/_default/permalinks.toml",
		"config/_default/permalinks.yaml", "config/_default/permalinks.yml"};
	char path[PATH_MAX], *text = NULL;
	size_t cap = 0, len = 0;
	int rc = 0, main_read = 0;
	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]) && !rc; i++) {
		/* A file of languages, or of permalinks: (read as the main file's table). */
		const int langs_file = strstr(names[i], "languages.") != NULL ? 1
				       : strstr(names[i], "permalinks.") != NULL ? 2
										 : 0;
		if ((main_read && !langs_file) ||
		    (size_t)snprintf(path, sizeof(path), "%s/%s", site, names[i]) >= sizeof(path))
			continue;
		struct stat st;
		if (lstat(path, &st) || !S_ISREG(st.st_mode))
			continue;
		if (import_read_file(path, 1 << 20, &text, &cap, &len, t->err)) {
			rc = -1;
			break;
		}
		main_read |= !langs_file;
		rc = strstr(names[i], ".toml") ? mdtree_hugo_toml(t, path, text, len, langs_file)
					       : mdtree_hugo_yaml(t, path, text, len, langs_file);
		if (!rc && t->hugo_zone[0] && tz_valid(t->hugo_zone)) {
			struct buf why;
			buf_init(&why, 256);
			buf_addf(&why, "its timeZone '%s' is no IANA zone: its times without an "
				       "offset are read in the import's zone",
				 t->hugo_zone);
			t->hugo_zone[0] = '\0';
			rc = import_batch_note(t->b, path, buf_str(&why)) ? mdtree_oom(t) : 0;
			buf_release(&why);
		}
		if (!rc && t->hugo_default[0]) {
			char tag[16];
			const char *named = mdtree_file_lang(t, t->hugo_default);
			snprintf(tag, sizeof(tag), "%s", named ? named : t->hugo_default);
			if (item_valid_lang(tag)) {
				buf_addf(t->err, "%s:1: defaultContentLanguage '%s' is not a "
						 "language tag like en, ru or en-GB", path, tag);
				rc = -1;
			}
		}
	}
	free(text);
	if (!rc && t->hugo_default[0]) {
		/* defaultContentLanguage names a key ("english"): its tag. */
		const char *named = mdtree_file_lang(t, t->hugo_default);
		if (named && named != t->hugo_default)
			snprintf(t->hugo_default, sizeof(t->hugo_default), "%s", named);
		item_lang_case(t->hugo_default);
		t->file_lang = t->hugo_default;
	}
	return rc;
}

/* glibc's C.UTF-8 classes, made on first use (an import runs on one thread), or
 * NULL when they cannot be. */
static locale_t mdtree_utf8(void)
{
	static locale_t utf8;
	if (!utf8)
		utf8 = newlocale(LC_CTYPE_MASK, "C.UTF-8", (locale_t)0);
	return utf8;
}

/* cp lowercased as Hugo and Jekyll lowercase a name: ASCII by hand, the rest by
 * C.UTF-8's classes ("\u0412" is "\u0432"). */
static int32_t mdtree_lower(int32_t cp)
{
	if (cp < 0x80)
		return cp >= 'A' && cp <= 'Z' ? cp + 32 : cp;
	locale_t utf8 = mdtree_utf8();
	return utf8 ? (int32_t)towlower_l((wint_t)cp, utf8) : cp;
}

/* Code point cp appended to out in UTF-8, lowercased when lower is set. */
static void mdtree_add_cp(struct buf *out, int32_t cp, int lower)
{
	unsigned char u[4];
	buf_add(out, u, utf8_encode((unsigned)(lower ? mdtree_lower(cp) : cp), u));
}

/* Whether cp is a blank, as Hugo's path cleaning takes one (Go's unicode.IsSpace). */
static int mdtree_blank(int32_t cp)
{
	return cp == ' ' || (cp >= '\t' && cp <= '\r') || cp == 0x85 || cp == 0xA0 ||
	       cp == 0x1680 || (cp >= 0x2000 && cp <= 0x200A) || cp == 0x2028 || cp == 0x2029 ||
	       cp == 0x202F || cp == 0x205F || cp == 0x3000;
}

/* Whether cp (not ASCII) is what Hugo's path cleaning keeps: a letter, a decimal
 * digit or a combining mark (Go's unicode.IsLetter, IsDigit, IsMark). glibc's
 * C.UTF-8 classes (utf8) tell letters and digits from symbols (an emoji, a musical
 * sign); what it counts as alphanumeric and Unicode does not (letter numbers such
 * as Roman numerals) fts_stem_is_word leaves out, and the common combining
 * diacritics glibc counts as punctuation are taken back. */
static int mdtree_hugo_letter(int32_t cp, locale_t utf8)
{
	if ((cp >= 0x300 && cp <= 0x36F) || (cp >= 0x1AB0 && cp <= 0x1AFF) ||
	    (cp >= 0x1DC0 && cp <= 0x1DFF) || (cp >= 0x20D0 && cp <= 0x20FF) ||
	    (cp >= 0xFE20 && cp <= 0xFE2F))
		return 1;
	if (fts_stem_is_word(cp) && (!utf8 || iswalnum_l((wint_t)cp, utf8)))
		return 1;
	/* The other combining marks (a virama: U+094D of "क्या"), which take no
	 * column, as format characters (a soft hyphen, a zero-width joiner) do too,
	 * which Hugo drops. */
	if (!utf8 || cp == 0xAD || (cp >= 0x200B && cp <= 0x200F) || (cp >= 0x2028 && cp <= 0x202E) ||
	    (cp >= 0x2060 && cp <= 0x206F) || cp == 0xFEFF || (cp >= 0xFFF0 && cp <= 0xFFFF) ||
	    (cp >= 0x1BCA0 && cp <= 0x1BCA3) || cp >= 0xE0000)
		return 0;
	locale_t was = uselocale(utf8);
	int w = wcwidth((wchar_t)cp);
	uselocale(was);
	return w == 0;
}

/*
 * s[0..n) into out as Hugo writes a path made of a file's name (as hugo 0.111 did
 * here, tried name by name): letters, digits and marks are kept, and . / \ _ # + ~
 * - @ and a %XX escape; a blank becomes '-' before the next kept character (or at
 * the end) unless a '-' is there already; anything else is dropped ("What's new!"
 * gives "whats-new", "a - b" gives "a-b"). Lowercased unless keep_case.
 */
static void mdtree_hugo_clean(const char *s, size_t n, int keep_case, struct buf *out)
{
	const locale_t utf8 = mdtree_utf8();
	size_t start = out->len;
	int blank = 0;
	for (size_t i = 0; i < n;) {
		int32_t cp;
		size_t l = fts_stem_utf8((const unsigned char *)s + i, n - i, &cp);
		int kept = cp >= 0 && cp < 0x80 ? strchr("./\\_#+~-@", (int)cp) || fts_stem_is_word(cp)
						 : cp >= 0 && mdtree_hugo_letter(cp, utf8);
		if (cp == '%')
			kept = pct_byte(s, n, i) >= 0;
		i += l;
		if (!kept) {
			blank |= cp >= 0 && mdtree_blank(cp);
			continue;
		}
		if (blank && cp != '-' && (out->len == start || out->data[out->len - 1] != '-'))
			buf_addc(out, '-');
		blank = 0;
		mdtree_add_cp(out, cp, !keep_case);
	}
	if (blank && (out->len == start || out->data[out->len - 1] != '-'))
		buf_addc(out, '-');
}

/* "/" and, for a page in a language that is not the default one (in any, with
 * defaultContentLanguageInSubdir), its key in the config ("ru" of [languages.ru])
 * and '/': where Hugo's addresses of a page in lang start. */
static void mdtree_hugo_root(const struct mdtree *t, const char *lang, struct buf *out)
{
	buf_adds(out, t->hugo_base);
	buf_addc(out, '/');
	/* Only a language of the config has a prefix: a page pressroom takes for
	 * Russian by its name alone (notes.ru.md) was in Hugo's one language. */
	const char *def = t->file_lang ? t->file_lang : t->lang, *key = NULL;
	for (size_t i = 0; i < t->nhugo_langs; i++)
		if (!strcasecmp(t->hugo_langs[i].tag, lang))
			key = t->hugo_langs[i].key;
	if (!t->nhugo_langs && t->hugo_lang_subdir)
		key = def;
	if (key && (t->hugo_lang_subdir || strcasecmp(lang, def))) {
		mdtree_hugo_clean(key, strlen(key), t->hugo_keep_case, out);
		buf_addc(out, '/');
	}
}

/* Whether code (a file name's "ru" of visit.ru.md) is a language of the Hugo config. */
static int mdtree_hugo_lang_key(const struct mdtree *t, const char *code)
{
	for (size_t i = 0; i < t->nhugo_langs; i++)
		if (!strcasecmp(code, t->hugo_langs[i].key))
			return 1;
	return 0;
}

/* Whether an addresses line's key (k, kn bytes: fm_defaults.addresses) is name. */
static int mdtree_field_is(const char *k, size_t kn, const char *name)
{
	return kn == strlen(name) && !strncasecmp(k, name, kn);
}

/* One line of an addresses buffer (fm_defaults.addresses: "LINE\tKEY\tVALUE\n"). */
struct mdtree_line {
	const char *line, *key, *val; /* where it starts; its key and value */
	size_t kn, vn;
	size_t next; /* (where the next one starts) */
};

/* The line of a after the one in *ln (from the first, with *ln zeroed) into *ln,
 * skipping what is no such line: 1, or 0 at the end. */
static int mdtree_next_line(const struct buf *a, struct mdtree_line *ln)
{
	while (ln->next < a->len) {
		const char *l = a->data + ln->next;
		const char *nl = memchr(l, '\n', a->len - ln->next);
		if (!nl)
			return 0;
		ln->next = (size_t)(nl - a->data) + 1;
		const char *k = memchr(l, '\t', (size_t)(nl - l));
		const char *v = k ? memchr(k + 1, '\t', (size_t)(nl - k - 1)) : NULL;
		if (!v)
			continue;
		ln->line = l;
		ln->key = k + 1;
		ln->kn = (size_t)(v - k - 1);
		ln->val = v + 1;
		ln->vn = (size_t)(nl - v - 1);
		return 1;
	}
	return 0;
}

/* Month and day names in English, as Go and Ruby write them into addresses. */
static const char *const mdtree_months[12] = {
	"January", "February", "March",	    "April",   "May",	   "June",
	"July",	   "August",   "September", "October", "November", "December"};
static const char *const mdtree_days[7] = {"Sunday",   "Monday", "Tuesday", "Wednesday",
					   "Thursday", "Friday", "Saturday"};

/* The day of its year of c (1 on 1 January). */
static int mdtree_yday(const struct civil *c)
{
	static const int before[] = {0, 31, 59, 90, 120, 151, 181, 212, 243, 273, 304, 334};
	const int y = c->year;
	return before[c->month - 1] + c->day +
	       (c->month > 2 && y % 4 == 0 && (y % 100 != 0 || y % 400 == 0));
}

/*
 * Pattern pat of a Hugo config's permalinks: filled for a page into out (its
 * title, its slug as written or NULL, its file's name, its section, its date from
 * the addresses lines as written, else its time in zone), as Hugo 0.111 fills one
 * (tried here): the parts as they are, then the whole cleaned as Hugo cleans a path
 * (mdtree_hugo_clean). 0, or -1 when it names a part not read here.
 */
/* The zone of a Hugo page's date parts: its config's timeZone, else the import's. */
static const char *mdtree_hugo_time_zone(const struct mdtree *t)
{
	return t->hugo_zone[0] ? t->hugo_zone : t->d && t->d->timezone ? t->d->timezone : "UTC";
}

static int mdtree_hugo_fill(const struct mdtree *t, const char *pat, const struct item *it,
			    const char *slug, size_t sn, const char *filename, const char *section,
			    const struct buf *addresses, const char *zone, struct buf *out)
{
	struct civil c;
	if (tz_civil(zone, it->published, &c))
		return -1;
	/* The date as written: Hugo keeps its wall clock, whatever its offset. */
	struct mdtree_line ln = {0};
	while (mdtree_next_line(addresses, &ln)) {
		int y, mo, d, n = 0;
		if (mdtree_field_is(ln.key, ln.kn, "date") && ln.vn >= 10 &&
		    sscanf(ln.val, "%4d-%2d-%2d%n", &y, &mo, &d, &n) == 3 && n == 10 && mo >= 1 &&
		    mo <= 12 && d >= 1 && d <= 31) {
			struct civil u;
			if (!tz_civil("UTC", tz_utc_from_civil(y, mo, d, 0, 0, 0), &u))
				c = u;
		}
	}
	const int yday = mdtree_yday(&c);
	/* Each part is cleaned on its own, a value with no '-' at either end, and '+'
	 * in it is a blank (Hugo reads the filled path as a query's). */
	struct buf raw;
	buf_init(&raw, 0);
	int rc = 0;
	const size_t start = out->len;
	while (*pat == '/')
		pat++;
	for (const char *s = pat; *s && !rc;) {
		size_t len = 0, lit = 0;
		while (s[lit] && s[lit] != ':')
			lit++;
		if (lit) {
			mdtree_hugo_clean(s, lit, t->hugo_keep_case, out);
			s += lit;
			continue;
		}
		while (s[1 + len] >= 'a' && s[1 + len] <= 'z')
			len++;
		if (!len) {
			mdtree_hugo_clean(s++, 1, t->hugo_keep_case, out);
			continue;
		}
		char key[24];
		if (len >= sizeof key) {
			rc = -1;
			break;
		}
		memcpy(key, s + 1, len);
		key[len] = '\0';
		s += 1 + len;
		buf_reset(&raw);
		if (!strcmp(key, "year"))
			buf_addf(&raw, "%04d", c.year);
		else if (!strcmp(key, "month"))
			buf_addf(&raw, "%02d", c.month);
		else if (!strcmp(key, "monthname"))
			buf_adds(&raw, mdtree_months[c.month - 1]);
		else if (!strcmp(key, "day"))
			buf_addf(&raw, "%02d", c.day);
		else if (!strcmp(key, "weekday"))
			buf_addf(&raw, "%d", c.wday);
		else if (!strcmp(key, "weekdayname"))
			buf_adds(&raw, mdtree_days[c.wday]);
		else if (!strcmp(key, "yearday"))
			buf_addf(&raw, "%d", yday);
		else if (!strcmp(key, "section") || !strcmp(key, "sections"))
			buf_adds(&raw, section);
		else if (!strcmp(key, "title"))
			buf_adds(&raw, it->title);
		else if (!strcmp(key, "slug") && slug)
			buf_add(&raw, slug, sn);
		else if (!strcmp(key, "slug"))
			buf_adds(&raw, it->title);
		else if (!strcmp(key, "slugorfilename") && slug)
			buf_add(&raw, slug, sn);
		else if (!strcmp(key, "filename") || !strcmp(key, "slugorfilename"))
			buf_adds(&raw, filename);
		else
			rc = -1;
		for (size_t k = 0; k < raw.len; k++)
			raw.data[k] = raw.data[k] == '+' ? ' ' : raw.data[k];
		const size_t at = out->len;
		mdtree_hugo_clean(raw.data ? raw.data : "", raw.len, t->hugo_keep_case, out);
		while (out->len > at && out->data[out->len - 1] == '-')
			buf_truncate(out, out->len - 1);
		size_t lead = 0;
		while (at + lead < out->len && out->data[at + lead] == '-')
			lead++;
		if (lead) {
			memmove(out->data + at, out->data + at + lead, out->len - at - lead);
			buf_truncate(out, out->len - lead);
		}
	}
	if (!rc) {
		while (out->len > start && out->data[out->len - 1] == '/')
			buf_truncate(out, out->len - 1);
		if (t->hugo_ugly)
			buf_lit(out, ".html");
		else
			buf_addc(out, '/');
	}
	if (buf_failed(&raw) && !out->err)
		out->err = BUF_ENOMEM;
	buf_release(&raw);
	return rc;
}

/*
 * The address the Hugo site gave the page of file f (item it, its front matter's
 * lines addresses), when its front matter gives none (url:): the permalinks:
 * pattern of its section (mdtree_hugo_fill), else its path under content/ less
 * the extension and the language ("posts/visit.ru.md", or "posts/visit.md" in a
 * language's folder: "posts/visit"), a bundle's index.md its folder's, the last part
 * its slug: when it has one (slug, n bytes, as written); cleaned as Hugo cleans it
 * (mdtree_hugo_clean); under "/<language>/" when its language (lang) is not the
 * site's default one, or always with defaultContentLanguageInSubdir; ending in '/'
 * (in ".html" with uglyURLs). 0, or -1 when the file has none of its own (the home
 * page's, a section's _index.md).
 */
static int mdtree_hugo_address(const struct mdtree *t, const struct mdtree_file *f,
			       const struct item *it, const struct buf *addresses, const char *slug,
			       size_t n, struct buf *out)
{
	const char *lang = it->lang;
	char path[PATH_MAX];
	if (mdtree_stem(t, f, path, sizeof(path)))
		return -1;
	char *slash = strrchr(path, '/');
	char *name = slash ? slash + 1 : path;
	/* Hugo's own languages only: the config's ("notes.ru.md" is the page
	 * "notes.ru" of a site without ru), and their contentDir folders. */
	char *dot = strrchr(name, '.');
	if (dot && mdtree_hugo_lang_key(t, dot + 1))
		*dot = '\0';
	char *rel = path;
	int d = mdtree_langdir_of(t, path);
	if (d >= 0 && t->langdirs[d].config)
		rel = path + strlen(t->langdirs[d].dir) + 1;
	/* A bundle's other Markdown files, and its index in a language the config has
	 * not (index.ru.md), are resources of the bundle to Hugo, not pages. */
	if (!strcmp(name, "_index") || (!strcmp(name, "index") && name == rel) || f->in_leaf ||
	    (f->bundle && strcmp(name, "index")))
		return -1;
	if (!strcmp(name, "index"))
		name[-1] = '\0'; /* a bundle: its folder's name */
	char *last = strrchr(rel, '/');
	size_t dirlen = last ? (size_t)(last - rel) + 1 : 0;
	/* A page of a section its config's permalinks: name: of that pattern. */
	const char *sec = strchr(rel, '/');
	for (size_t i = 0; sec && i < t->nhugo_perm; i++) {
		if (strlen(t->hugo_perm[i].section) != (size_t)(sec - rel) ||
		    strncmp(t->hugo_perm[i].section, rel, (size_t)(sec - rel)))
			continue;
		char section[64];
		snprintf(section, sizeof section, "%s", t->hugo_perm[i].section);
		/* (A folder below the section is a section only with an _index.md: not
		 * told here, so its :sections are not made.) */
		if ((sec != last && strstr(t->hugo_perm[i].pattern, ":sections")) || t->hugo_fm_dates)
			return -1;
		mdtree_hugo_root(t, lang, out);
		return mdtree_hugo_fill(t, t->hugo_perm[i].pattern, it, slug, n, rel + dirlen, section,
					addresses, mdtree_hugo_time_zone(t), out);
	}
	mdtree_hugo_root(t, lang, out);
	mdtree_hugo_clean(rel, dirlen, t->hugo_keep_case, out);
	if (slug)
		mdtree_hugo_clean(slug, n, t->hugo_keep_case, out);
	else
		mdtree_hugo_clean(rel + dirlen, strlen(rel + dirlen), t->hugo_keep_case, out);
	if (t->hugo_ugly)
		buf_lit(out, ".html");
	else
		buf_addc(out, '/');
	return 0;
}


/* Whether an addresses line's key (k, kn bytes) is what an old site's address is
 * made of (mdtree_jekyll_address, mdtree_hugo_fill), not an address: slug,
 * categories (and its list's categories_item), category and date
 * (fm_defaults.addresses). */
static int mdtree_jekyll_field(const char *k, size_t kn)
{
	return mdtree_field_is(k, kn, "slug") || mdtree_field_is(k, kn, "categories") ||
	       mdtree_field_is(k, kn, "categories_item") || mdtree_field_is(k, kn, "category") ||
	       mdtree_field_is(k, kn, "date");
}

/*
 * Jekyll's addresses of posts (jekyll 4.3, as tried here): a pattern's :name
 * parts filled from the post, as Jekyll's URL class fills them.
 */
struct mdtree_jekyll_post {
	char slug[512];  /* its slug: as written, else its name's less the date */
	char name[512];  /* its file's name less the extension */
	struct buf cats;     /* its categories, lowercased, each once, one a line */
	struct buf slugcats; /* the same slugified */
	char path[PATH_MAX]; /* its path less the extension and the first "_posts/" */
	struct civil when;
	int week, wyear, yday;
};

/* s[0..n) slugified as Jekyll's Utils.slugify: each run of characters other than
 * letters, marks, decimal digits (and, pretty, of ._~!$&'()+,;=@) one '-', none
 * at either end; lowercased unless cased. */
static void mdtree_jekyll_slugify(const char *s, size_t n, int pretty, int cased,
				  struct buf *out)
{
	const locale_t utf8 = mdtree_utf8();
	const size_t start = out->len;
	int dash = 0;
	for (size_t i = 0; i < n;) {
		int32_t cp;
		size_t l = fts_stem_utf8((const unsigned char *)s + i, n - i, &cp);
		int kept = cp < 0 ? 0
			   : cp < 0x80 ? fts_stem_is_word(cp) || (pretty && strchr("._~!$&'()+,;=@", (int)cp))
				       : mdtree_hugo_letter(cp, utf8);
		i += l;
		if (!kept || !cp) {
			dash = 1;
			continue;
		}
		if (dash && out->len > start)
			buf_addc(out, '-');
		dash = 0;
		mdtree_add_cp(out, cp, !cased);
	}
}

/* s[0..n) lowercased as Ruby's String#downcase does (in C.UTF-8) into out. */
static void mdtree_jekyll_lower(const char *s, size_t n, struct buf *out)
{
	for (size_t i = 0; i < n;) {
		int32_t cp;
		size_t l = fts_stem_utf8((const unsigned char *)s + i, n - i, &cp);
		if (cp < 0) {
			buf_add(out, s + i, l);
		} else {
			mdtree_add_cp(out, cp, 1);
		}
		i += l;
	}
}

/* One category c (n bytes) at the end of the post's, as Jekyll's URL has them:
 * lowercased, and only once; and slugified, once, in the other list. */
static void mdtree_jekyll_category(struct mdtree_jekyll_post *p, const char *c, size_t n)
{
	struct buf one;
	buf_init(&one, 0);
	for (int slug = 0; slug < 2; slug++) {
		struct buf *to = slug ? &p->slugcats : &p->cats;
		buf_reset(&one);
		if (slug)
			mdtree_jekyll_slugify(c, n, 0, 0, &one);
		else
			mdtree_jekyll_lower(c, n, &one);
		if (buf_failed(&one) && !to->err)
			to->err = BUF_ENOMEM;
		if (!one.len || strlist_has(to->data, to->len, one.data, one.len))
			continue;
		if (to->len)
			buf_addc(to, '\n');
		buf_add(to, one.data, one.len);
	}
	buf_release(&one);
}

/* A part's value v into out as Jekyll's URL.escape_path gives it: as it is when
 * it is letters, digits, '.', '/' and '-' alone, else each byte outside RFC 3986's
 * path characters as %XX. */
static void mdtree_jekyll_escape(const char *v, size_t n, struct buf *out)
{
	static const char safe[] = "-._~!$&'()*+,;=:@/";
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)v[i];
		if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
		    (c && strchr(safe, c)))
			buf_addc(out, (char)c);
		else
			buf_addf(out, "%%%02X", c);
	}
}

/* Pattern pat filled for post p into out, as Jekyll's URL#to_s makes it. 0, or -1
 * when it names a part Jekyll has not for a post (Jekyll stops there). */
static int mdtree_jekyll_fill(const char *pat, const struct mdtree_jekyll_post *p, struct buf *out)
{
	const struct civil *c = &p->when;
	struct buf raw, v;
	buf_init(&raw, 0);
	buf_init(&v, 0);
	int rc = 0;
	buf_addc(&raw, '/');
	for (const char *s = pat; *s && !rc;) {
		size_t len = 0;
		if (*s == ':')
			while ((s[1 + len] >= 'a' && s[1 + len] <= 'z') || s[1 + len] == '_')
				len++;
		if (!len) {
			buf_addc(&raw, *s++);
			continue;
		}
		/* ":title_" is a part of that name if there is one, else :title and a '_'
		 * after it, as Jekyll tries both. */
		int found = 0;
		for (int cut = 0; cut < 2 && !found; cut++) {
			size_t kn = len - (size_t)cut;
			if (cut && s[len] != '_')
				break;
			char key[32];
			if (kn >= sizeof key)
				break;
			memcpy(key, s + 1, kn);
			key[kn] = '\0';
			const struct {
				const char *name, *fmt;
				int v;
			} nums[] = {
				{"year", "%04d", c->year},	   {"month", "%02d", c->month},
				{"day", "%02d", c->day},	   {"hour", "%02d", c->hour},
				{"minute", "%02d", c->min},	   {"second", "%02d", c->sec},
				{"i_month", "%d", c->month},	   {"i_day", "%d", c->day},
				{"short_year", "%02d", c->year % 100}, {"y_day", "%03d", p->yday},
				{"week", "%02d", p->week},	   {"w_year", "%04d", p->wyear},
				{"w_day", "%d", c->wday ? c->wday : 7},
			};
			buf_reset(&v);
			found = 1;
			size_t ni = 0;
			while (ni < sizeof nums / sizeof nums[0] && strcmp(key, nums[ni].name))
				ni++;
			if (ni < sizeof nums / sizeof nums[0])
				buf_addf(&v, nums[ni].fmt, nums[ni].v);
			else if (!strcmp(key, "short_month"))
				buf_addf(&v, "%.3s", mdtree_months[c->month - 1]);
			else if (!strcmp(key, "long_month"))
				buf_adds(&v, mdtree_months[c->month - 1]);
			else if (!strcmp(key, "short_day"))
				buf_addf(&v, "%.3s", mdtree_days[c->wday]);
			else if (!strcmp(key, "long_day"))
				buf_adds(&v, mdtree_days[c->wday]);
			else if (!strcmp(key, "title"))
				mdtree_jekyll_slugify(p->slug, strlen(p->slug), 1, 1, &v);
			else if (!strcmp(key, "slug"))
				mdtree_jekyll_slugify(p->slug, strlen(p->slug), 0, 0, &v);
			else if (!strcmp(key, "name"))
				mdtree_jekyll_slugify(p->name, strlen(p->name), 0, 0, &v);
			else if (!strcmp(key, "categories") || !strcmp(key, "slugified_categories")) {
				const struct buf *l = key[0] == 'c' ? &p->cats : &p->slugcats;
				buf_add(&v, l->data, l->len);
				for (size_t i = 0; i < v.len; i++)
					v.data[i] = v.data[i] == '\n' ? '/' : v.data[i];
			}
			else if (!strcmp(key, "path"))
				buf_adds(&v, p->path);
			else if (!strcmp(key, "collection"))
				buf_lit(&v, "posts");
			else if (!strcmp(key, "output_ext"))
				buf_lit(&v, ".html");
			else
				found = 0;
			if (found) {
				if (buf_failed(&v) && !raw.err)
					raw.err = BUF_ENOMEM;
				mdtree_jekyll_escape(v.data ? v.data : "", v.len, &raw);
				s += 1 + kn;
			}
		}
		if (!found)
			rc = -1;
	}
	/* Runs of '/' made one; each ".." made '/', then each "./" dropped. */
	buf_reset(&v);
	for (size_t i = 0; i < raw.len && !rc; i++) {
		if (raw.data[i] == '.' && i + 1 < raw.len && raw.data[i + 1] == '.') {
			buf_addc(&v, '/');
			i++;
		} else {
			buf_addc(&v, raw.data[i]);
		}
	}
	for (size_t i = 0; i < v.len && !rc; i++) {
		if (v.data[i] == '.' && i + 1 < v.len && v.data[i + 1] == '/')
			i++;
		else if (!(v.data[i] == '/' && out->len && out->data[out->len - 1] == '/'))
			buf_addc(out, v.data[i]);
	}
	if ((buf_failed(&raw) || buf_failed(&v)) && !out->err)
		out->err = BUF_ENOMEM;
	buf_release(&raw);
	buf_release(&v);
	return rc;
}

/* The folder a Jekyll site was served from (its baseurl: "/blog" or "blog/" is
 * "/blog"; "" for the top) appended to out. */
static void mdtree_jekyll_base(const struct mdtree *t, struct buf *out)
{
	const char *base = t->jekyll_base;
	size_t bl = strlen(base);
	while (bl && base[bl - 1] == '/')
		bl--;
	if (bl && *base != '/')
		buf_addc(out, '/');
	buf_add(out, base, bl);
}

/* ISO 8601 week of c (its year's day yday, 1-based) and that week's year. */
static void mdtree_iso_week(const struct civil *c, int yday, int *week, int *wyear)
{
	const int wd = c->wday ? c->wday : 7;
#define MDTREE_P(y) (((y) + (y) / 4 - (y) / 100 + (y) / 400) % 7)
#define MDTREE_WEEKS(y) (52 + (MDTREE_P(y) == 4 || MDTREE_P((y) - 1) == 3))
	int w = (yday - wd + 10) / 7, y = c->year;
	if (w < 1)
		w = MDTREE_WEEKS(y - 1), y--;
	else if (w > MDTREE_WEEKS(y))
		w = 1, y++;
#undef MDTREE_WEEKS
#undef MDTREE_P
	*week = w;
	*wyear = y;
}

/*
 * The address Jekyll gave post f (item it) into out: its front matter's
 * permalink: (when it has one: pat), else the site's config's (a style's name:
 * date, pretty, ordinal, weekdate, none; or a pattern), filled from its
 * categories (the folders above _posts, then its categories: and category:), its
 * slug and its date (a time in the config's zone; a day alone, day_only, as it
 * is), under the config's baseurl. addresses: its front matter's lines (fm_defaults.addresses). 0, or -1
 * when it has none this way (not a post of _posts, a name without a date, a part
 * Jekyll has not).
 */
static int mdtree_jekyll_address(const struct mdtree *t, const struct mdtree_file *f,
				 const struct item *it, int day_only, const char *pat,
				 const struct buf *addresses, struct buf *out)
{
	static const struct {
		const char *name, *pattern;
	} styles[] = {
		{"date", "/:categories/:year/:month/:day/:title:output_ext"},
		{"pretty", "/:categories/:year/:month/:day/:title/"},
		{"ordinal", "/:categories/:year/:y_day/:title:output_ext"},
		{"weekdate", "/:categories/:year/W:week/:short_day/:title:output_ext"},
		{"none", "/:categories/:title:output_ext"},
	};
	const char *rel = f->path + t->rootlen + 1, *posts = NULL;
	for (const char *c = rel; c; c = strchr(c, '/'), c = c ? c + 1 : NULL)
		if (!strncmp(c, "_posts/", 7)) {
			posts = c;
			break;
		}
	/* Jekyll writes no page for a draft, nor for published: false. */
	if (!posts || f->draft || it->status == STATUS_DRAFT)
		return -1;
	/* A default of the config for its path is as its own front matter's (the
	 * longest path wins, then the last); else the config's permalink:. */
	const struct mdtree_jekyll_default *best = NULL;
	for (size_t i = 0; !pat && i < t->njekyll_defaults; i++) {
		const struct mdtree_jekyll_default *d = &t->jekyll_defaults[i];
		size_t n = strlen(d->path);
		if ((!n || (!strncmp(rel, d->path, n) && rel[n] == '/')) &&
		    (!best || n >= strlen(best->path)))
			best = d;
	}
	if (best)
		pat = best->permalink;
	if (!pat) {
		pat = t->jekyll_permalink[0] ? t->jekyll_permalink : "date";
		for (size_t i = 0; i < sizeof styles / sizeof styles[0]; i++)
			if (!strcmp(pat, styles[i].name))
				pat = styles[i].pattern;
		if (!strcmp(pat, "-"))
			return -1; /* (the config could not be read) */
	}
	struct mdtree_jekyll_post p;
	memset(&p, 0, sizeof p);
	/* Its name: "2021-06-15-consular-hours.md" is slug "consular-hours". */
	const char *name = strrchr(rel, '/') + 1, *ext = strrchr(name, '.');
	size_t nl = ext && ext > name ? (size_t)(ext - name) : strlen(name);
	char ymd[11];
	const size_t dl = mdtree_name_date(name, ymd);
	if (nl >= sizeof p.name || !dl || nl < dl)
		return -1;
	memcpy(p.name, name, nl);
	size_t sl = nl - dl;
	while (sl && name[dl + sl - 1] == '.')
		sl--;
	memcpy(p.slug, name + dl, sl);
	buf_init(&p.cats, 0);
	buf_init(&p.slugcats, 0);
	/* :path: "news/_posts/2021-06-15-visit.md" is "news/2021-06-15-visit". */
	snprintf(p.path, sizeof p.path, "%.*s%.*s", (int)(posts - rel), rel,
		 (int)(name + nl - posts - 7), posts + 7);
	for (size_t pl = strlen(p.path); pl && p.path[pl - 1] == '.';)
		p.path[--pl] = '\0';
	for (const char *c = rel; c < posts;) {
		const char *sl2 = strchr(c, '/');
		mdtree_jekyll_category(&p, c, (size_t)(sl2 - c));
		c = sl2 + 1;
	}
	/* Then the front matter's: its slug, its categories: (a string split at blanks),
	 * then its category: (one, whole). */
	for (int pass = 0; pass < 2; pass++) {
		struct mdtree_line ln = {0};
		while (mdtree_next_line(addresses, &ln)) {
			const char *k = ln.key, *v = ln.val;
			size_t kn = ln.kn, vn = ln.vn;
			if (!pass && mdtree_field_is(k, kn, "slug") && vn < sizeof p.slug) {
				memcpy(p.slug, v, vn);
				p.slug[vn] = '\0';
			} else if (!pass && kn == 10 && !memcmp(k, "categories", 10)) {
				for (size_t a = 0; a < vn;) {
					while (a < vn && strchr(" \t\r\n\f\v", v[a]))
						a++;
					size_t b = a;
					while (b < vn && !strchr(" \t\r\n\f\v", v[b]))
						b++;
					if (b > a)
						mdtree_jekyll_category(&p, v + a, b - a);
					a = b;
				}
			} else if ((!pass && kn == 15 && !memcmp(k, "categories_item", 15)) ||
				   (pass && kn == 8 && !memcmp(k, "category", 8))) {
				mdtree_jekyll_category(&p, v, vn);
			}
		}
	}
	/* A day alone (a name's, or date: 2021-06-15) is that day, which the import
	 * made midnight in its zone; a time (read as Jekyll read it: fm_defaults.jekyll)
	 * is shown in Jekyll's zone (its timezone:, else the import's). */
	const char *zone = t->d && t->d->timezone ? t->d->timezone : "UTC";
	if (!day_only && t->jekyll_zone[0])
		zone = t->jekyll_zone;
	const int64_t when = it->published;
	int rc = -1;
	if (!tz_civil(zone, when, &p.when) && p.when.month >= 1 && p.when.month <= 12 &&
	    !buf_failed(&p.cats) && !buf_failed(&p.slugcats)) {
		p.yday = mdtree_yday(&p.when);
		mdtree_iso_week(&p.when, p.yday, &p.week, &p.wyear);
		mdtree_jekyll_base(t, out);
		rc = mdtree_jekyll_fill(pat, &p, out);
	}
	buf_release(&p.cats);
	buf_release(&p.slugcats);
	return rc;
}

/* The key an address made of a file's path is said under ("FILE:1: its address on
 * the old site '/posts/visit/' is not kept: ..."). */
#define MDTREE_PATH_KEY "its address on the old site"

/* Whether s[0..n) is a relative address: no '/' first, no scheme ("https:"). */
static int mdtree_relative(const char *s, size_t n)
{
	if (!n || s[0] == '/' || s[0] == '#' || s[0] == '?')
		return 0;
	size_t i = 0;
	while (i < n && (((s[i] | 0x20) >= 'a' && (s[i] | 0x20) <= 'z') || s[i] == '+' ||
			 s[i] == '-' || s[i] == '.' || (i && s[i] >= '0' && s[i] <= '9')))
		i++;
	return !(i && i < n && s[i] == ':');
}

/* A url: of KEYN bytes key and N bytes value v that Hugo reads from the site's top
 * (outside Jekyll, a url: without '/' first: "press/x" is /press/x, /ru/press/x in
 * another language, lang): that address into out, and 1; else 0. */
static int mdtree_url_rooted(const struct mdtree *t, const char *lang, const char *key,
			     size_t keyn, const char *v, size_t n, struct buf *out)
{
	if (t->jekyll || !mdtree_field_is(key, keyn, "url") || !mdtree_relative(v, n))
		return 0;
	mdtree_hugo_root(t, lang, out);
	buf_add(out, v, n);
	return 1;
}

/*
 * A relative alias (rel, n bytes) of the page whose old address is page, into out
 * as url_alias_path gives an address: as Hugo placed it (hugo 0.111, tried here),
 * in the folder of the page's address ("old" of /posts/visit/ is /posts/old/),
 * "./" and "../" parts taken, never above the top. 0, or -1 with why.
 */
static int mdtree_beside(const char *page, const char *rel, size_t n, struct buf *out,
			 const char **why)
{
	struct buf base, joined;
	buf_init(&base, 512);
	buf_init(&joined, 512);
	int rc = url_alias_path(page, strlen(page), 0, &base, why);
	/* Beside the old home page: from the top. Beside an address that is no path
	 * (a pattern): said as any relative one is. */
	if (rc && base.len <= 1 && !strcmp(*why, "the home page of the old site")) {
		buf_reset(&base);
		rc = 0;
	} else if (rc) {
		rc = url_alias_path(rel, n, 0, out, why);
	}
	if (!rc) {
		/* The page's folder: its address less its last part. */
		const char *b = buf_str(&base);
		const char *cut = strrchr(b, '/');
		buf_add(&joined, b, cut ? (size_t)(cut - b) : 0);
		for (size_t at = 0; at <= n;) {
			size_t sl = at;
			while (sl < n && rel[sl] != '/')
				sl++;
			const char *seg = rel + at;
			size_t len = sl - at;
			if (len == 2 && seg[0] == '.' && seg[1] == '.') {
				const char *up = memrchr(joined.data ? joined.data : "", '/', joined.len);
				buf_truncate(&joined, up ? (size_t)(up - joined.data) : 0);
			} else if (!(len == 1 && seg[0] == '.') && (len || sl == n)) {
				buf_addc(&joined, '/');
				buf_add(&joined, seg, len);
			}
			at = sl + 1;
		}
		if (buf_failed(&joined)) {
			*why = "out of memory";
			rc = -1;
		} else {
			rc = url_alias_path(joined.len ? joined.data : "/", joined.len ? joined.len : 1,
					    0, out, why);
		}
	}
	buf_release(&base);
	buf_release(&joined);
	return rc;
}

/*
 * f's page's address on the old site into f->page: the url: or permalink: its front
 * matter gives (addresses: fm_defaults.addresses; a Jekyll post's permalink: filled
 * by mdtree_jekyll_address, its line rewritten to say it), else the one the old
 * site made, which is added to addresses as an old address of the item, unless
 * --no-site-addresses: in a Jekyll site, of its config's permalink pattern
 * (mdtree_jekyll_address: its day_only says its date is a day alone); in a Hugo
 * site (its folder with its config, or a folder named content; not pressroom's own
 * export) whose config has no permalinks: in a form not read here, of its path or
 * its section's pattern (mdtree_hugo_address). *slug_line: the line of its slug:, if it has one. 0, or
 * -1 out of memory.
 */
static int mdtree_page(struct mdtree *t, struct mdtree_file *f, const struct item *it,
		       int day_only, struct buf *addresses, size_t *slug_line)
{
	const char *lang = it->lang;
	const char *slug = NULL, *given = NULL, *gkey = NULL;
	size_t sn = 0, gn = 0, gkn = 0;
	struct mdtree_line ln = {0};
	while (mdtree_next_line(addresses, &ln)) {
		if (mdtree_field_is(ln.key, ln.kn, "slug"))
			slug = ln.val, sn = ln.vn, *slug_line = (size_t)strtoul(ln.line, NULL, 10);
		else if (!given && (mdtree_field_is(ln.key, ln.kn, "url") ||
				    mdtree_field_is(ln.key, ln.kn, "permalink")))
			given = ln.val, gn = ln.vn, gkey = ln.key, gkn = ln.kn;
	}
	struct buf a;
	buf_init(&a, 0);
	int rc = 0;
	/* A Jekyll post's permalink: may be a pattern, filled as Jekyll fills it, and
	 * is under the config's baseurl (its line then says the address it made);
	 * without one, the config's pattern made its address. */
	if (t->jekyll && !t->own && given && mdtree_field_is(gkey, gkn, "permalink")) {
		char pat[512];
		if (gn < sizeof pat && !memmem(given, gn, "://", 3)) {
			memcpy(pat, given, gn);
			pat[gn] = '\0';
			if (!mdtree_jekyll_address(t, f, it, day_only, pat, addresses, &a)) {
				struct buf line;
				buf_init(&line, 0);
				buf_add(&line, addresses->data, (size_t)(given - addresses->data));
				buf_add(&line, a.data, a.len);
				buf_adds(&line, given + gn);
				buf_reset(addresses);
				buf_add(addresses, line.data, line.len);
				rc = buf_failed(&line) || buf_failed(addresses) ||
						     !(f->page = strdup(buf_str(&a)))
					     ? -1
					     : 0;
				buf_release(&line);
				buf_release(&a);
				return rc;
			}
			buf_reset(&a);
		}
	}
	if (t->jekyll && !t->own && !given && !(t->d && t->d->no_site_addresses)) {
		if (!mdtree_jekyll_address(t, f, it, day_only, NULL, addresses, &a)) {
			buf_addf(addresses, "1\t" MDTREE_PATH_KEY "\t%s\n", buf_str(&a));
			rc = buf_failed(&a) || buf_failed(addresses) || !(f->page = strdup(buf_str(&a)))
				     ? -1
				     : 0;
		}
		buf_release(&a);
		return rc;
	}
	if (given) {
		if (!mdtree_url_rooted(t, lang, gkey, gkn, given, gn, &a))
			buf_add(&a, given, gn);
		rc = buf_failed(&a) || !(f->page = strdup(buf_str(&a))) ? -1 : 0;
		buf_release(&a);
		return rc;
	}
	if (!t->hugo || t->own || t->jekyll || t->hugo_permalinks ||
	    (t->d && t->d->no_site_addresses)) {
		buf_release(&a);
		return 0;
	}
	if (!mdtree_hugo_address(t, f, it, addresses, slug, sn, &a)) {
		buf_addf(addresses, "1\t" MDTREE_PATH_KEY "\t%s\n", buf_str(&a));
		rc = buf_failed(&a) || buf_failed(addresses) || !(f->page = strdup(buf_str(&a))) ? -1 : 0;
	}
	buf_release(&a);
	return rc;
}

/* The file before file i whose item has old address path (mdtree_aliases). */
static const char *mdtree_alias_owner(const struct mdtree *t, size_t i, const char *path)
{
	while (i-- > 0) {
		const char *a = t->b->v[t->files[i].entry].aliases;
		if (strlist_has(a, a ? strlen(a) : 0, path, strlen(path)))
			return t->files[i].path;
	}
	return "another file";
}

/*
 * The old addresses a file's front matter gives (aliases, permalink, url,
 * redirect_from) become its item's (import_entry.aliases), which the site
 * redirects to the item. One that cannot be (relative, with a query, ...) or that
 * an earlier file gave already is said, with the item's address here.
 */
static int mdtree_aliases(struct mdtree *t)
{
	struct config cfg;
	memset(&cfg, 0, sizeof cfg);
	cfg.language = (char *)t->lang;
	struct buf url, path, list, made_list;
	buf_init(&url, 4096);
	buf_init(&path, URL_ALIAS_MAX + 16);
	buf_init(&list, 1 << 20);
	buf_init(&made_list, 1 << 20);
	struct strset seen = {0};
	int oom = 0;
	/* What the files say first, then the addresses made of their paths, so that one
	 * a file gives is its own even where another file's path made it too. */
	for (size_t step = 0; step < 2 * t->n && !oom; step++) {
		const int pass = step >= t->n;
		const size_t i = step % t->n;
		const char *l = t->files[i].addresses;
		struct import_entry *e = &t->b->v[t->files[i].entry];
		size_t n = 0;
		buf_reset(&list);
		if (e->aliases) {
			buf_adds(&list, e->aliases);
			for (const char *c = e->aliases; (c = strchr(c, '\n')); c++)
				n++;
		}
		for (const char *nl; l && (nl = strchr(l, '\n')); l = nl + 1) {
			const char *k = strchr(l, '\t'), *v = k ? strchr(k + 1, '\t') : NULL;
			if (!v || v > nl)
				break;
			const char *why = NULL;
			const size_t kn = (size_t)(v - k - 1);
			if (mdtree_jekyll_field(k + 1, kn))
				continue; /* (what the old address was made of: mdtree_page) */
			const int made = mdtree_field_is(k + 1, kn, MDTREE_PATH_KEY);
			if (made != pass)
				continue;
			buf_reset(&path);
			int bad;
			buf_reset(&url);
			/* A relative url: is from the top, a relative alias beside the page's
			 * address: where Hugo puts them. */
			if (mdtree_url_rooted(t, e->it.lang, k + 1, kn, v + 1, (size_t)(nl - v - 1), &url))
				bad = buf_failed(&url) ? (why = "out of memory", -1)
						       : url_alias_path(url.data, url.len, 0, &path, &why);
			else if (t->files[i].page && mdtree_relative(v + 1, (size_t)(nl - v - 1)))
				bad = mdtree_beside(t->files[i].page, v + 1, (size_t)(nl - v - 1), &path, &why);
			else if (v[1] == '/' && v[2] != '/' &&
				 ((t->jekyll && t->jekyll_base[0] && mdtree_field_is(k + 1, kn, "redirect_from")) ||
				  (!t->jekyll && t->hugo_base[0] && (mdtree_field_is(k + 1, kn, "aliases") ||
								     mdtree_field_is(k + 1, kn, "url"))))) {
				/* jekyll-redirect-from's pages are under the baseurl too, and a
				 * Hugo page's url: and aliases under its baseURL's path. */
				if (t->jekyll)
					mdtree_jekyll_base(t, &url);
				else
					buf_adds(&url, t->hugo_base);
				buf_add(&url, v + 1, (size_t)(nl - v - 1));
				bad = buf_failed(&url) ? (why = "out of memory", -1)
						       : url_alias_path(url.data, url.len, 0, &path, &why);
			} else {
				bad = url_alias_path(v + 1, (size_t)(nl - v - 1), 0, &path, &why);
			}
			/* With uglyURLs, Hugo writes each alias as a file of its own: "old",
			 * "/old/", "/x.htm" are /posts/old.html, /old.html, /x.htm.html. */
			size_t pl = path.len;
			if (!bad && t->hugo_ugly && mdtree_field_is(k + 1, kn, "aliases") &&
			    (pl < 5 || strcmp(buf_str(&path) + pl - 5, ".html")))
				buf_lit(&path, ".html");
			/* One made of the path (mdtree_page) is a guess, not something the
			 * file says: where it cannot be kept, or is the address the item has
			 * here anyway, it goes without a word. */
			if (made && !bad) {
				buf_reset(&url);
				bad = !url_item_alias(&url, &cfg, &e->it) &&
				      !strcmp(buf_str(&url), buf_str(&path));
			}
			if (made && (bad || strset_has(&seen, buf_str(&path)) ||
				     n >= IMPORT_MAX_ALIASES))
				continue;
			/* One over the item's limit is not taken: another file may keep it. */
			if (!bad && n >= IMPORT_MAX_ALIASES && !strset_has(&seen, buf_str(&path))) {
				bad = 1;
				why = "more old addresses than one item may keep (50)";
			}
			int added = bad ? 0 : strset_add(&seen, buf_str(&path));
			if (added < 0) {
				oom = 1;
				break;
			}
			if (!bad && !added) {
				buf_addf(&t->b->info, "%s:%.*s: %.*s '%.*s' is not kept for this item: "
						      "%s gives it too, and keeps it\n",
					 t->files[i].path, (int)(k - l), l, (int)kn, k + 1,
					 (int)(nl - v - 1), v + 1, mdtree_alias_owner(t, i, buf_str(&path)));
				continue;
			}
			if (!why) {
				buf_adds(&list, buf_str(&path));
				buf_addc(&list, '\n');
				if (made) {
					buf_adds(&made_list, buf_str(&path));
					buf_addc(&made_list, '\n');
				}
				n++;
				continue;
			}
			buf_reset(&url);
			url_item(&url, &cfg, &e->it);
			buf_addf(&t->b->info,
				 "%s:%.*s: %.*s '%.*s' is not kept: %s; the item's address is %s: "
				 "redirect the old one in the web server\n",
				 t->files[i].path, (int)(k - l), l, (int)kn, k + 1,
				 (int)(nl - v - 1), v + 1, why, buf_str(&url));
		}
		if (!oom && list.len && !buf_failed(&list)) {
			free(e->aliases);
			if (!(e->aliases = strdup(buf_str(&list))))
				oom = 1;
		}
		oom |= buf_failed(&list) || buf_failed(&made_list);
		if (!oom && pass && made_list.len) {
			free(e->made_aliases);
			if (!(e->made_aliases = strdup(buf_str(&made_list))))
				oom = 1;
		}
		buf_reset(&made_list);
	}
	oom |= buf_failed(&url) || buf_failed(&path) || buf_failed(&list) ||
	       buf_failed(&made_list) || buf_failed(&t->b->info);
	buf_release(&url);
	buf_release(&path);
	buf_release(&list);
	buf_release(&made_list);
	strset_free(&seen);
	return oom ? mdtree_oom(t) : 0;
}

/* media: dir is the top "media" folder (export --markdown's media library). */
static int mdtree_walk(struct mdtree *t, const char *dir, int depth, int draft, int media)
{
	if (depth > MDTREE_MAX_DEPTH) {
		buf_addf(t->err, "%s:1: folders nested deeper than %d", dir, MDTREE_MAX_DEPTH);
		return -1;
	}
	DIR *d = opendir(dir);
	if (!d) {
		buf_addf(t->err, "%s:1: %s", dir, strerror(errno));
		return -1;
	}
	char **names = NULL;
	size_t n = 0, cap = 0;
	int rc = 0;
	struct dirent *de;
	while ((de = readdir(d))) {
		if (!strcmp(de->d_name, ".") || !strcmp(de->d_name, ".."))
			continue;
		if (n == cap) {
			size_t nc = cap ? cap * 2 : 32;
			char **v = realloc(names, nc * sizeof(*v));
			if (!v) {
				rc = mdtree_oom(t);
				goto out;
			}
			names = v;
			cap = nc;
		}
		if (!(names[n] = strdup(de->d_name))) {
			rc = mdtree_oom(t);
			goto out;
		}
		n++;
	}
	if (n) /* (qsort of no array: undefined) */
		qsort(names, n, sizeof(*names), mdtree_cmp);
	/* A folder with an index.md below the top is a page bundle (mdtree_file.in_leaf). */
	int leaf = 0;
	for (size_t i = 0; i < n && depth > 0; i++)
		leaf |= mdtree_stem_is(names[i], "index") &&
			(mdtree_is_markdown(names[i]) || (t->hugo && mdtree_is_html(names[i])));
	struct buf path;
	buf_init(&path, PATH_MAX);
	for (size_t i = 0; i < n && !rc; i++) {
		const char *name = names[i];
		buf_reset(&path);
		buf_adds(&path, dir);
		buf_addc(&path, '/');
		buf_adds(&path, name);
		if (buf_failed(&path)) {
			buf_addf(t->err, "%s/%s:1: %s", dir, name,
				 path.err == BUF_TOOBIG ? "path too long" : "out of memory");
			rc = -1;
			break;
		}
		const char *p = buf_str(&path);
		struct stat st;
		if (lstat(p, &st)) {
			buf_addf(t->err, "%s:1: %s", p, strerror(errno));
			rc = -1;
			break;
		}
		int md = mdtree_is_markdown(name) || (mdtree_is_html(name) && mdtree_html_content(t, p));
		if (name[0] == '.') {
			/* .git, .DS_Store, editor files: not content, and not worth a line each. */
			if (md && import_batch_note(t->b, p, "hidden file"))
				rc = mdtree_oom(t);
			continue;
		}
		if (S_ISLNK(st.st_mode)) {
			struct stat ts;
			if (md || media || (stat(p, &ts) == 0 && S_ISDIR(ts.st_mode)))
				rc = mdtree_link(t, p);
			continue;
		}
		if (mdtree_excluded(t, p)) {
			if ((md || S_ISDIR(st.st_mode)) &&
			    import_batch_note(t->b, p, "named in _config.yml's exclude: list"))
				rc = mdtree_oom(t);
			continue;
		}
		if (S_ISDIR(st.st_mode)) {
			static const char *const jekyll[] = {"_layouts", "_includes", "_site", "_data",
							     "_sass", "_plugins", "node_modules"};
			int skip = 0;
			for (size_t k = 0; k < sizeof(jekyll) / sizeof(jekyll[0]); k++)
				skip |= !strcmp(name, jekyll[k]);
			/* Bundler's gems (vendor/bundle), which hold Markdown of their own. */
			skip |= depth == 0 && !strcmp(name, "vendor");
			if (skip) {
				if (import_batch_note(t->b, p, "theme or build folder, not content"))
					rc = mdtree_oom(t);
				continue;
			}
			rc = mdtree_walk(t, p, depth + 1, draft || !strcmp(name, "_drafts"),
					 depth == 0 && !strcmp(name, "media"));
			continue;
		}
		if (!md) {
			if (media)
				rc = mdtree_media(t, p);
			else if (depth == 0 && !strcmp(name, "site.yaml"))
				rc = import_settings_read(p, t->b, t->err);
			else if (depth == 0 && !strcmp(name, "feeds.yaml"))
				rc = import_feeds_read(p, t->b, t->err);
			else if (depth == 0 && !strcmp(name, "media.yaml"))
				rc = import_media_meta_read(p, t->d, t->b, t->err);
			continue;
		}
		if (!S_ISREG(st.st_mode)) {
			rc = import_batch_note(t->b, p, "not a regular file") ? mdtree_oom(t) : 0;
			continue;
		}
		const char *why = NULL;
		if (mdtree_stem_is(name, "_index"))
			why = "section page (_index), not an item";
		else if (depth == 0 && mdtree_stem_is(name, "index"))
			why = "the site's home page (index at the top), not an item";
		else if (depth == 0 && (mdtree_stem_is(name, "readme") || mdtree_stem_is(name, "license") ||
					mdtree_stem_is(name, "changelog")))
			why = "not content (README, LICENSE or CHANGELOG at the top)";
		const int index = depth > 0 && mdtree_stem_is(name, "index");
		if (why)
			rc = import_batch_note(t->b, p, why) ? mdtree_oom(t) : 0;
		else if (!(rc = mdtree_add_file(t, p, draft, index)))
			t->files[t->n - 1].in_leaf = leaf && !index;
	}
	buf_release(&path);
out:
	for (size_t i = 0; i < n; i++)
		free(names[i]);
	free(names);
	closedir(d);
	return rc;
}

/* ---------------------------------------------------------------- cross-references */

/* A path as a key: without "./" and "." segments, ".." taking the segment before
 * (none left: -1), a Markdown extension and a last "index" segment. */
static int mdtree_key(struct buf *out, const char *p, size_t n)
{
	size_t start = out->len;
	for (size_t i = 0; i < n;) {
		size_t e = i;
		while (e < n && p[e] != '/')
			e++;
		size_t len = e - i;
		if (len == 2 && p[i] == '.' && p[i + 1] == '.') {
			if (out->len == start)
				return -1;
			while (out->len > start && out->data[out->len - 1] != '/')
				out->len--;
			if (out->len > start)
				out->len--;
		} else if (len && !(len == 1 && p[i] == '.')) {
			if (out->len > start)
				buf_addc(out, '/');
			buf_add(out, p + i, len);
		}
		i = e + 1;
	}
	buf_addc(out, '\0');
	out->len--;
	char *k = out->data + start;
	char *dot = strrchr(k, '.');
	if (dot && !strchr(dot, '/') && (mdtree_is_markdown(k) || mdtree_is_html(k)))
		*dot = '\0', out->len = (size_t)(dot - out->data);
	char *last = strrchr(k, '/');
	if (!strcmp(last ? last + 1 : k, "index"))
		out->len = last ? (size_t)(last - out->data) : start;
	buf_addc(out, '\0');
	out->len--;
	return buf_failed(out) ? -1 : 0;
}

static const struct mdtree *mdtree_sorting;

static int mdtree_bykey_cmp(const void *a, const void *b)
{
	const struct mdtree_file *f = mdtree_sorting->files;
	return strcmp(f[*(const size_t *)a].key, f[*(const size_t *)b].key);
}

/* Each file's key, and the files sorted by them. */
static int mdtree_keys(struct mdtree *t)
{
	struct buf k;
	buf_init(&k, PATH_MAX);
	t->bykey = malloc((t->n ? t->n : 1) * sizeof(*t->bykey));
	if (!t->bykey)
		return mdtree_oom(t);
	for (size_t i = 0; i < t->n; i++) {
		buf_reset(&k);
		const char *rel = t->files[i].path + t->rootlen + 1;
		if (mdtree_key(&k, rel, strlen(rel)) || !(t->files[i].key = strdup(buf_str(&k)))) {
			buf_release(&k);
			return mdtree_oom(t);
		}
		t->bykey[i] = i;
	}
	buf_release(&k);
	mdtree_sorting = t;
	if (t->n)
		qsort(t->bykey, t->n, sizeof(*t->bykey), mdtree_bykey_cmp);
	mdtree_sorting = NULL;
	return 0;
}

/* The files whose key is key: *first of them in bykey, their count returned. */
static size_t mdtree_exact(const struct mdtree *t, const char *key, size_t *first)
{
	size_t lo = 0, hi = t->n;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (strcmp(t->files[t->bykey[mid]].key, key) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	size_t n = 0;
	while (lo + n < t->n && !strcmp(t->files[t->bykey[lo + n]].key, key))
		n++;
	*first = lo;
	return n;
}

/* Whether a ends with "/" b. */
static int mdtree_ends_with(const char *a, const char *b)
{
	size_t an = strlen(a), bn = strlen(b);
	return an > bn && a[an - bn - 1] == '/' && !strcmp(a + an - bn, b);
}

/*
 * shortcode_resolve_fn: as Hugo looks a reference up, relative to the referring
 * file's folder first, then from the top of the tree; then, as Jekyll's post_url
 * names a post by its file's name alone, the one file whose key ends with the
 * reference, or whose key the reference ends with (a "_posts/..." link into a tree
 * imported from _posts itself).
 */
static int mdtree_resolve(void *ctx, const char *from, const char *ref, struct buf *url)
{
	struct mdtree *t = ctx;
	struct buf key;
	buf_init(&key, PATH_MAX);
	size_t first = 0, found = 0;
	const char *rel = from + t->rootlen + 1, *slash = strrchr(rel, '/');
	if (ref[0] != '/' && slash) {
		struct buf joined;
		buf_init(&joined, PATH_MAX);
		buf_add(&joined, rel, (size_t)(slash - rel + 1));
		buf_adds(&joined, ref);
		if (!buf_failed(&joined) && !mdtree_key(&key, joined.data, joined.len) && key.len)
			found = mdtree_exact(t, buf_str(&key), &first);
		buf_release(&joined);
	}
	if (!found) {
		buf_reset(&key);
		if (!mdtree_key(&key, ref, strlen(ref)) && key.len)
			found = mdtree_exact(t, buf_str(&key), &first);
	}
	if (!found && key.len) {
		for (size_t i = 0; i < t->n && found < 2; i++) {
			const char *k = t->files[t->bykey[i]].key;
			if (mdtree_ends_with(k, buf_str(&key)) || mdtree_ends_with(buf_str(&key), k)) {
				if (!found)
					first = i;
				found++;
			}
		}
	}
	buf_release(&key);
	if (found != 1)
		return found ? SC_REF_MANY : SC_REF_NONE;
	/* The site's own paths: only the default language goes without a prefix. */
	struct config cfg;
	memset(&cfg, 0, sizeof cfg);
	cfg.language = (char *)t->lang;
	url_item(url, &cfg, &t->b->v[t->files[t->bykey[first]].entry].it);
	return buf_failed(url) ? -1 : 0;
}

/*
 * Hugo's summary divider: without a lead (or description, or summary) in the
 * front matter, the text before a "<!--more-->" line is the lead, as Hugo makes
 * it the summary. 0, or -1 out of memory.
 */
static int mdtree_more(struct item *it, struct buf *html, struct buf *text)
{
	static const char mark[] = "<!--more-->";
	const char *m = *it->lead ? NULL : strstr(it->body, mark);
	if (!m)
		return 0;
	buf_reset(html);
	buf_reset(text);
	if (markdown_render(html, it->body, (size_t)(m - it->body), 0) ||
	    sanitize_text(text, html->data ? html->data : "", html->len))
		return buf_failed(html) || buf_failed(text) ? -1 : 0; /* (too large: none) */
	buf_cut_text(text, ITEM_LEAD_CUT);
	return text->len && item_set_s(&it->lead, buf_str(text)) ? -1 : 0;
}

/* What stands for a tag while an HTML body is read (mdtree_html_body): this, its
 * number, and 'z': letters and digits, which the reading keeps as they are. */
#define MDTREE_TAG_MARK "qpressroomtag"

/*
 * An HTML post's body (Hugo's content/x.html, Jekyll's _posts/x.html) made
 * Markdown as a WordPress post's is (sanitize_markdown), its Hugo shortcodes and
 * Liquid tags ({{< x >}}, {{% x %}}, {% x %}, {{ x }}) kept as written, for
 * mdtree_shortcodes: while the HTML is read, each stands there as a word
 * (MDTREE_TAG_MARK). -1 when out of memory.
 */
/* Where a tag's closer is found after q, kept while q is before it (so that a
 * page of unclosed "{{" is read once, not once per "{{"): NULL when none. */
struct mdtree_closer {
	const char *s;   /* "}}", "%}", ">}}" or "%}}" */
	const char *at;  /* its next place, or NULL */
	int done;        /* none after at: never looked for again */
};

static const char *mdtree_closer_after(struct mdtree_closer *c, const char *q)
{
	if (!c->done && (!c->at || c->at < q)) {
		c->at = strstr(q, c->s);
		c->done = !c->at;
	}
	return c->done ? NULL : c->at;
}

/*
 * The end of the tag at q of an HTML post, or NULL when none starts there: Hugo's
 * shortcodes ("{{< x >}}", "{{% x %}}"), or Jekyll's Liquid ("{{ x }}", "{% x %}").
 * A tag ends before a blank line. A block whose text is code or no text (Hugo's
 * highlight; Jekyll's highlight, raw and comment) is one tag to its end tag, so
 * the code in it is not read as HTML. cl: four closers, as mdtree_closer_after.
 */
static const char *mdtree_tag_end(const struct mdtree *t, const char *q, struct mdtree_closer cl[4])
{
	if (q[0] != '{' || (q[1] != '{' && q[1] != '%'))
		return NULL;
	const int hugo = !t->jekyll;
	struct mdtree_closer *c = NULL;
	if (hugo && q[1] == '{' && q[2] == '<')
		c = &cl[2];
	else if (hugo && q[1] == '{' && q[2] == '%')
		c = &cl[3];
	else if (!hugo)
		c = &cl[q[1] == '{' ? 0 : 1];
	const char *end = c ? mdtree_closer_after(c, q + 2) : NULL;
	if (!end || end - q > 4096 || memmem(q, (size_t)(end - q), "\n\n", 2))
		return NULL;
	end += strlen(c->s);
	/* Its name: after "{{<", "{{%" or "{%", spaces and Liquid's '-'. */
	const char *nm = q + (hugo ? 3 : 2);
	while (*nm == ' ' || *nm == '-')
		nm++;
	static const char *const blocks[] = {"highlight", "raw", "comment"};
	for (size_t i = 0; i < (hugo ? 1 : 3); i++) {
		size_t bl = strlen(blocks[i]);
		if (strncmp(nm, blocks[i], bl) || isalnum((unsigned char)nm[bl]) || nm[bl] == '_')
			continue;
		char close[32];
		snprintf(close, sizeof close, hugo ? "/%s" : "end%s", blocks[i]);
		for (const char *e = strstr(end, close); e; e = strstr(e + 1, close)) {
			const char *o = e;
			while (o > end && (o[-1] == ' ' || o[-1] == '-'))
				o--;
			if (o - end >= 2 && o[-2] == '{' && (o[-1] == '%' || (hugo && (o[-1] == '<' || o[-1] == '%') && o - end >= 3 && o[-3] == '{'))) {
				const char *ce = strstr(e, hugo ? (o[-1] == '<' ? ">}}" : "%}}") : "%}");
				return ce ? ce + (hugo ? 3 : 2) : end;
			}
		}
		return end;
	}
	return end;
}

static int mdtree_html_body(struct mdtree *t, struct item *it)
{
	const char *body = it->body;
	const int mark = strstr(body, MDTREE_TAG_MARK) == NULL;
	struct mdtree_closer cl[4] = {{.s = "}}"}, {.s = "%}"}, {.s = ">}}"}, {.s = "%}}"}};
	struct buf html, md, out;
	buf_init(&html, FM_MAX_FILE * 2);
	buf_init(&md, FM_MAX_FILE * 2);
	buf_init(&out, FM_MAX_FILE * 2);
	size_t *tags = NULL, ntags = 0, cap = 0; /* each tag's start and length in body */
	int rc = 0;
	for (const char *q = body; *q && !rc;) {
		const char *end = mark ? mdtree_tag_end(t, q, cl) : NULL;
		if (!end) {
			buf_addc(&html, *q++);
			continue;
		}
		if (ntags + 2 > cap) {
			cap = cap ? cap * 2 : 32;
			size_t *v = realloc(tags, cap * sizeof(*v));
			if (!v) {
				rc = -1;
				break;
			}
			tags = v;
		}
		tags[ntags++] = (size_t)(q - body);
		tags[ntags++] = (size_t)(end - q);
		buf_addf(&html, MDTREE_TAG_MARK "%zuz", ntags / 2 - 1);
		q = end;
	}
	if (!rc)
		rc = buf_failed(&html) ||
		     sanitize_markdown(&md, html.data ? html.data : "", html.len, NULL,
				       SANITIZE_RELATIVE_IMAGES);
	/* Each tag where its word is. */
	const size_t ml = strlen(MDTREE_TAG_MARK);
	for (const char *q = md.data ? buf_str(&md) : "", *w; !rc && *q; q = w) {
		w = strstr(q, MDTREE_TAG_MARK);
		char *e;
		unsigned long k = w ? strtoul(w + ml, &e, 10) : 0;
		if (!w || !isdigit((unsigned char)w[ml]) || *e != 'z' || k >= ntags / 2) {
			buf_adds(&out, q);
			break;
		}
		buf_add(&out, q, (size_t)(w - q));
		buf_add(&out, body + tags[2 * k], tags[2 * k + 1]);
		w = e + 1;
	}
	if (!rc)
		rc = buf_failed(&out) || item_set_s(&it->body, buf_str(&out));
	free(tags);
	buf_release(&html);
	buf_release(&md);
	buf_release(&out);
	return rc ? mdtree_oom(t) : 0;
}

/* Every body's shortcodes and Liquid tags, once every item is read (a reference may
 * name a file read after the one that makes it); then its raw HTML, made Markdown
 * (sanitize_markdown_body), which the pages would show as text. */
static int mdtree_shortcodes(struct mdtree *t)
{
	if (mdtree_keys(t))
		return -1;
	struct shortcode_ctx c = {.resolve = mdtree_resolve, .resolve_ctx = t, .report = &t->b->info};
	struct buf out, text;
	buf_init(&out, FM_MAX_FILE * 2);
	buf_init(&text, FM_MAX_FILE * 2);
	int rc = 0;
	size_t html = 0;
	for (size_t i = 0; i < t->n && !rc; i++) {
		struct item *it = &t->b->v[t->files[i].entry].it;
		c.name = t->files[i].path;
		c.line = t->files[i].line;
		int r = shortcode_rewrite(&c, it->body, &out);
		if (r < 0 || (r > 0 && item_set_s(&it->body, buf_str(&out))))
			rc = mdtree_oom(t);
		if (!rc && mdtree_more(it, &out, &text))
			rc = mdtree_oom(t);
		buf_reset(&out);
		r = rc ? 0 : sanitize_markdown_body(&out, it->body, strlen(it->body));
		if (r < 0 || (r > 0 && item_set_s(&it->body, buf_str(&out))))
			rc = mdtree_oom(t);
		html += r > 0;
	}
	if (!rc)
		shortcode_said(&c, t->root, "Markdown", &t->b->info);
	if (!rc && html)
		buf_addf(&t->b->info,
			 "%s: raw HTML in %zu file%s rewritten as Markdown (what the pages allow: "
			 "scripts, frames, styles and forms dropped)\n",
			 t->root, html, html == 1 ? "" : "s");
	buf_release(&out);
	buf_release(&text);
	if (!rc && buf_failed(&t->b->info))
		rc = mdtree_oom(t);
	return rc;
}

/* Reads path (no symbolic link) into *data, reusing its memory. */
static int mdtree_read(struct mdtree *t, const char *path, char **data, size_t *cap, size_t *len)
{
	int r = import_read_file(path, FM_MAX_FILE, data, cap, len, t->err);
	if (r == IMPORT_READ_NOT_FILE)
		buf_addf(t->err, "%s:1: not a regular file", path);
	else if (r == IMPORT_READ_TOO_LARGE)
		buf_addf(t->err, "%s:1: larger than %zu bytes", path, FM_MAX_FILE);
	return r ? -1 : 0;
}

int import_mdtree(const char *dir, const struct fm_defaults *d, struct import_batch *b,
		  struct buf *err, void (*progress)(void *ctx, size_t done, size_t total),
		  void *ctx)
{
	struct mdtree t = {.b = b, .err = err, .lang = d && d->lang ? d->lang : "en", .d = d};
	t.file_lang = t.lang;
	char *root = strdup(dir);
	if (!root)
		return mdtree_oom(&t);
	size_t rl = strlen(root);
	while (rl > 1 && root[rl - 1] == '/')
		root[--rl] = '\0';
	/* A Hugo site's own folder: its items are in content/ (themes/, archetypes/,
	 * public/ hold Markdown that is not the site's). */
	static const char *const marks[] = {"hugo.toml",   "hugo.yaml",	 "hugo.yml",
					    "hugo.json",   "config.toml", "config.yaml",
					    "config.yml",  "config.json", "config/_default",
					    "archetypes",  "themes",	 "layouts"};
	struct stat st;
	char probe[PATH_MAX];
	int hugo = 0;
	for (size_t i = 0; i < sizeof(marks) / sizeof(marks[0]); i++)
		hugo |= (size_t)snprintf(probe, sizeof(probe), "%s/%s", root, marks[i]) <
				sizeof(probe) &&
			!lstat(probe, &st);
	if (hugo && (size_t)snprintf(probe, sizeof(probe), "%s/content", root) < sizeof(probe) &&
	    !lstat(probe, &st) && S_ISDIR(st.st_mode)) {
		char *content = strdup(probe);
		if (!content) {
			free(root);
			return mdtree_oom(&t);
		}
		buf_addf(&b->info, "%s: a Hugo site: its content folder is imported\n", root);
		if (mdtree_hugo_config(&t, root)) {
			free(content);
			free(root);
			return -1;
		}
		free(root);
		root = content;
		rl = strlen(root);
		t.hugo = 1;
	}
	const char *last = strrchr(root, '/');
	if (!strcmp(last ? last + 1 : root, "content"))
		t.hugo = 1;
	t.root = root;
	t.rootlen = rl;
	t.own = export_own_markdown(root);
	int rc = -1;
	char *data = NULL;
	size_t cap = 0, len = 0;
	t.real = realpath(root, NULL);
	if (!t.real) {
		buf_addf(err, "%s:1: %s", root, strerror(errno));
		goto out;
	}
	/* Jekyll's site folder is its content folder too. */
	for (size_t i = 0; i < 2 && !t.own && !t.jekyll; i++)
		t.jekyll = (size_t)snprintf(probe, sizeof(probe), "%s/%s", root,
					    i ? "_config.yaml" : "_config.yml") < sizeof(probe) &&
			   !lstat(probe, &st) && S_ISREG(st.st_mode);
	if (t.jekyll && mdtree_jekyll_config(&t, probe))
		goto out;
	if (mdtree_walk(&t, root, 0, 0, 0))
		goto out;
	/* No Markdown to read at all: the wrong folder, most likely, which "added 0"
	 * would not tell (an export of ours may hold only the site's settings). */
	if (!t.n && !t.own) {
		buf_addf(err, "%s: no Markdown file (.md, .markdown) to read in it or its folders: "
			      "nothing to import (a Hugo site's are in content/, a Jekyll site's in "
			      "_posts/)", root);
		goto out;
	}
	/* Only now are both media.yaml and the media/ folder read, in whichever order. */
	if (import_media_meta_notes(b)) {
		mdtree_oom(&t);
		goto out;
	}
	if (mdtree_lang_dirs(&t))
		goto out;
	struct buf why, addresses;
	buf_init(&why, 4096);
	buf_init(&addresses, 1 << 20);
	size_t nbad = 0;
	int oom = 0;
	for (size_t i = 0; i < t.n; i++) {
		if (progress)
			progress(ctx, i, t.n);
		if (b->cancel && *b->cancel) {
			buf_lit(err, "interrupted");
			goto out;
		}
		if (mdtree_read(&t, t.files[i].path, &data, &cap, &len))
			goto out;
		struct item *it = import_batch_add(b, t.files[i].path);
		if (!it) {
			mdtree_oom(&t);
			goto out;
		}
		struct mdtree_hint h = {0};
		if (!t.own)
			mdtree_hints(&t, &t.files[i], d && d->timezone ? d->timezone : "UTC", &h);
		struct fm_defaults fd = {0};
		if (d)
			fd = *d;
		fd.lang = h.lang[0] ? h.lang : t.file_lang;
		fd.slug = h.slug[0] ? h.slug : NULL;
		fd.date = h.date;
		fd.date_day = h.day[0] != 0;
		fd.name_date_bad = h.bad_day[0] ? h.bad_day : NULL;
		fd.day_only = &b->v[b->n - 1].dated_by_day;
		_Static_assert(sizeof b->v[0].zones.publish == FM_ZONE_MAX &&
				       sizeof b->v[0].zones.embargo == FM_ZONE_MAX,
			       "the front matter's zones fit the entry's");
		fd.zone = b->v[b->n - 1].zones.publish;
		fd.embargo_zone = b->v[b->n - 1].zones.embargo;
		fd.translation_key = h.tkey[0] ? h.tkey : NULL;
		fd.slug_lenient = 1;
		fd.order = &b->v[b->n - 1].order;
		/* A draft's file time is no date to keep (mdtree_hints). */
		if (t.files[i].draft && !h.day[0])
			fd.date_taken = &b->v[b->n - 1].guessed_date;
		if (!t.own) {
			fd.pages = 1;
			fd.jekyll = t.jekyll;
			fd.jekyll_zone = t.jekyll_zone[0] ? t.jekyll_zone : NULL;
			fd.hugo_zone = t.hugo && t.hugo_zone[0] ? t.hugo_zone : NULL;
			fd.dateless_page = mdtree_page_why(&t, &t.files[i]);
		}
		fd.addresses = &addresses;
		buf_reset(&addresses);
		buf_reset(&why);
		int r = fm_parse(t.files[i].path, data, len, &fd, it, &why);
		if (r) {
			/* A page is skipped, said; a bad file is named with the others. */
			import_batch_drop_last(b);
			if (buf_failed(&why) ||
			    (r == FM_PAGE && import_batch_note(b, t.files[i].path, buf_str(&why)))) {
				oom = 1;
				break;
			}
			if (r != FM_PAGE && nbad++ < MDTREE_MAX_ERRORS) {
				if (nbad > 1)
					buf_addc(err, '\n');
				buf_adds(err, buf_str(&why));
			}
			t.files[i].entry = SIZE_MAX;
			continue;
		}
		if (nbad) /* Only the bad files are looked for now. */
			continue;
		if (!t.own && !mdtree_is_markdown(t.files[i].path) && mdtree_html_body(&t, it)) {
			oom = 1;
			break;
		}
		/* Whether the addresses the old site made of its pages are known here (not
		 * where its config could not be read, nor with --no-site-addresses). */
		b->v[b->n - 1].made_known =
			!(d && d->no_site_addresses) && !t.own &&
			(t.jekyll ? strcmp(t.jekyll_permalink, "-") != 0 : t.hugo && !t.hugo_permalinks);
		if (mdtree_page(&t, &t.files[i], it, b->v[b->n - 1].dated_by_day, &addresses,
				&b->v[b->n - 1].slug_line)) {
			oom = 1;
			break;
		}
		if (addresses.len && !(t.files[i].addresses = strdup(buf_str(&addresses)))) {
			oom = 1;
			break;
		}
		/* Where an earlier version put it: under its title's slug. */
		char old[128];
		if (h.slug[0] && !strcmp(it->slug, h.slug)) {
			item_slugify(it->title, old, sizeof(old));
			if (!item_valid_slug(old) && strcmp(old, it->slug) &&
			    import_entry_old_slug(&b->v[b->n - 1], old)) {
				mdtree_oom(&t);
				goto out;
			}
		}
		/* Two posts of one name on two days are two items, as in Jekyll's URLs. */
		char alt[160];
		if (h.day[0] && h.slug[0] && !strcmp(it->slug, h.slug)) {
			snprintf(alt, sizeof(alt), "%s-%s", h.slug, h.day);
			if (import_batch_alt_slug(b, alt)) {
				mdtree_oom(&t);
				goto out;
			}
		}
		if (!h.day[0] && h.slug[0] && !strcmp(it->slug, h.slug) &&
		    !(t.files[i].named = strdup(h.tkey))) {
			mdtree_oom(&t);
			goto out;
		}
		/* The key is the path's unless the front matter gave its own. */
		if (h.tkey[0] && !strcmp(it->translation_key, h.tkey) &&
		    !(t.files[i].tkey = strdup(h.tkey))) {
			mdtree_oom(&t);
			goto out;
		}
		if (t.files[i].draft)
			it->status = STATUS_DRAFT;
		t.files[i].entry = b->n - 1;
		/* The body is the file's end, as it was written. */
		t.files[i].line = 1;
		for (size_t k = 0, end = len - strlen(it->body); k < end; k++)
			t.files[i].line += data[k] == '\n';
	}
	buf_release(&why);
	oom |= buf_failed(&addresses);
	buf_release(&addresses);
	if (oom) {
		mdtree_oom(&t);
		goto out;
	}
	if (nbad > MDTREE_MAX_ERRORS)
		buf_addf(err, "\nand %zu more files are refused (not named here)",
			 nbad - MDTREE_MAX_ERRORS);
	if (nbad)
		goto out;
	mdtree_drop_pages(&t);
	if (mdtree_runs(&t, offsetof(struct mdtree_file, tkey), mdtree_tkey_cmp, mdtree_tkey_run) ||
	    mdtree_runs(&t, offsetof(struct mdtree_file, named), mdtree_named_cmp, mdtree_named_run))
		goto out;
	if (!t.own && mdtree_shortcodes(&t))
		goto out;
	if (mdtree_aliases(&t))
		goto out;
	if (mdtree_bases(&t))
		goto out;
	for (size_t i = 0; i < t.n; i++)
		if (mdtree_files(&t, &t.files[i], &b->v[t.files[i].entry].it))
			goto out;
	/* Last: the files' entry indexes are used until here. */
	import_batch_sort_ties(b);
	if (progress)
		progress(ctx, t.n, t.n);
	rc = 0;
out:
	for (size_t i = 0; i < t.n; i++) {
		free(t.files[i].path);
		free(t.files[i].key);
		free(t.files[i].tkey);
		free(t.files[i].named);
		free(t.files[i].addresses);
		free(t.files[i].page);
	}
	free(t.files);
	free(t.bykey);
	for (size_t i = 0; i < t.nbases; i++)
		free(t.bases[i]);
	for (size_t i = 0; i < t.nexclude; i++)
		free(t.exclude[i]);
	free(t.real);
	free(data);
	free(root);
	return rc;
}
