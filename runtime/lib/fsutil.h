/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* Small filesystem helpers of the runtime. */
#ifndef RLXC_FSUTIL_H
#define RLXC_FSUTIL_H

#include "error.h"

#include <sys/types.h>

/* Remove path and everything below it, never following a symlink and never
 * crossing into another mount (a mount found below is an error, nothing
 * of it is touched). A missing path is not an error. */
int rlxc_rmtree(const char *path, struct rlxc_error *err);

/* mkdir -p with mode for what it creates. */
int rlxc_mkdir_p(const char *path, mode_t mode, struct rlxc_error *err);

#endif
