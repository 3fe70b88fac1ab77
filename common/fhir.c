/* fhir.c: the questionnaire as an HL7 FHIR R4 Questionnaire (JSON), with the Structured
 * Data Capture conventions that form tools render (LHC-Forms and others): a group per
 * section, an item per question with its id as linkId and the guide's text, the types
 * (string/text, boolean, choice with the option ids as codes, decimal with its unit, date),
 * enableWhen for the conditions, the help and "where to find" texts as help items, required
 * as a policy says, and every text in the reader's language with the other one in the
 * translation extension. Made from the questionnaire, never written by hand. */
#include <stdlib.h>
#include <string.h>

#include "emit.h"
#include "guide.h"

#define EXT_TRANSLATION "http://hl7.org/fhir/StructureDefinition/translation"
#define EXT_UNIT "http://hl7.org/fhir/StructureDefinition/questionnaire-unit"
#define EXT_ITEM_CONTROL "http://hl7.org/fhir/StructureDefinition/questionnaire-itemControl"
#define ITEM_CONTROL "http://hl7.org/fhir/questionnaire-item-control"
#define UCUM "http://unitsofmeasure.org"
#define ISO4217 "urn:iso:std:iso:4217"

struct fhir {
	struct emitter *e;
	const struct questionnaire *q;
	const struct fhir_opts *o;
	unsigned char *keep;	/* per question: in the form */
};

static const char *lang_code(enum lang lang)
{
	return lang == LANG_FR ? "fr" : "en";
}

/* key: the text in the reader's language; _key: the other language, as a translation */
static void emit_text(struct fhir *f, const char *key, struct text t)
{
	enum lang other = f->o->lang == LANG_FR ? LANG_EN : LANG_FR;
	const char *mine = text_get(t, f->o->lang), *theirs = text_get(t, other);
	struct buf under = { 0 };

	if (!mine || !*mine)
		return;
	emit_kv_str(f->e, key, mine);
	if (!theirs || !*theirs || !strcmp(mine, theirs))
		return;
	buf_addf(&under, "_%s", key);
	emit_key(f->e, buf_str(&under));
	emit_map_begin(f->e);
	emit_key(f->e, "extension");
	emit_seq_begin(f->e);
	emit_map_begin(f->e);
	emit_kv_str(f->e, "url", EXT_TRANSLATION);
	emit_key(f->e, "extension");
	emit_seq_begin(f->e);
	emit_map_begin(f->e);
	emit_kv_str(f->e, "url", "lang");
	emit_kv_str(f->e, "valueCode", lang_code(other));
	emit_map_end(f->e);
	emit_map_begin(f->e);
	emit_kv_str(f->e, "url", "content");
	emit_kv_str(f->e, "valueString", theirs);
	emit_map_end(f->e);
	emit_seq_end(f->e);
	emit_map_end(f->e);
	emit_seq_end(f->e);
	emit_map_end(f->e);
	buf_free(&under);
}

/* Two texts as one: a, then a blank line and b (each in both languages) */
static struct text joined(struct text a, struct text b, struct buf *fr, struct buf *en)
{
	struct text t;

	buf_addf(fr, "%s%s%s", a.fr ? a.fr : "", a.fr && *a.fr && b.fr && *b.fr ? "\n\n" : "", b.fr ? b.fr : "");
	buf_addf(en, "%s%s%s", a.en ? a.en : "", a.en && *a.en && b.en && *b.en ? "\n\n" : "", b.en ? b.en : "");
	t.fr = buf_str(fr);
	t.en = buf_str(en);
	return t;
}

static int has_text(struct text t)
{
	return (t.fr && *t.fr) || (t.en && *t.en);
}

/* A display item shown behind the help button of its parent */
static void emit_help(struct fhir *f, const char *parent, struct text t)
{
	struct buf id = { 0 };

	if (!has_text(t))
		return;
	buf_addf(&id, "%s.help", parent);
	emit_map_begin(f->e);
	emit_key(f->e, "extension");
	emit_seq_begin(f->e);
	emit_map_begin(f->e);
	emit_kv_str(f->e, "url", EXT_ITEM_CONTROL);
	emit_key(f->e, "valueCodeableConcept");
	emit_map_begin(f->e);
	emit_key(f->e, "coding");
	emit_seq_begin(f->e);
	emit_map_begin(f->e);
	emit_kv_str(f->e, "system", ITEM_CONTROL);
	emit_kv_str(f->e, "code", "help");
	emit_kv_str(f->e, "display", "Help-Button");
	emit_map_end(f->e);
	emit_seq_end(f->e);
	emit_map_end(f->e);
	emit_map_end(f->e);
	emit_seq_end(f->e);
	emit_kv_str(f->e, "linkId", buf_str(&id));
	emit_kv_str(f->e, "type", "display");
	emit_text(f, "text", t);
	emit_map_end(f->e);
	buf_free(&id);
}

/* The unit of a number: UCUM where there is a code, the ISO 4217 code of a currency */
static void emit_unit(struct fhir *f, const char *unit)
{
	static const struct {
		const char *unit, *system, *code;
	} units[] = {
		{ "EUR", ISO4217, "EUR" }, { "days", UCUM, "d" }, { "minutes", UCUM, "min" }, { "months", UCUM, "mo" },
		{ "years", UCUM, "a" }, { "hours", UCUM, "h" }, { "seconds", UCUM, "s" }, { "percent", UCUM, "%" },
	};
	size_t i;

	for (i = 0; i < sizeof units / sizeof *units && strcmp(units[i].unit, unit) != 0; i++)
		;
	emit_key(f->e, "extension");
	emit_seq_begin(f->e);
	emit_map_begin(f->e);
	emit_kv_str(f->e, "url", EXT_UNIT);
	emit_key(f->e, "valueCoding");
	emit_map_begin(f->e);
	if (i < sizeof units / sizeof *units) {
		emit_kv_str(f->e, "system", units[i].system);
		emit_kv_str(f->e, "code", units[i].code);
	}
	emit_kv_str(f->e, "display", unit_label(unit));
	emit_map_end(f->e);
	emit_map_end(f->e);
	emit_seq_end(f->e);
}

static void emit_condition(struct fhir *f, const struct condition *c)
{
	const struct question *dep = &f->q->questions[c->question];
	size_t i;

	emit_key(f->e, "enableWhen");
	emit_seq_begin(f->e);
	for (i = 0; i < c->nvalues; i++) {
		emit_map_begin(f->e);
		emit_kv_str(f->e, "question", dep->id);
		emit_kv_str(f->e, "operator", "=");
		if (dep->type == QT_YESNO) {
			emit_key(f->e, "answerBoolean");
			emit_bool(f->e, !strcmp(c->values[i], "yes"));
		} else {
			emit_key(f->e, "answerCoding");
			emit_map_begin(f->e);
			emit_kv_str(f->e, "code", c->values[i]);
			emit_map_end(f->e);
		}
		emit_map_end(f->e);
	}
	emit_seq_end(f->e);
	if (c->nvalues > 1)
		emit_kv_str(f->e, "enableBehavior", "any");
}

static const char *item_type(const struct question *qu)
{
	switch (qu->type) {
	case QT_GROUP:
		return "group";
	case QT_YESNO:
		return "boolean";
	case QT_CHOICE:
	case QT_CHOICES:
		return "choice";
	case QT_NUMBER:
		return "decimal";
	case QT_DATE:
		return "date";
	default:
		return "text";
	}
}

static int has_kept_child(const struct fhir *f, int qi)
{
	size_t j;

	for (j = (size_t)qi + 1; j < f->q->nquestions && question_is_under(f->q, (int)j, qi); j++)
		if (f->keep[j])
			return 1;
	return 0;
}

static void emit_question(struct fhir *f, int qi)
{
	const struct question *qu = &f->q->questions[qi];
	struct buf fr = { 0 }, en = { 0 }, notes_fr = { 0 }, notes_en = { 0 };
	struct text help = qu->help;
	size_t i;

	emit_map_begin(f->e);
	if (qu->type == QT_NUMBER && qu->unit)
		emit_unit(f, qu->unit);
	emit_kv_str(f->e, "linkId", qu->id);
	emit_kv_str(f->e, "prefix", qu->id);
	emit_text(f, "text", qu->text);
	emit_kv_str(f->e, "type", item_type(qu));
	if (qu->when)
		emit_condition(f, qu->when);
	if (qu->type != QT_GROUP && f->o->required && f->o->required->set[qi]) {
		emit_key(f->e, "required");
		emit_bool(f->e, 1);
	}
	if (qu->type == QT_CHOICES) {
		emit_key(f->e, "repeats");
		emit_bool(f->e, 1);
	}
	if (qu->noptions) {
		emit_key(f->e, "answerOption");
		emit_seq_begin(f->e);
		for (i = 0; i < qu->noptions; i++) {
			emit_map_begin(f->e);
			emit_key(f->e, "valueCoding");
			emit_map_begin(f->e);
			emit_kv_str(f->e, "code", qu->options[i].id);
			emit_text(f, "display", qu->options[i].label);
			emit_map_end(f->e);
			emit_map_end(f->e);
		}
		emit_seq_end(f->e);
	}
	/* the help: the guide's explanation, then its notes (legal references) */
	for (i = 0; i < qu->nnotes; i++) {
		buf_addf(&notes_fr, "%s%s", i ? "\n\n" : "", qu->notes[i].fr ? qu->notes[i].fr : "");
		buf_addf(&notes_en, "%s%s", i ? "\n\n" : "", qu->notes[i].en ? qu->notes[i].en : "");
	}
	if (qu->nnotes) {
		struct text notes = { buf_str(&notes_fr), buf_str(&notes_en) };
		help = joined(qu->help, notes, &fr, &en);
	}
	if (has_text(help) || has_kept_child(f, qi)) {
		emit_key(f->e, "item");
		emit_seq_begin(f->e);
		emit_help(f, qu->id, help);
		for (i = (size_t)qi + 1; i < f->q->nquestions && question_is_under(f->q, (int)i, qi); i++)
			if (f->keep[i] && f->q->questions[i].parent == qi)
				emit_question(f, (int)i);
		emit_seq_end(f->e);
	}
	emit_map_end(f->e);
	buf_free(&fr);
	buf_free(&en);
	buf_free(&notes_fr);
	buf_free(&notes_en);
}

static void emit_section(struct fhir *f, const struct section *s)
{
	struct buf fr = { 0 }, en = { 0 }, id = { 0 };
	int i;

	for (i = s->first; i < s->first + s->count && !f->keep[i]; i++)
		;
	if (i == s->first + s->count)
		return;		/* nothing of it in this form */
	buf_addf(&id, "section-%s", s->id);
	emit_map_begin(f->e);
	emit_kv_str(f->e, "linkId", buf_str(&id));
	emit_kv_str(f->e, "prefix", s->id);
	emit_text(f, "text", s->title);
	emit_kv_str(f->e, "type", "group");
	emit_key(f->e, "item");
	emit_seq_begin(f->e);
	emit_help(f, buf_str(&id), joined(s->context, s->where, &fr, &en));
	for (i = s->first; i < s->first + s->count; i++)
		if (f->keep[i] && f->q->questions[i].parent < 0)
			emit_question(f, i);
	emit_seq_end(f->e);
	emit_map_end(f->e);
	buf_free(&fr);
	buf_free(&en);
	buf_free(&id);
}

/* The device, first: its fields as string items device.FIELD (as a spreadsheet form's
 * device.FIELD rows), the name required, for a response to become a dossier */
static void emit_device(struct fhir *f)
{
	struct buf id = { 0 };
	size_t i;

	emit_map_begin(f->e);
	emit_kv_str(f->e, "linkId", "device");
	emit_text(f, "text", form_sheets[FORM_DEVICE]);
	emit_kv_str(f->e, "type", "group");
	emit_key(f->e, "item");
	emit_seq_begin(f->e);
	for (i = 0; i < DEVICE_FIELDS; i++) {
		buf_clear(&id);
		buf_addf(&id, "device.%s", device_fields[i]);
		emit_map_begin(f->e);
		emit_kv_str(f->e, "linkId", buf_str(&id));
		emit_text(f, "text", form_device_labels[i]);
		emit_kv_str(f->e, "type", strcmp(device_fields[i], "url") ? "string" : "url");
		if (i == 0) {
			emit_key(f->e, "required");
			emit_bool(f->e, 1);
		}
		emit_map_end(f->e);
	}
	emit_seq_end(f->e);
	emit_map_end(f->e);
	buf_free(&id);
}

/* The questions of the form: those the audience answers, with the groups above them and
 * the questions their conditions name; a group with nothing kept under it is not kept */
static void choose(struct fhir *f)
{
	const struct questionnaire *q = f->q;
	size_t i, again = 1;

	for (i = 0; i < q->nquestions; i++)
		f->keep[i] = q->questions[i].type != QT_GROUP && (q->questions[i].audience & f->o->audience);
	while (again) {		/* a condition names an earlier question, which may have one too */
		again = 0;
		for (i = 0; i < q->nquestions; i++) {
			const struct condition *c = q->questions[i].when;
			int k;
			if (!f->keep[i] && !(q->questions[i].type == QT_GROUP && has_kept_child(f, (int)i)))
				continue;
			if (c && !f->keep[c->question] && (again = 1))
				f->keep[c->question] = 1;
			for (k = q->questions[i].parent; k >= 0; k = q->questions[k].parent)
				if (!f->keep[k] && (again = 1))
					f->keep[k] = 1;
		}
	}
}

/* The questionnaire's canonical URL, which a response names (with |edition) */
const char *fhir_canonical(const struct questionnaire *q, struct buf *b)
{
	buf_addf(b, "urn:dmn:questionnaire:%s", q->id);
	return buf_str(b);
}

/* A name for machines, as FHIR wants it ([A-Z][A-Za-z0-9_]*): has-dmn-2023 is HasDmn2023 */
static const char *computable_name(const char *id, struct buf *b)
{
	int up = 1;

	for (; *id; id++) {
		char c = *id;
		if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_')) {
			up = 1;
			continue;
		}
		if (!b->len && !(c >= 'a' && c <= 'z') && !(c >= 'A' && c <= 'Z'))
			buf_adds(b, "Q");
		if (up && c >= 'a' && c <= 'z')
			c = (char)(c - 'a' + 'A');
		buf_add(b, &c, 1);
		up = 0;
	}
	return buf_str(b);
}

void fhir_questionnaire_write(const struct questionnaire *q, const struct fhir_opts *o, FILE *out)
{
	struct emitter em;
	struct fhir f = { &em, q, o, xcalloc(q->nquestions ? q->nquestions : 1, 1) };
	struct buf name = { 0 }, url = { 0 };
	size_t i;

	choose(&f);
	emit_init(&em, out, 1);
	emit_doc_begin(&em);
	emit_map_begin(&em);
	emit_kv_str(&em, "resourceType", "Questionnaire");
	emit_kv_str(&em, "id", q->id);
	emit_key(&em, "url");
	emit_str(&em, fhir_canonical(q, &url));
	emit_kv_str(&em, "language", lang_code(o->lang));
	emit_kv_str(&em, "version", q->edition);
	emit_key(&em, "name");
	emit_str(&em, computable_name(q->id, &name));
	emit_text(&f, "title", q->title);
	emit_kv_str(&em, "status", "active");
	if (q->edition && parse_date(q->edition))
		emit_kv_str(&em, "date", q->edition);
	emit_kv_str(&em, "publisher", text_get(q->publisher, o->lang));
	emit_key(&em, "item");
	emit_seq_begin(&em);
	emit_device(&f);
	for (i = 0; i < q->nsections; i++)
		emit_section(&f, &q->sections[i]);
	emit_seq_end(&em);
	emit_map_end(&em);
	emit_doc_end(&em);
	free(f.keep);
	buf_free(&name);
	buf_free(&url);
}

/* --- a dossier as a QuestionnaireResponse ---------------------------------------------- */

struct response {
	struct fhir f;
	const struct dossier *d;
	const char *file;
	unsigned char *content;	/* per question: it, or a question under it, has something */
	size_t lost;		/* what the response cannot hold, said */
};

/* an entry's fields that dmn does not know, whose value is a text: carried */
static int has_unknown_field(const struct node *entry)
{
	size_t k;

	for (k = 0; entry && entry->kind == NODE_MAP && k < entry->n; k++)
		if (!field_known(answer_fields, entry->items[2 * k]->text) &&
		    entry->items[2 * k + 1]->kind == NODE_SCALAR)
			return 1;
	return 0;
}

static int has_meta(const struct answer *a)
{
	return a->source || a->by || a->date || a->comment || has_unknown_field(a->entry);
}

/* A text a response can hold: FHIR has no empty string */
static int has_text_of(const char *s)
{
	return s && s[strspn(s, " \t\r\n")];
}

static int holdable(const struct node *x)
{
	return x->kind == NODE_SCALAR && !node_is_null(x) && has_text_of(x->text);
}

static void emit_ext_str(struct emitter *e, const char *name, const char *value)
{
	struct buf url = { 0 };

	if (!has_text_of(value))
		return;
	buf_addf(&url, FHIR_DMN_EXT "%s", name);
	emit_map_begin(e);
	emit_kv_str(e, "url", buf_str(&url));
	emit_kv_str(e, "valueString", value);
	emit_map_end(e);
	buf_free(&url);
}

/* An entry's status as written, when it is not one (status: done): carried as written */
static const struct node *bad_status(const struct answer *a)
{
	const struct node *st = a->entry && a->entry->kind == NODE_MAP ? node_get(a->entry, "status") : NULL;
	int s;

	if (!st || st->kind != NODE_SCALAR || node_is_null(st))
		return NULL;
	s = status_parse(st->text);
	return s == ST_UNKNOWN || s == ST_NOT_APPLICABLE || s == ST_PENDING || s == ST_ANSWERED ? NULL : st;
}

/* The value[x] of one answer, inside its mapping: as its question's type wants it when it
 * is valid, else as written (valueString, or the codes of a list of options), for the
 * reader to flag again */
static void emit_value(struct response *rs, const struct question *qu, const struct answer *a,
		       const struct node *v, const struct answer_verdict *vd, int valid)
{
	struct emitter *e = rs->f.e;
	struct buf b = { 0 };

	if (valid && qu->type == QT_YESNO) {
		emit_key(e, "valueBoolean");
		emit_bool(e, vd->norm && !strcmp(vd->norm, "yes"));
	} else if ((valid || v != a->value) && (qu->type == QT_CHOICE || qu->type == QT_CHOICES)) {
		const char *id = answer_option_id(qu, v->text), *label = option_label(qu, id, rs->f.o->lang);
		emit_key(e, "valueCoding");
		emit_map_begin(e);
		emit_kv_str(e, "code", id);
		if (label && strcmp(label, id) != 0)
			emit_kv_str(e, "display", label);
		emit_map_end(e);
	} else if (valid && qu->type == QT_NUMBER) {
		answer_number_canonical(&b, qu, v->text);
		emit_key(e, "valueDecimal");
		emit_number(e, buf_str(&b));
	} else if (valid && qu->type == QT_DATE) {
		emit_kv_str(e, "valueDate", v->text);
	} else {
		emit_kv_str(e, "valueString", v->text);
	}
	buf_free(&b);
}

static void emit_response_item(struct response *rs, int qi);

/* The items under question qi that have something, in order */
static void emit_children(struct response *rs, int qi)
{
	const struct questionnaire *q = rs->f.q;
	size_t j;

	emit_key(rs->f.e, "item");
	emit_seq_begin(rs->f.e);
	for (j = (size_t)qi + 1; j < q->nquestions && question_is_under(q, (int)j, qi); j++)
		if (q->questions[j].parent == qi && rs->content[j])
			emit_response_item(rs, (int)j);
	emit_seq_end(rs->f.e);
}

/* dmn's extensions of an item: its status (a code; one that is none as written), source,
 * by, date, comment, and the fields of entry that dmn does not know, each a name and a text */
static void emit_item_ext(struct emitter *e, const char *status, int status_known, const char *source,
			  const char *by, const char *date, const char *comment, const struct node *entry)
{
	size_t k;

	if (!status && !source && !by && !date && !comment && !has_unknown_field(entry))
		return;
	emit_key(e, "extension");
	emit_seq_begin(e);
	if (status) {
		emit_map_begin(e);
		emit_kv_str(e, "url", FHIR_DMN_EXT "status");
		emit_kv_str(e, status_known ? "valueCode" : "valueString", status);
		emit_map_end(e);
	}
	emit_ext_str(e, "source", source);
	emit_ext_str(e, "by", by);
	emit_ext_str(e, "date", date);
	emit_ext_str(e, "comment", comment);
	for (k = 0; entry && entry->kind == NODE_MAP && k < entry->n; k++) {
		const struct node *f = entry->items[2 * k], *v = entry->items[2 * k + 1];
		if (field_known(answer_fields, f->text) || v->kind != NODE_SCALAR)
			continue;
		emit_map_begin(e);
		emit_kv_str(e, "url", FHIR_DMN_EXT "field");
		emit_key(e, "extension");
		emit_seq_begin(e);
		emit_map_begin(e);
		emit_kv_str(e, "url", "name");
		emit_kv_str(e, "valueString", f->text);
		emit_map_end(e);
		if (holdable(v)) {	/* else no value: an empty one */
			emit_map_begin(e);
			emit_kv_str(e, "url", "value");
			emit_kv_str(e, "valueString", v->text);
			emit_map_end(e);
		}
		emit_seq_end(e);
		emit_map_end(e);
	}
	emit_seq_end(e);
}

static void emit_response_item(struct response *rs, int qi)
{
	const struct question *qu = &rs->f.q->questions[qi];
	const struct answer *a = &rs->d->answers[qi];
	struct emitter *e = rs->f.e;
	const struct node *bad = bad_status(a), *v = a->value;
	int children = 0, first = 1;
	struct answer_verdict vd;
	size_t j, n = 0;

	/* the answer's texts a response can hold: a list's, or the one; a list inside, said */
	for (j = 0; v && qu->type != QT_GROUP && v->kind == NODE_SEQ && j < v->n; j++) {
		if (v->items[j]->kind != NODE_SCALAR) {
			diag(SEV_WARNING, rs->file, v->items[j]->line, v->items[j]->col, "a list or mapping inside the "
			     "answer to '%s' is not in the QuestionnaireResponse", qu->id);
			rs->lost++;
		}
		n += holdable(v->items[j]);
	}
	if (v && qu->type != QT_GROUP && v->kind == NODE_SCALAR)
		n = holdable(v);

	for (j = (size_t)qi + 1; j < rs->f.q->nquestions && question_is_under(rs->f.q, (int)j, qi); j++)
		children |= rs->content[j];
	if (v && v->kind == NODE_MAP) {
		diag(SEV_WARNING, rs->file, v->line, v->col, "the answer to '%s' is a mapping: the "
		     "QuestionnaireResponse does not hold it", qu->id);
		rs->lost++;
	}
	emit_map_begin(e);
	emit_item_ext(e, bad ? bad->text : a->status == ST_UNKNOWN || a->status == ST_NOT_APPLICABLE ||
		      a->status == ST_PENDING ? statuses[a->status].id : NULL, !bad, a->source, a->by, a->date,
		      a->comment, a->entry);
	emit_kv_str(e, "linkId", qu->id);
	emit_kv_str(e, "text", text_get(qu->text, rs->f.o->lang));
	if (n) {
		int valid = answer_check(qu, v, &vd) > 0;
		emit_key(e, "answer");
		emit_seq_begin(e);
		for (j = 0; j < (v->kind == NODE_SEQ ? v->n : 1); j++) {
			const struct node *x = v->kind == NODE_SEQ ? v->items[j] : v;
			if (!holdable(x))
				continue;
			emit_map_begin(e);
			emit_value(rs, qu, a, x, &vd, valid);
			if (first && children)
				emit_children(rs, qi);	/* under the answer, as R4 wants a question's */
			first = 0;
			emit_map_end(e);
		}
		emit_seq_end(e);
	} else if (children) {
		emit_children(rs, qi);
	}
	emit_map_end(e);
}

static const struct node *dossier_answers(const struct dossier *d)
{
	const struct node *root = ydoc_root(d->doc), *answers = root ? node_get(root, "answers") : NULL;

	return answers && answers->kind == NODE_MAP ? answers : NULL;
}

static const char *text_of(const struct node *n)
{
	return n && n->kind == NODE_SCALAR && !node_is_null(n) ? n->text : NULL;
}

/* The answer to a question the questionnaire does not have, as written: an item at the
 * end of the response, its id as linkId, its texts as valueString, its fields in dmn's
 * extensions (a status that is none as written) */
static void emit_unknown_item(struct response *rs, const struct node *key, const struct node *v)
{
	struct emitter *e = rs->f.e;
	const struct node *ans = v->kind == NODE_MAP ? node_get(v, "answer") : v;
	const struct node *st = v->kind == NODE_MAP ? node_get(v, "status") : NULL;
	int s = text_of(st) ? status_parse(st->text) : -1;
	size_t j, n = 0;

	emit_map_begin(e);
	emit_item_ext(e, text_of(st), s == ST_ANSWERED || s == ST_UNKNOWN || s == ST_NOT_APPLICABLE || s == ST_PENDING,
		      v->kind == NODE_MAP ? text_of(node_get(v, "source")) : NULL,
		      v->kind == NODE_MAP ? text_of(node_get(v, "by")) : NULL,
		      v->kind == NODE_MAP ? text_of(node_get(v, "date")) : NULL,
		      v->kind == NODE_MAP ? text_of(node_get(v, "comment")) : NULL, v);
	emit_kv_str(e, "linkId", key->text);
	for (j = 0; ans && ans->kind == NODE_SEQ && j < ans->n; j++)
		n += holdable(ans->items[j]);
	if (ans && ans->kind == NODE_SCALAR)
		n = holdable(ans);
	if (n) {
		emit_key(e, "answer");
		emit_seq_begin(e);
		for (j = 0; j < (ans->kind == NODE_SEQ ? ans->n : 1); j++) {
			const struct node *x = ans->kind == NODE_SEQ ? ans->items[j] : ans;
			if (!holdable(x))
				continue;
			emit_map_begin(e);
			emit_kv_str(e, "valueString", x->text);
			emit_map_end(e);
		}
		emit_seq_end(e);
	}
	emit_map_end(e);
}

/* A list or mapping where a response has a text, in the answer to an unknown question or
 * in a field that dmn does not know: said */
static void say_nested(struct response *rs, const struct node *key, const struct node *v, int unknown_id)
{
	const struct node *bad = NULL;
	size_t k;

	if (unknown_id && v->kind == NODE_SEQ) {
		for (k = 0; k < v->n && !bad; k++)
			if (v->items[k]->kind != NODE_SCALAR)
				bad = v->items[k];
	} else if (v->kind == NODE_MAP) {
		for (k = 0; k < v->n; k++) {
			const struct node *f = v->items[2 * k], *x = v->items[2 * k + 1];
			if (!strcmp(f->text, "answer")) {
				if (unknown_id && x->kind == NODE_MAP)
					bad = x;
				else if (unknown_id)
					say_nested(rs, key, x, 1);
			} else if (x->kind != NODE_SCALAR && (unknown_id || !field_known(answer_fields, f->text))) {
				diag(SEV_WARNING, rs->file, f->line, f->col, "the field '%s' of the answer to '%s' is not in "
				     "the QuestionnaireResponse", f->text, key->text);
				rs->lost++;
			}
		}
	}
	if (bad) {
		diag(SEV_WARNING, rs->file, bad->line, bad->col, "a list or mapping inside the answer to '%s' is "
		     "not in the QuestionnaireResponse", key->text);
		rs->lost++;
	}
}

/* What a response cannot hold, said: a list or mapping where a text is due, an unknown
 * field of the device */
static void say_lost(struct response *rs)
{
	const struct dossier *d = rs->d;
	const struct node *answers = dossier_answers(d);
	size_t i;

	for (i = 0; answers && i < answers->n; i++) {
		const struct node *key = answers->items[2 * i], *v = answers->items[2 * i + 1];
		if (questionnaire_find(d->q, key->text) < 0)
			say_nested(rs, key, v, 1);
		else if (v->kind == NODE_MAP)
			say_nested(rs, key, v, 0);
	}
	for (i = 0; d->device_node && d->device_node->kind == NODE_MAP && i < d->device_node->n; i++) {
		const struct node *f = d->device_node->items[2 * i], *v = d->device_node->items[2 * i + 1];
		struct device scratch;
		if (!device_member(&scratch, f->text) && !node_is_null(v)) {
			diag(SEV_WARNING, rs->file, f->line, f->col, "the device field '%s' is not in the "
			     "QuestionnaireResponse", f->text);
			rs->lost++;
		}
	}
}

static void emit_response_device(struct response *rs)
{
	struct emitter *e = rs->f.e;
	struct device copy = rs->d->device;
	struct buf id = { 0 };
	size_t i, n = 0;

	for (i = 0; i < DEVICE_FIELDS; i++)
		n += *device_member(&copy, device_fields[i]) != NULL;
	if (!n)
		return;
	emit_map_begin(e);
	emit_kv_str(e, "linkId", "device");
	emit_kv_str(e, "text", text_get(form_sheets[FORM_DEVICE], rs->f.o->lang));
	emit_key(e, "item");
	emit_seq_begin(e);
	for (i = 0; i < DEVICE_FIELDS; i++) {
		const char *v = *device_member(&copy, device_fields[i]);
		if (!v)
			continue;
		buf_clear(&id);
		buf_addf(&id, "device.%s", device_fields[i]);
		emit_map_begin(e);
		emit_kv_str(e, "linkId", buf_str(&id));
		emit_kv_str(e, "text", text_get(form_device_labels[i], rs->f.o->lang));
		emit_key(e, "answer");
		emit_seq_begin(e);
		emit_map_begin(e);
		emit_kv_str(e, strcmp(device_fields[i], "url") ? "valueString" : "valueUri", v);
		emit_map_end(e);
		emit_seq_end(e);
		emit_map_end(e);
	}
	emit_seq_end(e);
	emit_map_end(e);
	buf_free(&id);
}

size_t fhir_response_write(const struct dossier *d, const struct fhir_opts *o, const char *file, FILE *out)
{
	const struct questionnaire *q = d->q;
	struct emitter em;
	struct response rs = { { &em, q, o, xcalloc(q->nquestions ? q->nquestions : 1, 1) }, d, file,
			       xcalloc(q->nquestions ? q->nquestions : 1, 1), 0 };
	struct buf canon = { 0 };
	size_t i;
	int s;

	say_lost(&rs);
	choose(&rs.f);
	for (i = q->nquestions; i-- > 0;) {
		const struct answer *a = &d->answers[i];
		if (rs.f.keep[i] && (a->status != ST_MISSING || (a->value && !node_is_null(a->value)) || has_meta(a)))
			rs.content[i] = 1;
		if (rs.content[i] && q->questions[i].parent >= 0)
			rs.content[q->questions[i].parent] = 1;
	}
	emit_init(&em, out, 1);
	emit_doc_begin(&em);
	emit_map_begin(&em);
	emit_kv_str(&em, "resourceType", "QuestionnaireResponse");
	emit_key(&em, "extension");
	emit_seq_begin(&em);
	emit_map_begin(&em);
	emit_kv_str(&em, "url", FHIR_DMN_EXT "from-dossier");
	emit_key(&em, "valueBoolean");
	emit_bool(&em, 1);
	emit_map_end(&em);
	emit_seq_end(&em);
	fhir_canonical(q, &canon);
	if (q->edition)
		buf_addf(&canon, "|%s", q->edition);
	emit_kv_str(&em, "questionnaire", buf_str(&canon));
	emit_kv_str(&em, "status", "in-progress");
	emit_kv_str(&em, "language", lang_code(o->lang));
	emit_key(&em, "item");
	emit_seq_begin(&em);
	emit_response_device(&rs);
	for (s = 0; s < (int)q->nsections; s++) {
		const struct section *sec = &q->sections[s];
		struct buf id = { 0 };
		for (i = (size_t)sec->first; i < (size_t)(sec->first + sec->count) && !rs.content[i]; i++)
			;
		if (i == (size_t)(sec->first + sec->count))
			continue;
		buf_addf(&id, "section-%s", sec->id);
		emit_map_begin(&em);
		emit_kv_str(&em, "linkId", buf_str(&id));
		emit_kv_str(&em, "text", text_get(sec->title, o->lang));
		emit_key(&em, "item");
		emit_seq_begin(&em);
		for (i = (size_t)sec->first; i < (size_t)(sec->first + sec->count); i++)
			if (rs.content[i] && q->questions[i].parent < 0)
				emit_response_item(&rs, (int)i);
		emit_seq_end(&em);
		emit_map_end(&em);
		buf_free(&id);
	}
	{
		const struct node *answers = dossier_answers(d);
		for (i = 0; answers && i < answers->n; i++)
			if (questionnaire_find(q, answers->items[2 * i]->text) < 0)
				emit_unknown_item(&rs, answers->items[2 * i], answers->items[2 * i + 1]);
	}
	emit_seq_end(&em);
	emit_map_end(&em);
	emit_doc_end(&em);
	free(rs.f.keep);
	free(rs.content);
	buf_free(&canon);
	return rs.lost;
}
