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
