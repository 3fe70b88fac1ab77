/* dmn-validate: checks dossiers against the questionnaire and says what is missing or wrong. */
#include <errno.h>
#include <getopt.h>
#include <stdlib.h>
#include <string.h>

#include "guide.h"

enum format { FMT_YAML, FMT_JSON, FMT_TAP, FMT_JUNIT };

static struct {
	enum format format;
	int quiet, strict;
	enum lang lang;
	const char *require, *questionnaire, *output;
	unsigned audience;	/* --for: only the questions of these audiences */
} opt;

struct run {
	struct questionnaire *q;
	struct require req;
	struct emitter em;
	FILE *out;		/* the spool of the output */
	FILE *cases;		/* junit: test cases, written after the header that counts them */
	int ndossiers, nfailed;
};

static void usage(FILE *f)
{
	fprintf(f,
		"usage: dmn-validate [-jqs] [-f yaml|json|tap|junit] [-r all|annex|FILE] [--for AUDIENCE]\n"
		"                    [-l fr|en] [-Q FILE] [-o FILE] [FILE ...]\n"
		"       dmn-validate -h | -V\n"
		"Check dmn dossiers against the questionnaire (stdin if no FILE; - is stdin).\n"
		"  -f, --format FMT         output: yaml (default), json, tap or junit\n"
		"  -j, --json               same as --format json\n"
		"  -r, --require WHAT       questions that must be answered: all (default), annex,\n"
		"                           or a policy FILE listing sections and questions\n"
		"      --for AUDIENCE       only the questions that AUDIENCE answers: vendor, buyer, dsi,\n"
		"                           dpo or legal (several: vendor,dsi; repeatable)\n"
		"  -s, --strict             warnings are errors (answers to questions that do not apply,\n"
		"                           unquoted numeric ids)\n"
		"  -q, --quiet              nothing on stdout and no findings on stderr: the exit\n"
		"                           status only (a -o FILE is still written)\n"
		"  -l, --lang LANG          language of the question texts: fr or en (default: locale)\n"
		"  -Q, --questionnaire FILE use this questionnaire instead of the built-in has-dmn-2023\n"
		"  -o, --output FILE        write to FILE (replaced atomically) instead of stdout\n"
		"  -h, --help               show this help\n"
		"  -V, --version            show the version\n"
		"Exit status: 0 every dossier complete and valid, 1 findings, 2 trouble.\n");
}

static void emit_findings(struct emitter *e, const char *key, const struct dossier *d, enum severity sev)
{
	size_t i;

	emit_key(e, key);
	emit_seq_begin(e);
	for (i = 0; i < d->findings.n; i++) {
		const struct finding *f = &d->findings.v[i];
		if (f->sev != sev)
			continue;
		emit_map_begin(e);
		emit_kv_str(e, "id", f->id);
		emit_kv_int(e, "line", f->line);
		emit_kv_int(e, "column", f->col);
		if (f->value)
			emit_kv_str(e, "value", f->value);
		emit_kv_str(e, "message", f->msg);
		emit_map_end(e);
	}
	emit_seq_end(e);
}

static void emit_dossier(struct run *r, const char *file, const struct dossier *d, int complete,
			 int valid, const struct counts *total, const struct counts *per_section)
{
	const struct questionnaire *q = r->q;
	struct emitter *e = &r->em;
	size_t i;

	emit_map_begin(e);
	emit_kv_str(e, "file", file);
	emit_kv_int(e, "line", d->line);
	emit_key(e, "device");
	emit_map_begin(e);
	emit_device_fields(e, &d->device);
	emit_map_end(e);
	emit_key(e, "complete");
	emit_bool(e, complete);
	emit_key(e, "valid");
	emit_bool(e, valid);
	emit_key(e, "counts");
	emit_completion(e, q, total, per_section);
	emit_key(e, "missing");
	emit_seq_begin(e);
	for (i = 0; i < q->nquestions; i++) {
		int s = question_state(d, &r->req, (int)i);
		if (s != ST_MISSING && s != ST_PENDING)
			continue;
		emit_map_begin(e);
		emit_kv_str(e, "id", q->questions[i].id);
		emit_kv_str(e, "section", q->sections[q->questions[i].section].id);
		emit_kv_str(e, "status", s == ST_PENDING ? "pending" : "missing");
		emit_key(e, "audience");
		emit_seq_begin(e);
		{
			unsigned bit;
			for (bit = 1; bit <= AUD_LEGAL; bit <<= 1)
				if (q->questions[i].audience & bit)
					emit_str(e, audience_name(bit));
		}
		emit_seq_end(e);
		emit_kv_str(e, "question", text_get(q->questions[i].text, opt.lang));
		emit_map_end(e);
	}
	emit_seq_end(e);
	emit_findings(e, "invalid", d, SEV_ERROR);
	emit_findings(e, "warnings", d, SEV_WARNING);
	emit_map_end(e);
}

/* TAP and JUnit carry vendor text on one line, with no control characters. */
static void one_line(struct buf *b, const char *s, int xml)
{
	const unsigned char *p = (const unsigned char *)s;

	for (; *p; p++) {
		if (*p < 0x20 || *p == 0x7f)
			buf_addf(b, "\\x%02x", *p);
		else if (*p == 0xc2 && p[1] >= 0x80 && p[1] <= 0x9f)	/* C1 controls */
			buf_addf(b, "\\u%04x", p[1]), p++;
		else if (*p == 0xef && p[1] == 0xbf && (p[2] == 0xbe || p[2] == 0xbf))	/* not XML */
			buf_addf(b, "\\u%s", p[2] == 0xbe ? "fffe" : "ffff"), p += 2;
		else if (xml && *p == '&')
			buf_adds(b, "&amp;");
		else if (xml && *p == '<')
			buf_adds(b, "&lt;");
		else if (xml && *p == '>')
			buf_adds(b, "&gt;");
		else if (xml && *p == '"')
			buf_adds(b, "&quot;");
		else if (!xml && *p == '#')
			buf_adds(b, "\\#");
		else
			buf_add(b, (const char *)p, 1);
	}
}

static void case_name(struct buf *b, const char *file, const struct dossier *d, int xml)
{
	one_line(b, file, xml);
	buf_addf(b, ":%d: ", d->line);
	one_line(b, d->device.name ? d->device.name : "(no name)", xml);
	if (d->device.version) {
		buf_adds(b, " ");
		one_line(b, d->device.version, xml);
	}
}

static void summary(struct buf *b, const struct counts *t, size_t errors, size_t warnings)
{
	buf_addf(b, "%ld missing, %ld pending, %zu error%s, %zu warning%s", t->v[ST_MISSING],
		 t->v[ST_PENDING], errors, errors == 1 ? "" : "s", warnings, warnings == 1 ? "" : "s");
}

static void write_case(struct run *r, const char *file, const struct dossier *d, int ok,
		       const struct counts *total)
{
	const struct questionnaire *q = r->q;
	size_t errors = finding_count(&d->findings, SEV_ERROR);
	size_t warnings = finding_count(&d->findings, SEV_WARNING);
	struct buf b = { 0 };
	size_t i;

	if (opt.format == FMT_TAP) {
		buf_addf(&b, "%s %d - ", ok ? "ok" : "not ok", r->ndossiers);
		case_name(&b, file, d, 0);
		buf_adds(&b, "\n");
		if (!ok) {
			buf_adds(&b, "  ---\n  message: ");
			{
				struct buf s = { 0 };
				summary(&s, total, errors, warnings);
				yaml_quote(&b, buf_str(&s));
				buf_free(&s);
			}
			buf_adds(&b, "\n  missing: [");
			for (i = 0; i < q->nquestions; i++) {
				int s = question_state(d, &r->req, (int)i);
				if (s == ST_MISSING || s == ST_PENDING) {
					if (b.s[b.len - 1] != '[')
						buf_adds(&b, ", ");
					yaml_quote(&b, q->questions[i].id);
				}
			}
			buf_adds(&b, d->findings.n ? "]\n  findings:\n" : "]\n  findings: []\n");
			for (i = 0; i < d->findings.n; i++) {
				const struct finding *f = &d->findings.v[i];
				struct buf s = { 0 };
				buf_addf(&s, "%d:%d: %s: %s", f->line, f->col,
					 f->sev == SEV_ERROR ? "error" : "warning", f->msg);
				buf_adds(&b, "    - ");
				yaml_quote(&b, buf_str(&s));
				buf_adds(&b, "\n");
				buf_free(&s);
			}
			buf_adds(&b, "  ...\n");
		}
		fputs(buf_str(&b), r->out);
	} else {
		buf_adds(&b, "    <testcase classname=\"dmn-validate\" name=\"");
		case_name(&b, file, d, 1);
		if (ok) {
			buf_adds(&b, "\"/>\n");
		} else {
			buf_addf(&b, "\">\n      <failure type=\"%s\" message=\"",
				 errors ? "invalid" : "incomplete");
			summary(&b, total, errors, warnings);
			buf_adds(&b, "\">");
			for (i = 0; i < q->nquestions; i++) {
				int s = question_state(d, &r->req, (int)i);
				if (s == ST_MISSING || s == ST_PENDING) {
					buf_addf(&b, "%s %s: ", q->questions[i].id, s == ST_PENDING ? "pending" : "missing");
					one_line(&b, text_get(q->questions[i].text, opt.lang), 1);
					buf_adds(&b, "\n");
				}
			}
			for (i = 0; i < d->findings.n; i++) {
				const struct finding *f = &d->findings.v[i];
				one_line(&b, file, 1);
				buf_addf(&b, ":%d:%d: %s: ", f->line, f->col, f->sev == SEV_ERROR ? "error" : "warning");
				one_line(&b, f->msg, 1);
				buf_adds(&b, "\n");
			}
			buf_adds(&b, "</failure>\n    </testcase>\n");
		}
		fputs(buf_str(&b), r->cases);
	}
	buf_free(&b);
}

static void check_dossier(struct run *r, const char *file, struct dossier *d)
{
	struct counts total, *per_section = xcalloc(r->q->nsections, sizeof *per_section);
	size_t i, errors, warnings;
	int complete, valid, ok;

	dossier_settle(d);
	if (opt.strict)
		for (i = 0; i < d->findings.n; i++)
			d->findings.v[i].sev = SEV_ERROR;
	dossier_counts(d, &r->req, &total, per_section);
	errors = finding_count(&d->findings, SEV_ERROR);
	warnings = finding_count(&d->findings, SEV_WARNING);
	complete = total.v[ST_MISSING] == 0 && total.v[ST_PENDING] == 0 && total.v[ST_INVALID] == 0;
	valid = errors == 0;
	ok = complete && valid;
	diag_findings(file, &d->findings);
	if (!complete) {
		struct buf b = { 0 };
		buf_addf(&b, "dossier '%s' is incomplete: %ld missing, %ld pending",
			 d->device.name ? d->device.name : "(no name)", total.v[ST_MISSING], total.v[ST_PENDING]);
		if (total.v[ST_INVALID])
			buf_addf(&b, ", %ld invalid", total.v[ST_INVALID]);
		diag_print_finding(SEV_ERROR, file, d->line, d->col, buf_str(&b));
		buf_free(&b);
	}
	r->ndossiers++;
	if (!ok) {
		r->nfailed++;
		diag_status(DMN_FINDINGS);
	}
	if (r->out) {
		if (opt.format == FMT_YAML || opt.format == FMT_JSON)
			emit_dossier(r, file, d, complete, valid, &total, per_section);
		else
			write_case(r, file, d, ok, &total);
	}
	(void)warnings;
	free(per_section);
}

static int load_require(struct run *r)
{
	size_t k;

	if (program_require(&r->req, r->q, opt.require) != 0)
		return -1;
	for (k = 0; opt.audience && k < r->q->nquestions; k++)
		if (!(r->q->questions[k].audience & opt.audience))
			r->req.set[k] = 0;
	return 0;
}

static void on_document(void *ctx, const char *file, struct ydoc *doc)
{
	struct run *r = ctx;
	struct dmn_error err = { 0 };
	struct dossier *d;

	if (dossier_load(&d, doc, r->q, &err) != 0) {
		diag_error(file, &err);
		return;
	}
	check_dossier(r, file, d);
	dossier_free(d);
}

int main(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "format", required_argument, NULL, 'f' },
		{ "json", no_argument, NULL, 'j' },
		{ "require", required_argument, NULL, 'r' },
		{ "strict", no_argument, NULL, 's' },
		{ "for", required_argument, NULL, 'F' },
		{ "quiet", no_argument, NULL, 'q' },
		{ "lang", required_argument, NULL, 'l' },
		{ "questionnaire", required_argument, NULL, 'Q' },
		{ "output", required_argument, NULL, 'o' },
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, 'V' },
		{ NULL, 0, NULL, 0 }
	};
	struct run r = { 0 };
	struct output out = { 0 };
	struct dmn_error err = { 0 };
	int c, have_lang = 0;

	program_start(argv[0]);
	opterr = 0;
	while ((c = getopt_long(argc, argv, ":f:jr:sql:Q:o:hV", longopts, NULL)) != -1) {
		switch (c) {
		case 'f':
			if (!strcmp(optarg, "yaml"))
				opt.format = FMT_YAML;
			else if (!strcmp(optarg, "json"))
				opt.format = FMT_JSON;
			else if (!strcmp(optarg, "tap"))
				opt.format = FMT_TAP;
			else if (!strcmp(optarg, "junit"))
				opt.format = FMT_JUNIT;
			else {
				diag(SEV_ERROR, NULL, 0, 0, "unknown format '%s' (expected yaml, json, tap or junit)", optarg);
				usage(stderr);
				return DMN_TROUBLE;
			}
			break;
		case 'j':
			opt.format = FMT_JSON;
			break;
		case 'r':
			opt.require = optarg;
			break;
		case 's':
			opt.strict = 1;
			break;
		case 'F':
			if (!audience_list(optarg, &opt.audience)) {
				diag(SEV_ERROR, NULL, 0, 0, "unknown audience in '%s' (expected vendor, buyer, dsi, dpo or legal)",
				     optarg);
				usage(stderr);
				return DMN_TROUBLE;
			}
			break;
		case 'q':
			opt.quiet = 1;
			break;
		case 'l':
			if (program_lang(optarg, &opt.lang, usage) != 0)
				return DMN_TROUBLE;
			have_lang = 1;
			break;
		case 'Q':
			opt.questionnaire = optarg;
			break;
		case 'o':
			opt.output = optarg;
			break;
		case 'h':
			return program_help(usage);
		case 'V':
			return program_version();
		default:
			return program_usage_error(c, argv, usage);
		}
	}
	if (!have_lang)
		opt.lang = lang_from_env();
	diag_quiet(opt.quiet);
	if (program_questionnaire(&r.q, opt.questionnaire) != 0)
		return DMN_TROUBLE;
	{
		const char *others[] = { opt.require, opt.questionnaire, NULL };
		if (program_output_safe(opt.output, argv + optind, argc - optind, others) != 0) {
			questionnaire_free(r.q);
			return DMN_TROUBLE;
		}
	}
	if (load_require(&r) != 0) {
		questionnaire_free(r.q);
		return DMN_TROUBLE;
	}
	if (!opt.quiet || (opt.output && strcmp(opt.output, "-") != 0)) {
		if (output_open(&out, opt.output, &err) != 0) {
			diag_error(NULL, &err);
			goto done;
		}
		r.out = out.f;
		if (opt.format == FMT_JUNIT && !(r.cases = spool_open(&err))) {
			diag_error(NULL, &err);
			goto done;
		}
	}
	if (r.out && (opt.format == FMT_YAML || opt.format == FMT_JSON)) {
		emit_init(&r.em, r.out, opt.format == FMT_JSON);
		emit_doc_begin(&r.em);
		emit_map_begin(&r.em);
		emit_kv_str(&r.em, "kind", "validation");
		emit_kv_str(&r.em, "questionnaire", r.q->id);
		emit_kv_str(&r.em, "edition", r.q->edition);
		emit_kv_str(&r.em, "require", r.req.name);
		if (opt.audience) {
			unsigned bit;
			emit_key(&r.em, "for");
			emit_seq_begin(&r.em);
			for (bit = 1; bit <= AUD_LEGAL; bit <<= 1)
				if (opt.audience & bit)
					emit_str(&r.em, audience_name(bit));
			emit_seq_end(&r.em);
		}
		emit_key(&r.em, "dossiers");
		emit_seq_begin(&r.em);
	} else if (r.out && opt.format == FMT_TAP) {
		fputs("TAP version 13\n", r.out);
	}
	program_inputs(argv + optind, argc - optind, on_document, &r, "dossier");
	if (r.out && (opt.format == FMT_YAML || opt.format == FMT_JSON)) {
		emit_seq_end(&r.em);
		emit_map_end(&r.em);
		emit_doc_end(&r.em);
	} else if (r.out && opt.format == FMT_TAP) {
		fprintf(r.out, "1..%d\n", r.ndossiers);
	} else if (r.out && opt.format == FMT_JUNIT) {
		fprintf(r.out, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
			"<testsuites name=\"dmn-validate\" tests=\"%d\" failures=\"%d\">\n"
			"  <testsuite name=\"dmn-validate\" tests=\"%d\" failures=\"%d\" errors=\"0\">\n",
			r.ndossiers, r.nfailed, r.ndossiers, r.nfailed);
		if (fflush(r.cases) != 0 || spool_copy(r.cases, r.out) != 0)
			diag(SEV_ERROR, NULL, 0, 0, "write error on a temporary file: %s", strerror(errno));
		fputs("  </testsuite>\n</testsuites>\n", r.out);
	}
	/* a run with trouble writes nothing: never a partial result as if it were whole */
	if (r.out) {
		if (diag_exit_status() >= DMN_TROUBLE)
			output_discard(&out);
		else if (output_commit(&out, &err) != 0)
			diag_error(NULL, &err);
	}
done:
	if (r.cases)
		fclose(r.cases);
	if (out.f)
		output_discard(&out);
	require_free(&r.req);
	questionnaire_free(r.q);
	if (opt.quiet && close_stdout(&err) != 0)
		diag_error(NULL, &err);
	return diag_exit_status();
}
