/* jarena.h - jansson allocations from an arena, one record at a time */
#ifndef SCS_JARENA_H
#define SCS_JARENA_H

/*
 * Parsing a record into jansson values and freeing them again costs
 * several malloc/free pairs per value, which is most of a stage's time
 * after the parse itself.  Between jarena_begin() and jarena_end() every
 * jansson allocation comes from a bump arena instead, frees are no-ops,
 * and jarena_end() releases everything at once.  Values made inside must
 * not be kept past jarena_end(); values made outside may be used and
 * freed inside.  Memory is that of the largest record seen.
 *
 * jarena_init() installs the allocator; call it once, before any jansson
 * value exists.  With SCS_NO_ARENA set in the environment, or in a build
 * with AddressSanitizer (so it can see use-after-free), the calls do
 * nothing and jansson uses malloc.
 */
void	jarena_init(void);
void	jarena_begin(void);
void	jarena_end(void);
void	jarena_free_all(void);

#include <jansson.h>
/*
 * json_decref(v), for use between jarena_begin() and jarena_end(): the
 * same references dropped (values from outside the arena freed when
 * none is left), but the arena's own values are not freed one by one
 * (jarena_end does that), so only containers are walked.  Outside a
 * record, or with the arena off, it is json_decref.
 */
void	jarena_decref(json_t *v);		/* at exit, for leak checkers */
/*
 * jarena_decref(v) for a value all of whose parts were made inside this
 * record (parsed, or built since jarena_begin; no value from outside
 * added to it): nothing to walk, jarena_end frees it all.  Outside a
 * record, or with the arena off, it is json_decref.
 */
void	jarena_discard(json_t *v);

#endif
