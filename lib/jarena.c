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

/* The first chunk, where nearly every record fits, is tried inline. */
static inline int
in_arena(const void *p)
{
	const struct chunk *c = chunks;

	if (c == NULL)
		return 0;
	if ((uintptr_t)p - (uintptr_t)c->data < c->size)
		return 1;
	for (c = c->next; c != NULL; c = c->next)
		if ((uintptr_t)p - (uintptr_t)c->data < c->size)
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

/* Past the chunk in use: the next one, or a new one big enough. */
static __attribute__((noinline)) void *
arena_more(size_t n)
{
	struct chunk *c;

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

/* Blocks aligned as malloc's are (_Alignof, not sizeof, max_align_t:
 * 16 bytes, not 32, on x86-64), the slow way out of line. */
#define ARENA_ALIGN	_Alignof(max_align_t)

static void *
arena_malloc(size_t n)
{
	struct chunk *c = cur;

	if (!active)
		return malloc(n);
	n = (n + ARENA_ALIGN - 1) & ~(ARENA_ALIGN - 1);
	if (c->size - c->used < n)
		return arena_more(n);
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

/*
 * json_decref without the frees: an arena value loses a reference and,
 * at none left, its members lose theirs; a value from outside is
 * handed to json_decref (it may need freeing).  Scalars of the arena
 * are left alone: nothing is freed, and nothing may use them after the
 * record anyway.
 */
static void drop(json_t *);

/* A member: an arena scalar loses its reference here, without a call. */
static inline void
drop_member(json_t *e)
{
	if (e->refcount == (size_t)-1)
		return;
	if (!json_is_object(e) && !json_is_array(e) && in_arena(e)) {
		e->refcount--;
		return;
	}
	drop(e);
}

static void
drop(json_t *v)
{
	void *it;
	size_t i, n;

	if (v == NULL || v->refcount == (size_t)-1)
		return;
	if (!in_arena(v)) {
		json_decref(v);
		return;
	}
	if (--v->refcount != 0)
		return;
	if (json_is_object(v))
		for (it = json_object_iter(v); it != NULL;
		    it = json_object_iter_next(v, it))
			drop_member(json_object_iter_value(it));
	else if (json_is_array(v))
		for (i = 0, n = json_array_size(v); i < n; i++)
			drop_member(json_array_get(v, i));
}

void
jarena_decref(json_t *v)
{
	if (!active) {
		json_decref(v);
		return;
	}
	drop(v);
}

void
jarena_discard(json_t *v)
{
	if (!active)
		json_decref(v);
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
