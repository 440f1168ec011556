/* db.c - opening the case database, and failing clearly */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "db.h"
#include "diag.h"

void
db_fatal(sqlite3 *db, const char *what)
{
	int code = db != NULL ? sqlite3_errcode(db) : SQLITE_ERROR;
	const char *msg = db != NULL ? sqlite3_errmsg(db) : "error";

	switch (code & 0xff) {
	case SQLITE_BUSY:
	case SQLITE_LOCKED:
		diag_fatal(EX_TEMPFAIL, "%s: database is busy (another "
		    "process kept it locked for more than %d s): %s", what,
		    DB_BUSY_MS / 1000, msg);
	case SQLITE_IOERR:
	case SQLITE_FULL:
	case SQLITE_READONLY:
	case SQLITE_CANTOPEN:
		diag_fatal(EX_IOERR, "%s: %s", what, msg);
	case SQLITE_NOTADB:
	case SQLITE_CORRUPT:
		diag_fatal(EX_CONFIG, "%s: %s", what, msg);
	default:
		diag_fatal(EX_SOFTWARE, "%s: %s", what, msg);
	}
}

void
db_exec(sqlite3 *db, const char *sql)
{
	char *err = NULL;

	if (sqlite3_exec(db, sql, NULL, NULL, &err) != SQLITE_OK) {
		sqlite3_free(err);
		db_fatal(db, "database");
	}
}

sqlite3_stmt *
db_prepare(sqlite3 *db, const char *sql)
{
	sqlite3_stmt *st;

	if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) != SQLITE_OK)
		db_fatal(db, "database");
	return st;
}

int
db_step(sqlite3 *db, sqlite3_stmt *st)
{
	int rc = sqlite3_step(st);

	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		db_fatal(db, "database");
	return rc;
}

/* The integer a pragma that reads one answers, or 0. */
static int
pragma_int(sqlite3 *db, const char *pragma)
{
	sqlite3_stmt *st = db_prepare(db, pragma);
	int v = 0;

	if (db_step(db, st) == SQLITE_ROW)
		v = sqlite3_column_int(st, 0);
	sqlite3_finalize(st);
	return v;
}

int
db_version(sqlite3 *db)
{
	return pragma_int(db, "PRAGMA user_version");
}

/* The database's page size in bytes (4096 if it cannot tell). */
static int
db_page_size(sqlite3 *db)
{
	int v = pragma_int(db, "PRAGMA page_size");

	return v > 0 ? v : 4096;
}

static void
db_pragma_int(sqlite3 *db, const char *name, int v)
{
	char sql[64];

	snprintf(sql, sizeof(sql), "PRAGMA %s=%d", name, v);
	db_exec(db, sql);
}

sqlite3 *
db_open(const char *path, int readonly)
{
	sqlite3 *db = NULL;
	/* One connection per process, used by one thread: no mutexes. */
	int flags = SQLITE_OPEN_NOMUTEX | (readonly ? SQLITE_OPEN_READONLY :
	    SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE);
	int v;

	/* No global count of SQLite's allocations: it takes a mutex on
	 * each of them (several per statement); fails harmlessly once
	 * SQLite is running. */
	sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
	if (sqlite3_open_v2(path, &db, flags, NULL) != SQLITE_OK) {
		/* The readers meet a missing database on a first run:
		 * say which tool makes one. */
		if (readonly && access(path, F_OK) == -1)
			diag_warn("%s: cannot open the database: no such "
			    "file (create it first: scs-case --db %s "
			    "< /dev/null)", path, path);
		else
			diag_warn("%s: cannot open the database: %s", path,
			    db != NULL ? sqlite3_errmsg(db) : "out of memory");
		sqlite3_close(db);
		exit(EX_NOINPUT);
	}
	sqlite3_busy_timeout(db, DB_BUSY_MS);
	sqlite3_extended_result_codes(db, 0);
	/* Reading the version also tells a file that is no database. */
	if (sqlite3_exec(db, "PRAGMA user_version", NULL, NULL, NULL) !=
	    SQLITE_OK)
		db_fatal(db, path);
	if ((v = db_version(db)) > DB_VERSION)
		diag_fatal(EX_CONFIG, "%s: schema version %d is newer than "
		    "this scs understands (%d): use a newer scs", path, v,
		    DB_VERSION);
	if (!readonly) {
		/* For a new database (else it does nothing: a database
		 * keeps the page size it was made with, and needs no
		 * migration).  Most pages a batch changes are changed many
		 * times per commit (accounts, the indexes by owner), or are
		 * new (messages), so a page's size matters less than the
		 * number of pages and B-tree levels: 4096 bytes measured
		 * 5-15% faster than 2048, and 32768 faster again than 4096
		 * (100k messages into a 1M-message database, batch 50000:
		 * fewer page reads, writes and splits for the same bytes).
		 * See DB_PAGE_SIZE. */
		db_pragma_int(db, "page_size", DB_PAGE_SIZE);
		db_exec(db, "PRAGMA journal_mode=WAL");
		/* A commit is on disk before its records go out. */
		db_exec(db, "PRAGMA synchronous=FULL");
	}
	db_exec(db, "PRAGMA foreign_keys=ON");
	/* 128 MiB of pages: the indexes of a large database stay in memory
	 * instead of being read again for each message, and a large
	 * batch's changed pages stay there until it commits. */
	db_exec(db, "PRAGMA cache_size=-131072");
	/* Checkpoint every 32 MiB of log rather than every 4: a page
	 * changed by many batches is copied into the database once.  The
	 * pragma counts pages, of the size this database has. */
	if (!readonly)
		db_pragma_int(db, "wal_autocheckpoint",
		    DB_CHECKPOINT_BYTES / db_page_size(db));
	return db;
}

void
db_close(sqlite3 *db)
{
	if (db != NULL && sqlite3_close(db) != SQLITE_OK)
		diag_warn("database: %s", sqlite3_errmsg(db));
}
