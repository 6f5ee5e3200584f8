/*
 * form: the editor's fields of an item, as typed, and their checks.
 *
 * A struct nr_form holds each field's text exactly as the user sent it (so a form
 * that fails comes back intact) and a message per field. nr_form_check() turns the
 * text into item fields or names the problem next to its field; it touches no
 * store (the caller resolves "translation of" and slug clashes).
 * Ownership: the strings are borrowed (from the request, or from the arena given
 * to nr_form_from_item) and must outlive the form.
 */
#ifndef PR_FORM_H
#define PR_FORM_H

#include <stdint.h>

#include "../base/arena.h"
#include "../http/request.h"
#include "../store/item.h"

enum nr_field {
	NF_KIND, NF_TITLE, NF_LEAD, NF_BODY, NF_DATE, NF_TIME, NF_ZONE, NF_LANG, NF_SLUG,
	NF_SOURCE_URL, NF_SOURCE_TITLE, NF_SERIES, NF_PART, NF_TAGS, NF_TRANSLATION,
	NF_EMB_DATE, NF_EMB_TIME, NF_EMB_ZONE, NF_COUNT
};

/* The form field names: "kind", "title", ..., "embargo_zone". */
extern const char *const nr_field_names[NF_COUNT];

#define NR_MAX_TITLE 500
#define NR_MAX_LEAD 2000
#define NR_MAX_BODY ((size_t)512 << 10)
#define NR_MAX_SOURCE_TITLE 500
#define NR_MAX_SERIES 200
#define NR_MAX_TAG 100

struct nr_form {
	const char *v[NF_COUNT];    /* never NULL once filled */
	char err[NF_COUNT][200];    /* "" when the field is fine */
	int nerr;
	int slug_auto;              /* the slug was left empty and made from the title */
	int64_t translation_of;     /* id of the item this translates, 0 for none */
};

/* Fills f from the request's form fields; absent ones are "". */
void nr_form_read(struct nr_form *f, const struct http_request *req);
/* Fills f from a stored item, with its publication time shown in zone and its
 * embargo in embargo_zone (strings from a). */
void nr_form_from_item(struct nr_form *f, const struct item *it, const char *zone,
		       const char *embargo_zone, struct arena *a);
/*
 * Checks every field. Fills kind, title, lead, body, lang, slug, source_url,
 * source_title, series, part, tags, published and embargo_until of it (other
 * members are left alone). An empty date means now; an empty slug is made from the
 * title; an empty language is default_lang. Returns the number of fields in error,
 * each with its message in f->err.
 */
int nr_form_check(struct nr_form *f, const char *default_lang, int64_t now, struct item *it);

/* "2026-09-22" and "09:00" / "09:00:30" -> UTC in zone. 0, or -1 with a message in err. */
int nr_parse_when(const char *date, const char *time, const char *zone, int64_t *out,
		  char *err, size_t errsz);

#endif
