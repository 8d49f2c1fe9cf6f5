// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * rlxc's default seccomp policy: a deny-list whose default action is
 * allow, as LXC's (config/common.seccomp), so that what runs in a
 * container behaves as on the host except for the calls below. Every
 * entry holds on every architecture the filter covers (x86_64: x86 and
 * x32 too).
 *
 * What is denied, and why:
 *
 *  - LXC's default: kexec_load, open_by_handle_at, init_module,
 *    finit_module, delete_module (EPERM); keyctl (ENOSYS); umount2 with
 *    MNT_FORCE (EACCES, LXC's reject_force_umount). A new kernel, kernel
 *    modules and file handles (the "shocker" escape: open_by_handle_at
 *    opens any inode of a host filesystem by number, whatever the mount
 *    namespace) reach past every namespace. The kernel keyrings are not
 *    namespaced; ENOSYS, not EPERM, makes programs fall back to working
 *    without them, as they do on a kernel without keys. A forced unmount
 *    can pull a filesystem from under the host when a container shares
 *    its mount.
 *  - The rest of those families, for the same reasons: kexec_file_load
 *    (EPERM); add_key and request_key (ENOSYS, as keyctl).
 *  - uselib (EPERM): a.out library loading, which nothing built this
 *    century calls and which had its own exploits; Docker denies it too.
 *  - Calls that act on host-wide state no namespace confines, denied with
 *    the EPERM the kernel gives when the container lacks the capability
 *    they need, and left to the kernel when it keeps one (as Docker's
 *    default profile does). The filter refusing them first keeps the
 *    kernel code behind them, a large part of past container escapes,
 *    out of reach:
 *      bpf              CAP_SYS_ADMIN or CAP_BPF
 *      perf_event_open  CAP_SYS_ADMIN or CAP_PERFMON
 *      userfaultfd      CAP_SYS_PTRACE (stalls kernel page faults, the
 *                       usual tool to win a kernel race; only live
 *                       migration needs it)
 *      syslog           CAP_SYSLOG or CAP_SYS_ADMIN (the host's kernel log)
 *      iopl, ioperm     CAP_SYS_RAWIO (the host's I/O ports)
 *      swapon, swapoff  CAP_SYS_ADMIN (the host's swap)
 *      settimeofday, clock_settime, clock_settime64, stime
 *                       CAP_SYS_TIME (the host's clock: a time namespace
 *                       offsets the monotonic clocks only)
 *
 * What is not denied, and why: mount, umount2, unshare, setns, clone and
 * pivot_root act inside the container's own namespaces (its init mounts
 * its /dev/shm and /proc; nested containers need the rest), and Docker's
 * filter of clone's namespace flags needs clone3 to fail with ENOSYS,
 * which hides a call from every program. reboot is confined by the pid
 * namespace (it ends the container's init), acct is per pid namespace,
 * ptrace, kcmp and process_vm_readv/writev are bounded by the ptrace
 * access checks, and adjtimex/clock_adjtime read the clock without
 * CAP_SYS_TIME (chrony and ntpd do). The NUMA calls (mbind, set_mempolicy,
 * move_pages) act on the caller's own memory.
 */
#include "seccomp_impl.h"

#include <errno.h>
#include <linux/capability.h>
#include <stdio.h>

#ifndef CAP_PERFMON
#define CAP_PERFMON 38
#endif
#ifndef CAP_BPF
#define CAP_BPF 39
#endif

#define CAP(c) (UINT64_C(1) << CAP_##c)

struct deny {
	const char *name;
	int errnum;
	uint64_t unless; /* capabilities any of which lets the call through; 0: none */
};

static const struct deny deny[] = {
	{ "kexec_load", EPERM, 0 },
	{ "kexec_file_load", EPERM, 0 },
	{ "open_by_handle_at", EPERM, 0 },
	{ "init_module", EPERM, 0 },
	{ "finit_module", EPERM, 0 },
	{ "delete_module", EPERM, 0 },
	{ "keyctl", ENOSYS, 0 },
	{ "add_key", ENOSYS, 0 },
	{ "request_key", ENOSYS, 0 },
	{ "uselib", EPERM, 0 },
	{ "bpf", EPERM, CAP(SYS_ADMIN) | CAP(BPF) },
	{ "perf_event_open", EPERM, CAP(SYS_ADMIN) | CAP(PERFMON) },
	{ "userfaultfd", EPERM, CAP(SYS_PTRACE) },
	{ "syslog", EPERM, CAP(SYSLOG) | CAP(SYS_ADMIN) },
	{ "iopl", EPERM, CAP(SYS_RAWIO) },
	{ "ioperm", EPERM, CAP(SYS_RAWIO) },
	{ "swapon", EPERM, CAP(SYS_ADMIN) },
	{ "swapoff", EPERM, CAP(SYS_ADMIN) },
	{ "settimeofday", EPERM, CAP(SYS_TIME) },
	{ "clock_settime", EPERM, CAP(SYS_TIME) },
	{ "clock_settime64", EPERM, CAP(SYS_TIME) },
	{ "stime", EPERM, CAP(SYS_TIME) },
};

int sc_policy_default(struct sc_filter *f, uint64_t caps, struct rlxc_error *err)
{
	struct sc_rule r = { 0 };
	unsigned i;
	int ret;

	for (i = 0; i < sizeof(deny) / sizeof(deny[0]); i++) {
		if (deny[i].unless & caps)
			continue;
		snprintf(r.name, sizeof(r.name), "%s", deny[i].name);
		r.action = SCMP_ACT_ERRNO(deny[i].errnum);
		ret = sc_rule_add(f, SC_ALL(f), &r);
		if (ret < 0)
			return rlxc_fail(err, -ret, "seccomp: the default policy's rule for %s",
					 deny[i].name);
	}
	sc_force_umount(&r);
	ret = sc_rule_add(f, SC_ALL(f), &r);
	if (ret < 0)
		return rlxc_fail(err, -ret, "seccomp: the default policy's rule for umount2");
	return 0;
}
