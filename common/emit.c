/* emit.c: writes block YAML or JSON, quoting every string that a YAML 1.1 reader could
 * take for something else, so that PyYAML, yq, libyaml and jq all read the same values. */
#include <ctype.h>
#ifdef __GLIBC__
#include <stdio_ext.h>
#endif
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "emit.h"

/* Words YAML 1.1 readers turn into booleans or null. */
static const char *const reserved[] = {
	"y", "n", "yes", "no", "on", "off", "true", "false", "null", NULL
};

int yaml_reserved_word(const char *s)
{
	size_t i;

	for (i = 0; reserved[i]; i++)
		if (!strcasecmp(s, reserved[i]))
			return 1;
	return 0;
}

/* The bytes a plain scalar may hold here: ASCII letters and digits, - _ . / */
static const unsigned char plain_byte[256] = {
	['-'] = 1, ['_'] = 1, ['.'] = 1, ['/'] = 1,
	['0'] = 1, ['1'] = 1, ['2'] = 1, ['3'] = 1, ['4'] = 1, ['5'] = 1, ['6'] = 1, ['7'] = 1,
	['8'] = 1, ['9'] = 1,
#define L(c) [c] = 2, [c - 'a' + 'A'] = 2
	L('a'), L('b'), L('c'), L('d'), L('e'), L('f'), L('g'), L('h'), L('i'), L('j'), L('k'),
	L('l'), L('m'), L('n'), L('o'), L('p'), L('q'), L('r'), L('s'), L('t'), L('u'), L('v'),
	L('w'), L('x'), L('y'), L('z')
#undef L
};

int yaml_plain_safe(const char *s)
{
	const unsigned char *p = (const unsigned char *)s;

	if (plain_byte[*p] != 2)	/* a letter first */
		return 0;
	for (p++; *p; p++)
		if (!plain_byte[*p])
			return 0;
	if (p - (const unsigned char *)s > 5)	/* longer than every reserved word */
		return 1;
	switch (*s | 0x20) {	/* the first letters of y n yes no on off true false null */
	case 'y': case 'n': case 'o': case 't': case 'f':
		return !yaml_reserved_word(s);
	}
	return 1;
}

void yaml_quote(struct buf *out, const char *s)
{
	const unsigned char *p = (const unsigned char *)s;

	buf_add(out, "\"", 1);
	for (; *p; p++) {
		/* a run of bytes that need nothing: copied at once */
		const unsigned char *run = p;
		while (*p >= 0x20 && *p != '"' && *p != '\\' && *p != 0x7f && *p != 0xc2 && *p != 0xe2 &&
		       *p != 0xef)
			p++;
		if (p > run)
			buf_add(out, (const char *)run, (size_t)(p - run));
		if (!*p)
			break;
		switch (*p) {
		case '"':
			buf_adds(out, "\\\"");
			break;
		case '\\':
			buf_adds(out, "\\\\");
			break;
		case '\n':
			buf_adds(out, "\\n");
			break;
		case '\t':
			buf_adds(out, "\\t");
			break;
		case '\r':
			buf_adds(out, "\\r");
			break;
		default:
			if (*p < 0x20 || *p == 0x7f) {
				buf_addf(out, "\\u%04x", *p);
			} else if (*p == 0xc2 && (p[1] == 0x85 || (p[1] >= 0x80 && p[1] <= 0x9f))) {
				/* C1 controls, NEL: escaped so no reader sees a line break */
				buf_addf(out, "\\u%04x", p[1]);
				p++;
			} else if (*p == 0xe2 && p[1] == 0x80 && (p[2] == 0xa8 || p[2] == 0xa9)) {
				buf_addf(out, "\\u%04x", 0x2000 + p[2] - 0x80);
				p += 2;
			} else if (*p == 0xef && ((p[1] == 0xbb && p[2] == 0xbf) ||
						   (p[1] == 0xbf && (p[2] == 0xbe || p[2] == 0xbf)))) {
				/* BOM, U+FFFE, U+FFFF: not printable in YAML */
				buf_addf(out, "\\u%s", p[1] == 0xbb ? "feff" : p[2] == 0xbe ? "fffe" : "ffff");
				p += 2;
			} else {
				buf_add(out, (const char *)p, 1);
			}
		}
	}
	buf_add(out, "\"", 1);
}

/* The emitter writes into its own buffer (a great many small pieces: one memcpy each, no
 * stdio call) and hands it to the stream in large writes: when it holds 32 KB, when a
 * document's root is closed, at emit_flush, and, while the input is a stream (emit_eager),
 * when one of the root's top-level items is closed (a dossier's entry in a validation), so
 * that the next program of a pipeline gets each item whole, at once. */
#define EMIT_FLUSH_AT (32u << 10)

static int eager = 1;

void emit_eager(int on)
{
	eager = on;
}

static void put(struct emitter *e, const char *s, size_t n)
{
	buf_add(&e->out, s, n);
}

static void puts_(struct emitter *e, const char *s)
{
	buf_add(&e->out, s, strlen(s));
}

static void putc_(struct emitter *e, char c)
{
	buf_add(&e->out, &c, 1);
}

/* The emitter last set up, whose buffer diag_flush hands over before a diagnostic where
 * both outputs are one file (2>&1): the two then keep the order they were written in. */
static struct emitter *active;

void emit_flush_active(void)
{
	if (active)
		emit_flush(active);
}

void emit_flush(struct emitter *e)
{
	if (e->out.len && !e->capturing)
		output_write(e->f, e->out.s, e->out.len);
	if (!e->capturing)
		e->out.len = 0;
}

void emit_init(struct emitter *e, FILE *f, int json)
{
#ifdef __GLIBC__
	/* one thread: stdio need not lock the stream */
	__fsetlocking(f, FSETLOCKING_BYCALLER);
#endif
	memset(e, 0, sizeof *e);
	e->f = f;
	e->json = json;
	active = e;
}

void emit_free(struct emitter *e)
{
	emit_flush(e);
	buf_free(&e->out);
	if (active == e)
		active = NULL;
}

static void indent(struct emitter *e, int n)
{
	static const char spaces[] = "                                                                ";

	while (n > 0) {
		int k = n < (int)sizeof spaces - 1 ? n : (int)sizeof spaces - 1;
		put(e, spaces, (size_t)k);
		n -= k;
	}
}

/* Called before any value: places the cursor where the value goes. For YAML,
 * containers print nothing until their first child or their end. */
static void before_value(struct emitter *e, int container)
{
	struct emit_level *l;

	if (e->top == 0)
		return;
	l = &e->lv[e->top - 1];
	if (e->json) {
		if (l->type == 's') {
			puts_(e, l->count ? ",\n" : "\n");
			indent(e, l->indent + 2);
			l->count++;
		}
		return;
	}
	if (l->type == 'm') {
		if (!container)
			putc_(e, ' ');
		return;
	}
	/* a sequence item: the first one under a key or a dash goes on a new line */
	if (l->count == 0 && e->top > 1)
		putc_(e, '\n');
	indent(e, l->indent);
	putc_(e, '-');
	if (!container)
		putc_(e, ' ');
	l->count++;
}

static void open_level(struct emitter *e, char type)
{
	struct emit_level *parent = e->top ? &e->lv[e->top - 1] : NULL;
	struct emit_level *l;

	before_value(e, 1);
	if (e->top == (int)(sizeof e->lv / sizeof *e->lv))
		abort();	/* a programming error: the programs nest a few levels */
	l = &e->lv[e->top++];
	l->type = type;
	l->count = 0;
	l->inline_first = 0;
	if (e->json) {
		l->indent = parent ? parent->indent + 2 : 0;
		putc_(e, type == 'm' ? '{' : '[');
		return;
	}
	if (!parent) {
		l->indent = 0;
	} else if (parent->type == 'm') {
		/* key: then a newline and the children indented (a sequence indented too) */
		l->indent = parent->indent + 2;
	} else {
		/* - then the first key of a mapping on the same line */
		l->indent = parent->indent + 2;
		l->inline_first = type == 'm';
	}
}

static void close_level(struct emitter *e)
{
	struct emit_level *l = &e->lv[--e->top];

	if (e->json) {
		if (l->count) {
			putc_(e, '\n');
			indent(e, l->indent);
		}
		putc_(e, l->type == 'm' ? '}' : ']');
		if (e->top == 0)
			putc_(e, '\n');
	} else if (l->count == 0)
		puts_(e, l->type == 'm' ? " {}\n" : " []\n");
	if (e->top == 0 || (eager && e->top <= 2) || e->out.len >= EMIT_FLUSH_AT)
		emit_flush(e);
}

void emit_map_begin(struct emitter *e)
{
	open_level(e, 'm');
}

void emit_seq_begin(struct emitter *e)
{
	open_level(e, 's');
}

void emit_map_end(struct emitter *e)
{
	close_level(e);
}

void emit_seq_end(struct emitter *e)
{
	close_level(e);
}

static void scalar_done(struct emitter *e)
{
	if (!e->json || e->top == 0)
		putc_(e, '\n');
}

void emit_key(struct emitter *e, const char *key)
{
	struct emit_level *l = &e->lv[e->top - 1];

	if (e->json) {
		puts_(e, l->count ? ",\n" : "\n");
		indent(e, l->indent + 2);
		yaml_quote(&e->out, key);
		put(e, ": ", 2);
	} else {
		if (l->count == 0 && l->inline_first) {
			putc_(e, ' ');
		} else {
			if (l->count == 0 && e->top > 1)
				putc_(e, '\n');
			indent(e, l->indent);
		}
		if (yaml_plain_safe(key))
			puts_(e, key);
		else
			yaml_quote(&e->out, key);
		putc_(e, ':');
	}
	l->count++;
}

static void raw_value(struct emitter *e, const char *s)
{
	before_value(e, 0);
	puts_(e, s);
	scalar_done(e);
}

void emit_str(struct emitter *e, const char *s)
{
	if (!s) {
		emit_null(e);
		return;
	}
	before_value(e, 0);
	if (!e->json && yaml_plain_safe(s))
		puts_(e, s);
	else
		yaml_quote(&e->out, s);
	scalar_done(e);
}

/* A part of a mapping written once and then copied: emit_mark before its first key,
 * emit_capture after its last (keys: how many), emit_replay to write it again where the
 * same mapping, empty, is open at the same place. */
size_t emit_mark(struct emitter *e)
{
	e->capturing++;
	return e->out.len;
}

void emit_capture(struct emitter *e, size_t mark, struct emit_fragment *fr)
{
	const struct emit_level *l = &e->lv[e->top - 1];

	e->capturing--;
	fr->bytes.len = 0;
	buf_add(&fr->bytes, e->out.s + mark, e->out.len - mark);
	fr->keys = l->count;
	fr->indent = l->indent;
	fr->inline_first = l->inline_first;
	fr->json = e->json;
	fr->ready = 1;
}

int emit_replay(struct emitter *e, const struct emit_fragment *fr)
{
	struct emit_level *l = &e->lv[e->top - 1];

	if (!fr->ready || l->type != 'm' || l->count != 0 || l->indent != fr->indent ||
	    l->inline_first != fr->inline_first || e->json != fr->json)
		return 0;
	put(e, fr->bytes.s, fr->bytes.len);
	l->count = fr->keys;
	return 1;
}

void emit_int(struct emitter *e, long long v)
{
	before_value(e, 0);
	if (v < 0)
		putc_(e, '-');
	buf_add_uint(&e->out, v < 0 ? 0ULL - (unsigned long long)v : (unsigned long long)v);
	scalar_done(e);
}

void emit_number(struct emitter *e, const char *decimal)
{
	raw_value(e, decimal);
}

void emit_bool(struct emitter *e, int v)
{
	raw_value(e, v ? "true" : "false");
}

void emit_null(struct emitter *e)
{
	raw_value(e, "null");
}

void emit_kv_str(struct emitter *e, const char *key, const char *s)
{
	emit_key(e, key);
	emit_str(e, s);
}

void emit_kv_text(struct emitter *e, const char *key, struct text t)
{
	emit_key(e, key);
	emit_map_begin(e);
	emit_kv_str(e, "fr", t.fr);
	emit_kv_str(e, "en", t.en);
	emit_map_end(e);
}

void emit_kv_int(struct emitter *e, const char *key, long long v)
{
	emit_key(e, key);
	emit_int(e, v);
}

void emit_doc_begin(struct emitter *e)
{
	e->top = 0;
	if (!e->json)
		puts_(e, "---\n");
}

void emit_doc_end(struct emitter *e)
{
	emit_free(e);
}
