// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * rlxc attach end to end: a command run inside a running busybox container
 * sees the container (hostname, pid 1, network, processes, cgroups), has
 * the running init's capabilities (not the config's, which may have
 * changed since), the container's seccomp filter and no_new_privs, init's
 * ids, environment and working directory, and rlxc
 * exits with its status; containers that are not RUNNING and bad command
 * lines are refused by name. Each test's container lives in a temporary
 * store and runtime directory; the teardown destroys whatever is left.
 */
#include "kselftest_harness.h"
#include "probe_skip.h"
#include "rlxc_info.h"
#include "rlxc_run.h"
#include "rlxc_store.h"
#include "test_util.h"

#include <dirent.h>
#include <limits.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#ifndef FIXTURE_TEARDOWN_PARENT
#define FIXTURE_TEARDOWN_PARENT FIXTURE_TEARDOWN
#endif

FIXTURE(at)
{
	struct test_store t;
};

FIXTURE_SETUP(at)
{
	ASSERT_EQ(0, test_store_make(&self->t));
}

FIXTURE_TEARDOWN_PARENT(at)
{
	test_store_remove(&self->t);
}

static bool ends_with(const char *text, const char *end)
{
	size_t n = text ? strlen(text) : 0, m = strlen(end);

	return n >= m && strcmp(text + n - m, end) == 0;
}

#define OK(r, ...)                                                                                 \
	do {                                                                                       \
		RLXC(r, __VA_ARGS__);                                                              \
		ASSERT_EQ(0, (r)->status) TH_LOG("%s", (r)->err);                                  \
	} while (0)

/* Create NAME from the busybox template, with CONF (may be NULL) as its
 * config and EXTRA (may be NULL) appended to the config it got; start it. */
static void up(struct __test_metadata *_metadata, const char *dir, const char *name,
	       const char *conf, const char *extra)
{
	char path[PATH_MAX], text[8192];
	struct run r;

	if (conf) {
		snprintf(path, sizeof(path), "%s/%s.conf", dir, name);
		ASSERT_EQ(0, put_file(path, conf));
		OK(&r, "create", "-n", name, "-t", "busybox", "-f", path);
	} else {
		OK(&r, "create", "-n", name);
	}
	run_free(&r);
	if (extra) {
		snprintf(path, sizeof(path), "%s/%s/config", getenv("RLXC_PATH"), name);
		ASSERT_EQ(0, get_file(path, text, sizeof(text) - strlen(extra)));
		strcat(text, extra);
		ASSERT_EQ(0, put_file(path, text));
	}
	OK(&r, "start", "-n", name);
	run_free(&r);
}

/* "net:[4026531833]" for /proc/PID/ns/NS (pid 0: self). */
static void ns_of(pid_t pid, const char *ns, char *buf, size_t len)
{
	char path[64];
	ssize_t n;

	if (pid)
		snprintf(path, sizeof(path), "/proc/%d/ns/%s", (int)pid, ns);
	else
		snprintf(path, sizeof(path), "/proc/self/ns/%s", ns);
	n = readlink(path, buf, len - 1);
	buf[n > 0 ? n : 0] = '\0';
}

/* CapBnd of the attached shell, from its /proc/self/status. */
static unsigned long long cap_bnd(const char *out)
{
	const char *p = strstr(out ? out : "", "CapBnd:");

	return p ? strtoull(p + 7, NULL, 16) : 0;
}

TEST_F(at, exit_status_is_the_commands)
{
	struct run r;

	REQUIRE_ROOT();
	up(_metadata, self->t.run, self->t.name, NULL, NULL);
	RLXC(&r, "attach", "-n", self->t.name, "--", "/bin/sh", "-c", "exit 5");
	EXPECT_EQ(5, r.status) TH_LOG("%s", r.err);
	run_free(&r);
	RLXC(&r, "attach", "-n", self->t.name, "--", "/bin/sh", "-c", "echo out; kill -TERM $$");
	EXPECT_EQ(128 + SIGTERM, r.status) TH_LOG("%s", r.err);
	EXPECT_STREQ("out\n", r.out);
	run_free(&r);
}

TEST_F(at, sees_the_container_from_inside)
{
	char want[64];
	struct run r;

	REQUIRE_ROOT();
	up(_metadata, self->t.run, self->t.name, NULL, NULL);
	OK(&r, "attach", "-n", self->t.name, "--", "/bin/sh", "-c",
	   "hostname; cat /proc/1/comm; echo net=$(ls /sys/class/net);"
	   "echo procs=$(ls -d /proc/[0-9]* | wc -l);"
	   "[ \"$(cat /proc/1/cgroup)\" = \"$(cat /proc/self/cgroup)\" ] && echo same-cgroup;"
	   "grep -v ':/$' /proc/self/cgroup; exit 0");
	/* the container's hostname, busybox init as pid 1, only lo, only the
	 * container's processes (init, sh, ls, wc), init's cgroups: the root
	 * of its cgroup namespaces (a line not ending in ":/" is printed) */
	snprintf(want, sizeof(want), "%s\ninit\nnet=lo\nprocs=", self->t.name);
	EXPECT_TRUE(has(r.out, want)) TH_LOG("%s", r.out);
	ASSERT_TRUE(has(r.out, "procs="));
	EXPECT_GE(5, atoi(strstr(r.out, "procs=") + 6)) TH_LOG("%s", r.out);
	EXPECT_TRUE(ends_with(r.out, "\nsame-cgroup\n")) TH_LOG("%s", r.out);
	run_free(&r);
}

/* Run `rlxc attach -n NAME -- sleep 30` in the background. */
static pid_t attach_sleep(const char *name)
{
	const char *argv[48];
	pid_t pid;

	run_argv(argv, (const char *const[]){ "attach", "-n", name, "--", "sleep", "30", NULL });
	fflush(NULL);
	pid = fork();
	if (pid == 0) {
		int null = open("/dev/null", O_RDWR);

		dup2(null, 0);
		dup2(null, 1);
		dup2(null, 2);
		execvp(argv[0], (char **)argv);
		_exit(126);
	}
	return pid;
}

/* The pid `rlxc ps` lists with command CMD; 0 when none. All of its
 * output in OUT. */
static pid_t ps_find(const char *name, const char *cmd, char *out, size_t len)
{
	char *line, *save = NULL, *rest;
	pid_t found = 0;
	struct run r;
	long pid;

	RLXC(&r, "ps", "-n", name);
	snprintf(out, len, "%s", r.out ? r.out : "");
	for (line = strtok_r(r.out, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
		pid = strtol(line, &rest, 10);
		while (*rest == ' ')
			rest++;
		if (pid > 0 && strcmp(rest, cmd) == 0)
			found = (pid_t)pid;
	}
	run_free(&r);
	return found;
}

TEST_F_TIMEOUT(at, runs_in_the_container_cgroup_and_namespaces, 90)
{
	static const char *const nss[] = { "mnt", "pid", "uts", "ipc", "net", "cgroup" };
	char out[4096], mine[64], theirs[64], init_ns[64];
	pid_t init, sleep_pid = 0;
	int status;

	REQUIRE_ROOT();
	up(_metadata, self->t.run, self->t.name, NULL, NULL);
	init = info_int(_metadata, self->t.name, "pid");
	ASSERT_LT(0, init);
	self->t.bg = attach_sleep(self->t.name);
	ASSERT_LT(0, self->t.bg);
	/* rlxc ps: the container's cgroup, seen from the host */
	for (int i = 0; i < 400 && !sleep_pid; i++) {
		sleep_pid = ps_find(self->t.name, "sleep 30", out, sizeof(out));
		if (!sleep_pid)
			usleep(50000);
	}
	ASSERT_LT(0, sleep_pid) TH_LOG("not in rlxc ps: %s", out);
	/* only the command: rlxc's own processes stay out of the container */
	EXPECT_FALSE(has(out, "attach")) TH_LOG("%s", out);
	for (size_t i = 0; i < sizeof(nss) / sizeof(nss[0]); i++) {
		ns_of(sleep_pid, nss[i], theirs, sizeof(theirs));
		ns_of(init, nss[i], init_ns, sizeof(init_ns));
		ns_of(0, nss[i], mine, sizeof(mine));
		EXPECT_STREQ(init_ns, theirs) TH_LOG("%s", nss[i]);
		EXPECT_STRNE(mine, theirs) TH_LOG("%s", nss[i]);
	}
	ASSERT_EQ(0, kill(sleep_pid, SIGTERM));
	ASSERT_EQ(self->t.bg, waitpid(self->t.bg, &status, 0));
	self->t.bg = 0;
	ASSERT_TRUE(WIFEXITED(status));
	EXPECT_EQ(128 + SIGTERM, WEXITSTATUS(status));
}

TEST_F(at, environment_and_working_directory)
{
	struct run r;

	REQUIRE_ROOT();
	up(_metadata, self->t.run, self->t.name,
	   "lxc.environment = FROM_CONF=1\nlxc.environment = HOME=/root\nlxc.init.cwd = /etc\n",
	   NULL);
	ASSERT_EQ(0, setenv("RLXC_T_LEAK", "1", 1));
	/* --env over lxc.environment over the defaults; the caller's own
	 * environment stays outside */
	OK(&r, "attach", "-n", self->t.name, "--env", "FOO=bar", "--env", "FROM_CONF=2", "--",
	   "/bin/sh", "-c", "echo \"$FOO $FROM_CONF $HOME $container $PATH [$RLXC_T_LEAK]\"; pwd");
	EXPECT_STREQ("bar 2 /root lxc /usr/sbin:/usr/bin:/sbin:/bin []\n/etc\n", r.out)
	TH_LOG("%s", r.err);
	run_free(&r);
	OK(&r, "attach", "-n", self->t.name, "--cwd", "/tmp", "--", "/bin/sh", "-c", "pwd");
	EXPECT_STREQ("/tmp\n", r.out);
	run_free(&r);
	RLXC(&r, "attach", "-n", self->t.name, "--cwd", "/nonexistent", "--", "true");
	EXPECT_EQ(1, r.status);
	EXPECT_TRUE(has(r.err, "chdir /nonexistent")) TH_LOG("%s", r.err);
	run_free(&r);
	unsetenv("RLXC_T_LEAK");
}

TEST_F_TIMEOUT(at, dropped_capability_stays_dropped, 60)
{
	static const char cmd[] = "grep CapBnd /proc/self/status; mount -t tmpfs none /mnt "
				  "&& echo mounted";
	char other[40];
	struct run r;

	REQUIRE_ROOT();
	/* with sys_admin kept (the default set lacks it) the same command mounts */
	snprintf(other, sizeof(other), "%s-all", self->t.name);
	up(_metadata, self->t.run, other, "lxc.cap.keep = sys_admin\n", NULL);
	OK(&r, "attach", "-n", other, "--", "/bin/sh", "-c", cmd);
	EXPECT_TRUE(has(r.out, "\nmounted\n")) TH_LOG("%s %s", r.out, r.err);
	EXPECT_TRUE(cap_bnd(r.out) & (1ULL << 21)) TH_LOG("%s", r.out);
	run_free(&r);
	up(_metadata, self->t.run, self->t.name, "lxc.cap.drop = sys_admin\n", NULL);
	RLXC(&r, "attach", "-n", self->t.name, "--", "/bin/sh", "-c", cmd);
	EXPECT_NE(0, r.status);
	EXPECT_FALSE(has(r.out, "mounted")) TH_LOG("%s", r.out);
	EXPECT_TRUE(has(r.err, "mount")) TH_LOG("%s", r.err);
	EXPECT_TRUE(has(r.out, "CapBnd:")) TH_LOG("%s", r.out);
	EXPECT_FALSE(cap_bnd(r.out) & (1ULL << 21)) TH_LOG("%s", r.out);
	run_free(&r);
}

/* CapBnd and the effective set of the attached shell, "BND EFF" bits. */
static bool has_cap(const char *out, const char *set, int cap)
{
	const char *p = strstr(out ? out : "", set);

	return p && (strtoull(p + strlen(set), NULL, 16) & (1ULL << cap));
}

TEST_F_TIMEOUT(at, capabilities_are_the_running_inits, 60)
{
	static const char cmd[] = "grep -E '^Cap(Bnd|Eff):' /proc/self/status";
	char path[PATH_MAX], text[8192], *p;
	struct run r;

	REQUIRE_ROOT();
	/* started without sys_admin and with mknod (bits 21 and 27) */
	up(_metadata, self->t.run, self->t.name, "lxc.cap.drop = sys_admin\n", NULL);
	/* then the config says otherwise: the running container does not change */
	snprintf(path, sizeof(path), "%s/%s/config", getenv("RLXC_PATH"), self->t.name);
	ASSERT_EQ(0, get_file(path, text, sizeof(text)));
	ASSERT_NE(NULL, p = strstr(text, "lxc.cap.drop = sys_admin")) TH_LOG("%s", text);
	memcpy(p + strlen("lxc.cap.drop = "), "mknod    ", strlen("sys_admin"));
	ASSERT_EQ(0, put_file(path, text));
	OK(&r, "attach", "-n", self->t.name, "--", "/bin/sh", "-c", cmd);
	EXPECT_FALSE(has_cap(r.out, "CapBnd:", 21)) TH_LOG("%s", r.out);
	EXPECT_FALSE(has_cap(r.out, "CapEff:", 21)) TH_LOG("%s", r.out);
	EXPECT_TRUE(has_cap(r.out, "CapBnd:", 27)) TH_LOG("%s", r.out);
	EXPECT_TRUE(has_cap(r.out, "CapEff:", 27)) TH_LOG("%s", r.out);
	run_free(&r);
}

TEST_F_TIMEOUT(at, seccomp_filter_and_no_new_privs_are_the_containers, 60)
{
	static const char cmd[] = "grep -E '^(NoNewPrivs|Seccomp):' /proc/self/status";
	char other[40];
	struct run r;

	REQUIRE_ROOT();
	up(_metadata, self->t.run, self->t.name, "lxc.no_new_privs = 1\n", NULL);
	OK(&r, "attach", "-n", self->t.name, "--", "/bin/sh", "-c", cmd);
	EXPECT_STREQ("NoNewPrivs:\t1\nSeccomp:\t2\n", r.out) TH_LOG("%s", r.err);
	run_free(&r);
	/* without no_new_privs the filter is there all the same (installed
	 * while the attaching process still has CAP_SYS_ADMIN) */
	snprintf(other, sizeof(other), "%s-nnp0", self->t.name);
	up(_metadata, self->t.run, other, NULL, NULL);
	OK(&r, "attach", "-n", other, "--", "/bin/sh", "-c", cmd);
	EXPECT_STREQ("NoNewPrivs:\t0\nSeccomp:\t2\n", r.out) TH_LOG("%s", r.err);
	run_free(&r);
}

TEST_F_TIMEOUT(at, seccomp_profile_is_the_containers, 60)
{
	char path[PATH_MAX], conf[PATH_MAX + 64];
	struct run r;

	REQUIRE_ROOT();
	snprintf(path, sizeof(path), "%s/deny-mkdir", self->t.run);
	ASSERT_EQ(0, put_file(path, "2\ndenylist\nmkdir errno 38\nmkdirat errno 38\n"));
	snprintf(conf, sizeof(conf), "lxc.seccomp.profile = %s\n", path);
	up(_metadata, self->t.run, self->t.name, conf, NULL);
	RLXC(&r, "attach", "-n", self->t.name, "--", "/bin/mkdir", "/tmp/denied");
	EXPECT_EQ(1, r.status);
	EXPECT_TRUE(has(r.err, "Function not implemented")) TH_LOG("%s", r.err);
	run_free(&r);
}

TEST_F(at, init_uid_and_gid)
{
	struct run r;

	REQUIRE_ROOT();
	up(_metadata, self->t.run, self->t.name, "lxc.init.uid = 1000\nlxc.init.gid = 1001\n",
	   NULL);
	OK(&r, "attach", "-n", self->t.name, "--", "/bin/sh", "-c", "id -u; id -g; id -G");
	EXPECT_STREQ("1000\n1001\n1001\n", r.out) TH_LOG("%s", r.err);
	run_free(&r);
}

TEST_F(at, net_none_keeps_the_host_network)
{
	char host_net[64], want[96];
	struct run r;

	REQUIRE_ROOT();
	up(_metadata, self->t.run, self->t.name, NULL, "lxc.net.0.type = none\n");
	ns_of(0, "net", host_net, sizeof(host_net));
	OK(&r, "attach", "-n", self->t.name, "--", "/bin/sh", "-c",
	   "ls -l /proc/self/ns/net /proc/self/ns/uts");
	snprintf(want, sizeof(want), "-> %s\n", host_net);
	EXPECT_TRUE(has(r.out, want)) TH_LOG("host %s: %s", host_net, r.out);
	/* the others are still the container's */
	ns_of(0, "uts", host_net, sizeof(host_net));
	snprintf(want, sizeof(want), "-> %s\n", host_net);
	EXPECT_FALSE(has(r.out, want)) TH_LOG("host %s: %s", host_net, r.out);
	run_free(&r);
}

TEST_F(at, missing_command_is_127)
{
	struct run r;

	REQUIRE_ROOT();
	up(_metadata, self->t.run, self->t.name, NULL, NULL);
	RLXC(&r, "attach", "-n", self->t.name, "--", "nosuchcmd");
	EXPECT_EQ(127, r.status);
	EXPECT_TRUE(has(r.err, "rlxc: nosuchcmd: command not found")) TH_LOG("%s", r.err);
	run_free(&r);
}

TEST_F(at, stopped_container_is_refused)
{
	char want[64];
	struct run r;

	REQUIRE_ROOT();
	OK(&r, "create", "-n", self->t.name);
	run_free(&r);
	RLXC(&r, "attach", "-n", self->t.name, "--", "true");
	EXPECT_EQ(1, r.status);
	snprintf(want, sizeof(want), "attach %s: it is STOPPED", self->t.name);
	EXPECT_TRUE(has(r.err, want)) TH_LOG("%s", r.err);
	run_free(&r);
	RLXC(&r, "attach", "-n", "nosuch", "--", "true");
	EXPECT_EQ(1, r.status);
	EXPECT_TRUE(has(r.err, "nosuch: no such container")) TH_LOG("%s", r.err);
	run_free(&r);
}

static bool probe_yes(const char *id)
{
	const struct probe_result *p = probe_get(id);

	return p && p->verdict == PROBE_YES;
}

TEST_F(at, frozen_container_is_refused)
{
	char want[64];
	struct run r;

	REQUIRE_ROOT();
	if (!probe_yes("cgroup.v1.freezer") && !probe_yes("cgroup.v2.freezer"))
		SKIP(return, "no freezer: cgroup.v1.freezer and cgroup.v2.freezer are not yes");
	up(_metadata, self->t.run, self->t.name, NULL, NULL);
	OK(&r, "freeze", "-n", self->t.name);
	run_free(&r);
	RLXC(&r, "attach", "-n", self->t.name, "--", "true");
	EXPECT_EQ(1, r.status);
	snprintf(want, sizeof(want), "cannot attach to %s: it is FROZEN", self->t.name);
	EXPECT_TRUE(has(r.err, want)) TH_LOG("%s", r.err);
	run_free(&r);
	OK(&r, "unfreeze", "-n", self->t.name);
	run_free(&r);
	OK(&r, "attach", "-n", self->t.name, "--", "true");
	run_free(&r);
}

TEST_F(at, bad_env_is_a_usage_error)
{
	static const char *const bad[] = { "FOO", "=bar" };
	char want[64];
	struct run r;

	for (size_t i = 0; i < 2; i++) {
		RLXC(&r, "attach", "-n", self->t.name, "--env", bad[i], "--", "true");
		EXPECT_EQ(2, r.status);
		snprintf(want, sizeof(want), "--env '%s': not K=V", bad[i]);
		EXPECT_TRUE(has(r.err, want)) TH_LOG("%s", r.err);
		run_free(&r);
	}
}

TEST_F(at, missing_command_line_is_a_usage_error)
{
	struct run r;

	RLXC(&r, "attach", "-n", self->t.name);
	EXPECT_EQ(2, r.status);
	EXPECT_TRUE(has(r.err, "what to run? (-- CMD...)")) TH_LOG("%s", r.err);
	run_free(&r);
	RLXC(&r, "attach", "-n", self->t.name, "--");
	EXPECT_EQ(2, r.status);
	EXPECT_TRUE(has(r.err, "what to run?")) TH_LOG("%s", r.err);
	run_free(&r);
	RLXC(&r, "attach", "--", "true");
	EXPECT_EQ(2, r.status);
	EXPECT_TRUE(has(r.err, "-n NAME")) TH_LOG("%s", r.err);
	run_free(&r);
}

TEST_HARNESS_MAIN
