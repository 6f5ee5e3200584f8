/*
 * wxr: the WordPress export reader, import_wxr(), on any file (through the safe
 * XML reader, the sanitizer and the Markdown writer). A batch it accepts must
 * hold only items the store takes, with bodies that render cleanly; a refusal
 * must be one "export.xml:LINE: what" message. wxr_sniff() runs on the same text.
 */
#include "import_check.h"

#include "../../src/cli/frontmatter.h"
#include "../../src/syndicate/wxr.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size > 262144)
		return 0;
	const char *text = (const char *)data;
	(void)wxr_sniff(text, size);
	struct fm_defaults d = {.timezone = "Europe/London", .lang = "en"};
	struct import_batch b;
	import_batch_init(&b);
	struct buf err;
	buf_init(&err, 4096);
	if (import_wxr("export.xml", text, size, &d, &b, &err) == 0) {
		fz_check_batch("import_wxr", &b);
		buf_reset(&err);
		(void)import_batch_check(&b, &err);
	} else {
		fz_check_message("import_wxr", "export.xml", buf_str(&err));
	}
	buf_release(&err);
	import_batch_clear(&b);
	return 0;
}
