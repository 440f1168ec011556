/* mime.c - header fields, encoded words, parameters, addresses, bodies
 *
 * Written from RFC 5322 (message format), RFC 2045-2047 (MIME, encoded
 * words), RFC 2231 (parameter continuations and charsets) and RFC 6532
 * (raw UTF-8 headers).  Real mail breaks every one of them, so nothing
 * here refuses input: it reads what it can and says what it could not.
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "diag.h"
#include "mime.h"
#include "utf8.h"

/* ---- buffers ---- */

void
mbuf_add(struct mbuf *b, const void *p, size_t n)
{
	if (b->len + n + 1 > b->cap) {
		size_t ncap = b->cap ? b->cap : 256;
		char *ns;

		while (ncap < b->len + n + 1)
			ncap *= 2;
		if ((ns = realloc(b->s, ncap)) == NULL)
			diag_fatal(EX_SOFTWARE, "out of memory");
		b->s = ns;
		b->cap = ncap;
	}
	if (n > 0)
		memcpy(b->s + b->len, p, n);
	b->len += n;
	b->s[b->len] = '\0';
}

void
mbuf_adds(struct mbuf *b, const char *s)
{
	mbuf_add(b, s, strlen(s));
}

void
mbuf_addc(struct mbuf *b, char c)
{
	mbuf_add(b, &c, 1);
}

void
mbuf_reset(struct mbuf *b)
{
	b->len = 0;
	if (b->s != NULL)
		b->s[0] = '\0';
}

void
mbuf_free(struct mbuf *b)
{
	free(b->s);
	b->s = NULL;
	b->len = b->cap = 0;
}

const char *
mbuf_str(const struct mbuf *b)
{
	return b->len > 0 ? b->s : "";
}

static char *
xstrndup(const char *s, size_t n)
{
	char *d = malloc(n + 1);

	if (d == NULL)
		diag_fatal(EX_SOFTWARE, "out of memory");
	memcpy(d, s, n);
	d[n] = '\0';
	return d;
}

static int
is_wsp(int c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

/* ---- header fields ---- */

static void
add_field(struct mime_headers *h, const char *name, size_t nlen,
    const char *val, size_t vlen)
{
	if (h->n == h->cap) {
		size_t ncap = h->cap ? h->cap * 2 : 16;
		struct mime_field *nv = realloc(h->v, ncap * sizeof(*nv));

		if (nv == NULL)
			diag_fatal(EX_SOFTWARE, "out of memory");
		h->v = nv;
		h->cap = ncap;
	}
	h->v[h->n].name = xstrndup(name, nlen);
	h->v[h->n].value = xstrndup(val, vlen);
	h->n++;
}

/* Length of a field name at the start of s[0..n), if ':' follows it. */
static size_t
field_name_len(const char *s, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];

		if (c == ':')
			break;
		if (c <= 32 || c >= 127)
			return 0;
	}
	if (i == n || i == 0)
		return 0;
	return i;
}

/* Where the next field line is, from off on, if one comes before an
 * empty line; else 0. */
static size_t
next_field(const char *s, size_t len, size_t off)
{
	const char *line, *p;
	size_t n, i, at;

	while (off < len) {
		at = off;
		line = s + off;
		p = memchr(line, '\n', len - off);
		n = p ? (size_t)(p - line) : len - off;
		off += n + 1;
		if (n > 0 && line[n - 1] == '\r')
			n--;
		if (n == 0)
			return 0;
		for (i = 0; i < n && (isalnum((unsigned char)line[i]) ||
		    line[i] == '-'); i++)
			;
		if (i > 0 && i < n && line[i] == ':')
			return at;
	}
	return 0;
}

/* Trim, drop the line breaks of folding, keep everything else. */
static void
flush_field(struct mime_headers *h, size_t max, const char *name,
    size_t nlen, struct mbuf *val)
{
	size_t a = 0, b = val->len;

	if (h->n >= max)
		return;
	while (a < b && is_wsp((unsigned char)val->s[a]))
		a++;
	while (b > a && is_wsp((unsigned char)val->s[b - 1]))
		b--;
	add_field(h, name, nlen, val->s ? val->s + a : "", b - a);
}

size_t
mime_headers_parse(const char *s, size_t len, struct mime_headers *h,
    size_t max_fields)
{
	struct mbuf val = { 0 };
	const char *name = NULL;
	size_t nlen = 0, off = 0, end, linelen, nl, cont_until = 0;

	while (off < len) {
		const char *line = s + off, *p;

		p = memchr(line, '\n', len - off);
		end = p ? (size_t)(p - s) + 1 : len;
		linelen = (p ? (size_t)(p - line) : len - off);
		if (linelen > 0 && line[linelen - 1] == '\r')
			linelen--;
		if (linelen == 0) {		/* the empty line */
			off = end;
			break;
		}
		if (line[0] == ' ' || line[0] == '\t') {
			if (name != NULL) {
				mbuf_addc(&val, ' ');
				mbuf_add(&val, line, linelen);
			}
			off = end;
			continue;
		}
		/* A forwarded message may keep its mbox "From " line. */
		if (name == NULL && h->n == 0 && linelen >= 5 &&
		    memcmp(line, "From ", 5) == 0) {
			off = end;
			continue;
		}
		if ((nl = field_name_len(line, linelen)) == 0) {
			/* A continuation a broken mailer did not indent, when
			 * more fields follow before the empty line. */
			/* (Up to the field found, once: linear time.) */
			if (name != NULL && (end <= cont_until ||
			    (cont_until = next_field(s, len, end)) > 0)) {
				mbuf_addc(&val, ' ');
				mbuf_add(&val, line, linelen);
				off = end;
				continue;
			}
			break;			/* not a header: the body */
		}
		if (name != NULL)
			flush_field(h, max_fields, name, nlen, &val);
		name = line;
		nlen = nl;
		mbuf_reset(&val);
		mbuf_add(&val, line + nl + 1, linelen - nl - 1);
		off = end;
	}
	if (name != NULL)
		flush_field(h, max_fields, name, nlen, &val);
	mbuf_free(&val);
	return off;
}

void
mime_headers_free(struct mime_headers *h)
{
	size_t i;

	for (i = 0; i < h->n; i++) {
		free(h->v[i].name);
		free(h->v[i].value);
	}
	free(h->v);
	h->v = NULL;
	h->n = h->cap = 0;
}

const char *
mime_header_nth(const struct mime_headers *h, const char *name, size_t nth)
{
	size_t i;

	for (i = 0; i < h->n; i++)
		if (strcasecmp(h->v[i].name, name) == 0 && nth-- == 0)
			return h->v[i].value;
	return NULL;
}

const char *
mime_header(const struct mime_headers *h, const char *name)
{
	return mime_header_nth(h, name, 0);
}

/* ---- encoded words ---- */

#define MAX_WORD	4096	/* longest encoded word read */

static int
hexval(int c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	c = tolower(c);
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	return -1;
}

/*
 * An encoded word "=?cs?e?text?=" at s[0..len): its length, with the
 * charset, encoding and text spans; 0 if there is none.
 */
static size_t
encoded_word(const char *s, size_t len, const char **cs, size_t *cslen,
    char *enc, const char **txt, size_t *txtlen)
{
	size_t i, q1, q2;

	if (len < 8 || s[0] != '=' || s[1] != '?')
		return 0;
	for (i = 2; i < len && i < 64 && s[i] != '?' &&
	    !is_wsp((unsigned char)s[i]); i++)
		;
	if (i + 3 >= len || s[i] != '?' || i == 2)
		return 0;
	q1 = i;
	*enc = (char)tolower((unsigned char)s[q1 + 1]);
	if ((*enc != 'q' && *enc != 'b') || s[q1 + 2] != '?')
		return 0;
	/* RFC 2047 allows 75 characters; broken mailers write more, but a
	 * bound keeps a header full of "=?" scans linear. */
	for (i = q1 + 3; i + 1 < len && i < MAX_WORD; i++) {
		if (s[i] == '?' && s[i + 1] == '=')
			break;
		if (s[i] == '\n' || s[i] == '\r')
			return 0;
	}
	if (i + 1 >= len || i >= MAX_WORD)
		return 0;
	q2 = i;
	*cs = s + 2;
	*cslen = q1 - 2;
	*txt = s + q1 + 3;
	*txtlen = q2 - (q1 + 3);
	return q2 + 2;
}

static void
q_decode(const char *s, size_t len, struct mbuf *out)
{
	size_t i;
	int hi, lo;

	for (i = 0; i < len; i++) {
		if (s[i] == '_')
			mbuf_addc(out, ' ');
		else if (s[i] == '=' && i + 2 < len &&
		    (hi = hexval((unsigned char)s[i + 1])) >= 0 &&
		    (lo = hexval((unsigned char)s[i + 2])) >= 0) {
			mbuf_addc(out, (char)(hi << 4 | lo));
			i += 2;
		} else
			mbuf_addc(out, s[i]);
	}
}

/* Raw header text: UTF-8 kept, other 8-bit bytes read as cp1252. */
static void
raw_text(const char *s, size_t len, struct mbuf *out, unsigned *warn)
{
	if (utf8_valid(s, len) == len)
		mbuf_add(out, s, len);
	else {
		mime_cp1252(s, len, out);
		*warn |= MIME_W_8BIT;
	}
}

void
mime_decode_words(const char *s, size_t len, struct mbuf *out,
    unsigned *warn)
{
	struct mbuf pend = { 0 };	/* bytes of adjacent words, undecoded */
	char pcs[48] = "", cs[48], enc;
	const char *wcs, *txt;
	size_t i = 0, from = 0, n, wcslen, txtlen;
	int after_word = 0;

	while (i < len) {
		n = s[i] == '=' ? encoded_word(s + i, len - i, &wcs, &wcslen,
		    &enc, &txt, &txtlen) : 0;
		if (n == 0) {
			i++;
			continue;
		}
		snprintf(cs, sizeof(cs), "%.*s", (int)(wcslen < 47 ? wcslen :
		    47), wcs);
		if (!after_word || strcasecmp(cs, pcs) != 0) {
			if (pend.len > 0)
				mime_to_utf8(pcs, pend.s, pend.len, out, warn);
			mbuf_reset(&pend);
			if (!after_word)
				raw_text(s + from, i - from, out, warn);
		}
		if (enc == 'b') {
			unsigned w = 0;

			mime_b64_decode(txt, txtlen, &pend, &w);
			if (w)
				*warn |= MIME_W_WORD;
		} else
			q_decode(txt, txtlen, &pend);
		snprintf(pcs, sizeof(pcs), "%s", cs);
		i += n;
		from = i;
		after_word = 1;
		/* Space between two encoded words is dropped, and the
		 * bytes of words in one charset decoded together, so that
		 * a character split over two words comes out whole. */
		while (i < len && is_wsp((unsigned char)s[i]))
			i++;
		if (i < len && s[i] == '=' && encoded_word(s + i, len - i,
		    &wcs, &wcslen, &enc, &txt, &txtlen) > 0)
			continue;
		if (pend.len > 0)
			mime_to_utf8(pcs, pend.s, pend.len, out, warn);
		mbuf_reset(&pend);
		after_word = 0;
	}
	if (pend.len > 0)
		mime_to_utf8(pcs, pend.s, pend.len, out, warn);
	if (from < len)
		raw_text(s + from, len - from, out, warn);
	mbuf_free(&pend);
}

/* ---- structured values ---- */

void
mime_content_type(const char *value, const char *deflt, char *type,
    size_t size)
{
	size_t i = 0, slash = 0;
	const char *p = value ? value : "";

	while (*p == ' ' || *p == '\t')
		p++;
	for (; *p != '\0' && *p != ';' && !is_wsp((unsigned char)*p) &&
	    *p != '(' && i + 1 < size; p++) {
		if (*p == '/')
			slash = i;
		type[i++] = (char)tolower((unsigned char)*p);
	}
	type[i] = '\0';
	if (slash == 0 || type[i - 1] == '/')
		snprintf(type, size, "%s", deflt);
}

struct pval {
	int	 idx;		/* -1 for the plain name, else *N */
	int	 ext;		/* ends in '*': charset'lang'%XX */
	char	*v;
};

static int
pval_cmp(const void *a, const void *b)
{
	return ((const struct pval *)a)->idx - ((const struct pval *)b)->idx;
}

/* Percent-decoding of an extended value into out. */
static void
pct_decode(const char *s, struct mbuf *out)
{
	int hi, lo;

	for (; *s != '\0'; s++) {
		if (*s == '%' && (hi = hexval((unsigned char)s[1])) >= 0 &&
		    (lo = hexval((unsigned char)s[2])) >= 0) {
			mbuf_addc(out, (char)(hi << 4 | lo));
			s += 2;
		} else
			mbuf_addc(out, *s);
	}
}

/* Next "name=value" after a ';' from *pp; 0 at the end. */
static int
next_param(const char **pp, struct mbuf *name, struct mbuf *val)
{
	const char *p = *pp;

	mbuf_reset(name);
	mbuf_reset(val);
	while (*p != '\0' && *p != ';') {
		if (*p == '"') {		/* skip a quoted string */
			for (p++; *p != '\0' && *p != '"'; p++)
				if (*p == '\\' && p[1] != '\0')
					p++;
			if (*p == '"')
				p++;
		} else
			p++;
	}
	if (*p == '\0')
		return 0;
	p++;
	while (is_wsp((unsigned char)*p))
		p++;
	while (*p != '\0' && *p != '=' && *p != ';' && !is_wsp((unsigned char)*p))
		mbuf_addc(name, (char)tolower((unsigned char)*p++));
	while (is_wsp((unsigned char)*p))
		p++;
	if (*p == '=') {
		p++;
		while (is_wsp((unsigned char)*p))
			p++;
		if (*p == '"') {
			for (p++; *p != '\0' && *p != '"'; p++) {
				if (*p == '\\' && p[1] != '\0')
					p++;
				mbuf_addc(val, *p);
			}
			if (*p == '"')
				p++;
		} else {
			const char *e = p;

			while (*e != '\0' && *e != ';')
				e++;
			while (e > p && is_wsp((unsigned char)e[-1]))
				e--;
			mbuf_add(val, p, (size_t)(e - p));
			p = e;
		}
	}
	*pp = p;
	return 1;
}

#define MAX_SECTIONS	64

int
mime_param(const char *value, const char *name, struct mbuf *out,
    unsigned *warn)
{
	struct pval sec[MAX_SECTIONS];
	struct mbuf pn = { 0 }, pv = { 0 }, raw = { 0 };
	const char *p = value, *star;
	size_t nlen = strlen(name), nsec = 0, i;
	char cs[48] = "";
	int found = 0, plain = -1;

	while (p != NULL && next_param(&p, &pn, &pv)) {
		const char *k = mbuf_str(&pn);
		struct pval v;

		if (strncasecmp(k, name, nlen) != 0)
			continue;
		star = k + nlen;
		if (*star == '\0')
			v.idx = -1, v.ext = 0;
		else if (*star == '*' && star[1] == '\0')
			v.idx = 0, v.ext = 1;
		else if (*star == '*' && isdigit((unsigned char)star[1])) {
			char *e;

			v.idx = (int)strtol(star + 1, &e, 10);
			v.ext = *e == '*';
			if ((*e != '\0' && strcmp(e, "*") != 0) || v.idx >= 1000)
				continue;
		} else
			continue;
		if (nsec == MAX_SECTIONS)
			break;
		v.v = xstrndup(mbuf_str(&pv), pv.len);
		if (v.idx == -1 && plain == -1)
			plain = (int)nsec;
		sec[nsec++] = v;
	}
	if (nsec > 0) {
		/* Extended sections win over a plain name=. */
		int have_ext = 0;

		for (i = 0; i < nsec; i++)
			if (sec[i].idx >= 0)
				have_ext = 1;
		if (!have_ext) {
			mime_decode_words(sec[plain].v, strlen(sec[plain].v),
			    out, warn);
		} else {
			qsort(sec, nsec, sizeof(sec[0]), pval_cmp);
			for (i = 0; i < nsec; i++) {
				const char *s = sec[i].v;

				if (sec[i].idx < 0)
					continue;
				if (sec[i].ext && cs[0] == '\0' &&
				    (star = strchr(s, '\'')) != NULL &&
				    strchr(star + 1, '\'') != NULL) {
					snprintf(cs, sizeof(cs), "%.*s",
					    (int)(star - s < 47 ? star - s :
					    47), s);
					s = strchr(star + 1, '\'') + 1;
				}
				if (sec[i].ext)
					pct_decode(s, &raw);
				else
					mbuf_adds(&raw, s);
			}
			if (cs[0] != '\0')
				mime_to_utf8(cs, mbuf_str(&raw), raw.len, out,
				    warn);
			else
				mime_decode_words(mbuf_str(&raw), raw.len,
				    out, warn);
		}
		found = 1;
	}
	for (i = 0; i < nsec; i++)
		free(sec[i].v);
	mbuf_free(&pn);
	mbuf_free(&pv);
	mbuf_free(&raw);
	return found;
}

/* ---- bodies ---- */

void
mime_qp_decode(const char *s, size_t len, struct mbuf *out)
{
	size_t i, j, from = 0;
	int hi, lo;

	for (i = 0; i < len; i++) {
		if (s[i] != '=')
			continue;
		mbuf_add(out, s + from, i - from);
		from = i + 1;
		if (i + 2 < len && (hi = hexval((unsigned char)s[i + 1])) >= 0
		    && (lo = hexval((unsigned char)s[i + 2])) >= 0) {
			mbuf_addc(out, (char)(hi << 4 | lo));
			i += 2;
			from = i + 1;
			continue;
		}
		/* A soft line break: '=', optional space, the line end. */
		for (j = i + 1; j < len && (s[j] == ' ' || s[j] == '\t'); j++)
			;
		if (j < len && s[j] == '\r')
			j++;
		if (j < len && s[j] == '\n') {
			i = j;
			from = j + 1;
		} else if (j == len) {
			i = len;
			from = len;
		} else
			from = i;	/* a bare '=' stays */
	}
	if (from < len)
		mbuf_add(out, s + from, len - from);
}

static int
b64val(int c)
{
	if (c >= 'A' && c <= 'Z')
		return c - 'A';
	if (c >= 'a' && c <= 'z')
		return c - 'a' + 26;
	if (c >= '0' && c <= '9')
		return c - '0' + 52;
	if (c == '+' || c == '-')
		return 62;
	if (c == '/' || c == '_')
		return 63;
	return -1;
}

size_t
mime_b64_decode(const char *s, size_t len, struct mbuf *out, unsigned *warn)
{
	unsigned char tmp[3 * 256];
	size_t i, n = 0, t = 0;
	uint32_t acc = 0;
	int bits = 0, v;

	for (i = 0; i < len; i++) {
		unsigned char c = (unsigned char)s[i];

		if ((v = b64val(c)) < 0) {
			if (!is_wsp(c) && c != '=')
				*warn |= MIME_W_BASE64;
			continue;
		}
		acc = (acc << 6) | (uint32_t)v;
		bits += 6;
		if (bits >= 8) {
			bits -= 8;
			tmp[t++] = (unsigned char)(acc >> bits);
			acc &= (1u << bits) - 1;
			n++;
			if (t == sizeof(tmp)) {
				if (out != NULL)
					mbuf_add(out, tmp, t);
				t = 0;
			}
		}
	}
	if (bits >= 6)
		*warn |= MIME_W_BASE64;	/* one lone character at the end */
	if (out != NULL && t > 0)
		mbuf_add(out, tmp, t);
	return n;
}

int
mime_is_boundary(const char *s, size_t len, const char *b, size_t blen)
{
	size_t i;
	int r = 1;

	if (blen == 0 || len < blen + 2 || s[0] != '-' || s[1] != '-' ||
	    memcmp(s + 2, b, blen) != 0)
		return 0;
	i = blen + 2;
	if (i + 1 < len && s[i] == '-' && s[i + 1] == '-') {
		r = 2;
		i += 2;
	}
	for (; i < len; i++)
		if (!is_wsp((unsigned char)s[i]))
			return 0;
	return r;
}

char *
mime_digest_hex(const char *s, size_t len, char *buf)
{
	uint64_t h1 = 0xcbf29ce484222325ull, h2 = 0x84222325cbf29ce4ull;
	size_t i;

	for (i = 0; i < len; i++) {
		h1 = (h1 ^ (unsigned char)s[i]) * 0x100000001b3ull;
		h2 = (h2 ^ ((unsigned char)s[i] ^ 0x5a)) * 0x100000001b3ull;
		h2 ^= h2 >> 29;
	}
	snprintf(buf, 33, "%016llx%016llx", (unsigned long long)h1,
	    (unsigned long long)h2);
	return buf;
}
