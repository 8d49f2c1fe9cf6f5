// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * A rootfs shifted into a container's ids by chown, with its setuid bits,
 * file capabilities and ACLs kept (idshift.h).
 */
#include "idshift.h"
#include "idmap.h"

#include <dirent.h>
#include <endian.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <linux/capability.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/xattr.h>
#include <unistd.h>

#define MAX_DEPTH 256
#define XATTR_MAX 4096

#define CAPS_XATTR	  "security.capability"
#define ACL_ACCESS_XATTR  "system.posix_acl_access"
#define ACL_DEFAULT_XATTR "system.posix_acl_default"
#define ACL_XATTR_VERSION 2
#define ACL_TAG_USER	  0x02
#define ACL_TAG_GROUP	  0x08

struct shift {
	unsigned long uid, gid;
	dev_t dev;
	int depth;
	char path[PATH_MAX]; /* of what is being shifted, for messages */
	struct rlxc_error *err;
};

/* id moved into the block at base: 0, 1 when it is there already, or
 * -ERANGE for an id that does not fit. */
static int shifted(unsigned long id, unsigned long base, unsigned long *out)
{
	if (id >= base && id < base + RLXC_IDBLOCK)
		return *out = id, 1;
	if (id >= RLXC_IDBLOCK)
		return -ERANGE;
	*out = id + base;
	return 0;
}

/* A file capability as revision 3, its root moved to the block: the
 * caller's buffer rewritten, its new size returned; -EINVAL: not one. */
static ssize_t caps_shifted(const struct shift *s, unsigned char *buf, ssize_t n)
{
	struct vfs_ns_cap_data cap = { 0 };
	uint32_t magic, rev;
	unsigned long root = 0;

	if (n < (ssize_t)XATTR_CAPS_SZ_1)
		return -EINVAL;
	memcpy(&cap, buf, (size_t)n < sizeof(cap) ? (size_t)n : sizeof(cap));
	magic = le32toh(cap.magic_etc);
	rev = magic & VFS_CAP_REVISION_MASK;
	if (rev == VFS_CAP_REVISION_1 && n == XATTR_CAPS_SZ_1)
		cap.data[1].permitted = cap.data[1].inheritable = 0;
	else if (rev == VFS_CAP_REVISION_3 && n == XATTR_CAPS_SZ_3)
		root = le32toh(cap.rootid);
	else if (rev != VFS_CAP_REVISION_2 || n != XATTR_CAPS_SZ_2)
		return -EINVAL;
	if (shifted(root, s->uid, &root) < 0)
		return -ERANGE;
	cap.magic_etc = htole32(VFS_CAP_REVISION_3 | (magic & VFS_CAP_FLAGS_EFFECTIVE));
	cap.rootid = htole32((uint32_t)root);
	memcpy(buf, &cap, XATTR_CAPS_SZ_3);
	return XATTR_CAPS_SZ_3;
}

/* The named users and groups of a POSIX ACL moved to the block. */
static int acl_shifted(const struct shift *s, unsigned char *buf, ssize_t n)
{
	uint32_t version;

	if (n < 4 || (n - 4) % 8)
		return -EINVAL;
	memcpy(&version, buf, 4);
	if (le32toh(version) != ACL_XATTR_VERSION)
		return -EINVAL;
	for (unsigned char *e = buf + 4; e < buf + n; e += 8) {
		uint16_t tag;
		uint32_t id;
		unsigned long moved;

		memcpy(&tag, e, 2);
		memcpy(&id, e + 4, 4);
		tag = le16toh(tag);
		if (tag != ACL_TAG_USER && tag != ACL_TAG_GROUP)
			continue;
		if (shifted(le32toh(id), tag == ACL_TAG_USER ? s->uid : s->gid, &moved) < 0)
			return -ERANGE;
		id = htole32((uint32_t)moved);
		memcpy(e + 4, &id, 4);
	}
	return 0;
}

/* One extended attribute of fd, read before the chown (which drops a file
 * capability) and written back shifted after it. */
struct kept_xattr {
	const char *name;
	unsigned char buf[XATTR_MAX];
	ssize_t n; /* 0: none */
};

static int keep_xattr(int fd, struct kept_xattr *x)
{
	x->n = fgetxattr(fd, x->name, x->buf, sizeof(x->buf));
	if (x->n >= 0)
		return 0;
	x->n = 0;
	return errno == ENODATA || errno == ENOTSUP ? 0 : -errno;
}

static int put_xattr(const struct shift *s, int fd, struct kept_xattr *x)
{
	ssize_t n = x->n;

	if (!n)
		return 0;
	if (!strcmp(x->name, CAPS_XATTR))
		n = caps_shifted(s, x->buf, n);
	else if (acl_shifted(s, x->buf, n) < 0)
		n = -EINVAL;
	if (n < 0)
		return (int)n;
	return fsetxattr(fd, x->name, x->buf, (size_t)n, 0) < 0 ? -errno : 0;
}

/* The new owner and group of st: 0, 1 when both are in the block already. */
static int new_ids(struct shift *s, const struct stat *st, uid_t *u, gid_t *g)
{
	unsigned long nu, ng;
	int a = shifted(st->st_uid, s->uid, &nu), b = shifted(st->st_gid, s->gid, &ng);

	if (a < 0 || b < 0)
		return rlxc_fail(s->err, 0, "%s: owner %u:%u is not below %lu", s->path,
				 (unsigned)st->st_uid, (unsigned)st->st_gid, RLXC_IDBLOCK);
	*u = (uid_t)nu;
	*g = (gid_t)ng;
	return a && b;
}

/* A regular file or a directory, opened: chown, then what it dropped. */
static int shift_fd(struct shift *s, int fd, const struct stat *st)
{
	struct kept_xattr x[3] = { { .name = CAPS_XATTR },
				   { .name = ACL_ACCESS_XATTR },
				   { .name = ACL_DEFAULT_XATTR } };
	size_t nx = S_ISDIR(st->st_mode) ? 3 : 2;
	uid_t u;
	gid_t g;
	int ret = new_ids(s, st, &u, &g);

	if (ret)
		return ret < 0 ? ret : 0;
	for (size_t i = 0; i < nx; i++)
		if ((ret = keep_xattr(fd, &x[i])) < 0)
			return rlxc_fail(s->err, -ret, "%s: read %s", s->path, x[i].name);
	if (fchown(fd, u, g) < 0)
		return rlxc_fail(s->err, errno, "chown %s", s->path);
	/* chown clears setuid and setgid */
	if ((st->st_mode & (S_ISUID | S_ISGID)) && fchmod(fd, st->st_mode & 07777) < 0)
		return rlxc_fail(s->err, errno, "chmod %s", s->path);
	for (size_t i = 0; i < nx; i++)
		if ((ret = put_xattr(s, fd, &x[i])) < 0)
			return rlxc_fail(s->err, -ret, "%s: write %s", s->path, x[i].name);
	return 0;
}

/* Anything else (symlink, device, FIFO, socket): by name, not followed. */
static int shift_at(struct shift *s, int dirfd, const char *name, const struct stat *st)
{
	uid_t u;
	gid_t g;
	int ret = new_ids(s, st, &u, &g);

	if (ret)
		return ret < 0 ? ret : 0;
	if (fchownat(dirfd, name, u, g, AT_SYMLINK_NOFOLLOW) < 0)
		return rlxc_fail(s->err, errno, "chown %s", s->path);
	if (!S_ISLNK(st->st_mode) && (st->st_mode & (S_ISUID | S_ISGID)) &&
	    fchmodat(dirfd, name, st->st_mode & 07777, 0) < 0)
		return rlxc_fail(s->err, errno, "chmod %s", s->path);
	return 0;
}

static int walk(struct shift *s, int dirfd);

/* Entry name of dirfd, whose path is s->path. */
static int shift_entry(struct shift *s, int dirfd, const char *name)
{
	int flags = O_RDONLY | O_NOFOLLOW | O_CLOEXEC | O_NONBLOCK | O_NOCTTY, fd, ret;
	struct stat st;

	if (fstatat(dirfd, name, &st, AT_SYMLINK_NOFOLLOW) < 0)
		return rlxc_fail(s->err, errno, "stat %s", s->path);
	if (st.st_dev != s->dev)
		return rlxc_fail(s->err, EXDEV, "%s: another filesystem", s->path);
	if (!S_ISDIR(st.st_mode) && !S_ISREG(st.st_mode))
		return shift_at(s, dirfd, name, &st);
	if ((fd = openat(dirfd, name, flags | (S_ISDIR(st.st_mode) ? O_DIRECTORY : 0))) < 0)
		return rlxc_fail(s->err, errno, "open %s", s->path);
	ret = S_ISDIR(st.st_mode) ? walk(s, fd) : 0;
	if (ret == 0)
		ret = shift_fd(s, fd, &st);
	close(fd);
	return ret;
}

/* Every entry of the directory dirfd (s->path), then on to the next. */
static int walk(struct shift *s, int dirfd)
{
	size_t len = strlen(s->path);
	struct dirent *de;
	int dup_fd, ret = 0;
	DIR *d;

	if (++s->depth > MAX_DEPTH)
		return rlxc_fail(s->err, ELOOP, "%s: more than %d levels", s->path, MAX_DEPTH);
	if ((dup_fd = fcntl(dirfd, F_DUPFD_CLOEXEC, 3)) < 0 || !(d = fdopendir(dup_fd))) {
		ret = rlxc_fail(s->err, errno, "open %s", s->path);
		if (dup_fd >= 0)
			close(dup_fd);
		return ret;
	}
	while (!ret && (errno = 0, de = readdir(d))) {
		if (!strcmp(de->d_name, ".") || !strcmp(de->d_name, ".."))
			continue;
		if ((size_t)snprintf(s->path + len, sizeof(s->path) - len, "/%s", de->d_name) >=
		    sizeof(s->path) - len)
			ret = rlxc_fail(s->err, ENAMETOOLONG, "%s", s->path);
		else
			ret = shift_entry(s, dirfd, de->d_name);
		s->path[len] = '\0';
	}
	if (!ret && errno)
		ret = rlxc_fail(s->err, errno, "read %s", s->path);
	closedir(d);
	s->depth--;
	return ret;
}

int rlxc_idshift_tree(const char *root, unsigned long uid, unsigned long gid,
		      struct rlxc_error *err)
{
	struct shift s = { .uid = uid, .gid = gid, .err = err };
	struct stat st;
	int fd, ret;

	snprintf(s.path, sizeof(s.path), "%s", root);
	fd = open(root, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
	if (fd < 0 || fstat(fd, &st) < 0) {
		ret = rlxc_fail(err, errno, "open %s", root);
		if (fd >= 0)
			close(fd);
		return ret;
	}
	s.dev = st.st_dev;
	ret = walk(&s, fd);
	if (ret == 0)
		ret = shift_fd(&s, fd, &st);
	close(fd);
	return ret;
}
