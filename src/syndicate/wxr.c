/* The WordPress WXR reader (see wxr.h). */
#include "wxr.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "../base/strset.h"
#include "../base/tz.h"
#include "../cli/frontmatter.h"
#include "../import/shortcode.h"
#include "../render/escape.h"
#include "../render/sanitize.h"
#include "../site/urls.h"
#include "parse.h"

#define NS_CONTENT "http://purl.org/rss/1.0/modules/content/"
#define NS_EXCERPT_PREFIX "http://wordpress.org/export/"
/* A post's title longer than this (bytes) is cut, with "…", and said. */
#define WXR_MAX_TITLE 300

static const char wxr_no_title[] = "a post without a title";
static const char wxr_no_date[] = "no date (post_date, pubDate or post_modified): an item needs one";
static const char wxr_no_slug[] =
	"no slug: its post_name is empty and neither its title nor its post_id makes one";

int wxr_sniff(const char *text, size_t n)
{
	size_t k = n < 8192 ? n : 8192;
	return memmem(text, k, "<rss", 4) && memmem(text, k, "wordpress.org/export/", 21);
}

/* Whether n is wp:NAME (any WXR version) or excerpt:NAME / content:NAME. */
static int wxr_is(const xmlNode *n, const char *prefix_ns, const char *name)
{
	if (!n || n->type != XML_ELEMENT_NODE || strcmp((const char *)n->name, name) || !n->ns ||
	    !n->ns->href)
		return 0;
	const char *href = (const char *)n->ns->href;
	if (!strcmp(prefix_ns, "wp"))
		return !strncmp(href, "http://wordpress.org/export/", 28) && !strstr(href, "excerpt");
	if (!strcmp(prefix_ns, "excerpt"))
		return !strncmp(href, "http://wordpress.org/export/", 28) && strstr(href, "excerpt");
	return !strcmp(href, prefix_ns);
}

static int wxr_plain(const xmlNode *n, const char *name)
{
	return n && n->type == XML_ELEMENT_NODE && !strcmp((const char *)n->name, name) &&
	       (!n->ns || !n->ns->href || !*n->ns->href);
}

/* The trimmed text of n, heap; never NULL unless out of memory. lines: when not
 * NULL, the number of line breaks trimmed from its start. */
static char *wxr_text_at(const xmlNode *n, size_t *lines)
{
	char *t = feed_node_text(n);
	const char *s = t ? t : "";
	while (*s == ' ' || *s == '\t' || *s == '\n' || *s == '\r') {
		if (lines && *s == '\n')
			(*lines)++;
		s++;
	}
	size_t len = strlen(s);
	while (len && strchr(" \t\r\n", s[len - 1]))
		len--;
	char *r = strndup(s, len);
	xmlFree(t);
	return r;
}

static char *wxr_text(const xmlNode *n) { return wxr_text_at(n, NULL); }

static int wxr_hex(char c)
{
	return c >= '0' && c <= '9' ? c - '0'
	       : c >= 'a' && c <= 'f' ? c - 'a' + 10
	       : c >= 'A' && c <= 'F' ? c - 'A' + 10
				       : -1;
}

/* A term's name as text: WordPress stores "Trade &amp; Investment". Heap, or NULL. */
static char *wxr_tag_text(const xmlNode *n)
{
	char *raw = wxr_text(n);
	if (!raw)
		return NULL;
	struct buf b;
	buf_init(&b, 4096);
	int bad = sanitize_text(&b, raw, strlen(raw)) || buf_failed(&b);
	free(raw);
	char *t = bad ? NULL : strdup(buf_str(&b));
	buf_release(&b);
	return t;
}

/* "2024-03-01 09:30:00" in zone (NULL = UTC) into *t: 0; -1 if empty, zero
 * (WordPress's "0000-00-00 00:00:00" of a draft) or invalid. */
static int wxr_date(const char *s, const char *zone, int64_t *t)
{
	int y, mo, d, h, mi, sec;
	if (!s || sscanf(s, "%4d-%2d-%2d %2d:%2d:%2d", &y, &mo, &d, &h, &mi, &sec) != 6 || y < 1 ||
	    mo < 1 || mo > 12 || d < 1 || d > tz_days_in_month(y, mo) || h > 23 || mi > 59 || sec > 59)
		return -1;
	return tz_to_utc(zone ? zone : "UTC", y, mo, d, h, mi, sec, t) ? -1 : 0;
}

/* s[0..n) into out (64 bytes) in the case BCP 47 writes it ("EN" -> "en", "pt-br" ->
 * "pt-BR") if it is a language tag: 0; else -1, out as it was. */
static int wxr_lang(const char *s, size_t n, char out[64])
{
	char l[64];
	if (!n || n >= sizeof l)
		return -1;
	memcpy(l, s, n);
	l[n] = '\0';
	if (item_valid_lang(l))
		return -1;
	/* As front matter and the newsroom write it ("pt-br" is "pt-BR"): an export's
	 * files come back as the same items. */
	item_lang_case(l);
	memcpy(out, l, n + 1);
	return 0;
}

/* Cuts s to at most max bytes at a UTF-8 boundary, adding "…" when cut. */
struct wxr_post {
	char *title, *type, *status, *slug, *date_gmt, *date, *content, *excerpt, *link;
	char *pub_date, *modified_gmt, *modified;  /* the dates to fall back on */
	char *lang;          /* Polylang's language category, or NULL */
	char *translations;  /* Polylang's post_translations group: the translation key */
	size_t ncomments;
	char *post_id, *attachment_url;
	char *password;      /* post_password: a post WordPress shows only with it */
	char *old_slug;      /* postmeta _wp_old_slug: its slug before a rename (the last) */
	char *thumbnail_id;  /* postmeta _thumbnail_id: the featured image's attachment */
	char *image_alt;     /* postmeta _wp_attachment_image_alt (an attachment's) */
	char *tags[ITEM_MAX_TAGS];
	size_t ntags;
	int kind;
	long content_line;  /* where content:encoded starts in the file */
	long date_line[4];  /* the lines of post_date_gmt, post_date, post_modified_gmt
			     * and post_modified, for a message about one */
};

static void wxr_post_clear(struct wxr_post *p)
{
	char **f[] = {&p->title,   &p->type,	&p->status,	    &p->slug,
		      &p->date_gmt, &p->date,	&p->content,	    &p->excerpt,
		      &p->link,	    &p->post_id, &p->attachment_url, &p->thumbnail_id,
		      &p->image_alt, &p->pub_date, &p->modified_gmt, &p->modified,
		      &p->lang,	    &p->translations, &p->password, &p->old_slug};
	for (size_t i = 0; i < sizeof f / sizeof f[0]; i++)
		free(*f[i]);
	for (size_t i = 0; i < p->ntags; i++)
		free(p->tags[i]);
	memset(p, 0, sizeof(*p));
}

static void wxr_set(char **f, char *v)
{
	free(*f);
	*f = v;
}

/* The post metadata pressroom uses: a post's featured image, an image's alt text. */
static void wxr_read_meta(const xmlNode *meta, struct wxr_post *p)
{
	char *key = NULL, *val = NULL;
	for (const xmlNode *c = meta->children; c; c = c->next) {
		if (wxr_is(c, "wp", "meta_key"))
			wxr_set(&key, wxr_text(c));
		else if (wxr_is(c, "wp", "meta_value"))
			wxr_set(&val, wxr_text(c));
	}
	if (key && val && !strcmp(key, "_thumbnail_id"))
		wxr_set(&p->thumbnail_id, val), val = NULL;
	else if (key && val && !strcmp(key, "_wp_attachment_image_alt"))
		wxr_set(&p->image_alt, val), val = NULL;
	else if (key && val && !strcmp(key, "_wp_old_slug"))
		wxr_set(&p->old_slug, val), val = NULL;
	free(key);
	free(val);
}

static void wxr_read_post(const xmlNode *it, struct wxr_post *p)
{
	p->kind = -1;
	for (const xmlNode *c = it->children; c; c = c->next) {
		if (c->type != XML_ELEMENT_NODE)
			continue;
		if (wxr_plain(c, "title"))
			wxr_set(&p->title, wxr_text(c));
		else if (wxr_plain(c, "link"))
			wxr_set(&p->link, wxr_text(c));
		else if (wxr_is(c, "wp", "post_type"))
			wxr_set(&p->type, wxr_text(c));
		else if (wxr_is(c, "wp", "status"))
			wxr_set(&p->status, wxr_text(c));
		else if (wxr_is(c, "wp", "post_name"))
			wxr_set(&p->slug, wxr_text(c));
		else if (wxr_is(c, "wp", "post_date_gmt"))
			wxr_set(&p->date_gmt, wxr_text(c)), p->date_line[0] = feed_node_line(c);
		else if (wxr_is(c, "wp", "post_date"))
			wxr_set(&p->date, wxr_text(c)), p->date_line[1] = feed_node_line(c);
		else if (wxr_plain(c, "pubDate"))
			wxr_set(&p->pub_date, wxr_text(c));
		else if (wxr_is(c, "wp", "post_modified_gmt"))
			wxr_set(&p->modified_gmt, wxr_text(c)), p->date_line[2] = feed_node_line(c);
		else if (wxr_is(c, "wp", "post_modified"))
			wxr_set(&p->modified, wxr_text(c)), p->date_line[3] = feed_node_line(c);
		else if (wxr_is(c, "wp", "comment"))
			p->ncomments++;
		else if (wxr_is(c, NS_CONTENT, "encoded")) {
			size_t skipped = 0;
			wxr_set(&p->content, wxr_text_at(c, &skipped));
			p->content_line = feed_node_line(c) + (long)skipped;
		}
		else if (wxr_is(c, "excerpt", "encoded"))
			wxr_set(&p->excerpt, wxr_text(c));
		else if (wxr_is(c, "wp", "post_id"))
			wxr_set(&p->post_id, wxr_text(c));
		else if (wxr_is(c, "wp", "post_password"))
			wxr_set(&p->password, wxr_text(c));
		else if (wxr_is(c, "wp", "attachment_url"))
			wxr_set(&p->attachment_url, wxr_text(c));
		else if (wxr_is(c, "wp", "postmeta"))
			wxr_read_meta(c, p);
		else if (wxr_plain(c, "category")) {
			xmlChar *domain = xmlGetProp(c, (const xmlChar *)"domain");
			xmlChar *nice = xmlGetProp(c, (const xmlChar *)"nicename");
			/* Polylang keeps a post's language and its group of translations
			 * as two taxonomies. */
			if (domain && nice && !strcmp((const char *)domain, "language") && !p->lang)
				p->lang = strdup((const char *)nice);
			else if (domain && nice && !strcmp((const char *)domain, "post_translations") &&
				 !p->translations)
				p->translations = strdup((const char *)nice);
			else if (domain && (!strcmp((const char *)domain, "post_tag") ||
					    !strcmp((const char *)domain, "tag") || /* WXR 1.0 */
					    !strcmp((const char *)domain, "category"))) {
				int cat = !strcmp((const char *)domain, "category");
				int k = nice ? item_kind_parse((const char *)nice, strlen((const char *)nice)) : -1;
				if (k >= 0 && cat && p->kind < 0) {
					p->kind = k;
				} else if (!(cat && nice && !strcmp((const char *)nice, "uncategorized"))) {
					/* WordPress's default category on nearly every post is no
					 * tag; a name keeps its "&amp;" as WordPress stored it. */
					char *t = wxr_tag_text(c);
					int dup = 0;
					for (size_t i = 0; t && i < p->ntags; i++)
						dup |= !strcmp(p->tags[i], t);
					if (t && *t && !dup && p->ntags < ITEM_MAX_TAGS)
						p->tags[p->ntags++] = t;
					else
						free(t);
				}
			}
			xmlFree(domain);
			xmlFree(nice);
		}
	}
}

/* An attachment of the export: what a post's featured image needs. */
struct wxr_attachment {
	char *id, *url, *alt;
	size_t order;   /* its place in the export: of two with one id, the first counts */
};

static int wxr_attachment_cmp(const void *a, const void *b)
{
	const struct wxr_attachment *x = a, *y = b;
	int c = strcmp(x->id, y->id);
	return c ? c : x->order < y->order ? -1 : x->order > y->order;
}

/* The first attachment (in the export's order) whose id is id, or NULL. */
static const struct wxr_attachment *wxr_attachment_find(const struct wxr_attachment *v, size_t n,
							const char *id)
{
	size_t lo = 0, hi = n;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (strcmp(v[mid].id, id) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < n && !strcmp(v[lo].id, id) ? &v[lo] : NULL;
}

/* The export's attachments, for the shortcodes' galleries. */
struct wxr_attachments {
	const struct wxr_attachment *v;
	size_t n;
};

static const char *wxr_gallery_image(void *ctx, const char *id, const char **alt)
{
	const struct wxr_attachments *a = ctx;
	const struct wxr_attachment *x = wxr_attachment_find(a->v, a->n, id);
	if (x)
		*alt = x->alt;
	return x ? x->url : NULL;
}

/* The attachments of chan, for featured images, sorted by id; -1 when out of memory. */
static int wxr_attachments(const xmlNode *chan, struct wxr_attachment **out, size_t *n)
{
	size_t cap = 0;
	*out = NULL;
	*n = 0;
	for (const xmlNode *c = chan->children; c; c = c->next) {
		if (!wxr_plain(c, "item"))
			continue;
		struct wxr_post p = {0};
		wxr_read_post(c, &p);
		if (p.type && !strcmp(p.type, "attachment") && p.post_id && p.attachment_url &&
		    *p.attachment_url) {
			if (*n == cap) {
				cap = cap ? cap * 2 : 64;
				struct wxr_attachment *v = realloc(*out, cap * sizeof(*v));
				if (!v) {
					wxr_post_clear(&p);
					return -1;
				}
				*out = v;
			}
			/* Alt text: the image's own, else its title. */
			const char *alt = p.image_alt && *p.image_alt ? p.image_alt : p.title ? p.title : "";
			struct wxr_attachment *a = &(*out)[*n];
			a->order = (*n)++;
			a->id = p.post_id, p.post_id = NULL;
			a->url = p.attachment_url, p.attachment_url = NULL;
			a->alt = strdup(alt);
			if (!a->alt) {
				wxr_post_clear(&p);
				return -1;
			}
		}
		wxr_post_clear(&p);
	}
	if (*n)
		qsort(*out, *n, sizeof(**out), wxr_attachment_cmp);
	return 0;
}

/* link with its post_name segment (slug: "/2019/05/visit/") made old's, into out
 * as an old address (url_alias_path) and a newline; nothing when link has no such
 * segment or old is none. */
static void wxr_old_slug_alias(struct buf *out, const char *link, const char *slug, const char *old)
{
	size_t sn = slug ? strlen(slug) : 0;
	if (!link || !sn || !old || !*old || strchr(old, '/') || strlen(old) > URL_ALIAS_MAX)
		return;
	const char *at = NULL;
	for (const char *q = strstr(link, slug); q; q = strstr(q + 1, slug))
		if (q > link && q[-1] == '/' && (!q[sn] || strchr("/?#", q[sn])))
			at = q;
	if (!at)
		return;
	struct buf addr;
	buf_init(&addr, 2 * URL_ALIAS_MAX + 16);
	buf_add(&addr, link, (size_t)(at - link));
	buf_adds(&addr, old);
	buf_adds(&addr, at + sn);
	const char *why;
	if (!buf_failed(&addr) && !url_alias_path(buf_str(&addr), addr.len, 0, out, &why))
		buf_addc(out, '\n');
	buf_release(&addr);
}

/* A post's old addresses on the WordPress site, where it was public (published, if
 * only with its password): its link (the permalink, when it is one:
 * url_alias_path), the same with the slug it had before a rename (old_slug:
 * WordPress answers that too), and its shortlink "/?p=ID", which WordPress answers
 * for it too and shows in its page's head: under the blog's folder for a network's
 * blog or a site in a folder ("/ru/?p=ID"). A draft's are none: never public. -1
 * when out of memory. */
static int wxr_alias(struct import_entry *e, const struct wxr_post *p, const char *blog,
		     long long id)
{
	if (e->it.status != STATUS_PUBLISHED)
		return 0;
	const char *link = p->link;
	struct buf path, sl;
	buf_init(&path, 4 * URL_ALIAS_MAX + 16);
	buf_init(&sl, URL_ALIAS_MAX + 16);
	const char *why;
	if (link && !url_alias_path(link, strlen(link), 0, &path, &why)) {
		buf_addc(&path, '\n');
		wxr_old_slug_alias(&path, link, p->slug, p->old_slug);
	}
	if (id > 0) {
		/* Under the blog's folder: url_alias_path takes it from the blog's address
		 * as from any shortlink's; "/?p=ID" where it is no folder of ours. */
		char addr[600];
		size_t blen = strlen(blog);
		while (blen && blog[blen - 1] == '/')
			blen--;
		snprintf(addr, sizeof(addr), "%.*s/?p=%lld", (int)(blen < 500 ? blen : 0), blog, id);
		if (url_alias_path(addr, strlen(addr), 0, &sl, &why))
			buf_addf(&sl, "/?p=%lld", id);
		buf_addc(&sl, '\n');
		if (!strstr(buf_str(&path), buf_str(&sl)))
			buf_add(&path, sl.data, sl.len);
	}
	int rc = buf_failed(&path) || buf_failed(&sl) ||
			 (path.len && !(e->aliases = strdup(buf_str(&path))))
		 ? -1
		 : 0;
	/* WordPress answers a post's old permalinks after a change of its slug. */
	e->aliases_keep = 1;
	buf_release(&path);
	buf_release(&sl);
	return rc;
}

/* e->origin: "wp:" and the blog's address, lower case and without its scheme or a
 * trailing '/', then "?p=" and the post's number. 0, or -1 out of memory. */
static int wxr_origin(struct import_entry *e, const char *blog, long long id)
{
	const char *u = strstr(blog, "://");
	u = u ? u + 3 : blog;
	size_t n = strlen(u);
	while (n && u[n - 1] == '/')
		n--;
	char key[600];
	int k = snprintf(key, sizeof key, "wp:%.*s?p=%lld", (int)(n < 500 ? n : 500), u, id);
	for (int i = 3; i < k && key[i] != '?'; i++)
		if (key[i] >= 'A' && key[i] <= 'Z')
			key[i] = (char)(key[i] + 32);
	free(e->origin);
	e->origin = strdup(key);
	return e->origin ? 0 : -1;
}

/* WordPress's post_name of a title in another script, "%d0%bf%d0%be...": decoded,
 * then made a slug as a title is ("posol-..."), into out; "" if that makes none. */
static void wxr_slug_decode(const char *name, char *out, size_t n)
{
	char text[600];
	size_t k = 0;
	for (const char *s = name; *s && k + 1 < sizeof text; s++) {
		int hi, lo;
		if (*s == '%' && (hi = wxr_hex(s[1])) >= 0 && (lo = wxr_hex(s[2])) >= 0) {
			text[k++] = (char)(hi << 4 | lo);
			s += 2;
		} else {
			text[k++] = *s;
		}
	}
	text[k] = '\0';
	out[0] = '\0';
	if (!memchr(text, '\0', k) && !item_valid_utf8(text))
		item_slugify(text, out, n);
}

/* Says, at where, each embedded player in html (<iframe>, <video>, <audio>,
 * <object>, <embed>) that the sanitizer will drop, with its address when it has one. */
static void wxr_say_players(struct import_batch *b, const char *where, const char *html)
{
	static const char *const tags[] = {"<iframe", "<video", "<audio", "<object", "<embed"};
	for (size_t i = 0; i < sizeof(tags) / sizeof(tags[0]); i++) {
		for (const char *t = html; (t = strcasestr(t, tags[i])); t += strlen(tags[i])) {
			char c = t[strlen(tags[i])];
			if (c != ' ' && c != '>' && c != '\t' && c != '\n' && c != '\r' && c != '/')
				continue;
			const char *end = strchr(t, '>');
			size_t n = end ? (size_t)(end - t) : strlen(t);
			const char *src = NULL;
			for (const char *a = t; (a = strcasestr(a, "src=")) && a < t + n; a += 4)
				if (a[-1] == ' ' || a[-1] == '\t' || a[-1] == '\n') {
					src = a + 4;
					break;
				}
			char addr[FM_SHOW] = "";
			if (src) {
				char q = *src == '"' || *src == '\'' ? *src++ : ' ';
				size_t l = strcspn(src, q == ' ' ? " \t\n>" : (q == '"' ? "\">" : "'>"));
				fm_show(src, l, addr);
			}
			buf_addf(&b->info, "%s: an embedded %s%s%s dropped (pages show no frames or "
					   "players): link to it in the newsroom\n",
				 where, tags[i] + 1, *addr ? " of " : "", addr);
		}
	}
}

/* Fills it from p; returns NULL or the reason the post cannot be an item. sc: for
 * the content's shortcodes (its line is set here). featured: its featured image, or
 * NULL; placed at the top of the body unless the content shows it already (*shown
 * says whether it was). */
static const char *wxr_item(const struct wxr_post *p, const char *lang, const char *zone,
			    struct shortcode_ctx *sc, const struct wxr_attachment *featured,
			    int *shown, size_t *title_was, long *bad_line, struct item *it)
{
	const char *status = p->status ? p->status : "publish";
	it->status = !strcmp(status, "publish") || !strcmp(status, "future") ? STATUS_PUBLISHED
									     : STATUS_DRAFT;
	it->kind = p->kind >= 0 ? (enum item_kind)p->kind : KIND_NEWS;
	/* WordPress writes zeros for a draft never scheduled: its pubDate or its last
	 * change dates it then. Never the time of the import, which would make the
	 * next one an update. */
	int64_t when = 0;
	/* A date WordPress wrote that is none (30 February, 25:00, text): the file is
	 * damaged there, which is said, rather than the post dated by another field
	 * or skipped as undated. */
	static _Thread_local char bad[200];
	const char *const given[] = {p->date_gmt, p->date, p->modified_gmt, p->modified};
	static const char *const field[] = {"post_date_gmt", "post_date", "post_modified_gmt",
					    "post_modified"};
	for (size_t i = 0; i < sizeof(given) / sizeof(given[0]); i++) {
		const char *g = given[i];
		if (g && *g && strncmp(g, "0000-00-00", 10) && wxr_date(g, NULL, &when)) {
			char seen[FM_SHOW];
			snprintf(bad, sizeof bad, "wp:%s '%s' is no date and time (YYYY-MM-DD hh:mm:ss)",
				 field[i], fm_show(g, strlen(g), seen));
			*bad_line = p->date_line[i];
			return bad;
		}
	}
	when = 0;
	int dated = !wxr_date(p->date_gmt, NULL, &when) || !wxr_date(p->date, zone, &when);
	if (!dated && p->pub_date && (when = feed_parse_date(p->pub_date)) > 0)
		dated = 1;
	if (!dated)
		dated = !wxr_date(p->modified_gmt, NULL, &when) || !wxr_date(p->modified, zone, &when);
	if (!dated)
		return wxr_no_date;
	it->published = when;
	/* Its last change as WordPress kept it, for feeds and the sitemap. */
	int64_t changed = when;
	if (wxr_date(p->modified_gmt, NULL, &changed))
		wxr_date(p->modified, zone, &changed);
	it->updated = changed;
	struct buf b;
	buf_init(&b, SANITIZE_MAX_INPUT * 4);
	const char *title = p->title ? p->title : "";
	sanitize_text(&b, title, strlen(title));
	if (!b.len) {
		buf_release(&b);
		return wxr_no_title;
	}
	*title_was = b.len;
	buf_cut_text(&b, WXR_MAX_TITLE);
	int r = item_set_s(&it->title, buf_str(&b));
	buf_reset(&b);
	const char *content = p->content ? p->content : "";
	struct buf html, top;
	buf_init(&html, SANITIZE_MAX_INPUT * 2);
	buf_init(&top, SANITIZE_MAX_INPUT * 2);
	sc->line = p->content_line > 0 ? (size_t)p->content_line : 1;
	int sr = shortcode_rewrite_wp(sc, content, &html);
	if (sr > 0)
		content = buf_str(&html);
	if (featured && !strstr(content, featured->url)) {
		buf_lit(&top, "<p><img src=\"");
		esc_attr_s(&top, featured->url);
		buf_lit(&top, "\" alt=\"");
		esc_attr_s(&top, featured->alt);
		buf_lit(&top, "\"></p>\n");
		buf_adds(&top, content);
		content = buf_str(&top);
		sr = buf_failed(&top) ? -1 : sr;
		*shown = 1;
	}
	if (sr < 0 || sanitize_markdown(&b, content, strlen(content), NULL, SANITIZE_AUTOP)) {
		buf_release(&html);
		buf_release(&top);
		buf_release(&b);
		return sr < 0 ? "out of memory" : "content too large";
	}
	buf_release(&html);
	buf_release(&top);
	r |= item_set_s(&it->body, buf_str(&b));
	buf_reset(&b);
	if (p->excerpt && *p->excerpt) {
		sanitize_text(&b, p->excerpt, strlen(p->excerpt));
		buf_cut_text(&b, ITEM_LEAD_CUT);
		r |= item_set_s(&it->lead, buf_str(&b));
	}
	buf_release(&b);
	/* Polylang's language, when it is one: else the export's. */
	char plang[64];
	int own = p->lang && !wxr_lang(p->lang, strlen(p->lang), plang);
	r |= item_set_s(&it->lang, own ? plang : lang);
	if (p->translations && *p->translations && strlen(p->translations) <= 200)
		r |= item_set_s(&it->translation_key, p->translations);
	char slug[160] = "";
	char *end = NULL;
	long long id = p->post_id ? strtoll(p->post_id, &end, 10) : 0;
	if (p->slug && !item_valid_slug(p->slug))
		snprintf(slug, sizeof slug, "%s", p->slug);
	else if (p->slug && strchr(p->slug, '%'))
		wxr_slug_decode(p->slug, slug, sizeof slug);
	if (!slug[0] || item_valid_slug(slug))
		item_slugify(it->title, slug, sizeof slug);
	if ((!slug[0] || item_valid_slug(slug)) && id > 0 && end && !*end)
		snprintf(slug, sizeof slug, "post-%lld", id);
	if (!slug[0] || item_valid_slug(slug))
		return wxr_no_slug;
	r |= item_set_s(&it->slug, slug);
	for (size_t i = 0; i < p->ntags; i++)
		r |= item_add_tag(it, p->tags[i], strlen(p->tags[i]));
	return r ? "out of memory" : NULL;
}

/*
 * Entries from..b->n of this file: where two have one slug, the published one (else
 * the first) keeps it and the other gives way: "post-<id>" (its WordPress id, kept
 * in ids), else "-2", "-3", ...; said in b->info. 0, or -1 out of memory.
 */
static int wxr_unique(struct import_batch *b, size_t from, const long long *ids)
{
	struct strset used = {0};
	char key[200], slug[160];
	int rc = 0;
	for (int pass = 0; pass < 2 && !rc; pass++) {
		for (size_t k = from; k < b->n && !rc; k++) {
			struct item *it = &b->v[k].it;
			if ((it->status == STATUS_PUBLISHED) != (pass == 0))
				continue;
			snprintf(key, sizeof key, "%s/%s", it->lang, it->slug);
			int added = strset_add(&used, key);
			for (int i = 1; added == 0 && i < 100; i++) {
				if (i == 1 && ids[k - from] > 0)
					snprintf(slug, sizeof slug, "post-%lld", ids[k - from]);
				else
					snprintf(slug, sizeof slug, "%.110s-%d", it->slug, i);
				snprintf(key, sizeof key, "%s/%s", it->lang, slug);
				if (item_valid_slug(slug) || (added = strset_add(&used, key)) <= 0)
					continue;
				buf_addf(&b->info, "%s: its slug '%s' is another post's in this file: "
						   "imported as '%s'\n", b->v[k].name, it->slug, slug);
				added = item_set_s(&it->slug, slug) ? -1 : 1;
			}
			rc = added < 0;
		}
	}
	strset_free(&used);
	return rc ? -1 : 0;
}

/*
 * The last entry's other slugs, once wxr_item made it: one an item of the site has
 * already is that item's only when it is the same post (the same day, or the same
 * title: import.h, alt_keeps_title), else the entry takes "<slug>-<date>"; and the
 * title's slug, which versions before this one gave a post whose post_name is in
 * another script, and its slug before a rename in WordPress, are where it may be
 * stored from before. 0, or -1 out of memory.
 */
static int wxr_slugs(struct import_batch *b, const struct wxr_post *p, const char *zone)
{
	struct import_entry *e = &b->v[b->n - 1];
	struct item *it = &e->it;
	char slug[160];
	struct civil c;
	char alt[160];
	if (!tz_civil(zone ? zone : "UTC", it->published, &c)) {
		snprintf(alt, sizeof alt, "%.108s-%04d-%02d-%02d", it->slug, c.year, c.month, c.day);
		if (!item_valid_slug(alt) && import_batch_alt_slug(b, alt))
			return -1;
		e->alt_keeps_title = 1;
	}
	if (p->slug && strchr(p->slug, '%')) {
		item_slugify(it->title, slug, sizeof slug);
		if (!item_valid_slug(slug) && strcmp(slug, it->slug) && import_entry_old_slug(e, slug))
			return -1;
	}
	/* Renamed in WordPress since an import: the item under the old slug is this one. */
	if (p->old_slug && !item_valid_slug(p->old_slug) && strcmp(p->old_slug, it->slug) &&
	    import_entry_old_slug(e, p->old_slug))
		return -1;
	return 0;
}

int import_wxr(const char *name, const char *text, size_t n, const struct fm_defaults *d,
	       struct import_batch *b, struct buf *err)
{
	const char *zone = d && d->timezone ? d->timezone : "UTC";
	const char *deflang = d && d->lang ? d->lang : "en";
	char xerr[400];
	int line = 0;
	if (n > WXR_MAX_FILE) {
		buf_addf(err, "%s:1: larger than %zu bytes", name, WXR_MAX_FILE);
		return -1;
	}
	if (xmllib_load(XML_NEEDS, xerr, sizeof xerr)) {
		buf_addf(err, "%s: %s", name, xerr);
		return -1;
	}
	xmlDocPtr doc = feed_xml_read(text, n, NULL, xerr, sizeof xerr, &line);
	if (!doc) {
		buf_addf(err, "%s:%s", name, xerr);
		return -1;
	}
	int rc = 0;
	const xmlNode *root = xmlDocGetRootElement(doc);
	const xmlNode *chan = NULL;
	if (wxr_plain(root, "rss"))
		for (const xmlNode *c = root->children; c; c = c->next)
			if (wxr_plain(c, "channel"))
				chan = c;
	if (!chan) {
		buf_addf(err, "%s:%ld: not a WordPress export (no <rss><channel>)", name,
			 feed_node_line(root));
		xmlFreeDoc(doc);
		return -1;
	}
	char lang[64];
	snprintf(lang, sizeof lang, "%s", deflang);
	int wp = 0;
	char blog[512] = "";
	struct strset numbers = {0}; /* the post numbers of the file's entries */
	for (const xmlNode *c = chan->children; c; c = c->next) {
		if (wxr_plain(c, "language")) {
			/* WordPress always writes a region ("en-US"); the site's languages are
			 * primary tags ("en"), so only that part is kept. */
			char *l = wxr_text(c);
			if (l)
				wxr_lang(l, strcspn(l, "-_"), lang);
			free(l);
		}
		if (wxr_is(c, "wp", "wxr_version"))
			wp = 1;
		/* The site's address: its files' links are on that host. */
		if (wxr_is(c, "wp", "base_site_url") || wxr_is(c, "wp", "base_blog_url") ||
		    (wxr_plain(c, "link") && !b->origin[0])) {
			char *u = wxr_text(c);
			import_batch_origin(b, u);
			/* The blog's own (a network's site at /ru has its own post numbers). */
			if (u && (wxr_is(c, "wp", "base_blog_url") || !blog[0]))
				snprintf(blog, sizeof blog, "%s", u);
			free(u);
		}
	}
	if (!wp) {
		buf_addf(err, "%s:%ld: not a WordPress export (no wp:wxr_version)", name,
			 feed_node_line(chan));
		xmlFreeDoc(doc);
		return -1;
	}
	struct shortcode_ctx sc = {.name = name, .report = &b->info};
	struct wxr_attachment *att = NULL;
	size_t natt = 0, nfeatured = 0, ncomments = 0, nlocked = 0, nprivate = 0, npending = 0;
	const size_t first = b->n; /* this file's entries: first.. */
	long long *ids = NULL;     /* their post ids (0: none) */
	size_t nids_cap = 0;
	if (wxr_attachments(chan, &att, &natt)) {
		buf_addf(err, "%s: out of memory", name);
		rc = -1;
	}
	struct wxr_attachments all = {att, natt};
	sc.attachment = wxr_gallery_image;
	sc.attachment_ctx = &all;
	for (const xmlNode *c = chan->children; c && !rc; c = c->next) {
		if (!wxr_plain(c, "item"))
			continue;
		long ln = feed_node_line(c);
		char where[1100];
		snprintf(where, sizeof where, "%s:%ld", name, ln);
		struct wxr_post p = {0};
		wxr_read_post(c, &p);
		const char *type = p.type ? p.type : "post";
		char other[200];
		if (strcmp(type, "post") != 0) {
			snprintf(other, sizeof other, "not a post but a%s '%.120s' (only posts are imported)",
				 strchr("aeiou", *type) && *type ? "n" : "", type);
			const char *why =
				!strcmp(type, "page") ? "a page (pages are not imported)"
				: !strcmp(type, "attachment")
					? "an attachment (not an item; with --fetch-media its file "
					  "comes along when a post shows it)"
				: !strcmp(type, "revision") ? "a revision (its post is imported as it is now)"
				: !strcmp(type, "nav_menu_item") ? "a menu entry"
							       : other;
			if (import_batch_note(b, where, why))
				rc = -1;
		} else if (p.status && !strcmp(p.status, "trash")) {
			if (import_batch_note(b, where, "in the trash (if an earlier import brought it, "
							"that item stays as it is here: unpublish it in "
							"the newsroom)"))
				rc = -1;
		} else if (p.status && !strcmp(p.status, "auto-draft")) {
			if (import_batch_note(b, where, "an auto-draft (WordPress's empty placeholder)"))
				rc = -1;
		} else {
			struct item *it = import_batch_add(b, where);
			const struct wxr_attachment *feat =
				p.thumbnail_id ? wxr_attachment_find(att, natt, p.thumbnail_id) : NULL;
			int shown = 0;
			size_t title_was = 0;
			long bad_line = 0;
			const char *why = it ? wxr_item(&p, lang, zone, &sc, feat, &shown, &title_was,
							&bad_line, it)
					     : "out of memory";
			/* A damaged field is named on its own line, not its post's. */
			if (why && bad_line > 0)
				snprintf(where, sizeof where, "%s:%ld", name, bad_line);
			/* Said, since the old title is then nowhere on the site. */
			if (!why && title_was > WXR_MAX_TITLE)
				buf_addf(&b->info, "%s: its title of %zu bytes is cut to %d and ends in "
						   "\"\xE2\x80\xA6\" here; shorten it in the newsroom\n",
					 where, title_was, WXR_MAX_TITLE);
			/* A player WordPress embedded (a video's frame): the sanitizer drops
			 * it, as every frame, so the post would read "Watch:" and nothing. */
			if (!why && p.content)
				wxr_say_players(b, where, p.content);
			/* Not public in WordPress: a draft here, which only the newsroom sees. */
			if (!why && p.status && !strcmp(p.status, "private"))
				nprivate++;
			if (!why && p.status && !strcmp(p.status, "pending"))
				npending++;
			nfeatured += shown && !why;
			ncomments += why ? 0 : p.ncomments;
			if (!why && wxr_slugs(b, &p, zone))
				why = "out of memory";
			char *end = NULL;
			long long id = p.post_id ? strtoll(p.post_id, &end, 10) : 0;
			if (!why && b->n - first > nids_cap) {
				size_t cap = nids_cap ? nids_cap * 2 : 64;
				long long *v = realloc(ids, cap * sizeof(*v));
				if (v)
					ids = v, nids_cap = cap;
				else
					why = "out of memory";
			}
			if (!why)
				ids[b->n - 1 - first] = id > 0 && end && !*end ? id : 0;
			/* Its addresses on the WordPress site lead to it here (once public). */
			if (!why && wxr_alias(&b->v[b->n - 1], &p, blog, ids[b->n - 1 - first]))
				why = "out of memory";
			/* WordPress shows it only with its password (an embargoed release,
			 * often): not public here until someone publishes it. */
			if (!why && p.password && *p.password) {
				it->status = STATUS_DRAFT;
				nlocked++;
			}
			/* The post is the same item on every import of its blog, whatever its
			 * slug (a draft's, made of its title, and the one it is published under). */
			if (!why && ids[b->n - 1 - first] > 0 && blog[0]) {
				/* (A number two posts of the file have is the first one's.) */
				char num[32];
				snprintf(num, sizeof num, "%lld", ids[b->n - 1 - first]);
				int fresh = strset_add(&numbers, num);
				if (fresh < 0 || (fresh > 0 && wxr_origin(&b->v[b->n - 1], blog,
									  ids[b->n - 1 - first])))
					why = "out of memory";
			}
			if (why == wxr_no_title || why == wxr_no_date || why == wxr_no_slug) {
				import_batch_drop_last(b);
				if (import_batch_note(b, where, why))
					rc = -1;
			} else if (why) {
				buf_addf(err, "%s: %s", where, why);
				rc = -1;
			}
		}
		wxr_post_clear(&p);
		if (rc && !err->len)
			buf_addf(err, "%s: out of memory", where);
	}
	strset_free(&numbers);
	xmlFreeDoc(doc);
	for (size_t k = 0; k < natt; k++) {
		free(att[k].id);
		free(att[k].url);
		free(att[k].alt);
	}
	free(att);
	if (!rc && nfeatured)
		buf_addf(&b->info, "%s: %zu featured image%s put at the top of %s post%s\n", name,
			 nfeatured, nfeatured == 1 ? "" : "s", nfeatured == 1 ? "its" : "their",
			 nfeatured == 1 ? "" : "s");
	if (!rc && wxr_unique(b, first, ids)) {
		buf_addf(err, "%s: out of memory", name);
		rc = -1;
	}
	free(ids);
	if (!rc && nlocked)
		buf_addf(&b->info, "%s: %zu password-protected post%s imported as draft%s (a password "
				   "is not carried over: publish %s in the newsroom when %s may be "
				   "read; %s old addresses lead there from then on)\n",
			 name, nlocked, nlocked == 1 ? "" : "s", nlocked == 1 ? "" : "s",
			 nlocked == 1 ? "it" : "them", nlocked == 1 ? "it" : "they",
			 nlocked == 1 ? "its" : "their");
	if (!rc && nprivate)
		buf_addf(&b->info, "%s: %zu private post%s imported as draft%s (only the newsroom "
				   "sees drafts)\n",
			 name, nprivate, nprivate == 1 ? "" : "s", nprivate == 1 ? "" : "s");
	if (!rc && npending)
		buf_addf(&b->info, "%s: %zu post%s pending review imported as draft%s\n", name,
			 npending, npending == 1 ? "" : "s", npending == 1 ? "" : "s");
	if (!rc && ncomments)
		buf_addf(&b->info, "%s: %zu comment%s on the posts imported not taken (pressroom has "
				   "no comments)\n",
			 name, ncomments, ncomments == 1 ? "" : "s");
	if (!rc)
		shortcode_said(&sc, name, "HTML", &b->info);
	if (!rc && buf_failed(&b->info)) {
		buf_addf(err, "%s: out of memory", name);
		rc = -1;
	}
	return rc;
}
