// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * A container's filesystem view: rootfs, /proc, /sys, /dev, mount entries,
 * pivot_root (see rootfs_impl.h for the order and the rules).
 */
#include "rootfs_impl.h"
#include "kernel/inroot.h"
#include "kernel/file.h"
#include "kernel/syscalls.h"
#include "kernel/cleanup.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <sys/sysmacros.h>
#include <unistd.h>

/* The path mount(2) is given for an opened file: the kernel follows it to
 * exactly that file. */
struct fdpath {
	char p[32];
};

static struct fdpath fdpath(int fd)
{
	struct fdpath f;

	snprintf(f.p, sizeof(f.p), "/proc/self/fd/%d", fd);
	return f;
}

/* Make the missing component COMP of PREFIX (which ends with it): a
 * directory, or an empty file. */
static int create_one(int rootfd, const char *prefix, const char *comp, bool file)
{
	char parent[PATH_MAX];
	int fd = rlxc_open_in_root(rootfd, prefix), pfd, ret = 0;

	if (fd >= 0) {
		close(fd);
		return 0;
	}
	if (fd != -ENOENT)
		return fd;
	snprintf(parent, sizeof(parent), "/%.*s", (int)(comp - prefix), prefix);
	pfd = rlxc_open_in_root(rootfd, parent);
	if (pfd < 0)
		return pfd;
	if (file) {
		fd = openat(pfd, comp, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0644);
		if (fd >= 0)
			close(fd);
		else if (errno != EEXIST)
			ret = -errno;
	} else if (mkdirat(pfd, comp, 0755) < 0 && errno != EEXIST) {
		ret = -errno;
	}
	close(pfd);
	return ret;
}

/* mkdir -p PATH inside the root; the last component is a file if FILE. */
static int create_in_root(int rootfd, const char *path, bool file)
{
	char buf[PATH_MAX], *p = buf, *end, save;
	int ret;

	if ((size_t)snprintf(buf, sizeof(buf), "%s", path) >= sizeof(buf))
		return -ENAMETOOLONG;
	for (;;) {
		bool last;

		while (*p == '/')
			p++;
		if (!*p)
			return 0;
		end = strchrnul(p, '/');
		last = !end[strspn(end, "/")];
		save = *end;
		*end = '\0';
		if (strcmp(p, ".") && strcmp(p, "..")) {
			ret = create_one(rootfd, buf, p, file && last);
			if (ret < 0)
				return ret;
		}
		*end = save;
		p = end;
	}
}

/*
 * Mounting on targets resolved inside the root.
 */

/* Mount SRC on TARGET (inside the root): 0 or -errno. */
static int mount_at(int rootfd, const char *src, const char *target, const char *fstype,
		    unsigned long flags, const char *data)
{
	__cleanup_close int fd = rlxc_open_in_root(rootfd, target);

	if (fd < 0)
		return fd;
	if (mount(src, fdpath(fd).p, fstype ? fstype : "none", flags, data) < 0)
		return -errno;
	return 0;
}

/* The flags a remount must repeat (a user namespace cannot clear them). */
static unsigned long kept_flags(int fd)
{
	static const struct {
		unsigned long st, ms;
	} map[] = {
		{ ST_NOSUID, MS_NOSUID },	  { ST_NODEV, MS_NODEV },
		{ ST_NOEXEC, MS_NOEXEC },	  { ST_NOATIME, MS_NOATIME },
		{ ST_NODIRATIME, MS_NODIRATIME }, { ST_RELATIME, MS_RELATIME },
	};
	unsigned long flags = 0;
	struct statvfs sv;

	if (fstatvfs(fd, &sv) < 0)
		return 0;
	for (size_t i = 0; i < sizeof(map) / sizeof(map[0]); i++)
		if (sv.f_flag & map[i].st)
			flags |= map[i].ms;
	return flags;
}

/* Remount the bind mount at TARGET with FLAGS (on top of what it has). */
static int remount_at(int rootfd, const char *target, unsigned long flags)
{
	__cleanup_close int fd = rlxc_open_in_root(rootfd, target);

	if (fd < 0)
		return fd;
	flags |= MS_REMOUNT | MS_BIND | kept_flags(fd);
	if (mount("none", fdpath(fd).p, "none", flags, NULL) < 0)
		return -errno;
	return 0;
}

/* Bind TARGET on itself, read-only. */
static int bind_ro(int rootfd, const char *target)
{
	__cleanup_close int fd = rlxc_open_in_root(rootfd, target);

	if (fd < 0)
		return fd;
	if (mount(fdpath(fd).p, fdpath(fd).p, "none", MS_BIND | MS_REC, NULL) < 0)
		return -errno;
	return remount_at(rootfd, target, MS_RDONLY);
}

/*
 * /proc, /sys, cgroup.
 */

#define PSEUDO_FLAGS (MS_NOSUID | MS_NODEV | MS_NOEXEC)

/* What runc makes read-only in /proc: the host's knobs that no namespace
 * confines (/proc/sys, sysrq, irq affinity, bus and fs settings). Only
 * /proc/sys is sure to exist; the others depend on the kernel's config. */
static const char *const proc_ro[] = { "/proc/sys", "/proc/sysrq-trigger", "/proc/irq",
				       "/proc/bus", "/proc/fs" };

static int mount_proc(const struct rlxc_rootfs *r, int rootfd, struct rlxc_error *err)
{
	int ret;

	create_in_root(rootfd, "/proc", false);
	if ((ret = mount_at(rootfd, "proc", "/proc", "proc", PSEUDO_FLAGS, NULL)) < 0)
		return rlxc_fail(err, -ret, "mount proc on /proc");
	if (r->conf->mount_auto & RLXC_AUTO_PROC_RW)
		return 0;
	for (size_t i = 0; i < sizeof(proc_ro) / sizeof(proc_ro[0]); i++) {
		ret = bind_ro(rootfd, proc_ro[i]);
		if (ret == -ENOENT && i > 0)
			continue;
		if (ret < 0)
			return rlxc_fail(err, -ret, "mount %s read-only", proc_ro[i]);
	}
	return 0;
}

/* What runc (and containerd's default spec) masks: the host's memory,
 * keys, timers, scheduler and hardware details, and firmware and power
 * interfaces; a file gets /dev/null bound over it, a directory an empty
 * read-only tmpfs. Masked whatever lxc.mount.auto says: proc:rw and sys:rw
 * loosen the read-only binds, never these. */
static const char *const masked[] = {
	"/proc/acpi",	      "/proc/asound",	    "/proc/interrupts", "/proc/kcore",
	"/proc/keys",	      "/proc/latency_stats", "/proc/timer_list", "/proc/timer_stats",
	"/proc/sched_debug", "/proc/scsi",	    "/sys/firmware",	"/sys/devices/virtual/powercap",
};

static int mask_one(int rootfd, const char *path)
{
	__cleanup_close int fd = rlxc_open_in_root(rootfd, path);
	struct stat st;

	if (fd < 0)
		return fd == -ENOENT ? 0 : fd;
	if (fstat(fd, &st) < 0)
		return -errno;
	if (S_ISDIR(st.st_mode))
		return mount("rlxc-masked", fdpath(fd).p, "tmpfs", PSEUDO_FLAGS | MS_RDONLY,
			     "mode=0555") < 0
			       ? -errno
			       : 0;
	/* the host's /dev/null: the container's is not made yet */
	return mount("/dev/null", fdpath(fd).p, "none", MS_BIND, NULL) < 0 ? -errno : 0;
}

static int mask_paths(int rootfd, struct rlxc_error *err)
{
	int ret;

	for (size_t i = 0; i < sizeof(masked) / sizeof(masked[0]); i++)
		if ((ret = mask_one(rootfd, masked[i])) < 0)
			return rlxc_fail(err, -ret, "mask %s", masked[i]);
	return 0;
}

static int mount_sys(const struct rlxc_rootfs *r, int rootfd, struct rlxc_error *err)
{
	bool rw = r->conf->mount_auto & RLXC_AUTO_SYS_RW;
	unsigned long flags = PSEUDO_FLAGS | (rw ? 0 : MS_RDONLY);
	int ret;

	create_in_root(rootfd, "/sys", false);
	ret = mount_at(rootfd, "sysfs", "/sys", "sysfs", flags, NULL);
	if (ret == -EPERM && r->userns && !r->own_netns) {
		/* only the owner of the network namespace may mount sysfs */
		ret = mount_at(rootfd, "/sys", "/sys", "none", MS_BIND | MS_REC, NULL);
		if (!ret && !rw)
			ret = remount_at(rootfd, "/sys", MS_RDONLY);
	}
	if (ret < 0)
		return rlxc_fail(err, -ret, "mount sysfs on /sys");
	return 0;
}

static int mount_cgroup(const struct rlxc_rootfs *r, int rootfd, struct rlxc_error *err)
{
	unsigned a = r->conf->mount_auto;
	unsigned long flags = PSEUDO_FLAGS | (a & RLXC_AUTO_CGROUP_RW ? 0 : MS_RDONLY);
	int ret;

	if (!(a & (RLXC_AUTO_CGROUP_RO | RLXC_AUTO_CGROUP_RW | RLXC_AUTO_CGROUP_MIXED)))
		return 0;
	ret = mount_at(rootfd, "cgroup2", "/sys/fs/cgroup", "cgroup2", flags, NULL);
	if (ret < 0)
		return rlxc_fail(err, -ret,
				 "lxc.mount.auto = cgroup: mount cgroup2 on /sys/fs/cgroup");
	return 0;
}

/*
 * /dev.
 */

static const struct {
	const char *name;
	unsigned major, minor;
} dev_nodes[] = {
	{ "null", 1, 3 },   { "zero", 1, 5 },	 { "full", 1, 7 },
	{ "random", 1, 8 }, { "urandom", 1, 9 }, { "tty", 5, 0 },
};

static const char *const dev_links[][2] = {
	{ "fd", "/proc/self/fd" },	 { "stdin", "/proc/self/fd/0" },
	{ "stdout", "/proc/self/fd/1" }, { "stderr", "/proc/self/fd/2" },
	{ "ptmx", "pts/ptmx" },
};

/* An empty file NAME in DEV with SRC bound on it. */
static int bind_file(int dev, const char *name, const char *src, mode_t mode)
{
	__cleanup_close int fd = openat(dev, name, O_RDONLY | O_CREAT | O_CLOEXEC, mode);

	if (fd < 0)
		return -errno;
	if (mount(src, fdpath(fd).p, "none", MS_BIND, NULL) < 0)
		return -errno;
	return 0;
}

static int make_node(int dev, unsigned i, bool userns)
{
	char host[64];
	mode_t mode = S_IFCHR | 0666;

	if (!userns && mknodat(dev, dev_nodes[i].name, mode,
			       makedev(dev_nodes[i].major, dev_nodes[i].minor)) == 0)
		return fchmodat(dev, dev_nodes[i].name, 0666, 0) < 0 ? -errno : 0;
	if (!userns && errno != EPERM)
		return -errno;
	snprintf(host, sizeof(host), "/dev/%s", dev_nodes[i].name);
	return bind_file(dev, dev_nodes[i].name, host, 0666);
}

/* A new devpts instance on /dev/pts, with max=pty_max when it is not 0
 * (lxc.pty.max: the most ptys it gives). */
static int mount_devpts(int dev, unsigned pty_max)
{
	__cleanup_close int fd = -1;
	char opts[96], max[24] = "";

	if (mkdirat(dev, "pts", 0755) < 0)
		return -errno;
	fd = openat(dev, "pts", O_PATH | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	if (pty_max)
		snprintf(max, sizeof(max), ",max=%u", pty_max);
	/* gid 5 (tty) may not be mapped in a user namespace */
	snprintf(opts, sizeof(opts), "newinstance,ptmxmode=0666,mode=0620,gid=5%s", max);
	if (mount("devpts", fdpath(fd).p, "devpts", MS_NOSUID | MS_NOEXEC, opts) == 0)
		return 0;
	snprintf(opts, sizeof(opts), "newinstance,ptmxmode=0666,mode=0620%s", max);
	if (errno == EINVAL &&
	    mount("devpts", fdpath(fd).p, "devpts", MS_NOSUID | MS_NOEXEC, opts) == 0)
		return 0;
	return -errno;
}

static int mount_shm(int dev, unsigned long long size)
{
	__cleanup_close int fd = -1;
	char data[64];

	if (mkdirat(dev, "shm", 01777) < 0)
		return -errno;
	fd = openat(dev, "shm", O_PATH | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	/* as runc mounts it: no binaries, and 64 MiB (lxc.dev.shm.size), not
	 * half the host's memory */
	snprintf(data, sizeof(data), "mode=1777,size=%llu", size ? size : 64ULL << 20);
	if (mount("shm", fdpath(fd).p, "tmpfs", MS_NOSUID | MS_NODEV | MS_NOEXEC, data) < 0)
		return -errno;
	return 0;
}

/* /dev/console and /dev/tty1..N (lxc.tty.max): /dev/null until the
 * container's own ptys take their place (term/terms.h); never a terminal
 * of the host, into which the container could type (TIOCSTI). */
static int bind_terminals(int dev, const struct rlxc_config *c, struct rlxc_error *err)
{
	char name[16];
	int ret;

	if ((ret = bind_file(dev, "console", "/dev/null", 0600)) < 0)
		return rlxc_fail(err, -ret, "bind /dev/null on /dev/console");
	for (unsigned n = 1; n <= c->tty_max; n++) {
		snprintf(name, sizeof(name), "tty%u", n);
		if ((ret = bind_file(dev, name, "/dev/null", 0600)) < 0)
			return rlxc_fail(err, -ret, "bind /dev/null on /dev/%s", name);
	}
	return 0;
}

/* lxc.pty.max counts the ptys the container opens: the ones rlxc makes of
 * its devpts (the console, unless lxc.console.path = none, and the ttys)
 * come on top. */
static unsigned devpts_max(const struct rlxc_config *c)
{
	bool none = c->console_path && strcmp(c->console_path, "none") == 0;

	return c->pty_max ? c->pty_max + c->tty_max + !none : 0;
}

/* What goes into the new /dev (an fd on its tmpfs). */
static int fill_dev(int dev, const struct rlxc_rootfs *r, struct rlxc_error *err)
{
	int ret;

	for (unsigned i = 0; i < sizeof(dev_nodes) / sizeof(dev_nodes[0]); i++)
		if ((ret = make_node(dev, i, r->userns)) < 0)
			return rlxc_fail(err, -ret, "make /dev/%s", dev_nodes[i].name);
	if ((ret = bind_terminals(dev, r->conf, err)) < 0)
		return ret;
	for (size_t i = 0; i < sizeof(dev_links) / sizeof(dev_links[0]); i++)
		if (symlinkat(dev_links[i][1], dev, dev_links[i][0]) < 0)
			return rlxc_fail(err, errno, "symlink /dev/%s", dev_links[i][0]);
	if ((ret = mount_devpts(dev, devpts_max(r->conf))) < 0)
		return rlxc_fail(err, -ret, "mount devpts on /dev/pts%s",
				 r->conf->pty_max ? " (lxc.pty.max)" : "");
	if ((ret = mount_shm(dev, r->conf->shm_size)) < 0)
		return rlxc_fail(err, -ret, "mount tmpfs on /dev/shm%s",
				 r->conf->shm_size ? " (lxc.dev.shm.size)" : "");
	return 0;
}

static int setup_dev(const struct rlxc_rootfs *r, int rootfd, struct rlxc_error *err)
{
	__cleanup_close int dev = -1;
	int ret;

	create_in_root(rootfd, "/dev", false);
	ret = mount_at(rootfd, "none", "/dev", "tmpfs", MS_NOSUID | MS_NOEXEC,
		       "mode=755,size=65536");
	if (ret < 0)
		return rlxc_fail(err, -ret, "mount tmpfs on /dev");
	dev = rlxc_open_in_root(rootfd, "/dev"); /* now the tmpfs */
	if (dev < 0)
		return rlxc_fail(err, -dev, "open /dev");
	/* an O_PATH fd cannot make files: open the directory for real */
	ret = openat(dev, ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	close(dev);
	if ((dev = ret) < 0)
		return rlxc_fail(err, errno, "open /dev");
	return fill_dev(dev, r, err);
}

/*
 * lxc.mount.entry, lxc.mount.fstab.
 */

struct mount_entry {
	char *src, *target, *type;
	unsigned long flags;
	bool create_dir, create_file, optional;
	char data[1024];
};

static const struct {
	const char *name;
	unsigned long set, clear;
} mount_flags[] = {
	{ "defaults", 0, 0 },
	{ "ro", MS_RDONLY, 0 },
	{ "rw", 0, MS_RDONLY },
	{ "bind", MS_BIND, 0 },
	{ "rbind", MS_BIND | MS_REC, 0 },
	{ "nosuid", MS_NOSUID, 0 },
	{ "suid", 0, MS_NOSUID },
	{ "nodev", MS_NODEV, 0 },
	{ "dev", 0, MS_NODEV },
	{ "noexec", MS_NOEXEC, 0 },
	{ "exec", 0, MS_NOEXEC },
	{ "noatime", MS_NOATIME, 0 },
	{ "atime", 0, MS_NOATIME },
	{ "nodiratime", MS_NODIRATIME, 0 },
	{ "diratime", 0, MS_NODIRATIME },
	{ "relatime", MS_RELATIME, 0 },
	{ "norelatime", 0, MS_RELATIME },
	{ "strictatime", MS_STRICTATIME, 0 },
	{ "sync", MS_SYNCHRONOUS, 0 },
	{ "async", 0, MS_SYNCHRONOUS },
	{ "dirsync", MS_DIRSYNC, 0 },
	{ "auto", 0, 0 },
	{ "noauto", 0, 0 },
};

/* fstab escapes: \040 (space), \011 (tab), \012, \134 (backslash). */
static void unescape(char *s)
{
	char *d = s;

	while (*s) {
		if (s[0] == '\\' && s[1] >= '0' && s[1] <= '3' && s[2] >= '0' && s[2] <= '7' &&
		    s[3] >= '0' && s[3] <= '7') {
			*d++ = (char)((s[1] - '0') * 64 + (s[2] - '0') * 8 + (s[3] - '0'));
			s += 4;
		} else {
			*d++ = *s++;
		}
	}
	*d = '\0';
}

static int add_option(struct mount_entry *e, const char *opt)
{
	size_t len = strlen(e->data);

	if (!strcmp(opt, "create=dir"))
		return e->create_dir = true, 0;
	if (!strcmp(opt, "create=file"))
		return e->create_file = true, 0;
	if (!strcmp(opt, "optional"))
		return e->optional = true, 0;
	for (size_t i = 0; i < sizeof(mount_flags) / sizeof(mount_flags[0]); i++)
		if (!strcmp(opt, mount_flags[i].name)) {
			e->flags = (e->flags | mount_flags[i].set) & ~mount_flags[i].clear;
			return 0;
		}
	if ((size_t)snprintf(e->data + len, sizeof(e->data) - len, "%s%s", len ? "," : "", opt) >=
	    sizeof(e->data) - len)
		return -E2BIG;
	return 0;
}

/* Split LINE (modified) into E: source, target, type, options [dump pass]. */
static int parse_entry(char *line, struct mount_entry *e, struct rlxc_error *err)
{
	char *save = NULL, *opts, *opt;

	memset(e, 0, sizeof(*e));
	e->src = strtok_r(line, " \t\n", &save);
	e->target = strtok_r(NULL, " \t\n", &save);
	e->type = strtok_r(NULL, " \t\n", &save);
	opts = strtok_r(NULL, " \t\n", &save);
	if (!e->type)
		return rlxc_fail(err, EINVAL, "needs a source, a target and a type");
	unescape(e->src);
	unescape(e->target);
	for (opt = opts ? strtok_r(opts, ",", &save) : NULL; opt; opt = strtok_r(NULL, ",", &save))
		if (add_option(e, opt) < 0)
			return rlxc_fail(err, E2BIG, "options too long");
	return 0;
}

int rlxc_mount_entry_check(const char *line, struct rlxc_error *err)
{
	struct mount_entry e;
	char *copy = strdup(line);
	int ret;

	if (!copy)
		return rlxc_fail(err, ENOMEM, "lxc.mount.entry");
	ret = parse_entry(copy, &e, err);
	free(copy);
	if (ret < 0)
		rlxc_error_prefix(err, "lxc.mount.entry = %s", line);
	return ret;
}

/* Resolve E's target, making it when asked and missing: an O_PATH fd. */
static int entry_target(int rootfd, const struct mount_entry *e)
{
	int fd = rlxc_open_in_root(rootfd, e->target), ret;

	if (fd != -ENOENT || !(e->create_dir || e->create_file))
		return fd;
	if ((ret = create_in_root(rootfd, e->target, e->create_file)) < 0)
		return ret;
	return rlxc_open_in_root(rootfd, e->target);
}

static int do_entry(int rootfd, const struct mount_entry *e)
{
	unsigned long rest = e->flags & ~(MS_BIND | MS_REC);
	__cleanup_close int fd = entry_target(rootfd, e);
	const char *data = e->data[0] ? e->data : NULL;

	if (fd < 0)
		return fd;
	if (!(e->flags & MS_BIND))
		return mount(e->src, fdpath(fd).p, e->type, e->flags, data) < 0 ? -errno : 0;
	if (mount(e->src, fdpath(fd).p, "none", e->flags & (MS_BIND | MS_REC), NULL) < 0)
		return -errno;
	return rest ? remount_at(rootfd, e->target, rest) : 0;
}

/* Mount one fstab-format LINE (modified). */
static int mount_entry(int rootfd, char *line, struct rlxc_error *err)
{
	struct mount_entry e;
	int ret;

	if ((ret = parse_entry(line, &e, err)) < 0)
		return ret;
	ret = do_entry(rootfd, &e);
	if (ret < 0 && !e.optional)
		return rlxc_fail(err, -ret, "mount %s on %s", e.src, e.target);
	return 0;
}

static bool blank(const char *line)
{
	line += strspn(line, " \t\n");
	return !*line || *line == '#';
}

#define FSTAB_MAX (1 << 20) /* as a config file */

/* lxc.mount.fstab: read whole with a bound (a regular file only), then
 * each line mounted; a read error is an error, never its end. */
static int mount_fstab(const char *path, int rootfd, struct rlxc_error *err)
{
	struct rlxc_text t;
	char *line, *next;
	int ret = rlxc_file_load(path, FSTAB_MAX, &t), n = 0;

	if (ret == -EFBIG)
		rlxc_fail(err, 0, "lxc.mount.fstab %s: larger than %d bytes", path, FSTAB_MAX);
	else if (ret == -EINVAL)
		rlxc_fail(err, 0, "lxc.mount.fstab %s: not a regular file", path);
	else if (ret < 0)
		rlxc_fail(err, -ret, "lxc.mount.fstab %s", path);
	else if (memchr(t.text, '\0', t.len))
		ret = rlxc_fail(err, 0, "lxc.mount.fstab %s: a NUL byte in it", path);
	for (line = ret < 0 ? NULL : t.text; line && !ret; line = next) {
		if ((next = strchr(line, '\n')))
			*next++ = '\0';
		n++;
		if (blank(line))
			continue;
		if ((ret = mount_entry(rootfd, line, err)) < 0)
			rlxc_error_prefix(err, "lxc.mount.fstab %s:%d", path, n);
	}
	free(t.text);
	return ret < 0 ? ret : 0;
}

static int mount_entries(const struct strv *l, int rootfd, struct rlxc_error *err)
{
	char line[PATH_MAX * 2 + 1024];
	int ret;

	for (size_t i = 0; i < l->n; i++) {
		if (blank(l->v[i]))
			continue;
		if ((size_t)snprintf(line, sizeof(line), "%s", l->v[i]) >= sizeof(line))
			return rlxc_fail(err, ENAMETOOLONG, "lxc.mount.entry");
		if ((ret = mount_entry(rootfd, line, err)) < 0) {
			rlxc_error_prefix(err, "lxc.mount.entry");
			return ret;
		}
	}
	return 0;
}

/*
 * pivot_root.
 */

static int pivot(int rootfd, struct rlxc_error *err)
{
	__cleanup_close int old = open("/", O_PATH | O_DIRECTORY | O_CLOEXEC);

	if (old < 0)
		return rlxc_fail(err, errno, "open /");
	if (fchdir(rootfd) < 0)
		return rlxc_fail(err, errno, "chdir to the rootfs");
	if (sys_pivot_root(".", ".") < 0)
		return rlxc_fail(err, errno, "pivot_root");
	/* the old root is now stacked on the new one: detach it */
	if (fchdir(old) < 0 || umount2(".", MNT_DETACH) < 0)
		return rlxc_fail(err, errno, "detach the old root");
	if (chdir("/") < 0)
		return rlxc_fail(err, errno, "chdir /");
	return 0;
}

static int setup_mounts(const struct rlxc_rootfs *r, int rootfd, struct rlxc_error *err)
{
	const struct rlxc_config *c = r->conf;
	int ret;

	if ((ret = mount_proc(r, rootfd, err)) < 0 || (ret = mount_sys(r, rootfd, err)) < 0 ||
	    (ret = mask_paths(rootfd, err)) < 0)
		return ret;
	if (r->rootfs && (ret = setup_dev(r, rootfd, err)) < 0)
		return ret;
	if (c->mount_fstab && (ret = mount_fstab(c->mount_fstab, rootfd, err)) < 0)
		return ret;
	return mount_entries(&c->mount_entries, rootfd, err);
}

int rlxc_rootfs_prepare(const struct rlxc_rootfs *r, int *rootfd, struct rlxc_error *err)
{
	int ret;

	*rootfd = -1;
	/* the devpts of lxc.pty.max is the one of the new /dev */
	if (!r->rootfs && r->conf->pty_max)
		return rlxc_fail(
			err, 0,
			"lxc.pty.max needs lxc.rootfs.path: without a rootfs the container "
			"has the host's /dev/pts");
	if (mount("none", "/", "none", MS_REC | MS_PRIVATE, NULL) < 0)
		return rlxc_fail(err, errno, "make / private");
	if (r->rootfs && mount(r->rootfs, r->rootfs, "none", MS_BIND | MS_REC, NULL) < 0)
		return rlxc_fail(err, errno, "bind rootfs %s", r->rootfs);
	*rootfd = open(r->rootfs ? r->rootfs : "/", O_PATH | O_DIRECTORY | O_CLOEXEC);
	if (*rootfd < 0)
		return rlxc_fail(err, errno, "open rootfs %s", r->rootfs ? r->rootfs : "/");
	if ((ret = setup_mounts(r, *rootfd, err)) < 0) {
		close(*rootfd);
		*rootfd = -1;
	}
	return ret;
}

int rlxc_rootfs_finish(const struct rlxc_rootfs *r, int rootfd, struct rlxc_error *err)
{
	int ret = mount_cgroup(r, rootfd, err);

	if (ret == 0 && r->rootfs)
		ret = pivot(rootfd, err);
	close(rootfd);
	return ret;
}
