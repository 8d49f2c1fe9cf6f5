// SPDX-License-Identifier: LGPL-2.1-or-later
/* Paths resolved inside a root (inroot.h). */
#include "inroot.h"
#include "syscalls.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <linux/openat2.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define MAX_LINKS 40  /* as the kernel's path walk */
#define MAX_DEPTH 256 /* directories open at once in the walk */

static void close_walk(int *stack, int *depth)
{
	while (*depth > 0)
		close(stack[(*depth)--]);
}

/* BUF holds a symlink's target LINK followed by what was left to walk (P):
 * start again from it. */
static int splice_link(char *buf, size_t len, const char *link, const char *p)
{
	char tmp[2 * PATH_MAX];

	if ((size_t)snprintf(tmp, sizeof(tmp), "%s/%s", link, p) >= sizeof(tmp) ||
	    strlen(tmp) >= len)
		return -ENAMETOOLONG;
	strcpy(buf, tmp);
	return 0;
}

/* One step of the walk: open COMP in DIR; a symlink is read into LINK and
 * 1 returned; a directory or file: 0 and *fd. */
static int walk_step(int dir, const char *comp, int *fd, char *link, size_t len)
{
	struct stat st;
	ssize_t n;

	*fd = openat(dir, comp, O_PATH | O_NOFOLLOW | O_CLOEXEC);
	if (*fd < 0)
		return -errno;
	if (fstat(*fd, &st) < 0 || !S_ISLNK(st.st_mode))
		return 0;
	n = readlinkat(*fd, "", link, len - 1);
	close(*fd);
	*fd = -1;
	if (n < 0)
		return -errno;
	link[n] = '\0';
	return 1;
}

int rlxc_walk_in_root(int rootfd, const char *path)
{
	char buf[2 * PATH_MAX], link[PATH_MAX], *p = buf;
	int stack[MAX_DEPTH], depth = 0, links = 0, fd, ret;

	if ((size_t)snprintf(buf, sizeof(buf), "%s", path) >= sizeof(buf))
		return -ENAMETOOLONG;
	stack[0] = rootfd;
	for (;;) {
		char *comp, *end;

		while (*p == '/')
			p++;
		if (!*p)
			break;
		comp = p;
		end = strchrnul(p, '/');
		p = *end ? end + 1 : end;
		*end = '\0';
		if (!strcmp(comp, "."))
			continue;
		if (!strcmp(comp, "..")) {
			if (depth > 0)
				close(stack[depth--]);
			continue;
		}
		ret = walk_step(stack[depth], comp, &fd, link, sizeof(link));
		if (ret < 0)
			goto out;
		if (ret == 0 && depth + 1 >= MAX_DEPTH) {
			close(fd);
			ret = -ENAMETOOLONG;
			goto out;
		}
		if (ret == 0) {
			stack[++depth] = fd;
			continue;
		}
		if (++links > MAX_LINKS) {
			ret = -ELOOP;
			goto out;
		}
		if (link[0] == '/')
			close_walk(stack, &depth);
		if ((ret = splice_link(buf, sizeof(buf), link, p)) < 0)
			goto out;
		p = buf;
	}
	if (depth > 0) {
		fd = stack[depth--];
		close_walk(stack, &depth);
		return fd;
	}
	ret = openat(rootfd, ".", O_PATH | O_CLOEXEC);
	return ret < 0 ? -errno : ret;
out:
	close_walk(stack, &depth);
	return ret;
}

int rlxc_open_in_root(int rootfd, const char *path)
{
	static bool no_openat2;
	struct open_how how = {
		.flags = O_PATH | O_CLOEXEC,
		.resolve = RESOLVE_IN_ROOT | RESOLVE_NO_MAGICLINKS,
	};
	int fd = -1;

	for (int i = 0; i < 8 && !no_openat2; i++) {
		fd = sys_openat2(rootfd, path, &how, sizeof(how));
		if (fd >= 0)
			return fd;
		if (errno == ENOSYS)
			no_openat2 = true;
		else if (errno != EAGAIN) /* EAGAIN: a rename raced the walk */
			return -errno;
	}
	if (!no_openat2)
		return -EAGAIN;
	return rlxc_walk_in_root(rootfd, path);
}
