/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * Paths from a container's config, a user or an archive, resolved inside
 * the container's root: openat2(RESOLVE_IN_ROOT | RESOLVE_NO_MAGICLINKS),
 * or the same walk by hand where the kernel has no openat2.
 */
#ifndef RLXC_KERNEL_INROOT_H
#define RLXC_KERNEL_INROOT_H

/* Open PATH (O_PATH) below ROOTFD as if ROOTFD were "/": ".." never leaves
 * it and absolute symlinks start again from it. The fd or -errno. */
int rlxc_open_in_root(int rootfd, const char *path);

/* The same walk done by hand, used where openat2 is missing; exposed for
 * the tests. */
int rlxc_walk_in_root(int rootfd, const char *path);

#endif
