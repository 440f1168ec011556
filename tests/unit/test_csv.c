/* test_csv.c - unit tests for lib/csv.c */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "check.h"
#include "csv.h"

static struct lreader lr;

/* Put s in a temporary file and open a CSV reader over it. */
static struct csv_reader *
open_mem(const char *s, size_t len, size_t max_line, char sep)
{
	char path[] = "/tmp/test_csv.XXXXXX";
	struct csv_reader *r;
	int fd;

	if ((fd = mkstemp(path)) == -1 ||
	    write(fd, s, len) != (ssize_t)len || close(fd) == -1 ||
	    lr_open(&lr, path, max_line) == -1) {
		perror(path);
		exit(2);
	}
	unlink(path);
	if ((r = csv_open(&lr, sep)) == NULL) {
		perror("csv_open");
		exit(2);
	}
	return r;
}

static struct csv_reader *
open_str(const char *s, char sep)
{
	return open_mem(s, strlen(s), 0, sep);
}

static void
done(struct csv_reader *r)
{
	csv_close(r);
	lr_close(&lr);
}

/*
 * Read a record and render its fields joined by '|' into out; returns
 * what csv_next returned, or 99 if a field is not NUL-terminated.
 */
static int
rec(struct csv_reader *r, char *out, size_t outsz)
{
	struct csv_field *f;
	size_t i, n, len = 0;
	int rc;

	out[0] = '\0';
	if ((rc = csv_next(r, &f, &n)) != CSV_OK)
		return rc;
	for (i = 0; i < n; i++) {
		if (f[i].s[f[i].len] != '\0')
			return 99;
		len += (size_t)snprintf(out + len, outsz - len, "%s%s",
		    i ? "|" : "", f[i].s);
		if (len >= outsz)
			return 98;
	}
	return rc;
}

/* Next is a good record, want, beginning at line. */
#define EXPECT(r, want, line) do { \
	char b_[1024]; \
	CHECK_INT(rec((r), b_, sizeof(b_)), CSV_OK); \
	CHECK_STR(b_, (want)); \
	CHECK_INT(csv_line(r), (line)); \
} while (0)

/* Next is a rejected record at line; msg in the error, raw its bytes. */
#define EXPECT_ERR(r, line, msg, rawwant) do { \
	char b_[1024]; \
	const char *raw_, *rw_ = (rawwant); \
	size_t rl_; \
	CHECK_INT(rec((r), b_, sizeof(b_)), CSV_ERR); \
	CHECK_INT(csv_line(r), (line)); \
	CHECK(strstr(csv_error(r), (msg)) != NULL); \
	csv_raw((r), &raw_, &rl_); \
	if (rw_ == NULL) \
		CHECK(raw_ == NULL && rl_ == 0); \
	else \
		CHECK(raw_ != NULL && rl_ == strlen(rw_) && \
		    memcmp(raw_, rw_, rl_) == 0); \
} while (0)

#define EXPECT_EOF(r) do { \
	char b_[16]; \
	CHECK_INT(rec((r), b_, sizeof(b_)), CSV_EOF); \
	CHECK_INT(rec((r), b_, sizeof(b_)), CSV_EOF); \
} while (0)

static void
test_simple(void)
{
	struct csv_reader *r = open_str("a,b,c\n1,2,3\n,,\nx,\n y , z \n",
	    ',');
	struct csv_field *f;
	size_t n;

	EXPECT(r, "a|b|c", 1);
	CHECK_INT(csv_next(r, &f, &n), CSV_OK);
	CHECK_INT(n, 3);
	CHECK_STR(f[2].s, "3");
	CHECK_INT(f[2].len, 1);
	CHECK_INT(csv_next(r, &f, &n), CSV_OK);	/* ",,": three empty */
	CHECK_INT(n, 3);
	CHECK_INT(f[0].len + f[1].len + f[2].len, 0);
	EXPECT(r, "x|", 4);
	EXPECT(r, " y | z ", 5);	/* spaces kept */
	EXPECT_EOF(r);
	done(r);

	r = open_str("no,newline", ',');	/* last line without '\n' */
	EXPECT(r, "no|newline", 1);
	EXPECT_EOF(r);
	done(r);
}

static void
test_quotes(void)
{
	struct csv_reader *r = open_str(
	    "\"a,b\",c\n"
	    "\"say \"\"hi\"\"\",\"\"\n"
	    "a\"b,c\"\"d\n"		/* a quote inside: data */
	    "\"abc\"def,\"x\"\"\"\n"	/* text after a closing quote */
	    "\"\",\"\"\"\"\n"
	    "\"\"\"\"\"\"\n", ',');
	struct csv_field *f;
	size_t n;

	EXPECT(r, "a,b|c", 1);
	EXPECT(r, "say \"hi\"|", 2);
	EXPECT(r, "a\"b|c\"\"d", 3);
	EXPECT(r, "abcdef|x\"", 4);
	CHECK_INT(csv_next(r, &f, &n), CSV_OK);
	CHECK_INT(n, 2);
	CHECK_INT(f[0].len, 0);
	CHECK_STR(f[1].s, "\"");
	EXPECT(r, "\"\"", 6);
	EXPECT_EOF(r);
	done(r);
}

static void
test_multiline(void)
{
	struct csv_reader *r = open_str(
	    "id,text\n"
	    "1,\"line one\nline two\",end\n"
	    "2,\"a\n\nb,\"\"c\"\"\n\",\"second\nfield\"\n"
	    "3,\"\r\nonly\r\n\"\r\n"
	    "4,last\n", ',');
	struct csv_field *f;
	size_t n;

	EXPECT(r, "id|text", 1);
	EXPECT(r, "1|line one\nline two|end", 2);
	CHECK_INT(csv_next(r, &f, &n), CSV_OK);
	CHECK_INT(csv_line(r), 4);
	CHECK_INT(n, 3);
	CHECK_STR(f[1].s, "a\n\nb,\"c\"\n");
	CHECK_INT(f[1].len, 9);
	CHECK_STR(f[2].s, "second\nfield");
	EXPECT(r, "3|\nonly\n", 9);	/* CRLF inside quotes gives "\n" */
	EXPECT(r, "4|last", 12);
	EXPECT_EOF(r);
	done(r);
}

static void
test_crlf_bom_cr(void)
{
	struct csv_reader *r = open_str(
	    "\xEF\xBB\xBFid,text\r\n1,x\r\n\r\n2,\"y\"\r\n", ',');

	EXPECT(r, "id|text", 1);	/* BOM dropped, no '\r' kept */
	EXPECT(r, "1|x", 2);
	EXPECT(r, "2|y", 4);
	EXPECT_EOF(r);
	done(r);

	/* A pandas export: bare CRs, unquoted, inside a field. */
	r = open_str("1,@AskPayPal \r\rI just love,x\n2,a\rb\r\n", ',');
	EXPECT(r, "1|@AskPayPal \r\rI just love|x", 1);
	EXPECT(r, "2|a\rb", 2);
	EXPECT_EOF(r);
	done(r);
}

static void
test_blank_sep(void)
{
	struct csv_reader *r = open_str("\n\na,b\n\n\n\nc,d\n\n", ',');

	EXPECT(r, "a|b", 3);
	EXPECT(r, "c|d", 7);
	EXPECT_EOF(r);
	done(r);

	r = open_str("a;b,c;\"d;e\"\n;\n", ';');
	EXPECT(r, "a|b,c|d;e", 1);
	EXPECT(r, "|", 2);
	EXPECT_EOF(r);
	done(r);

	r = open_str("a\tb c\t\"d\te\"\n", '\t');
	EXPECT(r, "a|b c|d\te", 1);
	EXPECT_EOF(r);
	done(r);

	CHECK(csv_open(&lr, '"') == NULL);
}

static void
test_empty(void)
{
	struct csv_reader *r = open_str("", ',');

	EXPECT_EOF(r);
	done(r);
	r = open_str("\n\r\n\n", ',');
	EXPECT_EOF(r);
	done(r);
	r = open_str("\xEF\xBB\xBF", ',');
	EXPECT_EOF(r);
	done(r);
}

static void
test_unterminated(void)
{
	/* In the middle: the lines after the stray quote are records. */
	struct csv_reader *r = open_str("a,b\n1,\"x\n2,y\n3,z\n", ',');

	EXPECT(r, "a|b", 1);
	EXPECT_ERR(r, 2, "unterminated quoted field (opened at line 2)",
	    "1,\"x");
	EXPECT(r, "2|y", 3);
	EXPECT(r, "3|z", 4);
	EXPECT_EOF(r);
	done(r);

	/* At the end. */
	r = open_str("a\nb,\"c", ',');
	EXPECT(r, "a", 1);
	EXPECT_ERR(r, 2, "opened at line 2", "b,\"c");
	EXPECT_EOF(r);
	done(r);

	/* Quote opened on a later line of the record. */
	r = open_str("\"a\nb\",\"c\nd\n", ',');
	EXPECT_ERR(r, 1, "opened at line 2", "\"a");
	EXPECT_ERR(r, 2, "opened at line 2", "b\",\"c");
	EXPECT(r, "d", 3);
	EXPECT_EOF(r);
	done(r);

	/*
	 * A replayed line that fails again: x"y,"z leaves a quote open
	 * both as a record and inside a quoted field.
	 */
	r = open_str("1,\"x\n\nx\"y,\"z\n3,w\n", ',');
	EXPECT_ERR(r, 1, "opened at line 3", "1,\"x");
	EXPECT_ERR(r, 3, "opened at line 3", "x\"y,\"z");
	EXPECT(r, "3|w", 4);
	EXPECT_EOF(r);
	done(r);
}

static void
test_toolong(void)
{
	char in[512], want[128], big[101];
	struct csv_reader *r;

	memset(big, 'x', 100);
	big[100] = '\0';

	/* One physical line over max_line. */
	snprintf(in, sizeof(in), "a,b\n%s\nc,d\n", big);
	r = open_mem(in, strlen(in), 64, ',');
	EXPECT(r, "a|b", 1);
	EXPECT_ERR(r, 2, "line longer than 64 bytes", NULL);
	EXPECT(r, "c|d", 3);
	EXPECT_EOF(r);
	done(r);

	/* A quoted field running into an overlong line. */
	snprintf(in, sizeof(in), "1,\"x\n%s\n2,y\n", big);
	r = open_mem(in, strlen(in), 64, ',');
	EXPECT_ERR(r, 1, "record longer than 64 bytes", "1,\"x");
	EXPECT_ERR(r, 2, "line longer than 64 bytes", NULL);
	EXPECT(r, "2|y", 3);
	EXPECT_EOF(r);
	done(r);

	/*
	 * Joined lines over max_line: 33 + 1 + 30 = 64 fits, the next does
	 * not and is held back, not lost.
	 */
	snprintf(in, sizeof(in), "1,\"%.30s\n%.30s\n%.30s\n2,z\n",
	    big, big, big);
	snprintf(want, sizeof(want), "1,\"%.30s", big);
	r = open_mem(in, strlen(in), 64, ',');
	EXPECT_ERR(r, 1, "record longer than 64 bytes", want);
	EXPECT(r, big + 70, 2);
	EXPECT(r, big + 70, 3);
	EXPECT(r, "2|z", 4);
	EXPECT_EOF(r);
	done(r);

	/*
	 * Too long from line 1, but the replay from line 2 is a good
	 * two-line record ending in the held-back line 3.
	 */
	snprintf(in, sizeof(in), "1,\"%.40s\na\"b,\"c\n%.20s\"\n4,z\n",
	    big, big);
	r = open_mem(in, strlen(in), 64, ',');
	snprintf(want, sizeof(want), "1,\"%.40s", big);
	EXPECT_ERR(r, 1, "(quoted field opened at line 2)", want);
	snprintf(want, sizeof(want), "a\"b|c\n%.20s", big);
	EXPECT(r, want, 2);
	EXPECT(r, "4|z", 4);
	EXPECT_EOF(r);
	done(r);

	/* Exactly max_line bytes joined is accepted. */
	snprintf(in, sizeof(in), "\"%.30s\n%.31s\"\n", big, big);
	snprintf(want, sizeof(want), "%.30s\n%.31s", big, big);
	r = open_mem(in, strlen(in), 64, ',');
	EXPECT(r, want, 1);
	EXPECT_EOF(r);
	done(r);

	/* One byte more is not. */
	snprintf(in, sizeof(in), "\"%.30s\n%.32s\"\n", big, big);
	r = open_mem(in, strlen(in), 64, ',');
	EXPECT_ERR(r, 1, "record longer than 64 bytes", "\"xxxxxxxxxx"
	    "xxxxxxxxxxxxxxxxxxxx");
	EXPECT(r, "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx\"", 2);
	EXPECT_EOF(r);
	done(r);
}

static void
test_fields_cap(void)
{
	size_t n = 9000, i, rl;
	char *in = malloc(2 * n + 16);
	struct csv_field *f;
	struct csv_reader *r;
	const char *raw;
	size_t nf;

	/* Line 1: 4096 fields; line 2: 4905 fields; line 3: one. */
	for (i = 0; i < n; i++)
		memcpy(in + 2 * i, "x,", 2);
	memcpy(in + 2 * n, "\n4096\n", 7);
	in[2 * 4096 - 1] = '\n';
	r = open_str(in, ',');
	CHECK_INT(csv_next(r, &f, &nf), CSV_OK);
	CHECK_INT(nf, 4096);
	CHECK_STR(f[4095].s, "x");
	CHECK_INT(csv_next(r, &f, &nf), CSV_ERR);
	CHECK_INT(csv_line(r), 2);
	CHECK_STR(csv_error(r), "more than 4096 fields");
	csv_raw(r, &raw, &rl);
	CHECK_INT(rl, 2 * (n - 4096));
	CHECK(raw != NULL && memcmp(raw, in + 2 * 4096, rl) == 0);
	EXPECT(r, "4096", 3);
	EXPECT_EOF(r);
	done(r);
	free(in);
}

static void
test_big(void)
{
	/* A quoted field over many lines and buffer growth. */
	size_t lines = 20000, i, len = 0;
	char *in = malloc(lines * 8 + 64);
	struct csv_field *f;
	struct csv_reader *r;
	size_t n;

	len += (size_t)sprintf(in, "h\n\"");
	for (i = 0; i < lines; i++)
		len += (size_t)sprintf(in + len, "%06zu\n", i);
	len += (size_t)sprintf(in + len, "\",z\nlast\n");
	r = open_mem(in, len, 0, ',');
	EXPECT(r, "h", 1);
	CHECK_INT(csv_next(r, &f, &n), CSV_OK);
	CHECK_INT(csv_line(r), 2);
	CHECK_INT(n, 2);
	CHECK_INT(f[0].len, lines * 7);
	CHECK(memcmp(f[0].s + 7 * 12345, "012345\n", 7) == 0);
	CHECK_STR(f[1].s, "z");
	EXPECT(r, "last", (long)lines + 3);
	EXPECT_EOF(r);
	done(r);

	/* The same without its closing quote: every line comes back. */
	len -= strlen("\",z\nlast\n");
	r = open_mem(in, len, 0, ',');
	EXPECT(r, "h", 1);
	EXPECT_ERR(r, 2, "unterminated", "\"000000");
	for (i = 1; i < lines; i++) {
		char want[8];

		snprintf(want, sizeof(want), "%06zu", i);
		EXPECT(r, want, (long)i + 2);
	}
	EXPECT_EOF(r);
	done(r);
	free(in);
}

int
main(void)
{
	test_simple();
	test_quotes();
	test_multiline();
	test_crlf_bom_cr();
	test_blank_sep();
	test_empty();
	test_unterminated();
	test_toolong();
	test_fields_cap();
	test_big();
	return CHECK_DONE();
}
