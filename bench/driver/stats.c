// SPDX-License-Identifier: LGPL-2.1-or-later
/* Median, p90, p99, min, max (nearest rank) and mean of a set of samples. */
#include "stats.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

double stats_rank(const double *sorted, size_t n, double p)
{
	/* rank = ceil(p * n / 100), without libm; p * n first: 90 * 100 / 100
	 * is exactly 90, 0.9 * 100 is not */
	double x = p * (double)n / 100.0;
	size_t r = (size_t)x;

	if ((double)r < x - 1e-9)
		r++;
	return sorted[r < 1 ? 0 : r > n ? n - 1 : r - 1];
}

int stats_compute(const double *samples, size_t n, struct bench_stats *st)
{
	double *s, sum = 0;

	memset(st, 0, sizeof(*st));
	if (n == 0)
		return 0;
	s = malloc(n * sizeof(*s));
	if (!s)
		return -ENOMEM;
	memcpy(s, samples, n * sizeof(*s));
	qsort(s, n, sizeof(*s), cmp_double);
	for (size_t i = 0; i < n; i++)
		sum += s[i];
	st->n = n;
	st->median = stats_rank(s, n, 50);
	st->p90 = stats_rank(s, n, 90);
	st->p99 = stats_rank(s, n, 99);
	st->min = s[0];
	st->max = s[n - 1];
	st->mean = sum / (double)n;
	free(s);
	return 0;
}
