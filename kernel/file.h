/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* Small files and directories. Every function returns 0 or -errno. */
#ifndef RLXC_KERNEL_FILE_H
#define RLXC_KERNEL_FILE_H

#include <stddef.h>
#include <sys/types.h>

/* Write TEXT to PATH (created 0666 & ~umask, truncated), or read at most
 * len - 1 bytes of it into buf, NUL-terminated: for /proc, /sys and
 * cgroup files, and scratch files of the probes. */
int rlxc_file_write(const char *path, const char *text);
int rlxc_file_read(const char *path, char *buf, size_t len);

/*
 * A whole regular file read with a bound, for files a user names (configs,
 * fstabs): only a regular file is opened (never a device, a FIFO or a
 * socket, whose open may block or act), without blocking, and it is read
 * to its end whatever size it claims (a /proc file of size 0, a file that
 * grows while read). 0, or -errno: -EISDIR; -EINVAL: not a regular file;
 * -ESTALE: replaced while it was opened; -EFBIG: more than max bytes; or
 * what open or read said. t->text (malloc'd, NUL-terminated, to free
 * whatever the result) and t->len hold what was read, also when a read
 * failed midway (t->text is NULL when nothing was opened).
 */
struct rlxc_text {
	char *text;
	size_t len;
};
int rlxc_file_load(const char *path, size_t max, struct rlxc_text *t);

/* mkdir -p: every missing directory of path made with mode, whatever the
 * umask; the directory that failed in at (when given). */
int rlxc_mkdirs(const char *path, mode_t mode, char *at, size_t len);

/*
 * A small file that other processes read while it changes (RUN_DIR/state,
 * RUN_DIR/cgroup). rlxc_file_put creates DIR/NAME whole the first time
 * (written aside, renamed into place; mode 0644), then rewrites it in
 * place holding flock(LOCK_EX); rlxc_file_get reads it holding LOCK_SH. A
 * reader never sees half of it. (Renaming at every change cost 150 us on
 * this host's ext4, which flushes a file renamed over another, and
 * creating an inode there is slow too; a rewrite costs 4 us.)
 * rlxc_file_put: -ENOENT / -ENOTDIR: no DIR.
 * rlxc_file_get: the text NUL-terminated; -ENOENT, -EFBIG (longer than
 * len - 1).
 */
int rlxc_file_put(const char *dir, const char *name, const char *text);
int rlxc_file_get(const char *path, char *buf, size_t len);

#endif
