/* test_mailtext.c - HTML to text, and the new text of a reply */
#include <string.h>

#include "check.h"
#include "mailtext.h"
#include "mime.h"

static const char *
html(const char *s)
{
	static struct mbuf b;

	mbuf_reset(&b);
	mailtext_html(s, strlen(s), &b);
	return mbuf_str(&b);
}

static const char *
visible(const char *s)
{
	static struct mbuf b;

	mbuf_reset(&b);
	mailtext_visible(s, strlen(s), &b);
	return mbuf_str(&b);
}

static void
test_html(void)
{
	CHECK_STR(html("<p>Hola</p><p>chau</p>"), "Hola\nchau\n");
	CHECK_STR(html("a<br>b<br><br>c"), "a\nb\n\nc\n");
	CHECK_STR(html("<head><title>x</title><style>p{}</style></head>"
	    "<script>alert(1)</script>ok"), "ok\n");
	CHECK_STR(html("  lots \n of\t space  "), "lots of space\n");
	CHECK_STR(html("&lt;&amp;&gt; &aacute;&ntilde; &#241;&#xf1; &euro;"
	    " &bogus; &"), "<&> áñ ññ € &bogus; &\n");
	CHECK_STR(html("<ul><li>uno</li><li>dos</li></ul>"), "- uno\n- dos\n");
	CHECK_STR(html("<ol><li>a<li>b</ol>"), "1. a\n2. b\n");
	CHECK_STR(html("<a href=\"https://x.example/a\">aquí</a>"),
	    "aquí (https://x.example/a)\n");
	CHECK_STR(html("<a href='https://x.example'>https://x.example</a>"),
	    "https://x.example\n");
	CHECK_STR(html("<a href=\"mailto:a@b.c\">a@b.c</a>"), "a@b.c\n");
	CHECK_STR(html("Hi<blockquote type=\"cite\">old<br>text</blockquote>"
	    "new"), "Hi\n> old\n> text\nnew\n");
	CHECK_STR(html("<pre>a  b\n c</pre>"), "a  b\n c\n");
	CHECK_STR(html("<!-- hidden -->x<!-- unclosed"), "x\n");
	CHECK_STR(html("a < b and <"), "a < b and <\n");
	CHECK_STR(html("<table><tr><td>1</td><td>2</td></tr></table>"),
	    "1 2\n");
	CHECK_STR(html(""), "");
}

static void
test_visible(void)
{
	CHECK_STR(visible("Hello\n\nOn Mon, Apr 2, 2012 at 6:26 PM, A <a@b.c>"
	    " wrote:\n\n> Hi\n"), "Hello");
	CHECK_STR(visible("On 04/02/2012 06:26 PM, A wrote:\n> Hi\nHello\n"),
	    "Hello");
	CHECK_STR(visible("Hola\n\nEl lun, 2 nov 2026 a las 10:15, Ana\n"
	    "<ana@x.com> escribió:\n> viejo\n"), "Hola");
	CHECK_STR(visible("Salut\n\nLe 15 nov. 2021 à 19:42, John <j@x.com>\n"
	    "a écrit :\n\nancien\n"), "Salut");
	CHECK_STR(visible("Hi\n\n-----Original Message-----\nFrom: x\n"),
	    "Hi");
	CHECK_STR(visible("Hola\n\n-----Mensaje original-----\nDe: x\n"),
	    "Hola");
	CHECK_STR(visible("Hola\n\nDe: Soporte <s@x.com>\nEnviado el: lunes\n"
	    "Para: yo\nAsunto: algo\n\nviejo\n"), "Hola");
	CHECK_STR(visible("Hi\n\n*From:* A\n*Sent:* today\n*To:* b\n\nold\n"),
	    "Hi");
	CHECK_STR(visible("The data comes From: our database.\nFrom: me\n"
	    "and that is all\n"), "The data comes From: our database.\n"
	    "From: me\nand that is all");
	CHECK_STR(visible("Hi\n\n-- \nJohn\n555 1234\n"), "Hi");
	CHECK_STR(visible("a -- b\n--x\n"), "a -- b\n--x");
	CHECK_STR(visible("Ok\n\nEnviado desde mi iPhone\n"), "Ok");
	CHECK_STR(visible("Necesito la factura.\n\nSaludos,\nAna Pérez\n"
	    "+54 341 555 0000\n"), "Necesito la factura.");
	CHECK_STR(visible("Necesito la factura.\n\nAna\n"),
	    "Necesito la factura.");
	CHECK_STR(visible("Gracias\n"), "Gracias");
	CHECK_STR(visible("a\n> q\nb\n\n\n\nc\n"), "a\nb\n\nc");
	CHECK_STR(visible("On your host run:\n\n   ls\n"),
	    "On your host run:\n\n   ls");
	CHECK_STR(visible("text\n\n______________________________"
	    "_________________\nlist mailing list\n"), "text");
	CHECK_STR(visible(""), "");
	CHECK_STR(visible("> only a quote\n"), "");
}

int
main(void)
{
	test_html();
	test_visible();
	return CHECK_DONE();
}
