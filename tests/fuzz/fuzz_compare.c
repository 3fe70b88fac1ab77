/* fuzz_compare.c: libFuzzer harness for the comparison module (common/comparison.c):
 * arbitrary bytes as a stream of dossiers, each loaded (dossier_load) and added to one
 * comparison (comparison_add: device names, twins, conditions, counts), then the table
 * written (rows, cells, differ, completion, the YAML and JSON emitters), as dmn-compare
 * does with the same options. Only the library is linked: build-fuzz/libdmn.a.
 *
 * Besides the sanitizers, the comparison written is checked (abort() on a failure):
 * "whatever a program emits, every other program reads back": it is read back by libyaml
 * without error, then by dmn's reader and comparison_read (as dmn-report reads it) without
 * a finding, with one device per dossier added and one cell per device in every row; a
 * comparison over the reader's limits (values, bytes) is only said to be one, on stderr.
 *
 * The options are chosen by the size of the input (deterministic: a crash found
 * reproduces with the same file): size % 2: all (-a); size % 4 >= 2: differ only (-d);
 * size % 8 >= 4: JSON and French labels (-j -l fr); size % 16 >= 8: section 8 only (-s 8).
 * The diagnostics go to stderr: run with -close_fd_mask=2 for a quiet fuzzer. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <yaml.h>

#include "guide.h"

static struct questionnaire *builtin;
static unsigned char *section8;	/* --section 8: one flag per section index */

static void fail(const char *what)
{
	fprintf(stderr, "fuzz_compare: %s\n", what);
	abort();
}

/* the comparison written is YAML (JSON is YAML) that libyaml reads to the end */
static void check_yaml(const char *s, size_t n)
{
	yaml_parser_t parser;
	yaml_event_t event;
	int done = 0;

	if (!yaml_parser_initialize(&parser))
		abort();
	yaml_parser_set_input_string(&parser, (const unsigned char *)s, n);
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
}

/* the comparison written reads back, typed, as dmn-report reads it */
static void check_read_back(const char *s, size_t n, size_t ndevices)
{
	struct finding_list errs = { 0 };
	struct dmn_error err = { 0 };
	struct comparison_doc *c;
	struct yreader *r = yreader_open_mem(s, n);
	struct ydoc *doc = NULL;
	size_t i;

	if (yreader_next(r, &doc, &err) <= 0) {
		/* a table of many devices can hold more values than one document may */
		if (strncmp(err.msg, "more than ", 10) != 0 && strncmp(err.msg, "document larger than", 20) != 0)
			fail(err.msg[0] ? err.msg : "no document in the comparison written");
		fprintf(stderr, "fuzz_compare: over the reader's limits: %s\n", err.msg);
		yreader_close(r);
		return;
	}
	if (comparison_read(&c, ydoc_root(doc), builtin, &errs) != 0 || errs.n) {
		fprintf(stderr, "fuzz_compare: %d:%d: %s\n", errs.n ? errs.v[0].line : 0, errs.n ? errs.v[0].col : 0,
			errs.n ? errs.v[0].msg : "?");
		fail("the comparison written does not read back");
	}
	if (c->ndevices != ndevices)
		fail("not one device per dossier added");
	for (i = 0; i < c->nrows; i++)
		if (!c->rows[i].heading && c->rows[i].ncells != ndevices)
			fail("a row without a cell per device");
	comparison_doc_free(c);
	finding_list_free(&errs);
	ydoc_free(doc);
	yreader_close(r);
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	struct dmn_error err = { 0 };
	size_t i;

	(void)argc;
	(void)argv;
	diag_init("dmn-compare");
	if (questionnaire_builtin(&builtin, &err) != 0)
		fail(err.msg);
	section8 = calloc(builtin->nsections, 1);
	for (i = 0; i < builtin->nsections; i++)
		section8[i] = !strcmp(builtin->sections[i].id, "8");
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct comparison_opts o = { 0 };
	struct dmn_error err = { 0 };
	struct comparison *c;
	struct yreader *r;
	struct ydoc *doc;
	char *out = NULL;
	size_t len = 0;
	size_t added = 0;
	int json = size % 8 >= 4;
	FILE *f;

	o.all = size % 2;
	o.differ_only = size % 4 >= 2;
	o.lang = json ? LANG_FR : LANG_EN;
	o.sections = size % 16 >= 8 ? section8 : NULL;
	c = comparison_new(builtin, &o);
	r = yreader_open_mem((const char *)data, size);
	while (yreader_next(r, &doc, &err) > 0) {
		struct dossier *d;
		if (dossier_load(&d, doc, builtin, &err) == 0 && comparison_add(c, "in.yaml", d) == 0)
			added++;
	}
	yreader_close(r);
	if (!(f = open_memstream(&out, &len)))
		abort();
	comparison_write(c, f, json);
	if (fclose(f) != 0)
		fail("the comparison could not be written");
	check_yaml(out, len);
	check_read_back(out, len, added);
	free(out);
	comparison_free(c);
	return 0;
}
