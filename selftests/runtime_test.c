// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * The rlxc binary end to end, as a user runs it: the bad names, config
 * errors and unknown containers the verbs refuse, create, and execute (its
 * exit status, its isolation, without create, a missing command, a legacy
 * config, the config's limits in force), on a busybox container in a
 * temporary store and runtime directory. Each test's container has a name
 * of its own; the teardown destroys whatever is left, even after a failure
 * (the rt fixture, runtime_fixture.h). A started container's life cycle is
 * runtime_life_test.c's, its supervisor runtime_supervisor_test.c's.
 */
#include "kselftest_harness.h"
#include "probe_skip.h"
#include "rlxc_run.h"
#include "rlxc_store.h"
#include "runtime_fixture.h"
#include "test_util.h"

#include <stdlib.h>
#include <string.h>
#include <unistd.h>

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

/* The devices cgroup lets a container open /dev/null and its like, not
 * the host's kernel log: before, mknod c 1 11 and a read of it showed the
 * host's messages. A config's lxc.cgroup.devices.allow adds to the list. */
TEST_F_TIMEOUT(rt, only_the_default_devices_open, 60)
{
	static const char *const script =
		"rm -f /tmp/kmsg; mknod /tmp/kmsg c 1 11 || exit 3; head -c 1 /tmp/kmsg >/dev/null 2>&1; "
		"echo kmsg $?; echo x >/dev/null && echo null ok";
	char conf[128];
	struct run r;

	REQUIRE_ROOT();
	REQUIRE_PROBE("cgroup.v1.devices");
	/* privileged: an unprivileged container's root may make no node at all */
	OK(&r, "create", "-n", self->t.name, "--privileged");
	run_free(&r);
	RLXC(&r, "execute", "-n", self->t.name, "--", "/bin/sh", "-c", script);
	EXPECT_TRUE(has(r.out, "kmsg 1") && has(r.out, "null ok"))
	TH_LOG("status %d: %s %s", r.status, r.out, r.err);
	run_free(&r);
	snprintf(conf, sizeof(conf), "%s/kmsg.conf", self->t.run);
	/* reading the kernel log also takes CAP_SYSLOG, which the default set lacks */
	ASSERT_EQ(0, put_file(conf, "lxc.cgroup.devices.allow = c 1:11 r\n"
				    "lxc.cap.keep = mknod syslog\n"));
	RLXC(&r, "execute", "-n", self->t.name, "-f", conf, "--", "/bin/sh", "-c", script);
	EXPECT_TRUE(has(r.out, "kmsg 0") && has(r.out, "null ok"))
	TH_LOG("status %d: %s %s", r.status, r.out, r.err);
	run_free(&r);
}

TEST_HARNESS_MAIN
