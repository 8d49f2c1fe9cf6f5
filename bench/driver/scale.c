// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Scale: what the Nth container costs. With 0, 16, 64 and 200 busybox
 * containers running (quick: 0 and 4), the start latency of one more
 * (start timed, stop -t 0 not), the memory the running ones use (the drop
 * of MemAvailable since before the first) and their supervisors' RSS and
 * PSS. The containers share the bench's rootfs (a config with -t none), so
 * the memory is the runtime's and init's, not N copies of busybox. When
 * memory or pids run out, the curve stops at what fit and the note says so.
 */
#include "driver.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <json-c/json.h>
#include <unistd.h>

#define NAME_LEN 80

static const int full_levels[] = { 0, 16, 64, 200 };
static const int quick_levels[] = { 0, 4 };

struct fleet {
	char (*names)[NAME_LEN];
	int running;
	char probe[NAME_LEN]; /* the one more whose start is timed */
	char conf[PATH_MAX + 16];
	long avail0; /* MemAvailable before the first container, KiB */
};

/* "Key:   123 kB" from a /proc file; -1 when missing */
static long proc_kib(const char *path, const char *key)
{
	size_t klen = strlen(key);
	char line[256];
	long v = -1;
	FILE *f = fopen(path, "r");

	if (!f)
		return -1;
	while (fgets(line, sizeof(line), f)) {
		if (!strncmp(line, key, klen) && line[klen] == ':') {
			v = strtol(line + klen + 1, NULL, 10);
			break;
		}
	}
	fclose(f);
	return v;
}

static long mem_available(void)
{
	return proc_kib("/proc/meminfo", "MemAvailable");
}

/* Enough memory left for another container? Keeps 5% of RAM (at least
 * 256 MiB) for the host. */
static bool memory_left(char *why, size_t len)
{
	long total = proc_kib("/proc/meminfo", "MemTotal"), avail = mem_available();
	long keep = total / 20 > 256 * 1024 ? total / 20 : 256 * 1024;

	if (avail < 0 || avail > keep)
		return true;
	snprintf(why, len, "MemAvailable down to %ld MiB", avail / 1024);
	return false;
}

/* Start containers until `want` run; false (and sr->note) when one does
 * not fit. */
static bool grow(struct bench_ctx *ctx, struct fleet *fl, int want, struct scale_result *sr)
{
	char why[256] = "";

	while (fl->running < want && !bench_stop) {
		char *name = fl->names[fl->running];

		if (!memory_left(why, sizeof(why)))
			break;
		if (rlxc_cmd(ctx, "create", "-n", name, "-t", "none", "-f", fl->conf, NULL) < 0) {
			snprintf(why, sizeof(why), "%s", ctx->err);
			break;
		}
		if (rlxc_cmd(ctx, "start", "-n", name, NULL) < 0) {
			snprintf(why, sizeof(why), "%s", ctx->err);
			rlxc_cmd(ctx, "destroy", "-f", "-n", name, NULL);
			break;
		}
		fl->running++;
	}
	if (fl->running == want)
		return true;
	if (!bench_stop)
		snprintf(sr->note, sizeof(sr->note), "only %d of %d containers fit: %s",
			 fl->running, want, why);
	return false;
}

static void supervisor_mem(struct bench_ctx *ctx, const char *name, struct scale_point *pt)
{
	char buf[4096], path[64];
	json_object *o, *pid;
	long rss, pss;

	if (rlxc_capture(ctx, buf, sizeof(buf), "info", "-n", name, "--json", NULL) < 0)
		return;
	o = json_tokener_parse(buf);
	if (o && json_object_object_get_ex(o, "supervisor", &pid) && json_object_get_int(pid) > 0) {
		snprintf(path, sizeof(path), "/proc/%d/status", json_object_get_int(pid));
		rss = proc_kib(path, "VmRSS");
		snprintf(path, sizeof(path), "/proc/%d/smaps_rollup", json_object_get_int(pid));
		pss = proc_kib(path, "Pss");
		if (rss >= 0) {
			pt->nsup++;
			pt->sup_rss_kib += rss;
			pt->sup_pss_kib += pss > 0 ? pss : 0;
		}
	}
	json_object_put(o);
}

/* The start latency of one more container, runs times. */
static void start_latency(struct bench_ctx *ctx, struct fleet *fl, struct scale_point *pt, int runs)
{
	double t;

	pt->samples = calloc((size_t)runs, sizeof(double));
	if (!pt->samples) {
		snprintf(pt->err, sizeof(pt->err), "out of memory");
		return;
	}
	for (int i = -1; i < runs && !bench_stop; i++) { /* run -1 warms up */
		t = rlxc_cmd(ctx, "start", "-n", fl->probe, NULL);
		if (t >= 0 && rlxc_cmd(ctx, "stop", "-t", "0", "-n", fl->probe, NULL) < 0)
			t = -1;
		if (t < 0) {
			snprintf(pt->err, sizeof(pt->err), "%s", ctx->err);
			break;
		}
		if (i >= 0)
			pt->samples[pt->n++] = t;
	}
	stats_compute(pt->samples, pt->n, &pt->start);
}

static void measure(struct bench_ctx *ctx, struct fleet *fl, struct scale_point *pt)
{
	int runs = ctx->quick ? 5 : (ctx->runs < 20 ? ctx->runs : 20);
	long avail;

	pt->running = fl->running;
	if (fl->running)
		usleep(ctx->quick ? 100000 : 500000); /* let every rcS finish */
	avail = mem_available();
	pt->mem_kib = avail >= 0 && fl->avail0 >= 0 ? fl->avail0 - avail : -1;
	for (int i = 0; i < fl->running && !bench_stop; i++)
		supervisor_mem(ctx, fl->names[i], pt);
	start_latency(ctx, fl, pt, runs);
}

static int fleet_init(struct bench_ctx *ctx, struct fleet *fl, int max)
{
	char what[16];

	fl->names = calloc((size_t)max + 1, NAME_LEN);
	if (!fl->names)
		return -1;
	for (int i = 0; i < max; i++) {
		snprintf(what, sizeof(what), "s%d", i);
		rlxc_name(fl->names[i], NAME_LEN, what);
	}
	rlxc_name(fl->probe, sizeof(fl->probe), "probe");
	snprintf(fl->conf, sizeof(fl->conf), "%s/bench/config", ctx->store);
	if (rlxc_cmd(ctx, "create", "-n", fl->probe, "-t", "none", "-f", fl->conf, NULL) < 0)
		return -1;
	fl->avail0 = mem_available();
	return 0;
}

static void fleet_free(struct bench_ctx *ctx, struct fleet *fl)
{
	for (int i = fl->running - 1; i >= 0; i--)
		if (rlxc_cmd(ctx, "destroy", "-f", "-n", fl->names[i], NULL) < 0)
			fprintf(stderr, "rlxc-bench: scale cleanup: %s\n", ctx->err);
	rlxc_cmd(ctx, "destroy", "-f", "-n", fl->probe, NULL);
	free(fl->names);
}

void scale_run(struct bench_ctx *ctx, struct scale_result *sr)
{
	const int *levels = ctx->quick ? quick_levels : full_levels;
	int nlevels = ctx->quick ? 2 : 4;
	struct fleet fl = { 0 };

	memset(sr, 0, sizeof(*sr));
	if (fleet_init(ctx, &fl, levels[nlevels - 1]) < 0) {
		snprintf(sr->note, sizeof(sr->note), "could not set up: %s", ctx->err);
		fleet_free(ctx, &fl);
		return;
	}
	for (int i = 0; i < nlevels && !bench_stop; i++) {
		struct scale_point *pt = &sr->pt[sr->npt++];
		bool fits = grow(ctx, &fl, levels[i], sr);

		pt->wanted = levels[i];
		printf("  scale: %d containers running, timing the start of one more\n",
		       fl.running);
		measure(ctx, &fl, pt);
		if (!fits)
			break;
	}
	fleet_free(ctx, &fl);
}

void scale_free(struct scale_result *sr)
{
	for (int i = 0; i < sr->npt; i++)
		free(sr->pt[i].samples);
}
