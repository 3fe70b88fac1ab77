/* import.c: the vendor's form, filled in a spreadsheet (XLSX or CSV, read by sheet.c), into a
 * dossier: row by row, by question number, each answer checked as --set checks it and
 * replacing the old one whole, each problem said at its cell as a person sees it
 * (FILE:Questions!F23). A row whose question was edited is not trusted; a value refused is
 * kept as it was written, for the dossier's checks to flag and its writer to correct. */
#include <stdlib.h>
#include <string.h>

#include "guide.h"

struct importer {
	struct dossier *d;
	const char *file;
	const struct book *book;
	const struct sheet *sheet;	/* the questions */
	const char *sheet_name;		/* as the place shows it; NULL for a CSV */
	const struct import_opts *o;
	char *status_fr[4];		/* the statuses' French labels, folded */
	unsigned *row_of;		/* per question: the row that answered it, + 1 */
};

static const int statuses_given[] = { ST_ANSWERED, ST_UNKNOWN, ST_NOT_APPLICABLE, ST_PENDING };

/* FILE:Questions!F23 (FILE:F23 for a CSV) */
static void place(struct buf *b, const struct importer *im, const char *sheet, unsigned row, unsigned col)
{
	char ref[16];

	cell_name(ref, row, col);
	buf_addf(b, "%s:", im->file);
	if (sheet)
		buf_addf(b, "%s!", sheet);
	buf_adds(b, ref);
}

static void finding(const struct importer *im, enum severity sev, const char *sheet, unsigned row, unsigned col,
		    const char *msg)
{
	struct buf at = { 0 };

	place(&at, im, sheet, row, col);
	diag_print_finding(sev, buf_str(&at), 0, 0, msg);
	if (sev == SEV_ERROR)
		diag_status(DMN_FINDINGS);
	buf_free(&at);
}

static const char *text_at(const struct sheet *s, unsigned row, unsigned col)
{
	const struct cell *c = s ? sheet_cell(s, row, col) : NULL;
	return c ? c->text : "";
}

/* trimmed of spaces and line ends at both ends */
static void trimmed(struct buf *b, const char *s)
{
	size_t n;

	s += strspn(s, " \t\r\n");
	n = strlen(s);
	while (n && strchr(" \t\r\n", s[n - 1]))
		n--;
	buf_clear(b);
	buf_add(b, s, n);
	buf_str(b);
}

/* A cell's value as typed text for question qu: a date serial as YYYY-MM-DD, a number as
 * a plain number, a boolean as yes or no, 15/03/2024 as 2024-03-15. */
static void cell_typed(const struct importer *im, const struct cell *c, const struct question *qu, struct buf *out)
{
	char iso[11];

	buf_clear(out);
	if (!c) {
		buf_str(out);
		return;
	}
	if (c->type == CELL_BOOL) {
		buf_adds(out, !strcmp(c->text, "1") ? "yes" : "no");
	} else if (c->type == CELL_NUMBER) {
		double v = strtod(c->text, NULL);
		if (qu->type == QT_DATE && serial_date(v, im->book->date1904, iso))
			buf_adds(out, iso);
		else if (v == (double)(long long)v && v > -1e15 && v < 1e15)
			buf_addf(out, "%lld", (long long)v);
		else
			buf_addf(out, "%.15g", v);
	} else {
		trimmed(out, c->text);
		if (qu->type == QT_DATE && date_from_dmy(buf_str(out), iso)) {
			buf_clear(out);
			buf_adds(out, iso);
		}
	}
	buf_str(out);
}

/* A status as the list offers it (either language) or as documents write it; -1 if none */
static int status_given(const struct importer *im, const char *s)
{
	struct buf f = { 0 }, g = { 0 };
	size_t k;
	int st = -1;

	text_fold(&f, s);
	for (k = 0; k < sizeof statuses_given / sizeof *statuses_given && st < 0; k++) {
		const char *en = strchr(statuses[statuses_given[k]].label, '\004') + 1;
		buf_clear(&g);
		text_fold(&g, en);
		if (!strcmp(buf_str(&f), buf_str(&g)) || !strcmp(buf_str(&f), im->status_fr[k]) ||
		    !strcmp(s, statuses[statuses_given[k]].id))
			st = statuses_given[k];
	}
	buf_free(&f);
	buf_free(&g);
	return st;
}

/* The question's words in the cell are those of a form: either language, the vendor's or
 * the guide's wording, case, accents and spacing aside. */
static int question_intact(const struct questionnaire *q, int qi, const char *cell)
{
	const struct question *qu = &q->questions[qi];
	const char *forms[4] = { qu->vendor.fr, qu->vendor.en, qu->text.fr, qu->text.en };
	struct buf f = { 0 }, g = { 0 };
	size_t k;
	int ok = 0;

	text_fold(&f, cell);
	for (k = 0; k < 4 && !ok; k++) {
		if (!forms[k])
			continue;
		buf_clear(&g);
		text_fold(&g, forms[k]);
		ok = !strcmp(buf_str(&f), buf_str(&g));
	}
	buf_free(&f);
	buf_free(&g);
	return ok;
}

int import_same_text(const char *a, const char *b)
{
	return !strcmp(a ? a : "", b ? b : "");
}

/* The value typed is the answer held: as a checked value, or as the words the form showed
 * for it (a refused value written back as it was, in either language) */
int import_same_answer(const struct question *qu, const struct answer *a, const char *typed)
{
	struct answer_verdict vd;
	struct ydoc *scratch = ydoc_new();
	struct node *v = *typed ? answer_from_typed(scratch, qu, typed, &vd) : NULL;
	struct buf now = { 0 }, then = { 0 };
	int same;

	form_value(&now, qu, a->value, LANG_EN);
	if (v)
		form_value(&then, qu, v, LANG_EN);
	else
		buf_adds(&then, typed);
	same = !strcmp(buf_str(&now), buf_str(&then)) || !*typed;
	if (!same && !v) {
		buf_clear(&now);
		form_value(&now, qu, a->value, LANG_FR);
		same = !strcmp(buf_str(&now), typed);
	}
	buf_free(&now);
	buf_free(&then);
	ydoc_free(scratch);
	return same;
}

/* The device's fields, from its sheet (field ids in column A, values in C) or from the
 * device.FIELD rows of a CSV */
static void device_field(struct importer *im, const char *field, const char *value, const char *sheet,
			 unsigned row, unsigned col)
{
	struct device scratch;
	const char **now = device_member(&im->d->device, field);
	struct buf v = { 0 }, msg = { 0 };

	if (!device_member(&scratch, field)) {
		buf_addf(&msg, _("unknown device field '%s': not read"), field);
		finding(im, SEV_ERROR, sheet, row, 0, buf_str(&msg));
	} else {
		trimmed(&v, value);
		if (v.len && !import_same_text(*now, buf_str(&v)))
			dossier_set_device(im->d, field, buf_str(&v));
	}
	(void)col;
	buf_free(&v);
	buf_free(&msg);
}

static int read_device(struct importer *im)
{
	const struct sheet *s = book_sheet(im->book, form_sheets[FORM_DEVICE].fr);
	size_t i;

	if (!s)
		s = book_sheet(im->book, form_sheets[FORM_DEVICE].en);
	if (!s)
		return 0;
	for (i = 0; i < s->ncells; i++) {
		const struct cell *c = &s->cells[i];
		const char *v;
		if (c->col != 0 || c->row == 0)
			continue;
		v = text_at(s, c->row, 2);
		if (!strcmp(c->text, "questionnaire")) {
			if (*v && strcmp(v, im->d->q->id) != 0) {
				struct buf at = { 0 };
				place(&at, im, s->name, c->row, 2);
				diag(SEV_ERROR, buf_str(&at), 0, 0, "a form of questionnaire '%s', not '%s': not read", v,
				     im->d->q->id);
				buf_free(&at);
				return -1;
			}
			continue;
		}
		device_field(im, c->text, v, s->name, c->row, 2);
	}
	return 0;
}

/* One row of the Questions sheet: the answer, its status, source and comment. */
static void read_row(struct importer *im, unsigned row, const char *id)
{
	const struct sheet *s = im->sheet;
	const struct questionnaire *q = im->d->q;
	const char *sn = im->sheet_name;
	struct buf typed = { 0 }, msg = { 0 }, src = { 0 }, com = { 0 }, st_text = { 0 };
	const struct question *qu;
	struct answer *a;
	struct dmn_error err = { 0 };
	int qi, st = -1;

	if (!strncmp(id, "device.", 7)) {
		device_field(im, id + 7, text_at(s, row, FORM_ANSWER), sn, row, FORM_ANSWER);
		return;
	}
	if ((qi = questionnaire_find(q, id)) < 0) {
		buf_addf(&msg, _("unknown question id '%s': the row is not read"), id);
		finding(im, SEV_ERROR, sn, row, FORM_ID, buf_str(&msg));
		goto done;
	}
	qu = &q->questions[qi];
	a = &im->d->answers[qi];
	if (qu->type == QT_GROUP) {
		buf_addf(&msg, _("question '%s' has no answer of its own: the row is not read"), id);
		finding(im, SEV_ERROR, sn, row, FORM_ID, buf_str(&msg));
		goto done;
	}
	if (im->row_of[qi]) {
		buf_addf(&msg, _("question '%s' is already on row %u: this row is not read"), id, im->row_of[qi]);
		finding(im, SEV_ERROR, sn, row, FORM_ID, buf_str(&msg));
		goto done;
	}
	im->row_of[qi] = row + 1;
	if (!question_intact(q, qi, text_at(s, row, FORM_QUESTION))) {
		buf_addf(&msg, _("the text of question '%s' was changed: its answer is not read (check it, then "
				 "write it in a new form)"), id);
		finding(im, SEV_ERROR, sn, row, FORM_QUESTION, buf_str(&msg));
		goto done;
	}
	cell_typed(im, sheet_cell(s, row, FORM_ANSWER), qu, &typed);
	trimmed(&st_text, text_at(s, row, FORM_STATUS));
	trimmed(&src, text_at(s, row, FORM_SOURCE));
	trimmed(&com, text_at(s, row, FORM_COMMENT));
	if (!typed.len && !st_text.len && !src.len && !com.len)
		goto done;	/* an empty row changes nothing */
	if (st_text.len && (st = status_given(im, buf_str(&st_text))) < 0) {
		buf_addf(&msg, _("'%s' is not a status (expected %s, %s, %s or %s): the row is not read"), buf_str(&st_text),
			 status_label(ST_ANSWERED), status_label(ST_UNKNOWN), status_label(ST_NOT_APPLICABLE),
			 status_label(ST_PENDING));
		finding(im, SEV_ERROR, sn, row, FORM_STATUS, buf_str(&msg));
		goto done;
	}
	if ((st == ST_UNKNOWN || st == ST_NOT_APPLICABLE) && typed.len) {
		buf_addf(&msg, _("an answer and the status '%s' for question '%s': keep one; the row is not read"),
			 status_label(st), id);
		finding(im, SEV_ERROR, sn, row, FORM_ANSWER, buf_str(&msg));
		goto done;
	}
	if (!typed.len && (st < 0 || st == ST_ANSWERED) && a->status != ST_ANSWERED && a->status != ST_INVALID) {
		buf_addf(&msg, _("no answer to question '%s', only its source or comment: the row is not read"), id);
		finding(im, SEV_ERROR, sn, row, FORM_ANSWER, buf_str(&msg));
		goto done;
	}
	/* the same answer as the dossier's (a form filled in again): left as it is, date and all */
	if (st < 0)
		st = ST_ANSWERED;
	if (import_same_answer(qu, a, buf_str(&typed)) && st == (a->status == ST_INVALID ? ST_ANSWERED : (int)a->status) &&
	    import_same_text(a->source, buf_str(&src)) && import_same_text(a->comment, buf_str(&com)))
		goto done;
	if (typed.len && dossier_set_value(im->d, qi, buf_str(&typed), &err) != 0) {
		buf_addf(&msg, "%s", err.msg);
		finding(im, SEV_ERROR, sn, row, FORM_ANSWER, buf_str(&msg));
		dossier_set_raw(im->d, qi, buf_str(&typed));	/* kept as written, flagged */
	} else if (!typed.len && st != ST_ANSWERED) {
		dossier_set_status(im->d, qi, (enum status)st);
	} else if (typed.len && st == ST_PENDING) {
		dossier_set_status(im->d, qi, ST_PENDING);	/* a partial answer, kept */
	}
	dossier_set_meta(im->d, qi, buf_str(&src), im->o->by ? im->o->by : "", im->o->date, buf_str(&com));
done:
	buf_free(&typed);
	buf_free(&msg);
	buf_free(&src);
	buf_free(&com);
	buf_free(&st_text);
}

static int is_heading(const char *s)
{
	size_t k;

	for (k = 0; k < 2; k++)
		if (!strcmp(s, k ? form_headings[FORM_ID].en : form_headings[FORM_ID].fr))
			return 1;
	return 0;
}

static void read_questions(struct importer *im)
{
	const struct sheet *s = im->sheet;
	size_t i = 0;

	while (i < s->ncells) {
		unsigned row = s->cells[i].row;
		const char *id = sheet_cell(s, row, FORM_ID) ? sheet_cell(s, row, FORM_ID)->text : NULL;
		struct buf t = { 0 };

		if (id)
			trimmed(&t, id);
		if (t.len && !is_heading(buf_str(&t))) {
			read_row(im, row, buf_str(&t));
		} else if (!t.len) {
			unsigned c;
			for (c = FORM_ANSWER; c <= FORM_COMMENT; c++)
				if (sheet_cell(s, row, c))
					break;
			if (c <= FORM_COMMENT)
				finding(im, SEV_ERROR, im->sheet_name, row, FORM_ID,
					_("a row with an answer but no question number: it is not read"));
		}
		buf_free(&t);
		while (i < s->ncells && s->cells[i].row == row)
			i++;
	}
}

/* The French labels of the statuses, folded, whatever the messages' language */
static void status_labels(struct importer *im)
{
	enum lang was = i18n_lang();
	struct buf f = { 0 };
	size_t k;

	if (was != LANG_FR)
		i18n_use(LANG_FR);
	for (k = 0; k < 4; k++) {
		buf_clear(&f);
		text_fold(&f, status_label(statuses_given[k]));
		im->status_fr[k] = xstrdup(buf_str(&f));
	}
	if (was != LANG_FR)
		i18n_use(was);
	buf_free(&f);
}

int form_import(struct dossier *d, const char *file, const char *bytes, size_t len, const struct import_opts *o)
{
	struct importer im = { 0 };
	struct dmn_error err = { 0 };
	struct book *book;
	char part[128] = "";
	size_t k;
	int rc = 0;

	if (book_read(&book, bytes, len, part, &err) != 0) {
		struct buf at = { 0 };
		buf_adds(&at, file);
		if (*part)
			buf_addf(&at, ":%s", part);
		diag_error(buf_str(&at), &err);
		buf_free(&at);
		return -1;
	}
	im.d = d;
	im.file = file;
	im.book = book;
	im.o = o;
	if (book->csv) {
		im.sheet = book->nsheets ? &book->sheets[0] : NULL;
	} else {
		im.sheet = book_sheet(book, form_sheets[FORM_QUESTIONS].fr);
		im.sheet_name = form_sheets[FORM_QUESTIONS].fr;
	}
	if (!im.sheet) {
		diag(SEV_ERROR, file, 0, 0, "no sheet named %s: not a form written by dmn-report -f xlsx",
		     form_sheets[FORM_QUESTIONS].fr);
		book_free(book);
		return -1;
	}
	{
		struct buf first = { 0 };
		trimmed(&first, text_at(im.sheet, 0, FORM_ID));
		if (!is_heading(buf_str(&first))) {
			struct buf at = { 0 };
			place(&at, &im, im.sheet_name, 0, FORM_ID);
			diag(SEV_ERROR, buf_str(&at), 0, 0, "not a form written by dmn-report -f xlsx or csv: its first row "
			     "does not begin with the column %s", text_get(form_headings[FORM_ID], i18n_lang()));
			buf_free(&at);
			buf_free(&first);
			book_free(book);
			return -1;
		}
		buf_free(&first);
	}
	status_labels(&im);
	im.row_of = xcalloc(d->q->nquestions, sizeof *im.row_of);
	if (!book->csv && read_device(&im) != 0)
		rc = -1;
	else
		read_questions(&im);
	for (k = 0; k < 4; k++)
		free(im.status_fr[k]);
	free(im.row_of);
	book_free(book);
	return rc;
}
