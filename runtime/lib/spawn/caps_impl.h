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

#include <stdint.h>

/* The capabilities c takes away, one bit per CAP_* number: lxc.cap.drop, or
 * every capability of this kernel not in lxc.cap.keep ("none" keeps none).
 * Fails for an unknown name and when both keys are set. */
int rlxc_caps_mask(const struct rlxc_config *c, uint64_t *drop, struct rlxc_error *err);

/* Take DROP out of the bounding set (needs CAP_SETPCAP). */
int rlxc_caps_drop_bounding(uint64_t drop, struct rlxc_error *err);

/* Take DROP out of the effective, permitted and inheritable sets; clear the
 * ambient set. */
int rlxc_caps_drop_process(uint64_t drop, struct rlxc_error *err);

#endif
