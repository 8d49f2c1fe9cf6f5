/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * The terminal side of rlxc attach (attach_tty.c), for attach.c.
 *
 * The attached command never holds a terminal of the host, neither as an
 * fd nor as its controlling terminal: a process that does can push input
 * into it (TIOCSTI) for the admin's shell to run, through fd 0 or through
 * /dev/tty. So:
 *  - both children leave the caller's session first thing (setsid): the
 *    caller's terminal is nobody's controlling terminal in the container;
 *  - when any of the caller's fds 0, 1, 2 is a terminal (term/relay.h,
 *    rlxc_term_caller), the caller opens a new pty from the ptmx of the
 *    container's devpts, found in init's root (/proc/INIT/root, resolved
 *    inside it: term/pty.h), so that its number and its devpts are the
 *    container's. The master stays with the caller, which closes its copy
 *    of the slave once the intermediate has it; the intermediate closes
 *    the master at once and makes the slave its fds 0-2 in place of those
 *    that were the caller's terminal; the command's process takes it as
 *    its controlling terminal in a session of its own (TIOCSCTTY). The
 *    slave belongs to the command's user (host uid through init's
 *    uid_map), as a login terminal would;
 *  - the caller relays the master to its terminal (rlxc_term_run: raw
 *    mode, put back after; the window size at birth and on SIGWINCH), with
 *    no escape sequence: the relay ends when the command exits, and
 *    keystrokes such as ^C reach it through its own pty's line discipline;
 *  - the command is not in the caller's process group any more, so the
 *    caller forwards to it what would have reached it there: SIGINT,
 *    SIGQUIT (the terminal's, when there is no pty), SIGTERM and SIGHUP.
 */
#ifndef RLXC_ATTACH_IMPL_H
#define RLXC_ATTACH_IMPL_H

#include "term/pty.h"
#include "term/relay.h"
#include "base/error.h"

#include <stdbool.h>
#include <sys/types.h>

struct rlxc_attach_tty {
	struct rlxc_term_caller caller; /* which of the caller's fds 0-2 are terminals */
	bool on;			/* any of them: the command gets a pty */
	struct rlxc_pty pty;		/* the container's; all -1 without one */
};

/* Every fd -1, nothing looked at yet. */
void rlxc_attach_tty_init(struct rlxc_attach_tty *t);

/* The caller, before the children: when one of its fds 0-2 is a terminal,
 * a new pty from ptmx ("/dev/pts/ptmx") below /proc/INIT/root (procfd:
 * /proc/INIT), sized as the caller's terminal, its slave owned by the host
 * uid of uid in init's user namespace. 0 or -errno. */
int rlxc_attach_tty_open(struct rlxc_attach_tty *t, int procfd, const char *ptmx, uid_t uid,
			 struct rlxc_error *err);
/* Close what t holds. */
void rlxc_attach_tty_close(struct rlxc_attach_tty *t);

/* The intermediate, first: out of the caller's session, the master
 * closed. 0 or -errno. */
int rlxc_attach_tty_leave(struct rlxc_attach_tty *t, struct rlxc_error *err);
/* The intermediate, before it closes every fd but 0-2: the slave as those
 * of 0, 1, 2 that were the caller's terminal. 0 or -errno. */
int rlxc_attach_tty_stdio(struct rlxc_attach_tty *t, struct rlxc_error *err);
/* The command's process, before exec: a session of its own, the pty as
 * its controlling terminal. 0 or -errno. */
int rlxc_attach_tty_session(const struct rlxc_attach_tty *t, struct rlxc_error *err);

/* The caller, once the command runs (its pid): relay the pty until the
 * command exits, forward the signals above, reap it and put its exit
 * status as the shell gives it in *status. 0, or -errno with err filled
 * (the command was waited for all the same when *status >= 0). */
int rlxc_attach_tty_wait(struct rlxc_attach_tty *t, pid_t cmd, int *status, struct rlxc_error *err);

#endif
