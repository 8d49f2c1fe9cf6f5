// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Filesystems a container needs: union mounts (overlay, aufs), tmpfs, a
 * devpts instance of its own, proc and sysfs that show the container's own
 * namespaces, pivot_root into a new root, and idmapped mounts (an
 * unprivileged container's rootfs without a chown).
 *
 * Every try first makes a private mount namespace (unshare + "/" rprivate),
 * then works on a tmpfs mounted over /tmp inside it: nothing is created on
 * the host, and everything goes away with the probe's process. Tries that
 * need a process of their own (pid 1 of a new pid namespace, a changed root)
 * run it with rlxc_run_child() and get its answer through a shared page.
 */
#include "probe_impl.h"
#include "kernel/syscalls.h"
#include "kernel/userns.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <sched.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <signal.h>
#include <sys/mman.h>
#include <sys/mount.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <sys/wait.h>
#include <unistd.h>

#ifndef TMPFS_MAGIC
#define TMPFS_MAGIC 0x01021994
#endif

#define SCRATCH	       "/tmp"
#define CHILD_TIMEOUT  2000
#define TMPFS_PROBE_SZ 65536

/* What a forked helper reports: the step that failed and its errno, or a
 * note on what it saw. Lives in a MAP_SHARED page. */
struct child_report {
	int err;
	char step[64];
	char note[128];
};

static const char *unshare_name(int flags)
{
	switch (flags) {
	case CLONE_NEWPID:
		return "unshare(CLONE_NEWPID|CLONE_NEWNS)";
	case CLONE_NEWNET:
		return "unshare(CLONE_NEWNET|CLONE_NEWNS)";
	default:
		return "unshare(CLONE_NEWNS)";
	}
}

/* unshare(flags | CLONE_NEWNS) and make every mount private. 0 or -errno;
 * *step names what failed. */
static int private_mounts(int flags, const char **step)
{
	*step = unshare_name(flags);
	if (unshare(flags | CLONE_NEWNS) < 0)
		return -errno;
	*step = "mount --make-rprivate /";
	if (mount("none", "/", "none", MS_REC | MS_PRIVATE, NULL) < 0)
		return -errno;
	return 0;
}

/* A private mount namespace with a fresh tmpfs on SCRATCH. */
static enum probe_verdict enter_scratch(struct probe_out *out, int flags, const char *opts)
{
	const char *step;
	int err = private_mounts(flags, &step);

	if (err)
		return probe_fail(out, -err, step);
	if (mount("tmpfs", SCRATCH, "tmpfs", MS_NOSUID | MS_NODEV, opts) < 0)
		return probe_fail(out, errno, "mount tmpfs on " SCRATCH);
	return PROBE_YES;
}

static int put_file(const char *path, const char *text)
{
	__cleanup_close int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
	size_t len = strlen(text);
	ssize_t n;

	if (fd < 0)
		return -errno;
	n = write(fd, text, len);
	if (n < 0)
		return -errno;
	return (size_t)n == len ? 0 : -EIO;
}

/* 0 when PATH holds exactly TEXT, -errno when it cannot be read, 1 when it
 * holds something else. */
static int file_is(const char *path, const char *text)
{
	char buf[64];
	int err = rlxc_file_read(path, buf, sizeof(buf));

	if (err)
		return err;
	return strcmp(buf, text) ? 1 : 0;
}

static void *shared_page(void)
{
	void *p = mmap(NULL, sizeof(struct child_report), PROT_READ | PROT_WRITE,
		       MAP_SHARED | MAP_ANONYMOUS, -1, 0);

	return p == MAP_FAILED ? NULL : p;
}

static int child_failed(struct child_report *r, const char *step)
{
	r->err = errno ? errno : EIO;
	snprintf(r->step, sizeof(r->step), "%s", step);
	return 1;
}

/* Run fn in a child that reports through a shared page and turn what it
 * said into a verdict. The child exits 1 after filling in the step that
 * failed, 0 when all was as expected (YES), 2 when it could do everything
 * but saw the wrong thing (PARTIAL); its note says what it saw. */
static enum probe_verdict run_reporting_child(struct probe_out *out, int (*fn)(void *))
{
	struct child_report *r = shared_page();
	enum probe_verdict v;
	int rc;

	if (!r)
		return probe_fail(out, errno, "mmap");
	memset(r, 0, sizeof(*r));
	rc = rlxc_run_child(fn, r, CHILD_TIMEOUT);
	if (rc < 0) {
		v = probe_fail(out, errno, "child");
	} else if (r->err) {
		v = probe_fail(out, r->err, r->step);
	} else {
		probe_say(out, "%s", r->note);
		v = rc == 0 ? PROBE_YES : rc == 2 ? PROBE_PARTIAL : PROBE_NO;
	}
	munmap(r, sizeof(*r));
	return v;
}

/*
 * Union mounts. Layers: l1 and l2 (lower), up (upper); l1/a, l2/b and
 * up/c each show through, and up/s shadows l1/s and l2/s.
 */
static int union_layers(void)
{
	static const char *const dirs[] = {"l1", "l2", "up", "work", "m"};
	static const char *const files[][2] = {
	    {"l1/a", "l1"},  {"l2/b", "l2"},  {"up/c", "up"},
	    {"l1/s", "l1s"}, {"l2/s", "l2s"}, {"up/s", "upper"},
	};
	char path[PATH_MAX];

	for (size_t i = 0; i < sizeof(dirs) / sizeof(dirs[0]); i++) {
		snprintf(path, sizeof(path), SCRATCH "/%s", dirs[i]);
		if (mkdir(path, 0755) < 0)
			return -errno;
	}
	for (size_t i = 0; i < sizeof(files) / sizeof(files[0]); i++) {
		int err;

		snprintf(path, sizeof(path), SCRATCH "/%s", files[i][0]);
		err = put_file(path, files[i][1]);
		if (err)
			return err;
	}
	return 0;
}

/* What the merged dir shows; says the first thing that is wrong. */
static enum probe_verdict union_check(struct probe_out *out)
{
	static const char *const seen[][2] = {
	    {"a", "l1"},
	    {"b", "l2"},
	    {"c", "up"},
	    {"s", "upper"},
	};
	char path[PATH_MAX];

	for (size_t i = 0; i < sizeof(seen) / sizeof(seen[0]); i++) {
		int rc;

		snprintf(path, sizeof(path), SCRATCH "/m/%s", seen[i][0]);
		rc = file_is(path, seen[i][1]);
		if (rc < 0) {
			probe_say(out, "merged %s: %s", seen[i][0], strerror(-rc));
			return PROBE_PARTIAL;
		}
		if (rc > 0) {
			probe_say(out, "merged %s does not show %s", seen[i][0], seen[i][1]);
			return PROBE_PARTIAL;
		}
	}
	probe_say(out, "files of l1, l2 and upper visible; upper shadows lower");
	return PROBE_YES;
}

static enum probe_verdict union_setup(struct probe_out *out)
{
	enum probe_verdict v = enter_scratch(out, 0, "mode=0700");
	int err;

	if (v != PROBE_YES)
		return v;
	err = union_layers();
	if (err)
		return probe_fail(out, -err, "make layers");
	return PROBE_YES;
}

#define OVL_DIRS ",upperdir=" SCRATCH "/up,workdir=" SCRATCH "/work"

/* Two lowers refused with EINVAL: does one lower work (an old overlayfs)? */
static enum probe_verdict overlay_one_lower(struct probe_out *out)
{
	const char *opts = "lowerdir=" SCRATCH "/l1" OVL_DIRS;

	if (mount("overlay", SCRATCH "/m", "overlay", 0, opts) < 0)
		return PROBE_NO;
	probe_say(out, "one lowerdir mounts");
	probe_reason(out, "overlayfs works with one lower layer only (lowerdir=l1:l2: EINVAL)");
	return PROBE_PARTIAL;
}

PROBE_TRY(try_fs_overlay)
{
	const char *opts = "lowerdir=" SCRATCH "/l1:" SCRATCH "/l2" OVL_DIRS;
	enum probe_verdict v = union_setup(out);

	if (v != PROBE_YES)
		return v;
	if (mount("overlay", SCRATCH "/m", "overlay", 0, opts) < 0) {
		int err = errno;

		v = probe_fail(out, err, "mount -t overlay lowerdir=l1:l2");
		return err == EINVAL ? overlay_one_lower(out) : v;
	}
	probe_say(out, "mount -t overlay lowerdir=l1:l2,upperdir,workdir = 0");
	return union_check(out);
}

PROBE_TRY(try_fs_aufs)
{
	const char *opts = "br=" SCRATCH "/up=rw:" SCRATCH "/l1=ro:" SCRATCH "/l2=ro";
	enum probe_verdict v = union_setup(out);

	if (v != PROBE_YES)
		return v;
	if (mount("none", SCRATCH "/m", "aufs", 0, opts) < 0)
		return probe_fail(out, errno, "mount -t aufs br=up:l1:l2");
	probe_say(out, "mount -t aufs br=up=rw:l1=ro:l2=ro = 0");
	return union_check(out);
}

PROBE_TRY(try_fs_tmpfs)
{
	enum probe_verdict v = enter_scratch(out, 0, "size=64k,mode=0700");
	struct statfs sf;
	int err;

	if (v != PROBE_YES)
		return v;
	if (statfs(SCRATCH, &sf) < 0)
		return probe_fail(out, errno, "statfs");
	err = put_file(SCRATCH "/rlxc-probe", "tmpfs");
	if (!err)
		err = file_is(SCRATCH "/rlxc-probe", "tmpfs") ? -EIO : 0;
	if (err)
		return probe_fail(out, -err, "write a file on tmpfs");
	probe_say(out, "mount -t tmpfs size=64k = 0; file written and read back");
	if ((unsigned long)sf.f_type != TMPFS_MAGIC ||
	    (unsigned long long)sf.f_blocks * (unsigned long long)sf.f_bsize != TMPFS_PROBE_SZ) {
		probe_say(out, "but statfs says type %#lx, %llu bytes", (unsigned long)sf.f_type,
			  (unsigned long long)sf.f_blocks * (unsigned long long)sf.f_bsize);
		return PROBE_PARTIAL;
	}
	probe_say(out, "statfs: tmpfs of 64 KiB");
	return PROBE_YES;
}

/* In the new devpts instance: the slave of pty INDEX exists and opens. */
static enum probe_verdict devpts_slave(struct probe_out *out, unsigned int index)
{
	char path[PATH_MAX];
	struct stat st;
	__cleanup_close int fd = -1;

	snprintf(path, sizeof(path), SCRATCH "/pts/%u", index);
	if (stat(path, &st) < 0)
		return probe_fail(out, errno, "slave in the new instance");
	if (!S_ISCHR(st.st_mode))
		return probe_fail(out, ENOTTY, "slave in the new instance");
	fd = open(path, O_RDWR | O_NOCTTY | O_CLOEXEC);
	if (fd < 0)
		return probe_fail(out, errno, "open slave");
	probe_say(out, "pts/%u appears and opens", index);
	return PROBE_YES;
}

PROBE_TRY(try_fs_devpts)
{
	const char *opts = "newinstance,ptmxmode=0666,mode=0620";
	enum probe_verdict v = enter_scratch(out, 0, "mode=0700");
	__cleanup_close int ptmx = -1;
	unsigned int index = 0;
	int unlock = 0;

	if (v != PROBE_YES)
		return v;
	if (mkdir(SCRATCH "/pts", 0755) < 0)
		return probe_fail(out, errno, "mkdir pts");
	if (mount("devpts", SCRATCH "/pts", "devpts", MS_NOSUID | MS_NOEXEC, opts) < 0)
		return probe_fail(out, errno, "mount -t devpts -o newinstance");
	probe_say(out, "mount -t devpts -o newinstance,ptmxmode=0666 = 0");
	ptmx = open(SCRATCH "/pts/ptmx", O_RDWR | O_NOCTTY | O_CLOEXEC);
	if (ptmx < 0)
		return probe_fail(out, errno, "open its ptmx");
	if (ioctl(ptmx, TIOCGPTN, &index) < 0)
		return probe_fail(out, errno, "TIOCGPTN");
	if (ioctl(ptmx, TIOCSPTLCK, &unlock) < 0)
		return probe_fail(out, errno, "TIOCSPTLCK");
	probe_say(out, "ptmx gives pty %u", index);
	return devpts_slave(out, index);
}

/* pid 1 of the new pid namespace: mount proc, read /proc/self. */
static int proc_child(void *arg)
{
	struct child_report *r = arg;
	char self[32];
	ssize_t n;

	if (mount("proc", "/proc", "proc", MS_NOSUID | MS_NODEV | MS_NOEXEC, NULL) < 0)
		return child_failed(r, "mount -t proc (in the new pid ns)");
	n = readlink("/proc/self", self, sizeof(self) - 1);
	if (n < 0)
		return child_failed(r, "readlink /proc/self");
	self[n] = '\0';
	snprintf(r->note, sizeof(r->note), "child mounted proc; /proc/self -> %s, getpid() = %d",
		 self, (int)getpid());
	return strcmp(self, "1") ? 2 : 0;
}

PROBE_TRY(try_fs_proc)
{
	const char *step;
	int err = private_mounts(CLONE_NEWPID, &step);

	if (err)
		return probe_fail(out, -err, step);
	probe_say(out, "unshare(CLONE_NEWPID|CLONE_NEWNS) = 0");
	return run_reporting_child(out, proc_child);
}

/* The names in /sys/class/net, space-separated, into buf. 0 or -errno. */
static int list_net_class(char *buf, size_t len)
{
	__cleanup_closedir DIR *d = opendir("/sys/class/net");
	struct dirent *e;
	size_t used = 0;

	if (!d)
		return -errno;
	buf[0] = '\0';
	while ((e = readdir(d))) {
		int n;

		if (e->d_name[0] == '.')
			continue;
		n = snprintf(buf + used, len - used, "%s%s", used ? " " : "", e->d_name);
		if (n < 0 || (size_t)n >= len - used)
			break;
		used += (size_t)n;
	}
	return 0;
}

PROBE_TRY(try_fs_sysfs)
{
	const char *step;
	char names[128];
	int err = private_mounts(CLONE_NEWNET, &step);

	if (err)
		return probe_fail(out, -err, step);
	if (mount("sysfs", "/sys", "sysfs", MS_NOSUID | MS_NODEV | MS_NOEXEC, NULL) < 0)
		return probe_fail(out, errno, "mount -t sysfs (in a new net ns)");
	err = list_net_class(names, sizeof(names));
	if (err)
		return probe_fail(out, -err, "/sys/class/net");
	probe_say(out, "unshare(CLONE_NEWNET|CLONE_NEWNS), mount sysfs; /sys/class/net: %s",
		  names[0] ? names : "(empty)");
	if (strcmp(names, "lo")) {
		probe_reason(out, "sysfs in a new network namespace shows %s, not only lo", names);
		return PROBE_PARTIAL;
	}
	return PROBE_YES;
}

/* In its own mount namespace: pivot_root into a tmpfs, drop the old root,
 * and check "/" is the new one. */
static int pivot_child(void *arg)
{
	struct child_report *r = arg;
	const char *step;
	int err = private_mounts(0, &step);
	struct stat st;

	errno = -err;
	if (err)
		return child_failed(r, step);
	if (mount("tmpfs", SCRATCH, "tmpfs", MS_NOSUID | MS_NODEV, "mode=0755") < 0)
		return child_failed(r, "mount tmpfs for the new root");
	if (put_file(SCRATCH "/rlxc-new-root", "") < 0 || mkdir(SCRATCH "/old", 0700) < 0)
		return child_failed(r, "populate the new root");
	if (chdir(SCRATCH) < 0)
		return child_failed(r, "chdir new root");
	if (sys_pivot_root(".", "old") < 0)
		return child_failed(r, "pivot_root");
	if (chdir("/") < 0 || umount2("/old", MNT_DETACH) < 0)
		return child_failed(r, "umount2(put_old, MNT_DETACH)");
	if (rmdir("/old") < 0)
		return child_failed(r, "rmdir put_old");
	snprintf(r->note, sizeof(r->note), "pivot_root(new, put_old) = 0; put_old detached");
	if (stat("/rlxc-new-root", &st) < 0) {
		snprintf(r->note, sizeof(r->note), "pivot_root = 0 but / has no marker");
		return 2;
	}
	return 0;
}

PROBE_TRY(try_fs_pivot_root)
{
	enum probe_verdict v = run_reporting_child(out, pivot_child);

	if (v == PROBE_YES)
		probe_say(out, "/ is the new root (marker found)");
	return v;
}

/*
 * Idmapped mounts: mount_setattr(MOUNT_ATTR_IDMAP) on a detached clone
 * (open_tree OPEN_TREE_CLONE) for a scratch user namespace that maps 0 to
 * IDMAP_BASE, on a tmpfs and on the filesystem of the default store (rlxc
 * create chowns a rootfs where its filesystem cannot). Nothing is attached.
 */
#define IDMAP_BASE  100000
#define IDMAP_MAP   "0 100000 65536\n"
#define IDMAP_STORE "/var/lib/rlxc"

/* An idmapped clone of path's mount; its owner as the host sees it in
 * *uid. 0 or -errno; *step names what failed. */
static int idmap_try(const char *path, int ns, uid_t *uid, const char **step)
{
	struct mount_attr attr = { .attr_set = MOUNT_ATTR_IDMAP, .userns_fd = (__u64)ns };
	__cleanup_close int tree = -1;
	struct stat st;

	*step = "open_tree(OPEN_TREE_CLONE)";
	if ((tree = sys_open_tree(AT_FDCWD, path, OPEN_TREE_CLONE | OPEN_TREE_CLOEXEC)) < 0)
		return -errno;
	*step = "mount_setattr(MOUNT_ATTR_IDMAP)";
	if (sys_mount_setattr(tree, "", AT_EMPTY_PATH, &attr, sizeof(attr)) < 0)
		return -errno;
	*step = "fstat";
	if (fstat(tree, &st) < 0)
		return -errno;
	*uid = st.st_uid;
	return 0;
}

static const char *fs_name(const char *path, char *buf, size_t len)
{
	static const struct {
		unsigned long magic;
		const char *name;
	} names[] = {
		{ 0xef53, "ext4" },	  { 0x58465342, "xfs" },     { 0x9123683e, "btrfs" },
		{ TMPFS_MAGIC, "tmpfs" }, { 0x794c7630, "overlay" }, { 0x858458f6, "ramfs" },
		{ 0x2fc12fc1, "zfs" },	  { 0xf2f52010, "f2fs" },    { 0x6969, "nfs" },
	};
	struct statfs sf;

	snprintf(buf, len, "?");
	if (statfs(path, &sf) < 0)
		return buf;
	snprintf(buf, len, "type %#lx", (unsigned long)sf.f_type);
	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if ((unsigned long)sf.f_type == names[i].magic)
			snprintf(buf, len, "%s", names[i].name);
	return buf;
}

/* The default store, or the nearest directory above it that exists. */
static void store_dir(char *buf, size_t len)
{
	struct stat st;
	char *slash;

	snprintf(buf, len, IDMAP_STORE);
	while (stat(buf, &st) < 0 && (slash = strrchr(buf, '/')))
		slash == buf ? (void)snprintf(buf, len, "/") : (void)(*slash = '\0');
}

/* One filesystem tried: 0 when its root file showed as IDMAP_BASE. */
static int idmap_one(struct probe_out *out, const char *what, const char *path, int ns)
{
	char type[32];
	const char *step;
	uid_t uid = 0;
	int err = idmap_try(path, ns, &uid, &step);

	fs_name(path, type, sizeof(type));
	if (err) {
		probe_say(out, "%s (%s, %s): %s: %s", what, type, path, step, strerror(-err));
		return err;
	}
	probe_say(out, "%s (%s, %s): idmapped, owner 0 shows as %u", what, type, path,
		  (unsigned)uid);
	return uid == IDMAP_BASE ? 0 : -EIO;
}

static enum probe_verdict idmap_verdict(struct probe_out *out, int tmpfs, int store)
{
	if (!tmpfs && !store)
		return PROBE_YES;
	if (!tmpfs || !store) {
		probe_reason(out,
			     "idmapped mounts work on %s only: rlxc create chowns a rootfs "
			     "on a filesystem that cannot",
			     tmpfs ? "the default store's filesystem" : "tmpfs");
		return PROBE_PARTIAL;
	}
	return probe_errno_verdict(tmpfs == -EIO ? EIO : -tmpfs);
}

PROBE_TRY(try_fs_idmapped_mount)
{
	char store[PATH_MAX];
	const char *step;
	int ns, tmpfs, on_store;
	enum probe_verdict v;

	store_dir(store, sizeof(store));
	if ((ns = rlxc_scratch_userns(IDMAP_MAP, &step)) < 0)
		return probe_fail(out, -ns, step);
	v = enter_scratch(out, 0, "size=64k,mode=0755");
	if (v != PROBE_YES) {
		close(ns);
		return v;
	}
	tmpfs = idmap_one(out, "tmpfs", SCRATCH, ns);
	on_store = idmap_one(out, "the default store's filesystem", store, ns);
	close(ns);
	return idmap_verdict(out, tmpfs, on_store);
}
