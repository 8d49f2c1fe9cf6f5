// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * White-box test of the cgroup2 backend (cgroup_v2.c) on its own: its
 * freeze and thaw ops, called directly on the container's cgroup2 entry,
 * stop and resume a spinning child, and cgroup.events says "frozen 1".
 * The public rlxc_cgroup_freeze picks the v1 freezer on a hybrid host, so
 * only here is the v2 one tried there. It needs the folder's private
 * header, hence lives in runtime/lib/cgroup/; the cg fixture is the one of
 * selftests/rt_cgroup_fixture.h.
 */
#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include "kselftest_harness.h"
#include "cgroup.h"
#include "cgroup_impl.h" /* the v2 backend's ops, tried on their own */
#include "kernel/cgroupfs.h"
#include "probe_skip.h"
#include "rt_cgroup_fixture.h"
#include "test_util.h"

/* The v2 backend on its own (the hybrid host picks v1 for the public call). */
TEST_F(cg, freeze_thaw_v2_backend)
{
	const char *name = track_name(&self->t, "f2");
	struct rlxc_cgroup *cg = NULL;
	struct rlxc_error err = { 0 };
	const struct cg_hier *h;
	enum cgfs_layout layout;
	char events[256];
	struct kid k;

	REQUIRE_ROOT();
	REQUIRE_PROBE("cgroup.v2.freezer");
	ASSERT_EQ(0, cgfs_layout(&layout));
	if (layout == CGFS_V1)
		SKIP(return, "a v1 host: no cgroup2 for the container");
	ASSERT_EQ(0, rlxc_cgroup_create(&cg, name, NULL, &err)) TH_LOG("%s", err.msg);
	h = rlxc_cg_v2(cg);
	ASSERT_NE(NULL, h);
	ASSERT_EQ(0, kid_start(&self->t, SPIN, &k));
	ASSERT_EQ(0, rlxc_cgroup_attach(cg, k.pid, &err)) TH_LOG("%s", err.msg);
	ASSERT_EQ(0, kid_go(&k));
	ASSERT_EQ(0, h->ops->freeze(h, &err)) TH_LOG("%s", err.msg);
	ASSERT_EQ(0, cgfs_read(h->path, "cgroup.events", events, sizeof(events)));
	EXPECT_NE(NULL, strstr(events, "frozen 1")) TH_LOG("%s", events);
	EXPECT_GE(1, cpu_gain(k.pid));
	ASSERT_EQ(0, h->ops->thaw(h, &err)) TH_LOG("%s", err.msg);
	EXPECT_LE(MIN_TICKS, cpu_gain(k.pid));
	EXPECT_EQ(0, rlxc_cgroup_destroy(cg, &err)) TH_LOG("%s", err.msg);
}

TEST_HARNESS_MAIN
