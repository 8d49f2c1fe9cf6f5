/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * Order statistics of a set of samples (milliseconds): nearest-rank
 * percentiles of the sorted samples, so every figure is a time that was
 * actually measured (the median of an even count is the lower middle).
 */
#ifndef RLXC_BENCH_STATS_H
#define RLXC_BENCH_STATS_H

#include <stddef.h>

struct bench_stats {
	size_t n;
	double median, p90, p99, min, max, mean;
};

/* The p-th percentile (0 < p <= 100) of n sorted samples: the sample of
 * rank ceil(p/100 * n). n must be at least 1. */
double stats_rank(const double *sorted, size_t n, double p);

/* Fill st from n samples (left as they are; sorted in a copy). n == 0 gives
 * st->n == 0 and zeros. Returns 0, or -ENOMEM. */
int stats_compute(const double *samples, size_t n, struct bench_stats *st);

#endif
