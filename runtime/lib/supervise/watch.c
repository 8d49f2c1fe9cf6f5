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

/* A stop's next step: lxc.signal.stop to init (after the halt signal's
 * timeout, or at once), then, when that was not SIGKILL and init is still
 * there after a grace, SIGKILL to every process of the container. */
static void stop_step(struct sup *s)
{
	if (s->stop < SUP_STOP_SIGNAL && s->stop_signal != SIGKILL) {
		kill(s->st.init, s->stop_signal);
		s->stop = SUP_STOP_SIGNAL;
		s->kill_at = rlxc_now_ms() + RLXC_SUP_STOP_GRACE_MS;
		return;
	}
	if (s->cg)
		rlxc_cgroup_kill(s->cg, SIGKILL, &(struct rlxc_error){ 0 });
	kill(s->st.init, SIGKILL);
	s->stop = SUP_STOP_KILL;
	s->kill_at = 0;
}

/* Of several stops, the one that ends sooner wins. */
static int request_stop(struct sup *s, int timeout, struct rlxc_error *err)
{
	long at = rlxc_now_ms() + (timeout > 0 ? timeout * 1000L : 0);
	int ret;

	if (s->st.state != RLXC_STOPPING && (ret = rlxc_sup_transition(s, RLXC_EV_STOP, err)) < 0)
		return ret;
	if (s->cg)
		rlxc_cgroup_thaw(s->cg, err); /* a frozen init cannot take its signal */
	if (timeout <= 0) {
		if (s->stop < SUP_STOP_SIGNAL)
			stop_step(s);
	} else if (s->stop == SUP_STOP_NONE) {
		kill(s->st.init, s->halt_signal);
		s->stop = SUP_STOP_HALT;
		s->kill_at = at;
	} else if (s->stop == SUP_STOP_HALT && at < s->kill_at) {
		s->kill_at = at;
	}
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

/* rlxc console: the master of terminal n (0: the console) passed to client
 * i, which holds it until it hangs up. */
static int give_terminal(struct sup *s, int i, int n, struct rlxc_error *err)
{
	int fd = s->clients[i].fd, master, ret;

	if ((ret = rlxc_terms_take(s->terms, s->name, n, fd, &master, err)) < 0)
		return ret;
	if ((ret = ctl_reply_fd(fd, master)) < 0) {
		rlxc_terms_release(s->terms, fd);
		return rlxc_fail(err, -ret, "pass the terminal");
	}
	s->clients[i].deadline = 0;
	s->clients[i].console = true;
	return 0;
}

/* Serve client i's request: 0 once answered, 1 for a stop, which is
 * answered once STOPPED, or a terminal passed, held until it hangs up. */
static int handle_request(struct sup *s, int i, const struct ctl_request *rq)
{
	struct rlxc_error err = { 0 };
	int ret;

	switch (rq->op) {
	case RLXC_OP_STOP:
		if ((ret = request_stop(s, rq->arg, &err)) < 0)
			break;
		s->clients[i].deadline = 0;
		return 1;
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
	case RLXC_OP_CONSOLE:
		if ((ret = give_terminal(s, i, rq->arg, &err)) < 0)
			break;
		return 1;
	default:
		ret = rlxc_fail(&err, 0, "unknown request %d", rq->op);
	}
	ctl_reply(s->clients[i].fd, ret < 0 ? ret : 0, err.msg);
	return 0;
}

static void drop_client(struct sup *s, int i)
{
	s->clients[i] = s->clients[--s->nclients];
	s->accept_paused = false;
}

/* A stop waiting for STOPPED, or a terminal's holder, has nothing more to
 * say: anything it sends is dropped; is it still there? */
static bool hung_up(int fd)
{
	char byte;
	ssize_t n = recv(fd, &byte, 1, MSG_DONTWAIT);

	return n == 0 || (n < 0 && errno != EAGAIN && errno != EINTR);
}

/* Client i can be read: its request, or that it hung up. */
static void serve_client(struct sup *s, int i)
{
	struct ctl_request rq;
	int fd = s->clients[i].fd, ret;

	if (s->clients[i].deadline == 0) {
		if (!hung_up(fd))
			return;
		if (s->clients[i].console) /* its terminal is drained again */
			rlxc_terms_release(s->terms, fd);
		close(fd);
	} else if ((ret = ctl_read(fd, &rq)) == -EAGAIN || ret == -EINTR) {
		return;
	} else if (ret == -ECONNRESET) {
		close(fd);
	} else if (ret < 0) {
		ctl_refuse(fd, ret, "not a request");
	} else if (handle_request(s, i, &rq) == 1) {
		return;
	} else {
		close(fd);
	}
	drop_client(s, i);
}

/* Clients silent past their deadline are sent away. */
static void expire_clients(struct sup *s, long now)
{
	char msg[64];

	snprintf(msg, sizeof(msg), "no request within %d ms", RLXC_SUP_REQUEST_MS);
	for (int i = s->nclients - 1; i >= 0; i--) {
		if (!s->clients[i].deadline || s->clients[i].deadline > now)
			continue;
		ctl_refuse(s->clients[i].fd, -ETIMEDOUT, msg);
		drop_client(s, i);
	}
}

/* Whoever may not ask is sent away at once, before it is kept; the others
 * are served in turn. At most 64 a round: a flood cannot hold up the
 * signals and deadlines. */
static void accept_clients(struct sup *s)
{
	int fd;

	for (int n = 0; n < 64; n++) {
		fd = accept4(s->listen_fd, NULL, NULL, SOCK_CLOEXEC | SOCK_NONBLOCK);
		if (fd < 0) {
			/* out of fds: the backlog waits for a client to be done */
			if (s->nclients > 0 && (errno == EMFILE || errno == ENFILE ||
						errno == ENOBUFS || errno == ENOMEM))
				s->accept_paused = true;
			return;
		}
		if (!ctl_allowed(fd)) {
			ctl_refuse(fd, -EPERM, "only root and the container's owner may ask");
		} else if (s->nclients == RLXC_SUP_MAX_CLIENTS) {
			ctl_refuse(fd, -EBUSY, "supervisor busy: too many requests under way");
		} else {
			s->clients[s->nclients++] =
				(struct sup_client){ fd, rlxc_now_ms() + RLXC_SUP_REQUEST_MS,
						     false };
			serve_client(s, s->nclients - 1); /* most often, its request is there */
		}
	}
}

static void handle_signals(struct sup *s)
{
	struct signalfd_siginfo si;

	while (read(s->sig_fd, &si, sizeof(si)) == sizeof(si)) {
		if (si.ssi_signo == SIGCHLD)
			reap_init(s);
		else if (si.ssi_signo == SIGWINCH && rlxc_terms_winch(s->terms))
			continue; /* the caller's terminal: the console follows its size */
		else if (s->detached && si.ssi_signo == SIGTERM)
			request_stop(s, 10, &(struct rlxc_error){ 0 });
		else if (!s->init_gone)
			kill(s->st.init, (int)si.ssi_signo); /* foreground: init's to handle */
	}
}

/* Milliseconds to the next deadline (a stop's step, a silent client's);
 * -1: none. */
static int poll_timeout(const struct sup *s)
{
	long next = s->kill_at, now = rlxc_now_ms();

	for (int i = 0; i < s->nclients; i++)
		if (s->clients[i].deadline && (!next || s->clients[i].deadline < next))
			next = s->clients[i].deadline;
	if (!next)
		return -1;
	return next > now ? (int)(next - now) : 0;
}

/* RUNNING until init is gone. */
static void run_loop(struct sup *s)
{
	struct pollfd p[2 + RLXC_SUP_MAX_CLIENTS + RLXC_TERMS_POLL];
	long now;
	int n, nt;

	while (!s->init_gone) {
		n = s->nclients;
		p[0] = (struct pollfd){ .fd = s->sig_fd, .events = POLLIN };
		p[1] = (struct pollfd){ .fd = s->listen_fd,
					.events = s->accept_paused ? 0 : POLLIN };
		for (int i = 0; i < n; i++)
			p[2 + i] = (struct pollfd){ .fd = s->clients[i].fd, .events = POLLIN };
		nt = rlxc_terms_poll(s->terms, p, 2 + n);
		poll(p, (nfds_t)(2 + n + nt), poll_timeout(s));
		if (p[0].revents)
			handle_signals(s);
		if (s->init_gone) /* its pid is no longer its own */
			break;
		/* before the clients: one may take a terminal polled as drained */
		rlxc_terms_io(s->terms, p);
		/* from the last: dropping client i moves the last one into i */
		for (int i = n - 1; i >= 0; i--)
			if (p[2 + i].revents)
				serve_client(s, i);
		now = rlxc_now_ms();
		if (s->kill_at && s->kill_at <= now)
			stop_step(s);
		expire_clients(s, now);
		if (p[1].revents)
			accept_clients(s);
	}
}

static void finish(struct sup *s)
{
	struct rlxc_error ignored;
	char msg[128];

	if (s->st.state == RLXC_RUNNING || s->st.state == RLXC_FROZEN)
		rlxc_sup_transition(s, RLXC_EV_STOP, &ignored);
	rlxc_sup_teardown(s);
	s->st.supervisor = 0;
	s->st.init = 0;
	rlxc_sup_transition(s, RLXC_EV_STOPPED, &ignored);
	/* the socket's path is ours while we hold the lock; then free the
	 * container before saying it is stopped: whoever acts on the answer
	 * (destroy, start) must find the lock free */
	ctl_unlisten(s->run_dir);
	close(s->lock_fd);
	s->lock_fd = -1;
	close(s->listen_fd); /* the backlog is reset: its clients find it STOPPED */
	s->listen_fd = -1;
	snprintf(msg, sizeof(msg), "%s is not running", s->name);
	for (int i = 0; i < s->nclients; i++) {
		if (s->clients[i].deadline) {
			ctl_refuse(s->clients[i].fd, -ESRCH, msg);
			continue;
		}
		if (!s->clients[i].console) /* a terminal's holder had its answer */
			ctl_reply(s->clients[i].fd, 0, "");
		close(s->clients[i].fd);
	}
	s->nclients = 0;
}

void rlxc_sup_close(struct sup *s)
{
	rlxc_terms_free(s->terms);
	s->terms = NULL;
	if (s->cg)
		rlxc_cgroup_free(s->cg);
	for (int i = 0; i < s->nclients; i++)
		close(s->clients[i].fd);
	s->nclients = 0;
	if (s->listen_fd >= 0) { /* a start that failed: the lock is still held */
		ctl_unlisten(s->run_dir);
		close(s->listen_fd);
	}
	if (s->sig_fd >= 0)
		close(s->sig_fd);
	if (s->lock_fd >= 0)
		close(s->lock_fd);
}

int rlxc_sup_watch(struct sup *s)
{
	rlxc_terms_begin(s->terms);
	run_loop(s);
	rlxc_terms_end(s->terms); /* what the console still says, then the caller's settings */
	finish(s);
	return s->status;
}
