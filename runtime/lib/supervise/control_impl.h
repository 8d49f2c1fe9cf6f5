/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* The supervisor's side of its request socket (control.c). */
#ifndef RLXC_CONTROL_IMPL_H
#define RLXC_CONTROL_IMPL_H

#include "supervisor.h"

#include <stdbool.h>

struct ctl_request {
	int op; /* enum rlxc_op */
	int arg;
};

struct ctl_reply {
	int status; /* 0 or -errno */
	char msg[1000];
};

/* Bind and listen on RUN_DIR's socket (abstract, non-blocking); the fd or
 * -errno ("listen on @rlxc/...: Address already in use"). */
int ctl_listen(const char *run_dir, struct rlxc_error *err);
/* Whether the peer of an accepted client may ask: root, or our own user. */
bool ctl_allowed(int fd);
/* Read one request from an accepted client: 0, or -errno (-ECONNRESET at EOF). */
int ctl_read(int fd, struct ctl_request *rq);
void ctl_reply(int fd, int status, const char *msg);

#endif
