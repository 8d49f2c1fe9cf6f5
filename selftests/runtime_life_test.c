// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * A container's life cycle through the rlxc binary: start, freeze,
 * unfreeze and stop as rlxc monitor reports them, a start that fails
 * (undoing everything it did) or is refused (no rootfs, already RUNNING,
 * two at once), requests to a STOPPED container, list, info, ps and wait,
 * a frozen container using no CPU time, and a hundred start/stop cycles
 * leaving no mount or cgroup behind. On a busybox container in a temporary
 * store and runtime directory (the rt fixture, runtime_fixture.h).
 */
#include "kselftest_harness.h"
#include "probe_skip.h"
#include "rlxc_run.h"
#include "rlxc_store.h"
#include "runtime_fixture.h"
#include "test_util.h"

#include <fcntl.h>
#include <json-c/json.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

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
	ASSERT_EQ(0,
		  append_file(conf, "lxc.mount.entry = /nonexistent/rlxc-src mnt none bind 0 0\n"));
	snprintf(log, sizeof(log), "%s/monitor.log", self->t.run);
	self->t.bg = start_monitor(self->t.name, log);
	usleep(200000);
	RLXC(&r, "start", "-n", self->t.name);
	EXPECT_EQ(1, r.status);
	EXPECT_TRUE(has(r.err, "/nonexistent/rlxc-src")) TH_LOG("%s", r.err);
	run_free(&r);
	/* the supervisor wrote it so before it answered (not only: it is gone) */
	snprintf(conf, sizeof(conf), "%s/%s/state", self->t.run, self->t.name);
	ASSERT_EQ(0, get_file(conf, text, sizeof(text)));
	EXPECT_EQ(0, strncmp(text, "state STOPPED\n", 14)) TH_LOG("%s", text);
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

TEST_F_TIMEOUT(rt, life_cycle_with_monitor, 120)
{
	static const char *const want[] = { "STARTING", "RUNNING",  "FROZEN",
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

/* destroy holds the lock until the entry is gone: a start racing it runs
 * from a whole entry (and destroy is refused), or it fails and the entry
 * and its run directory are gone; never a start from half an entry. */
TEST_F_TIMEOUT(rt, destroy_racing_start_leaves_no_half_container, 300)
{
	char out[128], dir[128], text[2048];
	int status;
	struct run r;

	REQUIRE_ROOT();
	snprintf(out, sizeof(out), "%s/start.err", self->t.run);
	snprintf(dir, sizeof(dir), "%s/%s", self->t.store, self->t.name);
	for (int i = 0; i < 20; i++) {
		pid_t pid;

		create(_metadata, self->t.name);
		pid = fork();
		ASSERT_LE(0, pid);
		if (pid == 0) {
			int fd = open(out, O_WRONLY | O_CREAT | O_TRUNC, 0644);

			dup2(fd, 2);
			execl(rlxc_bin(), "rlxc", "start", "-n", self->t.name, (char *)NULL);
			_exit(126);
		}
		usleep(1000 * (i % 5)); /* the destroy lands at different moments */
		RLXC(&r, "destroy", "-n", self->t.name);
		ASSERT_EQ(pid, waitpid(pid, &status, 0));
		ASSERT_EQ(0, get_file(out, text, sizeof(text)));
		if (r.status == 0) { /* destroyed: the start failed, and said why */
			EXPECT_NE(0, WEXITSTATUS(status)) TH_LOG("round %d", i);
			EXPECT_TRUE(has(text, "no such container") || has(text, "already being"))
			TH_LOG("round %d: %s", i, text);
			EXPECT_NE(0, access(dir, F_OK));
			snprintf(dir, sizeof(dir), "%s/%s", self->t.run, self->t.name);
			EXPECT_NE(0, access(dir, F_OK)); /* its run directory too */
			snprintf(dir, sizeof(dir), "%s/%s", self->t.store, self->t.name);
			EXPECT_FALSE(cgroup_exists(self->t.name));
		} else { /* the start won: it runs, whole */
			EXPECT_EQ(0, WEXITSTATUS(status)) TH_LOG("round %d: %s", i, text);
			expect_state(_metadata, self->t.name, "RUNNING");
			run_free(&r);
			OK(&r, "destroy", "-f", "-n", self->t.name);
		}
		run_free(&r);
	}
}

/* Containers of one name in two stores run at once: their cgroups are
 * rlxc.NAME@HASH, one per store (both were rlxc.NAME: "cgroup rlxc.NAME
 * exists ... another container named NAME is running"). */
TEST_F_TIMEOUT(rt, two_stores_run_containers_of_one_name, 60)
{
	char other[64] = "/tmp/rlxc-t-store2-XXXXXX";
	struct run r;

	REQUIRE_ROOT();
	ASSERT_NE(NULL, mkdtemp(other));
	ASSERT_EQ(0, chmod(other, 0711)); /* its containers' roots pass through */
	create(_metadata, self->t.name);
	OK(&r, "start", "-n", self->t.name);
	run_free(&r);
	RLXC(&r, "create", "-P", other, "-n", self->t.name);
	EXPECT_EQ(0, r.status) TH_LOG("%s", r.err);
	run_free(&r);
	RLXC(&r, "start", "-P", other, "-n", self->t.name);
	EXPECT_EQ(0, r.status) TH_LOG("%s", r.err);
	run_free(&r);
	RLXC(&r, "state", "-P", other, "-n", self->t.name);
	EXPECT_STREQ("RUNNING\n", r.out);
	run_free(&r);
	expect_state(_metadata, self->t.name, "RUNNING");
	RLXC(&r, "destroy", "-f", "-P", other, "-n", self->t.name);
	EXPECT_EQ(0, r.status) TH_LOG("%s", r.err);
	run_free(&r);
	rm_tree(other);
	expect_state(_metadata, self->t.name, "RUNNING"); /* the other's stop was its own */
	OK(&r, "stop", "-n", self->t.name, "-t", "0");
	run_free(&r);
	EXPECT_FALSE(cgroup_exists(self->t.name));
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
