/* rewrite.c: a dossier written back as the bytes it was read from, with only what changed
 * spliced in: each new or changed answer (or device field) in place, in the file's style
 * (indentation, quoting, block or flow, oui/non or yes/no); every other byte, comments and
 * folded text included, as it was. A new answer goes where its question falls in the
 * questionnaire's order. */
#include <ctype.h>
#include <iconv.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "guide.h"

#define MARK_EVERY 1024	/* characters between two kept byte offsets */

struct source {
	char *bytes;
	size_t len;
	size_t bom;		/* bytes before character 0: a UTF-8 byte order mark */
	size_t index;		/* the document's first character in the stream */
	size_t *marks;		/* byte offset of character k * MARK_EVERY */
	size_t nmarks;
	int crlf;		/* its lines end with CR LF: so do the lines added */
};

/* UTF-16 (libyaml reads it after a byte order mark) as UTF-8 without the mark: the same
 * characters, so the same indexes; NULL if it cannot be. Takes bytes. */
static char *from_utf16(char *bytes, size_t *len)
{
	iconv_t cd = iconv_open("UTF-8", "UTF-16");
	size_t cap = *len * 2 + 4, left = cap, inleft = *len;
	char *out = xmalloc(cap), *in = bytes, *o = out;

	if (cd == (iconv_t)-1 || iconv(cd, &in, &inleft, &o, &left) == (size_t)-1) {
		free(out);
		out = NULL;
	} else {
		*len = cap - left;
		out[*len] = '\0';
	}
	if (cd != (iconv_t)-1)
		iconv_close(cd);
	free(bytes);
	return out;
}

struct source *source_new(char *bytes, size_t len, const struct ydoc *doc)
{
	struct source *s;
	size_t i, chars = 0, bom = 0;

	if (len >= 2 && (((unsigned char)bytes[0] == 0xfe && (unsigned char)bytes[1] == 0xff) ||
			 ((unsigned char)bytes[0] == 0xff && (unsigned char)bytes[1] == 0xfe)) &&
	    !(bytes = from_utf16(bytes, &len)))
		return NULL;
	for (i = 0; i < len; i++) {
		const unsigned char *p = (const unsigned char *)bytes + i;
		/* not UTF-8 (UTF-16 without a mark is not read), or a line break other than LF
		 * and CR LF (a lone CR, NEL, LS, PS), which libyaml counts: written whole */
		if (!*p || (*p == '\r' && (i + 1 == len || p[1] != '\n')) || (*p == 0xc2 && i + 1 < len && p[1] == 0x85) ||
		    (*p == 0xe2 && i + 2 < len && p[1] == 0x80 && (p[2] == 0xa8 || p[2] == 0xa9))) {
			free(bytes);
			return NULL;
		}
	}
	if (len >= 3 && !memcmp(bytes, "\xef\xbb\xbf", 3))
		bom = 3;
	s = xcalloc(1, sizeof *s);
	s->bytes = bytes;
	s->len = len;
	s->bom = bom;
	s->index = ydoc_index(doc);
	s->marks = xmalloc((len / MARK_EVERY + 2) * sizeof *s->marks);
	for (i = bom; i < len; i++) {
		if (((unsigned char)bytes[i] & 0xc0) == 0x80)
			continue;	/* a continuation byte: the same character */
		if (chars % MARK_EVERY == 0)
			s->marks[s->nmarks++] = i;
		chars++;
	}
	if (chars % MARK_EVERY == 0)
		s->marks[s->nmarks++] = len;
	{
		const char *nl = memchr(bytes, '\n', len);
		s->crlf = nl && nl > bytes && nl[-1] == '\r';
	}
	return s;
}

void source_free(struct source *s)
{
	if (!s)
		return;
	free(s->bytes);
	free(s->marks);
	free(s);
}

/* The byte offset of a character index of the document (libyaml counts characters). */
static size_t at(const struct source *s, size_t rel)
{
	size_t c = s->index + rel, k = c / MARK_EVERY, b;

	if (k >= s->nmarks)
		return s->len;
	b = s->marks[k];
	for (c -= k * MARK_EVERY; c > 0 && b < s->len; c--)
		for (b++; b < s->len && ((unsigned char)s->bytes[b] & 0xc0) == 0x80; b++)
			;
	return b;
}

static size_t line_start(const struct source *s, size_t b)
{
	while (b > 0 && s->bytes[b - 1] != '\n')
		b--;
	return b;
}

static size_t line_end(const struct source *s, size_t b)
{
	while (b < s->len && s->bytes[b] != '\n')
		b++;
	return b;
}

/* The byte after a node's last character: a block scalar's trailing line breaks (and a
 * block collection's, through its last item) are not part of it. */
static size_t end_of(const struct source *s, const struct node *n)
{
	size_t b = at(s, n->end), start = at(s, n->start);

	/* back over line breaks and blank lines; spaces that end the last line are its text */
	while (b > start && (s->bytes[b - 1] == '\n' || s->bytes[b - 1] == '\r')) {
		size_t ls;
		b -= s->bytes[b - 1] == '\n' && b - 1 > start && s->bytes[b - 2] == '\r' ? 2 : 1;
		for (ls = b; ls > start && (s->bytes[ls - 1] == ' ' || s->bytes[ls - 1] == '\t'); ls--)
			;
		if (ls > start && s->bytes[ls - 1] != '\n' && s->bytes[ls - 1] != '\r')
			break;	/* a line with text: it ends here */
		b = ls;
	}
	return b;
}

/* The lines of a key and its value, their line break included: what a deletion removes. */
static void entry_lines(const struct source *s, const struct node *key, const struct node *val, size_t *from,
			size_t *to)
{
	*from = line_start(s, at(s, key->start));
	*to = line_end(s, end_of(s, val));
	if (*to < s->len)
		(*to)++;
}

/* The byte after the colon that ends a key. */
static size_t after_colon(const struct source *s, const struct node *key)
{
	size_t b = at(s, key->end);

	while (b < s->len && s->bytes[b] != ':')
		b++;
	return b < s->len ? b + 1 : b;
}

/* --- the splices ------------------------------------------------------------------------ */

struct edit {
	size_t from, to;	/* bytes replaced; from == to inserts */
	size_t seq;
	char *text;
};
struct rewrite {
	const struct dossier *d;
	const struct source *s;
	struct edit *v;
	size_t n, cap;
	int step;		/* indentation of one level */
	const char *yes, *no;	/* as the file writes yes/no answers */
	int yesno_style;
};

static void splice(struct rewrite *w, size_t from, size_t to, struct buf *text)
{
	struct edit *e;

	if (w->n == w->cap) {
		w->cap = w->cap ? 2 * w->cap : 16;
		w->v = xrealloc(w->v, w->cap * sizeof *w->v);
	}
	e = &w->v[w->n];
	e->from = from;
	e->to = to;
	e->seq = w->n++;
	e->text = text ? xstrdup(buf_str(text)) : xstrdup("");
	if (text)
		buf_free(text);
}

/* Lines (text starting with "\n", as put_entry makes them) added after the line that ends
 * at le: at the start of the next line, so that a deletion of the line above does not meet
 * them. Takes text. */
static void insert_after_line(struct rewrite *w, size_t le, struct buf *text)
{
	struct buf t = { 0 };

	if (le >= w->s->len) {
		splice(w, le, le, text);
		return;
	}
	buf_adds(&t, buf_str(text) + 1);
	buf_adds(&t, "\n");
	buf_free(text);
	splice(w, le + 1, le + 1, &t);
}

static int edit_cmp(const void *a, const void *b)
{
	const struct edit *x = a, *y = b;

	if (x->from != y->from)
		return x->from < y->from ? -1 : 1;
	if ((x->from == x->to) != (y->from == y->to))
		return x->from == x->to ? -1 : 1;	/* an insertion before a replacement there */
	return x->seq < y->seq ? -1 : x->seq > y->seq;
}

/* --- values in the file's style --------------------------------------------------------- */

/* Text that every YAML reader reads back as this same string when written plain. */
static int plain_ok(const char *s, int flow)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t n = strlen(s);

	/* a letter first: never a number, a date, .inf, the merge key << or the value key =
	 * of YAML 1.1, nor an indicator */
	if (!n || !(isalpha(*p) || *p >= 0x80) || s[n - 1] == ' ' || s[n - 1] == ':' || yaml_reserved_word(s) ||
	    strstr(s, ": ") || strstr(s, " #"))
		return 0;
	for (; *p; p++) {
		if (*p < 0x20 || *p == 0x7f || (flow && strchr(",[]{}", *p)))
			return 0;
		if (*p == 0xc2 && (p[1] <= 0x9f || p[1] == 0xa0))
			return 0;	/* C1 controls, NEL, no-break space */
		if (*p == 0xe2 && p[1] == 0x80 && (p[2] == 0xa8 || p[2] == 0xa9))
			return 0;
		if (*p == 0xef && p[1] == 0xbb && p[2] == 0xbf)
			return 0;
	}
	return 1;
}

/* A number every reader reads as this decimal: no sign +, no leading zero (octal in 1.1). */
static int plain_number(const char *s)
{
	const char *d = s + (*s == '-');

	return parse_decimal(s) && !(d[0] == '0' && isdigit((unsigned char)d[1]));
}

static int single_ok(const char *s)
{
	const unsigned char *p = (const unsigned char *)s;

	for (; *p; p++)
		if (*p < 0x20 || *p == 0x7f || (*p == 0xc2 && p[1] <= 0x9f) ||
		    (*p == 0xe2 && p[1] == 0x80 && (p[2] == 0xa8 || p[2] == 0xa9)))
			return 0;
	return *s != '\0';
}

/* Lines of printable text with no leading space and no trailing line break: a block scalar. */
static int block_ok(const char *s)
{
	const unsigned char *p = (const unsigned char *)s;

	if (!*p || *p == ' ' || *p == '\t' || s[strlen(s) - 1] == '\n')
		return 0;
	for (; *p; p++) {
		if ((*p < 0x20 && *p != '\n') || *p == 0x7f || (*p == 0xc2 && p[1] <= 0x9f) ||
		    (*p == 0xe2 && p[1] == 0x80 && (p[2] == 0xa8 || p[2] == 0xa9)) || (*p == '\n' && p[1] == ' '))
			return 0;
		if (*p == ' ' && (p[1] == '\n' || !p[1]))
			return 0;	/* trailing spaces: lost by some editors */
	}
	return 1;
}

static void indent(struct buf *b, int n)
{
	while (n-- > 0)
		buf_add(b, " ", 1);
}

#define NS_AUTO 99	/* a value new to the file: plain if it is a simple word, else quoted */

/* A scalar after "key:" (its leading space included), in the style of the node it replaces:
 * plain when that reads back the same, single or double quotes, or a block at ind + step. */
static void put_scalar(struct rewrite *w, struct buf *b, const char *s, int style, int ind, int number, int flow)
{
	const char *p;

	if ((style == NS_LITERAL || style == NS_FOLDED) && !flow && block_ok(s)) {
		buf_adds(b, style == NS_FOLDED && !strchr(s, '\n') ? " >-" : " |-");
		for (p = s;;) {
			const char *nl = strchr(p, '\n');
			buf_adds(b, "\n");
			if (nl != p)	/* an empty line has no indentation */
				indent(b, ind + w->step);
			buf_add(b, p, nl ? (size_t)(nl - p) : strlen(p));
			if (!nl)
				break;
			p = nl + 1;
		}
		return;
	}
	buf_adds(b, " ");
	if ((number && plain_number(s)) || (style == NS_PLAIN && plain_ok(s, flow)) ||
	    (style == NS_AUTO && yaml_plain_safe(s))) {
		buf_adds(b, s);
	} else if (style == NS_SINGLE && single_ok(s)) {
		buf_adds(b, "'");
		for (p = s; *p; p++)
			buf_adds(b, *p == '\'' ? "''" : (char[2]){ *p, '\0' });
		buf_adds(b, "'");
	} else {
		yaml_quote(b, s);
	}
}

/* An answer's value: a yes/no as the file writes them, a list of options, text, a number. */
static void put_value(struct rewrite *w, struct buf *b, const struct question *qu, const struct node *v,
		      const struct node *old, int ind, int flow)
{
	size_t i;

	if (v->kind == NODE_SEQ) {
		if (old && old->kind == NODE_SEQ && old->style == NS_BLOCK && !flow && v->n) {
			for (i = 0; i < v->n; i++) {
				buf_adds(b, "\n");
				indent(b, old->col - 1);
				buf_adds(b, "-");
				put_scalar(w, b, v->items[i]->text, NS_AUTO, old->col - 1, 0, 0);
			}
			return;
		}
		buf_adds(b, " [");
		for (i = 0; i < v->n; i++) {
			struct buf item = { 0 };
			put_scalar(w, &item, v->items[i]->text, NS_AUTO, ind, 0, 1);
			buf_adds(b, i ? ", " : "");
			buf_adds(b, buf_str(&item) + 1);
			buf_free(&item);
		}
		buf_adds(b, "]");
		return;
	}
	if (qu->type == QT_YESNO && (!strcmp(v->text, "yes") || !strcmp(v->text, "no"))) {
		put_scalar(w, b, !strcmp(v->text, "yes") ? w->yes : w->no, w->yesno_style, ind, 0, flow);
		return;
	}
	put_scalar(w, b, v->text, old && old->kind == NODE_SCALAR && !node_is_null(old) ? old->style :
		   (v->plain ? NS_AUTO : NS_DOUBLE), ind, qu->type == QT_NUMBER, flow);
}

/* --- answers ------------------------------------------------------------------------------ */


/* What the answer now holds in field f (not "answer"), or NULL. */
static const char *field_now(const struct answer *a, size_t f)
{
	switch (f) {
	case 1:
		return a->status != ST_ANSWERED && a->status != ST_MISSING && a->status != ST_INVALID ?
		       statuses[a->status].id : NULL;
	case 2:
		return a->source;
	case 3:
		return a->by;
	case 4:
		return a->date;
	default:
		return a->comment;
	}
}

/* The change bit of field f of an answer (answer and status go together). */
static unsigned field_bit(size_t f)
{
	static const unsigned bits[] = { CH_VALUE, CH_VALUE, CH_SOURCE, CH_BY, CH_DATE, CH_COMMENT };

	return bits[f];
}

static int has_value(const struct answer *a)
{
	return a->value && !node_is_null(a->value);
}

static int long_form(const struct answer *a)
{
	return a->source || a->by || a->date || a->comment ||
	       (a->status != ST_ANSWERED && a->status != ST_MISSING && a->status != ST_INVALID);
}

static int absent(const struct answer *a)
{
	return !has_value(a) && !long_form(a);
}

/* The fields of an answer in long form, each on its line at ind ("\n" before each). */
static void put_fields(struct rewrite *w, struct buf *b, const struct question *qu, const struct answer *a, int ind)
{
	size_t f;

	if (has_value(a)) {
		buf_adds(b, "\n");
		indent(b, ind);
		buf_adds(b, "answer:");
		put_value(w, b, qu, a->value, NULL, ind, 0);
	}
	for (f = 1; answer_fields[f]; f++) {
		const char *s = field_now(a, f);
		if (!s)
			continue;
		buf_adds(b, "\n");
		indent(b, ind);
		buf_addf(b, "%s:", answer_fields[f]);
		put_scalar(w, b, s, NS_AUTO, ind, 0, 0);
	}
}

/* The same answer in a flow mapping: the fields changed from the answer, the others (and
 * those the questionnaire does not know) copied as the file has them. */
static void put_flow(struct rewrite *w, struct buf *b, int qi, const struct node *old)
{
	const struct question *qu = &w->d->q->questions[qi];
	const struct answer *a = &w->d->answers[qi];
	unsigned ch = w->d->changed[qi];
	const char *sep = "";
	size_t f, i;

	buf_adds(b, "{");
	for (f = 0; answer_fields[f]; f++) {
		const char *now = f ? field_now(a, f) : NULL;
		if (!(ch & field_bit(f))) {
			for (i = 0; i < old->n; i++)
				if (!strcmp(old->items[2 * i]->text, answer_fields[f])) {
					size_t from = at(w->s, old->items[2 * i]->start), to = end_of(w->s, old->items[2 * i + 1]);
					buf_adds(b, sep);
					buf_add(b, w->s->bytes + from, to - from);
					sep = ", ";
				}
			continue;
		}
		if (f == 0 && has_value(a)) {
			buf_addf(b, "%sanswer:", sep);
			put_value(w, b, qu, a->value, NULL, 0, 1);
			sep = ", ";
		} else if (f && now) {
			buf_addf(b, "%s%s:", sep, answer_fields[f]);
			put_scalar(w, b, now, NS_AUTO, 0, 0, 1);
			sep = ", ";
		}
	}
	for (i = 0; i < old->n; i++) {
		const struct node *k = old->items[2 * i], *v = old->items[2 * i + 1];
		size_t from = at(w->s, k->start), to = end_of(w->s, v);
		if (field_known(answer_fields, k->text))
			continue;
		buf_adds(b, sep);
		buf_add(b, w->s->bytes + from, to - from);
		sep = ", ";
	}
	buf_adds(b, "}");
}

/* The key of a mapping whose text is name, or NULL. */
static const struct node *key_of(const struct node *map, const char *name)
{
	size_t i;

	for (i = 0; map && map->kind == NODE_MAP && i < map->n; i++)
		if (!strcmp(map->items[2 * i]->text, name))
			return map->items[2 * i];
	return NULL;
}

/* One field of a block mapping (an answer's, the device's) brought to now (NULL: none):
 * replaced after its colon, its lines removed, or a line added after *prev (the last field
 * kept before it), else before the mapping's first key. *prev follows the fields kept. */
static void edit_field(struct rewrite *w, const struct node *map, const char *name, const char *now,
		       const struct node **prev)
{
	const struct source *s = w->s;
	const struct node *key = key_of(map, name), *old = key ? node_get(map, name) : NULL;
	int ind = map->items[0]->col - 1;
	struct buf b = { 0 };
	size_t from, to;

	if (!now) {
		if (key) {
			entry_lines(s, key, old, &from, &to);
			splice(w, from, to, NULL);
		}
		return;
	}
	if (key) {
		if (old->kind != NODE_SCALAR || node_is_null(old) || strcmp(old->text, now) != 0) {
			put_scalar(w, &b, now, old->kind == NODE_SCALAR && !node_is_null(old) ? old->style : NS_AUTO,
				   ind, 0, 0);
			from = after_colon(s, key);
			to = node_is_null(old) ? at(s, old->end) : end_of(s, old);
			splice(w, from, to < from ? from : to, &b);
		}
		*prev = old;
		return;
	}
	buf_adds(&b, "\n");
	indent(&b, ind);
	buf_addf(&b, "%s:", name);
	put_scalar(w, &b, now, NS_AUTO, ind, 0, 0);
	if (*prev) {
		insert_after_line(w, line_end(s, end_of(s, *prev)), &b);
	} else {
		struct buf t = { 0 };
		buf_adds(&t, buf_str(&b) + 1);
		buf_adds(&t, "\n");
		buf_free(&b);
		from = line_start(s, at(s, map->items[0]->start));
		splice(w, from, from, &t);
	}
}

/* An answer that stays a block mapping: each field changed replaced, removed or added on its
 * line; the others, and a field the questionnaire does not know, stay as they are. */
static void edit_block_answer(struct rewrite *w, int qi, const struct node *map)
{
	const struct question *qu = &w->d->q->questions[qi];
	const struct answer *a = &w->d->answers[qi];
	unsigned ch = w->d->changed[qi];
	const struct source *s = w->s;
	const struct node *prev = NULL, *key = key_of(map, "answer"), *old = node_get(map, "answer");
	int ind = map->items[0]->col - 1;
	struct buf b = { 0 };
	size_t f, from, to;

	if (!(ch & CH_VALUE)) {
		if (key)
			prev = old;
	} else if (!has_value(a) && key) {
		entry_lines(s, key, old, &from, &to);
		splice(w, from, to, NULL);
	} else if (has_value(a) && key) {
		if (a->value != old) {
			put_value(w, &b, qu, a->value, old, ind, 0);
			from = after_colon(s, key);
			to = node_is_null(old) ? at(s, old->end) : end_of(s, old);
			splice(w, from, to < from ? from : to, &b);
		}
		prev = old;
	} else if (has_value(a)) {
		struct buf t = { 0 };
		indent(&t, ind);
		buf_adds(&t, "answer:");
		put_value(w, &t, qu, a->value, NULL, ind, 0);
		buf_adds(&t, "\n");
		from = line_start(s, at(s, map->items[0]->start));
		splice(w, from, from, &t);
	}
	for (f = 1; answer_fields[f]; f++) {
		const char *now = field_now(a, f);
		const struct node *st = f == 1 ? node_get(map, "status") : NULL;
		if (!(ch & field_bit(f))) {
			if (key_of(map, answer_fields[f]))
				prev = node_get(map, answer_fields[f]);
			continue;
		}
		if (f == 1 && !now && a->status == ST_ANSWERED && st && st->kind == NODE_SCALAR &&
		    !strcmp(st->text, "answered"))
			now = "answered";	/* said explicitly: kept */
		edit_field(w, map, answer_fields[f], now, &prev);
	}
}

/* An answer the file has: its value replaced, or the entry turned to a mapping, or removed. */
static void edit_answer(struct rewrite *w, int qi)
{
	const struct question *qu = &w->d->q->questions[qi];
	const struct answer *a = &w->d->answers[qi];
	const struct source *s = w->s;
	const struct node *key = a->key, *old = a->entry;
	int empty = node_is_null(old) || (old->kind == NODE_MAP && !old->n);
	struct buf b = { 0 };
	size_t from, to;

	if (absent(a)) {
		entry_lines(s, key, old, &from, &to);
		splice(w, from, to, NULL);
		return;
	}
	if (old->kind == NODE_MAP && old->style == NS_FLOW && old->n) {
		put_flow(w, &b, qi, old);
		splice(w, at(s, old->start), at(s, old->end), &b);
		return;
	}
	if (old->kind == NODE_MAP && old->n) {
		edit_block_answer(w, qi, old);
		return;
	}
	/* a plain value, a list or nothing: replaced after the colon, a comment after it kept */
	from = after_colon(s, key);
	to = empty ? at(s, old->end) : end_of(s, old);
	if (to < from)
		to = from;
	if (!long_form(a)) {
		put_value(w, &b, qu, a->value, empty ? NULL : old, key->col - 1, 0);
		splice(w, from, to, &b);
		return;
	}
	/* the fields on lines of their own, under the key's line (and its comment) */
	splice(w, from, to, NULL);
	put_fields(w, &b, qu, a, key->col - 1 + w->step);
	insert_after_line(w, line_end(s, to), &b);
}

/* A new entry: "\n", its key at ind and its value (the questionnaire's order is the caller's). */
static void put_entry(struct rewrite *w, struct buf *b, int qi, int ind)
{
	const struct question *qu = &w->d->q->questions[qi];
	const struct answer *a = &w->d->answers[qi];

	buf_adds(b, "\n");
	indent(b, ind);
	yaml_quote(b, qu->id);
	buf_adds(b, ":");
	if (long_form(a))
		put_fields(w, b, qu, a, ind + w->step);
	else
		put_value(w, b, qu, a->value, NULL, ind, 0);
}

/* Entries for a mapping that is absent or empty ("answers:", "answers: ~", "answers: {}"):
 * the empty value cleared and the entries under its key, or a new key at the end of root. */
static void put_mapping(struct rewrite *w, const struct node *root, const char *name, const struct node *after,
			struct buf *entries)
{
	const struct node *key = key_of(root, name), *v = node_get(root, name);
	struct buf b = { 0 };

	if (key) {
		size_t to = at(w->s, v->end);
		if (to > after_colon(w->s, key))
			splice(w, after_colon(w->s, key), to, NULL);
		insert_after_line(w, line_end(w->s, to), entries);
		return;
	}
	buf_addf(&b, "\n%s:%s", name, buf_str(entries));
	buf_free(entries);
	insert_after_line(w, line_end(w->s, end_of(w->s, after)), &b);
}

/* The first question after i that the file answers (and keeps), or nquestions. */
static size_t next_entry(const struct dossier *d, size_t i)
{
	for (i++; i < d->q->nquestions; i++)
		if (d->answers[i].key && !(d->changed[i] && absent(&d->answers[i])))
			break;
	return i;
}

static int edit_answers(struct rewrite *w, const struct node *root)
{
	const struct dossier *d = w->d;
	const struct questionnaire *q = d->q;
	const struct node *answers = node_get(root, "answers");
	const struct node *anchor = NULL;	/* the entry a new one goes after */
	int anchor_q = -1;			/* its question */
	int block = answers && answers->kind == NODE_MAP && answers->style == NS_BLOCK && answers->n;
	int ind = block ? answers->items[0]->col - 1 : root->items[0]->col - 1 + w->step;
	size_t i, k;
	struct buf fresh = { 0 };	/* new entries when the file had none */

	if (answers && !block && !node_is_null(answers) && !(answers->kind == NODE_MAP && !answers->n))
		return -1;	/* a flow mapping of answers: written whole */
	for (i = 0; i < q->nquestions; i++) {
		const struct answer *a = &d->answers[i];
		struct buf b = { 0 };

		if (d->changed[i] && a->key)
			edit_answer(w, (int)i);
		if (a->key && !(d->changed[i] && absent(a))) {
			anchor = a->entry;	/* the file's last entry so far, in the questionnaire's order */
			anchor_q = (int)i;
		}
		if (!d->changed[i] || a->key || absent(a))
			continue;
		if (!block) {
			put_entry(w, &fresh, (int)i, ind);
			continue;
		}
		put_entry(w, &b, (int)i, ind);
		if (anchor && q->questions[anchor_q].section == q->questions[i].section) {
			insert_after_line(w, line_end(w->s, end_of(w->s, anchor)), &b);
		} else if ((k = next_entry(d, i)) < q->nquestions &&
			   q->questions[k].section == q->questions[i].section) {
			/* the first of its section in the file: before the next one's key, under the
			 * section's heading comment if the file has one */
			struct buf t = { 0 };
			size_t pos = line_start(w->s, at(w->s, d->answers[k].key->start));
			buf_adds(&t, buf_str(&b) + 1);
			buf_adds(&t, "\n");
			buf_free(&b);
			splice(w, pos, pos, &t);
		} else if (anchor) {
			insert_after_line(w, line_end(w->s, end_of(w->s, anchor)), &b);
		} else {	/* before every entry: just after the "answers:" line */
			insert_after_line(w, line_end(w->s, at(w->s, key_of(root, "answers")->start)), &b);
		}
	}
	for (k = 0; block && k < d->ndropped; k++) {
		for (i = 0; i < answers->n && answers->items[2 * i] != d->dropped[k]; i++)
			;
		if (i < answers->n) {
			size_t from, to;
			entry_lines(w->s, answers->items[2 * i], answers->items[2 * i + 1], &from, &to);
			splice(w, from, to, NULL);
		}
	}
	if (fresh.len)
		put_mapping(w, root, "answers", root->items[2 * root->n - 1], &fresh);
	return 0;
}

/* --- the device --------------------------------------------------------------------------- */

/* A device written {name: ..., ...}: the same mapping, the fields changed from the dossier,
 * the others copied as the file has them; nothing if it comes out the same. */
static void put_device_flow(struct rewrite *w, const struct node *dev)
{
	const struct dossier *d = w->d;
	struct device copy = d->device;
	struct buf b = { 0 };
	const char *sep = "";
	size_t f, i, from = at(w->s, dev->start), to = at(w->s, dev->end);

	buf_adds(&b, "{");
	for (f = 0; device_fields[f]; f++) {
		const char *now = *device_member(&copy, device_fields[f]);
		if (d->device_changed & (1u << f)) {
			if (now) {
				buf_addf(&b, "%s%s:", sep, device_fields[f]);
				put_scalar(w, &b, now, NS_AUTO, 0, 0, 1);
				sep = ", ";
			}
			continue;
		}
		for (i = 0; i < dev->n; i++)
			if (!strcmp(dev->items[2 * i]->text, device_fields[f])) {
				size_t kf = at(w->s, dev->items[2 * i]->start), vt = end_of(w->s, dev->items[2 * i + 1]);
				buf_addf(&b, "%s", sep);
				buf_add(&b, w->s->bytes + kf, vt - kf);
				sep = ", ";
			}
	}
	for (i = 0; i < dev->n; i++) {
		size_t kf = at(w->s, dev->items[2 * i]->start), vt = end_of(w->s, dev->items[2 * i + 1]);
		if (field_known(device_fields, dev->items[2 * i]->text))
			continue;
		buf_addf(&b, "%s", sep);
		buf_add(&b, w->s->bytes + kf, vt - kf);
		sep = ", ";
	}
	buf_adds(&b, "}");
	if (b.len == to - from && !memcmp(b.s, w->s->bytes + from, b.len))
		buf_free(&b);
	else
		splice(w, from, to, &b);
}

static int edit_device(struct rewrite *w, const struct node *root)
{
	const struct dossier *d = w->d;
	const struct node *dev = node_get(root, "device");
	int block = dev && dev->kind == NODE_MAP && dev->style == NS_BLOCK && dev->n;
	int ind = block ? dev->items[0]->col - 1 : root->items[0]->col - 1 + w->step;
	struct device copy = d->device;
	struct buf fresh = { 0 };
	const struct node *prev = NULL, *after;
	size_t f;

	if (!d->device_changed)
		return 0;
	if (dev && dev->kind == NODE_MAP && dev->style == NS_FLOW && dev->n) {
		put_device_flow(w, dev);
		return 0;
	}
	if (dev && !block && !node_is_null(dev) && !(dev->kind == NODE_MAP && !dev->n))
		return -1;
	for (f = 0; device_fields[f]; f++) {
		const char *now = *device_member(&copy, device_fields[f]);

		if (block && (d->device_changed & (1u << f))) {
			edit_field(w, dev, device_fields[f], now, &prev);
		} else if (block) {
			if (key_of(dev, device_fields[f]))
				prev = node_get(dev, device_fields[f]);
		} else if (now) {
			buf_adds(&fresh, "\n");
			indent(&fresh, ind);
			buf_addf(&fresh, "%s:", device_fields[f]);
			put_scalar(w, &fresh, now, NS_AUTO, ind, 0, 0);
		}
	}
	if (fresh.len) {
		/* a new device goes after the questionnaire and edition lines */
		after = node_get(root, "questionnaire");
		if (node_get(root, "edition") && node_get(root, "edition")->end > after->end)
			after = node_get(root, "edition");
		put_mapping(w, root, "device", after, &fresh);
	}
	return 0;
}

/* --- the file's style ----------------------------------------------------------------------- */

static void learn_style(struct rewrite *w, const struct node *root)
{
	const struct dossier *d = w->d;
	const struct node *dev = node_get(root, "device");
	size_t i;

	const struct node *answers = node_get(root, "answers");

	w->step = 2;
	if (answers && answers->kind == NODE_MAP && answers->style == NS_BLOCK && answers->n &&
	    answers->items[0]->col > root->items[0]->col)
		w->step = answers->items[0]->col - root->items[0]->col;
	else if (dev && dev->kind == NODE_MAP && dev->style == NS_BLOCK && dev->n &&
		 dev->items[0]->col > root->items[0]->col)
		w->step = dev->items[0]->col - root->items[0]->col;
	/* yes and no as the first yes/no answer of the file writes them; else as dmn writes them */
	w->yes = "yes";
	w->no = "no";
	w->yesno_style = NS_DOUBLE;
	for (i = 0; i < d->q->nquestions; i++) {
		const struct node *v = d->answers[i].entry;
		if (v && v->kind == NODE_MAP)
			v = node_get(v, "answer");
		if (d->q->questions[i].type != QT_YESNO || !v || v->kind != NODE_SCALAR || v->style > NS_DOUBLE)
			continue;
		if (!strcasecmp(v->text, "oui") || !strcasecmp(v->text, "non")) {
			w->yes = "oui";
			w->no = "non";
		} else if (strcasecmp(v->text, "yes") && strcasecmp(v->text, "no")) {
			continue;	/* true, false: not copied */
		}
		w->yesno_style = v->style;
		break;
	}
}

/* A block mapping whose keys each start their line, all at one column. */
static int aligned(const struct rewrite *w, const struct node *map)
{
	size_t i;

	if (!map || map->kind != NODE_MAP || map->style != NS_BLOCK)
		return 1;	/* nothing to align: flow or not a mapping */
	for (i = 0; i < map->n; i++) {
		const struct node *k = map->items[2 * i];
		size_t b = at(w->s, k->start), ls = line_start(w->s, b), j;
		if (k->kind != NODE_SCALAR || k->col != map->items[0]->col || b - ls != (size_t)k->col - 1)
			return 0;
		for (j = ls; j < b; j++)
			if (w->s->bytes[j] != ' ')
				return 0;
	}
	return 1;
}

/* The file's shape is one this module edits in place: the top mapping at column 1, the
 * device, the answers and each answer's fields one per line. */
static int editable(const struct rewrite *w, const struct node *root)
{
	const struct node *answers = node_get(root, "answers");
	size_t i;

	if (!aligned(w, root) || root->items[0]->col != 1 || !aligned(w, node_get(root, "device")) ||
	    !aligned(w, answers))
		return 0;
	for (i = 0; answers && answers->kind == NODE_MAP && i < answers->n; i++)
		if (!aligned(w, answers->items[2 * i + 1]))
			return 0;
	return 1;
}

/* The dossier as its file with the changes spliced in (f NULL: only whether it can be);
 * -1 when the file's shape is not one
 * that can be edited in place (a flow mapping at the top): the caller writes it whole. */
int dossier_rewrite(const struct dossier *d, FILE *f)
{
	const struct node *root = ydoc_root(d->doc);
	struct rewrite w = { 0 };
	size_t i, pos = 0;
	int rc = -1;

	if (!d->src || root->kind != NODE_MAP || root->style != NS_BLOCK || !root->n)
		return -1;
	w.d = d;
	w.s = d->src;
	if (!editable(&w, root))
		return -1;
	learn_style(&w, root);
	if (edit_device(&w, root) != 0 || edit_answers(&w, root) != 0)
		goto done;
	if (w.n)
		qsort(w.v, w.n, sizeof *w.v, edit_cmp);
	for (i = 0; i < w.n; i++) {
		if (w.v[i].from < pos)
			goto done;	/* overlapping splices: a shape not foreseen, written whole */
		pos = w.v[i].to;
	}
	pos = 0;
	for (i = 0; f && i < w.n; i++) {
		const char *t;
		int last;
		fwrite(w.s->bytes + pos, 1, w.v[i].from - pos, f);
		last = w.v[i].from ? w.s->bytes[w.v[i].from - 1] : '\n';
		for (t = w.v[i].text; *t; t++) {
			if (*t == '\n' && w.s->crlf)
				putc('\r', f);
			putc(*t, f);
			last = *t;
		}
		pos = w.v[i].to;
		/* what follows a splice stays apart from it: "]#" after a value is a comment
		 * only if a space comes before it */
		if (pos < w.s->len && w.s->bytes[pos] == '#' && last != ' ' && last != '\t' && last != '\n')
			putc(' ', f);
	}
	if (f)
		fwrite(w.s->bytes + pos, 1, w.s->len - pos, f);
	rc = 0;
done:
	for (i = 0; i < w.n; i++)
		free(w.v[i].text);
	free(w.v);
	return rc;
}

/* --- what two versions of a file have in common -------------------------------------- */

/* The bytes of question qi's entry (its key's line to its value's last line), or none. */
static const char *entry_text(const struct dossier *d, int qi, size_t *len)
{
	const struct answer *a = &d->answers[qi];
	size_t from, to;

	*len = 0;
	if (!d->src || !a->key)
		return "";
	entry_lines(d->src, a->key, a->entry, &from, &to);
	*len = to - from;
	return d->src->bytes + from;
}

/* Question qi's entry reads the same in both files (both without it counts). */
int dossier_same_entry(const struct dossier *a, const struct dossier *b, int qi)
{
	size_t na, nb;
	const char *ta = entry_text(a, qi, &na), *tb = entry_text(b, qi, &nb);

	return na == nb && !memcmp(ta, tb, na);
}

static const char *device_text(const struct dossier *d, const char *field)
{
	const struct node *v = node_get(d->device_node, field);

	return v && v->kind == NODE_SCALAR && !node_is_null(v) ? v->text : "";
}

/* A device field as both files have it (not as changed in memory since). */
int dossier_same_device_field(const struct dossier *a, const struct dossier *b, const char *field)
{
	return !strcmp(device_text(a, field), device_text(b, field));
}

/* An unknown id that from dropped, dropped from to as well if to has it the same. */
void dossier_drop_same(struct dossier *to, const struct dossier *from, const struct node *key)
{
	const struct node *answers = node_get(ydoc_root(to->doc), "answers"), *val;
	const struct node *fanswers = node_get(ydoc_root(from->doc), "answers");
	size_t i, j;

	if (!answers || answers->kind != NODE_MAP || !fanswers || fanswers->kind != NODE_MAP)
		return;
	for (j = 0; j < fanswers->n && fanswers->items[2 * j] != key; j++)
		;
	if (j == fanswers->n)
		return;
	val = fanswers->items[2 * j + 1];
	for (i = 0; i < answers->n; i++) {
		const struct node *k = answers->items[2 * i], *v = answers->items[2 * i + 1];
		size_t fa, ta, fb, tb;
		if (strcmp(k->text, key->text) != 0 || !to->src || !from->src)
			continue;
		entry_lines(to->src, k, v, &fa, &ta);
		entry_lines(from->src, key, val, &fb, &tb);
		if (ta - fa == tb - fb && !memcmp(to->src->bytes + fa, from->src->bytes + fb, ta - fa))
			dossier_drop(to, k);
	}
}
