#include "test.h"

#include <stdlib.h>

#include "../../src/base/utf8.h"

/* Every code point but the surrogates goes out and back the same, and no shorter
 * run of its bytes passes for it. */
TEST(utf8_round_trip_every_code_point)
{
	size_t bad = 0;
	for (unsigned cp = 0; cp < 0x110000; cp++) {
		if (cp >= 0xD800 && cp <= 0xDFFF)
			continue;
		unsigned char u[4];
		size_t len = utf8_encode(cp, u);
		size_t want = cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
		unsigned back = 0xFFFFFFFF;
		if (len != want || utf8_decode(u, len, &back) != len || back != cp ||
		    (len > 1 && utf8_decode(u, len - 1, NULL) != 0))
			bad++;
	}
	CHECK(bad == 0);
}

/*
 * Every sequence of two and of three bytes: the decoder takes its first character
 * exactly when that is the shortest form of a code point that is no surrogate
 * (told by encoding the value again), and takes nothing else.
 */
TEST(utf8_decode_takes_only_shortest_forms)
{
	size_t wrong = 0;
	for (unsigned v = 0; v < 0x1000000; v++) {
		unsigned char s[3] = {(unsigned char)(v >> 16), (unsigned char)(v >> 8),
				      (unsigned char)v};
		unsigned cp = 0;
		size_t len = utf8_decode(s, 3, &cp);
		int want = 0;
		size_t wlen = s[0] < 0x80 ? 1 : (s[0] & 0xE0) == 0xC0 ? 2 : (s[0] & 0xF0) == 0xE0 ? 3 : 0;
		if (wlen) {
			unsigned c = wlen == 1 ? s[0] : s[0] & (wlen == 2 ? 0x1F : 0x0F);
			int cont = 1;
			for (size_t i = 1; i < wlen; i++) {
				cont &= (s[i] & 0xC0) == 0x80;
				c = c << 6 | (s[i] & 0x3F);
			}
			unsigned char again[4];
			want = cont && !(c >= 0xD800 && c <= 0xDFFF) && utf8_encode(c, again) == wlen &&
			       !memcmp(again, s, wlen);
			if (want && (len != wlen || cp != c))
				wrong++;
		}
		if (!want && len != 0)
			wrong++;
	}
	CHECK(wrong == 0);
}

TEST(utf8_decode_refuses)
{
	static const struct {
		const char *s;
		size_t n;
	} no[] = {
		{"\x80", 1},             {"\xBF", 1},             {"\xC0\x80", 2},
		{"\xC1\xBF", 2},         {"\xE0\x80\x80", 3},     {"\xE0\x9F\xBF", 3},
		{"\xED\xA0\x80", 3},     {"\xED\xBF\xBF", 3},     {"\xF0\x80\x80\x80", 4},
		{"\xF0\x8F\xBF\xBF", 4}, {"\xF4\x90\x80\x80", 4}, {"\xF5\x80\x80\x80", 4},
		{"\xFF", 1},             {"\xC3\x41", 2},         {"\xE2\x82", 2},
		/* A NUL-terminated string passes n = 4: the NUL stops the character. */
		{"\xE2\x82\0\xAC", 4},
	};
	for (size_t i = 0; i < sizeof(no) / sizeof(no[0]); i++)
		CHECK(utf8_decode((const unsigned char *)no[i].s, no[i].n, NULL) == 0);
	unsigned cp = 0;
	CHECK(utf8_decode((const unsigned char *)"\xF4\x8F\xBF\xBF", 4, &cp) == 4 && cp == 0x10FFFF);
	CHECK(utf8_decode((const unsigned char *)"\xE2\x82\xAC", 3, &cp) == 3 && cp == 0x20AC);
	CHECK(utf8_decode((const unsigned char *)"", 1, &cp) == 1 && cp == 0);
}

TEST(utf8_valid_prefix_stops_at_the_first_bad_byte)
{
	const unsigned char *s = (const unsigned char *)"ab\xC3\xA9\xFF" "cd";
	CHECK(utf8_valid_prefix(s, 7) == 4);
	CHECK(utf8_valid_prefix(s, 4) == 4);
	CHECK(utf8_valid_prefix(s, 3) == 2); /* the é cut after its first byte */
	CHECK(utf8_valid_prefix((const unsigned char *)"\xD0\x9C\xD0\xB8\xD1\x80", 6) == 6);
	CHECK(utf8_valid_prefix((const unsigned char *)"", 0) == 0);
}
