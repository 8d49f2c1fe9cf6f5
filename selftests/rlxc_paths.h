/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * Where the tests find the rlxc binary and the fixtures: the build's
 * paths, unless $RLXC_BIN / $RLXC_FIXTURES say otherwise (the unprivileged
 * run uses staged copies, see ci/check-unprivileged).
 */
#ifndef RLXC_PATHS_H
#define RLXC_PATHS_H

#include <stdio.h>
#include <stdlib.h>

static inline const char *rlxc_bin(void)
{
	const char *e = getenv("RLXC_BIN");

	return e && *e ? e : RLXC_BIN;
}

/* The path of fixture REL ("kconfig/sample.config") in a static buffer. */
static inline const char *rlxc_fixture(const char *rel)
{
	static char buf[4096];
	const char *e = getenv("RLXC_FIXTURES");

	snprintf(buf, sizeof(buf), "%s/%s", e && *e ? e : RLXC_FIXTURES, rel);
	return buf;
}

#endif
