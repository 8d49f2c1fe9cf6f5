// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Config files on disk and what is refused in them (runtime/lib/config/
 * config.h): lxc.include loops (and the file included twice, which is
 * none), an error in an included file naming that file, missing files, and
 * every kind of bad line refused with -EINVAL and "FILE:LINE: KEY: what",
 * among them the keys rlxc knows and cannot honour yet. The bounds a file
 * is read within are config_limits_test.c's.
 * Each test writes its files in a scratch directory of its own.
 */
#include "kselftest_harness.h"
#include "config/config.h"
#include "config_fixture.h"
#include "test_util.h"

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

/* ---- includes ---- */

static int write_in(const char *dir, const char *name, const char *text)
{
	char path[PATH_MAX];

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	return put_file(path, text);
}

TEST_F(tmp, include_loop_is_refused)
{
	struct rlxc_config c;
	struct rlxc_error err;
	char path[128], want[512];

	ASSERT_EQ(0, write_in(self->dir, "a.conf", "lxc.uts.name = a\nlxc.include = b.conf\n"));
	ASSERT_EQ(0, write_in(self->dir, "b.conf", "# b\nlxc.include = a.conf\n"));
	snprintf(path, sizeof(path), "%s/a.conf", self->dir);
	rlxc_config_init(&c);
	EXPECT_EQ(-EINVAL, rlxc_config_load(&c, path, &err));
	snprintf(want, sizeof(want),
		 "%s/b.conf:2: lxc.include: include loop: %s/a.conf is already being read",
		 self->dir, self->dir);
	EXPECT_STREQ(want, err.msg);
	rlxc_config_free(&c);

	/* a file including itself */
	ASSERT_EQ(0, write_in(self->dir, "self.conf", "lxc.include = ./self.conf\n"));
	snprintf(path, sizeof(path), "%s/self.conf", self->dir);
	rlxc_config_init(&c);
	EXPECT_EQ(-EINVAL, rlxc_config_load(&c, path, &err));
	snprintf(want, sizeof(want), "%s:1: lxc.include: include loop: ", path);
	EXPECT_EQ(0, strncmp(want, err.msg, strlen(want))) TH_LOG("%s", err.msg);
	rlxc_config_free(&c);
}

TEST_F(tmp, include_twice_is_no_loop)
{
	struct rlxc_config c;
	struct rlxc_error err;
	char path[128];

	ASSERT_EQ(0, write_in(self->dir, "env.inc", "lxc.environment = X=1\n"));
	ASSERT_EQ(0, write_in(self->dir, "top.conf",
			      "lxc.include = env.inc\nlxc.include = env.inc\n"));
	snprintf(path, sizeof(path), "%s/top.conf", self->dir);
	rlxc_config_init(&c);
	ASSERT_EQ(0, rlxc_config_load(&c, path, &err)) TH_LOG("%s", err.msg);
	EXPECT_TRUE(has(&c.environment, 2, "X=1", "X=1"));
	EXPECT_EQ(0, c.includes.n);
	rlxc_config_free(&c);
}

TEST_F(tmp, error_in_an_included_file_names_that_file)
{
	struct rlxc_config c;
	struct rlxc_error err;
	char path[128], want[512];

	ASSERT_EQ(0, mkdir(strcat(strcpy(path, self->dir), "/d"), 0755));
	ASSERT_EQ(0, write_in(self->dir, "d/1.conf", "lxc.start.delay = 1\n"));
	ASSERT_EQ(0, write_in(self->dir, "d/2.conf", "\n\nlxc.start.delay = many\n"));
	ASSERT_EQ(0, write_in(self->dir, "top.conf", "lxc.include = d\n"));
	snprintf(path, sizeof(path), "%s/top.conf", self->dir);
	rlxc_config_init(&c);
	EXPECT_EQ(-EINVAL, rlxc_config_load(&c, path, &err));
	snprintf(want, sizeof(want), "%s/d/2.conf:3: lxc.start.delay: not a number: 'many'",
		 self->dir);
	EXPECT_STREQ(want, err.msg);
	EXPECT_EQ(1, c.start_delay); /* 1.conf was read first */
	rlxc_config_free(&c);
}

TEST_F(tmp, missing_files)
{
	struct rlxc_config c;
	struct rlxc_error err;
	char path[128], want[512];

	snprintf(path, sizeof(path), "%s/nothere.conf", self->dir);
	rlxc_config_init(&c);
	EXPECT_EQ(-ENOENT, rlxc_config_load(&c, path, &err));
	snprintf(want, sizeof(want), "%s: No such file or directory", path);
	EXPECT_STREQ(want, err.msg);
	EXPECT_EQ(-EISDIR, rlxc_config_load(&c, self->dir, &err));

	ASSERT_EQ(0, write_in(self->dir, "top.conf", "# x\nlxc.include = missing.conf\n"));
	snprintf(path, sizeof(path), "%s/top.conf", self->dir);
	EXPECT_EQ(-EINVAL, rlxc_config_load(&c, path, &err));
	snprintf(want, sizeof(want),
		 "%s:2: lxc.include: %s/missing.conf: No such file or directory", path, self->dir);
	EXPECT_STREQ(want, err.msg);
	rlxc_config_free(&c);
}

/* ---- bad lines: -EINVAL and "FILE:LINE: KEY: what is wrong" ---- */

FIXTURE(bad)
{
	char dir[64];
};

FIXTURE_VARIANT(bad)
{
	const char *text; /* the config */
	const char *msg;  /* the message after "FILE:" */
};

#define BAD(name, t, m)                                                                            \
	FIXTURE_VARIANT_ADD(bad, name)                                                             \
	{                                                                                          \
		.text = t, .msg = m                                                                \
	}

BAD(unknown_key, "# c\nlxc.bogus = 1\n", "2: lxc.bogus: unknown key");
BAD(no_equals, "lxc.uts.name = a\n\nlxc.uts.name web\n", "3: line has no '='");
BAD(no_key, " = 1\n", "1: line has no key before '='");
BAD(mtu_word, "lxc.net.0.type = veth\nlxc.net.0.mtu = big\n",
    "2: lxc.net.0.mtu: not a number: 'big'");
BAD(mtu_small, "lxc.net.0.mtu = 10\n", "1: lxc.net.0.mtu: out of range (68..65535): '10'");
BAD(hwaddr_short, "lxc.net.0.hwaddr = 00:11:22:33:44\n",
    "1: lxc.net.0.hwaddr: not a MAC address (xx:xx:xx:xx:xx:xx): '00:11:22:33:44'");
BAD(hwaddr_char, "lxc.net.1.hwaddr = 00:11:22:33:44:zz\n",
    "1: lxc.net.1.hwaddr: not a MAC address (xx:xx:xx:xx:xx:xx): '00:11:22:33:44:zz'");
BAD(ipv4_octet, "lxc.net.0.ipv4.address = 10.0.0.300/24\n",
    "1: lxc.net.0.ipv4.address: not an IPv4 address (a.b.c.d/prefix [broadcast]): "
    "'10.0.0.300/24'");
BAD(ipv4_prefix, "lxc.net.0.ipv4.address = 10.0.0.1/33\n",
    "1: lxc.net.0.ipv4.address: not an IPv4 address (a.b.c.d/prefix [broadcast]): "
    "'10.0.0.1/33'");
BAD(ipv4_broadcast, "lxc.net.0.ipv4.address = 10.0.0.1/8 10.255.255\n",
    "1: lxc.net.0.ipv4.address: not an IPv4 address");
BAD(ipv4_gateway, "lxc.net.0.ipv4.gateway = 10.0.0\n",
    "1: lxc.net.0.ipv4.gateway: not an IPv4 gateway (address or auto): '10.0.0'");
BAD(ipv6_addr, "lxc.net.0.ipv6.address = fd00::zz/64\n",
    "1: lxc.net.0.ipv6.address: not an IPv6 address (addr/prefix): 'fd00::zz/64'");
BAD(ipv6_prefix, "lxc.net.0.ipv6.address = fd00::1/129\n",
    "1: lxc.net.0.ipv6.address: not an IPv6 address (addr/prefix): 'fd00::1/129'");
BAD(ipv6_gateway, "lxc.net.0.ipv6.gateway = 10.0.0.1\n",
    "1: lxc.net.0.ipv6.gateway: not an IPv6 gateway (address or auto): '10.0.0.1'");
BAD(net_index, "lxc.net.16.type = veth\n", "1: lxc.net.16.type: device index out of range (0..15)");
BAD(net_index_huge, "lxc.net.99999999999.link = eth0\n",
    "1: lxc.net.99999999999.link: device index out of range (0..15)");
BAD(net_type, "lxc.net.0.type = bridge\n",
    "1: lxc.net.0.type: unknown type 'bridge' (empty, none, veth, macvlan, vlan, phys)");
BAD(net_no_type, "lxc.uts.name = x\nlxc.net.2.link = eth0\n", "2: lxc.net.2: no lxc.net.2.type");
BAD(net_clear_value, "lxc.net = 0\n",
    "1: lxc.net: only an empty value (which clears) is allowed: '0'");
BAD(net_flags, "lxc.net.0.flags = down\n", "1: lxc.net.0.flags: only 'up' is allowed: 'down'");
BAD(ifname_long, "lxc.net.0.link = abcdefghijklmnop\n",
    "1: lxc.net.0.link: interface name longer than 15 characters: 'abcdefghijklmnop'");
BAD(ifname_slash, "lxc.net.0.name = a/b\n", "1: lxc.net.0.name: not a valid interface name: 'a/b'");
BAD(macvlan_mode, "lxc.net.0.macvlan.mode = open\n",
    "1: lxc.net.0.macvlan.mode: unknown macvlan mode 'open'");
BAD(vlan_id, "lxc.net.0.vlan.id = 4095\n", "1: lxc.net.0.vlan.id: out of range (0..4094): '4095'");
BAD(legacy_no_type, "lxc.network.link = eth0\n",
    "1: lxc.network.link: no lxc.network.type before it");
BAD(legacy_mtu, "lxc.network.type = veth\nlxc.network.mtu = 1e3\n",
    "2: lxc.network.mtu: not a number: '1e3'");
BAD(uid_word, "lxc.init.uid = root\n", "1: lxc.init.uid: not a number: 'root'");
BAD(uid_negative, "lxc.init.uid = -1\n", "1: lxc.init.uid: not a number: '-1'");
BAD(gid_big, "lxc.init.gid = 4294967295\n",
    "1: lxc.init.gid: out of range (0..4294967294): '4294967295'");
BAD(cap_name, "lxc.cap.drop = sys_admin sys_bogus\n",
    "1: lxc.cap.drop: unknown capability: 'sys_bogus'");
BAD(cap_none_drop, "lxc.cap.drop = none\n", "1: lxc.cap.drop: unknown capability: 'none'");
BAD(cap_number, "lxc.cap.keep = 99\n", "1: lxc.cap.keep: unknown capability: '99'");
BAD(mount_auto, "lxc.mount.auto = proc:ro\n", "1: lxc.mount.auto: unknown word 'proc:ro' (");
BAD(mount_entry, "lxc.mount.entry = /a b none\n",
    "1: lxc.mount.entry: not an fstab line (source target type options [freq [passno]]): "
    "'/a b none'");
BAD(uts_name, "lxc.uts.name = web_01\n", "1: lxc.uts.name: not a valid hostname");
BAD(uts_long,
    "lxc.utsname = "
    "a123456789b123456789c123456789d123456789e123456789f123456789g12345\n",
    "1: lxc.utsname: not a valid hostname");
BAD(cgroup_key, "lxc.cgroup.memory = 1\n",
    "1: lxc.cgroup.memory: not a cgroup file (controller.file): 'memory'");
BAD(cgroup_dotdot, "lxc.cgroup2.pids../max = 1\n",
    "1: lxc.cgroup2.pids../max: not a cgroup file (controller.file): 'pids../max'");
BAD(cgroup_value, "lxc.cgroup2.pids.max =\n", "1: lxc.cgroup2.pids.max: no value");
BAD(idmap, "lxc.idmap = x 0 100000 65536\n",
    "1: lxc.idmap: not 'u|g NSID HOSTID RANGE': 'x 0 100000 65536'");
BAD(idmap_range, "lxc.idmap = u 0 4294967295 2\n", "1: lxc.idmap: not 'u|g NSID HOSTID RANGE'");
BAD(init_cmd_quote, "lxc.init.cmd = /bin/sh -c 'echo\n",
    "1: lxc.init.cmd: unterminated quote: '/bin/sh -c 'echo'");
BAD(init_cwd, "lxc.init.cwd = root\n", "1: lxc.init.cwd: not an absolute path: 'root'");
BAD(environment, "lxc.environment = =x\n", "1: lxc.environment: not NAME=VALUE or NAME: '=x'");
BAD(signal, "lxc.signal.halt = SIGFOO\n", "1: lxc.signal.halt: not a signal: 'SIGFOO'");
BAD(start_auto, "lxc.start.auto = 2\n", "1: lxc.start.auto: out of range (0..1): '2'");
BAD(start_order, "lxc.start.order = first\n", "1: lxc.start.order: not a number: 'first'");
/* a "TYPE:" prefix, then an absolute path at once (no "dir: /x", which
 * would be the path " /x"); without one, an absolute path */
BAD(rootfs_dir_space, "lxc.rootfs.path = dir: /srv/web\n",
    "1: lxc.rootfs.path: the path after 'dir:' must be absolute, with nothing before its '/': "
    "'dir: /srv/web'");
BAD(rootfs_dir_tab, "lxc.rootfs = dir:\t/srv/web\n",
    "1: lxc.rootfs: the path after 'dir:' must be absolute, with nothing before its '/': "
    "'dir:\t/srv/web'");
BAD(rootfs_dir_relative, "lxc.rootfs.path = dir:srv/web\n",
    "1: lxc.rootfs.path: the path after 'dir:' must be absolute");
BAD(rootfs_dir_empty, "lxc.chroot = dir:\n",
    "1: lxc.chroot: the path after 'dir:' must be absolute");
BAD(rootfs_relative, "lxc.rootfs.path = rootfs\n",
    "1: lxc.rootfs.path: not an absolute path: 'rootfs'");
BAD(rootfs_vtab, "lxc.rootfs.path = \v/srv/web\n", "1: lxc.rootfs.path: not an absolute path");
BAD(rootfs_type, "lxc.rootfs.path = btrfs:/srv/web\n",
    "1: lxc.rootfs.path: not yet supported by rlxc: storage type 'btrfs' (a directory only: "
    "/PATH or dir:/PATH): 'btrfs:/srv/web'");
/* keys rlxc knows and cannot honour yet: refused, never ignored */
BAD(rootfs_mount, "lxc.rootfs.mount = /mnt\n",
    "1: lxc.rootfs.mount: not yet supported by rlxc: the rootfs is mounted on itself");
BAD(console_relative, "lxc.console.path = tty1\n",
    "1: lxc.console.path: none, or the absolute path of a terminal of the host: 'tty1'");
BAD(tty_max_big, "\nlxc.tty.max = 65\n", "2: lxc.tty.max: out of range (0..64): '65'");
BAD(tty_legacy_negative, "lxc.tty = -1\n", "1: lxc.tty: not a number: '-1'");
BAD(tty_word, "lxc.tty.max = many\n", "1: lxc.tty.max: not a number: 'many'");
BAD(pty_max_big, "lxc.pty.max = 1048577\n", "1: lxc.pty.max: out of range (0..1048576): '1048577'");
BAD(pts_negative, "lxc.pts = -1\n", "1: lxc.pts: not a number: '-1'");
BAD(include_empty, "lxc.include =\n", "1: lxc.include: no file named");
BAD(no_new_privs_two, "lxc.no_new_privs = 2\n", "1: lxc.no_new_privs: out of range (0..1): '2'");
BAD(shm_size_word, "lxc.dev.shm.size = lots\n",
    "1: lxc.dev.shm.size: not a size (bytes, or a number with k, m or g): 'lots'");
BAD(shm_size_unit, "lxc.dev.shm.size = 64mb\n",
    "1: lxc.dev.shm.size: not a size (bytes, or a number with k, m or g): '64mb'");
BAD(shm_size_negative, "lxc.dev.shm.size = -1\n",
    "1: lxc.dev.shm.size: not a size (bytes, or a number with k, m or g): '-1'");
BAD(shm_size_small, "lxc.dev.shm.size = 1k\n", "1: lxc.dev.shm.size: out of range (4k..1024g): '1k'");
BAD(shm_size_huge, "lxc.dev.shm.size = 2000g\n",
    "1: lxc.dev.shm.size: out of range (4k..1024g): '2000g'");

FIXTURE_SETUP(bad)
{
	strcpy(self->dir, "/tmp/rlxc-t-XXXXXX");
	ASSERT_NE(NULL, mkdtemp(self->dir));
}

#ifdef FIXTURE_TEARDOWN_PARENT
FIXTURE_TEARDOWN_PARENT(bad)
#else
FIXTURE_TEARDOWN(bad)
#endif
{
	if (self->dir[0] == '/')
		rm_tree(self->dir);
}

TEST_F(bad, refused_with_file_line_key)
{
	struct rlxc_config c;
	struct rlxc_error err = { 0 };
	char path[128], want[1024];

	snprintf(path, sizeof(path), "%s/web.conf", self->dir);
	ASSERT_EQ(0, put_file(path, variant->text));
	snprintf(want, sizeof(want), "%s:%s", path, variant->msg);
	rlxc_config_init(&c);
	EXPECT_EQ(-EINVAL, rlxc_config_load(&c, path, &err));
	EXPECT_EQ(0, strncmp(want, err.msg, strlen(want)))
	TH_LOG("want: %s\n#  got:  %s", want, err.msg);
	rlxc_config_free(&c);
}

TEST_HARNESS_MAIN
