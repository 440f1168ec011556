/* test_mime.c - headers, encoded words, parameters, addresses, bodies */
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "mime.h"

static const char *
words(const char *s, unsigned *warn)
{
	static struct mbuf b;

	mbuf_reset(&b);
	*warn = 0;
	mime_decode_words(s, strlen(s), &b, warn);
	return mbuf_str(&b);
}

static void
test_words(void)
{
	unsigned w;

	CHECK_STR(words("=?ISO-8859-1?Q?Andr=E9?= Pirard", &w), "André Pirard");
	CHECK_INT(w, 0);
	/* Adjacent words join without the space between them. */
	CHECK_STR(words("=?ISO-8859-1?B?SWYgeW91IGNhbiByZWFkIHRoaXMgeW8=?= "
	    "=?ISO-8859-2?B?dSB1bmRlcnN0YW5kIHRoZSBleGFtcGxlLg==?=", &w),
	    "If you can read this you understand the example.");
	CHECK_INT(w, 0);
	CHECK_STR(words("=?utf-8?Q?sende=C3=A4r?=", &w), "sendeär");
	CHECK_INT(w, 0);
	/* A UTF-8 character split over two words. */
	CHECK_STR(words("=?UTF-8?B?w6E=?= =?UTF-8?B?bw==?= x", &w), "áo x");
	CHECK_STR(words("=?utf-8?Q?=C3?=\n =?utf-8?Q?=A1?=", &w), "á");
	CHECK_STR(words("[PRJ] asdf  =?utf-8?Q?=C3=A1_b?=", &w),
	    "[PRJ] asdf  á b");
	CHECK_STR(words("=?iso-2022-jp?B?GyRCRnxLXDhsGyhC?=", &w), "日本語");
	/* Raw 8-bit: UTF-8 kept, Latin-1 read as Windows-1252. */
	CHECK_STR(words("Caf\xc3\xa9", &w), "Café");
	CHECK_INT(w, 0);
	CHECK_STR(words("Caf\xe9 \x80", &w), "Café €");
	CHECK_INT(w, MIME_W_8BIT);
	/* Unknown charset: Windows-1252, with a warning. */
	CHECK_STR(words("=?NONE?Q?a=E9?=", &w), "aé");
	CHECK_INT(w & MIME_W_CHARSET, MIME_W_CHARSET);
	CHECK_STR(words("=?utf-8?Q?broken", &w), "=?utf-8?Q?broken");
	CHECK_STR(words("=?x?b?YQ=", &w), "=?x?b?YQ=");
}

static void
test_headers(void)
{
	const char *msg = "From: A <a@x.org>\r\nSubject: one\r\n two\r\n"
	    "X-Empty:\r\nReceived: from x\r\nby y; 1 Jan 2020\r\n"
	    "To: b@y\r\n\r\nbody\r\n";
	struct mime_headers h = { 0 };
	size_t off = mime_headers_parse(msg, strlen(msg), &h, 100);

	CHECK_STR(msg + off, "body\r\n");
	CHECK_STR(mime_header(&h, "subject"), "one  two");
	CHECK_STR(mime_header(&h, "x-empty"), "");
	CHECK_STR(mime_header(&h, "Received"), "from x by y; 1 Jan 2020");
	CHECK_STR(mime_header(&h, "TO"), "b@y");
	CHECK(mime_header(&h, "Date") == NULL);
	mime_headers_free(&h);
	/* No empty line: a line that is not a field starts the body. */
	msg = "Subject: x\nhello there\n";
	off = mime_headers_parse(msg, strlen(msg), &h, 100);
	CHECK_STR(msg + off, "hello there\n");
	mime_headers_free(&h);
}

static const char *
param(const char *v, const char *name)
{
	static struct mbuf b;
	unsigned w = 0;

	mbuf_reset(&b);
	if (!mime_param(v, name, &b, &w))
		return "(none)";
	return mbuf_str(&b);
}

static void
test_params(void)
{
	char t[64];

	mime_content_type(" Text/HTML ; charset=x", "text/plain", t,
	    sizeof(t));
	CHECK_STR(t, "text/html");
	mime_content_type("text", "text/plain", t, sizeof(t));
	CHECK_STR(t, "text/plain");
	mime_content_type(NULL, "text/plain", t, sizeof(t));
	CHECK_STR(t, "text/plain");
	CHECK_STR(param("text/plain; charset=\"ISO-8859-1\"", "charset"),
	    "ISO-8859-1");
	CHECK_STR(param("multipart/mixed; boundary=abc;x=y", "boundary"),
	    "abc");
	CHECK_STR(param("attachment; filename*=UTF-8''%E2%82%AC%20rates.txt",
	    "filename"), "€ rates.txt");
	CHECK_STR(param("attachment; filename*0*=iso-8859-1'es'Factura%20;"
	    " filename*1=\"n\xfamero.pdf\"", "filename"), "Factura número.pdf");
	CHECK_STR(param("a; filename*1=\"b.txt\"; filename*0=\"a\"",
	    "filename"), "ab.txt");
	CHECK_STR(param("a; name=\"=?UTF-8?B?w6E=?=.doc\"", "name"), "á.doc");
	CHECK_STR(param("a; name=\"a\\\"b\"", "name"), "a\"b");
	CHECK_STR(param("a; boundary=\"\"", "boundary"), "");
	CHECK_STR(param("a; nameX=1", "name"), "(none)");
	CHECK_STR(param("a; name=\"x;y\"; charset=z", "charset"), "z");
}

static char got[1024];

static void
on_addr(const char *name, const char *addr, void *arg)
{
	size_t n = strlen(got);

	snprintf(got + n, sizeof(got) - n, "%s[%s|%s]", n ? "," : "", name,
	    addr);
}

static const char *
addrs(const char *v)
{
	unsigned w = 0;

	got[0] = '\0';
	mime_addresses(v, on_addr, NULL, &w);
	return got;
}

static void
test_addresses(void)
{
	CHECK_STR(addrs("\"Doe, John\" <j@x.org>, b@y.org"),
	    "[Doe, John|j@x.org],[|b@y.org]");
	CHECK_STR(addrs("tyra3l@gmail.com (Ferenc Kovacs)"),
	    "[Ferenc Kovacs|tyra3l@gmail.com]");
	CHECK_STR(addrs("=?ISO-8859-1?Q?Keld_J=F8rn_Simonsen?= <keld@dkuug.dk>"),
	    "[Keld Jørn Simonsen|keld@dkuug.dk]");
	CHECK_STR(addrs("team: a@x.org, B <b@x.org>;, c@x.org,"),
	    "[|a@x.org],[B|b@x.org],[|c@x.org]");
	CHECK_STR(addrs("undisclosed-recipients:;"), "");
	CHECK_STR(addrs("Jöhn Doe <jdöe@mächine.example>"),
	    "[Jöhn Doe|jdöe@mächine.example]");
	CHECK_STR(addrs("<@route:a@b.c>"), "[|@route:a@b.c]");
}

static char ids[512];

static int
on_id(const char *id, size_t len, void *arg)
{
	size_t n = strlen(ids);

	snprintf(ids + n, sizeof(ids) - n, "%s%.*s", n ? "," : "", (int)len,
	    id);
	return 0;
}

static void
test_msgids(void)
{
	ids[0] = '\0';
	mime_msgids("<a@b> (comment)\n <c@d>", on_id, NULL);
	CHECK_STR(ids, "a@b,c@d");
	ids[0] = '\0';
	mime_msgids("bare@id other", on_id, NULL);
	CHECK_STR(ids, "bare@id");
}

static void
test_bodies(void)
{
	struct mbuf b = { 0 };
	unsigned w = 0;
	size_t n;

	mime_qp_decode("caf=C3=A9 =\nlong=3D=\r\nline= =XY end=", 36, &b);
	CHECK_STR(mbuf_str(&b), "café long=line= =XY end");
	mbuf_reset(&b);
	n = mime_b64_decode("aGVs\nbG8=\n", 10, &b, &w);
	CHECK_INT(n, 5);
	CHECK_STR(mbuf_str(&b), "hello");
	CHECK_INT(w, 0);
	mbuf_reset(&b);
	mime_b64_decode("aGV*sbG8", 8, &b, &w);
	CHECK_STR(mbuf_str(&b), "hello");
	CHECK_INT(w, MIME_W_BASE64);
	CHECK_INT(mime_b64_decode("QUJD", 4, NULL, &w), 3);
	mbuf_reset(&b);
	w = 0;
	mime_to_utf8("koi8-r", "\xf0\xd2\xc9\xd7\xc5\xd4", 6, &b, &w);
	CHECK_STR(mbuf_str(&b), "Привет");
	CHECK_INT(w, 0);
	mbuf_reset(&b);
	mime_to_utf8("utf-16le", "h\0i\0", 4, &b, &w);
	CHECK_STR(mbuf_str(&b), "hi");
	mbuf_reset(&b);
	mime_to_utf8("shift_jis", "\x93\xfa\x96\x7b", 4, &b, &w);
	CHECK_STR(mbuf_str(&b), "日本");
	mbuf_reset(&b);
	mime_to_utf8("iso-8859-15", "\xa4", 1, &b, &w);
	CHECK_STR(mbuf_str(&b), "€");
	mbuf_reset(&b);
	mime_to_utf8("ISO-8859-1", "\x93\xf1\x94", 3, &b, &w);
	CHECK_STR(mbuf_str(&b), "“ñ”");
	CHECK_INT(w, 0);
	/* Lying charsets and unknown ones: UTF-8 if valid, else cp1252. */
	mime_to_utf8("us-ascii", "\xc3\xb1", 2, &b, &w);
	CHECK_INT(w, 0);
	mbuf_reset(&b);
	mime_to_utf8("utf-8", "a\xf1", 2, &b, &w);
	CHECK_STR(mbuf_str(&b), "añ");
	CHECK_INT(w, MIME_W_CHARSET);
	mbuf_reset(&b);
	w = 0;
	mime_to_utf8("x-unheard-of", "\xe9", 1, &b, &w);
	CHECK_STR(mbuf_str(&b), "é");
	CHECK_INT(w, MIME_W_CHARSET);
	mbuf_reset(&b);
	w = 0;
	mime_to_utf8("../../etc/passwd", "ok", 2, &b, &w);
	CHECK_STR(mbuf_str(&b), "ok");
	mbuf_free(&b);

	CHECK_INT(mime_is_boundary("--abc", 5, "abc", 3), 1);
	CHECK_INT(mime_is_boundary("--abc--  ", 9, "abc", 3), 2);
	CHECK_INT(mime_is_boundary("--abcd", 6, "abc", 3), 0);
	CHECK_INT(mime_is_boundary("-abc", 4, "abc", 3), 0);
}

int
main(void)
{
	char hex[33];

	test_words();
	test_headers();
	test_params();
	test_addresses();
	test_msgids();
	test_bodies();
	CHECK_STR(mime_digest_hex("x", 1, hex), mime_digest_hex("x", 1, hex));
	CHECK_INT(strlen(hex), 32);
	return CHECK_DONE();
}
