/* rules_eval.c - does a rule's condition hold for a record? */
#include <regex.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "ere.h"
#include "fuzzy.h"
#include "rules_impl.h"
#include "rxfilter.h"

static int
same_value(json_t *a, json_t *b)
{
	switch (json_typeof(a)) {
	case JSON_STRING:
		return json_is_string(b) &&
		    json_string_length(a) == json_string_length(b) &&
		    memcmp(json_string_value(a), json_string_value(b),
		    json_string_length(a)) == 0;
	case JSON_INTEGER:
		if (json_is_integer(b))
			return json_integer_value(a) == json_integer_value(b);
		return json_is_real(b) &&
		    (double)json_integer_value(a) == json_real_value(b);
	case JSON_REAL:
		return json_is_number(b) &&
		    json_real_value(a) == json_number_value(b);
	case JSON_TRUE:
	case JSON_FALSE:
		return json_typeof(a) == json_typeof(b);
	default:
		return 0;
	}
}

/* Is the string s[0..n) one of the condition's strings? */
static int
is_one_of(const struct cond *c, const char *s, size_t n)
{
	size_t i;

	for (i = 0; i < c->nstrs; i++)
		if (c->strs[i].len == n && memcmp(c->strs[i].s, s, n) == 0)
			return 1;
	return 0;
}

static int
scalar_holds(const struct cond *c, enum op op, json_t *v)
{
	size_t i;
	double x;

	/* A string equals only a string: most comparisons are these. */
	if ((op == OP_EQ || op == OP_IN) && json_is_string(v))
		return is_one_of(c, json_string_value(v),
		    json_string_length(v));
	switch (op) {
	case OP_EQ:
		return same_value(v, c->value);
	case OP_IN:
		for (i = 0; i < json_array_size(c->value); i++)
			if (same_value(v, json_array_get(c->value, i)))
				return 1;
		return 0;
	case OP_REGEX:
		if (!json_is_string(v) || (c->rxf != NULL &&
		    !rxfilter_pass(c->rxf, json_string_value(v),
		    json_string_length(v))))
			return 0;
		if (c->ere != NULL)
			return ere_match(c->ere, json_string_value(v),
			    json_string_length(v));
		return regexec(c->re, json_string_value(v), 0, NULL, 0) == 0;
	default:
		break;
	}
	if (!json_is_number(v))
		return 0;
	x = json_number_value(v);
	switch (op) {
	case OP_LT:
		return x < c->num;
	case OP_LE:
		return x <= c->num;
	case OP_GT:
		return x > c->num;
	case OP_GE:
		return x >= c->num;
	default:
		return 0;
	}
}

/* op holds for v, or for an element of v when it is an array. */
static int
value_holds(const struct cond *c, enum op op, json_t *v)
{
	size_t i;

	if (!json_is_array(v))
		return scalar_holds(c, op, v);
	for (i = 0; i < json_array_size(v); i++)
		if (scalar_holds(c, op, json_array_get(v, i)))
			return 1;
	return 0;
}

static int
has_id(const uint32_t *v, size_t n, uint32_t id)
{
	size_t lo = 0, hi = n, mid;

	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		if (v[mid] < id)
			lo = mid + 1;
		else if (v[mid] > id)
			hi = mid;
		else
			return 1;
	}
	return 0;
}

/* Do two sorted sets meet?  The smaller is searched for in the larger. */
static int
any_common(const uint32_t *a, size_t na, const uint32_t *b, size_t nb)
{
	const uint32_t *t;
	size_t i;

	if (na > nb) {
		t = a, a = b, b = t;
		i = na, na = nb, nb = i;
	}
	for (i = 0; i < na; i++)
		if (has_id(b, nb, a[i]))
			return 1;
	return 0;
}

static int
all_in(const uint32_t *want, size_t nw, const uint32_t *have, size_t nh)
{
	size_t i;

	if (nh < nw)
		return 0;
	for (i = 0; i < nw; i++)
		if (!has_id(have, nh, want[i]))
			return 0;
	return 1;
}

static int
words_hold(struct ruleset *rs, const struct cond *c, json_t *rec)
{
	struct textcache *tc = text_of(rs, &rs->fields[c->field], rec);
	const uint32_t *want = rs->termids + c->first, *ids;
	size_t i, n;

	find_terms(rs, tc);
	for (i = 0; i < tc->nelems; i++) {
		ids = tc->ids + tc->elems[i].ioff;
		n = tc->elems[i].nid;
		if (c->op == OP_ANY_WORD ? any_common(want, c->n, ids, n) :
		    all_in(want, c->n, ids, n))
			return 1;
	}
	return 0;
}

/*
 * Is the run of count tokens at k, joined by spaces or (spaced = 0)
 * run together, within the term's distance?  Running two tokens
 * together is an edit already: "mi vista" is not "movistar".  Lengths
 * are compared first: most tokens are too long or too short to need
 * the distance.
 */
static int
near(struct ruleset *rs, const struct textcache *tc, const struct tok *k,
    size_t count, int spaced, const struct fterm *ft)
{
	const char *s;
	size_t ncp = 0, len = 0, i;
	int limit = ft->limit - (!spaced);

	if (limit < 0)
		return 0;
	for (i = 0; i < count; i++)
		ncp += k[i].ncp + (spaced && i > 0);
	if ((ncp > ft->ncp ? ncp - ft->ncp : ft->ncp - ncp) > (size_t)limit)
		return 0;
	if (count == 1) {
		s = tc->text.p + k->off;
		len = k->len;
	} else {
		for (i = 0; i < count; i++) {
			if (len + k[i].len + 1 >= rs->join.cap)
				return 0;	/* not UTF-8 lengths */
			if (spaced && i > 0)
				rs->join.p[len++] = ' ';
			memcpy(rs->join.p + len, tc->text.p + k[i].off,
			    k[i].len);
			len += k[i].len;
		}
		s = rs->join.p;
	}
	return fuzzy_distance(s, len, ft->text, ft->len, limit) <= limit;
}

/* A term of w words against each run of w tokens; one word also
 * against two tokens run together ("movi star"). */
static int
fuzzy_in(struct ruleset *rs, const struct textcache *tc,
    const struct elem *e, const struct fterm *ft)
{
	const struct tok *k = tc->toks + e->koff;
	size_t i, w = (size_t)ft->words;

	for (i = 0; i + w <= e->ntok; i++) {
		if (near(rs, tc, k + i, w, 1, ft))
			return 1;
		if (w == 1 && i + 1 < e->ntok && near(rs, tc, k + i, 2, 0, ft))
			return 1;
	}
	return 0;
}

static int
fuzzy_holds(struct ruleset *rs, const struct cond *c, json_t *rec)
{
	struct textcache *tc = text_of(rs, &rs->fields[c->field], rec);
	size_t i, t;

	find_tokens(rs, tc);
	for (i = 0; i < tc->nelems; i++)
		for (t = c->first; t < c->first + c->n; t++)
			if (fuzzy_in(rs, tc, &tc->elems[i], &rs->fterms[t]))
				return 1;
	return 0;
}

static int
eval_leaf(struct ruleset *rs, const struct cond *c, json_t *rec)
{
	json_t *v = field_value(rs, &rs->fields[c->field], rec);

	switch (c->op) {
	case OP_EXISTS:
		return (v != NULL) == c->flag;
	case OP_NE:
		return v == NULL || !value_holds(c, OP_EQ, v);
	case OP_NOT_IN:
		return v == NULL || !value_holds(c, OP_IN, v);
	case OP_ANY_WORD:
	case OP_ALL_WORDS:
		return v != NULL && words_hold(rs, c, rec);
	case OP_FUZZY:
		return v != NULL && fuzzy_holds(rs, c, rec);
	default:
		return v != NULL && value_holds(c, c->op, v);
	}
}

int
rules_eval(struct ruleset *rs, size_t ci, json_t *rec)
{
	const struct cond *c = &rs->conds[ci];
	size_t i;

	switch (c->op) {
	case OP_ALL:
		for (i = 0; i < c->n; i++)
			if (!rules_eval(rs, rs->kids[c->first + i], rec))
				return 0;
		return 1;
	case OP_ANY:
		for (i = 0; i < c->n; i++)
			if (rules_eval(rs, rs->kids[c->first + i], rec))
				return 1;
		return 0;
	case OP_NOT:
		return !rules_eval(rs, rs->kids[c->first], rec);
	default:
		return eval_leaf(rs, c, rec);
	}
}
