/* dmn-ask: fills a dossier, on the terminal question by question, from a blank template
 * for a vendor, or from scripts with --set. Nothing typed is lost. */
#include <errno.h>
#include <getopt.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "guide.h"

static struct {
	int template, all, no_source;
	struct common_opts co;
	const char *by;
	const char **sections, **questions;
	int nsections, nquestions;
	const char **sets;	/* --set and --set-status, in the order given; a status starts with '!' */
	int nsets;
	int checkpoint;		/* -o names a file replaced after every answer */
	unsigned audience;	/* --for: only the questions of these audiences */
} opt;

#define L(fr, en) (opt.co.lang == LANG_FR ? (fr) : (en))

static volatile sig_atomic_t got_signal;

struct run {
	struct questionnaire *q;
	struct dossier *d;
	FILE *tty;
	char today[16];
	unsigned char *asked;	/* per question: chosen by --section, --question, --all */
	int *history;		/* questions asked, for 'b' */
	int nhistory;
};

static void usage(FILE *f)
{
	fprintf(f,
		"usage: dmn-ask [-aS] [-s SECTION]... [-q ID]... [--for AUDIENCE] [-b NAME] [-l fr|en] [-Q FILE]\n"
		"               [-o FILE] [FILE]\n"
		"       dmn-ask -t [--for AUDIENCE] [-l fr|en] [-Q FILE] [-o FILE]\n"
		"       dmn-ask [--set ID=VALUE]... [--set-status ID=STATUS]... [-b NAME] [-o FILE] [FILE]\n"
		"       dmn-ask -h | -V\n"
		"Fill a dossier: on the terminal (/dev/tty), asking what is missing or pending; read from\n"
		"FILE, or from stdin when it is not a terminal; written to stdout or -o FILE.\n"
		"  -a, --all                ask answered questions again, showing the answer\n"
		"  -s, --section SECTION    ask only this section (repeatable)\n"
		"  -q, --question ID        ask only this question and its sub-questions (repeatable)\n"
		"      --for AUDIENCE       only what AUDIENCE answers: vendor, buyer, dsi, dpo or legal\n"
		"                           (several: vendor,dsi); with -t, a template for them alone\n"
		"  -b, --by NAME            who answers: recorded as 'by' with each answer\n"
		"  -S, --no-source          do not ask for the source of each answer\n"
		"  -t, --template           write a blank dossier for a vendor, with the questions as comments\n"
		"      --set ID=VALUE       answer a question from a script (repeatable)\n"
		"      --set-status ID=STATUS  unknown, not-applicable or pending (repeatable)\n"
		"  -l, --lang LANG          language of the questions: fr or en (default: locale)\n"
		"  -Q, --questionnaire FILE use this questionnaire instead of the built-in has-dmn-2023\n"
		"  -o, --output FILE        write to FILE (replaced atomically after every answer); it may\n"
		"                           be the input FILE\n"
		"  -h, --help               show this help\n"
		"  -V, --version            show the version\n"
		"Keys: a value; ? help; u unknown; na not applicable; p pending; e editor (text);\n"
		"empty line skips; b back; q quit and save.\n"
		"Exit status: 0 written, 2 trouble; after a signal the dossier is written, then 128+signal.\n");
}

/* --- the dossier out -------------------------------------------------------------------- */

enum step { STEP_NEXT, STEP_BACK, STEP_QUIT, STEP_AGAIN };

static int write_dossier(struct run *r)
{
	struct dmn_error err = { 0 };
	struct output out;

	if (output_open(&out, opt.co.output, &err) != 0) {
		diag_error(NULL, &err);
		return -1;
	}
	dossier_write(r->d, out.f);
	if (output_commit(&out, &err) != 0) {
		diag_error(NULL, &err);
		return -1;
	}
	return 0;
}

/* With -o, the file is rewritten after every answer: a killed process loses at most one.
 * (A FIFO or a device gets the dossier once, at the end.) */
static void checkpoint(struct run *r)
{
	if (opt.checkpoint)
		write_dossier(r);
}

/* --- the template ----------------------------------------------------------------------- */

/* A comment line: one line of text, with no control character. */
static void comment(FILE *f, const char *indent, const char *s)
{
	const unsigned char *p = (const unsigned char *)s;

	fprintf(f, "%s# ", indent);
	for (; *p; p++)
		putc(*p < 0x20 || *p == 0x7f ? ' ' : *p, f);
	putc('\n', f);
}

static const char *type_words(const struct question *qu)
{
	switch (qu->type) {
	case QT_YESNO:
		return L("oui/non", "yes/no");
	case QT_CHOICE:
		return L("un choix", "one choice");
	case QT_CHOICES:
		return L("un ou plusieurs choix, en liste", "one or more choices, as a list");
	case QT_NUMBER:
		return L("nombre", "number");
	case QT_DATE:
		return L("date AAAA-MM-JJ", "date YYYY-MM-DD");
	default:
		return L("texte", "text");
	}
}

static void write_template(struct run *r, FILE *f)
{
	const struct questionnaire *q = r->q;
	struct buf b = { 0 };
	size_t s, k;
	int i;

	fprintf(f, "--- # %s (dmn-dossier(5))\n", L("Dossier à remplir", "Dossier to fill in"));
	comment(f, "", text_get(q->title, opt.co.lang));
	comment(f, "", L("Répondez après chaque identifiant de question ; laissez vide ce que vous ne savez pas.",
			  "Answer after each question id; leave empty what you do not know."));
	comment(f, "", L("Forme longue : {answer: ..., source: ..., status: unknown|not-applicable|pending}",
			  "Long form: {answer: ..., source: ..., status: unknown|not-applicable|pending}"));
	fprintf(f, "kind: dossier\nquestionnaire: ");
	yaml_quote(&b, q->id);
	fprintf(f, "%s\nedition: ", buf_str(&b));
	b.len = 0;
	yaml_quote(&b, q->edition);
	fprintf(f, "%s\ndevice:\n", buf_str(&b));
	fprintf(f, "  name:          # %s\n", L("nom du dispositif (obligatoire)", "device name (required)"));
	fprintf(f, "  manufacturer:  # %s\n", L("fabricant", "manufacturer"));
	fprintf(f, "  version:       # %s\n", L("version, entre guillemets", "version, in quotes"));
	fprintf(f, "  ce-class:      # %s\n", L("classe CE : I, IIa, IIb, III", "CE class: I, IIa, IIb, III"));
	fprintf(f, "answers:\n");
	for (s = 0; s < q->nsections; s++) {
		const struct section *sec = &q->sections[s];
		int any = !opt.audience;
		for (i = sec->first; !any && i < sec->first + sec->count; i++)
			any = (q->questions[i].audience & opt.audience) != 0;
		if (!any)
			continue;	/* a section with nothing for them */
		buf_free(&b);
		buf_addf(&b, "%s. %s", sec->id, text_get(sec->title, opt.co.lang));
		fputs("\n", f);
		comment(f, "  ", buf_str(&b));
		for (i = sec->first; i < sec->first + sec->count; i++) {
			const struct question *qu = &q->questions[i];
			buf_free(&b);
			if (opt.audience && !(qu->audience & opt.audience))
				continue;	/* not asked of them: left out, not a blank */
			if (qu->type == QT_GROUP) {
				/* a section that is one question already has its title above */
				if (!(qu->parent < 0 && !strcmp(qu->id, sec->id))) {
					buf_addf(&b, "%s %s", qu->id, text_get(qu->text, opt.co.lang));
					comment(f, "  ", buf_str(&b));
				}
				continue;
			}
			buf_addf(&b, "%s [%s", qu->id, type_words(qu));
			if (qu->unit)
				buf_addf(&b, L(", en %s", ", in %s"), qu->unit);
			buf_addf(&b, "] %s", text_get(qu->text, opt.co.lang));
			comment(f, "  ", buf_str(&b));
			if (qu->when) {
				const struct question *dep = &q->questions[qu->when->question];
				buf_free(&b);
				buf_addf(&b, L("  seulement si %s =", "  only if %s ="), dep->id);
				for (k = 0; k < qu->when->nvalues; k++)
					buf_addf(&b, "%s %s", k ? L(" ou", " or") : "", qu->when->values[k]);
				comment(f, "  ", buf_str(&b));
			}
			for (k = 0; k < qu->noptions; k++) {
				buf_free(&b);
				buf_addf(&b, "  %s: %s", qu->options[k].id, text_get(qu->options[k].label, opt.co.lang));
				comment(f, "  ", buf_str(&b));
			}
			buf_free(&b);
			yaml_quote(&b, qu->id);
			fprintf(f, "  %s:\n", buf_str(&b));
		}
	}
	buf_free(&b);
}

/* --- scripts: --set and --set-status --------------------------------------------------- */

static int apply_sets(struct run *r)
{
	struct dmn_error err = { 0 };
	int i;

	for (i = 0; i < opt.nsets; i++) {
		int is_status = opt.sets[i][0] == '!';
		const char *arg = opt.sets[i] + is_status;
		const char *eq = strchr(arg, '=');
		char *id;
		int qi;

		if (!eq) {
			diag(SEV_ERROR, NULL, 0, 0, "%s '%s': expected ID=%s", is_status ? "--set-status" : "--set",
			     arg, is_status ? "STATUS" : "VALUE");
			return -1;
		}
		id = xstrdup(arg);
		id[eq - arg] = '\0';
		if (!is_status && !strncmp(id, "device.", 7)) {
			struct device scratch;
			if (!device_member(&scratch, id + 7)) {
				diag(SEV_ERROR, NULL, 0, 0,
				     "--set '%s': unknown device field '%s' (expected name, manufacturer, version or ce-class)",
				     arg, id + 7);
				free(id);
				return -1;
			}
			if (!utf8_valid(eq + 1)) {
				diag(SEV_ERROR, NULL, 0, 0, "--set '%s': the value is not valid UTF-8 text", arg);
				free(id);
				return -1;
			}
			dossier_set_device(r->d, id + 7, eq + 1);
			free(id);
			continue;
		}
		qi = questionnaire_find(r->q, id);
		if (qi < 0) {
			diag(SEV_ERROR, NULL, 0, 0, "%s '%s': unknown question id '%s'",
			     is_status ? "--set-status" : "--set", arg, id);
			free(id);
			return -1;
		}
		free(id);
		if (is_status) {
			int st = status_parse(eq + 1);
			if (st != ST_UNKNOWN && st != ST_NOT_APPLICABLE && st != ST_PENDING) {
				diag(SEV_ERROR, NULL, 0, 0,
				     "--set-status '%s': unknown status '%s' (expected unknown, not-applicable or pending)",
				     arg, eq + 1);
				return -1;
			}
			if (r->q->questions[qi].type == QT_GROUP) {
				diag(SEV_ERROR, NULL, 0, 0, "--set-status '%s': question '%s' has no answer of its own",
				     arg, r->q->questions[qi].id);
				return -1;
			}
			dossier_set_status(r->d, qi, (enum status)st);
		} else if (dossier_set_value(r->d, qi, eq + 1, &err) != 0) {
			diag(SEV_ERROR, NULL, 0, 0, "--set '%s': %s", arg, err.msg);
			return -1;
		}
		dossier_set_meta(r->d, qi, NULL, opt.by, r->today, NULL);
	}
	return 0;
}

/* --- the terminal ------------------------------------------------------------------------ */

static void on_signal(int sig)
{
	got_signal = sig;
}

/* Text on the terminal: its line breaks kept, any other control shown escaped. */
static void tty_text(struct run *r, const char *s)
{
	struct buf b = { 0 };
	const char *line = s, *nl;

	for (;;) {
		struct buf piece = { 0 };
		nl = strchr(line, '\n');
		buf_add(&piece, line, nl ? (size_t)(nl - line) : strlen(line));
		term_safe(&b, buf_str(&piece));
		buf_free(&piece);
		if (!nl)
			break;
		buf_adds(&b, "\n");
		line = nl + 1;
	}
	fputs(buf_str(&b), r->tty);
	buf_free(&b);
}

/* A line typed on the terminal, without its newline; NULL at end of input or on a signal. */
static char *read_line(struct run *r, struct buf *line)
{
	int c;

	line->len = 0;
	buf_add(line, "", 0);
	fflush(r->tty);
	for (;;) {
		if (got_signal)
			return NULL;
		c = getc(r->tty);
		if (c == EOF) {
			if (ferror(r->tty) && errno == EINTR && !got_signal) {
				clearerr(r->tty);
				continue;
			}
			return NULL;
		}
		if (c == '\n')
			break;
		if (c != '\r')
			buf_add(line, (char *)&(char){ (char)c }, 1);
	}
	return line->s;
}

static char *ask_line(struct run *r, struct buf *line, const char *prompt)
{
	fputs(prompt, r->tty);
	return read_line(r, line);
}

static void show_help(struct run *r, const struct question *qu)
{
	const struct section *sec = &r->q->sections[qu->section];
	const struct text where = question_hint(r->q, qu->index);
	size_t i;

	if (sec->context.fr) {
		fprintf(r->tty, "\n%s\n", L("Contexte :", "Context:"));
		tty_text(r, text_get(sec->context, opt.co.lang));
		fputs("\n", r->tty);
	}
	if (qu->help.fr) {
		fprintf(r->tty, "\n%s\n", L("Aide :", "Help:"));
		tty_text(r, text_get(qu->help, opt.co.lang));
		fputs("\n", r->tty);
	}
	for (i = 0; i < qu->nnotes; i++) {
		fprintf(r->tty, "\n%s ", L("Référence :", "Reference:"));
		tty_text(r, text_get(qu->notes[i], opt.co.lang));
		fputs("\n", r->tty);
	}
	if (where.fr) {
		fprintf(r->tty, "\n%s\n", L("Où trouver cette information :", "Where to find this information:"));
		tty_text(r, text_get(where, opt.co.lang));
		fputs("\n", r->tty);
	}
	if (!sec->context.fr && !qu->help.fr && !where.fr && !qu->nnotes)
		fprintf(r->tty, "%s\n", L("Le guide ne donne pas d'aide pour cette question.",
					  "The guide gives no help for this question."));
	fputs("\n", r->tty);
}

static void show_current(struct run *r, const struct question *qu, const struct answer *a)
{
	size_t i;

	if (a->status == ST_MISSING)
		return;
	fprintf(r->tty, "%s ", L("Réponse actuelle :", "Current answer:"));
	if (a->status != ST_ANSWERED)
		fprintf(r->tty, "[%s] ", statuses[a->status].id);
	if (a->value && a->value->kind == NODE_SCALAR)
		tty_text(r, a->value->text);
	for (i = 0; a->value && a->value->kind == NODE_SEQ && i < a->value->n; i++) {
		fputs(i ? ", " : "", r->tty);
		tty_text(r, a->value->items[i]->text);
	}
	(void)qu;
	fputs("\n", r->tty);
}

/* $VISUAL, then $EDITOR, then vi, on the terminal, with the current text. */
static int edit_text(struct run *r, const struct answer *a, struct buf *out)
{
	struct dmn_error err = { 0 };
	const char *tmpdir = getenv("TMPDIR");
	struct buf p = { 0 };
	FILE *f;
	int fd, rc;

	buf_addf(&p, "%s/dmn-ask-XXXXXX", tmpdir && *tmpdir ? tmpdir : "/tmp");
	fd = mkstemp(p.s);
	if (fd < 0 || !(f = fdopen(fd, "w+"))) {
		dmn_error_set(&err, 0, 0, "cannot create a temporary file: %s", strerror(errno));
		fprintf(r->tty, "%s\n", err.msg);
		if (fd >= 0)
			close(fd);
		buf_free(&p);
		return -1;
	}
	if (a->status == ST_ANSWERED && a->value && a->value->kind == NODE_SCALAR)
		fputs(a->value->text, f);
	fflush(f);
	setenv("DMN_EDIT_FILE", p.s, 1);
	rc = system("exec ${VISUAL:-${EDITOR:-vi}} \"$DMN_EDIT_FILE\" </dev/tty >/dev/tty 2>&1");
	unsetenv("DMN_EDIT_FILE");
	out->len = 0;
	buf_add(out, "", 0);
	if (rc == 0) {
		char chunk[4096];
		size_t n;
		rewind(f);
		while ((n = fread(chunk, 1, sizeof chunk, f)) > 0)
			buf_add(out, chunk, n);
		while (out->len && (out->s[out->len - 1] == '\n' || out->s[out->len - 1] == ' '))
			out->s[--out->len] = '\0';
	} else {
		fprintf(r->tty, "%s\n", L("L'éditeur a échoué : réponse inchangée.", "The editor failed: answer unchanged."));
	}
	fclose(f);
	unlink(p.s);
	buf_free(&p);
	return rc == 0 ? 0 : -1;
}


/* After an answer: its source (asked), who and when; q there quits, the answer kept. */
static enum step record(struct run *r, int qi)
{
	struct buf line = { 0 };
	const struct answer *a = &r->d->answers[qi];
	enum step step = STEP_NEXT;

	dossier_set_meta(r->d, qi, NULL, opt.by, r->today, NULL);
	if (!opt.no_source && (a->status == ST_ANSWERED || a->status == ST_UNKNOWN)) {
		if (!ask_line(r, &line, L("Source (Entrée : aucune, q : quitter) : ",
					  "Source (Enter: none, q: quit): ")) || !strcmp(line.s, "q"))
			step = STEP_QUIT;
		else if (line.len)
			dossier_set_meta(r->d, qi, line.s, NULL, NULL, NULL);
	}
	buf_free(&line);
	checkpoint(r);
	return step;
}

/* Why a typed answer is refused, in the reader's language. */
static void refuse(struct run *r, const struct question *qu, const char *typed)
{
	struct buf b = { 0 };

	fputs(L("Refusé : « ", "Refused: “"), r->tty);
	tty_text(r, typed);
	fputs(L(" » ", "” "), r->tty);
	answer_refusal(&b, qu, opt.co.lang);
	fprintf(r->tty, "%s\n", buf_str(&b));
	buf_free(&b);
}

static enum step ask_question(struct run *r, int qi, int pos, int total)
{
	const struct question *qu = &r->q->questions[qi];
	const struct section *sec = &r->q->sections[qu->section];
	struct answer *a = &r->d->answers[qi];
	struct dmn_error err = { 0 };
	struct buf line = { 0 }, edited = { 0 };
	enum step step = STEP_NEXT;
	size_t i;

	fprintf(r->tty, "\n[%d/%d] %s %s. ", pos, total, L("Section", "Section"), sec->id);
	tty_text(r, text_get(sec->title, opt.co.lang));
	fprintf(r->tty, "\n%s ", qu->id);
	tty_text(r, text_get(qu->text, opt.co.lang));
	fprintf(r->tty, "\n(%s", type_words(qu));
	if (qu->unit)
		fprintf(r->tty, L(", en %s", ", in %s"), qu->unit);
	fputs(")\n", r->tty);
	for (i = 0; i < qu->noptions; i++) {
		fprintf(r->tty, "  %zu) ", i + 1);
		tty_text(r, text_get(qu->options[i].label, opt.co.lang));
		fprintf(r->tty, " [%s]\n", qu->options[i].id);
	}
	show_current(r, qu, a);
	for (;;) {
		const char *s;

		s = ask_line(r, &line, qu->type == QT_TEXT ?
			     L("> (? aide, u inconnu, na sans objet, p en attente, e éditeur, "
			       "Entrée passer, b retour, q quitter) ",
			       "> (? help, u unknown, na not applicable, p pending, e editor, "
			       "Enter skip, b back, q quit) ") :
			     L("> (? aide, u inconnu, na sans objet, p en attente, "
			       "Entrée passer, b retour, q quitter) ",
			       "> (? help, u unknown, na not applicable, p pending, "
			       "Enter skip, b back, q quit) "));
		if (!s) {
			step = STEP_QUIT;
			break;
		}
		if (!strcmp(s, "?")) {
			show_help(r, qu);
			continue;
		}
		if (!strcmp(s, "q"))
			step = STEP_QUIT;
		else if (!strcmp(s, "b"))
			step = STEP_BACK;
		else if (!*s)
			step = STEP_NEXT;
		else if (!strcmp(s, "u")) {
			dossier_set_status(r->d, qi, ST_UNKNOWN);
			step = record(r, qi);
		} else if (!strcmp(s, "p")) {
			dossier_set_status(r->d, qi, ST_PENDING);
			step = record(r, qi);
		} else if (!strcmp(s, "na")) {
			struct buf reason = { 0 };
			if (!ask_line(r, &reason, L("Raison (courte ; q : quitter) : ", "Reason (short; q: quit): ")) ||
			    !strcmp(reason.s, "q")) {
				buf_free(&reason);
				step = STEP_QUIT;
				break;
			}
			dossier_set_status(r->d, qi, ST_NOT_APPLICABLE);
			dossier_set_meta(r->d, qi, NULL, NULL, NULL, reason.len ? reason.s : "");
			buf_free(&reason);
			step = record(r, qi);
		} else {
			if (!strcmp(s, "e") && qu->type == QT_TEXT) {
				if (edit_text(r, a, &edited) != 0 || !edited.len)
					continue;
				s = edited.s;
			}
			if (dossier_set_value(r->d, qi, s, &err) != 0) {
				refuse(r, qu, s);
				continue;	/* never stored: asked again */
			}
			step = record(r, qi);
		}
		break;
	}
	buf_free(&line);
	buf_free(&edited);
	return step;
}

/* A question to ask now: chosen, answerable, applying, and missing or pending (or --all). */
static int to_ask(const struct run *r, int qi, const unsigned char *answered_at_start)
{
	const struct question *qu = &r->q->questions[qi];

	if (!r->asked[qi] || qu->type == QT_GROUP || !question_applies(r->d, qi))
		return 0;
	return opt.all || !answered_at_start[qi];
}

static int ask_device(struct run *r)
{
	static const struct { const char *field, *fr, *en; } fields[] = {
		{ "name", "Nom du dispositif : ", "Device name: " },
		{ "manufacturer", "Fabricant : ", "Manufacturer: " },
		{ "version", "Version : ", "Version: " },
	};
	struct buf line = { 0 };
	size_t i;

	fprintf(r->tty, "%s\n", L("Nouveau dossier.", "New dossier."));
	for (i = 0; i < sizeof fields / sizeof *fields; i++) {
		do {
			if (!ask_line(r, &line, L(fields[i].fr, fields[i].en))) {
				buf_free(&line);
				return -1;
			}
		} while (i == 0 && !line.len);
		if (line.len)	/* Enter keeps what the dossier had */
			dossier_set_device(r->d, fields[i].field, line.s);
	}
	buf_free(&line);
	checkpoint(r);
	return 0;
}

static void interact(struct run *r)
{
	const struct questionnaire *q = r->q;
	unsigned char *answered = xcalloc(q->nquestions, 1);
	size_t i;
	int qi = 0;

	/* what was answered when we started: asked again only with --all */
	for (i = 0; i < q->nquestions; i++) {
		enum status s = r->d->answers[i].status;
		answered[i] = s == ST_ANSWERED || s == ST_UNKNOWN || s == ST_NOT_APPLICABLE;
	}
	if (!r->d->device.name && ask_device(r) != 0)
		goto done;
	r->history = xcalloc(q->nquestions + 1, sizeof *r->history);
	while (qi < (int)q->nquestions && !got_signal) {
		int pos = 0, total = 0;
		enum step step;

		if (!to_ask(r, qi, answered)) {
			qi++;
			continue;
		}
		for (i = 0; i < q->nquestions; i++) {
			if (to_ask(r, (int)i, answered)) {
				total++;
				if ((int)i <= qi)
					pos++;
			}
		}
		step = ask_question(r, qi, pos, total);
		if (step == STEP_QUIT)
			break;
		if (step == STEP_BACK) {
			if (r->nhistory > 0)
				qi = r->history[--r->nhistory];
			else
				fprintf(r->tty, "%s\n", L("Déjà à la première question.", "Already at the first question."));
			continue;
		}
		r->history[r->nhistory++] = qi;
		if (r->nhistory > (int)q->nquestions)
			r->nhistory = (int)q->nquestions;
		qi++;
	}
	if (!got_signal && qi >= (int)q->nquestions)
		fprintf(r->tty, "\n%s\n", L("Toutes les questions demandées sont passées.", "Every question asked is done."));
done:
	fflush(r->tty);
	free(answered);
}

static int has_answers(const struct dossier *d)
{
	size_t i;

	for (i = 0; i < d->q->nquestions; i++)
		if (d->answers[i].status != ST_MISSING)
			return 1;
	return 0;
}

/* --- input --------------------------------------------------------------------------------- */

static int load_input(struct run *r, const char *path)
{
	struct dmn_error err = { 0 };
	struct input in;
	struct ydoc *doc = NULL, *extra = NULL;
	int rc;

	if (!path && isatty(0)) {
		r->d = dossier_new(r->q);
		return 0;
	}
	if (input_open(&in, path, &err) != 0) {
		diag_error(path && strcmp(path, "-") ? path : "<stdin>", &err);
		return -1;
	}
	rc = yreader_next(in.yr, &doc, &err);
	if (rc > 0 && (rc = yreader_next(in.yr, &extra, &err)) > 0) {
		diag(SEV_ERROR, in.name, ydoc_root(extra)->line, ydoc_root(extra)->col,
		     "dmn-ask fills one dossier at a time: this is a second document");
		ydoc_free(extra);
		ydoc_free(doc);
		input_close(&in);
		return -1;
	}
	if (rc < 0) {
		diag_error(in.name, &err);
		ydoc_free(doc);
		input_close(&in);
		return -1;
	}
	if (!doc) {
		/* an empty input: a new dossier */
		input_close(&in);
		r->d = dossier_new(r->q);
		return 0;
	}
	if (dossier_load(&r->d, doc, r->q, &err) != 0) {
		diag_error(in.name, &err);
		input_close(&in);
		return -1;
	}
	finding_list_sort(&r->d->findings);
	{
		/* a missing device name is not reported: dmn-ask asks it, or --set gives it */
		size_t i, k = 0;
		struct finding_list *l = &r->d->findings;
		for (i = 0; i < l->n; i++) {
			if (r->d->missing_name && l->v[i].seq + 1 == (size_t)r->d->missing_name) {
				free(l->v[i].id);
				free(l->v[i].value);
				free(l->v[i].msg);
				continue;
			}
			l->v[k++] = l->v[i];
		}
		l->n = k;
	}
	diag_findings(in.name, &r->d->findings);
	if (finding_count(&r->d->findings, SEV_ERROR)) {
		diag(SEV_ERROR, in.name, 0, 0, "the dossier has errors: correct them first (see dmn-validate)");
		input_close(&in);
		return -1;
	}
	input_close(&in);
	return 0;
}

static int choose(struct run *r)
{
	const struct questionnaire *q = r->q;
	size_t i;
	int k, any = opt.nsections || opt.nquestions;

	r->asked = xcalloc(q->nquestions, 1);
	for (i = 0; i < q->nquestions; i++)
		r->asked[i] = !any;
	for (k = 0; k < opt.nsections; k++) {
		for (i = 0; i < q->nsections; i++)
			if (!strcmp(q->sections[i].id, opt.sections[k]))
				break;
		if (i == q->nsections) {
			diag(SEV_ERROR, NULL, 0, 0, "unknown section '%s'", opt.sections[k]);
			return -1;
		}
		memset(r->asked + q->sections[i].first, 1, (size_t)q->sections[i].count);
	}
	for (k = 0; k < opt.nquestions; k++) {
		int top = questionnaire_find(q, opt.questions[k]);
		if (top < 0) {
			diag(SEV_ERROR, NULL, 0, 0, "unknown question id '%s'", opt.questions[k]);
			return -1;
		}
		for (i = (size_t)top; i < q->nquestions && question_is_under(q, (int)i, top); i++)
			r->asked[i] = 1;
	}
	for (i = 0; opt.audience && i < q->nquestions; i++)
		if (!(q->questions[i].audience & opt.audience))
			r->asked[i] = 0;	/* --for: only their questions */
	return 0;
}

static int set_today(struct run *r)
{
	struct dmn_error err = { 0 };

	if (today(r->today, &err) == 0)
		return 0;
	diag_error(NULL, &err);
	return -1;
}

/* The options into opt: -1 to go on, else the exit status (--help, a usage error). */
static int parse_options(int argc, char **argv)
{
	enum { OPT_SET = 256, OPT_SET_STATUS };
	static const struct option longopts[] = {
		{ "all", no_argument, NULL, 'a' },
		{ "section", required_argument, NULL, 's' },
		{ "question", required_argument, NULL, 'q' },
		{ "by", required_argument, NULL, 'b' },
		{ "no-source", no_argument, NULL, 'S' },
		{ "for", required_argument, NULL, 'F' },
		{ "template", no_argument, NULL, 't' },
		{ "set", required_argument, NULL, OPT_SET },
		{ "set-status", required_argument, NULL, OPT_SET_STATUS },
		{ "lang", required_argument, NULL, 'l' },
		{ "questionnaire", required_argument, NULL, 'Q' },
		{ "output", required_argument, NULL, 'o' },
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, 'V' },
		{ NULL, 0, NULL, 0 }
	};
	int c, rc;

	opt.sections = xcalloc((size_t)argc, sizeof *opt.sections);
	opt.questions = xcalloc((size_t)argc, sizeof *opt.questions);
	opt.sets = xcalloc((size_t)argc, sizeof *opt.sets);
	opterr = 0;
	while ((c = getopt_long(argc, argv, ":as:q:b:Stl:Q:o:hV", longopts, NULL)) != -1) {
		switch (c) {
		case 'a':
			opt.all = 1;
			break;
		case 's':
			opt.sections[opt.nsections++] = optarg;
			break;
		case 'q':
			opt.questions[opt.nquestions++] = optarg;
			break;
		case 'b':
			opt.by = optarg;
			break;
		case 'S':
			opt.no_source = 1;
			break;
		case 'F':
			if (!audience_list(optarg, &opt.audience)) {
				diag(SEV_ERROR, NULL, 0, 0, "unknown audience in '%s' (expected vendor, buyer, dsi, dpo or legal)",
				     optarg);
				usage(stderr);
				return DMN_TROUBLE;
			}
			break;
		case 't':
			opt.template = 1;
			break;
		case OPT_SET:
			opt.sets[opt.nsets++] = optarg;
			break;
		case OPT_SET_STATUS: {
			/* kept in order with the --set, marked with '!' */
			size_t n = strlen(optarg) + 2;
			char *s = xmalloc(n);
			snprintf(s, n, "!%s", optarg);
			opt.sets[opt.nsets++] = s;
			break;
		}
		default:
			if ((rc = program_option(c, argv, &opt.co, usage)) >= 0)
				return rc;
		}
	}
	program_options_end(&opt.co);
	if (argc - optind > 1) {
		diag(SEV_ERROR, NULL, 0, 0, "one dossier at a time: %d files given", argc - optind);
		usage(stderr);
		return DMN_TROUBLE;
	}
	if (opt.template && (optind < argc || opt.nsets || opt.nsections || opt.nquestions || opt.by || opt.all ||
			     opt.no_source)) {
		diag(SEV_ERROR, NULL, 0, 0, "--template writes a blank dossier: it takes no FILE and no other option "
		     "but --for, --lang, --questionnaire and --output");
		return DMN_TROUBLE;
	}
	return -1;
}

/* -o FILE checked before any question (nothing typed would be saved); a regular file is
 * replaced after every answer. */
static int check_output(void)
{
	const char *others[] = { opt.co.questionnaire };
	struct dmn_error err = { 0 };
	struct output o;
	int kind;

	/* the dossier read may be rewritten (-o x.yaml x.yaml); the questionnaire never */
	if (program_output_safe(opt.co.output, NULL, 0, others, 1) != 0)
		return -1;
	if (!opt.co.output || !strcmp(opt.co.output, "-")) {
		if (output_open(&o, NULL, &err) != 0) {	/* a closed stdout: before any question */
			diag_error(NULL, &err);
			return -1;
		}
		output_discard(&o);
		return 0;
	}
	if ((kind = output_check(opt.co.output, &err)) < 0) {
		diag_error(NULL, &err);
		return -1;
	}
	opt.checkpoint = kind == 1;
	return 0;
}

static int run_template(struct run *r)
{
	struct dmn_error err = { 0 };
	struct output out;

	if (output_open(&out, opt.co.output, &err) != 0) {
		diag_error(NULL, &err);
	} else {
		write_template(r, out.f);
		if (output_commit(&out, &err) != 0)
			diag_error(NULL, &err);
	}
	return diag_exit_status();
}

/* Questions on /dev/tty; on quit, a signal, end of input or a closed terminal, the
 * answers so far are written. */
static int run_terminal(struct run *r)
{
	struct sigaction sa;

	r->tty = fopen("/dev/tty", "r+");
	if (!r->tty) {
		diag(SEV_ERROR, NULL, 0, 0, "no terminal to ask on (/dev/tty: %s); use --template or --set",
		     strerror(errno));
		return DMN_TROUBLE;
	}
	/* a signal interrupts the read (no SA_RESTART): the answers so far are written */
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = on_signal;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGHUP, &sa, NULL);
	interact(r);
	signal(SIGHUP, SIG_IGN);	/* the terminal may be gone: writing the file must go on */
	if (!r->d->device.name && !has_answers(r->d)) {
		diag(SEV_ERROR, NULL, 0, 0, "no device name was given: nothing to write");
		return DMN_TROUBLE;
	}
	if (write_dossier(r) != 0)
		return DMN_TROUBLE;
	return got_signal ? 128 + got_signal : diag_exit_status();
}

static void run_free(struct run *r)
{
	int i;

	if (r->tty)
		fclose(r->tty);
	if (r->d)
		dossier_free(r->d);
	questionnaire_free(r->q);
	free(r->asked);
	free(r->history);
	free(opt.sections);
	free(opt.questions);
	for (i = 0; i < opt.nsets; i++)
		if (opt.sets[i][0] == '!')
			free((char *)opt.sets[i]);
	free(opt.sets);
}

int main(int argc, char **argv)
{
	struct run r = { 0 };
	int status;

	program_start(argv[0]);
	if ((status = parse_options(argc, argv)) >= 0)
		goto done;
	if (set_today(&r) != 0 || program_questionnaire(&r.q, opt.co.questionnaire) != 0 || check_output() != 0)
		status = DMN_TROUBLE;
	else if (opt.template)
		status = run_template(&r);
	else if (load_input(&r, optind < argc ? argv[optind] : NULL) != 0 || choose(&r) != 0)
		status = DMN_TROUBLE;
	else if (opt.nsets) {
		if (apply_sets(&r) == 0)
			write_dossier(&r);
		status = diag_exit_status();
	} else
		status = run_terminal(&r);
done:
	run_free(&r);
	return status;
}
