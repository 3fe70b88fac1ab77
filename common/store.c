/* store.c: a dossier kept in a file that others edit too (a person in an editor, a script,
 * another dmn-ask). Each save locks the file, checks that it is still what was last read or
 * written, and writes back only the changes; when someone else changed it meanwhile, their
 * version is read and the changes go on top of it, never over what they changed. */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "guide.h"

#define LOCK_WAIT_MS 30000	/* a save waits this long for another writer's lock */

/* An exclusive lock on the file at path (created empty if absent): its descriptor, or -1
 * with err. A writer that renames a new file over path leaves the lock on the old one: the
 * lock is taken again until the file locked is the one at path. */
static int lock_path(const char *path, int *created, struct dmn_error *err)
{
	struct timespec pause = { 0, 10 * 1000 * 1000 };
	long waited = 0;

	for (;;) {
		struct stat held, now;
		int fd = open(path, O_RDONLY);

		*created = 0;
		if (fd < 0 && errno == ENOENT) {
			fd = open(path, O_RDONLY | O_CREAT | O_EXCL, 0666);
			*created = fd >= 0;
			if (fd < 0 && errno == EEXIST)
				continue;	/* made by another writer just now */
		}
		if (fd < 0) {
			dmn_error_set(err, 0, 0, "cannot open '%s' to lock it: %s", path, errno_text(errno));
			return -1;
		}
		while (flock(fd, LOCK_EX | LOCK_NB) != 0) {
			if (errno != EWOULDBLOCK && errno != EINTR) {
				dmn_error_set(err, 0, 0, "cannot lock '%s': %s", path, errno_text(errno));
				close(fd);
				if (*created)
					unlink(path);
				return -1;
			}
			if (waited >= LOCK_WAIT_MS) {
				dmn_error_set(err, 0, 0, "'%s' is locked by another program (still after %d s): not written",
					      path, LOCK_WAIT_MS / 1000);
				close(fd);
				return -1;
			}
			nanosleep(&pause, NULL);
			waited += 10;
		}
		if (fstat(fd, &held) == 0 && stat(path, &now) == 0 && held.st_dev == now.st_dev &&
		    held.st_ino == now.st_ino)
			return fd;
		close(fd);	/* replaced while we waited: lock the new one */
	}
}

/* The one document of a dossier's stream: 1 in *doc, 0 none (an empty file), -1 with err
 * (not YAML, or a second document). */
int dossier_read_one(struct yreader *yr, struct ydoc **doc, struct dmn_error *err)
{
	struct ydoc *extra = NULL;
	int rc = yreader_next(yr, doc, err);

	if (rc > 0 && (rc = yreader_next(yr, &extra, err)) > 0) {
		dmn_error_set(err, ydoc_root(extra)->line, ydoc_root(extra)->col,
			      "dmn-ask fills one dossier at a time: this is a second document");
		ydoc_free(extra);
		rc = -1;
	}
	if (rc < 0) {
		ydoc_free(*doc);
		*doc = NULL;
		return -1;
	}
	return *doc != NULL;
}

/* A dossier from bytes (taken): 0, or -1 with err (not YAML, not one dossier of q). */
int dossier_from_bytes(struct dossier **out, char *bytes, size_t len, const struct questionnaire *q,
		       struct dmn_error *err)
{
	struct yreader *yr = yreader_open_mem(bytes, len);
	struct ydoc *doc = NULL;
	int rc;

	*out = NULL;
	if (!yr) {
		free(bytes);
		dmn_error_set(err, 0, 0, "out of memory");
		return -1;
	}
	rc = dossier_read_one(yr, &doc, err);
	yreader_close(yr);
	if (rc < 0) {
		free(bytes);
		return -1;
	}
	if (!doc) {
		*out = dossier_new(q);	/* an empty file: a new dossier */
		free(bytes);
		return 0;
	}
	if (dossier_load(out, doc, q, err) != 0) {
		free(bytes);
		return -1;
	}
	dossier_keep_source(*out, bytes, len);
	finding_list_sort(&(*out)->findings);
	return 0;
}

static int same_bytes(const char *a, size_t na, const char *b, size_t nb)
{
	return na == nb && (na == 0 || !memcmp(a, b, na));
}

void store_init(struct store *st, const char *path, const struct questionnaire *q)
{
	memset(st, 0, sizeof *st);
	st->path = path;
	st->q = q;
}

void store_set_base(struct store *st, const char *bytes, size_t len)
{
	free(st->base);
	st->base = xmalloc(len + 1);
	memcpy(st->base, bytes, len);
	st->base[len] = '\0';
	st->nbase = len;
}

void store_free(struct store *st)
{
	free(st->base);
	st->base = NULL;
}

/* The file as it is now, read through the locked descriptor. */
static int read_locked(int fd, char **bytes, size_t *len, const char *path, struct dmn_error *err)
{
	FILE *f = fdopen(dup(fd), "rb");
	int rc;

	if (!f) {
		dmn_error_set(err, 0, 0, "cannot read '%s': %s", path, errno_text(errno));
		return -1;
	}
	rc = read_all(f, YAML_MAX_DOC_BYTES, bytes, len, err);
	fclose(f);
	return rc;
}

/* *d written to path (NULL: standard output; atomically), then read back into *d: the
 * dossier is now what was written, its changes done. 0, the bytes written in *written (the
 * caller's); -1 with err, nothing written. */
int dossier_output(struct dossier **d, const char *path, char **written, size_t *n, struct dmn_error *err)
{
	struct output out;
	struct dossier *back;
	char *mem = NULL, *copy;
	size_t nmem = 0;
	FILE *f = open_memstream(&mem, &nmem);

	*written = NULL;
	*n = 0;
	if (!f) {
		dmn_error_set(err, 0, 0, "out of memory");
		return -1;
	}
	dossier_write(*d, f);
	if (fclose(f) != 0 || output_open(&out, path, err) != 0) {
		if (!err->msg[0])
			dmn_error_set(err, 0, 0, "out of memory");
		free(mem);
		return -1;
	}
	fwrite(mem, 1, nmem, out.f);
	if (output_commit(&out, err) != 0) {
		free(mem);
		return -1;
	}
	copy = xmalloc(nmem + 1);
	memcpy(copy, mem, nmem);
	copy[nmem] = '\0';
	if (dossier_from_bytes(&back, copy, nmem, (*d)->q, err) == 0) {
		dossier_free(*d);
		*d = back;
	}
	memset(err, 0, sizeof *err);	/* written: a read-back that fails keeps *d, its changes */
	*written = mem;
	*n = nmem;
	return 0;
}

/* Their version (now) with our changes on top: a change to an answer or a device field that
 * they changed too is left out, and said in conflicts. */
static struct dossier *merge(struct dossier *ours, struct dossier *theirs, struct buf *conflicts)
{
	const struct questionnaire *q = ours->q;
	size_t i;

	for (i = 0; i < q->nquestions; i++) {
		if (!ours->changed[i])
			continue;
		if (dossier_same_entry(ours, theirs, (int)i))
			dossier_copy_answer(theirs, ours, (int)i);
		else
			buf_addf(conflicts, "%s%s", conflicts->len ? ", " : "", q->questions[i].id);
	}
	for (i = 0; device_fields[i]; i++) {
		struct device a = ours->device;
		if (!(ours->device_changed & (1u << i)))
			continue;
		if (dossier_same_device_field(ours, theirs, device_fields[i]))
			dossier_set_device(theirs, device_fields[i], *device_member(&a, device_fields[i]));
		else
			buf_addf(conflicts, "%sdevice.%s", conflicts->len ? ", " : "", device_fields[i]);
	}
	for (i = 0; i < ours->ndropped; i++)
		dossier_drop_same(theirs, ours, ours->dropped[i]);
	dossier_free(ours);
	return theirs;
}

/* Saves *d to the store's file: locked, compared with what was last read or written, the
 * changes spliced in (on top of someone else's version if it changed), renamed into place,
 * then read back into *d, every change now in the file. 0 saved; 1 saved, but what they
 * changed too was left out (listed in conflicts); -1 not saved (err set): *d is as it was,
 * or, if the file had changed, their version with the changes that did not meet theirs. */
int store_save(struct store *st, struct dossier **d, struct buf *conflicts, struct dmn_error *err)
{
	struct dossier *now = NULL;
	char *cur = NULL, *mem = NULL;
	size_t ncur = 0, nmem = 0;
	int fd, rc = 0, created;

	conflicts->len = 0;
	if ((fd = lock_path(st->path, &created, err)) < 0)
		return -1;
	if (read_locked(fd, &cur, &ncur, st->path, err) != 0)
		goto fail;
	if (!same_bytes(cur, ncur, st->base ? st->base : "", st->base ? st->nbase : 0)) {
		struct dmn_error why = { 0 };
		if (dossier_from_bytes(&now, cur, ncur, st->q, &why) != 0) {
			cur = NULL;
			dmn_error_set(err, 0, 0, "'%s' was changed by another program since it was read and is no "
				      "longer a dossier that can be read (line %d: %s): not written over",
				      st->path, why.line, why.msg);
			goto fail;
		}
		cur = NULL;
		*d = merge(*d, now, conflicts);
		rc = conflicts->len ? 1 : 0;
		st->merged = 1;
	} else {
		st->merged = 0;
	}
	free(cur);
	cur = NULL;
	if (dossier_output(d, st->path, &mem, &nmem, err) != 0)
		goto fail;
	store_set_base(st, mem, nmem);
	free(mem);
	close(fd);
	return rc;
fail:
	free(cur);
	free(mem);
	if (created)	/* the empty file made to be locked */
		unlink(st->path);
	close(fd);
	return -1;
}
