/* agg.h - facts grouped by labels, with counts, sums and quantiles */
#ifndef SCS_REPORT_AGG_H
#define SCS_REPORT_AGG_H

#include <stddef.h>

/* The values of one measure in one group. */
struct series {
	double	*v;		/* kept only when quantiles are asked */
	size_t	 n, cap;
	double	 sum;
	double	 hits;		/* how many were "true" (rates) */
	int	 keep;
};

struct group {
	char		**labels;
	struct series	 *m;	/* nmeasures */
};

struct agg {
	int		 nlabels, nmeasures;
	const int	*keep;	/* measures whose values are kept */
	struct group	*g;
	size_t		 n, cap;
	void		*index;	/* label key -> group */
	char		*last_key;	/* the key asked last, and its */
	size_t		 last_cap;
	size_t		 last;		/* group: facts come in runs */
	int		 has_last;
};

void	agg_init(struct agg *, int nlabels, int nmeasures, const int *keep);
void	agg_free(struct agg *);
/* The group of these labels, made when new. */
struct group *agg_group(struct agg *, const char *const *labels);
/* The group of these labels, or NULL. */
struct group *agg_find(const struct agg *, const char *const *labels);
/* Groups in label order. */
void	agg_sort(struct agg *);

void	series_add(struct series *, double v);
/* A yes/no fact: counted, and hit when yes. */
void	series_rate(struct series *, int yes);
double	series_mean(const struct series *);	/* NAN when empty */
/* Quantile by nearest rank (ceil(p n)-th smallest); the median is the
 * mean of the two middle values when n is even.  NAN when empty.  The
 * values are reordered. */
double	series_quantile(struct series *, double p);
double	series_median(struct series *);
/* hits / n as a percentage; NAN when n is 0. */
double	series_pct(const struct series *);

#endif
