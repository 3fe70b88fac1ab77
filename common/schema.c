/* schema.c: the JSON Schema (draft-07) of a dossier, made from the questionnaire, never
 * written by hand: an editor with yaml-language-server completes and checks a dossier as it
 * is typed, and any JSON Schema validator checks it. Each value is described as answer.c
 * reads it: yes/no words, options by id or label as option_find matches them (text_fold),
 * numbers and units as number_norm reads them, dates as parse_date. What needs the whole
 * dossier, conditions and completeness, stays dmn-validate's. */
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "emit.h"
#include "guide.h"

/* where make install puts the schemas, beside the questionnaire */
#ifndef DATADIR
#define DATADIR "/usr/local/share/dmn"
#endif

/* The schema of q where it is installed: in ../share/dmn from the program when it is there
 * (any PREFIX, as i18n.c finds the catalogues), else in DATADIR */
void schema_installed_path(struct buf *b, const struct questionnaire *q)
{
	char exe[PATH_MAX], *slash, *real = NULL;
	ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
	struct buf path = { 0 };

	if (n > 0) {
		exe[n] = '\0';
		if ((slash = strrchr(exe, '/')) != NULL) {
			*slash = '\0';
			buf_addf(&path, "%s/../share/dmn/%s.schema.json", exe, q->id);
			real = realpath(buf_str(&path), NULL);
		}
	}
	if (real)
		buf_adds(b, real);
	else
		buf_addf(b, "%s/%s.schema.json", DATADIR, q->id);
	free(real);
	buf_free(&path);
}

/* --- what text_fold folds, as patterns ------------------------------------------------- */

/* The characters text_fold turns into something else, found by asking it, so that the
 * patterns cannot drift from it: those it reads as a space, and those it turns into one or
 * two ASCII characters (É is e, œ is oe, ’ is '). */
struct folding {
	unsigned *space;
	size_t nspace;
	struct fold_to {
		unsigned cp;
		char to[3];
	} *to;
	size_t nto;
};

static void utf8_put(struct buf *b, unsigned cp)
{
	char s[4];
	size_t n;

	if (cp < 0x80) {
		s[0] = (char)cp, n = 1;
	} else if (cp < 0x800) {
		s[0] = (char)(0xc0 | cp >> 6), s[1] = (char)(0x80 | (cp & 0x3f)), n = 2;
	} else if (cp < 0x10000) {
		s[0] = (char)(0xe0 | cp >> 12), s[1] = (char)(0x80 | (cp >> 6 & 0x3f));
		s[2] = (char)(0x80 | (cp & 0x3f)), n = 3;
	} else {
		s[0] = (char)(0xf0 | cp >> 18), s[1] = (char)(0x80 | (cp >> 12 & 0x3f));
		s[2] = (char)(0x80 | (cp >> 6 & 0x3f)), s[3] = (char)(0x80 | (cp & 0x3f)), n = 4;
	}
	buf_add(b, s, n);
}

/* the code point at p, of *n bytes (1 for a byte that starts no valid character) */
static unsigned utf8_get(const unsigned char *p, size_t *n)
{
	*n = utf8_len(p);
	switch (*n) {
	case 2:
		return (unsigned)(p[0] & 0x1f) << 6 | (p[1] & 0x3f);
	case 3:
		return (unsigned)(p[0] & 0x0f) << 12 | (unsigned)(p[1] & 0x3f) << 6 | (p[2] & 0x3f);
	case 4:
		return (unsigned)(p[0] & 0x07) << 18 | (unsigned)(p[1] & 0x3f) << 12 | (unsigned)(p[2] & 0x3f) << 6 |
		       (p[3] & 0x3f);
	default:
		*n = 1;
		return p[0];
	}
}

static void folding_init(struct folding *fd)
{
	struct buf in = { 0 }, out = { 0 };
	size_t cap_space = 0, cap_to = 0;
	unsigned cp;

	memset(fd, 0, sizeof *fd);
	for (cp = 1; cp <= 0xffff; cp++) {
		if (cp >= 0xd800 && cp <= 0xdfff)
			continue;
		buf_clear(&in);
		buf_adds(&in, "a");
		utf8_put(&in, cp);
		buf_adds(&in, "a");
		text_fold(&out, buf_str(&in));
		if (!strcmp(buf_str(&out), "a a")) {
			if (fd->nspace == cap_space)
				fd->space = xrealloc(fd->space, (cap_space = cap_space * 2 + 8) * sizeof *fd->space);
			fd->space[fd->nspace++] = cp;
			continue;
		}
		buf_clear(&in);
		utf8_put(&in, cp);
		text_fold(&out, buf_str(&in));
		if (!strcmp(buf_str(&out), buf_str(&in)) || out.len < 1 || out.len > 2 ||
		    (unsigned char)out.s[0] >= 0x80 || (unsigned char)out.s[out.len - 1] >= 0x80)
			continue;
		if (fd->nto == cap_to)
			fd->to = xrealloc(fd->to, (cap_to = cap_to * 2 + 64) * sizeof *fd->to);
		fd->to[fd->nto].cp = cp;
		memcpy(fd->to[fd->nto].to, out.s, out.len + 1);
		fd->nto++;
	}
	buf_free(&in);
	buf_free(&out);
}

static void folding_free(struct folding *fd)
{
	free(fd->space);
	free(fd->to);
}

/* One character in an ECMAScript pattern (the u flag, as ajv and yaml-language-server
 * compile them), escaped as it must be in a class [...] or outside one; invisible ones as
 * \uXXXX */
static void re_char(struct buf *b, unsigned cp, int in_class)
{
	if (cp >= 0x20 && cp < 0x7f) {
		char c = (char)cp;
		if (strchr(in_class ? "\\]^-[" : "\\^$.*+?()[]{}|/", c))
			buf_adds(b, "\\");
		buf_add(b, &c, 1);
	} else if (cp == '\t' || cp == '\n' || cp == '\r') {
		buf_adds(b, cp == '\t' ? "\\t" : cp == '\n' ? "\\n" : "\\r");
	} else if (cp < 0xa1 || (cp >= 0x2000 && cp <= 0x206f) || cp == 0xfeff) {
		buf_addf(b, "\\u%04x", cp);
	} else if (cp > 0xffff) {
		buf_addf(b, "\\u{%x}", cp);
	} else {
		utf8_put(b, cp);
	}
}

/* What text_fold reads as one space */
static void re_space(struct buf *b, const struct folding *fd)
{
	size_t i;

	buf_adds(b, "[");
	for (i = 0; i < fd->nspace; i++)
		re_char(b, fd->space[i], 1);
	buf_adds(b, "]");
}

/* What text_fold folds to the ASCII character c, or to the two characters at c */
static void re_folded(struct buf *b, const struct folding *fd, const char *c, size_t len)
{
	struct buf members = { 0 };
	size_t i, n = 0;

	if (len == 1)
		re_char(&members, (unsigned char)*c, 1);
	for (i = 0; i < fd->nto; i++)
		if (strlen(fd->to[i].to) == len && !strncmp(fd->to[i].to, c, len)) {
			re_char(&members, fd->to[i].cp, 1);
			n++;
		}
	if (n + (len == 1) > 1)
		buf_addf(b, "[%s]", buf_str(&members));
	else if (len == 1)
		re_char(b, (unsigned char)*c, 0);
	else
		buf_adds(b, buf_str(&members));
	buf_free(&members);
}

static int folds_to_pair(const struct folding *fd, const unsigned char *p)
{
	size_t i;

	for (i = 0; p[0] && p[0] < 0x80 && p[1] && p[1] < 0x80 && i < fd->nto; i++)
		if (fd->to[i].to[0] == (char)p[0] && fd->to[i].to[1] == (char)p[1])
			return 1;
	return 0;
}

/* A pattern (without anchors) for the strings that text_fold turns into t, which is folded
 * already: spaces around and between words, any case, accents, ligatures. */
static void re_fold(struct buf *b, const struct folding *fd, const char *t)
{
	const unsigned char *p = (const unsigned char *)t;
	size_t n;

	re_space(b, fd);
	buf_adds(b, "*");
	while (*p) {
		if (*p == ' ') {
			re_space(b, fd);
			buf_adds(b, "+");
			p++;
		} else if (folds_to_pair(fd, p)) {
			buf_adds(b, "(?:");
			re_folded(b, fd, (const char *)p, 1);
			re_folded(b, fd, (const char *)p + 1, 1);
			buf_adds(b, "|");
			re_folded(b, fd, (const char *)p, 2);
			buf_adds(b, ")");
			p += 2;
		} else if (*p < 0x80) {
			re_folded(b, fd, (const char *)p, 1);
			p++;
		} else {
			unsigned cp = utf8_get(p, &n);
			re_char(b, cp, 0);
			p += n;
		}
	}
	re_space(b, fd);
	buf_adds(b, "*");
}

/* s in any ASCII case, as strcasecmp compares */
static void re_anycase(struct buf *b, const char *s)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t n;

	while (*p) {
		if ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z')) {
			buf_addf(b, "[%c%c]", *p | 0x20, *p & ~0x20);
			p++;
		} else {
			unsigned cp = utf8_get(p, &n);
			re_char(b, cp, 0);
			p += n;
		}
	}
}

/* --- the values ------------------------------------------------------------------------- */

/* blank: what answer_check takes for no answer, as isspace in the C locale */
#define RE_BLANK "^[ \\t\\n\\v\\f\\r]*$"
/* YYYY-MM-DD that exists, as parse_date: 29 February in leap years only */
#define RE_DATE "^(?:[0-9]{4}-(?:(?:0[13578]|1[02])-(?:0[1-9]|[12][0-9]|3[01])|(?:0[469]|11)-(?:0[1-9]|[12][0-9]|30)" \
	"|02-(?:0[1-9]|1[0-9]|2[0-8]))|(?:[0-9]{2}(?:0[48]|[2468][048]|[13579][26])|(?:[02468][048]|[13579][26])00)" \
	"-02-29)$"
/* number_norm's separators of thousands */
#define RE_GROUP "[ \\u00a0\\u202f\\u2009]"

static void yesno_pattern(struct buf *b)
{
	const char *w;
	size_t i;

	buf_adds(b, "^(?:");
	for (i = 0; (w = answer_yesno_word(i)) != NULL; i++) {
		if (i)
			buf_adds(b, "|");
		re_anycase(b, w);
	}
	buf_adds(b, ")$");
}

/* A number as number_norm reads it: a sign, digits (in groups of three after a separator,
 * else no comma before exactly three decimals but after 0, which reads two ways), then the
 * question's unit in one of its words, or its own name in any case. */
static void number_pattern(struct buf *b, const struct folding *fd, const char *unit)
{
	const char *const *words = unit_word_list(unit);
	int own = unit && !unit_of_word(unit);
	size_t i;

	buf_adds(b, "^[ \\t]*[-+]?(?:[0-9]{1,3}(?:" RE_GROUP "[0-9]{3})+(?:[.,][0-9]+)?|0(?:[.,][0-9]+)?"
		 "|[0-9]+(?:\\.[0-9]+|,(?:[0-9]{1,2}|[0-9]{4,}))?)[ \\t\\u00a0\\u202f\\u2009]*");
	if (words || own) {
		buf_adds(b, "(?:");
		for (i = 0; words && words[i]; i++) {
			if (i)
				buf_adds(b, "|");
			re_fold(b, fd, words[i]);
		}
		if (own) {
			if (words && words[0])
				buf_adds(b, "|");
			re_anycase(b, unit);
		}
		buf_adds(b, ")?");
	}
	buf_adds(b, "$");
}

/* The folded forms that name option o, as option_find matches them: its id, its labels
 * whole, and their first words (before a comma or a parenthesis). */
static size_t option_forms(const struct qoption *o, struct buf forms[5])
{
	const char *labels[2] = { o->label.fr, o->label.en };
	size_t n = 0, i, k;

	text_fold(&forms[n++], o->id);
	for (i = 0; i < 2; i++) {
		if (!labels[i])
			continue;
		text_fold(&forms[n], labels[i]);
		k = strcspn(forms[n].s, ",(");
		while (k && forms[n].s[k - 1] == ' ')
			k--;
		n++;
		buf_clear(&forms[n]);
		buf_add(&forms[n], forms[n - 1].s, k);
		n++;
	}
	return n;
}

static int form_names(const struct qoption *o, const char *form)
{
	struct buf forms[5] = { { 0 } };
	size_t i, n = option_forms(o, forms);
	int yes = 0;

	for (i = 0; i < n; i++) {
		yes |= forms[i].len && !strcmp(buf_str(&forms[i]), form);
		buf_free(&forms[i]);
	}
	return yes;
}

/* The options of qu by any name that names one option only, as option_find reads them;
 * the number of names, 0 if every one names several options */
static size_t option_pattern(struct buf *b, const struct folding *fd, const struct question *qu)
{
	char **written = xcalloc(qu->noptions * 5 + 1, sizeof *written);
	size_t nwritten = 0, i, j, k, n;

	buf_adds(b, "^(?:");
	for (i = 0; i < qu->noptions; i++) {
		struct buf forms[5] = { { 0 } };
		n = option_forms(&qu->options[i], forms);
		for (j = 0; j < n; j++) {
			const char *form = buf_str(&forms[j]);
			int skip = !*form;
			for (k = 0; !skip && k < qu->noptions; k++)
				skip = k != i && form_names(&qu->options[k], form);	/* ambiguous */
			for (k = 0; !skip && k < nwritten; k++)
				skip = !strcmp(written[k], form);
			if (skip)
				continue;
			if (nwritten)
				buf_adds(b, "|");
			re_fold(b, fd, form);
			written[nwritten++] = xstrdup(form);
		}
		for (j = 0; j < n; j++)
			buf_free(&forms[j]);
	}
	buf_adds(b, ")$");
	for (i = 0; i < nwritten; i++)
		free(written[i]);
	free(written);
	return nwritten;
}

/* --- the schema --------------------------------------------------------------------------- */

struct schema {
	struct emitter e;
	const struct questionnaire *q;
	enum lang lang;
	struct folding fd;
	struct buf b;
};

static void ref(struct emitter *e, const char *name)
{
	struct buf b = { 0 };
	const char *p;

	buf_adds(&b, "#/definitions/");
	for (p = name; *p; p++)	/* a JSON pointer: ~ and / escaped */
		if (*p == '~' || *p == '/')
			buf_adds(&b, *p == '~' ? "~0" : "~1");
		else
			buf_add(&b, p, 1);
	emit_map_begin(e);
	emit_kv_str(e, "$ref", buf_str(&b));
	emit_map_end(e);
	buf_free(&b);
}

static void type_only(struct emitter *e, const char *type)
{
	emit_map_begin(e);
	emit_kv_str(e, "type", type);
	emit_map_end(e);
}

static void string_pattern(struct emitter *e, const char *pattern, const char *format)
{
	emit_map_begin(e);
	emit_kv_str(e, "type", "string");
	if (format)
		emit_kv_str(e, "format", format);
	emit_kv_str(e, "pattern", pattern);
	emit_map_end(e);
}

/* any single value, null too: what a text answer, or a field of text, may be */
static void any_scalar(struct emitter *e)
{
	emit_key(e, "anyOf");
	emit_seq_begin(e);
	type_only(e, "string");
	type_only(e, "number");
	type_only(e, "boolean");
	type_only(e, "null");
	emit_seq_end(e);
}

/* The definitions every dossier uses */
static void common_definitions(struct schema *s)
{
	static const char *const fields[] = { "status", "source", "by", "date", "comment", NULL };
	struct emitter *e = &s->e;
	size_t i;

	emit_key(e, "empty");
	emit_map_begin(e);
	emit_kv_str(e, "description", _("no answer: the question is missing"));
	emit_key(e, "anyOf");
	emit_seq_begin(e);
	type_only(e, "null");
	string_pattern(e, RE_BLANK, NULL);
	emit_seq_end(e);
	emit_map_end(e);

	emit_key(e, "text");
	emit_map_begin(e);
	emit_kv_str(e, "description", _("text"));
	any_scalar(e);
	emit_map_end(e);

	emit_key(e, "yesno");
	emit_map_begin(e);
	emit_kv_str(e, "description", _("yes/no"));
	emit_key(e, "anyOf");
	emit_seq_begin(e);
	ref(e, "empty");
	type_only(e, "boolean");
	emit_map_begin(e);	/* the words, offered by editors */
	emit_key(e, "enum");
	emit_seq_begin(e);
	for (i = 0; answer_yesno_word(i); i++)
		emit_str(e, answer_yesno_word(i));
	emit_seq_end(e);
	emit_map_end(e);
	buf_clear(&s->b);
	yesno_pattern(&s->b);
	string_pattern(e, buf_str(&s->b), NULL);
	emit_seq_end(e);
	emit_map_end(e);

	emit_key(e, "date");
	emit_map_begin(e);
	emit_kv_str(e, "description", _("date YYYY-MM-DD"));
	emit_key(e, "anyOf");
	emit_seq_begin(e);
	ref(e, "empty");
	string_pattern(e, RE_DATE, "date");
	emit_seq_end(e);
	emit_map_end(e);

	emit_key(e, "status");
	emit_map_begin(e);
	emit_kv_str(e, "description", _("unknown and not-applicable count as answers; pending does not; answered "
					 "needs an answer"));
	emit_key(e, "enum");
	emit_seq_begin(e);
	emit_str(e, statuses[ST_ANSWERED].id);
	emit_str(e, statuses[ST_UNKNOWN].id);
	emit_str(e, statuses[ST_NOT_APPLICABLE].id);
	emit_str(e, statuses[ST_PENDING].id);
	emit_null(e);
	emit_seq_end(e);
	emit_map_end(e);

	emit_key(e, "source");
	emit_map_begin(e);
	emit_kv_str(e, "description", _("where the answer comes from: the instructions for use and their page, a "
					 "publication or its DOI, a clinicaltrials.gov id, an e-mail"));
	any_scalar(e);
	emit_map_end(e);

	emit_key(e, "by");
	emit_map_begin(e);
	emit_kv_str(e, "description", _("who answered: the vendor, the IT department, the DPO, a pharmacist..."));
	any_scalar(e);
	emit_map_end(e);

	emit_key(e, "date-of-answer");
	emit_map_begin(e);
	emit_kv_str(e, "description", _("when the answer was given, as YYYY-MM-DD"));
	emit_key(e, "anyOf");
	emit_seq_begin(e);
	type_only(e, "null");
	string_pattern(e, RE_DATE, "date");
	emit_seq_end(e);
	emit_map_end(e);

	emit_key(e, "comment");
	emit_map_begin(e);
	emit_kv_str(e, "description", _("anything else worth keeping"));
	any_scalar(e);
	emit_map_end(e);

	/* the mapping form, whatever the question: its fields, and status: answered needs an
	 * answer that is not empty; the answer's own type is the question's (answer_property) */
	emit_key(e, "answer-mapping");
	emit_map_begin(e);
	emit_kv_str(e, "type", "object");
	emit_kv_str(e, "description", _("the answer with its status, source, author, date or comment"));
	emit_key(e, "properties");
	emit_map_begin(e);
	emit_key(e, "answer");
	emit_map_begin(e);
	emit_map_end(e);
	for (i = 0; fields[i]; i++) {
		emit_key(e, fields[i]);
		ref(e, strcmp(fields[i], "date") ? fields[i] : "date-of-answer");
	}
	emit_map_end(e);
	emit_key(e, "additionalProperties");
	emit_bool(e, 0);
	emit_key(e, "if");
	emit_map_begin(e);
	emit_kv_str(e, "type", "object");
	emit_key(e, "properties");
	emit_map_begin(e);
	emit_key(e, "status");
	emit_map_begin(e);
	emit_kv_str(e, "const", statuses[ST_ANSWERED].id);
	emit_map_end(e);
	emit_map_end(e);
	emit_key(e, "required");
	emit_seq_begin(e);
	emit_str(e, "status");
	emit_seq_end(e);
	emit_map_end(e);
	emit_key(e, "then");
	emit_map_begin(e);
	emit_kv_str(e, "type", "object");
	emit_key(e, "properties");
	emit_map_begin(e);
	emit_key(e, "answer");
	emit_map_begin(e);
	emit_key(e, "not");
	ref(e, "empty");
	emit_map_end(e);
	emit_map_end(e);
	emit_key(e, "required");
	emit_seq_begin(e);
	emit_str(e, "answer");
	emit_seq_end(e);
	emit_map_end(e);
	emit_map_end(e);
}

static void definition_name(struct buf *b, const char *what, const char *id)
{
	buf_clear(b);
	buf_addf(b, "%s-%s", what, id);
}

/* option-ID: one option of a choice question, by id (offered by editors) or by label */
static void option_definition(struct schema *s, const struct question *qu)
{
	struct emitter *e = &s->e;
	struct buf name = { 0 };
	size_t i;

	definition_name(&name, "option", qu->id);
	emit_key(e, buf_str(&name));
	emit_map_begin(e);
	emit_key(e, "anyOf");
	emit_seq_begin(e);
	for (i = 0; i < qu->noptions; i++) {
		emit_map_begin(e);
		emit_kv_str(e, "const", qu->options[i].id);
		emit_kv_str(e, "description", text_get(qu->options[i].label, s->lang));
		emit_map_end(e);
	}
	buf_clear(&s->b);
	if (option_pattern(&s->b, &s->fd, qu))
		string_pattern(e, buf_str(&s->b), NULL);
	emit_seq_end(e);
	emit_map_end(e);
	buf_free(&name);
}

/* value-ID: what the answer to a question may be, plain or as the mapping's answer */
static void value_definition(struct schema *s, const struct question *qu)
{
	struct emitter *e = &s->e;
	struct buf name = { 0 };

	if (qu->type == QT_CHOICE || qu->type == QT_CHOICES)
		option_definition(s, qu);
	definition_name(&name, "value", qu->id);
	emit_key(e, buf_str(&name));
	switch (qu->type) {
	case QT_YESNO:
		ref(e, "yesno");
		break;
	case QT_DATE:
		ref(e, "date");
		break;
	case QT_CHOICE:
	case QT_CHOICES:
		emit_map_begin(e);
		emit_kv_str(e, "description", question_type_words(qu));
		emit_key(e, "anyOf");
		emit_seq_begin(e);
		ref(e, "empty");
		definition_name(&name, "option", qu->id);
		ref(e, buf_str(&name));
		if (qu->type == QT_CHOICES) {
			emit_map_begin(e);
			emit_kv_str(e, "type", "array");
			emit_key(e, "items");
			ref(e, buf_str(&name));
			emit_key(e, "uniqueItems");
			emit_bool(e, 1);
			emit_map_end(e);
		}
		emit_seq_end(e);
		emit_map_end(e);
		break;
	case QT_NUMBER:
		emit_map_begin(e);
		buf_clear(&s->b);
		buf_adds(&s->b, question_type_words(qu));
		if (qu->unit)
			buf_addf(&s->b, _(", in %s"), unit_label(qu->unit));
		emit_kv_str(e, "description", buf_str(&s->b));
		emit_key(e, "anyOf");
		emit_seq_begin(e);
		ref(e, "empty");
		type_only(e, "number");
		buf_clear(&s->b);
		number_pattern(&s->b, &s->fd, qu->unit);
		string_pattern(e, buf_str(&s->b), NULL);
		emit_seq_end(e);
		emit_map_end(e);
		break;
	default:
		ref(e, "text");
		break;
	}
	buf_free(&name);
}

/* answers.ID: the answer, plain, or as a mapping whose answer is of the question's type */
static void answer_property(struct schema *s, const struct question *qu)
{
	struct emitter *e = &s->e;
	struct buf name = { 0 };
	size_t i;

	definition_name(&name, "value", qu->id);
	emit_key(e, qu->id);
	emit_map_begin(e);
	emit_kv_str(e, "title", qu->id);
	buf_clear(&s->b);
	buf_addf(&s->b, "%s\n\n%s", text_get(qu->text, s->lang), question_type_words(qu));
	if (qu->unit)
		buf_addf(&s->b, _(", in %s"), unit_label(qu->unit));
	for (i = 0; i < qu->noptions; i++)
		buf_addf(&s->b, "%s%s%s", i ? ", " : " (", qu->options[i].id, i + 1 == qu->noptions ? ")" : "");
	emit_kv_str(e, "description", buf_str(&s->b));
	emit_key(e, "anyOf");
	emit_seq_begin(e);
	ref(e, buf_str(&name));
	emit_map_begin(e);
	emit_key(e, "allOf");
	emit_seq_begin(e);
	ref(e, "answer-mapping");
	emit_map_begin(e);
	emit_kv_str(e, "type", "object");
	emit_key(e, "properties");
	emit_map_begin(e);
	emit_key(e, "answer");
	ref(e, buf_str(&name));
	emit_map_end(e);
	emit_map_end(e);
	emit_seq_end(e);
	emit_map_end(e);
	emit_seq_end(e);
	emit_map_end(e);
	buf_free(&name);
}

static void device_property(struct schema *s)
{
	struct emitter *e = &s->e;
	size_t i;

	emit_key(e, "device");
	emit_map_begin(e);
	emit_kv_str(e, "type", "object");
	emit_kv_str(e, "description", _("the device assessed; its name is required"));
	emit_key(e, "required");
	emit_seq_begin(e);
	emit_str(e, "name");
	emit_seq_end(e);
	emit_key(e, "properties");
	emit_map_begin(e);
	for (i = 0; device_fields[i]; i++) {
		emit_key(e, device_fields[i]);
		emit_map_begin(e);
		emit_kv_str(e, "title", text_get(form_device_labels[i], s->lang));
		if (i == 0) {	/* the name: not blank */
			emit_key(e, "anyOf");
			emit_seq_begin(e);
			string_pattern(e, "[^ \\t\\n\\v\\f\\r]", NULL);
			type_only(e, "number");
			type_only(e, "boolean");
			emit_seq_end(e);
		} else {
			any_scalar(e);
		}
		emit_map_end(e);
	}
	emit_map_end(e);
	emit_key(e, "additionalProperties");
	emit_bool(e, 0);
	emit_map_end(e);
}

void schema_write(const struct questionnaire *q, enum lang lang, FILE *f)
{
	struct schema s;
	struct emitter *e = &s.e;
	size_t i;

	memset(&s, 0, sizeof s);
	s.q = q;
	s.lang = lang;
	folding_init(&s.fd);
	emit_init(e, f, 1);
	emit_doc_begin(e);
	emit_map_begin(e);
	emit_kv_str(e, "$schema", "http://json-schema.org/draft-07/schema#");
	emit_kv_str(e, "title", text_get(q->title, lang));
	buf_addf(&s.b, "dmn-dossier(5): %s%s%s", q->id, q->edition ? ", " : "", q->edition ? q->edition : "");
	emit_kv_str(e, "description", buf_str(&s.b));
	emit_kv_str(e, "type", "object");
	emit_key(e, "required");
	emit_seq_begin(e);
	emit_str(e, "kind");
	emit_str(e, "questionnaire");
	emit_str(e, "device");
	emit_seq_end(e);
	emit_key(e, "properties");
	emit_map_begin(e);
	emit_key(e, "kind");
	emit_map_begin(e);
	emit_kv_str(e, "const", "dossier");
	emit_map_end(e);
	emit_key(e, "questionnaire");
	emit_map_begin(e);
	emit_kv_str(e, "const", q->id);
	emit_map_end(e);
	emit_key(e, "edition");
	emit_map_begin(e);
	emit_key(e, "enum");
	emit_seq_begin(e);
	if (q->edition)
		emit_str(e, q->edition);
	emit_null(e);
	emit_seq_end(e);
	emit_map_end(e);
	device_property(&s);
	emit_key(e, "answers");
	emit_map_begin(e);
	emit_kv_str(e, "description", _("the answers, by question id in quotes: \"8.10\", not 8.10"));
	emit_key(e, "anyOf");
	emit_seq_begin(e);
	type_only(e, "null");
	emit_map_begin(e);
	emit_kv_str(e, "type", "object");
	emit_key(e, "properties");
	emit_map_begin(e);
	for (i = 0; i < q->nquestions; i++)
		if (q->questions[i].type != QT_GROUP)
			answer_property(&s, &q->questions[i]);
	emit_map_end(e);
	emit_key(e, "additionalProperties");
	emit_bool(e, 0);
	emit_map_end(e);
	emit_seq_end(e);
	emit_map_end(e);
	emit_map_end(e);
	emit_key(e, "additionalProperties");
	emit_bool(e, 0);
	emit_key(e, "definitions");
	emit_map_begin(e);
	common_definitions(&s);
	for (i = 0; i < q->nquestions; i++)
		if (q->questions[i].type != QT_GROUP)
			value_definition(&s, &q->questions[i]);
	emit_map_end(e);
	emit_map_end(e);
	emit_doc_end(e);
	folding_free(&s.fd);
	buf_free(&s.b);
}
