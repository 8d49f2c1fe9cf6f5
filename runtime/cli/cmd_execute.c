// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * rlxc execute -n NAME [-f CONFIG] -- CMD...: an application container.
 * CMD runs under rlxc's minimal init; rlxc exits with CMD's status. Like
 * lxc-execute it needs no create: without a container NAME in the store,
 * -f (or nothing: the host's root) is the whole config. Run on a terminal,
 * CMD gets a pty of the container's instead (its console's), relayed to
 * that terminal, which never enters the container (term/terms.h).
 */
#include "cli.h"
#include "options.h"
#include "supervise/supervisor.h"

static int set_config(void *ctx, const char *arg, struct rlxc_error *err)
{
	(void)err;
	*(const char **)ctx = arg;
	return 0;
}

static int load(struct rlxc_container *ct, const struct cli_opts *o, const char *config,
		struct rlxc_error *err)
{
	int ret = rlxc_container_init(ct, o->store, o->name, err);

	if (ret < 0)
		return ret;
	if (rlxc_store_exists(&ct->store, ct->name)) {
		rlxc_container_close(ct);
		if ((ret = rlxc_container_open(ct, o->store, o->name, err)) < 0)
			return ret;
	}
	return config ? rlxc_config_load(&ct->conf, config, err) : 0;
}

int cmd_execute(int argc, char **argv, struct rlxc_error *err)
{
	static const struct cli_opt extra[] = { { 'f', "config", true, set_config } };
	struct rlxc_run_opts ro = { .app = true };
	struct cli_opts o = { 0 };
	struct rlxc_container ct = { 0 };
	const char *config = NULL;
	int ret;

	if ((ret = cli_parse(argc, argv, &o, extra, 1, &config, err)) < 0 ||
	    (ret = cli_need_name(&o, err)) < 0)
		goto out;
	if (o.nrest > 0)
		ro.argv = o.rest;
	if ((ret = load(&ct, &o, config, err)) < 0)
		goto out;
	if (!ro.argv && !ct.conf.execute_cmd.n) {
		ret = rlxc_usage(err, "execute %s: what to run? (-- CMD..., or lxc.execute.cmd)",
				 ct.name);
		goto out;
	}
	ret = rlxc_supervise(&ct, &ro, err);
out:
	rlxc_container_close(&ct);
	return ret;
}
