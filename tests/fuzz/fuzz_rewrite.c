/* fuzz_rewrite.c: libFuzzer harness for the minimal rewrite of a dossier (common/rewrite.c)
 * and the save's read-back (common/store.c): arbitrary bytes read as one dossier, as dmn-ask
 * reads its input (dossier_from_bytes, the bytes kept), a few changes made as --set makes
 * them, then the dossier written back with only the changes spliced in. Only the library is
 * linked: build-fuzz/libdmn.a.
 *
 * Besides the sanitizers, what is written is checked (abort() on a failure): it reads back
 * as a dossier of the same questionnaire (dossier_from_bytes), every answer set holds the
 * value, status and fields given, and every answer not set reads as it did (its status).
 * The changes are chosen by the size of the input (deterministic: a crash found reproduces
 * with the same file). The diagnostics go to stderr: run with -close_fd_mask=2. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "guide.h"

static struct questionnaire *builtin;

static void fail(const char *what, const char *s, size_t n)
{
	fprintf(stderr, "fuzz_rewrite: %s\n--- written\n%.*s\n---\n", what, (int)n, s);
	abort();
}

struct change {
	const char *id, *typed;
	int status;		/* -1: a value */
	const char *source, *comment;
};

static const struct change changes[] = {
	{ "2", "oui", -1, NULL, NULL },
	{ "3.1", "a: b # c \"d\" \\ 'e'\nsecond line", -1, "notice p. 3", NULL },
	{ "4.1", "1, 4", -1, NULL, "autre: \x1b[2J" },
	{ "5.3", NULL, ST_PENDING, NULL, NULL },
	{ "6.2.5", "12,5", -1, "", "" },
	{ "8.4", NULL, ST_NOT_APPLICABLE, NULL, "no reason ~ null" },
	{ "1.1", "yes", -1, NULL, NULL },
	{ "8.10", NULL, -2, NULL, NULL },	/* a group: not set */
};

/* An answer mapping with a field dmn does not know: kept as it is, so still wrong. */
static int has_unknown_field(const struct node *entry)
{
	static const char *const known[] = { "answer", "status", "source", "by", "date", "comment", NULL };
	size_t i;

	for (i = 0; entry && entry->kind == NODE_MAP && i < entry->n; i++)
		if (!field_known(known, entry->items[2 * i]->text))
			return 1;
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct dmn_error err = { 0 };
	struct dossier *d = NULL, *back = NULL;
	enum status before[1024];
	char *bytes, *out = NULL;
	size_t nout = 0, i, k, first = size % 7, count = 1 + size % 4;
	FILE *f;

	if (!builtin && questionnaire_builtin(&builtin, &err) != 0)
		abort();
	bytes = malloc(size + 1);
	memcpy(bytes, data, size);
	bytes[size] = '\0';
	if (dossier_from_bytes(&d, bytes, size, builtin, &err) != 0)
		return 0;
	for (i = 0; i < builtin->nquestions && i < 1024; i++)
		before[i] = d->answers[i].status;
	for (k = 0; k < count; k++) {
		const struct change *c = &changes[(first + k) % (sizeof changes / sizeof *changes)];
		int qi = questionnaire_find(builtin, c->id);
		if (qi < 0 || c->status == -2)
			continue;
		if (c->status >= 0)
			dossier_set_status(d, qi, (enum status)c->status);
		else if (dossier_set_value(d, qi, c->typed, &err) != 0)
			continue;
		dossier_set_meta(d, qi, c->source, NULL, "2024-06-20", c->comment);
	}
	if (size % 3 == 0)
		dossier_set_device(d, "udi-di", "0123 \"45\"");
	if (dossier_rewrite(d, NULL) != 0 && finding_count(&d->findings, SEV_ERROR)) {
		dossier_free(d);	/* dmn-ask refuses it: written whole, its errors would go */
		return 0;
	}
	f = open_memstream(&out, &nout);
	if (!f)
		abort();
	dossier_write(d, f);
	fclose(f);
	{
		char *copy = malloc(nout + 1);
		memcpy(copy, out, nout);
		copy[nout] = '\0';
		if (dossier_from_bytes(&back, copy, nout, builtin, &err) != 0) {
			fprintf(stderr, "fuzz_rewrite: %d:%d: %s\n", err.line, err.col, err.msg);
			fail("what is written is not a dossier that reads back", out, nout);
		}
	}
	for (i = 0; i < builtin->nquestions && i < 1024; i++) {
		const struct answer *a = &d->answers[i], *b = &back->answers[i];
		if (!d->changed[i]) {
			if (b->status != before[i])
				fail("an answer not set reads differently", out, nout);
			continue;
		}
		if (a->status != b->status && !(b->status == ST_INVALID && has_unknown_field(a->entry)))
			fail("an answer set reads back with another status", out, nout);
		if ((a->source == NULL) != (b->source == NULL) || (a->source && strcmp(a->source, b->source)) ||
		    (a->comment == NULL) != (b->comment == NULL) || (a->comment && strcmp(a->comment, b->comment)) ||
		    (a->date == NULL) != (b->date == NULL) || (a->date && strcmp(a->date, b->date)))
			fail("a field set reads back differently", out, nout);
		if (a->value && a->value->kind == NODE_SCALAR && builtin->questions[i].type == QT_TEXT &&
		    (!b->value || b->value->kind != NODE_SCALAR || strcmp(a->value->text, b->value->text)))
			fail("a text set reads back differently", out, nout);
	}
	if (size % 3 == 0 && (!back->device.udi_di || strcmp(back->device.udi_di, "0123 \"45\"")))
		fail("a device field set reads back differently", out, nout);
	dossier_free(back);
	dossier_free(d);
	free(out);
	return 0;
}
