/* fhirread.c: a FHIR R4 QuestionnaireResponse (JSON, read by jansson) into a dossier, as a
 * form tool saves it or as dmn-report -f fhir writes it: item by item, by linkId (a
 * question's id, or device.FIELD), wherever the item is (under a group, or under the answer
 * of the question above it), each answer checked as --set checks it and replacing the old
 * one whole, each problem said at the item's JSON path (FILE:/item/3/item/0). The JSON is
 * untrusted: its size, the memory its tree takes, its depth and its count of values are
 * bounded, as a YAML document's are.
 *
 * A response written from a dossier (the extension urn:dmn:fhir:from-dossier) carries each
 * answer's status, source, by, date and comment in extensions, and is read exactly as they
 * say; a form tool's response (which keeps no extension) is read as a spreadsheet form is:
 * an answer the same as the dossier's is left as it is, date and all, and a new one is
 * recorded with -b NAME and today's date. */
#include <jansson.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "guide.h"

/* The memory jansson may take for one tree: beyond it, the allocation fails and so does
 * the parse (a small file of many tiny values would otherwise take hundreds of MiB). */
static size_t json_budget, json_used;
static int json_refused;	/* an allocation refused: jansson then says no more than NULL */

struct block {
	size_t size;
	max_align_t align;	/* keeps what follows aligned for any type */
};

static void *json_alloc(size_t n)
{
	struct block *b;

	if (n > json_budget - json_used || n > SIZE_MAX - sizeof *b) {
		json_refused = 1;
		return NULL;
	}
	if (!(b = malloc(sizeof *b + n)))
		return NULL;
	b->size = n;
	json_used += n;
	return b + 1;
}

static void json_release(void *p)
{
	struct block *b;

	if (!p)
		return;
	b = (struct block *)p - 1;
	json_used -= b->size;
	free(b);
}

struct reader {
	struct dossier *d;
	const char *file;
	const struct import_opts *o;
	int exact;		/* written from a dossier: the extensions say it all */
	int whole;		/* a new dossier, written whole: what is not dmn's is kept as written */
	unsigned char *seen;	/* per question: an item has answered it */
	struct buf path;	/* the JSON Pointer of the item being read */
};

/* The path back to what it was at mark */
static void path_cut(struct reader *r, size_t mark)
{
	r->path.len = mark;
	if (r->path.s)
		r->path.s[mark] = '\0';
}

static void finding(struct reader *r, enum severity sev, const char *msg)
{
	struct buf at = { 0 };

	buf_addf(&at, "%s:%s", r->file, r->path.len ? buf_str(&r->path) : "/");
	diag_print_finding(sev, buf_str(&at), 0, 0, msg);
	if (sev == SEV_ERROR)
		diag_status(DMN_FINDINGS);
	buf_free(&at);
}

/* trouble: the response is not read at all */
static void trouble(struct reader *r, const char *msg)
{
	struct buf at = { 0 };

	buf_addf(&at, "%s:%s", r->file, r->path.len ? buf_str(&r->path) : "/");
	diag(SEV_ERROR, buf_str(&at), 0, 0, "%s", msg);
	buf_free(&at);
}

/* The tree's depth and count of values, within a YAML document's limits */
static int bounded(struct reader *r, json_t *v, int depth, size_t *count)
{
	struct buf msg = { 0 };
	size_t mark = r->path.len;
	int rc = 0;

	if (++*count > YAML_MAX_NODES) {
		buf_addf(&msg, _("more than %d values in one document"), YAML_MAX_NODES);
		rc = -1;
	} else if (depth > YAML_MAX_DEPTH) {
		buf_addf(&msg, _("nesting deeper than the limit of %d levels"), YAML_MAX_DEPTH);
		rc = -1;
	}
	if (rc) {
		trouble(r, buf_str(&msg));
		buf_free(&msg);
		return rc;
	}
	if (json_is_object(v)) {
		const char *k, *c;	/* k: jansson's iterator, never moved */
		json_t *x;
		json_object_foreach(v, k, x) {
			path_cut(r, mark);
			buf_adds(&r->path, "/");
			for (c = k; *c; c++)	/* a JSON Pointer's key: ~ as ~0, / as ~1 (RFC 6901) */
				buf_adds(&r->path, *c == '~' ? "~0" : *c == '/' ? "~1" : (char[]){ *c, '\0' });
			if ((rc = bounded(r, x, depth + 1, count)) != 0)
				break;
		}
	} else if (json_is_array(v)) {
		size_t i;
		json_t *x;
		json_array_foreach(v, i, x) {
			path_cut(r, mark);
			buf_addf(&r->path, "/%zu", i);
			if ((rc = bounded(r, x, depth + 1, count)) != 0)
				break;
		}
	}
	if (rc == 0) {
		path_cut(r, mark);
	}
	return rc;
}

static const char *str_member(json_t *obj, const char *key)
{
	json_t *v = json_object_get(obj, key);
	return json_is_string(v) ? json_string_value(v) : NULL;
}

/* The value of a dmn extension of obj (urn:dmn:fhir:NAME), as text, or NULL */
static const char *dmn_extension(json_t *obj, const char *name)
{
	json_t *ext = json_object_get(obj, "extension"), *e;
	size_t i;

	json_array_foreach(ext, i, e) {
		const char *url = str_member(e, "url");
		if (url && !strncmp(url, FHIR_DMN_EXT, strlen(FHIR_DMN_EXT)) && !strcmp(url + strlen(FHIR_DMN_EXT), name)) {
			const char *k;
			json_t *x;
			json_object_foreach(e, k, x) {
				if (!strncmp(k, "value", 5) && json_is_string(x))
					return json_string_value(x);
				if (!strncmp(k, "value", 5) && json_is_boolean(x))
					return json_is_true(x) ? "true" : "false";
			}
		}
	}
	return NULL;
}

/* A JSON number as people write it: an integer, or a decimal in the fewest digits that
 * give the same double back */
static void json_number_text(struct buf *b, json_t *v)
{
	double x;
	int prec;

	if (json_is_integer(v)) {
		buf_addf(b, "%" JSON_INTEGER_FORMAT, json_integer_value(v));
		return;
	}
	x = json_real_value(v);
	for (prec = 15; prec < 17; prec++) {
		char s[40];
		snprintf(s, sizeof s, "%.*g", prec, x);
		if (strtod(s, NULL) == x)
			break;
	}
	buf_addf(b, "%.*g", prec, x);
}

/* One answer's value as typed text, into b: 0, or -1 with a message in msg */
static int answer_text(json_t *ans, struct buf *b, struct buf *msg)
{
	const char *k;
	json_t *v;

	json_object_foreach(ans, k, v) {
		if (strncmp(k, "value", 5) != 0)
			continue;
		if (!strcmp(k, "valueBoolean") && json_is_boolean(v)) {
			buf_adds(b, json_is_true(v) ? "yes" : "no");
		} else if (!strcmp(k, "valueCoding") && json_is_object(v)) {
			const char *code = str_member(v, "code"), *display = str_member(v, "display");
			if (!code && !display) {
				buf_adds(msg, _("a valueCoding with neither code nor display"));
				return -1;
			}
			buf_adds(b, code ? code : display);
		} else if ((!strcmp(k, "valueDecimal") || !strcmp(k, "valueInteger")) && json_is_number(v)) {
			json_number_text(b, v);
		} else if (!strcmp(k, "valueQuantity") && json_is_object(v) && json_is_number(json_object_get(v, "value"))) {
			json_number_text(b, json_object_get(v, "value"));
		} else if ((!strcmp(k, "valueString") || !strcmp(k, "valueDate") || !strcmp(k, "valueDateTime") ||
			    !strcmp(k, "valueTime") || !strcmp(k, "valueUri")) && json_is_string(v)) {
			buf_adds(b, json_string_value(v));
		} else {
			buf_addf(msg, _("an answer of type %s, which no question takes"), k);
			return -1;
		}
		return 0;
	}
	buf_adds(msg, _("an answer without a value"));
	return -1;
}

static void read_items(struct reader *r, json_t *items);

/* The fields that dmn does not know of an item (urn:dmn:fhir:field, name and value): into
 * the mapping *map (NULL: none yet), built in the dossier's document */
static const struct node *unknown_fields(struct reader *r, json_t *item)
{
	json_t *ext = json_object_get(item, "extension"), *e;
	const struct node *map = NULL;
	size_t i;

	json_array_foreach(ext, i, e) {
		const char *url = str_member(e, "url"), *name = NULL, *value = NULL;
		json_t *sub = json_object_get(e, "extension"), *x;
		size_t k;
		if (!url || strcmp(url, FHIR_DMN_EXT "field") != 0)
			continue;
		json_array_foreach(sub, k, x) {
			const char *u = str_member(x, "url");
			if (u && !strcmp(u, "name"))
				name = str_member(x, "valueString");
			else if (u && !strcmp(u, "value"))
				value = str_member(x, "valueString");
		}
		if (name && !value)
			value = "";	/* an empty field: FHIR has no empty string */
		if (name && (field_known(answer_fields, name) || (map && node_get(map, name)))) {
			struct buf msg = { 0 };
			buf_addf(&msg, _("a field named '%s' that the answer already has: not read"), name);
			finding(r, SEV_ERROR, buf_str(&msg));
			buf_free(&msg);
		} else if (name) {
			map = node_map_put(r->d->doc, map, name, ydoc_node(r->d->doc, NODE_SCALAR, value, 0));
		}
	}
	return map;
}

/* Each unknown field of an answer: kept as written in a whole dossier, else not read */
static void say_fields(struct reader *r, const struct node *fields, int qi)
{
	const char *id = r->d->q->questions[qi].id;
	struct buf msg = { 0 };
	size_t k;

	for (k = 0; fields && k < fields->n; k++) {
		buf_clear(&msg);
		if (r->whole) {
			dossier_set_extra(r->d, qi, fields->items[2 * k]->text, fields->items[2 * k + 1]->text);
			buf_addf(&msg, _("unknown field '%s' in the answer to '%s': kept as written"),
				 fields->items[2 * k]->text, id);
		} else {
			buf_addf(&msg, _("unknown field '%s' in the answer to '%s': not read"), fields->items[2 * k]->text, id);
		}
		finding(r, SEV_ERROR, buf_str(&msg));
	}
	buf_free(&msg);
}

static void device_item(struct reader *r, json_t *item, const char *field)
{
	struct device scratch;
	json_t *answers = json_object_get(item, "answer");
	struct buf v = { 0 }, msg = { 0 };

	if (!device_member(&scratch, field)) {
		buf_addf(&msg, _("unknown device field '%s': not read"), field);
		finding(r, SEV_ERROR, buf_str(&msg));
	} else if (json_array_size(answers) > 1) {
		buf_addf(&msg, _("several answers to the device field '%s': not read"), field);
		finding(r, SEV_ERROR, buf_str(&msg));
	} else if (json_array_size(answers) == 1) {
		size_t mark = r->path.len;
		buf_adds(&r->path, "/answer/0");
		if (answer_text(json_array_get(answers, 0), &v, &msg) != 0)
			finding(r, SEV_ERROR, buf_str(&msg));
		else if (!import_same_text(*device_member(&r->d->device, field), buf_str(&v)))
			dossier_set_device(r->d, field, buf_str(&v));
		path_cut(r, mark);
	}
	buf_free(&v);
	buf_free(&msg);
}

/* The answers of one item: typed text (several values of a question of several options
 * joined by commas), or -1 with a finding said */
static int item_answers(struct reader *r, json_t *answers, const struct question *qu, struct buf *typed,
			const char ***values, size_t *nvalues)
{
	struct buf msg = { 0 }, one = { 0 };
	size_t i, mark = r->path.len;
	json_t *ans;
	int rc = 0;

	if (json_array_size(answers) > 1 && qu->type != QT_CHOICES) {
		buf_addf(&msg, _("%zu answers to question '%s', which takes one: not read"), json_array_size(answers),
			 qu->id);
		finding(r, SEV_ERROR, buf_str(&msg));
		buf_free(&msg);
		return -1;
	}
	*values = xcalloc(json_array_size(answers) + 1, sizeof **values);
	json_array_foreach(answers, i, ans) {
		path_cut(r, mark);
		buf_addf(&r->path, "/answer/%zu", i);
		buf_clear(&one);
		if (answer_text(ans, &one, &msg) != 0) {
			struct buf full = { 0 };
			buf_addf(&full, _("question '%s': %s: not read"), qu->id, buf_str(&msg));
			finding(r, SEV_ERROR, buf_str(&full));
			buf_free(&full);
			rc = -1;
			break;
		}
		{
			/* an option by its id (a label may hold a comma, an id never does) */
			const char *v = qu->type == QT_CHOICES ? answer_option_id(qu, buf_str(&one)) : buf_str(&one);
			(*values)[(*nvalues)++] = ydoc_strdup(r->d->doc, v);
			buf_addf(typed, "%s%s", i ? ", " : "", v);
		}
	}
	path_cut(r, mark);
	buf_free(&msg);
	buf_free(&one);
	return rc;
}

static void question_item(struct reader *r, json_t *item, int qi)
{
	const struct question *qu = &r->d->q->questions[qi];
	struct answer *a = &r->d->answers[qi];
	json_t *answers = json_object_get(item, "answer");
	const char *st_text = dmn_extension(item, "status"), *src = dmn_extension(item, "source");
	const char *by = dmn_extension(item, "by"), *date = dmn_extension(item, "date");
	const char *com = dmn_extension(item, "comment"), *raw_status = NULL;
	const struct node *fields = unknown_fields(r, item);
	struct buf typed = { 0 }, msg = { 0 };
	struct dmn_error err = { 0 };
	const char **values = NULL;
	size_t nvalues = 0;
	int st = -1, answered = json_array_size(answers) > 0;

	if (qu->type == QT_GROUP) {
		if (answered) {
			buf_addf(&msg, _("question '%s' has no answer of its own: its answer is not read"), qu->id);
			finding(r, SEV_ERROR, buf_str(&msg));
		}
		goto done;
	}
	if (r->seen[qi]) {
		buf_addf(&msg, _("question '%s' is already answered by an earlier item: this one is not read"), qu->id);
		finding(r, SEV_ERROR, buf_str(&msg));
		goto done;
	}
	r->seen[qi] = 1;
	if (answered && item_answers(r, answers, qu, &typed, &values, &nvalues) != 0)
		goto done;
	if (st_text && ((st = status_parse(st_text)) < 0 || st == ST_MISSING || st == ST_INVALID || st == ST_SKIPPED)) {
		if (!(r->exact && r->whole)) {
			buf_addf(&msg, _("'%s' is not a status (expected %s, %s, %s or %s): the item is not read"), st_text,
				 statuses[ST_ANSWERED].id, statuses[ST_UNKNOWN].id, statuses[ST_NOT_APPLICABLE].id,
				 statuses[ST_PENDING].id);
			finding(r, SEV_ERROR, buf_str(&msg));
			goto done;
		}
		/* a dossier's status that is none, kept as written for its writer to correct */
		buf_addf(&msg, _("'%s' is not a status (expected %s, %s, %s or %s): kept as written"), st_text,
			 statuses[ST_ANSWERED].id, statuses[ST_UNKNOWN].id, statuses[ST_NOT_APPLICABLE].id,
			 statuses[ST_PENDING].id);
		finding(r, SEV_ERROR, buf_str(&msg));
		raw_status = st_text;
		st = -1;
	}
	if (st == ST_ANSWERED && !answered)
		st = -1;	/* answered, with no answer: as if the item said nothing of its status */
	if ((st == ST_UNKNOWN || st == ST_NOT_APPLICABLE) && answered) {
		buf_addf(&msg, _("an answer and the status '%s' for question '%s': keep one; the item is not read"),
			 status_label(st), qu->id);
		finding(r, SEV_ERROR, buf_str(&msg));
		goto done;
	}
	if (!answered && st < 0 && !src && !by && !date && !com && !raw_status && !fields)
		goto done;	/* an item left empty changes nothing */
	if (st < 0)
		st = answered ? ST_ANSWERED : (int)ST_MISSING;
	if (!r->exact && answered && import_same_answer(qu, a, buf_str(&typed)) &&
	    (st == ST_ANSWERED || st == (int)a->status) && (!src || import_same_text(a->source, src)) &&
	    (!com || import_same_text(a->comment, com)))
		goto done;	/* a form tool's response: the dossier's own answer, left as it is */
	if (r->exact && !r->whole && !raw_status && !fields &&
	    (answered ? import_same_answer(qu, a, buf_str(&typed)) : !a->value) &&
	    st == (a->status == ST_INVALID ? (answered ? ST_ANSWERED : (int)ST_MISSING) : (int)a->status) &&
	    import_same_text(a->source, src) && import_same_text(a->by, by) && import_same_text(a->date, date) &&
	    import_same_text(a->comment, com))
		goto done;	/* the dossier's own answer, as its response says it: the file untouched */
	if (answered && dossier_set_value(r->d, qi, buf_str(&typed), &err) != 0) {
		size_t mark = r->path.len, bad = 0, k;
		for (k = 0; nvalues > 1 && k < nvalues; k++) {	/* the answer refused, of several */
			struct ydoc *scratch = ydoc_new();
			struct answer_verdict vd;
			int refused = !answer_from_typed(scratch, qu, values[k], &vd);
			ydoc_free(scratch);
			if (refused) {
				bad = k;
				break;
			}
		}
		buf_addf(&r->path, "/answer/%zu", bad);
		finding(r, SEV_ERROR, err.msg);
		path_cut(r, mark);
		if (qu->type == QT_CHOICES && nvalues > 1)
			dossier_set_raw_list(r->d, qi, values, nvalues);	/* kept as written, flagged */
		else
			dossier_set_raw(r->d, qi, buf_str(&typed));
	} else if (!answered && st != ST_MISSING) {
		dossier_set_status(r->d, qi, (enum status)st);
	} else if (!answered && a->status != ST_MISSING && r->exact) {
		dossier_set_status(r->d, qi, ST_MISSING);	/* only its source or comment */
	}
	if (answered && st == ST_PENDING)
		dossier_set_status(r->d, qi, ST_PENDING);	/* a partial answer, kept */
	if (raw_status)
		dossier_set_status_raw(r->d, qi, raw_status);
	say_fields(r, fields, qi);
	if (r->exact)
		dossier_set_meta(r->d, qi, src ? src : "", by ? by : "", date ? date : "", com ? com : "");
	else	/* a form tool keeps no comment: the dossier's stays */
		dossier_set_meta(r->d, qi, src, r->o->by ? r->o->by : "", r->o->date, com);
done:
	free(values);
	buf_free(&typed);
	buf_free(&msg);
}

/* The answer to a question the questionnaire does not have, in a response written from a
 * dossier: kept as written in the new dossier (its texts, its fields), for its writer to
 * correct, as a value refused is */
static void unknown_item(struct reader *r, json_t *item, const char *id)
{
	struct ydoc *doc = r->d->doc;
	json_t *answers = json_object_get(item, "answer"), *ans;
	const struct node *fields = unknown_fields(r, item), *value = NULL, *entry;
	static const char *const meta[] = { "status", "source", "by", "date", "comment" };
	struct buf one = { 0 }, msg = { 0 };
	struct node *seq = NULL;
	size_t i, mark = r->path.len, n = json_array_size(answers), nmeta = 0;

	if (r->d->unknown && node_get(r->d->unknown, id)) {
		buf_addf(&msg, _("question '%s' is already answered by an earlier item: this one is not read"), id);
		finding(r, SEV_ERROR, buf_str(&msg));
		goto done;
	}
	json_array_foreach(answers, i, ans) {
		buf_clear(&one);
		path_cut(r, mark);
		buf_addf(&r->path, "/answer/%zu", i);
		if (answer_text(ans, &one, &msg) != 0) {
			finding(r, SEV_ERROR, buf_str(&msg));
			goto done;
		}
		if (n == 1) {
			value = ydoc_node(doc, NODE_SCALAR, buf_str(&one), 0);
		} else {
			if (!seq)
				seq = ydoc_node(doc, NODE_SEQ, NULL, n);
			seq->items[seq->n++] = ydoc_node(doc, NODE_SCALAR, buf_str(&one), 0);
			value = seq;
		}
	}
	path_cut(r, mark);
	for (i = 0; i < sizeof meta / sizeof *meta; i++)
		nmeta += dmn_extension(item, meta[i]) != NULL;
	if (!nmeta && !fields) {
		entry = value;
	} else {
		const struct node *map = value ? node_map_put(doc, NULL, "answer", value) : NULL;
		for (i = 0; i < sizeof meta / sizeof *meta; i++)
			if (dmn_extension(item, meta[i]))
				map = node_map_put(doc, map, meta[i],
						   ydoc_node(doc, NODE_SCALAR, dmn_extension(item, meta[i]), 0));
		for (i = 0; fields && i < fields->n; i++)
			map = node_map_put(doc, map, fields->items[2 * i]->text, fields->items[2 * i + 1]);
		entry = map;
	}
	if (!entry)
		goto done;
	dossier_add_unknown(r->d, id, entry);
	buf_addf(&msg, _("unknown question id '%s': kept as written"), id);
	finding(r, SEV_ERROR, buf_str(&msg));
done:
	path_cut(r, mark);
	buf_free(&one);
	buf_free(&msg);
}

static void read_one_item(struct reader *r, json_t *item)
{
	const char *id = str_member(item, "linkId");
	json_t *answers = json_object_get(item, "answer"), *ans;
	struct buf msg = { 0 };
	size_t i, mark = r->path.len;
	int qi;

	if (!json_is_object(item)) {
		finding(r, SEV_ERROR, _("an item that is not a JSON object: not read"));
		return;
	}
	if ((answers && !json_is_array(answers)) ||
	    (json_object_get(item, "item") && !json_is_array(json_object_get(item, "item")))) {
		finding(r, SEV_ERROR, _("an item whose answer or item is not a JSON array: not read"));
		return;
	}
	if (!id) {
		finding(r, SEV_ERROR, _("an item without a linkId: not read"));
		return;
	}
	if (!strcmp(id, "device") || !strncmp(id, "section-", 8) ||
	    (strlen(id) > 5 && !strcmp(id + strlen(id) - 5, ".help"))) {
		/* a group of the form, or its help */
	} else if (!strncmp(id, "device.", 7)) {
		device_item(r, item, id + 7);
	} else if ((qi = questionnaire_find(r->d->q, id)) < 0 && r->exact && r->whole) {
		unknown_item(r, item, id);
	} else if (qi < 0) {
		buf_addf(&msg, _("unknown question id '%s': the item is not read"), id);
		finding(r, SEV_ERROR, buf_str(&msg));
	} else {
		question_item(r, item, qi);
	}
	/* what is under it: its items, and those under each answer */
	buf_adds(&r->path, "/item");
	read_items(r, json_object_get(item, "item"));
	path_cut(r, mark);
	json_array_foreach(answers, i, ans) {
		path_cut(r, mark);
		buf_addf(&r->path, "/answer/%zu/item", i);
		if (json_is_object(ans) && json_object_get(ans, "item"))
			read_items(r, json_object_get(ans, "item"));
	}
	path_cut(r, mark);
	buf_free(&msg);
}

static void read_items(struct reader *r, json_t *items)
{
	size_t i, mark = r->path.len;
	json_t *item;

	if (items && !json_is_array(items)) {
		finding(r, SEV_ERROR, _("an item list that is not a JSON array: not read"));
		return;
	}
	json_array_foreach(items, i, item) {
		path_cut(r, mark);
		buf_addf(&r->path, "/%zu", i);
		read_one_item(r, item);
	}
	path_cut(r, mark);
}

/* jansson's error, in the reader's language */
static const char *json_problem(const json_error_t *e)
{
	switch (json_error_code(e)) {
	case json_error_premature_end_of_input:
		return _("the JSON ends too early");
	case json_error_end_of_input_expected:
		return _("more after the end of the JSON document");
	case json_error_invalid_utf8:
		return _("not UTF-8");
	case json_error_null_character:
	case json_error_null_byte_in_key:
		return _("a NUL character in a string");
	case json_error_duplicate_key:
		return _("a key twice in one object");
	case json_error_numeric_overflow:
		return _("a number too large");
	case json_error_wrong_type:
		return _("not a JSON object");
	default:
		return _("not valid JSON here");
	}
}

static int is_response(struct reader *r, json_t *root)
{
	const char *type = str_member(root, "resourceType"), *canon = str_member(root, "questionnaire");
	struct buf want = { 0 }, msg = { 0 };
	int ok = 1;

	if (!type || strcmp(type, "QuestionnaireResponse") != 0) {
		buf_addf(&msg, _("not a FHIR QuestionnaireResponse (resourceType '%s'): a form tool saves one"),
			 type ? type : "");
		ok = 0;
	} else if (canon) {
		size_t n;
		fhir_canonical(r->d->q, &want);
		n = strcspn(canon, "|");
		/* ours, with or without |edition; or a tool's Questionnaire/ID */
		if (!(n == want.len && !strncmp(canon, buf_str(&want), n)) &&
		    !(n > strlen(r->d->q->id) && canon[n - strlen(r->d->q->id) - 1] == '/' &&
		      !strncmp(canon + n - strlen(r->d->q->id), r->d->q->id, strlen(r->d->q->id)))) {
			buf_addf(&msg, _("a response to questionnaire '%s', not '%s': not read"), canon, buf_str(&want));
			ok = 0;
		}
	}
	if (!ok) {
		buf_adds(&r->path, "/resourceType");
		if (type && canon && !strcmp(type, "QuestionnaireResponse")) {
			path_cut(r, 0);
			buf_adds(&r->path, "/questionnaire");
		}
		trouble(r, buf_str(&msg));
	}
	buf_free(&want);
	buf_free(&msg);
	return ok;
}

int fhir_import(struct dossier *d, const char *file, const char *bytes, size_t len, const struct import_opts *o)
{
	struct reader r = { .d = d, .file = file, .o = o };
	json_error_t jerr;
	json_t *root;
	size_t count = 0;
	int rc = -1;

	json_budget = FHIR_MAX_MEMORY;
	json_used = 0;
	json_refused = 0;
	json_set_alloc_funcs(json_alloc, json_release);
	root = json_loadb(bytes, len, JSON_REJECT_DUPLICATES, &jerr);
	if (!root && json_refused) {
		diag(SEV_ERROR, file, 0, 0, "%s", _("the JSON takes more memory than the reader allows"));
		goto done;
	}
	if (!root) {
		diag(SEV_ERROR, file, jerr.line > 0 ? jerr.line : 0, jerr.line > 0 ? jerr.column : 0, "%s",
		     json_problem(&jerr));
		goto done;
	}
	if (!json_is_object(root)) {
		trouble(&r, _("not a JSON object"));
		goto done;
	}
	if (bounded(&r, root, 1, &count) != 0 || !is_response(&r, root))
		goto done;
	r.exact = dmn_extension(root, "from-dossier") != NULL;
	r.whole = d->src == NULL;
	r.seen = xcalloc(d->q->nquestions ? d->q->nquestions : 1, sizeof *r.seen);
	buf_adds(&r.path, "/item");
	read_items(&r, json_object_get(root, "item"));
	path_cut(&r, 0);
	if (r.whole && !d->device.name)	/* a form tool saves a response without it */
		finding(&r, SEV_ERROR, _("no device name in the response (its item device.name): the dossier has none"));
	rc = 0;
done:
	json_decref(root);
	free(r.seen);
	buf_free(&r.path);
	return rc;
}

/* A response is JSON: an object, first of all (a workbook is a zip, a CSV text) */
int fhir_sniff(const char *bytes, size_t len)
{
	size_t i = 0;

	if (len >= 3 && !memcmp(bytes, "\xef\xbb\xbf", 3))
		i = 3;
	while (i < len && strchr(" \t\r\n", bytes[i]))
		i++;
	return i < len && bytes[i] == '{';
}
