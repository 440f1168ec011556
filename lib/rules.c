/* rules.c - the rule language: YAML rules compiled once, run per record */
#include <regex.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "acmatch.h"
#include "fuzzy.h"
#include "rules.h"
#include "rules_impl.h"
#include "ere.h"
#include "rxfilter.h"
#include "utf8.h"

#define MAX_DEPTH	32	/* nesting of any / all / not */
#define MAX_SEGLEN	255	/* longest path segment jpath_set_new takes */
#define NENCL		(MAX_DEPTH * 2 + 8)

#define RULE_KEYS	"id, when, then, continue, description"
#define THEN_KEYS	"set, tag, why"
#define OPERATORS	"eq, ne, in, not_in, lt, le, gt, ge, any_word, " \
			"all_words, phrase, regex, fuzzy, exists"

static const struct {
	const char	*name;
	enum op		 op;
} operators[] = {
	{ "eq", OP_EQ },		{ "ne", OP_NE },
	{ "in", OP_IN },		{ "not_in", OP_NOT_IN },
	{ "lt", OP_LT },		{ "le", OP_LE },
	{ "gt", OP_GT },		{ "ge", OP_GE },
	{ "any_word", OP_ANY_WORD },	{ "all_words", OP_ALL_WORDS },
	{ "phrase", OP_ANY_WORD },	{ "regex", OP_REGEX },
	{ "fuzzy", OP_FUZZY },		{ "exists", OP_EXISTS },
};

/* What the compiler needs besides the ruleset it fills. */
struct cctx {
	struct ruleset	*rs;
	struct yamldoc	*doc;
	struct acbuild	*ac;
	char		*err;
	size_t		 errlen;
	json_t		*encl[NENCL];	/* enclosing nodes, innermost last */
	int		 nencl;
	char		 rule[96];	/* `rule "id"` or `rule #3` */
};

/* A growing list of condition indices. */
struct idxlist {
	size_t	*v;
	size_t	 n, cap;
};

/*
 * "file:line:column: message", the position being at's or, for a value
 * that has none (true, null), the innermost enclosing node's.
 */
static int
cerr(struct cctx *c, json_t *at, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static int
cerr(struct cctx *c, json_t *at, const char *fmt, ...)
{
	va_list ap;
	int line = 0, col = 0, i;
	size_t n;

	if (c->errlen == 0)
		return -1;
	i = c->nencl < NENCL ? c->nencl : NENCL;
	if (at == NULL || !ydoc_where(c->doc, at, &line, &col))
		while (i-- > 0)
			if (ydoc_where(c->doc, c->encl[i], &line, &col))
				break;
	if (line > 0)
		snprintf(c->err, c->errlen, "%s:%d:%d: ", ydoc_file(c->doc),
		    line, col);
	else
		snprintf(c->err, c->errlen, "%s: ", ydoc_file(c->doc));
	n = strlen(c->err);
	va_start(ap, fmt);
	vsnprintf(c->err + n, c->errlen - n, fmt, ap);
	va_end(ap);
	return -1;
}

static void
push(struct cctx *c, json_t *node)
{
	if (c->nencl < NENCL)
		c->encl[c->nencl] = node;
	c->nencl++;
}

static void
pop(struct cctx *c)
{
	c->nencl--;
}

static void
idx_add(struct idxlist *l, size_t i)
{
	GROW(l->v, l->cap, l->n + 1);
	l->v[l->n++] = i;
}

/* A new condition; its index (the array may move). */
static size_t
new_cond(struct ruleset *rs, enum op op, size_t field)
{
	struct cond *c;

	GROW(rs->conds, rs->ccap, rs->nconds + 1);
	c = &rs->conds[rs->nconds];
	memset(c, 0, sizeof(*c));
	c->op = op;
	c->field = field;
	return rs->nconds++;
}

/* ---- field paths ---------------------------------------------------- */

/* Non-empty segments, each short enough for jpath_set_new. */
static int
path_ok(const char *path)
{
	const char *s = path, *dot;
	size_t n;

	for (;;) {
		dot = strchr(s, '.');
		n = dot ? (size_t)(dot - s) : strlen(s);
		if (n == 0 || n > MAX_SEGLEN)
			return 0;
		if (dot == NULL)
			return 1;
		s = dot + 1;
	}
}

/* ---- arguments ------------------------------------------------------ */

static int
is_value(json_t *v)
{
	return json_is_string(v) || json_is_number(v) || json_is_boolean(v);
}

/* A string, or a non-empty list of strings: through *n items. */
static int
string_items(json_t *arg, json_t **items, size_t *n)
{
	size_t i;

	if (json_is_string(arg)) {
		*items = arg;
		*n = 1;
		return 1;
	}
	if (!json_is_array(arg) || json_array_size(arg) == 0)
		return 0;
	for (i = 0; i < json_array_size(arg); i++)
		if (!json_is_string(json_array_get(arg, i)))
			return 0;
	*items = NULL;
	*n = json_array_size(arg);
	return 1;
}

static json_t *
item(json_t *arg, json_t *single, size_t i)
{
	return single != NULL ? single : json_array_get(arg, i);
}

static int
cmp_u32(const void *a, const void *b)
{
	uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;

	return x < y ? -1 : x > y;
}

/* The shared table's term gid is this set's id. */
static void
map_term(struct ruleset *rs, uint32_t gid, uint32_t id)
{
	size_t old = rs->tmapcap;

	if (gid >= rs->ntmap) {
		GROW(rs->tmap, rs->tmapcap, (size_t)gid + 1);
		memset(rs->tmap + old, 0, (rs->tmapcap - old) *
		    sizeof(*rs->tmap));
		rs->ntmap = (size_t)gid + 1;
	}
	rs->tmap[gid] = id + 1;
}

/* any_word, all_words, phrase: every term into the automaton. */
static int
compile_words(struct cctx *c, struct cond *cd, const char *opname,
    json_t *arg)
{
	struct ruleset *rs = c->rs;
	struct buf norm = { NULL, 0, 0 };
	json_t *single, *t;
	size_t i, n, k;
	long id;

	if (!string_items(arg, &single, &n))
		return cerr(c, arg, "\"%s\" in %s takes a string or a list "
		    "of strings", opname, c->rule);
	cd->first = rs->ntermids;
	for (i = 0; i < n; i++) {
		t = item(arg, single, i);
		norm.len = 0;
		text_normalize(rs, json_string_value(t),
		    json_string_length(t), &norm);
		if (norm.len <= 1) {
			free(norm.p);
			return cerr(c, t, "\"%s\" in %s has no word to match",
			    json_string_value(t), c->rule);
		}
		if ((id = ac_add(c->ac, norm.p, norm.len)) < 0)
			abort();
		map_term(rs, termtab_add(rs->terms, norm.p, norm.len),
		    (uint32_t)id);
		GROW(rs->termids, rs->tidcap, rs->ntermids + 1);
		rs->termids[rs->ntermids++] = (uint32_t)id;
	}
	free(norm.p);
	/* Sorted and unique, for the searches at run time. */
	n = rs->ntermids - cd->first;
	qsort(rs->termids + cd->first, n, sizeof(uint32_t), cmp_u32);
	for (i = k = 0; i < n; i++)
		if (k == 0 || rs->termids[cd->first + i] !=
		    rs->termids[cd->first + k - 1])
			rs->termids[cd->first + k++] =
			    rs->termids[cd->first + i];
	cd->n = k;
	rs->ntermids = cd->first + k;
	return 0;
}

/*
 * A fuzzy term, tokenized as the text it is compared with: tokens
 * without a leading '#' or '@', one space between them.
 */
static int
add_fuzzy_term(struct cctx *c, json_t *t)
{
	struct ruleset *rs = c->rs;
	struct buf norm = { NULL, 0, 0 };
	struct fterm *ft;
	const char *p, *end, *sp;
	size_t n;

	text_normalize(rs, json_string_value(t), json_string_length(t),
	    &norm);
	GROW(rs->fterms, rs->ftcap, rs->nfterms + 1);
	ft = &rs->fterms[rs->nfterms];
	memset(ft, 0, sizeof(*ft));
	if ((ft->text = calloc(1, norm.len + 1)) == NULL)
		abort();
	end = norm.p + norm.len;
	for (p = norm.p + 1; p < end; p = sp + 1) {
		sp = memchr(p, ' ', (size_t)(end - p));
		n = (size_t)(sp - p);
		if (n > 1 && (*p == '#' || *p == '@')) {
			p++;
			n--;
		}
		if (ft->words++ > 0)
			ft->text[ft->len++] = ' ';
		memcpy(ft->text + ft->len, p, n);
		ft->len += n;
	}
	free(norm.p);
	if (ft->words == 0) {
		free(ft->text);
		return cerr(c, t, "\"%s\" in %s has no word to match",
		    json_string_value(t), c->rule);
	}
	ft->ncp = utf8_ncp(ft->text, ft->len);
	ft->limit = fuzzy_limit(ft->ncp);
	rs->nfterms++;
	if (ft->ncp > rs->maxfuzzy)
		rs->maxfuzzy = ft->ncp;
	return 0;
}

static int
compile_fuzzy(struct cctx *c, struct cond *cd, json_t *arg)
{
	json_t *single;
	size_t i, n;

	if (!string_items(arg, &single, &n))
		return cerr(c, arg, "\"fuzzy\" in %s takes a string or a "
		    "list of strings", c->rule);
	cd->first = c->rs->nfterms;
	for (i = 0; i < n; i++)
		if (add_fuzzy_term(c, item(arg, single, i)) == -1)
			return -1;
	cd->n = c->rs->nfterms - cd->first;
	return 0;
}

static int
compile_regex(struct cctx *c, struct cond *cd, json_t *arg)
{
	char msg[160];
	int rc;

	if (!json_is_string(arg))
		return cerr(c, arg, "\"regex\" in %s takes a string", c->rule);
	if ((cd->re = malloc(sizeof(*cd->re))) == NULL)
		abort();
	rc = regcomp(cd->re, json_string_value(arg),
	    REG_EXTENDED | REG_ICASE | REG_NOSUB);
	if (rc != 0) {
		regerror(rc, cd->re, msg, sizeof(msg));
		free(cd->re);
		cd->re = NULL;
		return cerr(c, arg, "bad regex \"%s\" in %s: %s",
		    json_string_value(arg), c->rule, msg);
	}
	/* regcomp has checked it; most patterns then run as a DFA, and
	 * regexec (behind the cheap filter) takes what ere.c does not do. */
	cd->ere = ere_compile(json_string_value(arg), 1);
	cd->rxf = rxfilter_new(json_string_value(arg), 1);
	return 0;
}

/* The strings of cd->value (one, or those of a list), for scalar_holds. */
static void
take_strings(struct cond *cd)
{
	size_t i, n = json_is_array(cd->value) ?
	    json_array_size(cd->value) : 1, bytes = 0;
	json_t *v;
	char *pool;

	/* The strings are copied behind their array, in one block: a
	 * comparison reads one place rather than a jansson string each. */
	for (i = 0; i < n; i++) {
		v = json_is_array(cd->value) ? json_array_get(cd->value, i) :
		    cd->value;
		if (json_is_string(v))
			bytes += json_string_length(v) + 1;
	}
	if ((cd->strs = calloc(1, n * sizeof(*cd->strs) + bytes)) == NULL)
		abort();
	pool = (char *)(cd->strs + n);
	for (i = 0; i < n; i++) {
		v = json_is_array(cd->value) ? json_array_get(cd->value, i) :
		    cd->value;
		if (!json_is_string(v))
			continue;
		memcpy(pool, json_string_value(v), json_string_length(v));
		cd->strs[cd->nstrs].s = pool;
		cd->strs[cd->nstrs++].len = json_string_length(v);
		pool += json_string_length(v) + 1;
	}
}

static int
compile_values(struct cctx *c, struct cond *cd, const char *opname,
    json_t *arg)
{
	size_t i;

	if (!json_is_array(arg) || json_array_size(arg) == 0)
		return cerr(c, arg, "\"%s\" in %s takes a list of strings, "
		    "numbers or booleans", opname, c->rule);
	for (i = 0; i < json_array_size(arg); i++)
		if (!is_value(json_array_get(arg, i)))
			return cerr(c, json_array_get(arg, i), "\"%s\" in %s "
			    "takes a list of strings, numbers or booleans",
			    opname, c->rule);
	cd->value = json_deep_copy(arg);
	take_strings(cd);
	return 0;
}

static int
compile_value(struct cctx *c, struct cond *cd, const char *opname,
    json_t *arg)
{
	if (json_is_null(arg))
		return cerr(c, arg, "\"%s\" in %s compares with null: test "
		    "a missing field with exists: false", opname, c->rule);
	if (!is_value(arg))
		return cerr(c, arg, "\"%s\" in %s takes a string, number or "
		    "boolean", opname, c->rule);
	cd->value = json_deep_copy(arg);
	take_strings(cd);
	return 0;
}

/* The condition for operator op with argument arg on field f. */
static int
compile_op(struct cctx *c, enum op op, const char *opname, size_t f,
    json_t *arg, struct idxlist *out)
{
	struct ruleset *rs = c->rs;
	size_t ci = new_cond(rs, op, f);
	struct cond *cd = &rs->conds[ci];

	idx_add(out, ci);
	switch (op) {
	case OP_EQ:
	case OP_NE:
		return compile_value(c, cd, opname, arg);
	case OP_IN:
	case OP_NOT_IN:
		return compile_values(c, cd, opname, arg);
	case OP_LT:
	case OP_LE:
	case OP_GT:
	case OP_GE:
		if (!json_is_number(arg))
			return cerr(c, arg, "\"%s\" in %s takes a number",
			    opname, c->rule);
		cd->num = json_number_value(arg);
		return 0;
	case OP_EXISTS:
		if (!json_is_boolean(arg))
			return cerr(c, arg, "\"exists\" in %s takes true or "
			    "false", c->rule);
		cd->flag = json_is_true(arg);
		return 0;
	case OP_ANY_WORD:
	case OP_ALL_WORDS:
		field_wants_text(&rs->fields[f]);
		return compile_words(c, cd, opname, arg);
	case OP_FUZZY:
		field_wants_text(&rs->fields[f]);
		return compile_fuzzy(c, cd, arg);
	case OP_REGEX:
		return compile_regex(c, cd, arg);
	default:
		abort();
	}
}

/* ---- conditions ----------------------------------------------------- */

static long compile_when(struct cctx *, json_t *, const char *);

/* Cheap tests first: all / any stop at the first that decides. */
static int
cost(const struct cond *cd)
{
	switch (cd->op) {
	case OP_ANY_WORD:
	case OP_ALL_WORDS:
		return 1;
	case OP_ALL:
	case OP_ANY:
	case OP_NOT:
		return 2;
	case OP_FUZZY:
		return 3;
	case OP_REGEX:
		return 4;
	default:
		return 0;
	}
}

/* A combinator over the conditions in l (one alone stands for itself). */
static size_t
combine(struct ruleset *rs, enum op op, struct idxlist *l)
{
	size_t i, j, ci, t;

	if (l->n == 1 && op != OP_NOT)
		return l->v[0];
	for (i = 1; i < l->n; i++)	/* stable: keeps the file's order */
		for (j = i; j > 0 && cost(&rs->conds[l->v[j - 1]]) >
		    cost(&rs->conds[l->v[j]]); j--) {
			t = l->v[j];
			l->v[j] = l->v[j - 1];
			l->v[j - 1] = t;
		}
	ci = new_cond(rs, op, 0);
	GROW(rs->kids, rs->kidcap, rs->nkids + l->n);
	rs->conds[ci].first = rs->nkids;
	rs->conds[ci].n = l->n;
	memcpy(rs->kids + rs->nkids, l->v, l->n * sizeof(*l->v));
	rs->nkids += l->n;
	return ci;
}

/* any: [when, ...] and all: [when, ...]. */
static int
compile_list_of(struct cctx *c, const char *name, json_t *arg,
    struct idxlist *out)
{
	struct idxlist l = { NULL, 0, 0 };
	char what[32];
	size_t i;
	long ci;

	if (!json_is_array(arg) || json_array_size(arg) == 0)
		return cerr(c, arg, "\"%s\" in %s takes a list of conditions",
		    name, c->rule);
	snprintf(what, sizeof(what), "an \"%s\" entry", name);
	for (i = 0; i < json_array_size(arg); i++) {
		if ((ci = compile_when(c, json_array_get(arg, i), what)) < 0) {
			free(l.v);
			return -1;
		}
		idx_add(&l, (size_t)ci);
	}
	idx_add(out, combine(c->rs, strcmp(name, "any") == 0 ? OP_ANY :
	    OP_ALL, &l));
	free(l.v);
	return 0;
}

static int
compile_not(struct cctx *c, json_t *arg, struct idxlist *out)
{
	struct idxlist l = { NULL, 0, 0 };
	long ci;

	if ((ci = compile_when(c, arg, "the \"not\"")) < 0)
		return -1;
	idx_add(&l, (size_t)ci);
	idx_add(out, combine(c->rs, OP_NOT, &l));
	free(l.v);
	return 0;
}

static int
find_operator(const char *name, enum op *op)
{
	size_t i;

	for (i = 0; i < sizeof(operators) / sizeof(operators[0]); i++)
		if (strcmp(operators[i].name, name) == 0) {
			*op = operators[i].op;
			return 1;
		}
	return 0;
}

/* path: {op: arg, ...}, each operator a condition. */
static int
compile_ops(struct cctx *c, const char *path, size_t f, json_t *ops,
    struct idxlist *out)
{
	const char *name;
	json_t *arg;
	enum op op;
	int rc = 0;

	if (json_object_size(ops) == 0)
		return cerr(c, ops, "no operator for \"%s\" in %s (expected "
		    OPERATORS ")", path, c->rule);
	push(c, ops);
	json_object_foreach(ops, name, arg) {
		if (!find_operator(name, &op)) {
			rc = cerr(c, arg, "unknown operator \"%s\" in %s "
			    "(expected " OPERATORS ")", name, c->rule);
			break;
		}
		if ((rc = compile_op(c, op, name, f, arg, out)) == -1)
			break;
	}
	pop(c);
	return rc;
}

/* path: condition, where the condition is a value or operators. */
static int
compile_field(struct cctx *c, const char *path, json_t *cond,
    struct idxlist *out)
{
	enum op op;
	size_t f;

	if (find_operator(path, &op) || strcmp(path, "or") == 0 ||
	    strcmp(path, "and") == 0)
		return cerr(c, cond, "unknown key \"%s\" in the conditions "
		    "of %s (expected a field path, any, all or not; operators "
		    "go under a field, as in text: {any_word: baja})", path,
		    c->rule);
	if (!path_ok(path))
		return cerr(c, cond, "bad field path \"%s\" in %s", path,
		    c->rule);
	f = field_index(c->rs, path);
	if (json_is_object(cond))
		return compile_ops(c, path, f, cond, out);
	if (json_is_array(cond))
		return cerr(c, cond, "the condition on \"%s\" in %s is a list: "
		    "write {in: [...]} for one of several values, "
		    "{any_word: [...]} for words", path, c->rule);
	return compile_op(c, OP_EQ, "eq", f, cond, out);
}

/* A `when` mapping: every entry must hold.  Returns the condition. */
static long
compile_when(struct cctx *c, json_t *node, const char *what)
{
	struct idxlist l = { NULL, 0, 0 };
	const char *key;
	json_t *v;
	long ci;
	int rc = 0;

	if (!json_is_object(node))
		return cerr(c, node, "%s of %s must be a mapping of fields "
		    "to conditions", what, c->rule);
	if (json_object_size(node) == 0)
		return cerr(c, node, "%s of %s is empty", what, c->rule);
	if (c->nencl > MAX_DEPTH)
		return cerr(c, node, "conditions nested too deep in %s",
		    c->rule);
	push(c, node);
	json_object_foreach(node, key, v) {
		if (strcmp(key, "any") == 0 || strcmp(key, "all") == 0)
			rc = compile_list_of(c, key, v, &l);
		else if (strcmp(key, "not") == 0)
			rc = compile_not(c, v, &l);
		else
			rc = compile_field(c, key, v, &l);
		if (rc == -1)
			break;
	}
	pop(c);
	ci = rc == 0 ? (long)combine(c->rs, OP_ALL, &l) : -1;
	free(l.v);
	return ci;
}

/* ---- then ----------------------------------------------------------- */

static int
compile_set(struct cctx *c, struct rule *r, json_t *arg)
{
	const char *path;
	json_t *v;

	if (!json_is_object(arg) || json_object_size(arg) == 0)
		return cerr(c, arg, "\"set\" in %s takes a mapping of fields "
		    "to values", c->rule);
	if ((r->sets = calloc(json_object_size(arg), sizeof(*r->sets))) ==
	    NULL)
		abort();
	json_object_foreach(arg, path, v) {
		if (!path_ok(path))
			return cerr(c, v, "bad field path \"%s\" in \"set\" "
			    "of %s", path, c->rule);
		r->sets[r->nsets].path = rules_strdup(path);
		ydoc_where(c->doc, v, &r->sets[r->nsets].line,
		    &r->sets[r->nsets].col);
		r->sets[r->nsets++].value = json_deep_copy(v);
	}
	return 0;
}

static int
compile_tag(struct cctx *c, struct rule *r, json_t *arg)
{
	json_t *single, *t;
	size_t i, n;

	if (c->rs->tag_path == NULL)
		return cerr(c, arg, "\"tag\" in %s: this file's rules cannot "
		    "tag (expected set or why)", c->rule);
	if (!string_items(arg, &single, &n))
		return cerr(c, arg, "\"tag\" in %s takes a string or a list "
		    "of strings", c->rule);
	if ((r->tags = calloc(n, sizeof(*r->tags))) == NULL)
		abort();
	for (i = 0; i < n; i++) {
		t = item(arg, single, i);
		if (json_string_length(t) == 0)
			return cerr(c, t, "empty tag in %s", c->rule);
		r->tags[r->ntags++] = rules_strdup(json_string_value(t));
	}
	return 0;
}

static int
compile_then(struct cctx *c, struct rule *r, json_t *then)
{
	const char *key;
	json_t *v;
	int rc = 0;

	if (!json_is_object(then) || json_object_size(then) == 0)
		return cerr(c, then, "the \"then\" of %s needs set, tag or why",
		    c->rule);
	push(c, then);
	json_object_foreach(then, key, v) {
		if (strcmp(key, "set") == 0)
			rc = compile_set(c, r, v);
		else if (strcmp(key, "tag") == 0)
			rc = compile_tag(c, r, v);
		else if (strcmp(key, "why") != 0)
			rc = cerr(c, v, "unknown key \"%s\" in the \"then\" of "
			    "%s (expected " THEN_KEYS ")", key, c->rule);
		else if (!json_is_string(v) || json_string_length(v) == 0)
			rc = cerr(c, v, "\"why\" in %s takes a string",
			    c->rule);
		else
			r->why = rules_strdup(json_string_value(v));
		if (rc == -1)
			break;
	}
	pop(c);
	return rc;
}

/* ---- rules ---------------------------------------------------------- */

static int
check_rule_keys(struct cctx *c, json_t *node)
{
	static const char *const keys[] = {
		"id", "when", "then", "continue", "description"
	};
	const char *key;
	json_t *v;
	size_t i;

	json_object_foreach(node, key, v) {
		for (i = 0; i < sizeof(keys) / sizeof(keys[0]); i++)
			if (strcmp(key, keys[i]) == 0)
				break;
		if (i == sizeof(keys) / sizeof(keys[0]))
			return cerr(c, v, "unknown key \"%s\" in %s (expected "
			    RULE_KEYS ")", key, c->rule);
	}
	return 0;
}

static int
check_id(struct cctx *c, json_t *node, json_t *id, struct rule *r)
{
	struct ruleset *rs = c->rs;
	size_t i;

	if (id == NULL)
		return cerr(c, node, "%s has no id", c->rule);
	if (!json_is_string(id) || json_string_length(id) == 0)
		return cerr(c, id, "the id of %s must be a non-empty string",
		    c->rule);
	for (i = 0; i + 1 < rs->nrules; i++)
		if (strcmp(rs->rules[i].id, json_string_value(id)) == 0)
			return cerr(c, id, "duplicate id \"%s\" (first on line "
			    "%d)", json_string_value(id), rs->rules[i].line);
	r->id = rules_strdup(json_string_value(id));
	ydoc_where(c->doc, id, &r->line, &r->col);
	return 0;
}

static int
compile_rule(struct cctx *c, json_t *node, size_t no)
{
	struct ruleset *rs = c->rs;
	json_t *id, *v;
	struct rule *r;
	long when;

	snprintf(c->rule, sizeof(c->rule), "rule #%zu", no);
	if (!json_is_object(node))
		return cerr(c, node, "%s is not a mapping (expected "
		    RULE_KEYS ")", c->rule);
	id = json_object_get(node, "id");
	if (json_string_length(id) > 0)
		snprintf(c->rule, sizeof(c->rule), "rule \"%.80s\"",
		    json_string_value(id));
	GROW(rs->rules, rs->rcap, rs->nrules + 1);
	r = &rs->rules[rs->nrules++];
	memset(r, 0, sizeof(*r));
	c->nencl = 0;
	push(c, node);
	if (check_rule_keys(c, node) == -1 || check_id(c, node, id, r) == -1)
		return -1;
	if ((v = json_object_get(node, "when")) == NULL)
		return cerr(c, node, "%s has no \"when\"", c->rule);
	if ((when = compile_when(c, v, "the \"when\"")) < 0)
		return -1;
	r->when = (size_t)when;
	if ((v = json_object_get(node, "then")) == NULL)
		return cerr(c, node, "%s has no \"then\"", c->rule);
	if (compile_then(c, r, v) == -1)
		return -1;
	v = json_object_get(node, "continue");
	if (v != NULL && !json_is_boolean(v))
		return cerr(c, v, "\"continue\" in %s takes true or false",
		    c->rule);
	r->cont = json_is_true(v);
	v = json_object_get(node, "description");
	if (v != NULL && !json_is_string(v))
		return cerr(c, v, "\"description\" in %s takes a string",
		    c->rule);
	return 0;
}

/* After the last rule: the term ids, and scratch sized for run time. */
static int
finish(struct cctx *c)
{
	struct ruleset *rs = c->rs;
	size_t nterms = ac_build_count(c->ac), i;

	if (rs->nconds > RULE_WHEN)
		abort();	/* not from a file anyone writes */
	if ((rs->hot = calloc(rs->nrules + 1, sizeof(*rs->hot))) == NULL)
		abort();
	for (i = 0; i < rs->nrules; i++) {
		rules_find_touched(rs, &rs->rules[i]);
		rs->hot[i] = (uint32_t)rs->rules[i].when |
		    (rs->rules[i].cont ? RULE_CONT : 0);
	}
	/* The builder numbered the terms; rules_terms.c finds them. */
	ac_build_free(c->ac);
	c->ac = NULL;
	rs->nterms = nterms;
	rules_find_gates(rs);
	/* Text joined for fuzzy is at most limit (2) longer than a term. */
	GROW(rs->join.p, rs->join.cap, 4 * (rs->maxfuzzy + 2) + 1);
	return 0;
}

struct ruleset *
rules_compile(struct yamldoc *doc, json_t *list, const char *tag_path,
    char *err, size_t errlen)
{
	struct cctx c;
	size_t i;

	memset(&c, 0, sizeof(c));
	c.doc = doc;
	c.err = err;
	c.errlen = errlen;
	if ((c.rs = calloc(1, sizeof(*c.rs))) == NULL ||
	    (c.ac = ac_build_new()) == NULL)
		abort();
	c.rs->terms = termtab_get();
	if (tag_path != NULL)
		c.rs->tag_path = rules_strdup(tag_path);
	c.rs->file = rules_strdup(ydoc_file(doc));
	if (!json_is_array(list)) {
		cerr(&c, list, "expected a list of rules");
		goto fail;
	}
	for (i = 0; i < json_array_size(list); i++)
		if (compile_rule(&c, json_array_get(list, i), i + 1) == -1)
			goto fail;
	if (finish(&c) == -1)
		goto fail;
	return c.rs;
fail:
	ac_build_free(c.ac);
	rules_free(c.rs);
	return NULL;
}

struct ruleset *
rules_load(const char *path, const char *tag_path, char *err,
    size_t errlen)
{
	struct ruleset *rs = NULL;
	struct yamldoc *doc;
	json_t *root, *list;
	struct cctx c;

	if ((doc = ydoc_load(path, err, errlen)) == NULL)
		return NULL;
	list = root = ydoc_root(doc);
	if (json_is_object(root) && (list = json_object_get(root,
	    "rules")) == NULL) {
		memset(&c, 0, sizeof(c));
		c.doc = doc;
		c.err = err;
		c.errlen = errlen;
		cerr(&c, root, "no \"rules\" in this mapping (expected a list "
		    "of rules, or rules: and the list)");
	} else
		rs = rules_compile(doc, list, tag_path, err, errlen);
	ydoc_free(doc);
	return rs;
}
