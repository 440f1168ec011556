/* input.h - JSON payloads out of a file, whatever its layout */
#ifndef SCS_INPUT_H
#define SCS_INPUT_H

#include <stddef.h>

#include <jansson.h>

#include "lineread.h"

struct payload {
	json_t		*v;		/* borrowed */
	long		 line;		/* where it begins */
	const char	*raw;		/* its bytes, when it has its own */
	size_t		 rawlen;
	int		 exact;		/* raw is exactly v's text */
};

typedef void (*payload_fn)(struct payload *, void *arg);

/*
 * Call fn for each payload in lr.  Input that is not JSON, or not an
 * object or array, is rejected (diag_reject) and reading goes on.
 */
void	read_json(struct lreader *lr, payload_fn fn, void *arg);

#endif
