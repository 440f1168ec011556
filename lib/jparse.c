/* jparse.c - one JSON text into jansson values, faster than json_loadb */
#include <float.h>
#include <locale.h>
#include <math.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "jparse.h"
#include "jwant.h"

/*
 * json_loadb reads through a byte-at-a-time stream with a token buffer,
 * copies every string twice and validates it again when it makes the
 * value.  Here the bytes are scanned in place: a string without escapes
 * goes from the buffer straight to jansson (already validated, so the
 * _nocheck calls), and only a string with escapes is unescaped, into a
 * scratch buffer kept for the whole parse.
 */

/* Values under SKIP (jwant.h) are checked but not made. */
#define SKIP	JWANT_SKIP

struct jp {
	const unsigned char	*buf, *p, *end;
	json_error_t		*err;
	int			 depth;
	char			*scratch;	/* unescaped strings */
	size_t			 scratchsz;
	size_t			 top;		/* bytes held by keys */
	char			 small[256];
};

static json_t	*parse_value(struct jp *, const struct jwant *);

/* 1 for the bytes a string may hold as they are: printable ASCII but
 * the quote and the backslash. */
static const unsigned char plain[256] = {
	0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
	0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
	1, 1, 0, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
	1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
	1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
	1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0, 1, 1, 1,
	1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
	1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
	0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
	0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
	0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
	0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
	0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
	0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
	0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
	0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
};

#define ISDIGIT(c)	((unsigned)(c) - '0' < 10)

/* ---- errors ---------------------------------------------------------- */

/* Fill the error for a problem at byte at (jp->end: the end of input);
 * NULL to return. */
static void *
fail(struct jp *jp, const unsigned char *at, enum json_error_code code,
    const char *fmt, ...)
{
	json_error_t		*e = jp->err;
	const unsigned char	*q, *ls = jp->buf;
	va_list			 ap;
	size_t			 col;
	int			 line = 1;

	if (e == NULL)
		return NULL;
	for (q = jp->buf; q < at; q++)
		if (*q == '\n') {
			line += line < INT32_MAX;
			ls = q + 1;
		}
	col = (size_t)(at - ls) + 1;
	e->line = line;
	e->column = col > INT32_MAX ? INT32_MAX : (int)col;
	e->position = (size_t)(at - jp->buf) + (at < jp->end);
	va_start(ap, fmt);
	vsnprintf(e->text, JSON_ERROR_TEXT_LENGTH - 1, fmt, ap);
	va_end(ap);
	/* Where json_error_code() looks, as jansson keeps it. */
	e->text[JSON_ERROR_TEXT_LENGTH - 1] = (char)code;
	return NULL;
}

static void *
oom(struct jp *jp)
{
	return fail(jp, jp->p, json_error_out_of_memory, "out of memory");
}

/* "character 'x'", or "byte 0xNN" when it would not print. */
static const char *
show(const unsigned char *p, char *b, size_t n)
{
	if (*p > ' ' && *p < 0x7f)
		snprintf(b, n, "character '%c'", *p);
	else
		snprintf(b, n, "byte 0x%02x", *p);
	return b;
}

/* want was expected at jp->p, inside in ("object", "array"). */
static void *
expected(struct jp *jp, const char *want, const char *in)
{
	char b[32];

	if (jp->p == jp->end)
		return fail(jp, jp->p, json_error_premature_end_of_input,
		    "end of input inside %s", in);
	return fail(jp, jp->p, json_error_invalid_syntax,
	    "expected %s, found %s", want, show(jp->p, b, sizeof(b)));
}

/* ---- strings --------------------------------------------------------- */

#define ONES	0x0101010101010101ULL
#define HIGHS	0x8080808080808080ULL

/*
 * Nonzero when one of the 8 bytes of x is a quote, a backslash, a
 * control character or not ASCII.  (Borrows can mark bytes past the
 * first such one too; the caller looks at the bytes themselves then.)
 */
static inline uint64_t
special8(uint64_t x)
{
	uint64_t	q = x ^ (ONES * '"'), b = x ^ (ONES * '\\');

	return (x | ((q - ONES) & ~q) | ((b - ONES) & ~b) |
	    ((x - ONES * 0x20) & ~x)) & HIGHS;
}

/*
 * Length of the well-formed UTF-8 sequence at p (not ASCII), or 0.  The
 * lead byte narrows the second byte's range (Unicode table 3-7): that
 * rules out overlongs, surrogates and code points past U+10FFFF.
 */
static inline size_t
utf8_seq(const unsigned char *p, const unsigned char *end)
{
	unsigned char	lo = 0x80, hi = 0xBF;
	size_t		n;

	if (p[0] < 0xC2)
		return 0;
	if (p[0] < 0xE0)
		n = 2;
	else if (p[0] < 0xF0) {
		n = 3;
		if (p[0] == 0xE0)
			lo = 0xA0;
		else if (p[0] == 0xED)
			hi = 0x9F;
	} else if (p[0] < 0xF5) {
		n = 4;
		if (p[0] == 0xF0)
			lo = 0x90;
		else if (p[0] == 0xF4)
			hi = 0x8F;
	} else
		return 0;
	if ((size_t)(end - p) < n || p[1] < lo || p[1] > hi)
		return 0;
	if (n > 2 && (p[2] & 0xC0) != 0x80)
		return 0;
	if (n > 3 && (p[3] & 0xC0) != 0x80)
		return 0;
	return n;
}

/* Past the string bytes that stand for themselves from p: at a quote,
 * a backslash, a control character, bad UTF-8 or the end. */
static inline const unsigned char *
scan_plain(const unsigned char *p, const unsigned char *end)
{
	uint64_t	x;
	size_t		n;

	for (;;) {
		while (end - p >= 8) {
			memcpy(&x, p, 8);
			if (special8(x))
				break;
			p += 8;
		}
		while (p < end && plain[*p])
			p++;
		if (p == end || *p < 0x80)
			return p;
		if ((n = utf8_seq(p, end)) == 0)
			return p;
		p += n;
	}
}

/* The 4 hex digits at p, or 0x10000 when they are not. */
static unsigned long
hex4(const unsigned char *p, const unsigned char *end)
{
	unsigned long	v = 0;
	unsigned	c;
	int		i;

	if (end - p < 4)
		return 0x10000;
	for (i = 0; i < 4; i++) {
		c = p[i];
		if (ISDIGIT(c))
			c -= '0';
		else if ((c | 0x20) >= 'a' && (c | 0x20) <= 'f')
			c = (c | 0x20) - 'a' + 10;
		else
			return 0x10000;
		v = v << 4 | c;
	}
	return v;
}

static size_t
utf8_put(char *s, unsigned long cp)
{
	if (cp < 0x80) {
		s[0] = (char)cp;
		return 1;
	}
	if (cp < 0x800) {
		s[0] = (char)(0xC0 | cp >> 6);
		s[1] = (char)(0x80 | (cp & 0x3F));
		return 2;
	}
	if (cp < 0x10000) {
		s[0] = (char)(0xE0 | cp >> 12);
		s[1] = (char)(0x80 | (cp >> 6 & 0x3F));
		s[2] = (char)(0x80 | (cp & 0x3F));
		return 3;
	}
	s[0] = (char)(0xF0 | cp >> 18);
	s[1] = (char)(0x80 | (cp >> 12 & 0x3F));
	s[2] = (char)(0x80 | (cp >> 6 & 0x3F));
	s[3] = (char)(0x80 | (cp & 0x3F));
	return 4;
}

/* Make the scratch at least need bytes, keeping what it holds. */
static int
grow(struct jp *jp, size_t need)
{
	size_t	 sz = jp->scratchsz;
	char	*s;

	while (sz < need) {
		if (sz > SIZE_MAX / 2)
			return -1;
		sz *= 2;
	}
	if (jp->scratch == jp->small) {
		if ((s = malloc(sz)) != NULL)
			memcpy(s, jp->small, jp->scratchsz);
	} else
		s = realloc(jp->scratch, sz);
	if (s == NULL)
		return -1;
	jp->scratch = s;
	jp->scratchsz = sz;
	return 0;
}

/* What stopped a string at p that is neither a quote nor a backslash. */
static int
bad_string(struct jp *jp, const unsigned char *p)
{
	if (p == jp->end)
		fail(jp, p, json_error_premature_end_of_input,
		    "unterminated string");
	else if (*p == '\n')
		fail(jp, p, json_error_invalid_syntax, "newline in string");
	else if (*p < 0x20)
		fail(jp, p, json_error_invalid_syntax,
		    "control character 0x%02x in string", *p);
	else
		fail(jp, p, json_error_invalid_utf8,
		    "invalid UTF-8 in string (byte 0x%02x)", *p);
	return -1;
}

/*
 * The string whose opening quote is at jp->p.  Its value is *s, *n:
 * the bytes in the buffer when it has no escapes (returns 0), or
 * unescaped into the scratch at jp->top (returns 1).  -1 on error.
 */
static int
scan_string(struct jp *jp, const char **s, size_t *n)
{
	const unsigned char	*start = jp->p + 1, *end = jp->end, *p;
	unsigned long		 cp, lo;
	size_t			 o, r;
	char			 c;

	p = scan_plain(start, end);
	if (p < end && *p == '"') {
		*s = (const char *)start;
		*n = (size_t)(p - start);
		jp->p = p + 1;
		return 0;
	}
	o = jp->top;
	for (;;) {
		/* A run, then room for what an escape makes (<= 4). */
		r = (size_t)(p - start);
		if (o + r + 4 > jp->scratchsz && grow(jp, o + r + 4) == -1) {
			oom(jp);
			return -1;
		}
		memcpy(jp->scratch + o, start, r);
		o += r;
		if (p < end && *p == '"')
			break;
		if (p == end || *p != '\\')
			return bad_string(jp, p);
		if (end - p < 2)
			return bad_string(jp, end);
		p += 2;
		switch (p[-1]) {
		case '"':
		case '\\':
		case '/':
			c = (char)p[-1];
			break;
		case 'b':
			c = '\b';
			break;
		case 'f':
			c = '\f';
			break;
		case 'n':
			c = '\n';
			break;
		case 'r':
			c = '\r';
			break;
		case 't':
			c = '\t';
			break;
		case 'u':
			if ((cp = hex4(p, end)) > 0xFFFF) {
				fail(jp, p - 2, json_error_invalid_syntax,
				    "invalid \\u escape");
				return -1;
			}
			p += 4;
			if (cp >= 0xD800 && cp <= 0xDBFF) {
				if (end - p < 6 || p[0] != '\\' || p[1] != 'u' ||
				    (lo = hex4(p + 2, end)) < 0xDC00 ||
				    lo > 0xDFFF) {
					fail(jp, p - 6, json_error_invalid_syntax,
					    "lone surrogate \\u%04lX in string",
					    cp);
					return -1;
				}
				cp = 0x10000 + ((cp - 0xD800) << 10) +
				    (lo - 0xDC00);
				p += 6;
			} else if (cp >= 0xDC00 && cp <= 0xDFFF) {
				fail(jp, p - 6, json_error_invalid_syntax,
				    "lone surrogate \\u%04lX in string", cp);
				return -1;
			} else if (cp == 0) {
				/* jansson's default: no JSON_ALLOW_NUL. */
				fail(jp, p - 6, json_error_null_character,
				    "\\u0000 is not allowed in a string");
				return -1;
			}
			o += utf8_put(jp->scratch + o, cp);
			start = p;
			p = scan_plain(p, end);
			continue;
		default:
			fail(jp, p - 2, json_error_invalid_syntax,
			    "invalid escape '\\%c' in string",
			    p[-1] > ' ' && p[-1] < 0x7f ? p[-1] : '?');
			return -1;
		}
		jp->scratch[o++] = c;
		start = p;
		p = scan_plain(p, end);
	}
	*s = jp->scratch + jp->top;
	*n = o - jp->top;
	jp->p = p + 1;
	return 1;
}

/* ---- numbers --------------------------------------------------------- */

static const double pow10tab[] = {
	1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11,
	1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22,
};

/* strtod in the C locale whatever LC_NUMERIC says.  The locale object
 * is made once and kept. */
static double
c_strtod(char *s)
{
	static locale_t	 c;
	const char	*dp;
	char		*q;

	if (c == (locale_t)0)
		c = newlocale(LC_ALL_MASK, "C", (locale_t)0);
	if (c != (locale_t)0)
		return strtod_l(s, NULL, c);
	dp = localeconv()->decimal_point;
	if (dp[0] != '.' && dp[0] != '\0' && dp[1] == '\0' &&
	    (q = strchr(s, '.')) != NULL)
		*q = dp[0];
	return strtod(s, NULL);
}

/*
 * The double nearest the JSON number s[0..e), as strtod gives it.  When
 * the digits fit in 53 bits and the power of ten is exact (up to 1e22),
 * one multiplication or division rounds correctly (Clinger), which is
 * most numbers people write; the rest go to strtod.  -1 when out of
 * memory.
 */
static int
to_double(const unsigned char *s, const unsigned char *e, double *out)
{
	const unsigned char	*p = s;
	uint64_t		 m = 0;
	long			 ex = 0;
	int			 nd = 0, e10 = 0, neg = 0, eneg = 0;
	char			 tmp[64], *b;
	size_t			 n;
	double			 d;

	if (FLT_EVAL_METHOD != 0)
		goto slow;		/* x87: double rounding */
	if (*p == '-') {
		neg = 1;
		p++;
	}
	for (; p < e && ISDIGIT(*p); p++) {
		if (nd >= 19)
			goto slow;
		m = m * 10 + (*p - '0');
		nd += m != 0;
	}
	if (p < e && *p == '.')
		for (p++; p < e && ISDIGIT(*p); p++) {
			if (nd >= 19)
				goto slow;
			m = m * 10 + (*p - '0');
			nd += m != 0;
			e10--;
		}
	if (p < e) {
		p++;			/* e or E */
		if (*p == '-' || *p == '+')
			eneg = *p++ == '-';
		for (; p < e; p++)
			if (ex < 100000)
				ex = ex * 10 + (*p - '0');
		e10 += eneg ? -(int)ex : (int)ex;
	}
	if (m > (uint64_t)1 << 53 || e10 < -22 || e10 > 22)
		goto slow;
	d = (double)m;
	d = e10 < 0 ? d / pow10tab[-e10] : d * pow10tab[e10];
	*out = neg ? -d : d;
	return 0;
slow:
	n = (size_t)(e - s);
	if (n < sizeof(tmp))
		b = tmp;
	else if ((b = malloc(n + 1)) == NULL)
		return -1;
	memcpy(b, s, n);
	b[n] = '\0';
	*out = c_strtod(b);
	if (b != tmp)
		free(b);
	return 0;
}

static json_t *
parse_number(struct jp *jp)
{
	const unsigned char	*p = jp->p, *end = jp->end, *start = p, *dig;
	uint64_t		 m = 0;
	json_t			*v;
	double			 d;
	int			 neg = 0;

	if (*p == '-') {
		neg = 1;
		p++;
	}
	dig = p;
	if (p == end || !ISDIGIT(*p))
		return fail(jp, p, p == end ?
		    json_error_premature_end_of_input :
		    json_error_invalid_syntax, "expected a digit after '-'");
	if (*p == '0') {
		if (++p < end && ISDIGIT(*p))
			return fail(jp, p, json_error_invalid_syntax,
			    "leading zero in number");
	} else
		for (; p < end && ISDIGIT(*p); p++)
			m = m * 10 + (*p - '0');	/* checked below */
	if (p == end || (*p != '.' && (*p | 0x20) != 'e')) {
		/* 19 digits cannot wrap 64 bits; more do not fit anyway. */
		if (p - dig > 19 || m > (uint64_t)INT64_MAX + neg)
			return fail(jp, start, json_error_numeric_overflow,
			    neg ? "too big negative integer" :
			    "too big integer");
		jp->p = p;
		if ((v = json_integer(!neg ? (json_int_t)m : m == 0 ? 0 :
		    -(json_int_t)(m - 1) - 1)) == NULL)
			return oom(jp);
		return v;
	}
	if (*p == '.') {
		p++;
		if (p == end || !ISDIGIT(*p))
			return fail(jp, p, p == end ?
			    json_error_premature_end_of_input :
			    json_error_invalid_syntax,
			    "expected a digit after '.'");
		while (p < end && ISDIGIT(*p))
			p++;
	}
	if (p < end && (*p | 0x20) == 'e') {
		if (++p < end && (*p == '+' || *p == '-'))
			p++;
		if (p == end || !ISDIGIT(*p))
			return fail(jp, p, p == end ?
			    json_error_premature_end_of_input :
			    json_error_invalid_syntax,
			    "expected a digit in exponent");
		while (p < end && ISDIGIT(*p))
			p++;
	}
	jp->p = p;
	if (to_double(start, p, &d) == -1)
		return oom(jp);
	/* Underflow to 0 or a subnormal is fine, as in jansson. */
	if (isinf(d))
		return fail(jp, start, json_error_numeric_overflow,
		    "real number overflow");
	if ((v = json_real(d)) == NULL)
		return oom(jp);
	return v;
}

/* ---- structure ------------------------------------------------------- */

static inline void
skip_ws(struct jp *jp)
{
	const unsigned char	*p = jp->p, *end = jp->end;

	while (p < end && *p <= ' ' &&
	    (*p == ' ' || *p == '\n' || *p == '\r' || *p == '\t'))
		p++;
	jp->p = p;
}

/* An array: made under w NULL, only checked under SKIP. */
static json_t *
parse_array(struct jp *jp, const struct jwant *w)
{
	json_t	*a = NULL, *v;

	if (w != SKIP && (a = json_array()) == NULL)
		return oom(jp);
	jp->p++;
	skip_ws(jp);
	if (jp->p < jp->end && *jp->p == ']') {
		jp->p++;
		return w != SKIP ? a : json_null();
	}
	for (;;) {
		if ((v = parse_value(jp, w)) == NULL)
			break;
		if (w == SKIP)
			;
		else if (json_array_append_new(a, v) == -1) {
			oom(jp);
			break;
		}
		skip_ws(jp);
		if (jp->p < jp->end && *jp->p == ',') {
			jp->p++;
			continue;
		}
		if (jp->p < jp->end && *jp->p == ']') {
			jp->p++;
			return w != SKIP ? a : json_null();
		}
		expected(jp, "',' or ']'", "array");
		break;
	}
	json_decref(a);
	return NULL;
}

/* An object: made with the members w wants (all under NULL), only
 * checked under SKIP. */
static json_t *
parse_object(struct jp *jp, const struct jwant *w)
{
	const struct jwant *mw;
	json_t		*o = NULL, *v;
	const char	*k;
	size_t		 kn, top;
	int		 r;

	if (w != SKIP && (o = json_object()) == NULL)
		return oom(jp);
	jp->p++;
	skip_ws(jp);
	if (jp->p < jp->end && *jp->p == '}') {
		jp->p++;
		return w != SKIP ? o : json_null();
	}
	for (;;) {
		if (jp->p == jp->end || *jp->p != '"') {
			expected(jp, "a string key", "object");
			break;
		}
		if ((r = scan_string(jp, &k, &kn)) == -1)
			break;
		/* An unescaped key stays in the scratch while the value is
		 * parsed, which may need the scratch too. */
		top = jp->top;
		if (r == 1)
			jp->top += kn;
		skip_ws(jp);
		if (jp->p == jp->end || *jp->p != ':') {
			jp->top = top;
			expected(jp, "':'", "object");
			break;
		}
		jp->p++;
		mw = w == NULL || w == SKIP ? w : jwant_member(w, k, kn);
		v = parse_value(jp, mw);
		jp->top = top;
		if (v == NULL)
			break;
		if (r == 1)
			k = jp->scratch + top;	/* it may have moved */
		/* Last wins for a repeated key, as with json_loadb. */
		if (mw == SKIP)
			;
		else if (json_object_setn_new_nocheck(o, k, kn, v) == -1) {
			oom(jp);
			break;
		}
		skip_ws(jp);
		if (jp->p < jp->end && *jp->p == ',') {
			jp->p++;
			skip_ws(jp);
			continue;
		}
		if (jp->p < jp->end && *jp->p == '}') {
			jp->p++;
			return w != SKIP ? o : json_null();
		}
		expected(jp, "',' or '}'", "object");
		break;
	}
	json_decref(o);
	return NULL;
}

static json_t *
literal(struct jp *jp, const char *word, size_t n, json_t *v)
{
	if ((size_t)(jp->end - jp->p) < n || memcmp(jp->p, word, n) != 0)
		return fail(jp, jp->p, json_error_invalid_syntax,
		    "invalid literal, expected %s", word);
	jp->p += n;
	return v;
}

/* A value, made as w wants it: all under NULL, none under SKIP (then
 * json_null() stands for it), an object's wanted members, an array
 * whole. */
static json_t *
parse_value(struct jp *jp, const struct jwant *w)
{
	json_t		*v;
	const char	*s;
	size_t		 n;
	char		 b[32];

	skip_ws(jp);
	if (jp->p == jp->end)
		return fail(jp, jp->p, json_error_premature_end_of_input,
		    "end of input where a value was expected");
	/* jansson counts every value, scalars too. */
	if (++jp->depth > JSON_PARSER_MAX_DEPTH)
		return fail(jp, jp->p, json_error_stack_overflow,
		    "nested more than %d deep", JSON_PARSER_MAX_DEPTH);
	switch (*jp->p) {
	case '{':
		v = parse_object(jp, w);
		break;
	case '[':
		v = parse_array(jp, w == SKIP ? SKIP : NULL);
		break;
	case '"':
		if (scan_string(jp, &s, &n) == -1)
			v = NULL;
		else if (w == SKIP)
			v = json_null();
		else if ((v = json_stringn_nocheck(s, n)) == NULL)
			oom(jp);
		break;
	case 't':
		v = literal(jp, "true", 4, json_true());
		break;
	case 'f':
		v = literal(jp, "false", 5, json_false());
		break;
	case 'n':
		v = literal(jp, "null", 4, json_null());
		break;
	case '-': case '0': case '1': case '2': case '3': case '4':
	case '5': case '6': case '7': case '8': case '9':
		/* Checked by making it: overflow is refused either way. */
		if ((v = parse_number(jp)) != NULL && w == SKIP) {
			json_decref(v);
			v = json_null();
		}
		break;
	default:
		v = fail(jp, jp->p, *jp->p < 0x80 ? json_error_invalid_syntax :
		    json_error_invalid_utf8, "unexpected %s",
		    show(jp->p, b, sizeof(b)));
		break;
	}
	jp->depth--;
	return v;
}

static json_t	*parse_text(const char *, size_t, size_t, const struct jwant *,
		    json_error_t *);

json_t *
jparse(const char *buf, size_t len, size_t flags, json_error_t *err)
{
	if (flags & ~(size_t)JSON_DECODE_ANY)
		return json_loadb(buf, len, flags, err);
	return parse_text(buf, len, flags, NULL, err);
}

json_t *
jparse_want(const char *buf, size_t len, const struct jwant *w,
    json_error_t *err)
{
	return parse_text(buf, len, 0, w, err);
}

static json_t *
parse_text(const char *buf, size_t len, size_t flags, const struct jwant *w,
    json_error_t *err)
{
	struct jp	 jp;
	json_t		*v = NULL;
	char		 b[32];

	if (err != NULL) {
		err->text[0] = '\0';
		err->line = err->column = -1;
		err->position = 0;
		snprintf(err->source, sizeof(err->source), "<buffer>");
	}
	jp.buf = jp.p = (const unsigned char *)buf;
	jp.end = jp.buf + len;
	jp.err = err;
	jp.depth = 0;
	jp.scratch = jp.small;
	jp.scratchsz = sizeof(jp.small);
	jp.top = 0;
	if (buf == NULL) {
		jp.end = jp.buf;
		return fail(&jp, jp.p, json_error_invalid_argument,
		    "wrong arguments");
	}
	skip_ws(&jp);
	if (!(flags & JSON_DECODE_ANY) &&
	    (jp.p == jp.end || (*jp.p != '{' && *jp.p != '['))) {
		if (jp.p == jp.end)
			fail(&jp, jp.p, json_error_premature_end_of_input,
			    "end of input, expected '[' or '{'");
		else
			fail(&jp, jp.p, json_error_wrong_type,
			    "expected '[' or '{', found %s",
			    show(jp.p, b, sizeof(b)));
	} else if ((v = parse_value(&jp, w)) != NULL) {
		skip_ws(&jp);
		if (jp.p != jp.end) {
			fail(&jp, jp.p, json_error_end_of_input_expected,
			    "unexpected %s after the JSON text",
			    show(jp.p, b, sizeof(b)));
			json_decref(v);
			v = NULL;
		}
	}
	if (jp.scratch != jp.small)
		free(jp.scratch);
	return v;
}

