// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * rlxc_spawn for real, the running container: what an application
 * container sees (rlxc's init as pid 1, its own /proc, hostname, loopback
 * only or the host's network, read-only /proc/sys and /sys, a minimal
 * /dev, its console, capabilities, ids, environment, a user namespace's
 * root) and how it ends (the command's exit status, 127, signals passed on
 * or fatal, orphans reaped); a system container's command exec'd as pid 1.
 * Each container runs with its stdout and stderr in a file; the effects
 * are asserted from that output and from the host (exit status, mounts).
 * The rootfs, the fixture and its cleanup are spawn_fixture.h's.
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
#include <sys/stat.h>
#include <unistd.h>

#include "kselftest_harness.h"
#include "kernel/clock.h"
#include "probe_skip.h"
#include "spawn/spawn.h"
#include "spawn_fixture.h"
#include "test_util.h"

/* Wait (at most 10 s) for ROOT/REL to exist: the container is ready. */
static bool wait_file(FIXTURE_DATA(spawn) * self, const char *rel)
{
	long deadline = rlxc_now_ms() + 10000;
	char path[PATH_MAX];

	snprintf(path, sizeof(path), "%s/%s", self->root, rel);
	while (access(path, F_OK) < 0 && rlxc_now_ms() < deadline)
		usleep(5000);
	return access(path, F_OK) == 0;
}

/* ---- an application container ---- */

TEST_F(spawn, exit_status_is_the_commands)
{
	REQUIRE_ROOT();
	ASSERT_EQ(0, run(self, SH("exit 7"))) TH_LOG("%s", self->err.msg);
	EXPECT_EQ(7, self->status);
	ASSERT_EQ(0, run(self, SH("true"))) TH_LOG("%s", self->err.msg);
	EXPECT_EQ(0, self->status);
}

TEST_F(spawn, pid1_is_rlxc_init_and_proc_is_the_containers)
{
	REQUIRE_ROOT();
	ASSERT_EQ(0, run(self, SH("cat /proc/1/comm; echo /proc/[0-9]*")))
	TH_LOG("%s", self->err.msg);
	EXPECT_EQ(0, self->status);
	/* pid 1 is rlxc's init, pid 2 this shell: nothing of the host */
	EXPECT_STREQ("rlxc-init\n/proc/1 /proc/2\n", self->out);
}

TEST_F(spawn, hostname_root_and_loopback_only)
{
	REQUIRE_ROOT();
	self->c.uts_name = "rlxc-t-web";
	self->c.net[0].used = true;
	self->c.net[0].type = RLXC_NET_EMPTY;
	ASSERT_EQ(0, run(self, SH("hostname; cat /rlxc-marker; ls /sys/class/net; "
				  "cat /sys/class/net/lo/operstate")))
	TH_LOG("%s", self->err.msg);
	EXPECT_EQ(0, self->status);
	EXPECT_STREQ("rlxc-t-web\nthe rootfs\nlo\nunknown\n", self->out);
}

TEST_F(spawn, hostname_defaults_to_the_name)
{
	REQUIRE_ROOT();
	ASSERT_EQ(0, run(self, SH("hostname"))) TH_LOG("%s", self->err.msg);
	EXPECT_EQ(0, strncmp(self->out, self->name, strlen(self->name))) TH_LOG("%s", self->out);
}

TEST_F(spawn, net_none_shares_the_hosts_network)
{
	char host[4096] = "";
	FILE *p = popen("ls /sys/class/net", "r");

	REQUIRE_ROOT();
	ASSERT_NE(NULL, p);
	fread(host, 1, sizeof(host) - 1, p);
	pclose(p);
	self->c.net[0].used = true;
	self->c.net[0].type = RLXC_NET_NONE;
	ASSERT_EQ(0, run(self, SH("ls /sys/class/net"))) TH_LOG("%s", self->err.msg);
	EXPECT_STREQ(host, self->out);
}

TEST_F(spawn, proc_sys_and_sys_are_read_only)
{
	REQUIRE_ROOT();
	ASSERT_EQ(0, run(self, SH("echo x > /proc/sys/kernel/hostname; touch /sys/rlxc-x; "
				  "hostname")))
	TH_LOG("%s", self->err.msg);
	EXPECT_NE(NULL, strstr(self->out, "/proc/sys/kernel/hostname: Read-only file system"))
	TH_LOG("%s", self->out);
	EXPECT_NE(NULL, strstr(self->out, "/sys/rlxc-x: Read-only file system"))
	TH_LOG("%s", self->out);
	EXPECT_EQ(NULL, strstr(self->out, "\nx\n")) TH_LOG("%s", self->out);
}

TEST_F(spawn, proc_rw_leaves_proc_sys_writable)
{
	REQUIRE_ROOT();
	self->c.mount_auto = RLXC_AUTO_PROC_RW;
	/* kernel.hostname belongs to the container's uts namespace */
	ASSERT_EQ(0, run(self, SH("echo rlxc-t-changed > /proc/sys/kernel/hostname; hostname")))
	TH_LOG("%s", self->err.msg);
	EXPECT_STREQ("rlxc-t-changed\n", self->out);
}

TEST_F(spawn, dev_is_minimal)
{
	REQUIRE_ROOT();
	ASSERT_EQ(0, run(self, SH("ls /dev; ls /dev/pts; echo hi > /dev/null && echo null-ok; "
				  "grep -c ' /dev/pts .* devpts ' /proc/self/mountinfo")))
	TH_LOG("%s", self->err.msg);
	/* exactly these: no host device (vda, sda, kmsg, mem...) */
	EXPECT_STREQ("console\nfd\nfull\nnull\nptmx\npts\nrandom\nshm\nstderr\nstdin\n"
		     "stdout\ntty\nurandom\nzero\nptmx\nnull-ok\n1\n",
		     self->out);
}

/* /dev/shm is bounded and holds no binaries: it was a tmpfs of half the
 * host's memory (11.8 GB shown), exec allowed. */
TEST_F(spawn, dev_shm_is_bounded_and_noexec)
{
	REQUIRE_ROOT();
	ASSERT_EQ(0, run(self, SH("grep ' /dev/shm ' /proc/self/mountinfo; "
				  "cat /bin/busybox >/dev/shm/x && chmod 755 /dev/shm/x && "
				  "echo copied; /dev/shm/x true || echo no-exec")))
	TH_LOG("%s", self->err.msg);
	EXPECT_TRUE(strstr(self->out, "size=65536k") && strstr(self->out, "noexec"))
	TH_LOG("%s", self->out);
	EXPECT_TRUE(strstr(self->out, "copied") && strstr(self->out, "no-exec"))
	TH_LOG("%s", self->out);
}

/* The caller's terminal is never the container's console: without
 * terms (term/terms.h) /dev/console is /dev/null, whatever stdin is. */
TEST_F(spawn, console_is_never_the_stdin_tty)
{
	int master, slave;

	REQUIRE_ROOT();
	master = posix_openpt(O_RDWR | O_NOCTTY | O_CLOEXEC);
	ASSERT_LE(0, master);
	ASSERT_EQ(0, grantpt(master));
	ASSERT_EQ(0, unlockpt(master));
	slave = open(ptsname(master), O_RDWR | O_NOCTTY | O_CLOEXEC);
	ASSERT_LE(0, slave);
	self->stdin_fd = slave;
	ASSERT_EQ(0, run(self, SH("stat -c %t:%T /dev/console")))
	TH_LOG("%s", self->err.msg);
	EXPECT_STREQ("1:3\n", self->out);
	close(slave);
	close(master);
}

TEST_F(spawn, console_is_dev_null_without_a_tty)
{
	REQUIRE_ROOT();
	ASSERT_EQ(0, run(self, SH("stat -c %t:%T /dev/console"))) TH_LOG("%s", self->err.msg);
	EXPECT_STREQ("1:3\n", self->out);
}

TEST_F(spawn, host_root_app_container)
{
	char *before, *after;

	REQUIRE_ROOT();
	self->host_root = true;
	before = mountinfo();
	/* the host's busybox, so that the messages are the ones of the rootfs */
	ASSERT_EQ(0,
		  run(self, ARGV(BUSYBOX, "sh", "-c",
				 "echo /proc/[0-9]*; busybox cat /proc/1/comm; "
				 "busybox touch /sys/rlxc-x; echo x > /proc/sys/kernel/hostname")))
	TH_LOG("%s", self->err.msg);
	after = mountinfo();
	EXPECT_STREQ("/proc/1 /proc/2\nrlxc-init\ntouch: /sys/rlxc-x: Read-only file system\n"
		     "sh: can't create /proc/sys/kernel/hostname: Read-only file system\n",
		     self->out);
	EXPECT_STREQ(before, after);
	free(before);
	free(after);
}

TEST_F(spawn, missing_command_is_127)
{
	REQUIRE_ROOT();
	ASSERT_EQ(0, run(self, ARGV("rlxc-no-such-command"))) TH_LOG("%s", self->err.msg);
	EXPECT_EQ(127, self->status);
	EXPECT_STREQ("rlxc: rlxc-no-such-command: command not found\n", self->out);
}

TEST_F(spawn, sigterm_reaches_the_command)
{
	REQUIRE_ROOT();
	ASSERT_EQ(0, start(self, true,
			   SH("trap 'echo got TERM; exit 42' TERM; touch /tmp/ready; "
			      "i=0; while [ $i -lt 200 ]; do sleep 0.05; i=$((i+1)); done")))
	TH_LOG("%s", self->err.msg);
	ASSERT_TRUE(wait_file(self, "tmp/ready"));
	usleep(20000); /* the trap is set before the touch; this is margin */
	ASSERT_EQ(0, kill(self->init, SIGTERM));
	finish(self);
	EXPECT_EQ(42, self->status);
	EXPECT_STREQ("got TERM\n", self->out);
}

TEST_F(spawn, status_of_a_killed_command_is_128_plus_signal)
{
	REQUIRE_ROOT();
	ASSERT_EQ(0, start(self, true, SH("touch /tmp/ready; exec sleep 10")))
	TH_LOG("%s", self->err.msg);
	ASSERT_TRUE(wait_file(self, "tmp/ready"));
	usleep(50000); /* let the exec happen */
	ASSERT_EQ(0, kill(self->init, SIGTERM));
	finish(self);
	EXPECT_EQ(128 + SIGTERM, self->status);
}

TEST_F(spawn, orphans_are_reaped)
{
	REQUIRE_ROOT();
	/* the inner shells exit at once: their children are orphans of pid 1 */
	ASSERT_EQ(0, run(self, SH("sh -c 'sleep 0.05 &'; sh -c 'true &'; sleep 0.2; "
				  "i=0; while [ $i -lt 40 ]; do z=0; "
				  "for f in /proc/[0-9]*/stat; do read p c s r < $f; "
				  "[ \"$s\" = Z ] && z=$((z+1)); done; [ $z = 0 ] && break; "
				  "sleep 0.05; i=$((i+1)); done; echo zombies=$z")))
	TH_LOG("%s", self->err.msg);
	EXPECT_STREQ("zombies=0\n", self->out);
}

/* A privileged container's default bounding set is the OCI one: the 14
 * capabilities runc grants, no sys_admin, so no mount. */
TEST_F(spawn, default_caps_are_the_oci_set)
{
	REQUIRE_ROOT();
	ASSERT_EQ(0, run(self, SH("grep -E 'Cap(Eff|Bnd)' /proc/self/status; "
				  "mount -t tmpfs none /tmp 2>/dev/null && echo mounted")))
	TH_LOG("%s", self->err.msg);
	EXPECT_NE(0, self->status);
	EXPECT_STREQ("CapEff:\t00000000a80425fb\nCapBnd:\t00000000a80425fb\n", self->out);
}

/* lxc.cap.keep gives sys_admin back; lxc.cap.drop, LXC's way, drops its
 * names and also sys_admin, sys_module, sys_rawio, sys_time, mac_admin and
 * mac_override (21 16 17 25 33 32). */
TEST_F(spawn, cap_drop_also_drops_what_reaches_the_host)
{
	static char *keep[] = { "sys_admin", NULL }, *drop[] = { "net_raw", NULL };
	uint64_t want = 0, gone = (1ULL << 21) | (1ULL << 16) | (1ULL << 17) | (1ULL << 25) |
			     (1ULL << 33) | (1ULL << 32) | (1ULL << 13);
	char line[64];

	/* what this test's own bounding set has (a host may lack some) */
	for (int v = 0; v < 64; v++)
		if (prctl(PR_CAPBSET_READ, v) == 1)
			want |= 1ULL << v;
	want &= ~gone;

	REQUIRE_ROOT();
	self->c.cap_keep.v = keep;
	self->c.cap_keep.n = 1;
	ASSERT_EQ(0, run(self, SH("mount -t tmpfs none /tmp && echo mounted")))
	TH_LOG("%s", self->err.msg);
	EXPECT_STREQ("mounted\n", self->out);
	self->c.cap_keep.n = 0;
	self->c.cap_drop.v = drop;
	self->c.cap_drop.n = 1;
	ASSERT_EQ(0, run(self, SH("grep CapBnd /proc/self/status"))) TH_LOG("%s", self->err.msg);
	snprintf(line, sizeof(line), "CapBnd:\t%016llx\n", (unsigned long long)want);
	EXPECT_STREQ(line, self->out);
}

TEST_F(spawn, cap_keep_keeps_only_those)
{
	static char *keep[] = { "chown", NULL };

	REQUIRE_ROOT();
	self->c.cap_keep.v = keep;
	self->c.cap_keep.n = 1;
	ASSERT_EQ(0, run(self, SH("grep -E 'Cap(Eff|Bnd)' /proc/self/status")))
	TH_LOG("%s", self->err.msg);
	EXPECT_STREQ("CapEff:\t0000000000000001\nCapBnd:\t0000000000000001\n", self->out);
}

TEST_F(spawn, init_uid_and_gid)
{
	REQUIRE_ROOT();
	self->c.init_uid = 1000;
	self->c.init_gid = 1001;
	self->c.init_uid_set = self->c.init_gid_set = true;
	self->c.init_cwd = "/tmp";
	ASSERT_EQ(0, run(self, SH("id -u; id -g; id -G; pwd; grep CapEff /proc/self/status")))
	TH_LOG("%s", self->err.msg);
	EXPECT_STREQ("1000\n1001\n1001\n/tmp\nCapEff:\t0000000000000000\n", self->out);
}

TEST_F(spawn, environment)
{
	static char *env[] = { "FOO=bar baz", "RLXC_T_COPY", "HOME=/root", "RLXC_T_UNSET", NULL };

	REQUIRE_ROOT();
	setenv("RLXC_T_COPY", "copied", 1);
	setenv("RLXC_T_SECRET", "leaked", 1);
	unsetenv("RLXC_T_UNSET");
	self->c.environment.v = env;
	self->c.environment.n = 4;
	ASSERT_EQ(0, run(self, ARGV("env"))) TH_LOG("%s", self->err.msg);
	EXPECT_NE(NULL, strstr(self->out, "FOO=bar baz\n")) TH_LOG("%s", self->out);
	EXPECT_NE(NULL, strstr(self->out, "RLXC_T_COPY=copied\n")) TH_LOG("%s", self->out);
	EXPECT_NE(NULL, strstr(self->out, "HOME=/root\n")) TH_LOG("%s", self->out);
	EXPECT_NE(NULL, strstr(self->out, "container=lxc\n")) TH_LOG("%s", self->out);
	EXPECT_NE(NULL, strstr(self->out, "PATH=/usr/sbin:/usr/bin:/sbin:/bin\n"))
	TH_LOG("%s", self->out);
	EXPECT_EQ(NULL, strstr(self->out, "RLXC_T_SECRET")) TH_LOG("%s", self->out);
	EXPECT_EQ(NULL, strstr(self->out, "RLXC_T_UNSET")) TH_LOG("%s", self->out);
	EXPECT_EQ(NULL, strstr(self->out, "HOME=/\n")) TH_LOG("%s", self->out);
}

/* ---- a system container: exec, no rlxc init ---- */

TEST_F(spawn, system_container_execs_as_pid_1)
{
	REQUIRE_ROOT();
	ASSERT_EQ(0, start(self, false, SH("echo $$; exit 3"))) TH_LOG("%s", self->err.msg);
	finish(self);
	EXPECT_EQ(3, self->status);
	EXPECT_STREQ("1\n", self->out);
}

TEST_F(spawn, exec_failure_is_reported)
{
	REQUIRE_ROOT();
	EXPECT_EQ(-ENOENT, start(self, false, ARGV("/rlxc-no-such-init")));
	EXPECT_STREQ("exec /rlxc-no-such-init: No such file or directory", self->err.msg);
	EXPECT_EQ(-1, self->init);
}

/* ---- a user namespace ---- */

TEST_F(spawn, idmap_maps_root)
{
	struct rlxc_idmap map[] = { { 'u', 0, 100000, 65536 }, { 'g', 0, 100000, 65536 } };

	REQUIRE_ROOT();
	REQUIRE_PROBE("ns.user");
	self->c.idmap = map;
	self->c.n_idmap = 2;
	ASSERT_EQ(0, run(self, SH("id -u; cat /proc/self/uid_map; cat /rlxc-marker; ls /dev; "
				  "echo x > /proc/sys/kernel/hostname")))
	TH_LOG("%s", self->err.msg);
	EXPECT_EQ(0, strncmp(self->out,
			     "0\n         0     100000      65536\nthe rootfs\nconsole\nfd\nfull\n",
			     strlen("0\n         0     100000      65536\nthe "
				    "rootfs\nconsole\nfd\nfull\n")))
	TH_LOG("%s", self->out);
	EXPECT_NE(NULL, strstr(self->out, "Read-only file system")) TH_LOG("%s", self->out);
}

TEST_HARNESS_MAIN
