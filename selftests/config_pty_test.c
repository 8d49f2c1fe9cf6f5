// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * lxc.pty.max works: the container's devpts is mounted with max=N+1 (the
 * console takes one), so that
 * with lxc.pty.max = 2 a third open of /dev/ptmx fails inside it, where
 * without the key it succeeds; without a rootfs (the host's /dev/pts) the
 * key is refused rather than ignored. An application container (rlxc
 * execute) on a busybox rootfs in a temporary store (the rt fixture).
 */
#include "kselftest_harness.h"
#include "probe_skip.h"
#include "rlxc_run.h"
#include "rlxc_store.h"
#include "runtime_fixture.h"
#include "test_util.h"

#include <stdio.h>
#include <string.h>

/* Two ptys held open on fds 3 and 4, then a third tried in a subshell;
 * and the options of the container's devpts. */
#define THIRD_PTY                                                                                  \
	"exec 3<>/dev/ptmx 4<>/dev/ptmx || exit 9; "                                               \
	"if (exec 5<>/dev/ptmx) 2>/dev/null; then echo third-opened; else echo third-refused; "    \
	"fi; grep ' /dev/pts ' /proc/self/mountinfo"

TEST_F(rt, pty_max_bounds_the_devpts)
{
	char conf[128];
	struct run r;

	REQUIRE_ROOT();
	REQUIRE_PROBE("ns.pid");
	REQUIRE_PROBE("fs.devpts");
	create(_metadata, self->t.name);
	/* without lxc.pty.max: three ptys */
	OK(&r, "execute", "-n", self->t.name, "--", "/bin/sh", "-c", THIRD_PTY);
	EXPECT_TRUE(has(r.out, "third-opened\n")) TH_LOG("%s", r.out);
	EXPECT_FALSE(has(r.out, "max=")) TH_LOG("%s", r.out);
	run_free(&r);
	/* lxc.pty.max = 2: two, and one more for the console (max=3) */
	snprintf(conf, sizeof(conf), "%s/pty.conf", self->t.run);
	ASSERT_EQ(0, put_file(conf, "lxc.pty.max = 2\n"));
	OK(&r, "execute", "-n", self->t.name, "-f", conf, "--", "/bin/sh", "-c", THIRD_PTY);
	EXPECT_TRUE(has(r.out, "third-refused\n")) TH_LOG("%s", r.out);
	EXPECT_TRUE(has(r.out, ",max=3")) TH_LOG("%s", r.out);
	run_free(&r);
}

TEST_F(rt, pty_max_without_a_rootfs_is_refused)
{
	char conf[128];
	struct run r;

	REQUIRE_ROOT();
	REQUIRE_PROBE("ns.pid");
	snprintf(conf, sizeof(conf), "%s/pty.conf", self->t.run);
	ASSERT_EQ(0, put_file(conf, "lxc.pty.max = 2\n"));
	RLXC(&r, "execute", "-n", self->t.name, "-f", conf, "--", "/bin/true");
	EXPECT_EQ(1, r.status);
	EXPECT_TRUE(has(r.err, "lxc.pty.max needs lxc.rootfs.path: without a rootfs the "
			       "container has the host's /dev/pts"))
	TH_LOG("%s", r.err);
	run_free(&r);
}

TEST_HARNESS_MAIN
