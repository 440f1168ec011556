/* jparse.h - a fast json_loadb for one JSON text in a buffer */
#ifndef SCS_JPARSE_H
#define SCS_JPARSE_H

#include <stddef.h>

#include <jansson.h>

/*
 * Parse the one JSON text in buf[0..len) into jansson values, as
 * json_loadb(buf, len, flags, err) does, at a fraction of its cost:
 * the same values, the same inputs refused (invalid UTF-8, lone
 * surrogates, \u0000, integers that do not fit, reals that overflow,
 * nesting deeper than JSON_PARSER_MAX_DEPTH).  flags is 0 (the text
 * must be an object or an array) or JSON_DECODE_ANY; other flags are
 * handed to json_loadb.  buf need not be NUL-terminated.
 *
 * Returns a new reference, or NULL with err (may be NULL) filled: text
 * says what is wrong, line and column (1-based, in bytes) and position
 * (bytes read) say where.  The wording differs from jansson's.
 */
json_t	*jparse(const char *buf, size_t len, size_t flags, json_error_t *err);

/*
 * The parts of a record a program reads: dotted paths, each with all
 * below it.  A stage that splices its key into the original line needs
 * no values of the other keys, only to know the line is valid JSON.
 */
struct jwant;
struct jwant *jwant_new(void);
/* Want path and everything below it ("author.id", "text"). */
void	jwant_add(struct jwant *, const char *path);
/* Each path of a NULL-terminated list. */
void	jwant_add_list(struct jwant *, const char *const *paths);
void	jwant_free(struct jwant *);

/*
 * As jparse(buf, len, 0, err), but an object's keys that no wanted path
 * names are checked and left out: the same texts are refused, with the
 * same errors.  An array on a wanted path is kept whole (a path may
 * index it).  w NULL: everything, as jparse.
 */
json_t	*jparse_want(const char *buf, size_t len, const struct jwant *w,
	    json_error_t *err);

#endif
