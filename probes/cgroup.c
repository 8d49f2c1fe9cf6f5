// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * cgroup probes: the layout (v1, v2, hybrid), each v1 controller (a scratch
 * cgroup in its mounted hierarchy; partial when the host mounted none), and
 * the cgroup2 features a runtime needs (controllers, delegation,
 * cgroup.freeze, cgroup.kill).
 *
 * Scratch cgroups are named rlxc-probe-<pid> (each probe runs in its own
 * child, so the pid is unique) and removed before the try returns.
 */
#include "kernel/cgroupfs.h"
#include "probe_impl.h"
#include "kernel/syscalls.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdint.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define WAIT_MS 1000 /* bound on any freeze, thaw or kill */

static void nap(void)
{
	nanosleep(&(struct timespec){.tv_nsec = 200000}, NULL);
}

static void scratch_name(char *buf, size_t len)
{
	snprintf(buf, len, "rlxc-probe-%d", (int)getpid());
}

/* Reap pid within ms (SIGKILL past it); its wait status, or -1. */
static int reap(pid_t pid, int ms)
{
	long deadline = rlxc_now_ms() + ms;
	int status;

	for (;;) {
		pid_t r = waitpid(pid, &status, WNOHANG);

		if (r == pid)
			return status;
		if (r < 0 && errno != EINTR)
			return -1;
		if (rlxc_now_ms() >= deadline) {
			kill(pid, SIGKILL);
			return waitpid(pid, &status, 0) == pid ? status : -1;
		}
		nap();
	}
}

static void kill_and_reap(pid_t pid)
{
	if (pid <= 0)
		return;
	kill(pid, SIGKILL);
	reap(pid, WAIT_MS);
}

/* A child to put in a scratch cgroup: it sleeps until killed, and dies with
 * us if we die first. */
static void __attribute__((noreturn)) sleeper(void)
{
	prctl(PR_SET_PDEATHSIG, SIGKILL);
	for (;;)
		pause();
}

/*
 * A sleeper in the cgroup cg: it moves itself (cgfs_attach(cg, 0): the quick
 * way on v1) and tells how that went. 0 or -errno.
 */
static int spawn_moved(const char *cg, pid_t *pid)
{
	int fds[2], err = -EIO;

	if (pipe2(fds, O_CLOEXEC) < 0)
		return -errno;
	*pid = fork();
	if (*pid == 0) {
		err = cgfs_attach(cg, 0);
		if (write(fds[1], &err, sizeof(err)) != sizeof(err) || err)
			_exit(1);
		sleeper();
	}
	close(fds[1]);
	if (*pid < 0)
		err = -errno;
	else if (read(fds[0], &err, sizeof(err)) != sizeof(err))
		err = -EIO;
	close(fds[0]);
	if (err && *pid > 0) {
		kill_and_reap(*pid);
		*pid = -1;
	}
	return err;
}

/*
 * A sleeper born in the cgroup2 cgroup cg: clone3(CLONE_INTO_CGROUP) spares
 * the migration (a write to cgroup.procs waits for an RCU grace period,
 * ~10 ms); kernels before 5.7 (and valgrind) get fork and a move.
 */
static int spawn_in_v2(const char *cg, pid_t *pid)
{
	struct clone_args_v2 args = {.flags = CLONE_INTO_CGROUP, .exit_signal = SIGCHLD};
	int fd = open(cg, O_RDONLY | O_DIRECTORY | O_CLOEXEC);

	if (fd < 0)
		return -errno;
	args.cgroup = (uint64_t)fd;
	*pid = sys_clone3(&args, sizeof(args));
	if (*pid == 0)
		sleeper();
	close(fd);
	return *pid > 0 ? 0 : spawn_moved(cg, pid);
}

/* Remove a scratch cgroup, saying so only when it fails. */
static void remove_scratch(struct probe_out *out, const char *cg)
{
	int err = cgfs_remove(cg);

	if (err)
		probe_say(out, "rmdir %s: %s", cg, strerror(-err));
}

/*
 * A private mount namespace (made on the first call) with a tmpfs on /tmp,
 * and dir made in it: where a hierarchy is mounted without touching the
 * host's mounts.
 */
static int private_dir(const char *dir)
{
	static bool private_ns;

	if (!private_ns) {
		if (unshare(CLONE_NEWNS) < 0)
			return -errno;
		if (mount("none", "/", "none", MS_REC | MS_PRIVATE, NULL) < 0)
			return -errno;
		if (mount("rlxc", "/tmp", "tmpfs", MS_NOSUID | MS_NODEV, "mode=0700") < 0)
			return -errno;
		private_ns = true;
	}
	if (mkdir(dir, 0700) < 0 && errno != EEXIST)
		return -errno;
	return 0;
}

/*
 * The cgroup2 root: the host's mount, or (no cgroup2 on the host: a pure v1
 * host) a private mount of it. *fresh tells which. 0 or -errno.
 */
static int v2_root(struct probe_out *out, char *path, size_t len, bool *fresh)
{
	const char *dir = "/tmp/cg2";
	int err;

	*fresh = false;
	if (cgfs_v2_mount(path, len) == 0)
		return 0;
	err = private_dir(dir);
	if (err)
		return err;
	if (mount("cgroup2", dir, "cgroup2", 0, NULL) < 0)
		return -errno;
	probe_say(out, "cgroup2 not mounted on the host; mounted privately");
	snprintf(path, len, "%s", dir);
	*fresh = true;
	return 0;
}

/* ---- cgroup.layout ---- */

struct mounts {
	char v1[PROBE_TEXT];
	char v2[PROBE_TEXT];
	int nv1, nv2;
};

static bool v1_option(const char *opt)
{
	static const char *const skip[] = {
	    "rw",	    "ro",  "xattr", "noprefix", "clone_children", "cpuset_v2_mode",
	    "favordynmods", "none"};

	for (size_t i = 0; i < sizeof(skip) / sizeof(skip[0]); i++)
		if (strcmp(opt, skip[i]) == 0)
			return true;
	return strncmp(opt, "release_agent=", 14) == 0;
}

static void append(char *buf, size_t len, const char *word)
{
	size_t n = strlen(buf);

	snprintf(buf + n, len - n, "%s%s", n ? " " : "", word);
}

static int list_mount(const struct cgfs_mount *m, void *arg)
{
	struct mounts *ms = arg;
	char opts[sizeof(m->opts)], *save = NULL;

	if (m->v2) {
		append(ms->v2, sizeof(ms->v2), m->path);
		ms->nv2++;
		return 0;
	}
	snprintf(opts, sizeof(opts), "%s", m->opts);
	for (char *o = strtok_r(opts, ",", &save); o; o = strtok_r(NULL, ",", &save))
		if (!v1_option(o))
			append(ms->v1, sizeof(ms->v1), o);
	ms->nv1++;
	return 0;
}

static enum probe_verdict layout_none(struct probe_out *out, const struct mounts *ms)
{
	if (ms->nv1 || ms->nv2) {
		probe_reason(out, "nothing at " CGFS_ROOT "; cgroups mounted elsewhere");
		return PROBE_PARTIAL;
	}
	if (access("/proc/self/cgroup", F_OK) == 0) {
		probe_reason(out, "the kernel has cgroups but none is mounted");
		return PROBE_PARTIAL;
	}
	probe_reason(out, "the kernel has no cgroups (no /proc/self/cgroup)");
	return PROBE_NO;
}

PROBE_TRY(try_cgroup_layout)
{
	struct mounts ms = {.nv1 = 0};
	enum cgfs_layout layout;
	int err = cgfs_layout(&layout);

	if (err && err != -ENOENT)
		return probe_fail(out, -err, "statfs(" CGFS_ROOT ")");
	err = cgfs_each_mount(list_mount, &ms);
	if (err)
		return probe_fail(out, -err, "read /proc/self/mountinfo");
	probe_say(out, "statfs(" CGFS_ROOT "): %s", cgfs_layout_name(layout));
	probe_say(out, "v1 hierarchies: %s", ms.nv1 ? ms.v1 : "none");
	probe_say(out, "cgroup2: %s", ms.nv2 ? ms.v2 : "not mounted");
	switch (layout) {
	case CGFS_V2:
		probe_reason(out, "v2: unified hierarchy at " CGFS_ROOT);
		return PROBE_YES;
	case CGFS_HYBRID:
		probe_reason(out, "hybrid: %d v1 hierarchies, cgroup2 at " CGFS_ROOT "/unified",
			     ms.nv1);
		return PROBE_YES;
	case CGFS_V1:
		if (!ms.nv1) {
			probe_reason(out, "v1: tmpfs at " CGFS_ROOT " but no hierarchy mounted");
			return PROBE_PARTIAL;
		}
		probe_reason(out, "v1: %d hierarchies, no cgroup2", ms.nv1);
		return PROBE_YES;
	default:
		return layout_none(out, &ms);
	}
}

/* ---- cgroup.v1.<controller> ---- */

struct v1_ctrl {
	const char *name;
	const char *file;   /* a file its cgroups have (a prefix when it ends in '.') */
	const char *v2name; /* its name on cgroup2, NULL for v1-only controllers */
};

static const struct v1_ctrl v1_ctrls[] = {
    {"cpuset", "cpuset.cpus", "cpuset"},
    {"cpu", "cpu.", "cpu"},
    {"cpuacct", "cpuacct.usage", NULL},
    {"blkio", "blkio.", "io"},
    {"memory", "memory.limit_in_bytes", "memory"},
    {"devices", "devices.allow", NULL},
    {"freezer", "freezer.state", NULL},
    {"net_cls", "net_cls.classid", NULL},
    {"perf_event", "cgroup.procs", NULL},
    {"net_prio", "net_prio.ifpriomap", NULL},
    {"hugetlb", "hugetlb.", "hugetlb"},
    {"pids", "pids.max", "pids"},
    {"rdma", "rdma.max", "rdma"},
    {"misc", "misc.max", "misc"},
};

static const struct v1_ctrl *v1_find(const char *name)
{
	for (size_t i = 0; i < sizeof(v1_ctrls) / sizeof(v1_ctrls[0]); i++)
		if (strcmp(v1_ctrls[i].name, name) == 0)
			return &v1_ctrls[i];
	return NULL;
}

/* Whether cgroup has file, or a file starting with it when it ends in '.' */
static bool has_file(const char *cg, const char *file, char *found, size_t len)
{
	char path[PATH_MAX];
	size_t n = strlen(file);
	struct dirent *e;
	DIR *d;

	snprintf(found, len, "%s", file);
	if (file[n - 1] != '.') {
		snprintf(path, sizeof(path), "%s/%s", cg, file);
		return access(path, F_OK) == 0;
	}
	d = opendir(cg);
	if (!d)
		return false;
	while ((e = readdir(d)) && strncmp(e->d_name, file, n) != 0)
		;
	if (e)
		snprintf(found, len, "%s", e->d_name);
	closedir(d);
	return e != NULL;
}

/* Wait until freezer.state reads state. */
static int v1_freezer_wait(const char *cg, const char *state)
{
	long deadline = rlxc_now_ms() + WAIT_MS;
	char buf[64];
	int err;

	for (;;) {
		err = cgfs_read(cg, "freezer.state", buf, sizeof(buf));
		if (err)
			return err;
		if (strncmp(buf, state, strlen(state)) == 0 && buf[strlen(state)] == '\n')
			return 0;
		if (rlxc_now_ms() >= deadline)
			return -ETIMEDOUT;
		nap();
	}
}

static int v1_freezer_set(const char *cg, const char *state)
{
	int err = cgfs_write(cg, "freezer.state", state);

	return err ? err : v1_freezer_wait(cg, state);
}

/* Freeze and thaw a child in cg. */
static enum probe_verdict v1_freeze_thaw(struct probe_out *out, const char *cg)
{
	pid_t pid;
	int err = spawn_moved(cg, &pid);

	if (err)
		return probe_fail(out, -err, "child into the cgroup");
	err = v1_freezer_set(cg, "FROZEN");
	if (err) {
		kill_and_reap(pid);
		return probe_fail(out, -err, "child in; freezer.state FROZEN");
	}
	err = v1_freezer_set(cg, "THAWED");
	kill_and_reap(pid);
	if (err) {
		probe_say(out, "child in; FROZEN; THAWED: %s", strerror(-err));
		return PROBE_PARTIAL;
	}
	probe_say(out, "child in; freezer.state FROZEN, then THAWED");
	return PROBE_YES;
}

/* mkdir a scratch cgroup in the hierarchy at mnt, look for the controller's
 * file (or freeze and thaw for the freezer), rmdir. */
static enum probe_verdict v1_scratch(struct probe_out *out, const struct v1_ctrl *c,
				     const char *mnt)
{
	enum probe_verdict v = PROBE_YES;
	char name[64], cg[PATH_MAX], file[256];
	int err;

	scratch_name(name, sizeof(name));
	err = cgfs_create(mnt, name, cg, sizeof(cg));
	if (err) {
		probe_say(out, "mkdir %s/%s: %s", mnt, name, strerror(-err));
		return probe_errno_verdict(-err);
	}
	probe_say(out, "mkdir %s = 0", name);
	if (strcmp(c->name, "freezer") == 0) {
		v = v1_freeze_thaw(out, cg);
	} else if (has_file(cg, c->file, file, sizeof(file))) {
		probe_say(out, "%s present", file);
	} else {
		probe_say(out, "no %s in the new cgroup", file);
		v = PROBE_PARTIAL;
	}
	remove_scratch(out, cg);
	return v;
}

/* The controller is on cgroup2: a v1 mount would take it away from v2. */
static bool v1_bound_to_v2(struct probe_out *out, const struct v1_ctrl *c)
{
	char v2[PATH_MAX];
	bool fresh;

	if (!c->v2name || v2_root(out, v2, sizeof(v2), &fresh) < 0 ||
	    cgfs_has(v2, "cgroup.controllers", c->v2name) < 0)
		return false;
	probe_say(out, "%s listed in %s/cgroup.controllers; no v1 mount tried", c->v2name, v2);
	probe_reason(out, "bound to cgroup v2 (as %s), not mounted as v1", c->v2name);
	return true;
}

/*
 * Enabled in the kernel, but no v1 hierarchy of it is mounted on this host:
 * rlxc uses the hierarchies the host mounted and never mounts one itself,
 * so this is partial. Mounting a fresh hierarchy to try it would create a
 * host-wide cgroup root that outlives the probe (its teardown is
 * asynchronous) and costs tens of milliseconds per run.
 */
static enum probe_verdict v1_unmounted(struct probe_out *out, const struct v1_ctrl *c, int hier)
{
	if (hier)
		probe_say(out, "/proc/cgroups: %s in hierarchy %d, mounted nowhere here", c->name,
			  hier);
	else
		probe_say(out, "/proc/cgroups: %s enabled, in no hierarchy; no v1 mount of it",
			  c->name);
	probe_reason(out, "the kernel has %s, but no v1 hierarchy of it is mounted on this host",
		     c->name);
	return PROBE_PARTIAL;
}

static enum probe_verdict try_v1(struct probe_out *out, const char *name)
{
	const struct v1_ctrl *c = v1_find(name);
	char mnt[PATH_MAX];
	int hier, err;
	bool enabled;

	if (access("/proc/cgroups", F_OK) < 0) {
		probe_say(out, "no /proc/cgroups");
		probe_reason(out, "the kernel has no cgroup v1 support");
		return PROBE_NO;
	}
	err = cgfs_proc_cgroups(name, &hier, &enabled);
	if (err == -ENOENT) {
		probe_say(out, "%s not in /proc/cgroups", name);
		probe_reason(out, "the kernel has no %s controller", name);
		return PROBE_NO;
	}
	if (err)
		return probe_fail(out, -err, "read /proc/cgroups");
	if (!enabled) {
		probe_say(out, "/proc/cgroups: %s enabled 0", name);
		probe_reason(out, "%s is disabled (cgroup_disable= on the command line)", name);
		return PROBE_NO;
	}
	if (cgfs_v1_mount(name, mnt, sizeof(mnt)) == 0) {
		probe_say(out, "v1 hierarchy at %s", mnt);
		return v1_scratch(out, c, mnt);
	}
	if (v1_bound_to_v2(out, c))
		return PROBE_PARTIAL;
	return v1_unmounted(out, c, hier);
}

PROBE_TRY(try_cgroup_v1_cpuset)
{
	return try_v1(out, "cpuset");
}

PROBE_TRY(try_cgroup_v1_cpu)
{
	return try_v1(out, "cpu");
}

PROBE_TRY(try_cgroup_v1_cpuacct)
{
	return try_v1(out, "cpuacct");
}

PROBE_TRY(try_cgroup_v1_blkio)
{
	return try_v1(out, "blkio");
}

PROBE_TRY(try_cgroup_v1_memory)
{
	return try_v1(out, "memory");
}

PROBE_TRY(try_cgroup_v1_devices)
{
	return try_v1(out, "devices");
}

PROBE_TRY(try_cgroup_v1_freezer)
{
	return try_v1(out, "freezer");
}

PROBE_TRY(try_cgroup_v1_net_cls)
{
	return try_v1(out, "net_cls");
}

PROBE_TRY(try_cgroup_v1_perf_event)
{
	return try_v1(out, "perf_event");
}

PROBE_TRY(try_cgroup_v1_net_prio)
{
	return try_v1(out, "net_prio");
}

PROBE_TRY(try_cgroup_v1_hugetlb)
{
	return try_v1(out, "hugetlb");
}

PROBE_TRY(try_cgroup_v1_pids)
{
	return try_v1(out, "pids");
}

PROBE_TRY(try_cgroup_v1_rdma)
{
	return try_v1(out, "rdma");
}

PROBE_TRY(try_cgroup_v1_misc)
{
	return try_v1(out, "misc");
}

/* ---- cgroup.v2.* ---- */

static enum probe_verdict v2_fail(struct probe_out *out, int err)
{
	if (err == -ENODEV) {
		probe_reason(out, "the kernel has no cgroup2");
		probe_say(out, "mount -t cgroup2: %s", strerror(-err));
		return PROBE_NO;
	}
	return probe_fail(out, -err, "cgroup2 root");
}

/* A scratch cgroup under the cgroup2 root that must have file. */
static enum probe_verdict v2_scratch(struct probe_out *out, const char *file, char *cg, size_t len)
{
	char root[PATH_MAX], name[64], path[PATH_MAX];
	bool fresh;
	int err = v2_root(out, root, sizeof(root), &fresh);

	if (err)
		return v2_fail(out, err);
	scratch_name(name, sizeof(name));
	err = cgfs_create(root, name, cg, len);
	if (err) {
		probe_say(out, "mkdir %s/%s: %s", root, name, strerror(-err));
		return probe_errno_verdict(-err);
	}
	snprintf(path, sizeof(path), "%s/%s", cg, file);
	if (access(path, F_OK) < 0) {
		probe_say(out, "mkdir %s = 0; no %s", name, file);
		remove_scratch(out, cg);
		return PROBE_NO;
	}
	probe_say(out, "mkdir %s/%s = 0", root, name);
	return PROBE_YES;
}

PROBE_TRY(try_cgroup_v2_controllers)
{
	char root[PATH_MAX], list[1024];
	enum cgfs_layout layout;
	bool fresh;
	int err = v2_root(out, root, sizeof(root), &fresh);

	if (err)
		return v2_fail(out, err);
	err = cgfs_read(root, "cgroup.controllers", list, sizeof(list));
	if (err)
		return probe_fail(out, -err, "read cgroup.controllers");
	list[strcspn(list, "\n")] = '\0';
	probe_say(out, "%s/cgroup.controllers: %s", root, *list ? list : "(empty)");
	if (fresh) {
		probe_reason(out, "cgroup2 not mounted on the host; a private mount has: %s",
			     *list ? list : "no controllers");
		return PROBE_PARTIAL;
	}
	if (cgfs_layout(&layout) < 0 || layout != CGFS_HYBRID)
		probe_reason(out, "cgroup2 at %s: %s", root, *list ? list : "no controllers");
	else if (*list)
		probe_reason(out, "cgroup2 at %s has only %s; the rest are on v1", root, list);
	else
		probe_reason(out, "cgroup2 at %s has no controllers; all are on v1", root);
	return PROBE_YES;
}

/* Controllers that delegation tried, and what happened to them. */
struct delegation {
	char avail[1024];     /* the root's cgroup.controllers */
	char enabled[1024];   /* what we enabled in the root's subtree_control */
	char ok[PROBE_TEXT];  /* visible in the grandchild */
	char bad[PROBE_TEXT]; /* not delegated */
};

static int enable(const char *cg, const char *ctrl)
{
	char text[80];

	snprintf(text, sizeof(text), "+%s", ctrl);
	return cgfs_write(cg, "cgroup.subtree_control", text);
}

static int disable(const char *cg, const char *ctrl)
{
	char text[80];

	snprintf(text, sizeof(text), "-%s", ctrl);
	return cgfs_write(cg, "cgroup.subtree_control", text);
}

/* root -> scratch -> scratch/rlxc-child: each controller has to reach the
 * grandchild through two subtree_controls. */
static void delegate_one(struct delegation *d, const char *root, const char *cg, const char *child,
			 const char *ctrl)
{
	const char *what = "+root";
	char text[128];
	int err = 0;

	if (cgfs_has(root, "cgroup.subtree_control", ctrl) < 0) {
		err = enable(root, ctrl);
		if (!err)
			append(d->enabled, sizeof(d->enabled), ctrl);
	}
	if (!err) {
		what = "+child";
		err = enable(cg, ctrl);
	}
	if (!err && cgfs_has(child, "cgroup.controllers", ctrl) == 0) {
		append(d->ok, sizeof(d->ok), ctrl);
		return;
	}
	snprintf(text, sizeof(text), "%s (%s: %s)", ctrl, what,
		 err ? strerror(-err) : "not in the grandchild");
	append(d->bad, sizeof(d->bad), text);
}

static void restore_root(struct probe_out *out, struct delegation *d, const char *root)
{
	char *save = NULL;
	int err;

	if (*d->enabled)
		probe_say(out, "enabled then restored in the root: %s", d->enabled);
	for (char *c = strtok_r(d->enabled, " ", &save); c; c = strtok_r(NULL, " ", &save)) {
		err = disable(root, c);
		if (err)
			probe_say(out, "could not restore -%s in the root: %s", c, strerror(-err));
	}
}

static enum probe_verdict delegate_verdict(struct probe_out *out, const struct delegation *d)
{
	if (*d->bad)
		probe_say(out, "not delegated: %s", d->bad);
	if (!*d->ok) {
		probe_reason(out, "no controller reaches a nested child");
		return PROBE_NO;
	}
	probe_say(out, "nested child has: %s", d->ok);
	if (*d->bad) {
		probe_reason(out, "delegates %s, not: %s", d->ok, d->bad);
		return PROBE_PARTIAL;
	}
	probe_reason(out, "delegates all it has: %s", d->ok);
	return PROBE_YES;
}

PROBE_TRY(try_cgroup_v2_delegate)
{
	struct delegation d = {.enabled = ""};
	char root[PATH_MAX], cg[PATH_MAX], child[PATH_MAX], *save = NULL;
	enum probe_verdict v;
	bool fresh;
	int err = v2_root(out, root, sizeof(root), &fresh);

	if (err)
		return v2_fail(out, err);
	err = cgfs_read(root, "cgroup.controllers", d.avail, sizeof(d.avail));
	if (err)
		return probe_fail(out, -err, "read cgroup.controllers");
	if (!d.avail[strspn(d.avail, " \n")]) {
		probe_say(out, "%s/cgroup.controllers is empty", root);
		probe_reason(out, "cgroup2 has no controllers to delegate (all on v1)");
		return PROBE_PARTIAL;
	}
	v = v2_scratch(out, "cgroup.subtree_control", cg, sizeof(cg));
	if (v != PROBE_YES)
		return v;
	err = cgfs_create(cg, "rlxc-child", child, sizeof(child));
	if (err) {
		remove_scratch(out, cg);
		return probe_fail(out, -err, "mkdir nested child");
	}
	for (char *c = strtok_r(d.avail, " \n", &save); c; c = strtok_r(NULL, " \n", &save))
		delegate_one(&d, root, cg, child, c);
	remove_scratch(out, cg);
	restore_root(out, &d, root);
	return delegate_verdict(out, &d);
}

PROBE_TRY(try_cgroup_v2_freezer)
{
	enum probe_verdict v;
	char cg[PATH_MAX];
	pid_t pid;
	int err;

	v = v2_scratch(out, "cgroup.freeze", cg, sizeof(cg));
	if (v != PROBE_YES) {
		if (v == PROBE_NO)
			probe_reason(out, "no cgroup.freeze (kernel before 5.2)");
		return v;
	}
	err = spawn_in_v2(cg, &pid);
	if (err) {
		remove_scratch(out, cg);
		return probe_fail(out, -err, "child into the cgroup");
	}
	err = cgfs_write(cg, "cgroup.freeze", "1");
	if (!err)
		err = cgfs_wait_event(cg, "frozen", 1, WAIT_MS);
	if (!err) {
		probe_say(out, "child in; cgroup.freeze 1: frozen 1");
		err = cgfs_write(cg, "cgroup.freeze", "0");
		if (!err)
			err = cgfs_wait_event(cg, "frozen", 0, WAIT_MS);
		v = err ? PROBE_PARTIAL : PROBE_YES;
		probe_say(out, "cgroup.freeze 0: %s", err ? strerror(-err) : "frozen 0");
	} else {
		v = probe_fail(out, -err, "child in; cgroup.freeze 1");
	}
	kill_and_reap(pid);
	remove_scratch(out, cg);
	return v;
}

PROBE_TRY(try_cgroup_v2_kill)
{
	enum probe_verdict v;
	char cg[PATH_MAX];
	pid_t pid;
	int err, status;

	v = v2_scratch(out, "cgroup.kill", cg, sizeof(cg));
	if (v != PROBE_YES) {
		if (v == PROBE_NO)
			probe_reason(out, "no cgroup.kill (kernel before 5.14)");
		return v;
	}
	err = spawn_in_v2(cg, &pid);
	if (err) {
		remove_scratch(out, cg);
		return probe_fail(out, -err, "child into the cgroup");
	}
	err = cgfs_write(cg, "cgroup.kill", "1");
	if (!err)
		err = cgfs_wait_event(cg, "populated", 0, WAIT_MS);
	status = reap(pid, err ? 0 : WAIT_MS);
	if (err) {
		v = probe_fail(out, -err, "child in; cgroup.kill 1");
	} else if (status >= 0 && WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL) {
		probe_say(out, "child in; cgroup.kill 1: child killed by SIGKILL");
	} else {
		probe_say(out, "child in; cgroup.kill 1: child status %#x", status);
		v = PROBE_NO;
	}
	remove_scratch(out, cg);
	return v;
}
