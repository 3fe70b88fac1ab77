/* validation.c: the kind: validation document, its one owner: written from checked
 * dossiers (YAML or JSON, or TAP and JUnit for CI) and read back, typed, for dmn-report. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "emit.h"
#include "guide.h"

struct validation_writer {
	const struct questionnaire *q;
	const struct require *req;
	struct validation_opts o;
	FILE *out;		/* NULL: nothing written; the findings are still printed */
	FILE *cases;		/* junit: test cases, written after the header that counts them */
	struct emitter em;
	int ndossiers, nfailed;
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
		if (!(status = missing_status(w, d, i)))
			continue;
		emit_map_begin(e);
		emit_kv_str(e, "id", q->questions[i].id);
		emit_kv_str(e, "section", q->sections[q->questions[i].section].id);
		emit_kv_str(e, "status", status);
		emit_key(e, "audience");
		emit_audiences(e, q->questions[i].audience);
		emit_kv_str(e, "question", text_get(q->questions[i].text, w->o.lang));
		emit_held(e, &d->answers[i]);
		emit_map_end(e);
	}
	emit_seq_end(e);
}

static void emit_dossier(struct validation_writer *w, const char *file, const struct dossier *d, int complete,
			 int valid, const struct counts *total, const struct counts *per_section)
{
	struct emitter *e = &w->em;

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
	emit_completion(e, w->q, total, per_section);
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

static void summary(struct buf *b, const struct counts *t, const struct dossier *d)
{
	size_t errors = finding_count(&d->findings, SEV_ERROR);
	size_t warnings = finding_count(&d->findings, SEV_WARNING);

	buf_addf(b, ngettext("%ld missing", "%ld missing", (unsigned long)t->v[ST_MISSING]), t->v[ST_MISSING]);
	buf_adds(b, ", ");
	buf_addf(b, ngettext("%ld pending", "%ld pending", (unsigned long)t->v[ST_PENDING]), t->v[ST_PENDING]);
	buf_adds(b, ", ");
	buf_addf(b, ngettext("%zu error", "%zu errors", errors), errors);
	buf_adds(b, ", ");
	buf_addf(b, ngettext("%zu warning", "%zu warnings", warnings), warnings);
}

/* A TAP test point; a failed one says why in a YAML block. */
static void write_tap_case(struct validation_writer *w, const char *file, const struct dossier *d, int ok,
			   const struct counts *total)
{
	const struct questionnaire *q = w->q;
	struct buf b = { 0 }, s = { 0 };
	size_t i;

	buf_addf(&b, "%s %d - ", ok ? "ok" : "not ok", w->ndossiers);
	case_name(&b, file, d, 0);
	buf_adds(&b, "\n");
	if (!ok) {
		buf_adds(&b, "  ---\n  message: ");
		summary(&s, total, d);
		yaml_quote(&b, buf_str(&s));
		buf_adds(&b, "\n  missing: [");
		for (i = 0; i < q->nquestions; i++) {
			if (!missing_status(w, d, i))
				continue;
			if (b.s[b.len - 1] != '[')
				buf_adds(&b, ", ");
			yaml_quote(&b, q->questions[i].id);
		}
		buf_adds(&b, d->findings.n ? "]\n  findings:\n" : "]\n  findings: []\n");
		for (i = 0; i < d->findings.n; i++) {
			const struct finding *f = &d->findings.v[i];
			s.len = 0;
			buf_addf(&s, "%d:%d: %s%s", f->line, f->col, f->sev == SEV_ERROR ? _("error: ") : _("warning: "),
				 f->msg);
			buf_adds(&b, "    - ");
			yaml_quote(&b, buf_str(&s));
			buf_adds(&b, "\n");
		}
		buf_adds(&b, "  ...\n");
	}
	fputs(buf_str(&b), w->out);
	buf_free(&s);
	buf_free(&b);
}

/* A JUnit test case, kept in the spool until the header that counts them is written. */
static void write_junit_case(struct validation_writer *w, const char *file, const struct dossier *d, int ok,
			     const struct counts *total)
{
	const struct questionnaire *q = w->q;
	struct buf b = { 0 };
	const char *status;
	size_t i;

	buf_adds(&b, "    <testcase classname=\"dmn-validate\" name=\"");
	case_name(&b, file, d, 1);
	if (ok) {
		buf_adds(&b, "\"/>\n");
	} else {
		buf_addf(&b, "\">\n      <failure type=\"%s\" message=\"",
			 finding_count(&d->findings, SEV_ERROR) ? "invalid" : "incomplete");
		summary(&b, total, d);
		buf_adds(&b, "\">");
		for (i = 0; i < q->nquestions; i++) {
			if (!(status = missing_status(w, d, i)))
				continue;
			/* TRANSLATORS: a question still to answer in JUnit: "3.1 missing: the question" */
			buf_addf(&b, _("%s %s: "), q->questions[i].id, status_label(status_parse(status)));
			one_line(&b, text_get(q->questions[i].text, w->o.lang), 1);
			buf_adds(&b, "\n");
		}
		for (i = 0; i < d->findings.n; i++) {
			const struct finding *f = &d->findings.v[i];
			one_line(&b, file, 1);
			buf_addf(&b, ":%d:%d: %s", f->line, f->col, f->sev == SEV_ERROR ? _("error: ") : _("warning: "));
			one_line(&b, f->msg, 1);
			buf_adds(&b, "\n");
		}
		buf_adds(&b, "</failure>\n    </testcase>\n");
	}
	fputs(buf_str(&b), w->cases);
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
	buf_addf(&b, ngettext("%ld missing", "%ld missing", (unsigned long)total->v[ST_MISSING]), total->v[ST_MISSING]);
	buf_adds(&b, ", ");
	buf_addf(&b, ngettext("%ld pending", "%ld pending", (unsigned long)total->v[ST_PENDING]), total->v[ST_PENDING]);
	if (total->v[ST_INVALID]) {
		buf_adds(&b, ", ");
		buf_addf(&b, ngettext("%ld invalid", "%ld invalid", (unsigned long)total->v[ST_INVALID]),
			 total->v[ST_INVALID]);
	}
	diag_print_finding(SEV_ERROR, file, d->line, d->col, buf_str(&b));
	buf_free(&b);
}

struct validation_writer *validation_begin(FILE *out, const struct questionnaire *q,
					   const struct require *req, const struct validation_opts *o,
					   struct dmn_error *err)
{
	struct validation_writer *w = xcalloc(1, sizeof *w);

	w->q = q;
	w->req = req;
	w->o = *o;
	w->out = out;
	if (!out)
		return w;
	if (as_document(w)) {
		emit_header(w);
	} else if (o->format == VALIDATION_TAP) {
		fputs("TAP version 13\n", out);
	} else if (!(w->cases = spool_open(err))) {
		free(w);
		return NULL;
	}
	return w;
}

int validation_add(struct validation_writer *w, const char *file, struct dossier *d)
{
	struct counts total, *per_section = xcalloc(w->q->nsections, sizeof *per_section);
	size_t i;
	int complete, valid;

	dossier_settle(d);
	if (w->o.strict)
		for (i = 0; i < d->findings.n; i++)
			d->findings.v[i].sev = SEV_ERROR;
	dossier_counts(d, w->req, &total, per_section);
	complete = total.v[ST_MISSING] == 0 && total.v[ST_PENDING] == 0 && total.v[ST_INVALID] == 0;
	valid = finding_count(&d->findings, SEV_ERROR) == 0;
	print_findings(file, d, &total, complete);
	w->ndossiers++;
	if (!complete || !valid)
		w->nfailed++;
	if (w->out && as_document(w))
		emit_dossier(w, file, d, complete, valid, &total, per_section);
	else if (w->out && w->o.format == VALIDATION_TAP)
		write_tap_case(w, file, d, complete && valid, &total);
	else if (w->out)
		write_junit_case(w, file, d, complete && valid, &total);
	free(per_section);
	return complete && valid;
}

int validation_end(struct validation_writer *w, struct dmn_error *err)
{
	int rc = 0;

	if (!w->out)
		return 0;
	if (as_document(w)) {
		emit_seq_end(&w->em);
		emit_map_end(&w->em);
		emit_doc_end(&w->em);
	} else if (w->o.format == VALIDATION_TAP) {
		fprintf(w->out, "1..%d\n", w->ndossiers);
	} else {
		fprintf(w->out, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
			"<testsuites name=\"dmn-validate\" tests=\"%d\" failures=\"%d\">\n"
			"  <testsuite name=\"dmn-validate\" tests=\"%d\" failures=\"%d\" errors=\"0\">\n",
			w->ndossiers, w->nfailed, w->ndossiers, w->nfailed);
		if (fflush(w->cases) != 0 || spool_copy(w->cases, w->out) != 0) {
			dmn_error_set(err, 0, 0, "write error on a temporary file: %s", errno_text(errno));
			rc = -1;
		}
		fputs("  </testsuite>\n</testsuites>\n", w->out);
	}
	return rc;
}

void validation_writer_free(struct validation_writer *w)
{
	if (!w)
		return;
	if (w->cases)
		fclose(w->cases);
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
	for (i = 0; i < dossiers->n; i++) {
		const struct node *d = read_item(errs, dossiers, i, NODE_MAP);
		if (d)
			read_dossier(&v->dossiers[v->ndossiers++], d, q, errs);
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
	free(v);
}
