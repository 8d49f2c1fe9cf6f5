// SPDX-License-Identifier: LGPL-2.1-or-later
/* rlxc destroy -n NAME [-f]: remove a container; refused while it runs
 * unless -f, which kills it first. */
#include "cli.h"
#include "options.h"
#include "state/state.h"
#include "supervise/supervisor.h"

#include <errno.h>
#include <stdio.h>

static int set_force(void *ctx, const char *arg, struct rlxc_error *err)
{
	(void)arg;
	(void)err;
	*(bool *)ctx = true;
	return 0;
}

static int destroy(struct rlxc_container *ct, bool force, struct rlxc_error *err)
{
	struct rlxc_status st;
	int ret;

	if ((ret = rlxc_status_read(ct->run_dir, &st, err)) < 0)
		return ret;
	if (st.state != RLXC_STOPPED && !force)
		return rlxc_fail(err, 0, "%s is %s (stop it first, or destroy -f)", ct->name,
				 rlxc_state_name(st.state));
	if (st.state != RLXC_STOPPED && (ret = rlxc_control(ct, RLXC_OP_STOP, 0, err)) < 0 &&
	    ret != -ESRCH)
		return ret;
	return rlxc_destroy(ct, err);
}

int cmd_destroy(int argc, char **argv, struct rlxc_error *err)
{
	static const struct cli_opt extra[] = { { 'f', "force", false, set_force } };
	struct cli_opts o = { 0 };
	struct rlxc_container ct = { 0 };
	bool force = false;
	int ret;

	if ((ret = cli_parse(argc, argv, &o, extra, 1, &force, err)) < 0 ||
	    (ret = cli_open(&o, &ct, err)) < 0)
		goto out;
	if ((ret = destroy(&ct, force, err)) < 0)
		rlxc_error_prefix(err, "destroy %s", ct.name);
out:
	rlxc_container_close(&ct);
	return ret;
}
