#include "request.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

static const char *http_kv_get(const struct http_kv *v, size_t n, const char *name, int nocase)
{
	for (size_t i = 0; i < n; i++)
		if (nocase ? !strcasecmp(v[i].name, name) : !strcmp(v[i].name, name))
			return v[i].value;
	return NULL;
}

const char *http_header(const struct http_request *r, const char *name)
{
	return http_kv_get(r->headers, r->nheaders, name, 1);
}

const char *http_cookie(const struct http_request *r, const char *name)
{
	return http_kv_get(r->cookies, r->ncookies, name, 0);
}

const char *http_query(const struct http_request *r, const char *name)
{
	return http_kv_get(r->query, r->nquery, name, 0);
}

const struct http_kv *http_part(const struct http_request *r, const char *name)
{
	for (size_t i = 0; i < r->nform; i++)
		if (!strcmp(r->form[i].name, name))
			return &r->form[i];
	return NULL;
}

const char *http_field(const struct http_request *r, const char *name)
{
	const struct http_kv *k = http_part(r, name);
	return k && !k->filename ? k->value : NULL;
}

void http_reply_init(struct http_reply *r)
{
	memset(r, 0, sizeof(*r));
	r->status = 200;
	r->content_type = "text/html; charset=utf-8";
	r->cache_control = "no-store";
	buf_init(&r->body, 0);
}

void http_reply_release(struct http_reply *r)
{
	buf_release(&r->body);
	for (size_t i = 0; i < r->nheaders; i++) {
		free(r->hname[i]);
		free(r->hvalue[i]);
	}
	r->nheaders = 0;
}

int http_reply_header(struct http_reply *r, const char *name, const char *value)
{
	if (r->nheaders == HTTP_MAX_REPLY_HEADERS || strpbrk(value, "\r\n") || strpbrk(name, "\r\n: "))
		return -1;
	char *n = strdup(name), *v = strdup(value);
	if (!n || !v) {
		free(n);
		free(v);
		return -1;
	}
	r->hname[r->nheaders] = n;
	r->hvalue[r->nheaders++] = v;
	return 0;
}

void http_reply_redirect(struct http_reply *r, const char *location)
{
	r->status = 303;
	http_reply_header(r, "Location", location);
	buf_reset(&r->body);
}

/* Decodes %XX and '+' into an arena string; a bad escape is kept as it is. */
static char *http_unescape(struct arena *a, const char *s, size_t n, size_t *outlen)
{
	char *o = arena_alloc(a, n + 1);
	if (!o)
		return NULL;
	size_t j = 0;
	for (size_t i = 0; i < n; i++) {
		int c;
		if (s[i] == '+') {
			o[j++] = ' ';
		} else if ((c = pct_byte(s, n, i)) >= 0) {
			o[j++] = (char)c;
			i += 2;
		} else {
			o[j++] = s[i];
		}
	}
	o[j] = '\0';
	if (outlen)
		*outlen = j;
	return o;
}

size_t http_parse_urlencoded(struct arena *a, const char *s, size_t n, struct http_kv *out,
			     size_t max)
{
	size_t count = 0, i = 0;
	while (i < n && count < max) {
		size_t end = i;
		while (end < n && s[end] != '&' && s[end] != ';')
			end++;
		size_t eq = i;
		while (eq < end && s[eq] != '=')
			eq++;
		if (end > i) {
			size_t vlen = 0;
			char *name = http_unescape(a, s + i, eq - i, NULL);
			char *value = eq < end ? http_unescape(a, s + eq + 1, end - eq - 1, &vlen)
					       : arena_strdup(a, "");
			if (!name || !value)
				break;
			out[count++] = (struct http_kv){name, value, vlen, NULL, NULL};
		}
		i = end + 1;
	}
	return count;
}

size_t http_parse_cookies(struct arena *a, const char *s, struct http_kv *out, size_t max)
{
	size_t count = 0;
	while (s && *s && count < max) {
		while (*s == ' ' || *s == ';')
			s++;
		const char *end = strchr(s, ';');
		size_t len = end ? (size_t)(end - s) : strlen(s);
		const char *eq = memchr(s, '=', len);
		if (eq && eq > s) {
			const char *v = eq + 1;
			size_t vlen = len - (size_t)(v - s);
			if (vlen >= 2 && v[0] == '"' && v[vlen - 1] == '"') {
				v++;
				vlen -= 2;
			}
			char *name = arena_strndup(a, s, (size_t)(eq - s));
			char *value = arena_strndup(a, v, vlen);
			if (!name || !value)
				break;
			out[count++] = (struct http_kv){name, value, vlen, NULL, NULL};
		}
		if (!end)
			break;
		s = end + 1;
	}
	return count;
}
