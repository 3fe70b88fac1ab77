/* input.c: opens a file argument, or standard input for "-", as a YAML stream. */
#include <errno.h>
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
			dmn_error_set(err, 0, 0, "cannot open: %s", strerror(errno));
			return -1;
		}
		if (fstat(fileno(in->f), &st) == 0 && S_ISDIR(st.st_mode)) {
			fclose(in->f);
			in->f = NULL;
			dmn_error_set(err, 0, 0, "cannot read: Is a directory");
			return -1;
		}
	}
	in->yr = yreader_open_file(in->f);
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
