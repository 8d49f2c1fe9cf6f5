/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * The admin's terminal for the tests of rlxc on a terminal (term_test.c,
 * attach_tty_test.c): a pty pair the test makes, rlxc run on its slave as
 * its controlling terminal, the test holding the master as the admin's
 * keyboard and screen; what rlxc writes there, its stderr, its status, and
 * what input waits on the terminal that nobody typed (what a TIOCSTI from
 * inside a container pushed). Include after kselftest_harness.h.
 */
#ifndef RLXC_TTY_RUN_H
#define RLXC_TTY_RUN_H

#include "rlxc_run.h"

#include <fcntl.h>
#include <limits.h>
#include <poll.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/wait.h>
#include <termios.h>
#include <time.h>
#include <unistd.h>

/* What the TIOCSTI writer pushes: a command line for the admin's shell. */
#define INJECTED "echo rlxc-pwned\n"

/* ---- the admin's terminal: a pty pair, rlxc on its slave ---- */

struct tty_run {
	int master, slave; /* the test holds the master: the admin's keyboard and screen */
	pid_t pid;	   /* rlxc */
	FILE *err;	   /* rlxc's stderr, unless it is the terminal too */
	int status;	   /* its exit status, or 128 + signal; -1: running */
	char out[65536];   /* what it wrote on the terminal */
	size_t len;
	char errtext[8192];
};

static inline long now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000L + ts.tv_nsec / 1000000L;
}

static inline int tty_open(struct tty_run *t, unsigned short rows, unsigned short cols)
{
	struct winsize ws = { .ws_row = rows, .ws_col = cols };

	memset(t, 0, sizeof(*t));
	t->pid = -1;
	t->status = -1;
	t->slave = -1;
	t->master = posix_openpt(O_RDWR | O_NOCTTY | O_CLOEXEC);
	if (t->master < 0 || grantpt(t->master) < 0 || unlockpt(t->master) < 0)
		return -1;
	t->slave = open(ptsname(t->master), O_RDWR | O_NOCTTY | O_CLOEXEC);
	if (t->slave < 0 || ioctl(t->master, TIOCSWINSZ, &ws) < 0)
		return -1;
	return (t->err = tmpfile()) ? 0 : -1;
}

/* rlxc ARGS in a session of its own with the admin's terminal as its
 * controlling terminal; its fd i is fd[i], or the terminal where -1. */
static inline int tty_spawn(struct tty_run *t, const int fd[3], const char *const *args)
{
	const char *argv[48];

	run_argv(argv, args);
	fflush(NULL);
	t->pid = fork();
	if (t->pid == 0) {
		if (setsid() < 0 || ioctl(t->slave, TIOCSCTTY, 0) < 0)
			_exit(125);
		for (int i = 0; i < 3; i++)
			dup2(fd[i] >= 0 ? fd[i] : t->slave, i);
		execvp(argv[0], (char **)argv);
		_exit(126);
	}
	return t->pid > 0 ? 0 : -1;
}

static inline void tty_read(struct tty_run *t, int ms)
{
	struct pollfd p = { .fd = t->master, .events = POLLIN };
	ssize_t n;

	if (poll(&p, 1, ms) <= 0 || t->len >= sizeof(t->out) - 1)
		return;
	n = read(t->master, t->out + t->len, sizeof(t->out) - 1 - t->len);
	if (n > 0)
		t->len += (size_t)n;
	t->out[t->len] = '\0';
}

static inline void tty_reap(struct tty_run *t, bool wait)
{
	int st;

	if (t->status >= 0 || t->pid <= 0 || waitpid(t->pid, &st, wait ? 0 : WNOHANG) != t->pid)
		return;
	t->status = WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
}

/* Has rlxc said text, on the terminal or on stderr? */
static inline bool said(struct tty_run *t, const char *text)
{
	ssize_t n = pread(fileno(t->err), t->errtext, sizeof(t->errtext) - 1, 0);

	t->errtext[n > 0 ? n : 0] = '\0';
	return strstr(t->out, text) || strstr(t->errtext, text);
}

/* Read what rlxc writes until it says text (NULL: until it exits), at
 * most ms: whether it did. */
static inline bool tty_wait(struct tty_run *t, const char *text, int ms)
{
	long end = now_ms() + ms;

	while (now_ms() < end) {
		if (text && said(t, text))
			return true;
		tty_reap(t, false);
		if (t->status >= 0) {
			tty_read(t, 50); /* its last words */
			return text ? said(t, text) : true;
		}
		tty_read(t, 50);
	}
	return false;
}

static inline void tty_send(struct tty_run *t, const char *text)
{
	if (write(t->master, text, strlen(text)) < 0)
		perror("write to the admin's terminal");
}

/* rlxc exits (killed after ms); its status and stderr. */
static inline void tty_finish(struct tty_run *t, int ms)
{
	if (!tty_wait(t, NULL, ms) && t->pid > 0) {
		kill(t->pid, SIGKILL);
		tty_reap(t, true);
	}
	for (int i = 0; i < 5; i++)
		tty_read(t, 20);
	said(t, ""); /* its stderr, into errtext */
}

/* What waits on the admin's terminal as input that nobody typed: the
 * bytes a TIOCSTI pushed (read raw: a line without its end counts too). */
static inline void tty_pending(struct tty_run *t, char *buf, size_t len)
{
	struct termios tio;
	struct pollfd p = { .fd = t->slave, .events = POLLIN };
	ssize_t n = 0;

	buf[0] = '\0';
	if (tcgetattr(t->slave, &tio) == 0) {
		cfmakeraw(&tio);
		tio.c_cc[VMIN] = 0;
		tio.c_cc[VTIME] = 0;
		tcsetattr(t->slave, TCSANOW, &tio);
	}
	if (poll(&p, 1, 200) > 0 && (n = read(t->slave, buf, len - 1)) < 0)
		n = 0;
	buf[n] = '\0';
}

static inline void tty_close(struct tty_run *t)
{
	if (t->pid > 0 && t->status < 0) {
		kill(t->pid, SIGKILL);
		tty_reap(t, true);
	}
	if (t->err)
		fclose(t->err);
	if (t->slave >= 0)
		close(t->slave);
	if (t->master >= 0)
		close(t->master);
	t->err = NULL;
	t->slave = t->master = -1;
}

static char self_dir[PATH_MAX]; /* where this program is: bound into the containers */

/* main of a test that is also its TIOCSTI writer: run with --tiocsti,
 * tiocsti() is the whole program (inside a container); else self_dir is
 * set and the harness runs. */
static inline int tty_test_main(int argc, char **argv, int (*tiocsti)(void))
{
	char exe[PATH_MAX];

	if (argc == 2 && strcmp(argv[1], "--tiocsti") == 0)
		return tiocsti();
	if (realpath(argv[0], exe))
		snprintf(self_dir, sizeof(self_dir), "%.*s", (int)(strrchr(exe, '/') - exe), exe);
	return test_harness_run(argc, argv);
}

#endif
