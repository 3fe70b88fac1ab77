/* dmn-report: renders dmn documents for people, as Markdown or as an HTML page to print: a
 * dossier as a full report, a validation as the letter to the vendor (or, with --todo, the
 * buyer's to-do), a comparison as the Annexe 2 table for the committee, a questionnaire as
 * a blank form (the rendering: markdown.c; HTML: html.c); or as a spreadsheet: a dossier or
 * a questionnaire as the vendor's form to fill, the others as the committee's sheets
 * (workbook.c). */
#include <getopt.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "guide.h"

struct options {
	struct markdown_opts md;
	int date, html, xlsx, csv, fhir;
	unsigned audience;	/* --for: the form's */
	char reply_by[11];
	struct common_opts co;
};

struct run {
	struct markdown *md;
	struct html *html;	/* NULL: Markdown */
	FILE *f;
	const struct questionnaire *q;
	const struct options *o;
	int ndocs;
};

static void usage(FILE *f)
{
	fputs(_(
		"usage: dmn-report [-DT] [-f markdown|html] [-l fr|en] [-Q FILE] [-o FILE]\n"
		"                  [--to TEXT] [--from TEXT] [--reference TEXT] [--reply-by DATE]\n"
		"                  [--attach NAME] [FILE ...]\n"
		"       dmn-report -f xlsx|csv [-T] [--for AUDIENCE] [-l fr|en] [-Q FILE] [-o FILE] [FILE]\n"
		"       dmn-report -f fhir [--for AUDIENCE] [-l fr|en] [-Q FILE] [-o FILE] [FILE]\n"
		"       dmn-report -h | -V\n"
		"Render dmn documents (dossier, validation, comparison, questionnaire) as Markdown\n"
		"(CommonMark with GitHub tables) or as an HTML page to print; stdin if no FILE; - is\n"
		"stdin. A validation is the letter to the vendor, or with --todo the buyer's to-do.\n"
		"As a spreadsheet (one document): a dossier or a questionnaire is the vendor's form to\n"
		"fill (dmn-ask -i reads it back), the others the committee's sheets. As FHIR: a dossier\n"
		"as a QuestionnaireResponse, to go on with in a form tool (dmn-ask -i reads it back).\n"
		"  -D, --date               print the date of the report: today, or SOURCE_DATE_EPOCH\n"
		"  -f, --format FORMAT      markdown (the default), html (A4 pages, to print or convert),\n"
		"                           xlsx (a workbook), csv (the form, as Excel in French writes it) or\n"
		"                           fhir (a dossier as a FHIR R4 QuestionnaireResponse, JSON)\n"
		"  -F, --for AUDIENCE       the form's questions: those AUDIENCE answers (vendor, the\n"
		"                           default; buyer, dsi, dpo, legal; several: vendor,dsi; all)\n"
		"  -T, --todo               a validation as the buyer's to-do, not the vendor's letter\n"
		"      --to TEXT            the letter's addressee\n"
		"      --from TEXT          the letter's sender, also its signature\n"
		"      --reference TEXT     the letter's reference\n"
		"      --reply-by DATE      the date the answers are due (YYYY-MM-DD)\n"
		"      --attach NAME        the file the vendor is to answer in, named in the letter\n"
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
	enum { OPT_TO = 256, OPT_FROM, OPT_REFERENCE, OPT_REPLY_BY, OPT_ATTACH };
	static const struct option longopts[] = {
		{ "date", no_argument, NULL, 'D' },
		{ "format", required_argument, NULL, 'f' },
		{ "todo", no_argument, NULL, 'T' },
		{ "to", required_argument, NULL, OPT_TO },
		{ "from", required_argument, NULL, OPT_FROM },
		{ "reference", required_argument, NULL, OPT_REFERENCE },
		{ "reply-by", required_argument, NULL, OPT_REPLY_BY },
		{ "attach", required_argument, NULL, OPT_ATTACH },
		{ "for", required_argument, NULL, 'F' },
		{ "lang", required_argument, NULL, 'l' },
		{ "questionnaire", required_argument, NULL, 'Q' },
		{ "output", required_argument, NULL, 'o' },
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, 'V' },
		{ NULL, 0, NULL, 0 }
	};
	int c, rc;

	opterr = 0;
	while ((c = getopt_long(argc, argv, ":Df:TF:l:Q:o:hV", longopts, NULL)) != -1) {
		switch (c) {
		case 'D':
			o->date = 1;
			break;
		case 'f':
			if (strcmp(optarg, "markdown") != 0 && strcmp(optarg, "html") != 0 && strcmp(optarg, "xlsx") != 0 &&
			    strcmp(optarg, "csv") != 0 && strcmp(optarg, "fhir") != 0) {
				diag(SEV_ERROR, NULL, 0, 0, "unknown format '%s' (expected markdown, html, xlsx, csv or fhir)",
				     optarg);
				usage(stderr);
				return DMN_TROUBLE;
			}
			o->html = !strcmp(optarg, "html");
			o->xlsx = !strcmp(optarg, "xlsx");
			o->csv = !strcmp(optarg, "csv");
			o->fhir = !strcmp(optarg, "fhir");
			break;
		case 'F':
			if (!strcmp(optarg, "all")) {
				o->audience = AUD_ALL;
			} else if (!audience_list(optarg, &o->audience)) {
				diag(SEV_ERROR, NULL, 0, 0, "unknown audience in '%s' (expected vendor, buyer, dsi, dpo, legal or all)",
				     optarg);
				usage(stderr);
				return DMN_TROUBLE;
			}
			break;
		case 'T':
			o->md.todo = 1;
			break;
		case OPT_TO:
			o->md.to = optarg;
			break;
		case OPT_FROM:
			o->md.from = optarg;
			break;
		case OPT_REFERENCE:
			o->md.reference = optarg;
			break;
		case OPT_ATTACH:
			o->md.attach = optarg;
			break;
		case OPT_REPLY_BY:
			if (!parse_date(optarg) && !date_from_dmy(optarg, o->reply_by)) {
				diag(SEV_ERROR, NULL, 0, 0, "--reply-by '%s' is not a date (write YYYY-MM-DD)", optarg);
				usage(stderr);
				return DMN_TROUBLE;
			}
			if (parse_date(optarg))
				snprintf(o->reply_by, sizeof o->reply_by, "%s", optarg);
			o->md.reply_by = o->reply_by;
			break;
		default:
			if ((rc = program_option(c, argv, &o->co, usage)) >= 0)
				return rc;
		}
	}
	program_options_end(&o->co);
	o->md.lang = o->co.lang;
	if (o->audience && !o->xlsx && !o->csv && !o->fhir) {
		diag(SEV_ERROR, NULL, 0, 0, "--for chooses the questions of a form: give -f xlsx, -f csv or -f fhir");
		return DMN_TROUBLE;
	}
	return -1;
}

/* -f fhir: a dossier as a FHIR QuestionnaireResponse, for a form tool to go on with it */
static void fhir_document(struct run *r, const char *file, struct ydoc *doc)
{
	struct fhir_opts fo = { r->o->md.lang, r->o->audience ? r->o->audience : AUD_VENDOR, NULL };
	struct dmn_error err = { 0 };
	const struct node *kind;
	struct dossier *d;

	if (!(kind = doc_kind(ydoc_root(doc), &err))) {
		diag_error(file, &err);
		ydoc_free(doc);
		return;
	}
	if (strcmp(kind->text, "dossier") != 0) {
		diag(SEV_ERROR, file, kind->line, kind->col, "this document (kind: %s) cannot be written as a FHIR "
		     "QuestionnaireResponse: only a dossier can (the questionnaire: dmn-ask --fhir)", kind->text);
		ydoc_free(doc);
		return;
	}
	if (dossier_load_said(&d, file, doc, r->q) != 0)
		return;
	if (fhir_response_write(d, &fo, file, r->f))
		diag_status(DMN_FINDINGS);
	dossier_free(d);
}

static void on_document(void *ctx, const char *file, struct ydoc *doc)
{
	struct run *r = ctx;
	const char *md;

	if (r->o->xlsx || r->o->csv || r->o->fhir) {	/* one document */
		struct workbook_opts wo = { r->o->md.lang, r->o->md.todo, r->o->csv, r->o->audience };
		if (r->ndocs++) {
			if (r->ndocs == 2 && r->o->fhir)
				diag(SEV_ERROR, file, 0, 0, "a QuestionnaireResponse holds one dossier, and the input has "
				     "more: give one document per run");
			else if (r->ndocs == 2)
				diag(SEV_ERROR, file, 0, 0, "a spreadsheet holds one document, and the input has more: "
				     "give one document per run");
			ydoc_free(doc);
		} else if (r->o->fhir) {
			fhir_document(r, file, doc);
		} else {
			workbook_document(r->q, &wo, file, doc, r->f);
		}
		return;
	}
	md = markdown_document(r->md, file, doc);

	if (!r->html)
		output_write(r->f, md, markdown_length(r->md));
	else if (*md && html_document(r->html, md, markdown_kind(r->md)) != 0)
		diag(SEV_ERROR, file, 0, 0, "cannot render the report as HTML");
}

/* Every document of the inputs, to -o FILE, which a run with trouble leaves as it was (never
 * a partial report as if it were whole), or to standard output, which streams: the whole
 * documents rendered before the trouble, nothing of the one that has it. */
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
	r.q = q;
	r.o = o;
	if (o->html)
		r.html = html_begin(out.f, o->md.lang, text_get(q->title, o->md.lang));
	program_inputs(paths, n, on_document, NULL, &r, _("no document in the input"));
	html_end(r.html);
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
	if ((o.xlsx) && (!o.co.output || !strcmp(o.co.output, "-")) && isatty(1)) {
		diag(SEV_ERROR, NULL, 0, 0, "a workbook is not for a terminal: give -o FILE.xlsx, or redirect standard output");
		return DMN_TROUBLE;
	}
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
