// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * lxc.cap.drop / lxc.cap.keep with libcap (see caps_impl.h).
 */
#include "caps_impl.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>
#include <sys/capability.h>

/* The CAP_* number of NAME ("sys_admin", "cap_sys_admin" or "21"). */
static int cap_number(const char *name, cap_value_t *v)
{
	char buf[64];

	if (!strncasecmp(name, "cap_", 4) || (*name >= '0' && *name <= '9'))
		snprintf(buf, sizeof(buf), "%s", name);
	else
		snprintf(buf, sizeof(buf), "cap_%s", name);
	if (cap_from_name(buf, v) < 0 || *v < 0 || *v >= 64)
		return -EINVAL;
	return 0;
}

/* The mask of the names in L; "none" is the empty mask. */
static int names_mask(const struct strv *l, const char *key, uint64_t *mask, struct rlxc_error *err)
{
	cap_value_t v;

	*mask = 0;
	for (size_t i = 0; i < l->n; i++) {
		if (!strcmp(l->v[i], "none"))
			continue;
		if (cap_number(l->v[i], &v) < 0)
			return rlxc_fail(err, EINVAL, "%s: unknown capability '%s'", key, l->v[i]);
		*mask |= 1ULL << v;
	}
	return 0;
}

#define BIT(cap) (1ULL << (cap))

/* What runc grants a container by default (its spec's bounding set). */
static const uint64_t oci_default =
	BIT(CAP_AUDIT_WRITE) | BIT(CAP_CHOWN) | BIT(CAP_DAC_OVERRIDE) | BIT(CAP_FOWNER) |
	BIT(CAP_FSETID) | BIT(CAP_KILL) | BIT(CAP_MKNOD) | BIT(CAP_NET_BIND_SERVICE) |
	BIT(CAP_NET_RAW) | BIT(CAP_SETFCAP) | BIT(CAP_SETGID) | BIT(CAP_SETPCAP) | BIT(CAP_SETUID) |
	BIT(CAP_SYS_CHROOT);

/* What LXC's common.conf drops: no namespace confines them. */
static const uint64_t lxc_default_drop = BIT(CAP_SYS_MODULE) | BIT(CAP_SYS_RAWIO) |
					 BIT(CAP_SYS_TIME) | BIT(CAP_MAC_ADMIN) |
					 BIT(CAP_MAC_OVERRIDE);

int rlxc_caps_mask(const struct rlxc_config *c, bool userns, uint64_t *drop,
		   struct rlxc_error *err)
{
	unsigned max = (unsigned)cap_max_bits();
	uint64_t all = max >= 64 ? ~0ULL : (1ULL << max) - 1, keep;
	int ret;

	*drop = 0;
	if (!c->cap_drop.n && !c->cap_keep.n) {
		*drop = all & ~oci_default; /* privileged or not: caps_impl.h */
		return 0;
	}
	if (c->cap_drop.n && c->cap_keep.n)
		return rlxc_fail(err, 0, "lxc.cap.drop and lxc.cap.keep are both set: use one");
	if (c->cap_keep.n) {
		if ((ret = names_mask(&c->cap_keep, "lxc.cap.keep", &keep, err)) < 0)
			return ret;
		*drop = all & ~keep;
		return 0;
	}
	if ((ret = names_mask(&c->cap_drop, "lxc.cap.drop", drop, err)) < 0)
		return ret;
	if (!userns)
		*drop |= lxc_default_drop | BIT(CAP_SYS_ADMIN);
	*drop &= all; /* a capability this kernel does not have is gone already */
	return 0;
}

static const char *cap_label(cap_value_t v, char *buf, size_t len)
{
	char *name = cap_to_name(v);

	snprintf(buf, len, "%s", name ? name : "?");
	cap_free(name);
	return buf;
}

int rlxc_caps_drop_bounding(uint64_t drop, struct rlxc_error *err)
{
	char name[64];

	for (cap_value_t v = 0; v < 64; v++) {
		if (!(drop & (1ULL << v)) || !CAP_IS_SUPPORTED(v))
			continue;
		if (cap_drop_bound(v) < 0)
			return rlxc_fail(err, errno, "drop %s from the bounding set",
					 cap_label(v, name, sizeof(name)));
	}
	return 0;
}

int rlxc_caps_drop_process(uint64_t drop, struct rlxc_error *err)
{
	static const cap_flag_t sets[] = { CAP_EFFECTIVE, CAP_PERMITTED, CAP_INHERITABLE };
	cap_t caps = cap_get_proc();
	int ret = 0;

	if (!caps)
		return rlxc_fail(err, errno, "read the capabilities");
	for (cap_value_t v = 0; v < 64; v++) {
		if (!(drop & (1ULL << v)) || !CAP_IS_SUPPORTED(v))
			continue;
		for (size_t i = 0; i < sizeof(sets) / sizeof(sets[0]); i++)
			cap_set_flag(caps, sets[i], 1, &v, CAP_CLEAR);
	}
	if (cap_set_proc(caps) < 0)
		ret = rlxc_fail(err, errno, "drop capabilities");
	cap_free(caps);
	if (!ret && CAP_AMBIENT_SUPPORTED() && cap_reset_ambient() < 0)
		ret = rlxc_fail(err, errno, "clear the ambient capabilities");
	return ret;
}
