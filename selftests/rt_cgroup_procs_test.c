// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * runtime/lib/cgroup.h for real, the processes in a container's cgroups:
 * a child entering by itself (also born in its cgroup2 cgroup by clone3)
 * or attached from outside shows in rlxc.NAME of every hierarchy in
 * /proc/PID/cgroup and in the library's list of pids; freeze stops its CPU
 * time and thaw resumes it; kill empties the cgroup, frozen or not, with
 * the signal given; lxc.cgroup.pids.max and memory.limit_in_bytes stop a
 * fork and kill an eater. The cg fixture and its cleanup are
 * rt_cgroup_fixture.h's.
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <unistd.h>

#include "kselftest_harness.h"
#include "cgroup/cgroup.h"
#include "kernel/cgroupfs.h"
#include "kernel/syscalls.h"
#include "probe_skip.h"
#include "probes/probe.h"
#include "rt_cgroup_fixture.h"
#include "test_util.h"

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

TEST_HARNESS_MAIN
