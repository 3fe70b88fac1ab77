/* markdown.c: dmn documents rendered as Markdown (CommonMark with GitHub tables) for
 * people: a dossier as a full report, a validation as the letter of questions to send
 * back, a comparison as the Annexe 2 table, a questionnaire as a blank form. Vendor text
 * is data, never markup (text.c). */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "guide.h"

/* A table cell longer than this is shortened, its full text in a note below the table. */
#define CELL_MAX 100


struct markdown {
	const struct questionnaire *q;
	struct markdown_opts o;
	enum lang lang;
	const char *kind;	/* of the last document */
	char date[16];		/* empty: no date in the report */
	struct buf out;		/* the current document's Markdown */
	struct buf *headings;	/* per question of q: its headings, made once (render_question) */
	struct buf *section_rows;	/* per section: its completion row's first cell, made once */
	int ndocs;
};

/* a line of markup around a message: **message** and the like, without printf */
static void strong_line(struct markdown *r, const char *before, const char *msg, const char *after)
{
	buf_adds(&r->out, before);
	buf_adds(&r->out, msg);
	buf_adds(&r->out, after);
}

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

/* "Questionnaire: TITLE (ID, edition E)" for a report's head (edition NULL: without it) */
static void questionnaire_named(struct markdown *r, const char *id, const char *edition)
{
	buf_addf(&r->out, "%s ", _("Questionnaire:"));
	text(r, text_get(r->q->title, r->lang));
	raw(r, " (");
	text(r, id);
	if (edition) {
		buf_addf(&r->out, ", %s ", _("edition"));
		text(r, edition);
	}
	raw(r, ")");
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

/* The header row and the alignment row of a table (numbers right-aligned); the dashes of
 * each column, widths[i] of them, give a DOCX made by pandoc the columns' relative widths
 * (GFM readers take any number of dashes alike). */
static void table_head(struct markdown *r, const char *const *cols, size_t n, int numbers, const int *widths)
{
	static const char dashes[] = "----------------------------------------";
	size_t i;

	raw(r, "|");
	for (i = 0; i < n; i++) {
		raw(r, " ");
		text(r, cols[i]);
		raw(r, " |");
	}
	raw(r, "\n|");
	for (i = 0; i < n; i++) {
		int w = widths[i] < 3 ? 3 : widths[i] > 40 ? 40 : widths[i];
		raw(r, " ");
		buf_add(&r->out, dashes, (size_t)w - (i && numbers));
		raw(r, i && numbers ? ": |" : " |");
	}
	raw(r, "\n");
}

/* The completion of a dossier by section, in five columns so that it fits a portrait
 * page: answered; unknown or not applicable; pending; missing or invalid. */
static void completion_table(struct markdown *r, const struct questionnaire *q, const struct counts *total,
			     const struct counts *per_section)
{
	const char *cols[5];
	size_t i;

	cols[0] = _("Section");
	cols[1] = status_heading(ST_ANSWERED);
	cols[2] = _("Unknown or not applicable");
	cols[3] = status_heading(ST_PENDING);
	cols[4] = _("Missing or invalid");
	{	/* the section's title has the room: four-tenths of the page */
		static const int widths[] = { 32, 12, 12, 12, 12 };
		table_head(r, cols, 5, 1, widths);
	}
	if (!r->section_rows)
		r->section_rows = xcalloc(q->nsections ? q->nsections : 1, sizeof *r->section_rows);
	for (i = 0; i <= q->nsections; i++) {
		const long *n = i < q->nsections ? per_section[i].v : total->v;
		const long cells[4] = { n[ST_ANSWERED], n[ST_UNKNOWN] + n[ST_NOT_APPLICABLE], n[ST_PENDING],
					n[ST_MISSING] + n[ST_INVALID] };
		const char *mark = i < q->nsections ? "" : "**";
		int c;

		if (i < q->nsections) {
			/* the section's cell, the same in every dossier's table: made once */
			struct buf *row = &r->section_rows[i];
			if (!row->len) {
				struct buf b = { 0 }, keep = r->out;
				r->out = *row;
				raw(r, "| ");
				text(r, q->sections[i].id);
				raw(r, ". ");
				text_shorten(&b, text_get(q->sections[i].title, r->lang), 60);
				text(r, buf_str(&b));
				buf_free(&b);
				*row = r->out;
				r->out = keep;
			}
			buf_add(&r->out, row->s, row->len);
		} else {
			strong_line(r, "| **", _("Total"), "**");
		}
		for (c = 0; c < 4; c++) {	/* numbers without printf: a table a dossier */
			raw(r, " | ");
			raw(r, mark);
			buf_add_uint(&r->out, (unsigned long long)cells[c]);
			raw(r, mark);
		}
		raw(r, " |\n");
	}
	raw(r, "\n");
	if (total->v[ST_SKIPPED]) {
		buf_addf(&r->out, ngettext("%ld question does not apply: its condition is not met.",
					   "%ld questions do not apply: their condition is not met.",
					   (unsigned long)total->v[ST_SKIPPED]), total->v[ST_SKIPPED]);
		raw(r, "\n\n");
	}
}

/* --- dossier: the full report ------------------------------------------------------------ */

/* An option's label in the report's language; the id itself if the option is unknown. */
static const char *label_of(const struct markdown *r, const struct question *qu, const char *id)
{
	const char *label = option_label(qu, id, r->lang);
	return label ? label : id;
}

/* A value as a person reads it: Oui/Non, option labels, a number with its unit, the text;
 * for an answer, and for the answer a pending question already holds. */
static void value_words(const struct markdown *r, struct buf *b, const struct question *qu, const struct node *v)
{
	struct answer_verdict vd;
	size_t i, n = 0;

	if (v->kind == NODE_SEQ) {
		for (i = 0; i < v->n; i++) {
			if (v->items[i]->kind != NODE_SCALAR)
				continue;
			buf_adds(b, n++ ? " ; " : "");
			buf_adds(b, label_of(r, qu, v->items[i]->text));
		}
	} else if (v->kind != NODE_SCALAR) {
		return;
	} else if ((qu->type == QT_YESNO || qu->type == QT_CHOICE) && answer_check(qu, v, &vd) == 1 && vd.norm) {
		if (qu->type == QT_YESNO)
			buf_adds(b, !strcmp(vd.norm, "yes") ? _("Yes") : _("No"));
		else
			buf_adds(b, label_of(r, qu, vd.norm));
	} else if (qu->type == QT_NUMBER) {
		number_text(b, v->text, qu->unit);
	} else {
		buf_adds(b, qu->noptions ? label_of(r, qu, v->text) : v->text);
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
		strong_line(r, first ? "*" : " · *", _(parts[i].label), "* ");
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

	/* the same in every dossier of the run's questionnaire: made once, then copied */
	struct buf *made = NULL;
	if (q == r->q) {
		if (!r->headings)
			r->headings = xcalloc(q->nquestions ? q->nquestions : 1, sizeof *r->headings);
		made = &r->headings[qi];
	}
	if (made && made->s) {
		buf_add(&r->out, made->s, made->len);
	} else {
		size_t from = r->out.len;
		if (qu->heading.fr)
			heading(r, 3, NULL, text_get(qu->heading, r->lang));
		/* a section that is one question (1, 2, 3, 9, 10) already has its heading */
		if (!(qu->parent < 0 && !strcmp(qu->id, q->sections[qu->section].id)))
			heading(r, question_level(q, qu), qu->id, text_get(qu->text, r->lang));
		if (made)
			buf_add(made, r->out.s ? r->out.s + from : "", r->out.len - from);
	}
	if (qu->type == QT_GROUP)
		return;
	if (!question_applies(d, qi) && a->status != ST_INVALID) {
		dep = question_blocker(d, qi);
		strong_line(r, "*", _("Not applicable: this question depends on the answer to question"), " ");
		text(r, dep);
		raw(r, ".*\n");
		return;
	}
	switch (a->status) {
	case ST_ANSWERED:
		value_words(r, &b, qu, a->value);
		md_block(&r->out, buf_str(&b), "> ");
		break;
	case ST_UNKNOWN:
		strong_line(r, "**", _("Unknown (the vendor cannot say)"), "**\n");
		break;
	case ST_NOT_APPLICABLE:
		strong_line(r, "**", _("Not applicable"), "**\n");
		break;
	case ST_PENDING:
		strong_line(r, "**⚠ ", _("PENDING: asked, answer awaited"), "**\n");
		break;
	case ST_INVALID: {
		size_t i;
		strong_line(r, "**⚠ ", _("INVALID ANSWER:"), "**");
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
		strong_line(r, "**⚠ ", _("MISSING: no answer"), "**\n");
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
	questionnaire_named(r, q->id, q->edition);
	raw(r, "\n\n");
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

/* --- validation: the letter to the vendor, the buyer's to-do ------------------------------- */

/* A question that is its section (1, 2, 3, 9, 10): the section's heading says it. */
static int is_sole(const struct questionnaire *q, const struct question *qu)
{
	return qu->parent < 0 && !strcmp(qu->id, q->sections[qu->section].id);
}

/* The short form of a section's title, from its Annexe 2 heading row, else its title. */
static const char *section_brief(const struct markdown *r, int s)
{
	size_t i;

	for (i = 0; i < r->q->nrows; i++)
		if (r->q->rows[i].heading && r->q->rows[i].section == s && r->q->rows[i].brief.fr)
			return text_get(r->q->rows[i].brief, r->lang);
	return text_get(r->q->sections[s].title, r->lang);
}

/* The question as the vendor is asked it: its vendor wording, else the guide's own. */
static const char *vendor_words(const struct markdown *r, const struct question *qu)
{
	return text_get(qu->vendor.fr ? qu->vendor : qu->text, r->lang);
}

/* Depth in a list: a sole question's sub-questions are at the top. */
static int list_depth(const struct questionnaire *q, const struct question *qu)
{
	const struct question *top = qu;

	while (top->parent >= 0)
		top = &q->questions[top->parent];
	return qu->depth - is_sole(q, top);
}

static void indent(struct markdown *r, int depth)
{
	int k;

	for (k = 0; k < depth; k++)
		raw(r, "  ");
}

/* "- **3.1** words", at depth; ended by the caller (a hard break if lines follow). */
static void item_start(struct markdown *r, int depth, const char *id, const char *words)
{
	indent(r, depth);
	raw(r, "- **");
	text(r, id);
	raw(r, "** ");
	text(r, words);
}

/* One more line of the item begun at depth: "*label* value" after a hard line break. */
static void item_line(struct markdown *r, int depth, const char *label, const char *value)
{
	raw(r, "\\\n");
	indent(r, depth + 1);
	buf_addf(&r->out, "*%s* ", label);
	text(r, value);
}

/* The answer given to confirm and the comment of a question still to answer. */
static void held(struct markdown *r, int depth, const struct question *qu, const struct validation_missing *m)
{
	struct buf b = { 0 };

	if (m->pending)
		buf_addf(&r->out, " *(%s)*", status_label(ST_PENDING));
	if (m->value) {
		value_words(r, &b, qu, m->value);
		if (b.len)
			item_line(r, depth, m->pending ? _("Answer given, to confirm:") : _("Answer given:"), buf_str(&b));
	}
	if (m->comment)
		item_line(r, depth, _("Comment:"), m->comment);
	buf_free(&b);
}

static int for_vendor(const struct question *qu)
{
	return (qu->audience & AUD_VENDOR) != 0;
}

/* The missing questions of one kind: the vendor's (letter) or those of owner (to-do), by
 * section, each under its parents' wording; 0 if none. */
static size_t missing_items(struct markdown *r, const struct validation_dossier *vd, unsigned owner, int level)
{
	const struct questionnaire *q = r->q;
	unsigned char *shown = xcalloc(q->nquestions, 1);
	const char *last_hint = NULL;
	int last_section = -1;
	size_t j, n = 0;

	for (j = 0; j < vd->nmissing; j++) {
		const struct question *qu = &q->questions[vd->missing[j].question];
		int chain[32], nchain = 0, k, depth = list_depth(q, qu);

		if (owner ? for_vendor(qu) || audience_owner(qu->audience) != owner : !for_vendor(qu))
			continue;
		n++;
		if (qu->section != last_section) {
			heading(r, level, q->sections[qu->section].id,
				owner ? text_get(q->sections[qu->section].title, r->lang) : section_brief(r, qu->section));
			last_section = qu->section;
			last_hint = NULL;
		}
		if (owner) {	/* the guide's hints are the buyer's: each once, before its first question */
			struct text where = question_hint(q, qu->index);
			if (where.fr && where.fr != last_hint) {
				buf_addf(&r->out, "%s*%s* ", last_hint ? "\n" : "", _("Where to find this information:"));
				text(r, text_get(where, r->lang));
				raw(r, "\n\n");
				last_hint = where.fr;
			}
		}
		/* the parents not yet shown, outermost first: a sub-question never comes alone */
		for (k = qu->parent; k >= 0 && nchain < 32; k = q->questions[k].parent)
			chain[nchain++] = k;
		while (nchain--) {
			const struct question *p = &q->questions[chain[nchain]];
			if (shown[p->index] || is_sole(q, p))
				continue;
			/* context, not a question of this document: its number plain, its words in italics */
			indent(r, list_depth(q, p));
			raw(r, "- ");
			text(r, p->id);
			raw(r, " *");
			text(r, owner ? text_get(p->text, r->lang) : vendor_words(r, p));
			raw(r, "*\n");
			shown[p->index] = 1;
		}
		item_start(r, depth, qu->id, owner ? text_get(qu->text, r->lang) : vendor_words(r, qu));
		shown[qu->index] = 1;
		held(r, depth, qu, &vd->missing[j]);
		if (owner) {
			unsigned also = qu->audience & ~owner & ~(unsigned)AUD_VENDOR;
			size_t a;
			if (qu->help.fr)
				item_line(r, depth, _("The guide:"), text_get(qu->help, r->lang));
			for (a = 0; a < AUD_INSIDE; a++)
				if (also & audience_inside[a])
					item_line(r, depth, _("Also for:"), audience_title(audience_inside[a]));
		}
		raw(r, "\n");
	}
	free(shown);
	return n;
}

/* An invalid answer's problem in the reader's language, said again from what the
 * validation keeps (the value, and what it is: the answer, its date, its status, a field
 * that is none, an id that no question has); the validation's own message, in the language of dmn-validate's run,
 * only when these do not say it. */
static void invalid_words(const struct validation_invalid *inv, const struct question *qu, struct buf *b)
{
	const char *about = inv->about ? inv->about : "";
	char iso[11];

	if (!qu && inv->id && !strcmp(about, "unknown-id")) {
		buf_addf(b, _("unknown question id '%s'"), inv->id);
	} else if (qu && inv->value && !strcmp(about, "answer")) {
		struct ydoc *doc = ydoc_new();
		struct answer_verdict vd;
		if (!answer_from_typed(doc, qu, inv->value, &vd) && vd.problem != AP_NONE)
			answer_problem(b, qu, &vd, 0);
		ydoc_free(doc);
	} else if (qu && inv->value && !strcmp(about, "date")) {
		if (date_from_dmy(inv->value, iso))
			buf_addf(b, _("'%s' is not a date in the form YYYY-MM-DD (the date of an answer): write %s"),
				 inv->value, iso);
		else
			buf_addf(b, _("'%s' is not a date (the date of an answer is YYYY-MM-DD)"), inv->value);
	} else if (qu && inv->value && !strcmp(about, "status")) {
		buf_addf(b, _("invalid status '%s' of the answer to '%s' (expected answered, unknown, not-applicable or pending)"),
			 inv->value, qu->id);
	} else if (qu && inv->value && !strcmp(about, "unknown-field")) {
		struct buf place = { 0 }, expected = { 0 };
		buf_addf(&place, _("the answer to '%s'"), qu->id);
		buf_addf(&expected, "answer, status, source, by, date%scomment", _(" or "));
		buf_addf(b, _("unknown field '%s' in %s (expected %s)"), inv->value, buf_str(&place), buf_str(&expected));
		buf_free(&place);
		buf_free(&expected);
	}
	if (!b->len)
		buf_adds(b, inv->message);
}

/* The invalid answers for the vendor (letter) or the others (to-do); 0 if none. */
static size_t corrections(struct markdown *r, const struct validation_dossier *vd, int vendor)
{
	size_t j, n = 0;

	for (j = 0; j < vd->ninvalid; j++) {
		const struct validation_invalid *inv = &vd->invalid[j];
		int qi = inv->id ? questionnaire_find(r->q, inv->id) : -1;
		const struct question *qu = qi >= 0 ? &r->q->questions[qi] : NULL;
		struct buf b = { 0 };

		if ((qu ? for_vendor(qu) : 1) != vendor)
			continue;
		if (!n++) {
			heading(r, 2, NULL, _("Answers to correct"));
			if (vendor)
				buf_addf(&r->out, "%s\n\n", _("These answers cannot be used as they were written:"));
		}
		raw(r, "- ");
		if (inv->id) {
			raw(r, "**");
			text(r, inv->id);
			raw(r, "**");
			if (qu) {
				raw(r, " ");
				text(r, vendor ? vendor_words(r, qu) : text_get(qu->text, r->lang));
			}
			raw(r, "\\\n  ");
		}
		if (!vendor)
			buf_addf(&r->out, "%s %ld, %s %ld%s", _("line"), inv->line, _("column"), inv->column, _(": "));
		invalid_words(inv, qu, &b);
		text(r, buf_str(&b));
		raw(r, "\n");
		buf_free(&b);
	}
	return n;
}

/* "**To:** value" and a hard break, if value */
static void furniture(struct markdown *r, const char *label, const char *value, int date)
{
	if (!value)
		return;
	buf_addf(&r->out, "**%s** ", label);
	if (date) {
		struct buf b = { 0 };
		date_text(&b, value);
		text(r, buf_str(&b));
		buf_free(&b);
	} else {
		text(r, value);
	}
	raw(r, "  \n");
}

/* The letter to the vendor about one dossier: only the vendor's questions, worded for them. */
static void render_letter(struct markdown *r, const struct validation_dossier *vd)
{
	const struct markdown_opts *o = &r->o;
	struct buf b = { 0 };
	size_t asked;

	raw(r, "# ");
	text(r, _("Questions about"));
	raw(r, " ");
	device_title(r, vd->device.name, vd->device.manufacturer, vd->device.version);
	raw(r, "\n\n");
	furniture(r, _("To:"), o->to, 0);
	furniture(r, _("From:"), o->from, 0);
	furniture(r, _("Reference:"), o->reference, 0);
	furniture(r, _("Date:"), r->date[0] ? r->date : NULL, 1);
	if (o->to || o->from || o->reference || r->date[0])
		raw(r, "\n");
	buf_addf(&r->out, "%s\n\n", _("Dear Sir or Madam,"));
	if (r->q->publisher.fr)
		buf_addf(&b, _("As part of our assessment of %s with the guide “%s”, %s, "),
			 vd->device.name ? vd->device.name : _("(no name)"), text_get(r->q->title, r->lang),
			 text_get(r->q->publisher, r->lang));
	else
		buf_addf(&b, _("As part of our assessment of %s with the guide “%s”, "),
			 vd->device.name ? vd->device.name : _("(no name)"), text_get(r->q->title, r->lang));
	{	/* nothing to ask: the letter says so, and asks for nothing */
		size_t j, n = 0;
		for (j = 0; j < vd->nmissing; j++)
			n += for_vendor(&r->q->questions[vd->missing[j].question]);
		for (j = 0; j < vd->ninvalid; j++) {
			int qi = vd->invalid[j].id ? questionnaire_find(r->q, vd->invalid[j].id) : -1;
			n += qi < 0 || for_vendor(&r->q->questions[qi]);
		}
		if (!n) {
			b.len = 0;
			b.s[0] = '\0';
		}
	}
	if (b.len) {
		text(r, buf_str(&b));
		raw(r, " ");
		b.len = 0;
		if (o->reply_by) {
			struct buf when = { 0 };
			date_text(&when, o->reply_by);
			buf_addf(&b, _("we would be grateful if you could answer the questions below by %s, citing the source of each answer."),
				 buf_str(&when));
			buf_free(&when);
		} else {
			buf_adds(&b, _("we would be grateful if you could answer the questions below, citing the source of each answer."));
		}
		text(r, buf_str(&b));
		raw(r, "\n\n");
	}
	asked = missing_items(r, vd, 0, 2);
	asked += corrections(r, vd, 1);
	if (!asked) {
		buf_addf(&r->out, "%s\n", _("Every question of the guide addressed to you has been answered: thank you."));
	} else {
		heading(r, 2, NULL, _("How to answer"));
		b.len = 0;
		if (o->attach)
			buf_addf(&b, _("Please write your answers into the attached file %s, under each question's number."),
				 o->attach);
		else
			buf_adds(&b, _("Please give each question's number with your answer."));
		text(r, buf_str(&b));
		raw(r, "\n");
	}
	buf_addf(&r->out, "\n%s\n", _("Yours faithfully,"));
	if (o->from) {
		raw(r, "\n");
		text(r, o->from);
		raw(r, "\n");
	}
	buf_free(&b);
}

/* The buyer's to-do about one dossier: the questions for the establishment itself, its IT
 * department, its DPO and its legal department, each once, with the guide's advice. */
static void render_todo(struct markdown *r, const struct validation_dossier *vd)
{
	size_t k, n = 0;

	raw(r, "# ");
	text(r, _("To-do for the establishment"));
	raw(r, " — ");
	device_title(r, vd->device.name, vd->device.manufacturer, vd->device.version);
	raw(r, "\n\n");
	date_line(r);
	buf_addf(&r->out, "%s ", _("Dossier:"));
	text(r, vd->file);
	raw(r, ". ");
	questionnaire_named(r, r->q->id, NULL);
	raw(r, ".\n\n");
	buf_addf(&r->out, "%s\n", _("Internal: the questions of the guide that the vendor does not answer."));
	for (k = 0; k < AUD_INSIDE; k++) {
		size_t at = r->out.len;
		heading(r, 2, NULL, audience_title(audience_inside[k]));
		if (missing_items(r, vd, audience_inside[k], 3))
			n++;
		else	/* no question for them: no heading either */
			r->out.s[r->out.len = at] = '\0';
	}
	n += corrections(r, vd, 0);
	if (!n)
		buf_addf(&r->out, "\n%s\n", _("Nothing is left to do for the establishment."));
}

static void render_validation(struct markdown *r, const char *file, const struct node *root)
{
	struct finding_list errs = { 0 };
	struct validation *v;
	size_t i;
	int rc = validation_read(&v, root, r->q, &errs);

	if (rc == 0) {
		validation_say_unchecked(v);
		for (i = 0; i < v->ndossiers; i++) {
			if (i)
				raw(r, "\n* * *\n\n");
			if (r->o.todo)
				render_todo(r, &v->dossiers[i]);
			else
				render_letter(r, &v->dossiers[i]);
		}
	} else	/* the first thing wrong, as the place to look */
		diag(SEV_ERROR, file, errs.v[0].line, errs.v[0].col, "%s%s",
		     rc == -1 ? _("not a valid validation document: ") : "", errs.v[0].msg);
	validation_free(v);
	finding_list_free(&errs);
}

/* --- comparison: the Annexe 2 table ------------------------------------------------------ */

/* Notes under a section's table, numbered through the whole report. */
struct notes {
	struct buf b;
	int n, first;	/* the last number given; the first of the current section */
};

/* A note on a cell: its full text when the table shows it cut, and where each answer
 * comes from (source, by, date, comment, a finding). 0 if there is nothing to say. */
static int cell_note(const struct comparison_cell *cell, const char *full, int cut, struct buf *b)
{
	size_t i;
	int any = 0;

	if (cut) {
		buf_addf(b, "%s ", _("Full text:"));
		md_text(b, full, 1);
		any = 1;
	}
	for (i = 0; i < cell->nanswers; i++) {
		const struct comparison_answer *a = &cell->answers[i];
		const struct { const char *label, *value; } parts[] = {
			{ N_("Source:"), a->source }, { N_("By:"), a->by }, { N_("Date:"), a->date },
			{ N_("Comment:"), a->comment }, { N_("Problem:"), a->finding },
		};
		size_t k;
		int first = 1;

		for (k = 0; k < sizeof parts / sizeof *parts; k++) {
			if (!parts[k].value)
				continue;
			/* each answer on a line of its own (a hard break, indented into the note) */
			buf_adds(b, any ? (first ? "\\\n    " : " · ") : "");
			if (first && cell->nanswers > 1) {
				md_text(b, a->id, 1);
				buf_adds(b, _(": "));
			}
			buf_addf(b, "*%s* ", _(parts[k].label));
			if (parts[k].value == a->date) {
				struct buf when = { 0 };
				date_text(&when, a->date);
				md_text(b, buf_str(&when), 1);
				buf_free(&when);
			} else {
				md_text(b, parts[k].value, 1);
			}
			first = 0;
			any = 1;
		}
	}
	return any;
}

static void render_cell(struct markdown *r, const struct comparison_cell *cell, const char *device,
			const char *criterion, struct notes *notes)
{
	struct buf full = { 0 }, shown = { 0 }, note = { 0 };
	int cut;

	comparison_cell_text(&full, r->q, r->lang, cell);
	cut = text_shorten(&shown, buf_str(&full), CELL_MAX);
	text(r, buf_str(&shown));
	if (cell_note(cell, buf_str(&full), cut, &note)) {
		notes->n++;
		buf_addf(&notes->b, "%d. **", notes->n);
		md_text(&notes->b, device, 1);
		buf_adds(&notes->b, "**, ");
		md_text(&notes->b, criterion, 1);
		buf_adds(&notes->b, " — ");
		buf_adds(&notes->b, buf_str(&note));
		buf_adds(&notes->b, "\n");
		if (cut) {	/* a cell cut says so */
			raw(r, " *(");
			buf_addf(&r->out, ngettext("continued in note %d", "continued in note %d", (unsigned long)notes->n),
				 notes->n);
			raw(r, ")*");
		} else
			buf_addf(&r->out, " \\[%d\\]", notes->n);
		buf_free(&note);
	}
	buf_free(&full);
	buf_free(&shown);
}

/* Every answer of every cell of the row is missing: nobody answered it. */
static int row_unanswered(const struct comparison_row *row)
{
	size_t j, k;

	for (j = 0; j < row->ncells; j++)
		for (k = 0; k < row->cells[j].nanswers; k++) {
			const struct comparison_answer *a = &row->cells[j].answers[k];
			if (strcmp(a->status, "missing") != 0 || a->value.n || a->comment || a->source)
				return 0;
		}
	return row->ncells > 0;
}

static const char *criterion(const struct markdown *r, const struct comparison_row *row)
{
	return text_get(row->brief.fr ? row->brief : row->title, r->lang);
}

/* The quotes of the guide on how to read it, before the table. */
static void caveats(struct markdown *r)
{
	size_t i;

	for (i = 0; i < r->q->ncaveats; i++) {
		md_block(&r->out, text_get(r->q->caveats[i].text, r->lang), "> ");
		raw(r, ">\n> — ");
		if (r->q->publisher.fr) {
			text(r, text_get(r->q->publisher, r->lang));
			raw(r, ", ");
		}
		raw(r, "*");
		text(r, text_get(r->q->title, r->lang));
		raw(r, "*, ");
		text(r, text_get(r->q->caveats[i].from, r->lang));
		raw(r, "\n\n");
	}
}

/* The title, the guide's caveat, and the devices compared. */
static void comparison_head(struct markdown *r, const struct comparison_doc *c)
{
	static const char *const cols[] = { N_("Device"), N_("Manufacturer"), N_("Version"), N_("CE class"),
		N_("Notified body"), N_("Completion") };
	const char *head[6];
	size_t i, k;

	raw(r, "# ");
	text(r, _("Multi-criteria analysis table"));
	raw(r, "\n\n");
	date_line(r);
	questionnaire_named(r, c->questionnaire, c->edition);
	raw(r, ".\n\n");
	caveats(r);
	heading(r, 2, NULL, _("Devices compared"));
	for (k = 0; k < 6; k++)
		head[k] = _(cols[k]);
	{
		static const int widths[] = { 16, 18, 10, 10, 22, 14 };
		table_head(r, head, 6, 0, widths);
	}
	for (i = 0; i < c->ndevices; i++) {
		const struct comparison_device *d = &c->devices[i];
		const char *v[5] = { d->name, d->manufacturer, d->version, d->ce_class, d->notified_body };
		raw(r, "|");
		for (k = 0; k < 5; k++) {
			raw(r, k ? " " : " **");
			text(r, v[k] ? v[k] : "—");
			raw(r, k ? " |" : "** |");
		}
		raw(r, " ");
		comparison_completion(&r->out, &d->total);
		raw(r, " |\n");
	}
	buf_addf(&r->out, "\n%s\n\n", _("Completion: the questions answered, unknown or not applicable, of those asked."));
	buf_addf(&r->out, "*%s*\n\n", _("≠: the devices' answers to this criterion differ, compared on the whole answers "
				       "(not on the text shown). [n]: note n, under the section's table, gives the "
				       "sources and comments of the cell."));
}

/* The table of one section's rows (from..to), its collapsed rows and its notes. */
static void section_table(struct markdown *r, const struct comparison_doc *c, size_t from, size_t to,
			  struct notes *notes)
{
	size_t i, j, shown = 0, unanswered = 0;
	int width = c->ndevices ? (int)(96 / c->ndevices) : 12;

	if (width < 12)
		width = 12;
	notes->b.len = 0;
	buf_adds(&notes->b, "");
	for (i = from; i < to; i++) {
		const struct comparison_row *row = &c->rows[i];
		if (row_unanswered(row)) {
			unanswered++;
			continue;
		}
		if (!shown++) {
			/* the header; the dashes give pandoc the columns' widths: a fifth for the criterion */
			raw(r, "| ");
			text(r, _("Criterion"));
			raw(r, " |");
			for (j = 0; j < c->ndevices; j++) {
				raw(r, " ");
				text(r, c->devices[j].name);
				raw(r, " |");
			}
			raw(r, "\n| ------------------------ |");
			for (j = 0; j < c->ndevices; j++) {
				raw(r, " ");
				buf_add(&r->out, "------------------------------------------------------------------------------------------------", (size_t)width);
				raw(r, " |");
			}
			raw(r, "\n");
		}
		raw(r, "| ");
		if (row->differ)
			raw(r, "≠ ");
		text(r, criterion(r, row));
		raw(r, " |");
		for (j = 0; j < row->ncells; j++) {
			raw(r, " ");
			render_cell(r, &row->cells[j], c->devices[j].name, criterion(r, row), notes);
			raw(r, " |");
		}
		raw(r, "\n");
	}
	if (unanswered) {
		size_t k = 0;
		buf_addf(&r->out, "%s*%s* ", shown ? "\n" : "", _("No device has answered:"));
		for (i = from; i < to; i++) {
			if (!row_unanswered(&c->rows[i]))
				continue;
			if (k++)
				raw(r, " ; ");
			text(r, criterion(r, &c->rows[i]));
		}
		raw(r, ".\n");
	}
	if (notes->b.len) {
		buf_addf(&r->out, "\n**%s**\n\n", _("Notes"));
		raw(r, buf_str(&notes->b));
	}
}

static void render_comparison(struct markdown *r, const char *file, const struct node *root)
{
	struct finding_list errs = { 0 };
	struct notes notes = { { 0 }, 0, 0 };
	struct comparison_doc *c;
	size_t i, start;
	int rc = comparison_read(&c, root, r->q, &errs);

	for (i = 0; i < errs.n; i++)
		diag(SEV_ERROR, file, errs.v[i].line, errs.v[i].col, "%s%s",
		     rc == -1 ? _("not a valid comparison document: ") : "", errs.v[i].msg);
	finding_list_free(&errs);
	if (rc != 0)
		return;
	comparison_head(r, c);
	/* a table per section: its heading row, then its rows */
	for (i = 0, start = 0; i <= c->nrows; i++) {
		if (i < c->nrows && !c->rows[i].heading)
			continue;
		if (i > start)
			section_table(r, c, start, i, &notes);
		if (i < c->nrows) {
			const struct comparison_row *h = &c->rows[i];
			heading(r, 2, h->section, criterion(r, h));
		}
		start = i + 1;
	}
	buf_free(&notes.b);
	comparison_doc_free(c);
	if (node_get(root, "decision"))	/* only when dmn-compare was given the committee's ratings */
		decision_markdown(&r->out, node_get(root, "decision"), r->q, r->lang, file);
}

/* --- changes: what changed between versions of a dossier ---------------------------------- */

/* A question as a row names it: its number in bold, then its wording, shortened. */
static void question_cell(struct markdown *r, const char *id)
{
	int qi = questionnaire_find(r->q, id);

	raw(r, "**");
	text(r, id);
	raw(r, "**");
	if (qi >= 0) {
		struct buf b = { 0 };
		text_shorten(&b, text_get(r->q->questions[qi].text, r->lang), 80);
		raw(r, " ");
		text(r, buf_str(&b));
		buf_free(&b);
	}
}

/* One side of a change: the value as a person reads it, after its status when that is not
 * answered ("unknown: ..."), or the status alone; a dash when neither is known. */
static void change_side(struct markdown *r, const char *id, const char *status, const struct node *value)
{
	int qi = questionnaire_find(r->q, id);
	struct buf b = { 0 };

	if (status && status_parse(status) != ST_ANSWERED) {
		buf_adds(&b, comparison_status_words(status));
		if (value)
			buf_adds(&b, _(": "));
	}
	if (value && qi >= 0) {
		value_words(r, &b, &r->q->questions[qi], value);
	} else if (value && value->kind == NODE_SCALAR) {
		buf_adds(&b, value->text);
	}
	text(r, b.len ? buf_str(&b) : "—");
	buf_free(&b);
}

static const char *const change_columns[] = { N_("Question"), N_("Was"), N_("Now") };

/* The answers of one kind of change, as a table: nothing when there are none. */
static void answer_changes(struct markdown *r, const struct changes_pair *p, const char *change, const char *title)
{
	static const int widths[] = { 20, 14, 14 };
	const char *cols[3];
	size_t i, k, n = 0;

	for (i = 0; i < p->nanswers; i++) {
		const struct changes_answer *a = &p->answers[i];
		int values = strcmp(change, "status") != 0;	/* a status alone: the value is the same */
		if (strcmp(a->change, change) != 0)
			continue;
		if (!n++) {
			heading(r, 2, NULL, title);
			for (k = 0; k < 3; k++)
				cols[k] = _(change_columns[k]);
			table_head(r, cols, 3, 0, widths);
		}
		raw(r, "| ");
		question_cell(r, a->question);
		raw(r, " | ");
		change_side(r, a->question, a->status_was, values ? a->was : NULL);
		raw(r, " | ");
		change_side(r, a->question, a->status_now, values ? a->now : NULL);
		raw(r, " |\n");
	}
}

static const char *detail_words(const char *field)
{
	static const char *const fields[][2] = {
		{ "source", N_("Source") }, { "by", N_("By") }, { "date", N_("Date") }, { "comment", N_("Comment") },
	};
	size_t i;

	for (i = 0; i < sizeof fields / sizeof *fields; i++)
		if (!strcmp(field, fields[i][0]))
			return _(fields[i][1]);
	return field;
}

/* The sources, authors, dates and comments that changed where the answer stayed (a new
 * answer brings its own, one removed takes them away). */
static void detail_changes(struct markdown *r, const struct changes_pair *p)
{
	static const int widths[] = { 20, 8, 14, 14 };
	size_t i, j, n = 0;

	for (i = 0; i < p->nanswers; i++) {
		const struct changes_answer *a = &p->answers[i];
		if (!strcmp(a->change, "added") || !strcmp(a->change, "removed"))
			continue;
		for (j = 0; j < a->ndetails; j++) {
			const struct changes_field *f = &a->details[j];
			if (!n++) {
				const char *cols[4];
				cols[0] = _("Question");
				cols[1] = _("Field");
				cols[2] = _("Was");
				cols[3] = _("Now");
				heading(r, 2, NULL, _("Sources and comments changed"));
				table_head(r, cols, 4, 0, widths);
			}
			raw(r, "| ");
			question_cell(r, a->question);
			raw(r, " | ");
			text(r, detail_words(f->field));
			raw(r, " | ");
			text(r, f->was ? f->was : "—");
			raw(r, " | ");
			text(r, f->now ? f->now : "—");
			raw(r, " |\n");
		}
	}
}

static void device_changes(struct markdown *r, const struct changes_pair *p)
{
	static const int widths[] = { 16, 16, 16 };
	const char *cols[3];
	size_t i, k;

	if (!p->ndevice)
		return;
	heading(r, 2, NULL, _("Device"));
	cols[0] = _("Field");
	cols[1] = _("Was");
	cols[2] = _("Now");
	table_head(r, cols, 3, 0, widths);
	for (i = 0; i < p->ndevice; i++) {
		const struct changes_field *f = &p->device[i];
		const char *label = f->field;
		for (k = 0; k < DEVICE_FIELDS; k++)
			if (!strcmp(f->field, device_fields[k]))
				label = text_get(form_device_labels[k], r->lang);
		raw(r, "| ");
		text(r, label);
		raw(r, " | ");
		text(r, f->was ? f->was : "—");
		raw(r, " | ");
		text(r, f->now ? f->now : "—");
		raw(r, " |\n");
	}
}

/* Findings, each with its question and its line in the version that has it, worded again
 * in the reader's language where the document says what it is about (invalid_words). */
static void finding_changes(struct markdown *r, const struct changes_finding *f, size_t n, const char *title)
{
	size_t i;

	if (!n)
		return;
	heading(r, 2, NULL, title);
	for (i = 0; i < n; i++) {
		struct validation_invalid inv = { f[i].question, f[i].value, f[i].about, f[i].message, f[i].line, 0 };
		int qi = f[i].question ? questionnaire_find(r->q, f[i].question) : -1;
		struct buf b = { 0 };

		raw(r, "- ");
		if (f[i].question) {
			raw(r, "**");
			text(r, f[i].question);
			raw(r, "** ");
		}
		invalid_words(&inv, qi >= 0 ? &r->q->questions[qi] : NULL, &b);
		text(r, buf_str(&b));
		buf_free(&b);
		if (f[i].line > 0)
			buf_addf(&r->out, " *(%s %ld)*", _("line"), f[i].line);
		raw(r, "\n");
	}
}

/* "*From:* LABEL — FILE, version V": a version as the report names it. */
static void version_line(struct markdown *r, const char *label, const char *which,
			 const struct changes_version *v)
{
	buf_addf(&r->out, "*%s* ", which);
	text(r, label);
	if (v && v->file && strcmp(v->file, label) != 0) {
		raw(r, " — ");
		text(r, v->file);
	}
	if (v && v->version) {
		raw(r, _(", version "));
		text(r, v->version);
	}
	raw(r, "  \n");
}

static void render_pair(struct markdown *r, const struct changes_doc *c, size_t i)
{
	const struct changes_pair *p = &c->pairs[i];
	/* pair i goes from version i to version i + 1, when the document has them all */
	const struct changes_version *from = c->nversions == c->npairs + 1 ? &c->versions[i] : NULL;
	const struct changes_version *to = from ? &c->versions[i + 1] : NULL;
	const char *name = to && to->name ? to->name : c->device;
	struct buf b = { 0 };
	size_t before;

	raw(r, "# ");
	buf_addf(&b, _("%s: changes from %s to %s"), name ? name : _("(no name)"), p->from, p->to);
	text(r, buf_str(&b));
	raw(r, "\n\n");
	date_line(r);
	questionnaire_named(r, c->questionnaire, c->edition ? c->edition : r->q->edition);
	raw(r, "\n\n");
	version_line(r, p->from, _("From:"), from);
	version_line(r, p->to, _("To:"), to);
	before = r->out.len;
	b.len = 0;
	buf_addf(&b, _("Answers received since %s"), p->from);
	answer_changes(r, p, "added", buf_str(&b));
	answer_changes(r, p, "changed", _("Answers changed"));
	answer_changes(r, p, "removed", _("Answers removed"));
	answer_changes(r, p, "status", _("Status changes"));
	detail_changes(r, p);
	device_changes(r, p);
	finding_changes(r, p->appeared, p->nappeared, _("Findings that appeared"));
	finding_changes(r, p->gone, p->ngone, _("Findings that went"));
	if (r->out.len == before)
		buf_addf(&r->out, "\n%s\n", _("No change."));
	buf_free(&b);
}

static void render_changes(struct markdown *r, const char *file, const struct node *root)
{
	struct finding_list errs = { 0 };
	struct changes_doc *c;
	size_t i;
	int rc = changes_read(&c, root, r->q, &errs);

	if (rc != 0 && errs.n)	/* the first thing wrong, as the place to look */
		diag(SEV_ERROR, file, errs.v[0].line, errs.v[0].col, "%s%s",
		     rc == -1 ? _("not a valid changes document: ") : "", errs.v[0].msg);
	finding_list_free(&errs);
	if (rc != 0)
		return;
	for (i = 0; i < c->npairs; i++) {
		if (i)
			raw(r, "\n* * *\n\n");
		render_pair(r, c, i);
	}
	changes_doc_free(c);
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

/* A passage of the guide: its paragraphs, and its "- " and "1. " lines as list items. */
static void passage(struct markdown *r, const char *s)
{
	const char *line, *end;

	for (line = s; *line; line = *end ? end + 1 : end) {
		size_t n;
		char *copy;

		end = strchr(line, '\n');
		if (!end)
			end = line + strlen(line);
		n = (size_t)(end - line);
		if (n == 0) {
			raw(r, "\n");
			continue;
		}
		copy = xmalloc(n + 1);
		memcpy(copy, line, n);
		copy[n] = '\0';
		if (n > 2 && line[0] == '-' && line[1] == ' ') {
			raw(r, "- ");
			text(r, copy + 2);
		} else if (strspn(copy, "0123456789") > 0 && copy[strspn(copy, "0123456789")] == '.' &&
			   copy[strspn(copy, "0123456789") + 1] == ' ') {
			size_t d = strspn(copy, "0123456789");
			buf_add(&r->out, copy, d + 2);	/* "1. " */
			text(r, copy + d + 2);
		} else {
			text(r, copy);
		}
		raw(r, "\n");
		free(copy);
	}
	raw(r, "\n");
}

static void passages(struct markdown *r, const struct passage *v, size_t n, int level)
{
	size_t i;

	for (i = 0; i < n; i++) {
		heading(r, level, NULL, text_get(v[i].title, r->lang));
		passage(r, text_get(v[i].text, r->lang));
	}
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
	passages(r, q->preface, q->npreface, 2);
	for (s = 0; s < q->nsections; s++) {
		const struct section *sec = &q->sections[s];
		if (sec->part && (!part || strcmp(part, sec->part) != 0)) {
			for (i = 0; i < q->nparts; i++)
				if (q->parts[i].id && !strcmp(q->parts[i].id, sec->part)) {
					heading(r, 1, NULL, text_get(q->parts[i].title, r->lang));
					if (q->parts[i].intro.fr)
						passage(r, text_get(q->parts[i].intro, r->lang));
				}
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
	if (q->nappendices || q->nabbreviations)
		heading(r, 1, NULL, _("Appendices"));
	passages(r, q->appendices, q->nappendices, 2);
	if (q->nabbreviations) {
		const char *cols[2];
		cols[0] = _("Abbreviation");
		cols[1] = _("Meaning");
		heading(r, 2, NULL, _("Abbreviations and acronyms"));
		{
			static const int widths[] = { 6, 34 };
			table_head(r, cols, 2, 0, widths);
		}
		for (i = 0; i < q->nabbreviations; i++) {
			raw(r, "| ");
			text(r, q->abbreviations[i].abbr);
			raw(r, " | ");
			text(r, text_get(q->abbreviations[i].meaning, r->lang));
			raw(r, " |\n");
		}
	}
}

/* --- one document ------------------------------------------------------------------------- */

const char *markdown_document(struct markdown *r, const char *file, struct ydoc *doc)
{
	const struct node *root = ydoc_root(doc), *kind;
	struct dmn_error err = { 0 };
	unsigned long troubles = diag_troubles();

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
	r->kind = NULL;
	{
		static const char *const kinds[] = { "dossier", "validation", "comparison", "changes", "questionnaire" };
		size_t k;
		for (k = 0; k < sizeof kinds / sizeof *kinds; k++)
			if (!strcmp(kind->text, kinds[k]))
				r->kind = kinds[k];
	}
	if (!strcmp(kind->text, "dossier")) {
		render_dossier(r, file, doc);	/* takes the document */
		doc = NULL;
	} else if (!strcmp(kind->text, "validation")) {
		render_validation(r, file, root);
	} else if (!strcmp(kind->text, "comparison")) {
		render_comparison(r, file, root);
	} else if (!strcmp(kind->text, "changes")) {
		render_changes(r, file, root);
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
		     "unknown kind '%s' (expected dossier, validation, comparison, changes or questionnaire)", kind->text);
	}
	ydoc_free(doc);
	/* a document with trouble writes nothing, not even the rule before it: the standard
	 * output, which streams, holds the whole documents before it and nothing of it */
	if (diag_troubles() != troubles) {
		r->ndocs--;	/* counted above: only doc_kind's trouble returns before */
		buf_clear(&r->out);
	}
	return buf_str(&r->out);
}

size_t markdown_length(const struct markdown *r)
{
	return r->out.len;
}

const char *markdown_kind(const struct markdown *r)
{
	return r->kind;
}

struct markdown *markdown_new(const struct questionnaire *q, const struct markdown_opts *o)
{
	struct markdown *r = xcalloc(1, sizeof *r);

	r->q = q;
	r->o = *o;
	r->lang = o->lang;
	if (o->date)
		snprintf(r->date, sizeof r->date, "%s", o->date);
	return r;
}

void markdown_free(struct markdown *r)
{
	size_t i;

	if (!r)
		return;
	if (r->headings)
		for (i = 0; i < r->q->nquestions; i++)
			buf_free(&r->headings[i]);
	free(r->headings);
	if (r->section_rows)
		for (i = 0; i < r->q->nsections; i++)
			buf_free(&r->section_rows[i]);
	free(r->section_rows);
	buf_free(&r->out);
	free(r);
}
