// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Security: the caller's capabilities (libcap), a seccomp BPF filter that
 * makes getppid() fail with a chosen errno, and PR_SET_NO_NEW_PRIVS.
 */
#include "probe_impl.h"

#include <errno.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>
#include <sys/capability.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <unistd.h>
#include <linux/audit.h>
#include <linux/filter.h>
#include <linux/seccomp.h>

/*
 * The capabilities rlxc needs to set up a container: namespaces and mounts,
 * network devices, pivot_root, credentials, /dev nodes, signals to the
 * container, files whatever their owner, and CAP_SETPCAP to drop the rest
 * from the bounding set. CAP_SYS_RESOURCE is not among them: rlxc sets
 * limits through cgroups, not by raising rlimits.
 */
static const cap_value_t needed_caps[] = {
	CAP_SYS_ADMIN, CAP_NET_ADMIN,	 CAP_SYS_CHROOT, CAP_SETUID, CAP_SETGID,
	CAP_MKNOD,     CAP_DAC_OVERRIDE, CAP_KILL,	 CAP_SETPCAP,
};

#define N_NEEDED (sizeof(needed_caps) / sizeof(needed_caps[0]))

static void free_cap(cap_t *caps)
{
	if (*caps)
		cap_free(*caps);
}

/* Say the effective set, short: libcap's text of it alone ("=e" for all). */
static void say_effective(struct probe_out *out, cap_t caps)
{
	__attribute__((cleanup(free_cap))) cap_t eff = cap_dup(caps);
	char *text;

	if (!eff || cap_clear_flag(eff, CAP_PERMITTED) < 0 ||
	    cap_clear_flag(eff, CAP_INHERITABLE) < 0)
		return;
	text = cap_to_text(eff, NULL);
	if (text)
		probe_say(out, "effective: %s", strcmp(text, "=") ? text : "(none)");
	cap_free(text);
}

PROBE_TRY(try_security_caps)
{
	__attribute__((cleanup(free_cap))) cap_t caps = cap_get_proc();
	char missing[PROBE_TEXT] = "";
	size_t len = 0;

	if (!caps)
		return probe_fail(out, errno, "cap_get_proc");
	say_effective(out, caps);
	for (size_t i = 0; i < N_NEEDED; i++) {
		cap_flag_value_t v = CAP_CLEAR;
		char *name;

		if (cap_get_flag(caps, needed_caps[i], CAP_EFFECTIVE, &v) == 0 && v == CAP_SET)
			continue;
		name = cap_to_name(needed_caps[i]);
		len += snprintf(missing + len, len < sizeof(missing) ? sizeof(missing) - len : 0,
				"%s%s", len ? "," : "", name ? name : "?");
		cap_free(name);
	}
	if (!len) {
		probe_say(out, "has all %zu capabilities rlxc needs", N_NEEDED);
		return PROBE_YES;
	}
	probe_say(out, "missing: %s", missing);
	probe_reason(out, "missing capabilities: %s", missing);
	return PROBE_NO;
}

#if defined(__x86_64__)
#define RLXC_AUDIT_ARCH AUDIT_ARCH_X86_64
#elif defined(__i386__)
#define RLXC_AUDIT_ARCH AUDIT_ARCH_I386
#elif defined(__aarch64__)
#define RLXC_AUDIT_ARCH AUDIT_ARCH_AARCH64
#elif defined(__riscv) && __riscv_xlen == 64
#define RLXC_AUDIT_ARCH AUDIT_ARCH_RISCV64
#elif defined(__powerpc64__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
#define RLXC_AUDIT_ARCH AUDIT_ARCH_PPC64LE
#elif defined(__s390x__)
#define RLXC_AUDIT_ARCH AUDIT_ARCH_S390X
#endif

/* The errno the filter gives getppid(): unusual, so it cannot be a coincidence. */
#define FILTER_ERRNO ENOTUNIQ

/* getppid() fails with FILTER_ERRNO; everything else is allowed. */
static int install_filter(void)
{
	struct sock_filter code[] = {
#ifdef RLXC_AUDIT_ARCH
	    BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, arch)),
	    BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, RLXC_AUDIT_ARCH, 1, 0),
	    BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW),
#endif
	    BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, nr)),
	    BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, __NR_getppid, 0, 1),
	    BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ERRNO | FILTER_ERRNO),
	    BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW),
	};
	struct sock_fprog prog = {.len = sizeof(code) / sizeof(code[0]), .filter = code};

	if (prctl(PR_SET_SECCOMP, SECCOMP_MODE_FILTER, &prog, 0, 0) < 0)
		return -errno;
	return 0;
}

PROBE_TRY(try_security_seccomp)
{
	long r;
	int err;

	if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) < 0)
		return probe_fail(out, errno, "prctl(PR_SET_NO_NEW_PRIVS)");
	err = install_filter();
	if (err < 0)
		return probe_fail(out, -err, "prctl(PR_SET_SECCOMP, SECCOMP_MODE_FILTER)");
	probe_say(out, "filter installed");
	errno = 0;
	r = syscall(__NR_getppid);
	if (r != -1 || errno != FILTER_ERRNO) {
		probe_say(out, "getppid() = %ld (%s), expected ENOTUNIQ", r, strerror(errno));
		return PROBE_NO;
	}
	probe_say(out, "getppid() fails with ENOTUNIQ as filtered");
	return PROBE_YES;
}

PROBE_TRY(try_security_no_new_privs)
{
	int v;

	if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) < 0)
		return probe_fail(out, errno, "prctl(PR_SET_NO_NEW_PRIVS, 1)");
	v = prctl(PR_GET_NO_NEW_PRIVS, 0, 0, 0, 0);
	if (v < 0)
		return probe_fail(out, errno, "prctl(PR_GET_NO_NEW_PRIVS)");
	probe_say(out, "PR_SET_NO_NEW_PRIVS = 0; PR_GET_NO_NEW_PRIVS = %d", v);
	if (v != 1)
		return PROBE_NO;
	if (prctl(PR_SET_NO_NEW_PRIVS, 0, 0, 0, 0) == 0) {
		probe_say(out, "but it could be unset");
		return PROBE_PARTIAL;
	}
	probe_say(out, "cannot be unset (%s)", strerror(errno));
	return PROBE_YES;
}
