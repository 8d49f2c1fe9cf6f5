/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * What the config tests (config_test.c, config_errors_test.c) share: has(),
 * whether a string list is exactly the strings given, and the tmp fixture,
 * a scratch directory /tmp/rlxc-t-XXXXXX for the files a test writes,
 * removed by the teardown. Include after kselftest_harness.h.
 */
#ifndef RLXC_CONFIG_FIXTURE_H
#define RLXC_CONFIG_FIXTURE_H

#include "config/config.h"
#include "test_util.h"

#include <stdarg.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

static inline bool has(const struct strv *l, size_t n, ...)
{
	va_list ap;
	bool ok = l->n == n && (!l->v || !l->v[n]);

	va_start(ap, n);
	for (size_t i = 0; i < n; i++) {
		const char *want = va_arg(ap, const char *);

		if (ok && strcmp(l->v[i], want))
			ok = false;
	}
	va_end(ap);
	return ok;
}

FIXTURE(tmp)
{
	char dir[64];
};

FIXTURE_SETUP(tmp)
{
	strcpy(self->dir, "/tmp/rlxc-t-XXXXXX");
	ASSERT_NE(NULL, mkdtemp(self->dir));
}

#ifdef FIXTURE_TEARDOWN_PARENT
FIXTURE_TEARDOWN_PARENT(tmp)
#else
FIXTURE_TEARDOWN(tmp)
#endif
{
	if (self->dir[0] == '/')
		rm_tree(self->dir);
}

#endif
