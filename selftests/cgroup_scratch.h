/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * The cg fixture of the cgroup tests (cgroup_test.c, cgroup_tree_test.c):
 * scratch cgroups named rlxc-t-<pid>[-x] at the root of a hierarchy, the
 * children a test moves into them, and small helpers for the cgroup files.
 *
 * The fixture records every scratch cgroup, child and subtree_control change
 * a test makes; the teardown thaws, kills, rmdirs and restores them, also
 * after a failed assertion. A hierarchy the host does not mount (the probe
 * then said "a fresh hierarchy mounts") is mounted in a private mount
 * namespace of the test's own process. Include after kselftest_harness.h.
 */
#ifndef RLXC_CGROUP_SCRATCH_H
#define RLXC_CGROUP_SCRATCH_H

#include "test_util.h"
#include "kernel/clock.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <sched.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define MAX_CG	 4
#define MAX_KIDS 8

/* ---- files ---- */

static inline int write_file(const char *path, const char *text)
{
	int fd = open(path, O_WRONLY | O_CLOEXEC);
	ssize_t w;
	int err = 0;

	if (fd < 0)
		return -errno;
	w = write(fd, text, strlen(text));
	if (w < 0)
		err = -errno;
	else if ((size_t)w != strlen(text))
		err = -EIO;
	close(fd);
	return err;
}

static inline int cg_write(const char *cg, const char *file, const char *text)
{
	char path[PATH_MAX];

	snprintf(path, sizeof(path), "%s/%s", cg, file);
	return write_file(path, text);
}

static inline int cg_read(const char *cg, const char *file, char *buf, size_t len)
{
	char path[PATH_MAX];

	snprintf(path, sizeof(path), "%s/%s", cg, file);
	return get_file(path, buf, len);
}

static inline bool cg_exists(const char *cg, const char *file)
{
	char path[PATH_MAX];

	snprintf(path, sizeof(path), "%s/%s", cg, file);
	return access(path, F_OK) == 0;
}

/* Whether the space-separated list file holds word. */
static inline bool cg_lists(const char *cg, const char *file, const char *word)
{
	char buf[1024], *save = NULL;

	if (cg_read(cg, file, buf, sizeof(buf)) < 0)
		return false;
	for (char *w = strtok_r(buf, " \n", &save); w; w = strtok_r(NULL, " \n", &save))
		if (strcmp(w, word) == 0)
			return true;
	return false;
}

static inline void sleep_ms(long ms)
{
	struct timespec ts = { .tv_sec = ms / 1000, .tv_nsec = (ms % 1000) * 1000000 };

	while (nanosleep(&ts, &ts) < 0 && errno == EINTR)
		;
}

/* Whether word is one of the comma-separated words of list. */
static inline bool in_list(const char *list, const char *word)
{
	size_t n = strlen(word);

	for (const char *p = list; p; p = strchr(p, ','), p = p ? p + 1 : NULL)
		if (strncmp(p, word, n) == 0 && (p[n] == ',' || p[n] == '\0'))
			return true;
	return false;
}

/* Column col (1: hierarchy, 2: num_cgroups) of ctrl in /proc/cgroups; -1
 * when absent. */
static inline int proc_cgroups(const char *ctrl, int col)
{
	FILE *f = fopen("/proc/cgroups", "re");
	char line[256], name[64];
	int v[3], ret = -1;

	while (f && ret < 0 && fgets(line, sizeof(line), f))
		if (sscanf(line, "%63s %d %d %d", name, &v[0], &v[1], &v[2]) == 4 &&
		    strcmp(name, ctrl) == 0)
			ret = v[col - 1];
	if (f)
		fclose(f);
	return ret;
}

/* ---- the fixture ---- */

/* A hierarchy a test uses; a private one is mounted in a private mount
 * namespace (the host does not mount it) and mounted again by the teardown
 * when that namespace is gone. */
struct hier {
	char path[PATH_MAX];
	char fstype[8];
	char opt[32];
	bool private;
	int before; /* v1: its cgroups in /proc/cgroups before ours were made */
};

FIXTURE(cg)
{
	struct hier hier[2];
	int nhier;
	pid_t private_ns;	   /* the process that made its private mount namespace */
	char cg[MAX_CG][PATH_MAX]; /* scratch cgroups, children after parents */
	int ncg;
	pid_t kid[MAX_KIDS];
	int nkid;
	char restore_cg[PATH_MAX]; /* "-ctrl ..." written back to its subtree_control */
	char restore[256];
};

FIXTURE_SETUP(cg)
{
	memset(self, 0, sizeof(*self));
}

/* The mount point of a cgroup hierarchy: v1 with option opt, or cgroup2
 * (opt NULL). */
static inline bool find_mount(const char *opt, char *path, size_t len)
{
	FILE *f = fopen("/proc/self/mountinfo", "re");
	char line[4096];
	bool found = false;

	if (!f)
		return false;
	while (!found && fgets(line, sizeof(line), f)) {
		char mnt[PATH_MAX], type[64], opts[1024], *sep = strstr(line, " - ");

		if (!sep || sscanf(line, "%*s %*s %*s %*s %4095s", mnt) != 1 ||
		    sscanf(sep + 3, "%63s %*s %1023s", type, opts) != 2)
			continue;
		if (opt ? strcmp(type, "cgroup") == 0 && in_list(opts, opt)
			: strcmp(type, "cgroup2") == 0) {
			snprintf(path, len, "%s", mnt);
			found = true;
		}
	}
	fclose(f);
	return found;
}

/* Mount h in this process's private mount namespace (made on first use,
 * with a tmpfs on /tmp to hold the mount point: nothing lands on the host). */
static inline int mount_private(FIXTURE_DATA(cg) * self, const struct hier *h)
{
	/* self is shared with the teardown's process, which needs its own */
	if (self->private_ns != getpid()) {
		if (unshare(CLONE_NEWNS) < 0 ||
		    mount("none", "/", "none", MS_REC | MS_PRIVATE, NULL) < 0 ||
		    mount("rlxc", "/tmp", "tmpfs", 0, "mode=0700") < 0)
			return -errno;
		self->private_ns = getpid();
	}
	if (mkdir(h->path, 0700) < 0 && errno != EEXIST)
		return -errno;
	if (mount(h->fstype, h->path, h->fstype, 0, h->opt[0] ? h->opt : NULL) < 0)
		return -errno;
	return 0;
}

/* The root of a hierarchy (ctrl: v1, NULL: cgroup2): the host's mount, or a
 * private mount when the host has none. Recorded for the teardown. */
static inline int hier_root(FIXTURE_DATA(cg) * self, const char *ctrl, char *path, size_t len)
{
	struct hier *h = &self->hier[self->nhier];
	int err = 0;

	if (self->nhier == 2)
		return -ENOSPC;
	snprintf(h->fstype, sizeof(h->fstype), "%s", ctrl ? "cgroup" : "cgroup2");
	snprintf(h->opt, sizeof(h->opt), "%s", ctrl ? ctrl : "");
	if (!find_mount(ctrl, h->path, sizeof(h->path))) {
		h->private = true;
		snprintf(h->path, sizeof(h->path), "/tmp/rlxc-t-%d-%d", (int)getpid(), self->nhier);
		err = mount_private(self, h);
		/* once mounted, its own count (hierarchy 0 counts cgroup2's) */
		h->before = ctrl ? proc_cgroups(ctrl, 2) : 0;
	}
	if (!err)
		self->nhier++;
	snprintf(path, len, "%s", h->path);
	return err;
}

static inline int v1_root(FIXTURE_DATA(cg) * self, const char *ctrl, char *path, size_t len)
{
	return hier_root(self, ctrl, path, len);
}

static inline int v2_root(FIXTURE_DATA(cg) * self, char *path, size_t len)
{
	return hier_root(self, NULL, path, len);
}

/*
 * A v1 hierarchy dies at its last unmount only if it has no child left,
 * dying ones included (else it lingers, unmounted, for good): wait for the
 * removed scratch cgroups to be released (~40 ms), then unmount.
 */
static inline void unmount_private(const struct hier *h)
{
	long deadline = rlxc_now_ms() + 2000;

	while (h->before > 0 && proc_cgroups(h->opt, 2) > h->before && rlxc_now_ms() < deadline)
		sleep_ms(1);
	umount2(h->path, MNT_DETACH);
}

/* Thaw, kill what is left in it, rmdir (retrying while tasks finish dying). */
static inline void remove_cgroup(const char *cg)
{
	long deadline = rlxc_now_ms() + 2000;
	char buf[4096], *save = NULL;

	cg_write(cg, "cgroup.freeze", "0");
	cg_write(cg, "freezer.state", "THAWED");
	if (cg_read(cg, "cgroup.procs", buf, sizeof(buf)) == 0)
		for (char *t = strtok_r(buf, "\n", &save); t; t = strtok_r(NULL, "\n", &save))
			kill(atoi(t), SIGKILL);
	while (rmdir(cg) < 0 && errno == EBUSY && rlxc_now_ms() < deadline)
		sleep_ms(1);
}

/*
 * Runs in the parent of the test process where the harness has
 * FIXTURE_TEARDOWN_PARENT (self is then shared memory): an assertion that
 * fails in the test cannot skip it. Private hierarchies are mounted again
 * when the test's mount namespace is gone.
 */
#ifdef FIXTURE_TEARDOWN_PARENT
FIXTURE_TEARDOWN_PARENT(cg)
#else
FIXTURE_TEARDOWN(cg)
#endif
{
	bool remount = self->private_ns != getpid();
	char *save = NULL;

	for (int i = 0; i < self->nhier; i++)
		if (self->hier[i].private && remount)
			mount_private(self, &self->hier[i]);
	for (int i = 0; i < self->ncg; i++) {
		cg_write(self->cg[i], "cgroup.freeze", "0");
		cg_write(self->cg[i], "freezer.state", "THAWED");
	}
	for (int i = 0; i < self->nkid; i++) {
		kill(self->kid[i], SIGKILL);
		waitpid(self->kid[i], NULL, 0); /* ECHILD in the parent: fine */
	}
	for (int i = self->ncg - 1; i >= 0; i--)
		remove_cgroup(self->cg[i]);
	for (char *c = strtok_r(self->restore, " ", &save); c; c = strtok_r(NULL, " ", &save))
		cg_write(self->restore_cg, "cgroup.subtree_control", c);
	for (int i = 0; i < self->nhier; i++)
		if (self->hier[i].private)
			unmount_private(&self->hier[i]);
}

/* mkdir parent/rlxc-t-<pid><suffix>, recorded for the teardown. Never
 * inlined: parent may be self->cg[i], and inlined into a test GCC cannot
 * tell it from self->cg[ncg] (-Wrestrict). */
static __attribute__((noinline, unused)) const char *scratch(FIXTURE_DATA(cg) * self,
							     const char *parent, const char *suffix)
{
	char *cg;

	if (self->ncg == MAX_CG)
		return NULL;
	cg = self->cg[self->ncg];
	snprintf(cg, PATH_MAX, "%s/rlxc-t-%d%s", parent, (int)getpid(), suffix);
	if (mkdir(cg, 0755) < 0 && (errno != EEXIST || (remove_cgroup(cg), mkdir(cg, 0755) < 0)))
		return NULL;
	self->ncg++;
	return cg;
}

/* ---- children ---- */

enum job {
	SPIN,	    /* burn CPU */
	SLEEP,	    /* sleep until killed */
	SLEEP_TREE, /* sleep, with a sleeping grandchild forked before "ready" */
	FORK_ONCE,  /* exit 0 if fork works, 1 on EAGAIN, 2 on any other error */
	EAT_64M,    /* touch 64 MiB of anonymous memory, exit 0 */
};

static inline int do_job(enum job job)
{
	size_t size = 64 << 20;
	pid_t pid;

	switch (job) {
	case SPIN:
		for (volatile unsigned long n = 0;; n++)
			;
	case SLEEP_TREE:
	case SLEEP:
		for (;;)
			pause();
	case FORK_ONCE:
		pid = fork();
		if (pid == 0)
			_exit(0);
		if (pid > 0)
			return waitpid(pid, NULL, 0) == pid ? 0 : 2;
		return errno == EAGAIN ? 1 : 2;
	case EAT_64M:
		return touch_anon(size) == 0 ? 0 : 2;
	}
	return 2;
}

/* In the child: move into cg (NULL: stay), and for SLEEP_TREE fork the
 * grandchild, so that both are in place before the child says "ready". */
static inline int child_setup(const char *cg, enum job job, int ready_fd)
{
	int err = cg ? cg_write(cg, "cgroup.procs", "0") : 0;
	pid_t pid;

	if (err || job != SLEEP_TREE)
		return err;
	pid = fork();
	if (pid == 0) {
		close(ready_fd);
		for (;;)
			pause();
	}
	return pid < 0 ? -errno : 0;
}

/*
 * A child doing job, in cgroup cg (NULL: where we are): it moves itself
 * in, says so on a pipe, then works. Recorded for the teardown; -errno of
 * the move on failure.
 */
static inline pid_t spawn(FIXTURE_DATA(cg) * self, const char *cg, enum job job)
{
	int fds[2], err = 0;
	pid_t pid;

	if (self->nkid == MAX_KIDS || pipe2(fds, O_CLOEXEC) < 0)
		return -EMFILE;
	fflush(NULL);
	pid = fork();
	if (pid == 0) {
		prctl(PR_SET_PDEATHSIG, SIGKILL);
		err = child_setup(cg, job, fds[1]);
		if (write(fds[1], &err, sizeof(err)) != sizeof(err) || err)
			_exit(3);
		close(fds[1]);
		_exit(do_job(job));
	}
	close(fds[1]);
	if (pid < 0) {
		close(fds[0]);
		return -errno;
	}
	self->kid[self->nkid++] = pid;
	if (read(fds[0], &err, sizeof(err)) != sizeof(err))
		err = -EIO;
	close(fds[0]);
	return err ? err : pid;
}

/* The exit status of a recorded child: its code, 128 + signal, or -1. */
static inline int reap(FIXTURE_DATA(cg) * self, pid_t pid)
{
	int st;

	if (waitpid(pid, &st, 0) != pid)
		return -1;
	for (int i = 0; i < self->nkid; i++)
		if (self->kid[i] == pid)
			self->kid[i] = self->kid[--self->nkid];
	return WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
}
#endif
