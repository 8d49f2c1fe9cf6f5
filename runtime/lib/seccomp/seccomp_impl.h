/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * Inside the seccomp folder: a filter being built, one libseccomp context
 * per architecture it covers (filter.c), which the default policy
 * (policy.c) and the profile reader (profile.c on profile_add.c and
 * profile_rule.c) fill.
 *
 * One context per architecture, merged at the end, as LXC does: a rule of
 * a profile's [x86] section must reach the x86 filter only, and libseccomp
 * applies a rule to every architecture of a context.
 */
#ifndef RLXC_SECCOMP_IMPL_H
#define RLXC_SECCOMP_IMPL_H

#include "seccomp.h"

#include <seccomp.h>
#include <stddef.h>
#include <stdint.h>

/* The native architecture and its compat ones: x86_64 with x86 and x32,
 * aarch64 with arm; any other host only its own. */
#define SC_MAX_ARCHES 3

struct sc_filter {
	scmp_filter_ctx ctx[SC_MAX_ARCHES];
	uint32_t arch[SC_MAX_ARCHES]; /* SCMP_ARCH_*; arch[0] is the native one */
	unsigned n;
};

/* Every architecture of f, as a mask of its indexes. */
#define SC_ALL(f) ((1u << (f)->n) - 1)

/* A rule: action for the syscall name when all of cmp[0..n) hold. */
#define SC_MAX_ARGS 6
struct sc_rule {
	char name[64];
	uint32_t action;
	unsigned n;
	struct scmp_arg_cmp cmp[SC_MAX_ARGS];
};

/* f's contexts, each with def (SCMP_ACT_*) for what no rule matches and
 * SCMP_ACT_KILL_PROCESS for a call of an architecture it does not cover.
 * 0 or -errno with err set. */
int sc_filter_init(struct sc_filter *f, uint32_t def, struct rlxc_error *err);
void sc_filter_release(struct sc_filter *f);

/* The index of arch (SCMP_ARCH_*) in f, or -1 when f does not cover it. */
int sc_filter_index(const struct sc_filter *f, uint32_t arch);

/* r on the architectures of mask; r->name is known to libseccomp. An
 * architecture without that syscall is left out (libseccomp rewrites
 * x86's socket and ipc calls onto socketcall and ipc itself). 0, or what
 * libseccomp said (-errno); the caller reports it. */
int sc_rule_add(struct sc_filter *f, unsigned mask, const struct sc_rule *r);

/* LXC's reject_force_umount: umount2(x, flags with MNT_FORCE) -> EACCES. */
void sc_force_umount(struct sc_rule *r);

/* The merged filter as a BPF program into *out (malloc'd). f is released
 * whatever the result. 0 or -errno with err set. */
int sc_filter_export(struct sc_filter *f, struct rlxc_seccomp *out, struct rlxc_error *err);

/* rlxc's default policy (policy.c) into f, for a container keeping caps. */
int sc_policy_default(struct sc_filter *f, uint64_t caps, struct rlxc_error *err);

/* profile_rule.c. Each returns 0, or -EINVAL with what is wrong in
 * why[len] (the caller adds FILE:LINE and the line). */

/* An action at the start of s: kill, trap, allow, log, errno N, trace N
 * (notify is refused: rlxc has no notifier); *end past it. */
int sc_parse_action(const char *s, const char **end, uint32_t *action, char *why, size_t len);

/* A whole rule line, without its comment, trimmed; def: the action of a
 * rule that names none. */
int sc_parse_rule(const char *line, uint32_t def, struct sc_rule *r, char *why, size_t len);

/* The bounds of a profile (profile.c). libseccomp builds a filter in a
 * time that grows with the cube of the argument conditions of its rules:
 * 300 rules of six conditions on ioctl took 40 s, thousands half an hour,
 * a denial of service for `rlxc start`; 512 conditions, 0.8 s. The worst
 * profile found within these bounds builds in 0.05 s, Docker's default
 * (370 rules, 8 conditions) in 0.01 s. */
#define SC_PROFILE_MAX	  (1 << 20) /* bytes */
#define SC_MAX_RULES	  4096	    /* rule lines */
#define SC_MAX_CONDS	  256	    /* argument conditions, over all rules */
#define SC_MAX_COND_RULES 64	    /* rules with conditions, one syscall on one arch */

/* What the profile reader knows while it reads (profile.c). */
struct sc_seen; /* profile_add.c: which rules each syscall has */
struct reader {
	const char *path;
	struct rlxc_error *err;
	struct sc_filter *f;
	char *next;	     /* the rest of the text */
	unsigned line;	     /* the number of the line read last */
	const char *text;    /* that line, trimmed */
	int version;	     /* 1 or 2 */
	bool deny;	     /* a denylist */
	uint32_t def_policy; /* what no rule matches */
	uint32_t def_rule;   /* the action of a rule that names none */
	unsigned mask;	     /* the architectures of the current section */
	unsigned rules;	     /* the rules read so far */
	unsigned conds;	     /* and their conditions */
	struct sc_seen *seen;
};

/* profile_add.c */

/* A new table of what rules each syscall has, for r->seen. NULL: ENOMEM. */
struct sc_seen *sc_seen_new(void);

/* "PATH:LINE: what: 'line'" into r->err; -EINVAL. */
int sc_bad(struct reader *r, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* rule of r's current line on the architectures of mask (0: a section
 * for an architecture the filter does not cover: checked only), counted
 * against the bounds above. 0 or -EINVAL with r->err set. */
int sc_profile_add(struct reader *r, const struct sc_rule *rule, unsigned mask);

/* The profile at path read into *f, which it initializes (the profile
 * says the default action). 0 or -errno with err set, "PATH:LINE: ..."
 * for a bad line; f is released on failure. */
int sc_profile_load(const char *path, struct sc_filter *f, struct rlxc_error *err);

#endif
