#include "media.h"

#include <sodium.h>
#include <stdio.h>
#include <string.h>

static const struct nr_media_type nr_types[] = {
	{"image/jpeg", "jpg", 1},
	{"image/png", "png", 1},
	{"image/webp", "webp", 1},
	{"application/pdf", "pdf", 0},
};

const struct nr_media_type *nr_media_sniff(const unsigned char *d, size_t n)
{
	if (!d)
		return NULL;
	/* JPEG: SOI then a marker; PNG: the 8-byte signature then the IHDR chunk. */
	if (n >= 4 && d[0] == 0xFF && d[1] == 0xD8 && d[2] == 0xFF)
		return &nr_types[0];
	if (n >= 16 && !memcmp(d, "\x89PNG\r\n\x1a\n", 8) && !memcmp(d + 12, "IHDR", 4))
		return &nr_types[1];
	/* WebP: a RIFF container of form WEBP with a VP8/VP8L/VP8X chunk first. */
	if (n >= 16 && !memcmp(d, "RIFF", 4) && !memcmp(d + 8, "WEBPVP8", 7))
		return &nr_types[2];
	if (n >= 8 && !memcmp(d, "%PDF-", 5) && d[5] >= '1' && d[5] <= '2' && d[6] == '.')
		return &nr_types[3];
	return NULL;
}

void nr_media_name(const unsigned char *data, size_t n, const struct nr_media_type *t,
		   char sha[65], char *name, size_t namesz)
{
	unsigned char h[crypto_hash_sha256_BYTES];
	crypto_hash_sha256(h, data, n);
	sodium_bin2hex(sha, 65, h, sizeof(h));
	snprintf(name, namesz, "%.16s.%s", sha, t->ext);
}

const struct nr_media_type *nr_media_type_of(const char *name)
{
	const char *dot = name ? strrchr(name, '.') : NULL;
	if (!dot)
		return NULL;
	for (size_t i = 0; i < sizeof(nr_types) / sizeof(nr_types[0]); i++)
		if (!strcmp(dot + 1, nr_types[i].ext))
			return &nr_types[i];
	return NULL;
}

int nr_media_name_ok(const char *s)
{
	if (!s || strlen(s) < 18 || s[16] != '.')
		return 0;
	for (int i = 0; i < 16; i++)
		if (!((s[i] >= '0' && s[i] <= '9') || (s[i] >= 'a' && s[i] <= 'f')))
			return 0;
	return nr_media_type_of(s) != NULL;
}
