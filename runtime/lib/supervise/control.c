// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * The supervisor's request socket (SOCK_SEQPACKET: one request, one reply,
 * never split). The client side is rlxc_control(); the server side is used
 * by watch.c.
 *
 * It is RUN_DIR/command, a socket file of mode 0600 in a directory only
 * root and the owner can write: nobody else can connect to it, nor put one
 * of their own in its place, and a container sees it only if RUN_DIR is
 * in its mounts (an abstract name would be seen, and taken, from every
 * process of the host's network namespace, containers with lxc.net.0.type
 * = none too). RUN_DIR may be longer than sun_path's 108 bytes: both sides
 * name it "/proc/self/fd/N/command", N an O_PATH fd of RUN_DIR. Only the
 * holder of the container's lock makes or removes it; a killed
 * supervisor's stale one is replaced by the next.
 *
 * Each side checks the other: the supervisor answers only root and its own
 * user (SO_PEERCRED at accept, before it keeps anything of the client), and
 * the client asks only the process the state file names as the supervisor
 * (alive, its start time checked), running as root or as the client.
 *
 * rlxc console's request (RLXC_OP_CONSOLE) is answered with the master of
 * a pty of the container, passed with SCM_RIGHTS: only a client that got
 * past those checks ever holds one, and it must be a pty master to be taken
 * (rlxc_pty_check_master). The client keeps the connection open as long as
 * it holds the terminal: the supervisor gives it to nobody else meanwhile.
 */
#include "control_impl.h"

#include "state/state.h"
#include "term/pty.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

/* "/proc/self/fd/DIR/command" */
static socklen_t sock_addr(struct sockaddr_un *sa, int dir)
{
	int n;

	memset(sa, 0, sizeof(*sa));
	sa->sun_family = AF_UNIX;
	n = snprintf(sa->sun_path, sizeof(sa->sun_path), "/proc/self/fd/%d/" CTL_SOCKET, dir);
	return (socklen_t)(offsetof(struct sockaddr_un, sun_path) + (size_t)n + 1);
}

static int bind_listen(int fd, int dir)
{
	struct sockaddr_un sa;
	socklen_t len = sock_addr(&sa, dir);
	mode_t mask;
	int ret;

	/* the stale socket of a supervisor that was killed: we hold the lock */
	if (unlinkat(dir, CTL_SOCKET, 0) < 0 && errno != ENOENT)
		return -errno;
	mask = umask(0177); /* born 0600: no moment when others may connect */
	ret = bind(fd, (struct sockaddr *)&sa, len);
	umask(mask);
	return ret < 0 || listen(fd, 64) < 0 ? -errno : 0;
}

int ctl_listen(const char *run_dir, struct rlxc_error *err)
{
	int dir = open(run_dir, O_PATH | O_DIRECTORY | O_CLOEXEC), fd, ret;

	if (dir < 0)
		return rlxc_fail(err, errno, "open %s", run_dir);
	fd = socket(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
	if (fd < 0)
		ret = rlxc_fail(err, errno, "control socket");
	else if ((ret = bind_listen(fd, dir)) < 0)
		rlxc_fail(err, -ret, "listen on %s/" CTL_SOCKET " (the control socket)", run_dir);
	if (ret < 0 && fd >= 0)
		close(fd);
	close(dir);
	return ret < 0 ? ret : fd;
}

void ctl_unlisten(const char *run_dir)
{
	char path[PATH_MAX];

	if (snprintf(path, sizeof(path), "%s/" CTL_SOCKET, run_dir) < (int)sizeof(path))
		unlink(path);
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
	char buf[sizeof(*rq) + 1];
	ssize_t n = recv(fd, buf, sizeof(buf), MSG_DONTWAIT);

	if (n == (ssize_t)sizeof(*rq)) {
		memcpy(rq, buf, sizeof(*rq));
		return 0;
	}
	return n == 0 ? -ECONNRESET : n < 0 ? -errno : -EPROTO;
}

void ctl_reply(int fd, int status, const char *msg)
{
	struct ctl_reply r = { .status = status };

	snprintf(r.msg, sizeof(r.msg), "%s", msg ? msg : "");
	send(fd, &r, sizeof(r), MSG_NOSIGNAL | MSG_DONTWAIT);
}

int ctl_reply_fd(int fd, int passfd)
{
	struct ctl_reply r = { .status = 0 };

	return rlxc_fds_send(fd, &r, sizeof(r), &passfd, 1);
}

void ctl_refuse(int fd, int status, const char *msg)
{
	char byte;

	shutdown(fd, SHUT_RD); /* the client's send now fails with EPIPE */
	for (int i = 0; i < 1024 && recv(fd, &byte, 1, MSG_DONTWAIT) > 0; i++)
		; /* a record a read: the rest of it is dropped */
	ctl_reply(fd, status, msg);
	close(fd);
}

static int not_running(const struct rlxc_container *ct, struct rlxc_error *err)
{
	rlxc_fail(err, 0, "%s is not running", ct->name);
	err->code = ESRCH;
	return -ESRCH;
}

/* what failed with errnum: "open RUN_DIR", "connect to RUN_DIR/command" */
static int refused(const struct rlxc_container *ct, int errnum, const char *what,
		   struct rlxc_error *err)
{
	if (errnum == EACCES || errnum == EPERM)
		return rlxc_fail(err, errnum,
				 "only root and %s's owner may ask its supervisor (%s)", ct->name,
				 what);
	return rlxc_fail(err, errnum, "%s (%s's supervisor)", what, ct->name);
}

/* Connect to RUN_DIR/command; -ESRCH when no supervisor listens. */
static int ctl_connect(const struct rlxc_container *ct, struct rlxc_error *err)
{
	int dir = open(ct->run_dir, O_PATH | O_DIRECTORY | O_CLOEXEC), fd, ret = errno;
	char what[PATH_MAX + 32];
	struct sockaddr_un sa;
	socklen_t len;

	snprintf(what, sizeof(what), "open %s", ct->run_dir);
	if (dir < 0)
		return ret == ENOENT ? not_running(ct, err) : refused(ct, ret, what, err);
	len = sock_addr(&sa, dir);
	fd = socket(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0);
	if (fd < 0) {
		ret = rlxc_fail(err, errno, "control socket");
	} else if (connect(fd, (struct sockaddr *)&sa, len) < 0) {
		ret = errno;
		close(fd);
		snprintf(what, sizeof(what), "connect to %s/" CTL_SOCKET, ct->run_dir);
		ret = ret == ENOENT || ret == ECONNREFUSED ? not_running(ct, err)
							   : refused(ct, ret, what, err);
	} else {
		ret = fd;
	}
	close(dir);
	return ret;
}

/* Is the process that answers on fd ct's supervisor, as root or as us?
 * Its pid in *sup. */
static int check_peer(int fd, const struct rlxc_container *ct, pid_t *sup, struct rlxc_error *err)
{
	struct ucred cr;
	socklen_t len = sizeof(cr);
	struct rlxc_status st;
	int ret;

	if (getsockopt(fd, SOL_SOCKET, SO_PEERCRED, &cr, &len) < 0)
		return rlxc_fail(err, errno, "who answers on %s/" CTL_SOCKET, ct->run_dir);
	if ((ret = rlxc_status_read(ct->run_dir, &st, err)) < 0)
		return ret;
	if (st.supervisor <= 0) /* whoever answers, no live supervisor is there to ask */
		return not_running(ct, err);
	if (cr.pid != st.supervisor)
		return rlxc_fail(err, EPERM,
				 "%s: pid %d (uid %d) answers on %s/" CTL_SOCKET
				 ", not its supervisor (pid %d): not asking it",
				 ct->name, (int)cr.pid, (int)cr.uid, ct->run_dir,
				 (int)st.supervisor);
	if (cr.uid != 0 && cr.uid != geteuid())
		return rlxc_fail(err, EPERM,
				 "%s: its supervisor (pid %d) runs as uid %d, neither root nor us: "
				 "not asking it",
				 ct->name, (int)cr.pid, (int)cr.uid);
	*sup = cr.pid;
	return 0;
}

/* One reply, with the fd it carries in *passed (-1: none) when passed is
 * not NULL: its size, or -errno. */
static ssize_t recv_reply(int fd, struct ctl_reply *r, int *passed)
{
	size_t nfds = 0;
	ssize_t n;

	if (passed) {
		*passed = -1;
		n = rlxc_fds_recv(fd, r, sizeof(*r), passed, 1, &nfds);
		if (nfds == 0)
			*passed = -1;
		return n;
	}
	do
		n = recv(fd, r, sizeof(*r), 0);
	while (n < 0 && errno == EINTR);
	return n < 0 ? -errno : n;
}

/* Send rq and read the reply: 0, 1 when none came (closed or reset), or
 * -errno. A refused client finds the socket shut to its request (EPIPE)
 * and the answer, which says why, waiting. */
static int exchange(int fd, const struct ctl_request *rq, struct ctl_reply *r, int *passed,
		    const struct rlxc_container *ct, struct rlxc_error *err)
{
	ssize_t n = send(fd, rq, sizeof(*rq), MSG_NOSIGNAL);

	if (n < 0 && errno != EPIPE && errno != ECONNRESET)
		return rlxc_fail(err, errno, "send to %s's supervisor", ct->name);
	n = recv_reply(fd, r, passed);
	if (n != (ssize_t)sizeof(*r))
		return 1;
	r->msg[sizeof(r->msg) - 1] = '\0';
	return 0;
}

/* The supervisor sup did not answer: it ended (and the container with it,
 * "not running"), or it hung up on us. */
static int no_answer(const struct rlxc_container *ct, pid_t sup, struct rlxc_error *err)
{
	struct rlxc_status st;
	int ret = rlxc_status_read(ct->run_dir, &st, err);

	if (ret < 0)
		return ret;
	if (st.supervisor != sup)
		return not_running(ct, err);
	return rlxc_fail(err, 0, "%s: its supervisor (pid %d) hung up without an answer", ct->name,
			 (int)sup);
}

/* A stop is answered once STOPPED: say so only when it is. */
static int check_stopped(const struct rlxc_container *ct, pid_t sup, struct rlxc_error *err)
{
	struct rlxc_status st;
	int ret = rlxc_status_read(ct->run_dir, &st, err);

	if (ret < 0)
		return ret;
	if (st.supervisor == sup && st.state != RLXC_STOPPED)
		return rlxc_fail(err, 0, "%s: its supervisor answered the stop, but it is %s",
				 ct->name, rlxc_state_name(st.state));
	return 0;
}

static int answer(const struct rlxc_container *ct, const struct ctl_reply *r,
		  struct rlxc_error *err)
{
	if (r->status > 0 || r->status < -4095)
		return rlxc_fail(err, EPROTO, "%s's supervisor answered %d", ct->name, r->status);
	rlxc_fail(err, 0, "%s", r->msg);
	err->code = -r->status;
	return r->status;
}

int rlxc_control(const struct rlxc_container *ct, enum rlxc_op op, int arg, struct rlxc_error *err)
{
	struct ctl_request rq = { .op = op, .arg = arg };
	struct ctl_reply r;
	pid_t sup = 0;
	int fd = ctl_connect(ct, err), ret;

	if (fd < 0)
		return fd;
	if ((ret = check_peer(fd, ct, &sup, err)) == 0)
		ret = exchange(fd, &rq, &r, NULL, ct, err);
	close(fd);
	if (ret == 1)
		return no_answer(ct, sup, err);
	if (ret < 0)
		return ret;
	if (r.status != 0)
		return answer(ct, &r, err);
	return op == RLXC_OP_STOP ? check_stopped(ct, sup, err) : 0;
}

/* What the console request got: 0 with the master in *got, or -errno. */
static int console_answer(const struct rlxc_container *ct, int ret, pid_t sup,
			  const struct ctl_reply *r, int got, struct rlxc_error *err)
{
	if (ret == 1)
		return no_answer(ct, sup, err);
	if (ret < 0)
		return ret;
	if (r->status != 0)
		return answer(ct, r, err);
	if (got < 0)
		return rlxc_fail(err, EPROTO, "%s's supervisor answered without a terminal",
				 ct->name);
	return rlxc_pty_check_master(got, err);
}

int rlxc_console_open(const struct rlxc_container *ct, int tty, int *master, int *holder,
		      struct rlxc_error *err)
{
	struct ctl_request rq = { .op = RLXC_OP_CONSOLE, .arg = tty };
	struct ctl_reply r = { 0 };
	int fd = ctl_connect(ct, err), got = -1, ret;
	pid_t sup = 0;

	*master = *holder = -1;
	if (fd < 0)
		return fd;
	if ((ret = check_peer(fd, ct, &sup, err)) == 0)
		ret = exchange(fd, &rq, &r, &got, ct, err);
	if ((ret = console_answer(ct, ret, sup, &r, got, err)) < 0) {
		if (got >= 0)
			close(got);
		close(fd);
		return ret;
	}
	*master = got;
	*holder = fd;
	return 0;
}
