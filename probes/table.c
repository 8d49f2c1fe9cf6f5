// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * The one table of probes. Order is the order of the report.
 * required: rlxc cannot run a container without it; `rlxc check` exits 1
 * when any of these is not "yes".
 */
#include "probe_impl.h"

#include <string.h>

#define P(id_, group_, req_, config_, module_, try_, summary_)                                     \
	{                                                                                          \
		.id = id_, .group = group_, .required = req_, .config = config_,                   \
		.module = module_, .try = try_, .summary = summary_,                               \
	}

/* v1 controllers: one hierarchy each, tried by a mkdir in a scratch cgroup. */
#define V1(name, config_)                                                                          \
	P("cgroup.v1." #name, "cgroup", false, "CONFIG_CGROUPS " config_, NULL,                   \
	  try_cgroup_v1_##name, "cgroup v1 " #name " controller")

const struct probe probe_table[] = {
	P("ns.mnt", "ns", true, "CONFIG_NAMESPACES", NULL, try_ns_mnt, "mount namespace"),
	P("ns.pid", "ns", true, "CONFIG_PID_NS", NULL, try_ns_pid, "pid namespace"),
	P("ns.uts", "ns", true, "CONFIG_UTS_NS", NULL, try_ns_uts, "uts namespace"),
	P("ns.ipc", "ns", true, "CONFIG_IPC_NS", NULL, try_ns_ipc, "ipc namespace"),
	P("ns.net", "ns", true, "CONFIG_NET_NS", NULL, try_ns_net, "network namespace"),
	P("ns.user", "ns", false, "CONFIG_USER_NS", NULL, try_ns_user, "user namespace"),
	P("ns.user.max", "ns", false, "CONFIG_USER_NS", NULL, try_ns_user_max,
	  "user.max_user_namespaces allows new user namespaces"),
	P("ns.cgroup", "ns", true, "CONFIG_CGROUPS", NULL, try_ns_cgroup, "cgroup namespace"),
	P("ns.time", "ns", false, "CONFIG_TIME_NS", NULL, try_ns_time, "time namespace"),

	P("cgroup.layout", "cgroup", true, "CONFIG_CGROUPS", NULL, try_cgroup_layout,
	  "cgroup layout: v1, v2 or hybrid"),
	V1(cpuset, "CONFIG_CPUSETS"),
	V1(cpu, "CONFIG_CGROUP_SCHED"),
	V1(cpuacct, "CONFIG_CGROUP_CPUACCT"),
	V1(blkio, "CONFIG_BLK_CGROUP"),
	V1(memory, "CONFIG_MEMCG"),
	V1(devices, "CONFIG_CGROUP_DEVICE"),
	V1(freezer, "CONFIG_CGROUP_FREEZER"),
	V1(net_cls, "CONFIG_CGROUP_NET_CLASSID"),
	V1(perf_event, "CONFIG_CGROUP_PERF"),
	V1(net_prio, "CONFIG_CGROUP_NET_PRIO"),
	V1(hugetlb, "CONFIG_CGROUP_HUGETLB"),
	V1(pids, "CONFIG_CGROUP_PIDS"),
	V1(rdma, "CONFIG_CGROUP_RDMA"),
	V1(misc, "CONFIG_CGROUP_MISC"),
	P("cgroup.v2.controllers", "cgroup", false, "CONFIG_CGROUPS", NULL,
	  try_cgroup_v2_controllers, "cgroup v2 controllers available"),
	P("cgroup.v2.delegate", "cgroup", false, "CONFIG_CGROUPS", NULL, try_cgroup_v2_delegate,
	  "cgroup v2 controllers delegatable to a child"),
	P("cgroup.v2.freezer", "cgroup", false, "CONFIG_CGROUPS", NULL, try_cgroup_v2_freezer,
	  "cgroup v2 cgroup.freeze"),
	P("cgroup.v2.kill", "cgroup", false, "CONFIG_CGROUPS", NULL, try_cgroup_v2_kill,
	  "cgroup v2 cgroup.kill"),
	P("cgroup.v2.devices", "cgroup", false, "CONFIG_CGROUP_BPF CONFIG_BPF_SYSCALL", NULL,
	  try_cgroup_v2_devices, "cgroup2 device lists: a BPF_CGROUP_DEVICE program enforced"),

	P("fs.overlay", "fs", false, "CONFIG_OVERLAY_FS", "overlay", try_fs_overlay,
	  "overlayfs with several lower layers"),
	P("fs.aufs", "fs", false, "CONFIG_AUFS_FS", "aufs", try_fs_aufs, "aufs union mount"),
	P("fs.tmpfs", "fs", true, "CONFIG_TMPFS", NULL, try_fs_tmpfs, "tmpfs"),
	P("fs.devpts", "fs", true, "CONFIG_UNIX98_PTYS", NULL, try_fs_devpts,
	  "devpts new instance with its own ptmx"),
	P("fs.proc", "fs", true, "CONFIG_PROC_FS", NULL, try_fs_proc,
	  "proc mounted in a new pid namespace"),
	P("fs.sysfs", "fs", true, "CONFIG_SYSFS", NULL, try_fs_sysfs,
	  "sysfs mounted in a new network namespace"),
	P("fs.pivot_root", "fs", true, NULL, NULL, try_fs_pivot_root, "pivot_root into a new root"),
	P("fs.idmapped_mount", "fs", false, NULL, NULL, try_fs_idmapped_mount,
	  "idmapped mounts on tmpfs and on the default store's filesystem"),

	P("net.loopback", "net", true, "CONFIG_NET_NS", NULL, try_net_loopback,
	  "loopback up in a new network namespace"),
	P("net.veth", "net", false, "CONFIG_VETH", "veth", try_net_veth, "veth pair"),
	P("net.bridge", "net", false, "CONFIG_BRIDGE", "bridge", try_net_bridge, "bridge"),
	P("net.macvlan", "net", false, "CONFIG_MACVLAN", "macvlan", try_net_macvlan, "macvlan"),
	P("net.vlan", "net", false, "CONFIG_VLAN_8021Q", "8021q", try_net_vlan, "802.1Q vlan"),
	P("net.dummy", "net", false, "CONFIG_DUMMY", "dummy", try_net_dummy, "dummy interface"),
	P("net.nftables", "net", false, "CONFIG_NF_TABLES", "nf_tables", try_net_nftables,
	  "nf_tables table in a new network namespace"),

	P("security.caps", "security", true, "CONFIG_MULTIUSER", NULL, try_security_caps,
	  "the caller's capabilities"),
	P("security.seccomp", "security", false, "CONFIG_SECCOMP_FILTER", NULL,
	  try_security_seccomp, "seccomp BPF filter"),
	P("security.no_new_privs", "security", false, NULL, NULL, try_security_no_new_privs,
	  "PR_SET_NO_NEW_PRIVS"),

	P("syscall.clone3", "syscall", false, NULL, NULL, try_syscall_clone3, "clone3()"),
	P("syscall.pidfd_open", "syscall", false, NULL, NULL, try_syscall_pidfd_open,
	  "pidfd_open()"),
	P("syscall.pidfd_send_signal", "syscall", false, NULL, NULL,
	  try_syscall_pidfd_send_signal, "pidfd_send_signal()"),
	P("syscall.pidfd_setns", "syscall", false, NULL, NULL, try_syscall_pidfd_setns,
	  "setns() on a pidfd"),
	P("syscall.openat2", "syscall", false, NULL, NULL, try_syscall_openat2,
	  "openat2() with RESOLVE_IN_ROOT"),
	P("syscall.mount_api", "syscall", false, NULL, NULL, try_syscall_mount_api,
	  "fsopen/fsmount/move_mount/open_tree/mount_setattr"),

	P("cr.clone3_set_tid", "cr", false, "CONFIG_CHECKPOINT_RESTORE", NULL,
	  try_cr_clone3_set_tid, "clone3() with set_tid in a new pid namespace"),
	P("cr.ns_last_pid", "cr", false, "CONFIG_CHECKPOINT_RESTORE", NULL, try_cr_ns_last_pid,
	  "/proc/sys/kernel/ns_last_pid"),
	P("cr.kcmp", "cr", false, "CONFIG_KCMP", NULL, try_cr_kcmp, "kcmp()"),
	P("cr.mm_map", "cr", false, "CONFIG_CHECKPOINT_RESTORE", NULL, try_cr_mm_map,
	  "prctl(PR_SET_MM, PR_SET_MM_MAP)"),
	P("cr.map_files", "cr", false, "CONFIG_CHECKPOINT_RESTORE", NULL, try_cr_map_files,
	  "/proc/PID/map_files"),
	P("cr.pidfd_getfd", "cr", false, NULL, NULL, try_cr_pidfd_getfd, "pidfd_getfd()"),
	P("cr.process_vm_readv", "cr", false, "CONFIG_CROSS_MEMORY_ATTACH", NULL,
	  try_cr_process_vm_readv, "process_vm_readv()"),
	P("cr.soft_dirty", "cr", false, "CONFIG_MEM_SOFT_DIRTY", NULL, try_cr_soft_dirty,
	  "soft-dirty page tracking"),
	P("cr.userfaultfd", "cr", false, "CONFIG_USERFAULTFD", NULL, try_cr_userfaultfd,
	  "userfaultfd()"),
	{
		.id = "cr.criu",
		.group = "cr",
		.config = "CONFIG_CHECKPOINT_RESTORE",
		.try = try_cr_criu,
		.timeout_ms = 20000,
		.identity = cr_criu_identity,
		.summary = "criu binary ($RLXC_CRIU or PATH) and `criu check`",
	},
};

const size_t probe_count = sizeof(probe_table) / sizeof(probe_table[0]);

const struct probe *probe_find(const char *id)
{
	for (size_t i = 0; i < probe_count; i++)
		if (strcmp(probe_table[i].id, id) == 0)
			return &probe_table[i];
	return NULL;
}

bool probe_group_exists(const char *group)
{
	for (size_t i = 0; i < probe_count; i++)
		if (strcmp(probe_table[i].group, group) == 0)
			return true;
	return false;
}
