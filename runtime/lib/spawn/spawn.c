// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Starting a container's init (see spawn.h).
 *
 * Parent and child talk over a SOCK_SEQPACKET socketpair, close-on-exec:
 * the parent sends GO once it has written the child's uid/gid maps, and
 * CGROUPS once place() is done; the child sets up, enter()s its cgroups
 * after CGROUPS, then answers ERROR with its struct rlxc_error, or EXEC
 * right before it execs (the socket then closes with the exec), or READY
 * once rlxc's own init has started CMD (it then closes the socket). EOF
 * after EXEC or READY is success; EOF before it is a child that died.
 *
 * The child is made with clone3 (CLONE_PIDFD) or, where clone3 is missing
 * (valgrind 3.19), the raw clone syscall with fork semantics (no stack, no
 * CLONE_VM) and pidfd_open. Either way the C library does not know about
 * the child: it keeps a stale thread id, so the child never calls raise(),
 * abort() or pthread functions; it only sets itself up and execs, or runs
 * init.c, which forks.
 */
#include "spawn.h"
#include "sync_impl.h"
#include "caps_impl.h"
#include "init_impl.h"
#include "kernel/nl.h"
#include "probes/probe.h"
#include "proc_setup_impl.h"
#include "rootfs_impl.h"
#include "idmount_impl.h"
#include "seccomp/seccomp.h"
#include "kernel/syscalls.h"
#include "kernel/cleanup.h"
#include "kernel/fd.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <sched.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

enum msg_kind { MSG_GO = 1, MSG_CGROUPS, MSG_EXEC, MSG_READY, MSG_ERROR, MSG_IDMOUNT };

/* What the child needs, resolved by the parent before the clone. */
struct ctx {
	const struct rlxc_spawn *sp;
	const struct rlxc_config *c;
	char *const *argv;
	const char *rootfs;
	bool userns, own_netns;
	bool idmount;	     /* the rootfs comes idmapped from the parent (idmount_impl.h) */
	bool born_in_cgroup; /* clone3 took sp->cgroup_fd */
	uint64_t cap_drop;
	struct rlxc_seccomp filter; /* built here, installed by the child */
	int sync;		    /* the child's end */
	int term_sock; /* the child's end of the one its ptys go back by; -1: none */
};

extern char **environ;
static char **volatile kept_env;

/*
 * Checks (parent, before anything is made).
 */

static void add_suffix(struct rlxc_error *err, const char *text)
{
	size_t len = strlen(err->msg);

	snprintf(err->msg + len, sizeof(err->msg) - len, "%s", text);
}

static int check_rootfs(struct ctx *x, struct rlxc_error *err)
{
	struct stat st;
	int ret;

	if (!x->rootfs)
		return x->sp->app ? 0 : rlxc_fail(err, 0, "lxc.rootfs.path is not set");
	if (stat(x->rootfs, &st) < 0)
		ret = rlxc_fail(err, errno, "rootfs %s", x->rootfs);
	else if (!S_ISDIR(st.st_mode))
		ret = rlxc_fail(err, ENOTDIR, "rootfs %s", x->rootfs);
	else
		return 0;
	add_suffix(err, " (lxc.rootfs.path)");
	return ret;
}

static int check_nets(struct ctx *x, struct rlxc_error *err)
{
	static const char *const names[] = { "none", "empty", "veth", "macvlan", "vlan", "phys" };
	const struct rlxc_net *n;

	for (int i = 0; i < RLXC_MAX_NETS; i++) {
		n = &x->c->net[i];
		if (!n->used || n->type <= RLXC_NET_EMPTY)
			continue;
		rlxc_fail(err, 0, "lxc.net.%d.type = %s%s%s%s: not yet supported by rlxc", i,
			  (unsigned)n->type < 6 ? names[n->type] : "?", n->origin ? " (" : "",
			  n->origin ? n->origin : "", n->origin ? ")" : "");
		err->code = EOPNOTSUPP;
		return -EOPNOTSUPP;
	}
	/* no lxc.net.0 at all: a network namespace of its own, as "empty" */
	x->own_netns = !(x->c->net[0].used && x->c->net[0].type == RLXC_NET_NONE);
	return 0;
}

static bool maps_root(const struct rlxc_config *c, char which)
{
	for (size_t i = 0; i < c->n_idmap; i++)
		if (c->idmap[i].which == which && c->idmap[i].nsid == 0 && c->idmap[i].range > 0)
			return true;
	return false;
}

static int check_idmap(struct ctx *x, struct rlxc_error *err)
{
	const struct probe_result *r;

	if (!x->c->n_idmap)
		return 0;
	r = probe_get("ns.user");
	if (!r || r->verdict != PROBE_YES) {
		rlxc_fail(err, 0, "lxc.idmap needs ns.user, which is %s: %s",
			  r ? probe_verdict_name(r->verdict) : "missing", r ? r->reason : "");
		err->code = EOPNOTSUPP;
		return -EOPNOTSUPP;
	}
	if (!maps_root(x->c, 'u') || !maps_root(x->c, 'g'))
		return rlxc_fail(err, 0,
				 "lxc.idmap: the container's root needs a mapping: "
				 "'u 0 HOSTID RANGE' and 'g 0 HOSTID RANGE'");
	x->userns = true;
	return 0;
}

static int check_mounts(struct ctx *x, struct rlxc_error *err)
{
	const struct rlxc_config *c = x->c;
	int ret;

	for (size_t i = 0; i < c->mount_entries.n; i++)
		if ((ret = rlxc_mount_entry_check(c->mount_entries.v[i], err)) < 0)
			return ret;
	if (c->mount_fstab && access(c->mount_fstab, R_OK) < 0)
		return rlxc_fail(err, errno, "lxc.mount.fstab %s", c->mount_fstab);
	return 0;
}

static int pick_argv(struct ctx *x, struct rlxc_error *err)
{
	static char *const default_init[] = { "/sbin/init", NULL };
	const struct strv *cmd = x->sp->app ? &x->c->execute_cmd : &x->c->init_cmd;

	if (x->sp->argv && x->sp->argv[0])
		x->argv = x->sp->argv;
	else if (cmd->n)
		x->argv = cmd->v;
	else if (!x->sp->app)
		x->argv = default_init;
	else
		return rlxc_usage(err, "no command to execute: give one or set lxc.execute.cmd");
	return 0;
}

/* The container's seccomp filter: lxc.seccomp.profile, else rlxc's default
 * policy, for the capabilities it keeps. Last: nothing fails after it. */
static int build_filter(struct ctx *x, struct rlxc_error *err)
{
	const struct rlxc_seccomp_spec spec = {
		.profile = x->c->seccomp_profile,
		.caps = ~x->cap_drop,
	};

	return rlxc_seccomp_build(&spec, &x->filter, err);
}

/* filter: build the seccomp filter too (else x->filter stays empty). */
static int resolve(const struct rlxc_spawn *sp, struct ctx *x, bool filter, struct rlxc_error *err)
{
	int ret;

	memset(x, 0, sizeof(*x));
	x->sp = sp;
	x->c = sp->conf;
	x->rootfs = sp->rootfs ? sp->rootfs : x->c->rootfs_path;
	x->sync = x->term_sock = -1;
	/* nets first: what a config names and rlxc cannot do is said before
	 * anything about the host */
	if ((ret = check_nets(x, err)) < 0 || (ret = check_rootfs(x, err)) < 0 ||
	    (ret = check_idmap(x, err)) < 0 ||
	    (x->userns && (ret = rlxc_idmount_plan(x->c, x->rootfs, &x->idmount, err)) < 0) ||
	    (ret = check_mounts(x, err)) < 0 ||
	    (ret = rlxc_caps_mask(x->c, x->userns, &x->cap_drop, err)) < 0 ||
	    (ret = pick_argv(x, err)) < 0)
		return ret;
	return filter ? build_filter(x, err) : 0;
}

int rlxc_spawn_check(const struct rlxc_spawn *sp, struct rlxc_error *err)
{
	struct ctx x;
	/* a profile is read and checked; the default policy, which has no
	 * input, is built once, by rlxc_spawn */
	int ret = resolve(sp, &x, sp->conf->seccomp_profile != NULL, err);

	rlxc_seccomp_free(&x.filter);
	return ret;
}

/*
 * The child.
 */

/* An fd of 3 or more for the same file (the original is closed). */
static int high_fd(int fd)
{
	int n;

	if (fd >= 3)
		return fd;
	n = fcntl(fd, F_DUPFD_CLOEXEC, 3);
	close(fd);
	return n;
}

static int set_stdio(const struct rlxc_spawn *sp, struct rlxc_error *err)
{
	int tmp[3] = { -1, -1, -1 };

	for (int i = 0; i < 3; i++)
		if (sp->stdio[i] >= 0 && (tmp[i] = fcntl(sp->stdio[i], F_DUPFD_CLOEXEC, 3)) < 0)
			return rlxc_fail(err, errno, "duplicate stdio fd %d", sp->stdio[i]);
	for (int i = 0; i < 3; i++) {
		if (tmp[i] < 0)
			continue;
		if (dup2(tmp[i], i) < 0)
			return rlxc_fail(err, errno, "set up fd %d", i);
		close(tmp[i]);
	}
	return 0;
}

static int lo_up(struct rlxc_error *err)
{
	__cleanup_nl struct rlxc_nl *nl = rlxc_nl_open(NETLINK_ROUTE);
	int idx, ret;

	if (!nl)
		return rlxc_fail(err, errno, "netlink socket in the container's network namespace");
	idx = rlxc_nl_ifindex("lo");
	if (idx < 0)
		return rlxc_fail(err, -idx, "find lo");
	if ((ret = rlxc_nl_set_up(nl, idx, 1)) < 0)
		return rlxc_fail(err, -ret, "set lo up");
	return 0;
}

static int set_hostname(const struct ctx *x, struct rlxc_error *err)
{
	const char *name = x->c->uts_name ? x->c->uts_name : x->sp->name;

	if (name && sethostname(name, strlen(name)) < 0)
		return rlxc_fail(err, errno, "sethostname %s (lxc.uts.name)", name);
	return 0;
}

/* The container's environment (rlxc_proc_env), installed as environ. */
static int set_env(const struct rlxc_config *c, struct rlxc_error *err)
{
	char **env;
	int ret = rlxc_proc_env(c, NULL, &env, err);

	if (ret < 0)
		return ret;
	environ = env;
	kept_env = env; /* reachable for valgrind's leak check: environ is not enough */
	return 0;
}

/* A session of its own: the caller's terminal is never the container's
 * controlling terminal (through /dev/tty it could type into it). */
static int new_session(struct rlxc_error *err)
{
	return setsid() < 0 ? rlxc_fail(err, errno, "setsid") : 0;
}

/* Its terminals (term/terms.h), ptys of its devpts, the console as its
 * stdio where planned; the supervisor gets them all. */
static int give_terms(struct ctx *x, int rootfd, struct rlxc_error *err)
{
	struct rlxc_terms *t = x->sp->terms;
	int ret;

	if ((ret = rlxc_terms_make(t, rootfd, err)) == 0 && (ret = rlxc_terms_stdio(t, err)) == 0)
		ret = rlxc_terms_send(t, x->term_sock, err);
	close(x->term_sock);
	x->term_sock = -1;
	return ret;
}

/* Close every fd but 0, 1, 2 and the sync socket (moved to 3). */
static int close_fds(struct ctx *x, struct rlxc_error *err)
{
	int ret;

	if (x->sync != 3) {
		if (dup3(x->sync, 3, O_CLOEXEC) < 0)
			return rlxc_fail(err, errno, "move the sync socket");
		close(x->sync);
		x->sync = 3;
	}
	if ((ret = rlxc_close_fds(&x->sync, 1)) < 0)
		return rlxc_fail(err, -ret, "close the fds of the caller");
	return 0;
}

/* Once the parent says the cgroups are complete: into them (enter()). */
static int enter_cgroups(struct ctx *x, struct rlxc_error *err)
{
	struct rlxc_sync_msg m;

	if (rlxc_sync_recv(x->sync, &m) != MSG_CGROUPS)
		return rlxc_fail(err, 0, "the supervisor gave up on the container's init");
	return x->sp->enter ? x->sp->enter(x->sp->arg, x->born_in_cgroup, err) : 0;
}

static int unshare_cgroupns(struct rlxc_error *err)
{
	return unshare(CLONE_NEWCGROUP) < 0 ? rlxc_fail(err, errno, "unshare the cgroup namespace")
					    : 0;
}

/*
 * The container dies with its supervisor: a dead supervisor must never
 * leave a container that nobody reaps or tracks. The death signal is the
 * child's first act, and is set again after each change of credentials,
 * which clears it (commit_creds). A supervisor that died before one of
 * them is seen on the sync socket, whose other end is then closed: the
 * child gives up (getppid() cannot tell, it is 0 in a new pid namespace).
 */
static int die_with_parent(const struct ctx *x, struct rlxc_error *err)
{
	struct pollfd p = { .fd = x->sync, .events = POLLRDHUP };

	if (prctl(PR_SET_PDEATHSIG, SIGKILL) < 0)
		return rlxc_fail(err, errno, "prctl(PR_SET_PDEATHSIG)");
	if (poll(&p, 1, 0) > 0 && (p.revents & (POLLRDHUP | POLLHUP)))
		return rlxc_fail(err, 0, "the supervisor died while the container was set up");
	return 0;
}

/* no_new_privs (lxc.no_new_privs), then the seccomp filter: once the
 * bounding set is cut, while the capabilities are still held (the filter
 * takes CAP_SYS_ADMIN or no_new_privs), before the ids and capabilities
 * are dropped, as LXC orders it. What init does after it, and all that
 * runs in the container, is under the filter; a plain BPF program, so no
 * allocation here. */
static int confine(const struct ctx *x, struct rlxc_error *err)
{
	if (x->c->no_new_privs && prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) < 0)
		return rlxc_fail(err, errno, "prctl(PR_SET_NO_NEW_PRIVS) (lxc.no_new_privs)");
	return rlxc_seccomp_install(&x->filter, err);
}

/* Everything between GO and exec. Without a user namespace, the mounts
 * are made while the parent finishes the cgroups; the child enters them
 * just before it pivots (the host's cgroup tree still in reach). With one,
 * it enters them first, while it still has the caller's credentials; on
 * the host's root (no rootfs) first too, before a new /sys covers them. */
static int child_setup(struct ctx *x, struct rlxc_error *err)
{
	struct rlxc_rootfs r = { x->c, x->rootfs, x->userns, x->own_netns };
	const char *cwd = x->c->init_cwd ? x->c->init_cwd : "/";
	int rootfd = -1, ret;

	if (x->userns &&
	    ((x->idmount &&
	      (ret = rlxc_idmount_attach(x->sync, MSG_IDMOUNT, x->rootfs, err)) < 0) ||
	     (ret = enter_cgroups(x, err)) < 0 || (ret = rlxc_proc_become_root(err)) < 0 ||
	     (ret = die_with_parent(x, err)) < 0 || (ret = unshare_cgroupns(err)) < 0))
		return ret;
	/* on the host's root the new /sys hides the host's cgroup tree */
	if (!x->userns && !x->rootfs &&
	    ((ret = enter_cgroups(x, err)) < 0 || (ret = unshare_cgroupns(err)) < 0))
		return ret;
	rlxc_proc_reset_signals();
	if ((ret = set_stdio(x->sp, err)) < 0 || (ret = new_session(err)) < 0)
		return ret;
	if (x->own_netns && (ret = lo_up(err)) < 0)
		return ret;
	if ((ret = set_hostname(x, err)) < 0 || (ret = rlxc_rootfs_prepare(&r, &rootfd, err)) < 0)
		return ret;
	if (x->term_sock >= 0 && (ret = give_terms(x, rootfd, err)) < 0) {
		close(rootfd);
		return ret;
	}
	if (!x->userns && x->rootfs &&
	    ((ret = enter_cgroups(x, err)) < 0 || (ret = unshare_cgroupns(err)) < 0)) {
		close(rootfd);
		return ret;
	}
	if ((ret = rlxc_rootfs_finish(&r, rootfd, err)) < 0)
		return ret;
	if ((ret = rlxc_caps_drop_bounding(x->cap_drop, err)) < 0 || (ret = confine(x, err)) < 0 ||
	    (ret = rlxc_proc_set_ids(x->c, x->userns, err)) < 0 ||
	    (ret = rlxc_caps_drop_process(x->cap_drop, err)) < 0 ||
	    (ret = die_with_parent(x, err)) < 0)
		return ret;
	if ((ret = set_env(x->c, err)) < 0)
		return ret;
	if (chdir(cwd) < 0)
		return rlxc_fail(err, errno, "chdir %s (lxc.init.cwd)", cwd);
	return close_fds(x, err);
}

/* rlxc execute: be pid 1 of the container, running CMD. */
static int run_init(struct ctx *x)
{
	struct rlxc_error err = { 0 };
	struct rlxc_init in;

	if (rlxc_init_start(&in, x->argv, &err) < 0) {
		rlxc_sync_send(x->sync, MSG_ERROR, 0, &err);
		return 1;
	}
	if (rlxc_sync_send(x->sync, MSG_READY, 0, NULL) < 0)
		return 1; /* nobody tracks us: pid 1 leaves, and CMD with it */
	close(x->sync);
	return rlxc_init_wait(&in);
}

static int child_main(struct ctx *x)
{
	struct rlxc_error err = { 0 };
	struct rlxc_sync_msg m;

	if ((x->sync = high_fd(x->sync)) < 0 ||
	    (x->term_sock >= 0 && (x->term_sock = high_fd(x->term_sock)) < 0) ||
	    die_with_parent(x, &err) < 0 || rlxc_sync_recv(x->sync, &m) != MSG_GO)
		return 1; /* the parent gave up on us */
	if (child_setup(x, &err) < 0) {
		rlxc_sync_send(x->sync, MSG_ERROR, 0, &err);
		return 1;
	}
	if (x->sp->app)
		return run_init(x);
	/* no go-ahead to send: nobody would track what we exec */
	if (rlxc_sync_send(x->sync, MSG_EXEC, 0, NULL) < 0)
		return 1;
	execvp(x->argv[0], x->argv);
	rlxc_fail(&err, errno, "exec %s", x->argv[0]);
	rlxc_sync_send(x->sync, MSG_ERROR, 0, &err);
	return 127;
}

/*
 * The parent.
 */

static uint64_t clone_flags(const struct ctx *x)
{
	uint64_t f = CLONE_NEWNS | CLONE_NEWPID | CLONE_NEWUTS | CLONE_NEWIPC;

	if (x->own_netns)
		f |= CLONE_NEWNET;
	if (x->userns)
		f |= CLONE_NEWUSER;
	return f;
}

/* clone3 with a pidfd (and into sp->cgroup_fd, where the kernel takes it),
 * else clone + pidfd_open; fork semantics either way. */
static pid_t do_clone(struct ctx *x, uint64_t flags, int *pidfd)
{
	static bool no_clone3, no_pidfd_open;
	struct clone_args_v2 args = {
		.flags = flags | CLONE_PIDFD,
		.pidfd = (uintptr_t)pidfd,
		.exit_signal = SIGCHLD,
	};
	pid_t pid;

	*pidfd = -1;
	if (!no_clone3 && x->sp->into_cgroup) {
		args.flags |= CLONE_INTO_CGROUP;
		args.cgroup = (uint64_t)x->sp->cgroup_fd;
		x->born_in_cgroup = true; /* what the child will see */
		if ((pid = sys_clone3(&args, sizeof(args))) >= 0)
			return pid;
		/* too old a kernel, or a cgroup it will not take: the child
		 * joins it itself, and says why when it cannot */
		x->born_in_cgroup = false;
		args.flags &= ~(uint64_t)CLONE_INTO_CGROUP;
		args.cgroup = 0;
	}
	if (!no_clone3) {
		pid = sys_clone3(&args, sizeof(args));
		if (pid >= 0 || errno != ENOSYS)
			return pid;
		no_clone3 = true;
	}
#if defined(__s390__) || defined(__CRIS__)
	pid = (pid_t)syscall(SYS_clone, NULL, (unsigned long)flags | SIGCHLD, NULL, NULL, NULL);
#else
	pid = (pid_t)syscall(SYS_clone, (unsigned long)flags | SIGCHLD, NULL, NULL, NULL, NULL);
#endif
	if (pid > 0 && !no_pidfd_open) {
		*pidfd = sys_pidfd_open(pid);
		no_pidfd_open = *pidfd < 0 && errno == ENOSYS;
	}
	return pid;
}

static int write_map(pid_t pid, const char *file, const char *text, struct rlxc_error *err)
{
	char path[64];
	__cleanup_close int fd = -1;
	ssize_t len = (ssize_t)strlen(text);

	snprintf(path, sizeof(path), "/proc/%d/%s", (int)pid, file);
	fd = open(path, O_WRONLY | O_CLOEXEC);
	if (fd < 0 || write(fd, text, (size_t)len) != len)
		return rlxc_fail(err, errno, "lxc.idmap: write %s", path);
	return 0;
}

static int write_idmaps(pid_t pid, const struct rlxc_config *c, struct rlxc_error *err)
{
	char map[2][4096] = { "", "" };
	int ret;

	for (size_t i = 0; i < c->n_idmap; i++) {
		char *m = map[c->idmap[i].which == 'g'];
		size_t len = strlen(m);

		snprintf(m + len, sizeof(map[0]) - len, "%lu %lu %lu\n", c->idmap[i].nsid,
			 c->idmap[i].hostid, c->idmap[i].range);
	}
	/* An unprivileged caller must deny setgroups to write gid_map; root
	 * keeps it, so that the container's root may use setgroups. */
	if (geteuid() != 0 && (ret = write_map(pid, "setgroups", "deny", err)) < 0)
		return ret;
	if ((ret = write_map(pid, "uid_map", map[0], err)) < 0)
		return ret;
	return write_map(pid, "gid_map", map[1], err);
}

/* Wait for EXEC / READY and EOF, or an ERROR. */
static int wait_child(int fd, struct rlxc_error *err)
{
	bool started = false;
	struct rlxc_sync_msg m;
	int kind;

	while ((kind = rlxc_sync_recv(fd, &m)) > 0) {
		if (kind == MSG_ERROR) {
			snprintf(err->msg, sizeof(err->msg), "%s", m.text);
			err->code = m.code;
			err->usage = false;
			return m.code ? -m.code : -EINVAL;
		}
		started |= kind == MSG_EXEC || kind == MSG_READY;
	}
	if (kind < 0)
		return rlxc_fail(err, -kind, "read from the container's init");
	if (!started)
		return rlxc_fail(err, 0, "the container's init died while being set up");
	return 0;
}

/* GO, then place() while the child sets itself up, then CGROUPS. When the
 * child cannot be told (it died), what it said is the error. */
static int run_parent(const struct ctx *x, pid_t pid, int fd, struct rlxc_error *err)
{
	const struct rlxc_spawn *sp = x->sp;
	int ret;

	if (x->userns && (ret = write_idmaps(pid, x->c, err)) < 0)
		return ret;
	if ((ret = rlxc_sync_send(fd, MSG_GO, 0, NULL)) < 0)
		return rlxc_fail(err, -ret, "start the container's init");
	if (x->idmount && (ret = rlxc_idmount_send(fd, MSG_IDMOUNT, pid, x->rootfs, err)) < 0)
		return ret;
	if (sp->place && (ret = sp->place(sp->arg, err)) < 0)
		return ret;
	rlxc_sync_send(fd, MSG_CGROUPS, 0, NULL);
	return wait_child(fd, err);
}

/* The socket the child's ptys come back by (sp->terms), the child's end
 * in tv[1]; none: -1, -1. */
static int term_socket(const struct rlxc_spawn *sp, int tv[2], struct rlxc_error *err)
{
	tv[0] = tv[1] = -1;
	if (sp->terms && socketpair(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0, tv) < 0)
		return rlxc_fail(err, errno, "socketpair for the container's ptys");
	return 0;
}

static void close_pair(int v[2])
{
	for (int i = 0; i < 2; i++)
		if (v[i] >= 0)
			close(v[i]);
}

int rlxc_spawn(const struct rlxc_spawn *sp, pid_t *init, int *pidfd, struct rlxc_error *err)
{
	int sv[2], tv[2], pfd = -1, ret;
	struct ctx x;
	pid_t pid;

	*init = -1;
	*pidfd = -1;
	if ((ret = resolve(sp, &x, true, err)) < 0)
		return ret;
	if (socketpair(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0, sv) < 0) {
		rlxc_seccomp_free(&x.filter);
		return rlxc_fail(err, errno, "socketpair");
	}
	if ((ret = term_socket(sp, tv, err)) < 0) {
		rlxc_seccomp_free(&x.filter);
		close_pair(sv);
		return ret;
	}
	pid = do_clone(&x, clone_flags(&x), &pfd);
	if (pid == 0) {
		close(sv[0]);
		if (tv[0] >= 0)
			close(tv[0]);
		x.sync = sv[1];
		x.term_sock = tv[1];
		_exit(child_main(&x));
	}
	ret = pid < 0 ? rlxc_fail(err, errno, "clone into new namespaces") : 0;
	rlxc_seccomp_free(&x.filter); /* the child has its copy */
	close(sv[1]);
	if (tv[1] >= 0)
		close(tv[1]);
	tv[1] = -1;
	if (!ret)
		ret = run_parent(&x, pid, sv[0], err);
	if (!ret && tv[0] >= 0)
		ret = rlxc_terms_recv(sp->terms, tv[0], err);
	close(sv[0]);
	close_pair(tv);
	if (ret < 0 && pid > 0) {
		kill(pid, SIGKILL);
		while (waitpid(pid, NULL, 0) < 0 && errno == EINTR)
			;
		if (pfd >= 0)
			close(pfd);
	}
	if (ret < 0)
		return ret;
	*init = pid;
	*pidfd = pfd;
	return 0;
}
