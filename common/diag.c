/* diag.c: diagnostics as FILE:LINE:COL: error: message, and the exit status they imply.
 *
 * Diagnostics about the inputs are buffered (diag_buffer, while program_inputs reads them):
 * a stream of dossiers can have hundreds of findings each, and one write per line would cost
 * more than checking them. They go out at diag_flush (after each document, before a prompt,
 * at exit) or when the buffer is full; the others (usage, options) at once. On a terminal, and where
 * standard output and standard error are one file or one terminal (2>&1), each line goes
 * out at once, standard output flushed first, so that the two keep their order. */
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "base.h"
#include "emit.h"

#define DIAG_BUFFER (16u << 10)

static const char *progname = "dmn";
static int worst = DMN_OK;
static int quiet;

static struct buf pending;	/* diagnostics not written yet */
static int at_once;		/* a terminal, or one file with standard output: line by line */
static int one_file;		/* standard output and standard error are one file */
static int buffering;		/* diag_buffer */

void diag_buffer(int on)
{
	buffering = on;
	if (!on)
		diag_flush();
}

void diag_flush(void)
{
	if (!pending.len)
		return;
	if (one_file) {
		emit_flush_active();	/* what was written before, first */
		fflush(stdout);
	}
	fwrite(pending.s, 1, pending.len, stderr);
	fflush(stderr);
	pending.len = 0;
}

static void diag_end(void)
{
	diag_flush();
	buf_free(&pending);
}

void diag_init(const char *name)
{
	static int registered;
	const char *slash = strrchr(name, '/');
	struct stat so, se;

	progname = slash ? slash + 1 : name;
	worst = DMN_OK;
	/* one file, or one terminal; not /dev/null, where order does not matter */
	one_file = fstat(1, &so) == 0 && fstat(2, &se) == 0 && so.st_dev == se.st_dev &&
		   so.st_ino == se.st_ino && (!S_ISCHR(se.st_mode) || isatty(2));
	at_once = one_file || isatty(2);
	if (!registered && atexit(diag_end) == 0)
		registered = 1;
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

/* A new start, for a harness that runs many inputs in one process */
void diag_reset(void)
{
	worst = 0;
	troubles = 0;
}

/* Vendor text on a terminal: control characters are shown, never interpreted. */
void term_safe(struct buf *out, const char *s)
{
	const unsigned char *p = (const unsigned char *)s;

	while (*p) {
		const unsigned char *run = p;
		size_t n;

		for (;;) {	/* printable ASCII and UTF-8 but C1, the most of it: at once */
			if (*p >= 0x20 && *p < 0x7f)
				p++;
			else if (*p >= 0x80 && !(*p == 0xc2 && p[1] >= 0x80 && p[1] <= 0x9f) && (n = utf8_len(p)) > 0)
				p += n;
			else
				break;
		}
		if (p > run)
			buf_add(out, (const char *)run, (size_t)(p - run));
		if (!*p)
			break;
		/* the run stopped at a C1 control, a control character, or what is not UTF-8 (a
		 * raw 0x9b is CSI to an 8-bit terminal) */
		n = utf8_len(p);
		if (*p == 0xc2 && n == 2)
			buf_addf(out, "\\u%04x", p[1]);
		else
			buf_addf(out, "\\x%02x", *p), n = 1;
		p += n;
	}
}

static void print_line(enum severity sev, const char *file, int line, int col, const char *msg)
{
	struct buf *b = &pending;

	if (file) {
		term_safe(b, file);
		if (line > 0) {	/* no printf for each of a great many lines */
			buf_add(b, ":", 1);
			buf_add_uint(b, (unsigned)line);
			buf_add(b, ":", 1);
			buf_add_uint(b, (unsigned)(col > 0 ? col : 1));
		}
		buf_adds(b, ": ");
	} else
		buf_addf(b, "%s: ", progname);
	/* TRANSLATORS: the label of a diagnostic, as gcc says it: FILE:LINE:COL: error: ... */
	buf_adds(b, sev == SEV_ERROR ? _("error: ") : _("warning: "));
	term_safe(b, msg);
	buf_adds(b, "\n");
	if (at_once || !buffering || pending.len >= DIAG_BUFFER)
		diag_flush();
}

void diag_print_finding(enum severity sev, const char *file, int line, int col, const char *msg)
{
	if (!quiet && msg)
		print_line(sev, file, line, col, msg);
}

void diag(enum severity sev, const char *file, int line, int col, const char *fmt, ...)
{
	char msg[1024];
	va_list ap;

	fmt = dmn_gettext(fmt);
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
