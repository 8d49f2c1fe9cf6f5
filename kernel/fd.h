/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* The fds a process keeps. */
#ifndef RLXC_KERNEL_FD_H
#define RLXC_KERNEL_FD_H

#include <stddef.h>

/* Close every fd from 3 up but the n in keep: 0 or -errno. */
int rlxc_close_fds(const int *keep, size_t n);

#endif
