/* db.c - what scs-route reads from the case database (read-only)
 *
 * The customer behind an author (segment, verified name), the agent who
 * handled them last, each agent's open load and shifts.  Each is asked
 * once per run and kept: authors in a bounded table (flushed when
 * full), loads counted once at start and then kept up to date with this
 * run's own assignments, shifts by the interval last seen.  The tables
 * are scs-case's (DESIGN.md section 5), queried directly with prepared
 * statements.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sqlite3.h>

#include "db.h"
#include "diag.h"
#include "route.h"
#include "tstamp.h"

#define AUTHOR_SLOTS	65536		/* a power of two */
#define AUTHOR_MAX	(AUTHOR_SLOTS / 2)

struct cached {
	char		*author;	/* NULL: empty slot */
	char		*customer, *name, *segment, *last_agent;
	int		 this_run;
};

struct shift {
	int64_t		 from, to;	/* on shift in [from, to) (ms) */
	int64_t		 off_from, off_to;	/* known off shift */
};

struct routedb {
	sqlite3		*db;
	const struct agents *agents;
	const char	*path;
	sqlite3_stmt	*st_customer, *st_shift,
			*st_next_shift, *st_replied;
	int		 has_shifts;
	long		*load;
	struct shift	*shifts;
	size_t		 nagents;
	struct cached	*slots;
	size_t		 nused;
	struct customer	 cur;
	struct cached	*last;		/* the entry cur came from */
	int		 reading;	/* inside a read transaction */
	unsigned long	 nreads;
};

#define READS_PER_TXN	4096

/*
 * Look-ups share a read transaction: alone, each statement takes and
 * drops the file locks (two fcntl calls or more), which cost more than
 * the look-up.  It is renewed every READS_PER_TXN look-ups so that a long
 * run neither works from an old snapshot nor holds back the checkpoints
 * of scs-case writing meanwhile.
 */
static void
read_txn(struct routedb *r)
{
	if (r->reading && ++r->nreads % READS_PER_TXN == 0) {
		db_exec(r->db, "COMMIT");
		r->reading = 0;
	}
	if (!r->reading) {
		db_exec(r->db, "BEGIN");
		r->reading = 1;
	}
}

/*
 * Before route waits (on a full output pipe, on an empty input): a
 * snapshot held across the wait keeps scs-case, writing downstream,
 * from ever restarting its log, which then grows by the whole database
 * (6.4 GB for 1M messages, against 0.4 GB) and costs scs-case a fifth
 * more CPU (87 s against 73 s for 1M messages, most of it system time).
 */
void
routedb_release(struct routedb *r)
{
	if (r != NULL && r->reading) {
		db_exec(r->db, "COMMIT");
		r->reading = 0;
	}
}

static char *
col_text(sqlite3_stmt *st, int i)
{
	const unsigned char *s = sqlite3_column_text(st, i);

	return s != NULL ? strdup((const char *)s) : NULL;
}

struct routedb *
routedb_open(const char *path, const struct agents *as)
{
	struct routedb *r = calloc(1, sizeof(*r));
	sqlite3_stmt *st;
	long i;

	r->path = path;
	r->agents = as;
	r->db = db_open(path, 1);
	if (db_version(r->db) < 1)
		diag_fatal(EX_CONFIG, "%s: not a case database (schema "
		    "version 0): create it with scs-case --db", path);
	/* An author without an account has no case either (scs-case
	 * makes the account first); cases belong to the customer when
	 * the account is linked, else to the account. */
	r->st_customer = db_prepare(r->db, "SELECT a.customer, c.name, "
	    "c.segment, (SELECT agent FROM cases WHERE owner = "
	    "coalesce(a.customer, a.id) AND agent IS NOT NULL AND "
	    "merged_into IS NULL ORDER BY updated_at DESC LIMIT 1) "
	    "FROM accounts a LEFT JOIN customers c ON c.id = a.customer "
	    "AND c.forgotten_at IS NULL WHERE a.id = ?1");
	r->st_shift = db_prepare(r->db, "SELECT start, end FROM shifts "
	    "WHERE agent = ?1 AND start <= ?2 AND end > ?2 "
	    "ORDER BY end DESC LIMIT 1");
	r->st_next_shift = db_prepare(r->db, "SELECT min(start) FROM shifts "
	    "WHERE agent = ?1 AND start > ?2");
	r->st_replied = db_prepare(r->db, "SELECT 1 FROM cases c JOIN "
	    "messages m ON m.case_id = c.id WHERE c.owner = ?1 AND "
	    "c.updated_at >= ?2 AND m.created_at >= ?2 AND "
	    "m.direction = 'in' AND json_extract(m.record, "
	    "'$.route.auto_reply.template') IS NOT NULL LIMIT 1");
	st = db_prepare(r->db, "SELECT EXISTS (SELECT 1 FROM shifts)");
	if (db_step(r->db, st) == SQLITE_ROW)
		r->has_shifts = sqlite3_column_int(st, 0);
	sqlite3_finalize(st);
	r->nagents = as ? as->n : 0;
	r->load = calloc(r->nagents + 1, sizeof(*r->load));
	r->shifts = calloc(r->nagents + 1, sizeof(*r->shifts));
	st = db_prepare(r->db, "SELECT agent, count(*) FROM cases WHERE "
	    "status IN ('open','waiting') AND agent IS NOT NULL AND "
	    "merged_into IS NULL GROUP BY agent");
	while (db_step(r->db, st) == SQLITE_ROW)
		if (as != NULL && (i = agents_find(as, (const char *)
		    sqlite3_column_text(st, 0))) >= 0)
			r->load[i] = sqlite3_column_int(st, 1);
	sqlite3_finalize(st);
	r->slots = calloc(AUTHOR_SLOTS, sizeof(*r->slots));
	if (r->slots == NULL || r->load == NULL || r->shifts == NULL)
		diag_fatal(EX_SOFTWARE, "out of memory");
	return r;
}

static void
flush_authors(struct routedb *r)
{
	size_t i;

	for (i = 0; i < AUTHOR_SLOTS; i++) {
		struct cached *c = &r->slots[i];

		free(c->author);
		free(c->customer);
		free(c->name);
		free(c->segment);
		free(c->last_agent);
		memset(c, 0, sizeof(*c));
	}
	r->nused = 0;
}

void
routedb_close(struct routedb *r)
{
	if (r == NULL)
		return;
	flush_authors(r);
	if (r->reading)
		db_exec(r->db, "COMMIT");
	free(r->slots);
	free(r->load);
	free(r->shifts);
	sqlite3_finalize(r->st_customer);
	sqlite3_finalize(r->st_shift);
	sqlite3_finalize(r->st_next_shift);
	sqlite3_finalize(r->st_replied);
	db_close(r->db);
	free(r);
}

static size_t
hash(const char *s)
{
	uint64_t h = 1469598103934665603ull;

	for (; *s != '\0'; s++)
		h = (h ^ (unsigned char)*s) * 1099511628211ull;
	return (size_t)(h ^ (h >> 29));
}

static void
fetch(struct routedb *r, struct cached *c)
{
	read_txn(r);
	sqlite3_bind_text(r->st_customer, 1, c->author, -1, SQLITE_STATIC);
	if (db_step(r->db, r->st_customer) == SQLITE_ROW) {
		c->customer = col_text(r->st_customer, 0);
		c->name = col_text(r->st_customer, 1);
		c->segment = col_text(r->st_customer, 2);
		c->last_agent = col_text(r->st_customer, 3);
	}
	sqlite3_reset(r->st_customer);
}

const struct customer *
routedb_customer(struct routedb *r, const char *author)
{
	size_t i = hash(author) & (AUTHOR_SLOTS - 1);
	struct cached *c;

	for (;; i = (i + 1) & (AUTHOR_SLOTS - 1)) {
		c = &r->slots[i];
		if (c->author == NULL || strcmp(c->author, author) == 0)
			break;
	}
	if (c->author == NULL) {
		if (r->nused == AUTHOR_MAX) {
			flush_authors(r);
			return routedb_customer(r, author);
		}
		if ((c->author = strdup(author)) == NULL)
			diag_fatal(EX_SOFTWARE, "out of memory");
		r->nused++;
		fetch(r, c);
	}
	r->cur.customer = c->customer;
	r->cur.name = c->name;
	r->cur.segment = c->segment;
	r->cur.last_agent = c->last_agent;
	r->cur.this_run = c->this_run;
	r->last = c;
	return &r->cur;
}

void
routedb_remember(struct routedb *r, const char *author, const char *agent)
{
	struct cached *c;

	routedb_customer(r, author);
	c = r->last;
	free(c->last_agent);
	if ((c->last_agent = strdup(agent)) == NULL)
		diag_fatal(EX_SOFTWARE, "out of memory");
	c->this_run = 1;
}

static int64_t
col_time(sqlite3_stmt *st, int i)
{
	const char *s = (const char *)sqlite3_column_text(st, i);
	int64_t ms;

	if (s == NULL || ts_parse_rfc3339(s, &ms) == -1)
		return INT64_MIN;
	return ms;
}

int
routedb_on_shift(struct routedb *r, size_t agent, int64_t t)
{
	struct shift *s = &r->shifts[agent];
	const char *id = r->agents->v[agent].id;
	char at[TS_BUFSZ];
	int64_t next;
	int on = 0;

	if (!r->has_shifts)
		return 1;
	if (s->to != 0 && s->from <= t && t < s->to)
		return 1;
	if (s->off_to != 0 && s->off_from <= t && t < s->off_to)
		return 0;
	ts_format(t, at);
	read_txn(r);
	sqlite3_bind_text(r->st_shift, 1, id, -1, SQLITE_STATIC);
	sqlite3_bind_text(r->st_shift, 2, at, -1, SQLITE_STATIC);
	if (db_step(r->db, r->st_shift) == SQLITE_ROW) {
		s->from = col_time(r->st_shift, 0);
		s->to = col_time(r->st_shift, 1);
		on = s->from != INT64_MIN && s->to != INT64_MIN;
		if (!on)
			s->to = 0;
	}
	sqlite3_reset(r->st_shift);
	if (on)
		return 1;
	/* Off until the next shift starts (or for good). */
	sqlite3_bind_text(r->st_next_shift, 1, id, -1, SQLITE_STATIC);
	sqlite3_bind_text(r->st_next_shift, 2, at, -1, SQLITE_STATIC);
	next = INT64_MAX;
	if (db_step(r->db, r->st_next_shift) == SQLITE_ROW &&
	    sqlite3_column_type(r->st_next_shift, 0) != SQLITE_NULL &&
	    (next = col_time(r->st_next_shift, 0)) == INT64_MIN)
		next = t + 1;
	sqlite3_reset(r->st_next_shift);
	/* Earlier times are not known to be off: the input may go back. */
	s->off_from = t;
	s->off_to = next;
	return 0;
}

long
routedb_load(struct routedb *r, size_t agent)
{
	return r->load[agent];
}

void
routedb_assigned(struct routedb *r, size_t agent)
{
	r->load[agent]++;
}

int
routedb_auto_replied(struct routedb *r, const char *owner, int64_t since)
{
	char at[TS_BUFSZ];
	int found;

	ts_format(since, at);
	read_txn(r);
	sqlite3_bind_text(r->st_replied, 1, owner, -1, SQLITE_STATIC);
	sqlite3_bind_text(r->st_replied, 2, at, -1, SQLITE_STATIC);
	found = db_step(r->db, r->st_replied) == SQLITE_ROW;
	sqlite3_reset(r->st_replied);
	return found;
}
