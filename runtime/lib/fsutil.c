// SPDX-License-Identifier: LGPL-2.1-or-later
#include "fsutil.h"
#include "syscalls.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

static dev_t top_dev;
static int walk_errno;
static char walk_path[PATH_MAX];

static int remove_one(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
	(void)ftw;
	if (st->st_dev != top_dev) {
		walk_errno = EBUSY; /* something is mounted below */
		snprintf(walk_path, sizeof(walk_path), "%s", path);
		return 1;
	}
	if ((flag == FTW_DP ? rmdir(path) : unlink(path)) < 0 && errno != ENOENT) {
		walk_errno = errno;
		snprintf(walk_path, sizeof(walk_path), "%s", path);
		return 1;
	}
	return 0;
}

/* A mount point at or below dir in this mount namespace (a bind mount of
 * the same filesystem has the same st_dev: only mountinfo tells), or NULL. */
static const char *mount_below(const char *dir, char *found, size_t len)
{
	char line[4096], mnt[PATH_MAX];
	size_t n = strlen(dir);
	const char *hit = NULL;
	FILE *f = fopen("/proc/self/mountinfo", "re");

	if (!f)
		return NULL;
	while (!hit && fgets(line, sizeof(line), f)) {
		const char *p = line;

		/* field 5, with \040-style escapes for spaces */
		for (int i = 0; i < 4 && *p; i++)
			p += strcspn(p, " "), p += strspn(p, " ");
		if (!*p)
			continue;
		snprintf(mnt, sizeof(mnt), "%.*s", (int)strcspn(p, " \n"), p);
		if (strncmp(mnt, dir, n) == 0 && (mnt[n] == '/' || mnt[n] == '\0')) {
			snprintf(found, len, "%s", mnt);
			hit = found;
		}
	}
	fclose(f);
	return hit;
}

int rlxc_rmtree(const char *path, struct rlxc_error *err)
{
	char real[PATH_MAX], mnt[PATH_MAX];
	struct stat st;

	if (lstat(path, &st) < 0)
		return errno == ENOENT ? 0 : rlxc_fail(err, errno, "remove %s", path);
	if (S_ISDIR(st.st_mode) && realpath(path, real) && mount_below(real, mnt, sizeof(mnt)))
		return rlxc_fail(err, EBUSY, "remove %s: %s is a mount point", path, mnt);
	top_dev = st.st_dev;
	walk_errno = 0;
	if (nftw(path, remove_one, 32, FTW_DEPTH | FTW_PHYS) != 0) {
		if (walk_errno == EBUSY)
			return rlxc_fail(err, EBUSY, "remove %s: %s is a mount point", path,
					 walk_path);
		return rlxc_fail(err, walk_errno ? walk_errno : errno, "remove %s",
				 walk_errno ? walk_path : path);
	}
	return 0;
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

int rlxc_mkdir_p(const char *path, mode_t mode, struct rlxc_error *err)
{
	char at[PATH_MAX] = "";
	int ret = rlxc_mkdirs(path, mode, at, sizeof(at));

	return ret < 0 ? rlxc_fail(err, -ret, "mkdir %s", *at ? at : path) : 0;
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

static bool kept(int fd, const int *keep, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (keep[i] == fd)
			return true;
	return false;
}

int rlxc_close_fds(const int *keep, size_t n)
{
	unsigned from = 3;
	struct dirent *de;
	DIR *d;

	/* close_range between the kept ones, lowest first */
	for (bool more = true; more;) {
		int next = -1;

		for (size_t i = 0; i < n; i++)
			if (keep[i] >= (int)from && (next < 0 || keep[i] < next))
				next = keep[i];
		more = next >= 0;
		if (more && (unsigned)next == from) {
			from++;
			continue;
		}
		if (sys_close_range(from, more ? (unsigned)next - 1 : ~0U) < 0)
			goto fallback;
		from = more ? (unsigned)next + 1 : from;
	}
	return 0;
fallback:
	if (!(d = opendir("/proc/self/fd")))
		return -errno;
	while ((de = readdir(d))) {
		int fd = atoi(de->d_name);

		if (fd >= 3 && fd != dirfd(d) && !kept(fd, keep, n))
			close(fd);
	}
	closedir(d);
	return 0;
}
