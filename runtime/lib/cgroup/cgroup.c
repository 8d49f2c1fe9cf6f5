// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * A container's cgroups: rlxc.NAME in every hierarchy (cgroup_hier.c says
 * which), each entry driven by its backend (cgroup_v1.c, cgroup_v2.c) where
 * v1 and v2 differ. Creation undoes itself on failure; destroy kills what
 * is left and removes what exists, so it also cleans up after a dead
 * supervisor (from rlxc_cgroup_load).
 */
#include "cgroup_impl.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

/* ---- create ---- */

static int exists_fail(const struct rlxc_cgroup *cg, const struct cg_hier *h,
		       struct rlxc_error *err)
{
	return rlxc_cg_fail_code(err, EEXIST,
				 "cgroup " RLXC_CG_PREFIX "%s exists in %s: another container named "
				 "%s is running, or one was not cleaned up",
				 cg->name, h->base, cg->name);
}

/* mkdir base/rlxc.NAME, which must not exist yet. Right below our own
 * cgroup: no shared parent to make, prepare and remove at every start. */
static int make_one(const struct rlxc_cgroup *cg, struct cg_hier *h, struct rlxc_error *err)
{
	if (mkdir(h->path, 0755) < 0)
		return errno == EEXIST ? exists_fail(cg, h, err)
				       : rlxc_fail(err, errno, "mkdir %s", h->path);
	h->made = true;
	return h->ops->prepare(h, h->path, err);
}

/* Remove rlxc.NAME when there: a plain rmdir, as it is usually empty by
 * now; else kill what is in it and wait. */
static int remove_one(const struct cg_hier *h, struct rlxc_error *err)
{
	int ret = rmdir(h->path) == 0 ? 0 : cgfs_remove(h->path);

	if (ret < 0 && ret != -ENOENT)
		return rlxc_fail(err, -ret, "remove cgroup %s", h->path);
	return 0;
}

static void undo(struct rlxc_cgroup *cg)
{
	struct rlxc_error ignored;

	for (size_t i = 0; i < cg->n; i++)
		if (cg->h[i].made)
			remove_one(&cg->h[i], &ignored);
}

/* lxc.cgroup.KEY goes to the v1 hierarchy of KEY's controller, lxc.cgroup2.KEY to cgroup2. */
static int no_v1(const struct rlxc_cgroup *cg, const struct rlxc_cgroup_setting *s,
		 const char *ctrl, struct rlxc_error *err)
{
	const struct cg_hier *v2 = rlxc_cg_v2(cg);
	bool any_v1 = false;

	for (size_t i = 0; i < cg->n; i++)
		any_v1 |= cg->h[i].ops->version == 1;
	if (v2 && cgfs_has(v2->path, "cgroup.controllers", ctrl) == 0)
		return rlxc_cg_setting_fail(err, s, 0,
					    "%s is not a cgroup v1 controller here; use "
					    "lxc.cgroup2.%s.*",
					    ctrl, ctrl);
	if (!any_v1)
		return rlxc_cg_setting_fail(
			err, s, 0, "no cgroup v1 hierarchy is mounted here; use lxc.cgroup2.*");
	return rlxc_cg_setting_fail(err, s, 0, "no cgroup v1 hierarchy has the %s controller",
				    ctrl);
}

static int apply(const struct rlxc_cgroup *cg, const struct rlxc_cgroup_setting *s,
		 struct rlxc_error *err)
{
	const char *key = s->key ? s->key : "";
	const struct cg_hier *h;
	char ctrl[64];

	if (!*key || *key == '.' || !strchr(key, '.') || strchr(key, '/') || !s->value)
		return rlxc_cg_setting_fail(err, s, 0, "not a cgroup file: CONTROLLER.FILE");
	snprintf(ctrl, sizeof(ctrl), "%.*s", (int)strcspn(key, "."), key);
	if (s->version == 2) {
		h = rlxc_cg_v2(cg);
		if (!h)
			return rlxc_cg_setting_fail(
				err, s, 0, "cgroup2 is not mounted here; use lxc.cgroup.%s", key);
	} else {
		h = rlxc_cg_v1(cg, ctrl);
		if (!h)
			return no_v1(cg, s, ctrl, err);
	}
	return h->ops->set(cg, h, s, err);
}

/* The controllers the lxc.cgroup2.* keys of c need, into each v2 entry. */
static void want_v2(struct rlxc_cgroup *cg, const struct rlxc_config *c)
{
	struct cg_hier *v2 = rlxc_cg_v2(cg);
	char ctrl[64];

	for (size_t i = 0; v2 && c && i < c->n_cgroup; i++) {
		size_t used = strlen(v2->want);

		if (c->cgroup[i].version != 2 || rlxc_cg_devices_key(&c->cgroup[i]))
			continue; /* devices.*: rules of the device program, not files */
		snprintf(ctrl, sizeof(ctrl), "%.*s", (int)strcspn(c->cgroup[i].key, "."),
			 c->cgroup[i].key);
		if (strcmp(ctrl, "cgroup") == 0 || strstr(v2->want, ctrl))
			continue;
		snprintf(v2->want + used, sizeof(v2->want) - used, "%s%s", used ? " " : "", ctrl);
	}
}

/* Make the entries of one version (cgroup2 first: clone3 needs it). */
static int make_version(struct rlxc_cgroup *cg, int version, struct rlxc_error *err)
{
	int ret = 0;

	for (size_t i = 0; !ret && i < cg->n; i++)
		if (cg->h[i].ops->version == version)
			ret = make_one(cg, &cg->h[i], err);
	return ret;
}

int rlxc_cgroup_create_v2(struct rlxc_cgroup **out, const char *name, const struct rlxc_config *c,
			  struct rlxc_error *err)
{
	struct rlxc_cgroup *cg;
	int ret;

	*out = NULL;
	if (!name || !*name || strchr(name, '/') || strcmp(name, ".") == 0 ||
	    strcmp(name, "..") == 0 || strlen(name) > NAME_MAX)
		return rlxc_fail(err, EINVAL, "cgroup name '%s'", name ? name : "");
	if (c && (ret = rlxc_cg_devices_check(c, err)) < 0)
		return ret; /* a bad device rule: before anything is made */
	cg = calloc(1, sizeof(*cg));
	if (!cg)
		return rlxc_fail(err, ENOMEM, "cgroups");
	snprintf(cg->name, sizeof(cg->name), "%s", name);
	if ((ret = rlxc_cg_discover(cg, err)) == 0) {
		want_v2(cg, c);
		ret = make_version(cg, 2, err);
	}
	if (ret < 0) {
		undo(cg);
		rlxc_cgroup_free(cg);
		return ret;
	}
	*out = cg;
	return 0;
}

int rlxc_cgroup_create_v1(struct rlxc_cgroup *cg, const struct rlxc_config *c,
			  struct rlxc_error *err)
{
	int ret = make_version(cg, 1, err);

	if (!ret && c) /* a container's: its device list (cgroup_devices.c), then the rest */
		ret = rlxc_cg_devices(cg, c, err);
	for (size_t i = 0; !ret && c && i < c->n_cgroup; i++)
		ret = rlxc_cg_devices_key(&c->cgroup[i]) ? 0 : apply(cg, &c->cgroup[i], err);
	return ret;
}

int rlxc_cgroup_create(struct rlxc_cgroup **out, const char *name, const struct rlxc_config *c,
		       struct rlxc_error *err)
{
	int ret = rlxc_cgroup_create_v2(out, name, c, err);

	if (ret == 0 && (ret = rlxc_cgroup_create_v1(*out, c, err)) < 0) {
		undo(*out);
		rlxc_cgroup_free(*out);
		*out = NULL;
	}
	return ret;
}

/* ---- attach, freeze ---- */

static int attach(struct rlxc_cgroup *cg, pid_t pid, bool skip_v2, struct rlxc_error *err)
{
	for (size_t i = 0; i < cg->n; i++) {
		int ret;

		if (skip_v2 && cg->h[i].ops->version == 2)
			continue;
		if ((ret = cgfs_attach(cg->h[i].path, pid)) < 0)
			return pid ? rlxc_fail(err, -ret, "move pid %d into %s", (int)pid,
					       cg->h[i].path)
				   : rlxc_fail(err, -ret, "move into %s", cg->h[i].path);
	}
	return 0;
}

int rlxc_cgroup_attach(struct rlxc_cgroup *cg, pid_t pid, struct rlxc_error *err)
{
	return attach(cg, pid, false, err);
}

int rlxc_cgroup_enter(struct rlxc_cgroup *cg, bool born_in_v2, struct rlxc_error *err)
{
	return attach(cg, 0, born_in_v2, err);
}

int rlxc_cgroup_v2_fd(const struct rlxc_cgroup *cg, int *fd, struct rlxc_error *err)
{
	const struct cg_hier *h = rlxc_cg_v2(cg);

	*fd = -1;
	if (h && (*fd = open(h->path, O_PATH | O_DIRECTORY | O_CLOEXEC)) < 0)
		return rlxc_fail(err, errno, "open %s", h->path);
	return 0;
}

/* The hierarchy whose freezer we use: v1 where its freezer hierarchy is
 * mounted (the container's processes are in it), else cgroup2. Whether it
 * works is what the write says (no probe first: a freeze is one write). */
static int freezer(const struct rlxc_cgroup *cg, const struct cg_hier **out, struct rlxc_error *err)
{
	*out = rlxc_cg_v1(cg, "freezer");
	if (!*out)
		*out = rlxc_cg_v2(cg);
	if (*out)
		return 0;
	return rlxc_cg_fail_code(err, EOPNOTSUPP,
				 "no cgroup freezer: no v1 freezer hierarchy and no cgroup2");
}

int rlxc_cgroup_freeze(struct rlxc_cgroup *cg, struct rlxc_error *err)
{
	const struct cg_hier *h;
	int ret = freezer(cg, &h, err);

	return ret ? ret : h->ops->freeze(h, err);
}

int rlxc_cgroup_thaw(struct rlxc_cgroup *cg, struct rlxc_error *err)
{
	const struct cg_hier *h;
	int ret = freezer(cg, &h, err);

	return ret ? ret : h->ops->thaw(h, err);
}

/* ---- destroy ---- */

int rlxc_cgroup_destroy(struct rlxc_cgroup *cg, struct rlxc_error *err)
{
	struct rlxc_error more;
	int ret;

	pid_t *pids = NULL;
	size_t n = 0;

	if (!cg)
		return 0;
	/* usually empty already (init gone, its pid namespace with it): then
	 * there is nothing to kill */
	ret = rlxc_cgroup_pids(cg, &pids, &n, err);
	free(pids);
	if (ret < 0 || n > 0)
		ret = rlxc_cgroup_kill(cg, SIGKILL, err);
	for (size_t i = 0; i < cg->n; i++) {
		int r = remove_one(&cg->h[i], ret ? &more : err);

		if (r < 0 && !ret)
			ret = r;
	}
	rlxc_cgroup_free(cg);
	return ret;
}
