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

#endif
