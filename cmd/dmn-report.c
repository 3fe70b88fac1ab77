/* dmn-report: renders dmn documents as Markdown for a committee: a dossier as a full
 * report, a validation as the letter of questions to send back, a comparison as the
 * Annexe 2 table, a questionnaire as a blank form (the rendering: markdown.c). */
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "guide.h"

struct options {
	struct markdown_opts md;
	int date;
	struct common_opts co;
};

struct run {
	struct markdown *md;
	FILE *f;
};

static void usage(FILE *f)
{
	fputs(_(
		"usage: dmn-report [-d] [-l fr|en] [-Q FILE] [-o FILE] [FILE ...]\n"
		"       dmn-report -h | -V\n"
		"Render dmn documents (dossier, validation, comparison, questionnaire) as Markdown\n"
		"(CommonMark with GitHub tables); stdin if no FILE; - is stdin.\n"
		"  -d, --date               print the date of the report: today, or SOURCE_DATE_EPOCH\n"
		"  -l, --lang LANG          language of the report and messages: fr or en (default: locale)\n"
		"  -Q, --questionnaire FILE use this questionnaire instead of the built-in has-dmn-2023\n"
		"  -o, --output FILE        write to FILE (replaced atomically) instead of stdout\n"
		"  -h, --help               show this help\n"
		"  -V, --version            show the version\n"
		"Exit status: 0 rendered, 1 a dossier has invalid answers, 2 trouble.\n"), f);
}

/* The options into o: -1 to go on, else the exit status (--help, a usage error). */
static int parse_options(int argc, char **argv, struct options *o)
{
	static const struct option longopts[] = {
		{ "date", no_argument, NULL, 'd' },
		{ "lang", required_argument, NULL, 'l' },
		{ "questionnaire", required_argument, NULL, 'Q' },
		{ "output", required_argument, NULL, 'o' },
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, 'V' },
		{ NULL, 0, NULL, 0 }
	};
	int c, rc;

	opterr = 0;
	while ((c = getopt_long(argc, argv, ":dl:Q:o:hV", longopts, NULL)) != -1) {
		switch (c) {
		case 'd':
			o->date = 1;
			break;
		default:
			if ((rc = program_option(c, argv, &o->co, usage)) >= 0)
				return rc;
		}
	}
	program_options_end(&o->co);
	o->md.lang = o->co.lang;
	return -1;
}

static void on_document(void *ctx, const char *file, struct ydoc *doc)
{
	struct run *r = ctx;

	fputs(markdown_document(r->md, file, doc), r->f);
}

/* Every document of the inputs, to -o FILE or standard output; a run with trouble writes
 * nothing: never a partial report as if it were whole. */
static void report(const struct questionnaire *q, const struct options *o, char **paths, int n)
{
	struct output out = { 0 };
	struct dmn_error err = { 0 };
	struct run r = { 0 };

	if (output_open(&out, o->co.output, &err) != 0) {
		diag_error(NULL, &err);
		return;
	}
	r.md = markdown_new(q, &o->md);
	r.f = out.f;
	program_inputs(paths, n, on_document, &r, _("no document in the input"));
	if (diag_exit_status() >= DMN_TROUBLE)
		output_discard(&out);
	else if (output_commit(&out, &err) != 0)
		diag_error(NULL, &err);
	markdown_free(r.md);
}

int main(int argc, char **argv)
{
	struct options o = { 0 };
	struct questionnaire *q = NULL;
	struct dmn_error err = { 0 };
	char date[11];
	int status;

	program_start(argv[0]);
	if ((status = parse_options(argc, argv, &o)) >= 0)
		return status;
	/* no clock in a report unless asked */
	if (o.date && today(date, &err) != 0) {
		diag_error(NULL, &err);
		return DMN_TROUBLE;
	}
	o.md.date = o.date ? date : NULL;
	if (program_questionnaire(&q, o.co.questionnaire) != 0)
		return DMN_TROUBLE;
	{
		const char *others[] = { o.co.questionnaire };
		if (program_output_safe(o.co.output, argv + optind, argc - optind, others, 1) == 0)
			report(q, &o, argv + optind, argc - optind);
	}
	questionnaire_free(q);
	return diag_exit_status();
}
