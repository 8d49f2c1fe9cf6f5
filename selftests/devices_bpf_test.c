// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * The device list on cgroup2 for real: the BPF_CGROUP_DEVICE program
 * rlxc attaches to a container's cgroup2 cgroup (cgroup_bpf.c). A child
 * born in that cgroup only (not in the v1 devices one of a hybrid host, so
 * that the program alone decides) makes nodes in a tmpfs of its own and
 * opens them: /dev/null's c 1:3 opens, the kernel log's c 1:11 and the loop
 * device b 7:0 do not; lxc.cgroup2.devices.allow adds a device and .deny
 * takes one away, lxc.cgroup.devices.* counts the same, "a" allows all, and
 * a bad rule fails naming its key and origin, leaving nothing. Root in the
 * cgroup cannot detach the program, replace it, or loosen it from below.
 * Where cgroup2 alone could enforce the list and the kernel has no
 * program (bpf(2) made to fail by seccomp, the v1 devices hierarchy
 * unmounted in a private mount namespace), the start fails closed. End to
 * end, a started container cannot read the kernel log through a node it
 * made, with the v1 controller opened wide and CAP_SYSLOG kept.
 *
 * Before this, the program was not there: every open worked, and the
 * lxc.cgroup2.devices.* keys failed as files cgroup2 does not have.
 */
#include "kselftest_harness.h"
#include "cgroup/cgroup.h"
#include "kernel/cgroupfs.h"
#include "kernel/syscalls.h"
#include "probe_skip.h"
#include "rt_cgroup_fixture.h"
#include "rlxc_run.h"
#include "rlxc_store.h"
#include "runtime_fixture.h"
#include "test_util.h"

#include <errno.h>
#include <fcntl.h>
#include <linux/bpf.h>
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <sched.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <sys/wait.h>
#include <unistd.h>

#define SETUP_FAILED 100 /* a child's own setup failed, not the open */

/* ---- what the host has ---- */

/* The probe tries what the runtime does: a device program attached with
 * BPF_F_ALLOW_MULTI, enforced on a child of its cgroup. */
#define REQUIRE_BPF_DEVICES()                                                                      \
	do {                                                                                       \
		REQUIRE_ROOT();                                                                    \
		REQUIRE_PROBE("cgroup.v2.devices");                                                \
	} while (0)

/* ---- a child in the container's cgroup2 cgroup only ---- */

/* In a tmpfs of a private mount namespace (nothing on the host, nodev
 * nowhere): mknod TYPE MAJOR:MINOR and open it; 0 or the errno. */
static int open_node(char type, int major, int minor, int flags)
{
	const char *node = "/tmp/rlxc-t-node";
	int fd;

	if (unshare(CLONE_NEWNS) < 0 || mount("none", "/", "none", MS_REC | MS_PRIVATE, NULL) < 0 ||
	    mount("rlxc", "/tmp", "tmpfs", 0, "mode=0700") < 0)
		return SETUP_FAILED;
	if (mknod(node, (type == 'b' ? S_IFBLK : S_IFCHR) | 0600, makedev(major, minor)) < 0)
		return errno;
	fd = open(node, flags | O_NONBLOCK | O_CLOEXEC);
	if (fd < 0)
		return errno;
	close(fd);
	return 0;
}

/* The cgroup2 cgroup of cg, to be born in (clone3) or moved into. */
static int v2_dir(struct rlxc_cgroup *cg)
{
	struct rlxc_error err;
	int fd;

	return rlxc_cgroup_v2_fd(cg, &fd, &err) < 0 ? -1 : fd;
}

/* fork into cgroup2's dir only: clone3 CLONE_INTO_CGROUP, or (valgrind,
 * no clone3) fork and move. 0 in the child, its pid, or -1. */
static pid_t fork_into(int dir)
{
	struct clone_args_v2 args = { .flags = CLONE_INTO_CGROUP,
				      .exit_signal = SIGCHLD,
				      .cgroup = (uint64_t)dir };
	pid_t pid;
	int procs;

	fflush(NULL);
	pid = sys_clone3(&args, sizeof(args));
	if (pid >= 0 || errno != ENOSYS)
		return pid;
	pid = fork();
	if (pid != 0)
		return pid;
	procs = openat(dir, "cgroup.procs", O_WRONLY | O_CLOEXEC);
	if (procs < 0 || write(procs, "0", 1) != 1)
		_exit(SETUP_FAILED);
	close(procs);
	return 0;
}

/* Run fn(dir, arg) in a child born in cg's cgroup2 cgroup: its exit code. */
static int in_cgroup(struct rlxc_cgroup *cg, int (*fn)(int dir, const void *arg), const void *arg)
{
	int dir = v2_dir(cg), st = 0;
	pid_t pid;

	if (dir < 0)
		return -1;
	pid = fork_into(dir);
	if (pid == 0) {
		prctl(PR_SET_PDEATHSIG, SIGKILL);
		_exit(fn(dir, arg));
	}
	close(dir);
	if (pid < 0 || waitpid(pid, &st, 0) != pid)
		return -1;
	return WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
}

struct node {
	char type;
	int major, minor, flags;
};

static int open_child(int dir, const void *arg)
{
	const struct node *n = arg;

	(void)dir;
	return open_node(n->type, n->major, n->minor, n->flags);
}

/* 0 when the child opened it, else its errno. */
static int try_open(struct rlxc_cgroup *cg, char type, int major, int minor, int flags)
{
	struct node n = { type, major, minor, flags };

	return in_cgroup(cg, open_child, &n);
}

/* The container's cgroups for a config of just these settings. */
static int make(struct track *t, const char *suffix, struct rlxc_cgroup_setting *s, size_t n,
		struct rlxc_cgroup **cg, struct rlxc_error *err)
{
	struct rlxc_config c;

	config_with(&c, s, n);
	return rlxc_cgroup_create(cg, track_name(t, suffix), &c, err);
}

#define ALLOW2(v)                                                                                  \
	{                                                                                          \
		2, "devices.allow", v, "t.conf:7"                                                  \
	}
#define DENY2(v)                                                                                   \
	{                                                                                          \
		2, "devices.deny", v, "t.conf:8"                                                   \
	}

/* ---- the list ---- */

TEST_F(cg, default_list_opens_null_not_kmsg_or_a_block_device)
{
	struct rlxc_cgroup *cg = NULL;
	struct rlxc_error err = { 0 };

	REQUIRE_BPF_DEVICES();
	ASSERT_EQ(0, make(&self->t, "def", NULL, 0, &cg, &err)) TH_LOG("%s", err.msg);
	EXPECT_EQ(0, try_open(cg, 'c', 1, 3, O_RDWR));	      /* null */
	EXPECT_EQ(0, try_open(cg, 'c', 1, 9, O_RDONLY));      /* urandom */
	EXPECT_EQ(EPERM, try_open(cg, 'c', 1, 11, O_RDONLY)); /* kmsg */
	EXPECT_EQ(EPERM, try_open(cg, 'b', 7, 0, O_RDONLY));  /* loop0 */
	EXPECT_EQ(0, rlxc_cgroup_destroy(cg, &err)) TH_LOG("%s", err.msg);
}

TEST_F(cg, allow_adds_a_device_with_only_its_access)
{
	struct rlxc_cgroup_setting s[] = { ALLOW2("c 1:11 r") };
	struct rlxc_cgroup *cg = NULL;
	struct rlxc_error err = { 0 };

	REQUIRE_BPF_DEVICES();
	ASSERT_EQ(0, make(&self->t, "add", s, 1, &cg, &err)) TH_LOG("%s", err.msg);
	EXPECT_EQ(0, try_open(cg, 'c', 1, 11, O_RDONLY));
	EXPECT_EQ(EPERM, try_open(cg, 'c', 1, 11, O_RDWR)); /* r, not w */
	EXPECT_EQ(0, try_open(cg, 'c', 1, 3, O_RDWR));
	EXPECT_EQ(0, rlxc_cgroup_destroy(cg, &err)) TH_LOG("%s", err.msg);
}

TEST_F(cg, deny_takes_a_device_away)
{
	struct rlxc_cgroup_setting s[] = { DENY2("c 1:3 rwm") };
	struct rlxc_cgroup *cg = NULL;
	struct rlxc_error err = { 0 };

	REQUIRE_BPF_DEVICES();
	ASSERT_EQ(0, make(&self->t, "take", s, 1, &cg, &err)) TH_LOG("%s", err.msg);
	EXPECT_EQ(EPERM, try_open(cg, 'c', 1, 3, O_RDWR));
	EXPECT_EQ(0, try_open(cg, 'c', 1, 5, O_RDWR)); /* zero is still there */
	EXPECT_EQ(0, rlxc_cgroup_destroy(cg, &err)) TH_LOG("%s", err.msg);
}

/* "a" starts over: allow all but what is denied after it; lxc.cgroup.* is
 * the same list as lxc.cgroup2.*. */
TEST_F(cg, all_then_a_deny_and_v1_keys_count_too)
{
	struct rlxc_cgroup_setting all[] = { ALLOW2("a"), DENY2("c 1:11 rwm") };
	struct rlxc_cgroup_setting v1[] = { { 1, "devices.allow", "c 1:11 r", "t.conf:3" } };
	struct rlxc_cgroup *cg = NULL;
	struct rlxc_error err = { 0 };

	REQUIRE_BPF_DEVICES();
	ASSERT_EQ(0, make(&self->t, "all", all, 2, &cg, &err)) TH_LOG("%s", err.msg);
	EXPECT_EQ(EPERM, try_open(cg, 'c', 1, 11, O_RDONLY));
	EXPECT_NE(EPERM, try_open(cg, 'b', 7, 0, O_RDONLY)); /* outside the default list */
	EXPECT_EQ(0, rlxc_cgroup_destroy(cg, &err)) TH_LOG("%s", err.msg);
	ASSERT_EQ(0, make(&self->t, "v1", v1, 1, &cg, &err)) TH_LOG("%s", err.msg);
	EXPECT_EQ(0, try_open(cg, 'c', 1, 11, O_RDONLY));
	EXPECT_EQ(0, rlxc_cgroup_destroy(cg, &err)) TH_LOG("%s", err.msg);
}

/* On a hybrid host the v1 controller gets the cgroup2 keys' rules too: one
 * list, enforced twice. */
TEST_F(cg, v1_controller_holds_the_same_list)
{
	struct rlxc_cgroup_setting s[] = { ALLOW2("c 1:11 r") };
	struct rlxc_cgroup *cg = NULL;
	struct rlxc_error err = { 0 };
	char mnt[PATH_MAX], list[4096];
	const char *name;

	REQUIRE_ROOT();
	if (cgfs_v1_mount("devices", mnt, sizeof(mnt)) < 0)
		SKIP(return, "no v1 devices hierarchy");
	ASSERT_EQ(0, make(&self->t, "v1l", s, 1, &cg, &err)) TH_LOG("%s", err.msg);
	name = self->t.names[self->t.nnames - 1];
	ASSERT_LT(0, find_named(name));
	for (int i = 0; i < found.n; i++)
		if (strstr(found.path[i], "/devices/")) {
			ASSERT_EQ(0, cgfs_read(found.path[i], "devices.list", list, sizeof(list)));
			EXPECT_NE(NULL, strstr(list, "c 1:11 r\n")) TH_LOG("%s", list);
			EXPECT_EQ(NULL, strstr(list, "a *:* rwm")) TH_LOG("%s", list);
		}
	EXPECT_EQ(0, rlxc_cgroup_destroy(cg, &err)) TH_LOG("%s", err.msg);
}

/* ---- bad rules: the key, its origin and why; nothing made ---- */

FIXTURE(bad)
{
	struct track t;
};

FIXTURE_VARIANT(bad)
{
	const char *key, *value, *why;
};

FIXTURE_VARIANT_ADD(bad, no_access){ "devices.allow", "c 1:3", "MAJOR:MINOR, a blank" };
FIXTURE_VARIANT_ADD(bad, bad_type){ "devices.allow", "x 1:3 r", "the type is a, b or c" };
FIXTURE_VARIANT_ADD(bad, bad_access){ "devices.deny", "c 1:3 rwx", "each at most once" };
FIXTURE_VARIANT_ADD(bad, twice){ "devices.allow", "c 1:3 rr", "each at most once" };
FIXTURE_VARIANT_ADD(bad, big_major){ "devices.allow", "c 5000:1 r", "at most 4095" };
FIXTURE_VARIANT_ADD(bad, all_but_less){ "devices.allow", "a 1:3 r", "'a' is every device" };
FIXTURE_VARIANT_ADD(bad, trailing){ "devices.allow", "c 1:3 r x", "nothing may follow" };
FIXTURE_VARIANT_ADD(bad, not_a_rule){ "devices.list", "a", "devices.allow or devices.deny" };
/* denying one pty leaves c 136:* rwm: taken and ignored, so refused */
FIXTURE_VARIANT_ADD(bad, ignored_deny){ "devices.deny", "c 136:5 rw", "would leave 'c 136:* rwm'" };

FIXTURE_SETUP(bad)
{
	track_init(&self->t);
}

#ifdef FIXTURE_TEARDOWN_PARENT
FIXTURE_TEARDOWN_PARENT(bad)
#else
FIXTURE_TEARDOWN(bad)
#endif
{
	track_cleanup(&self->t);
}

TEST_F(bad, rule_fails_naming_key_and_origin_and_leaves_nothing)
{
	struct rlxc_cgroup_setting s[] = { { 2, (char *)variant->key, (char *)variant->value,
					     "t.conf:9" } };
	struct rlxc_cgroup *cg = NULL;
	struct rlxc_error err = { 0 };
	char want[128];

	/* no root needed: the rules are read before anything is made */
	EXPECT_EQ(-EINVAL, make(&self->t, "bad", s, 1, &cg, &err));
	EXPECT_EQ(NULL, cg);
	snprintf(want, sizeof(want), "lxc.cgroup2.%s (t.conf:9): ", variant->key);
	EXPECT_EQ(0, strncmp(err.msg, want, strlen(want))) TH_LOG("%s", err.msg);
	EXPECT_NE(NULL, strstr(err.msg, variant->why)) TH_LOG("%s", err.msg);
	EXPECT_EQ(0, find_named(self->t.names[0]));
}

/* ---- root in the cgroup against the program ---- */

enum attack { DETACH, REPLACE, ADD_YES, OVERRIDE_BELOW };

/* An "allow every device" program of our own. */
static int yes_prog(void)
{
	struct bpf_insn yes[] = {
		{ .code = BPF_ALU64 | BPF_MOV | BPF_K, .dst_reg = 0, .imm = 1 },
		{ .code = BPF_JMP | BPF_EXIT },
	};
	union bpf_attr a;

	memset(&a, 0, sizeof(a));
	a.prog_type = BPF_PROG_TYPE_CGROUP_DEVICE;
	a.insns = (uintptr_t)yes;
	a.insn_cnt = 2;
	a.license = (uintptr_t) "GPL";
	return sys_bpf(BPF_PROG_LOAD, &a, sizeof(a));
}

static int bpf_on(int cgroup, int cmd, int prog, unsigned flags)
{
	union bpf_attr a;

	memset(&a, 0, sizeof(a));
	a.target_fd = (uint32_t)cgroup;
	a.attach_bpf_fd = prog < 0 ? 0 : (uint32_t)prog;
	a.attach_type = BPF_CGROUP_DEVICE;
	a.attach_flags = flags;
	return sys_bpf(cmd, &a, sizeof(a));
}

/* A cgroup below ours, with us in it. */
static int go_below(int cg)
{
	int sub, procs;

	if (mkdirat(cg, "sub", 0755) < 0 || (sub = openat(cg, "sub", O_RDONLY | O_DIRECTORY)) < 0)
		return -1;
	procs = openat(sub, "cgroup.procs", O_WRONLY);
	if (procs < 0 || write(procs, "0", 1) != 1)
		return -1;
	close(procs);
	return sub;
}

/* The attack, then the kernel log: EPERM from the open when the program
 * held. 50 + n: step n of the attack worked and must not have. */
static int attack_child(int dir, const void *arg)
{
	enum attack what = *(const enum attack *)arg;
	int cg = openat(dir, ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC), yes = yes_prog(), sub;

	if (cg < 0 || yes < 0)
		return SETUP_FAILED;
	if (what == DETACH && bpf_on(cg, BPF_PROG_DETACH, -1, 0) == 0)
		return 50; /* detached without naming it */
	if (what == REPLACE && bpf_on(cg, BPF_PROG_ATTACH, yes, 0) == 0)
		return 51; /* replaced by an attach without flags */
	if (what == REPLACE && bpf_on(cg, BPF_PROG_ATTACH, yes, BPF_F_ALLOW_OVERRIDE) == 0)
		return 52;
	if (what == ADD_YES && bpf_on(cg, BPF_PROG_ATTACH, yes, BPF_F_ALLOW_MULTI) < 0)
		return SETUP_FAILED + 1; /* allowed: it only runs beside ours */
	if (what == OVERRIDE_BELOW) {
		if ((sub = go_below(cg)) < 0)
			return SETUP_FAILED + 2;
		if (bpf_on(sub, BPF_PROG_ATTACH, yes, BPF_F_ALLOW_OVERRIDE) < 0)
			return SETUP_FAILED + 3; /* allowed: ours still runs after it */
	}
	return open_node('c', 1, 11, O_RDONLY);
}

TEST_F(cg, root_inside_cannot_detach_replace_or_loosen_it)
{
	static const enum attack attacks[] = { DETACH, REPLACE, ADD_YES, OVERRIDE_BELOW };
	static const char *const names[] = { "detach", "replace", "add a yes", "override below" };
	struct rlxc_cgroup *cg = NULL;
	struct rlxc_error err = { 0 };

	REQUIRE_BPF_DEVICES();
	ASSERT_EQ(0, make(&self->t, "atk", NULL, 0, &cg, &err)) TH_LOG("%s", err.msg);
	for (size_t i = 0; i < sizeof(attacks) / sizeof(attacks[0]); i++) {
		EXPECT_EQ(EPERM, in_cgroup(cg, attack_child, &attacks[i])) TH_LOG("%s", names[i]);
	}
	EXPECT_EQ(0, rlxc_cgroup_destroy(cg, &err)) TH_LOG("%s", err.msg);
}

/* ---- no program: fail closed where cgroup2 alone controls devices ---- */

/* bpf(2) fails with ENOSYS from here on, as on a kernel without it. */
static int no_bpf(void)
{
	struct sock_filter code[] = {
		BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, nr)),
		BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, __NR_bpf, 0, 1),
		BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ERRNO | ENOSYS),
		BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW),
	};
	struct sock_fprog prog = { .len = sizeof(code) / sizeof(code[0]), .filter = code };

	if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) < 0 ||
	    prctl(PR_SET_SECCOMP, SECCOMP_MODE_FILTER, &prog, 0, 0) < 0)
		return -1;
	return 0;
}

/* Hide the v1 devices hierarchy: a private mount namespace without it. */
static int hide_v1_devices(void)
{
	char mnt[PATH_MAX];

	if (unshare(CLONE_NEWNS) < 0 || mount("none", "/", "none", MS_REC | MS_PRIVATE, NULL) < 0)
		return -1;
	while (cgfs_v1_mount("devices", mnt, sizeof(mnt)) == 0)
		if (umount2(mnt, MNT_DETACH) < 0)
			return -1;
	return 0;
}

/* In a child without bpf(2) (and, when hide, without the v1 devices
 * hierarchy): create with s; 0 when that worked (then destroyed), 1 when
 * it failed saying want, 2 otherwise (on stderr). */
static int create_without_bpf(const char *name, bool hide, struct rlxc_cgroup_setting *s, size_t n,
			      const char *want)
{
	struct rlxc_cgroup *cg = NULL;
	struct rlxc_error err = { 0 };
	struct rlxc_config c;
	pid_t pid;
	int st = 0;

	fflush(NULL);
	pid = fork();
	if (pid == 0) {
		if ((hide && hide_v1_devices() < 0) || no_bpf() < 0)
			_exit(SETUP_FAILED);
		config_with(&c, s, n);
		if (rlxc_cgroup_create(&cg, name, &c, &err) == 0)
			_exit(rlxc_cgroup_destroy(cg, &err) == 0 ? 0 : 2);
		fprintf(stderr, "create: %s\n", err.msg);
		_exit(want && strstr(err.msg, want) ? 1 : 2);
	}
	return pid < 0 || waitpid(pid, &st, 0) != pid ? -1 : WEXITSTATUS(st);
}

TEST_F(cg, without_the_program_only_cgroup2_fails_closed)
{
	static const char want[] = "devices: only cgroup2 can control them here, and the "
				   "kernel has no bpf(2)";
	struct rlxc_cgroup_setting all[] = { ALLOW2("a") };
	char mnt[PATH_MAX];
	bool v1 = cgfs_v1_mount("devices", mnt, sizeof(mnt)) == 0;

	REQUIRE_BPF_DEVICES();
	EXPECT_EQ(1, create_without_bpf(track_name(&self->t, "v2"), true, NULL, 0, want));
	EXPECT_EQ(0, find_named(self->t.names[0]));
	/* a list that allows all needs no program */
	EXPECT_EQ(0, create_without_bpf(track_name(&self->t, "all"), true, all, 1, NULL));
	/* on a hybrid host the v1 controller enforces the list: no program is fine */
	if (v1)
		EXPECT_EQ(0, create_without_bpf(track_name(&self->t, "hy"), false, NULL, 0, NULL));
}

/* ---- end to end ---- */

/* Open the container's v1 devices cgroup wide, so that only cgroup2's
 * program stands between it and a device (a hybrid host; 0 elsewhere). */
static int open_v1_devices(const struct test_store *t)
{
	char file[PATH_MAX], text[4096], *line, *save = NULL;
	int ret = 0;

	snprintf(file, sizeof(file), "%s/%s/cgroup", t->run, t->name);
	if (get_file(file, text, sizeof(text)) < 0)
		return -1;
	for (line = strtok_r(text, "\n", &save); line; line = strtok_r(NULL, "\n", &save))
		if (strncmp(line, "1 devices ", 10) == 0)
			ret = cgfs_write(line + 10, "devices.allow", "a");
	return ret;
}

/* The kernel log through a node the container made: refused by the
 * program, though caps (CAP_SYSLOG kept) and v1 (opened) would let it. */
TEST_F_TIMEOUT(rt, started_container_cannot_read_kmsg_through_cgroup2, 90)
{
	static const char kmsg[] = "mknod /tmp/k c 1 11 && head -c1 /tmp/k";
	char conf[128];
	struct run r;

	REQUIRE_BPF_DEVICES();
	snprintf(conf, sizeof(conf), "%s/keep.conf", self->t.run);
	ASSERT_EQ(0, put_file(conf, "lxc.cap.keep = mknod syslog\n"));
	OK(&r, "create", "-n", self->t.name, "-t", "busybox", "-f", conf);
	run_free(&r);
	OK(&r, "start", "-n", self->t.name);
	run_free(&r);
	ASSERT_EQ(0, open_v1_devices(&self->t));
	RLXC(&r, "attach", "-n", self->t.name, "--", "/bin/sh", "-c", kmsg);
	EXPECT_NE(0, r.status) TH_LOG("read the kernel log: %s", r.out);
	EXPECT_TRUE(has(r.err, "Operation not permitted")) TH_LOG("%s", r.err);
	run_free(&r);
	RLXC(&r, "attach", "-n", self->t.name, "--", "/bin/sh", "-c",
	     "echo x >/dev/null && echo ok");
	EXPECT_STREQ("ok\n", r.out) TH_LOG("%s", r.err);
	run_free(&r);
	OK(&r, "stop", "-n", self->t.name);
	run_free(&r);
}

/* The same read once lxc.cgroup2.devices.allow lets it: the refusal above
 * was the device list's. */
TEST_F_TIMEOUT(rt, cgroup2_allow_lets_the_container_read_it, 60)
{
	char conf[128];
	struct run r;

	REQUIRE_BPF_DEVICES();
	/* privileged: an unprivileged container's root may make no node at all */
	OK(&r, "create", "-n", self->t.name, "--privileged");
	run_free(&r);
	snprintf(conf, sizeof(conf), "%s/kmsg.conf", self->t.run);
	ASSERT_EQ(0, put_file(conf, "lxc.cgroup2.devices.allow = c 1:11 r\n"
				    "lxc.cap.keep = mknod syslog\n"));
	RLXC(&r, "execute", "-n", self->t.name, "-f", conf, "--", "/bin/sh", "-c",
	     "mknod /tmp/k c 1 11 && head -c1 /tmp/k >/dev/null && echo read");
	EXPECT_STREQ("read\n", r.out) TH_LOG("status %d: %s", r.status, r.err);
	run_free(&r);
}

TEST_HARNESS_MAIN
