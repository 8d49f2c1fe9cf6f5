/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * What a process that enters a container does to itself before it execs,
 * shared by the container's init (spawn.c, init.c) and an attached process
 * (attach.c), so that both get the same ids, environment and signals.
 */
#ifndef RLXC_PROC_SETUP_IMPL_H
#define RLXC_PROC_SETUP_IMPL_H

#include "config/config.h"
#include "base/error.h"

#include <stdbool.h>

/* Not dumpable: only a process with CAP_SYS_PTRACE in the user namespace
 * that owns our memory (the host's, for a process forked on the host) may
 * ptrace us or open our /proc/PID/mem, fd/ and exe. A change of
 * credentials sets it to fs.suid_dumpable, which may be 1 (dumpable), so
 * this is called again after each one; fork keeps it, exec resets it. */
int rlxc_proc_not_dumpable(struct rlxc_error *err);

/*
 * Make /proc/self/exe a sealed copy of the program (CVE-2019-5736): a
 * process of the container that reaches our /proc/PID/exe, or that makes
 * us exec "/proc/self/exe" (a #! line naming it), gets a memfd that
 * cannot be written, never the host's binary. Returns 0 when it already
 * is one; otherwise copies the program into a memfd, seals it and execs
 * it with this process's argv (/proc/self/cmdline) and environment, so
 * the program starts again and comes back here to find it sealed. Only
 * returns (-errno) when that fails.
 */
int rlxc_proc_sealed_exe(struct rlxc_error *err);

/* Become uid and gid 0 of the user namespace just entered. */
int rlxc_proc_become_root(struct rlxc_error *err);

/* Every signal to its default action; an empty signal mask. */
void rlxc_proc_reset_signals(void);

/* No supplementary groups, then lxc.init.gid and lxc.init.uid when set.
 * userns: in a user namespace, where setgroups may be denied (EPERM is
 * then fine: there are none). */
int rlxc_proc_set_ids(const struct rlxc_config *c, bool userns, struct rlxc_error *err);

/* The container's environment: PATH=/usr/sbin:/usr/bin:/sbin:/bin, TERM
 * (the caller's, else linux), container=lxc, HOME=/, then lxc.environment
 * ("K=V", or "K": the caller's value of K, left out when unset), then
 * extra ("K=V"; may be NULL), each replacing an earlier value of its key.
 * *envp is NULL-terminated and malloc'ed (rlxc_proc_env_free). */
int rlxc_proc_env(const struct rlxc_config *c, const struct strv *extra, char ***envp,
		  struct rlxc_error *err);
void rlxc_proc_env_free(char **env);

/* An empty signal mask, then exec argv[0] (looked up in PATH); when that
 * fails: "rlxc: CMD: command not found" on stderr and exit 127 (or
 * "rlxc: CMD: REASON" and 127 for a missing path, 126 otherwise). */
__attribute__((noreturn)) void rlxc_proc_exec(char *const *argv);

/* What rlxc_proc_exec says when exec fails with errnum: the message on
 * stderr; the status to exit with (127 or 126). */
int rlxc_proc_exec_failed(const char *cmd, int errnum);

#endif
