/* xalloc.c - allocation that does not come back empty */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "diag.h"
#include "xalloc.h"

static void __attribute__((noreturn))
out_of_memory(void)
{
	diag_fatal(EX_SOFTWARE, "out of memory");
	abort();	/* not reached */
}

void *
xmalloc(size_t n)
{
	void *p;

	if ((p = malloc(n)) == NULL && n != 0)
		out_of_memory();
	return p;
}

void *
xcalloc(size_t n, size_t size)
{
	void *p;

	if ((p = calloc(n, size)) == NULL && n != 0 && size != 0)
		out_of_memory();
	return p;
}

void *
xrealloc(void *p, size_t n)
{
	if ((p = realloc(p, n)) == NULL && n != 0)
		out_of_memory();
	return p;
}

void *
xreallocarray(void *p, size_t n, size_t size)
{
	if (size != 0 && n > SIZE_MAX / size)
		out_of_memory();
	return xrealloc(p, n * size);
}

char *
xstrdup(const char *s)
{
	char *p;

	if (s == NULL)
		return NULL;
	if ((p = strdup(s)) == NULL)
		out_of_memory();
	return p;
}
