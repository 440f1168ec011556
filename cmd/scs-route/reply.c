/* reply.c - the out-of-hours auto-reply and the suggested answer
 *
 * Templates are chosen in code, not by rules, for one reason: a cheerful
 * greeting to an angry customer must not be possible whatever the rule
 * files say.  An angry message (hostile protocol, negative polarity or
 * sentiment, a complaint) only ever gets a calm template.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <jansson.h>

#include "jpath.h"
#include "route.h"
#include "tstamp.h"

static const char *const days_es[7] = {
	"domingo", "lunes", "martes", "miércoles", "jueves", "viernes",
	"sábado"
};
static const char *const days_en[7] = {
	"Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday",
	"Saturday"
};
static const char *const months_en[12] = {
	"Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct",
	"Nov", "Dec"
};

static int
angry(json_t *rec)
{
	const char *protocol = jpath_str(rec, "class.protocol");
	const char *polarity = jpath_str(rec, "class.polarity");
	const char *reason = jpath_str(rec, "class.reason");
	json_t *sentiment = jpath_get(rec, "class.sentiment");

	return (protocol != NULL && strncmp(protocol, "hostile", 7) == 0) ||
	    (polarity != NULL && strcmp(polarity, "negative") == 0) ||
	    (reason != NULL && strcmp(reason, "complaint") == 0) ||
	    (json_is_number(sentiment) && json_number_value(sentiment) < 0);
}

static const struct template *
find(const struct config *cfg, const char *kind, const char *lang,
    const char *tone)
{
	size_t i;

	for (i = 0; i < cfg->ntpls; i++) {
		const struct template *t = &cfg->tpls[i];

		if (strcmp(t->kind, kind) == 0 && (t->lang == NULL ||
		    strcmp(t->lang, lang) == 0) && (tone == NULL ||
		    strcmp(t->tone, tone) == 0))
			return t;
	}
	return NULL;
}

/* "el lunes 23/11 a las 08:00", "tomorrow at 08:00": the opening in the
 * queue's own time, as the customer reads it. */
static void
when_text(const char *lang, struct bizhours *bh, int64_t sent, int64_t opens,
    char *buf, size_t len)
{
	int64_t lo = opens + bh_offset(bh, opens), ls = sent +
	    bh_offset(bh, sent), dayo, days;
	int y, m, d, wd, hh, mm;

	dayo = lo >= 0 ? lo / 86400 : (lo - 86399) / 86400;
	days = dayo - (ls >= 0 ? ls / 86400 : (ls - 86399) / 86400);
	ts_civil_from_days(dayo, &y, &m, &d);
	wd = (int)(((dayo + 4) % 7 + 7) % 7);
	hh = (int)((lo - dayo * 86400) / 3600);
	mm = (int)((lo - dayo * 86400) % 3600 / 60);
	if (strcmp(lang, "es") == 0) {
		if (days == 0)
			snprintf(buf, len, "hoy a las %02d:%02d", hh, mm);
		else if (days == 1)
			snprintf(buf, len, "mañana a las %02d:%02d", hh, mm);
		else
			snprintf(buf, len, "el %s %d/%d a las %02d:%02d",
			    days_es[wd], d, m, hh, mm);
	} else if (strcmp(lang, "en") == 0) {
		if (days == 0)
			snprintf(buf, len, "today at %02d:%02d", hh, mm);
		else if (days == 1)
			snprintf(buf, len, "tomorrow at %02d:%02d", hh, mm);
		else
			snprintf(buf, len, "on %s, %s %d at %02d:%02d",
			    days_en[wd], months_en[m - 1], d, hh, mm);
	} else
		snprintf(buf, len, "%04d-%02d-%02d %02d:%02d (%s)", y, m, d,
		    hh, mm, bh_tz(bh));
}

/* text with {name} (a space and the first name, or nothing) and {opens}
 * filled in.  The text is copied a run up to the next brace at a time:
 * most of a template is plain text. */
static json_t *
fill(const char *text, const char *name, const char *opens)
{
	size_t cap, n = 0, k, run, vlen;
	char *out, first[64];
	const char *p = text, *brace, *val;
	json_t *v;

	first[0] = '\0';
	if (name != NULL) {
		k = strcspn(name, " ");
		if (k < sizeof(first) - 1) {
			first[0] = ' ';
			memcpy(first + 1, name, k);
			first[k + 1] = '\0';
		}
	}
	/* Each placeholder is replaced by at most this much. */
	vlen = strlen(first) > strlen(opens) ? strlen(first) : strlen(opens);
	cap = strlen(text) + 1;
	for (brace = strchr(text, '{'); brace != NULL;
	    brace = strchr(brace + 1, '{'))
		cap += vlen;
	if ((out = malloc(cap)) == NULL)
		return NULL;
	while (*p != '\0') {
		brace = strchr(p, '{');
		run = brace != NULL ? (size_t)(brace - p) : strlen(p);
		memcpy(out + n, p, run);
		n += run;
		p += run;
		if (brace == NULL)
			break;
		if (strncmp(p, "{name}", 6) == 0) {
			val = first;
			k = 6;
		} else if (strncmp(p, "{opens}", 7) == 0) {
			val = opens;
			k = 7;
		} else {
			out[n++] = *p++;
			continue;
		}
		memcpy(out + n, val, strlen(val));
		n += strlen(val);
		p += k;
	}
	/* Valid UTF-8: a template from YAML, a JSON name cut at a space,
	 * the opening written by when_text. */
	v = json_stringn_nocheck(out, n);
	free(out);
	return v;
}

json_t *
reply_out_of_hours(const struct config *cfg, json_t *rec, const char *lang,
    const char *name, const struct queue *q, int64_t opens, json_t *why)
{
	const struct template *t = NULL;
	const char *tone = angry(rec) ? "calm" : "cheerful";
	const char *used = lang;
	json_t *reply;
	char when[128], at[TS_BUFSZ];
	int64_t sent = 0;
	const char *created = json_string_value(json_object_get(rec,
	    "created_at"));

	if (created != NULL && ts_parse_rfc3339(created, &sent) == 0)
		sent /= 1000;
	if ((t = find(cfg, "auto_reply", lang, tone)) == NULL &&
	    strcmp(tone, "cheerful") == 0)
		t = find(cfg, "auto_reply", lang, "calm");
	if (t == NULL) {
		used = cfg->default_lang;
		if ((t = find(cfg, "auto_reply", used, tone)) == NULL &&
		    strcmp(tone, "cheerful") == 0)
			t = find(cfg, "auto_reply", used, "calm");
	}
	if (t == NULL) {
		json_array_append_new(why, json_sprintf("auto_reply:no %s "
		    "template for %s", tone, lang));
		return NULL;
	}
	when_text(t->lang ? t->lang : used, q->hours, sent, opens / 1000, when,
	    sizeof(when));
	reply = json_object();
	json_object_set_new(reply, "template", json_string(t->id));
	json_object_set_new(reply, "text", fill(t->text, name, when));
	json_object_set_new(reply, "opens_at", json_string(ts_format(opens,
	    at)));
	json_array_append_new(why, json_sprintf("out_of_hours:%s->%s",
	    q->name, t->id));
	return reply;
}

/* The suggested answer's text for the agent, {name} filled in. */
json_t *
reply_answer_text(const struct template *t, const char *name)
{
	return t->text != NULL ? fill(t->text, name, "") : NULL;
}

const struct template *
reply_suggest(const struct config *cfg, json_t *rec, const char *lang)
{
	const char *reason = jpath_str(rec, "class.reason");
	const char *sub = jpath_str(rec, "class.subreason");
	const char *langs[2] = { lang, cfg->default_lang };
	size_t i, j, l;

	if (reason == NULL)
		return NULL;
	for (l = 0; l < 2; l++)
		for (i = 0; i < cfg->ntpls; i++) {
			const struct template *t = &cfg->tpls[i];

			if (strcmp(t->kind, "answer") != 0 || (t->lang != NULL &&
			    strcmp(t->lang, langs[l]) != 0))
				continue;
			if (t->subreason != NULL && (sub == NULL ||
			    strcmp(t->subreason, sub) != 0))
				continue;
			for (j = 0; j < t->nreasons; j++)
				if (strcmp(t->reasons[j], reason) == 0)
					return t;
		}
	return NULL;
}
