/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * Inside rlxc_cgroup: one entry per hierarchy the container has a cgroup
 * in, each with the backend of its kind. A v1 host has v1 entries, a v2
 * host one v2 entry, a hybrid host both: v1 for the controllers it
 * mounts, v2 for what cgroup2 has. cgroup.c walks the entries and asks
 * their backend for what differs between v1 and v2 (cgroup_v1.c,
 * cgroup_v2.c); attach, pids and removal are the same on both and stay in
 * cgroup.c.
 */
#ifndef RLXC_CGROUP_IMPL_H
#define RLXC_CGROUP_IMPL_H

#include "cgroup.h"
#include "kernel/cgroupfs.h"

#include <limits.h>
#include <stdbool.h>

#define RLXC_CG_PREFIX "rlxc." /* a container's cgroup is rlxc.NAME */
#define RLXC_CG_WAIT_MS 2000   /* bound on a freeze, a thaw, emptying by SIGKILL */

struct cg_hier;

struct rlxc_cgroup_ops {
	int version; /* 1 or 2 */
	/* Make dir (just created, or rlxc found existing) usable: v1 fills
	 * an empty cpuset from its parent and sets memory.use_hierarchy; v2
	 * enables in the parent's subtree_control the controllers h->want
	 * names (and only those: the host's tree is changed no more than
	 * the config asks). */
	int (*prepare)(const struct cg_hier *h, const char *dir, struct rlxc_error *err);
	/* Write s->key = s->value in h's cgroup; errors name key and origin. */
	int (*set)(const struct rlxc_cgroup *cg, const struct cg_hier *h,
		   const struct rlxc_cgroup_setting *s, struct rlxc_error *err);
	/* Freeze / thaw and wait (bounded) until the kernel says so. */
	int (*freeze)(const struct cg_hier *h, struct rlxc_error *err);
	int (*thaw)(const struct cg_hier *h, struct rlxc_error *err);
	/* Signal everything at once (v2 cgroup.kill); -EOPNOTSUPP: the caller
	 * signals pid by pid. */
	int (*kill)(const struct cg_hier *h, int sig, struct rlxc_error *err);
};

extern const struct rlxc_cgroup_ops rlxc_cgroup_v1_ops;
extern const struct rlxc_cgroup_ops rlxc_cgroup_v2_ops;

struct cg_hier {
	const struct rlxc_cgroup_ops *ops;
	char ctrls[256];     /* v1: "cpu,cpuacct", "name=systemd"; v2: "" */
	char base[PATH_MAX]; /* the creator's own cgroup: rlxc goes below it */
	char path[PATH_MAX]; /* base/rlxc.NAME */
	bool made;	     /* create made path (undo removes only what it made) */
	char want[256];	     /* v2: the controllers lxc.cgroup2.* keys name, "pids memory" */
};

struct rlxc_cgroup {
	char name[NAME_MAX + 1];
	struct cg_hier *h;
	size_t n;
};

/* Fill cg->h with the hierarchies of this host, paths for cg->name. */
int rlxc_cg_discover(struct rlxc_cgroup *cg, struct rlxc_error *err);

/* The entry of the v1 hierarchy carrying ctrl, or of cgroup2; NULL: none. */
struct cg_hier *rlxc_cg_v1(const struct rlxc_cgroup *cg, const char *ctrl);
struct cg_hier *rlxc_cg_v2(const struct rlxc_cgroup *cg);

/*
 * A container's device list (cgroup_devices.c): the default rules, then
 * lxc.cgroup.devices.{allow,deny} and lxc.cgroup2.devices.{allow,deny} in
 * config order, one list for both (a hybrid host enforces it twice, and a
 * rule must not count on one side only). Every enforcer the container has
 * gets all of it: the v1 devices controller rule by rule, cgroup2 a
 * BPF_CGROUP_DEVICE program of the list those rules leave (cgroup_bpf.c).
 */
#define CG_DEV_MKNOD 1U /* the kernel's access bits, v1 and BPF alike */
#define CG_DEV_READ  2U
#define CG_DEV_WRITE 4U
#define CG_DEV_ALL   7U
#define CG_DEV_MAX   256 /* exceptions: the program stays under 4096 instructions */

struct cg_dev_rule {
	char type;				/* 'a' (every device), 'b' or 'c' */
	int major, minor;			/* -1: '*' */
	unsigned access;			/* CG_DEV_* */
	bool allow;				/* devices.allow, else devices.deny */
	const struct rlxc_cgroup_setting *from; /* the config's, NULL: a default */
};

/* What the rules leave, as the v1 controller keeps it: a default and the
 * exceptions to it (b or c only), each merged per device. */
struct cg_dev_list {
	bool allow; /* the default: allow (exceptions deny), or deny (they allow) */
	size_t n;
	struct cg_dev_rule ex[CG_DEV_MAX];
};

/* Check the device rules of c before anything is made: 0, or the first bad
 * rule named with its key and origin. */
int rlxc_cg_devices_check(const struct rlxc_config *c, struct rlxc_error *err);

/* Give the container its device list (the defaults and c's rules) on every
 * enforcer it has; fails closed where none can enforce it and the list
 * does not allow every device. */
int rlxc_cg_devices(const struct rlxc_cgroup *cg, const struct rlxc_config *c,
		    struct rlxc_error *err);

/* Whether s is a device rule (devices.*: the list's, never a file). */
bool rlxc_cg_devices_key(const struct rlxc_cgroup_setting *s);

/* Attach to the cgroup2 directory dir a BPF_CGROUP_DEVICE program of l
 * (BPF_F_ALLOW_MULTI, see cgroup_bpf.c). -EOPNOTSUPP: the kernel cannot
 * here (err says why); another -errno: it failed. */
int rlxc_cg_bpf_devices(const char *dir, const struct cg_dev_list *l, struct rlxc_error *err);

/* Whether word is in the comma-separated list. */
bool rlxc_cg_in_list(const char *list, const char *word);

/* Fail with a message that says it all (no strerror), returning -code. */
int rlxc_cg_fail_code(struct rlxc_error *err, int code, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* Fail naming the setting: "lxc.cgroup.KEY (ORIGIN): <fmt>[: strerror]". */
int rlxc_cg_setting_fail(struct rlxc_error *err, const struct rlxc_cgroup_setting *s, int errnum,
			 const char *fmt, ...) __attribute__((format(printf, 4, 5)));

/* Write the setting's value to its file in dir, naming key, origin, value,
 * path and the kernel's errno on failure. */
int rlxc_cg_write_setting(const struct rlxc_cgroup_setting *s, const char *dir,
			  struct rlxc_error *err);

#endif
