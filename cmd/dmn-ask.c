/* dmn-ask: fills a dossier, on the terminal question by question, from a blank template
 * for a vendor, from the vendor's form filled in a spreadsheet (--import), or from scripts
 * with --set. Nothing typed is lost. */
#include <errno.h>
#include <getopt.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "guide.h"

static struct {
	int template, schema, fhir, all, no_source;
	const char *require;	/* --require, with --fhir: all, annex or a policy file */
	struct common_opts co;
	const char *by;
	const char **sections, **questions;
	int nsections, nquestions;
	const char **sets;	/* --set and --set-status, in the order given; a status starts with '!' */
	int nsets;
	const char *import;	/* --import: a filled form, XLSX or CSV */
	int checkpoint;		/* -o names a file replaced after every answer */
	int force;		/* --force: -o may replace a dossier that is not the input */
	unsigned audience;	/* --for: only the questions of these audiences */
} opt;


static volatile sig_atomic_t got_signal;

struct run {
	struct questionnaire *q;
	struct dossier *d;
	FILE *tty;
	char today[16];
	unsigned char *asked;	/* per question: chosen by --section, --question, --all */
	int *history;		/* questions asked, for 'b' */
	int nhistory;
	struct store st;	/* with -o FILE: the file saved after every answer */
	struct buf conflicts;	/* ids the last save left out: someone else changed them */
};

static void usage(FILE *f)
{
	fputs(_(
		"usage: dmn-ask [-aS] [-s SECTION]... [-n ID]... [--for AUDIENCE] [-b NAME] [-l fr|en] [-Q FILE]\n"
		"               [--force] [-o FILE] [FILE]\n"
		"       dmn-ask -t [--for AUDIENCE] [-l fr|en] [-Q FILE] [--force] [-o FILE]\n"
		"       dmn-ask --schema [-l fr|en] [-Q FILE] [--force] [-o FILE]\n"
		"       dmn-ask --fhir [--for AUDIENCE] [--require all|annex|POLICY] [-l fr|en] [-Q FILE] [--force]\n"
		"               [-o FILE]\n"
		"       dmn-ask [--set ID=VALUE]... [--set-status ID=STATUS]... [-b NAME] [--force] [-o FILE] [FILE]\n"
		"       dmn-ask -i FORM [--set ID=VALUE]... [-b NAME] [--force] [-o FILE] [FILE]\n"
		"       dmn-ask -h | -V\n"
		"Fill a dossier: on the terminal (/dev/tty), asking what is wrong, then what is missing or\n"
		"pending; read from FILE, or from stdin when it is not a terminal; written to stdout or\n"
		"-o FILE, the file's bytes kept and only what changed rewritten.\n"
		"  -a, --all                ask answered questions again, showing the answer\n"
		"  -s, --section SECTION    ask only this section (repeatable)\n"
		"  -n, --question ID        ask only this question and its sub-questions (repeatable)\n"
		"  -F, --for AUDIENCE       only what AUDIENCE answers: vendor, buyer, dsi, dpo or legal\n"
		"                           (several: vendor,dsi); with -t, a template for them alone\n"
		"  -b, --by NAME            who answers: recorded as 'by' with each answer\n"
		"  -S, --no-source          do not ask for the source of each answer (ignored with -t)\n"
		"  -t, --template           write a blank dossier for a vendor, with the questions as comments\n"
		"      --schema             write the JSON Schema of a dossier, for editors and validators\n"
		"      --fhir               write the questionnaire as a FHIR R4 Questionnaire (JSON), for form\n"
		"                           tools; with --for, the questions of AUDIENCE\n"
		"      --require WHAT       with --fhir, the questions marked required: all, annex or a policy\n"
		"      --set ID=VALUE       answer a question from a script (repeatable); ID.source, ID.by,\n"
		"                           ID.comment, ID.date, ID.status and device.FIELD set one field\n"
		"      --set-status ID=STATUS  unknown, not-applicable or pending (repeatable)\n"
		"  -i, --import FORM        the answers of a form filled in a spreadsheet (dmn-report -f xlsx\n"
		"                           or csv) or of a FHIR QuestionnaireResponse (JSON), each replacing\n"
		"                           the dossier's; problems named by cell or by JSON path\n"
		"  -l, --lang LANG          language of the questions and messages: fr or en (default: locale)\n"
		"  -Q, --questionnaire FILE use this questionnaire instead of the built-in has-dmn-2023\n"
		"  -o, --output FILE        write to FILE, saved after every answer under a lock; it may be\n"
		"                           the input FILE, not another dossier\n"
		"      --force              let -o replace a dossier that is not the input\n"
		"  -h, --help               show this help\n"
		"  -V, --version            show the version\n"
		"Keys (either case): a value; ? help; u unknown; na not applicable; p pending; e editor (text);\n"
		"empty line skips; b back; q quit and save.\n"
		"Exit status: 0 written, 1 written but errors remain, 2 trouble; after a signal the dossier is\n"
		"written, then 128+signal.\n"), f);
}

/* --- the dossier out -------------------------------------------------------------------- */

enum step { STEP_NEXT, STEP_BACK, STEP_QUIT, STEP_AGAIN };

/* To standard output (or a FIFO, a device): once, at the end; r->d is then what was written. */
static int write_stdout(struct run *r)
{
	struct dmn_error err = { 0 };
	char *written;
	size_t n;

	if (dossier_output(&r->d, opt.co.output, &written, &n, &err) != 0) {
		diag_error(NULL, &err);
		return -1;
	}
	free(written);
	return 0;
}

/* With -o FILE: the file saved (locked, only the changes, on top of what another program
 * wrote meanwhile); r->d is then the file as written. 1: saved, but a change was left out
 * because someone else changed the same answer (in r->conflicts); -1: not saved. */
static int save(struct run *r)
{
	struct dmn_error err = { 0 };
	int rc = store_save(&r->st, &r->d, &r->conflicts, &err);

	if (rc < 0) {
		if (r->tty)
			fprintf(r->tty, "%s\n%s\n", err.msg,
				_("Your answers are kept: they will be written at the end."));
		else
			diag_error(NULL, &err);
		return -1;
	}
	if (rc == 1 && !r->tty)
		diag(SEV_ERROR, opt.co.output, 0, 0, "changed by another program since it was read: not written, "
		     "because it changed there too: %s", buf_str(&r->conflicts));
	else if (rc == 1)
		fprintf(r->tty, "%s %s\n", _("The file was changed by another program meanwhile; these answers changed "
					     "there too and were not written:"), buf_str(&r->conflicts));
	else if (r->st.merged && r->tty)
		fprintf(r->tty, "%s\n", _("The file was changed by another program meanwhile: read again, your "
					  "answers added to its own."));
	return rc;
}

/* When a save failed, the answers are written beside the file rather than lost. */
static int rescue(struct run *r)
{
	struct buf path = { 0 };
	FILE *f;
	int fd;

	buf_addf(&path, "%s.dmn-ask-XXXXXX", opt.co.output);
	fd = mkstemp(path.s);
	if (fd < 0 || !(f = fdopen(fd, "w"))) {
		diag(SEV_ERROR, NULL, 0, 0, "cannot save the answers beside '%s': %s", opt.co.output, errno_text(errno));
		buf_free(&path);
		return -1;
	}
	dossier_write(r->d, f);
	if (fclose(f) != 0) {
		diag(SEV_ERROR, NULL, 0, 0, "cannot save the answers in '%s': %s", path.s, errno_text(errno));
		buf_free(&path);
		return -1;
	}
	diag(SEV_ERROR, NULL, 0, 0, "'%s' could not be written: the answers are saved in '%s'", opt.co.output, path.s);
	buf_free(&path);
	return 0;
}

static int write_dossier(struct run *r)
{
	int rc;

	if (!opt.checkpoint)
		return write_stdout(r);
	rc = save(r);
	if (rc < 0)
		rescue(r);
	return rc;
}

/* With -o, the file is saved after every answer: a killed process loses nothing typed.
 * (A FIFO or a device gets the dossier once, at the end.) 1: the answer to qi was left out
 * (someone else changed it meanwhile). */
static int checkpoint(struct run *r, int qi)
{
	const char *p;
	size_t n;

	if (!opt.checkpoint || save(r) != 1 || qi < 0)
		return 0;
	n = strlen(r->q->questions[qi].id);
	for (p = buf_str(&r->conflicts); (p = strstr(p, r->q->questions[qi].id)) != NULL; p += n)
		if ((p == r->conflicts.s || p[-1] == ' ') && (p[n] == ',' || !p[n]))
			return 1;
	return 0;
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

static void write_template(struct run *r, FILE *f)
{
	const struct questionnaire *q = r->q;
	struct buf b = { 0 };
	size_t s, k;
	int i;

	/* an editor with yaml-language-server checks and completes the answers with the schema */
	schema_installed_path(&b, q);
	fprintf(f, "# yaml-language-server: $schema=%s\n", buf_str(&b));
	buf_free(&b);
	fprintf(f, "--- # %s (dmn-dossier(5))\n", _("Dossier to fill in"));
	comment(f, "", text_get(q->title, opt.co.lang));
	comment(f, "", _("Answer after each question id; leave empty what you do not know."));
	comment(f, "", _("Long form: {answer: ..., source: ..., status: unknown|not-applicable|pending}"));
	fprintf(f, "kind: dossier\nquestionnaire: ");
	yaml_quote(&b, q->id);
	fprintf(f, "%s\nedition: ", buf_str(&b));
	b.len = 0;
	yaml_quote(&b, q->edition);
	fprintf(f, "%s\ndevice:\n", buf_str(&b));
	fprintf(f, "  name:          # %s\n", _("device name (required)"));
	fprintf(f, "  manufacturer:  # %s\n", _("manufacturer"));
	fprintf(f, "  version:       # %s\n", _("version, in quotes"));
	fprintf(f, "  ce-class:      # %s\n", _("CE class: I, IIa, IIb, III"));
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
			buf_addf(&b, "%s [%s", qu->id, question_type_words(qu));
			if (qu->unit)
				buf_addf(&b, _(", in %s"), unit_label(qu->unit));
			buf_addf(&b, "] %s", text_get(qu->text, opt.co.lang));
			comment(f, "  ", buf_str(&b));
			if (qu->when) {
				const struct question *dep = &q->questions[qu->when->question];
				buf_free(&b);
				buf_addf(&b, _("  only if %s ="), dep->id);
				for (k = 0; k < qu->when->nvalues; k++)
					buf_addf(&b, "%s %s", k ? _(" or") : "", qu->when->values[k]);
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

static const char *const answer_meta[] = { "source", "by", "date", "comment", "status", NULL };

/* ID.FIELD in a --set: the field's index in answer_meta, and id cut before it; -1 if none. */
static int meta_field(char *id)
{
	char *dot = strrchr(id, '.');
	int f;

	if (!dot)
		return -1;
	for (f = 0; answer_meta[f]; f++)
		if (!strcmp(dot + 1, answer_meta[f])) {
			*dot = '\0';
			return f;
		}
	return -1;
}

static int set_device(struct run *r, const char *arg, const char *field, const char *value)
{
	struct device scratch;

	if (!device_member(&scratch, field)) {
		diag(SEV_ERROR, NULL, 0, 0,
		     "--set '%s': unknown device field '%s' (expected name, manufacturer, version, ce-class, "
		     "notified-body, udi-di, contact or url)", arg, field);
		return -1;
	}
	if (!utf8_valid(value)) {
		diag(SEV_ERROR, NULL, 0, 0, "--set '%s': the value is not valid UTF-8 text", arg);
		return -1;
	}
	if (!strcmp(field, "name") && !*value) {
		diag(SEV_ERROR, NULL, 0, 0, "--set '%s': a device cannot lose its name", arg);
		return -1;
	}
	dossier_set_device(r->d, field, value);
	return 0;
}

static int set_status(struct run *r, const char *opt_name, const char *arg, int qi, const char *value)
{
	int st = status_parse(value);

	if (st != ST_UNKNOWN && st != ST_NOT_APPLICABLE && st != ST_PENDING) {
		diag(SEV_ERROR, NULL, 0, 0,
		     "%s '%s': unknown status '%s' (expected unknown, not-applicable or pending)", opt_name, arg, value);
		return -1;
	}
	dossier_set_status(r->d, qi, (enum status)st);
	return 0;
}

/* A field of an answer: source, by, comment (empty: removed) or date (YYYY-MM-DD). */
static int set_meta(struct run *r, const char *arg, int qi, int f, const char *value)
{
	if (!utf8_valid(value)) {
		diag(SEV_ERROR, NULL, 0, 0, "--set '%s': the value is not valid UTF-8 text", arg);
		return -1;
	}
	if (f == 2 && *value && !parse_date(value)) {
		char iso[11];
		if (date_from_dmy(value, iso))
			diag(SEV_ERROR, NULL, 0, 0, "--set '%s': '%s' is not a date in the form YYYY-MM-DD: write %s", arg,
			     value, iso);
		else
			diag(SEV_ERROR, NULL, 0, 0, "--set '%s': '%s' is not a date (expected YYYY-MM-DD)", arg, value);
		return -1;
	}
	dossier_set_meta(r->d, qi, f == 0 ? value : NULL, f == 1 ? value : NULL, f == 2 ? value : NULL,
			 f == 3 ? value : NULL);
	return 0;
}

/* One --set or --set-status. pass 0: answers and statuses; pass 1: the fields of answers
 * (ID.source...), so that an answer given in the same run does not clear them. */
static int apply_set(struct run *r, const char *given, int pass)
{
	int is_status = given[0] == '!';
	const char *arg = given + is_status, *eq = strchr(arg, '='), *opt_name = is_status ? "--set-status" : "--set";
	struct dmn_error err = { 0 };
	char *id;
	int qi, f = -1, rc = 0;

	if (!eq) {
		if (is_status)
			diag(SEV_ERROR, NULL, 0, 0, "%s '%s': expected ID=STATUS", opt_name, arg);
		else
			diag(SEV_ERROR, NULL, 0, 0, "%s '%s': expected ID=VALUE", opt_name, arg);
		return -1;
	}
	id = xstrdup(arg);
	id[eq - arg] = '\0';
	if (!is_status && !strncmp(id, "device.", 7)) {
		rc = pass == 0 ? set_device(r, arg, id + 7, eq + 1) : 0;
		free(id);
		return rc;
	}
	if (!is_status)
		f = meta_field(id);
	qi = questionnaire_find(r->q, id);
	if (qi < 0) {
		diag(SEV_ERROR, NULL, 0, 0, "%s '%s': unknown question id '%s'", opt_name, arg, id);
		free(id);
		return -1;
	}
	free(id);
	if (r->q->questions[qi].type == QT_GROUP) {
		diag(SEV_ERROR, NULL, 0, 0, "%s '%s': question '%s' has no answer of its own: answer its sub-questions",
		     opt_name, arg, r->q->questions[qi].id);
		return -1;
	}
	if ((f >= 0 && f != 4) != (pass == 1))
		return 0;	/* the other pass */
	if (f >= 0 && f != 4)
		return set_meta(r, arg, qi, f, eq + 1);
	if (is_status || f == 4)
		rc = set_status(r, opt_name, arg, qi, eq + 1);
	else if (dossier_set_value(r->d, qi, eq + 1, &err) != 0) {
		diag(SEV_ERROR, NULL, 0, 0, "--set '%s': %s", arg, err.msg);
		rc = -1;
	}
	if (rc == 0)
		dossier_set_meta(r->d, qi, NULL, opt.by, r->today, NULL);
	return rc;
}

/* --import: the form read whole (within the reader's limits), then row by row; or a FHIR
 * QuestionnaireResponse (JSON), item by item */
static int import_form(struct run *r)
{
	struct import_opts io = { opt.by, r->today };
	struct dmn_error err = { 0 };
	struct input in;
	char *bytes = NULL;
	size_t len = 0;
	int rc;

	if (!opt.import)
		return 0;
	if (input_open(&in, opt.import, &err) != 0) {
		diag_error(in.name, &err);
		return -1;
	}
	rc = read_all(in.f, SHEET_MAX_FILE, &bytes, &len, &err);
	if (rc != 0) {
		diag_error(in.name, &err);
	} else if (fhir_sniff(bytes, len)) {
		/* a QuestionnaireResponse, within a YAML document's size */
		if (len > YAML_MAX_DOC_BYTES) {
			diag(SEV_ERROR, in.name, 0, 0, "document larger than the limit of %u MiB", YAML_MAX_DOC_BYTES >> 20);
			rc = -1;
		} else {
			rc = fhir_import(r->d, in.name, bytes, len, &io);
		}
	} else {
		rc = form_import(r->d, in.name, bytes, len, &io);
	}
	free(bytes);
	input_close(&in);
	return rc;
}

static int apply_sets(struct run *r)
{
	int i, pass;

	for (pass = 0; pass < 2; pass++)
		for (i = 0; i < opt.nsets; i++)
			if (apply_set(r, opt.sets[i], pass) != 0)
				return -1;
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
		size_t n = strcspn(line, "\n");
		nl = line[n] ? line + n : NULL;
		buf_add(&piece, line, n);
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
	diag_flush();	/* what was said before the question, before it is answered */
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
		fprintf(r->tty, "\n%s\n", _("Context:"));
		tty_text(r, text_get(sec->context, opt.co.lang));
		fputs("\n", r->tty);
	}
	if (qu->help.fr) {
		fprintf(r->tty, "\n%s\n", _("Help:"));
		tty_text(r, text_get(qu->help, opt.co.lang));
		fputs("\n", r->tty);
	}
	for (i = 0; i < qu->nnotes; i++) {
		fprintf(r->tty, "\n%s ", _("Reference:"));
		tty_text(r, text_get(qu->notes[i], opt.co.lang));
		fputs("\n", r->tty);
	}
	if (where.fr) {
		fprintf(r->tty, "\n%s\n", _("Where to find this information:"));
		tty_text(r, text_get(where, opt.co.lang));
		fputs("\n", r->tty);
	}
	if (!sec->context.fr && !qu->help.fr && !where.fr && !qu->nnotes)
		fprintf(r->tty, "%s\n", _("The guide gives no help for this question."));
	fputs("\n", r->tty);
}

/* A value as the reader's words: an option's label, oui/non; others as they are */
static const char *value_words(const struct question *qu, const char *v)
{
	const char *label;

	if (qu->type == QT_YESNO && !strcmp(v, "yes"))
		return _("yes");
	if (qu->type == QT_YESNO && !strcmp(v, "no"))
		return _("no");
	if ((qu->type == QT_CHOICE || qu->type == QT_CHOICES) && (label = option_label(qu, v, opt.co.lang)))
		return label;
	return v;
}

static void show_current(struct run *r, const struct question *qu, const struct answer *a)
{
	size_t i;

	if (a->status == ST_MISSING)
		return;
	fprintf(r->tty, "%s ", _("Current answer:"));
	if (a->status != ST_ANSWERED)
		fprintf(r->tty, "[%s] ", status_label(a->status));
	if (a->value && a->value->kind == NODE_SCALAR && qu->type == QT_NUMBER) {
		struct buf num = { 0 };
		number_text(&num, a->value->text, qu->unit);	/* 12 000,5 EUR in French */
		tty_text(r, buf_str(&num));
		buf_free(&num);
	} else if (a->value && a->value->kind == NODE_SCALAR) {
		tty_text(r, value_words(qu, a->value->text));
	}
	for (i = 0; a->value && a->value->kind == NODE_SEQ && i < a->value->n; i++) {
		fputs(i ? ", " : "", r->tty);
		tty_text(r, value_words(qu, a->value->items[i]->text));
	}
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
		dmn_error_set(&err, 0, 0, "cannot create a temporary file: %s", errno_text(errno));
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
	i18n_restore_env();	/* the editor gets LANGUAGE as the person set it */
	rc = system("exec ${VISUAL:-${EDITOR:-vi}} \"$DMN_EDIT_FILE\" </dev/tty >/dev/tty 2>&1");
	i18n_use(opt.co.lang);
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
		fprintf(r->tty, "%s\n", _("The editor failed: answer unchanged."));
	}
	fclose(f);
	unlink(p.s);
	buf_free(&p);
	return rc == 0 ? 0 : -1;
}


/* The keys typed at a question, in either case; a word that names one, typed as the answer
 * to a text question, is confirmed first. */
static int key_is(const char *typed, const char *key)
{
	return !strcasecmp(typed, key);
}

/* A key of the question prompt: its English letters, and in French also the French ones
 * (i inconnu, so sans objet, a en attente, r retour), as the prompt shows them. */
static int key_of_prompt(const char *typed, const char *en, const char *fr)
{
	return key_is(typed, en) || (opt.co.lang == LANG_FR && fr && key_is(typed, fr));
}

static const char *const key_words[] = {
	"?", "u", "na", "p", "e", "b", "q", "help", "aide", "unknown", "inconnu", "pending", "attente",
	"back", "retour", "quit", "quitter", "skip", "passer", "editor", "éditeur", "editeur", NULL
};

static int looks_like_key(const char *s)
{
	size_t i;

	for (i = 0; key_words[i]; i++)
		if (!strcasecmp(s, key_words[i]))
			return 1;
	return 0;
}

/* A yes from the terminal (o, oui, y, yes); anything else, or nothing, is no. */
static int confirm(struct run *r, const char *prompt)
{
	struct buf line = { 0 };
	int yes = 0;

	if (ask_line(r, &line, prompt))
		yes = !strcasecmp(line.s, "o") || !strcasecmp(line.s, "oui") || !strcasecmp(line.s, "y") ||
		      !strcasecmp(line.s, "yes");
	buf_free(&line);
	return yes;
}

/* After an answer, each thing typed is saved before the next prompt: the answer, then its
 * source, then (for "other") what the other is; q at a prompt quits, what was typed kept.
 * STEP_AGAIN: someone else changed this answer meanwhile; it is asked again. */
static enum step record(struct run *r, int qi)
{
	const struct question *qu = &r->q->questions[qi];
	struct buf line = { 0 };
	enum step step = STEP_NEXT;
	enum status status;
	int other;

	dossier_set_meta(r->d, qi, NULL, opt.by, r->today, NULL);
	if (checkpoint(r, qi))
		return STEP_AGAIN;
	status = r->d->answers[qi].status;
	other = status == ST_ANSWERED && qu->type != QT_TEXT && r->d->answers[qi].value && r->d->answers[qi].norm &&
		(!strcmp(r->d->answers[qi].norm, "other") || !strcmp(r->d->answers[qi].norm, "autre"));
	if (status == ST_ANSWERED && qu->type == QT_CHOICES && r->d->answers[qi].value) {
		const struct node *v = r->d->answers[qi].value;
		size_t i;
		for (i = 0; i < v->n; i++)
			other |= !strcmp(v->items[i]->text, "other") || !strcmp(v->items[i]->text, "autre");
	}
	if (other) {
		/* the option says "other": what it is goes in the answer's comment */
		if (!ask_line(r, &line, _("What is the other? (Enter: nothing, q: quit): ")) || key_is(line.s, "q")) {
			buf_free(&line);
			return STEP_QUIT;
		}
		if (line.len) {
			dossier_set_meta(r->d, qi, NULL, NULL, NULL, line.s);
			if (checkpoint(r, qi))
				return STEP_AGAIN;
		}
	}
	status = r->d->answers[qi].status;
	if (!opt.no_source && (status == ST_ANSWERED || status == ST_UNKNOWN)) {
		if (!ask_line(r, &line, _("Source (Enter: none, q: quit): ")) || key_is(line.s, "q"))
			step = STEP_QUIT;
		else if (line.len) {
			dossier_set_meta(r->d, qi, line.s, NULL, NULL, NULL);
			if (checkpoint(r, qi))
				step = STEP_AGAIN;
		}
	}
	buf_free(&line);
	return step;
}

/* Why a typed answer is refused, in the reader's language. */
static void refuse(struct run *r, const struct question *qu, const char *typed)
{
	struct ydoc *doc = ydoc_new();
	struct answer_verdict vd;
	struct buf b = { 0 };

	fputs(_("Refused: “"), r->tty);
	tty_text(r, typed);
	fputs(_("” "), r->tty);
	answer_refusal(&b, qu);
	fprintf(r->tty, "%s\n", buf_str(&b));
	b.len = 0;
	answer_from_typed(doc, qu, typed, &vd);
	if (answer_hint(&b, qu, &vd)) {	/* and what to write instead */
		tty_text(r, buf_str(&b));
		fputs("\n", r->tty);
	}
	ydoc_free(doc);
	buf_free(&b);
}

static void show_question(struct run *r, const struct question *qu, int pos, int total)
{
	const struct section *sec = &r->q->sections[qu->section];
	size_t i;

	fprintf(r->tty, "\n[%d/%d] %s %s. ", pos, total, _("Section"), sec->id);
	tty_text(r, text_get(sec->title, opt.co.lang));
	fprintf(r->tty, "\n%s ", qu->id);
	tty_text(r, text_get(qu->text, opt.co.lang));
	fprintf(r->tty, "\n(%s", question_type_words(qu));
	if (qu->unit)
		fprintf(r->tty, _(", in %s"), unit_label(qu->unit));
	fputs(")\n", r->tty);
	for (i = 0; i < qu->noptions; i++) {
		fprintf(r->tty, "  %zu) ", i + 1);
		tty_text(r, text_get(qu->options[i].label, opt.co.lang));
		fprintf(r->tty, " [%s]\n", qu->options[i].id);
	}
}

/* What a dossier read had wrong in this answer: its value and why, from its findings. */
static void show_invalid(struct run *r, int qi)
{
	const struct finding_list *l = &r->d->findings;
	size_t i;

	for (i = 0; i < l->n; i++)
		if (l->v[i].sev == SEV_ERROR && l->v[i].id && !strcmp(l->v[i].id, r->q->questions[qi].id)) {
			fprintf(r->tty, "%s ", _("To correct:"));
			/* the value written, not the name of a field that is none (the message says it) */
			if (l->v[i].value && !(l->v[i].about && !strcmp(l->v[i].about, "unknown-field"))) {
				fputs(_("“"), r->tty);
				tty_text(r, l->v[i].value);
				fputs(_("” — "), r->tty);
			}
			tty_text(r, l->v[i].msg);
			fputs("\n", r->tty);
		}
}

static enum step ask_question(struct run *r, int qi, int pos, int total)
{
	const struct question *qu = &r->q->questions[qi];
	struct dmn_error err = { 0 };
	struct buf line = { 0 }, edited = { 0 };
	enum step step = STEP_NEXT;

	show_question(r, qu, pos, total);
	if (r->d->answers[qi].status == ST_INVALID)
		show_invalid(r, qi);
	else
		show_current(r, qu, &r->d->answers[qi]);
	for (;;) {
		const char *s;

		s = ask_line(r, &line, qu->type == QT_TEXT ?
			     _("> (? help, u unknown, na not applicable, p pending, e editor, "
			       "Enter skip, b back, q quit) ") :
			     _("> (? help, u unknown, na not applicable, p pending, "
			       "Enter skip, b back, q quit) "));
		if (!s) {
			step = STEP_QUIT;
			break;
		}
		if (key_is(s, "?")) {
			show_help(r, qu);
			continue;
		}
		if (key_is(s, "q"))
			step = STEP_QUIT;
		else if (key_of_prompt(s, "b", "r"))
			step = STEP_BACK;
		else if (!*s)
			step = STEP_NEXT;
		else if (key_of_prompt(s, "u", "i")) {
			dossier_set_status(r->d, qi, ST_UNKNOWN);
			step = record(r, qi);
		} else if (key_of_prompt(s, "p", "a")) {
			dossier_set_status(r->d, qi, ST_PENDING);
			step = record(r, qi);
		} else if (key_of_prompt(s, "na", "so")) {
			struct buf reason = { 0 };
			dossier_set_status(r->d, qi, ST_NOT_APPLICABLE);
			dossier_set_meta(r->d, qi, NULL, opt.by, r->today, NULL);
			if (checkpoint(r, qi)) {
				step = STEP_AGAIN;
				break;
			}
			/* the reason, saved in turn: a quit here keeps "not applicable" */
			if (!ask_line(r, &reason, _("Reason (short; q: quit): ")) ||
			    key_is(reason.s, "q")) {
				buf_free(&reason);
				step = STEP_QUIT;
				break;
			}
			if (reason.len) {
				dossier_set_meta(r->d, qi, NULL, NULL, NULL, reason.s);
				if (checkpoint(r, qi))
					step = STEP_AGAIN;
			}
			buf_free(&reason);
		} else {
			if (key_is(s, "e") && qu->type == QT_TEXT) {
				if (edit_text(r, &r->d->answers[qi], &edited) != 0 || !edited.len)
					continue;
				s = edited.s;
			} else if (qu->type == QT_TEXT && looks_like_key(s)) {
				struct buf ask = { 0 };
				buf_addf(&ask, _("“%s” as the answer? (y/N) "), s);
				if (!confirm(r, buf_str(&ask))) {
					buf_free(&ask);
					continue;
				}
				buf_free(&ask);
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
	static const struct { const char *field, *prompt; } fields[] = {
		{ "name", N_("Device name: ") },
		{ "manufacturer", N_("Manufacturer: ") },
		{ "version", N_("Version: ") },
	};
	struct buf line = { 0 };
	size_t i;

	fprintf(r->tty, "%s\n", _("New dossier."));
	for (i = 0; i < sizeof fields / sizeof *fields; i++) {
		do {
			if (!ask_line(r, &line, _(fields[i].prompt))) {
				buf_free(&line);
				return -1;
			}
		} while (i == 0 && !line.len);
		if (line.len) {	/* Enter keeps what the dossier had */
			dossier_set_device(r->d, fields[i].field, line.s);
			checkpoint(r, -1);	/* on disk before the next prompt */
		}
	}
	buf_free(&line);
	return 0;
}

/* The n-th answer of the dossier whose id the questionnaire does not know, or -1. */
static long unknown_entry(const struct run *r, size_t n)
{
	const struct node *answers = node_get(ydoc_root(r->d->doc), "answers");
	size_t i, k;

	for (i = 0; answers && answers->kind == NODE_MAP && i < answers->n; i++) {
		for (k = 0; k < r->d->ndropped && r->d->dropped[k] != answers->items[2 * i]; k++)
			;
		if (k == r->d->ndropped && questionnaire_find(r->q, answers->items[2 * i]->text) < 0 && n-- == 0)
			return (long)i;
	}
	return -1;
}

/* Answers under ids the questionnaire does not know: each shown, kept or dropped. 0, or
 * -1 when the person quits. */
static int walk_unknown(struct run *r)
{
	struct buf line = { 0 };
	size_t kept = 0;
	long i;

	while ((i = unknown_entry(r, kept)) >= 0 && !got_signal) {
		const struct node *answers = node_get(ydoc_root(r->d->doc), "answers");
		const struct node *k = answers->items[2 * i], *v = answers->items[2 * i + 1];

		fprintf(r->tty, "\n%s", _("Unknown question id: “"));
		tty_text(r, k->text);
		fprintf(r->tty, _("” (line %d): "), k->line);
		if (v->kind == NODE_SCALAR)
			tty_text(r, v->text);
		else
			fputs(v->kind == NODE_SEQ ? _("(a list)") : _("(fields)"), r->tty);
		fputs("\n", r->tty);
		if (!ask_line(r, &line, _("k keep as is, d drop (Enter: keep, q: quit) ")) || key_is(line.s, "q")) {
			buf_free(&line);
			return -1;
		}
		if (key_is(line.s, "s") || key_is(line.s, "d")) {
			dossier_drop(r->d, k);	/* skipped from now on, gone when saved */
			checkpoint(r, -1);
		} else {
			kept++;
		}
	}
	buf_free(&line);
	return 0;
}

/* The answers a dossier read had wrong come first: each shown with why, asked again. */
static int walk_invalid(struct run *r, unsigned char *seen)
{
	const struct questionnaire *q = r->q;
	int *list = xcalloc(q->nquestions + 1, sizeof *list), n = 0, k = 0, rc = 0;
	size_t i;

	for (i = 0; i < q->nquestions; i++)
		if (r->asked[i] && r->d->answers[i].status == ST_INVALID)
			list[n++] = (int)i;
	if (n)
		fprintf(r->tty, "%s\n", _("Some answers of the dossier need correcting: they come first."));
	while (k < n && !got_signal) {
		enum step step = ask_question(r, list[k], k + 1, n);
		if (step == STEP_QUIT) {
			rc = -1;
			break;
		}
		if (step == STEP_AGAIN)
			continue;
		seen[list[k]] = 1;
		k += step == STEP_BACK ? (k ? -1 : 0) : 1;
	}
	free(list);
	return rc;
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
	if (walk_invalid(r, answered) != 0 || walk_unknown(r) != 0)
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
		if (step == STEP_AGAIN)
			continue;	/* changed meanwhile by someone else: asked again */
		if (step == STEP_BACK) {
			if (r->nhistory > 0)
				qi = r->history[--r->nhistory];
			else
				fprintf(r->tty, "%s\n", _("Already at the first question."));
			continue;
		}
		r->history[r->nhistory++] = qi;
		if (r->nhistory > (int)q->nquestions)
			r->nhistory = (int)q->nquestions;
		qi++;
	}
	if (!got_signal && qi >= (int)q->nquestions)
		fprintf(r->tty, "\n%s\n", _("Every question asked is done."));
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

/* -o names the file read (a path or standard input): it is saved in place. */
static int output_is_input(const char *path)
{
	struct stat so, si;

	if (!opt.co.output || stat(opt.co.output, &so) != 0)
		return 0;
	if (path && !strcmp(path, opt.co.output))
		return 1;	/* by name: another writer may rename a new file there between two stats */
	if (path && strcmp(path, "-") != 0)
		return stat(path, &si) == 0 && si.st_dev == so.st_dev && si.st_ino == so.st_ino;
	if (!path && isatty(0))
		return 0;	/* nothing read */
	return fstat(0, &si) == 0 && si.st_dev == so.st_dev && si.st_ino == so.st_ino;
}

/* An answer the dossier has under an id the questionnaire does not know. */
static int has_unknown(const struct run *r)
{
	return unknown_entry(r, 0) >= 0;
}

/* The one document of the input, and the bytes it was read from (the caller's). */
static int read_input(const char *path, struct ydoc **doc, struct buf *bytes)
{
	struct dmn_error err = { 0 };
	struct input in;
	int rc;

	if (input_open(&in, path, &err) != 0) {
		diag_error(path && strcmp(path, "-") ? path : "<stdin>", &err);
		return -1;
	}
	yreader_keep_bytes(in.yr, bytes);
	if ((rc = dossier_read_one(in.yr, doc, &err)) < 0)
		diag_error(in.name, &err);
	input_close(&in);
	return rc < 0 ? -1 : 0;
}

static int load_input(struct run *r, const char *path)
{
	struct dmn_error err = { 0 };
	const char *name = path && strcmp(path, "-") ? path : "<stdin>";
	struct ydoc *doc = NULL;
	struct buf bytes = { 0 };

	if (!path && isatty(0)) {
		r->d = dossier_new(r->q);
		return 0;
	}
	if (read_input(path, &doc, &bytes) != 0) {
		buf_free(&bytes);
		return -1;
	}
	if (opt.checkpoint && output_is_input(path))
		store_set_base(&r->st, buf_str(&bytes), bytes.len);	/* saved in place: as it was read */
	if (!doc) {
		/* an empty input: a new dossier */
		buf_free(&bytes);
		r->d = dossier_new(r->q);
		return 0;
	}
	if (dossier_load(&r->d, doc, r->q, &err) != 0) {
		diag_error(name, &err);
		buf_free(&bytes);
		return -1;
	}
	buf_add(&bytes, "", 0);
	dossier_keep_source(r->d, bytes.s, bytes.len);	/* written back with only the changes */
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
	if (!opt.nsets && !opt.import)
		diag_findings(name, &r->d->findings);	/* with --set or -i: those the changes leave */
	/* answers with errors are corrected here, in place; a dossier that cannot be rewritten
	 * in place would lose them, and what is not an answer is for an editor */
	if (finding_count(&r->d->findings, SEV_ERROR) && dossier_rewrite(r->d, NULL) != 0) {
		diag(SEV_ERROR, name, 0, 0, "the dossier has errors and cannot be rewritten in place: correct them first "
		     "(see dmn-validate)");
		return -1;
	}
	return 0;
}

/* With --set: the findings of the dossier read, but those about an answer set in this run. */
static void findings_left(struct run *r, const char *name)
{
	struct finding_list left = { 0 };
	size_t i;
	int qi;

	for (i = 0; i < r->d->findings.n; i++) {
		const struct finding *f = &r->d->findings.v[i];
		if (f->id && (qi = questionnaire_find(r->q, f->id)) >= 0 && r->d->changed[qi])
			continue;
		left.v = xrealloc(left.v, (left.n + 1) * sizeof *left.v);
		left.v[left.n++] = *f;	/* borrowed: not freed here */
	}
	diag_findings(name, &left);
	free(left.v);
}

/* The dossier written still has errors: answers refused, unknown ids kept. */
static int still_wrong(const struct run *r)
{
	size_t i;

	for (i = 0; i < r->q->nquestions; i++)
		if (r->d->answers[i].status == ST_INVALID)
			return 1;
	return has_unknown(r);
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
	enum { OPT_SET = 256, OPT_SET_STATUS, OPT_FORCE, OPT_SCHEMA, OPT_FHIR, OPT_REQUIRE };
	static const struct option longopts[] = {
		{ "all", no_argument, NULL, 'a' },
		{ "section", required_argument, NULL, 's' },
		{ "question", required_argument, NULL, 'n' },
		{ "by", required_argument, NULL, 'b' },
		{ "no-source", no_argument, NULL, 'S' },
		{ "for", required_argument, NULL, 'F' },
		{ "template", no_argument, NULL, 't' },
		{ "schema", no_argument, NULL, OPT_SCHEMA },
		{ "fhir", no_argument, NULL, OPT_FHIR },
		{ "require", required_argument, NULL, OPT_REQUIRE },
		{ "set", required_argument, NULL, OPT_SET },
		{ "set-status", required_argument, NULL, OPT_SET_STATUS },
		{ "import", required_argument, NULL, 'i' },
		{ "force", no_argument, NULL, OPT_FORCE },
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
	while ((c = getopt_long(argc, argv, ":as:n:F:b:Sti:l:Q:o:hV", longopts, NULL)) != -1) {
		switch (c) {
		case 'a':
			opt.all = 1;
			break;
		case 's':
			opt.sections[opt.nsections++] = optarg;
			break;
		case 'n':
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
		case OPT_SCHEMA:
			opt.schema = 1;
			break;
		case OPT_FHIR:
			opt.fhir = 1;
			break;
		case OPT_REQUIRE:
			opt.require = optarg;
			break;
		case 'i':
			opt.import = optarg;
			break;
		case OPT_FORCE:
			opt.force = 1;
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
	/* -S is about what is asked: a template asks nothing, so it is ignored there */
	if (opt.template && (optind < argc || opt.nsets || opt.nsections || opt.nquestions || opt.by || opt.all ||
			     opt.import)) {
		diag(SEV_ERROR, NULL, 0, 0, "--template writes a blank dossier: it takes no FILE and no other option "
		     "but --for, --lang, --questionnaire, --output and --force");
		return DMN_TROUBLE;
	}
	if (opt.schema && (opt.template || optind < argc || opt.nsets || opt.nsections || opt.nquestions || opt.by ||
			   opt.all || opt.no_source || opt.import || opt.audience)) {
		diag(SEV_ERROR, NULL, 0, 0, "--schema writes the schema of every dossier: it takes no FILE and no other "
		     "option but --lang, --questionnaire, --output and --force");
		return DMN_TROUBLE;
	}
	if (opt.fhir && (opt.template || opt.schema || optind < argc || opt.nsets || opt.nsections || opt.nquestions ||
			 opt.by || opt.all || opt.no_source || opt.import)) {
		diag(SEV_ERROR, NULL, 0, 0, "--fhir writes the questionnaire as a FHIR Questionnaire: it takes no FILE and no "
		     "other option but --for, --require, --lang, --questionnaire, --output and --force");
		return DMN_TROUBLE;
	}
	if (opt.require && !opt.fhir) {
		diag(SEV_ERROR, NULL, 0, 0, "--require says which questions of the FHIR Questionnaire are required: give --fhir too");
		return DMN_TROUBLE;
	}
	if (opt.import && (opt.nsections || opt.nquestions || opt.all || opt.no_source || opt.audience)) {
		diag(SEV_ERROR, NULL, 0, 0, "--import reads every row of the form: it takes no --all, --section, --question, "
		     "--no-source or --for");
		return DMN_TROUBLE;
	}
	if (opt.import && !strcmp(opt.import, "-") && (optind == argc || !strcmp(argv[optind], "-"))) {
		diag(SEV_ERROR, NULL, 0, 0, "--import - reads the form from stdin: give the dossier as a FILE");
		return DMN_TROUBLE;
	}
	return -1;
}

/* A regular file that holds a dossier (its first document says kind: dossier). */
static int holds_dossier(const char *path)
{
	struct dmn_error err = { 0 };
	struct input in;
	struct ydoc *doc = NULL;
	const struct node *kind;
	int yes = 0;

	if (input_open(&in, path, &err) != 0)
		return 0;
	if (yreader_next(in.yr, &doc, &err) > 0 && (kind = doc_kind(ydoc_root(doc), &err)) != NULL)
		yes = !strcmp(kind->text, "dossier");
	ydoc_free(doc);
	input_close(&in);
	return yes;
}

/* -o FILE checked before any question (nothing typed would be saved): never the
 * questionnaire; a dossier only if it is the one read (else the input was forgotten:
 * "dmn-ask -o copie.yaml"), unless --force; a regular file is saved after every answer. */
static int check_output(struct run *r, const char *path)
{
	const char *others[] = { opt.co.questionnaire, opt.import };
	struct dmn_error err = { 0 };
	struct output o;
	struct stat st;
	int kind;

	if (program_output_safe(opt.co.output, NULL, 0, others, 2) != 0)
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
	opt.checkpoint = kind == 1 && !opt.template && !opt.schema && !opt.fhir;
	if (opt.checkpoint)
		store_init(&r->st, opt.co.output, r->q);
	if (kind != 1 || stat(opt.co.output, &st) != 0 ||
	    (!opt.template && !opt.schema && !opt.fhir && output_is_input(path)))
		return 0;	/* a new file, or the dossier read, saved in place */
	if (!opt.force && holds_dossier(opt.co.output)) {
		if (opt.schema)
			diag(SEV_ERROR, NULL, 0, 0, "'%s' already holds a dossier, which the schema would replace: "
			     "write the schema elsewhere, or --force to replace it", opt.co.output);
		else if (opt.fhir)
			diag(SEV_ERROR, NULL, 0, 0, "'%s' already holds a dossier, which the FHIR Questionnaire would replace: "
			     "write it elsewhere, or --force to replace it", opt.co.output);
		else if (opt.template)
			diag(SEV_ERROR, NULL, 0, 0, "'%s' already holds a dossier, which a blank one would replace: "
			     "write the template elsewhere, or --force to replace it", opt.co.output);
		else
			diag(SEV_ERROR, NULL, 0, 0, "'%s' already holds a dossier, which would be replaced: give it as "
			     "input to continue it (dmn-ask -o %s %s), or --force to replace it", opt.co.output,
			     opt.co.output, opt.co.output);
		return -1;
	}
	if (opt.template || opt.schema || opt.fhir)
		return 0;
	{
		/* replaced (--force, or not a dossier): what it holds now is the base */
		FILE *f = fopen(opt.co.output, "rb");
		char *bytes;
		size_t len;
		if (f && read_all(f, YAML_MAX_DOC_BYTES, &bytes, &len, &err) == 0) {
			store_set_base(&r->st, bytes, len);
			free(bytes);
		}
		if (f)
			fclose(f);
	}
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

/* --schema: the JSON Schema of a dossier of the questionnaire in use */
static int run_schema(struct run *r)
{
	struct dmn_error err = { 0 };
	struct output out;

	if (output_open(&out, opt.co.output, &err) != 0) {
		diag_error(NULL, &err);
	} else {
		schema_write(r->q, opt.co.lang, out.f);
		if (output_commit(&out, &err) != 0)
			diag_error(NULL, &err);
	}
	return diag_exit_status();
}

/* --fhir: the questionnaire in use as a FHIR R4 Questionnaire, for --for and --require */
static int run_fhir(struct run *r)
{
	struct dmn_error err = { 0 };
	struct require req = { 0 };
	struct fhir_opts fo = { opt.co.lang, opt.audience ? opt.audience : AUD_ALL, NULL };
	struct output out;

	if (opt.require && program_require(&req, r->q, opt.require) != 0)
		return DMN_TROUBLE;
	fo.required = opt.require ? &req : NULL;
	if (output_open(&out, opt.co.output, &err) != 0) {
		diag_error(NULL, &err);
	} else {
		fhir_questionnaire_write(r->q, &fo, out.f);
		if (output_commit(&out, &err) != 0)
			diag_error(NULL, &err);
	}
	require_free(&req);
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
		     errno_text(errno));
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
	fclose(r->tty);
	r->tty = NULL;		/* from here, what is said goes to stderr */
	if (!r->d->device.name && !has_answers(r->d)) {
		diag(SEV_ERROR, NULL, 0, 0, "no device name was given: nothing to write");
		return DMN_TROUBLE;
	}
	if (write_dossier(r) != 0)
		return DMN_TROUBLE;
	if (still_wrong(r))
		diag_status(DMN_FINDINGS);
	return got_signal ? 128 + got_signal : diag_exit_status();
}

static void run_free(struct run *r)
{
	int i;

	if (r->tty)
		fclose(r->tty);
	if (r->d)
		dossier_free(r->d);
	store_free(&r->st);
	buf_free(&r->conflicts);
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
	if (set_today(&r) != 0 || program_questionnaire(&r.q, opt.co.questionnaire) != 0 ||
	    check_output(&r, optind < argc ? argv[optind] : NULL) != 0)
		status = DMN_TROUBLE;
	else if (opt.template)
		status = run_template(&r);
	else if (opt.schema)
		status = run_schema(&r);
	else if (opt.fhir)
		status = run_fhir(&r);
	else if (load_input(&r, optind < argc ? argv[optind] : NULL) != 0 || choose(&r) != 0)
		status = DMN_TROUBLE;
	else if (opt.nsets || opt.import) {
		if (import_form(&r) == 0 && apply_sets(&r) == 0) {
			findings_left(&r, optind < argc && strcmp(argv[optind], "-") ? argv[optind] : "<stdin>");
			if (write_dossier(&r) == 0 && still_wrong(&r))
				diag_status(DMN_FINDINGS);
		}
		status = diag_exit_status();
	} else
		status = run_terminal(&r);
done:
	run_free(&r);
	return status;
}
