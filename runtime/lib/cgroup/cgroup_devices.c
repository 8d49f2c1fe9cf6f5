// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * The devices a container may open unless its config allows more: on v1,
 * the devices controller's list is emptied ("a" denied) and given only
 * these, as runc's default and LXC's common.conf do. Any node may be made
 * (mknod, "m"), but only these opened: /dev/null, zero, full, random,
 * urandom, tty, console, ptmx and the ptys. lxc.cgroup.devices.* settings
 * come after and add to it (or clear it again, as common.conf does).
 *
 * cgroup2 has no devices files: its list is a BPF_CGROUP_DEVICE program,
 * which rlxc does not load yet. Where devices is not a v1 hierarchy, no
 * list is set (README: Security).
 */
#include "cgroup_impl.h"

static const char *const allowed[] = {
	"c *:* m",   "b *:* m",	  /* mknod: any node may be made... */
	"c 1:3 rwm", "c 1:5 rwm", /* ...but opened only: null, zero, */
	"c 1:7 rwm", "c 1:8 rwm", /* full, random, */
	"c 1:9 rwm", "c 5:0 rwm", /* urandom, tty, */
	"c 5:1 rwm", "c 5:2 rwm", /* console, ptmx */
	"c 136:* rwm",		  /* and the ptys */
};

int rlxc_cg_devices_default(const struct rlxc_cgroup *cg, struct rlxc_error *err)
{
	const struct cg_hier *h = rlxc_cg_v1(cg, "devices");
	int ret;

	if (!h)
		return 0;
	if ((ret = cgfs_write(h->path, "devices.deny", "a")) < 0)
		return rlxc_fail(err, -ret, "write 'a' to %s/devices.deny", h->path);
	for (size_t i = 0; i < sizeof(allowed) / sizeof(allowed[0]); i++)
		if ((ret = cgfs_write(h->path, "devices.allow", allowed[i])) < 0)
			return rlxc_fail(err, -ret, "write '%s' to %s/devices.allow", allowed[i],
					 h->path);
	return 0;
}
