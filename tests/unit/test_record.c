/* test_record.c - unit tests for lib/record.c */
#include <sys/wait.h>

#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <jansson.h>

#include "check.h"
#include "diag.h"
#include "record.h"

static void
die(const char *what)
{
	perror(what);
	exit(2);
}

/* The output file of the test under way. */
static char outpath[32];
static FILE *outf;
static char content[1 << 18];
static size_t contentlen;

static void
out_open(void)
{
	int fd;

	strcpy(outpath, "/tmp/test_record.XXXXXX");
	if ((fd = mkstemp(outpath)) == -1 || (outf = fdopen(fd, "w")) == NULL)
		die(outpath);
	rec_out_init(outf);
}

/* What the file holds now (not what is still buffered). */
static const char *
out_peek(void)
{
	ssize_t n;
	int fd;

	if ((fd = open(outpath, O_RDONLY)) == -1)
		die(outpath);
	contentlen = 0;
	while ((n = read(fd, content + contentlen,
	    sizeof(content) - 1 - contentlen)) > 0)
		contentlen += (size_t)n;
	close(fd);
	content[contentlen] = '\0';
	return content;
}

/* rec_close, then the whole output; rec_close's result in *rc. */
static const char *
out_done(int *rc)
{
	*rc = rec_close();
	fclose(outf);
	out_peek();
	unlink(outpath);
	return content;
}

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

static void
test_write(void)
{
	json_t *obj;
	char *big;
	int rc;

	out_open();
	/* Keys in insertion order, not sorted; UTF-8 as is; compact. */
	obj = json_object();
	json_object_set_new(obj, "z", json_integer(1));
	json_object_set_new(obj, "a", json_string("é 😀 日本"));
	json_object_set_new(obj, "m", parse("[1, 2.5, true, null, -3]"));
	json_object_set_new(obj, "n", parse("{ \"y\" : { }, \"b\" : [ ] }"));
	json_object_set_new(obj, "s", json_string("a/b</c>\n\t\"q\"\\"));
	CHECK_INT(rec_write(obj), 0);
	json_decref(obj);

	obj = parse("{}");
	CHECK_INT(rec_write(obj), 0);
	json_decref(obj);

	/* One that overflows the record buffer and the stdio buffer. */
	big = malloc(100001);
	memset(big, 'x', 100000);
	big[100000] = '\0';
	obj = json_object();
	json_object_set_new(obj, "big", json_string(big));
	CHECK_INT(rec_write(obj), 0);
	json_decref(obj);

	obj = parse("[1,{\"k\":\"v\"}]");
	CHECK_INT(rec_write(obj), 0);
	json_decref(obj);

	out_done(&rc);
	CHECK_INT(rc, 0);
	{
		static const char head[] =
		    "{\"z\":1,\"a\":\"é 😀 日本\",\"m\":[1,2.5,true,null,-3],"
		    "\"n\":{\"y\":{},\"b\":[]},"
		    "\"s\":\"a/b</c>\\n\\t\\\"q\\\"\\\\\"}\n"
		    "{}\n{\"big\":\"";
		static const char tail[] = "\"}\n[1,{\"k\":\"v\"}]\n";
		size_t h = sizeof(head) - 1;

		CHECK_INT(contentlen, h + 100000 + sizeof(tail) - 1);
		CHECK(strncmp(content, head, h) == 0);
		CHECK(strspn(content + h, "x") == 100000);
		CHECK_STR(content + h + 100000, tail);
		content[h] = '\0';
		CHECK_STR(content, head);
	}
	free(big);
}

static void
test_raw(void)
{
	int rc;

	out_open();
	CHECK_INT(rec_write_raw("{\"a\": 1.50}", 11), 0);
	CHECK_INT(rec_write_raw("", 0), 0);
	CHECK_INT(rec_write_raw("x\0y\xff", 4), 0);	/* bytes, unchecked */
	CHECK_INT(rec_write_raw("only part", 4), 0);
	out_done(&rc);
	CHECK_INT(rc, 0);
	CHECK_INT(contentlen, 12 + 1 + 5 + 5);
	CHECK(memcmp(content, "{\"a\": 1.50}\n\nx\0y\xff\nonly\n", 23) == 0);
}

/*
 * Splice key=value into line (obj parsed from line) and return the one
 * output line, read back after rec_close.
 */
static const char *
spliced(const char *line, const char *key, const char *value)
{
	json_t *obj = parse(line), *v = parse(value);
	int rc;

	out_open();
	CHECK_INT(rec_splice(line, strlen(line), obj, key, v), 0);
	/*
	 * value is not consumed; when the key was there obj holds it.
	 * (null, true and false are not counted.)
	 */
	if (v->refcount != (size_t)-1) {
		CHECK_INT(v->refcount, json_object_get(obj, key) == v ? 2 : 1);
		json_decref(obj);
		CHECK_INT(v->refcount, 1);
	} else
		json_decref(obj);
	json_decref(v);
	out_done(&rc);
	CHECK_INT(rc, 0);
	return content;
}

/* As spliced, but obj holds only some of the line's keys (none). */
static const char *
spliced_partial(const char *line, const char *key, const char *value)
{
	json_t *obj = json_object(), *v = parse(value);
	int rc;

	out_open();
	CHECK_INT(rec_splice(line, strlen(line), obj, key, v), 0);
	json_decref(obj);
	json_decref(v);
	out_done(&rc);
	CHECK_INT(rc, 0);
	return content;
}

static void
test_splice(void)
{
	/* The comma follows the line, not what of it was parsed. */
	CHECK_STR(spliced_partial("{\"a\":1}", "k", "5"),
	    "{\"a\":1,\"k\":5}\n");
	CHECK_STR(spliced_partial("{\"a\":{} }", "k", "5"),
	    "{\"a\":{} ,\"k\":5}\n");
	CHECK_STR(spliced_partial("{ \n\t}", "k", "5"),
	    "{ \n\t\"k\":5}\n");
	/* Any kind of value, spliced before the closing brace. */
	CHECK_STR(spliced("{\"a\":1}", "k", "5"), "{\"a\":1,\"k\":5}\n");
	CHECK_STR(spliced("{\"a\":1}", "k", "\"v é\""),
	    "{\"a\":1,\"k\":\"v é\"}\n");
	CHECK_STR(spliced("{\"a\":1}", "k", "null"), "{\"a\":1,\"k\":null}\n");
	CHECK_STR(spliced("{\"a\":1}", "k", "-2.5"), "{\"a\":1,\"k\":-2.5}\n");
	CHECK_STR(spliced("{\"a\":1}", "k", "{\"x\" : [1, {}]}"),
	    "{\"a\":1,\"k\":{\"x\":[1,{}]}}\n");
	CHECK_STR(spliced("{\"a\":1}", "k", "[]"), "{\"a\":1,\"k\":[]}\n");

	/* The original bytes are kept: spacing, escapes, number forms. */
	CHECK_STR(spliced("{ \"a\" : 1.0 , \"b\":\"\\u00e9\\/\" }", "k",
	    "true"),
	    "{ \"a\" : 1.0 , \"b\":\"\\u00e9\\/\" ,\"k\":true}\n");
	/* Also what follows the brace. */
	CHECK_STR(spliced("{\"a\":1}  ", "k", "5"), "{\"a\":1,\"k\":5}  \n");
	CHECK_STR(spliced("\t{\"a\":1}\t \t", "k", "5"),
	    "\t{\"a\":1,\"k\":5}\t \t\n");

	/* Empty objects take no comma. */
	CHECK_STR(spliced("{}", "k", "5"), "{\"k\":5}\n");
	CHECK_STR(spliced("{ }", "k", "5"), "{ \"k\":5}\n");
	CHECK_STR(spliced("{}  ", "k", "5"), "{\"k\":5}  \n");

	/* Braces inside: the last one closes the record. */
	CHECK_STR(spliced("{\"o\":{\"p\":{}},\"q\":\"}}\"}", "k", "5"),
	    "{\"o\":{\"p\":{}},\"q\":\"}}\",\"k\":5}\n");
	CHECK_STR(spliced("{\"q\":\"}\",\"r\":[{}]}", "k", "\"}\""),
	    "{\"q\":\"}\",\"r\":[{}],\"k\":\"}\"}\n");
	/* A nested key of the same name is not the top-level key. */
	CHECK_STR(spliced("{\"o\":{\"k\":1}}", "k", "2"),
	    "{\"o\":{\"k\":1},\"k\":2}\n");

	/* The key present: rebuilt, the value in its place. */
	CHECK_STR(spliced("{\"a\":1,\"k\":\"old\",\"z\":[2]}", "k", "\"new\""),
	    "{\"a\":1,\"k\":\"new\",\"z\":[2]}\n");
	CHECK_STR(spliced("{ \"k\" : 0 ,\"a\":\"é\"}  ", "k", "{\"x\":1}"),
	    "{\"k\":{\"x\":1},\"a\":\"é\"}\n");
	CHECK_STR(spliced("{\"k\":null}", "k", "null"), "{\"k\":null}\n");

	/* A key that needs escaping still gives valid JSON. */
	CHECK_STR(spliced("{\"a\":1}", "we\"ird\\", "5"),
	    "{\"a\":1,\"we\\\"ird\\\\\":5}\n");
	CHECK_STR(spliced("{\"a\":1}", "é", "5"), "{\"a\":1,\"é\":5}\n");
}

/* rec_splice_text: the value given as its text, written as it is. */
static const char *
spliced_text(const char *line, const char *key, const char *text)
{
	json_t *obj = parse(line);
	int rc;

	out_open();
	CHECK_INT(rec_splice_text(line, strlen(line), obj, key, text,
	    strlen(text)), 0);
	json_decref(obj);
	out_done(&rc);
	CHECK_INT(rc, 0);
	return content;
}

static void
test_splice_text(void)
{
	CHECK_STR(spliced_text("{\"a\": 1.0 }", "k", "{\"x\":1}"),
	    "{\"a\": 1.0 ,\"k\":{\"x\":1}}\n");
	CHECK_STR(spliced_text("{ }", "k", "[]"), "{ \"k\":[]}\n");
	/* The key there: rebuilt, the text in its place. */
	CHECK_STR(spliced_text("{\"a\":1,\"k\":{\"old\":1},\"z\":\"é\"}",
	    "k", "{\"new\":2}"), "{\"a\":1,\"k\":{\"new\":2},\"z\":\"é\"}\n");
	CHECK_STR(spliced_text("{\"a\":1}", "we\"ird", "5"),
	    "{\"a\":1,\"we\\\"ird\":5}\n");
}

/* json_parts_to_buf: the parts in order, NULL ones left out, then the
 * extra object's keys but those of the parts. */
static void
test_parts(void)
{
	static const char *const keys[] = { "b", "a", "q\"", "c" };
	struct jparts *jp = jparts_new(keys, 4);
	json_t *vals[4], *extra;
	struct jbuf b = { NULL, 0, 0 };

	CHECK(jp != NULL);
	if (jp == NULL)
		return;
	vals[0] = json_integer(2);
	vals[1] = NULL;
	vals[2] = json_pack("[s,n]", "x");
	vals[3] = json_real(0.5);
	extra = json_pack("{s:i,s:s,s:b}", "z", 1, "b", "dup", "y", 1);
	CHECK_INT(json_parts_to_buf(&b, jp, vals, NULL, extra), 0);
	CHECK_INT(json_to_buf(&b, json_null(), NULL), 0);
	CHECK_STR(b.p ? (b.p[b.len] = '\0', b.p) : "", "{\"b\":2,\"q\\\"\":"
	    "[\"x\",null],\"c\":0.5,\"z\":1,\"y\":true}null");
	b.len = 0;
	json_decref(vals[0]);
	json_decref(vals[2]);
	json_decref(vals[3]);
	vals[0] = vals[2] = vals[3] = NULL;
	CHECK_INT(json_parts_to_buf(&b, jp, vals, NULL, NULL), 0);
	CHECK(b.len == 2 && memcmp(b.p, "{}", 2) == 0);
	json_decref(extra);
	free(b.p);
	jparts_free(jp);
}

/* A part whose value is a jconst's is written as the jconst's text
 * (here made different, to tell); one whose value is another is
 * written from the value. */
static void
test_parts_known(void)
{
	static const char *const keys[] = { "m", "s" };
	struct jparts *jp = jparts_new(keys, 2);
	struct jconst m, s, fake;
	const struct jconst *known[2];
	json_t *vals[2];
	struct jbuf b = { NULL, 0, 0 };

	CHECK(jp != NULL);
	CHECK_INT(jconst_init(&m, json_pack("{s:s,s:f}", "label", "q\"",
	    "confidence", 0.25)), 0);
	CHECK_INT(jconst_init(&s, json_string("x")), 0);
	CHECK_STR(m.text, "{\"label\":\"q\\\"\",\"confidence\":0.25}");
	CHECK(m.len == strlen("{\"label\":\"q\\\"\",\"confidence\":0.25}"));
	if (jp == NULL || m.text == NULL || s.text == NULL)
		return;
	fake.v = m.v;
	fake.text = "\"T\"";
	fake.len = 3;
	known[0] = &fake;
	known[1] = &s;
	vals[0] = m.v;
	vals[1] = json_string("y");	/* not s's: written from itself */
	CHECK_INT(json_parts_to_buf(&b, jp, vals, known, NULL), 0);
	CHECK_STR(b.p ? (b.p[b.len] = '\0', b.p) : "",
	    "{\"m\":\"T\",\"s\":\"y\"}");
	json_decref(vals[1]);
	CHECK_INT(jconst_init(&fake, NULL), -1);
	jconst_free(&m);
	jconst_free(&s);
	free(b.p);
	jparts_free(jp);
}

/* Listed keys first, in the order's order; the rest in their own. */
static void
test_ordered(void)
{
	static const struct keyorder inner[] = {
		{ "y", NULL }, { "x", NULL }, { NULL, NULL }
	};
	static const struct keyorder order[] = {
		{ "c", NULL }, { "missing", NULL }, { "b", inner },
		{ "bb", NULL }, { NULL, NULL }
	};
	struct keyorder longer[40];
	char names[40][16];
	json_t *obj = parse("{\"a\":1,\"b\":{\"x\":1,\"z\":2,\"y\":3},"
	    "\"bb\":4,\"c\":[5],\"d\":6}"), *rec;
	const char *line;
	int rc, i;

	/* More keys than the fast way takes: the same result. */
	for (i = 0; i < 39; i++) {
		snprintf(names[i], sizeof(names[i]), "k%d", i);
		longer[i].key = names[i];
		longer[i].child = NULL;
	}
	longer[37].key = "c";
	longer[38].key = "b";
	longer[38].child = inner;
	longer[39].key = NULL;
	out_open();
	CHECK_INT(rec_write_ordered(obj, order), 0);
	CHECK_INT(rec_write_ordered(obj, longer), 0);
	CHECK_STR(out_done(&rc), "{\"c\":[5],\"b\":{\"y\":3,\"x\":1,"
	    "\"z\":2},\"bb\":4,\"a\":1,\"d\":6}\n"
	    "{\"c\":[5],\"b\":{\"y\":3,\"x\":1,\"z\":2},\"a\":1,"
	    "\"bb\":4,\"d\":6}\n");
	CHECK_INT(rc, 0);

	/* Spliced in order, new or in the place of the old key. */
	line = "{\"k\":1}";
	rec = parse(line);
	out_open();
	CHECK_INT(rec_splice_ordered(line, strlen(line), rec, "v", obj,
	    order), 0);
	json_decref(rec);
	line = "{\"p\":0,\"v\":null,\"q\":{\"b\":1,\"c\":2}}";
	rec = parse(line);
	CHECK_INT(rec_splice_ordered(line, strlen(line), rec, "v", obj,
	    order), 0);
	json_decref(rec);
	CHECK_STR(out_done(&rc), "{\"k\":1,\"v\":{\"c\":[5],\"b\":{\"y\":3,"
	    "\"x\":1,\"z\":2},\"bb\":4,\"a\":1,\"d\":6}}\n"
	    "{\"p\":0,\"v\":{\"c\":[5],\"b\":{\"y\":3,\"x\":1,\"z\":2},"
	    "\"bb\":4,\"a\":1,\"d\":6},\"q\":{\"b\":1,\"c\":2}}\n");
	CHECK_INT(rc, 0);
	json_decref(obj);
}

/*
 * The fast way finds keys through a small table: keys that share a
 * table entry, a key listed twice and the empty key all go where a walk
 * of the order would put them.
 */
static void
test_ordered_table(void)
{
	struct keyorder order[33];
	char names[30][16], want[1024];
	json_t *obj = json_object();
	struct jbuf b = { NULL, 0, 0 };
	size_t n;
	int i;

	json_object_set_new(obj, "z", json_integer(-1));
	for (i = 29; i >= 0; i--) {
		snprintf(names[i], sizeof(names[i]), "k%d", i);
		json_object_set_new(obj, names[i], json_integer(i));
	}
	json_object_set_new(obj, "", json_integer(100));
	json_object_set_new(obj, "x", json_integer(101));
	order[0].key = "x";
	order[1].key = "";
	order[2].key = "x";
	for (i = 0; i < 29; i++)
		order[3 + i].key = names[i];
	order[32].key = NULL;
	for (i = 0; i < 33; i++)
		order[i].child = NULL;
	n = (size_t)snprintf(want, sizeof(want), "{\"x\":101,\"\":100");
	for (i = 0; i < 29; i++)
		n += (size_t)snprintf(want + n, sizeof(want) - n,
		    ",\"k%d\":%d", i, i);
	snprintf(want + n, sizeof(want) - n, ",\"z\":-1,\"k29\":29}");
	CHECK_INT(json_to_buf(&b, obj, order), 0);
	CHECK_INT(b.len, strlen(want));
	CHECK(b.len == strlen(want) && memcmp(b.p, want, b.len) == 0);
	free(b.p);
	json_decref(obj);
}

static void
test_unbuffered(void)
{
	json_t *obj = parse("{\"a\":1}");
	int rc;

	/* Buffered: nothing reaches the file before rec_close. */
	out_open();
	CHECK_INT(rec_write(obj), 0);
	CHECK_INT(rec_write_raw("r", 1), 0);
	CHECK_STR(out_peek(), "");
	CHECK_STR(out_done(&rc), "{\"a\":1}\nr\n");
	CHECK_INT(rc, 0);

	/* Unbuffered: every record is in the file as soon as written. */
	rec_unbuffered(1);
	out_open();
	CHECK_INT(rec_write(obj), 0);
	CHECK_STR(out_peek(), "{\"a\":1}\n");
	CHECK_INT(rec_write_raw("r", 1), 0);
	CHECK_STR(out_peek(), "{\"a\":1}\nr\n");
	CHECK_INT(rec_splice("{\"a\":1}", 7, obj, "b", json_true()), 0);
	CHECK_STR(out_peek(), "{\"a\":1}\nr\n{\"a\":1,\"b\":true}\n");
	CHECK_STR(out_done(&rc), "{\"a\":1}\nr\n{\"a\":1,\"b\":true}\n");
	CHECK_INT(rc, 0);
	rec_unbuffered(0);
	json_decref(obj);
}

/*
 * Write errors, on /dev/full, in children: an error is sticky for the
 * rest of the process.  Each child exits with rec_close()'s result, or
 * 1..9 when a write returned what it should not have.
 */
static int
in_child(void (*fn)(void), char *err, size_t errsz)
{
	char path[] = "/tmp/test_record_err.XXXXXX";
	ssize_t n;
	pid_t pid;
	int fd, st;

	if ((fd = mkstemp(path)) == -1)
		die(path);
	fflush(stdout);
	fflush(stderr);
	if ((pid = fork()) == -1)
		die("fork");
	if (pid == 0) {
		dup2(fd, 2);
		close(fd);
		fn();
		_exit(99);
	}
	if (waitpid(pid, &st, 0) != pid)
		die("waitpid");
	n = pread(fd, err, errsz - 1, 0);
	err[n > 0 ? n : 0] = '\0';
	close(fd);
	unlink(path);
	return WIFEXITED(st) ? WEXITSTATUS(st) : 1000 + WTERMSIG(st);
}

static json_t *small;

static FILE *
open_full(void)
{
	FILE *f;

	if ((f = fopen("/dev/full", "w")) == NULL)
		_exit(98);
	rec_out_init(f);
	return f;
}

/* Buffered: the write succeeds, the flush in rec_close fails. */
static void
full_buffered(void)
{
	open_full();
	if (rec_write(small) != 0)
		_exit(1);
	_exit(rec_close());
}

/* Unbuffered: the first write fails, and the later ones too. */
static void
full_unbuffered(void)
{
	rec_unbuffered(1);
	open_full();
	if (rec_write(small) != -1)
		_exit(1);
	if (rec_write_raw("{}", 2) != -1)
		_exit(2);
	_exit(rec_close());
}

/* Buffered, but more than the stdio buffer: fails at once. */
static void
full_big(void)
{
	static char line[100000];

	open_full();
	memset(line, ' ', sizeof(line));
	line[0] = '{';
	line[sizeof(line) - 1] = '}';
	if (rec_splice(line, sizeof(line), small, "k", small) != -1)
		_exit(1);
	_exit(rec_close());
}

static void
test_errors(void)
{
	char err[1024];

	small = parse("{\"a\":1}");
	CHECK_INT(in_child(full_buffered, err, sizeof(err)), EX_IOERR);
	CHECK_STR(err, "test_record: write error: No space left on device\n");
	CHECK_INT(in_child(full_unbuffered, err, sizeof(err)), EX_IOERR);
	CHECK_STR(err, "test_record: write error: No space left on device\n");
	CHECK_INT(in_child(full_big, err, sizeof(err)), EX_IOERR);
	CHECK_STR(err, "test_record: write error: No space left on device\n");
	json_decref(small);
}

/* v as json_to_buf writes it (v is released). */
static const char *
written(json_t *v)
{
	static char out[256];
	struct jbuf b = { NULL, 0, 0 };

	out[0] = '\0';
	if (json_to_buf(&b, v, NULL) == 0 && b.len < sizeof(out)) {
		memcpy(out, b.p, b.len);
		out[b.len] = '\0';
	}
	free(b.p);
	json_decref(v);
	return out;
}

/* Reals print as "%.15g" would, kept reals ("2.0"), with or without
 * the two-decimal fast path. */
static const char *
real_text(double d)
{
	return written(json_real(d));
}

static const char *
real_want(double d)
{
	static char want[64];
	int n = snprintf(want, sizeof(want), "%.15g", d);

	if (strpbrk(want, ".eEn") == NULL)
		snprintf(want + n, sizeof(want) - (size_t)n, ".0");
	return want;
}

static void
test_reals(void)
{
	long k;
	int bad = 0;

	CHECK_STR(real_text(0.46), "0.46");
	CHECK_STR(real_text(-0.05), "-0.05");
	CHECK_STR(real_text(0.5), "0.5");
	CHECK_STR(real_text(2), "2.0");
	CHECK_STR(real_text(0), "0.0");
	CHECK_STR(real_text(-0.0), "-0.0");
	CHECK_STR(real_text(-32.95), "-32.95");
	CHECK_STR(real_text(1.0 / 3), "0.333333333333333");
	CHECK_STR(real_text(0.1 + 0.2), "0.3");
	CHECK_STR(real_text(1e300), "1e+300");
	CHECK_STR(real_text(123456789012345.5), "123456789012346.0");
	CHECK_STR(real_text(1e-7), "1e-07");
	for (k = -2000000; k <= 2000000; k += 7)
		bad += strcmp(real_text(k / 100.0), real_want(k / 100.0)) != 0;
	CHECK_INT(bad, 0);
}

/* Keys as jb_key writes them: plain ones copied, others escaped, a
 * NUL in a key kept (jansson keeps its length). */
static void
test_keys(void)
{
	json_t *o = json_object();

	json_object_set_new(o, "plain", json_integer(1));
	json_object_set_new(o, "a\"q", json_integer(2));
	json_object_set_new(o, "tab\there", json_integer(3));
	json_object_set_new(o, "ñandú", json_integer(4));
	json_object_set_new(o,
	    "a key of forty bytes, past the fast way", json_integer(5));
	json_object_set_new(o, "long \\ key with a backslash, 40 b",
	    json_integer(6));
	json_object_setn_new(o, "n\0ul", 4, json_integer(7));
	CHECK_STR(written(o), "{\"plain\":1,\"a\\\"q\":2,"
	    "\"tab\\there\":3,\"ñandú\":4,"
	    "\"a key of forty bytes, past the fast way\":5,"
	    "\"long \\\\ key with a backslash, 40 b\":6,"
	    "\"n\\u0000ul\":7}");
}

int
main(int argc, char *argv[])
{
	diag_init(argv[0]);
	test_write();
	test_raw();
	test_splice();
	test_splice_text();
	test_parts();
	test_parts_known();
	test_ordered();
	test_ordered_table();
	test_reals();
	test_keys();
	test_unbuffered();
	test_errors();
	return CHECK_DONE();
}
