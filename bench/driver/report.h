/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * What a bench run found, told three ways: a table on the terminal
 * (report.c), OUT/<stamp>.json (report_json.c) and OUT/<stamp>.svg drawn by
 * gnuplot from OUT/<stamp>.gp (report_svg.c); and the ratios and targets
 * derived from the results (targets.c).
 */
#ifndef RLXC_BENCH_REPORT_H
#define RLXC_BENCH_REPORT_H

#include "driver.h"

#include <sys/utsname.h>

struct bench_host {
	char hostname[256];
	long nproc;
	long mem_kib;  /* MemTotal */
	char cpu[128]; /* the first "model name" of /proc/cpuinfo */
	struct utsname uts;
};

void bench_host(struct bench_host *h);

/* The terminal (report.c): the host and versions, one row per op as it
 * finishes, then the ratios, the scale curve and the targets. */
void report_intro(const struct bench_report *rep);
void report_table_header(void);
void report_table_row(const struct bench_result *r);
void report_summary(const struct bench_report *rep);

/* OUT/<stamp>.json and OUT/<stamp>.svg (OUT made when missing); says on the
 * terminal where they are, or why not. */
void report_files(const struct bench_report *rep, const char *out);
int report_json(const struct bench_report *rep, const char *path);
/* 0 written, 1 gnuplot missing (the .gp is still written), -1 error */
int report_svg(const struct bench_report *rep, const char *gp, const char *svg);

/* The op named name (a prefix: "execute") of runtime in variant v that has
 * samples; NULL when none. */
const struct bench_result *bench_find(const struct bench_report *rep, const char *name,
				      const char *runtime, struct bench_variant v);
/* "-" "netns" "limits" "netns+limits", in this order */
extern const struct bench_variant bench_variants[4];

/* rep->ratio and rep->target from the results and the scale curve. */
void bench_ratios(struct bench_report *rep);
void bench_targets(struct bench_report *rep);

#endif
