/* i18n.c: the reader's language, French or English, from --lang or the locale. */
#include <stdlib.h>
#include <string.h>

#include "base.h"

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

enum lang lang_from_env(void)
{
	static const char *const vars[] = { "LC_ALL", "LC_MESSAGES", "LANG" };
	size_t i;

	for (i = 0; i < sizeof vars / sizeof *vars; i++) {
		const char *v = getenv(vars[i]);
		if (v && *v)
			return strncmp(v, "fr", 2) == 0 ? LANG_FR : LANG_EN;
	}
	return LANG_EN;
}

/* The units of number questions, as the reader's language writes them. */
const char *unit_label(const char *unit, enum lang lang)
{
	static const struct { const char *id, *fr, *en; } units[] = {
		{ "days", "jours", "days" },
		{ "months", "mois", "months" },
		{ "years", "ans", "years" },
		{ "minutes", "minutes", "minutes" },
		{ "hours", "heures", "hours" },
		{ "percent", "%", "%" },
		{ "EUR", "EUR", "EUR" },
	};
	size_t i;

	for (i = 0; unit && i < sizeof units / sizeof *units; i++)
		if (!strcmp(unit, units[i].id))
			return lang == LANG_FR ? units[i].fr : units[i].en;
	return unit;
}

const char *text_get(struct text t, enum lang lang)
{
	if (lang == LANG_FR)
		return t.fr ? t.fr : t.en;
	return t.en ? t.en : t.fr;
}
