/*
 * plaintext: the plain-text news page importer, import_plaintext(), and its
 * sniffer, on any text. Accepted entries must be items the store takes with
 * bodies that render cleanly; the header strings must be terminated; a refusal
 * must be one "page.txt:LINE: what" message.
 */
#include "import_check.h"

static void check_field(const char *what, const char *s, size_t cap)
{
	if (!memchr(s, '\0', cap))
		FZ_FAIL("header %s not terminated", what);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size > 262144)
		return 0;
	const char *text = (const char *)data;
	(void)import_plaintext_sniff(text, size);
	struct import_batch b;
	import_batch_init(&b);
	struct pt_header hdr;
	memset(&hdr, 0x5a, sizeof(hdr)); /* the importer must fill what it reports */
	struct buf err;
	buf_init(&err, 4096);
	if (import_plaintext("page.txt", text, size, "Europe/London", "en", &b, &hdr, &err) == 0) {
		fz_check_batch("import_plaintext", &b);
		check_field("date", hdr.date, sizeof(hdr.date));
		if (hdr.nclocks > PT_MAX_CLOCKS)
			FZ_FAIL("%zu clocks", hdr.nclocks);
		for (size_t i = 0; i < hdr.nclocks; i++) {
			check_field("clock label", hdr.clock_label[i], sizeof(hdr.clock_label[i]));
			check_field("clock time", hdr.clock_time[i], sizeof(hdr.clock_time[i]));
		}
		check_field("contact title", hdr.contact_title, sizeof(hdr.contact_title));
		check_field("contact phone", hdr.contact_phone, sizeof(hdr.contact_phone));
		check_field("contact email", hdr.contact_email, sizeof(hdr.contact_email));
		check_field("contact address", hdr.contact_address, sizeof(hdr.contact_address));
		for (size_t i = 0; i < b.n && i < 4; i++)
			(void)import_guess_kind(b.v[i].it.title);
	} else {
		fz_check_message("import_plaintext", "page.txt", buf_str(&err));
	}
	buf_release(&err);
	import_batch_clear(&b);
	return 0;
}
