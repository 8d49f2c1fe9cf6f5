// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Running a command inside a running container (see attach.h).
 *
 * Three processes. The caller resolves everything from the running init
 * (found through a pidfd: its namespaces, its capabilities), builds the
 * seccomp filter and waits. Its child, the intermediate, is in the host's
 * pid namespace, where no process of the container can see it: it moves
 * into the container's cgroups, enters the namespaces, becomes what the
 * command will be (ids, capabilities, seccomp filter, working directory,
 * no fd but 0-2 and the sync socket), not dumpable all along, and only
 * then forks the command's process into the container's pid namespace,
 * with CLONE_PARENT so that it is the caller's child, and exits. That
 * process (the "grandchild") is the first thing the container can see:
 * born in its cgroups, under its filter, holding nothing it lacks, it
 * takes a session of its own, resets its signals and execs. A failure
 * comes back over a close-on-exec SOCK_SEQPACKET socketpair as the text
 * of a struct rlxc_error. When the caller is on a terminal, the command's
 * is a pty of the container's devpts that the caller relays: the
 * caller's terminal never enters the container (attach_impl.h, issue 9:
 * an attached command pushed a command line into the admin's shell with
 * TIOCSTI on its fd 0).
 *
 * Why in this order (issue 9: a container process that kept CAP_SYS_PTRACE
 * seized the old grandchild, which waited in the container's pid
 * namespace with every capability for its go-ahead, and remounted
 * /proc/sys through it):
 *
 *  - ptrace, /proc/PID/mem, fd/ and exe need ptrace_may_access. A process
 *    that is not dumpable passes it only for someone with CAP_SYS_PTRACE
 *    in the user namespace of its memory (mm->user_ns: the host's, as the
 *    intermediate was forked on the host). In a user namespace the
 *    container's root never has that: the grandchild is out of its reach
 *    until it execs. A privileged container that keeps sys_ptrace has it,
 *    and nothing makes a process in its pid namespace untouchable to it:
 *    so the grandchild is born with no more than such a process could get
 *    anyway: the container's capabilities (init's CapBnd, and no more than
 *    init's CapEff), its cgroups (outside them a process is outside the
 *    device list and the limits), its seccomp filter (a process without it
 *    would make the calls the filter denies for the tracer, such as
 *    open_by_handle_at for a container that kept dac_read_search), no fd
 *    of the host. Dumpable is cleared first and again after every change
 *    of credentials (setns into a user namespace, setresuid, capset): each
 *    sets it to fs.suid_dumpable, which may be 1. Fork copies it.
 *  - The capabilities are read from the running init (/proc/INIT/status,
 *    through a /proc/INIT directory checked against a pidfd after it was
 *    opened, so a reused pid cannot stand in for it), not from the config,
 *    which may have changed since the start.
 *  - /proc/PID/exe (CVE-2019-5736): until it execs, the grandchild's exe
 *    is the caller's. A container that may ptrace it, or that makes it
 *    exec "/proc/self/exe" (a #! line naming it, no capability needed),
 *    would get the host's rlxc binary, and a privileged container's root
 *    could write it once no rlxc runs. For a container in the caller's
 *    user namespace the caller first re-executes itself from a sealed
 *    memfd copy (rlxc_proc_sealed_exe), as lxc-attach and runc do: what
 *    they reach is that copy, which nobody can write. In a user namespace
 *    the container's root cannot write the host's binary (not its uid),
 *    and the grandchild is not dumpable to it anyway.
 *  - What is left, as in runc and LXC: until exec, the grandchild's memory
 *    is the caller's (its environment, the config), and a privileged
 *    container that kept sys_ptrace and checkpoint_restore could open the
 *    host's shared libraries through /proc/PID/map_files.
 *
 * Against lxc-attach (src/lxc/attach.c): LXC too moves its transient
 * process into the container's cgroups before that forks, setns()es and
 * clones the attached process with CLONE_PARENT into the pid namespace;
 * but it is the attached process that then drops the bounding set (to
 * init's CapBnd), switches ids, sets no_new_privs and loads seccomp,
 * keeping its effective capabilities until exec: all of it where the
 * container can see it. Its shield for /proc/PID/exe is lxc-attach
 * re-executing itself from a sealed memfd (lxc_rexec). Against runc's
 * nsexec (libcontainer/nsenter/nsexec.c): runc makes itself non-dumpable
 * before it joins anything, runs from a cloned binary (a sealed memfd)
 * for CVE-2019-5736, and forks the process that enters the pid namespace
 * with CLONE_PARENT; its init code installs seccomp before it drops
 * capabilities (seccomp needs CAP_SYS_ADMIN or no_new_privs), or with
 * no_new_privs as late as possible, right before execve. rlxc takes the
 * first half of that rule and puts the second before the fork: the
 * process the container can see never runs without the filter. rlxc has
 * no LSM keys (no AppArmor or SELinux profile in its config), so there is
 * no LSM label to give.
 */
#include "attach.h"
#include "attach_impl.h"
#include "sync_impl.h"
#include "caps_impl.h"
#include "cgroup/cgroup.h"
#include "probes/probe.h"
#include "proc_setup_impl.h"
#include "seccomp/seccomp.h"
#include "state/state.h"
#include "kernel/fd.h"
#include "kernel/syscalls.h"

#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

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
	int flags;	  /* the CLONE_NEW* to enter */
	int pidfd;	  /* of init; -1: pidfd_open is missing */
	bool setns_pidfd; /* setns takes the pidfd (else nsfd[]) */
	int procfd;	  /* /proc/INIT, checked to be init's */
	int nsfd[NKINDS]; /* /proc/INIT/ns/X of each namespace to enter, else -1 */
	uint64_t bound;	  /* init's CapBnd: the container's capabilities */
	uint64_t eff;	  /* init's CapEff, within bound */
	bool nnp;	  /* lxc.no_new_privs, or init has it */
	struct rlxc_seccomp filter;
	char **env;
	struct rlxc_cgroup *cg;
	int cgfd;		    /* the container's cgroup2 directory, -1: none */
	bool born_in_v2;	    /* the intermediate was cloned into it */
	int sync;		    /* the children's end of the socketpair */
	struct rlxc_attach_tty tty; /* the command's pty, when the caller is on a terminal */
};

/* The sync socket (sync_impl.h): the intermediate sends PID, the host pid
 * of the command; either child ERROR. EOF once the command was exec'ed
 * and the intermediate is gone. */
enum msg_kind { MSG_PID = 1, MSG_ERROR };

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

/* A pidfd of init, then /proc/INIT, then a check that init is alive: the
 * directory is init's, not a later process's with its pid. Without
 * pidfd_open (before 5.3) the state file's word is all there is. */
static int open_init(struct attach *a, struct rlxc_error *err)
{
	char path[32];

	if ((a->pidfd = sys_pidfd_open(a->init)) < 0 && errno != ENOSYS)
		return rlxc_fail(err, errno, "pidfd_open %d (the container's init)", (int)a->init);
	snprintf(path, sizeof(path), "/proc/%d", (int)a->init);
	if ((a->procfd = open(path, O_PATH | O_DIRECTORY | O_CLOEXEC)) < 0)
		return rlxc_fail(err, errno, "open %s (the container's init)", path);
	if (a->pidfd >= 0 && sys_pidfd_send_signal(a->pidfd, 0) < 0)
		return rlxc_fail(err, errno, "the container's init (pid %d)", (int)a->init);
	return 0;
}

/* Each namespace of init that is not the caller's. A kernel without one
 * (no /proc/self/ns/X) skips it. */
static int find_namespaces(struct attach *a, struct rlxc_error *err)
{
	struct stat mine, theirs;
	char path[64];

	for (size_t i = 0; i < NKINDS; i++) {
		snprintf(path, sizeof(path), "/proc/self/ns/%s", kinds[i].name);
		if (stat(path, &mine) < 0)
			continue;
		snprintf(path, sizeof(path), "ns/%s", kinds[i].name);
		if (fstatat(a->procfd, path, &theirs, 0) < 0)
			return rlxc_fail(err, errno, "/proc/%d/%s", (int)a->init, path);
		if (mine.st_dev != theirs.st_dev || mine.st_ino != theirs.st_ino)
			a->flags |= kinds[i].flag;
	}
	return 0;
}

/* setns on the pidfd where the kernel takes one (the probe says so), else
 * on an fd of each namespace. */
static int open_namespaces(struct attach *a, struct rlxc_error *err)
{
	const struct probe_result *r = probe_get("syscall.pidfd_setns");
	char path[64];

	if ((a->setns_pidfd = a->pidfd >= 0 && r && r->verdict == PROBE_YES))
		return 0;
	for (size_t i = 0; i < NKINDS; i++) {
		if (!(a->flags & kinds[i].flag))
			continue;
		snprintf(path, sizeof(path), "ns/%s", kinds[i].name);
		if ((a->nsfd[i] = openat(a->procfd, path, O_RDONLY | O_CLOEXEC)) < 0)
			return rlxc_fail(err, errno, "open /proc/%d/%s", (int)a->init, path);
	}
	return 0;
}

/* KEY's value in a /proc/PID/status text: a hex mask, or a number. */
static int status_field(const char *text, const char *key, int base, uint64_t *v)
{
	const char *p = strstr(text, key);

	if (!p || (p != text && p[-1] != '\n'))
		return -ENOENT;
	*v = strtoull(p + strlen(key), NULL, base);
	return 0;
}

/* What init holds now: its bounding set is the container's capabilities. */
static int read_init(struct attach *a, struct rlxc_error *err)
{
	char text[4096];
	uint64_t nnp = 0;
	int fd = openat(a->procfd, "status", O_RDONLY | O_CLOEXEC);
	ssize_t n = fd < 0 ? -1 : read(fd, text, sizeof(text) - 1);

	if (fd >= 0)
		close(fd);
	if (n < 0)
		return rlxc_fail(err, errno, "read /proc/%d/status", (int)a->init);
	text[n] = '\0';
	if (status_field(text, "CapBnd:", 16, &a->bound) < 0 ||
	    status_field(text, "CapEff:", 16, &a->eff) < 0)
		return rlxc_fail(err, 0, "/proc/%d/status: no CapBnd or CapEff", (int)a->init);
	a->eff &= a->bound;
	status_field(text, "NoNewPrivs:", 10, &nnp); /* since 4.10 */
	a->nnp = a->ct->conf.no_new_privs || nnp;
	return 0;
}

/* Attaching to a container in our own user namespace: run from a sealed
 * copy of rlxc first (see the top of this file). Does not return when it
 * re-executes; the new rlxc comes back here with the copy. */
static int seal_exe(const struct attach *a, struct rlxc_error *err)
{
	return a->flags & CLONE_NEWUSER ? 0 : rlxc_proc_sealed_exe(err);
}

/* The container's filter, for the capabilities it keeps. */
static int build_filter(struct attach *a, struct rlxc_error *err)
{
	const char *profile = a->ct->conf.seccomp_profile;
	struct rlxc_seccomp_spec spec = {
		.profile = profile && *profile ? profile : NULL,
		.caps = a->bound,
	};

	return rlxc_seccomp_build(&spec, &a->filter, err);
}

static int resolve(struct attach *a, const struct strv *env, struct rlxc_error *err)
{
	const struct rlxc_config *c = &a->ct->conf;
	int ret;

	if (!a->cwd) {
		a->cwd = c->init_cwd ? c->init_cwd : "/";
		a->cwd_from = c->init_cwd ? "lxc.init.cwd" : "the default";
	}
	if ((ret = read_init(a, err)) < 0 || (ret = rlxc_proc_env(c, env, &a->env, err)) < 0 ||
	    (ret = rlxc_cgroup_load(&a->cg, a->ct->run_dir, err)) < 0 ||
	    (ret = rlxc_cgroup_v2_fd(a->cg, &a->cgfd, err)) < 0)
		return ret;
	return build_filter(a, err);
}

/* A pty of the container's for the command when the caller is on a
 * terminal (attach_impl.h), owned by the user it will run as. */
static int open_terminal(struct attach *a, struct rlxc_error *err)
{
	const struct rlxc_config *c = &a->ct->conf;
	uid_t uid = c->init_uid_set ? c->init_uid : (a->flags & CLONE_NEWUSER) ? 0 : geteuid();

	return rlxc_attach_tty_open(&a->tty, a->procfd,
				    c->rootfs_path ? "/dev/pts/ptmx" : "/dev/ptmx", uid, err);
}

static void close_fd(int *fd)
{
	if (*fd >= 0)
		close(*fd);
	*fd = -1;
}

/* The fds of init and its namespaces. */
static void release(struct attach *a)
{
	close_fd(&a->pidfd);
	close_fd(&a->procfd);
	for (size_t i = 0; i < NKINDS; i++)
		close_fd(&a->nsfd[i]);
}

/*
 * The children.
 */

static int enter_namespaces(const struct attach *a, struct rlxc_error *err)
{
	if (!a->flags)
		return 0;
	if (a->setns_pidfd) {
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

/* Into the container's cgroups and namespaces, out of reach (not
 * dumpable) all along. The cgroups first, while the host's cgroup tree is
 * at hand and our credentials are the host's. */
static int enter(struct attach *a, struct rlxc_error *err)
{
	int ret;

	if ((ret = rlxc_proc_not_dumpable(err)) < 0 ||
	    (ret = rlxc_cgroup_enter(a->cg, a->born_in_v2, err)) < 0 ||
	    (ret = enter_namespaces(a, err)) < 0 || (ret = rlxc_proc_not_dumpable(err)) < 0)
		return ret;
	release(a);
	return 0;
}

/* The container's filter, with no_new_privs first when it has that. */
static int filter(const struct attach *a, struct rlxc_error *err)
{
	if (a->nnp && prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) < 0)
		return rlxc_fail(err, errno, "prctl(PR_SET_NO_NEW_PRIVS)");
	return rlxc_seccomp_install(&a->filter, err);
}

/* Become what the command will be: what init is. The seccomp filter goes
 * in before the fork either way, so that the command's process never runs
 * without it: while CAP_SYS_ADMIN is still held, or, with no_new_privs,
 * which needs none, last. */
static int become(const struct attach *a, struct rlxc_error *err)
{
	bool userns = a->flags & CLONE_NEWUSER;
	int ret;

	if (userns &&
	    ((ret = rlxc_proc_become_root(err)) < 0 || (ret = rlxc_proc_not_dumpable(err)) < 0))
		return ret;
	if ((ret = rlxc_caps_drop_bounding(~a->bound, err)) < 0)
		return ret;
	if (!a->nnp && (ret = filter(a, err)) < 0)
		return ret;
	if ((ret = rlxc_proc_set_ids(&a->ct->conf, userns, err)) < 0 ||
	    (ret = rlxc_proc_not_dumpable(err)) < 0 ||
	    (ret = rlxc_caps_drop_process(~a->eff, err)) < 0 ||
	    (ret = rlxc_proc_not_dumpable(err)) < 0)
		return ret;
	if (chdir(a->cwd) < 0)
		return rlxc_fail(err, errno, "chdir %s (%s)", a->cwd, a->cwd_from);
	return a->nnp ? filter(a, err) : 0;
}

/* No fd but 0, 1, 2 and the sync socket (none of the caller's reaches the
 * container: where 0, 1, 2 were the caller's terminal, they are the pty's
 * slave); the sync socket out of 0-2, where the command would get it. */
static int close_fds(struct attach *a, struct rlxc_error *err)
{
	int ret;

	if ((ret = rlxc_attach_tty_stdio(&a->tty, err)) < 0)
		return ret;
	if (a->sync < 3) {
		int fd = fcntl(a->sync, F_DUPFD_CLOEXEC, 3);

		if (fd < 0)
			return rlxc_fail(err, errno, "move the sync socket");
		close(a->sync);
		a->sync = fd;
	}
	if ((ret = rlxc_close_fds(&a->sync, 1)) < 0)
		return rlxc_fail(err, -ret, "close the fds of the caller");
	return 0;
}

/* The command's process, in the container and its pid namespace. It is
 * what the intermediate made itself (fork copies all of it, the dumpable
 * flag and the seccomp filter too): it only takes a session of its own
 * (with its pty as the controlling terminal) and execs. */
static int command(const struct attach *a)
{
	struct rlxc_error err = { 0 };

	if (rlxc_attach_tty_session(&a->tty, &err) < 0) {
		rlxc_sync_send(a->sync, MSG_ERROR, 0, &err);
		return 1;
	}
	rlxc_proc_reset_signals();
	environ = a->env;
	rlxc_proc_exec(a->argv);
}

/* fork, but the child is our parent's (CLONE_PARENT): the caller waits
 * for the command itself, and we may exit at once. */
static pid_t fork_sibling(void)
{
#if defined(__s390__) || defined(__CRIS__)
	return (pid_t)syscall(SYS_clone, NULL, (unsigned long)(CLONE_PARENT | SIGCHLD), NULL, NULL,
			      NULL);
#else
	return (pid_t)syscall(SYS_clone, (unsigned long)(CLONE_PARENT | SIGCHLD), NULL, NULL, NULL,
			      NULL);
#endif
}

/* Leave the caller's session, enter, become, fork the command into the
 * pid namespace (this process is still in the caller's), tell the caller
 * its pid, exit. */
static int intermediate(struct attach *a)
{
	struct rlxc_error err = { 0 };
	pid_t pid;

	if (rlxc_attach_tty_leave(&a->tty, &err) < 0 || enter(a, &err) < 0 || become(a, &err) < 0 ||
	    close_fds(a, &err) < 0) {
		rlxc_sync_send(a->sync, MSG_ERROR, 0, &err);
		return 1;
	}
	if ((pid = fork_sibling()) < 0) {
		rlxc_fail(&err, errno, "fork into the pid namespace");
		rlxc_sync_send(a->sync, MSG_ERROR, 0, &err);
		return 1;
	}
	if (pid == 0)
		_exit(command(a));
	if (rlxc_sync_send(a->sync, MSG_PID, pid, NULL) < 0)
		kill(pid, SIGKILL); /* the caller is gone: nobody would wait for it */
	return 0;
}

/*
 * The caller again: run the children, wait.
 */

/* The intermediate, straight into the container's cgroup2 cgroup where
 * the kernel does that (clone3, 5.7), else a plain fork. */
static pid_t fork_intermediate(struct attach *a)
{
	struct clone_args_v2 args = {
		.flags = CLONE_INTO_CGROUP,
		.exit_signal = SIGCHLD,
		.cgroup = (uint64_t)a->cgfd,
	};
	pid_t pid;

	if (a->cgfd >= 0 && (pid = sys_clone3(&args, sizeof(args))) >= 0) {
		a->born_in_v2 = true;
		return pid;
	}
	return fork();
}

/* What the children say until EOF: the command's pid, or an error. */
static int hear(int fd, pid_t *cmd, struct rlxc_error *err)
{
	struct rlxc_sync_msg m;
	int kind, ret = 0;

	*cmd = 0;
	while ((kind = rlxc_sync_recv(fd, &m)) > 0) {
		if (kind == MSG_PID && *cmd == 0 && m.pid > 0)
			*cmd = m.pid;
		if (kind != MSG_ERROR || ret < 0)
			continue;
		snprintf(err->msg, sizeof(err->msg), "%s", m.text);
		err->code = m.code;
		err->usage = false;
		ret = m.code ? -m.code : -EINVAL;
	}
	if (kind < 0 && ret == 0)
		ret = rlxc_fail(err, -kind, "read from the attached process");
	return ret;
}

/* waitpid, for an exit status as the shell gives it. */
static int wait_status(pid_t pid, int *status)
{
	int st;

	while (waitpid(pid, &st, 0) < 0)
		if (errno != EINTR)
			return -errno;
	*status = WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
	return 0;
}

/* The command runs: relay its pty, if any, and wait for it (attach_impl.h).
 * When setup already failed (failed), err keeps what it said. */
static int wait_command(struct attach *a, pid_t cmd, int *status, bool failed,
			struct rlxc_error *err)
{
	struct rlxc_error mine = { 0 };
	int ret = rlxc_attach_tty_wait(&a->tty, cmd, status, &mine);

	if (ret < 0 && !failed)
		*err = mine;
	return ret;
}

/* Fork the intermediate, hear whether the command runs, wait for it. */
static int fork_and_wait(struct attach *a, struct rlxc_error *err)
{
	int fds[2], status = 0, ret, wret;
	pid_t pid, cmd;

	if (socketpair(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0, fds) < 0)
		return rlxc_fail(err, errno, "socketpair");
	fflush(NULL);
	if ((pid = fork_intermediate(a)) == 0) {
		close(fds[0]);
		a->sync = fds[1];
		_exit(intermediate(a));
	}
	close(fds[1]);
	close_fd(&a->tty.pty.slave); /* the intermediate's now: the relay sees its hangup */
	if (pid < 0) {
		close(fds[0]);
		return rlxc_fail(err, errno, "fork");
	}
	ret = hear(fds[0], &cmd, err);
	close(fds[0]);
	wait_status(pid, &status);
	if (ret == 0 && cmd == 0 && status > 128) /* SIGSYS: the seccomp profile */
		ret = rlxc_fail(err, 0, "the attached process was killed while being set up: %s",
				strsignal(status - 128));
	else if (ret == 0 && cmd == 0)
		ret = rlxc_fail(err, 0, "the attached process died while being set up");
	if (cmd > 0 && (wret = wait_command(a, cmd, &status, ret < 0, err)) < 0 && ret == 0)
		ret = wret;
	return ret < 0 ? ret : status;
}

/* The terminal's SIGINT and SIGQUIT are the command's: ignored here while
 * it is set up, then passed on to it (it is in a session of its own,
 * attach_impl.h), and its status is what we report. */
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

static int attach(struct attach *a, const struct strv *env, struct rlxc_error *err)
{
	int ret;

	if ((ret = open_init(a, err)) < 0 || (ret = find_namespaces(a, err)) < 0 ||
	    (ret = seal_exe(a, err)) < 0 || (ret = open_namespaces(a, err)) < 0 ||
	    (ret = resolve(a, env, err)) < 0 || (ret = open_terminal(a, err)) < 0)
		return ret;
	return run(a, err);
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
		.procfd = -1,
		.cgfd = -1,
		.sync = -1,
	};
	int ret;

	for (size_t i = 0; i < NKINDS; i++)
		a.nsfd[i] = -1;
	rlxc_attach_tty_init(&a.tty);
	if (!argv || !argv[0])
		return rlxc_usage(err, "attach %s: what to run? (-- CMD...)", ct->name);
	if ((ret = check_running(&a, err)) < 0) /* says "attach NAME: it is STOPPED" */
		return ret;
	if ((ret = attach(&a, env, err)) < 0)
		rlxc_error_prefix(err, "attach %s", ct->name);
	release(&a);
	close_fd(&a.cgfd);
	rlxc_attach_tty_close(&a.tty);
	rlxc_seccomp_free(&a.filter);
	rlxc_proc_env_free(a.env);
	if (a.cg)
		rlxc_cgroup_free(a.cg);
	return ret;
}
