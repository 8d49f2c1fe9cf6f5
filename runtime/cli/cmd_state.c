// SPDX-License-Identifier: LGPL-2.1-or-later
/* rlxc state -n NAME: the container's state, as its supervisor wrote it
 * (a dead supervisor reads as STOPPED; processes it left in the cgroups
 * are an error, after the state). */
#include "cli.h"
#include "options.h"
#include "state/state.h"
#include "supervise/supervisor.h"

#include <stdio.h>

int cmd_state(int argc, char **argv, struct rlxc_error *err)
{
	struct cli_opts o = { 0 };
	struct rlxc_container ct = { 0 };
	struct rlxc_status st;
	size_t left = 0;
	int ret;

	if ((ret = cli_parse(argc, argv, &o, NULL, 0, NULL, err)) == 0 &&
	    (ret = cli_open(&o, &ct, err)) == 0 &&
	    (ret = rlxc_status_read(ct.run_dir, &st, err)) == 0)
		printf("%s\n", rlxc_state_name(st.state));
	if (ret == 0 && (ret = rlxc_leftovers(&ct, &st, &left, err)) == 0 && left)
		ret = rlxc_leftovers_fail(&ct, left, err);
	rlxc_container_close(&ct);
	return ret;
}
