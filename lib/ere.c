/* ere.c - POSIX extended regex matching by a lazily built DFA
 *
 * pattern --parse--> tree --emit--> NFA over bytes --subsets--> DFA
 *
 * UTF-8 is handled in the tree: a non-ASCII character is the sequence
 * of its bytes, "." the four shapes of a UTF-8 character.  The NFA
 * (Thompson's construction) then only ever reads bytes, and the DFA's
 * states are sets of NFA states, made when a text first needs them and
 * kept for the next texts, up to a bound.
 */
#include <ctype.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "ere.h"

#define MAX_NODES	4096
#define MAX_NSTATES	8192
#define MAX_DSTATES	2048	/* then the DFA is started afresh */
#define MAX_DUP		255	/* RE_DUP_MAX */
#define MATCHED		(-2)	/* in the transition table */

/* ---- the tree ------------------------------------------------------- */

enum { N_SET, N_CAT, N_ALT, N_REP, N_BOL, N_EOL, N_EMPTY };

struct node {
	int	type;
	int	a, b;		/* children (N_CAT, N_ALT; N_REP uses a) */
	int	min, max;	/* N_REP; max -1: no limit */
	int	set;		/* N_SET */
};

struct byteset {
	uint64_t	w[4];
};

struct parser {
	const unsigned char *p;
	int		 icase, bad;
	struct node	*nodes;
	int		 nnodes, nodecap;
	struct byteset	*sets;
	int		 nsets, setcap;
	int		 utf8_any;	/* the node for "." once made */
};

static void
bs_add(struct byteset *s, int c)
{
	s->w[c >> 6] |= (uint64_t)1 << (c & 63);
}

static int
bs_has(const struct byteset *s, int c)
{
	return (int)(s->w[c >> 6] >> (c & 63)) & 1;
}

static void
bs_range(struct byteset *s, int lo, int hi)
{
	int c;

	for (c = lo; c <= hi; c++)
		bs_add(s, c);
}

static int
new_node(struct parser *ps, int type, int a, int b)
{
	struct node *n;

	if (ps->bad)
		return -1;
	if (ps->nnodes == MAX_NODES) {
		ps->bad = 1;
		return -1;
	}
	if (ps->nnodes == ps->nodecap) {
		ps->nodecap = ps->nodecap ? 2 * ps->nodecap : 64;
		if ((n = realloc(ps->nodes, ps->nodecap * sizeof(*n))) ==
		    NULL)
			abort();
		ps->nodes = n;
	}
	n = &ps->nodes[ps->nnodes];
	memset(n, 0, sizeof(*n));
	n->type = type;
	n->a = a;
	n->b = b;
	n->set = -1;
	return ps->nnodes++;
}

/* A node for one byte out of set s (copied). */
static int
set_node(struct parser *ps, const struct byteset *s)
{
	struct byteset *v;
	int n;

	if ((n = new_node(ps, N_SET, -1, -1)) == -1)
		return -1;
	if (ps->nsets == ps->setcap) {
		ps->setcap = ps->setcap ? 2 * ps->setcap : 16;
		if ((v = realloc(ps->sets, ps->setcap * sizeof(*v))) == NULL)
			abort();
		ps->sets = v;
	}
	ps->sets[ps->nsets] = *s;
	ps->nodes[n].set = ps->nsets++;
	return n;
}

static int
range_node(struct parser *ps, int lo, int hi)
{
	struct byteset s = { { 0 } };

	bs_range(&s, lo, hi);
	return set_node(ps, &s);
}

static int
cat(struct parser *ps, int a, int b)
{
	if (a == -1 || b == -1)
		return ps->bad = 1, -1;
	return new_node(ps, N_CAT, a, b);
}

static int
alt(struct parser *ps, int a, int b)
{
	if (a == -1 || b == -1)
		return ps->bad = 1, -1;
	return new_node(ps, N_ALT, a, b);
}

/* Any non-ASCII UTF-8 character: the 2-, 3- and 4-byte shapes. */
static int
utf8_multi(struct parser *ps)
{
	int two, three, four;

	two = cat(ps, range_node(ps, 0xc2, 0xdf), range_node(ps, 0x80, 0xbf));
	three = cat(ps, cat(ps, range_node(ps, 0xe0, 0xef),
	    range_node(ps, 0x80, 0xbf)), range_node(ps, 0x80, 0xbf));
	four = cat(ps, cat(ps, cat(ps, range_node(ps, 0xf0, 0xf4),
	    range_node(ps, 0x80, 0xbf)), range_node(ps, 0x80, 0xbf)),
	    range_node(ps, 0x80, 0xbf));
	return alt(ps, alt(ps, two, three), four);
}

/* Length of the UTF-8 character starting with byte c; 0 if c cannot
 * start one. */
static int
utf8_len(unsigned c)
{
	if (c < 0x80)
		return 1;
	if (c >= 0xc2 && c <= 0xdf)
		return 2;
	if (c >= 0xe0 && c <= 0xef)
		return 3;
	if (c >= 0xf0 && c <= 0xf4)
		return 4;
	return 0;
}

/* The bytes of one character, as a sequence of one-byte sets. */
static int
char_node(struct parser *ps, const unsigned char *c, int len)
{
	struct byteset s = { { 0 } };
	int i, n;

	bs_add(&s, c[0]);
	if (len == 1 && ps->icase && isalpha(c[0])) {
		bs_add(&s, tolower(c[0]));
		bs_add(&s, toupper(c[0]));
	}
	n = set_node(ps, &s);
	for (i = 1; i < len; i++) {
		memset(&s, 0, sizeof(s));
		bs_add(&s, c[i]);
		n = cat(ps, n, set_node(ps, &s));
	}
	return n;
}

static int
class_has(const char *name, size_t len, int c)
{
#define IS(s) (len == sizeof(s) - 1 && memcmp(name, s, len) == 0)
	if (IS("alpha")) return isalpha(c) != 0;
	if (IS("digit")) return isdigit(c) != 0;
	if (IS("alnum")) return isalnum(c) != 0;
	if (IS("upper")) return isupper(c) != 0;
	if (IS("lower")) return islower(c) != 0;
	if (IS("space")) return isspace(c) != 0;
	if (IS("blank")) return c == ' ' || c == '\t';
	if (IS("punct")) return ispunct(c) != 0;
	if (IS("print")) return isprint(c) != 0;
	if (IS("graph")) return isgraph(c) != 0;
	if (IS("cntrl")) return iscntrl(c) != 0;
	if (IS("xdigit")) return isxdigit(c) != 0;
	return -1;
#undef IS
}

/* [...]: the ASCII members as a set, non-ASCII ones as alternatives. */
static int
bracket(struct parser *ps)
{
	struct byteset s = { { 0 } };
	const unsigned char *p = ps->p, *name;
	int neg = 0, first = 1, lo, hi, c, len, n = -1, m;

	if (*p == '^') {
		neg = 1;
		p++;
	}
	for (;; first = 0) {
		if (*p == '\0')
			return ps->bad = 1, -1;
		if (*p == ']' && !first)
			break;
		if (p[0] == '[' && p[1] == ':') {
			name = p + 2;
			for (p = name; *p != '\0' && !(p[0] == ':' &&
			    p[1] == ']'); p++)
				;
			if (*p == '\0' ||
			    class_has((const char *)name, p - name, 'a') < 0)
				return ps->bad = 1, -1;
			for (c = 0; c < 128; c++)
				if (class_has((const char *)name, p - name, c))
					bs_add(&s, c);
			p += 2;
			continue;
		}
		if (p[0] == '[' && (p[1] == '=' || p[1] == '.'))
			return ps->bad = 1, -1;
		if ((len = utf8_len(*p)) == 0)
			return ps->bad = 1, -1;
		if (len > 1) {
			if (neg || p[len] == '-')
				return ps->bad = 1, -1;
			for (c = 1; c < len; c++)
				if ((p[c] & 0xc0) != 0x80)
					return ps->bad = 1, -1;
			m = char_node(ps, p, len);
			n = n == -1 ? m : alt(ps, n, m);
			p += len;
			continue;
		}
		lo = hi = *p++;
		if (p[0] == '-' && p[1] != ']' && p[1] != '\0') {
			if (p[1] >= 0x80 || p[1] == '[')
				return ps->bad = 1, -1;
			hi = p[1];
			p += 2;
			if (hi < lo)
				return ps->bad = 1, -1;
		}
		bs_range(&s, lo, hi);
	}
	ps->p = p + 1;
	if (ps->icase)
		for (c = 'a'; c <= 'z'; c++)
			if (bs_has(&s, c) || bs_has(&s, toupper(c))) {
				bs_add(&s, c);
				bs_add(&s, toupper(c));
			}
	if (neg) {
		for (c = 0; c < 4; c++)
			s.w[c] = ~s.w[c];
		s.w[2] = s.w[3] = 0;	/* ASCII only; then any other */
		return alt(ps, set_node(ps, &s), utf8_multi(ps));
	}
	if (s.w[0] == 0 && s.w[1] == 0)
		return n == -1 ? (ps->bad = 1, -1) : n;
	m = set_node(ps, &s);
	return n == -1 ? m : alt(ps, m, n);
}

static int parse_alt(struct parser *, int depth);

static int
atom(struct parser *ps, int depth)
{
	const unsigned char *p = ps->p;
	int n, len, i;

	switch (*p) {
	case '(':
		ps->p++;
		n = parse_alt(ps, depth + 1);
		if (*ps->p != ')')
			return ps->bad = 1, -1;
		ps->p++;
		return n;
	case '[':
		ps->p++;
		return bracket(ps);
	case '.':
		ps->p++;
		return alt(ps, range_node(ps, 0, 0x7f), utf8_multi(ps));
	case '^':
		ps->p++;
		return new_node(ps, N_BOL, -1, -1);
	case '$':
		ps->p++;
		return new_node(ps, N_EOL, -1, -1);
	case '\\':
		if (p[1] == '\0' || strchr("^.[]$()|*+?{}\\/-", p[1]) == NULL)
			return ps->bad = 1, -1;
		ps->p += 2;
		return char_node(ps, p + 1, 1);
	case '*': case '+': case '?': case '{': case ')':
		return ps->bad = 1, -1;
	}
	if ((len = utf8_len(*p)) == 0)
		return ps->bad = 1, -1;
	for (i = 1; i < len; i++)
		if ((p[i] & 0xc0) != 0x80)
			return ps->bad = 1, -1;
	ps->p += len;
	return char_node(ps, p, len);
}

static int
number(struct parser *ps)
{
	int v = 0;

	if (!isdigit(*ps->p))
		return -1;
	while (isdigit(*ps->p)) {
		v = v * 10 + (*ps->p++ - '0');
		if (v > MAX_DUP)
			return -1;
	}
	return v;
}

static int
repeat(struct parser *ps, int depth)
{
	int n = atom(ps, depth), min, max, r;

	for (;;) {
		switch (*ps->p) {
		case '*': min = 0; max = -1; ps->p++; break;
		case '+': min = 1; max = -1; ps->p++; break;
		case '?': min = 0; max = 1; ps->p++; break;
		case '{':
			ps->p++;
			if ((min = max = number(ps)) < 0)
				return ps->bad = 1, -1;
			if (*ps->p == ',') {
				ps->p++;
				max = *ps->p == '}' ? -1 : number(ps);
				if (max == -1 && *ps->p != '}')
					return ps->bad = 1, -1;
			}
			if (*ps->p != '}' || (max != -1 && max < min))
				return ps->bad = 1, -1;
			ps->p++;
			break;
		default:
			return n;
		}
		if (n == -1 || (r = new_node(ps, N_REP, n, -1)) == -1)
			return ps->bad = 1, -1;
		ps->nodes[r].min = min;
		ps->nodes[r].max = max;
		n = r;
	}
}

static int
parse_cat(struct parser *ps, int depth)
{
	int n = -1;

	while (*ps->p != '\0' && *ps->p != '|' && !ps->bad) {
		if (*ps->p == ')') {
			if (depth == 0)
				ps->bad = 1;
			break;
		}
		n = n == -1 ? repeat(ps, depth) : cat(ps, n,
		    repeat(ps, depth));
	}
	return n == -1 ? new_node(ps, N_EMPTY, -1, -1) : n;
}

static int
parse_alt(struct parser *ps, int depth)
{
	int n = parse_cat(ps, depth);

	while (*ps->p == '|' && !ps->bad) {
		ps->p++;
		n = alt(ps, n, parse_cat(ps, depth));
	}
	return n;
}

/* ---- the NFA -------------------------------------------------------- */

enum { S_SET, S_SPLIT, S_EPS, S_BOL, S_EOL, S_MATCH };

struct nstate {
	int	type;
	int	out, out1;
	int	set;
};

struct dstate {
	int	*list;		/* its NFA states, sorted */
	int	 n;
	int	 accept;	/* a match ends here */
	int	 accept_eol;	/* ... if the text ends here */
};

struct ere {
	struct nstate	*ns;
	int		 nns, nscap;
	int		 start, overflow;
	struct byteset	*sets;
	unsigned char	 cls[256];	/* byte -> class */
	int		 ncls;
	/* the DFA */
	struct dstate	*ds;
	int		 nds;
	int32_t		*trans;		/* nds x ncls; -1: not made yet */
	int		*htab;		/* dstate index + 1; 0: empty */
	size_t		 hmask;
	/* scratch */
	int		*mark, markgen;
	int		*stack, *buf;
};

struct frag {
	int	start, end;	/* end: an S_EPS whose out is open */
};

static int
new_state(struct ere *re, int type, int set)
{
	struct nstate *s;

	if (re->nns == MAX_NSTATES) {
		re->overflow = 1;
		return 0;
	}
	if (re->nns == re->nscap) {
		re->nscap = re->nscap ? 2 * re->nscap : 64;
		if ((s = realloc(re->ns, re->nscap * sizeof(*s))) == NULL)
			abort();
		re->ns = s;
	}
	s = &re->ns[re->nns];
	s->type = type;
	s->out = s->out1 = -1;
	s->set = set;
	return re->nns++;
}

static struct frag
emit(struct ere *re, const struct parser *ps, int n)
{
	const struct node *nd = &ps->nodes[n];
	struct frag f, g;
	int s, e, i;

	switch (nd->type) {
	case N_SET:
	case N_BOL:
	case N_EOL:
		s = new_state(re, nd->type == N_SET ? S_SET :
		    nd->type == N_BOL ? S_BOL : S_EOL, nd->set);
		e = new_state(re, S_EPS, -1);
		re->ns[s].out = e;
		return (struct frag){ s, e };
	case N_CAT:
		f = emit(re, ps, nd->a);
		g = emit(re, ps, nd->b);
		re->ns[f.end].out = g.start;
		return (struct frag){ f.start, g.end };
	case N_ALT:
		s = new_state(re, S_SPLIT, -1);
		f = emit(re, ps, nd->a);
		g = emit(re, ps, nd->b);
		e = new_state(re, S_EPS, -1);
		re->ns[s].out = f.start;
		re->ns[s].out1 = g.start;
		re->ns[f.end].out = e;
		re->ns[g.end].out = e;
		return (struct frag){ s, e };
	case N_REP:
		/* x{m,n} is m copies of x, then n - m of x?; x{m,} is m
		 * copies, then x*. */
		e = new_state(re, S_EPS, -1);
		f = (struct frag){ e, e };
		for (i = 0; i < nd->min && !re->overflow; i++) {
			g = emit(re, ps, nd->a);
			re->ns[f.end].out = g.start;
			f.end = g.end;
		}
		for (i = nd->min; (nd->max == -1 ? i == nd->min : i < nd->max)
		    && !re->overflow; i++) {
			s = new_state(re, S_SPLIT, -1);
			g = emit(re, ps, nd->a);
			e = new_state(re, S_EPS, -1);
			re->ns[s].out = g.start;
			re->ns[s].out1 = e;
			re->ns[g.end].out = nd->max == -1 ? s : e;
			re->ns[f.end].out = s;
			f.end = e;
		}
		return f;
	default:	/* N_EMPTY */
		e = new_state(re, S_EPS, -1);
		return (struct frag){ e, e };
	}
}

/* Bytes no set tells apart share a class, and a DFA row has a column
 * per class, not per byte. */
static void
byte_classes(struct ere *re, int nsets)
{
	unsigned char map[256], old[256];
	int i, c, k, n;
	int seen[512];

	memset(re->cls, 0, sizeof(re->cls));
	n = 1;
	for (i = 0; i < nsets; i++) {
		memcpy(old, re->cls, sizeof(old));
		for (k = 0; k < 2 * n; k++)
			seen[k] = -1;
		n = 0;
		for (c = 0; c < 256; c++) {
			k = 2 * old[c] + bs_has(&re->sets[i], c);
			if (seen[k] == -1)
				seen[k] = n++;
			map[c] = (unsigned char)seen[k];
		}
		memcpy(re->cls, map, sizeof(map));
	}
	re->ncls = n;
}

/* ---- the DFA -------------------------------------------------------- */

/*
 * The NFA states reachable from the n states in v without reading a
 * byte, into re->buf (sorted); returns their count.  "^" is passed only
 * at the start of the text, "$" only at its end.  Only the states that
 * matter later are kept: those that read a byte, "$" and the match.
 */
static int
closure(struct ere *re, const int *v, int n, int bol, int eol, int *match)
{
	struct nstate *s;
	int sp = 0, k = 0, i, j, t;

	if (++re->markgen == 0) {
		memset(re->mark, 0, re->nns * sizeof(*re->mark));
		re->markgen = 1;
	}
	*match = 0;
	for (i = 0; i < n; i++)
		if (re->mark[v[i]] != re->markgen) {
			re->mark[v[i]] = re->markgen;
			re->stack[sp++] = v[i];
		}
	while (sp > 0) {
		t = re->stack[--sp];
		s = &re->ns[t];
		switch (s->type) {
		case S_SET:
			re->buf[k++] = t;
			continue;
		case S_MATCH:
			*match = 1;
			re->buf[k++] = t;
			continue;
		case S_EOL:
			re->buf[k++] = t;
			if (!eol)
				continue;
			break;
		case S_BOL:
			if (!bol)
				continue;
			break;
		default:
			break;
		}
		if (s->out >= 0 && re->mark[s->out] != re->markgen) {
			re->mark[s->out] = re->markgen;
			re->stack[sp++] = s->out;
		}
		if (s->out1 >= 0 && re->mark[s->out1] != re->markgen) {
			re->mark[s->out1] = re->markgen;
			re->stack[sp++] = s->out1;
		}
	}
	/* insertion sort: sets are small */
	for (i = 1; i < k; i++) {
		t = re->buf[i];
		for (j = i; j > 0 && re->buf[j - 1] > t; j--)
			re->buf[j] = re->buf[j - 1];
		re->buf[j] = t;
	}
	return k;
}

static uint64_t
hash_list(const int *v, int n)
{
	uint64_t h = 0x9e3779b97f4a7c15ull;
	int i;

	for (i = 0; i < n; i++)
		h = (h ^ (uint64_t)v[i]) * 0x100000001b3ull;
	return h ^ (h >> 29);
}

static void
dfa_reset(struct ere *re)
{
	int i;

	for (i = 0; i < re->nds; i++)
		free(re->ds[i].list);
	re->nds = 0;
	memset(re->htab, 0, (re->hmask + 1) * sizeof(*re->htab));
}

/*
 * The DFA state for the sorted list in re->buf[0..n), made if new.  The
 * state for the start of a text (bol) is never shared: "^" passes there
 * and nowhere else, so the same NFA states may end differently.
 */
static int
dstate_of(struct ere *re, int n, int bol)
{
	struct dstate *d;
	size_t i = 0;
	int k, eolmatch;

	if (!bol)
		for (i = hash_list(re->buf, n) & re->hmask; re->htab[i] != 0;
		    i = (i + 1) & re->hmask) {
			d = &re->ds[re->htab[i] - 1];
			if (d->n == n && memcmp(d->list, re->buf,
			    n * sizeof(int)) == 0)
				return re->htab[i] - 1;
		}
	k = re->nds++;
	d = &re->ds[k];
	d->n = n;
	if ((d->list = malloc((n ? n : 1) * sizeof(int))) == NULL)
		abort();
	memcpy(d->list, re->buf, n * sizeof(int));
	d->accept = 0;
	for (k = 0; k < n; k++)
		if (re->ns[d->list[k]].type == S_MATCH)
			d->accept = 1;
	/* At the end of the text: on through "$" (and "^" in the start
	 * state, which is also the end when the text is empty). */
	closure(re, d->list, n, bol, 1, &eolmatch);
	d->accept_eol = d->accept || eolmatch;
	memset(re->trans + (size_t)(re->nds - 1) * re->ncls, 0xff,
	    re->ncls * sizeof(*re->trans));
	if (!bol)
		re->htab[i] = re->nds;
	return re->nds - 1;
}

/* Start the DFA afresh with only the state for a text's start, 0. */
static void
dfa_start(struct ere *re)
{
	int n, match;

	dfa_reset(re);
	n = closure(re, &re->start, 1, 1, 0, &match);
	dstate_of(re, n, 1);
}

/* The state after reading byte b in state from; made and remembered. */
static int
step(struct ere *re, int from, unsigned char b)
{
	const struct dstate *d = &re->ds[from];
	int *next = re->stack + re->nns + 1;	/* closure uses the rest */
	int n = 0, i, match, to, fresh = 0;
	const struct nstate *s;

	for (i = 0; i < d->n; i++) {
		s = &re->ns[d->list[i]];
		if (s->type == S_SET && bs_has(&re->sets[s->set], b))
			next[n++] = s->out;
	}
	next[n++] = re->start;	/* a match may start at any byte */
	if (re->nds == MAX_DSTATES) {
		dfa_start(re);	/* bounded memory; from is gone */
		fresh = 1;
	}
	n = closure(re, next, n, 0, 0, &match);
	to = dstate_of(re, n, 0);
	if (!fresh)
		re->trans[(size_t)from * re->ncls + re->cls[b]] =
		    re->ds[to].accept ? MATCHED : to * re->ncls;
	return to;
}

struct ere *
ere_compile(const char *pattern, int icase)
{
	struct parser ps;
	struct ere *re;
	struct frag f;
	int root, match;

	memset(&ps, 0, sizeof(ps));
	ps.p = (const unsigned char *)pattern;
	ps.icase = icase;
	root = parse_alt(&ps, 0);
	if (ps.bad || root == -1 || *ps.p != '\0') {
		free(ps.nodes);
		free(ps.sets);
		return NULL;
	}
	if ((re = calloc(1, sizeof(*re))) == NULL)
		abort();
	f = emit(re, &ps, root);
	match = new_state(re, S_MATCH, -1);
	re->ns[f.end].out = match;
	re->start = f.start;
	free(ps.nodes);
	re->sets = ps.sets;
	if (re->overflow) {
		ere_free(re);
		return NULL;
	}
	byte_classes(re, ps.nsets);
	if ((re->mark = calloc(re->nns, sizeof(int))) == NULL ||
	    (re->stack = malloc(2 * (re->nns + 1) * sizeof(int))) == NULL ||
	    (re->buf = malloc((re->nns + 1) * sizeof(int))) == NULL ||
	    (re->ds = calloc(MAX_DSTATES, sizeof(*re->ds))) == NULL ||
	    (re->trans = malloc((size_t)MAX_DSTATES * re->ncls *
	    sizeof(*re->trans))) == NULL ||
	    (re->htab = calloc(2 * MAX_DSTATES, sizeof(int))) == NULL)
		abort();
	re->hmask = 2 * MAX_DSTATES - 1;
	dfa_start(re);
	return re;
}

/*
 * The transition table holds, for speed, row offsets (state * ncls)
 * rather than state numbers, and MATCHED for a move into a state where
 * a match has been seen: the loop then needs nothing but the table.
 */
int
ere_match(struct ere *re, const char *text, size_t len)
{
	const unsigned char *p = (const unsigned char *)text;
	const unsigned char *end = p + len;
	const unsigned char *cls = re->cls;
	const int32_t *trans = re->trans;
	int32_t s = 0, t;
	int to;

	if (re->ds[0].accept)
		return 1;
	while (p < end) {
		t = trans[s + cls[*p]];
		if (t < 0) {
			if (t == MATCHED)
				return 1;
			to = step(re, s / re->ncls, *p);
			if (re->ds[to].accept)
				return 1;
			t = to * re->ncls;
		}
		s = t;
		p++;
	}
	return re->ds[s / re->ncls].accept_eol;
}

void
ere_free(struct ere *re)
{
	int i;

	if (re == NULL)
		return;
	for (i = 0; i < re->nds; i++)
		free(re->ds[i].list);
	free(re->ds);
	free(re->trans);
	free(re->htab);
	free(re->ns);
	free(re->sets);
	free(re->mark);
	free(re->stack);
	free(re->buf);
	free(re);
}
