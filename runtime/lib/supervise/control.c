// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * The supervisor's request socket (SOCK_SEQPACKET: one request, one reply,
 * never split). The client side is rlxc_control(); the server side is used
 * by supervisor.c.
 *
 * It lives in the abstract namespace, as LXC's command socket does, named
 * "rlxc/" and a hash of RUN_DIR: nothing to create on disk (a socket inode
 * on this host's ext4 cost 0.3 ms a start) and nothing left when the
 * supervisor dies. Whoever can reach it may ask, so the supervisor answers
 * only root and its own user (SO_PEERCRED). It is seen from the network
 * namespace the supervisor runs in: the host's.
 */
#include "control_impl.h"

#include <errno.h>
#include <poll.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

/* The address of run_dir's socket: "\0rlxc/HASH" (FNV-1a, 64 bits). */
static socklen_t sock_addr(struct sockaddr_un *sa, const char *run_dir)
{
	uint64_t h = 0xcbf29ce484222325ULL;
	int n;

	for (const char *p = run_dir; *p; p++)
		h = (h ^ (unsigned char)*p) * 0x100000001b3ULL;
	memset(sa, 0, sizeof(*sa));
	sa->sun_family = AF_UNIX;
	n = snprintf(sa->sun_path + 1, sizeof(sa->sun_path) - 1, "rlxc/%016llx/command",
		     (unsigned long long)h);
	return (socklen_t)(offsetof(struct sockaddr_un, sun_path) + 1 + (size_t)n);
}

int ctl_listen(const char *run_dir, struct rlxc_error *err)
{
	struct sockaddr_un sa;
	socklen_t len = sock_addr(&sa, run_dir);
	int fd = socket(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC | SOCK_NONBLOCK, 0), ret;

	if (fd < 0)
		return rlxc_fail(err, errno, "control socket");
	if (bind(fd, (struct sockaddr *)&sa, len) < 0 || listen(fd, 16) < 0) {
		ret = rlxc_fail(err, errno, "listen on @%s (the control socket of %s)",
				sa.sun_path + 1, run_dir);
		close(fd);
		return ret;
	}
	return fd;
}

bool ctl_allowed(int fd)
{
	struct ucred cr;
	socklen_t len = sizeof(cr);

	if (getsockopt(fd, SOL_SOCKET, SO_PEERCRED, &cr, &len) < 0)
		return false;
	return cr.uid == 0 || cr.uid == geteuid();
}

int ctl_read(int fd, struct ctl_request *rq)
{
	ssize_t n = recv(fd, rq, sizeof(*rq), MSG_DONTWAIT);

	if (n == (ssize_t)sizeof(*rq))
		return 0;
	return n == 0 ? -ECONNRESET : n < 0 ? -errno : -EPROTO;
}

void ctl_reply(int fd, int status, const char *msg)
{
	struct ctl_reply r = { .status = status };

	snprintf(r.msg, sizeof(r.msg), "%s", msg ? msg : "");
	send(fd, &r, sizeof(r), MSG_NOSIGNAL | MSG_DONTWAIT);
}

/* Connect; -ESRCH when no supervisor listens. */
static int ctl_connect(const struct rlxc_container *ct, struct rlxc_error *err)
{
	struct sockaddr_un sa;
	socklen_t len = sock_addr(&sa, ct->run_dir);
	int fd = socket(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0), ret;

	if (fd < 0)
		return rlxc_fail(err, errno, "control socket");
	if (connect(fd, (struct sockaddr *)&sa, len) < 0) {
		ret = errno;
		close(fd);
		if (ret == ENOENT || ret == ECONNREFUSED) {
			rlxc_fail(err, 0, "%s is not running", ct->name);
			return -ESRCH;
		}
		return rlxc_fail(err, ret, "connect to @%s (%s's supervisor)", sa.sun_path + 1,
				 ct->name);
	}
	return fd;
}

int rlxc_control(const struct rlxc_container *ct, enum rlxc_op op, int arg,
		 struct rlxc_error *err)
{
	struct ctl_request rq = { .op = op, .arg = arg };
	struct ctl_reply r;
	ssize_t n;
	int fd = ctl_connect(ct, err);

	if (fd < 0)
		return fd;
	if (send(fd, &rq, sizeof(rq), MSG_NOSIGNAL) != (ssize_t)sizeof(rq)) {
		n = rlxc_fail(err, errno, "send to %s's supervisor", ct->name);
		close(fd);
		return (int)n;
	}
	/* the supervisor always answers: a stop once STOPPED, after its
	 * SIGKILL deadline at the latest */
	do
		n = recv(fd, &r, sizeof(r), 0);
	while (n < 0 && errno == EINTR);
	close(fd);
	if (n != (ssize_t)sizeof(r)) {
		/* it went away without a word: it is gone, and so is the container */
		return op == RLXC_OP_STOP ? 0 : rlxc_fail(err, 0, "%s: supervisor went away", ct->name);
	}
	if (r.status < 0) {
		r.msg[sizeof(r.msg) - 1] = '\0';
		rlxc_fail(err, 0, "%s", r.msg);
		err->code = -r.status;
		return r.status;
	}
	return 0;
}
