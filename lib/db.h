/* db.h - the case database as every tool opens it (DESIGN.md section 5) */
#ifndef SCS_DB_H
#define SCS_DB_H

#include <sqlite3.h>

/* The schema version this build writes and reads (PRAGMA user_version). */
#define DB_VERSION	3

/* The page size of a database created from now on (an older one keeps
 * its own), and the WAL's size, in bytes, that triggers a checkpoint. */
#define DB_PAGE_SIZE		32768
#define DB_CHECKPOINT_BYTES	(32 * 1024 * 1024)

/* How long a writer waits for another before giving up (exit 75). */
#define DB_BUSY_MS	10000

/*
 * Open the database.  Read-write opens create it, turn on WAL and
 * foreign keys; read-only opens need it to exist.  Both set the busy
 * timeout and refuse a database whose user_version is newer than
 * DB_VERSION (written by a newer scs).  On failure exits: 66 when it
 * cannot be opened, 78 when it is newer or not a database.
 */
sqlite3	*db_open(const char *path, int readonly);
void	 db_close(sqlite3 *);

/* Exit with a message naming what failed: 75 when the database stayed
 * busy past the timeout, else 70 (74 for disk and I/O errors). */
void	 db_fatal(sqlite3 *, const char *what)
	    __attribute__((noreturn));

/* Run SQL without results; exits through db_fatal on error. */
void	 db_exec(sqlite3 *, const char *sql);
/* A prepared statement; exits through db_fatal on error. */
sqlite3_stmt *db_prepare(sqlite3 *, const char *sql);
/* sqlite3_step that exits on anything but SQLITE_ROW and SQLITE_DONE. */
int	 db_step(sqlite3 *, sqlite3_stmt *);

/* user_version of an open database. */
int	 db_version(sqlite3 *);

#endif
