/* mailtext.h - the readable text of a mail body, and only the new part */
#ifndef SCS_MAILTEXT_H
#define SCS_MAILTEXT_H

#include <stddef.h>

#include "mime.h"

/*
 * HTML (UTF-8) to readable text, appended to out: block elements end
 * lines, list items start with "- " (or "1. "), links become
 * "text (url)" when the url says more than the text, entities are
 * decoded, script, style and head are dropped, space is collapsed
 * outside <pre>, and the lines inside <blockquote> are prefixed with
 * "> " so that mailtext_visible treats them as the quotes they are.
 */
void	mailtext_html(const char *html, size_t len, struct mbuf *out);

/*
 * What the sender wrote this time, out of a plain-text body (UTF-8,
 * lines ending in "\n"): quoted lines ("> "), attribution lines
 * ("On ... wrote:", "El ... escribió:", "Le ... a écrit :", over up to
 * three lines), Outlook "-----Original Message-----" and
 * "From:/Sent:" (De:/Enviado:, Von:/Gesendet:) blocks and all below,
 * signatures ("-- " and all below, "Sent from my iPhone", "Enviado
 * desde mi ...", a sign-off such as "Regards," followed by a short name
 * block), and mailing-list footers are removed.  Appended to out.
 */
void	mailtext_visible(const char *text, size_t len, struct mbuf *out);

#endif
