/* rules_text.c - text as word conditions see it: folded tokens */
#include <stdint.h>
#include <string.h>
#include <strings.h>

#include "rules_impl.h"
#include "utf8.h"

/* ASCII classes for splitting folded text into space-separated chunks. */
enum aclass {
	A_SPACE = 1,		/* controls, space, DEL */
	A_LETTER = 2,
	A_DIGIT = 4
};

#define IS_SPACE(c)	((c) <= 0x20 || (c) == 0x7F)
#define IS_ALPHA(c)	(((c) | 0x20) >= 'a' && ((c) | 0x20) <= 'z')
#define IS_DIGIT(c)	((c) >= '0' && (c) <= '9')
#define CLASS(c)	(IS_SPACE(c) ? A_SPACE : \
	(IS_ALPHA(c) ? A_LETTER : 0) | (IS_DIGIT(c) ? A_DIGIT : 0))
#define C4(c)	CLASS(c), CLASS(c + 1), CLASS(c + 2), CLASS(c + 3)
#define C16(c)	C4(c), C4(c + 4), C4(c + 8), C4(c + 12)
#define C64(c)	C16(c), C16(c + 16), C16(c + 32), C16(c + 48)

static const unsigned char aclass[128] = { C64(0), C64(64) };

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
	if (t->kind == TOK_WORD) {
		/* An apostrophe inside a word is dropped: people write
		 * "doesnt" for "doesn't", and ’ for ' ("don’t"). */
		for (i = 0; i < t->len; i++) {
			if (p[i] == '\'')
				continue;
			if (p[i] == 0xE2 && i + 2 < t->len && p[i + 1] == 0x80 &&
			    p[i + 2] == 0x99) {
				i += 2;
				continue;
			}
			b->p[b->len++] = (char)p[i];
		}
	} else if (t->kind != TOK_EMOJI) {
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
 * chunks go to utf8_tokens.
 */
static void
put_chunk(const char *t, size_t len, int alnum, struct normout *no)
{
	struct buf *b = no->out;

	if (alnum) {
		memcpy(b->p + b->len, t, len);
		b->len += len;
		b->p[b->len++] = ' ';
		return;
	}
	no->text = t;
	utf8_tokens(t, len, put_token, no);
}

/*
 * The last text normalized and what it gave: the rule sets of one tool
 * (scs-classify has six) each ask for the same record's text in turn.
 * Process-wide, so it is shared; memory is that of the longest text.
 */
static struct {
	struct buf	in, out;
} last;

static void
remember(const char *s, size_t len, const char *norm, size_t nlen)
{
	GROW(last.in.p, last.in.cap, len + 1);
	GROW(last.out.p, last.out.cap, nlen + 1);
	memcpy(last.in.p, s, len);
	last.in.len = len;
	memcpy(last.out.p, norm, nlen);
	last.out.len = nlen;
}

void
text_normalize_forget(void)
{
	free(last.in.p);
	free(last.out.p);
	memset(&last, 0, sizeof(last));
}

/*
 * One chunk of folded text t[0..flen) (spaces may be in it: folding can
 * make them), as text_normalize takes the whole text.
 */
static void
put_folded(const unsigned char *t, size_t flen, struct normout *no)
{
	size_t i = 0, end;
	int alnum;

	while (i < flen) {
		if (t[i] < 0x80 && IS_SPACE(t[i])) {
			i++;
			continue;
		}
		alnum = 1;
		for (end = i; end < flen; end++) {
			if (t[end] >= 0x80)
				alnum = 0;
			else if (aclass[t[end]] & A_SPACE)
				break;
			else if (!(aclass[t[end]] & (A_LETTER | A_DIGIT)))
				alnum = 0;
		}
		put_chunk((const char *)t + i, end - i, alnum, no);
		i = end;
	}
}

/*
 * Byte classes for the pass over the text as it came: an ASCII space
 * ends a chunk, letters and digits are written folded as they are read,
 * other ASCII makes a chunk for utf8_tokens, a byte >= 0x80 one to fold
 * first.
 */
enum { B_SPACE = 1, B_ALNUM = 2, B_PUNCT = 4, B_HIGH = 8 };

#define BCLASS(c)	((c) >= 0x80 ? B_HIGH : aclass[c] & A_SPACE ? B_SPACE : \
	aclass[c] & (A_LETTER | A_DIGIT) ? B_ALNUM : B_PUNCT)
#define LOWER(c)	((c) >= 'A' && (c) <= 'Z' ? (c) + 32 : (c))
#define B4(c)	BCLASS(c), BCLASS(c + 1), BCLASS(c + 2), BCLASS(c + 3)
#define L4(c)	LOWER(c), LOWER(c + 1), LOWER(c + 2), LOWER(c + 3)
#define L16(c)	L4(c), L4(c + 4), L4(c + 8), L4(c + 12)
#define L64(c)	L16(c), L16(c + 16), L16(c + 32), L16(c + 48)
#define B16(c)	B4(c), B4(c + 4), B4(c + 8), B4(c + 12)
#define B64(c)	B16(c), B16(c + 16), B16(c + 32), B16(c + 48)

static const unsigned char bclass[256] = {
	B64(0), B64(64), B64(128), B64(192)
};
/* ASCII folded; other bytes are folded again with their chunk. */
static const unsigned char lower[256] = {
	L64(0), L64(64), L64(128), L64(192)
};

/*
 * The text is taken a chunk between ASCII spaces at a time, and folded
 * as it is read: folding changes no ASCII byte but A-Z, so those spaces
 * are spaces of the folded text too, and a run of bytes >= 0x80 (what
 * utf8_fold folds) never crosses one.  A chunk of ASCII letters and
 * digits (most of them) is its token already; one with other ASCII goes
 * to utf8_tokens, folded; one with a byte >= 0x80 is folded as
 * fold_text would and split as the whole folded text would be.
 */
void
text_normalize(struct ruleset *rs, const char *s, size_t len,
    struct buf *out)
{
	struct normout no;
	const unsigned char *u = (const unsigned char *)s;
	size_t i = 0, start = out->len, chunk, o, flen;
	unsigned cls, seen;
	char *p;

	if (last.in.p != NULL && last.in.len == len &&
	    memcmp(last.in.p, s, len) == 0) {
		GROW(out->p, out->cap, out->len + last.out.len + 1);
		memcpy(out->p + out->len, last.out.p, last.out.len);
		out->len += last.out.len;
		return;
	}
	/* Folding at most doubles the bytes; each token takes a space more
	 * and is at least a byte. */
	GROW(out->p, out->cap, out->len + 4 * len + 2);
	out->p[out->len++] = ' ';
	no.out = out;
	while (i < len) {
		if (bclass[u[i]] == B_SPACE) {
			i++;
			continue;
		}
		chunk = i;
		p = out->p + out->len;
		o = 0;
		seen = 0;
		for (; i < len && !((cls = bclass[u[i]]) & B_SPACE); i++) {
			seen |= cls;
			p[o++] = (char)lower[u[i]];
		}
		if (seen == B_ALNUM) {
			out->len += o;
			out->p[out->len++] = ' ';
		} else if (!(seen & B_HIGH)) {
			GROW(rs->fold.p, rs->fold.cap, o + 1);
			memcpy(rs->fold.p, p, o);
			put_chunk(rs->fold.p, o, 0, &no);
		} else {
			flen = fold_text(rs, s + chunk, i - chunk);
			put_folded((const unsigned char *)rs->fold.p, flen,
			    &no);
		}
	}
	remember(s, len, out->p + start, out->len - start);
}
