/* scorecard.h - what the scorecard's parts share */
#ifndef SCS_REPORT_SCORECARD_H
#define SCS_REPORT_SCORECARD_H

#include "agg.h"
#include "report.h"

struct spans {
	struct span	*v;
	size_t		 n;
};

struct scorecard {
	sqlite3			*db;
	const struct repconf	*rc;
	const struct query	*q;
	struct report		*r;
	struct spans		 spans;	/* waiting on the customer */
	struct agg		 coach;	/* by agent, for coaching */
	/* fed by the one pass over messages */
	struct agg		 filt, filt_tot;
	struct agg		 loc, place, loc_top, place_top;
	struct agg		 trend;
	struct query		 trend_q;
	int			 want_trend;
	/* fed by the one pass over cases */
	struct agg		 vol, hand, back, compl, reas, reas_tot;
	struct agg		 sat, sat_by[5];
	struct query		 back_q;
	int64_t			 compl_since;
};

/* The columns of the cases pass, after the dimensions. */
enum { CC_OPENED = NDIMS, CC_RESOLVED, CC_STATUS, CC_DUE, CC_MESSAGES,
	CC_SUBREASON, CC_FCR, CC_REOPENS, CC_ESCALATED, CC_HANDLE, CC_CASE,
	CC_OUTCOME };

/* The company's clock between two times of a case: wall-clock and
 * business hours, without time resolved or (by the rules) waiting. */
struct elapsed {
	int64_t	wall, biz;
};
struct elapsed clock_between(const struct scorecard *, int64_t case_id,
	    const char *queue, int64_t t0, int64_t t1);
/* The group of a fact in a, by the query's labels and its time t. */
struct group *group_of(struct agg *, const struct query *, sqlite3_stmt *,
	    int64_t t);

/* cases.c: the pass over cases and the tables only it feeds. */
void	sc_cases_pass(struct scorecard *);
void	sc_handling_init(struct scorecard *);
void	sc_handling_row(struct scorecard *, sqlite3_stmt *, int64_t opened,
	    int64_t resolved);
void	sc_handling(struct scorecard *);
void	sc_backlog_init(struct scorecard *);
void	sc_backlog_row(struct scorecard *, sqlite3_stmt *, int64_t opened);
void	sc_backlog(struct scorecard *);
/* scorecard.c: a case opened in the period, for the volume table. */
void	sc_volume_case(struct scorecard *, sqlite3_stmt *, int64_t opened);
/* management.c: returns where the complaints' range starts
 * (INT64_MIN: open). */
int64_t	sc_complaints_init(struct scorecard *);
void	sc_complaints_row(struct scorecard *, sqlite3_stmt *, int64_t opened);
void	sc_reasons_init(struct scorecard *);
void	sc_reasons_row(struct scorecard *, sqlite3_stmt *, int64_t opened);
/* satisfaction.c: cases resolved in the period, what surveys answer. */
void	sc_sat_init(struct scorecard *);
void	sc_sat_resolved_row(struct scorecard *, sqlite3_stmt *,
	    int64_t resolved);

/* Fact queries select the dimensions first, in enum dim's order, then
 * the time that puts the fact in a period (column NDIMS). */
#define SC_DIMS "channel, agent, queue, product, reason, place, location"

/* The labels of a fact: the --by dimensions, then its period. */
int	sc_labels(const struct query *, sqlite3_stmt *, int64_t t,
	    const char **out, char *pbuf, size_t pbufsz);
int	sc_nlabels(const struct query *);
/* The label columns of a table; returns how many. */
int	sc_label_cols(struct table *, const struct query *);
size_t	sc_row(struct table *, const struct group *, int nlabels);
/* Column col as text, or none when NULL or empty. */
const char *sc_text(sqlite3_stmt *, int col, const char *none);
/* A statement with ?1 the start and ?2 the end of the period.  An @
 * before a time column becomes + (no index: the range is all of it,
 * read in one sweep) when the period has no start, else nothing. */
sqlite3_stmt *sc_query(sqlite3 *, const struct query *, const char *sql);
/* Finalize a statement of sc_query; with SCS_REPORT_TRACE set in the
 * environment, each query and the CPU it took go to stderr. */
void	sc_done(sqlite3_stmt *);

/* management.c: complaints, reasons; filtered from the messages pass
 * (labels has room for one more after its nl). */
void	sc_management(struct scorecard *);
void	sc_filtered_init(struct scorecard *);
void	sc_filtered_row(struct scorecard *, sqlite3_stmt *,
	    const char **labels, int nl, const char *filter);
void	sc_filtered(struct scorecard *);
/* satisfaction.c: surveys, QA, occupancy; where from the messages
 * pass. */
void	sc_satisfaction(struct scorecard *);
void	sc_where_init(struct scorecard *);
void	sc_where_row(struct scorecard *, sqlite3_stmt *, int negative);
void	sc_where(struct scorecard *);
/* coaching.c: each agent against target, fed by the other passes. */
void	sc_coach_init(struct scorecard *);
/* An answered opening (frt_biz NAN: unanswered past target) and
 * whether it met the service level; a resolved case (fcr -1: not
 * counted; aht NAN: no work recorded). */
void	sc_coach_opening(struct scorecard *, const char *agent,
	    double frt_biz, int sl_met);
void	sc_coach_resolved(struct scorecard *, const char *agent, int fcr,
	    double aht);
void	sc_coach_survey(struct scorecard *, const char *agent, int csat,
	    int nps);
void	sc_coach_qa(struct scorecard *, const char *agent, double score);
void	sc_coach_table(struct scorecard *);
void	sc_coach_free(struct scorecard *);

#endif
