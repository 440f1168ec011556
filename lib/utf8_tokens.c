/* utf8_tokens.c - character classes and the tokenizer for Latin-script text */

#include <limits.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "utf8.h"
#include "utf8_impl.h"

/* ---- character classes ---------------------------------------------- */

enum cclass {
	C_OTHER,		/* punctuation, symbols, emoji */
	C_SPACE,		/* separators, controls, invisible format */
	C_LETTER,
	C_DIGIT,
	C_MARK			/* combining: continues a word */
};

/* Whitespace, and invisible controls that can only separate. */
static const struct cprange space_ranges[] = {
	{ 0x007F, 0x00A0 }, { 0x1680, 0x1680 }, { 0x180E, 0x180E },
	{ 0x2000, 0x200B }, { 0x200E, 0x200F }, { 0x2028, 0x202F },
	{ 0x205F, 0x2060 }, { 0x2066, 0x2069 }, { 0x3000, 0x3000 },
	{ 0xFEFF, 0xFEFF },
};

/*
 * Letters by block, approximately: the holes of a block (unassigned,
 * a stray sign) are not carved out.  U+0900..U+0D7F is in indic_class.
 */
static const struct cprange letter_ranges[] = {
	{ 0x00AA, 0x00AA }, { 0x00B5, 0x00B5 }, { 0x00BA, 0x00BA },
	{ 0x00C0, 0x00D6 }, { 0x00D8, 0x00F6 }, { 0x00F8, 0x02C1 },
	{ 0x02C6, 0x02D1 }, { 0x02E0, 0x02E4 }, { 0x02EC, 0x02EC },
	{ 0x02EE, 0x02EE }, { 0x0370, 0x0374 }, { 0x0376, 0x0377 },
	{ 0x037A, 0x037D }, { 0x037F, 0x037F }, { 0x0386, 0x0386 },
	{ 0x0388, 0x038A }, { 0x038C, 0x038C }, { 0x038E, 0x03A1 },
	{ 0x03A3, 0x03F5 }, { 0x03F7, 0x0481 }, { 0x048A, 0x052F },
	{ 0x0531, 0x0556 }, { 0x0559, 0x0559 }, { 0x0560, 0x0588 },
	{ 0x05D0, 0x05EA }, { 0x05EF, 0x05F2 }, { 0x0620, 0x064A },
	{ 0x066E, 0x066F }, { 0x0671, 0x06D3 }, { 0x06D5, 0x06D5 },
	{ 0x06E5, 0x06E6 }, { 0x06EE, 0x06EF }, { 0x06FA, 0x06FC },
	{ 0x06FF, 0x06FF }, { 0x0710, 0x072F }, { 0x074D, 0x07A5 },
	{ 0x07B1, 0x07B1 }, { 0x08A0, 0x08C9 }, { 0x0D85, 0x0DC6 },
	{ 0x0E01, 0x0E30 }, { 0x0E32, 0x0E33 }, { 0x0E40, 0x0E46 },
	{ 0x0E81, 0x0EB0 }, { 0x0EB2, 0x0EB3 }, { 0x0EBD, 0x0EC6 },
	{ 0x0F00, 0x0F00 }, { 0x0F40, 0x0F6C }, { 0x1000, 0x102A },
	{ 0x103F, 0x103F }, { 0x10A0, 0x10FA }, { 0x10FC, 0x135A },
	{ 0x13A0, 0x13F5 }, { 0x1401, 0x166C }, { 0x1780, 0x17B3 },
	{ 0x1E00, 0x1FBC }, { 0x1FBE, 0x1FBE }, { 0x1FC2, 0x1FCC },
	{ 0x1FD0, 0x1FDB }, { 0x1FE0, 0x1FEC }, { 0x1FF2, 0x1FFC },
	{ 0x2126, 0x2126 }, { 0x212A, 0x212B }, { 0x2C00, 0x2CE4 },
	{ 0x2D00, 0x2D25 }, { 0x2D30, 0x2D67 }, { 0x3005, 0x3006 },
	{ 0x3031, 0x3035 }, { 0x3041, 0x3096 }, { 0x309D, 0x309F },
	{ 0x30A1, 0x30FA }, { 0x30FC, 0x30FF }, { 0x3105, 0x312F },
	{ 0x3131, 0x318E }, { 0x31A0, 0x31BF }, { 0x31F0, 0x31FF },
	{ 0x3400, 0x4DBF }, { 0x4E00, 0xA48C }, { 0xA4D0, 0xA4FD },
	{ 0xA500, 0xA60C }, { 0xA640, 0xA66E }, { 0xA67F, 0xA69D },
	{ 0xA717, 0xA71F }, { 0xA722, 0xA788 }, { 0xA78B, 0xA7CA },
	{ 0xAC00, 0xD7A3 }, { 0xF900, 0xFAD9 }, { 0xFB00, 0xFB06 },
	{ 0xFB13, 0xFB17 }, { 0xFB1D, 0xFB4F }, { 0xFB50, 0xFD3D },
	{ 0xFD50, 0xFDFB }, { 0xFE70, 0xFEFC }, { 0xFF21, 0xFF3A },
	{ 0xFF41, 0xFF5A }, { 0xFF66, 0xFFDC }, { 0x20000, 0x2FA1F },
	{ 0x30000, 0x3134F },
};

static const struct cprange digit_ranges[] = {
	{ 0x0660, 0x0669 }, { 0x06F0, 0x06F9 }, { 0x07C0, 0x07C9 },
	{ 0x0DE6, 0x0DEF }, { 0x0E50, 0x0E59 }, { 0x0ED0, 0x0ED9 },
	{ 0x0F20, 0x0F29 }, { 0x1040, 0x1049 }, { 0x17E0, 0x17E9 },
	{ 0xFF10, 0xFF19 },
};

/* Combining marks, soft hyphen, ZWNJ/ZWJ and variation selectors. */
static const struct cprange mark_ranges[] = {
	{ 0x00AD, 0x00AD }, { 0x0300, 0x036F }, { 0x0483, 0x0489 },
	{ 0x0591, 0x05BD }, { 0x05BF, 0x05BF }, { 0x05C1, 0x05C2 },
	{ 0x05C4, 0x05C5 }, { 0x05C7, 0x05C7 }, { 0x0610, 0x061A },
	{ 0x064B, 0x065F }, { 0x0670, 0x0670 }, { 0x06D6, 0x06DC },
	{ 0x06DF, 0x06E4 }, { 0x06E7, 0x06E8 }, { 0x06EA, 0x06ED },
	{ 0x0730, 0x074A }, { 0x07A6, 0x07B0 }, { 0x08CA, 0x08FF },
	{ 0x0DCA, 0x0DDF }, { 0x0DF2, 0x0DF3 }, { 0x0E31, 0x0E31 },
	{ 0x0E34, 0x0E3A }, { 0x0E47, 0x0E4E }, { 0x0EB1, 0x0EB1 },
	{ 0x0EB4, 0x0EBC }, { 0x0EC8, 0x0ECE }, { 0x0F71, 0x0F84 },
	{ 0x102B, 0x103E }, { 0x17B4, 0x17D3 }, { 0x1AB0, 0x1AFF },
	{ 0x1DC0, 0x1DFF }, { 0x200C, 0x200D }, { 0x20D0, 0x20F0 },
	{ 0x302A, 0x302F }, { 0x3099, 0x309A }, { 0xFE00, 0xFE0F },
	{ 0xFE20, 0xFE2F }, { 0xE0100, 0xE01EF },
};

/*
 * The Brahmic blocks U+0900..U+0D7F share one layout (from ISCII):
 * signs first, then letters, vowel signs from 0x3A, digits at 0x66.
 * Classing by offset is approximate but keeps words whole.
 */
static enum cclass
indic_class(uint32_t cp)
{
	uint32_t	off = cp & 0x7F;

	if (off >= 0x66 && off <= 0x6F)
		return C_DIGIT;
	if (off == 0x64 || off == 0x65 || off == 0x70)
		return C_OTHER;		/* danda, double danda */
	if (off <= 0x03 || (off >= 0x3A && off <= 0x4F && off != 0x3D) ||
	    (off >= 0x51 && off <= 0x57) || off == 0x62 || off == 0x63)
		return C_MARK;
	return C_LETTER;
}

/* ASCII by table: most characters of any text, looked at inline. */
#define A_CLASS(c)	((c) <= 0x20 || (c) == 0x7F ? C_SPACE : \
	((c) | 0x20) >= 'a' && ((c) | 0x20) <= 'z' ? C_LETTER : \
	(c) >= '0' && (c) <= '9' ? C_DIGIT : C_OTHER)
#define A4(c)	A_CLASS(c), A_CLASS(c + 1), A_CLASS(c + 2), A_CLASS(c + 3)
#define A16(c)	A4(c), A4(c + 4), A4(c + 8), A4(c + 12)
#define A64(c)	A16(c), A16(c + 16), A16(c + 32), A16(c + 48)

static const unsigned char ascii_class[128] = { A64(0), A64(64) };

static enum cclass cclass_wide(uint32_t);

static inline enum cclass
cclass(uint32_t cp)
{
	return cp < 0x80 ? (enum cclass)ascii_class[cp] : cclass_wide(cp);
}

static enum cclass
cclass_wide(uint32_t cp)
{
	if (cp >= 0x0900 && cp < 0x0D80)
		return indic_class(cp);
	if (IN(cp, letter_ranges))
		return C_LETTER;
	if (IN(cp, space_ranges))
		return C_SPACE;
	if (IN(cp, mark_ranges))
		return C_MARK;
	if (IN(cp, digit_ranges))
		return C_DIGIT;
	return C_OTHER;
}

int
utf8_is_letter(uint32_t cp)
{
	return cclass(cp) == C_LETTER;
}

/* Emoji by default, or nearly always meant as such. */
static const struct cprange emoji_ranges[] = {
	{ 0x231A, 0x231B }, { 0x2328, 0x2328 }, { 0x23CF, 0x23CF },
	{ 0x23E9, 0x23F3 }, { 0x23F8, 0x23FA }, { 0x24C2, 0x24C2 },
	{ 0x25AA, 0x25AB }, { 0x25B6, 0x25B6 }, { 0x25C0, 0x25C0 },
	{ 0x25FB, 0x25FE }, { 0x2600, 0x27BF }, { 0x2934, 0x2935 },
	{ 0x2B05, 0x2B07 }, { 0x2B1B, 0x2B1C }, { 0x2B50, 0x2B50 },
	{ 0x2B55, 0x2B55 }, { 0x3030, 0x3030 }, { 0x303D, 0x303D },
	{ 0x3297, 0x3297 }, { 0x3299, 0x3299 }, { 0x1F000, 0x1FAFF },
};

/* Symbols that are emoji only when followed by U+FE0F: ©️ ™️ ‼️ ↔️ */
static const struct cprange emoji_text[] = {
	{ 0x00A9, 0x00A9 }, { 0x00AE, 0x00AE }, { 0x203C, 0x203C },
	{ 0x2049, 0x2049 }, { 0x2122, 0x2122 }, { 0x2139, 0x2139 },
	{ 0x2194, 0x2199 }, { 0x21A9, 0x21AA },
};

int
utf8_is_emoji(uint32_t cp)
{
	return cp >= 0x2300 && IN(cp, emoji_ranges);
}

/* ---- tokenizing ----------------------------------------------------- */

#define ZWJ	0x200D
#define VS15	0xFE0E
#define VS16	0xFE0F
#define KEYCAP	0x20E3
#define IS_REGIONAL(cp)	((cp) >= 0x1F1E6 && (cp) <= 0x1F1FF)	/* flags */

struct scan {
	const char	*s;
	size_t		 len;
	size_t		 no_email;	/* no address starts before this */
};

/* Code point at off and its length in *n; 0 with *n = 0 at the end. */
static inline uint32_t
cp_at(const struct scan *sc, size_t off, int *n)
{
	uint32_t	cp = 0;

	if (off < sc->len && (unsigned char)sc->s[off] < 0x80) {
		*n = 1;		/* most text is ASCII: no decoding */
		return (unsigned char)sc->s[off];
	}
	*n = off < sc->len ? utf8_decode(sc->s + off, sc->len - off, &cp) : 0;
	return cp;
}

/* Past the run of characters from i on that ok() accepts. */
static size_t
span(const struct scan *sc, size_t i, int (*ok)(uint32_t))
{
	uint32_t	cp;
	int		n;

	while ((cp = cp_at(sc, i, &n), n > 0) && ok(cp))
		i += (size_t)n;
	return i;
}

static int
is_word_char(uint32_t cp)
{
	enum cclass	c = cclass(cp);

	return c == C_LETTER || c == C_DIGIT || c == C_MARK;
}

static int
is_tag_char(uint32_t cp)
{
	return is_word_char(cp) || cp == '_';
}

static int
is_handle_char(uint32_t cp)
{
	return (cp >= 'a' && cp <= 'z') || (cp >= 'A' && cp <= 'Z') ||
	    (cp >= '0' && cp <= '9') || cp == '_' || cp == '.';
}

static int
is_local_char(uint32_t cp)
{
	return is_tag_char(cp) || cp == '.' || cp == '%' || cp == '+' ||
	    cp == '-';
}

static int
is_label_char(uint32_t cp)
{
	return is_word_char(cp) || cp == '-';
}

static int
is_url_char(uint32_t cp)
{
	if (cp < 0x80)
		return cp > 0x20 && cp < 0x7F && cp != '<' && cp != '>' &&
		    cp != '"';
	return is_word_char(cp);
}

static int
is_emoji_tail(uint32_t cp)
{
	return cp == VS16 || cp == VS15 || cp == KEYCAP ||
	    (cp >= 0x1F3FB && cp <= 0x1F3FF) ||	/* skin tones */
	    (cp >= 0xE0020 && cp <= 0xE007F);		/* tags: 🏴 regions */
}

/*
 * May joiner cp stay inside a word, between characters of classes prev
 * and next?  letters: the word has a letter so far.  A number (no
 * letters yet) keeps . , : / between digits: 1.500,50 10:30 22/11.
 */
static int
joins(uint32_t cp, enum cclass prev, enum cclass next, int letters)
{
	switch (cp) {
	case '\'':
	case 0x2019:			/* don't, l’été */
		return next == C_LETTER;
	case '-':
	case 0x2010:
	case 0x2011:			/* e-mail, covid-19, but 10 - 15 */
		return next == C_LETTER || (letters && next == C_DIGIT);
	case '.':			/* p.ej, EE.UU, 1.500, v1.2 */
		return next == prev;
	case 0x00B7:			/* Catalan col·legi */
		return prev == C_LETTER && next == C_LETTER;
	case ',':
	case ':':
	case '/':
		return !letters && prev == C_DIGIT && next == C_DIGIT;
	}
	return 0;
}

/* A word, or a number if it has no letter; starts on a letter or digit. */
static size_t
scan_word(const struct scan *sc, size_t start, enum tok_kind *kind)
{
	const unsigned char	*s = (const unsigned char *)sc->s;
	enum cclass		 c, prev = C_OTHER;
	size_t			 i = start, len = sc->len;
	uint32_t		 cp, next;
	int			 n, m, letters = 0;

	while (i < len) {
		/* ASCII letters and digits, most of a word, go by. */
		if (s[i] < 0x80 && ((c = ascii_class[s[i]]) == C_LETTER ||
		    c == C_DIGIT)) {
			do {
				letters |= c == C_LETTER;
				prev = c;
			} while (++i < len && s[i] < 0x80 &&
			    ((c = ascii_class[s[i]]) == C_LETTER ||
			    c == C_DIGIT));
			continue;
		}
		cp = cp_at(sc, i, &n);
		c = cclass(cp);
		if (c == C_LETTER || c == C_DIGIT) {
			letters |= c == C_LETTER;
			prev = c;
		} else if (c != C_MARK) {
			next = cp_at(sc, i + n, &m);
			if (!joins(cp, prev, m > 0 ? cclass(next) : C_SPACE,
			    letters))
				break;
		}
		i += (size_t)n;
	}
	*kind = letters ? TOK_WORD : TOK_NUMBER;
	return i - start;
}

/* @handle: ASCII letters, digits, '_' and inner dots. */
static size_t
scan_mention(const struct scan *sc, size_t start)
{
	size_t	end = span(sc, start + 1, is_handle_char);

	while (end > start + 1 && sc->s[end - 1] == '.')
		end--;
	if (end == start + 1 || sc->s[start + 1] == '.')
		return 0;
	return end - start;
}

/*
 * Domain of an address at i: dot-separated labels of letters, digits
 * and '-', at least two, the last all letters.  Returns its end or 0.
 */
static size_t
scan_domain(const struct scan *sc, size_t i)
{
	size_t	label, end = 0;
	int	labels = 0;

	for (;;) {
		label = i;
		if ((i = span(sc, label, is_label_char)) == label)
			break;
		if (++labels >= 2 && i - label >= 2 &&
		    span(sc, label, utf8_is_letter) == i)
			end = i;
		if (i >= sc->len || sc->s[i] != '.')
			break;
		i++;
	}
	return end;
}

static size_t
scan_email(struct scan *sc, size_t start)
{
	size_t	at, end = 0;

	if (start < sc->no_email)
		return 0;
	at = span(sc, start, is_local_char);
	if (at < sc->len && sc->s[at] == '@')
		end = scan_domain(sc, at + 1);
	if (end == 0) {
		/* Any start up to at fails the same way: don't rescan. */
		sc->no_email = at;
		return 0;
	}
	return end - start;
}

/*
 * http://, https:// or www. up to a space, less the sentence's trailing
 * punctuation; a final ')' stays when it closes a '(' of the URL.
 */
static size_t
scan_url(const struct scan *sc, size_t start)
{
	static const char *const	 prefixes[] = {
		"http://", "https://", "www."
	};
	size_t				 i, n, body = 0, end;
	size_t				 opens = 0, closes = 0;

	for (i = 0; i < NELEM(prefixes) && body == 0; i++) {
		n = strlen(prefixes[i]);
		if (sc->len - start >= n &&
		    strncasecmp(sc->s + start, prefixes[i], n) == 0)
			body = start + n;
	}
	if (body == 0)
		return 0;
	end = span(sc, body, is_url_char);
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

static int
is_emoji_base(uint32_t cp, uint32_t next)
{
	return utf8_is_emoji(cp) || (next == VS16 && IN(cp, emoji_text));
}

/* One emoji: a flag pair, a keycap, or a ZWJ sequence like 👩‍💻. */
static size_t
scan_emoji(const struct scan *sc, size_t start)
{
	size_t		i;
	uint32_t	cp, next;
	int		n, m, k;

	cp = cp_at(sc, start, &n);
	next = cp_at(sc, start + n, &m);
	if (IS_REGIONAL(cp))
		return n + (IS_REGIONAL(next) ? m : 0);
	if ((cp >= '0' && cp <= '9') || cp == '#' || cp == '*') {
		i = start + 1;
		if (next == VS16)
			next = cp_at(sc, i += m, &m);
		return next == KEYCAP ? i + m - start : 0;
	}
	if (!is_emoji_base(cp, next))
		return 0;
	i = span(sc, start + n, is_emoji_tail);
	while (cp_at(sc, i, &n) == ZWJ) {
		next = cp_at(sc, i + n, &m);
		if (m == 0 || !is_emoji_base(next, cp_at(sc, i + n + m, &k)))
			break;
		i = span(sc, i + n + m, is_emoji_tail);
	}
	return i - start;
}
/* The token at start, which is not a space; returns its length. */
static size_t
scan_token(struct scan *sc, size_t start, uint32_t cp, int n,
    enum tok_kind *kind)
{
	size_t	len;
	int	alnum = cclass(cp) == C_LETTER || cclass(cp) == C_DIGIT;

	if (((cp | 0x20) == 'h' || (cp | 0x20) == 'w') &&
	    (len = scan_url(sc, start)) > 0) {
		*kind = TOK_URL;
		return len;
	}
	/* An ASCII character starts an emoji only as a keycap (1️⃣ #️⃣). */
	if ((cp >= 0x80 || ((alnum || cp == '#' || cp == '*') &&
	    start + 1 < sc->len && (unsigned char)sc->s[start + 1] >= 0x80)) &&
	    (len = scan_emoji(sc, start)) > 0) {
		*kind = TOK_EMOJI;
		return len;
	}
	if (cp == '#' && (len = span(sc, start + 1, is_tag_char) - start) > 1) {
		*kind = TOK_HASHTAG;
		return len;
	}
	if (cp == '@' && (len = scan_mention(sc, start)) > 0) {
		*kind = TOK_MENTION;
		return len;
	}
	if ((alnum || cp == '_') && (len = scan_email(sc, start)) > 0) {
		*kind = TOK_EMAIL;
		return len;
	}
	if (alnum)
		return scan_word(sc, start, kind);
	*kind = TOK_PUNCT;
	return (size_t)n;
}

/*
 * Most tokens are a run of ASCII letters and digits ended by a space or
 * by punctuation that cannot continue them.  Such a run is a word (a
 * number without a letter) whatever scan_token would try first: no URL
 * ("http:", "www."), e-mail ("@", and the . _ % + - of its local part),
 * keycap emoji (a byte >= 0x80) or joined word or number (' - . , : /)
 * can follow it.  Its length, or 0 when scan_token must decide.
 */
static int
ascii_word(const char *text, size_t len, size_t i, enum tok_kind *kind)
{
	const unsigned char	*s = (const unsigned char *)text;
	size_t			 start = i;
	int			 letters = 0;
	unsigned		 c;

	for (; i < len && s[i] < 0x80; i++) {
		c = ascii_class[s[i]];
		if (c == C_LETTER)
			letters = 1;
		else if (c != C_DIGIT)
			break;
	}
	if (i == start || i - start > INT_MAX)
		return 0;
	if (i < len && (s[i] >= 0x80 || memchr("'-.,:/@_%+", s[i], 10) != NULL))
		return 0;
	*kind = letters ? TOK_WORD : TOK_NUMBER;
	return (int)(i - start);
}

int
utf8_tokens(const char *text, size_t len,
    int (*fn)(const struct token *, void *), void *arg)
{
	struct scan	sc = { text, len, 0 };
	struct token	tok;
	size_t		i = 0;
	uint32_t	cp;
	int		n, rc;

	/* Without an '@' there is no address to look for at every word. */
	if (memchr(text, '@', len) == NULL)
		sc.no_email = len;
	while (i < len) {
		if ((n = ascii_word(text, len, i, &tok.kind)) > 0) {
			tok.ascii = 1;
			tok.off = i;
			tok.len = (size_t)n;
			if ((rc = fn(&tok, arg)) != 0)
				return rc;
			i += tok.len;
			continue;
		}
		cp = cp_at(&sc, i, &n);
		if (cclass(cp) == C_SPACE) {
			i += (size_t)n;
			continue;
		}
		tok.ascii = 0;
		tok.off = i;
		tok.len = scan_token(&sc, i, cp, n, &tok.kind);
		if ((rc = fn(&tok, arg)) != 0)
			return rc;
		i += tok.len;
	}
	return 0;
}

static int
toklist_add(const struct token *t, void *arg)
{
	struct toklist	*tl = arg;
	struct token	*nv;

	if (tl->n == tl->cap) {
		tl->cap = tl->cap ? tl->cap * 2 : 64;
		if ((nv = realloc(tl->v, tl->cap * sizeof(*nv))) == NULL)
			abort();
		tl->v = nv;
	}
	tl->v[tl->n++] = *t;
	return 0;
}

void
utf8_toklist(struct toklist *tl, const char *text, size_t len)
{
	tl->n = 0;
	utf8_tokens(text, len, toklist_add, tl);
}

void
utf8_toklist_free(struct toklist *tl)
{
	free(tl->v);
	tl->v = NULL;
	tl->n = tl->cap = 0;
}
