/* fuzz_compare.c: libFuzzer harness for dmn-compare: arbitrary bytes as a stream of
 * dossiers, through the program's own main (dossier loading, conditions, rows, cells,
 * differ, completion, the YAML and JSON emitters, the output path):
 *   dmn-compare [-a] [-d] [-j] [-l fr] [-s 8] -o OUT FILE
 *
 * Besides the sanitizers, the output is checked (abort() on a failure):
 *   - exit status 2 writes no OUT, 0 and 1 write it; no spool file is left beside it;
 *   - OUT, YAML or JSON, is read back by libyaml without error: "whatever a program
 *     emits, every other program reads back".
 *
 * The program's source is included here with its main renamed, so that its static
 * option state can be reset between runs. The options are chosen by the size of the
 * input (deterministic: a crash found reproduces with the same file): size % 2: -a;
 * size % 4 >= 2: -d; size % 8 >= 4: -j and -l fr; size % 16 >= 8: -s 8.
 * The diagnostics go to stderr: run with -close_fd_mask=2 for a quiet fuzzer. */
#include <dirent.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define main dmn_compare_main
#include "../../cmd/dmn-compare.c"
#undef main

#include <yaml.h>

static char dir[4096], path[4200], out[4200];
static int fd = -1;

static void cleanup(void)
{
	unlink(path);
	unlink(out);
	rmdir(dir);
}

static void fail(const char *what)
{
	fprintf(stderr, "fuzz_compare: %s\n", what);
	abort();
}

/* the files in the run's directory: the input and the output, never a spool file left */
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

static void check_output(int status)
{
	FILE *f = fopen(out, "rb");
	yaml_parser_t parser;
	yaml_event_t event;
	int done = 0;

	if (files() != 1 + (f != NULL))
		fail("a temporary file left beside the output");
	if (status >= 2) {
		if (f)
			fail("trouble (exit 2), yet the comparison was written");
		return;
	}
	if (!f)
		fail("exit status 0 or 1, yet no comparison");
	if (!yaml_parser_initialize(&parser))
		abort();
	yaml_parser_set_input_file(&parser, f);
	while (!done) {
		if (!yaml_parser_parse(&parser, &event)) {
			fprintf(stderr, "fuzz_compare: the output is not YAML: %s at line %lu\n",
				parser.problem ? parser.problem : "?", (unsigned long)parser.problem_mark.line + 1);
			abort();
		}
		done = event.type == YAML_STREAM_END_EVENT;
		yaml_event_delete(&event);
	}
	yaml_parser_delete(&parser);
	fclose(f);
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	const char *tmp = getenv("TMPDIR");

	(void)argc;
	(void)argv;
	snprintf(dir, sizeof dir, "%s/dmn-fuzz-compare-XXXXXX", tmp && *tmp ? tmp : "/tmp");
	if (!mkdtemp(dir)) {
		perror("mkdtemp");
		abort();
	}
	snprintf(path, sizeof path, "%s/in.yaml", dir);
	snprintf(out, sizeof out, "%s/out", dir);
	fd = open(path, O_RDWR | O_CREAT | O_TRUNC, 0600);
	if (fd < 0) {
		perror(path);
		abort();
	}
	atexit(cleanup);
	unsetenv("LC_ALL");
	unsetenv("LC_MESSAGES");
	unsetenv("LANG");
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *args[16];
	int n = 0;

	if (ftruncate(fd, 0) != 0 || pwrite(fd, data, size, 0) != (ssize_t)size)
		abort();
	args[n++] = "dmn-compare";
	if (size % 2)
		args[n++] = "-a";
	if (size % 4 >= 2)
		args[n++] = "-d";
	if (size % 8 >= 4) {
		args[n++] = "-j";
		args[n++] = "-l";
		args[n++] = "fr";
	}
	if (size % 16 >= 8) {
		args[n++] = "-s";
		args[n++] = "8";
	}
	args[n++] = "-o";
	args[n++] = out;
	args[n++] = path;
	args[n] = NULL;
	unlink(out);
	/* the program's global state: its options, getopt's (0: rescan from the start) */
	memset(&opt, 0, sizeof opt);
	optind = 0;
	check_output(dmn_compare_main(n, args));
	return 0;
}
