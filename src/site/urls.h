/*
 * urls: the one place that knows the public site's paths (docs/internals/routes.md).
 * Each function appends a path (starting with '/') to b; url_abs() makes it absolute
 * with the site's base URL. Paths for the default language have no prefix; any
 * other language's paths start with "/<lang>".
 */
#ifndef PR_URLS_H
#define PR_URLS_H

#include "../base/buf.h"
#include "../store/item.h"
#include "config.h"

/* "/items/<slug>" or "/ru/items/<slug>" */
void url_item(struct buf *b, const struct config *c, const struct item *it);
/* "" for the default language, "/ru" otherwise */
void url_lang_prefix(struct buf *b, const struct config *c, const char *lang);
/* Appends c->base_url (no trailing slash): prefix a path with it. */
void url_base(struct buf *b, const struct config *c);

/*
 * Any page of a language: the prefix then path, which starts with '/' and is put
 * in as it is (not escaped). url_path(b, c, "ru", "/archive") -> "/ru/archive";
 * the home of a language is "/" or "/ru/". lang NULL or "" is the default.
 */
void url_path(struct buf *b, const struct config *c, const char *lang, const char *path);
/* "/kind/<kind>" under lang's prefix. */
void url_kind(struct buf *b, const struct config *c, const char *lang, int kind);
/* "/archive/<yyyy>/<mm>" under lang's prefix. */
void url_month(struct buf *b, const struct config *c, const char *lang, int year, int month);
/* "/series/<name>" (escaped) under lang's prefix. */
void url_series(struct buf *b, const struct config *c, const char *lang, const char *series);
/* "/feed.<fmt>" or "/kind/<kind>/feed.<fmt>" (kind -1: the whole site's) under lang's prefix. */
void url_feed(struct buf *b, const struct config *c, const char *lang, int kind, const char *fmt);
/* "/<lang>/items/<slug>": the item shown under another language's prefix, as a page
 * of a language that has no translation of it shows the default language's item. */
void url_item_in(struct buf *b, const struct config *c, const char *lang, const struct item *it);
/* Whether lang is the site's default language (case-insensitive; NULL/"" is). */
int url_is_default_lang(const struct config *c, const char *lang);

#endif
