/* finding.c: the list of what a check found, for the program to print and to emit. */
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "base.h"

static int wordless;	/* no one will read the messages: they are not made */

void finding_messages(int on)
{
	wordless = !on;
}

void finding_add(struct finding_list *l, enum severity sev, const struct node *at, const char *id,
		 const char *value, const char *fmt, ...)
{
	struct finding *f;
	struct buf b = { 0 };
	va_list ap;

	if (l->n == l->cap) {
		l->cap = l->cap ? l->cap * 2 : 8;
		l->v = xrealloc(l->v, l->cap * sizeof *l->v);
	}
	f = &l->v[l->n];
	f->seq = l->n++;
	f->sev = sev;
	f->line = at ? at->line : 0;
	f->col = at ? at->col : 0;
	f->id = id ? xstrdup(id) : NULL;
	f->value = value ? xstrdup(value) : NULL;
	f->about = NULL;
	f->msg = NULL;
	if (wordless)
		return;
	fmt = dmn_gettext(fmt);
	va_start(ap, fmt);
	buf_vaddf(&b, fmt, ap);
	va_end(ap);
	f->msg = b.s ? b.s : xstrdup("");
}

size_t finding_count(const struct finding_list *l, enum severity sev)
{
	size_t i, n = 0;

	for (i = 0; i < l->n; i++)
		n += l->v[i].sev == sev;
	return n;
}

void finding_list_free(struct finding_list *l)
{
	size_t i;

	for (i = 0; i < l->n; i++) {
		free(l->v[i].id);
		free(l->v[i].value);
		free(l->v[i].msg);
	}
	free(l->v);
	memset(l, 0, sizeof *l);
}

static int by_place(const void *a, const void *b)
{
	const struct finding *x = a, *y = b;

	if (x->line != y->line)
		return x->line < y->line ? -1 : 1;
	if (x->col != y->col)
		return x->col < y->col ? -1 : 1;
	return x->seq < y->seq ? -1 : x->seq > y->seq;
}

/* In file order; findings at one place keep the order they were found in. */
/* What the value of the last finding is, for a report that words the problem again in its
 * reader's language (a string that lives as long as the program: a literal). */
void finding_about(struct finding_list *l, const char *about)
{
	if (l->n)
		l->v[l->n - 1].about = about;
}

void finding_list_sort(struct finding_list *l)
{
	if (l->n > 1)
		qsort(l->v, l->n, sizeof *l->v, by_place);
}
