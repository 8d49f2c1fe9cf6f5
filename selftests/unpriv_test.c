// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Unprivileged by default (issue 9): a container of the busybox template
 * runs in a user namespace whose root is a block of 65536 host ids of its
 * own, taken from root's subordinate ranges (store/idmap.h); create
 * --privileged, or a config without lxc.idmap, makes a privileged one.
 * Before, the default container's root was the host's.
 *
 * The id files are the test store's (RLXC_SUBUID, RLXC_SUBGID,
 * RLXC_IDMAP_DB: rlxc_store.h), never the host's /etc/subuid.
 */
#include "kselftest_harness.h"
#include "probe_skip.h"
#include "rlxc_run.h"
#include "rlxc_store.h"
#include "runtime_fixture.h"
#include "spawn/idmount.h"
#include "store/idshift.h"
#include "test_util.h"

#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <sched.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <sys/xattr.h>
#include <unistd.h>

#define BLOCK 65536UL

/* STORE/NAME/WHAT into buf. */
static void ct_path(const struct test_store *t, const char *name, const char *what, char *buf,
		    size_t len)
{
	snprintf(buf, len, "%s/%s%s%s", t->store, name, what[0] ? "/" : "", what);
}

/* The block NAME's config maps root to (lxc.idmap = u 0 UID 65536, g 0
 * GID 65536): 0, or -1 when it maps none. */
static int block_of(const struct test_store *t, const char *name, unsigned long *uid,
		    unsigned long *gid)
{
	char path[256], text[4096], *u, *g;

	ct_path(t, name, "config", path, sizeof(path));
	if (get_file(path, text, sizeof(text)) < 0 || !(u = strstr(text, "lxc.idmap = u 0 ")) ||
	    !(g = strstr(text, "lxc.idmap = g 0 ")) || sscanf(u + 16, "%lu", uid) != 1 ||
	    sscanf(g + 16, "%lu", gid) != 1 || !strstr(u, " 65536\n"))
		return -1;
	return 0;
}

/* The id file NAME (subuid, subgid, idmap) of the test's runtime root. */
static void id_file(const struct test_store *t, const char *name, char *buf, size_t len)
{
	snprintf(buf, len, "%s/%s", t->root, name);
}

static void put_id_file(struct __test_metadata *_metadata, const struct test_store *t,
			const char *name, const char *text)
{
	char path[128];

	id_file(t, name, path, sizeof(path));
	ASSERT_EQ(0, put_file(path, text));
	ASSERT_EQ(0, chmod(path, 0644));
}

static void create_ok(struct __test_metadata *_metadata, const char *name, unsigned long *uid,
		      unsigned long *gid, const struct test_store *t)
{
	create(_metadata, name);
	ASSERT_EQ(0, block_of(t, name, uid, gid)) TH_LOG("%s maps no block", name);
}

/* The host uid of the container's init, from /proc (rlxc info's PID). */
static long init_host_uid(struct __test_metadata *_metadata, const char *name)
{
	char path[64], status[2048], *pid, *uid;
	struct run r;
	long ret = -1;

	OK(&r, "info", "-n", name);
	if ((pid = strstr(r.out, "PID:"))) {
		snprintf(path, sizeof(path), "/proc/%d/status", atoi(pid + 4));
		if (get_file(path, status, sizeof(status)) == 0 && (uid = strstr(status, "Uid:")))
			ret = atol(uid + 4);
	}
	run_free(&r);
	return ret;
}

TEST_F_TIMEOUT(rt, the_default_container_is_unprivileged, 60)
{
	unsigned long uid, gid;
	char path[128], text[256];
	struct run r;

	REQUIRE_ROOT();
	REQUIRE_PROBE("ns.user");
	create_ok(_metadata, self->t.name, &uid, &gid, &self->t);
	/* no range for root in the files: LXD's, recorded there */
	EXPECT_EQ(1000000, uid);
	EXPECT_EQ(1000000, gid);
	id_file(&self->t, "subuid", path, sizeof(path));
	ASSERT_EQ(0, get_file(path, text, sizeof(text)));
	EXPECT_STREQ("root:1000000:1000000000\n", text);
	id_file(&self->t, "subgid", path, sizeof(path));
	ASSERT_EQ(0, get_file(path, text, sizeof(text)));
	EXPECT_STREQ("root:1000000:1000000000\n", text);
	OK(&r, "info", "-n", self->t.name);
	EXPECT_TRUE(has(r.out, "Kind:        unprivileged\n")) TH_LOG("%s", r.out);
	EXPECT_TRUE(has(r.out, "ID map:      u 0 1000000 65536, g 0 1000000 65536\n"))
	TH_LOG("%s", r.out);
	run_free(&r);
	OK(&r, "execute", "-n", self->t.name, "--", "/bin/sh", "-c",
	   "id -u; cat /proc/self/uid_map");
	EXPECT_TRUE(has(r.out, "0\n") && has(r.out, "0    1000000      65536"))
	TH_LOG("%s", r.out);
	run_free(&r);
	OK(&r, "start", "-n", self->t.name);
	run_free(&r);
	EXPECT_EQ(1000000, init_host_uid(_metadata, self->t.name));
	OK(&r, "stop", "-n", self->t.name, "-t", "0");
	run_free(&r);
}

TEST_F_TIMEOUT(rt, privileged_is_asked_for, 60)
{
	char path[128], conf[160], text[4096];
	struct run r;

	REQUIRE_ROOT();
	OK(&r, "create", "-n", self->t.name, "--privileged");
	run_free(&r);
	ct_path(&self->t, self->t.name, "config", path, sizeof(path));
	ASSERT_EQ(0, get_file(path, text, sizeof(text)));
	EXPECT_FALSE(has(text, "lxc.idmap")) TH_LOG("%s", text);
	OK(&r, "info", "-n", self->t.name);
	EXPECT_TRUE(has(r.out, "Kind:        privileged\n")) TH_LOG("%s", r.out);
	run_free(&r);
	OK(&r, "execute", "-n", self->t.name, "--", "/bin/cat", "/proc/self/uid_map");
	EXPECT_TRUE(has(r.out, "0          0 4294967295")) TH_LOG("%s", r.out);
	run_free(&r);
	/* a config of its own without lxc.idmap: privileged too */
	snprintf(conf, sizeof(conf), "%s/own.conf", self->t.run);
	ct_path(&self->t, self->t.name, "rootfs", path, sizeof(path));
	snprintf(text, sizeof(text), "lxc.rootfs.path = %s\n", path);
	ASSERT_EQ(0, put_file(conf, text));
	OK(&r, "create", "-n", "own", "-f", conf);
	run_free(&r);
	OK(&r, "info", "-n", "own");
	EXPECT_TRUE(has(r.out, "Kind:        privileged\n")) TH_LOG("%s", r.out);
	run_free(&r);
	/* --privileged and a config that maps ids contradict each other */
	ASSERT_EQ(0, append_file(conf, "lxc.idmap = u 0 1000000 65536\n"
				       "lxc.idmap = g 0 1000000 65536\n"));
	RLXC(&r, "create", "-n", "both", "-f", conf, "-t", "busybox", "--privileged");
	EXPECT_EQ(2, r.status);
	EXPECT_TRUE(has(r.err, "--privileged, but")) TH_LOG("%s", r.err);
	run_free(&r);
}

TEST_F_TIMEOUT(rt, blocks_are_apart_and_free_once_destroyed, 60)
{
	unsigned long u[4], g[4];
	char path[128], text[1024];
	struct run r;

	REQUIRE_ROOT();
	create_ok(_metadata, "a", &u[0], &g[0], &self->t);
	create_ok(_metadata, "b", &u[1], &g[1], &self->t);
	create_ok(_metadata, "c", &u[2], &g[2], &self->t);
	EXPECT_EQ(1000000, u[0]);
	EXPECT_EQ(1000000 + BLOCK, u[1]);
	EXPECT_EQ(1000000 + 2 * BLOCK, u[2]);
	EXPECT_EQ(1000000 + 2 * BLOCK, g[2]);
	OK(&r, "destroy", "-n", "b");
	run_free(&r);
	/* b is gone: its block is the lowest free one again */
	create_ok(_metadata, "d", &u[3], &g[3], &self->t);
	EXPECT_EQ(u[1], u[3]);
	EXPECT_EQ(g[1], g[3]);
	id_file(&self->t, "idmap", path, sizeof(path));
	ASSERT_EQ(0, get_file(path, text, sizeof(text)));
	EXPECT_FALSE(has(text, "/b\n")) TH_LOG("%s", text);
	snprintf(path, sizeof(path), "%lu %lu %s/d\n", u[3], g[3], self->t.store);
	EXPECT_TRUE(has(text, path)) TH_LOG("%s", text);
}

TEST_F_TIMEOUT(rt, two_stores_never_share_a_block, 60)
{
	char other[64] = "/tmp/rlxc-t-store2-XXXXXX", config[128], text[4096];
	unsigned long uid, gid;
	struct run r;

	REQUIRE_ROOT();
	ASSERT_NE(NULL, mkdtemp(other));
	create_ok(_metadata, self->t.name, &uid, &gid, &self->t);
	RLXC(&r, "create", "-P", other, "-n", self->t.name);
	EXPECT_EQ(0, r.status) TH_LOG("%s", r.err);
	run_free(&r);
	snprintf(config, sizeof(config), "%s/%s/config", other, self->t.name);
	EXPECT_EQ(0, get_file(config, text, sizeof(text)));
	EXPECT_TRUE(has(text, "lxc.idmap = u 0 1065536 65536\n")) TH_LOG("%s", text);
	RLXC(&r, "destroy", "-P", other, "-n", self->t.name);
	run_free(&r);
	rm_tree(other);
}

TEST_F_TIMEOUT(rt, roots_own_range_is_used_and_other_users_are_left_out, 60)
{
	unsigned long uid, gid;
	char path[128], text[256], dir[128];
	struct run r;

	REQUIRE_ROOT();
	/* alice's ids are hers: root's first block overlaps them */
	put_id_file(_metadata, &self->t, "subuid", "alice:1000000:65536\nroot:1000000:196608\n");
	put_id_file(_metadata, &self->t, "subgid", "# one block\n0:500000:65536\n");
	create_ok(_metadata, "a", &uid, &gid, &self->t);
	EXPECT_EQ(1000000 + BLOCK, uid);
	EXPECT_EQ(500000, gid);
	id_file(&self->t, "subuid", path, sizeof(path));
	ASSERT_EQ(0, get_file(path, text, sizeof(text)));
	EXPECT_STREQ("alice:1000000:65536\nroot:1000000:196608\n", text); /* root had one */
	/* no gid block left: refused, nothing made, nothing recorded */
	RLXC(&r, "create", "-n", "b");
	EXPECT_EQ(1, r.status);
	EXPECT_TRUE(has(r.err, "no free block of 65536 gids")) TH_LOG("%s", r.err);
	run_free(&r);
	ct_path(&self->t, "b", "", dir, sizeof(dir));
	EXPECT_EQ(-1, access(dir, F_OK));
	id_file(&self->t, "idmap", path, sizeof(path));
	ASSERT_EQ(0, get_file(path, text, sizeof(text)));
	EXPECT_FALSE(has(text, "/b\n")) TH_LOG("%s", text);
}

TEST_F_TIMEOUT(rt, roots_new_range_avoids_other_users, 60)
{
	unsigned long uid, gid;
	char path[128], text[256];

	REQUIRE_ROOT();
	put_id_file(_metadata, &self->t, "subuid", "alice:1000000:65536");
	create_ok(_metadata, "a", &uid, &gid, &self->t);
	/* after alice's, on a 65536 boundary, LXD's count */
	EXPECT_EQ(17 * BLOCK, uid);
	EXPECT_EQ(1000000, gid);
	id_file(&self->t, "subuid", path, sizeof(path));
	ASSERT_EQ(0, get_file(path, text, sizeof(text)));
	EXPECT_STREQ("alice:1000000:65536\nroot:1114112:1000000000\n", text);
}

TEST_F_TIMEOUT(rt, id_files_others_may_write_are_refused, 60)
{
	char path[128], dir[128];
	struct run r;

	REQUIRE_ROOT();
	put_id_file(_metadata, &self->t, "subuid", "root:1000000:1000000000\n");
	id_file(&self->t, "subuid", path, sizeof(path));
	ASSERT_EQ(0, chmod(path, 0666));
	RLXC(&r, "create", "-n", self->t.name);
	EXPECT_EQ(1, r.status);
	EXPECT_TRUE(has(r.err, "only root may write it")) TH_LOG("%s", r.err);
	run_free(&r);
	ct_path(&self->t, self->t.name, "", dir, sizeof(dir));
	EXPECT_EQ(-1, access(dir, F_OK));
	/* and one owned by another user */
	ASSERT_EQ(0, chmod(path, 0644));
	ASSERT_EQ(0, chown(path, 65534, 0));
	RLXC(&r, "create", "-n", self->t.name);
	EXPECT_EQ(1, r.status);
	EXPECT_TRUE(has(r.err, "owner 65534")) TH_LOG("%s", r.err);
	run_free(&r);
}

/* On a filesystem that cannot be idmapped (ramfs, mounted on the store in
 * this test's own mount namespace), create shifts the rootfs by chown: its
 * files are the block's, and the container's root owns them inside. */
TEST_F_TIMEOUT(rt, a_rootfs_that_cannot_be_idmapped_is_chowned, 60)
{
	unsigned long uid, gid;
	char path[192];
	struct stat st;
	struct run r;

	REQUIRE_ROOT();
	REQUIRE_PROBE("ns.user");
	ASSERT_EQ(0, unshare(CLONE_NEWNS));
	ASSERT_EQ(0, mount("none", "/", "none", MS_REC | MS_PRIVATE, NULL));
	ASSERT_EQ(0, mount("rlxc-t-ramfs", self->t.store, "ramfs", 0, "mode=0711"));
	ASSERT_NE(0, rlxc_idmount_works(self->t.store)) TH_LOG("ramfs took an idmapped mount");
	create_ok(_metadata, self->t.name, &uid, &gid, &self->t);
	ct_path(&self->t, self->t.name, "rootfs/bin/busybox", path, sizeof(path));
	ASSERT_EQ(0, stat(path, &st));
	EXPECT_EQ(uid, st.st_uid);
	EXPECT_EQ(gid, st.st_gid);
	EXPECT_EQ(0755, st.st_mode & 07777);
	ct_path(&self->t, self->t.name, "rootfs/tmp", path, sizeof(path));
	ASSERT_EQ(0, stat(path, &st));
	EXPECT_EQ(uid, st.st_uid);
	EXPECT_EQ(01777, st.st_mode & 07777);
	OK(&r, "info", "-n", self->t.name);
	EXPECT_TRUE(has(r.out, "Rootfs ids:  shifted\n")) TH_LOG("%s", r.out);
	run_free(&r);
	OK(&r, "execute", "-n", self->t.name, "--", "/bin/sh", "-c",
	   "touch /root/made && stat -c '%u %g' /root/made /bin/busybox");
	EXPECT_STREQ("0 0\n0 0\n", r.out) TH_LOG("%s", r.err);
	run_free(&r);
	ct_path(&self->t, self->t.name, "rootfs/root/made", path, sizeof(path));
	ASSERT_EQ(0, stat(path, &st));
	EXPECT_EQ(uid, st.st_uid);
	OK(&r, "destroy", "-n", self->t.name);
	run_free(&r);
}

/* Where the store's filesystem can be idmapped, the rootfs stays the
 * host's root's on disk and each start maps it: its root owns it inside,
 * what it makes is 0's on disk, and only root and the container's group
 * reach STORE/NAME (mode 0710). */
TEST_F_TIMEOUT(rt, an_idmapped_rootfs_is_the_containers_inside, 60)
{
	unsigned long uid, gid;
	char path[192];
	struct stat st;
	struct run r;
	int ret;

	REQUIRE_ROOT();
	REQUIRE_PROBE("ns.user");
	if ((ret = rlxc_idmount_works(self->t.store)) < 0)
		SKIP(return, "%s cannot be idmapped: %s", self->t.store, strerror(-ret));
	create_ok(_metadata, self->t.name, &uid, &gid, &self->t);
	ct_path(&self->t, self->t.name, "rootfs/bin/busybox", path, sizeof(path));
	ASSERT_EQ(0, stat(path, &st));
	EXPECT_EQ(0, st.st_uid);
	ct_path(&self->t, self->t.name, "", path, sizeof(path));
	ASSERT_EQ(0, stat(path, &st));
	EXPECT_EQ(0, st.st_uid);
	EXPECT_EQ(gid, st.st_gid);
	EXPECT_EQ(0710, st.st_mode & 07777);
	OK(&r, "info", "-n", self->t.name);
	EXPECT_TRUE(has(r.out, "Rootfs ids:  idmapped\n")) TH_LOG("%s", r.out);
	run_free(&r);
	OK(&r, "execute", "-n", self->t.name, "--", "/bin/sh", "-c",
	   "touch /root/made && stat -c '%u %g' /root/made /bin/busybox");
	EXPECT_STREQ("0 0\n0 0\n", r.out) TH_LOG("%s", r.err);
	run_free(&r);
	ct_path(&self->t, self->t.name, "rootfs/root/made", path, sizeof(path));
	ASSERT_EQ(0, stat(path, &st));
	EXPECT_EQ(0, st.st_uid);
}

/* As nobody: nothing of an unprivileged container's directory is
 * reachable (a setuid file its root made would be 0's on disk). */
static int peek_as_nobody(void *arg)
{
	const char *const *paths = arg;

	if (setgroups(0, NULL) < 0 || setgid(65534) < 0 || setuid(65534) < 0)
		return child_fail("become nobody");
	for (; *paths; paths++)
		if (open(*paths, O_RDONLY | O_CLOEXEC) >= 0 || errno != EACCES)
			return child_fail("%s opened, or not EACCES", *paths);
	return 0;
}

TEST_F_TIMEOUT(rt, other_users_cannot_reach_its_files, 60)
{
	char rootfs[192], config[192], busybox[192];
	const char *paths[] = { rootfs, config, busybox, NULL };
	unsigned long uid, gid;

	REQUIRE_ROOT();
	create_ok(_metadata, self->t.name, &uid, &gid, &self->t);
	ct_path(&self->t, self->t.name, "rootfs", rootfs, sizeof(rootfs));
	ct_path(&self->t, self->t.name, "config", config, sizeof(config));
	ct_path(&self->t, self->t.name, "rootfs/bin/busybox", busybox, sizeof(busybox));
	EXPECT_EQ(0, run_child(peek_as_nobody, paths));
}

/* The container's root is not the host's: a host directory bound in
 * (lxc.mount.entry) is nobody's inside, and neither writable nor open to
 * new files; the host's kernel knobs stay shut. */
TEST_F_TIMEOUT(rt, its_root_cannot_write_the_hosts_files, 60)
{
	static const char script[] =
		"echo x 2>/dev/null >/mnt/f; echo write $?; touch /mnt/new 2>/dev/null; echo new "
		"$?; "
		"stat -c '%u' /mnt/f; "
		"cat /proc/sys/kernel/core_pattern 2>/dev/null >/proc/sys/kernel/core_pattern; "
		"echo core_pattern $?; echo h 2>/dev/null >/proc/sysrq-trigger; echo sysrq $?; "
		"mknod /tmp/k c 1 11 2>/dev/null; echo mknod $?";
	char host[160], file[192], conf[192], text[512];
	struct stat st;
	struct run r;

	REQUIRE_ROOT();
	REQUIRE_PROBE("ns.user");
	snprintf(host, sizeof(host), "%s/host", self->t.run);
	snprintf(file, sizeof(file), "%s/f", host);
	snprintf(conf, sizeof(conf), "%s/bind.conf", self->t.run);
	ASSERT_EQ(0, mkdir(host, 0755));
	ASSERT_EQ(0, put_file(file, "the host's\n"));
	ASSERT_EQ(0, chmod(file, 0644));
	snprintf(text, sizeof(text), "lxc.mount.entry = %s mnt none bind 0 0\n", host);
	ASSERT_EQ(0, put_file(conf, text));
	OK(&r, "create", "-n", self->t.name, "-f", conf, "-t", "busybox");
	run_free(&r);
	OK(&r, "execute", "-n", self->t.name, "--", "/bin/sh", "-c", script);
	EXPECT_STREQ("write 1\nnew 1\n65534\ncore_pattern 1\nsysrq 1\nmknod 1\n", r.out)
	TH_LOG("%s", r.err);
	run_free(&r);
	EXPECT_EQ(0, get_file(file, text, sizeof(text)));
	EXPECT_STREQ("the host's\n", text);
	snprintf(file, sizeof(file), "%s/new", host);
	EXPECT_NE(0, stat(file, &st));
}

/* The host's own root is never idmapped into a user namespace. */
TEST_F_TIMEOUT(rt, the_hosts_root_is_never_idmapped, 30)
{
	char conf[192];
	struct run r;

	REQUIRE_ROOT();
	snprintf(conf, sizeof(conf), "%s/host.conf", self->t.run);
	ASSERT_EQ(0, put_file(conf, "lxc.rootfs.path = /\nlxc.idmap = u 0 1000000 65536\n"
				    "lxc.idmap = g 0 1000000 65536\n"));
	RLXC(&r, "execute", "-n", self->t.name, "-f", conf, "--", "/bin/true");
	EXPECT_EQ(1, r.status);
	EXPECT_TRUE(has(r.err, "is the host's root")) TH_LOG("%s", r.err);
	run_free(&r);
}

/* A store the container's root cannot pass through is named, with what
 * to do, before anything is made. */
TEST_F_TIMEOUT(rt, a_closed_store_is_named, 30)
{
	char want[160];
	struct run r;

	REQUIRE_ROOT();
	create(_metadata, self->t.name);
	ASSERT_EQ(0, chmod(self->t.store, 0700));
	RLXC(&r, "execute", "-n", self->t.name, "--", "/bin/true");
	EXPECT_EQ(1, r.status);
	snprintf(want, sizeof(want), "cannot pass through %s (owner 0:0, mode 0700)",
		 self->t.store);
	EXPECT_TRUE(has(r.err, want)) TH_LOG("%s", r.err);
	run_free(&r);
	ASSERT_EQ(0, chmod(self->t.store, 0711));
}

/* Another user has no subordinate ids to give: their container's root is
 * themselves (lxc.idmap u 0 UID 1, g 0 GID 1), and no id file is read or
 * made. As root, the check runs as nobody in a store of nobody's. */
static int create_as_caller(void *arg)
{
	const struct test_store *t = arg;
	char store[] = "/tmp/rlxc-t-nobody-XXXXXX", config[96], text[4096], want[96];
	struct run r;
	int ret = 0;

	if (geteuid() == 0 && (setgroups(0, NULL) < 0 || setgid(65534) < 0 || setuid(65534) < 0))
		return child_fail("become nobody");
	if (access(rlxc_bin(), X_OK) < 0)
		return 77; /* this user cannot run the build's rlxc */
	if (!mkdtemp(store) || setenv("RLXC_PATH", store, 1) < 0)
		return child_fail("mkdtemp");
	RLXC(&r, "create", "-n", t->name);
	snprintf(config, sizeof(config), "%s/%s/config", store, t->name);
	snprintf(want, sizeof(want), "lxc.idmap = u 0 %d 1\nlxc.idmap = g 0 %d 1\n", (int)geteuid(),
		 (int)getegid());
	if (r.status || get_file(config, text, sizeof(text)) < 0 || !strstr(text, want))
		ret = child_fail("create: %d %s; config wants %s", r.status, r.err, want);
	run_free(&r);
	rm_tree(store);
	return ret;
}

TEST_F_TIMEOUT(rt, another_users_container_maps_their_own_ids, 30)
{
	char path[128];
	int status = run_child(create_as_caller, &self->t);

	if (status == 77)
		SKIP(return, "nobody cannot run %s", rlxc_bin());
	EXPECT_EQ(0, status);
	id_file(&self->t, "subuid", path, sizeof(path));
	EXPECT_EQ(-1, access(path, F_OK));
	id_file(&self->t, "idmap", path, sizeof(path));
	EXPECT_EQ(-1, access(path, F_OK));
}

/*
 * The chown shift (store/idshift.h) keeps what a chown loses: setuid and
 * setgid bits, a file capability (made a namespaced one whose root is the
 * block's first uid) and the users and groups named in ACLs; it moves
 * every owner, a symlink's too, once per file however many links it has,
 * and refuses an id that does not fit a block.
 */
#define CAP_V2 0x02000000U
#define CAP_V3 0x03000000U

struct caps_xattr {
	uint32_t magic;
	uint32_t perm0, inh0, perm1, inh1;
	uint32_t rootid;
};

struct acl_xattr {
	uint32_t version;
	struct {
		uint16_t tag, perm;
		uint32_t id;
	} e[5];
};

static void shift_tree(struct __test_metadata *_metadata, const char *dir, bool *acl)
{
	/* cap_net_raw (13) permitted and effective */
	struct caps_xattr cap = { .magic = CAP_V2 | 1, .perm0 = 1 << 13 };
	struct acl_xattr a = {
		2, { { 1, 6, -1 }, { 2, 4, 1000 }, { 4, 4, -1 }, { 0x10, 4, -1 }, { 0x20, 4, -1 } }
	};
	char path[256];

	ASSERT_EQ(0, mkdir(dir, 0755));
	ASSERT_EQ(0, chdir(dir));
	ASSERT_EQ(0, mkdir("d", 0755));
	ASSERT_EQ(0, chmod("d", 02775));
	ASSERT_EQ(0, put_file("d/suid", "x"));
	ASSERT_EQ(0, chmod("d/suid", 04755));
	ASSERT_EQ(0, link("d/suid", "hard"));
	ASSERT_EQ(0, put_file("cap", "x"));
	ASSERT_EQ(0, setxattr("cap", "security.capability", &cap, 20, 0)) TH_LOG("setcap");
	ASSERT_EQ(0, put_file("acl", "x"));
	*acl = setxattr("acl", "system.posix_acl_access", &a, sizeof(a), 0) == 0;
	ASSERT_EQ(0, put_file("other", "x"));
	ASSERT_EQ(0, chown("other", 5, 7));
	ASSERT_EQ(0, symlink("d/suid", "link"));
	ASSERT_EQ(0, mkfifo("fifo", 0600));
	snprintf(path, sizeof(path), "%s/..", dir);
	ASSERT_EQ(0, chdir(path));
}

TEST_F(rt, the_chown_shift_keeps_setuid_caps_and_acls)
{
	struct rlxc_error err = { 0 };
	struct caps_xattr cap = { 0 };
	struct acl_xattr a = { 0 };
	char dir[160];
	struct stat st;
	bool acl;

	REQUIRE_ROOT();
	snprintf(dir, sizeof(dir), "%s/tree", self->t.run);
	shift_tree(_metadata, dir, &acl);
	ASSERT_EQ(0, rlxc_idshift_tree(dir, 1000000, 2000000, &err)) TH_LOG("%s", err.msg);
	ASSERT_EQ(0, chdir(dir));
	ASSERT_EQ(0, lstat(".", &st));
	EXPECT_EQ(1000000, st.st_uid);
	EXPECT_EQ(2000000, st.st_gid);
	ASSERT_EQ(0, lstat("d", &st));
	EXPECT_EQ(02775, st.st_mode & 07777);
	ASSERT_EQ(0, lstat("d/suid", &st));
	EXPECT_EQ(1000000, st.st_uid); /* two links, shifted once */
	EXPECT_EQ(04755, st.st_mode & 07777);
	ASSERT_EQ(0, lstat("other", &st));
	EXPECT_EQ(1000005, st.st_uid);
	EXPECT_EQ(2000007, st.st_gid);
	ASSERT_EQ(0, lstat("link", &st));
	EXPECT_EQ(1000000, st.st_uid);
	ASSERT_EQ(0, lstat("fifo", &st));
	EXPECT_EQ(2000000, st.st_gid);
	ASSERT_EQ(24, getxattr("cap", "security.capability", &cap, sizeof(cap)));
	EXPECT_EQ(CAP_V3 | 1, cap.magic);
	EXPECT_EQ(1U << 13, cap.perm0);
	EXPECT_EQ(1000000, cap.rootid);
	if (acl) {
		ASSERT_EQ((ssize_t)sizeof(a),
			  getxattr("acl", "system.posix_acl_access", &a, sizeof(a)));
		EXPECT_EQ(1001000, a.e[1].id);
	}
	/* an id above the block cannot be shifted */
	ASSERT_EQ(0, mkdir("big", 0755));
	ASSERT_EQ(0, put_file("big/f", "x"));
	ASSERT_EQ(0, chown("big/f", 70000, 0));
	ASSERT_EQ(0, chdir("/"));
	snprintf(dir + strlen(dir), sizeof(dir) - strlen(dir), "/big");
	EXPECT_GT(0, rlxc_idshift_tree(dir, 3000000, 3000000, &err));
	EXPECT_TRUE(has(err.msg, "big/f: owner 70000:0 is not below 65536")) TH_LOG("%s", err.msg);
}

TEST_HARNESS_MAIN
