/* form.c: the vendor's form as a spreadsheet, one layout for its writer (workbook.c) and its
 * reader (import.c): the sheets, the columns, the device's rows, and the words of the cells
 * that come from the questionnaire (a question, its context, the answer expected), which
 * the reader checks were not edited. */
#include <string.h>

#include "guide.h"

/* Names in both languages: a form written in French is read back by an English run. */
const struct text form_sheets[FORM_SHEETS] = {
	[FORM_INSTRUCTIONS] = { "Instructions", "Instructions" },
	[FORM_DEVICE] = { "Dispositif", "Device" },
	[FORM_QUESTIONS] = { "Questions", "Questions" },
	[FORM_LISTS] = { "Listes", "Lists" },
};

const struct text form_headings[FORM_COLS] = {
	[FORM_ID] = { "N°", "No." },
	[FORM_SECTION] = { "Section", "Section" },
	[FORM_CONTEXT] = { "Contexte", "Context" },
	[FORM_QUESTION] = { "Question", "Question" },
	[FORM_EXPECTED] = { "Réponse attendue", "Expected answer" },
	[FORM_ANSWER] = { "Réponse", "Answer" },
	[FORM_STATUS] = { "Statut", "Status" },
	[FORM_SOURCE] = { "Source", "Source" },
	[FORM_COMMENT] = { "Commentaire", "Comment" },
};

/* the device's rows, in device_fields' order */
const struct text form_device_labels[DEVICE_FIELDS] = {
	{ "Nom du dispositif", "Device name" },
	{ "Fabricant", "Manufacturer" },
	{ "Version", "Version" },
	{ "Classe du marquage CE", "CE marking class" },
	{ "Organisme notifié", "Notified body" },
	{ "IUD-ID (UDI-DI)", "UDI-DI" },
	{ "Contact", "Contact" },
	{ "Site web", "Website" },
};

/* A form asks the questions that have an answer of their own, for its audience. */
int form_asks(const struct questionnaire *q, int qi, unsigned audience)
{
	const struct question *qu = &q->questions[qi];

	return qu->type != QT_GROUP && (!audience || (qu->audience & audience));
}

/* The question as its reader is asked it: the vendor's wording, else the guide's. */
const char *form_question(const struct questionnaire *q, int qi, enum lang lang)
{
	const struct question *qu = &q->questions[qi];

	return text_get(qu->vendor.fr ? qu->vendor : qu->text, lang);
}

/* A section as a cell names it: "4. Quels sont les éléments de preuve…" */
void form_section_title(struct buf *b, const struct questionnaire *q, int s, enum lang lang)
{
	buf_addf(b, "%s. %s", q->sections[s].id, text_get(q->sections[s].title, lang));
}

/* The questions it comes under, outermost first, one a line ("4.2 Les données…"); for a
 * question at the top of its section, the section's title ("4. Quels sont…") */
void form_context(struct buf *b, const struct questionnaire *q, int qi, enum lang lang)
{
	const struct section *s = &q->sections[q->questions[qi].section];
	int chain[32], n = 0, k;

	for (k = q->questions[qi].parent; k >= 0 && n < 32; k = q->questions[k].parent)
		chain[n++] = k;
	if (!n && strcmp(q->questions[qi].id, s->id) != 0)
		form_section_title(b, q, q->questions[qi].section, lang);
	while (n--) {
		buf_addf(b, "%s%s ", b->len ? "\n" : "", q->questions[chain[n]].id);
		buf_adds(b, form_question(q, chain[n], lang));
	}
}

/* An option's label, or yes/no, as the form's lists offer them (the messages' language) */
const char *form_option_words(const struct question *qu, const char *id, enum lang lang)
{
	const char *label;

	if (qu->type == QT_YESNO)
		return !strcmp(id, "yes") ? _("yes") : _("no");
	label = option_label(qu, id, lang);
	return label ? label : id;
}

/* What the answer must be, and when the question applies. */
void form_expected(struct buf *b, const struct questionnaire *q, int qi, enum lang lang)
{
	const struct question *qu = &q->questions[qi];
	size_t i;

	switch (qu->type) {
	case QT_YESNO:
		buf_adds(b, _("Yes or no"));
		break;
	case QT_CHOICE:
	case QT_CHOICES:
		buf_adds(b, qu->type == QT_CHOICE ? _("One of:") : _("One or more of (separated by ;):"));
		for (i = 0; i < qu->noptions; i++)
			buf_addf(b, "%s%s", i ? " ; " : " ", text_get(qu->options[i].label, lang));
		break;
	case QT_NUMBER:
		if (qu->unit)
			buf_addf(b, _("A number, in %s"), unit_label(qu->unit));
		else
			buf_adds(b, _("A number"));
		break;
	case QT_DATE:
		buf_adds(b, _("A date (YYYY-MM-DD)"));
		break;
	default:
		buf_adds(b, _("Text"));
		break;
	}
	if (qu->when) {
		const struct question *dep = &q->questions[qu->when->question];
		buf_adds(b, "\n");
		buf_addf(b, _("Only if the answer to %s is"), dep->id);
		for (i = 0; i < qu->when->nvalues; i++)
			buf_addf(b, "%s%s", i ? _(" or ") : " ", form_option_words(dep, qu->when->values[i], lang));
	}
}

/* An answer held as the form shows it: labels, numbers and dates as written, text as is;
 * a refused value as it was given, for its writer to correct. 0 if none. */
int form_value(struct buf *b, const struct question *qu, const struct node *v, enum lang lang)
{
	struct answer_verdict vd;
	size_t i;

	if (!v)
		return 0;
	if (v->kind == NODE_SEQ) {
		for (i = 0; i < v->n; i++)
			if (v->items[i]->kind == NODE_SCALAR)
				buf_addf(b, "%s%s", b->len ? " ; " : "", form_option_words(qu, v->items[i]->text, lang));
		return b->len > 0;
	}
	if (v->kind != NODE_SCALAR || node_is_null(v))
		return 0;
	if ((qu->type == QT_YESNO || qu->type == QT_CHOICE) && answer_check(qu, v, &vd) == 1 && vd.norm)
		buf_adds(b, form_option_words(qu, vd.norm, lang));
	else
		buf_adds(b, v->text);
	return 1;
}
