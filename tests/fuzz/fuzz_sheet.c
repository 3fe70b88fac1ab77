/* fuzz_sheet.c: libFuzzer harness for the spreadsheet reader (common/sheet.c): arbitrary
 * bytes read as a whole file, XLSX when they start like a zip, else CSV, as dmn-ask reads
 * a filled-in form. Only the library is linked: build-fuzz/libdmn.a.
 *
 * Besides the sanitizers, what a read that succeeds gives is checked (abort() on a
 * failure): each sheet's cells sorted by row then column with none twice, each found again
 * by sheet_cell and named by cell_name within Excel's grid, no empty text, every text valid
 * UTF-8 of at most SHEET_MAX_TEXT characters, a CSV all text in one sheet named "", and no
 * more than SHEET_MAX_CELLS cells in all. A number's date (serial_date) is a real date.
 *
 * Then the same bytes are imported as the vendor's form into a new dossier of the built-in
 * questionnaire (form_import, as dmn-ask -i does): every row, cell and status read as
 * answers, and the dossier that results written out. Its diagnostics go to stderr: run
 * with -close_fd_mask=2 for a quiet fuzzer. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "guide.h"

static struct questionnaire *builtin;

/* the bytes as a form, into a new dossier, then the dossier written: nothing may crash */
static void import(const uint8_t *data, size_t size)
{
	struct import_opts io = { "fuzz", "2024-01-01" };
	struct dossier *d = dossier_new(builtin);
	FILE *devnull = fopen("/dev/null", "w");

	form_import(d, "form", (const char *)data, size, &io);
	if (devnull) {
		dossier_write(d, devnull);
		fclose(devnull);
	}
	dossier_free(d);
}

static void fail(const char *what, const struct sheet *s, const struct cell *c)
{
	fprintf(stderr, "fuzz_sheet: %s (sheet '%s', row %u, column %u)\n", what, s->name, c ? c->row : 0,
		c ? c->col : 0);
	abort();
}

static size_t chars(const char *s)
{
	size_t n = 0;

	for (; *s; s++)
		n += ((unsigned char)*s & 0xc0) != 0x80;
	return n;
}

static void check_cell(const struct book *b, const struct sheet *s, const struct cell *c, const struct cell *prev)
{
	char name[16], date[11];

	if (prev && (prev->row > c->row || (prev->row == c->row && prev->col >= c->col)))
		fail("cells not sorted, or one twice", s, c);
	if (sheet_cell(s, c->row, c->col) != c)
		fail("sheet_cell does not find the cell", s, c);
	if (c->row >= 1048576 || c->col >= 16384)
		fail("a cell beyond XFD1048576", s, c);
	cell_name(name, c->row, c->col);
	if (strlen(name) < 2 || strlen(name) > 10)
		fail("a strange cell name", s, c);
	if (!c->text || !*c->text)
		fail("an empty text", s, c);
	if (!utf8_valid(c->text))
		fail("a text that is not UTF-8", s, c);
	if (chars(c->text) > SHEET_MAX_TEXT)
		fail("a text too long", s, c);
	if (b->csv && c->type != CELL_TEXT)
		fail("a CSV cell that is not text", s, c);
	if (c->type == CELL_NUMBER && serial_date(strtod(c->text, NULL), b->date1904, date) && !parse_date(date))
		fail("serial_date gives no real date", s, c);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct dmn_error err = { 0 };
	struct book *b;
	char part[128];
	size_t i, j, total = 0;

	if (!builtin && questionnaire_builtin(&builtin, &err) != 0)
		abort();
	if (book_read(&b, (const char *)data, size, part, &err) != 0) {
		if (!err.msg[0] || strlen(part) >= sizeof part)
			abort();	/* an error always says what */
		return 0;
	}
	if (b->csv && (b->nsheets != 1 || b->sheets[0].name[0]))
		abort();
	for (i = 0; i < b->nsheets; i++) {
		const struct sheet *s = &b->sheets[i];

		if (book_sheet(b, s->name) != s)
			fail("book_sheet does not find the sheet", s, NULL);
		for (j = 0; j < s->ncells; j++)
			check_cell(b, s, &s->cells[j], j ? &s->cells[j - 1] : NULL);
		total += s->ncells;
	}
	if (total > SHEET_MAX_CELLS)
		abort();
	book_free(b);
	import(data, size);
	return 0;
}
