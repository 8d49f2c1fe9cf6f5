/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * A rootfs shifted into a container's ids by chown (idshift.c): for a
 * filesystem that cannot give the container an idmapped mount, rlxc create
 * moves the owner of every file of the new rootfs from u to uid + u and its
 * group from g to gid + g, so that what is root's inside is the block's
 * first id outside (idmap.h).
 *
 * The walk never follows a symlink and never leaves the filesystem of root
 * (a mount below is an error). What chown would lose is put back: the
 * setuid and setgid bits, a file capability (rewritten as a namespaced
 * one, revision 3, whose root is uid: the container's root, not the
 * host's, is the one it gives capabilities to) and the users and groups
 * named in POSIX ACLs. An id of 65536 or more cannot be shifted into a
 * block of 65536 and is an error; one already in the block is left as it
 * is (a file of several hard links is met once per link).
 *
 * On an error the tree is half shifted: the caller builds it aside and
 * removes it whole (rlxc create shifts its staging directory).
 */
#ifndef RLXC_STORE_IDSHIFT_H
#define RLXC_STORE_IDSHIFT_H

#include "base/error.h"

int rlxc_idshift_tree(const char *root, unsigned long uid, unsigned long gid,
		      struct rlxc_error *err);

#endif
