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
	/*
	 * 2 -> 3: what scs-report(1) reads.  The product (the rules'
	 * class.product, else the brand or product term found) and the
	 * author's stated location become columns, as reports group by
	 * them; a case keeps the first product, place and location its
	 * messages gave.  Periods cut messages and cases by time.
	 */
	"ALTER TABLE messages ADD COLUMN product TEXT;"
	"ALTER TABLE messages ADD COLUMN location TEXT;"
	"ALTER TABLE cases ADD COLUMN product TEXT;"
	"ALTER TABLE cases ADD COLUMN place TEXT;"
	"ALTER TABLE cases ADD COLUMN location TEXT;"
	"UPDATE messages SET product = coalesce("
	"    json_extract(record, '$.class.product'),"
	"    json_extract(record, '$.class.brand.term')),"
	"  location = json_extract(record, '$.author.location');"
	"UPDATE cases SET"
	"  product = (SELECT m.product FROM messages m WHERE m.case_id ="
	"    cases.id AND m.product IS NOT NULL ORDER BY m.created_at LIMIT 1),"
	"  place = (SELECT m.place FROM messages m WHERE m.case_id = cases.id"
	"    AND m.place IS NOT NULL ORDER BY m.created_at LIMIT 1),"
	"  location = (SELECT m.location FROM messages m WHERE m.case_id ="
	"    cases.id AND m.location IS NOT NULL AND m.direction IS NOT 'out'"
	"    ORDER BY m.created_at LIMIT 1);"
	/* Reports and alerts of a recent period find its messages; cases
	 * are few and small, and reports sweep them whole (an index by
	 * opening or resolution time cost scs-case more than it saved). */
	"CREATE INDEX messages_time ON messages(created_at);"
	/* The few reopenings, found without reading every event. */
	"CREATE INDEX case_events_reopen ON case_events(case_id, seq)"
	"  WHERE op = 'reopen';"
	/* Every message with what reports group it by: an agent's message
	 * by its agent, a customer's by its case's; a case's queue, reason
	 * and product where the message has none. */
	"CREATE VIEW report_messages AS"
	"  SELECT m.id, m.case_id, m.created_at AS at, m.channel,"
	"    m.direction, m.auto, m.author,"
	"    coalesce(m.agent, c.agent) AS agent,"
	"    coalesce(m.queue, c.queue) AS queue,"
	"    coalesce(m.reason, c.reason) AS reason,"
	"    coalesce(m.subreason, c.subreason) AS subreason,"
	"    coalesce(m.product, c.product) AS product,"
	"    coalesce(m.place, c.place) AS place,"
	"    coalesce(m.location, c.location) AS location,"
	"    m.polarity, m.sentiment, m.filter, m.action,"
	"    coalesce(m.derivation, 0) AS derivation,"
	"    coalesce(m.community, 0) AS community, m.protocol, m.lang"
	"  FROM messages m LEFT JOIN cases c ON c.id = m.case_id;"
	/*
	 * First response: one row per opening of a case (when it was
	 * opened, and each time it was reopened) with the first reply of
	 * a human agent after that opening and before the next one.  So a
	 * reopened case's first response counts from the reopening, and
	 * an auto-reply never is a first response.  closed_at: when that
	 * opening was resolved.  frt_s is wall-clock; scs-report also
	 * takes out time waiting on the customer and counts business
	 * hours, which need the rule files.  A case's first opening comes
	 * from the case itself (scs-case keeps its first human reply);
	 * reopenings, few, are looked up.
	 */
	"CREATE VIEW report_openings AS"
	"  SELECT o.*, unixepoch(o.first_reply_at) - unixepoch(o.opened_at)"
	"    AS frt_s"
	"  FROM (SELECT c.id AS case_id, 0 AS reopened, c.opened_at,"
	"      c.channel, c.agent, c.queue, c.reason, c.product, c.place,"
	"      c.location, c.status,"
	"      CASE WHEN c.reopens = 0 OR c.first_reply_at < (SELECT min(n.at)"
	"        FROM case_events n WHERE n.case_id = c.id"
	"          AND n.op = 'reopen') THEN c.first_reply_at END"
	"        AS first_reply_at,"
	"      CASE WHEN c.reopens = 0 THEN c.resolved_at ELSE (SELECT"
	"        min(n.at) FROM case_events n WHERE n.case_id = c.id"
	"          AND n.to_status = 'resolved') END AS closed_at"
	"    FROM cases c WHERE c.merged_into IS NULL"
	"    UNION ALL"
	"    SELECT e.case_id, 1, e.at, c.channel, c.agent, c.queue,"
	"      c.reason, c.product, c.place, c.location, c.status,"
	"      (SELECT min(m.created_at) FROM messages m"
	"        WHERE m.case_id = e.case_id AND m.direction = 'out'"
	"          AND m.auto = 0 AND m.created_at >= e.at"
	"          AND m.created_at < coalesce((SELECT min(n.at)"
	"            FROM case_events n WHERE n.case_id = e.case_id"
	"              AND n.seq > e.seq AND n.op = 'reopen'), '9999')),"
	"      (SELECT min(n.at) FROM case_events n"
	"        WHERE n.case_id = e.case_id AND n.seq > e.seq"
	"          AND n.to_status = 'resolved')"
	"    FROM case_events e JOIN cases c ON c.id = e.case_id"
	"    WHERE e.op = 'reopen' AND c.merged_into IS NULL) o;"
	/*
	 * Reply time (ART): each turn of a case on the company - from when
	 * it was opened, reopened, or the customer wrote while it waited
	 * on them - to the agent reply that handed it back (the case's
	 * state machine, case_events).  Several customer lines in a row
	 * are one turn; auto-replies hand nothing back.
	 */
	"CREATE VIEW report_replies AS"
	"  SELECT r.*, unixepoch(r.reply_at) - unixepoch(r.at) AS reply_s"
	"  FROM (SELECT e.case_id, e.at, c.channel, c.agent, c.queue,"
	"      c.reason, c.product, c.place, c.location,"
	"      (SELECT n.at FROM case_events n WHERE n.case_id = e.case_id"
	"        AND n.seq > e.seq AND n.op = 'reply' ORDER BY n.seq LIMIT 1)"
	"        AS reply_at"
	"    FROM case_events e JOIN cases c ON c.id = e.case_id"
	"    WHERE e.to_status = 'open' AND c.merged_into IS NULL) r;"
	/*
	 * One row per case: what it took.  handle_s adds its work
	 * records; fcr is 1 when a resolved case took one agent reply and
	 * never reopened, 0 when more, NULL when not resolved or resolved
	 * with no reply at all.
	 */
	"CREATE VIEW report_cases AS"
	"  SELECT c.id AS case_id, c.status, c.outcome, c.channel, c.agent,"
	"    c.queue, c.reason, c.subreason, c.product, c.place, c.location,"
	"    c.opened_at, c.first_reply_at, c.resolved_at, c.due_at,"
	"    c.messages, c.replies, c.auto_replies, c.reopens, c.escalated,"
	"    c.sla_breached, c.identity,"
	"    CASE WHEN c.status = 'resolved' AND c.replies > 0"
	"      THEN c.replies = 1 AND c.reopens = 0 END AS fcr,"
	"    (SELECT sum(w.seconds) FROM work w WHERE w.case_id = c.id)"
	"      AS handle_s,"
	"    unixepoch(c.resolved_at) - unixepoch(c.opened_at)"
	"      AS resolution_s"
	"  FROM cases c WHERE c.merged_into IS NULL;"
	/* Status spans of each case, from its events: scs-report takes the
	 * waiting ones out of the SLA clock. */
	"CREATE VIEW report_status_spans AS"
	"  SELECT case_id, to_status AS status, at AS start_at,"
	"    lead(at) OVER (PARTITION BY case_id ORDER BY seq) AS end_at"
	"  FROM case_events WHERE to_status IS NOT NULL;"
	/* Surveys, QA reviews and work with the case's dimensions, and the
	 * agent's group and years since hire at the time. */
	"CREATE VIEW report_surveys AS"
	"  SELECT s.case_id, s.at, s.csat, s.nps, s.resolved, s.professional,"
	"    c.channel, c.agent, c.queue, c.reason, c.product, c.place,"
	"    c.location, a.grp AS team"
	"  FROM surveys s JOIN cases c ON c.id = s.case_id"
	"  LEFT JOIN agents a ON a.id = c.agent;"
	"CREATE VIEW report_qa AS"
	"  SELECT q.case_id, coalesce(q.at, c.resolved_at, c.opened_at) AS at,"
	"    q.reviewer, q.score, q.items,"
	"    c.channel, c.agent, c.queue, c.reason, c.product, c.place,"
	"    c.location, a.grp AS team,"
	"    CAST((julianday(coalesce(q.at, c.resolved_at, c.opened_at))"
	"      - julianday(a.hired)) / 365.25 AS INTEGER) AS seniority_years"
	"  FROM qa q JOIN cases c ON c.id = q.case_id"
	"  LEFT JOIN agents a ON a.id = c.agent;"
	"CREATE VIEW report_work AS"
	"  SELECT w.case_id, w.agent, w.seconds, w.at, c.channel, c.queue,"
	"    c.reason, c.product, c.place, c.location, a.grp AS team"
	"  FROM work w LEFT JOIN cases c ON c.id = w.case_id"
	"  LEFT JOIN agents a ON a.id = w.agent;"
	"CREATE VIEW report_shifts AS"
	"  SELECT s.agent, s.start, s.end,"
	"    unixepoch(s.end) - unixepoch(s.start) AS seconds, a.grp AS team"
	"  FROM shifts s LEFT JOIN agents a ON a.id = s.agent;"
	/* Service level and response by channel, wall-clock, against the
	 * target the query gives: sqlite3's way to the scorecard's line. */
	"CREATE VIEW report_frt_by_channel AS"
	"  SELECT channel, count(*) AS openings,"
	"    count(first_reply_at) AS answered,"
	"    avg(frt_s) AS frt_mean_s"
	"  FROM report_openings GROUP BY channel;",
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
