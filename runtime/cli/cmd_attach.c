// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * rlxc attach -n NAME [--env K=V]... [--cwd DIR] -- CMD...: run CMD inside
 * a running container; rlxc exits with CMD's status. Run on a terminal, CMD
 * gets a pty of the container's instead, relayed to that terminal, which
 * never enters the container (spawn/attach.h says how).
 */
#include "spawn/attach.h"
#include "cli.h"
#include "options.h"

#include <errno.h>
#include <string.h>

struct attach_opts {
	struct strv env;
	const char *cwd;
};

static int set_env(void *ctx, const char *arg, struct rlxc_error *err)
{
	struct attach_opts *ao = ctx;
	const char *eq = strchr(arg, '=');

	if (!eq || eq == arg)
		return rlxc_usage(err, "attach: --env '%s': not K=V (rlxc help attach)", arg);
	if (strv_push(&ao->env, arg) < 0)
		return rlxc_fail(err, ENOMEM, "attach: --env");
	return 0;
}

static int set_cwd(void *ctx, const char *arg, struct rlxc_error *err)
{
	struct attach_opts *ao = ctx;

	if (!*arg)
		return rlxc_usage(err, "attach: --cwd: an empty directory");
	ao->cwd = arg;
	return 0;
}

int cmd_attach(int argc, char **argv, struct rlxc_error *err)
{
	static const struct cli_opt extra[] = {
		{ 'v', "env", true, set_env },
		{ 'w', "cwd", true, set_cwd },
	};
	struct attach_opts ao = { 0 };
	struct cli_opts o = { 0 };
	struct rlxc_container ct = { 0 };
	int ret;

	if ((ret = cli_parse(argc, argv, &o, extra, 2, &ao, err)) < 0 ||
	    (ret = cli_need_name(&o, err)) < 0)
		goto out;
	if (o.nrest == 0) {
		ret = rlxc_usage(err, "attach %s: what to run? (-- CMD...)", o.name);
		goto out;
	}
	if ((ret = cli_open(&o, &ct, err)) == 0)
		ret = rlxc_attach(&ct, o.rest, &ao.env, ao.cwd, err);
out:
	rlxc_container_close(&ct);
	strv_free(&ao.env);
	return ret;
}
