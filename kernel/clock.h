/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* CLOCK_MONOTONIC, for deadlines and for timing. */
#ifndef RLXC_KERNEL_CLOCK_H
#define RLXC_KERNEL_CLOCK_H

#include <stdint.h>

/* In milliseconds: for deadlines. */
long rlxc_now_ms(void);
/* In nanoseconds: for measuring. */
uint64_t rlxc_now_ns(void);

#endif
