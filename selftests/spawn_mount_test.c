// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * rlxc_spawn for real, the container's mounts: lxc.mount.entry with its
 * options (bind, ro, create=dir, optional, tmpfs), lxc.mount.fstab, and
 * lxc.mount.auto cgroup:ro; targets, symlinks included, resolved inside the
 * rootfs and never outside it; a failed mount or a bad fstab line named,
 * leaving nothing mounted and no child behind; and resolving inside a root
 * itself (kernel/inroot.h), by hand and with openat2. The rootfs, the
 * fixture and its cleanup are spawn_fixture.h's.
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "kselftest_harness.h"
#include "kernel/inroot.h"
#include "probe_skip.h"
#include "spawn/spawn.h"
#include "spawn_fixture.h"
#include "test_util.h"

/* ---- mounts ---- */

TEST_F(spawn, mount_entries_with_options)
{
	char e1[PATH_MAX], *entries[] = { e1, "none tmp tmpfs size=1m,mode=1777,nosuid 0 0",
					  "/rlxc-no-such-src opt none bind,optional 0 0", NULL };

	REQUIRE_ROOT();
	snprintf(e1, sizeof(e1), "%s mnt/deep none bind,ro,create=dir 0 0", self->host);
	self->c.mount_entries.v = entries;
	self->c.mount_entries.n = 3;
	ASSERT_EQ(0, run(self, SH("cat /mnt/deep/marker; touch /mnt/deep/x; "
				  "grep ' /tmp ' /proc/self/mountinfo")))
	TH_LOG("%s", self->err.msg);
	EXPECT_EQ(0, strncmp(self->out, "host side\n", 10)) TH_LOG("%s", self->out);
	EXPECT_NE(NULL, strstr(self->out, "/mnt/deep/x: Read-only file system"))
	TH_LOG("%s", self->out);
	EXPECT_NE(NULL, strstr(self->out, "nosuid")) TH_LOG("%s", self->out);
	EXPECT_NE(NULL, strstr(self->out, "size=1024k")) TH_LOG("%s", self->out);
}

TEST_F(spawn, bad_mount_entry_fails_and_leaves_nothing)
{
	char *entries[] = { "/rlxc-no-such-src rlxc-new none bind,create=dir 0 0", NULL };
	char *before, *after;
	int ret;

	REQUIRE_ROOT();
	self->c.mount_entries.v = entries;
	self->c.mount_entries.n = 1;
	before = mountinfo();
	ret = start(self, true, SH("true"));
	after = mountinfo();
	EXPECT_EQ(-ENOENT, ret);
	EXPECT_EQ(-1, self->init);
	EXPECT_STREQ("lxc.mount.entry: mount /rlxc-no-such-src on rlxc-new: "
		     "No such file or directory",
		     self->err.msg);
	EXPECT_STREQ(before, after);
	/* the child is reaped */
	EXPECT_EQ(-1, waitpid(-1, NULL, WNOHANG));
	EXPECT_EQ(ECHILD, errno);
	free(before);
	free(after);
}

TEST_F(spawn, fstab_targets_stay_in_the_rootfs)
{
	char fstab[PATH_MAX], text[2 * PATH_MAX + 64], link[PATH_MAX];

	REQUIRE_ROOT();
	snprintf(fstab, sizeof(fstab), "%s/fstab", self->dir);
	snprintf(link, sizeof(link), "%s/esc", self->root);
	ASSERT_EQ(0, symlink("/../../../opt", link));
	snprintf(text, sizeof(text),
		 "# comment\n\n%s ../../etc none bind 0 0\n%s esc none bind 0 0\n", self->host,
		 self->host);
	ASSERT_EQ(0, put_file(fstab, text));
	self->c.mount_fstab = fstab;
	ASSERT_EQ(0, run(self, SH("cat /etc/marker /opt/marker"))) TH_LOG("%s", self->err.msg);
	EXPECT_STREQ("host side\nhost side\n", self->out);
}

TEST_F(spawn, absolute_symlink_target_resolves_in_the_rootfs)
{
	char entry[PATH_MAX], *entries[] = { entry, NULL }, link[PATH_MAX];
	int ret;

	REQUIRE_ROOT();
	/* /usr/share exists on the host, not in the rootfs */
	snprintf(link, sizeof(link), "%s/esc", self->root);
	ASSERT_EQ(0, symlink("/usr/share", link));
	snprintf(entry, sizeof(entry), "%s esc none bind 0 0", self->host);
	self->c.mount_entries.v = entries;
	self->c.mount_entries.n = 1;
	ret = start(self, true, SH("true"));
	EXPECT_EQ(-ENOENT, ret);
	EXPECT_NE(NULL, strstr(self->err.msg, " on esc: No such file or directory"))
	TH_LOG("%s", self->err.msg);
}

TEST_F(spawn, bad_fstab_line_names_file_and_line)
{
	char fstab[PATH_MAX], want[PATH_MAX + 128];

	REQUIRE_ROOT();
	snprintf(fstab, sizeof(fstab), "%s/fstab", self->dir);
	ASSERT_EQ(0, put_file(fstab, "# one\n\nproc-only-two-fields proc\n"));
	self->c.mount_fstab = fstab;
	EXPECT_EQ(-EINVAL, start(self, true, SH("true")));
	snprintf(want, sizeof(want),
		 "lxc.mount.fstab %s:3: needs a source, a target and a type: Invalid argument",
		 fstab);
	EXPECT_STREQ(want, self->err.msg);
}

/* The fstab is read whole with a bound, a regular file only: /dev/zero
 * was read until the memory ran out, and a read error ended the file. */
TEST_F(spawn, fstab_is_read_with_a_bound)
{
	char big[PATH_MAX], want[PATH_MAX + 128];
	FILE *f;

	REQUIRE_ROOT();
	self->c.mount_fstab = "/dev/zero";
	EXPECT_EQ(-EINVAL, start(self, true, SH("true")));
	EXPECT_STREQ("lxc.mount.fstab /dev/zero: not a regular file", self->err.msg);
	snprintf(big, sizeof(big), "%s/big", self->dir);
	ASSERT_NE(NULL, f = fopen(big, "we"));
	for (int i = 0; i < (1 << 16); i++) /* 2 MiB of comments */
		fputs("# a comment line, 32 bytes long\n", f);
	fclose(f);
	self->c.mount_fstab = big;
	EXPECT_EQ(-EINVAL, start(self, true, SH("true")));
	snprintf(want, sizeof(want), "lxc.mount.fstab %s: larger than 1048576 bytes", big);
	EXPECT_STREQ(want, self->err.msg);
	EXPECT_EQ(-1, waitpid(-1, NULL, WNOHANG)); /* the child is reaped */
}

TEST_F(spawn, cgroup_auto_mounts_cgroup2_read_only)
{
	REQUIRE_ROOT();
	REQUIRE_PROBE("ns.cgroup");
	self->c.mount_auto = RLXC_AUTO_CGROUP_RO;
	ASSERT_EQ(0, run(self, SH("grep ' /sys/fs/cgroup ' /proc/self/mountinfo; "
				  "cat /proc/self/cgroup | grep '^0::'")))
	TH_LOG("%s", self->err.msg);
	EXPECT_NE(NULL, strstr(self->out, " /sys/fs/cgroup ro,")) TH_LOG("%s", self->out);
	EXPECT_NE(NULL, strstr(self->out, "cgroup2")) TH_LOG("%s", self->out);
	/* the cgroup namespace: the container's cgroup is its root */
	EXPECT_NE(NULL, strstr(self->out, "0::/\n")) TH_LOG("%s", self->out);
}

/* ---- resolving inside a root, by hand and with openat2 ---- */

static bool same_file(int fd, const char *path)
{
	struct stat a, b;

	return fd >= 0 && fstat(fd, &a) == 0 && stat(path, &b) == 0 && a.st_ino == b.st_ino &&
	       a.st_dev == b.st_dev;
}

TEST_F(spawn, walk_in_root)
{
	int (*fns[])(int, const char *) = { rlxc_walk_in_root, rlxc_open_in_root };
	char path[PATH_MAX], opt[PATH_MAX];
	int root, fd;

	snprintf(opt, sizeof(opt), "%s/opt", self->root);
	snprintf(path, sizeof(path), "%s/up", self->root);
	ASSERT_EQ(0, symlink("../../../..", path));
	snprintf(path, sizeof(path), "%s/abs", self->root);
	ASSERT_EQ(0, symlink("/opt", path));
	snprintf(path, sizeof(path), "%s/loop", self->root);
	ASSERT_EQ(0, symlink("loop", path));
	root = open(self->root, O_PATH | O_DIRECTORY | O_CLOEXEC);
	ASSERT_LE(0, root);
	for (int i = 0; i < 2; i++) {
		fd = fns[i](root, "../../../opt");
		EXPECT_TRUE(same_file(fd, opt)) TH_LOG("fn %d: ../../../opt", i);
		close(fd);
		fd = fns[i](root, "up/opt");
		EXPECT_TRUE(same_file(fd, opt)) TH_LOG("fn %d: up/opt", i);
		close(fd);
		fd = fns[i](root, "/etc/../abs/./");
		EXPECT_TRUE(same_file(fd, opt)) TH_LOG("fn %d: abs", i);
		close(fd);
		fd = fns[i](root, "/");
		EXPECT_TRUE(same_file(fd, self->root)) TH_LOG("fn %d: /", i);
		close(fd);
		EXPECT_EQ(-ELOOP, fns[i](root, "loop"));
		EXPECT_EQ(-ENOENT, fns[i](root, "usr/share"));
		EXPECT_EQ(-ENOTDIR, fns[i](root, "rlxc-marker/x"));
	}
	close(root);
}

TEST_HARNESS_MAIN
