/* rules.h - the YAML rule language every tool shares (DESIGN.md section 4)
 *
 *   - id: baja-to-retention
 *     when:
 *       text: {any_word: [baja, "dar de baja", cancelar, unsubscribe]}
 *       class.reason: {in: [request, complaint]}
 *     then:
 *       set: {route.queue: retention}
 *       tag: cancellation
 *       why: "cancellation keyword"
 *     continue: false
 *
 * A rule list is a YAML sequence of rules.  `when` maps dotted field paths
 * (or the combinators any / all / not) to conditions; all must hold.  A
 * condition is a plain value (equality) or a mapping of operators, all of
 * which must hold:
 *
 *   eq, ne          equality (strings, numbers, booleans)
 *   in, not_in      one of a list
 *   lt, le, gt, ge  numeric comparison
 *   any_word        any of the words or phrases occurs, on word boundaries,
 *                   case- and accent-insensitive ("dar de baja" is a phrase)
 *   all_words       every one of them occurs
 *   phrase          the exact sequence of words occurs (a string or a list:
 *                   any of them)
 *   regex           POSIX extended regular expression, case-insensitive,
 *                   on the value as it is
 *   fuzzy           a word (or two adjacent words run together) within the
 *                   edit distance allowed for the term's length (see
 *                   fuzzy.h): {fuzzy: [movistar, movistar tv]}
 *   exists          true / false
 *
 * When the field holds an array (to, class.tags), a condition holds when it
 * holds for any element; exists tests the field itself.  A missing field
 * fails every condition but exists: false and ne / not_in.
 *
 * any: [when, ...], all: [when, ...] and not: when nest conditions.
 * `then` has set (path: value), tag (a string or a list, appended to the
 * tag array given at load time, without duplicates) and why (a string;
 * without it the rule's id is the reason recorded).  First match wins;
 * `continue: true` lets later rules run too.  Rules are evaluated in
 * order against the record as earlier rules have changed it.
 *
 * Word matching does not loop over words per rule: every word and phrase
 * of every rule goes into one table at load time, and each field's folded
 * text is walked once per record, a token at a time (rules_terms.c).
 */
#ifndef SCS_RULES_H
#define SCS_RULES_H

#include <stddef.h>

#include <jansson.h>

#include "yamljson.h"

struct ruleset;

/*
 * Compile the rule list `list` (a sequence node of doc).  tag_path is
 * where `tag` appends ("class.tags"); NULL refuses rules that tag.  On
 * error returns NULL with "file:line:column: message" in err: an unknown
 * key or operator, a wrong type, a bad regex, a duplicate id, an empty
 * `when` are all errors, never ignored.
 */
struct ruleset *rules_compile(struct yamldoc *doc, json_t *list,
	    const char *tag_path, char *err, size_t errlen);
/* A file whose root is a rule list, or a mapping with a `rules:` list. */
struct ruleset *rules_load(const char *path, const char *tag_path,
	    char *err, size_t errlen);
void	rules_free(struct ruleset *);
size_t	rules_count(const struct ruleset *);
/* Each field path the conditions read (a program that parses only the
 * parts of a record it reads must parse these). */
void	rules_fields(const struct ruleset *,
	    void (*fn)(const char *path, void *arg), void *arg);
/*
 * Does some rule set a field outside obj ("route": anything but
 * "route.…")?  A program that writes only obj into the original line
 * must then rebuild the line, or lose what the rule set.  rs may be
 * NULL.
 */
int	rules_sets_outside(const struct ruleset *rs, const char *obj);
struct jwant;
/* Add each of them to what a program parses of a record (jparse.h);
 * rs may be NULL. */
void	rules_want(const struct ruleset *rs, struct jwant *);

/*
 * Slots: the keys of one object of the record (scs-classify's class),
 * kept by the program in an array instead of in the record, so that a
 * look-up or a set is no hash-table walk.  After
 * rules_bind(rs, "class", keys, n, vals), a field "class.KEY" for
 * keys[i] reads vals[i] (NULL: missing), a `set` of it replaces vals[i],
 * and tags go there when tag_path is one of them.  Each vals[i] holds
 * one reference, which a set drops; the program drops the last ones.
 * Other keys of the object stay in the record.  Refused (-1, with
 * "file:line:column: message" in err) when a condition reads the object
 * whole, or a rule sets it whole or inside a bound key: those need the
 * object in the record.
 */
int	rules_bind(struct ruleset *, const char *obj, const char *const *keys,
	    size_t n, json_t **vals, char *err, size_t errlen);

/*
 * Run the rules over rec, changing it as they say.  Each rule that fires
 * appends its why (or id) to the array why when it is not NULL.  Returns
 * the number of rules that fired.
 */
int	rules_apply(struct ruleset *, json_t *rec, json_t *why);

/* Does one `when` hold?  (For tools that evaluate a single condition.) */
int	rules_match_one(struct ruleset *, size_t rule, json_t *rec);

#endif
