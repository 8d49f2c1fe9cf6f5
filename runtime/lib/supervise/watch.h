/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * Inside the supervisor (supervisor.h): its two halves share struct sup.
 *
 * supervisor.c starts the container: the lock, STARTING, the cgroup, init,
 * RUNNING. watch.c is everything after: requests, signals, init's end,
 * STOPPING, the teardown, STOPPED. A detached supervisor hands the second
 * half to rlxc-supervisor (runtime/supervisor/main.c), a small static
 * program, by exec: the memory of a running container's supervisor is then
 * that program's (under 1 MiB), not rlxc's with every library it loaded to
 * start the container.
 *
 * The container's terminals are served in the same poll loop: the
 * console relayed to a foreground caller's terminal or to
 * lxc.console.path, a terminal's master handed to an rlxc console client
 * (RLXC_OP_CONSOLE, one client at a time: "busy" otherwise), the others
 * drained (term/terms.h).
 */
#ifndef RLXC_WATCH_H
#define RLXC_WATCH_H

#include "cgroup/cgroup.h"
#include "state/state.h"
#include "term/terms.h"

#include <stdbool.h>

/* Requests under way at once; one more is refused, "busy". */
#define RLXC_SUP_MAX_CLIENTS 256
/* How long an accepted client may stay silent before it is sent away. */
#define RLXC_SUP_REQUEST_MS 2000
/* How long init has after lxc.signal.stop, when that is not SIGKILL. */
#define RLXC_SUP_STOP_GRACE_MS 5000

struct sup_client {
	int fd;
	long deadline; /* CLOCK_MONOTONIC ms by which its request must come; 0: a
			  stop, answered once STOPPED, or a console's holder */
	bool console;  /* rlxc console: it holds a terminal until it hangs up */
};

/* How far a stop went: lxc.signal.halt to init, then lxc.signal.stop,
 * then SIGKILL to every process of the container. */
enum sup_stop { SUP_STOP_NONE, SUP_STOP_HALT, SUP_STOP_SIGNAL, SUP_STOP_KILL };

struct sup {
	const char *name, *run_dir, *runtime; /* the container's, its RUN_DIR, the monitors' */
	int halt_signal;		      /* what a graceful stop sends init */
	int stop_signal;		      /* what a forced stop sends init */
	bool detached;			      /* SIGTERM stops the container (else: init's) */
	struct rlxc_status st;
	struct rlxc_cgroup *cg;
	int lock_fd, listen_fd, sig_fd, notify_fd;
	bool accept_paused; /* out of fds: the backlog waits until a client is done */
	int nclients;
	struct sup_client clients[RLXC_SUP_MAX_CLIENTS]; /* accepted, served in turn */
	enum sup_stop stop;
	long kill_at; /* CLOCK_MONOTONIC ms of the stop's next step; 0: none */
	int status;   /* init's exit status */
	bool init_gone;
	struct rlxc_terms *terms; /* the console and ttys (term/terms.h); NULL: none */
};

/* Every fd -1, nothing else set. */
void rlxc_sup_init(struct sup *s);

/* The only way a supervisor changes state: the state table decides, the
 * state file and the monitors hear of it. */
int rlxc_sup_transition(struct sup *s, enum rlxc_event ev, struct rlxc_error *err);

/* Undo STARTING, or tear down after a stop: every process, the cgroups. */
void rlxc_sup_teardown(struct sup *s);

/* RUNNING (or FROZEN) until init is gone, serving requests; then STOPPING,
 * the teardown, STOPPED, and the lock let go. Returns init's status. */
int rlxc_sup_watch(struct sup *s);

/* Close what is left open, free the cgroups. */
void rlxc_sup_close(struct sup *s);

#endif
