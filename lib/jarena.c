/* jarena.c - a bump allocator for jansson, reset after each record */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#include <jansson.h>

#include "jarena.h"

#if defined(__SANITIZE_ADDRESS__)
#define ARENA_DEFAULT_OFF 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define ARENA_DEFAULT_OFF 1
#endif
#endif
#ifndef ARENA_DEFAULT_OFF
#define ARENA_DEFAULT_OFF 0
#endif

#define CHUNK_MIN	(1u << 20)

struct chunk {
	struct chunk	*next;
	size_t		 size, used;
	max_align_t	 data[];
};

static struct chunk *chunks;	/* all chunks, the one in use first */
static struct chunk *cur;
static int enabled, active;

static int
in_arena(const void *p)
{
	const struct chunk *c;

	for (c = chunks; c != NULL; c = c->next)
		if ((const char *)p >= (const char *)c->data &&
		    (const char *)p < (const char *)c->data + c->size)
			return 1;
	return 0;
}

static struct chunk *
chunk_new(size_t need)
{
	size_t size = CHUNK_MIN;
	struct chunk *c;

	while (size < need)
		size *= 2;
	if ((c = malloc(sizeof(*c) + size)) == NULL)
		return NULL;
	c->size = size;
	c->used = 0;
	c->next = NULL;
	return c;
}

static void *
arena_malloc(size_t n)
{
	struct chunk *c;

	if (!active)
		return malloc(n);
	n = (n + sizeof(max_align_t) - 1) & ~(sizeof(max_align_t) - 1);
	while (cur->size - cur->used < n) {
		if (cur->next == NULL) {
			if ((c = chunk_new(n)) == NULL)
				return NULL;
			cur->next = c;
		}
		cur = cur->next;
	}
	c = cur;
	c->used += n;
	return (char *)c->data + c->used - n;
}

static void
arena_free(void *p)
{
	if (p == NULL)
		return;
	if (enabled && in_arena(p))
		return;		/* released all at once by jarena_end */
	free(p);
}

void
jarena_init(void)
{
	const char *off = getenv("SCS_NO_ARENA");

	if (ARENA_DEFAULT_OFF || (off != NULL && *off != '\0'))
		return;
	if ((chunks = chunk_new(CHUNK_MIN)) == NULL)
		return;
	cur = chunks;
	enabled = 1;
	json_set_alloc_funcs(arena_malloc, arena_free);
}

void
jarena_begin(void)
{
	if (enabled)
		active = 1;
}

void
jarena_end(void)
{
	struct chunk *c;

	if (!enabled)
		return;
	active = 0;
	for (c = chunks; c != NULL; c = c->next)
		c->used = 0;
	cur = chunks;
}

void
jarena_free_all(void)
{
	struct chunk *c, *next;

	if (!enabled)
		return;
	/* Values made outside the arena may still be freed after this. */
	for (c = chunks; c != NULL; c = next) {
		next = c->next;
		free(c);
	}
	chunks = cur = NULL;
	active = 0;
}
