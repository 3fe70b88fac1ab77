/* i18n.c: the reader's language, French or English, from --lang or the locale, and the
 * message catalogue (gettext) that speaks it. */
#include <libintl.h>
#include <limits.h>
#include <stdint.h>
#include <locale.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "base.h"

#ifndef LOCALEDIR
#define LOCALEDIR "/usr/local/share/locale"
#endif

extern int _nl_msg_cat_cntr;	/* glibc: bumped to make gettext forget what it cached */

static enum lang current = LANG_EN;	/* of the messages */
static char user_language[256];	/* LANGUAGE as the program found it ("" when unset) */
static int have_user_language;
static unsigned generation = 1;	/* of the language: dmn_gettext forgets when it changes */

int lang_parse(const char *s, enum lang *out)
{
	if (!strcmp(s, "fr"))
		*out = LANG_FR;
	else if (!strcmp(s, "en"))
		*out = LANG_EN;
	else
		return 0;
	return 1;
}

/* The locale name that LC_MESSAGES takes from the environment, as setlocale reads it */
static const char *messages_locale(void)
{
	static const char *const vars[] = { "LC_ALL", "LC_MESSAGES", "LANG" };
	size_t i;

	for (i = 0; i < sizeof vars / sizeof *vars; i++) {
		const char *v = getenv(vars[i]);
		if (v && *v)
			return v;
	}
	return "C";
}

/* As gettext chooses: LANGUAGE (a list, fr:en) unless the locale is C or POSIX, then
 * LC_ALL, LC_MESSAGES, LANG. Only French has a catalogue: anything else is English. */
static enum lang lang_from_env(void)
{
	const char *loc = messages_locale(), *l = getenv("LANGUAGE");

	if (have_user_language)
		l = user_language[0] ? user_language : NULL;
	if (l && *l && strcmp(loc, "C") != 0 && strcmp(loc, "POSIX") != 0) {
		while (*l) {
			size_t n = strcspn(l, ":");
			if (n >= 2 && !strncmp(l, "fr", 2) && (n == 2 || l[2] == '_' || l[2] == '.' || l[2] == '@'))
				return LANG_FR;
			if (n >= 2 && !strncmp(l, "en", 2) && (n == 2 || l[2] == '_' || l[2] == '.' || l[2] == '@'))
				return LANG_EN;
			l += n + (l[n] == ':');
		}
		return LANG_EN;	/* languages dmn has no catalogue for: its own, English */
	}
	return strncmp(loc, "fr", 2) == 0 ? LANG_FR : LANG_EN;
}

/* The catalogues: beside the program when it runs from its build directory (build/locale),
 * then in ../share/locale from where it is installed (any PREFIX), then LOCALEDIR. */
static const char *locale_dir(void)
{
	static const char *const rel[] = { "/locale", "/../share/locale" };
	static char dir[PATH_MAX];
	char exe[PATH_MAX], mo[PATH_MAX + 64];
	ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
	char *slash;
	size_t i;

	if (n <= 0)
		return LOCALEDIR;
	exe[n] = '\0';
	if (!(slash = strrchr(exe, '/')))
		return LOCALEDIR;
	*slash = '\0';
	for (i = 0; i < sizeof rel / sizeof *rel; i++) {
		if ((size_t)snprintf(dir, sizeof dir, "%s%s", exe, rel[i]) >= sizeof dir)
			continue;
		snprintf(mo, sizeof mo, "%s/fr/LC_MESSAGES/dmn.mo", dir);
		if (access(mo, R_OK) == 0)
			return dir;
	}
	return LOCALEDIR;
}

static int bound;	/* the locale and the catalogue are set up */

/* The catalogue, in UTF-8 whatever the locale's character set. Only LC_MESSAGES follows
 * the locale: numbers in YAML and JSON never take a decimal comma. */
static void bind_catalogue(void)
{
	if (bound)
		return;
	bound = 1;
	setlocale(LC_MESSAGES, "");
	bindtextdomain("dmn", locale_dir());
	bind_textdomain_codeset("dmn", "UTF-8");
	bind_textdomain_codeset("libc", "UTF-8");	/* strerror in French, if the system has it */
	textdomain("dmn");
}

/* At the start: the language is the environment's until --lang says otherwise. */
void i18n_start(void)
{
	const char *l = getenv("LANGUAGE");

	if (!have_user_language && l && strlen(l) < sizeof user_language)
		strcpy(user_language, l);
	have_user_language = 1;
	i18n_use(lang_from_env());
}

/* Messages in lang from now on, whether or not the system has a locale for it: gettext
 * reads LANGUAGE first unless LC_MESSAGES is "C", which C.UTF-8 (always there) is not.
 * English, the code's own, needs neither locale nor catalogue: a run in English loads
 * none (start-up stays that of a program without messages to translate). */
void i18n_use(enum lang lang)
{
	const char *cur;

	current = lang;
	if (lang == LANG_EN && !bound)
		return;
	bind_catalogue();
	cur = setlocale(LC_MESSAGES, NULL);
	if ((!cur || !strcmp(cur, "C") || !strcmp(cur, "POSIX")) && !setlocale(LC_MESSAGES, "C.UTF-8"))
		setlocale(LC_MESSAGES, "C.utf8");	/* older systems spell it so */
	setenv("LANGUAGE", lang == LANG_FR ? "fr" : "en", 1);
	++_nl_msg_cat_cntr;
	++generation;
}

/* For a program run on the person's behalf (an editor): LANGUAGE as it was. */
void i18n_restore_env(void)
{
	if (!have_user_language)
		return;
	if (user_language[0])
		setenv("LANGUAGE", user_language, 1);
	else
		unsetenv("LANGUAGE");
	++generation;
}

/* gettext, remembered: a check of a stream of dossiers asks for the same few messages
 * thousands of times, and each gettext takes a lock and searches. A message's translation
 * changes only when the language does (i18n_use, i18n_restore_env): then all is forgotten. */
const char *dmn_gettext(const char *msgid)
{
	static struct {
		const char *msgid, *text;
		unsigned generation;
	} seen[512];
	size_t h = ((size_t)(uintptr_t)msgid >> 3) % (sizeof seen / sizeof *seen);

	if (seen[h].msgid != msgid || seen[h].generation != generation) {
		seen[h].msgid = msgid;
		seen[h].text = gettext(msgid);
		seen[h].generation = generation;
	}
	return seen[h].text;
}

/* pgettext: "ctx\004msgid" in the catalogue, msgid when it has no translation */
const char *dmn_pgettext(const char *ctx_msgid, const char *msgid)
{
	const char *t = dmn_gettext(ctx_msgid);

	return t == ctx_msgid ? msgid : t;
}

/* The units of number questions, as the reader's language writes them, for a count n */
const char *unit_label_n(const char *unit, double n)
{
	/* French: 0,5 minute, 1,5 an (under 2, singular); English: 1 minute, 0.5 minutes */
	unsigned long k = current == LANG_FR ? (n > -2 && n < 2 ? 1 : 2) : (n == 1 ? 1 : 2);

	if (!unit)
		return NULL;
	if (!strcmp(unit, "days"))
		return ngettext("day", "days", k);
	if (!strcmp(unit, "months"))
		return ngettext("month", "months", k);
	if (!strcmp(unit, "years"))
		return ngettext("year", "years", k);
	if (!strcmp(unit, "minutes"))
		return ngettext("minute", "minutes", k);
	if (!strcmp(unit, "hours"))
		return ngettext("hour", "hours", k);
	if (!strcmp(unit, "percent"))
		return "%";
	return unit;
}

/* The unit in the plural, as a heading or a prompt names it ("in minutes") */
const char *unit_label(const char *unit)
{
	return unit_label_n(unit, 2);
}

enum lang i18n_lang(void)
{
	return current;
}

const char *text_get(struct text t, enum lang lang)
{
	if (lang == LANG_FR)
		return t.fr ? t.fr : t.en;
	return t.en ? t.en : t.fr;
}

/* --- words and numbers as people write them ---------------------------------------------- */

/* s folded for matching what people type with labels: lowercase, accents dropped (é is e,
 * œ is oe), typographic apostrophes as ', runs of spaces (no-break ones too) as one space,
 * trimmed. Not for display. */
void text_fold(struct buf *out, const char *s)
{
	static const char *const c3[64] = {
		"a", "a", "a", "a", "a", "a", "ae", "c", "e", "e", "e", "e", "i", "i", "i", "i",
		"d", "n", "o", "o", "o", "o", "o", "x", "o", "u", "u", "u", "u", "y", "th", "ss",
		"a", "a", "a", "a", "a", "a", "ae", "c", "e", "e", "e", "e", "i", "i", "i", "i",
		"d", "n", "o", "o", "o", "o", "o", "/", "o", "u", "u", "u", "u", "y", "th", "y",
	};
	const unsigned char *p = (const unsigned char *)s;
	int space = 0;

	out->len = 0;
	buf_add(out, "", 0);
	while (*p) {
		const char *rep = NULL;
		size_t n = 1;
		char one[2] = { 0 };

		if (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r')
			rep = " ";
		else if (p[0] == 0xc2 && p[1] == 0xa0)
			rep = " ", n = 2;
		else if (p[0] == 0xe2 && p[1] == 0x80 && (p[2] == 0xaf || p[2] == 0x89))
			rep = " ", n = 3;
		else if (p[0] == 0xe2 && p[1] == 0x80 && (p[2] == 0x98 || p[2] == 0x99))
			rep = "'", n = 3;
		else if (p[0] == 0xc3 && p[1] >= 0x80 && p[1] <= 0xbf)
			rep = c3[p[1] - 0x80], n = 2;
		else if (p[0] == 0xc5 && (p[1] == 0x92 || p[1] == 0x93))
			rep = "oe", n = 2;
		else if (*p < 0x80)
			one[0] = (char)(*p >= 'A' && *p <= 'Z' ? *p + 32 : *p), rep = one;
		if (!rep) {	/* other characters as they are */
			n = utf8_len(p);
			if (n == 0)
				n = 1;
			if (space && out->len)
				buf_adds(out, " ");
			space = 0;
			buf_add(out, (const char *)p, n);
			p += n;
			continue;
		}
		p += n;
		if (!strcmp(rep, " ")) {
			space = 1;
			continue;
		}
		if (space && out->len)
			buf_adds(out, " ");
		space = 0;
		buf_adds(out, rep);
	}
}

/* The words of each unit, in both languages, folded (text_fold) */
static const struct {
	const char *unit;
	const char *words[9];
} unit_words[] = {
	{ "minutes", { "min", "mn", "minute", "minutes", "mins", NULL } },
	{ "hours", { "h", "heure", "heures", "hour", "hours", "hr", "hrs", NULL } },
	{ "days", { "j", "jour", "jours", "d", "day", "days", NULL } },
	{ "months", { "mois", "month", "months", NULL } },
	{ "years", { "an", "ans", "annee", "annees", "year", "years", "yr", "yrs", NULL } },
	{ "percent", { "%", "pourcent", "pour cent", "percent", "pct", NULL } },
	{ "EUR", { "€", "eur", "euro", "euros", NULL } },
};

/* The words of a unit ("minutes": min, mn, minute...), folded; NULL if it has none */
const char *const *unit_word_list(const char *unit)
{
	size_t i;

	for (i = 0; unit && i < sizeof unit_words / sizeof *unit_words; i++)
		if (!strcmp(unit_words[i].unit, unit))
			return unit_words[i].words;
	return NULL;
}

/* The unit a word names ("min", "ans", "€"), or NULL */
const char *unit_of_word(const char *word)
{
	struct buf f = { 0 };
	const char *found = NULL;
	size_t i, j;

	text_fold(&f, word);
	for (i = 0; !found && i < sizeof unit_words / sizeof *unit_words; i++)
		for (j = 0; !found && unit_words[i].words[j]; j++)
			if (!strcmp(f.s, unit_words[i].words[j]))
				found = unit_words[i].unit;
	buf_free(&f);
	return found;
}

static int is_digit(char c)
{
	return c >= '0' && c <= '9';
}

/* A thousands separator at p: a space, a no-break space or a narrow one; its length or 0 */
static size_t group_sep(const char *p)
{
	const unsigned char *u = (const unsigned char *)p;

	if (*u == ' ')
		return 1;
	if (u[0] == 0xc2 && u[1] == 0xa0)
		return 2;
	if (u[0] == 0xe2 && u[1] == 0x80 && (u[2] == 0xaf || u[2] == 0x89))
		return 3;
	return 0;
}

/* A number as people write it, with a decimal comma or point, French thousands separators
 * (12 000, 12 000,50) and a trailing unit that is the question's (10 min, 12 000 €, 3 ans),
 * to the plain number a dossier stores ("12000.50"), in out. NUM_OK, or why not: other_unit
 * is set to the unit named when it is not the question's. */
enum number_verdict number_norm(const char *s, const char *unit, struct buf *out, const char **other_unit)
{
	const char *p = s, *start, *word;
	size_t groups = 0, first = 0, n = 0, k;
	int dot = 0, comma = 0, digits = 0;
	struct buf intpart = { 0 }, frac = { 0 };
	enum number_verdict v = NUM_OK;

	out->len = 0;
	buf_add(out, "", 0);
	if (other_unit)
		*other_unit = NULL;
	while (*p == ' ' || *p == '\t')
		p++;
	start = p;
	if (*p == '-' || *p == '+')
		p++;
	/* the integer part: digits, in groups of three after the first when separated */
	while (is_digit(*p) || (groups + first > 0 && (n = group_sep(p)) && is_digit(p[n]))) {
		if (!is_digit(*p)) {
			if (groups == 0 && first > 3)
				break;
			for (k = 0; k < 3; k++)
				if (!is_digit(p[n + k]))
					break;
			if (k < 3 || is_digit(p[n + 3]))
				break;	/* not a group of three: the space ends the number */
			p += n;
			groups++;
			buf_add(&intpart, p, 3);
			p += 3;
			digits += 3;
			continue;
		}
		if (groups) {
			v = NUM_BAD;	/* "12 0005" */
			break;
		}
		buf_add(&intpart, p, 1);
		first++;
		digits++;
		p++;
	}
	if (v == NUM_OK && (*p == '.' || *p == ',') && is_digit(p[1])) {
		dot = *p == '.';
		comma = *p == ',';
		p++;
		while (is_digit(*p))
			buf_add(&frac, p++, 1);
		if (comma && groups == 0 && frac.len == 3 && first > 0 && strcmp(intpart.s, "0") != 0)
			v = NUM_AMBIGUOUS;	/* 12,000: twelve, or twelve thousand? */
	}
	(void)dot;
	if (v == NUM_OK && digits == 0)
		v = strpbrk(s, "0123456789") ? NUM_BAD : NUM_NOT_NUMBER;
	if (v == NUM_OK && (*p == '.' || *p == ','))
		v = NUM_BAD;	/* 12,000.50; 5. */
	if (v == NUM_OK) {
		const char *u;

		while (*p == ' ' || *p == '\t' || group_sep(p))
			p += group_sep(p) ? group_sep(p) : 1;
		word = p;
		if (*word) {
			u = unit_of_word(word);
			if (!u && unit && !strcasecmp(word, unit))
				u = unit;	/* a questionnaire's own unit, "km", written after the number */
			if (!u)
				v = NUM_BAD;
			else if (!unit || strcmp(u, unit) != 0) {
				v = NUM_OTHER_UNIT;
				if (other_unit)
					*other_unit = u;
			}
		}
	}
	if (v == NUM_OK) {
		const char *d = intpart.s;

		if (*start == '-')
			buf_adds(out, "-");
		while (d[0] == '0' && d[1])
			d++;	/* 012 is 12, as every reader reads it (octal to YAML 1.1) */
		buf_adds(out, d);
		if (frac.len) {
			buf_adds(out, ".");
			buf_adds(out, frac.s);
		}
		if (!strcmp(out->s, "-0") || (!strncmp(out->s, "-0.", 3) && strspn(out->s + 3, "0") == strlen(out->s + 3)))
			memmove(out->s, out->s + 1, --out->len + 1);	/* -0 is 0 */
	}
	buf_free(&intpart);
	buf_free(&frac);
	return v;
}

/* A plain number (12000.5) as the reader's language writes it: 12 000,5 in French (no-break
 * spaces between thousands from five digits on), 12000.5 in English; then its unit, in the
 * singular or plural that the number takes. Text that is not a plain number is kept. */
void number_text(struct buf *b, const char *num, const char *unit)
{
	struct buf plain = { 0 };
	const char *s = num;

	if (number_norm(num, unit, &plain, NULL) == NUM_OK)
		s = plain.s;
	if (current == LANG_FR && parse_decimal(s)) {
		const char *p = s, *dot = strchr(s, '.');
		size_t intlen = (dot ? (size_t)(dot - s) : strlen(s)) - (*s == '-'), i;

		if (*p == '-')
			buf_adds(b, "-"), p++;
		for (i = 0; i < intlen; i++) {
			if (intlen >= 5 && i && (intlen - i) % 3 == 0)
				buf_adds(b, "\xc2\xa0");
			buf_add(b, p + i, 1);
		}
		if (dot) {
			buf_adds(b, ",");
			buf_adds(b, dot + 1);
		}
	} else {
		buf_adds(b, s);
	}
	if (unit) {
		buf_adds(b, current == LANG_FR ? "\xc2\xa0" : " ");
		buf_adds(b, unit_label_n(unit, parse_decimal(s) ? strtod(s, NULL) : 2));
	}
	buf_free(&plain);
}

/* A date YYYY-MM-DD as running text says it: "5 décembre 2026" in French; English keeps
 * the ISO form. Text that is not such a date is kept. */
void date_text(struct buf *b, const char *iso)
{
	static const char *const months[] = {
		NC_("month", "January"), NC_("month", "February"), NC_("month", "March"), NC_("month", "April"),
		NC_("month", "May"), NC_("month", "June"), NC_("month", "July"), NC_("month", "August"),
		NC_("month", "September"), NC_("month", "October"), NC_("month", "November"), NC_("month", "December"),
	};
	const char *month;
	int m, d;

	if (current != LANG_FR || !parse_date(iso)) {
		buf_adds(b, iso);
		return;
	}
	m = (iso[5] - '0') * 10 + (iso[6] - '0');
	d = (iso[8] - '0') * 10 + (iso[9] - '0');
	month = dmn_pgettext(months[m - 1], strchr(months[m - 1], '\004') + 1);
	/* "5 décembre 2026", "1er mars 2024" (French only: le 1er du mois); no printf, as a
	 * report writes a great many dates */
	if (d == 1)
		buf_adds(b, "1er");
	else
		buf_add_uint(b, (unsigned)d);
	buf_add(b, " ", 1);
	buf_adds(b, month);
	buf_add(b, " ", 1);
	buf_add(b, iso, 4);
}
