// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * rlxc create -n NAME [-f CONFIG] [-t busybox|none] [--privileged]: a
 * container in the store. The busybox template is the default; -f adds a
 * config (and with -t none, its lxc.rootfs.path is the rootfs). The config
 * is read and checked before anything is made; the container is then built
 * in a staging directory of the store and renamed into place whole
 * (stage.h): on any failure nothing of it is left, and a container of that
 * name that is there is never touched.
 *
 * A container of the busybox template is unprivileged unless
 * --privileged, or the config's own lxc.idmap, says otherwise (a config
 * without lxc.idmap, -t none, is privileged):
 *  - made by root, it gets a block of 65536 host ids of its own
 *    (store/idmap.h), written as lxc.idmap = u 0 UID 65536 and g 0 GID
 *    65536. Its rootfs stays root's where its filesystem can be idmapped
 *    (each start maps it, spawn/idmount.h), and is shifted by chown into
 *    the block where it cannot (store/idshift.h); its directory, STORE/NAME,
 *    is then root's and the block's group's, mode 0710: the container's
 *    root reaches its rootfs, no other user does (files the container
 *    makes there are root's on disk when idmapped, setuid ones too);
 *  - made by another user, who has no subordinate ids rlxc may give out,
 *    its root is the caller: lxc.idmap = u 0 UID 1 and g 0 GID 1, of the
 *    caller's own uid and gid, who owns its rootfs already.
 */
#include "cli.h"
#include "options.h"
#include "probes/probe.h"
#include "spawn/idmount.h"
#include "store/idmap.h"
#include "store/idshift.h"
#include "store/stage.h"
#include "store/template.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define OPT_PRIVILEGED 256 /* --privileged: no short form */

struct create_opts {
	const char *config;
	const char *template;
	bool privileged;
	bool userns;		 /* the busybox template's user namespace */
	struct rlxc_idalloc ids; /* its block, when root made it */
};

static int set_config(void *ctx, const char *arg, struct rlxc_error *err)
{
	((struct create_opts *)ctx)->config = arg;
	(void)err;
	return 0;
}

static int set_privileged(void *ctx, const char *arg, struct rlxc_error *err)
{
	((struct create_opts *)ctx)->privileged = true;
	(void)arg;
	(void)err;
	return 0;
}

static int set_template(void *ctx, const char *arg, struct rlxc_error *err)
{
	if (strcmp(arg, "busybox") && strcmp(arg, "none"))
		return rlxc_usage(err, "create: unknown template '%s' (busybox, none)", arg);
	((struct create_opts *)ctx)->template = arg;
	return 0;
}

/* STAGE/config: the staging directory is renamed into place whole. */
static int write_config(struct rlxc_container *ct, const char *stage, struct rlxc_error *err)
{
	char path[PATH_MAX + 8];
	FILE *f;
	int ret;

	snprintf(path, sizeof(path), "%s/config", stage);
	if (!(f = fopen(path, "wxe")))
		return rlxc_fail(err, errno, "create %s", path);
	fprintf(f, "# rlxc container %s\n", ct->name);
	ret = rlxc_config_write(&ct->conf, f);
	if (fclose(f) == EOF && ret == 0)
		ret = -errno;
	if (ret < 0)
		return rlxc_fail(err, -ret, "write %s", path);
	return 0;
}

/* lxc.idmap = u 0 UID RANGE and g 0 GID RANGE. */
static int set_idmap(struct rlxc_config *c, unsigned long uid, unsigned long gid,
		     unsigned long range, struct rlxc_error *err)
{
	char v[64];
	int ret;

	snprintf(v, sizeof(v), "u 0 %lu %lu", uid, range);
	if ((ret = rlxc_config_set(c, "lxc.idmap", v, "rlxc create", err)) < 0)
		return ret;
	snprintf(v, sizeof(v), "g 0 %lu %lu", gid, range);
	return rlxc_config_set(c, "lxc.idmap", v, "rlxc create", err);
}

/* The staged rootfs in the block: idmapped at each start where its
 * filesystem can be, else chowned now; STORE/NAME (the staging directory)
 * for root and the block's group only. */
static int shift_rootfs(const struct create_opts *co, const char *stage, const char *rootfs,
			struct rlxc_error *err)
{
	int ret;

	if (rlxc_idmount_works(rootfs) < 0 &&
	    (ret = rlxc_idshift_tree(rootfs, co->ids.uid, co->ids.gid, err)) < 0)
		return ret;
	if (chown(stage, 0, (gid_t)co->ids.gid) < 0 || chmod(stage, 0710) < 0)
		return rlxc_fail(err, errno, "chown %s to root:%lu, mode 0710", stage, co->ids.gid);
	return 0;
}

/* The busybox template's user namespace (see the top). */
static int unprivileged(struct rlxc_container *ct, struct create_opts *co, const char *stage,
			const char *rootfs, struct rlxc_error *err)
{
	char dir[PATH_MAX];
	int ret;

	if (geteuid() != 0)
		return set_idmap(&ct->conf, geteuid(), getegid(), 1, err);
	rlxc_store_dir(&ct->store, ct->name, dir, sizeof(dir));
	if ((ret = rlxc_idmap_alloc(&co->ids, dir, err)) < 0 ||
	    (ret = set_idmap(&ct->conf, co->ids.uid, co->ids.gid, RLXC_IDBLOCK, err)) < 0)
		return ret;
	return shift_rootfs(co, stage, rootfs, err);
}

/* The config, and with -t busybox the rootfs, in the staging directory;
 * the config names the rootfs where it will be once renamed. */
static int fill(struct rlxc_container *ct, struct create_opts *co, const char *stage,
		struct rlxc_error *err)
{
	char rootfs[PATH_MAX], staged[PATH_MAX + 8];
	int ret;

	if (strcmp(co->template, "busybox") == 0) {
		rlxc_store_rootfs(&ct->store, ct->name, rootfs, sizeof(rootfs));
		snprintf(staged, sizeof(staged), "%s/rootfs", stage);
		if ((ret = rlxc_template_busybox(staged, ct->name, err)) < 0 ||
		    (ret = rlxc_template_busybox_config(&ct->conf, rootfs, ct->name, err)) < 0)
			return ret;
		if (co->userns && (ret = unprivileged(ct, co, stage, staged, err)) < 0)
			return ret;
	}
	return write_config(ct, stage, err);
}

/* An unprivileged container needs user namespaces: refused when the
 * kernel has none (not when the probe could not tell). */
static int check_userns(struct rlxc_error *err)
{
	const struct probe_result *r = probe_get("ns.user");

	if (r && r->verdict == PROBE_NO)
		return rlxc_fail(
			err, 0,
			"the busybox template makes an unprivileged container, which needs "
			"ns.user, which is no: %s (--privileged makes a privileged one)",
			r->reason);
	return 0;
}

/* What can be refused before anything is made: the name taken, the config,
 * -t none without a rootfs, --privileged with a config that maps ids. */
static int check(struct rlxc_container *ct, struct create_opts *co, struct rlxc_error *err)
{
	char dir[PATH_MAX];
	struct stat st;
	int ret;

	rlxc_store_dir(&ct->store, ct->name, dir, sizeof(dir));
	if (lstat(dir, &st) == 0)
		return rlxc_fail(err, 0, "%s already exists in %s", ct->name, ct->store.path);
	if (co->config && (ret = rlxc_config_load(&ct->conf, co->config, err)) < 0)
		return ret;
	if (strcmp(co->template, "none") == 0 && !ct->conf.rootfs_path)
		return rlxc_usage(err, "-t none needs a config with lxc.rootfs.path");
	if (co->privileged && ct->conf.n_idmap)
		return rlxc_usage(err, "--privileged, but %s maps ids (lxc.idmap)", co->config);
	co->userns = !strcmp(co->template, "busybox") && !co->privileged && !ct->conf.n_idmap;
	return co->userns ? check_userns(err) : 0;
}

int cmd_create(int argc, char **argv, struct rlxc_error *err)
{
	static const struct cli_opt extra[] = {
		{ 'f', "config", true, set_config },
		{ 't', "template", true, set_template },
		{ OPT_PRIVILEGED, "privileged", false, set_privileged },
	};
	struct create_opts co = { .template = NULL, .ids.lock = -1 };
	struct cli_opts o = { 0 };
	struct rlxc_container ct = { 0 };
	struct rlxc_stage stage;
	int ret;

	if ((ret = cli_parse(argc, argv, &o, extra, 3, &co, err)) < 0 ||
	    (ret = cli_need_name(&o, err)) < 0)
		return ret;
	if (!co.template)
		co.template = co.config ? "none" : "busybox";
	if ((ret = rlxc_container_init(&ct, o.store, o.name, err)) < 0)
		goto out;
	if ((ret = check(&ct, &co, err)) < 0 ||
	    (ret = rlxc_stage_begin(&stage, &ct.store, ct.name, err)) < 0)
		goto fail;
	if ((ret = fill(&ct, &co, stage.dir, err)) < 0 ||
	    (ret = rlxc_stage_commit(&stage, &ct.store, ct.name, err)) < 0)
		rlxc_stage_abort(&stage);   /* exactly what was made, nothing else */
	rlxc_idmap_done(&co.ids, ret == 0); /* its block, kept once in place */
fail:
	if (ret < 0)
		rlxc_error_prefix(err, "create %s", ct.name);
out:
	rlxc_container_close(&ct);
	return ret;
}
