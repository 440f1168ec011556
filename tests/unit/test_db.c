/* test_db.c - unit tests for lib/db.c */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "check.h"
#include "db.h"
#include "diag.h"

static char path[64];

/* The exit status of f(), run in a child (db_open exits on failure). */
static int
status_of(void (*f)(void))
{
	pid_t pid;
	int st;

	fflush(NULL);
	if ((pid = fork()) == 0) {
		freopen("/dev/null", "w", stderr);
		f();
		_exit(0);
	}
	waitpid(pid, &st, 0);
	return WIFEXITED(st) ? WEXITSTATUS(st) : -1;
}

static void
open_rw(void)
{
	db_close(db_open(path, 0));
}

static void
open_missing_ro(void)
{
	db_close(db_open("/nonexistent/dir/x.db", 1));
}

int
main(int argc, char *argv[])
{
	sqlite3 *db;
	sqlite3_stmt *st;
	FILE *f;
	int fd;

	diag_init(argv[0]);
	strcpy(path, "/tmp/test_db.XXXXXX");
	if ((fd = mkstemp(path)) == -1)
		return 2;
	close(fd);
	unlink(path);

	/* Created, in WAL mode, version 0, usable. */
	db = db_open(path, 0);
	CHECK_INT(db_version(db), 0);
	st = db_prepare(db, "PRAGMA journal_mode");
	CHECK_INT(db_step(db, st), SQLITE_ROW);
	CHECK_STR((const char *)sqlite3_column_text(st, 0), "wal");
	sqlite3_finalize(st);
	db_exec(db, "CREATE TABLE t (x); INSERT INTO t VALUES (1);"
	    "PRAGMA user_version = 1");
	db_close(db);

	/* Read-only sees it. */
	db = db_open(path, 1);
	CHECK_INT(db_version(db), 1);
	st = db_prepare(db, "SELECT x FROM t");
	CHECK_INT(db_step(db, st), SQLITE_ROW);
	CHECK_INT(sqlite3_column_int(st, 0), 1);
	CHECK_INT(db_step(db, st), SQLITE_DONE);
	sqlite3_finalize(st);
	db_close(db);

	/* A newer schema is refused (78); a missing database read-only
	 * cannot be opened (66). */
	db = db_open(path, 0);
	db_exec(db, "PRAGMA user_version = 99");
	db_close(db);
	CHECK_INT(status_of(open_rw), EX_CONFIG);
	CHECK_INT(status_of(open_missing_ro), EX_NOINPUT);

	/* Not a database: 78. */
	if ((f = fopen(path, "w")) != NULL) {
		fputs("this is not an SQLite database, just text. ", f);
		for (fd = 0; fd < 200; fd++)
			fputs("padding padding padding ", f);
		fclose(f);
	}
	unlink((strcat(strcpy((char [80]){ 0 }, path), "-wal")));
	unlink((strcat(strcpy((char [80]){ 0 }, path), "-shm")));
	CHECK_INT(status_of(open_rw), EX_CONFIG);
	unlink(path);
	return CHECK_DONE();
}
