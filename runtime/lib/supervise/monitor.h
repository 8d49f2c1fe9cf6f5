/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * State changes as they happen. Every monitor binds a datagram socket in
 * RUNTIME/.monitor/ (a name no container can have); a supervisor sends each
 * transition it makes to every socket there, and unlinks the sockets of
 * monitors that are gone. No daemon: a monitor started before a container
 * exists sees its STARTING. One message per transition, far below
 * PIPE_BUF, never split.
 */
#ifndef RLXC_MONITOR_H
#define RLXC_MONITOR_H

#include "base/error.h"
#include "state/state.h"

#include <time.h>

struct rlxc_monitor_msg {
	char name[65];
	char state[12];        /* "RUNNING" */
	struct timespec when;  /* CLOCK_REALTIME */
};

/* Tell every monitor of runtime dir rt that name is now st. Best effort. */
void rlxc_monitor_publish(const char *rt, const char *name, enum rlxc_state st,
			  const struct timespec *when);

/* Listen: returns an fd to read messages from, or -errno. */
int rlxc_monitor_open(const char *rt, struct rlxc_error *err);
/* Wait for the next message (timeout_ms < 0: forever). 1: got one, 0:
 * timeout, -errno on error. */
int rlxc_monitor_next(int fd, struct rlxc_monitor_msg *m, int timeout_ms);
/* Stop listening: close fd and remove its socket. */
void rlxc_monitor_close(int fd, const char *rt);

#endif
