// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * A container's terminals in the supervisor (terms.h): the console's relay
 * to the caller or to lxc.console.path, the masters handed to rlxc console,
 * the others drained.
 */
#include "terms.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <unistd.h>

/* The caller's output opened again, for writes that never block the
 * supervisor (O_NONBLOCK on the caller's own file would be the shell's
 * too); the fd itself where it cannot be. */
static int caller_output(struct rlxc_terms *t)
{
	char self[64];

	if (t->caller_out < 0)
		return -1;
	snprintf(self, sizeof(self), "/proc/self/fd/%d", t->caller_out);
	t->caller_wfd = open(self, O_WRONLY | O_NOCTTY | O_NONBLOCK | O_CLOEXEC);
	return t->caller_wfd >= 0 ? t->caller_wfd : t->caller_out;
}

void rlxc_terms_begin(struct rlxc_terms *t)
{
	int master;

	if (!t || t->relaying || !t->console || (master = t->pty[0].master) < 0)
		return;
	if (t->caller_in >= 0 || t->caller_out >= 0) {
		/* a terminal that cannot be made raw is relayed as it is */
		rlxc_tty_raw(&t->mode, t->caller_in);
		rlxc_tty_copy_size(t->caller_in >= 0 ? t->caller_in : t->caller_out, master);
		rlxc_relay_init(&t->relay, t->caller_in, caller_output(t), master, -1);
	} else if (t->path_fd >= 0) {
		rlxc_tty_raw(&t->mode, t->path_fd);
		rlxc_relay_init(&t->relay, t->path_fd, t->path_fd, master, -1);
	} else {
		return;
	}
	t->relaying = true;
}

/* Nobody reads pty n: its master is drained. */
static bool drained(const struct rlxc_terms *t, unsigned n)
{
	return t->pty[n].master >= 0 && t->holder[n] < 0 && !(n == 0 && t->relaying);
}

int rlxc_terms_poll(struct rlxc_terms *t, struct pollfd *p, int base)
{
	int k = base;

	if (!t)
		return 0;
	if (t->relaying)
		k += rlxc_relay_poll(&t->relay, p, k);
	for (unsigned n = 0; n <= t->ntty; n++) {
		t->slot[n] = -1;
		if (!drained(t, n))
			continue;
		t->slot[n] = k;
		p[k++] = (struct pollfd){ .fd = t->pty[n].master, .events = POLLIN };
	}
	return k - base;
}

/* Read what the container wrote, and drop it. The supervisor holds the
 * peer too: the master never hangs up (EIO, POLLHUP without end). */
static void drop_output(int master)
{
	char buf[RLXC_RELAY_BUF];

	for (int i = 0; i < 16 && read(master, buf, sizeof(buf)) > 0; i++)
		;
}

void rlxc_terms_io(struct rlxc_terms *t, const struct pollfd *p)
{
	if (!t)
		return;
	if (t->relaying)
		rlxc_relay_io(&t->relay, p);
	for (unsigned n = 0; n <= t->ntty; n++)
		if (t->slot[n] >= 0 && p[t->slot[n]].revents)
			drop_output(t->pty[n].master);
}

bool rlxc_terms_winch(struct rlxc_terms *t)
{
	if (!t || !t->relaying || t->path_fd >= 0)
		return false;
	rlxc_tty_copy_size(t->caller_in >= 0 ? t->caller_in : t->caller_out, t->pty[0].master);
	return true;
}

static int no_such(const struct rlxc_terms *t, const char *name, int n, struct rlxc_error *err)
{
	if (n == 0)
		rlxc_fail(err, 0, "%s has no console (lxc.console.path = none, or no rootfs)",
			  name);
	else
		rlxc_fail(err, 0, "%s has no tty %d (lxc.tty.max = %u)", name, n, t ? t->ntty : 0);
	err->code = ENOENT;
	return -ENOENT;
}

static int busy(const struct rlxc_terms *t, const char *name, int n, struct rlxc_error *err)
{
	char what[32];

	snprintf(what, sizeof(what), n ? "tty %d" : "the console", n);
	if (n == 0 && t->relaying && t->path_fd >= 0)
		rlxc_fail(err, 0, "%s of %s is busy: it is relayed to %s (lxc.console.path)", what,
			  name, t->path);
	else if (n == 0 && t->relaying)
		rlxc_fail(err, 0, "%s of %s is busy: it is the terminal of the rlxc that runs it",
			  what, name);
	else
		rlxc_fail(err, 0, "%s of %s is busy: another rlxc console is attached to it", what,
			  name);
	err->code = EBUSY;
	return -EBUSY;
}

int rlxc_terms_take(struct rlxc_terms *t, const char *name, int n, int client, int *master,
		    struct rlxc_error *err)
{
	if (n < 0 || !t || (unsigned)n > t->ntty || t->pty[n].master < 0 ||
	    (n == 0 && !t->bind_console))
		return no_such(t, name, n, err);
	if (!drained(t, (unsigned)n))
		return busy(t, name, n, err);
	t->holder[n] = client;
	*master = t->pty[n].master;
	return 0;
}

void rlxc_terms_release(struct rlxc_terms *t, int client)
{
	if (!t)
		return;
	for (unsigned n = 0; n <= t->ntty; n++)
		if (t->holder[n] == client)
			t->holder[n] = -1;
}

void rlxc_terms_end(struct rlxc_terms *t)
{
	if (!t)
		return;
	if (t->relaying)
		rlxc_relay_drain(&t->relay);
	t->relaying = false;
	rlxc_tty_restore(&t->mode);
}
