/* fuzz_fhir.c: libFuzzer harness for the FHIR QuestionnaireResponse reader (common/fhirread.c,
 * jansson) and writer (common/fhir.c): arbitrary bytes imported into a new dossier as
 * dmn-ask -i reads a response; when they are read, the dossier is written as a response and
 * read back, twice. Only the library is linked: build-fuzz/libdmn.a, with -ljansson.
 *
 * Besides the sanitizers, what is written is checked (abort() on a failure): the dossier
 * written as YAML reads back as a dossier (dossier_from_bytes); a response written from a
 * dossier is read back whole (its invalid answers said again, nothing refused as trouble);
 * and the round trip reaches a fixed point: the dossier of the second round is written
 * exactly as the first one's. The diagnostics go to stderr: run with -close_fd_mask=2. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "guide.h"

static struct questionnaire *builtin;

static void fail(const char *what, const char *s, size_t n)
{
	fprintf(stderr, "fuzz_fhir: %s\n--- written\n%.*s\n---\n", what, (int)n, s);
	abort();
}

static char *as_yaml(const struct dossier *d, size_t *n)
{
	char *s = NULL;
	FILE *f = open_memstream(&s, n);

	if (!f)
		abort();
	dossier_write(d, f);
	fclose(f);
	return s;
}

/* d as a response, read into a new dossier: NULL if the response was not read */
static struct dossier *round_trip(const struct dossier *d)
{
	struct fhir_opts fo = { LANG_FR, AUD_ALL, NULL };
	struct import_opts io = { "fuzz", "2025-01-01" };
	struct dossier *back = dossier_new(builtin);
	char *s = NULL;
	size_t n = 0;
	FILE *f = open_memstream(&s, &n);

	if (!f)
		abort();
	fhir_response_write(d, &fo, "fuzz", f);
	fclose(f);
	diag_reset();
	if (fhir_import(back, "response", s, n, &io) != 0 || diag_exit_status() >= DMN_TROUBLE)
		fail("a response written from a dossier is not read back whole", s, n);
	free(s);
	return back;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct dmn_error err = { 0 };
	struct import_opts io = { "fuzz", "2025-01-01" };
	struct dossier *d, *d2, *d3, *check;
	char *y, *y2, *y3;
	size_t n, n2, n3;

	if (!builtin && questionnaire_builtin(&builtin, &err) != 0)
		abort();
	diag_reset();
	d = dossier_new(builtin);
	if (fhir_import(d, "fuzz", (const char *)data, size, &io) != 0) {
		dossier_free(d);
		diag_reset();
		return 0;
	}
	y = as_yaml(d, &n);	/* taken by dossier_from_bytes */
	if (dossier_from_bytes(&check, y, n, builtin, &err) != 0)
		fail("the dossier imported is not read back as a dossier", y, n);
	dossier_free(check);
	d2 = round_trip(d);
	d3 = round_trip(d2);
	y2 = as_yaml(d2, &n2);
	y3 = as_yaml(d3, &n3);
	if (n2 != n3 || memcmp(y2, y3, n2) != 0)
		fail("the second round trip changed the dossier", y3, n3);
	free(y2);
	free(y3);
	dossier_free(d);
	dossier_free(d2);
	dossier_free(d3);
	diag_reset();
	return 0;
}
