/* html.c: dmn-report's Markdown as one self-contained HTML page to print: the Markdown of
 * each document goes through cmark-gfm (the GitHub tables extension), never a parser of
 * ours, inside a page whose CSS sets A4 pages (landscape for comparisons), repeated table
 * headers, whole words and page numbers. Vendor text is escaped in the Markdown already
 * (text.c) and cmark-gfm drops raw HTML (no CMARK_OPT_UNSAFE). */
#include <stdlib.h>
#include <string.h>

#include <cmark-gfm.h>
#include <cmark-gfm-core-extensions.h>

#include "guide.h"

static const char css[] =
	"@page { size: A4; margin: 18mm 16mm 20mm 16mm;\n"
	"  @bottom-center { content: counter(page) \" / \" counter(pages); font-size: 8pt; color: #555; } }\n"
	"@page landscape { size: A4 landscape; margin: 14mm 12mm 16mm 12mm; }\n"
	"section.comparison { page: landscape; }\n"
	"section + section { break-before: page; }\n"
	"html { font-family: \"DejaVu Sans\", \"Liberation Sans\", Arial, sans-serif; font-size: 10pt;\n"
	"  line-height: 1.35; color: #000; }\n"
	"body { margin: 0; }\n"
	"@media screen { body { max-width: 60em; margin: 1em auto; padding: 0 1em; }\n"
	"  section.comparison { max-width: none; } }\n"
	"h1 { font-size: 16pt; margin: 0 0 8pt; } h2 { font-size: 13pt; margin: 14pt 0 6pt; break-after: avoid; }\n"
	"h3 { font-size: 11pt; margin: 10pt 0 4pt; break-after: avoid; } h4, h5, h6 { font-size: 10pt; }\n"
	/* whole words: no hyphenation, a word is cut only when it is wider than its column */
	"* { hyphens: manual; word-break: normal; overflow-wrap: break-word; }\n"
	"table { border-collapse: collapse; width: 100%; margin: 4pt 0 8pt; }\n"
	"thead { display: table-header-group; } tr { break-inside: avoid; }\n"
	"th, td { border: 0.5pt solid #777; padding: 2pt 4pt; vertical-align: top; text-align: left; }\n"
	"th { background: #e8e8e8; }\n"
	"section.comparison table { table-layout: fixed; font-size: 8.5pt; }\n"
	"section.comparison td:first-child, section.comparison th:first-child { width: 20%; }\n"
	"section.comparison th, section.comparison td { min-width: 12ch; }\n"
	"blockquote { margin: 6pt 0 6pt 12pt; padding-left: 8pt; border-left: 2pt solid #999; color: #222; }\n"
	"ol, ul { padding-left: 18pt; } li { margin: 1pt 0; }\n"
	/* the break between two letters (or to-dos) of one validation: a page each */
	"hr { border: 0; margin: 0; break-after: page; }\n";

struct html {
	FILE *f;
	enum lang lang;
	struct buf title;	/* escaped */
	int begun;		/* the head is written */
};

/* text in an element: the five characters HTML gives a meaning, as entities */
static void escape(struct buf *b, const char *s)
{
	for (; *s; s++) {
		switch (*s) {
		case '<': buf_adds(b, "&lt;"); break;
		case '>': buf_adds(b, "&gt;"); break;
		case '&': buf_adds(b, "&amp;"); break;
		case '"': buf_adds(b, "&quot;"); break;
		case '\'': buf_adds(b, "&#39;"); break;
		default: buf_add(b, s, 1);
		}
	}
}

/* The page's head: the language of the report, its title, the CSS; written with the first
 * document, so that a run whose every document has trouble writes no page at all. */
struct html *html_begin(FILE *f, enum lang lang, const char *title)
{
	struct html *h = xcalloc(1, sizeof *h);

	h->f = f;
	h->lang = lang;
	escape(&h->title, title);
	cmark_gfm_core_extensions_ensure_registered();
	return h;
}

static void html_head(struct html *h)
{
	if (h->begun++)
		return;
	fprintf(h->f, "<!DOCTYPE html>\n<html lang=\"%s\">\n<head>\n<meta charset=\"utf-8\">\n"
		      "<title>%s</title>\n<style>\n%s</style>\n</head>\n<body>\n",
		h->lang == LANG_FR ? "fr" : "en", buf_str(&h->title), css);
}

/* One document's Markdown as a section of the page; kind chooses its pages. 0, or -1 if
 * cmark-gfm could not render it (out of memory). */
int html_document(struct html *h, const char *markdown, const char *kind)
{
	cmark_parser *p = cmark_parser_new(CMARK_OPT_DEFAULT);
	cmark_syntax_extension *table = cmark_find_syntax_extension("table");
	cmark_node *doc;
	char *out;

	if (!p || !table) {
		if (p)
			cmark_parser_free(p);
		return -1;
	}
	cmark_parser_attach_syntax_extension(p, table);
	cmark_parser_feed(p, markdown, strlen(markdown));
	doc = cmark_parser_finish(p);
	out = doc ? cmark_render_html(doc, CMARK_OPT_DEFAULT, cmark_parser_get_syntax_extensions(p)) : NULL;
	if (out) {
		html_head(h);
		fprintf(h->f, "<section class=\"%s\">\n%s</section>\n", kind ? kind : "document", out);
		cmark_get_default_mem_allocator()->free(out);
	}
	if (doc)
		cmark_node_free(doc);
	cmark_parser_free(p);
	return out ? 0 : -1;
}

void html_end(struct html *h)
{
	if (!h)
		return;
	if (h->begun)
		fputs("</body>\n</html>\n", h->f);
	buf_free(&h->title);
	free(h);
}
