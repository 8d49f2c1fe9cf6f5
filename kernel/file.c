// SPDX-License-Identifier: LGPL-2.1-or-later
/* Small files and directories (file.h). */
#include "file.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

int rlxc_file_write(const char *path, const char *text)
{
	FILE *f = fopen(path, "we");
	int err = 0;

	if (!f)
		return -errno;
	if (fputs(text, f) == EOF)
		err = -errno;
	if (fclose(f) == EOF && !err)
		err = -errno;
	return err;
}

int rlxc_file_read(const char *path, char *buf, size_t len)
{
	FILE *f = fopen(path, "re");
	size_t n;

	if (!f)
		return -errno;
	n = fread(buf, 1, len - 1, f);
	buf[n] = '\0';
	fclose(f);
	return 0;
}

/* Open PATH if it is a regular file (stat first: nothing else is opened). */
static int open_regular(const char *path, struct stat *st)
{
	struct stat opened;
	int fd;

	if (stat(path, st) < 0)
		return -errno;
	if (S_ISDIR(st->st_mode))
		return -EISDIR;
	if (!S_ISREG(st->st_mode))
		return -EINVAL;
	fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK);
	if (fd < 0)
		return -errno;
	if (fstat(fd, &opened) < 0 || opened.st_dev != st->st_dev || opened.st_ino != st->st_ino) {
		close(fd);
		return -ESTALE;
	}
	return fd;
}

#define PAGE	 4096
#define PAGES(n) (((n) + PAGE - 1) / PAGE * PAGE)

/* Read fd into t until its end or past max bytes. Reads ask for whole
 * pages, as some /proc files need (pagemap: multiples of 8 bytes); hint,
 * the size fstat gave, sizes the buffer at first, never bounds it. */
static int read_bounded(int fd, size_t hint, size_t max, struct rlxc_text *t)
{
	size_t lim = PAGES(max + 1), cap = hint ? PAGES(hint + 1) : PAGE;
	ssize_t n;

	if (cap > lim)
		cap = lim;
	if (!(t->text = malloc(cap + 1)))
		return -ENOMEM;
	t->text[0] = '\0';
	while (t->len <= max) {
		if (t->len == cap) { /* then cap < lim */
			size_t grown = cap * 2 > lim ? lim : cap * 2;
			char *p = realloc(t->text, grown + 1);

			if (!p)
				return -ENOMEM;
			t->text = p;
			cap = grown;
		}
		n = read(fd, t->text + t->len, cap - t->len);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return -errno;
		if (n == 0)
			break;
		t->len += (size_t)n;
		t->text[t->len] = '\0';
	}
	return t->len > max ? -EFBIG : 0;
}

int rlxc_file_load(const char *path, size_t max, struct rlxc_text *t)
{
	struct stat st;
	int fd, ret;

	*t = (struct rlxc_text){ 0 };
	if ((fd = open_regular(path, &st)) < 0)
		return fd;
	ret = read_bounded(fd, st.st_size > 0 ? (size_t)st.st_size : 0, max, t);
	close(fd);
	return ret;
}

int rlxc_mkdirs(const char *path, mode_t mode, char *at, size_t len)
{
	char buf[PATH_MAX];

	if (!*path)
		return -ENOENT;
	if (strcmp(path, "/") == 0)
		return 0;
	if (snprintf(buf, sizeof(buf), "%s", path) >= (int)sizeof(buf))
		return -ENAMETOOLONG;
	for (char *p = buf + 1;; p++) {
		char c = *p;

		if (c != '/' && c != '\0')
			continue;
		*p = '\0';
		if (mkdir(buf, mode) == 0) {
			chmod(buf, mode); /* whatever the umask */
		} else if (errno != EEXIST) {
			if (at)
				snprintf(at, len, "%s", buf);
			return -errno;
		}
		*p = c;
		if (!c)
			return 0;
	}
}

static int write_all(int fd, const char *buf, size_t len)
{
	while (len) {
		ssize_t n = write(fd, buf, len);

		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return -errno;
		buf += n;
		len -= (size_t)n;
	}
	return 0;
}

/* The first time: written aside and renamed, so it never exists half made. */
static int create_file(const char *dir, const char *path, const char *text)
{
	char tmp[PATH_MAX];
	int fd, ret;

	if (snprintf(tmp, sizeof(tmp), "%s/.new.XXXXXX", dir) >= (int)sizeof(tmp))
		return -ENAMETOOLONG;
	fd = mkostemp(tmp, O_CLOEXEC);
	if (fd < 0)
		return -errno;
	ret = write_all(fd, text, strlen(text));
	if (!ret && fchmod(fd, 0644) < 0)
		ret = -errno;
	if (close(fd) < 0 && !ret)
		ret = -errno;
	if (!ret && rename(tmp, path) < 0)
		ret = -errno;
	if (ret)
		unlink(tmp);
	return ret;
}

/* Then: rewritten in place under an exclusive lock. */
static int rewrite_file(int fd, const char *text)
{
	size_t len = strlen(text);
	ssize_t n;

	if (flock(fd, LOCK_EX) < 0 || (n = pwrite(fd, text, len, 0)) < 0)
		return -errno;
	if ((size_t)n != len)
		return -EIO;
	return ftruncate(fd, (off_t)len) < 0 ? -errno : 0;
}

int rlxc_file_put(const char *dir, const char *name, const char *text)
{
	char path[PATH_MAX];
	int fd, ret;

	if (snprintf(path, sizeof(path), "%s/%s", dir, name) >= (int)sizeof(path))
		return -ENAMETOOLONG;
	if ((fd = open(path, O_WRONLY | O_CLOEXEC)) < 0)
		return errno == ENOENT ? create_file(dir, path, text) : -errno;
	ret = rewrite_file(fd, text);
	close(fd); /* and the lock with it */
	return ret;
}

int rlxc_file_get(const char *path, char *buf, size_t len)
{
	size_t got = 0;
	ssize_t n = 0;
	int fd = open(path, O_RDONLY | O_CLOEXEC);

	if (fd < 0)
		return -errno;
	if (flock(fd, LOCK_SH) < 0) {
		n = -errno;
		close(fd);
		return (int)n;
	}
	while (got < len - 1 &&
	       ((n = read(fd, buf + got, len - 1 - got)) > 0 || (n < 0 && errno == EINTR)))
		got += n > 0 ? (size_t)n : 0;
	if (n < 0)
		n = -errno;
	else if (got == len - 1 && read(fd, &(char){ 0 }, 1) > 0)
		n = -EFBIG;
	close(fd);
	buf[got] = '\0';
	return n < 0 ? (int)n : 0;
}
