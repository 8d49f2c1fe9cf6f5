// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * A container's process is confined by its seccomp filter and by
 * lxc.no_new_privs, end to end: rlxc execute runs this very program on the
 * host's root (no rootfs, so the host's libc is there) as the container's
 * command, where its constructor makes the calls and prints what each got.
 *
 * The container keeps the capabilities that would let the kernel take the
 * calls (dac_read_search for open_by_handle_at, sys_module for the module
 * calls): what refuses them is the filter, with LXC's answers (EPERM;
 * ENOSYS for the keyrings; EACCES for a forced unmount), which the kernel
 * alone never gives for these arguments. Every call is harmless if it
 * reached the kernel: a bad fd, an empty module image, a module and a
 * mount point that do not exist, a key lookup.
 *
 * And: lxc.seccomp.profile replaces the default policy; a bad profile is
 * refused with FILE:LINE before anything is made; lxc.no_new_privs sets
 * the bit; an unprivileged busybox container is filtered too.
 */
#include "kselftest_harness.h"
#include "probe_skip.h"
#include "runtime_fixture.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <linux/keyctl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#define MODE "RLXC_T_CONFINE"

static void say(const char *name, long ret)
{
	printf("%s %s\n", name, ret < 0 ? strerrorname_np(errno) : "ok");
}

/* In the container: the calls, then exit before the harness runs. */
__attribute__((constructor)) static void in_container(void)
{
	const char *mode = getenv(MODE);

	if (!mode)
		return;
	if (!strcmp(mode, "calls")) {
		say("open_by_handle_at", syscall(SYS_open_by_handle_at, -1, NULL, 0));
		say("init_module", syscall(SYS_init_module, NULL, 0UL, ""));
		say("finit_module", syscall(SYS_finit_module, -1, "", 0));
		say("delete_module", syscall(SYS_delete_module, "rlxc_none", O_NONBLOCK));
		say("keyctl", syscall(SYS_keyctl, KEYCTL_GET_KEYRING_ID,
				      KEY_SPEC_SESSION_KEYRING, 0));
		say("umount2", syscall(SYS_umount2, "/rlxc-none", MNT_FORCE));
	} else if (!strcmp(mode, "mkdir")) {
		say("mkdir", mkdir("/tmp/rlxc-t-confine-never", 0700));
		say("keyctl", syscall(SYS_keyctl, KEYCTL_GET_KEYRING_ID,
				      KEY_SPEC_SESSION_KEYRING, 0));
	}
	fflush(stdout);
	_exit(0);
}

static void self_exe(char *buf, size_t len)
{
	ssize_t n = readlink("/proc/self/exe", buf, len - 1);

	buf[n > 0 ? n : 0] = '\0';
}

/* rlxc execute -n NAME -f CONF -- this program, CONF being extra plus
 * the environment that picks mode; r holds what it printed. */
static void run_here(struct __test_metadata *_metadata, struct run *r, const char *run,
		     const char *name, const char *mode, const char *extra)
{
	char conf[PATH_MAX], text[1024], exe[PATH_MAX];

	self_exe(exe, sizeof(exe));
	snprintf(conf, sizeof(conf), "%s/confine.conf", run);
	snprintf(text, sizeof(text), "lxc.environment = %s=%s\n%s", MODE, mode, extra);
	ASSERT_EQ(0, put_file(conf, text));
	RLXC(r, "execute", "-n", name, "-f", conf, "--", exe);
}

TEST_F_TIMEOUT(rt, default_filter_refuses_what_the_kernel_would_take, 60)
{
	struct run r;

	REQUIRE_ROOT();
	REQUIRE_PROBE("security.seccomp");
	run_here(_metadata, &r, self->t.run, self->t.name, "calls",
		 "lxc.cap.keep = dac_read_search sys_module\n");
	ASSERT_EQ(0, r.status) TH_LOG("%s", r.err);
	EXPECT_TRUE(has(r.out, "open_by_handle_at EPERM\n")) TH_LOG("%s", r.out);
	EXPECT_TRUE(has(r.out, "init_module EPERM\n")) TH_LOG("%s", r.out);
	EXPECT_TRUE(has(r.out, "finit_module EPERM\n")) TH_LOG("%s", r.out);
	EXPECT_TRUE(has(r.out, "delete_module EPERM\n")) TH_LOG("%s", r.out);
	EXPECT_TRUE(has(r.out, "keyctl ENOSYS\n")) TH_LOG("%s", r.out);
	EXPECT_TRUE(has(r.out, "umount2 EACCES\n")) TH_LOG("%s", r.out);
	run_free(&r);
}

TEST_F_TIMEOUT(rt, a_profile_replaces_the_default_policy, 60)
{
	char profile[PATH_MAX], extra[PATH_MAX + 64];
	struct run r;

	REQUIRE_ROOT();
	REQUIRE_PROBE("security.seccomp");
	snprintf(profile, sizeof(profile), "%s/mkdir.seccomp", self->t.run);
	ASSERT_EQ(0, put_file(profile, "2\ndenylist\nmkdir errno 38\nmkdirat errno 38\n"));
	snprintf(extra, sizeof(extra), "lxc.seccomp.profile = %s\n", profile);
	run_here(_metadata, &r, self->t.run, self->t.name, "mkdir", extra);
	ASSERT_EQ(0, r.status) TH_LOG("%s", r.err);
	EXPECT_STREQ("mkdir ENOSYS\nkeyctl ok\n", r.out);
	run_free(&r);
}

TEST_F_TIMEOUT(rt, a_bad_profile_is_refused_before_anything_is_made, 60)
{
	char profile[PATH_MAX], extra[PATH_MAX + 64], want[PATH_MAX + 8];
	struct run r;

	REQUIRE_ROOT();
	snprintf(profile, sizeof(profile), "%s/bad.seccomp", self->t.run);
	ASSERT_EQ(0, put_file(profile, "2\ndenylist\nno_such_call errno 1\n"));
	snprintf(extra, sizeof(extra), "lxc.seccomp.profile = %s\n", profile);
	run_here(_metadata, &r, self->t.run, self->t.name, "calls", extra);
	EXPECT_NE(0, r.status);
	snprintf(want, sizeof(want), "%s:3:", profile);
	EXPECT_TRUE(has(r.err, want)) TH_LOG("%s", r.err);
	EXPECT_STREQ("", r.out);
	EXPECT_FALSE(cgroup_exists(self->t.name));
	run_free(&r);
}

TEST_F_TIMEOUT(rt, no_new_privs_is_what_the_key_says, 60)
{
	char conf[PATH_MAX];
	struct run r;

	REQUIRE_ROOT();
	create(_metadata, self->t.name);
	OK(&r, "execute", "-n", self->t.name, "--", "grep", "NoNewPrivs", "/proc/self/status");
	EXPECT_STREQ("NoNewPrivs:\t0\n", r.out);
	run_free(&r);
	snprintf(conf, sizeof(conf), "%s/nnp.conf", self->t.run);
	ASSERT_EQ(0, put_file(conf, "lxc.no_new_privs = 1\n"));
	OK(&r, "execute", "-n", self->t.name, "-f", conf, "--", "grep", "NoNewPrivs",
	   "/proc/self/status");
	EXPECT_STREQ("NoNewPrivs:\t1\n", r.out);
	run_free(&r);
}

/* The default container (unprivileged) and its system init: filtered. */
TEST_F_TIMEOUT(rt, an_unprivileged_container_is_filtered_too, 60)
{
	struct run r;

	REQUIRE_ROOT();
	REQUIRE_PROBE("security.seccomp");
	create(_metadata, self->t.name);
	OK(&r, "start", "-n", self->t.name);
	run_free(&r);
	OK(&r, "attach", "-n", self->t.name, "--", "grep", "Seccomp:", "/proc/1/status");
	EXPECT_STREQ("Seccomp:\t2\n", r.out);
	run_free(&r);
	OK(&r, "stop", "-n", self->t.name, "-t", "0");
	run_free(&r);
}

TEST_HARNESS_MAIN
