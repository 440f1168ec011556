/* agg.c - facts grouped by labels, with counts, sums and quantiles */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "agg.h"
#include "diag.h"

void
agg_init(struct agg *a, int nlabels, int nmeasures, const int *keep)
{
	memset(a, 0, sizeof(*a));
	a->nlabels = nlabels;
	a->nmeasures = nmeasures;
	a->keep = keep;
	if ((a->index = json_object()) == NULL)
		diag_fatal(EX_SOFTWARE, "out of memory");
}

void
agg_free(struct agg *a)
{
	size_t i;
	int j;

	for (i = 0; i < a->n; i++) {
		for (j = 0; j < a->nlabels; j++)
			free(a->g[i].labels[j]);
		for (j = 0; j < a->nmeasures; j++)
			free(a->g[i].m[j].v);
		free(a->g[i].labels);
		free(a->g[i].m);
	}
	free(a->g);
	free(a->last_key);
	json_decref(a->index);
	memset(a, 0, sizeof(*a));
}

/* Labels joined by a byte no label holds. */
static char *
key_of(const struct agg *a, const char *const *labels, char *buf,
    size_t bufsz)
{
	size_t len = 0, l;
	char *k = buf;
	int j;

	for (j = 0; j < a->nlabels; j++)
		len += strlen(labels[j]) + 1;
	if (len + 1 > bufsz && (k = malloc(len + 1)) == NULL)
		diag_fatal(EX_SOFTWARE, "out of memory");
	len = 0;
	for (j = 0; j < a->nlabels; j++) {
		l = strlen(labels[j]);
		memcpy(k + len, labels[j], l);
		len += l;
		k[len++] = '\x1f';
	}
	k[len] = '\0';
	return k;
}

struct group *
agg_find(const struct agg *a, const char *const *labels)
{
	char buf[512], *k = key_of(a, labels, buf, sizeof(buf));
	json_t *v = json_object_get(a->index, k);

	if (k != buf)
		free(k);
	return v != NULL ? &a->g[json_integer_value(v)] : NULL;
}

static void
remember(struct agg *a, const char *k, size_t i)
{
	size_t len = strlen(k) + 1;

	if (len > a->last_cap) {
		a->last_cap = len * 2;
		if ((a->last_key = realloc(a->last_key, a->last_cap)) == NULL)
			diag_fatal(EX_SOFTWARE, "out of memory");
	}
	memcpy(a->last_key, k, len);
	a->last = i;
	a->has_last = 1;
}

struct group *
agg_group(struct agg *a, const char *const *labels)
{
	char buf[512], *k;
	json_t *v;
	struct group *g;
	int j;

	/* No labels: one group, the whole period. */
	if (a->nlabels == 0 && a->n > 0)
		return &a->g[0];
	k = key_of(a, labels, buf, sizeof(buf));
	if (a->has_last && strcmp(a->last_key, k) == 0) {
		if (k != buf)
			free(k);
		return &a->g[a->last];
	}
	if ((v = json_object_get(a->index, k)) != NULL) {
		remember(a, k, (size_t)json_integer_value(v));
		if (k != buf)
			free(k);
		return &a->g[json_integer_value(v)];
	}
	if (a->n == a->cap) {
		a->cap = a->cap ? a->cap * 2 : 16;
		if ((a->g = realloc(a->g, a->cap * sizeof(*a->g))) == NULL)
			diag_fatal(EX_SOFTWARE, "out of memory");
	}
	g = &a->g[a->n];
	if ((g->labels = calloc((size_t)a->nlabels + 1, sizeof(char *))) ==
	    NULL || (g->m = calloc((size_t)a->nmeasures + 1,
	    sizeof(*g->m))) == NULL)
		diag_fatal(EX_SOFTWARE, "out of memory");
	for (j = 0; j < a->nlabels; j++)
		if ((g->labels[j] = strdup(labels[j])) == NULL)
			diag_fatal(EX_SOFTWARE, "out of memory");
	for (j = 0; j < a->nmeasures; j++)
		g->m[j].keep = a->keep != NULL && a->keep[j];
	json_object_set_new(a->index, k, json_integer((json_int_t)a->n));
	remember(a, k, a->n);
	if (k != buf)
		free(k);
	return &a->g[a->n++];
}

static int nlabels_cmp;

static int
group_cmp(const void *x, const void *y)
{
	const struct group *a = x, *b = y;
	int j, c;

	for (j = 0; j < nlabels_cmp; j++)
		if ((c = strcmp(a->labels[j], b->labels[j])) != 0)
			return c;
	return 0;
}

void
agg_sort(struct agg *a)
{
	size_t i;

	nlabels_cmp = a->nlabels;
	if (a->n > 1)
		qsort(a->g, a->n, sizeof(*a->g), group_cmp);
	/* The index points at the old places: rebuild it. */
	json_object_clear(a->index);
	a->has_last = 0;
	for (i = 0; i < a->n; i++) {
		char buf[512], *k = key_of(a, (const char *const *)
		    a->g[i].labels, buf, sizeof(buf));

		json_object_set_new(a->index, k, json_integer((json_int_t)i));
		if (k != buf)
			free(k);
	}
}

void
series_add(struct series *s, double v)
{
	if (s->keep) {
		if (s->n == s->cap) {
			s->cap = s->cap ? s->cap * 2 : 8;
			if ((s->v = realloc(s->v, s->cap * sizeof(*s->v))) ==
			    NULL)
				diag_fatal(EX_SOFTWARE, "out of memory");
		}
		s->v[s->n] = v;
	}
	s->n++;
	s->sum += v;
}

void
series_rate(struct series *s, int yes)
{
	s->n++;
	if (yes)
		s->hits++;
}

double
series_mean(const struct series *s)
{
	return s->n > 0 ? s->sum / (double)s->n : NAN;
}

double
series_pct(const struct series *s)
{
	return s->n > 0 ? 100.0 * s->hits / (double)s->n : NAN;
}

/*
 * The k-th smallest of v[0..n) into v[k] (quickselect, median of three):
 * a scorecard asks a few quantiles of series of up to millions of
 * times, and sorting each in full showed in profiles.  Later calls on
 * the same series work on what earlier ones left partly in order.
 */
static double
select_kth(double *v, size_t n, size_t k)
{
	size_t lo = 0, hi = n - 1;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2, i, j;
		double pivot, t;

		/* median of three into v[mid] */
		if (v[mid] < v[lo]) { t = v[mid]; v[mid] = v[lo]; v[lo] = t; }
		if (v[hi] < v[lo]) { t = v[hi]; v[hi] = v[lo]; v[lo] = t; }
		if (v[hi] < v[mid]) { t = v[hi]; v[hi] = v[mid]; v[mid] = t; }
		pivot = v[mid];
		i = lo;
		j = hi;
		while (i <= j) {
			while (v[i] < pivot)
				i++;
			while (v[j] > pivot)
				j--;
			if (i <= j) {
				t = v[i]; v[i] = v[j]; v[j] = t;
				i++;
				if (j == 0)
					break;
				j--;
			}
		}
		if (k <= j)
			hi = j;
		else if (k >= i)
			lo = i;
		else
			break;
	}
	return v[k];
}

double
series_quantile(struct series *s, double p)
{
	size_t k;

	if (s->n == 0 || s->v == NULL)
		return NAN;
	/* 0.9 * 10 is 9.000000000000002 in binary: not the 10th. */
	k = (size_t)ceil(p * (double)s->n - 1e-9);
	if (k < 1)
		k = 1;
	return select_kth(s->v, s->n, k - 1);
}

double
series_median(struct series *s)
{
	if (s->n == 0 || s->v == NULL)
		return NAN;
	if (s->n % 2 == 1)
		return select_kth(s->v, s->n, s->n / 2);
	return (select_kth(s->v, s->n, s->n / 2 - 1) +
	    select_kth(s->v, s->n, s->n / 2)) / 2;
}
