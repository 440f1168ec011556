/* msgtext.c - the text of a message as the stages read it */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "diag.h"
#include "msgtext.h"

/* As mail programs write them in the languages of the customers. */
static const char *const reply_prefixes[] = {
	"re", "res", "rif", "r", "fw", "fwd", "rv", "enc", "tr", "aw", "wg",
	"sv", "vs", "antw", "odp", NULL
};

static int
is_letter(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

int
msgtext_reply_subject(const char *s)
{
	size_t n = 0, i;

	s += strspn(s, " \t");
	while (n < 5 && is_letter(s[n]))
		n++;
	i = n;
	/* A count: "RE[2]:", "Re(3):". */
	if (s[i] == '[' || s[i] == '(') {
		i += 1 + strspn(s + i + 1, "0123456789");
		if (s[i] != ']' && s[i] != ')')
			return 0;
		i++;
	}
	i += strspn(s + i, " ");	/* French mail writes "TR :" */
	if (n == 0 || s[i] != ':')
		return 0;
	for (i = 0; reply_prefixes[i] != NULL; i++)
		if (strlen(reply_prefixes[i]) == n &&
		    strncasecmp(s, reply_prefixes[i], n) == 0)
			return 1;
	return 0;
}

int
msgtext_begin(json_t *rec, struct msgtext *mt)
{
	json_t *subj = json_object_get(rec, "subject");
	const char *s = json_string_value(subj), *dir;
	size_t sl = json_string_length(subj), tl = 0, n;
	char *buf;

	mt->text = NULL;
	mt->joined = 0;
	/* Most messages have none: one look-up. */
	if (s == NULL)
		return 0;
	mt->text = json_object_get(rec, "text");
	dir = json_string_value(json_object_get(rec, "direction"));
	if ((dir != NULL && strcmp(dir, "out") == 0) ||
	    msgtext_reply_subject(s) ||
	    (mt->text != NULL && !json_is_string(mt->text)))
		return 0;
	while (sl > 0 && strchr(" \t\r\n", s[sl - 1]) != NULL)
		sl--;
	if (sl == 0)
		return 0;
	if (mt->text != NULL)
		tl = json_string_length(mt->text);
	if ((buf = malloc(sl + 2 + tl)) == NULL)
		diag_fatal(EX_SOFTWARE, "out of memory");
	memcpy(buf, s, sl);
	n = sl;
	/* A sentence of its own: negation and emphasis end with it. */
	if (strchr(".!?", s[sl - 1]) == NULL)
		buf[n++] = '.';
	buf[n++] = '\n';
	if (tl > 0)
		memcpy(buf + n, json_string_value(mt->text), tl);
	json_incref(mt->text);
	/* Both parts are strings jansson checked: valid UTF-8. */
	json_object_set_new(rec, "text", json_stringn_nocheck(buf, n + tl));
	free(buf);
	mt->joined = 1;
	return 1;
}

void
msgtext_end(json_t *rec, struct msgtext *mt)
{
	if (!mt->joined)
		return;
	if (mt->text != NULL)
		json_object_set_new(rec, "text", mt->text);
	else
		json_object_del(rec, "text");
	mt->text = NULL;
	mt->joined = 0;
}
