/* completeness.c: which questions apply (conditions), which are required (all, the
 * Annexe 2 questions, or a policy file), and the counts per status and section. */
#include <stdlib.h>
#include <string.h>

#include "guide.h"

const char *const count_names[CNT_N] = {
	"answered", "unknown", "not-applicable", "pending", "missing", "invalid", "skipped"
};

int answer_matches(const struct question *dep, const struct answer *a, const struct condition *c)
{
	size_t i, j;

	if (dep->type == QT_CHOICES && a->value && a->value->kind == NODE_SEQ) {
		for (i = 0; i < a->value->n; i++)
			for (j = 0; j < c->nvalues; j++)
				if (!strcmp(a->value->items[i]->text, c->values[j]))
					return 1;
		return 0;
	}
	for (j = 0; j < c->nvalues; j++)
		if (a->norm && !strcmp(a->norm, c->values[j]))
			return 1;
	return 0;
}

/* A question applies unless a condition on it or on an ancestor is known to be false:
 * the question it depends on has a real answer outside the values, or does not apply.
 * Parents and the questions a condition names come earlier (the loader checks it), so
 * one pass in questionnaire order decides every question. */
void dossier_resolve(struct dossier *d)
{
	const struct questionnaire *q = d->q;
	size_t i;

	for (i = 0; i < q->nquestions; i++) {
		const struct question *qu = &q->questions[i];
		const struct condition *c = qu->when;
		int applies = qu->parent < 0 || d->applies[qu->parent];

		if (applies && c) {
			const struct answer *a = &d->answers[c->question];
			applies = d->applies[c->question] &&
				  !(a->status == AS_ANSWERED && !answer_matches(&q->questions[c->question], a, c));
		}
		d->applies[i] = (unsigned char)applies;
	}
}

int question_applies(const struct dossier *d, int qi)
{
	return d->applies[qi];
}

static void require_init(struct require *r, const struct questionnaire *q, const char *name)
{
	r->name = xstrdup(name);
	r->n = q->nquestions;
	r->set = xcalloc(q->nquestions, 1);
}

int require_all(struct require *r, const struct questionnaire *q)
{
	size_t i;

	require_init(r, q, "all");
	for (i = 0; i < q->nquestions; i++)
		r->set[i] = q->questions[i].type != QT_GROUP;
	return 0;
}

int require_annex(struct require *r, const struct questionnaire *q)
{
	size_t i, j;

	require_init(r, q, "annex");
	for (i = 0; i < q->nrows; i++)
		for (j = 0; j < q->rows[i].nquestions; j++)
			r->set[q->rows[i].questions[j]] = 1;
	return 0;
}

static void require_tree(struct require *r, const struct questionnaire *q, int top)
{
	size_t i;

	for (i = (size_t)top; i < q->nquestions && question_is_under(q, (int)i, top); i++)
		if (q->questions[i].type != QT_GROUP)
			r->set[i] = 1;
}

int require_policy(struct require *r, const struct questionnaire *q, const char *file,
		   struct finding_list *errs, struct dmn_error *err)
{
	static const char *const fields[] = { "kind", "questionnaire", "sections", "questions", NULL };
	struct input in;
	struct ydoc *doc = NULL;
	const struct node *root, *kind, *qid, *list;
	size_t before = errs->n, i, j;
	int rc;

	memset(r, 0, sizeof *r);
	if (input_open(&in, file, err) != 0)
		return -1;
	rc = yreader_next(in.yr, &doc, err);
	input_close(&in);
	if (rc < 0)
		return -1;
	if (rc == 0) {
		dmn_error_set(err, 0, 0, "empty policy file");
		return -1;
	}
	root = ydoc_root(doc);
	kind = node_get(root, "kind");
	if (root->kind != NODE_MAP || !kind || kind->kind != NODE_SCALAR || strcmp(kind->text, "policy") != 0) {
		dmn_error_set(err, root->line, root->col, "not a policy: expected a mapping with 'kind: policy'");
		ydoc_free(doc);
		return -1;
	}
	require_init(r, q, file);
	check_fields(errs, root, fields, NULL, "a policy");
	qid = node_get(root, "questionnaire");
	if (qid && qid->kind != NODE_SCALAR)
		finding_add(errs, SEV_ERROR, qid, NULL, NULL, "'questionnaire' of a policy must be a string, not a %s",
			    node_kind_name(qid));
	else if (qid && strcmp(qid->text, q->id) != 0)
		finding_add(errs, SEV_ERROR, qid, NULL, NULL, "the policy is for questionnaire '%s', not '%s'",
			    qid->text, q->id);
	if ((list = node_get(root, "sections")) != NULL) {
		if (list->kind != NODE_SEQ)
			finding_add(errs, SEV_ERROR, list, NULL, NULL, "'sections' must be a list of section ids");
		else
			for (i = 0; i < list->n; i++) {
				const struct node *id = list->items[i];
				for (j = 0; j < q->nsections; j++)
					if (id->kind == NODE_SCALAR && !strcmp(q->sections[j].id, id->text))
						break;
				if (j == q->nsections) {
					if (id->kind == NODE_SCALAR)
						finding_add(errs, SEV_ERROR, id, NULL, NULL, "unknown section '%s'", id->text);
					else
						finding_add(errs, SEV_ERROR, id, NULL, NULL,
							    "a section id must be a string, not a %s", node_kind_name(id));
					continue;
				}
				for (rc = 0; rc < q->sections[j].count; rc++)
					if (q->questions[q->sections[j].first + rc].type != QT_GROUP)
						r->set[q->sections[j].first + rc] = 1;
			}
	}
	if ((list = node_get(root, "questions")) != NULL) {
		if (list->kind != NODE_SEQ)
			finding_add(errs, SEV_ERROR, list, NULL, NULL, "'questions' must be a list of question ids");
		else
			for (i = 0; i < list->n; i++) {
				const struct node *id = list->items[i];
				int qi = id->kind == NODE_SCALAR ? questionnaire_find(q, id->text) : -1;
				if (qi < 0) {
					if (id->kind == NODE_SCALAR)
						finding_add(errs, SEV_ERROR, id, NULL, NULL, "unknown question id '%s'", id->text);
					else
						finding_add(errs, SEV_ERROR, id, NULL, NULL,
							    "a question id must be a string, not a %s", node_kind_name(id));
					continue;
				}
				require_tree(r, q, qi);
			}
	}
	if (errs->n == before) {
		for (i = 0; i < r->n && !r->set[i]; i++)
			;
		if (i == r->n)
			finding_add(errs, SEV_ERROR, root, NULL, NULL, "the policy requires no question (give 'sections' or 'questions')");
	}
	ydoc_free(doc);
	if (errs->n > before) {
		require_free(r);
		return -1;
	}
	return 0;
}

void require_free(struct require *r)
{
	free(r->name);
	free(r->set);
	memset(r, 0, sizeof *r);
}

int question_state(const struct dossier *d, const struct require *r, int qi)
{
	if (!r->set[qi])
		return -1;
	if (d->answers[qi].status == AS_INVALID)
		return CNT_INVALID;	/* an error is shown even where the question does not apply */
	if (!question_applies(d, qi))
		return CNT_SKIPPED;
	switch (d->answers[qi].status) {
	case AS_ANSWERED:
		return CNT_ANSWERED;
	case AS_UNKNOWN:
		return CNT_UNKNOWN;
	case AS_NOT_APPLICABLE:
		return CNT_NOT_APPLICABLE;
	case AS_PENDING:
		return CNT_PENDING;
	case AS_INVALID:
		return CNT_INVALID;
	default:
		return CNT_MISSING;
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

/* The question whose answer makes qi not apply (its condition, or an ancestor's), or NULL. */
const char *question_blocker(const struct dossier *d, int qi)
{
	const struct questionnaire *q = d->q;

	for (; qi >= 0; qi = q->questions[qi].parent) {
		const struct condition *c = q->questions[qi].when;
		if (c && (!question_applies(d, c->question) ||
			  (d->answers[c->question].status == AS_ANSWERED &&
			   !answer_matches(&q->questions[c->question], &d->answers[c->question], c))))
			return q->questions[c->question].id;
	}
	return NULL;
}

/* Answers given to questions whose condition is false: warnings (errors with --strict). */
void dossier_check_conditions(struct dossier *d)
{
	const struct questionnaire *q = d->q;
	size_t i;

	for (i = 0; i < q->nquestions; i++) {
		const struct answer *a = &d->answers[i];
		const char *dep;

		/* only a real answer is out of place; unknown, not-applicable or pending are not */
		if (!a->key || a->status != AS_ANSWERED || question_applies(d, (int)i))
			continue;
		if ((dep = question_blocker(d, (int)i)) != NULL)
			finding_add(&d->findings, SEV_WARNING, a->key, q->questions[i].id, NULL,
				    "question '%s' does not apply (it depends on the answer to '%s'), yet it is answered",
				    q->questions[i].id, dep);
	}
}

static void emit_count_fields(struct emitter *e, const struct counts *c)
{
	int i;

	for (i = 0; i < CNT_N; i++)
		emit_kv_int(e, count_names[i], c->v[i]);
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
