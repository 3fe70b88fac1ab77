/* guide.h: the model of the dmn library, grouped by the file each part comes from: the
 * questionnaire (the guide as data), dossiers, conditions, required sets, completeness,
 * and the validation and comparison documents. Built on base.h. */
#ifndef DMN_GUIDE_H
#define DMN_GUIDE_H

#include "base.h"

/* questionnaire.c: the guide as data */
enum qtype { QT_GROUP, QT_TEXT, QT_YESNO, QT_CHOICE, QT_CHOICES, QT_NUMBER, QT_DATE };

/* Who answers a question, from the guide's "where to find this information": a set. */
enum { AUD_VENDOR = 1, AUD_BUYER = 2, AUD_DSI = 4, AUD_DPO = 8, AUD_LEGAL = 16, AUD_ALL = 31 };
unsigned audience_parse(const char *name);	/* a bit, 0 if unknown */
const char *audience_name(unsigned bit);
int audience_list(const char *list, unsigned *out);	/* "vendor,dsi" for --for; 0 if bad */
#define AUD_INSIDE 4
extern const unsigned audience_inside[AUD_INSIDE];	/* the establishment's side, in order */
unsigned audience_owner(unsigned audience);	/* a to-do question's: the first inside, else buyer */
const char *audience_title(unsigned bit);	/* "DPO and RSSI", in the reader's language */
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
/* What the checks read of every question, for every dossier of a stream, is its first
 * 64 bytes, and a question starts a cache line: a pass over the questions reads one line
 * a question, not two (between two dossiers, the parse has pushed them out of the cache). */
struct question {
	_Alignas(64) const char *id;
	int index, parent, section, depth;	/* parent -1 for a numbered question */
	unsigned audience;	/* its own, else its parent's, else its section's, else all */
	enum qtype type;
	struct condition *when;
	struct qoption *options;
	size_t noptions;
	const char *unit;
	struct text text, help, heading, where, intro;
	struct text vendor;	/* the question as the vendor's letter asks it, or none */
	struct text *notes;
	size_t nnotes;
	int line, col;
};
struct part {
	const char *id;
	struct text title;
	struct text intro;	/* what the guide says before the part's first section */
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
	struct text brief;	/* a short form of the title, for a table's criterion column */
	int heading, section;
	int *questions;
	size_t nquestions;
};
/* A passage of the guide outside its questions (its opening, an appendix): paragraphs
 * separated by a blank line, "- " and "1. " lines being list items. */
struct passage {
	const char *id;
	struct text title, text;
};
struct abbreviation {
	const char *abbr;
	struct text meaning;
};
/* A sentence of the guide about how to read it, quoted where a report opens. */
struct quote {
	struct text text, from;	/* from: where in the guide */
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
	struct passage *preface, *appendices;	/* before the questions, after them */
	size_t npreface, nappendices;
	struct abbreviation *abbreviations;
	size_t nabbreviations;
	struct quote *caveats;
	size_t ncaveats;
	struct { const char **keys; int *vals; size_t cap; } index;
};
/* Takes ownership of doc, even on failure. Errors are appended to errs. */
int questionnaire_load(struct questionnaire **out, struct ydoc *doc, struct finding_list *errs);
int questionnaire_builtin(struct questionnaire **out, struct dmn_error *err);
int questionnaire_find(const struct questionnaire *q, const char *id);	/* index or -1 */
const char *question_type_words(const struct question *qu);	/* "yes/no", "number"... in the reader's language */
int question_is_under(const struct questionnaire *q, int qi, int ancestor);
struct text question_hint(const struct questionnaire *q, int qi);	/* where to find the answer */
const struct qoption *option_find(const struct question *qu, const char *s, int *ambiguous);
const char *option_label(const struct question *qu, const char *id, enum lang lang);	/* id or label */
void questionnaire_free(struct questionnaire *q);

/* status.c: the state of a question in a dossier, named once. An answer has one of the
 * first six; a question that does not apply (its condition is false) is skipped. */
enum status { ST_MISSING, ST_ANSWERED, ST_UNKNOWN, ST_NOT_APPLICABLE, ST_PENDING, ST_INVALID,
	ST_SKIPPED, ST_N };
struct status_info {
	const char *id;		/* as documents write it */
	const char *label, *plural;	/* messages with a context: see status_label */
};
extern const struct status_info statuses[ST_N];
extern const enum status status_order[ST_N];	/* as documents and tables list them */
int status_parse(const char *id);	/* an enum status, or -1 */
const char *status_label(int st);	/* "sans objet" in the reader's language; "" if not one */
const char *status_heading(int st);	/* "Sans objet" as a column of counts */

/* dossier.c (types): one answer, as read or typed */
struct answer {
	enum status status;
	const struct node *key, *value;	/* value: the answer itself, or NULL */
	const struct node *entry;	/* as read: the value of key (the answer or its mapping) */
	const char *norm;		/* yesno: "yes"/"no"; choice: option id */
	const char *source, *by, *date, *comment;
	/* kept as written, for a dossier written whole from a FHIR response (fhirread.c): a
	 * status that is none, and the fields dmn does not know (a mapping of texts) */
	const char *status_raw;
	const struct node *extra;
};
/* answer.c: one answer checked against its question, however it comes in */
enum answer_problem { AP_NONE, AP_EMPTY, AP_ENCODING, AP_GROUP, AP_NOT_SINGLE, AP_ITEM_KIND,
	AP_YESNO, AP_OPTION, AP_TWICE, AP_NUMBER, AP_DATE };
struct answer_verdict {
	enum answer_problem problem;
	const struct node *at;	/* where, in a document read */
	const char *bad;	/* the offending value, or NULL */
	const char *norm;	/* yesno: "yes"/"no"; choice: the option id */
	int ambiguous;		/* AP_OPTION: a label that names several options */
	enum number_verdict number;	/* AP_NUMBER: why */
	const char *unit_named;	/* AP_NUMBER: the unit written, when not the question's */
};
/* 1: a value; 0: empty (missing); -1: refused, with the problem in vd */
int answer_check(const struct question *qu, const struct node *v, struct answer_verdict *vd);
/* typed text as the node a dossier would hold (owned by doc), or NULL with vd->problem */
struct node *answer_from_typed(struct ydoc *doc, const struct question *qu, const char *typed,
	struct answer_verdict *vd);
void answer_problem(struct buf *b, const struct question *qu, const struct answer_verdict *vd, int typed);
void answer_refusal(struct buf *b, const struct question *qu);	/* on the terminal */
int answer_hint(struct buf *b, const struct question *qu, const struct answer_verdict *vd);	/* what to write */
const char *answer_yesno_word(size_t i);	/* yes, oui, true, vrai, no...: NULL after the last */
/* A value as data, to compare two answers to one question: its norm (yesno, choice) and its
 * n strings packed one after the other, each ended by its NUL (a scalar is one; NULL: none) */
struct answer_value {
	const char *norm;
	const char *items;
	size_t n;
};
/* equal as data: yes/no and a choice by what they mean (oui is yes, a label its option),
 * choices as sets, numbers by value (12 000 is 12000), text and dates but for the blanks around */
int answer_values_equal(const struct question *qu, const struct answer_value *a, const struct answer_value *b);
const char *answer_option_id(const struct question *qu, const char *s);	/* by id or label; s if none */
void answer_number_canonical(struct buf *out, const struct question *qu, const char *s);	/* 12000 */

/* conditions.c: which questions apply, from the answers (called by the dossier) */
int answer_matches(const struct question *dep, const struct answer *a, const struct condition *c);
void conditions_resolve(const struct questionnaire *q, const struct answer *answers, unsigned char *applies);
const char *conditions_blocker(const struct questionnaire *q, const struct answer *answers,
	const unsigned char *applies, int qi);	/* the question that makes qi not apply, or NULL */

/* dossier.c: the answers of one device, checked against the questionnaire */
struct device {
	const char *name, *manufacturer, *version, *ce_class;	/* the DEVICE_KEPT fields */
	const char *notified_body, *udi_di, *contact, *url;
};
struct source;			/* rewrite.c: the bytes a dossier was read from */
enum changed { CH_VALUE = 1, CH_SOURCE = 2, CH_BY = 4, CH_DATE = 8, CH_COMMENT = 16 };	/* value: and status */
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
	/* what a program changed, for a minimal rewrite of the file it was read from */
	struct source *src;	/* NULL: written whole */
	unsigned char *changed;	/* per question: enum changed bits, 0 if untouched */
	unsigned device_changed;	/* per device field, 1 << index in device_fields */
	const struct node **dropped;	/* keys of answers removed (unknown ids) */
	const struct node *unknown;	/* answers to unknown ids, kept as written (a mapping), for a
					 * dossier written whole from a FHIR response */
	size_t ndropped;
};
/* Takes ownership of doc. -1: not a dossier of this questionnaire (err set); 0: loaded. */
int dossier_load(struct dossier **out, struct ydoc *doc, const struct questionnaire *q,
	struct dmn_error *err);
void dossier_free(struct dossier *d);
/* loaded, its findings said in file order (an error: status 1); -1: not a dossier (said) */
int dossier_load_said(struct dossier **out, const char *file, struct ydoc *doc, const struct questionnaire *q);
const struct node *doc_kind(const struct node *root, struct dmn_error *err);
struct dossier *dossier_new(const struct questionnaire *q);	/* no answer, no device */
/* An answer typed or given with --set, checked like any answer: 0, or -1 with err->msg */
int dossier_set_value(struct dossier *d, int qi, const char *typed, struct dmn_error *err);
void dossier_set_status(struct dossier *d, int qi, enum status status);
void dossier_set_raw(struct dossier *d, int qi, const char *text);	/* refused, kept as written */
void dossier_set_raw_list(struct dossier *d, int qi, const char *const *items, size_t n);	/* the same, a list */
/* kept as written, for a dossier written whole (dossier_write, never a rewrite): a status
 * that is none, a field of an answer dmn does not know, the answer to an unknown id */
void dossier_set_status_raw(struct dossier *d, int qi, const char *status);
void dossier_set_extra(struct dossier *d, int qi, const char *field, const char *value);
void dossier_add_unknown(struct dossier *d, const char *id, const struct node *entry);
struct node *node_map_put(struct ydoc *doc, const struct node *map, const char *key, const struct node *value);
void dossier_set_meta(struct dossier *d, int qi, const char *source, const char *by, const char *date,
	const char *comment);
void dossier_set_device(struct dossier *d, const char *field, const char *value);
/* YAML: the file read with the changes spliced in (dossier_keep_source), else the whole
 * dossier in the questionnaire's order */
void dossier_write(const struct dossier *d, FILE *f);
void dossier_keep_source(struct dossier *d, char *bytes, size_t len);	/* takes bytes */
void emit_device_fields(struct emitter *e, const struct device *dev);	/* inside a mapping */
#define DEVICE_KEPT 4	/* name, manufacturer, version, ce-class: what validation and comparison carry */
#define DEVICE_FIELDS 8
extern const char *const device_fields[];	/* every field a device may have, NULL-terminated */
extern const char *const answer_fields[];	/* answer, status, source, by, date, comment; NULL */
const char **device_member(struct device *dev, const char *key);	/* NULL: not a device field */
void dossier_drop(struct dossier *d, const struct node *key);	/* an unknown id's entry removed */
void dossier_copy_answer(struct dossier *to, const struct dossier *from, int qi);

/* rewrite.c: a dossier written back as the file it was read from, only the changes spliced in */
struct source *source_new(char *bytes, size_t len, const struct ydoc *doc);	/* takes bytes; NULL: not UTF-8 */
void source_free(struct source *s);
int dossier_rewrite(const struct dossier *d, FILE *f);	/* -1: cannot, nothing written */
int dossier_same_entry(const struct dossier *a, const struct dossier *b, int qi);	/* as the files read */
int dossier_same_device_field(const struct dossier *a, const struct dossier *b, const char *field);
void dossier_drop_same(struct dossier *to, const struct dossier *from, const struct node *key);

/* store.c: a dossier kept in a file that others edit too: saved under a lock, only the
 * changes, on top of what someone else wrote meanwhile, never over it */
struct store {
	const char *path;	/* the file replaced at each save */
	const struct questionnaire *q;
	char *base;		/* the file's bytes as last read or written; NULL: absent or empty */
	size_t nbase;
	int merged;		/* the last save found the file changed and merged into it */
};
void store_init(struct store *st, const char *path, const struct questionnaire *q);
void store_set_base(struct store *st, const char *bytes, size_t len);
void store_free(struct store *st);
/* 0 saved; 1 saved, but the changes to what someone else changed too were left out, their
 * ids in conflicts (never NULL); -1 not saved (err set). *d is then the file as written. */
int store_save(struct store *st, struct dossier **d, struct buf *conflicts, struct dmn_error *err);
/* *d written to path (NULL: stdout), atomically, then read back into *d; the bytes written
 * in *written (the caller's frees them). 0, or -1 with err and nothing written */
int dossier_output(struct dossier **d, const char *path, char **written, size_t *n, struct dmn_error *err);
/* the one document of a dossier's stream: 1, 0 if none, -1 with err (a second one too) */
int dossier_read_one(struct yreader *yr, struct ydoc **doc, struct dmn_error *err);
/* a dossier read from bytes (taken), its source kept: 0, or -1 with err */
int dossier_from_bytes(struct dossier **out, char *bytes, size_t len, const struct questionnaire *q,
	struct dmn_error *err);
void emit_provenance(struct emitter *e, const struct answer *a);	/* source, by, date, comment given */
int question_applies(const struct dossier *d, int qi);	/* conditions of qi and its ancestors */
const char *question_blocker(const struct dossier *d, int qi);	/* what makes qi not apply */
void dossier_check_conditions(struct dossier *d);	/* answers where a condition is false: warnings */
void dossier_settle(struct dossier *d);	/* those warnings, then every finding in file order */

/* require.c: which questions must be answered */
struct require {
	char *name;		/* all, annex or the policy file */
	unsigned char *set;	/* per question: required */
	size_t n;
};
int require_all(struct require *r, const struct questionnaire *q);
int require_annex(struct require *r, const struct questionnaire *q);
/* a kind: policy document (name: its file, for the output); findings in errs, then -1 */
int require_policy_read(struct require *r, const struct questionnaire *q, const struct node *root,
	const char *name, struct finding_list *errs);
void require_free(struct require *r);

/* completeness.c: the state of each required question, and the counts */
struct counts {
	long v[ST_N];	/* by enum status */
};
/* per-question state against a required set: an enum status, or -1 when not required */
int question_state(const struct dossier *d, const struct require *r, int qi);
void dossier_counts(const struct dossier *d, const struct require *r, struct counts *total,
	struct counts *per_section);
/* counts: {total: {...}, sections: [{section, ...}]}, as validation and comparison carry them */
void emit_completion(struct emitter *e, const struct questionnaire *q, const struct counts *total,
	const struct counts *per_section);

/* validation.c: the kind: validation document, written from checked dossiers and read back */
enum validation_format { VALIDATION_YAML, VALIDATION_JSON, VALIDATION_TAP, VALIDATION_JUNIT, VALIDATION_SARIF,
	VALIDATION_GITHUB, VALIDATION_TEXT };
struct validation_opts {
	enum validation_format format;
	int strict;		/* warnings are errors */
	enum lang lang;		/* of the question texts */
	unsigned audience;	/* --for, for the header; the required set is already narrowed */
};
struct validation_writer;
/* out NULL: nothing is written, the dossiers are still checked and their findings printed.
 * NULL on failure (err set). q, req and out must outlive the writer. */
struct validation_writer *validation_begin(FILE *out, const struct questionnaire *q,
	const struct require *req, const struct validation_opts *o, struct dmn_error *err);
/* Checks d (conditions, --strict), prints its findings and verdict through diag.c and
 * writes its entry; 1 if d is complete and valid, else 0. */
int validation_add(struct validation_writer *w, const char *file, struct dossier *d);
/* An input that could not be checked: its entry, with err's place and message. */
void validation_trouble(struct validation_writer *w, const char *file, const struct dmn_error *err);
int validation_end(struct validation_writer *w, struct dmn_error *err);	/* 0, or -1 (err set) */
void validation_writer_free(struct validation_writer *w);

struct validation_missing {
	int question;		/* index in the questionnaire */
	int pending;		/* asked, answer awaited; else missing */
	const struct node *value;	/* a partial answer given, to confirm, or NULL */
	const char *comment;	/* the buyer's comment, or NULL */
};
struct validation_invalid {
	const char *id, *value;	/* NULL when absent */
	const char *about;	/* answer, date, status, unknown-field, unknown-id (see struct finding), or NULL */
	const char *message;
	long line, column;
};
struct validation_dossier {
	const char *file;
	struct device device;	/* name, manufacturer and version */
	struct validation_missing *missing;
	size_t nmissing;
	struct validation_invalid *invalid;
	size_t ninvalid;
};
struct validation_unchecked {	/* an input that dmn-validate could not check */
	const char *file, *trouble;
	long line, column;
};
struct validation {
	const char *questionnaire, *edition;
	struct validation_dossier *dossiers;
	size_t ndossiers;
	struct validation_unchecked *unchecked;
	size_t nunchecked;
};
/* Says on stderr, as a warning (exit 1), each input of v that was not checked and so has
 * no page in the report made of it. */
void validation_say_unchecked(const struct validation *v);
/* The strings stay in the tree of root: free the validation first. 0: read; -1: not a
 * valid validation document, what is wrong in errs; -2: a validation of another
 * questionnaire, said in errs. */
int validation_read(struct validation **out, const struct node *root, const struct questionnaire *q,
	struct finding_list *errs);
void validation_free(struct validation *v);

/* comparison.c: the comparison document (kind: comparison): the dossiers of several devices
 * side by side, one row per Annexe 2 row (or per question); built, written, read back */
/* what each dossier compared shows stays in memory (its column): a limit in bytes, not in
 * dossiers, so that long answers cannot take more (about 25 KB a complete dossier) */
#define COMPARISON_MAX_MIB 256
struct comparison_opts {
	int all;			/* one row per question instead of the Annexe 2 rows */
	int differ_only;		/* only the rows where the devices' answers differ */
	enum lang lang;			/* of the option labels */
	const unsigned char *sections;	/* per section index: its rows kept (copied); NULL: all */
	const struct decision *decision;	/* --ratings and --weights: written after the rows */
};
struct comparison;
struct comparison *comparison_new(const struct questionnaire *q, const struct comparison_opts *o);
/* Takes d: 0 added; -1 left out (no device name, a device already compared, one too many).
 * Its findings and every message go through diag, as dmn-compare prints them; no exit. */
int comparison_add(struct comparison *c, const char *file, struct dossier *d);
void comparison_write(const struct comparison *c, FILE *f, int json);
void comparison_free(struct comparison *c);
size_t comparison_ndevices(const struct comparison *c);
const char *comparison_device_name(const struct comparison *c, size_t i);
int comparison_state(const struct comparison *c, size_t i, int qi);	/* enum status of question qi */

/* A comparison read back. Strings point into the YAML tree read: keep it until the end. */
struct comparison_strings {	/* a value or a label: absent (n 0), one string, or a list */
	const char **v;
	size_t n;
	int list;
};
struct comparison_answer {
	const char *id, *status;
	struct comparison_strings value, label;
	const char *unit, *source, *by, *date, *comment, *finding;
};
struct comparison_cell {
	const char *status;
	struct comparison_answer *answers;
	size_t nanswers;
};
struct comparison_row {
	struct text title, brief;	/* brief: the short title, or none */
	const char *section;
	int heading, differ;
	struct comparison_cell *cells;	/* one per device; none in a heading */
	size_t ncells;
};
struct comparison_device {
	const char *name, *manufacturer, *version, *ce_class, *notified_body, *file;
	struct counts total;		/* completion: the totals per count */
};
struct comparison_doc {
	const char *questionnaire, *edition;
	struct comparison_device *devices;
	size_t ndevices;
	struct comparison_row *rows;
	size_t nrows;
};
/* root: a document of kind comparison. 0: read; -1: not a valid comparison document;
 * -2: a comparison for another questionnaire or edition. The first thing wrong in errs. */
int comparison_read(struct comparison_doc **out, const struct node *root, const struct questionnaire *q,
	struct finding_list *errs);
void comparison_doc_free(struct comparison_doc *c);
const char *comparison_status_words(const char *status);	/* "sans objet"; "partial" too */
void comparison_completion(struct buf *b, const struct counts *total);	/* "98 / 118 (83 %)" */
/* A cell's words: each answer's ("3.2: Oui" when several), then the bare statuses grouped */
void comparison_cell_text(struct buf *full, const struct questionnaire *q, enum lang lang,
	const struct comparison_cell *cell);

/* markdown.c: any dmn document as Markdown for people (CommonMark with GitHub tables) */
struct markdown_opts {
	enum lang lang;
	const char *date;	/* YYYY-MM-DD printed in the report, or NULL */
	int todo;		/* a validation as the buyer's to-do, not the letter to the vendor */
	const char *to, *from, *reference, *reply_by, *attach;	/* the letter's: all may be NULL */
};
struct markdown;
struct markdown *markdown_new(const struct questionnaire *q, const struct markdown_opts *o);
/* Takes doc. Its Markdown, valid until the next call; findings and trouble are reported. */
const char *markdown_document(struct markdown *m, const char *file, struct ydoc *doc);
size_t markdown_length(const struct markdown *m);	/* of the last document's Markdown, in bytes */
const char *markdown_kind(const struct markdown *m);	/* of the last document: "comparison"..., or NULL */
void markdown_free(struct markdown *m);

/* html.c: dmn-report's Markdown as one HTML page to print (cmark-gfm) */
struct html;
struct html *html_begin(FILE *f, enum lang lang, const char *title);	/* the head */
int html_document(struct html *h, const char *markdown, const char *kind);	/* -1: cannot */
void html_end(struct html *h);	/* the end of the page; frees h */

/* form.c: the vendor's form as a spreadsheet, one layout for its writer and its reader */
enum { FORM_ID, FORM_SECTION, FORM_CONTEXT, FORM_QUESTION, FORM_EXPECTED, FORM_ANSWER, FORM_STATUS,
	FORM_SOURCE, FORM_COMMENT, FORM_COLS };		/* the columns of its Questions sheet */
enum { FORM_INSTRUCTIONS, FORM_DEVICE, FORM_QUESTIONS, FORM_LISTS, FORM_SHEETS };
extern const struct text form_sheets[FORM_SHEETS];
extern const struct text form_headings[FORM_COLS];
extern const struct text form_device_labels[DEVICE_FIELDS];
int form_asks(const struct questionnaire *q, int qi, unsigned audience);	/* a row of the form */
const char *form_question(const struct questionnaire *q, int qi, enum lang lang);
void form_context(struct buf *b, const struct questionnaire *q, int qi, enum lang lang);
void form_section_title(struct buf *b, const struct questionnaire *q, int s, enum lang lang);
void form_expected(struct buf *b, const struct questionnaire *q, int qi, enum lang lang);
const char *form_option_words(const struct question *qu, const char *id, enum lang lang);
int form_value(struct buf *b, const struct question *qu, const struct node *v, enum lang lang);

/* workbook.c: documents as spreadsheets (libxlsxwriter; the form also as CSV): a dossier or a
 * questionnaire as the vendor's form, a comparison, a validation or a to-do for the committee */
struct workbook_opts {
	enum lang lang;
	int todo;		/* a validation as the buyer's to-do */
	int csv;		/* the form as CSV, as Excel in French writes it */
	unsigned audience;	/* the form's: --for, vendor by default */
};
/* Takes doc; the spreadsheet to f. 0, or -1 (reported): nothing usable was written. */
int workbook_document(const struct questionnaire *q, const struct workbook_opts *o, const char *file,
	struct ydoc *doc, FILE *f);

/* import.c: a filled form (XLSX or CSV) into a dossier, answer by answer, each cell checked */
struct import_opts {
	const char *by, *date;	/* recorded with each answer imported */
};
/* 0: imported (findings reported at their cells, with DMN_FINDINGS); -1: not a form, or
 * unreadable (reported, DMN_TROUBLE), the dossier untouched */
int form_import(struct dossier *d, const char *file, const char *bytes, size_t len,
	const struct import_opts *o);
int import_same_text(const char *a, const char *b);	/* NULL is "" */
/* the value typed is the answer held: as a checked value, or as the words a form showed */
int import_same_answer(const struct question *qu, const struct answer *a, const char *typed);

/* fhirread.c: a FHIR QuestionnaireResponse (JSON) into a dossier, item by item, as
 * form_import reads a form; 0, or -1 (reported, DMN_TROUBLE): not read, the dossier untouched */
int fhir_import(struct dossier *d, const char *file, const char *bytes, size_t len,
	const struct import_opts *o);
int fhir_sniff(const char *bytes, size_t len);	/* 1: JSON (an object), not a spreadsheet */

/* schema.c: the JSON Schema (draft-07) of a dossier of q, made from it, for editors and
 * validators: answers' types, options, units, statuses, fields; not conditions or completeness */
void schema_write(const struct questionnaire *q, enum lang lang, FILE *f);
void schema_installed_path(struct buf *b, const struct questionnaire *q);	/* DATADIR/ID.schema.json */

/* changes.c: what changed between versions of one dossier (dmn-compare --changes) */
/* what changed is kept until it is written (values both ways, for every pair): a limit in
 * bytes, as for a comparison, so that a long stream of versions cannot take more */
#define CHANGES_MAX_MIB 256
struct changes;
/* labels: the versions' names in their order (-L), nlabels of them, kept until the end */
struct changes *changes_new(const struct questionnaire *q, const char *const *labels, size_t nlabels);
/* Takes d, the next version (oldest first), and compares it with the one before: only
 * those two are kept. Its findings go into the document, not to diag. */
void changes_add(struct changes *c, const char *file, struct dossier *d);
/* After the last version: 0, or -1 when no document can be written (trouble with an input,
 * fewer than two versions, more labels than versions: said, but for the first) */
int changes_end(struct changes *c);
void changes_write(const struct changes *c, FILE *f, int json);	/* the kind: changes document */
int changes_found(const struct changes *c);	/* something changed between two versions */
void changes_free(struct changes *c);

/* A changes document read back. Strings and values point into the YAML tree read. */
struct changes_field {		/* of the device, or an answer's source, by, date or comment */
	const char *field, *was, *now;	/* NULL: absent */
};
struct changes_answer {
	const char *question, *change;	/* added, changed, removed, status or details */
	const char *status_was, *status_now;	/* NULL: the status did not change */
	const struct node *was, *now;	/* the values, NULL when none */
	struct changes_field *details;
	size_t ndetails;
};
struct changes_finding {
	const char *question, *severity, *message;	/* question NULL: about no question */
	const char *about, *value;	/* as in struct validation_invalid, or NULL */
	long line;
};
struct changes_pair {		/* from one version to the next */
	const char *from, *to;	/* their labels */
	int changed;
	struct changes_field *device;
	size_t ndevice;
	struct changes_answer *answers;
	size_t nanswers;
	struct changes_finding *appeared, *gone;
	size_t nappeared, ngone;
};
struct changes_version {
	const char *label, *file, *name, *version;
	long line;
};
struct changes_doc {
	const char *questionnaire, *edition, *device;	/* device: the last version's name */
	struct changes_version *versions;
	size_t nversions;
	struct changes_pair *pairs;
	size_t npairs;
};
/* root: a document of kind changes. 0: read; -1: not a valid changes document; -2: changes
 * for another questionnaire or edition. The first thing wrong in errs. */
int changes_read(struct changes_doc **out, const struct node *root, const struct questionnaire *q,
	struct finding_list *errs);
void changes_doc_free(struct changes_doc *c);

/* decision.c: the committee's weighted decision (dmn-compare --ratings --weights) */
struct decision;
struct decision_opts {
	double spread;			/* --perturb: each weight moved at random by up to this percent */
	unsigned long draws;		/* --draws */
	unsigned long long seed;	/* --seed */
};
/* --perturb PCT (0 to 100), --draws N (0 to 1000000), --seed N: 0; or -1, said */
int decision_option(const char *option, const char *arg, struct decision_opts *o);
/* The ratings and weights files read and checked: 0; or -1 after saying what is wrong */
int decision_load(struct decision **out, const struct questionnaire *q, const char *ratings,
	const char *weights, const struct decision_opts *o);
/* The same from documents read (taken, even on failure), named rname and wname */
int decision_read(struct decision **out, const struct questionnaire *q, struct ydoc *ratings, const char *rname,
	struct ydoc *weights, const char *wname, const struct decision_opts *o);
/* With the devices compared (each rated, each rating compared): the totals, ranks and their
 * sensitivity, and warnings for ratings where answers are missing. 0; or -1, said. */
int decision_settle(struct decision *d, const struct comparison *c);
void decision_emit(struct emitter *e, const struct decision *d, const struct comparison *c);
void decision_free(struct decision *d);
/* A comparison document's decision: as Markdown under its table, for dmn-report. 0; or -1, said */
int decision_markdown(struct buf *out, const struct node *decision, const struct questionnaire *q,
	enum lang lang, const char *file);

/* fhir.c: the questionnaire as an HL7 FHIR R4 Questionnaire (JSON), for form tools */
struct fhir_opts {
	enum lang lang;			/* of the texts; the other language in the translation extension */
	unsigned audience;		/* the questions of these audiences (AUD_ALL: every one) */
	const struct require *required;	/* the questions marked required, or NULL: none */
};
void fhir_questionnaire_write(const struct questionnaire *q, const struct fhir_opts *o, FILE *f);
const char *fhir_canonical(const struct questionnaire *q, struct buf *b);	/* its url, into b */
/* dmn's extensions of a response: urn:dmn:fhir:status, source, by, date, comment, from-dossier */
#define FHIR_DMN_EXT "urn:dmn:fhir:"
#define FHIR_MAX_MEMORY (32u << 20)	/* the tree of a response read, in memory */
/* A dossier as a QuestionnaireResponse: o->audience's answers (with the questions their
 * conditions name), statuses and provenance in extensions. What it cannot hold (an unknown
 * question or field, an invalid status) is said as a warning at file: their count. */
size_t fhir_response_write(const struct dossier *d, const struct fhir_opts *o, const char *file, FILE *f);

/* program.c: the questionnaire, the inputs and the shared parts of the output, for main */
void program_start(const char *argv0);
int program_output_safe(const char *out, char **inputs, int n, const char *const *others, size_t nothers);
int program_questionnaire(struct questionnaire **q, const char *path);	/* NULL: built in */
int program_require(struct require *r, const struct questionnaire *q, const char *what);
int program_trouble_findings(const char *file, struct finding_list *errs);	/* said as trouble; -1 if any */
/* The one document of a file that holds one and no more, and the file's name as said: 0, or -1, said */
int program_one_document(const char *path, const char *if_empty, struct ydoc **doc, char **name);
/* Calls fn for every document of every input (stdin if n is 0; a directory: its *.yaml and
 * *.yml files, walked in name order); fn owns the document. Trouble with an input is
 * reported, then given to trouble (if not NULL) before the next input is read; returns the
 * number of documents. */
int program_inputs(char **paths, int n, void (*fn)(void *ctx, const char *file, struct ydoc *doc),
	void (*trouble)(void *ctx, const char *file, const struct dmn_error *err), void *ctx,
	const char *if_none);	/* if_none: the message when there is no document */
/* program_inputs for dossiers: fn owns each dossier loaded; what is not one is trouble */
int program_dossiers(char **paths, int n, const struct questionnaire *q,
	void (*fn)(void *ctx, const char *file, struct dossier *d),
	void (*trouble)(void *ctx, const char *file, const struct dmn_error *err), void *ctx);
/* -l, -Q, -o, -h and -V, the same in every program */
struct common_opts {
	enum lang lang;
	int have_lang;
	const char *questionnaire, *output;
};
int program_option(int c, char **argv, struct common_opts *co, void (*usage)(FILE *));
void program_options_end(struct common_opts *co);
int program_help(void (*usage)(FILE *));
int program_version(void);
int program_usage_error(int c, char **argv, void (*usage)(FILE *));
int program_lang(const char *arg, enum lang *lang, void (*usage)(FILE *));

#endif
