// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * cgroups, exercised for real: what a cgroup does to the processes in it.
 * The freezers (v1 freezer.state, cgroup2 cgroup.freeze) stop a busy child
 * and thaw it, cgroup.kill kills every process in the cgroup and nothing
 * outside, pids.max makes fork fail, and the memory limits (v1, cgroup2)
 * OOM-kill a child that goes past them. Effects are seen from outside (CPU
 * time in /proc/PID/stat, exit statuses, cgroup.events). The scratch
 * cgroups, the children and their cleanup are the cg fixture's
 * (cgroup_scratch.h); where a process is and delegation are
 * cgroup_tree_test.c's.
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "kselftest_harness.h"
#include "cgroup_scratch.h"
#include "probe_skip.h"
#include "test_util.h"
#include "kernel/clock.h"

#define SAMPLE_MS 150 /* CPU time is sampled across this interval */
#define MIN_TICKS 3   /* a spinning child gains ~15 clock ticks per SAMPLE_MS */

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

TEST_HARNESS_MAIN
