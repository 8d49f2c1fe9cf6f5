/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* Directories of the runtime, with the error idiom; the small-file helpers
 * they build on are kernel/file.h. */
#ifndef RLXC_FSUTIL_H
#define RLXC_FSUTIL_H

#include "error.h"

#include <sys/types.h>

/* Remove path and everything below it, never following a symlink and never
 * crossing into another mount (a mount found below is an error, nothing
 * of it is touched). A missing path is not an error. */
int rlxc_rmtree(const char *path, struct rlxc_error *err);

/* mkdir -p (rlxc_mkdirs), saying "mkdir DIR: REASON" in err. */
int rlxc_mkdir_p(const char *path, mode_t mode, struct rlxc_error *err);

#endif
