/*
 * site.yaml: the site's settings as export --markdown writes them, read back into
 * an import batch (import.h: import_settings_read).
 */
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <yaml.h>

#include "../site/config.h"
#include "import.h"

/* A site.yaml larger than this is not one. */
#define SETTINGS_MAX_FILE ((size_t)256 << 10)

static int settings_fail(struct buf *err, const char *path, size_t line, const char *what)
{
	buf_addf(err, "%s:%zu: %s", path, line, what);
	return -1;
}

/* Skips the node whose first event was ev (a scalar, or a whole sequence or mapping);
 * the number of items of a sequence goes to *items. */
static int settings_skip(yaml_parser_t *p, yaml_event_t *ev, size_t *items)
{
	int depth = ev->type == YAML_SEQUENCE_START_EVENT || ev->type == YAML_MAPPING_START_EVENT;
	int top_seq = ev->type == YAML_SEQUENCE_START_EVENT;
	yaml_event_delete(ev);
	while (depth > 0) {
		yaml_event_t e;
		if (!yaml_parser_parse(p, &e))
			return -1;
		if (top_seq && depth == 1 &&
		    (e.type == YAML_SCALAR_EVENT || e.type == YAML_MAPPING_START_EVENT ||
		     e.type == YAML_SEQUENCE_START_EVENT))
			(*items)++;
		if (e.type == YAML_SEQUENCE_START_EVENT || e.type == YAML_MAPPING_START_EVENT)
			depth++;
		else if (e.type == YAML_SEQUENCE_END_EVENT || e.type == YAML_MAPPING_END_EVENT)
			depth--;
		yaml_event_delete(&e);
	}
	return 0;
}

/* The line of libyaml's error: its mark, or for a reader error (bad UTF-8), which
 * sets only an offset, the line of that byte. */
size_t import_yaml_error_line(const yaml_parser_t *p, const char *text, size_t len)
{
	if (p->error != YAML_READER_ERROR)
		return p->problem_mark.line + 1;
	size_t line = 1, end = p->problem_offset < len ? p->problem_offset : len;
	for (size_t i = 0; i < end; i++)
		line += text[i] == '\n';
	return line;
}

size_t import_yaml_input(yaml_parser_t *p, const char *text, size_t len)
{
	size_t bom = len >= 3 && !memcmp(text, "\xEF\xBB\xBF", 3) ? 3 : 0;
	yaml_parser_set_input_string(p, (const unsigned char *)text + bom, len - bom);
	yaml_parser_set_encoding(p, YAML_UTF8_ENCODING);
	return bom;
}

int import_settings_read(const char *path, struct import_batch *b, struct buf *err)
{
	char *text;
	size_t len;
	if (import_read_whole(path, SETTINGS_MAX_FILE, "larger than 256 KiB: not site settings",
			      &text, &len, err))
		return -1;
	yaml_parser_t p;
	if (!yaml_parser_initialize(&p)) {
		free(text);
		return settings_fail(err, path, 1, "out of memory");
	}
	size_t bom = import_yaml_input(&p, text, len);
	struct buf why;
	buf_init(&why, 1024);
	char *key = NULL;
	size_t key_line = 1, feeds = 0;
	int rc = 0, level = 0, done = 0, docs = 0, feeds_seen = 0;
	size_t first = b->nsettings;
	while (!rc && !done) {
		yaml_event_t ev;
		if (!yaml_parser_parse(&p, &ev)) {
			buf_reset(&why);
			buf_addf(&why, "not valid YAML: %s", p.problem ? p.problem : "unreadable");
			rc = settings_fail(err, path, import_yaml_error_line(&p, text + bom, len - bom), buf_str(&why));
			break;
		}
		size_t line = ev.start_mark.line + 1;
		switch (ev.type) {
		case YAML_STREAM_START_EVENT:
		case YAML_DOCUMENT_END_EVENT:
			break;
		case YAML_DOCUMENT_START_EVENT:
			if (docs++)
				rc = settings_fail(err, path, line,
						   "a second YAML document: the settings are one mapping");
			break;
		case YAML_STREAM_END_EVENT:
			done = 1;
			break;
		case YAML_MAPPING_START_EVENT:
			if (level++ == 0)
				break;
			/* a mapping as a value: as a sequence */
			__attribute__((fallthrough));
		case YAML_SEQUENCE_START_EVENT:
			if (level == 0 || (level == 1 && ev.type == YAML_SEQUENCE_START_EVENT && !key)) {
				rc = settings_fail(err, path, line,
						   "the settings must be a mapping of names to values");
			} else if (key && !strcmp(key, "feeds") && ev.type == YAML_SEQUENCE_START_EVENT) {
				size_t n = 0;
				if (feeds_seen++) {
					yaml_event_delete(&ev);
					rc = settings_fail(err, path, line, "feeds: listed twice in this file");
				} else if (settings_skip(&p, &ev, &n)) {
					buf_reset(&why);
					buf_addf(&why, "not valid YAML: %s",
						 p.problem ? p.problem : "unreadable");
					rc = settings_fail(err, path, import_yaml_error_line(&p, text + bom, len - bom),
							   buf_str(&why));
				}
				feeds += n;
				free(key);
				key = NULL;
				continue; /* ev was deleted */
			} else {
				buf_reset(&why);
				buf_addf(&why, "%s: the value must be text", key ? key : "?");
				rc = settings_fail(err, path, line, buf_str(&why));
			}
			break;
		case YAML_MAPPING_END_EVENT:
			level--;
			break;
		case YAML_SCALAR_EVENT: {
			const char *v = (const char *)ev.data.scalar.value;
			size_t vn = ev.data.scalar.length;
			if (level == 0) {
				rc = settings_fail(err, path, line,
						   "the settings must be a mapping of names to values");
				break;
			}
			if (!key) {
				if (memchr(v, '\0', vn))
					rc = settings_fail(err, path, line, "a NUL byte in a setting's name");
				else if (!(key = strdup(v)))
					rc = settings_fail(err, path, line, "out of memory");
				key_line = line;
				break;
			}
			/* "site_name:", "~" or "null" with no quotes: no value, nothing set (and
			 * "feeds:" empty lists no feed). */
			int none = ev.data.scalar.style == YAML_PLAIN_SCALAR_STYLE &&
				   (!vn || !strcmp(v, "~") || !strcasecmp(v, "null"));
			if (none || !strcmp(key, "feeds")) {
				if (!none)
					rc = settings_fail(err, path, key_line, "feeds: a list of feeds");
				else if (!strcmp(key, "feeds") && feeds_seen++)
					rc = settings_fail(err, path, key_line,
							   "feeds: listed twice in this file");
				free(key);
				key = NULL;
				break;
			}
			buf_reset(&why);
			int twice = 0;
			for (size_t i = first; i < b->nsettings && !twice; i++)
				twice = !strcmp(b->settings[i].key, key);
			if (twice) {
				buf_addf(&why, "%s: set twice in this file", key);
				rc = settings_fail(err, path, key_line, buf_str(&why));
			} else if (memchr(v, '\0', vn)) {
				buf_addf(&why, "%s: a NUL byte in the value", key);
				rc = settings_fail(err, path, key_line, buf_str(&why));
			} else {
				/* As pressroom config would store it. */
				char *tidy = strdup(v);
				if (!tidy) {
					rc = settings_fail(err, path, key_line, "out of memory");
				} else {
					config_tidy(key, tidy);
					if (config_check(key, tidy, &why))
						rc = settings_fail(err, path, key_line, buf_str(&why));
					else if (import_batch_setting(b, key, tidy))
						rc = settings_fail(err, path, key_line, "out of memory");
					free(tidy);
				}
			}
			free(key);
			key = NULL;
			break;
		}
		default:
			rc = settings_fail(err, path, line, "aliases and anchors are not read here");
			break;
		}
		yaml_event_delete(&ev);
	}
	free(key);
	buf_release(&why);
	yaml_parser_delete(&p);
	free(text);
	if (!rc && feeds)
		buf_addf(&b->info,
			 "%s: %zu followed feed%s listed, not followed here (their entries would come "
			 "back as new items): 'pressroom syndicate add URL' follows one\n",
			 path, feeds, feeds == 1 ? " is" : "s are");
	return rc;
}
