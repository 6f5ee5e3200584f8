/*
 * i18n: the interface text of the public pages in the reader's language, from GNU
 * gettext catalogues (po/<lang>.po, compiled to <localedir>/<lang>/LC_MESSAGES/
 * pressroom.mo) through glibc's libintl.
 *
 * Per-request language, thread-safely: glibc's gettext takes the language from the
 * LC_MESSAGES name of the *calling thread's* locale (uselocale()), so i18n_use()
 * switches only the calling thread, to a locale_t made once per language with
 * newlocale(LC_MESSAGES_MASK, "ru_RU.UTF-8"). That needs the system locale to exist
 * (tools/deps.sh generates en_GB.UTF-8 and ru_RU.UTF-8); when it does not, the
 * language's text stays in English and one warning goes to stderr. Setting the
 * LANGUAGE variable instead would switch every thread at once.
 *
 * Invariants: msgids are the English text, so English needs no catalogue; every
 * string handed out is UTF-8 (bind_textdomain_codeset), whatever the thread's
 * LC_CTYPE; the locale objects live until the process exits.
 */
#ifndef PR_I18N_H
#define PR_I18N_H

#include <libintl.h>
#include <locale.h>

#define I18N_DOMAIN "pressroom"

/* Translated text; the marker names are the keywords `make pot` gives xgettext. */
#define _(msgid) i18n_gettext(msgid)
/* Marks text for the catalogue without translating it here. */
#define N_(msgid) (msgid)
/* Text in a context, for words that translate differently (month names). */
#define C_(ctx, msgid) i18n_pgettext(ctx, msgid)
/* Singular/plural by n. */
#define NG_(one, many, n) dngettext(I18N_DOMAIN, one, many, (unsigned long)(n))

/*
 * Binds the text domain to the catalogue folder: $PRESSROOM_LOCALEDIR if set, else
 * the first of <exe dir>/locale, <exe dir>/build/locale, <exe dir>/../share/locale
 * that exists. Unsets LANGUAGE, which would override the per-thread choice. Call
 * before starting threads; later calls do nothing.
 */
void i18n_init(void);
/* The catalogue folder chosen by i18n_init() ("" before it). */
const char *i18n_localedir(void);

/*
 * Switches the calling thread's interface text to lang (BCP 47: "ru", "en-GB").
 * Returns the thread's previous locale: give it back with i18n_restore() when the
 * request is done. Never fails: an unknown language gives the English msgids.
 */
locale_t i18n_use(const char *lang);
void i18n_restore(locale_t previous);
/*
 * Opens lang's catalogue now, with its character conversion. glibc does that on
 * a language's first lookup, and glibc 2.36 crashes if an allocation fails there
 * (dcigettext.c leaves __gconv_create_spec's result unchecked and __gconv_open
 * reads the empty spec). Called for the site's languages at start, on one
 * thread, it leaves no such set-up to a page made later on any thread.
 */
void i18n_warm(const char *lang);

/*
 * dgettext(I18N_DOMAIN, msgid), remembered per thread: a page asks for the same
 * few dozen strings (the menu, the labels), and each dgettext takes a lock that
 * every thread shares. A remembered answer is used only for the same locale, the
 * same pointer and the same text (a buffer reused for other text asks again).
 */
const char *i18n_gettext(const char *msgid) __attribute__((format_arg(1)));
/* dgettext of "ctx\004msgid" (msgctxt), or msgid when it has no translation;
 * remembered as i18n_gettext's answers are. */
const char *i18n_pgettext(const char *ctx, const char *msgid) __attribute__((format_arg(2)));

#endif
