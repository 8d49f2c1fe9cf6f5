// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * The newer process and mount syscalls a runtime wants: clone3, pidfds,
 * openat2 and the new mount API. Each is called for real, through the
 * syscall(2) wrappers of syscalls.h so older C libraries still build.
 */
#include "probe_impl.h"
#include "kernel/syscalls.h"

#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>
#include <linux/mount.h>
#include <linux/openat2.h>
#include <linux/sched.h>

#define CHILD_TIMEOUT_MS 2000
#define CLONE3_STATUS	 42

PROBE_TRY(try_syscall_clone3)
{
	struct clone_args args = {.exit_signal = SIGCHLD};
	long pid;
	int st;

	pid = sys_clone3(&args, sizeof(args));
	if (pid < 0)
		return probe_fail(out, errno, "clone3");
	if (pid == 0)
		_exit(CLONE3_STATUS);
	st = rlxc_wait_pid(pid, CHILD_TIMEOUT_MS);
	if (st != CLONE3_STATUS) {
		probe_say(out, "clone3 = %ld; child status %d, expected %d", pid, st,
			  CLONE3_STATUS);
		return PROBE_NO;
	}
	probe_say(out, "clone3 = %ld; child exited %d", pid, st);
	return PROBE_YES;
}

/* The "Pid:" line of /proc/self/fdinfo/FD; -1 when absent. */
static long fdinfo_pid(int fd)
{
	char path[64], buf[512];
	const char *p;

	snprintf(path, sizeof(path), "/proc/self/fdinfo/%d", fd);
	if (rlxc_file_read(path, buf, sizeof(buf)) < 0)
		return -1;
	p = strstr(buf, "\nPid:");
	return p ? strtol(p + 5, NULL, 10) : -1;
}

PROBE_TRY(try_syscall_pidfd_open)
{
	__cleanup_close int fd = sys_pidfd_open(getpid());
	long pid;

	if (fd < 0)
		return probe_fail(out, errno, "pidfd_open(self)");
	pid = fdinfo_pid(fd);
	if (pid < 0) {
		probe_say(out, "pidfd_open(self) = fd %d; no Pid: line in its fdinfo", fd);
		return PROBE_YES;
	}
	probe_say(out, "pidfd_open(self) = fd %d; fdinfo Pid: %ld", fd, pid);
	return pid == getpid() ? PROBE_YES : PROBE_NO;
}

/* A child that waits for a signal; killed and reaped by the caller. */
static pid_t fork_sleeper(void)
{
	pid_t pid = fork();

	if (pid == 0) {
		for (;;)
			pause();
	}
	return pid;
}

static void kill_and_reap(pid_t pid)
{
	kill(pid, SIGKILL);
	waitpid(pid, NULL, 0);
}

/* Signal 0 then SIGKILL through the pidfd: 0 or -errno. */
static int pidfd_kill(struct probe_out *out, int pidfd, pid_t pid)
{
	int st;

	if (sys_pidfd_send_signal(pidfd, 0) < 0)
		return -errno;
	probe_say(out, "pidfd_send_signal(0) = 0");
	if (sys_pidfd_send_signal(pidfd, SIGKILL) < 0)
		return -errno;
	if (waitpid(pid, &st, 0) != pid)
		return -errno;
	if (!WIFSIGNALED(st) || WTERMSIG(st) != SIGKILL)
		return -ESRCH;
	probe_say(out, "pidfd_send_signal(SIGKILL) killed the child");
	return 0;
}

PROBE_TRY(try_syscall_pidfd_send_signal)
{
	pid_t pid = fork_sleeper();
	__cleanup_close int pidfd = -1;
	int err;

	if (pid < 0)
		return probe_fail(out, errno, "fork");
	pidfd = sys_pidfd_open(pid);
	if (pidfd < 0) {
		err = errno;
		kill_and_reap(pid);
		return probe_fail(out, err, "pidfd_open(child)");
	}
	err = pidfd_kill(out, pidfd, pid);
	if (err == -ESRCH) {
		probe_say(out, "child did not die of SIGKILL");
		return PROBE_NO;
	}
	if (err < 0) {
		kill_and_reap(pid);
		return probe_fail(out, -err, "pidfd_send_signal");
	}
	return PROBE_YES;
}

/*
 * A child in its own uts ns named NAME: it reports 0 or errno on the ready
 * pipe, then waits for the hold pipe to close.
 */
static pid_t fork_uts_child(const char *name, int *hold_fd, int *child_err)
{
	int ready[2], hold[2];
	pid_t pid;

	if (pipe2(ready, O_CLOEXEC) < 0)
		return -1;
	if (pipe2(hold, O_CLOEXEC) < 0) {
		close(ready[0]);
		close(ready[1]);
		return -1;
	}
	pid = fork();
	if (pid == 0) {
		int err = 0;
		char c;

		if (unshare(CLONE_NEWUTS) < 0 || sethostname(name, strlen(name)) < 0)
			err = errno;
		if (write(ready[1], &err, sizeof(err)) != sizeof(err) || err)
			_exit(1);
		close(hold[1]);
		_exit(read(hold[0], &c, 1) < 0);
	}
	close(ready[1]);
	close(hold[0]);
	*hold_fd = hold[1];
	if (pid > 0 && read(ready[0], child_err, sizeof(*child_err)) != sizeof(*child_err))
		*child_err = EPIPE;
	close(ready[0]);
	return pid;
}

static enum probe_verdict setns_to_child(struct probe_out *out, pid_t pid, const char *name)
{
	__cleanup_close int pidfd = sys_pidfd_open(pid);
	char got[64] = "";

	if (pidfd < 0)
		return probe_fail(out, errno, "pidfd_open(child)");
	if (setns(pidfd, CLONE_NEWUTS) < 0)
		return probe_fail(out, errno, "setns(pidfd, CLONE_NEWUTS)");
	probe_say(out, "setns(pidfd, CLONE_NEWUTS) = 0");
	gethostname(got, sizeof(got));
	if (strcmp(got, name) != 0) {
		probe_say(out, "hostname \"%s\", expected the child's \"%s\"", got, name);
		return PROBE_NO;
	}
	probe_say(out, "hostname is the child's");
	return PROBE_YES;
}

PROBE_TRY(try_syscall_pidfd_setns)
{
	static const char name[] = "rlxc-probe-setns";
	int hold = -1, child_err = 0;
	enum probe_verdict v;
	pid_t pid;

	pid = fork_uts_child(name, &hold, &child_err);
	if (pid < 0)
		return probe_fail(out, errno, "fork");
	if (child_err) {
		close(hold);
		waitpid(pid, NULL, 0);
		return probe_fail(out, child_err, "child: unshare(CLONE_NEWUTS)/sethostname");
	}
	v = setns_to_child(out, pid, name);
	close(hold);
	waitpid(pid, NULL, 0);
	return v;
}

/*
 * With /etc as the root, "../../passwd" must resolve to /etc/passwd: the
 * ".." stop at the root instead of climbing to /.
 */
PROBE_TRY(try_syscall_openat2)
{
	struct open_how how = {.flags = O_RDONLY | O_CLOEXEC, .resolve = RESOLVE_IN_ROOT};
	__cleanup_close int root = open("/etc", O_PATH | O_DIRECTORY | O_CLOEXEC);
	__cleanup_close int fd = -1;
	struct stat want, got;

	if (root < 0 || stat("/etc/passwd", &want) < 0)
		return probe_fail(out, errno, "open /etc, stat /etc/passwd");
	fd = sys_openat2(root, "../../passwd", &how, sizeof(how));
	if (fd < 0)
		return probe_fail(out, errno, "openat2(/etc, \"../../passwd\", RESOLVE_IN_ROOT)");
	if (fstat(fd, &got) < 0)
		return probe_fail(out, errno, "fstat");
	if (got.st_dev != want.st_dev || got.st_ino != want.st_ino) {
		probe_say(out,
			  "openat2(/etc, \"../../passwd\", RESOLVE_IN_ROOT) opened another file");
		return PROBE_NO;
	}
	probe_say(out, "openat2(/etc, \"../../passwd\", RESOLVE_IN_ROOT) = /etc/passwd");
	return PROBE_YES;
}

/* Which parts of the new mount API worked. */
struct mount_api {
	int fsmount;	   /* fsopen + fsconfig + fsmount + move_mount: 0 or -errno */
	int open_tree;	   /* open_tree(OPEN_TREE_CLONE) */
	int mount_setattr; /* MOUNT_ATTR_RDONLY took effect (a create fails with EROFS) */
};

/* A tmpfs made with fsopen/fsconfig/fsmount, attached on TARGET: 0 or -errno. */
static int try_fsmount(const char *target)
{
	__cleanup_close int fs = sys_fsopen("tmpfs", FSOPEN_CLOEXEC);
	__cleanup_close int mnt = -1;

	if (fs < 0 || sys_fsconfig(fs, FSCONFIG_SET_STRING, "size", "64k", 0) < 0 ||
	    sys_fsconfig(fs, FSCONFIG_CMD_CREATE, NULL, NULL, 0) < 0)
		return -errno;
	mnt = sys_fsmount(fs, FSMOUNT_CLOEXEC, 0);
	if (mnt < 0)
		return -errno;
	if (sys_move_mount(mnt, "", AT_FDCWD, target, MOVE_MOUNT_F_EMPTY_PATH) < 0)
		return -errno;
	return 0;
}

/* Make the detached mount TREE read-only and try to create a file in it. */
static int try_rdonly(int tree)
{
	struct mount_attr attr = {.attr_set = MOUNT_ATTR_RDONLY};
	int fd;

	if (sys_mount_setattr(tree, "", AT_EMPTY_PATH, &attr, sizeof(attr)) < 0)
		return -errno;
	fd = openat(tree, "probe", O_CREAT | O_WRONLY | O_CLOEXEC, 0600);
	if (fd >= 0) {
		close(fd);
		return -EEXIST;
	}
	return errno == EROFS ? 0 : -errno;
}

/*
 * TARGET gets a tmpfs: from fsmount, or from mount(2) when the new API
 * failed, so that open_tree and mount_setattr only ever touch a scratch
 * tmpfs in our private mount ns.
 */
static void try_mount_api(struct mount_api *api, const char *target)
{
	__cleanup_close int tree = -1;

	api->fsmount = try_fsmount(target);
	if (api->fsmount < 0 && mount("rlxc-probe", target, "tmpfs", 0, "size=64k") < 0) {
		api->open_tree = api->mount_setattr = -errno;
		return;
	}
	tree = sys_open_tree(AT_FDCWD, target, OPEN_TREE_CLONE | OPEN_TREE_CLOEXEC);
	api->open_tree = tree < 0 ? -errno : 0;
	api->mount_setattr = tree < 0 ? api->open_tree : try_rdonly(tree);
}

static void say_step(struct probe_out *out, const char *what, int err)
{
	if (err == -EEXIST)
		probe_say(out, "%s: a file could still be created", what);
	else if (err < 0)
		probe_say(out, "%s: %s", what, strerror(-err));
	else
		probe_say(out, "%s ok", what);
}

static enum probe_verdict mount_api_verdict(struct probe_out *out, const struct mount_api *api)
{
	int steps[] = {api->fsmount, api->open_tree, api->mount_setattr};
	int ok = 0, err = 0;

	say_step(out, "fsopen/fsconfig/fsmount/move_mount(tmpfs)", api->fsmount);
	say_step(out, "open_tree(OPEN_TREE_CLONE)", api->open_tree);
	say_step(out, "mount_setattr(MOUNT_ATTR_RDONLY)", api->mount_setattr);
	for (size_t i = 0; i < 3; i++) {
		ok += steps[i] == 0;
		if (!err && steps[i] < 0)
			err = -steps[i];
	}
	if (ok == 3)
		return PROBE_YES;
	if (ok > 0)
		return PROBE_PARTIAL;
	return probe_errno_verdict(err);
}

PROBE_TRY(try_syscall_mount_api)
{
	const char *target = access("/tmp", F_OK) == 0 ? "/tmp" : "/";
	struct mount_api api = {0};

	if (unshare(CLONE_NEWNS) < 0)
		return probe_fail(out, errno, "unshare(CLONE_NEWNS)");
	if (mount("none", "/", "none", MS_REC | MS_PRIVATE, NULL) < 0)
		return probe_fail(out, errno, "mount(/, MS_REC|MS_PRIVATE)");
	try_mount_api(&api, target);
	return mount_api_verdict(out, &api);
}
