// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * rlxc_spawn for real, the start itself: the caller's hooks, place() in
 * the parent while the child sets up and enter() in the child before it
 * goes on (with and without a user namespace), a failing one stopping the
 * start before the command runs and leaving no child; and what
 * rlxc_spawn_check refuses before anything is made (a missing rootfs, no
 * rootfs or no command, an unsupported network type, a bad mount entry,
 * both cap lists, an idmap without the container's root), each with its
 * message. The rootfs, the fixture and its cleanup are spawn_fixture.h's.
 */
#include <errno.h>
#include <limits.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include "kselftest_harness.h"
#include "probe_skip.h"
#include "spawn/spawn.h"
#include "spawn_fixture.h"
#include "test_util.h"

/* ---- the child's first step ---- */

struct entry {
	const char *path; /* written by enter() in the child: it ran */
	int fail;
};

static int enter(void *arg, bool born_in_cgroup, struct rlxc_error *err)
{
	struct entry *e = arg;

	if (put_file(e->path, born_in_cgroup ? "born in\n" : "entered\n") < 0)
		return rlxc_fail(err, errno, "write %s", e->path);
	return e->fail ? rlxc_fail(err, e->fail, "enter") : 0;
}

/* Start "touch /tmp/ran" with these hooks while *fail is EPERM: refused
 * with want, nothing left, the command never ran; then with *fail 0: it
 * runs. */
static void fails_then_runs(FIXTURE_DATA(spawn) * self, struct __test_metadata *_metadata,
			    int (*place)(void *, struct rlxc_error *),
			    int (*enter)(void *, bool, struct rlxc_error *), void *arg, int *fail,
			    const char *want)
{
	struct rlxc_spawn spawn = {
		.name = self->name,
		.conf = &self->c,
		.argv = SH("touch /tmp/ran"),
		.app = true,
		.rootfs = self->root,
		.place = place,
		.enter = enter,
		.arg = arg,
		.stdio = { -1, -1, -1 },
	}, *sp = &spawn;
	char ran[PATH_MAX];
	int pidfd = -1;

	snprintf(ran, sizeof(ran), "%s/tmp/ran", self->root);
	*fail = EPERM;
	EXPECT_EQ(-EPERM, rlxc_spawn(sp, &self->init, &pidfd, &self->err));
	EXPECT_STREQ(want, self->err.msg);
	EXPECT_EQ(-1, waitpid(-1, NULL, WNOHANG));
	EXPECT_NE(0, access(ran, F_OK)); /* it never ran */
	*fail = 0;
	ASSERT_EQ(0, rlxc_spawn(sp, &self->init, &pidfd, &self->err)) TH_LOG("%s", self->err.msg);
	if (pidfd >= 0)
		close(pidfd);
	finish(self);
	EXPECT_EQ(0, self->status);
	EXPECT_EQ(0, access(ran, F_OK));
}

TEST_F(spawn, enter_runs_in_the_child_before_it_goes_on)
{
	char flag[PATH_MAX], buf[64];
	struct entry e = { flag, 0 };

	REQUIRE_ROOT();
	snprintf(flag, sizeof(flag), "%s/entered", self->dir); /* a host path */
	fails_then_runs(self, _metadata, NULL, enter, &e, &e.fail,
			"enter: Operation not permitted");
	EXPECT_EQ(0, get_file(flag, buf, sizeof(buf)));
	EXPECT_STREQ("entered\n", buf); /* not into_cgroup: never "born in" */
}

/* place() runs in the parent while the child sets up; enter() only after
 * it, and a failed place() stops the start before the command runs. */
struct placing {
	char placed[PATH_MAX]; /* written by place(), looked for by enter() */
	int fail;
};

static int place_it(void *arg, struct rlxc_error *err)
{
	struct placing *p = arg;

	if (p->fail)
		return rlxc_fail(err, p->fail, "place");
	return put_file(p->placed, "placed\n") < 0 ? rlxc_fail(err, errno, "write") : 0;
}

static int enter_after(void *arg, bool born_in_cgroup, struct rlxc_error *err)
{
	struct placing *p = arg;

	(void)born_in_cgroup;
	return access(p->placed, F_OK) == 0 ? 0 : rlxc_fail(err, 0, "enter before place");
}

static void place_then_enter(FIXTURE_DATA(spawn) * self, struct __test_metadata *_metadata,
			     bool userns)
{
	struct rlxc_idmap map[] = { { 'u', 0, 100000, 65536 }, { 'g', 0, 100000, 65536 } };
	struct placing p = { .fail = 0 };

	if (userns) {
		self->c.idmap = map;
		self->c.n_idmap = 2;
	}
	snprintf(p.placed, sizeof(p.placed), "%s/placed", self->dir);
	fails_then_runs(self, _metadata, place_it, enter_after, &p, &p.fail,
			"place: Operation not permitted");
}

TEST_F(spawn, place_runs_while_the_child_sets_up_and_before_enter)
{
	REQUIRE_ROOT();
	place_then_enter(self, _metadata, false);
}

TEST_F(spawn, place_and_enter_with_a_user_namespace)
{
	REQUIRE_ROOT();
	REQUIRE_PROBE("ns.user");
	place_then_enter(self, _metadata, true);
}

/* ---- a supervisor that dies while its child sets up ---- */

/* place() of a supervisor that is SIGKILLed 20 ms after place() returns,
 * while its child (in a user namespace: its mounts come after CGROUPS)
 * still makes many mounts. */
static int killed_soon(void *arg, struct rlxc_error *err)
{
	pid_t sup = getpid(), k = fork();

	(void)arg;
	if (k < 0)
		return rlxc_fail(err, errno, "fork");
	if (k == 0) {
		nanosleep(&(struct timespec){ .tv_nsec = 20 * 1000000L }, NULL);
		kill(sup, SIGKILL);
		_exit(0);
	}
	return 0;
}

/* Reap every child (orphans come to us, the subreaper) for at most 5 s;
 * what is still alive then is killed, and false returned. */
static bool all_gone(void)
{
	for (int i = 0; i < 500; i++) {
		if (waitpid(-1, NULL, WNOHANG) < 0 && errno == ECHILD)
			return true;
		nanosleep(&(struct timespec){ .tv_nsec = 10 * 1000000L }, NULL);
	}
	for (pid_t p; (p = waitpid(-1, NULL, WNOHANG)) >= 0;) {
		if (p == 0) {
			char line[256] = "";
			FILE *f = fopen("/proc/thread-self/children", "re");

			if (f && fgets(line, sizeof(line), f))
				kill(atoi(line), SIGKILL);
			if (f)
				fclose(f);
			nanosleep(&(struct timespec){ .tv_nsec = 10 * 1000000L }, NULL);
		}
	}
	return false;
}

TEST_F(spawn, a_supervisor_killed_during_setup_takes_its_child_with_it)
{
	struct rlxc_idmap map[] = { { 'u', 0, 100000, 65536 }, { 'g', 0, 100000, 65536 } };
	static char *entries[3001];
	char ran[PATH_MAX];
	int st = 0;
	pid_t sup;

	REQUIRE_ROOT();
	REQUIRE_PROBE("ns.user");
	for (size_t i = 0; i < 3000; i++)
		entries[i] = "none opt tmpfs size=64k 0 0";
	self->c.idmap = map;
	self->c.n_idmap = 2;
	self->c.mount_entries.v = entries;
	self->c.mount_entries.n = 3000;
	snprintf(ran, sizeof(ran), "%s/tmp/ran", self->root);
	/* unkilled, the same start runs the command */
	ASSERT_EQ(0, start(self, false, SH("touch /tmp/ran"))) TH_LOG("%s", self->err.msg);
	finish(self);
	ASSERT_EQ(0, unlink(ran));
	ASSERT_EQ(0, prctl(PR_SET_CHILD_SUBREAPER, 1));
	sup = fork();
	ASSERT_LE(0, sup);
	if (sup == 0) {
		struct rlxc_spawn sp = {
			.name = self->name,
			.conf = &self->c,
			.argv = SH("touch /tmp/ran"),
			.rootfs = self->root,
			.place = killed_soon,
			.stdio = { -1, -1, -1 },
		};
		pid_t init;
		int pidfd;

		rlxc_spawn(&sp, &init, &pidfd, &self->err);
		pause(); /* until the killer comes */
		_exit(0);
	}
	EXPECT_EQ(sup, waitpid(sup, &st, 0));
	EXPECT_TRUE(WIFSIGNALED(st) && WTERMSIG(st) == SIGKILL);
	EXPECT_TRUE(all_gone()); /* the child did not outlive its supervisor */
	EXPECT_NE(0, access(ran, F_OK)); /* and never ran the command */
	prctl(PR_SET_CHILD_SUBREAPER, 0);
}

/* ---- what spawn refuses before anything is made ---- */

TEST_F(spawn, missing_rootfs)
{
	struct rlxc_spawn sp = { .name = self->name, .conf = &self->c };
	pid_t pid;
	int pidfd;

	self->c.rootfs_path = "/rlxc-no-such-rootfs";
	EXPECT_EQ(-ENOENT, rlxc_spawn_check(&sp, &self->err));
	EXPECT_STREQ("rootfs /rlxc-no-such-rootfs: No such file or directory (lxc.rootfs.path)",
		     self->err.msg);
	memset(&self->err, 0, sizeof(self->err));
	EXPECT_EQ(-ENOENT, rlxc_spawn(&sp, &pid, &pidfd, &self->err));
	EXPECT_STREQ("rootfs /rlxc-no-such-rootfs: No such file or directory (lxc.rootfs.path)",
		     self->err.msg);
	sp.rootfs = "/dev/null";
	EXPECT_EQ(-ENOTDIR, rlxc_spawn_check(&sp, &self->err));
	EXPECT_STREQ("rootfs /dev/null: Not a directory (lxc.rootfs.path)", self->err.msg);
}

TEST_F(spawn, rootfs_is_required_for_a_system_container)
{
	struct rlxc_spawn sp = { .name = self->name, .conf = &self->c };

	EXPECT_EQ(-EINVAL, rlxc_spawn_check(&sp, &self->err));
	EXPECT_STREQ("lxc.rootfs.path is not set", self->err.msg);
	sp.app = true; /* rlxc execute may use the host's root, but needs a command */
	EXPECT_EQ(-EINVAL, rlxc_spawn_check(&sp, &self->err));
	EXPECT_STREQ("no command to execute: give one or set lxc.execute.cmd", self->err.msg);
	EXPECT_TRUE(self->err.usage);
}

TEST_F(spawn, unsupported_network_type)
{
	struct rlxc_spawn sp = { .name = self->name, .conf = &self->c, .rootfs = self->root };

	self->c.net[0].used = true;
	self->c.net[0].type = RLXC_NET_VETH;
	self->c.net[0].origin = "web.conf:4";
	EXPECT_EQ(-EOPNOTSUPP, rlxc_spawn_check(&sp, &self->err));
	EXPECT_STREQ("lxc.net.0.type = veth (web.conf:4): not yet supported by rlxc",
		     self->err.msg);
	self->c.net[0].type = RLXC_NET_EMPTY;
	self->c.net[1].used = true;
	self->c.net[1].type = RLXC_NET_MACVLAN;
	self->c.net[1].origin = NULL;
	EXPECT_EQ(-EOPNOTSUPP, rlxc_spawn_check(&sp, &self->err));
	EXPECT_STREQ("lxc.net.1.type = macvlan: not yet supported by rlxc", self->err.msg);
}

TEST_F(spawn, bad_mount_entry_syntax_and_caps)
{
	static char *entries[] = { "only-a-source", NULL }, *both[] = { "chown", NULL };
	struct rlxc_spawn sp = { .name = self->name, .conf = &self->c, .rootfs = self->root };

	self->c.mount_entries.v = entries;
	self->c.mount_entries.n = 1;
	EXPECT_EQ(-EINVAL, rlxc_spawn_check(&sp, &self->err));
	EXPECT_STREQ("lxc.mount.entry = only-a-source: needs a source, a target and a type: "
		     "Invalid argument",
		     self->err.msg);
	self->c.mount_entries.n = 0;
	self->c.cap_drop.v = self->c.cap_keep.v = both;
	self->c.cap_drop.n = self->c.cap_keep.n = 1;
	EXPECT_EQ(-EINVAL, rlxc_spawn_check(&sp, &self->err));
	EXPECT_STREQ("lxc.cap.drop and lxc.cap.keep are both set: use one", self->err.msg);
}

TEST_F(spawn, idmap_without_root_is_refused)
{
	struct rlxc_idmap map[] = { { 'u', 1, 100000, 65536 }, { 'g', 0, 100000, 65536 } };
	struct rlxc_spawn sp = { .name = self->name, .conf = &self->c, .rootfs = self->root };

	REQUIRE_ROOT();
	REQUIRE_PROBE("ns.user");
	self->c.idmap = map;
	self->c.n_idmap = 2;
	EXPECT_EQ(-EINVAL, rlxc_spawn_check(&sp, &self->err));
	EXPECT_NE(NULL, strstr(self->err.msg, "lxc.idmap: the container's root needs a mapping"))
	TH_LOG("%s", self->err.msg);
}

TEST_HARNESS_MAIN
