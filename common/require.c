/* require.c: which questions must be answered: all of them, the Annexe 2 ones, or those
 * that a purchasing group's policy document (kind: policy) lists by section or question. */
#include <stdlib.h>
#include <string.h>

#include "guide.h"

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

/* A question and every sub-question under it, but groups (they have no answer). */
static void require_tree(struct require *r, const struct questionnaire *q, int top)
{
	size_t i;

	for (i = (size_t)top; i < q->nquestions && question_is_under(q, (int)i, top); i++)
		if (q->questions[i].type != QT_GROUP)
			r->set[i] = 1;
}

static int find_section(const struct questionnaire *q, const char *id)
{
	size_t j;

	for (j = 0; j < q->nsections; j++)
		if (!strcmp(q->sections[j].id, id))
			return (int)j;
	return -1;
}

/* sections: [...] or questions: [...]: each id known, or a finding at its place. */
static void require_list(struct require *r, const struct questionnaire *q, const struct node *root,
			 const char *key, struct finding_list *errs)
{
	const struct node *list = read_node(errs, root, key, NODE_SEQ, 0, _("a policy"));
	size_t i;

	for (i = 0; list && i < list->n; i++) {
		const struct node *id = read_item(errs, list, i, NODE_SCALAR);
		int k;

		if (!id)
			continue;
		if (!strcmp(key, "sections")) {
			const struct section *sec;
			if ((k = find_section(q, id->text)) < 0) {
				finding_add(errs, SEV_ERROR, id, NULL, NULL, "unknown section '%s'", id->text);
				continue;
			}
			sec = &q->sections[k];
			for (k = sec->first; k < sec->first + sec->count; k++)
				if (q->questions[k].type != QT_GROUP)
					r->set[k] = 1;
		} else if ((k = questionnaire_find(q, id->text)) < 0) {
			finding_add(errs, SEV_ERROR, id, NULL, NULL, "unknown question id '%s'", id->text);
		} else {
			require_tree(r, q, k);
		}
	}
}

int require_policy_read(struct require *r, const struct questionnaire *q, const struct node *root,
			const char *name, struct finding_list *errs)
{
	static const char *const fields[] = { "kind", "questionnaire", "sections", "questions", NULL };
	const char *qid;
	size_t before = errs->n, i;

	memset(r, 0, sizeof *r);
	if (root->kind != NODE_MAP || !node_is_str(node_get(root, "kind")) ||
	    strcmp(node_get(root, "kind")->text, "policy") != 0) {
		finding_add(errs, SEV_ERROR, root, NULL, NULL, "not a policy: expected a mapping with 'kind: policy'");
		return -1;
	}
	require_init(r, q, name);
	check_fields(errs, root, fields, NULL, _("a policy"));
	qid = read_str(errs, root, "questionnaire", 0, _("a policy"));
	if (qid && strcmp(qid, q->id) != 0)
		finding_add(errs, SEV_ERROR, node_get(root, "questionnaire"), NULL, NULL,
			    "the policy is for questionnaire '%s', not '%s'", qid, q->id);
	require_list(r, q, root, "sections", errs);
	require_list(r, q, root, "questions", errs);
	if (errs->n == before) {
		for (i = 0; i < r->n && !r->set[i]; i++)
			;
		if (i == r->n)
			finding_add(errs, SEV_ERROR, root, NULL, NULL,
				    "the policy requires no question (give 'sections' or 'questions')");
	}
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
