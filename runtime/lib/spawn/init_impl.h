/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * The minimal init of an application container (rlxc execute): pid 1 is
 * the spawned child itself, still running rlxc's code, so the rootfs needs
 * no init binary.
 *
 * It calls itself "rlxc-init" (comm), blocks every signal, forks CMD (which
 * restores an empty signal mask and execs it with the current environment),
 * then waits on a signalfd: SIGCHLD reaps every zombie of the pid namespace;
 * SIGTERM, SIGINT, SIGHUP, SIGQUIT, SIGUSR1, SIGUSR2, SIGPWR and SIGWINCH are
 * forwarded to CMD. When CMD exits, whatever is left in the pid namespace is
 * killed (SIGKILL) and reaped, and the init exits with CMD's status: its exit
 * code, 128+N when a signal N killed it, 127 when it does not exist (after
 * "rlxc: CMD: command not found" on stderr), 126 when it cannot be run.
 */
#ifndef RLXC_INIT_IMPL_H
#define RLXC_INIT_IMPL_H

#include "base/error.h"

#include <sys/types.h>

struct rlxc_init {
	pid_t cmd;    /* -1: it could not be started */
	int status;   /* then: what to exit with (127, 126) */
	int sigfd;
};

/* Become the init and start CMD (argv[0] looked up in PATH) with vfork:
 * no copy of rlxc's address space to make (a fork cost 0.2 ms a start). A CMD that cannot be executed is said on stderr ("rlxc: CMD:
 * command not found") and is the status rlxc_init_wait returns, as if it
 * had exited 127 (126). */
int rlxc_init_start(struct rlxc_init *in, char *const *argv, struct rlxc_error *err);

/* Serve until CMD exits; return the status to exit with. */
int rlxc_init_wait(struct rlxc_init *in);

#endif
