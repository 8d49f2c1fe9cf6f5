// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * The container's seccomp filter (seccomp/seccomp.h): the profile reader
 * names FILE:LINE and what is wrong for each kind of bad line and builds
 * the profiles of fixtures/seccomp/; the default policy and profiles,
 * installed in a forked child with no_new_privs, do what they say, for
 * 64-bit calls and for the 32-bit ones of the same process (int $0x80 on
 * x86_64), which must not go around them.
 *
 * A call is made twice, in a child with the filter and in one without, so
 * that a check shows the filter's doing: where the kernel gives the same
 * answer unfiltered (EPERM, for a caller without the capability), the
 * test says so in its log.
 */
#include "kselftest_harness.h"
#include "rlxc_paths.h"
#include "seccomp/seccomp.h"
#include "test_util.h"

#include <errno.h>
#include <fcntl.h>
#include <linux/capability.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mount.h>
#include <sys/personality.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#ifndef CAP_PERFMON
#define CAP_PERFMON 38
#endif
#ifndef CAP_BPF
#define CAP_BPF 39
#endif

/* valgrind runs a program's calls itself: it answers ENOSYS to those it
 * does not know (kexec_load, seccomp) without asking the kernel, and
 * under a filter its own calls are judged too. The tests of what a filter
 * does skip there; those of the reader and the builder run. Under
 * valgrind: make check-valgrind says so, or valgrind's preloaded core is
 * in LD_PRELOAD (a plain `valgrind seccomp_test`). */
static bool under_valgrind(void)
{
	const char *preload = getenv("LD_PRELOAD");

	return getenv("RLXC_VALGRIND") || (preload && strstr(preload, "/vgpreload_"));
}

#define NO_VALGRIND()                                                                              \
	do {                                                                                       \
		if (under_valgrind())                                                              \
			SKIP(return, "valgrind answers these calls itself, filter or none");       \
	} while (0)

/* A child's result: 0 when the call succeeded, its errno, or KILLED + the
 * signal that killed it. */
#define KILLED	   1000
#define NO_INSTALL 255

struct call {
	const char *name;
	long (*fn)(void);
};

struct in_child {
	const struct rlxc_seccomp *f; /* NULL: unfiltered */
	long (*fn)(void);
};

static int child_call(void *arg)
{
	const struct in_child *c = arg;
	struct rlimit no_core = { 0, 0 };
	struct rlxc_error err;

	/* A call the filter kills dumps no core into the test's directory. */
	setrlimit(RLIMIT_CORE, &no_core);
	if (c->f &&
	    (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) < 0 || rlxc_seccomp_install(c->f, &err) < 0))
		return NO_INSTALL;
	errno = 0;
	/* The raw exit_group, which the allowlists allow. Under ASan, libc's
	 * _exit and exit run LeakSanitizer's check, which needs clone and
	 * ptrace: under allowlist.seccomp (ENOSYS to both) it fails, and
	 * the child exits with the sanitizer's status (99) instead. */
	syscall(SYS_exit_group, c->fn() < 0 ? (errno & 0xff) : 0);
	return NO_INSTALL;
}

/* fn's result in a forked child, under f (NULL: none). */
static int result_of(const struct rlxc_seccomp *f, long (*fn)(void))
{
	struct in_child c = { .f = f, .fn = fn };
	int st = run_child(child_call, &c);

	return st >= 128 && st != NO_INSTALL ? KILLED + st - 128 : st;
}

/* In one of two static buffers: a message names two results. */
static const char *result_name(int r)
{
	static char bufs[2][64];
	static int next;
	char *buf = bufs[next++ % 2];

	if (r >= KILLED)
		snprintf(buf, sizeof(bufs[0]), "killed by %s", strsignal(r - KILLED));
	else
		snprintf(buf, sizeof(bufs[0]), "%s", r ? strerror(r) : "success");
	return buf;
}

/* Expect want from fn under f; log when the kernel refuses the same way
 * without f, where the check cannot tell the filter's work. what names
 * the call in the log. */
#define EXPECT_CALL_AS(f, want, fn, what)                                                          \
	do {                                                                                       \
		int _got = result_of(f, fn), _bare = result_of(NULL, fn);                          \
		EXPECT_EQ(want, _got)                                                              \
		TH_LOG("%s: %s under the filter, %s without", what, result_name(_got),             \
		       result_name(_bare));                                                        \
		if ((want) && _bare == (want))                                                     \
			TH_LOG("%s: the kernel says %s without the filter too", what,              \
			       result_name(_bare));                                                \
	} while (0)
#define EXPECT_CALL(f, want, fn) EXPECT_CALL_AS(f, want, fn, #fn)

static int build(const char *profile, uint64_t caps, struct rlxc_seccomp *f, struct rlxc_error *err)
{
	struct rlxc_seccomp_spec spec = { .profile = profile, .caps = caps };

	memset(err, 0, sizeof(*err));
	return rlxc_seccomp_build(&spec, f, err);
}

/* --- the calls --- */

static long c_getpid(void)
{
	return syscall(SYS_getpid);
}
static long c_getppid(void)
{
	return syscall(SYS_getppid);
}
/* An unknown flag (0x80): without the filter the kernel refuses it
 * (EINVAL, or EPERM without CAP_SYS_BOOT) where no segments would unload
 * the host's kexec kernel. */
static long c_kexec_load(void)
{
	return syscall(SYS_kexec_load, 0, 0, NULL, 0x80);
}
static long c_keyctl(void)
{
	return syscall(SYS_keyctl, 0, 0, 0);
}
static long c_umount(void)
{
	return umount2("/rlxc-no-such-mount", 0);
}
static long c_bpf(void)
{
	return syscall(SYS_bpf, -1, NULL, 0);
}
static long c_perf_event_open(void)
{
	return syscall(SYS_perf_event_open, NULL, 0, -1, -1, 0);
}
static long c_dup_1000(void)
{
	return syscall(SYS_dup, 1000);
}
static long c_dup_0(void)
{
	return syscall(SYS_dup, 0);
}
static long c_tiocsti(void)
{
	char c = 'x';

	return ioctl(0, TIOCSTI, &c);
}
static long c_syncfs(void)
{
	return syscall(SYS_syncfs, -1);
}
static long c_fdatasync_1000(void)
{
	return syscall(SYS_fdatasync, 1000);
}
static long c_getpgid(void)
{
	return syscall(SYS_getpgid, 0);
}
static long c_getpgrp(void)
{
	return syscall(SYS_getpgrp);
}
static long c_socket_unix(void)
{
	return syscall(SYS_socket, AF_UNIX, SOCK_DGRAM, 0);
}
static long c_socket_inet(void)
{
	return syscall(SYS_socket, AF_INET, SOCK_DGRAM, 0);
}
static long c_personality_query(void)
{
	return syscall(SYS_personality, 0xffffffff);
}
static long c_personality_set(void)
{
	return syscall(SYS_personality, PER_LINUX);
}

/* --- the default policy --- */

/* Each call the default policy denies a container without capabilities,
 * by its native number and, on x86_64, its i386 and x32 ones (0: none
 * there), with arguments the kernel refuses (or takes without effect)
 * when the call is let through, and what the filter answers. */
struct denied {
	const char *name;
	long nr, i386, x32, a[4];
	int want;
};

#ifdef __x86_64__
#define ON32(i386, x32) i386, (x32) ? 0x40000000 | (x32) : 0
#else
#define ON32(i386, x32) 0, 0
#endif

static const struct denied denied[] = {
	{ "kexec_load", SYS_kexec_load, ON32(283, 528), { 0, 0, 0, 0x80 }, EPERM },
	{ "kexec_file_load", SYS_kexec_file_load, ON32(0, 320), { -1, -1, 0, 0 }, EPERM },
	{ "init_module", SYS_init_module, ON32(128, 175), { 0 }, EPERM },
	{ "finit_module", SYS_finit_module, ON32(350, 313), { -1 }, EPERM },
	{ "delete_module", SYS_delete_module, ON32(129, 176), { 0 }, EPERM },
	{ "open_by_handle_at", SYS_open_by_handle_at, ON32(342, 304), { -1 }, EPERM },
	{ "keyctl", SYS_keyctl, ON32(288, 250), { 0 }, ENOSYS },
	{ "add_key", SYS_add_key, ON32(286, 248), { 0 }, ENOSYS },
	{ "request_key", SYS_request_key, ON32(287, 249), { 0 }, ENOSYS },
	{ "umount2 MNT_FORCE", SYS_umount2, ON32(52, 166), { 0, MNT_FORCE }, EACCES },
	{ "bpf", SYS_bpf, ON32(357, 321), { -1 }, EPERM },
	{ "perf_event_open", SYS_perf_event_open, ON32(336, 298), { 0, 0, -1, -1 }, EPERM },
#ifdef SYS_uselib
	{ "uselib", SYS_uselib, ON32(86, 0), { 0 }, EPERM },
#endif
	{ "userfaultfd", SYS_userfaultfd, ON32(374, 323), { -1 }, EPERM },
	{ "syslog", SYS_syslog, ON32(103, 103), { 10 /* the buffer's size */ }, EPERM },
#ifdef SYS_iopl
	{ "iopl", SYS_iopl, ON32(110, 172), { 4 }, EPERM },
	{ "ioperm", SYS_ioperm, ON32(101, 173), { 0 }, EPERM },
#endif
	{ "swapon", SYS_swapon, ON32(87, 167), { 0 }, EPERM },
	{ "swapoff", SYS_swapoff, ON32(115, 168), { 0 }, EPERM },
	{ "settimeofday", SYS_settimeofday, ON32(79, 164), { 0 }, EPERM },
	{ "clock_settime", SYS_clock_settime, ON32(264, 227), { -1 }, EPERM },
#ifdef __x86_64__
	{ "clock_settime64", 0, 404, 0, { -1 }, EPERM },
	{ "stime", 0, 25, 0, { 0 }, EPERM },
#endif
};

/* The call the next child makes (a child is forked for each). */
static const struct denied *now;

static long c_64(void)
{
	return syscall(now->nr, now->a[0], now->a[1], now->a[2], now->a[3]);
}

TEST(default_policy_denies_what_only_the_host_may_do)
{
	struct rlxc_seccomp f;
	struct rlxc_error err;

	NO_VALGRIND();
	ASSERT_EQ(0, build(NULL, 0, &f, &err)) TH_LOG("%s", err.msg);
	ASSERT_LT(0, f.len);
	for (now = denied; now < denied + sizeof(denied) / sizeof(denied[0]); now++) {
		if (now->nr)
			EXPECT_CALL_AS(&f, now->want, c_64, now->name);
	}
	EXPECT_CALL(&f, 0, c_getpid);
	/* Only a forced umount: a plain one meets the kernel as before. */
	EXPECT_EQ(result_of(NULL, c_umount), result_of(&f, c_umount));
	rlxc_seccomp_free(&f);
}

TEST(default_policy_is_shorter_for_a_container_that_keeps_the_capabilities)
{
	struct rlxc_seccomp none, all;
	struct rlxc_error err;

	ASSERT_EQ(0, build(NULL, 0, &none, &err)) TH_LOG("%s", err.msg);
	ASSERT_EQ(0, build(NULL, ~0ULL, &all, &err)) TH_LOG("%s", err.msg);
	EXPECT_LT(0, all.len);
	EXPECT_LT(all.len, none.len);
	rlxc_seccomp_free(&none);
	rlxc_seccomp_free(&all);
}

/* Keeping CAP_SYS_ADMIN (or CAP_BPF, CAP_PERFMON) leaves bpf and
 * perf_event_open to the kernel; the rest is denied still. */
TEST(default_policy_leaves_bpf_to_a_container_with_the_capability)
{
	uint64_t caps = (1ULL << CAP_BPF) | (1ULL << CAP_PERFMON);
	struct rlxc_seccomp f;
	struct rlxc_error err;

	NO_VALGRIND();
	if (geteuid() != 0)
		SKIP(return, "needs root: the kernel says EPERM to bpf without the filter too");
	ASSERT_EQ(0, build(NULL, caps, &f, &err)) TH_LOG("%s", err.msg);
	EXPECT_EQ(result_of(NULL, c_bpf), result_of(&f, c_bpf));
	EXPECT_NE(EPERM, result_of(&f, c_bpf));
	EXPECT_EQ(result_of(NULL, c_perf_event_open), result_of(&f, c_perf_event_open));
	EXPECT_CALL(&f, EPERM, c_kexec_load);
	rlxc_seccomp_free(&f);
}

#ifdef __x86_64__
/* A call through the i386 ABI of this 64-bit process: -errno or the
 * result, as the kernel returns it in eax. */
static long int80(long nr, const long a[4])
{
	long ret;

	asm volatile("int $0x80"
		     : "=a"(ret)
		     : "a"(nr), "b"(a[0]), "c"(a[1]), "d"(a[2]), "S"(a[3])
		     : "memory");
	return ret;
}

static long c32_getpid(void)
{
	static const long none[4];

	return int80(20, none) == getpid() ? 0 : -1;
}

static long c_i386(void)
{
	long r = int80(now->i386, now->a);

	errno = r < 0 ? (int)-r : 0;
	return r < 0 ? -1 : 0;
}

/* An x32 call is seen by the filter before the kernel looks whether it
 * runs x32 calls at all (Debian's refuse them, ENOSYS, unless booted with
 * syscall.x32=y): the filter's answer is the same either way. */
static long c_x32(void)
{
	return syscall(now->x32, now->a[0], now->a[1], now->a[2], now->a[3]);
}

TEST(default_policy_holds_for_32_bit_calls)
{
	struct rlxc_seccomp f;
	struct rlxc_error err;
	bool i386;

	NO_VALGRIND();
	i386 = result_of(NULL, c32_getpid) == 0;
	ASSERT_EQ(0, build(NULL, 0, &f, &err)) TH_LOG("%s", err.msg);
	for (now = denied; now < denied + sizeof(denied) / sizeof(denied[0]); now++) {
		if (now->x32) {
			EXPECT_EQ(now->want, result_of(&f, c_x32)) TH_LOG("x32 %s", now->name);
		}
		if (i386 && now->i386) {
			EXPECT_EQ(now->want, result_of(&f, c_i386)) TH_LOG("i386 %s", now->name);
		}
	}
	if (i386)
		EXPECT_CALL(&f, 0, c32_getpid);
	rlxc_seccomp_free(&f);
	if (!i386)
		SKIP(return, "this kernel runs no i386 calls (no IA32 emulation): x32 ones only");
}
#endif

/* --- profiles --- */

static const char *const good[] = {
	"seccomp/common.seccomp",    "seccomp/denylist-errno.seccomp",
	"seccomp/allowlist.seccomp", "seccomp/v1.seccomp",
	"seccomp/arches.seccomp",    "seccomp/docker-allowlist.seccomp",
};

TEST(good_profiles_build)
{
	for (size_t i = 0; i < sizeof(good) / sizeof(good[0]); i++) {
		struct rlxc_seccomp f;
		struct rlxc_error err;

		EXPECT_EQ(0, build(rlxc_fixture(good[i]), 0, &f, &err))
		TH_LOG("%s: %s", good[i], err.msg);
		EXPECT_LT(0, f.len);
		rlxc_seccomp_free(&f);
	}
}

TEST(denylist_profile_denies_what_it_names_only)
{
	struct rlxc_seccomp f;
	struct rlxc_error err;

	NO_VALGRIND();
	ASSERT_EQ(0, build(rlxc_fixture("seccomp/denylist-errno.seccomp"), 0, &f, &err))
	TH_LOG("%s", err.msg);
	EXPECT_CALL(&f, EXDEV, c_getppid);
	EXPECT_CALL(&f, EINVAL, c_dup_1000);
	EXPECT_CALL(&f, 0, c_dup_0);
	EXPECT_CALL(&f, EPERM, c_tiocsti);
	EXPECT_CALL(&f, KILLED + SIGSYS, c_syncfs);
	EXPECT_CALL(&f, KILLED + SIGSYS, c_fdatasync_1000);
#ifdef __x86_64__
	EXPECT_CALL(&f, 0, c_getpgid); /* an [arm64] rule */
#endif
	EXPECT_EQ(result_of(NULL, c_kexec_load), result_of(&f, c_kexec_load));
	rlxc_seccomp_free(&f);
}

TEST(allowlist_profile_fails_the_rest_with_its_default_action)
{
	struct rlxc_seccomp f;
	struct rlxc_error err;

	NO_VALGRIND();
	ASSERT_EQ(0, build(rlxc_fixture("seccomp/allowlist.seccomp"), 0, &f, &err))
	TH_LOG("%s", err.msg);
	EXPECT_CALL(&f, 0, c_getpid);
	EXPECT_CALL(&f, ENOSYS, c_getppid);
	EXPECT_CALL(&f, ENOSYS, c_dup_0);
	rlxc_seccomp_free(&f);
}

/* A big real profile, Docker's default allowlist (352 names, some only
 * on other architectures, and conditions on socket, personality and
 * clone), builds and does what it says. */
TEST(docker_default_profile_allows_its_list_only)
{
	struct rlxc_seccomp f;
	struct rlxc_error err;

	NO_VALGRIND();
	ASSERT_EQ(0, build(rlxc_fixture("seccomp/docker-allowlist.seccomp"), 0, &f, &err))
	TH_LOG("%s", err.msg);
	EXPECT_CALL(&f, 0, c_getppid);
	EXPECT_CALL(&f, 0, c_dup_0);
	EXPECT_CALL(&f, 0, c_socket_unix);
	EXPECT_CALL(&f, 0, c_personality_query);
	EXPECT_CALL(&f, EPERM, c_kexec_load);
	EXPECT_CALL(&f, EPERM, c_keyctl);
	EXPECT_CALL(&f, EPERM, c_umount);
	rlxc_seccomp_free(&f);
}

#ifdef __x86_64__
TEST(v1_profile_kills_what_it_does_not_allow)
{
	struct rlxc_seccomp f;
	struct rlxc_error err;

	NO_VALGRIND();
	ASSERT_EQ(0, build(rlxc_fixture("seccomp/v1.seccomp"), 0, &f, &err)) TH_LOG("%s", err.msg);
	EXPECT_CALL(&f, KILLED + SIGSYS, c_getpid);
	rlxc_seccomp_free(&f);
}

TEST(section_rules_hold_on_their_architecture_only)
{
	struct rlxc_seccomp f;
	struct rlxc_error err;

	NO_VALGRIND();
	ASSERT_EQ(0, build(rlxc_fixture("seccomp/arches.seccomp"), 0, &f, &err))
	TH_LOG("%s", err.msg);
	EXPECT_CALL(&f, ENOTDIR, c_getppid);
	EXPECT_CALL(&f, EINVAL, c_socket_unix);
	EXPECT_EQ(result_of(NULL, c_socket_inet), result_of(&f, c_socket_inet));
	EXPECT_CALL(&f, 0, c_personality_query);
	EXPECT_CALL(&f, ENFILE, c_personality_set);
	EXPECT_CALL(&f, 0, c_getpgrp); /* an [x32] rule */
	rlxc_seccomp_free(&f);
}
#endif

/* --- bad profiles: FILE:LINE: what is wrong: 'the line' --- */

/* A scratch directory in dir[64] and the path of a profile there in
 * path[96], for a fixture. */
static void scratch_new(struct __test_metadata *_metadata, char *dir, char *path)
{
	strcpy(dir, "/tmp/rlxc-t-XXXXXX");
	ASSERT_NE(NULL, mkdtemp(dir));
	snprintf(path, 96, "%s/profile", dir);
}

static void scratch_remove(const char *dir)
{
	if (dir[0] == '/')
		rm_tree(dir);
}

/* A build of path refused: ret, and err naming path:line and what. */
static void expect_refused(struct __test_metadata *_metadata, const char *path, unsigned line,
			   const char *what, int ret, const struct rlxc_error *err)
{
	char where[160];

	EXPECT_EQ(-EINVAL, ret);
	snprintf(where, sizeof(where), "%s:%u: ", path, line);
	EXPECT_EQ(0, strncmp(err->msg, where, strlen(where)))
	TH_LOG("want '%s...', got '%s'", where, err->msg);
	EXPECT_NE(NULL, strstr(err->msg, what)) TH_LOG("want '%s' in '%s'", what, err->msg);
}

FIXTURE(bad)
{
	char dir[64], path[96];
};

FIXTURE_VARIANT(bad)
{
	const char *text;
	size_t len; /* 0: strlen(text) */
	unsigned line;
	const char *what;
};

FIXTURE_SETUP(bad)
{
	scratch_new(_metadata, self->dir, self->path);
}

FIXTURE_TEARDOWN(bad)
{
	scratch_remove(self->dir);
}

#define BAD(id, txt, ln, msg)                                                                      \
	FIXTURE_VARIANT_ADD(bad, id)                                                               \
	{                                                                                          \
		.text = txt, .line = ln, .what = msg                                               \
	}

BAD(empty, "", 1, "the first line is the format version, 1 or 2");
BAD(version, "3\nallowlist\n", 1, "the first line is the format version, 1 or 2");
BAD(no_kind, "2\n", 2, "no second line");
BAD(kind, "2\ngraylist\n", 2, "the second line is allowlist or denylist");
BAD(default_action, "2\ndenylist kil\n", 2, "unknown action 'kil'");
BAD(unknown_syscall, "2\ndenylist\n# a comment\n\nopen_bye_handle_at errno 1\n", 5,
    "unknown syscall 'open_bye_handle_at'");
BAD(errno_range, "2\ndenylist\nread errno 4096\n", 3, "errno takes a number from 0 to 4095");
BAD(errno_missing, "2\ndenylist\nread errno\n", 3, "errno takes a number");
BAD(notify, "2\ndenylist\nread notify\n", 3, "notify action needs a seccomp notifier");
BAD(action, "2\ndenylist\nread deny\n", 3, "unknown action 'deny'");
BAD(section, "2\ndenylist\nread\n[sparc64]\nwrite\n", 4, "unknown architecture section");
BAD(section_open, "2\ndenylist\n[x86_64\n", 3, "a section is [architecture]");
BAD(arg_index, "2\ndenylist\nread errno 1 [6,1,SCMP_CMP_EQ]\n", 3, "argument index '6'");
BAD(arg_value, "2\ndenylist\nread errno 1 [0,-1,==]\n", 3, "value '-1'");
BAD(operator, "2\ndenylist\nread errno 1 [0,1,=~]\n", 3, "unknown operator '=~'");
BAD(no_mask, "2\ndenylist\nread errno 1 [0,1,SCMP_CMP_MASKED_EQ]\n", 3, "needs a mask");
/* libseccomp would drop the bits, or the condition, and match more. */
BAD(mask_zero, "2\ndenylist\nread errno 1 [0,1,&=,0]\n", 3, "mask 0 leaves nothing");
BAD(mask_bits, "2\ndenylist\nread errno 1 [0,0x5409,&=,0xfbff]\n", 3,
    "value 0x5409 has bits outside mask 0xfbff");
/* libseccomp would compare the low half on x86 and x32. */
BAD(wide, "2\ndenylist\nread errno 1 [0,0x100000005,==]\n", 3,
    "0x100000005 is wider than the 32 bits");
BAD(stray_mask, "2\ndenylist\nread errno 1 [0,1,==,4]\n", 3, "a mask goes with");
BAD(unclosed, "2\ndenylist\nread errno 1 [0,1,==\n", 3, "a condition is [index,value,op]");
BAD(twice, "2\ndenylist\nread errno 1 [0,1,==][0,2,!=]\n", 3, "argument 0 has two conditions");
BAD(trailing, "2\ndenylist\nread errno 1 [0,1,==] please\n", 3, "unexpected 'please'");
BAD(contradiction, "2\ndenylist\nread errno 1\n[x86_64]\nread errno 2\n", 5,
    "'read' has a rule for every call already, at line 3");
BAD(override, "2\ndenylist\nioctl errno 1 [1,0x5412,==]\nioctl errno 2\n", 4,
    "'ioctl' has rules with conditions from line 3");
BAD(ranged_twice,
    "2\ndenylist\nopenat errno 1 [0,100,>=][2,0,!=]\nopenat errno 1 [0,100,>=][3,0,!=]\n", 4,
    "'openat' has a rule with conditions at line 3 already");
/* libseccomp would let the shorter rule cover the longer ones, and leak
 * what it drops of them. */
BAD(covers,
    "2\ndenylist\nioctl errno 1 [0,9,==][1,1,==]\nioctl errno 1 [0,9,==][1,2,==]\n"
    "ioctl errno 1 [0,9,==]\n",
    5, "'ioctl' has a rule at line 3 with these conditions and more");
BAD(covered, "2\ndenylist\nioctl errno 1 [1,2,==]\nioctl errno 2 [0,1,==][1,2,==]\n", 4,
    "'ioctl' has a rule at line 3 with a part of these conditions");
BAD(same_conditions, "2\ndenylist\nioctl errno 1 [1,2,==]\nioctl errno 2 [1,2,==]\n", 4,
    "'ioctl' has a rule at line 3 with these conditions already");
BAD(no_op_rule, "2\ndenylist\nread allow\n", 3, "the profile's default action");
BAD(force_umount, "2\ndenylist\nreject_force_umount please\n", 3,
    "reject_force_umount takes nothing");
BAD(v1_name, "1\nwhitelist\nread\n", 3, "a version 1 line is a syscall number");
BAD(v1_number, "1\nwhitelist\n0\n9999\n", 4, "no syscall 9999");
BAD(v1_denylist, "1\ndenylist\n", 2, "a version 1 profile is a bare allowlist");
#define NUL_TEXT "2\ndenylist\nread\nwr\0ite\n"
FIXTURE_VARIANT_ADD(bad, nul){
	.text = NUL_TEXT, .len = sizeof(NUL_TEXT) - 1, .line = 4, .what = "a NUL byte"
};

TEST_F(bad, is_refused_naming_file_and_line)
{
	size_t len = variant->len ? variant->len : strlen(variant->text);
	struct rlxc_seccomp f = { 0 };
	struct rlxc_error err;
	int fd, ret;

	fd = open(self->path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
	ASSERT_LE(0, fd);
	ASSERT_EQ((ssize_t)len, write(fd, variant->text, len));
	close(fd);
	ret = build(self->path, 0, &f, &err);
	expect_refused(_metadata, self->path, variant->line, variant->what, ret, &err);
	EXPECT_EQ(NULL, f.prog);
	EXPECT_EQ(0, f.len);
}

/* --- the bounds: a profile just past one is refused at its line, one
 * at it builds --- */

typedef void line_fn(char *buf, size_t len, unsigned i);

static void line_getpid(char *buf, size_t len, unsigned i)
{
	(void)i;
	snprintf(buf, len, "getpid errno 1\n");
}

/* Rules of one condition each, on eight calls: 32 each for 256. */
static void line_cond(char *buf, size_t len, unsigned i)
{
	static const char *const calls[] = { "read",  "write",	  "ioctl",  "fcntl",
					     "lseek", "mprotect", "munmap", "madvise" };

	snprintf(buf, len, "%s errno 1 [0,%u,==]\n", calls[i % 8], i);
}

static void line_ioctl(char *buf, size_t len, unsigned i)
{
	snprintf(buf, len, "ioctl errno 1 [1,%u,SCMP_CMP_EQ]\n", i);
}

/* The same rule again and again: taken once, counted as one of ioctl's. */
static void line_same(char *buf, size_t len, unsigned i)
{
	line_ioctl(buf, len, i % 2);
}

FIXTURE(bound)
{
	char dir[64], path[96];
};

FIXTURE_VARIANT(bound)
{
	size_t pad; /* a comment line of pad bytes first */
	line_fn *line;
	unsigned n;	  /* then n lines */
	const char *what; /* NULL: it builds */
};

FIXTURE_SETUP(bound)
{
	scratch_new(_metadata, self->dir, self->path);
}

FIXTURE_TEARDOWN(bound)
{
	scratch_remove(self->dir);
}

#define HEAD "2\ndenylist\n"
#define MIB  (1 << 20)

#define BOUND(id, p, fn, count, msg)                                                               \
	FIXTURE_VARIANT_ADD(bound, id)                                                             \
	{                                                                                          \
		.pad = p, .line = fn, .n = count, .what = msg                                      \
	}

BOUND(rules_at, 0, line_getpid, 4096, NULL);
BOUND(rules_over, 0, line_getpid, 4097, "more than 4096 rules");
BOUND(conds_at, 0, line_cond, 256, NULL);
BOUND(conds_over, 0, line_cond, 257, "more than 256 argument conditions");
BOUND(cond_rules_at, 0, line_ioctl, 64, NULL);
BOUND(cond_rules_over, 0, line_ioctl, 65, "'ioctl' has 64 rules with conditions");
BOUND(the_same_twice_is_one, 0, line_same, 200, NULL);
BOUND(size_at, MIB - sizeof(HEAD) + 1, NULL, 0, NULL);
BOUND(size_over, MIB - sizeof(HEAD) + 2, NULL, 0, "past 1048576 bytes (1 MiB)");

/* HEAD, a comment line of pad bytes (0: none) and n lines into path. */
static int write_profile(const char *path, size_t pad, line_fn *line, unsigned n)
{
	FILE *f = fopen(path, "we");
	char buf[128];
	int ret;

	if (!f)
		return -1;
	fputs(HEAD, f);
	if (pad) {
		for (size_t i = 0; i < pad - 1; i++)
			fputc('#', f);
		fputc('\n', f);
	}
	for (unsigned i = 0; i < n; i++) {
		line(buf, sizeof(buf), i);
		fputs(buf, f);
	}
	ret = ferror(f) ? -1 : 0;
	return fclose(f) == 0 ? ret : -1;
}

TEST_F(bound, is_refused_past_it_only)
{
	unsigned line = 2 + !!variant->pad + variant->n;
	struct rlxc_seccomp f = { 0 };
	struct rlxc_error err;
	int ret;

	ASSERT_EQ(0, write_profile(self->path, variant->pad, variant->line, variant->n));
	ret = build(self->path, 0, &f, &err);
	if (!variant->what) {
		EXPECT_EQ(0, ret) TH_LOG("%s", err.msg);
		EXPECT_LT(0, f.len);
		rlxc_seccomp_free(&f);
		return;
	}
	expect_refused(_metadata, self->path, line, variant->what, ret, &err);
	EXPECT_EQ(NULL, f.prog);
}

/* --- files that are no profile --- */

/* The build's result for path, with want in its message. */
static int refused(const char *path, const char *want, struct __test_metadata *_metadata)
{
	struct rlxc_seccomp f = { 0 };
	struct rlxc_error err;
	int ret = build(path, 0, &f, &err);

	EXPECT_NE(NULL, strstr(err.msg, want)) TH_LOG("want '%s' in '%s'", want, err.msg);
	EXPECT_EQ(0, strncmp(err.msg, path, strlen(path))) TH_LOG("%s", err.msg);
	EXPECT_EQ(NULL, f.prog);
	return ret;
}

/* Refused without blocking (a FIFO's open would wait for a writer,
 * /dev/zero's read never end), and a read error is an error, not the end
 * of the profile. */
TEST(a_profile_that_is_no_regular_file_is_refused)
{
	char dir[] = "/tmp/rlxc-t-XXXXXX", fifo[64], link[64];

	ASSERT_NE(NULL, mkdtemp(dir));
	snprintf(fifo, sizeof(fifo), "%s/fifo", dir);
	snprintf(link, sizeof(link), "%s/link", dir);
	ASSERT_EQ(0, mkfifo(fifo, 0600));
	ASSERT_EQ(0, symlink(fifo, link));
	EXPECT_EQ(-ENOENT, refused("/rlxc-no-such-profile", "No such file", _metadata));
	EXPECT_EQ(-EINVAL, refused(fifo, "a FIFO, not a regular file", _metadata));
	EXPECT_EQ(-EINVAL, refused(link, "a FIFO, not a regular file", _metadata));
	EXPECT_EQ(-EINVAL, refused("/dev/null", "a device, not a regular file", _metadata));
	EXPECT_EQ(-EINVAL, refused("/dev/zero", "a device, not a regular file", _metadata));
	EXPECT_EQ(-EISDIR, refused("/", "Is a directory", _metadata));
	/* A regular file whose read fails: this process's memory at 0. */
	EXPECT_EQ(-EIO, refused("/proc/self/mem", "/proc/self/mem:1: read: ", _metadata));
	rm_tree(dir);
}

TEST_HARNESS_MAIN
