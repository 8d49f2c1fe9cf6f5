/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* Small filesystem helpers of the runtime. */
#ifndef RLXC_FSUTIL_H
#define RLXC_FSUTIL_H

#include "error.h"

#include <stddef.h>
#include <sys/types.h>

/* Remove path and everything below it, never following a symlink and never
 * crossing into another mount (a mount found below is an error, nothing
 * of it is touched). A missing path is not an error. */
int rlxc_rmtree(const char *path, struct rlxc_error *err);

/* Close every fd from 3 up but the n in keep: 0 or -errno. */
int rlxc_close_fds(const int *keep, size_t n);

/* mkdir -p: every missing directory of path made with mode, whatever the
 * umask. rlxc_mkdirs: 0 or -errno, the directory that failed in at (when
 * given); rlxc_mkdir_p says "mkdir DIR: REASON" in err. */
int rlxc_mkdirs(const char *path, mode_t mode, char *at, size_t len);
int rlxc_mkdir_p(const char *path, mode_t mode, struct rlxc_error *err);

/*
 * A small file that other processes read while it changes (RUN_DIR/state,
 * RUN_DIR/cgroup). rlxc_file_put creates DIR/NAME whole the first time
 * (written aside, renamed into place; mode 0644), then rewrites it in
 * place holding flock(LOCK_EX); rlxc_file_get reads it holding LOCK_SH. A
 * reader never sees half of it. (Renaming at every change cost 150 us on
 * this host's ext4, which flushes a file renamed over another, and
 * creating an inode there is slow too; a rewrite costs 4 us.)
 * rlxc_file_put: 0 or -errno (-ENOENT / -ENOTDIR: no DIR).
 * rlxc_file_get: the text NUL-terminated; 0, -ENOENT, -EFBIG (longer than
 * len - 1), -errno.
 */
int rlxc_file_put(const char *dir, const char *name, const char *text);
int rlxc_file_get(const char *path, char *buf, size_t len);

#endif
