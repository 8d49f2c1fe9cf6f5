// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Security, exercised for real: seccomp filters (an errno, a kill), the
 * no_new_privs bit (inherited across fork and exec, never unset) and
 * capabilities through libcap (a dropped CAP_SYS_ADMIN cannot be used or
 * regained; root of a user namespace has it only over what it owns).
 *
 * Everything that changes the process for good runs in a forked child that
 * reports through its exit status and says on stderr what went wrong.
 */
#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/capability.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>
#include <linux/audit.h>
#include <linux/filter.h>
#include <linux/seccomp.h>

#include "kselftest_harness.h"
#include "probe_skip.h"
#include "test_util.h"

#ifndef SECCOMP_RET_KILL_PROCESS
#define SECCOMP_RET_KILL_PROCESS 0x80000000U
#endif

#if defined(__x86_64__)
#define TEST_AUDIT_ARCH AUDIT_ARCH_X86_64
#elif defined(__i386__)
#define TEST_AUDIT_ARCH AUDIT_ARCH_I386
#elif defined(__aarch64__)
#define TEST_AUDIT_ARCH AUDIT_ARCH_AARCH64
#elif defined(__riscv) && __riscv_xlen == 64
#define TEST_AUDIT_ARCH AUDIT_ARCH_RISCV64
#elif defined(__powerpc64__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
#define TEST_AUDIT_ARCH AUDIT_ARCH_PPC64LE
#elif defined(__s390x__)
#define TEST_AUDIT_ARCH AUDIT_ARCH_S390X
#endif

/* --- seccomp --- */

/* A filter that answers ACTION to syscall NR of our arch; the rest is allowed. */
static int install_filter(int nr, unsigned int action)
{
	struct sock_filter code[] = {
#ifdef TEST_AUDIT_ARCH
	    BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, arch)),
	    BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, TEST_AUDIT_ARCH, 1, 0),
	    BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW),
#endif
	    BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, nr)),
	    BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, (unsigned int)nr, 0, 1),
	    BPF_STMT(BPF_RET | BPF_K, action),
	    BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW),
	};
	struct sock_fprog prog = {.len = sizeof(code) / sizeof(code[0]), .filter = code};

	if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) < 0)
		return -errno;
	if (prctl(PR_SET_SECCOMP, SECCOMP_MODE_FILTER, &prog, 0, 0) < 0)
		return -errno;
	return 0;
}

/* getppid() through the filter: -1 and EHWPOISON, in us and in a child. */
static int errno_filter_child(void *arg)
{
	long r;
	pid_t pid;
	int st;

	(void)arg;
	if (syscall(__NR_getppid) <= 0)
		return child_fail("getppid() fails before any filter");
	if (install_filter(__NR_getppid, SECCOMP_RET_ERRNO | EHWPOISON) < 0)
		return child_fail("install the filter");
	errno = 0;
	r = syscall(__NR_getppid);
	if (r != -1 || errno != EHWPOISON)
		return child_fail("getppid() = %ld, expected -1/EHWPOISON", r);
	if (syscall(__NR_getpid) <= 0)
		return child_fail("getpid(), not filtered, failed");
	pid = fork();
	if (pid == 0)
		_exit(syscall(__NR_getppid) == -1 && errno == EHWPOISON ? 0 : 1);
	if (pid < 0 || waitpid(pid, &st, 0) != pid || st != 0)
		return child_fail("a forked child is not under the filter");
	return 0;
}

TEST(seccomp_filter_makes_a_syscall_fail_with_the_chosen_errno)
{
	REQUIRE_PROBE("security.seccomp");
	ASSERT_EQ(0, run_child(errno_filter_child, NULL));
	/* The test process never installed it. */
	ASSERT_LT(0, syscall(__NR_getppid));
}

static int kill_filter_child(void *arg)
{
	struct rlimit no_core = {0, 0};

	(void)arg;
	setrlimit(RLIMIT_CORE, &no_core);
	if (install_filter(__NR_getppid, SECCOMP_RET_KILL_PROCESS) < 0)
		return child_fail("install the filter");
	syscall(__NR_getppid);
	return child_fail("still alive after a getppid() filtered with KILL_PROCESS");
}

TEST(seccomp_kill_process_action_kills_with_sigsys)
{
	REQUIRE_PROBE("security.seccomp");
	ASSERT_EQ(128 + SIGSYS, run_child(kill_filter_child, NULL));
}

/* --- no_new_privs --- */

/* The NoNewPrivs: value a freshly exec'd program reports, or -1. */
static int nnp_after_exec(void)
{
	char buf[4096] = "", *p;
	ssize_t n, used = 0;
	int fds[2], st;
	pid_t pid;

	if (pipe2(fds, O_CLOEXEC) < 0)
		return -1;
	pid = fork();
	if (pid == 0) {
		dup2(fds[1], STDOUT_FILENO);
		execl("/bin/cat", "cat", "/proc/self/status", (char *)NULL);
		_exit(127);
	}
	close(fds[1]);
	while ((n = read(fds[0], buf + used, sizeof(buf) - 1 - (size_t)used)) > 0)
		used += n;
	close(fds[0]);
	if (pid < 0 || waitpid(pid, &st, 0) != pid || st != 0)
		return -1;
	buf[used] = '\0';
	p = strstr(buf, "NoNewPrivs:");
	return p ? atoi(p + strlen("NoNewPrivs:")) : -1;
}

static int nnp_child(void *arg)
{
	pid_t pid;
	int st;

	(void)arg;
	if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) < 0)
		return child_fail("PR_SET_NO_NEW_PRIVS");
	pid = fork();
	if (pid == 0)
		_exit(prctl(PR_GET_NO_NEW_PRIVS, 0, 0, 0, 0) == 1 ? 0 : 1);
	if (pid < 0 || waitpid(pid, &st, 0) != pid || st != 0)
		return child_fail("a forked child does not have no_new_privs");
	if (nnp_after_exec() != 1)
		return child_fail("an exec'd /bin/cat does not report NoNewPrivs: 1");
	if (prctl(PR_SET_NO_NEW_PRIVS, 0, 0, 0, 0) == 0 || errno != EINVAL)
		return child_fail("PR_SET_NO_NEW_PRIVS 0 did not fail with EINVAL");
	if (prctl(PR_GET_NO_NEW_PRIVS, 0, 0, 0, 0) != 1)
		return child_fail("no_new_privs got unset");
	return 0;
}

TEST(no_new_privs_is_inherited_across_fork_and_exec_and_cannot_be_unset)
{
	int before = prctl(PR_GET_NO_NEW_PRIVS, 0, 0, 0, 0);

	REQUIRE_PROBE("security.no_new_privs");
	if (before == 1)
		SKIP(return, "the test already runs with no_new_privs set");
	ASSERT_EQ(0, before);
	ASSERT_EQ(0, nnp_after_exec());
	ASSERT_EQ(0, run_child(nnp_child, NULL));
	/* The parent is not affected by its child's bit. */
	ASSERT_EQ(0, prctl(PR_GET_NO_NEW_PRIVS, 0, 0, 0, 0));
}

/* --- capabilities --- */

static void free_cap(cap_t *caps)
{
	if (*caps)
		cap_free(*caps);
}

/* 1 when CAP is in our FLAG set, 0 when not, -1 on error. */
static int has_cap(cap_value_t cap, cap_flag_t flag)
{
	__attribute__((cleanup(free_cap))) cap_t caps = cap_get_proc();
	cap_flag_value_t v = CAP_CLEAR;

	if (!caps || cap_get_flag(caps, cap, flag, &v) < 0)
		return -1;
	return v == CAP_SET;
}

/* Clear CAP from the effective, permitted and inheritable sets: 0 or -1. */
static int drop_cap(cap_value_t cap)
{
	__attribute__((cleanup(free_cap))) cap_t caps = cap_get_proc();

	if (!caps || cap_set_flag(caps, CAP_EFFECTIVE, 1, &cap, CAP_CLEAR) < 0 ||
	    cap_set_flag(caps, CAP_PERMITTED, 1, &cap, CAP_CLEAR) < 0 ||
	    cap_set_flag(caps, CAP_INHERITABLE, 1, &cap, CAP_CLEAR) < 0)
		return -1;
	return cap_set_proc(caps);
}

/* Try to put CAP back into the effective set: 0 or -1. */
static int raise_cap(cap_value_t cap)
{
	__attribute__((cleanup(free_cap))) cap_t caps = cap_get_proc();

	if (!caps || cap_set_flag(caps, CAP_EFFECTIVE, 1, &cap, CAP_SET) < 0)
		return -1;
	return cap_set_proc(caps);
}

static int set_name(const char *name)
{
	return sethostname(name, strlen(name));
}

/* In its own uts ns: sethostname works, then not once CAP_SYS_ADMIN is gone. */
static int drop_sys_admin_child(void *arg)
{
	char got[64] = "";

	(void)arg;
	if (unshare(CLONE_NEWUTS) < 0 || set_name("rlxc-t-caps-a") < 0)
		return child_fail("with CAP_SYS_ADMIN: unshare(CLONE_NEWUTS)/sethostname");
	if (drop_cap(CAP_SYS_ADMIN) < 0)
		return child_fail("drop CAP_SYS_ADMIN with cap_set_proc");
	if (has_cap(CAP_SYS_ADMIN, CAP_EFFECTIVE) != 0 ||
	    has_cap(CAP_SYS_ADMIN, CAP_PERMITTED) != 0)
		return child_fail("CAP_SYS_ADMIN still there after the drop");
	if (set_name("rlxc-t-caps-b") == 0 || errno != EPERM)
		return child_fail("sethostname without CAP_SYS_ADMIN did not fail with EPERM");
	if (gethostname(got, sizeof(got)) < 0 || strcmp(got, "rlxc-t-caps-a") != 0)
		return child_fail("hostname is \"%s\", expected rlxc-t-caps-a", got);
	if (raise_cap(CAP_SYS_ADMIN) == 0)
		return child_fail("CAP_SYS_ADMIN could be raised again");
	if (unshare(CLONE_NEWUTS) == 0 || errno != EPERM)
		return child_fail("unshare(CLONE_NEWUTS) without CAP_SYS_ADMIN did not fail");
	return 0;
}

TEST(caps_child_without_cap_sys_admin_cannot_sethostname)
{
	REQUIRE_ROOT();
	REQUIRE_PROBE("ns.uts");
	if (has_cap(CAP_SYS_ADMIN, CAP_EFFECTIVE) != 1)
		SKIP(return, "needs CAP_SYS_ADMIN, which this process does not have");
	ASSERT_EQ(0, run_child(drop_sys_admin_child, NULL));
	/* The parent kept it. */
	ASSERT_EQ(1, has_cap(CAP_SYS_ADMIN, CAP_EFFECTIVE));
}

static int write_file(const char *path, const char *text)
{
	int fd = open(path, O_WRONLY | O_CLOEXEC), ret = 0;

	if (fd < 0)
		return -1;
	if (write(fd, text, strlen(text)) != (ssize_t)strlen(text))
		ret = -1;
	close(fd);
	return ret;
}

/*
 * Root of a new user ns has CAP_SYS_ADMIN, but only over namespaces that
 * user ns owns: the host's hostname stays out of reach, a new uts ns's not.
 */
static int userns_caps_child(void *arg)
{
	char map[32];
	uid_t uid = geteuid();
	gid_t gid = getegid();

	(void)arg;
	if (unshare(CLONE_NEWUSER) < 0)
		return child_fail("unshare(CLONE_NEWUSER)");
	snprintf(map, sizeof(map), "0 %u 1", (unsigned)uid);
	if (write_file("/proc/self/setgroups", "deny") < 0 ||
	    write_file("/proc/self/uid_map", map) < 0)
		return child_fail("write setgroups/uid_map");
	snprintf(map, sizeof(map), "0 %u 1", (unsigned)gid);
	if (write_file("/proc/self/gid_map", map) < 0)
		return child_fail("write gid_map");
	if (has_cap(CAP_SYS_ADMIN, CAP_EFFECTIVE) != 1)
		return child_fail("no CAP_SYS_ADMIN as root of the new user ns");
	if (set_name("rlxc-t-userns") == 0 || errno != EPERM)
		return child_fail("sethostname on the host's uts ns did not fail with EPERM");
	if (unshare(CLONE_NEWUTS) < 0 || set_name("rlxc-t-userns") < 0)
		return child_fail("sethostname in a uts ns of our own");
	return 0;
}

TEST(caps_of_user_ns_root_reach_only_what_it_owns)
{
	char before[64] = "", after[64] = "";

	REQUIRE_PROBE("ns.user");
	ASSERT_EQ(0, gethostname(before, sizeof(before)));
	ASSERT_EQ(0, run_child(userns_caps_child, NULL));
	ASSERT_EQ(0, gethostname(after, sizeof(after)));
	ASSERT_STREQ(before, after);
}

TEST_HARNESS_MAIN
