// SPDX-License-Identifier: LGPL-2.1-or-later
#include "clock.h"

#include <time.h>

uint64_t rlxc_now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000ULL + (uint64_t)ts.tv_nsec;
}

long rlxc_now_ms(void)
{
	return (long)(rlxc_now_ns() / 1000000ULL);
}
