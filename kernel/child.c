// SPDX-License-Identifier: LGPL-2.1-or-later
/* A child with a deadline (child.h). */
#include "child.h"
#include "clock.h"
#include "syscalls.h"

#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdbool.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

/* Wait until pid exits or the deadline passes: poll a pidfd where the
 * kernel (and valgrind) have pidfd_open, else nap and look. */
static bool wait_exit(pid_t pid, long deadline)
{
	int fd = sys_pidfd_open(pid);

	if (fd >= 0) {
		struct pollfd p = {.fd = fd, .events = POLLIN};
		int r;

		while ((r = poll(&p, 1, (int)(deadline - rlxc_now_ms()))) < 0 && errno == EINTR)
			if (rlxc_now_ms() >= deadline)
				break;
		close(fd);
		return r > 0;
	}
	for (;;) {
		siginfo_t si = {0};

		if (waitid(P_PID, (id_t)pid, &si, WEXITED | WNOHANG | WNOWAIT) == 0 && si.si_pid)
			return true;
		if (rlxc_now_ms() >= deadline)
			return false;
		nanosleep(&(struct timespec){.tv_nsec = 200000}, NULL);
	}
}

int rlxc_wait_pid(pid_t pid, int timeout_ms)
{
	int status;

	if (!wait_exit(pid, rlxc_now_ms() + timeout_ms)) {
		kill(pid, SIGKILL);
		waitpid(pid, &status, 0);
		errno = ETIMEDOUT;
		return -1;
	}
	while (waitpid(pid, &status, 0) < 0)
		if (errno != EINTR)
			return -1;
	if (WIFEXITED(status))
		return WEXITSTATUS(status);
	errno = EINTR;
	return -1;
}

int rlxc_run_child(int (*fn)(void *), void *arg, int timeout_ms)
{
	pid_t pid = fork();

	if (pid < 0)
		return -1;
	if (pid == 0)
		_exit(fn(arg) & 0xff);
	return rlxc_wait_pid(pid, timeout_ms);
}
