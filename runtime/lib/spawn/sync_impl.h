/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * Messages between a parent and the child it is setting up (spawn, attach),
 * over a SOCK_SEQPACKET socketpair: one message per send, never split. The
 * kind is the caller's own enum; an error carries its errno and the text of
 * the child's struct rlxc_error; pid is there for whoever needs to pass one.
 */
#ifndef RLXC_SYNC_IMPL_H
#define RLXC_SYNC_IMPL_H

#include "base/error.h"

#include <sys/types.h>

struct rlxc_sync_msg {
	int kind;
	int code; /* an error's errno */
	pid_t pid;
	char text[sizeof(((struct rlxc_error *)0)->msg)];
};

/* 0 or -errno. */
int rlxc_sync_send(int fd, int kind, pid_t pid, const struct rlxc_error *err);
/* The kind of the next message, 0 at EOF, or -errno (-EPROTO: not one). */
int rlxc_sync_recv(int fd, struct rlxc_sync_msg *m);

#endif
