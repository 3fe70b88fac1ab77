/* yamlread.c: reads a YAML stream one document at a time into a small tree that keeps
 * the line and column of every node, and refuses what a dmn document never needs
 * (aliases, tags, complex keys, duplicate keys, deep nesting, huge documents). */
#define _DEFAULT_SOURCE		/* MAP_ANONYMOUS, MAP_POPULATE (Linux) */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <yaml.h>

#include "base.h"

/* Memory of one document: a list of blocks, freed at once. */
struct block {
	struct block *next;
	size_t used, size;
	max_align_t data[];
};

struct ydoc {
	struct node *root;
	struct block *blocks;
	size_t index;		/* character index of the document's start in the stream */
};

/* The first blocks of the documents come from a pool of POOL_BLOCKS blocks mapped at once,
 * its pages made present in one call (MAP_POPULATE) rather than one fault each: a program
 * run on one dossier spends as much time faulting in the pages of its tree as reading it.
 * A block of the pool goes back to it when its document is freed (a stream reuses the
 * same, warm memory); when the pool is empty, blocks are malloc'd. */
#define POOL_BLOCK 65536
#define POOL_BLOCKS 2
static struct block *pool_free;	/* blocks of the pool not in use */
static char *pool_base;		/* the pool's memory, or NULL (MAP_FAILED: none) */

static int in_pool(const struct block *b)
{
	return pool_base && pool_base != MAP_FAILED && (const char *)b >= pool_base &&
	       (const char *)b < pool_base + (size_t)POOL_BLOCKS * (sizeof(struct block) + POOL_BLOCK);
}

static void pool_unmap(void)
{
	munmap(pool_base, (size_t)POOL_BLOCKS * (sizeof(struct block) + POOL_BLOCK));
}

static struct block *pool_take(void)
{
	struct block *b;
	int i;

	if (!pool_base) {
		size_t each = sizeof(struct block) + POOL_BLOCK;
#ifdef MAP_POPULATE
		int flags = MAP_PRIVATE | MAP_ANONYMOUS | MAP_POPULATE;
#else
		int flags = MAP_PRIVATE | MAP_ANONYMOUS;
#endif
		pool_base = mmap(NULL, POOL_BLOCKS * each, PROT_READ | PROT_WRITE, flags, -1, 0);
		if (pool_base == MAP_FAILED)
			return NULL;
		atexit(pool_unmap);
		for (i = POOL_BLOCKS - 1; i >= 0; i--) {
			b = (struct block *)(pool_base + (size_t)i * each);
			b->next = pool_free;
			pool_free = b;
		}
	}
	if ((b = pool_free) != NULL)
		pool_free = b->next;
	return b;
}

static void *doc_alloc(struct ydoc *d, size_t n)
{
	struct block *b = d->blocks;
	void *p;

	n = (n + sizeof(max_align_t) - 1) / sizeof(max_align_t) * sizeof(max_align_t);
	if (!b || b->size - b->used < n) {
		size_t size = n > POOL_BLOCK ? n : POOL_BLOCK;
		if (size > POOL_BLOCK || (b = pool_take()) == NULL)
			b = xmalloc(sizeof *b + size);
		b->size = size;
		b->used = 0;
		b->next = d->blocks;
		d->blocks = b;
	}
	p = (char *)b->data + b->used;
	b->used += n;
	return p;
}

struct ydoc *ydoc_new(void)
{
	return xcalloc(1, sizeof(struct ydoc));
}

char *ydoc_strdup(struct ydoc *d, const char *s)
{
	size_t n = strlen(s) + 1;
	return memcpy(doc_alloc(d, n), s, n);
}

/* A node made by a program (an answer typed in dmn-ask), owned by the document. */
struct node *ydoc_node(struct ydoc *d, enum node_kind kind, const char *text, size_t nitems)
{
	struct node *n = doc_alloc(d, sizeof *n);

	memset(n, 0, sizeof *n);
	n->kind = kind;
	if (text) {
		n->text = ydoc_strdup(d, text);
		n->len = strlen(text);
	}
	if (nitems)
		n->items = doc_alloc(d, nitems * sizeof *n->items);
	return n;
}

const struct node *ydoc_root(const struct ydoc *d)
{
	return d->root;
}

size_t ydoc_index(const struct ydoc *d)
{
	return d->index;
}

void ydoc_free(struct ydoc *d)
{
	struct block *b, *next;

	if (!d)
		return;
	for (b = d->blocks; b; b = next) {
		next = b->next;
		if (in_pool(b)) {
			b->next = pool_free;
			pool_free = b;
		} else {
			free(b);
		}
	}
	free(d);
}

/* The limit counts characters and is checked exactly on events. Inside one huge scalar no
 * event comes, so the read handler also stops a document at 4 bytes a character (the most
 * UTF-8 or UTF-16 take) and a little more: memory stays bounded whatever the encoding. */
#define READ_CAP (4u * YAML_MAX_DOC_BYTES + (1u << 20))

struct yreader {
	yaml_parser_t parser;
	FILE *f;
	int eof;
	int too_big;		/* the read handler stopped a document over the size limit */
	int read_errno;		/* the read handler failed: why */
	size_t total;		/* bytes handed to libyaml */
	size_t doc_start;	/* value of total when the current document started */
	size_t doc_index;	/* character index where the current document started */
	int doc_line, doc_col;	/* and its place */
	/* the nodes of the collections being read */
	struct node **stack;
	size_t nstack, capstack;
	struct frame {
		struct node *node;
		size_t first;	/* index in stack of its first child */
	} frames[YAML_MAX_DEPTH + 1];
	int depth;
	size_t nodes;		/* in the current document */
	struct buf *keep;	/* every byte read is added here, if set */
	int stream;		/* a pipe: read a line at a time, never waiting for a whole buffer */
};

/* Up to size bytes, ending after the first newline: from a pipe, a document is parsed as
 * soon as its last line has come, not when libyaml's buffer is full. */
static size_t read_line(unsigned char *buffer, size_t size, FILE *f)
{
	size_t n = 0;
	int c;

	while (n < size && (c = getc_unlocked(f)) != EOF) {
		buffer[n++] = (unsigned char)c;
		if (c == '\n')
			break;
	}
	return n;
}

static int read_handler(void *data, unsigned char *buffer, size_t size, size_t *size_read)
{
	struct yreader *r = data;
	size_t n;

	*size_read = 0;
	if (r->total - r->doc_start > READ_CAP) {
		r->too_big = 1;
		return 0;
	}
	if (r->eof)
		return 1;
	n = r->stream ? read_line(buffer, size, r->f) : fread(buffer, 1, size, r->f);
	if (r->keep && n)
		buf_add(r->keep, (const char *)buffer, n);
	if (n < size && (!r->stream || n == 0 || buffer[n - 1] != '\n')) {
		if (ferror(r->f)) {
			r->read_errno = errno ? errno : EIO;
			return 0;
		}
		r->eof = 1;
	}
	r->total += n;
	*size_read = n;
	return 1;
}

/* Where libyaml's reader stopped: the scanner's mark plus the characters it decoded after
 * it. libyaml leaves problem_mark at 0 for encoding errors; this counts lines and columns
 * the way its scanner does (CR, LF, CRLF, NEL, LS, PS; columns in characters). */
static void reader_place(const yaml_parser_t *p, int *line, int *col)
{
	const unsigned char *s = p->buffer.pointer, *end = p->buffer.last;
	size_t l = p->mark.line, c = p->mark.column;

	while (s && s < end) {
		if (s[0] == '\r' && s + 1 < end && s[1] == '\n') {
			s += 2, l++, c = 0;
		} else if (s[0] == '\r' || s[0] == '\n') {
			s++, l++, c = 0;
		} else if (s[0] == 0xc2 && s + 1 < end && s[1] == 0x85) {
			s += 2, l++, c = 0;
		} else if (s[0] == 0xe2 && s + 2 < end && s[1] == 0x80 && (s[2] == 0xa8 || s[2] == 0xa9)) {
			s += 3, l++, c = 0;
		} else {
			s += (s[0] & 0x80) == 0 ? 1 : (s[0] & 0xe0) == 0xc0 ? 2 : (s[0] & 0xf0) == 0xe0 ? 3 : 4;
			c++;
		}
	}
	*line = (int)l + 1;
	*col = (int)c + 1;
}

static struct yreader *yreader_new(void)
{
	struct yreader *r = xcalloc(1, sizeof *r);

	if (!yaml_parser_initialize(&r->parser)) {
		free(r);
		return NULL;
	}
	return r;
}

struct yreader *yreader_open_file(FILE *f, int stream)
{
	struct yreader *r = yreader_new();

	if (!r)
		return NULL;
	r->f = f;
	r->stream = stream;
	yaml_parser_set_input(&r->parser, read_handler, r);
	return r;
}

struct yreader *yreader_open_mem(const char *s, size_t n)
{
	struct yreader *r = yreader_new();

	if (!r)
		return NULL;
	yaml_parser_set_input_string(&r->parser, (const unsigned char *)s, n);
	return r;
}

void yreader_keep_bytes(struct yreader *r, struct buf *b)
{
	r->keep = b;
}

void yreader_close(struct yreader *r)
{
	if (!r)
		return;
	yaml_parser_delete(&r->parser);
	free(r->stack);
	free(r);
}

/* libyaml's problems and contexts, for the catalogue: its messages are English */
static const char *const libyaml_words[] = {
	N_("alias value must contain alphanumerical characters only"),
	N_("alias value must not be empty"),
	N_("anchor value must contain alphanumerical characters only"),
	N_("anchor value must not be empty"),
	N_("block sequence entries are not allowed in this context"),
	N_("control characters are not allowed"),
	N_("could not find expected directive name"),
	N_("did not find expected '-' indicator"),
	N_("did not find expected alphabetic or numeric character"),
	N_("did not find expected comment or line break"),
	N_("did not find expected hexdecimal number"),
	N_("did not find expected key"),
	N_("did not find expected node content"),
	N_("did not find expected version number"),
	N_("did not find expected whitespace"),
	N_("did not find expected whitespace or line break"),
	N_("found a tab character that violates indentation"),
	N_("found a tab character where an indentation space is expected"),
	N_("found character that cannot start any token"),
	N_("found extremely long version number"),
	N_("found undefined alias"),
	N_("found undefined tag handle"),
	N_("found unexpected document indicator"),
	N_("found unexpected end of stream"),
	N_("found unexpected non-alphabetical character"),
	N_("found unknown directive name"),
	N_("found unknown escape character"),
	N_("input is too long"),
	N_("mapping keys are not allowed in this context"),
	N_("mapping values are not allowed in this context"),
	N_("tag handle must contain alphanumerical characters only"),
	N_("tag handle must not be empty"),
	N_("tag prefix must not be empty"),
	N_("tag value must not be empty"),
	N_("unexpected low surrogate area"),
	N_("while parsing a block collection"),
	N_("while parsing a block mapping"),
	N_("while parsing a block node"),
	N_("while parsing a flow mapping"),
	N_("while parsing a flow node"),
	N_("while parsing a flow sequence"),
	N_("while parsing a node"),
	N_("while parsing a quoted scalar"),
	N_("while parsing a tag"),
	N_("while parsing a tag directive"),
	N_("while scanning a block scalar"),
	N_("while scanning a directive"),
	N_("while scanning a plain scalar"),
	N_("while scanning a quoted scalar"),
	N_("while scanning a simple key"),
	N_("while scanning a tag"),
	N_("while scanning a tag directive"),
	N_("while scanning an alias"),
	N_("while scanning an anchor"),
	N_("while scanning for the next token"),
	N_("could not find expected ':'"),
	N_("did not find URI escaped octet"),
	N_("did not find expected '!'"),
	N_("did not find expected ',' or ']'"),
	N_("did not find expected ',' or '}'"),
	N_("did not find expected <document start>"),
	N_("did not find expected digit or '.' character"),
	N_("did not find expected tag URI"),
	N_("did not find the expected '>'"),
	N_("found an incorrect leading UTF-8 octet"),
	N_("found an incorrect trailing UTF-8 octet"),
	N_("found an indentation indicator equal to 0"),
	N_("found duplicate %TAG directive"),
	N_("found duplicate %YAML directive"),
	N_("found incompatible YAML document"),
	N_("found invalid Unicode character escape code"),
	N_("found unexpected ':'"),
	N_("incomplete UTF-16 character"),
	N_("incomplete UTF-16 surrogate pair"),
	N_("incomplete UTF-8 octet sequence"),
	N_("invalid Unicode character"),
	N_("invalid leading UTF-8 octet"),
	N_("invalid length of a UTF-8 sequence"),
	N_("invalid trailing UTF-8 octet"),
	N_("tag handle must end with '!'"),
	N_("tag handle must start with '!'"),
	N_("while parsing a %TAG directive"),
	N_("while scanning a %TAG directive"),
	N_("while scanning a %YAML directive"),
	N_("unknown error"),
};

/* A libyaml message in the reader's language (one it does not know stays as it is) */
static const char *yaml_words(const char *s)
{
	size_t i;

	for (i = 0; s && i < sizeof libyaml_words / sizeof *libyaml_words; i++)
		if (!strcmp(s, libyaml_words[i]))
			return _(s);
	return s;
}

/* What to write instead, when the likely cause is a value that YAML reads as syntax */
static const char *yaml_hint(const char *problem, const char *context)
{
	if (context && !strcmp(context, "while scanning a block scalar"))
		return _("a value that starts with | or > must be quoted: write it between double quotes");
	if (!strcmp(problem, "mapping values are not allowed in this context"))
		return _("a value that contains ': ' must be quoted: write it between double quotes, \"like: this\"");
	if (!strcmp(problem, "found character that cannot start any token"))
		return _("a value that starts with @, `, %, | or a tab must be quoted: write it between double quotes");
	if (!strcmp(problem, "found a tab character that violates indentation") ||
	    !strcmp(problem, "found a tab character where an indentation space is expected"))
		return _("indent with spaces, not tabs; a tab inside a value must be quoted");
	if (!strcmp(problem, "did not find expected alphabetic or numeric character"))
		return _("a value that starts with *, & or ! must be quoted: write it between double quotes");
	return NULL;
}

static void parser_error(struct yreader *r, struct dmn_error *err)
{
	yaml_parser_t *p = &r->parser;
	int line = (int)p->problem_mark.line + 1, col = (int)p->problem_mark.column + 1;
	const char *problem = p->problem ? p->problem : "unknown error";
	const char *hint = yaml_hint(problem, p->context);

	if (r->too_big) {
		reader_place(p, &line, &col);
		dmn_error_set(err, line, col, "document larger than the limit of %u MiB",
			      YAML_MAX_DOC_BYTES >> 20);
		return;
	}
	switch (p->error) {
	case YAML_MEMORY_ERROR:
		dmn_error_set(err, 0, 0, "out of memory while reading YAML");
		break;
	case YAML_READER_ERROR:
		reader_place(p, &line, &col);
		if (r->read_errno)
			dmn_error_set(err, 0, 0, "read error: %s", errno_text(r->read_errno));
		else if (!strcmp(problem, "input error"))
			dmn_error_set(err, line, col, "read error");
		else if (p->problem_value != -1 && strstr(problem, "octet"))
			dmn_error_set(err, line, col, "invalid input: %s (byte 0x%02x at offset %zu)",
				      yaml_words(problem), (unsigned)p->problem_value & 0xff, p->problem_offset);
		else if (p->problem_value != -1)
			dmn_error_set(err, line, col, "invalid input: %s (U+%04X at offset %zu)",
				      yaml_words(problem), (unsigned)p->problem_value, p->problem_offset);
		else
			dmn_error_set(err, line, col, "invalid input: %s (at offset %zu)", yaml_words(problem),
				      p->problem_offset);
		break;
	default:
		if (p->context && hint)
			dmn_error_set(err, line, col, "invalid YAML: %s %s (started at line %d); %s", yaml_words(problem),
				      yaml_words(p->context), (int)p->context_mark.line + 1, hint);
		else if (p->context)
			dmn_error_set(err, line, col, "invalid YAML: %s %s (started at line %d)", yaml_words(problem),
				      yaml_words(p->context), (int)p->context_mark.line + 1);
		else if (hint)
			dmn_error_set(err, line, col, "invalid YAML: %s; %s", yaml_words(problem), hint);
		else
			dmn_error_set(err, line, col, "invalid YAML: %s", yaml_words(problem));
		break;
	}
}

static void push(struct yreader *r, struct node *n)
{
	if (r->nstack == r->capstack) {
		r->capstack = r->capstack ? r->capstack * 2 : 256;
		r->stack = xrealloc(r->stack, r->capstack * sizeof *r->stack);
	}
	r->stack[r->nstack++] = n;
}

/* The duplicate that comes later in the file, or NULL: the keys in file order, each one
 * looked for among those before it (a hash table of their texts). */
static const struct node *find_duplicate(struct node *const *items, size_t pairs)
{
	struct node *small[256], **table = small;
	size_t size = 256, i, j;
	const struct node *dup = NULL;

	if (pairs <= 8) {
		for (j = 1; j < pairs; j++)
			for (i = 0; i < j; i++)
				if (items[2 * i]->len == items[2 * j]->len &&
				    !memcmp(items[2 * i]->text, items[2 * j]->text, items[2 * j]->len))
					return items[2 * j];
		return NULL;
	}
	while (size < 2 * pairs)
		size *= 2;
	if (size > 256)
		table = xmalloc(size * sizeof *table);
	memset(table, 0, size * sizeof *table);
	for (j = 0; j < pairs && !dup; j++) {
		const struct node *k = items[2 * j];
		size_t h = 2166136261u, n;
		for (n = 0; n < k->len; n++)	/* FNV-1a */
			h = (h ^ (unsigned char)k->text[n]) * 16777619u;
		for (i = h & (size - 1); table[i]; i = (i + 1) & (size - 1))
			if (table[i]->len == k->len && !memcmp(table[i]->text, k->text, k->len)) {
				dup = k;
				break;
			}
		if (!dup)
			table[i] = items[2 * j];
	}
	if (table != small)
		free(table);
	return dup;
}

static const char *event_tag(const yaml_event_t *ev)
{
	switch (ev->type) {
	case YAML_SCALAR_EVENT:
		return (const char *)ev->data.scalar.tag;
	case YAML_SEQUENCE_START_EVENT:
		return (const char *)ev->data.sequence_start.tag;
	case YAML_MAPPING_START_EVENT:
		return (const char *)ev->data.mapping_start.tag;
	default:
		return NULL;
	}
}

static const char *event_anchor(const yaml_event_t *ev)
{
	switch (ev->type) {
	case YAML_SCALAR_EVENT:
		return (const char *)ev->data.scalar.anchor;
	case YAML_SEQUENCE_START_EVENT:
		return (const char *)ev->data.sequence_start.anchor;
	case YAML_MAPPING_START_EVENT:
		return (const char *)ev->data.mapping_start.anchor;
	default:
		return NULL;
	}
}

/* Attach a finished node to the collection being read (or make it the root). */
static int attach(struct yreader *r, struct ydoc *d, struct node *n, struct dmn_error *err)
{
	struct frame *f;

	if (r->depth == 0) {
		d->root = n;
		return 0;
	}
	f = &r->frames[r->depth - 1];
	if (f->node->kind == NODE_MAP && (r->nstack - f->first) % 2 == 0 && n->kind != NODE_SCALAR) {
		dmn_error_set(err, n->line, n->col, "%s cannot be a mapping key", node_kind_a(n));
		return -1;
	}
	push(r, n);
	return 0;
}

static void clear(struct yreader *r)
{
	r->nstack = 0;
	r->depth = 0;
}

#define EV_LINE(ev) ((int)(ev)->start_mark.line + 1)
#define EV_COL(ev) ((int)(ev)->start_mark.column + 1)

/* What a dmn document never holds, refused before it is read: -1 with err, else 0. */
static int refuse_event(struct yreader *r, const yaml_event_t *ev, struct dmn_error *err)
{
	const char *s;

	if (ev->end_mark.index - r->doc_index > YAML_MAX_DOC_BYTES)
		dmn_error_set(err, EV_LINE(ev), EV_COL(ev), "document larger than the limit of %u MiB", YAML_MAX_DOC_BYTES >> 20);
	else if (ev->type == YAML_ALIAS_EVENT)
		dmn_error_set(err, EV_LINE(ev), EV_COL(ev), "YAML aliases are not allowed ('*%s'); a value that starts with * must be quoted: write it between double quotes", (const char *)ev->data.alias.anchor);
	else if ((s = event_tag(ev)) != NULL)
		dmn_error_set(err, EV_LINE(ev), EV_COL(ev), "YAML tags are not allowed ('%s'); a value that starts with ! must be quoted: write it between double quotes", s);
	else if ((s = event_anchor(ev)) != NULL)
		dmn_error_set(err, EV_LINE(ev), EV_COL(ev), "YAML anchors are not allowed ('&%s'); a value that starts with & must be quoted: write it between double quotes", s);
	else if ((ev->type == YAML_SCALAR_EVENT || ev->type == YAML_SEQUENCE_START_EVENT ||
		  ev->type == YAML_MAPPING_START_EVENT) && ++r->nodes > YAML_MAX_NODES)
		dmn_error_set(err, EV_LINE(ev), EV_COL(ev), "more than %d values in one document", YAML_MAX_NODES);
	else
		return 0;
	return -1;
}

static int add_scalar(struct yreader *r, struct ydoc *d, const yaml_event_t *ev, struct dmn_error *err)
{
	struct node *n = doc_alloc(d, sizeof *n + ev->data.scalar.length + 1);

	memset(n, 0, sizeof *n);
	n->kind = NODE_SCALAR;
	n->line = (int)ev->start_mark.line + 1;
	n->col = (int)ev->start_mark.column + 1;
	n->plain = ev->data.scalar.style == YAML_PLAIN_SCALAR_STYLE;
	n->style = ev->data.scalar.style == YAML_SINGLE_QUOTED_SCALAR_STYLE ? NS_SINGLE :
		   ev->data.scalar.style == YAML_DOUBLE_QUOTED_SCALAR_STYLE ? NS_DOUBLE :
		   ev->data.scalar.style == YAML_LITERAL_SCALAR_STYLE ? NS_LITERAL :
		   ev->data.scalar.style == YAML_FOLDED_SCALAR_STYLE ? NS_FOLDED : NS_PLAIN;
	n->start = (unsigned)(ev->start_mark.index - r->doc_index);
	n->end = (unsigned)(ev->end_mark.index - r->doc_index);
	n->len = ev->data.scalar.length;
	n->text = memcpy((char *)(n + 1), ev->data.scalar.value, n->len);
	((char *)(n + 1))[n->len] = '\0';
	/* only an escape (\0, \x00) of a double-quoted scalar can hold a NUL */
	if (ev->data.scalar.style == YAML_DOUBLE_QUOTED_SCALAR_STYLE && memchr(n->text, '\0', n->len)) {
		dmn_error_set(err, n->line, n->col, "NUL character in a string");
		return -1;
	}
	return attach(r, d, n, err);
}

static int open_collection(struct yreader *r, struct ydoc *d, const yaml_event_t *ev, struct dmn_error *err)
{
	struct node *n = doc_alloc(d, sizeof *n);

	memset(n, 0, sizeof *n);
	n->kind = ev->type == YAML_MAPPING_START_EVENT ? NODE_MAP : NODE_SEQ;
	n->line = (int)ev->start_mark.line + 1;
	n->col = (int)ev->start_mark.column + 1;
	n->start = (unsigned)(ev->start_mark.index - r->doc_index);
	n->style = (n->kind == NODE_MAP ? ev->data.mapping_start.style == YAML_FLOW_MAPPING_STYLE
				       : ev->data.sequence_start.style == YAML_FLOW_SEQUENCE_STYLE) ? NS_FLOW : NS_BLOCK;
	if (r->depth >= YAML_MAX_DEPTH) {
		dmn_error_set(err, n->line, n->col, "nesting deeper than the limit of %d levels", YAML_MAX_DEPTH);
		return -1;
	}
	if (attach(r, d, n, err))
		return -1;
	r->frames[r->depth].node = n;
	r->frames[r->depth].first = r->nstack;
	r->depth++;
	return 0;
}

static int close_collection(struct yreader *r, struct ydoc *d, const yaml_event_t *ev, struct dmn_error *err)
{
	struct frame *f = &r->frames[--r->depth];
	size_t count = r->nstack - f->first;
	struct node *n = f->node;
	const struct node *dup;

	/* a block collection ends where the next token starts, past any comment: its last
	 * item's end is kept instead */
	n->end = (unsigned)(ev->end_mark.index - r->doc_index);
	if (n->style == NS_BLOCK && count)
		n->end = r->stack[r->nstack - 1]->end;

	n->items = doc_alloc(d, (count ? count : 1) * sizeof *n->items);
	if (count)	/* an empty {} or []: nothing to copy, and no stack yet */
		memcpy(n->items, r->stack + f->first, count * sizeof *n->items);
	r->nstack = f->first;
	n->n = n->kind == NODE_MAP ? count / 2 : count;
	if (n->kind != NODE_MAP || (dup = find_duplicate(n->items, n->n)) == NULL)
		return 0;
	if (r->depth == 0 && !strcmp(dup->text, "kind"))
		dmn_error_set(err, dup->line, dup->col,
			      "duplicate key 'kind' (two documents joined without '---'? start each document with '---')");
	else
		dmn_error_set(err, dup->line, dup->col, "duplicate key '%s'", dup->text);
	return -1;
}

/* A document read whole: an empty one (a lone ---) is a null placed where it starts. */
static void finish_document(struct yreader *r, struct ydoc *d)
{
	if (!d->root) {
		struct node *n = doc_alloc(d, sizeof *n + 1);
		memset(n, 0, sizeof *n);
		n->kind = NODE_SCALAR;
		n->plain = 1;
		n->text = "";
		d->root = n;
	}
	if (node_is_null(d->root) && d->root->len == 0) {
		d->root->line = r->doc_line;
		d->root->col = r->doc_col;
	}
}

int yreader_next(struct yreader *r, struct ydoc **out, struct dmn_error *err)
{
	struct ydoc *d = NULL;
	yaml_event_t ev;
	int bad = 0;

	*out = NULL;
	clear(r);
	for (;;) {
		if (!yaml_parser_parse(&r->parser, &ev)) {
			parser_error(r, err);
			goto fail;
		}
		if (ev.type == YAML_STREAM_END_EVENT) {
			yaml_event_delete(&ev);
			ydoc_free(d);
			return 0;
		}
		if (ev.type == YAML_DOCUMENT_START_EVENT) {
			r->nodes = 0;
			r->doc_start = r->total;
			r->doc_index = ev.start_mark.index;
			r->doc_line = (int)ev.start_mark.line + 1;
			r->doc_col = (int)ev.start_mark.column + 1;
			d = xcalloc(1, sizeof *d);
			d->index = r->doc_index;
		} else if (ev.type != YAML_STREAM_START_EVENT && ev.type != YAML_NO_EVENT) {
			if (refuse_event(r, &ev, err))
				bad = 1;
			else if (ev.type == YAML_DOCUMENT_END_EVENT)
				break;
			else if (ev.type == YAML_SCALAR_EVENT)
				bad = add_scalar(r, d, &ev, err) != 0;
			else if (ev.type == YAML_SEQUENCE_START_EVENT || ev.type == YAML_MAPPING_START_EVENT)
				bad = open_collection(r, d, &ev, err) != 0;
			else if (ev.type == YAML_SEQUENCE_END_EVENT || ev.type == YAML_MAPPING_END_EVENT)
				bad = close_collection(r, d, &ev, err) != 0;
		}
		yaml_event_delete(&ev);
		if (bad)
			goto fail;
	}
	yaml_event_delete(&ev);
	finish_document(r, d);
	*out = d;
	return 1;
fail:
	ydoc_free(d);
	clear(r);
	return -1;
}

const struct node *node_get(const struct node *map, const char *key)
{
	size_t i, len = strlen(key);

	if (!map || map->kind != NODE_MAP)
		return NULL;
	for (i = 0; i < map->n; i++) {
		const struct node *k = map->items[2 * i];
		if (k->len == len && !memcmp(k->text, key, len))
			return map->items[2 * i + 1];
	}
	return NULL;
}

int node_is_null(const struct node *n)
{
	if (!n || n->kind != NODE_SCALAR || !n->plain)
		return 0;
	switch (n->len) {	/* most plain scalars are neither empty nor one of these */
	case 0:
		return 1;
	case 1:
		return n->text[0] == '~';
	case 4:
		return !strcmp(n->text, "null") || !strcmp(n->text, "Null") || !strcmp(n->text, "NULL");
	default:
		return 0;
	}
}

const char *node_kind_name(const struct node *n)
{
	if (node_is_null(n))
		return "null";
	switch (n->kind) {
	case NODE_SCALAR:
		return "scalar";
	case NODE_SEQ:
		return "sequence";
	default:
		return "mapping";
	}
}

/* The kind as a message names it, with its article: "a mapping" */
const char *node_kind_a(const struct node *n)
{
	if (node_is_null(n))
		return _("a null");
	switch (n->kind) {
	case NODE_SCALAR:
		return _("a scalar");
	case NODE_SEQ:
		return _("a sequence");
	default:
		return _("a mapping");
	}
}
