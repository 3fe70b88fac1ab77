/* answer.c: one answer checked against its question, the one checker for every way an
 * answer comes in (a dossier read from YAML, --set, a person typing in dmn-ask), and the
 * one place where a refused answer is worded. */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "guide.h"

/* An option by its id or its label (either language, case and accents aside) */
static const struct qoption *find_option(const struct question *qu, const char *s, struct answer_verdict *vd)
{
	int ambiguous = 0;
	const struct qoption *o = option_find(qu, s, &ambiguous);

	if (vd && ambiguous)
		vd->ambiguous = 1;
	return o;
}

/* yes and no: the first four of each as written in a dossier; typed also takes the
 * one-letter answers */
static const char *const yes[] = { "yes", "oui", "true", "vrai", "o", "y", NULL };
static const char *const no[] = { "no", "non", "false", "faux", "n", NULL };

/* The words a dossier may write for yes and no, in any case: the i-th, NULL after the last */
const char *answer_yesno_word(size_t i)
{
	return i < 4 ? yes[i] : i < 8 ? no[i - 4] : NULL;
}

static const char *yesno_norm(const char *s, int typed)
{
	size_t i;

	for (i = 0; yes[i] && (typed || i < 4); i++)
		if (!strcasecmp(s, yes[i]))
			return "yes";
	for (i = 0; no[i] && (typed || i < 4); i++)
		if (!strcasecmp(s, no[i]))
			return "no";
	return NULL;
}

static int blank(const char *s)
{
	for (; *s; s++)
		if (!isspace((unsigned char)*s))
			return 0;
	return 1;
}

static int refuse(struct answer_verdict *vd, enum answer_problem p, const struct node *at, const char *bad)
{
	vd->problem = p;
	vd->at = at;
	vd->bad = bad;
	vd->norm = NULL;
	return -1;
}

/* A list of option ids: each a known option, none twice. */
static int check_choices(const struct question *qu, const struct node *v, struct answer_verdict *vd)
{
	unsigned char *seen;	/* per option: already listed */
	size_t i;
	int rc = 1;

	if (v->n == 0)
		return 0;
	seen = xcalloc(qu->noptions, 1);
	for (i = 0; i < v->n && rc > 0; i++) {
		const struct node *item = v->items[i];
		const struct qoption *o = node_is_str(item) ? find_option(qu, item->text, vd) : NULL;

		if (!node_is_str(item))
			rc = refuse(vd, AP_ITEM_KIND, item, NULL);
		else if (!o)
			rc = refuse(vd, AP_OPTION, item, item->text);
		else if (seen[o - qu->options]++)
			rc = refuse(vd, AP_TWICE, item, item->text);
	}
	free(seen);
	return rc;
}

int answer_check(const struct question *qu, const struct node *v, struct answer_verdict *vd)
{
	memset(vd, 0, sizeof *vd);
	if (!v || node_is_null(v) || (v->kind == NODE_SCALAR && blank(v->text)))
		return 0;
	if (qu->type == QT_CHOICES && v->kind == NODE_SEQ)
		return check_choices(qu, v, vd);
	if (v->kind != NODE_SCALAR)
		return refuse(vd, AP_NOT_SINGLE, v, NULL);
	switch (qu->type) {
	case QT_GROUP:
		return refuse(vd, AP_GROUP, v, v->text);
	case QT_YESNO:
		if (!(vd->norm = yesno_norm(v->text, 0)))
			return refuse(vd, AP_YESNO, v, v->text);
		return 1;
	case QT_CHOICE:
	case QT_CHOICES: {
		const struct qoption *o = find_option(qu, v->text, vd);
		if (!o)
			return refuse(vd, AP_OPTION, v, v->text);
		vd->norm = o->id;
		return 1;
	}
	case QT_NUMBER: {
		struct buf plain = { 0 };
		const char *unit = NULL;
		enum number_verdict nv = number_norm(v->text, qu->unit, &plain, &unit);
		buf_free(&plain);
		if (nv == NUM_OK)
			return 1;
		refuse(vd, AP_NUMBER, v, v->text);
		vd->number = nv;
		vd->unit_named = unit;
		return -1;
	}
	case QT_DATE:
		return parse_date(v->text) ? 1 : refuse(vd, AP_DATE, v, v->text);
	default:
		return 1;
	}
}

/* One option typed as its id or its number in the list (1 for the first). */
static const char *typed_option(const struct question *qu, const char *s)
{
	char *end;
	long k;

	if (find_option(qu, s, NULL))
		return find_option(qu, s, NULL)->id;
	k = strtol(s, &end, 10);
	if (end != s && *end == '\0' && k >= 1 && (size_t)k <= qu->noptions)
		return qu->options[k - 1].id;
	return NULL;
}

/* One option, or a list of them, in what was typed: ids, numbers on screen, labels */
static int typed_tokens(const struct question *qu, const char *typed, const char *seps, unsigned char *seen,
			size_t *n, struct ydoc *doc, struct answer_verdict *vd)
{
	char *copy = xstrdup(typed), *tok, *save = NULL;
	int rc = 0;

	for (tok = strtok_r(copy, seps, &save); tok && rc == 0; tok = strtok_r(NULL, seps, &save)) {
		const char *id;
		tok += strspn(tok, " \t");
		while (*tok && (tok[strlen(tok) - 1] == ' ' || tok[strlen(tok) - 1] == '\t'))
			tok[strlen(tok) - 1] = '\0';
		if (!*tok)
			continue;
		if (!(id = typed_option(qu, tok))) {
			if (doc)
				refuse(vd, AP_OPTION, NULL, ydoc_strdup(doc, tok));
			rc = -1;
		} else if (!seen[find_option(qu, id, NULL) - qu->options]++) {
			(*n)++;
		}
	}
	free(copy);
	return rc;
}

/* Options typed "1, 3", "clinical budgetary" or "clinique ; budgétaire": a list in the
 * questionnaire's order. The whole text first (a label may hold commas), then the parts
 * between commas or semicolons, then words. */
static struct node *typed_choices(struct ydoc *doc, const struct question *qu, const char *typed,
				  struct answer_verdict *vd)
{
	unsigned char *seen = xcalloc(qu->noptions, 1);
	struct node *v = NULL;
	size_t i, n = 0;

	if (typed_option(qu, typed)) {
		seen[find_option(qu, typed_option(qu, typed), NULL) - qu->options] = 1;
		n = 1;
	} else if (typed_tokens(qu, typed, ",;", seen, &n, NULL, vd) != 0) {
		memset(seen, 0, qu->noptions);
		n = 0;
		if (typed_tokens(qu, typed, ",; \t", seen, &n, doc, vd) != 0)
			goto done;
	}
	v = ydoc_node(doc, NODE_SEQ, NULL, n);
	for (i = 0; i < qu->noptions; i++)
		if (seen[i])
			v->items[v->n++] = ydoc_node(doc, NODE_SCALAR, qu->options[i].id, 0);
done:
	free(seen);
	return v;
}

/* What a person typed (or --set gave), trimmed, as the node a dossier would hold: yes/no
 * from o, y, n; options from their numbers or labels; numbers as people write them (12 000,
 * 0,5, 10 min) as the plain number. NULL if refused. */
struct node *answer_from_typed(struct ydoc *doc, const struct question *qu, const char *typed,
			       struct answer_verdict *vd)
{
	struct buf b = { 0 }, plain = { 0 };
	struct node *v = NULL;
	const char *s;

	memset(vd, 0, sizeof *vd);
	if (!utf8_valid(typed)) {
		refuse(vd, AP_ENCODING, NULL, NULL);
		return NULL;
	}
	buf_adds(&b, typed + strspn(typed, " \t"));
	while (b.len && (b.s[b.len - 1] == ' ' || b.s[b.len - 1] == '\t'))
		b.s[--b.len] = '\0';
	s = buf_str(&b);
	if (qu->type == QT_NUMBER && number_norm(s, qu->unit, &plain, NULL) == NUM_OK)
		s = plain.s;
	if (blank(s))
		refuse(vd, AP_EMPTY, NULL, NULL);
	else if (qu->type == QT_CHOICES)
		v = typed_choices(doc, qu, s, vd);
	else if (qu->type == QT_YESNO && yesno_norm(s, 1))
		v = ydoc_node(doc, NODE_SCALAR, yesno_norm(s, 1), 0);
	else if (qu->type == QT_CHOICE && typed_option(qu, s))
		v = ydoc_node(doc, NODE_SCALAR, typed_option(qu, s), 0);
	else
		v = ydoc_node(doc, NODE_SCALAR, s, 0);
	if (v) {
		int rc = answer_check(qu, v, vd);
		if (rc == 0)
			refuse(vd, AP_EMPTY, NULL, NULL);
		if (rc <= 0)
			v = NULL;
	}
	if (v && v->kind == NODE_SCALAR && qu->type != QT_TEXT)
		v->plain = 1;
	buf_free(&b);
	buf_free(&plain);
	return v;
}

/* The allowed options of a question, for messages: "a (label), b (label) or c (label)" */
static void option_list(struct buf *b, const struct question *qu)
{
	size_t i;

	for (i = 0; i < qu->noptions; i++) {
		if (i)
			buf_adds(b, i + 1 == qu->noptions ? _(" or ") : ", ");
		buf_adds(b, qu->options[i].id);
	}
}

/* the length of an explanation without the parentheses around it: "(plus de 50 centres)" */
static int comment_len(const char *more)
{
	size_t n = strlen(more);

	while (n && (more[n - 1] == ')' || more[n - 1] == ' '))
		n--;
	return (int)n;
}

/* "oui (plus de 50 centres)": a yes or no, then more; the more, or NULL */
static const char *yesno_then_more(const char *s, const char **word)
{
	static const char *const words[] = { "yes", "oui", "true", "vrai", "no", "non", "false", "faux", NULL };
	size_t i, n;

	for (i = 0; words[i]; i++) {
		n = strlen(words[i]);
		if (!strncasecmp(s, words[i], n) && s[n] && strchr(" ,;:.-(", s[n])) {
			const char *more = s + n + strspn(s + n, " ,;:.-(");
			*word = words[i];
			return *more ? more : NULL;
		}
	}
	return NULL;
}

void answer_problem(struct buf *b, const struct question *qu, const struct answer_verdict *vd, int typed)
{
	const char *word = NULL, *more;
	char iso[11];

	switch (vd->problem) {
	case AP_GROUP:
		buf_addf(b, _("question '%s' has no answer of its own: answer its sub-questions"), qu->id);
		break;
	case AP_NOT_SINGLE:
		buf_addf(b, qu->type == QT_CHOICES ? _("answer to '%s' must be an option id or a list of option ids, not %s")
			 : _("answer to '%s' must be a single value, not %s"), qu->id, node_kind_a(vd->at));
		break;
	case AP_ITEM_KIND:
		buf_addf(b, _("answer to '%s' lists %s, not an option id"), qu->id, node_kind_a(vd->at));
		break;
	case AP_YESNO:
		if ((more = yesno_then_more(vd->bad, &word)) && !typed)
			buf_addf(b, _("'%s' is not a yes/no answer to question '%s': write the explanation as a comment, "
				      "{answer: %s, comment: \"%.*s\"}"), vd->bad, qu->id, word, comment_len(more), more);
		else if (more)
			buf_addf(b, _("'%s' is not a yes/no answer to question '%s': answer %s, and give \"%.*s\" as the "
				      "comment (%s.comment)"), vd->bad, qu->id, word, comment_len(more), more, qu->id);
		else
			buf_addf(b, _("'%s' is not a yes/no answer to question '%s' (expected yes or no; oui, non, true, "
				      "false, vrai and faux are accepted too)"), vd->bad, qu->id);
		break;
	case AP_OPTION:
		if (vd->ambiguous)
			buf_addf(b, _("'%s' names more than one option of question '%s' (write the option's id: "), vd->bad,
				 qu->id);
		else
			buf_addf(b, _("'%s' is not an option of question '%s' (expected "), vd->bad, qu->id);
		option_list(b, qu);
		buf_adds(b, !typed ? _(", or their labels)") : qu->type == QT_CHOICES ? _(", their labels or their numbers)")
			 : _(", its label or its number)"));
		break;
	case AP_TWICE:
		buf_addf(b, _("option '%s' is listed twice in the answer to '%s'"), vd->bad, qu->id);
		break;
	case AP_NUMBER:
		if (vd->number == NUM_OTHER_UNIT)
			buf_addf(b, _("'%s' is in %s, but question '%s' takes a number in %s: write the number of %s"),
				 vd->bad, unit_label(vd->unit_named), qu->id, unit_label(qu->unit),
				 unit_label(qu->unit));
		else if (vd->number == NUM_AMBIGUOUS)
			buf_addf(b, _("'%s' could be read two ways (question '%s' takes a number in %s): write 12000 for "
				      "twelve thousand, 12.5 or 12,5 for a decimal"), vd->bad, qu->id, unit_label(qu->unit));
		else if (vd->number == NUM_NOT_NUMBER && !typed)
			buf_addf(b, _("'%s' is not a number (question '%s' takes a number in %s): if the vendor does not "
				      "say, write {status: unknown}, or {status: pending} while you wait"), vd->bad, qu->id,
				 unit_label(qu->unit));
		else if (vd->number == NUM_NOT_NUMBER)
			buf_addf(b, _("'%s' is not a number (question '%s' takes a number in %s): if the vendor does not "
				      "say, give the status unknown, or pending while you wait"), vd->bad, qu->id,
				 unit_label(qu->unit));
		else
			buf_addf(b, _("'%s' is not a number (question '%s' takes a number in %s)"), vd->bad, qu->id,
				 unit_label(qu->unit));
		break;
	case AP_DATE:
		if (date_from_dmy(vd->bad, iso))
			buf_addf(b, _("'%s' is not a date in the form YYYY-MM-DD (question '%s'): write %s"), vd->bad, qu->id,
				 iso);
		else
			buf_addf(b, _("'%s' is not a date (question '%s' takes YYYY-MM-DD)"), vd->bad, qu->id);
		break;
	case AP_EMPTY:
		buf_adds(b, _("an empty answer: type a value, or skip the question"));
		break;
	case AP_ENCODING:
		buf_adds(b, _("the answer is not valid UTF-8 text"));
		break;
	default:
		break;
	}
}

/* The refusal in full, when it says what to write instead (another unit, a number that
 * reads two ways, no number at all, an explanation after yes or no, a date as 15/03/2024,
 * a label of several options): 1 with it in b, else 0. */
int answer_hint(struct buf *b, const struct question *qu, const struct answer_verdict *vd)
{
	const char *word;
	char iso[11];

	if ((vd->problem == AP_NUMBER && vd->number != NUM_BAD) ||
	    (vd->problem == AP_YESNO && yesno_then_more(vd->bad, &word)) ||
	    (vd->problem == AP_DATE && date_from_dmy(vd->bad, iso)) || (vd->problem == AP_OPTION && vd->ambiguous)) {
		answer_problem(b, qu, vd, 1);
		return 1;
	}
	return 0;
}

/* The short refusal shown on the terminal under the question, in the reader's language. */
void answer_refusal(struct buf *b, const struct question *qu)
{
	size_t i;

	switch (qu->type) {
	case QT_YESNO:
		buf_adds(b, _("is not yes or no."));
		break;
	case QT_CHOICE:
	case QT_CHOICES:
		buf_adds(b, _("is not one of the options: "));
		for (i = 0; i < qu->noptions; i++)
			buf_addf(b, "%s%zu (%s)", i ? ", " : "", i + 1, qu->options[i].id);
		buf_adds(b, ".");
		break;
	case QT_NUMBER:
		buf_addf(b, _("is not a number (in %s)."), unit_label(qu->unit));
		break;
	case QT_DATE:
		buf_adds(b, _("is not a date YYYY-MM-DD."));
		break;
	default:
		buf_adds(b, _("is not an answer."));
		break;
	}
}

/* --- two values of one question compared as data (dmn-compare: where devices differ, and
 * what changed between versions of a dossier) ---------------------------------------------- */

/* An option as written (its id, or its label) to its id; s itself if it names none. */
const char *answer_option_id(const struct question *qu, const char *s)
{
	const struct qoption *o = option_find(qu, s, NULL);

	return o ? o->id : s;
}

/* The i-th of a value's strings, packed one after the other ("" when there is none). */
static const char *packed_item(const struct answer_value *v, size_t i)
{
	const char *p = v->items;

	while (p && i--)
		p += strlen(p) + 1;
	return p ? p : "";
}

static int in_set(const struct question *qu, const struct answer_value *v, const char *id)
{
	size_t i;

	for (i = 0; i < v->n; i++)
		if (!strcmp(answer_option_id(qu, packed_item(v, i)), id))
			return 1;
	return 0;
}

/* the same options, however many and however written (a single one as a string or a list) */
static int same_set(const struct question *qu, const struct answer_value *a, const struct answer_value *b)
{
	size_t i;

	for (i = 0; i < a->n; i++)
		if (!in_set(qu, b, answer_option_id(qu, packed_item(a, i))))
			return 0;
	return a->n == b->n;
}

/* a number answer's value, written 12 000 or 12000 */
static double number_value(const struct question *qu, const char *s)
{
	struct buf plain = { 0 };
	double v;

	if (number_norm(s, qu->unit, &plain, NULL) == NUM_OK)
		s = plain.s;
	v = strtod(s, NULL);
	buf_free(&plain);
	return v;
}

static int same_norm(const char *a, const char *b)
{
	return (!a && !b) || (a && b && !strcmp(a, b));
}

int answer_values_equal(const struct question *qu, const struct answer_value *a, const struct answer_value *b)
{
	switch (qu->type) {
	case QT_YESNO:
	case QT_CHOICE:
		return same_norm(a->norm, b->norm);
	case QT_CHOICES:
		return same_set(qu, a, b);
	case QT_NUMBER:
		return number_value(qu, packed_item(a, 0)) == number_value(qu, packed_item(b, 0));
	default:
		return text_same(packed_item(a, 0), packed_item(b, 0));
	}
}

/* A number as JSON and YAML both read it: no '+', no leading zeros; 12 000 € is 12000. */
void answer_number_canonical(struct buf *out, const struct question *qu, const char *s)
{
	struct buf plain = { 0 };

	if (number_norm(s, qu->unit, &plain, NULL) == NUM_OK)
		s = plain.s;
	if (*s == '+')
		s++;
	if (*s == '-') {
		buf_adds(out, "-");
		s++;
	}
	while (s[0] == '0' && s[1] >= '0' && s[1] <= '9')
		s++;
	buf_adds(out, s);
	buf_free(&plain);
}
