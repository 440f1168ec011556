/* acmatch.c - Aho-Corasick automaton over byte classes */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "acmatch.h"

#define NO_ID		UINT32_MAX

/* The builder is a plain trie: children in a sibling list. */
struct bnode {
	uint32_t	child;		/* first child, 0 for none */
	uint32_t	sibling;	/* next child of the parent, 0 for none */
	uint32_t	id;		/* pattern ending here, or NO_ID */
	unsigned char	byte;
};

struct acbuild {
	struct bnode	*nodes;		/* nodes[0] is the root */
	size_t		 nnodes, cap;
	size_t		 npat;
};

/*
 * The automaton.  A state is named by the index of its row in delta,
 * doubled, plus one when some pattern ends there: so the scan walks from
 * entry to entry without multiplying, and tests for output with one bit.
 */
struct acmatch {
	uint32_t	*delta;		/* nstates rows of nclass entries */
	uint32_t	*id;		/* per state: pattern ending there */
	uint32_t	*dict;		/* per state: next shorter state with
					   output along the fail chain, 0 */
	size_t		 nstates, nclass, npat;
	unsigned char	 cls[256];	/* byte -> class; 0: in no pattern */
};

struct acbuild *
ac_build_new(void)
{
	struct acbuild *b;

	if ((b = calloc(1, sizeof(*b))) == NULL)
		return NULL;
	b->cap = 64;
	if ((b->nodes = calloc(b->cap, sizeof(*b->nodes))) == NULL) {
		free(b);
		return NULL;
	}
	b->nodes[0].id = NO_ID;
	b->nnodes = 1;
	return b;
}

void
ac_build_free(struct acbuild *b)
{
	if (b == NULL)
		return;
	free(b->nodes);
	free(b);
}

size_t
ac_build_count(const struct acbuild *b)
{
	return b->npat;
}

/* The child of node n on byte c, made when absent; 0 out of memory. */
static uint32_t
child_of(struct acbuild *b, uint32_t n, unsigned char c)
{
	struct bnode *nb;
	uint32_t k;

	for (k = b->nodes[n].child; k != 0; k = b->nodes[k].sibling)
		if (b->nodes[k].byte == c)
			return k;
	if (b->nnodes == b->cap) {
		if (b->cap >= UINT32_MAX / 2)
			return 0;
		nb = realloc(b->nodes, 2 * b->cap * sizeof(*nb));
		if (nb == NULL)
			return 0;
		b->nodes = nb;
		b->cap *= 2;
	}
	k = (uint32_t)b->nnodes++;
	b->nodes[k].child = 0;
	b->nodes[k].sibling = b->nodes[n].child;
	b->nodes[k].id = NO_ID;
	b->nodes[k].byte = c;
	b->nodes[n].child = k;
	return k;
}

long
ac_add(struct acbuild *b, const char *pat, size_t len)
{
	uint32_t n = 0;
	size_t i;

	if (len == 0)
		return -1;
	for (i = 0; i < len; i++)
		if ((n = child_of(b, n, (unsigned char)pat[i])) == 0)
			return -1;
	if (b->nodes[n].id == NO_ID)
		b->nodes[n].id = (uint32_t)b->npat++;
	return (long)b->nodes[n].id;
}

/* Give each byte that occurs in a pattern a class of its own. */
static void
make_classes(struct acmatch *ac, const struct acbuild *b)
{
	size_t i;

	memset(ac->cls, 0, sizeof(ac->cls));
	for (i = 1; i < b->nnodes; i++)
		ac->cls[b->nodes[i].byte] = 1;
	ac->nclass = 1;
	for (i = 0; i < 256; i++)
		if (ac->cls[i])
			ac->cls[i] = (unsigned char)ac->nclass++;
}

/*
 * Breadth first, so that a state's fail state (shallower) has its row
 * complete: a missing edge of s then copies the edge of fail(s).  In the
 * trie rows, 0 means no edge (the root is nobody's child).
 */
static int
link_states(struct acmatch *ac, uint32_t *fail)
{
	uint32_t *queue, *row, *frow, s, t;
	size_t head = 0, tail = 0, c, nc = ac->nclass;

	if ((queue = malloc(ac->nstates * sizeof(*queue))) == NULL)
		return -1;
	for (c = 0; c < nc; c++)
		if ((t = ac->delta[c]) != 0) {
			fail[t] = 0;
			queue[tail++] = t;
		}
	while (head < tail) {
		s = queue[head++];
		row = ac->delta + (size_t)s * nc;
		frow = ac->delta + (size_t)fail[s] * nc;
		for (c = 0; c < nc; c++) {
			if ((t = row[c]) == 0) {
				row[c] = frow[c];
				continue;
			}
			fail[t] = frow[c];
			ac->dict[t] = ac->id[fail[t]] != NO_ID ? fail[t] :
			    ac->dict[fail[t]];
			queue[tail++] = t;
		}
	}
	free(queue);
	return 0;
}

/* Rewrite every entry from a state number to its scan encoding. */
static void
encode_states(struct acmatch *ac)
{
	size_t i, n = ac->nstates * ac->nclass;
	uint32_t t;

	for (i = 0; i < n; i++) {
		t = ac->delta[i];
		ac->delta[i] = (uint32_t)(t * ac->nclass) << 1 |
		    (ac->id[t] != NO_ID || ac->dict[t] != 0);
	}
}

struct acmatch *
ac_compile(struct acbuild *b)
{
	struct acmatch *ac;
	uint32_t *fail = NULL;
	size_t i;
	uint32_t k;

	if ((ac = calloc(1, sizeof(*ac))) == NULL)
		goto fail;
	make_classes(ac, b);
	ac->nstates = b->nnodes;
	ac->npat = b->npat;
	if (ac->nstates > (UINT32_MAX >> 1) / ac->nclass)
		goto fail;
	ac->delta = calloc(ac->nstates * ac->nclass, sizeof(*ac->delta));
	ac->id = malloc(ac->nstates * sizeof(*ac->id));
	ac->dict = calloc(ac->nstates, sizeof(*ac->dict));
	fail = calloc(ac->nstates, sizeof(*fail));
	if (ac->delta == NULL || ac->id == NULL || ac->dict == NULL ||
	    fail == NULL)
		goto fail;
	for (i = 0; i < b->nnodes; i++) {
		ac->id[i] = b->nodes[i].id;
		for (k = b->nodes[i].child; k != 0; k = b->nodes[k].sibling)
			ac->delta[i * ac->nclass +
			    ac->cls[b->nodes[k].byte]] = k;
	}
	if (link_states(ac, fail) == -1)
		goto fail;
	encode_states(ac);
	free(fail);
	ac_build_free(b);
	return ac;
fail:
	free(fail);
	ac_free(ac);
	ac_build_free(b);
	return NULL;
}

void
ac_free(struct acmatch *ac)
{
	if (ac == NULL)
		return;
	free(ac->delta);
	free(ac->id);
	free(ac->dict);
	free(ac);
}

size_t
ac_count(const struct acmatch *ac)
{
	return ac->npat;
}

size_t
ac_states(const struct acmatch *ac)
{
	return ac->nstates;
}

/* Report every pattern ending in state s, longest first. */
static int
report(const struct acmatch *ac, uint32_t s, size_t end,
    int (*fn)(uint32_t, size_t, void *), void *arg)
{
	int rc;

	if (ac->id[s] != NO_ID && (rc = fn(ac->id[s], end, arg)) != 0)
		return rc;
	for (s = ac->dict[s]; s != 0; s = ac->dict[s])
		if ((rc = fn(ac->id[s], end, arg)) != 0)
			return rc;
	return 0;
}

int
ac_scan(const struct acmatch *ac, const char *text, size_t len,
    int (*fn)(uint32_t, size_t, void *), void *arg)
{
	const unsigned char *p = (const unsigned char *)text;
	const uint32_t *delta = ac->delta;
	uint32_t v = 0;
	size_t i;
	int rc;

	for (i = 0; i < len; i++) {
		v = delta[(v >> 1) + ac->cls[p[i]]];
		if ((v & 1) && (rc = report(ac, (uint32_t)((v >> 1) /
		    ac->nclass), i + 1, fn, arg)) != 0)
			return rc;
	}
	return 0;
}
