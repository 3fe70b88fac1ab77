/* completeness.c: the state of each required question of a dossier (answered, missing,
 * skipped...), and the counts per status and section that validation and comparison carry. */
#include <stdlib.h>
#include <string.h>

#include "emit.h"
#include "guide.h"


int question_state(const struct dossier *d, const struct require *r, int qi)
{
	if (!r->set[qi])
		return -1;
	if (d->answers[qi].status == ST_INVALID)
		return ST_INVALID;	/* an error is shown even where the question does not apply */
	if (!question_applies(d, qi))
		return ST_SKIPPED;
	switch (d->answers[qi].status) {
	case ST_ANSWERED:
		return ST_ANSWERED;
	case ST_UNKNOWN:
		return ST_UNKNOWN;
	case ST_NOT_APPLICABLE:
		return ST_NOT_APPLICABLE;
	case ST_PENDING:
		return ST_PENDING;
	case ST_INVALID:
		return ST_INVALID;
	default:
		return ST_MISSING;
	}
}

void dossier_counts(const struct dossier *d, const struct require *r, struct counts *total,
		    struct counts *per_section)
{
	const struct questionnaire *q = d->q;
	size_t i;

	memset(total, 0, sizeof *total);
	if (per_section)
		memset(per_section, 0, q->nsections * sizeof *per_section);
	for (i = 0; i < q->nquestions; i++) {
		int s = question_state(d, r, (int)i);
		if (s < 0)
			continue;
		total->v[s]++;
		if (per_section)
			per_section[q->questions[i].section].v[s]++;
	}
}

static void emit_count_fields(struct emitter *e, const struct counts *c)
{
	int i;

	for (i = 0; i < ST_N; i++)
		emit_kv_int(e, statuses[status_order[i]].id, c->v[status_order[i]]);
}

/* counts: {total: {...}, sections: [{section, ...}]}, as validation and comparison carry them */
void emit_completion(struct emitter *e, const struct questionnaire *q, const struct counts *total,
		     const struct counts *per_section)
{
	size_t i;

	emit_map_begin(e);
	emit_key(e, "total");
	emit_map_begin(e);
	emit_count_fields(e, total);
	emit_map_end(e);
	emit_key(e, "sections");
	emit_seq_begin(e);
	for (i = 0; i < q->nsections; i++) {
		emit_map_begin(e);
		emit_kv_str(e, "section", q->sections[i].id);
		emit_count_fields(e, &per_section[i]);
		emit_map_end(e);
	}
	emit_seq_end(e);
	emit_map_end(e);
}
