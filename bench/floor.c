// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * floor: the least any runtime must do to run a command in a container, the
 * kernel's floor the bench compares runtimes with.
 *
 *   floor [--netns] ROOTFS CMD [ARG...]
 *
 * clone() a child into new mount, pid, uts and ipc namespaces (and a new
 * network namespace with --netns); the child makes / rprivate, binds ROOTFS
 * on itself, pivot_root()s into it (pivot_root(".", ".") then a lazy
 * unmount of the old root stacked under it), mounts /proc and execs CMD,
 * which is pid 1 of its pid namespace. The parent waits and exits with the
 * child's status (128 + signal when it was killed). No config, no cgroup,
 * no supervisor, no /dev, no lo up: nothing to clean up either, the
 * namespaces die with the command.
 *
 * Cgroup limits are not the floor's business; to measure the floor under
 * limits, the bench makes scratch cgroups and sets
 * RLXC_FLOOR_CGROUP_PROCS="PATH[:PATH...]", paths of cgroup.procs files:
 * floor writes its own pid into each before cloning, so the child is born
 * in them (as a runtime puts its container's first process in its cgroups).
 *
 * Errors: a message on stderr and exit status 125.
 */
#include "kernel/syscalls.h"

#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/wait.h>
#include <unistd.h>

#define FLOOR_ERR 125

struct floor_args {
	const char *rootfs;
	char **cmd;
};

static int fail(const char *what, const char *arg)
{
	fprintf(stderr, "floor: %s%s%s: %s\n", what, arg ? " " : "", arg ? arg : "",
		strerror(errno));
	return FLOOR_ERR;
}

/* Writes our pid into each cgroup.procs file of $RLXC_FLOOR_CGROUP_PROCS. */
static int join_cgroups(void)
{
	const char *list = getenv("RLXC_FLOOR_CGROUP_PROCS");
	char path[4096], pid[16];
	int len = snprintf(pid, sizeof(pid), "%d", getpid());

	while (list && *list) {
		size_t n = strcspn(list, ":");
		int fd;

		if (n && n < sizeof(path)) {
			memcpy(path, list, n);
			path[n] = '\0';
			fd = open(path, O_WRONLY | O_CLOEXEC);
			if (fd < 0 || write(fd, pid, (size_t)len) != len)
				return fail("join cgroup", path);
			close(fd);
		}
		list += n + (list[n] == ':');
	}
	return 0;
}

static int child(void *arg)
{
	struct floor_args *a = arg;

	if (mount("none", "/", "none", MS_REC | MS_PRIVATE, NULL))
		return fail("make / rprivate", NULL);
	if (mount(a->rootfs, a->rootfs, "none", MS_BIND | MS_REC, NULL))
		return fail("bind", a->rootfs);
	if (chdir(a->rootfs))
		return fail("chdir", a->rootfs);
	if (sys_pivot_root(".", "."))
		return fail("pivot_root into", a->rootfs);
	if (umount2(".", MNT_DETACH))
		return fail("detach the old root", NULL);
	if (chdir("/"))
		return fail("chdir", "/");
	if (mount("proc", "/proc", "proc", MS_NOSUID | MS_NODEV | MS_NOEXEC, NULL))
		return fail("mount", "/proc");
	execvp(a->cmd[0], a->cmd);
	return fail("exec", a->cmd[0]);
}

int main(int argc, char **argv)
{
	static char stack[64 * 1024] __attribute__((aligned(16)));
	int flags = CLONE_NEWNS | CLONE_NEWPID | CLONE_NEWUTS | CLONE_NEWIPC | SIGCHLD;
	struct floor_args a;
	int i = 1, status;
	pid_t pid;

	if (argc > 1 && !strcmp(argv[1], "--netns")) {
		flags |= CLONE_NEWNET;
		i++;
	}
	if (argc - i < 2) {
		fprintf(stderr, "usage: floor [--netns] ROOTFS CMD [ARG...]\n");
		return FLOOR_ERR;
	}
	a.rootfs = argv[i];
	a.cmd = argv + i + 1;
	if (join_cgroups())
		return FLOOR_ERR;
	pid = clone(child, stack + sizeof(stack), flags, &a);
	if (pid < 0)
		return fail("clone", NULL);
	while (waitpid(pid, &status, 0) < 0)
		if (errno != EINTR)
			return fail("waitpid", NULL);
	if (WIFSIGNALED(status))
		return 128 + WTERMSIG(status);
	return WEXITSTATUS(status);
}
