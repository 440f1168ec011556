/* model.c - a multinomial naive Bayes over words and word pairs
 *
 * Keyword rules are precise but cannot list every way to ask for
 * something; a small model trained on labeled text fills the gap.  Its
 * answer is class.model {label, confidence}; the rules decide what to do
 * with it, so they still override it.  The model file is plain text a
 * supervisor can read:
 *
 *   labels  question  complaint  request/cancellation ...
 *   prior   -1.20     -1.61      -2.30 ...
 *   f       cancel order  -9.1  -8.7  -4.2 ...
 *
 * Training (--train-model) counts the same features the classifier sees,
 * so the two cannot drift apart.
 */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "classify.h"
#include "diag.h"
#include "jpath.h"

#define MAX_LABELS	32

struct model {
	char		*labels[MAX_LABELS];
	size_t		 nlabels;
	double		 prior[MAX_LABELS];
	struct lexicon	*index;		/* feature -> row */
	char		**names;	/* row -> feature */
	double		*logp;		/* row * nlabels + label */
	size_t		 nrows, cap;
	double		*count;		/* training: the same shape */
	double		 docs[MAX_LABELS];
	/* Every label, every feature name is UTF-8 (checked at load): the
	 * strings made of them per message need no check. */
	int		 labels_utf8, names_utf8;
	/* Made at load and shared by every message (nothing changes them:
	 * rules_bind refuses a rule setting a part of class.model): each
	 * answer {"label","confidence"}, by label and confidence in
	 * hundredths; each row's "model:NAME" for why, when names_utf8. */
	struct jconst	*answers;
	json_t		**why;
};

#define NCONF	101	/* confidences 0.00 to 1.00 */

static int
is_word(const struct word *x)
{
	return x->kind == TOK_WORD || x->kind == TOK_NUMBER;
}

struct scoring;
static int	score_feature(const char *, size_t, void *);
static void	score_row(struct scoring *, size_t);

/*
 * Call fn for each feature: every word, and every pair of words.  fn
 * says whether it knows the feature; a pair is offered only when fn
 * knew both its words.  In training fn knows everything; in scoring a
 * pair is never kept without its words (a pair is seen no more often
 * than either word), so an unknown word spares the pair's look-up.
 */
static void
features(const struct words *w, int (*fn)(const char *, size_t, void *),
    void *arg)
{
	char pair[512];
	size_t i, a, b;
	int known, prev_known = 0;

	for (i = 0; i < w->n; i++) {
		if (!is_word(&w->v[i])) {
			prev_known = 0;
			continue;
		}
		b = w->v[i].len;
		/* Scoring: the vocabulary knows the row of most words. */
		if (fn == score_feature && w->v[i].vw != NULL) {
			if ((known = w->v[i].vw->row >= 0))
				score_row(arg, (size_t)w->v[i].vw->row);
		} else
			known = fn(w->buf + w->v[i].off, b, arg);
		if (i > 0 && prev_known && known) {
			a = w->v[i - 1].len;
			if (a + b + 2 <= sizeof(pair)) {
				memcpy(pair, w->buf + w->v[i - 1].off, a);
				pair[a] = ' ';
				memcpy(pair + a + 1, w->buf + w->v[i].off, b);
				pair[a + b + 1] = '\0';
				fn(pair, a + b + 1, arg);
			}
		}
		prev_known = known;
	}
}

static int
label_index(struct model *m, const char *label, int add)
{
	size_t i;

	for (i = 0; i < m->nlabels; i++)
		if (strcmp(m->labels[i], label) == 0)
			return (int)i;
	if (!add || m->nlabels == MAX_LABELS)
		return -1;
	m->labels[m->nlabels] = strdup(label);
	return (int)m->nlabels++;
}

/* ---- prediction ---- */

#define MAX_SEEN	256

struct scoring {
	const struct model	*m;
	double			 score[MAX_LABELS];
	size_t			 seen[MAX_SEEN];	/* rows found, for why */
	size_t			 nseen;
	struct { size_t row; double lift; } top[3];
	int			 best;
};

long
model_row(const struct model *m, const char *f, size_t len)
{
	double v;
	int found;

	v = lexicon_get(m->index, f, len, &found);
	return found ? (long)v : -1;
}

static void
score_row(struct scoring *s, size_t row)
{
	const struct model *m = s->m;
	size_t l;

	for (l = 0; l < m->nlabels; l++)
		s->score[l] += m->logp[row * m->nlabels + l];
	if (s->nseen < MAX_SEEN)
		s->seen[s->nseen++] = row;
}

static int
score_feature(const char *f, size_t len, void *arg)
{
	struct scoring *s = arg;
	long row = model_row(s->m, f, len);

	if (row < 0)
		return 0;
	score_row(s, (size_t)row);
	return 1;
}

/* How much row pulled towards the winner; keep the three strongest. */
static void
lift_row(struct scoring *s, size_t row)
{
	const struct model *m = s->m;
	double mean = 0, lift;
	size_t l, k;

	for (k = 0; k < 3; k++)
		if (s->top[k].lift > 0 && s->top[k].row == row)
			return;		/* a word seen twice counts once */
	for (l = 0; l < m->nlabels; l++)
		mean += m->logp[row * m->nlabels + l];
	mean /= (double)m->nlabels;
	lift = m->logp[row * m->nlabels + (size_t)s->best] - mean;
	for (k = 0; k < 3; k++)
		if (lift > s->top[k].lift) {
			memmove(&s->top[k + 1], &s->top[k],
			    (2 - k) * sizeof(s->top[0]));
			s->top[k].row = row;
			s->top[k].lift = lift;
			break;
		}
}

/* "model:" and a feature name known to be UTF-8. */
static json_t *
model_why(const char *name)
{
	char small[256], *buf = small;
	size_t n = strlen(name);
	json_t *v;

	if (n + 6 > sizeof(small) && (buf = malloc(n + 6)) == NULL)
		diag_fatal(EX_SOFTWARE, "out of memory");
	memcpy(buf, "model:", 6);
	memcpy(buf + 6, name, n);
	v = json_stringn_nocheck(buf, n + 6);
	if (buf != small)
		free(buf);
	return v;
}

/* {"label","confidence"}: label l with a confidence of pct hundredths,
 * made once at load (sum >= 1, so pct is 0 to 100 unless the model
 * file's numbers are not finite). */
static json_t *
make_answer(const struct model *m, size_t l, double pct)
{
	json_t *a;

	if ((a = json_object()) == NULL)
		diag_fatal(EX_SOFTWARE, "out of memory");
	/* Our keys need no UTF-8 check; the label gets one. */
	json_object_setn_new_nocheck(a, "label", 5, m->labels_utf8 ?
	    json_stringn_nocheck(m->labels[l], strlen(m->labels[l])) :
	    json_string(m->labels[l]));
	json_object_setn_new_nocheck(a, "confidence", 10,
	    json_real(pct / 100));
	return a;
}

static json_t *
answer(const struct model *m, size_t l, double pct,
    const struct jconst **known)
{
	if (pct >= 0 && pct < NCONF) {
		*known = &m->answers[l * NCONF + (size_t)pct];
		return json_incref((*known)->v);
	}
	*known = NULL;
	return make_answer(m, l, pct);
}

json_t *
model_predict(const struct model *m, const struct words *w, json_t *why,
    const struct jconst **known)
{
	struct scoring s;
	double max, sum = 0;
	size_t l, k;
	json_t *out;

	memset(&s, 0, sizeof(s));
	s.m = m;
	for (l = 0; l < m->nlabels; l++)
		s.score[l] = m->prior[l];
	features(w, score_feature, &s);
	for (l = 1, s.best = 0; l < m->nlabels; l++)
		if (s.score[l] > s.score[s.best])
			s.best = (int)l;
	max = s.score[s.best];
	for (l = 0; l < m->nlabels; l++)
		sum += exp(s.score[l] - max);
	out = answer(m, (size_t)s.best, round(100 / sum), known);
	if (why != NULL) {
		for (k = 0; k < s.nseen; k++)
			lift_row(&s, s.seen[k]);
		for (k = 0; k < 3 && s.top[k].lift > 0.5; k++)
			json_array_append_new(why, m->why != NULL ?
			    json_incref(m->why[s.top[k].row]) :
			    why_cat("model:", m->names[s.top[k].row], NULL));
	}
	return out;
}

/* The answers and why strings every message shares (struct model). */
static void
make_shared(struct model *m)
{
	size_t l, c, r;

	m->answers = calloc(m->nlabels * NCONF, sizeof(*m->answers));
	if (m->answers == NULL)
		diag_fatal(EX_SOFTWARE, "out of memory");
	for (l = 0; l < m->nlabels; l++)
		for (c = 0; c < NCONF; c++)
			if (jconst_init(&m->answers[l * NCONF + c],
			    make_answer(m, l, (double)c)) == -1)
				diag_fatal(EX_SOFTWARE, "out of memory");
	if (!m->names_utf8)
		return;
	if ((m->why = calloc(m->nrows, sizeof(*m->why))) == NULL)
		diag_fatal(EX_SOFTWARE, "out of memory");
	for (r = 0; r < m->nrows; r++)
		m->why[r] = model_why(m->names[r]);
}

/* ---- the model file ---- */

static int
parse_numbers(char *p, double *out, size_t n)
{
	char *end;
	size_t i;

	for (i = 0; i < n; i++) {
		if (*p != '\t')
			return -1;
		out[i] = strtod(p + 1, &end);
		if (end == p + 1)
			return -1;
		p = end;
	}
	return *p == '\0' || *p == '\n' ? 0 : -1;
}

static void
grow_rows(struct model *m, size_t need)
{
	size_t ncap = m->cap ? m->cap : 1024;

	if (need <= m->cap)
		return;
	while (ncap < need)
		ncap *= 2;
	m->names = realloc(m->names, ncap * sizeof(*m->names));
	m->logp = realloc(m->logp, ncap * MAX_LABELS * sizeof(*m->logp));
	m->count = realloc(m->count, ncap * MAX_LABELS * sizeof(*m->count));
	if (m->names == NULL || m->logp == NULL || m->count == NULL)
		diag_fatal(EX_SOFTWARE, "out of memory");
	memset(m->count + m->cap * MAX_LABELS, 0,
	    (ncap - m->cap) * MAX_LABELS * sizeof(*m->count));
	m->cap = ncap;
}

/* Rows are MAX_LABELS wide while training, nlabels wide once loaded. */
static size_t
add_row(struct model *m, const char *f, size_t len)
{
	grow_rows(m, m->nrows + 1);
	m->names[m->nrows] = strndup(f, len);
	lexicon_add(m->index, m->names[m->nrows], (double)m->nrows);
	return m->nrows++;
}

static int
load_line(struct model *m, char *line)
{
	char *tab, *p;
	size_t row;

	if (line[0] == '#' || line[0] == '\n' || line[0] == '\0')
		return 0;
	if (strncmp(line, "labels\t", 7) == 0) {
		for (p = strtok(line + 7, "\t\n"); p != NULL;
		    p = strtok(NULL, "\t\n"))
			if (label_index(m, p, 1) == -1)
				return -1;
		return m->nlabels > 1 ? 0 : -1;
	}
	if (m->nlabels == 0)
		return -1;
	if (strncmp(line, "prior\t", 6) == 0)
		return parse_numbers(line + 5, m->prior, m->nlabels);
	if (strncmp(line, "f\t", 2) != 0 ||
	    (tab = strchr(line + 2, '\t')) == NULL)
		return -1;
	row = add_row(m, line + 2, (size_t)(tab - line - 2));
	return parse_numbers(tab, m->logp + row * m->nlabels, m->nlabels);
}

static int
is_utf8(const char *s)
{
	size_t n = strlen(s);

	return utf8_valid(s, n) == n;
}

/* Note whether every label and every feature name is UTF-8. */
static void
all_utf8(struct model *m)
{
	size_t i;

	m->labels_utf8 = m->names_utf8 = 1;
	for (i = 0; i < m->nlabels; i++)
		m->labels_utf8 &= is_utf8(m->labels[i]);
	for (i = 0; i < m->nrows; i++)
		m->names_utf8 &= is_utf8(m->names[i]);
}

struct model *
model_load(const char *path, char *err, size_t errlen)
{
	struct model *m;
	char *line = NULL;
	size_t cap = 0;
	long lineno = 0;
	FILE *f;

	if ((f = fopen(path, "r")) == NULL) {
		snprintf(err, errlen, "%s: %s", path, strerror(errno));
		return NULL;
	}
	if ((m = calloc(1, sizeof(*m))) == NULL)
		diag_fatal(EX_SOFTWARE, "out of memory");
	m->index = lexicon_new();
	while (getline(&line, &cap, f) != -1) {
		lineno++;
		if (load_line(m, line) == -1) {
			snprintf(err, errlen, "%s:%ld: not a model line "
			    "(labels, prior or f with one number per label)",
			    path, lineno);
			free(line);
			fclose(f);
			model_free(m);
			return NULL;
		}
	}
	free(line);
	fclose(f);
	if (m->nlabels < 2) {
		snprintf(err, errlen, "%s: no labels line", path);
		model_free(m);
		return NULL;
	}
	all_utf8(m);
	make_shared(m);
	return m;
}

void
model_free(struct model *m)
{
	size_t i;

	if (m == NULL)
		return;
	for (i = 0; i < m->nlabels; i++)
		free(m->labels[i]);
	for (i = 0; i < m->nrows; i++)
		free(m->names[i]);
	if (m->answers != NULL)
		for (i = 0; i < m->nlabels * NCONF; i++)
			jconst_free(&m->answers[i]);
	if (m->why != NULL)
		for (i = 0; i < m->nrows; i++)
			json_decref(m->why[i]);
	free(m->answers);
	free(m->why);
	free(m->names);
	free(m->logp);
	free(m->count);
	lexicon_free(m->index);
	free(m);
}

/* ---- training ---- */

struct model *
model_train_new(void)
{
	struct model *m = calloc(1, sizeof(*m));

	if (m == NULL)
		diag_fatal(EX_SOFTWARE, "out of memory");
	m->index = lexicon_new();
	return m;
}

struct counting {
	struct model	*m;
	int		 label;
};

static int
count_feature(const char *f, size_t len, void *arg)
{
	struct counting *c = arg;
	struct model *m = c->m;
	double v;
	size_t row;
	int found;

	v = lexicon_get(m->index, f, len, &found);
	row = found ? (size_t)v : add_row(m, f, len);
	m->count[row * MAX_LABELS + (size_t)c->label] += 1;
	return 1;
}

int
model_train_add(struct model *m, const struct words *w, const char *label)
{
	struct counting c;

	if ((c.label = label_index(m, label, 1)) == -1)
		return -1;
	c.m = m;
	m->docs[c.label] += 1;
	features(w, count_feature, &c);
	return 0;
}

/*
 * Laplace-smoothed log probabilities over the features seen at least
 * min_count times; rarer ones are noise and would only grow the file.
 */
int
model_train_write(struct model *m, FILE *out, int min_count)
{
	double total[MAX_LABELS] = { 0 }, docs = 0, sum;
	size_t r, l, vocab = 0;
	int keep;

	for (l = 0; l < m->nlabels; l++)
		docs += m->docs[l];
	for (r = 0; r < m->nrows; r++) {
		for (sum = 0, l = 0; l < m->nlabels; l++)
			sum += m->count[r * MAX_LABELS + l];
		if (sum < min_count)
			continue;
		vocab++;
		for (l = 0; l < m->nlabels; l++)
			total[l] += m->count[r * MAX_LABELS + l];
	}
	fprintf(out, "# scs-classify model: multinomial naive Bayes over "
	    "words and word pairs\n# %.0f documents, %zu features seen at "
	    "least %d times\nlabels", docs, vocab, min_count);
	for (l = 0; l < m->nlabels; l++)
		fprintf(out, "\t%s", m->labels[l]);
	fputs("\nprior", out);
	for (l = 0; l < m->nlabels; l++)
		fprintf(out, "\t%.4f", log(m->docs[l] / docs));
	fputc('\n', out);
	for (r = 0; r < m->nrows; r++) {
		for (sum = 0, l = 0; l < m->nlabels; l++)
			sum += m->count[r * MAX_LABELS + l];
		keep = sum >= min_count;
		if (!keep)
			continue;
		fprintf(out, "f\t%s", m->names[r]);
		for (l = 0; l < m->nlabels; l++)
			fprintf(out, "\t%.4f", log((m->count[r * MAX_LABELS +
			    l] + 1) / (total[l] + (double)vocab)));
		fputc('\n', out);
	}
	return ferror(out) ? -1 : 0;
}
