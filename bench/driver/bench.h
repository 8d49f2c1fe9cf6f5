/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * rlxc-bench: container operations timed end to end, side by side with the
 * kernel floor and with peers (lxc-execute, runc), each in variants (with
 * and without a new network namespace, with and without cgroup limits;
 * rlxc's create, execute and start also unprivileged, against privileged).
 *
 * An operation is a set-up once, a timed once() run N times, and a
 * teardown. once() returns its wall time in milliseconds (CLOCK_MONOTONIC
 * around the whole command, as a user sees it), or -1 with ctx->err set.
 * Nothing here passes or fails: figures, and targets met or not.
 */
#ifndef RLXC_BENCH_H
#define RLXC_BENCH_H

#include <limits.h>
#include <stdbool.h>
#include <stddef.h>

struct bench_variant {
	bool netns;  /* a new network namespace (lo only) */
	bool limits; /* cgroup limits: pids.max and memory limit */
	bool userns; /* unprivileged: a user namespace of its own block of ids */
};

struct bench_ctx {
	const char *rlxc;             /* the rlxc binary */
	const char *floor;            /* the floor program (bench/floor.c) */
	char dir[PATH_MAX];           /* a scratch directory for everything */
	char store[PATH_MAX];         /* RLXC_PATH for rlxc (under dir) */
	char runtime[PATH_MAX];       /* RLXC_RUNTIME_DIR (under dir) */
	char rootfs[PATH_MAX];        /* a busybox rootfs every runtime uses */
	int runs;                     /* per operation */
	bool quick;
	char err[512];
};

struct bench_op {
	const char *name;    /* "execute /bin/true", "start", "create (template)" */
	const char *runtime; /* "rlxc", "floor", "lxc-execute", "runc" */
	struct bench_variant v;
	/* NULL when none; 0 or -1 with ctx->err */
	int (*setup)(struct bench_ctx *ctx, const struct bench_op *op, void **state);
	double (*once)(struct bench_ctx *ctx, const struct bench_op *op, void *state);
	void (*teardown)(struct bench_ctx *ctx, const struct bench_op *op, void *state);
};

/* The peers' operations (peers.c): floor, lxc-execute, runc, each
 * "execute /bin/true" in the four variants. *n is how many; an op whose
 * runtime is not installed is left out, and peers_missing says which. */
const struct bench_op *peer_ops(size_t *n);
const char *peers_missing(void); /* "lxc-execute runc" or "" */
/* Versions for the results: "lxc-execute 5.0.2, runc 1.1.5, ..." */
void peer_versions(char *buf, size_t len);

/* Run argv (NULL-terminated) with env additions ("K=V", NULL-terminated,
 * may be NULL), stdout/stderr to /dev/null unless keep_output; returns
 * wall ms, or -1 with ctx->err saying what exited how. (run.c) */
double bench_run(struct bench_ctx *ctx, char *const *argv, char *const *env, bool keep_output);

#endif
