/* test_jarena.c - jansson values from a per-record arena */
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "check.h"
#include "jarena.h"

/* Values made inside are usable until jarena_end; the next record may
 * reuse the memory. */
static void
test_records(void)
{
	json_error_t err;
	json_t *v;
	char buf[64];
	int i, j;

	for (i = 0; i < 1000; i++) {
		jarena_begin();
		snprintf(buf, sizeof(buf), "{\"n\":%d,\"s\":\"x%d\",\"a\":[1,2]}",
		    i, i);
		v = json_loads(buf, 0, &err);
		CHECK(v != NULL);
		CHECK_INT(json_integer_value(json_object_get(v, "n")), i);
		for (j = 0; j < 50; j++)
			json_object_set_new(v, "k", json_string("value"));
		json_decref(v);
		jarena_end();
	}
}

/* A value made outside an arena survives records and is freed inside. */
static void
test_outside(void)
{
	json_t *keep = json_pack("{s:s}", "name", "kept");
	json_t *tmp;

	jarena_begin();
	tmp = json_pack("{s:i}", "x", 1);
	json_object_set_new(keep, "inside", json_string("copy me"));
	json_decref(tmp);
	jarena_end();
	/* The inner string was allocated in the arena: replace it before
	 * the arena reuses that memory, as the header says. */
	json_object_set_new(keep, "inside", json_string("outside"));
	jarena_begin();
	tmp = json_pack("{s:s}", "y", "zzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzz");
	CHECK_STR(json_string_value(json_object_get(keep, "name")), "kept");
	CHECK_STR(json_string_value(json_object_get(keep, "inside")),
	    "outside");
	json_decref(tmp);
	json_decref(keep);	/* freed inside a record: goes to free() */
	jarena_end();
}

/* A record larger than a chunk gets more chunks. */
static void
test_large(void)
{
	size_t n = 3u << 20, i;
	char *big = malloc(n + 3);
	json_t *v;

	if (big == NULL)
		abort();
	big[0] = '"';
	for (i = 1; i <= n; i++)
		big[i] = 'a' + (char)(i % 26);
	big[n + 1] = '"';
	big[n + 2] = '\0';
	jarena_begin();
	v = json_loads(big, JSON_DECODE_ANY, NULL);
	CHECK(v != NULL);
	CHECK_INT(json_string_length(v), n);
	CHECK_INT(json_string_value(v)[n - 1], 'a' + (char)(n % 26));
	json_decref(v);
	jarena_end();
	free(big);
}

/* jarena_decref drops the references json_decref would: an outside
 * value held by arena containers (one of them shared) loses exactly
 * theirs, and is freed when it had no other. */
static void
test_decref(void)
{
	json_t *keep = json_string("outside"), *gone = json_array();
	json_t *o, *a;

	json_array_append_new(gone, json_string("freed by jarena_decref"));
	jarena_begin();
	o = json_object();
	json_object_set(o, "k", keep);
	json_object_set_new(o, "n", json_integer(1));
	json_object_set_new(o, "g", gone);
	a = json_array();
	json_array_append(a, o);
	json_array_append_new(a, o);
	json_array_append(a, keep);
	json_array_append_new(a, json_true());
	CHECK_INT(keep->refcount, 3);
	CHECK_INT(o->refcount, 2);
	jarena_decref(a);
	CHECK_INT(keep->refcount, 1);
	json_incref(keep);
	jarena_decref(keep);	/* outside: a plain json_decref */
	CHECK_INT(keep->refcount, 1);
	jarena_end();
	CHECK_STR(json_string_value(keep), "outside");
	jarena_decref(keep);	/* outside a record: json_decref */
}

int
main(void)
{
	jarena_init();
	test_records();
	test_outside();
	test_large();
	test_decref();
	test_records();
	jarena_free_all();
	return CHECK_DONE();
}
