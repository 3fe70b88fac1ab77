/* dmn-compare: the guide's Annexe 2 multi-criteria table (or every question) filled from
 * the dossiers of several devices, one column per device. */
#include <ctype.h>
#include <getopt.h>
#include <stdlib.h>
#include <string.h>

#include "guide.h"

/* Every dossier compared stays in memory (its column): their number is bounded. */
#define MAX_DEVICES 2000

static struct {
	int all, differ_only;
	enum lang lang;
	const char *questionnaire, *output;
	unsigned char *sections;	/* --section: per section index, kept */
	int nsections;
} opt;

struct column {
	struct dossier *d;
	char *file;
	struct counts total, *per_section;
};

struct row {
	struct text title;
	int heading, section;
	const int *questions;
	size_t nquestions;
};

struct run {
	struct questionnaire *q;
	struct require all;
	struct column *cols;
	size_t ncols, capcols;
	struct row *rows;
	size_t nrows;
	unsigned char *differs;	/* per row, computed once after every dossier is read */
	int too_many;
};

static void usage(FILE *f)
{
	fprintf(f,
		"usage: dmn-compare [-adj] [-s SECTION]... [-l fr|en] [-Q FILE] [-o FILE] [FILE ...]\n"
		"       dmn-compare -h | -V\n"
		"Compare the dossiers of several devices in the guide's Annexe 2 table (stdin if no\n"
		"FILE; - is stdin; a stream may hold several dossiers).\n"
		"  -a, --all                one row per question instead of the Annexe 2 rows\n"
		"  -s, --section SECTION    keep only the rows of this section (repeatable)\n"
		"  -d, --differ             keep only the rows where the devices' answers differ\n"
		"  -j, --json               write JSON instead of YAML\n"
		"  -l, --lang LANG          language of the option labels: fr or en (default: locale)\n"
		"  -Q, --questionnaire FILE use this questionnaire instead of the built-in has-dmn-2023\n"
		"  -o, --output FILE        write to FILE (replaced atomically) instead of stdout\n"
		"  -h, --help               show this help\n"
		"  -V, --version            show the version\n"
		"Exit status: 0 compared, 1 findings in a dossier (invalid answers, unknown ids or\n"
		"fields), 2 trouble.\n");
}

static const char *device_place(const struct dossier *d, int *line, int *col)
{
	const struct node *dev = node_get(ydoc_root(d->doc), "device");
	const struct node *name = node_get(dev, "name");
	const struct node *at = name ? name : dev ? dev : ydoc_root(d->doc);

	*line = at->line;
	*col = at->col;
	return d->device.name;
}

static int same(const char *a, const char *b)
{
	return (!a && !b) || (a && b && !strcmp(a, b));
}

static void on_document(void *ctx, const char *file, struct ydoc *doc)
{
	struct run *r = ctx;
	struct dmn_error err = { 0 };
	struct column *c;
	struct dossier *d;
	size_t i;
	int line, col;

	if (dossier_load(&d, doc, r->q, &err) != 0) {
		diag_error(file, &err);
		return;
	}
	device_place(d, &line, &col);
	if (!d->device.name) {
		diag(SEV_ERROR, file, line, col, "a dossier without a device name cannot be compared");
		dossier_free(d);
		return;
	}
	for (i = 0; i < r->ncols; i++) {
		const struct dossier *o = r->cols[i].d;
		if (same(o->device.name, d->device.name) && same(o->device.version, d->device.version)) {
			if (d->device.version)
				diag(SEV_ERROR, file, line, col,
				     "device '%s' version '%s' is already in the comparison (%s:%d)", d->device.name,
				     d->device.version, r->cols[i].file, o->line);
			else
				diag(SEV_ERROR, file, line, col, "device '%s' is already in the comparison (%s:%d)",
				     d->device.name, r->cols[i].file, o->line);
			dossier_free(d);
			return;
		}
	}
	dossier_check_conditions(d);
	finding_list_sort(&d->findings);
	program_findings(file, &d->findings);
	if (finding_count(&d->findings, SEV_ERROR))
		diag_status(DMN_FINDINGS);
	if (r->ncols == MAX_DEVICES) {
		if (!r->too_many++)	/* said once; the rest is read and dropped */
			diag(SEV_ERROR, file, d->line, d->col, "more than %d dossiers to compare", MAX_DEVICES);
		dossier_free(d);
		return;
	}
	if (r->ncols == r->capcols) {
		r->capcols = r->capcols ? r->capcols * 2 : 8;
		r->cols = xrealloc(r->cols, r->capcols * sizeof *r->cols);
	}
	c = &r->cols[r->ncols++];
	c->d = d;
	c->file = xstrdup(file);
	c->per_section = xcalloc(r->q->nsections, sizeof *c->per_section);
	dossier_counts(d, &r->all, &c->total, c->per_section);
}

/* The rows: Annexe 2 in the guide's order, or a heading per section and a row per question. */
static void build_rows(struct run *r)
{
	const struct questionnaire *q = r->q;
	size_t i, s;

	if (!opt.all) {
		r->rows = xcalloc(q->nrows, sizeof *r->rows);
		for (i = 0; i < q->nrows; i++) {
			const struct annex_row *a = &q->rows[i];
			struct row *row = &r->rows[r->nrows++];
			row->title = a->title;
			row->heading = a->heading;
			row->section = a->section >= 0 ? a->section :
				       a->nquestions ? q->questions[a->questions[0]].section : -1;
			row->questions = a->questions;
			row->nquestions = a->nquestions;
		}
		return;
	}
	r->rows = xcalloc(q->nsections + q->nquestions, sizeof *r->rows);
	for (s = 0; s < q->nsections; s++) {
		const struct section *sec = &q->sections[s];
		struct row *row = &r->rows[r->nrows++];
		row->title = sec->title;
		row->heading = 1;
		row->section = (int)s;
		for (i = (size_t)sec->first; i < (size_t)(sec->first + sec->count); i++) {
			if (q->questions[i].type == QT_GROUP)
				continue;
			row = &r->rows[r->nrows++];
			row->title = q->questions[i].text;
			row->section = (int)s;
			row->questions = &q->questions[i].index;
			row->nquestions = 1;
		}
	}
}

/* Length of the white space at s (ASCII, or the no-break spaces of French typography). */
static size_t space_at(const char *s)
{
	const unsigned char *p = (const unsigned char *)s;

	if (isspace(p[0]))
		return 1;
	if (p[0] == 0xc2 && p[1] == 0xa0)	/* U+00A0 */
		return 2;
	if (p[0] == 0xe2 && p[1] == 0x80 && p[2] == 0xaf)	/* U+202F */
		return 3;
	return 0;
}

static size_t space_before(const char *s, size_t len)
{
	const unsigned char *p = (const unsigned char *)s;

	if (len >= 1 && isspace(p[len - 1]))
		return 1;
	if (len >= 2 && p[len - 2] == 0xc2 && p[len - 1] == 0xa0)
		return 2;
	if (len >= 3 && p[len - 3] == 0xe2 && p[len - 2] == 0x80 && p[len - 1] == 0xaf)
		return 3;
	return 0;
}

static int trimmed_equal(const char *a, const char *b)
{
	size_t la, lb, n;

	while ((n = space_at(a)) > 0)
		a += n;
	while ((n = space_at(b)) > 0)
		b += n;
	la = strlen(a);
	lb = strlen(b);
	while ((n = space_before(a, la)) > 0)
		la -= n;
	while ((n = space_before(b, lb)) > 0)
		lb -= n;
	return la == lb && !memcmp(a, b, la);
}

static int in_list(const struct node *v, const char *id)
{
	size_t i;

	if (v->kind == NODE_SCALAR)
		return !strcmp(v->text, id);
	for (i = 0; i < v->n; i++)
		if (!strcmp(v->items[i]->text, id))
			return 1;
	return 0;
}

static int same_set(const struct node *a, const struct node *b)
{
	size_t i;

	if (a->kind == NODE_SCALAR)
		return in_list(b, a->text) && (b->kind == NODE_SCALAR || b->n == 1);
	for (i = 0; i < a->n; i++)
		if (!in_list(b, a->items[i]->text))
			return 0;
	return b->kind == NODE_SCALAR ? a->n == 1 : a->n == b->n;
}

/* Two answered values of one question: equal for the comparison? */
static int values_equal(const struct question *qu, const struct answer *a, const struct answer *b)
{
	switch (qu->type) {
	case QT_YESNO:
	case QT_CHOICE:
		return same(a->norm, b->norm);
	case QT_CHOICES:
		return same_set(a->value, b->value);
	case QT_NUMBER:
		return strtod(a->value->text, NULL) == strtod(b->value->text, NULL);
	default:
		return trimmed_equal(a->value->text, b->value->text);
	}
}

/* What the comparison says of one question for one device: the state counted by
 * completeness, with skipped (condition false) shown as not-applicable. */
static int state_of(const struct dossier *d, int qi, const struct require *all)
{
	int s = question_state(d, all, qi);
	return s == ST_SKIPPED ? ST_NOT_APPLICABLE : s;
}

/* Devices differ on a row when two of them say something different about one of its
 * questions: another value, or answered versus unknown or not applicable. Missing,
 * pending and invalid answers say nothing and are not compared. */
static int row_differs(const struct run *r, const struct row *row)
{
	size_t k, i;

	for (k = 0; k < row->nquestions; k++) {
		int qi = row->questions[k], first = -1, s0 = 0;
		const struct question *qu = &r->q->questions[qi];

		/* equality is transitive: comparing each device with the first one is enough */
		for (i = 0; i < r->ncols; i++) {
			int s = state_of(r->cols[i].d, qi, &r->all);
			if (s != ST_ANSWERED && s != ST_UNKNOWN && s != ST_NOT_APPLICABLE)
				continue;
			if (first < 0) {
				first = (int)i;
				s0 = s;
				continue;
			}
			if (s != s0)
				return 1;
			if (s == ST_ANSWERED && !values_equal(qu, &r->cols[first].d->answers[qi],
							       &r->cols[i].d->answers[qi]))
				return 1;
		}
	}
	return 0;
}

/* A number as JSON and YAML both read it: no '+', no leading zeros. */
static void emit_canonical_number(struct emitter *e, const char *s)
{
	struct buf b = { 0 };

	if (*s == '+')
		s++;
	if (*s == '-') {
		buf_adds(&b, "-");
		s++;
	}
	while (s[0] == '0' && s[1] >= '0' && s[1] <= '9')
		s++;
	buf_adds(&b, s);
	emit_number(e, buf_str(&b));
	buf_free(&b);
}

static void emit_value(struct emitter *e, const struct question *qu, const struct answer *a)
{
	const struct node *v = a->value;
	size_t i;

	switch (qu->type) {
	case QT_YESNO:
		emit_kv_str(e, "value", a->norm);
		break;
	case QT_CHOICE:
		emit_kv_str(e, "value", a->norm);
		emit_kv_str(e, "label", option_label(qu, a->norm, opt.lang));
		break;
	case QT_CHOICES:
		emit_key(e, "value");
		emit_seq_begin(e);
		if (v->kind == NODE_SCALAR)
			emit_str(e, v->text);
		else
			for (i = 0; i < v->n; i++)
				emit_str(e, v->items[i]->text);
		emit_seq_end(e);
		emit_key(e, "label");
		emit_seq_begin(e);
		if (v->kind == NODE_SCALAR)
			emit_str(e, option_label(qu, v->text, opt.lang));
		else
			for (i = 0; i < v->n; i++)
				emit_str(e, option_label(qu, v->items[i]->text, opt.lang));
		emit_seq_end(e);
		break;
	case QT_NUMBER:
		emit_key(e, "value");
		emit_canonical_number(e, v->text);
		emit_kv_str(e, "unit", qu->unit);
		break;
	default:
		emit_kv_str(e, "value", v->text);
		break;
	}
}

/* A value kept as written (an invalid answer, or the text given with unknown, pending or
 * not-applicable): a string, or a list of strings; nothing for null or nested data. */
static void emit_raw_value(struct emitter *e, const struct node *v)
{
	size_t i;

	if (!v || node_is_null(v))
		return;
	if (v->kind == NODE_SCALAR) {
		if (v->text[strspn(v->text, " \t\r\n")] != '\0')	/* blank is no value */
			emit_kv_str(e, "value", v->text);
		return;
	}
	if (v->kind != NODE_SEQ)
		return;
	for (i = 0; i < v->n; i++)
		if (v->items[i]->kind != NODE_SCALAR)
			return;
	emit_key(e, "value");
	emit_seq_begin(e);
	for (i = 0; i < v->n; i++)
		emit_str(e, v->items[i]->text);
	emit_seq_end(e);
}


static const char *finding_of(const struct dossier *d, const char *id)
{
	size_t i;

	for (i = 0; i < d->findings.n; i++)
		if (d->findings.v[i].sev == SEV_ERROR && d->findings.v[i].id && !strcmp(d->findings.v[i].id, id))
			return d->findings.v[i].msg;
	return NULL;
}

/* A cell shows a question that does not apply as not-applicable, whatever the reason. */
static const char *cell_state(int s)
{
	return statuses[s == ST_SKIPPED ? ST_NOT_APPLICABLE : s].id;
}

static void emit_cell(struct emitter *e, const struct run *r, const struct row *row, const struct column *c)
{
	const struct dossier *d = c->d;
	const char *status = NULL;
	size_t k;

	/* the cell's status: its answers' one status, invalid if any is, partial if they mix */
	for (k = 0; k < row->nquestions; k++) {
		const char *s = cell_state(state_of(d, row->questions[k], &r->all));
		if (!status)
			status = s;
		else if (strcmp(status, s) != 0 && strcmp(status, "invalid") != 0)
			status = !strcmp(s, "invalid") ? "invalid" : "partial";
	}
	emit_map_begin(e);
	emit_kv_str(e, "status", status ? status : "missing");
	emit_key(e, "answers");
	emit_seq_begin(e);
	for (k = 0; k < row->nquestions; k++) {
		int qi = row->questions[k], state = question_state(d, &r->all, qi);
		const struct question *qu = &r->q->questions[qi];
		const struct answer *a = &d->answers[qi];

		emit_map_begin(e);
		emit_kv_str(e, "id", qu->id);
		emit_kv_str(e, "status", cell_state(state));
		if (state == ST_SKIPPED)
			emit_kv_str(e, "because", question_blocker(d, qi));
		if (a->status == ST_ANSWERED && state != ST_SKIPPED)
			emit_value(e, qu, a);
		else if (a->status != ST_ANSWERED)
			emit_raw_value(e, a->value);	/* what the vendor wrote, as written */
		if (a->source)
			emit_kv_str(e, "source", a->source);
		if (a->by)
			emit_kv_str(e, "by", a->by);
		if (a->date)
			emit_kv_str(e, "date", a->date);
		if (a->comment)
			emit_kv_str(e, "comment", a->comment);
		if (state == ST_INVALID)
			emit_kv_str(e, "finding", finding_of(d, qu->id));
		emit_map_end(e);
	}
	emit_seq_end(e);
	emit_map_end(e);
}

static int row_kept(const struct run *r, const struct row *row)
{
	if (opt.nsections && (row->section < 0 || !opt.sections[row->section]))
		return 0;
	if (opt.differ_only && !row->heading && !r->differs[row - r->rows])
		return 0;
	return 1;
}

static void write_comparison(struct run *r, FILE *f, int json)
{
	const struct questionnaire *q = r->q;
	struct emitter em, *e = &em;
	size_t i, j, k;

	r->differs = xcalloc(r->nrows, 1);
	for (i = 0; i < r->nrows; i++)
		r->differs[i] = !r->rows[i].heading && row_differs(r, &r->rows[i]);
	emit_init(e, f, json);
	emit_doc_begin(e);
	emit_map_begin(e);
	emit_kv_str(e, "kind", "comparison");
	emit_kv_str(e, "questionnaire", q->id);
	emit_kv_str(e, "edition", q->edition);
	emit_kv_str(e, "table", opt.all ? "all" : "annex");
	if (opt.nsections) {
		emit_key(e, "sections");
		emit_seq_begin(e);
		for (i = 0; i < q->nsections; i++)
			if (opt.sections[i])
				emit_str(e, q->sections[i].id);
		emit_seq_end(e);
	}
	emit_key(e, "differ-only");
	emit_bool(e, opt.differ_only);
	emit_key(e, "devices");
	emit_seq_begin(e);
	for (i = 0; i < r->ncols; i++) {
		emit_map_begin(e);
		emit_device_fields(e, &r->cols[i].d->device);
		emit_kv_str(e, "file", r->cols[i].file);
		emit_kv_int(e, "line", r->cols[i].d->line);
		emit_key(e, "completion");
		emit_completion(e, q, &r->cols[i].total, r->cols[i].per_section);
		emit_map_end(e);
	}
	emit_seq_end(e);
	emit_key(e, "rows");
	emit_seq_begin(e);
	for (i = 0; i < r->nrows; i++) {
		const struct row *row = &r->rows[i];

		if (!row_kept(r, row))
			continue;
		if (row->heading) {
			/* a heading only when a row of its section follows */
			for (j = i + 1; j < r->nrows && !r->rows[j].heading; j++)
				if (row_kept(r, &r->rows[j]))
					break;
			if (j == r->nrows || r->rows[j].heading)
				continue;
		}
		emit_map_begin(e);
		emit_key(e, "title");
		emit_map_begin(e);
		emit_kv_str(e, "fr", row->title.fr);
		emit_kv_str(e, "en", row->title.en);
		emit_map_end(e);
		emit_kv_str(e, "section", row->section >= 0 ? q->sections[row->section].id : NULL);
		/* every row has the same fields, so that jq and yq scripts need no special case;
		 * a heading has no questions and no cells */
		emit_key(e, "heading");
		emit_bool(e, row->heading);
		emit_key(e, "questions");
		emit_seq_begin(e);
		for (k = 0; k < row->nquestions; k++)
			emit_str(e, q->questions[row->questions[k]].id);
		emit_seq_end(e);
		emit_key(e, "differ");
		emit_bool(e, r->differs[i]);
		emit_key(e, "cells");
		emit_seq_begin(e);
		for (j = 0; !row->heading && j < r->ncols; j++)
			emit_cell(e, r, row, &r->cols[j]);
		emit_seq_end(e);
		emit_map_end(e);
	}
	emit_seq_end(e);
	emit_map_end(e);
	emit_doc_end(e);
}

static int select_section(struct run *r, const char *id)
{
	size_t i;

	for (i = 0; i < r->q->nsections; i++) {
		if (!strcmp(r->q->sections[i].id, id)) {
			opt.sections[i] = 1;
			opt.nsections++;
			return 0;
		}
	}
	{
		struct buf b = { 0 };
		for (i = 0; i < r->q->nsections; i++)
			buf_addf(&b, "%s%s", i ? ", " : "", r->q->sections[i].id);
		diag(SEV_ERROR, NULL, 0, 0, "unknown section '%s' (the sections are %s)", id, buf_str(&b));
		buf_free(&b);
	}
	return -1;
}

int main(int argc, char **argv)
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
	struct run r = { 0 };
	struct output out = { 0 };
	struct dmn_error err = { 0 };
	const char **sections = xcalloc((size_t)argc, sizeof *sections);
	int c, json = 0, have_lang = 0, nsel = 0, i;
	size_t k;

	program_start(argv[0]);
	opterr = 0;
	while ((c = getopt_long(argc, argv, ":as:djl:Q:o:hV", longopts, NULL)) != -1) {
		switch (c) {
		case 'a':
			opt.all = 1;
			break;
		case 's':
			sections[nsel++] = optarg;
			break;
		case 'd':
			opt.differ_only = 1;
			break;
		case 'j':
			json = 1;
			break;
		case 'l':
			if (program_lang(optarg, &opt.lang, usage) != 0) {
				free(sections);
				return DMN_TROUBLE;
			}
			have_lang = 1;
			break;
		case 'Q':
			opt.questionnaire = optarg;
			break;
		case 'o':
			opt.output = optarg;
			break;
		case 'h':
			free(sections);
			return program_help(usage);
		case 'V':
			free(sections);
			return program_version();
		default:
			free(sections);
			return program_usage_error(c, argv, usage);
		}
	}
	if (!have_lang)
		opt.lang = lang_from_env();
	if (program_questionnaire(&r.q, opt.questionnaire) != 0) {
		free(sections);
		return DMN_TROUBLE;
	}
	{
		const char *others[] = { opt.questionnaire, NULL };
		if (program_output_safe(opt.output, argv + optind, argc - optind, others) != 0) {
			questionnaire_free(r.q);
			free(sections);
			return DMN_TROUBLE;
		}
	}
	opt.sections = xcalloc(r.q->nsections, 1);
	for (i = 0; i < nsel; i++)
		if (select_section(&r, sections[i]) != 0)
			goto done;
	require_all(&r.all, r.q);
	build_rows(&r);
	program_inputs(argv + optind, argc - optind, on_document, &r, "dossier");
	/* a run with trouble writes nothing: never a partial table as if it were whole */
	if (diag_exit_status() < DMN_TROUBLE) {
		if (output_open(&out, opt.output, &err) != 0) {
			diag_error(NULL, &err);
			goto done;
		}
		write_comparison(&r, out.f, json);
		if (output_commit(&out, &err) != 0)
			diag_error(NULL, &err);
	}
done:
	for (k = 0; k < r.ncols; k++) {
		dossier_free(r.cols[k].d);
		free(r.cols[k].file);
		free(r.cols[k].per_section);
	}
	free(r.cols);
	free(r.rows);
	free(r.differs);
	free(sections);
	free(opt.sections);
	require_free(&r.all);
	questionnaire_free(r.q);
	return diag_exit_status();
}
