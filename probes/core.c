// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * The probe cache and the helpers tries share. Running the tries is
 * runner.c's job; here the parent adds the config and module evidence to
 * each result and derives the reason. Every result is cached for the life
 * of the process.
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

static struct probe_result *results; /* probe_count entries, made once */
static bool *done;

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

static bool ensure_cache(void)
{
	if (results)
		return true;
	results = calloc(probe_count, sizeof(*results));
	done = calloc(probe_count, sizeof(*done));
	if (!results || !done) {
		free(results);
		free(done);
		results = NULL;
		done = NULL;
		return false;
	}
	return true;
}

static void add_evidence(size_t i)
{
	const struct probe *p = &probe_table[i];
	struct probe_result *r = &results[i];
	const struct kconfig *kc = kconfig_host();

	kconfig_evidence(kc, p->config, r->config, sizeof(r->config));
	if (p->module)
		kmod_evidence(p->module, r->module, sizeof(r->module));
	else
		snprintf(r->module, sizeof(r->module), "not a module");
	probe_compose_reason(p, r, kc);
}

void probe_run_selected(const bool *selected)
{
	bool *pending;

	if (!ensure_cache())
		return;
	pending = calloc(probe_count, sizeof(*pending));
	if (!pending)
		return;
	for (size_t i = 0; i < probe_count; i++) {
		if ((selected && !selected[i]) || done[i])
			continue;
		if (probe_cache_load(&probe_table[i], &results[i])) {
			done[i] = true;
			add_evidence(i);
		} else {
			pending[i] = true;
		}
	}
	probe_run_tries(probe_table, probe_count, pending, results);
	for (size_t i = 0; i < probe_count; i++) {
		if (pending[i]) {
			done[i] = true;
			add_evidence(i);
			probe_cache_store(&probe_table[i], &results[i]);
		}
	}
	free(pending);
}

const struct probe_result *probe_result_at(size_t i)
{
	if (i >= probe_count || !ensure_cache())
		return NULL;
	if (!done[i]) {
		bool *sel = calloc(probe_count, sizeof(*sel));
		if (!sel)
			return NULL;
		sel[i] = true;
		probe_run_selected(sel);
		free(sel);
	}
	return &results[i];
}

const struct probe_result *probe_get(const char *id)
{
	const struct probe *p = probe_find(id);

	return p ? probe_result_at((size_t)(p - probe_table)) : NULL;
}
