/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * Starting a container's init: clone into new namespaces (mnt, pid, uts,
 * ipc, net unless lxc.net.0.type = none, cgroup; user when lxc.idmap is
 * set), the parent writes uid/gid maps while the child waits, then runs
 * place() (the v1 cgroups) while the child sets up: hostname, rootfs
 * (bind, lxc.mount.fstab, lxc.mount.entry, lxc.mount.auto), a minimal
 * /dev (null, zero, full, random, urandom, tty, console, ptmx on a new
 * devpts instance, shm), /proc and /sys (read-only unless asked); then the
 * child enter()s its cgroups, pivot_root, the bounding set (libcap:
 * lxc.cap.drop / lxc.cap.keep), no_new_privs (lxc.no_new_privs) and the
 * seccomp filter (lxc.seccomp.profile, else rlxc's default deny-list:
 * seccomp/seccomp.h; built before the clone, so that a bad profile is
 * said, FILE:LINE, before anything is made), uid/gid, the other
 * capabilities, environment, cwd, and exec.
 *
 * An application container (rlxc execute) runs rlxc's own minimal init as
 * pid 1 (no binary needed in the rootfs: the child keeps running rlxc's
 * code): it forks CMD, forwards the signals it gets to CMD, reaps every
 * zombie and exits with CMD's status (128+N when CMD died of signal N,
 * 127 with "rlxc: CMD: command not found" when CMD does not exist).
 *
 * Details worth knowing:
 *  - no lxc.net.0 at all is taken as "empty": a network namespace of its
 *    own with lo up; only lxc.net.0.type = none shares the host's;
 *  - the container gets fds 0, 1, 2 (stdio[], or the caller's; or its
 *    console's pty, where terms says so) and nothing else: every other fd
 *    is closed before exec. Its init is in a session of its own, so that
 *    the caller's terminal is never its controlling terminal (/dev/tty);
 *  - terms (term/terms.h): its console and ttys, ptys the child makes of
 *    the container's devpts and hands back (terms->pty[] once rlxc_spawn
 *    returns); without it /dev/console and /dev/ttyN are /dev/null;
 *  - its environment is PATH=/usr/sbin:/usr/bin:/sbin:/bin, TERM (the
 *    caller's, else linux), container=lxc, HOME=/, then lxc.environment
 *    ("K=V", or "K": the caller's value of K, left out when unset);
 *  - with lxc.idmap a root caller leaves setgroups allowed in the user
 *    namespace (the container's root may need it); an unprivileged caller
 *    must deny it;
 *  - an application container with no rootfs runs on the host's root: new
 *    /proc and /sys on it (private mount namespace), the host's /dev, no
 *    pivot_root (see rootfs_impl.h).
 *
 * A failure in the child is sent back to the parent as the text of a
 * struct rlxc_error ("mount proc on /proc: Permission denied") before the
 * child exits; rlxc_spawn then returns -errno with that message, and the
 * child is gone: nothing it mounted outlives it (private mount namespace).
 */
#ifndef RLXC_SPAWN_H
#define RLXC_SPAWN_H

#include "config/config.h"
#include "term/terms.h"
#include "base/error.h"

#include <stdbool.h>
#include <sys/types.h>

struct rlxc_spawn {
	const char *name; /* the container's, for messages */
	const struct rlxc_config *conf;
	char *const *argv;  /* what to run; NULL: lxc.init.cmd / lxc.execute.cmd */
	bool app;	    /* rlxc execute: rlxc's minimal init as pid 1 */
	const char *rootfs; /* resolved rootfs path; NULL: conf->rootfs_path */
	/* Called in the parent once the child is on its way, while it sets
	 * itself up: finish what enter() needs (the v1 cgroups). May be NULL.
	 * An error stops the start, with its message. */
	int (*place)(void *arg, struct rlxc_error *err);
	/* Called in the child once place() is done, while it still sees the
	 * host's files (before pivot_root; with a user namespace, first
	 * thing, while it has the caller's credentials): place itself
	 * (rlxc_cgroup_enter). born_in_cgroup: it was cloned into cgroup_fd.
	 * May be NULL. An error stops the start, with its message. */
	int (*enter)(void *arg, bool born_in_cgroup, struct rlxc_error *err);
	void *arg; /* place's and enter's */
	/* into_cgroup: clone3 puts the child in the cgroup2 directory
	 * cgroup_fd (CLONE_INTO_CGROUP); where the kernel refuses, the child
	 * is born in the caller's cgroup and enter() is told so. */
	bool into_cgroup;
	int cgroup_fd;
	int stdio[3];		  /* fds for the container's 0, 1, 2; -1: inherit */
	struct rlxc_terms *terms; /* its terminals (see above); NULL: none */
};

/* Start it. On success *init is the container's init (host pid) and
 * *pidfd a pidfd for it (-1 where pidfd_open is missing), and the child
 * runs argv. */
int rlxc_spawn(const struct rlxc_spawn *sp, pid_t *init, int *pidfd, struct rlxc_error *err);

/* Validate what spawn would refuse, before anything is made: the rootfs
 * exists and is a directory, network types that rlxc does not support yet
 * ("lxc.net.0.type = veth (web.conf:4): not yet supported by rlxc"),
 * features the probes say are missing ("lxc.idmap needs ns.user, which is
 * no: ..."), mount entries that do not parse, an unreadable lxc.mount.fstab,
 * unknown capabilities, no command for an application container. */
int rlxc_spawn_check(const struct rlxc_spawn *sp, struct rlxc_error *err);

#endif
