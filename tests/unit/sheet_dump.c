/* sheet_dump.c: a test of common/sheet.c alone. sheet-dump FILE (or - for standard input)
 * prints every cell of a workbook or CSV file, one a line, as SHEET!REF<TAB>TYPE<TAB>TEXT
 * (backslash, tab, CR and LF escaped), after "# date1904" for a 1904-based workbook and
 * "# hidden: NAME" before a hidden sheet's cells; or FILE:PART:LINE:COL: error: MESSAGE,
 * exit 2. sheet-dump --serial 1900|1904 SERIAL... prints each date serial's day (or
 * "none"). tests/sheet.bats compares their exact output. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "base.h"

static const char *const type_names[] = { "text", "number", "bool", "error" };

static void put_escaped(const char *s)
{
	for (; *s; s++) {
		switch (*s) {
		case '\\':
			fputs("\\\\", stdout);
			break;
		case '\t':
			fputs("\\t", stdout);
			break;
		case '\r':
			fputs("\\r", stdout);
			break;
		case '\n':
			fputs("\\n", stdout);
			break;
		default:
			putchar(*s);
		}
	}
}

static void dump(const struct book *b)
{
	size_t i, j;
	char ref[16];

	if (b->date1904)
		puts("# date1904");
	for (i = 0; i < b->nsheets; i++) {
		const struct sheet *s = &b->sheets[i];

		if (s->hidden) {
			fputs("# hidden: ", stdout);
			put_escaped(s->name);
			putchar('\n');
		}
		for (j = 0; j < s->ncells; j++) {
			cell_name(ref, s->cells[j].row, s->cells[j].col);
			put_escaped(s->name);
			printf("!%s\t%s\t", ref, type_names[s->cells[j].type]);
			put_escaped(s->cells[j].text);
			putchar('\n');
		}
	}
}

/* The whole file, at most SHEET_MAX_FILE bytes: 0, or -1 with a message in err */
static int slurp(FILE *f, char **bytes, size_t *len, struct dmn_error *err)
{
	size_t cap = 65536, n;

	*bytes = xmalloc(cap);
	*len = 0;
	while ((n = fread(*bytes + *len, 1, cap - *len, f)) > 0) {
		*len += n;
		if (*len > SHEET_MAX_FILE) {
			dmn_error_set(err, 0, 0, "more than %u bytes", SHEET_MAX_FILE);
			return -1;
		}
		if (*len == cap)
			*bytes = xrealloc(*bytes, cap *= 2);
	}
	if (ferror(f)) {
		dmn_error_set(err, 0, 0, "cannot read: %s", errno_text(errno));
		return -1;
	}
	return 0;
}

/* serial_date on each serial, in the 1900 or the 1904 system */
static int dates(int argc, char **argv)
{
	char day[11];
	int i;

	for (i = 3; i < argc; i++)
		puts(serial_date(strtod(argv[i], NULL), !strcmp(argv[2], "1904"), day) ? day : "none");
	return fflush(stdout) == 0 ? DMN_OK : DMN_TROUBLE;
}

int main(int argc, char **argv)
{
	struct dmn_error err = { 0 };
	struct book *b = NULL;
	const char *name;
	char part[128] = "", *bytes = NULL;
	size_t len;
	FILE *f;
	int rc = -1;

	if (argc > 2 && !strcmp(argv[1], "--serial"))
		return dates(argc, argv);
	if (argc != 2) {
		fputs("usage: sheet-dump FILE\n       sheet-dump --serial 1900|1904 SERIAL...\n", stderr);
		return DMN_TROUBLE;
	}
	name = strcmp(argv[1], "-") ? argv[1] : "<stdin>";
	f = strcmp(argv[1], "-") ? fopen(argv[1], "rb") : stdin;
	if (!f)
		dmn_error_set(&err, 0, 0, "cannot open: %s", errno_text(errno));
	else if (slurp(f, &bytes, &len, &err) == 0)
		rc = book_read(&b, bytes, len, part, &err);
	if (f && f != stdin)
		fclose(f);
	free(bytes);
	if (rc < 0) {
		fprintf(stderr, "%s:", name);
		if (part[0])
			fprintf(stderr, "%s:", part);
		if (err.line > 0)
			fprintf(stderr, "%d:", err.line);
		if (err.line > 0 && err.col > 0)
			fprintf(stderr, "%d:", err.col);
		fprintf(stderr, " error: %s\n", err.msg);
		return DMN_TROUBLE;
	}
	dump(b);
	book_free(b);
	if (fflush(stdout) != 0 || ferror(stdout)) {
		fprintf(stderr, "%s: error: cannot write: %s\n", name, errno_text(errno));
		return DMN_TROUBLE;
	}
	return DMN_OK;
}
