/* answer.c: one answer checked against its question, the one checker for every way an
 * answer comes in (a dossier read from YAML, --set, a person typing in dmn-ask), and the
 * one place where a refused answer is worded. */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "guide.h"

static const struct qoption *find_option(const struct question *qu, const char *id)
{
	size_t i;

	for (i = 0; i < qu->noptions; i++)
		if (!strcmp(qu->options[i].id, id))
			return &qu->options[i];
	return NULL;
}

/* yes and no as written in a dossier; typed also takes the one-letter answers */
static const char *yesno_norm(const char *s, int typed)
{
	static const char *const yes[] = { "yes", "oui", "true", "o", "y", NULL };
	static const char *const no[] = { "no", "non", "false", "n", NULL };
	size_t i;

	for (i = 0; yes[i] && (typed || i < 3); i++)
		if (!strcasecmp(s, yes[i]))
			return "yes";
	for (i = 0; no[i] && (typed || i < 3); i++)
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
		const struct qoption *o = node_is_str(item) ? find_option(qu, item->text) : NULL;

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
	case QT_CHOICES:
		if (!find_option(qu, v->text))
			return refuse(vd, AP_OPTION, v, v->text);
		vd->norm = find_option(qu, v->text)->id;
		return 1;
	case QT_NUMBER:
		return parse_decimal(v->text) ? 1 : refuse(vd, AP_NUMBER, v, v->text);
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

	if (find_option(qu, s))
		return find_option(qu, s)->id;
	k = strtol(s, &end, 10);
	if (end != s && *end == '\0' && k >= 1 && (size_t)k <= qu->noptions)
		return qu->options[k - 1].id;
	return NULL;
}

/* Options typed "1, 3" or "clinical budgetary": a list in the questionnaire's order. */
static struct node *typed_choices(struct ydoc *doc, const struct question *qu, const char *typed,
				  struct answer_verdict *vd)
{
	char *copy = xstrdup(typed), *tok, *save = NULL;
	unsigned char *seen = xcalloc(qu->noptions, 1);
	struct node *v = NULL;
	size_t i, n = 0;

	for (tok = strtok_r(copy, ", \t", &save); tok; tok = strtok_r(NULL, ", \t", &save)) {
		const char *id = typed_option(qu, tok);
		if (!id) {
			refuse(vd, AP_OPTION, NULL, ydoc_strdup(doc, tok));
			goto done;
		}
		if (!seen[find_option(qu, id) - qu->options]++)
			n++;
	}
	v = ydoc_node(doc, NODE_SEQ, NULL, n);
	for (i = 0; i < qu->noptions; i++)
		if (seen[i])
			v->items[v->n++] = ydoc_node(doc, NODE_SCALAR, qu->options[i].id, 0);
done:
	free(copy);
	free(seen);
	return v;
}

/* What a person typed (or --set gave), trimmed, as the node a dossier would hold: yes/no
 * from o, y, n; options from their numbers; a French decimal comma. NULL if refused. */
struct node *answer_from_typed(struct ydoc *doc, const struct question *qu, const char *typed,
			       struct answer_verdict *vd)
{
	struct buf b = { 0 };
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
	if (qu->type == QT_NUMBER && strchr(s, ',') && !strchr(s, '.'))
		*strchr(b.s, ',') = '.';
	if (qu->type == QT_NUMBER) {
		/* +12 and 012 are 12: as every reader reads it (012 is octal to YAML 1.1) */
		char *d = b.s + (*b.s == '-'), *from = *b.s == '+' ? b.s + 1 : d;
		while (from[0] == '0' && from[1] >= '0' && from[1] <= '9')
			from++;
		if (from != d) {
			memmove(d, from, strlen(from) + 1);
			b.len = strlen(b.s);
		}
	}
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
	return v;
}

/* The allowed options of a question, for messages: "a, b or c". */
static void option_list(struct buf *b, const struct question *qu)
{
	size_t i;

	for (i = 0; i < qu->noptions; i++) {
		if (i)
			buf_adds(b, i + 1 == qu->noptions ? " or " : ", ");
		buf_adds(b, qu->options[i].id);
	}
}

void answer_problem(struct buf *b, const struct question *qu, const struct answer_verdict *vd, int typed)
{
	switch (vd->problem) {
	case AP_GROUP:
		buf_addf(b, "question '%s' has no answer of its own: answer its sub-questions", qu->id);
		break;
	case AP_NOT_SINGLE:
		buf_addf(b, "answer to '%s' must be %s, not a %s", qu->id,
			 qu->type == QT_CHOICES ? "an option id or a list of option ids" : "a single value",
			 node_kind_name(vd->at));
		break;
	case AP_ITEM_KIND:
		buf_addf(b, "answer to '%s' lists a %s, not an option id", qu->id, node_kind_name(vd->at));
		break;
	case AP_YESNO:
		buf_addf(b, "'%s' is not a yes/no answer to question '%s' (expected yes or no; oui, non, true and false are accepted too)",
			 vd->bad, qu->id);
		break;
	case AP_OPTION:
		buf_addf(b, "'%s' is not an option of question '%s' (expected ", vd->bad, qu->id);
		option_list(b, qu);
		buf_adds(b, !typed ? ")" : qu->type == QT_CHOICES ? ", or their numbers)" : ", or its number)");
		break;
	case AP_TWICE:
		buf_addf(b, "option '%s' is listed twice in the answer to '%s'", vd->bad, qu->id);
		break;
	case AP_NUMBER:
		buf_addf(b, "'%s' is not a number (question '%s' takes a number in %s)", vd->bad, qu->id, qu->unit);
		break;
	case AP_DATE:
		buf_addf(b, "'%s' is not a date (question '%s' takes YYYY-MM-DD)", vd->bad, qu->id);
		break;
	case AP_EMPTY:
		buf_adds(b, "an empty answer: type a value, or skip the question");
		break;
	case AP_ENCODING:
		buf_adds(b, "the answer is not valid UTF-8 text");
		break;
	default:
		break;
	}
}

/* The short refusal shown on the terminal under the question, in the reader's language. */
void answer_refusal(struct buf *b, const struct question *qu, enum lang lang)
{
	int fr = lang == LANG_FR;
	size_t i;

	switch (qu->type) {
	case QT_YESNO:
		buf_adds(b, fr ? "n'est pas oui ou non." : "is not yes or no.");
		break;
	case QT_CHOICE:
	case QT_CHOICES:
		buf_adds(b, fr ? "n'est pas une des options : " : "is not one of the options: ");
		for (i = 0; i < qu->noptions; i++)
			buf_addf(b, "%s%zu (%s)", i ? ", " : "", i + 1, qu->options[i].id);
		buf_adds(b, ".");
		break;
	case QT_NUMBER:
		buf_addf(b, fr ? "n'est pas un nombre (en %s)." : "is not a number (in %s).", unit_label(qu->unit, lang));
		break;
	case QT_DATE:
		buf_adds(b, fr ? "n'est pas une date AAAA-MM-JJ." : "is not a date YYYY-MM-DD.");
		break;
	default:
		buf_adds(b, fr ? "n'est pas une réponse." : "is not an answer.");
		break;
	}
}
