/* influence.h - what scs-influence's parts share */
#ifndef SCS_INFLUENCE_H
#define SCS_INFLUENCE_H

#include <stddef.h>
#include <stdint.h>

#include <jansson.h>
#include <sqlite3.h>

#include "idset.h"
#include "rules.h"
#include "yamljson.h"

/*
 * A factor that saturates: it gives up to `points`, growing with the
 * logarithm of its figure, all of them at `full` (see scs-influence(1)).
 */
struct logfactor {
	double	points;
	double	full;
};

/* A tier: scores from `from` up (to the next tier's from) are `name`. */
struct tier {
	char	*name;
	double	 from;
};

/* A profile flag: words in the bio or name that make it, and its points. */
struct flag {
	char	*name;
	double	 points;
};

/* A customer segment's points (segment.points in influence.yaml). */
struct segment {
	char	*name;
	double	 points;
};

/* influence.yaml, compiled. */
struct config {
	char		*path;
	struct yamldoc	*doc;
	struct logfactor reach, second_level, engagement;
	double		 second_level_days;	/* amplifiers looked back on */
	struct logfactor posts_per_day, seen;	/* the two parts of activity */
	double		 activity_points;
	double		 seen_share;		/* of activity that is seen */
	double		 eng_likes, eng_replies, eng_reposts, eng_quotes;
	double		 verified_points;
	double		 flags_max;		/* flags' points together */
	struct flag	*flags;
	size_t		 nflags;
	struct ruleset	*flag_rules;		/* tag influence.flags */
	char		*segment_path;
	struct segment	*segments;
	size_t		 nsegments;
	double		 segments_max;
	char		*external_path;
	double		 external_weight;
	struct tier	*tiers;			/* ascending from */
	size_t		 ntiers;
	char		**influencer_tiers;
	size_t		 ninfluencer_tiers;
	double		 detractor_min;		/* negative messages */
	double		 detractor_share;
	int		 why_max;
	size_t		 remember;		/* authors kept in memory */
	struct ruleset	*use_rules;		/* tag influence.use */
};

/* Load and check the file (exits 78 with file:line:column on error). */
void	config_load(struct config *, const char *path);
void	config_free(struct config *);
struct flag *config_flag(struct config *, const char *name);
const char *config_tier(const struct config *, double score);
int	config_tier_known(const struct config *, const char *name);

/* What is known of the author beyond this record. */
struct history {
	int64_t	 messages;	/* inbound messages seen */
	int64_t	 negative;	/* of them negative or hostile */
	int64_t	 max_followers;	/* -1: none seen */
	int64_t	 second_level;	/* reach of amplifiers, -1: none */
	const char *segment;	/* the customer's, or NULL */
	char	 first_seen[32], last_seen[32];	/* "" when unknown */
	int	 from_db;	/* found in the database */
};

/*
 * history.c: the author's counts in this run (bounded: the last
 * `remember` authors) and, with --db, in the case database's
 * author_history view.
 */
struct past;
struct past *past_open(const char *dbpath, size_t remember, double days);
/* Message id by author replies to, quotes or reposts the messages
 * targets (any may be NULL): their authors' second level grows by
 * followers, once per amplifier. */
void	past_link(struct past *, const char *id, const char *author,
	    const char *const *targets, size_t ntargets, int64_t followers);
/* Count message id (unless the database has it already), then fill h
 * with all that is known of author. */
void	past_note(struct past *, const char *author, const char *id,
	    int negative, struct history *h);
/* End the database's read transaction, if any, before a wait: held
 * across it, it keeps scs-case downstream from restarting its log. */
void	past_release(struct past *);
void	past_close(struct past *);

/*
 * score.c: the `influence` object for message rec (which must already
 * hold an empty influence object for the flag rules to tag) given the
 * author's history.  Returns a new reference.
 */
json_t	*influence_score(struct config *, json_t *rec, json_t *inf,
	    const struct history *);
/* Is this message negative or hostile (class.polarity, class.protocol)? */
int	message_negative(json_t *rec);

#endif
