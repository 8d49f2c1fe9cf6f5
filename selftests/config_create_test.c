// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * rlxc create fails closed: whatever makes it fail (a bad config, 700
 * nested includes, which once crashed it half way, a template that fails,
 * a kill while it builds) nothing of the container is left in the store,
 * not even the store directories it made, and a container or directory of
 * that name already there is never touched. The staging it builds in
 * (store/stage.h) is checked directly too: a name taken between the check
 * and the rename is refused and left alone.
 */
#include "kselftest_harness.h"
#include "probe_skip.h"
#include "rlxc_run.h"
#include "rlxc_store.h"
#include "runtime_fixture.h"
#include "store/stage.h"
#include "test_util.h"

#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* The entries of dir, "." and ".." excepted (hidden ones too); -1 if none. */
static int entries(const char *dir)
{
	struct dirent *de;
	int n = 0;
	DIR *d = opendir(dir);

	if (!d)
		return -1;
	while ((de = readdir(d)))
		n += strcmp(de->d_name, ".") && strcmp(de->d_name, "..");
	closedir(d);
	return n;
}

/* f0.conf includes f1.conf ... includes fN.conf, in dir. */
static int write_chain(const char *dir, int n)
{
	char path[PATH_MAX], text[64];
	int ret = 0;

	for (int i = 0; i <= n && !ret; i++) {
		snprintf(path, sizeof(path), "%s/f%d.conf", dir, i);
		if (i < n)
			snprintf(text, sizeof(text), "lxc.include = f%d.conf\n", i + 1);
		else
			snprintf(text, sizeof(text), "lxc.rootfs.path = /\n");
		ret = put_file(path, text);
	}
	return ret;
}

TEST_F(rt, include_too_deep_leaves_nothing)
{
	char conf[128];
	struct run r;

	ASSERT_EQ(0, write_chain(self->t.run, 700));
	snprintf(conf, sizeof(conf), "%s/f0.conf", self->t.run);
	RLXC(&r, "create", "-n", self->t.name, "-f", conf);
	EXPECT_EQ(1, r.status) TH_LOG("%s", r.err); /* once 139: SIGSEGV */
	EXPECT_TRUE(has(r.err, "f32.conf:1: lxc.include: ")) TH_LOG("%s", r.err);
	EXPECT_TRUE(has(r.err, "nested too deep (the limit is 32")) TH_LOG("%s", r.err);
	run_free(&r);
	EXPECT_EQ(0, entries(self->t.store));
}

TEST_F(rt, bad_config_leaves_nothing)
{
	char conf[128];
	struct run r;

	snprintf(conf, sizeof(conf), "%s/bad.conf", self->t.run);
	ASSERT_EQ(0, put_file(conf, "lxc.uts.name = x\nlxc.tty.max = 65\n"));
	RLXC(&r, "create", "-n", self->t.name, "-t", "busybox", "-f", conf);
	EXPECT_EQ(1, r.status);
	EXPECT_TRUE(has(r.err, "bad.conf:2: lxc.tty.max: out of range (0..64)")) TH_LOG("%s", r.err);
	run_free(&r);
	/* -t none without a rootfs */
	ASSERT_EQ(0, put_file(conf, "lxc.uts.name = x\n"));
	RLXC(&r, "create", "-n", self->t.name, "-t", "none", "-f", conf);
	EXPECT_EQ(2, r.status);
	EXPECT_TRUE(has(r.err, "-t none needs a config with lxc.rootfs.path")) TH_LOG("%s", r.err);
	run_free(&r);
	EXPECT_EQ(0, entries(self->t.store));
}

/* The store directories create made are removed too, and only those. */
TEST_F(rt, template_failure_leaves_nothing_not_even_the_store)
{
	char store[128], top[128];
	struct run r;

	snprintf(top, sizeof(top), "%s/new", self->t.store);
	snprintf(store, sizeof(store), "%s/new/store", self->t.store);
	ASSERT_EQ(0, setenv("RLXC_BUSYBOX", "/nonexistent/busybox", 1));
	RLXC(&r, "create", "-P", store, "-n", self->t.name);
	unsetenv("RLXC_BUSYBOX");
	EXPECT_EQ(1, r.status);
	EXPECT_TRUE(has(r.err, "/nonexistent/busybox")) TH_LOG("%s", r.err);
	run_free(&r);
	EXPECT_NE(0, access(top, F_OK)) TH_LOG("%s was left", top);
	EXPECT_EQ(0, entries(self->t.store));
}

/* The FIFO opened for writing once pid (alive) opened it to read: the
 * template is then building. -1 after 10 s or when pid is gone. */
static int open_writer(const char *fifo, pid_t pid)
{
	for (int i = 0; i < 1000; i++) {
		int fd = open(fifo, O_WRONLY | O_NONBLOCK | O_CLOEXEC);

		if (fd >= 0 || errno != ENXIO || waitpid(pid, NULL, WNOHANG) != 0)
			return fd;
		usleep(10000);
	}
	return -1;
}

/* Killed while it builds: no container, and the name can be created. */
TEST_F(rt, killed_create_leaves_no_container)
{
	char fifo[128], dir[128];
	const char *argv[] = { rlxc_bin(), "create", "-n", self->t.name, NULL };
	struct run r;
	pid_t pid;
	int fd;

	REQUIRE_ROOT(); /* the second create copies the host's busybox */
	snprintf(fifo, sizeof(fifo), "%s/busybox", self->t.run);
	ASSERT_EQ(0, mkfifo(fifo, 0600));
	ASSERT_EQ(0, setenv("RLXC_BUSYBOX", fifo, 1));
	fflush(NULL);
	pid = fork();
	ASSERT_LE(0, pid);
	if (pid == 0) {
		int null = open("/dev/null", O_RDWR);

		dup2(null, 0);
		dup2(null, 1);
		dup2(null, 2);
		execv(argv[0], (char **)argv);
		_exit(126);
	}
	unsetenv("RLXC_BUSYBOX");
	fd = open_writer(fifo, pid);
	kill(pid, SIGKILL);
	waitpid(pid, NULL, 0);
	ASSERT_LE(0, fd) TH_LOG("create never opened its busybox");
	close(fd);
	snprintf(dir, sizeof(dir), "%s/%s", self->t.store, self->t.name);
	EXPECT_NE(0, access(dir, F_OK)) TH_LOG("%s was left", dir);
	OK(&r, "list");
	EXPECT_FALSE(has(r.out, self->t.name)) TH_LOG("%s", r.out);
	run_free(&r);
	create(_metadata, self->t.name);
}

TEST_F(rt, existing_container_is_never_touched)
{
	char conf[128], path[160], before[4096], after[4096];
	struct run r;

	REQUIRE_ROOT();
	create(_metadata, self->t.name);
	snprintf(path, sizeof(path), "%s/%s/config", self->t.store, self->t.name);
	ASSERT_EQ(0, get_file(path, before, sizeof(before)));
	snprintf(conf, sizeof(conf), "%s/bad.conf", self->t.run);
	ASSERT_EQ(0, put_file(conf, "lxc.bogus = 1\n"));
	RLXC(&r, "create", "-n", self->t.name, "-f", conf);
	EXPECT_EQ(1, r.status);
	EXPECT_TRUE(has(r.err, "already exists")) TH_LOG("%s", r.err);
	run_free(&r);
	ASSERT_EQ(0, setenv("RLXC_BUSYBOX", "/nonexistent/busybox", 1));
	RLXC(&r, "create", "-n", self->t.name);
	unsetenv("RLXC_BUSYBOX");
	EXPECT_EQ(1, r.status);
	EXPECT_TRUE(has(r.err, "already exists")) TH_LOG("%s", r.err);
	run_free(&r);
	ASSERT_EQ(0, get_file(path, after, sizeof(after)));
	EXPECT_STREQ(before, after);
	snprintf(path, sizeof(path), "%s/%s/rootfs/bin/busybox", self->t.store, self->t.name);
	EXPECT_EQ(0, access(path, X_OK));
	EXPECT_EQ(1, entries(self->t.store));
}

/* A directory of that name that is no container: left as it is. */
TEST_F(rt, existing_directory_is_never_touched)
{
	char conf[128], path[160];
	struct run r;

	snprintf(path, sizeof(path), "%s/%s", self->t.store, self->t.name);
	ASSERT_EQ(0, mkdir(path, 0755));
	strcat(path, "/keep");
	ASSERT_EQ(0, put_file(path, "mine\n"));
	snprintf(conf, sizeof(conf), "%s/c.conf", self->t.run);
	ASSERT_EQ(0, put_file(conf, "lxc.rootfs.path = /\n"));
	RLXC(&r, "create", "-n", self->t.name, "-t", "none", "-f", conf);
	EXPECT_EQ(1, r.status);
	EXPECT_TRUE(has(r.err, "already exists")) TH_LOG("%s", r.err);
	run_free(&r);
	EXPECT_EQ(0, access(path, F_OK));
	EXPECT_EQ(1, entries(self->t.store));
}

/* ---- the staging, directly ---- */

TEST_F(rt, stage_commit_never_replaces)
{
	struct rlxc_store s = { 0 };
	struct rlxc_stage st;
	struct rlxc_error err = { 0 };
	char path[PATH_MAX + 16], want[PATH_MAX + 64];

	snprintf(s.path, sizeof(s.path), "%s", self->t.store);
	snprintf(s.runtime, sizeof(s.runtime), "%s", self->t.run);
	ASSERT_EQ(0, rlxc_stage_begin(&st, &s, "web", &err)) TH_LOG("%s", err.msg);
	EXPECT_EQ(0, strncmp(st.dir, self->t.store, strlen(self->t.store)));
	EXPECT_EQ('.', st.dir[strlen(self->t.store) + 1]); /* not a container name */
	snprintf(path, sizeof(path), "%s/config", st.dir);
	ASSERT_EQ(0, put_file(path, "# staged\n"));
	/* the name is taken after the check, before the rename: an empty
	 * directory is enough to refuse */
	snprintf(path, sizeof(path), "%s/web", self->t.store);
	ASSERT_EQ(0, mkdir(path, 0755));
	EXPECT_EQ(-EINVAL, rlxc_stage_commit(&st, &s, "web", &err));
	snprintf(want, sizeof(want), "web already exists in %s", self->t.store);
	EXPECT_STREQ(want, err.msg);
	EXPECT_EQ(0, entries(path)); /* untouched: still empty */
	rlxc_stage_abort(&st);
	EXPECT_EQ(1, entries(self->t.store)); /* only web/, the store kept */
	ASSERT_EQ(0, rmdir(path));
	/* and a free name is taken whole */
	ASSERT_EQ(0, rlxc_stage_begin(&st, &s, "web", &err)) TH_LOG("%s", err.msg);
	ASSERT_EQ(0, rlxc_stage_commit(&st, &s, "web", &err)) TH_LOG("%s", err.msg);
	rlxc_stage_abort(&st); /* after a commit: nothing */
	EXPECT_EQ(0, access(path, F_OK));
	EXPECT_EQ(1, entries(self->t.store));
}

TEST_HARNESS_MAIN
