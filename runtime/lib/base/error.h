/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * The one error idiom of rlxc (see docs/conventions.md):
 *
 *   A function that can fail returns 0 (or a count) on success and -errno
 *   on failure, and on failure fills the caller's struct rlxc_error with a
 *   message that carries its context, e.g.
 *     "start web: mount overlay on /var/lib/rlxc/web/rootfs: No such device".
 *   Callers add context by wrapping: rlxc_error_prefix(err, "start %s", name).
 *   Nothing prints but main(), which prints the one message at the end.
 */
#ifndef RLXC_ERROR_H
#define RLXC_ERROR_H

#include <stdbool.h>

struct rlxc_error {
	int code;   /* errno, or 0 when the message says it all */
	bool usage; /* the user asked wrongly: exit 2 instead of 1 */
	char msg[1024];
};

/* Fill err with the formatted message and ": strerror(errnum)" when errnum
 * is not 0; return -errnum (-EINVAL when errnum is 0). */
int rlxc_fail(struct rlxc_error *err, int errnum, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* A usage error: message as given, exit status 2; returns -EINVAL. */
int rlxc_usage(struct rlxc_error *err, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* Put "context: " in front of the message already in err. */
void rlxc_error_prefix(struct rlxc_error *err, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

#endif
