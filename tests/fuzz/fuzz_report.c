/* fuzz_report.c: libFuzzer harness for dmn-report: arbitrary bytes as a document stream,
 * through the program's own main, so that every renderer (dossier, validation, comparison,
 * questionnaire), the reader, the diagnostics and the output path are exercised as a user
 * runs them: dmn-report [-l fr|en] [-d] -o OUT FILE.
 *
 * Besides the sanitizers, the report itself is checked (abort() on a failure), as the
 * brief asks: "vendor text is data, never markup":
 *   - exit status 2 writes no OUT, 0 and 1 write it; no spool file is left beside it;
 *   - OUT is valid UTF-8 (the reader only lets valid UTF-8 in: shortening a cell or a
 *     title must never cut a character);
 *   - OUT holds no control character but the newline: no C0, DEL or C1, raw or as the
 *     UTF-8 of U+0080..U+009F, that could reach a terminal;
 *   - every row of a table (lines starting with '|') has as many unescaped '|' as the
 *     first row of its table: no vendor text adds or removes a cell.
 *
 * The program's source is included here with its main renamed, so that its static
 * option state can be reset between runs. The language and -d are chosen by the size of
 * the input (deterministic: a crash found reproduces with the same file):
 *   size % 2: 0 English, 1 French;  size % 4 >= 2: -d, with SOURCE_DATE_EPOCH fixed.
 * The diagnostics go to stderr: run with -close_fd_mask=2 for a quiet fuzzer. */
#include <dirent.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define main dmn_report_main
#include "../../cmd/dmn-report.c"
#undef main

static char dir[4096], path[4200], out[4200];
static int fd = -1;

static void cleanup(void)
{
	unlink(path);
	unlink(out);
	rmdir(dir);
}

/* the files in the run's directory: the input and the report, never a spool file left */
static int files(void)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	int n = 0;

	if (!d)
		abort();
	while ((e = readdir(d)))
		if (strcmp(e->d_name, ".") && strcmp(e->d_name, ".."))
			n++;
	closedir(d);
	return n;
}

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

static void check_output(int status)
{
	FILE *f = fopen(out, "rb");
	unsigned char *s;
	long n;

	if (files() != 1 + (f != NULL))
		fail("a temporary file left beside the report", 0);
	if (status >= 2) {
		if (f)
			fail("trouble (exit 2), yet the report was written", 0);
		return;
	}
	if (!f)
		fail("exit status 0 or 1, yet no report", 0);
	if (fseek(f, 0, SEEK_END) != 0 || (n = ftell(f)) < 0 || fseek(f, 0, SEEK_SET) != 0)
		abort();
	s = malloc((size_t)n + 1);
	if (!s || fread(s, 1, (size_t)n, f) != (size_t)n)
		abort();
	s[n] = '\0';
	fclose(f);
	check_report(s, (size_t)n);
	free(s);
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	const char *tmp = getenv("TMPDIR");

	(void)argc;
	(void)argv;
	snprintf(dir, sizeof dir, "%s/dmn-fuzz-report-XXXXXX", tmp && *tmp ? tmp : "/tmp");
	if (!mkdtemp(dir)) {
		perror("mkdtemp");
		abort();
	}
	snprintf(path, sizeof path, "%s/in.yaml", dir);
	snprintf(out, sizeof out, "%s/out.md", dir);
	fd = open(path, O_RDWR | O_CREAT | O_TRUNC, 0600);
	if (fd < 0) {
		perror(path);
		abort();
	}
	atexit(cleanup);
	setenv("SOURCE_DATE_EPOCH", "1700000000", 1);
	unsetenv("LC_ALL");
	unsetenv("LC_MESSAGES");
	unsetenv("LANG");
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *args[8];
	int n = 0;

	if (ftruncate(fd, 0) != 0 || pwrite(fd, data, size, 0) != (ssize_t)size)
		abort();
	args[n++] = "dmn-report";
	args[n++] = "-l";
	args[n++] = size % 2 ? "fr" : "en";
	if (size % 4 >= 2)
		args[n++] = "-d";
	args[n++] = "-o";
	args[n++] = out;
	args[n++] = path;
	args[n] = NULL;
	unlink(out);
	/* the program's global state: its options, getopt's (0: rescan from the start) */
	memset(&opt, 0, sizeof opt);
	optind = 0;
	check_output(dmn_report_main(n, args));
	return 0;
}
