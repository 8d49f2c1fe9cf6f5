/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * A container's cgroups, on cgroup v1, v2 and hybrid hosts (this one is
 * hybrid: v1 hierarchies for most controllers, cgroup2 at
 * /sys/fs/cgroup/unified). One backend per layout behind one set of
 * operations: v2 uses the unified hierarchy; v1 one directory per mounted
 * hierarchy; hybrid both: each controller where the host has it.
 *
 * The container's cgroup is rlxc.NAME right below the cgroup the caller is in
 * (in each hierarchy), so nested setups and delegated subtrees work. The
 * absolute paths are saved in the runtime directory (rlxc_cgroup_save) so
 * that other processes (ps, freeze from the CLI, a cleanup after a dead
 * supervisor) find the same cgroups.
 *
 * Built on kernel/cgroupfs.h. It does not ask the probes first (that would
 * cost a try in a child each time): it uses a feature and, when the kernel
 * refuses, names the missing feature and the config key that needs it.
 */
#ifndef RLXC_CGROUP_H
#define RLXC_CGROUP_H

#include "config/config.h"
#include "base/error.h"

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

struct rlxc_cgroup;

/* Create rlxc.NAME in every hierarchy and apply c's lxc.cgroup.* (v1) and
 * lxc.cgroup2.* (v2) settings, in config order (c may be NULL: none); a
 * setting the host cannot take fails with
 * "lxc.cgroup.memory.limit_in_bytes (web.conf:7): ...". An existing
 * rlxc.NAME is -EEXIST ("cgroup rlxc.NAME exists in ..."). On failure
 * nothing is left behind. Named v1 hierarchies (name=systemd) are used
 * too; on v2 the controllers the lxc.cgroup2 keys name are enabled in our
 * own cgroup.subtree_control (best effort; never disabled again). */
int rlxc_cgroup_create(struct rlxc_cgroup **cg, const char *name, const struct rlxc_config *c,
		       struct rlxc_error *err);

/* The same in two steps, so that a start can overlap the second with its
 * init's own setup: _v2 finds the hierarchies and makes cgroup2's
 * rlxc.NAME only (what clone3 puts init in; nothing is left on failure);
 * _v1 makes the v1 ones, and with a config (a container's) gives it its
 * device list (cgroup_devices.c: the default and lxc.cgroup[2].devices.*,
 * to the v1 devices cgroup and as cgroup2's device program), then applies
 * every other setting. When _v1 fails, what it made is in cg:
 * rlxc_cgroup_destroy removes it. */
int rlxc_cgroup_create_v2(struct rlxc_cgroup **cg, const char *name, const struct rlxc_config *c,
			  struct rlxc_error *err);
int rlxc_cgroup_create_v1(struct rlxc_cgroup *cg, const struct rlxc_config *c,
			  struct rlxc_error *err);

/* Save / load the paths (RUN_DIR/cgroup, "VERSION CONTROLLERS PATH" per
 * hierarchy, with rlxc_file_put). Forget empties the file once the cgroups
 * are gone; load then fails with -ENOENT, as for a missing file. */
int rlxc_cgroup_save(const struct rlxc_cgroup *cg, const char *run_dir, struct rlxc_error *err);
int rlxc_cgroup_forget(const char *run_dir, struct rlxc_error *err);
int rlxc_cgroup_load(struct rlxc_cgroup **cg, const char *run_dir, struct rlxc_error *err);

/* Move pid into the container's cgroups (every hierarchy). pid 0 moves the
 * calling thread, which is quicker on v1 (see cgfs_attach). */
int rlxc_cgroup_attach(struct rlxc_cgroup *cg, pid_t pid, struct rlxc_error *err);

/*
 * The quick way in, for a new single-threaded process (a container's init):
 * moving another process takes the kernel's cgroup_threadgroup_rwsem for
 * writing, which waits for an RCU grace period (10-16 ms on an idle host),
 * once per start. Instead the parent clones the child straight into the
 * cgroup2 cgroup (clone3 CLONE_INTO_CGROUP with rlxc_cgroup_v2_fd), and the
 * child moves itself into each v1 hierarchy ("0" into tasks), neither of
 * which takes that lock.
 *
 * rlxc_cgroup_v2_fd: *fd is an fd of the container's cgroup2 directory
 * (close it), -1 when it has none. rlxc_cgroup_enter: move the calling
 * process in every hierarchy, but cgroup2 when born_in_v2.
 */
int rlxc_cgroup_v2_fd(const struct rlxc_cgroup *cg, int *fd, struct rlxc_error *err);
int rlxc_cgroup_enter(struct rlxc_cgroup *cg, bool born_in_v2, struct rlxc_error *err);

/* Freeze / thaw every process; returns once the kernel says frozen/thawed
 * (bounded: -ETIMEDOUT, and a failed freeze thaws again). Uses the v1
 * freezer where its hierarchy is mounted, else cgroup2; -EOPNOTSUPP when
 * there is neither, or cgroup2 has no cgroup.freeze (before 5.2). */
int rlxc_cgroup_freeze(struct rlxc_cgroup *cg, struct rlxc_error *err);
int rlxc_cgroup_thaw(struct rlxc_cgroup *cg, struct rlxc_error *err);

/* Signal every process of the container. SIGKILL: cgroup.kill where
 * cgroup2 has it (5.14), then again pid by pid until the cgroup is empty
 * (bounded), thawing a frozen container after the signal. */
int rlxc_cgroup_kill(struct rlxc_cgroup *cg, int sig, struct rlxc_error *err);

/* The pids in the container's cgroup and below it (host pids), sorted,
 * without duplicates; *pids is malloc'ed (free it; NULL when *n is 0). */
int rlxc_cgroup_pids(struct rlxc_cgroup *cg, pid_t **pids, size_t *n, struct rlxc_error *err);

/* Kill what is left, remove every directory (missing ones are fine: also
 * after a dead supervisor), free cg (always). */
int rlxc_cgroup_destroy(struct rlxc_cgroup *cg, struct rlxc_error *err);

/* Free without touching the kernel. */
void rlxc_cgroup_free(struct rlxc_cgroup *cg);

#endif
