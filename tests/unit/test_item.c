#include "test.h"

#include <stdlib.h>

#include "../../src/store/item.h"

TEST(item_kinds_table)
{
	static const struct {
		enum item_kind k;
		const char *slug, *label, *plural;
	} want[] = {
		{KIND_PRESS_RELEASE, "press-release", "Press release", "Press releases"},
		{KIND_NEWS, "news", "News", "News"},
		{KIND_STATEMENT, "statement", "Statement", "Statements"},
		{KIND_INTERVIEW, "interview", "Interview", "Interviews"},
		{KIND_MEDIA_REPLY, "media-reply", "Reply to a media question",
		 "Replies to media questions"},
		{KIND_SPEECH, "speech", "Speech", "Speeches"},
		{KIND_ARTICLE, "article", "Article", "Articles"},
		{KIND_COMMENT, "comment", "Comment", "Comments"},
	};
	CHECK(sizeof(want) / sizeof(want[0]) == KIND_COUNT);
	for (size_t i = 0; i < sizeof(want) / sizeof(want[0]); i++) {
		CHECK_STR(item_kind_slug(want[i].k), want[i].slug);
		CHECK_STR(item_kind_label(want[i].k), want[i].label);
		CHECK_STR(item_kind_plural(want[i].k), want[i].plural);
		CHECK(item_kind_parse(want[i].slug, strlen(want[i].slug)) == (int)want[i].k);
	}
}

TEST(item_kind_parse_rejects)
{
	CHECK(item_kind_parse("pres-release", 12) == -1);
	CHECK(item_kind_parse("News", 4) == -1);
	CHECK(item_kind_parse("", 0) == -1);
	CHECK(item_kind_parse(NULL, 0) == -1);
	CHECK(item_kind_parse("newsx", 5) == -1);
	/* Only the first n bytes count. */
	CHECK(item_kind_parse("newsx", 4) == KIND_NEWS);
	CHECK(item_kind_parse("news", 3) == -1);
}

TEST(item_init_set_clear)
{
	struct item it;
	item_init(&it);
	CHECK_STR(it.title, "");
	CHECK_STR(it.lead, "");
	CHECK_STR(it.body, "");
	CHECK_STR(it.lang, "");
	CHECK_STR(it.slug, "");
	CHECK_STR(it.source_url, "");
	CHECK_STR(it.source_title, "");
	CHECK_STR(it.series, "");
	CHECK(it.ntags == 0 && it.part == 0 && it.id == 0);
	CHECK(item_set(&it.title, "Hello world", 5) == 0);
	CHECK_STR(it.title, "Hello");
	CHECK(item_set_s(&it.title, "Again") == 0);
	CHECK_STR(it.title, "Again");
	CHECK(item_set_s(&it.lead, NULL) == 0);
	CHECK_STR(it.lead, "");
	CHECK(item_set(&it.body, NULL, 0) == 0);
	CHECK_STR(it.body, "");
	item_clear(&it);
	CHECK(it.title == NULL && it.ntags == 0);
	item_clear(&it); /* twice is harmless */
	item_init(&it);  /* and the item can be used again */
	CHECK_STR(it.title, "");
	item_clear(&it);
}

TEST(item_tags)
{
	struct item it;
	item_init(&it);
	CHECK(item_add_tag(&it, "press", 5) == 0);
	CHECK(item_add_tag(&it, "press", 5) == 0); /* duplicates are not added */
	CHECK(item_add_tag(&it, "Press", 5) == 0);
	CHECK(it.ntags == 2);
	CHECK_STR(it.tags[0], "press");
	CHECK_STR(it.tags[1], "Press");
	char t[16];
	for (int i = 2; i < ITEM_MAX_TAGS; i++) {
		snprintf(t, sizeof(t), "t%d", i);
		CHECK(item_add_tag(&it, t, strlen(t)) == 0);
	}
	CHECK(it.ntags == ITEM_MAX_TAGS);
	CHECK(item_add_tag(&it, "one-more", 8) == -1);
	CHECK(item_add_tag(&it, "press", 5) == 0); /* a duplicate still fits */
	CHECK(it.ntags == ITEM_MAX_TAGS);
	item_clear(&it);
}

TEST(item_valid_lang_good)
{
	const char *good[] = {"en",	 "ru",	       "en-GB",	     "zh-Hant-TW", "sr-Latn",
			      "es-419",	 "de-CH-1901", "sl-rozaj",   "EN-gb",	   "fil",
			      "sr-Latn-RS", "ca-valencia", "de-1996", "hy-Latn-IT-arevela"};
	for (size_t i = 0; i < sizeof(good) / sizeof(good[0]); i++)
		if (item_valid_lang(good[i]) != 0)
			CHECK_STR("rejected", good[i]);
}

TEST(item_valid_lang_bad)
{
	const char *bad[] = {"",	  "english", "en_GB",	 "e",	     "en-",
			     "-en",	  "en--GB",  "en-GB-GB", "zh-Hant-Hans", "en-1",
			     "abcd",	  "en GB",   "en-x-private", "e1",   "en-GB-",
			     "en-toolongvariant", "ru-RU-abc", "12"};
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		if (item_valid_lang(bad[i]) == 0)
			CHECK_STR("accepted", bad[i]);
	CHECK(item_valid_lang(NULL) != 0);
}

TEST(item_valid_slug_cases)
{
	CHECK(item_valid_slug("a") == 0);
	CHECK(item_valid_slug("abc-123") == 0);
	CHECK(item_valid_slug("2017") == 0);
	char s[122];
	memset(s, 'a', 120);
	s[120] = '\0';
	CHECK(item_valid_slug(s) == 0);
	s[120] = 'a';
	s[121] = '\0';
	CHECK(item_valid_slug(s) != 0);
	const char *bad[] = {"", "-a", "a-", "A", "a b", "a_b", "\xc3\xbc", "a/b", "a.b"};
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		if (item_valid_slug(bad[i]) == 0)
			CHECK_STR("accepted", bad[i]);
	CHECK(item_valid_slug(NULL) != 0);
}

TEST(item_valid_url_good)
{
	const char *good[] = {
		"http://example.com",
		"https://example.com/",
		"HTTPS://Example.COM/path?q=1&r=2#frag",
		"http://127.0.0.1:8080/",
		"http://[::1]:443/x",
		"https://[2001:db8::1]",
		"https://ru.wikipedia.org/wiki/Москва",
		"https://президент.рф/",
		"https://www.mid.ru/ru/foreign_policy/news/1234567/",
		"http://a.b-c.example:65535?x",
	};
	for (size_t i = 0; i < sizeof(good) / sizeof(good[0]); i++)
		if (item_valid_url(good[i]) != 0)
			CHECK_STR("rejected", good[i]);
}

TEST(item_valid_url_bad)
{
	const char *bad[] = {
		"",
		"ftp://example.com/",
		"http//example.com",
		"http:/example.com",
		"http://",
		"http:///path",
		"http://exa mple.com",
		"http://example.com/a b",
		"http://example.com/\"onmouseover",
		"http://example.com/'x'",
		"http://example.com/<script>",
		"http://example.com/>",
		"javascript:alert(1)",
		"//example.com/",
		"http://user@example.com/",
		"http://example.com:/",
		"http://example.com:99999/",
		"http://example.com:0/",
		"http://example.com:80a/",
		"http://[::1/",
		"http://[zz]/",
		"http://[]/",
		"http://ex\tample.com",
		"http://example.com/\x01",
		"http://example.com/\x7f",
		"http://example.com/\xff",
		"http://example.com\\@evil.com/",
		" http://example.com",
		"http://.../",
	};
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		if (item_valid_url(bad[i]) == 0)
			CHECK_STR("accepted", bad[i]);
	CHECK(item_valid_url(NULL) != 0);
	char *longu = malloc(2100);
	memcpy(longu, "http://example.com/", 19);
	memset(longu + 19, 'a', 2048 - 19);
	longu[2048] = '\0';
	CHECK(item_valid_url(longu) == 0);
	longu[2048] = 'a';
	longu[2049] = '\0';
	CHECK(item_valid_url(longu) != 0);
	free(longu);
}

static const char *slug_of(const char *title, char *out, size_t outsz)
{
	item_slugify(title, out, outsz);
	return out;
}

TEST(item_slugify_english)
{
	char s[128];
	CHECK_STR(slug_of("Hello, World!", s, sizeof(s)), "hello-world");
	CHECK_STR(slug_of("  --Foo--  ", s, sizeof(s)), "foo");
	CHECK_STR(slug_of("Russia's position", s, sizeof(s)), "russias-position");
	CHECK_STR(slug_of("Russia\xe2\x80\x99s position", s, sizeof(s)), "russias-position");
	CHECK_STR(slug_of("G20 summit: 2017/11/30", s, sizeof(s)), "g20-summit-2017-11-30");
	CHECK_STR(slug_of("Caf\xc3\xa9 Z\xc3\xbcrich Stra\xc3\x9f" "e", s, sizeof(s)),
		  "cafe-zurich-strasse");
	CHECK_STR(slug_of("\xe4\xb8\xad\xe6\x96\x87", s, sizeof(s)), "");
	CHECK_STR(slug_of("", s, sizeof(s)), "");
	CHECK_STR(slug_of(NULL, s, sizeof(s)), "");
	CHECK_STR(slug_of("bad \xff utf8", s, sizeof(s)), "bad-utf8");
}

TEST(item_slugify_russian)
{
	char s[128];
	CHECK_STR(slug_of("Заявление МИД России", s, sizeof(s)), "zayavlenie-mid-rossii");
	CHECK_STR(slug_of("Щука и жёлтый ёж", s, sizeof(s)), "shchuka-i-zhyoltyy-yozh");
	CHECK_STR(slug_of("Хорошо, цапля, чай, шея", s, sizeof(s)),
		  "khorosho-tsaplya-chay-sheya");
	CHECK_STR(slug_of("Объявление: Юля и Эмма, 2017", s, sizeof(s)),
		  "obyavlenie-yulya-i-emma-2017");
	CHECK_STR(slug_of("ЩЁЛКОВО — ПОДЪЕЗД", s, sizeof(s)), "shchyolkovo-podezd");
	CHECK_STR(slug_of("Київ і Львів", s, sizeof(s)), "kiyiv-i-lviv"); /* Russian и */
	CHECK_STR(slug_of("Брифинг М.В.Захаровой", s, sizeof(s)), "brifing-m-v-zakharovoy");
}

TEST(item_slugify_limits)
{
	char s[128];
	/* 80 bytes at most, ended on a word rather than a fragment. */
	const char *t = "Ambassador's remarks at the reception on the occasion of the national day "
			"of the Russian Federation";
	slug_of(t, s, sizeof(s));
	CHECK(strlen(s) <= 80);
	CHECK_STR(s, "ambassadors-remarks-at-the-reception-on-the-occasion-of-the-national-day-of-the");
	CHECK(item_valid_slug(s) == 0);
	/* One long word is cut, never left with a trailing '-'. */
	char w[200];
	memset(w, 'x', 150);
	w[150] = '\0';
	slug_of(w, s, sizeof(s));
	CHECK(strlen(s) == 80);
	/* Transliterations are not split: 40 x "щ" would need 160 bytes. */
	char r[200] = "";
	for (int i = 0; i < 40; i++)
		strncat(r, "щ", sizeof(r) - strlen(r) - 1);
	slug_of(r, s, sizeof(s));
	CHECK(strlen(s) == 80 && strncmp(s + 76, "shch", 4) == 0);
	CHECK_STR(slug_of("hello world", s, 6), "hello");
	CHECK_STR(slug_of("hello world", s, 9), "hello");
	CHECK_STR(slug_of("hello", s, 1), "");
	item_slugify("hello", s, 0); /* writes nothing */
}
