// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Running a command inside a running container (see attach.h).
 *
 * Three processes: the caller resolves everything (state, namespaces,
 * cgroups, capabilities, environment) and waits; its child enters the
 * namespaces, forks and waits; the grandchild, in the container's pid
 * namespace, waits until the caller has put it into the container's
 * cgroups, sets itself up and execs. Only the command is in the
 * container's cgroups: `rlxc ps` shows it, not rlxc (nor valgrind's
 * memory). They talk over a close-on-exec SOCK_SEQPACKET socketpair; a
 * failure in either child comes back as the text of a struct rlxc_error.
 */
#include "attach.h"
#include "sync_impl.h"
#include "caps_impl.h"
#include "cgroup/cgroup.h"
#include "probes/probe.h"
#include "proc_setup_impl.h"
#include "state/state.h"
#include "kernel/syscalls.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#ifndef __NR_close_range
#define __NR_close_range 436
#endif
#ifndef CLOSE_RANGE_CLOEXEC
#define CLOSE_RANGE_CLOEXEC (1U << 2)
#endif

/* In the order of entering: the user namespace first, it owns the others. */
static const struct {
	int flag;
	const char *name;
} kinds[] = {
	{ CLONE_NEWUSER, "user" }, { CLONE_NEWCGROUP, "cgroup" }, { CLONE_NEWIPC, "ipc" },
	{ CLONE_NEWUTS, "uts" },   { CLONE_NEWNET, "net" },	  { CLONE_NEWPID, "pid" },
	{ CLONE_NEWNS, "mnt" },
};
#define NKINDS (sizeof(kinds) / sizeof(kinds[0]))

struct attach {
	const struct rlxc_container *ct;
	char *const *argv;
	const char *cwd, *cwd_from; /* the directory, and the option that named it */
	pid_t init;
	int flags;	   /* the CLONE_NEW* to enter */
	int pidfd;	   /* of init; -1: setns on nsfd[] */
	int nsfd[NKINDS];  /* /proc/INIT/ns/X of each namespace to enter, else -1 */
	uint64_t cap_drop; /* lxc.cap.drop / lxc.cap.keep */
	char **env;
	struct rlxc_cgroup *cg;
	int sync; /* the children's end of the socketpair */
};

/* The sync socket (sync_impl.h): the intermediate sends PID, the caller GO once
 * the command is in the container's cgroups, either child ERROR. EOF after
 * GO: the command was exec'ed. */
enum msg_kind { MSG_PID = 1, MSG_GO, MSG_ERROR };

/*
 * The caller: what to enter and how the command runs.
 */

static int check_running(struct attach *a, struct rlxc_error *err)
{
	const char *name = a->ct->name;
	struct rlxc_status st;
	int ret;

	if ((ret = rlxc_status_read(a->ct->run_dir, &st, err)) < 0)
		return ret;
	if (st.state == RLXC_FROZEN)
		return rlxc_fail(err, 0, "cannot attach to %s: it is FROZEN", name);
	if (st.state != RLXC_RUNNING || st.init <= 0)
		return rlxc_fail(err, 0, "attach %s: it is %s", name, rlxc_state_name(st.state));
	a->init = st.init;
	return 0;
}

/* A pidfd of init when setns takes one (the probe says so), else -1. */
static int open_pidfd(struct attach *a, struct rlxc_error *err)
{
	const struct probe_result *r = probe_get("syscall.pidfd_setns");

	a->pidfd = -1;
	if (!r || r->verdict != PROBE_YES)
		return 0;
	if ((a->pidfd = sys_pidfd_open(a->init)) < 0)
		return rlxc_fail(err, errno, "pidfd_open %d (the container's init)", (int)a->init);
	return 0;
}

/* Each namespace of init that is not the caller's: a flag, and an fd when
 * there is no pidfd. A kernel without one (no /proc/self/ns/X) skips it. */
static int find_namespaces(struct attach *a, struct rlxc_error *err)
{
	struct stat mine, theirs;
	char path[64];

	for (size_t i = 0; i < NKINDS; i++) {
		snprintf(path, sizeof(path), "/proc/self/ns/%s", kinds[i].name);
		if (stat(path, &mine) < 0)
			continue;
		snprintf(path, sizeof(path), "/proc/%d/ns/%s", (int)a->init, kinds[i].name);
		if (stat(path, &theirs) < 0)
			return rlxc_fail(err, errno, "%s", path);
		if (mine.st_dev == theirs.st_dev && mine.st_ino == theirs.st_ino)
			continue;
		a->flags |= kinds[i].flag;
		if (a->pidfd < 0 && (a->nsfd[i] = open(path, O_RDONLY | O_CLOEXEC)) < 0)
			return rlxc_fail(err, errno, "open %s", path);
	}
	return 0;
}

static int resolve(struct attach *a, const struct strv *env, struct rlxc_error *err)
{
	const struct rlxc_config *c = &a->ct->conf;
	int ret;

	if (!a->cwd) {
		a->cwd = c->init_cwd ? c->init_cwd : "/";
		a->cwd_from = c->init_cwd ? "lxc.init.cwd" : "the default";
	}
	if ((ret = rlxc_proc_env(c, env, &a->env, err)) < 0 ||
	    (ret = rlxc_cgroup_load(&a->cg, a->ct->run_dir, err)) < 0 ||
	    (ret = open_pidfd(a, err)) < 0 || (ret = find_namespaces(a, err)) < 0)
		return ret;
	return rlxc_caps_mask(c, a->flags & CLONE_NEWUSER, &a->cap_drop, err);
}

static void release(struct attach *a)
{
	if (a->pidfd >= 0)
		close(a->pidfd);
	a->pidfd = -1;
	for (size_t i = 0; i < NKINDS; i++) {
		if (a->nsfd[i] >= 0)
			close(a->nsfd[i]);
		a->nsfd[i] = -1;
	}
}

/*
 * The children.
 */

/* Every fd but 0, 1 and 2 closes on exec (the sync pipe does already). */
static int cloexec_fds(struct rlxc_error *err)
{
	struct dirent *de;
	DIR *d;

	if (syscall(__NR_close_range, 3U, ~0U, CLOSE_RANGE_CLOEXEC) == 0)
		return 0;
	if (!(d = opendir("/proc/self/fd")))
		return rlxc_fail(err, errno, "open /proc/self/fd");
	while ((de = readdir(d)))
		if (atoi(de->d_name) > 2 && atoi(de->d_name) != dirfd(d))
			fcntl(atoi(de->d_name), F_SETFD, FD_CLOEXEC);
	closedir(d);
	return 0;
}

/* In the container's namespaces and pid namespace: become what init is. */
static int setup(const struct attach *a, struct rlxc_error *err)
{
	bool userns = a->flags & CLONE_NEWUSER;
	int ret;

	if (userns && (ret = rlxc_proc_become_root(err)) < 0)
		return ret;
	if ((ret = rlxc_caps_drop_bounding(a->cap_drop, err)) < 0 ||
	    (ret = rlxc_proc_set_ids(&a->ct->conf, userns, err)) < 0 ||
	    (ret = rlxc_caps_drop_process(a->cap_drop, err)) < 0)
		return ret;
	if (chdir(a->cwd) < 0)
		return rlxc_fail(err, errno, "chdir %s (%s)", a->cwd, a->cwd_from);
	rlxc_proc_reset_signals();
	if ((ret = cloexec_fds(err)) < 0)
		return ret;
	environ = a->env;
	return 0;
}

static int grandchild(const struct attach *a)
{
	struct rlxc_error err = { 0 };
	struct rlxc_sync_msg m;

	if (rlxc_sync_recv(a->sync, &m) != MSG_GO)
		return 1; /* the caller gave up on us */
	if (setup(a, &err) < 0) {
		rlxc_sync_send(a->sync, MSG_ERROR, 0, &err);
		return 1;
	}
	rlxc_proc_exec(a->argv);
}

static int enter_namespaces(const struct attach *a, struct rlxc_error *err)
{
	if (!a->flags)
		return 0;
	if (a->pidfd >= 0) {
		if (setns(a->pidfd, a->flags) < 0)
			return rlxc_fail(err, errno, "setns to the namespaces of pid %d",
					 (int)a->init);
		return 0;
	}
	for (size_t i = 0; i < NKINDS; i++)
		if (a->nsfd[i] >= 0 && setns(a->nsfd[i], kinds[i].flag) < 0)
			return rlxc_fail(err, errno, "setns to /proc/%d/ns/%s", (int)a->init,
					 kinds[i].name);
	return 0;
}

/* Enter the namespaces, fork the command into the pid namespace, tell the
 * caller its pid (this process is still in the caller's pid namespace) and
 * wait for it. It stays out of the container's cgroups itself. */
static int intermediate(struct attach *a)
{
	struct rlxc_error err = { 0 };
	int status;
	pid_t pid;

	if (enter_namespaces(a, &err) < 0) {
		rlxc_sync_send(a->sync, MSG_ERROR, 0, &err);
		return 1;
	}
	release(a);
	pid = fork();
	if (pid < 0) {
		rlxc_fail(&err, errno, "fork into the pid namespace");
		rlxc_sync_send(a->sync, MSG_ERROR, 0, &err);
		return 1;
	}
	if (pid == 0)
		_exit(grandchild(a));
	if (rlxc_sync_send(a->sync, MSG_PID, pid, NULL) < 0)
		kill(pid, SIGKILL); /* the caller is gone */
	close(a->sync);
	while (waitpid(pid, &status, 0) < 0)
		if (errno != EINTR)
			return 1;
	return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

/*
 * The caller again: run the children, wait.
 */

/* Put the command into the container's cgroups before it goes on, then
 * hear that it was exec'ed (0) or the error a child sent. */
static int talk(const struct attach *a, int fd, struct rlxc_error *err)
{
	struct rlxc_sync_msg m;
	int kind = rlxc_sync_recv(fd, &m), ret;

	if (kind == MSG_PID) {
		if ((ret = rlxc_cgroup_attach(a->cg, m.pid, err)) < 0) {
			kill(m.pid, SIGKILL);
			return ret;
		}
		if ((ret = rlxc_sync_send(fd, MSG_GO, 0, NULL)) < 0)
			return rlxc_fail(err, -ret, "start the attached process");
		if ((kind = rlxc_sync_recv(fd, &m)) == 0)
			return 0;
	}
	if (kind == MSG_ERROR) {
		snprintf(err->msg, sizeof(err->msg), "%s", m.text);
		err->code = m.code;
		err->usage = false;
		return m.code ? -m.code : -EINVAL;
	}
	if (kind < 0)
		return rlxc_fail(err, -kind, "read from the attached process");
	return rlxc_fail(err, 0, "the attached process died while being set up");
}

/* Fork the child, hear whether the command runs, wait for its status. */
static int fork_and_wait(struct attach *a, struct rlxc_error *err)
{
	int fds[2], status, ret;
	pid_t pid;

	if (socketpair(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0, fds) < 0)
		return rlxc_fail(err, errno, "socketpair");
	fflush(NULL);
	pid = fork();
	if (pid == 0) {
		close(fds[0]);
		a->sync = fds[1];
		_exit(intermediate(a));
	}
	close(fds[1]);
	if (pid < 0) {
		close(fds[0]);
		return rlxc_fail(err, errno, "fork");
	}
	ret = talk(a, fds[0], err);
	close(fds[0]);
	while (waitpid(pid, &status, 0) < 0)
		if (errno != EINTR)
			return ret < 0 ? ret
				       : rlxc_fail(err, errno, "wait for the attached process");
	if (ret < 0)
		return ret;
	return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

/* As system(3): the terminal's SIGINT and SIGQUIT are the command's (it
 * gets them too: same process group), the waiting processes ignore them
 * and report its status. */
static int run(struct attach *a, struct rlxc_error *err)
{
	struct sigaction ign = { .sa_handler = SIG_IGN }, old_int, old_quit;
	int ret;

	sigemptyset(&ign.sa_mask);
	sigaction(SIGINT, &ign, &old_int);
	sigaction(SIGQUIT, &ign, &old_quit);
	ret = fork_and_wait(a, err);
	sigaction(SIGINT, &old_int, NULL);
	sigaction(SIGQUIT, &old_quit, NULL);
	return ret;
}

int rlxc_attach(struct rlxc_container *ct, char *const *argv, const struct strv *env,
		const char *cwd, struct rlxc_error *err)
{
	struct attach a = {
		.ct = ct,
		.argv = argv,
		.cwd = cwd,
		.cwd_from = "--cwd",
		.pidfd = -1,
		.sync = -1,
	};
	int ret;

	for (size_t i = 0; i < NKINDS; i++)
		a.nsfd[i] = -1;
	if (!argv || !argv[0])
		return rlxc_usage(err, "attach %s: what to run? (-- CMD...)", ct->name);
	if ((ret = check_running(&a, err)) < 0)
		return ret;
	if ((ret = resolve(&a, env, err)) == 0)
		ret = run(&a, err);
	if (ret < 0)
		rlxc_error_prefix(err, "attach %s", ct->name);
	release(&a);
	rlxc_proc_env_free(a.env);
	if (a.cg)
		rlxc_cgroup_free(a.cg);
	return ret;
}
