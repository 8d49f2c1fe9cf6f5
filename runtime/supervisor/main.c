// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * rlxc-supervisor: the supervisor of a detached container once it is
 * RUNNING (runtime/lib/supervise/watch.h). `rlxc start` execs it in the
 * supervisor process it forked, so the pid, the parent-child link to the
 * container's init, the blocked signals and the lock stay as they were:
 *
 *	rlxc-supervisor NAME RUN_DIR RUNTIME_DIR HALT_SIGNAL STOP_SIGNAL LOCK_FD LISTEN_FD
 *			SIGNAL_FD [TERMS]
 *
 * (lxc.signal.halt and lxc.signal.stop as numbers; LISTEN_FD is bound to
 * RUN_DIR/command; TERMS the fds of the container's console and ttys, as
 * rlxc_terms_arg writes them, or "-" or nothing: none). The state file says
 * RUNNING with this process as the supervisor, and RUN_DIR/cgroup names the
 * container's cgroups. It is a static program that links only watch.c and
 * what that needs, so that each running container costs little memory. It
 * is not for running by hand.
 */
#include "supervise/watch.h"
#include "term/terms.h"

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

static int fail(const char *what, const struct rlxc_error *err)
{
	fprintf(stderr, "rlxc-supervisor: %s%s%s\n", what, err ? ": " : "", err ? err->msg : "");
	return 1;
}

/* A decimal int in [min, INT_MAX]. */
static bool number(const char *text, int min, int *out)
{
	char *end;
	long v;

	errno = 0;
	v = strtol(text, &end, 10);
	if (errno || end == text || *end || v < min || v > INT_MAX)
		return false;
	*out = (int)v;
	return true;
}

int main(int argc, char **argv)
{
	struct rlxc_error err = { 0 };
	struct sup s;

	rlxc_sup_init(&s);
	if ((argc != 9 && argc != 10) || !number(argv[4], 1, &s.halt_signal) ||
	    !number(argv[5], 1, &s.stop_signal) || !number(argv[6], 0, &s.lock_fd) ||
	    !number(argv[7], 0, &s.listen_fd) || !number(argv[8], 0, &s.sig_fd)) {
		fail("started by rlxc start, not by hand (usage: rlxc-supervisor NAME RUN_DIR "
		     "RUNTIME_DIR HALT_SIGNAL STOP_SIGNAL LOCK_FD LISTEN_FD SIGNAL_FD [TERMS])",
		     NULL);
		return 2;
	}
	s.name = argv[1];
	s.run_dir = argv[2];
	s.runtime = argv[3];
	s.detached = true;
	if (rlxc_status_read(s.run_dir, &s.st, &err) < 0)
		return fail("read the state", &err);
	if (s.st.supervisor != getpid() || s.st.state != RLXC_RUNNING)
		return fail("the state file is not this supervisor's, RUNNING", NULL);
	if (rlxc_cgroup_load(&s.cg, s.run_dir, &err) < 0)
		return fail("load the cgroups", &err);
	if (argc == 10 && rlxc_terms_from_arg(&s.terms, argv[9], &err) < 0)
		return fail("the terminals", &err);
	rlxc_sup_watch(&s);
	rlxc_sup_close(&s);
	return 0;
}
