/* route.h - what scs-route's parts share */
#ifndef SCS_ROUTE_H
#define SCS_ROUTE_H

#include <stddef.h>
#include <stdint.h>

#include <jansson.h>

#include "agents.h"
#include "bizhours.h"
#include "calendar.h"
#include "rules.h"
#include "yamljson.h"

struct queue {
	char		 *name;
	char		 *groups[2];		/* primary, secondary (or NULL) */
	char		**skills;		/* any of them; none: any agent */
	size_t		  nskills;
	int		  senior;		/* senior agents only */
	struct bizhours	 *hours;		/* NULL: always open */
	unsigned long	  turn;			/* round-robin among ties */
};

/* A reply template or knowledge-base answer (templates.yaml). */
struct template {
	char		 *id, *kind, *lang, *tone, *text, *kb, *subreason;
	char		**reasons;
	size_t		  nreasons;
};

struct config {
	char		*path, *tpl_path, *agents_path;
	struct yamldoc	*doc;
	char		*default_queue;
	long		 default_priority;
	int64_t		 default_sla;		/* seconds */
	int		 business_clock;	/* count SLA in open hours */
	int		 senior_years;
	struct calendars cals;		/* hours: by name */
	struct queue	*queues;
	size_t		 nqueues;
	json_t		*windows;		/* channel -> seconds */
	json_t		*private_channels;	/* channel -> channel */
	struct ruleset	*topics, *queue_rules, *priority, *sla;
	struct template	*tpls;
	size_t		 ntpls;
	char		*default_lang;
	size_t		 reply_memory;		/* customers remembered */
	struct agents	*agents;		/* NULL: no agents.yaml */
};

/* Load route.yaml, templates.yaml and agents.yaml from dir (or beside
 * the route.yaml named); exits 78 with file:line:column on error. */
void	config_load(struct config *, const char *path);
void	config_free(struct config *);
struct queue *config_queue(const struct config *, const char *name);

/* db.c: what the case database knows, cached for the run. */
struct routedb;
struct customer {
	const char	*customer;	/* customer id, or NULL */
	const char	*name;		/* its verified name, or NULL */
	const char	*segment;
	const char	*last_agent;	/* who handled this owner last */
	int		 this_run;	/* last_agent was given in this run */
};
struct routedb *routedb_open(const char *path, const struct agents *);
void	routedb_close(struct routedb *);
/* The customer behind an author id (borrowed until the next call). */
const struct customer *routedb_customer(struct routedb *, const char *author);
/* Is the agent (index in agents) on shift at t (ms)?  Every agent is
 * when the database records no shifts at all. */
int	routedb_on_shift(struct routedb *, size_t agent, int64_t t);
/* Open and waiting cases of the agent, with those routed in this run. */
long	routedb_load(struct routedb *, size_t agent);
void	routedb_assigned(struct routedb *, size_t agent);
/* The author's conversation went to agent in this run: their next
 * messages stick to them without counting again. */
void	routedb_remember(struct routedb *, const char *author,
	    const char *agent);
/* Did owner's messages since `since` (ms) get an auto-reply? */
int	routedb_auto_replied(struct routedb *, const char *owner,
	    int64_t since);
/* End the read transaction, if any, before a wait (NULL: nothing). */
void	routedb_release(struct routedb *);

/* reply.c: templates. */
/* The auto-reply for rec out of hours, opening at opens (ms), or NULL;
 * name is the customer's verified name, if any. */
json_t	*reply_out_of_hours(const struct config *, json_t *rec,
	    const char *lang, const char *name, const struct queue *,
	    int64_t opens, json_t *why);
/* The suggested answer template for the message's reason, or NULL. */
json_t	*reply_answer_text(const struct template *, const char *name);
const struct template *reply_suggest(const struct config *, json_t *rec,
	    const char *lang);

#endif
