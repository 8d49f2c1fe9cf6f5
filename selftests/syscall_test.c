// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * The newer syscalls a runtime builds on, exercised for real: clone3 (exit
 * status, CLONE_PIDFD), pidfds (signal, poll, setns), openat2 with
 * RESOLVE_IN_ROOT against ".." and symlinks, and the new mount API.
 *
 * Called through syscall(2) (kernel/syscalls.h) so that an older C library
 * still builds; each test skips with the probe's reason when the kernel (or
 * valgrind, which answers ENOSYS for syscalls it does not know) lacks the
 * call.
 */
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <poll.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <sys/statvfs.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>
#include <linux/mount.h>
#include <linux/openat2.h>
#include <linux/sched.h>

#include "kselftest_harness.h"
#include "probe_skip.h"
#include "kernel/syscalls.h"
#include "test_util.h"

#ifndef P_PIDFD
#define P_PIDFD 3
#endif
#ifndef TMPFS_MAGIC
#define TMPFS_MAGIC 0x01021994
#endif

/* clone3 with stderr flushed first, so the child does not repeat it. */
static pid_t clone3_flushed(struct clone_args *args)
{
	fflush(stderr);
	return sys_clone3(args, sizeof(*args));
}

/* openat2(O_RDONLY) with RESOLVE: the fd, or -1 and errno. */
static int openat2_resolve(int dirfd, const char *path, unsigned long long resolve)
{
	struct open_how how = {.flags = O_RDONLY | O_CLOEXEC, .resolve = resolve};

	return sys_openat2(dirfd, path, &how, sizeof(how));
}

/* --- clone3 --- */

TEST(clone3_child_runs_and_is_reaped_with_its_status)
{
	struct clone_args args = {.exit_signal = SIGCHLD};
	char ran[4] = "";
	int p[2], st;
	pid_t pid;

	REQUIRE_PROBE("syscall.clone3");
	ASSERT_EQ(0, pipe2(p, O_CLOEXEC));
	pid = clone3_flushed(&args);
	ASSERT_LE(0, pid) TH_LOG("clone3: %s", strerror(errno));
	if (pid == 0) {
		close(p[0]);
		_exit(write(p[1], "ran", 3) == 3 ? 42 : 1);
	}
	close(p[1]);
	EXPECT_EQ(3, read(p[0], ran, 3));
	EXPECT_STREQ("ran", ran);
	close(p[0]);
	ASSERT_EQ(pid, waitpid(pid, &st, 0));
	ASSERT_TRUE(WIFEXITED(st));
	ASSERT_EQ(42, WEXITSTATUS(st));
}

TEST(clone3_pidfd_waitid_reports_the_exit)
{
	int pidfd = -1;
	struct clone_args args = {
	    .flags = CLONE_PIDFD,
	    .pidfd = (unsigned long long)(uintptr_t)&pidfd,
	    .exit_signal = SIGCHLD,
	};
	siginfo_t info = {0};
	pid_t pid;

	REQUIRE_PROBE("syscall.clone3");
	REQUIRE_PROBE("syscall.pidfd_open");
	pid = clone3_flushed(&args);
	ASSERT_LE(0, pid) TH_LOG("clone3(CLONE_PIDFD): %s", strerror(errno));
	if (pid == 0)
		_exit(7);
	ASSERT_LE(0, pidfd);
	ASSERT_EQ(0, waitid((idtype_t)P_PIDFD, (id_t)pidfd, &info, WEXITED))
	TH_LOG("waitid(P_PIDFD): %s", strerror(errno));
	EXPECT_EQ(pid, info.si_pid);
	EXPECT_EQ(CLD_EXITED, info.si_code);
	EXPECT_EQ(7, info.si_status);
	close(pidfd);
}

/* --- pidfd --- */

static pid_t fork_sleeper(void)
{
	pid_t pid;

	fflush(stderr);
	pid = fork();
	if (pid == 0) {
		for (;;)
			pause();
	}
	return pid;
}

static int pidfd_readable(int pidfd, int timeout_ms)
{
	struct pollfd pfd = {.fd = pidfd, .events = POLLIN};
	int n = poll(&pfd, 1, timeout_ms);

	return n == 1 && (pfd.revents & POLLIN);
}

TEST(pidfd_send_signal_kills_child_and_pidfd_becomes_readable)
{
	int pidfd, st;
	pid_t pid;

	REQUIRE_PROBE("syscall.pidfd_send_signal");
	pid = fork_sleeper();
	ASSERT_LE(0, pid);
	pidfd = sys_pidfd_open(pid);
	if (pidfd < 0)
		kill(pid, SIGKILL);
	ASSERT_LE(0, pidfd) TH_LOG("pidfd_open: %s", strerror(errno));
	EXPECT_FALSE(pidfd_readable(pidfd, 0));
	EXPECT_EQ(0, sys_pidfd_send_signal(pidfd, 0));
	ASSERT_EQ(0, sys_pidfd_send_signal(pidfd, SIGKILL)) TH_LOG("%s", strerror(errno));
	EXPECT_TRUE(pidfd_readable(pidfd, 10000));
	ASSERT_EQ(pid, waitpid(pid, &st, 0));
	EXPECT_TRUE(WIFSIGNALED(st));
	EXPECT_EQ(SIGKILL, WTERMSIG(st));
	/* Reaped: the pidfd now refers to a dead process. */
	EXPECT_EQ(-1, sys_pidfd_send_signal(pidfd, 0));
	EXPECT_EQ(ESRCH, errno);
	close(pidfd);
}

/* In a child: a new uts ns named NAME. 0 or an errno. */
static int set_uts_name(void *name)
{
	if (unshare(CLONE_NEWUTS) < 0 || sethostname(name, strlen(name)) < 0)
		return errno;
	return 0;
}

static ino_t uts_inode(const char *pid)
{
	char path[64];
	struct stat st;

	snprintf(path, sizeof(path), "/proc/%s/ns/uts", pid);
	return stat(path, &st) < 0 ? 0 : st.st_ino;
}

TEST(pidfd_setns_enters_the_childs_uts_ns)
{
	char name[64], host[64] = "", child[16];
	struct held h;
	int pidfd, st;

	REQUIRE_PROBE("syscall.pidfd_setns");
	snprintf(name, sizeof(name), "rlxc-t-setns-%d", (int)getpid());
	ASSERT_EQ(0, hold_child(&h, set_uts_name, name));
	snprintf(child, sizeof(child), "%d", (int)h.pid);
	ASSERT_EQ(0, gethostname(host, sizeof(host)));
	ASSERT_STRNE(name, host);
	ASSERT_NE(uts_inode("self"), uts_inode(child));
	pidfd = sys_pidfd_open(h.pid);
	ASSERT_LE(0, pidfd);
	ASSERT_EQ(0, setns(pidfd, CLONE_NEWUTS)) TH_LOG("setns(pidfd): %s", strerror(errno));
	close(pidfd);
	ASSERT_EQ(0, gethostname(host, sizeof(host)));
	EXPECT_STREQ(name, host);
	EXPECT_EQ(uts_inode("self"), uts_inode(child));
	close(h.hold);
	ASSERT_EQ(h.pid, waitpid(h.pid, &st, 0));
	ASSERT_EQ(0, st);
}

/* --- openat2 --- */

#define INSIDE "inside the root\n"

FIXTURE(root)
{
	char dir[32]; /* /tmp/rlxc-t-XXXXXX */
	int fd;	      /* the dir, as the root of the lookups */
	int err;      /* what went wrong in setup, checked by each test */
};

/*
 * DIR/etc/passwd (our own), DIR/a/b/, and symlinks that point out of DIR
 * when followed from the host: abs -> /etc/passwd, up -> ../../../etc/passwd,
 * a/b/etc -> /etc. No ASSERT here: the harness skips the teardown after a
 * failed setup, so a failure is recorded in self->err instead.
 */
static int make_root(int dir)
{
	if (mkdirat(dir, "etc", 0755) < 0 || mkdirat(dir, "a", 0755) < 0 ||
	    mkdirat(dir, "a/b", 0755) < 0 || symlinkat("/etc/passwd", dir, "abs") < 0 ||
	    symlinkat("../../../../../../etc/passwd", dir, "up") < 0 ||
	    symlinkat("/etc", dir, "a/b/etc") < 0)
		return -errno;
	return put_file("etc/passwd", INSIDE);
}

FIXTURE_SETUP(root)
{
	snprintf(self->dir, sizeof(self->dir), "/tmp/rlxc-t-XXXXXX");
	self->fd = -1;
	self->err = 0;
	if (!mkdtemp(self->dir)) {
		self->err = -errno;
		self->dir[0] = '\0';
		return;
	}
	self->fd = open(self->dir, O_PATH | O_DIRECTORY | O_CLOEXEC);
	if (self->fd < 0 || chdir(self->dir) < 0)
		self->err = -errno;
	else
		self->err = make_root(self->fd);
}

FIXTURE_TEARDOWN_PARENT(root)
{
	if (self->dir[0] && strncmp(self->dir, "/tmp/rlxc-t-", 12) == 0)
		rm_tree(self->dir);
}

/* Open PATH under the fixture's root with RESOLVE: its text, or an error. */
static int read_in(int root, const char *path, unsigned long long resolve, char *buf, size_t len)
{
	return read_fd(openat2_resolve(root, path, resolve), buf, len);
}

TEST_F(root, openat2_dotdot_cannot_climb_out_of_the_root)
{
	const char *paths[] = {"../../etc/passwd", "a/b/../../../../../etc/passwd", "/etc/passwd",
			       "/../../etc/passwd"};
	char buf[256];

	REQUIRE_PROBE("syscall.openat2");
	ASSERT_EQ(0, self->err) TH_LOG("setup of %s: %s", self->dir, strerror(-self->err));
	for (size_t i = 0; i < sizeof(paths) / sizeof(paths[0]); i++) {
		ASSERT_EQ(0, read_in(self->fd, paths[i], RESOLVE_IN_ROOT, buf, sizeof(buf)))
		TH_LOG("openat2 %s: %s", paths[i], strerror(errno));
		EXPECT_STREQ(INSIDE, buf) TH_LOG("%s reached a file outside the root", paths[i]);
	}
}

TEST_F(root, openat2_absolute_symlinks_resolve_inside_the_root)
{
	const char *paths[] = {"abs", "up", "a/b/etc/passwd"};
	char buf[256];

	REQUIRE_PROBE("syscall.openat2");
	ASSERT_EQ(0, self->err) TH_LOG("setup of %s: %s", self->dir, strerror(-self->err));
	/* Control: followed the ordinary way, abs reaches the host's file. */
	ASSERT_EQ(0, read_fd(openat(self->fd, "abs", O_RDONLY | O_CLOEXEC), buf, sizeof(buf)));
	ASSERT_STRNE(INSIDE, buf);
	for (size_t i = 0; i < sizeof(paths) / sizeof(paths[0]); i++) {
		ASSERT_EQ(0, read_in(self->fd, paths[i], RESOLVE_IN_ROOT, buf, sizeof(buf)))
		TH_LOG("openat2 %s: %s", paths[i], strerror(errno));
		EXPECT_STREQ(INSIDE, buf) TH_LOG("%s reached a file outside the root", paths[i]);
	}
}

TEST_F(root, openat2_resolve_beneath_refuses_to_leave)
{
	char buf[256];

	REQUIRE_PROBE("syscall.openat2");
	ASSERT_EQ(0, self->err) TH_LOG("setup of %s: %s", self->dir, strerror(-self->err));
	EXPECT_EQ(-EXDEV, read_in(self->fd, "../../etc/passwd", RESOLVE_BENEATH, buf, sizeof(buf)));
	EXPECT_EQ(-EXDEV, read_in(self->fd, "abs", RESOLVE_BENEATH, buf, sizeof(buf)));
	EXPECT_EQ(-ELOOP, read_in(self->fd, "abs", RESOLVE_NO_SYMLINKS, buf, sizeof(buf)));
	ASSERT_EQ(0, read_in(self->fd, "etc/passwd", RESOLVE_BENEATH, buf, sizeof(buf)));
	EXPECT_STREQ(INSIDE, buf);
}

/* --- the new mount API --- */

/* A detached tmpfs from fsopen/fsconfig/fsmount: its fd, or -errno. */
static int new_tmpfs(void)
{
	int fs = sys_fsopen("tmpfs", FSOPEN_CLOEXEC), mnt = -errno;

	if (fs < 0)
		return mnt;
	if (sys_fsconfig(fs, FSCONFIG_SET_STRING, "size", "64k", 0) == 0 &&
	    sys_fsconfig(fs, FSCONFIG_CMD_CREATE, NULL, NULL, 0) == 0)
		mnt = sys_fsmount(fs, FSMOUNT_CLOEXEC, 0);
	if (mnt < 0)
		mnt = -errno;
	close(fs);
	return mnt;
}

static int set_rdonly(int dfd, const char *path, unsigned int flags)
{
	struct mount_attr attr = {.attr_set = MOUNT_ATTR_RDONLY};

	return sys_mount_setattr(dfd, path, flags, &attr, sizeof(attr));
}

static void private_mount_ns(struct __test_metadata *_metadata)
{
	ASSERT_EQ(0, unshare(CLONE_NEWNS)) TH_LOG("unshare: %s", strerror(errno));
	ASSERT_EQ(0, mount("none", "/", "none", MS_REC | MS_PRIVATE, NULL));
}

TEST(mount_api_tmpfs_is_usable_then_read_only_after_mount_setattr)
{
	struct statvfs vfs;
	struct statfs fs;
	char buf[32];
	int mnt, fd;

	REQUIRE_PROBE("syscall.mount_api");
	private_mount_ns(_metadata);
	mnt = new_tmpfs();
	ASSERT_LE(0, mnt) TH_LOG("fsopen/fsconfig/fsmount: %s", strerror(-mnt));
	/* Usable while still detached, through its fd. */
	fd = openat(mnt, "hello", O_WRONLY | O_CREAT | O_CLOEXEC, 0644);
	ASSERT_LE(0, fd) TH_LOG("create in the detached tmpfs: %s", strerror(errno));
	ASSERT_EQ(5, write(fd, "hello", 5));
	close(fd);
	ASSERT_EQ(0, sys_move_mount(mnt, "", AT_FDCWD, "/tmp", MOVE_MOUNT_F_EMPTY_PATH))
	TH_LOG("move_mount: %s", strerror(errno));
	close(mnt);
	ASSERT_EQ(0, statfs("/tmp", &fs));
	EXPECT_EQ(TMPFS_MAGIC, fs.f_type);
	ASSERT_EQ(0, read_fd(open("/tmp/hello", O_RDONLY | O_CLOEXEC), buf, sizeof(buf)));
	EXPECT_STREQ("hello", buf);

	ASSERT_EQ(0, set_rdonly(AT_FDCWD, "/tmp", 0)) TH_LOG("mount_setattr: %s", strerror(errno));
	ASSERT_EQ(0, statvfs("/tmp", &vfs));
	EXPECT_TRUE(vfs.f_flag & ST_RDONLY);
	EXPECT_EQ(-EROFS, put_file("/tmp/new", "x"));
	EXPECT_EQ(-EROFS, put_file("/tmp/hello", "changed"));
	ASSERT_EQ(0, read_fd(open("/tmp/hello", O_RDONLY | O_CLOEXEC), buf, sizeof(buf)));
	EXPECT_STREQ("hello", buf);
}

TEST(mount_api_open_tree_clone_is_read_only_on_its_own)
{
	int mnt, tree, fd;

	REQUIRE_PROBE("syscall.mount_api");
	private_mount_ns(_metadata);
	mnt = new_tmpfs();
	ASSERT_LE(0, mnt) TH_LOG("fsopen/fsconfig/fsmount: %s", strerror(-mnt));
	ASSERT_EQ(0, sys_move_mount(mnt, "", AT_FDCWD, "/tmp", MOVE_MOUNT_F_EMPTY_PATH));
	close(mnt);
	tree = sys_open_tree(AT_FDCWD, "/tmp", OPEN_TREE_CLONE | OPEN_TREE_CLOEXEC);
	ASSERT_LE(0, tree) TH_LOG("open_tree: %s", strerror(errno));
	ASSERT_EQ(0, set_rdonly(tree, "", AT_EMPTY_PATH)) TH_LOG("%s", strerror(errno));
	/* The clone refuses writes ... */
	fd = openat(tree, "x", O_WRONLY | O_CREAT | O_CLOEXEC, 0644);
	EXPECT_EQ(-1, fd);
	EXPECT_EQ(EROFS, errno);
	/* ... the original stays writable, and both show the same files. */
	ASSERT_EQ(0, put_file("/tmp/y", "y"));
	fd = openat(tree, "y", O_RDONLY | O_CLOEXEC);
	EXPECT_LE(0, fd);
	close(fd);
	/* Attached where we want it, the clone is a read-only mount there too. */
	ASSERT_EQ(0, mkdir("/tmp/sub", 0755));
	ASSERT_EQ(0, sys_move_mount(tree, "", AT_FDCWD, "/tmp/sub", MOVE_MOUNT_F_EMPTY_PATH));
	close(tree);
	EXPECT_EQ(-EROFS, put_file("/tmp/sub/z", "z"));
	EXPECT_EQ(0, put_file("/tmp/z", "z"));
}

TEST_HARNESS_MAIN
