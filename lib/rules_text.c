/* rules_text.c - text as word conditions see it: folded tokens */
#include <stdint.h>
#include <string.h>
#include <strings.h>

#include "rules_impl.h"
#include "utf8.h"

/*
 * utf8_tokens decodes and classes every character, and scans a word up
 * to three times (as an address, a URL, a word).  Most text is ASCII,
 * and for ASCII the same tokens come from a table: text_tokens_ascii
 * below follows utf8_tokens rule for rule, and test_rules.c checks that
 * they agree on random text.
 */
enum aclass {
	A_SPACE = 1,		/* controls, space, DEL */
	A_LETTER = 2,
	A_DIGIT = 4,
	A_TAG = 8,		/* in a hashtag: letters, digits, _ */
	A_HANDLE = 16,		/* in a mention: ASCII letters, digits, _ . */
	A_LOCAL = 32,		/* before the @ of an address */
	A_LABEL = 64,		/* in a domain label: letters, digits, - */
	A_URL = 128		/* in a URL */
};

#define IS_SPACE(c)	((c) <= 0x20 || (c) == 0x7F)
#define IS_ALPHA(c)	(((c) | 0x20) >= 'a' && ((c) | 0x20) <= 'z')
#define IS_DIGIT(c)	((c) >= '0' && (c) <= '9')
#define IS_ALNUM(c)	(IS_ALPHA(c) || IS_DIGIT(c))
#define CLASS(c)	(IS_SPACE(c) ? A_SPACE : \
	(IS_ALPHA(c) ? A_LETTER : 0) | (IS_DIGIT(c) ? A_DIGIT : 0) | \
	(IS_ALNUM(c) || (c) == '_' ? A_TAG | A_HANDLE | A_LOCAL : 0) | \
	((c) == '.' ? A_HANDLE | A_LOCAL : 0) | \
	((c) == '%' || (c) == '+' || (c) == '-' ? A_LOCAL : 0) | \
	(IS_ALNUM(c) || (c) == '-' ? A_LABEL : 0) | \
	((c) == '<' || (c) == '>' || (c) == '"' ? 0 : A_URL))
#define C4(c)	CLASS(c), CLASS(c + 1), CLASS(c + 2), CLASS(c + 3)
#define C16(c)	C4(c), C4(c + 4), C4(c + 8), C4(c + 12)
#define C64(c)	C16(c), C16(c + 16), C16(c + 32), C16(c + 48)

static const unsigned char aclass[128] = { C64(0), C64(64) };

struct ascan {
	const unsigned char	*s;
	size_t			 len;
	size_t			 no_email;
};

static size_t
aspan(const struct ascan *sc, size_t i, unsigned char cls)
{
	while (i < sc->len && (aclass[sc->s[i]] & cls))
		i++;
	return i;
}

/* As scan_url: a prefix, URL characters, less trailing punctuation. */
static size_t
ascii_url(const struct ascan *sc, size_t start)
{
	static const char *const prefixes[] = {
		"http://", "https://", "www."
	};
	size_t i, n, body = 0, end, opens = 0, closes = 0;

	for (i = 0; i < 3 && body == 0; i++) {
		n = strlen(prefixes[i]);
		if (sc->len - start >= n && strncasecmp((const char *)sc->s +
		    start, prefixes[i], n) == 0)
			body = start + n;
	}
	if (body == 0)
		return 0;
	end = aspan(sc, body, A_URL);
	for (i = body; i < end; i++) {
		opens += sc->s[i] == '(';
		closes += sc->s[i] == ')';
	}
	while (end > body) {
		if (strchr(".,;:!?'", sc->s[end - 1]) != NULL)
			end--;
		else if (sc->s[end - 1] == ')' && closes > opens) {
			closes--;
			end--;
		} else
			break;
	}
	return end > body ? end - start : 0;
}

static size_t
ascii_mention(const struct ascan *sc, size_t start)
{
	size_t end = aspan(sc, start + 1, A_HANDLE);

	while (end > start + 1 && sc->s[end - 1] == '.')
		end--;
	if (end == start + 1 || sc->s[start + 1] == '.')
		return 0;
	return end - start;
}

static size_t
ascii_domain(const struct ascan *sc, size_t i)
{
	size_t label, end = 0;
	int labels = 0;

	for (;;) {
		label = i;
		if ((i = aspan(sc, label, A_LABEL)) == label)
			break;
		if (++labels >= 2 && i - label >= 2 &&
		    aspan(sc, label, A_LETTER) == i)
			end = i;
		if (i >= sc->len || sc->s[i] != '.')
			break;
		i++;
	}
	return end;
}

static size_t
ascii_email(struct ascan *sc, size_t start)
{
	size_t at, end = 0;

	if (start < sc->no_email)
		return 0;
	at = aspan(sc, start, A_LOCAL);
	if (at < sc->len && sc->s[at] == '@')
		end = ascii_domain(sc, at + 1);
	if (end == 0) {
		sc->no_email = at;
		return 0;
	}
	return end - start;
}

/* May joiner c stay inside a word?  As joins() in utf8.c. */
static int
ascii_joins(unsigned char c, int prev, int next, int letters)
{
	switch (c) {
	case '\'':
		return next == A_LETTER;
	case '-':
		return next == A_LETTER || (letters && next == A_DIGIT);
	case '.':
		return next == prev;
	case ',':
	case ':':
	case '/':
		return !letters && prev == A_DIGIT && next == A_DIGIT;
	}
	return 0;
}

static int
word_class(const struct ascan *sc, size_t i)
{
	if (i >= sc->len)
		return A_SPACE;
	return aclass[sc->s[i]] & (A_LETTER | A_DIGIT | A_SPACE);
}

static size_t
ascii_word(const struct ascan *sc, size_t start, enum tok_kind *kind)
{
	size_t i;
	int c, prev = 0, letters = 0;

	for (i = start; i < sc->len; i++) {
		c = word_class(sc, i);
		if (c == A_LETTER || c == A_DIGIT) {
			letters |= c == A_LETTER;
			prev = c;
		} else if (!ascii_joins(sc->s[i], prev, word_class(sc, i + 1),
		    letters))
			break;
	}
	*kind = letters ? TOK_WORD : TOK_NUMBER;
	return i - start;
}

static size_t
ascii_token(struct ascan *sc, size_t start, enum tok_kind *kind)
{
	unsigned char c = sc->s[start];
	int alnum = (aclass[c] & (A_LETTER | A_DIGIT)) != 0;
	size_t len;

	if (((c | 0x20) == 'h' || (c | 0x20) == 'w') &&
	    (len = ascii_url(sc, start)) > 0) {
		*kind = TOK_URL;
		return len;
	}
	if (c == '#' && (len = aspan(sc, start + 1, A_TAG) - start) > 1) {
		*kind = TOK_HASHTAG;
		return len;
	}
	if (c == '@' && (len = ascii_mention(sc, start)) > 0) {
		*kind = TOK_MENTION;
		return len;
	}
	if ((alnum || c == '_') && (len = ascii_email(sc, start)) > 0) {
		*kind = TOK_EMAIL;
		return len;
	}
	if (alnum)
		return ascii_word(sc, start, kind);
	*kind = TOK_PUNCT;
	return 1;
}

int
text_tokens_ascii(const char *text, size_t len,
    int (*fn)(const struct token *, void *), void *arg)
{
	struct ascan sc = { (const unsigned char *)text, len, 0 };
	struct token tok;
	size_t i = 0;
	int rc;

	while (i < len) {
		if (aclass[sc.s[i]] & A_SPACE) {
			i++;
			continue;
		}
		tok.off = i;
		tok.len = ascii_token(&sc, i, &tok.kind);
		if ((rc = fn(&tok, arg)) != 0)
			return rc;
		i += tok.len;
	}
	return 0;
}

size_t
text_ncp(const char *s, size_t len)
{
	size_t i, n = 0;

	for (i = 0; i < len; i++)
		n += ((unsigned char)s[i] & 0xC0) != 0x80;
	return n;
}

/* ---- normalized text ------------------------------------------------ */

struct normout {
	struct buf	*out;
	const char	*text;
};

/* U+FE0E, U+FE0F: "❤" and "❤️" are one emoji. */
static int
is_variation_selector(const unsigned char *p, size_t left)
{
	return left >= 3 && p[0] == 0xEF && p[1] == 0xB8 &&
	    (p[2] == 0x8E || p[2] == 0x8F);
}

/* Room was made by text_normalize: a token and a space always fit. */
static int
put_token(const struct token *t, void *arg)
{
	struct normout *no = arg;
	struct buf *b = no->out;
	const unsigned char *p = (const unsigned char *)no->text + t->off;
	size_t i;

	if (t->kind == TOK_PUNCT)
		return 0;
	if (t->kind != TOK_EMOJI) {
		memcpy(b->p + b->len, p, t->len);
		b->len += t->len;
	} else
		for (i = 0; i < t->len; i++) {
			if (is_variation_selector(p + i, t->len - i))
				i += 2;
			else
				b->p[b->len++] = (char)p[i];
		}
	b->p[b->len++] = ' ';
	return 0;
}

/* utf8_fold, with ASCII (most of any text) folded here byte by byte. */
static size_t
fold_text(struct ruleset *rs, const char *s, size_t len)
{
	char *out;
	size_t i = 0, j, o = 0;
	unsigned char c;

	GROW(rs->fold.p, rs->fold.cap, 2 * len + 1);
	out = rs->fold.p;
	while (i < len) {
		if ((c = (unsigned char)s[i]) < 0x80) {
			out[o++] = (char)(c >= 'A' && c <= 'Z' ? c + 32 : c);
			i++;
			continue;
		}
		for (j = i; j < len && (unsigned char)s[j] >= 0x80; j++)
			;
		/* Fits: a run of n bytes folds into 2 * n at most. */
		o += utf8_fold(s + i, j - i, out + o, rs->fold.cap - o);
		i = j;
	}
	out[o] = '\0';
	return o;
}

/*
 * No token holds an ASCII space, and each starts afresh after one, so
 * the folded text is taken a space-separated chunk at a time.  A chunk
 * of letters and digits alone is one word or number (a URL needs "://"
 * or "www.", an address or mention '@'): it is copied as it is.  Other
 * ASCII chunks go to the fast tokenizer, the rest to utf8_tokens.
 */
static void
put_chunk(const char *t, size_t len, int ascii, int alnum,
    struct normout *no)
{
	struct buf *b = no->out;

	if (alnum) {
		memcpy(b->p + b->len, t, len);
		b->len += len;
		b->p[b->len++] = ' ';
		return;
	}
	no->text = t;
	if (ascii)
		text_tokens_ascii(t, len, put_token, no);
	else
		utf8_tokens(t, len, put_token, no);
}

void
text_normalize(struct ruleset *rs, const char *s, size_t len,
    struct buf *out)
{
	struct normout no;
	const unsigned char *t;
	size_t flen, i = 0, end;
	int ascii, alnum;

	flen = fold_text(rs, s, len);
	t = (const unsigned char *)rs->fold.p;
	/* Each token is at least a byte, and takes one space more. */
	GROW(out->p, out->cap, out->len + 2 * flen + 2);
	out->p[out->len++] = ' ';
	no.out = out;
	while (i < flen) {
		if (t[i] < 0x80 && IS_SPACE(t[i])) {
			i++;
			continue;
		}
		ascii = alnum = 1;
		for (end = i; end < flen; end++) {
			if (t[end] >= 0x80)
				ascii = alnum = 0;
			else if (aclass[t[end]] & A_SPACE)
				break;
			else if (!(aclass[t[end]] & (A_LETTER | A_DIGIT)))
				alnum = 0;
		}
		put_chunk((const char *)t + i, end - i, ascii, alnum, &no);
		i = end;
	}
}
