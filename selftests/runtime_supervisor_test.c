// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * rlxc-supervisor, a started container's watcher, through the rlxc binary:
 * it answers root and the container's owner only, its container dies with
 * it and a dead one is never trusted, it is the small static helper and
 * keeps no fd of its callers, an installed rlxc finds it under
 * PREFIX/libexec, and run by hand it refuses. On a busybox container in a
 * temporary store and runtime directory (the rt fixture,
 * runtime_fixture.h).
 */
#include "kselftest_harness.h"
#include "probe_skip.h"
#include "rlxc_info.h"
#include "rlxc_run.h"
#include "rlxc_store.h"
#include "runtime_fixture.h"
#include "test_util.h"

#include "store/container.h"
#include "supervise/supervisor.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <limits.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/fsuid.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

/* Who asks the supervisor in ask_as(): another user, or a process whose
 * files are root's (fsuid 0: the socket's mode lets it connect) but whose
 * credentials are nobody's. */
enum asker { OTHER_USER, NOBODY_WITH_ROOT_FILES };

static int become(enum asker who)
{
	if (setresgid(65534, 65534, 65534) < 0)
		return -1;
	if (who == OTHER_USER)
		return setresuid(65534, 65534, 65534);
	if (setresuid(0, 65534, 0) < 0)
		return -1;
	setfsuid(0); /* allowed: the real uid is 0 */
	return setfsuid((uid_t)-1) == 0 ? 0 : -1;
}

/* rlxc_control(ct, FREEZE) in a child that is who: its return, its error. */
static int ask_as(enum asker who, const struct rlxc_container *ct, struct rlxc_error *err)
{
	int p[2], ret = -EIO;
	pid_t pid;

	if (pipe(p) < 0 || (pid = fork()) < 0)
		return -errno;
	if (pid == 0) {
		close(p[0]);
		ret = become(who) < 0 ? -EIO : rlxc_control(ct, RLXC_OP_FREEZE, 0, err);
		if (write(p[1], &ret, sizeof(ret)) != sizeof(ret) ||
		    write(p[1], err, sizeof(*err)) != sizeof(*err))
			_exit(1);
		_exit(0);
	}
	close(p[1]);
	if (read(p[0], &ret, sizeof(ret)) != sizeof(ret) ||
	    read(p[0], err, sizeof(*err)) != sizeof(*err))
		ret = -EIO;
	close(p[0]);
	waitpid(pid, NULL, 0);
	return ret;
}

/* The supervisor answers root and its own user only. Another user cannot
 * even connect (RUN_DIR/command is 0600; its runtime directory is 0755
 * here, as /run/rlxc is), and a process that gets past the socket's mode
 * is refused by the supervisor for its credentials; the container is
 * still RUNNING. */
TEST_F_TIMEOUT(rt, requests_from_other_users_are_refused, 60)
{
	struct rlxc_container ct = { 0 };
	struct rlxc_error err = { 0 };
	struct run r;

	REQUIRE_ROOT();
	ASSERT_EQ(0, chmod(self->t.run, 0755));
	create(_metadata, self->t.name);
	RLXC(&r, "start", "-n", self->t.name);
	ASSERT_EQ(0, r.status) TH_LOG("%s", r.err);
	run_free(&r);
	ASSERT_EQ(0, rlxc_container_init(&ct, NULL, self->t.name, &err)) TH_LOG("%s", err.msg);
	EXPECT_EQ(-EACCES, ask_as(OTHER_USER, &ct, &err));
	EXPECT_TRUE(has(err.msg, "only root and ") && has(err.msg, "Permission denied"))
	TH_LOG("%s", err.msg);
	expect_state(_metadata, self->t.name, "RUNNING");
	memset(&err, 0, sizeof(err));
	EXPECT_EQ(-EPERM, ask_as(NOBODY_WITH_ROOT_FILES, &ct, &err));
	EXPECT_STREQ("only root and the container's owner may ask", err.msg);
	expect_state(_metadata, self->t.name, "RUNNING");
	rlxc_container_close(&ct);
	RLXC(&r, "stop", "-t", "0", "-n", self->t.name);
	EXPECT_EQ(0, r.status) TH_LOG("%s", r.err);
	run_free(&r);
}

/* Create and start NAME; its supervisor's and its init's pids. */
static void start_read(struct __test_metadata *_metadata, const char *name, pid_t *sup,
		       pid_t *init)
{
	struct run r;

	create(_metadata, name);
	OK(&r, "start", "-n", name);
	run_free(&r);
	*sup = info_int(_metadata, name, "supervisor");
	*init = info_int(_metadata, name, "pid");
}

TEST_F_TIMEOUT(rt, killed_supervisor_is_never_trusted, 60)
{
	struct run r;
	pid_t sup, init;

	REQUIRE_ROOT();
	start_read(_metadata, self->t.name, &sup, &init);
	ASSERT_LT(0, sup);
	ASSERT_LT(0, init);
	ASSERT_EQ(0, kill(sup, SIGKILL));
	for (int i = 0; i < 200 && kill(init, 0) == 0; i++)
		usleep(10000);
	/* the container died with its supervisor, and says so */
	EXPECT_NE(0, kill(init, 0)) TH_LOG("init %d outlived its supervisor", (int)init);
	expect_state(_metadata, self->t.name, "STOPPED");
	/* stop cleans up what the dead supervisor left, then refuses */
	RLXC(&r, "stop", "-n", self->t.name);
	EXPECT_EQ(1, r.status);
	run_free(&r);
	EXPECT_FALSE(cgroup_exists(self->t.name))
	TH_LOG("cgroup rlxc.%s left behind", self->t.name);
	OK(&r, "destroy", "-n", self->t.name);
	run_free(&r);
}

/* Put pid into every cgroup rlxc.NAME[@HASH] of the container. */
static const char *moved_name;
static pid_t moved_pid;
static int moved;

static int move_one(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
	const char *base = path + ftw->base;
	size_t n = strlen(moved_name);
	char procs[PATH_MAX], pid[16];

	(void)st;
	if (flag != FTW_D || strncmp(base, "rlxc.", 5) || strncmp(base + 5, moved_name, n) ||
	    (base[5 + n] && base[5 + n] != '@'))
		return 0;
	snprintf(procs, sizeof(procs), "%s/cgroup.procs", path);
	snprintf(pid, sizeof(pid), "%d", (int)moved_pid);
	moved += put_file(procs, pid) == 0;
	return 0;
}

/* A process left in the cgroups of a dead supervisor (as an init that
 * cleared its death signal would be) is reported by state and info, and
 * stop kills it: before, state said STOPPED, all clean. */
TEST_F_TIMEOUT(rt, what_a_dead_supervisor_left_is_reported_and_killed, 60)
{
	int status = 0;
	pid_t sup, init, left;
	struct run r;

	REQUIRE_ROOT();
	start_read(_metadata, self->t.name, &sup, &init);
	ASSERT_LT(0, sup);
	left = fork();
	ASSERT_LE(0, left);
	if (left == 0) {
		pause();
		_exit(0);
	}
	moved_name = self->t.name;
	moved_pid = left;
	moved = 0;
	nftw("/sys/fs/cgroup", move_one, 16, FTW_PHYS);
	EXPECT_LT(0, moved);
	ASSERT_EQ(0, kill(sup, SIGKILL));
	for (int i = 0; i < 200 && kill(init, 0) == 0; i++)
		usleep(10000);
	RLXC(&r, "state", "-n", self->t.name);
	EXPECT_STREQ("STOPPED\n", r.out);
	EXPECT_EQ(1, r.status);
	EXPECT_TRUE(has(r.err, "its supervisor is gone, but 1 process is left")) TH_LOG("%s", r.err);
	run_free(&r);
	EXPECT_EQ(1, info_int(_metadata, self->t.name, "left"));
	RLXC(&r, "stop", "-n", self->t.name);
	EXPECT_EQ(1, r.status); /* "not running", once it is cleaned up */
	run_free(&r);
	EXPECT_EQ(left, waitpid(left, &status, 0));
	EXPECT_TRUE(WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL);
	EXPECT_FALSE(cgroup_exists(self->t.name));
	expect_state(_metadata, self->t.name, "STOPPED");
	if (kill(left, 0) == 0) {
		kill(left, SIGKILL);
		waitpid(left, NULL, 0);
	}
}

static int count_fds(pid_t pid)
{
	char path[64];
	struct dirent *de;
	int n = 0;
	DIR *d;

	snprintf(path, sizeof(path), "/proc/%d/fd", (int)pid);
	if (!(d = opendir(path)))
		return -1;
	while ((de = readdir(d)))
		n += de->d_name[0] != '.';
	closedir(d);
	return n;
}

TEST_F_TIMEOUT(rt, supervisor_is_small_and_keeps_no_fds, 120)
{
	int requests = run_under_valgrind() ? 5 : 50, before, after;
	char link[64], exe[PATH_MAX];
	struct run r;
	ssize_t n;
	pid_t sup;

	REQUIRE_ROOT();
	create(_metadata, self->t.name);
	OK(&r, "start", "-n", self->t.name);
	run_free(&r);
	sup = info_int(_metadata, self->t.name, "supervisor");
	ASSERT_LT(0, sup);
	/* the small static supervisor, holding stdio (/dev/null), the lock,
	 * its socket, its signalfd and the console's master and peer
	 * (term/terms.h): nothing of the caller's */
	snprintf(link, sizeof(link), "/proc/%d/exe", (int)sup);
	n = readlink(link, exe, sizeof(exe) - 1);
	ASSERT_LT(0, n);
	exe[n] = '\0';
	EXPECT_STREQ("rlxc-supervisor", strrchr(exe, '/') + 1);
	before = count_fds(sup);
	EXPECT_EQ(8, before);
	for (int i = 0; i < requests; i++) {
		OK(&r, "freeze", "-n", self->t.name);
		run_free(&r);
		OK(&r, "unfreeze", "-n", self->t.name);
		run_free(&r);
		RLXC(&r, "unfreeze", "-n", self->t.name); /* refused: RUNNING */
		EXPECT_EQ(1, r.status);
		run_free(&r);
	}
	after = count_fds(sup);
	EXPECT_EQ(before, after);
	OK(&r, "stop", "-n", self->t.name, "-t", "0");
	run_free(&r);
}

static int copy_exe(const char *src, const char *dst)
{
	char buf[65536];
	int in = open(src, O_RDONLY | O_CLOEXEC), out, ret = 0;
	ssize_t n;

	if (in < 0)
		return -1;
	out = open(dst, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0755);
	while (out >= 0 && !ret && (n = read(in, buf, sizeof(buf))) > 0)
		ret = write(out, buf, (size_t)n) == n ? 0 : -1;
	close(in);
	return out < 0 || close(out) < 0 ? -1 : ret;
}

/* Installed (make install): PREFIX/bin/rlxc hands a started container to
 * PREFIX/libexec/rlxc/rlxc-supervisor. */
TEST_F_TIMEOUT(rt, an_installed_rlxc_finds_its_supervisor, 60)
{
	char prefix[64] = "/tmp/rlxc-t-inst-XXXXXX", path[PATH_MAX], helper[PATH_MAX];
	char bin[PATH_MAX], want[PATH_MAX], link[64], exe[PATH_MAX] = "", built[PATH_MAX];
	const char *env = getenv("RLXC_BIN");
	bool had_env = env != NULL;
	struct run r;
	ssize_t n;
	pid_t sup;

	REQUIRE_ROOT();
	snprintf(built, sizeof(built), "%s", rlxc_bin());
	ASSERT_NE(NULL, mkdtemp(prefix));
	chmod(prefix, 0755);
	snprintf(bin, sizeof(bin), "%s/bin/rlxc", prefix);
	snprintf(want, sizeof(want), "%s/libexec/rlxc/rlxc-supervisor", prefix);
	snprintf(helper, sizeof(helper), "%.*s/rlxc-supervisor", (int)(strrchr(built, '/') - built),
		 built);
	snprintf(path, sizeof(path), "%s/bin", prefix);
	ASSERT_EQ(0, mkdir(path, 0755));
	snprintf(path, sizeof(path), "%s/libexec", prefix);
	ASSERT_EQ(0, mkdir(path, 0755));
	snprintf(path, sizeof(path), "%s/libexec/rlxc", prefix);
	ASSERT_EQ(0, mkdir(path, 0755));
	ASSERT_EQ(0, copy_exe(built, bin));
	ASSERT_EQ(0, copy_exe(helper, want));
	create(_metadata, self->t.name);
	setenv("RLXC_BIN", bin, 1);
	RLXC(&r, "start", "-n", self->t.name);
	EXPECT_EQ(0, r.status) TH_LOG("%s", r.err);
	run_free(&r);
	sup = info_int(_metadata, self->t.name, "supervisor");
	snprintf(link, sizeof(link), "/proc/%d/exe", (int)sup);
	if ((n = readlink(link, exe, sizeof(exe) - 1)) > 0)
		exe[n] = '\0';
	EXPECT_STREQ(want, exe);
	RLXC(&r, "stop", "-t", "0", "-n", self->t.name);
	EXPECT_EQ(0, r.status) TH_LOG("%s", r.err);
	run_free(&r);
	if (had_env)
		setenv("RLXC_BIN", built, 1);
	else
		unsetenv("RLXC_BIN");
	rm_tree(prefix);
}

/* rlxc-supervisor is rlxc start's: run by hand, it says so and does
 * nothing (2 for a bad command line, 1 for a container it does not own). */
TEST_F(rt, the_supervisor_refuses_to_run_by_hand)
{
	char helper[PATH_MAX], built[PATH_MAX], run_dir[PATH_MAX], vg[16] = "";
	const char *env = getenv("RLXC_BIN");
	bool had_env = env != NULL;
	struct run r;

	/* memcheck cannot follow a static binary (its malloc is not
	 * intercepted): the helper runs as it is, also in check-valgrind */
	if (run_under_valgrind())
		snprintf(vg, sizeof(vg), "%s", getenv("RLXC_VALGRIND"));
	unsetenv("RLXC_VALGRIND");

	snprintf(built, sizeof(built), "%s", rlxc_bin());
	snprintf(helper, sizeof(helper), "%.*s/rlxc-supervisor", (int)(strrchr(built, '/') - built),
		 built);
	snprintf(run_dir, sizeof(run_dir), "%s/%s", self->t.run, self->t.name);
	setenv("RLXC_BIN", helper, 1);
	RLXC(&r, self->t.name);
	EXPECT_EQ(2, r.status);
	EXPECT_TRUE(has(r.err, "started by rlxc start, not by hand")) TH_LOG("%s", r.err);
	run_free(&r);
	RLXC(&r, self->t.name, run_dir, self->t.run, "10", "9", "3", "4", "fd");
	EXPECT_EQ(2, r.status);
	EXPECT_TRUE(has(r.err, "not by hand")) TH_LOG("%s", r.err);
	run_free(&r);
	RLXC(&r, self->t.name, run_dir, self->t.run, "10", "9", "3", "4", "5");
	EXPECT_EQ(1, r.status);
	EXPECT_TRUE(has(r.err, "the state file is not this supervisor's")) TH_LOG("%s", r.err);
	run_free(&r);
	if (had_env)
		setenv("RLXC_BIN", built, 1);
	else
		unsetenv("RLXC_BIN");
	if (*vg)
		setenv("RLXC_VALGRIND", vg, 1);
}

TEST_HARNESS_MAIN
