/*
 * item: one piece of published or draft content, as the store hands it out.
 *
 * Ownership: every string member is owned by the item (heap, NUL-terminated, never
 * NULL after item_init: empty means "not set"). item_clear() frees them all.
 * Times are seconds since the Unix epoch, UTC.
 */
#ifndef PR_ITEM_H
#define PR_ITEM_H

#include <stddef.h>
#include <stdint.h>

enum item_kind {
	KIND_PRESS_RELEASE,
	KIND_NEWS,
	KIND_STATEMENT,
	KIND_INTERVIEW,
	KIND_MEDIA_REPLY,
	KIND_SPEECH,
	KIND_ARTICLE,
	KIND_COMMENT,
	KIND_COUNT
};

enum item_status { STATUS_DRAFT, STATUS_PUBLISHED };

#define ITEM_MAX_TAGS 32
/* A lead made from other text (a feed's summary, a post's excerpt, what comes
 * before Hugo's <!--more-->) is cut to this many bytes. */
#define ITEM_LEAD_CUT 600

struct item {
	int64_t id;               /* 0 until stored */
	enum item_kind kind;
	enum item_status status;
	int64_t published;        /* publication time, UTC; in the future = scheduled */
	int64_t updated;          /* last change, UTC */
	char *title;
	char *lead;
	char *body;               /* Markdown */
	char *lang;               /* BCP 47 */
	char *slug;
	char *source_url;
	char *source_title;
	char *series;
	int part;                 /* 0 = not part of a series */
	char **tags;              /* ntags tags: room for ITEM_MAX_TAGS, made by the first
	                           * item_add_tag (most list rows have none: a list of
	                           * 10,000 items is 2.6 MB lighter than with the room inline) */
	size_t ntags;
	char *translation_key;    /* items with the same key are translations of each other */
	int64_t embargo_until;    /* 0, or the time before which only preview links show it;
	                           * ITEM_EMBARGO_KEEP from a reader whose input did not say
	                           * (a file without embargo_until): writing it keeps the
	                           * stored item's embargo, or none for a new item */
	int64_t author_id;        /* 0 = written outside the newsroom */
	int64_t revision;         /* bumped by every save; a stale save is refused */
	int64_t deleted_at;       /* 0, or when it went to the trash */
};

#define ITEM_EMBARGO_KEEP ((int64_t)-1)

void item_init(struct item *it);
void item_clear(struct item *it);
/* Replaces *field with a copy of s (n bytes); returns -1 on allocation failure. */
int item_set(char **field, const char *s, size_t n);
/* item_set of text whose line ends may be CR LF (a browser's textarea, a file from
 * Windows) or CR: stored with LF, as Markdown reads all three alike; 0 or -1. */
int item_set_text(char **field, const char *s, size_t n);
int item_set_s(char **field, const char *s);
/* item_set for a string field of a struct item (freed by item_clear), which an
 * empty s points at the item's shared empty string instead of a new byte. */
int item_set_field(char **field, const char *s, size_t n);
int item_add_tag(struct item *it, const char *s, size_t n);

/* The slug of a kind ("press-release") and its display label ("Press release"). */
const char *item_kind_slug(enum item_kind k);
const char *item_kind_label(enum item_kind k);
/* Plural label for the kind's page heading ("Press releases"). */
const char *item_kind_plural(enum item_kind k);
/* Returns the kind for a slug, or -1. */
int item_kind_parse(const char *s, size_t n);

/* Validators: return 0 if valid. */
int item_valid_lang(const char *s);   /* BCP 47: en, ru, en-GB, zh-Hant-TW, sr-Latn */
int item_valid_slug(const char *s);   /* [a-z0-9-], 1..120, no leading/trailing '-' */
/* 1 if a series may be named s: its page is /series/<name>, so no '/' and not "."
 * or ".." (those would be no address of their own, nor a file of a static copy). */
int item_series_name_ok(const char *s);
int item_valid_url(const char *s);    /* absolute http(s) URL with a host, no spaces */
int item_valid_utf8(const char *s);   /* well-formed UTF-8 (item_set's rule for text) */
/* A valid language tag in the case the registry writes it: en-gb -> en-GB,
 * ZH-HANT-TW -> zh-Hant-TW (in place), so that one language has one spelling. */
void item_lang_case(char *s);
/* Makes a slug from a title (ASCII letters/digits, Cyrillic transliterated), of at
 * most 80 bytes: 1 when the title was longer and the slug is cut (at a word). */
int item_slugify(const char *title, char *out, size_t outsz);

/* Whether the item is visible to readers at time now. */
static inline int item_is_public(const struct item *it, int64_t now)
{
	return it->status == STATUS_PUBLISHED && it->published <= now && it->embargo_until <= now &&
	       !it->deleted_at;
}

#endif
