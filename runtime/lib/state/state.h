/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * The container life cycle of the LXC README (§3.1), plus FROZEN, as one
 * transition table. One writer of a container's state, its supervisor;
 * everyone else reads the state file (written aside and renamed, so a
 * reader never sees half of it) and checks that the writer is alive (pid
 * and its start time from /proc/PID/stat: a dead supervisor, or a pid
 * reused by another process, is never trusted: the container reads as
 * STOPPED).
 *
 *   STOPPED  --start-->    STARTING --started-->  RUNNING
 *   STARTING --fail-->     ABORTING --cleaned-->  STOPPING --stopped--> STOPPED
 *   RUNNING  --stop/exit-> STOPPING --stopped-->  STOPPED
 *   RUNNING  --freeze-->   FROZEN   --unfreeze--> RUNNING
 *   FROZEN   --stop/exit-> STOPPING
 */
#ifndef RLXC_STATE_H
#define RLXC_STATE_H

#include "base/error.h"

#include <stdbool.h>
#include <sys/types.h>
#include <time.h>

enum rlxc_state {
	RLXC_STOPPED = 0,
	RLXC_STARTING,
	RLXC_RUNNING,
	RLXC_STOPPING,
	RLXC_ABORTING,
	RLXC_FROZEN,
	RLXC_NSTATES,
};

enum rlxc_event {
	RLXC_EV_START = 0, /* a start or execute begins */
	RLXC_EV_STARTED,   /* init runs in its container */
	RLXC_EV_FAIL,	   /* STARTING went wrong */
	RLXC_EV_CLEANED,   /* ABORTING undid what STARTING did */
	RLXC_EV_STOP,	   /* stop or kill asked for, or init exited */
	RLXC_EV_STOPPED,   /* everything torn down */
	RLXC_EV_FREEZE,
	RLXC_EV_UNFREEZE,
	RLXC_NEVENTS,
};

const char *rlxc_state_name(enum rlxc_state s); /* "RUNNING" */
const char *rlxc_event_name(enum rlxc_event e); /* "freeze" */
/* "RUNNING" or "running" -> RLXC_RUNNING; -1 when not a state. */
int rlxc_state_parse(const char *name);

/* The transition table: the next state, or -1 when ev is illegal in s. */
int rlxc_state_next(enum rlxc_state s, enum rlxc_event ev);

/* Apply ev to *s; -EINVAL with "cannot EVENT NAME: it is STATE" in err
 * when illegal, e.g. "cannot freeze web: it is STOPPED" (name is the
 * container's, for the message); *s is then unchanged. */
int rlxc_state_apply(enum rlxc_state *s, enum rlxc_event ev, const char *name,
		     struct rlxc_error *err);

/* What the state file holds. */
struct rlxc_status {
	enum rlxc_state state;
	pid_t supervisor;	      /* 0: none */
	unsigned long long sup_start; /* its start time, /proc/PID/stat field 22 */
	pid_t init;		      /* the container's init, as seen from the host */
	struct timespec since;	      /* CLOCK_REALTIME of the last transition */
};

/* Write RUN_DIR/state (created whole, then rewritten in place under
 * flock). 0 or -errno. */
int rlxc_status_write(const char *run_dir, const struct rlxc_status *st, struct rlxc_error *err);

/* Read RUN_DIR/state and check the supervisor is the one that wrote it;
 * a missing file, a dead (or zombie) or replaced supervisor read as
 * STOPPED with every other field 0. A malformed file is an error naming
 * RUN_DIR/state:LINE. Creates RUN_DIR (0755, with parents) on write. */
int rlxc_status_read(const char *run_dir, struct rlxc_status *st, struct rlxc_error *err);

/* /proc/PID/stat start time of pid; 0 when it does not exist. */
unsigned long long rlxc_proc_start_time(pid_t pid);

#endif
