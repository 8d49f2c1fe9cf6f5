// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * bench-check: how long `rlxc check` (every probe) takes, end to end, as a
 * user runs it: fork, exec, all probes, the report to /dev/null.
 * Prints median, p90, p99, min, max over N runs, twice: as it usually runs
 * (the per-boot cache of cr.criu warm, see probes/cache.c) and as the first
 * run of a boot (an empty cache each time), and whether the target (median
 * <= 50 ms, usual runs) is met. A figure, never a pass/fail: exit 0 unless
 * the command itself could not run. Runs use their own runtime directory,
 * never the host's /run/rlxc.
 *
 *   bench-check [--quick] [--runs N] [--rlxc PATH]
 */
#include <fcntl.h>
#include <ftw.h>
#include <limits.h>
#include <stdbool.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <sys/stat.h>
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
static double run_once(const char *rlxc, const char *runtime_dir)
{
	double t0 = now_ms();
	int status;
	pid_t pid = fork();

	if (pid < 0)
		return -1;
	if (pid == 0) {
		int null = open("/dev/null", O_WRONLY);

		dup2(null, 1);
		setenv("RLXC_RUNTIME_DIR", runtime_dir, 1);
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

/* N runs into t (sorted); fresh: an empty runtime directory each run. */
static int measure(const char *rlxc, int runs, double *t, const char *dir, bool fresh)
{
	char sub[PATH_MAX];

	snprintf(sub, sizeof(sub), "%s/warm", dir);
	run_once(rlxc, sub); /* warm the page cache (and the probe cache) */
	for (int i = 0; i < runs; i++) {
		if (fresh)
			snprintf(sub, sizeof(sub), "%s/fresh%d", dir, i);
		if ((t[i] = run_once(rlxc, sub)) < 0) {
			fprintf(stderr, "bench-check: %s check --json failed\n", rlxc);
			return 1;
		}
	}
	qsort(t, (size_t)runs, sizeof(*t), cmp_double);
	return 0;
}

static void report(const char *what, const double *t, int runs, bool target)
{
	double median = pct(t, runs, 50);

	printf("%-30s %6d %7.2fms %7.2fms %7.2fms %7.2fms %7.2fms  %s%s\n", what, runs, median,
	       pct(t, runs, 90), pct(t, runs, 99), t[0], t[runs - 1],
	       target ? (median <= TARGET_MS ? "median <= 50 ms: met" : "median <= 50 ms: NOT met")
		      : "(figure only)",
	       "");
}

static int remove_entry(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
	(void)st;
	(void)flag;
	(void)ftw;
	return remove(path);
}

int main(int argc, char **argv)
{
	const char *rlxc = RLXC_BIN;
	int runs = 101, c, ret;
	char dir[] = "/tmp/rlxc-bench-XXXXXX";
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
	if (!t || !mkdtemp(dir))
		return 1;
	printf("%-30s %6s %9s %9s %9s %9s %9s  %s\n", "operation", "runs", "median", "p90", "p99",
	       "min", "max", "target");
	ret = measure(rlxc, runs, t, dir, false);
	if (ret == 0)
		report("rlxc check (all)", t, runs, true);
	if (ret == 0 && (ret = measure(rlxc, runs, t, dir, true)) == 0)
		report("rlxc check (all, first of boot)", t, runs, false);
	nftw(dir, remove_entry, 16, FTW_DEPTH | FTW_PHYS);
	free(t);
	return ret;
}
