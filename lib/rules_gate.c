/* rules_gate.c - which rules of a list a record can match, before any is
 * evaluated
 *
 * A rule is gated when its condition cannot hold without one of its own
 * conditions that can be answered for every rule at once:
 *   - by words: a word condition on one field (in practice "text"):
 *     one walk of the text finds every term (rules_terms.c), and the
 *     rules none of whose words occur are not looked at;
 *   - by value: an equality or "in" over strings on one field
 *     ("class.model.label: question", "class.protocol: {in: [...]}"):
 *     the field's value, looked up once in a small table, names the
 *     rules that want it.
 * The rules to try for a record are the ungated ones and the gated ones
 * found possible, merged in the list's order, so that first match and
 * continue: true mean what they say.  Gating on a field is off when a
 * rule of the list may change that field: what was found before the
 * rules ran would be stale.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "fnv.h"
#include "rules_impl.h"

struct vgate {
	const char	*s;		/* the value; NULL: an empty slot */
	size_t		 len;
	uint32_t	 first, n;	/* its rules: vrules[first..+n) */
	uint32_t	 last;		/* setting up: the last rule added */
};

static int
cmp_id(const void *a, const void *b)
{
	uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;

	return x < y ? -1 : x > y;
}

/* A string finds few terms: insertion sort, unless it finds many. */
void
rules_sort_ids(uint32_t *v, size_t n)
{
	size_t i, j;
	uint32_t t;

	if (n > 32) {
		qsort(v, n, sizeof(*v), cmp_id);
		return;
	}
	for (i = 1; i < n; i++) {
		t = v[i];
		for (j = i; j > 0 && v[j - 1] > t; j--)
			v[j] = v[j - 1];
		v[j] = t;
	}
}

/* ---- by words ---------------------------------------------------------- */

static int
is_word_cond(const struct cond *c)
{
	return c->op == OP_ANY_WORD || c->op == OP_ALL_WORDS;
}

/* A condition of the rule's when that it cannot hold without and that
 * is() accepts: when itself, or a child of a top-level "all"; or -1. */
static long
gate_of(const struct ruleset *rs, const struct rule *r,
    int (*is)(const struct ruleset *, const struct cond *))
{
	const struct cond *c = &rs->conds[r->when];
	size_t i;

	if (is(rs, c))
		return (long)r->when;
	if (c->op != OP_ALL)
		return -1;
	for (i = 0; i < c->n; i++)
		if (is(rs, &rs->conds[rs->kids[c->first + i]]))
			return (long)rs->kids[c->first + i];
	return -1;
}

static int
word_gate(const struct ruleset *rs, const struct cond *c)
{
	(void)rs;
	return is_word_cond(c);
}

/* May a rule of the list change field f? */
static int
touched(const struct ruleset *rs, size_t f)
{
	size_t i, k;

	for (i = 0; i < rs->nrules; i++)
		for (k = 0; k < rs->rules[i].ntouch; k++)
			if (rs->rules[i].touch[k] == f)
				return 1;
	return 0;
}

/*
 * Gate the rules whose words are looked for in one field (the first
 * such field), unless some rule's actions may change that field.
 */
static void
find_word_gates(struct ruleset *rs)
{
	const struct cond *c;
	struct rule *r;
	size_t i, k, t, ngated = 0, field = 0, *fill;
	long g;
	int any = 0;

	for (i = 0; i < rs->nrules; i++) {
		r = &rs->rules[i];
		if ((g = gate_of(rs, r, word_gate)) < 0)
			continue;
		c = &rs->conds[g];
		if (!any) {
			any = 1;
			field = c->field;
		}
		if (c->field != field)
			continue;
		r->gated = 1;
		r->gate = (size_t)g;
		ngated++;
	}
	if (ngated == 0 || touched(rs, field)) {
		for (i = 0; i < rs->nrules; i++)
			rs->rules[i].gated = 0;
		return;
	}
	rs->word_gating = 1;
	rs->gate_field = field;
	/* Rules per term, counted then filled (compressed rows). */
	if ((rs->term_first = calloc(rs->nterms + 2,
	    sizeof(*rs->term_first))) == NULL ||
	    (fill = calloc(rs->nterms + 1, sizeof(*fill))) == NULL)
		abort();
	for (i = 0; i < rs->nrules; i++) {
		if (rs->rules[i].gated != 1)
			continue;
		c = &rs->conds[rs->rules[i].gate];
		for (t = c->first; t < c->first + c->n; t++)
			rs->term_first[rs->termids[t] + 1]++;
	}
	for (t = 0; t < rs->nterms; t++)
		rs->term_first[t + 1] += rs->term_first[t];
	if ((rs->term_rules = calloc(rs->term_first[rs->nterms] + 1,
	    sizeof(*rs->term_rules))) == NULL)
		abort();
	for (i = 0; i < rs->nrules; i++) {
		if (rs->rules[i].gated != 1)
			continue;
		c = &rs->conds[rs->rules[i].gate];
		for (t = c->first; t < c->first + c->n; t++) {
			k = rs->termids[t];
			rs->term_rules[rs->term_first[k] + fill[k]++] =
			    (uint32_t)i;
		}
	}
	free(fill);
}

/* ---- by value ---------------------------------------------------------- */

/* An "eq" or "in" whose values are all strings (a number or a boolean
 * among them is compared otherwise: not gated). */
static int
value_gate(const struct ruleset *rs, const struct cond *c)
{
	(void)rs;
	if (c->nstrs == 0)
		return 0;
	if (c->op == OP_EQ)
		return json_is_string(c->value);
	return c->op == OP_IN && json_array_size(c->value) == c->nstrs;
}

static struct vgate *
vslot(const struct ruleset *rs, const char *s, size_t len)
{
	struct vgate *v;
	size_t i = fnv1a(s, len) & rs->vmask;

	for (;; i = (i + 1) & rs->vmask) {
		v = &rs->vtab[i];
		if (v->s == NULL || (v->len == len &&
		    memcmp(v->s, s, len) == 0))
			return v;
	}
}

/* The field most rules not gated by words could be gated by value on;
 * how many, in *n. */
static size_t
best_value_field(struct ruleset *rs, size_t *n)
{
	size_t *count, i, best = 0;
	long g;

	if ((count = calloc(rs->nfields + 1, sizeof(*count))) == NULL)
		abort();
	*n = 0;
	for (i = 0; i < rs->nrules; i++) {
		if (rs->rules[i].gated ||
		    (g = gate_of(rs, &rs->rules[i], value_gate)) < 0)
			continue;
		if (++count[rs->conds[g].field] > *n) {
			*n = count[rs->conds[g].field];
			best = rs->conds[g].field;
		}
	}
	free(count);
	return best;
}

/* Only when it spares a few evaluations a record. */
#define MIN_VALUE_GATED	3

static void
find_value_gates(struct ruleset *rs)
{
	const struct cond *c;
	struct rule *r;
	struct vgate *v;
	struct { struct vgate *v; uint32_t rule; } *pairs;
	size_t i, k, n, field, nstrs = 0, npairs = 0, fill;
	long g;

	field = best_value_field(rs, &n);
	if (n < MIN_VALUE_GATED || touched(rs, field))
		return;
	for (i = 0; i < rs->nrules; i++) {
		r = &rs->rules[i];
		if (r->gated || (g = gate_of(rs, r, value_gate)) < 0 ||
		    rs->conds[g].field != field)
			continue;
		r->gated = 2;
		r->gate = (size_t)g;
		nstrs += rs->conds[g].nstrs;
	}
	/* Room for every value at half load. */
	for (rs->vmask = 7; rs->vmask + 1 < 2 * nstrs; rs->vmask = 2 *
	    rs->vmask + 1)
		;
	if ((rs->vtab = calloc(rs->vmask + 1, sizeof(*rs->vtab))) == NULL ||
	    (rs->vrules = calloc(nstrs, sizeof(*rs->vrules))) == NULL ||
	    (pairs = calloc(nstrs, sizeof(*pairs))) == NULL)
		abort();
	/* Each value and each of its rules once (a value twice in one
	 * rule's list counts once), in the list's order; then each value's
	 * rules placed together. */
	for (i = 0; i < rs->nrules; i++) {
		if (rs->rules[i].gated != 2)
			continue;
		c = &rs->conds[rs->rules[i].gate];
		for (k = 0; k < c->nstrs; k++) {
			v = vslot(rs, c->strs[k].s, c->strs[k].len);
			if (v->s == NULL) {
				v->s = c->strs[k].s;
				v->len = c->strs[k].len;
			} else if (v->n > 0 && v->last == i)
				continue;
			v->n++;
			v->last = (uint32_t)i;
			pairs[npairs].v = v;
			pairs[npairs++].rule = (uint32_t)i;
		}
	}
	for (i = 0, fill = 0; i <= rs->vmask; i++) {
		v = &rs->vtab[i];
		v->first = (uint32_t)fill;
		fill += v->n;
		v->n = 0;
	}
	for (i = 0; i < npairs; i++) {
		v = pairs[i].v;
		rs->vrules[v->first + v->n++] = pairs[i].rule;
	}
	free(pairs);
	rs->value_gating = 1;
	rs->vgate_field = field;
}

/* ---- setting up, and each record ---------------------------------------- */

void
rules_find_gates(struct ruleset *rs)
{
	size_t i;

	find_word_gates(rs);
	find_value_gates(rs);
	rs->gating = rs->word_gating || rs->value_gating;
	if (!rs->gating)
		return;
	if ((rs->rule_stamp = calloc(rs->nrules, sizeof(*rs->rule_stamp))) ==
	    NULL || (rs->ungated = calloc(rs->nrules + 1,
	    sizeof(*rs->ungated))) == NULL)
		abort();
	for (i = 0; i < rs->nrules; i++)
		if (!rs->rules[i].gated)
			rs->ungated[rs->nungated++] = (uint32_t)i;
}

static void
add_cand(struct ruleset *rs, uint32_t r)
{
	if (rs->rule_stamp[r] == rs->rule_stampgen)
		return;
	rs->rule_stamp[r] = rs->rule_stampgen;
	GROW(rs->cand, rs->candcap, rs->ncand + 1);
	rs->cand[rs->ncand++] = r;
}

/* The rules that want the string s, if any. */
static void
add_value(struct ruleset *rs, json_t *s)
{
	const struct vgate *v;
	size_t k;

	if (!json_is_string(s))
		return;
	v = vslot(rs, json_string_value(s), json_string_length(s));
	for (k = 0; k < v->n; k++)
		add_cand(rs, rs->vrules[v->first + k]);
}

/*
 * The gated rules the record makes possible, into cand in order: those
 * with a word found in the text, and those that want the value of the
 * field (of an element of it, when it is an array: "eq" and "in" hold
 * for an array when they hold for an element).
 */
void
rules_open_gates(struct ruleset *rs, json_t *rec)
{
	struct textcache *tc;
	json_t *v;
	size_t i, k;
	uint32_t id;

	if (++rs->rule_stampgen == 0) {
		memset(rs->rule_stamp, 0, rs->nrules * sizeof(*rs->rule_stamp));
		rs->rule_stampgen = 1;
	}
	rs->ncand = 0;
	if (rs->word_gating) {
		tc = text_of(rs, &rs->fields[rs->gate_field], rec);
		find_terms(rs, tc);
		for (i = 0; i < tc->nids; i++) {
			id = tc->ids[i];
			for (k = rs->term_first[id]; k < rs->term_first[id + 1];
			    k++)
				add_cand(rs, rs->term_rules[k]);
		}
	}
	if (rs->value_gating &&
	    (v = field_value(rs, &rs->fields[rs->vgate_field], rec)) != NULL) {
		if (json_is_array(v))
			for (i = 0; i < json_array_size(v); i++)
				add_value(rs, json_array_get(v, i));
		else
			add_value(rs, v);
	}
	rules_sort_ids(rs->cand, rs->ncand);
}

void
rules_free_gates(struct ruleset *rs)
{
	free(rs->term_first);
	free(rs->term_rules);
	free(rs->rule_stamp);
	free(rs->ungated);
	free(rs->cand);
	free(rs->vtab);
	free(rs->vrules);
}
