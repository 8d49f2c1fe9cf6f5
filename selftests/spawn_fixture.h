/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * The spawn fixture of the tests of rlxc_spawn for real (spawn_test.c,
 * spawn_mount_test.c, spawn_start_test.c): a tiny rootfs built in a
 * temporary directory from the host's static busybox, a host directory
 * with a marker to bind, and a config built by hand; start(), finish() and
 * run() start a container with its stdout and stderr in a file and read
 * back its output and exit status; mountinfo() to see that nothing leaked.
 *
 * The fixture records the running init and the scratch directory; the
 * teardown (in the harness's parent where it can) kills the one and removes
 * the other, also after a failed assertion. Include after
 * kselftest_harness.h.
 */
#ifndef RLXC_SPAWN_FIXTURE_H
#define RLXC_SPAWN_FIXTURE_H

#include "spawn/spawn.h"
#include "test_util.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#define BUSYBOX "/bin/busybox"

static const char *const applets[] = {
	"sh",	 "hostname", "cat", "ps",   "ls",    "id",   "sleep", "ip",   "mount", "true",
	"false", "env",	     "pwd", "echo", "touch", "grep", "mkdir", "stat", NULL,
};

/* ---- the rootfs ---- */

static inline int copy_file(const char *src, const char *dst, mode_t mode)
{
	int in = open(src, O_RDONLY | O_CLOEXEC), out, err = 0;
	char buf[65536];
	ssize_t n;

	if (in < 0)
		return -errno;
	out = open(dst, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, mode);
	if (out < 0) {
		close(in);
		return -errno;
	}
	while ((n = read(in, buf, sizeof(buf))) > 0)
		if (write(out, buf, (size_t)n) != n) {
			err = -EIO;
			break;
		}
	if (n < 0)
		err = -errno;
	close(in);
	close(out);
	return err;
}

static inline int mkdirf(const char *fmt, const char *base, const char *name)
{
	char path[PATH_MAX];

	snprintf(path, sizeof(path), fmt, base, name);
	return mkdir(path, 0755) < 0 && errno != EEXIST ? -errno : 0;
}

/* ROOT: bin/busybox and its applets, the usual directories, a marker. */
static inline int build_rootfs(const char *root)
{
	static const char *const dirs[] = {
		"bin", "proc", "sys", "dev", "tmp", "etc", "opt", NULL
	};
	char path[PATH_MAX];
	int ret;

	if (mkdir(root, 0755) < 0)
		return -errno;
	for (int i = 0; dirs[i]; i++)
		if ((ret = mkdirf("%s/%s", root, dirs[i])) < 0)
			return ret;
	chmod(strcat(strcpy(path, root), "/tmp"), 01777);
	snprintf(path, sizeof(path), "%s/bin/busybox", root);
	if ((ret = copy_file(BUSYBOX, path, 0755)) < 0)
		return ret;
	for (int i = 0; applets[i]; i++) {
		snprintf(path, sizeof(path), "%s/bin/%s", root, applets[i]);
		if (symlink("busybox", path) < 0)
			return -errno;
	}
	snprintf(path, sizeof(path), "%s/rlxc-marker", root);
	return put_file(path, "the rootfs\n");
}

/* ---- the fixture ---- */

FIXTURE(spawn)
{
	char dir[64];	      /* /tmp/rlxc-t-XXXXXX */
	char root[128];	      /* DIR/root */
	char host[128];	      /* DIR/host: a directory with "marker", to bind */
	char name[64];	      /* the container's name: rlxc-t-PID */
	pid_t init;	      /* a running init, killed in teardown */
	bool host_root;	      /* no rootfs: rlxc execute on the host's root */
	int stdin_fd;	      /* the container's stdin; -1: /dev/null */
	struct rlxc_config c; /* built by hand: memset 0 is "nothing set" */
	char out[16384];      /* what the container wrote */
	int status;	      /* its init's exit status */
	struct rlxc_error err;
};

FIXTURE_SETUP(spawn)
{
	char path[PATH_MAX];

	memset(&self->c, 0, sizeof(self->c));
	self->init = 0;
	self->host_root = false;
	self->stdin_fd = -1;
	snprintf(self->dir, sizeof(self->dir), "/tmp/rlxc-t-XXXXXX");
	ASSERT_NE(NULL, mkdtemp(self->dir));
	chmod(self->dir, 0755); /* a user namespace's root must reach the rootfs */
	snprintf(self->root, sizeof(self->root), "%s/root", self->dir);
	snprintf(self->host, sizeof(self->host), "%s/host", self->dir);
	snprintf(self->name, sizeof(self->name), "rlxc-t-%d", (int)getpid());
	if (access(BUSYBOX, X_OK) < 0)
		SKIP(return, "needs %s (busybox-static)", BUSYBOX);
	ASSERT_EQ(0, build_rootfs(self->root));
	ASSERT_EQ(0, mkdir(self->host, 0755));
	snprintf(path, sizeof(path), "%s/marker", self->host);
	ASSERT_EQ(0, put_file(path, "host side\n"));
}

#ifdef FIXTURE_TEARDOWN_PARENT
FIXTURE_TEARDOWN_PARENT(spawn)
#else
FIXTURE_TEARDOWN(spawn)
#endif
{
	if (self->init > 0)
		kill(self->init, SIGKILL);
	if (self->dir[0])
		rm_tree(self->dir);
}

#define ARGV(...)  ((char *const[]){ __VA_ARGS__, NULL })
#define SH(script) ARGV("sh", "-c", script)

/* Start ARGV in a container of SELF's config; its stdout and stderr go to
 * DIR/out. 0 or what rlxc_spawn returned (self->err says why). */
static inline int start(FIXTURE_DATA(spawn) * self, bool app, char *const *argv)
{
	char path[PATH_MAX];
	int out, in, pidfd = -1, ret;
	struct rlxc_spawn sp = {
		.name = self->name,
		.conf = &self->c,
		.argv = argv,
		.app = app,
		.rootfs = self->host_root ? NULL : self->root,
	};

	snprintf(path, sizeof(path), "%s/out", self->dir);
	out = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
	in = self->stdin_fd >= 0 ? dup(self->stdin_fd) : open("/dev/null", O_RDONLY | O_CLOEXEC);
	sp.stdio[0] = in;
	sp.stdio[1] = sp.stdio[2] = out;
	memset(&self->err, 0, sizeof(self->err));
	self->out[0] = '\0';
	ret = rlxc_spawn(&sp, &self->init, &pidfd, &self->err);
	if (pidfd >= 0)
		close(pidfd);
	close(out);
	close(in);
	return ret;
}

/* Wait for the init; its status in self->status, its output in self->out. */
static inline void finish(FIXTURE_DATA(spawn) * self)
{
	char path[PATH_MAX];
	int st;

	self->status = -1;
	if (waitpid(self->init, &st, 0) == self->init)
		self->status = WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
	self->init = 0;
	snprintf(path, sizeof(path), "%s/out", self->dir);
	get_file(path, self->out, sizeof(self->out));
}

/* Run ARGV as an application container to its end: rlxc_spawn's result. */
static inline int run(FIXTURE_DATA(spawn) * self, char *const *argv)
{
	int ret = start(self, true, argv);

	if (ret == 0)
		finish(self);
	return ret;
}

/* Our mount table, malloc'd: the same before and after a start leaked nothing. */
static inline char *mountinfo(void)
{
	FILE *f = fopen("/proc/self/mountinfo", "re");
	char *buf = NULL, chunk[4096];
	size_t len = 0, n;
	FILE *m = open_memstream(&buf, &len);

	while (f && (n = fread(chunk, 1, sizeof(chunk), f)) > 0)
		fwrite(chunk, 1, n, m);
	if (f)
		fclose(f);
	fclose(m);
	return buf;
}

#endif
