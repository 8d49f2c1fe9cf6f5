// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * runtime/lib/cgroup.h for real: containers' cgroups rlxc.rlxc-t-<pid>-x
 * made by the library, children moved into them, effects seen from outside
 * (the cgroup directories, /proc/PID/cgroup, CPU time in /proc/PID/stat,
 * exit statuses, the kernel's control files).
 *
 * The fixture records the names and children a test makes; the teardown
 * (in the parent where the harness has FIXTURE_TEARDOWN_PARENT) kills the
 * children, finds every directory of those names under /sys/fs/cgroup and
 * removes it, and disables again what the library enabled in our cgroup2
 * cgroup's subtree_control, also after a failed assertion.
 */
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <libgen.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "kselftest_harness.h"
#include "cgroup/cgroup.h"
#include "cgroup/cgroup_impl.h" /* the v2 backend's ops, tried on their own */
#include "kernel/cgroupfs.h"
#include "probe_skip.h"
#include "kernel/syscalls.h"
#include "test_util.h"
#include "kernel/clock.h"
#include "probes/probe.h"

#define MAX_NAMES 4
#define MAX_KIDS  8
#define SAMPLE_MS 150 /* CPU time is sampled across this interval */
#define MIN_TICKS 3   /* a spinning child gains ~15 clock ticks per SAMPLE_MS */
#define ORIGIN	  "t.conf:7"

/* ---- what a test made, for the teardown ---- */

struct track {
	char names[MAX_NAMES][64];
	int nnames;
	pid_t kids[MAX_KIDS];
	int nkids;
	char run_dir[PATH_MAX];
	char v2[PATH_MAX];   /* our cgroup2 cgroup, "" without cgroup2 */
	char v2_before[512]; /* its cgroup.subtree_control before the test */
};

static void track_init(struct track *t)
{
	char mnt[PATH_MAX], self[PATH_MAX];

	memset(t, 0, sizeof(*t));
	if (cgfs_v2_mount(mnt, sizeof(mnt)) == 0 && cgfs_self(NULL, self, sizeof(self)) == 0) {
		snprintf(t->v2, sizeof(t->v2), "%s%s", mnt, strcmp(self, "/") ? self : "");
		cgfs_read(t->v2, "cgroup.subtree_control", t->v2_before, sizeof(t->v2_before));
	}
}

/* A unique container name, recorded. */
static const char *track_name(struct track *t, const char *suffix)
{
	char *n = t->names[t->nnames < MAX_NAMES ? t->nnames++ : MAX_NAMES - 1];

	snprintf(n, sizeof(t->names[0]), "rlxc-t-%d-%s", (int)getpid(), suffix);
	return n;
}

/* Every directory of a container's cgroup, rlxc.NAME, under /sys/fs/cgroup
 * (nftw has no argument). */
static struct {
	char name[NAME_MAX + 1];
	int n;
	char path[64][PATH_MAX];
} found;

static int find_cb(const char *path, const struct stat *st, int type, struct FTW *ftw)
{
	(void)st;
	if (type == FTW_D && strcmp(path + ftw->base, found.name) == 0 && found.n < 64)
		snprintf(found.path[found.n++], PATH_MAX, "%s", path);
	return 0;
}

/* Add the directories of container name to found; their number. */
static int find_more(const char *name)
{
	int before = found.n;

	snprintf(found.name, sizeof(found.name), "rlxc.%s", name);
	nftw(CGFS_ROOT, find_cb, 16, FTW_PHYS);
	return found.n - before;
}

static int find_named(const char *name)
{
	found.n = 0;
	return find_more(name);
}

static void track_cleanup(struct track *t)
{
	char sc[512], *save = NULL, text[80];

	for (int i = 0; i < t->nkids; i++) {
		kill(t->kids[i], SIGKILL);
		waitpid(t->kids[i], NULL, 0); /* ECHILD in the parent: fine */
	}
	found.n = 0;
	for (int i = 0; i < t->nnames; i++)
		find_more(t->names[i]);
	/* thaw everywhere first: a process frozen in v1 blocks the rmdir in cgroup2 */
	for (int j = 0; j < found.n; j++) {
		cgfs_write(found.path[j], "freezer.state", "THAWED");
		cgfs_write(found.path[j], "cgroup.freeze", "0");
	}
	for (int j = 0; j < found.n; j++)
		cgfs_remove(found.path[j]);
	if (*t->v2 && cgfs_read(t->v2, "cgroup.subtree_control", sc, sizeof(sc)) == 0)
		for (char *c = strtok_r(sc, " \n", &save); c; c = strtok_r(NULL, " \n", &save))
			if (!strstr(t->v2_before, c)) {
				snprintf(text, sizeof(text), "-%s", c);
				cgfs_write(t->v2, "cgroup.subtree_control", text);
			}
	if (*t->run_dir)
		rm_tree(t->run_dir);
}

/* The number of cgroup hierarchies mounted (each gets a directory; a v2
 * host: cgroup2 only). */
static int count_hierarchies(void)
{
	FILE *f = fopen("/proc/self/mountinfo", "re");
	enum cgfs_layout layout = CGFS_NONE;
	char line[4096];
	int n = 0;

	cgfs_layout(&layout);
	while (f && fgets(line, sizeof(line), f))
		n += (layout != CGFS_V2 && strstr(line, " - cgroup ")) ||
		     (layout != CGFS_V1 && strstr(line, " - cgroup2 "));
	if (f)
		fclose(f);
	return n;
}

/* ---- children ---- */

enum job {
	SLEEP,	    /* sleep until killed */
	SLEEP_TREE, /* sleep, with a sleeping grandchild */
	SPIN,	    /* burn CPU */
	FORK_TWICE, /* keep one child, fork another: exit 0 ok, 1 EAGAIN, 2 other */
	EAT_128M,   /* touch 128 MiB of anonymous memory, exit 0 */
};

static void sleep_ms(long ms)
{
	struct timespec ts = { .tv_sec = ms / 1000, .tv_nsec = (ms % 1000) * 1000000 };

	while (nanosleep(&ts, &ts) < 0 && errno == EINTR)
		;
}

static pid_t fork_sleeper(void)
{
	pid_t pid = fork();

	if (pid == 0) {
		prctl(PR_SET_PDEATHSIG, SIGKILL);
		for (;;)
			pause();
	}
	return pid;
}

static int do_job(enum job job)
{
	size_t size = 128 << 20;
	pid_t keep, pid;

	switch (job) {
	case SPIN:
		for (volatile unsigned long n = 0;; n++)
			;
	case SLEEP_TREE:
		fork_sleeper();
		/* fall through */
	case SLEEP:
		for (;;)
			pause();
	case FORK_TWICE:
		keep = fork_sleeper();
		if (keep < 0)
			return 2;
		pid = fork();
		if (pid == 0)
			_exit(0);
		kill(keep, SIGKILL);
		if (pid > 0)
			return waitpid(pid, NULL, 0) == pid ? 0 : 2;
		return errno == EAGAIN ? 1 : 2;
	case EAT_128M:
		return touch_anon(size) == 0 ? 0 : 2;
	}
	return 2;
}

struct kid {
	pid_t pid;
	int go; /* writing a byte starts the job; closing it unused ends the child */
};

/* A child that waits for "go" before its job, so that it can be attached
 * first. Recorded for the teardown. */
static int kid_start(struct track *t, enum job job, struct kid *k)
{
	int p[2];
	char c;

	if (t->nkids == MAX_KIDS || pipe2(p, O_CLOEXEC) < 0)
		return -1;
	fflush(NULL);
	k->pid = fork();
	if (k->pid == 0) {
		prctl(PR_SET_PDEATHSIG, SIGKILL);
		close(p[1]);
		if (read(p[0], &c, 1) != 1)
			_exit(3);
		_exit(do_job(job));
	}
	close(p[0]);
	k->go = p[1];
	if (k->pid < 0) {
		close(p[1]);
		return -1;
	}
	t->kids[t->nkids++] = k->pid;
	return 0;
}

static int kid_go(struct kid *k)
{
	int ret = write(k->go, "g", 1) == 1 ? 0 : -1;

	close(k->go);
	k->go = -1;
	return ret;
}

/* Exit status, or 128 + signal. */
static int kid_wait(struct kid *k)
{
	int st;

	if (waitpid(k->pid, &st, 0) != k->pid)
		return -1;
	return WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
}

/* The directory of pid's cgroup in the hierarchy of ctrl (NULL: cgroup2),
 * from /proc/PID/cgroup and the mounts. */
static int cg_dir_of(pid_t pid, const char *ctrl, char *dir, size_t len)
{
	char path[64], line[PATH_MAX], mnt[PATH_MAX], want[80];
	FILE *f;
	int ret = -ENOENT;

	if ((ctrl ? cgfs_v1_mount(ctrl, mnt, sizeof(mnt)) : cgfs_v2_mount(mnt, sizeof(mnt))) < 0)
		return -ENOENT;
	snprintf(want, sizeof(want), ctrl ? ":%s:" : "0::", ctrl);
	snprintf(path, sizeof(path), "/proc/%d/cgroup", (int)pid);
	f = fopen(path, "re");
	while (f && ret && fgets(line, sizeof(line), f)) {
		char *at = strstr(line, want);

		if (at && (ctrl || at == line)) {
			line[strcspn(line, "\n")] = '\0';
			snprintf(dir, len, "%s%s", mnt, at + strlen(want));
			ret = 0;
		}
	}
	if (f)
		fclose(f);
	return ret;
}

static long cpu_gain(pid_t pid)
{
	long before = proc_cpu_ticks(pid);

	sleep_ms(SAMPLE_MS);
	return proc_cpu_ticks(pid) - before;
}

/* A config holding only the given cgroup settings. */
static void config_with(struct rlxc_config *c, struct rlxc_cgroup_setting *s, size_t n)
{
	rlxc_config_init(c); /* allocates nothing: no rlxc_config_free */
	c->cgroup = s;
	c->n_cgroup = n;
}

/* Wait (bounded) until the container lists want processes. */
static size_t wait_npids(struct rlxc_cgroup *cg, size_t want)
{
	long deadline = rlxc_now_ms() + 2000;
	struct rlxc_error err;
	size_t n = 0;
	pid_t *pids;

	for (;;) {
		if (rlxc_cgroup_pids(cg, &pids, &n, &err) == 0)
			free(pids);
		if (n == want || rlxc_now_ms() >= deadline)
			return n;
		sleep_ms(1);
	}
}

/* ---- the fixture ---- */

FIXTURE(cg)
{
	struct track t;
};

FIXTURE_SETUP(cg)
{
	track_init(&self->t);
}

#ifdef FIXTURE_TEARDOWN_PARENT
FIXTURE_TEARDOWN_PARENT(cg)
#else
FIXTURE_TEARDOWN(cg)
#endif
{
	track_cleanup(&self->t);
}

/* Create + destroy: a directory per hierarchy right below ours, then none. */
TEST_F(cg, create_destroy_leaves_nothing)
{
	const char *name = track_name(&self->t, "cd");
	char dir[PATH_MAX], self_cg[PATH_MAX], parent[PATH_MAX], a[256], b[256];
	struct rlxc_cgroup *cg = NULL;
	struct rlxc_error err = { 0 };
	int n;

	REQUIRE_ROOT();
	ASSERT_EQ(0, rlxc_cgroup_create(&cg, name, NULL, &err)) TH_LOG("%s", err.msg);
	n = find_named(name);
	EXPECT_EQ(count_hierarchies(), n);
	for (int i = 0; i < n; i++) {
		const char *ctrl = strstr(found.path[i], "/unified/") ? NULL : "pids";

		/* in the hierarchy of found.path[i]: our own cgroup, then rlxc.NAME */
		snprintf(dir, sizeof(dir), "%s", found.path[i]);
		snprintf(parent, sizeof(parent), "%s", dirname(dir));
		if (strstr(found.path[i], "/pids/") || !ctrl) {
			ASSERT_EQ(0, cg_dir_of(getpid(), ctrl, self_cg, sizeof(self_cg)));
			if (self_cg[strlen(self_cg) - 1] == '/') /* the root: "MOUNT/" */
				self_cg[strlen(self_cg) - 1] = '\0';
			EXPECT_STREQ(self_cg, parent) TH_LOG("%s", found.path[i]);
		}
		if (!strstr(found.path[i], "/cpuset/"))
			continue;
		ASSERT_EQ(0, cgfs_read(found.path[i], "cpuset.cpus", a, sizeof(a)));
		ASSERT_EQ(0, cgfs_read(parent, "cpuset.cpus", b, sizeof(b)));
		EXPECT_STREQ(b, a);
	}
	ASSERT_EQ(0, rlxc_cgroup_destroy(cg, &err)) TH_LOG("%s", err.msg);
	EXPECT_EQ(0, find_named(name));
}

/* In how many hierarchies /proc/PID/cgroup says rlxc.NAME (lines: the file). */
static int hierarchies_in(pid_t pid, const char *name, char *lines, size_t len)
{
	char path[64], buf[4096], want[128], *save = NULL;
	int in = 0;

	snprintf(path, sizeof(path), "/proc/%d/cgroup", (int)pid);
	snprintf(want, sizeof(want), "/rlxc.%s", name);
	if (get_file(path, buf, sizeof(buf)) < 0)
		return -1;
	snprintf(lines, len, "%s", buf);
	for (char *l = strtok_r(buf, "\n", &save); l; l = strtok_r(NULL, "\n", &save)) {
		size_t n = strlen(l);

		in += n > strlen(want) && strcmp(l + n - strlen(want), want) == 0;
	}
	return in;
}

/* A child that enters cg by itself (born in its cgroup2 cgroup when
 * born_in_v2), then says how it went on sync and sleeps. */
static pid_t enter_child(struct rlxc_cgroup *cg, bool born_in_v2, int sync, int v2_fd)
{
	struct clone_args_v2 args = { .flags = CLONE_INTO_CGROUP, .exit_signal = SIGCHLD };
	struct rlxc_error err = { 0 };
	pid_t pid;

	args.cgroup = (uint64_t)v2_fd;
	fflush(NULL);
	pid = born_in_v2 ? sys_clone3(&args, sizeof(args)) : fork();
	if (pid == 0) {
		prctl(PR_SET_PDEATHSIG, SIGKILL);
		if (rlxc_cgroup_enter(cg, born_in_v2, &err) < 0 && !err.msg[0])
			snprintf(err.msg, sizeof(err.msg), "failed");
		if (write(sync, err.msg, sizeof(err.msg)) < 0)
			_exit(1);
		for (;;)
			pause();
	}
	return pid;
}

/* The quick way in (rlxc_cgroup_enter, and clone3 into the cgroup2
 * cgroup): in rlxc.NAME of every hierarchy, as with an attach. */
TEST_F(cg, enter_by_itself)
{
	const char *name = track_name(&self->t, "en");
	struct rlxc_cgroup *cg = NULL;
	struct rlxc_error err = { 0 };
	char lines[4096], said[sizeof(err.msg)];
	int p[2], v2_fd = -1;

	REQUIRE_ROOT();
	ASSERT_EQ(0, rlxc_cgroup_create(&cg, name, NULL, &err)) TH_LOG("%s", err.msg);
	ASSERT_EQ(0, rlxc_cgroup_v2_fd(cg, &v2_fd, &err)) TH_LOG("%s", err.msg);
	ASSERT_EQ(0, pipe2(p, O_CLOEXEC));
	for (int born = 0; born < 2; born++) {
		pid_t pid;

		if (born && v2_fd < 0) {
			TH_LOG("no cgroup2 hierarchy: nothing to be born in");
			break;
		}
		pid = enter_child(cg, born, p[1], v2_fd);
		if (pid < 0 && born && errno == ENOSYS) {
			TH_LOG("clone3: %s", strerror(errno));
			break;
		}
		ASSERT_LT(0, pid) TH_LOG("%s: %s", born ? "clone3" : "fork", strerror(errno));
		self->t.kids[self->t.nkids++] = pid;
		ASSERT_EQ((ssize_t)sizeof(said), read(p[0], said, sizeof(said)));
		EXPECT_STREQ("", said);
		EXPECT_EQ(count_hierarchies(), hierarchies_in(pid, name, lines, sizeof(lines)))
		TH_LOG("born in cgroup2: %d\n%s", born, lines);
	}
	close(p[0]);
	close(p[1]);
	if (v2_fd >= 0)
		close(v2_fd);
	EXPECT_EQ(0, rlxc_cgroup_destroy(cg, &err)) TH_LOG("%s", err.msg);
}

/* An attached process (and its child) are in pids and in rlxc.NAME of every hierarchy. */
TEST_F(cg, attach_pids_proc_cgroup)
{
	const char *name = track_name(&self->t, "ap");
	char lines[4096];
	struct rlxc_cgroup *cg = NULL;
	struct rlxc_error err = { 0 };
	struct kid k;
	pid_t *pids = NULL;
	size_t n = 0;

	REQUIRE_ROOT();
	ASSERT_EQ(0, rlxc_cgroup_create(&cg, name, NULL, &err)) TH_LOG("%s", err.msg);
	ASSERT_EQ(0, kid_start(&self->t, SLEEP_TREE, &k));
	ASSERT_EQ(0, rlxc_cgroup_attach(cg, k.pid, &err)) TH_LOG("%s", err.msg);
	ASSERT_EQ(0, kid_go(&k));
	ASSERT_EQ(2, wait_npids(cg, 2));
	ASSERT_EQ(0, rlxc_cgroup_pids(cg, &pids, &n, &err)) TH_LOG("%s", err.msg);
	ASSERT_EQ(2, n);
	EXPECT_TRUE(pids[0] == k.pid || pids[1] == k.pid);
	EXPECT_LT(pids[0], pids[1]);
	free(pids);

	/* in every mounted one */
	EXPECT_EQ(count_hierarchies(), hierarchies_in(k.pid, name, lines, sizeof(lines)))
	TH_LOG("%s", lines);
	EXPECT_EQ(0, rlxc_cgroup_destroy(cg, &err)) TH_LOG("%s", err.msg);
	EXPECT_EQ(128 + SIGKILL, kid_wait(&k));
}

/* Freeze stops a spinning child; thaw resumes it. On this hybrid host the
 * library uses the v1 freezer, whose state file says FROZEN. */
TEST_F(cg, freeze_thaw)
{
	const char *name = track_name(&self->t, "fz");
	struct rlxc_cgroup *cg = NULL;
	struct rlxc_error err = { 0 };
	char dir[PATH_MAX], state[64];
	struct kid k;

	REQUIRE_ROOT();
	if (probe_get("cgroup.v1.freezer")->verdict != PROBE_YES)
		REQUIRE_PROBE("cgroup.v2.freezer");
	ASSERT_EQ(0, rlxc_cgroup_create(&cg, name, NULL, &err)) TH_LOG("%s", err.msg);
	ASSERT_EQ(0, kid_start(&self->t, SPIN, &k));
	ASSERT_EQ(0, rlxc_cgroup_attach(cg, k.pid, &err)) TH_LOG("%s", err.msg);
	ASSERT_EQ(0, kid_go(&k));
	ASSERT_LE(MIN_TICKS, cpu_gain(k.pid));

	ASSERT_EQ(0, rlxc_cgroup_freeze(cg, &err)) TH_LOG("%s", err.msg);
	if (cg_dir_of(k.pid, "freezer", dir, sizeof(dir)) == 0) {
		ASSERT_EQ(0, cgfs_read(dir, "freezer.state", state, sizeof(state)));
		EXPECT_STREQ("FROZEN\n", state);
	} else {
		ASSERT_EQ(0, cg_dir_of(k.pid, NULL, dir, sizeof(dir)));
		ASSERT_EQ(0, cgfs_read(dir, "cgroup.events", state, sizeof(state)));
		EXPECT_NE(NULL, strstr(state, "frozen 1")) TH_LOG("%s", state);
	}
	EXPECT_GE(1, cpu_gain(k.pid));
	ASSERT_EQ(0, rlxc_cgroup_thaw(cg, &err)) TH_LOG("%s", err.msg);
	EXPECT_LE(MIN_TICKS, cpu_gain(k.pid));
	EXPECT_EQ(0, rlxc_cgroup_destroy(cg, &err)) TH_LOG("%s", err.msg);
}

/* The v2 backend on its own (the hybrid host picks v1 for the public call). */
TEST_F(cg, freeze_thaw_v2_backend)
{
	const char *name = track_name(&self->t, "f2");
	struct rlxc_cgroup *cg = NULL;
	struct rlxc_error err = { 0 };
	const struct cg_hier *h;
	enum cgfs_layout layout;
	char events[256];
	struct kid k;

	REQUIRE_ROOT();
	REQUIRE_PROBE("cgroup.v2.freezer");
	ASSERT_EQ(0, cgfs_layout(&layout));
	if (layout == CGFS_V1)
		SKIP(return, "a v1 host: no cgroup2 for the container");
	ASSERT_EQ(0, rlxc_cgroup_create(&cg, name, NULL, &err)) TH_LOG("%s", err.msg);
	h = rlxc_cg_v2(cg);
	ASSERT_NE(NULL, h);
	ASSERT_EQ(0, kid_start(&self->t, SPIN, &k));
	ASSERT_EQ(0, rlxc_cgroup_attach(cg, k.pid, &err)) TH_LOG("%s", err.msg);
	ASSERT_EQ(0, kid_go(&k));
	ASSERT_EQ(0, h->ops->freeze(h, &err)) TH_LOG("%s", err.msg);
	ASSERT_EQ(0, cgfs_read(h->path, "cgroup.events", events, sizeof(events)));
	EXPECT_NE(NULL, strstr(events, "frozen 1")) TH_LOG("%s", events);
	EXPECT_GE(1, cpu_gain(k.pid));
	ASSERT_EQ(0, h->ops->thaw(h, &err)) TH_LOG("%s", err.msg);
	EXPECT_LE(MIN_TICKS, cpu_gain(k.pid));
	EXPECT_EQ(0, rlxc_cgroup_destroy(cg, &err)) TH_LOG("%s", err.msg);
}

/* SIGKILL empties the cgroup, grandchild included; a frozen one too. */
static void kill_test(struct __test_metadata *_metadata, struct track *t, bool frozen)
{
	const char *name = track_name(t, frozen ? "kf" : "kk");
	struct rlxc_cgroup *cg = NULL;
	struct rlxc_error err = { 0 };
	struct kid k;

	ASSERT_EQ(0, rlxc_cgroup_create(&cg, name, NULL, &err)) TH_LOG("%s", err.msg);
	ASSERT_EQ(0, kid_start(t, SLEEP_TREE, &k));
	ASSERT_EQ(0, rlxc_cgroup_attach(cg, k.pid, &err)) TH_LOG("%s", err.msg);
	ASSERT_EQ(0, kid_go(&k));
	ASSERT_EQ(2, wait_npids(cg, 2));
	if (frozen)
		ASSERT_EQ(0, rlxc_cgroup_freeze(cg, &err)) TH_LOG("%s", err.msg);
	ASSERT_EQ(0, rlxc_cgroup_kill(cg, SIGKILL, &err)) TH_LOG("%s", err.msg);
	EXPECT_EQ(0, wait_npids(cg, 0)); /* kill returned only once empty */
	EXPECT_EQ(128 + SIGKILL, kid_wait(&k));
	EXPECT_EQ(0, rlxc_cgroup_destroy(cg, &err)) TH_LOG("%s", err.msg);
}

TEST_F(cg, kill_sigkill_empties)
{
	REQUIRE_ROOT();
	kill_test(_metadata, &self->t, false);
}

TEST_F(cg, kill_sigkill_frozen)
{
	REQUIRE_ROOT();
	if (probe_get("cgroup.v1.freezer")->verdict != PROBE_YES)
		REQUIRE_PROBE("cgroup.v2.freezer");
	kill_test(_metadata, &self->t, true);
}

TEST_F(cg, kill_sigterm)
{
	const char *name = track_name(&self->t, "kt");
	struct rlxc_cgroup *cg = NULL;
	struct rlxc_error err = { 0 };
	struct kid k;

	REQUIRE_ROOT();
	ASSERT_EQ(0, rlxc_cgroup_create(&cg, name, NULL, &err)) TH_LOG("%s", err.msg);
	ASSERT_EQ(0, kid_start(&self->t, SLEEP, &k));
	ASSERT_EQ(0, rlxc_cgroup_attach(cg, k.pid, &err)) TH_LOG("%s", err.msg);
	ASSERT_EQ(0, kid_go(&k));
	ASSERT_EQ(0, rlxc_cgroup_kill(cg, SIGTERM, &err)) TH_LOG("%s", err.msg);
	EXPECT_EQ(128 + SIGTERM, kid_wait(&k));
	EXPECT_EQ(0, rlxc_cgroup_destroy(cg, &err)) TH_LOG("%s", err.msg);
}

/* lxc.cgroup.pids.max = 2: the child and one grandchild fit, a third fails. */
TEST_F(cg, pids_max)
{
	const char *name = track_name(&self->t, "pm");
	struct rlxc_cgroup_setting s[] = { { 1, "pids.max", "2", ORIGIN } };
	struct rlxc_cgroup *cg = NULL;
	struct rlxc_error err = { 0 };
	struct rlxc_config c;
	struct kid k;

	REQUIRE_ROOT();
	REQUIRE_PROBE("cgroup.v1.pids");
	config_with(&c, s, 1);
	ASSERT_EQ(0, rlxc_cgroup_create(&cg, name, &c, &err)) TH_LOG("%s", err.msg);
	ASSERT_EQ(0, kid_start(&self->t, FORK_TWICE, &k));
	ASSERT_EQ(0, rlxc_cgroup_attach(cg, k.pid, &err)) TH_LOG("%s", err.msg);
	ASSERT_EQ(0, kid_go(&k));
	EXPECT_EQ(1, kid_wait(&k)) TH_LOG("0: the third fork worked, 2: it failed otherwise");
	EXPECT_EQ(0, rlxc_cgroup_destroy(cg, &err)) TH_LOG("%s", err.msg);
}

/* lxc.cgroup.memory.limit_in_bytes = 32M (and memsw): eating 128M is fatal. */
TEST_F(cg, memory_limit)
{
	const char *name = track_name(&self->t, "ml");
	struct rlxc_cgroup_setting s[] = {
		{ 1, "memory.limit_in_bytes", "32M", ORIGIN },
		{ 1, "memory.memsw.limit_in_bytes", "32M", ORIGIN },
	};
	char mnt[PATH_MAX], dir[PATH_MAX], buf[512];
	struct rlxc_cgroup *cg = NULL;
	struct rlxc_error err = { 0 };
	struct rlxc_config c;
	struct kid k;
	bool memsw;

	REQUIRE_ROOT();
	REQUIRE_PROBE("cgroup.v1.memory");
	ASSERT_EQ(0, cgfs_v1_mount("memory", mnt, sizeof(mnt)));
	memsw = cgfs_read(mnt, "memory.memsw.limit_in_bytes", buf, sizeof(buf)) == 0;
	config_with(&c, s, memsw ? 2 : 1);
	ASSERT_EQ(0, rlxc_cgroup_create(&cg, name, &c, &err)) TH_LOG("%s", err.msg);
	ASSERT_EQ(0, kid_start(&self->t, EAT_128M, &k));
	ASSERT_EQ(0, rlxc_cgroup_attach(cg, k.pid, &err)) TH_LOG("%s", err.msg);
	ASSERT_EQ(0, cg_dir_of(k.pid, "memory", dir, sizeof(dir)));
	ASSERT_EQ(0, cgfs_read(dir, "memory.limit_in_bytes", buf, sizeof(buf)));
	EXPECT_STREQ("33554432\n", buf);
	ASSERT_EQ(0, kid_go(&k));
	EXPECT_EQ(128 + SIGKILL, kid_wait(&k)) TH_LOG("memsw %s", memsw ? "set" : "absent");
	ASSERT_EQ(0, cgfs_read(dir, "memory.oom_control", buf, sizeof(buf)));
	EXPECT_NE(NULL, strstr(buf, "\noom_kill 1")) TH_LOG("%s", buf); /* the limit killed it */
	EXPECT_EQ(0, rlxc_cgroup_destroy(cg, &err)) TH_LOG("%s", err.msg);
}

/* Save, load: the loaded copy finds the same cgroups and can destroy them;
 * destroying the original afterwards is fine too. */
TEST_F(cg, save_load_roundtrip)
{
	const char *name = track_name(&self->t, "sl");
	struct rlxc_cgroup *cg = NULL, *cg2 = NULL;
	struct rlxc_error err = { 0 };
	char file[PATH_MAX], buf[8192];
	pid_t *pids = NULL;
	size_t n = 0;
	struct kid k;
	int lines = 0;

	REQUIRE_ROOT();
	snprintf(self->t.run_dir, sizeof(self->t.run_dir), "/tmp/rlxc-t-XXXXXX");
	ASSERT_NE(NULL, mkdtemp(self->t.run_dir));
	ASSERT_EQ(0, rlxc_cgroup_create(&cg, name, NULL, &err)) TH_LOG("%s", err.msg);
	ASSERT_EQ(0, rlxc_cgroup_save(cg, self->t.run_dir, &err)) TH_LOG("%s", err.msg);
	snprintf(file, sizeof(file), "%s/cgroup", self->t.run_dir);
	ASSERT_EQ(0, get_file(file, buf, sizeof(buf)));
	for (char *p = buf; (p = strchr(p, '\n')); p++)
		lines++;
	EXPECT_EQ(find_named(name), lines);

	ASSERT_EQ(0, rlxc_cgroup_load(&cg2, self->t.run_dir, &err)) TH_LOG("%s", err.msg);
	ASSERT_EQ(0, kid_start(&self->t, SLEEP, &k));
	ASSERT_EQ(0, rlxc_cgroup_attach(cg2, k.pid, &err)) TH_LOG("%s", err.msg);
	ASSERT_EQ(0, kid_go(&k));
	ASSERT_EQ(0, rlxc_cgroup_pids(cg, &pids, &n, &err)) TH_LOG("%s", err.msg);
	ASSERT_EQ(1, n);
	EXPECT_EQ(k.pid, pids[0]);
	free(pids);
	ASSERT_EQ(0, rlxc_cgroup_destroy(cg2, &err)) TH_LOG("%s", err.msg);
	EXPECT_EQ(0, find_named(name));
	EXPECT_EQ(128 + SIGKILL, kid_wait(&k));
	EXPECT_EQ(0, rlxc_cgroup_destroy(cg, &err)) TH_LOG("destroy again: %s", err.msg);

	/* forgotten: the file stays, empty, and loads as none */
	ASSERT_EQ(0, rlxc_cgroup_forget(self->t.run_dir, &err)) TH_LOG("%s", err.msg);
	ASSERT_EQ(0, get_file(file, buf, sizeof(buf)));
	EXPECT_STREQ("", buf);
	EXPECT_EQ(-ENOENT, rlxc_cgroup_load(&cg2, self->t.run_dir, &err));
	snprintf(buf, sizeof(buf), "%s: no cgroups (none in use)", file);
	EXPECT_STREQ(buf, err.msg);
	EXPECT_EQ(NULL, cg2);
}

/* A bad RUN_DIR/cgroup names file and line; a missing one says so. */
TEST_F(cg, load_bad_file)
{
	struct rlxc_cgroup *cg = NULL;
	struct rlxc_error err = { 0 };
	char file[PATH_MAX], want[PATH_MAX + 32];

	snprintf(self->t.run_dir, sizeof(self->t.run_dir), "/tmp/rlxc-t-XXXXXX");
	ASSERT_NE(NULL, mkdtemp(self->t.run_dir));
	EXPECT_EQ(-ENOENT, rlxc_cgroup_load(&cg, self->t.run_dir, &err));
	snprintf(want, sizeof(want), "read %s/cgroup: No such file or directory", self->t.run_dir);
	EXPECT_STREQ(want, err.msg);

	snprintf(file, sizeof(file), "%s/cgroup", self->t.run_dir);
	ASSERT_EQ(0, put_file(file, "1 memory /sys/fs/cgroup/memory/rlxc.a\n"
				    "1 cpu /sys/fs/cgroup/cpu/not-ours/a\n"));
	EXPECT_EQ(-EINVAL, rlxc_cgroup_load(&cg, self->t.run_dir, &err));
	snprintf(want, sizeof(want), "%s:2: not a cgroup rlxc.NAME of one container", file);
	EXPECT_EQ(0, strncmp(want, err.msg, strlen(want))) TH_LOG("%s", err.msg);
	EXPECT_EQ(NULL, cg);

	ASSERT_EQ(0, put_file(file, "junk\n"));
	EXPECT_EQ(-EINVAL, rlxc_cgroup_load(&cg, self->t.run_dir, &err));
	snprintf(want, sizeof(want), "%s:1: not 'VERSION CONTROLLERS PATH': 'junk'", file);
	EXPECT_STREQ(want, err.msg);
}

/* A second container of the same name: EEXIST naming it; the first is untouched. */
TEST_F(cg, exists)
{
	const char *name = track_name(&self->t, "ex");
	struct rlxc_cgroup *cg = NULL, *cg2 = NULL;
	struct rlxc_error err = { 0 };
	char want[256];
	int n;

	REQUIRE_ROOT();
	ASSERT_EQ(0, rlxc_cgroup_create(&cg, name, NULL, &err)) TH_LOG("%s", err.msg);
	n = find_named(name);
	EXPECT_EQ(-EEXIST, rlxc_cgroup_create(&cg2, name, NULL, &err));
	EXPECT_EQ(NULL, cg2);
	EXPECT_EQ(EEXIST, err.code);
	snprintf(want, sizeof(want), "cgroup rlxc.%s exists in /sys/fs/cgroup", name);
	EXPECT_EQ(0, strncmp(want, err.msg, strlen(want))) TH_LOG("%s", err.msg);
	snprintf(want, sizeof(want),
		 ": another container named %s is running, or one was not cleaned up", name);
	EXPECT_NE(NULL, strstr(err.msg, want)) TH_LOG("%s", err.msg);
	EXPECT_EQ(n, find_named(name));
	EXPECT_EQ(0, rlxc_cgroup_destroy(cg, &err)) TH_LOG("%s", err.msg);
	EXPECT_EQ(0, find_named(name));
}

/* ---- bad settings: the message names key and origin; nothing is left ---- */

FIXTURE(bad)
{
	struct track t;
};

enum needs {
	ANY = 0,
	V1_MEMORY, /* a v1 memory hierarchy */
	V2,	   /* cgroup2 */
	HYBRID,	   /* both, memory on v1 */
};

static const char *const needs_name[] = {
	[ANY] = "nothing",
	[V1_MEMORY] = "a v1 memory hierarchy",
	[V2] = "cgroup2",
	[HYBRID] = "a v1 memory hierarchy and cgroup2",
};

FIXTURE_VARIANT(bad)
{
	int version;
	const char *key, *value;
	const char *start; /* the message starts so */
	const char *end;   /* and ends so ("": anything) */
	enum needs needs;
};

FIXTURE_VARIANT_ADD(bad, unknown_controller){
	.version = 1,
	.key = "bogus.x",
	.value = "1",
	.start = "lxc.cgroup.bogus.x (" ORIGIN "): no cgroup v1 hierarchy has the bogus controller",
	.end = "controller",
	.needs = V1_MEMORY,
};

FIXTURE_VARIANT_ADD(bad, missing_file){
	.version = 1,
	.key = "memory.bogus",
	.value = "1",
	.start = "lxc.cgroup.memory.bogus (" ORIGIN "): write '1' to /sys/fs/cgroup/memory/",
	.end = "/memory.bogus: No such file or directory",
	.needs = V1_MEMORY,
};

FIXTURE_VARIANT_ADD(bad, bad_value){
	.version = 1,
	.key = "memory.limit_in_bytes",
	.value = "lots",
	.start = "lxc.cgroup.memory.limit_in_bytes (" ORIGIN "): write 'lots' to /sys/fs/cgroup/",
	.end = "/memory.limit_in_bytes: Invalid argument",
	.needs = V1_MEMORY,
};

FIXTURE_VARIANT_ADD(bad, not_a_file){
	.version = 1,
	.key = "memory/../../x",
	.value = "1",
	.start = "lxc.cgroup.memory/../../x (" ORIGIN "): not a cgroup file: CONTROLLER.FILE",
	.end = "",
};

FIXTURE_VARIANT_ADD(bad, v2_unknown_controller){
	.version = 2,
	.key = "bogus.x",
	.value = "1",
	.start = "lxc.cgroup2.bogus.x (" ORIGIN
		 "): bogus is not a cgroup2 controller of /sys/fs/cgroup",
	.end = ")",
	.needs = V2,
};

FIXTURE_VARIANT_ADD(bad, v2_missing_file){
	.version = 2,
	.key = "cgroup.bogus",
	.value = "1",
	.start = "lxc.cgroup2.cgroup.bogus (" ORIGIN "): write '1' to /sys/fs/cgroup",
	.end = "/cgroup.bogus: No such file or directory",
	.needs = V2,
};

FIXTURE_VARIANT_ADD(bad, v2_bad_value){
	.version = 2,
	.key = "cgroup.max.descendants",
	.value = "lots",
	.start = "lxc.cgroup2.cgroup.max.descendants (" ORIGIN "): write 'lots' to /sys/fs/cgroup",
	.end = "/cgroup.max.descendants: Invalid argument",
	.needs = V2,
};

FIXTURE_VARIANT_ADD(bad, v2_key_for_v1_controller){
	.version = 2,
	.key = "memory.max",
	.value = "1M",
	.start = "lxc.cgroup2.memory.max (" ORIGIN
		 "): memory is not a cgroup2 controller here; use lxc.cgroup.memory.*",
	.end = "",
	.needs = HYBRID,
};

FIXTURE_SETUP(bad)
{
	track_init(&self->t);
}

#ifdef FIXTURE_TEARDOWN_PARENT
FIXTURE_TEARDOWN_PARENT(bad)
#else
FIXTURE_TEARDOWN(bad)
#endif
{
	track_cleanup(&self->t);
}

TEST_F(bad, fails_naming_key_and_leaves_nothing)
{
	const char *name = track_name(&self->t, "bad");
	struct rlxc_cgroup_setting s[] = {
		{ 1, "pids.max", "10", "t.conf:6" }, /* a good one first: undone as well */
		{ variant->version, (char *)variant->key, (char *)variant->value, ORIGIN },
	};
	struct rlxc_cgroup *cg = NULL;
	struct rlxc_error err = { 0 };
	char mnt[PATH_MAX];
	struct rlxc_config c;
	size_t len, end = strlen(variant->end);
	bool v1 = cgfs_v1_mount("memory", mnt, sizeof(mnt)) == 0;
	bool v2 = cgfs_v2_mount(mnt, sizeof(mnt)) == 0;

	REQUIRE_ROOT();
	if ((variant->needs == V1_MEMORY && !v1) || (variant->needs == V2 && !v2) ||
	    (variant->needs == HYBRID && !(v1 && v2)))
		SKIP(return, "needs %s", needs_name[variant->needs]);
	if (cgfs_v1_mount("pids", mnt, sizeof(mnt)) < 0) /* a v2 host */
		s[0] = (struct rlxc_cgroup_setting){ 2, "cgroup.max.depth", "10", "t.conf:6" };
	config_with(&c, s, 2);
	EXPECT_GT(0, rlxc_cgroup_create(&cg, name, &c, &err));
	EXPECT_EQ(NULL, cg);
	len = strlen(err.msg);
	EXPECT_EQ(0, strncmp(variant->start, err.msg, strlen(variant->start)))
	TH_LOG("%s", err.msg);
	EXPECT_TRUE(len >= end && strcmp(err.msg + len - end, variant->end) == 0)
	TH_LOG("%s", err.msg);
	EXPECT_EQ(0, find_named(name));
}

TEST_HARNESS_MAIN
