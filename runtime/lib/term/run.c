// SPDX-License-Identifier: LGPL-2.1-or-later
/* A relay in a poll loop of its own: rlxc console, attach (relay.h). */
#include "relay.h"

#include <errno.h>
#include <signal.h>
#include <sys/signalfd.h>
#include <unistd.h>

static const int handled[] = { SIGWINCH, SIGTERM, SIGHUP, SIGINT, SIGQUIT };

/* relay_round(): the relay ended as it should (rlxc_term_run returns 0) */
#define DONE 2

static int block_signals(sigset_t *old, struct rlxc_error *err)
{
	sigset_t set;
	int fd;

	sigemptyset(&set);
	for (size_t i = 0; i < sizeof(handled) / sizeof(handled[0]); i++)
		sigaddset(&set, handled[i]);
	if (sigprocmask(SIG_BLOCK, &set, old) < 0)
		return rlxc_fail(err, errno, "block signals for the terminal relay");
	fd = signalfd(-1, &set, SFD_CLOEXEC | SFD_NONBLOCK);
	if (fd < 0) {
		rlxc_fail(err, errno, "signalfd for the terminal relay");
		sigprocmask(SIG_SETMASK, old, NULL);
	}
	return fd;
}

/* The signals that came: 0 to go on, or 128 + the one that ends it. */
static int take_signals(int sigfd, const struct rlxc_term_run *o)
{
	struct signalfd_siginfo si;

	while (read(sigfd, &si, sizeof(si)) == (ssize_t)sizeof(si)) {
		if (si.ssi_signo != SIGWINCH)
			return 128 + (int)si.ssi_signo;
		rlxc_tty_copy_size(o->in, o->master);
	}
	return 0;
}

/* One round of poll: 0 to go on, DONE, else what rlxc_term_run returns. */
static int relay_round(struct rlxc_relay *r, const struct rlxc_term_run *o, int sigfd)
{
	struct pollfd p[RLXC_RELAY_POLL + 2];
	int n = rlxc_relay_poll(r, p, 0), sig_slot = n, stop_slot = -1, ret;

	p[n++] = (struct pollfd){ .fd = sigfd, .events = POLLIN };
	if (o->stop_fd >= 0) {
		stop_slot = n;
		p[n++] = (struct pollfd){ .fd = o->stop_fd, .events = POLLIN };
	}
	if (poll(p, (nfds_t)n, -1) < 0)
		return errno == EINTR ? 0 : -errno;
	if (p[sig_slot].revents && (ret = take_signals(sigfd, o)) != 0)
		return ret;
	rlxc_relay_io(r, p);
	if (r->detached)
		return 1;
	if (stop_slot >= 0 && p[stop_slot].revents) {
		rlxc_relay_drain(r);
		return DONE;
	}
	if (r->hangup || (r->in_done && o->escape >= 0))
		return DONE;
	return 0;
}

int rlxc_term_run(const struct rlxc_term_run *o, struct rlxc_error *err)
{
	struct rlxc_tty_mode mode;
	struct rlxc_relay r;
	sigset_t old;
	int sigfd = block_signals(&old, err), ret;

	if (sigfd < 0)
		return sigfd;
	if ((ret = rlxc_tty_raw(&mode, o->in)) < 0) {
		rlxc_fail(err, -ret, "make the terminal raw");
		goto out;
	}
	rlxc_tty_copy_size(o->in, o->master);
	rlxc_relay_init(&r, o->in, o->out, o->master, o->escape);
	while ((ret = relay_round(&r, o, sigfd)) == 0)
		;
	if (ret == DONE)
		ret = 0;
	else if (ret < 0)
		rlxc_fail(err, -ret, "poll the terminal relay");
	rlxc_tty_restore(&mode);
out:
	close(sigfd);
	sigprocmask(SIG_SETMASK, &old, NULL);
	return ret;
}
