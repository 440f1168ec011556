/* rules_run.c - compiled rules over records: fields, caches and actions
 * (which rules to try is rules_gate.c's, the conditions rules_eval.c's) */
#include <regex.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "jparse.h"
#include "jpath.h"
#include "rules.h"
#include "rules_impl.h"
#include "ere.h"
#include "rxfilter.h"
#include "utf8.h"

/* Out of memory aborts, as in yamljson.c: a half-run rule is worse. */
void *
rules_grow(void *p, size_t *cap, size_t need, size_t size)
{
	size_t ncap = *cap ? *cap : 8;

	while (ncap < need) {
		if (ncap > SIZE_MAX / 2 / size)
			abort();
		ncap *= 2;
	}
	if ((p = realloc(p, ncap * size)) == NULL)
		abort();
	*cap = ncap;
	return p;
}

char *
rules_strdup(const char *s)
{
	char *p;

	if ((p = strdup(s)) == NULL)
		abort();
	return p;
}

/* ---- fields -------------------------------------------------------- */

/* The path's last segment, which a look-up takes from its parent. */
static void
last_segment(struct field *f)
{
	const char *dot = strrchr(f->path, '.');

	f->key = dot != NULL ? dot + 1 : f->path;
	f->klen = strlen(f->key);
	f->index = strspn(f->key, "0123456789") == f->klen &&
	    f->klen > 0 && f->klen < 10 ? atol(f->key) : -1;
}

/*
 * Index of the field at path, added when new.  A dotted path has the
 * path up to its last dot as a field too (its parent), so the paths of
 * a list that share a start ("class.reason", "class.filter") walk it
 * once per record: one look-up each after that.
 */
size_t
field_index(struct ruleset *rs, const char *path)
{
	struct field *f;
	const char *dot;
	char *up;
	long parent = -1;
	size_t i;

	for (i = 0; i < rs->nfields; i++)
		if (strcmp(rs->fields[i].path, path) == 0)
			return i;
	if ((dot = strrchr(path, '.')) != NULL) {
		up = rules_strdup(path);
		up[dot - path] = '\0';
		parent = (long)field_index(rs, up);
		free(up);
	}
	GROW(rs->fields, rs->fldcap, rs->nfields + 1);
	f = &rs->fields[rs->nfields];
	memset(f, 0, sizeof(*f));
	f->path = rules_strdup(path);
	f->parent = (int)parent;
	last_segment(f);
	return rs->nfields++;
}

void
field_wants_text(struct field *f)
{
	if (f->tc == NULL && (f->tc = calloc(1, sizeof(*f->tc))) == NULL)
		abort();
}

void
field_free(struct field *f)
{
	free(f->path);
	if (f->tc != NULL) {
		free(f->tc->elems);
		free(f->tc->text.p);
		free(f->tc->ids);
		free(f->tc->toks);
		free(f->tc);
	}
}


/* Is one path the other, or inside it? */
static int
overlap(const char *a, const char *b)
{
	size_t na = strlen(a), nb = strlen(b), n = na < nb ? na : nb;

	return strncmp(a, b, n) == 0 && (na == nb ||
	    (na < nb ? b[n] : a[n]) == '.');
}

static int
touches(const struct ruleset *rs, const struct rule *r, const char *path)
{
	size_t i;

	for (i = 0; i < r->nsets; i++)
		if (overlap(r->sets[i].path, path))
			return 1;
	return r->ntags > 0 && overlap(rs->tag_path, path);
}

/*
 * The fields whose cached values a rule's actions make stale: all other
 * cached values (the text of a message above all) outlive the rule.
 */
void
rules_find_touched(struct ruleset *rs, struct rule *r)
{
	size_t f, cap = 0;

	for (f = 0; f < rs->nfields; f++) {
		if (!touches(rs, r, rs->fields[f].path))
			continue;
		GROW(r->touch, cap, r->ntouch + 1);
		r->touch[r->ntouch++] = f;
	}
}

/* ---- per-record caches ---------------------------------------------- */

/* The field changed: what was cached about it is stale (gen is never 0). */
static void
forget(struct field *f)
{
	f->gen = 0;
	if (f->tc != NULL)
		f->tc->gen_text = f->tc->gen_ids = f->tc->gen_toks = 0;
}

/*
 * A new record: a new generation makes every cached value stale.  When
 * the counter wraps, old generations are wiped out so none comes back.
 */
static void
next_gen(struct ruleset *rs)
{
	size_t i;

	if (++rs->gen != 0)
		return;
	for (i = 0; i < rs->nfields; i++)
		forget(&rs->fields[i]);
	rs->gen = 1;
}

/* The field's value; NULL when missing or null.  From its parent's,
 * which is cached in turn. */
json_t *
field_value(struct ruleset *rs, struct field *f, json_t *rec)
{
	json_t *v = rec;

	if (f->gen == rs->gen)
		return f->val;
	if (f->slot > 0) {
		v = rs->slots[f->slot - 1];
		return json_is_null(v) ? NULL : v;
	}
	if (f->parent >= 0)
		v = field_value(rs, &rs->fields[f->parent], rec);
	if (json_is_object(v))
		v = json_object_getn(v, f->key, f->klen);
	else if (json_is_array(v) && f->index >= 0)
		v = json_array_get(v, (size_t)f->index);
	else
		v = NULL;
	if (json_is_null(v))
		v = NULL;
	f->gen = rs->gen;
	f->val = v;
	return v;
}

static void
add_elem(struct ruleset *rs, struct textcache *tc, json_t *s)
{
	struct elem *e;

	GROW(tc->elems, tc->ecap, tc->nelems + 1);
	e = &tc->elems[tc->nelems++];
	memset(e, 0, sizeof(*e));
	e->toff = tc->text.len;
	text_normalize(rs, json_string_value(s), json_string_length(s),
	    &tc->text);
	e->tlen = tc->text.len - e->toff;
}

/* The field's strings, normalized: one, or one per string of an array. */
struct textcache *
text_of(struct ruleset *rs, struct field *f, json_t *rec)
{
	struct textcache *tc = f->tc;
	json_t *v;
	size_t i;

	if (tc->gen_text == rs->gen)
		return tc;
	tc->gen_text = rs->gen;
	tc->nelems = 0;
	tc->text.len = 0;
	v = field_value(rs, f, rec);
	if (json_is_string(v))
		add_elem(rs, tc, v);
	else if (json_is_array(v))
		for (i = 0; i < json_array_size(v); i++)
			if (json_is_string(json_array_get(v, i)))
				add_elem(rs, tc, json_array_get(v, i));
	return tc;
}

/*
 * The terms of the rule set in each string of the field: the shared
 * table finds them all (once per text, for every rule set), and the
 * ones of this set are kept, by this set's ids.
 */
void
find_terms(struct ruleset *rs, struct textcache *tc)
{
	const uint32_t *gids;
	struct elem *e;
	size_t i, k, n;
	uint32_t id;

	if (tc->gen_ids == rs->gen)
		return;
	tc->gen_ids = rs->gen;
	tc->nids = 0;
	for (i = 0; i < tc->nelems; i++) {
		e = &tc->elems[i];
		e->ioff = tc->nids;
		gids = termtab_find(rs->terms, tc->text.p + e->toff, e->tlen,
		    &n);
		GROW(tc->ids, tc->icap, tc->nids + n);
		for (k = 0; k < n; k++)
			if (gids[k] < rs->ntmap && (id = rs->tmap[gids[k]]) != 0)
				tc->ids[tc->nids++] = id - 1;
		e->nid = tc->nids - e->ioff;
		rules_sort_ids(tc->ids + e->ioff, e->nid);
	}
}

/* The tokens of each string, for fuzzy: split at the spaces. */
void
find_tokens(struct ruleset *rs, struct textcache *tc)
{
	const char *base, *p, *end, *sp;
	struct elem *e;
	struct tok *k;
	size_t i;

	if (tc->gen_toks == rs->gen)
		return;
	tc->gen_toks = rs->gen;
	tc->ntoks = 0;
	base = tc->text.p;
	for (i = 0; i < tc->nelems; i++) {
		e = &tc->elems[i];
		e->koff = tc->ntoks;
		end = base + e->toff + e->tlen;
		for (p = base + e->toff + 1; p < end; p = sp + 1) {
			sp = memchr(p, ' ', (size_t)(end - p));
			GROW(tc->toks, tc->kcap, tc->ntoks + 1);
			k = &tc->toks[tc->ntoks++];
			k->off = (size_t)(p - base);
			k->len = (size_t)(sp - p);
			if (k->len > 1 && (*p == '#' || *p == '@')) {
				k->off++;
				k->len--;
			}
			k->ncp = utf8_ncp(base + k->off, k->len);
		}
		e->ntok = tc->ntoks - e->koff;
	}
}

/* ---- actions -------------------------------------------------------- */

static int
has_string(json_t *arr, const char *s)
{
	size_t i;
	const char *t;

	for (i = 0; i < json_array_size(arr); i++)
		if ((t = json_string_value(json_array_get(arr, i))) != NULL &&
		    strcmp(t, s) == 0)
			return 1;
	return 0;
}

/* Append the rule's tags to the array at tag_path, each once. */
static void
add_tags(struct ruleset *rs, const struct rule *r, json_t *rec)
{
	json_t *tags, **slot;
	size_t i;

	if (rs->tag_slot > 0) {
		slot = &rs->slots[rs->tag_slot - 1];
		if (*slot == NULL || json_is_null(*slot)) {
			json_decref(*slot);
			*slot = json_array();
		}
		tags = *slot;
	} else if ((tags = jpath_get(rec, rs->tag_path)) == NULL ||
	    json_is_null(tags)) {
		if (jpath_set_new(rec, rs->tag_path, json_array()) == -1)
			return;
		tags = jpath_get(rec, rs->tag_path);
	}
	if (!json_is_array(tags))
		return;		/* not ours to replace */
	for (i = 0; i < r->ntags; i++)
		if (!has_string(tags, r->tags[i]))
			json_array_append_new(tags, json_string(r->tags[i]));
}

/* A value a rule sets, copied: most are strings, copied directly. */
static json_t *
copy_of(json_t *v)
{
	if (json_is_string(v))
		return json_stringn_nocheck(json_string_value(v),
		    json_string_length(v));
	return json_deep_copy(v);
}

/*
 * A bound slot takes the rule's own value when nothing can change it in
 * place (a string, a number, true, false, null): no copy.  An array or
 * an object is copied, as tags are appended to an array.
 */
static void
set_slot(json_t **slot, json_t *v)
{
	json_decref(*slot);
	*slot = json_is_array(v) || json_is_object(v) ? json_deep_copy(v) :
	    json_incref(v);
}

/* A set that meets a non-object on its path leaves the record alone. */
static void
act(struct ruleset *rs, const struct rule *r, json_t *rec, json_t *why)
{
	const char *s;
	size_t i;

	/* Paths, ids and whys came from YAML as jansson strings, so they
	 * are valid UTF-8: no need to check them again. */
	for (i = 0; i < r->nsets; i++)
		if (r->sets[i].slot > 0)
			set_slot(&rs->slots[r->sets[i].slot - 1],
			    r->sets[i].value);
		else
			jpath_set_new_nocheck(rec, r->sets[i].path,
			    copy_of(r->sets[i].value));
	if (r->ntags > 0)
		add_tags(rs, r, rec);
	if (why != NULL) {
		s = r->why ? r->why : r->id;
		json_array_append_new(why, json_stringn_nocheck(s,
		    strlen(s)));
	}
	/* Later rules see the record as changed. */
	for (i = 0; i < r->ntouch; i++)
		forget(&rs->fields[r->touch[i]]);
}

/*
 * The next rule to try after the *u-th ungated and *c-th possible gated
 * one (gating on), or the one after i (off); nrules at the end.
 */
static size_t
next_rule(const struct ruleset *rs, size_t i, size_t *u, size_t *c)
{
	if (!rs->gating)
		return i + 1;
	if (*u < rs->nungated && (*c >= rs->ncand ||
	    rs->ungated[*u] < rs->cand[*c]))
		return rs->ungated[(*u)++];
	if (*c < rs->ncand)
		return rs->cand[(*c)++];
	return rs->nrules;
}

int
rules_apply(struct ruleset *rs, json_t *rec, json_t *why)
{
	size_t i, u = 0, c = 0;
	uint32_t hot;
	int fired = 0;

	next_gen(rs);
	if (rs->gating)
		rules_open_gates(rs, rec);
	/* With gating, the rules none of whose words or values were
	 * found are not even looked at: most of a long list. */
	for (i = next_rule(rs, (size_t)-1, &u, &c); i < rs->nrules;
	    i = next_rule(rs, i, &u, &c)) {
		hot = rs->hot[i];
		if (!rules_eval(rs, hot & RULE_WHEN, rec))
			continue;
		fired++;
		act(rs, &rs->rules[i], rec, why);
		if (!(hot & RULE_CONT))
			break;
	}
	return fired;
}

int
rules_match_one(struct ruleset *rs, size_t rule, json_t *rec)
{
	if (rule >= rs->nrules)
		return 0;
	next_gen(rs);
	return rules_eval(rs, rs->rules[rule].when, rec);
}

void
rules_free(struct ruleset *rs)
{
	size_t i, j;

	text_normalize_forget();
	if (rs == NULL)
		return;
	free(rs->hot);
	rules_free_gates(rs);
	for (i = 0; i < rs->nrules; i++) {
		free(rs->rules[i].id);
		free(rs->rules[i].why);
		for (j = 0; j < rs->rules[i].nsets; j++) {
			free(rs->rules[i].sets[j].path);
			json_decref(rs->rules[i].sets[j].value);
		}
		free(rs->rules[i].sets);
		for (j = 0; j < rs->rules[i].ntags; j++)
			free(rs->rules[i].tags[j]);
		free(rs->rules[i].tags);
		free(rs->rules[i].touch);
	}
	for (i = 0; i < rs->nconds; i++) {
		json_decref(rs->conds[i].value);
		free(rs->conds[i].strs);
		if (rs->conds[i].re != NULL) {
			regfree(rs->conds[i].re);
			free(rs->conds[i].re);
		}
		rxfilter_free(rs->conds[i].rxf);
		ere_free(rs->conds[i].ere);
	}
	for (i = 0; i < rs->nfields; i++)
		field_free(&rs->fields[i]);
	for (i = 0; i < rs->nfterms; i++)
		free(rs->fterms[i].text);
	free(rs->rules);
	free(rs->conds);
	free(rs->kids);
	free(rs->termids);
	free(rs->fterms);
	free(rs->fields);
	free(rs->tag_path);
	free(rs->file);
	termtab_release(rs->terms);
	free(rs->tmap);
	free(rs->fold.p);
	free(rs->join.p);
	free(rs);
}

size_t
rules_count(const struct ruleset *rs)
{
	return rs->nrules;
}

void
rules_fields(const struct ruleset *rs, void (*fn)(const char *, void *),
    void *arg)
{
	size_t i;

	for (i = 0; i < rs->nfields; i++)
		fn(rs->fields[i].path, arg);
}

int
rules_sets_outside(const struct ruleset *rs, const char *obj)
{
	size_t i, j, n = strlen(obj);
	const char *path;

	for (i = 0; rs != NULL && i < rs->nrules; i++)
		for (j = 0; j < rs->rules[i].nsets; j++) {
			path = rs->rules[i].sets[j].path;
			if (strncmp(path, obj, n) != 0 || path[n] != '.')
				return 1;
		}
	return 0;
}

static void
want_path(const char *path, void *arg)
{
	jwant_add(arg, path);
}

void
rules_want(const struct ruleset *rs, struct jwant *w)
{
	if (rs != NULL)
		rules_fields(rs, want_path, w);
}

/* ---- slots ------------------------------------------------------------ */

/* 1 + the index of path's key among keys when path is obj.KEY, else 0;
 * -1 when path is obj itself or inside a bound key. */
static int
slot_of(const char *path, const char *obj, const char *const *keys,
    size_t n)
{
	size_t olen = strlen(obj), i, k;
	const char *key;

	if (strncmp(path, obj, olen) != 0)
		return 0;
	if (path[olen] == '\0')
		return -1;
	if (path[olen] != '.')
		return 0;
	key = path + olen + 1;
	for (i = 0; i < n; i++) {
		k = strlen(keys[i]);
		if (strncmp(key, keys[i], k) != 0)
			continue;
		if (key[k] == '\0')
			return (int)i + 1;
		if (key[k] == '.')
			return -1;
	}
	return 0;
}

/* Why path cannot be set or read with obj bound. */
static int
bind_err(const struct ruleset *rs, int line, int col, const char *id,
    char *err, size_t errlen, const char *what, const char *path,
    const char *obj)
{
	size_t olen = strlen(obj), klen;
	const char *key = path + olen + 1;

	if (errlen == 0)
		return -1;
	if (strcmp(path, obj) == 0)
		snprintf(err, errlen, "%s:%d:%d: rule \"%s\" %s \"%s\" "
		    "whole: name each of its keys (\"%s.KEY\")", rs->file,
		    line, col, id, what, obj, obj);
	else {
		klen = strcspn(key, ".");
		snprintf(err, errlen, "%s:%d:%d: rule \"%s\" %s \"%s\": "
		    "a part of \"%.*s\" is not set alone; set all of it",
		    rs->file, line, col, id, what, path,
		    (int)(olen + 1 + klen), path);
	}
	return -1;
}

/* Does condition ci, or one inside it, read field f? */
static int
reads_field(const struct ruleset *rs, size_t ci, size_t f)
{
	const struct cond *c = &rs->conds[ci];
	size_t i;

	if (c->op == OP_ALL || c->op == OP_ANY || c->op == OP_NOT) {
		for (i = 0; i < c->n; i++)
			if (reads_field(rs, rs->kids[c->first + i], f))
				return 1;
		return 0;
	}
	return c->field == f;
}

int
rules_bind(struct ruleset *rs, const char *obj, const char *const *keys,
    size_t n, json_t **vals, char *err, size_t errlen)
{
	struct rule *r;
	size_t i, j, f;
	int slot;

	/* First every refusal, then the changes: a refused set is left as
	 * it was. */
	for (i = 0; i < rs->nrules; i++) {
		r = &rs->rules[i];
		for (j = 0; j < r->nsets; j++)
			if (slot_of(r->sets[j].path, obj, keys, n) < 0)
				return bind_err(rs, r->sets[j].line,
				    r->sets[j].col, r->id, err, errlen, "sets",
				    r->sets[j].path, obj);
		if (r->ntags > 0 && slot_of(rs->tag_path, obj, keys, n) < 0)
			return bind_err(rs, r->line, r->col, r->id, err,
			    errlen, "tags", rs->tag_path, obj);
		for (f = 0; f < rs->nfields; f++)
			if (strcmp(rs->fields[f].path, obj) == 0 &&
			    reads_field(rs, r->when, f))
				return bind_err(rs, r->line, r->col, r->id,
				    err, errlen, "reads", obj, obj);
	}
	for (i = 0; i < rs->nrules; i++)
		for (j = 0; j < rs->rules[i].nsets; j++)
			rs->rules[i].sets[j].slot = slot_of(
			    rs->rules[i].sets[j].path, obj, keys, n);
	for (f = 0; f < rs->nfields; f++)
		if ((slot = slot_of(rs->fields[f].path, obj, keys, n)) > 0) {
			rs->fields[f].slot = slot;
			rs->fields[f].gen = 0;
		}
	rs->tag_slot = rs->tag_path != NULL ? slot_of(rs->tag_path, obj,
	    keys, n) : 0;
	rs->slots = vals;
	return 0;
}
