/* builtin_check.c: the built-in questionnaire (build/common/builtin.c, C data written by
 * mkquestionnaire) compared field by field with the same file read by the loader, as
 * --questionnaire FILE reads it, so that a field the generator forgets or mangles is
 * caught even when no program prints it.
 *
 * usage: builtin-check [FILE]   (FILE: questionnaires/has-dmn-2023.yaml)
 * Prints the counts compared and exits 0 when every field is equal; prints the first
 * difference to stderr, "builtin-check: questions[17].help.en differs: loaded ..., built
 * in ...", and exits 1; exits 2 when FILE cannot be loaded. */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "guide.h"

#define SHIPPED "questionnaires/has-dmn-2023.yaml"
#define EXCERPT 48		/* bytes of a differing text shown */

static struct {
	size_t fields, texts, options, conditions;
} tally;

/* A field's name: "questions[17].help" from "questions[%zu]" and "help". */
static const char *name(char *out, size_t size, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
static const char *name(char *out, size_t size, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(out, size, fmt, ap);
	va_end(ap);
	return out;
}

/* Up to EXCERPT bytes of s from byte at, quoted, never cutting a UTF-8 character. */
static void excerpt(struct buf *b, const char *s, size_t at)
{
	const unsigned char *p;
	size_t start = at > EXCERPT / 2 ? at - EXCERPT / 2 : 0, n = 0;

	if (!s) {
		buf_adds(b, "null");
		return;
	}
	while (start > 0 && (s[start] & 0xc0) == 0x80)
		start--;
	buf_adds(b, start ? "\"..." : "\"");
	for (p = (const unsigned char *)s + start; *p && (n < EXCERPT || (*p & 0xc0) == 0x80); p++, n++) {
		if (*p == '"' || *p == '\\')
			buf_addf(b, "\\%c", *p);
		else if (*p == '\n')
			buf_adds(b, "\\n");
		else if (*p < 0x20 || *p == 0x7f)
			buf_addf(b, "\\x%02x", *p);
		else
			buf_add(b, (const char *)p, 1);
	}
	buf_adds(b, *p ? "...\"" : "\"");
}

static int str_eq(const char *field, const char *loaded, const char *builtin)
{
	struct buf b = { 0 };
	size_t at = 0;

	tally.fields++;
	if (loaded && builtin && !strcmp(loaded, builtin))
		return 0;
	if (!loaded && !builtin)
		return 0;
	if (loaded && builtin)
		while (loaded[at] == builtin[at])
			at++;
	buf_addf(&b, "%s differs: loaded ", field);
	excerpt(&b, loaded, at);
	buf_adds(&b, ", built in ");
	excerpt(&b, builtin, at);
	fprintf(stderr, "builtin-check: %s\n", buf_str(&b));
	buf_free(&b);
	return -1;
}

static int int_eq(const char *field, long long loaded, long long builtin)
{
	tally.fields++;
	if (loaded == builtin)
		return 0;
	fprintf(stderr, "builtin-check: %s differs: loaded %lld, built in %lld\n", field, loaded, builtin);
	return -1;
}

/* Both set or both null: for the pointers that stand for "none" when null. */
static int set_eq(const char *field, const void *loaded, const void *builtin)
{
	tally.fields++;
	if (!loaded == !builtin)
		return 0;
	fprintf(stderr, "builtin-check: %s differs: loaded %s, built in %s\n", field, loaded ? "set" : "null",
	       builtin ? "set" : "null");
	return -1;
}

static int text_eq(const char *field, struct text loaded, struct text builtin)
{
	char f[160];

	tally.texts++;
	if (str_eq(name(f, sizeof f, "%s.fr", field), loaded.fr, builtin.fr) ||
	    str_eq(name(f, sizeof f, "%s.en", field), loaded.en, builtin.en))
		return -1;
	return 0;
}

/* notes and nnotes of a question or a section named at */
static int notes_eq(const char *at, const struct text *loaded, size_t nl, const struct text *builtin,
		    size_t nb)
{
	char f[160];
	size_t i;

	if (int_eq(name(f, sizeof f, "%s.nnotes", at), (long long)nl, (long long)nb))
		return -1;
	for (i = 0; i < nl; i++)
		if (text_eq(name(f, sizeof f, "%s.notes[%zu]", at, i), loaded[i], builtin[i]))
			return -1;
	return 0;
}

static int condition_eq(const char *at, const struct condition *l, const struct condition *b)
{
	char f[160];
	size_t i;

	if (set_eq(name(f, sizeof f, "%s.when", at), l, b))
		return -1;
	if (!l)
		return 0;
	tally.conditions++;
	if (int_eq(name(f, sizeof f, "%s.when.question", at), l->question, b->question) ||
	    int_eq(name(f, sizeof f, "%s.when.nvalues", at), (long long)l->nvalues, (long long)b->nvalues))
		return -1;
	for (i = 0; i < l->nvalues; i++)
		if (str_eq(name(f, sizeof f, "%s.when.values[%zu]", at, i), l->values[i], b->values[i]))
			return -1;
	return 0;
}

static int question_eq(size_t qi, const struct question *l, const struct question *b)
{
	char at[40], f[160];
	size_t i;

	name(at, sizeof at, "questions[%zu]", qi);
	if (str_eq(name(f, sizeof f, "%s.id", at), l->id, b->id) ||
	    int_eq(name(f, sizeof f, "%s.index", at), l->index, b->index) ||
	    int_eq(name(f, sizeof f, "%s.parent", at), l->parent, b->parent) ||
	    int_eq(name(f, sizeof f, "%s.section", at), l->section, b->section) ||
	    int_eq(name(f, sizeof f, "%s.depth", at), l->depth, b->depth) ||
	    int_eq(name(f, sizeof f, "%s.audience", at), l->audience, b->audience) ||
	    int_eq(name(f, sizeof f, "%s.type", at), l->type, b->type) ||
	    str_eq(name(f, sizeof f, "%s.unit", at), l->unit, b->unit) ||
	    text_eq(name(f, sizeof f, "%s.text", at), l->text, b->text) ||
	    text_eq(name(f, sizeof f, "%s.help", at), l->help, b->help) ||
	    text_eq(name(f, sizeof f, "%s.heading", at), l->heading, b->heading) ||
	    text_eq(name(f, sizeof f, "%s.where", at), l->where, b->where) ||
	    text_eq(name(f, sizeof f, "%s.intro", at), l->intro, b->intro) ||
	    text_eq(name(f, sizeof f, "%s.vendor", at), l->vendor, b->vendor) ||
	    notes_eq(at, l->notes, l->nnotes, b->notes, b->nnotes) ||
	    int_eq(name(f, sizeof f, "%s.noptions", at), (long long)l->noptions, (long long)b->noptions))
		return -1;
	for (i = 0; i < l->noptions; i++, tally.options++)
		if (str_eq(name(f, sizeof f, "%s.options[%zu].id", at, i), l->options[i].id, b->options[i].id) ||
		    text_eq(name(f, sizeof f, "%s.options[%zu].label", at, i), l->options[i].label,
			    b->options[i].label))
			return -1;
	if (condition_eq(at, l->when, b->when) ||
	    int_eq(name(f, sizeof f, "%s.line", at), l->line, b->line) ||
	    int_eq(name(f, sizeof f, "%s.col", at), l->col, b->col))
		return -1;
	return 0;
}

static int section_eq(size_t si, const struct section *l, const struct section *b)
{
	char at[40], f[160];

	name(at, sizeof at, "sections[%zu]", si);
	if (str_eq(name(f, sizeof f, "%s.id", at), l->id, b->id) ||
	    str_eq(name(f, sizeof f, "%s.part", at), l->part, b->part) ||
	    int_eq(name(f, sizeof f, "%s.audience", at), l->audience, b->audience) ||
	    text_eq(name(f, sizeof f, "%s.title", at), l->title, b->title) ||
	    text_eq(name(f, sizeof f, "%s.context", at), l->context, b->context) ||
	    text_eq(name(f, sizeof f, "%s.where", at), l->where, b->where) ||
	    notes_eq(at, l->notes, l->nnotes, b->notes, b->nnotes) ||
	    int_eq(name(f, sizeof f, "%s.first", at), l->first, b->first) ||
	    int_eq(name(f, sizeof f, "%s.count", at), l->count, b->count))
		return -1;
	return 0;
}

static int row_eq(size_t ri, const struct annex_row *l, const struct annex_row *b)
{
	char at[40], f[160];
	size_t i;

	name(at, sizeof at, "rows[%zu]", ri);
	if (text_eq(name(f, sizeof f, "%s.title", at), l->title, b->title) ||
	    text_eq(name(f, sizeof f, "%s.short", at), l->brief, b->brief) ||
	    int_eq(name(f, sizeof f, "%s.heading", at), l->heading, b->heading) ||
	    int_eq(name(f, sizeof f, "%s.section", at), l->section, b->section) ||
	    int_eq(name(f, sizeof f, "%s.nquestions", at), (long long)l->nquestions, (long long)b->nquestions))
		return -1;
	for (i = 0; i < l->nquestions; i++)
		if (int_eq(name(f, sizeof f, "%s.questions[%zu]", at, i), l->questions[i], b->questions[i]))
			return -1;
	return 0;
}

static int passages_eq(const char *what, const struct passage *l, size_t nl, const struct passage *b, size_t nb)
{
	char f[160];
	size_t i;

	if (int_eq(name(f, sizeof f, "n%s", what), (long long)nl, (long long)nb))
		return -1;
	for (i = 0; i < nl; i++)
		if (str_eq(name(f, sizeof f, "%s[%zu].id", what, i), l[i].id, b[i].id) ||
		    text_eq(name(f, sizeof f, "%s[%zu].title", what, i), l[i].title, b[i].title) ||
		    text_eq(name(f, sizeof f, "%s[%zu].text", what, i), l[i].text, b[i].text))
			return -1;
	return 0;
}

static int questionnaire_eq(const struct questionnaire *l, const struct questionnaire *b)
{
	char f[160];
	size_t i;

	/* is_static and doc say who owns the memory: the built-in one must never be freed */
	if (int_eq("is_static", 1, b->is_static) || set_eq("doc", NULL, b->doc))
		return -1;
	if (str_eq("id", l->id, b->id) || str_eq("edition", l->edition, b->edition) ||
	    text_eq("title", l->title, b->title) || text_eq("publisher", l->publisher, b->publisher) ||
	    int_eq("nparts", (long long)l->nparts, (long long)b->nparts))
		return -1;
	for (i = 0; i < l->nparts; i++)
		if (str_eq(name(f, sizeof f, "parts[%zu].id", i), l->parts[i].id, b->parts[i].id) ||
		    text_eq(name(f, sizeof f, "parts[%zu].title", i), l->parts[i].title, b->parts[i].title) ||
		    text_eq(name(f, sizeof f, "parts[%zu].intro", i), l->parts[i].intro, b->parts[i].intro))
			return -1;
	if (passages_eq("preface", l->preface, l->npreface, b->preface, b->npreface) ||
	    passages_eq("appendices", l->appendices, l->nappendices, b->appendices, b->nappendices) ||
	    int_eq("nabbreviations", (long long)l->nabbreviations, (long long)b->nabbreviations) ||
	    int_eq("ncaveats", (long long)l->ncaveats, (long long)b->ncaveats))
		return -1;
	for (i = 0; i < l->nabbreviations; i++)
		if (str_eq(name(f, sizeof f, "abbreviations[%zu].abbr", i), l->abbreviations[i].abbr,
			   b->abbreviations[i].abbr) ||
		    text_eq(name(f, sizeof f, "abbreviations[%zu].meaning", i), l->abbreviations[i].meaning,
			    b->abbreviations[i].meaning))
			return -1;
	for (i = 0; i < l->ncaveats; i++)
		if (text_eq(name(f, sizeof f, "caveats[%zu].text", i), l->caveats[i].text, b->caveats[i].text) ||
		    text_eq(name(f, sizeof f, "caveats[%zu].from", i), l->caveats[i].from, b->caveats[i].from))
			return -1;
	if (int_eq("nsections", (long long)l->nsections, (long long)b->nsections))
		return -1;
	for (i = 0; i < l->nsections; i++)
		if (section_eq(i, &l->sections[i], &b->sections[i]))
			return -1;
	if (int_eq("nquestions", (long long)l->nquestions, (long long)b->nquestions))
		return -1;
	for (i = 0; i < l->nquestions; i++)
		if (question_eq(i, &l->questions[i], &b->questions[i]))
			return -1;
	if (int_eq("nrows", (long long)l->nrows, (long long)b->nrows))
		return -1;
	for (i = 0; i < l->nrows; i++)
		if (row_eq(i, &l->rows[i], &b->rows[i]))
			return -1;
	/* the id index: the same hash table, slot by slot */
	if (int_eq("index.cap", (long long)l->index.cap, (long long)b->index.cap))
		return -1;
	for (i = 0; i < l->index.cap; i++)
		if (str_eq(name(f, sizeof f, "index.keys[%zu]", i), l->index.keys[i], b->index.keys[i]) ||
		    int_eq(name(f, sizeof f, "index.vals[%zu]", i), l->index.vals[i], b->index.vals[i]))
			return -1;
	return 0;
}

int main(int argc, char **argv)
{
	struct questionnaire *loaded = NULL, *builtin = NULL;
	struct dmn_error err = { 0 };
	const char *file = argc == 2 ? argv[1] : SHIPPED;
	int rc;

	diag_init("builtin-check");
	if (argc > 2 || (argc == 2 && argv[1][0] == '-' && argv[1][1])) {
		fprintf(stderr, "usage: builtin-check [FILE]\n");
		return DMN_TROUBLE;
	}
	if (program_questionnaire(&loaded, file) != 0)
		return DMN_TROUBLE;
	if (questionnaire_builtin(&builtin, &err) != 0) {
		diag_error(NULL, &err);
		questionnaire_free(loaded);
		return DMN_TROUBLE;
	}
	rc = questionnaire_eq(loaded, builtin) ? DMN_FINDINGS : DMN_OK;
	if (rc == DMN_OK)
		printf("builtin-check: %s and the built-in questionnaire are equal: %zu parts, "
		       "%zu sections, %zu questions, %zu options, %zu conditions, %zu annex rows, "
		       "%zu index slots (%zu fields, %zu texts)\n", file, loaded->nparts, loaded->nsections,
		       loaded->nquestions, tally.options, tally.conditions, loaded->nrows,
		       loaded->index.cap, tally.fields, tally.texts);
	questionnaire_free(loaded);
	questionnaire_free(builtin);
	if (fflush(stdout) != 0 || ferror(stdout)) {
		perror("builtin-check: stdout");
		return DMN_TROUBLE;
	}
	return rc;
}
