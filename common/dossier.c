/* dossier.c: one device's answers, read from a kind: dossier document and checked
 * against the questionnaire: ids, types, options, statuses and the answer fields. */
#include <ctype.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "emit.h"
#include "guide.h"

static void dossier_resolve(struct dossier *d);

static int blank(const char *s)
{
	for (; *s; s++)
		if (!isspace((unsigned char)*s))
			return 0;
	return 1;
}

/* Findings added since from concern question id (docread does not know it). */
static void findings_about(struct finding_list *l, size_t from, const char *id)
{
	for (; from < l->n; from++)
		if (!l->v[from].id)
			l->v[from].id = xstrdup(id);
}

/* The answer's value checked against its question: 1 a value, 0 empty, -1 invalid. */
static int check_value(struct dossier *d, const struct question *qu, const struct node *v, struct answer *a)
{
	struct answer_verdict vd;
	struct buf b = { 0 };
	int rc = answer_check(qu, v, &vd);

	a->norm = vd.norm;
	if (rc >= 0)
		return rc;
	answer_problem(&b, qu, &vd, 0);
	finding_add(&d->findings, SEV_ERROR, vd.at, qu->id, vd.bad, "%s", buf_str(&b));
	finding_about(&d->findings, "answer");
	buf_free(&b);
	return -1;
}

/* A text field of an answer; what names the answer for a finding, made only for one. */
static const char *answer_field(struct dossier *d, const struct node *val, const struct node *n,
				const char *key, const char *id, struct buf *what)
{
	if (!n || node_is_null(n))
		return NULL;
	if (n->kind == NODE_SCALAR)
		return n->text;
	if (!what->len)
		buf_addf(what, _("the answer to '%s'"), id);
	return read_str(&d->findings, val, key, 0, buf_str(what));
}

/* The fields of an answer's mapping, in the order documents write them */
const char *const answer_fields[] = { "answer", "status", "source", "by", "date", "comment", NULL };

static void load_answer(struct dossier *d, const struct node *key, const struct node *val)
{
	const char *const *fields = answer_fields;
	const struct questionnaire *q = d->q;
	const struct question *qu;
	struct answer *a;
	const struct node *status = NULL;
	size_t findings_before;
	int qi, rc;

	if (key->kind != NODE_SCALAR || (qi = questionnaire_find(q, key->text)) < 0) {
		finding_add(&d->findings, SEV_ERROR, key, key->text, NULL, "unknown question id '%s'", key->text);
		finding_about(&d->findings, "unknown-id");
		return;
	}
	qu = &q->questions[qi];
	if (key->plain && looks_like_yaml_number(key->text)) {
		finding_add(&d->findings, SEV_WARNING, key, qu->id, NULL,
			    "question id '%s' is not quoted: other YAML tools read it as a number; write \"%s\"",
			    key->text, key->text);
		finding_about(&d->findings, "unquoted-id");
	}
	a = &d->answers[qi];
	a->key = key;
	a->entry = val;
	findings_before = d->findings.n;	/* only errors are added below */
	if (val->kind == NODE_MAP) {
		/* its fields in one pass (this runs for most answers of every dossier) */
		const struct node *f[6] = { NULL };	/* in the order of fields */
		int unknown = 0;
		size_t i, j;
		for (i = 0; i < val->n; i++) {
			const char *k = val->items[2 * i]->text;
			/* by its first letter, then one comparison */
			j = k[0] == 'a' ? 0 : k[0] == 's' ? (k[1] == 't' ? 1 : 2) : k[0] == 'b' ? 3 :
			    k[0] == 'd' ? 4 : k[0] == 'c' ? 5 : 6;
			if (j < 6 && !strcmp(k, fields[j]))
				f[j] = val->items[2 * i + 1];
			else
				unknown = 1;
		}
		if (unknown)
			check_fields(&d->findings, val, fields, qu->id, _("the answer to '%s'"));
		struct buf what = { 0 };
		size_t from = d->findings.n;
		a->source = answer_field(d, val, f[2], "source", qu->id, &what);
		a->by = answer_field(d, val, f[3], "by", qu->id, &what);
		a->comment = answer_field(d, val, f[5], "comment", qu->id, &what);
		a->date = answer_field(d, val, f[4], "date", qu->id, &what);
		findings_about(&d->findings, from, qu->id);
		buf_free(&what);
		if (a->date && !parse_date(a->date)) {
			char iso[11];
			if (date_from_dmy(a->date, iso))
				finding_add(&d->findings, SEV_ERROR, node_get(val, "date"), qu->id, a->date,
					    "'%s' is not a date in the form YYYY-MM-DD (the date of an answer): write %s",
					    a->date, iso);
			else
				finding_add(&d->findings, SEV_ERROR, node_get(val, "date"), qu->id, a->date,
					    "'%s' is not a date (the date of an answer is YYYY-MM-DD)", a->date);
			finding_about(&d->findings, "date");
		}
		status = f[1];
		a->value = f[0];
	} else {
		a->value = val;
	}
	rc = check_value(d, qu, a->value, a);
	if (!(rc > 0))
		a->norm = NULL;
	/* any error in the answer (its value, its date, an unknown field) makes it invalid */
	if (rc < 0 || d->findings.n > findings_before) {
		a->norm = NULL;
		a->status = ST_INVALID;
		return;
	}
	if (status && !node_is_null(status)) {
		const char *s = status->kind == NODE_SCALAR ? status->text : "";
		int st = status_parse(s);
		if (st == ST_ANSWERED) {
			if (rc == 0) {
				finding_add(&d->findings, SEV_ERROR, status, qu->id, NULL,
					    "the answer to '%s' has status answered but no answer", qu->id);
				a->norm = NULL;
				a->status = ST_INVALID;
				return;
			}
			a->status = ST_ANSWERED;
		} else if (st == ST_UNKNOWN || st == ST_NOT_APPLICABLE || st == ST_PENDING) {
			a->status = (enum status)st;
		} else {
			if (status->kind == NODE_SCALAR)
				finding_add(&d->findings, SEV_ERROR, status, qu->id, s,
					    "invalid status '%s' of the answer to '%s' (expected answered, unknown, not-applicable or pending)",
					    s, qu->id);
			if (status->kind == NODE_SCALAR)
				finding_about(&d->findings, "status");
			else
				finding_add(&d->findings, SEV_ERROR, status, qu->id, NULL,
					    "the status of the answer to '%s' must be a word, not %s (expected answered, unknown, not-applicable or pending)",
					    qu->id, node_kind_a(status));
			a->status = ST_INVALID;
			return;
		}
		if (a->status != ST_ANSWERED)
			a->norm = NULL;	/* a condition needs a real answer */
		return;
	}
	a->status = rc > 0 ? ST_ANSWERED : ST_MISSING;
}

/* The fields of device: the first DEVICE_KEPT are members of struct device, in this order. */
const char *const device_fields[] = {
	"name", "manufacturer", "version", "ce-class", "notified-body", "udi-di", "contact", "url", NULL
};
static const size_t device_offsets[DEVICE_FIELDS] = {
	offsetof(struct device, name), offsetof(struct device, manufacturer),
	offsetof(struct device, version), offsetof(struct device, ce_class),
	offsetof(struct device, notified_body), offsetof(struct device, udi_di),
	offsetof(struct device, contact), offsetof(struct device, url)
};

/* The member of dev that holds field key, or NULL if the dossier does not keep it apart. */
const char **device_member(struct device *dev, const char *key)
{
	size_t i;

	for (i = 0; i < DEVICE_FIELDS; i++)
		if (!strcmp(device_fields[i], key))
			return (const char **)((char *)dev + device_offsets[i]);
	return NULL;
}

static void load_device(struct dossier *d, const struct node *dev)
{
	const char *const *fields = device_fields;
	size_t i;

	if (!dev || node_is_null(dev)) {
		d->missing_name = (int)d->findings.n + 1;
		finding_add(&d->findings, SEV_ERROR, ydoc_root(d->doc), NULL, NULL, "the dossier has no 'device'");
		return;
	}
	if (dev->kind != NODE_MAP) {
		finding_add(&d->findings, SEV_ERROR, dev, NULL, NULL, "'device' must be a mapping, not %s",
			    node_kind_a(dev));
		return;
	}
	check_fields(&d->findings, dev, fields, NULL, _("'device'"));
	for (i = 0; i < dev->n; i++) {
		const struct node *k = dev->items[2 * i], *v = dev->items[2 * i + 1];
		if (!field_known(fields, k->text))
			continue;	/* reported by check_fields */
		if (v->kind != NODE_SCALAR) {
			finding_add(&d->findings, SEV_ERROR, v, NULL, NULL, "'device.%s' must be text, not %s",
				    k->text, node_kind_a(v));
			continue;
		}
		if (!node_is_null(v) && device_member(&d->device, k->text))
			*device_member(&d->device, k->text) = v->text;
	}
	if (d->device.name && blank(d->device.name))
		d->device.name = NULL;
	if (!d->device.name) {
		d->missing_name = (int)d->findings.n + 1;
		finding_add(&d->findings, SEV_ERROR, dev, NULL, NULL, "the device has no 'name'");
	}
}

void emit_provenance(struct emitter *e, const struct answer *a)
{
	if (a->source)
		emit_kv_str(e, "source", a->source);
	if (a->by)
		emit_kv_str(e, "by", a->by);
	if (a->date)
		emit_kv_str(e, "date", a->date);
	if (a->comment)
		emit_kv_str(e, "comment", a->comment);
}

/* The kept fields, null when absent: validation and comparison carry them all. */
void emit_device_fields(struct emitter *e, const struct device *dev)
{
	struct device copy = *dev;
	size_t i;

	for (i = 0; i < DEVICE_KEPT; i++)
		emit_kv_str(e, device_fields[i], *device_member(&copy, device_fields[i]));
}

/* The kind of a dmn document, or NULL with err set: every program says the same. */
const struct node *doc_kind(const struct node *root, struct dmn_error *err)
{
	const struct node *kind;

	if (node_is_null(root)) {
		dmn_error_set(err, root->line, root->col, "empty document: expected a dmn document with 'kind'");
		return NULL;
	}
	if (root->kind != NODE_MAP) {
		dmn_error_set(err, root->line, root->col, "not a dmn document: expected a mapping with 'kind', found %s",
			      node_kind_a(root));
		return NULL;
	}
	kind = node_get(root, "kind");
	if (kind && !node_is_str(kind)) {
		dmn_error_set(err, kind->line, kind->col, "'kind' must be a string, not %s", node_kind_a(kind));
		return NULL;
	}
	if (!kind) {
		dmn_error_set(err, root->line, root->col, "not a dmn document: no 'kind'");
		return NULL;
	}
	return kind;
}

/* A dossier's three arrays of one item a question (answers, applies, changed) are one
 * block, and the last block freed is kept for the next dossier of a stream. Between two
 * parses, a stream then asks malloc for no block of 12 KB, which had it sort the small
 * blocks libyaml had just freed: the parser's strings of the next dossier, placed among
 * what was left, could no longer grow in place (issue 18: on complete dossiers, 1.5 % of
 * dmn-validate -q's instructions, and about 5 % of its time, measured against the same
 * libyaml parse). */
static void *spare_block;
static size_t spare_size;

static void spare_release(void)
{
	free(spare_block);
	spare_block = NULL;
}

static size_t per_question_size(const struct questionnaire *q)
{
	return q->nquestions * (sizeof(struct answer) + 2);
}

static void per_question_alloc(struct dossier *d)
{
	size_t n = d->q->nquestions, size = per_question_size(d->q);
	char *p;

	if (spare_block && spare_size == size) {
		p = memset(spare_block, 0, size);
		spare_block = NULL;
	} else {
		p = xcalloc(1, size ? size : 1);
	}
	d->answers = (struct answer *)p;
	d->applies = (unsigned char *)p + n * sizeof *d->answers;
	d->changed = d->applies + n;
}

static void per_question_free(struct dossier *d)
{
	static int registered;

	if (!d->answers)
		return;
	if (spare_block) {
		free(d->answers);
		return;
	}
	if (!registered) {
		atexit(spare_release);
		registered = 1;
	}
	spare_block = d->answers;
	spare_size = per_question_size(d->q);
}

int dossier_load(struct dossier **out, struct ydoc *doc, const struct questionnaire *q,
		 struct dmn_error *err)
{
	static const char *const fields[] = {
		"kind", "questionnaire", "edition", "device", "answers", NULL
	};
	const struct node *root = ydoc_root(doc), *kind, *qid, *ed, *answers;
	struct dossier *d;
	size_t i;

	*out = NULL;
	if (!(kind = doc_kind(root, err))) {
		ydoc_free(doc);
		return -1;
	}
	if (strcmp(kind->text, "dossier") != 0) {
		dmn_error_set(err, kind->line, kind->col, "expected a dossier, found kind '%s'", kind->text);
		ydoc_free(doc);
		return -1;
	}
	qid = node_get(root, "questionnaire");
	if (!qid || !node_is_str(qid)) {
		dmn_error_set(err, qid ? qid->line : root->line, qid ? qid->col : root->col,
			      "the dossier does not name its 'questionnaire'");
		ydoc_free(doc);
		return -1;
	}
	if (strcmp(qid->text, q->id) != 0) {
		dmn_error_set(err, qid->line, qid->col,
			      "the dossier is for questionnaire '%s', not '%s' (see --questionnaire)", qid->text, q->id);
		ydoc_free(doc);
		return -1;
	}
	ed = node_get(root, "edition");
	if (ed && !node_is_null(ed) && ed->kind != NODE_SCALAR) {
		dmn_error_set(err, ed->line, ed->col, "'edition' must be a string, not %s", node_kind_a(ed));
		ydoc_free(doc);
		return -1;
	}
	if (ed && node_is_str(ed) && strcmp(ed->text, q->edition) != 0) {
		dmn_error_set(err, ed->line, ed->col,
			      "the dossier is for edition '%s' of '%s', not '%s'", ed->text, q->id, q->edition);
		ydoc_free(doc);
		return -1;
	}
	d = xcalloc(1, sizeof *d);
	d->doc = doc;
	d->q = q;
	d->line = root->line;
	d->col = root->col;
	d->questionnaire_id = qid->text;
	d->edition = ed && node_is_str(ed) ? ed->text : NULL;
	per_question_alloc(d);
	check_fields(&d->findings, root, fields, NULL, _("a dossier"));
	d->device_node = node_get(root, "device");
	load_device(d, d->device_node);
	answers = node_get(root, "answers");
	if (answers && !node_is_null(answers)) {
		if (answers->kind != NODE_MAP)
			finding_add(&d->findings, SEV_ERROR, answers, NULL, NULL,
				    "'answers' must be a mapping of question ids to answers, not %s",
				    node_kind_a(answers));
		else
			for (i = 0; i < answers->n; i++)
				load_answer(d, answers->items[2 * i], answers->items[2 * i + 1]);
	}
	dossier_resolve(d);
	*out = d;
	return 0;
}

/* A dossier to render: loaded, its findings said in file order, an error making the
 * status 1; -1 (said, trouble) if it is not a dossier of q */
int dossier_load_said(struct dossier **out, const char *file, struct ydoc *doc, const struct questionnaire *q)
{
	struct dmn_error err = { 0 };

	if (dossier_load(out, doc, q, &err) != 0) {
		diag_error(file, &err);
		return -1;
	}
	finding_list_sort(&(*out)->findings);
	diag_findings(file, &(*out)->findings);
	if (finding_count(&(*out)->findings, SEV_ERROR))
		diag_status(DMN_FINDINGS);
	return 0;
}

void dossier_free(struct dossier *d)
{
	if (!d)
		return;
	finding_list_free(&d->findings);
	per_question_free(d);
	free(d->dropped);
	source_free(d->src);
	ydoc_free(d->doc);
	free(d);
}

/* Which questions apply: after loading, and after every change of an answer. */
static void dossier_resolve(struct dossier *d)
{
	conditions_resolve(d->q, d->answers, d->applies);
}

int question_applies(const struct dossier *d, int qi)
{
	return d->applies[qi];
}

const char *question_blocker(const struct dossier *d, int qi)
{
	return conditions_blocker(d->q, d->answers, d->applies, qi);
}

/* Answers given to questions whose condition is false: warnings (errors with --strict). */
void dossier_check_conditions(struct dossier *d)
{
	const struct questionnaire *q = d->q;
	size_t i;

	for (i = 0; i < q->nquestions; i++) {
		const struct answer *a = &d->answers[i];
		const char *dep;

		/* only a real answer is out of place; unknown, not-applicable or pending are not
		 * (whether it applies first: a byte a question, where an answer takes two lines
		 * of the cache) */
		if (question_applies(d, (int)i) || !a->key || a->status != ST_ANSWERED)
			continue;
		if ((dep = question_blocker(d, (int)i)) != NULL) {
			finding_add(&d->findings, SEV_WARNING, a->key, q->questions[i].id, NULL,
				    "question '%s' does not apply (it depends on the answer to '%s'), yet it is answered",
				    q->questions[i].id, dep);
			finding_about(&d->findings, "does-not-apply");
		}
	}
}

/* A dossier read, before it is reported: the answers where a condition is false, then
 * every finding in file order. */
void dossier_settle(struct dossier *d)
{
	dossier_check_conditions(d);
	finding_list_sort(&d->findings);
}

/* --- a dossier made or changed by a program (dmn-ask) ---------------------------------- */

struct dossier *dossier_new(const struct questionnaire *q)
{
	struct dossier *d = xcalloc(1, sizeof *d);

	d->doc = ydoc_new();
	d->q = q;
	d->line = d->col = 1;
	d->questionnaire_id = q->id;
	d->edition = q->edition;
	per_question_alloc(d);
	dossier_resolve(d);
	return d;
}

/* A new answer replaces the old one's provenance (source, by, date); its comment, a note
 * someone typed ("asked the vendor on ..."), is kept. */
static void clear_meta(struct answer *a)
{
	a->source = a->by = a->date = NULL;
}

int dossier_set_value(struct dossier *d, int qi, const char *typed, struct dmn_error *err)
{
	const struct question *qu = &d->q->questions[qi];
	struct answer *a = &d->answers[qi];
	struct answer_verdict vd;
	struct node *v = answer_from_typed(d->doc, qu, typed, &vd);

	if (!v) {
		struct buf b = { 0 };
		answer_problem(&b, qu, &vd, 1);
		dmn_error_set(err, 0, 0, "%s", buf_str(&b));
		buf_free(&b);
		return -1;
	}
	clear_meta(a);
	a->status_raw = NULL;
	a->value = v;
	a->norm = vd.norm;
	a->status = ST_ANSWERED;
	d->changed[qi] |= CH_VALUE | CH_SOURCE | CH_BY | CH_DATE;
	dossier_resolve(d);
	return 0;
}

/* A value its question refuses, kept as it was written, for its writer to correct: the
 * dossier then has an invalid answer, which its checks report. */
void dossier_set_raw(struct dossier *d, int qi, const char *text)
{
	struct answer *a = &d->answers[qi];

	clear_meta(a);
	a->status_raw = NULL;
	a->value = ydoc_node(d->doc, NODE_SCALAR, text, 0);
	a->norm = NULL;
	a->status = ST_INVALID;
	d->changed[qi] |= CH_VALUE | CH_SOURCE | CH_BY | CH_DATE;
	dossier_resolve(d);
}

void dossier_set_raw_list(struct dossier *d, int qi, const char *const *items, size_t n)
{
	struct answer *a = &d->answers[qi];
	struct node *v = ydoc_node(d->doc, NODE_SEQ, NULL, n);
	size_t i;

	for (i = 0; i < n; i++)
		v->items[v->n++] = ydoc_node(d->doc, NODE_SCALAR, items[i], 0);
	clear_meta(a);
	a->status_raw = NULL;
	a->value = v;
	a->norm = NULL;
	a->status = ST_INVALID;
	d->changed[qi] |= CH_VALUE | CH_SOURCE | CH_BY | CH_DATE;
	dossier_resolve(d);
}

/* map with key: value added (a new node: those of a document are never grown) */
struct node *node_map_put(struct ydoc *doc, const struct node *map, const char *key, const struct node *value)
{
	size_t n = map ? map->n : 0;
	struct node *m = ydoc_node(doc, NODE_MAP, NULL, 2 * (n + 1));

	if (n)
		memcpy(m->items, map->items, 2 * n * sizeof *m->items);
	m->items[2 * n] = ydoc_node(doc, NODE_SCALAR, key, 0);
	m->items[2 * n + 1] = (struct node *)value;
	m->n = n + 1;
	return m;
}

void dossier_set_status_raw(struct dossier *d, int qi, const char *status)
{
	struct answer *a = &d->answers[qi];

	a->status_raw = ydoc_strdup(d->doc, status);
	a->status = ST_INVALID;
	a->norm = NULL;
	d->changed[qi] |= CH_VALUE;
	dossier_resolve(d);
}

void dossier_set_extra(struct dossier *d, int qi, const char *field, const char *value)
{
	struct answer *a = &d->answers[qi];

	a->extra = node_map_put(d->doc, a->extra, field, ydoc_node(d->doc, NODE_SCALAR, value, 0));
}

void dossier_add_unknown(struct dossier *d, const char *id, const struct node *entry)
{
	d->unknown = node_map_put(d->doc, d->unknown, id, entry);
}

void dossier_set_status(struct dossier *d, int qi, enum status status)
{
	struct answer *a = &d->answers[qi];
	/* pending keeps a valid answer, a partial one; never one that was refused */
	struct answer_verdict vd;
	int keep = status == ST_ANSWERED ||
		   (status == ST_PENDING && a->value && answer_check(&d->q->questions[qi], a->value, &vd) > 0);

	a->status = status;
	a->status_raw = NULL;
	clear_meta(a);
	if (!keep) {
		a->norm = NULL;
		a->value = NULL;
	} else if (status == ST_PENDING) {
		a->norm = NULL;	/* a partial answer, kept: a condition needs a real one */
	}
	d->changed[qi] |= CH_VALUE | CH_SOURCE | CH_BY | CH_DATE;
	dossier_resolve(d);
}

void dossier_set_meta(struct dossier *d, int qi, const char *source, const char *by, const char *date,
		      const char *comment)
{
	struct answer *a = &d->answers[qi];

	d->changed[qi] |= (source ? CH_SOURCE : 0) | (by ? CH_BY : 0) | (date ? CH_DATE : 0) | (comment ? CH_COMMENT : 0);
	if (source)
		a->source = *source ? ydoc_strdup(d->doc, source) : NULL;
	if (by)
		a->by = *by ? ydoc_strdup(d->doc, by) : NULL;
	if (date)
		a->date = *date ? ydoc_strdup(d->doc, date) : NULL;
	if (comment)
		a->comment = *comment ? ydoc_strdup(d->doc, comment) : NULL;
}

void dossier_set_device(struct dossier *d, const char *field, const char *value)
{
	const char **member = device_member(&d->device, field);
	size_t i;

	if (!member)
		return;
	*member = value && !blank(value) ? ydoc_strdup(d->doc, value) : NULL;
	for (i = 0; device_fields[i]; i++)
		if (!strcmp(device_fields[i], field))
			d->device_changed |= 1u << i;
}

void dossier_drop(struct dossier *d, const struct node *key)
{
	d->dropped = xrealloc(d->dropped, (d->ndropped + 1) * sizeof *d->dropped);
	d->dropped[d->ndropped++] = key;
}

/* Question qi's answer in from, made to's: its strings copied into to's document. */
void dossier_copy_answer(struct dossier *to, const struct dossier *from, int qi)
{
	const struct answer *a = &from->answers[qi];
	struct answer *b = &to->answers[qi];
	struct node *v = NULL;
	size_t i;

	if (a->value && a->value->kind == NODE_SEQ) {
		v = ydoc_node(to->doc, NODE_SEQ, NULL, a->value->n);
		v->n = a->value->n;
		for (i = 0; i < a->value->n; i++)
			v->items[i] = ydoc_node(to->doc, NODE_SCALAR, a->value->items[i]->text, 0);
	} else if (a->value) {
		v = ydoc_node(to->doc, NODE_SCALAR, a->value->text, 0);
		v->plain = a->value->plain;
	}
	b->value = v;
	b->status = a->status;
	b->norm = NULL;
	if (v && a->norm) {
		struct answer_verdict vd;
		if (answer_check(&to->q->questions[qi], v, &vd) > 0)
			b->norm = vd.norm;
	}
	b->source = a->source ? ydoc_strdup(to->doc, a->source) : NULL;
	b->by = a->by ? ydoc_strdup(to->doc, a->by) : NULL;
	b->date = a->date ? ydoc_strdup(to->doc, a->date) : NULL;
	b->comment = a->comment ? ydoc_strdup(to->doc, a->comment) : NULL;
	to->changed[qi] = from->changed[qi];
	dossier_resolve(to);
}

void dossier_keep_source(struct dossier *d, char *bytes, size_t len)
{
	source_free(d->src);
	d->src = source_new(bytes, len, d->doc);	/* NULL: freed, written whole */
}

static void write_value(struct emitter *e, const struct question *qu, const struct node *v)
{
	size_t i;

	if (v->kind == NODE_SEQ) {
		emit_seq_begin(e);
		for (i = 0; i < v->n; i++)
			emit_str(e, v->items[i]->kind == NODE_SCALAR ? v->items[i]->text : "");
		emit_seq_end(e);
	} else if (qu->type == QT_NUMBER && parse_decimal(v->text) && v->text[0] != '+' &&
		   !(v->text[0] == '0' && v->text[1] >= '0' && v->text[1] <= '9')) {
		emit_number(e, v->text);
	} else {
		emit_str(e, v->text);
	}
}

static void emit_node_pairs(struct emitter *e, const struct node *map);

/* A node as it was read or built: text, a list, a mapping */
static void emit_node(struct emitter *e, const struct node *v)
{
	size_t i;

	if (v->kind == NODE_SCALAR) {
		if (node_is_null(v))
			emit_null(e);
		else
			emit_str(e, v->text);
	} else if (v->kind == NODE_SEQ) {
		emit_seq_begin(e);
		for (i = 0; i < v->n; i++)
			emit_node(e, v->items[i]);
		emit_seq_end(e);
	} else {
		emit_map_begin(e);
		emit_node_pairs(e, v);
		emit_map_end(e);
	}
}

/* The pairs of a mapping (NULL: none), inside the mapping being written */
static void emit_node_pairs(struct emitter *e, const struct node *map)
{
	size_t i;

	for (i = 0; map && i < map->n; i++) {
		emit_key(e, map->items[2 * i]->text);
		emit_node(e, map->items[2 * i + 1]);
	}
}

/* The dossier as YAML: device, then the answers in the questionnaire's order, each a plain
 * value when that is all it has, else a mapping. */
void dossier_write(const struct dossier *d, FILE *f)
{
	const struct questionnaire *q = d->q;
	const struct node *dev = d->device_node;
	struct emitter em, *e = &em;
	size_t i;

	if (d->src && dossier_rewrite(d, f) == 0)
		return;
	emit_init(e, f, 0);
	emit_doc_begin(e);
	emit_map_begin(e);
	emit_kv_str(e, "kind", "dossier");
	emit_kv_str(e, "questionnaire", q->id);
	if (d->edition)
		emit_kv_str(e, "edition", d->edition);
	emit_key(e, "device");
	emit_map_begin(e);
	{
		struct device copy = d->device;
		for (i = 0; i < DEVICE_FIELDS; i++)
			if (*device_member(&copy, device_fields[i]))
				emit_kv_str(e, device_fields[i], *device_member(&copy, device_fields[i]));
	}
	for (i = 0; dev && dev->kind == NODE_MAP && i < dev->n; i++) {
		const struct node *k = dev->items[2 * i], *v = dev->items[2 * i + 1];
		struct device scratch;
		if (!device_member(&scratch, k->text) && v->kind == NODE_SCALAR && !node_is_null(v))
			emit_kv_str(e, k->text, v->text);
	}
	emit_map_end(e);
	emit_key(e, "answers");
	emit_map_begin(e);
	for (i = 0; i < q->nquestions; i++) {
		const struct answer *a = &d->answers[i];
		const struct question *qu = &q->questions[i];
		int has_meta = a->source || a->by || a->date || a->comment || a->status_raw || a->extra;

		if ((a->status == ST_MISSING || (a->status == ST_ANSWERED && !a->value)) && !has_meta)
			continue;	/* (answered with no value: nothing to write) */
		emit_key(e, qu->id);
		if (a->status == ST_ANSWERED && !has_meta) {
			write_value(e, qu, a->value);
			continue;
		}
		emit_map_begin(e);
		if (a->value && !node_is_null(a->value)) {
			emit_key(e, "answer");
			write_value(e, qu, a->value);
		}
		if (a->status_raw)
			emit_kv_str(e, "status", a->status_raw);
		else if (a->status != ST_ANSWERED && a->status != ST_MISSING && a->status != ST_INVALID)
			emit_kv_str(e, "status", statuses[a->status].id);	/* invalid: the value refused */
		emit_provenance(e, a);
		emit_node_pairs(e, a->extra);
		emit_map_end(e);
	}
	emit_node_pairs(e, d->unknown);
	emit_map_end(e);
	emit_map_end(e);
	emit_doc_end(e);
}
