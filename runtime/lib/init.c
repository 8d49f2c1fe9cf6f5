// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * rlxc's minimal init for application containers (see init.h).
 */
#include "init.h"
#include "proc_setup.h"

#include <errno.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/signalfd.h>
#include <sys/wait.h>
#include <unistd.h>

static const int forwarded[] = { SIGTERM, SIGINT,  SIGHUP, SIGQUIT,
				 SIGUSR1, SIGUSR2, SIGPWR, SIGWINCH };

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
	in->cmd = fork();
	if (in->cmd < 0) {
		close(in->sigfd);
		return rlxc_fail(err, errno, "fork %s", argv[0]);
	}
	if (in->cmd == 0)
		rlxc_proc_exec(argv);
	return 0;
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
	int status = 0;
	bool done = false;
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
