/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * For the authors of probes: what a functional try has at hand.
 *
 * A try runs in a forked child of the caller (probes/core.c), so it may
 * unshare, mount, chdir, change credentials or leak: all of it ends with the
 * child. It must not touch anything the host shares: the host's interfaces,
 * routes, firewall, or mounts outside a private mount namespace. Anything it
 * creates on the host (a scratch cgroup) carries the prefix "rlxc" and is
 * removed before it returns.
 *
 * It returns a verdict and says what it tried with probe_say(): the words
 * become the functional evidence ("unshare(CLONE_NEWTIME) = 0; child sees
 * offset"). A try that could not be attempted (EPERM as an unprivileged
 * user) returns PROBE_UNKNOWN and says why.
 */
#ifndef RLXC_PROBE_IMPL_H
#define RLXC_PROBE_IMPL_H

#include "probe.h"

/* The kernel layer a try builds on: children with a deadline, the clock,
 * small files, cleanup attributes. */
#include "kernel/child.h"
#include "kernel/cleanup.h"
#include "kernel/clock.h"
#include "kernel/file.h"

struct probe_out {
	char functional[PROBE_TEXT];
	char reason[PROBE_TEXT]; /* optional: overrides the derived reason */
};

/* Append to the functional evidence, "; "-separated. */
void probe_say(struct probe_out *out, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Set the one-line reason explicitly (otherwise core derives it). */
void probe_reason(struct probe_out *out, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/* The verdict an errno means: EPERM/EACCES -> UNKNOWN (not allowed to try),
 * anything else -> NO. */
enum probe_verdict probe_errno_verdict(int err);
/* probe_say("WHAT: strerror(err)") and return probe_errno_verdict(err). */
enum probe_verdict probe_fail(struct probe_out *out, int err, const char *what);

/* Run the tries of table[i] for which sel[i], each in a throwaway child,
 * concurrently, bounded by their timeouts; fill res[i] with the verdict,
 * the functional evidence and the try's own reason, if it gave one.
 * meanwhile(arg), when given, runs once every child is started, while
 * they work: res[i] is cleared by then, and only its verdict, reason and
 * functional evidence are written after. */
void probe_run_tries(const struct probe *table, size_t n, const bool *sel,
		     struct probe_result *res, void (*meanwhile)(void *arg), void *arg);

/* The per-boot cache of probes with an identity() (probes/cache.c):
 * load fills r and returns true on a hit; store keeps a yes/no/partial. */
bool probe_cache_load(const struct probe *p, struct probe_result *r);
void probe_cache_store(const struct probe *p, const struct probe_result *r);

/*
 * The functional tries, one family per file. Their table entries are in
 * probes/table.c.
 */
#define PROBE_TRY(name) enum probe_verdict name(struct probe_out *out)

/* probes/ns.c */
PROBE_TRY(try_ns_mnt);
PROBE_TRY(try_ns_pid);
PROBE_TRY(try_ns_uts);
PROBE_TRY(try_ns_ipc);
PROBE_TRY(try_ns_net);
PROBE_TRY(try_ns_user);
PROBE_TRY(try_ns_user_max);
PROBE_TRY(try_ns_cgroup);
PROBE_TRY(try_ns_time);

/* probes/cgroup.c */
PROBE_TRY(try_cgroup_layout);
PROBE_TRY(try_cgroup_v1_cpuset);
PROBE_TRY(try_cgroup_v1_cpu);
PROBE_TRY(try_cgroup_v1_cpuacct);
PROBE_TRY(try_cgroup_v1_blkio);
PROBE_TRY(try_cgroup_v1_memory);
PROBE_TRY(try_cgroup_v1_devices);
PROBE_TRY(try_cgroup_v1_freezer);
PROBE_TRY(try_cgroup_v1_net_cls);
PROBE_TRY(try_cgroup_v1_perf_event);
PROBE_TRY(try_cgroup_v1_net_prio);
PROBE_TRY(try_cgroup_v1_hugetlb);
PROBE_TRY(try_cgroup_v1_pids);
PROBE_TRY(try_cgroup_v1_rdma);
PROBE_TRY(try_cgroup_v1_misc);
PROBE_TRY(try_cgroup_v2_controllers);
PROBE_TRY(try_cgroup_v2_delegate);
PROBE_TRY(try_cgroup_v2_freezer);
PROBE_TRY(try_cgroup_v2_kill);
PROBE_TRY(try_cgroup_v2_devices);

/* probes/fs.c */
PROBE_TRY(try_fs_overlay);
PROBE_TRY(try_fs_aufs);
PROBE_TRY(try_fs_tmpfs);
PROBE_TRY(try_fs_devpts);
PROBE_TRY(try_fs_proc);
PROBE_TRY(try_fs_sysfs);
PROBE_TRY(try_fs_pivot_root);
PROBE_TRY(try_fs_idmapped_mount);

/* probes/net.c */
PROBE_TRY(try_net_loopback);
PROBE_TRY(try_net_veth);
PROBE_TRY(try_net_bridge);
PROBE_TRY(try_net_macvlan);
PROBE_TRY(try_net_vlan);
PROBE_TRY(try_net_dummy);
PROBE_TRY(try_net_nftables);

/* probes/security.c */
PROBE_TRY(try_security_caps);
PROBE_TRY(try_security_seccomp);
PROBE_TRY(try_security_no_new_privs);

/* probes/syscall.c */
PROBE_TRY(try_syscall_clone3);
PROBE_TRY(try_syscall_pidfd_open);
PROBE_TRY(try_syscall_pidfd_send_signal);
PROBE_TRY(try_syscall_pidfd_setns);
PROBE_TRY(try_syscall_openat2);
PROBE_TRY(try_syscall_mount_api);

/* probes/cr.c */
PROBE_TRY(try_cr_clone3_set_tid);
PROBE_TRY(try_cr_ns_last_pid);
PROBE_TRY(try_cr_kcmp);
PROBE_TRY(try_cr_mm_map);
PROBE_TRY(try_cr_map_files);
PROBE_TRY(try_cr_pidfd_getfd);
PROBE_TRY(try_cr_process_vm_readv);
PROBE_TRY(try_cr_soft_dirty);
PROBE_TRY(try_cr_userfaultfd);

/* probes/criu.c */
PROBE_TRY(try_cr_criu);
int cr_criu_identity(char *buf, size_t len);

#endif
