// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * One config file, opened and read whole within the bounds of config.h.
 * Only a regular file is opened: never a device, a FIFO or a socket, whose
 * open could block or do something. It is read with a bound whatever size
 * it claims (a file that grows while it is read, a /proc file of size 0),
 * without blocking (O_NONBLOCK: /proc/kmsg), and a read error is an error,
 * never the end of the file.
 */
#include "config_impl.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define MIB (1 << 20)

void cfg_file_free(struct cfg_file *f)
{
	free(f->text);
	free(f->real);
	memset(f, 0, sizeof(*f));
}

/* A message that says it all, with code as errno. */
static int refused(struct rlxc_error *err, int code)
{
	err->code = code;
	return -code;
}

/* Open PATH if it is a regular file (stat first: nothing else is opened). */
static int open_regular(const char *path, int *fd, struct stat *st, struct rlxc_error *err)
{
	struct stat opened;

	if (stat(path, st) < 0)
		return rlxc_fail(err, errno, "%s", path);
	if (S_ISDIR(st->st_mode))
		return rlxc_fail(err, EISDIR, "%s", path);
	if (!S_ISREG(st->st_mode)) {
		rlxc_fail(err, 0,
			  "%s: not a regular file (a config is a file; lxc.include also takes a "
			  "directory)",
			  path);
		return refused(err, EINVAL);
	}
	*fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK);
	if (*fd < 0 || fstat(*fd, &opened) < 0)
		return rlxc_fail(err, errno, "%s", path);
	if (opened.st_dev != st->st_dev || opened.st_ino != st->st_ino) {
		rlxc_fail(err, 0, "%s: replaced while it was opened", path);
		return refused(err, EINVAL);
	}
	return 0;
}

static size_t lines_in(const char *s, size_t len)
{
	size_t n = 1;

	for (const char *p = s; (p = memchr(p, '\n', len - (size_t)(p - s))); p++)
		n++;
	return n;
}

#define PAGE	 4096
#define PAGES(n) (((n) + PAGE - 1) / PAGE * PAGE)

/* Read fd into f->text: until the end of the file or past max bytes (the
 * text then says "too big"). Reads ask for whole pages, as some /proc
 * files need (pagemap: multiples of 8 bytes); hint, the size fstat gave,
 * sizes the buffer at first and is never taken as a bound. */
static int read_bounded(int fd, const char *path, size_t hint, size_t max, struct cfg_file *f,
			struct rlxc_error *err)
{
	size_t lim = PAGES(max + 1), cap = hint ? PAGES(hint + 1) : PAGE;
	ssize_t n;

	if (cap > lim)
		cap = lim;
	if (!(f->text = malloc(cap + 1)))
		return rlxc_fail(err, ENOMEM, "%s", path);
	while (f->len <= max) {
		if (f->len == cap) { /* then cap < lim */
			size_t grown = cap * 2 > lim ? lim : cap * 2;
			char *t = realloc(f->text, grown + 1);

			if (!t)
				return rlxc_fail(err, ENOMEM, "%s", path);
			f->text = t;
			cap = grown;
		}
		n = read(fd, f->text + f->len, cap - f->len);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return rlxc_fail(err, errno, "%s:%zu: read", path,
					 lines_in(f->text, f->len));
		if (n == 0)
			break;
		f->len += (size_t)n;
	}
	f->text[f->len] = '\0';
	return 0;
}

/* The bounds of the load in progress, before a file is read. */
static int budget(struct rlxc_config *c, const char *path, size_t *max, struct rlxc_error *err)
{
	size_t left;

	if (!c->includes.n) {
		c->read_bytes = 0;
		c->read_files = 0;
	}
	if (c->read_files >= RLXC_CONFIG_MAX_FILES) {
		rlxc_fail(err, 0,
			  "%s: more than %d files for one config (the limit, includes and all)",
			  path, RLXC_CONFIG_MAX_FILES);
		return refused(err, E2BIG);
	}
	left = RLXC_CONFIG_MAX_TOTAL - c->read_bytes;
	*max = left < RLXC_CONFIG_MAX_SIZE ? left : RLXC_CONFIG_MAX_SIZE;
	return 0;
}

static int too_big(size_t max, const char *path, struct rlxc_error *err)
{
	if (max == RLXC_CONFIG_MAX_SIZE)
		rlxc_fail(err, 0, "%s: larger than %d MiB (%d bytes), the limit of a config file",
			  path, RLXC_CONFIG_MAX_SIZE / MIB, RLXC_CONFIG_MAX_SIZE);
	else
		rlxc_fail(err, 0,
			  "%s: past %d MiB (%d bytes) read for one config (the limit, includes and "
			  "all)",
			  path, RLXC_CONFIG_MAX_TOTAL / MIB, RLXC_CONFIG_MAX_TOTAL);
	return refused(err, EFBIG);
}

int cfg_file_read(struct rlxc_config *c, const char *path, struct cfg_file *f,
		  struct rlxc_error *err)
{
	struct stat st;
	size_t max;
	int fd = -1, ret;

	memset(f, 0, sizeof(*f));
	if ((ret = budget(c, path, &max, err)) < 0)
		return ret;
	ret = open_regular(path, &fd, &st, err);
	if (!ret)
		ret = read_bounded(fd, path, st.st_size > 0 ? (size_t)st.st_size : 0, max, f, err);
	if (fd >= 0)
		close(fd);
	if (ret < 0)
		return ret;
	if (f->len > max)
		return too_big(max, path, err);
	c->read_bytes += f->len;
	c->read_files++;
	if (!(f->real = realpath(path, NULL)))
		return rlxc_fail(err, errno, "%s", path);
	return 0;
}
