/*
 * parse: RSS 2.0 (and RSS 1.0/RDF) and Atom 1.0 feeds into entries, with libxml2
 * set up so that a feed cannot reach out or blow up:
 *  - XML_PARSE_NONET, never XML_PARSE_NOENT, DTDLOAD or DTDATTR;
 *  - a document with a DOCTYPE (internal subset or not) or an entity declaration
 *    is refused: the prolog is scanned before parsing, the parser is stopped by a
 *    SAX hook the moment it meets a DOCTYPE or an entity declaration (so nothing
 *    of an internal subset is ever expanded: XXE and "billion laughs" end in
 *    microseconds), and the tree is checked again after parsing.
 * Ownership: every string of a struct feed_doc is heap-owned by it (never NULL
 * after a successful parse); feed_doc_clear() frees them.
 */
#ifndef PR_FEED_PARSE_H
#define PR_FEED_PARSE_H

#include <stddef.h>
#include <stdint.h>

#include "../render/xmllib.h"

/* What libxml2 is for, in the message when it cannot be loaded. */
#define XML_NEEDS "reading feeds and WordPress exports"

#define FEED_MAX_ENTRIES 1000

/* The longest bad_date kept, cut on a character's start. */
#define FEED_BAD_DATE_MAX 100

/*
 * Every string is valid UTF-8 (libxml2 hands out UTF-8 whatever the document's
 * encoding, and what the parser cuts it cuts on a character's start).
 */
struct feed_entry {
	char *key;         /* guid / atom:id, else the link, at most FEED_KEY_MAX bytes
			    * (store_feeds.h: store_feed_key_cap);
			    * "" = cannot be identified */
	char *title;       /* plain text */
	char *link;        /* absolute (resolved against xml:base, else the feed URL), or "" */
	char *base;        /* the absolute URL relative links in the entry's content resolve
			    * against: xml:base, else the entry's link, else the feed's URL;
			    * "" when there is none of them (an http(s) URL otherwise) */
	char *content;     /* HTML of the full content, or "" */
	char *summary;     /* HTML of the summary / description, or "" */
	char *updated_raw; /* the date as written (atom:updated, else pubDate), or "" */
	char *bad_date;    /* the entry's date as written when it could not be read, else
			    * NULL: the first pubDate / dc:date / published / updated with
			    * text feed_parse_date reads as 0 (cut to FEED_BAD_DATE_MAX) */
	int64_t published; /* UTC; 0 = unknown */
	int64_t updated;
	size_t pos;        /* its place among the document's entries, from 1 (for messages) */
};

struct feed_doc {
	char *title;
	char *link;
	char lang[4];      /* the feed's language's primary subtag ("ru" of <language>ru-RU
			    * or an Atom feed's xml:lang), lowercase; "" if it names none */
	char lang_name[32]; /* what <language> says when it is no tag ("Russian"), or "" */
	struct feed_entry *entries;
	size_t n;
	size_t over;       /* entries past FEED_MAX_ENTRIES, not read: the oldest (the
			    * last of a feed listed newest first, the first of one listed
			    * oldest first, as its first and last entries' dates say) */
	int oldest_first;  /* over and listed oldest first: the last entries were read */
};

/*
 * Parses data[0..n) fetched from url (the document's URL: the base of relative links
 * where no xml:base says otherwise; may be NULL).
 * Returns 0, or -1 with a lowercase message ("line 3: ...") in err.
 */
int feed_parse(const char *data, size_t n, const char *url, struct feed_doc *out, char *err,
	       size_t errsz);
/* feed_parse of a document the server said is in charset (its Content-Type's, "" or
 * NULL: none), which counts where the document names no encoding itself. */
int feed_parse_as(const char *data, size_t n, const char *url, const char *charset,
		  struct feed_doc *out, char *err, size_t errsz);
void feed_doc_clear(struct feed_doc *d);
/*
 * A web page's own feed: the first <link rel="alternate"> of type RSS or Atom in
 * the HTML page data[0..n) fetched from url, made absolute against it, into out.
 * 1 when there is one (http or https, not the page itself), 0 when none, -1 when
 * libxml2 cannot be loaded.
 */
int feed_page_link(const char *data, size_t n, const char *url, char *out, size_t outn);

/*
 * The safe XML reader shared with the WXR importer: the rules above. Returns the
 * document (xmlFreeDoc it) or NULL with "LINE: what" in err (*line gets the
 * line, 0 if unknown).
 */
xmlDocPtr feed_xml_read(const char *data, size_t n, const char *url, char *err, size_t errsz,
			int *line);
xmlDocPtr feed_xml_read_as(const char *data, size_t n, const char *url, const char *charset,
			   char *err, size_t errsz, int *line);

/*
 * A feed's date (RFC 822/1123 in RSS, RFC 3339 in Atom, and the other forms
 * date_text_parse reads: src/base/datetext.h) to seconds since the epoch, UTC
 * where it names no zone; 0 if it is none of them or not after
 * 1970-01-01T00:00:00Z.
 */
int64_t feed_parse_date(const char *s);

/* The line n starts on in a document feed_xml_read read, past 65,535 too. */
long feed_node_line(const xmlNode *n);

/* The concatenated text of n's children (text and CDATA); xmlFree it. */
char *feed_node_text(const xmlNode *n);

#endif
