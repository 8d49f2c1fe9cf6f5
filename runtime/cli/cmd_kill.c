// SPDX-License-Identifier: LGPL-2.1-or-later
/* rlxc kill -n NAME [-s SIGNAL]: a signal to the container's init
 * (SIGKILL unless -s says otherwise). */
#include "cli.h"
#include "request.h"

#include <signal.h>

static int set_signal(void *ctx, const char *arg, struct rlxc_error *err)
{
	int sig = cli_signal(arg);

	if (sig < 0)
		return rlxc_usage(err, "kill: '%s' is not a signal", arg);
	*(int *)ctx = sig;
	return 0;
}

int cmd_kill(int argc, char **argv, struct rlxc_error *err)
{
	static const struct cli_opt extra[] = { { 's', "signal", true, set_signal } };
	struct cli_opts o = { 0 };
	int sig = SIGKILL, ret;

	if ((ret = cli_parse(argc, argv, &o, extra, 1, &sig, err)) < 0)
		return ret;
	return cli_request(&o, RLXC_OP_KILL, sig, err);
}
