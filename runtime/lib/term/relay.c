// SPDX-License-Identifier: LGPL-2.1-or-later
/* Raw mode and the relay between a terminal and a pty master (relay.h). */
#include "relay.h"

#include "kernel/clock.h"

#include <errno.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

int rlxc_tty_raw(struct rlxc_tty_mode *m, int fd)
{
	struct termios raw;

	m->fd = -1;
	if (fd < 0 || !isatty(fd))
		return 0;
	if (tcgetattr(fd, &m->saved) < 0)
		return -errno;
	raw = m->saved;
	cfmakeraw(&raw);
	raw.c_cc[VMIN] = 1;
	raw.c_cc[VTIME] = 0;
	if (tcsetattr(fd, TCSANOW, &raw) < 0)
		return -errno;
	m->fd = fd;
	return 0;
}

void rlxc_tty_restore(struct rlxc_tty_mode *m)
{
	if (m->fd < 0)
		return;
	tcsetattr(m->fd, TCSANOW, &m->saved);
	m->fd = -1;
}

void rlxc_tty_copy_size(int from, int to)
{
	struct winsize ws;

	if (from >= 0 && to >= 0 && ioctl(from, TIOCGWINSZ, &ws) == 0)
		ioctl(to, TIOCSWINSZ, &ws);
}

bool rlxc_term_caller(struct rlxc_term_caller *c)
{
	for (int i = 0; i < 3; i++)
		c->tty[i] = isatty(i);
	c->in = c->tty[0] ? 0 : -1;
	c->out = c->tty[1] ? 1 : c->tty[2] ? 2 : -1;
	return c->tty[0] || c->tty[1] || c->tty[2];
}

void rlxc_relay_init(struct rlxc_relay *r, int in, int out, int master, int escape)
{
	r->in = in;
	r->out = out;
	r->master = master;
	r->escape = escape;
	r->escaped = r->hangup = r->detached = false;
	r->in_done = in < 0;
	r->out_done = out < 0;
	r->slot_in = r->slot_out = r->slot_master = -1;
	r->to_master.off = r->to_master.len = 0;
	r->to_out.off = r->to_out.len = 0;
}

static int add(struct pollfd *p, int *k, int fd, short events)
{
	p[*k] = (struct pollfd){ .fd = fd, .events = events };
	return (*k)++;
}

int rlxc_relay_poll(struct rlxc_relay *r, struct pollfd *p, int base)
{
	short ev = 0;
	int k = base;

	r->slot_in = r->slot_out = r->slot_master = -1;
	if (!r->in_done && !r->detached && r->to_master.len == 0)
		r->slot_in = add(p, &k, r->in, POLLIN);
	if (!r->hangup && r->to_out.len == 0)
		ev |= POLLIN;
	if (!r->hangup && r->to_master.len)
		ev |= POLLOUT;
	if (ev)
		r->slot_master = add(p, &k, r->master, ev);
	if (!r->out_done && r->to_out.len)
		r->slot_out = add(p, &k, r->out, POLLOUT);
	return k - base;
}

/* Write what b holds to fd, as much as it takes now: false when fd failed
 * (not for EAGAIN). */
static bool flush(struct rlxc_relay_buf *b, int fd)
{
	ssize_t n;

	while (b->len) {
		n = write(fd, b->data + b->off, b->len);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return errno == EAGAIN;
		b->off += (size_t)n;
		b->len -= (size_t)n;
	}
	b->off = 0;
	return true;
}

/* The caller's bytes, through the escape filter, into to_master. */
static void filter(struct rlxc_relay *r, const char *buf, size_t n)
{
	struct rlxc_relay_buf *b = &r->to_master;

	for (size_t i = 0; i < n && !r->detached; i++) {
		unsigned char c = (unsigned char)buf[i];

		if (r->escaped) {
			r->escaped = false;
			if (c == 'q') {
				r->detached = true;
				break;
			}
			if (c != r->escape)
				b->data[b->len++] = (char)r->escape;
		} else if (r->escape >= 0 && c == r->escape) {
			r->escaped = true;
			continue;
		}
		b->data[b->len++] = (char)c;
	}
}

static void read_in(struct rlxc_relay *r)
{
	char buf[RLXC_RELAY_BUF / 2]; /* each byte may become two */
	ssize_t n = read(r->in, buf, sizeof(buf));

	if (n < 0 && (errno == EAGAIN || errno == EINTR))
		return;
	if (n <= 0) {
		r->in_done = true;
		return;
	}
	filter(r, buf, (size_t)n);
	if (!flush(&r->to_master, r->master))
		r->hangup = true;
}

/* What master says, to out (or dropped when there is no out): how many
 * bytes came, 0 when none (yet, or ever again: hangup). */
static ssize_t read_master(struct rlxc_relay *r)
{
	struct rlxc_relay_buf *b = &r->to_out;
	ssize_t n = read(r->master, b->data, sizeof(b->data));

	if (n < 0 && (errno == EAGAIN || errno == EINTR))
		return 0;
	if (n <= 0) { /* EIO: the last holder of the pty's other side closed it */
		r->hangup = true;
		return 0;
	}
	b->off = 0;
	b->len = r->out_done ? 0 : (size_t)n;
	if (b->len && !flush(b, r->out)) {
		r->out_done = true;
		b->len = 0;
	}
	return n;
}

static bool ready(const struct pollfd *p, int slot)
{
	return slot >= 0 && p[slot].revents;
}

void rlxc_relay_io(struct rlxc_relay *r, const struct pollfd *p)
{
	if (ready(p, r->slot_out) && !flush(&r->to_out, r->out)) {
		r->out_done = true;
		r->to_out.len = 0;
	}
	if (ready(p, r->slot_master)) {
		if (r->to_master.len && !flush(&r->to_master, r->master))
			r->hangup = true;
		if (!r->hangup && r->to_out.len == 0 && (p[r->slot_master].revents & ~POLLOUT))
			read_master(r);
	}
	if (ready(p, r->slot_in))
		read_in(r);
}

void rlxc_relay_drain(struct rlxc_relay *r)
{
	long deadline = rlxc_now_ms() + 1000;
	struct pollfd p;

	for (int i = 0; i < 1024 && rlxc_now_ms() < deadline; i++) {
		if (r->to_out.len && !r->out_done) {
			p = (struct pollfd){ .fd = r->out, .events = POLLOUT };
			if (poll(&p, 1, 100) > 0 && !flush(&r->to_out, r->out)) {
				r->out_done = true;
				r->to_out.len = 0;
			}
			continue;
		}
		r->to_out.len = 0;
		if (r->hangup || read_master(r) == 0)
			break;
	}
}
