#include "buf.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void buf_init(struct buf *b, size_t max)
{
	b->data = NULL;
	b->len = b->cap = 0;
	b->max = max ? max : BUF_DEFAULT_MAX;
	b->err = BUF_OK;
}

void buf_release(struct buf *b)
{
	free(b->data);
	b->data = NULL;
	b->len = b->cap = 0;
}

void buf_reset(struct buf *b)
{
	b->len = 0;
	b->err = BUF_OK;
	if (b->data)
		b->data[0] = '\0';
}

/* Makes room for n more bytes plus the NUL; sets the sticky error on failure. */
static int buf_grow(struct buf *b, size_t n)
{
	if (b->err)
		return -1;
	if (n > b->max - b->len) {
		b->err = BUF_TOOBIG;
		return -1;
	}
	size_t need = b->len + n + 1;
	if (need <= b->cap)
		return 0;
	size_t cap = b->cap ? b->cap : 256;
	while (cap < need)
		cap = cap > SIZE_MAX / 2 ? need : cap * 2;
	char *p = realloc(b->data, cap);
	if (!p) {
		b->err = BUF_ENOMEM;
		return -1;
	}
	b->data = p;
	b->cap = cap;
	return 0;
}

void buf_add_grow(struct buf *b, const void *p, size_t n)
{
	if (buf_grow(b, n))
		return;
	if (n)
		memcpy(b->data + b->len, p, n);
	b->len += n;
	b->data[b->len] = '\0';
}

void buf_adds(struct buf *b, const char *s) { buf_add(b, s, strlen(s)); }


size_t buf_uint_digits(char *out, uint64_t v, unsigned width)
{
	char d[BUF_UINT_MAX];
	size_t i = sizeof(d);
	do {
		d[--i] = (char)('0' + v % 10);
		v /= 10;
	} while (v);
	while (i > 0 && sizeof(d) - i < width)
		d[--i] = '0';
	memcpy(out, d + i, sizeof(d) - i);
	return sizeof(d) - i;
}

static int hex_digit(char c)
{
	return c >= '0' && c <= '9' ? c - '0'
	       : c >= 'a' && c <= 'f' ? c - 'a' + 10
	       : c >= 'A' && c <= 'F' ? c - 'A' + 10
				       : -1;
}

int pct_byte(const char *s, size_t n, size_t i)
{
	if (s[i] != '%' || i + 2 >= n)
		return -1;
	int hi = hex_digit(s[i + 1]), lo = hex_digit(s[i + 2]);
	return hi < 0 || lo < 0 ? -1 : hi * 16 + lo;
}

size_t utf8_start(const char *s, size_t max)
{
	size_t n = strlen(s);
	if (n <= max)
		return n;
	while (max && ((unsigned char)s[max] & 0xC0) == 0x80)
		max--;
	return max;
}

void buf_cut_text(struct buf *b, size_t max)
{
	if (b->len <= max || !b->data)
		return;
	buf_truncate(b, utf8_start(b->data, max));
	buf_adds(b, "\xE2\x80\xA6");
}

void buf_add_uint(struct buf *b, uint64_t v, unsigned width)
{
	char d[BUF_UINT_MAX];
	buf_add(b, d, buf_uint_digits(d, v, width));
}

void buf_vaddf(struct buf *b, const char *fmt, va_list ap)
{
	if (b->err)
		return;
	/* Formats straight into the spare room; only a result that does not fit
	 * costs a second pass after growing. */
	size_t room = b->cap > b->len ? b->cap - b->len : 0;
	va_list cp;
	va_copy(cp, ap);
	int n = vsnprintf(room ? b->data + b->len : NULL, room, fmt, cp);
	va_end(cp);
	if (n < 0) {
		b->err = BUF_ENOMEM;
		return;
	}
	if ((size_t)n < room) {
		if ((size_t)n > b->max - b->len) {
			b->data[b->len] = '\0';
			b->err = BUF_TOOBIG;
			return;
		}
		b->len += (size_t)n;
		return;
	}
	if (buf_grow(b, (size_t)n))
		return;
	vsnprintf(b->data + b->len, (size_t)n + 1, fmt, ap);
	b->len += (size_t)n;
}

void buf_addf(struct buf *b, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	buf_vaddf(b, fmt, ap);
	va_end(ap);
}

void buf_insert(struct buf *b, size_t at, const void *p, size_t n)
{
	if (at > b->len || buf_grow(b, n))
		return;
	memmove(b->data + at + n, b->data + at, b->len - at);
	memcpy(b->data + at, p, n);
	b->len += n;
	b->data[b->len] = '\0';
}

void buf_truncate(struct buf *b, size_t len)
{
	if (len < b->len) {
		b->len = len;
		b->data[len] = '\0';
	}
}

const char *buf_str(const struct buf *b) { return b->data && !b->err ? b->data : ""; }

char *buf_detach(struct buf *b, size_t *len)
{
	if (b->err) {
		buf_release(b);
		return NULL;
	}
	if (!b->data)
		buf_grow(b, 0);
	char *p = b->data;
	if (len)
		*len = b->len;
	if (p)
		p[b->len] = '\0';
	b->data = NULL;
	b->len = b->cap = 0;
	return p;
}
