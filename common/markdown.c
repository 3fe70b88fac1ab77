/* markdown.c: dmn documents rendered as Markdown (CommonMark with GitHub tables) for
 * people: a dossier as a full report, a validation as the letter of questions to send
 * back, a comparison as the Annexe 2 table, a questionnaire as a blank form. Vendor text
 * is data, never markup (text.c). */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "guide.h"

/* A table cell longer than this is shortened, its full text in a note below the table. */
#define CELL_MAX 80


struct markdown {
	const struct questionnaire *q;
	enum lang lang;
	char date[16];		/* empty: no date in the report */
	struct buf out;		/* the current document's Markdown */
	int ndocs;
};

/* --- Markdown pieces ------------------------------------------------------------------- */

static void text(struct markdown *r, const char *s)
{
	md_text(&r->out, s ? s : "", 1);
}

static void raw(struct markdown *r, const char *s)
{
	buf_adds(&r->out, s);
}

static void heading(struct markdown *r, int level, const char *number, const char *title)
{
	buf_add(&r->out, "\n######", (size_t)(level > 6 ? 6 : level) + 1);
	buf_add(&r->out, " ", 1);
	if (number) {
		text(r, number);
		raw(r, strchr(number, '.') ? " " : ". ");	/* "3. Title", "3.1 Title" */
	}
	text(r, title);
	raw(r, "\n\n");
}

static void date_line(struct markdown *r)
{
	if (!r->date[0])
		return;
	buf_addf(&r->out, "%s ", _("Report date:"));
	date_text(&r->out, r->date);
	buf_adds(&r->out, "\n\n");
}

/* --- shared pieces of reports ----------------------------------------------------------- */

/* A status id as the reader's words; "partial" is a comparison cell's own (answers that mix). */
static const char *status_words(const char *status)
{
	int st = status ? status_parse(status) : -1;

	if (st >= 0)
		return status_label(st);
	if (status && !strcmp(status, "partial"))
		return _("partial");
	return status ? status : "";
}

static void device_title(struct markdown *r, const char *name, const char *manufacturer, const char *version)
{
	text(r, name ? name : _("(no name)"));
	if (manufacturer) {
		raw(r, " — ");
		text(r, manufacturer);
	}
	if (version) {
		raw(r, _(", version "));
		text(r, version);
	}
}

/* The header row and the alignment row of a table (numbers right-aligned). */
static void table_head(struct markdown *r, const char *const *cols, size_t n, int numbers)
{
	size_t i;

	raw(r, "|");
	for (i = 0; i < n; i++) {
		raw(r, " ");
		text(r, cols[i]);
		raw(r, " |");
	}
	raw(r, "\n|");
	for (i = 0; i < n; i++)
		raw(r, i && numbers ? " ---: |" : " --- |");
	raw(r, "\n");
}

static void completion_table(struct markdown *r, const struct questionnaire *q, const struct counts *total,
			     const struct counts *per_section)
{
	const char *cols[ST_N + 1];
	size_t i;
	int k;

	cols[0] = _("Section");
	for (k = 0; k < ST_N; k++)
		cols[k + 1] = status_heading(status_order[k]);
	table_head(r, cols, ST_N + 1, 1);
	for (i = 0; i < q->nsections; i++) {
		raw(r, "| ");
		text(r, q->sections[i].id);
		raw(r, ". ");
		{
			struct buf b = { 0 };
			text_shorten(&b, text_get(q->sections[i].title, r->lang), 60);
			text(r, buf_str(&b));
			buf_free(&b);
		}
		raw(r, " |");
		for (k = 0; k < ST_N; k++)
			buf_addf(&r->out, " %ld |", per_section[i].v[status_order[k]]);
		raw(r, "\n");
	}
	buf_addf(&r->out, "| **%s** |", _("Total"));
	for (k = 0; k < ST_N; k++)
		buf_addf(&r->out, " **%ld** |", total->v[status_order[k]]);
	raw(r, "\n\n");
}

/* --- dossier: the full report ------------------------------------------------------------ */

/* An option's label in the report's language; the id itself if the option is unknown. */
static const char *label_of(const struct markdown *r, const struct question *qu, const char *id)
{
	const char *label = option_label(qu, id, r->lang);
	return label ? label : id;
}

/* An answered value as a person reads it: Oui/Non, option labels, number and unit. */
static void answer_words(const struct markdown *r, struct buf *b, const struct question *qu, const struct answer *a)
{
	const struct node *v = a->value;
	size_t i;

	switch (qu->type) {
	case QT_YESNO:
		buf_adds(b, !strcmp(a->norm, "yes") ? _("Yes") : _("No"));
		break;
	case QT_CHOICE:
		buf_adds(b, label_of(r, qu, a->norm));
		break;
	case QT_CHOICES:
		if (v->kind == NODE_SCALAR) {
			buf_adds(b, label_of(r, qu, v->text));
			break;
		}
		for (i = 0; i < v->n; i++) {
			if (i)
				buf_adds(b, " ; ");
			buf_adds(b, label_of(r, qu, v->items[i]->text));
		}
		break;
	case QT_NUMBER:
		number_text(b, v->text, qu->unit);
		break;
	default:
		buf_adds(b, v->text);
		break;
	}
}

/* Sections are level 2; a question one level below, unless its section is that question. */
static int question_level(const struct questionnaire *q, const struct question *qu)
{
	int top = (int)q->sections[qu->section].first;
	int sole = q->sections[qu->section].count > 0 && !strcmp(q->questions[top].id, q->sections[qu->section].id);

	return 3 + qu->depth - sole;
}


static void provenance(struct markdown *r, const struct answer *a)
{
	const struct { const char *label, *value; } parts[] = {
		{ N_("Source:"), a->source }, { N_("By:"), a->by },
		{ N_("Date:"), a->date }, { N_("Comment:"), a->comment },
	};
	size_t i;
	int first = 1;

	if (!a->source && !a->by && !a->date && !a->comment)
		return;
	raw(r, "\n");
	for (i = 0; i < sizeof parts / sizeof *parts; i++) {
		if (!parts[i].value)
			continue;
		buf_addf(&r->out, "%s*%s* ", first ? "" : " · ", _(parts[i].label));
		if (parts[i].value == a->date) {
			struct buf when = { 0 };
			date_text(&when, a->date);	/* 5 décembre 2026 in French */
			text(r, buf_str(&when));
			buf_free(&when);
		} else {
			text(r, parts[i].value);
		}
		first = 0;
	}
	raw(r, "\n");
}

static void render_question(struct markdown *r, const struct dossier *d, int qi)
{
	const struct questionnaire *q = d->q;
	const struct question *qu = &q->questions[qi];
	const struct answer *a = &d->answers[qi];
	struct buf b = { 0 };
	const char *dep;

	if (qu->heading.fr)
		heading(r, 3, NULL, text_get(qu->heading, r->lang));
	/* a section that is one question (1, 2, 3, 9, 10) already has its heading */
	if (!(qu->parent < 0 && !strcmp(qu->id, q->sections[qu->section].id)))
		heading(r, question_level(q, qu), qu->id, text_get(qu->text, r->lang));
	if (qu->type == QT_GROUP)
		return;
	if (!question_applies(d, qi) && a->status != ST_INVALID) {
		dep = question_blocker(d, qi);
		buf_addf(&r->out, "*%s ", _("Not applicable: this question depends on the answer to question"));
		text(r, dep);
		raw(r, ".*\n");
		return;
	}
	switch (a->status) {
	case ST_ANSWERED:
		answer_words(r, &b, qu, a);
		md_block(&r->out, buf_str(&b), "> ");
		break;
	case ST_UNKNOWN:
		buf_addf(&r->out, "**%s**\n", _("Unknown (the vendor cannot say)"));
		break;
	case ST_NOT_APPLICABLE:
		buf_addf(&r->out, "**%s**\n", _("Not applicable"));
		break;
	case ST_PENDING:
		buf_addf(&r->out, "**⚠ %s**\n", _("PENDING: asked, answer awaited"));
		break;
	case ST_INVALID: {
		size_t i;
		buf_addf(&r->out, "**⚠ %s**", _("INVALID ANSWER:"));
		for (i = 0; i < d->findings.n; i++)
			if (d->findings.v[i].sev == SEV_ERROR && d->findings.v[i].id &&
			    !strcmp(d->findings.v[i].id, qu->id)) {
				raw(r, " ");
				text(r, d->findings.v[i].msg);
				break;
			}
		raw(r, "\n");
		break;
	}
	default:
		buf_addf(&r->out, "**⚠ %s**\n", _("MISSING: no answer"));
		break;
	}
	/* what was written with unknown, not-applicable, pending or an invalid answer */
	if (a->status != ST_ANSWERED && a->status != ST_MISSING && a->value && !node_is_null(a->value)) {
		size_t i;
		raw(r, "\n");
		if (a->value->kind == NODE_SCALAR) {
			md_block(&r->out, a->value->text, "> ");
		} else if (a->value->kind == NODE_SEQ) {
			b.len = 0;
			buf_add(&b, "", 0);
			for (i = 0; i < a->value->n; i++)
				if (a->value->items[i]->kind == NODE_SCALAR)
					buf_addf(&b, "%s%s", i ? ", " : "", a->value->items[i]->text);
			md_block(&r->out, buf_str(&b), "> ");
		}
	}
	provenance(r, a);
	buf_free(&b);
}

static void render_dossier(struct markdown *r, const char *file, struct ydoc *doc)
{
	struct dmn_error err = { 0 };
	const struct questionnaire *q = r->q;
	struct counts total, *per_section;
	struct dossier *d;
	size_t s;
	int i;

	if (dossier_load(&d, doc, q, &err) != 0) {
		diag_error(file, &err);
		return;
	}
	dossier_settle(d);
	diag_findings(file, &d->findings);
	if (finding_count(&d->findings, SEV_ERROR))
		diag_status(DMN_FINDINGS);
	per_section = xcalloc(q->nsections, sizeof *per_section);
	{
		struct require all;
		require_all(&all, q);
		dossier_counts(d, &all, &total, per_section);
		require_free(&all);
	}
	raw(r, "# ");
	device_title(r, d->device.name, d->device.manufacturer, d->device.version);
	raw(r, "\n\n");
	if (d->device.ce_class) {
		buf_addf(&r->out, "%s ", _("CE class:"));
		text(r, d->device.ce_class);
		raw(r, "  \n");
	}
	buf_addf(&r->out, "%s ", _("Questionnaire:"));
	text(r, text_get(q->title, r->lang));
	raw(r, " (");
	text(r, q->id);
	buf_addf(&r->out, ", %s ", _("edition"));
	text(r, q->edition);
	raw(r, ")\n\n");
	date_line(r);
	heading(r, 2, NULL, _("Completion"));
	completion_table(r, q, &total, per_section);
	for (s = 0; s < q->nsections; s++) {
		const struct section *sec = &q->sections[s];
		heading(r, 2, sec->id, text_get(sec->title, r->lang));
		for (i = sec->first; i < sec->first + sec->count; i++)
			render_question(r, d, i);
	}
	/* what the dossier says that fits no question: unknown ids, unknown fields */
	for (s = 0, i = 0; s < d->findings.n; s++) {
		const struct finding *f = &d->findings.v[s];
		if (f->sev != SEV_ERROR || (f->id && questionnaire_find(q, f->id) >= 0))
			continue;
		if (!i++)
			heading(r, 2, NULL, _("Problems in the dossier"));
		buf_addf(&r->out, "- %s %d, %s %d%s", _("line"), f->line, _("column"), f->col, _(": "));
		text(r, f->msg);
		raw(r, "\n");
	}
	free(per_section);
	dossier_free(d);
}

/* --- validation: the letter of questions to send back --------------------------------- */

/* How many missing questions are for audience want and not for audience not. */
static size_t letter_count(struct markdown *r, const struct validation_dossier *vd, unsigned want, unsigned not)
{
	size_t j, n = 0;

	for (j = 0; j < vd->nmissing; j++) {
		unsigned audience = r->q->questions[vd->missing[j].question].audience;
		if ((audience & want) && !(audience & not))
			n++;
	}
	return n;
}

/* The missing questions for audience want (and not for not), by section, with the guide's
 * hints; sections at heading level. */
static void letter_items(struct markdown *r, const struct validation_dossier *vd, unsigned want, unsigned not,
			 int level)
{
	const struct questionnaire *q = r->q;
	const char *last_section = NULL, *last_hint = NULL;
	size_t j;

	for (j = 0; j < vd->nmissing; j++) {
		const struct question *qu = &q->questions[vd->missing[j].question];
		const struct section *sec = &q->sections[qu->section];
		struct text where;

		if (!(qu->audience & want) || (qu->audience & not))
			continue;
		where = question_hint(q, qu->index);
		if (last_section != sec->id) {
			heading(r, level, sec->id, text_get(sec->title, r->lang));
			last_section = sec->id;
			last_hint = NULL;
		}
		if (where.fr && where.fr != last_hint) {
			/* each hint once, before the first question it covers */
			buf_addf(&r->out, "%s*%s* ", last_hint ? "\n" : "",
				 _("Where to find this information:"));
			text(r, text_get(where, r->lang));
			raw(r, "\n\n");
			last_hint = where.fr;
		}
		raw(r, "- **");
		text(r, qu->id);
		raw(r, "** ");
		text(r, text_get(qu->text, r->lang));
		if (vd->missing[j].pending)
			buf_addf(&r->out, " *(%s)*", status_label(ST_PENDING));
		raw(r, "\n");
	}
}

/* The invalid answers, with their place, value and message. */
static void letter_corrections(struct markdown *r, const struct validation_dossier *vd)
{
	size_t j;

	if (!vd->ninvalid)
		return;
	heading(r, 2, NULL, _("Answers to correct"));
	for (j = 0; j < vd->ninvalid; j++) {
		const struct validation_invalid *inv = &vd->invalid[j];
		int qi;

		raw(r, "- ");
		if (inv->id) {
			raw(r, "**");
			text(r, inv->id);
			raw(r, "**");
			qi = questionnaire_find(r->q, inv->id);
			if (qi >= 0) {
				raw(r, " ");
				text(r, text_get(r->q->questions[qi].text, r->lang));
			}
			raw(r, " — ");
		}
		buf_addf(&r->out, "%s %ld, %s %ld", _("line"), inv->line, _("column"), inv->column);
		if (inv->value) {
			buf_addf(&r->out, " — %s", _("value “"));
			text(r, inv->value);
			raw(r, _("”"));
		}
		raw(r, _(": "));
		text(r, inv->message);
		raw(r, "\n");
	}
}

/* The letter to the vendor about one dossier, then an internal to-do per other audience. */
static void render_letter(struct markdown *r, const struct validation_dossier *vd, int first)
{
	static const unsigned inside[] = { AUD_BUYER, AUD_DSI, AUD_DPO, AUD_LEGAL };
	static const char *const names[] = { N_("The establishment and its health professionals"),
		N_("IT department (DSI)"), N_("DPO and RSSI"), N_("Legal department and insurer") };
	size_t k;
	int any = 0;

	raw(r, first ? "# " : "\n# ");
	buf_addf(&r->out, "%s ", _("Questions to complete —"));
	device_title(r, vd->device.name, vd->device.manufacturer, vd->device.version);
	raw(r, "\n\n");
	date_line(r);
	buf_addf(&r->out, "%s ", _("Dossier:"));
	text(r, vd->file);
	raw(r, ". ");
	buf_addf(&r->out, "%s ", _("Questionnaire:"));
	text(r, text_get(r->q->title, r->lang));
	raw(r, " (");
	text(r, r->q->id);
	raw(r, ").\n\n");
	if (letter_count(r, vd, AUD_VENDOR, 0) == 0)
		buf_addf(&r->out, "%s\n", _("No question is left unanswered."));
	else
		buf_addf(&r->out, "%s\n", _("The following questions of the guide are still unanswered. "
					    "Please answer them, citing your sources."));
	/* the vendor's questions: the letter; the others: an internal to-do per audience */
	letter_items(r, vd, AUD_VENDOR, 0, 2);
	letter_corrections(r, vd);
	for (k = 0; k < sizeof inside / sizeof *inside; k++) {
		if (!letter_count(r, vd, inside[k], AUD_VENDOR))
			continue;
		if (!any++)
			heading(r, 2, NULL, _("Internal to-do"));
		heading(r, 3, NULL, _(names[k]));
		letter_items(r, vd, inside[k], AUD_VENDOR, 4);
	}
}

static void render_validation(struct markdown *r, const char *file, const struct node *root)
{
	struct finding_list errs = { 0 };
	struct validation *v;
	size_t i;
	int rc = validation_read(&v, root, r->q, &errs);

	if (rc == 0)
		for (i = 0; i < v->ndossiers; i++)
			render_letter(r, &v->dossiers[i], i == 0);
	else	/* the first thing wrong, as the place to look */
		diag(SEV_ERROR, file, errs.v[0].line, errs.v[0].col, "%s%s",
		     rc == -1 ? _("not a valid validation document: ") : "", errs.v[0].msg);
	validation_free(v);
	finding_list_free(&errs);
}

/* --- comparison: the Annexe 2 table --------------------------------------------------- */

struct notes {
	struct buf b;
	int n;
};

/* The strings of a value or a label, joined; option labels when qu is given. */
static void join_strings(const struct markdown *r, struct buf *b, const struct comparison_strings *s, const struct question *qu)
{
	size_t i;

	for (i = 0; i < s->n; i++) {
		if (i)
			buf_adds(b, " ; ");
		buf_adds(b, qu ? label_of(r, qu, s->v[i]) : s->v[i]);
	}
}

/* The words of one answer of a comparison cell. */
static void cell_answer_words(struct markdown *r, struct buf *b, const struct comparison_answer *a)
{
	int qi = questionnaire_find(r->q, a->id);
	const struct question *qu = qi >= 0 ? &r->q->questions[qi] : NULL;
	const struct comparison_strings *v = &a->value;
	const char *one = v->n == 1 && !v->list ? v->v[0] : NULL;	/* a string, not a list */

	if (status_parse(a->status) != ST_ANSWERED) {
		buf_adds(b, status_words(a->status));
		if (one) {
			buf_adds(b, _(": "));
			buf_adds(b, one);
		}
		return;
	}
	if (qu && (v->n || v->list) && (qu->type == QT_CHOICE || qu->type == QT_CHOICES)) {
		join_strings(r, b, v, qu);	/* option labels in the report's language, from the questionnaire */
	} else if (a->label.n || a->label.list) {
		join_strings(r, b, &a->label, NULL);
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
		join_strings(r, b, v, NULL);
	}
}

static void render_cell(struct markdown *r, const struct comparison_cell *cell, const char *device,
			struct notes *notes)
{
	struct buf full = { 0 }, shown = { 0 };
	size_t i;

	for (i = 0; i < cell->nanswers; i++) {
		if (i)
			buf_adds(&full, " · ");
		if (cell->nanswers > 1)
			buf_addf(&full, "%s%s", cell->answers[i].id, _(": "));
		cell_answer_words(r, &full, &cell->answers[i]);
	}
	if (text_shorten(&shown, buf_str(&full), CELL_MAX)) {
		/* the full text in a numbered note under the table */
		notes->n++;
		buf_addf(&notes->b, "%d. **", notes->n);
		md_text(&notes->b, device, 1);
		buf_adds(&notes->b, "** — ");
		md_text(&notes->b, buf_str(&full), 1);
		buf_adds(&notes->b, "\n");
		text(r, buf_str(&shown));
		buf_addf(&r->out, " \\[%d\\]", notes->n);
	} else {
		text(r, buf_str(&shown));
	}
	buf_free(&full);
	buf_free(&shown);
}

/* The title, the questionnaire and the devices compared, above the table. */
static void comparison_head(struct markdown *r, const struct comparison_doc *c)
{
	size_t i;

	raw(r, "# ");
	text(r, _("Multi-criteria analysis table"));
	raw(r, "\n\n");
	date_line(r);
	buf_addf(&r->out, "%s ", _("Questionnaire:"));
	text(r, c->questionnaire);
	raw(r, ", ");
	buf_addf(&r->out, "%s ", _("edition"));
	text(r, c->edition);
	buf_addf(&r->out, ". %s\n\n", _("≠: the devices' answers differ."));
	for (i = 0; i < c->ndevices; i++) {
		const struct comparison_device *d = &c->devices[i];
		raw(r, "- **");
		text(r, d->name);
		raw(r, "**");
		if (d->manufacturer) {
			raw(r, " — ");
			text(r, d->manufacturer);
		}
		if (d->version) {
			raw(r, ", version ");
			text(r, d->version);
		}
		raw(r, " (");
		text(r, d->file);
		raw(r, ")\n");
	}
	raw(r, "\n");
}

static void comparison_row(struct markdown *r, const struct comparison_doc *c, const struct comparison_row *row,
			   struct notes *notes)
{
	size_t j;

	if (row->heading) {
		raw(r, "| **");
		if (row->section) {
			text(r, row->section);
			raw(r, ". ");
		}
		text(r, text_get(row->title, r->lang));
		raw(r, "** |");
		for (j = 0; j < c->ndevices; j++)
			raw(r, " |");
		raw(r, "\n");
		return;
	}
	raw(r, "| ");
	if (row->differ)
		raw(r, "≠ ");
	text(r, text_get(row->title, r->lang));
	raw(r, " |");
	for (j = 0; j < row->ncells; j++) {
		raw(r, " ");
		render_cell(r, &row->cells[j], c->devices[j].name, notes);
		raw(r, " |");
	}
	raw(r, "\n");
}

static void render_comparison(struct markdown *r, const char *file, const struct node *root)
{
	struct finding_list errs = { 0 };
	struct notes notes = { { 0 }, 0 };
	struct comparison_doc *c;
	const char **cols;
	size_t i;
	int rc = comparison_read(&c, root, r->q, &errs);

	for (i = 0; i < errs.n; i++)
		diag(SEV_ERROR, file, errs.v[i].line, errs.v[i].col, "%s%s",
		     rc == -1 ? _("not a valid comparison document: ") : "", errs.v[i].msg);
	finding_list_free(&errs);
	if (rc != 0)
		return;
	comparison_head(r, c);
	cols = xcalloc(c->ndevices + 1, sizeof *cols);
	cols[0] = _("Criterion");
	for (i = 0; i < c->ndevices; i++)
		cols[i + 1] = c->devices[i].name;
	table_head(r, cols, c->ndevices + 1, 0);
	/* completion: answered (with unknown and not applicable) of all the questions asked */
	buf_addf(&r->out, "| *%s* |", _("Completion"));
	for (i = 0; i < c->ndevices; i++) {
		const long *n = c->devices[i].total.v;
		long known = n[ST_ANSWERED] + n[ST_UNKNOWN] + n[ST_NOT_APPLICABLE];
		long asked = known + n[ST_PENDING] + n[ST_MISSING] + n[ST_INVALID];
		buf_addf(&r->out, " %ld / %ld (%ld %%) |", known, asked, asked ? known * 100 / asked : 100);
	}
	raw(r, "\n");
	for (i = 0; i < c->nrows; i++)
		comparison_row(r, c, &c->rows[i], &notes);
	if (notes.n) {
		heading(r, 2, NULL, _("Notes"));
		raw(r, buf_str(&notes.b));
	}
	buf_free(&notes.b);
	free(cols);
	comparison_doc_free(c);
}

/* --- questionnaire: the blank form ------------------------------------------------------ */

static void render_form_question(struct markdown *r, const struct questionnaire *q, const struct question *qu)
{
	size_t i;

	if (qu->heading.fr)
		heading(r, 3, NULL, text_get(qu->heading, r->lang));
	if (qu->intro.fr)
		md_block(&r->out, text_get(qu->intro, r->lang), "");
	if (qu->where.fr) {
		buf_addf(&r->out, "\n*%s* ", _("Where to find this information:"));
		text(r, text_get(qu->where, r->lang));
		raw(r, "\n");
	}
	if (!(qu->parent < 0 && !strcmp(qu->id, q->sections[qu->section].id)))
		heading(r, question_level(q, qu), qu->id, text_get(qu->text, r->lang));
	if (qu->when) {
		buf_addf(&r->out, "*%s ", _("Only if the answer to question"));
		text(r, q->questions[qu->when->question].id);
		buf_addf(&r->out, " %s ", _("is"));
		for (i = 0; i < qu->when->nvalues; i++) {
			const struct question *dep = &q->questions[qu->when->question];
			const char *v = qu->when->values[i];
			if (i)
				raw(r, _(" or "));
			text(r, dep->type == QT_YESNO ? (!strcmp(v, "yes") ? _("yes") : _("no"))
						      : label_of(r, dep, v));
		}
		raw(r, ".*\n\n");
	}
	if (qu->help.fr) {
		md_block(&r->out, text_get(qu->help, r->lang), "> ");
		raw(r, "\n");
	}
	for (i = 0; i < qu->nnotes; i++) {
		buf_addf(&r->out, "%s ", _("Reference:"));
		text(r, text_get(qu->notes[i], r->lang));
		raw(r, "\n\n");
	}
	switch (qu->type) {
	case QT_GROUP:
		break;
	case QT_YESNO:
		buf_addf(&r->out, "☐ %s  ☐ %s\n\n", _("Yes"), _("No"));
		break;
	case QT_CHOICE:
	case QT_CHOICES:
		buf_addf(&r->out, "*%s*\n\n", qu->type == QT_CHOICE ? _("One answer:")
								     : _("One or more answers:"));
		for (i = 0; i < qu->noptions; i++) {
			raw(r, "- ☐ ");
			text(r, text_get(qu->options[i].label, r->lang));
			raw(r, "\n");
		}
		raw(r, "\n");
		break;
	case QT_NUMBER:
		buf_addf(&r->out, "%s ________ ", _("Number:"));
		text(r, unit_label(qu->unit));
		raw(r, "\n\n");
		break;
	case QT_DATE:
		buf_addf(&r->out, "%s ____-__-__\n\n", _("Date:"));
		break;
	default:
		buf_addf(&r->out, "%s\n\n", _("Answer:"));
		raw(r, "> &nbsp;\n\n");
		break;
	}
	if (qu->type != QT_GROUP)
		buf_addf(&r->out, "%s ______  %s ______\n", _("Source:"), _("By:"));
}

static void render_questionnaire(struct markdown *r, const struct questionnaire *q)
{
	const char *part = NULL;
	size_t s, i;
	int k;

	raw(r, "# ");
	text(r, text_get(q->title, r->lang));
	raw(r, "\n\n");
	if (q->publisher.fr) {
		text(r, text_get(q->publisher, r->lang));
		raw(r, " — ");
	}
	buf_addf(&r->out, "%s ", _("edition"));
	text(r, q->edition);
	raw(r, " (");
	text(r, q->id);
	raw(r, ")\n\n");
	date_line(r);
	buf_addf(&r->out, "%s ______  %s ______  %s ______\n",
		 _("Device:"), _("Manufacturer:"), _("Version:"));
	for (s = 0; s < q->nsections; s++) {
		const struct section *sec = &q->sections[s];
		if (sec->part && (!part || strcmp(part, sec->part) != 0)) {
			for (i = 0; i < q->nparts; i++)
				if (q->parts[i].id && !strcmp(q->parts[i].id, sec->part))
					heading(r, 1, NULL, text_get(q->parts[i].title, r->lang));
			part = sec->part;
		}
		heading(r, 2, sec->id, text_get(sec->title, r->lang));
		if (sec->context.fr) {
			buf_addf(&r->out, "**%s**\n\n", _("Context"));
			md_block(&r->out, text_get(sec->context, r->lang), "");
			raw(r, "\n");
		}
		if (sec->where.fr) {
			buf_addf(&r->out, "*%s* ", _("Where to find this information:"));
			text(r, text_get(sec->where, r->lang));
			raw(r, "\n\n");
		}
		for (i = 0; i < sec->nnotes; i++) {
			buf_addf(&r->out, "%s ", _("Reference:"));
			text(r, text_get(sec->notes[i], r->lang));
			raw(r, "\n\n");
		}
		for (k = sec->first; k < sec->first + sec->count; k++)
			render_form_question(r, q, &q->questions[k]);
	}
}

/* --- one document ------------------------------------------------------------------------- */

const char *markdown_document(struct markdown *r, const char *file, struct ydoc *doc)
{
	const struct node *root = ydoc_root(doc), *kind;
	struct dmn_error err = { 0 };

	r->out.len = 0;
	if (r->out.s)
		r->out.s[0] = '\0';
	if (!(kind = doc_kind(root, &err))) {
		diag_error(file, &err);
		ydoc_free(doc);
		return "";
	}
	if (r->ndocs++)
		raw(r, "\n* * *\n\n");
	if (!strcmp(kind->text, "dossier")) {
		render_dossier(r, file, doc);	/* takes the document */
		doc = NULL;
	} else if (!strcmp(kind->text, "validation")) {
		render_validation(r, file, root);
	} else if (!strcmp(kind->text, "comparison")) {
		render_comparison(r, file, root);
	} else if (!strcmp(kind->text, "questionnaire")) {
		struct finding_list errs = { 0 };
		struct questionnaire *q;
		size_t i;
		if (questionnaire_load(&q, doc, &errs) == 0) {
			render_questionnaire(r, q);
			questionnaire_free(q);
		}
		for (i = 0; i < errs.n; i++)
			diag(SEV_ERROR, file, errs.v[i].line, errs.v[i].col, "%s", errs.v[i].msg);
		finding_list_free(&errs);
		doc = NULL;	/* the questionnaire took it */
	} else {
		diag(SEV_ERROR, file, kind->line, kind->col,
		     "unknown kind '%s' (expected dossier, validation, comparison or questionnaire)", kind->text);
	}
	ydoc_free(doc);
	return buf_str(&r->out);
}

struct markdown *markdown_new(const struct questionnaire *q, const struct markdown_opts *o)
{
	struct markdown *r = xcalloc(1, sizeof *r);

	r->q = q;
	r->lang = o->lang;
	if (o->date)
		snprintf(r->date, sizeof r->date, "%s", o->date);
	return r;
}

void markdown_free(struct markdown *r)
{
	if (!r)
		return;
	buf_free(&r->out);
	free(r);
}
