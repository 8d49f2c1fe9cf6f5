// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * cgroup.v2.devices: whether cgroup2 can hold a container's device list,
 * a BPF_PROG_TYPE_CGROUP_DEVICE program (runtime/lib/cgroup/cgroup_bpf.c).
 * Tried as the runtime does it: a program that refuses every device,
 * loaded with bpf(2) and attached with BPF_F_ALLOW_MULTI to a scratch
 * cgroup rlxc-probe-<pid> of the host's cgroup2; a child moved into it
 * must then be refused /dev/null. The scratch cgroup is removed, and the
 * program goes with it.
 */
#include "probe_impl.h"
#include "kernel/cgroupfs.h"
#include "kernel/syscalls.h"

#include <errno.h>
#include <fcntl.h>
#include <linux/bpf.h>
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

/* r0 = 0 (refuse); exit */
static const struct bpf_insn deny_all[] = {
	{ .code = BPF_ALU64 | BPF_MOV | BPF_K, .dst_reg = BPF_REG_0, .imm = 0 },
	{ .code = BPF_JMP | BPF_EXIT },
};

static int load_deny_all(void)
{
	union bpf_attr a;

	memset(&a, 0, sizeof(a));
	a.prog_type = BPF_PROG_TYPE_CGROUP_DEVICE;
	a.insns = (uint64_t)(uintptr_t)deny_all;
	a.insn_cnt = sizeof(deny_all) / sizeof(deny_all[0]);
	a.license = (uint64_t)(uintptr_t) "GPL";
	return sys_bpf(BPF_PROG_LOAD, &a, sizeof(a));
}

static enum probe_verdict load_failed(struct probe_out *out, int err)
{
	if (err == ENOSYS) {
		probe_reason(out, "the kernel has no bpf(2) (CONFIG_BPF_SYSCALL)");
		return PROBE_NO;
	}
	if (err == EINVAL) {
		probe_reason(out, "the kernel has no cgroup device programs (CONFIG_CGROUP_BPF)");
		probe_say(out, "BPF_PROG_LOAD cgroup_device: %s", strerror(err));
		return PROBE_NO;
	}
	return probe_fail(out, err, "BPF_PROG_LOAD cgroup_device");
}

static int attach(int prog, const char *cg)
{
	__cleanup_close int fd = open(cg, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	union bpf_attr a;

	if (fd < 0)
		return -errno;
	memset(&a, 0, sizeof(a));
	a.target_fd = (uint32_t)fd;
	a.attach_bpf_fd = (uint32_t)prog;
	a.attach_type = BPF_CGROUP_DEVICE;
	a.attach_flags = BPF_F_ALLOW_MULTI;
	return sys_bpf(BPF_PROG_ATTACH, &a, sizeof(a)) < 0 ? -errno : 0;
}

/* A child moved into cg opens /dev/null: the errno it got, 0 for none,
 * or -errno when the child could not be made or moved. */
static int open_in(const char *cg)
{
	int status;
	pid_t pid = fork();

	if (pid < 0)
		return -errno;
	if (pid == 0) {
		int fd;

		if (cgfs_attach(cg, getpid()) < 0)
			_exit(255);
		fd = open("/dev/null", O_RDONLY | O_CLOEXEC);
		_exit(fd >= 0 ? 0 : errno > 0 && errno < 255 ? errno : 254);
	}
	if (waitpid(pid, &status, 0) < 0 || !WIFEXITED(status))
		return -ECHILD;
	if (WEXITSTATUS(status) == 255)
		return -EPERM;
	return WEXITSTATUS(status);
}

static enum probe_verdict try_in(struct probe_out *out, const char *cg, int prog)
{
	int err = attach(prog, cg);

	if (err)
		return probe_fail(out, -err, "BPF_PROG_ATTACH cgroup_device (BPF_F_ALLOW_MULTI)");
	probe_say(out, "a deny-all program attached");
	err = open_in(cg);
	if (err < 0)
		return probe_fail(out, -err, "move a child into the scratch cgroup");
	if (err == 0) {
		probe_say(out, "open /dev/null in it = 0: not enforced");
		return PROBE_NO;
	}
	probe_say(out, "open /dev/null in it: %s", strerror(err));
	return err == EPERM ? PROBE_YES : PROBE_NO;
}

PROBE_TRY(try_cgroup_v2_devices)
{
	char root[PATH_MAX], name[64], cg[PATH_MAX];
	enum probe_verdict v;
	__cleanup_close int prog = -1;
	int err;

	if (cgfs_v2_mount(root, sizeof(root)) < 0) {
		probe_reason(out, "no cgroup2 is mounted on this host");
		return PROBE_NO;
	}
	prog = load_deny_all();
	if (prog < 0)
		return load_failed(out, errno);
	snprintf(name, sizeof(name), "rlxc-probe-%d", (int)getpid());
	err = cgfs_create(root, name, cg, sizeof(cg));
	if (err)
		return probe_fail(out, -err, "mkdir a scratch cgroup");
	v = try_in(out, cg, prog);
	err = cgfs_remove(cg);
	if (err)
		probe_say(out, "rmdir %s: %s", cg, strerror(-err));
	return v;
}
