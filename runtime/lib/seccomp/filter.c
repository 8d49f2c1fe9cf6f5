// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Building the filter: one libseccomp context per architecture, merged
 * into one at the end and exported as a BPF program that the child
 * installs with a plain seccomp(2) (install.c).
 */
#include "seccomp_impl.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <unistd.h>

/* What the native architecture's compat ones are: a 32-bit (or x32)
 * call enters the kernel with its own syscall numbers and audit arch, and
 * must meet the same rules, or it goes around them. */
static unsigned arches_of(uint32_t native, uint32_t *arch)
{
	unsigned n = 0;

	arch[n++] = native;
	if (native == SCMP_ARCH_X86_64) {
		arch[n++] = SCMP_ARCH_X86;
		arch[n++] = SCMP_ARCH_X32;
	} else if (native == SCMP_ARCH_AARCH64) {
		arch[n++] = SCMP_ARCH_ARM;
	}
	return n;
}

/* A context for arch alone. */
static int ctx_new(uint32_t arch, uint32_t def, scmp_filter_ctx *out)
{
	scmp_filter_ctx ctx = seccomp_init(def);
	int ret;

	if (!ctx)
		return -EINVAL;
	/* A call of an architecture the filter does not cover is killed:
	 * the whole process, not only its thread (SCMP_ACT_KILL). */
	ret = seccomp_attr_set(ctx, SCMP_FLTATR_ACT_BADARCH, SCMP_ACT_KILL_PROCESS);
	if (ret == 0 && arch != seccomp_arch_native()) {
		ret = seccomp_arch_add(ctx, arch);
		if (ret == 0)
			ret = seccomp_arch_remove(ctx, SCMP_ARCH_NATIVE);
	}
	if (ret < 0) {
		seccomp_release(ctx);
		return ret;
	}
	*out = ctx;
	return 0;
}

int sc_filter_init(struct sc_filter *f, uint32_t def, struct rlxc_error *err)
{
	unsigned i;
	int ret;

	memset(f, 0, sizeof(*f));
	/* libseccomp would ask the kernel, through seccomp(2), which actions
	 * it may use, and refuse SCMP_ACT_KILL_PROCESS and SCMP_ACT_LOG (its
	 * API level 3, Linux 4.14) where that call fails, as under valgrind,
	 * which does not know it. The filter is only exported here, and the
	 * later levels change nothing in what it exports: level 3 it is. A
	 * kernel that lacks those actions refuses the filter when the child
	 * installs it (EINVAL), which the child reports. */
	seccomp_api_set(3);
	f->n = arches_of(seccomp_arch_native(), f->arch);
	for (i = 0; i < f->n; i++) {
		ret = ctx_new(f->arch[i], def, &f->ctx[i]);
		if (ret < 0) {
			sc_filter_release(f);
			return rlxc_fail(err, -ret, "seccomp: a filter for architecture %#x",
					 f->arch[i]);
		}
	}
	return 0;
}

void sc_filter_release(struct sc_filter *f)
{
	unsigned i;

	for (i = 0; i < SC_MAX_ARCHES; i++) {
		if (f->ctx[i])
			seccomp_release(f->ctx[i]);
		f->ctx[i] = NULL;
	}
}

int sc_filter_index(const struct sc_filter *f, uint32_t arch)
{
	unsigned i;

	for (i = 0; i < f->n; i++)
		if (f->arch[i] == arch)
			return (int)i;
	return -1;
}

/* libseccomp takes the native number of a syscall and translates it for
 * each context's architecture. A negative number for that architecture
 * means it has no such syscall: nothing to filter there, except on x86,
 * where libseccomp turns socket(2) and the SysV IPC calls into their
 * socketcall(2) and ipc(2) forms too. */
int sc_rule_add(struct sc_filter *f, unsigned mask, const struct sc_rule *r)
{
	int nr = seccomp_syscall_resolve_name(r->name);
	unsigned i;
	int ret;

	if (nr == __NR_SCMP_ERROR)
		return -ENOENT;
	for (i = 0; i < f->n; i++) {
		if (!(mask & (1u << i)))
			continue;
		if (f->arch[i] != SCMP_ARCH_X86 &&
		    seccomp_syscall_resolve_name_arch(f->arch[i], r->name) < 0)
			continue;
		ret = seccomp_rule_add_array(f->ctx[i], r->action, nr, r->n, r->cmp);
		if (ret < 0)
			return ret;
	}
	return 0;
}

void sc_force_umount(struct sc_rule *r)
{
	*r = (struct sc_rule){
		.name = "umount2",
		.action = SCMP_ACT_ERRNO(EACCES),
		.n = 1,
		.cmp = { { .arg = 1,
			   .op = SCMP_CMP_MASKED_EQ,
			   .datum_a = MNT_FORCE,
			   .datum_b = MNT_FORCE } },
	};
}

/* The other contexts merged into ctx[0] (which merge releases). */
static int merge(struct sc_filter *f)
{
	unsigned i;
	int ret;

	for (i = 1; i < f->n; i++) {
		ret = seccomp_merge(f->ctx[0], f->ctx[i]);
		if (ret < 0)
			return ret;
		f->ctx[i] = NULL;
	}
	return 0;
}

/* The BPF program libseccomp writes to fd, read back into *out. */
static int read_prog(int fd, struct rlxc_seccomp *out, struct rlxc_error *err)
{
	struct stat st;
	size_t size;
	ssize_t n;

	if (fstat(fd, &st) < 0)
		return rlxc_fail(err, errno, "seccomp: the exported filter");
	size = (size_t)st.st_size;
	if (size == 0 || size % sizeof(struct sock_filter))
		return rlxc_fail(err, 0, "seccomp: libseccomp exported %zu bytes of filter", size);
	if (size / sizeof(struct sock_filter) > BPF_MAXINSNS)
		return rlxc_fail(err, 0,
				 "seccomp: the filter has %zu instructions, over the kernel's %d",
				 size / sizeof(struct sock_filter), BPF_MAXINSNS);
	out->prog = malloc(size);
	if (!out->prog)
		return rlxc_fail(err, ENOMEM, "seccomp: the filter");
	n = pread(fd, out->prog, size, 0);
	if (n != (ssize_t)size) {
		free(out->prog);
		out->prog = NULL;
		return rlxc_fail(err, n < 0 ? errno : EIO, "seccomp: reading the exported filter");
	}
	out->len = (unsigned short)(size / sizeof(struct sock_filter));
	return 0;
}

/* libseccomp 2.5.4 has no seccomp_export_bpf_mem: it writes to an fd, a
 * memfd here (a pipe would block on a program over its buffer). */
int sc_filter_export(struct sc_filter *f, struct rlxc_seccomp *out, struct rlxc_error *err)
{
	int fd, ret;

	ret = merge(f);
	if (ret < 0) {
		sc_filter_release(f);
		return rlxc_fail(err, -ret, "seccomp: merging the architectures' filters");
	}
	fd = memfd_create("rlxc-seccomp", MFD_CLOEXEC);
	if (fd < 0) {
		ret = rlxc_fail(err, errno, "seccomp: memfd_create");
	} else {
		ret = seccomp_export_bpf(f->ctx[0], fd);
		if (ret < 0)
			ret = rlxc_fail(err, -ret, "seccomp: exporting the filter");
		else
			ret = read_prog(fd, out, err);
		close(fd);
	}
	sc_filter_release(f);
	return ret;
}

int rlxc_seccomp_build(const struct rlxc_seccomp_spec *spec, struct rlxc_seccomp *out,
		       struct rlxc_error *err)
{
	struct sc_filter f;
	int ret;

	memset(out, 0, sizeof(*out));
	if (spec->profile) {
		ret = sc_profile_load(spec->profile, &f, err);
	} else {
		ret = sc_filter_init(&f, SCMP_ACT_ALLOW, err);
		if (ret == 0 && (ret = sc_policy_default(&f, spec->caps, err)) < 0)
			sc_filter_release(&f);
	}
	if (ret < 0)
		return ret;
	ret = sc_filter_export(&f, out, err);
	if (ret < 0 && spec->profile) /* a filter too big, say */
		rlxc_error_prefix(err, "%s", spec->profile);
	return ret;
}

void rlxc_seccomp_free(struct rlxc_seccomp *f)
{
	free(f->prog);
	f->prog = NULL;
	f->len = 0;
}
