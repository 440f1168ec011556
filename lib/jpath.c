/* jpath.c - dotted paths into jansson values */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "jpath.h"

/* Step from v by the segment s[0..n). */
static json_t *
step(json_t *v, const char *s, size_t n)
{
	char key[256];
	size_t i, idx = 0;

	if (json_is_array(v)) {
		for (i = 0; i < n; i++) {
			if (!isdigit((unsigned char)s[i]))
				return NULL;
			idx = idx * 10 + (size_t)(s[i] - '0');
		}
		return n ? json_array_get(v, idx) : NULL;
	}
	if (!json_is_object(v) || n >= sizeof(key))
		return NULL;
	memcpy(key, s, n);
	key[n] = '\0';
	return json_object_get(v, key);
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

int
jpath_set_new(json_t *root, const char *path, json_t *value)
{
	char key[256];
	const char *dot;
	json_t *next;
	size_t n;

	while ((dot = strchr(path, '.')) != NULL) {
		n = (size_t)(dot - path);
		if (!json_is_object(root) || n >= sizeof(key))
			goto fail;
		memcpy(key, path, n);
		key[n] = '\0';
		if ((next = json_object_get(root, key)) == NULL) {
			next = json_object();
			json_object_set_new(root, key, next);
		}
		root = next;
		path = dot + 1;
	}
	if (!json_is_object(root))
		goto fail;
	json_object_set_new(root, path, value);
	return 0;
fail:
	json_decref(value);
	return -1;
}
