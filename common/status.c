/* status.c: the state of a question in a dossier, named once: the id documents write, and
 * the words a person reads, in the singular (one answer) and the plural (a count). */
#include <string.h>

#include "guide.h"

const struct status_info statuses[ST_N] = {
	[ST_MISSING] = { "missing", NC_("status", "missing"), NC_("status heading", "Missing") },
	[ST_ANSWERED] = { "answered", NC_("status", "answered"), NC_("status heading", "Answered") },
	[ST_UNKNOWN] = { "unknown", NC_("status", "unknown"), NC_("status heading", "Unknown") },
	[ST_NOT_APPLICABLE] = { "not-applicable", NC_("status", "not applicable"),
				NC_("status heading", "Not applicable") },
	[ST_PENDING] = { "pending", NC_("status", "pending"), NC_("status heading", "Pending") },
	[ST_INVALID] = { "invalid", NC_("status", "invalid"), NC_("status heading", "Invalid") },
	[ST_SKIPPED] = { "skipped", NC_("status", "not asked"), NC_("status heading", "Not asked") },
};

static const char *translated(const char *ctx_msgid)
{
	return dmn_pgettext(ctx_msgid, strchr(ctx_msgid, '\004') + 1);
}

/* A status as the reader's words: "sans objet"; an id that is none is shown as it is */
const char *status_label(int st)
{
	return st >= 0 && st < ST_N ? translated(statuses[st].label) : "";
}

/* As a column of counts: "Sans objet" */
const char *status_heading(int st)
{
	return st >= 0 && st < ST_N ? translated(statuses[st].plural) : "";
}

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
