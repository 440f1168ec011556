/* test_erlang.c - unit tests for lib/erlang.c */
#include <math.h>
#include <stdio.h>

#include "check.h"
#include "erlang.h"

/* x rounded to d decimals, as a whole number: near(79.6, 1) = 796. */
static long
near(double x, int d)
{
	return lround(x * pow(10, d));
}

/* The textbook case: 100 contacts in 30 minutes, AHT 180 s, 80 % to be
 * answered within 20 s. */
static void
test_textbook(void)
{
	struct erlang_goal g = { 0.80, 20, 0, 0 };
	double a = erlang_traffic(100, 1800, 180);

	CHECK(fabs(a - 10) < 1e-12);
	/* 13 agents: 79.6 %, short of the goal */
	CHECK_INT(near(erlang_sl(13, a, 180, 20) * 100, 1), 796);
	CHECK(erlang_sl(13, a, 180, 20) < 0.80);
	/* 14 agents: 88.8 %, ASA 7.8 s, 71.4 % occupied */
	CHECK_INT(near(erlang_sl(14, a, 180, 20) * 100, 1), 888);
	CHECK_INT(near(erlang_asa(14, a, 180), 1), 78);
	CHECK_INT(near(erlang_occupancy(14, a) * 100, 1), 714);
	CHECK_INT(near(erlang_c(14, a) * 100, 1), 174);
	CHECK_INT(near(erlang_c(13, a) * 100, 1), 285);
	CHECK_INT(erlang_agents(a, 180, &g), 14);
	/* 30 % shrinkage: 20 scheduled (14 / 0.7 is not quite 20 in
	 * doubles) */
	CHECK_INT(erlang_scheduled(14, 0.30), 20);
	CHECK_INT(erlang_scheduled(14, 0), 14);
	CHECK_INT(erlang_scheduled(13, 0.30), 19);

	/* more wanted, more agents; the limits bind */
	g.sl = 0.90;
	CHECK_INT(erlang_agents(a, 180, &g), 15);
	g.sl = 0.80;
	g.max_asa_s = 5;		/* ASA 7.8 s at 14, 3.7 s at 15 */
	CHECK_INT(erlang_agents(a, 180, &g), 15);
	g.max_asa_s = 0;
	g.max_occ = 0.60;		/* 10 / 0.6 = 16.7 */
	CHECK_INT(erlang_agents(a, 180, &g), 17);
	g.max_occ = 0.85;		/* 11.8: the SL binds */
	CHECK_INT(erlang_agents(a, 180, &g), 14);
	g.max_occ = 0.5;		/* exactly 20 */
	CHECK_INT(erlang_agents(a, 180, &g), 20);
}

/* Erlang C against the closed form for small n. */
static void
test_closed_form(void)
{
	/* one agent: C = A (M/M/1) */
	CHECK(fabs(erlang_c(1, 0.5) - 0.5) < 1e-12);
	/* two agents: C = A^2 / (2 + A) */
	CHECK(fabs(erlang_c(2, 1) - 1.0 / 3) < 1e-12);
	CHECK(fabs(erlang_c(2, 1.5) - 2.25 / 3.5) < 1e-12);
	/* the wait gets shorter with each agent */
	CHECK(erlang_c(11, 10) > erlang_c(12, 10));
	CHECK(erlang_sl(11, 10, 180, 20) < erlang_sl(12, 10, 180, 20));
	/* t = 0: the share that does not wait at all */
	CHECK(fabs(erlang_sl(14, 10, 180, 0) - (1 - erlang_c(14, 10))) <
	    1e-12);
}

static void
test_edges(void)
{
	struct erlang_goal g = { 0.80, 20, 0, 0 };

	/* unstable: the queue grows without end */
	CHECK(erlang_c(10, 10) == 1);
	CHECK(erlang_c(9, 10) == 1);
	CHECK(erlang_sl(10, 10, 180, 20) == 0);
	CHECK(erlang_sl(0, 10, 180, 20) == 0);
	CHECK(isinf(erlang_asa(10, 10, 180)));
	CHECK(isinf(erlang_asa(3, 10, 180)));
	CHECK(erlang_occupancy(0, 10) != erlang_occupancy(0, 10)); /* NAN */

	/* no traffic: no agents, nobody waits */
	CHECK(erlang_traffic(0, 1800, 180) == 0);
	CHECK(erlang_traffic(100, 1800, 0) == 0);
	CHECK(erlang_traffic(100, 0, 180) == 0);
	CHECK(erlang_c(5, 0) == 0);
	CHECK(erlang_sl(0, 0, 180, 20) == 1);
	CHECK(erlang_asa(0, 0, 180) == 0);
	CHECK_INT(erlang_agents(0, 180, &g), 0);
	CHECK_INT(workload_agents(0, 360, 3600, 0.85), 0);
	CHECK_INT(erlang_scheduled(0, 0.3), 0);

	/* a tiny flow still needs one agent */
	CHECK_INT(erlang_agents(0.01, 180, &g), 1);
	/* a goal of 0 still wants a stable queue */
	g.sl = 0;
	CHECK_INT(erlang_agents(10, 180, &g), 11);
	CHECK_INT(erlang_agents(10.5, 180, &g), 11);
	/* a goal of 100 % is reached (to 1e-9) */
	g.sl = 1;
	CHECK(erlang_agents(10, 180, &g) > 20);

	/* nonsense */
	g.sl = 1.5;
	CHECK_INT(erlang_agents(10, 180, &g), -1);
	g.sl = 0.8;
	CHECK_INT(erlang_agents(NAN, 180, &g), -1);
	CHECK_INT(erlang_agents(INFINITY, 180, &g), -1);
	CHECK_INT(erlang_agents(10, 0, &g), -1);
	CHECK_INT(erlang_scheduled(14, 1), -1);
	CHECK_INT(erlang_scheduled(14, -0.1), -1);
	CHECK_INT(workload_agents(10, 360, 3600, 0), -1);
	CHECK_INT(workload_agents(10, 360, 3600, 1.5), -1);
	CHECK_INT(workload_agents(10, 360, 0, 0.85), -1);
}

/* Hundreds and thousands of Erlangs: no overflow, and the square-root
 * staffing rule's neighbourhood (N - A grows like sqrt(A)). */
static void
test_huge(void)
{
	struct erlang_goal g = { 0.80, 20, 0, 0 };
	double c = erlang_c(520, 500);
	int n, m;

	CHECK(c > 0 && c < 1);
	CHECK(erlang_sl(520, 500, 180, 20) > 0 &&
	    erlang_sl(520, 500, 180, 20) < 1);
	n = erlang_agents(500, 180, &g);
	CHECK(n > 500 && n < 560);
	/* and it is the smallest */
	CHECK(erlang_sl(n, 500, 180, 20) >= 0.80);
	CHECK(erlang_sl(n - 1, 500, 180, 20) < 0.80);
	m = erlang_agents(5000, 180, &g);
	CHECK(m > 5000 && m < 5200);
	CHECK(erlang_sl(m - 1, 5000, 180, 20) < 0.80);
	/* economies of scale: occupancy rises with the traffic */
	CHECK(erlang_occupancy(m, 5000) > erlang_occupancy(n, 500));
	CHECK(erlang_occupancy(n, 500) > erlang_occupancy(14, 10));
	CHECK_INT(erlang_agents(2e7, 180, &g), -1);
}

/* The workload model: the hour's work at the planned occupancy. */
static void
test_workload(void)
{
	/* 40 e-mails of 6 minutes in an hour: 4 hours of work; at 85 %
	 * 4.7 agents, so 5 */
	CHECK_INT(workload_agents(40, 360, 3600, 0.85), 5);
	/* exactly the work at full occupancy */
	CHECK_INT(workload_agents(40, 360, 3600, 1), 4);
	/* 30 minutes: twice the rate */
	CHECK_INT(workload_agents(40, 360, 1800, 1), 8);
	/* a little work is one agent */
	CHECK_INT(workload_agents(1, 60, 3600, 0.85), 1);
	/* 1.5 expected (an average of past weeks) */
	CHECK_INT(workload_agents(1.5, 2400, 3600, 1), 1);
	CHECK_INT(workload_agents(1.6, 2400, 3600, 1), 2);
}

int
main(void)
{
	test_textbook();
	test_closed_form();
	test_edges();
	test_huge();
	test_workload();
	return CHECK_DONE();
}
