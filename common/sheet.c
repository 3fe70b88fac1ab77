/* sheet.c: a spreadsheet read as cells, from a file nobody vouches for. An XLSX workbook is
 * a zip (libzip) of XML parts (expat); anything else is CSV (libcsv), as Excel in French
 * writes it. Sizes are checked as the bytes arrive, not only as the zip declares them, so
 * that a zip bomb, a billion laughs or a sheet of millions of cells ends in an error at
 * once, in bounded time and memory. A formula is never evaluated: its cached value is the
 * cell's. */
#include <errno.h>
#include <iconv.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <csv.h>
#ifndef XML_DTD
#define XML_DTD 1	/* as libexpat is built: its billion-laughs settings are declared only then */
#endif
#include <expat.h>
#include <zip.h>

#include "base.h"

#define MAX_ROWS 1048576u	/* XFD1048576: Excel's last cell */
#define MAX_COLS 16384u
#define MAX_NAME 255		/* bytes of a sheet's name (Excel allows 31 characters) */
#define MAX_RELS 4096		/* relationships of the workbook: a few per sheet at most */
#define RATIO_FROM (1u << 20)	/* the expansion ratio counts for a member over 1 MiB */
#define CHUNK 32768		/* bytes inflated at a time */
#define NS_SEP '\001'		/* expat names "URI\001local": never in a URI or a name */

/* --- the book and the memory it owns ---------------------------------------------------- */

/* Every text of a book (sheet names, cells, shared strings) lives in blocks the book owns:
 * a cell citing a shared string points at its bytes, so that 200,000 cells citing one long
 * string cost 200,000 pointers, not 200,000 copies. */
struct block {
	struct block *next;
	size_t used, cap;
	char data[];
};

struct owned_book {
	struct book book;	/* first: book_free finds the rest from it */
	struct block *blocks;
};

static char *keep(struct owned_book *ob, const char *s, size_t n)
{
	struct block *b = ob->blocks;
	char *p;

	if (!b || b->cap - b->used < n + 1) {
		size_t cap = n + 1 > 65536 ? n + 1 : 65536;
		struct block *nb = xmalloc(sizeof *nb + cap);

		nb->used = 0;
		nb->cap = cap;
		if (b && cap > 65536) {	/* a long text alone: the current block stays current */
			nb->next = b->next;
			b->next = nb;
		} else {
			nb->next = b;
			ob->blocks = nb;
		}
		b = nb;
	}
	p = b->data + b->used;
	if (n)
		memcpy(p, s, n);
	p[n] = '\0';
	b->used += n + 1;
	return p;
}

void book_free(struct book *b)
{
	struct owned_book *ob = (struct owned_book *)b;	/* every book comes from book_read */
	size_t i;

	if (!b)
		return;
	for (i = 0; i < b->nsheets; i++)
		free(b->sheets[i].cells);
	free(b->sheets);
	while (ob->blocks) {
		struct block *next = ob->blocks->next;
		free(ob->blocks);
		ob->blocks = next;
	}
	free(ob);
}

const struct sheet *book_sheet(const struct book *b, const char *name)
{
	size_t i;

	for (i = 0; i < b->nsheets; i++)
		if (!strcmp(b->sheets[i].name, name))
			return &b->sheets[i];
	return NULL;
}

const struct cell *sheet_cell(const struct sheet *s, unsigned row, unsigned col)
{
	size_t lo = 0, hi = s->ncells;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		const struct cell *c = &s->cells[mid];

		if (c->row == row && c->col == col)
			return c;
		if (c->row < row || (c->row == row && c->col < col))
			lo = mid + 1;
		else
			hi = mid;
	}
	return NULL;
}

void cell_name(char out[16], unsigned row, unsigned col)
{
	char letters[8];
	size_t i = sizeof letters - 1;
	unsigned long c = (unsigned long)col + 1;

	letters[i] = '\0';
	while (c && i > 0) {	/* bijective base 26: Z, then AA */
		c--;
		letters[--i] = (char)('A' + c % 26);
		c /= 26;
	}
	snprintf(out, 16, "%s%lu", letters + i, (unsigned long)row + 1);
}

/* Days from 1970-01-01, and back: Howard Hinnant's algorithms for the civil calendar. */
static long days_from_civil(long y, unsigned m, unsigned d)
{
	long era, yoe, doy, doe;

	y -= m <= 2;
	era = (y >= 0 ? y : y - 399) / 400;
	yoe = y - era * 400;
	doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

static void civil_from_days(long z, long *y, unsigned *m, unsigned *d)
{
	long era, doe, yoe, doy, mp;

	z += 719468;
	era = (z >= 0 ? z : z - 146096) / 146097;
	doe = z - era * 146097;
	yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	mp = (5 * doy + 2) / 153;
	*d = (unsigned)(doy - (153 * mp + 2) / 5 + 1);
	*m = (unsigned)(mp < 10 ? mp + 3 : mp - 9);
	*y = yoe + era * 400 + (*m <= 2);
}

/* Excel's 1900 system counts 1900-01-01 as 1 and has a 1900-02-29 (serial 60, no day: 0)
 * that Lotus 1-2-3 had; the 1904 system counts 1904-01-01 as 0. The time of day is dropped. */
int serial_date(double serial, int date1904, char out[11])
{
	long day, z, y;
	unsigned m, d;

	/* isfinite first: NaN compares false; then a positive serial truncates as floor does */
	if (!isfinite(serial) || serial < (date1904 ? 0 : 1) || serial >= 3e6)
		return 0;
	day = (long)serial;
	if (!date1904 && day == 60)
		return 0;
	if (date1904)
		z = days_from_civil(1904, 1, 1) + day;
	else
		z = days_from_civil(1899, 12, day < 60 ? 31 : 30) + day;
	civil_from_days(z, &y, &m, &d);
	if (y > 9999)
		return 0;
	snprintf(out, 11, "%04u-%02u-%02u", (unsigned)y % 10000, m % 100, d % 100);
	return 1;
}

/* --- reading: the state of one book_read ------------------------------------------------ */

enum part_kind { P_WORKBOOK, P_RELS, P_SST, P_SHEET };
enum elem { E_OTHER, E_ROOT, E_WBPR, E_SHEETS, E_SHEET, E_REL, E_SI, E_RUN, E_T, E_SHEETDATA, E_ROW,
	E_C, E_V, E_IS };

/* The elements that matter, by part and parent; any other is E_OTHER, and so are all its
 * children (the texts of a phonetic rPh are not the string's). Names are local: x:c is c. */
static const struct rule {
	unsigned char part, parent;
	const char *name;
	unsigned char elem;
} rules[] = {
	{ P_WORKBOOK, E_ROOT, "workbookPr", E_WBPR },
	{ P_WORKBOOK, E_ROOT, "sheets", E_SHEETS },
	{ P_WORKBOOK, E_SHEETS, "sheet", E_SHEET },
	{ P_RELS, E_ROOT, "Relationship", E_REL },
	{ P_SST, E_ROOT, "si", E_SI },
	{ P_SST, E_SI, "t", E_T },
	{ P_SST, E_SI, "r", E_RUN },
	{ P_SST, E_RUN, "t", E_T },
	{ P_SHEET, E_ROOT, "sheetData", E_SHEETDATA },
	{ P_SHEET, E_SHEETDATA, "row", E_ROW },
	{ P_SHEET, E_ROW, "c", E_C },
	{ P_SHEET, E_C, "v", E_V },
	{ P_SHEET, E_C, "is", E_IS },
	{ P_SHEET, E_IS, "t", E_T },
	{ P_SHEET, E_IS, "r", E_RUN },
	{ P_SHEET, E_RUN, "t", E_T },
};

struct wsheet {			/* a sheet as xl/workbook.xml lists it */
	const char *name;	/* in the book's blocks */
	char *rid;
	int hidden;
	int line, col;		/* of its <sheet> */
	char target[128];	/* the member its relationship names; "" until found */
	int rel_line, rel_col;	/* of that relationship */
};

struct counted {		/* a text being read, counted in characters as it grows */
	struct buf b;
	size_t chars;
};

struct pending {		/* a cell read, with its place for "cell F23 twice" */
	struct cell cell;
	int line, col;
	size_t seq;
};

struct builder {
	struct pending *v;
	size_t n, cap;
	int unsorted;
};

struct member {			/* a zip member, by its name as libzip guesses its encoding */
	const char *name;
	zip_uint64_t index;
};

struct reader {
	struct owned_book *ob;
	char *part;		/* the caller's: the member being read */
	struct dmn_error *err;
	int failed;
	size_t ncells;		/* in the whole book */
	struct builder cells;	/* of the sheet being read */
	/* the zip */
	size_t len;		/* of the file: no member has more compressed bytes */
	zip_t *zip;
	struct member *members;
	size_t nmembers;
	zip_uint64_t total;	/* bytes inflated so far, all members */
	/* the part being parsed */
	XML_Parser xp;
	enum part_kind pk;
	int depth;
	unsigned char elems[SHEET_MAX_DEPTH];
	/* the workbook */
	struct wsheet *ws;
	size_t nws, nrels;
	char sst_part[128];
	int sst_line, sst_col;
	const char **sst;
	size_t nsst, capsst;
	/* the shared string or cell being read */
	struct counted t;	/* a shared string, or an inline string */
	struct counted v;	/* a cell's <v> */
	int at_line, at_col;	/* where its <si> or <c> starts */
	long row;		/* of the <row> being read, 0-based; -1 before the first */
	unsigned next_col;
	unsigned c_row, c_col;
	char c_type;		/* n s i(nlineStr) t (str) b e d */
	/* CSV */
	unsigned long csv_row, csv_col;
	int csv_term;		/* the terminator of the last record, to see CR LF as one */
	int line, field_line;
};

/* An error is set: no handler does anything more, and the parser stops after this one. */
static void stop(struct reader *r)
{
	r->failed = 1;
	if (r->xp)
		XML_StopParser(r->xp, XML_FALSE);
}

static void here(struct reader *r, int *line, int *col)
{
	*line = (int)XML_GetCurrentLineNumber(r->xp);
	*col = (int)XML_GetCurrentColumnNumber(r->xp) + 1;
}

static void text_reset(struct counted *t)
{
	t->b.len = 0;
	if (t->b.s)
		t->b.s[0] = '\0';
	t->chars = 0;
}

/* The place of byte off in UTF-8 text: line and character, 1-based. */
static void text_place(const char *s, size_t off, int bytewise, int *line, int *col)
{
	size_t i;

	*line = 1;
	*col = 1;
	for (i = 0; i < off; i++) {
		if (s[i] == '\n')
			*line += 1, *col = 1;
		else if (bytewise || ((unsigned char)s[i] & 0xc0) != 0x80)
			*col += 1;
	}
}

/* The length of the UTF-8 character at s (n bytes left), 0 if it is not one. */
static size_t utf8_at(const char *s, size_t n)
{
	unsigned char c[5] = { 0 };
	size_t len;

	memcpy(c, s, n < 4 ? n : 4);
	len = utf8_len(c);
	return len <= n ? len : 0;
}

static int utf8_ok(const char *s, size_t n)
{
	size_t i = 0, len;

	while (i < n) {
		if (!(len = utf8_at(s + i, n - i)))
			return 0;
		i += len;
	}
	return 1;
}

/* --- cells ---------------------------------------------------------------------------- */

static int pending_cmp(const void *a, const void *b)
{
	const struct pending *x = a, *y = b;

	if (x->cell.row != y->cell.row)
		return x->cell.row < y->cell.row ? -1 : 1;
	if (x->cell.col != y->cell.col)
		return x->cell.col < y->cell.col ? -1 : 1;
	return x->seq < y->seq ? -1 : x->seq > y->seq;
}

/* A cell with its text (kept in the book's blocks) added to the sheet being read. */
static int add_cell(struct reader *r, unsigned row, unsigned col, enum cell_type type, const char *text,
	int line, int lcol)
{
	struct builder *b = &r->cells;
	struct pending *last = b->n ? &b->v[b->n - 1] : NULL;
	char name[16];

	cell_name(name, row, col);
	if (row >= MAX_ROWS || col >= MAX_COLS) {
		dmn_error_set(r->err, line, lcol, "cell %s beyond the last cell of a sheet (XFD1048576)", name);
		return -1;
	}
	if (r->ncells >= SHEET_MAX_CELLS) {
		dmn_error_set(r->err, line, lcol, "more than %d cells: refused", SHEET_MAX_CELLS);
		return -1;
	}
	if (last && last->cell.row == row && last->cell.col == col) {
		dmn_error_set(r->err, line, lcol, "cell %s twice", name);
		return -1;
	}
	if (last && (last->cell.row > row || (last->cell.row == row && last->cell.col > col)))
		b->unsorted = 1;
	if (b->n == b->cap) {
		b->cap = b->cap ? b->cap * 2 : 256;
		b->v = xrealloc(b->v, b->cap * sizeof *b->v);
	}
	b->v[b->n] = (struct pending){ { row, col, type, (char *)text }, line, lcol, b->n };
	b->n++;
	r->ncells++;
	return 0;
}

/* The cells read become the sheet's, sorted; a cell given twice is an error at the second. */
static int finish_sheet(struct reader *r, struct sheet *s)
{
	struct builder *b = &r->cells;
	size_t i;
	int rc = 0;

	if (b->unsorted)
		qsort(b->v, b->n, sizeof *b->v, pending_cmp);
	for (i = 1; i < b->n && b->unsorted; i++) {
		if (b->v[i].cell.row == b->v[i - 1].cell.row && b->v[i].cell.col == b->v[i - 1].cell.col) {
			char name[16];

			cell_name(name, b->v[i].cell.row, b->v[i].cell.col);
			dmn_error_set(r->err, b->v[i].line, b->v[i].col, "cell %s twice", name);
			rc = -1;
			break;
		}
	}
	if (rc == 0 && b->n) {
		s->cells = xmalloc(b->n * sizeof *s->cells);
		for (i = 0; i < b->n; i++)
			s->cells[i] = b->v[i].cell;
		s->ncells = b->n;
	}
	b->n = 0;
	b->unsorted = 0;
	return rc;
}

/* --- XML: attributes and elements ----------------------------------------------------- */

static const char *local(const char *name)
{
	const char *sep = strrchr(name, NS_SEP);
	return sep ? sep + 1 : name;
}

/* An attribute with no namespace (r, t, name...) */
static const char *attr(const char **atts, const char *name)
{
	for (; *atts; atts += 2)
		if (!strcmp(atts[0], name))
			return atts[1];
	return NULL;
}

/* An attribute in a namespace, by its local name (r:id) */
static const char *attr_ns(const char **atts, const char *name)
{
	for (; *atts; atts += 2)
		if (strchr(atts[0], NS_SEP) && !strcmp(local(atts[0]), name))
			return atts[1];
	return NULL;
}

static int ends_with(const char *s, const char *end)
{
	size_t n = strlen(s), m = strlen(end);
	return n >= m && !strcmp(s + n - m, end);
}

/* A relationship's target as the member it names: relative to xl/, or absolute from the
 * package's root; inside xl/ only, with no way out (no "..", ".", empty part or "\"). */
static int resolve(const char *target, const char *mode, char out[128])
{
	char name[128];
	const char *seg;
	int n;

	if (mode && strcmp(mode, "Internal"))
		return -1;
	n = snprintf(name, sizeof name, "%s%s", target[0] == '/' ? "" : "xl/", target + (target[0] == '/'));
	if (n < 0 || (size_t)n >= sizeof name || strncmp(name, "xl/", 3) || strchr(name, '\\'))
		return -1;
	for (seg = name;;) {
		const char *end = strchr(seg, '/');
		size_t len = end ? (size_t)(end - seg) : strlen(seg);

		if (len == 0 || (len == 1 && seg[0] == '.') || (len == 2 && !strncmp(seg, "..", 2)))
			return -1;
		if (!end)
			break;
		seg = end + 1;
	}
	memcpy(out, name, (size_t)n + 1);
	return 0;
}

static void workbook_pr(struct reader *r, const char **atts)
{
	const char *v = attr(atts, "date1904");

	r->ob->book.date1904 = v && (!strcmp(v, "1") || !strcmp(v, "true"));
}

static void sheet_listed(struct reader *r, const char **atts)
{
	const char *name = attr(atts, "name"), *state = attr(atts, "state"), *rid = attr_ns(atts, "id");
	struct wsheet *w;
	int line, col;
	size_t i;

	here(r, &line, &col);
	if (r->nws >= SHEET_MAX_SHEETS) {
		dmn_error_set(r->err, line, col, "more than %d sheets: refused", SHEET_MAX_SHEETS);
		stop(r);
		return;
	}
	if (!name || !*name || strlen(name) > MAX_NAME) {
		dmn_error_set(r->err, line, col, "a sheet with no name, or a name of more than %d bytes", MAX_NAME);
		stop(r);
		return;
	}
	for (i = 0; i < r->nws; i++) {
		if (!strcmp(r->ws[i].name, name)) {
			dmn_error_set(r->err, line, col, "two sheets named '%s'", name);
			stop(r);
			return;
		}
	}
	if (!rid) {
		dmn_error_set(r->err, line, col, "sheet '%s' has no r:id", name);
		stop(r);
		return;
	}
	if (!r->ws)
		r->ws = xcalloc(SHEET_MAX_SHEETS, sizeof *r->ws);
	w = &r->ws[r->nws++];
	w->name = keep(r->ob, name, strlen(name));
	w->rid = xstrdup(rid);
	w->hidden = state && (!strcmp(state, "hidden") || !strcmp(state, "veryHidden"));
	w->line = line;
	w->col = col;
}

/* A relationship of the workbook: kept when a sheet cites it, or for the shared strings. */
static void relationship(struct reader *r, const char **atts)
{
	const char *id = attr(atts, "Id"), *type = attr(atts, "Type"), *target = attr(atts, "Target");
	const char *mode = attr(atts, "TargetMode");
	int line, col;
	size_t i;

	here(r, &line, &col);
	if (++r->nrels > MAX_RELS) {
		dmn_error_set(r->err, line, col, "more than %d relationships: refused", MAX_RELS);
		stop(r);
		return;
	}
	if (!id || !target)
		return;
	for (i = 0; i < r->nws; i++) {
		struct wsheet *w = &r->ws[i];

		if (strcmp(w->rid, id))
			continue;
		if (w->target[0]) {
			dmn_error_set(r->err, line, col, "relationship '%s' twice", id);
			stop(r);
			return;
		}
		if (resolve(target, mode, w->target) < 0) {
			dmn_error_set(r->err, line, col, "a sheet target outside xl/: '%s'", target);
			stop(r);
			return;
		}
		w->rel_line = line;
		w->rel_col = col;
	}
	if (type && ends_with(type, "/sharedStrings") && !r->sst_part[0]) {
		if (resolve(target, mode, r->sst_part) < 0) {
			dmn_error_set(r->err, line, col, "a shared strings target outside xl/: '%s'", target);
			stop(r);
			return;
		}
		r->sst_line = line;
		r->sst_col = col;
	}
}

static void sst_add(struct reader *r)
{
	if (r->nsst >= SHEET_MAX_CELLS) {
		dmn_error_set(r->err, r->at_line, r->at_col, "more than %d shared strings: refused", SHEET_MAX_CELLS);
		stop(r);
		return;
	}
	if (r->nsst == r->capsst) {
		r->capsst = r->capsst ? r->capsst * 2 : 256;
		r->sst = xrealloc(r->sst, r->capsst * sizeof *r->sst);
	}
	r->sst[r->nsst++] = keep(r->ob, buf_str(&r->t.b), r->t.b.len);
}

/* s as a number of digits only, at most max */
static int parse_digits(const char *s, unsigned long max, unsigned long *n)
{
	*n = 0;
	if (!*s)
		return -1;
	for (; *s; s++) {
		if (*s < '0' || *s > '9')
			return -1;
		*n = *n * 10 + (unsigned long)(*s - '0');
		if (*n > max)
			return -1;
	}
	return 0;
}

static void row_start(struct reader *r, const char **atts)
{
	const char *v = attr(atts, "r");
	unsigned long n;
	char num[24];

	if (!v) {
		snprintf(num, sizeof num, "%ld", r->row + 2);
		v = num;
	}
	if (parse_digits(v, MAX_ROWS, &n) < 0 || n == 0) {
		int line, col;

		here(r, &line, &col);
		dmn_error_set(r->err, line, col, "a row number out of range: '%s'", v);
		stop(r);
		return;
	}
	r->row = (long)n - 1;
	r->next_col = 0;
}

/* "F23" as row 22, column 5: one to three capitals, then a row number with no leading 0 */
static int parse_ref(const char *s, unsigned *row, unsigned *col)
{
	unsigned long c = 0, n;
	int letters = 0;

	for (; *s >= 'A' && *s <= 'Z' && letters < 3; s++, letters++)
		c = c * 26 + (unsigned long)(*s - 'A' + 1);
	if (!letters || *s == '0' || parse_digits(s, 9999999, &n) < 0)
		return -1;
	*col = (unsigned)(c - 1);
	*row = (unsigned)(n - 1);
	return 0;
}

static void cell_start(struct reader *r, const char **atts)
{
	const char *ref = attr(atts, "r"), *t = attr(atts, "t");
	static const char *const types[] = { "n", "s", "inlineStr", "str", "b", "e", "d" };
	size_t i;

	here(r, &r->at_line, &r->at_col);
	text_reset(&r->t);
	text_reset(&r->v);
	r->c_row = (unsigned)r->row;
	r->c_col = r->next_col;
	if (ref && parse_ref(ref, &r->c_row, &r->c_col) < 0) {
		dmn_error_set(r->err, r->at_line, r->at_col, "a cell reference that is not one: '%s'", ref);
		stop(r);
		return;
	}
	r->next_col = r->c_col < MAX_COLS ? r->c_col + 1 : MAX_COLS;
	for (i = 0; t && i < sizeof types / sizeof *types && strcmp(t, types[i]); i++)
		;
	if (t && i == sizeof types / sizeof *types) {
		dmn_error_set(r->err, r->at_line, r->at_col, "a cell of unknown type '%s'", t);
		stop(r);
		return;
	}
	r->c_type = "nsitbed"[t ? i : 0];
}

/* A number as a spreadsheet writes it: -12, 3.5, 1.5E-3 (never hex, inf or nan) */
static int is_number(const char *s)
{
	int digits = 0;

	if (*s == '-')
		s++;
	for (; *s >= '0' && *s <= '9'; s++)
		digits++;
	if (*s == '.')
		for (s++; *s >= '0' && *s <= '9'; s++)
			digits++;
	if (digits && (*s == 'e' || *s == 'E')) {
		s++;
		if (*s == '-' || *s == '+')
			s++;
		if (*s < '0' || *s > '9')
			return 0;
		while (*s >= '0' && *s <= '9')
			s++;
	}
	return digits && !*s;
}

/* The cell's value from its type and texts; no value or an empty text: no cell. */
static void cell_end(struct reader *r)
{
	const char *v = buf_str(&r->v.b), *text = v;
	enum cell_type type = CELL_TEXT;
	unsigned long n;

	switch (r->c_type) {
	case 's':
		if (!*v)
			return;
		if (!r->nsst || parse_digits(v, r->nsst - 1, &n) < 0) {
			dmn_error_set(r->err, r->at_line, r->at_col, "shared string %s out of range (%zu strings)", v,
				r->nsst);
			stop(r);
			return;
		}
		text = r->sst[n];	/* shared, not copied */
		if (*text && add_cell(r, r->c_row, r->c_col, CELL_TEXT, text, r->at_line, r->at_col) < 0)
			stop(r);
		return;
	case 'i':
		text = buf_str(&r->t.b);
		break;
	case 'b':
		type = CELL_BOOL;
		if (*v && strcmp(v, "0") && strcmp(v, "1")) {
			dmn_error_set(r->err, r->at_line, r->at_col, "a boolean that is not 0 or 1: '%s'", v);
			stop(r);
			return;
		}
		break;
	case 'e':
		type = CELL_ERROR;
		break;
	case 'n':
		type = CELL_NUMBER;
		if (*v && !is_number(v)) {
			dmn_error_set(r->err, r->at_line, r->at_col, "a number that is not one: '%s'", v);
			stop(r);
			return;
		}
		break;
	default:		/* str (a formula's text), d (an ISO date) */
		break;
	}
	if (*text && add_cell(r, r->c_row, r->c_col, type, keep(r->ob, text, strlen(text)), r->at_line,
		    r->at_col) < 0)
		stop(r);
}

/* --- XML: the handlers ------------------------------------------------------------------ */

static enum elem child_elem(enum part_kind pk, unsigned char parent, const char *name)
{
	size_t i;

	for (i = 0; i < sizeof rules / sizeof *rules; i++)
		if (rules[i].part == pk && rules[i].parent == parent && !strcmp(rules[i].name, name))
			return (enum elem)rules[i].elem;
	return E_OTHER;
}

static void XMLCALL on_start(void *data, const XML_Char *name, const XML_Char **atts)
{
	struct reader *r = data;
	enum elem e;

	if (r->failed)
		return;
	if (r->depth >= SHEET_MAX_DEPTH) {
		int line, col;

		here(r, &line, &col);
		dmn_error_set(r->err, line, col, "elements nested more than %d deep: refused", SHEET_MAX_DEPTH);
		stop(r);
		return;
	}
	e = r->depth ? child_elem(r->pk, r->elems[r->depth - 1], local(name)) : E_ROOT;
	r->elems[r->depth++] = (unsigned char)e;
	switch (e) {
	case E_WBPR:
		workbook_pr(r, atts);
		break;
	case E_SHEET:
		sheet_listed(r, atts);
		break;
	case E_REL:
		relationship(r, atts);
		break;
	case E_SI:
		text_reset(&r->t);
		here(r, &r->at_line, &r->at_col);
		break;
	case E_ROW:
		row_start(r, atts);
		break;
	case E_C:
		cell_start(r, atts);
		break;
	default:
		break;
	}
}

static void XMLCALL on_end(void *data, const XML_Char *name)
{
	struct reader *r = data;

	(void)name;
	if (r->failed)
		return;
	switch (r->elems[--r->depth]) {
	case E_SI:
		sst_add(r);
		break;
	case E_C:
		cell_end(r);
		break;
	default:
		break;
	}
}

/* Text is counted as it comes, so that a long one is refused before it is all read. */
static void XMLCALL on_text(void *data, const XML_Char *s, int len)
{
	struct reader *r = data;
	struct counted *t;
	int i;

	if (r->failed || !r->depth || (r->elems[r->depth - 1] != E_T && r->elems[r->depth - 1] != E_V))
		return;
	t = r->elems[r->depth - 1] == E_T ? &r->t : &r->v;
	for (i = 0; i < len; i++)
		t->chars += ((unsigned char)s[i] & 0xc0) != 0x80;
	if (t->chars > SHEET_MAX_TEXT) {
		if (r->pk == P_SST)
			dmn_error_set(r->err, r->at_line, r->at_col, "a shared string of more than %d characters",
				SHEET_MAX_TEXT);
		else
			dmn_error_set(r->err, r->at_line, r->at_col, "a cell of more than %d characters",
				SHEET_MAX_TEXT);
		stop(r);
		return;
	}
	buf_add(&t->b, s, (size_t)len);
}

/* No DOCTYPE, so no entity is ever declared: neither expanded (billion laughs) nor read
 * from outside (there is no external entity handler either). */
static void XMLCALL on_doctype(void *data, const XML_Char *name, const XML_Char *sysid, const XML_Char *pubid,
	int has_internal_subset)
{
	struct reader *r = data;
	int line, col;

	(void)name, (void)sysid, (void)pubid, (void)has_internal_subset;
	here(r, &line, &col);
	dmn_error_set(r->err, line, col, "a DOCTYPE: refused (a spreadsheet has none; "
		"entity expansion and external entities are never read)");
	stop(r);
}

static int xml_start(struct reader *r, enum part_kind pk)
{
	r->xp = XML_ParserCreateNS(NULL, NS_SEP);
	if (!r->xp) {
		dmn_error_set(r->err, 0, 0, "out of memory");
		return -1;
	}
	XML_SetUserData(r->xp, r);
	XML_SetElementHandler(r->xp, on_start, on_end);
	XML_SetCharacterDataHandler(r->xp, on_text);
	XML_SetStartDoctypeDeclHandler(r->xp, on_doctype);
	/* never reached without a DOCTYPE; there in case one slips through */
	XML_SetBillionLaughsAttackProtectionMaximumAmplification(r->xp, 10.0f);
	XML_SetBillionLaughsAttackProtectionActivationThreshold(r->xp, 1u << 20);
	r->pk = pk;
	r->depth = 0;
	return 0;
}

/* expat's error at its place; "not valid UTF-8" when that is what stopped it */
static void xml_error(struct reader *r)
{
	enum XML_Error code = XML_GetErrorCode(r->xp);
	int line, col, off, size;
	const char *ctx;

	here(r, &line, &col);
	ctx = XML_GetInputContext(r->xp, &off, &size);
	if (code == XML_ERROR_INVALID_TOKEN && ctx && off >= 0 && off < size &&
	    (unsigned char)ctx[off] >= 0x80 && !utf8_at(ctx + off, (size_t)(size - off)))
		dmn_error_set(r->err, line, col, "not valid UTF-8");
	else
		dmn_error_set(r->err, line, col, "not well-formed XML: %s", XML_ErrorString(code));
	r->failed = 1;
}

static int xml_feed(struct reader *r, const char *s, int n, int final)
{
	if (XML_Parse(r->xp, s, n, final) == XML_STATUS_OK && !r->failed)
		return 0;
	if (!r->failed)
		xml_error(r);
	return -1;
}

/* --- the zip ---------------------------------------------------------------------------- */

static int member_cmp(const void *a, const void *b)
{
	return strcmp(((const struct member *)a)->name, ((const struct member *)b)->name);
}

static const struct member *member_find(struct reader *r, const char *name)
{
	struct member key = { name, 0 };

	return bsearch(&key, r->members, r->nmembers, sizeof key, member_cmp);
}

/* The zip opened from memory, its members sorted by name for exact lookups; two members
 * of one name are refused (which one would be read depends on the reader). */
static int zip_start(struct reader *r, const char *bytes, size_t len)
{
	zip_error_t ze;
	zip_source_t *src;
	zip_int64_t n, i;

	zip_error_init(&ze);
	src = zip_source_buffer_create(bytes, len, 0, &ze);
	if (!src || !(r->zip = zip_open_from_source(src, ZIP_RDONLY, &ze))) {
		if (zip_error_code_zip(&ze) == ZIP_ER_NOZIP)
			dmn_error_set(r->err, 0, 0, "broken or truncated zip: no central directory");
		else
			dmn_error_set(r->err, 0, 0, "broken zip: %s", zip_error_strerror(&ze));
		zip_source_free(src);
		zip_error_fini(&ze);
		return -1;
	}
	zip_error_fini(&ze);
	n = zip_get_num_entries(r->zip, 0);
	r->members = xcalloc(n > 0 ? (size_t)n : 1, sizeof *r->members);
	for (i = 0; i < n; i++) {
		const char *name = zip_get_name(r->zip, (zip_uint64_t)i, ZIP_FL_ENC_GUESS);

		if (!name) {
			dmn_error_set(r->err, 0, 0, "broken zip: %s", zip_error_strerror(zip_get_error(r->zip)));
			return -1;
		}
		r->members[r->nmembers++] = (struct member){ name, (zip_uint64_t)i };
	}
	qsort(r->members, r->nmembers, sizeof *r->members, member_cmp);
	for (i = 1; i < (zip_int64_t)r->nmembers; i++) {
		if (!strcmp(r->members[i].name, r->members[i - 1].name)) {
			dmn_error_set(r->err, 0, 0, "two members named '%s' in the zip: refused",
				r->members[i].name);
			return -1;
		}
	}
	return 0;
}

/* 1 with the error set if a member of size bytes (so far or declared) is too big: for
 * its compressed size, for one member, or for all of them with more. */
static int too_big(struct reader *r, zip_uint64_t size, zip_uint64_t comp, zip_uint64_t more)
{
	if (size > RATIO_FROM && size > comp * SHEET_MAX_RATIO) {
		dmn_error_set(r->err, 0, 0,
			"expands %lu times its compressed size (more than %d): refused as a zip bomb",
			(unsigned long)((size + comp - 1) / comp), SHEET_MAX_RATIO);
		return 1;
	}
	if (size > SHEET_MAX_PART) {
		dmn_error_set(r->err, 0, 0, "more than %u MiB uncompressed: refused", SHEET_MAX_PART >> 20);
		return 1;
	}
	if (r->total + more > SHEET_MAX_TOTAL) {
		dmn_error_set(r->err, 0, 0, "more than %u MiB uncompressed in all: refused", SHEET_MAX_TOTAL >> 20);
		return 1;
	}
	return 0;
}

/* A member through the XML parser, its size checked first as the zip declares it, then as
 * inflating really gives it (a hostile zip declares what it likes). 0, or -1 with err. */
static int read_part(struct reader *r, const struct member *m, enum part_kind pk)
{
	char chunk[CHUNK];
	zip_stat_t st;
	zip_file_t *zf;
	zip_uint64_t got = 0, comp;
	zip_int64_t n = 0;
	int rc = -1;

	snprintf(r->part, 128, "%s", m->name);
	zip_stat_init(&st);
	if (zip_stat_index(r->zip, m->index, 0, &st) < 0) {
		dmn_error_set(r->err, 0, 0, "broken zip: %s", zip_error_strerror(zip_get_error(r->zip)));
		return -1;
	}
	comp = (st.valid & ZIP_STAT_COMP_SIZE) ? st.comp_size : r->len;
	comp = comp > r->len ? r->len : comp ? comp : 1;	/* no more than the file has */
	if ((st.valid & ZIP_STAT_SIZE) && too_big(r, st.size, comp, st.size))
		return -1;
	if (!(zf = zip_fopen_index(r->zip, m->index, 0))) {
		dmn_error_set(r->err, 0, 0, "cannot read: %s", zip_error_strerror(zip_get_error(r->zip)));
		return -1;
	}
	if (xml_start(r, pk) == 0) {
		while ((n = zip_fread(zf, chunk, sizeof chunk)) > 0) {
			got += (zip_uint64_t)n;
			if (too_big(r, got, comp, (zip_uint64_t)n))
				break;
			r->total += (zip_uint64_t)n;
			if (xml_feed(r, chunk, (int)n, 0) < 0)
				break;
		}
		if (n < 0)
			dmn_error_set(r->err, 0, 0, "broken zip: %s", zip_error_strerror(zip_file_get_error(zf)));
		else if (n == 0)
			rc = xml_feed(r, NULL, 0, 1);
		XML_ParserFree(r->xp);
		r->xp = NULL;
	}
	zip_fclose(zf);
	return rc;
}

/* The member a relationship names, or an error at the relationship */
static const struct member *target_member(struct reader *r, const char *target, int line, int col)
{
	const struct member *m = member_find(r, target);

	if (!m) {
		snprintf(r->part, 128, "%s", "xl/_rels/workbook.xml.rels");
		dmn_error_set(r->err, line, col, "no %s in the zip", target);
	}
	return m;
}

/* The workbook's sheets, each with the member its relationship names */
static int read_workbook(struct reader *r)
{
	const struct member *m = member_find(r, "xl/workbook.xml");
	size_t i;

	if (!m) {
		dmn_error_set(r->err, 0, 0, "not a spreadsheet: no xl/workbook.xml in the zip");
		return -1;
	}
	if (read_part(r, m, P_WORKBOOK) < 0)
		return -1;
	if (!r->nws)
		return 0;
	if (!(m = member_find(r, "xl/_rels/workbook.xml.rels"))) {
		dmn_error_set(r->err, 0, 0, "not a spreadsheet: no xl/_rels/workbook.xml.rels in the zip");
		return -1;
	}
	if (read_part(r, m, P_RELS) < 0)
		return -1;
	for (i = 0; i < r->nws; i++) {
		if (!r->ws[i].target[0]) {
			snprintf(r->part, 128, "%s", "xl/workbook.xml");
			dmn_error_set(r->err, r->ws[i].line, r->ws[i].col, "sheet '%s': no relationship '%s'",
				r->ws[i].name, r->ws[i].rid);
			return -1;
		}
	}
	return 0;
}

static int read_xlsx(struct reader *r, const char *bytes, size_t len)
{
	struct book *b = &r->ob->book;
	const struct member *m;
	size_t i;

	r->len = len;
	if (zip_start(r, bytes, len) < 0 || read_workbook(r) < 0)
		return -1;
	if (r->sst_part[0] && (!(m = target_member(r, r->sst_part, r->sst_line, r->sst_col)) ||
				read_part(r, m, P_SST) < 0))
		return -1;
	b->sheets = xcalloc(r->nws, sizeof *b->sheets);
	for (i = 0; i < r->nws; i++) {
		struct wsheet *w = &r->ws[i];

		b->sheets[b->nsheets].name = (char *)w->name;
		b->sheets[b->nsheets].hidden = w->hidden;
		b->nsheets++;
		if (!(m = target_member(r, w->target, w->rel_line, w->rel_col)))
			return -1;
		r->row = -1;
		r->next_col = 0;
		if (read_part(r, m, P_SHEET) < 0 || finish_sheet(r, &b->sheets[i]) < 0)
			return -1;
	}
	return 0;
}

/* --- CSV -------------------------------------------------------------------------------- */

/* A field's buffer never grows past the longest cell allowed (4 bytes a character, and the
 * closing quote): libcsv then fails with CSV_ENOMEM, and the cell is refused. */
static void *csv_realloc(void *p, size_t n)
{
	return n > 4 * (size_t)SHEET_MAX_TEXT + 1 ? NULL : xrealloc(p, n);
}

/* A line break in a cell is LF, as in a workbook, whatever the file's line ends. */
static char *lf_only(char *s)
{
	char *o = s, *p;

	for (p = s; *p; p++)
		if (p[0] != '\r' || p[1] != '\n')
			*o++ = *p;
	*o = '\0';
	return s;
}

static void on_field(void *s, size_t len, void *data)
{
	struct reader *r = data;
	const char *text, *p;
	size_t chars = 0;

	if (r->failed)
		return;
	if (len) {
		text = lf_only(keep(r->ob, s, len));
		for (p = text; *p; p++)
			chars += ((unsigned char)*p & 0xc0) != 0x80;
		if (chars > SHEET_MAX_TEXT) {
			dmn_error_set(r->err, r->field_line, 0, "a cell of more than %d characters", SHEET_MAX_TEXT);
			r->failed = 1;
		} else if (add_cell(r, (unsigned)r->csv_row, (unsigned)r->csv_col, CELL_TEXT, text, r->field_line,
				    0) < 0) {
			r->failed = 1;
		}
	}
	r->csv_col++;
	r->field_line = r->line;
}

/* Every unquoted CR or LF ends a record (an empty line is an empty row), but CR LF once. */
static void on_record(int c, void *data)
{
	struct reader *r = data;

	r->field_line = r->line + 1;
	if (c == '\n' && r->csv_term == '\r' && r->csv_col == 0) {
		r->csv_term = 0;
		return;
	}
	r->csv_term = c;
	r->csv_row++;
	r->csv_col = 0;
}

/* Excel in French separates with ";"; another writer with ","; a tab for "Unicode text".
 * The first record's line says which: the first of these found outside quotes. */
static unsigned char csv_delim(const char *s, size_t len)
{
	int quoted = 0, semi = 0, comma = 0, tab = 0;
	size_t i;

	for (i = 0; i < len; i++) {
		if (s[i] == '"')
			quoted = !quoted;
		else if (!quoted && (s[i] == '\n' || s[i] == '\r'))
			break;
		else if (!quoted)
			semi |= s[i] == ';', comma |= s[i] == ',', tab |= s[i] == '\t';
	}
	return semi ? ';' : comma ? ',' : tab ? '\t' : ';';
}

/* Bytes in another encoding as UTF-8 (one byte of Windows-1252 is at most 3 of UTF-8, two
 * of UTF-16 at most 3 too). 0; or -1 with the place of what iconv could not convert. */
static int to_utf8(struct reader *r, const char *from, const char *s, size_t len, char **out, size_t *outlen)
{
	iconv_t cd = iconv_open("UTF-8", from);
	char *in = (char *)s, *o;
	size_t inleft = len, left = 3 * len + 4;
	int line, col;

	if (cd == (iconv_t)-1) {
		dmn_error_set(r->err, 0, 0, "cannot convert from %s: %s", from, errno_text(errno));
		return -1;
	}
	*out = o = xmalloc(left);
	if (iconv(cd, &in, &inleft, &o, &left) == (size_t)-1) {
		iconv_close(cd);
		free(*out);
		*out = NULL;
		if (strcmp(from, "WINDOWS-1252")) {
			dmn_error_set(r->err, 0, 0, "not valid UTF-16");
			return -1;
		}
		text_place(s, (size_t)(in - s), 1, &line, &col);
		dmn_error_set(r->err, line, col, "neither UTF-8 nor Windows-1252: byte 0x%02X",
			(unsigned char)s[in - s]);
		return -1;
	}
	iconv_close(cd);
	*outlen = (size_t)(o - *out);
	return 0;
}

static int parse_csv(struct reader *r, const char *s, size_t len)
{
	struct csv_parser p;
	size_t pos, n;
	int rc = 0;

	if (csv_init(&p, CSV_REPALL_NL | CSV_EMPTY_IS_NULL | CSV_STRICT_FINI) != 0) {
		dmn_error_set(r->err, 0, 0, "out of memory");
		return -1;
	}
	csv_set_delim(&p, csv_delim(s, len));
	csv_set_realloc_func(&p, csv_realloc);
	csv_set_blk_size(&p, 4096);
	r->line = r->field_line = 1;
	/* a line at a time, to know where a field starts */
	for (pos = 0; pos < len && !r->failed; pos += n, r->line++) {
		const char *nl = memchr(s + pos, '\n', len - pos);

		n = nl ? (size_t)(nl - (s + pos)) + 1 : len - pos;
		if (csv_parse(&p, s + pos, n, on_field, on_record, r) != n && !r->failed) {
			dmn_error_set(r->err, r->field_line, 0, "a cell of more than %d characters", SHEET_MAX_TEXT);
			r->failed = 1;
		}
	}
	/* strict for the end only: an unterminated quote is an error, a stray one is text */
	csv_set_opts(&p, (unsigned char)(csv_get_opts(&p) | CSV_STRICT));
	if (!r->failed && csv_fini(&p, on_field, on_record, r) != 0) {
		dmn_error_set(r->err, r->field_line, 0, "an unterminated quote");
		r->failed = 1;
	}
	if (r->failed)
		rc = -1;
	csv_free(&p);
	return rc;
}

/* UTF-8 (a BOM dropped), UTF-16 with its BOM, else Windows-1252; no NUL byte */
static int read_csv(struct reader *r, const char *bytes, size_t len)
{
	struct book *b = &r->ob->book;
	char *conv = NULL;
	const char *s = bytes, *nul;
	int rc = -1, line, col;

	b->csv = 1;
	b->sheets = xcalloc(1, sizeof *b->sheets);
	b->sheets[0].name = keep(r->ob, "", 0);
	b->nsheets = 1;
	if (len >= 2 && (!memcmp(bytes, "\xff\xfe", 2) || !memcmp(bytes, "\xfe\xff", 2))) {
		if (to_utf8(r, "UTF-16", bytes, len, &conv, &len) < 0)
			return -1;
		s = conv;
	} else if (!utf8_ok(bytes, len)) {
		if (to_utf8(r, "WINDOWS-1252", bytes, len, &conv, &len) < 0)
			return -1;
		s = conv;
	}
	if (len >= 3 && !memcmp(s, "\xef\xbb\xbf", 3))
		s += 3, len -= 3;
	if ((nul = memchr(s, '\0', len))) {
		text_place(s, (size_t)(nul - s), 0, &line, &col);
		dmn_error_set(r->err, line, col, "a NUL byte");
	} else if (parse_csv(r, s, len) == 0 && finish_sheet(r, &b->sheets[0]) == 0) {
		rc = 0;
	}
	free(conv);
	return rc;
}

/* --- the book --------------------------------------------------------------------------- */

static void reader_free(struct reader *r)
{
	size_t i;

	for (i = 0; i < r->nws; i++)
		free(r->ws[i].rid);
	free(r->ws);
	free(r->sst);
	free(r->cells.v);
	buf_free(&r->t.b);
	buf_free(&r->v.b);
	free(r->members);
	if (r->zip)
		zip_discard(r->zip);
}

static int is_zip(const char *bytes, size_t len)
{
	return len >= 4 && (!memcmp(bytes, "PK\003\004", 4) || !memcmp(bytes, "PK\005\006", 4) ||
			    !memcmp(bytes, "PK\007\010", 4));
}

int book_read(struct book **out, const char *bytes, size_t len, char part[128], struct dmn_error *err)
{
	struct reader r = { 0 };
	int rc;

	*out = NULL;
	part[0] = '\0';
	r.ob = xcalloc(1, sizeof *r.ob);
	r.part = part;
	r.err = err;
	if (len > SHEET_MAX_FILE) {
		dmn_error_set(err, 0, 0, "more than %u MiB: refused", SHEET_MAX_FILE >> 20);
		rc = -1;
	} else {
		rc = is_zip(bytes, len) ? read_xlsx(&r, bytes, len) : read_csv(&r, bytes, len);
	}
	reader_free(&r);
	if (rc < 0) {
		book_free(&r.ob->book);
		return -1;
	}
	part[0] = '\0';
	*out = &r.ob->book;
	return 0;
}
