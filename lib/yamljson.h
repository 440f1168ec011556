/* yamljson.h - a YAML file as a jansson value, with positions for errors */
#ifndef SCS_YAMLJSON_H
#define SCS_YAMLJSON_H

#include <stddef.h>

#include <stdarg.h>

#include <jansson.h>

/*
 * Load the first document of a YAML file.  Mappings become objects (a
 * repeated key is an error), sequences arrays; plain scalars are typed
 * as in YAML 1.2's core schema (null ~ and empty, true/false, integers,
 * floats; "yes"/"no" stay strings), quoted scalars are strings; aliases
 * are copies of their anchor.  Every value's position is remembered so
 * that later checks can point at it with ydoc_where().
 *
 * On error returns NULL and writes "file:line:column: message" to err.
 */
struct yamldoc;

struct yamldoc *ydoc_load(const char *path, char *err, size_t errlen);
json_t	*ydoc_root(struct yamldoc *);		/* borrowed */
const char *ydoc_file(struct yamldoc *);
/* Line and column (1-based) where v began; 0 when v is not from the file. */
int	 ydoc_where(struct yamldoc *, json_t *v, int *line, int *col);
void	 ydoc_free(struct yamldoc *);
/*
 * Exit with EX_CONFIG after "path:line:column: message", the place of v
 * in d (1:1 when d or v is NULL or v was not read from d): how every
 * tool refuses a bad rule file.
 */
void	 ydoc_vfatal(struct yamldoc *d, const char *path, json_t *v,
	    const char *fmt, va_list ap)
	    __attribute__((noreturn, format(printf, 4, 0)));

#endif
