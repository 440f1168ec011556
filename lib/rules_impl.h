/* rules_impl.h - the compiled rule set: rules.c, rules_run.c, rules_eval.c,
 * rules_terms.c, rules_text.c */
#ifndef SCS_RULES_IMPL_H
#define SCS_RULES_IMPL_H

#include <regex.h>
#include <stddef.h>
#include <stdint.h>

#include <jansson.h>

#include "utf8.h"

/* any_word and phrase are one operator: a term may be several words. */
enum op {
	OP_EQ, OP_NE, OP_IN, OP_NOT_IN, OP_LT, OP_LE, OP_GT, OP_GE,
	OP_EXISTS, OP_ANY_WORD, OP_ALL_WORDS, OP_REGEX, OP_FUZZY,
	OP_ALL, OP_ANY, OP_NOT
};

struct buf {
	char	*p;
	size_t	 len, cap;
};

/* A string of a text field (the field, or one string of its array). */
struct elem {
	size_t	toff, tlen;	/* normalized text in textcache.text */
	size_t	ioff, nid;	/* sorted ids of the terms found */
	size_t	koff, ntok;	/* tokens, for fuzzy */
};

/* A token of normalized text: no leading '#' or '@'. */
struct tok {
	size_t	off, len, ncp;
};

/*
 * What one record's field gave word and fuzzy conditions; valid while
 * gen_* equals the ruleset's generation, which changes per record and
 * whenever a rule changes the record.
 */
struct textcache {
	unsigned	 gen_text, gen_ids, gen_toks;
	struct elem	*elems;
	size_t		 nelems, ecap;
	struct buf	 text;
	uint32_t	*ids;
	size_t		 nids, icap;
	struct tok	*toks;
	size_t		 ntoks, kcap;
};

/*
 * A field, laid out for the record loop: what a look-up reads comes
 * first, in one cache line with the rest (the rule engine's time is in
 * large part cache misses on its own structures).
 */
struct field {
	unsigned	 gen;		/* val is this record's when == gen */
	int		 parent;	/* the field of path up to its last dot */
	json_t		*val;
	int		 slot;		/* 1 + its index in the bound slots
					 * (rules_bind), or 0 */
	const char	*key;		/* the last segment, in path */
	size_t		 klen;
	long		 index;		/* key as an array index, or -1 */
	struct textcache *tc;		/* for word and fuzzy conditions */
	char		*path;
};

struct fterm {
	char	*text;		/* folded tokens, one space between */
	size_t	 len, ncp;
	int	 words, limit;
};

/*
 * A condition.  Combinators have their children at kids[first..+n),
 * word conditions their sorted term ids at termids[first..+n), fuzzy
 * ones their terms at fterms[first..+n).
 */
/* A string an eq or in condition compares with, taken out of its json_t
 * once so that a comparison is a length and a memcmp. */
struct strval {
	const char	*s;
	size_t		 len;
};

struct cond {
	/* What most evaluations read first, for cache locality. */
	enum op		 op;
	int		 flag;		/* exists */
	uint32_t	 field;
	uint32_t	 first, n;
	uint32_t	 nstrs;
	struct strval	*strs;		/* the strings of value */
	double		 num;		/* lt le gt ge */
	json_t		*value;		/* eq ne: the value; in not_in: list */
	struct rxfilter	*rxf;		/* what text re can match needs */
	struct ere	*ere;		/* re as a DFA, when ere.c can */
	regex_t		*re;
};

struct setact {
	char	*path;
	json_t	*value;
	int	 slot;		/* as in struct field */
	int	 line, col;	/* of the value, for rules_bind's errors */
};

struct rule {
	char		*id, *why;
	size_t		 when;		/* its condition */
	struct setact	*sets;
	size_t		 nsets;
	char		**tags;
	size_t		 ntags;
	size_t		*touch;		/* fields its actions may change */
	size_t		 ntouch;
	int		 cont;
	int		 line, col;	/* of the id, for duplicates and
					 * rules_bind's errors */
	int		 gated;		/* holds only if gate holds: 1 a word
					 * condition, 2 one on a value
					 * (rules_gate.c); 0 not gated */
	size_t		 gate;		/* that condition */
};

#define RULE_WHEN	0x7fffffffu
#define RULE_CONT	0x80000000u

/*
 * The caches and scratch buffers make a ruleset single-threaded: a
 * program that runs records in threads compiles one per thread.
 */
struct ruleset {
	struct rule	*rules;
	size_t		 nrules, rcap;
	/* Per rule, when | (cont << 31): all the record loop reads of a
	 * rule that does not fire, 16 rules to a cache line. */
	uint32_t	*hot;
	struct cond	*conds;
	size_t		 nconds, ccap;
	size_t		*kids;
	size_t		 nkids, kidcap;
	uint32_t	*termids;
	size_t		 ntermids, tidcap;
	struct fterm	*fterms;
	size_t		 nfterms, ftcap, maxfuzzy;
	struct field	*fields;
	size_t		 nfields, fldcap;
	char		*tag_path;
	char		*file;		/* the rules' file, for rules_bind */
	json_t		**slots;	/* rules_bind's; NULL before */
	int		 tag_slot;	/* tag_path's, as in struct field */
	struct termtab	*terms;		/* word terms, found by token */
	size_t		 nterms;
	uint32_t	*tmap;		/* table's id -> 1 + this set's, or 0 */
	size_t		 ntmap, tmapcap;
	unsigned	 gen;
	/*
	 * Gating (rules_gate.c): most rules of a long list need some word
	 * of theirs in the text, or some value of a field.  One walk
	 * finds the words, one look-up the value's rules; the others are
	 * skipped without being evaluated.  By words:
	 * term_rules[term_first[t]..term_first[t + 1]) are the gated rules
	 * with term t.  By value: vtab, a table from vgate_field's values
	 * to their rules in vrules.  A rule is possible when its stamp is
	 * the current.
	 */
	int		 gating;	/* word_gating || value_gating */
	int		 word_gating, value_gating;
	size_t		 gate_field, vgate_field;
	size_t		*term_first;
	uint32_t	*term_rules;
	struct vgate	*vtab;
	size_t		 vmask;
	uint32_t	*vrules;
	uint32_t	*rule_stamp, rule_stampgen;
	/* The rules to try for a record, in order: the ungated ones
	 * merged with the gated ones found possible (cand, sorted). */
	uint32_t	*ungated, *cand;
	size_t		 nungated, ncand, candcap;
	struct buf	 fold;		/* scratch: folded text */
	struct buf	 join;		/* scratch: tokens joined for fuzzy */
};

/* rules_terms.c: the terms (" tok tok ", as text_normalize writes them)
 * of every rule set of the process, by id, and the ones that occur in a
 * normalized text. */
struct termtab;
struct termtab *termtab_get(void);
void	termtab_release(struct termtab *);
uint32_t termtab_add(struct termtab *, const char *pat, size_t len);
size_t	termtab_count(const struct termtab *);
const uint32_t *termtab_find(struct termtab *, const char *text,
	    size_t len, size_t *n);

/* rules_gate.c: set up gating, once the rules are compiled; the rules
 * a record makes possible (cand); the memory it took. */
void	rules_find_gates(struct ruleset *);
void	rules_open_gates(struct ruleset *, json_t *rec);
void	rules_free_gates(struct ruleset *);
/* Sort ids in place. */
void	rules_sort_ids(uint32_t *, size_t);

/* Grow *p to hold need elements of size; out of memory aborts. */
void	*rules_grow(void *p, size_t *cap, size_t need, size_t size);
#define GROW(p, cap, need) \
	((need) > (cap) ? ((p) = rules_grow((p), &(cap), (need), \
	    sizeof(*(p)))) : (p))

/*
 * Append text folded and tokenized to out: " tok tok tok ", each token a
 * word, number, hashtag, mention, URL, address or emoji, punctuation
 * left out.  A bare " " when there is no token.
 */
void	text_normalize(struct ruleset *, const char *s, size_t len,
	    struct buf *out);
/* Drop the memory of the last text normalized. */
void	text_normalize_forget(void);
char	*rules_strdup(const char *);		/* aborts out of memory */
/* Index of the field at path, added when new. */
size_t	field_index(struct ruleset *, const char *path);
void	field_wants_text(struct field *);
void	field_free(struct field *);
/* rules_run.c: a field's value for this record (NULL when missing or
 * null), its strings normalized, the terms and the tokens found in them;
 * each cached until the record or the field changes. */
json_t	*field_value(struct ruleset *, struct field *, json_t *rec);
struct textcache *text_of(struct ruleset *, struct field *, json_t *rec);
void	find_terms(struct ruleset *, struct textcache *);
void	find_tokens(struct ruleset *, struct textcache *);
/* rules_eval.c: does condition ci hold for rec? */
int	rules_eval(struct ruleset *, size_t ci, json_t *rec);
/* Note the fields whose cached values r's actions make stale. */
void	rules_find_touched(struct ruleset *, struct rule *r);

#endif
