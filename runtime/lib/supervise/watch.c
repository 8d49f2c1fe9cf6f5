// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * The supervisor once the container is RUNNING (watch.h). The
 * main loop waits on one poll set: a signalfd (init exiting, signals to
 * forward), the request socket and its clients, and the SIGKILL deadline
 * of a stop. Linked into rlxc and into the static rlxc-supervisor: it uses
 * the state file, the monitors, the cgroups and the control socket, and
 * nothing that would bring a shared library with it.
 */
#include "watch.h"

#include "control_impl.h"
#include "monitor.h"
#include "kernel/clock.h"

#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/signalfd.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

void rlxc_sup_init(struct sup *s)
{
	*s = (struct sup){ .lock_fd = -1, .listen_fd = -1, .sig_fd = -1, .notify_fd = -1 };
	for (int i = 0; i < RLXC_SUP_MAX_CLIENTS; i++)
		s->clients[i] = s->waiters[i] = -1;
}

int rlxc_sup_transition(struct sup *s, enum rlxc_event ev, struct rlxc_error *err)
{
	int ret = rlxc_state_apply(&s->st.state, ev, s->name, err);

	if (ret < 0)
		return ret;
	clock_gettime(CLOCK_REALTIME, &s->st.since);
	ret = rlxc_status_write(s->run_dir, &s->st, err);
	rlxc_monitor_publish(s->runtime, s->name, s->st.state, &s->st.since);
	return ret;
}

void rlxc_sup_teardown(struct sup *s)
{
	struct rlxc_error ignored;

	if (s->cg) {
		/* the saved paths go with the cgroups: only a supervisor that
		 * died leaves them for the next one to clean */
		if (rlxc_cgroup_destroy(s->cg, &ignored) == 0)
			rlxc_cgroup_forget(s->run_dir, &ignored);
		s->cg = NULL;
	}
	if (s->st.init > 0 && !s->init_gone) {
		kill(s->st.init, SIGKILL);
		waitpid(s->st.init, NULL, 0);
		s->init_gone = true;
	}
}

static void reap_init(struct sup *s)
{
	int status;

	if (s->init_gone || waitpid(s->st.init, &status, WNOHANG) != s->st.init)
		return;
	s->init_gone = true;
	s->status = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

static int request_stop(struct sup *s, int timeout, struct rlxc_error *err)
{
	int ret = 0;

	if (s->st.state != RLXC_STOPPING && (ret = rlxc_sup_transition(s, RLXC_EV_STOP, err)) < 0)
		return ret;
	if (s->cg)
		rlxc_cgroup_thaw(s->cg, err); /* a frozen init cannot take its signal */
	kill(s->st.init, timeout > 0 ? s->halt_signal : SIGKILL);
	s->kill_at = rlxc_now_ms() + (timeout > 0 ? timeout * 1000L : 0);
	return 0;
}

/* Freeze or thaw: only where the state table allows it (else its words),
 * the cgroup first, then the transition. */
static int freezer(struct sup *s, enum rlxc_event ev,
		   int (*op)(struct rlxc_cgroup *, struct rlxc_error *), struct rlxc_error *err)
{
	enum rlxc_state check = s->st.state;
	int ret = rlxc_state_apply(&check, ev, s->name, err);

	if (ret == 0)
		ret = op(s->cg, err);
	return ret < 0 ? ret : rlxc_sup_transition(s, ev, err);
}

static int handle_request(struct sup *s, int fd, const struct ctl_request *rq)
{
	struct rlxc_error err = { 0 };
	int ret;

	switch (rq->op) {
	case RLXC_OP_STOP:
		if ((ret = request_stop(s, rq->arg, &err)) < 0)
			break;
		for (int i = 0; i < RLXC_SUP_MAX_CLIENTS; i++)
			if (s->waiters[i] < 0) {
				s->waiters[i] = fd;
				return 1; /* answered once STOPPED */
			}
		ret = 0;
		break;
	case RLXC_OP_KILL:
		ret = kill(s->st.init, rq->arg) < 0 ? rlxc_fail(&err, errno, "kill %s", s->name)
						     : 0;
		break;
	case RLXC_OP_FREEZE:
		ret = freezer(s, RLXC_EV_FREEZE, rlxc_cgroup_freeze, &err);
		break;
	case RLXC_OP_UNFREEZE:
		ret = freezer(s, RLXC_EV_UNFREEZE, rlxc_cgroup_thaw, &err);
		break;
	default:
		ret = rlxc_fail(&err, 0, "unknown request %d", rq->op);
	}
	ctl_reply(fd, ret < 0 ? ret : 0, err.msg);
	return 0;
}

static void accept_clients(struct sup *s)
{
	int fd;

	while ((fd = accept4(s->listen_fd, NULL, NULL, SOCK_CLOEXEC | SOCK_NONBLOCK)) >= 0) {
		int i = 0;

		while (i < RLXC_SUP_MAX_CLIENTS && s->clients[i] >= 0)
			i++;
		if (i == RLXC_SUP_MAX_CLIENTS) {
			ctl_reply(fd, -EBUSY, "supervisor busy");
			close(fd);
		} else {
			s->clients[i] = fd;
		}
	}
}

static void serve_client(struct sup *s, int i)
{
	struct ctl_request rq;
	int fd = s->clients[i];

	s->clients[i] = -1;
	if (ctl_read(fd, &rq) < 0) {
		close(fd);
	} else if (!ctl_allowed(fd)) {
		ctl_reply(fd, -EPERM, "only root and the container's owner may ask");
		close(fd);
	} else if (handle_request(s, fd, &rq) == 0) {
		close(fd);
	}
}

static void handle_signals(struct sup *s)
{
	struct signalfd_siginfo si;

	while (read(s->sig_fd, &si, sizeof(si)) == sizeof(si)) {
		if (si.ssi_signo == SIGCHLD)
			reap_init(s);
		else if (s->detached && si.ssi_signo == SIGTERM)
			request_stop(s, 10, &(struct rlxc_error){ 0 });
		else if (!s->init_gone)
			kill(s->st.init, (int)si.ssi_signo); /* foreground: init's to handle */
	}
}

/* RUNNING until init is gone. */
static void run_loop(struct sup *s)
{
	struct pollfd p[2 + RLXC_SUP_MAX_CLIENTS];

	while (!s->init_gone) {
		int n = 2, timeout = -1;

		p[0] = (struct pollfd){ .fd = s->sig_fd, .events = POLLIN };
		p[1] = (struct pollfd){ .fd = s->listen_fd, .events = POLLIN };
		for (int i = 0; i < RLXC_SUP_MAX_CLIENTS; i++)
			p[n++] = (struct pollfd){ .fd = s->clients[i], .events = POLLIN };
		if (s->kill_at)
			timeout = (int)(s->kill_at - rlxc_now_ms() > 0 ? s->kill_at - rlxc_now_ms() : 0);
		if (poll(p, (nfds_t)n, timeout) == 0 && s->kill_at) {
			if (s->cg)
				rlxc_cgroup_kill(s->cg, SIGKILL, &(struct rlxc_error){ 0 });
			kill(s->st.init, SIGKILL);
			s->kill_at = 0;
		}
		if (p[0].revents)
			handle_signals(s);
		if (p[1].revents)
			accept_clients(s);
		for (int i = 0; i < RLXC_SUP_MAX_CLIENTS; i++)
			if (p[2 + i].revents && s->clients[i] >= 0)
				serve_client(s, i);
	}
}

static void finish(struct sup *s)
{
	struct rlxc_error ignored;

	if (s->st.state == RLXC_RUNNING || s->st.state == RLXC_FROZEN)
		rlxc_sup_transition(s, RLXC_EV_STOP, &ignored);
	rlxc_sup_teardown(s);
	s->st.supervisor = 0;
	s->st.init = 0;
	rlxc_sup_transition(s, RLXC_EV_STOPPED, &ignored);
	/* free the container before saying it is stopped: whoever acts on
	 * the answer (destroy, start) must find the lock free */
	close(s->lock_fd);
	s->lock_fd = -1;
	for (int i = 0; i < RLXC_SUP_MAX_CLIENTS; i++) {
		if (s->waiters[i] >= 0) {
			ctl_reply(s->waiters[i], 0, "");
			close(s->waiters[i]);
		}
		if (s->clients[i] >= 0)
			close(s->clients[i]);
		s->waiters[i] = s->clients[i] = -1;
	}
}

void rlxc_sup_close(struct sup *s)
{
	if (s->cg)
		rlxc_cgroup_free(s->cg);
	for (int i = 0; i < RLXC_SUP_MAX_CLIENTS; i++)
		if (s->clients[i] >= 0)
			close(s->clients[i]);
	if (s->listen_fd >= 0)
		close(s->listen_fd);
	if (s->sig_fd >= 0)
		close(s->sig_fd);
	if (s->lock_fd >= 0)
		close(s->lock_fd);
}

int rlxc_sup_watch(struct sup *s)
{
	run_loop(s);
	finish(s);
	return s->status;
}
