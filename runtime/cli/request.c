// SPDX-License-Identifier: LGPL-2.1-or-later
/* The verbs that are requests to a container's supervisor: stop, kill,
 * freeze, unfreeze. */
#include "request.h"

#include "state/state.h"

#include <errno.h>

static const enum rlxc_event op_event[] = {
	[RLXC_OP_STOP] = RLXC_EV_STOP,
	[RLXC_OP_KILL] = RLXC_EV_STOP,
	[RLXC_OP_FREEZE] = RLXC_EV_FREEZE,
	[RLXC_OP_UNFREEZE] = RLXC_EV_UNFREEZE,
};


int cli_request(const struct cli_opts *o, enum rlxc_op op, int arg, struct rlxc_error *err)
{
	struct rlxc_container ct = { 0 };
	struct rlxc_status st;
	int ret = cli_open(o, &ct, err);

	if (ret < 0)
		goto out;
	ret = rlxc_control(&ct, op, arg, err);
	if (ret == -ESRCH) {
		/* no supervisor: clean what a dead one left, then say it as the
		 * state table does ("cannot freeze web: it is STOPPED") */
		if ((ret = rlxc_cleanup(&ct, err)) == 0 &&
		    (ret = rlxc_status_read(ct.run_dir, &st, err)) == 0)
			ret = rlxc_state_apply(&st.state, op_event[op], ct.name, err);
		if (ret == 0)
			ret = rlxc_fail(err, 0, "%s is not running", ct.name);
	}
	if (ret < 0 && op == RLXC_OP_KILL && err->code == 0)
		err->code = ESRCH;
out:
	rlxc_container_close(&ct);
	return ret;
}
