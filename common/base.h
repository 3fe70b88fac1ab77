/* base.h: the base of the dmn library, grouped by the file each part comes from: memory,
 * text, diagnostics, YAML in and out, files. Nothing here knows the guide: it cannot name
 * a questionnaire or a dossier (those are in guide.h). */
#ifndef DMN_BASE_H
#define DMN_BASE_H

#include <libintl.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>

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
const char *errno_text(int e);	/* strerror in the reader's language */
void dmn_error_set(struct dmn_error *err, int line, int col, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

/* util.c: allocation that cannot fail silently, growable strings, number parsing */
void *xmalloc(size_t n);
void *xcalloc(size_t n, size_t size);
void *xcalloc_aligned(size_t n, size_t size, size_t align);	/* for a type with _Alignas */
void *xrealloc(void *p, size_t n);
char *xstrdup(const char *s);

struct buf {
	char *s;
	size_t len, cap;
};
void buf_reserve(struct buf *b, size_t more);	/* room for more bytes and a NUL */
/* inline: the emitter and the readers add a great many small pieces */
static inline void buf_add(struct buf *b, const char *s, size_t n)
{
	if (b->len + n + 1 > b->cap)
		buf_reserve(b, n);
	memcpy(b->s + b->len, s, n);
	b->len += n;
	b->s[b->len] = '\0';
}
static inline void buf_adds(struct buf *b, const char *s)
{
	buf_add(b, s, strlen(s));
}
void buf_clear(struct buf *b);	/* empty again, its memory kept */
void buf_addf(struct buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void buf_vaddf(struct buf *b, const char *fmt, va_list ap);
void buf_add_uint(struct buf *b, unsigned long long v);	/* its digits, without printf */
const char *buf_str(struct buf *b);	/* never NULL */
void buf_free(struct buf *b);

size_t utf8_len(const unsigned char *s);	/* length of the UTF-8 character at s, 0 if invalid */
int utf8_valid(const char *s);
int parse_decimal(const char *s);	/* 1 if s is -?[0-9]+(.[0-9]+)? */
int parse_date(const char *s);		/* 1 if s is a real YYYY-MM-DD date */
int date_from_dmy(const char *s, char out[11]);	/* 15/03/2024 as 2024-03-15, if a real date */
int looks_like_yaml_number(const char *s); /* YAML 1.1 int or float, as other tools would read it */
int today(char out[11], struct dmn_error *err);	/* SOURCE_DATE_EPOCH, else the local day */

/* diag.c: the one place that prints diagnostics and remembers the worst status */
enum severity { SEV_WARNING, SEV_ERROR };
void diag_init(const char *progname);	/* and diag_flush at exit */
void diag_flush(void);	/* the diagnostics buffered, written: after a document, before a prompt */
void diag_buffer(int on);	/* 1: buffered until diag_flush (reading inputs); 0: flushed, line by line */
const char *diag_progname(void);
void diag(enum severity sev, const char *file, int line, int col, const char *fmt, ...)
	__attribute__((format(printf, 5, 6)));
void diag_error(const char *file, const struct dmn_error *err);	/* an error at its place, trouble */
void diag_status(int status);	/* remember a status; the worst one wins */
int diag_exit_status(void);
void diag_reset(void);	/* the status back to 0 (a fuzzing harness's next input) */
unsigned long diag_troubles(void);	/* how many times trouble was said: has this step had any? */
void diag_quiet(int on);	/* -q: findings are not printed (trouble still is) */
void diag_print_finding(enum severity sev, const char *file, int line, int col, const char *msg);
struct finding_list;
void diag_findings(const char *file, const struct finding_list *l);
void term_safe(struct buf *out, const char *s);	/* control characters shown escaped */

/* text.c: text made safe for Markdown, and compared without the blanks around it */
void md_text(struct buf *out, const char *text, int one_line);
void md_block(struct buf *out, const char *text, const char *prefix);
int text_shorten(struct buf *out, const char *text, size_t max);
int text_same(const char *a, const char *b);	/* equal but for the blanks around; NULL only to NULL */

/* i18n.c: French or English. Every message a person reads is English in the code and
 * goes through gettext (_ and N_, NC_ with a context, ngettext for counts); the French
 * catalogue is po/fr.po. Texts of the guide come with both languages (struct text). */
#define _(s) dmn_gettext(s)
const char *dmn_gettext(const char *msgid);	/* gettext, remembered until the language changes */
#define N_(s) (s)
#define NC_(ctx, s) ctx "\004" s	/* with a context: dmn_pgettext(x, after its \004) */
enum lang { LANG_EN, LANG_FR };
int lang_parse(const char *s, enum lang *out);	/* "fr", "en"; 0 if unknown */
void i18n_start(void);		/* setlocale, the catalogue, the environment's language */
void i18n_use(enum lang lang);	/* messages in lang from now on (--lang) */
enum lang i18n_lang(void);
void i18n_restore_env(void);	/* LANGUAGE as the person had it, for a program run for them */
const char *dmn_pgettext(const char *ctx_msgid, const char *msgid);
struct text {
	const char *fr, *en;
};
const char *text_get(struct text t, enum lang lang);
const char *unit_label(const char *unit);	/* "minutes", "ans": the plural, in the messages' language */
const char *unit_label_n(const char *unit, double n);	/* "minute" or "minutes" for n of them */
void text_fold(struct buf *out, const char *s);	/* lowercase, no accents, one space: for matching */
enum number_verdict { NUM_OK, NUM_BAD, NUM_NOT_NUMBER, NUM_OTHER_UNIT, NUM_AMBIGUOUS };
enum number_verdict number_norm(const char *s, const char *unit, struct buf *out, const char **other_unit);
const char *unit_of_word(const char *word);	/* the unit a word names ("min": minutes), or NULL */
const char *const *unit_word_list(const char *unit);	/* its words, folded ("min", "minute"...); NULL if none */
void number_text(struct buf *b, const char *num, const char *unit);	/* 12 000,5 minutes */
void date_text(struct buf *b, const char *iso);	/* 5 décembre 2026 in French */

/* yamlread.c: libyaml events to a small tree with line:col, with limits */
enum node_kind { NODE_SCALAR, NODE_SEQ, NODE_MAP };
struct node {
	enum node_kind kind;
	int line, col;		/* 1-based */
	unsigned char plain;	/* scalar written without quotes */
	unsigned char style;	/* enum node_style: how the file wrote it */
	unsigned start, end;	/* character indexes from the document's start (ydoc_index) */
	const char *text;	/* scalar: NUL-terminated UTF-8 */
	size_t len;
	struct node **items;	/* seq: items; map: key, value, key, value... */
	size_t n;		/* seq: items; map: pairs */
};
enum node_style { NS_PLAIN, NS_SINGLE, NS_DOUBLE, NS_LITERAL, NS_FOLDED,	/* scalars */
	NS_BLOCK = 0, NS_FLOW };						/* collections */
#define YAML_MAX_DEPTH 64
#define YAML_MAX_DOC_BYTES (8u << 20)
#define YAML_MAX_NODES 200000	/* a dossier has about a thousand, the questionnaire a few thousand */

struct ydoc;			/* one document and the memory it owns */
const struct node *ydoc_root(const struct ydoc *d);
size_t ydoc_index(const struct ydoc *d);	/* character index of its start in the stream */
struct ydoc *ydoc_new(void);		/* an empty document, for nodes a program makes */
char *ydoc_strdup(struct ydoc *d, const char *s);
struct node *ydoc_node(struct ydoc *d, enum node_kind kind, const char *text, size_t nitems);
void ydoc_free(struct ydoc *d);

struct yreader;
struct yreader *yreader_open_file(FILE *f, int stream);	/* stream: a pipe, read a line at a time */
struct yreader *yreader_open_mem(const char *s, size_t n);
/* 1: a document in *out; 0: end of stream; -1: error in *err (the stream cannot go on) */
int yreader_next(struct yreader *r, struct ydoc **out, struct dmn_error *err);
void yreader_close(struct yreader *r);
/* a file's bytes as libyaml reads them, added to b (bounded like the documents read) */
void yreader_keep_bytes(struct yreader *r, struct buf *b);

const struct node *node_get(const struct node *map, const char *key);
int node_is_null(const struct node *n);
const char *node_kind_name(const struct node *n);	/* "mapping", as a value is quoted */
const char *node_kind_a(const struct node *n);	/* "a mapping", translated, for messages */

/* emit.c: YAML or JSON out, with quoting that every reader reads back the same; the
 * emitter itself is the library's own (emit.h) */
struct emitter;
void yaml_quote(struct buf *out, const char *s);	/* a YAML/JSON double-quoted string */
int yaml_plain_safe(const char *s);
int yaml_reserved_word(const char *s);	/* a YAML 1.1 boolean or null (yes, Off, null...) */

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
void output_write(FILE *f, const char *s, size_t n);	/* no second copy through stdio's buffer */
void output_stdout_closed(void);	/* program_start found fd 1 closed */

/* input.c: file arguments or standard input */
struct input {
	const char *name;	/* as shown in diagnostics: the path, or <stdin> */
	FILE *f;
	struct yreader *yr;
	int stream;		/* not a regular file: a pipe or a terminal, whose next bytes may wait */
};
/* directories given as inputs are walked this deep at most */
#define INPUT_MAX_DEPTH 32
int input_open(struct input *in, const char *path, struct dmn_error *err);	/* "-" is stdin */
void input_close(struct input *in);
void input_stdin_closed(void);	/* program_start found fd 0 closed */
int read_all(FILE *f, size_t limit, char **bytes, size_t *len, struct dmn_error *err);

/* sheet.c: a spreadsheet read as cells: XLSX (libzip, expat) or CSV (libcsv), untrusted,
 * within limits of size, expansion and count; never a formula evaluated */
enum cell_type { CELL_TEXT, CELL_NUMBER, CELL_BOOL, CELL_ERROR };
struct cell {
	unsigned row, col;	/* 0-based: A1 is 0, 0 */
	enum cell_type type;
	char *text;		/* UTF-8: a number as the file writes it ("3.5", "45366"), a boolean "1"/"0" */
};
struct sheet {
	char *name;
	int hidden;		/* hidden or very hidden */
	struct cell *cells;	/* sorted by row, then column; no empty text */
	size_t ncells;
};
struct book {
	int csv;		/* read from CSV: one sheet, named "", every cell text */
	int date1904;		/* XLSX dates count from 1904-01-01 (workbookPr date1904) */
	struct sheet *sheets;
	size_t nsheets;
};
#define SHEET_MAX_FILE (32u << 20)	/* the file as read */
#define SHEET_MAX_PART (64u << 20)	/* one zip member, uncompressed */
#define SHEET_MAX_TOTAL (256u << 20)	/* every member read, uncompressed */
#define SHEET_MAX_RATIO 250		/* uncompressed / compressed, for a member over 1 MB */
#define SHEET_MAX_CELLS 200000		/* in the whole book; shared strings too */
#define SHEET_MAX_TEXT 32767		/* characters in a cell, as Excel allows */
#define SHEET_MAX_SHEETS 256
#define SHEET_MAX_DEPTH 64		/* XML elements nested */
/* A book from the bytes of a whole file (XLSX if it is a zip, else CSV). 0; or -1 with err
 * and the place: part the zip member ("" if none), err->line:col in it (0 if none). */
int book_read(struct book **out, const char *bytes, size_t len, char part[128], struct dmn_error *err);
void book_free(struct book *b);
const struct sheet *book_sheet(const struct book *b, const char *name);	/* NULL if none */
const struct cell *sheet_cell(const struct sheet *s, unsigned row, unsigned col);	/* NULL: empty */
void cell_name(char out[16], unsigned row, unsigned col);	/* "F23" for row 22, col 5 */
int serial_date(double serial, int date1904, char out[11]);	/* a date serial as YYYY-MM-DD; 0 if none */

/* finding.c: what a check found, kept for the caller to print and emit */
struct finding {
	enum severity sev;
	int line, col;
	size_t seq;		/* order found, so that sorting by place is stable */
	char *id;		/* question id or NULL */
	char *value;		/* the offending value or NULL */
	const char *about;	/* what it is about: "answer", "date", "status", "unknown-field" (value: the
				 * answer's, its date, its status, the field's name), "unknown-id"; or NULL */
	char *msg;
};
struct finding_list {
	struct finding *v;
	size_t n, cap;
};
void finding_add(struct finding_list *l, enum severity sev, const struct node *at, const char *id,
	const char *value, const char *fmt, ...) __attribute__((format(printf, 6, 7)));
void finding_about(struct finding_list *l, const char *about);	/* of the last finding added */
void finding_messages(int on);	/* 0: findings without messages (-q with nothing written); 1 by default */
void finding_list_sort(struct finding_list *l);
size_t finding_count(const struct finding_list *l, enum severity sev);
void finding_list_free(struct finding_list *l);

/* docread.c: typed reading of a YAML tree; every wrong field is one finding at its place.
 * A field is absent, null, or of the kind asked; "'KEY' [of WHAT] must be a list, not a
 * scalar" otherwise. NULL when absent or wrong (a finding if required or wrong). */
int node_is_str(const struct node *n);	/* a scalar, not null */
const struct node *read_node(struct finding_list *l, const struct node *map, const char *key,
	enum node_kind kind, int required, const char *what);
const char *read_str(struct finding_list *l, const struct node *map, const char *key, int required,
	const char *what);
long read_count(struct finding_list *l, const struct node *map, const char *key);	/* 0 if absent */
int read_is(struct finding_list *l, const struct node *n, enum node_kind kind, const char *what);
const struct node *read_item(struct finding_list *l, const struct node *seq, size_t i, enum node_kind kind);
/* the same, as a step that stops at the first thing wrong: 0, or -1 when a finding was added */
int read_node_step(struct finding_list *l, const struct node *map, const char *key, enum node_kind kind,
	int required, const struct node **out);
int read_str_step(struct finding_list *l, const struct node *map, const char *key, int required,
	const char **out);
int field_known(const char *const *fields, const char *key);	/* "!name" is name, required */
/* unknown keys of map (and required ones absent) are findings; 1 if none */
int check_fields(struct finding_list *l, const struct node *map, const char *const *fields,
	const char *id, const char *what);

#endif
