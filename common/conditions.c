/* conditions.c: which questions apply, from the answers given so far. It knows the
 * questionnaire and the answers, not the dossier around them: the dossier calls it. */
#include <string.h>

#include "guide.h"

int answer_matches(const struct question *dep, const struct answer *a, const struct condition *c)
{
	size_t i, j;

	if (dep->type == QT_CHOICES && a->value && a->value->kind == NODE_SEQ) {
		for (i = 0; i < a->value->n; i++) {
			const struct qoption *o = option_find(dep, a->value->items[i]->text, NULL);
			for (j = 0; o && j < c->nvalues; j++)
				if (!strcmp(o->id, c->values[j]))
					return 1;
		}
		return 0;
	}
	for (j = 0; j < c->nvalues; j++)
		if (a->norm && !strcmp(a->norm, c->values[j]))
			return 1;
	return 0;
}

/* A condition is false when the question it depends on does not apply, or has a real
 * answer outside the values. */
static int condition_false(const struct questionnaire *q, const struct answer *answers,
			   const unsigned char *applies, const struct condition *c)
{
	const struct answer *a = &answers[c->question];

	return !applies[c->question] ||
	       (a->status == ST_ANSWERED && !answer_matches(&q->questions[c->question], a, c));
}

/* A question applies unless a condition on it or on an ancestor is known to be false.
 * Parents and the questions a condition names come earlier (the loader checks it), so
 * one pass in questionnaire order decides every question. */
void conditions_resolve(const struct questionnaire *q, const struct answer *answers, unsigned char *applies)
{
	size_t i;

	for (i = 0; i < q->nquestions; i++) {
		const struct question *qu = &q->questions[i];
		int on = qu->parent < 0 || applies[qu->parent];

		if (on && qu->when)
			on = !condition_false(q, answers, applies, qu->when);
		applies[i] = (unsigned char)on;
	}
}

/* The question whose answer makes qi not apply (its condition, or an ancestor's), or NULL. */
const char *conditions_blocker(const struct questionnaire *q, const struct answer *answers,
			       const unsigned char *applies, int qi)
{
	for (; qi >= 0; qi = q->questions[qi].parent) {
		const struct condition *c = q->questions[qi].when;
		if (c && condition_false(q, answers, applies, c))
			return q->questions[c->question].id;
	}
	return NULL;
}
