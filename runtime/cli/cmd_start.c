// SPDX-License-Identifier: LGPL-2.1-or-later
/* rlxc start -n NAME [-F]: a system container: lxc.init.cmd as its init.
 * Detaches once it is RUNNING (its supervisor stays; init's stdio is the
 * console, for rlxc console); -F stays in the foreground until it stops,
 * and run on a terminal gives init the console's pty for it, relayed to
 * that terminal, which never enters the container (term/terms.h). */
#include "cli.h"
#include "options.h"
#include "supervise/supervisor.h"

static int set_foreground(void *ctx, const char *arg, struct rlxc_error *err)
{
	(void)arg;
	(void)err;
	*(bool *)ctx = true;
	return 0;
}

int cmd_start(int argc, char **argv, struct rlxc_error *err)
{
	static const struct cli_opt extra[] = { { 'F', "foreground", false, set_foreground } };
	struct cli_opts o = { 0 };
	struct rlxc_container ct = { 0 };
	bool foreground = false;
	int ret;

	if ((ret = cli_parse(argc, argv, &o, extra, 1, &foreground, err)) < 0 ||
	    (ret = cli_open(&o, &ct, err)) < 0)
		goto out;
	if (o.nrest > 0) {
		ret = rlxc_usage(err, "start: unexpected '%s' (the command is lxc.init.cmd)",
				 o.rest[0]);
		goto out;
	}
	if (!ct.conf.init_cmd.n) {
		ret = rlxc_fail(err, 0, "start %s: no lxc.init.cmd in %s", ct.name, ct.config_path);
		goto out;
	}
	ret = rlxc_supervise(&ct, &(struct rlxc_run_opts){ .detach = !foreground }, err);
	if (foreground && ret > 0)
		ret = 0; /* init's status is not rlxc's: the container stopped */
out:
	rlxc_container_close(&ct);
	return ret;
}
