/*
 * buf: a growable byte buffer with a size cap and a sticky error.
 *
 * Invariants: data is NUL-terminated whenever len > 0 or after any add; len <= cap;
 * len never exceeds max. The first failure (allocation or cap) sets err and every
 * later add is ignored, so a caller checks buf_failed() once at the end.
 * Ownership: the buffer owns data until buf_detach() hands it to the caller.
 */
#ifndef PR_BUF_H
#define PR_BUF_H

#include <stdarg.h>
#include <stdint.h>
#include <stddef.h>
#include <string.h>

enum buf_error { BUF_OK = 0, BUF_ENOMEM, BUF_TOOBIG };

struct buf {
	char *data;
	size_t len;
	size_t cap;
	size_t max;
	enum buf_error err;
};

#define BUF_DEFAULT_MAX ((size_t)256 << 20)

/* max == 0 means BUF_DEFAULT_MAX. No allocation happens until the first add. */
void buf_init(struct buf *b, size_t max);
/* Frees the data; the buffer may be reused after buf_init(). */
void buf_release(struct buf *b);
/* Keeps the memory, empties the content and clears the error. */
void buf_reset(struct buf *b);

/* buf_add when it may have to grow (or has failed): the out-of-line part. */
void buf_add_grow(struct buf *b, const void *p, size_t n);
void buf_adds(struct buf *b, const char *s);
/* Appends v in decimal with at least width digits (zero-padded): the numbers of a
 * page (dates, ids, page numbers) without a printf each. */
void buf_add_uint(struct buf *b, uint64_t v, unsigned width);
/* The same digits written to out (room for BUF_UINT_MAX bytes, no NUL added), for
 * text made outside a buf; returns their count. */
#define BUF_UINT_MAX 24
size_t buf_uint_digits(char *out, uint64_t v, unsigned width);
/* The byte "%XX" at s[i] stands for (s is n bytes), or -1 if there is no such escape
 * there: what URL decoders (form fields, link paths, link destinations) share. */
int pct_byte(const char *s, size_t n, size_t i);
/* The length of s's longest prefix of at most max bytes that ends where a character
 * does (s is NUL-terminated UTF-8): where to cut a string that must stay valid. */
size_t utf8_start(const char *s, size_t max);
/* Cuts b's text (UTF-8) to at most max bytes where a character ends, then adds
 * "…", if it is longer: a lead made from a longer text. */
void buf_cut_text(struct buf *b, size_t max);
void buf_addf(struct buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void buf_vaddf(struct buf *b, const char *fmt, va_list ap);
/* Inserts n bytes at offset at (at <= len). */
void buf_insert(struct buf *b, size_t at, const void *p, size_t n);
void buf_truncate(struct buf *b, size_t len);

/* Adds a string literal only: the "" s "" makes anything else a compile error. */
#define buf_lit(b, s) buf_add((b), "" s "", sizeof(s) - 1)

static inline int buf_failed(const struct buf *b) { return b->err != BUF_OK; }

/*
 * Appends n bytes. Inline, since a page is made of thousands of small appends
 * (an export calls it millions of times): the common case, room already there,
 * is a compare and a copy.
 */
static inline void buf_add(struct buf *b, const void *p, size_t n)
{
	if (b->err || n >= b->cap - b->len || n > b->max - b->len) {
		buf_add_grow(b, p, n);
		return;
	}
	if (n)
		memcpy(b->data + b->len, p, n);
	b->len += n;
	b->data[b->len] = '\0';
}

static inline void buf_addc(struct buf *b, char c) { buf_add(b, &c, 1); }
/* Always returns a NUL-terminated string ("" when empty); valid until the next add. */
const char *buf_str(const struct buf *b);
/* Hands the data to the caller (free() it); the buffer is left empty. Returns NULL on error. */
char *buf_detach(struct buf *b, size_t *len);

#endif
