/* erlang.h - how many agents a flow of contacts needs
 *
 * Plain queueing arithmetic, no database and no rule files.
 *
 * Real-time contacts (chat, a phone-like WhatsApp line) wait in a queue
 * for the next free agent: Erlang C (M/M/N) gives the probability of
 * waiting, the service level and the mean wait from the traffic
 * intensity A = arrivals per second x AHT (in Erlangs: the number of
 * agents that would be busy all the time).
 *
 * Asynchronous contacts (e-mail, posts and forms worked as a backlog)
 * do not hold an agent while they wait: the workload model staffs the
 * hours of work that arrive, at a planned occupancy.
 */
#ifndef SCS_ERLANG_H
#define SCS_ERLANG_H

/* The traffic intensity in Erlangs of arrivals contacts in interval_s
 * seconds, each taking aht_s: arrivals / interval_s x aht_s (0 when
 * anything is <= 0). */
double	erlang_traffic(double arrivals, double interval_s, double aht_s);

/*
 * Erlang C: the probability that a contact waits, with n agents and A
 * Erlangs.  Computed from the Erlang B recursion
 *	B(0) = 1,  B(k) = A B(k-1) / (k + A B(k-1))
 *	C = n B(n) / (n - A (1 - B(n)))
 * which never overflows (A in the thousands is fine).  1 when the
 * queue is unstable (A >= n: it grows without end), 0 when A <= 0.
 */
double	erlang_c(int n, double a);

/* The service level: the share (0-1) of contacts answered within
 * t_s seconds, 1 - C e^{-(n - A) t / AHT}.  0 when A >= n (unstable),
 * 1 when there is no traffic. */
double	erlang_sl(int n, double a, double aht_s, double t_s);

/* The average speed of answer in seconds, C AHT / (n - A); INFINITY
 * when A >= n, 0 when there is no traffic. */
double	erlang_asa(int n, double a, double aht_s);

/* The agents' occupancy (0-1), A / n; NAN when n <= 0. */
double	erlang_occupancy(int n, double a);

/* What a real-time channel must meet.  max_asa_s and max_occ <= 0 mean
 * no such limit. */
struct erlang_goal {
	double	sl;		/* share answered in time, 0-1 (0.80) */
	double	target_s;	/* ... within this many seconds (20) */
	double	max_asa_s;	/* and a mean wait of at most this */
	double	max_occ;	/* and an occupancy of at most this (0.85) */
};

/*
 * The smallest number of agents that meets the goal with A Erlangs and
 * handling time aht_s: always more than A (a stable queue), enough for
 * the service level, and for max_asa_s and max_occ when set.  0 when
 * A <= 0; -1 when the arguments make no sense (NAN, AHT <= 0, sl > 1)
 * or no number up to ten million does it.
 */
int	erlang_agents(double a, double aht_s, const struct erlang_goal *);

/*
 * The workload model for asynchronous channels: the agents whose
 * productive time in the interval covers the work that arrives in it,
 * at the planned occupancy, ceil(arrivals x AHT / (interval_s x occ)).
 * The backlog then never grows from one interval to the next, so the
 * work of an interval is done within about one interval of arriving.
 * 0 when nothing arrives; -1 when the arguments make no sense.
 */
int	workload_agents(double arrivals, double aht_s, double interval_s,
	    double occ);

/* The agents to schedule so that n are there after shrinkage (breaks,
 * training, absence: 0-1), ceil(n / (1 - shrinkage)); -1 when
 * shrinkage is not in [0, 1). */
int	erlang_scheduled(int n, double shrinkage);

#endif
