// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * The terminal side of rlxc attach (attach_impl.h): the attached command's
 * session, its pty from the container's devpts, the relay of that pty to
 * the caller's terminal, and the signals the caller's terminal would have
 * sent it.
 */
#include "attach_impl.h"
#include "kernel/cleanup.h"
#include "kernel/syscalls.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

/* What the caller passes on to the command (rlxc_term_run ends on each). */
static const int forwarded[] = { SIGTERM, SIGHUP, SIGINT, SIGQUIT };

void rlxc_attach_tty_init(struct rlxc_attach_tty *t)
{
	memset(&t->caller, 0, sizeof(t->caller));
	t->caller.in = t->caller.out = -1;
	t->on = false;
	rlxc_pty_init(&t->pty);
}

void rlxc_attach_tty_close(struct rlxc_attach_tty *t)
{
	rlxc_pty_close(&t->pty);
}

/* The host's uid for uid in init's user namespace (its uid_map) in *host;
 * -1 there when it has none. 0 or -errno. */
static int host_uid(int procfd, uid_t uid, long *host, struct rlxc_error *err)
{
	unsigned long in, out, count;
	char text[4096], *line, *save = NULL;
	int fd = openat(procfd, "uid_map", O_RDONLY | O_CLOEXEC), e;
	ssize_t n = fd < 0 ? -1 : read(fd, text, sizeof(text) - 1);

	e = errno;
	if (fd >= 0)
		close(fd);
	if (n < 0)
		return rlxc_fail(err, e, "read the uid_map of the container's init");
	text[n] = '\0';
	*host = -1;
	for (line = strtok_r(text, "\n", &save); line; line = strtok_r(NULL, "\n", &save))
		if (sscanf(line, "%lu %lu %lu", &in, &out, &count) == 3 && uid >= in &&
		    uid - in < count)
			*host = (long)(out + (uid - in));
	return 0;
}

/* The slave is the command's user's, as a login's terminal is (not the
 * host's root, which a user namespace does not map: then only the fds
 * given reach it, never a path). An unmapped uid keeps root. */
static int give_slave(struct rlxc_attach_tty *t, int procfd, uid_t uid, struct rlxc_error *err)
{
	long host;
	int ret = host_uid(procfd, uid, &host, err);

	if (ret < 0 || host < 0)
		return ret;
	if (fchown(t->pty.slave, (uid_t)host, (gid_t)-1) < 0)
		return rlxc_fail(err, errno, "chown the command's pty to uid %u", (unsigned)uid);
	return 0;
}

int rlxc_attach_tty_open(struct rlxc_attach_tty *t, int procfd, const char *ptmx, uid_t uid,
			 struct rlxc_error *err)
{
	__cleanup_close int root = -1;
	int ret;

	if (!(t->on = rlxc_term_caller(&t->caller)))
		return 0;
	if ((root = openat(procfd, "root", O_PATH | O_DIRECTORY | O_CLOEXEC)) < 0)
		return rlxc_fail(err, errno, "open the root of the container's init");
	if ((ret = rlxc_pty_open(root, ptmx, &t->pty, err)) < 0) {
		rlxc_error_prefix(err, "a pty for the command");
		return ret;
	}
	/* born with the caller's size: the command may ask before the relay runs */
	rlxc_tty_copy_size(t->caller.in >= 0 ? t->caller.in : t->caller.out, t->pty.master);
	return give_slave(t, procfd, uid, err);
}

int rlxc_attach_tty_leave(struct rlxc_attach_tty *t, struct rlxc_error *err)
{
	if (t->pty.master >= 0)
		close(t->pty.master);
	t->pty.master = -1;
	if (setsid() < 0)
		return rlxc_fail(err, errno, "setsid (leave the caller's session)");
	return 0;
}

int rlxc_attach_tty_stdio(struct rlxc_attach_tty *t, struct rlxc_error *err)
{
	int ret;

	if (t->pty.slave < 0)
		return 0;
	ret = rlxc_pty_as_stdio(t->pty.slave, t->caller.tty, err);
	if (t->pty.slave > 2)
		close(t->pty.slave);
	t->pty.slave = -1;
	return ret;
}

int rlxc_attach_tty_session(const struct rlxc_attach_tty *t, struct rlxc_error *err)
{
	if (setsid() < 0)
		return rlxc_fail(err, errno, "setsid");
	return t->on ? rlxc_pty_take_ctty(t->caller.tty, err) : 0;
}

/* The pty to the caller's terminal until the command is gone (its pidfd
 * fires, or, without pidfd_open, every holder of the slave closed it); a
 * signal that ends the relay goes to the command, and the relay goes on.
 * The master is closed after: whatever still holds the slave is hung up. */
static int relay(struct rlxc_attach_tty *t, pid_t cmd, struct rlxc_error *err)
{
	struct rlxc_term_run o = {
		.in = t->caller.in,
		.out = t->caller.out,
		.master = t->pty.master,
		.escape = -1,
		.stop_fd = sys_pidfd_open(cmd),
	};
	int ret;

	while ((ret = rlxc_term_run(&o, err)) > 128)
		kill(cmd, ret - 128); /* not reaped yet: still ours */
	if (o.stop_fd >= 0)
		close(o.stop_fd);
	close(t->pty.master);
	t->pty.master = -1;
	return ret < 0 ? ret : 0;
}

/* Reap cmd, forwarding the signals of set but SIGCHLD until then. */
static int reap(pid_t cmd, const sigset_t *set, int *status)
{
	siginfo_t si;
	pid_t w;
	int st;

	while ((w = waitpid(cmd, &st, WNOHANG)) == 0 || (w < 0 && errno == EINTR))
		if (w == 0 && sigwaitinfo(set, &si) > 0 && si.si_signo != SIGCHLD)
			kill(cmd, si.si_signo);
	if (w < 0)
		return -errno;
	*status = WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
	return 0;
}

int rlxc_attach_tty_wait(struct rlxc_attach_tty *t, pid_t cmd, int *status, struct rlxc_error *err)
{
	const struct timespec now = { 0 };
	sigset_t set, old;
	int ret = 0, wret;

	/* blocked from here: each one that comes is forwarded, none is lost */
	sigemptyset(&set);
	for (size_t i = 0; i < sizeof(forwarded) / sizeof(forwarded[0]); i++)
		sigaddset(&set, forwarded[i]);
	sigaddset(&set, SIGCHLD);
	sigprocmask(SIG_BLOCK, &set, &old);
	*status = -1;
	if (t->pty.master >= 0)
		ret = relay(t, cmd, err);
	if ((wret = reap(cmd, &set, status)) < 0 && ret == 0)
		ret = rlxc_fail(err, -wret, "wait for the attached process");
	while (sigtimedwait(&set, NULL, &now) > 0)
		; /* came once the command was gone: nobody to pass them to */
	sigprocmask(SIG_SETMASK, &old, NULL);
	return ret;
}
