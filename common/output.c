/* output.c: -o FILE goes to a temporary file first, renamed into place only when the run
 * is whole, so a failed run never leaves half a file. Standard output streams: the next
 * program of a pipeline reads each document as it is written, and nothing is spooled;
 * the programs write whole documents to it, one at a time. */
#include <errno.h>
#include <fcntl.h>
#ifdef __GLIBC__
#include <stdio_ext.h>
#endif
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "base.h"

static FILE *spool_in(const char *dir, char **path)
{
	struct buf b = { 0 };
	FILE *f;
	int fd;

	buf_addf(&b, "%s/.dmn-XXXXXX", dir);
	fd = mkstemp(b.s);
	if (fd < 0) {
		buf_free(&b);
		return NULL;
	}
	f = fdopen(fd, "w+");
	if (!f) {
		close(fd);
		unlink(b.s);
		buf_free(&b);
		return NULL;
	}
	*path = b.s;
	return f;
}

/* An anonymous temporary file in TMPDIR (or /tmp). */
FILE *spool_open(struct dmn_error *err)
{
	const char *tmpdir = getenv("TMPDIR");
	char *tmp = NULL;
	FILE *f = spool_in(tmpdir && *tmpdir ? tmpdir : "/tmp", &tmp);

	if (!f) {
		dmn_error_set(err, 0, 0, "cannot create a temporary file: %s", errno_text(errno));
		return NULL;
	}
	unlink(tmp);		/* anonymous: nothing to clean up */
	free(tmp);
	return f;
}

/* Before any work: can path be written? 1: a regular or new file, replaced atomically;
 * 2: an existing FIFO or device, written in place; -1: not writable (err set). */
int output_check(const char *path, struct dmn_error *err)
{
	struct output o;
	struct stat st;

	if (stat(path, &st) == 0 && !S_ISREG(st.st_mode) && !S_ISDIR(st.st_mode))
		return 2;
	if (output_open(&o, path, err) != 0)
		return -1;
	output_discard(&o);
	return 1;
}

static int stdout_closed;

/* program_start found fd 1 closed (and put /dev/null there): writing there is an error. */
void output_stdout_closed(void)
{
	stdout_closed = 1;
}

int output_open(struct output *o, const char *path, struct dmn_error *err)
{
	struct stat st;
	int exists;

	memset(o, 0, sizeof *o);
	if ((!path || !strcmp(path, "-")) && stdout_closed) {
		dmn_error_set(err, 0, 0, "cannot write: standard output is closed");
		return -1;
	}
	if (path && strcmp(path, "-") != 0) {
		char *dir, *slash, *real = NULL;
		struct stat lst;

		exists = stat(path, &st) == 0;
		if (exists && S_ISDIR(st.st_mode)) {
			dmn_error_set(err, 0, 0, "cannot write '%s': Is a directory", path);
			return -1;
		}
		if (exists && S_ISREG(st.st_mode) && lstat(path, &lst) == 0 && S_ISLNK(lst.st_mode)) {
			/* a link to a file: replace the file it names, not the link */
			real = realpath(path, NULL);
			if (!real) {
				dmn_error_set(err, 0, 0, "cannot follow the link '%s': %s", path, errno_text(errno));
				return -1;
			}
		}
		if (exists && !S_ISREG(st.st_mode)) {
			/* a FIFO, a device, /dev/stdout: written in place, never replaced */
			o->f = spool_open(err);
			if (!o->f)
				return -1;
			o->path = xstrdup(path);
			o->in_place = S_ISFIFO(st.st_mode) ? 2 : 1;
			return 0;
		}
		dir = xstrdup(real ? real : path);
		slash = strrchr(dir, '/');

		if (slash == dir)
			dir[1] = '\0';
		else if (slash)
			*slash = '\0';
		o->f = spool_in(slash ? dir : ".", &o->tmp);
		free(dir);
		if (!o->f) {
			dmn_error_set(err, 0, 0, "cannot create a temporary file beside '%s': %s", path,
				      errno_text(errno));
			free(real);
			return -1;
		}
		o->path = real ? real : xstrdup(path);
		/* the new file gets the mode of the one it replaces, or 0666 less the umask */
		if (exists) {
			fchmod(fileno(o->f), st.st_mode & 07777);
		} else {
			mode_t mask = umask(0);
			umask(mask);
			fchmod(fileno(o->f), 0666 & ~mask);
		}
		return 0;
	}
	o->f = stdout;	/* path NULL: standard output, written as the run goes */
	return 0;
}

int spool_copy(FILE *from, FILE *to)
{
	char chunk[65536];
	size_t n;

	rewind(from);
	while ((n = fread(chunk, 1, sizeof chunk, from)) > 0)
		if (fwrite(chunk, 1, n, to) != n)
			return -1;
	return ferror(from) ? -1 : 0;
}

void output_discard(struct output *o)
{
	/* a reader waiting on a FIFO gets an empty output rather than waiting forever */
	if (o->in_place == 2) {
		int fd = open(o->path, O_WRONLY | O_NONBLOCK);
		if (fd >= 0)
			close(fd);
	}
	if (o->f && o->path)	/* not stdout */
		fclose(o->f);
	if (o->tmp)
		unlink(o->tmp);
	free(o->tmp);
	free(o->path);
	memset(o, 0, sizeof *o);
}

int output_commit(struct output *o, struct dmn_error *err)
{
	if (fflush(o->f) != 0 || ferror(o->f)) {
		if (o->path)
			dmn_error_set(err, 0, 0, "write error on '%s': %s", o->path, errno_text(errno));
		else
			dmn_error_set(err, 0, 0, "write error on standard output: %s", errno_text(errno));
		output_discard(o);
		return -1;
	}
	if (o->path && o->in_place) {
		FILE *to = fopen(o->path, "w");
		if (!to || spool_copy(o->f, to) != 0 || fclose(to) != 0) {
			dmn_error_set(err, 0, 0, "cannot write '%s': %s", o->path, errno_text(errno));
			output_discard(o);
			return -1;
		}
		o->in_place = 1;	/* written: no need to wake a reader */
		output_discard(o);
		return 0;
	}
	if (o->path) {
		if (fsync(fileno(o->f)) != 0 || fclose(o->f) != 0) {
			o->f = NULL;
			dmn_error_set(err, 0, 0, "write error on '%s': %s", o->path, errno_text(errno));
			output_discard(o);
			return -1;
		}
		o->f = NULL;
		if (rename(o->tmp, o->path) != 0) {
			dmn_error_set(err, 0, 0, "cannot write '%s': %s", o->path, errno_text(errno));
			output_discard(o);
			return -1;
		}
		free(o->tmp);
		o->tmp = NULL;
		output_discard(o);
		return 0;
	}
	/* standard output: written already; a failed write shows in close_stdout */
	output_discard(o);
	return close_stdout(err);
}

/* A large piece of output (a document, the emitter's buffer) goes to the file descriptor
 * itself when the stream holds nothing of its own: glibc's fwrite would first copy it into
 * the stream's buffer, a second copy of every byte written. A failed write hands the rest
 * to fwrite, which meets the same error and records it on the stream, where output_commit
 * and close_stdout look for it. */
void output_write(FILE *f, const char *s, size_t n)
{
#ifdef __GLIBC__
	int fd = fileno(f);

	if (fd >= 0 && __fpending(f) == 0) {
		while (n > 0) {
			ssize_t w = write(fd, s, n);
			if (w < 0 && errno == EINTR)
				continue;
			if (w <= 0)
				break;
			s += w;
			n -= (size_t)w;
		}
	}
#endif
	if (n > 0)
		fwrite(s, 1, n, f);
}

/* Flush and check standard output: a failed write is an error, not a silent exit 0. */
int close_stdout(struct dmn_error *err)
{
	if (fflush(stdout) != 0 || ferror(stdout)) {
		dmn_error_set(err, 0, 0, "write error on standard output: %s", errno_text(errno));
		return -1;
	}
	return 0;
}
