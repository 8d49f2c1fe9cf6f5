// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * What a supervisor that is gone may have left running (supervisor.h): an
 * init that cleared its death signal, or a process moved into the
 * container's cgroups. The state reads STOPPED, as nobody is there to
 * trust; the cgroups it saved in RUN_DIR/cgroup tell whether anything is
 * still in them. stop, destroy and start kill it (clean_stale).
 */
#include "supervisor.h"

#include "cgroup/cgroup.h"

#include <errno.h>
#include <stdlib.h>

int rlxc_leftovers(const struct rlxc_container *ct, const struct rlxc_status *st, size_t *n,
		   struct rlxc_error *err)
{
	struct rlxc_cgroup *cg = NULL;
	pid_t *pids = NULL;
	int ret;

	*n = 0;
	if (st->state != RLXC_STOPPED)
		return 0;
	if ((ret = rlxc_cgroup_load(&cg, ct->run_dir, err)) == -ENOENT)
		return 0; /* none saved: a clean stop, or never started */
	if (ret == 0)
		ret = rlxc_cgroup_pids(cg, &pids, n, err);
	free(pids);
	rlxc_cgroup_free(cg);
	return ret;
}

int rlxc_leftovers_fail(const struct rlxc_container *ct, size_t n, struct rlxc_error *err)
{
	rlxc_fail(err, 0,
		  "%s: its supervisor is gone, but %zu process%s left in its cgroups (rlxc stop "
		  "or destroy kills them)",
		  ct->name, n, n == 1 ? " is" : "es are");
	err->code = EBUSY;
	return -EBUSY;
}
