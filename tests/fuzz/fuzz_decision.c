/* fuzz_decision.c: libFuzzer harness for the committee's decision (common/decision.c):
 * arbitrary bytes as a stream whose first document is read as a weights file and the
 * second as a ratings file (dmn-compare --weights --ratings), checked against a comparison
 * of the three example dossiers (built once, from questionnaires/examples/: run from the
 * top of the source tree, as make fuzz-run does); when they are accepted, the decision is
 * settled (totals, ranks, ranges, 50 draws of perturbation), written, read back and
 * rendered as dmn-report renders it (as JSON when the input's size is odd). Only the library is linked: build-fuzz/libdmn.a.
 *
 * Besides the sanitizers, the decision written is checked (abort() on a failure): it reads
 * back as YAML by dmn's reader, and dmn-report's rendering of it has no diagnostic. The
 * diagnostics go to stderr: run with -close_fd_mask=2 for a quiet fuzzer. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "emit.h"
#include "guide.h"

static struct questionnaire *builtin;
static struct comparison *examples;

static void fail(const char *what)
{
	fprintf(stderr, "fuzz_decision: %s\n", what);
	abort();
}

static void add(void *ctx, const char *file, struct dossier *d)
{
	comparison_add(ctx, file, d);
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	static const struct comparison_opts none = { 0 };
	char *paths[] = { "questionnaires/examples/bonesight.yaml", "questionnaires/examples/fractavision.yaml",
		"questionnaires/examples/osteoscan.yaml" };
	struct dmn_error err = { 0 };

	(void)argc;
	(void)argv;
	diag_init("fuzz_decision");
	if (questionnaire_builtin(&builtin, &err) != 0)
		fail(err.msg);
	examples = comparison_new(builtin, &none);
	if (program_dossiers(paths, 3, builtin, add, NULL, examples) != 3 || comparison_ndevices(examples) != 3)
		fail("cannot read the three examples: run from the top of the source tree");
	return 0;
}

/* The decision written (its mapping in a document of its own), read back and rendered */
static void check(const struct decision *d, int json)
{
	struct finding_list errs = { 0 };
	struct dmn_error err = { 0 };
	struct emitter em;
	struct buf md = { 0 };
	struct ydoc *doc = NULL;
	struct yreader *r;
	char *s = NULL;
	size_t n = 0;
	FILE *f = open_memstream(&s, &n);
	unsigned long before;

	if (!f)
		abort();
	emit_init(&em, f, json);
	emit_doc_begin(&em);
	emit_map_begin(&em);
	decision_emit(&em, d, examples);
	emit_map_end(&em);
	emit_doc_end(&em);
	fclose(f);
	r = yreader_open_mem(s, n);
	if (yreader_next(r, &doc, &err) <= 0)
		fail(err.msg[0] ? err.msg : "the decision written does not read back");
	before = diag_troubles();
	if (decision_markdown(&md, node_get(ydoc_root(doc), "decision"), builtin, LANG_FR, "decision") != 0 ||
	    diag_troubles() != before)
		fail("the decision written does not render");
	finding_list_free(&errs);
	buf_free(&md);
	ydoc_free(doc);
	yreader_close(r);
	free(s);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const struct decision_opts o = { 20, 50, 1 };
	struct yreader *r = yreader_open_mem((const char *)data, size);
	struct ydoc *weights = NULL, *ratings = NULL;
	struct dmn_error err = { 0 };
	struct decision *d = NULL;

	if (yreader_next(r, &weights, &err) > 0 && yreader_next(r, &ratings, &err) > 0) {
		if (decision_read(&d, builtin, ratings, "ratings", weights, "weights", &o) == 0 &&
		    decision_settle(d, examples) == 0)
			check(d, (int)(size % 2));
		decision_free(d);
	} else {
		ydoc_free(weights);
	}
	yreader_close(r);
	return 0;
}
