// SPDX-License-Identifier: LGPL-2.1-or-later
/* Ptys from a container's devpts, and fd passing (pty.h). */
#include "pty.h"

#include "kernel/cleanup.h"
#include "kernel/inroot.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <sys/sysmacros.h>
#include <termios.h>
#include <unistd.h>

#ifndef DEVPTS_SUPER_MAGIC
#define DEVPTS_SUPER_MAGIC 0x1cd1
#endif
#ifndef TIOCGPTPEER
#define TIOCGPTPEER _IO('T', 0x41)
#endif

void rlxc_pty_init(struct rlxc_pty *p)
{
	*p = (struct rlxc_pty){ .master = -1, .slave = -1, .index = -1 };
}

void rlxc_pty_close(struct rlxc_pty *p)
{
	if (p->master >= 0)
		close(p->master);
	if (p->slave >= 0)
		close(p->slave);
	rlxc_pty_init(p);
}

static bool is_ptmx(const struct stat *st)
{
	return S_ISCHR(st->st_mode) && major(st->st_rdev) == 5 && minor(st->st_rdev) == 2;
}

/* PATH in ROOTFD, checked to be a ptmx before any device is opened, then
 * opened through the O_PATH fd (the very inode checked). The fd, -ENXIO
 * when it is not a ptmx, or -errno. */
static int open_ptmx(int rootfd, const char *path)
{
	__cleanup_close int node = rlxc_open_in_root(rootfd, path);
	char self[64];
	struct stat st;
	int fd;

	if (node < 0)
		return node;
	if (fstat(node, &st) < 0)
		return -errno;
	if (!is_ptmx(&st))
		return -ENXIO;
	snprintf(self, sizeof(self), "/proc/self/fd/%d", node);
	fd = open(self, O_RDWR | O_NOCTTY | O_NONBLOCK | O_CLOEXEC);
	return fd < 0 ? -errno : fd;
}

/* Unlock the new pty, learn its number, open its peer. */
static int open_peer(struct rlxc_pty *p, const char *path, struct rlxc_error *err)
{
	struct statfs sf;
	int unlock = 0;

	if (ioctl(p->master, TIOCSPTLCK, &unlock) < 0 || ioctl(p->master, TIOCGPTN, &p->index) < 0)
		return rlxc_fail(err, errno, "unlock a new pty of %s", path);
	p->slave = ioctl(p->master, TIOCGPTPEER, O_RDWR | O_NOCTTY | O_CLOEXEC);
	if (p->slave < 0)
		return rlxc_fail(err, errno, "open the peer of a new pty of %s (TIOCGPTPEER)",
				 path);
	if (fstatfs(p->slave, &sf) < 0)
		return rlxc_fail(err, errno, "statfs the peer of a new pty of %s", path);
	if (sf.f_type != DEVPTS_SUPER_MAGIC)
		return rlxc_fail(err, 0, "the peer of a new pty of %s is not on a devpts", path);
	return 0;
}

int rlxc_pty_open(int rootfd, const char *path, struct rlxc_pty *p, struct rlxc_error *err)
{
	int ret;

	rlxc_pty_init(p);
	p->master = open_ptmx(rootfd, path);
	if (p->master == -ENXIO)
		return rlxc_fail(err, 0, "open %s (a new pty): not a ptmx (char 5:2)", path);
	if (p->master < 0) {
		ret = p->master;
		p->master = -1;
		return rlxc_fail(err, -ret, "open %s (a new pty)", path);
	}
	if ((ret = open_peer(p, path, err)) < 0)
		rlxc_pty_close(p);
	return ret;
}

int rlxc_pty_as_stdio(int slave, const bool which[3], struct rlxc_error *err)
{
	for (int i = 0; i < 3; i++)
		if (which[i] && dup2(slave, i) < 0)
			return rlxc_fail(err, errno, "the pty as fd %d", i);
	return 0;
}

int rlxc_pty_take_ctty(const bool which[3], struct rlxc_error *err)
{
	int i = 0;

	while (i < 3 && !which[i])
		i++;
	if (i < 3 && ioctl(i, TIOCSCTTY, 0) < 0)
		return rlxc_fail(err, errno, "the pty as the controlling terminal");
	return 0;
}

int rlxc_pty_check_master(int fd, struct rlxc_error *err)
{
	struct stat st;
	int n;

	if (fstat(fd, &st) < 0)
		return rlxc_fail(err, errno, "fstat the pty passed to us");
	if (!is_ptmx(&st) || ioctl(fd, TIOCGPTN, &n) < 0)
		return rlxc_fail(err, EPROTO, "the fd passed to us is not the master of a pty");
	return 0;
}

int rlxc_fds_send(int sock, const void *data, size_t len, const int *fds, size_t n)
{
	char cbuf[CMSG_SPACE(sizeof(int) * RLXC_FDS_MAX)];
	struct iovec iov = { .iov_base = (void *)data, .iov_len = len };
	struct msghdr mh = { .msg_iov = &iov, .msg_iovlen = 1 };
	struct cmsghdr *cm;
	ssize_t sent;

	if (n > RLXC_FDS_MAX)
		return -EINVAL;
	if (n) {
		memset(cbuf, 0, sizeof(cbuf));
		mh.msg_control = cbuf;
		mh.msg_controllen = CMSG_SPACE(sizeof(int) * n);
		cm = CMSG_FIRSTHDR(&mh);
		cm->cmsg_level = SOL_SOCKET;
		cm->cmsg_type = SCM_RIGHTS;
		cm->cmsg_len = CMSG_LEN(sizeof(int) * n);
		memcpy(CMSG_DATA(cm), fds, sizeof(int) * n);
	}
	do
		sent = sendmsg(sock, &mh, MSG_NOSIGNAL);
	while (sent < 0 && errno == EINTR);
	if (sent < 0)
		return -errno;
	return (size_t)sent == len ? 0 : -EMSGSIZE;
}

/* The fds of one SCM_RIGHTS header: kept up to max, the others closed. */
static bool take_fds(struct cmsghdr *cm, int *fds, size_t max, size_t *n)
{
	size_t count = (cm->cmsg_len - CMSG_LEN(0)) / sizeof(int);
	bool all = true;
	int fd;

	for (size_t i = 0; i < count; i++) {
		memcpy(&fd, CMSG_DATA(cm) + i * sizeof(int), sizeof(int));
		if (*n < max) {
			fds[(*n)++] = fd;
		} else {
			close(fd);
			all = false;
		}
	}
	return all;
}

ssize_t rlxc_fds_recv(int sock, void *data, size_t len, int *fds, size_t max, size_t *n)
{
	char cbuf[CMSG_SPACE(sizeof(int) * RLXC_FDS_MAX)];
	struct iovec iov = { .iov_base = data, .iov_len = len };
	struct msghdr mh = { .msg_iov = &iov, .msg_iovlen = 1 };
	bool all = true;
	ssize_t got;

	*n = 0;
	mh.msg_control = cbuf;
	mh.msg_controllen = sizeof(cbuf);
	do
		got = recvmsg(sock, &mh, MSG_CMSG_CLOEXEC);
	while (got < 0 && errno == EINTR);
	if (got < 0)
		return -errno;
	for (struct cmsghdr *cm = CMSG_FIRSTHDR(&mh); cm; cm = CMSG_NXTHDR(&mh, cm))
		if (cm->cmsg_level == SOL_SOCKET && cm->cmsg_type == SCM_RIGHTS)
			all &= take_fds(cm, fds, max, n);
	if (all && !(mh.msg_flags & (MSG_CTRUNC | MSG_TRUNC)))
		return got;
	while (*n > 0)
		close(fds[--*n]);
	return -EMSGSIZE;
}
