/* dmn.h: the shared library of the dmn tools, grouped by the file each part comes from. */
#ifndef DMN_H
#define DMN_H

#include <stddef.h>
#include <stdio.h>

#define DMN_VERSION "0.1.0"

/* Exit statuses, named once: every program exits with one of these. */
enum {
	DMN_OK = 0,		/* all good */
	DMN_FINDINGS = 1,	/* valid input with findings */
	DMN_TROUBLE = 2		/* bad usage, unreadable or invalid input, write error */
};

/* An error found by library code: where and what. The caller prints it. */
struct dmn_error {
	int line, col;		/* 1-based; 0 when there is no place */
	char msg[512];
};
void dmn_error_set(struct dmn_error *err, int line, int col, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

/* util.c: allocation that cannot fail silently, growable strings, number parsing */
void *xmalloc(size_t n);
void *xcalloc(size_t n, size_t size);
void *xrealloc(void *p, size_t n);
char *xstrdup(const char *s);

struct buf {
	char *s;
	size_t len, cap;
};
void buf_add(struct buf *b, const char *s, size_t n);
void buf_adds(struct buf *b, const char *s);
void buf_addf(struct buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
const char *buf_str(struct buf *b);	/* never NULL */
void buf_free(struct buf *b);

size_t utf8_len(const unsigned char *s);	/* length of the UTF-8 character at s, 0 if invalid */
int utf8_valid(const char *s);
int parse_decimal(const char *s);	/* 1 if s is -?[0-9]+(.[0-9]+)? */
int parse_date(const char *s);		/* 1 if s is a real YYYY-MM-DD date */
int looks_like_yaml_number(const char *s); /* YAML 1.1 int or float, as other tools would read it */

/* diag.c: the one place that prints diagnostics and remembers the worst status */
enum severity { SEV_WARNING, SEV_ERROR };
void diag_init(const char *progname);
const char *diag_progname(void);
void diag(enum severity sev, const char *file, int line, int col, const char *fmt, ...)
	__attribute__((format(printf, 5, 6)));
void diag_error(const char *file, const struct dmn_error *err);	/* an error at its place, trouble */
void diag_status(int status);	/* remember a status; the worst one wins */
int diag_exit_status(void);
void diag_quiet(int on);	/* -q: findings are not printed (trouble still is) */
void diag_print_finding(enum severity sev, const char *file, int line, int col, const char *msg);
void term_safe(struct buf *out, const char *s);	/* control characters shown escaped */

/* text.c: text made safe for Markdown */
void md_text(struct buf *out, const char *text, int one_line);
void md_block(struct buf *out, const char *text, const char *prefix);
int text_shorten(struct buf *out, const char *text, size_t max);

/* i18n.c: French or English */
enum lang { LANG_EN, LANG_FR };
int lang_parse(const char *s, enum lang *out);	/* "fr", "en"; 0 if unknown */
enum lang lang_from_env(void);			/* LC_ALL, LC_MESSAGES, LANG: fr... gives French */
struct text {
	const char *fr, *en;
};
const char *text_get(struct text t, enum lang lang);
const char *unit_label(const char *unit, enum lang lang);

/* yamlread.c: libyaml events to a small tree with line:col, with limits */
enum node_kind { NODE_SCALAR, NODE_SEQ, NODE_MAP };
struct node {
	enum node_kind kind;
	int line, col;		/* 1-based */
	int plain;		/* scalar written without quotes */
	const char *text;	/* scalar: NUL-terminated UTF-8 */
	size_t len;
	struct node **items;	/* seq: items; map: key, value, key, value... */
	size_t n;		/* seq: items; map: pairs */
};
#define YAML_MAX_DEPTH 64
#define YAML_MAX_DOC_BYTES (8u << 20)
#define YAML_MAX_NODES 200000	/* a dossier has about a thousand, the questionnaire a few thousand */

struct ydoc;			/* one document and the memory it owns */
const struct node *ydoc_root(const struct ydoc *d);
struct ydoc *ydoc_new(void);		/* an empty document, for nodes a program makes */
char *ydoc_strdup(struct ydoc *d, const char *s);
struct node *ydoc_node(struct ydoc *d, enum node_kind kind, const char *text, size_t nitems);
void ydoc_free(struct ydoc *d);

struct yreader;
struct yreader *yreader_open_file(FILE *f);
struct yreader *yreader_open_mem(const char *s, size_t n);
/* 1: a document in *out; 0: end of stream; -1: error in *err (the stream cannot go on) */
int yreader_next(struct yreader *r, struct ydoc **out, struct dmn_error *err);
void yreader_close(struct yreader *r);

const struct node *node_get(const struct node *map, const char *key);
int node_is_null(const struct node *n);
const char *node_kind_name(const struct node *n);

/* emit.c: YAML or JSON out, with quoting that every reader reads back the same */
struct emitter {
	FILE *f;
	int json;
	int top;
	struct emit_level {
		char type;	/* 'm' map, 's' seq */
		int count, indent, inline_first;
	} lv[32];
};
void emit_init(struct emitter *e, FILE *f, int json);
void emit_doc_begin(struct emitter *e);
void emit_doc_end(struct emitter *e);
void emit_map_begin(struct emitter *e);
void emit_map_end(struct emitter *e);
void emit_seq_begin(struct emitter *e);
void emit_seq_end(struct emitter *e);
void emit_key(struct emitter *e, const char *key);
void emit_str(struct emitter *e, const char *s);	/* NULL gives null */
void emit_int(struct emitter *e, long long v);
void emit_number(struct emitter *e, const char *decimal);
void emit_bool(struct emitter *e, int v);
void emit_null(struct emitter *e);
void emit_kv_str(struct emitter *e, const char *key, const char *s);
void emit_kv_int(struct emitter *e, const char *key, long long v);
void yaml_quote(struct buf *out, const char *s);	/* a YAML/JSON double-quoted string */
int yaml_plain_safe(const char *s);

/* output.c: output spooled to a temporary file, then renamed or copied: never half-written */
struct output {
	FILE *f;
	char *path;		/* NULL: standard output */
	char *tmp;
	int in_place;		/* an existing FIFO or device: written, not replaced */
};
FILE *spool_open(struct dmn_error *err);
int spool_copy(FILE *from, FILE *to);	/* from the start of from; -1 on a read or write error */
int output_open(struct output *o, const char *path, struct dmn_error *err);
int output_check(const char *path, struct dmn_error *err);	/* 1 replaced, 2 in place, -1 */
int output_commit(struct output *o, struct dmn_error *err);	/* 0 ok, -1 error */
void output_discard(struct output *o);
int close_stdout(struct dmn_error *err);

/* input.c: file arguments or standard input */
struct input {
	const char *name;	/* as shown in diagnostics: the path, or <stdin> */
	FILE *f;
	struct yreader *yr;
};
int input_open(struct input *in, const char *path, struct dmn_error *err);	/* "-" is stdin */
void input_close(struct input *in);
void input_stdin_closed(void);	/* program_start found fd 0 closed */

/* questionnaire.c: the guide as data */
enum qtype { QT_GROUP, QT_TEXT, QT_YESNO, QT_CHOICE, QT_CHOICES, QT_NUMBER, QT_DATE };

/* Who answers a question, from the guide's "where to find this information": a set. */
enum { AUD_VENDOR = 1, AUD_BUYER = 2, AUD_DSI = 4, AUD_DPO = 8, AUD_LEGAL = 16, AUD_ALL = 31 };
unsigned audience_parse(const char *name);	/* a bit, 0 if unknown */
const char *audience_name(unsigned bit);
int audience_list(const char *list, unsigned *out);	/* "vendor,dsi" for --for; 0 if bad */
const char *qtype_name(enum qtype t);

struct qoption {
	const char *id;
	struct text label;
};
struct condition {
	int question;		/* index of the question it depends on */
	const char **values;
	size_t nvalues;
};
struct question {
	const char *id;
	int index, parent, section, depth;	/* parent -1 for a numbered question */
	unsigned audience;	/* its own, else its parent's, else its section's, else all */
	enum qtype type;
	const char *unit;
	struct text text, help, heading, where, intro;
	struct text *notes;
	size_t nnotes;
	struct qoption *options;
	size_t noptions;
	struct condition *when;
	int line, col;
};
struct part {
	const char *id;
	struct text title;
};
struct section {
	const char *id, *part;
	unsigned audience;
	struct text title, context, where;
	struct text *notes;
	size_t nnotes;
	int first, count;	/* its questions, contiguous in questionnaire order */
};
struct annex_row {
	struct text title;
	int heading, section;
	int *questions;
	size_t nquestions;
};
struct questionnaire {
	int is_static;		/* the built-in one: compiled in, never freed */
	struct ydoc *doc;	/* owns every string */
	const char *id, *edition;
	struct text title, publisher;
	struct part *parts;
	size_t nparts;
	struct section *sections;
	size_t nsections;
	struct question *questions;	/* pre-order: a question, then its sub-questions */
	size_t nquestions;
	struct annex_row *rows;
	size_t nrows;
	struct { const char **keys; int *vals; size_t cap; } index;
};
/* Takes ownership of doc, even on failure. Errors are appended to errs. */
struct finding_list;
int questionnaire_load(struct questionnaire **out, struct ydoc *doc, struct finding_list *errs);
int questionnaire_builtin(struct questionnaire **out, struct dmn_error *err);
int questionnaire_find(const struct questionnaire *q, const char *id);	/* index or -1 */
int question_is_under(const struct questionnaire *q, int qi, int ancestor);
struct text question_hint(const struct questionnaire *q, int qi);	/* where to find the answer */
const char *option_label(const struct question *qu, const char *id, enum lang lang);
void questionnaire_free(struct questionnaire *q);

/* finding.c: what a check found, kept for the caller to print and emit */
struct finding {
	enum severity sev;
	int line, col;
	size_t seq;		/* order found, so that sorting by place is stable */
	char *id;		/* question id or NULL */
	char *value;		/* the offending value or NULL */
	char *msg;
};
struct finding_list {
	struct finding *v;
	size_t n, cap;
};
void finding_add(struct finding_list *l, enum severity sev, const struct node *at, const char *id,
	const char *value, const char *fmt, ...) __attribute__((format(printf, 6, 7)));
void finding_list_sort(struct finding_list *l);
int field_known(const char *const *fields, const char *key);
void check_fields(struct finding_list *l, const struct node *map, const char *const *fields,
	const char *id, const char *what);
size_t finding_count(const struct finding_list *l, enum severity sev);
void finding_list_free(struct finding_list *l);

/* dossier.c: the answers of one device, checked against the questionnaire */
enum astatus { AS_MISSING, AS_ANSWERED, AS_UNKNOWN, AS_NOT_APPLICABLE, AS_PENDING, AS_INVALID };
const char *astatus_name(enum astatus s);
struct answer {
	enum astatus status;
	const struct node *key, *value;	/* value: the answer itself, or NULL */
	const char *norm;		/* yesno: "yes"/"no"; choice: option id */
	const char *source, *by, *date, *comment;
};
struct device {
	const char *name, *manufacturer, *version, *ce_class;
};
struct dossier {
	struct ydoc *doc;	/* owns every string */
	const struct questionnaire *q;
	int line, col;
	const char *questionnaire_id, *edition;
	struct device device;
	int missing_name;	/* 1 + seq of the finding "no name": the one dmn-ask mends; 0 if none */
	const struct node *device_node;	/* as read, to write its other fields back */
	struct answer *answers;	/* one per question */
	unsigned char *applies;	/* one per question: its conditions hold (dossier_resolve) */
	struct finding_list findings;
};
/* Takes ownership of doc. -1: not a dossier of this questionnaire (err set); 0: loaded. */
int dossier_load(struct dossier **out, struct ydoc *doc, const struct questionnaire *q,
	struct dmn_error *err);
void dossier_free(struct dossier *d);
const struct node *doc_kind(const struct node *root, struct dmn_error *err);
struct dossier *dossier_new(const struct questionnaire *q);	/* no answer, no device */
/* An answer typed or given with --set, checked like any answer: 0, or -1 with err->msg */
int dossier_set_value(struct dossier *d, int qi, const char *typed, struct dmn_error *err);
void dossier_set_status(struct dossier *d, int qi, enum astatus status);
void dossier_set_meta(struct dossier *d, int qi, const char *source, const char *by, const char *date,
	const char *comment);
void dossier_set_device(struct dossier *d, const char *field, const char *value);
void dossier_write(const struct dossier *d, struct emitter *e);

/* completeness.c: what applies, what is required, what is missing */
void dossier_resolve(struct dossier *d);	/* decide which questions apply, after answers change */
int question_applies(const struct dossier *d, int qi);	/* conditions of qi and its ancestors */
int answer_matches(const struct question *dep, const struct answer *a, const struct condition *c);
const char *question_blocker(const struct dossier *d, int qi);	/* what makes qi not apply */
struct require {
	char *name;		/* all, annex or the policy file */
	unsigned char *set;	/* per question: required */
	size_t n;
};
int require_all(struct require *r, const struct questionnaire *q);
int require_annex(struct require *r, const struct questionnaire *q);
int require_policy(struct require *r, const struct questionnaire *q, const char *file,
	struct finding_list *errs, struct dmn_error *err);
void require_free(struct require *r);

enum { CNT_ANSWERED, CNT_UNKNOWN, CNT_NOT_APPLICABLE, CNT_PENDING, CNT_MISSING, CNT_INVALID,
	CNT_SKIPPED, CNT_N };
extern const char *const count_names[CNT_N];
struct counts {
	long v[CNT_N];
};
/* per-question state against a required set: a CNT_ value, or -1 when not required */
int question_state(const struct dossier *d, const struct require *r, int qi);
void dossier_check_conditions(struct dossier *d);
void dossier_counts(const struct dossier *d, const struct require *r, struct counts *total,
	struct counts *per_section);

/* program.c: the questionnaire, the inputs and the shared parts of the output, for main */
void program_start(const char *argv0);
int program_output_safe(const char *out, char **inputs, int n, const char *const *others);
int program_questionnaire(struct questionnaire **q, const char *path);	/* NULL: built in */
/* Calls fn for every document of every input (stdin if n is 0); fn owns the document.
 * Trouble is reported; returns the number of documents. */
int program_inputs(char **paths, int n, void (*fn)(void *ctx, const char *file, struct ydoc *doc),
	void *ctx, const char *what);	/* what: "dossier", for the message when there is none */
int program_help(void (*usage)(FILE *));
int program_version(void);
int program_usage_error(int c, char **argv, void (*usage)(FILE *));
int program_lang(const char *arg, enum lang *lang, void (*usage)(FILE *));
void program_findings(const char *file, const struct finding_list *l);
void emit_completion(struct emitter *e, const struct questionnaire *q, const struct counts *total,
	const struct counts *per_section);
void emit_device_fields(struct emitter *e, const struct device *dev);	/* inside a mapping */

#endif
