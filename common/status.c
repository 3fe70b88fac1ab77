/* status.c: the state of a question in a dossier, named once: the id documents write, and
 * the words a person reads, in the singular (one answer) and the plural (a count). */
#include <string.h>

#include "guide.h"

const struct status_info statuses[ST_N] = {
	[ST_MISSING] = { "missing", { "manquant", "missing" }, { "Manquantes", "Missing" } },
	[ST_ANSWERED] = { "answered", { "répondu", "answered" }, { "Répondues", "Answered" } },
	[ST_UNKNOWN] = { "unknown", { "inconnu", "unknown" }, { "Inconnues", "Unknown" } },
	[ST_NOT_APPLICABLE] = { "not-applicable", { "sans objet", "not applicable" },
				{ "Sans objet", "Not applicable" } },
	[ST_PENDING] = { "pending", { "en attente", "pending" }, { "En attente", "Pending" } },
	[ST_INVALID] = { "invalid", { "invalide", "invalid" }, { "Invalides", "Invalid" } },
	[ST_SKIPPED] = { "skipped", { "non posée", "not asked" }, { "Non posées", "Not asked" } },
};

/* As documents and tables list them: what is known first, then what is still to come. */
const enum status status_order[ST_N] = {
	ST_ANSWERED, ST_UNKNOWN, ST_NOT_APPLICABLE, ST_PENDING, ST_MISSING, ST_INVALID, ST_SKIPPED
};

int status_parse(const char *id)
{
	int i;

	for (i = 0; i < ST_N; i++)
		if (!strcmp(statuses[i].id, id))
			return i;
	return -1;
}
