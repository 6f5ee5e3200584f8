/*
 * search_direct: the "direct" side of the search benchmark (bench/search.sh).
 *
 *   search_direct generate DB N     fills a site made by `pressroom init` with N generated
 *                                   items, English and Russian, in one transaction (the
 *                                   triggers index them as they go in)
 *   search_direct fts DB REPS Q...  runs store_search() (what /search runs: ranked page of
 *                                   10, total count, snippets) REPS times per query in
 *                                   this process; prints "query<TAB>hits<TAB>mean ms"
 *   search_direct like DB REPS Q... the same queries as a LIKE scan over title, lead and
 *                                   body (what WordPress does), newest first, with a count
 *
 * Why a C program: the sqlite3 shell cannot load our tokenizer, and the point is to
 * time the same function the server calls, without HTTP and HTML around it.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "../src/base/buf.h"
#include "../src/base/clock.h"
#include "../src/store/store_internal.h"
#include "../src/store/store_search.h"

static const char *const words_en[] = {
	"embassy", "ambassador", "minister", "ministry", "government", "statement", "sanction",
	"sanctions", "sanctioned", "trade", "agreement", "agreements", "treaty", "centenary",
	"consular", "consulate", "visa", "visas", "passport", "passports", "citizens", "citizen",
	"ferry", "ferries", "harbour", "port", "shipping", "maritime", "fisheries", "fishing",
	"culture", "cultural", "festival", "concert", "orchestra", "exhibition", "museum",
	"library", "students", "exchange", "university", "education", "delegation", "visit",
	"visited", "visiting", "talks", "meeting", "meetings", "cooperation", "partnership",
	"security", "energy", "climate", "ocean", "stewardship", "council", "northern", "seas",
	"press", "release", "journalists", "question", "answer", "interview", "speech", "reception",
	"national", "day", "anniversary", "celebration", "republic", "kingdom", "london", "cardiff",
	"edinburgh", "manchester", "leeds", "brighton", "flights", "direct", "airline", "route",
	"routes", "timetable", "stamps", "postal", "books", "donated", "film", "week", "cinema",
	"export", "exports", "import", "cheese", "wine", "investment", "investors", "business",
	"economy", "economic", "growth", "budget", "report", "reports", "reported", "announced",
	"announcement", "announces", "welcomes", "regrets", "condemns", "supports", "calls",
	"relations", "bilateral", "multilateral", "dialogue", "peace", "border", "borders",
	"lighthouse", "heritage", "history", "historic", "archive", "archives", "honorary",
	"scotland", "wales", "england", "region", "regions", "regional", "local", "community",
};

static const char *const words_ru[] = {
	"посольство", "посольства", "посольством", "посол", "посла", "министр", "министерство",
	"министерства", "правительство", "правительства", "заявление", "заявления", "заявлением",
	"заявлений", "санкции", "санкций", "санкциями", "торговля", "торговли", "соглашение",
	"соглашения", "договор", "договора", "договоре", "столетие", "консульский", "консульства",
	"консульство", "виза", "визы", "визовый", "паспорт", "паспорта", "паспортов", "граждане",
	"граждан", "гражданам", "паром", "паромы", "гавань", "порт", "порта", "судоходство",
	"культура", "культуры", "культурный", "фестиваль", "фестиваля", "концерт", "оркестр",
	"выставка", "выставки", "выставке", "музей", "музея", "библиотека", "студенты", "обмен",
	"университет", "образование", "делегация", "делегации", "визит", "визита", "переговоры",
	"встреча", "встречи", "сотрудничество", "сотрудничества", "партнёрство", "безопасность",
	"энергетика", "климат", "океан", "совет", "северный", "морей", "пресса", "журналисты",
	"вопрос", "ответ", "интервью", "речь", "приём", "национальный", "день", "годовщина",
	"праздник", "республика", "республики", "королевство", "лондон", "лондоне", "рейсы",
	"прямые", "маршрут", "расписание", "марки", "книги", "фильм", "неделя", "кино", "экспорт",
	"сыр", "вино", "инвестиции", "бизнес", "экономика", "экономики", "рост", "бюджет",
	"сообщает", "сообщил", "объявил", "приветствует", "сожалеет", "осуждает", "поддерживает",
	"отношения", "двусторонние", "диалог", "мир", "граница", "маяк", "наследие", "история",
	"архив", "почётный", "ёлка", "ёлки", "регион", "регионы", "местный", "общество",
};

static const char *const kinds[] = {"press-release", "news", "statement", "interview",
				    "media-reply", "speech", "article", "comment"};

static const char *const function_en[] = {"the", "of", "and", "to", "in", "on", "for", "with",
					  "at", "by", "from", "a", "is", "was", "will", "be", "has",
					  "have", "this", "that", "our", "their", "new", "year"};
static const char *const function_ru[] = {"и", "в", "на", "с", "по", "для", "от", "о", "к", "что",
					  "это", "был", "будет", "года", "не", "как", "его", "также"};
static const char *const syl_en[] = {"ka", "ro", "mi", "ven", "tor", "al", "es", "lin", "dor",
				     "ma", "ri", "sel", "pon", "tra", "vel", "quin", "bar", "nes",
				     "ul", "ho", "gra", "fen", "lo", "sti"};
static const char *const syl_ru[] = {"ка", "ро", "ми", "вен", "тор", "ал", "ес", "лин", "дор",
				     "ма", "ри", "сел", "пон", "тра", "вел", "кви", "бар", "нес",
				     "ул", "хо", "гра", "фен", "ло", "сти"};

#define TAIL_WORDS 20000

/* One language's vocabulary: the real words first (most frequent), then a long tail
 * of made-up words, drawn with Zipf's law (weight 1/rank) as natural text is. */
struct vocab {
	const char *const *fn;
	size_t nfn;
	char **w;
	size_t n;
	double *cum;
};

static uint64_t rng = 0x9E3779B97F4A7C15ULL;
static uint64_t rnd(void)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return rng;
}

static int vocab_make(struct vocab *v, const char *const *real, size_t nreal,
		      const char *const *fn, size_t nfn, const char *const *syl, size_t nsyl)
{
	v->fn = fn;
	v->nfn = nfn;
	v->n = nreal + TAIL_WORDS;
	v->w = calloc(v->n, sizeof(*v->w));
	v->cum = calloc(v->n, sizeof(*v->cum));
	if (!v->w || !v->cum)
		return -1;
	for (size_t i = 0; i < nreal; i++)
		v->w[i] = (char *)real[i];
	for (size_t i = 0; i < TAIL_WORDS; i++) {
		struct buf b;
		buf_init(&b, 0);
		size_t k = i;
		int parts = 2 + (int)(i % 3);
		for (int p = 0; p < parts; p++) {
			buf_adds(&b, syl[k % nsyl]);
			k = k / nsyl + (size_t)p * 7 + 1;
		}
		buf_addf(&b, "%s", i % 5 == 0 ? "" : syl[i % nsyl]);
		v->w[nreal + i] = buf_detach(&b, NULL);
		if (!v->w[nreal + i])
			return -1;
	}
	double sum = 0;
	for (size_t i = 0; i < v->n; i++)
		v->cum[i] = sum += 1.0 / (double)(i + 3);
	for (size_t i = 0; i < v->n; i++)
		v->cum[i] /= sum;
	return 0;
}

/* 40 % function words, else a content word by Zipf's law. */
static const char *vocab_word(const struct vocab *v)
{
	if (rnd() % 10 < 4)
		return v->fn[rnd() % v->nfn];
	double x = (double)(rnd() >> 11) / (double)(1ULL << 53);
	size_t lo = 0, hi = v->n - 1;
	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		if (v->cum[mid] < x)
			lo = mid + 1;
		else
			hi = mid;
	}
	return v->w[lo];
}

static void sentence(struct buf *b, const struct vocab *v, int words)
{
	for (int i = 0; i < words; i++) {
		const char *x = vocab_word(v);
		if (i)
			buf_addc(b, ' ');
		if (i == 0 && x[0] >= 'a' && x[0] <= 'z') {
			buf_addc(b, (char)(x[0] - 32));
			buf_adds(b, x + 1);
		} else {
			buf_adds(b, x);
		}
	}
}

static int generate(struct store *s, long n)
{
	sqlite3 *db = store_db(s);
	sqlite3_stmt *st;
	if (sqlite3_prepare_v2(db,
			       "INSERT INTO items (kind, status, published, created, updated, title, lead,"
			       " body, lang, slug) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
			       -1, &st, NULL) != SQLITE_OK) {
		fprintf(stderr, "search_direct: %s\n", sqlite3_errmsg(db));
		return 1;
	}
	if (store_begin(s)) {
		fprintf(stderr, "search_direct: %s\n", store_errmsg(s));
		return 1;
	}
	struct vocab en_v, ru_v;
	if (vocab_make(&en_v, words_en, sizeof(words_en) / sizeof(words_en[0]), function_en,
		       sizeof(function_en) / sizeof(function_en[0]), syl_en, 24) ||
	    vocab_make(&ru_v, words_ru, sizeof(words_ru) / sizeof(words_ru[0]), function_ru,
		       sizeof(function_ru) / sizeof(function_ru[0]), syl_ru, 24)) {
		fprintf(stderr, "search_direct: out of memory\n");
		return 1;
	}
	int64_t now = clock_now();
	struct buf title, lead, body;
	buf_init(&title, 0);
	buf_init(&lead, 0);
	buf_init(&body, 0);
	for (long i = 0; i < n; i++) {
		int ru = rnd() % 5 < 2;   /* 40 % Russian */
		const struct vocab *w = ru ? &ru_v : &en_v;
		buf_reset(&title);
		buf_reset(&lead);
		buf_reset(&body);
		sentence(&title, w, 5 + (int)(rnd() % 6));
		sentence(&lead, w, 15 + (int)(rnd() % 15));
		buf_addc(&lead, '.');
		int paras = 2 + (int)(rnd() % 4);
		for (int p = 0; p < paras; p++) {
			int sentences = 2 + (int)(rnd() % 3);
			for (int k = 0; k < sentences; k++) {
				if (k)
					buf_addc(&body, ' ');
				sentence(&body, w, 8 + (int)(rnd() % 12));
				buf_addc(&body, '.');
			}
			buf_lit(&body, "\n\n");
		}
		/* Two planted rare words, for the rare-term queries. */
		if (i % 1000 == 7)
			buf_lit(&body, "The ferry to Marevo sails again.\n");
		if (i % 2000 == 11)
			buf_lit(&body, "Посол Корвесс встретился с журналистами.\n");
		uint64_t r = rnd() % 100;
		const char *status = r < 2 ? "draft" : "published";
		/* Ten years back, 1 % scheduled in the coming month. */
		int64_t t = r == 99 ? now + (int64_t)(rnd() % (30 * 86400)) + 60
				   : now - (int64_t)(rnd() % (10LL * 365 * 86400));
		char slug[32];
		snprintf(slug, sizeof(slug), "item-%06ld", i);
		sqlite3_bind_text(st, 1, kinds[rnd() % 8], -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 2, status, -1, SQLITE_STATIC);
		sqlite3_bind_int64(st, 3, t);
		sqlite3_bind_int64(st, 4, t);
		sqlite3_bind_int64(st, 5, t);
		sqlite3_bind_text(st, 6, buf_str(&title), -1, SQLITE_TRANSIENT);
		sqlite3_bind_text(st, 7, buf_str(&lead), -1, SQLITE_TRANSIENT);
		sqlite3_bind_text(st, 8, buf_str(&body), -1, SQLITE_TRANSIENT);
		sqlite3_bind_text(st, 9, ru ? "ru" : "en", -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 10, slug, -1, SQLITE_TRANSIENT);
		if (sqlite3_step(st) != SQLITE_DONE) {
			fprintf(stderr, "search_direct: item %ld: %s\n", i, sqlite3_errmsg(db));
			sqlite3_finalize(st);
			store_rollback(s);
			return 1;
		}
		sqlite3_reset(st);
	}
	sqlite3_finalize(st);
	buf_release(&title);
	buf_release(&lead);
	buf_release(&body);
	if (store_commit(s)) {
		fprintf(stderr, "search_direct: %s\n", store_errmsg(s));
		return 1;
	}
	/* One segment per level: how a site that has been running a while looks. */
	sqlite3_exec(db, "INSERT INTO items_fts (items_fts) VALUES ('optimize'); ANALYZE;", NULL, NULL, NULL);
	return 0;
}

static double ms_since(const struct timespec *t0)
{
	struct timespec t1;
	clock_gettime(CLOCK_MONOTONIC, &t1);
	return (double)(t1.tv_sec - t0->tv_sec) * 1e3 + (double)(t1.tv_nsec - t0->tv_nsec) / 1e6;
}

static int run_fts(struct store *s, int reps, int argc, char **argv)
{
	int64_t now = clock_now();
	for (int i = 0; i < argc; i++) {
		struct search_query q = {.text = argv[i], .now = now, .kind = -1, .limit = 10};
		struct search_result r;
		int64_t total = 0;
		/* One untimed run warms the page cache, as the server's warm-up does. */
		if (store_search(s, &q, &r) && !r.parsed.terms)
			fprintf(stderr, "search_direct: %s: %s\n", argv[i], store_errmsg(s));
		store_search_result_clear(&r);
		struct timespec t0;
		clock_gettime(CLOCK_MONOTONIC, &t0);
		for (int k = 0; k < reps; k++) {
			if (store_search(s, &q, &r)) {
				fprintf(stderr, "search_direct: %s: %s\n", argv[i], store_errmsg(s));
				store_search_result_clear(&r);
				return 1;
			}
			total = r.total;
			store_search_result_clear(&r);
		}
		printf("%s\t%lld\t%.3f\n", argv[i], (long long)total, ms_since(&t0) / reps);
	}
	return 0;
}

static int run_like(struct store *s, int reps, int argc, char **argv)
{
	sqlite3 *db = store_db(s);
	int64_t now = clock_now();
	for (int i = 0; i < argc; i++) {
		/* Words of the query (quotes and '*' dropped), each ANDed as a LIKE over the
		 * three columns; then the newest 10 and the count. */
		struct buf where;
		buf_init(&where, 0);
		char words[16][128];
		int nw = 0;
		const char *p = argv[i];
		while (*p && nw < 16) {
			while (*p == ' ' || *p == '"')
				p++;
			size_t len = strcspn(p, " \"*");
			if (len && len < sizeof(words[0])) {
				memcpy(words[nw], p, len);
				words[nw][len] = '\0';
				buf_addf(&where, " AND (title LIKE ?%d OR lead LIKE ?%d OR body LIKE ?%d)",
					 nw + 2, nw + 2, nw + 2);
				nw++;
			}
			p += len;
			while (*p == '*')
				p++;
		}
		char sql[4096];
		const char *pub = "status = 'published' AND published <= ?1 AND embargo_until <= ?1"
				  " AND deleted_at = 0";
		snprintf(sql, sizeof(sql), "SELECT id, title FROM items WHERE %s%s ORDER BY published DESC"
			 " LIMIT 10", pub, buf_str(&where));
		char csql[4096];
		snprintf(csql, sizeof(csql), "SELECT count(*) FROM items WHERE %s%s", pub, buf_str(&where));
		buf_release(&where);
		int64_t total = 0;
		struct timespec t0;
		for (int k = -1; k < reps; k++) {   /* k = -1: untimed warm-up */
			if (k == 0)
				clock_gettime(CLOCK_MONOTONIC, &t0);
			for (int c = 0; c < 2; c++) {
				sqlite3_stmt *st;
				if (sqlite3_prepare_v2(db, c ? csql : sql, -1, &st, NULL) != SQLITE_OK) {
					fprintf(stderr, "search_direct: %s\n", sqlite3_errmsg(db));
					return 1;
				}
				sqlite3_bind_int64(st, 1, now);
				for (int w = 0; w < nw; w++) {
					char pat[140];
					snprintf(pat, sizeof(pat), "%%%s%%", words[w]);
					sqlite3_bind_text(st, w + 2, pat, -1, SQLITE_TRANSIENT);
				}
				while (sqlite3_step(st) == SQLITE_ROW)
					if (c)
						total = sqlite3_column_int64(st, 0);
				sqlite3_finalize(st);
			}
		}
		printf("%s\t%lld\t%.3f\n", argv[i], (long long)total, ms_since(&t0) / reps);
	}
	return 0;
}

int main(int argc, char **argv)
{
	if (argc < 4 || (strcmp(argv[1], "generate") && strcmp(argv[1], "fts") && strcmp(argv[1], "like"))) {
		fprintf(stderr, "usage: search_direct generate DB N | fts DB REPS QUERY... | like DB REPS QUERY...\n");
		return 2;
	}
	struct store *s;
	char err[1200];
	if (store_open(argv[2], STORE_OPEN_EXISTING, &s, err, sizeof(err))) {
		fprintf(stderr, "search_direct: %s\n", err);
		return 1;
	}
	long n = strtol(argv[3], NULL, 10);
	int rc;
	if (n < 1) {
		fprintf(stderr, "search_direct: %s: expected a positive number\n", argv[3]);
		rc = 2;
	} else if (!strcmp(argv[1], "generate")) {
		rc = generate(s, n);
	} else if (!strcmp(argv[1], "fts")) {
		rc = run_fts(s, (int)n, argc - 4, argv + 4);
	} else {
		rc = run_like(s, (int)n, argc - 4, argv + 4);
	}
	store_close(s);
	return rc;
}
