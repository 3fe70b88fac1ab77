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
	if (memchr(bytes, '\0', len)) {
		free(bytes);
		return NULL;	/* not UTF-8 (UTF-16 without a mark is not read): written whole */
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

const char *source_bytes(const struct source *s, size_t *len)
{
	*len = s->len;
	return s->bytes;
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

	while (b > start && (s->bytes[b - 1] == '\n' || s->bytes[b - 1] == '\r' || s->bytes[b - 1] == ' ' ||
			     s->bytes[b - 1] == '\t'))
		b--;
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

static int is_reserved(const char *s)
{
	static const char *const words[] = { "y", "n", "yes", "no", "true", "false", "on", "off", "null", "~", NULL };
	size_t i;

	for (i = 0; words[i]; i++)
		if (!strcasecmp(s, words[i]))
			return 1;
	return 0;
}

/* Text that every YAML reader reads back as this same string when written plain. */
static int plain_ok(const char *s, int flow)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t n = strlen(s);

	if (!n || strchr("-?:,[]{}#&*!|>'\"%@` \t", *p) || s[n - 1] == ' ' || s[n - 1] == ':' ||
	    is_reserved(s) || looks_like_yaml_number(s) || strstr(s, ": ") || strstr(s, " #"))
		return 0;
	if (*p == '.' || (isdigit(*p) && (strchr(s, ':') || strchr(s, '-'))))
		return 0;	/* .inf, sexagesimal numbers, timestamps */
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
	if ((number && parse_decimal(s)) || (style == NS_PLAIN && plain_ok(s, flow)) ||
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

static const char *const answer_fields[] = { "answer", "status", "source", "by", "date", "comment", NULL };

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

/* The same answer in a flow mapping, the fields the questionnaire does not know copied. */
static void put_flow(struct rewrite *w, struct buf *b, const struct question *qu, const struct answer *a,
		     const struct node *old)
{
	const char *sep = "";
	size_t f, i;

	buf_adds(b, "{");
	if (has_value(a)) {
		buf_adds(b, "answer:");
		put_value(w, b, qu, a->value, NULL, 0, 1);
		sep = ", ";
	}
	for (f = 1; answer_fields[f]; f++) {
		const char *s = field_now(a, f);
		if (!s)
			continue;
		buf_addf(b, "%s%s:", sep, answer_fields[f]);
		put_scalar(w, b, s, NS_AUTO, 0, 0, 1);
		sep = ", ";
	}
	for (i = 0; old && old->kind == NODE_MAP && i < old->n; i++) {
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

/* An answer that stays a block mapping: each field replaced, removed or added on its line;
 * a field the questionnaire does not know stays as it is. */
static void edit_block_answer(struct rewrite *w, const struct question *qu, const struct answer *a,
			      const struct node *map)
{
	const struct source *s = w->s;
	const struct node *prev = NULL, *key = key_of(map, "answer"), *old = node_get(map, "answer");
	int ind = map->items[0]->col - 1;
	struct buf b = { 0 };
	size_t f, from, to;

	if (!has_value(a) && key) {
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
		put_flow(w, &b, qu, a, old);
		splice(w, at(s, old->start), at(s, old->end), &b);
		return;
	}
	if (old->kind == NODE_MAP && old->n) {
		edit_block_answer(w, qu, a, old);
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

static int edit_answers(struct rewrite *w, const struct node *root)
{
	const struct dossier *d = w->d;
	const struct questionnaire *q = d->q;
	const struct node *answers = node_get(root, "answers");
	const struct node *anchor = NULL;	/* the entry a new one goes after */
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
		if (a->key && !(d->changed[i] && absent(a)))
			anchor = a->entry;	/* the file's last entry so far, in the questionnaire's order */
		if (!d->changed[i] || a->key || absent(a))
			continue;
		if (!block) {
			put_entry(w, &fresh, (int)i, ind);
			continue;
		}
		put_entry(w, &b, (int)i, ind);
		if (anchor)
			insert_after_line(w, line_end(w->s, end_of(w->s, anchor)), &b);
		else	/* before every entry: just after the "answers:" line */
			insert_after_line(w, line_end(w->s, at(w->s, key_of(root, "answers")->start)), &b);
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
	learn_style(&w, root);
	if (edit_device(&w, root) != 0 || edit_answers(&w, root) != 0)
		goto done;
	qsort(w.v, w.n, sizeof *w.v, edit_cmp);
	for (i = 0; i < w.n; i++) {
		if (w.v[i].from < pos)
			goto done;	/* overlapping splices: a shape not foreseen, written whole */
		pos = w.v[i].to;
	}
	pos = 0;
	for (i = 0; f && i < w.n; i++) {
		const char *t;
		fwrite(w.s->bytes + pos, 1, w.v[i].from - pos, f);
		for (t = w.v[i].text; *t; t++) {
			if (*t == '\n' && w.s->crlf)
				putc('\r', f);
			putc(*t, f);
		}
		pos = w.v[i].to;
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
