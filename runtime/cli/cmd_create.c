// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * rlxc create -n NAME [-f CONFIG] [-t busybox|none]: a container in the
 * store. The busybox template is the default; -f adds a config (and with
 * -t none, its lxc.rootfs.path is the rootfs). The config is read and
 * checked before anything is made; the container is then built in a
 * staging directory of the store and renamed into place whole (stage.h):
 * on any failure nothing of it is left, and a container of that name that
 * is there is never touched.
 */
#include "cli.h"
#include "options.h"
#include "store/stage.h"
#include "store/template.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

struct create_opts {
	const char *config;
	const char *template;
};

static int set_config(void *ctx, const char *arg, struct rlxc_error *err)
{
	((struct create_opts *)ctx)->config = arg;
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

/* The config, and with -t busybox the rootfs, in the staging directory;
 * the config names the rootfs where it will be once renamed. */
static int fill(struct rlxc_container *ct, const struct create_opts *co, const char *stage,
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
	}
	return write_config(ct, stage, err);
}

/* What can be refused before anything is made: the name taken, the config,
 * -t none without a rootfs. */
static int check(struct rlxc_container *ct, const struct create_opts *co, struct rlxc_error *err)
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
	return 0;
}

int cmd_create(int argc, char **argv, struct rlxc_error *err)
{
	static const struct cli_opt extra[] = {
		{ 'f', "config", true, set_config },
		{ 't', "template", true, set_template },
	};
	struct create_opts co = { .template = NULL };
	struct cli_opts o = { 0 };
	struct rlxc_container ct = { 0 };
	struct rlxc_stage stage;
	int ret;

	if ((ret = cli_parse(argc, argv, &o, extra, 2, &co, err)) < 0 ||
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
		rlxc_stage_abort(&stage); /* exactly what was made, nothing else */
fail:
	if (ret < 0)
		rlxc_error_prefix(err, "create %s", ct.name);
out:
	rlxc_container_close(&ct);
	return ret;
}
