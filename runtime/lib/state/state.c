// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * The life cycle as one transition table (see state.h): state and event
 * names, and the only place that says which event leads where.
 */
#include "state.h"

#include <errno.h>
#include <stddef.h>
#include <strings.h>

/* clang-format off */
static const char *const state_names[RLXC_NSTATES] = {
	[RLXC_STOPPED] = "STOPPED",   [RLXC_STARTING] = "STARTING", [RLXC_RUNNING] = "RUNNING",
	[RLXC_STOPPING] = "STOPPING", [RLXC_ABORTING] = "ABORTING", [RLXC_FROZEN] = "FROZEN",
};

static const char *const event_names[RLXC_NEVENTS] = {
	[RLXC_EV_START] = "start",	[RLXC_EV_STARTED] = "started",
	[RLXC_EV_FAIL] = "fail",	[RLXC_EV_CLEANED] = "cleaned",
	[RLXC_EV_STOP] = "stop",	[RLXC_EV_STOPPED] = "stopped",
	[RLXC_EV_FREEZE] = "freeze",	[RLXC_EV_UNFREEZE] = "unfreeze",
};
/* clang-format on */

/* Short names for the table only. */
enum {
	NO = -1,
	STOP = RLXC_STOPPED,
	STRT = RLXC_STARTING,
	RUN = RLXC_RUNNING,
	STPG = RLXC_STOPPING,
	ABRT = RLXC_ABORTING,
	FRZN = RLXC_FROZEN,
};

/* clang-format off */
/* [state][event] -> next state, or NO: the whole life cycle, aligned as a matrix. */
static const signed char next_state[RLXC_NSTATES][RLXC_NEVENTS] = {
	/*                  start  started  fail   cleaned  stop   stopped  freeze  unfreeze */
	[RLXC_STOPPED]  = { STRT,  NO,      NO,    NO,      NO,    NO,      NO,     NO  },
	[RLXC_STARTING] = { NO,    RUN,     ABRT,  NO,      NO,    NO,      NO,     NO  },
	[RLXC_RUNNING]  = { NO,    NO,      NO,    NO,      STPG,  NO,      FRZN,   NO  },
	[RLXC_STOPPING] = { NO,    NO,      NO,    NO,      NO,    STOP,    NO,     NO  },
	[RLXC_ABORTING] = { NO,    NO,      NO,    STPG,    NO,    NO,      NO,     NO  },
	[RLXC_FROZEN]   = { NO,    NO,      NO,    NO,      STPG,  NO,      NO,     RUN },
};
/* clang-format on */

const char *rlxc_state_name(enum rlxc_state s)
{
	return (unsigned)s < RLXC_NSTATES ? state_names[s] : "?";
}

const char *rlxc_event_name(enum rlxc_event e)
{
	return (unsigned)e < RLXC_NEVENTS ? event_names[e] : "?";
}

int rlxc_state_parse(const char *name)
{
	for (int s = 0; name && s < RLXC_NSTATES; s++)
		if (!strcasecmp(name, state_names[s]))
			return s;
	return -1;
}

int rlxc_state_next(enum rlxc_state s, enum rlxc_event ev)
{
	if ((unsigned)s >= RLXC_NSTATES || (unsigned)ev >= RLXC_NEVENTS)
		return -1;
	return next_state[s][ev];
}

int rlxc_state_apply(enum rlxc_state *s, enum rlxc_event ev, const char *name,
		     struct rlxc_error *err)
{
	int next = rlxc_state_next(*s, ev);

	if (next < 0)
		return rlxc_fail(err, 0, "cannot %s %s: it is %s", rlxc_event_name(ev),
				 name ? name : "container", rlxc_state_name(*s));
	*s = (enum rlxc_state)next;
	return 0;
}
