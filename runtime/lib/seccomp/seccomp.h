/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * A container's seccomp filter, built with libseccomp in the supervisor
 * before the container's init is cloned, and installed by the init (and by
 * each attached process) right before it execs, as a plain BPF program: the
 * child never calls into libseccomp.
 *
 * Without lxc.seccomp.profile a container gets rlxc's default policy, a
 * deny-list: LXC's default (kexec_load, open_by_handle_at, init_module,
 * finit_module, delete_module: EPERM; keyctl: ENOSYS; umount2 with
 * MNT_FORCE: EACCES) and the rest of what only the host's admin may do
 * (policy.c says which and why). bpf and perf_event_open are denied when
 * the container lacks the capability they need.
 *
 * lxc.seccomp.profile names a file in LXC's profile format, version 1 or 2
 * (profile.c): an allowlist or a denylist, per-architecture sections,
 * actions, argument conditions. A bad profile is an error naming
 * FILE:LINE and what is wrong with it. A profile is bounded (1 MiB, 4096
 * rules, 256 argument conditions, 64 conditioned rules a call: see
 * seccomp_impl.h), because libseccomp's build time grows with the cube of
 * the conditions; within them the worst build takes about 0.05 s.
 *
 * The filter covers the native architecture and its compat ones (x86_64:
 * x86 and x32), so that a 32-bit call cannot go around it.
 */
#ifndef RLXC_SECCOMP_H
#define RLXC_SECCOMP_H

#include "base/error.h"

#include <linux/filter.h>
#include <stdbool.h>
#include <stdint.h>

struct rlxc_seccomp {
	struct sock_filter *prog; /* malloc'd BPF program */
	unsigned short len;	  /* instructions */
};

/* What the filter is built for. */
struct rlxc_seccomp_spec {
	const char *profile; /* lxc.seccomp.profile, NULL: the default policy */
	uint64_t caps;	     /* the capabilities the container keeps (CAP_* bits) */
};

/* Build the filter into *out. 0 or -errno with err set ("FILE:LINE: ..."
 * for a bad profile). */
int rlxc_seccomp_build(const struct rlxc_seccomp_spec *spec, struct rlxc_seccomp *out,
		       struct rlxc_error *err);

/* Install it on the calling thread (seccomp(2), SECCOMP_SET_MODE_FILTER).
 * The caller has no_new_privs set or CAP_SYS_ADMIN in its user namespace.
 * No allocation: safe in a child made with clone. */
int rlxc_seccomp_install(const struct rlxc_seccomp *f, struct rlxc_error *err);

void rlxc_seccomp_free(struct rlxc_seccomp *f);

#endif
