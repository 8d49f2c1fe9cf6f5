// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * runtime/lib/cgroup.h for real, a container's cgroups on the host: made by
 * the library as rlxc.rlxc-t-<pid>-x, one directory per hierarchy right
 * below ours and none after the destroy; a second container of the same
 * name refused; saved to RUN_DIR/cgroup and loaded back (and a bad file
 * named by file and line); bad lxc.cgroup settings refused naming key and
 * origin, leaving nothing. What happens to the processes inside is
 * rt_cgroup_procs_test.c's; the cg fixture and its cleanup are
 * rt_cgroup_fixture.h's.
 */
#include <errno.h>
#include <libgen.h>
#include <limits.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "kselftest_harness.h"
#include "cgroup/cgroup.h"
#include "kernel/cgroupfs.h"
#include "probe_skip.h"
#include "rt_cgroup_fixture.h"
#include "test_util.h"

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
