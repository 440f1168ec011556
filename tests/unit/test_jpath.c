/* test_jpath.c - unit tests for lib/jpath.c */
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "check.h"
#include "jpath.h"

static json_t *
parse(const char *s)
{
	json_error_t err;
	json_t *v;

	if ((v = json_loads(s, JSON_DECODE_ANY, &err)) == NULL) {
		fprintf(stderr, "bad test JSON %s: %s\n", s, err.text);
		exit(2);
	}
	return v;
}

/* v compact with sorted keys, in a static buffer; "(null)" for NULL. */
static const char *
dump(json_t *v)
{
	static char buf[4096];
	char *s;

	if (v == NULL)
		return "(null)";
	s = json_dumps(v, JSON_COMPACT | JSON_SORT_KEYS | JSON_ENCODE_ANY);
	snprintf(buf, sizeof(buf), "%s", s ? s : "(dump failed)");
	free(s);
	return buf;
}

static void
test_get(void)
{
	json_t *root = parse("{\"a\":{\"b\":{\"c\":5}},"
	    "\"arr\":[{\"id\":\"x\"},{\"id\":\"y\",\"t\":[10,[20,21]]}],"
	    "\"s\":\"str\",\"n\":null,\"e\":{},\"\":\"empty key\","
	    "\"0\":\"zero key\",\"f\":1.5,\"t\":true}");
	json_t *arr = parse("[10,[20,21],{\"k\":\"v\"}]");
	char key[300], path[310];

	CHECK_STR(dump(jpath_get(root, "a.b.c")), "5");
	CHECK_STR(dump(jpath_get(root, "a.b")), "{\"c\":5}");
	CHECK_STR(dump(jpath_get(root, "a")), "{\"b\":{\"c\":5}}");
	CHECK(jpath_get(root, "a.b.c") ==
	    json_object_get(json_object_get(json_object_get(root, "a"), "b"),
	    "c"));				/* borrowed, not a copy */
	CHECK_STR(dump(jpath_get(root, "arr.0.id")), "\"x\"");
	CHECK_STR(dump(jpath_get(root, "arr.1.id")), "\"y\"");
	CHECK_STR(dump(jpath_get(root, "arr.1.t.1.0")), "20");
	CHECK_STR(dump(jpath_get(root, "arr.01.id")), "\"y\"");
	CHECK_STR(dump(jpath_get(root, "arr.1")),
	    "{\"id\":\"y\",\"t\":[10,[20,21]]}");
	CHECK_STR(dump(jpath_get(root, "e")), "{}");
	CHECK_STR(dump(jpath_get(root, "n")), "null");
	CHECK_STR(dump(jpath_get(root, "")), "\"empty key\"");
	CHECK_STR(dump(jpath_get(root, "0")), "\"zero key\"");	/* a key */

	/* Missing, out of range, not an index. */
	CHECK(jpath_get(root, "missing") == NULL);
	CHECK(jpath_get(root, "missing.x") == NULL);
	CHECK(jpath_get(root, "a.x") == NULL);
	CHECK(jpath_get(root, "a.b.x") == NULL);
	CHECK(jpath_get(root, "e.x") == NULL);
	CHECK(jpath_get(root, "arr.2") == NULL);
	CHECK(jpath_get(root, "arr.2.id") == NULL);
	CHECK(jpath_get(root, "arr.x") == NULL);
	CHECK(jpath_get(root, "arr.-1") == NULL);
	CHECK(jpath_get(root, "arr.+1") == NULL);
	CHECK(jpath_get(root, "arr.1x") == NULL);
	CHECK(jpath_get(root, "arr.") == NULL);
	CHECK(jpath_get(root, "arr..id") == NULL);
	CHECK(jpath_get(root, "arr.id") == NULL);
	/* An index that does not fit is not another index modulo 2^64. */
	CHECK(jpath_get(root, "arr.18446744073709551617") == NULL);
	CHECK(jpath_get(root, "arr.18446744073709551616.id") == NULL);
	CHECK(jpath_get(root, "arr.99999999999999999999999999") == NULL);
	CHECK(jpath_get(root, "a.") == NULL);
	CHECK(jpath_get(root, "a.b.c.") == NULL);
	CHECK(jpath_get(root, ".a") == NULL);

	/* Not an object (nor array) in the middle. */
	CHECK(jpath_get(root, "a.b.c.d") == NULL);
	CHECK(jpath_get(root, "s.x") == NULL);
	CHECK(jpath_get(root, "s.0") == NULL);
	CHECK(jpath_get(root, "n.x") == NULL);
	CHECK(jpath_get(root, "f.x") == NULL);
	CHECK(jpath_get(root, "t.x") == NULL);
	CHECK(jpath_get(root, "arr.0.id.x") == NULL);
	CHECK(jpath_get(NULL, "a") == NULL);

	/* An array at the root. */
	CHECK_STR(dump(jpath_get(arr, "0")), "10");
	CHECK_STR(dump(jpath_get(arr, "1.1")), "21");
	CHECK_STR(dump(jpath_get(arr, "2.k")), "\"v\"");
	CHECK(jpath_get(arr, "3") == NULL);
	CHECK(jpath_get(arr, "k") == NULL);

	/* Keys up to 255 bytes. */
	memset(key, 'k', 255);
	key[255] = '\0';
	json_object_set_new(root, key, parse("{\"in\":7}"));
	CHECK_STR(dump(jpath_get(root, key)), "{\"in\":7}");
	snprintf(path, sizeof(path), "%s.in", key);
	CHECK_STR(dump(jpath_get(root, path)), "7");

	/* Typed lookups. */
	CHECK_STR(jpath_str(root, "s"), "str");
	CHECK_STR(jpath_str(root, "arr.1.id"), "y");
	CHECK(jpath_str(root, "a.b.c") == NULL);	/* an integer */
	CHECK(jpath_str(root, "a") == NULL);		/* an object */
	CHECK(jpath_str(root, "arr") == NULL);		/* an array */
	CHECK(jpath_str(root, "n") == NULL);		/* null */
	CHECK(jpath_str(root, "t") == NULL);		/* true */
	CHECK(jpath_str(root, "f") == NULL);		/* a real */
	CHECK(jpath_str(root, "missing") == NULL);
	CHECK(jpath_str(root, "s.x") == NULL);

	json_decref(root);
	json_decref(arr);
}

static void
test_set(void)
{
	json_t *root = json_object(), *v, *a;

	/* Objects are made on the way; what is there is kept. */
	CHECK_INT(jpath_set_new(root, "a.b.c", json_integer(1)), 0);
	CHECK_STR(dump(root), "{\"a\":{\"b\":{\"c\":1}}}");
	a = jpath_get(root, "a");
	CHECK_INT(jpath_set_new(root, "a.b.d", json_string("é")), 0);
	CHECK_INT(jpath_set_new(root, "a.x", json_true()), 0);
	CHECK_INT(jpath_set_new(root, "top", json_null()), 0);
	CHECK_STR(dump(root), "{\"a\":{\"b\":{\"c\":1,\"d\":\"é\"},\"x\":true},"
	    "\"top\":null}");
	CHECK(jpath_get(root, "a") == a);	/* the same object, added to */

	/* Replacing: a value, then an object by a value. */
	CHECK_INT(jpath_set_new(root, "a.b.c", json_integer(2)), 0);
	CHECK_STR(dump(jpath_get(root, "a.b")), "{\"c\":2,\"d\":\"é\"}");
	CHECK_INT(jpath_set_new(root, "a.b", json_string("flat")), 0);
	CHECK_STR(dump(jpath_get(root, "a")), "{\"b\":\"flat\",\"x\":true}");

	/*
	 * Through something not an object: -1, nothing changed, and the
	 * value is released (held once more here to see it).
	 */
	v = json_string("v");
	json_incref(v);
	CHECK_INT(jpath_set_new(root, "a.b.c", v), -1);		/* a string */
	CHECK_INT(v->refcount, 1);
	json_incref(v);
	CHECK_INT(jpath_set_new(root, "a.b.c.d.e", v), -1);
	CHECK_INT(v->refcount, 1);
	json_incref(v);
	CHECK_INT(jpath_set_new(root, "top.x", v), -1);		/* null */
	CHECK_INT(v->refcount, 1);
	json_object_set_new(root, "arr", parse("[{}]"));
	json_incref(v);
	CHECK_INT(jpath_set_new(root, "arr.0.x", v), -1);	/* an array */
	CHECK_INT(v->refcount, 1);
	json_decref(v);
	CHECK_STR(dump(root), "{\"a\":{\"b\":\"flat\",\"x\":true},"
	    "\"arr\":[{}],\"top\":null}");

	/* A root that is not an object. */
	a = json_array();
	CHECK_INT(jpath_set_new(a, "x", json_integer(1)), -1);
	CHECK_INT(jpath_set_new(a, "0.x", json_integer(1)), -1);
	CHECK_INT(json_array_size(a), 0);
	json_decref(a);

	/* A key that is not UTF-8, on the way or at the end: -1. */
	CHECK_INT(jpath_set_new(root, "\xff.b", json_integer(1)), -1);
	CHECK_INT(jpath_set_new(root, "new.\xff", json_integer(1)), -1);
	CHECK_INT(jpath_set_new(root, "\xff", json_integer(1)), -1);
	CHECK(jpath_get(root, "\xff") == NULL);

	/* Empty segments are keys too: "x..y" is x, "", y. */
	CHECK_INT(jpath_set_new(root, "x..y", json_integer(3)), 0);
	CHECK_STR(dump(jpath_get(root, "x")), "{\"\":{\"y\":3}}");
	CHECK_STR(dump(jpath_get(root, "x..y")), "3");
	json_decref(root);
}

int
main(void)
{
	test_get();
	test_set();
	return CHECK_DONE();
}
