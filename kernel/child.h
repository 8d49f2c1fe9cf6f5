/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* A child process with a deadline. */
#ifndef RLXC_KERNEL_CHILD_H
#define RLXC_KERNEL_CHILD_H

#include <sys/types.h>

/* Run fn(arg) in a forked child and wait for it (at most timeout_ms; the
 * child is killed past it). Returns the child's exit status (0..255), or
 * -1 with errno set when it could not fork, was killed by a signal
 * (errno = EINTR) or timed out (errno = ETIMEDOUT). */
int rlxc_run_child(int (*fn)(void *), void *arg, int timeout_ms);

/* Wait for pid for at most timeout_ms, killing it past that. Same return
 * convention as rlxc_run_child(). */
int rlxc_wait_pid(pid_t pid, int timeout_ms);

#endif
