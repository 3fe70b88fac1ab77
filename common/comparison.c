/* comparison.c: the comparison document (kind: comparison), the dossiers of several devices
 * side by side in the guide's Annexe 2 rows or one row per question: built from dossiers,
 * written as YAML or JSON, and read back, typed, for a report. */
#include <stdlib.h>
#include <string.h>

#include "emit.h"
#include "guide.h"

/* --- building ------------------------------------------------------------------------ */

/* What a column keeps of one question: the dossier's answer reduced to what its cell shows
 * and what tells the devices apart, its strings in the column's pool (offset + 1; 0: none).
 * The dossier itself (its tree, 90 KB for a complete one) is freed once it is added. */
enum kept_value { KV_NONE, KV_SCALAR, KV_LIST };
struct kept {
	unsigned char status;	/* the answer's: enum status */
	unsigned char value_kind;	/* enum kept_value: a string, or nitems strings in a row */
	unsigned short nitems;
	unsigned value, norm, source, by, date, comment, because, finding;
};

struct column {
	char *file;
	int line;
	struct device device;	/* its strings in pool */
	struct counts total, *per_section;
	signed char *state;	/* per question: question_state against every question */
	unsigned *at;		/* per question: 1 + its index in kept; 0 when nothing is kept */
	struct kept *kept;
	char *pool;
};

struct row {
	struct text title, brief;
	int heading, section;
	const int *questions;
	size_t nquestions;
};

struct comparison {
	const struct questionnaire *q;
	struct comparison_opts opt;	/* opt.sections: keep, or NULL */
	unsigned char *keep;		/* a copy of the sections kept */
	struct require all;
	struct column *cols;
	size_t ncols, capcols;
	struct row *rows;
	size_t nrows;
	int too_many;
	size_t bytes;		/* held by the columns (COMPARISON_MAX_MIB) */
};

/* The rows: Annexe 2 in the guide's order, or a heading per section and a row per question. */
static void build_rows(struct comparison *c)
{
	const struct questionnaire *q = c->q;
	size_t i, s;

	if (!c->opt.all) {
		c->rows = xcalloc(q->nrows, sizeof *c->rows);
		for (i = 0; i < q->nrows; i++) {
			const struct annex_row *a = &q->rows[i];
			struct row *row = &c->rows[c->nrows++];
			row->title = a->title;
			row->brief = a->brief;
			row->heading = a->heading;
			row->section = a->section >= 0 ? a->section :
				       a->nquestions ? q->questions[a->questions[0]].section : -1;
			row->questions = a->questions;
			row->nquestions = a->nquestions;
		}
		return;
	}
	c->rows = xcalloc(q->nsections + q->nquestions, sizeof *c->rows);
	for (s = 0; s < q->nsections; s++) {
		const struct section *sec = &q->sections[s];
		struct row *row = &c->rows[c->nrows++];
		row->title = sec->title;
		row->heading = 1;
		row->section = (int)s;
		for (i = (size_t)sec->first; i < (size_t)(sec->first + sec->count); i++) {
			if (q->questions[i].type == QT_GROUP)
				continue;
			row = &c->rows[c->nrows++];
			row->title = q->questions[i].text;
			row->section = (int)s;
			row->questions = &q->questions[i].index;
			row->nquestions = 1;
		}
	}
}

struct comparison *comparison_new(const struct questionnaire *q, const struct comparison_opts *o)
{
	struct comparison *c = xcalloc(1, sizeof *c);

	c->q = q;
	c->opt = *o;
	if (o->sections) {
		c->keep = xmalloc(q->nsections ? q->nsections : 1);
		memcpy(c->keep, o->sections, q->nsections);
		c->opt.sections = c->keep;
	}
	require_all(&c->all, q);
	build_rows(c);
	return c;
}

static void column_free(struct column *col)
{
	free(col->file);
	free(col->per_section);
	free(col->state);
	free(col->at);
	free(col->kept);
	free(col->pool);
}

void comparison_free(struct comparison *c)
{
	size_t i;

	if (!c)
		return;
	for (i = 0; i < c->ncols; i++)
		column_free(&c->cols[i]);
	free(c->cols);
	free(c->rows);
	free(c->keep);
	require_free(&c->all);
	free(c);
}

/* Where a device is named in its dossier, for the messages about it. */
static const struct node *device_place(const struct dossier *d)
{
	const struct node *dev = node_get(ydoc_root(d->doc), "device");
	const struct node *name = node_get(dev, "name");

	return name ? name : dev ? dev : ydoc_root(d->doc);
}

static int same(const char *a, const char *b)
{
	return (!a && !b) || (a && b && !strcmp(a, b));
}

/* The column of the device already in the comparison under this name and version, or NULL. */
static const struct column *column_of(const struct comparison *c, const struct device *dev)
{
	size_t i;

	for (i = 0; i < c->ncols; i++)
		if (same(c->cols[i].device.name, dev->name) && same(c->cols[i].device.version, dev->version))
			return &c->cols[i];
	return NULL;
}

/* a string into the pool: its offset + 1, or 0 for NULL */
static unsigned keep_str(struct buf *pool, const char *s)
{
	size_t at = pool->len;

	if (!s)
		return 0;
	buf_add(pool, s, strlen(s) + 1);	/* with its NUL */
	return (unsigned)at + 1;
}

static const char *kept_str(const struct column *col, unsigned off)
{
	return off ? col->pool + off - 1 : NULL;
}

/* A value as a cell shows it: a string, or a list of strings kept one after the other. */
static void keep_value(struct buf *pool, struct kept *k, const struct node *v)
{
	size_t i;

	if (v->kind == NODE_SCALAR) {
		k->value_kind = KV_SCALAR;
		k->nitems = 1;
		k->value = keep_str(pool, v->text);
		return;
	}
	for (i = 0; i < v->n; i++)
		if (v->items[i]->kind != NODE_SCALAR)
			return;	/* nested data: no value shown */
	k->value_kind = KV_LIST;
	k->nitems = (unsigned short)v->n;
	k->value = (unsigned)pool->len + 1;
	for (i = 0; i < v->n; i++)
		keep_str(pool, v->items[i]->text);
}

static const char *finding_of(const struct dossier *d, const char *id)
{
	size_t i;

	for (i = 0; i < d->findings.n; i++)
		if (d->findings.v[i].sev == SEV_ERROR && d->findings.v[i].id && !strcmp(d->findings.v[i].id, id))
			return d->findings.v[i].msg;
	return NULL;
}

/* Whether a column keeps something of an answer in this state: what was written, or why the
 * question does not apply, or its finding. */
static int worth_keeping(const struct answer *a, int state)
{
	return a->key || a->value || a->source || a->by || a->date || a->comment || a->norm ||
	       state == ST_SKIPPED || state == ST_INVALID;
}

/* The column of dossier d: what its cells show, nothing else. Returns the bytes it holds. */
static size_t column_keep(const struct comparison *c, struct column *col, const char *file,
			  const struct dossier *d)
{
	const struct questionnaire *q = c->q;
	struct buf pool = { 0 };
	unsigned dev[DEVICE_FIELDS];
	size_t i, n = 0, k;

	memset(col, 0, sizeof *col);
	col->file = xstrdup(file);
	col->line = d->line;
	col->per_section = xcalloc(q->nsections ? q->nsections : 1, sizeof *col->per_section);
	dossier_counts(d, &c->all, &col->total, col->per_section);
	for (k = 0; k < DEVICE_FIELDS; k++)
		dev[k] = keep_str(&pool, *device_member((struct device *)&d->device, device_fields[k]));
	col->state = xmalloc(q->nquestions ? q->nquestions : 1);
	col->at = xcalloc(q->nquestions ? q->nquestions : 1, sizeof *col->at);
	for (i = 0; i < q->nquestions; i++) {
		const struct answer *a = &d->answers[i];
		int state = question_state(d, &c->all, (int)i);
		col->state[i] = (signed char)state;
		n += worth_keeping(a, state);
	}
	col->kept = xcalloc(n ? n : 1, sizeof *col->kept);
	for (i = 0, n = 0; i < q->nquestions; i++) {
		const struct answer *a = &d->answers[i];
		int state = col->state[i];
		struct kept *kp;

		if (!worth_keeping(a, state))
			continue;
		kp = &col->kept[n];
		col->at[i] = (unsigned)++n;
		kp->status = (unsigned char)a->status;
		if (state == ST_SKIPPED)
			kp->because = keep_str(&pool, question_blocker(d, (int)i));
		if (a->status == ST_ANSWERED && state != ST_SKIPPED) {
			kp->norm = keep_str(&pool, a->norm);
			if (a->value)
				keep_value(&pool, kp, a->value);
		} else if (a->status != ST_ANSWERED && a->value && !node_is_null(a->value) &&
			   !(a->value->kind == NODE_SCALAR && a->value->text[strspn(a->value->text, " \t\r\n")] == '\0')) {
			keep_value(&pool, kp, a->value);	/* what the vendor wrote: blank is no value */
		}
		kp->source = keep_str(&pool, a->source);
		kp->by = keep_str(&pool, a->by);
		kp->date = keep_str(&pool, a->date);
		kp->comment = keep_str(&pool, a->comment);
		if (state == ST_INVALID)
			kp->finding = keep_str(&pool, finding_of(d, q->questions[i].id));
	}
	col->pool = pool.len ? xrealloc(pool.s, pool.len) : (buf_free(&pool), NULL);
	for (k = 0; k < DEVICE_FIELDS; k++)
		*device_member(&col->device, device_fields[k]) = kept_str(col, dev[k]);
	return sizeof *col + pool.len + n * sizeof *col->kept + q->nquestions * (1 + sizeof *col->at) +
	       q->nsections * sizeof *col->per_section + strlen(file) + 1;
}

int comparison_add(struct comparison *c, const char *file, struct dossier *d)
{
	const struct node *at = device_place(d);
	const struct column *twin;
	struct column *col;
	size_t bytes;

	if (!d->device.name) {
		diag(SEV_ERROR, file, at->line, at->col, "a dossier without a device name cannot be compared");
		dossier_free(d);
		return -1;
	}
	if ((twin = column_of(c, &d->device)) != NULL) {
		if (d->device.version)
			diag(SEV_ERROR, file, at->line, at->col,
			     "device '%s' version '%s' is already in the comparison (%s:%d)", d->device.name,
			     d->device.version, twin->file, twin->line);
		else
			diag(SEV_ERROR, file, at->line, at->col, "device '%s' is already in the comparison (%s:%d)",
			     d->device.name, twin->file, twin->line);
		dossier_free(d);
		return -1;
	}
	dossier_settle(d);
	diag_findings(file, &d->findings);
	if (finding_count(&d->findings, SEV_ERROR))
		diag_status(DMN_FINDINGS);
	if (c->too_many) {	/* said once; the rest is read and dropped */
		dossier_free(d);
		return -1;
	}
	if (c->ncols == c->capcols) {
		c->capcols = c->capcols ? c->capcols * 2 : 8;
		c->cols = xrealloc(c->cols, c->capcols * sizeof *c->cols);
	}
	col = &c->cols[c->ncols];
	bytes = column_keep(c, col, file, d);
	dossier_free(d);
	if (c->bytes + bytes > (size_t)COMPARISON_MAX_MIB << 20) {
		c->too_many = 1;
		diag(SEV_ERROR, file, col->line, 1,
		     "more dossiers than dmn-compare holds in memory (%d MiB, %zu dossiers so far): compare fewer at a time",
		     COMPARISON_MAX_MIB, c->ncols);
		column_free(col);
		return -1;
	}
	c->bytes += bytes;
	c->ncols++;
	return 0;
}

/* --- equality: do the devices differ on a row? ------------------------------------------ */

/* The strings of a kept value, one after the other in the pool (a string is a list of one) */
static const char *kept_item(const struct column *col, const struct kept *k, size_t i)
{
	const char *p = kept_str(col, k->value);

	while (p && i--)
		p += strlen(p) + 1;
	return p ? p : "";
}

static const struct kept no_answer = { ST_MISSING, KV_NONE, 0, 0, 0, 0, 0, 0, 0, 0, 0 };

/* what column col keeps of question qi */
static const struct kept *kept_of(const struct column *col, int qi)
{
	return col->at[qi] ? &col->kept[col->at[qi] - 1] : &no_answer;
}

static const char *kept_text(const struct column *col, const struct kept *k)
{
	const char *s = kept_str(col, k->value);
	return s ? s : "";
}

/* A kept value as data, for answer_values_equal */
static struct answer_value kept_value(const struct column *col, const struct kept *k)
{
	struct answer_value v = { kept_str(col, k->norm), kept_str(col, k->value), k->nitems };

	return v;
}

/* Two answered values of one question: equal for the comparison? */
static int values_equal(const struct question *qu, const struct column *ca, const struct kept *a,
			const struct column *cb, const struct kept *b)
{
	struct answer_value va = kept_value(ca, a), vb = kept_value(cb, b);

	return answer_values_equal(qu, &va, &vb);
}

/* What the comparison says of one question for one device: the state counted by
 * completeness, with skipped (condition false) shown as not-applicable. */
static int state_of(const struct column *col, int qi)
{
	int s = col->state[qi];
	return s == ST_SKIPPED ? ST_NOT_APPLICABLE : s;
}

/* Devices differ on a row when two of them say something different about one of its
 * questions: another value, or answered versus unknown or not applicable. Missing,
 * pending and invalid answers say nothing and are not compared. */
static int row_differs(const struct comparison *c, const struct row *row)
{
	size_t k, i;

	for (k = 0; k < row->nquestions; k++) {
		int qi = row->questions[k], first = -1, s0 = 0;
		const struct question *qu = &c->q->questions[qi];

		/* equality is transitive: comparing each device with the first one is enough */
		for (i = 0; i < c->ncols; i++) {
			int s = state_of(&c->cols[i], qi);
			if (s != ST_ANSWERED && s != ST_UNKNOWN && s != ST_NOT_APPLICABLE)
				continue;
			if (first < 0) {
				first = (int)i;
				s0 = s;
				continue;
			}
			if (s != s0)
				return 1;
			if (s == ST_ANSWERED && !values_equal(qu, &c->cols[first], kept_of(&c->cols[first], qi),
							       &c->cols[i], kept_of(&c->cols[i], qi)))
				return 1;
		}
	}
	return 0;
}

/* --- writing ----------------------------------------------------------------------------- */

static void emit_canonical_number(struct emitter *e, const struct question *qu, const char *s)
{
	struct buf b = { 0 };

	answer_number_canonical(&b, qu, s);
	emit_number(e, buf_str(&b));
	buf_free(&b);
}

static void emit_value(struct emitter *e, const struct question *qu, const struct column *col,
		       const struct kept *k, enum lang lang)
{
	const char *norm = kept_str(col, k->norm);
	size_t i;

	switch (qu->type) {
	case QT_YESNO:
		emit_kv_str(e, "value", norm);
		break;
	case QT_CHOICE:
		emit_kv_str(e, "value", norm);
		emit_kv_str(e, "label", option_label(qu, norm, lang));
		break;
	case QT_CHOICES:
		emit_key(e, "value");
		emit_seq_begin(e);
		for (i = 0; i < k->nitems; i++)
			emit_str(e, answer_option_id(qu, kept_item(col, k, i)));
		emit_seq_end(e);
		emit_key(e, "label");
		emit_seq_begin(e);
		for (i = 0; i < k->nitems; i++)
			emit_str(e, option_label(qu, kept_item(col, k, i), lang));
		emit_seq_end(e);
		break;
	case QT_NUMBER:
		emit_key(e, "value");
		emit_canonical_number(e, qu, kept_text(col, k));
		emit_kv_str(e, "unit", qu->unit);
		break;
	default:
		emit_kv_str(e, "value", kept_text(col, k));
		break;
	}
}

/* A value kept as written (an invalid answer, or the text given with unknown, pending or
 * not-applicable): a string, or a list of strings; nothing for null, blank or nested data
 * (none was kept). */
static void emit_raw_value(struct emitter *e, const struct column *col, const struct kept *k)
{
	size_t i;

	if (k->value_kind == KV_SCALAR) {
		emit_kv_str(e, "value", kept_text(col, k));
	} else if (k->value_kind == KV_LIST) {
		emit_key(e, "value");
		emit_seq_begin(e);
		for (i = 0; i < k->nitems; i++)
			emit_str(e, kept_item(col, k, i));
		emit_seq_end(e);
	}
}

/* A cell shows a question that does not apply as not-applicable, whatever the reason. */
static const char *cell_state(int s)
{
	return statuses[s == ST_SKIPPED ? ST_NOT_APPLICABLE : s].id;
}

static void emit_answer(struct emitter *e, const struct comparison *c, const struct column *col, int qi)
{
	int state = col->state[qi];
	const struct question *qu = &c->q->questions[qi];
	const struct kept *k = kept_of(col, qi);

	emit_map_begin(e);
	emit_kv_str(e, "id", qu->id);
	emit_kv_str(e, "status", cell_state(state));
	if (state == ST_SKIPPED)
		emit_kv_str(e, "because", kept_str(col, k->because));
	if (k->status == ST_ANSWERED && state != ST_SKIPPED)
		emit_value(e, qu, col, k, c->opt.lang);
	else if (k->status != ST_ANSWERED)
		emit_raw_value(e, col, k);	/* what the vendor wrote, as written */
	if (k->source)
		emit_kv_str(e, "source", kept_str(col, k->source));
	if (k->by)
		emit_kv_str(e, "by", kept_str(col, k->by));
	if (k->date)
		emit_kv_str(e, "date", kept_str(col, k->date));
	if (k->comment)
		emit_kv_str(e, "comment", kept_str(col, k->comment));
	if (state == ST_INVALID)
		emit_kv_str(e, "finding", kept_str(col, k->finding));
	emit_map_end(e);
}

static void emit_cell(struct emitter *e, const struct comparison *c, const struct row *row,
		      const struct column *col)
{
	const char *status = NULL;
	size_t k;

	/* the cell's status: its answers' one status, invalid if any is, partial if they mix */
	for (k = 0; k < row->nquestions; k++) {
		const char *s = cell_state(state_of(col, row->questions[k]));
		if (!status)
			status = s;
		else if (strcmp(status, s) != 0 && strcmp(status, "invalid") != 0)
			status = !strcmp(s, "invalid") ? "invalid" : "partial";
	}
	emit_map_begin(e);
	emit_kv_str(e, "status", status ? status : "missing");
	emit_key(e, "answers");
	emit_seq_begin(e);
	for (k = 0; k < row->nquestions; k++)
		emit_answer(e, c, col, row->questions[k]);
	emit_seq_end(e);
	emit_map_end(e);
}

static int row_kept(const struct comparison *c, const struct row *row, const unsigned char *differs)
{
	if (c->opt.sections && (row->section < 0 || !c->opt.sections[row->section]))
		return 0;
	if (c->opt.differ_only && !row->heading && !differs[row - c->rows])
		return 0;
	return 1;
}

/* A heading only when a row of its section follows. */
static int heading_kept(const struct comparison *c, size_t i, const unsigned char *differs)
{
	size_t j;

	for (j = i + 1; j < c->nrows && !c->rows[j].heading; j++)
		if (row_kept(c, &c->rows[j], differs))
			return 1;
	return 0;
}

static void emit_row(struct emitter *e, const struct comparison *c, const struct row *row, int differ)
{
	const struct questionnaire *q = c->q;
	size_t j, k;

	emit_map_begin(e);
	emit_kv_text(e, "title", row->title);
	if (row->brief.fr)	/* the criterion as a table shows it */
		emit_kv_text(e, "short", row->brief);
	emit_kv_str(e, "section", row->section >= 0 ? q->sections[row->section].id : NULL);
	/* every row has the same fields, so that jq and yq scripts need no special case;
	 * a heading has no questions and no cells */
	emit_key(e, "heading");
	emit_bool(e, row->heading);
	emit_key(e, "questions");
	emit_seq_begin(e);
	for (k = 0; k < row->nquestions; k++)
		emit_str(e, q->questions[row->questions[k]].id);
	emit_seq_end(e);
	emit_key(e, "differ");
	emit_bool(e, differ);
	emit_key(e, "cells");
	emit_seq_begin(e);
	for (j = 0; !row->heading && j < c->ncols; j++)
		emit_cell(e, c, row, &c->cols[j]);
	emit_seq_end(e);
	emit_map_end(e);
}

static void emit_devices(struct emitter *e, const struct comparison *c)
{
	size_t i;

	emit_key(e, "devices");
	emit_seq_begin(e);
	for (i = 0; i < c->ncols; i++) {
		emit_map_begin(e);
		emit_device_fields(e, &c->cols[i].device);
		emit_kv_str(e, "notified-body", c->cols[i].device.notified_body);
		emit_kv_str(e, "file", c->cols[i].file);
		emit_kv_int(e, "line", c->cols[i].line);
		emit_key(e, "completion");
		emit_completion(e, c->q, &c->cols[i].total, c->cols[i].per_section);
		emit_map_end(e);
	}
	emit_seq_end(e);
}

void comparison_write(const struct comparison *c, FILE *f, int json)
{
	const struct questionnaire *q = c->q;
	unsigned char *differs = xcalloc(c->nrows ? c->nrows : 1, 1);	/* per row, once */
	struct emitter em, *e = &em;
	size_t i;

	for (i = 0; i < c->nrows; i++)
		differs[i] = !c->rows[i].heading && row_differs(c, &c->rows[i]);
	emit_init(e, f, json);
	emit_doc_begin(e);
	emit_map_begin(e);
	emit_kv_str(e, "kind", "comparison");
	emit_kv_str(e, "questionnaire", q->id);
	emit_kv_str(e, "edition", q->edition);
	emit_kv_str(e, "table", c->opt.all ? "all" : "annex");
	if (c->opt.sections) {
		emit_key(e, "sections");
		emit_seq_begin(e);
		for (i = 0; i < q->nsections; i++)
			if (c->opt.sections[i])
				emit_str(e, q->sections[i].id);
		emit_seq_end(e);
	}
	emit_key(e, "differ-only");
	emit_bool(e, c->opt.differ_only);
	emit_devices(e, c);
	emit_key(e, "rows");
	emit_seq_begin(e);
	for (i = 0; i < c->nrows; i++)
		if (row_kept(c, &c->rows[i], differs) && (!c->rows[i].heading || heading_kept(c, i, differs)))
			emit_row(e, c, &c->rows[i], differs[i]);
	emit_seq_end(e);
	if (c->opt.decision)
		decision_emit(e, c->opt.decision, c);
	emit_map_end(e);
	emit_doc_end(e);
	free(differs);
}

/* --- reading ----------------------------------------------------------------------------- */

/* Each step reads with docread.c and stops at the first thing wrong: -1 then, one finding. */

/* A value or a label: a string or a list of strings. */
static int get_strings(struct finding_list *errs, const struct node *map, const char *key,
		       struct comparison_strings *out)
{
	const struct node *n = node_get(map, key);
	size_t i;

	if (!n || node_is_null(n))
		return 0;
	if (n->kind == NODE_SCALAR) {
		out->v = xmalloc(sizeof *out->v);
		out->v[out->n++] = n->text;
		return 0;
	}
	if (n->kind != NODE_SEQ) {
		finding_add(errs, SEV_ERROR, n, NULL, NULL, "'%s' must be a string or a list, not %s", key,
			    node_kind_a(n));
		return -1;
	}
	out->list = 1;
	out->v = xcalloc(n->n ? n->n : 1, sizeof *out->v);
	for (i = 0; i < n->n; i++) {
		if (!read_item(errs, n, i, NODE_SCALAR))
			return -1;
		out->v[out->n++] = n->items[i]->text;
	}
	return 0;
}

static int get_answer(struct finding_list *errs, const struct node *a, struct comparison_answer *out)
{
	if (read_str_step(errs, a, "id", 1, &out->id) || read_str_step(errs, a, "status", 1, &out->status) ||
	    get_strings(errs, a, "value", &out->value) || get_strings(errs, a, "label", &out->label) ||
	    read_str_step(errs, a, "unit", 0, &out->unit) || read_str_step(errs, a, "source", 0, &out->source) ||
	    read_str_step(errs, a, "by", 0, &out->by) || read_str_step(errs, a, "date", 0, &out->date) ||
	    read_str_step(errs, a, "comment", 0, &out->comment) || read_str_step(errs, a, "finding", 0, &out->finding))
		return -1;
	return 0;
}

static int get_cell(struct finding_list *errs, const struct node *cell, struct comparison_cell *out)
{
	const struct node *answers;
	size_t i;

	if (read_str_step(errs, cell, "status", 0, &out->status) ||
	    read_node_step(errs, cell, "answers", NODE_SEQ, 1, &answers))
		return -1;
	out->answers = xcalloc(answers->n ? answers->n : 1, sizeof *out->answers);
	for (i = 0; i < answers->n; i++) {
		const struct node *a = read_item(errs, answers, i, NODE_MAP);
		if (!a || get_answer(errs, a, &out->answers[out->nanswers++]) != 0)
			return -1;
	}
	return 0;
}

/* a flag: written true or false; anything but true is false */
static int get_flag(struct finding_list *errs, const struct node *map, const char *key, int *out)
{
	const char *s;

	if (read_str_step(errs, map, key, 0, &s))
		return -1;
	*out = s && !strcmp(s, "true");
	return 0;
}

static int get_row(struct finding_list *errs, const struct node *row, size_t ndevices,
		   struct comparison_row *out)
{
	const struct node *title, *cells, *brief = node_get(row, "short");
	size_t j;

	if (read_node_step(errs, row, "title", NODE_MAP, 1, &title) ||
	    read_node_step(errs, row, "cells", NODE_SEQ, 1, &cells) ||
	    read_str_step(errs, title, "fr", 1, &out->title.fr) || read_str_step(errs, title, "en", 1, &out->title.en) ||
	    (brief && (read_node_step(errs, row, "short", NODE_MAP, 1, &brief) ||
		       read_str_step(errs, brief, "fr", 1, &out->brief.fr) || read_str_step(errs, brief, "en", 1, &out->brief.en))) ||
	    read_str_step(errs, row, "section", 0, &out->section) ||
	    get_flag(errs, row, "heading", &out->heading) || get_flag(errs, row, "differ", &out->differ))
		return -1;
	if (out->heading)
		return 0;	/* a heading has no cells */
	if (cells->n != ndevices) {
		finding_add(errs, SEV_ERROR, cells, NULL, NULL,
			    ngettext("a row has %zu cells for %zu device", "a row has %zu cells for %zu devices", ndevices),
			    cells->n, ndevices);
		return -1;
	}
	out->cells = xcalloc(ndevices ? ndevices : 1, sizeof *out->cells);
	for (j = 0; j < ndevices; j++) {
		const struct node *cell = read_item(errs, cells, j, NODE_MAP);
		if (!cell || get_cell(errs, cell, &out->cells[out->ncells++]) != 0)
			return -1;
	}
	return 0;
}

static int get_device(struct finding_list *errs, const struct node *dev, struct comparison_device *out)
{
	const struct node *completion, *total;
	size_t before = errs->n;
	int k;

	if (read_str_step(errs, dev, "manufacturer", 0, &out->manufacturer) ||
	    read_str_step(errs, dev, "version", 0, &out->version) || read_str_step(errs, dev, "ce-class", 0, &out->ce_class) ||
	    read_str_step(errs, dev, "notified-body", 0, &out->notified_body) ||
	    read_str_step(errs, dev, "file", 0, &out->file) ||
	    read_node_step(errs, dev, "completion", NODE_MAP, 1, &completion) ||
	    read_node_step(errs, completion, "total", NODE_MAP, 1, &total))
		return -1;
	for (k = 0; k < ST_N && errs->n == before; k++)
		out->total.v[status_order[k]] = read_count(errs, total, statuses[status_order[k]].id);
	return errs->n > before ? -1 : 0;
}

/* The devices, then the questionnaire they were compared against, then the rows. */
static int get_comparison(struct finding_list *errs, const struct node *root,
			  const struct questionnaire *q, struct comparison_doc *c)
{
	const struct node *devices, *rows;
	size_t i;

	if (read_node_step(errs, root, "devices", NODE_SEQ, 1, &devices) ||
	    read_node_step(errs, root, "rows", NODE_SEQ, 1, &rows))
		return -1;
	c->devices = xcalloc(devices->n ? devices->n : 1, sizeof *c->devices);
	for (; c->ndevices < devices->n; c->ndevices++) {
		const struct node *dev = read_item(errs, devices, c->ndevices, NODE_MAP);
		if (!dev || read_str_step(errs, dev, "name", 1, &c->devices[c->ndevices].name))
			return -1;
	}
	if (read_str_step(errs, root, "questionnaire", 1, &c->questionnaire) ||
	    read_str_step(errs, root, "edition", 0, &c->edition))
		return -1;
	if (strcmp(c->questionnaire, q->id) != 0 || (c->edition && strcmp(c->edition, q->edition) != 0)) {
		finding_add(errs, SEV_ERROR, node_get(root, "questionnaire"), NULL, NULL,
			    "the comparison is for questionnaire '%s' (edition '%s'), not '%s' (edition '%s'); see --questionnaire",
			    c->questionnaire, c->edition ? c->edition : "?", q->id, q->edition);
		return -2;
	}
	for (i = 0; i < c->ndevices; i++)
		if (get_device(errs, devices->items[i], &c->devices[i]) != 0)
			return -1;
	c->rows = xcalloc(rows->n ? rows->n : 1, sizeof *c->rows);
	for (; c->nrows < rows->n; c->nrows++) {
		const struct node *row = read_item(errs, rows, c->nrows, NODE_MAP);
		if (!row || get_row(errs, row, c->ndevices, &c->rows[c->nrows]) != 0) {
			c->nrows++;	/* freed with the others */
			return -1;
		}
	}
	return 0;
}

int comparison_read(struct comparison_doc **out, const struct node *root,
		    const struct questionnaire *q, struct finding_list *errs)
{
	struct comparison_doc *c = xcalloc(1, sizeof *c);
	int rc = get_comparison(errs, root, q, c);

	if (rc != 0) {
		comparison_doc_free(c);
		c = NULL;
	}
	*out = c;
	return rc;
}

void comparison_doc_free(struct comparison_doc *c)
{
	size_t i, j, k;

	if (!c)
		return;
	for (i = 0; i < c->nrows; i++) {
		for (j = 0; j < c->rows[i].ncells; j++) {
			for (k = 0; k < c->rows[i].cells[j].nanswers; k++) {
				free(c->rows[i].cells[j].answers[k].value.v);
				free(c->rows[i].cells[j].answers[k].label.v);
			}
			free(c->rows[i].cells[j].answers);
		}
		free(c->rows[i].cells);
	}
	free(c->rows);
	free(c->devices);
	free(c);
}

/* --- the words of a comparison, for reports (markdown.c, workbook.c) ---------------------- */

/* A device's completion: the questions answered, unknown or not applicable, of those asked */
void comparison_completion(struct buf *b, const struct counts *total)
{
	const long *n = total->v;
	long known = n[ST_ANSWERED] + n[ST_UNKNOWN] + n[ST_NOT_APPLICABLE];
	long asked = known + n[ST_PENDING] + n[ST_MISSING] + n[ST_INVALID];

	buf_addf(b, "%ld / %ld (%ld %%)", known, asked, asked ? known * 100 / asked : 100);
}

/* A status id as the reader's words; "partial" is a comparison cell's own (answers that mix). */
const char *comparison_status_words(const char *status)
{
	int st = status ? status_parse(status) : -1;

	if (st >= 0)
		return status_label(st);
	if (status && !strcmp(status, "partial"))
		return _("partial");
	return status ? status : "";
}

/* The strings of a value or a label, joined; option labels when qu is given. */
static void join_strings(enum lang lang, struct buf *b, const struct comparison_strings *s, const struct question *qu)
{
	size_t i;

	for (i = 0; i < s->n; i++) {
		if (i)
			buf_adds(b, " ; ");
		buf_adds(b, qu && option_label(qu, s->v[i], lang) ? option_label(qu, s->v[i], lang) : s->v[i]);
	}
}

/* The words of one answer of a comparison cell; 0 if it is only its status, with no value. */
static int cell_answer_words(const struct questionnaire *q, enum lang lang, struct buf *b,
			     const struct comparison_answer *a)
{
	int qi = questionnaire_find(q, a->id);
	const struct question *qu = qi >= 0 ? &q->questions[qi] : NULL;
	const struct comparison_strings *v = &a->value;
	const char *one = v->n == 1 && !v->list ? v->v[0] : NULL;	/* a string, not a list */

	if (status_parse(a->status) != ST_ANSWERED) {
		if (!one)
			return 0;
		buf_adds(b, comparison_status_words(a->status));
		buf_adds(b, _(": "));
		buf_adds(b, one);
		return 1;
	}
	if (qu && (v->n || v->list) && (qu->type == QT_CHOICE || qu->type == QT_CHOICES)) {
		join_strings(lang, b, v, qu);	/* option labels in the report's language, from the questionnaire */
	} else if (a->label.n || a->label.list) {
		join_strings(lang, b, &a->label, NULL);
	} else if (one) {
		if (qu && qu->type == QT_YESNO && !strcmp(one, "yes"))
			buf_adds(b, _("Yes"));
		else if (qu && qu->type == QT_YESNO && !strcmp(one, "no"))
			buf_adds(b, _("No"));
		else if (a->unit)
			number_text(b, one, a->unit);
		else
			buf_adds(b, one);
	} else {
		join_strings(lang, b, v, NULL);
	}
	return 1;
}

/* A cell's text: each answer with words ("3.2: Oui" when the cell has several), then the
 * answers that are only a status, grouped ("missing: 3.3, 3.4"), or that status alone when
 * it is every answer's. */
void comparison_cell_text(struct buf *full, const struct questionnaire *q, enum lang lang,
			  const struct comparison_cell *cell)
{
	unsigned char *bare = xcalloc(cell->nanswers + 1, 1);
	const int several = cell->nanswers > 1;
	size_t i, k, nbare = 0;

	buf_adds(full, "");
	for (i = 0; i < cell->nanswers; i++) {
		size_t at = full->len;
		if (at)
			buf_adds(full, " · ");
		if (several)
			buf_addf(full, "%s%s", cell->answers[i].id, _(": "));
		if (!cell_answer_words(q, lang, full, &cell->answers[i])) {
			full->s[full->len = at] = '\0';
			bare[i] = 1;
			nbare++;
		}
	}
	for (k = 0; k <= ST_N && nbare; k++) {	/* ST_N: a status the questionnaire does not know */
		const char *id = k < ST_N ? statuses[status_order[k]].id : NULL;
		size_t n = 0;
		for (i = 0; i < cell->nanswers; i++) {
			const char *st = cell->answers[i].status;
			if (!bare[i] || (id ? strcmp(st, id) != 0 : status_parse(st) >= 0))
				continue;
			if (!n++ || !id) {
				if (full->len)
					buf_adds(full, " · ");
				buf_adds(full, comparison_status_words(st));
				if (nbare == cell->nanswers && nbare == 1)
					break;
				buf_adds(full, _(": "));
			} else {
				buf_adds(full, ", ");
			}
			buf_adds(full, cell->answers[i].id);
		}
		if (n == cell->nanswers && n > 1) {	/* every answer: the status says it all */
			full->len = 0;
			buf_adds(full, comparison_status_words(id));
		}
	}
	free(bare);
}

/* --- for the decision (decision.c): the devices compared and their questions' states ----- */

size_t comparison_ndevices(const struct comparison *c)
{
	return c->ncols;
}

const char *comparison_device_name(const struct comparison *c, size_t i)
{
	return c->cols[i].device.name;
}

int comparison_state(const struct comparison *c, size_t i, int qi)
{
	return c->cols[i].state[qi];
}
