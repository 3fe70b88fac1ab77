/* program.c: what every program's main does the same way: get the questionnaire (built
 * in or --questionnaire FILE), read the documents of its inputs, report trouble through
 * the diagnostics module. */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "emit.h"
#include "guide.h"

/* At the start of main: a closed standard stream is reopened on /dev/null, so that no
 * file the program opens takes its number (diagnostics written into the output, a
 * temporary file read as stdin); reading a closed stdin is then an error. */
void program_start(const char *argv0)
{
	int fd;

	diag_init(argv0);
	i18n_start();
	for (fd = 0; fd <= 2; fd++) {
		if (fcntl(fd, F_GETFD) != -1)
			continue;
		if (open("/dev/null", fd == 0 ? O_RDONLY : O_WRONLY) != fd)
			_exit(DMN_TROUBLE);
		if (fd == 0)
			input_stdin_closed();
		else if (fd == 1)
			output_stdout_closed();
	}
	/* standard output in large writes when it is not a terminal: a stream's verdicts and
	 * reports are many and long, and each write costs a system call (a stream's reader
	 * still gets each document at once: see read_input) */
	static char buffer[64u << 10];	/* glibc ignores the size unless given the buffer */

	if (!isatty(1))
		setvbuf(stdout, buffer, _IOFBF, sizeof buffer);
}

static int same_file(const struct stat *a, const struct stat *b)
{
	return a->st_dev == b->st_dev && a->st_ino == b->st_ino;
}

/* -o FILE must not be a file that the run reads: it would be destroyed. The inputs
 * (standard input too, when read: inputs given and n 0, or "-") and the others (-Q, -r;
 * NULL when not given) are compared by device and inode, so links and names differ. */
int program_output_safe(const char *out, char **inputs, int n, const char *const *others, size_t nothers)
{
	struct stat so, si;
	int i, reads_stdin = inputs && n == 0;
	size_t k;

	if (!out || !strcmp(out, "-") || stat(out, &so) != 0 || !S_ISREG(so.st_mode))
		return 0;
	for (i = 0; i < n; i++) {
		if (!strcmp(inputs[i], "-"))
			reads_stdin = 1;
		else if (stat(inputs[i], &si) == 0 && same_file(&si, &so))
			goto refuse;
	}
	for (k = 0; k < nothers; k++)
		if (others[k] && strcmp(others[k], "-") != 0 && stat(others[k], &si) == 0 && same_file(&si, &so))
			goto refuse;
	if (reads_stdin && fstat(0, &si) == 0 && same_file(&si, &so))
		goto refuse;
	return 0;
refuse:
	diag(SEV_ERROR, NULL, 0, 0, "the output '%s' is also an input of this run: write it elsewhere", out);
	return -1;
}

/* The first document of a file that holds one (a questionnaire, a policy): 0 with the
 * input left open, or -1 after saying why ("empty policy file"). */
static int read_first(struct input *in, const char *path, const char *if_empty, struct ydoc **doc)
{
	struct dmn_error err = { 0 };
	int rc;

	if (input_open(in, path, &err) != 0) {
		diag_error(path, &err);
		return -1;
	}
	if ((rc = yreader_next(in->yr, doc, &err)) > 0)
		return 0;
	if (rc == 0)
		dmn_error_set(&err, 0, 0, "%s", if_empty);
	diag_error(in->name, &err);
	input_close(in);
	return -1;
}

/* Errors found in a file the run needs: trouble. -1 when there was one, emptied. */
int program_trouble_findings(const char *file, struct finding_list *errs)
{
	size_t i, n = errs->n;

	for (i = 0; i < errs->n; i++)
		diag(SEV_ERROR, file, errs->v[i].line, errs->v[i].col, "%s", errs->v[i].msg);
	finding_list_free(errs);
	return n ? -1 : 0;
}

/* The one document of a file that holds one and no more (the committee's ratings, its
 * weights), with the name diagnostics give the file: 0, or -1 after saying why. */
int program_one_document(const char *path, const char *if_empty, struct ydoc **doc, char **name)
{
	struct dmn_error err = { 0 };
	struct ydoc *more = NULL;
	struct input in;
	int rc;

	*name = NULL;
	if (read_first(&in, path, if_empty, doc) != 0)
		return -1;
	*name = xstrdup(in.name);
	if ((rc = yreader_next(in.yr, &more, &err)) > 0) {
		diag(SEV_ERROR, in.name, ydoc_root(more)->line, ydoc_root(more)->col, "%s",
		     _("this file holds one document"));
		ydoc_free(more);
	} else if (rc < 0) {
		diag_error(in.name, &err);
	}
	input_close(&in);
	if (rc == 0)
		return 0;
	ydoc_free(*doc);
	*doc = NULL;
	return -1;
}

int program_questionnaire(struct questionnaire **q, const char *path)
{
	struct dmn_error err = { 0 };
	struct finding_list errs = { 0 };
	struct ydoc *doc = NULL;
	struct input in;
	int rc;

	if (!path) {
		if (questionnaire_builtin(q, &err) == 0)
			return 0;
		diag_error(NULL, &err);
		return -1;
	}
	if (read_first(&in, path, _("empty questionnaire file"), &doc) != 0)
		return -1;
	rc = questionnaire_load(q, doc, &errs);
	program_trouble_findings(in.name, &errs);
	if (rc == 0 && (rc = yreader_next(in.yr, &doc, &err)) != 0) {
		/* a second document, or an error after the first: not a questionnaire file */
		if (rc > 0) {
			diag(SEV_ERROR, in.name, ydoc_root(doc)->line, ydoc_root(doc)->col,
			     "a questionnaire file holds one document");
			ydoc_free(doc);
		} else {
			diag_error(in.name, &err);
		}
		questionnaire_free(*q);
		*q = NULL;
		rc = -1;
	}
	input_close(&in);
	return rc;
}

/* --require WHAT: all, annex or a policy FILE; trouble is reported (0, or -1). */
int program_require(struct require *r, const struct questionnaire *q, const char *what)
{
	struct finding_list errs = { 0 };
	struct ydoc *doc = NULL;
	struct input in;
	int rc;

	if (!what || !strcmp(what, "all"))
		return require_all(r, q);
	if (!strcmp(what, "annex"))
		return require_annex(r, q);
	if (read_first(&in, what, _("empty policy file"), &doc) != 0)
		return -1;
	input_close(&in);
	rc = require_policy_read(r, q, ydoc_root(doc), what, &errs);
	program_trouble_findings(what, &errs);
	ydoc_free(doc);
	return rc;
}

/* The inputs read one after the other: trouble with one is said (through diag.c, and to
 * the caller's trouble function, which gives it its entry in the report) and the next is
 * read. */
struct input_loop {
	void (*fn)(void *ctx, const char *file, struct ydoc *doc);
	void (*trouble)(void *ctx, const char *file, const struct dmn_error *err);
	void *ctx;
	int docs, troubled;
};

static void input_trouble(struct input_loop *l, const char *file, const struct dmn_error *err)
{
	diag_error(file, err);
	l->troubled = 1;
	if (l->trouble)
		l->trouble(l->ctx, file, err);
}

static void read_input(struct input_loop *l, const char *path)
{
	struct dmn_error err = { 0 };
	struct input in;
	struct ydoc *doc;
	int rc;

	if (input_open(&in, path, &err) != 0) {
		input_trouble(l, strcmp(path, "-") ? path : "<stdin>", &err);
		return;
	}
	emit_eager(in.stream);	/* from a file, output in large writes */
	while ((rc = yreader_next(in.yr, &doc, &err)) > 0) {
		l->docs++;
		l->fn(l->ctx, in.name, doc);
		/* the next document may be long in coming: what is written reaches the reader now,
		 * the document's diagnostics in one write; from a file, they wait for a full buffer */
		if (in.stream) {
			diag_flush();
			fflush(stdout);
		}
	}
	if (rc < 0)
		input_trouble(l, in.name, &err);
	input_close(&in);
}

static int by_name(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static int yaml_name(const char *name)
{
	size_t n = strlen(name);

	return (n > 5 && !strcmp(name + n - 5, ".yaml")) || (n > 4 && !strcmp(name + n - 4, ".yml"));
}

/* A directory: its *.yaml and *.yml files and its subdirectories', in the byte order of
 * their names (the same on every machine and locale); hidden ones (.git) are skipped and
 * links to directories are not followed, so that no loop is walked. */
static void walk_dir(struct input_loop *l, const char *dir, int depth)
{
	struct dmn_error err = { 0 };
	char **names = NULL;
	size_t n = 0, cap = 0, i, len = strlen(dir);
	struct dirent *e;
	DIR *d;

	while (len > 1 && dir[len - 1] == '/')
		len--;
	if (depth > INPUT_MAX_DEPTH) {
		dmn_error_set(&err, 0, 0, "directories nested more than %d deep: not read", INPUT_MAX_DEPTH);
		input_trouble(l, dir, &err);
		return;
	}
	if (!(d = opendir(dir))) {
		dmn_error_set(&err, 0, 0, "cannot open: %s", errno_text(errno));
		input_trouble(l, dir, &err);
		return;
	}
	while ((e = readdir(d)) != NULL) {
		if (e->d_name[0] == '.')
			continue;
		if (n == cap)
			names = xrealloc(names, (cap = cap ? 2 * cap : 16) * sizeof *names);
		names[n++] = xstrdup(e->d_name);
	}
	closedir(d);
	if (n)
		qsort(names, n, sizeof *names, by_name);
	for (i = 0; i < n; i++) {
		struct buf path = { 0 };
		struct stat st;

		buf_addf(&path, "%.*s%s%s", (int)len, dir, len == 1 && dir[0] == '/' ? "" : "/", names[i]);
		if (lstat(path.s, &st) == 0 && S_ISDIR(st.st_mode))
			walk_dir(l, path.s, depth + 1);
		else if (yaml_name(names[i]) && stat(path.s, &st) == 0 && S_ISREG(st.st_mode))
			read_input(l, path.s);
		buf_free(&path);
		free(names[i]);
	}
	free(names);
}

int program_inputs(char **paths, int n, void (*fn)(void *ctx, const char *file, struct ydoc *doc),
		   void (*trouble)(void *ctx, const char *file, const struct dmn_error *err), void *ctx,
		   const char *if_none)
{
	struct input_loop l = { fn, trouble, ctx, 0, 0 };
	struct stat st;
	int i;

	diag_buffer(1);	/* a stream's diagnostics: a document's in one write */
	for (i = 0; i < (n ? n : 1); i++) {
		const char *path = n ? paths[i] : "-";

		if (strcmp(path, "-") != 0 && stat(path, &st) == 0 && S_ISDIR(st.st_mode))
			walk_dir(&l, path, 0);
		else
			read_input(&l, path);
	}
	if (l.docs == 0 && !l.troubled) {
		const char *name = n == 1 ? (strcmp(paths[0], "-") ? paths[0] : "<stdin>") : n ? NULL : "<stdin>";
		struct dmn_error err = { 0 };
		dmn_error_set(&err, 0, 0, "%s", if_none);
		if (name)	/* one input: its verdict */
			input_trouble(&l, name, &err);
		else
			diag_error(NULL, &err);
	}
	diag_buffer(0);
	return l.docs;
}

/* --help: usage on stdout, exit 0 unless it cannot be written */
int program_help(void (*usage)(FILE *))
{
	struct dmn_error err = { 0 };

	usage(stdout);
	if (close_stdout(&err) != 0) {
		diag_error(NULL, &err);
		return DMN_TROUBLE;
	}
	return DMN_OK;
}

int program_version(void)
{
	struct dmn_error err = { 0 };
	struct questionnaire *q;

	printf("%s %s\n", diag_progname(), DMN_VERSION);
	/* the guide it carries: what a dossier's questionnaire and edition must name */
	if (questionnaire_builtin(&q, &err) == 0) {
		printf(_("built-in questionnaire: %s, edition %s"), q->id, q->edition ? q->edition : "");
		putchar('\n');
		questionnaire_free(q);
	}
	if (close_stdout(&err) != 0) {
		diag_error(NULL, &err);
		return DMN_TROUBLE;
	}
	return DMN_OK;
}

/* The options every program has, from its getopt switch's default: -1 to go on, else
 * the exit status (--help and --version done, or a usage error said). */
int program_option(int c, char **argv, struct common_opts *co, void (*usage)(FILE *))
{
	switch (c) {
	case 'l':
		if (program_lang(optarg, &co->lang, usage) != 0)
			return DMN_TROUBLE;
		co->have_lang = 1;
		i18n_use(co->lang);
		return -1;
	case 'Q':
		co->questionnaire = optarg;
		return -1;
	case 'o':
		co->output = optarg;
		return -1;
	case 'h':
		return program_help(usage);
	case 'V':
		return program_version();
	default:
		return program_usage_error(c, argv, usage);
	}
}

/* After the options: the reader's language from the locale unless --lang gave it. */
void program_options_end(struct common_opts *co)
{
	if (!co->have_lang)
		co->lang = i18n_lang();
}

/* --lang LANG: 0, or -1 after saying so with the usage (bad usage, exit status 2) */
int program_lang(const char *arg, enum lang *lang, void (*usage)(FILE *))
{
	if (lang_parse(arg, lang))
		return 0;
	diag(SEV_ERROR, NULL, 0, 0, "unknown language '%s' (expected fr or en)", arg);
	usage(stderr);
	return -1;
}

/* getopt_long (with opterr = 0 and a leading ':') returned ':' or '?': say what, then usage */
int program_usage_error(int c, char **argv, void (*usage)(FILE *))
{
	const char *arg = argv[optind - 1];

	if (c == ':')
		diag(SEV_ERROR, NULL, 0, 0, "option '%s' needs a value", arg);
	else if (!strncmp(arg, "--", 2) && strchr(arg, '=') && optopt)
		/* getopt_long names a known option given a value it does not take in optopt, and
		 * leaves it 0 for an option it does not know: --format=json where there is none */
		diag(SEV_ERROR, NULL, 0, 0, "option '%.*s' takes no value", (int)(strchr(arg, '=') - arg), arg);
	else if (!strncmp(arg, "--", 2))
		diag(SEV_ERROR, NULL, 0, 0, "unknown option '%.*s'", (int)strcspn(arg, "="), arg);
	else if (optopt)
		diag(SEV_ERROR, NULL, 0, 0, "unknown option '-%c'", optopt);
	else
		diag(SEV_ERROR, NULL, 0, 0, "unknown option '%s'", argv[optind - 1]);
	usage(stderr);
	return DMN_TROUBLE;
}

struct dossier_loop {
	const struct questionnaire *q;
	void (*fn)(void *ctx, const char *file, struct dossier *d);
	void (*trouble)(void *ctx, const char *file, const struct dmn_error *err);
	void *ctx;
};

static void load_dossier(void *ctx, const char *file, struct ydoc *doc)
{
	struct dossier_loop *l = ctx;
	struct dmn_error err = { 0 };
	struct dossier *d;

	if (dossier_load(&d, doc, l->q, &err) != 0) {
		diag_error(file, &err);
		if (l->trouble)
			l->trouble(l->ctx, file, &err);
	} else
		l->fn(l->ctx, file, d);
}

static void dossier_trouble(void *ctx, const char *file, const struct dmn_error *err)
{
	struct dossier_loop *l = ctx;

	if (l->trouble)
		l->trouble(l->ctx, file, err);
}

int program_dossiers(char **paths, int n, const struct questionnaire *q,
		     void (*fn)(void *ctx, const char *file, struct dossier *d),
		     void (*trouble)(void *ctx, const char *file, const struct dmn_error *err), void *ctx)
{
	struct dossier_loop l = { q, fn, trouble, ctx };

	return program_inputs(paths, n, load_dossier, dossier_trouble, &l, _("no dossier in the input"));
}
