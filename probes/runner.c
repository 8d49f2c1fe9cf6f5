// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Running functional tries: each in a throwaway child (its own process
 * group, so whatever it forks dies with it), all selected tries at once,
 * each bounded by its probe's timeout. A child sends back its verdict and
 * struct probe_out in one write smaller than PIPE_BUF, so the parent reads
 * all of it or nothing. A child that crashes, hangs or exits without an
 * answer becomes an "unknown" result that says so.
 */
#include "probe_impl.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define ANSWER_SIZE (1 + sizeof(struct probe_out))
_Static_assert(ANSWER_SIZE <= PIPE_BUF, "an answer must fit one atomic pipe write");

struct slot {
	pid_t pid; /* 0: never started */
	int fd;	   /* -1: finished */
	bool answered, timed_out;
	long started_ms, deadline_ms;
	int timeout_ms;
};

/* In the child: try, send the answer, exit without touching the parent's
 * stdio buffers or atexit handlers. */
static void __attribute__((noreturn)) run_try(const struct probe *p, int fd)
{
	char buf[ANSWER_SIZE];
	struct probe_out out;

	setpgid(0, 0);
	/* the parent still has dozens of forks to make: let it go first */
	setpriority(PRIO_PROCESS, 0, 5);
	memset(&out, 0, sizeof(out));
	buf[0] = (char)p->try(&out);
	memcpy(buf + 1, &out, sizeof(out));
	_exit(write(fd, buf, sizeof(buf)) == (ssize_t)sizeof(buf) ? 0 : 1);
}

static void start_one(const struct probe *p, struct slot *s, struct probe_result *r, long start)
{
	int fds[2];

	memset(r, 0, sizeof(*r));
	s->fd = -1;
	if (pipe2(fds, O_CLOEXEC) < 0) {
		snprintf(r->functional, PROBE_TEXT, "pipe: %s", strerror(errno));
		return;
	}
	s->pid = fork();
	if (s->pid == 0) {
		close(fds[0]);
		run_try(p, fds[1]);
	}
	close(fds[1]);
	if (s->pid < 0) {
		snprintf(r->functional, PROBE_TEXT, "fork: %s", strerror(errno));
		close(fds[0]);
		return;
	}
	s->fd = fds[0];
	s->timeout_ms = p->timeout_ms ? p->timeout_ms : PROBE_TIMEOUT_MS;
	s->started_ms = start;
	s->deadline_ms = start + s->timeout_ms;
}

/* Take the answer, if one came, into r. */
static bool read_answer(struct slot *s, struct probe_result *r)
{
	char buf[ANSWER_SIZE];
	struct probe_out out;
	unsigned char v;

	if (read(s->fd, buf, sizeof(buf)) != (ssize_t)sizeof(buf))
		return false;
	v = (unsigned char)buf[0];
	memcpy(&out, buf + 1, sizeof(out));
	r->verdict = v <= PROBE_PARTIAL ? (enum probe_verdict)v : PROBE_UNKNOWN;
	snprintf(r->functional, PROBE_TEXT, "%.*s", PROBE_TEXT - 1, out.functional);
	snprintf(r->reason, PROBE_TEXT, "%.*s", PROBE_TEXT - 1, out.reason);
	if (!r->functional[0])
		snprintf(r->functional, PROBE_TEXT, "the try said nothing");
	return true;
}

/* Take the answer (or the lack of one) and close the pipe; the child is
 * reaped later, with the others, so namespace teardowns overlap. */
static void finish_one(struct slot *s, struct probe_result *r, bool timed_out)
{
	s->answered = !timed_out && read_answer(s, r);
	r->elapsed_ms = (int)(rlxc_now_ms() - s->started_ms);
	s->timed_out = timed_out;
	if (timed_out)
		kill(s->pid, SIGKILL);
	close(s->fd);
	s->fd = -1;
}

/* Reap a finished child, ending its whole group (a try may leave
 * grandchildren behind); explain a missing answer. */
static void reap_one(struct slot *s, struct probe_result *r)
{
	int status = 0;

	kill(-s->pid, SIGKILL);
	waitpid(s->pid, &status, 0);
	if (s->answered)
		return;
	r->verdict = PROBE_UNKNOWN;
	if (s->timed_out)
		snprintf(r->functional, PROBE_TEXT, "no answer within %d ms; killed",
			 s->timeout_ms);
	else if (WIFSIGNALED(status))
		snprintf(r->functional, PROBE_TEXT, "probe process died of signal %d (%s)",
			 WTERMSIG(status), strsignal(WTERMSIG(status)));
	else
		snprintf(r->functional, PROBE_TEXT, "probe process exited %d without an answer",
			 WEXITSTATUS(status));
}

/* One round: finish the overdue, poll the rest until the next deadline.
 * Returns how many are still running. */
static size_t poll_round(struct slot *slots, size_t n, struct probe_result *res, struct pollfd *pfd,
			 size_t *idx)
{
	long now = rlxc_now_ms(), next = -1;
	size_t live = 0;

	for (size_t i = 0; i < n; i++) {
		if (slots[i].fd < 0)
			continue;
		if (now >= slots[i].deadline_ms) {
			finish_one(&slots[i], &res[i], true);
			continue;
		}
		if (next < 0 || slots[i].deadline_ms < next)
			next = slots[i].deadline_ms;
		pfd[live] = (struct pollfd){.fd = slots[i].fd, .events = POLLIN};
		idx[live++] = i;
	}
	if (live == 0 || poll(pfd, live, (int)(next - now)) < 0)
		return live; /* EINTR: go round again */
	for (size_t k = 0; k < live; k++)
		if (pfd[k].revents)
			finish_one(&slots[idx[k]], &res[idx[k]], false);
	return live;
}

void probe_run_tries(const struct probe *table, size_t n, const bool *sel,
		     struct probe_result *res, void (*meanwhile)(void *arg), void *arg)
{
	struct slot *slots = calloc(n, sizeof(*slots));
	struct pollfd *pfd = calloc(n, sizeof(*pfd));
	size_t *idx = calloc(n, sizeof(*idx));
	long start = rlxc_now_ms();

	if (!slots || !pfd || !idx)
		goto out;
	fflush(NULL); /* nothing buffered may be written twice by a child */
	for (size_t i = 0; i < n; i++)
		slots[i].fd = -1;
	/* a probe given more time than the default is a slow one: start
	 * those first, so the slowest is not also the last to begin */
	for (int slow = 1; slow >= 0; slow--)
		for (size_t i = 0; i < n; i++)
			if (sel[i] && (table[i].timeout_ms > PROBE_TIMEOUT_MS) == slow)
				start_one(&table[i], &slots[i], &res[i], start);
	if (meanwhile)
		meanwhile(arg);
	while (poll_round(slots, n, res, pfd, idx) > 0)
		;
	for (size_t i = 0; i < n; i++)
		if (slots[i].pid > 0)
			reap_one(&slots[i], &res[i]);
out:
	free(slots);
	free(pfd);
	free(idx);
}
