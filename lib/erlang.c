/* erlang.c - Erlang C for real-time channels, workload for the others */
#include <math.h>

#include "erlang.h"

/* How far above a whole number a quotient may be and still round up
 * to it: 14 / (1 - 0.30) is 20.000000000000004 in doubles. */
#define SLACK	1e-9

/* No plan needs more agents than this. */
#define MAX_AGENTS	10000000

static int
ceil_slack(double x)
{
	return (int)ceil(x - SLACK);
}

double
erlang_traffic(double arrivals, double interval_s, double aht_s)
{
	if (!(arrivals > 0) || !(interval_s > 0) || !(aht_s > 0))
		return 0;
	return arrivals / interval_s * aht_s;
}

/* C from B for n agents, A Erlangs, n > A. */
static double
c_from_b(int n, double a, double b)
{
	return n * b / (n - a * (1 - b));
}

double
erlang_c(int n, double a)
{
	double b = 1;
	int k;

	if (!(a > 0))
		return 0;
	if (n <= 0 || a >= n)
		return 1;
	for (k = 1; k <= n; k++)
		b = a * b / (k + a * b);
	return c_from_b(n, a, b);
}

/* The service level and ASA from C, n > A > 0. */
static double
sl_from_c(double c, int n, double a, double aht_s, double t_s)
{
	return 1 - c * exp(-(n - a) * t_s / aht_s);
}

double
erlang_sl(int n, double a, double aht_s, double t_s)
{
	if (!(a > 0))
		return 1;
	if (n <= 0 || a >= n || !(aht_s > 0))
		return 0;
	return sl_from_c(erlang_c(n, a), n, a, aht_s, t_s > 0 ? t_s : 0);
}

double
erlang_asa(int n, double a, double aht_s)
{
	if (!(a > 0))
		return 0;
	if (n <= 0 || a >= n)
		return INFINITY;
	return erlang_c(n, a) * aht_s / (n - a);
}

double
erlang_occupancy(int n, double a)
{
	if (n <= 0)
		return NAN;
	return a > 0 ? a / n : 0;
}

int
erlang_agents(double a, double aht_s, const struct erlang_goal *g)
{
	double b = 1, t;
	int n, k;

	if (isnan(a) || isinf(a) || !(aht_s > 0) || isinf(aht_s) ||
	    isnan(g->sl) || g->sl > 1 || isnan(g->target_s))
		return -1;
	if (a <= 0)
		return 0;
	if (a >= MAX_AGENTS)
		return -1;
	t = g->target_s > 0 ? g->target_s : 0;
	/* A stable queue first, then the occupancy cap. */
	n = (int)floor(a) + 1;
	if (g->max_occ > 0 && g->max_occ < 1 && ceil_slack(a / g->max_occ) >
	    n)
		n = ceil_slack(a / g->max_occ);
	/* B(n) by the recursion, then one step per agent added. */
	for (k = 1; k <= n; k++)
		b = a * b / (k + a * b);
	for (; n <= MAX_AGENTS; n++, b = a * b / (n + a * b)) {
		double c = c_from_b(n, a, b);

		if (sl_from_c(c, n, a, aht_s, t) < g->sl - SLACK)
			continue;
		if (g->max_asa_s > 0 && c * aht_s / (n - a) > g->max_asa_s +
		    SLACK)
			continue;
		return n;
	}
	return -1;
}

int
workload_agents(double arrivals, double aht_s, double interval_s,
    double occ)
{
	double n;

	if (isnan(arrivals) || isnan(aht_s) || !(interval_s > 0) ||
	    !(occ > 0) || occ > 1)
		return -1;
	if (arrivals <= 0 || aht_s <= 0)
		return 0;
	n = arrivals * aht_s / (interval_s * occ);
	if (n > MAX_AGENTS)
		return -1;
	return ceil_slack(n);
}

int
erlang_scheduled(int n, double shrinkage)
{
	double s;

	if (!(shrinkage >= 0) || shrinkage >= 1 || n < 0)
		return -1;
	s = n / (1 - shrinkage);
	if (s > MAX_AGENTS)
		return -1;
	return ceil_slack(s);
}
