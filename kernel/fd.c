// SPDX-License-Identifier: LGPL-2.1-or-later
#include "fd.h"
#include "syscalls.h"

#include <dirent.h>
#include <errno.h>
#include <stdbool.h>
#include <stdlib.h>
#include <unistd.h>

static bool kept(int fd, const int *keep, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (keep[i] == fd)
			return true;
	return false;
}

int rlxc_close_fds(const int *keep, size_t n)
{
	unsigned from = 3;
	struct dirent *de;
	DIR *d;

	/* close_range between the kept ones, lowest first */
	for (bool more = true; more;) {
		int next = -1;

		for (size_t i = 0; i < n; i++)
			if (keep[i] >= (int)from && (next < 0 || keep[i] < next))
				next = keep[i];
		more = next >= 0;
		if (more && (unsigned)next == from) {
			from++;
			continue;
		}
		if (sys_close_range(from, more ? (unsigned)next - 1 : ~0U) < 0)
			goto fallback;
		from = more ? (unsigned)next + 1 : from;
	}
	return 0;
fallback:
	if (!(d = opendir("/proc/self/fd")))
		return -errno;
	while ((de = readdir(d))) {
		int fd = atoi(de->d_name);

		if (fd >= 3 && fd != dirfd(d) && !kept(fd, keep, n))
			close(fd);
	}
	closedir(d);
	return 0;
}
