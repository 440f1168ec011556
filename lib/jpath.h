/* jpath.h - dotted paths into jansson objects ("author.followers") */
#ifndef SCS_JPATH_H
#define SCS_JPATH_H

#include <jansson.h>

/* Value at path, or NULL.  Segments are object keys; a segment of digits
 * indexes an array ("entry.0.id"). */
json_t	*jpath_get(json_t *root, const char *path);

/* Typed lookups: NULL / 0 when absent or of another type. */
const char *jpath_str(json_t *root, const char *path);

/* Set path to value (stolen), creating objects on the way; replaces
 * what is there.  Returns 0, or -1 when a segment on the way is not an
 * object or a key is not UTF-8. */
int	jpath_set_new(json_t *root, const char *path, json_t *value);
/* The same for a path known to be valid UTF-8: its keys unchecked. */
int	jpath_set_new_nocheck(json_t *root, const char *path,
	    json_t *value);

#endif
