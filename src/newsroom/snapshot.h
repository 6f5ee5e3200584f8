/*
 * snapshot: an item's fields as one JSON object, the content of a revision.
 *
 * {"kind":"news","status":"draft","published":1700000000,"title":"...","lead":"...",
 *  "body":"...","lang":"en","slug":"...","source_url":"...","source_title":"...",
 *  "series":"...","part":0,"tags":["a","b"],"translation_key":"...",
 *  "embargo_until":0,"author_id":1}
 *
 * Written with esc_json (valid UTF-8 out; control characters other than tab,
 * newline and CR are dropped, as on every page). The reader takes exactly what the
 * writer makes, plus any JSON whitespace and unknown members (skipped), so that
 * older snapshots stay readable when fields are added.
 */
#ifndef PR_SNAPSHOT_H
#define PR_SNAPSHOT_H

#include "../base/buf.h"
#include "../store/item.h"

/* Appends the snapshot of it to b (the buf's sticky error covers failure). */
void nr_snapshot_write(struct buf *b, const struct item *it);
/*
 * Fills it (item_init'ed by the caller) from a snapshot: the members present
 * replace the item's values. Returns 0, or -1 if json is malformed or too deep
 * (then it holds whatever was read before the fault).
 */
int nr_snapshot_read(const char *json, struct item *it);

#endif
