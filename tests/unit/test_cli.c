/* test_cli.c - unit tests for lib/cli.c */
#include <sys/wait.h>

#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "check.h"
#include "cli.h"
#include "diag.h"
#include "record.h"
#include "stats.h"

/* The size parsed from s, or -1 when refused (then *out is untouched). */
static long long
size_of(const char *s)
{
	size_t v = 12345;

	if (cli_parse_size(s, &v) == -1)
		return v == 12345 ? -1 : -2;
	return (long long)v;
}

static void
test_parse_size(void)
{
	CHECK_INT(size_of("1048576"), 1048576);
	CHECK_INT(size_of("1"), 1);
	CHECK_INT(size_of("16M"), 16LL << 20);
	CHECK_INT(size_of("16m"), 16LL << 20);
	CHECK_INT(size_of("512k"), 512LL << 10);
	CHECK_INT(size_of("512K"), 512LL << 10);
	CHECK_INT(size_of("1G"), 1LL << 30);
	CHECK_INT(size_of("1g"), 1LL << 30);
	/* Up to 2G, in any unit. */
	CHECK_INT(size_of("2G"), 2LL << 30);
	CHECK_INT(size_of("2048M"), 2LL << 30);
	CHECK_INT(size_of("2097152k"), 2LL << 30);
	CHECK_INT(size_of("2147483648"), 2LL << 30);
	CHECK_INT(size_of("2147483649"), -1);
	CHECK_INT(size_of("2049M"), -1);
	CHECK_INT(size_of("3G"), -1);

	CHECK_INT(size_of(""), -1);
	CHECK_INT(size_of("-1"), -1);
	CHECK_INT(size_of("-0"), -1);
	CHECK_INT(size_of("-1k"), -1);
	CHECK_INT(size_of("12x"), -1);
	CHECK_INT(size_of("0"), -1);
	CHECK_INT(size_of("0k"), -1);
	CHECK_INT(size_of("k"), -1);
	CHECK_INT(size_of("M"), -1);
	CHECK_INT(size_of("16MB"), -1);
	CHECK_INT(size_of("16 M"), -1);
	CHECK_INT(size_of("1.5M"), -1);
	CHECK_INT(size_of("0x10"), -1);
	CHECK_INT(size_of("16T"), -1);
	CHECK_INT(size_of("18446744073709551616"), -1);	/* 2^64 */
	CHECK_INT(size_of("99999999999999999999k"), -1);
	/* Too big before the unit: not taken modulo 2^64 after it. */
	CHECK_INT(size_of("17179869185G"), -1);		/* (2^34+1) << 30 */
	CHECK_INT(size_of("17592186044417M"), -1);	/* (2^44+1) << 20 */
	CHECK_INT(size_of("18014398509481985k"), -1);	/* (2^54+1) << 10 */
	CHECK_INT(size_of("18446744073709551615G"), -1);
}

/*
 * cli_common in a child: fn runs there with stdout and stderr in files;
 * returns its exit status, output in out[], errors in err[].
 */
static char out[4096], err[4096];

static void
slurp_fd(int fd, char *buf, size_t sz)
{
	ssize_t n = pread(fd, buf, sz - 1, 0);

	buf[n > 0 ? n : 0] = '\0';
	close(fd);
}

static int
in_child(void (*fn)(void))
{
	char opath[] = "/tmp/test_cli_out.XXXXXX";
	char epath[] = "/tmp/test_cli_err.XXXXXX";
	int ofd, efd, st;
	pid_t pid;

	if ((ofd = mkstemp(opath)) == -1 || (efd = mkstemp(epath)) == -1) {
		perror("mkstemp");
		exit(2);
	}
	unlink(opath);
	unlink(epath);
	fflush(stdout);
	fflush(stderr);
	if ((pid = fork()) == -1) {
		perror("fork");
		exit(2);
	}
	if (pid == 0) {
		dup2(ofd, 1);
		dup2(efd, 2);
		fn();
		_exit(99);
	}
	if (waitpid(pid, &st, 0) != pid) {
		perror("waitpid");
		exit(2);
	}
	slurp_fd(ofd, out, sizeof(out));
	slurp_fd(efd, err, sizeof(err));
	return WIFEXITED(st) ? WEXITSTATUS(st) : 1000 + WTERMSIG(st);
}

static void
help(void)
{
	struct cli c = { 0, 0 };

	cli_common(&c, CLI_HELP, NULL, "usage: t [options]\n" CLI_COMMON_HELP);
}

static void
version(void)
{
	struct cli c = { 0, 0 };

	cli_common(&c, CLI_VERSION, NULL, "");
}

static void
bad_size(void)
{
	struct cli c = { 0, 0 };

	cli_common(&c, CLI_MAX_LINE, "12x", "");
}

static void
bad_rejects(void)
{
	struct cli c = { 0, 0 };

	cli_common(&c, CLI_REJECTS, "/nonexistent/dir/rej", "");
}

/* --strict: the first reject ends the run with 65. */
static void
strict(void)
{
	struct cli c = { 0, 0 };

	if (cli_common(&c, CLI_STRICT, NULL, "") != 1)
		_exit(1);
	diag_reject("in", 3, "x", 1, "bad");
	_exit(0);
}

static void
test_common(void)
{
	struct cli c = { 0, 0 };

	CHECK_INT(cli_common(&c, CLI_MAX_LINE, "4M", ""), 1);
	CHECK_INT(c.max_line, 4 << 20);
	CHECK_INT(c.unbuffered, 0);
	CHECK_INT(cli_common(&c, CLI_UNBUFFERED, NULL, ""), 1);
	CHECK_INT(c.unbuffered, 1);
	CHECK_INT(cli_common(&c, 'x', "arg", ""), 0);	/* not ours */
	CHECK_INT(cli_common(&c, 0, NULL, ""), 0);
	CHECK_INT(c.max_line, 4 << 20);

	CHECK_INT(in_child(help), 0);
	CHECK_STR(out, "usage: t [options]\n" CLI_COMMON_HELP);
	CHECK_STR(err, "");
	CHECK_INT(in_child(version), 0);
	CHECK_STR(out, "test_cli " SCS_VERSION "\n");
	CHECK_INT(in_child(bad_size), EX_USAGE);
	CHECK_STR(out, "");
	CHECK_STR(err, "test_cli: --max-line: bad size '12x' (a number, "
	    "optionally k, M or G, up to 2G)\n");
	CHECK_INT(in_child(bad_rejects), EX_CANTCREAT);
	CHECK_STR(err, "test_cli: /nonexistent/dir/rej: "
	    "No such file or directory\n");
	CHECK_INT(in_child(strict), EX_DATAERR);
	CHECK_STR(err, "test_cli: in:3: bad\n"
	    "test_cli: stopped at the first rejected input (--strict)\n");
}

/* The children end the run the way a tool's main does. */
static void
finish_quietly(void)
{
	rec_out_init(stdout);
	rec_write_raw("{}", 2);
	exit(cli_finish(0));
}

static void
finish_with_stats(void)
{
	rec_out_init(stdout);
	stats_count("messages");
	stats_count("messages");
	diag_reject("in", 4, NULL, 0, "bad");
	rec_write_raw("{}", 2);
	exit(cli_finish(1));
}

static void
finish_on_full_disk(void)
{
	FILE *full = fopen("/dev/full", "w");

	if (full == NULL)
		exit(2);
	rec_out_init(full);
	rec_write_raw("{}", 2);
	exit(cli_finish(0));
}

static void
test_finish(void)
{
	CHECK_INT(in_child(finish_quietly), EX_OK);
	CHECK_STR(out, "{}\n");
	CHECK_STR(err, "");
	CHECK_INT(in_child(finish_with_stats), EX_DATAERR);
	CHECK_STR(out, "{}\n");
	CHECK_STR(err, "test_cli: in:4: bad\n"
	    "test_cli: 2 messages, 1 rejected\n");
	CHECK_INT(in_child(finish_on_full_disk), EX_IOERR);
	CHECK(strstr(err, "write error") != NULL);
}

int
main(int argc, char *argv[])
{
	diag_init(argv[0]);
	test_parse_size();
	test_common();
	test_finish();
	return CHECK_DONE();
}
