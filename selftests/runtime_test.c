// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * The rlxc binary end to end, as a user runs it: every verb and the bad
 * inputs each one refuses, on a busybox container in a temporary store and
 * runtime directory. Each test's container has a name of its own; the
 * teardown destroys whatever is left, even after a failure.
 */
#include "kselftest_harness.h"
#include "probe_skip.h"
#include "rlxc_run.h"
#include "rlxc_store.h"
#include "test_util.h"

#include "store/container.h"
#include "supervise/supervisor.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <json-c/json.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>

#ifndef FIXTURE_TEARDOWN_PARENT
#define FIXTURE_TEARDOWN_PARENT FIXTURE_TEARDOWN
#endif

FIXTURE(rt)
{
	struct test_store t;
};

FIXTURE_SETUP(rt)
{
	ASSERT_EQ(0, test_store_make(&self->t));
}

FIXTURE_TEARDOWN_PARENT(rt)
{
	test_store_remove(&self->t);
}

/* rlxc VERB -n NAME ARGS...: only the exit status matters; output kept. */
#define OK(r, ...)                                                                                 \
	do {                                                                                       \
		RLXC(r, __VA_ARGS__);                                                              \
		ASSERT_EQ(0, (r)->status) TH_LOG("%s", (r)->err);                                  \
	} while (0)

static void create(struct __test_metadata *_metadata, const char *name)
{
	struct run r;

	OK(&r, "create", "-n", name);
	run_free(&r);
}

static void expect_state(struct __test_metadata *_metadata, const char *name, const char *state)
{
	struct run r;
	char want[32];

	snprintf(want, sizeof(want), "%s\n", state);
	OK(&r, "state", "-n", name);
	EXPECT_STREQ(want, r.out);
	run_free(&r);
}

static const char *cgroup_wanted;
static bool cgroup_found;

static int find_cgroup(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
	const char *base = path + ftw->base;

	(void)st;
	if (flag == FTW_D && strncmp(base, "rlxc.", 5) == 0 && strcmp(base + 5, cgroup_wanted) == 0)
		cgroup_found = true;
	return cgroup_found;
}

/* Is there a cgroup rlxc.NAME in any hierarchy? */
static bool cgroup_exists(const char *name)
{
	cgroup_wanted = name;
	cgroup_found = false;
	nftw("/sys/fs/cgroup", find_cgroup, 16, FTW_PHYS);
	return cgroup_found;
}

static int count_lines_with(const char *path, const char *what)
{
	char line[1024];
	int n = 0;
	FILE *f = fopen(path, "r");

	while (f && fgets(line, sizeof(line), f))
		n += strstr(line, what) != NULL;
	if (f)
		fclose(f);
	return n;
}

/* A monitor in the background, its output in a file. */
static pid_t start_monitor(const char *name, const char *out)
{
	pid_t pid = fork();

	if (pid == 0) {
		int fd = open(out, O_WRONLY | O_CREAT | O_TRUNC, 0644);

		dup2(fd, 1);
		execl(rlxc_bin(), "rlxc", "monitor", name, (char *)NULL);
		_exit(126);
	}
	return pid;
}

static int append_file(const char *path, const char *text)
{
	FILE *f = fopen(path, "a");
	int ok;

	if (!f)
		return -1;
	ok = fputs(text, f) >= 0;
	return fclose(f) == 0 && ok ? 0 : -1;
}

TEST_F(rt, bad_names_are_refused_by_name)
{
	static const char *const bad[] = { "../x", "", "-a", "a/b", "a b" };
	char longname[70];
	struct run r;

	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		RLXC(&r, "create", "-n", bad[i]);
		EXPECT_EQ(2, r.status) TH_LOG("'%s'", bad[i]);
		if (bad[i][0])
			EXPECT_TRUE(has(r.err, bad[i])) TH_LOG("%s", r.err);
		run_free(&r);
	}
	memset(longname, 'a', 65);
	longname[65] = '\0';
	RLXC(&r, "create", "-n", longname);
	EXPECT_EQ(2, r.status);
	EXPECT_TRUE(has(r.err, "65")) TH_LOG("%s", r.err);
	run_free(&r);
	RLXC(&r, "state");
	EXPECT_EQ(2, r.status);
	EXPECT_TRUE(has(r.err, "-n NAME"));
	run_free(&r);
}

TEST_F(rt, config_errors_name_file_line_and_key)
{
	char conf[128], dir[128];
	struct run r;

	snprintf(conf, sizeof(conf), "%s/bad.conf", self->t.run);
	ASSERT_EQ(0, put_file(conf, "lxc.uts.name = x\nlxc.bogus = 1\n"));
	RLXC(&r, "create", "-n", self->t.name, "-f", conf);
	EXPECT_EQ(1, r.status);
	EXPECT_TRUE(has(r.err, "bad.conf:2: lxc.bogus")) TH_LOG("%s", r.err);
	run_free(&r);
	ASSERT_EQ(0, put_file(conf, "lxc.net.0.type = veth\nlxc.net.0.mtu = big\n"));
	RLXC(&r, "create", "-n", self->t.name, "-f", conf);
	EXPECT_EQ(1, r.status);
	EXPECT_TRUE(has(r.err, "bad.conf:2: lxc.net.0.mtu")) TH_LOG("%s", r.err);
	run_free(&r);
	/* nothing half-made */
	snprintf(dir, sizeof(dir), "%s/%s", self->t.store, self->t.name);
	EXPECT_NE(0, access(dir, F_OK));
}

TEST_F(rt, create_twice_and_unknown_container)
{
	struct run r;

	REQUIRE_ROOT();
	create(_metadata, self->t.name);
	RLXC(&r, "create", "-n", self->t.name);
	EXPECT_EQ(1, r.status);
	EXPECT_TRUE(has(r.err, "already exists")) TH_LOG("%s", r.err);
	run_free(&r);
	RLXC(&r, "start", "-n", "nosuch");
	EXPECT_EQ(1, r.status);
	EXPECT_TRUE(has(r.err, "nosuch: no such container")) TH_LOG("%s", r.err);
	run_free(&r);
}

TEST_F(rt, execute_exits_with_the_command_status)
{
	struct run r;

	REQUIRE_ROOT();
	REQUIRE_PROBE("ns.pid");
	create(_metadata, self->t.name);
	RLXC(&r, "execute", "-n", self->t.name, "--", "/bin/sh", "-c", "exit 7");
	EXPECT_EQ(7, r.status) TH_LOG("%s", r.err);
	run_free(&r);
	expect_state(_metadata, self->t.name, "STOPPED");
}

TEST_F(rt, execute_is_isolated)
{
	struct run r;

	REQUIRE_ROOT();
	REQUIRE_PROBE("ns.pid");
	create(_metadata, self->t.name);
	OK(&r, "execute", "-n", self->t.name, "--", "/bin/sh", "-c",
	   "cat /proc/1/comm; hostname; ls /sys/class/net; echo procs=$(ls -d /proc/[0-9]* | wc -l)");
	/* pid 1 is rlxc's init; the container's hostname; only lo; and only
	 * the container's processes: init, sh, ls|wc */
	EXPECT_TRUE(has(r.out, "rlxc-init\n")) TH_LOG("%s", r.out);
	EXPECT_TRUE(has(r.out, self->t.name)) TH_LOG("%s", r.out);
	EXPECT_TRUE(has(r.out, "\nlo\n")) TH_LOG("%s", r.out);
	EXPECT_FALSE(has(r.out, "eth")) TH_LOG("%s", r.out);
	ASSERT_TRUE(has(r.out, "procs="));
	EXPECT_GE(5, atoi(strstr(r.out, "procs=") + 6)) TH_LOG("%s", r.out);
	run_free(&r);
}

TEST_F(rt, execute_needs_no_create)
{
	char conf[128], text[256], other[48];
	struct run r;

	REQUIRE_ROOT();
	create(_metadata, self->t.name); /* only for its rootfs */
	snprintf(conf, sizeof(conf), "%s/app.conf", self->t.run);
	snprintf(text, sizeof(text), "lxc.rootfs.path = %s/%s/rootfs\nlxc.uts.name = app\n",
		 self->t.store, self->t.name);
	ASSERT_EQ(0, put_file(conf, text));
	snprintf(other, sizeof(other), "%s-app", self->t.name);
	RLXC(&r, "execute", "-n", other, "-f", conf, "--", "/bin/sh", "-c", "hostname; exit 3");
	EXPECT_EQ(3, r.status) TH_LOG("%s", r.err);
	EXPECT_STREQ("app\n", r.out);
	run_free(&r);
	/* nothing was added to the store */
	snprintf(text, sizeof(text), "%s/%s", self->t.store, other);
	EXPECT_NE(0, access(text, F_OK));
}

TEST_F(rt, execute_missing_command_is_127)
{
	struct run r;

	REQUIRE_ROOT();
	create(_metadata, self->t.name);
	RLXC(&r, "execute", "-n", self->t.name, "--", "nosuchcmd");
	EXPECT_EQ(127, r.status);
	EXPECT_TRUE(has(r.err, "nosuchcmd: command not found")) TH_LOG("%s", r.err);
	run_free(&r);
	/* a path, as a shell says it */
	RLXC(&r, "execute", "-n", self->t.name, "--", "/no/such/cmd");
	EXPECT_EQ(127, r.status);
	EXPECT_TRUE(has(r.err, "/no/such/cmd: No such file or directory")) TH_LOG("%s", r.err);
	run_free(&r);
}

TEST_F(rt, missing_rootfs_is_refused)
{
	char conf[128];
	struct run r;

	REQUIRE_ROOT();
	snprintf(conf, sizeof(conf), "%s/c.conf", self->t.run);
	ASSERT_EQ(0, put_file(conf, "lxc.rootfs.path = /nonexistent/rlxc-rootfs\n"
				    "lxc.init.cmd = /sbin/init\n"));
	OK(&r, "create", "-n", self->t.name, "-t", "none", "-f", conf);
	run_free(&r);
	RLXC(&r, "start", "-n", self->t.name);
	EXPECT_EQ(1, r.status);
	EXPECT_TRUE(has(r.err, "/nonexistent/rlxc-rootfs")) TH_LOG("%s", r.err);
	run_free(&r);
	expect_state(_metadata, self->t.name, "STOPPED");
}

TEST_F(rt, a_failed_start_undoes_everything)
{
	char conf[128], log[128], text[2048];
	int mounts = count_lines_with("/proc/self/mountinfo", "rlxc");
	struct run r;

	REQUIRE_ROOT();
	create(_metadata, self->t.name);
	/* fails in the child, after the cgroup was made and init cloned */
	snprintf(conf, sizeof(conf), "%s/%s/config", self->t.store, self->t.name);
	ASSERT_EQ(0, append_file(conf, "lxc.mount.entry = /nonexistent/rlxc-src mnt none bind 0 0\n"));
	snprintf(log, sizeof(log), "%s/monitor.log", self->t.run);
	self->t.bg = start_monitor(self->t.name, log);
	usleep(200000);
	RLXC(&r, "start", "-n", self->t.name);
	EXPECT_EQ(1, r.status);
	EXPECT_TRUE(has(r.err, "/nonexistent/rlxc-src")) TH_LOG("%s", r.err);
	run_free(&r);
	expect_state(_metadata, self->t.name, "STOPPED");
	EXPECT_FALSE(cgroup_exists(self->t.name));
	EXPECT_EQ(mounts, count_lines_with("/proc/self/mountinfo", "rlxc"));
	usleep(100000);
	kill(self->t.bg, SIGINT);
	waitpid(self->t.bg, NULL, 0);
	self->t.bg = 0;
	ASSERT_EQ(0, get_file(log, text, sizeof(text)));
	EXPECT_TRUE(has(text, "STARTING") && has(text, "ABORTING") && has(text, "STOPPING") &&
		    has(text, "STOPPED"))
	TH_LOG("%s", text);
	EXPECT_FALSE(has(text, "RUNNING")) TH_LOG("%s", text);
}

TEST_F(rt, legacy_2008_config_loads_and_names_what_is_unsupported)
{
	char conf[256];
	struct run r;

	REQUIRE_ROOT();
	snprintf(conf, sizeof(conf), "%s", rlxc_fixture("config/lxc-2008-readme.conf"));
	RLXC(&r, "execute", "-n", self->t.name, "-f", conf, "--", "/bin/true");
	EXPECT_EQ(1, r.status);
	/* its network devices are never silently ignored */
	EXPECT_TRUE(has(r.err, "lxc.net.0.type")) TH_LOG("%s", r.err);
	EXPECT_TRUE(has(r.err, "not yet supported")) TH_LOG("%s", r.err);
	run_free(&r);
}

TEST_F_TIMEOUT(rt, life_cycle_with_monitor, 120)
{
	static const char *const want[] = { "STARTING", "RUNNING", "FROZEN",
					    "RUNNING",	"STOPPING", "STOPPED" };
	char log[128], text[4096], *line, *save = NULL;
	struct run r;
	size_t i = 0;
	pid_t mon;

	REQUIRE_ROOT();
	REQUIRE_PROBE("ns.pid");
	create(_metadata, self->t.name);
	snprintf(log, sizeof(log), "%s/monitor.log", self->t.run);
	self->t.bg = mon = start_monitor(self->t.name, log);
	usleep(200000); /* its socket is bound */
	OK(&r, "start", "-n", self->t.name);
	run_free(&r);
	expect_state(_metadata, self->t.name, "RUNNING");
	OK(&r, "freeze", "-n", self->t.name);
	run_free(&r);
	expect_state(_metadata, self->t.name, "FROZEN");
	OK(&r, "unfreeze", "-n", self->t.name);
	run_free(&r);
	expect_state(_metadata, self->t.name, "RUNNING");
	OK(&r, "stop", "-n", self->t.name, "-t", "10");
	run_free(&r);
	expect_state(_metadata, self->t.name, "STOPPED");
	usleep(100000);
	kill(mon, SIGINT);
	waitpid(mon, NULL, 0);
	self->t.bg = 0;
	ASSERT_EQ(0, get_file(log, text, sizeof(text)));
	for (line = strtok_r(text, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
		ASSERT_LT(i, 6) TH_LOG("extra line: %s", line);
		EXPECT_TRUE(has(line, self->t.name));
		EXPECT_TRUE(has(line, want[i])) TH_LOG("line %zu: %s", i, line);
		i++;
	}
	EXPECT_EQ(6, i);
}

TEST_F(rt, requests_to_a_stopped_container_are_refused)
{
	static const char *const verbs[] = { "stop", "kill", "freeze", "unfreeze" };
	char want[64];
	struct run r;

	REQUIRE_ROOT();
	create(_metadata, self->t.name);
	for (size_t i = 0; i < 4; i++) {
		RLXC(&r, verbs[i], "-n", self->t.name);
		EXPECT_EQ(1, r.status) TH_LOG("%s", verbs[i]);
		snprintf(want, sizeof(want), "it is STOPPED");
		EXPECT_TRUE(has(r.err, want)) TH_LOG("%s: %s", verbs[i], r.err);
		run_free(&r);
	}
}

/* The supervisor answers root and its own user only: nobody is refused,
 * and the container is still RUNNING. */
TEST_F_TIMEOUT(rt, requests_from_other_users_are_refused, 60)
{
	struct rlxc_container ct = { 0 };
	struct rlxc_error err = { 0 };
	struct run r;
	int p[2], ret = 0;
	pid_t pid;

	REQUIRE_ROOT();
	create(_metadata, self->t.name);
	RLXC(&r, "start", "-n", self->t.name);
	ASSERT_EQ(0, r.status) TH_LOG("%s", r.err);
	run_free(&r);
	ASSERT_EQ(0, rlxc_container_init(&ct, NULL, self->t.name, &err)) TH_LOG("%s", err.msg);
	ASSERT_EQ(0, pipe(p));
	pid = fork();
	ASSERT_LE(0, pid);
	if (pid == 0) {
		if (setresgid(65534, 65534, 65534) < 0 || setresuid(65534, 65534, 65534) < 0)
			_exit(1);
		ret = rlxc_control(&ct, RLXC_OP_FREEZE, 0, &err);
		if (write(p[1], &ret, sizeof(ret)) != sizeof(ret) ||
		    write(p[1], &err, sizeof(err)) != sizeof(err))
			_exit(1);
		_exit(0);
	}
	close(p[1]);
	ASSERT_EQ(sizeof(ret), read(p[0], &ret, sizeof(ret)));
	ASSERT_EQ(sizeof(err), read(p[0], &err, sizeof(err)));
	close(p[0]);
	waitpid(pid, NULL, 0);
	EXPECT_EQ(-EPERM, ret);
	EXPECT_STREQ("only root and the container's owner may ask", err.msg);
	expect_state(_metadata, self->t.name, "RUNNING");
	rlxc_container_close(&ct);
	RLXC(&r, "stop", "-t", "0", "-n", self->t.name);
	EXPECT_EQ(0, r.status) TH_LOG("%s", r.err);
	run_free(&r);
}

TEST_F_TIMEOUT(rt, double_start_and_destroy_while_running, 60)
{
	struct run r;

	REQUIRE_ROOT();
	create(_metadata, self->t.name);
	OK(&r, "start", "-n", self->t.name);
	run_free(&r);
	RLXC(&r, "start", "-n", self->t.name);
	EXPECT_EQ(1, r.status);
	EXPECT_TRUE(has(r.err, "already RUNNING")) TH_LOG("%s", r.err);
	run_free(&r);
	RLXC(&r, "destroy", "-n", self->t.name);
	EXPECT_EQ(1, r.status);
	EXPECT_TRUE(has(r.err, "is RUNNING")) TH_LOG("%s", r.err);
	run_free(&r);
	OK(&r, "destroy", "-f", "-n", self->t.name);
	run_free(&r);
	RLXC(&r, "state", "-n", self->t.name);
	EXPECT_EQ(1, r.status);
	run_free(&r);
}

TEST_F_TIMEOUT(rt, two_concurrent_starts_one_wins, 60)
{
	int wins = 0, status;
	pid_t pid[2];
	struct run r;

	REQUIRE_ROOT();
	create(_metadata, self->t.name);
	for (int i = 0; i < 2; i++) {
		pid[i] = fork();
		if (pid[i] == 0) {
			int null = open("/dev/null", O_WRONLY);

			dup2(null, 2);
			execl(rlxc_bin(), "rlxc", "start", "-n", self->t.name, (char *)NULL);
			_exit(126);
		}
	}
	for (int i = 0; i < 2; i++) {
		waitpid(pid[i], &status, 0);
		wins += WIFEXITED(status) && WEXITSTATUS(status) == 0;
	}
	EXPECT_EQ(1, wins);
	expect_state(_metadata, self->t.name, "RUNNING");
	OK(&r, "stop", "-n", self->t.name, "-t", "0");
	run_free(&r);
}

static int info_int(struct __test_metadata *_metadata, const char *name, const char *key)
{
	json_object *o, *v;
	struct run r;
	int n = -1;

	RLXC(&r, "info", "-n", name, "--json");
	EXPECT_EQ(0, r.status);
	o = json_tokener_parse(r.out);
	if (o && json_object_object_get_ex(o, key, &v))
		n = json_object_get_int(v);
	json_object_put(o);
	run_free(&r);
	return n;
}

TEST_F_TIMEOUT(rt, killed_supervisor_is_never_trusted, 60)
{
	struct run r;
	pid_t sup, init;

	REQUIRE_ROOT();
	create(_metadata, self->t.name);
	OK(&r, "start", "-n", self->t.name);
	run_free(&r);
	sup = info_int(_metadata, self->t.name, "supervisor");
	init = info_int(_metadata, self->t.name, "pid");
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
	EXPECT_FALSE(cgroup_exists(self->t.name)) TH_LOG("cgroup rlxc.%s left behind", self->t.name);
	OK(&r, "destroy", "-n", self->t.name);
	run_free(&r);
}

TEST_F_TIMEOUT(rt, limits_from_the_config_are_in_force, 60)
{
	char conf[128];
	struct run r;

	REQUIRE_ROOT();
	REQUIRE_PROBE("cgroup.v1.pids");
	REQUIRE_PROBE("cgroup.v1.memory");
	snprintf(conf, sizeof(conf), "%s/limits.conf", self->t.run);
	ASSERT_EQ(0, put_file(conf, "lxc.cgroup.pids.max = 6\n"
				    "lxc.cgroup.memory.limit_in_bytes = 16M\n"));
	create(_metadata, self->t.name);
	/* init, sh and 4 sleeps fit; the rest cannot fork */
	RLXC(&r, "execute", "-n", self->t.name, "-f", conf, "--", "/bin/sh", "-c",
	     "n=0; for i in 1 2 3 4 5 6 7 8; do sleep 5 & n=$((n+1)); done; kill $(jobs -p)");
	EXPECT_TRUE(has(r.err, "fork")) TH_LOG("status %d: %s", r.status, r.err);
	run_free(&r);
	/* 64 MiB in one buffer: the OOM killer ends it */
	RLXC(&r, "execute", "-n", self->t.name, "-f", conf, "--", "/bin/sh", "-c",
	     "dd if=/dev/zero of=/dev/null bs=64M count=1 2>/dev/null; echo status $?");
	EXPECT_TRUE(has(r.out, "status 137") || r.status == 137)
	TH_LOG("status %d: %s %s", r.status, r.out, r.err);
	run_free(&r);
}

TEST_F(rt, list_info_ps_wait)
{
	json_object *o;
	struct run r;

	REQUIRE_ROOT();
	create(_metadata, self->t.name);
	OK(&r, "list");
	EXPECT_TRUE(has(r.out, self->t.name) && has(r.out, "STOPPED")) TH_LOG("%s", r.out);
	run_free(&r);
	OK(&r, "start", "-n", self->t.name);
	run_free(&r);
	OK(&r, "wait", "-n", self->t.name, "-s", "RUNNING|FROZEN", "-t", "5");
	run_free(&r);
	RLXC(&r, "wait", "-n", self->t.name, "-s", "FROZEN", "-t", "1");
	EXPECT_EQ(1, r.status);
	EXPECT_TRUE(has(r.err, "RUNNING")) TH_LOG("%s", r.err);
	run_free(&r);
	OK(&r, "list", "--json");
	o = json_tokener_parse(r.out);
	EXPECT_NE(NULL, o) TH_LOG("%s", r.out);
	json_object_put(o);
	EXPECT_TRUE(has(r.out, "\"RUNNING\"")) TH_LOG("%s", r.out);
	run_free(&r);
	OK(&r, "ps", "-n", self->t.name);
	EXPECT_TRUE(has(r.out, "init")) TH_LOG("%s", r.out);
	run_free(&r);
	EXPECT_TRUE(cgroup_exists(self->t.name)); /* what the teardown checks must see */
	RLXC(&r, "wait", "-n", self->t.name, "-s", "BOGUS");
	EXPECT_EQ(2, r.status);
	EXPECT_TRUE(has(r.err, "BOGUS"));
	run_free(&r);
	OK(&r, "stop", "-n", self->t.name, "-t", "5");
	run_free(&r);
}

/* The busy shell of an execute running in the background: the newest pid
 * `rlxc ps` lists. */
static pid_t busy_pid(struct __test_metadata *_metadata, const char *name)
{
	struct run r;
	pid_t last = -1;
	char *line, *save = NULL;

	RLXC(&r, "ps", "-n", name);
	EXPECT_EQ(0, r.status) TH_LOG("%s", r.err);
	for (line = strtok_r(r.out, "\n", &save); line; line = strtok_r(NULL, "\n", &save))
		if (atoi(line) > 0)
			last = atoi(line);
	run_free(&r);
	return last;
}

TEST_F_TIMEOUT(rt, freeze_stops_cpu_time, 60)
{
	long a, b, c, d;
	struct run r;
	pid_t exec, busy;

	REQUIRE_ROOT();
	create(_metadata, self->t.name);
	exec = fork();
	if (exec == 0) {
		execl(rlxc_bin(), "rlxc", "execute", "-n", self->t.name, "--", "/bin/sh", "-c",
		      "while :; do :; done", (char *)NULL);
		_exit(126);
	}
	self->t.bg = exec;
	OK(&r, "wait", "-n", self->t.name, "-s", "RUNNING", "-t", "10");
	run_free(&r);
	usleep(100000);
	busy = busy_pid(_metadata, self->t.name);
	ASSERT_LT(0, busy);
	OK(&r, "freeze", "-n", self->t.name);
	run_free(&r);
	a = proc_cpu_ticks(busy);
	usleep(300000);
	b = proc_cpu_ticks(busy);
	EXPECT_EQ(a, b) TH_LOG("frozen, yet %ld ticks went by", b - a);
	OK(&r, "unfreeze", "-n", self->t.name);
	run_free(&r);
	c = proc_cpu_ticks(busy);
	usleep(300000);
	d = proc_cpu_ticks(busy);
	EXPECT_LT(c, d) TH_LOG("thawed, yet no CPU time: %ld %ld", c, d);
	OK(&r, "stop", "-n", self->t.name, "-t", "0");
	run_free(&r);
	waitpid(exec, NULL, 0);
	self->t.bg = 0;
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
	 * its socket and its signalfd: nothing of the caller's */
	snprintf(link, sizeof(link), "/proc/%d/exe", (int)sup);
	n = readlink(link, exe, sizeof(exe) - 1);
	ASSERT_LT(0, n);
	exe[n] = '\0';
	EXPECT_STREQ("rlxc-supervisor", strrchr(exe, '/') + 1);
	before = count_fds(sup);
	EXPECT_EQ(6, before);
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
	RLXC(&r, self->t.name, run_dir, self->t.run, "10", "3", "4", "fd");
	EXPECT_EQ(2, r.status);
	EXPECT_TRUE(has(r.err, "not by hand")) TH_LOG("%s", r.err);
	run_free(&r);
	RLXC(&r, self->t.name, run_dir, self->t.run, "10", "3", "4", "5");
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

TEST_F_TIMEOUT(rt, start_stop_cycles_leave_nothing, 600)
{
	int cycles = run_under_valgrind() ? 3 : 100;
	int mounts = count_lines_with("/proc/self/mountinfo", "rlxc");
	struct run r;

	REQUIRE_ROOT();
	create(_metadata, self->t.name);
	for (int i = 0; i < cycles; i++) {
		OK(&r, "start", "-n", self->t.name);
		run_free(&r);
		/* -t 0: busybox init's own halt sleeps 2 s; the graceful stop
		 * is the life cycle test's */
		OK(&r, "stop", "-n", self->t.name, "-t", "0");
		run_free(&r);
	}
	EXPECT_EQ(mounts, count_lines_with("/proc/self/mountinfo", "rlxc"));
	EXPECT_FALSE(cgroup_exists(self->t.name));
	expect_state(_metadata, self->t.name, "STOPPED");
}

TEST_HARNESS_MAIN
