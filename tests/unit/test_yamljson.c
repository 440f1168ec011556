/* test_yamljson.c - unit tests for lib/yamljson.c */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <jansson.h>

#include "check.h"
#include "jpath.h"
#include "yamljson.h"

static char path[32];
static char err[512];

/* Write text to a new temporary file and load it; err holds the error. */
static struct yamldoc *
load_n(const char *text, size_t len)
{
	struct yamldoc *d;
	int fd;

	strcpy(path, "/tmp/test_yaml.XXXXXX");
	if ((fd = mkstemp(path)) == -1 ||
	    write(fd, text, len) != (ssize_t)len || close(fd) == -1) {
		perror(path);
		exit(2);
	}
	strcpy(err, "(not set)");
	d = ydoc_load(path, err, sizeof(err));
	unlink(path);
	return d;
}

static struct yamldoc *
load(const char *text)
{
	return load_n(text, strlen(text));
}

/* v as compact JSON with its key order, in a static buffer. */
static const char *
dump(json_t *v)
{
	static char buf[4096];
	char *s;

	if (v == NULL)
		return "(null)";
	s = json_dumps(v, JSON_COMPACT | JSON_PRESERVE_ORDER |
	    JSON_ENCODE_ANY);
	snprintf(buf, sizeof(buf), "%s", s ? s : "(dump failed)");
	free(s);
	return buf;
}

static int
starts(const char *s, const char *prefix)
{
	return strncmp(s, prefix, strlen(prefix)) == 0;
}

/* The document as JSON, or "error: <message without the path>". */
static const char *
loaded(const char *text)
{
	static char out[600];
	struct yamldoc *d;
	size_t plen;

	if ((d = load(text)) == NULL) {
		plen = strlen(path);
		snprintf(out, sizeof(out), "error: %s",
		    strncmp(err, path, plen) == 0 ? err + plen : err);
		return out;
	}
	snprintf(out, sizeof(out), "%s", dump(ydoc_root(d)));
	ydoc_free(d);
	return out;
}

static void
test_structure(void)
{
	struct yamldoc *d;

	CHECK_STR(loaded("a: 1\nb: x\n"), "{\"a\":1,\"b\":\"x\"}");
	/* Key order as in the file. */
	CHECK_STR(loaded("z: 1\na: 2\nm: 3\n"), "{\"z\":1,\"a\":2,\"m\":3}");
	CHECK_STR(loaded("- 1\n- two\n- [3, 4]\n"), "[1,\"two\",[3,4]]");
	CHECK_STR(loaded("top:\n  list:\n    - a: 1\n      b: [x, {y: z}]\n"
	    "    - {}\n    - []\n  empty:\n"),
	    "{\"top\":{\"list\":[{\"a\":1,\"b\":[\"x\",{\"y\":\"z\"}]},{},[]],"
	    "\"empty\":null}}");
	CHECK_STR(loaded("{a: [1, 2], b: {c: d}}"),
	    "{\"a\":[1,2],\"b\":{\"c\":\"d\"}}");
	/* Keys are strings whatever they look like. */
	CHECK_STR(loaded("1: a\nnull: b\ntrue: c\n\"q\": d\n"),
	    "{\"1\":\"a\",\"null\":\"b\",\"true\":\"c\",\"q\":\"d\"}");
	/* A scalar document; a document marker; only the first document. */
	CHECK_STR(loaded("just text\n"), "\"just text\"");
	CHECK_STR(loaded("--- 5\n"), "5");
	CHECK_STR(loaded("---\n"), "null");
	CHECK_STR(loaded("a: 1\n---\nb: 2\n"), "{\"a\":1}");
	/* Block scalars, multi-line plain scalars, UTF-8, comments, BOM. */
	CHECK_STR(loaded("l: |\n  one\n  two\nf: >\n  one\n  two\n"
	    "p: a\n  b\n"), "{\"l\":\"one\\ntwo\\n\",\"f\":\"one two\\n\","
	    "\"p\":\"a b\"}");
	CHECK_STR(loaded("# c\nk: é 😀 # trailing\n"), "{\"k\":\"é 😀\"}");
	CHECK_STR(loaded("\xEF\xBB\xBFk: v\n"), "{\"k\":\"v\"}");
	CHECK_STR(loaded("k: \"a\\tb\\u00e9\\x00c\"\n"),
	    "{\"k\":\"a\\tbé\\u0000c\"}");

	d = load("k: v\n");
	CHECK(d != NULL);
	if (d != NULL) {
		CHECK(strncmp(ydoc_file(d), "/tmp/test_yaml.", 15) == 0);
		CHECK_STR(ydoc_file(d), path);
		ydoc_free(d);
	}
	ydoc_free(NULL);
}

static void
test_scalars(void)
{
	/* null: ~, null in three spellings, and nothing at all. */
	CHECK_STR(loaded("a: ~\nb: null\nc: Null\nd: NULL\ne:\nf: nULL\n"),
	    "{\"a\":null,\"b\":null,\"c\":null,\"d\":null,\"e\":null,"
	    "\"f\":\"nULL\"}");
	/* Booleans: only true/false; yes, no, on, off stay strings. */
	CHECK_STR(loaded("- true\n- True\n- TRUE\n- false\n- False\n"
	    "- FALSE\n- yes\n- no\n- Yes\n- NO\n- on\n- off\n- y\n- tRUE\n"),
	    "[true,true,true,false,false,false,\"yes\",\"no\",\"Yes\",\"NO\","
	    "\"on\",\"off\",\"y\",\"tRUE\"]");
	/* Integers. */
	CHECK_STR(loaded("[0, 12, -12, +12, 007, -0, 9223372036854775807, "
	    "-9223372036854775808]"),
	    "[0,12,-12,12,7,0,9223372036854775807,-9223372036854775808]");
	/* Floats; an integer too big for 64 bits becomes one. */
	CHECK_STR(loaded("[1.5, -0.25, .5, -.5, 1., 1e3, 2.5E-1, "
	    "9223372036854775808]"),
	    "[1.5,-0.25,0.5,-0.5,1.0,1000.0,0.25,9.2233720368547758e18]");
	/* Quoted scalars are strings, whatever they hold. */
	CHECK_STR(loaded("- \"123\"\n- '-5'\n- \"true\"\n- 'null'\n- \"\"\n"
	    "- '~'\n- \"1.5\"\n"),
	    "[\"123\",\"-5\",\"true\",\"null\",\"\",\"~\",\"1.5\"]");
	/* Strings that only start like numbers. */
	CHECK_STR(loaded("[12abc, 1_000, 1.2.3, 12 34, +, -x, ., .inf, "
	    ".NaN, 1e, v1]"),
	    "[\"12abc\",\"1_000\",\"1.2.3\",\"12 34\",\"+\",\"-x\",\".\","
	    "\".inf\",\".NaN\",\"1e\",\"v1\"]");
	/* A number out of range is not an error about UTF-8. */
	CHECK_STR(loaded("big: 1e400\n"), "{\"big\":\"1e400\"}");
	CHECK_STR(loaded("tiny: 1e-400\n"), "{\"tiny\":0.0}");
}

static void
test_anchors(void)
{
	struct yamldoc *d;
	json_t *root;

	CHECK_STR(loaded("base: &b {x: 1, y: [1, 2]}\ncopy: *b\n"),
	    "{\"base\":{\"x\":1,\"y\":[1,2]},\"copy\":{\"x\":1,\"y\":[1,2]}}");
	CHECK_STR(loaded("- &s str\n- *s\n- &n\n- *n\n- &i 5\n- *i\n"),
	    "[\"str\",\"str\",null,null,5,5]");
	/* A later anchor of the same name wins from there on. */
	CHECK_STR(loaded("- &a 1\n- *a\n- &a 2\n- *a\n"), "[1,1,2,2]");
	/* Aliases inside aliased structures. */
	CHECK_STR(loaded("a: &a [1]\nb: &b {k: *a}\nc: [*b, *a]\n"),
	    "{\"a\":[1],\"b\":{\"k\":[1]},\"c\":[{\"k\":[1]},[1]]}");

	/* A copy, not the same object: changing one leaves the other. */
	d = load("base: &b {x: 1}\ncopy: *b\n");
	CHECK(d != NULL);
	if (d != NULL) {
		root = ydoc_root(d);
		CHECK(jpath_get(root, "base") != jpath_get(root, "copy"));
		CHECK(json_equal(jpath_get(root, "base"),
		    jpath_get(root, "copy")));
		jpath_set_new(root, "copy.x", json_integer(2));
		CHECK_STR(dump(root),
		    "{\"base\":{\"x\":1},\"copy\":{\"x\":2}}");
		ydoc_free(d);
	}
	CHECK_STR(loaded("a: *nope\n"), "error: :1:4: unknown alias");
}

static void
test_errors(void)
{
	const char *s;

	CHECK(load("a: 1\na: 2\n") == NULL);
	{
		char want[600];

		snprintf(want, sizeof(want), "%s:2:1: key \"a\" appears twice",
		    path);
		CHECK_STR(err, want);
	}
	CHECK_STR(loaded("top:\n  b: 1\n  c: x\n  b: 2\n"),
	    "error: :4:3: key \"b\" appears twice");
	CHECK_STR(loaded("{k: 1, j: 2, k: 3}"),
	    "error: :1:14: key \"k\" appears twice");
	/* The same key in different mappings is fine. */
	CHECK_STR(loaded("a: {k: 1}\nb: {k: 2}\n"),
	    "{\"a\":{\"k\":1},\"b\":{\"k\":2}}");

	/* Syntax errors: where, and libyaml's words for what. */
	s = loaded("a: 1\nb: [1, 2\n");
	CHECK(starts(s, "error: :3:1: did not find expected ',' or ']'"));
	CHECK_STR(loaded("a: b: c\n"),
	    "error: :1:5: mapping values are not allowed in this context");
	s = loaded("a:\n\t- b\n");
	CHECK(starts(s, "error: :2:1: found character that cannot start"));
	s = loaded("a: \"open\n");
	CHECK(starts(s, "error: :2:1: found unexpected end of stream"));
	CHECK_STR(loaded("? [a, b]\n: 1\n"),
	    "error: :1:3: a key must be a plain value");

	/* Nothing in the file. */
	CHECK_STR(loaded(""), "error: :1:1: empty YAML file");
	CHECK_STR(loaded("# just a comment\n\n"),
	    "error: :1:1: empty YAML file");
	CHECK_STR(loaded("\n\n\n"), "error: :1:1: empty YAML file");

	/* Bytes that are not UTF-8: said so, at their line and column. */
	CHECK_STR(loaded("a: 1\nb: caf\xe9\n"),
	    "error: :2:7: incomplete UTF-8 octet sequence");
	CHECK_STR(loaded("a: 1\nb: 2\nc: ééé\xff\n"),
	    "error: :3:7: invalid leading UTF-8 octet");
	CHECK_STR(loaded("\xc0\xaf: x\n"),
	    "error: :1:1: invalid length of a UTF-8 sequence");
	{
		/* Far past what libyaml reads at a time. */
		static char big[3000 * 10 + 16];
		size_t len = 0;
		int i;

		for (i = 0; i < 3000; i++)
			len += (size_t)sprintf(big + len, "k%04d: v\n", i);
		strcpy(big + len, "bad: \xff\n");
		CHECK_STR(loaded(big),
		    "error: :3001:6: invalid leading UTF-8 octet");
	}

	/* A file that cannot be opened. */
	CHECK(ydoc_load("/nonexistent/rules.yaml", err, sizeof(err)) == NULL);
	CHECK_STR(err, "/nonexistent/rules.yaml: No such file or directory");
}

/* Line and column of the value at path p, as "line:col", or "none". */
static const char *
where(struct yamldoc *d, const char *p)
{
	static char out[32];
	json_t *v = *p ? jpath_get(ydoc_root(d), p) : ydoc_root(d);
	int line = -1, col = -1, r;

	r = ydoc_where(d, v, &line, &col);
	if (r == 0) {
		snprintf(out, sizeof(out), "none %d:%d", line, col);
		return out;
	}
	snprintf(out, sizeof(out), "%d:%d", line, col);
	return out;
}

static void
test_where(void)
{
	struct yamldoc *d;
	json_t *mine;

	d = load("# rules\n"
	    "name: demo\n"			/* 2 */
	    "limits:\n"
	    "  max: 10\n"			/* 4 */
	    "  tags: [a, \"b\"]\n"
	    "  nested:\n"			/* 6 */
	    "    - id: 1\n"
	    "      label: first\n"		/* 8 */
	    "    - id: 2\n"
	    "  flow: {k: v}\n"			/* 10 */
	    "  f: 1.5\n"
	    "  none: null\n"			/* 12 */
	    "  ok: true\n"
	    "  \"é\": été\n"			/* 14 */
	    "alias: &x [1]\n"
	    "copy: *x\n");			/* 16 */
	CHECK(d != NULL);
	if (d == NULL)
		return;
	CHECK_STR(where(d, ""), "2:1");
	CHECK_STR(where(d, "name"), "2:7");
	CHECK_STR(where(d, "limits"), "4:3");
	CHECK_STR(where(d, "limits.max"), "4:8");
	CHECK_STR(where(d, "limits.tags"), "5:9");
	CHECK_STR(where(d, "limits.tags.0"), "5:10");
	CHECK_STR(where(d, "limits.tags.1"), "5:13");
	CHECK_STR(where(d, "limits.nested"), "7:5");
	CHECK_STR(where(d, "limits.nested.0"), "7:7");
	CHECK_STR(where(d, "limits.nested.0.id"), "7:11");
	CHECK_STR(where(d, "limits.nested.0.label"), "8:14");
	CHECK_STR(where(d, "limits.nested.1"), "9:7");
	CHECK_STR(where(d, "limits.nested.1.id"), "9:11");
	CHECK_STR(where(d, "limits.flow"), "10:9");
	CHECK_STR(where(d, "limits.flow.k"), "10:13");
	CHECK_STR(where(d, "limits.f"), "11:6");
	/* Columns count characters, not bytes. */
	CHECK_STR(where(d, "limits.é"), "14:8");
	CHECK_STR(where(d, "alias"), "15:8");
	/* null and true are shared singletons: no position. */
	CHECK_STR(where(d, "limits.none"), "none 0:0");
	CHECK_STR(where(d, "limits.ok"), "none 0:0");
	/* A copy made for an alias is not in the file as such. */
	CHECK_STR(where(d, "copy"), "none 0:0");
	/* Nor is a value made afterwards. */
	mine = json_string("mine");
	{
		int line = -1, col = -1;

		CHECK_INT(ydoc_where(d, mine, &line, &col), 0);
		CHECK_INT(line, 0);
		CHECK_INT(col, 0);
	}
	json_decref(mine);
	ydoc_free(d);
}

int
main(void)
{
	test_structure();
	test_scalars();
	test_anchors();
	test_errors();
	test_where();
	return CHECK_DONE();
}
