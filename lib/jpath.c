/* jpath.c - dotted paths into jansson values */
#include <ctype.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "jpath.h"

/* Step from v by the segment s[0..n). */
static json_t *
step(json_t *v, const char *s, size_t n)
{
	size_t i, idx = 0;

	if (json_is_array(v)) {
		for (i = 0; i < n; i++) {
			/* Past SIZE_MAX it is no index, not one modulo 2^64. */
			if (!isdigit((unsigned char)s[i]) ||
			    idx > (SIZE_MAX - 9) / 10)
				return NULL;
			idx = idx * 10 + (size_t)(s[i] - '0');
		}
		return n ? json_array_get(v, idx) : NULL;
	}
	return json_object_getn(v, s, n);
}

json_t *
jpath_get(json_t *root, const char *path)
{
	const char *dot;

	while (root != NULL) {
		if ((dot = strchr(path, '.')) == NULL)
			return step(root, path, strlen(path));
		root = step(root, path, (size_t)(dot - path));
		path = dot + 1;
	}
	return NULL;
}

const char *
jpath_str(json_t *root, const char *path)
{
	return json_string_value(jpath_get(root, path));
}

/* jpath_set_new, the UTF-8 checks of the keys made or not. */
static int
set_new(json_t *root, const char *path, json_t *value, int check)
{
	const char *dot;
	json_t *next;
	size_t n;
	int r;

	while ((dot = strchr(path, '.')) != NULL) {
		n = (size_t)(dot - path);
		/* Longer keys on the way were never taken (a fixed buffer
		 * once held them): still refused, for the same results. */
		if (!json_is_object(root) || n >= 256)
			goto fail;
		if ((next = json_object_getn(root, path, n)) == NULL) {
			next = json_object();
			/* On failure (key not UTF-8) this frees next. */
			r = check ? json_object_setn_new(root, path, n, next) :
			    json_object_setn_new_nocheck(root, path, n, next);
			if (r == -1)
				goto fail;
		}
		root = next;
		path = dot + 1;
	}
	if (!json_is_object(root))
		goto fail;
	/* This releases value when it fails. */
	n = strlen(path);
	r = check ? json_object_setn_new(root, path, n, value) :
	    json_object_setn_new_nocheck(root, path, n, value);
	return r == 0 ? 0 : -1;
fail:
	json_decref(value);
	return -1;
}

int
jpath_set_new(json_t *root, const char *path, json_t *value)
{
	return set_new(root, path, value, 1);
}

int
jpath_set_new_nocheck(json_t *root, const char *path, json_t *value)
{
	return set_new(root, path, value, 0);
}
