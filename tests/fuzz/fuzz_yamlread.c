/* fuzz_yamlread.c: libFuzzer harness for the YAML reading path: the reader with its
 * limits, then the dossier and questionnaire loaders on every document it accepts. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include "guide.h"

static struct questionnaire *builtin;

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct dmn_error err = { 0 };
	struct yreader *r;
	struct ydoc *doc;
	FILE *f;

	if (!builtin && questionnaire_builtin(&builtin, &err) != 0)
		abort();
	f = fmemopen((void *)data, size ? size : 1, "rb");
	if (!f)
		return 0;
	if (size == 0) {
		fclose(f);
		return 0;
	}
	r = yreader_open_file(f, 0);
	while (yreader_next(r, &doc, &err) > 0) {
		struct finding_list errs = { 0 };
		struct questionnaire *q = NULL;
		struct dossier *d = NULL;
		struct yreader *again;
		struct ydoc *copy = NULL;

		if (dossier_load(&d, doc, builtin, &err) == 0) {
			struct require req;
			struct counts total;
			dossier_check_conditions(d);
			require_all(&req, builtin);
			dossier_counts(d, &req, &total, NULL);
			require_free(&req);
			dossier_free(d);
		}
		/* the same bytes as a questionnaire */
		again = yreader_open_mem((const char *)data, size);
		if (again && yreader_next(again, &copy, &err) > 0 && questionnaire_load(&q, copy, &errs) == 0)
			questionnaire_free(q);
		finding_list_free(&errs);
		yreader_close(again);
	}
	yreader_close(r);
	fclose(f);
	return 0;
}
