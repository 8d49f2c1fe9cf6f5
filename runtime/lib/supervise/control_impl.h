/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* The supervisor's side of its request socket (control.c). */
#ifndef RLXC_CONTROL_IMPL_H
#define RLXC_CONTROL_IMPL_H

#include "supervisor.h"

#include <stdbool.h>

/* RUN_DIR/command: the socket, mode 0600 */
#define CTL_SOCKET "command"

struct ctl_request {
	int op; /* enum rlxc_op */
	int arg;
};

struct ctl_reply {
	int status; /* 0 or -errno */
	char msg[1000];
};

/* Bind and listen on RUN_DIR/command (mode 0600, non-blocking), replacing
 * the stale socket of a supervisor that was killed: only with the
 * container's lock held. The fd, or -errno ("listen on RUN_DIR/command:
 * ..."). */
int ctl_listen(const char *run_dir, struct rlxc_error *err);
/* Remove RUN_DIR/command, while the lock is still held: after it, the
 * next supervisor's. */
void ctl_unlisten(const char *run_dir);
/* Whether the peer of an accepted client may ask: root, or our own user. */
bool ctl_allowed(int fd);
/* Read one request from an accepted client: 0, or -errno (-EAGAIN: none
 * yet, -ECONNRESET at EOF, -EPROTO: not a request). */
int ctl_read(int fd, struct ctl_request *rq);
void ctl_reply(int fd, int status, const char *msg);
/* Answer a console request: success, with passfd (the master of a pty)
 * attached. 0 or -errno. */
int ctl_reply_fd(int fd, int passfd);
/* Answer without reading the request and close: nothing more comes in,
 * and what came is dropped, so the client reads the answer (closing on
 * unread data would turn it into ECONNRESET). */
void ctl_refuse(int fd, int status, const char *msg);

#endif
