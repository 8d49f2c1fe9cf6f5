// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * rlxc create -n NAME [-f CONFIG] [-t busybox|none]: a container in the
 * store. The busybox template is the default; -f adds a config (and with
 * -t none, its lxc.rootfs.path is the rootfs). On any failure nothing of
 * the container is left on disk.
 */
#include "cli.h"
#include "options.h"
#include "store/template.h"
#include "base/fsutil.h"

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

/* Write the config aside, then rename: never half a config. */
static int write_config(struct rlxc_container *ct, struct rlxc_error *err)
{
	char tmp[PATH_MAX + 8];
	FILE *f;
	int ret;

	rlxc_store_config(&ct->store, ct->name, ct->config_path, sizeof(ct->config_path));
	snprintf(tmp, sizeof(tmp), "%s.tmp", ct->config_path);
	if (!(f = fopen(tmp, "wxe")))
		return rlxc_fail(err, errno, "create %s", tmp);
	fprintf(f, "# rlxc container %s\n", ct->name);
	ret = rlxc_config_write(&ct->conf, f);
	if (fclose(f) == EOF && ret == 0)
		ret = -errno;
	if (ret == 0 && rename(tmp, ct->config_path) < 0)
		ret = -errno;
	if (ret < 0) {
		unlink(tmp);
		return rlxc_fail(err, -ret, "write %s", ct->config_path);
	}
	return 0;
}

static int fill(struct rlxc_container *ct, const struct create_opts *co, struct rlxc_error *err)
{
	char rootfs[PATH_MAX];
	int ret;

	if (co->config && (ret = rlxc_config_load(&ct->conf, co->config, err)) < 0)
		return ret;
	if (strcmp(co->template, "busybox") == 0) {
		rlxc_store_rootfs(&ct->store, ct->name, rootfs, sizeof(rootfs));
		if ((ret = rlxc_template_busybox(rootfs, ct->name, err)) < 0 ||
		    (ret = rlxc_template_busybox_config(&ct->conf, rootfs, ct->name, err)) < 0)
			return ret;
	} else if (!ct->conf.rootfs_path) {
		return rlxc_usage(err, "create %s: -t none needs a config with lxc.rootfs.path",
				  ct->name);
	}
	return write_config(ct, err);
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
	char dir[PATH_MAX];
	int ret;

	if ((ret = cli_parse(argc, argv, &o, extra, 2, &co, err)) < 0 ||
	    (ret = cli_need_name(&o, err)) < 0)
		return ret;
	if (!co.template)
		co.template = co.config ? "none" : "busybox";
	if ((ret = rlxc_container_init(&ct, o.store, o.name, err)) < 0)
		goto out;
	rlxc_store_dir(&ct.store, ct.name, dir, sizeof(dir));
	if ((ret = rlxc_mkdir_p(ct.store.path, 0755, err)) < 0)
		goto out;
	if (mkdir(dir, 0755) < 0) {
		ret = errno == EEXIST ? rlxc_fail(err, 0, "%s already exists in %s", ct.name,
						  ct.store.path)
				      : rlxc_fail(err, errno, "mkdir %s", dir);
		goto out;
	}
	if ((ret = fill(&ct, &co, err)) < 0) {
		struct rlxc_error ignored;

		rlxc_rmtree(dir, &ignored); /* nothing half-made stays */
		rlxc_error_prefix(err, "create %s", ct.name);
	}
out:
	rlxc_container_close(&ct);
	return ret;
}
