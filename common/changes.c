/* changes.c: what changed between versions of one dossier (dmn-compare --changes): the
 * versions read oldest first, each compared with the one before it (answers as data, their
 * statuses and provenance, the device, the findings), written as a kind: changes document,
 * and that document read back, typed, for a report. */
#include <stdlib.h>
#include <string.h>

#include "emit.h"
#include "guide.h"

/* --- building ------------------------------------------------------------------------ */

enum change_kind { CHANGE_NONE, CHANGE_ADDED, CHANGE_CHANGED, CHANGE_REMOVED, CHANGE_STATUS, CHANGE_DETAILS };
static const char *const change_names[] = { "", "added", "changed", "removed", "status", "details" };

/* The provenance of an answer, in the order documents write it. */
#define DETAILS 4
static const char *const detail_names[DETAILS] = { "source", "by", "date", "comment" };

static const char *detail_of(const struct answer *a, int k)
{
	return k == 0 ? a->source : k == 1 ? a->by : k == 2 ? a->date : a->comment;
}

/* A field that changed (of the device, or of an answer's provenance): NULL when absent. */
struct field_change {
	const char *field, *was, *now;
};

struct answer_change {
	int question;
	enum change_kind kind;
	int was_state, now_state;		/* enum status; both written only when they differ */
	const struct node *was, *now;		/* the values (copies), NULL when none */
	struct field_change details[DETAILS];
	size_t ndetails;
};

/* A finding of a version, copied: the dossier it comes from is freed. */
struct finding_copy {
	enum severity sev;
	int line, col;
	const char *id, *about, *value, *msg;
};

struct pair {
	size_t from, to;	/* versions */
	struct field_change device[DEVICE_FIELDS];
	size_t ndevice;
	struct answer_change *answers;
	size_t nanswers;
	struct finding_copy *appeared, *gone;
	size_t nappeared, ngone;
};

struct version {
	const char *file, *label, *name, *version;	/* label: -L, else made at changes_end */
	int line;
};

struct changes {
	const struct questionnaire *q;
	struct require all;
	struct ydoc *pool;	/* owns every string and value kept: the dossiers are freed */
	const char *const *labels;
	size_t nlabels;
	struct version *versions;
	size_t nversions, capversions;
	struct pair *pairs;
	size_t npairs, cappairs;
	struct dossier *last;	/* the version before the next one, until it comes */
	size_t bytes;		/* kept in pool, about (CHANGES_MAX_MIB) */
	int too_many;		/* said once; the versions after are read and dropped */
};

struct changes *changes_new(const struct questionnaire *q, const char *const *labels, size_t nlabels)
{
	struct changes *c = xcalloc(1, sizeof *c);

	c->q = q;
	c->labels = labels;
	c->nlabels = nlabels;
	c->pool = ydoc_new();
	require_all(&c->all, q);
	return c;
}

void changes_free(struct changes *c)
{
	size_t i;

	if (!c)
		return;
	for (i = 0; i < c->npairs; i++) {
		free(c->pairs[i].answers);
		free(c->pairs[i].appeared);
		free(c->pairs[i].gone);
	}
	free(c->pairs);
	free(c->versions);
	dossier_free(c->last);
	require_free(&c->all);
	ydoc_free(c->pool);
	free(c);
}

static const char *keep(struct changes *c, const char *s)
{
	if (!s)
		return NULL;
	c->bytes += strlen(s) + 1;
	return ydoc_strdup(c->pool, s);
}

/* A value copied into the pool, with what its reader and the checks look at. */
static const struct node *keep_node(struct changes *c, const struct node *n)
{
	struct node *k = ydoc_node(c->pool, n->kind, n->text, n->kind == NODE_MAP ? 2 * n->n : n->n);
	size_t i;

	c->bytes += sizeof *k + (n->text ? n->len + 1 : 0) + (n->kind == NODE_MAP ? 2 * n->n : n->n) * sizeof *k->items;

	k->line = n->line;
	k->col = n->col;
	k->plain = n->plain;
	k->style = n->style;
	k->n = n->n;
	for (i = 0; i < (n->kind == NODE_MAP ? 2 * n->n : n->n); i++)
		k->items[i] = (struct node *)keep_node(c, n->items[i]);
	return k;
}

/* The value an answer holds, whatever its status: NULL when it has none (absent, null,
 * blank). */
static const struct node *value_of(const struct question *qu, const struct answer *a)
{
	struct answer_verdict vd;

	return a->value && answer_check(qu, a->value, &vd) != 0 ? a->value : NULL;
}

/* A text of a value as written, read as far as its question reads it: an option's id for
 * its label, yes or no for oui or vrai, a number without its spaces; else the text. */
static const char *item_norm(const struct question *qu, const struct node *n, struct buf *tmp)
{
	struct answer_verdict vd;

	switch (qu->type) {
	case QT_CHOICE:
	case QT_CHOICES:
		return answer_option_id(qu, n->text);
	case QT_YESNO:
		return answer_check(qu, n, &vd) > 0 ? vd.norm : n->text;
	case QT_NUMBER:
		return number_norm(n->text, qu->unit, tmp, NULL) == NUM_OK ? buf_str(tmp) : n->text;
	default:
		return n->text;
	}
}

static int scalars_same(const struct question *qu, const struct node *a, const struct node *b)
{
	struct buf ta = { 0 }, tb = { 0 };
	int same = node_is_null(a) == node_is_null(b) && text_same(item_norm(qu, a, &ta), item_norm(qu, b, &tb));

	buf_free(&ta);
	buf_free(&tb);
	return same;
}

static int by_text(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* Two lists of options as written, as sets: the same options (ids or labels), each as many
 * times, in any order. */
static int options_same(const struct question *qu, const struct node *a, const struct node *b)
{
	const char **x = xcalloc(a->n + 1, sizeof *x), **y = xcalloc(b->n + 1, sizeof *y);
	size_t i;
	int same = 1;

	for (i = 0; i < a->n; i++) {
		x[i] = answer_option_id(qu, a->items[i]->text);
		y[i] = answer_option_id(qu, b->items[i]->text);
	}
	qsort(x, a->n, sizeof *x, by_text);
	qsort(y, b->n, sizeof *y, by_text);
	for (i = 0; i < a->n && same; i++)
		same = !strcmp(x[i], y[i]);
	free(x);
	free(y);
	return same;
}

static int all_scalars(const struct node *n)
{
	size_t i;

	for (i = 0; i < n->n; i++)
		if (n->items[i]->kind != NODE_SCALAR)
			return 0;
	return 1;
}

/* Two values as written, where one of them at least is not a valid answer: the same tree,
 * each text read as its question reads it (item_norm), the options of a choices question
 * as a set. */
static int nodes_same(const struct question *qu, const struct node *a, const struct node *b)
{
	size_t i;

	if (a->kind != b->kind || a->n != b->n)
		return 0;
	if (a->kind == NODE_SCALAR)
		return scalars_same(qu, a, b);
	if (a->kind == NODE_SEQ && qu->type == QT_CHOICES && all_scalars(a) && all_scalars(b))
		return options_same(qu, a, b);
	for (i = 0; i < a->n; i++) {
		if (a->kind == NODE_MAP &&
		    (a->items[2 * i]->kind != NODE_SCALAR || b->items[2 * i]->kind != NODE_SCALAR ||
		     strcmp(a->items[2 * i]->text, b->items[2 * i]->text) != 0 ||
		     !nodes_same(qu, a->items[2 * i + 1], b->items[2 * i + 1])))
			return 0;
		if (a->kind == NODE_SEQ && !nodes_same(qu, a->items[i], b->items[i]))
			return 0;
	}
	return 1;
}

/* A valid value as data: its norm, and its strings packed in pack (a list's, or its text). */
static struct answer_value value_data(const struct node *v, const struct answer_verdict *vd, struct buf *pack)
{
	struct answer_value d = { vd->norm, NULL, 0 };
	size_t i;

	if (v->kind == NODE_SCALAR) {
		d.items = v->text;
		d.n = 1;
		return d;
	}
	for (i = 0; i < v->n; i++)	/* a valid list: every item is text */
		buf_add(pack, v->items[i]->text, strlen(v->items[i]->text) + 1);
	d.items = pack->s;
	d.n = v->n;
	return d;
}

/* Two values of one question, the same as data: however written, when both are valid
 * answers (answer_values_equal); else as written. */
static int values_same(const struct question *qu, const struct node *a, const struct node *b)
{
	struct answer_verdict va, vb;
	int ra = answer_check(qu, a, &va), rb = answer_check(qu, b, &vb);

	if (ra > 0 && rb > 0) {
		struct buf pa = { 0 }, pb = { 0 };
		struct answer_value da = value_data(a, &va, &pa), db = value_data(b, &vb, &pb);
		int same = answer_values_equal(qu, &da, &db);
		buf_free(&pa);
		buf_free(&pb);
		return same;
	}
	return ra <= 0 && rb <= 0 && nodes_same(qu, a, b);
}

static void compare_answer(struct changes *c, struct pair *p, const struct dossier *a, const struct dossier *b,
			   int qi, size_t *cap)
{
	const struct question *qu = &c->q->questions[qi];
	const struct answer *x = &a->answers[qi], *y = &b->answers[qi];
	const struct node *was = value_of(qu, x), *now = value_of(qu, y);
	int sa = question_state(a, &c->all, qi), sb = question_state(b, &c->all, qi);
	struct answer_change ch = { 0 };
	int k;

	ch.question = qi;
	ch.was_state = sa;
	ch.now_state = sb;
	for (k = 0; k < DETAILS; k++)
		if (!text_same(detail_of(x, k), detail_of(y, k))) {
			struct field_change *f = &ch.details[ch.ndetails++];
			f->field = detail_names[k];
			f->was = keep(c, detail_of(x, k));
			f->now = keep(c, detail_of(y, k));
		}
	if (!was && now)
		ch.kind = CHANGE_ADDED;
	else if (was && !now)
		ch.kind = CHANGE_REMOVED;
	else if (was && now && !values_same(qu, was, now))
		ch.kind = CHANGE_CHANGED;
	else if (sa != sb)
		ch.kind = CHANGE_STATUS;
	else if (ch.ndetails)
		ch.kind = CHANGE_DETAILS;
	else
		return;
	ch.was = was ? keep_node(c, was) : NULL;
	ch.now = now ? keep_node(c, now) : NULL;
	if (p->nanswers == *cap) {
		*cap = *cap ? 2 * *cap : 16;
		p->answers = xrealloc(p->answers, *cap * sizeof *p->answers);
	}
	p->answers[p->nanswers++] = ch;
}

/* Findings are the same when they say the same thing of the same question: their places
 * are not compared, since lines move when the layout changes. */
static int str_order(const char *a, const char *b)
{
	if (!a || !b)
		return a ? 1 : b ? -1 : 0;
	return strcmp(a, b);
}

static int finding_order(const void *x, const void *y)
{
	const struct finding *a = *(const struct finding *const *)x, *b = *(const struct finding *const *)y;
	int o;

	if ((o = str_order(a->id, b->id)) != 0 || (o = str_order(a->about, b->about)) != 0 ||
	    (o = str_order(a->value, b->value)) != 0)
		return o;
	return str_order(a->msg, b->msg);
}

/* The findings of l in the order of what they say (finding_order). */
static const struct finding **sorted_findings(const struct finding_list *l)
{
	const struct finding **v = xcalloc(l->n ? l->n : 1, sizeof *v);
	size_t i;

	for (i = 0; i < l->n; i++)
		v[i] = &l->v[i];
	if (l->n > 1)
		qsort(v, l->n, sizeof *v, finding_order);
	return v;
}

/* The findings of l that the other version does not have (matched[i] 0), copied. */
static struct finding_copy *unmatched(struct changes *c, const struct finding_list *l, const unsigned char *matched,
				      size_t *n)
{
	struct finding_copy *out = xcalloc(l->n ? l->n : 1, sizeof *out);
	size_t i;

	*n = 0;
	for (i = 0; i < l->n; i++) {	/* in the file's order */
		const struct finding *f = &l->v[i];
		struct finding_copy *k;
		if (matched[i])
			continue;
		k = &out[(*n)++];
		k->sev = f->sev;
		k->line = f->line;
		k->col = f->col;
		k->id = keep(c, f->id);
		k->about = f->about;	/* a literal */
		k->value = keep(c, f->value);
		k->msg = keep(c, f->msg ? f->msg : "");
	}
	return out;
}

/* Each finding of a paired with one of b that says the same (a finding twice needs two),
 * both lists sorted, in one walk: gone, those of a left alone; appeared, those of b. */
static void compare_findings(struct changes *c, struct pair *p, const struct dossier *a, const struct dossier *b)
{
	const struct finding **va = sorted_findings(&a->findings), **vb = sorted_findings(&b->findings);
	unsigned char *ma = xcalloc(a->findings.n + 1, 1), *mb = xcalloc(b->findings.n + 1, 1);
	size_t i = 0, j = 0;

	while (i < a->findings.n && j < b->findings.n) {
		int o = finding_order(&va[i], &vb[j]);
		if (o < 0) {
			i++;
		} else if (o > 0) {
			j++;
		} else {
			ma[va[i++] - a->findings.v] = 1;
			mb[vb[j++] - b->findings.v] = 1;
		}
	}
	p->gone = unmatched(c, &a->findings, ma, &p->ngone);
	p->appeared = unmatched(c, &b->findings, mb, &p->nappeared);
	free(va);
	free(vb);
	free(ma);
	free(mb);
}

static void compare_versions(struct changes *c, struct pair *p, const struct dossier *a, const struct dossier *b)
{
	struct device da = a->device, db = b->device;
	size_t i, cap = 0;

	for (i = 0; i < DEVICE_FIELDS; i++) {
		const char *was = *device_member(&da, device_fields[i]), *now = *device_member(&db, device_fields[i]);
		if (!text_same(was, now)) {
			struct field_change *f = &p->device[p->ndevice++];
			f->field = device_fields[i];
			f->was = keep(c, was);
			f->now = keep(c, now);
		}
	}
	for (i = 0; i < c->q->nquestions; i++)
		if (c->all.set[i])	/* groups have no answer of their own: their findings say it */
			compare_answer(c, p, a, b, (int)i, &cap);
	compare_findings(c, p, a, b);
}

void changes_add(struct changes *c, const char *file, struct dossier *d)
{
	struct version *v;

	if (c->too_many) {	/* said once; the rest is read and dropped */
		dossier_free(d);
		return;
	}
	dossier_settle(d);	/* the answers where a condition is false, and file order */
	if (c->nversions == c->capversions) {
		c->capversions = c->capversions ? 2 * c->capversions : 4;
		c->versions = xrealloc(c->versions, c->capversions * sizeof *c->versions);
	}
	v = &c->versions[c->nversions++];
	memset(v, 0, sizeof *v);
	v->file = keep(c, file);
	v->line = d->line;
	v->name = keep(c, d->device.name);
	v->version = keep(c, d->device.version);
	if (c->last) {
		struct pair *p;
		if (c->npairs == c->cappairs) {
			c->cappairs = c->cappairs ? 2 * c->cappairs : 4;
			c->pairs = xrealloc(c->pairs, c->cappairs * sizeof *c->pairs);
		}
		p = &c->pairs[c->npairs++];
		memset(p, 0, sizeof *p);
		p->from = c->nversions - 2;
		p->to = c->nversions - 1;
		compare_versions(c, p, c->last, d);
		dossier_free(c->last);
	}
	c->last = d;
	if (c->bytes > (size_t)CHANGES_MAX_MIB << 20) {
		c->too_many = 1;
		diag(SEV_ERROR, file, d->line, d->col,
		     "more changes than dmn-compare holds in memory (%d MiB, %zu versions so far): compare fewer versions at a time",
		     CHANGES_MAX_MIB, c->nversions);
	}
}

/* A version's label: -L, else its file, or FILE:LINE when its file holds other versions. */
static void make_labels(struct changes *c)
{
	size_t i, j;

	for (i = 0; i < c->nversions; i++) {
		struct version *v = &c->versions[i];
		int alone = 1;
		if (i < c->nlabels) {
			v->label = c->labels[i];
			continue;
		}
		for (j = 0; j < c->nversions && alone; j++)
			alone = j == i || strcmp(c->versions[j].file, v->file) != 0;
		if (alone) {
			v->label = v->file;
		} else {
			struct buf b = { 0 };
			buf_addf(&b, "%s:%d", v->file, v->line);
			v->label = keep(c, buf_str(&b));
			buf_free(&b);
		}
	}
}

int changes_end(struct changes *c)
{
	dossier_free(c->last);
	c->last = NULL;
	if (diag_troubles() || c->too_many)	/* an input not read, or not kept: not the versions given */
		return -1;
	if (c->nversions < 2) {
		diag(SEV_ERROR, NULL, 0, 0,
		     "--changes compares versions of one dossier: it needs two at least, and the input has one");
		return -1;
	}
	if (c->nlabels > c->nversions) {
		diag(SEV_ERROR, NULL, 0, 0, "%zu labels (-L) for %zu versions: give one label per version at most",
		     c->nlabels, c->nversions);
		return -1;
	}
	make_labels(c);
	return 0;
}

static int pair_changed(const struct pair *p)
{
	return p->ndevice || p->nanswers || p->nappeared || p->ngone;
}

int changes_found(const struct changes *c)
{
	size_t i;

	for (i = 0; i < c->npairs; i++)
		if (pair_changed(&c->pairs[i]))
			return 1;
	return 0;
}

/* --- writing ----------------------------------------------------------------------------- */

/* A value as written (not a valid answer): text, a list, nested data; deeper than the
 * emitter nests, null. */
static void emit_raw(struct emitter *e, const struct node *n, int depth)
{
	size_t i;

	if (n->kind == NODE_SCALAR) {
		if (node_is_null(n))
			emit_null(e);
		else
			emit_str(e, n->text);
	} else if (depth >= 16) {
		emit_null(e);
	} else if (n->kind == NODE_SEQ) {
		emit_seq_begin(e);
		for (i = 0; i < n->n; i++)
			emit_raw(e, n->items[i], depth + 1);
		emit_seq_end(e);
	} else {
		emit_map_begin(e);
		for (i = 0; i < n->n; i++) {
			const struct node *k = n->items[2 * i];
			emit_key(e, k->kind == NODE_SCALAR ? k->text : "");
			emit_raw(e, n->items[2 * i + 1], depth + 1);
		}
		emit_map_end(e);
	}
}

/* A value as the comparison writes it when it is a valid answer (yes or no, option ids, a
 * plain number, the text), else as written. */
static void emit_answer_value(struct emitter *e, const struct question *qu, const struct node *v)
{
	struct answer_verdict vd;
	size_t i;

	if (answer_check(qu, v, &vd) <= 0) {
		emit_raw(e, v, 0);
		return;
	}
	switch (qu->type) {
	case QT_YESNO:
	case QT_CHOICE:
		emit_str(e, vd.norm);
		break;
	case QT_CHOICES:	/* a list, even of one option given alone */
		emit_seq_begin(e);
		if (v->kind == NODE_SCALAR)
			emit_str(e, answer_option_id(qu, v->text));
		for (i = 0; v->kind == NODE_SEQ && i < v->n; i++)
			emit_str(e, answer_option_id(qu, v->items[i]->text));
		emit_seq_end(e);
		break;
	case QT_NUMBER: {
		struct buf b = { 0 };
		answer_number_canonical(&b, qu, v->text);
		emit_number(e, buf_str(&b));
		buf_free(&b);
		break;
	}
	default:
		emit_str(e, v->text);
	}
}

static void emit_fields(struct emitter *e, const char *key, const struct field_change *f, size_t n)
{
	size_t i;

	emit_key(e, key);
	emit_seq_begin(e);
	for (i = 0; i < n; i++) {
		emit_map_begin(e);
		emit_kv_str(e, "field", f[i].field);
		emit_kv_str(e, "was", f[i].was);
		emit_kv_str(e, "now", f[i].now);
		emit_map_end(e);
	}
	emit_seq_end(e);
}

static void emit_change(struct emitter *e, const struct questionnaire *q, const struct answer_change *ch)
{
	const struct question *qu = &q->questions[ch->question];

	emit_map_begin(e);
	emit_kv_str(e, "question", qu->id);
	emit_kv_str(e, "change", change_names[ch->kind]);
	if (ch->was_state != ch->now_state) {
		emit_key(e, "status");
		emit_map_begin(e);
		emit_kv_str(e, "was", statuses[ch->was_state].id);
		emit_kv_str(e, "now", statuses[ch->now_state].id);
		emit_map_end(e);
	}
	if (ch->was) {
		emit_key(e, "was");
		emit_answer_value(e, qu, ch->was);
	}
	if (ch->now) {
		emit_key(e, "now");
		emit_answer_value(e, qu, ch->now);
	}
	emit_fields(e, "details", ch->details, ch->ndetails);
	emit_map_end(e);
}

static void emit_findings(struct emitter *e, const char *key, const struct finding_copy *f, size_t n)
{
	size_t i;

	emit_key(e, key);
	emit_seq_begin(e);
	for (i = 0; i < n; i++) {
		emit_map_begin(e);
		emit_kv_str(e, "question", f[i].id);
		emit_kv_str(e, "severity", f[i].sev == SEV_ERROR ? "error" : "warning");
		emit_kv_str(e, "about", f[i].about);
		emit_kv_str(e, "value", f[i].value);
		emit_kv_str(e, "message", f[i].msg);
		emit_kv_int(e, "line", f[i].line);
		emit_kv_int(e, "column", f[i].col);
		emit_map_end(e);
	}
	emit_seq_end(e);
}

static void emit_pair(struct emitter *e, const struct changes *c, const struct pair *p)
{
	size_t i;

	emit_map_begin(e);
	emit_kv_str(e, "from", c->versions[p->from].label);
	emit_kv_str(e, "to", c->versions[p->to].label);
	emit_key(e, "changed");
	emit_bool(e, pair_changed(p));
	emit_fields(e, "device", p->device, p->ndevice);
	emit_key(e, "answers");
	emit_seq_begin(e);
	for (i = 0; i < p->nanswers; i++)
		emit_change(e, c->q, &p->answers[i]);
	emit_seq_end(e);
	emit_key(e, "findings");
	emit_map_begin(e);
	emit_findings(e, "appeared", p->appeared, p->nappeared);
	emit_findings(e, "gone", p->gone, p->ngone);
	emit_map_end(e);
	emit_map_end(e);
}

void changes_write(const struct changes *c, FILE *f, int json)
{
	struct emitter em, *e = &em;
	size_t i;

	emit_init(e, f, json);
	emit_doc_begin(e);
	emit_map_begin(e);
	emit_kv_str(e, "kind", "changes");
	emit_kv_str(e, "questionnaire", c->q->id);
	emit_kv_str(e, "edition", c->q->edition);
	emit_kv_str(e, "device", c->nversions ? c->versions[c->nversions - 1].name : NULL);
	emit_key(e, "versions");
	emit_seq_begin(e);
	for (i = 0; i < c->nversions; i++) {
		const struct version *v = &c->versions[i];
		emit_map_begin(e);
		emit_kv_str(e, "label", v->label);
		emit_kv_str(e, "file", v->file);
		emit_kv_int(e, "line", v->line);
		emit_kv_str(e, "name", v->name);
		emit_kv_str(e, "version", v->version);
		emit_map_end(e);
	}
	emit_seq_end(e);
	emit_key(e, "changes");
	emit_seq_begin(e);
	for (i = 0; i < c->npairs; i++)
		emit_pair(e, c, &c->pairs[i]);
	emit_seq_end(e);
	emit_map_end(e);
	emit_doc_end(e);
}

/* --- reading ----------------------------------------------------------------------------- */

/* Each step reads with docread.c and stops at the first thing wrong: -1 then, one finding. */

/* A list of maps under key (an empty one when absent): the list, or NULL on an error. */
static int get_list(struct finding_list *errs, const struct node *map, const char *key, int required,
		    const struct node **out, size_t *n)
{
	size_t i;

	*n = 0;
	if (read_node_step(errs, map, key, NODE_SEQ, required, out) != 0)
		return -1;
	if (!*out)
		return 0;
	for (i = 0; i < (*out)->n; i++)
		if (!read_item(errs, *out, i, NODE_MAP))
			return -1;
	*n = (*out)->n;
	return 0;
}

static int get_fields(struct finding_list *errs, const struct node *map, const char *key,
		      struct changes_field **out, size_t *n)
{
	const struct node *list;
	size_t count;

	if (get_list(errs, map, key, 0, &list, &count) != 0)
		return -1;
	*out = xcalloc(count ? count : 1, sizeof **out);
	for (*n = 0; *n < count; ++*n) {
		const struct node *f = list->items[*n];
		if (read_str_step(errs, f, "field", 1, &(*out)[*n].field) || read_str_step(errs, f, "was", 0, &(*out)[*n].was) ||
		    read_str_step(errs, f, "now", 0, &(*out)[*n].now))
			return -1;
	}
	return 0;
}

static const struct node *value_at(const struct node *map, const char *key)
{
	const struct node *v = node_get(map, key);

	return v && !node_is_null(v) ? v : NULL;
}

static int get_answer(struct finding_list *errs, const struct node *a, struct changes_answer *out)
{
	const struct node *status;
	size_t k;

	if (read_str_step(errs, a, "question", 1, &out->question) || read_str_step(errs, a, "change", 1, &out->change) ||
	    read_node_step(errs, a, "status", NODE_MAP, 0, &status) ||
	    (status && (read_str_step(errs, status, "was", 1, &out->status_was) ||
			read_str_step(errs, status, "now", 1, &out->status_now))) ||
	    get_fields(errs, a, "details", &out->details, &out->ndetails))
		return -1;
	for (k = 1; k < sizeof change_names / sizeof *change_names; k++)
		if (!strcmp(out->change, change_names[k]))
			break;
	if (k == sizeof change_names / sizeof *change_names) {
		finding_add(errs, SEV_ERROR, node_get(a, "change"), NULL, NULL,
			    "unknown change '%s' (expected added, changed, removed, status or details)", out->change);
		return -1;
	}
	out->was = value_at(a, "was");
	out->now = value_at(a, "now");
	return 0;
}

static int get_findings(struct finding_list *errs, const struct node *map, const char *key,
			struct changes_finding **out, size_t *n)
{
	const struct node *list;
	size_t count, before = errs->n;

	if (get_list(errs, map, key, 0, &list, &count) != 0)
		return -1;
	*out = xcalloc(count ? count : 1, sizeof **out);
	for (*n = 0; *n < count; ++*n) {
		const struct node *f = list->items[*n];
		struct changes_finding *o = &(*out)[*n];
		if (read_str_step(errs, f, "question", 0, &o->question) || read_str_step(errs, f, "severity", 0, &o->severity) ||
		    read_str_step(errs, f, "about", 0, &o->about) || read_str_step(errs, f, "value", 0, &o->value) ||
		    read_str_step(errs, f, "message", 1, &o->message))
			return -1;
		o->line = read_count(errs, f, "line");
		if (errs->n > before)
			return -1;
	}
	return 0;
}

static int get_pair(struct finding_list *errs, const struct node *p, struct changes_pair *out)
{
	const struct node *answers, *findings;
	const char *changed;
	size_t count;

	if (read_str_step(errs, p, "from", 1, &out->from) || read_str_step(errs, p, "to", 1, &out->to) ||
	    read_str_step(errs, p, "changed", 0, &changed) ||
	    get_fields(errs, p, "device", &out->device, &out->ndevice) ||
	    get_list(errs, p, "answers", 0, &answers, &count) ||
	    read_node_step(errs, p, "findings", NODE_MAP, 0, &findings))
		return -1;
	out->changed = changed && !strcmp(changed, "true");
	out->answers = xcalloc(count ? count : 1, sizeof *out->answers);
	for (; out->nanswers < count; out->nanswers++)
		if (get_answer(errs, answers->items[out->nanswers], &out->answers[out->nanswers]) != 0) {
			out->nanswers++;	/* freed with the others */
			return -1;
		}
	if (findings && (get_findings(errs, findings, "appeared", &out->appeared, &out->nappeared) ||
			 get_findings(errs, findings, "gone", &out->gone, &out->ngone)))
		return -1;
	return 0;
}

/* The questionnaire, then the versions, then each pair's changes. */
static int get_changes(struct finding_list *errs, const struct node *root, const struct questionnaire *q,
		       struct changes_doc *c)
{
	const struct node *versions, *pairs;
	size_t count;

	if (read_str_step(errs, root, "questionnaire", 1, &c->questionnaire) ||
	    read_str_step(errs, root, "edition", 0, &c->edition))
		return -1;
	if (strcmp(c->questionnaire, q->id) != 0 || (c->edition && strcmp(c->edition, q->edition) != 0)) {
		finding_add(errs, SEV_ERROR, node_get(root, "questionnaire"), NULL, NULL,
			    "the changes are for questionnaire '%s' (edition '%s'), not '%s' (edition '%s'); see --questionnaire",
			    c->questionnaire, c->edition ? c->edition : "?", q->id, q->edition);
		return -2;
	}
	if (read_str_step(errs, root, "device", 0, &c->device) || get_list(errs, root, "versions", 1, &versions, &count))
		return -1;
	c->versions = xcalloc(count ? count : 1, sizeof *c->versions);
	for (; c->nversions < count; c->nversions++) {
		const struct node *v = versions->items[c->nversions];
		struct changes_version *o = &c->versions[c->nversions];
		size_t before = errs->n;
		if (read_str_step(errs, v, "label", 1, &o->label) || read_str_step(errs, v, "file", 0, &o->file) ||
		    read_str_step(errs, v, "name", 0, &o->name) || read_str_step(errs, v, "version", 0, &o->version))
			return -1;
		o->line = read_count(errs, v, "line");
		if (errs->n > before)
			return -1;
	}
	if (get_list(errs, root, "changes", 1, &pairs, &count))
		return -1;
	c->pairs = xcalloc(count ? count : 1, sizeof *c->pairs);
	for (; c->npairs < count; c->npairs++)
		if (get_pair(errs, pairs->items[c->npairs], &c->pairs[c->npairs]) != 0) {
			c->npairs++;	/* freed with the others */
			return -1;
		}
	return 0;
}

int changes_read(struct changes_doc **out, const struct node *root, const struct questionnaire *q,
		 struct finding_list *errs)
{
	struct changes_doc *c = xcalloc(1, sizeof *c);
	int rc = get_changes(errs, root, q, c);

	if (rc != 0) {
		changes_doc_free(c);
		c = NULL;
	}
	*out = c;
	return rc;
}

void changes_doc_free(struct changes_doc *c)
{
	size_t i, j;

	if (!c)
		return;
	for (i = 0; i < c->npairs; i++) {
		struct changes_pair *p = &c->pairs[i];
		for (j = 0; j < p->nanswers; j++)
			free(p->answers[j].details);
		free(p->answers);
		free(p->device);
		free(p->appeared);
		free(p->gone);
	}
	free(c->pairs);
	free(c->versions);
	free(c);
}
