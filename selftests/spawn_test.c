// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * rlxc_spawn for real: containers started from a tiny rootfs built in a
 * temporary directory from the host's static busybox, each run with its
 * stdout and stderr in a file, and the effects asserted from that output
 * (what the container sees) and from the host (exit status, mounts).
 *
 * The fixture records the running init and the scratch directory; the
 * teardown (in the harness's parent where it can) kills the one and removes
 * the other, also after a failed assertion.
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <sys/wait.h>
#include <unistd.h>

#include "kselftest_harness.h"
#include "probe_skip.h"
#include "test_util.h"

#include "kernel/inroot.h"
#include "spawn/spawn.h"
#include "kernel/clock.h"

#define BUSYBOX "/bin/busybox"

static const char *const applets[] = {
	"sh",	 "hostname", "cat", "ps",   "ls",    "id",   "sleep", "ip",   "mount", "true",
	"false", "env",	     "pwd", "echo", "touch", "grep", "mkdir", "stat", NULL,
};

/* ---- the rootfs ---- */

static int copy_file(const char *src, const char *dst, mode_t mode)
{
	int in = open(src, O_RDONLY | O_CLOEXEC), out, err = 0;
	char buf[65536];
	ssize_t n;

	if (in < 0)
		return -errno;
	out = open(dst, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, mode);
	if (out < 0) {
		close(in);
		return -errno;
	}
	while ((n = read(in, buf, sizeof(buf))) > 0)
		if (write(out, buf, (size_t)n) != n) {
			err = -EIO;
			break;
		}
	if (n < 0)
		err = -errno;
	close(in);
	close(out);
	return err;
}

static int mkdirf(const char *fmt, const char *base, const char *name)
{
	char path[PATH_MAX];

	snprintf(path, sizeof(path), fmt, base, name);
	return mkdir(path, 0755) < 0 && errno != EEXIST ? -errno : 0;
}

/* ROOT: bin/busybox and its applets, the usual directories, a marker. */
static int build_rootfs(const char *root)
{
	static const char *const dirs[] = {
		"bin", "proc", "sys", "dev", "tmp", "etc", "opt", NULL
	};
	char path[PATH_MAX];
	int ret;

	if (mkdir(root, 0755) < 0)
		return -errno;
	for (int i = 0; dirs[i]; i++)
		if ((ret = mkdirf("%s/%s", root, dirs[i])) < 0)
			return ret;
	chmod(strcat(strcpy(path, root), "/tmp"), 01777);
	snprintf(path, sizeof(path), "%s/bin/busybox", root);
	if ((ret = copy_file(BUSYBOX, path, 0755)) < 0)
		return ret;
	for (int i = 0; applets[i]; i++) {
		snprintf(path, sizeof(path), "%s/bin/%s", root, applets[i]);
		if (symlink("busybox", path) < 0)
			return -errno;
	}
	snprintf(path, sizeof(path), "%s/rlxc-marker", root);
	return put_file(path, "the rootfs\n");
}

/* ---- the fixture ---- */

FIXTURE(spawn)
{
	char dir[64];	      /* /tmp/rlxc-t-XXXXXX */
	char root[128];	      /* DIR/root */
	char host[128];	      /* DIR/host: a directory with "marker", to bind */
	char name[64];	      /* the container's name: rlxc-t-PID */
	pid_t init;	      /* a running init, killed in teardown */
	bool host_root;	      /* no rootfs: rlxc execute on the host's root */
	int stdin_fd;	      /* the container's stdin; -1: /dev/null */
	struct rlxc_config c; /* built by hand: memset 0 is "nothing set" */
	char out[16384];      /* what the container wrote */
	int status;	      /* its init's exit status */
	struct rlxc_error err;
};

FIXTURE_SETUP(spawn)
{
	char path[PATH_MAX];

	memset(&self->c, 0, sizeof(self->c));
	self->init = 0;
	self->host_root = false;
	self->stdin_fd = -1;
	snprintf(self->dir, sizeof(self->dir), "/tmp/rlxc-t-XXXXXX");
	ASSERT_NE(NULL, mkdtemp(self->dir));
	chmod(self->dir, 0755); /* a user namespace's root must reach the rootfs */
	snprintf(self->root, sizeof(self->root), "%s/root", self->dir);
	snprintf(self->host, sizeof(self->host), "%s/host", self->dir);
	snprintf(self->name, sizeof(self->name), "rlxc-t-%d", (int)getpid());
	if (access(BUSYBOX, X_OK) < 0)
		SKIP(return, "needs %s (busybox-static)", BUSYBOX);
	ASSERT_EQ(0, build_rootfs(self->root));
	ASSERT_EQ(0, mkdir(self->host, 0755));
	snprintf(path, sizeof(path), "%s/marker", self->host);
	ASSERT_EQ(0, put_file(path, "host side\n"));
}

#ifdef FIXTURE_TEARDOWN_PARENT
FIXTURE_TEARDOWN_PARENT(spawn)
#else
FIXTURE_TEARDOWN(spawn)
#endif
{
	if (self->init > 0)
		kill(self->init, SIGKILL);
	if (self->dir[0])
		rm_tree(self->dir);
}

#define ARGV(...)  ((char *const[]){ __VA_ARGS__, NULL })
#define SH(script) ARGV("sh", "-c", script)

/* Start ARGV in a container of SELF's config; its stdout and stderr go to
 * DIR/out. 0 or what rlxc_spawn returned (self->err says why). */
static int start(FIXTURE_DATA(spawn) * self, bool app, char *const *argv)
{
	char path[PATH_MAX];
	int out, in, pidfd = -1, ret;
	struct rlxc_spawn sp = {
		.name = self->name,
		.conf = &self->c,
		.argv = argv,
		.app = app,
		.rootfs = self->host_root ? NULL : self->root,
	};

	snprintf(path, sizeof(path), "%s/out", self->dir);
	out = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
	in = self->stdin_fd >= 0 ? dup(self->stdin_fd) : open("/dev/null", O_RDONLY | O_CLOEXEC);
	sp.stdio[0] = in;
	sp.stdio[1] = sp.stdio[2] = out;
	memset(&self->err, 0, sizeof(self->err));
	self->out[0] = '\0';
	ret = rlxc_spawn(&sp, &self->init, &pidfd, &self->err);
	if (pidfd >= 0)
		close(pidfd);
	close(out);
	close(in);
	return ret;
}

/* Wait for the init; its status in self->status, its output in self->out. */
static void finish(FIXTURE_DATA(spawn) * self)
{
	char path[PATH_MAX];
	int st;

	self->status = -1;
	if (waitpid(self->init, &st, 0) == self->init)
		self->status = WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
	self->init = 0;
	snprintf(path, sizeof(path), "%s/out", self->dir);
	get_file(path, self->out, sizeof(self->out));
}

/* Run ARGV as an application container to its end: rlxc_spawn's result. */
static int run(FIXTURE_DATA(spawn) * self, char *const *argv)
{
	int ret = start(self, true, argv);

	if (ret == 0)
		finish(self);
	return ret;
}

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

static char *mountinfo(void)
{
	FILE *f = fopen("/proc/self/mountinfo", "re");
	char *buf = NULL, chunk[4096];
	size_t len = 0, n;
	FILE *m = open_memstream(&buf, &len);

	while (f && (n = fread(chunk, 1, sizeof(chunk), f)) > 0)
		fwrite(chunk, 1, n, m);
	if (f)
		fclose(f);
	fclose(m);
	return buf;
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

TEST_F(spawn, console_is_the_stdin_tty)
{
	char want[64];
	struct stat st;
	int master, slave;

	REQUIRE_ROOT();
	master = posix_openpt(O_RDWR | O_NOCTTY | O_CLOEXEC);
	ASSERT_LE(0, master);
	ASSERT_EQ(0, grantpt(master));
	ASSERT_EQ(0, unlockpt(master));
	slave = open(ptsname(master), O_RDWR | O_NOCTTY | O_CLOEXEC);
	ASSERT_LE(0, slave);
	ASSERT_EQ(0, fstat(slave, &st));
	self->stdin_fd = slave;
	ASSERT_EQ(0, run(self, SH("test -t 0 && echo tty; stat -c %t:%T /dev/console")))
	TH_LOG("%s", self->err.msg);
	snprintf(want, sizeof(want), "tty\n%x:%x\n", major(st.st_rdev), minor(st.st_rdev));
	EXPECT_STREQ(want, self->out);
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

TEST_F(spawn, cap_drop_sys_admin_stops_mount)
{
	static char *drop[] = { "sys_admin", NULL };

	REQUIRE_ROOT();
	ASSERT_EQ(0, run(self, SH("mount -t tmpfs none /tmp && echo mounted")))
	TH_LOG("%s", self->err.msg);
	EXPECT_STREQ("mounted\n", self->out);
	self->c.cap_drop.v = drop;
	self->c.cap_drop.n = 1;
	ASSERT_EQ(0, run(self, SH("mount -t tmpfs none /tmp && echo mounted")))
	TH_LOG("%s", self->err.msg);
	EXPECT_NE(0, self->status);
	EXPECT_NE(NULL, strstr(self->out, "permission denied")) TH_LOG("%s", self->out);
	/* CAP_SYS_ADMIN (21) is out of the bounding set too */
	ASSERT_EQ(0, run(self, SH("grep CapBnd /proc/self/status"))) TH_LOG("%s", self->err.msg);
	EXPECT_NE(NULL, strstr(self->out, "dfffff")) TH_LOG("%s", self->out);
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

/* ---- mounts ---- */

TEST_F(spawn, mount_entries_with_options)
{
	char e1[PATH_MAX], *entries[] = { e1, "none tmp tmpfs size=1m,mode=1777,nosuid 0 0",
					  "/rlxc-no-such-src opt none bind,optional 0 0", NULL };

	REQUIRE_ROOT();
	snprintf(e1, sizeof(e1), "%s mnt/deep none bind,ro,create=dir 0 0", self->host);
	self->c.mount_entries.v = entries;
	self->c.mount_entries.n = 3;
	ASSERT_EQ(0, run(self, SH("cat /mnt/deep/marker; touch /mnt/deep/x; "
				  "grep ' /tmp ' /proc/self/mountinfo")))
	TH_LOG("%s", self->err.msg);
	EXPECT_EQ(0, strncmp(self->out, "host side\n", 10)) TH_LOG("%s", self->out);
	EXPECT_NE(NULL, strstr(self->out, "/mnt/deep/x: Read-only file system"))
	TH_LOG("%s", self->out);
	EXPECT_NE(NULL, strstr(self->out, "nosuid")) TH_LOG("%s", self->out);
	EXPECT_NE(NULL, strstr(self->out, "size=1024k")) TH_LOG("%s", self->out);
}

TEST_F(spawn, bad_mount_entry_fails_and_leaves_nothing)
{
	char *entries[] = { "/rlxc-no-such-src rlxc-new none bind,create=dir 0 0", NULL };
	char *before, *after;
	int ret;

	REQUIRE_ROOT();
	self->c.mount_entries.v = entries;
	self->c.mount_entries.n = 1;
	before = mountinfo();
	ret = start(self, true, SH("true"));
	after = mountinfo();
	EXPECT_EQ(-ENOENT, ret);
	EXPECT_EQ(-1, self->init);
	EXPECT_STREQ("lxc.mount.entry: mount /rlxc-no-such-src on rlxc-new: "
		     "No such file or directory",
		     self->err.msg);
	EXPECT_STREQ(before, after);
	/* the child is reaped */
	EXPECT_EQ(-1, waitpid(-1, NULL, WNOHANG));
	EXPECT_EQ(ECHILD, errno);
	free(before);
	free(after);
}

TEST_F(spawn, fstab_targets_stay_in_the_rootfs)
{
	char fstab[PATH_MAX], text[2 * PATH_MAX + 64], link[PATH_MAX];

	REQUIRE_ROOT();
	snprintf(fstab, sizeof(fstab), "%s/fstab", self->dir);
	snprintf(link, sizeof(link), "%s/esc", self->root);
	ASSERT_EQ(0, symlink("/../../../opt", link));
	snprintf(text, sizeof(text),
		 "# comment\n\n%s ../../etc none bind 0 0\n%s esc none bind 0 0\n", self->host,
		 self->host);
	ASSERT_EQ(0, put_file(fstab, text));
	self->c.mount_fstab = fstab;
	ASSERT_EQ(0, run(self, SH("cat /etc/marker /opt/marker"))) TH_LOG("%s", self->err.msg);
	EXPECT_STREQ("host side\nhost side\n", self->out);
}

TEST_F(spawn, absolute_symlink_target_resolves_in_the_rootfs)
{
	char entry[PATH_MAX], *entries[] = { entry, NULL }, link[PATH_MAX];
	int ret;

	REQUIRE_ROOT();
	/* /usr/share exists on the host, not in the rootfs */
	snprintf(link, sizeof(link), "%s/esc", self->root);
	ASSERT_EQ(0, symlink("/usr/share", link));
	snprintf(entry, sizeof(entry), "%s esc none bind 0 0", self->host);
	self->c.mount_entries.v = entries;
	self->c.mount_entries.n = 1;
	ret = start(self, true, SH("true"));
	EXPECT_EQ(-ENOENT, ret);
	EXPECT_NE(NULL, strstr(self->err.msg, " on esc: No such file or directory"))
	TH_LOG("%s", self->err.msg);
}

TEST_F(spawn, bad_fstab_line_names_file_and_line)
{
	char fstab[PATH_MAX], want[PATH_MAX + 128];

	REQUIRE_ROOT();
	snprintf(fstab, sizeof(fstab), "%s/fstab", self->dir);
	ASSERT_EQ(0, put_file(fstab, "# one\nproc-only-two-fields proc\n"));
	self->c.mount_fstab = fstab;
	EXPECT_EQ(-EINVAL, start(self, true, SH("true")));
	snprintf(want, sizeof(want),
		 "lxc.mount.fstab %s:2: needs a source, a target and a type: Invalid argument",
		 fstab);
	EXPECT_STREQ(want, self->err.msg);
}

TEST_F(spawn, cgroup_auto_mounts_cgroup2_read_only)
{
	REQUIRE_ROOT();
	REQUIRE_PROBE("ns.cgroup");
	self->c.mount_auto = RLXC_AUTO_CGROUP_RO;
	ASSERT_EQ(0, run(self, SH("grep ' /sys/fs/cgroup ' /proc/self/mountinfo; "
				  "cat /proc/self/cgroup | grep '^0::'")))
	TH_LOG("%s", self->err.msg);
	EXPECT_NE(NULL, strstr(self->out, " /sys/fs/cgroup ro,")) TH_LOG("%s", self->out);
	EXPECT_NE(NULL, strstr(self->out, "cgroup2")) TH_LOG("%s", self->out);
	/* the cgroup namespace: the container's cgroup is its root */
	EXPECT_NE(NULL, strstr(self->out, "0::/\n")) TH_LOG("%s", self->out);
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

/* ---- resolving inside a root, by hand and with openat2 ---- */

static bool same_file(int fd, const char *path)
{
	struct stat a, b;

	return fd >= 0 && fstat(fd, &a) == 0 && stat(path, &b) == 0 && a.st_ino == b.st_ino &&
	       a.st_dev == b.st_dev;
}

TEST_F(spawn, walk_in_root)
{
	int (*fns[])(int, const char *) = { rlxc_walk_in_root, rlxc_open_in_root };
	char path[PATH_MAX], opt[PATH_MAX];
	int root, fd;

	snprintf(opt, sizeof(opt), "%s/opt", self->root);
	snprintf(path, sizeof(path), "%s/up", self->root);
	ASSERT_EQ(0, symlink("../../../..", path));
	snprintf(path, sizeof(path), "%s/abs", self->root);
	ASSERT_EQ(0, symlink("/opt", path));
	snprintf(path, sizeof(path), "%s/loop", self->root);
	ASSERT_EQ(0, symlink("loop", path));
	root = open(self->root, O_PATH | O_DIRECTORY | O_CLOEXEC);
	ASSERT_LE(0, root);
	for (int i = 0; i < 2; i++) {
		fd = fns[i](root, "../../../opt");
		EXPECT_TRUE(same_file(fd, opt)) TH_LOG("fn %d: ../../../opt", i);
		close(fd);
		fd = fns[i](root, "up/opt");
		EXPECT_TRUE(same_file(fd, opt)) TH_LOG("fn %d: up/opt", i);
		close(fd);
		fd = fns[i](root, "/etc/../abs/./");
		EXPECT_TRUE(same_file(fd, opt)) TH_LOG("fn %d: abs", i);
		close(fd);
		fd = fns[i](root, "/");
		EXPECT_TRUE(same_file(fd, self->root)) TH_LOG("fn %d: /", i);
		close(fd);
		EXPECT_EQ(-ELOOP, fns[i](root, "loop"));
		EXPECT_EQ(-ENOENT, fns[i](root, "usr/share"));
		EXPECT_EQ(-ENOTDIR, fns[i](root, "rlxc-marker/x"));
	}
	close(root);
}

TEST_HARNESS_MAIN
