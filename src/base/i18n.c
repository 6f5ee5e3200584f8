#include "i18n.h"

#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define I18N_MAX_LANGS 32
#define I18N_TAG_MAX 36

static pthread_once_t i18n_once = PTHREAD_ONCE_INIT;
static char i18n_dir[4096];

/* One locale per language asked for, made on first use and kept: newlocale() reads
 * files, and a locale_t in use by a thread must not be freed. */
static struct {
	char tag[I18N_TAG_MAX];
	locale_t loc;
} i18n_cache[I18N_MAX_LANGS];
static size_t i18n_ncache;
static locale_t i18n_c;  /* "C": the English msgids */
static pthread_mutex_t i18n_lock = PTHREAD_MUTEX_INITIALIZER;

static int i18n_is_dir(const char *path)
{
	struct stat st;
	return stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

static void i18n_init_once(void)
{
	/* LANGUAGE outranks the thread's locale in glibc's gettext. */
	unsetenv("LANGUAGE");
	const char *env = getenv("PRESSROOM_LOCALEDIR");
	if (env && *env) {
		snprintf(i18n_dir, sizeof(i18n_dir), "%s", env);
	} else {
		char exe[4096];
		ssize_t n = readlink("/proc/self/exe", exe, sizeof(exe) - 1);
		if (n > 0) {
			exe[n] = '\0';
			char *slash = strrchr(exe, '/');
			if (slash)
				*slash = '\0';
			static const char *const rel[] = {"/locale", "/build/locale",
							  "/../share/locale"};
			for (size_t i = 0; i < sizeof(rel) / sizeof(rel[0]); i++) {
				char d[sizeof(i18n_dir)];
				if ((size_t)snprintf(d, sizeof(d), "%s%s", exe, rel[i]) >= sizeof(d))
					continue;
				if (i18n_is_dir(d)) {
					memcpy(i18n_dir, d, sizeof(d));
					break;
				}
			}
		}
	}
	if (i18n_dir[0])
		bindtextdomain(I18N_DOMAIN, i18n_dir);
	bind_textdomain_codeset(I18N_DOMAIN, "UTF-8");
	i18n_c = newlocale(LC_ALL_MASK, "C", (locale_t)0);
}

void i18n_init(void) { pthread_once(&i18n_once, i18n_init_once); }

const char *i18n_localedir(void) { return i18n_dir; }

/* Whether <dir>/<name>/LC_MESSAGES/pressroom.mo exists. */
static int i18n_has_catalogue(const char *name)
{
	char path[sizeof(i18n_dir) + 128];
	struct stat st;
	if (!i18n_dir[0])
		return 0;
	if ((size_t)snprintf(path, sizeof(path), "%s/%s/LC_MESSAGES/" I18N_DOMAIN ".mo", i18n_dir,
			     name) >= sizeof(path))
		return 0;
	return stat(path, &st) == 0;
}

/* Usual territory of a language whose locale is not simply ll_LL (ru_RU, fr_FR). */
static const char *i18n_territory(const char *ll)
{
	static const char *const map[][2] = {
		{"en", "GB"}, {"uk", "UA"}, {"be", "BY"}, {"kk", "KZ"}, {"hy", "AM"},
		{"ka", "GE"}, {"zh", "CN"}, {"ja", "JP"}, {"ko", "KR"}, {"sv", "SE"},
		{"da", "DK"}, {"el", "GR"}, {"cs", "CZ"}, {"sr", "RS"}, {"ar", "EG"},
		{"he", "IL"}, {"fa", "IR"}, {"hi", "IN"}, {"vi", "VN"}, {"et", "EE"},
		{"sl", "SI"}, {"nb", "NO"}, {"ga", "IE"}, {"sq", "AL"}, {"uz", "UZ"},
	};
	for (size_t i = 0; i < sizeof(map) / sizeof(map[0]); i++)
		if (!strcmp(map[i][0], ll))
			return map[i][1];
	return NULL;
}

/*
 * The locale for one language tag: the tag's own territory (en-GB -> en_GB), the
 * language's usual one, then ll_LL; "C" when the language has no catalogue.
 */
static locale_t i18n_make(const char *tag)
{
	char ll[9] = "", rr[4] = "";
	size_t n = strcspn(tag, "-_");
	if (n == 0 || n >= sizeof(ll))
		return i18n_c;
	for (size_t i = 0; i < n; i++)
		ll[i] = (char)(tag[i] | 0x20);
	/* The first 2-letter or 3-digit subtag after the language is its region. */
	for (const char *s = tag + n; *s;) {
		s++;
		size_t m = strcspn(s, "-_");
		if (m == 2 || (m == 3 && s[0] >= '0' && s[0] <= '9')) {
			for (size_t i = 0; i < m; i++)
				rr[i] = (char)(s[i] >= 'a' && s[i] <= 'z' ? s[i] - 32 : s[i]);
			rr[m] = '\0';
			break;
		}
		s += m;
	}
	char full[32];
	snprintf(full, sizeof(full), "%s_%s", ll, rr);
	if (!i18n_has_catalogue(ll) && !(rr[0] && i18n_has_catalogue(full)))
		return i18n_c;
	const char *cand[3] = {rr[0] ? rr : NULL, i18n_territory(ll), NULL};
	char up[9];
	for (size_t i = 0; i <= n; i++)
		up[i] = ll[i] >= 'a' && ll[i] <= 'z' ? (char)(ll[i] - 32) : ll[i];
	cand[2] = up;
	for (size_t i = 0; i < 3; i++) {
		if (!cand[i])
			continue;
		char name[48];
		snprintf(name, sizeof(name), "%s_%s.UTF-8", ll, cand[i]);
		locale_t l = newlocale(LC_MESSAGES_MASK, name, (locale_t)0);
		if (l)
			return l;
	}
	fprintf(stderr, "pressroom: no system locale for language '%s' (tried %s_%s.UTF-8); "
			"its pages show the interface in English. Generate one with locale-gen "
			"(tools/deps.sh does).\n", tag, ll, cand[0] ? cand[0] : cand[1] ? cand[1] : up);
	return i18n_c;
}

locale_t i18n_use(const char *lang)
{
	i18n_init();
	locale_t loc = i18n_c;
	if (lang && *lang && strlen(lang) < I18N_TAG_MAX) {
		pthread_mutex_lock(&i18n_lock);
		size_t i;
		for (i = 0; i < i18n_ncache; i++)
			if (!strcmp(i18n_cache[i].tag, lang))
				break;
		if (i < i18n_ncache) {
			loc = i18n_cache[i].loc;
		} else if (i18n_ncache < I18N_MAX_LANGS) {
			loc = i18n_make(lang);
			memcpy(i18n_cache[i18n_ncache].tag, lang, strlen(lang) + 1);
			i18n_cache[i18n_ncache++].loc = loc;
		}
		pthread_mutex_unlock(&i18n_lock);
	}
	if (!loc)
		return uselocale((locale_t)0);
	return uselocale(loc);
}

void i18n_warm(const char *lang)
{
	locale_t prev = i18n_use(lang);
	/* The header entry (msgid "") is in every catalogue: finding it loads the file
	 * and sets up the conversion of its translations. */
	(void)dgettext(I18N_DOMAIN, "");
	i18n_restore(prev);
}

void i18n_restore(locale_t previous)
{
	if (previous)
		uselocale(previous);
}

/* One remembered translation: the text asked for (ctx "\004" msgid, or msgid) is
 * kept as well as its pointers, since a caller's buffer may hold other text later. */
struct i18n_memo {
	locale_t loc;
	const char *ctx, *id, *tr;
	char text[64];
};

#define I18N_MEMO 128
static __thread struct i18n_memo i18n_memo[I18N_MEMO];

/* Writes ctx "\004" msgid (a context's catalogue key) to key; 0 if it does not fit. */
static size_t i18n_key(char *key, size_t keysz, const char *ctx, const char *msgid)
{
	size_t c = strlen(ctx), m = strlen(msgid);
	if (c + 1 + m + 1 > keysz)
		return 0;
	memcpy(key, ctx, c);
	key[c] = '\004';
	memcpy(key + c + 1, msgid, m + 1);
	return c + 1 + m;
}

static const char *i18n_lookup(const char *ctx, const char *msgid)
{
	/* With a context the catalogue's key is ctx "\004" msgid, made here; without one
	 * it is msgid itself, of any length. */
	char key[512];
	const char *k = msgid;
	size_t n = strlen(msgid);
	if (ctx && !(n = i18n_key(key, sizeof(key), ctx, msgid)))
		return msgid;
	if (ctx)
		k = key;
	locale_t loc = uselocale((locale_t)0);
	uintptr_t h = ((uintptr_t)msgid >> 2) ^ ((uintptr_t)ctx >> 5) ^ ((uintptr_t)loc >> 7);
	struct i18n_memo *e = &i18n_memo[(h ^ h >> 9) % I18N_MEMO];
	if (e->id == msgid && e->ctx == ctx && e->loc == loc && !strcmp(e->text, k))
		return e->tr;
	const char *t = dgettext(I18N_DOMAIN, k);
	/* Untranslated, gettext hands back its argument: for a context, our stack buffer. */
	if (t == key)
		t = msgid;
	if (n < sizeof(e->text)) {
		memcpy(e->text, k, n + 1);
		e->loc = loc;
		e->ctx = ctx;
		e->id = msgid;
		e->tr = t;
	}
	return t;
}

const char *i18n_gettext(const char *msgid) { return i18n_lookup(NULL, msgid); }

const char *i18n_pgettext(const char *ctx, const char *msgid)
{
	return i18n_lookup(ctx, msgid);
}
