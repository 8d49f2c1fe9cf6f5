// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * The keys of a container's confinement: lxc.seccomp.profile,
 * lxc.no_new_privs, and rlxc's own lxc.dev.shm.size (LXC has no key for
 * the size of /dev/shm; runc takes it from the spec's mounts).
 */
#include "config_security_impl.h"

#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>

/* A relative path is relative to the config file's directory, as LXC
 * takes it, so that it survives rlxc_config_write. The profile is read
 * when the container starts (seccomp/profile.c), where a bad line is an
 * error naming the profile's own FILE:LINE. */
CFG_PARSE(cfg_seccomp_profile)
{
	char path[PATH_MAX];

	(void)index;
	if (*value && cfg_here(c, value, path, sizeof(path)) < 0)
		return cfg_bad(err, origin, key, "path too long: '%s'", value);
	return cfg_set_str(&c->seccomp_profile, *value ? path : value, err);
}

CFG_PRINT(cfg_print_seccomp_profile)
{
	cfg_print_str(k, f, c->seccomp_profile);
	return 0;
}

CFG_PARSE(cfg_no_new_privs)
{
	long long v = 0;

	(void)index;
	if (*value && cfg_number(value, 0, 1, &v, origin, key, err) < 0)
		return -EINVAL;
	c->no_new_privs = v;
	return 0;
}

CFG_PRINT(cfg_print_no_new_privs)
{
	cfg_print_num(k, f, c->no_new_privs);
	return 0;
}

/* A size as tmpfs takes it: a number of bytes, or with k, m or g (KiB,
 * MiB, GiB); at least 4 KiB, at most 1 TiB. Kept as bytes. */
CFG_PARSE(cfg_shm_size)
{
	unsigned long long v, mult = 1;
	char *end;

	(void)index;
	c->shm_size = 0;
	if (!*value)
		return 0;
	errno = 0;
	v = strtoull(value, &end, 10);
	if (end == value || *value == '-' || errno)
		return cfg_bad(err, origin, key, "not a size (bytes, or a number with k, m or g): '%s'",
			       value);
	if (*end && end[1] == '\0' && strchr("kKmMgG", *end))
		mult = 1ULL << (10 * ((strchr("kKmMgG", *end) - "kKmMgG") / 2 + 1));
	else if (*end)
		return cfg_bad(err, origin, key, "not a size (bytes, or a number with k, m or g): '%s'",
			       value);
	if (v > (1ULL << 40) / mult || v * mult < 4096)
		return cfg_bad(err, origin, key, "out of range (4k..1024g): '%s'", value);
	c->shm_size = v * mult;
	return 0;
}

CFG_PRINT(cfg_print_shm_size)
{
	cfg_print_num(k, f, (long long)c->shm_size);
	return 0;
}
