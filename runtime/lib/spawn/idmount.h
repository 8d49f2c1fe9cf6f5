/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * Idmapped mounts (idmount.c): a container's rootfs owned by the host's
 * root, shown to the container's user namespace as its own through
 * mount_setattr(MOUNT_ATTR_IDMAP), so that it needs no chown.
 *
 * rlxc create asks rlxc_idmount_works on the new rootfs: where the
 * filesystem can, the rootfs stays root's and each start maps it
 * (idmount_impl.h); where it cannot, create shifts it by chown instead
 * (store/idshift.h). The probe fs.idmapped_mount asks the same of tmpfs and
 * of the default store's filesystem.
 */
#ifndef RLXC_SPAWN_IDMOUNT_H
#define RLXC_SPAWN_IDMOUNT_H

/* Can path's mount be idmapped (tried on a detached clone of it, for a
 * scratch user namespace; nothing is mounted)? 0, or -errno: EINVAL the
 * filesystem cannot, EPERM not allowed (not root), ENOSYS no
 * mount_setattr, or what open_tree or the user namespace said. */
int rlxc_idmount_works(const char *path);

#endif
