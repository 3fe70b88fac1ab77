/* input.c: opens a file argument, or standard input for "-", as a YAML stream. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "base.h"

static int stdin_closed;

void input_stdin_closed(void)
{
	stdin_closed = 1;
}

int input_open(struct input *in, const char *path, struct dmn_error *err)
{
	struct stat st;

	memset(in, 0, sizeof *in);
	if ((!path || !strcmp(path, "-")) && stdin_closed) {
		in->name = "<stdin>";
		dmn_error_set(err, 0, 0, "cannot read: standard input is closed");
		return -1;
	}
	if (!path || !strcmp(path, "-")) {
		in->name = "<stdin>";
		in->f = stdin;
	} else {
		in->name = path;
		in->f = fopen(path, "rb");
		if (!in->f) {
			dmn_error_set(err, 0, 0, "cannot open: %s", errno_text(errno));
			return -1;
		}
		if (fstat(fileno(in->f), &st) == 0 && S_ISDIR(st.st_mode)) {
			fclose(in->f);
			in->f = NULL;
			dmn_error_set(err, 0, 0, "cannot read: Is a directory");
			return -1;
		}
	}
	in->stream = fstat(fileno(in->f), &st) != 0 || !S_ISREG(st.st_mode);
	in->yr = yreader_open_file(in->f, in->stream);
	if (!in->yr) {
		input_close(in);
		dmn_error_set(err, 0, 0, "out of memory");
		return -1;
	}
	return 0;
}

void input_close(struct input *in)
{
	yreader_close(in->yr);
	if (in->f && in->f != stdin)
		fclose(in->f);
	memset(in, 0, sizeof *in);
}

/* All the bytes of an open file, up to limit: 0, or -1 with err (read error, too big). */
int read_all(FILE *f, size_t limit, char **bytes, size_t *len, struct dmn_error *err)
{
	struct buf b = { 0 };
	char chunk[65536];
	size_t n;

	*bytes = NULL;
	*len = 0;
	while ((n = fread(chunk, 1, sizeof chunk, f)) > 0) {
		if (b.len + n > limit) {
			buf_free(&b);
			dmn_error_set(err, 0, 0, "larger than the limit of %zu MiB", limit >> 20);
			return -1;
		}
		buf_add(&b, chunk, n);
	}
	if (ferror(f)) {
		dmn_error_set(err, 0, 0, "cannot read: %s", errno_text(errno ? errno : EIO));
		buf_free(&b);
		return -1;
	}
	buf_add(&b, "", 0);
	*bytes = b.s;
	*len = b.len;
	return 0;
}
