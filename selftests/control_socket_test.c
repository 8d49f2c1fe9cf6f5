// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * The supervisor's control socket on disk: RUN_DIR/command, a socket of
 * mode 0600 owned by the supervisor's user, there only while a supervisor
 * holds the container (a start that fails, an execute and a stop leave
 * none); the stale one of a killed supervisor stops no one and is replaced
 * by the next start; and a RUN_DIR longer than sun_path's 108 bytes works.
 * On busybox containers in a temporary store (the rt fixture,
 * runtime_fixture.h).
 */
#include "kselftest_harness.h"
#include "probe_skip.h"
#include "rlxc_run.h"
#include "rlxc_store.h"
#include "runtime_fixture.h"
#include "test_util.h"

#include "state/state.h"

#include <errno.h>
#include <limits.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

static void socket_path(const struct test_store *t, char *buf, size_t len)
{
	snprintf(buf, len, "%s/%s/command", t->run, t->name);
}

/* 0: RUN_DIR/command is there; else -errno of its lstat. */
static int socket_there(const struct test_store *t, struct stat *st)
{
	char path[PATH_MAX];

	socket_path(t, path, sizeof(path));
	return lstat(path, st) == 0 ? 0 : -errno;
}

TEST_F_TIMEOUT(rt, the_socket_is_a_0600_file_while_the_container_runs, 60)
{
	struct stat st;
	struct run r;

	REQUIRE_ROOT();
	create(_metadata, self->t.name);
	OK(&r, "start", "-n", self->t.name);
	run_free(&r);
	ASSERT_EQ(0, socket_there(&self->t, &st));
	EXPECT_TRUE(S_ISSOCK(st.st_mode));
	EXPECT_EQ(0600, st.st_mode & 07777);
	EXPECT_EQ(geteuid(), st.st_uid);
	OK(&r, "stop", "-n", self->t.name, "-t", "0");
	run_free(&r);
	EXPECT_EQ(-ENOENT, socket_there(&self->t, &st));
	/* in the foreground too: execute */
	OK(&r, "execute", "-n", self->t.name, "--", "/bin/true");
	run_free(&r);
	EXPECT_EQ(-ENOENT, socket_there(&self->t, &st));
}

/* The socket is bound before init is made: a start that fails after it
 * removes it with the rest. */
TEST_F_TIMEOUT(rt, a_failed_start_leaves_no_socket, 60)
{
	char conf[PATH_MAX];
	struct stat st;
	struct run r;

	REQUIRE_ROOT();
	create(_metadata, self->t.name);
	snprintf(conf, sizeof(conf), "%s/%s/config", self->t.store, self->t.name);
	ASSERT_EQ(0,
		  append_file(conf, "lxc.mount.entry = /nonexistent/rlxc-src mnt none bind 0 0\n"));
	RLXC(&r, "start", "-n", self->t.name);
	EXPECT_EQ(1, r.status);
	run_free(&r);
	expect_state(_metadata, self->t.name, "STOPPED");
	EXPECT_EQ(-ENOENT, socket_there(&self->t, &st));
}

/* A supervisor killed with SIGKILL leaves its socket: nobody answers on
 * it, requests say the container is not running, and the next start
 * replaces it. */
TEST_F_TIMEOUT(rt, a_stale_socket_does_not_stop_the_next_start, 60)
{
	struct rlxc_error err = { 0 };
	struct rlxc_status s;
	char dir[PATH_MAX];
	struct stat st;
	struct run r;

	REQUIRE_ROOT();
	create(_metadata, self->t.name);
	OK(&r, "start", "-n", self->t.name);
	run_free(&r);
	snprintf(dir, sizeof(dir), "%s/%s", self->t.run, self->t.name);
	ASSERT_EQ(0, rlxc_status_read(dir, &s, &err)) TH_LOG("%s", err.msg);
	ASSERT_LT(0, s.supervisor);
	ASSERT_EQ(0, kill(s.supervisor, SIGKILL));
	for (int i = 0; i < 200 && kill(s.init, 0) == 0; i++)
		usleep(10000);
	expect_state(_metadata, self->t.name, "STOPPED");
	ASSERT_EQ(0, socket_there(&self->t, &st));
	EXPECT_TRUE(S_ISSOCK(st.st_mode));
	RLXC(&r, "freeze", "-n", self->t.name);
	EXPECT_EQ(1, r.status);
	EXPECT_TRUE(has(r.err, "it is STOPPED")) TH_LOG("%s", r.err);
	run_free(&r);
	OK(&r, "start", "-n", self->t.name);
	run_free(&r);
	OK(&r, "freeze", "-n", self->t.name);
	run_free(&r);
	expect_state(_metadata, self->t.name, "FROZEN");
	OK(&r, "stop", "-n", self->t.name, "-t", "0");
	run_free(&r);
	EXPECT_EQ(-ENOENT, socket_there(&self->t, &st));
}

/* RUN_DIR/command longer than sun_path: start, freeze, unfreeze, stop. */
TEST_F_TIMEOUT(rt, a_runtime_dir_longer_than_sun_path_works, 60)
{
	char run[PATH_MAX], path[PATH_MAX];
	struct sockaddr_un sa;
	struct stat st;
	struct run r;
	int n;

	REQUIRE_ROOT();
	create(_metadata, self->t.name);
	n = snprintf(run, sizeof(run), "%s/", self->t.root);
	memset(run + n, 'r', sizeof(sa.sun_path));
	run[n + sizeof(sa.sun_path)] = '\0';
	ASSERT_EQ(0, mkdir(run, 0755));
	setenv("RLXC_RUNTIME_DIR", run, 1);
	RLXC(&r, "start", "-n", self->t.name);
	EXPECT_EQ(0, r.status) TH_LOG("%s", r.err);
	run_free(&r);
	snprintf(path, sizeof(path), "%s/%s/%s/command", run, strrchr(self->t.run, '/') + 1,
		 self->t.name);
	EXPECT_LT(sizeof(sa.sun_path), strlen(path));
	EXPECT_EQ(0, lstat(path, &st));
	RLXC(&r, "freeze", "-n", self->t.name);
	EXPECT_EQ(0, r.status) TH_LOG("%s", r.err);
	run_free(&r);
	RLXC(&r, "unfreeze", "-n", self->t.name);
	EXPECT_EQ(0, r.status) TH_LOG("%s", r.err);
	run_free(&r);
	/* the store's runtime dir is this one until the container is gone */
	RLXC(&r, "stop", "-n", self->t.name, "-t", "0");
	EXPECT_EQ(0, r.status) TH_LOG("%s", r.err);
	run_free(&r);
	RLXC(&r, "destroy", "-f", "-n", self->t.name);
	run_free(&r);
	setenv("RLXC_RUNTIME_DIR", self->t.root, 1);
	EXPECT_NE(0, lstat(path, &st));
}

TEST_HARNESS_MAIN
