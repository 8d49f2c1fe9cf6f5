/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * A number from `rlxc info -n NAME --json` (its "pid", "supervisor",
 * "left", ...), for the tests that drive the rlxc binary: -1 when it is
 * not there; the command must succeed. Include after kselftest_harness.h.
 */
#ifndef RLXC_INFO_H
#define RLXC_INFO_H

#include "rlxc_run.h"

#include <json-c/json.h>

static inline int info_int(struct __test_metadata *_metadata, const char *name, const char *key)
{
	json_object *o, *v;
	struct run r;
	int n = -1;

	RLXC(&r, "info", "-n", name, "--json");
	EXPECT_EQ(0, r.status);
	o = json_tokener_parse(r.out ? r.out : "");
	if (o && json_object_object_get_ex(o, key, &v))
		n = json_object_get_int(v);
	json_object_put(o);
	run_free(&r);
	return n;
}

#endif
