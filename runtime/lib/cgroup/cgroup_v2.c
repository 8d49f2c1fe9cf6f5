// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * The cgroup v2 backend: one directory in the unified hierarchy. A
 * controller reaches rlxc.NAME only when its parent enables it in its
 * cgroup.subtree_control; the freezer is cgroup.freeze with cgroup.events
 * "frozen"; SIGKILL for everyone is cgroup.kill.
 */
#include "cgroup_impl.h"

#include <errno.h>
#include <libgen.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>

/*
 * Enable in dir's parent the controllers the config's lxc.cgroup2.* keys
 * need (h->want) that the parent has. Best effort: a parent that holds
 * processes (not the root) cannot delegate (EBUSY, the no-internal-process
 * rule); a key of a controller that did not arrive then fails naming the
 * controller (v2_set). cgroup.freeze and cgroup.kill need no controller.
 */
static int v2_prepare(const struct cg_hier *h, const char *dir, struct rlxc_error *err)
{
	char parent[PATH_MAX], want[sizeof(h->want)], text[80], *save = NULL;

	(void)err;
	snprintf(parent, sizeof(parent), "%s", dir);
	dirname(parent);
	snprintf(want, sizeof(want), "%s", h->want);
	for (char *c = strtok_r(want, " ", &save); c; c = strtok_r(NULL, " ", &save)) {
		if (cgfs_has(parent, "cgroup.controllers", c) < 0 ||
		    cgfs_has(parent, "cgroup.subtree_control", c) == 0)
			continue;
		snprintf(text, sizeof(text), "+%s", c);
		cgfs_write(parent, "cgroup.subtree_control", text);
	}
	return 0;
}

/* A missing file: say whether the controller is the reason. */
static int v2_missing(const struct rlxc_cgroup *cg, const struct cg_hier *h,
		      const struct rlxc_cgroup_setting *s, struct rlxc_error *err)
{
	char ctrl[64], avail[1024];

	snprintf(ctrl, sizeof(ctrl), "%.*s", (int)strcspn(s->key, "."), s->key);
	if (strcmp(ctrl, "cgroup") == 0 || cgfs_has(h->path, "cgroup.controllers", ctrl) == 0)
		return -ENOENT; /* the controller is there; the file is not */
	if (rlxc_cg_v1(cg, ctrl))
		return rlxc_cg_setting_fail(
			err, s, 0, "%s is not a cgroup2 controller here; use lxc.cgroup.%s.*", ctrl,
			ctrl);
	if (cgfs_read(h->path, "cgroup.controllers", avail, sizeof(avail)) < 0)
		avail[0] = '\0';
	avail[strcspn(avail, "\n")] = '\0';
	return rlxc_cg_setting_fail(err, s, 0,
				    "%s is not a cgroup2 controller of %s (cgroup.controllers: %s)",
				    ctrl, h->path, *avail ? avail : "none");
}

static int v2_set(const struct rlxc_cgroup *cg, const struct cg_hier *h,
		  const struct rlxc_cgroup_setting *s, struct rlxc_error *err)
{
	struct rlxc_error why;
	int ret = rlxc_cg_write_setting(s, h->path, err);

	if (ret != -ENOENT)
		return ret;
	why = *err;
	ret = v2_missing(cg, h, s, err);
	if (ret == -ENOENT)
		*err = why; /* plainly a missing file: keep the write's message */
	return ret;
}

static int freeze_set(const struct cg_hier *h, int on, struct rlxc_error *err)
{
	int ret = cgfs_write(h->path, "cgroup.freeze", on ? "1" : "0");

	if (ret == -ENOENT)
		return rlxc_cg_fail_code(err, EOPNOTSUPP,
					 "%s has no cgroup.freeze (the cgroup2 freezer came in 5.2)",
					 h->path);
	if (ret < 0)
		return rlxc_fail(err, -ret, "write %d to %s/cgroup.freeze", on, h->path);
	ret = cgfs_wait_event(h->path, "frozen", on, RLXC_CG_WAIT_MS);
	if (ret == -ETIMEDOUT)
		return rlxc_cg_fail_code(err, ETIMEDOUT,
					 "%s/cgroup.events: not frozen %d after %d ms", h->path, on,
					 RLXC_CG_WAIT_MS);
	if (ret < 0)
		return rlxc_fail(err, -ret, "wait for frozen %d in %s/cgroup.events", on, h->path);
	return 0;
}

static int v2_freeze(const struct cg_hier *h, struct rlxc_error *err)
{
	int ret = freeze_set(h, 1, err);

	if (ret == -ETIMEDOUT)
		cgfs_write(h->path, "cgroup.freeze", "0"); /* not half frozen */
	return ret;
}

static int v2_thaw(const struct cg_hier *h, struct rlxc_error *err)
{
	return freeze_set(h, 0, err);
}

static int v2_kill(const struct cg_hier *h, int sig, struct rlxc_error *err)
{
	int ret;

	if (sig != SIGKILL)
		return -EOPNOTSUPP;
	ret = cgfs_write(h->path, "cgroup.kill", "1");
	if (ret == -ENOENT) /* before 5.14, or gone already: the caller goes pid by pid */
		return -EOPNOTSUPP;
	if (ret < 0)
		return rlxc_fail(err, -ret, "write 1 to %s/cgroup.kill", h->path);
	return 0;
}

const struct rlxc_cgroup_ops rlxc_cgroup_v2_ops = {
	.version = 2,
	.prepare = v2_prepare,
	.set = v2_set,
	.freeze = v2_freeze,
	.thaw = v2_thaw,
	.kill = v2_kill,
};
