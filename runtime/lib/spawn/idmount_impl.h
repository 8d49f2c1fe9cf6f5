/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * The idmapped rootfs of a start (spawn.c; see idmount.h):
 *
 *  - rlxc_idmount_plan decides, before anything is made, from the
 *    rootfs's owner: a container whose root is mapped (lxc.idmap) to the
 *    owner of its rootfs needs nothing (a rootfs shifted by chown, or one
 *    of the caller's own); one owned by the host's root is mapped with an
 *    idmapped mount (on a kernel without mount_setattr, none: the rootfs
 *    is nobody's inside, as before); any other owner is left as it is.
 *    The host's own "/" is never mapped: its root would own the host's
 *    files. Every directory above the rootfs must let the container's
 *    root through (it sets up the rootfs as that root), else the error
 *    names the one that does not.
 *  - rlxc_idmount_send, in the parent once the child's uid and gid maps
 *    are written: a detached clone of the rootfs (open_tree
 *    OPEN_TREE_CLONE | AT_RECURSIVE) idmapped to the child's user
 *    namespace, sent to the child as a message of kind KIND with the
 *    mount's fd (SCM_RIGHTS). A filesystem that refuses is an error that
 *    says what to do.
 *  - rlxc_idmount_attach, in the child while it still has the caller's
 *    credentials: that mount, received, attached over the rootfs path in
 *    its own mount namespace (made rprivate first), where the rootfs bind
 *    of rootfs_impl.h then finds it.
 */
#ifndef RLXC_SPAWN_IDMOUNT_IMPL_H
#define RLXC_SPAWN_IDMOUNT_IMPL_H

#include "config/config.h"
#include "base/error.h"

#include <stdbool.h>
#include <sys/types.h>

int rlxc_idmount_plan(const struct rlxc_config *c, const char *rootfs, bool *need,
		      struct rlxc_error *err);
int rlxc_idmount_send(int sock, int kind, pid_t child, const char *rootfs, struct rlxc_error *err);
int rlxc_idmount_attach(int sock, int kind, const char *rootfs, struct rlxc_error *err);

#endif
