/* text.c: vendor and guide text made safe for Markdown (CommonMark with GitHub tables):
 * it reaches the reader as text, never as markup, and never breaks a table; and two texts
 * compared as their reader sees them, without the blanks around. */
#include <ctype.h>
#include <string.h>

#include "base.h"

/* Length of the UTF-8 character at s (1 for a stray byte). */
static size_t char_len(const unsigned char *s)
{
	size_t n = utf8_len(s);
	return n ? n : 1;
}

/* A character that is a line break or a control: what Markdown must never see raw. */
static int is_break(const unsigned char *s)
{
	return s[0] == '\n' || s[0] == '\r' || (s[0] == 0xc2 && s[1] == 0x85) ||
	       (s[0] == 0xe2 && s[1] == 0x80 && (s[2] == 0xa8 || s[2] == 0xa9));
}

static int is_control(const unsigned char *s)
{
	return (s[0] < 0x20 && s[0] != '\t') || s[0] == 0x7f ||
	       (s[0] == 0xc2 && s[1] >= 0x80 && s[1] <= 0x9f && s[1] != 0x85);
}

/* The characters that open inline markup anywhere (code, emphasis, strikethrough, links,
 * images, HTML, entities, table cells, escapes), and those that open a block at the start
 * of a line (headings, quotes, lists, thematic breaks, setext underlines). */
#define MD_INLINE "\\`*_~[]<>!&|#"	/* '#': a heading's closing sequence */
#define MD_LINE_START "#>-+="

/* Vendor or guide text as Markdown text: every character that could open markup is escaped
 * with a backslash, so no emphasis, link, image, HTML, heading, list, table cell or entity
 * can form; controls are dropped; white space runs become one space; line breaks too when
 * the text must stay on one line, else they are kept as single newlines. */
void md_text(struct buf *out, const char *text, int one_line)
{
	const unsigned char *s = (const unsigned char *)text;
	/* one line goes after markup of ours, never at the start of a line */
	int space = 0, at_start = !one_line, started = 0;
	static unsigned char plain[256];	/* bytes copied as they are, in runs */
	size_t c;

	if (!plain['a'])
		for (c = 0; c < 256; c++)
			plain[c] = (c > ' ' && c < 0x7f && !strchr(MD_INLINE, (int)c)) ||
				   (c >= 0x80 && c != 0xc2 && c != 0xe2);

	while (*s) {
		size_t n;

		if (!at_start && plain[*s]) {
			const unsigned char *run = s;
			while (plain[*s] || (*s == ' ' && plain[s[1]]))	/* words and single spaces */
				s++;
			if (space)
				buf_add(out, " ", 1);
			space = 0;
			started = 1;
			buf_add(out, (const char *)run, (size_t)(s - run));
			continue;
		}
		n = char_len(s);

		if (is_break(s) && !one_line) {
			/* trailing spaces dropped (no hard break), leading ones skipped (no code block) */
			buf_add(out, "\n", 1);
			s += s[0] == '\r' && s[1] == '\n' ? 2 : n;
			space = 0;
			at_start = 1;
			continue;
		}
		if (is_break(s) || s[0] == ' ' || s[0] == '\t') {
			space = one_line ? started : !at_start;	/* no leading space */
			s += n;
			continue;
		}
		if (is_control(s)) {
			s += n;
			continue;
		}
		if (space)
			buf_add(out, " ", 1);
		space = 0;
		if (strchr(MD_INLINE, s[0]) || (at_start && strchr(MD_LINE_START, s[0]))) {
			buf_add(out, "\\", 1);
		} else if (at_start && s[0] >= '0' && s[0] <= '9') {
			/* "1." or "1)" at the start of a line would open an ordered list */
			size_t d = strspn((const char *)s, "0123456789");
			if (s[d] == '.' || s[d] == ')') {
				buf_add(out, (const char *)s, d);
				buf_add(out, "\\", 1);
				s += d;
				n = 1;
			}
		}
		at_start = 0;
		started = 1;
		buf_add(out, (const char *)s, n);
		s += n;
	}
}

/* A block of text, each line after prefix ("> " for a quote, "" for a paragraph); blank
 * lines of the text separate paragraphs, other line breaks are kept as soft breaks. */
void md_block(struct buf *out, const char *text, const char *prefix)
{
	struct buf b = { 0 };
	const char *p, *line;
	int blank = 0, wrote = 0;

	/* one line, the most common answer: no copy (NEL, LS and PS are line breaks too) */
	if (!strpbrk(text, "\n\r") && !strstr(text, "\xc2\x85") && !strstr(text, "\xe2\x80\xa8") &&
	    !strstr(text, "\xe2\x80\xa9")) {
		size_t start = out->len;
		buf_adds(out, prefix);
		md_text(out, text, 0);
		if (out->len == start + strlen(prefix)) {	/* nothing but blanks: no line */
			out->len = start;
			if (out->s)
				out->s[start] = '\0';
		} else {
			buf_add(out, "\n", 1);
		}
		return;
	}
	md_text(&b, text, 0);
	for (line = buf_str(&b); *line; line = *p ? p + 1 : p) {
		p = strchr(line, '\n');
		if (!p)
			p = line + strlen(line);
		if (p == line) {
			blank = wrote;
			continue;
		}
		if (blank) {
			buf_adds(out, prefix);
			/* a quote keeps its paragraphs in one block: "> " alone, without the space */
			while (out->len && out->s[out->len - 1] == ' ')
				out->s[--out->len] = '\0';
			buf_adds(out, "\n");
		}
		blank = 0;
		buf_adds(out, prefix);
		buf_add(out, line, (size_t)(p - line));
		buf_adds(out, "\n");
		wrote = 1;
	}
	buf_free(&b);
}

/* At most max characters of text, cut after a whole word, with an ellipsis if cut.
 * Returns 1 if the text was shortened. */
int text_shorten(struct buf *out, const char *text, size_t max)
{
	const unsigned char *s = (const unsigned char *)text;
	size_t chars = 0, i = 0, cut = 0;

	while (s[i] && chars < max) {
		if (s[i] == ' ' || s[i] == '\n')
			cut = i;
		i += char_len(s + i);
		chars++;
	}
	if (!s[i]) {
		buf_adds(out, text);
		return 0;
	}
	if (cut == 0)
		cut = i;
	while (cut > 0 && (s[cut - 1] == ' ' || s[cut - 1] == ',' || s[cut - 1] == ';'))
		cut--;
	buf_add(out, text, cut);
	buf_adds(out, "…");
	return 1;
}

/* Length of the white space at s (ASCII, or the no-break spaces of French typography). */
static size_t space_at(const char *s)
{
	const unsigned char *p = (const unsigned char *)s;

	if (isspace(p[0]))
		return 1;
	if (p[0] == 0xc2 && p[1] == 0xa0)	/* U+00A0 */
		return 2;
	if (p[0] == 0xe2 && p[1] == 0x80 && p[2] == 0xaf)	/* U+202F */
		return 3;
	return 0;
}

static size_t space_before(const char *s, size_t len)
{
	const unsigned char *p = (const unsigned char *)s;

	if (len >= 1 && isspace(p[len - 1]))
		return 1;
	if (len >= 2 && p[len - 2] == 0xc2 && p[len - 1] == 0xa0)
		return 2;
	if (len >= 3 && p[len - 3] == 0xe2 && p[len - 2] == 0x80 && p[len - 1] == 0xaf)
		return 3;
	return 0;
}

/* The same text but for the white space at its start and end (NULL is only NULL's). */
int text_same(const char *a, const char *b)
{
	size_t la, lb, n;

	if (!a || !b)
		return a == b;
	while ((n = space_at(a)) > 0)
		a += n;
	while ((n = space_at(b)) > 0)
		b += n;
	la = strlen(a);
	lb = strlen(b);
	while ((n = space_before(a, la)) > 0)
		la -= n;
	while ((n = space_before(b, lb)) > 0)
		lb -= n;
	return la == lb && !memcmp(a, b, la);
}
