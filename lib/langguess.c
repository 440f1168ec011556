/* langguess.c - Spanish or English, from stopwords and letters
 *
 * A message without `lang` is told apart by the words every text is made
 * of ("the", "que") and by what only Spanish writes (ñ, ¿, ¡, accents).
 * Too little evidence gives no answer rather than a guess.
 */

#include <stdint.h>
#include <string.h>

#include <jansson.h>

#include "lexicon_impl.h"
#include "sentiment.h"
#include "utf8.h"


/*
 * Words that tell Spanish from English, with a weight for each.  A word
 * weighing less than 1 on both sides ("no", "me") only breaks ties: it
 * is not telling.
 */
struct stopword {
	const char	*word;		/* folded */
	float		 es, en;
};

static const struct stopword stopwords[] = {
	{ "about", 0, 1 },	{ "aerolinea", 1, 0 },	{ "after", 0, 1 },
	{ "again", 0, 1 },	{ "ahi", 1, 0 },	{ "ahora", 1, 0 },
	{ "airline", 0, 1 },	{ "al", 1, 0 },		{ "algo", 1, 0 },
	{ "also", 0, 1 },	{ "always", 0, 1 },	{ "am", 0, 1 },
	{ "an", 0, 1 },		{ "and", 0, 1 },	{ "any", 0, 1 },
	{ "anyone", 0, 1 },	{ "anything", 0, 1 },	{ "aqui", 1, 0 },
	{ "are", 0, 1 },	{ "around", 0, 1 },	{ "as", 0, 1 },
	{ "asi", 1, 0 },	{ "at", 0, 1 },		{ "aun", 1, 0 },
	{ "aunque", 1, 0 },	{ "avion", 1, 0 },	{ "ayer", 1, 0 },
	{ "back", 0, 1 },	{ "bag", 0, 1 },	{ "bags", 0, 1 },
	{ "bastante", 1, 0 },	{ "be", 0, 1 },		{ "because", 0, 1 },
	{ "been", 0, 1 },	{ "before", 0, 1 },	{ "being", 0, 1 },
	{ "best", 0, 1 },	{ "better", 0, 1 },	{ "bien", 1, 0 },
	{ "both", 0, 1 },	{ "buena", 1, 0 },	{ "buenas", 1, 0 },
	{ "bueno", 1, 0 },	{ "buenos", 1, 0 },	{ "but", 0, 1 },
	{ "by", 0, 1 },		{ "cada", 1, 0 },	{ "call", 0, 1 },
	{ "called", 0, 1 },	{ "can", 0, 1 },	{ "cancel", 0, 1 },
	{ "casi", 1, 0 },	{ "changed", 0, 1 },	{ "check", 0, 1 },
	{ "como", 1, 0 },	{ "con", 1, 0 },	{ "contra", 1, 0 },
	{ "cosa", 1, 0 },	{ "cosas", 1, 0 },	{ "could", 0, 1 },
	{ "creo", 1, 0 },	{ "cual", 1, 0 },	{ "cuando", 1, 0 },
	{ "cuanto", 1, 0 },	{ "customer", 0, 1 },	{ "day", 0, 1 },
	{ "days", 0, 1 },	{ "de", 1, 0 },		{ "debe", 1, 0 },
	{ "deberian", 1, 0 },	{ "decir", 1, 0 },	{ "dejan", 1, 0 },
	{ "dejar", 1, 0 },	{ "del", 1, 0 },	{ "delay", 0, 1 },
	{ "delayed", 0, 1 },	{ "desde", 1, 0 },	{ "despues", 1, 0 },
	{ "dia", 1, 0 },	{ "dias", 1, 0 },	{ "did", 0, 1 },
	{ "didnt", 0, 1 },	{ "dinero", 1, 0 },	{ "do", 0, 1 },
	{ "does", 0, 1 },	{ "doing", 0, 1 },	{ "donde", 1, 0 },
	{ "done", 0, 1 },	{ "dos", 1, 0 },	{ "down", 0, 1 },
	{ "durante", 1, 0 },	{ "each", 0, 1 },	{ "el", 1, 0 },
	{ "ella", 1, 0 },	{ "ellas", 1, 0 },	{ "ellos", 1, 0 },
	{ "en", 1, 0 },		{ "entonces", 1, 0 },	{ "equipaje", 1, 0 },
	{ "eres", 1, 0 },	{ "es", 1, 0 },		{ "esa", 1, 0 },
	{ "esas", 1, 0 },	{ "ese", 1, 0 },	{ "eso", 1, 0 },
	{ "esos", 1, 0 },	{ "esta", 1, 0 },	{ "estamos", 1, 0 },
	{ "estan", 1, 0 },	{ "estas", 1, 0 },	{ "este", 1, 0 },
	{ "esto", 1, 0 },	{ "estos", 1, 0 },	{ "estoy", 1, 0 },
	{ "even", 0, 1 },	{ "ever", 0, 1 },	{ "every", 0, 1 },
	{ "everyone", 0, 1 },	{ "fine", 0, 1 },	{ "first", 0, 1 },
	{ "flight", 0, 1 },	{ "flights", 0, 1 },	{ "fly", 0, 1 },
	{ "flying", 0, 1 },	{ "for", 0, 1 },	{ "found", 0, 1 },
	{ "friend", 0, 1 },	{ "from", 0, 1 },	{ "fue", 1, 0 },
	{ "fueron", 1, 0 },	{ "gate", 0, 1 },	{ "gente", 1, 0 },
	{ "get", 0, 1 },	{ "getting", 0, 1 },	{ "give", 0, 1 },
	{ "go", 0, 1 },		{ "going", 0, 1 },	{ "gone", 0, 1 },
	{ "good", 0, 1 },	{ "got", 0, 1 },	{ "gracias", 1, 0 },
	{ "great", 0, 1 },	{ "guys", 0, 1 },	{ "ha", 1, 0 },
	{ "habeis", 1, 0 },	{ "hace", 1, 0 },	{ "hacen", 1, 0 },
	{ "hacer", 1, 0 },	{ "had", 0, 1 },	{ "han", 1, 0 },
	{ "happy", 0, 1 },	{ "has", 0, 1 },	{ "hasta", 1, 0 },
	{ "have", 0, 1 },	{ "hay", 1, 0 },	{ "hear", 0, 1 },
	{ "hello", 0, 1 },	{ "help", 0, 1 },	{ "hemos", 1, 0 },
	{ "here", 0, 1 },	{ "hey", 0, 1 },	{ "hi", 0, 1 },
	{ "him", 0, 1 },	{ "his", 0, 1 },	{ "hizo", 1, 0 },
	{ "hola", 1, 0 },	{ "hold", 0, 1 },	{ "home", 0, 1 },
	{ "hope", 0, 1 },	{ "horas", 1, 0 },	{ "hour", 0, 1 },
	{ "hours", 0, 1 },	{ "how", 0, 1 },	{ "hoy", 1, 0 },
	{ "i", 0, 1 },		{ "if", 0, 1 },		{ "in", 0, 1 },
	{ "into", 0, 1 },	{ "ir", 1, 0 },		{ "is", 0, 1 },
	{ "it", 0, 1 },		{ "its", 0, 1 },	{ "just", 0, 1 },
	{ "keep", 0, 1 },	{ "know", 0, 1 },	{ "la", 1, 0 },
	{ "las", 1, 0 },	{ "last", 0, 1 },	{ "late", 0, 1 },
	{ "le", 1, 0 },		{ "left", 0, 1 },	{ "les", 1, 0 },
	{ "let", 0, 1 },	{ "like", 0, 1 },	{ "line", 0, 1 },
	{ "little", 0, 1 },	{ "llevo", 1, 0 },	{ "lo", 1, 0 },
	{ "long", 0, 1 },	{ "look", 0, 1 },	{ "los", 1, 0 },
	{ "lost", 0, 1 },	{ "love", 0, 1 },	{ "luego", 1, 0 },
	{ "luggage", 0, 1 },	{ "made", 0, 1 },	{ "make", 0, 1 },
	{ "maleta", 1, 0 },	{ "manana", 1, 0 },	{ "many", 0, 1 },
	{ "mas", 1, 0 },	{ "maybe", 0, 1 },	{ "me", 0.5f, 0.3f },
	{ "mejor", 1, 0 },	{ "menos", 1, 0 },	{ "mi", 1, 0 },
	{ "mientras", 1, 0 },	{ "mis", 1, 0 },	{ "mismo", 1, 0 },
	{ "more", 0, 1 },	{ "most", 0, 1 },	{ "much", 0, 1 },
	{ "mucha", 1, 0 },	{ "muchas", 1, 0 },	{ "mucho", 1, 0 },
	{ "muchos", 1, 0 },	{ "must", 0, 1 },	{ "muy", 1, 0 },
	{ "my", 0, 1 },		{ "nada", 1, 0 },	{ "nadie", 1, 0 },
	{ "need", 0, 1 },	{ "never", 0, 1 },	{ "new", 0, 1 },
	{ "next", 0, 1 },	{ "ni", 1, 0 },		{ "nice", 0, 1 },
	{ "night", 0, 1 },	{ "no", 0.3f, 0.2f },	{ "nos", 1, 0 },
	{ "nosotros", 1, 0 },	{ "not", 0, 1 },	{ "nothing", 0, 1 },
	{ "now", 0, 1 },	{ "nuestra", 1, 0 },	{ "nuestro", 1, 0 },
	{ "nuestros", 1, 0 },	{ "nunca", 1, 0 },	{ "o", 1, 0 },
	{ "of", 0, 1 },		{ "off", 0, 1 },	{ "okay", 0, 1 },
	{ "old", 0, 1 },	{ "on", 0, 1 },		{ "one", 0, 1 },
	{ "only", 0, 1 },	{ "or", 0, 1 },		{ "other", 0, 1 },
	{ "otra", 1, 0 },	{ "otras", 1, 0 },	{ "otro", 1, 0 },
	{ "otros", 1, 0 },	{ "our", 0, 1 },	{ "out", 0, 1 },
	{ "over", 0, 1 },	{ "own", 0, 1 },	{ "para", 1, 0 },
	{ "pasa", 1, 0 },	{ "pasado", 1, 0 },	{ "people", 0, 1 },
	{ "peor", 1, 0 },	{ "pero", 1, 0 },	{ "phone", 0, 1 },
	{ "please", 0, 1 },	{ "poco", 1, 0 },	{ "podeis", 1, 0 },
	{ "por", 1, 0 },	{ "porque", 1, 0 },	{ "puede", 1, 0 },
	{ "pueden", 1, 0 },	{ "puedo", 1, 0 },	{ "pues", 1, 0 },
	{ "que", 1, 0 },	{ "quien", 1, 0 },	{ "quiero", 1, 0 },
	{ "really", 0, 1 },	{ "right", 0, 1 },	{ "sabe", 1, 0 },
	{ "said", 0, 1 },	{ "same", 0, 1 },	{ "say", 0, 1 },
	{ "se", 1, 0 },		{ "seat", 0, 1 },	{ "seats", 0, 1 },
	{ "see", 0, 1 },	{ "seguro", 1, 0 },	{ "ser", 1, 0 },
	{ "sera", 1, 0 },	{ "service", 0, 1 },	{ "she", 0, 1 },
	{ "should", 0, 1 },	{ "si", 1, 0 },		{ "siempre", 1, 0 },
	{ "sigo", 1, 0 },	{ "sigue", 1, 0 },	{ "sin", 1, 0 },
	{ "since", 0, 1 },	{ "sino", 1, 0 },	{ "so", 0, 1 },
	{ "sobre", 1, 0 },	{ "some", 0, 1 },	{ "someone", 0, 1 },
	{ "something", 0, 1 },	{ "somos", 1, 0 },	{ "son", 0.5f, 0 },
	{ "soon", 0, 1 },	{ "soy", 1, 0 },	{ "still", 0, 1 },
	{ "su", 1, 0 },		{ "such", 0, 1 },	{ "sure", 0, 1 },
	{ "sus", 1, 0 },	{ "tambien", 1, 0 },	{ "tampoco", 1, 0 },
	{ "tanto", 1, 0 },	{ "te", 1, 0 },		{ "teneis", 1, 0 },
	{ "tenemos", 1, 0 },	{ "tener", 1, 0 },	{ "tengo", 1, 0 },
	{ "than", 0, 1 },	{ "thank", 0, 1 },	{ "thanks", 0, 1 },
	{ "that", 0, 1 },	{ "the", 0, 1 },	{ "their", 0, 1 },
	{ "them", 0, 1 },	{ "then", 0, 1 },	{ "there", 0, 1 },
	{ "these", 0, 1 },	{ "they", 0, 1 },	{ "thing", 0, 1 },
	{ "things", 0, 1 },	{ "think", 0, 1 },	{ "this", 0, 1 },
	{ "those", 0, 1 },	{ "though", 0, 1 },	{ "through", 0, 1 },
	{ "tiene", 1, 0 },	{ "tienen", 1, 0 },	{ "time", 0, 1 },
	{ "to", 0, 1 },		{ "todas", 1, 0 },	{ "todavia", 1, 0 },
	{ "today", 0, 1 },	{ "todo", 1, 0 },	{ "todos", 1, 0 },
	{ "told", 0, 1 },	{ "tomorrow", 0, 1 },	{ "too", 0, 1 },
	{ "tras", 1, 0 },	{ "tried", 0, 1 },	{ "trip", 0, 1 },
	{ "try", 0, 1 },	{ "trying", 0, 1 },	{ "tu", 1, 0 },
	{ "two", 0, 1 },	{ "un", 1, 0 },		{ "una", 1, 0 },
	{ "until", 0, 1 },	{ "up", 0, 1 },		{ "us", 0, 1 },
	{ "usted", 1, 0 },	{ "ustedes", 1, 0 },	{ "vamos", 1, 0 },
	{ "ver", 1, 0 },	{ "very", 0, 1 },	{ "vez", 1, 0 },
	{ "vosotros", 1, 0 },	{ "vuelo", 1, 0 },	{ "vuelos", 1, 0 },
	{ "vuestra", 1, 0 },	{ "vuestro", 1, 0 },	{ "vuestros", 1, 0 },
	{ "wait", 0, 1 },	{ "waiting", 0, 1 },	{ "want", 0, 1 },
	{ "was", 0, 1 },	{ "way", 0, 1 },	{ "we", 0, 1 },
	{ "well", 0, 1 },	{ "went", 0, 1 },	{ "were", 0, 1 },
	{ "what", 0, 1 },	{ "when", 0, 1 },	{ "where", 0, 1 },
	{ "which", 0, 1 },	{ "while", 0, 1 },	{ "who", 0, 1 },
	{ "why", 0, 1 },	{ "will", 0, 1 },	{ "wish", 0, 1 },
	{ "with", 0, 1 },	{ "without", 0, 1 },	{ "work", 0, 1 },
	{ "worst", 0, 1 },	{ "would", 0, 1 },	{ "y", 1, 0 },
	{ "ya", 1, 0 },		{ "yes", 0, 1 },	{ "yesterday", 0, 1 },
	{ "yet", 0, 1 },	{ "yo", 1, 0 },		{ "you", 0, 1 },
	{ "your", 0, 1 },	{ "yours", 0, 1 },
};

/*
 * The stopwords by hash, built on first use: one probe per word instead
 * of a binary search with a strlen at every step.
 */
#define STOPSLOTS	1024
static short stopslot[STOPSLOTS];	/* index + 1; 0: empty */
static unsigned char stoplen[NELEM(stopwords)];
static int stopbuilt;

static unsigned
stophash(const char *s, size_t len)
{
	unsigned	h = 2166136261u;
	size_t		i;

	for (i = 0; i < len; i++)
		h = (h ^ (unsigned char)s[i]) * 16777619u;
	return (h ^ (h >> 15)) & (STOPSLOTS - 1);
}

static const struct stopword *
stopword_get(const char *s, size_t len)
{
	unsigned	h;
	size_t		i;
	short		k;

	if (!stopbuilt) {
		for (i = 0; i < NELEM(stopwords); i++) {
			stoplen[i] = (unsigned char)strlen(stopwords[i].word);
			h = stophash(stopwords[i].word, stoplen[i]);
			while (stopslot[h] != 0)
				h = (h + 1) & (STOPSLOTS - 1);
			stopslot[h] = (short)(i + 1);
		}
		stopbuilt = 1;
	}
	for (h = stophash(s, len); (k = stopslot[h]) != 0;
	    h = (h + 1) & (STOPSLOTS - 1))
		if (stoplen[k - 1] == len &&
		    memcmp(stopwords[k - 1].word, s, len) == 0)
			return &stopwords[k - 1];
	return NULL;
}

struct tally {
	const char	*text;
	double		 es, en;
	int		 telling;
};

/* Spanish letters: ñ, and the acute accents English does without. */
static int
spanish_marks(const char *s, size_t len, int *enye)
{
	uint32_t	cp;
	size_t		i;
	int		n, acute = 0;

	*enye = 0;
	for (i = 0; i < len; i += (size_t)n) {
		n = utf8_decode(s + i, len - i, &cp);
		switch (cp) {
		case 0xF1: case 0xD1:				/* ñ Ñ */
			*enye = 1;
			break;
		case 0xE1: case 0xE9: case 0xED: case 0xF3: case 0xFA:
		case 0xC1: case 0xC9: case 0xCD: case 0xD3: case 0xDA:
			acute = 1;
			break;
		}
	}
	return acute;
}

void
lang_word(const char *folded, size_t len, struct langword *lw)
{
	const struct stopword	*sw;
	const char		*ap;

	lw->es = lw->en = 0;
	lw->contraction = (ap = memchr(folded, '\'', len)) != NULL &&
	    ap > folded;
	if (!lw->contraction && (sw = stopword_get(folded, len)) != NULL) {
		lw->es = sw->es;
		lw->en = sw->en;
	}
}

/* f, when not NULL, is the token folded by the caller. */
static void
tally_token(struct tally *ty, const struct token *tk,
    const struct tokfold *f)
{
	struct langword		 lw;
	const char		*s = ty->text + tk->off, *key = NULL;
	char			 buf[64];
	size_t			 n = 0, i;
	int			 enye, acute;
	unsigned char		 c;

	if (tk->kind == TOK_PUNCT) {
		/* ¿ and ¡ (U+00BF, U+00A1) */
		if (tk->len == 2 && (unsigned char)s[0] == 0xC2 &&
		    ((unsigned char)s[1] == 0xBF ||
		    (unsigned char)s[1] == 0xA1)) {
			ty->es += 2;
			ty->telling++;
		}
		return;
	}
	if (tk->kind != TOK_WORD || tk->len >= sizeof(buf) / 2)
		return;
	/* ASCII words (most) are lowered here; the rest are looked at
	 * for Spanish letters, then folded. */
	if (f != NULL) {
		if (tk->ascii)
			i = tk->len;
		else
			for (i = 0; i < tk->len && (unsigned char)s[i] < 0x80;
			    i++)
				;
		key = f->s;
		n = f->len;
	} else
		for (i = 0; i < tk->len && (c = (unsigned char)s[i]) < 0x80;
		    i++)
			buf[i] = (char)(c >= 'A' && c <= 'Z' ? c + 32 : c);
	if (i < tk->len) {
		acute = spanish_marks(s, tk->len, &enye);
		if (enye || acute) {
			ty->es += enye ? 2 : 1;
			ty->telling++;
			return;
		}
		if (f == NULL)
			n = utf8_fold(s, tk->len, buf, sizeof(buf));
	} else if (f == NULL)
		n = i;
	if (f == NULL)
		key = buf;
	if (f != NULL && f->lw != NULL)
		lw = *f->lw;
	else
		lang_word(key, n, &lw);
	/* I'm, it's, don't, we've, you'll: English contractions */
	if (lw.contraction) {
		ty->en += 1;
		ty->telling++;
		return;
	}
	ty->es += lw.es;
	ty->en += lw.en;
	if (lw.es >= 1 || lw.en >= 1)
		ty->telling++;
}

const char *
lang_guess(const char *text, size_t len)
{
	struct toklist	 tl = { NULL, 0, 0 };
	const char	*lang;

	utf8_toklist(&tl, text, len);
	lang = lang_guess_toks(text, &tl);
	utf8_toklist_free(&tl);
	return lang;
}

const char *
lang_guess_toks(const char *text, const struct toklist *tl)
{
	return lang_guess_folded(text, tl, NULL);
}

const char *
lang_guess_folded(const char *text, const struct toklist *tl,
    const struct tokfold *f)
{
	struct tally	ty = { text, 0, 0, 0 };
	size_t		i;

	for (i = 0; i < tl->n; i++)
		tally_token(&ty, &tl->v[i], f != NULL ? &f[i] : NULL);
	/* One telling word is enough: on the airline tweets, waiting for
	 * two left 5.6% of the English ones to the default language, and
	 * a lone "thanks" or "gracias" is seldom the other language. */
	if (ty.telling == 0 || ty.es == ty.en)
		return NULL;
	return ty.es > ty.en ? "es" : "en";
}
