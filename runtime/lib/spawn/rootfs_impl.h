/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * A container's filesystem view, built by the spawned child in its new
 * mount namespace (see spawn.h), in this order:
 *
 *  1. / is made rprivate: nothing below propagates back to the host;
 *  2. the rootfs is bind-mounted on itself (a mount point for pivot_root);
 *  3. /proc: a new proc (the container's pid namespace), with /proc/sys,
 *     /proc/sysrq-trigger, /proc/irq, /proc/bus and /proc/fs bound
 *     read-only unless lxc.mount.auto = proc:rw;
 *  4. /sys: a new sysfs, read-only unless lxc.mount.auto = sys:rw (sys:mixed
 *     is read-only too); in a user namespace that does not own the network
 *     namespace (lxc.net.0.type = none) the host's /sys is bound instead;
 *     then the paths runc masks, always: /proc/kcore, keys, timer_list,
 *     sched_debug, ... and /sys/firmware (rootfs.c has the list) get
 *     /dev/null or an empty read-only tmpfs over them;
 *  5. /dev: a tmpfs with null, zero, full, random, urandom and tty (mknod,
 *     or bound from the host's /dev in a user namespace), console and
 *     tty1..N (lxc.tty.max) bound from /dev/null until the container's own
 *     ptys take their place (term/terms.h), a new devpts instance on
 *     /dev/pts with /dev/ptmx -> pts/ptmx (at most lxc.pty.max ptys, and
 *     those rlxc makes, when it is set: devpts max=), a tmpfs on /dev/shm
 *     (noexec, 64 MiB or lxc.dev.shm.size), and the fd, stdin, stdout,
 *     stderr links;
 *  6. lxc.mount.fstab, then lxc.mount.entry lines;
 *  7. lxc.mount.auto = cgroup[:ro|:rw|:mixed]: cgroup2 on /sys/fs/cgroup
 *     (read-only unless :rw; :mixed is read-only). Only cgroup2 is mounted:
 *     after the cgroup namespace its root is the container's own cgroup; on a
 *     hybrid host that hierarchy has only the controllers v2 has there;
 *  8. pivot_root into the rootfs; the old root is detached, nothing of the
 *     host is left inside.
 *
 * /proc and /sys are mounted, read-only where it matters, whether or not
 * lxc.mount.auto names them: a container never sees a writable /proc/sys or
 * /sys by omission; lxc.mount.auto only loosens (proc:rw, sys:rw).
 *
 * Every target (the fixed ones above too) is resolved inside the rootfs:
 * ".." stops at its root and absolute symlinks start again from it, so no
 * target lands outside it (openat2 RESOLVE_IN_ROOT, or the same walk done
 * by hand where openat2 is missing), and the mount is made on the opened
 * directory (/proc/self/fd/N), not on a path that could change.
 *
 * Without a rootfs (rlxc execute with no lxc.rootfs.path) the host's root is
 * used as it is: steps 2, 5 and 8 are skipped, the rest applies to "/" in the
 * private mount namespace; lxc.pty.max is then refused (the host's devpts
 * is the container's).
 *
 * Mount entry options: defaults, ro, rw, bind, rbind, nosuid/suid,
 * nodev/dev, noexec/exec, the atime family, sync, dirsync, create=dir,
 * create=file (make the target when it is missing), optional (a failure is
 * ignored); anything else is filesystem data ("size=10m,mode=755").
 */
#ifndef RLXC_ROOTFS_IMPL_H
#define RLXC_ROOTFS_IMPL_H

#include "config/config.h"
#include "base/error.h"

#include <stdbool.h>

struct rlxc_rootfs {
	const struct rlxc_config *conf;
	const char *rootfs; /* NULL: the host's root, as it is */
	bool userns;	    /* in a new user namespace: no mknod */
	bool own_netns;	    /* a new network namespace: sysfs can be mounted */
};

/* Build it in two steps, around entering the cgroups (the host's cgroup
 * tree must still be reachable then, and a cgroup2 mount wants the cgroup
 * namespace made): _prepare mounts everything but cgroup2 and gives an fd
 * of the new root; _finish mounts cgroup2 (lxc.mount.auto = cgroup) and
 * pivots into it, closing rootfd. On return the caller's root and cwd are
 * the container's "/". */
int rlxc_rootfs_prepare(const struct rlxc_rootfs *r, int *rootfd, struct rlxc_error *err);
int rlxc_rootfs_finish(const struct rlxc_rootfs *r, int rootfd, struct rlxc_error *err);

/* Whether an lxc.mount.entry line can be parsed (before anything is made). */
int rlxc_mount_entry_check(const char *line, struct rlxc_error *err);

#endif
