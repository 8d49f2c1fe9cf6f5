// SPDX-License-Identifier: LGPL-2.1-or-later
#include "monitor.h"
#include "base/fsutil.h"


#include <dirent.h>
#include <errno.h>
#include <poll.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#define MONITOR_DIR ".monitor"

static int sock_addr(struct sockaddr_un *sa, const char *rt, const char *file)
{
	int n;

	memset(sa, 0, sizeof(*sa));
	sa->sun_family = AF_UNIX;
	n = snprintf(sa->sun_path, sizeof(sa->sun_path), "%s/" MONITOR_DIR "%s%s", rt,
		     file ? "/" : "", file ? file : "");
	return n < 0 || (size_t)n >= sizeof(sa->sun_path) ? -ENAMETOOLONG : 0;
}

void rlxc_monitor_publish(const char *rt, const char *name, enum rlxc_state st,
			  const struct timespec *when)
{
	struct rlxc_monitor_msg m = { .when = *when };
	struct sockaddr_un sa;
	struct dirent *de;
	DIR *d;
	int fd;

	snprintf(m.name, sizeof(m.name), "%s", name);
	snprintf(m.state, sizeof(m.state), "%s", rlxc_state_name(st));
	if (sock_addr(&sa, rt, NULL) < 0 || !(d = opendir(sa.sun_path)))
		return;
	fd = socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
	while (fd >= 0 && (de = readdir(d))) {
		if (de->d_name[0] == '.' || sock_addr(&sa, rt, de->d_name) < 0)
			continue;
		if (sendto(fd, &m, sizeof(m), 0, (struct sockaddr *)&sa, sizeof(sa)) < 0 &&
		    errno == ECONNREFUSED)
			unlink(sa.sun_path); /* its monitor is gone */
	}
	if (fd >= 0)
		close(fd);
	closedir(d);
}

int rlxc_monitor_open(const char *rt, struct rlxc_error *err)
{
	struct sockaddr_un sa;
	char file[32];
	int fd, ret;

	if ((ret = sock_addr(&sa, rt, NULL)) < 0)
		return rlxc_fail(err, -ret, "monitor socket in %s", rt);
	if ((ret = rlxc_mkdir_p(sa.sun_path, 0755, err)) < 0)
		return ret;
	snprintf(file, sizeof(file), "%d", (int)getpid());
	if ((ret = sock_addr(&sa, rt, file)) < 0)
		return rlxc_fail(err, -ret, "monitor socket in %s", rt);
	unlink(sa.sun_path); /* an earlier monitor with our pid is gone */
	fd = socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);
	if (fd < 0)
		return rlxc_fail(err, errno, "monitor socket");
	if (bind(fd, (struct sockaddr *)&sa, sizeof(sa)) < 0) {
		ret = rlxc_fail(err, errno, "bind %s", sa.sun_path);
		close(fd);
		return ret;
	}
	return fd;
}

int rlxc_monitor_next(int fd, struct rlxc_monitor_msg *m, int timeout_ms)
{
	struct pollfd p = { .fd = fd, .events = POLLIN };
	int r = poll(&p, 1, timeout_ms);

	if (r <= 0)
		return r < 0 ? -errno : 0;
	if (recv(fd, m, sizeof(*m), 0) != (ssize_t)sizeof(*m))
		return -EIO;
	m->name[sizeof(m->name) - 1] = m->state[sizeof(m->state) - 1] = '\0';
	return 1;
}

void rlxc_monitor_close(int fd, const char *rt)
{
	struct sockaddr_un sa;
	char file[32];

	snprintf(file, sizeof(file), "%d", (int)getpid());
	if (sock_addr(&sa, rt, file) == 0)
		unlink(sa.sun_path);
	close(fd);
}
