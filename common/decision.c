/* decision.c: the committee's weighted decision, opt-in (dmn-compare --ratings --weights).
 * The guide gives no score; a committee that must rank offers (a public purchase announces
 * weighted award criteria) writes its own: ratings per device and Annexe 2 row (kind:
 * ratings, on a scale the file declares, each with its rationale) and weights per row or per
 * section (kind: weights: given, summing to a declared total, or derived from pairwise
 * comparisons by the AHP, refused when the consistency ratio is above 0.10). The result is a
 * weighted sum, the rank, the range of each weight within which the ranking holds (one at a
 * time), and the share of rankings changed when every weight is perturbed at random (a
 * stated spread, a fixed seed). It is written in the comparison document and rendered under
 * the Annexe 2 table by dmn-report; every output says the scores are the committee's. */
#include <errno.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "emit.h"
#include "guide.h"

#define PAIRWISE_MAX 10		/* Saaty's random index is given for up to 10 criteria */
#define CR_MAX 0.10
#define TIE 1e-9		/* totals closer than this are equal */

struct rating {
	int set;
	double score;
	const char *rationale;
	const struct node *at;	/* the rating's entry in the ratings file */
};
struct rated {			/* a device of the ratings file */
	const char *name;
	const struct node *at;
	struct rating *rows;	/* per q->rows index */
	int col;		/* its column in the comparison, or -1 */
};
struct criterion {		/* a row or a section that the weights file weighs */
	int row, section;	/* an index in q->rows or q->sections; -1 for the other */
	const char *id;		/* as the file names it */
	double weight;		/* in percent of the total */
	double lo, hi;		/* one at a time: the ranking holds for a weight between them */
	int scored;		/* every device has a score for it */
	const struct node *at;
};
struct decision {
	const struct questionnaire *q;
	struct decision_opts o;
	struct ydoc *rdoc, *wdoc;
	char *rfile, *wfile;
	double min, max;	/* the ratings' scale */
	const char *by, *date;	/* who rated, when (optional) */
	int sections, pairwise;	/* weights by section; derived from pairwise comparisons */
	double total, lambda, cr;
	struct criterion *crit;
	size_t ncrit;
	struct rated *dev;	/* in the ratings file's order */
	size_t ndev;
	const struct node *devices_at;
	/* the result, per device in the comparison's order (ncols of them) */
	size_t ncols;
	const char **names;
	int *rated;		/* its index in dev */
	double *score;		/* ncols x ncrit: the device's score on each criterion */
	double *totals;
	int *rank;
	unsigned long changed, *dev_changed;	/* draws that changed the ranking, a device's rank */
};

/* --- reading ------------------------------------------------------------------------------ */

/* A number as YAML writes it (3, 4.5, -1), or, where fraction is allowed, a/b (1/3). */
static int number_of(const struct node *n, int fraction, double *out)
{
	const char *s, *slash;

	if (!node_is_str(n))
		return 0;
	s = n->text;
	if (parse_decimal(s)) {
		*out = strtod(s, NULL);
		return 1;
	}
	if (fraction && (slash = strchr(s, '/')) != NULL) {
		char a[32];
		size_t la = (size_t)(slash - s);
		if (la == 0 || la >= sizeof a)
			return 0;
		memcpy(a, s, la);
		a[la] = '\0';
		if (parse_decimal(a) && parse_decimal(slash + 1) && a[0] != '-' && slash[1] != '-' &&
		    strtod(slash + 1, NULL) > 0) {
			*out = strtod(a, NULL) / strtod(slash + 1, NULL);
			return 1;
		}
	}
	return 0;
}

static int read_number(struct finding_list *l, const struct node *map, const char *key, double *out)
{
	const struct node *n = node_get(map, key);

	if (!n || node_is_null(n))
		return 0;	/* check_fields says it is absent */
	if (number_of(n, 0, out))
		return 1;
	finding_add(l, SEV_ERROR, n, NULL, NULL, "'%s' must be a number (such as 3 or 4.5), not '%s'", key,
		    node_is_str(n) ? n->text : node_kind_name(n));
	return 0;
}

/* The Annexe 2 row (not a heading) that holds question qi, or -1. */
static int row_of(const struct questionnaire *q, int qi)
{
	size_t r, k;

	for (r = 0; r < q->nrows; r++)
		for (k = 0; !q->rows[r].heading && k < q->rows[r].nquestions; k++)
			if (q->rows[r].questions[k] == qi)
				return (int)r;
	return -1;
}

/* The section of a row: its heading's, which is its questions' */
static int row_section(const struct questionnaire *q, size_t r)
{
	return q->rows[r].section >= 0 ? q->rows[r].section : q->questions[q->rows[r].questions[0]].section;
}

/* A row named by one of its questions' ids: its index, or -1 after a finding at n. */
static int find_row(struct finding_list *l, const struct questionnaire *q, const struct node *n)
{
	int qi, r;

	if (!read_is(l, n, NODE_SCALAR, _("a row")))
		return -1;
	if ((qi = questionnaire_find(q, n->text)) < 0) {
		finding_add(l, SEV_ERROR, n, NULL, NULL,
			    "unknown row '%s': a row is named by the id of one of its questions (3.1)", n->text);
		return -1;
	}
	if ((r = row_of(q, qi)) < 0)
		finding_add(l, SEV_ERROR, n, NULL, NULL, "question '%s' is in no row of the Annexe 2 table", n->text);
	return r;
}

static int find_section(struct finding_list *l, const struct questionnaire *q, const struct node *n)
{
	size_t s, r;

	if (!read_is(l, n, NODE_SCALAR, _("a section")))
		return -1;
	for (s = 0; s < q->nsections && strcmp(q->sections[s].id, n->text) != 0; s++)
		;
	if (s == q->nsections) {
		finding_add(l, SEV_ERROR, n, NULL, NULL, "unknown section '%s'", n->text);
		return -1;
	}
	for (r = 0; r < q->nrows && (q->rows[r].heading || row_section(q, r) != (int)s); r++)
		;
	if (r == q->nrows) {
		finding_add(l, SEV_ERROR, n, NULL, NULL, "section '%s' has no row in the Annexe 2 table", n->text);
		return -1;
	}
	return (int)s;
}

/* kind: and questionnaire: of the ratings file (ratings 1) or the weights file (0) */
static int check_kind(struct finding_list *l, const struct questionnaire *q, const struct node *root, int ratings)
{
	const struct node *k = root->kind == NODE_MAP ? node_get(root, "kind") : NULL;
	const char *qid;

	if (!node_is_str(k) || strcmp(k->text, ratings ? "ratings" : "weights") != 0) {
		if (ratings)
			finding_add(l, SEV_ERROR, root, NULL, NULL, "not a ratings file: expected a mapping with 'kind: ratings'");
		else
			finding_add(l, SEV_ERROR, root, NULL, NULL, "not a weights file: expected a mapping with 'kind: weights'");
		return -1;
	}
	qid = read_str(l, root, "questionnaire", 0, ratings ? _("the ratings") : _("the weights"));
	if (qid && strcmp(qid, q->id) != 0) {
		if (ratings)
			finding_add(l, SEV_ERROR, node_get(root, "questionnaire"), NULL, NULL,
				    "the ratings are for questionnaire '%s', not '%s'", qid, q->id);
		else
			finding_add(l, SEV_ERROR, node_get(root, "questionnaire"), NULL, NULL,
				    "the weights are for questionnaire '%s', not '%s'", qid, q->id);
	}
	return 0;
}

static void read_rating(struct finding_list *l, struct decision *d, struct rated *dev, const struct node *e)
{
	static const char *const fields[] = { "!row", "!score", "!rationale", NULL };
	const struct node *rn = node_get(e, "row");
	struct rating *rt;
	double score;
	int r;

	if (!check_fields(l, e, fields, dev->name, _("a rating of '%s'")) || !rn)
		return;
	if ((r = find_row(l, d->q, rn)) < 0)
		return;
	rt = &dev->rows[r];
	if (rt->set) {
		finding_add(l, SEV_ERROR, rn, NULL, NULL, "'%s' is rated twice on the row of %s (first at line %d)",
			    dev->name, d->q->questions[d->q->rows[r].questions[0]].id, rt->at->line);
		return;
	}
	if (!read_number(l, e, "score", &score))
		return;
	if (score < d->min || score > d->max) {
		finding_add(l, SEV_ERROR, node_get(e, "score"), NULL, NULL,
			    "score %s is outside the scale declared (%g to %g)", node_get(e, "score")->text, d->min,
			    d->max);
		return;
	}
	rt->rationale = read_str(l, e, "rationale", 1, _("a rating"));
	if (!rt->rationale)
		return;
	if (!*rt->rationale) {
		finding_add(l, SEV_ERROR, node_get(e, "rationale"), NULL, NULL, "a rating needs its rationale");
		return;
	}
	rt->set = 1;
	rt->score = score;
	rt->at = e;
}

static void read_ratings(struct finding_list *l, struct decision *d, const struct node *root)
{
	static const char *const fields[] = { "!kind", "questionnaire", "!scale", "by", "date", "!devices", NULL };
	static const char *const scale_fields[] = { "!min", "!max", NULL };
	const struct node *scale, *devices;
	size_t i, j, before = l->n;

	if (check_kind(l, d->q, root, 1) != 0 || !check_fields(l, root, fields, NULL, _("the ratings")))
		return;
	d->by = read_str(l, root, "by", 0, _("the ratings"));
	d->date = read_str(l, root, "date", 0, _("the ratings"));
	if (d->date && !parse_date(d->date))
		finding_add(l, SEV_ERROR, node_get(root, "date"), NULL, NULL, "'date' must be a date (YYYY-MM-DD), not '%s'",
			    d->date);
	scale = read_node(l, root, "scale", NODE_MAP, 1, _("the ratings"));
	devices = read_node(l, root, "devices", NODE_SEQ, 1, _("the ratings"));
	if (!scale || !devices || !check_fields(l, scale, scale_fields, NULL, _("the scale")) ||
	    !read_number(l, scale, "min", &d->min) || !read_number(l, scale, "max", &d->max))
		return;
	if (d->min >= d->max) {
		finding_add(l, SEV_ERROR, scale, NULL, NULL, "the scale's min (%g) must be below its max (%g)", d->min,
			    d->max);
		return;
	}
	d->devices_at = devices;
	d->dev = xcalloc(devices->n ? devices->n : 1, sizeof *d->dev);
	for (i = 0; i < devices->n; i++) {
		static const char *const dev_fields[] = { "!name", "!ratings", NULL };
		const struct node *e = read_item(l, devices, i, NODE_MAP), *list;
		struct rated *dev;

		if (!e || !check_fields(l, e, dev_fields, NULL, _("a rated device")))
			continue;
		dev = &d->dev[d->ndev];
		if (!(dev->name = read_str(l, e, "name", 1, _("a rated device"))) ||
		    !(list = read_node(l, e, "ratings", NODE_SEQ, 1, _("a rated device"))))
			continue;
		for (j = 0; j < d->ndev && strcmp(d->dev[j].name, dev->name) != 0; j++)
			;
		if (j < d->ndev) {
			finding_add(l, SEV_ERROR, node_get(e, "name"), NULL, NULL,
				    "device '%s' is rated twice (first at line %d)", dev->name, d->dev[j].at->line);
			continue;
		}
		dev->at = e;
		dev->col = -1;
		dev->rows = xcalloc(d->q->nrows ? d->q->nrows : 1, sizeof *dev->rows);
		d->ndev++;
		for (j = 0; j < list->n; j++) {
			const struct node *r = read_item(l, list, j, NODE_MAP);
			if (r)
				read_rating(l, d, dev, r);
		}
	}
	if (l->n == before && d->ndev == 0)
		finding_add(l, SEV_ERROR, devices, NULL, NULL, "the ratings rate no device");
}

/* Saaty's random consistency index, by the number of criteria */
static const double random_index[PAIRWISE_MAX + 1] = { 0, 0, 0, 0.58, 0.90, 1.12, 1.24, 1.32, 1.41, 1.45, 1.49 };

/* The principal eigenvector of a positive reciprocal matrix (power iteration), as weights in
 * percent; lambda_max and the consistency ratio. */
static void ahp(const double *a, size_t n, double *w, double *lambda, double *cr)
{
	double *next = xcalloc(n, sizeof *next), sum, diff;
	size_t i, j, it;

	for (i = 0; i < n; i++)
		w[i] = 1.0 / (double)n;
	for (it = 0; it < 10000; it++) {
		for (i = 0, sum = 0; i < n; i++) {
			for (j = 0, next[i] = 0; j < n; j++)
				next[i] += a[i * n + j] * w[j];
			sum += next[i];
		}
		for (i = 0, diff = 0; i < n; i++) {
			next[i] /= sum;
			diff += fabs(next[i] - w[i]);
			w[i] = next[i];
		}
		if (diff < 1e-15)
			break;
	}
	for (i = 0, *lambda = 0; i < n; i++) {
		for (j = 0, sum = 0; j < n; j++)
			sum += a[i * n + j] * w[j];
		*lambda += sum / w[i] / (double)n;
	}
	*cr = n > 2 ? (*lambda - (double)n) / (double)(n - 1) / random_index[n] : 0;
	if (*cr < 0)
		*cr = 0;
	for (i = 0; i < n; i++)
		w[i] *= 100;
	free(next);
}

static void add_criterion(struct finding_list *l, struct decision *d, const struct node *id)
{
	struct criterion *c;
	size_t i;
	int k = d->sections ? find_section(l, d->q, id) : find_row(l, d->q, id);

	if (k < 0)
		return;
	for (i = 0; i < d->ncrit; i++)
		if ((d->sections ? d->crit[i].section : d->crit[i].row) == k) {
			finding_add(l, SEV_ERROR, id, NULL, NULL, "'%s' names the same %s as '%s' (line %d)", id->text,
				    d->sections ? _("section") : _("row"), d->crit[i].id, d->crit[i].at->line);
			return;
		}
	c = &d->crit[d->ncrit++];
	c->row = d->sections ? -1 : k;
	c->section = d->sections ? k : -1;
	c->id = id->text;
	c->at = id;
}

static void read_pairwise(struct finding_list *l, struct decision *d, const struct node *pw)
{
	static const char *const fields[] = { "!criteria", "!matrix", NULL };
	const struct node *crit, *matrix;
	size_t n, i, j, before = l->n;
	double *a, *w;

	if (!check_fields(l, pw, fields, NULL, _("the pairwise comparisons")))
		return;
	crit = read_node(l, pw, "criteria", NODE_SEQ, 1, _("the pairwise comparisons"));
	matrix = read_node(l, pw, "matrix", NODE_SEQ, 1, _("the pairwise comparisons"));
	if (!crit || !matrix)
		return;
	n = crit->n;
	if (n < 2 || n > PAIRWISE_MAX) {
		finding_add(l, SEV_ERROR, crit, NULL, NULL,
			    "pairwise comparisons take 2 to %d criteria (Saaty's random index stops there), not %zu",
			    PAIRWISE_MAX, n);
		return;
	}
	d->crit = xcalloc(n, sizeof *d->crit);
	for (i = 0; i < n; i++)
		add_criterion(l, d, crit->items[i]);
	if (l->n > before)
		return;
	if (matrix->n != n) {
		finding_add(l, SEV_ERROR, matrix, NULL, NULL, "the matrix has %zu rows for %zu criteria", matrix->n, n);
		return;
	}
	a = xcalloc(n * n, sizeof *a);
	for (i = 0; i < n && l->n == before; i++) {
		const struct node *row = read_item(l, matrix, i, NODE_SEQ);
		if (!row)
			break;
		if (row->n != n) {
			finding_add(l, SEV_ERROR, row, NULL, NULL, "row %zu of the matrix has %zu values for %zu criteria", i + 1,
				    row->n, n);
			break;
		}
		for (j = 0; j < n; j++) {
			const struct node *v = row->items[j];
			if (!number_of(v, 1, &a[i * n + j]) || a[i * n + j] <= 0) {
				finding_add(l, SEV_ERROR, v, NULL, NULL,
					    "a comparison must be a positive number or a fraction (3, 1/3), not '%s'",
					    node_is_str(v) ? v->text : node_kind_name(v));
				break;
			}
			if (a[i * n + j] < 1.0 / 9 - 1e-3 || a[i * n + j] > 9 + 1e-9) {
				finding_add(l, SEV_ERROR, v, NULL, NULL,
					    "'%s' is outside Saaty's scale (1/9 to 9)", v->text);
				break;
			}
			if (i == j && fabs(a[i * n + j] - 1) > 1e-9) {
				finding_add(l, SEV_ERROR, v, NULL, NULL,
					    "a criterion compared with itself is 1, not '%s'", v->text);
				break;
			}
		}
	}
	for (i = 0; i < n && l->n == before; i++)
		for (j = i + 1; j < n && l->n == before; j++)
			if (fabs(a[i * n + j] * a[j * n + i] - 1) > 0.02)
				finding_add(l, SEV_ERROR, matrix->items[j]->items[i], NULL, NULL,
					    "row %zu, column %zu is '%s', not the inverse of row %zu, column %zu ('%s')", j + 1,
					    i + 1, matrix->items[j]->items[i]->text, i + 1, j + 1,
					    matrix->items[i]->items[j]->text);
	if (l->n == before) {
		w = xcalloc(n, sizeof *w);
		ahp(a, n, w, &d->lambda, &d->cr);
		if (d->cr > CR_MAX)
			finding_add(l, SEV_ERROR, matrix, NULL, NULL,
				    "the pairwise comparisons are not consistent: their consistency ratio is %.3f, above %.2f: revise them",
				    d->cr, CR_MAX);
		for (i = 0; i < n; i++)
			d->crit[i].weight = w[i];
		free(w);
	}
	free(a);
	d->pairwise = 1;
	d->total = 100;
}

static void read_weights(struct finding_list *l, struct decision *d, const struct node *root)
{
	static const char *const fields[] = { "!kind", "questionnaire", "!by", "weights", "total", "pairwise", NULL };
	const char *by;
	const struct node *given, *pw;
	size_t i, before = l->n;
	double sum = 0;

	if (check_kind(l, d->q, root, 0) != 0 || !check_fields(l, root, fields, NULL, _("the weights")))
		return;
	if (!(by = read_str(l, root, "by", 1, _("the weights"))))
		return;
	if (strcmp(by, "rows") != 0 && strcmp(by, "sections") != 0) {
		finding_add(l, SEV_ERROR, node_get(root, "by"), NULL, NULL, "'by' is rows or sections, not '%s'", by);
		return;
	}
	d->sections = !strcmp(by, "sections");
	given = read_node(l, root, "weights", NODE_MAP, 0, _("the weights"));
	pw = read_node(l, root, "pairwise", NODE_MAP, 0, _("the weights"));
	if (l->n > before)
		return;
	if (!given == !pw) {
		finding_add(l, SEV_ERROR, root, NULL, NULL,
			    "the weights are either given ('weights' and 'total') or derived ('pairwise'): give one");
		return;
	}
	if (pw) {
		if (node_get(root, "total"))
			finding_add(l, SEV_ERROR, node_get(root, "total"), NULL, NULL,
				    "'total' goes with given weights: derived ones sum to 100");
		read_pairwise(l, d, pw);
		return;
	}
	if (!node_get(root, "total")) {
		finding_add(l, SEV_ERROR, root, NULL, NULL, "the weights have no 'total': declare what they sum to (100)");
		return;
	}
	if (!read_number(l, root, "total", &d->total))
		return;
	if (d->total <= 0) {
		finding_add(l, SEV_ERROR, node_get(root, "total"), NULL, NULL, "'total' must be above 0");
		return;
	}
	d->crit = xcalloc(given->n ? given->n : 1, sizeof *d->crit);
	for (i = 0; i < given->n; i++) {
		const struct node *v = given->items[2 * i + 1];
		size_t k = d->ncrit;
		double w;

		add_criterion(l, d, given->items[2 * i]);
		if (d->ncrit == k)
			continue;
		if (!number_of(v, 0, &w) || w < 0) {
			finding_add(l, SEV_ERROR, v, NULL, NULL, "a weight must be a number of 0 or more, not '%s'",
				    node_is_str(v) ? v->text : node_kind_name(v));
			continue;
		}
		d->crit[k].weight = w;
		sum += w;
	}
	if (l->n > before)
		return;
	if (fabs(sum - d->total) > 1e-6 * d->total) {
		finding_add(l, SEV_ERROR, node_get(root, "total"), NULL, NULL,
			    "the weights sum to %g, not to the total declared (%g)", sum, d->total);
		return;
	}
	for (i = 0; i < d->ncrit; i++)
		d->crit[i].weight = d->crit[i].weight * 100 / d->total;
}

int decision_read(struct decision **out, const struct questionnaire *q, struct ydoc *ratings, const char *rname,
		  struct ydoc *weights, const char *wname, const struct decision_opts *o)
{
	struct decision *d = xcalloc(1, sizeof *d);
	struct finding_list l = { 0 };
	int rc = 0;

	d->q = q;
	d->o = *o;
	d->rdoc = ratings;
	d->wdoc = weights;
	d->rfile = xstrdup(rname);
	d->wfile = xstrdup(wname);
	*out = d;
	read_weights(&l, d, ydoc_root(weights));
	rc |= program_trouble_findings(d->wfile, &l);
	read_ratings(&l, d, ydoc_root(ratings));
	rc |= program_trouble_findings(d->rfile, &l);
	return rc;
}

int decision_load(struct decision **out, const struct questionnaire *q, const char *ratings,
		  const char *weights, const struct decision_opts *o)
{
	struct ydoc *rdoc = NULL, *wdoc = NULL;
	char *rname = NULL, *wname = NULL;
	int rc = -1;

	*out = NULL;
	if (program_one_document(weights, _("empty weights file"), &wdoc, &wname) == 0 &&
	    program_one_document(ratings, _("empty ratings file"), &rdoc, &rname) == 0) {
		rc = decision_read(out, q, rdoc, rname, wdoc, wname, o);
		rdoc = wdoc = NULL;	/* the decision's now */
	}
	ydoc_free(rdoc);
	ydoc_free(wdoc);
	free(rname);
	free(wname);
	return rc;
}

void decision_free(struct decision *d)
{
	size_t i;

	if (!d)
		return;
	for (i = 0; i < d->ndev; i++)
		free(d->dev[i].rows);
	free(d->dev);
	free(d->crit);
	free(d->names);
	free(d->rated);
	free(d->score);
	free(d->totals);
	free(d->rank);
	free(d->dev_changed);
	ydoc_free(d->rdoc);
	ydoc_free(d->wdoc);
	free(d->rfile);
	free(d->wfile);
	free(d);
}

/* --- the result ----------------------------------------------------------------------------- */

static const char *row_brief(const struct questionnaire *q, int r, enum lang lang)
{
	const struct annex_row *row = &q->rows[r];
	return text_get(row->brief.fr ? row->brief : row->title, lang);
}

/* The score of a rated device on a criterion: its rating of the row, or the mean of its
 * ratings of the section's rows; 0 with *ok 0 when it has none. */
static double criterion_score(const struct decision *d, const struct rated *dev, const struct criterion *c, int *ok)
{
	size_t r, n = 0;
	double sum = 0;

	if (c->row >= 0) {
		*ok = dev->rows[c->row].set;
		return dev->rows[c->row].score;
	}
	for (r = 0; r < d->q->nrows; r++)
		if (!d->q->rows[r].heading && row_section(d->q, r) == c->section && dev->rows[r].set) {
			sum += dev->rows[r].score;
			n++;
		}
	*ok = n > 0;
	return n ? sum / (double)n : 0;
}

/* The rows of a section that one device rates and another does not: said, -1. */
static int same_rows(const struct decision *d, const struct criterion *c, const struct rated *a, const struct rated *b,
		     const char *file)
{
	size_t r;

	for (r = 0; r < d->q->nrows; r++)
		if (!d->q->rows[r].heading && row_section(d->q, r) == c->section &&
		    a->rows[r].set != b->rows[r].set) {
			const struct rated *with = a->rows[r].set ? a : b, *without = a->rows[r].set ? b : a;
			diag(SEV_ERROR, file, without->at->line, without->at->col,
			     "'%s' has no rating on the row '%s' (%s) of section %s, which '%s' has: rate the same rows of a weighed section",
			     without->name, row_brief(d->q, (int)r, i18n_lang()), d->q->questions[d->q->rows[r].questions[0]].id,
			     d->q->sections[c->section].id, with->name);
			return -1;
		}
	return 0;
}

static void totals_of(const struct decision *d, const double *w, double *t)
{
	size_t i, k;

	for (i = 0; i < d->ncols; i++) {
		double s = 0, ws = 0;
		for (k = 0; k < d->ncrit; k++)
			if (w[k] > 0) {
				s += w[k] * d->score[i * d->ncrit + k];
				ws += w[k];
			}
		t[i] = ws > 0 ? s / ws : 0;
	}
}

static void ranks_of(size_t n, const double *t, int *rank)
{
	size_t i, j;

	for (i = 0; i < n; i++)
		for (j = 0, rank[i] = 1; j < n; j++)
			if (t[j] > t[i] + TIE)
				rank[i]++;
}

/* One at a time: criterion k's weight t goes from 0 to 100, the others keep their
 * proportions (or share equally what k leaves, when k had it all). Every total is then
 * linear in t; the ranking holds between the nearest crossings of two totals. */
static void stable_range(struct decision *d, size_t k)
{
	struct criterion *c = &d->crit[k];
	double wk = c->weight, *base = xcalloc(d->ncols, sizeof *base), lo = 0, hi = 100;
	size_t i, j, m, others = 0;

	for (m = 0; m < d->ncrit; m++)
		others += m != k && d->crit[m].scored;
	for (i = 0; i < d->ncols; i++) {
		double s = 0, ws = 0;
		for (m = 0; m < d->ncrit; m++) {
			double w = 100 - wk > 1e-9 ? d->crit[m].weight : 1;
			if (m == k || !d->crit[m].scored)
				continue;
			s += w * d->score[i * d->ncrit + m];
			ws += w;
		}
		base[i] = ws > 0 ? s / ws : 0;	/* the device's mean on the other criteria */
	}
	for (i = 0; i < d->ncols; i++)
		for (j = i + 1; j < d->ncols; j++) {
			/* T(t) = base + t (score - base) / 100 */
			double si = others ? (d->score[i * d->ncrit + k] - base[i]) : d->score[i * d->ncrit + k];
			double sj = others ? (d->score[j * d->ncrit + k] - base[j]) : d->score[j * d->ncrit + k];
			double gap = others ? base[i] - base[j] : 0, slope = (si - sj) / 100, t;
			if (fabs(slope) < 1e-12)
				continue;	/* parallel: the two never cross */
			t = -gap / slope;
			if (fabs(t - wk) < 1e-7)
				lo = hi = wk;	/* tied at the weight given: any change parts them */
			else if (t < wk && t > lo)
				lo = t;
			else if (t > wk && t < hi)
				hi = t;
		}
	c->lo = lo;
	c->hi = hi;
	free(base);
}

/* splitmix64: a small generator whose draws are the same on every machine for a seed */
static uint64_t next_random(uint64_t *s)
{
	uint64_t z = (*s += 0x9e3779b97f4a7c15ULL);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

static void perturb(struct decision *d)
{
	double *w = xcalloc(d->ncrit, sizeof *w), *t = xcalloc(d->ncols, sizeof *t);
	int *rank = xcalloc(d->ncols, sizeof *rank);
	uint64_t s = d->o.seed;
	unsigned long draw;
	size_t i, k;

	d->dev_changed = xcalloc(d->ncols, sizeof *d->dev_changed);
	for (draw = 0; draw < d->o.draws; draw++) {
		int changed = 0;
		for (k = 0; k < d->ncrit; k++) {
			double u = (double)(next_random(&s) >> 11) * 0x1.0p-53 * 2 - 1;
			w[k] = d->crit[k].weight * (1 + u * d->o.spread / 100);
		}
		totals_of(d, w, t);
		ranks_of(d->ncols, t, rank);
		for (i = 0; i < d->ncols; i++)
			if (rank[i] != d->rank[i]) {
				d->dev_changed[i]++;
				changed = 1;
			}
		d->changed += changed;
	}
	free(w);
	free(t);
	free(rank);
}

/* The questions of row r that device i has not answered (missing, pending or invalid),
 * "3.1 (invalid), 3.4 (missing)" in b: how many. */
static int unanswered(const struct questionnaire *q, const struct comparison *c, size_t i, int r, struct buf *b)
{
	size_t k;
	int n = 0;

	for (k = 0; k < q->rows[r].nquestions; k++) {
		int qi = q->rows[r].questions[k], st = comparison_state(c, i, qi);
		if (st == ST_MISSING || st == ST_PENDING || st == ST_INVALID)
			buf_addf(b, "%s%s (%s)", n++ ? ", " : "", q->questions[qi].id, status_label(st));
	}
	return n;
}

int decision_settle(struct decision *d, const struct comparison *c)
{
	size_t i, j, k;
	double *w;
	int rc = 0;

	d->ncols = comparison_ndevices(c);
	d->names = xcalloc(d->ncols ? d->ncols : 1, sizeof *d->names);
	d->rated = xcalloc(d->ncols ? d->ncols : 1, sizeof *d->rated);
	for (i = 0; i < d->ncols; i++) {
		d->names[i] = comparison_device_name(c, i);
		for (j = 0; j < d->ndev && strcmp(d->dev[j].name, d->names[i]) != 0; j++)
			;
		d->rated[i] = (int)j;
		if (j == d->ndev) {
			diag(SEV_ERROR, d->rfile, d->devices_at->line, d->devices_at->col,
			     "device '%s' is compared but not rated: rate every device compared", d->names[i]);
			rc = -1;
		} else {
			d->dev[j].col = (int)i;
		}
	}
	for (j = 0; j < d->ndev; j++)
		if (d->dev[j].col < 0) {
			diag(SEV_ERROR, d->rfile, d->dev[j].at->line, d->dev[j].at->col,
			     "device '%s' is rated but not among the dossiers compared", d->dev[j].name);
			rc = -1;
		}
	if (rc)
		return -1;
	d->score = xcalloc(d->ncols * d->ncrit + 1, sizeof *d->score);
	for (k = 0; k < d->ncrit; k++) {
		struct criterion *cr = &d->crit[k];
		cr->scored = 1;
		for (i = 0; i < d->ncols; i++) {
			const struct rated *dev = &d->dev[d->rated[i]];
			int ok;
			d->score[i * d->ncrit + k] = criterion_score(d, dev, cr, &ok);
			if (ok && cr->section >= 0 && i > 0 && same_rows(d, cr, &d->dev[d->rated[0]], dev, d->rfile) != 0)
				rc = -1;
			if (ok)
				continue;
			cr->scored = 0;
			if (cr->weight > 0) {
				if (cr->row >= 0)
					diag(SEV_ERROR, d->rfile, dev->at->line, dev->at->col,
					     "'%s' has no rating on the row '%s' (%s), which weighs %g %%", dev->name,
					     row_brief(d->q, cr->row, i18n_lang()), cr->id, cr->weight);
				else
					diag(SEV_ERROR, d->rfile, dev->at->line, dev->at->col,
					     "'%s' has no rating on any row of section %s, which weighs %g %%", dev->name,
					     cr->id, cr->weight);
				rc = -1;
			}
		}
	}
	if (rc)
		return -1;
	w = xcalloc(d->ncrit + 1, sizeof *w);
	for (k = 0; k < d->ncrit; k++)
		w[k] = d->crit[k].weight;
	d->totals = xcalloc(d->ncols + 1, sizeof *d->totals);
	d->rank = xcalloc(d->ncols + 1, sizeof *d->rank);
	totals_of(d, w, d->totals);
	ranks_of(d->ncols, d->totals, d->rank);
	free(w);
	for (k = 0; k < d->ncrit; k++)
		if (d->crit[k].scored)
			stable_range(d, k);
	perturb(d);
	/* ratings given where the answers are missing or pending: warned of, and flagged */
	for (i = 0; i < d->ncols; i++) {
		const struct rated *dev = &d->dev[d->rated[i]];
		for (j = 0; j < d->q->nrows; j++) {
			struct buf b = { 0 };
			if (!dev->rows[j].set || !unanswered(d->q, c, i, (int)j, &b))
				continue;
			diag(SEV_WARNING, d->rfile, dev->rows[j].at->line, dev->rows[j].at->col,
			     "'%s' is rated on the row of %s, where answers are not in: %s", dev->name,
			     d->q->questions[d->q->rows[j].questions[0]].id, buf_str(&b));
			buf_free(&b);
		}
	}
	return 0;
}

/* --- the document ----------------------------------------------------------------------------- */

/* a figure with at most places decimals, trailing zeros dropped: 54.76, 3.2, 100 */
static void emit_figure(struct emitter *e, double v, int places)
{
	char s[64];
	size_t n;

	if (fabs(v) < 5e-7)
		v = 0;
	snprintf(s, sizeof s, "%.*f", places, v);
	n = strlen(s);
	if (strchr(s, '.')) {
		while (s[n - 1] == '0')
			s[--n] = '\0';
		if (s[n - 1] == '.')
			s[--n] = '\0';
	}
	emit_number(e, s);
}

static void emit_kv_figure(struct emitter *e, const char *key, double v, int places)
{
	emit_key(e, key);
	emit_figure(e, v, places);
}

/* The guide's own words on scores (its introduction), quoted by every output. */
static const struct text guide_no_score = {
	"Ce guide généraliste n'a pas pour vocation d'apporter des réponses spécifiques pour évaluer un DMN "
	"particulier ou d'associer un score d'évaluation à chaque question",
	"This general guide is not intended to provide specific answers for assessing a particular DMN or to "
	"associate an evaluation score with each question"
};

static void emit_criterion_name(struct emitter *e, const struct decision *d, const struct criterion *c)
{
	if (c->row >= 0) {
		emit_kv_str(e, "row", d->q->questions[d->q->rows[c->row].questions[0]].id);
		emit_kv_text(e, "title", d->q->rows[c->row].brief.fr ? d->q->rows[c->row].brief : d->q->rows[c->row].title);
	} else {
		size_t r;
		for (r = 0; r < d->q->nrows && !(d->q->rows[r].heading && d->q->rows[r].section == c->section); r++)
			;	/* find_section made sure there is one */
		emit_kv_str(e, "section", d->q->sections[c->section].id);
		emit_kv_text(e, "title", d->q->rows[r].brief.fr ? d->q->rows[r].brief : d->q->rows[r].title);
	}
}

void decision_emit(struct emitter *e, const struct decision *d, const struct comparison *c)
{
	size_t i, j, k;

	emit_key(e, "decision");
	emit_map_begin(e);
	emit_kv_str(e, "method", "weighted-sum");
	emit_kv_str(e, "scores-by", "committee");
	emit_kv_text(e, "guide", guide_no_score);
	emit_kv_str(e, "ratings", d->rfile);
	emit_kv_str(e, "rated-by", d->by);
	emit_kv_str(e, "date", d->date);
	emit_key(e, "scale");
	emit_map_begin(e);
	emit_kv_figure(e, "min", d->min, 6);
	emit_kv_figure(e, "max", d->max, 6);
	emit_map_end(e);
	emit_key(e, "weights");
	emit_map_begin(e);
	emit_kv_str(e, "file", d->wfile);
	emit_kv_str(e, "by", d->sections ? "sections" : "rows");
	emit_kv_str(e, "method", d->pairwise ? "pairwise" : "given");
	if (d->pairwise) {
		emit_kv_figure(e, "lambda-max", d->lambda, 4);
		emit_kv_figure(e, "consistency-ratio", d->cr, 4);
	} else {
		emit_kv_figure(e, "total", d->total, 6);
	}
	emit_map_end(e);
	emit_key(e, "criteria");
	emit_seq_begin(e);
	for (k = 0; k < d->ncrit; k++) {
		const struct criterion *cr = &d->crit[k];
		emit_map_begin(e);
		emit_criterion_name(e, d, cr);
		emit_kv_figure(e, "weight", cr->weight, 2);
		emit_key(e, "stable");
		if (cr->scored) {
			emit_map_begin(e);
			emit_kv_figure(e, "from", cr->lo, 1);
			emit_kv_figure(e, "to", cr->hi, 1);
			emit_map_end(e);
		} else {
			emit_null(e);
		}
		emit_map_end(e);
	}
	emit_seq_end(e);
	emit_key(e, "devices");
	emit_seq_begin(e);
	for (i = 0; i < d->ncols; i++) {
		const struct rated *dev = &d->dev[d->rated[i]];
		emit_map_begin(e);
		emit_kv_str(e, "name", d->names[i]);
		emit_kv_figure(e, "total", d->totals[i], 3);
		emit_kv_int(e, "rank", d->rank[i]);
		emit_kv_figure(e, "rank-changed", d->o.draws ? (double)d->dev_changed[i] / (double)d->o.draws : 0, 4);
		emit_key(e, "scores");
		emit_seq_begin(e);
		for (k = 0; k < d->ncrit; k++)
			if (d->crit[k].scored)
				emit_figure(e, d->score[i * d->ncrit + k], 3);
			else
				emit_null(e);
		emit_seq_end(e);
		emit_key(e, "ratings");
		emit_seq_begin(e);
		for (j = 0; j < d->q->nrows; j++) {
			const struct rating *rt = &dev->rows[j];
			int flagged = 0;
			if (!rt->set)
				continue;
			emit_map_begin(e);
			emit_kv_str(e, "row", d->q->questions[d->q->rows[j].questions[0]].id);
			emit_kv_figure(e, "score", rt->score, 6);
			emit_kv_str(e, "rationale", rt->rationale);
			for (k = 0; k < d->q->rows[j].nquestions; k++) {
				int qi = d->q->rows[j].questions[k], st = comparison_state(c, i, qi);
				if (st != ST_MISSING && st != ST_PENDING && st != ST_INVALID)
					continue;
				if (!flagged++) {
					emit_key(e, "unanswered");
					emit_seq_begin(e);
				}
				emit_map_begin(e);
				emit_kv_str(e, "question", d->q->questions[qi].id);
				emit_kv_str(e, "status", statuses[st].id);
				emit_map_end(e);
			}
			if (flagged)
				emit_seq_end(e);
			emit_map_end(e);
		}
		emit_seq_end(e);
		emit_map_end(e);
	}
	emit_seq_end(e);
	emit_key(e, "perturbation");
	emit_map_begin(e);
	emit_kv_figure(e, "spread", d->o.spread, 6);
	emit_kv_int(e, "draws", (long long)d->o.draws);
	emit_kv_int(e, "seed", (long long)d->o.seed);
	emit_kv_figure(e, "ranking-changed", d->o.draws ? (double)d->changed / (double)d->o.draws : 0, 4);
	emit_map_end(e);
	emit_map_end(e);
}

int decision_option(const char *option, const char *arg, struct decision_opts *o)
{
	char *end;
	double v;

	if (!strcmp(option, "--perturb")) {
		if (parse_decimal(arg) && (v = strtod(arg, NULL)) >= 0 && v <= 100) {
			o->spread = v;
			return 0;
		}
		diag(SEV_ERROR, NULL, 0, 0, "--perturb '%s' is not a percentage from 0 to 100", arg);
		return -1;
	}
	errno = 0;
	if (arg[0] >= '0' && arg[0] <= '9') {
		unsigned long long n = strtoull(arg, &end, 10);
		if (!*end && !errno && !strcmp(option, "--draws") && n <= 1000000) {
			o->draws = (unsigned long)n;
			return 0;
		}
		if (!*end && !errno && !strcmp(option, "--seed") && n <= 4294967295ULL) {
			o->seed = n;
			return 0;
		}
	}
	if (!strcmp(option, "--draws"))
		diag(SEV_ERROR, NULL, 0, 0, "--draws '%s' is not a number of draws from 0 to 1000000", arg);
	else
		diag(SEV_ERROR, NULL, 0, 0, "--seed '%s' is not a whole number from 0 to 4294967295", arg);
	return -1;
}

/* --- for people: dmn-report's section under the Annexe 2 table ------------------------------ */

struct dm {			/* reading a decision back: what is wrong, once */
	struct finding_list *l;
	const char *what;
};

static const struct node *dm_node(struct dm *m, const struct node *map, const char *key, enum node_kind kind)
{
	return map ? read_node(m->l, map, key, kind, 1, m->what) : NULL;
}

static const char *dm_str(struct dm *m, const struct node *map, const char *key, int required)
{
	return map ? read_str(m->l, map, key, required, m->what) : NULL;
}

/* a figure of the document as the reader writes it: 3,2 in French */
static void figure(struct buf *out, const char *s)
{
	number_text(out, s && parse_decimal(s) ? s : "?", NULL);
}

static const char *dm_figure(struct dm *m, const struct node *map, const char *key)
{
	const char *s = dm_str(m, map, key, 1);

	if (s && !parse_decimal(s)) {
		finding_add(m->l, SEV_ERROR, node_get(map, key), NULL, NULL, "'%s' must be a number, not '%s'", key, s);
		return NULL;
	}
	return s;
}

static void percent(struct buf *out, const char *share)	/* 0.152 as 15,2 % */
{
	char s[32];

	snprintf(s, sizeof s, "%.1f", share ? strtod(share, NULL) * 100 : 0);
	number_text(out, s, NULL);
	buf_adds(out, i18n_lang() == LANG_FR ? "\xc2\xa0%" : " %");
}

static const char *title_of(const struct node *crit, enum lang lang)
{
	const struct node *t = node_get(crit, "title");
	const struct node *s = t && t->kind == NODE_MAP ? node_get(t, lang == LANG_FR ? "fr" : "en") : NULL;

	return node_is_str(s) ? s->text : "";
}

static void criterion_cell(struct buf *out, const struct node *crit, enum lang lang)
{
	const char *row = node_is_str(node_get(crit, "row")) ? node_get(crit, "row")->text : NULL;
	const char *sec = node_is_str(node_get(crit, "section")) ? node_get(crit, "section")->text : NULL;

	md_text(out, title_of(crit, lang), 1);
	buf_adds(out, " (");
	if (sec)
		buf_addf(out, "%s ", _("section"));
	md_text(out, row ? row : sec ? sec : "?", 1);
	buf_adds(out, ")");
}

/* The rows of the document are rated by row id; their title, from the questionnaire */
static const char *rated_row(const struct questionnaire *q, const char *id, enum lang lang)
{
	int qi = questionnaire_find(q, id), r = qi >= 0 ? row_of(q, qi) : -1;

	return r >= 0 ? row_brief(q, r, lang) : id;
}

int decision_markdown(struct buf *out, const struct node *dn, const struct questionnaire *q, enum lang lang,
		      const char *file)
{
	struct finding_list l = { 0 };
	struct dm m = { &l, _("the decision") };
	const struct node *scale, *weights, *crit, *devices, *pert, *guide;
	const char *method, *smin, *smax, *by, *wmethod, *cr = NULL, *spread, *changed;
	size_t i, j, k;

	if (!read_is(&l, dn, NODE_MAP, _("the decision")))
		goto wrong;
	method = dm_str(&m, dn, "method", 1);
	scale = dm_node(&m, dn, "scale", NODE_MAP);
	weights = dm_node(&m, dn, "weights", NODE_MAP);
	crit = dm_node(&m, dn, "criteria", NODE_SEQ);
	devices = dm_node(&m, dn, "devices", NODE_SEQ);
	pert = dm_node(&m, dn, "perturbation", NODE_MAP);
	guide = dm_node(&m, dn, "guide", NODE_MAP);
	smin = dm_figure(&m, scale, "min");
	smax = dm_figure(&m, scale, "max");
	by = dm_str(&m, weights, "by", 1);
	wmethod = dm_str(&m, weights, "method", 1);
	if (wmethod && !strcmp(wmethod, "pairwise"))
		cr = dm_figure(&m, weights, "consistency-ratio");
	spread = dm_figure(&m, pert, "spread");
	changed = dm_figure(&m, pert, "ranking-changed");
	if (l.n)
		goto wrong;
	if (strcmp(method, "weighted-sum") != 0) {
		finding_add(&l, SEV_ERROR, node_get(dn, "method"), NULL, NULL, "unknown method '%s' (expected weighted-sum)",
			    method);
		goto wrong;
	}
	for (i = 0; i < devices->n; i++) {
		const struct node *d = read_item(&l, devices, i, NODE_MAP);
		const struct node *sc = d ? dm_node(&m, d, "scores", NODE_SEQ) : NULL;
		if (d && (!dm_str(&m, d, "name", 1) || !dm_figure(&m, d, "total") || !dm_figure(&m, d, "rank") ||
			  !dm_node(&m, d, "ratings", NODE_SEQ)))
			break;
		if (sc && sc->n != crit->n) {
			finding_add(&l, SEV_ERROR, sc, NULL, NULL, "%zu scores for %zu criteria", sc->n, crit->n);
			break;
		}
	}
	for (i = 0; i < crit->n && !l.n; i++) {
		const struct node *c = read_item(&l, crit, i, NODE_MAP);
		if (c && !dm_figure(&m, c, "weight"))
			break;
	}
	if (l.n)
		goto wrong;

	buf_adds(out, "\n## ");
	md_text(out, _("The committee's weighted decision"), 1);
	buf_adds(out, "\n\n> **");
	md_text(out, _("The ratings and weights below are the committee's, not the guide's."), 1);
	buf_adds(out, "** ");
	md_text(out, _("The guide says:"), 1);
	buf_adds(out, " « ");
	md_text(out, node_is_str(node_get(guide, lang == LANG_FR ? "fr" : "en")) ?
		node_get(guide, lang == LANG_FR ? "fr" : "en")->text : "", 1);
	buf_adds(out, " » (");
	md_text(out, lang == LANG_FR ? _("HAS, June 2023, introduction") : _("HAS, June 2023, introduction; translated"), 1);
	buf_adds(out, ").\n\n");

	/* the method */
	{
		struct buf lo = { 0 }, hi = { 0 }, ratio = { 0 };
		figure(&lo, smin);
		figure(&hi, smax);
		buf_addf(out, _("Method: a weighted sum of the committee's ratings, on a scale from %s to %s."), lo.s, hi.s);
		buf_adds(out, " ");
		if (cr) {
			figure(&ratio, cr);
			buf_addf(out, !strcmp(by, "sections") ?
				 _("The weights of the sections are derived from pairwise comparisons (AHP, principal eigenvector); their consistency ratio is %s (at most 0.10).") :
				 _("The weights of the rows are derived from pairwise comparisons (AHP, principal eigenvector); their consistency ratio is %s (at most 0.10)."),
				 ratio.s);
		} else {
			buf_adds(out, !strcmp(by, "sections") ? _("The weights of the sections are given by the committee.")
							      : _("The weights of the rows are given by the committee."));
		}
		if (!strcmp(by, "sections"))
			buf_addf(out, " %s", _("A section's score is the mean of its rows' ratings."));
		buf_free(&lo);
		buf_free(&hi);
		buf_free(&ratio);
	}
	{
		const char *rb = dm_str(&m, dn, "rated-by", 0), *date = dm_str(&m, dn, "date", 0);
		if (rb || date) {
			buf_addf(out, " %s ", _("Rated by"));
			if (rb)
				md_text(out, rb, 1);
			if (rb && date)
				buf_adds(out, ", ");
			if (date && parse_date(date))
				date_text(out, date);
			buf_adds(out, ".");
		}
	}
	buf_adds(out, "\n\n");

	/* the ranking */
	buf_addf(out, "| %s | %s | %s | %s |\n| ---: | -------- | -----: | -----: |\n", _("Rank"), _("Device"),
		 _("Weighted total"), _("Rank changed under perturbation"));
	for (k = 1; k <= devices->n; k++)
		for (i = 0; i < devices->n; i++) {
			const struct node *d = devices->items[i];
			if (strtod(node_get(d, "rank")->text, NULL) != (double)k)
				continue;
			buf_addf(out, "| %zu | **", k);
			md_text(out, node_get(d, "name")->text, 1);
			buf_adds(out, "** | ");
			figure(out, node_get(d, "total")->text);
			buf_adds(out, " | ");
			percent(out, node_is_str(node_get(d, "rank-changed")) ? node_get(d, "rank-changed")->text : NULL);
			buf_adds(out, " |\n");
		}

	/* the criteria */
	buf_addf(out, "\n| %s | %s | %s |", _("Criterion"), _("Weight"), _("Ranking unchanged for a weight of"));
	for (i = 0; i < devices->n; i++) {
		buf_adds(out, " ");
		md_text(out, node_get(devices->items[i], "name")->text, 1);
		buf_adds(out, " |");
	}
	buf_adds(out, "\n| ------------------------ | ----: | ----------- |");
	for (i = 0; i < devices->n; i++)
		buf_adds(out, " ----: |");
	buf_adds(out, "\n");
	for (k = 0; k < crit->n; k++) {
		const struct node *c = crit->items[k], *st = node_get(c, "stable");
		buf_adds(out, "| ");
		criterion_cell(out, c, lang);
		buf_adds(out, " | ");
		figure(out, node_get(c, "weight")->text);
		buf_adds(out, lang == LANG_FR ? "\xc2\xa0% | " : " % | ");
		if (st && st->kind == NODE_MAP && node_is_str(node_get(st, "from")) && node_is_str(node_get(st, "to"))) {
			buf_addf(out, "%s ", _("from"));
			figure(out, node_get(st, "from")->text);
			buf_addf(out, " %s ", _("to"));
			figure(out, node_get(st, "to")->text);
			buf_adds(out, lang == LANG_FR ? "\xc2\xa0%" : " %");
		} else {
			buf_adds(out, "—");
		}
		buf_adds(out, " |");
		for (i = 0; i < devices->n; i++) {
			const struct node *sc = node_get(devices->items[i], "scores"), *v;
			v = sc && sc->kind == NODE_SEQ && k < sc->n ? sc->items[k] : NULL;
			buf_adds(out, " ");
			if (node_is_str(v))
				figure(out, v->text);
			else
				buf_adds(out, "—");
			buf_adds(out, " |");
		}
		buf_adds(out, "\n");
	}
	buf_adds(out, "\n");
	md_text(out, _("Ranking unchanged: the range of one weight within which the ranking stays the same, the "
		       "other weights keeping their proportions (one at a time)."), 1);
	buf_adds(out, "\n\n");
	{
		const char *draws = dm_str(&m, pert, "draws", 1), *seed = dm_str(&m, pert, "seed", 1);
		struct buf sp = { 0 }, n = { 0 }, share = { 0 };
		figure(&sp, spread);
		buf_adds(&sp, lang == LANG_FR ? "\xc2\xa0%" : " %");
		figure(&n, draws);
		percent(&share, changed);
		buf_addf(out, _("Perturbation: with every weight moved at random by up to ±%s at once, then renormalised "
				"(%s draws, seed %s), the ranking changed in %s of the draws."), sp.s, n.s,
			 seed && parse_decimal(seed) ? seed : "?", share.s);
		buf_adds(out, "\n\n");
		buf_free(&sp);
		buf_free(&n);
		buf_free(&share);
	}

	/* the ratings and their rationale, flagged where answers are not in */
	buf_adds(out, "### ");
	md_text(out, _("The committee's ratings"), 1);
	buf_addf(out, "\n\n| %s | %s | %s | %s |\n| -------- | ------------ | ---: | ------------------------ |\n",
		 _("Device"), _("Row"), _("Rating"), _("Rationale"));
	for (i = 0; i < devices->n; i++) {
		const struct node *d = devices->items[i], *rs = node_get(d, "ratings");
		for (j = 0; j < rs->n; j++) {
			const struct node *rt = rs->items[j], *un;
			const char *row = rt->kind == NODE_MAP && node_is_str(node_get(rt, "row")) ? node_get(rt, "row")->text : NULL;
			if (!row)
				continue;
			buf_adds(out, "| ");
			md_text(out, node_get(d, "name")->text, 1);
			buf_adds(out, " | ");
			md_text(out, rated_row(q, row, lang), 1);
			buf_adds(out, " (");
			md_text(out, row, 1);
			buf_adds(out, ") | ");
			figure(out, node_is_str(node_get(rt, "score")) ? node_get(rt, "score")->text : NULL);
			buf_adds(out, " | ");
			md_text(out, node_is_str(node_get(rt, "rationale")) ? node_get(rt, "rationale")->text : "", 1);
			if ((un = node_get(rt, "unanswered")) && un->kind == NODE_SEQ && un->n) {
				buf_adds(out, " ⚠ *");
				md_text(out, _("rated while answers are not in:"), 1);
				for (k = 0; k < un->n; k++) {
					const struct node *u = un->items[k];
					const char *qid = u->kind == NODE_MAP && node_is_str(node_get(u, "question")) ? node_get(u, "question")->text : "?";
					const char *st = u->kind == NODE_MAP && node_is_str(node_get(u, "status")) ? node_get(u, "status")->text : NULL;
					int s = st ? status_parse(st) : -1;
					buf_adds(out, k ? ", " : " ");
					md_text(out, qid, 1);
					buf_adds(out, " (");
					md_text(out, s >= 0 ? status_label(s) : st ? st : "?", 1);
					buf_adds(out, ")");
				}
				buf_adds(out, "*");
			}
			buf_adds(out, " |\n");
		}
	}
	return 0;
wrong:
	for (i = 0; i < l.n; i++)
		diag(SEV_ERROR, file, l.v[i].line, l.v[i].col, "%s%s", _("not a valid decision: "), l.v[i].msg);
	finding_list_free(&l);
	return -1;
}
