/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * Running a command inside a running container (rlxc attach, lxc-attach).
 *
 * The container must be RUNNING (rlxc_status_read): a FROZEN one is
 * refused ("cannot attach to web: it is FROZEN": the command would hang),
 * any other state too ("attach web: it is STOPPED").
 *
 * A child of the caller enters each namespace of the container's init
 * that differs from the caller's (user, cgroup, ipc, uts, net, pid, mnt;
 * with lxc.net.0.type = none the network namespace is the host's and
 * stays so): setns on a pidfd of init where the probe syscall.pidfd_setns
 * says yes, else on the files /proc/INIT/ns/X opened beforehand. It forks,
 * so that the command is in the container's pid namespace (the mount
 * namespace gives it the container's root and /proc). The caller moves
 * that grandchild into the container's cgroups (RUN_DIR/cgroup) before it
 * goes on; the intermediate child stays out of them. The grandchild then
 * sets itself up as spawn sets up init, from the container's config as it
 * is now: root of the user namespace, lxc.cap.drop / lxc.cap.keep,
 * lxc.init.gid and lxc.init.uid, the container's environment (see
 * proc_setup_impl.h) with env on top, the working directory (cwd, else
 * lxc.init.cwd, else /), default signal dispositions, no fd but 0, 1 and 2
 * (the caller's, passed through), and execs argv. Its parent waits for it
 * and exits with its status; the caller waits for that one.
 *
 * While it waits, the caller ignores SIGINT and SIGQUIT, as system(3)
 * does: the terminal's reach the command, which is in the caller's process
 * group, and its status is what the caller returns. Other signals sent to
 * the caller are not forwarded.
 */
#ifndef RLXC_ATTACH_H
#define RLXC_ATTACH_H

#include "config/config.h"
#include "store/container.h"
#include "base/error.h"

/* Run argv inside ct; env: "K=V" strings (may be NULL); cwd may be NULL.
 * Returns the command's exit status (0..255, 128+N when signal N killed
 * it, 127 after "rlxc: CMD: command not found" on stderr when it does not
 * exist), or -errno with err filled when it could not be started. */
int rlxc_attach(struct rlxc_container *ct, char *const *argv, const struct strv *env,
		const char *cwd, struct rlxc_error *err);

#endif
