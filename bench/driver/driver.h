/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * The driver's own declarations, shared by main.c, ops.c, scale.c and
 * report.c: what a run found (results, ratios, the scale curve, targets)
 * and rlxc's operations.
 */
#ifndef RLXC_BENCH_DRIVER_H
#define RLXC_BENCH_DRIVER_H

#include "bench.h"
#include "stats.h"

#include <signal.h>
#include <stdbool.h>

/* Set by SIGINT, SIGTERM, SIGHUP: finish the current run, clean up, report. */
extern volatile sig_atomic_t bench_stop;

/* One operation's runs. */
struct bench_result {
	const struct bench_op *op;
	int runs;	 /* planned */
	double *samples; /* the successful runs, in order */
	size_t n;	 /* successful runs */
	int failed;	 /* failed runs (then the op stopped: see err) */
	struct bench_stats st;
	char err[512]; /* the first error; "" when none */
};

/* rlxc's execute median against a peer's, in one variant. */
struct bench_ratio {
	struct bench_variant v;
	const char *peer; /* "floor", "lxc-execute", "runc" */
	double rlxc_ms, peer_ms;
	double ratio; /* rlxc / peer; < 0 when either is missing */
};

/* An op of rlxc's run unprivileged (its own user namespace and block of
 * ids) against the same op privileged: their medians. */
struct bench_unpriv {
	const char *op;
	double priv_ms, unpriv_ms;
	double ratio; /* unprivileged / privileged; < 0 when either is missing */
};

#define BENCH_MAX_UNPRIV 4

#define SCALE_MAX_LEVELS 4

/* The host with `running` busybox containers up. */
struct scale_point {
	int wanted, running;
	double *samples; /* start latency of one more container */
	size_t n;
	struct bench_stats start;
	long mem_kib;	  /* MemAvailable drop since before the first one */
	int nsup;	  /* supervisors measured */
	long sup_rss_kib; /* their VmRSS, summed */
	long sup_pss_kib; /* their Pss (shared pages split), summed */
	char err[512];
};

struct scale_result {
	bool skipped;
	int npt;
	struct scale_point pt[SCALE_MAX_LEVELS];
	char note[512]; /* "only 150 of 200 fit: ..." */
};

struct bench_target {
	char what[96];	 /* "execute median <= 1.5x floor" */
	char value[160]; /* "1.23x (3.10 ms vs 2.52 ms)" */
	int met;	 /* 1 met, 0 NOT met, -1 not measured */
	bool primary;	 /* false: a per-variant line, for information */
};

#define BENCH_MAX_RATIOS  12
#define BENCH_MAX_TARGETS 24

struct bench_report {
	struct bench_ctx *ctx;
	struct bench_result *res;
	size_t nres;
	struct bench_ratio ratio[BENCH_MAX_RATIOS];
	size_t nratio;
	struct bench_unpriv unpriv[BENCH_MAX_UNPRIV];
	size_t nunpriv;
	struct scale_result scale;
	struct bench_target target[BENCH_MAX_TARGETS];
	size_t ntarget;
	char stamp[32];	  /* YYYYmmdd-HHMMSS */
	char started[32]; /* ISO 8601, UTC */
	double wall_s;	  /* the whole bench */
	char rlxc_version[128];
	char peer_versions[512];
	char peers_missing[128];
	bool interrupted;
};

/* "-", "netns", "limits", "netns+limits"; "unprivileged" (whatever else) */
const char *bench_variant_name(struct bench_variant v);

/* rlxc's operations (ops.c), and how many runs each gets. */
const struct bench_op *rlxc_ops(size_t *n);
int bench_op_runs(const struct bench_ctx *ctx, const struct bench_op *op);

/* Run `rlxc VERB ARGS...` (NULL-terminated) in the bench's store and
 * runtime directory: wall ms, or -1 with ctx->err. */
double rlxc_cmd(struct bench_ctx *ctx, const char *verb, ...) __attribute__((sentinel));
/* The same, its stdout into buf (NUL-terminated, truncated): 0 or -1. */
int rlxc_capture(struct bench_ctx *ctx, char *buf, size_t len, const char *verb, ...)
	__attribute__((sentinel));
/* A container name unique to this bench process: "bench<pid>-<what>". */
void rlxc_name(char *buf, size_t len, const char *what);
/* Destroy (-f) every container in the bench's store; how many failed. */
int rlxc_destroy_all(struct bench_ctx *ctx);

/* The scale curve (scale.c); sr->note says what did not fit. */
void scale_run(struct bench_ctx *ctx, struct scale_result *sr);
void scale_free(struct scale_result *sr);

#endif
