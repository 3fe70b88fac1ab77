/* mkquestionnaire: a build tool that loads and checks a questionnaire, then writes it as
 * C initializers, so that the built-in questionnaire costs nothing at start-up. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "guide.h"

static FILE *out;

/* A C string literal; bytes outside printable ASCII as three-digit octal escapes. */
static void cstr(const char *s)
{
	const unsigned char *p = (const unsigned char *)s;

	if (!s) {
		fputs("NULL", out);
		return;
	}
	putc('"', out);
	for (; *p; p++) {
		if (*p == '"' || *p == '\\')
			fprintf(out, "\\%c", *p);
		else if (*p < 0x20 || *p >= 0x7f || *p == '?')	/* '?': no trigraphs */
			fprintf(out, "\\%03o", *p);
		else
			putc(*p, out);
	}
	putc('"', out);
}

static void text(struct text t)
{
	fputs("{ ", out);
	cstr(t.fr);
	fputs(", ", out);
	cstr(t.en);
	fputs(" }", out);
}

static void notes(const char *name, size_t i, const struct text *v, size_t n)
{
	size_t k;

	if (!n)
		return;
	fprintf(out, "static struct text %s_%zu[] = {\n", name, i);
	for (k = 0; k < n; k++) {
		fputs("\t", out);
		text(v[k]);
		fputs(",\n", out);
	}
	fputs("};\n", out);
}

/* The options, conditions and notes of each question, named by its index. */
static void write_question_data(const struct questionnaire *q)
{
	size_t i, k;

	for (i = 0; i < q->nquestions; i++) {
		const struct question *qu = &q->questions[i];
		notes("notes_q", i, qu->notes, qu->nnotes);
		if (qu->noptions) {
			fprintf(out, "static struct qoption options_%zu[] = {\n", i);
			for (k = 0; k < qu->noptions; k++) {
				fputs("\t{ ", out);
				cstr(qu->options[k].id);
				fputs(", ", out);
				text(qu->options[k].label);
				fputs(" },\n", out);
			}
			fputs("};\n", out);
		}
		if (qu->when) {
			fprintf(out, "static const char *values_%zu[] = { ", i);
			for (k = 0; k < qu->when->nvalues; k++) {
				cstr(qu->when->values[k]);
				fputs(", ", out);
			}
			fprintf(out, "};\nstatic struct condition when_%zu = { %d, values_%zu, %zu };\n", i,
				qu->when->question, i, qu->when->nvalues);
		}
	}
}

/* The questions, in pre-order. */
static void write_questions(const struct questionnaire *q)
{
	size_t i;

	fputs("static struct question questions[] = {\n", out);
	for (i = 0; i < q->nquestions; i++) {
		const struct question *qu = &q->questions[i];
		fputs("\t{ .id = ", out);
		cstr(qu->id);
		fprintf(out, ", .index = %d, .parent = %d, .section = %d, .depth = %d, .audience = %uu, .type = %d, .unit = ",
			qu->index, qu->parent, qu->section, qu->depth, qu->audience, (int)qu->type);
		cstr(qu->unit);
		fputs(",\n\t  .text = ", out);
		text(qu->text);
		fputs(",\n\t  .help = ", out);
		text(qu->help);
		fputs(",\n\t  .heading = ", out);
		text(qu->heading);
		fputs(", .where = ", out);
		text(qu->where);
		fputs(", .intro = ", out);
		text(qu->intro);
		fputs(",\n\t  .vendor = ", out);
		text(qu->vendor);
		if (qu->nnotes)
			fprintf(out, ",\n\t  .notes = notes_q_%zu, .nnotes = %zu", i, qu->nnotes);
		if (qu->noptions)
			fprintf(out, ", .options = options_%zu, .noptions = %zu", i, qu->noptions);
		if (qu->when)
			fprintf(out, ", .when = &when_%zu", i);
		fprintf(out, ", .line = %d, .col = %d },\n", qu->line, qu->col);
	}
	fputs("};\n", out);
}

/* The sections, with their notes. */
static void write_sections(const struct questionnaire *q)
{
	size_t i;

	for (i = 0; i < q->nsections; i++)
		notes("notes_s", i, q->sections[i].notes, q->sections[i].nnotes);
	fputs("static struct section sections[] = {\n", out);
	for (i = 0; i < q->nsections; i++) {
		const struct section *s = &q->sections[i];
		fputs("\t{ .id = ", out);
		cstr(s->id);
		fputs(", .part = ", out);
		cstr(s->part);
		fprintf(out, ", .audience = %uu", s->audience);
		fputs(", .title = ", out);
		text(s->title);
		fputs(",\n\t  .context = ", out);
		text(s->context);
		fputs(",\n\t  .where = ", out);
		text(s->where);
		if (s->nnotes)
			fprintf(out, ", .notes = notes_s_%zu, .nnotes = %zu", i, s->nnotes);
		fprintf(out, ", .first = %d, .count = %d },\n", s->first, s->count);
	}
	fputs("};\n", out);
}

/* The parts, ended by an empty one. */
static void write_parts(const struct questionnaire *q)
{
	size_t i;

	fputs("static struct part parts[] = {\n", out);
	for (i = 0; i < q->nparts; i++) {
		fputs("\t{ ", out);
		cstr(q->parts[i].id);
		fputs(", ", out);
		text(q->parts[i].title);
		fputs(", ", out);
		text(q->parts[i].intro);
		fputs(" },\n", out);
	}
	fputs("\t{ NULL, { NULL, NULL }, { NULL, NULL } }\n};\n", out);
}

/* The Annexe 2 rows and the questions each names. */
static void write_annex(const struct questionnaire *q)
{
	size_t i, k;

	for (i = 0; i < q->nrows; i++) {
		if (!q->rows[i].nquestions)
			continue;
		fprintf(out, "static int row_%zu[] = { ", i);
		for (k = 0; k < q->rows[i].nquestions; k++)
			fprintf(out, "%d, ", q->rows[i].questions[k]);
		fputs("};\n", out);
	}
	fputs("static struct annex_row rows[] = {\n", out);
	for (i = 0; i < q->nrows; i++) {
		const struct annex_row *r = &q->rows[i];
		fputs("\t{ .title = ", out);
		text(r->title);
		fputs(", .brief = ", out);
		text(r->brief);
		fprintf(out, ", .heading = %d, .section = %d", r->heading, r->section);
		if (r->nquestions)
			fprintf(out, ", .questions = row_%zu, .nquestions = %zu", i, r->nquestions);
		fputs(" },\n", out);
	}
	fputs("\t{ .title = { NULL, NULL } }\n};\n", out);
}

/* The guide's passages outside its questions, its abbreviations and its caveats. */
static void write_passages(const char *name, const struct passage *v, size_t n)
{
	size_t i;

	fprintf(out, "static struct passage %s[] = {\n", name);
	for (i = 0; i < n; i++) {
		fputs("\t{ ", out);
		cstr(v[i].id);
		fputs(", ", out);
		text(v[i].title);
		fputs(",\n\t  ", out);
		text(v[i].text);
		fputs(" },\n", out);
	}
	fputs("\t{ NULL, { NULL, NULL }, { NULL, NULL } }\n};\n", out);
}

static void write_framing(const struct questionnaire *q)
{
	size_t i;

	write_passages("preface", q->preface, q->npreface);
	write_passages("appendices", q->appendices, q->nappendices);
	fputs("static struct abbreviation abbreviations[] = {\n", out);
	for (i = 0; i < q->nabbreviations; i++) {
		fputs("\t{ ", out);
		cstr(q->abbreviations[i].abbr);
		fputs(", ", out);
		text(q->abbreviations[i].meaning);
		fputs(" },\n", out);
	}
	fputs("\t{ NULL, { NULL, NULL } }\n};\nstatic struct quote caveats[] = {\n", out);
	for (i = 0; i < q->ncaveats; i++) {
		fputs("\t{ ", out);
		text(q->caveats[i].text);
		fputs(", ", out);
		text(q->caveats[i].from);
		fputs(" },\n", out);
	}
	fputs("\t{ { NULL, NULL }, { NULL, NULL } }\n};\n", out);
}

/* The id index, then the questionnaire itself and questionnaire_builtin(). */
static void write_questionnaire(const struct questionnaire *q)
{
	size_t i;

	fputs("static const char *index_keys[] = {\n", out);
	for (i = 0; i < q->index.cap; i++) {
		fputs("\t", out);
		cstr(q->index.keys[i]);
		fputs(",\n", out);
	}
	fputs("};\nstatic int index_vals[] = {\n", out);
	for (i = 0; i < q->index.cap; i++)
		fprintf(out, "\t%d,\n", q->index.vals[i]);
	fputs("};\n\nstatic struct questionnaire builtin = {\n\t.is_static = 1, .id = ", out);
	cstr(q->id);
	fputs(", .edition = ", out);
	cstr(q->edition);
	fputs(",\n\t.title = ", out);
	text(q->title);
	fputs(",\n\t.publisher = ", out);
	text(q->publisher);
	fprintf(out, ",\n\t.parts = parts, .nparts = %zu, .sections = sections, .nsections = %zu,\n"
		"\t.questions = questions, .nquestions = %zu, .rows = rows, .nrows = %zu,\n"
		"\t.preface = preface, .npreface = %zu, .appendices = appendices, .nappendices = %zu,\n"
		"\t.abbreviations = abbreviations, .nabbreviations = %zu, .caveats = caveats, .ncaveats = %zu,\n"
		"\t.index = { index_keys, index_vals, %zu },\n};\n\n",
		q->nparts, q->nsections, q->nquestions, q->nrows, q->npreface, q->nappendices,
		q->nabbreviations, q->ncaveats, q->index.cap);
	fputs("/* The questionnaire built into the programs: static data, checked when it was built. */\n"
	      "int questionnaire_builtin(struct questionnaire **out, struct dmn_error *err)\n"
	      "{\n\t(void)err;\n\t*out = &builtin;\n\treturn 0;\n}\n", out);
}

int main(int argc, char **argv)
{
	struct finding_list errs = { 0 };
	struct dmn_error err = { 0 };
	struct questionnaire *q;
	struct ydoc *doc = NULL;
	struct input in;
	size_t i;

	diag_init("mkquestionnaire");
	if (argc != 3) {
		fprintf(stderr, "usage: mkquestionnaire QUESTIONNAIRE.yaml OUTPUT.c\n");
		return 2;
	}
	if (input_open(&in, argv[1], &err) != 0 || yreader_next(in.yr, &doc, &err) <= 0) {
		diag_error(argv[1], &err);
		return 2;
	}
	if (questionnaire_load(&q, doc, &errs) != 0) {
		for (i = 0; i < errs.n; i++)
			diag(SEV_ERROR, argv[1], errs.v[i].line, errs.v[i].col, "%s", errs.v[i].msg);
		return 2;
	}
	input_close(&in);
	if (!(out = fopen(argv[2], "w"))) {
		perror(argv[2]);
		return 2;
	}
	fprintf(out, "/* generated by mkquestionnaire from %s: do not edit */\n#include <stddef.h>\n#include \"guide.h\"\n\n",
		argv[1]);
	write_question_data(q);
	write_questions(q);
	write_sections(q);
	write_parts(q);
	write_annex(q);
	write_framing(q);
	write_questionnaire(q);
	questionnaire_free(q);
	finding_list_free(&errs);
	if (fclose(out) != 0) {
		perror(argv[2]);
		return 2;
	}
	return 0;
}
