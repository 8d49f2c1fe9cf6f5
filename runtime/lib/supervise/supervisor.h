/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * The supervisor: the one writer of a container's state.
 *
 * `rlxc start` leaves one small supervisor process per container (`start
 * -F` and `rlxc execute` run it in the foreground). It takes the
 * container's lock (RUN_DIR/lock: of two concurrent starts exactly one
 * wins), makes every transition through the state table, writes the state
 * file and tells the monitors, creates the cgroup and spawns init, reaps
 * it, and serves requests on its socket, RUN_DIR/command (control.c):
 * stop, kill, freeze, unfreeze.
 * A failure in STARTING goes ABORTING -> STOPPING -> STOPPED and undoes
 * exactly what was done.
 */
#ifndef RLXC_SUPERVISOR_H
#define RLXC_SUPERVISOR_H

#include "store/container.h"
#include "state/state.h"
#include "base/error.h"

#include <stdbool.h>
#include <stddef.h>

struct rlxc_run_opts {
	char *const *argv; /* NULL: lxc.init.cmd (start) / lxc.execute.cmd (execute) */
	bool app;          /* execute: rlxc's minimal init runs argv */
	bool detach;       /* start: return once RUNNING, the supervisor stays */
};

/* Run ct's life cycle. In the foreground: returns init's exit status
 * (0..255, 128+N for a signal) once the container is STOPPED. Detached:
 * returns 0 once it is RUNNING (the supervisor goes on in the
 * background), or the error that stopped it. */
int rlxc_supervise(struct rlxc_container *ct, const struct rlxc_run_opts *o,
		   struct rlxc_error *err);

/* Clean up after a supervisor that died (its cgroups and processes);
 * -EBUSY with "NAME is already RUNNING" when a live one holds the lock. */
int rlxc_cleanup(struct rlxc_container *ct, struct rlxc_error *err);

/* The processes left in the cgroups of a STOPPED container whose
 * supervisor is gone (leftovers.c): their number in n, 0 when none (or st
 * is not STOPPED); 0 or -errno. rlxc_leftovers_fail says so in err
 * ("web: its supervisor is gone, but 2 processes are left in its cgroups
 * ...") and returns -EBUSY. */
int rlxc_leftovers(const struct rlxc_container *ct, const struct rlxc_status *st, size_t *n,
		   struct rlxc_error *err);
int rlxc_leftovers_fail(const struct rlxc_container *ct, size_t n, struct rlxc_error *err);

/* rlxc_cleanup, then remove the container's store entry and its run
 * directory, all holding the container's lock: a start never runs from a
 * half-removed store entry (it takes the lock, then finds no entry). */
int rlxc_destroy(struct rlxc_container *ct, struct rlxc_error *err);

enum rlxc_op {
	RLXC_OP_STOP = 1, /* arg: seconds before lxc.signal.stop; the reply comes once STOPPED */
	RLXC_OP_KILL,     /* arg: the signal, sent to init */
	RLXC_OP_FREEZE,
	RLXC_OP_UNFREEZE,
	RLXC_OP_CONSOLE, /* arg: 0, the console, or tty N: its master is passed back */
};

/* Ask the supervisor of ct (an illegal request is refused by it, with the
 * state table's message). -ESRCH with "NAME is not running" when no
 * supervisor answers, or it ended without an answer. Only the process the
 * state file names as the supervisor (alive), running as root or as us, is
 * asked: -EPERM, saying so, when another answers. A stop returns 0 only
 * once the container is STOPPED. */
int rlxc_control(const struct rlxc_container *ct, enum rlxc_op op, int arg,
		 struct rlxc_error *err);

/* rlxc console: the master of ct's console (tty 0) or of its tty N from
 * its supervisor, asked as rlxc_control asks, in *master; *holder is the
 * connection that holds it: the terminal is ours, and nobody else's, until
 * it is closed (or the container stops: it is then closed by the other
 * side). 0 or -errno: -ENOENT "web has no tty 3 (lxc.tty.max = 2)", -EBUSY
 * "tty 1 of web is busy: another rlxc console is attached to it". */
int rlxc_console_open(const struct rlxc_container *ct, int tty, int *master, int *holder,
		      struct rlxc_error *err);

#endif
