// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * The helpers tries share (probe_impl.h): clock, results' text, children
 * with a deadline, small files. They need nothing of the probe table, so
 * the runtime's static rlxc-supervisor links them without the probes.
 */
#include "probe_impl.h"
#include "syscalls.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <poll.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

long probe_now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000L + ts.tv_nsec / 1000000L;
}

const char *probe_verdict_name(enum probe_verdict v)
{
	switch (v) {
	case PROBE_YES:
		return "yes";
	case PROBE_NO:
		return "no";
	case PROBE_PARTIAL:
		return "partial";
	case PROBE_UNKNOWN:
		break;
	}
	return "unknown";
}

static void vappend(char *buf, size_t len, const char *sep, const char *fmt, va_list ap)
{
	size_t used = strnlen(buf, len);

	if (used + 1 >= len)
		return;
	if (used > 0 && sep) {
		int n = snprintf(buf + used, len - used, "%s", sep);
		if (n < 0 || (size_t)n >= len - used)
			return;
		used += (size_t)n;
	}
	vsnprintf(buf + used, len - used, fmt, ap);
}

void probe_say(struct probe_out *out, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vappend(out->functional, sizeof(out->functional), "; ", fmt, ap);
	va_end(ap);
}

void probe_reason(struct probe_out *out, const char *fmt, ...)
{
	va_list ap;

	out->reason[0] = '\0';
	va_start(ap, fmt);
	vappend(out->reason, sizeof(out->reason), NULL, fmt, ap);
	va_end(ap);
}

enum probe_verdict probe_errno_verdict(int err)
{
	return (err == EPERM || err == EACCES) ? PROBE_UNKNOWN : PROBE_NO;
}

enum probe_verdict probe_fail(struct probe_out *out, int err, const char *what)
{
	probe_say(out, "%s: %s", what, strerror(err));
	return probe_errno_verdict(err);
}

/* Wait until pid exits or the deadline passes: poll a pidfd where the
 * kernel (and valgrind) have pidfd_open, else nap and look. */
static bool wait_exit(pid_t pid, long deadline)
{
	int fd = sys_pidfd_open(pid);

	if (fd >= 0) {
		struct pollfd p = {.fd = fd, .events = POLLIN};
		int r;

		while ((r = poll(&p, 1, (int)(deadline - probe_now_ms()))) < 0 && errno == EINTR)
			if (probe_now_ms() >= deadline)
				break;
		close(fd);
		return r > 0;
	}
	for (;;) {
		siginfo_t si = {0};

		if (waitid(P_PID, (id_t)pid, &si, WEXITED | WNOHANG | WNOWAIT) == 0 && si.si_pid)
			return true;
		if (probe_now_ms() >= deadline)
			return false;
		nanosleep(&(struct timespec){.tv_nsec = 200000}, NULL);
	}
}

int probe_wait_pid(pid_t pid, int timeout_ms)
{
	int status;

	if (!wait_exit(pid, probe_now_ms() + timeout_ms)) {
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

int probe_run_child(int (*fn)(void *), void *arg, int timeout_ms)
{
	pid_t pid = fork();

	if (pid < 0)
		return -1;
	if (pid == 0)
		_exit(fn(arg) & 0xff);
	return probe_wait_pid(pid, timeout_ms);
}

int probe_write_file(const char *path, const char *text)
{
	FILE *f = fopen(path, "we");
	int err = 0;

	if (!f)
		return -errno;
	if (fputs(text, f) == EOF)
		err = -errno;
	if (fclose(f) == EOF && !err)
		err = -errno;
	return err;
}

int probe_read_file(const char *path, char *buf, size_t len)
{
	FILE *f = fopen(path, "re");
	size_t n;

	if (!f)
		return -errno;
	n = fread(buf, 1, len - 1, f);
	buf[n] = '\0';
	fclose(f);
	return 0;
}
