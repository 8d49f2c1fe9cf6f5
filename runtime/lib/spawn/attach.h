/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * Running a command inside a running container (rlxc attach, lxc-attach).
 *
 * The container must be RUNNING (rlxc_status_read): a FROZEN one is
 * refused ("cannot attach to web: it is FROZEN": the command would hang),
 * any other state too ("attach web: it is STOPPED").
 *
 * What the command gets is the running init's, read through a pidfd of it
 * (not from the config, which may have changed since the start): its
 * namespaces that differ from the caller's (user, cgroup, ipc, uts, net,
 * pid, mnt; with lxc.net.0.type = none the network namespace is the
 * host's and stays so), entered with setns on the pidfd where the probe
 * syscall.pidfd_setns says yes, else on the files /proc/INIT/ns/X; its
 * cgroups (RUN_DIR/cgroup); its capabilities (its CapBnd as the bounding
 * set, its CapEff at most); no_new_privs when init has it or
 * lxc.no_new_privs says so; and the container's seccomp filter
 * (lxc.seccomp.profile, else rlxc's default policy, seccomp.h). From the
 * config as it is now: lxc.init.gid and lxc.init.uid, the container's
 * environment (see proc_setup_impl.h) with env on top, the working
 * directory (cwd, else lxc.init.cwd, else /). Default signal
 * dispositions, a session of its own, no fd but 0, 1 and 2, and argv is
 * exec'ed; rlxc waits for it and returns its status.
 *
 * No terminal of the host enters the container. When any of the caller's
 * fds 0, 1, 2 is a terminal, those of the command are instead a new pty
 * of the container's own devpts (/dev/pts/N inside, opened from init's
 * root), its controlling terminal, owned by its user; the caller keeps
 * the master and relays it to its terminal (raw mode, put back on exit,
 * the window size followed on SIGWINCH; no escape sequence) until the
 * command exits. The other fds, and all three without a terminal, are
 * the caller's, passed through as they are. Either way the caller's
 * terminal is not the command's controlling terminal (/dev/tty inside
 * does not reach it).
 *
 * Nothing the container can see is more than the container (attach.c
 * says how and why): the process that appears in its pid namespace is
 * born in its cgroups, with its capabilities and seccomp filter, not
 * dumpable, holding no fd of the host. For a container in the caller's
 * user namespace (a privileged one) the caller first re-executes itself
 * from a sealed copy of rlxc, so that /proc/PID/exe never leads to the
 * host's binary (CVE-2019-5736); the only processes of rlxc that see the
 * container are then the command's.
 *
 * While it waits, the caller passes SIGINT, SIGQUIT, SIGTERM and SIGHUP on
 * to the command (the terminal's reach it so, or through its pty), and
 * its status is what the caller returns. Other signals sent to the caller
 * are not forwarded.
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
