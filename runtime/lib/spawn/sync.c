// SPDX-License-Identifier: LGPL-2.1-or-later
#include "sync_impl.h"

#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>

int rlxc_sync_send(int fd, int kind, pid_t pid, const struct rlxc_error *err)
{
	struct rlxc_sync_msg m;

	memset(&m, 0, sizeof(m));
	m.kind = kind;
	m.pid = pid;
	if (err) {
		m.code = err->code;
		snprintf(m.text, sizeof(m.text), "%s", err->msg);
	}
	return send(fd, &m, sizeof(m), MSG_NOSIGNAL) == (ssize_t)sizeof(m) ? 0 : -errno;
}

int rlxc_sync_recv(int fd, struct rlxc_sync_msg *m)
{
	bool reset = false;
	ssize_t n;

	/* ECONNRESET: the peer closed with a message of ours unread (a child
	 * that failed before it read CGROUPS). The kernel reports that before
	 * what the peer sent first, and only once: read on for its message. */
	do
		n = recv(fd, m, sizeof(*m), 0);
	while (n < 0 && (errno == EINTR || (errno == ECONNRESET && !reset && (reset = true))));
	if (n < 0)
		return -errno;
	if (n == 0)
		return 0;
	if (n != (ssize_t)sizeof(*m))
		return -EPROTO;
	m->text[sizeof(m->text) - 1] = '\0';
	return m->kind;
}
