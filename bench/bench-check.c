// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * bench-check: how long `rlxc check` (every probe) takes, end to end, as a
 * user runs it: fork, exec, all probes, the report to /dev/null.
 * Prints median, p90, p99, min, max over N runs and whether the target
 * (median <= 50 ms) is met. A figure, never a pass/fail: exit 0 unless the
 * command itself could not run.
 *
 *   bench-check [--quick] [--runs N] [--rlxc PATH]
 */
#include <fcntl.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define TARGET_MS 50.0

static double now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

/* One run; returns its wall time in ms, or -1 when rlxc could not run.
 * Exit status 1 (a required feature missing) is a valid run. */
static double run_once(const char *rlxc)
{
	double t0 = now_ms();
	int status;
	pid_t pid = fork();

	if (pid < 0)
		return -1;
	if (pid == 0) {
		int null = open("/dev/null", O_WRONLY);

		dup2(null, 1);
		execl(rlxc, rlxc, "check", "--json", (char *)NULL);
		_exit(127);
	}
	if (waitpid(pid, &status, 0) < 0 || !WIFEXITED(status) || WEXITSTATUS(status) > 1)
		return -1;
	return now_ms() - t0;
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

static double pct(const double *sorted, int n, double p)
{
	int i = (int)(p / 100.0 * (n - 1) + 0.5);

	return sorted[i < n ? i : n - 1];
}

int main(int argc, char **argv)
{
	const char *rlxc = RLXC_BIN;
	int runs = 101, c;
	double *t;

	static const struct option opts[] = {
		{ "quick", no_argument, NULL, 'q' },
		{ "runs", required_argument, NULL, 'n' },
		{ "rlxc", required_argument, NULL, 'r' },
		{ 0 },
	};
	while ((c = getopt_long(argc, argv, "qn:r:", opts, NULL)) != -1) {
		switch (c) {
		case 'q':
			runs = 11;
			break;
		case 'n':
			runs = atoi(optarg);
			break;
		case 'r':
			rlxc = optarg;
			break;
		default:
			fprintf(stderr, "usage: bench-check [--quick] [--runs N] [--rlxc PATH]\n");
			return 2;
		}
	}
	if (runs < 1) {
		fprintf(stderr, "bench-check: --runs must be at least 1\n");
		return 2;
	}
	t = calloc((size_t)runs, sizeof(*t));
	if (!t)
		return 1;
	run_once(rlxc); /* warm the page cache; not counted */
	for (int i = 0; i < runs; i++) {
		if ((t[i] = run_once(rlxc)) < 0) {
			fprintf(stderr, "bench-check: %s check --json failed\n", rlxc);
			free(t);
			return 1;
		}
	}
	qsort(t, (size_t)runs, sizeof(*t), cmp_double);
	printf("%-22s %6s %9s %9s %9s %9s %9s  %s\n", "operation", "runs", "median", "p90", "p99",
	       "min", "max", "target");
	printf("%-22s %6d %7.2fms %7.2fms %7.2fms %7.2fms %7.2fms  median <= %.0f ms: %s\n",
	       "rlxc check (all)", runs, pct(t, runs, 50), pct(t, runs, 90), pct(t, runs, 99), t[0],
	       t[runs - 1], TARGET_MS, pct(t, runs, 50) <= TARGET_MS ? "met" : "NOT met");
	free(t);
	return 0;
}
