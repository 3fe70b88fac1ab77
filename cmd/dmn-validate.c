/* dmn-validate: checks dossiers against the questionnaire and says what is missing or wrong. */
#include <getopt.h>
#include <string.h>
#include <unistd.h>

#include "guide.h"

struct options {
	struct validation_opts v;
	int have_format;
	int quiet;
	struct common_opts co;
	const char *require;
};

struct run {
	struct questionnaire *q;
	struct require req;
	struct validation_writer *w;
};

static void usage(FILE *f)
{
	fputs(_(
		"usage: dmn-validate [-jqW] [-f FORMAT] [-r all|annex|FILE] [-F AUDIENCE]\n"
		"                    [-l fr|en] [-Q FILE] [-o FILE] [FILE ...]\n"
		"       dmn-validate -h | -V\n"
		"Check dmn dossiers against the questionnaire (stdin if no FILE; - is stdin; a\n"
		"directory: its *.yaml and *.yml files).\n"
		"  -f, --format FMT         output: yaml (the default, but text on a terminal), json,\n"
		"                           tap, junit, sarif, github (workflow annotations) or text\n"
		"                           (a summary for people)\n"
		"  -j, --json               same as --format json\n"
		"  -r, --require WHAT       questions that must be answered: all (default), annex,\n"
		"                           or a policy FILE listing sections and questions\n"
		"  -F, --for AUDIENCE       only the questions that AUDIENCE answers: vendor, buyer, dsi,\n"
		"                           dpo or legal (several: vendor,dsi; repeatable)\n"
		"  -W, --strict             warnings are errors (answers to questions that do not apply,\n"
		"                           unquoted numeric ids)\n"
		"  -q, --quiet              nothing on stdout and no findings on stderr: the exit\n"
		"                           status only (a -o FILE is still written)\n"
		"  -l, --lang LANG          language of the question texts and messages: fr or en (default:\n"
		"                           locale)\n"
		"  -Q, --questionnaire FILE use this questionnaire instead of the built-in has-dmn-2023\n"
		"  -o, --output FILE        write to FILE (replaced atomically) instead of stdout\n"
		"  -h, --help               show this help\n"
		"  -V, --version            show the version\n"
		"Exit status: 0 every dossier complete and valid, 1 findings, 2 trouble.\n"), f);
}

/* The required set of -r, narrowed to the questions of the --for audiences. */
static int load_require(struct run *r, const struct options *opt)
{
	size_t i;

	if (program_require(&r->req, r->q, opt->require) != 0)
		return -1;
	for (i = 0; opt->v.audience && i < r->q->nquestions; i++)
		if (!(r->q->questions[i].audience & opt->v.audience))
			r->req.set[i] = 0;
	return 0;
}

static void check_dossier(void *ctx, const char *file, struct dossier *d)
{
	struct run *r = ctx;

	if (!validation_add(r->w, file, d))
		diag_status(DMN_FINDINGS);
	dossier_free(d);
}

/* an input not checked (said on stderr already): its entry in the report */
static void not_checked(void *ctx, const char *file, const struct dmn_error *err)
{
	struct run *r = ctx;

	validation_trouble(r->w, file, err);
}

/* -1 to go on, else the exit status (--help, --version or a mistake) */
static int parse_options(int argc, char **argv, struct options *opt)
{
	static const struct option longopts[] = {
		{ "format", required_argument, NULL, 'f' },
		{ "json", no_argument, NULL, 'j' },
		{ "require", required_argument, NULL, 'r' },
		{ "strict", no_argument, NULL, 'W' },
		{ "for", required_argument, NULL, 'F' },
		{ "quiet", no_argument, NULL, 'q' },
		{ "lang", required_argument, NULL, 'l' },
		{ "questionnaire", required_argument, NULL, 'Q' },
		{ "output", required_argument, NULL, 'o' },
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, 'V' },
		{ NULL, 0, NULL, 0 }
	};
	/* as enum validation_format */
	static const char *const formats[] = { "yaml", "json", "tap", "junit", "sarif", "github", "text" };
	int c, rc;
	size_t i;

	opterr = 0;
	while ((c = getopt_long(argc, argv, ":f:jr:WF:ql:Q:o:hV", longopts, NULL)) != -1) {
		switch (c) {
		case 'f':
			for (i = 0; i < sizeof formats / sizeof *formats && strcmp(optarg, formats[i]) != 0; i++)
				;
			if (i == sizeof formats / sizeof *formats) {
				diag(SEV_ERROR, NULL, 0, 0,
				     "unknown format '%s' (expected yaml, json, tap, junit, sarif, github or text)", optarg);
				usage(stderr);
				return DMN_TROUBLE;
			}
			opt->v.format = (enum validation_format)i;
			opt->have_format = 1;
			break;
		case 'j':
			opt->v.format = VALIDATION_JSON;
			opt->have_format = 1;
			break;
		case 'r':
			opt->require = optarg;
			break;
		case 'W':
			opt->v.strict = 1;
			break;
		case 'F':
			if (!audience_list(optarg, &opt->v.audience)) {
				diag(SEV_ERROR, NULL, 0, 0, "unknown audience in '%s' (expected vendor, buyer, dsi, dpo or legal)",
				     optarg);
				usage(stderr);
				return DMN_TROUBLE;
			}
			break;
		case 'q':
			opt->quiet = 1;
			break;
		default:
			if ((rc = program_option(c, argv, &opt->co, usage)) >= 0)
				return rc;
		}
	}
	program_options_end(&opt->co);
	opt->v.lang = opt->co.lang;
	/* for a person at a terminal, the summary; for a program or a file, the document */
	if (!opt->have_format && (!opt->co.output || !strcmp(opt->co.output, "-")) && isatty(STDOUT_FILENO))
		opt->v.format = VALIDATION_TEXT;
	return -1;
}

int main(int argc, char **argv)
{
	struct options opt = { 0 };
	struct run r = { 0 };
	struct output out = { 0 };
	struct dmn_error err = { 0 };
	int rc;

	program_start(argv[0]);
	if ((rc = parse_options(argc, argv, &opt)) >= 0)
		return rc;
	diag_quiet(opt.quiet);
	if (program_questionnaire(&r.q, opt.co.questionnaire) != 0)
		return DMN_TROUBLE;
	{
		const char *others[] = { opt.require, opt.co.questionnaire };
		if (program_output_safe(opt.co.output, argv + optind, argc - optind, others, 2) != 0) {
			questionnaire_free(r.q);
			return DMN_TROUBLE;
		}
	}
	if (load_require(&r, &opt) != 0) {
		questionnaire_free(r.q);
		return DMN_TROUBLE;
	}
	/* -q writes nothing on stdout, but a -o FILE still */
	if ((!opt.quiet || (opt.co.output && strcmp(opt.co.output, "-") != 0)) &&
	    output_open(&out, opt.co.output, &err) != 0) {
		diag_error(NULL, &err);
		goto done;
	}
	if (opt.quiet && !out.f)
		finding_messages(0);	/* only the exit status is said: no message is read */
	if (!(r.w = validation_begin(out.f, r.q, &r.req, &opt.v, &err))) {
		diag_error(NULL, &err);
		goto done;
	}
	program_dossiers(argv + optind, argc - optind, r.q, check_dossier, not_checked, &r);
	if (validation_end(r.w, &err) != 0)
		diag_error(NULL, &err);
	/* whole even with trouble: an input that could not be checked has its own entry, which
	 * says so, and the exit status is 2 */
	if (out.f && output_commit(&out, &err) != 0)
		diag_error(NULL, &err);
done:
	validation_writer_free(r.w);
	if (out.f)
		output_discard(&out);
	require_free(&r.req);
	questionnaire_free(r.q);
	if (opt.quiet && close_stdout(&err) != 0)
		diag_error(NULL, &err);
	return diag_exit_status();
}
