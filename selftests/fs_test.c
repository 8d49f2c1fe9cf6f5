// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Filesystems for containers, exercised for real: overlayfs (shadowing,
 * whiteouts, copy-up, lower order), aufs, tmpfs size limits, a devpts
 * instance of its own, proc in a new pid namespace, sysfs in a new network
 * namespace, pivot_root, read-only bind mounts, idmapped mounts.
 *
 * Each test makes a scratch dir /tmp/rlxc-t-XXXXXX (removed by the parent
 * in teardown), unshares a private mount namespace in the test process and
 * mounts a tmpfs on the scratch dir: every file and mount lives in that
 * namespace and dies with the test process. Work that changes the root or
 * needs pid 1 runs in a forked child that reports through its exit status.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <limits.h>
#include <poll.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <sys/statvfs.h>
#include <sys/syscall.h>
#include <sys/sysmacros.h>
#include <sys/wait.h>
#include <unistd.h>

#include "kselftest_harness.h"
#include "probe_skip.h"
#include "kernel/syscalls.h"
#include "test_util.h"

#ifndef TMPFS_MAGIC
#define TMPFS_MAGIC 0x01021994
#endif

#define TMPFS_LIMIT (64 * 1024)

/* -errno of access(path), 0 when it exists. */
static int exists(const char *path)
{
	return access(path, F_OK) < 0 ? -errno : 0;
}

static int not_dots(const struct dirent *e)
{
	return strcmp(e->d_name, ".") && strcmp(e->d_name, "..");
}

static int all_digits(const struct dirent *e)
{
	return e->d_name[strspn(e->d_name, "0123456789")] == '\0';
}

/* The names in DIR that FILTER selects, sorted, space-separated. 0 or
 * -errno. */
static int list_some(const char *dir, int (*filter)(const struct dirent *), char *buf, size_t len)
{
	struct dirent **names;
	int n = scandir(dir, &names, filter, alphasort);
	size_t used = 0;

	if (n < 0)
		return -errno;
	buf[0] = '\0';
	for (int i = 0; i < n; i++) {
		if (used < len)
			used += (size_t)snprintf(buf + used, len - used, "%s%s", used ? " " : "",
						 names[i]->d_name);
		free(names[i]);
	}
	free(names);
	return 0;
}

/* The names in DIR except . and .., sorted, space-separated. */
static int list_dir(const char *dir, char *buf, size_t len)
{
	return list_some(dir, not_dots, buf, len);
}

static int mkdirs(const char *const *dirs)
{
	for (; *dirs; dirs++)
		if (mkdir(*dirs, 0755) < 0)
			return -errno;
	return 0;
}

/* Write files from a NULL-terminated list of { path, text } pairs. */
static int put_files(const char *const (*files)[2])
{
	for (; (*files)[0]; files++) {
		int err = put_file((*files)[0], (*files)[1]);

		if (err)
			return err;
	}
	return 0;
}

FIXTURE(fs)
{
	char dir[32]; /* /tmp/rlxc-t-XXXXXX */
};

FIXTURE_SETUP(fs)
{
	snprintf(self->dir, sizeof(self->dir), "/tmp/rlxc-t-XXXXXX");
	ASSERT_NE(NULL, mkdtemp(self->dir)) TH_LOG("mkdtemp: %s", strerror(errno));
}

/* Meant to run in the parent, outside the test's mount namespace, where the
 * dir is no mount point and is empty. After a failed ASSERT this harness
 * may run it in the test process instead: there, detach what the test
 * mounted on the dir first. */
FIXTURE_TEARDOWN_PARENT(fs)
{
	if (!self->dir[0])
		return;
	for (int i = 0; i < 8 && umount2(self->dir, MNT_DETACH) == 0; i++)
		;
	rm_tree(self->dir);
}

static void private_ns(struct __test_metadata *_metadata, int flags)
{
	ASSERT_EQ(0, unshare(CLONE_NEWNS | flags)) TH_LOG("unshare: %s", strerror(errno));
	ASSERT_EQ(0, mount("none", "/", "none", MS_REC | MS_PRIVATE, NULL))
	TH_LOG("make / rprivate: %s", strerror(errno));
}

/* A private mount namespace (plus FLAGS), a tmpfs on the scratch dir, and
 * the cwd in it: relative paths below are on that tmpfs. */
static void enter_scratch(struct __test_metadata *_metadata, const char *dir, int flags,
			  const char *opts)
{
	private_ns(_metadata, flags);
	ASSERT_EQ(0, mount("tmpfs", dir, "tmpfs", MS_NOSUID | MS_NODEV, opts))
	TH_LOG("mount tmpfs on %s: %s", dir, strerror(errno));
	ASSERT_EQ(0, chdir(dir));
}

/* mount -t overlay on TARGET with lowerdirs LOWERS ("l1:l2", relative to
 * DIR) and, when upper is set, upperdir=up,workdir=work. 0 or -errno. */
static int mount_overlay(const char *dir, const char *lowers, bool upper, const char *target)
{
	char opts[1024] = "lowerdir=", copy[128];
	size_t used = strlen(opts);

	snprintf(copy, sizeof(copy), "%s", lowers);
	for (char *save, *l = strtok_r(copy, ":", &save); l; l = strtok_r(NULL, ":", &save))
		used += (size_t)snprintf(opts + used, sizeof(opts) - used, "%s%s/%s",
					 used > strlen("lowerdir=") ? ":" : "", dir, l);
	if (upper)
		snprintf(opts + used, sizeof(opts) - used, ",upperdir=%s/up,workdir=%s/work", dir,
			 dir);
	return mount("overlay", target, "overlay", 0, opts) < 0 ? -errno : 0;
}

static const char *const union_dirs[] = {"l1", "l2", "up", "work", "m", NULL};

#define ASSERT_FILE(path, text)                                                                    \
	do {                                                                                       \
		char _buf[128];                                                                    \
		ASSERT_EQ(0, get_file(path, _buf, sizeof(_buf))) TH_LOG("read %s", path);          \
		ASSERT_STREQ(text, _buf) TH_LOG("content of %s", path);                            \
	} while (0)

TEST_F(fs, overlay_upper_shadows_lower)
{
	static const char *const files[][2] = {
	    {"l1/f", "lower1"}, {"l2/f", "lower2"}, {"up/f", "upper"},
	    {"l1/only1", "1"},	{"l2/only2", "2"},  {NULL, NULL},
	};
	char names[128];

	REQUIRE_ROOT();
	REQUIRE_PROBE("fs.overlay");
	enter_scratch(_metadata, self->dir, 0, "mode=0700");
	ASSERT_EQ(0, mkdirs(union_dirs));
	ASSERT_EQ(0, put_files(files));
	ASSERT_EQ(0, mount_overlay(self->dir, "l1:l2", true, "m"));

	ASSERT_FILE("m/f", "upper");
	ASSERT_FILE("m/only1", "1");
	ASSERT_FILE("m/only2", "2");
	ASSERT_EQ(0, list_dir("m", names, sizeof(names)));
	ASSERT_STREQ("f only1 only2", names);
}

TEST_F(fs, overlay_whiteout_hides_lower)
{
	static const char *const files[][2] = {
	    {"l1/gone", "x"},
	    {"l1/kept", "y"},
	    {NULL, NULL},
	};
	struct stat st;

	REQUIRE_ROOT();
	REQUIRE_PROBE("fs.overlay");
	enter_scratch(_metadata, self->dir, 0, "mode=0700");
	ASSERT_EQ(0, mkdirs(union_dirs));
	ASSERT_EQ(0, put_files(files));
	/* a whiteout made by hand: char device 0/0 in the upper layer */
	ASSERT_EQ(0, mknod("up/gone", S_IFCHR | 0600, makedev(0, 0)));
	ASSERT_EQ(0, mount_overlay(self->dir, "l1:l2", true, "m"));

	ASSERT_EQ(-ENOENT, exists("m/gone"));
	ASSERT_FILE("m/kept", "y");

	/* a whiteout made by overlayfs: rm through the merged dir */
	ASSERT_EQ(0, unlink("m/kept"));
	ASSERT_EQ(-ENOENT, exists("m/kept"));
	ASSERT_EQ(0, lstat("up/kept", &st));
	ASSERT_TRUE(S_ISCHR(st.st_mode));
	ASSERT_EQ(makedev(0, 0), st.st_rdev);
	ASSERT_FILE("l1/kept", "y");
}

TEST_F(fs, overlay_copy_up)
{
	static const char *const files[][2] = {
	    {"l1/f", "orig"},
	    {"l2/g", "two"},
	    {NULL, NULL},
	};

	REQUIRE_ROOT();
	REQUIRE_PROBE("fs.overlay");
	enter_scratch(_metadata, self->dir, 0, "mode=0700");
	ASSERT_EQ(0, mkdirs(union_dirs));
	ASSERT_EQ(0, put_files(files));
	ASSERT_EQ(0, mount_overlay(self->dir, "l1:l2", true, "m"));
	ASSERT_EQ(-ENOENT, exists("up/f"));

	ASSERT_EQ(0, put_file("m/f", "changed"));
	ASSERT_EQ(0, put_file("m/new", "new"));
	ASSERT_FILE("m/f", "changed");
	ASSERT_FILE("up/f", "changed");
	ASSERT_FILE("up/new", "new");
	ASSERT_FILE("l1/f", "orig");
	ASSERT_EQ(-ENOENT, exists("l1/new"));
	ASSERT_EQ(-ENOENT, exists("l2/new"));
	/* a file only read is not copied up */
	ASSERT_FILE("m/g", "two");
	ASSERT_EQ(-ENOENT, exists("up/g"));
}

TEST_F(fs, overlay_three_lowers_in_order)
{
	static const char *const dirs[] = {"l1", "l2", "l3", "fwd", "rev", NULL};
	static const char *const files[][2] = {
	    {"l1/f", "1"}, {"l2/f", "2"}, {"l3/f", "3"}, {"l2/g", "2"},
	    {"l3/g", "3"}, {"l1/k", "1"}, {"l2/k", "2"}, {NULL, NULL},
	};

	REQUIRE_ROOT();
	REQUIRE_PROBE("fs.overlay");
	enter_scratch(_metadata, self->dir, 0, "mode=0700");
	ASSERT_EQ(0, mkdirs(dirs));
	ASSERT_EQ(0, put_files(files));
	ASSERT_EQ(0, mount_overlay(self->dir, "l1:l2:l3", false, "fwd"));
	ASSERT_EQ(0, mount_overlay(self->dir, "l3:l2:l1", false, "rev"));

	/* the leftmost lower that has a name wins */
	ASSERT_FILE("fwd/f", "1");
	ASSERT_FILE("fwd/g", "2");
	ASSERT_FILE("fwd/k", "1");
	ASSERT_FILE("rev/f", "3");
	ASSERT_FILE("rev/g", "3");
	ASSERT_FILE("rev/k", "2");
	/* lowers only: the merged dir is read-only */
	ASSERT_EQ(-EROFS, put_file("fwd/x", "x"));
}

TEST_F(fs, aufs_union)
{
	static const char *const files[][2] = {
	    {"l1/f", "lower"},
	    {"l1/only", "1"},
	    {"up/f", "upper"},
	    {NULL, NULL},
	};
	char opts[256];

	REQUIRE_ROOT();
	REQUIRE_PROBE("fs.aufs");
	enter_scratch(_metadata, self->dir, 0, "mode=0700");
	ASSERT_EQ(0, mkdirs(union_dirs));
	ASSERT_EQ(0, put_files(files));
	snprintf(opts, sizeof(opts), "br=%s/up=rw:%s/l1=ro", self->dir, self->dir);
	ASSERT_EQ(0, mount("none", "m", "aufs", 0, opts)) TH_LOG("%s", strerror(errno));

	ASSERT_FILE("m/f", "upper");
	ASSERT_FILE("m/only", "1");
	ASSERT_EQ(0, put_file("m/only", "changed"));
	ASSERT_FILE("up/only", "changed");
	ASSERT_FILE("l1/only", "1");
}

TEST_F(fs, tmpfs_size_limit_enospc)
{
	static char chunk[4096];
	struct statfs sf;
	size_t total = 0;
	int fd, err = 0;

	REQUIRE_ROOT();
	REQUIRE_PROBE("fs.tmpfs");
	enter_scratch(_metadata, self->dir, 0, "size=64k,mode=0700");
	ASSERT_EQ(0, statfs(".", &sf));
	ASSERT_EQ(TMPFS_MAGIC, (unsigned long)sf.f_type);
	ASSERT_EQ(TMPFS_LIMIT, (unsigned long)sf.f_blocks * (unsigned long)sf.f_bsize);

	memset(chunk, 'x', sizeof(chunk));
	fd = open("big", O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
	ASSERT_LE(0, fd);
	while (total < 16 * TMPFS_LIMIT) {
		ssize_t n = write(fd, chunk, sizeof(chunk));

		if (n < 0) {
			err = errno;
			break;
		}
		total += (size_t)n;
	}
	close(fd);
	ASSERT_EQ(ENOSPC, err) TH_LOG("wrote %zu bytes without ENOSPC", total);
	ASSERT_GT(total, 0);
	ASSERT_LE(total, TMPFS_LIMIT);
}

/* The options devpts reports for the mount at PATH in this namespace. */
static int devpts_super_opts(const char *path, char *buf, size_t len)
{
	FILE *f = fopen("/proc/self/mountinfo", "re");
	char line[1024], mnt[256], fstype[64], opts[256];
	int found = -ENOENT;

	if (!f)
		return -errno;
	while (fgets(line, sizeof(line), f)) {
		char *tail = strstr(line, " - ");

		if (!tail || sscanf(line, "%*s %*s %*s %*s %255s", mnt) != 1 ||
		    sscanf(tail, " - %63s %*s %255s", fstype, opts) != 2)
			continue;
		if (!strcmp(mnt, path) && !strcmp(fstype, "devpts")) {
			snprintf(buf, len, "%s", opts); /* the last one is on top */
			found = 0;
		}
	}
	fclose(f);
	return found;
}

/* Write to the master, read it from the slave. 0 or -errno. */
static int pty_echo(int master, int slave)
{
	struct pollfd p = {.fd = slave, .events = POLLIN};
	char buf[16];
	ssize_t n;

	if (write(master, "ping\n", 5) != 5)
		return -errno;
	if (poll(&p, 1, 2000) != 1)
		return -ETIMEDOUT;
	n = read(slave, buf, sizeof(buf) - 1);
	if (n < 0)
		return -errno;
	buf[n] = '\0';
	return strcmp(buf, "ping\n") ? -EBADMSG : 0;
}

TEST_F(fs, devpts_newinstance)
{
	char host_before[256], host_after[256], names[64], want[64], slave_path[32];
	struct stat host_ptmx, host_ptmx_after, st, host_pts;
	unsigned int index = ~0u;
	int master, slave, unlock = 0;

	REQUIRE_ROOT();
	REQUIRE_PROBE("fs.devpts");
	ASSERT_EQ(0, devpts_super_opts("/dev/pts", host_before, sizeof(host_before)));
	ASSERT_EQ(0, stat("/dev/pts/ptmx", &host_ptmx));
	ASSERT_EQ(0, stat("/dev/pts", &host_pts));
	enter_scratch(_metadata, self->dir, 0, "mode=0755");
	ASSERT_EQ(0, mkdir("pts", 0755));
	ASSERT_EQ(0, mount("devpts", "pts", "devpts", MS_NOSUID | MS_NOEXEC,
			   "newinstance,ptmxmode=0666,mode=0620"));

	ASSERT_EQ(0, stat("pts/ptmx", &st));
	ASSERT_EQ(0666, st.st_mode & 07777);
	ASSERT_NE(host_pts.st_dev, st.st_dev);
	master = open("pts/ptmx", O_RDWR | O_NOCTTY | O_CLOEXEC);
	ASSERT_LE(0, master) TH_LOG("open ptmx: %s", strerror(errno));
	ASSERT_EQ(0, ioctl(master, TIOCGPTN, &index));
	ASSERT_EQ(0, ioctl(master, TIOCSPTLCK, &unlock));
	snprintf(slave_path, sizeof(slave_path), "pts/%u", index);
	slave = open(slave_path, O_RDWR | O_NOCTTY | O_CLOEXEC);
	ASSERT_LE(0, slave) TH_LOG("open %s: %s", slave_path, strerror(errno));
	ASSERT_EQ(0, pty_echo(master, slave));

	/* the instance holds only its own pty */
	snprintf(want, sizeof(want), "%u ptmx", index);
	ASSERT_EQ(0, list_dir("pts", names, sizeof(names)));
	ASSERT_STREQ(want, names);
	/* the host's instance kept its options and its ptmx mode */
	ASSERT_EQ(0, devpts_super_opts("/dev/pts", host_after, sizeof(host_after)));
	ASSERT_STREQ(host_before, host_after);
	ASSERT_EQ(0, stat("/dev/pts/ptmx", &host_ptmx_after));
	ASSERT_EQ(host_ptmx.st_mode, host_ptmx_after.st_mode);
	close(slave);
	close(master);
}

/* Say why a child step failed; its exit status is CODE. */
static int step_fail(int code, const char *what)
{
	fprintf(stderr, "#   child step %d: %s: %s\n", code, what, strerror(errno));
	return code;
}

/* pid 1 of a new pid namespace: mount proc on DIR and see only the
 * namespace's processes (itself and one child). */
static int proc_pid1(void *arg)
{
	const char *dir = arg;
	char self[16], names[64], path[PATH_MAX];
	int gate[2];
	pid_t kid;
	ssize_t n;
	int rc = 0;

	if (getpid() != 1)
		return step_fail(1, "not pid 1");
	if (mount("proc", dir, "proc", MS_NOSUID | MS_NODEV | MS_NOEXEC, NULL) < 0)
		return step_fail(2, "mount proc");
	if (pipe(gate) < 0)
		return step_fail(3, "pipe");
	kid = fork();
	if (kid == 0) {
		char c;

		close(gate[1]);
		_exit(read(gate[0], &c, 1) < 0);
	}
	close(gate[0]);
	snprintf(path, sizeof(path), "%s/self", dir);
	n = readlink(path, self, sizeof(self) - 1);
	if (n < 0)
		rc = step_fail(4, "readlink proc/self");
	else if ((self[n] = '\0', strcmp(self, "1")))
		rc = step_fail(5, "proc/self is not 1");
	else if (list_some(dir, all_digits, names, sizeof(names)) < 0)
		rc = step_fail(6, "list proc");
	close(gate[1]);
	waitpid(kid, NULL, 0);
	if (rc)
		return rc;
	if (strcmp(names, "1 2")) {
		errno = 0;
		fprintf(stderr, "#   proc lists pids: %s\n", names);
		return step_fail(7, "processes other than 1 and 2");
	}
	return 0;
}

TEST_F(fs, proc_in_new_pidns_shows_only_its_processes)
{
	REQUIRE_ROOT();
	REQUIRE_PROBE("fs.proc");
	private_ns(_metadata, CLONE_NEWPID);
	ASSERT_EQ(0, run_child(proc_pid1, self->dir));
}

TEST_F(fs, sysfs_in_new_netns_shows_only_lo)
{
	char host_before[512], host_after[512], names[512], ifindex[16];

	REQUIRE_ROOT();
	REQUIRE_PROBE("fs.sysfs");
	ASSERT_EQ(0, list_dir("/sys/class/net", host_before, sizeof(host_before)));
	enter_scratch(_metadata, self->dir, CLONE_NEWNET, "mode=0755");
	ASSERT_EQ(0, mkdir("sys", 0755));
	ASSERT_EQ(0, mount("sysfs", "sys", "sysfs", MS_NOSUID | MS_NODEV | MS_NOEXEC, NULL));

	ASSERT_EQ(0, list_dir("sys/class/net", names, sizeof(names)));
	ASSERT_STREQ("lo", names);
	ASSERT_EQ(0, get_file("sys/class/net/lo/ifindex", ifindex, sizeof(ifindex)));
	ASSERT_STREQ("1\n", ifindex);
	/* the /sys mounted before still shows the host's devices */
	ASSERT_EQ(0, list_dir("/sys/class/net", host_after, sizeof(host_after)));
	ASSERT_STREQ(host_before, host_after);
}

/* In a mount namespace of its own: pivot_root into a tmpfs on DIR, detach
 * the old root, and find no way back to it. */
static int pivot_child(void *arg)
{
	const char *dir = arg;
	struct stat root, dotdot;
	char names[64];

	if (unshare(CLONE_NEWNS) < 0 || mount("none", "/", "none", MS_REC | MS_PRIVATE, NULL) < 0)
		return step_fail(1, "private mount ns");
	if (mount("tmpfs", dir, "tmpfs", MS_NOSUID | MS_NODEV, "mode=0755") < 0 || chdir(dir) < 0)
		return step_fail(2, "tmpfs for the new root");
	if (put_file("rlxc-new-root", "yes") < 0 || mkdir("old", 0700) < 0)
		return step_fail(3, "populate the new root");
	if (sys_pivot_root(".", "old") < 0)
		return step_fail(4, "pivot_root");
	if (chdir("/") < 0 || umount2("/old", MNT_DETACH) < 0)
		return step_fail(5, "umount2(old, MNT_DETACH)");
	if (exists("/rlxc-new-root") < 0)
		return step_fail(6, "marker missing from /");
	if (list_dir("/old", names, sizeof(names)) < 0 || names[0])
		return step_fail(7, "put_old not empty after detach");
	if (exists("/etc") != -ENOENT || exists("/tmp") != -ENOENT ||
	    exists("/proc/self") != -ENOENT)
		return step_fail(8, "a path of the old root is still reachable");
	if (stat("/", &root) < 0 || stat("/..", &dotdot) < 0 || root.st_ino != dotdot.st_ino ||
	    root.st_dev != dotdot.st_dev)
		return step_fail(9, "/.. leads out of the new root");
	if (chdir("/../..") < 0 || exists("etc") != -ENOENT)
		return step_fail(10, "old root reachable through ..");
	return 0;
}

TEST_F(fs, pivot_root_leaves_old_root_unreachable)
{
	REQUIRE_ROOT();
	REQUIRE_PROBE("fs.pivot_root");
	private_ns(_metadata, 0);
	ASSERT_EQ(0, run_child(pivot_child, self->dir));
	/* the child had a mount namespace of its own: ours is untouched */
	ASSERT_EQ(0, exists("/etc/os-release"));
	ASSERT_EQ(0, exists(self->dir));
}

TEST_F(fs, bind_remount_ro_refuses_writes)
{
	struct statvfs sv;
	int fd;

	REQUIRE_ROOT();
	REQUIRE_PROBE("fs.tmpfs");
	enter_scratch(_metadata, self->dir, 0, "mode=0700");
	ASSERT_EQ(0, mkdir("a", 0755));
	ASSERT_EQ(0, mkdir("b", 0755));
	ASSERT_EQ(0, put_file("a/x", "x"));
	ASSERT_EQ(0, mount("a", "b", "none", MS_BIND, NULL));
	ASSERT_EQ(0, mount("none", "b", "none", MS_BIND | MS_REMOUNT | MS_RDONLY, NULL));
	ASSERT_EQ(0, statvfs("b", &sv));
	ASSERT_TRUE(sv.f_flag & ST_RDONLY);

	ASSERT_EQ(-EROFS, put_file("b/y", "y"));
	fd = open("b/x", O_WRONLY | O_CLOEXEC);
	ASSERT_EQ(-1, fd);
	ASSERT_EQ(EROFS, errno);
	ASSERT_EQ(-1, unlink("b/x"));
	ASSERT_EQ(EROFS, errno);
	ASSERT_EQ(-1, mkdir("b/d", 0755));
	ASSERT_EQ(EROFS, errno);
	/* the same files stay writable through the original mount */
	ASSERT_EQ(0, put_file("a/x", "changed"));
	ASSERT_FILE("b/x", "changed");
}

/*
 * Idmapped mounts (fs.idmapped_mount): a tmpfs tree owned by 0, cloned
 * and idmapped to a user namespace that maps 0 to 100000, shows its files
 * as 100000's, and what that namespace's root creates through it is 0's
 * on the tmpfs: how an unprivileged container uses a rootfs of the host's
 * root without a chown.
 */
struct idmap_child {
	int ready[2], go[2];
};

/* In a new user namespace: say so, wait for the maps and the mount, then
 * as its root create m/new. */
static int idmap_creator(struct idmap_child *c)
{
	char b = 0;
	int fd;

	if (unshare(CLONE_NEWUSER) < 0)
		return child_fail("unshare(CLONE_NEWUSER)");
	if (write(c->ready[1], &b, 1) != 1 || read(c->go[0], &b, 1) != 1)
		return child_fail("sync");
	if (setresgid(0, 0, 0) < 0 || setresuid(0, 0, 0) < 0)
		return child_fail("become the namespace's root");
	if ((fd = open("m/new", O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644)) < 0)
		return child_fail("create m/new through the idmapped mount");
	close(fd);
	return 0;
}

static int write_idmap(pid_t pid, const char *file)
{
	char path[64];

	snprintf(path, sizeof(path), "/proc/%d/%s", (int)pid, file);
	return put_file(path, "0 100000 65536\n");
}

/* src, idmapped to pid's user namespace, attached on m. 0 or -errno. */
static int idmap_src_on_m(pid_t pid)
{
	char path[64];
	int ns, tree, ret = 0;
	struct mount_attr attr = { .attr_set = MOUNT_ATTR_IDMAP };

	if ((ret = write_idmap(pid, "uid_map")) || (ret = write_idmap(pid, "gid_map")))
		return ret;
	snprintf(path, sizeof(path), "/proc/%d/ns/user", (int)pid);
	if ((ns = open(path, O_RDONLY | O_CLOEXEC)) < 0)
		return -errno;
	attr.userns_fd = (__u64)ns;
	tree = sys_open_tree(AT_FDCWD, "src", OPEN_TREE_CLONE | OPEN_TREE_CLOEXEC);
	if (tree < 0 || sys_mount_setattr(tree, "", AT_EMPTY_PATH, &attr, sizeof(attr)) < 0 ||
	    sys_move_mount(tree, "", AT_FDCWD, "m", MOVE_MOUNT_F_EMPTY_PATH) < 0)
		ret = -errno;
	if (tree >= 0)
		close(tree);
	close(ns);
	return ret;
}

TEST_F(fs, idmapped_mount_maps_owners_both_ways)
{
	struct idmap_child c;
	struct stat st;
	int status = -1;
	char b = 0;
	pid_t pid;

	REQUIRE_ROOT();
	REQUIRE_PROBE("fs.idmapped_mount");
	enter_scratch(_metadata, self->dir, 0, "mode=0755");
	ASSERT_EQ(0, mkdir("src", 0777)); /* the namespace's root may create in it */
	ASSERT_EQ(0, mkdir("m", 0755));
	ASSERT_EQ(0, put_file("src/f", "of root\n"));
	ASSERT_EQ(0, pipe2(c.ready, O_CLOEXEC));
	ASSERT_EQ(0, pipe2(c.go, O_CLOEXEC));
	pid = fork();
	ASSERT_LE(0, pid);
	if (pid == 0)
		_exit(idmap_creator(&c));
	ASSERT_EQ(1, read(c.ready[0], &b, 1));
	EXPECT_EQ(0, idmap_src_on_m(pid));
	ASSERT_EQ(1, write(c.go[1], &b, 1));
	ASSERT_EQ(pid, waitpid(pid, &status, 0));
	EXPECT_EQ(0, status);
	ASSERT_EQ(0, stat("m/f", &st));
	EXPECT_EQ(100000, st.st_uid); /* 0 on the tmpfs, the namespace's root through m */
	EXPECT_EQ(100000, st.st_gid);
	ASSERT_EQ(0, stat("src/f", &st));
	EXPECT_EQ(0, st.st_uid);
	ASSERT_EQ(0, stat("src/new", &st)) TH_LOG("m/new was not made");
	EXPECT_EQ(0, st.st_uid); /* made by 100000 through m: 0's on the tmpfs */
	EXPECT_EQ(0, st.st_gid);
}

TEST_HARNESS_MAIN
