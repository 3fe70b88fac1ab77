/* dossier.c: one device's answers, read from a kind: dossier document and checked
 * against the questionnaire: ids, types, options, statuses and the answer fields. */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "guide.h"

static const char *const astatus_names[] = {
	"missing", "answered", "unknown", "not-applicable", "pending", "invalid"
};

const char *astatus_name(enum astatus s)
{
	return astatus_names[s];
}

static int is_str(const struct node *n)
{
	return n && n->kind == NODE_SCALAR && !node_is_null(n);
}

/* The allowed options of a question, for messages: "a, b or c". */
static void option_list(struct buf *b, const struct question *qu)
{
	size_t i;

	for (i = 0; i < qu->noptions; i++) {
		if (i)
			buf_adds(b, i + 1 == qu->noptions ? " or " : ", ");
		buf_adds(b, qu->options[i].id);
	}
}

static const struct qoption *find_option(const struct question *qu, const char *id)
{
	size_t i;

	for (i = 0; i < qu->noptions; i++)
		if (!strcmp(qu->options[i].id, id))
			return &qu->options[i];
	return NULL;
}

static const char *yesno_norm(const char *s)
{
	static const char *const yes[] = { "yes", "oui", "true", NULL };
	static const char *const no[] = { "no", "non", "false", NULL };
	size_t i;

	for (i = 0; yes[i]; i++)
		if (!strcasecmp(s, yes[i]))
			return "yes";
	for (i = 0; no[i]; i++)
		if (!strcasecmp(s, no[i]))
			return "no";
	return NULL;
}

static int blank(const char *s)
{
	for (; *s; s++)
		if (!isspace((unsigned char)*s))
			return 0;
	return 1;
}

/* Checks a value against the question's type. 1: a value; 0: empty (missing); -1: invalid. */
static int check_value(struct dossier *d, const struct question *qu, const struct node *v,
		       struct answer *a)
{
	struct finding_list *fl = &d->findings;
	struct buf b = { 0 };
	size_t i, j;

	if (!v || node_is_null(v) || (v->kind == NODE_SCALAR && blank(v->text)))
		return 0;
	if (qu->type == QT_CHOICES && v->kind == NODE_SEQ) {
		unsigned char *seen;	/* per option: already listed */

		if (v->n == 0)
			return 0;
		seen = xcalloc(qu->noptions, 1);
		for (i = 0; i < v->n; i++) {
			const struct node *item = v->items[i];
			if (!is_str(item)) {
				finding_add(fl, SEV_ERROR, item, qu->id, NULL,
					    "answer to '%s' lists a %s, not an option id", qu->id,
					    node_kind_name(item));
				free(seen);
				return -1;
			}
			if (!find_option(qu, item->text)) {
				option_list(&b, qu);
				finding_add(fl, SEV_ERROR, item, qu->id, item->text,
					    "'%s' is not an option of question '%s' (expected %s)", item->text,
					    qu->id, buf_str(&b));
				buf_free(&b);
				free(seen);
				return -1;
			}
			j = (size_t)(find_option(qu, item->text) - qu->options);
			if (seen[j]) {
				finding_add(fl, SEV_ERROR, item, qu->id, item->text,
					    "option '%s' is listed twice in the answer to '%s'", item->text, qu->id);
				free(seen);
				return -1;
			}
			seen[j] = 1;
		}
		free(seen);
		return 1;
	}
	if (v->kind != NODE_SCALAR) {
		finding_add(fl, SEV_ERROR, v, qu->id, NULL, "answer to '%s' must be %s, not a %s", qu->id,
			    qu->type == QT_CHOICES ? "an option id or a list of option ids" : "a single value",
			    node_kind_name(v));
		return -1;
	}
	switch (qu->type) {
	case QT_GROUP:
		finding_add(fl, SEV_ERROR, v, qu->id, v->text,
			    "question '%s' has no answer of its own: answer its sub-questions", qu->id);
		return -1;
	case QT_TEXT:
		return 1;
	case QT_YESNO:
		a->norm = yesno_norm(v->text);
		if (!a->norm) {
			finding_add(fl, SEV_ERROR, v, qu->id, v->text,
				    "'%s' is not a yes/no answer to question '%s' (expected yes or no; oui, non, true and false are accepted too)", v->text,
				    qu->id);
			return -1;
		}
		return 1;
	case QT_CHOICE:
	case QT_CHOICES:
		if (!find_option(qu, v->text)) {
			option_list(&b, qu);
			finding_add(fl, SEV_ERROR, v, qu->id, v->text,
				    "'%s' is not an option of question '%s' (expected %s)", v->text, qu->id,
				    buf_str(&b));
			buf_free(&b);
			return -1;
		}
		a->norm = find_option(qu, v->text)->id;
		return 1;
	case QT_NUMBER:
		if (!parse_decimal(v->text)) {
			finding_add(fl, SEV_ERROR, v, qu->id, v->text,
				    "'%s' is not a number (question '%s' takes a number in %s)", v->text,
				    qu->id, qu->unit);
			return -1;
		}
		return 1;
	case QT_DATE:
		if (!parse_date(v->text)) {
			finding_add(fl, SEV_ERROR, v, qu->id, v->text,
				    "'%s' is not a date (question '%s' takes YYYY-MM-DD)", v->text, qu->id);
			return -1;
		}
		return 1;
	}
	return -1;
}

static const char *answer_field(struct dossier *d, const struct node *map, const char *key,
				const char *qid)
{
	const struct node *n = node_get(map, key);

	if (!n || node_is_null(n))
		return NULL;
	if (n->kind != NODE_SCALAR) {
		finding_add(&d->findings, SEV_ERROR, n, qid, NULL, "'%s' of the answer to '%s' must be text, not a %s",
			    key, qid, node_kind_name(n));
		return NULL;
	}
	return n->text;
}

static void load_answer(struct dossier *d, const struct node *key, const struct node *val)
{
	static const char *const fields[] = { "answer", "status", "source", "by", "date", "comment", NULL };
	const struct questionnaire *q = d->q;
	const struct question *qu;
	struct answer *a;
	const struct node *status = NULL;
	size_t findings_before;
	int qi, rc;

	if (key->kind != NODE_SCALAR || (qi = questionnaire_find(q, key->text)) < 0) {
		finding_add(&d->findings, SEV_ERROR, key, key->text, NULL, "unknown question id '%s'", key->text);
		return;
	}
	qu = &q->questions[qi];
	if (key->plain && looks_like_yaml_number(key->text))
		finding_add(&d->findings, SEV_WARNING, key, qu->id, NULL,
			    "question id '%s' is not quoted: other YAML tools read it as a number; write \"%s\"",
			    key->text, key->text);
	a = &d->answers[qi];
	a->key = key;
	findings_before = d->findings.n;	/* only errors are added below */
	if (val->kind == NODE_MAP) {
		check_fields(&d->findings, val, fields, qu->id, "the answer to '%s'");
		a->source = answer_field(d, val, "source", qu->id);
		a->by = answer_field(d, val, "by", qu->id);
		a->comment = answer_field(d, val, "comment", qu->id);
		a->date = answer_field(d, val, "date", qu->id);
		if (a->date && !parse_date(a->date))
			finding_add(&d->findings, SEV_ERROR, node_get(val, "date"), qu->id, a->date,
				    "'%s' is not a date (the date of an answer is YYYY-MM-DD)", a->date);
		status = node_get(val, "status");
		a->value = node_get(val, "answer");
	} else {
		a->value = val;
	}
	rc = check_value(d, qu, a->value, a);
	if (!(rc > 0))
		a->norm = NULL;
	/* any error in the answer (its value, its date, an unknown field) makes it invalid */
	if (rc < 0 || d->findings.n > findings_before) {
		a->norm = NULL;
		a->status = AS_INVALID;
		return;
	}
	if (status && !node_is_null(status)) {
		const char *s = status->kind == NODE_SCALAR ? status->text : "";
		if (!strcmp(s, "answered")) {
			if (rc == 0) {
				finding_add(&d->findings, SEV_ERROR, status, qu->id, NULL,
					    "the answer to '%s' has status answered but no answer", qu->id);
				a->norm = NULL;
				a->status = AS_INVALID;
				return;
			}
			a->status = AS_ANSWERED;
		} else if (!strcmp(s, "unknown")) {
			a->status = AS_UNKNOWN;
		} else if (!strcmp(s, "not-applicable")) {
			a->status = AS_NOT_APPLICABLE;
		} else if (!strcmp(s, "pending")) {
			a->status = AS_PENDING;
		} else {
			if (status->kind == NODE_SCALAR)
				finding_add(&d->findings, SEV_ERROR, status, qu->id, s,
					    "invalid status '%s' of the answer to '%s' (expected answered, unknown, not-applicable or pending)",
					    s, qu->id);
			else
				finding_add(&d->findings, SEV_ERROR, status, qu->id, NULL,
					    "the status of the answer to '%s' must be a word, not a %s (expected answered, unknown, not-applicable or pending)",
					    qu->id, node_kind_name(status));
			a->status = AS_INVALID;
			return;
		}
		if (a->status != AS_ANSWERED)
			a->norm = NULL;	/* a condition needs a real answer */
		return;
	}
	a->status = rc > 0 ? AS_ANSWERED : AS_MISSING;
}

static void load_device(struct dossier *d, const struct node *dev)
{
	static const char *const fields[] = {
		"name", "manufacturer", "version", "ce-class", "notified-body", "udi-di", "contact",
		"url", NULL
	};
	size_t i;

	if (!dev || node_is_null(dev)) {
		d->missing_name = (int)d->findings.n + 1;
		finding_add(&d->findings, SEV_ERROR, ydoc_root(d->doc), NULL, NULL, "the dossier has no 'device'");
		return;
	}
	if (dev->kind != NODE_MAP) {
		finding_add(&d->findings, SEV_ERROR, dev, NULL, NULL, "'device' must be a mapping, not a %s",
			    node_kind_name(dev));
		return;
	}
	check_fields(&d->findings, dev, fields, NULL, "'device'");
	for (i = 0; i < dev->n; i++) {
		const struct node *k = dev->items[2 * i], *v = dev->items[2 * i + 1];
		if (!field_known(fields, k->text))
			continue;	/* reported by check_fields */
		if (v->kind != NODE_SCALAR) {
			finding_add(&d->findings, SEV_ERROR, v, NULL, NULL, "'device.%s' must be text, not a %s",
				    k->text, node_kind_name(v));
			continue;
		}
		if (node_is_null(v))
			continue;
		if (!strcmp(k->text, "name"))
			d->device.name = v->text;
		else if (!strcmp(k->text, "manufacturer"))
			d->device.manufacturer = v->text;
		else if (!strcmp(k->text, "version"))
			d->device.version = v->text;
		else if (!strcmp(k->text, "ce-class"))
			d->device.ce_class = v->text;
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

void emit_device_fields(struct emitter *e, const struct device *dev)
{
	emit_kv_str(e, "name", dev->name);
	emit_kv_str(e, "manufacturer", dev->manufacturer);
	emit_kv_str(e, "version", dev->version);
	emit_kv_str(e, "ce-class", dev->ce_class);
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
		dmn_error_set(err, root->line, root->col, "not a dmn document: expected a mapping with 'kind', found a %s",
			      node_kind_name(root));
		return NULL;
	}
	kind = node_get(root, "kind");
	if (kind && !is_str(kind)) {
		dmn_error_set(err, kind->line, kind->col, "'kind' must be a string, not a %s", node_kind_name(kind));
		return NULL;
	}
	if (!kind) {
		dmn_error_set(err, root->line, root->col, "not a dmn document: no 'kind'");
		return NULL;
	}
	return kind;
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
	if (!qid || !is_str(qid)) {
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
		dmn_error_set(err, ed->line, ed->col, "'edition' must be a string, not a %s", node_kind_name(ed));
		ydoc_free(doc);
		return -1;
	}
	if (ed && is_str(ed) && strcmp(ed->text, q->edition) != 0) {
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
	d->edition = ed && is_str(ed) ? ed->text : NULL;
	d->answers = xcalloc(q->nquestions, sizeof *d->answers);
	d->applies = xcalloc(q->nquestions, 1);
	check_fields(&d->findings, root, fields, NULL, "a dossier");
	d->device_node = node_get(root, "device");
	load_device(d, d->device_node);
	answers = node_get(root, "answers");
	if (answers && !node_is_null(answers)) {
		if (answers->kind != NODE_MAP)
			finding_add(&d->findings, SEV_ERROR, answers, NULL, NULL,
				    "'answers' must be a mapping of question ids to answers, not a %s",
				    node_kind_name(answers));
		else
			for (i = 0; i < answers->n; i++)
				load_answer(d, answers->items[2 * i], answers->items[2 * i + 1]);
	}
	dossier_resolve(d);
	*out = d;
	return 0;
}

void dossier_free(struct dossier *d)
{
	if (!d)
		return;
	finding_list_free(&d->findings);
	free(d->answers);
	free(d->applies);
	ydoc_free(d->doc);
	free(d);
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
	d->answers = xcalloc(q->nquestions, sizeof *d->answers);
	d->applies = xcalloc(q->nquestions, 1);
	dossier_resolve(d);
	return d;
}

/* One option typed as its id or its number in the list (1 for the first). */
static const char *typed_option(const struct question *qu, const char *s)
{
	char *end;
	long k;

	if (find_option(qu, s))
		return find_option(qu, s)->id;
	k = strtol(s, &end, 10);
	if (end != s && *end == '\0' && k >= 1 && (size_t)k <= qu->noptions)
		return qu->options[k - 1].id;
	return NULL;
}

static const char *const yes_typed[] = { "o", "y", NULL };
static const char *const no_typed[] = { "n", NULL };

static int set_value(struct dossier *d, int qi, const char *typed, struct dmn_error *err);

/* A new answer replaces the old one's provenance (source, by, date); its comment, a note
 * someone typed ("asked the vendor on ..."), is kept. */
static void clear_meta(struct answer *a)
{
	a->source = a->by = a->date = NULL;
}

int dossier_set_value(struct dossier *d, int qi, const char *typed, struct dmn_error *err)
{
	const struct question *qu = &d->q->questions[qi];
	struct buf b = { 0 };
	int rc;

	if (!utf8_valid(typed)) {
		dmn_error_set(err, 0, 0, "the answer is not valid UTF-8 text");
		return -1;
	}
	while (*typed == ' ' || *typed == '\t')
		typed++;
	buf_adds(&b, typed);
	while (b.len && (b.s[b.len - 1] == ' ' || b.s[b.len - 1] == '\t'))
		b.s[--b.len] = '\0';
	if (qu->type == QT_NUMBER && strchr(buf_str(&b), ',') && !strchr(buf_str(&b), '.'))
		*strchr(b.s, ',') = '.';	/* a French decimal comma */
	typed = xstrdup(buf_str(&b));
	buf_free(&b);
	rc = set_value(d, qi, typed, err);
	free((char *)typed);
	return rc;
}

static int set_value(struct dossier *d, int qi, const char *typed, struct dmn_error *err)
{
	const struct question *qu = &d->q->questions[qi];
	struct answer *a = &d->answers[qi];
	struct buf b = { 0 };
	const char *norm = NULL;
	struct node *v;
	size_t i;

	if (blank(typed)) {
		dmn_error_set(err, 0, 0, "an empty answer: type a value, or skip the question");
		return -1;
	}
	switch (qu->type) {
	case QT_GROUP:
		dmn_error_set(err, 0, 0, "question '%s' has no answer of its own: answer its sub-questions", qu->id);
		return -1;
	case QT_YESNO:
		norm = yesno_norm(typed);
		for (i = 0; !norm && yes_typed[i]; i++)
			if (!strcasecmp(typed, yes_typed[i]))
				norm = "yes";
		for (i = 0; !norm && no_typed[i]; i++)
			if (!strcasecmp(typed, no_typed[i]))
				norm = "no";
		if (!norm) {
			dmn_error_set(err, 0, 0, "'%s' is not a yes/no answer (expected yes or no, oui or non)", typed);
			return -1;
		}
		v = ydoc_node(d->doc, NODE_SCALAR, norm, 0);
		break;
	case QT_CHOICE:
		norm = typed_option(qu, typed);
		if (!norm) {
			option_list(&b, qu);
			dmn_error_set(err, 0, 0, "'%s' is not an option of question '%s' (expected %s, or its number)",
				      typed, qu->id, buf_str(&b));
			buf_free(&b);
			return -1;
		}
		v = ydoc_node(d->doc, NODE_SCALAR, norm, 0);
		break;
	case QT_CHOICES: {
		char *copy = xstrdup(typed), *tok, *save = NULL;
		unsigned char *seen = xcalloc(qu->noptions, 1);
		size_t n = 0;

		for (tok = strtok_r(copy, ", \t", &save); tok; tok = strtok_r(NULL, ", \t", &save)) {
			const char *id = typed_option(qu, tok);
			if (!id) {
				option_list(&b, qu);
				dmn_error_set(err, 0, 0,
					      "'%s' is not an option of question '%s' (expected %s, or their numbers)",
					      tok, qu->id, buf_str(&b));
				buf_free(&b);
				free(copy);
				free(seen);
				return -1;
			}
			if (!seen[find_option(qu, id) - qu->options]++)
				n++;
		}
		v = ydoc_node(d->doc, NODE_SEQ, NULL, n);
		for (i = 0; i < qu->noptions; i++)	/* in the questionnaire's order */
			if (seen[i])
				v->items[v->n++] = ydoc_node(d->doc, NODE_SCALAR, qu->options[i].id, 0);
		free(copy);
		free(seen);
		break;
	}
	case QT_NUMBER:
		if (!parse_decimal(typed)) {
			dmn_error_set(err, 0, 0, "'%s' is not a number (question '%s' takes a number in %s)", typed,
				      qu->id, qu->unit);
			return -1;
		}
		v = ydoc_node(d->doc, NODE_SCALAR, typed, 0);
		break;
	case QT_DATE:
		if (!parse_date(typed)) {
			dmn_error_set(err, 0, 0, "'%s' is not a date (YYYY-MM-DD)", typed);
			return -1;
		}
		v = ydoc_node(d->doc, NODE_SCALAR, typed, 0);
		break;
	default:
		v = ydoc_node(d->doc, NODE_SCALAR, typed, 0);
		break;
	}
	if (v->kind == NODE_SCALAR && qu->type != QT_TEXT)
		v->plain = 1;
	clear_meta(a);
	a->value = v;
	a->norm = qu->type == QT_YESNO || qu->type == QT_CHOICE ? v->text : NULL;
	a->status = AS_ANSWERED;
	dossier_resolve(d);
	return 0;
}

void dossier_set_status(struct dossier *d, int qi, enum astatus status)
{
	struct answer *a = &d->answers[qi];

	a->status = status;
	clear_meta(a);
	if (status != AS_ANSWERED) {
		a->norm = NULL;
		a->value = NULL;
	}
	dossier_resolve(d);
}

void dossier_set_meta(struct dossier *d, int qi, const char *source, const char *by, const char *date,
		      const char *comment)
{
	struct answer *a = &d->answers[qi];

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
	const char *v = value && !blank(value) ? ydoc_strdup(d->doc, value) : NULL;

	if (!strcmp(field, "name"))
		d->device.name = v;
	else if (!strcmp(field, "manufacturer"))
		d->device.manufacturer = v;
	else if (!strcmp(field, "version"))
		d->device.version = v;
	else if (!strcmp(field, "ce-class"))
		d->device.ce_class = v;
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

/* The dossier as YAML: device, then the answers in the questionnaire's order, each a plain
 * value when that is all it has, else a mapping. */
void dossier_write(const struct dossier *d, struct emitter *e)
{
	const struct questionnaire *q = d->q;
	const struct node *dev = d->device_node;
	size_t i;

	emit_doc_begin(e);
	emit_map_begin(e);
	emit_kv_str(e, "kind", "dossier");
	emit_kv_str(e, "questionnaire", q->id);
	if (d->edition)
		emit_kv_str(e, "edition", d->edition);
	emit_key(e, "device");
	emit_map_begin(e);
	if (d->device.name)
		emit_kv_str(e, "name", d->device.name);
	if (d->device.manufacturer)
		emit_kv_str(e, "manufacturer", d->device.manufacturer);
	if (d->device.version)
		emit_kv_str(e, "version", d->device.version);
	if (d->device.ce_class)
		emit_kv_str(e, "ce-class", d->device.ce_class);
	for (i = 0; dev && dev->kind == NODE_MAP && i < dev->n; i++) {
		const struct node *k = dev->items[2 * i], *v = dev->items[2 * i + 1];
		if (strcmp(k->text, "name") && strcmp(k->text, "manufacturer") && strcmp(k->text, "version") &&
		    strcmp(k->text, "ce-class") && v->kind == NODE_SCALAR && !node_is_null(v))
			emit_kv_str(e, k->text, v->text);
	}
	emit_map_end(e);
	emit_key(e, "answers");
	emit_map_begin(e);
	for (i = 0; i < q->nquestions; i++) {
		const struct answer *a = &d->answers[i];
		const struct question *qu = &q->questions[i];
		int has_meta = a->source || a->by || a->date || a->comment;

		if (a->status == AS_MISSING && !has_meta)
			continue;
		emit_key(e, qu->id);
		if (a->status == AS_ANSWERED && !has_meta) {
			write_value(e, qu, a->value);
			continue;
		}
		emit_map_begin(e);
		if (a->value && !node_is_null(a->value)) {
			emit_key(e, "answer");
			write_value(e, qu, a->value);
		}
		if (a->status != AS_ANSWERED && a->status != AS_MISSING)
			emit_kv_str(e, "status", astatus_name(a->status));
		emit_provenance(e, a);
		emit_map_end(e);
	}
	emit_map_end(e);
	emit_map_end(e);
	emit_doc_end(e);
}
