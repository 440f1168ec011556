/* schema.c - the case database's tables and views, version by version */
#include <stdio.h>
#include <stdlib.h>

#include "case.h"

/*
 * Each entry takes the database from version i to i + 1; applied in one
 * transaction with the new user_version, so a database is never half
 * migrated.  Times are RFC 3339 UTC strings ("2026-11-22T10:15:00Z"),
 * which compare as strings.  Never edit an entry once released: add one.
 */
static const char *migrations[] = {
	/* 0 -> 1 */
	"CREATE TABLE customers ("
	"  id TEXT PRIMARY KEY,"
	"  name TEXT, segment TEXT, email TEXT, phone TEXT,"
	"  created_at TEXT NOT NULL,"
	"  forgotten_at TEXT"		/* personal data erased */
	");"
	/* A channel account (an author id) and, once linked with consent,
	 * its customer. */
	"CREATE TABLE accounts ("
	"  id TEXT PRIMARY KEY,"
	"  channel TEXT, handle TEXT, name TEXT,"
	"  customer TEXT REFERENCES customers(id),"
	"  consent INTEGER NOT NULL DEFAULT 0,"
	"  verified_how TEXT,"		/* dni | email | otp */
	"  linked_at TEXT,"
	"  first_seen TEXT, last_seen TEXT,"
	"  followers INTEGER,"		/* last seen */
	"  max_followers INTEGER,"	/* most ever seen */
	"  messages INTEGER NOT NULL DEFAULT 0,"	/* inbound, stored */
	"  negative INTEGER NOT NULL DEFAULT 0,"	/* of them negative */
	"  CHECK (customer IS NULL OR consent = 1)"
	/* Found by id for every message: one B-tree, not a table and
	 * its key's index. */
	") WITHOUT ROWID;"
	"CREATE INDEX accounts_customer ON accounts(customer);"
	"CREATE TABLE agents ("
	"  id TEXT PRIMARY KEY, name TEXT, grp TEXT,"
	"  skills TEXT, languages TEXT,"	/* JSON arrays */
	"  capacity INTEGER, hired TEXT"
	");"
	"CREATE TABLE cases ("
	"  id INTEGER PRIMARY KEY,"
	"  status TEXT NOT NULL CHECK (status IN ('open','waiting','resolved')),"
	"  outcome TEXT,"			/* favorable | unfavorable */
	"  owner TEXT NOT NULL,"		/* customer id, else account */
	"  customer TEXT, account TEXT NOT NULL,"
	"  identity TEXT NOT NULL,"		/* verified | unverified */
	"  channel TEXT, reason TEXT, subreason TEXT,"
	"  queue TEXT, priority INTEGER, due_at TEXT, agent TEXT,"
	"  opened_at TEXT NOT NULL, updated_at TEXT NOT NULL,"
	"  last_in_at TEXT,"			/* last customer message */
	"  first_reply_at TEXT,"		/* first human agent reply */
	"  resolved_at TEXT,"
	"  messages INTEGER NOT NULL DEFAULT 0,"
	"  replies INTEGER NOT NULL DEFAULT 0,"	/* human agent messages */
	"  auto_replies INTEGER NOT NULL DEFAULT 0,"
	"  reopens INTEGER NOT NULL DEFAULT 0,"
	"  escalated INTEGER NOT NULL DEFAULT 0,"
	"  sla_breached INTEGER NOT NULL DEFAULT 0,"
	"  merged_into INTEGER REFERENCES cases(id)"
	");"
	/* An owner's cases (history), and its cases touched lately
	 * (threading: open ones within the threading window, resolved ones
	 * within the reopen window, as resolved_at <= updated_at) found
	 * where the range starts: an owner's old cases pile up, and each
	 * look at one is a random page.  A message joining a case moves
	 * its entry (updated_at), within the owner's. */
	"CREATE INDEX cases_owner ON cases(owner, updated_at);"
	/* The queue view's order, so that its first rows come at once. */
	"CREATE INDEX cases_queue ON cases(status, coalesce(priority, 9),"
	"  coalesce(due_at, '9999'), opened_at) WHERE merged_into IS NULL;"
	/* Overdue work: the few open cases past their due time. */
	"CREATE INDEX cases_due ON cases(due_at) WHERE due_at IS NOT NULL"
	"  AND status IN ('open','waiting') AND merged_into IS NULL;"
	"CREATE TABLE messages ("
	"  id TEXT PRIMARY KEY,"
	"  case_id INTEGER REFERENCES cases(id),"	/* NULL: counted only */
	"  channel TEXT, direction TEXT, created_at TEXT,"
	"  author TEXT, agent TEXT, auto INTEGER NOT NULL DEFAULT 0,"
	"  public INTEGER, thread TEXT, in_reply_to TEXT,"
	"  reason TEXT, subreason TEXT, protocol TEXT, polarity TEXT,"
	"  sentiment REAL, filter TEXT, action TEXT, derivation INTEGER,"
	"  community INTEGER, queue TEXT, priority INTEGER,"
	"  followers INTEGER, influence INTEGER, place TEXT, lang TEXT,"
	"  record TEXT NOT NULL,"		/* the line as it came */
	"  stored_at TEXT NOT NULL"
	");"
	"CREATE INDEX messages_case ON messages(case_id, created_at);"
	/* No index by author: it would change a random page per message;
	 * accounts keeps each author's counts instead. */
	"CREATE INDEX messages_thread ON messages(thread) WHERE thread IS NOT "
	"  NULL;"
	/* Append-only: every transition and every agent or CRM act. */
	"CREATE TABLE case_events ("
	"  seq INTEGER PRIMARY KEY,"
	"  case_id INTEGER NOT NULL REFERENCES cases(id),"
	"  at TEXT NOT NULL, op TEXT NOT NULL,"
	"  from_status TEXT, to_status TEXT,"
	"  agent TEXT, message TEXT, detail TEXT"
	");"
	"CREATE INDEX case_events_case ON case_events(case_id, seq);"
	"CREATE TRIGGER case_events_append_only BEFORE UPDATE ON case_events "
	"  BEGIN SELECT RAISE(ABORT, 'case_events is append-only'); END;"
	"CREATE TABLE work ("
	"  case_id INTEGER NOT NULL REFERENCES cases(id), agent TEXT NOT NULL,"
	"  seconds INTEGER NOT NULL CHECK (seconds >= 0), at TEXT NOT NULL,"
	"  UNIQUE (case_id, agent, at)"
	");"
	"CREATE TABLE surveys ("
	"  case_id INTEGER NOT NULL REFERENCES cases(id), at TEXT NOT NULL,"
	"  csat INTEGER CHECK (csat BETWEEN 1 AND 5),"
	"  nps INTEGER CHECK (nps BETWEEN 0 AND 10),"
	"  resolved INTEGER, professional INTEGER, comment TEXT,"
	"  UNIQUE (case_id, at)"
	");"
	"CREATE TABLE qa ("
	"  case_id INTEGER NOT NULL REFERENCES cases(id), reviewer TEXT,"
	"  score REAL, items TEXT, at TEXT,"
	"  UNIQUE (case_id, reviewer, at)"
	");"
	"CREATE TABLE shifts ("
	"  agent TEXT NOT NULL, start TEXT NOT NULL, end TEXT NOT NULL,"
	"  CHECK (end >= start), UNIQUE (agent, start)"
	");"
	/* Records other than messages already applied, so that running the
	 * same input twice applies them once. */
	"CREATE TABLE applied ("
	"  record TEXT PRIMARY KEY"
	") WITHOUT ROWID;"
	/* What an agent works from: open and waiting cases, most urgent
	 * first. */
	"CREATE VIEW queue AS"
	"  SELECT id, status, priority, due_at, queue, agent, channel,"
	"    reason, subreason, customer, account, identity, messages,"
	"    opened_at, updated_at, last_in_at, sla_breached"
	"  FROM cases WHERE status IN ('open','waiting')"
	"    AND merged_into IS NULL"
	"  ORDER BY status, coalesce(priority, 9),"
	"    coalesce(due_at, '9999'), opened_at;"
	/* One case's history: its messages and events in time order. */
	"CREATE VIEW timeline AS"
	"  SELECT case_id, created_at AS at, 'message' AS kind,"
	"    direction || ' ' || coalesce(channel, '') AS what,"
	"    coalesce(agent, author) AS who, id AS ref,"
	"    json_extract(record, '$.text') AS text"
	"  FROM messages WHERE case_id IS NOT NULL"
	"  UNION ALL"
	"  SELECT case_id, at, 'event', op || coalesce(' ' || from_status ||"
	"    '->' || to_status, ''), agent, CAST(seq AS TEXT), detail"
	"  FROM case_events;"
	/* Everything one customer (or unlinked account) has had. */
	"CREATE VIEW customer_history AS"
	"  SELECT owner, customer, account, id AS case_id, status, outcome,"
	"    channel, reason, subreason, opened_at, resolved_at, messages"
	"  FROM cases;",
	/* 1 -> 2: what scs-influence(1) reads of an author.  Fields of a
	 * message other than its id are read from the record as it came,
	 * so that these views do not depend on columns that may change. */
	/* Who amplified whom: an inbound message that replies to, quotes
	 * or reposts a stored message of another author.  Reads every
	 * message: scs-influence reads it once per run, not per author. */
	"CREATE VIEW author_amplifiers AS"
	"  SELECT author, amplifier, max(followers) AS followers,"
	"    count(*) AS messages"
	"  FROM (SELECT json_extract(o.record, '$.author.id') AS author,"
	"      json_extract(r.record, '$.author.id') AS amplifier,"
	"      json_extract(r.record, '$.author.followers') AS followers"
	"    FROM messages r JOIN messages o ON o.id IN ("
	"      json_extract(r.record, '$.thread.in_reply_to'),"
	"      json_extract(r.record, '$.thread.quote_of'),"
	"      json_extract(r.record, '$.thread.repost_of'))"
	"    WHERE json_extract(r.record, '$.direction') IS NOT 'out')"
	"  WHERE author <> amplifier"
	"  GROUP BY author, amplifier;"
	/* One row per account, found by its id.  second_level reads every
	 * message (author_amplifiers); select it only when needed. */
	"CREATE VIEW author_history AS"
	"  SELECT a.id AS author, a.channel, a.handle, a.customer,"
	"    (SELECT segment FROM customers c WHERE c.id = a.customer)"
	"      AS segment,"
	"    a.messages, a.negative,"
	"    round(1.0 * a.negative / nullif(a.messages, 0), 3)"
	"      AS negative_share,"
	"    a.followers, a.max_followers, a.first_seen, a.last_seen,"
	"    (SELECT sum(followers) FROM author_amplifiers x"
	"      WHERE x.author = a.id) AS second_level"
	"  FROM accounts a;",
};

#define NMIGRATIONS	(sizeof(migrations) / sizeof(migrations[0]))

void
schema_migrate(sqlite3 *db)
{
	char sql[64];
	int v;

	db_exec(db, "BEGIN IMMEDIATE");
	/* Read again inside the transaction: another process may have
	 * migrated meanwhile. */
	for (v = db_version(db); v < (int)NMIGRATIONS; v++) {
		db_exec(db, migrations[v]);
		snprintf(sql, sizeof(sql), "PRAGMA user_version = %d", v + 1);
		db_exec(db, sql);
	}
	db_exec(db, "COMMIT");
}
