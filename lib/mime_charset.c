/* mime_charset.c - any declared charset to UTF-8, never failing
 *
 * iconv(3) does the conversions; what it cannot do (an unknown name, a
 * byte sequence the declared charset does not have) falls back to
 * UTF-8 when the bytes are valid UTF-8, else to Windows-1252, the
 * charset such mail is almost always really in.
 */
#include <ctype.h>
#include <errno.h>
#include <iconv.h>
#include <stdio.h>
#include <string.h>

#include "mime.h"
#include "utf8.h"

/* ---- charsets ---- */

/* Windows-1252 0x80-0x9f; the five holes keep their C1 code point. */
static const uint16_t cp1252_high[32] = {
	0x20ac, 0x0081, 0x201a, 0x0192, 0x201e, 0x2026, 0x2020, 0x2021,
	0x02c6, 0x2030, 0x0160, 0x2039, 0x0152, 0x008d, 0x017d, 0x008f,
	0x0090, 0x2018, 0x2019, 0x201c, 0x201d, 0x2022, 0x2013, 0x2014,
	0x02dc, 0x2122, 0x0161, 0x203a, 0x0153, 0x009d, 0x017e, 0x0178
};

void
mime_cp1252(const char *s, size_t len, struct mbuf *out)
{
	char enc[4];
	size_t i, from = 0;

	for (i = 0; i < len; i++) {
		unsigned char c = (unsigned char)s[i];
		uint32_t cp;

		if (c < 0x80)
			continue;
		mbuf_add(out, s + from, i - from);
		cp = c < 0xa0 ? cp1252_high[c - 0x80] : c;
		mbuf_add(out, enc, (size_t)utf8_encode(cp, enc));
		from = i + 1;
	}
	mbuf_add(out, s + from, len - from);
}

static int
is_ascii(const char *s, size_t len)
{
	size_t i;

	for (i = 0; i < len; i++)
		if ((unsigned char)s[i] >= 0x80)
			return 0;
	return 1;
}

/* Lower-cased charset name without quotes or an RFC 2231 "*lang";
 * "" when it is not a plausible name (so iconv never sees odd text). */
static void
charset_name(const char *cs, char *out, size_t size)
{
	size_t i = 0;

	if (cs == NULL)
		cs = "";
	while (*cs == '"' || *cs == '\'' || *cs == ' ')
		cs++;
	for (; *cs != '\0' && *cs != '*' && *cs != '"' && *cs != '\'' &&
	    *cs != ' '; cs++) {
		char c = (char)tolower((unsigned char)*cs);

		if (i + 1 >= size || !(isalnum((unsigned char)c) || c == '-' ||
		    c == '_' || c == '.' || c == ':' || c == '+')) {
			out[0] = '\0';
			return;
		}
		out[i++] = c;
	}
	out[i] = '\0';
}

static const char *const utf8_names[] = {
	"", "us-ascii", "ascii", "utf-8", "utf8", "unicode-1-1-utf-8",
	"ansi_x3.4-1968", "7bit", "8bit", "x-unknown", NULL
};
static const char *const cp1252_names[] = {
	"iso-8859-1", "iso8859-1", "latin1", "latin-1", "l1", "windows-1252",
	"cp1252", "x-cp1252", "iso_8859-1", "cp819", NULL
};
/* Names mailers use that iconv does not know, or knows too narrowly. */
static const char *const aliases[][2] = {
	{ "ks_c_5601-1987", "CP949" }, { "gb2312", "GB18030" },
	{ "gbk", "GB18030" }, { "x-sjis", "SHIFT_JIS" },
	{ "shift-jis", "SHIFT_JIS" }, { "x-euc-jp", "EUC-JP" },
	{ "iso-2022-jp", "ISO-2022-JP-3" }, { "big5", "BIG5-HKSCS" },
	{ NULL, NULL }
};

static int
in_names(const char *const *list, const char *s)
{
	for (; *list != NULL; list++)
		if (strcmp(*list, s) == 0)
			return 1;
	return 0;
}

/* Valid UTF-8 as it is, else Windows-1252. */
static void
fallback(const char *s, size_t len, struct mbuf *out)
{
	if (utf8_valid(s, len) == len)
		mbuf_add(out, s, len);
	else
		mime_cp1252(s, len, out);
}

/* One iconv descriptor kept open for the charset last used. */
static iconv_t	cached_cd = (iconv_t)-1;
static char	cached_name[48];

static iconv_t
get_iconv(const char *name)
{
	const char *target = name;
	size_t i;

	if (cached_cd != (iconv_t)-1 && strcmp(cached_name, name) == 0) {
		iconv(cached_cd, NULL, NULL, NULL, NULL);
		return cached_cd;
	}
	if (cached_cd != (iconv_t)-1)
		iconv_close(cached_cd);
	cached_name[0] = '\0';
	for (i = 0; aliases[i][0] != NULL; i++)
		if (strcmp(aliases[i][0], name) == 0)
			target = aliases[i][1];
	if ((cached_cd = iconv_open("UTF-8", target)) != (iconv_t)-1)
		snprintf(cached_name, sizeof(cached_name), "%s", name);
	return cached_cd;
}

/* Convert with iconv; -1 (nothing appended) on an invalid sequence. */
static int
convert(iconv_t cd, const char *s, size_t len, struct mbuf *out)
{
	char tmp[4096], *in = (char *)s, *o;
	size_t inleft = len, oleft, start = out->len;

	while (inleft > 0) {
		o = tmp;
		oleft = sizeof(tmp);
		if (iconv(cd, &in, &inleft, &o, &oleft) == (size_t)-1 &&
		    errno != E2BIG) {
			if (errno == EINVAL) {	/* cut short at the end */
				mbuf_add(out, tmp, sizeof(tmp) - oleft);
				break;
			}
			out->len = start;
			if (out->s != NULL)
				out->s[start] = '\0';
			return -1;
		}
		mbuf_add(out, tmp, sizeof(tmp) - oleft);
	}
	o = tmp;
	oleft = sizeof(tmp);
	iconv(cd, NULL, NULL, &o, &oleft);	/* shift back (ISO-2022) */
	mbuf_add(out, tmp, sizeof(tmp) - oleft);
	return 0;
}

void
mime_to_utf8(const char *charset, const char *s, size_t len,
    struct mbuf *out, unsigned *warn)
{
	char name[48];
	iconv_t cd;

	charset_name(charset, name, sizeof(name));
	if (in_names(utf8_names, name)) {
		if (utf8_valid(s, len) == len)
			mbuf_add(out, s, len);
		else {
			mime_cp1252(s, len, out);
			*warn |= MIME_W_CHARSET;
		}
		return;
	}
	if (in_names(cp1252_names, name) || is_ascii(s, len)) {
		if (is_ascii(s, len) && strncmp(name, "utf-16", 6) != 0 &&
		    strncmp(name, "utf-32", 6) != 0 &&
		    strncmp(name, "iso-2022", 8) != 0 &&
		    strcmp(name, "utf-7") != 0)
			mbuf_add(out, s, len);
		else if (in_names(cp1252_names, name))
			mime_cp1252(s, len, out);
		else
			goto other;
		return;
	}
other:
	if (name[0] == '\0' || (cd = get_iconv(name)) == (iconv_t)-1 ||
	    convert(cd, s, len, out) == -1) {
		fallback(s, len, out);
		*warn |= MIME_W_CHARSET;
	}
}

