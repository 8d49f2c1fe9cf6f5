// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * The supervisor's start (see supervisor.h and watch.h): the
 * lock, what a dead supervisor left, STARTING, the cgroup and init, then
 * RUNNING; a failure goes ABORTING and undoes it. What follows RUNNING is
 * watch.c, run here in the foreground, or by rlxc-supervisor for a
 * detached container.
 */
#include "supervisor.h"
#include "watch.h"

#include "cgroup/cgroup.h"
#include "control_impl.h"
#include "spawn/spawn.h"
#include "state/state.h"
#include "base/fsutil.h"
#include "kernel/fd.h"

#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/signalfd.h>
#include <unistd.h>

_Static_assert(RLXC_TTY_MAX == RLXC_TERM_MAX_TTYS, "lxc.tty.max: config.h and terms.h differ");

/* Take RUN_DIR/lock: exactly one supervisor per container. */
static int take_lock(struct sup *s, struct rlxc_error *err)
{
	char path[PATH_MAX + 8];
	struct rlxc_status now;
	struct rlxc_error ignored;
	int ret;

	if ((ret = rlxc_mkdir_p(s->run_dir, 0755, err)) < 0)
		return ret;
	snprintf(path, sizeof(path), "%s/lock", s->run_dir);
	s->lock_fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0600);
	if (s->lock_fd < 0)
		return rlxc_fail(err, errno, "open %s", path);
	if (flock(s->lock_fd, LOCK_EX | LOCK_NB) == 0)
		return 0;
	if (errno != EWOULDBLOCK)
		return rlxc_fail(err, errno, "lock %s", path);
	if (rlxc_status_read(s->run_dir, &now, &ignored) == 0 && now.state != RLXC_STOPPED)
		rlxc_fail(err, 0, "%s is already %s", s->name, rlxc_state_name(now.state));
	else
		rlxc_fail(err, 0, "%s is already being started", s->name);
	return -EBUSY;
}

/* What place() and enter() work on. */
struct starting {
	struct sup *s;
	struct rlxc_container *ct;
};

/* While init sets itself up: the v1 cgroups, the settings, their paths,
 * and the control socket (an inode: 0.2 ms on this host's ext4, made
 * while the child mounts; init, cloned before, never has its fd). */
static int place(void *arg, struct rlxc_error *err)
{
	struct starting *st = arg;
	int ret = rlxc_cgroup_create_v1(st->s->cg, &st->ct->conf, err);

	if (ret < 0 || (ret = rlxc_cgroup_save(st->s->cg, st->s->run_dir, err)) < 0)
		return ret;
	st->s->listen_fd = ctl_listen(st->s->run_dir, err);
	return st->s->listen_fd < 0 ? st->s->listen_fd : 0;
}

/* init moves itself into the cgroups: see rlxc_cgroup_enter */
static int enter(void *arg, bool born_in_v2, struct rlxc_error *err)
{
	struct starting *st = arg;

	return rlxc_cgroup_enter(st->s->cg, born_in_v2, err);
}

/* The container's terminals (term/terms.h): a foreground caller's is
 * relayed, a detached container's init has the console as its stdio. */
static int plan_terms(struct sup *s, const struct rlxc_container *ct, const struct rlxc_run_opts *o,
		      struct rlxc_error *err)
{
	const struct rlxc_terms_plan plan = {
		.console_path = ct->conf.console_path,
		.ntty = ct->conf.tty_max,
		.rootfs = ct->conf.rootfs_path,
		.foreground = !o->detach,
	};

	return rlxc_terms_new(&s->terms, &plan, err);
}

/* STARTING: cgroup, spawn. On failure, ABORTING undoes it. The cgroup2
 * cgroup is made first (init is born in it), the v1 ones while init sets
 * itself up (place); their paths are saved as soon as they exist, for the
 * cleanup after a supervisor that dies. */
static int start_container(struct sup *s, struct rlxc_container *ct, const struct rlxc_run_opts *o,
			   struct rlxc_error *err)
{
	struct starting st = { s, ct };
	struct rlxc_spawn sp = {
		.name = s->name,
		.conf = &ct->conf,
		.argv = o->argv,
		.app = o->app,
		.place = place,
		.enter = enter,
		.arg = &st,
		.stdio = { -1, -1, -1 },
	};
	char cgroup[RLXC_NAME_MAX + 32];
	int pidfd = -1, ret;
	pid_t init;

	if ((ret = rlxc_spawn_check(&sp, err)) < 0 || (ret = plan_terms(s, ct, o, err)) < 0)
		return ret;
	sp.terms = s->terms;
	rlxc_store_cgroup(&ct->store, ct->name, cgroup, sizeof(cgroup));
	if ((ret = rlxc_cgroup_create_v2(&s->cg, cgroup, &ct->conf, err)) < 0)
		return ret;
	if ((ret = rlxc_cgroup_save(s->cg, s->run_dir, err)) < 0 ||
	    (ret = rlxc_cgroup_v2_fd(s->cg, &sp.cgroup_fd, err)) < 0)
		return ret;
	sp.into_cgroup = sp.cgroup_fd >= 0;
	/* init only once there is one: -1 is no state to write */
	ret = rlxc_spawn(&sp, &init, &pidfd, err);
	if (sp.cgroup_fd >= 0)
		close(sp.cgroup_fd);
	if (ret < 0)
		return ret;
	s->st.init = init;
	if (pidfd >= 0)
		close(pidfd); /* SIGCHLD on the signalfd tells us when init exits */
	return 0;
}

static int halt_signal(const struct rlxc_config *c)
{
	int sig = c->signal_halt ? rlxc_signal_parse(c->signal_halt) : -1;

	return sig > 0 ? sig : SIGPWR;
}

/* lxc.signal.stop: what a forced stop sends init (lxc-stop --kill) */
static int stop_signal(const struct rlxc_config *c)
{
	int sig = c->signal_stop ? rlxc_signal_parse(c->signal_stop) : -1;

	return sig > 0 ? sig : SIGKILL;
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

/* Tell the waiting `rlxc start` how it went (detached only). On success
 * the pipe stays open until the exec of rlxc-supervisor closes it
 * (O_CLOEXEC), so that `start` returns only once the supervisor it
 * names is the small one (hand_over). */
static void notify(struct sup *s, int ret, const struct rlxc_error *err)
{
	struct ctl_reply r = { .status = ret };

	if (s->notify_fd < 0)
		return;
	snprintf(r.msg, sizeof(r.msg), "%s", ret < 0 ? err->msg : "");
	if (write(s->notify_fd, &r, sizeof(r)) != (ssize_t)sizeof(r))
		r.status = 0; /* the parent is gone; nobody to tell */
	if (ret == 0)
		return;
	close(s->notify_fd);
	s->notify_fd = -1;
}

/* A detached supervisor, once RUNNING, becomes rlxc-supervisor, found
 * beside rlxc or in ../libexec/rlxc, with its fds and what it needs to
 * know on the command line (runtime/supervisor/main.c). Without one, or
 * when the exec fails, it goes on as it is. */
static void hand_over(struct sup *s)
{
	static const char *const where[] = { "%s/rlxc-supervisor",
					     "%s/../libexec/rlxc/rlxc-supervisor" };
	static char terms[PATH_MAX + 4096];
	char exe[PATH_MAX], path[PATH_MAX + 64], args[5][16], *dir;
	const int fds[] = { s->lock_fd, s->listen_fd, s->sig_fd };
	char *argv[] = { "rlxc-supervisor", (char *)s->name, (char *)s->run_dir,
			 (char *)s->runtime, args[0], args[1], args[2], args[3], args[4], terms,
			 NULL };
	ssize_t n = readlink("/proc/self/exe", exe, sizeof(exe) - 1);

	if (n <= 0)
		return;
	if (!s->terms)
		snprintf(terms, sizeof(terms), "-");
	else if (rlxc_terms_arg(s->terms, terms, sizeof(terms)) < 0)
		return;
	exe[n] = '\0';
	snprintf(args[0], sizeof(args[0]), "%d", s->halt_signal);
	snprintf(args[1], sizeof(args[1]), "%d", s->stop_signal);
	for (int i = 0; i < 3; i++) {
		snprintf(args[i + 2], sizeof(args[i + 2]), "%d", fds[i]);
		fcntl(fds[i], F_SETFD, 0); /* kept across the exec */
	}
	if (s->terms)
		rlxc_terms_inherit(s->terms, true);
	dir = dirname(exe);
	for (size_t i = 0; i < sizeof(where) / sizeof(where[0]); i++) {
		snprintf(path, sizeof(path), where[i], dir);
		execv(path, argv);
	}
	for (int i = 0; i < 3; i++)
		fcntl(fds[i], F_SETFD, FD_CLOEXEC);
	if (s->terms)
		rlxc_terms_inherit(s->terms, false);
}

/* The supervisor itself: STARTING ... STOPPED. */
static int supervise(struct sup *s, struct rlxc_container *ct, const struct rlxc_run_opts *o,
		     struct rlxc_error *err)
{
	struct rlxc_error ignored;
	sigset_t old;
	int ret;

	s->st = (struct rlxc_status){ .state = RLXC_STOPPED, .supervisor = getpid() };
	s->st.sup_start = rlxc_proc_start_time(getpid());
	if ((ret = setup_signals(s, &old, err)) < 0 ||
	    (ret = rlxc_sup_transition(s, RLXC_EV_START, err)) < 0)
		goto out;
	ret = start_container(s, ct, o, err);
	if (ret < 0) {
		rlxc_sup_transition(s, RLXC_EV_FAIL, &ignored);
		rlxc_sup_teardown(s);
		rlxc_sup_transition(s, RLXC_EV_CLEANED, &ignored);
		s->st.supervisor = 0;
		rlxc_sup_transition(s, RLXC_EV_STOPPED, &ignored);
		goto out;
	}
	rlxc_sup_transition(s, RLXC_EV_STARTED, &ignored);
	notify(s, 0, err);
	if (s->detached)
		hand_over(s);
	if (s->notify_fd >= 0) { /* no exec: it goes on as it is */
		close(s->notify_fd);
		s->notify_fd = -1;
	}
	ret = rlxc_sup_watch(s);
out:
	notify(s, ret, err);
	sigprocmask(SIG_SETMASK, &old, NULL);
	return ret;
}

/* Detach: the supervisor goes on in a child of its own session; we wait
 * for its word that the container is RUNNING, or why it is not. */
static int detach(struct sup *s, struct rlxc_container *ct, const struct rlxc_run_opts *o,
		  struct rlxc_error *err)
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
		setsid();
		null = open("/dev/null", O_RDWR | O_CLOEXEC);
		for (int fd = 0; fd < 3 && null >= 0; fd++)
			dup2(null, fd);
		/* a daemon keeps nothing of its caller's but the lock */
		s->notify_fd = fds[1];
		rlxc_close_fds((const int[]){ s->lock_fd, s->notify_fd }, 2);
		supervise(s, ct, o, err);
		rlxc_sup_close(s);
		_exit(0);
	}
	close(fds[1]);
	if (read(fds[0], &r, sizeof(r)) != (ssize_t)sizeof(r))
		r = (struct ctl_reply){ .status = -EIO, .msg = "the supervisor died while starting" };
	else if (r.status == 0) /* EOF: rlxc-supervisor has taken over */
		while (read(fds[0], &null, sizeof(null)) < 0 && errno == EINTR)
			;
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
	int ret = rlxc_cgroup_load(&cg, s->run_dir, err);

	if (ret == -ENOENT) /* none saved, or all gone */
		return 0;
	if (ret < 0 || (ret = rlxc_cgroup_destroy(cg, err)) < 0)
		return ret;
	return rlxc_cgroup_forget(s->run_dir, err);
}

static void sup_init(struct sup *s, struct rlxc_container *ct)
{
	rlxc_sup_init(s);
	s->name = ct->name;
	s->run_dir = ct->run_dir;
	s->runtime = ct->store.runtime;
	s->halt_signal = halt_signal(&ct->conf);
	s->stop_signal = stop_signal(&ct->conf);
}

/* Take the container's lock (s holds it then) and clean up after a
 * supervisor that died. */
static int lock_and_clean(struct sup *s, struct rlxc_container *ct, struct rlxc_error *err)
{
	int ret;

	sup_init(s, ct);
	ret = take_lock(s, err);
	return ret < 0 ? ret : clean_stale(s, err);
}

int rlxc_cleanup(struct rlxc_container *ct, struct rlxc_error *err)
{
	struct sup s;
	int ret = lock_and_clean(&s, ct, err);

	rlxc_sup_close(&s);
	return ret;
}

int rlxc_destroy(struct rlxc_container *ct, struct rlxc_error *err)
{
	char dir[PATH_MAX];
	struct sup s;
	int ret = lock_and_clean(&s, ct, err);

	rlxc_store_dir(&ct->store, ct->name, dir, sizeof(dir));
	if (ret == 0)
		ret = rlxc_rmtree(dir, err);
	if (ret == 0) /* the lock file goes with it, after the entry */
		ret = rlxc_rmtree(ct->run_dir, err);
	rlxc_sup_close(&s);
	return ret;
}

/* With the lock held: a container of the store is still there. A destroy
 * that held the lock before us removed it, and the run directory that
 * taking the lock made again is removed too. */
static int still_there(const struct rlxc_container *ct, struct rlxc_error *err)
{
	struct rlxc_error ignored;

	if (!ct->config_path[0] || access(ct->config_path, F_OK) == 0)
		return 0;
	rlxc_rmtree(ct->run_dir, &ignored);
	return rlxc_fail(err, 0, "%s: no such container in %s (destroyed)", ct->name,
			 ct->store.path);
}

int rlxc_supervise(struct rlxc_container *ct, const struct rlxc_run_opts *o,
		   struct rlxc_error *err)
{
	struct sup s;
	int ret;

	sup_init(&s, ct);
	s.detached = o->detach;
	ret = take_lock(&s, err);
	if (ret == 0)
		ret = still_there(ct, err);
	if (ret == 0)
		ret = clean_stale(&s, err);
	if (ret == 0)
		ret = o->detach ? detach(&s, ct, o, err) : supervise(&s, ct, o, err);
	rlxc_sup_close(&s);
	if (ret < 0)
		rlxc_error_prefix(err, "%s %s", o->app ? "execute" : "start", ct->name);
	return ret;
}
