/* workbook.c: dmn documents as spreadsheets, for the people who live in Excel and
 * LibreOffice Calc. A dossier (or a questionnaire) is the vendor's form: the questions for
 * an audience, one a row, with lists, number and date checks, and the answers already given
 * filled in (import.c reads it back); as XLSX, or as CSV the way Excel in French writes it.
 * A comparison, a validation and a to-do are the committee's sheets. XLSX through
 * libxlsxwriter, into a temporary file copied to the output: never a hand-made zip. */
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <csv.h>
#include <xlsxwriter.h>

#include "guide.h"

struct wb {
	lxw_workbook *book;
	char *path;			/* the temporary file libxlsxwriter writes */
	enum lang lang;
	lxw_error error;		/* the first error of a write, kept for the end */
	double width[64];		/* the columns' widths of the sheet being written, in characters */
	lxw_worksheet *ws;		/* the sheet being written, its row, and the lines its */
	lxw_row_t row;			/* tallest cell needs */
	int lines;
	lxw_format *head, *cell, *free_cell, *free_date, *free_number, *section, *title, *number;
};

/* --- the workbook and its cells -------------------------------------------------------- */

static int wb_open(struct wb *w, enum lang lang, const char *title, struct dmn_error *err)
{
	const char *dir = getenv("TMPDIR");
	lxw_workbook_options opts = { 0 };
	lxw_doc_properties props = { 0 };
	struct buf path = { 0 };
	int fd;

	memset(w, 0, sizeof *w);
	w->lang = lang;
	buf_addf(&path, "%s/dmn-xlsx-XXXXXX", dir && *dir ? dir : "/tmp");
	if ((fd = mkstemp(path.s)) < 0) {
		dmn_error_set(err, 0, 0, "cannot make a temporary file in %s: %s", dir && *dir ? dir : "/tmp",
			      errno_text(errno));
		buf_free(&path);
		return -1;
	}
	close(fd);
	w->path = path.s;
	opts.tmpdir = dir && *dir ? (char *)dir : NULL;
	w->book = workbook_new_opt(w->path, &opts);
	if (!w->book) {
		dmn_error_set(err, 0, 0, "cannot start the workbook");
		unlink(w->path);
		free(w->path);
		return -1;
	}
	/* no clock in a document unless asked: the same input gives the same bytes */
	props.title = (char *)title;
	props.created = 1;	/* 1970-01-01, as libxlsxwriter takes 0 for "now" */
	{
		const char *epoch = getenv("SOURCE_DATE_EPOCH");
		char *end;
		long long t = epoch ? strtoll(epoch, &end, 10) : 0;
		if (epoch && *epoch && !*end && t > 0)
			props.created = (time_t)t;
	}
	workbook_set_properties(w->book, &props);

	w->head = workbook_add_format(w->book);
	format_set_bold(w->head);
	format_set_text_wrap(w->head);
	format_set_align(w->head, LXW_ALIGN_VERTICAL_TOP);
	format_set_bg_color(w->head, 0xD9D9D9);
	format_set_border(w->head, LXW_BORDER_THIN);
	w->cell = workbook_add_format(w->book);
	format_set_text_wrap(w->cell);
	format_set_align(w->cell, LXW_ALIGN_VERTICAL_TOP);
	format_set_border(w->cell, LXW_BORDER_THIN);
	w->number = workbook_add_format(w->book);
	format_set_align(w->number, LXW_ALIGN_VERTICAL_TOP);
	format_set_border(w->number, LXW_BORDER_THIN);
	w->free_cell = workbook_add_format(w->book);
	format_set_text_wrap(w->free_cell);
	format_set_align(w->free_cell, LXW_ALIGN_VERTICAL_TOP);
	format_set_border(w->free_cell, LXW_BORDER_THIN);
	format_set_unlocked(w->free_cell);
	format_set_bg_color(w->free_cell, 0xFFFFE0);
	w->free_date = workbook_add_format(w->book);
	format_set_num_format(w->free_date, "yyyy-mm-dd");
	format_set_align(w->free_date, LXW_ALIGN_VERTICAL_TOP);
	format_set_border(w->free_date, LXW_BORDER_THIN);
	format_set_unlocked(w->free_date);
	format_set_bg_color(w->free_date, 0xFFFFE0);
	w->free_number = workbook_add_format(w->book);
	format_set_align(w->free_number, LXW_ALIGN_VERTICAL_TOP);
	format_set_border(w->free_number, LXW_BORDER_THIN);
	format_set_unlocked(w->free_number);
	format_set_bg_color(w->free_number, 0xFFFFE0);
	w->section = workbook_add_format(w->book);
	format_set_bold(w->section);
	format_set_text_wrap(w->section);
	format_set_align(w->section, LXW_ALIGN_VERTICAL_TOP);
	format_set_bg_color(w->section, 0xEDEDED);
	format_set_border(w->section, LXW_BORDER_THIN);
	w->title = workbook_add_format(w->book);
	format_set_bold(w->title);
	format_set_font_size(w->title, 14);
	return 0;
}

static void keep(struct wb *w, lxw_error e)
{
	if (e != LXW_NO_ERROR && w->error == LXW_NO_ERROR)
		w->error = e;
}

/* A column's width, kept to size the rows: neither Excel nor LibreOffice makes a row tall
 * enough for its wrapped text by itself when a program wrote it. */
static void column(struct wb *w, lxw_worksheet *ws, lxw_col_t col, double width)
{
	if (col < 64)
		w->width[col] = width;
	worksheet_set_column(ws, col, col, width, NULL);
}

/* The lines a text takes in a column of that width (wrapped at about its characters) */
static int lines_of(const char *s, double width)
{
	size_t per = width > 4 ? (size_t)(width * 1.2) - 2 : 1, n = 0;
	int lines = 1;

	for (; *s; s++) {
		if (*s == '\n') {
			lines++;
			n = 0;
		} else if (((unsigned char)*s & 0xc0) != 0x80 && ++n > per) {
			lines++;
			n = 1;
		}
	}
	return lines;
}

/* The row written last made as tall as its tallest cell */
static void end_row(struct wb *w)
{
	if (w->ws && w->lines > 1)
		worksheet_set_row(w->ws, w->row, 15.0 * (w->lines > 27 ? 27 : w->lines), NULL);
	w->lines = 1;
}

static lxw_worksheet *add_sheet(struct wb *w, const char *name)
{
	end_row(w);
	memset(w->width, 0, sizeof w->width);
	w->row = 0;
	return w->ws = workbook_add_worksheet(w->book, name);
}


/* A string cell; vendor text is data: "=1+1" stays text, never a formula. */
static void put(struct wb *w, lxw_worksheet *ws, lxw_row_t row, lxw_col_t col, const char *s, lxw_format *f)
{
	if (ws != w->ws || row != w->row) {
		if (ws == w->ws)
			end_row(w);
		w->row = row;
		w->lines = 1;
	}
	if (s && *s && ws == w->ws) {
		int n = col < 64 && w->width[col] > 0 ? lines_of(s, w->width[col]) : 1;
		keep(w, worksheet_write_string(ws, row, col, s, f));
		if (n > w->lines)
			w->lines = n;
	} else if (s && *s) {
		keep(w, worksheet_write_string(ws, row, col, s, f));
	} else if (f) {
		keep(w, worksheet_write_blank(ws, row, col, f));
	}
}

static void put_number(struct wb *w, lxw_worksheet *ws, lxw_row_t row, lxw_col_t col, double v, lxw_format *f)
{
	keep(w, worksheet_write_number(ws, row, col, v, f));
}

/* A4, landscape or not, one page wide, the first row repeated on every page */
static void print_setup(lxw_worksheet *ws, int landscape, int repeat)
{
	worksheet_set_paper(ws, 9);
	if (landscape)
		worksheet_set_landscape(ws);
	worksheet_fit_to_pages(ws, 1, 0);
	if (repeat)
		worksheet_repeat_rows(ws, 0, 0);
	worksheet_set_footer(ws, "&C&P / &N");
}

/* Written: libxlsxwriter's file copied to f, and removed. 0, or -1 with err. */
static int wb_close(struct wb *w, FILE *f, struct dmn_error *err)
{
	lxw_error e;

	end_row(w);
	e = workbook_close(w->book);
	FILE *in;
	int rc = -1;

	w->book = NULL;
	if (w->error != LXW_NO_ERROR)
		dmn_error_set(err, 0, 0, "cannot write the workbook: %s", lxw_strerror(w->error));
	else if (e != LXW_NO_ERROR)
		dmn_error_set(err, 0, 0, "cannot write the workbook: %s", lxw_strerror(e));
	else if (!(in = fopen(w->path, "rb")))
		dmn_error_set(err, 0, 0, "cannot read the workbook written: %s", errno_text(errno));
	else {
		if (spool_copy(in, f) != 0)
			dmn_error_set(err, 0, 0, "cannot write: %s", errno_text(errno));
		else
			rc = 0;
		fclose(in);
	}
	unlink(w->path);
	free(w->path);
	w->path = NULL;
	return rc;
}

/* --- the vendor's form ----------------------------------------------------------------- */

struct form {
	struct wb w;
	const struct questionnaire *q;
	const struct dossier *d;	/* the answers filled in; NULL: a blank form */
	unsigned audience;
	lxw_worksheet *lists;
	lxw_col_t nlists;		/* columns of the Lists sheet used */
	char yesno[64], status[64];	/* their ranges, as formulas */
	int *choice_list;		/* per question: its options' column in Lists, or -1 */
};

static const int form_statuses[] = { ST_ANSWERED, ST_UNKNOWN, ST_NOT_APPLICABLE, ST_PENDING };

/* A column of the hidden Lists sheet; its range as a formula in out. */
static void list_column(struct form *fm, const char *const *items, size_t n, char *out, size_t size)
{
	char col[16];
	size_t i;

	for (i = 0; i < n; i++)
		put(&fm->w, fm->lists, (lxw_row_t)i, fm->nlists, items[i], NULL);
	cell_name(col, 0, fm->nlists);
	col[strspn(col, "ABCDEFGHIJKLMNOPQRSTUVWXYZ")] = '\0';
	snprintf(out, size, "=%s!$%s$1:$%s$%zu", text_get(form_sheets[FORM_LISTS], fm->w.lang), col, col, n);
	fm->nlists++;
}

static void make_lists(struct form *fm)
{
	const struct questionnaire *q = fm->q;
	const char *items[64];
	size_t i, k;

	/* not add_sheet: the rows of the sheet Questions, added before, are still being sized */
	fm->lists = workbook_add_worksheet(fm->w.book, text_get(form_sheets[FORM_LISTS], fm->w.lang));
	items[0] = _("yes");
	items[1] = _("no");
	list_column(fm, items, 2, fm->yesno, sizeof fm->yesno);
	for (k = 0; k < sizeof form_statuses / sizeof *form_statuses; k++)
		items[k] = status_label(form_statuses[k]);
	list_column(fm, items, k, fm->status, sizeof fm->status);
	fm->choice_list = xcalloc(q->nquestions, sizeof *fm->choice_list);
	for (i = 0; i < q->nquestions; i++) {
		const struct question *qu = &q->questions[i];
		fm->choice_list[i] = -1;
		if (qu->type != QT_CHOICE || !form_asks(q, (int)i, fm->audience) || !qu->noptions || qu->noptions > 64)
			continue;
		for (k = 0; k < qu->noptions; k++)
			items[k] = text_get(qu->options[k].label, fm->w.lang);
		fm->choice_list[i] = (int)fm->nlists;
		{
			char range[64];
			list_column(fm, items, qu->noptions, range, sizeof range);
		}
	}
	worksheet_hide(fm->lists);
	worksheet_protect(fm->lists, NULL, NULL);
}

static void list_range(const struct form *fm, int column, size_t n, char *out, size_t size)
{
	char col[16];

	cell_name(col, 0, (lxw_col_t)column);
	col[strspn(col, "ABCDEFGHIJKLMNOPQRSTUVWXYZ")] = '\0';
	snprintf(out, size, "=%s!$%s$1:$%s$%zu", text_get(form_sheets[FORM_LISTS], fm->w.lang), col, col, n);
}

/* What the answer cell accepts: a list, a number, a date, or anything with a reminder. */
/* A drop-down of these words, written in the validation itself when Excel allows (at most
 * 255 characters, no comma): libxlsxwriter 1.1 never frees the copy it makes of a list's
 * range (LIST_FORMULA), a leak of a few bytes per cell that LeakSanitizer reports */
static int literal_list(lxw_data_validation *dv, const char **items, size_t n)
{
	size_t i, len = 0;

	for (i = 0; i < n; i++) {
		if (strchr(items[i], ',') || strchr(items[i], '"'))
			return 0;
		len += strlen(items[i]) + 1;
	}
	if (len > 255)
		return 0;
	items[n] = NULL;
	dv->validate = LXW_VALIDATION_TYPE_LIST;
	dv->value_list = (char **)items;
	return 1;
}

/* What the answer cell accepts: a list, a number, a date, or anything with a reminder. */
static void validate_answer(struct form *fm, lxw_worksheet *ws, lxw_row_t row, int qi)
{
	const struct question *qu = &fm->q->questions[qi];
	lxw_data_validation dv = { 0 };
	const char *items[66];
	char range[64];
	size_t k;

	dv.error_type = LXW_VALIDATION_ERROR_TYPE_STOP;
	switch (qu->type) {
	case QT_YESNO:
		items[0] = _("yes");
		items[1] = _("no");
		if (!literal_list(&dv, items, 2)) {
			dv.validate = LXW_VALIDATION_TYPE_LIST_FORMULA;
			dv.value_formula = fm->yesno;
		}
		dv.error_message = (char *)_("Choose yes or no in the list, or a status.");
		break;
	case QT_CHOICE:
		if (fm->choice_list[qi] < 0)
			return;
		for (k = 0; k < qu->noptions; k++)
			items[k] = text_get(qu->options[k].label, fm->w.lang);
		if (!literal_list(&dv, items, qu->noptions)) {
			list_range(fm, fm->choice_list[qi], qu->noptions, range, sizeof range);
			dv.validate = LXW_VALIDATION_TYPE_LIST_FORMULA;
			dv.value_formula = range;
		}
		dv.error_message = (char *)_("Choose an answer in the list, or a status.");
		break;
	case QT_NUMBER:
		dv.validate = LXW_VALIDATION_TYPE_DECIMAL;
		dv.criteria = LXW_VALIDATION_CRITERIA_BETWEEN;
		dv.minimum_number = -1e15;
		dv.maximum_number = 1e15;
		dv.error_message = (char *)_("A number is expected here; if you cannot give one, choose a status.");
		break;
	case QT_DATE: {
		lxw_datetime from = { 1900, 1, 1, 0, 0, 0 }, to = { 9999, 12, 31, 0, 0, 0 };
		dv.validate = LXW_VALIDATION_TYPE_DATE;
		dv.criteria = LXW_VALIDATION_CRITERIA_BETWEEN;
		dv.minimum_datetime = from;
		dv.maximum_datetime = to;
		dv.error_message = (char *)_("A date is expected here (YYYY-MM-DD); if you cannot give one, choose a status.");
		break;
	}
	case QT_CHOICES:
		dv.validate = LXW_VALIDATION_TYPE_ANY;
		dv.input_message = (char *)_("One or more answers of the column Expected answer, separated by ;");
		break;
	default:
		return;
	}
	keep(&fm->w, worksheet_data_validation_cell(ws, row, FORM_ANSWER, &dv));
}

/* The answer held, in the cell that suits it: a number, a date, or text */
static void put_answer(struct form *fm, lxw_worksheet *ws, lxw_row_t row, int qi)
{
	const struct question *qu = &fm->q->questions[qi];
	const struct answer *a = fm->d ? &fm->d->answers[qi] : NULL;
	struct answer_verdict vd;
	struct buf b = { 0 };

	if (a && a->value && a->value->kind == NODE_SCALAR && answer_check(qu, a->value, &vd) == 1 &&
	    (qu->type == QT_NUMBER || qu->type == QT_DATE)) {
		if (qu->type == QT_NUMBER && parse_decimal(a->value->text)) {
			put_number(&fm->w, ws, row, FORM_ANSWER, strtod(a->value->text, NULL), fm->w.free_number);
			return;
		}
		if (qu->type == QT_DATE && parse_date(a->value->text)) {
			lxw_datetime dt = { 0 };
			dt.year = atoi(a->value->text);
			dt.month = atoi(a->value->text + 5);
			dt.day = atoi(a->value->text + 8);
			keep(&fm->w, worksheet_write_datetime(ws, row, FORM_ANSWER, &dt, fm->w.free_date));
			return;
		}
	}
	if (a)
		form_value(&b, qu, a->value, fm->w.lang);
	put(&fm->w, ws, row, FORM_ANSWER, buf_str(&b), qu->type == QT_DATE ? fm->w.free_date : fm->w.free_cell);
	buf_free(&b);
}

static void question_row(struct form *fm, lxw_worksheet *ws, lxw_row_t row, int qi)
{
	const struct questionnaire *q = fm->q;
	const struct question *qu = &q->questions[qi];
	const struct section *s = &q->sections[qu->section];
	const struct answer *a = fm->d ? &fm->d->answers[qi] : NULL;
	lxw_data_validation dv = { 0 };
	const char *items[5];	/* the statuses' list, which dv points to until it is used */
	struct buf b = { 0 };
	size_t k;

	put(&fm->w, ws, row, FORM_ID, qu->id, fm->w.cell);
	put(&fm->w, ws, row, FORM_SECTION, s->id, fm->w.cell);	/* its title: the context of its first questions */
	form_context(&b, q, qi, fm->w.lang);
	put(&fm->w, ws, row, FORM_CONTEXT, buf_str(&b), fm->w.cell);
	put(&fm->w, ws, row, FORM_QUESTION, form_question(q, qi, fm->w.lang), fm->w.cell);
	buf_clear(&b);
	form_expected(&b, q, qi, fm->w.lang);
	put(&fm->w, ws, row, FORM_EXPECTED, buf_str(&b), fm->w.cell);
	put_answer(fm, ws, row, qi);
	validate_answer(fm, ws, row, qi);
	put(&fm->w, ws, row, FORM_STATUS,
	    a && a->status != ST_ANSWERED && a->status != ST_MISSING && a->status != ST_INVALID ?
	    status_label(a->status) : "", fm->w.free_cell);
	for (k = 0; k < 4; k++)
		items[k] = status_label(form_statuses[k]);
	if (!literal_list(&dv, items, 4)) {
		dv.validate = LXW_VALIDATION_TYPE_LIST_FORMULA;
		dv.value_formula = fm->status;
	}
	dv.error_type = LXW_VALIDATION_ERROR_TYPE_STOP;
	dv.error_message = (char *)_("Choose a status in the list, or leave it empty when you answer.");
	keep(&fm->w, worksheet_data_validation_cell(ws, row, FORM_STATUS, &dv));
	put(&fm->w, ws, row, FORM_SOURCE, a ? a->source : NULL, fm->w.free_cell);
	put(&fm->w, ws, row, FORM_COMMENT, a ? a->comment : NULL, fm->w.free_cell);
	buf_free(&b);
}

static void instructions(struct form *fm)
{
	const struct questionnaire *q = fm->q;
	lxw_worksheet *ws = add_sheet(&fm->w, text_get(form_sheets[FORM_INSTRUCTIONS], fm->w.lang));
	const char *device = text_get(form_sheets[FORM_DEVICE], fm->w.lang);
	lxw_row_t row = 0;
	struct buf b = { 0 };
	size_t i;

	column(&fm->w, ws, 0, 110);
	put(&fm->w, ws, row++, 0, text_get(q->title, fm->w.lang), fm->w.title);
	buf_addf(&b, _("Questionnaire %s, edition %s."), q->id, q->edition ? q->edition : "");
	put(&fm->w, ws, row++, 0, buf_str(&b), NULL);
	row++;
	buf_clear(&b);
	buf_addf(&b, _("1. Give the device's details on the sheet %s."), device);
	put(&fm->w, ws, row++, 0, buf_str(&b), NULL);
	put(&fm->w, ws, row++, 0, _("2. On the sheet Questions, write each answer in the column Answer: for yes or no and "
				    "for options, pick from the list; numbers and dates are checked as you type."), NULL);
	put(&fm->w, ws, row++, 0, _("3. If you cannot say, choose the status unknown; if the question does not concern the "
				    "device, not applicable; if the answer will come later, pending."), NULL);
	put(&fm->w, ws, row++, 0, _("4. Say where each answer comes from (a notice, a publication, a page) in the column "
				    "Source, and anything to add in the column Comment."), NULL);
	put(&fm->w, ws, row++, 0, _("5. A question whose expected answer says \"Only if\" applies only in that case."), NULL);
	put(&fm->w, ws, row++, 0, _("6. Do not change the questions, their numbers or the sheets' names: the file is read "
				    "back by its question numbers, and a question whose text was changed is not read."), NULL);
	put(&fm->w, ws, row++, 0, _("7. Save the file as it is (XLSX) and send it back."), NULL);
	for (i = 0; i < q->ncaveats; i++) {
		row++;
		buf_clear(&b);
		buf_addf(&b, "« %s » (%s)", text_get(q->caveats[i].text, fm->w.lang), text_get(q->caveats[i].from, fm->w.lang));
		if (fm->w.lang == LANG_EN) {
			buf_clear(&b);
			buf_addf(&b, "\"%s\" (%s)", text_get(q->caveats[i].text, fm->w.lang),
				 text_get(q->caveats[i].from, fm->w.lang));
		}
		put(&fm->w, ws, row++, 0, buf_str(&b), fm->w.cell);
	}
	print_setup(ws, 0, 0);
	worksheet_protect(ws, NULL, NULL);
	buf_free(&b);
}

static void device_sheet(struct form *fm)
{
	lxw_worksheet *ws = add_sheet(&fm->w, text_get(form_sheets[FORM_DEVICE], fm->w.lang));
	lxw_row_col_options hidden = { .hidden = 1 };
	lxw_protection prot = { .format_columns = 1, .format_rows = 1 };
	struct device blank = { 0 };
	struct device dev = fm->d ? fm->d->device : blank;
	lxw_row_t row = 0;
	size_t i;

	worksheet_set_column_opt(ws, 0, 0, 14, NULL, &hidden);	/* the fields' ids, for the reader */
	column(&fm->w, ws, 1, 30);
	column(&fm->w, ws, 2, 60);
	put(&fm->w, ws, row, 0, "field", fm->w.head);
	put(&fm->w, ws, row, 1, text_get(form_headings[FORM_QUESTION], fm->w.lang), fm->w.head);
	put(&fm->w, ws, row++, 2, text_get(form_headings[FORM_ANSWER], fm->w.lang), fm->w.head);
	for (i = 0; device_fields[i]; i++, row++) {
		const char **v = device_member(&dev, device_fields[i]);
		put(&fm->w, ws, row, 0, device_fields[i], fm->w.cell);
		put(&fm->w, ws, row, 1, text_get(form_device_labels[i], fm->w.lang), fm->w.cell);
		put(&fm->w, ws, row, 2, v ? *v : NULL, fm->w.free_cell);
	}
	put(&fm->w, ws, row, 0, "questionnaire", fm->w.cell);
	put(&fm->w, ws, row, 1, _("Questionnaire"), fm->w.cell);
	put(&fm->w, ws, row, 2, fm->q->id, fm->w.cell);
	worksheet_freeze_panes(ws, 1, 0);
	print_setup(ws, 0, 1);
	worksheet_protect(ws, NULL, &prot);
}

static int write_form_xlsx(const struct questionnaire *q, const struct dossier *d, unsigned audience,
			   enum lang lang, FILE *f, struct dmn_error *err)
{
	struct form fm = { 0 };
	lxw_protection prot = { .format_columns = 1, .format_rows = 1 };
	static const double widths[FORM_COLS] = { 7, 8, 30, 50, 26, 32, 13, 26, 30 };
	lxw_worksheet *ws;
	lxw_row_t row = 0;
	size_t i;
	int rc;

	fm.q = q;
	fm.d = d;
	fm.audience = audience;
	if (wb_open(&fm.w, lang, text_get(q->title, lang), err) != 0)
		return -1;
	instructions(&fm);
	device_sheet(&fm);
	ws = add_sheet(&fm.w, text_get(form_sheets[FORM_QUESTIONS], lang));
	make_lists(&fm);
	for (i = 0; i < FORM_COLS; i++) {
		column(&fm.w, ws, (lxw_col_t)i, widths[i]);
		put(&fm.w, ws, row, (lxw_col_t)i, text_get(form_headings[i], lang), fm.w.head);
	}
	for (i = 0; i < q->nquestions; i++)
		if (form_asks(q, (int)i, audience))
			question_row(&fm, ws, ++row, (int)i);
	worksheet_freeze_panes(ws, 1, 1);
	worksheet_autofilter(ws, 0, 0, row, FORM_COLS - 1);
	print_setup(ws, 1, 1);
	prot.autofilter = 1;
	prot.sort = 0;
	worksheet_protect(ws, NULL, &prot);
	worksheet_activate(ws);
	rc = wb_close(&fm.w, f, err);
	free(fm.choice_list);
	return rc;
}

/* --- the form as CSV ----------------------------------------------------------------- */

static void csv_field(FILE *f, const char *s, int first)
{
	if (!first)
		fputc(';', f);
	if (s && *s)
		csv_fwrite(f, s, strlen(s));
}

/* A number as French Excel writes it in a CSV: a decimal comma */
static void csv_number(struct buf *b, const char *plain, enum lang lang)
{
	const char *dot = strchr(plain, '.');

	if (lang != LANG_FR || !dot) {
		buf_adds(b, plain);
		return;
	}
	buf_add(b, plain, (size_t)(dot - plain));
	buf_adds(b, ",");
	buf_adds(b, dot + 1);
}

static int write_form_csv(const struct questionnaire *q, const struct dossier *d, unsigned audience,
			  enum lang lang, FILE *f)
{
	struct buf b = { 0 }, c = { 0 };
	struct device blank = { 0 };
	struct device dev = d ? d->device : blank;
	size_t i;

	fputs("\xef\xbb\xbf", f);	/* a BOM: Excel then reads UTF-8 */
	for (i = 0; i < FORM_COLS; i++)
		csv_field(f, text_get(form_headings[i], lang), i == 0);
	fputs("\r\n", f);
	for (i = 0; device_fields[i]; i++) {
		const char **v = device_member(&dev, device_fields[i]);
		buf_clear(&b);
		buf_addf(&b, "device.%s", device_fields[i]);
		csv_field(f, buf_str(&b), 1);
		csv_field(f, NULL, 0);
		csv_field(f, NULL, 0);
		csv_field(f, text_get(form_device_labels[i], lang), 0);
		csv_field(f, NULL, 0);
		csv_field(f, v ? *v : NULL, 0);
		fputs(";;;\r\n", f);
	}
	for (i = 0; i < q->nquestions; i++) {
		const struct question *qu = &q->questions[i];
		const struct section *s = &q->sections[qu->section];
		const struct answer *a = d ? &d->answers[i] : NULL;
		if (!form_asks(q, (int)i, audience))
			continue;
		csv_field(f, qu->id, 1);
		csv_field(f, s->id, 0);
		buf_clear(&b);
		form_context(&b, q, (int)i, lang);
		csv_field(f, buf_str(&b), 0);
		csv_field(f, form_question(q, (int)i, lang), 0);
		buf_clear(&b);
		form_expected(&b, q, (int)i, lang);
		csv_field(f, buf_str(&b), 0);
		buf_clear(&b);
		buf_clear(&c);
		if (a && qu->type == QT_NUMBER && a->value && a->value->kind == NODE_SCALAR &&
		    parse_decimal(a->value->text))
			csv_number(&b, a->value->text, lang);
		else if (a)
			form_value(&b, qu, a->value, lang);
		csv_field(f, buf_str(&b), 0);
		csv_field(f, a && a->status != ST_ANSWERED && a->status != ST_MISSING && a->status != ST_INVALID ?
			  status_label(a->status) : NULL, 0);
		csv_field(f, a ? a->source : NULL, 0);
		csv_field(f, a ? a->comment : NULL, 0);
		fputs("\r\n", f);
	}
	buf_free(&b);
	buf_free(&c);
	return ferror(f) ? -1 : 0;
}

/* --- the committee's sheets ----------------------------------------------------------- */

/* A column as wide as its longest line (within bounds), in characters */
static double fit(size_t longest, double lo, double hi)
{
	double w = (double)longest * 1.1 + 2;
	return w < lo ? lo : w > hi ? hi : w;
}

static size_t longest_line(const char *s)
{
	size_t best = 0, n = 0;

	for (; s && *s; s++) {
		if (*s == '\n') {
			n = 0;
			continue;
		}
		if (((unsigned char)*s & 0xc0) != 0x80 && ++n > best)
			best = n;
	}
	return best;
}

/* The guide's caveats under a table: how to read it, quoted with where they come from */
static lxw_row_t caveat_rows(struct wb *w, lxw_worksheet *ws, const struct questionnaire *q, lxw_row_t row,
			     lxw_col_t last)
{
	struct buf b = { 0 };
	size_t i;

	for (i = 0; i < q->ncaveats; i++) {
		buf_clear(&b);
		buf_addf(&b, w->lang == LANG_FR ? "« %s » (%s)" : "\"%s\" (%s)", text_get(q->caveats[i].text, w->lang),
			 text_get(q->caveats[i].from, w->lang));
		keep(w, worksheet_merge_range(ws, row, 0, row, last, buf_str(&b), w->cell));
		worksheet_set_row(ws, row, 15 * (1 + (double)b.len / 180), NULL);
		row++;
	}
	buf_free(&b);
	return row;
}

/* Where a cell's answers come from, as a cell note: source, by, date, comment, problem */
static void cell_comment(struct wb *w, lxw_worksheet *ws, lxw_row_t row, lxw_col_t col,
			 const struct comparison_cell *cell)
{
	lxw_comment_options co = { 0 };
	struct buf b = { 0 };
	size_t i, k;

	for (i = 0; i < cell->nanswers; i++) {
		const struct comparison_answer *a = &cell->answers[i];
		const struct { const char *label, *value; } parts[] = {
			{ N_("Source:"), a->source }, { N_("By:"), a->by }, { N_("Date:"), a->date },
			{ N_("Comment:"), a->comment }, { N_("Problem:"), a->finding },
		};
		int first = 1;
		for (k = 0; k < sizeof parts / sizeof *parts; k++) {
			if (!parts[k].value)
				continue;
			if (first && b.len)
				buf_adds(&b, "\n");
			if (first && cell->nanswers > 1)
				buf_addf(&b, "%s%s", a->id, _(": "));
			buf_addf(&b, "%s%s %s", first ? "" : " · ", _(parts[k].label), parts[k].value);
			first = 0;
		}
	}
	if (b.len) {
		co.width = 360;
		co.height = (uint16_t)(60 + 14 * (b.len / 50));
		keep(w, worksheet_write_comment_opt(ws, row, col, buf_str(&b), &co));
	}
	buf_free(&b);
}

static int write_comparison(const struct questionnaire *q, enum lang lang, const struct comparison_doc *c,
			    FILE *f, struct dmn_error *err)
{
	static const char *const info[] = { N_("Manufacturer"), N_("Version"), N_("CE class"), N_("Notified body"),
		N_("Completion") };
	struct wb w;
	lxw_worksheet *ws;
	size_t i, k, *longest;
	lxw_row_t row = 0;
	struct buf b = { 0 };
	char **text;	/* each cell's words, made once: for the columns' widths, then the cell */
	int rc;

	if (wb_open(&w, lang, _("Multi-criteria analysis table"), err) != 0)
		return -1;
	ws = add_sheet(&w, lang == LANG_FR ? "Annexe 2" : "Annex 2");
	longest = xcalloc(c->ndevices + 1, sizeof *longest);
	text = xcalloc(c->nrows * c->ndevices + 1, sizeof *text);
	/* the columns as wide as their longest line needs, within bounds, before any row */
	for (k = 0; k < c->ndevices; k++)
		longest[k + 1] = longest_line(c->devices[k].name);
	for (i = 0; i < c->nrows; i++)
		for (k = 0; !c->rows[i].heading && k < c->rows[i].ncells && k < c->ndevices; k++) {
			size_t n;
			buf_clear(&b);
			comparison_cell_text(&b, q, lang, &c->rows[i].cells[k]);
			text[i * c->ndevices + k] = xstrdup(buf_str(&b));
			if ((n = longest_line(buf_str(&b))) > longest[k + 1])
				longest[k + 1] = n;
		}
	column(&w, ws, 0, 48);
	for (k = 0; k < c->ndevices; k++)
		column(&w, ws, (lxw_col_t)(k + 1), fit(longest[k + 1], 16, 45));
	put(&w, ws, row, 0, _("Criterion"), w.head);
	for (k = 0; k < c->ndevices; k++)
		put(&w, ws, row, (lxw_col_t)(k + 1), c->devices[k].name, w.head);
	for (i = 0; i < sizeof info / sizeof *info; i++) {
		row++;
		put(&w, ws, row, 0, _(info[i]), w.section);
		for (k = 0; k < c->ndevices; k++) {
			const struct comparison_device *d = &c->devices[k];
			const char *v[] = { d->manufacturer, d->version, d->ce_class, d->notified_body };
			buf_clear(&b);
			if (i < 4) {
				buf_adds(&b, v[i] ? v[i] : "");
			} else {
				comparison_completion(&b, &d->total);
			}
			put(&w, ws, row, (lxw_col_t)(k + 1), buf_str(&b), w.cell);
		}
	}
	for (i = 0; i < c->nrows; i++) {
		const struct comparison_row *r = &c->rows[i];
		row++;
		buf_clear(&b);
		if (r->heading) {
			buf_addf(&b, "%s%s%s", r->section ? r->section : "", r->section ? ". " : "", text_get(r->title, lang));
			if (c->ndevices)
				keep(&w, worksheet_merge_range(ws, row, 0, row, (lxw_col_t)c->ndevices, buf_str(&b), w.section));
			else
				put(&w, ws, row, 0, buf_str(&b), w.section);
			continue;
		}
		buf_addf(&b, "%s%s", r->differ ? "≠ " : "", text_get(r->title, lang));
		put(&w, ws, row, 0, buf_str(&b), w.cell);
		for (k = 0; k < r->ncells && k < c->ndevices; k++) {
			put(&w, ws, row, (lxw_col_t)(k + 1), text[i * c->ndevices + k], w.cell);
			cell_comment(&w, ws, row, (lxw_col_t)(k + 1), &r->cells[k]);
		}
	}
	row += 2;
	buf_clear(&b);
	buf_addf(&b, "%s %s", _("≠: the devices' answers to this criterion differ, compared on the whole answers."),
		 _("A cell's note gives where its answers come from: source, by, date, comment."));
	keep(&w, worksheet_merge_range(ws, row, 0, row, (lxw_col_t)(c->ndevices ? c->ndevices : 1), buf_str(&b), w.cell));
	row = caveat_rows(&w, ws, q, row + 1, (lxw_col_t)(c->ndevices ? c->ndevices : 1));
	worksheet_freeze_panes(ws, 1, 1);
	print_setup(ws, 1, 1);
	rc = wb_close(&w, f, err);
	for (i = 0; i < c->nrows * c->ndevices; i++)
		free(text[i]);
	free(text);
	free(longest);
	buf_free(&b);
	return rc;
}

/* The validation: what each device still has to answer, per section, then question by question */
static int write_validation(const struct questionnaire *q, enum lang lang, const struct validation *v, FILE *f,
			    struct dmn_error *err)
{
	static const char *const cols[] = { N_("Device"), N_("Section"), N_("No."), N_("Question"), N_("State"),
		N_("Answer given"), N_("Comment or problem") };
	static const double widths[] = { 18, 30, 7, 60, 12, 30, 40 };
	const size_t nd = v->ndossiers;
	struct wb w;
	lxw_worksheet *sum, *ws;
	lxw_row_t row = 0;
	struct buf b = { 0 };
	size_t i, j, k;
	/* per section, per device; a last row for what is in no section (an unknown id...) */
	long *count = xcalloc((q->nsections + 1) * (nd + 1), sizeof *count);
	size_t nrows = q->nsections;
	int rc;

	for (i = 0; i < nd; i++) {
		const struct validation_dossier *vd = &v->dossiers[i];
		int qi;
		for (j = 0; j < vd->nmissing; j++)
			count[(size_t)q->questions[vd->missing[j].question].section * nd + i]++;
		for (j = 0; j < vd->ninvalid; j++) {
			qi = vd->invalid[j].id ? questionnaire_find(q, vd->invalid[j].id) : -1;
			count[(qi >= 0 ? (size_t)q->questions[qi].section : q->nsections) * nd + i]++;
			if (qi < 0)
				nrows = q->nsections + 1;
		}
	}
	if (wb_open(&w, lang, _("What is still to answer"), err) != 0) {
		free(count);
		return -1;
	}
	/* the summary: per section, per device, the questions still to answer or correct */
	sum = add_sheet(&w, lang == LANG_FR ? "Synthèse" : "Summary");
	column(&w, sum, 0, 60);
	for (i = 0; i < nd; i++)
		column(&w, sum, (lxw_col_t)(i + 1), fit(longest_line(v->dossiers[i].device.name ? v->dossiers[i].device.name
									       : v->dossiers[i].file), 12, 30));
	put(&w, sum, 0, 0, _("Section"), w.head);
	for (i = 0; i < nd; i++)
		put(&w, sum, 0, (lxw_col_t)(i + 1), v->dossiers[i].device.name ? v->dossiers[i].device.name
									    : v->dossiers[i].file, w.head);
	for (k = 0; k < nrows; k++) {
		buf_clear(&b);
		if (k < q->nsections)
			form_section_title(&b, q, (int)k, lang);
		else
			buf_adds(&b, _("In no section: unknown question ids"));
		put(&w, sum, (lxw_row_t)(k + 1), 0, buf_str(&b), w.cell);
		for (i = 0; i < nd; i++)
			put_number(&w, sum, (lxw_row_t)(k + 1), (lxw_col_t)(i + 1), (double)count[k * nd + i], w.number);
	}
	row = (lxw_row_t)nrows + 1;
	put(&w, sum, row, 0, _("Total"), w.section);
	for (i = 0; i < nd; i++) {
		char from[16], to[16], formula[64];
		long total = 0;
		for (k = 0; k < nrows; k++)
			total += count[k * nd + i];
		cell_name(from, 1, (unsigned)(i + 1));
		cell_name(to, (unsigned)nrows, (unsigned)(i + 1));
		snprintf(formula, sizeof formula, "=SUM(%s:%s)", from, to);
		keep(&w, worksheet_write_formula_num(sum, row, (lxw_col_t)(i + 1), formula, w.section, (double)total));
	}
	put(&w, sum, row + 2, 0, _("Per device and section: the questions still missing, pending or to correct "
				   "(the sheet Questions lists them)."), NULL);
	worksheet_freeze_panes(sum, 1, 1);
	print_setup(sum, 1, 1);
	worksheet_activate(sum);

	/* question by question */
	ws = add_sheet(&w, form_sheets[FORM_QUESTIONS].fr);
	for (k = 0; k < sizeof cols / sizeof *cols; k++) {
		column(&w, ws, (lxw_col_t)k, widths[k]);
		put(&w, ws, 0, (lxw_col_t)k, _(cols[k]), w.head);
	}
	row = 0;
	for (i = 0; i < nd; i++) {
		const struct validation_dossier *vd = &v->dossiers[i];
		const char *name = vd->device.name ? vd->device.name : vd->file;
		for (j = 0; j < vd->nmissing; j++) {
			const struct question *qu = &q->questions[vd->missing[j].question];
			row++;
			put(&w, ws, row, 0, name, w.cell);
			buf_clear(&b);
			form_section_title(&b, q, qu->section, lang);
			put(&w, ws, row, 1, buf_str(&b), w.cell);
			put(&w, ws, row, 2, qu->id, w.cell);
			put(&w, ws, row, 3, text_get(qu->text, lang), w.cell);
			put(&w, ws, row, 4, status_label(vd->missing[j].pending ? ST_PENDING : ST_MISSING), w.cell);
			buf_clear(&b);
			form_value(&b, qu, vd->missing[j].value, lang);
			put(&w, ws, row, 5, buf_str(&b), w.cell);
			put(&w, ws, row, 6, vd->missing[j].comment, w.cell);
		}
		for (j = 0; j < vd->ninvalid; j++) {
			const struct validation_invalid *inv = &vd->invalid[j];
			int qi = inv->id ? questionnaire_find(q, inv->id) : -1;
			row++;
			put(&w, ws, row, 0, name, w.cell);
			buf_clear(&b);
			if (qi >= 0)
				form_section_title(&b, q, q->questions[qi].section, lang);
			put(&w, ws, row, 1, buf_str(&b), w.cell);
			put(&w, ws, row, 2, inv->id, w.cell);
			put(&w, ws, row, 3, qi >= 0 ? text_get(q->questions[qi].text, lang) : NULL, w.cell);
			put(&w, ws, row, 4, status_label(ST_INVALID), w.cell);
			put(&w, ws, row, 5, inv->value, w.cell);
			put(&w, ws, row, 6, inv->message, w.cell);
		}
	}
	worksheet_freeze_panes(ws, 1, 1);
	worksheet_autofilter(ws, 0, 0, row, (lxw_col_t)(sizeof cols / sizeof *cols - 1));
	print_setup(ws, 1, 1);
	rc = wb_close(&w, f, err);
	free(count);
	buf_free(&b);
	return rc;
}

/* The buyer's to-do: the questions the establishment answers itself, by whom */
static int write_todo(const struct questionnaire *q, enum lang lang, const struct validation *v, FILE *f,
		      struct dmn_error *err)
{
	static const char *const cols[] = { N_("Device"), N_("For"), N_("Section"), N_("No."), N_("Question"),
		N_("Also for"), N_("Where to find this information") };
	static const double widths[] = { 18, 24, 30, 7, 60, 24, 50 };
	struct wb w;
	lxw_worksheet *ws;
	lxw_row_t row = 0;
	struct buf b = { 0 };
	size_t i, j, k;
	int rc;

	if (wb_open(&w, lang, _("To do"), err) != 0)
		return -1;
	ws = add_sheet(&w, lang == LANG_FR ? "À faire" : "To do");
	for (k = 0; k < sizeof cols / sizeof *cols; k++) {
		column(&w, ws, (lxw_col_t)k, widths[k]);
		put(&w, ws, 0, (lxw_col_t)k, _(cols[k]), w.head);
	}
	for (i = 0; i < v->ndossiers; i++) {
		const struct validation_dossier *vd = &v->dossiers[i];
		for (k = 0; k < AUD_INSIDE; k++)
			for (j = 0; j < vd->nmissing; j++) {
				const struct question *qu = &q->questions[vd->missing[j].question];
				unsigned also = qu->audience & ~audience_inside[k] & ~(unsigned)AUD_VENDOR;
				size_t a;
				if ((qu->audience & AUD_VENDOR) || audience_owner(qu->audience) != audience_inside[k])
					continue;
				row++;
				put(&w, ws, row, 0, vd->device.name ? vd->device.name : vd->file, w.cell);
				put(&w, ws, row, 1, audience_title(audience_inside[k]), w.cell);
				buf_clear(&b);
				form_section_title(&b, q, qu->section, lang);
				put(&w, ws, row, 2, buf_str(&b), w.cell);
				put(&w, ws, row, 3, qu->id, w.cell);
				put(&w, ws, row, 4, text_get(qu->text, lang), w.cell);
				buf_clear(&b);
				for (a = 0; a < AUD_INSIDE; a++)
					if (also & audience_inside[a])
						buf_addf(&b, "%s%s", b.len ? "\n" : "", audience_title(audience_inside[a]));
				put(&w, ws, row, 5, buf_str(&b), w.cell);
				{
					struct text where = question_hint(q, qu->index);
					put(&w, ws, row, 6, where.fr ? text_get(where, lang) : NULL, w.cell);
				}
			}
	}
	worksheet_freeze_panes(ws, 1, 1);
	worksheet_autofilter(ws, 0, 0, row, (lxw_col_t)(sizeof cols / sizeof *cols - 1));
	print_setup(ws, 1, 1);
	rc = wb_close(&w, f, err);
	buf_free(&b);
	return rc;
}

/* --- documents ----------------------------------------------------------------------- */

static int form_document(const struct questionnaire *q, const struct workbook_opts *o, const struct dossier *d,
			 const char *file, FILE *f)
{
	struct dmn_error err = { 0 };
	unsigned audience = o->audience ? o->audience : AUD_VENDOR;

	if (o->csv) {
		if (write_form_csv(q, d, audience, o->lang, f) == 0)
			return 0;
		diag(SEV_ERROR, NULL, 0, 0, "cannot write: %s", errno_text(errno));
		return -1;
	}
	if (write_form_xlsx(q, d, audience, o->lang, f, &err) == 0)
		return 0;
	diag_error(file, &err);
	return -1;
}

int workbook_document(const struct questionnaire *q, const struct workbook_opts *o, const char *file,
		      struct ydoc *doc, FILE *f)
{
	const struct node *root = ydoc_root(doc), *kind;
	struct dmn_error err = { 0 };
	int rc = -1;

	if (!(kind = doc_kind(root, &err))) {
		diag_error(file, &err);
		ydoc_free(doc);
		return -1;
	}
	if (!strcmp(kind->text, "dossier")) {
		struct dossier *d;
		if (dossier_load_said(&d, file, doc, q) != 0)
			return -1;
		rc = form_document(q, o, d, file, f);
		dossier_free(d);
		return rc;
	}
	if (!strcmp(kind->text, "questionnaire")) {
		struct finding_list errs = { 0 };
		struct questionnaire *own;
		size_t i;
		if (questionnaire_load(&own, doc, &errs) == 0) {
			rc = form_document(own, o, NULL, file, f);
			questionnaire_free(own);
		}
		for (i = 0; i < errs.n; i++)
			diag(SEV_ERROR, file, errs.v[i].line, errs.v[i].col, "%s", errs.v[i].msg);
		finding_list_free(&errs);
		return rc;
	}
	if (!strcmp(kind->text, "changes")) {	/* for people to read: Markdown or HTML */
		diag(SEV_ERROR, file, kind->line, kind->col,
		     "a changes document cannot be written as a spreadsheet: use -f markdown or -f html");
		ydoc_free(doc);
		return -1;
	}
	if (o->csv && (!strcmp(kind->text, "comparison") || !strcmp(kind->text, "validation"))) {
		diag(SEV_ERROR, file, kind->line, kind->col,
		     "this document (kind: %s) cannot be written as CSV: only the form (a dossier or a questionnaire) can; use -f xlsx",
		     kind->text);
		ydoc_free(doc);
		return -1;
	}
	if (!strcmp(kind->text, "comparison") || !strcmp(kind->text, "validation")) {
		struct finding_list errs = { 0 };
		size_t i;
		int got;
		if (!strcmp(kind->text, "comparison")) {
			struct comparison_doc *c;
			if ((got = comparison_read(&c, root, q, &errs)) == 0) {
				const struct node *dec = node_get(root, "decision");
				rc = write_comparison(q, o->lang, c, f, &err);
				comparison_doc_free(c);
				if (rc == 0 && dec)	/* said, not left out without a word */
					diag(SEV_WARNING, file, dec->line, dec->col, "the committee's decision is not in the "
					     "workbook, only the Annexe 2 table: render it with -f markdown or -f html");
			}
		} else {
			struct validation *v = NULL;
			if ((got = validation_read(&v, root, q, &errs)) == 0)
				validation_say_unchecked(v);
			if (got == 0)
				rc = o->todo ? write_todo(q, o->lang, v, f, &err) : write_validation(q, o->lang, v, f, &err);
			validation_free(v);
		}
		for (i = 0; i < errs.n; i++)
			diag(SEV_ERROR, file, errs.v[i].line, errs.v[i].col, "%s%s", got == -1 ?
			     (!strcmp(kind->text, "comparison") ? _("not a valid comparison document: ")
								 : _("not a valid validation document: ")) : "",
			     errs.v[i].msg);
		if (got == 0 && rc != 0)
			diag_error(file, &err);
		finding_list_free(&errs);
		ydoc_free(doc);
		return rc;
	}
	diag(SEV_ERROR, file, kind->line, kind->col,
	     "unknown kind '%s' (expected dossier, validation, comparison, changes or questionnaire)", kind->text);
	ydoc_free(doc);
	return rc;
}
