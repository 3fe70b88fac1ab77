/* validation.c: the kind: validation document, its one owner: written from checked
 * dossiers (YAML or JSON, or TAP and JUnit for CI) and read back, typed, for dmn-report. */
#include <ctype.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "emit.h"
#include "guide.h"

struct validation_writer {
	const struct questionnaire *q;
	const struct require *req;
	struct validation_opts o;
	FILE *out;		/* NULL: nothing written; the findings are still printed */
	struct emitter em;
	struct emit_fragment *asked;	/* per question and status (missing, pending): its entry */
	int ndossiers, nfailed, ntrouble;
	struct timespec last;	/* when the previous entry was written: an entry's time is since then */
};

/* --- writing ---------------------------------------------------------------------------- */

static int as_document(const struct validation_writer *w)
{
	return w->o.format == VALIDATION_YAML || w->o.format == VALIDATION_JSON;
}

/* "missing" or "pending" for a required question still to answer, else NULL */
static const char *missing_status(const struct validation_writer *w, const struct dossier *d, size_t qi)
{
	int s = question_state(d, w->req, (int)qi);

	return s == ST_MISSING || s == ST_PENDING ? statuses[s].id : NULL;
}

static void emit_audiences(struct emitter *e, unsigned set)
{
	unsigned bit;

	emit_seq_begin(e);
	for (bit = 1; bit <= AUD_LEGAL; bit <<= 1)
		if (set & bit)
			emit_str(e, audience_name(bit));
	emit_seq_end(e);
}

static void emit_header(struct validation_writer *w)
{
	struct emitter *e = &w->em;

	emit_init(e, w->out, w->o.format == VALIDATION_JSON);
	emit_doc_begin(e);
	emit_map_begin(e);
	emit_kv_str(e, "kind", "validation");
	emit_kv_str(e, "questionnaire", w->q->id);
	emit_kv_str(e, "edition", w->q->edition);
	emit_kv_str(e, "require", w->req->name);
	if (w->o.audience) {
		emit_key(e, "for");
		emit_audiences(e, w->o.audience);
	}
	emit_key(e, "dossiers");
	emit_seq_begin(e);
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
		if (f->about)	/* what the value is, for a report to word it again */
			emit_kv_str(e, "about", f->about);
		emit_kv_str(e, "message", f->msg);
		emit_map_end(e);
	}
	emit_seq_end(e);
}

/* What a question still to answer already holds: a partial answer to confirm, the buyer's
 * comment. */
static void emit_held(struct emitter *e, const struct answer *a)
{
	const struct node *v = a->value;
	size_t i;

	if (v && v->kind == NODE_SCALAR && !node_is_null(v)) {
		emit_kv_str(e, "value", v->text);
	} else if (v && v->kind == NODE_SEQ && v->n) {
		emit_key(e, "value");
		emit_seq_begin(e);
		for (i = 0; i < v->n; i++)
			if (v->items[i]->kind == NODE_SCALAR)
				emit_str(e, v->items[i]->text);
		emit_seq_end(e);
	}
	if (a->comment)
		emit_kv_str(e, "comment", a->comment);
}

static void emit_missing(struct validation_writer *w, const struct dossier *d)
{
	const struct questionnaire *q = w->q;
	struct emitter *e = &w->em;
	const char *status;
	size_t i;

	emit_key(e, "missing");
	emit_seq_begin(e);
	for (i = 0; i < q->nquestions; i++) {
		struct emit_fragment *fr;
		size_t mark;
		if (!(status = missing_status(w, d, i)))
			continue;
		/* the same in every dossier that has not answered it: written once, then copied */
		if (!w->asked)
			w->asked = xcalloc(2 * q->nquestions, sizeof *w->asked);
		fr = &w->asked[2 * i + (status == statuses[ST_PENDING].id)];
		emit_map_begin(e);
		if (!emit_replay(e, fr)) {
			mark = emit_mark(e);
			emit_kv_str(e, "id", q->questions[i].id);
			emit_kv_str(e, "section", q->sections[q->questions[i].section].id);
			emit_kv_str(e, "status", status);
			emit_key(e, "audience");
			emit_audiences(e, q->questions[i].audience);
			emit_kv_str(e, "question", text_get(q->questions[i].text, w->o.lang));
			emit_capture(e, mark, fr);
		}
		emit_held(e, &d->answers[i]);
		emit_map_end(e);
	}
	emit_seq_end(e);
}

/* One checked dossier, as the validation document and the others carry it. */
struct entry {
	const char *file;
	const struct dossier *d;
	int complete, valid;
	struct counts total, *per_section;
	double seconds;		/* since the previous entry: reading and checking it */
};

static void emit_dossier(struct validation_writer *w, const struct entry *en)
{
	struct emitter *e = &w->em;
	const struct dossier *d = en->d;

	emit_map_begin(e);
	emit_kv_str(e, "file", en->file);
	emit_kv_int(e, "line", d->line);
	emit_key(e, "device");
	emit_map_begin(e);
	emit_device_fields(e, &d->device);
	emit_map_end(e);
	emit_key(e, "complete");
	emit_bool(e, en->complete);
	emit_key(e, "valid");
	emit_bool(e, en->valid);
	emit_key(e, "counts");
	emit_completion(e, w->q, &en->total, en->per_section);
	emit_missing(w, d);
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
	one_line(b, d->device.name ? d->device.name : _("(no name)"), xml);
	if (d->device.version) {
		buf_adds(b, " ");
		one_line(b, d->device.version, xml);
	}
}

/* "111 missing, 0 pending" */
static void missing_pending(struct buf *b, const struct counts *t)
{
	buf_addf(b, ngettext("%ld missing", "%ld missing", (unsigned long)t->v[ST_MISSING]), t->v[ST_MISSING]);
	buf_adds(b, ", ");
	buf_addf(b, ngettext("%ld pending", "%ld pending", (unsigned long)t->v[ST_PENDING]), t->v[ST_PENDING]);
}

/* "7 errors, 2 warnings" */
static void errors_warnings(struct buf *b, const struct dossier *d)
{
	size_t errors = finding_count(&d->findings, SEV_ERROR);
	size_t warnings = finding_count(&d->findings, SEV_WARNING);

	buf_addf(b, ngettext("%zu error", "%zu errors", errors), errors);
	buf_adds(b, ", ");
	buf_addf(b, ngettext("%zu warning", "%zu warnings", warnings), warnings);
}

/* "111 missing, 0 pending, 7 errors, 2 warnings": the message of TAP, JUnit and GitHub */
static void summary(struct buf *b, const struct counts *t, const struct dossier *d)
{
	missing_pending(b, t);
	buf_adds(b, ", ");
	errors_warnings(b, d);
}

static const char *severity_word(enum severity sev)
{
	return sev == SEV_ERROR ? _("error: ") : _("warning: ");
}

/* A TAP test point; a failed one says why in a YAML block that TAP::Parser's YAMLish
 * reader reads too: block collections only, each string one double-quoted line, and no
 * list item that looks like a key. */
static void write_tap_case(struct validation_writer *w, const struct entry *en)
{
	const struct questionnaire *q = w->q;
	const struct dossier *d = en->d;
	struct buf b = { 0 }, s = { 0 };
	int ok = en->complete && en->valid, any = 0;
	size_t i;

	buf_addf(&b, "%s %d - ", ok ? "ok" : "not ok", w->ndossiers + w->ntrouble);
	case_name(&b, en->file, d, 0);
	buf_adds(&b, "\n");
	if (!ok) {
		buf_adds(&b, "  ---\n  message: ");
		summary(&s, &en->total, d);
		yaml_quote(&b, buf_str(&s));
		buf_adds(&b, "\n  severity: fail\n  file: ");
		yaml_quote(&b, en->file);
		buf_addf(&b, "\n  line: %d\n  missing:", d->line);
		for (i = 0; i < q->nquestions; i++) {
			if (!missing_status(w, d, i))
				continue;
			buf_adds(&b, "\n    - ");
			any = 1;
			yaml_quote(&b, q->questions[i].id);
		}
		buf_adds(&b, any ? "\n" : " []\n");
		buf_adds(&b, d->findings.n ? "  findings:\n" : "  findings: []\n");
		for (i = 0; i < d->findings.n; i++) {
			const struct finding *f = &d->findings.v[i];
			buf_addf(&b, "    - line: %d\n      column: %d\n      severity: %s\n      message: ", f->line,
				 f->col, f->sev == SEV_ERROR ? "error" : "warning");
			yaml_quote(&b, f->msg);
			buf_adds(&b, "\n");
		}
		buf_adds(&b, "  ...\n");
	}
	fputs(buf_str(&b), w->out);
	buf_free(&s);
	buf_free(&b);
}

/* The words of a question still to answer, in JUnit and SARIF: "3.1 missing: the question" */
static void missing_words(struct validation_writer *w, struct buf *b, size_t qi, const char *status)
{
	/* TRANSLATORS: a question still to answer in JUnit and SARIF: "3.1 missing: the question" */
	buf_addf(b, _("%s %s: "), w->q->questions[qi].id, status_label(status_parse(status)));
	buf_adds(b, text_get(w->q->questions[qi].text, w->o.lang));
}

/* JUnit streamed: one test suite per dossier, written whole as soon as it is checked (the
 * counts a suite needs are then known); the test case's class is the file, as GitLab and
 * Jenkins group them. Jenkins' junit-10.xsd holds: file and time on the suite, time on
 * the case. */
static void junit_suite(struct buf *b, const char *name, const char *file, int failures, int errors,
			double seconds)
{
	buf_adds(b, "  <testsuite name=\"");
	buf_adds(b, name);
	buf_addf(b, "\" tests=\"1\" failures=\"%d\" errors=\"%d\" skipped=\"0\" time=\"%.3f\" file=\"", failures, errors,
		 seconds);
	one_line(b, file, 1);
	buf_adds(b, "\">\n    <testcase classname=\"");
	one_line(b, file, 1);
	buf_adds(b, "\" name=\"");
	buf_adds(b, name);
	buf_addf(b, "\" time=\"%.3f\"", seconds);
}

static void write_junit_case(struct validation_writer *w, const struct entry *en)
{
	const struct questionnaire *q = w->q;
	const struct dossier *d = en->d;
	struct buf b = { 0 }, name = { 0 }, m = { 0 };
	const char *status;
	size_t i;

	case_name(&name, en->file, d, 1);
	junit_suite(&b, buf_str(&name), en->file, !(en->complete && en->valid), 0, en->seconds);
	if (en->complete && en->valid) {
		buf_adds(&b, "/>\n");
	} else {
		buf_addf(&b, ">\n      <failure type=\"%s\" message=\"",
			 finding_count(&d->findings, SEV_ERROR) ? "invalid" : "incomplete");
		summary(&b, &en->total, d);
		buf_adds(&b, "\">");
		for (i = 0; i < q->nquestions; i++) {
			if (!(status = missing_status(w, d, i)))
				continue;
			buf_clear(&m);
			missing_words(w, &m, i, status);
			one_line(&b, buf_str(&m), 1);
			buf_adds(&b, "\n");
		}
		for (i = 0; i < d->findings.n; i++) {
			const struct finding *f = &d->findings.v[i];
			one_line(&b, en->file, 1);
			buf_addf(&b, ":%d:%d: %s", f->line, f->col, severity_word(f->sev));
			one_line(&b, f->msg, 1);
			buf_adds(&b, "\n");
		}
		buf_adds(&b, "</failure>\n    </testcase>\n");
	}
	buf_adds(&b, "  </testsuite>\n");
	fputs(buf_str(&b), w->out);
	buf_free(&m);
	buf_free(&name);
	buf_free(&b);
}

/* --- SARIF 2.1.0 and GitHub's workflow commands ------------------------------------------ */

/* The rules: one per kind of finding, in this order (ruleIndex), with their default level. */
enum { RULE_MISSING, RULE_PENDING, RULE_OTHER = 9, RULE_TROUBLE = 10 };
static const struct rule {
	const char *id, *about;	/* about: the finding's about, NULL for the others */
	const char *level;	/* by default: the warnings are errors with --strict */
	const char *text;
} rules[] = {
	{ "missing", NULL, "error", N_("A required question has no answer") },
	{ "pending", NULL, "error", N_("A required question's answer is awaited (status pending)") },
	{ "invalid-answer", "answer", "error", N_("An answer does not fit its question (type, option, unit)") },
	{ "invalid-date", "date", "error", N_("The date of an answer is not a date in the form YYYY-MM-DD") },
	{ "invalid-status", "status", "error",
	  N_("The status of an answer is not answered, unknown, not-applicable or pending") },
	{ "unknown-field", "unknown-field", "error", N_("A field that the dossier format does not have") },
	{ "unknown-question", "unknown-id", "error", N_("An answer to a question id that the questionnaire does not have") },
	{ "unquoted-id", "unquoted-id", "warning", N_("A question id written as a YAML number") },
	{ "does-not-apply", "does-not-apply", "warning",
	  N_("An answer to a question that does not apply, given another answer") },
	[RULE_OTHER] = { "invalid-dossier", NULL, "error", N_("The dossier's structure or its device is not as the format says") },
	[RULE_TROUBLE] = { "trouble", NULL, "error", N_("The file cannot be read as dmn dossiers") },
};
#define NRULES (sizeof rules / sizeof *rules)

static size_t rule_of(const struct finding *f)
{
	size_t i;

	for (i = 0; f->about && i < NRULES; i++)
		if (rules[i].about && !strcmp(rules[i].about, f->about))
			return i;
	return RULE_OTHER;
}

/* A file name as a SARIF URI reference: relative as given, absolute as file://, its bytes
 * outside the unreserved and path characters percent-encoded. */
static void sarif_uri(struct buf *b, const char *file)
{
	const unsigned char *p = (const unsigned char *)file;

	if (*p == '/')
		buf_adds(b, "file://");
	for (; *p; p++)
		if (isalnum(*p) || strchr("-._~/!$&'()*+,;=:@", *p))
			buf_add(b, (const char *)p, 1);
		else
			buf_addf(b, "%%%02X", *p);
}

static void sarif_result(struct validation_writer *w, size_t rule, enum severity sev, const char *file, int line,
			 int col, const char *message)
{
	struct emitter *e = &w->em;

	emit_map_begin(e);
	emit_kv_str(e, "ruleId", rules[rule].id);
	emit_kv_int(e, "ruleIndex", (long long)rule);
	emit_kv_str(e, "level", sev == SEV_ERROR ? "error" : "warning");
	emit_key(e, "message");
	emit_map_begin(e);
	emit_kv_str(e, "text", message);
	emit_map_end(e);
	/* standard input has no URI: its results have no location */
	if (strcmp(file, "<stdin>") != 0) {
		struct buf uri = { 0 };
		sarif_uri(&uri, file);
		emit_key(e, "locations");
		emit_seq_begin(e);
		emit_map_begin(e);
		emit_key(e, "physicalLocation");
		emit_map_begin(e);
		emit_key(e, "artifactLocation");
		emit_map_begin(e);
		emit_kv_str(e, "uri", buf_str(&uri));
		emit_map_end(e);
		if (line > 0) {
			emit_key(e, "region");
			emit_map_begin(e);
			emit_kv_int(e, "startLine", line);
			if (col > 0)
				emit_kv_int(e, "startColumn", col);
			emit_map_end(e);
		}
		emit_map_end(e);
		emit_map_end(e);
		emit_seq_end(e);
		buf_free(&uri);
	}
	emit_map_end(e);
}

static void sarif_header(struct validation_writer *w)
{
	struct emitter *e = &w->em;
	size_t i;

	emit_init(e, w->out, 1);
	emit_doc_begin(e);
	emit_map_begin(e);
	emit_kv_str(e, "$schema", "https://json.schemastore.org/sarif-2.1.0.json");
	emit_kv_str(e, "version", "2.1.0");
	emit_key(e, "runs");
	emit_seq_begin(e);
	emit_map_begin(e);
	emit_key(e, "tool");
	emit_map_begin(e);
	emit_key(e, "driver");
	emit_map_begin(e);
	emit_kv_str(e, "name", "dmn-validate");
	emit_kv_str(e, "version", DMN_VERSION);
	emit_key(e, "rules");
	emit_seq_begin(e);
	for (i = 0; i < NRULES; i++) {
		emit_map_begin(e);
		emit_kv_str(e, "id", rules[i].id);
		emit_key(e, "shortDescription");
		emit_map_begin(e);
		emit_kv_str(e, "text", _(rules[i].text));
		emit_map_end(e);
		emit_key(e, "defaultConfiguration");
		emit_map_begin(e);
		emit_kv_str(e, "level", rules[i].level);
		emit_map_end(e);
		emit_map_end(e);
	}
	emit_seq_end(e);
	emit_map_end(e);
	emit_map_end(e);
	/* the questionnaire checked against, as a property bag */
	emit_key(e, "properties");
	emit_map_begin(e);
	emit_kv_str(e, "questionnaire", w->q->id);
	emit_kv_str(e, "edition", w->q->edition);
	emit_kv_str(e, "require", w->req->name);
	emit_map_end(e);
	emit_key(e, "results");
	emit_seq_begin(e);
}

static void write_sarif(struct validation_writer *w, const struct entry *en)
{
	const struct dossier *d = en->d;
	struct buf b = { 0 };
	const char *status;
	size_t i;

	for (i = 0; i < d->findings.n; i++) {
		const struct finding *f = &d->findings.v[i];
		sarif_result(w, rule_of(f), f->sev, en->file, f->line, f->col, f->msg);
	}
	for (i = 0; i < w->q->nquestions; i++) {
		const struct answer *a = &d->answers[i];
		if (!(status = missing_status(w, d, i)))
			continue;
		b.len = 0;
		missing_words(w, &b, i, status);
		/* at the answer when there is one (pending), else at the dossier */
		sarif_result(w, !strcmp(status, "pending") ? RULE_PENDING : RULE_MISSING, SEV_ERROR, en->file,
			     a->key ? a->key->line : d->line, a->key ? a->key->col : d->col, buf_str(&b));
	}
	buf_free(&b);
}

/* GitHub's workflow commands: a value escaped as the runner reads it back; a property's
 * value also has its ':' and ','. */
static void gh_escape(struct buf *b, const char *s, int property)
{
	for (; *s; s++)
		if (*s == '%')
			buf_adds(b, "%25");
		else if (*s == '\r')
			buf_adds(b, "%0D");
		else if (*s == '\n')
			buf_adds(b, "%0A");
		else if (property && *s == ':')
			buf_adds(b, "%3A");
		else if (property && *s == ',')
			buf_adds(b, "%2C");
		else
			buf_add(b, s, 1);
}

static void gh_line(struct buf *b, enum severity sev, const char *file, int line, int col, const char *title,
		    const char *message)
{
	buf_adds(b, sev == SEV_ERROR ? "::error " : "::warning ");
	if (strcmp(file, "<stdin>") != 0) {
		buf_adds(b, "file=");
		gh_escape(b, file, 1);
		buf_adds(b, ",");
	}
	if (line > 0)
		buf_addf(b, "line=%d,", line);
	if (col > 0)
		buf_addf(b, "col=%d,", col);
	buf_adds(b, "title=");
	gh_escape(b, title, 1);
	buf_adds(b, "::");
	gh_escape(b, message, 0);
	buf_adds(b, "\n");
}

static void write_github(struct validation_writer *w, const struct entry *en)
{
	const struct dossier *d = en->d;
	struct buf b = { 0 }, m = { 0 }, t = { 0 };
	size_t i;
	int any = 0;

	for (i = 0; i < d->findings.n; i++) {
		const struct finding *f = &d->findings.v[i];
		t.len = 0;
		buf_addf(&t, "dmn-validate: %s", rules[rule_of(f)].id);
		gh_line(&b, f->sev, en->file, f->line, f->col, buf_str(&t), f->msg);
	}
	if (!en->complete) {
		buf_addf(&m, _("dossier '%s' is incomplete: "), d->device.name ? d->device.name : _("(no name)"));
		summary(&m, &en->total, d);
		for (i = 0; i < w->q->nquestions; i++)
			if (missing_status(w, d, i)) {
				buf_adds(&m, any++ ? ", " : "\n");
				buf_adds(&m, w->q->questions[i].id);
			}
		gh_line(&b, SEV_ERROR, en->file, d->line, d->col, "dmn-validate: missing", buf_str(&m));
	}
	fputs(buf_str(&b), w->out);
	buf_free(&t);
	buf_free(&m);
	buf_free(&b);
}

/* --- the summary for people ---------------------------------------------------------------- */

/* A list of question ids, as many as fit in a line, then how many more. */
static void ids_line(struct buf *b, const int *ids, size_t n, const struct questionnaire *q, size_t width)
{
	size_t i, start = b->len;

	for (i = 0; i < n; i++) {
		const char *id = q->questions[ids[i]].id;
		if (i && b->len - start + strlen(id) + 2 > width) {
			buf_addf(b, _(" (+%zu)"), n - i);
			return;
		}
		buf_addf(b, "%s%s", i ? " " : "", id);
	}
}

/* The audiences in a few words, in the order of their bits */
static const char *const audience_words[] = { NC_("audience", "vendor"), NC_("audience", "buyer"),
	NC_("audience", "IT"), NC_("audience", "DPO"), NC_("audience", "legal") };

/* Per dossier: what it is and its verdict, then what is still to answer per section and
 * per audience, and the first ids to answer: a few lines whatever the dossier. */
static void write_text(struct validation_writer *w, const struct entry *en)
{
	const struct questionnaire *q = w->q;
	const struct dossier *d = en->d;
	long todo = en->total.v[ST_MISSING] + en->total.v[ST_PENDING];
	struct buf b = { 0 }, name = { 0 };
	int *ids = xcalloc(q->nquestions + 1, sizeof *ids);
	size_t i, n = 0, k;
	unsigned bit;

	buf_addf(&name, "%s", d->device.name ? d->device.name : _("(no name)"));
	if (d->device.version)
		buf_addf(&name, " %s", d->device.version);
	buf_addf(&b, "%s:%d: ", en->file, d->line);
	/* TRANSLATORS: a device and its verdict: "BoneSight 3.0: incomplete" */
	buf_addf(&b, _("%s: %s"), buf_str(&name),
		 en->complete && en->valid ? _("complete and valid") : en->valid ? _("incomplete")
		 : en->complete ? _("invalid") : _("incomplete and invalid"));
	buf_adds(&b, "\n");
	if (!(en->complete && en->valid)) {
		buf_adds(&b, "  ");
		buf_addf(&b, ngettext("%ld question to answer", "%ld questions to answer", (unsigned long)todo), todo);
		buf_adds(&b, " (");
		missing_pending(&b, &en->total);
		buf_adds(&b, "), ");
		errors_warnings(&b, d);
		buf_adds(&b, "\n");
	}
	for (i = 0; i < q->nquestions; i++)
		if (missing_status(w, d, i))
			ids[n++] = (int)i;
	if (n) {
		int any = 0;
		/* TRANSLATORS: followed by "3: 2, 5: 14": each section and how many questions */
		buf_adds(&b, _("  by section:"));
		for (k = 0; k < q->nsections; k++) {
			long c = en->per_section[k].v[ST_MISSING] + en->per_section[k].v[ST_PENDING];
			if (c) {
				buf_adds(&b, any++ ? ", " : " ");
				/* TRANSLATORS: a section and how many of its questions are to answer */
				buf_addf(&b, _("%s: %ld"), q->sections[k].id, c);
			}
		}
		buf_adds(&b, "\n");
		any = 0;
		buf_adds(&b, _("  by audience:"));
		for (bit = 1, k = 0; bit <= AUD_LEGAL; bit <<= 1, k++) {
			size_t c = 0, j;
			for (j = 0; j < n; j++)
				c += (q->questions[ids[j]].audience & bit) != 0;
			if (c) {
				buf_adds(&b, any++ ? ", " : " ");
				/* TRANSLATORS: an audience and how many of its questions are to answer */
				buf_addf(&b, _("%s: %zu"), dmn_pgettext(audience_words[k], strchr(audience_words[k], '\004') + 1),
					 c);
			}
		}
		buf_adds(&b, "\n");
		/* TRANSLATORS: followed by the question ids, "1.3 3.4 (+100)" */
		buf_adds(&b, _("  to answer:"));
		buf_adds(&b, " ");
		ids_line(&b, ids, n, q, 64);
		buf_adds(&b, "\n");
	}
	fputs(buf_str(&b), w->out);
	free(ids);
	buf_free(&name);
	buf_free(&b);
}

/* On stderr, through the diagnostics module: the findings in file order, then the verdict. */
static void print_findings(const char *file, const struct dossier *d, const struct counts *total,
			   int complete)
{
	struct buf b = { 0 };
	size_t i;

	for (i = 0; i < d->findings.n; i++)
		diag_print_finding(d->findings.v[i].sev, file, d->findings.v[i].line, d->findings.v[i].col,
				   d->findings.v[i].msg);
	if (complete)
		return;
	buf_addf(&b, _("dossier '%s' is incomplete: "), d->device.name ? d->device.name : _("(no name)"));
	missing_pending(&b, total);
	if (total->v[ST_INVALID]) {
		buf_adds(&b, ", ");
		buf_addf(&b, ngettext("%ld invalid", "%ld invalid", (unsigned long)total->v[ST_INVALID]),
			 total->v[ST_INVALID]);
	}
	diag_print_finding(SEV_ERROR, file, d->line, d->col, buf_str(&b));
	buf_free(&b);
}

static double since_last(struct validation_writer *w)
{
	struct timespec now;
	double s;

	clock_gettime(CLOCK_MONOTONIC, &now);
	s = (double)(now.tv_sec - w->last.tv_sec) + (double)(now.tv_nsec - w->last.tv_nsec) / 1e9;
	w->last = now;
	return s < 0 ? 0 : s;
}

struct validation_writer *validation_begin(FILE *out, const struct questionnaire *q,
					   const struct require *req, const struct validation_opts *o,
					   struct dmn_error *err)
{
	struct validation_writer *w = xcalloc(1, sizeof *w);

	(void)err;
	w->q = q;
	w->req = req;
	w->o = *o;
	w->out = out;
	clock_gettime(CLOCK_MONOTONIC, &w->last);
	if (!out)
		return w;
	if (as_document(w))
		emit_header(w);
	else if (o->format == VALIDATION_TAP)
		/* 13, not 14: TAP::Parser (prove) refuses 14, which adds nothing used here */
		fputs("TAP version 13\n", out);
	else if (o->format == VALIDATION_JUNIT)
		fputs("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites name=\"dmn-validate\">\n", out);
	else if (o->format == VALIDATION_SARIF)
		sarif_header(w);
	return w;
}

int validation_add(struct validation_writer *w, const char *file, struct dossier *d)
{
	struct entry en = { file, d, 0, 0, { { 0 } }, NULL, 0 };
	size_t i;

	en.per_section = xcalloc(w->q->nsections, sizeof *en.per_section);
	dossier_settle(d);
	if (w->o.strict)
		for (i = 0; i < d->findings.n; i++)
			d->findings.v[i].sev = SEV_ERROR;
	dossier_counts(d, w->req, &en.total, en.per_section);
	en.complete = en.total.v[ST_MISSING] == 0 && en.total.v[ST_PENDING] == 0 && en.total.v[ST_INVALID] == 0;
	en.valid = finding_count(&d->findings, SEV_ERROR) == 0;
	en.seconds = since_last(w);
	print_findings(file, d, &en.total, en.complete);
	w->ndossiers++;
	if (!en.complete || !en.valid)
		w->nfailed++;
	if (!w->out)
		;
	else if (as_document(w))
		emit_dossier(w, &en);
	else if (w->o.format == VALIDATION_TAP)
		write_tap_case(w, &en);
	else if (w->o.format == VALIDATION_JUNIT)
		write_junit_case(w, &en);
	else if (w->o.format == VALIDATION_SARIF)
		write_sarif(w, &en);
	else if (w->o.format == VALIDATION_GITHUB)
		write_github(w, &en);
	else
		write_text(w, &en);
	free(en.per_section);
	return en.complete && en.valid;
}

/* An input that gave no dossier to check (unreadable, not YAML, not a dossier): its own
 * entry, so that the others' verdicts are still reported, each format its own way. */
void validation_trouble(struct validation_writer *w, const char *file, const struct dmn_error *err)
{
	struct buf b = { 0 }, name = { 0 };
	double seconds = since_last(w);

	w->ntrouble++;
	if (!w->out)
		return;
	if (as_document(w)) {
		struct emitter *e = &w->em;
		emit_map_begin(e);
		emit_kv_str(e, "file", file);
		if (err->line > 0) {
			emit_kv_int(e, "line", err->line);
			emit_kv_int(e, "column", err->col);
		}
		emit_kv_str(e, "trouble", err->msg);
		emit_map_end(e);
	} else if (w->o.format == VALIDATION_TAP) {
		buf_addf(&b, "not ok %d - ", w->ndossiers + w->ntrouble);
		one_line(&b, file, 0);
		buf_adds(&b, "\n  ---\n  message: ");
		yaml_quote(&b, err->msg);
		buf_adds(&b, "\n  severity: fail\n  file: ");
		yaml_quote(&b, file);
		if (err->line > 0)
			buf_addf(&b, "\n  line: %d\n  column: %d", err->line, err->col);
		buf_adds(&b, "\n  ...\n");
	} else if (w->o.format == VALIDATION_JUNIT) {
		one_line(&name, file, 1);
		junit_suite(&b, buf_str(&name), file, 0, 1, seconds);
		buf_adds(&b, ">\n      <error type=\"trouble\" message=\"");
		one_line(&b, err->msg, 1);
		buf_adds(&b, "\">");
		one_line(&b, file, 1);
		if (err->line > 0)
			buf_addf(&b, ":%d:%d", err->line, err->col);
		buf_addf(&b, ": %s", _("error: "));
		one_line(&b, err->msg, 1);
		buf_adds(&b, "\n</error>\n    </testcase>\n  </testsuite>\n");
	} else if (w->o.format == VALIDATION_SARIF) {
		sarif_result(w, RULE_TROUBLE, SEV_ERROR, file, err->line, err->col, err->msg);
	} else if (w->o.format == VALIDATION_GITHUB) {
		gh_line(&b, SEV_ERROR, file, err->line, err->col, "dmn-validate: trouble", err->msg);
	} else {
		buf_addf(&b, "%s", file);
		if (err->line > 0)
			buf_addf(&b, ":%d:%d", err->line, err->col);
		/* TRANSLATORS: FILE:LINE:COL: not checked: why */
		buf_addf(&b, _(": not checked: %s"), err->msg);
		buf_adds(&b, "\n");
	}
	fputs(buf_str(&b), w->out);
	buf_free(&name);
	buf_free(&b);
}

int validation_end(struct validation_writer *w, struct dmn_error *err)
{
	struct emitter *e = &w->em;

	(void)err;
	if (!w->out)
		return 0;
	if (as_document(w)) {
		emit_seq_end(e);
		emit_map_end(e);
		emit_doc_end(e);
	} else if (w->o.format == VALIDATION_TAP) {
		fprintf(w->out, "1..%d\n", w->ndossiers + w->ntrouble);
	} else if (w->o.format == VALIDATION_JUNIT) {
		fputs("</testsuites>\n", w->out);
	} else if (w->o.format == VALIDATION_SARIF) {
		emit_seq_end(e);	/* results */
		/* the run as a whole: successful unless an input could not be checked */
		emit_key(e, "invocations");
		emit_seq_begin(e);
		emit_map_begin(e);
		emit_key(e, "executionSuccessful");
		emit_bool(e, w->ntrouble == 0);
		emit_map_end(e);
		emit_seq_end(e);
		emit_map_end(e);	/* the run */
		emit_seq_end(e);	/* runs */
		emit_map_end(e);
		emit_doc_end(e);
	} else if (w->o.format == VALIDATION_TEXT && w->ndossiers + w->ntrouble > 1) {
		struct buf n = { 0 }, ok = { 0 }, todo = { 0 }, bad = { 0 }, b = { 0 };
		buf_addf(&n, ngettext("%d dossier", "%d dossiers", (unsigned long)w->ndossiers), w->ndossiers);
		buf_addf(&ok, ngettext("%d complete and valid", "%d complete and valid",
				       (unsigned long)(w->ndossiers - w->nfailed)), w->ndossiers - w->nfailed);
		buf_addf(&todo, ngettext("%d to finish", "%d to finish", (unsigned long)w->nfailed), w->nfailed);
		/* TRANSLATORS: "3 dossiers: 1 complete and valid, 2 to finish" */
		buf_addf(&b, _("%s: %s, %s"), buf_str(&n), buf_str(&ok), buf_str(&todo));
		if (w->ntrouble) {
			buf_addf(&bad, ngettext("%d file not checked", "%d files not checked", (unsigned long)w->ntrouble),
				 w->ntrouble);
			/* TRANSLATORS: the line above, then "; 1 file not checked" */
			buf_addf(&b, _("; %s"), buf_str(&bad));
		}
		fprintf(w->out, "%s\n", buf_str(&b));
		buf_free(&n);
		buf_free(&ok);
		buf_free(&todo);
		buf_free(&bad);
		buf_free(&b);
	}
	return 0;
}

void validation_writer_free(struct validation_writer *w)
{
	size_t i;

	if (!w)
		return;
	if (w->asked)
		for (i = 0; i < 2 * w->q->nquestions; i++)
			buf_free(&w->asked[i].bytes);
	free(w->asked);
	buf_free(&w->em.out);	/* written already, unless the run stopped midway */
	free(w);
}

/* --- reading back ------------------------------------------------------------------------ */

/* Only what a report shows is read (not the counts), each field through docread.c. */
static void read_missing(struct validation_dossier *vd, const struct node *seq, const struct questionnaire *q,
			 struct finding_list *errs)
{
	size_t i;

	vd->missing = xcalloc(seq->n, sizeof *vd->missing);
	for (i = 0; i < seq->n; i++) {
		const struct node *m = read_item(errs, seq, i, NODE_MAP);
		const char *id = m ? read_str(errs, m, "id", 1, NULL) : NULL, *status;
		int qi;

		if (!id)
			continue;
		if ((qi = questionnaire_find(q, id)) < 0) {
			finding_add(errs, SEV_ERROR, node_get(m, "id"), NULL, NULL, "unknown question id '%s'", id);
			continue;
		}
		status = read_str(errs, m, "status", 0, NULL);
		vd->missing[vd->nmissing].value = node_get(m, "value");
		vd->missing[vd->nmissing].comment = read_str(errs, m, "comment", 0, NULL);
		vd->missing[vd->nmissing].question = qi;
		vd->missing[vd->nmissing++].pending = status && status_parse(status) == ST_PENDING;
	}
}

static void read_invalid(struct validation_dossier *vd, const struct node *seq, struct finding_list *errs)
{
	size_t i;

	vd->invalid = xcalloc(seq->n, sizeof *vd->invalid);
	for (i = 0; i < seq->n; i++) {
		const struct node *m = read_item(errs, seq, i, NODE_MAP);
		struct validation_invalid *inv = &vd->invalid[vd->ninvalid];

		if (!m)
			continue;
		vd->ninvalid++;
		inv->id = read_str(errs, m, "id", 0, NULL);
		inv->message = read_str(errs, m, "message", 1, NULL);
		inv->value = read_str(errs, m, "value", 0, NULL);
		inv->about = read_str(errs, m, "about", 0, NULL);
		inv->line = read_count(errs, m, "line");
		inv->column = read_count(errs, m, "column");
	}
}

static void read_dossier(struct validation_dossier *vd, const struct node *d, const struct questionnaire *q,
			 struct finding_list *errs)
{
	const struct node *dev = read_node(errs, d, "device", NODE_MAP, 1, NULL);
	const struct node *missing = read_node(errs, d, "missing", NODE_SEQ, 1, NULL);
	const struct node *invalid = read_node(errs, d, "invalid", NODE_SEQ, 1, NULL);

	if (dev) {
		vd->device.name = read_str(errs, dev, "name", 0, NULL);
		vd->device.manufacturer = read_str(errs, dev, "manufacturer", 0, NULL);
		vd->device.version = read_str(errs, dev, "version", 0, NULL);
	}
	vd->file = read_str(errs, d, "file", 0, NULL);
	if (missing)
		read_missing(vd, missing, q, errs);
	if (invalid)
		read_invalid(vd, invalid, errs);
}

int validation_read(struct validation **out, const struct node *root, const struct questionnaire *q,
		    struct finding_list *errs)
{
	struct validation *v = xcalloc(1, sizeof *v);
	const struct node *dossiers;
	size_t before = errs->n, i;

	*out = NULL;
	v->questionnaire = read_str(errs, root, "questionnaire", 1, NULL);
	dossiers = read_node(errs, root, "dossiers", NODE_SEQ, 1, NULL);
	/* the edition is read only for this questionnaire: another one is said first */
	if (errs->n == before && !strcmp(v->questionnaire, q->id))
		v->edition = read_str(errs, root, "edition", 0, NULL);
	if (errs->n > before)
		goto fail;
	if (strcmp(v->questionnaire, q->id) != 0 || (v->edition && strcmp(v->edition, q->edition) != 0)) {
		finding_add(errs, SEV_ERROR, node_get(root, "questionnaire"), NULL, NULL,
			    "the validation is for questionnaire '%s', not '%s' (see --questionnaire)",
			    v->questionnaire, q->id);
		validation_free(v);
		return -2;
	}
	v->dossiers = xcalloc(dossiers->n, sizeof *v->dossiers);
	v->unchecked = xcalloc(dossiers->n, sizeof *v->unchecked);
	for (i = 0; i < dossiers->n; i++) {
		const struct node *d = read_item(errs, dossiers, i, NODE_MAP);
		struct validation_unchecked *u = &v->unchecked[v->nunchecked];

		if (d && node_get(d, "trouble")) {
			u->file = read_str(errs, d, "file", 1, NULL);
			u->trouble = read_str(errs, d, "trouble", 1, NULL);
			if (node_get(d, "line"))
				u->line = read_count(errs, d, "line");
			if (node_get(d, "column"))
				u->column = read_count(errs, d, "column");
			v->nunchecked++;
		} else if (d) {
			read_dossier(&v->dossiers[v->ndossiers++], d, q, errs);
		}
	}
	if (errs->n > before)
		goto fail;
	*out = v;
	return 0;
fail:
	validation_free(v);
	return -1;
}

void validation_free(struct validation *v)
{
	size_t i;

	if (!v)
		return;
	for (i = 0; i < v->ndossiers; i++) {
		free(v->dossiers[i].missing);
		free(v->dossiers[i].invalid);
	}
	free(v->dossiers);
	free(v->unchecked);
	free(v);
}

void validation_say_unchecked(const struct validation *v)
{
	size_t i;

	for (i = 0; i < v->nunchecked; i++) {
		const struct validation_unchecked *u = &v->unchecked[i];
		struct buf b = { 0 };
		buf_addf(&b, _("not checked by dmn-validate, so not in this report: %s"), u->trouble);
		diag_print_finding(SEV_WARNING, u->file, (int)u->line, (int)u->column, buf_str(&b));
		diag_status(DMN_FINDINGS);
		buf_free(&b);
	}
}
