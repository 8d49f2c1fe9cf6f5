// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * The processes of a container: listed from the one hierarchy that holds
 * them all (cgroup2 when in use, else the v1 pids or freezer hierarchy),
 * subdirectories included, and signalled at once (cgroup.kill) or one by
 * one through a pidfd, after checking that the pid still is ours.
 */
#include "cgroup_impl.h"
#include "kernel/syscalls.h"
#include "kernel/cleanup.h"
#include "kernel/clock.h"

#include <dirent.h>
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

struct pidv {
	pid_t *v;
	size_t n, cap;
};

static int push(struct pidv *p, pid_t pid)
{
	if (p->n == p->cap) {
		size_t cap = p->cap ? 2 * p->cap : 64;
		pid_t *v = realloc(p->v, cap * sizeof(*v));

		if (!v)
			return -ENOMEM;
		p->v = v;
		p->cap = cap;
	}
	p->v[p->n++] = pid;
	return 0;
}

static int read_procs(const char *dir, struct pidv *p)
{
	char path[PATH_MAX], line[32];
	FILE *f;
	int ret = 0;

	snprintf(path, sizeof(path), "%s/cgroup.procs", dir);
	f = fopen(path, "re");
	if (!f)
		return -errno;
	while (!ret && fgets(line, sizeof(line), f))
		if (atoi(line) > 0)
			ret = push(p, (pid_t)atoi(line));
	fclose(f);
	return ret;
}

/* cgroup.procs of dir and of every cgroup below it. */
static int collect(const char *dir, struct pidv *p)
{
	__cleanup_closedir DIR *d = NULL;
	char sub[PATH_MAX];
	struct dirent *e;
	int ret = read_procs(dir, p);

	if (ret < 0)
		return ret;
	d = opendir(dir);
	if (!d)
		return -errno;
	while ((e = readdir(d))) {
		if (e->d_type != DT_DIR || e->d_name[0] == '.')
			continue;
		snprintf(sub, sizeof(sub), "%s/%s", dir, e->d_name);
		ret = collect(sub, p);
		if (ret < 0 && ret != -ENOENT) /* ENOENT: removed meanwhile */
			return ret;
	}
	return 0;
}

static int cmp_pid(const void *a, const void *b)
{
	pid_t x = *(const pid_t *)a, y = *(const pid_t *)b;

	return (x > y) - (x < y);
}

static void sort_unique(struct pidv *p)
{
	size_t n = 0;

	if (!p->n)
		return;
	qsort(p->v, p->n, sizeof(*p->v), cmp_pid);
	for (size_t i = 1; i < p->n; i++)
		if (p->v[i] != p->v[n])
			p->v[++n] = p->v[i];
	p->n = n + 1;
}

/* The hierarchy that holds every process of the container. */
static const struct cg_hier *procs_hier(const struct rlxc_cgroup *cg)
{
	const struct cg_hier *h = rlxc_cg_v2(cg);

	if (!h)
		h = rlxc_cg_v1(cg, "pids");
	if (!h)
		h = rlxc_cg_v1(cg, "freezer");
	return h ? h : &cg->h[0];
}

static int list(const struct cg_hier *h, struct pidv *p, struct rlxc_error *err)
{
	int ret = collect(h->path, p);

	if (ret < 0)
		return rlxc_fail(err, -ret, "read the processes of %s", h->path);
	sort_unique(p);
	return 0;
}

int rlxc_cgroup_pids(struct rlxc_cgroup *cg, pid_t **pids, size_t *n, struct rlxc_error *err)
{
	struct pidv p = { 0 };
	int ret = list(procs_hier(cg), &p, err);

	if (ret < 0) {
		free(p.v);
		return ret;
	}
	*pids = p.v;
	*n = p.n;
	return 0;
}

/* Whether /proc/PID/cgroup shows pid in rlxc.NAME (or below) somewhere. */
static bool ours(const struct rlxc_cgroup *cg, pid_t pid)
{
	char path[64], want[NAME_MAX + 16], line[PATH_MAX + 64];
	size_t n = (size_t)snprintf(want, sizeof(want), "/" RLXC_CG_PREFIX "%s", cg->name);
	bool found = false;
	FILE *f;

	snprintf(path, sizeof(path), "/proc/%d/cgroup", (int)pid);
	f = fopen(path, "re");
	while (f && !found && fgets(line, sizeof(line), f)) {
		char *at = strstr(line, want);

		found = at && (at[n] == '\n' || at[n] == '/' || at[n] == '\0');
	}
	if (f)
		fclose(f);
	return found;
}

/* Signal pid unless it is gone or, by now, another process of the host. */
static int signal_one(const struct rlxc_cgroup *cg, pid_t pid, int sig)
{
	__cleanup_close int fd = sys_pidfd_open(pid);

	if (fd < 0 && errno != ENOSYS)
		return errno == ESRCH ? 0 : -errno;
	if (!ours(cg, pid))
		return 0;
	if ((fd >= 0 ? sys_pidfd_send_signal(fd, sig) : kill(pid, sig)) < 0 && errno != ESRCH)
		return -errno;
	return 0;
}

static int signal_all(const struct rlxc_cgroup *cg, const struct pidv *p, int sig,
		      struct rlxc_error *err)
{
	for (size_t i = 0; i < p->n; i++) {
		int ret = signal_one(cg, p->v[i], sig);

		if (ret < 0)
			return rlxc_fail(err, -ret, "send SIG%s to pid %d",
					 sigabbrev_np(sig) ?: "?", (int)p->v[i]);
	}
	return 0;
}

/* Thaw whatever is frozen, v1 and v2, without asking: after a SIGKILL (a
 * task frozen by the v1 freezer does not die until thawed). */
static void thaw_any(const struct rlxc_cgroup *cg)
{
	for (size_t i = 0; i < cg->n; i++) {
		if (cg->h[i].ops->version == 2)
			cgfs_write(cg->h[i].path, "cgroup.freeze", "0");
		else if (rlxc_cg_in_list(cg->h[i].ctrls, "freezer"))
			cgfs_write(cg->h[i].path, "freezer.state", "THAWED");
	}
}

/* SIGKILL (again) whatever is left until nothing is, bounded; a cgroup
 * already gone is empty. */
static int kill_until_empty(const struct rlxc_cgroup *cg, const struct cg_hier *h,
			    struct rlxc_error *err)
{
	long deadline = rlxc_now_ms() + RLXC_CG_WAIT_MS;
	struct pidv p = { 0 };
	bool thawed = false;
	int ret;

	for (;;) {
		p.n = 0;
		ret = collect(h->path, &p);
		if (ret == -ENOENT || (!ret && p.n == 0)) {
			ret = 0;
			break;
		}
		if (ret < 0) {
			ret = rlxc_fail(err, -ret, "read the processes of %s", h->path);
			break;
		}
		ret = signal_all(cg, &p, SIGKILL, err);
		if (ret < 0)
			break;
		if (!thawed)
			thaw_any(cg); /* killed first: nothing runs after the thaw */
		thawed = true;
		if (rlxc_now_ms() >= deadline) {
			ret = rlxc_cg_fail_code(err, ETIMEDOUT,
						"%zu processes left in %s %d ms after SIGKILL", p.n,
						h->path, RLXC_CG_WAIT_MS);
			break;
		}
		nanosleep(&(struct timespec){ .tv_nsec = 1000000 }, NULL);
	}
	free(p.v);
	return ret;
}

int rlxc_cgroup_kill(struct rlxc_cgroup *cg, int sig, struct rlxc_error *err)
{
	const struct cg_hier *h = procs_hier(cg);
	struct pidv p = { 0 };
	int ret = h->ops->kill(h, sig, err);

	if (ret < 0 && ret != -EOPNOTSUPP)
		return ret;
	if (sig == SIGKILL)
		return kill_until_empty(cg, h, err);
	ret = list(h, &p, err);
	if (!ret)
		ret = signal_all(cg, &p, sig, err);
	free(p.v);
	return ret;
}
