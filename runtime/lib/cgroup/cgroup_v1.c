// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * The cgroup v1 backend: one directory per mounted hierarchy. A new cpuset
 * starts empty (attach would fail with ENOSPC), so it takes its parent's
 * cpus and mems; memory.use_hierarchy is set where it still exists and is
 * off; the freezer is freezer.state.
 */
#include "cgroup_impl.h"
#include "kernel/clock.h"

#include <errno.h>
#include <libgen.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

static bool blank(const char *s)
{
	return s[strspn(s, " \t\n")] == '\0';
}

/* Copy cpuset.cpus or cpuset.mems from dir's parent when dir has none. */
static int inherit_cpuset(const char *dir, const char *file, struct rlxc_error *err)
{
	char parent[PATH_MAX], val[4096];
	int ret = cgfs_read(dir, file, val, sizeof(val));

	if (ret == -ENOENT)
		return 0; /* not the cpuset hierarchy */
	if (ret < 0)
		return rlxc_fail(err, -ret, "read %s/%s", dir, file);
	if (!blank(val))
		return 0;
	snprintf(parent, sizeof(parent), "%s", dir);
	dirname(parent);
	ret = cgfs_read(parent, file, val, sizeof(val));
	if (ret < 0)
		return rlxc_fail(err, -ret, "read %s/%s", parent, file);
	ret = cgfs_write(dir, file, val);
	if (ret < 0)
		return rlxc_fail(err, -ret, "copy %s from %s into %s", file, parent, dir);
	return 0;
}

static int use_hierarchy(const char *dir, struct rlxc_error *err)
{
	char val[32];
	int ret = cgfs_read(dir, "memory.use_hierarchy", val, sizeof(val));

	if (ret < 0 || val[0] != '0')
		return 0; /* not memory, or already hierarchical (always, since 6.0) */
	ret = cgfs_write(dir, "memory.use_hierarchy", "1");
	if (ret < 0)
		return rlxc_fail(err, -ret, "write 1 to %s/memory.use_hierarchy", dir);
	return 0;
}

static int v1_prepare(const struct cg_hier *h, const char *dir, struct rlxc_error *err)
{
	int ret = 0;

	if (rlxc_cg_in_list(h->ctrls, "cpuset") &&
	    (ret = inherit_cpuset(dir, "cpuset.cpus", err)) == 0)
		ret = inherit_cpuset(dir, "cpuset.mems", err);
	if (!ret && rlxc_cg_in_list(h->ctrls, "memory"))
		ret = use_hierarchy(dir, err);
	return ret;
}

static int v1_set(const struct rlxc_cgroup *cg, const struct cg_hier *h,
		  const struct rlxc_cgroup_setting *s, struct rlxc_error *err)
{
	(void)cg;
	return rlxc_cg_write_setting(s, h->path, err);
}

static void sleep_ms(long ms)
{
	struct timespec ts = { .tv_sec = ms / 1000, .tv_nsec = (ms % 1000) * 1000000 };

	nanosleep(&ts, NULL);
}

/* Write state to freezer.state and wait until it reads so (FREEZING on
 * the way to FROZEN). */
static int freezer_set(const struct cg_hier *h, const char *state, struct rlxc_error *err)
{
	long deadline = rlxc_now_ms() + RLXC_CG_WAIT_MS;
	char buf[64];
	int ret = cgfs_write(h->path, "freezer.state", state);

	if (ret < 0)
		return rlxc_fail(err, -ret, "write %s to %s/freezer.state", state, h->path);
	for (;;) {
		ret = cgfs_read(h->path, "freezer.state", buf, sizeof(buf));
		if (ret < 0)
			return rlxc_fail(err, -ret, "read %s/freezer.state", h->path);
		buf[strcspn(buf, "\n")] = '\0';
		if (strcmp(buf, state) == 0)
			return 0;
		if (rlxc_now_ms() >= deadline)
			return rlxc_cg_fail_code(err, ETIMEDOUT,
						 "%s/freezer.state still %s after %d ms", h->path,
						 buf, RLXC_CG_WAIT_MS);
		sleep_ms(1);
	}
}

static int v1_freeze(const struct cg_hier *h, struct rlxc_error *err)
{
	int ret = freezer_set(h, "FROZEN", err);

	if (ret == -ETIMEDOUT)
		cgfs_write(h->path, "freezer.state", "THAWED"); /* not half frozen */
	return ret;
}

static int v1_thaw(const struct cg_hier *h, struct rlxc_error *err)
{
	return freezer_set(h, "THAWED", err);
}

static int v1_kill(const struct cg_hier *h, int sig, struct rlxc_error *err)
{
	(void)h;
	(void)sig;
	(void)err;
	return -EOPNOTSUPP; /* v1 has no cgroup.kill */
}

const struct rlxc_cgroup_ops rlxc_cgroup_v1_ops = {
	.version = 1,
	.prepare = v1_prepare,
	.set = v1_set,
	.freeze = v1_freeze,
	.thaw = v1_thaw,
	.kill = v1_kill,
};
