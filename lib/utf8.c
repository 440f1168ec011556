/* utf8.c - UTF-8 validation, decoding and folding (tokenizing: utf8_tokens.c) */

#include <stdint.h>
#include <string.h>

#include "utf8.h"
#include "utf8_impl.h"

/* ---- validation, decoding, encoding --------------------------------- */

/*
 * Length of the well-formed sequence at p (Unicode table 3-7), or 0.
 * The lead byte narrows the range of the second byte: that is what
 * rules out overlongs, surrogates and code points above U+10FFFF.
 */
static size_t
seq_len(const unsigned char *p, size_t avail)
{
	unsigned char	lo = 0x80, hi = 0xBF;
	size_t		n, i;

	if (p[0] < 0x80)
		return 1;
	if (p[0] < 0xC2)
		return 0;		/* continuation byte or overlong */
	if (p[0] < 0xE0)
		n = 2;
	else if (p[0] < 0xF0) {
		n = 3;
		if (p[0] == 0xE0)
			lo = 0xA0;
		else if (p[0] == 0xED)
			hi = 0x9F;	/* surrogates */
	} else if (p[0] < 0xF5) {
		n = 4;
		if (p[0] == 0xF0)
			lo = 0x90;
		else if (p[0] == 0xF4)
			hi = 0x8F;	/* above U+10FFFF */
	} else
		return 0;
	if (avail < n || p[1] < lo || p[1] > hi)
		return 0;
	for (i = 2; i < n; i++)
		if ((p[i] & 0xC0) != 0x80)
			return 0;
	return n;
}

#define HIGH_BITS	0x8080808080808080ULL

size_t
utf8_valid(const char *s, size_t len)
{
	const unsigned char	*p = (const unsigned char *)s;
	size_t			 i = 0, n;
	uint64_t		 word;

	while (i < len) {
		/* Most input is ASCII: skip it eight bytes at a time. */
		while (len - i >= 8) {
			memcpy(&word, p + i, sizeof(word));
			if (word & HIGH_BITS)
				break;
			i += 8;
		}
		if (i == len)
			break;
		if ((n = seq_len(p + i, len - i)) == 0)
			return i;
		i += n;
	}
	return len;
}

int
utf8_decode(const char *s, size_t len, uint32_t *cp)
{
	const unsigned char	*p = (const unsigned char *)s;

	size_t			 n, i;

	if ((n = seq_len(p, len)) == 0) {
		*cp = 0xFFFD;
		return 1;
	}
	*cp = p[0] & (n == 1 ? 0x7F : 0x7F >> n);	/* the lead's payload */
	for (i = 1; i < n; i++)
		*cp = *cp << 6 | (p[i] & 0x3F);
	return (int)n;
}

/* A surrogate or a value above U+10FFFF cannot be encoded: U+FFFD is. */
int
utf8_encode(uint32_t cp, char *out)
{
	unsigned char	*o = (unsigned char *)out;
	int		 n, i;

	if ((cp >= 0xD800 && cp <= 0xDFFF) || cp > 0x10FFFF)
		cp = 0xFFFD;
	if (cp < 0x80) {
		o[0] = (unsigned char)cp;
		return 1;
	}
	n = cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
	for (i = n - 1; i > 0; i--, cp >>= 6)
		o[i] = (unsigned char)(0x80 | (cp & 0x3F));
	o[0] = (unsigned char)(0xF00 >> n | cp);	/* 110x, 1110, 11110 */
	return n;
}

size_t
utf8_ncp(const char *s, size_t len)
{
	size_t i, n = 0;

	for (i = 0; i < len; i++)
		n += ((unsigned char)s[i] & 0xC0) != 0x80;
	return n;
}

/* ---- folding -------------------------------------------------------- */

/*
 * Base letter of each precomposed Latin letter, lower case, '.' where
 * there is none.  Taken from the letters' canonical decompositions and,
 * for those without one (ø ł đ ħ ƒ ...), from the letter they are
 * built on; ı, ð, ſ and ŉ are folded too.
 */
static const char latin_base_00c0[] =	/* U+00C0..U+024F */
    "aaaaaa.ceeeeiiiidnooooo.ouuuuy..aaaaaa.ceeeeiiiidnooooo.ouuuuy.y"
    "aaaaaaccccccccddddeeeeeeeeeegggggggghhhhiiiiiiiiii..jjkk.lllllll"
    "lllnnnnnnn..oooooo..rrrrrrssssssssttttttuuuuuuuuuuuuwwyyyzzzzzzs"
    "bbbb...ccdddd....ffg...ikkl..nnooo..pp.....ttttuu.vyyzz........."
    ".............aaiioouuuuuuuuuu.aaaa..ggggkkoooo..j...gg..nnaa..oo"
    "aaaaeeeeiiiioooorrrruuuusstt..hhnd..zzaaeeooooooooyylntj..acclts"
    "z..bu.eejjqqrryy";
static const char latin_base_1e00[] =	/* U+1E00..U+1EFF */
    "aabbbbbbccddddddddddeeeeeeeeeeffgghhhhhhhhhhiiiikkkkkkllllllllmm"
    "mmmmnnnnnnnnoooooooopppprrrrrrrrssssssssssttttttttuuuuuuuuuuvvvv"
    "wwwwwwwwwwxxxxyyzzzzzzhtwyasss..aaaaaaaaaaaaaaaaaaaaaaaaeeeeeeee"
    "eeeeeeeeiiiioooooooooooooooooooooooouuuuuuuuuuuuuuyyyyyyyy....yy";

_Static_assert(sizeof(latin_base_00c0) == 0x250 - 0xC0 + 1, "00c0 table");
_Static_assert(sizeof(latin_base_1e00) == 0x100 + 1, "1e00 table");

static uint32_t
latin_base(uint32_t cp)
{
	char	c = '.';

	if (cp >= 0xC0 && cp <= 0x24F)
		c = latin_base_00c0[cp - 0xC0];
	else if (cp >= 0x1E00 && cp <= 0x1EFF)
		c = latin_base_1e00[cp - 0x1E00];
	return c == '.' ? 0 : (uint32_t)c;
}

/*
 * Upper to lower case: the range moves by delta; with step 2 only every
 * other one does (upper and lower alternate in those blocks).  No lower
 * case letter takes more bytes than its capital, so folding never grows
 * a valid string.
 */
struct caserange {
	struct cprange	r;
	int32_t		delta;
	uint32_t	step;
};

static const struct caserange case_ranges[] = {
	{ { 0x00C0, 0x00D6 }, 32, 1 },	{ { 0x00D8, 0x00DE }, 32, 1 },
	{ { 0x0100, 0x012F }, 1, 2 },	{ { 0x0132, 0x0137 }, 1, 2 },
	{ { 0x0139, 0x0148 }, 1, 2 },	{ { 0x014A, 0x0177 }, 1, 2 },
	{ { 0x0178, 0x0178 }, -121, 1 }, { { 0x0179, 0x017E }, 1, 2 },
	{ { 0x0186, 0x0186 }, 206, 1 },	{ { 0x018E, 0x018E }, 79, 1 },
	{ { 0x018F, 0x018F }, 202, 1 },	{ { 0x0190, 0x0190 }, 203, 1 },
	{ { 0x0194, 0x0194 }, 207, 1 },	{ { 0x0386, 0x0386 }, 38, 1 },
	{ { 0x0388, 0x038A }, 37, 1 },	{ { 0x038C, 0x038C }, 64, 1 },
	{ { 0x038E, 0x038F }, 63, 1 },	{ { 0x0391, 0x03A1 }, 32, 1 },
	{ { 0x03A3, 0x03AB }, 32, 1 },	{ { 0x0400, 0x040F }, 80, 1 },
	{ { 0x0410, 0x042F }, 32, 1 },	{ { 0x0460, 0x0481 }, 1, 2 },
	{ { 0x048A, 0x04BF }, 1, 2 },	{ { 0x04C0, 0x04C0 }, 15, 1 },
	{ { 0x04C1, 0x04CE }, 1, 2 },	{ { 0x04D0, 0x052F }, 1, 2 },
	{ { 0x0531, 0x0556 }, 48, 1 },
	/* Fullwidth digits and letters, as typed with CJK input methods. */
	{ { 0xFF10, 0xFF19 }, 0x30 - 0xFF10, 1 },
	{ { 0xFF21, 0xFF3A }, 0x61 - 0xFF21, 1 },
	{ { 0xFF41, 0xFF5A }, 0x61 - 0xFF41, 1 },
};

static uint32_t
to_lower(uint32_t cp)
{
	const struct caserange	*c;

	if ((c = FIND(cp, case_ranges)) == NULL ||
	    (cp - c->r.lo) % c->step != 0)
		return cp;
	return (uint32_t)((int32_t)cp + c->delta);
}

/* Folds that are no case mapping: expansions, Greek accents, quotes. */
struct special {
	struct cprange	r;
	char		to[3];		/* UTF-8, one or two code points */
};

static const struct special specials[] = {
	{ { 0x00DF, 0x00DF }, "ss" },	{ { 0x00E6, 0x00E6 }, "ae" },
	{ { 0x00FE, 0x00FE }, "th" },	{ { 0x0133, 0x0133 }, "ij" },
	{ { 0x0153, 0x0153 }, "oe" },	{ { 0x01C4, 0x01C6 }, "dz" },
	{ { 0x01C7, 0x01C9 }, "lj" },	{ { 0x01CA, 0x01CC }, "nj" },
	{ { 0x01E2, 0x01E3 }, "ae" },	{ { 0x01F1, 0x01F3 }, "dz" },
	{ { 0x01FC, 0x01FD }, "ae" },	{ { 0x02BC, 0x02BC }, "'" },
	{ { 0x0390, 0x0390 }, "ι" },	{ { 0x03AC, 0x03AC }, "α" },
	{ { 0x03AD, 0x03AD }, "ε" },	{ { 0x03AE, 0x03AE }, "η" },
	{ { 0x03AF, 0x03AF }, "ι" },	{ { 0x03B0, 0x03B0 }, "υ" },
	{ { 0x03C2, 0x03C2 }, "σ" },	{ { 0x03CA, 0x03CA }, "ι" },
	{ { 0x03CB, 0x03CB }, "υ" },	{ { 0x03CC, 0x03CC }, "ο" },
	{ { 0x03CD, 0x03CD }, "υ" },	{ { 0x03CE, 0x03CE }, "ω" },
	{ { 0x1E9E, 0x1E9E }, "ss" },	{ { 0x2018, 0x2019 }, "'" },
	{ { 0x2126, 0x2126 }, "ω" },	{ { 0x212A, 0x212A }, "k" },
	{ { 0x212B, 0x212B }, "a" },	{ { 0xFB00, 0xFB00 }, "ff" },
	{ { 0xFB01, 0xFB01 }, "fi" },	{ { 0xFB02, 0xFB02 }, "fl" },
	{ { 0xFB05, 0xFB06 }, "st" },
};

int
utf8_fold_cp(uint32_t cp, uint32_t out[2])
{
	const struct special	*sp;
	uint32_t		 base;
	int			 n;

	if (cp < 0x80) {
		out[0] = (cp >= 'A' && cp <= 'Z') ? cp + 32 : cp;
		return 1;
	}
	if (cp >= 0x300 && cp <= 0x36F)
		return 0;		/* combining diacritical marks */
	if ((base = latin_base(cp)) != 0) {
		out[0] = base;
		return 1;
	}
	cp = to_lower(cp);
	if ((sp = FIND(cp, specials)) != NULL) {
		n = utf8_decode(sp->to, strlen(sp->to), &out[0]);
		if (sp->to[n] == '\0')
			return 1;
		utf8_decode(sp->to + n, strlen(sp->to + n), &out[1]);
		return 2;
	}
	out[0] = cp;
	return 1;
}

/*
 * Output of utf8_fold.  Writing stops for good at the first sequence
 * that does not fit with its NUL, so out is always a prefix of the
 * whole result and no sequence is ever split.
 */
struct sink {
	char	*out;
	size_t	 size;
	size_t	 used;		/* bytes written to out */
	size_t	 need;		/* bytes the whole result takes */
};

static void
sink_put(struct sink *sk, uint32_t cp)
{
	char	buf[4];
	size_t	n;

	n = (size_t)utf8_encode(cp, buf);
	if (sk->used == sk->need && sk->size - sk->used > n) {
		memcpy(sk->out + sk->used, buf, n);
		sk->used += n;
	}
	sk->need += n;
}

/*
 * A run of bad bytes becomes a single U+FFFD: with that, and valid
 * characters never growing, the result stays within 2 * len + 1 bytes.
 */
/*
 * The ASCII run at s[i..) folded straight into the sink, as far as it
 * has room with its NUL; returns where the run (or the room) ended.
 */
static size_t
fold_ascii(const char *s, size_t i, size_t len, struct sink *sk)
{
	const unsigned char *u = (const unsigned char *)s;
	size_t room = sk->size - sk->used - 1, start = i, end;
	char *o = sk->out + sk->used;
	unsigned c;

	end = len - i < room ? len : i + room;
	for (; i < end && (c = u[i]) < 0x80; i++)
		*o++ = (char)(c - 'A' < 26 ? c + 32 : c);
	sk->used += i - start;
	sk->need += i - start;
	return i;
}

size_t
utf8_fold(const char *s, size_t len, char *out, size_t outsz)
{
	struct sink	sk = { out, outsz, 0, 0 };
	uint32_t	cp, folded[2];
	size_t		i = 0;
	int		n, k, j, in_bad = 0;
	unsigned char	c;

	/* A short ASCII string (a word: most calls) that fits is lowered
	 * here, without the sink's bookkeeping; at its first other byte
	 * the general way below starts over. */
	if (len < outsz) {
		for (; i < len && (c = (unsigned char)s[i]) < 0x80; i++)
			out[i] = (char)(c >= 'A' && c <= 'Z' ? c + 32 : c);
		if (i == len) {
			out[len] = '\0';
			return len;
		}
		i = 0;
	}
	while (i < len) {
		if ((unsigned char)s[i] < 0x80) {
			/* Most text is ASCII: copy it straight while the
			 * output has room and nothing was cut. */
			if (sk.used == sk.need && sk.size - sk.used > 1)
				i = fold_ascii(s, i, len, &sk);
			if (i < len && (unsigned char)s[i] < 0x80) {
				cp = (unsigned char)s[i++];
				sink_put(&sk, (cp >= 'A' && cp <= 'Z') ?
				    cp + 32 : cp);
			}
			in_bad = 0;
			continue;
		}
		n = utf8_decode(s + i, len - i, &cp);
		i += (size_t)n;
		if (n == 1) {		/* a malformed byte */
			if (!in_bad)
				sink_put(&sk, 0xFFFD);
			in_bad = 1;
			continue;
		}
		in_bad = 0;
		k = utf8_fold_cp(cp, folded);
		for (j = 0; j < k; j++)
			sink_put(&sk, folded[j]);
	}
	if (outsz > 0)
		out[sk.used] = '\0';
	return sk.need;
}
