/*
 * UTF-8 as RFC 3629 has it: shortest forms only, no surrogates (U+D800-DFFF),
 * nothing above U+10FFFF. One decoder and one encoder for every module; inline,
 * since the escaper runs the decoder on each character outside ASCII it writes.
 */
#ifndef PRESSROOM_UTF8_H
#define PRESSROOM_UTF8_H

#include <stddef.h>

/*
 * The character at s[0..n) (n >= 1): its length (1-4) and its code point in *cp
 * (cp may be NULL), or 0 when the bytes there are not one (a stray or cut byte,
 * an overlong form, a surrogate, above U+10FFFF). The continuation bytes are read
 * in order and the first one that is not stops it, so a NUL-terminated string
 * may pass n = 4 however little of it is left.
 */
static inline size_t utf8_decode(const unsigned char *s, size_t n, unsigned *cp)
{
	unsigned c = s[0], min;
	size_t len;
	if (c < 0x80) {
		if (cp)
			*cp = c;
		return 1;
	}
	if (c >= 0xC2 && c <= 0xDF)
		len = 2, min = 0x80, c &= 0x1F;
	else if (c >= 0xE0 && c <= 0xEF)
		len = 3, min = 0x800, c &= 0x0F;
	else if (c >= 0xF0 && c <= 0xF4)
		len = 4, min = 0x10000, c &= 0x07;
	else
		return 0;
	if (n < len)
		return 0;
	for (size_t i = 1; i < len; i++) {
		if ((s[i] & 0xC0) != 0x80)
			return 0;
		c = (c << 6) | (s[i] & 0x3F);
	}
	if (c < min || c > 0x10FFFF || (c >= 0xD800 && c <= 0xDFFF))
		return 0;
	if (cp)
		*cp = c;
	return len;
}

/* The offset of the first byte of s[0..n) that starts no valid character, or n
 * when all of it is UTF-8. */
static inline size_t utf8_valid_prefix(const unsigned char *s, size_t n)
{
	size_t i = 0;
	while (i < n) {
		size_t l = utf8_decode(s + i, n - i, NULL);
		if (!l)
			break;
		i += l;
	}
	return i;
}

/* Writes cp (a valid code point, below U+110000) as UTF-8 into out; returns its
 * length (1-4). */
static inline size_t utf8_encode(unsigned cp, unsigned char out[4])
{
	if (cp < 0x80) {
		out[0] = (unsigned char)cp;
		return 1;
	}
	if (cp < 0x800) {
		out[0] = (unsigned char)(0xC0 | (cp >> 6));
		out[1] = (unsigned char)(0x80 | (cp & 0x3F));
		return 2;
	}
	if (cp < 0x10000) {
		out[0] = (unsigned char)(0xE0 | (cp >> 12));
		out[1] = (unsigned char)(0x80 | ((cp >> 6) & 0x3F));
		out[2] = (unsigned char)(0x80 | (cp & 0x3F));
		return 3;
	}
	out[0] = (unsigned char)(0xF0 | (cp >> 18));
	out[1] = (unsigned char)(0x80 | ((cp >> 12) & 0x3F));
	out[2] = (unsigned char)(0x80 | ((cp >> 6) & 0x3F));
	out[3] = (unsigned char)(0x80 | (cp & 0x3F));
	return 4;
}

#endif
