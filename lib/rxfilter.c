/* rxfilter.c - cheap necessary conditions for a POSIX extended regex */
#include <stdlib.h>
#include <string.h>

#include "rxfilter.h"
#include "xalloc.h"

#define MAX_MIN		1000000UL	/* counts past this say no more */

/* At least min bytes of the text are in set.  When the set is one run
 * of byte values, [lo, hi] ([0-9]), it is counted without the set. */
struct need {
	unsigned char	set[32];
	unsigned long	min;
	int		range;
	unsigned char	lo, hi;
};

/* What a part of the pattern needs: byte counts and literal strings. */
struct bag {
	struct need	*needs;
	size_t		 nneeds;
	char		**lits;		/* lower case when icase */
	size_t		 nlits;
};

struct rxfilter {
	struct bag	 bag;
	int		 icase;
};

struct parser {
	const unsigned char	*p;
	int			 icase;
	int			 fail;	/* a pattern we do not follow */
};

/* The literal being read: a run of plain characters. */
struct run {
	char	s[256];
	size_t	n;
};

#define SET(set, c)	((set)[(c) >> 3] |= (unsigned char)(1 << ((c) & 7)))
#define HAS(set, c)	((set)[(c) >> 3] & (1 << ((c) & 7)))

static int
lower(int c)
{
	return c >= 'A' && c <= 'Z' ? c + 32 : c;
}

static int
is_alpha(int c)
{
	return (c | 0x20) >= 'a' && (c | 0x20) <= 'z';
}

static void
bag_free(struct bag *b)
{
	size_t i;

	for (i = 0; i < b->nlits; i++)
		free(b->lits[i]);
	free(b->lits);
	free(b->needs);
	memset(b, 0, sizeof(*b));
}

static void
add_lit(struct bag *b, const char *s, size_t n)
{
	char *lit;

	if ((lit = malloc(n + 1)) == NULL)
		abort();
	memcpy(lit, s, n);
	lit[n] = '\0';
	b->lits = xreallocarray(b->lits, b->nlits + 1, sizeof(*b->lits));
	b->lits[b->nlits++] = lit;
}

static void
add_need(struct bag *b, const unsigned char set[32], unsigned long min)
{
	size_t i;

	for (i = 0; i < b->nneeds; i++)
		if (memcmp(b->needs[i].set, set, 32) == 0)
			break;
	if (i == b->nneeds) {
		b->needs = xreallocarray(b->needs, b->nneeds + 1,
		    sizeof(*b->needs));
		memcpy(b->needs[i].set, set, 32);
		b->needs[i].min = 0;
		b->nneeds++;
	}
	/* Fewer than really needed is still necessary. */
	b->needs[i].min += min;
	if (b->needs[i].min > MAX_MIN)
		b->needs[i].min = MAX_MIN;
}

/* Add what src needs, times over (a group repeated at least times). */
static void
bag_add(struct bag *dst, const struct bag *src, unsigned long times)
{
	size_t i;

	for (i = 0; i < src->nneeds; i++)
		add_need(dst, src->needs[i].set, src->needs[i].min *
		    (times < MAX_MIN ? times : MAX_MIN));
	for (i = 0; i < src->nlits; i++)
		add_lit(dst, src->lits[i], strlen(src->lits[i]));
}

static void
end_run(struct bag *b, struct run *r)
{
	if (r->n > 0)
		add_lit(b, r->s, r->n);
	r->n = 0;
}

static void
run_add(struct parser *ps, struct bag *b, struct run *r, int c)
{
	if (r->n == sizeof(r->s))
		end_run(b, r);
	r->s[r->n++] = (char)(ps->icase ? lower(c) : c);
}

/*
 * The least number of times a quantifier lets the atom before it occur,
 * or -1 when there is none.  "a**" and the like are not followed.
 */
static long
parse_quant(struct parser *ps)
{
	long min = -1;

	switch (*ps->p) {
	case '*':
	case '?':
		min = 0;
		ps->p++;
		break;
	case '+':
		min = 1;
		ps->p++;
		break;
	case '{':
		ps->p++;
		for (min = 0; *ps->p >= '0' && *ps->p <= '9'; ps->p++)
			if ((min = min * 10 + (*ps->p - '0')) > 100000)
				min = 100000;
		if (*ps->p == ',')
			while (*++ps->p >= '0' && *ps->p <= '9')
				;
		if (*ps->p != '}') {
			ps->fail = 1;
			return 0;
		}
		ps->p++;
		break;
	default:
		return -1;
	}
	if (*ps->p != '\0' && strchr("*+?{", *ps->p) != NULL)
		ps->fail = 1;
	return min;
}

/* [:name:] into set; 0 for a class not followed.  Other scripts'
 * letters and spaces are some byte above 0x7F. */
static int
add_class(unsigned char set[32], const unsigned char *name, size_t n)
{
	static const char *const classes[] = {
		"digit", "xdigit", "alpha", "alnum", "upper", "lower",
		"space", "blank"
	};
	size_t k;
	int c;

	for (k = 0; k < 8; k++)
		if (strlen(classes[k]) == n && memcmp(classes[k], name, n) == 0)
			break;
	for (c = 0; c < 256; c++) {
		if ((k <= 1 && c >= '0' && c <= '9') ||
		    (k == 1 && (c | 0x20) >= 'a' && (c | 0x20) <= 'f') ||
		    (k >= 2 && k <= 5 && is_alpha(c)) ||
		    (k == 3 && c >= '0' && c <= '9') ||
		    (k == 6 && strchr(" \t\n\v\f\r", c) != NULL && c != 0) ||
		    (k == 7 && (c == ' ' || c == '\t')) ||
		    (k >= 2 && k < 8 && c >= 0x80))
			SET(set, c);
	}
	return k < 8;
}

/*
 * A bracket expression.  A set of one character (two when case does
 * not count) is a literal: "[.]".  A negated set, and one with a range
 * or class not followed, needs nothing known.
 */
static void
parse_bracket(struct parser *ps, struct bag *atom, int *lit)
{
	const unsigned char *p = ps->p + 1, *close;
	unsigned char set[32];
	int neg = 0, unknown = 0, first = 1, c, n = 0, one = -1;

	memset(set, 0, sizeof(set));
	if (*p == '^') {
		neg = 1;
		p++;
	}
	for (;; first = 0) {
		if ((c = *p) == '\0') {
			ps->fail = 1;
			return;
		}
		if (c == ']' && !first) {
			p++;
			break;
		}
		if (c == '[' && (p[1] == ':' || p[1] == '=' || p[1] == '.')) {
			for (close = p + 2; *close != '\0' && !(close[0] ==
			    p[1] && close[1] == ']'); close++)
				;
			if (*close == '\0') {
				ps->fail = 1;
				return;
			}
			if (p[1] != ':' || !add_class(set, p + 2,
			    (size_t)(close - p - 2)))
				unknown = 1;
			p = close + 2;
			continue;
		}
		if (p[1] == '-' && p[2] != ']' && p[2] != '\0') {
			if (c >= 0x80 || p[2] >= 0x80 || p[2] == '[')
				unknown = 1;
			else
				for (; c <= p[2]; c++)
					SET(set, c);
			p += 3;
			continue;
		}
		if (c >= 0x80)		/* some byte of a character */
			for (c = 0x80; c < 256; c++)
				SET(set, c);
		else
			SET(set, c);
		p++;
	}
	ps->p = p;
	if (neg || unknown)
		return;
	/* Letters of either case: always, as ranges may be collated so. */
	for (c = 'a'; c <= 'z'; c++)
		if (HAS(set, c) || HAS(set, c - 32)) {
			SET(set, c);
			SET(set, c - 32);
		}
	for (c = 0; c < 256; c++)
		if (HAS(set, c) && !(c >= 'A' && c <= 'Z')) {
			n++;
			one = c;
		}
	if (n == 1 && one < 0x80 && (ps->icase || !is_alpha(one)))
		*lit = one;
	else
		add_need(atom, set, 1);
}

static void parse_alt(struct parser *, struct bag *);

/* One atom and its quantifier, added to b (and its literal to r). */
static void
parse_piece(struct parser *ps, struct bag *b, struct run *r)
{
	struct bag atom;
	int lit = -1, c = *ps->p;
	long min;

	memset(&atom, 0, sizeof(atom));
	switch (c) {
	case '(':
		ps->p++;
		parse_alt(ps, &atom);
		if (*ps->p != ')')
			ps->fail = 1;
		else
			ps->p++;
		break;
	case '[':
		parse_bracket(ps, &atom, &lit);
		break;
	case '^':
	case '$':
		ps->p++;
		end_run(b, r);
		return;
	case '\\':
		if ((c = *++ps->p) == '\0') {
			ps->fail = 1;
			return;
		}
		ps->p++;
		/* \w, \b, \1: GNU classes, anchors, back references */
		if (!is_alpha(c) && !(c >= '0' && c <= '9') && c < 0x80)
			lit = c;
		break;
	case '*':
	case '+':
	case '?':
	case '{':
		ps->fail = 1;
		return;
	default:
		ps->p++;
		if (c != '.' && c < 0x80)
			lit = c;
		break;
	}
	min = parse_quant(ps);
	if (lit >= 0 && min != 0)
		run_add(ps, b, r, lit);
	if (lit < 0 || min >= 0)
		end_run(b, r);
	if (lit < 0 && min != 0)
		bag_add(b, &atom, min < 0 ? 1 : (unsigned long)min);
	bag_free(&atom);
}

/* Pieces up to '|', ')' or the end. */
static void
parse_seq(struct parser *ps, struct bag *b)
{
	struct run r;

	r.n = 0;
	while (!ps->fail && *ps->p != '\0' && *ps->p != '|' && *ps->p != ')')
		parse_piece(ps, b, &r);
	end_run(b, &r);
}

/* Of alternatives, the filter knows no common need: none is kept. */
static void
parse_alt(struct parser *ps, struct bag *b)
{
	struct bag alt;

	memset(&alt, 0, sizeof(alt));
	parse_seq(ps, &alt);
	if (*ps->p != '|') {
		bag_add(b, &alt, 1);
		bag_free(&alt);
		return;
	}
	while (!ps->fail && *ps->p == '|') {
		bag_free(&alt);
		ps->p++;
		parse_seq(ps, &alt);
	}
	bag_free(&alt);
}

/* Has lit a byte with no other case?  Such a literal is searched for
 * fastest (has_lit), and most often missing: tried first. */
static int
caseless_byte(const char *lit, int icase)
{
	for (; *lit != '\0'; lit++)
		if (!icase || !is_alpha((unsigned char)*lit))
			return 1;
	return 0;
}

static void
sort_lits(struct bag *b, int icase)
{
	size_t i, j;
	char *t;

	for (i = 1; i < b->nlits; i++)
		for (j = i; j > 0 && caseless_byte(b->lits[j], icase) &&
		    !caseless_byte(b->lits[j - 1], icase); j--) {
			t = b->lits[j];
			b->lits[j] = b->lits[j - 1];
			b->lits[j - 1] = t;
		}
}

/* Note the needs whose set is one run of byte values. */
static void
find_ranges(struct bag *b)
{
	struct need *nd;
	size_t i;
	int c, first, last, runs;

	for (i = 0; i < b->nneeds; i++) {
		nd = &b->needs[i];
		first = last = -1;
		runs = 0;
		for (c = 0; c < 256; c++) {
			if (!HAS(nd->set, c))
				continue;
			if (c != last + 1 || last < 0)
				runs++;
			if (first < 0)
				first = c;
			last = c;
		}
		nd->range = runs == 1;
		nd->lo = (unsigned char)(first < 0 ? 0 : first);
		nd->hi = (unsigned char)(last < 0 ? 0 : last);
	}
}

struct rxfilter *
rxfilter_new(const char *re, int icase)
{
	struct parser ps = { (const unsigned char *)re, icase, 0 };
	struct rxfilter *f;

	if ((f = calloc(1, sizeof(*f))) == NULL)
		abort();
	f->icase = icase;
	parse_alt(&ps, &f->bag);
	sort_lits(&f->bag, icase);
	find_ranges(&f->bag);
	if (ps.fail || *ps.p != '\0' ||
	    (f->bag.nneeds == 0 && f->bag.nlits == 0)) {
		rxfilter_free(f);
		return NULL;
	}
	return f;
}

void
rxfilter_free(struct rxfilter *f)
{
	if (f == NULL)
		return;
	bag_free(&f->bag);
	free(f);
}

/* Lower case without a branch: this runs over every byte of the text. */
#define FOLD(c)	((c) + ((unsigned)((c) - 'A') < 26 ? 32 : 0))

/* Does lit[0..n) occur at t (n bytes there)? */
static int
lit_at(const unsigned char *t, const unsigned char *l, size_t n, int icase)
{
	size_t j;

	for (j = 0; j < n; j++)
		if ((icase ? FOLD(t[j]) : t[j]) != l[j])
			return 0;
	return 1;
}

/* Letters alone, whatever their case (l is lower case): the next of
 * each case of l[0] is kept, and the nearer tried. */
static int
has_letters(const unsigned char *text, size_t len, const unsigned char *l,
    size_t n)
{
	const unsigned char *end = text + len - n + 1, *lo, *up, *q;

	lo = memchr(text, l[0], (size_t)(end - text));
	up = memchr(text, l[0] - 32, (size_t)(end - text));
	while (lo != NULL || up != NULL) {
		if (up == NULL || (lo != NULL && lo < up)) {
			q = lo;
			lo = memchr(q + 1, l[0], (size_t)(end - q - 1));
		} else {
			q = up;
			up = memchr(q + 1, l[0] - 32, (size_t)(end - q - 1));
		}
		if (lit_at(q, l, n, 1))
			return 1;
	}
	return 0;
}

/*
 * The text is searched with memchr for one byte of the literal that has
 * no other case (a letter only when case counts, or when all are): libc
 * skips many bytes a step, where a loop here takes one.
 */
static int
has_lit(const unsigned char *text, size_t len, const char *lit, int icase)
{
	const unsigned char *l = (const unsigned char *)lit, *p, *q, *end;
	size_t n = strlen(lit), k = 0;

	if (n == 0 || n > len)
		return n == 0;
	if (icase)
		while (k < n && is_alpha(l[k]))
			k++;
	if (k == n)
		return has_letters(text, len, l, n);
	/* l[k] is l[k] in any case: it starts at most len - n + k. */
	end = text + len - n + k + 1;
	for (p = text + k; p < end &&
	    (q = memchr(p, l[k], (size_t)(end - p))) != NULL; p = q + 1)
		if (lit_at(q - k, l, n, icase))
			return 1;
	return 0;
}

static int
has_bytes(const unsigned char *text, size_t len, const struct need *nd)
{
	unsigned long count = 0;
	size_t i, j;
	unsigned char span = (unsigned char)(nd->hi - nd->lo);

	if (!nd->range) {
		for (i = 0; i < len; i++)
			if (HAS(nd->set, text[i]) && ++count >= nd->min)
				return 1;
		return 0;
	}
	/* Blocks of 16 bytes counted without a branch (a loop the
	 * compiler turns into vector instructions), then the rest. */
	for (i = 0; i + 16 <= len; i += 16) {
		for (j = 0; j < 16; j++)
			count += (unsigned char)(text[i + j] - nd->lo) <= span;
		if (count >= nd->min)
			return 1;
	}
	for (; i < len; i++)
		count += (unsigned char)(text[i] - nd->lo) <= span;
	return count >= nd->min;
}

int
rxfilter_pass(const struct rxfilter *f, const char *text, size_t len)
{
	const unsigned char *t = (const unsigned char *)text;
	size_t i;

	for (i = 0; i < f->bag.nneeds; i++)
		if (!has_bytes(t, len, &f->bag.needs[i]))
			return 0;
	for (i = 0; i < f->bag.nlits; i++)
		if (!has_lit(t, len, f->bag.lits[i], f->icase))
			return 0;
	return 1;
}
