/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * Ptys from a container's own devpts, and fds passed over a unix socket.
 *
 * A container must never get a terminal of the host: a process that holds
 * one can push input into it (TIOCSTI) that the host's shell then runs.
 * What it gets instead is a new pty of its own devpts instance, whose
 * master stays outside (the supervisor, rlxc console, attach) and is
 * relayed to the caller's terminal (relay.h).
 *
 * The ptmx is found by a path resolved inside the container's root
 * (kernel/inroot.h: ".." and absolute symlinks stay inside), opened O_PATH
 * first and checked to be a ptmx (char 5:2): whatever the container put
 * there, no other device is ever opened by whoever asks, be it root on the
 * host. The new pty's peer is opened with TIOCGPTPEER, through the master,
 * never by a path the container could change, and must be on a devpts.
 */
#ifndef RLXC_TERM_PTY_H
#define RLXC_TERM_PTY_H

#include "base/error.h"

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

struct rlxc_pty {
	int master; /* O_RDWR | O_NOCTTY | O_NONBLOCK, close-on-exec; -1: none */
	int slave;  /* O_RDWR | O_NOCTTY, close-on-exec; -1: none */
	int index;  /* N of /dev/pts/N in its devpts; -1: none */
};

/* Every field -1. */
void rlxc_pty_init(struct rlxc_pty *p);
/* Close what p holds; every field -1 again. */
void rlxc_pty_close(struct rlxc_pty *p);

/* A new, unlocked pty from the ptmx at PATH below ROOTFD ("/dev/pts/ptmx"
 * of the container's root, or "/dev/ptmx"). 0 or -errno with err filled:
 * "open /dev/pts/ptmx (a new pty): not a ptmx (char 5:2)". */
int rlxc_pty_open(int rootfd, const char *path, struct rlxc_pty *p, struct rlxc_error *err);

/* slave as fd i wherever which[i] (the caller's terminal there is gone
 * from this process). 0 or -errno. */
int rlxc_pty_as_stdio(int slave, const bool which[3], struct rlxc_error *err);
/* The pty on the first fd i with which[i] as the controlling terminal of
 * this process, a session leader without one (setsid() first): job
 * control, and ^C typed through the relay as SIGINT. Nothing when no
 * which[i]. 0 or -errno. */
int rlxc_pty_take_ctty(const bool which[3], struct rlxc_error *err);

/* Is fd the master of a pty? 0, or -errno with err filled (what to say
 * when an fd that someone passed us is not one). */
int rlxc_pty_check_master(int fd, struct rlxc_error *err);

/* The most fds one message carries (the kernel's SCM_MAX_FD is 253). */
#define RLXC_FDS_MAX 160

/* Send len bytes of data with n fds (SCM_RIGHTS) in one message: 0 or
 * -errno. */
int rlxc_fds_send(int sock, const void *data, size_t len, const int *fds, size_t n);

/* Receive one message: its bytes (at most len) into data, its fds (at most
 * max, close-on-exec) into fds and their number into *n. Fds beyond max,
 * or of a truncated message, are closed: -EMSGSIZE. The number of bytes
 * (0 at EOF), or -errno. */
ssize_t rlxc_fds_recv(int sock, void *data, size_t len, int *fds, size_t max, size_t *n);

#endif
