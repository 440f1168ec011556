/* test_lineread.c - unit tests for lib/lineread.c */
#include <sys/socket.h>
#include <sys/wait.h>

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "check.h"
#include "lineread.h"

#define CHUNK	(256u << 10)	/* the reader's internal chunk, LR_CHUNK */

static void
die(const char *what)
{
	perror(what);
	exit(2);
}

/*
 * Put data in a temporary file and open a reader over it.  The reader
 * keeps the path as its name, so it must outlive the reader.
 */
static void
open_data(struct lreader *lr, const void *data, size_t len, size_t max_line)
{
	static char path[32];
	int fd;

	strcpy(path, "/tmp/test_lineread.XXXXXX");
	if ((fd = mkstemp(path)) == -1 ||
	    write(fd, data, len) != (ssize_t)len || close(fd) == -1)
		die(path);
	if (lr_open(lr, path, max_line) == -1)
		die("lr_open");
	unlink(path);
}

static void
open_str(struct lreader *lr, const char *s, size_t max_line)
{
	open_data(lr, s, strlen(s), max_line);
}

/*
 * Call lr_next and describe what came back, so that a test can compare
 * one string: "3:text" for line 3, "3:toolong:N", "eof", "error".
 * Bytes outside printable ASCII are shown as \xNN; lines over 200 bytes
 * as "3:[N bytes]".  A line not NUL-terminated at len shows "!nonul".
 */
static const char *
got(struct lreader *lr)
{
	static char out[1024];
	char *line = NULL;
	size_t len = 0, i, o;
	int r;

	r = lr_next(lr, &line, &len);
	switch (r) {
	case LR_EOF:
		return "eof";
	case LR_ERROR:
		return "error";
	case LR_TOOLONG:
		snprintf(out, sizeof(out), "%ld:toolong:%zu", lr->lineno,
		    lr->toolong_len);
		return out;
	case LR_LINE:
		break;
	default:
		return "bad return value";
	}
	if (line[len] != '\0')
		return "!nonul";
	if (len > 200) {
		snprintf(out, sizeof(out), "%ld:[%zu bytes]", lr->lineno, len);
		return out;
	}
	o = (size_t)snprintf(out, sizeof(out), "%ld:", lr->lineno);
	for (i = 0; i < len; i++) {
		unsigned char c = (unsigned char)line[i];

		if (c >= 0x20 && c < 0x7f && c != '\\')
			out[o++] = (char)c;
		else
			o += (size_t)snprintf(out + o, sizeof(out) - o,
			    "\\x%02x", c);
	}
	out[o] = '\0';
	return out;
}

static void
test_basic(void)
{
	struct lreader lr;

	open_str(&lr, "one\ntwo\nthree\n", 0);
	CHECK_INT(lr.max_line, LR_DEFAULT_MAX);
	CHECK_INT(lr.lineno, 0);
	CHECK_STR(got(&lr), "1:one");
	CHECK_STR(got(&lr), "2:two");
	CHECK_STR(got(&lr), "3:three");
	CHECK_STR(got(&lr), "eof");
	CHECK_STR(got(&lr), "eof");	/* EOF again, not a read */
	CHECK_INT(lr.lineno, 3);
	CHECK_INT(lr.err, 0);
	lr_close(&lr);

	/* CRLF; a lone CR inside a line is kept. */
	open_str(&lr, "a\r\nb\rc\r\n\r\nd\n", 0);
	CHECK_STR(got(&lr), "1:a");
	CHECK_STR(got(&lr), "2:b\\x0dc");
	CHECK_STR(got(&lr), "3:");
	CHECK_STR(got(&lr), "4:d");
	CHECK_STR(got(&lr), "eof");
	lr_close(&lr);

	/* The last line need not end in a newline (nor CRLF). */
	open_str(&lr, "x\nlast", 0);
	CHECK_STR(got(&lr), "1:x");
	CHECK_STR(got(&lr), "2:last");
	CHECK_STR(got(&lr), "eof");
	CHECK_INT(lr.lineno, 2);
	lr_close(&lr);
	open_str(&lr, "x\r\nlast\r", 0);
	CHECK_STR(got(&lr), "1:x");
	CHECK_STR(got(&lr), "2:last");
	CHECK_STR(got(&lr), "eof");
	lr_close(&lr);

	/* Blank lines are lines. */
	open_str(&lr, "\n\n \n\r\n", 0);
	CHECK_STR(got(&lr), "1:");
	CHECK_STR(got(&lr), "2:");
	CHECK_STR(got(&lr), "3: ");
	CHECK_STR(got(&lr), "4:");
	CHECK_STR(got(&lr), "eof");
	CHECK_INT(lr.lineno, 4);
	lr_close(&lr);

	/* Empty file; a file of one newline. */
	open_str(&lr, "", 0);
	CHECK_STR(got(&lr), "eof");
	CHECK_INT(lr.lineno, 0);
	lr_close(&lr);
	open_str(&lr, "\n", 0);
	CHECK_STR(got(&lr), "1:");
	CHECK_STR(got(&lr), "eof");
	lr_close(&lr);

	/* NUL bytes are data; the line is still NUL-terminated after them. */
	open_data(&lr, "a\0b\n\0\n", 6, 0);
	CHECK_STR(got(&lr), "1:a\\x00b");
	CHECK_STR(got(&lr), "2:\\x00");
	CHECK_STR(got(&lr), "eof");
	lr_close(&lr);
}

static void
test_bom(void)
{
	struct lreader lr;

	open_str(&lr, "\xEF\xBB\xBFhead\n\xEF\xBB\xBFtwo\n", 0);
	CHECK_STR(got(&lr), "1:head");
	CHECK_STR(got(&lr), "2:\\xef\\xbb\\xbftwo");
	CHECK_STR(got(&lr), "eof");
	lr_close(&lr);

	/* Only a BOM; a BOM and an empty line; a BOM on its own last line. */
	open_str(&lr, "\xEF\xBB\xBF", 0);
	CHECK_STR(got(&lr), "eof");
	CHECK_INT(lr.lineno, 0);
	lr_close(&lr);
	open_str(&lr, "\xEF\xBB\xBF\nx", 0);
	CHECK_STR(got(&lr), "1:");
	CHECK_STR(got(&lr), "2:x");
	CHECK_STR(got(&lr), "eof");
	lr_close(&lr);
	open_str(&lr, "\n\xEF\xBB\xBF", 0);
	CHECK_STR(got(&lr), "1:");
	CHECK_STR(got(&lr), "2:\\xef\\xbb\\xbf");
	CHECK_STR(got(&lr), "eof");
	lr_close(&lr);

	/* Not at the very start: kept. */
	open_str(&lr, " \xEF\xBB\xBFx\n", 0);
	CHECK_STR(got(&lr), "1: \\xef\\xbb\\xbfx");
	lr_close(&lr);
	/* Two BOMs: only the first is dropped. */
	open_str(&lr, "\xEF\xBB\xBF\xEF\xBB\xBFx\n", 0);
	CHECK_STR(got(&lr), "1:\\xef\\xbb\\xbfx");
	lr_close(&lr);
	/* A partial BOM is data. */
	open_str(&lr, "\xEF\xBB", 0);
	CHECK_STR(got(&lr), "1:\\xef\\xbb");
	CHECK_STR(got(&lr), "eof");
	lr_close(&lr);
}

static void
test_toolong_small(void)
{
	struct lreader lr;

	/* max_line 5: 5 bytes pass, 6 do not; CRLF does not count. */
	open_str(&lr, "12345\n123456\nab\n12345\r\n123456\r\nlast\n"
	    "1234567", 5);
	CHECK_STR(got(&lr), "1:12345");
	CHECK_STR(got(&lr), "2:toolong:6");
	CHECK_STR(got(&lr), "3:ab");
	CHECK_STR(got(&lr), "4:12345");
	CHECK_STR(got(&lr), "5:toolong:6");
	CHECK_STR(got(&lr), "6:last");
	CHECK_STR(got(&lr), "7:toolong:7");
	CHECK_STR(got(&lr), "eof");
	CHECK_INT(lr.lineno, 7);
	lr_close(&lr);

	/* A too-long first line, and several in a row. */
	open_str(&lr, "abcdefgh\nijklmnop\nqrstuvwxyz\nok\n", 3);
	CHECK_STR(got(&lr), "1:toolong:8");
	CHECK_STR(got(&lr), "2:toolong:8");
	CHECK_STR(got(&lr), "3:toolong:10");
	CHECK_STR(got(&lr), "4:ok");
	CHECK_STR(got(&lr), "eof");
	lr_close(&lr);

	/* max_line 1 */
	open_str(&lr, "a\nbb\n\nc", 1);
	CHECK_STR(got(&lr), "1:a");
	CHECK_STR(got(&lr), "2:toolong:2");
	CHECK_STR(got(&lr), "3:");
	CHECK_STR(got(&lr), "4:c");
	CHECK_STR(got(&lr), "eof");
	lr_close(&lr);
}

/* A buffer of n bytes: c repeated, then "\n" when nl. */
static char *
filled(size_t n, char c, int nl)
{
	char *s;

	if ((s = malloc(n + 1)) == NULL)
		die("malloc");
	memset(s, c, n);
	if (nl)
		s[n] = '\n';
	return s;
}

static void
test_toolong_big(void)
{
	struct lreader lr;
	char *buf, *line, want[64];
	size_t n, len, i;
	const size_t mib = 1u << 20;
	int ok;

	/*
	 * Lines of 1 MiB with max_line 100: each is skipped to its end,
	 * the lines around them come through whole, line numbers go on.
	 */
	n = 3 + (mib + 1) + 4 + (mib + 2) + 3 + mib;
	if ((buf = malloc(n)) == NULL)
		die("malloc");
	i = 0;
	memcpy(buf + i, "aa\n", 3), i += 3;
	memset(buf + i, 'x', mib), i += mib;
	buf[i++] = '\n';
	memcpy(buf + i, "bbb\n", 4), i += 4;
	memset(buf + i, 'y', mib), i += mib;		/* CRLF line */
	memcpy(buf + i, "\r\n", 2), i += 2;
	memcpy(buf + i, "cc\n", 3), i += 3;
	memset(buf + i, 'z', mib), i += mib;		/* last, no newline */
	open_data(&lr, buf, i, 100);
	CHECK_STR(got(&lr), "1:aa");
	snprintf(want, sizeof(want), "2:toolong:%zu", mib);
	CHECK_STR(got(&lr), want);
	CHECK_STR(got(&lr), "3:bbb");
	snprintf(want, sizeof(want), "4:toolong:%zu", mib);
	CHECK_STR(got(&lr), want);
	CHECK_STR(got(&lr), "5:cc");
	snprintf(want, sizeof(want), "6:toolong:%zu", mib);
	CHECK_STR(got(&lr), want);
	CHECK_STR(got(&lr), "eof");
	CHECK_INT(lr.lineno, 6);
	lr_close(&lr);

	/* The same with a max_line that lets the 1 MiB lines through. */
	open_data(&lr, buf, i, 2 * mib);
	CHECK_STR(got(&lr), "1:aa");
	CHECK(lr_next(&lr, &line, &len) == LR_LINE);
	CHECK_INT(len, mib);
	CHECK(len == mib && line[0] == 'x' && line[mib - 1] == 'x' &&
	    line[mib] == '\0' && memchr(line, 'y', mib) == NULL);
	CHECK_STR(got(&lr), "3:bbb");
	CHECK(lr_next(&lr, &line, &len) == LR_LINE);
	CHECK_INT(len, mib);		/* without the CR */
	CHECK(len == mib && line[mib - 1] == 'y' && line[mib] == '\0');
	CHECK_STR(got(&lr), "5:cc");
	CHECK(lr_next(&lr, &line, &len) == LR_LINE);
	CHECK_INT(len, mib);
	CHECK(len == mib && line[0] == 'z' && line[mib - 1] == 'z' &&
	    line[mib] == '\0');
	CHECK_INT(lr.lineno, 6);
	CHECK_STR(got(&lr), "eof");
	lr_close(&lr);
	free(buf);

	/* One line of 20 MiB between two short ones, max_line 1000. */
	n = 20 * mib;
	buf = filled(n, 'w', 1);
	{
		static char path[] = "/tmp/test_lineread.XXXXXX";
		int fd;

		if ((fd = mkstemp(path)) == -1 || write(fd, "s1\n", 3) != 3 ||
		    write(fd, buf, n + 1) != (ssize_t)(n + 1) ||
		    write(fd, "s2\n", 3) != 3 || close(fd) == -1)
			die(path);
		if (lr_open(&lr, path, 1000) == -1)
			die("lr_open");
		unlink(path);
	}
	free(buf);
	CHECK_STR(got(&lr), "1:s1");
	snprintf(want, sizeof(want), "2:toolong:%zu", n);
	CHECK_STR(got(&lr), want);
	CHECK_STR(got(&lr), "3:s2");
	CHECK_STR(got(&lr), "eof");
	/* It never held more than max_line plus a chunk. */
	CHECK(lr.cap <= 1000 + CHUNK);
	lr_close(&lr);

	/*
	 * Around the chunk size, with max_line above it: exactly max_line
	 * passes (the buffer grows), one more byte does not.
	 */
	n = CHUNK + 1000;
	/* "q" * n, "\n", "q" * (n + 1), "\nend" */
	buf = filled(2 * n + 6, 'q', 0);
	buf[n] = '\n';
	memcpy(buf + 2 * n + 2, "\nend", 4);
	open_data(&lr, buf, 2 * n + 6, n);
	free(buf);
	ok = lr_next(&lr, &line, &len) == LR_LINE;
	CHECK(ok);
	CHECK_INT(len, n);
	CHECK(ok && line[len] == '\0' && line[len - 1] == 'q');
	snprintf(want, sizeof(want), "2:toolong:%zu", n + 1);
	CHECK_STR(got(&lr), want);
	CHECK_STR(got(&lr), "3:end");
	CHECK_STR(got(&lr), "eof");
	lr_close(&lr);

	/* A last line that fills the first chunk exactly, no newline. */
	buf = filled(CHUNK, 'e', 0);
	open_data(&lr, buf, CHUNK, 0);
	free(buf);
	ok = lr_next(&lr, &line, &len) == LR_LINE;
	CHECK(ok);
	CHECK_INT(len, CHUNK);
	CHECK(ok && line[len] == '\0');
	CHECK_STR(got(&lr), "eof");
	lr_close(&lr);

	/* Many lines across chunk boundaries: every one whole, in order. */
	{
		size_t total = 0, cnt = 60000, k;
		char *all = malloc(cnt * 12), num[16];

		if (all == NULL)
			die("malloc");
		for (k = 0; k < cnt; k++)
			total += (size_t)sprintf(all + total, "%zu%s\n", k,
			    k % 3 == 0 ? "\r" : "");
		open_data(&lr, all, total, 0);
		free(all);
		ok = 1;
		for (k = 0; k < cnt && ok; k++) {
			snprintf(num, sizeof(num), "%zu", k);
			ok = lr_next(&lr, &line, &len) == LR_LINE &&
			    len == strlen(num) && strcmp(line, num) == 0 &&
			    lr.lineno == (long)k + 1;
		}
		CHECK(ok);
		CHECK_STR(got(&lr), "eof");
		lr_close(&lr);
	}
}

static void
test_unread(void)
{
	struct lreader lr;
	char *line;
	size_t len;

	open_str(&lr, "first\r\nsecond\nthird", 0);
	CHECK_STR(got(&lr), "1:first");
	lr_unread(&lr);
	CHECK_INT(lr.lineno, 0);
	CHECK_STR(got(&lr), "1:first");	/* CRLF line, again */
	lr_unread(&lr);
	lr_unread(&lr);			/* a second unread does nothing */
	CHECK_STR(got(&lr), "1:first");
	CHECK_STR(got(&lr), "2:second");
	lr_unread(&lr);
	CHECK_STR(got(&lr), "2:second");
	CHECK_STR(got(&lr), "3:third");	/* no newline at the end */
	lr_unread(&lr);
	CHECK_INT(lr.lineno, 2);
	CHECK_STR(got(&lr), "3:third");
	CHECK_STR(got(&lr), "eof");
	lr_unread(&lr);			/* after EOF: nothing to give back */
	CHECK_STR(got(&lr), "eof");
	CHECK_INT(lr.lineno, 3);
	lr_close(&lr);

	/* After a BOM, an empty line, and a too-long line (not undone). */
	open_str(&lr, "\xEF\xBB\xBFhead\n\ntoolongline\nz\n", 4);
	CHECK(lr_next(&lr, &line, &len) == LR_LINE);
	lr_unread(&lr);
	CHECK_STR(got(&lr), "1:head");
	CHECK_STR(got(&lr), "2:");
	lr_unread(&lr);
	CHECK_STR(got(&lr), "2:");
	CHECK_STR(got(&lr), "3:toolong:11");
	lr_unread(&lr);
	CHECK_STR(got(&lr), "4:z");
	CHECK_STR(got(&lr), "eof");
	lr_close(&lr);
}

/*
 * Reading from a socket that gives one small piece per read(2): a child
 * writes the pieces as SOCK_SEQPACKET records, so the boundaries the
 * reader sees are exactly these, whatever the timing.
 */
static pid_t
piecewise(struct lreader *lr, const char *data, size_t len,
    const size_t *sizes, size_t nsizes, size_t max_line)
{
	int sv[2];
	pid_t pid;
	size_t off, k, n;

	if (socketpair(AF_UNIX, SOCK_SEQPACKET, 0, sv) == -1)
		die("socketpair");
	fflush(stdout);
	fflush(stderr);
	if ((pid = fork()) == -1)
		die("fork");
	if (pid == 0) {
		close(sv[0]);
		for (off = 0, k = 0; off < len; off += n, k++) {
			n = nsizes ? sizes[k % nsizes] : 1;
			if (n > len - off)
				n = len - off;
			if (write(sv[1], data + off, n) != (ssize_t)n)
				_exit(3);
		}
		_exit(0);
	}
	close(sv[1]);
	if (lr_open(lr, "-", max_line) == -1)
		die("lr_open");
	lr->fd = sv[0];
	return pid;
}

static void
piecewise_done(struct lreader *lr, pid_t pid)
{
	int st;

	close(lr->fd);
	lr_close(lr);
	CHECK(waitpid(pid, &st, 0) == pid && WIFEXITED(st) &&
	    WEXITSTATUS(st) == 0);
}

static void
test_pieces(void)
{
	static const char in[] =
	    "\xEF\xBB\xBF{\"a\":1}\r\n\n{\"b\":\"two\"}\ntoo long here\n"
	    "\xEF\xBB\xBFx\r\nend";
	static const size_t ones[] = { 1 };
	static const size_t mixed[] = { 2, 1, 3, 5, 1, 7 };
	static const size_t s2[] = { 2 };
	struct lreader lr;
	pid_t pid;
	int pass;

	for (pass = 0; pass < 3; pass++) {
		pid = piecewise(&lr, in, sizeof(in) - 1,
		    pass == 0 ? ones : pass == 1 ? mixed : s2,
		    pass == 0 ? 1 : pass == 1 ? 6 : 1, 12);
		CHECK_STR(got(&lr), "1:{\"a\":1}");
		lr_unread(&lr);
		CHECK_STR(got(&lr), "1:{\"a\":1}");
		CHECK_STR(got(&lr), "2:");
		CHECK_STR(got(&lr), "3:{\"b\":\"two\"}");
		CHECK_STR(got(&lr), "4:toolong:13");
		CHECK_STR(got(&lr), "5:\\xef\\xbb\\xbfx");
		CHECK_STR(got(&lr), "6:end");
		lr_unread(&lr);
		CHECK_STR(got(&lr), "6:end");
		CHECK_STR(got(&lr), "eof");
		piecewise_done(&lr, pid);
	}

	/* A BOM split over reads is still dropped; a short first line. */
	{
		static const size_t sz[] = { 1, 1, 1, 1 };

		pid = piecewise(&lr, "\xEF\xBB\xBFok\n", 6, sz, 4, 0);
		CHECK_STR(got(&lr), "1:ok");
		CHECK_STR(got(&lr), "eof");
		piecewise_done(&lr, pid);
		pid = piecewise(&lr, "a\n\xEF\xBB\xBF\n", 6, sz, 4, 0);
		CHECK_STR(got(&lr), "1:a");
		CHECK_STR(got(&lr), "2:\\xef\\xbb\\xbf");
		CHECK_STR(got(&lr), "eof");
		piecewise_done(&lr, pid);
	}

	/*
	 * A CRLF line of exactly max_line bytes whose CR ends one read and
	 * whose LF starts the next is a line like any other, not too long.
	 */
	{
		static const size_t sz[] = { 6, 1, 3, 7, 1, 100 };

		pid = piecewise(&lr, "abcde\r\nxy\nabcdef\r\nlast\n", 23, sz,
		    6, 5);
		CHECK_STR(got(&lr), "1:abcde");
		CHECK_STR(got(&lr), "2:xy");
		CHECK_STR(got(&lr), "3:toolong:6");
		CHECK_STR(got(&lr), "4:last");
		CHECK_STR(got(&lr), "eof");
		piecewise_done(&lr, pid);
	}

	/* A long CRLF line skipped over many reads: its length without CR. */
	{
		static const size_t sz[] = { 3 };
		char *big = filled(1000, 'k', 0);

		memcpy(big + 990, "\r\nnext\r\n", 8);
		pid = piecewise(&lr, big, 998, sz, 1, 10);
		CHECK_STR(got(&lr), "1:toolong:990");
		CHECK_STR(got(&lr), "2:next");
		CHECK_STR(got(&lr), "eof");
		piecewise_done(&lr, pid);
		/* The same with the CR alone at the end of a read. */
		pid = piecewise(&lr, big, 998, sz, 0, 10);
		CHECK_STR(got(&lr), "1:toolong:990");
		CHECK_STR(got(&lr), "2:next");
		CHECK_STR(got(&lr), "eof");
		piecewise_done(&lr, pid);
		free(big);
	}
}

/* A real pipe fed in small, uneven writes: the same lines come out. */
static void
test_pipe(void)
{
	struct lreader lr;
	char *data, *line, num[32];
	size_t len, total = 0, k, off, n;
	const size_t cnt = 20000;
	int fds[2], st, ok;
	pid_t pid;

	if ((data = malloc(cnt * 24)) == NULL)
		die("malloc");
	for (k = 0; k < cnt; k++)
		total += (size_t)sprintf(data + total, "line %zu%s\n", k,
		    k % 7 == 0 ? "\r" : "");
	if (pipe(fds) == -1)
		die("pipe");
	fflush(stdout);
	fflush(stderr);
	if ((pid = fork()) == -1)
		die("fork");
	if (pid == 0) {
		close(fds[0]);
		for (off = 0, k = 0; off < total; off += n, k++) {
			n = 1 + (k * 7919) % 13;
			if (n > total - off)
				n = total - off;
			if (write(fds[1], data + off, n) != (ssize_t)n)
				_exit(3);
		}
		_exit(0);
	}
	close(fds[1]);
	if (lr_open(&lr, NULL, 64) == -1)
		die("lr_open");
	CHECK_STR(lr.name, "<stdin>");
	lr.fd = fds[0];
	ok = 1;
	for (k = 0; k < cnt && ok; k++) {
		snprintf(num, sizeof(num), "line %zu", k);
		ok = lr_next(&lr, &line, &len) == LR_LINE &&
		    len == strlen(num) && memcmp(line, num, len) == 0 &&
		    line[len] == '\0' && lr.lineno == (long)k + 1;
	}
	CHECK(ok);
	CHECK_STR(got(&lr), "eof");
	close(fds[0]);
	lr_close(&lr);
	CHECK(waitpid(pid, &st, 0) == pid && WIFEXITED(st) &&
	    WEXITSTATUS(st) == 0);
	free(data);
}

/* The idle hook: the test's own writer, called only when the pipe is
 * empty; it feeds the next line, then closes the pipe. */
struct feeder {
	int	fd, calls;
	char	lines[3][8];
};

static void
feed(void *arg)
{
	struct feeder *f = arg;

	if (f->calls < 3) {
		if (write(f->fd, f->lines[f->calls],
		    strlen(f->lines[f->calls])) < 0)
			die("write");
	} else if (f->fd >= 0) {
		close(f->fd);
		f->fd = -1;
	}
	f->calls++;
}

static void
test_idle(void)
{
	struct feeder f = { -1, 0, { "one\n", "two\n", "three\n" } };
	struct lreader lr;
	static char path[] = "/tmp/test_lineread_idle.XXXXXX";
	int fds[2], fd;

	/* A pipe: idle before each read that would wait, never else. */
	if (pipe(fds) == -1)
		die("pipe");
	if (lr_open(&lr, NULL, 0) == -1)
		die("lr_open");
	lr.fd = fds[0];
	lr.may_wait = 1;
	lr.idle = feed;
	lr.idle_arg = &f;
	f.fd = fds[1];
	CHECK_STR(got(&lr), "1:one");
	CHECK_INT(f.calls, 1);
	CHECK_STR(got(&lr), "2:two");
	CHECK_STR(got(&lr), "3:three");
	CHECK_STR(got(&lr), "eof");
	CHECK_INT(f.calls, 4);		/* three lines, then the close */
	close(fds[0]);
	lr_close(&lr);

	/* A regular file never waits: no idle call, even at its end. */
	if ((fd = mkstemp(path)) == -1 || write(fd, "a\n", 2) != 2 ||
	    close(fd) == -1)
		die(path);
	if (lr_open(&lr, path, 0) == -1)
		die("lr_open");
	CHECK_INT(lr.may_wait, 0);
	f.calls = 0;
	lr.idle = feed;
	lr.idle_arg = &f;
	CHECK_STR(got(&lr), "1:a");
	CHECK_STR(got(&lr), "eof");
	CHECK_INT(f.calls, 0);
	lr_close(&lr);
	unlink(path);
}

static void
test_open_close(void)
{
	struct lreader lr;
	static char path[] = "/tmp/test_lineread.XXXXXX";
	int fd, saved;

	errno = 0;
	CHECK_INT(lr_open(&lr, "/nonexistent/dir/file", 0), -1);
	CHECK_INT(errno, ENOENT);

	/* A read error is reported as such, with errno kept. */
	if ((fd = mkstemp(path)) == -1 || close(fd) == -1)
		die(path);
	if (lr_open(&lr, path, 0) == -1)
		die("lr_open");
	close(lr.fd);
	lr.fd = open("/", O_RDONLY | O_DIRECTORY);	/* read(2): EISDIR */
	CHECK_STR(got(&lr), "error");
	CHECK_INT(lr.err, EISDIR);
	lr_close(&lr);
	CHECK_INT(lr.fd, -1);

	/* stdin ("-") is read but never closed. */
	if ((saved = dup(0)) == -1)
		die("dup");
	if ((fd = open(path, O_WRONLY | O_TRUNC)) == -1 ||
	    write(fd, "in\n", 3) != 3 || close(fd) == -1)
		die(path);
	if ((fd = open(path, O_RDONLY)) == -1 || dup2(fd, 0) == -1)
		die(path);
	close(fd);
	if (lr_open(&lr, "-", 0) == -1)
		die("lr_open");
	CHECK_STR(lr.name, "<stdin>");
	CHECK_INT(lr.fd, 0);
	CHECK_STR(got(&lr), "1:in");
	CHECK_STR(got(&lr), "eof");
	lr_close(&lr);
	CHECK(fcntl(0, F_GETFD) != -1);

	/* A named file that got descriptor 0 is closed. */
	close(0);
	if (lr_open(&lr, path, 0) == -1)
		die("lr_open");
	CHECK_INT(lr.fd, 0);
	CHECK_STR(got(&lr), "1:in");
	lr_close(&lr);
	CHECK(fcntl(0, F_GETFD) == -1);
	if (dup2(saved, 0) == -1)
		die("dup2");
	close(saved);
	unlink(path);
}

int
main(void)
{
	test_basic();
	test_bom();
	test_toolong_small();
	test_toolong_big();
	test_unread();
	test_pieces();
	test_pipe();
	test_idle();
	test_open_close();
	return CHECK_DONE();
}
