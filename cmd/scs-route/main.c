/* scs-route - where each message goes, how soon, and why
 *
 * For every inbound message: its topics, queue and group, priority, SLA
 * and due time (route.yaml's rule lists, in that order, each first
 * match wins), whether the queue is open (business hours in the queue's
 * time zone) and if not an auto-reply saying when it will be answered,
 * the private channel to move a public conversation to, a suggested
 * answer, and with --db the agent.  The result is the message's `route`
 * key, spliced into the original line; outbound messages and other
 * records pass through unchanged.
 */
#include <stdio.h>
#include <stdio_ext.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <jansson.h>

#include "cli.h"
#include "diag.h"
#include "idset.h"
#include "jarena.h"
#include "jparse.h"
#include "jpath.h"
#include "lineread.h"
#include "msgtext.h"
#include "record.h"
#include "route.h"
#include "stats.h"
#include "tstamp.h"

#ifndef SCS_RULESDIR
#define SCS_RULESDIR "/usr/local/share/scs/rules"
#endif

static const char usage[] =
"usage: scs-route [--rules DIR|FILE] [--db FILE] [options] [file...]\n"
"Add `route` to each inbound message: queue and group, priority, SLA\n"
"deadline, business hours and auto-reply, private channel, suggested\n"
"template, agent (with --db), and why.  Other records pass through.\n"
"\n"
"      --rules PATH     route.yaml, or the folder holding it with\n"
"                       templates.yaml and agents.yaml (default:\n"
"                       $SCS_RULES, else " SCS_RULESDIR ", else the\n"
"                       source tree's rules/ when run from build/bin)\n"
"      --db FILE        the case database (read-only): customer segment,\n"
"                       last agent, agents' load and shifts\n"
"      --check          load the rules, report problems, and exit\n"
"      --stats          print counts on stderr at the end (always when\n"
"                       stderr is a terminal)\n"
CLI_COMMON_HELP;

enum { OPT_RULES = 0x2000, OPT_DB, OPT_CHECK, OPT_STATS };

static const struct option longopts[] = {
	CLI_COMMON_OPTIONS,
	{ "rules",	required_argument,	NULL, OPT_RULES },
	{ "db",		required_argument,	NULL, OPT_DB },
	{ "check",	no_argument,		NULL, OPT_CHECK },
	{ "stats",	no_argument,		NULL, OPT_STATS },
	{ NULL, 0, NULL, 0 }
};

static const struct keyorder auto_reply_order[] = {
	{ "template", NULL }, { "text", NULL }, { "opens_at", NULL },
	{ NULL, NULL }
};

/* The order of route's keys in the output; keys rules add come after. */
static const struct keyorder route_order[] = {
	{ "queue", NULL }, { "group", NULL }, { "team", NULL },
	{ "priority", NULL }, { "sla_s", NULL }, { "sla_clock", NULL },
	{ "due_at", NULL }, { "opens_at", NULL }, { "agent", NULL },
	{ "private_channel", NULL }, { "template", NULL },
	{ "template_text", NULL }, { "kb", NULL },
	{ "auto_reply", auto_reply_order }, { "segment", NULL },
	{ "topics", NULL }, { "count_only", NULL }, { "why", NULL },
	{ NULL, NULL }
};

struct run {
	struct config	 cfg;
	struct routedb	*db;
	struct idset	*replied;	/* owner -> the opening replied for */
	struct jwant	*want;		/* what of a record is read */
};

/* The parts of a message scs-route reads itself (main.c, reply.c); the
 * rules add theirs.  Of author and class only what is read: an author's
 * profile and class.why are most of a routed record's bytes. */
static const char *const read_paths[] = {
	"type", "direction", "created_at", "channel", "public", "lang",
	"author.id", "author.name", "author.handle", "class.filter",
	"class.action", "class.lang", "class.protocol", "class.polarity",
	"class.reason", "class.subreason", "class.sentiment", "route",
	"subject", NULL
};

/*
 * The parts of a record to parse: the rest (the text above all) only
 * passes through, written from the original line.  A record that has
 * a route already is parsed whole: its line is rebuilt.  NULL, all of
 * every record, when a rule sets a field outside route: then every line
 * is rebuilt, or what the rule set would be lost.
 */
static struct jwant *
wanted_paths(const struct config *cfg)
{
	struct ruleset *const sets[] = { cfg->topics, cfg->queue_rules,
	    cfg->priority, cfg->sla };
	struct jwant *w;
	size_t i;

	for (i = 0; i < sizeof(sets) / sizeof(sets[0]); i++)
		if (rules_sets_outside(sets[i], "route"))
			return NULL;
	w = jwant_new();
	jwant_add_list(w, read_paths);
	for (i = 0; i < sizeof(sets) / sizeof(sets[0]); i++)
		rules_want(sets[i], w);
	return w;
}

#define SET(obj, key, v) \
	json_object_setn_new_nocheck((obj), (key), sizeof(key) - 1, (v))

/* A string from the rule files (valid UTF-8: libyaml checks) or made
 * here: not checked again.  What comes from the database is. */
static json_t *
str(const char *s)
{
	return s != NULL ? json_stringn_nocheck(s, strlen(s)) : NULL;
}

static int
is_message(json_t *rec)
{
	json_t *type = json_object_get(rec, "type");

	return type == NULL || (json_is_string(type) &&
	    strcmp(json_string_value(type), "message") == 0);
}

/* The route object in rec (a rule may have replaced it). */
static json_t *
route_of(json_t *rec)
{
	json_t *r = json_object_get(rec, "route");

	if (!json_is_object(r)) {
		r = json_object();
		json_object_set_new(rec, "route", r);
	}
	return r;
}

static void
apply(struct ruleset *rs, json_t *rec, json_t *why)
{
	if (rs != NULL)
		rules_apply(rs, rec, why);
}

/*
 * A name a person would be greeted by: two words or more, each a
 * capital and then small letters ("Ana P." passes), no digits, no
 * underscores, not the handle.  Anything else ("xX_Dark_Xx", "La
 * Bestia 99", "ana_p") is a username, and a reply greets no one.
 */
static const char *
real_name(json_t *rec)
{
	const char *name = jpath_str(rec, "author.name");
	const char *handle = jpath_str(rec, "author.handle");
	const unsigned char *p;
	int words = 0, start = 1;

	if (name == NULL || (handle != NULL && strcasecmp(name, handle) == 0))
		return NULL;
	for (p = (const unsigned char *)name; *p != '\0'; p++) {
		if (*p == ' ') {
			if (start)
				return NULL;
			start = 1;
			continue;
		}
		if (start) {
			if (!(*p >= 'A' && *p <= 'Z') && *p < 0xC0)
				return NULL;
			words++;
			start = 0;
		} else if (!(*p >= 'a' && *p <= 'z') && *p < 0x80 &&
		    *p != '.' && *p != '\'' && *p != '-')
			return NULL;
	}
	return words >= 2 && !start ? name : NULL;
}

static int
eligible(struct run *run, const struct queue *q, size_t i, const char *group,
    const char *lang, int64_t t)
{
	const struct agent *a = &run->cfg.agents->v[i];
	size_t k;
	int skilled = q->nskills == 0;

	if (group != NULL && (a->group == NULL || strcmp(a->group, group) != 0))
		return 0;
	for (k = 0; k < q->nskills && !skilled; k++)
		skilled = agent_has_skill(a, q->skills[k]);
	if (!skilled)
		return 0;
	if (lang != NULL && a->nlanguages > 0 && !agent_speaks(a, lang))
		return 0;
	if (a->capacity >= 0 && routedb_load(run->db, i) >= a->capacity)
		return 0;
	if (q->senior && agent_years(a, t / 86400000) < run->cfg.senior_years)
		return 0;
	return routedb_on_shift(run->db, i, t);
}

static void
assign(struct run *run, json_t *r, size_t i, const char *how, json_t *why)
{
	const struct agent *a = &run->cfg.agents->v[i];

	SET(r, "agent", str(a->id));
	json_array_append_new(why, json_sprintf("%s:%s (load %ld/%ld)", how,
	    a->id, routedb_load(run->db, i), a->capacity));
	routedb_assigned(run->db, i);
}

/*
 * The sticky agent while on shift and under capacity, else the least
 * loaded agent of the primary group, else of the secondary, with the
 * queue's skills and the message's language; ties go round-robin in
 * agents.yaml's order.  Without --db there is no load to weigh: the
 * queue's primary group.
 */
static void
remember(struct run *run, const char *author, const char *agent)
{
	if (author != NULL)
		routedb_remember(run->db, author, agent);
}

static void
pick_agent(struct run *run, json_t *r, struct queue *q, const char *lang,
    int64_t t, const char *author, const struct customer *cust, json_t *why)
{
	const struct agents *as = run->cfg.agents;
	size_t i, tier, n, best[64];
	long load, min;

	SET(r, "group", str("primary"));
	SET(r, "team", str(q->groups[0]));
	if (run->db == NULL || as == NULL)
		return;
	if (cust != NULL && cust->last_agent != NULL) {
		long s = agents_find(as, cust->last_agent);

		/* Given in this run: the conversation is counted already. */
		if (s >= 0 && cust->this_run &&
		    routedb_on_shift(run->db, (size_t)s, t)) {
			SET(r, "agent", str(as->v[s].id));
			SET(r, "team", str(as->v[s].group ? as->v[s].group :
			    q->groups[0]));
			json_array_append_new(why, json_sprintf("sticky:%s "
			    "(this run)", as->v[s].id));
			return;
		}
		if (s >= 0 && eligible(run, q, (size_t)s, NULL, lang, t)) {
			assign(run, r, (size_t)s, "sticky", why);
			SET(r, "team", str(as->v[s].group ? as->v[s].group :
			    q->groups[0]));
			remember(run, author, as->v[s].id);
			return;
		}
		json_array_append_new(why, json_sprintf("sticky:%s not free "
		    "(off shift, at capacity or not for this queue)",
		    cust->last_agent));
	}
	for (tier = 0; tier < 2 && q->groups[tier] != NULL; tier++) {
		n = 0;
		min = -1;
		for (i = 0; i < as->n; i++) {
			if (!eligible(run, q, i, q->groups[tier], lang, t))
				continue;
			load = routedb_load(run->db, i);
			if (min == -1 || load < min) {
				min = load;
				n = 0;
			}
			if (load == min && n < 64)
				best[n++] = i;
		}
		if (n == 0)
			continue;
		i = best[q->turn++ % n];
		SET(r, "group", str(tier == 0 ? "primary" : "secondary"));
		SET(r, "team", str(q->groups[tier]));
		assign(run, r, i, "agent", why);
		remember(run, author, as->v[i].id);
		return;
	}
	json_array_append_new(why, json_sprintf("agent:none free in %s",
	    q->name));
}

/* Out of hours: one auto-reply per customer per closed period. */
static void
auto_reply(struct run *run, json_t *rec, json_t *r, struct queue *q,
    const char *lang, int64_t t, int64_t opens,
    const struct customer *cust, json_t *why)
{
	const char *owner = cust && cust->customer ? cust->customer :
	    jpath_str(rec, "author.id");
	const char *name = cust && cust->name ? cust->name : real_name(rec);
	int64_t before;
	json_t *reply;

	if (owner != NULL) {
		if (!idset_put(run->replied, owner, strlen(owner), opens,
		    &before) && before == opens) {
			json_array_append_new(why, json_string(
			    "auto_reply:already sent this period"));
			return;
		}
		if (run->db != NULL && routedb_auto_replied(run->db, owner,
		    bh_prev_close(q->hours, t / 1000) * 1000)) {
			json_array_append_new(why, json_string(
			    "auto_reply:already sent this period (db)"));
			return;
		}
	}
	reply = reply_out_of_hours(&run->cfg, rec, lang, name, q, opens, why);
	if (reply != NULL)
		SET(r, "auto_reply", reply);
}

/* The deadline, the opening and the auto-reply, from created_at (t). */
static void
timing(struct run *run, json_t *rec, json_t *r, struct queue *q,
    const char *lang, int64_t t, const struct customer *cust, json_t *why)
{
	const char *channel = json_string_value(json_object_get(rec,
	    "channel"));
	const char *clock = jpath_str(rec, "route.sla_clock");
	int business = clock ? strcmp(clock, "business") == 0 :
	    run->cfg.business_clock;
	int64_t sla = yaml_duration(json_object_get(r, "sla_s"));
	int64_t due, start, end, window;
	char at[TS_BUFSZ];

	due = t + sla * 1000;
	if (business && q->hours != NULL) {
		due = bh_add(q->hours, t / 1000, sla);
		due = due < 0 ? t + sla * 1000 : due * 1000;
		SET(r, "sla_clock", str("business"));
	}
	if (channel != NULL && (window = json_integer_value(json_object_get(
	    run->cfg.windows, channel))) > 0 && due > t + window * 1000) {
		due = t + window * 1000;
		json_array_append_new(why, json_sprintf("window:%s closes "
		    "%llds after the message", channel, (long long)window));
	}
	SET(r, "due_at", str(ts_format(due, at)));
	if (q->hours == NULL || bh_next(q->hours, t / 1000, &start, &end) ==
	    -1 || start * 1000 <= t)
		return;
	SET(r, "opens_at", str(ts_format(start * 1000, at)));
	auto_reply(run, rec, r, q, lang, t, start * 1000, cust, why);
}

/* Not for agents: filtered, discarded or only counted. */
static int
count_only(json_t *rec, json_t *r, json_t *why)
{
	json_t *filter = jpath_get(rec, "class.filter");
	const char *action = jpath_str(rec, "class.action");

	if (json_is_string(filter))
		json_array_append_new(why, json_sprintf("filter:%s->count "
		    "only", json_string_value(filter)));
	else if (action != NULL && (strcmp(action, "discard") == 0 ||
	    strcmp(action, "count_only") == 0))
		json_array_append_new(why, json_sprintf("action:%s->count "
		    "only", action));
	else
		return 0;
	SET(r, "queue", json_null());
	SET(r, "count_only", json_true());
	return 1;
}

static json_t *
route(struct run *run, json_t *rec, int64_t t, int has_time)
{
	struct config *cfg = &run->cfg;
	const struct customer *cust = NULL;
	const char *lang, *author = jpath_str(rec, "author.id"), *channel;
	const struct template *tpl;
	struct queue *q;
	json_t *r = json_object(), *why = json_array(), *v;

	json_object_set_new(rec, "route", r);
	if (count_only(rec, r, why))
		goto done;
	if ((lang = json_string_value(json_object_get(rec, "lang"))) == NULL &&
	    (lang = jpath_str(rec, "class.lang")) == NULL)
		lang = cfg->default_lang;
	if (run->db != NULL && author != NULL) {
		cust = routedb_customer(run->db, author);
		if (cust->segment != NULL)
			SET(r, "segment", json_string(cust->segment));
	}
	apply(cfg->topics, rec, why);
	r = route_of(rec);
	SET(r, "ntopics", json_integer((json_int_t)json_array_size(
	    json_object_get(r, "topics"))));
	apply(cfg->queue_rules, rec, why);
	r = route_of(rec);
	json_object_del(r, "ntopics");
	if (!json_is_string(v = json_object_get(r, "queue")) ||
	    (q = config_queue(cfg, json_string_value(v))) == NULL) {
		q = config_queue(cfg, cfg->default_queue);
		SET(r, "queue", str(q->name));
		json_array_append_new(why, json_sprintf("default:queue %s",
		    q->name));
	}
	apply(cfg->priority, rec, why);
	r = route_of(rec);
	if (!json_is_integer(json_object_get(r, "priority"))) {
		SET(r, "priority", json_integer(cfg->default_priority));
		json_array_append_new(why, json_sprintf("default:P%ld",
		    cfg->default_priority));
	}
	apply(cfg->sla, rec, why);
	r = route_of(rec);
	if (yaml_duration(json_object_get(r, "sla_s")) < 0) {
		SET(r, "sla_s", json_integer(cfg->default_sla));
		json_array_append_new(why, json_string("default:sla"));
	} else
		SET(r, "sla_s", json_integer(yaml_duration(
		    json_object_get(r, "sla_s"))));
	if (has_time)
		timing(run, rec, r, q, lang, t, cust, why);
	else
		json_array_append_new(why, json_string("no created_at: no "
		    "due_at"));
	if (json_is_true(json_object_get(rec, "public")) &&
	    (channel = json_string_value(json_object_get(rec, "channel"))) !=
	    NULL && cfg->private_channels != NULL) {
		if ((v = json_object_get(cfg->private_channels, channel)) ==
		    NULL)
			v = json_object_get(cfg->private_channels, "default");
		if (v != NULL)
			SET(r, "private_channel", json_deep_copy(v));
	}
	if ((tpl = reply_suggest(cfg, rec, lang)) != NULL) {
		SET(r, "template", str(tpl->id));
		if ((v = reply_answer_text(tpl, cust && cust->name ?
		    cust->name : real_name(rec))) != NULL)
			SET(r, "template_text", v);
		if (tpl->kb != NULL)
			SET(r, "kb", str(tpl->kb));
	}
	pick_agent(run, r, q, lang, has_time ? t : 0, author, cust, why);
done:
	r = route_of(rec);
	SET(r, "why", why);
	return json_incref(r);
}

static void
route_line(struct run *run, struct lreader *lr, const char *line, size_t len)
{
	json_error_t err;
	json_t *rec, *had, *r, *created;
	struct msgtext mt;
	const char *dir;
	int64_t t = 0;

	if ((rec = jparse_want(line, len, run->want, &err)) != NULL &&
	    json_object_get(rec, "route") != NULL) {
		jarena_decref(rec);
		rec = jparse(line, len, 0, &err);
	}
	if (rec == NULL || !json_is_object(rec)) {
		diag_reject(lr->name, lr->lineno, line, len, rec == NULL ?
		    "invalid JSON at column %d: %s" : "not a JSON object%.0d%s",
		    err.column, rec == NULL ? err.text : "");
		jarena_decref(rec);
		return;
	}
	dir = json_string_value(json_object_get(rec, "direction"));
	if (!is_message(rec) || (dir != NULL && strcmp(dir, "out") == 0)) {
		stats_count("passed through");
		if (rec_write_raw(line, len) == -1)
			diag_fatal(EX_IOERR, "write error");
		jarena_decref(rec);
		return;
	}
	created = json_object_get(rec, "created_at");
	if (created != NULL && (!json_is_string(created) ||
	    ts_parse_rfc3339(json_string_value(created), &t) == -1)) {
		diag_reject(lr->name, lr->lineno, line, len,
		    "\"created_at\" is not an RFC 3339 time");
		jarena_decref(rec);
		return;
	}
	/* The rules read the subject with the text, as scs-classify's do
	 * (msgtext.h); the text as it came is written. */
	msgtext_begin(rec, &mt);
	had = json_incref(json_object_get(rec, "route"));
	r = route(run, rec, t, created != NULL);
	/* Kept when a rule may have set another field: rec_splice_ordered
	 * then rebuilds the line from rec. */
	if (had != NULL)
		json_object_set(rec, "route", had);
	else if (run->want != NULL)
		json_object_del(rec, "route");
	json_decref(had);
	msgtext_end(rec, &mt);
	if (rec_splice_ordered(line, len, rec, "route", r, route_order) == -1)
		diag_fatal(EX_IOERR, "write error");
	stats_count("messages");
	if (json_is_true(json_object_get(r, "count_only")))
		stats_count("count only");
	if (json_object_get(r, "auto_reply") != NULL)
		stats_count("auto-replies");
	/* Every value in them was made for this record (the rules and the
	 * private channel map give copies): nothing to walk. */
	jarena_discard(r);
	jarena_discard(rec);
}

/*
 * Output is written by hand once OUT_FLUSH bytes are pending, the
 * database's read transaction ended first (routedb_release): the
 * write may wait for scs-case and the snapshot must not be held
 * meanwhile.
 * Below stdio's own 64 KiB buffer (rec_out_init), so that stdio does
 * not write (and wait) by itself, and below a pipe's 64 KiB, so that a
 * write fits in one.
 */
#define OUT_FLUSH	(48u << 10)

static void
route_one(struct lreader *lr, const char *line, size_t len, void *arg)
{
	struct run *run = arg;

	jarena_begin();
	route_line(run, lr, line, len);
	jarena_end();
	if (__fpending(stdout) >= OUT_FLUSH) {
		routedb_release(run->db);
		rec_flush();
	}
}

/* The input is empty for now: the same before waiting for it. */
static void
route_idle(void *arg)
{
	struct run *run = arg;

	routedb_release(run->db);
	rec_flush();
}

int
main(int argc, char **argv)
{
	struct cli cli = { LR_DEFAULT_MAX, 0 };
	struct run run;
	char *path;
	const char *rules_arg = NULL, *db_path = NULL;
	int c, i, check = 0, stats = isatty(2), status;

	diag_init(argv[0]);
	rec_out_init(stdout);
	memset(&run, 0, sizeof(run));
	while ((c = getopt_long(argc, argv, "", longopts, NULL)) != -1) {
		if (cli_common(&cli, c, optarg, usage))
			continue;
		switch (c) {
		case OPT_RULES:
			rules_arg = optarg;
			break;
		case OPT_DB:
			db_path = optarg;
			break;
		case OPT_CHECK:
			check = 1;
			break;
		case OPT_STATS:
			stats = 1;
			break;
		default:
			fputs(usage, stderr);
			exit(EX_USAGE);
		}
	}
	path = cli_rules_file(rules_arg, "route.yaml");
	config_load(&run.cfg, path);
	free(path);
	if (check) {
		config_free(&run.cfg);
		return 0;
	}
	if (db_path != NULL)
		run.db = routedb_open(db_path, run.cfg.agents);
	run.want = wanted_paths(&run.cfg);
	/* After the rules: they keep jansson values beyond any record. */
	jarena_init();
	if ((run.replied = idset_new(run.cfg.reply_memory)) == NULL)
		diag_fatal(EX_SOFTWARE, "out of memory");
	cli_on_idle(route_idle, &run, 0);
	if (optind == argc)
		cli_each_line("-", cli.max_line, route_one, &run);
	for (i = optind; i < argc; i++)
		cli_each_line(argv[i], cli.max_line, route_one, &run);
	routedb_release(run.db);
	status = cli_finish(stats);
	jarena_free_all();
	idset_free(run.replied);
	routedb_close(run.db);
	jwant_free(run.want);
	config_free(&run.cfg);
	return status;
}
