// SPDX-License-Identifier: LGPL-2.1-or-later
/* rlxc unfreeze -n NAME: a FROZEN container runs again. */
#include "cli.h"
#include "request.h"

int cmd_unfreeze(int argc, char **argv, struct rlxc_error *err)
{
	struct cli_opts o = { 0 };
	int ret = cli_parse(argc, argv, &o, NULL, 0, NULL, err);

	return ret < 0 ? ret : cli_request(&o, RLXC_OP_UNFREEZE, 0, err);
}
