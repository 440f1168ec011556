/* jwant.h - the tree of wanted paths behind jparse_want (jparse.h) */
#ifndef SCS_JWANT_H
#define SCS_JWANT_H

#include <stddef.h>

#include "jparse.h"

/* Stands for "none of it": the value is checked, not made. */
extern const struct jwant *const JWANT_SKIP;

/*
 * What of member k[0..kn) of an object is wanted when the object's want
 * is w (neither NULL nor JWANT_SKIP): NULL for all of it, JWANT_SKIP
 * for none, else the member's own node.
 */
const struct jwant *jwant_member(const struct jwant *w, const char *k,
	    size_t kn);

#endif
