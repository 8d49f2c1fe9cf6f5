/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * The cg fixture of the tests of the runtime's cgroup layer for real
 * (rt_cgroup_test.c, rt_cgroup_procs_test.c and the white-box
 * runtime/lib/cgroup/cgroup_v2_test.c): containers' cgroups
 * rlxc.rlxc-t-<pid>-x made by the library, the children a test moves into
 * them, and how to see them from outside (the cgroup directories,
 * /proc/PID/cgroup, CPU time in /proc/PID/stat, exit statuses).
 *
 * The fixture records the names and children a test makes; the teardown
 * (in the parent where the harness has FIXTURE_TEARDOWN_PARENT) kills the
 * children, finds every directory of those names under /sys/fs/cgroup and
 * removes it, and disables again what the library enabled in our cgroup2
 * cgroup's subtree_control, also after a failed assertion. Include after
 * kselftest_harness.h.
 */
#ifndef RLXC_RT_CGROUP_FIXTURE_H
#define RLXC_RT_CGROUP_FIXTURE_H

#include "cgroup/cgroup.h"
#include "kernel/cgroupfs.h"
#include "kernel/clock.h"
#include "test_util.h"

#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define MAX_NAMES 4
#define MAX_KIDS  8
#define SAMPLE_MS 150 /* CPU time is sampled across this interval */
#define MIN_TICKS 3   /* a spinning child gains ~15 clock ticks per SAMPLE_MS */
#define ORIGIN	  "t.conf:7"

/* ---- what a test made, for the teardown ---- */

struct track {
	char names[MAX_NAMES][64];
	int nnames;
	pid_t kids[MAX_KIDS];
	int nkids;
	char run_dir[PATH_MAX];
	char v2[PATH_MAX];   /* our cgroup2 cgroup, "" without cgroup2 */
	char v2_before[512]; /* its cgroup.subtree_control before the test */
};

static inline void track_init(struct track *t)
{
	char mnt[PATH_MAX], self[PATH_MAX];

	memset(t, 0, sizeof(*t));
	if (cgfs_v2_mount(mnt, sizeof(mnt)) == 0 && cgfs_self(NULL, self, sizeof(self)) == 0) {
		snprintf(t->v2, sizeof(t->v2), "%s%s", mnt, strcmp(self, "/") ? self : "");
		cgfs_read(t->v2, "cgroup.subtree_control", t->v2_before, sizeof(t->v2_before));
	}
}

/* A unique container name, recorded. */
static inline const char *track_name(struct track *t, const char *suffix)
{
	char *n = t->names[t->nnames < MAX_NAMES ? t->nnames++ : MAX_NAMES - 1];

	snprintf(n, sizeof(t->names[0]), "rlxc-t-%d-%s", (int)getpid(), suffix);
	return n;
}

/* Every directory of a container's cgroup, rlxc.NAME, under /sys/fs/cgroup
 * (nftw has no argument). */
static struct {
	char name[NAME_MAX + 1];
	int n;
	char path[64][PATH_MAX];
} found;

static inline int find_cb(const char *path, const struct stat *st, int type, struct FTW *ftw)
{
	(void)st;
	if (type == FTW_D && strcmp(path + ftw->base, found.name) == 0 && found.n < 64)
		snprintf(found.path[found.n++], PATH_MAX, "%s", path);
	return 0;
}

/* Add the directories of container name to found; their number. */
static inline int find_more(const char *name)
{
	int before = found.n;

	snprintf(found.name, sizeof(found.name), "rlxc.%s", name);
	nftw(CGFS_ROOT, find_cb, 16, FTW_PHYS);
	return found.n - before;
}

static inline int find_named(const char *name)
{
	found.n = 0;
	return find_more(name);
}

static inline void track_cleanup(struct track *t)
{
	char sc[512], *save = NULL, text[80];

	for (int i = 0; i < t->nkids; i++) {
		kill(t->kids[i], SIGKILL);
		waitpid(t->kids[i], NULL, 0); /* ECHILD in the parent: fine */
	}
	found.n = 0;
	for (int i = 0; i < t->nnames; i++)
		find_more(t->names[i]);
	/* thaw everywhere first: a process frozen in v1 blocks the rmdir in cgroup2 */
	for (int j = 0; j < found.n; j++) {
		cgfs_write(found.path[j], "freezer.state", "THAWED");
		cgfs_write(found.path[j], "cgroup.freeze", "0");
	}
	for (int j = 0; j < found.n; j++)
		cgfs_remove(found.path[j]);
	if (*t->v2 && cgfs_read(t->v2, "cgroup.subtree_control", sc, sizeof(sc)) == 0)
		for (char *c = strtok_r(sc, " \n", &save); c; c = strtok_r(NULL, " \n", &save))
			if (!strstr(t->v2_before, c)) {
				snprintf(text, sizeof(text), "-%s", c);
				cgfs_write(t->v2, "cgroup.subtree_control", text);
			}
	if (*t->run_dir)
		rm_tree(t->run_dir);
}

/* The number of cgroup hierarchies mounted (each gets a directory; a v2
 * host: cgroup2 only). */
static inline int count_hierarchies(void)
{
	FILE *f = fopen("/proc/self/mountinfo", "re");
	enum cgfs_layout layout = CGFS_NONE;
	char line[4096];
	int n = 0;

	cgfs_layout(&layout);
	while (f && fgets(line, sizeof(line), f))
		n += (layout != CGFS_V2 && strstr(line, " - cgroup ")) ||
		     (layout != CGFS_V1 && strstr(line, " - cgroup2 "));
	if (f)
		fclose(f);
	return n;
}

/* ---- children ---- */

enum job {
	SLEEP,	    /* sleep until killed */
	SLEEP_TREE, /* sleep, with a sleeping grandchild */
	SPIN,	    /* burn CPU */
	FORK_TWICE, /* keep one child, fork another: exit 0 ok, 1 EAGAIN, 2 other */
	EAT_128M,   /* touch 128 MiB of anonymous memory, exit 0 */
};

static inline void sleep_ms(long ms)
{
	struct timespec ts = { .tv_sec = ms / 1000, .tv_nsec = (ms % 1000) * 1000000 };

	while (nanosleep(&ts, &ts) < 0 && errno == EINTR)
		;
}

static inline pid_t fork_sleeper(void)
{
	pid_t pid = fork();

	if (pid == 0) {
		prctl(PR_SET_PDEATHSIG, SIGKILL);
		for (;;)
			pause();
	}
	return pid;
}

static inline int do_job(enum job job)
{
	size_t size = 128 << 20;
	pid_t keep, pid;

	switch (job) {
	case SPIN:
		for (volatile unsigned long n = 0;; n++)
			;
	case SLEEP_TREE:
		fork_sleeper();
		/* fall through */
	case SLEEP:
		for (;;)
			pause();
	case FORK_TWICE:
		keep = fork_sleeper();
		if (keep < 0)
			return 2;
		pid = fork();
		if (pid == 0)
			_exit(0);
		kill(keep, SIGKILL);
		if (pid > 0)
			return waitpid(pid, NULL, 0) == pid ? 0 : 2;
		return errno == EAGAIN ? 1 : 2;
	case EAT_128M:
		return touch_anon(size) == 0 ? 0 : 2;
	}
	return 2;
}

struct kid {
	pid_t pid;
	int go; /* writing a byte starts the job; closing it unused ends the child */
};

/* A child that waits for "go" before its job, so that it can be attached
 * first. Recorded for the teardown. */
static inline int kid_start(struct track *t, enum job job, struct kid *k)
{
	int p[2];
	char c;

	if (t->nkids == MAX_KIDS || pipe2(p, O_CLOEXEC) < 0)
		return -1;
	fflush(NULL);
	k->pid = fork();
	if (k->pid == 0) {
		prctl(PR_SET_PDEATHSIG, SIGKILL);
		close(p[1]);
		if (read(p[0], &c, 1) != 1)
			_exit(3);
		_exit(do_job(job));
	}
	close(p[0]);
	k->go = p[1];
	if (k->pid < 0) {
		close(p[1]);
		return -1;
	}
	t->kids[t->nkids++] = k->pid;
	return 0;
}

static inline int kid_go(struct kid *k)
{
	int ret = write(k->go, "g", 1) == 1 ? 0 : -1;

	close(k->go);
	k->go = -1;
	return ret;
}

/* Exit status, or 128 + signal. */
static inline int kid_wait(struct kid *k)
{
	int st;

	if (waitpid(k->pid, &st, 0) != k->pid)
		return -1;
	return WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
}

/* The directory of pid's cgroup in the hierarchy of ctrl (NULL: cgroup2),
 * from /proc/PID/cgroup and the mounts. */
static inline int cg_dir_of(pid_t pid, const char *ctrl, char *dir, size_t len)
{
	char path[64], line[PATH_MAX], mnt[PATH_MAX], want[80];
	FILE *f;
	int ret = -ENOENT;

	if ((ctrl ? cgfs_v1_mount(ctrl, mnt, sizeof(mnt)) : cgfs_v2_mount(mnt, sizeof(mnt))) < 0)
		return -ENOENT;
	snprintf(want, sizeof(want), ctrl ? ":%s:" : "0::", ctrl);
	snprintf(path, sizeof(path), "/proc/%d/cgroup", (int)pid);
	f = fopen(path, "re");
	while (f && ret && fgets(line, sizeof(line), f)) {
		char *at = strstr(line, want);

		if (at && (ctrl || at == line)) {
			line[strcspn(line, "\n")] = '\0';
			snprintf(dir, len, "%s%s", mnt, at + strlen(want));
			ret = 0;
		}
	}
	if (f)
		fclose(f);
	return ret;
}

static inline long cpu_gain(pid_t pid)
{
	long before = proc_cpu_ticks(pid);

	sleep_ms(SAMPLE_MS);
	return proc_cpu_ticks(pid) - before;
}

/* A config holding only the given cgroup settings. */
static inline void config_with(struct rlxc_config *c, struct rlxc_cgroup_setting *s, size_t n)
{
	rlxc_config_init(c); /* allocates nothing: no rlxc_config_free */
	c->cgroup = s;
	c->n_cgroup = n;
}

/* Wait (bounded) until the container lists want processes. */
static inline size_t wait_npids(struct rlxc_cgroup *cg, size_t want)
{
	long deadline = rlxc_now_ms() + 2000;
	struct rlxc_error err;
	size_t n = 0;
	pid_t *pids;

	for (;;) {
		if (rlxc_cgroup_pids(cg, &pids, &n, &err) == 0)
			free(pids);
		if (n == want || rlxc_now_ms() >= deadline)
			return n;
		sleep_ms(1);
	}
}

/* ---- the fixture ---- */

FIXTURE(cg)
{
	struct track t;
};

FIXTURE_SETUP(cg)
{
	track_init(&self->t);
}

#ifdef FIXTURE_TEARDOWN_PARENT
FIXTURE_TEARDOWN_PARENT(cg)
#else
FIXTURE_TEARDOWN(cg)
#endif
{
	track_cleanup(&self->t);
}

#endif
