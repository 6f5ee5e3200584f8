/*
 * nr: what the newsroom's page files share (internal to src/newsroom/): the
 * request context, the page frame, permission checks, and small HTML helpers.
 * Everything is written with escape.h into c->o; raw markup only from literals.
 * Every handler runs with c->nr->lock held (logins excepted, see login.c).
 */
#ifndef PR_NR_H
#define PR_NR_H

#include <stdint.h>

#include "../render/escape.h"
#include "../site/config.h"
#include "../store/item.h"
#include "../store/store_newsroom.h"
#include "auth.h"
#include "form.h"
#include "newsroom.h"

struct nr_ctx {
	struct newsroom *nr;
	struct store *s;                 /* c->nr->store */
	const struct http_request *req;
	struct http_reply *rep;
	struct buf *o;                   /* &rep->body */
	struct auth_session sess;
	int authed;
	struct config cfg;               /* loaded for this request */
	int64_t now;
};

/* The page frame: head, header with navigation and the logout form, <main>, <h1>. */
void nr_begin(struct nr_ctx *c, const char *title);
void nr_end(struct nr_ctx *c);
/* A whole page with one message; sets the status. */
void nr_fail(struct nr_ctx *c, int status, const char *title, const char *text);
/* 303 to location (a literal or escaped-safe path). */
void nr_redirect(struct nr_ctx *c, const char *location);
/* The hidden CSRF field of a form. */
void nr_csrf(struct nr_ctx *c);
/* A one-button form posting field=value to action; the button says label and, to a
 * screen reader, "label value" (which of the list's buttons it is); cls may be NULL. */
void nr_button_form(struct nr_ctx *c, const char *action, const char *field, const char *value,
		    const char *label, const char *cls);
/* Checks POST and its CSRF token; otherwise writes a 405/403 page and returns 0. */
int nr_post_ok(struct nr_ctx *c);
/* The "done" notice of ?done=CODE, after a redirect. */
void nr_flash(struct nr_ctx *c);
/* The start of a form page: status, nr_begin, the "done" notice, and the form's
 * problem (NULL: none) as an alert. */
void nr_form_top(struct nr_ctx *c, int status, const char *title, const char *problem);
/* A field's error message, <p class="error" id="id">, for its aria-describedby; nothing
 * when msg is NULL. */
void nr_field_error(struct buf *o, const char *id, const char *msg);
/* A pasted field (NULL: "") without the spaces and line ends around it, into out (n
 * bytes, n > 0): 0, or -1 when it does not fit (out is then ""). */
int nr_trim_field(const char *v, char *out, size_t n);

/* A time in the site's zone: "2026-09-22 10:00 BST" (seconds shown when not 0). */
void nr_when(struct nr_ctx *c, int64_t t);
/* The same in zone (a name tz_valid accepts). */
void nr_when_in(struct nr_ctx *c, int64_t t, const char *zone);
/* Draft / Scheduled / Embargoed / Published / In trash. */
const char *nr_item_state(const struct nr_ctx *c, const struct item *it);
/* Whether the session's user may change it (editors: anything; contributors: own drafts). */
int nr_can_edit(const struct nr_ctx *c, const struct item *it);
int nr_role_at_least(const struct nr_ctx *c, enum user_role r);
/* An audit entry by the session's user (failure is logged, not fatal). */
void nr_audit(struct nr_ctx *c, const char *action, int64_t item_id, const char *detail);
/* A positive decimal id, or 0. */
int64_t nr_id(const char *s);
/* The <option>s of the zone select, with zone selected. */
void nr_zone_options(struct nr_ctx *c, const char *zone);
/* A 500 page naming the store's message in the log. */
void nr_store_failed(struct nr_ctx *c);
/* Ends the request's transaction: commits it if e is STORE_OK; on any failure rolls
 * back and writes the 500 page (nr_store_failed). 1 if committed. */
int nr_commit(struct nr_ctx *c, enum store_err e);
/* " B", " KB", " MB" */
void nr_size(struct buf *o, int64_t n);

/* The pages (one file each). */
void nr_login(struct nr_ctx *c);                 /* login.c, takes login_lock itself */
void nr_logout(struct nr_ctx *c);
void nr_items(struct nr_ctx *c, int trash);      /* items.c */
void nr_edit(struct nr_ctx *c, const char *rest);/* edit.c: /admin/items/<rest> */
void nr_preview_form(struct nr_ctx *c);          /* edit.c: POST /admin/preview */
void nr_revisions(struct nr_ctx *c, struct item *it, const char *rest); /* revisions.c */
void nr_media(struct nr_ctx *c);                 /* media_page.c */
void nr_media_serve(struct nr_ctx *c, const char *name);
void nr_media_delete(struct nr_ctx *c);          /* POST /admin/media/delete */
void nr_preview_link(struct nr_ctx *c, const char *token); /* preview.c: /preview/<token> */
void nr_preview_links(struct nr_ctx *c, struct item *it, const char *rest);
void nr_aliases_section(struct nr_ctx *c, const struct item *it); /* aliases.c */
void nr_aliases(struct nr_ctx *c, const struct item *it, const char *rest);
void nr_settings(struct nr_ctx *c);              /* settings.c */
void nr_users(struct nr_ctx *c, const char *rest); /* users.c */
void nr_feeds(struct nr_ctx *c, const char *rest); /* feeds.c: /admin/feeds<rest> */
/* For an editor, a notice of the followed feeds whose last reading failed (feeds.c). */
void nr_feeds_failing(struct nr_ctx *c);
void nr_audit_page(struct nr_ctx *c);            /* audit.c */
void nr_account(struct nr_ctx *c);               /* account.c: the user's own account */

/* Renders it through the site (exactly as the public page) into the reply. */
void nr_render_public(struct nr_ctx *c, const struct item *it, const char *banner);

#endif
