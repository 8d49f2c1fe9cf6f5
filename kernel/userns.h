/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * A scratch user namespace, for what only asks for one (an idmapped mount
 * tried on a filesystem: probes/fs.c, rlxc create): a child unshares it
 * and waits, dying with us, while its uid and gid maps are written with
 * MAP ("0 100000 65536\n") and it is opened; the child is then killed and
 * reaped. Its fd (O_CLOEXEC), or -errno with *step naming what failed.
 */
#ifndef RLXC_KERNEL_USERNS_H
#define RLXC_KERNEL_USERNS_H

int rlxc_scratch_userns(const char *map, const char **step);

#endif
