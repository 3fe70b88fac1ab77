/* util.c: allocation, growable strings and strict number and date parsing. */
#include <ctype.h>
#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "base.h"

static void *oom(void)
{
	fprintf(stderr, "%s: %s%s\n", diag_progname(), _("error: "), _("out of memory"));
	exit(DMN_TROUBLE);
}

void *xmalloc(size_t n)
{
	void *p = malloc(n ? n : 1);
	return p ? p : oom();
}

void *xcalloc(size_t n, size_t size)
{
	void *p = calloc(n ? n : 1, size ? size : 1);
	return p ? p : oom();
}

/* n items of size bytes, zeroed, at a multiple of align (a power of two that divides
 * size): for a type with _Alignas, which calloc does not promise; freed with free */
void *xcalloc_aligned(size_t n, size_t size, size_t align)
{
	size_t total;
	void *p;

	if (!n)
		n = 1;
	if (size && n > (size_t)-1 / size)
		return oom();
	total = n * size;
	total = (total + align - 1) / align * align;
	p = aligned_alloc(align, total);
	return p ? memset(p, 0, total) : oom();
}

void *xrealloc(void *p, size_t n)
{
	p = realloc(p, n ? n : 1);
	return p ? p : oom();
}

char *xstrdup(const char *s)
{
	size_t n = strlen(s) + 1;
	return memcpy(xmalloc(n), s, n);
}

/* A system error as a person reads it, in their language: the common ones are in our
 * catalogue (the C library's own translations may not be installed), others as strerror. */
const char *errno_text(int e)
{
	switch (e) {
	case ENOENT:
		return _("No such file or directory");
	case EACCES:
		return _("Permission denied");
	case EPERM:
		return _("Operation not permitted");
	case EISDIR:
		return _("Is a directory");
	case ENOTDIR:
		return _("Not a directory");
	case ENOSPC:
		return _("No space left on device");
	case EDQUOT:
		return _("Disk quota exceeded");
	case EROFS:
		return _("Read-only file system");
	case EIO:
		return _("Input/output error");
	case ELOOP:
		return _("Too many levels of symbolic links");
	case ENAMETOOLONG:
		return _("File name too long");
	case EEXIST:
		return _("File exists");
	case EFBIG:
		return _("File too large");
	case EPIPE:
		return _("Broken pipe");
	case ENOMEM:
		return _("Cannot allocate memory");
	case EBADF:
		return _("Bad file descriptor");
	case EMFILE:
	case ENFILE:
		return _("Too many open files");
	case EXDEV:
		return _("Invalid cross-device link");
	case EBUSY:
		return _("Device or resource busy");
	case ETXTBSY:
		return _("Text file busy");
	case EINTR:
		return _("Interrupted system call");
	case EAGAIN:
		return _("Resource temporarily unavailable");
	case ENXIO:
		return _("No such device or address");
	default:
		return strerror(e);
	}
}

void dmn_error_set(struct dmn_error *err, int line, int col, const char *fmt, ...)
{
	va_list ap;

	if (!err)
		return;
	err->line = line;
	err->col = col;
	fmt = dmn_gettext(fmt);
	va_start(ap, fmt);
	vsnprintf(err->msg, sizeof err->msg, fmt, ap);
	va_end(ap);
}

void buf_reserve(struct buf *b, size_t more)
{
	if (b->len + more + 1 <= b->cap)
		return;
	while (b->len + more + 1 > b->cap)
		b->cap = b->cap ? b->cap * 2 : 64;
	b->s = xrealloc(b->s, b->cap);
}


void buf_clear(struct buf *b)
{
	b->len = 0;
	if (b->s)
		b->s[0] = '\0';
}

void buf_vaddf(struct buf *b, const char *fmt, va_list ap)
{
	va_list again;
	int n;

	/* formatted once where it fits (most of the time), twice where it does not */
	buf_reserve(b, 128);
	va_copy(again, ap);
	n = vsnprintf(b->s + b->len, b->cap - b->len, fmt, ap);
	if (n < 0) {
		b->s[b->len] = '\0';
	} else {
		if ((size_t)n >= b->cap - b->len) {
			buf_reserve(b, (size_t)n);
			vsnprintf(b->s + b->len, (size_t)n + 1, fmt, again);
		}
		b->len += (size_t)n;
	}
	va_end(again);
}

void buf_addf(struct buf *b, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	buf_vaddf(b, fmt, ap);
	va_end(ap);
}

void buf_add_uint(struct buf *b, unsigned long long v)
{
	char digits[24], *p = digits + sizeof digits;

	do
		*--p = (char)('0' + v % 10);
	while (v /= 10);
	buf_add(b, p, (size_t)(digits + sizeof digits - p));
}

const char *buf_str(struct buf *b)
{
	return b->s ? b->s : "";
}

void buf_free(struct buf *b)
{
	free(b->s);
	b->s = NULL;
	b->len = b->cap = 0;
}

/* Length of the valid UTF-8 character at s, or 0 if the bytes are not one. */
size_t utf8_len(const unsigned char *s)
{
	size_t n, i;
	unsigned int c;

	if (s[0] < 0x80)
		return 1;
	if ((s[0] & 0xe0) == 0xc0)
		n = 2, c = s[0] & 0x1f;
	else if ((s[0] & 0xf0) == 0xe0)
		n = 3, c = s[0] & 0x0f;
	else if ((s[0] & 0xf8) == 0xf0)
		n = 4, c = s[0] & 0x07;
	else
		return 0;
	for (i = 1; i < n; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return 0;
		c = (c << 6) | (s[i] & 0x3f);
	}
	if ((n == 2 && c < 0x80) || (n == 3 && c < 0x800) || (n == 4 && (c < 0x10000 || c > 0x10ffff)) ||
	    (c >= 0xd800 && c <= 0xdfff))
		return 0;	/* overlong, surrogate or beyond Unicode */
	return n;
}

int utf8_valid(const char *s)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t n;

	while (*p) {
		if (!(n = utf8_len(p)))
			return 0;
		p += n;
	}
	return 1;
}

int parse_decimal(const char *s)
{
	if (*s == '-' || *s == '+')
		s++;
	if (!isdigit((unsigned char)*s))
		return 0;
	while (isdigit((unsigned char)*s))
		s++;
	if (*s == '.') {
		s++;
		if (!isdigit((unsigned char)*s))
			return 0;
		while (isdigit((unsigned char)*s))
			s++;
	}
	return *s == '\0';
}

int parse_date(const char *s)
{
	static const int mdays[] = { 31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
	int y, m, d, i;

	for (i = 0; i < 10; i++) {
		if (i == 4 || i == 7) {
			if (s[i] != '-')
				return 0;
		} else if (!isdigit((unsigned char)s[i])) {
			return 0;
		}
	}
	if (s[10] != '\0')
		return 0;
	y = (s[0] - '0') * 1000 + (s[1] - '0') * 100 + (s[2] - '0') * 10 + (s[3] - '0');
	m = (s[5] - '0') * 10 + (s[6] - '0');
	d = (s[8] - '0') * 10 + (s[9] - '0');
	if (m < 1 || m > 12 || d < 1 || d > mdays[m - 1])
		return 0;
	if (m == 2 && d == 29 && !(y % 4 == 0 && (y % 100 != 0 || y % 400 == 0)))
		return 0;
	return 1;
}

/* What a YAML 1.1 reader (PyYAML, yq) would turn into an int or a float. */
int looks_like_yaml_number(const char *s)
{
	int digits = 0;

	if (*s == '-' || *s == '+')
		s++;
	if (*s == '.' && (!strcmp(s, ".inf") || !strcmp(s, ".Inf") || !strcmp(s, ".INF") ||
			  !strcmp(s, ".nan") || !strcmp(s, ".NaN") || !strcmp(s, ".NAN")))
		return 1;
	while (isdigit((unsigned char)*s) || *s == '_') {
		s++;
		digits++;
	}
	if (*s == '.') {
		s++;
		while (isdigit((unsigned char)*s) || *s == '_') {
			s++;
			digits++;
		}
	}
	if (digits && (*s == 'e' || *s == 'E')) {
		s++;
		if (*s == '-' || *s == '+')
			s++;
		if (!isdigit((unsigned char)*s))
			return 0;
		while (isdigit((unsigned char)*s))
			s++;
	}
	return digits > 0 && *s == '\0';
}

/* Today as YYYY-MM-DD: the day of SOURCE_DATE_EPOCH in UTC when it is set (reproducible
 * builds), else the user's local day. -1 with err if SOURCE_DATE_EPOCH is not a number
 * of seconds: a date nobody asked for is never made up. */
int today(char out[11], struct dmn_error *err)
{
	const char *epoch = getenv("SOURCE_DATE_EPOCH");
	time_t t = time(NULL);
	struct tm tm, *ok;

	if (epoch && *epoch) {
		char *end;
		long long v;

		errno = 0;
		v = strtoll(epoch, &end, 10);
		if (errno || *end || v < 0 || v >= 253402300800LL) {	/* year 10000 */
			dmn_error_set(err, 0, 0, "SOURCE_DATE_EPOCH is not a number of seconds: '%s'", epoch);
			return -1;
		}
		t = (time_t)v;
		ok = gmtime_r(&t, &tm);
	} else {
		ok = localtime_r(&t, &tm);
	}
	if (!ok || strftime(out, 11, "%Y-%m-%d", &tm) != 10) {
		dmn_error_set(err, 0, 0, "cannot format the date");
		return -1;
	}
	return 0;
}

/* 15/03/2024 as 2024-03-15, when it is a real date */
int date_from_dmy(const char *s, char out[11])
{
	int d, m, y, n = 0;

	if (sscanf(s, "%2d/%2d/%4d%n", &d, &m, &y, &n) != 3 || s[n] || y < 1000 || y > 9999 || m < 1 || m > 12 ||
	    d < 1 || d > 31)
		return 0;
	snprintf(out, 11, "%04d-%02d-%02d", y % 10000, m % 100, d % 100);
	return parse_date(out);
}
