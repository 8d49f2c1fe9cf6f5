// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * The supervisor's request socket, RUN_DIR/sock (SOCK_SEQPACKET: one
 * request, one reply, never split). The client side is rlxc_control(); the
 * server side is used by supervisor.c.
 */
#include "control.h"

#include <errno.h>
#include <poll.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

static int sock_addr(struct sockaddr_un *sa, const char *run_dir)
{
	int n;

	memset(sa, 0, sizeof(*sa));
	sa->sun_family = AF_UNIX;
	n = snprintf(sa->sun_path, sizeof(sa->sun_path), "%s/sock", run_dir);
	return n < 0 || (size_t)n >= sizeof(sa->sun_path) ? -ENAMETOOLONG : 0;
}

int ctl_listen(const char *run_dir, struct rlxc_error *err)
{
	struct sockaddr_un sa;
	int fd, ret = sock_addr(&sa, run_dir);

	if (ret < 0)
		return rlxc_fail(err, -ret, "control socket in %s", run_dir);
	unlink(sa.sun_path); /* left by a supervisor that died: we hold the lock */
	fd = socket(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
	if (fd < 0)
		return rlxc_fail(err, errno, "control socket");
	if (bind(fd, (struct sockaddr *)&sa, sizeof(sa)) < 0 || listen(fd, 16) < 0) {
		ret = rlxc_fail(err, errno, "listen on %s", sa.sun_path);
		close(fd);
		return ret;
	}
	return fd;
}

void ctl_unlink(const char *run_dir)
{
	struct sockaddr_un sa;

	if (sock_addr(&sa, run_dir) == 0)
		unlink(sa.sun_path);
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
	int fd, ret = sock_addr(&sa, ct->run_dir);

	if (ret < 0)
		return rlxc_fail(err, -ret, "control socket in %s", ct->run_dir);
	fd = socket(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0);
	if (fd < 0)
		return rlxc_fail(err, errno, "control socket");
	if (connect(fd, (struct sockaddr *)&sa, sizeof(sa)) < 0) {
		ret = errno;
		close(fd);
		if (ret == ENOENT || ret == ECONNREFUSED) {
			rlxc_fail(err, 0, "%s is not running", ct->name);
			return -ESRCH;
		}
		return rlxc_fail(err, ret, "connect to %s", sa.sun_path);
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
