/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * cgroupfs: where the cgroup hierarchies are and how to make, use and remove
 * a cgroup in them. Shared by the cgroup probes and the runtime.
 *
 * Every function returns 0 or -errno. Paths are absolute paths in the
 * caller's mount namespace; a "cgroup" argument is the directory of one
 * cgroup (a hierarchy's mount point is its root cgroup).
 */
#ifndef RLXC_CGROUPFS_H
#define RLXC_CGROUPFS_H

#include <limits.h>
#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

enum cgfs_layout {
	CGFS_NONE = 0, /* nothing mounted at /sys/fs/cgroup */
	CGFS_V1,       /* tmpfs with v1 hierarchies, no cgroup2 */
	CGFS_V2,       /* cgroup2 at /sys/fs/cgroup */
	CGFS_HYBRID,   /* tmpfs with v1 hierarchies and cgroup2 at .../unified */
};

#define CGFS_ROOT "/sys/fs/cgroup"

/* Tell the layout from the filesystem magic of /sys/fs/cgroup and of
 * /sys/fs/cgroup/unified. */
int cgfs_layout(enum cgfs_layout *layout);
const char *cgfs_layout_name(enum cgfs_layout layout);

/* One cgroup or cgroup2 line of /proc/self/mountinfo. */
struct cgfs_mount {
	bool v2;
	char path[PATH_MAX]; /* mount point */
	char root[PATH_MAX]; /* the cgroup mounted there, "/" for the hierarchy root */
	char opts[256];	     /* super options: the v1 controllers, "name=..." */
};

/* Call fn for each cgroup mount, in mountinfo order, until it returns
 * non-zero (which is then returned). */
int cgfs_each_mount(int (*fn)(const struct cgfs_mount *m, void *arg), void *arg);

/* The mount point of the v1 hierarchy that carries ctrl ("memory",
 * "name=systemd"); -ENOENT when none does. */
int cgfs_v1_mount(const char *ctrl, char *path, size_t len);
/* The mount point of cgroup2 (/sys/fs/cgroup, then .../unified, then any);
 * -ENOENT when it is not mounted. */
int cgfs_v2_mount(char *path, size_t len);

/* /proc/cgroups: the hierarchy id (0: not on a v1 hierarchy) and whether
 * the controller is enabled; -ENOENT when the kernel does not know it. */
int cgfs_proc_cgroups(const char *ctrl, int *hierarchy, bool *enabled);
/* The same, with num_cgroups: the cgroups of its hierarchy, dying ones
 * included (a v1 hierarchy unmounted while it has any is never destroyed). */
int cgfs_proc_cgroups_num(const char *ctrl, int *hierarchy, int *num, bool *enabled);

/* Our own cgroup in the hierarchy of ctrl (NULL: cgroup2), as the path
 * /proc/self/cgroup shows it ("/", "/user.slice/..."). cgfs_self_in looks
 * it up in text, a copy of that file read once (for many lookups). */
int cgfs_self(const char *ctrl, char *path, size_t len);
int cgfs_self_in(const char *text, const char *ctrl, char *path, size_t len);

/* Whether a whitespace-separated list file (cgroup.controllers,
 * cgroup.subtree_control) of cgroup holds word: 0 yes, -ENOENT no. */
int cgfs_has(const char *cgroup, const char *file, const char *word);

/* Read (NUL-terminated, trailing newline kept) or write one file of cgroup;
 * the write is a single write(2), so the kernel's error comes back. */
int cgfs_read(const char *cgroup, const char *file, char *buf, size_t len);
int cgfs_write(const char *cgroup, const char *file, const char *text);

/* mkdir parent/name into path. A leftover cgroup of that name (same pid,
 * earlier run) is removed first. */
int cgfs_create(const char *parent, const char *name, char *path, size_t len);
/*
 * Move pid into cgroup. Moving another process waits for an RCU grace period
 * (~10 ms, the global cgroup_threadgroup_rwsem); pid 0 moves the calling
 * thread, on v1 through "tasks", which is quick: use it from a
 * single-threaded child that moves itself. (On v2, clone3(CLONE_INTO_CGROUP)
 * is the quick way.)
 */
int cgfs_attach(const char *cgroup, pid_t pid);
/*
 * Remove cgroup and its descendants: thaw, SIGKILL and move out every
 * process, rmdir (bounded retries while dying tasks leave). Only a cgroup
 * of ours: -EINVAL for a path with no component named rlxc... and for a
 * hierarchy root.
 */
int cgfs_remove(const char *cgroup);

/* Wait (poll on cgroup.events, at most timeout_ms) until its line "key"
 * has value ("frozen" 1, "populated" 0); -ETIMEDOUT past it. */
int cgfs_wait_event(const char *cgroup, const char *key, int value, int timeout_ms);

#endif
