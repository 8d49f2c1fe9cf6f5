// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * cgroups, exercised for real: scratch cgroups named rlxc-t-<pid>[-x] at the
 * root of a hierarchy, children moved into them, and effects seen from
 * outside (CPU time in /proc/PID/stat, exit statuses, /proc/PID/cgroup,
 * cgroup.events).
 *
 * The fixture records every scratch cgroup, child and subtree_control change
 * a test makes; the teardown thaws, kills, rmdirs and restores them, also
 * after a failed assertion. A hierarchy the host does not mount (the probe
 * then said "a fresh hierarchy mounts") is mounted in a private mount
 * namespace of the test's own process.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <poll.h>
#include <sched.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/mount.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "kselftest_harness.h"
#include "probe_skip.h"
#include "test_util.h"
#include "kernel/clock.h"

#define MAX_CG	  4
#define MAX_KIDS  8
#define SAMPLE_MS 150 /* CPU time is sampled across this interval */
#define MIN_TICKS 3   /* a spinning child gains ~15 clock ticks per SAMPLE_MS */

/* ---- files ---- */

static int write_file(const char *path, const char *text)
{
	int fd = open(path, O_WRONLY | O_CLOEXEC);
	ssize_t w;
	int err = 0;

	if (fd < 0)
		return -errno;
	w = write(fd, text, strlen(text));
	if (w < 0)
		err = -errno;
	else if ((size_t)w != strlen(text))
		err = -EIO;
	close(fd);
	return err;
}

static int cg_write(const char *cg, const char *file, const char *text)
{
	char path[PATH_MAX];

	snprintf(path, sizeof(path), "%s/%s", cg, file);
	return write_file(path, text);
}

static int cg_read(const char *cg, const char *file, char *buf, size_t len)
{
	char path[PATH_MAX];

	snprintf(path, sizeof(path), "%s/%s", cg, file);
	return get_file(path, buf, len);
}

static bool cg_exists(const char *cg, const char *file)
{
	char path[PATH_MAX];

	snprintf(path, sizeof(path), "%s/%s", cg, file);
	return access(path, F_OK) == 0;
}

/* Whether the space-separated list file holds word. */
static bool cg_lists(const char *cg, const char *file, const char *word)
{
	char buf[1024], *save = NULL;

	if (cg_read(cg, file, buf, sizeof(buf)) < 0)
		return false;
	for (char *w = strtok_r(buf, " \n", &save); w; w = strtok_r(NULL, " \n", &save))
		if (strcmp(w, word) == 0)
			return true;
	return false;
}

/* The number after "key " in a flat keyed file (cgroup.events, pids.events,
 * memory.oom_control); -1 when absent. */
static long cg_key(const char *cg, const char *file, const char *key)
{
	char buf[2048], *save = NULL;
	size_t n = strlen(key);

	if (cg_read(cg, file, buf, sizeof(buf)) < 0)
		return -1;
	for (char *l = strtok_r(buf, "\n", &save); l; l = strtok_r(NULL, "\n", &save))
		if (strncmp(l, key, n) == 0 && l[n] == ' ')
			return atol(l + n + 1);
	return -1;
}

/* The number of lines of a file (cgroup.procs: of processes); -1 when
 * unreadable. */
static int count_lines(const char *cg, const char *file)
{
	char buf[4096];
	int n = 0;

	if (cg_read(cg, file, buf, sizeof(buf)) < 0)
		return -1;
	for (char *p = buf; (p = strchr(p, '\n')); p++)
		n++;
	return n;
}

/* A file holding one number; -1 when unreadable. */
static long cg_num(const char *cg, const char *file)
{
	char buf[64];

	return cg_read(cg, file, buf, sizeof(buf)) == 0 ? atol(buf) : -1;
}

/* Whether cg has an interface file starting with prefix ("hugetlb."). */
static bool cg_has_prefix(const char *cg, const char *prefix)
{
	DIR *d = opendir(cg);
	struct dirent *e;
	bool found = false;

	if (!d)
		return false;
	while (!found && (e = readdir(d)))
		found = strncmp(e->d_name, prefix, strlen(prefix)) == 0;
	closedir(d);
	return found;
}

static void sleep_ms(long ms)
{
	struct timespec ts = {.tv_sec = ms / 1000, .tv_nsec = (ms % 1000) * 1000000};

	while (nanosleep(&ts, &ts) < 0 && errno == EINTR)
		;
}

/* Wait (at most ms) until cgroup.events says "key value": poll for the
 * kernel's notification, in short slices since cgroup rate-limits them. */
static bool wait_event(const char *cg, const char *key, long value, long ms)
{
	char path[PATH_MAX];
	long deadline = rlxc_now_ms() + ms;
	int fd;

	snprintf(path, sizeof(path), "%s/cgroup.events", cg);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return false;
	while (cg_key(cg, "cgroup.events", key) != value && rlxc_now_ms() < deadline) {
		struct pollfd p = {.fd = fd, .events = POLLPRI};

		poll(&p, 1, 5);
	}
	close(fd);
	return cg_key(cg, "cgroup.events", key) == value;
}

/* Wait (at most ms) until the v1 freezer.state reads state. */
static bool wait_freezer(const char *cg, const char *state, long ms)
{
	long deadline = rlxc_now_ms() + ms;
	char buf[64], want[64];

	snprintf(want, sizeof(want), "%s\n", state);
	for (;;) {
		if (cg_read(cg, "freezer.state", buf, sizeof(buf)) == 0 && strcmp(buf, want) == 0)
			return true;
		if (rlxc_now_ms() >= deadline)
			return false;
		sleep_ms(1);
	}
}

/* CPU time pid gains across SAMPLE_MS. */
static long cpu_gain(pid_t pid)
{
	long before = proc_cpu_ticks(pid);

	sleep_ms(SAMPLE_MS);
	return proc_cpu_ticks(pid) - before;
}

/* Whether word is one of the comma-separated words of list. */
static bool in_list(const char *list, const char *word)
{
	size_t n = strlen(word);

	for (const char *p = list; p; p = strchr(p, ','), p = p ? p + 1 : NULL)
		if (strncmp(p, word, n) == 0 && (p[n] == ',' || p[n] == '\0'))
			return true;
	return false;
}

/* Column col (1: hierarchy, 2: num_cgroups) of ctrl in /proc/cgroups; -1
 * when absent. */
static int proc_cgroups(const char *ctrl, int col)
{
	FILE *f = fopen("/proc/cgroups", "re");
	char line[256], name[64];
	int v[3], ret = -1;

	while (f && ret < 0 && fgets(line, sizeof(line), f))
		if (sscanf(line, "%63s %d %d %d", name, &v[0], &v[1], &v[2]) == 4 &&
		    strcmp(name, ctrl) == 0)
			ret = v[col - 1];
	if (f)
		fclose(f);
	return ret;
}

/* ---- the fixture ---- */

/* A hierarchy a test uses; a private one is mounted in a private mount
 * namespace (the host does not mount it) and mounted again by the teardown
 * when that namespace is gone. */
struct hier {
	char path[PATH_MAX];
	char fstype[8];
	char opt[32];
	bool private;
	int before; /* v1: its cgroups in /proc/cgroups before ours were made */
};

FIXTURE(cg)
{
	struct hier hier[2];
	int nhier;
	pid_t private_ns;	   /* the process that made its private mount namespace */
	char cg[MAX_CG][PATH_MAX]; /* scratch cgroups, children after parents */
	int ncg;
	pid_t kid[MAX_KIDS];
	int nkid;
	char restore_cg[PATH_MAX]; /* "-ctrl ..." written back to its subtree_control */
	char restore[256];
};

FIXTURE_SETUP(cg)
{
	memset(self, 0, sizeof(*self));
}

/* The mount point of a cgroup hierarchy: v1 with option opt, or cgroup2
 * (opt NULL). */
static bool find_mount(const char *opt, char *path, size_t len)
{
	FILE *f = fopen("/proc/self/mountinfo", "re");
	char line[4096];
	bool found = false;

	if (!f)
		return false;
	while (!found && fgets(line, sizeof(line), f)) {
		char mnt[PATH_MAX], type[64], opts[1024], *sep = strstr(line, " - ");

		if (!sep || sscanf(line, "%*s %*s %*s %*s %4095s", mnt) != 1 ||
		    sscanf(sep + 3, "%63s %*s %1023s", type, opts) != 2)
			continue;
		if (opt ? strcmp(type, "cgroup") == 0 && in_list(opts, opt)
			: strcmp(type, "cgroup2") == 0) {
			snprintf(path, len, "%s", mnt);
			found = true;
		}
	}
	fclose(f);
	return found;
}

/* Mount h in this process's private mount namespace (made on first use,
 * with a tmpfs on /tmp to hold the mount point: nothing lands on the host). */
static int mount_private(FIXTURE_DATA(cg) * self, const struct hier *h)
{
	/* self is shared with the teardown's process, which needs its own */
	if (self->private_ns != getpid()) {
		if (unshare(CLONE_NEWNS) < 0 ||
		    mount("none", "/", "none", MS_REC | MS_PRIVATE, NULL) < 0 ||
		    mount("rlxc", "/tmp", "tmpfs", 0, "mode=0700") < 0)
			return -errno;
		self->private_ns = getpid();
	}
	if (mkdir(h->path, 0700) < 0 && errno != EEXIST)
		return -errno;
	if (mount(h->fstype, h->path, h->fstype, 0, h->opt[0] ? h->opt : NULL) < 0)
		return -errno;
	return 0;
}

/* The root of a hierarchy (ctrl: v1, NULL: cgroup2): the host's mount, or a
 * private mount when the host has none. Recorded for the teardown. */
static int hier_root(FIXTURE_DATA(cg) * self, const char *ctrl, char *path, size_t len)
{
	struct hier *h = &self->hier[self->nhier];
	int err = 0;

	if (self->nhier == 2)
		return -ENOSPC;
	snprintf(h->fstype, sizeof(h->fstype), "%s", ctrl ? "cgroup" : "cgroup2");
	snprintf(h->opt, sizeof(h->opt), "%s", ctrl ? ctrl : "");
	if (!find_mount(ctrl, h->path, sizeof(h->path))) {
		h->private = true;
		snprintf(h->path, sizeof(h->path), "/tmp/rlxc-t-%d-%d", (int)getpid(), self->nhier);
		err = mount_private(self, h);
		/* once mounted, its own count (hierarchy 0 counts cgroup2's) */
		h->before = ctrl ? proc_cgroups(ctrl, 2) : 0;
	}
	if (!err)
		self->nhier++;
	snprintf(path, len, "%s", h->path);
	return err;
}

static int v1_root(FIXTURE_DATA(cg) * self, const char *ctrl, char *path, size_t len)
{
	return hier_root(self, ctrl, path, len);
}

static int v2_root(FIXTURE_DATA(cg) * self, char *path, size_t len)
{
	return hier_root(self, NULL, path, len);
}

/*
 * A v1 hierarchy dies at its last unmount only if it has no child left,
 * dying ones included (else it lingers, unmounted, for good): wait for the
 * removed scratch cgroups to be released (~40 ms), then unmount.
 */
static void unmount_private(const struct hier *h)
{
	long deadline = rlxc_now_ms() + 2000;

	while (h->before > 0 && proc_cgroups(h->opt, 2) > h->before && rlxc_now_ms() < deadline)
		sleep_ms(1);
	umount2(h->path, MNT_DETACH);
}

/* Thaw, kill what is left in it, rmdir (retrying while tasks finish dying). */
static void remove_cgroup(const char *cg)
{
	long deadline = rlxc_now_ms() + 2000;
	char buf[4096], *save = NULL;

	cg_write(cg, "cgroup.freeze", "0");
	cg_write(cg, "freezer.state", "THAWED");
	if (cg_read(cg, "cgroup.procs", buf, sizeof(buf)) == 0)
		for (char *t = strtok_r(buf, "\n", &save); t; t = strtok_r(NULL, "\n", &save))
			kill(atoi(t), SIGKILL);
	while (rmdir(cg) < 0 && errno == EBUSY && rlxc_now_ms() < deadline)
		sleep_ms(1);
}

/*
 * Runs in the parent of the test process where the harness has
 * FIXTURE_TEARDOWN_PARENT (self is then shared memory): an assertion that
 * fails in the test cannot skip it. Private hierarchies are mounted again
 * when the test's mount namespace is gone.
 */
#ifdef FIXTURE_TEARDOWN_PARENT
FIXTURE_TEARDOWN_PARENT(cg)
#else
FIXTURE_TEARDOWN(cg)
#endif
{
	bool remount = self->private_ns != getpid();
	char *save = NULL;

	for (int i = 0; i < self->nhier; i++)
		if (self->hier[i].private && remount)
			mount_private(self, &self->hier[i]);
	for (int i = 0; i < self->ncg; i++) {
		cg_write(self->cg[i], "cgroup.freeze", "0");
		cg_write(self->cg[i], "freezer.state", "THAWED");
	}
	for (int i = 0; i < self->nkid; i++) {
		kill(self->kid[i], SIGKILL);
		waitpid(self->kid[i], NULL, 0); /* ECHILD in the parent: fine */
	}
	for (int i = self->ncg - 1; i >= 0; i--)
		remove_cgroup(self->cg[i]);
	for (char *c = strtok_r(self->restore, " ", &save); c; c = strtok_r(NULL, " ", &save))
		cg_write(self->restore_cg, "cgroup.subtree_control", c);
	for (int i = 0; i < self->nhier; i++)
		if (self->hier[i].private)
			unmount_private(&self->hier[i]);
}

/* mkdir parent/rlxc-t-<pid><suffix>, recorded for the teardown. */
static const char *scratch(FIXTURE_DATA(cg) * self, const char *parent, const char *suffix)
{
	char *cg;

	if (self->ncg == MAX_CG)
		return NULL;
	cg = self->cg[self->ncg];
	snprintf(cg, PATH_MAX, "%s/rlxc-t-%d%s", parent, (int)getpid(), suffix);
	if (mkdir(cg, 0755) < 0 && (errno != EEXIST || (remove_cgroup(cg), mkdir(cg, 0755) < 0)))
		return NULL;
	self->ncg++;
	return cg;
}

/* ---- children ---- */

enum job {
	SPIN,	    /* burn CPU */
	SLEEP,	    /* sleep until killed */
	SLEEP_TREE, /* sleep, with a sleeping grandchild forked before "ready" */
	FORK_ONCE,  /* exit 0 if fork works, 1 on EAGAIN, 2 on any other error */
	EAT_64M,    /* touch 64 MiB of anonymous memory, exit 0 */
};

static int do_job(enum job job)
{
	size_t size = 64 << 20;
	pid_t pid;

	switch (job) {
	case SPIN:
		for (volatile unsigned long n = 0;; n++)
			;
	case SLEEP_TREE:
	case SLEEP:
		for (;;)
			pause();
	case FORK_ONCE:
		pid = fork();
		if (pid == 0)
			_exit(0);
		if (pid > 0)
			return waitpid(pid, NULL, 0) == pid ? 0 : 2;
		return errno == EAGAIN ? 1 : 2;
	case EAT_64M:
		return touch_anon(size) == 0 ? 0 : 2;
	}
	return 2;
}

/* In the child: move into cg (NULL: stay), and for SLEEP_TREE fork the
 * grandchild, so that both are in place before the child says "ready". */
static int child_setup(const char *cg, enum job job, int ready_fd)
{
	int err = cg ? cg_write(cg, "cgroup.procs", "0") : 0;
	pid_t pid;

	if (err || job != SLEEP_TREE)
		return err;
	pid = fork();
	if (pid == 0) {
		close(ready_fd);
		for (;;)
			pause();
	}
	return pid < 0 ? -errno : 0;
}

/*
 * A child doing job, in cgroup cg (NULL: where we are): it moves itself
 * in, says so on a pipe, then works. Recorded for the teardown; -errno of
 * the move on failure.
 */
static pid_t spawn(FIXTURE_DATA(cg) * self, const char *cg, enum job job)
{
	int fds[2], err = 0;
	pid_t pid;

	if (self->nkid == MAX_KIDS || pipe2(fds, O_CLOEXEC) < 0)
		return -EMFILE;
	fflush(NULL);
	pid = fork();
	if (pid == 0) {
		prctl(PR_SET_PDEATHSIG, SIGKILL);
		err = child_setup(cg, job, fds[1]);
		if (write(fds[1], &err, sizeof(err)) != sizeof(err) || err)
			_exit(3);
		close(fds[1]);
		_exit(do_job(job));
	}
	close(fds[1]);
	if (pid < 0) {
		close(fds[0]);
		return -errno;
	}
	self->kid[self->nkid++] = pid;
	if (read(fds[0], &err, sizeof(err)) != sizeof(err))
		err = -EIO;
	close(fds[0]);
	return err ? err : pid;
}

/* The exit status of a recorded child: its code, 128 + signal, or -1. */
static int reap(FIXTURE_DATA(cg) * self, pid_t pid)
{
	int st;

	if (waitpid(pid, &st, 0) != pid)
		return -1;
	for (int i = 0; i < self->nkid; i++)
		if (self->kid[i] == pid)
			self->kid[i] = self->kid[--self->nkid];
	return WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
}

/* ---- the tests ---- */

/* A frozen busy child gets no CPU time; thawed, it runs again. */
TEST_F(cg, v1_freezer_stops_cpu)
{
	char root[PATH_MAX];
	const char *cg;
	pid_t pid;

	REQUIRE_ROOT();
	REQUIRE_PROBE("cgroup.v1.freezer");
	ASSERT_EQ(0, v1_root(self, "freezer", root, sizeof(root)));
	cg = scratch(self, root, "");
	ASSERT_NE(NULL, cg) TH_LOG("mkdir in %s: %s", root, strerror(errno));
	pid = spawn(self, cg, SPIN);
	ASSERT_LT(0, pid) TH_LOG("child into %s: %s", cg, strerror(-pid));

	ASSERT_LE(MIN_TICKS, cpu_gain(pid)) TH_LOG("a spinning child gains CPU time");
	ASSERT_EQ(0, cg_write(cg, "freezer.state", "FROZEN"));
	ASSERT_TRUE(wait_freezer(cg, "FROZEN", 2000));
	ASSERT_EQ(0, cpu_gain(pid)) TH_LOG("a frozen child gains no CPU time");
	ASSERT_EQ(0, cg_write(cg, "freezer.state", "THAWED"));
	ASSERT_TRUE(wait_freezer(cg, "THAWED", 2000));
	ASSERT_LE(MIN_TICKS, cpu_gain(pid)) TH_LOG("a thawed child runs again");
}

TEST_F(cg, v2_freeze_stops_cpu)
{
	char root[PATH_MAX];
	const char *cg;
	pid_t pid;

	REQUIRE_ROOT();
	REQUIRE_PROBE("cgroup.v2.freezer");
	ASSERT_EQ(0, v2_root(self, root, sizeof(root)));
	cg = scratch(self, root, "");
	ASSERT_NE(NULL, cg) TH_LOG("mkdir in %s: %s", root, strerror(errno));
	pid = spawn(self, cg, SPIN);
	ASSERT_LT(0, pid) TH_LOG("child into %s: %s", cg, strerror(-pid));

	ASSERT_LE(MIN_TICKS, cpu_gain(pid)) TH_LOG("a spinning child gains CPU time");
	ASSERT_EQ(0, cg_write(cg, "cgroup.freeze", "1"));
	ASSERT_TRUE(wait_event(cg, "frozen", 1, 2000));
	ASSERT_EQ(0, cpu_gain(pid)) TH_LOG("a frozen child gains no CPU time");
	ASSERT_EQ(0, cg_write(cg, "cgroup.freeze", "0"));
	ASSERT_TRUE(wait_event(cg, "frozen", 0, 2000));
	ASSERT_LE(MIN_TICKS, cpu_gain(pid)) TH_LOG("a thawed child runs again");
}

/* cgroup.kill kills every process in the cgroup, grandchildren too, and
 * nothing outside it. */
TEST_F(cg, v2_kill_kills_all)
{
	char root[PATH_MAX];
	const char *cg;
	pid_t in[3], out;

	REQUIRE_ROOT();
	REQUIRE_PROBE("cgroup.v2.kill");
	ASSERT_EQ(0, v2_root(self, root, sizeof(root)));
	cg = scratch(self, root, "");
	ASSERT_NE(NULL, cg) TH_LOG("mkdir in %s: %s", root, strerror(errno));
	for (int i = 0; i < 3; i++) {
		in[i] = spawn(self, cg, i ? SLEEP : SLEEP_TREE);
		ASSERT_LT(0, in[i]) TH_LOG("child into %s: %s", cg, strerror(-in[i]));
	}
	out = spawn(self, NULL, SLEEP);
	ASSERT_LT(0, out);

	ASSERT_EQ(4, count_lines(cg, "cgroup.procs")) TH_LOG("3 children, 1 grandchild");

	ASSERT_EQ(0, cg_write(cg, "cgroup.kill", "1"));
	for (int i = 0; i < 3; i++)
		ASSERT_EQ(128 + SIGKILL, reap(self, in[i]));
	ASSERT_TRUE(wait_event(cg, "populated", 0, 2000)) TH_LOG("the grandchild died too");
	ASSERT_EQ(0, waitpid(out, NULL, WNOHANG)) TH_LOG("a child outside lives on");
}

/* pids.max = 2 lets a child fork; pids.max = 1 makes fork fail with EAGAIN. */
TEST_F(cg, v1_pids_max_fork_fails)
{
	char root[PATH_MAX];
	const char *cg;
	pid_t pid;

	REQUIRE_ROOT();
	REQUIRE_PROBE("cgroup.v1.pids");
	ASSERT_EQ(0, v1_root(self, "pids", root, sizeof(root)));
	cg = scratch(self, root, "");
	ASSERT_NE(NULL, cg) TH_LOG("mkdir in %s: %s", root, strerror(errno));

	ASSERT_EQ(0, cg_write(cg, "pids.max", "2"));
	pid = spawn(self, cg, FORK_ONCE);
	ASSERT_LT(0, pid);
	ASSERT_EQ(0, reap(self, pid)) TH_LOG("fork under pids.max 2");

	ASSERT_EQ(0, cg_write(cg, "pids.max", "1"));
	pid = spawn(self, cg, FORK_ONCE);
	ASSERT_LT(0, pid);
	ASSERT_EQ(1, reap(self, pid)) TH_LOG("fork under pids.max 1 fails with EAGAIN");
	if (cg_exists(cg, "pids.events"))
		ASSERT_LE(1, cg_key(cg, "pids.events", "max"));
}

/* A child that touches 64 MiB under a 16 MiB limit without swap is
 * OOM-killed. */
TEST_F(cg, v1_memory_limit_oom)
{
	char root[PATH_MAX];
	const char *cg;
	long peak;
	pid_t pid;

	REQUIRE_ROOT();
	REQUIRE_PROBE("cgroup.v1.memory");
	ASSERT_EQ(0, v1_root(self, "memory", root, sizeof(root)));
	cg = scratch(self, root, "");
	ASSERT_NE(NULL, cg) TH_LOG("mkdir in %s: %s", root, strerror(errno));
	ASSERT_EQ(0, cg_write(cg, "memory.limit_in_bytes", "16M"));
	if (cg_exists(cg, "memory.memsw.limit_in_bytes"))
		ASSERT_EQ(0, cg_write(cg, "memory.memsw.limit_in_bytes", "16M"));
	cg_write(cg, "memory.swappiness", "0");

	pid = spawn(self, cg, EAT_64M);
	ASSERT_LT(0, pid);
	ASSERT_EQ(128 + SIGKILL, reap(self, pid)) TH_LOG("the child is OOM-killed");
	/* usage rose to the limit and no further (failcnt is not kept on
	 * every kernel) */
	peak = cg_num(cg, "memory.max_usage_in_bytes");
	ASSERT_LE(12L << 20, peak) TH_LOG("the child reached the limit");
	ASSERT_GE(16L << 20, peak) TH_LOG("and did not go past it");
	if (cg_key(cg, "memory.oom_control", "oom_kill") >= 0)
		ASSERT_LE(1, cg_key(cg, "memory.oom_control", "oom_kill"));
}

/* The same on cgroup2: memory.max 16M, memory.swap.max 0. */
TEST_F(cg, v2_memory_max_oom)
{
	char root[PATH_MAX];
	const char *cg;
	pid_t pid;

	REQUIRE_ROOT();
	REQUIRE_PROBE("cgroup.v2.controllers");
	ASSERT_EQ(0, v2_root(self, root, sizeof(root)));
	if (!cg_lists(root, "cgroup.controllers", "memory"))
		SKIP(return, "memory is not a cgroup2 controller here (%s/cgroup.controllers)",
			   root);
	if (!cg_lists(root, "cgroup.subtree_control", "memory")) {
		ASSERT_EQ(0, cg_write(root, "cgroup.subtree_control", "+memory"));
		snprintf(self->restore_cg, sizeof(self->restore_cg), "%s", root);
		snprintf(self->restore, sizeof(self->restore), "-memory");
	}
	cg = scratch(self, root, "");
	ASSERT_NE(NULL, cg) TH_LOG("mkdir in %s: %s", root, strerror(errno));
	ASSERT_EQ(0, cg_write(cg, "memory.max", "16M"));
	if (cg_exists(cg, "memory.swap.max"))
		ASSERT_EQ(0, cg_write(cg, "memory.swap.max", "0"));

	pid = spawn(self, cg, EAT_64M);
	ASSERT_LT(0, pid);
	ASSERT_EQ(128 + SIGKILL, reap(self, pid)) TH_LOG("the child is OOM-killed");
	ASSERT_LE(1, cg_key(cg, "memory.events", "oom_kill"));
}

/* The path in /proc/PID/cgroup for a hierarchy: the line "N:pids:/x" for
 * ctrl "pids", "0::/x" for NULL (cgroup2). */
static bool proc_cgroup(pid_t pid, const char *ctrl, char *path, size_t len)
{
	char file[64], buf[4096], *save = NULL;

	snprintf(file, sizeof(file), "/proc/%d/cgroup", (int)pid);
	if (get_file(file, buf, sizeof(buf)) < 0)
		return false;
	for (char *l = strtok_r(buf, "\n", &save); l; l = strtok_r(NULL, "\n", &save)) {
		char *ctrls = strchr(l, ':'), *p = ctrls ? strchr(ctrls + 1, ':') : NULL;

		if (!p)
			continue;
		*ctrls++ = '\0';
		*p++ = '\0';
		if (ctrl ? in_list(ctrls, ctrl) : (strcmp(l, "0") == 0 && !*ctrls)) {
			snprintf(path, len, "%s", p);
			return true;
		}
	}
	return false;
}

/* Moving a child (from outside, by pid) into root/cg shows in
 * /proc/PID/cgroup and in cgroup.procs. */
static void check_moved(struct __test_metadata *_metadata, FIXTURE_DATA(cg) * self,
			const char *root, const char *ctrl)
{
	char where[PATH_MAX], want[PATH_MAX], pidtext[32];
	const char *cg = scratch(self, root, "");
	pid_t pid;

	ASSERT_NE(NULL, cg) TH_LOG("mkdir in %s: %s", root, strerror(errno));
	pid = spawn(self, NULL, SLEEP);
	ASSERT_LT(0, pid);
	snprintf(want, sizeof(want), "/rlxc-t-%d", (int)getpid());
	ASSERT_TRUE(proc_cgroup(pid, ctrl, where, sizeof(where)));
	ASSERT_EQ(NULL, strstr(where, want)) TH_LOG("not in %s before the move", want);

	snprintf(pidtext, sizeof(pidtext), "%d", (int)pid);
	ASSERT_EQ(0, cg_write(cg, "cgroup.procs", pidtext));
	ASSERT_TRUE(proc_cgroup(pid, ctrl, where, sizeof(where)));
	ASSERT_NE(NULL, strstr(where, want)) TH_LOG("/proc/%d/cgroup says %s", pid, where);
	ASSERT_EQ('\0', strstr(where, want)[strlen(want)]);
	ASSERT_TRUE(cg_lists(cg, "cgroup.procs", pidtext));
}

TEST_F(cg, v1_moved_shows_in_proc_cgroup)
{
	char root[PATH_MAX];

	REQUIRE_ROOT();
	REQUIRE_PROBE("cgroup.v1.pids");
	ASSERT_EQ(0, v1_root(self, "pids", root, sizeof(root)));
	check_moved(_metadata, self, root, "pids");
}

TEST_F(cg, v2_moved_shows_in_proc_cgroup)
{
	char root[PATH_MAX];

	REQUIRE_ROOT();
	REQUIRE_PROBE("cgroup.v2.controllers");
	ASSERT_EQ(0, v2_root(self, root, sizeof(root)));
	check_moved(_metadata, self, root, NULL);
}

/* Domain controllers: a cgroup that delegates one may hold no process. */
static bool domain_controller(const char *c)
{
	static const char *const dom[] = {"memory", "io", "hugetlb", "rdma", "misc", "dmem"};

	for (size_t i = 0; i < sizeof(dom) / sizeof(dom[0]); i++)
		if (strcmp(c, dom[i]) == 0)
			return true;
	return false;
}

/*
 * Every controller of the cgroup2 root reaches a grandchild through two
 * subtree_controls (root -> a -> a/b), with its interface files; a, which
 * delegates, refuses a domain process (no internal processes).
 */
TEST_F(cg, v2_delegation)
{
	char root[PATH_MAX], avail[1024], file[PATH_MAX], plus[80], *save = NULL;
	const char *a, *b;
	bool domain = false;
	pid_t pid;
	int n = 0;

	REQUIRE_ROOT();
	REQUIRE_PROBE("cgroup.v2.delegate");
	ASSERT_EQ(0, v2_root(self, root, sizeof(root)));
	ASSERT_EQ(0, cg_read(root, "cgroup.controllers", avail, sizeof(avail)));
	a = scratch(self, root, "");
	ASSERT_NE(NULL, a) TH_LOG("mkdir in %s: %s", root, strerror(errno));
	b = scratch(self, a, "-b");
	ASSERT_NE(NULL, b) TH_LOG("mkdir in %s: %s", a, strerror(errno));
	snprintf(self->restore_cg, sizeof(self->restore_cg), "%s", root);

	for (char *c = strtok_r(avail, " \n", &save); c; c = strtok_r(NULL, " \n", &save), n++) {
		snprintf(plus, sizeof(plus), "+%s", c);
		if (!cg_lists(root, "cgroup.subtree_control", c)) {
			ASSERT_EQ(0, cg_write(root, "cgroup.subtree_control", plus));
			snprintf(self->restore + strlen(self->restore),
				 sizeof(self->restore) - strlen(self->restore), " -%s", c);
		}
		ASSERT_FALSE(cg_lists(b, "cgroup.controllers", c)) TH_LOG("%s not yet in b", c);
		ASSERT_EQ(0, cg_write(a, "cgroup.subtree_control", plus)) TH_LOG("%s", plus);
		ASSERT_TRUE(cg_lists(b, "cgroup.controllers", c)) TH_LOG("%s reaches b", c);
		snprintf(file, sizeof(file), "%s.", c);
		ASSERT_TRUE(cg_has_prefix(b, file)) TH_LOG("b has %s* files", file);
		domain |= domain_controller(c);
	}
	if (!n)
		SKIP(return, "cgroup2 has no controllers here: nothing to delegate");
	ASSERT_TRUE(cg_exists(b, "cgroup.subtree_control"));
	pid = spawn(self, NULL, SLEEP);
	ASSERT_LT(0, pid);
	snprintf(plus, sizeof(plus), "%d", (int)pid);
	if (domain)
		ASSERT_EQ(-EBUSY, cg_write(a, "cgroup.procs", plus)) TH_LOG("no internal process");
	ASSERT_EQ(0, cg_write(b, "cgroup.procs", plus)) TH_LOG("a leaf takes the process");
}

TEST_HARNESS_MAIN
