/* dmn-compare: the guide's Annexe 2 multi-criteria table (or every question) filled from
 * the dossiers of several devices, one column per device (the table: comparison.c). */
#include <getopt.h>
#include <stdlib.h>
#include <string.h>

#include "guide.h"

struct options {
	struct comparison_opts cmp;
	int json;
	struct common_opts co;
	const char **sections;	/* --section, as given */
	int nsections;
};

static void usage(FILE *f)
{
	fputs(_(
		"usage: dmn-compare [-adj] [-s SECTION]... [-l fr|en] [-Q FILE] [-o FILE] [FILE ...]\n"
		"       dmn-compare -h | -V\n"
		"Compare the dossiers of several devices in the guide's Annexe 2 table (stdin if no\n"
		"FILE; - is stdin; a stream may hold several dossiers).\n"
		"  -a, --all                one row per question instead of the Annexe 2 rows\n"
		"  -s, --section SECTION    keep only the rows of this section (repeatable)\n"
		"  -d, --differ             keep only the rows where the devices' answers differ\n"
		"  -j, --json               write JSON instead of YAML\n"
		"  -l, --lang LANG          language of the option labels and messages: fr or en (default:\n"
		"                           locale)\n"
		"  -Q, --questionnaire FILE use this questionnaire instead of the built-in has-dmn-2023\n"
		"  -o, --output FILE        write to FILE (replaced atomically) instead of stdout\n"
		"  -h, --help               show this help\n"
		"  -V, --version            show the version\n"
		"Exit status: 0 compared, 1 findings in a dossier (invalid answers, unknown ids or\n"
		"fields), 2 trouble.\n"), f);
}

/* The command line into o: -1 to go on, or the exit status when the run ends here. */
static int parse_options(int argc, char **argv, struct options *o)
{
	static const struct option longopts[] = {
		{ "all", no_argument, NULL, 'a' },
		{ "section", required_argument, NULL, 's' },
		{ "differ", no_argument, NULL, 'd' },
		{ "json", no_argument, NULL, 'j' },
		{ "lang", required_argument, NULL, 'l' },
		{ "questionnaire", required_argument, NULL, 'Q' },
		{ "output", required_argument, NULL, 'o' },
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, 'V' },
		{ NULL, 0, NULL, 0 }
	};
	int c, rc;

	opterr = 0;
	while ((c = getopt_long(argc, argv, ":as:djl:Q:o:hV", longopts, NULL)) != -1) {
		switch (c) {
		case 'a':
			o->cmp.all = 1;
			break;
		case 's':
			o->sections[o->nsections++] = optarg;
			break;
		case 'd':
			o->cmp.differ_only = 1;
			break;
		case 'j':
			o->json = 1;
			break;
		default:
			if ((rc = program_option(c, argv, &o->co, usage)) >= 0)
				return rc;
		}
	}
	program_options_end(&o->co);
	o->cmp.lang = o->co.lang;
	return -1;
}

/* --section: the sections kept, one flag per section index; NULL after saying which id is unknown */
static unsigned char *select_sections(const struct questionnaire *q, const char **ids, int n)
{
	unsigned char *keep = xcalloc(q->nsections ? q->nsections : 1, 1);
	struct buf b = { 0 };
	size_t i;
	int k;

	for (k = 0; k < n; k++) {
		for (i = 0; i < q->nsections && strcmp(q->sections[i].id, ids[k]) != 0; i++)
			;
		if (i < q->nsections) {
			keep[i] = 1;
			continue;
		}
		for (i = 0; i < q->nsections; i++)
			buf_addf(&b, "%s%s", i ? ", " : "", q->sections[i].id);
		diag(SEV_ERROR, NULL, 0, 0, "unknown section '%s' (the sections are %s)", ids[k], buf_str(&b));
		buf_free(&b);
		free(keep);
		return NULL;
	}
	return keep;
}

static void add_dossier(void *ctx, const char *file, struct dossier *d)
{
	comparison_add(ctx, file, d);	/* what is left out is said there */
}

/* The comparison of the dossiers of the inputs, to -o FILE or standard output, opened first
 * so that nothing is read for an output that cannot be written; a run with trouble writes
 * nothing: never a partial table as if it were whole. */
static void compare(const struct questionnaire *q, const struct options *o, char **paths, int n)
{
	struct output out = { 0 };
	struct dmn_error err = { 0 };
	struct comparison *c;

	if (output_open(&out, o->co.output, &err) != 0) {
		diag_error(NULL, &err);
		return;
	}
	c = comparison_new(q, &o->cmp);
	program_dossiers(paths, n, q, add_dossier, NULL, c);
	if (diag_exit_status() < DMN_TROUBLE) {
		comparison_write(c, out.f, o->json);
		if (output_commit(&out, &err) != 0)
			diag_error(NULL, &err);
	}
	output_discard(&out);
	comparison_free(c);
}

int main(int argc, char **argv)
{
	struct options o = { 0 };
	struct questionnaire *q = NULL;
	unsigned char *keep = NULL;
	int status;

	program_start(argv[0]);
	o.sections = xcalloc((size_t)argc, sizeof *o.sections);
	status = parse_options(argc, argv, &o);
	if (status < 0 && program_questionnaire(&q, o.co.questionnaire) == 0) {
		const char *others[] = { o.co.questionnaire };
		if (program_output_safe(o.co.output, argv + optind, argc - optind, others, 1) == 0 &&
		    (keep = select_sections(q, o.sections, o.nsections)) != NULL) {
			o.cmp.sections = o.nsections ? keep : NULL;
			compare(q, &o, argv + optind, argc - optind);
		}
	}
	free(keep);
	free(o.sections);
	questionnaire_free(q);
	return status >= 0 ? status : diag_exit_status();
}
