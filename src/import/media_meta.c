/*
 * media.yaml: the names the media library's files were uploaded as and when, as
 * export --markdown writes them beside its media/ folder (whose files are named by
 * their content), read into an import batch (import.h: import_media_meta_read) and
 * used when the files are written (import_media_write).
 *
 * The file is one flat list of mappings of text, so it is read event by event: an
 * alias or an anchor is refused where it stands, and nothing is built but the list.
 */
#include <stdlib.h>
#include <string.h>
#include <yaml.h>

#include "../cli/frontmatter.h"
#include "../newsroom/media.h"
#include "../store/store_newsroom.h"
#include "import.h"

/* A media.yaml larger than this is not one: room for 230,000 entries of the longest
 * kind an export writes (about 1.1 kB: a 255-byte name, escaped), two million of
 * the usual kind. */
#define META_MAX_FILE ((size_t)256 << 20)
#define META_ORIGINAL_MAX (sizeof(((struct nr_media *)0)->original_name) - 1)
/* Longer than any date the front matter reads. */
/* How much of a value from the file a message shows. */
#define META_SHOW 200

struct meta_reader {
	const char *path;
	const char *text;
	size_t len;
	const struct fm_defaults *d;
	yaml_parser_t p;
	yaml_event_t ev;        /* the last event read, while have_ev */
	int have_ev;
	struct buf *err;
};

static size_t meta_line(const struct meta_reader *r) { return r->ev.start_mark.line + 1; }

/* "path:LINE: " and fmt with arg, a value from the file shown on one line and cut
 * short. Returns -1. */
static int meta_fail(struct meta_reader *r, size_t line, const char *fmt, const char *arg)
{
	char shown[META_SHOW + 1];
	size_t n = 0;
	for (; arg[n] && n < META_SHOW; n++)
		shown[n] = (unsigned char)arg[n] < 0x20 || arg[n] == 0x7f ? ' ' : arg[n];
	/* Not in the middle of a UTF-8 sequence. */
	if (arg[n])
		while (n && ((unsigned char)arg[n] & 0xc0) == 0x80)
			n--;
	shown[n] = '\0';
	buf_addf(r->err, "%s:%zu: ", r->path, line);
	buf_addf(r->err, fmt, shown);
	return -1;
}

/* The next event into r->ev, the one before let go. -1, said, for bad YAML, and for
 * an alias or an anchor: a small file could stand for a huge one, and export
 * --markdown never writes one. */
static int meta_next(struct meta_reader *r)
{
	if (r->have_ev)
		yaml_event_delete(&r->ev);
	r->have_ev = 0;
	if (!yaml_parser_parse(&r->p, &r->ev)) {
		buf_addf(r->err, "%s:%zu: not valid YAML: %s", r->path,
			 import_yaml_error_line(&r->p, r->text, r->len),
			 r->p.problem ? r->p.problem : "unreadable");
		return -1;
	}
	r->have_ev = 1;
	const yaml_event_t *e = &r->ev;
	const yaml_char_t *anchor = e->type == YAML_SCALAR_EVENT ? e->data.scalar.anchor
				    : e->type == YAML_SEQUENCE_START_EVENT
					    ? e->data.sequence_start.anchor
				    : e->type == YAML_MAPPING_START_EVENT ? e->data.mapping_start.anchor
									   : NULL;
	if (e->type == YAML_ALIAS_EVENT || anchor)
		return meta_fail(r, meta_line(r), "%s", "aliases and anchors are not read here");
	return 0;
}

/* The current event's text, what (a field) said in messages: NULL, said, when it is
 * not text or holds a NUL byte. */
static const char *meta_text(struct meta_reader *r, const char *what, size_t *n)
{
	if (r->ev.type != YAML_SCALAR_EVENT) {
		meta_fail(r, meta_line(r), "%s must be text", what);
		return NULL;
	}
	const char *v = (const char *)r->ev.data.scalar.value;
	const char *tag = (const char *)r->ev.data.scalar.tag;
	*n = r->ev.data.scalar.length;
	if (tag && strcmp(tag, YAML_STR_TAG)) {
		char fmt[64];
		snprintf(fmt, sizeof fmt, "%s: a YAML tag (%%s) where text belongs", what);
		meta_fail(r, meta_line(r), fmt, tag);
		return NULL;
	}
	/* Unquoted, these are YAML's null, not the text: "" is the empty name. */
	if (!tag && r->ev.data.scalar.style == YAML_PLAIN_SCALAR_STYLE &&
	    (!*n || !strcmp(v, "~") || !strcmp(v, "null") || !strcmp(v, "Null") ||
	     !strcmp(v, "NULL"))) {
		meta_fail(r, meta_line(r), "%s: no value (null); \"\" is an empty one", what);
		return NULL;
	}
	if (memchr(v, '\0', *n)) {
		meta_fail(r, meta_line(r), "%s: a NUL byte in the value", what);
		return NULL;
	}
	return v;
}

/* uploaded's value s[0..n) into *out, read as an item's date is (one without an
 * offset is in the site's zone). -1, said, when it is no date. */
static int meta_date(struct meta_reader *r, size_t line, const char *s, size_t n, int64_t *out)
{
	struct buf why;
	buf_init(&why, 4096);
	int rc = fm_read_date("uploaded", s, n, r->d ? r->d->timezone : NULL, out, &why);
	if (rc)
		buf_addf(r->err, "%s:%zu: %s", r->path, line,
			 buf_failed(&why) ? "out of memory" : buf_str(&why));
	buf_release(&why);
	return rc;
}

enum { META_NAME = 1, META_ORIGINAL = 2, META_UPLOADED = 4 };

/* One media file's mapping, whose start is the current event, into a new entry of
 * b->meta. */
static int meta_entry(struct meta_reader *r, struct import_batch *b)
{
	if (r->ev.type != YAML_MAPPING_START_EVENT)
		return meta_fail(r, meta_line(r), "%s",
				 "a media file must be a mapping of name, original_name and uploaded");
	if (b->nmeta >= IMPORT_MAX_ITEMS) {
		buf_addf(r->err, "%s:%zu: more than %d media files", r->path, meta_line(r),
			 IMPORT_MAX_ITEMS);
		return -1;
	}
	if (b->nmeta == b->capmeta) {
		size_t cap = b->capmeta ? b->capmeta * 2 : 64;
		struct import_media_meta *v = realloc(b->meta, cap * sizeof(*v));
		if (!v)
			return meta_fail(r, meta_line(r), "%s", "out of memory");
		b->meta = v;
		b->capmeta = cap;
	}
	struct import_media_meta *m = &b->meta[b->nmeta++];
	memset(m, 0, sizeof(*m));
	m->line = meta_line(r);
	int given = 0;
	for (;;) {
		size_t n;
		if (meta_next(r))
			return -1;
		if (r->ev.type == YAML_MAPPING_END_EVENT)
			break;
		const char *key = meta_text(r, "a field's name", &n);
		if (!key)
			return -1;
		int which = !strcmp(key, "name")	    ? META_NAME
			    : !strcmp(key, "original_name") ? META_ORIGINAL
			    : !strcmp(key, "uploaded")	    ? META_UPLOADED
							    : 0;
		if (!which)
			return meta_fail(r, meta_line(r), "unknown field '%s'", key);
		if (given & which)
			return meta_fail(r, meta_line(r), "%s: given twice", key);
		given |= which;
		/* key goes with its event: the field's name from here on is ours. */
		key = which == META_NAME ? "name" : which == META_ORIGINAL ? "original_name" : "uploaded";
		if (meta_next(r))
			return -1;
		size_t line = meta_line(r);
		const char *v = meta_text(r, key, &n);
		if (!v)
			return -1;
		if (which == META_NAME) {
			if (n >= sizeof(m->name) || !nr_media_name_ok(v))
				return meta_fail(r, line,
						 "name: '%s' is not a media library name (16 hex digits "
						 "and .jpg, .png, .webp or .pdf)",
						 v);
			memcpy(m->name, v, n + 1);
		} else if (which == META_ORIGINAL) {
			if (n > META_ORIGINAL_MAX)
				return meta_fail(r, line, "%s", "original_name: longer than 255 bytes");
			if (!(m->original_name = strdup(v)))
				return meta_fail(r, line, "%s", "out of memory");
		} else {
			if (meta_date(r, line, v, n, &m->created))
				return -1;
			m->dated = 1;
		}
	}
	if (!(given & META_NAME))
		return meta_fail(r, m->line, "%s", "a media file needs its name");
	return 0;
}

/* The whole stream: none or one document, a list of media files (or nothing). */
static int meta_doc(struct meta_reader *r, struct import_batch *b)
{
	/* The stream's start, then a document's, or its end (only comments). */
	if (meta_next(r) || meta_next(r))
		return -1;
	if (r->ev.type == YAML_STREAM_END_EVENT)
		return 0;
	if (meta_next(r))
		return -1;
	if (r->ev.type == YAML_SEQUENCE_START_EVENT) {
		for (;;) {
			if (meta_next(r))
				return -1;
			if (r->ev.type == YAML_SEQUENCE_END_EVENT)
				break;
			if (meta_entry(r, b))
				return -1;
		}
	} else if (r->ev.type != YAML_SCALAR_EVENT || r->ev.data.scalar.length) {
		return meta_fail(r, meta_line(r), "%s", "the media files must be a list");
	}
	/* The document's end, then the stream's: a second document would be a second
	 * list, which the export never writes. */
	if (meta_next(r) || meta_next(r))
		return -1;
	if (r->ev.type != YAML_STREAM_END_EVENT)
		return meta_fail(r, meta_line(r), "%s",
				 "a second YAML document: the media files are one list");
	return 0;
}

static int meta_cmp(const void *a, const void *b)
{
	return strcmp(((const struct import_media_meta *)a)->name,
		      ((const struct import_media_meta *)b)->name);
}

int import_media_meta_read(const char *path, const struct fm_defaults *d, struct import_batch *b,
			   struct buf *err)
{
	char *text;
	size_t len;
	if (import_read_whole(path, META_MAX_FILE, "larger than 256 MiB: not a list of media files",
			      &text, &len, err))
		return -1;
	struct meta_reader mr = {.path = path, .text = text, .len = len, .d = d, .err = err};
	size_t first = b->nmeta;
	int rc = -1;
	const char *nul = memchr(text, '\0', len);
	if (nul) {
		size_t line = 1;
		for (const char *p = text; p < nul; p++)
			line += *p == '\n';
		buf_addf(err, "%s:%zu: a NUL byte", path, line);
	} else if (!yaml_parser_initialize(&mr.p)) {
		buf_addf(err, "%s:1: out of memory", path);
	} else {
		size_t bom = import_yaml_input(&mr.p, text, len);
		mr.text += bom;
		mr.len -= bom;
		rc = meta_doc(&mr, b);
		if (mr.have_ev)
			yaml_event_delete(&mr.ev);
		yaml_parser_delete(&mr.p);
	}
	/* Sorted by name: a name listed twice is a mistake, and said; and each file
	 * finds its entry without a walk of the list. */
	size_t n = b->nmeta - first;
	if (!rc && n)
		qsort(b->meta + first, n, sizeof(*b->meta), meta_cmp);
	for (size_t i = first + 1; !rc && i < b->nmeta; i++) {
		const struct import_media_meta *x = &b->meta[i - 1], *y = &b->meta[i];
		if (strcmp(x->name, y->name))
			continue;
		buf_addf(err, "%s:%zu: media file '%s' listed twice (also line %zu)", path,
			 x->line > y->line ? x->line : y->line, y->name,
			 x->line > y->line ? y->line : x->line);
		rc = -1;
	}
	if (!rc && !b->meta_path && !(b->meta_path = strdup(path))) {
		buf_addf(err, "%s:1: out of memory", path);
		rc = -1;
	}
	free(text);
	return rc;
}

static int meta_find_cmp(const void *key, const void *elem)
{
	return strcmp(key, ((const struct import_media_meta *)elem)->name);
}

static struct import_media_meta *meta_find(const struct import_batch *b, const char *name)
{
	if (!b->nmeta)
		return NULL;
	return bsearch(name, b->meta, b->nmeta, sizeof(*b->meta), meta_find_cmp);
}

const struct import_media_meta *import_media_meta_find(const struct import_batch *b,
							const char *name)
{
	return meta_find(b, name);
}

int import_media_meta_notes(struct import_batch *b)
{
	for (size_t i = 0; i < b->nmedia; i++) {
		struct import_media_meta *m = b->media[i].named ? meta_find(b, b->media[i].name) : NULL;
		if (m)
			m->found = 1;
	}
	struct buf where, why;
	buf_init(&where, 0);
	buf_init(&why, 0);
	int rc = 0;
	for (size_t i = 0; i < b->nmeta && !rc; i++) {
		if (b->meta[i].found)
			continue;
		buf_reset(&where);
		buf_reset(&why);
		buf_addf(&where, "%s:%zu", b->meta_path ? b->meta_path : "media.yaml", b->meta[i].line);
		buf_addf(&why, "lists media/%s, which is not among the folder's media files",
			 b->meta[i].name);
		rc = buf_failed(&where) || buf_failed(&why) ||
		     import_batch_note(b, buf_str(&where), buf_str(&why));
	}
	buf_release(&where);
	buf_release(&why);
	return rc ? -1 : 0;
}
