// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * rlxc's minimal init for application containers (see init_impl.h).
 */
#include "init_impl.h"
#include "proc_setup_impl.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/signalfd.h>
#include <sys/wait.h>
#include <termios.h>
#include <unistd.h>

static const int forwarded[] = { SIGTERM, SIGINT,  SIGHUP, SIGQUIT,
				 SIGUSR1, SIGUSR2, SIGPWR, SIGWINCH };

/* In CMD, its signals still blocked: when init's stdin is its controlling
 * terminal (the console's pty of a foreground rlxc execute), CMD gets a
 * process group of its own, the terminal's foreground one, so that a ^C
 * typed there reaches CMD once, from the line discipline, and not also
 * through init, which forwards the SIGINT it would get too (SIGTTOU is
 * blocked: tcsetpgrp from the background is allowed). */
static void foreground(void)
{
	if (isatty(STDIN_FILENO) && tcgetsid(STDIN_FILENO) == getsid(0) && setpgid(0, 0) == 0)
		tcsetpgrp(STDIN_FILENO, getpid());
}

/* CMD with an empty signal mask (its dispositions are the defaults by
 * now). vfork: no copy of rlxc's address space; an exec that fails sends
 * its errno up a close-on-exec pipe, which also works where vfork is a
 * plain fork (valgrind). */
static int spawn(struct rlxc_init *in, char *const *argv, struct rlxc_error *err)
{
	int p[2], e = 0;
	sigset_t none;

	sigemptyset(&none);
	if (pipe2(p, O_CLOEXEC) < 0) {
		close(in->sigfd);
		return rlxc_fail(err, errno, "pipe");
	}
	in->cmd = vfork();
	if (in->cmd == 0) {
		foreground();
		sigprocmask(SIG_SETMASK, &none, NULL);
		execvp(argv[0], argv);
		e = errno;
		_exit(write(p[1], &e, sizeof(e)) == (ssize_t)sizeof(e) ? 127 : 126);
	}
	close(p[1]);
	if (in->cmd < 0) {
		e = errno;
		close(p[0]);
		close(in->sigfd);
		return rlxc_fail(err, e, "start %s", argv[0]);
	}
	if (read(p[0], &e, sizeof(e)) == (ssize_t)sizeof(e)) {
		waitpid(in->cmd, NULL, 0);
		in->cmd = -1;
		in->status = W_EXITCODE(rlxc_proc_exec_failed(argv[0], e), 0);
	}
	close(p[0]);
	return 0;
}

int rlxc_init_start(struct rlxc_init *in, char *const *argv, struct rlxc_error *err)
{
	sigset_t all, fd_set;

	prctl(PR_SET_NAME, "rlxc-init", 0, 0, 0);
	sigfillset(&all);
	sigemptyset(&fd_set);
	sigaddset(&fd_set, SIGCHLD);
	for (size_t i = 0; i < sizeof(forwarded) / sizeof(forwarded[0]); i++)
		sigaddset(&fd_set, forwarded[i]);
	if (sigprocmask(SIG_SETMASK, &all, NULL) < 0)
		return rlxc_fail(err, errno, "block signals");
	in->sigfd = signalfd(-1, &fd_set, SFD_CLOEXEC);
	if (in->sigfd < 0)
		return rlxc_fail(err, errno, "signalfd");
	return spawn(in, argv, err);
}

/* Reap every zombie; true once CMD is among them (its status in *status). */
static bool reap(pid_t cmd, int *status)
{
	bool cmd_done = false;
	pid_t pid;
	int st;

	while ((pid = waitpid(-1, &st, WNOHANG)) > 0)
		if (pid == cmd) {
			*status = st;
			cmd_done = true;
		}
	return cmd_done || (pid < 0 && errno == ECHILD);
}

int rlxc_init_wait(struct rlxc_init *in)
{
	struct signalfd_siginfo si;
	int status = in->status;
	bool done = in->cmd < 0;
	ssize_t n;

	while (!done) {
		n = read(in->sigfd, &si, sizeof(si));
		if (n < 0 && errno == EINTR)
			continue;
		if (n != (ssize_t)sizeof(si)) {
			status = W_EXITCODE(255, 0);
			break;
		}
		if (si.ssi_signo == SIGCHLD)
			done = reap(in->cmd, &status);
		else
			kill(in->cmd, (int)si.ssi_signo);
	}
	kill(-1, SIGKILL);
	while (waitpid(-1, NULL, 0) > 0 || errno == EINTR)
		;
	close(in->sigfd);
	return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}
