/* past.c - what is known of an author beyond the message at hand
 *
 * Two sources.  This run: each author's messages and negative ones so
 * far, in a bounded set (the last `remember` authors; an author
 * forgotten starts again from zero, which can only lower a score).
 * With --db, the case database (scs-case(1)), opened read-only: the
 * author_history view's row of each author, one prepared statement,
 * looked up once per author and kept in a small direct-mapped cache;
 * and the reach of each author's amplifiers, which reads every stored
 * message, so it is read once at the start for the `remember` authors
 * with the largest (those past them get none, which can only lower a
 * score).
 *
 * Amplifiers seen in this run count too: a message that replies to,
 * quotes or reposts one of the last `remember` messages of another
 * author adds its author's followers to that author's second level,
 * once per amplifier.  A stream cannot wait: only the author's later
 * messages in the run get it.  Authors are kept by a 64-bit hash of
 * their id, so the tables hold fixed-size keys.
 *
 * The counts of the two sources are added, but a message already in the database (a re-run
 * of the same input after scs-case stored it) is not counted again in
 * this run's figures: one look-up by id, so re-runs score the same.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sqlite3.h>

#include "db.h"
#include "diag.h"
#include "influence.h"

#define CACHE_SLOTS	4096		/* authors' database rows kept */
#define SEGMENT_MAX	64

struct dbrow {
	char	*author;		/* NULL: empty slot */
	struct history h;
	char	 segment[SEGMENT_MAX];
};

struct past {
	struct idset	*counts;	/* author -> negative << 32 | messages */
	struct idset	*amplified;	/* author -> second level reach */
	struct idset	*author_of;	/* message id -> author hash */
	struct idset	*pairs;		/* author and amplifier hashes */
	struct idset	*run_reach;	/* author hash -> amplifiers' reach */
	sqlite3		*db;
	sqlite3_stmt	*lookup;
	sqlite3_stmt	*stored;	/* is this message in the database? */
	struct dbrow	*cache;
	int		 reading;	/* inside a read transaction */
	unsigned long	 nreads;
};

#define READS_PER_TXN	4096

/*
 * Look-ups share a read transaction: alone, each statement takes and
 * drops the file locks (4 fcntl and 2 fstat calls), which cost as much
 * as the rest of the stage (3.8 CPU s for 200k messages against an
 * empty database, 1.7 without one).  Renewed every READS_PER_TXN
 * look-ups, and ended before a wait (past_release).
 */
static void
read_txn(struct past *p)
{
	if (p->reading && ++p->nreads % READS_PER_TXN == 0) {
		db_exec(p->db, "COMMIT");
		p->reading = 0;
	}
	if (!p->reading) {
		db_exec(p->db, "BEGIN");
		p->reading = 1;
	}
}

void
past_release(struct past *p)
{
	if (p != NULL && p->db != NULL && p->reading) {
		db_exec(p->db, "COMMIT");
		p->reading = 0;
	}
}

static const char lookup_sql[] =
	"SELECT messages, negative, max_followers, segment, first_seen, "
	"last_seen FROM author_history WHERE author = ?1";

/*
 * author_amplifiers over the messages of the last ?2 days before the
 * newest stored one, not over all: the view reads every message, and a
 * run from cron every few minutes would read the whole database each
 * time.  The days are counted back from what the database holds, not
 * from the clock, so an old database (a test, a replay) still has its
 * amplifiers.  Through messages_time (schema version 3).
 */
static const char amplified_sql[] =
	"SELECT author, sum(followers) FROM ("
	"  SELECT author, amplifier, max(followers) AS followers FROM ("
	"    SELECT json_extract(o.record, '$.author.id') AS author,"
	"      json_extract(r.record, '$.author.id') AS amplifier,"
	"      json_extract(r.record, '$.author.followers') AS followers"
	"    FROM messages r JOIN messages o ON o.id IN ("
	"      json_extract(r.record, '$.thread.in_reply_to'),"
	"      json_extract(r.record, '$.thread.quote_of'),"
	"      json_extract(r.record, '$.thread.repost_of'))"
	"    WHERE r.created_at >= (SELECT strftime('%Y-%m-%dT%H:%M:%SZ',"
	"        max(created_at), '-' || ?2 || ' days') FROM messages)"
	"      AND json_extract(r.record, '$.direction') IS NOT 'out')"
	"  WHERE author <> amplifier"
	"  GROUP BY author, amplifier) "
	"GROUP BY author ORDER BY 2 DESC LIMIT ?1";

static void
load_amplified(struct past *p, size_t remember, double days)
{
	sqlite3_stmt *st = db_prepare(p->db, amplified_sql);
	const char *author;

	if ((p->amplified = idset_new(remember)) == NULL)
		diag_fatal(EX_SOFTWARE, "out of memory");
	sqlite3_bind_int64(st, 1, (sqlite3_int64)remember);
	sqlite3_bind_int64(st, 2, (sqlite3_int64)days);
	while (db_step(p->db, st) == SQLITE_ROW) {
		author = (const char *)sqlite3_column_text(st, 0);
		if (author != NULL && sqlite3_column_type(st, 1) !=
		    SQLITE_NULL)
			idset_put(p->amplified, author, strlen(author),
			    sqlite3_column_int64(st, 1), NULL);
	}
	sqlite3_finalize(st);
}

struct past *
past_open(const char *dbpath, size_t remember, double days)
{
	struct past *p;

	if ((p = calloc(1, sizeof(*p))) == NULL ||
	    (p->counts = idset_new(remember)) == NULL ||
	    (p->author_of = idset_new(remember)) == NULL ||
	    (p->pairs = idset_new(remember)) == NULL ||
	    (p->run_reach = idset_new(remember)) == NULL)
		diag_fatal(EX_SOFTWARE, "out of memory");
	if (dbpath == NULL)
		return p;
	p->db = db_open(dbpath, 1);
	/* A database scs-case has not brought to version 2 has no view. */
	if (db_version(p->db) < 2)
		diag_fatal(EX_CONFIG, "%s: schema version %d has no "
		    "author_history view; run scs-case --db %s once to "
		    "migrate it", dbpath, db_version(p->db), dbpath);
	/* A reader looks up a few rows per author: a small page cache
	 * keeps memory flat whatever the database's size. */
	db_exec(p->db, "PRAGMA cache_size=-16384");
	p->lookup = db_prepare(p->db, lookup_sql);
	p->stored = db_prepare(p->db, "SELECT 1 FROM messages WHERE id = ?1");
	if ((p->cache = calloc(CACHE_SLOTS, sizeof(*p->cache))) == NULL)
		diag_fatal(EX_SOFTWARE, "out of memory");
	load_amplified(p, remember, days);
	return p;
}

static size_t
slot_of(const char *s)
{
	uint32_t h = 2166136261u;

	for (; *s != '\0'; s++)
		h = (h ^ (unsigned char)*s) * 16777619u;
	return h % CACHE_SLOTS;
}

static int64_t
column_int(sqlite3_stmt *st, int i, int64_t none)
{
	if (sqlite3_column_type(st, i) == SQLITE_NULL)
		return none;
	return sqlite3_column_int64(st, i);
}

static void
column_text(sqlite3_stmt *st, int i, char *buf, size_t size)
{
	const unsigned char *t = sqlite3_column_text(st, i);

	snprintf(buf, size, "%s", t ? (const char *)t : "");
}

/* The author's row of author_history, cached. */
static const struct dbrow *
db_history(struct past *p, const char *author)
{
	struct dbrow *r = &p->cache[slot_of(author)];
	sqlite3_stmt *st = p->lookup;

	if (r->author != NULL && strcmp(r->author, author) == 0)
		return r;
	free(r->author);
	memset(r, 0, sizeof(*r));
	if ((r->author = strdup(author)) == NULL)
		diag_fatal(EX_SOFTWARE, "out of memory");
	r->h.max_followers = r->h.second_level = -1;
	read_txn(p);
	sqlite3_bind_text(st, 1, author, -1, SQLITE_STATIC);
	if (db_step(p->db, st) == SQLITE_ROW) {
		r->h.from_db = 1;
		r->h.messages = column_int(st, 0, 0);
		r->h.negative = column_int(st, 1, 0);
		r->h.max_followers = column_int(st, 2, -1);
		column_text(st, 3, r->segment, sizeof(r->segment));
		column_text(st, 4, r->h.first_seen, sizeof(r->h.first_seen));
		column_text(st, 5, r->h.last_seen, sizeof(r->h.last_seen));
	}
	sqlite3_reset(st);
	sqlite3_clear_bindings(st);
	return r;
}

/* The value of key, when the set has it (idset_put stores what it is
 * given, so the value read is put back). */
static int
idset_get(struct idset *set, const void *key, size_t len, int64_t *value)
{
	if (!idset_has(set, key, len))
		return 0;
	idset_put(set, key, len, 0, value);
	idset_put(set, key, len, *value, NULL);
	return 1;
}

static uint64_t
hash64(const char *s)
{
	uint64_t h = 14695981039346656037ull;

	for (; *s != '\0'; s++)
		h = (h ^ (unsigned char)*s) * 1099511628211ull;
	return h;
}

void
past_link(struct past *p, const char *id, const char *author,
    const char *const *targets, size_t ntargets, int64_t followers)
{
	uint64_t me, pair[2];
	int64_t them, reach;
	size_t i;

	if (author == NULL)
		return;
	me = hash64(author);
	if (id != NULL)
		idset_put(p->author_of, id, strlen(id), (int64_t)me, NULL);
	for (i = 0; i < ntargets; i++) {
		if (targets[i] == NULL || !idset_get(p->author_of, targets[i],
		    strlen(targets[i]), &them) || (uint64_t)them == me)
			continue;
		pair[0] = (uint64_t)them;
		pair[1] = me;
		if (!idset_add(p->pairs, (const char *)pair, sizeof(pair)))
			continue;
		if (!idset_get(p->run_reach, &pair[0], sizeof(pair[0]),
		    &reach))
			reach = 0;
		reach += followers > 0 ? followers : 0;
		idset_put(p->run_reach, (const char *)&pair[0],
		    sizeof(pair[0]), reach, NULL);
	}
}

static int
stored(struct past *p, const char *id)
{
	int found;

	read_txn(p);
	sqlite3_bind_text(p->stored, 1, id, -1, SQLITE_STATIC);
	found = db_step(p->db, p->stored) == SQLITE_ROW;
	sqlite3_reset(p->stored);
	sqlite3_clear_bindings(p->stored);
	return found;
}

void
past_note(struct past *p, const char *author, const char *id,
    int negative, struct history *h)
{
	const struct dbrow *r;
	int64_t old = 0, msgs = 0, neg = 0, reach;
	uint64_t key;
	int count = 1;
	size_t len = author != NULL ? strlen(author) : 0;

	memset(h, 0, sizeof(*h));
	h->max_followers = h->second_level = -1;
	if (p->db != NULL && id != NULL && stored(p, id))
		count = 0;
	if (author != NULL) {
		/* Read the old counts (a new author is stored as 0). */
		if (idset_put(p->counts, author, len, 0, &old) == 0) {
			msgs = old & 0xffffffff;
			neg = old >> 32;
		}
		if (count && msgs < 0x7fffffff)
			msgs++;
		if (count && negative && neg < 0x7fffffff)
			neg++;
		idset_put(p->counts, author, len, neg << 32 | msgs, NULL);
	} else if (count) {
		msgs = 1;
		neg = negative != 0;
	}
	h->messages = msgs;
	h->negative = neg;
	if (author == NULL)
		return;
	/* The larger of this run's and the database's: the database has
	 * this run's amplifiers too once scs-case stored them. */
	key = hash64(author);
	if (idset_get(p->run_reach, &key, sizeof(key), &reach))
		h->second_level = reach;
	if (p->db == NULL)
		return;
	if (idset_get(p->amplified, author, len, &reach) &&
	    reach > h->second_level)
		h->second_level = reach;
	r = db_history(p, author);
	if (!r->h.from_db)
		return;
	reach = h->second_level;
	*h = r->h;
	h->second_level = reach;
	h->messages = r->h.messages + msgs;
	h->negative = r->h.negative + neg;
	h->segment = r->segment[0] != '\0' ? r->segment : NULL;
}

void
past_close(struct past *p)
{
	size_t i;

	if (p == NULL)
		return;
	past_release(p);
	idset_free(p->counts);
	idset_free(p->amplified);
	idset_free(p->author_of);
	idset_free(p->pairs);
	idset_free(p->run_reach);
	if (p->cache != NULL)
		for (i = 0; i < CACHE_SLOTS; i++)
			free(p->cache[i].author);
	free(p->cache);
	sqlite3_finalize(p->lookup);
	sqlite3_finalize(p->stored);
	if (p->db != NULL)
		db_close(p->db);
	free(p);
}
