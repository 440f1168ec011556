/* jwant.c - the paths of a record a program reads, as a tree */
#include <stdlib.h>
#include <string.h>

#include "jwant.h"

#define KTAB	64

/* A node: its children by key, or all of it.  Every key of a record is
 * looked up: tab, from a key's length and end bytes to the one kid it
 * may be (-1 none, -2 several: look at each), makes that one compare. */
struct jwant {
	char		*key;
	size_t		 len;
	int		 all;
	struct jwant	*kids;
	size_t		 nkids;
	signed char	 tab[KTAB];
};

static inline unsigned
khash(const char *k, size_t n)
{
	return n == 0 ? 0 : ((unsigned char)k[0] * 7u +
	    (unsigned char)k[n - 1] + (unsigned)n * 16u) % KTAB;
}

static void
index_kids(struct jwant *w)
{
	size_t i;
	unsigned h;

	memset(w->tab, -1, sizeof(w->tab));
	for (i = 0; i < w->nkids; i++) {
		h = khash(w->kids[i].key, w->kids[i].len);
		w->tab[h] = w->tab[h] == -1 && i < 127 ? (signed char)i : -2;
	}
}

static const struct jwant skip_node;
const struct jwant *const JWANT_SKIP = &skip_node;

struct jwant *
jwant_new(void)
{
	struct jwant *w;

	if ((w = calloc(1, sizeof(*w))) == NULL)
		abort();
	index_kids(w);
	return w;
}

void
jwant_add(struct jwant *w, const char *path)
{
	const char *dot;
	size_t i, n;

	for (;;) {
		if (w->all)
			return;		/* already all of it */
		dot = strchr(path, '.');
		n = dot != NULL ? (size_t)(dot - path) : strlen(path);
		for (i = 0; i < w->nkids; i++)
			if (w->kids[i].len == n &&
			    memcmp(w->kids[i].key, path, n) == 0)
				break;
		if (i == w->nkids) {
			w->kids = realloc(w->kids, (w->nkids + 1) *
			    sizeof(*w->kids));
			if (w->kids == NULL)
				abort();
			memset(&w->kids[i], 0, sizeof(w->kids[i]));
			if ((w->kids[i].key = malloc(n + 1)) == NULL)
				abort();
			memcpy(w->kids[i].key, path, n);
			w->kids[i].key[n] = '\0';
			w->kids[i].len = n;
			index_kids(&w->kids[i]);
			w->nkids++;
			index_kids(w);
		}
		w = &w->kids[i];
		if (dot == NULL) {
			w->all = 1;
			return;
		}
		path = dot + 1;
	}
}

void
jwant_add_list(struct jwant *w, const char *const *paths)
{
	for (; *paths != NULL; paths++)
		jwant_add(w, *paths);
}

const struct jwant *
jwant_member(const struct jwant *w, const char *k, size_t kn)
{
	size_t i;
	int t = w->tab[khash(k, kn)];

	if (t >= 0) {
		if (w->kids[t].len == kn && memcmp(w->kids[t].key, k, kn) == 0)
			return w->kids[t].all ? NULL : &w->kids[t];
		return JWANT_SKIP;
	}
	if (t == -1)
		return JWANT_SKIP;
	for (i = 0; i < w->nkids; i++)
		if (w->kids[i].len == kn && memcmp(w->kids[i].key, k, kn) == 0)
			return w->kids[i].all ? NULL : &w->kids[i];
	return JWANT_SKIP;
}

static void
clear(struct jwant *w)
{
	size_t i;

	for (i = 0; i < w->nkids; i++) {
		clear(&w->kids[i]);
		free(w->kids[i].key);
	}
	free(w->kids);
}

void
jwant_free(struct jwant *w)
{
	if (w == NULL)
		return;
	clear(w);
	free(w);
}
