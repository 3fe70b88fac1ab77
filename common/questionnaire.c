/* questionnaire.c: the guide as data, loaded from a kind: questionnaire document and
 * checked as strictly as a dossier (ids, texts in both languages, options, conditions,
 * Annexe 2 rows), built in or from --questionnaire FILE. */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "guide.h"


static const char *const qtype_names[] = {
	"group", "text", "yesno", "choice", "choices", "number", "date"
};

const char *qtype_name(enum qtype t)
{
	return qtype_names[t];
}

struct loader {
	struct questionnaire *q;
	struct finding_list *errs;
	size_t nq;
};

#define ERR(l, at, ...) finding_add((l)->errs, SEV_ERROR, (at), NULL, NULL, __VA_ARGS__)

/* A text: {fr: ..., en: ...}, both present and not empty. */
static struct text get_text(struct loader *l, const struct node *map, const char *key,
			    const char *what, int required)
{
	static const char *const keys[] = { "!fr", "!en", NULL };
	const struct node *n = node_get(map, key);
	struct text t = { NULL, NULL };
	const struct node *fr, *en;

	(void)required;	/* a missing required text is reported by check_fields */
	if (!n)
		return t;
	if (n->kind != NODE_MAP) {
		ERR(l, n, "'%s' of %s must be a mapping with 'fr' and 'en', not %s", key, what,
		    node_kind_a(n));
		return t;
	}
	check_fields(l->errs, n, keys, NULL, _("a text"));
	fr = node_get(n, "fr");
	en = node_get(n, "en");
	if (fr && (!node_is_str(fr) || fr->len == 0))
		ERR(l, fr, "'%s' of %s has an empty French text", key, what);
	else if (fr)
		t.fr = fr->text;
	if (en && (!node_is_str(en) || en->len == 0))
		ERR(l, en, "'%s' of %s has an empty English text", key, what);
	else if (en)
		t.en = en->text;
	return t;
}

static int valid_option_id(const char *s)
{
	if (!islower((unsigned char)*s))
		return 0;
	for (; *s; s++)
		if (!islower((unsigned char)*s) && !isdigit((unsigned char)*s) && *s != '-')
			return 0;
	return 1;
}

static const char *const audience_names[] = { "vendor", "buyer", "dsi", "dpo", "legal" };

unsigned audience_parse(const char *name)
{
	size_t i;

	for (i = 0; i < sizeof audience_names / sizeof *audience_names; i++)
		if (!strcmp(name, audience_names[i]))
			return 1u << i;
	return 0;
}

const char *audience_name(unsigned bit)
{
	size_t i;

	for (i = 0; i < sizeof audience_names / sizeof *audience_names; i++)
		if (bit == 1u << i)
			return audience_names[i];
	return NULL;
}

/* The establishment's side, in the guide's order; a to-do question is for the first of
 * its audiences among them (the buyer if none). */
const unsigned audience_inside[AUD_INSIDE] = { AUD_BUYER, AUD_DSI, AUD_DPO, AUD_LEGAL };
static const char *const inside_titles[AUD_INSIDE] = { N_("The establishment and its health professionals"),
	N_("IT department (DSI)"), N_("DPO and RSSI"), N_("Legal department and insurer") };

unsigned audience_owner(unsigned audience)
{
	size_t k;

	for (k = 0; k < AUD_INSIDE; k++)
		if (audience & audience_inside[k])
			return audience_inside[k];
	return AUD_BUYER;
}

const char *audience_title(unsigned bit)
{
	size_t k;

	for (k = 0; k < AUD_INSIDE; k++)
		if (bit == audience_inside[k])
			return _(inside_titles[k]);
	return "";
}

int audience_list(const char *list, unsigned *out)
{
	char *copy = xstrdup(list), *tok, *save = NULL;
	int ok = 1;

	for (tok = strtok_r(copy, ", ", &save); tok; tok = strtok_r(NULL, ", ", &save)) {
		unsigned bit = audience_parse(tok);
		if (!bit)
			ok = 0;
		*out |= bit;
	}
	free(copy);
	return ok && *out;
}

/* audience: [vendor, dsi]: who answers; absent, what it inherits. */
static unsigned get_audience(struct loader *l, const struct node *map, unsigned inherited)
{
	const struct node *n = node_get(map, "audience");
	unsigned mask = 0;
	size_t i;

	if (!n)
		return inherited;
	if (!read_is(l->errs, n, NODE_SEQ, _("'audience'")))
		return inherited;
	for (i = 0; i < n->n; i++) {
		const struct node *v = n->items[i];
		unsigned bit = node_is_str(v) ? audience_parse(v->text) : 0;
		if (!bit)
			ERR(l, v, "unknown audience '%s' (expected vendor, buyer, dsi, dpo or legal)",
			    v->kind == NODE_SCALAR ? v->text : node_kind_name(v));
		mask |= bit;
	}
	if (!n->n)
		ERR(l, n, "an empty audience: name who answers (vendor, buyer, dsi, dpo or legal)");
	return mask ? mask : inherited;
}

static int count_questions(const struct node *seq)
{
	size_t i;
	int n = 0;

	if (!seq || seq->kind != NODE_SEQ)
		return 0;
	for (i = 0; i < seq->n; i++) {
		n++;
		if (seq->items[i]->kind == NODE_MAP)
			n += count_questions(node_get(seq->items[i], "questions"));
	}
	return n;
}

static struct text *get_notes(struct loader *l, const struct node *map, const char *what, size_t *count)
{
	const struct node *n = node_get(map, "notes");
	struct text *v;
	size_t i;

	*count = 0;
	if (!n)
		return NULL;
	if (!read_is(l->errs, n, NODE_SEQ, _("'notes'")))
		return NULL;
	v = xcalloc(n->n, sizeof *v);
	for (i = 0; i < n->n; i++) {
		static const char *const keys[] = { "!fr", "!en", NULL };
		const struct node *item = n->items[i];
		if (!read_is(l->errs, item, NODE_MAP, _("a note")))
			continue;
		check_fields(l->errs, item, keys, NULL, _("a note"));
		v[*count].fr = read_str(l->errs, item, "fr", 0, what);
		v[*count].en = read_str(l->errs, item, "en", 0, what);
		(*count)++;
	}
	return v;
}

static void load_options(struct loader *l, struct question *qu, const struct node *map)
{
	static const char *const keys[] = { "!id", "!label", NULL };
	const struct node *n = node_get(map, "options");
	size_t i, j;

	if (!n) {
		if (qu->type == QT_CHOICE || qu->type == QT_CHOICES)
			ERR(l, map, "question '%s' of type %s has no options", qu->id, qtype_name(qu->type));
		return;
	}
	if (qu->type != QT_CHOICE && qu->type != QT_CHOICES) {
		ERR(l, n, "question '%s' of type %s cannot have options", qu->id, qtype_name(qu->type));
		return;
	}
	if (!read_is(l->errs, n, NODE_SEQ, _("'options'")))
		return;
	if (n->n == 0)
		ERR(l, n, "question '%s' has an empty list of options", qu->id);
	qu->options = xcalloc(n->n, sizeof *qu->options);
	for (i = 0; i < n->n; i++) {
		const struct node *o = n->items[i];
		struct qoption *opt;

		if (!read_is(l->errs, o, NODE_MAP, _("an option")))
			continue;
		check_fields(l->errs, o, keys, NULL, _("an option"));
		opt = &qu->options[qu->noptions];
		opt->id = read_str(l->errs, o, "id", 0, _("an option"));
		opt->label = get_text(l, o, "label", _("an option"), 1);
		if (!opt->id)
			continue;
		if (!valid_option_id(opt->id)) {
			ERR(l, node_get(o, "id"), "option id '%s' of question '%s' is not of the form [a-z][a-z0-9-]*",
			    opt->id, qu->id);
			continue;
		}
		for (j = 0; j < qu->noptions; j++) {
			if (!strcmp(qu->options[j].id, opt->id)) {
				ERR(l, node_get(o, "id"), "duplicate option id '%s' in question '%s'", opt->id, qu->id);
				break;
			}
		}
		if (j == qu->noptions)
			qu->noptions++;
	}
}

static int load_questions(struct loader *l, const struct node *seq, int section, int parent,
			  const char *prefix, int depth);

static void load_question(struct loader *l, const struct node *map, int section, int parent,
			  const char *expect_id, int depth)
{
	static const char *const keys[] = {
		"!id", "!text", "!type", "unit", "options", "help", "notes", "heading", "where",
		"intro", "when", "questions", "audience", "vendor", NULL
	};
	struct questionnaire *q = l->q;
	int qi = (int)l->nq++;
	struct question *qu = &q->questions[qi];
	const char *type;
	const struct node *sub;
	size_t t;

	qu->index = qi;
	qu->parent = parent;
	qu->section = section;
	qu->depth = depth;
	qu->line = map->line;
	qu->col = map->col;
	qu->type = QT_TEXT;
	check_fields(l->errs, map, keys, NULL, _("a question"));
	qu->id = read_str(l->errs, map, "id", 0, _("a question"));
	if (!qu->id)
		qu->id = "?";
	else if (expect_id && strcmp(qu->id, expect_id) != 0)
		ERR(l, node_get(map, "id"), "question id '%s' should be '%s' (its place in the guide)",
		    qu->id, expect_id);
	qu->text = get_text(l, map, "text", _("a question"), 1);
	qu->help = get_text(l, map, "help", _("a question"), 0);
	qu->vendor = get_text(l, map, "vendor", _("a question"), 0);
	qu->heading = get_text(l, map, "heading", _("a question"), 0);
	qu->where = get_text(l, map, "where", _("a question"), 0);
	qu->intro = get_text(l, map, "intro", _("a question"), 0);
	qu->notes = get_notes(l, map, _("a note"), &qu->nnotes);
	type = read_str(l->errs, map, "type", 0, _("a question"));
	if (type) {
		for (t = 0; t < sizeof qtype_names / sizeof *qtype_names; t++)
			if (!strcmp(type, qtype_names[t]))
				break;
		if (t == sizeof qtype_names / sizeof *qtype_names)
			ERR(l, node_get(map, "type"),
			    "unknown type '%s' of question '%s' (expected group, text, yesno, choice, choices, number or date)",
			    type, qu->id);
		else
			qu->type = (enum qtype)t;
	}
	qu->audience = get_audience(l, map, parent >= 0 ? l->q->questions[parent].audience :
							l->q->sections[section].audience);
	qu->unit = read_str(l->errs, map, "unit", 0, _("a question"));
	if (qu->unit && qu->type != QT_NUMBER)
		ERR(l, node_get(map, "unit"), "question '%s' of type %s cannot have a unit", qu->id,
		    qtype_name(qu->type));
	if (!qu->unit && qu->type == QT_NUMBER)
		ERR(l, map, "question '%s' of type number has no unit", qu->id);
	load_options(l, qu, map);
	sub = node_get(map, "questions");
	if (qu->type == QT_GROUP && (!sub || sub->kind != NODE_SEQ || sub->n == 0))
		ERR(l, map, "question '%s' of type group has no sub-questions", qu->id);
	if (sub)
		load_questions(l, sub, section, qi, qu->id, depth + 1);
}

static int load_questions(struct loader *l, const struct node *seq, int section, int parent,
			  const char *prefix, int depth)
{
	size_t i;

	if (!read_is(l->errs, seq, NODE_SEQ, _("'questions'")))
		return -1;
	for (i = 0; i < seq->n; i++) {
		struct buf expect = { 0 };
		const struct node *item = seq->items[i];
		const char *id;

		if (!read_is(l->errs, item, NODE_MAP, _("a question")))
			continue;
		/* a section with one question "N" (sections 1, 2, 3, 9, 10) */
		id = read_str(l->errs, item, "id", 0, _("a question"));
		if (parent < 0 && seq->n == 1 && id && !strcmp(id, prefix))
			buf_adds(&expect, prefix);
		else
			buf_addf(&expect, "%s.%zu", prefix, i + 1);
		load_question(l, item, section, parent, buf_str(&expect), depth);
		buf_free(&expect);
	}
	return 0;
}

static void index_build(struct questionnaire *q)
{
	size_t i, cap = 16;

	while (cap < q->nquestions * 2)
		cap *= 2;
	q->index.cap = cap;
	q->index.keys = xcalloc(cap, sizeof *q->index.keys);
	q->index.vals = xcalloc(cap, sizeof *q->index.vals);
	for (i = 0; i < q->nquestions; i++) {
		const char *id = q->questions[i].id;
		size_t h = 5381;
		const char *p;
		for (p = id; *p; p++)
			h = h * 33 + (unsigned char)*p;
		for (h &= cap - 1; q->index.keys[h]; h = (h + 1) & (cap - 1))
			if (!strcmp(q->index.keys[h], id))
				break;
		if (!q->index.keys[h]) {
			q->index.keys[h] = id;
			q->index.vals[h] = (int)i;
		}
	}
}

int questionnaire_find(const struct questionnaire *q, const char *id)
{
	size_t h = 5381;
	const char *p;

	if (!q->index.cap)
		return -1;
	for (p = id; *p; p++)
		h = h * 33 + (unsigned char)*p;
	for (h &= q->index.cap - 1; q->index.keys[h]; h = (h + 1) & (q->index.cap - 1))
		if (!strcmp(q->index.keys[h], id))
			return q->index.vals[h];
	return -1;
}

/* The "where to find this information" of a question: the hint of the sub-heading it comes
 * under (section 8 has several), else its section's. A heading without a hint belongs to the
 * sub-heading above it, unless it opens a new group itself (two stacked headings joined
 * with " — ", as 8.13's "Éléments d'ordre juridique…"), which the guide gives no hint. */
struct text question_hint(const struct questionnaire *q, int qi)
{
	const struct section *sec = &q->sections[q->questions[qi].section];
	int j;

	for (j = qi; j >= sec->first; j--) {
		const struct question *qu = &q->questions[j];
		if (qu->where.fr)
			return qu->where;
		if (qu->heading.fr && strstr(qu->heading.fr, " — "))
			break;
	}
	return sec->where;
}

/* The label of option id of a question, in lang; NULL if it has no such option. */
/* s is t, or t's first words (before ", " or " (": "interne" for "interne (« en local »)") */
static int label_matches(const char *folded, const char *label, struct buf *f)
{
	size_t n;

	if (!label)
		return 0;
	text_fold(f, label);
	if (!strcmp(folded, f->s))
		return 1;
	n = strcspn(f->s, ",(");
	while (n && f->s[n - 1] == ' ')
		n--;
	return n && strlen(folded) == n && !strncmp(folded, f->s, n);
}

/* An option named by its id, or by its label in either language (case and accents aside,
 * the whole label or its first words) when that names one option only; *ambiguous is set
 * when it names several. NULL if none. */
const struct qoption *option_find(const struct question *qu, const char *s, int *ambiguous)
{
	const struct qoption *found = NULL;
	struct buf typed = { 0 }, f = { 0 };
	size_t i;
	int n = 0;

	if (ambiguous)
		*ambiguous = 0;
	for (i = 0; i < qu->noptions; i++)
		if (!strcmp(qu->options[i].id, s))
			return &qu->options[i];
	text_fold(&typed, s);
	for (i = 0; typed.len && i < qu->noptions; i++) {
		const struct qoption *o = &qu->options[i];
		text_fold(&f, o->id);
		if (!strcmp(typed.s, f.s) || label_matches(typed.s, o->label.fr, &f) ||
		    label_matches(typed.s, o->label.en, &f)) {
			found = o;
			n++;
		}
	}
	buf_free(&typed);
	buf_free(&f);
	if (n > 1) {
		if (ambiguous)
			*ambiguous = 1;
		return NULL;
	}
	return found;
}

const char *option_label(const struct question *qu, const char *id, enum lang lang)
{
	const struct qoption *o = option_find(qu, id, NULL);

	return o ? text_get(o->label, lang) : NULL;
}

int question_is_under(const struct questionnaire *q, int qi, int ancestor)
{
	while (qi >= 0) {
		if (qi == ancestor)
			return 1;
		qi = q->questions[qi].parent;
	}
	return 0;
}

static int valid_value(const struct question *dep, const char *v)
{
	size_t i;

	if (dep->type == QT_YESNO)
		return !strcmp(v, "yes") || !strcmp(v, "no");
	for (i = 0; i < dep->noptions; i++)
		if (!strcmp(dep->options[i].id, v))
			return 1;
	return 0;
}

/* Conditions are read once every question is known, so that their ids resolve:
 * a second walk over the same nodes, in the same order as load_questions. */
struct cond_walk {
	struct loader *l;
	size_t next;
};

static void walk_conditions(struct cond_walk *cw, const struct node *seq)
{
	static const char *const keys[] = { "!question", "!in", NULL };
	struct questionnaire *q = cw->l->q;
	struct loader *l = cw->l;
	size_t i, j;

	if (!seq || seq->kind != NODE_SEQ)
		return;
	for (i = 0; i < seq->n; i++) {
		const struct node *map = seq->items[i], *w, *values;
		struct question *qu;
		const char *ref;
		int dep;

		if (map->kind != NODE_MAP)
			continue;
		qu = &q->questions[cw->next++];
		w = node_get(map, "when");
		if (w && read_is(l->errs, w, NODE_MAP, _("a condition")) && check_fields(l->errs, w, keys, NULL, _("a condition"))) {
			ref = read_str(l->errs, w, "question", 0, _("a condition"));
			values = node_get(w, "in");
			dep = ref ? questionnaire_find(q, ref) : -1;
			if (ref && dep < 0) {
				ERR(l, node_get(w, "question"), "condition of question '%s' names unknown question '%s'",
				    qu->id, ref);
			} else if (ref && dep >= qu->index) {
				ERR(l, node_get(w, "question"),
				    "condition of question '%s' names question '%s', which does not come before it",
				    qu->id, ref);
			} else if (ref && q->questions[dep].type != QT_YESNO && q->questions[dep].type != QT_CHOICE &&
				   q->questions[dep].type != QT_CHOICES) {
				ERR(l, node_get(w, "question"),
				    "condition of question '%s' names question '%s' of type %s (expected yesno, choice or choices)",
				    qu->id, ref, qtype_name(q->questions[dep].type));
			} else if (ref && read_is(l->errs, values, NODE_SEQ, _("'in' of a condition"))) {
				struct condition *c = xcalloc(1, sizeof *c);
				c->question = dep;
				c->values = xcalloc(values->n, sizeof *c->values);
				for (j = 0; j < values->n; j++) {
					const struct node *v = values->items[j];
					if (!node_is_str(v) || !valid_value(&q->questions[dep], v->text))
						ERR(l, v, "condition of question '%s': '%s' is not a value of question '%s'",
						    qu->id, v->kind == NODE_SCALAR ? v->text : node_kind_name(v), ref);
					else
						c->values[c->nvalues++] = v->text;
				}
				if (values->n == 0)
					ERR(l, values, "condition of question '%s' has an empty list of values", qu->id);
				qu->when = c;
			}
		}
		walk_conditions(cw, node_get(map, "questions"));
	}
}

static void load_annex(struct loader *l, const struct node *annex)
{
	static const char *const keys[] = { "!title", "intro", "!rows", NULL };
	static const char *const rkeys[] = { "!title", "short", "heading", "section", "questions", NULL };
	struct questionnaire *q = l->q;
	const struct node *rows;
	size_t i, j;

	if (!annex)
		return;
	if (!read_is(l->errs, annex, NODE_MAP, _("'annex'")))
		return;
	check_fields(l->errs, annex, keys, NULL, _("annex"));
	rows = node_get(annex, "rows");
	if (!rows || !read_is(l->errs, rows, NODE_SEQ, _("rows of the annex")))
		return;
	q->rows = xcalloc(rows->n, sizeof *q->rows);
	for (i = 0; i < rows->n; i++) {
		const struct node *r = rows->items[i], *h, *qs;
		struct annex_row *row = &q->rows[q->nrows];
		const char *section;

		if (!read_is(l->errs, r, NODE_MAP, _("an annex row")))
			continue;
		q->nrows++;
		check_fields(l->errs, r, rkeys, NULL, _("an annex row"));
		row->title = get_text(l, r, "title", _("an annex row"), 1);
		row->brief = get_text(l, r, "short", _("an annex row"), 0);
		row->section = -1;
		h = node_get(r, "heading");
		if (h) {
			if (node_is_str(h) && h->plain && !strcmp(h->text, "true"))
				row->heading = 1;
			else if (!(node_is_str(h) && h->plain && !strcmp(h->text, "false")))
				ERR(l, h, "'heading' of an annex row must be true or false");
		}
		section = read_str(l->errs, r, "section", 0, _("an annex row"));
		if (section) {
			for (j = 0; j < q->nsections; j++)
				if (!strcmp(q->sections[j].id, section))
					row->section = (int)j;
			if (row->section < 0)
				ERR(l, node_get(r, "section"), "annex row names unknown section '%s'", section);
		}
		qs = node_get(r, "questions");
		if (row->heading) {
			if (qs)
				ERR(l, qs, "a heading row of the annex cannot name questions");
			if (!section)
				ERR(l, r, "a heading row of the annex has no 'section'");
			continue;
		}
		if (!qs) {
			ERR(l, r, "annex row %zu names no question", i + 1);
			continue;
		}
		if (!read_is(l->errs, qs, NODE_SEQ, _("questions of an annex row")))
			continue;
		if (qs->n == 0)
			ERR(l, qs, "annex row %zu names no question", i + 1);
		row->questions = xcalloc(qs->n, sizeof *row->questions);
		for (j = 0; j < qs->n; j++) {
			const struct node *id = qs->items[j];
			int qi = node_is_str(id) ? questionnaire_find(q, id->text) : -1;
			if (qi < 0)
				ERR(l, id, "annex row %zu names unknown question '%s'", i + 1,
				    id->kind == NODE_SCALAR ? id->text : node_kind_name(id));
			else if (q->questions[qi].type == QT_GROUP)
				ERR(l, id, "annex row %zu names question '%s' of type group (name its sub-questions)",
				    i + 1, id->text);
			else
				row->questions[row->nquestions++] = qi;
		}
	}
}

/* preface: and appendices: passages of the guide, each with an id, a title and a text */
static struct passage *load_passages(struct loader *l, const struct node *seq, const char *what, size_t *n)
{
	static const char *const keys[] = { "!id", "!title", "!text", NULL };
	struct passage *v;
	size_t i;

	*n = 0;
	if (!seq || !read_is(l->errs, seq, NODE_SEQ, what))
		return NULL;
	v = xcalloc(seq->n ? seq->n : 1, sizeof *v);
	for (i = 0; i < seq->n; i++) {
		const struct node *p = seq->items[i];
		if (!read_is(l->errs, p, NODE_MAP, _("a passage")))
			continue;
		check_fields(l->errs, p, keys, NULL, _("a passage"));
		v[*n].id = read_str(l->errs, p, "id", 0, _("a passage"));
		v[*n].title = get_text(l, p, "title", _("a passage"), 1);
		v[*n].text = get_text(l, p, "text", _("a passage"), 1);
		(*n)++;
	}
	return v;
}

/* abbreviations: [{abbr: HAS, fr: ..., en: ...}] */
static void load_abbreviations(struct loader *l, const struct node *seq)
{
	static const char *const keys[] = { "!abbr", "!fr", "!en", NULL };
	struct questionnaire *q = l->q;
	size_t i;

	if (!seq || !read_is(l->errs, seq, NODE_SEQ, _("'abbreviations'")))
		return;
	q->abbreviations = xcalloc(seq->n ? seq->n : 1, sizeof *q->abbreviations);
	for (i = 0; i < seq->n; i++) {
		const struct node *a = seq->items[i];
		struct abbreviation *ab = &q->abbreviations[q->nabbreviations];
		if (!read_is(l->errs, a, NODE_MAP, _("an abbreviation")))
			continue;
		check_fields(l->errs, a, keys, NULL, _("an abbreviation"));
		ab->abbr = read_str(l->errs, a, "abbr", 0, _("an abbreviation"));
		ab->meaning.fr = read_str(l->errs, a, "fr", 0, _("an abbreviation"));
		ab->meaning.en = read_str(l->errs, a, "en", 0, _("an abbreviation"));
		q->nabbreviations++;
	}
}

/* caveats: [{text: {fr, en}, from: {fr, en}}]: the guide on how to read it */
static void load_caveats(struct loader *l, const struct node *seq)
{
	static const char *const keys[] = { "!text", "!from", NULL };
	struct questionnaire *q = l->q;
	size_t i;

	if (!seq || !read_is(l->errs, seq, NODE_SEQ, _("'caveats'")))
		return;
	q->caveats = xcalloc(seq->n ? seq->n : 1, sizeof *q->caveats);
	for (i = 0; i < seq->n; i++) {
		const struct node *c = seq->items[i];
		if (!read_is(l->errs, c, NODE_MAP, _("a caveat")))
			continue;
		check_fields(l->errs, c, keys, NULL, _("a caveat"));
		q->caveats[q->ncaveats].text = get_text(l, c, "text", _("a caveat"), 1);
		q->caveats[q->ncaveats].from = get_text(l, c, "from", _("a caveat"), 1);
		q->ncaveats++;
	}
}

int questionnaire_load(struct questionnaire **out, struct ydoc *doc, struct finding_list *errs)
{
	static const char *const keys[] = {
		"!kind", "!id", "!edition", "!title", "publisher", "preface", "caveats", "parts", "!sections",
		"annex", "appendices", "abbreviations", NULL
	};
	static const char *const pkeys[] = { "!id", "!title", "intro", NULL };
	static const char *const skeys[] = {
		"!id", "!part", "!title", "context", "where", "notes", "!questions", "audience", NULL
	};
	struct questionnaire *q = xcalloc(1, sizeof *q);
	struct loader l = { q, errs, 0 };
	const struct node *root = ydoc_root(doc), *kind, *parts, *sections;
	size_t before = errs->n, i, j;
	int total;

	q->doc = doc;
	*out = NULL;
	if (!read_is(l.errs, root, NODE_MAP, _("a questionnaire")))
		goto fail;
	kind = node_get(root, "kind");
	if (!kind || !node_is_str(kind) || strcmp(kind->text, "questionnaire") != 0) {
		ERR(&l, kind ? kind : root, "not a questionnaire (kind: %s)",
		    kind && node_is_str(kind) ? kind->text : _("missing"));
		goto fail;
	}
	check_fields(l.errs, root, keys, NULL, _("a questionnaire"));
	q->id = read_str(l.errs, root, "id", 0, _("the questionnaire"));
	q->edition = read_str(l.errs, root, "edition", 0, _("the questionnaire"));
	q->title = get_text(&l, root, "title", _("the questionnaire"), 1);
	q->publisher = get_text(&l, root, "publisher", _("the questionnaire"), 0);
	parts = node_get(root, "parts");
	if (parts && read_is(l.errs, parts, NODE_SEQ, _("'parts'"))) {
		q->parts = xcalloc(parts->n, sizeof *q->parts);
		for (i = 0; i < parts->n; i++) {
			const struct node *p = parts->items[i];
			if (!read_is(l.errs, p, NODE_MAP, _("a part")))
				continue;
			check_fields(l.errs, p, pkeys, NULL, _("a part"));
			q->parts[q->nparts].id = read_str(l.errs, p, "id", 0, _("a part"));
			q->parts[q->nparts].title = get_text(&l, p, "title", _("a part"), 1);
			q->parts[q->nparts].intro = get_text(&l, p, "intro", _("a part"), 0);
			q->nparts++;
		}
	}
	sections = node_get(root, "sections");
	if (!sections || !read_is(l.errs, sections, NODE_SEQ, _("'sections'")))
		goto fail;
	total = 0;
	for (i = 0; i < sections->n; i++)
		if (sections->items[i]->kind == NODE_MAP)
			total += count_questions(node_get(sections->items[i], "questions"));
	q->questions = xcalloc_aligned((size_t)total, sizeof *q->questions, _Alignof(struct question));
	q->sections = xcalloc(sections->n, sizeof *q->sections);
	for (i = 0; i < sections->n; i++) {
		const struct node *s = sections->items[i];
		struct section *sec;
		char expect[24];	/* a section number */

		if (!read_is(l.errs, s, NODE_MAP, _("a section")))
			continue;
		sec = &q->sections[q->nsections];
		check_fields(l.errs, s, skeys, NULL, _("a section"));
		sec->id = read_str(l.errs, s, "id", 0, _("a section"));
		snprintf(expect, sizeof expect, "%zu", q->nsections + 1);
		if (sec->id && strcmp(sec->id, expect) != 0)
			ERR(&l, node_get(s, "id"), "section id '%s' should be '%s' (sections are numbered from 1)",
			    sec->id, expect);
		if (!sec->id)
			sec->id = "?";
		sec->part = read_str(l.errs, s, "part", 0, _("a section"));
		if (sec->part && q->nparts) {
			for (j = 0; j < q->nparts; j++)
				if (q->parts[j].id && !strcmp(q->parts[j].id, sec->part))
					break;
			if (j == q->nparts)
				ERR(&l, node_get(s, "part"), "section '%s' names unknown part '%s'", sec->id, sec->part);
		}
		sec->title = get_text(&l, s, "title", _("a section"), 1);
		sec->context = get_text(&l, s, "context", _("a section"), 0);
		sec->where = get_text(&l, s, "where", _("a section"), 0);
		sec->notes = get_notes(&l, s, _("a note"), &sec->nnotes);
		sec->audience = get_audience(&l, s, AUD_ALL);
		sec->first = (int)l.nq;
		if (node_get(s, "questions"))
			load_questions(&l, node_get(s, "questions"), (int)q->nsections, -1, sec->id, 0);
		sec->count = (int)l.nq - sec->first;
		q->nsections++;
	}
	q->nquestions = l.nq;
	if (q->nsections == 0)
		ERR(&l, sections, "the questionnaire has no section");
	index_build(q);
	for (i = 0; i < q->nquestions; i++) {
		int other = questionnaire_find(q, q->questions[i].id);
		if (other != (int)i)
		{
			struct node at = { .line = q->questions[i].line, .col = q->questions[i].col };
			ERR(&l, &at, "duplicate question id '%s'", q->questions[i].id);
		}
	}
	{
		struct cond_walk cw = { &l, 0 };
		for (i = 0; i < sections->n; i++)
			if (sections->items[i]->kind == NODE_MAP)
				walk_conditions(&cw, node_get(sections->items[i], "questions"));
	}
	load_annex(&l, node_get(root, "annex"));
	q->preface = load_passages(&l, node_get(root, "preface"), _("'preface'"), &q->npreface);
	q->appendices = load_passages(&l, node_get(root, "appendices"), _("'appendices'"), &q->nappendices);
	load_abbreviations(&l, node_get(root, "abbreviations"));
	load_caveats(&l, node_get(root, "caveats"));
	finding_list_sort(errs);
	if (errs->n > before)
		goto fail;
	*out = q;
	return 0;
fail:
	questionnaire_free(q);
	return -1;
}

void questionnaire_free(struct questionnaire *q)
{
	size_t i;

	if (!q || q->is_static)
		return;
	for (i = 0; i < q->nquestions; i++) {
		struct question *qu = &q->questions[i];
		free(qu->notes);
		free(qu->options);
		if (qu->when) {
			free(qu->when->values);
			free(qu->when);
		}
	}
	for (i = 0; i < q->nsections; i++)
		free(q->sections[i].notes);
	for (i = 0; i < q->nrows; i++)
		free(q->rows[i].questions);
	free(q->questions);
	free(q->sections);
	free(q->parts);
	free(q->rows);
	free(q->preface);
	free(q->appendices);
	free(q->abbreviations);
	free(q->caveats);
	free(q->index.keys);
	free(q->index.vals);
	ydoc_free(q->doc);
	free(q);
}

/* A question's type in a few words, in the reader's language (the template, the schema) */
const char *question_type_words(const struct question *qu)
{
	switch (qu->type) {
	case QT_YESNO:
		return _("yes/no");
	case QT_CHOICE:
		return _("one choice");
	case QT_CHOICES:
		return _("one or more choices, as a list");
	case QT_NUMBER:
		return _("number");
	case QT_DATE:
		return _("date YYYY-MM-DD");
	default:
		return _("text");
	}
}
