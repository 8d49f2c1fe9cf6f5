/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * Relaying a pty's master to the caller's terminal.
 *
 * The caller's terminal is put in raw mode while it is relayed (bytes go
 * to the container's pty as typed: ^C is the container's to turn into a
 * signal, through its own line discipline) and its settings are put back
 * on every way out. Its window size is copied to the pty at the start and
 * on every SIGWINCH.
 *
 * The relay itself (struct rlxc_relay) is a pair of buffers moved between
 * three fds as poll says they can be: the caller's input to the master,
 * the master's output to the caller's output. It never blocks on the
 * master (non-blocking); a full buffer stops reading from its source
 * until it drains. It is driven by a poll loop: rlxc_term_run's own, or
 * the supervisor's (watch.c), which relays the console of a foreground
 * container while it serves its requests.
 *
 * An escape prefix (rlxc console: Ctrl+a by default, as lxc-console) is
 * looked for in the input: prefix then 'q' detaches, the prefix twice
 * sends it once, the prefix then anything else sends both.
 */
#ifndef RLXC_TERM_RELAY_H
#define RLXC_TERM_RELAY_H

#include "base/error.h"

#include <poll.h>
#include <stdbool.h>
#include <stddef.h>
#include <termios.h>

/* A terminal's settings, to be put back. */
struct rlxc_tty_mode {
	int fd; /* -1: nothing to put back */
	struct termios saved;
};

/* When fd is a terminal, keep its settings in m and make it raw; else
 * leave it (m->fd is then -1). 0 or -errno. */
int rlxc_tty_raw(struct rlxc_tty_mode *m, int fd);
/* Put the settings back (once; nothing when there are none). */
void rlxc_tty_restore(struct rlxc_tty_mode *m);
/* The window size of from (a terminal) onto to; nothing when from is not
 * a terminal. */
void rlxc_tty_copy_size(int from, int to);

/* The caller's fds 0, 1, 2: which are terminals (the container gets its
 * own pty on those, never the caller's), and what the relay uses: in, fd
 * 0 when it is one; out, fd 1, else fd 2, when one is; -1: none. */
struct rlxc_term_caller {
	bool tty[3];
	int in, out;
};
/* Fill c; whether any of the three is a terminal. */
bool rlxc_term_caller(struct rlxc_term_caller *c);

#define RLXC_RELAY_BUF 4096
/* The most pollfds one relay adds. */
#define RLXC_RELAY_POLL 3

struct rlxc_relay_buf {
	size_t off, len;
	char data[RLXC_RELAY_BUF];
};

struct rlxc_relay {
	int in, out;   /* the caller's side; -1: none (output is then read and dropped) */
	int master;    /* the pty's master, non-blocking */
	int escape;    /* the detach prefix; -1: none */
	bool escaped;  /* the prefix was the last byte read */
	bool in_done;  /* in ended (EOF, error): nothing more is read from it */
	bool out_done; /* out failed: what master says is dropped */
	bool hangup;   /* master hung up: nobody holds the pty's other side */
	bool detached; /* the escape sequence was typed */
	int slot_in, slot_out, slot_master; /* their pollfds in the last poll set; -1: none */
	struct rlxc_relay_buf to_master, to_out;
};

void rlxc_relay_init(struct rlxc_relay *r, int in, int out, int master, int escape);
/* Add to p[base...] what r waits for (at most RLXC_RELAY_POLL entries);
 * how many were added. */
int rlxc_relay_poll(struct rlxc_relay *r, struct pollfd *p, int base);
/* Once poll returned: move what can move. */
void rlxc_relay_io(struct rlxc_relay *r, const struct pollfd *p);
/* What master still holds, to out, without waiting for more (the
 * container is done): at most a few MiB, a second of a stalled out. */
void rlxc_relay_drain(struct rlxc_relay *r);

/* A relay in a loop of its own (rlxc console, attach). */
struct rlxc_term_run {
	int in, out; /* the caller's terminal (in is made raw when it is one) */
	int master;
	int escape;  /* -1: none; then EOF on in ends the relay too */
	int stop_fd; /* readable or hung up: the other side is done (a pidfd of the command, the
			supervisor's socket); -1: none */
};

/* Relay until master hangs up or stop_fd fires (0, after draining what
 * master still holds), the escape sequence is typed (1), EOF on in with an
 * escape set (0), or SIGTERM, SIGHUP, SIGINT or SIGQUIT comes (128 + the
 * signal); SIGWINCH copies in's window size to master. Those signals are
 * blocked for the time and the caller's mask put back; so are in's
 * settings. -errno with err filled when it cannot start. */
int rlxc_term_run(const struct rlxc_term_run *o, struct rlxc_error *err);

#endif
