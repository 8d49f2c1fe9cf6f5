// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Idmapped mounts of a container's rootfs (idmount.h, idmount_impl.h): the
 * parent, root on the host, makes the mount for the child's user
 * namespace and passes it over the sync socket; the child attaches it.
 */
#include "idmount.h"
#include "idmount_impl.h"
#include "sync_impl.h"
#include "kernel/cleanup.h"
#include "kernel/syscalls.h"
#include "kernel/userns.h"

#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

/* The map of the scratch user namespace rlxc_idmount_works tries with. */
#define SCRATCH_MAP "0 100000 65536\n"

/* A detached clone of path's tree, idmapped to the user namespace nsfd:
 * its fd, or -errno. */
static int idmapped_tree(const char *path, int nsfd)
{
	struct mount_attr attr = { .attr_set = MOUNT_ATTR_IDMAP, .userns_fd = (__u64)nsfd };
	int tree =
		sys_open_tree(AT_FDCWD, path, OPEN_TREE_CLONE | OPEN_TREE_CLOEXEC | AT_RECURSIVE);
	int e;

	if (tree < 0)
		return -errno;
	if (sys_mount_setattr(tree, "", AT_EMPTY_PATH | AT_RECURSIVE, &attr, sizeof(attr)) < 0) {
		e = errno;
		close(tree);
		return -e;
	}
	return tree;
}

int rlxc_idmount_works(const char *path)
{
	const char *step;
	int ns = rlxc_scratch_userns(SCRATCH_MAP, &step), tree;

	if (ns < 0)
		return ns;
	tree = idmapped_tree(path, ns);
	close(ns);
	if (tree < 0)
		return tree;
	close(tree);
	return 0;
}

/* The host uid the container's root is (lxc.idmap u 0 HOSTID RANGE). */
static bool root_uid(const struct rlxc_config *c, unsigned long *uid)
{
	for (size_t i = 0; i < c->n_idmap; i++)
		if (c->idmap[i].which == 'u' && c->idmap[i].nsid == 0 && c->idmap[i].range > 0)
			return *uid = c->idmap[i].hostid, true;
	return false;
}

/* Is host id `id` of kind which ('u' or 'g') mapped into the container? */
static bool mapped(const struct rlxc_config *c, char which, unsigned long id)
{
	for (size_t i = 0; i < c->n_idmap; i++)
		if (c->idmap[i].which == which && id >= c->idmap[i].hostid &&
		    id - c->idmap[i].hostid < c->idmap[i].range)
			return true;
	return false;
}

/* May the container's root (host uid, gid) search the directory st? Its
 * capabilities count only where the owner and group are mapped. */
static bool searchable(const struct rlxc_config *c, const struct stat *st, unsigned long uid,
		       unsigned long gid)
{
	if (mapped(c, 'u', st->st_uid) && mapped(c, 'g', st->st_gid))
		return true;
	if (st->st_uid == uid)
		return st->st_mode & S_IXUSR;
	return st->st_mode & (st->st_gid == gid ? S_IXGRP : S_IXOTH);
}

/*
 * The child sets up the rootfs as the container's root: every directory
 * above it must let that root through, else the start fails with a bare
 * EACCES. Said here, before anything is made, with the directory to open.
 */
static int check_reachable(const struct rlxc_config *c, const char *rootfs, unsigned long uid,
			   struct rlxc_error *err)
{
	unsigned long gid = 0;
	char dir[PATH_MAX];
	struct stat st;

	for (size_t i = 0; i < c->n_idmap; i++)
		if (c->idmap[i].which == 'g' && c->idmap[i].nsid == 0)
			gid = c->idmap[i].hostid;
	for (const char *p = rootfs; (p = strchr(p, '/')); p++) {
		snprintf(dir, sizeof(dir), "%.*s", p == rootfs ? 1 : (int)(p - rootfs), rootfs);
		if (stat(dir, &st) == 0 && !searchable(c, &st, uid, gid))
			return rlxc_fail(err, EACCES,
					 "the container's root (host uid %lu, gid %lu) cannot pass "
					 "through %s (owner %u:%u, mode %04o) to its rootfs %s: "
					 "chmod o+x %s",
					 uid, gid, dir, (unsigned)st.st_uid, (unsigned)st.st_gid,
					 (unsigned)(st.st_mode & 07777), rootfs, dir);
	}
	return 0;
}

/* Does the kernel have open_tree and mount_setattr (5.12)? Asked with
 * calls that fail at once, whatever the answer: ENOSYS is "no" (also under
 * valgrind 3.19, which knows neither). */
static bool have_mount_api(void)
{
	if (sys_open_tree(-1, "", 0) < 0 && errno == ENOSYS)
		return false;
	return !(sys_mount_setattr(-1, "", 0, NULL, 0) < 0 && errno == ENOSYS);
}

int rlxc_idmount_plan(const struct rlxc_config *c, const char *rootfs, bool *need,
		      struct rlxc_error *err)
{
	struct stat st, host;
	unsigned long uid;
	int ret;

	*need = false;
	if (!rootfs || !root_uid(c, &uid) || stat(rootfs, &st) < 0)
		return 0; /* nothing to map, or check_rootfs says why */
	if ((ret = check_reachable(c, rootfs, uid, err)) < 0)
		return ret;
	if (st.st_uid == uid || st.st_uid != 0)
		return 0;
	if (stat("/", &host) == 0 && host.st_dev == st.st_dev && host.st_ino == st.st_ino)
		return rlxc_fail(err, 0,
				 "lxc.rootfs.path %s is the host's root: rlxc does not map it "
				 "into a user namespace, whose root would own the host's files",
				 rootfs);
	/* a kernel without idmapped mounts starts it as rlxc did before them:
	 * the rootfs unmapped, nobody's inside (rlxc create chowns there) */
	*need = have_mount_api();
	return 0;
}

static int send_fd(int sock, int kind, int fd)
{
	struct rlxc_sync_msg m = { .kind = kind };
	struct iovec iov = { .iov_base = &m, .iov_len = sizeof(m) };
	union {
		char buf[CMSG_SPACE(sizeof(int))];
		struct cmsghdr align;
	} u = { 0 };
	struct msghdr mh = { .msg_iov = &iov,
			     .msg_iovlen = 1,
			     .msg_control = u.buf,
			     .msg_controllen = sizeof(u.buf) };
	struct cmsghdr *cm = CMSG_FIRSTHDR(&mh);

	cm->cmsg_level = SOL_SOCKET;
	cm->cmsg_type = SCM_RIGHTS;
	cm->cmsg_len = CMSG_LEN(sizeof(int));
	memcpy(CMSG_DATA(cm), &fd, sizeof(int));
	return sendmsg(sock, &mh, MSG_NOSIGNAL) == (ssize_t)sizeof(m) ? 0 : -errno;
}

int rlxc_idmount_send(int sock, int kind, pid_t child, const char *rootfs, struct rlxc_error *err)
{
	char path[64];
	__cleanup_close int ns = -1;
	int tree, ret;

	snprintf(path, sizeof(path), "/proc/%d/ns/user", (int)child);
	if ((ns = open(path, O_RDONLY | O_CLOEXEC)) < 0)
		return rlxc_fail(err, errno, "open %s", path);
	tree = idmapped_tree(rootfs, ns);
	if (tree == -EINVAL)
		return rlxc_fail(err, EINVAL,
				 "rootfs %s is owned by the host's root, and its filesystem "
				 "cannot be idmapped for the container's user namespace: shift the "
				 "rootfs into the map (rlxc create does, on such a filesystem) or "
				 "make the container privileged (no lxc.idmap); "
				 "mount_setattr(MOUNT_ATTR_IDMAP)",
				 rootfs);
	if (tree < 0)
		return rlxc_fail(err, -tree, "idmapped mount of rootfs %s", rootfs);
	ret = send_fd(sock, kind, tree);
	close(tree);
	return ret < 0 ? rlxc_fail(err, -ret, "send the idmapped rootfs") : 0;
}

/* The fd that came with a message of kind KIND: its fd, or -errno. */
static int recv_fd(int sock, int kind)
{
	struct rlxc_sync_msg m;
	struct iovec iov = { .iov_base = &m, .iov_len = sizeof(m) };
	union {
		char buf[CMSG_SPACE(sizeof(int))];
		struct cmsghdr align;
	} u;
	struct msghdr mh = { .msg_iov = &iov,
			     .msg_iovlen = 1,
			     .msg_control = u.buf,
			     .msg_controllen = sizeof(u.buf) };
	struct cmsghdr *cm;
	ssize_t n;
	int fd = -1;

	do
		n = recvmsg(sock, &mh, MSG_CMSG_CLOEXEC);
	while (n < 0 && errno == EINTR);
	if (n < 0)
		return -errno;
	cm = CMSG_FIRSTHDR(&mh);
	if (cm && cm->cmsg_level == SOL_SOCKET && cm->cmsg_type == SCM_RIGHTS &&
	    cm->cmsg_len == CMSG_LEN(sizeof(int)))
		memcpy(&fd, CMSG_DATA(cm), sizeof(int));
	if (n == (ssize_t)sizeof(m) && m.kind == kind && fd >= 0 && !(mh.msg_flags & MSG_CTRUNC))
		return fd;
	if (fd >= 0)
		close(fd);
	return -EPROTO;
}

int rlxc_idmount_attach(int sock, int kind, const char *rootfs, struct rlxc_error *err)
{
	int tree = recv_fd(sock, kind), ret = 0;

	if (tree < 0)
		return rlxc_fail(err, tree == -EPROTO ? 0 : -tree,
				 "the supervisor sent no idmapped rootfs");
	if (mount("none", "/", "none", MS_REC | MS_PRIVATE, NULL) < 0)
		ret = rlxc_fail(err, errno, "make / private");
	else if (sys_move_mount(tree, "", AT_FDCWD, rootfs, MOVE_MOUNT_F_EMPTY_PATH) < 0)
		ret = rlxc_fail(err, errno, "attach the idmapped rootfs on %s", rootfs);
	close(tree);
	return ret;
}
