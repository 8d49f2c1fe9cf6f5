// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * cgroup2's device list: a BPF_PROG_TYPE_CGROUP_DEVICE program, raw
 * instructions loaded with bpf(2), that answers as the v1 controller does
 * with the same list (cgroup_devices.c). With a default of deny, a request
 * passes when one exception covers all the access it asks for; with a
 * default of allow, it fails when one exception shares any of it.
 *
 * It is attached with BPF_F_ALLOW_MULTI, because of what a container can
 * try against it: root inside, a cgroup namespace rooted at rlxc.NAME, a
 * writable cgroup2 mount, even the capabilities that bpf(2) asks for.
 *  - A program attached without flags is detached by a BPF_PROG_DETACH
 *    that names no program, and replaced by any attach without flags: one
 *    fd of the cgroup directory is enough. One attached with
 *    BPF_F_ALLOW_MULTI is detached or replaced only by naming it with an
 *    fd of it, which only its loader holds, or CAP_SYS_ADMIN of the host
 *    gets (BPF_PROG_GET_FD_BY_ID): root of the host already.
 *  - Any other program, attached to rlxc.NAME or to a cgroup below it with
 *    whatever flags, runs as well, and a device access takes a yes from
 *    each: nothing added inside loosens the list. (BPF_F_ALLOW_OVERRIDE
 *    would let a sub-cgroup's program replace ours.)
 *  - Without flags no cgroup below could attach a program at all: that
 *    breaks a systemd or a container engine inside, which only restrict.
 * The kernel holds an attached program for the cgroup: it lives as long
 * as rlxc.NAME, and our fd is closed at once.
 */
#include "cgroup_impl.h"
#include "kernel/cleanup.h"
#include "kernel/syscalls.h"

#include <errno.h>
#include <fcntl.h>
#include <linux/bpf.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* Registers: R1 the context on entry, then scratch; R2 the device type,
 * R3 the access asked for, R4 the major, R5 the minor; R0 the answer. */
enum { R0, R1, R2, R3, R4, R5 };

#define BLOCK_MAX 8 /* instructions for one exception */

struct prog {
	struct bpf_insn *insn;
	size_t n;
};

static struct bpf_insn insn(uint8_t code, uint8_t dst, uint8_t src, int16_t off, int32_t imm)
{
	return (struct bpf_insn){
		.code = code, .dst_reg = dst, .src_reg = src, .off = off, .imm = imm
	};
}

static struct bpf_insn load_ctx(uint8_t dst, int16_t off)
{
	return insn(BPF_LDX | BPF_W | BPF_MEM, dst, R1, off, 0);
}

static struct bpf_insn jump_unless(uint8_t op, uint8_t reg, int32_t imm)
{
	return insn(BPF_JMP | op | BPF_K, reg, 0, 0, imm); /* off: set once the block is done */
}

static struct bpf_insn answer(int32_t yes)
{
	return insn(BPF_ALU64 | BPF_MOV | BPF_K, R0, 0, 0, yes);
}

static struct bpf_insn leave(void)
{
	return insn(BPF_JMP | BPF_EXIT, 0, 0, 0, 0);
}

/* The request, unpacked: access_type is (BPF_DEVCG_ACC_* << 16) | BPF_DEVCG_DEV_*. */
static void prologue(struct prog *p)
{
	p->insn[p->n++] = load_ctx(R2, offsetof(struct bpf_cgroup_dev_ctx, access_type));
	p->insn[p->n++] = insn(BPF_ALU | BPF_MOV | BPF_X, R3, R2, 0, 0);
	p->insn[p->n++] = insn(BPF_ALU | BPF_AND | BPF_K, R2, 0, 0, 0xffff);
	p->insn[p->n++] = insn(BPF_ALU | BPF_RSH | BPF_K, R3, 0, 0, 16);
	p->insn[p->n++] = load_ctx(R4, offsetof(struct bpf_cgroup_dev_ctx, major));
	p->insn[p->n++] = load_ctx(R5, offsetof(struct bpf_cgroup_dev_ctx, minor));
}

/*
 * One exception e: when the request is its device and the access matches,
 * answer the opposite of the default; else go on to the next block. Under
 * a deny default the access matches when e covers all of it (R3 & ~e is
 * 0), under an allow default when e shares any of it (R3 & e is not 0).
 */
static void exception(struct prog *p, const struct cg_dev_rule *e, bool allow)
{
	struct bpf_insn b[BLOCK_MAX];
	size_t n = 0, jumps[4], nj = 0;

	jumps[nj++] = n;
	b[n++] =
		jump_unless(BPF_JNE, R2, e->type == 'b' ? BPF_DEVCG_DEV_BLOCK : BPF_DEVCG_DEV_CHAR);
	if (e->major >= 0) {
		jumps[nj++] = n;
		b[n++] = jump_unless(BPF_JNE, R4, e->major);
	}
	if (e->minor >= 0) {
		jumps[nj++] = n;
		b[n++] = jump_unless(BPF_JNE, R5, e->minor);
	}
	if (!allow || e->access != CG_DEV_ALL) { /* denying rwm, any access matches */
		b[n++] = insn(BPF_ALU | BPF_MOV | BPF_X, R1, R3, 0, 0);
		b[n++] = insn(BPF_ALU | BPF_AND | BPF_K, R1, 0, 0,
			      allow ? (int32_t)e->access : (int32_t)~e->access);
		jumps[nj++] = n;
		b[n++] = jump_unless(allow ? BPF_JEQ : BPF_JNE, R1, 0);
	}
	b[n++] = answer(!allow);
	b[n++] = leave();
	for (size_t i = 0; i < nj; i++)
		b[jumps[i]].off = (int16_t)(n - jumps[i] - 1);
	memcpy(p->insn + p->n, b, n * sizeof(b[0]));
	p->n += n;
}

static int build(const struct cg_dev_list *l, struct prog *p)
{
	p->n = 0;
	p->insn =
		calloc(6 /* prologue */ + l->n * BLOCK_MAX + 2 /* the default */, sizeof(*p->insn));
	if (!p->insn)
		return -ENOMEM;
	prologue(p);
	for (size_t i = 0; i < l->n; i++)
		exception(p, &l->ex[i], l->allow);
	p->insn[p->n++] = answer(l->allow);
	p->insn[p->n++] = leave();
	return 0;
}

/* The program's fd, or -1 and errno. Licence "GPL": the kernel knows no
 * LGPL, which converts to it; the program calls no helper either way. */
static int load(const struct bpf_insn *insns, size_t n)
{
	union bpf_attr a;

	memset(&a, 0, sizeof(a));
	a.prog_type = BPF_PROG_TYPE_CGROUP_DEVICE;
	a.insns = (uint64_t)(uintptr_t)insns;
	a.insn_cnt = (uint32_t)n;
	a.license = (uint64_t)(uintptr_t) "GPL";
	snprintf(a.prog_name, sizeof(a.prog_name), "rlxc_devices");
	return sys_bpf(BPF_PROG_LOAD, &a, sizeof(a));
}

/* Whether the kernel loads device programs at all: "allow everything". */
static bool kernel_has_them(void)
{
	const struct bpf_insn yes[] = { answer(1), leave() };
	int fd = load(yes, 2);

	if (fd >= 0)
		close(fd);
	return fd >= 0 || errno != EINVAL;
}

/* Why a load failed: -EOPNOTSUPP where the kernel cannot, else ours. */
static int load_failed(int errnum, size_t n, struct rlxc_error *err)
{
	if (errnum == ENOSYS)
		return rlxc_cg_fail_code(err, EOPNOTSUPP,
					 "the kernel has no bpf(2) (CONFIG_BPF_SYSCALL)");
	if (errnum == EPERM)
		return rlxc_cg_fail_code(err, EOPNOTSUPP,
					 "bpf(2) is not permitted here (it takes CAP_BPF or "
					 "CAP_SYS_ADMIN in the host's user namespace)");
	if (errnum == EINVAL && !kernel_has_them())
		return rlxc_cg_fail_code(err, EOPNOTSUPP,
					 "the kernel has no BPF cgroup device programs "
					 "(CONFIG_CGROUP_BPF)");
	return rlxc_fail(err, errnum, "bpf(2): load the device program (%zu instructions)", n);
}

static int attach(int prog, const char *dir, struct rlxc_error *err)
{
	__cleanup_close int cg = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	union bpf_attr a;

	if (cg < 0)
		return rlxc_fail(err, errno, "open %s", dir);
	memset(&a, 0, sizeof(a));
	a.target_fd = (uint32_t)cg;
	a.attach_bpf_fd = (uint32_t)prog;
	a.attach_type = BPF_CGROUP_DEVICE;
	a.attach_flags = BPF_F_ALLOW_MULTI;
	if (sys_bpf(BPF_PROG_ATTACH, &a, sizeof(a)) == 0)
		return 0;
	if (errno == EPERM) /* no capability, or a cgroup above allows no program below */
		return rlxc_cg_fail_code(err, EOPNOTSUPP,
					 "bpf(2) may not attach a device program to %s: %s", dir,
					 strerror(errno));
	return rlxc_fail(err, errno, "bpf(2): attach the device program to %s", dir);
}

int rlxc_cg_bpf_devices(const char *dir, const struct cg_dev_list *l, struct rlxc_error *err)
{
	struct prog p;
	int fd, ret;

	if (build(l, &p) < 0)
		return rlxc_fail(err, ENOMEM, "device program");
	fd = load(p.insn, p.n);
	ret = fd < 0 ? load_failed(errno, p.n, err) : attach(fd, dir, err);
	if (fd >= 0)
		close(fd);
	free(p.insn);
	return ret;
}
