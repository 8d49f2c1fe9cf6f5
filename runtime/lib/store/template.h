/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* The busybox template (template.c). */
#ifndef RLXC_TEMPLATE_H
#define RLXC_TEMPLATE_H

#include "config/config.h"
#include "base/error.h"

/* Build a busybox rootfs at rootfs (which must not exist yet) from the
 * host's static busybox ($RLXC_BUSYBOX, /bin/busybox, /usr/bin/busybox). */
int rlxc_template_busybox(const char *rootfs, const char *name, struct rlxc_error *err);

/* The config the template gives a container: hostname, rootfs, busybox
 * init as lxc.init.cmd and SIGUSR1 as its halt signal, a network
 * namespace with only lo, /proc and /sys. */
int rlxc_template_busybox_config(struct rlxc_config *c, const char *rootfs, const char *name,
				 struct rlxc_error *err);

#endif
