// SPDX-License-Identifier: LGPL-2.1-or-later
/* rlxc stop -n NAME [-t SECONDS]: lxc.signal.halt (SIGPWR) to init, then
 * after the timeout (default 60 s; 0: at once) lxc.signal.stop (SIGKILL,
 * with every process of the container); an init that outlives another
 * stop signal gets SIGKILL with the rest RLXC_SUP_STOP_GRACE_MS (5 s)
 * later. Returns 0 once the container is STOPPED, and only then. */
#include "cli.h"
#include "request.h"

static int set_timeout(void *ctx, const char *arg, struct rlxc_error *err)
{
	int t = cli_seconds(arg);

	if (t < 0)
		return rlxc_usage(err, "stop: -t wants whole seconds, not '%s'", arg);
	*(int *)ctx = t;
	return 0;
}

int cmd_stop(int argc, char **argv, struct rlxc_error *err)
{
	static const struct cli_opt extra[] = { { 't', "timeout", true, set_timeout } };
	struct cli_opts o = { 0 };
	int timeout = 60, ret;

	if ((ret = cli_parse(argc, argv, &o, extra, 1, &timeout, err)) < 0)
		return ret;
	return cli_request(&o, RLXC_OP_STOP, timeout, err);
}
