/* dmn-report: renders dmn documents as Markdown for a committee: a dossier as a full
 * report, a validation as the letter of questions to send back, a comparison as the
 * Annexe 2 table, a questionnaire as a blank form. */
#include <errno.h>
#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "guide.h"

/* A table cell longer than this is shortened, its full text in a note below the table. */
#define CELL_MAX 80

static struct {
	enum lang lang;
	const char *questionnaire, *output;
	int date;
} opt;

#define L(fr, en) (opt.lang == LANG_FR ? (fr) : (en))

struct run {
	struct questionnaire *q;
	struct buf out;		/* the current document's Markdown */
	FILE *f;
	int ndocs;
	char date[32];		/* empty: no date in the report */
};

static void usage(FILE *f)
{
	fprintf(f,
		"usage: dmn-report [-d] [-l fr|en] [-Q FILE] [-o FILE] [FILE ...]\n"
		"       dmn-report -h | -V\n"
		"Render dmn documents (dossier, validation, comparison, questionnaire) as Markdown\n"
		"(CommonMark with GitHub tables); stdin if no FILE; - is stdin.\n"
		"  -d, --date               print the date of the report: today, or SOURCE_DATE_EPOCH\n"
		"  -l, --lang LANG          language of the report: fr or en (default: locale)\n"
		"  -Q, --questionnaire FILE use this questionnaire instead of the built-in has-dmn-2023\n"
		"  -o, --output FILE        write to FILE (replaced atomically) instead of stdout\n"
		"  -h, --help               show this help\n"
		"  -V, --version            show the version\n"
		"Exit status: 0 rendered, 1 a dossier has invalid answers, 2 trouble.\n");
}

/* --- Markdown pieces ------------------------------------------------------------------- */

static void text(struct run *r, const char *s)
{
	md_text(&r->out, s ? s : "", 1);
}

static void raw(struct run *r, const char *s)
{
	buf_adds(&r->out, s);
}

static void heading(struct run *r, int level, const char *number, const char *title)
{
	buf_add(&r->out, "\n######", (size_t)(level > 6 ? 6 : level) + 1);
	buf_add(&r->out, " ", 1);
	if (number) {
		text(r, number);
		raw(r, strchr(number, '.') ? " " : ". ");	/* "3. Title", "3.1 Title" */
	}
	text(r, title);
	raw(r, "\n\n");
}

static void date_line(struct run *r)
{
	if (r->date[0])
		buf_addf(&r->out, "%s %s\n\n", L("Date du rapport :", "Report date:"), r->date);
}

/* --- the shape of documents written by the other programs ------------------------------- */

struct shape {
	const char *file;
	struct dmn_error err;
	int bad;
};

static const struct node *want(struct shape *sh, const struct node *map, const char *key,
			       enum node_kind kind, int required)
{
	static const char *const kinds[] = { "a string", "a list", "a mapping" };
	const struct node *n = node_get(map, key);

	if (sh->bad)
		return NULL;
	if (!n || node_is_null(n)) {
		if (required) {
			dmn_error_set(&sh->err, map->line, map->col, "'%s' is missing", key);
			sh->bad = 1;
		}
		return NULL;
	}
	if (n->kind != kind) {
		dmn_error_set(&sh->err, n->line, n->col, "'%s' must be %s, not a %s", key, kinds[kind],
			      node_kind_name(n));
		sh->bad = 1;
		return NULL;
	}
	return n;
}

static const char *str(struct shape *sh, const struct node *map, const char *key, int required)
{
	const struct node *n = want(sh, map, key, NODE_SCALAR, required);
	return n ? n->text : NULL;
}

static long num(struct shape *sh, const struct node *map, const char *key)
{
	const char *s = str(sh, map, key, 0);
	char *end;
	long v;

	if (!s)
		return 0;
	errno = 0;
	v = strtol(s, &end, 10);
	if (errno || *end || v < 0) {
		dmn_error_set(&sh->err, node_get(map, key)->line, node_get(map, key)->col,
			      "'%s' must be a count, not '%s'", key, s);
		sh->bad = 1;
		return 0;
	}
	return v;
}

static const struct node *item_map(struct shape *sh, const struct node *seq, size_t i)
{
	const struct node *n = seq->items[i];

	if (sh->bad)
		return NULL;
	if (n->kind != NODE_MAP) {
		dmn_error_set(&sh->err, n->line, n->col, "a list item must be a mapping, not a %s",
			      node_kind_name(n));
		sh->bad = 1;
		return NULL;
	}
	return n;
}

/* --- shared pieces of reports ----------------------------------------------------------- */

static const char *status_label(const char *status)
{
	static const struct { const char *id, *fr, *en; } names[] = {
		{ "answered", "répondu", "answered" },
		{ "unknown", "inconnu", "unknown" },
		{ "not-applicable", "sans objet", "not applicable" },
		{ "pending", "en attente", "pending" },
		{ "missing", "manquant", "missing" },
		{ "invalid", "invalide", "invalid" },
		{ "partial", "partiel", "partial" },
		{ "skipped", "non posée", "not asked" },
	};
	size_t i;

	for (i = 0; status && i < sizeof names / sizeof *names; i++)
		if (!strcmp(status, names[i].id))
			return L(names[i].fr, names[i].en);
	return status ? status : "";
}

static void device_title(struct run *r, const char *name, const char *manufacturer, const char *version)
{
	text(r, name ? name : L("(sans nom)", "(no name)"));
	if (manufacturer) {
		raw(r, " — ");
		text(r, manufacturer);
	}
	if (version) {
		raw(r, L(", version ", ", version "));
		text(r, version);
	}
}

/* The header row and the alignment row of a table (numbers right-aligned). */
static void table_head(struct run *r, const char *const *cols, size_t n, int numbers)
{
	size_t i;

	raw(r, "|");
	for (i = 0; i < n; i++) {
		raw(r, " ");
		text(r, cols[i]);
		raw(r, " |");
	}
	raw(r, "\n|");
	for (i = 0; i < n; i++)
		raw(r, i && numbers ? " ---: |" : " --- |");
	raw(r, "\n");
}

static const char *const count_fr[CNT_N] = {
	"Répondues", "Inconnues", "Sans objet", "En attente", "Manquantes", "Invalides", "Non posées"
};
static const char *const count_en[CNT_N] = {
	"Answered", "Unknown", "Not applicable", "Pending", "Missing", "Invalid", "Not asked"
};

static void completion_table(struct run *r, const struct questionnaire *q, const struct counts *total,
			     const struct counts *per_section)
{
	const char *cols[CNT_N + 1];
	size_t i;
	int k;

	cols[0] = L("Section", "Section");
	for (k = 0; k < CNT_N; k++)
		cols[k + 1] = L(count_fr[k], count_en[k]);
	table_head(r, cols, CNT_N + 1, 1);
	for (i = 0; i < q->nsections; i++) {
		raw(r, "| ");
		text(r, q->sections[i].id);
		raw(r, ". ");
		{
			struct buf b = { 0 };
			text_shorten(&b, text_get(q->sections[i].title, opt.lang), 60);
			text(r, buf_str(&b));
			buf_free(&b);
		}
		raw(r, " |");
		for (k = 0; k < CNT_N; k++)
			buf_addf(&r->out, " %ld |", per_section[i].v[k]);
		raw(r, "\n");
	}
	buf_addf(&r->out, "| **%s** |", L("Total", "Total"));
	for (k = 0; k < CNT_N; k++)
		buf_addf(&r->out, " **%ld** |", total->v[k]);
	raw(r, "\n\n");
}

/* --- dossier: the full report ------------------------------------------------------------ */

/* An option's label in the report's language; the id itself if the option is unknown. */
static const char *label_of(const struct question *qu, const char *id)
{
	const char *label = option_label(qu, id, opt.lang);
	return label ? label : id;
}

/* An answered value as a person reads it: Oui/Non, option labels, number and unit. */
static void answer_words(struct buf *b, const struct question *qu, const struct answer *a)
{
	const struct node *v = a->value;
	size_t i;

	switch (qu->type) {
	case QT_YESNO:
		buf_adds(b, !strcmp(a->norm, "yes") ? L("Oui", "Yes") : L("Non", "No"));
		break;
	case QT_CHOICE:
		buf_adds(b, label_of(qu, a->norm));
		break;
	case QT_CHOICES:
		if (v->kind == NODE_SCALAR) {
			buf_adds(b, label_of(qu, v->text));
			break;
		}
		for (i = 0; i < v->n; i++) {
			if (i)
				buf_adds(b, " ; ");
			buf_adds(b, label_of(qu, v->items[i]->text));
		}
		break;
	case QT_NUMBER:
		buf_addf(b, "%s %s", v->text, unit_label(qu->unit, opt.lang));
		break;
	default:
		buf_adds(b, v->text);
		break;
	}
}

/* Sections are level 2; a question one level below, unless its section is that question. */
static int question_level(const struct questionnaire *q, const struct question *qu)
{
	int top = (int)q->sections[qu->section].first;
	int sole = q->sections[qu->section].count > 0 && !strcmp(q->questions[top].id, q->sections[qu->section].id);

	return 3 + qu->depth - sole;
}


static void provenance(struct run *r, const struct answer *a)
{
	int first = 1;

	if (!a->source && !a->by && !a->date && !a->comment)
		return;
	raw(r, "\n");
	if (a->source) {
		buf_addf(&r->out, "%s*%s* ", first ? "" : " · ", L("Source :", "Source:"));
		text(r, a->source);
		first = 0;
	}
	if (a->by) {
		buf_addf(&r->out, "%s*%s* ", first ? "" : " · ", L("Par :", "By:"));
		text(r, a->by);
		first = 0;
	}
	if (a->date) {
		buf_addf(&r->out, "%s*%s* ", first ? "" : " · ", L("Date :", "Date:"));
		text(r, a->date);
		first = 0;
	}
	if (a->comment) {
		buf_addf(&r->out, "%s*%s* ", first ? "" : " · ", L("Commentaire :", "Comment:"));
		text(r, a->comment);
	}
	raw(r, "\n");
}

static void render_question(struct run *r, const struct dossier *d, int qi)
{
	const struct questionnaire *q = d->q;
	const struct question *qu = &q->questions[qi];
	const struct answer *a = &d->answers[qi];
	struct buf b = { 0 };
	const char *dep;

	if (qu->heading.fr)
		heading(r, 3, NULL, text_get(qu->heading, opt.lang));
	/* a section that is one question (1, 2, 3, 9, 10) already has its heading */
	if (!(qu->parent < 0 && !strcmp(qu->id, q->sections[qu->section].id)))
		heading(r, question_level(q, qu), qu->id, text_get(qu->text, opt.lang));
	if (qu->type == QT_GROUP)
		return;
	if (!question_applies(d, qi) && a->status != AS_INVALID) {
		dep = question_blocker(d, qi);
		buf_addf(&r->out, "*%s ", L("Sans objet : cette question dépend de la réponse à la question",
					  "Not applicable: this question depends on the answer to question"));
		text(r, dep);
		raw(r, ".*\n");
		return;
	}
	switch (a->status) {
	case AS_ANSWERED:
		answer_words(&b, qu, a);
		md_block(&r->out, buf_str(&b), "> ");
		break;
	case AS_UNKNOWN:
		buf_addf(&r->out, "**%s**\n", L("Inconnu (le fournisseur ne peut pas répondre)",
					      "Unknown (the vendor cannot say)"));
		break;
	case AS_NOT_APPLICABLE:
		buf_addf(&r->out, "**%s**\n", L("Sans objet", "Not applicable"));
		break;
	case AS_PENDING:
		buf_addf(&r->out, "**⚠ %s**\n", L("EN ATTENTE : question posée, réponse attendue",
						  "PENDING: asked, answer awaited"));
		break;
	case AS_INVALID: {
		size_t i;
		buf_addf(&r->out, "**⚠ %s**", L("RÉPONSE INVALIDE :", "INVALID ANSWER:"));
		for (i = 0; i < d->findings.n; i++)
			if (d->findings.v[i].sev == SEV_ERROR && d->findings.v[i].id &&
			    !strcmp(d->findings.v[i].id, qu->id)) {
				raw(r, " ");
				text(r, d->findings.v[i].msg);
				break;
			}
		raw(r, "\n");
		break;
	}
	default:
		buf_addf(&r->out, "**⚠ %s**\n", L("MANQUANTE : pas de réponse", "MISSING: no answer"));
		break;
	}
	/* what was written with unknown, not-applicable, pending or an invalid answer */
	if (a->status != AS_ANSWERED && a->status != AS_MISSING && a->value && !node_is_null(a->value)) {
		size_t i;
		raw(r, "\n");
		if (a->value->kind == NODE_SCALAR) {
			md_block(&r->out, a->value->text, "> ");
		} else if (a->value->kind == NODE_SEQ) {
			b.len = 0;
			buf_add(&b, "", 0);
			for (i = 0; i < a->value->n; i++)
				if (a->value->items[i]->kind == NODE_SCALAR)
					buf_addf(&b, "%s%s", i ? ", " : "", a->value->items[i]->text);
			md_block(&r->out, buf_str(&b), "> ");
		}
	}
	provenance(r, a);
	buf_free(&b);
}

static void render_dossier(struct run *r, const char *file, struct ydoc *doc)
{
	struct dmn_error err = { 0 };
	const struct questionnaire *q = r->q;
	struct counts total, *per_section;
	struct dossier *d;
	size_t s;
	int i;

	if (dossier_load(&d, doc, q, &err) != 0) {
		diag_error(file, &err);
		return;
	}
	dossier_check_conditions(d);
	finding_list_sort(&d->findings);
	program_findings(file, &d->findings);
	if (finding_count(&d->findings, SEV_ERROR))
		diag_status(DMN_FINDINGS);
	per_section = xcalloc(q->nsections, sizeof *per_section);
	{
		struct require all;
		require_all(&all, q);
		dossier_counts(d, &all, &total, per_section);
		require_free(&all);
	}
	raw(r, "# ");
	device_title(r, d->device.name, d->device.manufacturer, d->device.version);
	raw(r, "\n\n");
	if (d->device.ce_class) {
		buf_addf(&r->out, "%s ", L("Classe CE :", "CE class:"));
		text(r, d->device.ce_class);
		raw(r, "  \n");
	}
	buf_addf(&r->out, "%s ", L("Questionnaire :", "Questionnaire:"));
	text(r, text_get(q->title, opt.lang));
	raw(r, " (");
	text(r, q->id);
	buf_addf(&r->out, ", %s ", L("édition", "edition"));
	text(r, q->edition);
	raw(r, ")\n\n");
	date_line(r);
	heading(r, 2, NULL, L("Complétude", "Completion"));
	completion_table(r, q, &total, per_section);
	for (s = 0; s < q->nsections; s++) {
		const struct section *sec = &q->sections[s];
		heading(r, 2, sec->id, text_get(sec->title, opt.lang));
		for (i = sec->first; i < sec->first + sec->count; i++)
			render_question(r, d, i);
	}
	/* what the dossier says that fits no question: unknown ids, unknown fields */
	for (s = 0, i = 0; s < d->findings.n; s++) {
		const struct finding *f = &d->findings.v[s];
		if (f->sev != SEV_ERROR || (f->id && questionnaire_find(q, f->id) >= 0))
			continue;
		if (!i++)
			heading(r, 2, NULL, L("Anomalies du dossier", "Problems in the dossier"));
		buf_addf(&r->out, "- %s %d, %s %d%s", L("ligne", "line"), f->line, L("colonne", "column"), f->col, L(" : ", ": "));
		text(r, f->msg);
		raw(r, "\n");
	}
	free(per_section);
	dossier_free(d);
}

/* --- validation: the letter of questions to send back --------------------------------- */

/* How many missing questions are for audience want and not for audience not. */
static size_t letter_count(struct run *r, const struct validation_dossier *vd, unsigned want, unsigned not)
{
	size_t j, n = 0;

	for (j = 0; j < vd->nmissing; j++) {
		unsigned audience = r->q->questions[vd->missing[j].question].audience;
		if ((audience & want) && !(audience & not))
			n++;
	}
	return n;
}

/* The missing questions for audience want (and not for not), by section, with the guide's
 * hints; sections at heading level. */
static void letter_items(struct run *r, const struct validation_dossier *vd, unsigned want, unsigned not,
			 int level)
{
	const struct questionnaire *q = r->q;
	const char *last_section = NULL, *last_hint = NULL;
	size_t j;

	for (j = 0; j < vd->nmissing; j++) {
		const struct question *qu = &q->questions[vd->missing[j].question];
		const struct section *sec = &q->sections[qu->section];
		struct text where;

		if (!(qu->audience & want) || (qu->audience & not))
			continue;
		where = question_hint(q, qu->index);
		if (last_section != sec->id) {
			heading(r, level, sec->id, text_get(sec->title, opt.lang));
			last_section = sec->id;
			last_hint = NULL;
		}
		if (where.fr && where.fr != last_hint) {
			/* each hint once, before the first question it covers */
			buf_addf(&r->out, "%s*%s* ", last_hint ? "\n" : "",
				 L("Où trouver cette information :", "Where to find this information:"));
			text(r, text_get(where, opt.lang));
			raw(r, "\n\n");
			last_hint = where.fr;
		}
		raw(r, "- **");
		text(r, qu->id);
		raw(r, "** ");
		text(r, text_get(qu->text, opt.lang));
		if (vd->missing[j].pending)
			buf_addf(&r->out, " *(%s)*", L("en attente", "pending"));
		raw(r, "\n");
	}
}

/* The invalid answers, with their place, value and message. */
static void letter_corrections(struct run *r, const struct validation_dossier *vd)
{
	size_t j;

	if (!vd->ninvalid)
		return;
	heading(r, 2, NULL, L("Réponses à corriger", "Answers to correct"));
	for (j = 0; j < vd->ninvalid; j++) {
		const struct validation_invalid *inv = &vd->invalid[j];
		int qi;

		raw(r, "- ");
		if (inv->id) {
			raw(r, "**");
			text(r, inv->id);
			raw(r, "**");
			qi = questionnaire_find(r->q, inv->id);
			if (qi >= 0) {
				raw(r, " ");
				text(r, text_get(r->q->questions[qi].text, opt.lang));
			}
			raw(r, " — ");
		}
		buf_addf(&r->out, "%s %ld, %s %ld", L("ligne", "line"), inv->line, L("colonne", "column"), inv->column);
		if (inv->value) {
			buf_addf(&r->out, " — %s", L("valeur « ", "value “"));
			text(r, inv->value);
			raw(r, L(" »", "”"));
		}
		raw(r, L(" : ", ": "));
		text(r, inv->message);
		raw(r, "\n");
	}
}

/* The letter to the vendor about one dossier, then an internal to-do per other audience. */
static void render_letter(struct run *r, const struct validation_dossier *vd, int first)
{
	static const unsigned inside[] = { AUD_BUYER, AUD_DSI, AUD_DPO, AUD_LEGAL };
	static const char *const names_fr[] = { "Établissement et professionnels de santé", "DSI", "DPO et RSSI", "Service juridique et assureur" };
	static const char *const names_en[] = { "The establishment and its health professionals", "IT department (DSI)", "DPO and RSSI", "Legal department and insurer" };
	size_t k;
	int any = 0;

	raw(r, first ? "# " : "\n# ");
	buf_addf(&r->out, "%s ", L("Questions à compléter —", "Questions to complete —"));
	device_title(r, vd->device.name, vd->device.manufacturer, vd->device.version);
	raw(r, "\n\n");
	date_line(r);
	buf_addf(&r->out, "%s ", L("Dossier :", "Dossier:"));
	text(r, vd->file);
	raw(r, ". ");
	buf_addf(&r->out, "%s ", L("Questionnaire :", "Questionnaire:"));
	text(r, text_get(r->q->title, opt.lang));
	raw(r, " (");
	text(r, r->q->id);
	raw(r, ").\n\n");
	if (letter_count(r, vd, AUD_VENDOR, 0) == 0)
		buf_addf(&r->out, "%s\n", L("Aucune question ne reste sans réponse.",
					    "No question is left unanswered."));
	else
		buf_addf(&r->out, "%s\n", L("Les questions suivantes du guide restent sans réponse. "
					    "Merci d'y répondre en citant vos sources.",
					    "The following questions of the guide are still unanswered. "
					    "Please answer them, citing your sources."));
	/* the vendor's questions: the letter; the others: an internal to-do per audience */
	letter_items(r, vd, AUD_VENDOR, 0, 2);
	letter_corrections(r, vd);
	for (k = 0; k < sizeof inside / sizeof *inside; k++) {
		if (!letter_count(r, vd, inside[k], AUD_VENDOR))
			continue;
		if (!any++)
			heading(r, 2, NULL, L("À faire en interne", "Internal to-do"));
		heading(r, 3, NULL, L(names_fr[k], names_en[k]));
		letter_items(r, vd, inside[k], AUD_VENDOR, 4);
	}
}

static void render_validation(struct run *r, const char *file, const struct node *root)
{
	struct finding_list errs = { 0 };
	struct validation *v;
	size_t i;
	int rc = validation_read(&v, root, r->q, &errs);

	if (rc == 0)
		for (i = 0; i < v->ndossiers; i++)
			render_letter(r, &v->dossiers[i], i == 0);
	else	/* the first thing wrong, as the place to look */
		diag(SEV_ERROR, file, errs.v[0].line, errs.v[0].col, "%s%s",
		     rc == -1 ? "not a valid validation document: " : "", errs.v[0].msg);
	validation_free(v);
	finding_list_free(&errs);
}

/* --- comparison: the Annexe 2 table --------------------------------------------------- */

struct notes {
	struct buf b;
	int n;
};

/* The words of one answer of a comparison cell. */
static void cell_answer_words(struct run *r, struct shape *sh, struct buf *b, const struct node *a)
{
	const char *status = str(sh, a, "status", 1), *id = str(sh, a, "id", 1);
	int qi = id ? questionnaire_find(r->q, id) : -1;
	const struct node *v = node_get(a, "value"), *label = node_get(a, "label");
	size_t i;

	if (sh->bad)
		return;
	if (strcmp(status, "answered") != 0) {
		buf_adds(b, status_label(status));
		if (v && v->kind == NODE_SCALAR && !node_is_null(v)) {
			buf_adds(b, L(" : ", ": "));
			buf_adds(b, v->text);
		}
		return;
	}
	if (qi >= 0 && v && (r->q->questions[qi].type == QT_CHOICE || r->q->questions[qi].type == QT_CHOICES)) {
		/* option labels in the report's language, from the questionnaire */
		if (v->kind == NODE_SCALAR)
			buf_adds(b, label_of(&r->q->questions[qi], v->text));
		for (i = 0; v->kind == NODE_SEQ && i < v->n; i++) {
			if (i)
				buf_adds(b, " ; ");
			if (v->items[i]->kind == NODE_SCALAR)
				buf_adds(b, label_of(&r->q->questions[qi], v->items[i]->text));
		}
	} else if (label && label->kind == NODE_SCALAR) {
		buf_adds(b, label->text);
	} else if (label && label->kind == NODE_SEQ) {
		for (i = 0; i < label->n; i++) {
			if (i)
				buf_adds(b, " ; ");
			if (label->items[i]->kind == NODE_SCALAR)
				buf_adds(b, label->items[i]->text);
		}
	} else if (v && v->kind == NODE_SCALAR) {
		if (qi >= 0 && r->q->questions[qi].type == QT_YESNO && !strcmp(v->text, "yes"))
			buf_adds(b, L("Oui", "Yes"));
		else if (qi >= 0 && r->q->questions[qi].type == QT_YESNO && !strcmp(v->text, "no"))
			buf_adds(b, L("Non", "No"));
		else
			buf_adds(b, v->text);
		if (node_get(a, "unit") && node_get(a, "unit")->kind == NODE_SCALAR) {
			buf_adds(b, " ");
			buf_adds(b, unit_label(node_get(a, "unit")->text, opt.lang));
		}
	} else if (v && v->kind == NODE_SEQ) {
		for (i = 0; i < v->n; i++) {
			if (i)
				buf_adds(b, " ; ");
			if (v->items[i]->kind == NODE_SCALAR)
				buf_adds(b, v->items[i]->text);
		}
	}
}

static void render_cell(struct run *r, struct shape *sh, const struct node *cell, const char *device,
			struct notes *notes)
{
	const struct node *answers = want(sh, cell, "answers", NODE_SEQ, 1);
	struct buf full = { 0 }, shown = { 0 };
	size_t i;

	if (sh->bad)
		return;
	for (i = 0; i < answers->n; i++) {
		const struct node *a = item_map(sh, answers, i);
		const char *id;
		if (!a)
			break;
		id = str(sh, a, "id", 1);
		if (sh->bad)
			break;
		if (i)
			buf_adds(&full, " · ");
		if (answers->n > 1)
			buf_addf(&full, "%s%s", id, L(" : ", ": "));
		cell_answer_words(r, sh, &full, a);
	}
	if (text_shorten(&shown, buf_str(&full), CELL_MAX)) {
		/* the full text in a numbered note under the table */
		notes->n++;
		buf_addf(&notes->b, "%d. **", notes->n);
		md_text(&notes->b, device, 1);
		buf_adds(&notes->b, "** — ");
		md_text(&notes->b, buf_str(&full), 1);
		buf_adds(&notes->b, "\n");
		text(r, buf_str(&shown));
		buf_addf(&r->out, " \\[%d\\]", notes->n);
	} else {
		text(r, buf_str(&shown));
	}
	buf_free(&full);
	buf_free(&shown);
}

static void render_comparison(struct run *r, const char *file, const struct node *root)
{
	struct shape sh = { file, { 0 }, 0 };
	const struct node *devices = want(&sh, root, "devices", NODE_SEQ, 1);
	const struct node *rows = want(&sh, root, "rows", NODE_SEQ, 1);
	const char **cols = NULL, **names = NULL;
	struct notes notes = { { 0 }, 0 };
	size_t i, j, nd = 0;

	if (!sh.bad) {
		nd = devices->n;
		cols = xcalloc(nd + 1, sizeof *cols);
		names = xcalloc(nd + 1, sizeof *names);
		cols[0] = L("Critère", "Criterion");
		for (i = 0; i < nd && !sh.bad; i++) {
			const struct node *d = item_map(&sh, devices, i);
			if (d)
				names[i] = cols[i + 1] = str(&sh, d, "name", 1);
		}
	}
	if (!sh.bad) {
		const char *qid = str(&sh, root, "questionnaire", 1), *ed = str(&sh, root, "edition", 0);
		if (!sh.bad && (strcmp(qid, r->q->id) != 0 || (ed && strcmp(ed, r->q->edition) != 0))) {
			const struct node *n = node_get(root, "questionnaire");
			diag(SEV_ERROR, file, n->line, n->col,
			     "the comparison is for questionnaire '%s' (edition '%s'), not '%s' (edition '%s'); see --questionnaire",
			     qid, ed ? ed : "?", r->q->id, r->q->edition);
			goto done;
		}
	}
	if (sh.bad)
		goto done;
	raw(r, "# ");
	text(r, L("Tableau d'analyse multicritère", "Multi-criteria analysis table"));
	raw(r, "\n\n");
	date_line(r);
	buf_addf(&r->out, "%s ", L("Questionnaire :", "Questionnaire:"));
	text(r, str(&sh, root, "questionnaire", 0));
	raw(r, ", ");
	buf_addf(&r->out, "%s ", L("édition", "edition"));
	text(r, str(&sh, root, "edition", 0));
	buf_addf(&r->out, ". %s\n\n", L("≠ : les réponses des dispositifs diffèrent.",
					"≠: the devices' answers differ."));
	for (i = 0; i < nd; i++) {
		const struct node *d = devices->items[i];
		raw(r, "- **");
		text(r, names[i]);
		raw(r, "**");
		if (str(&sh, d, "manufacturer", 0)) {
			raw(r, " — ");
			text(r, str(&sh, d, "manufacturer", 0));
		}
		if (str(&sh, d, "version", 0)) {
			raw(r, ", version ");
			text(r, str(&sh, d, "version", 0));
		}
		raw(r, " (");
		text(r, str(&sh, d, "file", 0));
		raw(r, ")\n");
	}
	raw(r, "\n");
	table_head(r, cols, nd + 1, 0);
	/* completion: answered (with unknown and not applicable) of all the questions asked */
	buf_addf(&r->out, "| *%s* |", L("Complétude", "Completion"));
	for (i = 0; i < nd && !sh.bad; i++) {
		const struct node *c = want(&sh, devices->items[i], "completion", NODE_MAP, 1);
		const struct node *t = c ? want(&sh, c, "total", NODE_MAP, 1) : NULL;
		long answered, known = 0, asked;
		if (!t)
			break;
		answered = num(&sh, t, "answered");
		known = answered + num(&sh, t, "unknown") + num(&sh, t, "not-applicable");
		asked = known + num(&sh, t, "pending") + num(&sh, t, "missing") + num(&sh, t, "invalid");
		buf_addf(&r->out, " %ld / %ld (%ld %%) |", known, asked, asked ? known * 100 / asked : 100);
	}
	raw(r, "\n");
	for (i = 0; i < rows->n && !sh.bad; i++) {
		const struct node *row = item_map(&sh, rows, i), *title, *cells, *h, *dif;
		const char *t;

		if (!row)
			break;
		title = want(&sh, row, "title", NODE_MAP, 1);
		cells = want(&sh, row, "cells", NODE_SEQ, 1);
		if (sh.bad)
			break;
		t = str(&sh, title, opt.lang == LANG_FR ? "fr" : "en", 1);
		h = node_get(row, "heading");
		dif = node_get(row, "differ");
		if (h && h->kind == NODE_SCALAR && !strcmp(h->text, "true")) {
			const char *sec = str(&sh, row, "section", 0);
			raw(r, "| **");
			if (sec) {
				text(r, sec);
				raw(r, ". ");
			}
			text(r, t);
			raw(r, "** |");
			for (j = 0; j < nd; j++)
				raw(r, " |");
			raw(r, "\n");
			continue;
		}
		raw(r, "| ");
		if (dif && dif->kind == NODE_SCALAR && !strcmp(dif->text, "true"))
			raw(r, "≠ ");
		text(r, t);
		raw(r, " |");
		if (cells->n != nd) {
			dmn_error_set(&sh.err, cells->line, cells->col, "a row has %zu cells for %zu devices",
				      cells->n, nd);
			sh.bad = 1;
			break;
		}
		for (j = 0; j < nd && !sh.bad; j++) {
			const struct node *cell = item_map(&sh, cells, j);
			raw(r, " ");
			if (cell)
				render_cell(r, &sh, cell, names[j], &notes);
			raw(r, " |");
		}
		raw(r, "\n");
	}
	if (!sh.bad && notes.n) {
		heading(r, 2, NULL, L("Notes", "Notes"));
		raw(r, buf_str(&notes.b));
	}
done:
	if (sh.bad)
		diag(SEV_ERROR, file, sh.err.line, sh.err.col, "not a valid comparison document: %s", sh.err.msg);
	buf_free(&notes.b);
	free(cols);
	free(names);
}

/* --- questionnaire: the blank form ------------------------------------------------------ */

static void render_form_question(struct run *r, const struct questionnaire *q, const struct question *qu)
{
	size_t i;

	if (qu->heading.fr)
		heading(r, 3, NULL, text_get(qu->heading, opt.lang));
	if (qu->intro.fr)
		md_block(&r->out, text_get(qu->intro, opt.lang), "");
	if (qu->where.fr) {
		buf_addf(&r->out, "\n*%s* ", L("Où trouver cette information :", "Where to find this information:"));
		text(r, text_get(qu->where, opt.lang));
		raw(r, "\n");
	}
	if (!(qu->parent < 0 && !strcmp(qu->id, q->sections[qu->section].id)))
		heading(r, question_level(q, qu), qu->id, text_get(qu->text, opt.lang));
	if (qu->when) {
		buf_addf(&r->out, "*%s ", L("Seulement si la réponse à la question", "Only if the answer to question"));
		text(r, q->questions[qu->when->question].id);
		buf_addf(&r->out, " %s ", L("est", "is"));
		for (i = 0; i < qu->when->nvalues; i++) {
			const struct question *dep = &q->questions[qu->when->question];
			const char *v = qu->when->values[i];
			if (i)
				raw(r, L(" ou ", " or "));
			text(r, dep->type == QT_YESNO ? (!strcmp(v, "yes") ? L("oui", "yes") : L("non", "no"))
						      : label_of(dep, v));
		}
		raw(r, ".*\n\n");
	}
	if (qu->help.fr) {
		md_block(&r->out, text_get(qu->help, opt.lang), "> ");
		raw(r, "\n");
	}
	for (i = 0; i < qu->nnotes; i++) {
		buf_addf(&r->out, "%s ", L("Référence :", "Reference:"));
		text(r, text_get(qu->notes[i], opt.lang));
		raw(r, "\n\n");
	}
	switch (qu->type) {
	case QT_GROUP:
		break;
	case QT_YESNO:
		buf_addf(&r->out, "☐ %s  ☐ %s\n\n", L("Oui", "Yes"), L("Non", "No"));
		break;
	case QT_CHOICE:
	case QT_CHOICES:
		buf_addf(&r->out, "*%s*\n\n", qu->type == QT_CHOICE ? L("Une réponse :", "One answer:")
								     : L("Une ou plusieurs réponses :", "One or more answers:"));
		for (i = 0; i < qu->noptions; i++) {
			raw(r, "- ☐ ");
			text(r, text_get(qu->options[i].label, opt.lang));
			raw(r, "\n");
		}
		raw(r, "\n");
		break;
	case QT_NUMBER:
		buf_addf(&r->out, "%s ________ ", L("Nombre :", "Number:"));
		text(r, unit_label(qu->unit, opt.lang));
		raw(r, "\n\n");
		break;
	case QT_DATE:
		buf_addf(&r->out, "%s ____-__-__\n\n", L("Date :", "Date:"));
		break;
	default:
		buf_addf(&r->out, "%s\n\n", L("Réponse :", "Answer:"));
		raw(r, "> &nbsp;\n\n");
		break;
	}
	if (qu->type != QT_GROUP)
		buf_addf(&r->out, "%s ______  %s ______\n", L("Source :", "Source:"), L("Par :", "By:"));
}

static void render_questionnaire(struct run *r, const struct questionnaire *q)
{
	const char *part = NULL;
	size_t s, i;
	int k;

	raw(r, "# ");
	text(r, text_get(q->title, opt.lang));
	raw(r, "\n\n");
	if (q->publisher.fr) {
		text(r, text_get(q->publisher, opt.lang));
		raw(r, " — ");
	}
	buf_addf(&r->out, "%s ", L("édition", "edition"));
	text(r, q->edition);
	raw(r, " (");
	text(r, q->id);
	raw(r, ")\n\n");
	date_line(r);
	buf_addf(&r->out, "%s ______  %s ______  %s ______\n",
		 L("Dispositif :", "Device:"), L("Fabricant :", "Manufacturer:"), L("Version :", "Version:"));
	for (s = 0; s < q->nsections; s++) {
		const struct section *sec = &q->sections[s];
		if (sec->part && (!part || strcmp(part, sec->part) != 0)) {
			for (i = 0; i < q->nparts; i++)
				if (q->parts[i].id && !strcmp(q->parts[i].id, sec->part))
					heading(r, 1, NULL, text_get(q->parts[i].title, opt.lang));
			part = sec->part;
		}
		heading(r, 2, sec->id, text_get(sec->title, opt.lang));
		if (sec->context.fr) {
			buf_addf(&r->out, "**%s**\n\n", L("Contexte", "Context"));
			md_block(&r->out, text_get(sec->context, opt.lang), "");
			raw(r, "\n");
		}
		if (sec->where.fr) {
			buf_addf(&r->out, "*%s* ", L("Où trouver cette information :", "Where to find this information:"));
			text(r, text_get(sec->where, opt.lang));
			raw(r, "\n\n");
		}
		for (i = 0; i < sec->nnotes; i++) {
			buf_addf(&r->out, "%s ", L("Référence :", "Reference:"));
			text(r, text_get(sec->notes[i], opt.lang));
			raw(r, "\n\n");
		}
		for (k = sec->first; k < sec->first + sec->count; k++)
			render_form_question(r, q, &q->questions[k]);
	}
}

/* --- the loop ------------------------------------------------------------------------- */

static void on_document(void *ctx, const char *file, struct ydoc *doc)
{
	struct run *r = ctx;
	const struct node *root = ydoc_root(doc), *kind;
	struct dmn_error err = { 0 };

	r->out.len = 0;
	if (r->out.s)
		r->out.s[0] = '\0';
	if (!(kind = doc_kind(root, &err))) {
		diag_error(file, &err);
		ydoc_free(doc);
		return;
	}
	if (r->ndocs++)
		raw(r, "\n* * *\n\n");
	if (!strcmp(kind->text, "dossier")) {
		render_dossier(r, file, doc);	/* takes the document */
		doc = NULL;
	} else if (!strcmp(kind->text, "validation")) {
		render_validation(r, file, root);
	} else if (!strcmp(kind->text, "comparison")) {
		render_comparison(r, file, root);
	} else if (!strcmp(kind->text, "questionnaire")) {
		struct finding_list errs = { 0 };
		struct questionnaire *q;
		size_t i;
		if (questionnaire_load(&q, doc, &errs) == 0) {
			render_questionnaire(r, q);
			questionnaire_free(q);
		}
		for (i = 0; i < errs.n; i++)
			diag(SEV_ERROR, file, errs.v[i].line, errs.v[i].col, "%s", errs.v[i].msg);
		finding_list_free(&errs);
		doc = NULL;	/* the questionnaire took it */
	} else {
		diag(SEV_ERROR, file, kind->line, kind->col,
		     "unknown kind '%s' (expected dossier, validation, comparison or questionnaire)", kind->text);
	}
	ydoc_free(doc);
	fputs(buf_str(&r->out), r->f);
}

static int set_date(struct run *r)
{
	const char *epoch = getenv("SOURCE_DATE_EPOCH");
	time_t t;
	struct tm tm;

	if (!opt.date)
		return 0;	/* no clock in a report unless asked */
	if (epoch && *epoch) {
		char *end;
		long long v;
		errno = 0;
		v = strtoll(epoch, &end, 10);
		if (errno || *end || v < 0) {
			diag(SEV_ERROR, NULL, 0, 0, "SOURCE_DATE_EPOCH is not a number of seconds: '%s'", epoch);
			return -1;
		}
		t = (time_t)v;
	} else {
		t = time(NULL);
	}
	if (!gmtime_r(&t, &tm) || !strftime(r->date, sizeof r->date, "%Y-%m-%d", &tm)) {
		diag(SEV_ERROR, NULL, 0, 0, "cannot format the date");
		return -1;
	}
	return 0;
}

int main(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "date", no_argument, NULL, 'd' },
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
	while ((c = getopt_long(argc, argv, ":dl:Q:o:hV", longopts, NULL)) != -1) {
		switch (c) {
		case 'd':
			opt.date = 1;
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
	if (set_date(&r) != 0 || program_questionnaire(&r.q, opt.questionnaire) != 0)
		return DMN_TROUBLE;
	{
		const char *others[] = { opt.questionnaire, NULL };
		if (program_output_safe(opt.output, argv + optind, argc - optind, others) != 0) {
			questionnaire_free(r.q);
			return DMN_TROUBLE;
		}
	}
	if (output_open(&out, opt.output, &err) != 0) {
		diag_error(NULL, &err);
		questionnaire_free(r.q);
		return DMN_TROUBLE;
	}
	r.f = out.f;
	program_inputs(argv + optind, argc - optind, on_document, &r, "document");
	/* a run with trouble writes nothing: never a partial report as if it were whole */
	if (diag_exit_status() >= DMN_TROUBLE)
		output_discard(&out);
	else if (output_commit(&out, &err) != 0)
		diag_error(NULL, &err);
	buf_free(&r.out);
	questionnaire_free(r.q);
	return diag_exit_status();
}
