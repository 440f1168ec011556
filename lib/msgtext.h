/* msgtext.h - the text of a message as the stages read it: an e-mail's
 * or a web form's subject first */
#ifndef SCS_MSGTEXT_H
#define SCS_MSGTEXT_H

#include <jansson.h>

/*
 * Does subject start as a reply's or a forward's does ("Re:", "RE[2]:",
 * "Fwd:", "RV:", "TR :", "AW:", "Enc:" ...)?  Such a subject is the
 * earlier message's, often the brand's own.
 */
int	msgtext_reply_subject(const char *subject);

/*
 * While a stage reads a message, its "text" is the subject as a
 * sentence of its own (a period added when it ends in none), a newline,
 * then the text: "Baja del servicio.\nadjunto el formulario".  Only an
 * inbound message's subject, and not a reply's or a forward's.
 * msgtext_begin returns 1 when it put the joined text in rec (so rules
 * see it too), 0 when the record is read as it is; msgtext_end puts
 * the text back as it came, before the record is written.
 */
struct msgtext {
	json_t	*text;		/* the record's own, or NULL */
	int	 joined;
};

int	msgtext_begin(json_t *rec, struct msgtext *);
void	msgtext_end(json_t *rec, struct msgtext *);

#endif
