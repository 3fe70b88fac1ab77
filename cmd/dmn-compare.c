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
	const char *ratings, *weights;	/* --ratings, --weights: the committee's decision */
	struct decision_opts dec;
	struct decision *decision;	/* read from them */
	int have_dec_opts;		/* --perturb, --draws or --seed given */
	int changes;			/* --changes: the inputs are versions of one dossier */
	const char **labels;		/* --label, as given */
	int nlabels;
};

static void usage(FILE *f)
{
	fputs(_(
		"usage: dmn-compare [-adj] [-s SECTION]... [-l fr|en] [-Q FILE] [-o FILE]\n"
		"                   [--ratings FILE --weights FILE [--perturb PCT] [--draws N] [--seed N]] [FILE ...]\n"
		"       dmn-compare -c [-j] [-L LABEL]... [-l fr|en] [-Q FILE] [-o FILE] [FILE ...]\n"
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
		"The committee's decision, opt-in (the guide gives no score):\n"
		"      --ratings FILE       the committee's ratings of each device on Annexe 2 rows\n"
		"      --weights FILE       the weights of the rows or sections: given, or pairwise (AHP)\n"
		"      --perturb PCT        move each weight at random by up to PCT percent (default 20)\n"
		"      --draws N            how many times (default 10000)\n"
		"      --seed N             the seed of those draws (default 1)\n"
		"What changed between versions of one dossier:\n"
		"  -c, --changes            the inputs are versions of one dossier, oldest first: write\n"
		"                           what changed from each version to the next\n"
		"  -L, --label LABEL        name the next version LABEL, not by its file (repeatable)\n"
		"  -h, --help               show this help\n"
		"  -V, --version            show the version\n"
		"Exit status: 0 compared, 1 findings in a dossier (invalid answers, unknown ids or\n"
		"fields), 2 trouble; with -c: 0 no change, 1 changes, 2 trouble.\n"), f);
}

/* --changes and --label: -1 to go on, or DMN_TROUBLE after saying which option does not fit */
static int changes_options(const struct options *o)
{
	const char *other = o->cmp.all ? "--all" : o->nsections ? "--section" : o->cmp.differ_only ? "--differ" :
			    o->ratings ? "--ratings" : NULL;

	if (o->nlabels && !o->changes)
		diag(SEV_ERROR, NULL, 0, 0, "--label names the versions compared by --changes: give --changes too");
	else if (o->changes && other)
		diag(SEV_ERROR, NULL, 0, 0, "%s does not go with --changes, which reports every change of every question",
		     other);
	else
		return -1;
	usage(stderr);
	return DMN_TROUBLE;
}

/* The command line into o: -1 to go on, or the exit status when the run ends here. */
static int parse_options(int argc, char **argv, struct options *o)
{
	/* long only: -r is --require in dmn-validate, and a letter means one thing in every program */
	enum { OPT_RATINGS = 256, OPT_WEIGHTS, OPT_PERTURB, OPT_DRAWS, OPT_SEED };
	static const struct option longopts[] = {
		{ "all", no_argument, NULL, 'a' },
		{ "ratings", required_argument, NULL, OPT_RATINGS },
		{ "weights", required_argument, NULL, OPT_WEIGHTS },
		{ "perturb", required_argument, NULL, OPT_PERTURB },
		{ "draws", required_argument, NULL, OPT_DRAWS },
		{ "seed", required_argument, NULL, OPT_SEED },
		{ "section", required_argument, NULL, 's' },
		{ "changes", no_argument, NULL, 'c' },
		{ "label", required_argument, NULL, 'L' },
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
	while ((c = getopt_long(argc, argv, ":as:djcL:l:Q:o:hV", longopts, NULL)) != -1) {
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
		case 'c':
			o->changes = 1;
			break;
		case 'L':
			o->labels[o->nlabels++] = optarg;
			break;
		case OPT_RATINGS:
			o->ratings = optarg;
			break;
		case OPT_WEIGHTS:
			o->weights = optarg;
			break;
		case OPT_PERTURB:
		case OPT_DRAWS:
		case OPT_SEED:
			if (decision_option(c == OPT_PERTURB ? "--perturb" : c == OPT_DRAWS ? "--draws" : "--seed",
					    optarg, &o->dec) != 0)
				return DMN_TROUBLE;
			o->have_dec_opts = 1;
			break;
		default:
			if ((rc = program_option(c, argv, &o->co, usage)) >= 0)
				return rc;
		}
	}
	program_options_end(&o->co);
	o->cmp.lang = o->co.lang;
	if (!o->ratings != !o->weights) {
		diag(SEV_ERROR, NULL, 0, 0, "%s", _("a decision needs both --ratings and --weights"));
		usage(stderr);
		return DMN_TROUBLE;
	}
	if (o->have_dec_opts && !o->ratings) {
		diag(SEV_ERROR, NULL, 0, 0, "%s", _("--perturb, --draws and --seed go with --ratings and --weights"));
		usage(stderr);
		return DMN_TROUBLE;
	}
	return changes_options(o);
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

static void add_version(void *ctx, const char *file, struct dossier *d)
{
	changes_add(ctx, file, d);
}

/* --changes: what changed from each version of the dossier to the next, written as compare
 * writes the comparison; the exit status says whether anything changed. */
static void compare_versions(const struct questionnaire *q, const struct options *o, char **paths, int n)
{
	struct output out = { 0 };
	struct dmn_error err = { 0 };
	struct changes *c;

	if (output_open(&out, o->co.output, &err) != 0) {
		diag_error(NULL, &err);
		return;
	}
	c = changes_new(q, o->labels, (size_t)o->nlabels);
	program_dossiers(paths, n, q, add_version, NULL, c);
	if (changes_end(c) == 0 && diag_exit_status() < DMN_TROUBLE) {
		changes_write(c, out.f, o->json);
		if (output_commit(&out, &err) != 0)
			diag_error(NULL, &err);
		else if (changes_found(c))
			diag_status(DMN_FINDINGS);
	}
	output_discard(&out);
	changes_free(c);
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
	if (o->decision && diag_exit_status() < DMN_TROUBLE)
		decision_settle(o->decision, c);	/* what is wrong is said there */
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
	struct options o = { .dec = { 20, 10000, 1 } };
	struct questionnaire *q = NULL;
	unsigned char *keep = NULL;
	int status;

	program_start(argv[0]);
	o.sections = xcalloc((size_t)argc, sizeof *o.sections);
	o.labels = xcalloc((size_t)argc, sizeof *o.labels);
	status = parse_options(argc, argv, &o);
	if (status < 0 && program_questionnaire(&q, o.co.questionnaire) == 0) {
		const char *others[] = { o.co.questionnaire, o.ratings, o.weights };
		if (program_output_safe(o.co.output, argv + optind, argc - optind, others, 3) == 0 &&
		    (keep = select_sections(q, o.sections, o.nsections)) != NULL &&
		    (!o.ratings || decision_load(&o.decision, q, o.ratings, o.weights, &o.dec) == 0)) {
			o.cmp.sections = o.nsections ? keep : NULL;
			o.cmp.decision = o.decision;
			if (o.changes)
				compare_versions(q, &o, argv + optind, argc - optind);
			else
				compare(q, &o, argv + optind, argc - optind);
		}
	}
	free(keep);
	decision_free(o.decision);
	free(o.sections);
	free(o.labels);
	questionnaire_free(q);
	return status >= 0 ? status : diag_exit_status();
}
