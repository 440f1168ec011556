/* fuzz_email.c - libFuzzer target for the e-mail parsers
 *
 * Each input is one message: it goes through the whole conversion of
 * scs-ingest -f email (headers, the MIME walk, transfer and charset
 * decoding, HTML to text, quote stripping, the record), and its bytes
 * also straight into the header-value parsers and the text functions,
 * which then see input no header line would give them.
 * Built and run by scripts/fuzz-email.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "diag.h"
#include "ingest.h"
#include "jarena.h"
#include "mailtext.h"
#include "mime.h"
#include "record.h"

int	LLVMFuzzerInitialize(int *, char ***);
int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

static struct ingest ing;

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	FILE *null = fopen("/dev/null", "w");

	diag_init("fuzz_email");
	jarena_init();
	rec_out_init(null != NULL ? null : stdout);
	ing.file = "fuzz";
	ing.format = "email";
	ing.keep_quoted = 1;
	return 0;
}

static void
on_addr(const char *name, const char *addr, void *arg)
{
	(*(size_t *)arg) += strlen(name) + strlen(addr);
}

static int
on_id(const char *id, size_t len, void *arg)
{
	(*(size_t *)arg) += len;
	return 0;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *s = (const char *)data;
	struct mbuf out = { 0 };
	char *z, type[64];
	size_t sink = 0;
	unsigned w = 0;

	email_message(&ing, s, size, 1, NULL, 0);

	if ((z = malloc(size + 1)) == NULL)
		return 0;
	memcpy(z, data, size);
	z[size] = '\0';
	mime_decode_words(s, size, &out, &w);
	mbuf_reset(&out);
	mime_param(z, "filename", &out, &w);
	mime_content_type(z, "text/plain", type, sizeof(type));
	mime_addresses(z, on_addr, &sink, &w);
	mime_msgids(z, on_id, &sink);
	mbuf_reset(&out);
	mime_qp_decode(s, size, &out);
	mbuf_reset(&out);
	mime_b64_decode(s, size, &out, &w);
	mbuf_reset(&out);
	mime_to_utf8(size > 0 && data[0] & 1 ? "iso-2022-jp" : "utf-16",
	    s, size, &out, &w);
	mbuf_reset(&out);
	mailtext_html(s, size, &out);
	mbuf_reset(&out);
	mailtext_visible(s, size, &out);
	mbuf_free(&out);
	free(z);
	return 0;
}
