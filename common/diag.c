/* diag.c: diagnostics as FILE:LINE:COL: error: message, and the exit status they imply. */
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "base.h"

static const char *progname = "dmn";
static int worst = DMN_OK;
static int quiet;

void diag_init(const char *name)
{
	const char *slash = strrchr(name, '/');
	progname = slash ? slash + 1 : name;
	worst = DMN_OK;
}

const char *diag_progname(void)
{
	return progname;
}

void diag_quiet(int on)
{
	quiet = on;
}

static unsigned long troubles;

void diag_status(int status)
{
	if (status > worst)
		worst = status;
	if (status >= DMN_TROUBLE)
		troubles++;
}

unsigned long diag_troubles(void)
{
	return troubles;
}

int diag_exit_status(void)
{
	return worst;
}

/* Vendor text on a terminal: control characters are shown, never interpreted. */
void term_safe(struct buf *out, const char *s)
{
	const unsigned char *p = (const unsigned char *)s;

	while (*p) {
		size_t n = utf8_len(p);

		if (*p < 0x20 || *p == 0x7f)
			buf_addf(out, "\\x%02x", *p), n = 1;
		else if (n == 0)	/* not UTF-8: a raw 0x9b is CSI to an 8-bit terminal */
			buf_addf(out, "\\x%02x", *p), n = 1;
		else if (*p == 0xc2 && p[1] >= 0x80 && p[1] <= 0x9f) /* C1 controls */
			buf_addf(out, "\\u%04x", p[1]);
		else
			buf_add(out, (const char *)p, n);
		p += n;
	}
}

static void print_line(enum severity sev, const char *file, int line, int col, const char *msg)
{
	struct buf b = { 0 };

	if (file) {
		term_safe(&b, file);
		if (line > 0)
			buf_addf(&b, ":%d:%d", line, col > 0 ? col : 1);
		buf_adds(&b, ": ");
	} else
		buf_addf(&b, "%s: ", progname);
	/* TRANSLATORS: the label of a diagnostic, as gcc says it: FILE:LINE:COL: error: ... */
	buf_adds(&b, sev == SEV_ERROR ? _("error: ") : _("warning: "));
	term_safe(&b, msg);
	buf_adds(&b, "\n");
	fflush(stdout);
	fputs(buf_str(&b), stderr);
	buf_free(&b);
}

void diag_print_finding(enum severity sev, const char *file, int line, int col, const char *msg)
{
	if (!quiet)
		print_line(sev, file, line, col, msg);
}

void diag(enum severity sev, const char *file, int line, int col, const char *fmt, ...)
{
	char msg[1024];
	va_list ap;

	fmt = gettext(fmt);
	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	print_line(sev, file, line, col, msg);
	if (sev == SEV_ERROR)
		diag_status(DMN_TROUBLE);
}

void diag_error(const char *file, const struct dmn_error *err)
{
	print_line(SEV_ERROR, file, err->line, err->col, err->msg);
	diag_status(DMN_TROUBLE);
}

/* A check's findings, in their order, at their places (none with -q). */
void diag_findings(const char *file, const struct finding_list *l)
{
	size_t i;

	for (i = 0; i < l->n; i++)
		diag_print_finding(l->v[i].sev, file, l->v[i].line, l->v[i].col, l->v[i].msg);
}
