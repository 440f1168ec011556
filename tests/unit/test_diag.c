/* test_diag.c - unit tests for lib/diag.c */
#include <sys/wait.h>

#include <errno.h>
#include <stdarg.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "check.h"
#include "diag.h"

static void
die(const char *what)
{
	perror(what);
	exit(2);
}

/* The whole of a file, NUL-terminated, in a static buffer. */
static const char *
slurp(const char *path)
{
	static char buf[16384];
	ssize_t n;
	size_t len = 0;
	int fd;

	if ((fd = open(path, O_RDONLY)) == -1)
		die(path);
	while ((n = read(fd, buf + len, sizeof(buf) - 1 - len)) > 0)
		len += (size_t)n;
	close(fd);
	buf[len] = '\0';
	return buf;
}

/*
 * stderr into a temporary file between cap_begin() and cap_end(), which
 * returns what was written.  No CHECK in between: it would go there too.
 */
static char cappath[32];
static int capsaved = -1;

static void
cap_begin(void)
{
	int fd;

	fflush(stderr);
	strcpy(cappath, "/tmp/test_diag_err.XXXXXX");
	if ((fd = mkstemp(cappath)) == -1 || (capsaved = dup(2)) == -1 ||
	    dup2(fd, 2) == -1)
		die("capture");
	close(fd);
}

static const char *
cap_end(void)
{
	const char *s;

	fflush(stderr);
	if (dup2(capsaved, 2) == -1)
		die("dup2");
	close(capsaved);
	s = slurp(cappath);
	unlink(cappath);
	return s;
}

/* The rejects file, and what it held at the last look. */
static char rejpath[32];
static size_t rejseen;

/* What was appended to the rejects file since the last call. */
static const char *
new_rejects(void)
{
	static char out[16384];
	const char *all = slurp(rejpath);
	size_t len = strlen(all);

	strcpy(out, len >= rejseen ? all + rejseen : "(file shrank)");
	rejseen = len;
	return out;
}

/*
 * Run fn in a child with stderr going to a file; returns its exit
 * status (or 1000 + signal) and leaves its stderr in childerr.
 */
static char childerr[16384];

static int
in_child(void (*fn)(void))
{
	char path[] = "/tmp/test_diag_child.XXXXXX";
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
		_exit(99);		/* fn should have exited */
	}
	close(fd);
	if (waitpid(pid, &st, 0) != pid)
		die("waitpid");
	strcpy(childerr, slurp(path));
	unlink(path);
	return WIFEXITED(st) ? WEXITSTATUS(st) : 1000 + WTERMSIG(st);
}

/* diag_status over a list in a fresh child; returns diag_finish(). */
static int seq[16];
static int nseq;

static void
run_seq(void)
{
	int i;

	for (i = 0; i < nseq; i++)
		diag_status(seq[i]);
	_exit(diag_finish());
}

/* The status after diag_status() of each of the n arguments. */
static int
status_after(int n, ...)
{
	va_list ap;
	int i;

	va_start(ap, n);
	for (i = 0; i < n; i++)
		seq[i] = va_arg(ap, int);
	va_end(ap);
	nseq = n;
	return in_child(run_seq);
}

static void
test_status(void)
{
	/* Children start from this process's status, which is still 0. */
	CHECK_INT(status_after(0), 0);
	CHECK_INT(status_after(1, 0), 0);
	CHECK_INT(status_after(1, EX_DATAERR), 65);
	CHECK_INT(status_after(2, EX_DATAERR, EX_DATAERR), 65);
	/* 0 never lowers the status. */
	CHECK_INT(status_after(2, EX_DATAERR, 0), 65);
	CHECK_INT(status_after(2, EX_IOERR, 0), 74);
	/* Any failure outranks 65; 65 does not override one. */
	CHECK_INT(status_after(2, EX_DATAERR, EX_IOERR), 74);
	CHECK_INT(status_after(2, EX_IOERR, EX_DATAERR), 74);
	/* Between failures the first one stays. */
	CHECK_INT(status_after(2, EX_IOERR, EX_SOFTWARE), 74);
	CHECK_INT(status_after(2, EX_SOFTWARE, EX_IOERR), 70);
	CHECK_INT(status_after(4, EX_NOINPUT, EX_DATAERR, 0, EX_IOERR), 66);
	CHECK_INT(status_after(5, 0, EX_DATAERR, EX_CONFIG, EX_DATAERR,
	    EX_IOERR), 78);
	CHECK_INT(status_after(1, EX_USAGE), 64);
	CHECK_INT(childerr[0], '\0');
}

static void
test_messages(void)
{
	const char *err;

	diag_init("scs-test");
	CHECK_STR(diag_tool(), "scs-test");
	diag_init("/usr/local/bin/scs-x");
	CHECK_STR(diag_tool(), "scs-x");
	diag_init("./scs-test");
	CHECK_STR(diag_tool(), "scs-test");

	cap_begin();
	diag_warn("plain %d", 42);
	diag_at("in.json", 8, "bad %s", "thing");
	diag_at("in.json", 0, "no line");
	diag_at("<stdin>", 123456789, "%s", "big");
	err = cap_end();
	CHECK_STR(err,
	    "scs-test: plain 42\n"
	    "scs-test: in.json:8: bad thing\n"
	    "scs-test: in.json: no line\n"
	    "scs-test: <stdin>:123456789: big\n");

	/* Nothing so far changed the status or counted a reject. */
	CHECK_INT(diag_nrejects(), 0);
	CHECK_INT(diag_finish(), 0);
}

/* One reject with stderr captured: returns what it printed. */
static const char *
reject(const char *file, long line, const char *raw, size_t rawlen,
    const char *reason)
{
	cap_begin();
	diag_reject(file, line, raw, rawlen, "%s", reason);
	return cap_end();
}

static void
test_rejects(void)
{
	char big[3000];
	const char *s;
	int fd;

	/* A rejects file that cannot be opened. */
	cap_begin();
	fd = diag_rejects_open("/nonexistent/dir/rejects");
	s = cap_end();
	CHECK_INT(fd, -1);
	CHECK_STR(s, "scs-test: /nonexistent/dir/rejects: "
	    "No such file or directory\n");

	/* Rejects without a file: counted, on stderr only. */
	CHECK_STR(reject("a.csv", 2, "x,y", 3, "too few fields"),
	    "scs-test: a.csv:2: too few fields\n");
	CHECK_INT(diag_nrejects(), 1);

	strcpy(rejpath, "/tmp/test_diag_rej.XXXXXX");
	if ((fd = mkstemp(rejpath)) == -1 || write(fd, "old\n", 4) != 4 ||
	    close(fd) == -1)
		die(rejpath);
	rejseen = 0;
	cap_begin();
	fd = diag_rejects_open(rejpath);
	s = cap_end();
	CHECK_INT(fd, 0);
	CHECK_STR(s, "");
	CHECK_STR(new_rejects(), "old\n");	/* appended to, not truncated */

	CHECK_STR(reject("x.json", 8, "{\"a\":1", 6, "invalid JSON"),
	    "scs-test: x.json:8: invalid JSON\n");
	CHECK_STR(new_rejects(), "{\"type\":\"reject\",\"tool\":\"scs-test\","
	    "\"file\":\"x.json\",\"line\":8,\"reason\":\"invalid JSON\","
	    "\"input\":\"{\\\"a\\\":1\"}\n");
	CHECK_INT(diag_nrejects(), 2);

	/* UTF-8 input stays as it is; control characters are escaped. */
	reject("é.json", 1, "café \xF0\x9F\x98\x80\t\\", 12, "r");
	CHECK_STR(new_rejects(), "{\"type\":\"reject\",\"tool\":\"scs-test\","
	    "\"file\":\"é.json\",\"line\":1,\"reason\":\"r\","
	    "\"input\":\"café \xF0\x9F\x98\x80\\t\\\\\"}\n");

	/* Line 0 and no input: neither key. Empty input: "input":"". */
	CHECK_STR(reject("whole.csv", 0, NULL, 0, "no header"),
	    "scs-test: whole.csv: no header\n");
	CHECK_STR(new_rejects(), "{\"type\":\"reject\",\"tool\":\"scs-test\","
	    "\"file\":\"whole.csv\",\"reason\":\"no header\"}\n");
	reject("e", 3, "", 0, "empty");
	CHECK_STR(new_rejects(), "{\"type\":\"reject\",\"tool\":\"scs-test\","
	    "\"file\":\"e\",\"line\":3,\"reason\":\"empty\",\"input\":\"\"}\n");

	/* Bytes that are not UTF-8, or hold a NUL: base64, every padding. */
#define B64(raw, want) do { \
	reject("b", 1, raw, sizeof(raw) - 1, "bad"); \
	CHECK_STR(new_rejects(), "{\"type\":\"reject\",\"tool\":\"scs-test\"," \
	    "\"file\":\"b\",\"line\":1,\"reason\":\"bad\"," \
	    "\"input_base64\":\"" want "\"}\n"); \
} while (0)
	B64("\0", "AA==");
	B64("f\0", "ZgA=");
	B64("fo\0", "Zm8A");
	B64("foo\0", "Zm9vAA==");
	B64("foo\0bar", "Zm9vAGJhcg==");
	B64("\xff", "/w==");
	B64("\xfb\xff", "+/8=");
	B64("\xfb\xff\xbf", "+/+/");
	B64("caf\xe9", "Y2Fm6Q==");		/* Latin-1 */
	B64("\xc3\x28", "wyg=");		/* a lead byte, then ASCII */
	B64("\xed\xa0\x80", "7aCA");		/* a surrogate */
	B64("\xc0\xaf", "wK8=");		/* overlong */
	B64("\xf4\x90\x80\x80", "9JCAgA==");	/* above U+10FFFF */
	B64("ok\n\xff\xfe\0x", "b2sK//4AeA==");
#undef B64
	CHECK_INT(diag_nrejects(), 19);

	/*
	 * A reason cut at 1023 bytes in the middle of a character, and a
	 * file name that is not UTF-8, still give a reason and a file.
	 */
	memset(big, 'a', sizeof(big));
	memcpy(big + 1022, "é", 2);
	big[sizeof(big) - 1] = '\0';
	reject("bad\xff.csv", 4, "x", 1, big);
	{
		/* Each byte that is not UTF-8 is U+FFFD (EF BF BD). */
		char want[1200];
		int o;

		o = snprintf(want, sizeof(want), "{\"type\":\"reject\","
		    "\"tool\":\"scs-test\",\"file\":\"bad\xEF\xBF\xBD.csv\","
		    "\"line\":4,\"reason\":\"");
		memset(want + o, 'a', 1022);
		strcpy(want + o + 1022, "\xEF\xBF\xBD\",\"input\":\"x\"}\n");
		CHECK_STR(new_rejects(), want);
	}
	CHECK_INT(diag_nrejects(), 20);

	/* The status the run earned; the file is closed after. */
	CHECK_INT(diag_finish(), EX_DATAERR);
	diag_status(EX_IOERR);
	diag_status(EX_DATAERR);
	CHECK_INT(diag_finish(), EX_IOERR);
	reject("after", 1, "x", 1, "closed");
	CHECK_STR(new_rejects(), "");
	CHECK_INT(diag_nrejects(), 21);
	CHECK_INT(diag_finish(), EX_IOERR);
}

/* --strict: the first reject is recorded, then exit 65. */
static void
strict_child(void)
{
	if (diag_rejects_open(rejpath) == -1)
		_exit(98);
	diag_set_strict(1);
	diag_reject("s.json", 5, "{", 1, "unexpected end");
	_exit(0);	/* not reached */
}

static void
fatal_child(void)
{
	diag_fatal(EX_CONFIG, "bad rule %d", 7);
}

/* A rejects file that cannot be written: EX_IOERR, said on stderr. */
static void
full_child(void)
{
	if (diag_rejects_open("/dev/full") == -1)
		_exit(98);
	diag_reject("f", 1, "x", 1, "r");
	_exit(diag_finish());
}

static void
test_children(void)
{
	CHECK_INT(in_child(strict_child), EX_DATAERR);
	CHECK_STR(childerr, "scs-test: s.json:5: unexpected end\n"
	    "scs-test: stopped at the first rejected input (--strict)\n");
	CHECK_STR(new_rejects(), "{\"type\":\"reject\",\"tool\":\"scs-test\","
	    "\"file\":\"s.json\",\"line\":5,\"reason\":\"unexpected end\","
	    "\"input\":\"{\"}\n");

	CHECK_INT(in_child(fatal_child), EX_CONFIG);
	CHECK_STR(childerr, "scs-test: bad rule 7\n");

	CHECK_INT(in_child(full_child), EX_IOERR);
	CHECK(strncmp(childerr, "scs-test: f:1: r\n"
	    "scs-test: rejects file: No space left on device\n", 66) == 0);
	unlink(rejpath);
}

int
main(void)
{
	test_status();
	test_messages();
	test_rejects();
	test_children();
	return CHECK_DONE();
}
