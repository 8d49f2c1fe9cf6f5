// SPDX-License-Identifier: LGPL-2.1-or-later
/* A scratch user namespace (see userns.h). */
#include "userns.h"
#include "file.h"

#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

static int write_maps(pid_t pid, const char *map)
{
	char path[64];
	int ret;

	snprintf(path, sizeof(path), "/proc/%d/uid_map", (int)pid);
	if ((ret = rlxc_file_write(path, map)) < 0)
		return ret;
	snprintf(path, sizeof(path), "/proc/%d/gid_map", (int)pid);
	return rlxc_file_write(path, map);
}

static int open_userns(pid_t pid)
{
	char path[64];
	int fd;

	snprintf(path, sizeof(path), "/proc/%d/ns/user", (int)pid);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	return fd < 0 ? -errno : fd;
}

int rlxc_scratch_userns(const char *map, const char **step)
{
	unsigned char c = 0;
	int p[2], ret;
	pid_t pid;

	*step = "pipe";
	if (pipe2(p, O_CLOEXEC) < 0)
		return -errno;
	pid = fork();
	if (pid == 0) {
		prctl(PR_SET_PDEATHSIG, SIGKILL);
		c = unshare(CLONE_NEWUSER) < 0 ? (unsigned char)errno : 0;
		if (write(p[1], &c, 1) == 1 && !c)
			pause();
		_exit(0);
	}
	close(p[1]);
	*step = "unshare(CLONE_NEWUSER)";
	ret = pid < 0 ? -errno : read(p[0], &c, 1) != 1 ? -ECHILD : -(int)c;
	close(p[0]);
	if (!ret) {
		*step = "write uid_map/gid_map";
		ret = write_maps(pid, map);
	}
	if (!ret) {
		*step = "open the user namespace";
		ret = open_userns(pid);
	}
	if (pid > 0) {
		kill(pid, SIGKILL);
		while (waitpid(pid, NULL, 0) < 0 && errno == EINTR)
			;
	}
	return ret;
}
