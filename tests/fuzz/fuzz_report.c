/* fuzz_report.c: libFuzzer harness for the Markdown renderer (common/markdown.c, through
 * libdmn.a): arbitrary bytes as a document stream, each document rendered as dmn-report
 * renders it, so that every renderer (dossier, validation, comparison, questionnaire), the
 * document readers and the diagnostics are exercised.
 *
 * Besides the sanitizers, each document's Markdown is checked (abort() on a failure), as
 * the brief asks: "vendor text is data, never markup":
 *   - it is valid UTF-8 (the reader only lets valid UTF-8 in: shortening a cell or a
 *     title must never cut a character);
 *   - it holds no control character but the newline: no C0, DEL or C1, raw or as the
 *     UTF-8 of U+0080..U+009F, that could reach a terminal;
 *   - every row of a table (lines starting with '|') has as many unescaped '|' as the
 *     first row of its table: no vendor text adds or removes a cell.
 * What the program adds around the renderer (-o written whole or not at all, no spool file
 * left) is tested by tests/hostile.bats on the real program.
 *
 * The language and the date are chosen by the size of the input (deterministic: a crash
 * found reproduces with the same file): size % 2: 0 English, 1 French; size % 4 >= 2: a
 * date line; size % 8 >= 4: a validation as the buyer's to-do, else the letter with all
 * its furniture; size % 3 == 0: each document's Markdown also made HTML (html.c, through
 * cmark-gfm), which must not fail. The diagnostics go to stderr: run with
 * -close_fd_mask=2 for a quiet fuzzer. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "guide.h"

static struct questionnaire *q;
static FILE *devnull;

static void fail(const char *what, size_t at)
{
	fprintf(stderr, "fuzz_report: %s at byte %zu of the report\n", what, at);
	abort();
}

/* the length of the valid UTF-8 character at s (n bytes left), 0 if it is not one */
static size_t fuzz_utf8_len(const unsigned char *s, size_t n)
{
	size_t len, i;
	unsigned long c;

	if (s[0] < 0x80)
		return 1;
	if (s[0] >= 0xc2 && s[0] <= 0xdf)
		len = 2, c = s[0] & 0x1f;
	else if (s[0] >= 0xe0 && s[0] <= 0xef)
		len = 3, c = s[0] & 0x0f;
	else if (s[0] >= 0xf0 && s[0] <= 0xf4)
		len = 4, c = s[0] & 0x07;
	else
		return 0;
	if (len > n)
		return 0;
	for (i = 1; i < len; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return 0;
		c = c << 6 | (s[i] & 0x3f);
	}
	if ((len == 3 && c < 0x800) || (len == 4 && (c < 0x10000 || c > 0x10ffff)) ||
	    (c >= 0xd800 && c <= 0xdfff))
		return 0;
	return len;
}

/* the cells of a table line: its unescaped '|', a backslash escaping the next byte */
static size_t pipes(const unsigned char *s, size_t n)
{
	size_t i, count = 0;

	for (i = 0; i < n; i++) {
		if (s[i] == '\\')
			i++;
		else if (s[i] == '|')
			count++;
	}
	return count;
}

static void check_report(const unsigned char *s, size_t n)
{
	size_t i = 0, line = 0, first_row = 0;
	int in_table = 0;

	while (i < n) {
		size_t len = fuzz_utf8_len(s + i, n - i);
		if (!len)
			fail("invalid UTF-8", i);
		if ((s[i] < 0x20 && s[i] != '\n') || s[i] == 0x7f || (s[i] == 0xc2 && s[i + 1] < 0xa0))
			fail("a control character", i);
		if (s[i] == '\n' || i + len == n) {
			size_t end = s[i] == '\n' ? i : n;
			if (s[line] == '|') {
				size_t count = pipes(s + line, end - line);
				if (!in_table)
					first_row = count, in_table = 1;
				else if (count != first_row)
					fail("a table row with another number of cells", line);
			} else {
				in_table = 0;
			}
			line = end + 1;
		}
		i += len;
	}
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	struct dmn_error err = { 0 };

	(void)argc;
	(void)argv;
	diag_init("fuzz-report");
	if (questionnaire_builtin(&q, &err) != 0 || !(devnull = fopen("/dev/null", "w")))
		abort();
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct markdown_opts o = { size % 2 ? LANG_FR : LANG_EN, size % 4 >= 2 ? "2023-11-14" : NULL,
				   size % 8 >= 4, "Acme | <b>", "*Pharmacie*", "AO-1", "2027-01-15", "x.yaml" };
	struct markdown *md = markdown_new(q, &o);
	struct html *page = size % 3 == 0 ? html_begin(devnull, o.lang, "fuzz") : NULL;
	struct yreader *yr = yreader_open_mem((const char *)data, size);
	struct dmn_error err = { 0 };
	struct ydoc *doc;

	if (!yr)
		abort();
	while (yreader_next(yr, &doc, &err) > 0) {
		const char *text = markdown_document(md, "in.yaml", doc);
		check_report((const unsigned char *)text, strlen(text));
		if (page && html_document(page, text, markdown_kind(md)) != 0)
			fail("cmark-gfm could not render the report", 0);
	}
	html_end(page);
	yreader_close(yr);
	markdown_free(md);
	return 0;
}
