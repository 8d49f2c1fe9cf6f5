/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * A container's terminals: its console (/dev/console), its ttys
 * (/dev/tty1..N, lxc.tty.max) and the terminal of a foreground caller.
 * All are ptys of the container's own devpts (pty.h): no terminal of the
 * host ever enters the container, so nothing inside can type into one
 * (TIOCSTI reaches only the container's own pty).
 *
 * Who does what:
 *  - the supervisor plans them before the container exists
 *    (rlxc_terms_new), from lxc.console.path, lxc.tty.max and the caller;
 *  - the container's init makes them while it sets itself up, once its
 *    /dev exists and before pivot_root (rlxc_terms_make): the ptys from
 *    ROOT/dev/pts/ptmx, their peers bound on /dev/console and /dev/ttyN in
 *    place of the /dev/null placeholders that the rootfs setup left there;
 *    the console's peer becomes its fds 0, 1, 2 where planned, and its
 *    controlling terminal (rlxc_terms_stdio); it sends every master and
 *    peer to the supervisor and closes its own (rlxc_terms_send);
 *  - the supervisor holds them until the container stops
 *    (rlxc_terms_recv, then terms_serve.c), each peer too, so that a pty
 *    whose processes all closed it never hangs up (poll would say so with
 *    no end); a detached one hands them to rlxc-supervisor by exec.
 *
 * The console goes to one place at a time:
 *  - the caller's terminal, when rlxc execute or rlxc start -F runs with
 *    one (any of its fds 0, 1, 2 a terminal): those fds of the container
 *    are the console's pty, relayed to the caller's (relay.h), in raw
 *    mode, its window size followed; lxc.console.path is not used then;
 *  - else lxc.console.path = PATH: relayed to PATH, a terminal of the host
 *    that the supervisor opens (absolute, no symlink anywhere on the way,
 *    outside the container's rootfs, a terminal: nothing the container can
 *    redirect), in raw mode;
 *  - else `rlxc console` (one client at a time, which gets the master over
 *    the control socket);
 *  - else nobody: what the container writes is read and dropped, so that
 *    it never blocks on a full pty.
 * A tty goes to `rlxc console -t N`, or nobody, alike. A detached
 * container's init has the console as its fds 0, 1, 2 (as LXC does).
 * lxc.console.path = none: /dev/console is /dev/null, and a foreground
 * caller's terminal still gets a pty of its own. Without a rootfs (rlxc
 * execute on the host's root) /dev is the host's: only a caller's
 * terminal gets a pty, from /dev/ptmx; lxc.tty.max and lxc.console.path
 * are refused.
 */
#ifndef RLXC_TERM_TERMS_H
#define RLXC_TERM_TERMS_H

#include "pty.h"
#include "relay.h"
#include "base/error.h"

#include <limits.h>
#include <stdbool.h>
#include <sys/ioctl.h>

/* The most lxc.tty.max takes (config.h says the same). */
#define RLXC_TERM_MAX_TTYS 64
/* The most pollfds rlxc_terms_poll adds. */
#define RLXC_TERMS_POLL (RLXC_RELAY_POLL + 1 + RLXC_TERM_MAX_TTYS)

struct rlxc_terms_plan {
	const char *console_path; /* lxc.console.path: NULL (a pty), "none", or a host path */
	unsigned ntty;		  /* lxc.tty.max */
	const char *rootfs;	  /* the container's rootfs; NULL: the host's root */
	bool foreground;	  /* execute, start -F: relay the caller's terminal, if any */
};

struct rlxc_terms {
	/* the plan */
	bool console;	   /* make the console's pty */
	bool bind_console; /* and bind it on /dev/console */
	bool stdio[3];	   /* the container's fd i is the console */
	unsigned ntty;
	const char *ptmx; /* in the container's root: its devpts' ptmx */
	bool sized;	  /* the console is born with size (the caller's) */
	struct winsize size;
	/* the ptys: 0 the console, N tty N */
	struct rlxc_pty pty[1 + RLXC_TERM_MAX_TTYS];
	/* the supervisor's */
	int holder[1 + RLXC_TERM_MAX_TTYS]; /* the rlxc console client holding it; -1 */
	int slot[1 + RLXC_TERM_MAX_TTYS];   /* its pollfd when it is drained; -1 */
	int caller_in, caller_out;	    /* the caller's terminal; -1: none */
	int caller_wfd;			    /* caller_out opened again, non-blocking; -1 */
	int path_fd;			    /* lxc.console.path, open; -1 */
	char path[PATH_MAX];
	bool relaying; /* the console is relayed (to the caller or the path) */
	struct rlxc_relay relay;
	struct rlxc_tty_mode mode; /* what raw mode changed, to put back */
};

/* The plan, and lxc.console.path opened (see above). *t is NULL when the
 * container gets no pty at all. 0 or -errno. */
int rlxc_terms_new(struct rlxc_terms **t, const struct rlxc_terms_plan *p, struct rlxc_error *err);
/* Put the caller's terminal back, close everything, free t (NULL: nothing). */
void rlxc_terms_free(struct rlxc_terms *t);

/* In the container's init (see above): make the ptys in the root rootfd
 * and bind them; then its stdio; then hand them to the supervisor over
 * sock. 0 or -errno. */
int rlxc_terms_make(struct rlxc_terms *t, int rootfd, struct rlxc_error *err);
int rlxc_terms_stdio(struct rlxc_terms *t, struct rlxc_error *err);
int rlxc_terms_send(struct rlxc_terms *t, int sock, struct rlxc_error *err);
/* In the supervisor, once the container said it is set up. */
int rlxc_terms_recv(struct rlxc_terms *t, int sock, struct rlxc_error *err);

/* For the exec of rlxc-supervisor: t's fds as one argument, kept across
 * the exec (inherit) or close-on-exec again; and t made again from it. */
int rlxc_terms_arg(const struct rlxc_terms *t, char *buf, size_t len);
void rlxc_terms_inherit(const struct rlxc_terms *t, bool inherit);
int rlxc_terms_from_arg(struct rlxc_terms **t, const char *arg, struct rlxc_error *err);

/*
 * Serving them (terms_serve.c), in the supervisor's poll loop. t may be
 * NULL in each: there is nothing to do.
 */

/* Start relaying the console: to the caller's terminal (made raw, its size
 * copied) or to lxc.console.path. */
void rlxc_terms_begin(struct rlxc_terms *t);
/* Add to p[base...] what the terminals wait for (at most
 * RLXC_TERMS_POLL); how many. */
int rlxc_terms_poll(struct rlxc_terms *t, struct pollfd *p, int base);
void rlxc_terms_io(struct rlxc_terms *t, const struct pollfd *p);
/* SIGWINCH: the caller's window size to the console. false when the
 * console is not the caller's (the signal is someone else's). */
bool rlxc_terms_winch(struct rlxc_terms *t);
/* rlxc console -t N (0: the console) for the control client `client`
 * (an fd): its master in *master. -ENOENT when there is no such terminal,
 * -EBUSY when another has it, with err filled ("tty 2 of web is busy:
 * ..."). */
int rlxc_terms_take(struct rlxc_terms *t, const char *name, int n, int client, int *master,
		    struct rlxc_error *err);
/* The client is gone: what it held is drained again. */
void rlxc_terms_release(struct rlxc_terms *t, int client);
/* The container is done: what the console still holds goes to the caller,
 * and the caller's terminal is put back. */
void rlxc_terms_end(struct rlxc_terms *t);

#endif
