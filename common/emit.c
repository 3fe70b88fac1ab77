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

int yaml_plain_safe(const char *s)
{
	const char *p;

	if (!isalpha((unsigned char)*s))
		return 0;
	for (p = s; *p; p++)
		if (!isalnum((unsigned char)*p) && *p != '-' && *p != '_' && *p != '.' && *p != '/')
			return 0;
	return p - s > 5 || !yaml_reserved_word(s);	/* longer than every reserved word */
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

/* One buffer for quoting, reused: the emitter writes a great many scalars. */
static struct buf quoted;

void emit_init(struct emitter *e, FILE *f, int json)
{
#ifdef __GLIBC__
	/* one thread: stdio need not lock the stream for each of the many small writes */
	__fsetlocking(f, FSETLOCKING_BYCALLER);
#endif
	memset(e, 0, sizeof *e);
	e->f = f;
	e->json = json;
}

static void indent(struct emitter *e, int n)
{
	static const char spaces[] = "                                                                ";

	while (n > 0) {
		int k = n < (int)sizeof spaces - 1 ? n : (int)sizeof spaces - 1;
		fwrite(spaces, 1, (size_t)k, e->f);
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
			fputs(l->count ? ",\n" : "\n", e->f);
			indent(e, l->indent + 2);
			l->count++;
		}
		return;
	}
	if (l->type == 'm') {
		if (!container)
			putc(' ', e->f);
		return;
	}
	/* a sequence item: the first one under a key or a dash goes on a new line */
	if (l->count == 0 && e->top > 1)
		putc('\n', e->f);
	indent(e, l->indent);
	putc('-', e->f);
	if (!container)
		putc(' ', e->f);
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
		putc(type == 'm' ? '{' : '[', e->f);
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
			putc('\n', e->f);
			indent(e, l->indent);
		}
		putc(l->type == 'm' ? '}' : ']', e->f);
		if (e->top == 0)
			putc('\n', e->f);
		return;
	}
	if (l->count == 0)
		fputs(l->type == 'm' ? " {}\n" : " []\n", e->f);
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
	if (!e->json)
		putc('\n', e->f);
	else if (e->top == 0)
		putc('\n', e->f);
}

void emit_key(struct emitter *e, const char *key)
{
	struct emit_level *l = &e->lv[e->top - 1];

	if (e->json) {
		fputs(l->count ? ",\n" : "\n", e->f);
		indent(e, l->indent + 2);
		quoted.len = 0;
		yaml_quote(&quoted, key);
		fputs(quoted.s, e->f);
		fputs(": ", e->f);
	} else {
		if (l->count == 0 && l->inline_first) {
			putc(' ', e->f);
		} else {
			if (l->count == 0 && e->top > 1)
				putc('\n', e->f);
			indent(e, l->indent);
		}
		if (yaml_plain_safe(key)) {
			fputs(key, e->f);
		} else {
			quoted.len = 0;
			yaml_quote(&quoted, key);
			fputs(quoted.s, e->f);
		}
		putc(':', e->f);
	}
	l->count++;
}

static void raw_value(struct emitter *e, const char *s)
{
	before_value(e, 0);
	fputs(s, e->f);
	scalar_done(e);
}

void emit_str(struct emitter *e, const char *s)
{
	if (!s) {
		emit_null(e);
		return;
	}
	if (!e->json && yaml_plain_safe(s)) {
		raw_value(e, s);
		return;
	}
	quoted.len = 0;
	yaml_quote(&quoted, s);
	raw_value(e, quoted.s);
}

void emit_int(struct emitter *e, long long v)
{
	char s[24], *p = s + sizeof s - 1;
	unsigned long long u = v < 0 ? 0ULL - (unsigned long long)v : (unsigned long long)v;

	*p = '\0';
	do
		*--p = (char)('0' + u % 10);
	while (u /= 10);
	if (v < 0)
		*--p = '-';
	raw_value(e, p);
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

void emit_kv_int(struct emitter *e, const char *key, long long v)
{
	emit_key(e, key);
	emit_int(e, v);
}

void emit_doc_begin(struct emitter *e)
{
	e->top = 0;
	if (!e->json)
		fputs("---\n", e->f);
}

void emit_doc_end(struct emitter *e)
{
	(void)e;
}
