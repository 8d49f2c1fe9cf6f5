/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * lxc.cap.drop / lxc.cap.keep (libcap), applied in two steps by the
 * container's init before it execs:
 *
 *   the bounding set first, while the process still has CAP_SETPCAP
 *   (before it switches to lxc.init.uid);
 *   then, after the switch, the effective, permitted and inheritable sets,
 *   and the ambient set is cleared.
 *
 * So nothing the container runs can get a dropped capability back, not even
 * root exec'ing a file (root's exec gets the bounding set).
 */
#ifndef RLXC_CAPS_IMPL_H
#define RLXC_CAPS_IMPL_H

#include "config/config.h"
#include "base/error.h"

#include <stdbool.h>
#include <stdint.h>

/* The capabilities c takes away, one bit per CAP_* number:
 *
 *  - lxc.cap.keep: every capability of this kernel not in it ("none" keeps
 *    none), and nothing else, whatever the kind of container;
 *  - lxc.cap.drop (LXC's behaviour): its names, and, for a privileged
 *    container, the ones that reach the host whatever the namespaces
 *    (sys_admin, sys_module, sys_rawio, sys_time, mac_admin,
 *    mac_override): only lxc.cap.keep gives those back;
 *  - neither: all but the OCI default set, the 14 runc grants
 *    (audit_write chown dac_override fowner fsetid kill mknod
 *    net_bind_service net_raw setfcap setgid setpcap setuid sys_chroot),
 *    in a user namespace too: there sys_admin would hold over the
 *    container's own mount namespace, whose mounts rlxc made in it are
 *    not locked (the kernel locks only mounts a less privileged user
 *    namespace copied): its root could remount /proc/sys read-write and
 *    unmount the masked paths. A container that nests, or runs a systemd
 *    that mounts, asks with lxc.cap.drop (LXC's behaviour) or
 *    lxc.cap.keep.
 *
 * Fails for an unknown name and when both keys are set. */
int rlxc_caps_mask(const struct rlxc_config *c, bool userns, uint64_t *drop,
		   struct rlxc_error *err);

/* Take DROP out of the bounding set (needs CAP_SETPCAP). */
int rlxc_caps_drop_bounding(uint64_t drop, struct rlxc_error *err);

/* Take DROP out of the effective, permitted and inheritable sets; clear the
 * ambient set. */
int rlxc_caps_drop_process(uint64_t drop, struct rlxc_error *err);

#endif
