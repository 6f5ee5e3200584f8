/*
 * fm_toml: Hugo's TOML front matter ("+++" lines around it) for the front matter
 * reader (frontmatter.c), which reads YAML: the block becomes the YAML that says the
 * same of the fields pressroom reads, line for line, so that every message names the
 * file's own line.
 *
 * Taken: key = value pairs at the top (bare or quoted keys), with basic and literal
 * strings, multi-line ones too, booleans, numbers, dates and times, and arrays of
 * them over any number of lines; comments. A [table] or [[table]] and everything
 * after it, dotted keys and inline tables are the theme's (params, menus): skipped.
 */
#ifndef PR_FM_TOML_H
#define PR_FM_TOML_H

#include <stddef.h>

#include "../base/buf.h"

/* s[0..n): the lines between the "+++" lines. Appends the YAML to out; 0, or -1 with
 * the block's line (1-based) and a lowercase reason ("a string is never closed"). */
int fm_toml_to_yaml(const char *s, size_t n, struct buf *out, size_t *line, const char **why);

#endif
