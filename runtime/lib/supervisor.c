// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * The supervisor's life cycle (see supervisor.h). Every state change goes
 * through transition(): the state table decides, the state file and the
 * monitors hear of it. The main loop waits on one poll set: a signalfd
 * (init exiting, signals to forward), the request socket and its clients,
 * and the SIGKILL deadline of a stop.
 */
#include "supervisor.h"

#include "cgroup.h"
#include "control.h"
#include "fsutil.h"
#include "monitor.h"
#include "spawn.h"
#include "state.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/signalfd.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define MAX_CLIENTS 16

struct sup {
	struct rlxc_container *ct;
	const struct rlxc_run_opts *o;
	struct rlxc_status st;
	struct rlxc_cgroup *cg;
	int lock_fd, listen_fd, sig_fd, notify_fd;
	int clients[MAX_CLIENTS];  /* accepted, waiting for a request */
	int waiters[MAX_CLIENTS];  /* stop requests, answered once STOPPED */
	long kill_at;              /* CLOCK_MONOTONIC ms of a stop's SIGKILL; 0: none */
	int status;                /* init's exit status */
	bool init_gone;
};

static long mono_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000L + ts.tv_nsec / 1000000L;
}

/* The only place a supervisor changes state. */
static int transition(struct sup *s, enum rlxc_event ev, struct rlxc_error *err)
{
	int ret = rlxc_state_apply(&s->st.state, ev, s->ct->name, err);

	if (ret < 0)
		return ret;
	clock_gettime(CLOCK_REALTIME, &s->st.since);
	ret = rlxc_status_write(s->ct->run_dir, &s->st, err);
	rlxc_monitor_publish(s->ct->store.runtime, s->ct->name, s->st.state, &s->st.since);
	return ret;
}

/* Take RUN_DIR/lock: exactly one supervisor per container. */
static int take_lock(struct sup *s, struct rlxc_error *err)
{
	char path[PATH_MAX + 8];
	struct rlxc_status now;
	struct rlxc_error ignored;
	int ret;

	if ((ret = rlxc_mkdir_p(s->ct->run_dir, 0755, err)) < 0)
		return ret;
	snprintf(path, sizeof(path), "%s/lock", s->ct->run_dir);
	s->lock_fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0600);
	if (s->lock_fd < 0)
		return rlxc_fail(err, errno, "open %s", path);
	if (flock(s->lock_fd, LOCK_EX | LOCK_NB) == 0)
		return 0;
	if (errno != EWOULDBLOCK)
		return rlxc_fail(err, errno, "lock %s", path);
	if (rlxc_status_read(s->ct->run_dir, &now, &ignored) == 0 && now.state != RLXC_STOPPED)
		rlxc_fail(err, 0, "%s is already %s", s->ct->name, rlxc_state_name(now.state));
	else
		rlxc_fail(err, 0, "%s is already being started", s->ct->name);
	return -EBUSY;
}

/* init moves itself into the cgroups: see rlxc_cgroup_enter */
static int enter(void *arg, bool born_in_v2, struct rlxc_error *err)
{
	struct sup *s = arg;

	return rlxc_cgroup_enter(s->cg, born_in_v2, err);
}

/* STARTING: cgroup, spawn. On failure, ABORTING undoes it. */
static int start_container(struct sup *s, struct rlxc_error *err)
{
	struct rlxc_spawn sp = {
		.name = s->ct->name,
		.conf = &s->ct->conf,
		.argv = s->o->argv,
		.app = s->o->app,
		.enter = enter,
		.enter_arg = s,
		.stdio = { -1, -1, -1 },
	};
	int pidfd = -1, ret;

	if ((ret = rlxc_spawn_check(&sp, err)) < 0)
		return ret;
	if ((ret = rlxc_cgroup_create(&s->cg, s->ct->name, &s->ct->conf, err)) < 0)
		return ret;
	if ((ret = rlxc_cgroup_save(s->cg, s->ct->run_dir, err)) < 0 ||
	    (ret = rlxc_cgroup_v2_fd(s->cg, &sp.cgroup_fd, err)) < 0)
		return ret;
	sp.into_cgroup = sp.cgroup_fd >= 0;
	ret = rlxc_spawn(&sp, &s->st.init, &pidfd, err);
	if (sp.cgroup_fd >= 0)
		close(sp.cgroup_fd);
	if (ret < 0)
		return ret;
	if (pidfd >= 0)
		close(pidfd); /* SIGCHLD on the signalfd tells us when init exits */
	return 0;
}

/* Undo STARTING (or tear down after a stop): every process, the cgroup. */
static void teardown(struct sup *s)
{
	struct rlxc_error ignored;

	if (s->cg) {
		/* the saved paths go with the cgroups: only a supervisor that
		 * died leaves them for the next one to clean */
		if (rlxc_cgroup_destroy(s->cg, &ignored) == 0)
			rlxc_cgroup_forget(s->ct->run_dir, &ignored);
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

static int halt_signal(const struct rlxc_config *c)
{
	int sig = c->signal_halt ? rlxc_signal_parse(c->signal_halt) : -1;

	return sig > 0 ? sig : SIGPWR;
}

static int request_stop(struct sup *s, int timeout, struct rlxc_error *err)
{
	int ret = 0;

	if (s->st.state != RLXC_STOPPING && (ret = transition(s, RLXC_EV_STOP, err)) < 0)
		return ret;
	if (s->cg)
		rlxc_cgroup_thaw(s->cg, err); /* a frozen init cannot take its signal */
	kill(s->st.init, timeout > 0 ? halt_signal(&s->ct->conf) : SIGKILL);
	s->kill_at = mono_ms() + (timeout > 0 ? timeout * 1000L : 0);
	return 0;
}

/* Freeze or thaw: only where the state table allows it (else its words),
 * the cgroup first, then the transition. */
static int freezer(struct sup *s, enum rlxc_event ev,
		   int (*op)(struct rlxc_cgroup *, struct rlxc_error *), struct rlxc_error *err)
{
	enum rlxc_state check = s->st.state;
	int ret = rlxc_state_apply(&check, ev, s->ct->name, err);

	if (ret == 0)
		ret = op(s->cg, err);
	return ret < 0 ? ret : transition(s, ev, err);
}

static int handle_request(struct sup *s, int fd, const struct ctl_request *rq)
{
	struct rlxc_error err = { 0 };
	int ret;

	switch (rq->op) {
	case RLXC_OP_STOP:
		if ((ret = request_stop(s, rq->arg, &err)) < 0)
			break;
		for (int i = 0; i < MAX_CLIENTS; i++)
			if (s->waiters[i] < 0) {
				s->waiters[i] = fd;
				return 1; /* answered once STOPPED */
			}
		ret = 0;
		break;
	case RLXC_OP_KILL:
		ret = kill(s->st.init, rq->arg) < 0 ? rlxc_fail(&err, errno, "kill %s", s->ct->name)
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

		while (i < MAX_CLIENTS && s->clients[i] >= 0)
			i++;
		if (i == MAX_CLIENTS) {
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
		else if (s->o->detach && si.ssi_signo == SIGTERM)
			request_stop(s, 10, &(struct rlxc_error){ 0 });
		else if (!s->init_gone)
			kill(s->st.init, (int)si.ssi_signo); /* foreground: init's to handle */
	}
}

/* RUNNING until init is gone. */
static void run_loop(struct sup *s)
{
	struct pollfd p[2 + MAX_CLIENTS];

	while (!s->init_gone) {
		int n = 2, timeout = -1;

		p[0] = (struct pollfd){ .fd = s->sig_fd, .events = POLLIN };
		p[1] = (struct pollfd){ .fd = s->listen_fd, .events = POLLIN };
		for (int i = 0; i < MAX_CLIENTS; i++)
			p[n++] = (struct pollfd){ .fd = s->clients[i], .events = POLLIN };
		if (s->kill_at)
			timeout = (int)(s->kill_at - mono_ms() > 0 ? s->kill_at - mono_ms() : 0);
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
		for (int i = 0; i < MAX_CLIENTS; i++)
			if (p[2 + i].revents && s->clients[i] >= 0)
				serve_client(s, i);
	}
}

static int setup_signals(struct sup *s, sigset_t *old, struct rlxc_error *err)
{
	sigset_t set;

	sigemptyset(&set);
	for (int sig = 1; sig < NSIG; sig++)
		if (sig != SIGKILL && sig != SIGSTOP && sig != SIGSEGV && sig != SIGBUS &&
		    sig != SIGFPE && sig != SIGILL && sig != SIGABRT && sig != SIGTRAP &&
		    sig != SIGTTIN && sig != SIGTTOU && sig != SIGTSTP && sig < SIGRTMIN)
			sigaddset(&set, sig);
	if (sigprocmask(SIG_BLOCK, &set, old) < 0)
		return rlxc_fail(err, errno, "sigprocmask");
	s->sig_fd = signalfd(-1, &set, SFD_CLOEXEC | SFD_NONBLOCK);
	return s->sig_fd < 0 ? rlxc_fail(err, errno, "signalfd") : 0;
}

/* Tell the waiting `rlxc start` how it went (detached only). */
static void notify(struct sup *s, int ret, const struct rlxc_error *err)
{
	struct ctl_reply r = { .status = ret };

	if (s->notify_fd < 0)
		return;
	snprintf(r.msg, sizeof(r.msg), "%s", ret < 0 ? err->msg : "");
	if (write(s->notify_fd, &r, sizeof(r)) != (ssize_t)sizeof(r))
		r.status = 0; /* the parent is gone; nobody to tell */
	close(s->notify_fd);
	s->notify_fd = -1;
}

static void finish(struct sup *s)
{
	struct rlxc_error ignored;

	if (s->st.state == RLXC_RUNNING || s->st.state == RLXC_FROZEN)
		transition(s, RLXC_EV_STOP, &ignored);
	teardown(s);
	s->st.supervisor = 0;
	s->st.init = 0;
	transition(s, RLXC_EV_STOPPED, &ignored);
	/* free the container before saying it is stopped: whoever acts on
	 * the answer (destroy, start) must find the lock free */
	close(s->lock_fd);
	s->lock_fd = -1;
	for (int i = 0; i < MAX_CLIENTS; i++) {
		if (s->waiters[i] >= 0) {
			ctl_reply(s->waiters[i], 0, "");
			close(s->waiters[i]);
		}
		if (s->clients[i] >= 0)
			close(s->clients[i]);
		s->waiters[i] = s->clients[i] = -1;
	}
}

/* The supervisor itself: STARTING ... STOPPED. */
static int supervise(struct sup *s, struct rlxc_error *err)
{
	struct rlxc_error ignored;
	sigset_t old;
	int ret;

	s->st = (struct rlxc_status){ .state = RLXC_STOPPED, .supervisor = getpid() };
	s->st.sup_start = rlxc_proc_start_time(getpid());
	if ((ret = setup_signals(s, &old, err)) < 0 || (ret = transition(s, RLXC_EV_START, err)) < 0)
		goto out;
	s->listen_fd = ctl_listen(s->ct->run_dir, err);
	ret = s->listen_fd < 0 ? s->listen_fd : start_container(s, err);
	if (ret < 0) {
		transition(s, RLXC_EV_FAIL, &ignored);
		teardown(s);
		transition(s, RLXC_EV_CLEANED, &ignored);
		s->st.supervisor = 0;
		transition(s, RLXC_EV_STOPPED, &ignored);
		goto out;
	}
	transition(s, RLXC_EV_STARTED, &ignored);
	notify(s, 0, err);
	run_loop(s);
	finish(s);
	ret = s->status;
out:
	notify(s, ret, err);
	sigprocmask(SIG_SETMASK, &old, NULL);
	return ret;
}

static void sup_close(struct sup *s)
{
	if (s->cg)
		rlxc_cgroup_free(s->cg);
	for (int i = 0; i < MAX_CLIENTS; i++)
		if (s->clients[i] >= 0)
			close(s->clients[i]);
	if (s->listen_fd >= 0)
		close(s->listen_fd);
	if (s->sig_fd >= 0)
		close(s->sig_fd);
	if (s->lock_fd >= 0)
		close(s->lock_fd);
}

/* Detach: the supervisor goes on in a child of its own session; we wait
 * for its word that the container is RUNNING, or why it is not. */
static int detach(struct sup *s, struct rlxc_error *err)
{
	struct ctl_reply r = { 0 };
	int fds[2], null;
	pid_t pid;

	if (pipe2(fds, O_CLOEXEC) < 0)
		return rlxc_fail(err, errno, "pipe");
	fflush(NULL);
	if ((pid = fork()) < 0)
		return rlxc_fail(err, errno, "fork");
	if (pid == 0) {
		close(fds[0]);
		setsid();
		null = open("/dev/null", O_RDWR | O_CLOEXEC);
		for (int fd = 0; fd < 3 && null >= 0; fd++)
			dup2(null, fd);
		s->notify_fd = fds[1];
		supervise(s, err);
		sup_close(s);
		_exit(0);
	}
	close(fds[1]);
	if (read(fds[0], &r, sizeof(r)) != (ssize_t)sizeof(r))
		r = (struct ctl_reply){ .status = -EIO, .msg = "the supervisor died while starting" };
	close(fds[0]);
	if (r.status < 0) {
		r.msg[sizeof(r.msg) - 1] = '\0';
		rlxc_fail(err, 0, "%s", r.msg);
		return r.status;
	}
	return 0;
}

/* With the lock held: what a supervisor that died (SIGKILL) left behind:
 * its cgroups (and any process in them). */
static int clean_stale(struct sup *s, struct rlxc_error *err)
{
	struct rlxc_cgroup *cg = NULL;
	int ret = rlxc_cgroup_load(&cg, s->ct->run_dir, err);

	if (ret == -ENOENT) /* none saved, or all gone */
		return 0;
	if (ret < 0 || (ret = rlxc_cgroup_destroy(cg, err)) < 0)
		return ret;
	return rlxc_cgroup_forget(s->ct->run_dir, err);
}

static void sup_init(struct sup *s, struct rlxc_container *ct, const struct rlxc_run_opts *o)
{
	*s = (struct sup){ .ct = ct, .o = o, .lock_fd = -1, .listen_fd = -1, .sig_fd = -1,
			   .notify_fd = -1 };
	for (int i = 0; i < MAX_CLIENTS; i++)
		s->clients[i] = s->waiters[i] = -1;
}

int rlxc_cleanup(struct rlxc_container *ct, struct rlxc_error *err)
{
	struct sup s;
	int ret;

	sup_init(&s, ct, NULL);
	ret = take_lock(&s, err);

	if (ret == 0)
		ret = clean_stale(&s, err);
	sup_close(&s);
	return ret;
}

int rlxc_supervise(struct rlxc_container *ct, const struct rlxc_run_opts *o,
		   struct rlxc_error *err)
{
	struct sup s;
	int ret;

	sup_init(&s, ct, o);
	ret = take_lock(&s, err);
	if (ret == 0)
		ret = clean_stale(&s, err);
	if (ret == 0)
		ret = o->detach ? detach(&s, err) : supervise(&s, err);
	sup_close(&s);
	if (ret < 0)
		rlxc_error_prefix(err, "%s %s", o->app ? "execute" : "start", ct->name);
	return ret;
}
