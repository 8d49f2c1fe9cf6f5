// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * rlxc-bench: every container operation of rlxc timed end to end, rlxc's
 * execute side by side with the floor, lxc-execute and runc, the cost of
 * the Nth running container, and the targets met or not. Figures, never a
 * pass/fail: exit 0 unless the bench could not run at all (2: bad usage).
 *
 *   rlxc-bench [--quick] [--runs N] [--rlxc PATH] [--floor PATH] [--out DIR] [--no-scale]
 *
 * Everything lives in a scratch directory /tmp/rlxc-bench-XXXXXX (store/,
 * run/), removed at the end with every container, also after a failure or
 * SIGINT (which ends the current run, then cleans up and reports).
 */
#include "driver.h"
#include "report.h"
#include "kernel/clock.h"

#include <errno.h>
#include <ftw.h>
#include <getopt.h>
#include <libgen.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

volatile sig_atomic_t bench_stop;

struct opts {
	bool quick, no_scale;
	int runs;
	const char *rlxc, *floor, *out;
};

static void on_signal(int sig)
{
	/* the first ends the current run; the third gives up cleaning */
	if (++bench_stop >= 3) {
		signal(sig, SIG_DFL);
		raise(sig);
	}
}

static void catch_signals(void)
{
	/* SA_RESTART: the wait for the command that runs goes on */
	struct sigaction sa = { .sa_handler = on_signal, .sa_flags = SA_RESTART };

	sigemptyset(&sa.sa_mask);
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGHUP, &sa, NULL);
}

static double now_s(void)
{
	return (double)rlxc_now_ns() / 1e9;
}

/* DIR/name where DIR is this program's directory (build/bench/): the
 * defaults ../rlxc and floor, next to what make built. */
static const char *beside_me(const char *name)
{
	static char paths[2][PATH_MAX];
	static int k;
	char self[PATH_MAX];
	ssize_t n = readlink("/proc/self/exe", self, sizeof(self) - 1);
	char *p = paths[k++ % 2];

	if (n < 0)
		return name;
	self[n] = '\0';
	snprintf(p, PATH_MAX, "%s/%s", dirname(self), name);
	return p;
}

static void usage(FILE *f)
{
	fprintf(f, "usage: rlxc-bench [--quick] [--runs N] [--rlxc PATH] [--floor PATH] "
		   "[--out DIR] [--no-scale]\n"
		   "  --quick      a smoke run: 5 runs per operation, scale with 0 and 4\n"
		   "  --runs N     runs per operation (default 100)\n"
		   "  --rlxc PATH  the rlxc binary (default: ../rlxc beside rlxc-bench)\n"
		   "  --floor PATH the floor program (default: floor beside rlxc-bench)\n"
		   "  --out DIR    where the JSON and SVG go (default bench/results)\n"
		   "  --no-scale   skip the scale curve\n");
}

static int parse(int argc, char **argv, struct opts *o)
{
	static const struct option lopts[] = {
		{ "quick", no_argument, NULL, 'q' },	  { "runs", required_argument, NULL, 'n' },
		{ "rlxc", required_argument, NULL, 'r' }, { "floor", required_argument, NULL, 'f' },
		{ "out", required_argument, NULL, 'o' },  { "no-scale", no_argument, NULL, 's' },
		{ "help", no_argument, NULL, 'h' },	  { 0 },
	};
	int c, runs = 0;

	*o = (struct opts){ .runs = 100, .out = "bench/results" };
#ifdef RLXC_BIN
	o->rlxc = RLXC_BIN;
#else
	o->rlxc = beside_me("../rlxc");
#endif
	o->floor = beside_me("floor");
	while ((c = getopt_long(argc, argv, "qn:r:f:o:sh", lopts, NULL)) != -1) {
		switch (c) {
		case 'q':
			o->quick = true;
			break;
		case 'n':
			runs = atoi(optarg);
			if (runs < 1)
				goto bad;
			break;
		case 'r':
			o->rlxc = optarg;
			break;
		case 'f':
			o->floor = optarg;
			break;
		case 'o':
			o->out = optarg;
			break;
		case 's':
			o->no_scale = true;
			break;
		case 'h':
			usage(stdout);
			exit(0);
		default:
			goto bad;
		}
	}
	if (optind < argc)
		goto bad;
	o->runs = runs ? runs : o->quick ? 5 : 100;
	return 0;
bad:
	usage(stderr);
	return -1;
}

/*
 * The id files of the bench's unprivileged containers (RLXC_SUBUID,
 * RLXC_SUBGID, RLXC_IDMAP_DB: ops.c), never the host's: root's range in
 * them is high above LXD's (1000000 on), so that no bench container shares
 * ids with one of the host's while the bench runs.
 */
static int write_ids(struct bench_ctx *ctx)
{
	static const char *const files[] = { "subuid", "subgid" };
	char path[PATH_MAX + 16];
	FILE *f;

	for (size_t i = 0; i < 2; i++) {
		snprintf(path, sizeof(path), "%s/%s", ctx->dir, files[i]);
		if (!(f = fopen(path, "wx")) || fprintf(f, "root:4000000000:16777216\n") < 0 ||
		    fchmod(fileno(f), 0644) < 0 || fclose(f)) {
			snprintf(ctx->err, sizeof(ctx->err), "%s: %s", path, strerror(errno));
			return -1;
		}
	}
	return 0;
}

/* The scratch directory and the base container whose rootfs all share
 * (privileged: its rootfs stays root's, for every runtime). */
static int setup(struct bench_ctx *ctx, const struct opts *o)
{
	static char rlxc[PATH_MAX], floor_path[PATH_MAX];

	ctx->rlxc = realpath(o->rlxc, rlxc) ? rlxc : o->rlxc;
	ctx->floor = realpath(o->floor, floor_path) ? floor_path : o->floor;
	if (access(ctx->rlxc, X_OK)) {
		snprintf(ctx->err, sizeof(ctx->err), "%s: %s", ctx->rlxc, strerror(errno));
		return -1;
	}
	snprintf(ctx->dir, sizeof(ctx->dir), "/tmp/rlxc-bench-XXXXXX");
	if (!mkdtemp(ctx->dir)) {
		snprintf(ctx->err, sizeof(ctx->err), "mkdtemp: %s", strerror(errno));
		ctx->dir[0] = '\0';
		return -1;
	}
	/* an unprivileged container's root passes through it to its rootfs */
	if (chmod(ctx->dir, 0711) < 0 || write_ids(ctx) < 0) {
		snprintf(ctx->err, sizeof(ctx->err), "%s: %s", ctx->dir, strerror(errno));
		return -1;
	}
	snprintf(ctx->store, sizeof(ctx->store), "%s/store", ctx->dir);
	snprintf(ctx->runtime, sizeof(ctx->runtime), "%s/run", ctx->dir);
	if (mkdir(ctx->store, 0755) || mkdir(ctx->runtime, 0755)) {
		snprintf(ctx->err, sizeof(ctx->err), "mkdir in %s: %s", ctx->dir, strerror(errno));
		return -1;
	}
	if (rlxc_cmd(ctx, "create", "-n", "bench", "-t", "busybox", "--privileged", NULL) < 0)
		return -1;
	snprintf(ctx->rootfs, sizeof(ctx->rootfs), "%s/bench/rootfs", ctx->store);
	return 0;
}

static int remove_entry(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
	(void)st;
	(void)ftw;
	if (remove(path) && flag != FTW_DNR)
		fprintf(stderr, "rlxc-bench: cleanup: remove %s: %s\n", path, strerror(errno));
	return 0;
}

/* Every container of the store, then the scratch directory (never
 * crossing into a mount: FTW_MOUNT). */
static void cleanup(struct bench_ctx *ctx)
{
	if (!ctx->dir[0])
		return;
	rlxc_destroy_all(ctx);
	nftw(ctx->dir, remove_entry, 32, FTW_DEPTH | FTW_PHYS | FTW_MOUNT);
}

/* Setup, an untimed warm-up, runs timed runs, teardown. Three failures in
 * a row end the op; its first error is kept. */
static void run_op(struct bench_ctx *ctx, const struct bench_op *op, int runs,
		   struct bench_result *r)
{
	void *state = NULL;
	int in_row = 0;
	double t;

	r->op = op;
	r->runs = runs;
	r->samples = calloc((size_t)runs, sizeof(double));
	ctx->err[0] = '\0';
	if (!r->samples || (op->setup && op->setup(ctx, op, &state) < 0)) {
		snprintf(r->err, sizeof(r->err), "set-up: %s", r->samples ? ctx->err : "no memory");
		goto out;
	}
	for (int i = -1; i < runs && !bench_stop && in_row < 3; i++) {
		if ((t = op->once(ctx, op, state)) >= 0) {
			in_row = 0;
			if (i >= 0)
				r->samples[r->n++] = t;
			continue;
		}
		if (!r->err[0])
			snprintf(r->err, sizeof(r->err), "%s", ctx->err);
		r->failed++;
		in_row++;
	}
out:
	if (op->teardown && state)
		op->teardown(ctx, op, state);
	stats_compute(r->samples, r->n, &r->st);
}

/* rlxc's ops, then the peers'. */
static const struct bench_op **all_ops(size_t *n)
{
	size_t nr, np;
	const struct bench_op *r = rlxc_ops(&nr), *p = peer_ops(&np);
	const struct bench_op **ops = calloc(nr + np, sizeof(*ops));

	for (size_t i = 0; ops && i < nr + np; i++)
		ops[i] = i < nr ? &r[i] : &p[i - nr];
	*n = ops ? nr + np : 0;
	return ops;
}

static void versions(struct bench_report *rep)
{
#ifdef RLXC_VERSION
	snprintf(rep->rlxc_version, sizeof(rep->rlxc_version), "%s", RLXC_VERSION);
#else
	char cmd[PATH_MAX + 96], dir[PATH_MAX];
	FILE *p;

	snprintf(dir, sizeof(dir), "%s", rep->ctx->rlxc);
	/* the tree rlxc was built in, else the one we run in */
	snprintf(cmd, sizeof(cmd),
		 "git -C '%s' describe --always --dirty 2>/dev/null || "
		 "git describe --always --dirty 2>/dev/null",
		 dirname(dir));
	p = popen(cmd, "r");
	if (!p || !fgets(rep->rlxc_version, sizeof(rep->rlxc_version), p))
		snprintf(rep->rlxc_version, sizeof(rep->rlxc_version), "unknown");
	rep->rlxc_version[strcspn(rep->rlxc_version, "\n")] = '\0';
	if (p)
		pclose(p);
#endif
	peer_versions(rep->peer_versions, sizeof(rep->peer_versions));
	snprintf(rep->peers_missing, sizeof(rep->peers_missing), "%s", peers_missing());
}

static void stamp(struct bench_report *rep)
{
	time_t now = time(NULL);
	struct tm tm;

	strftime(rep->stamp, sizeof(rep->stamp), "%Y%m%d-%H%M%S", localtime_r(&now, &tm));
	strftime(rep->started, sizeof(rep->started), "%Y-%m-%dT%H:%M:%SZ", gmtime_r(&now, &tm));
}

static void run_all(struct bench_report *rep, const struct opts *o)
{
	const struct bench_op **ops = all_ops(&rep->nres);
	size_t n;

	rep->res = calloc(rep->nres ? rep->nres : 1, sizeof(*rep->res));
	if (!ops || !rep->res) {
		rep->nres = 0;
		free(ops);
		return;
	}
	report_table_header();
	for (n = 0; n < rep->nres && !bench_stop; n++) {
		run_op(rep->ctx, ops[n], bench_op_runs(rep->ctx, ops[n]), &rep->res[n]);
		report_table_row(&rep->res[n]);
	}
	rep->nres = n; /* fewer when interrupted */
	free(ops);
	rep->scale.skipped = o->no_scale;
	if (!o->no_scale && !bench_stop) {
		printf("\nscale (%s)\n",
		       o->quick ? "0 and 4 containers" : "0, 16, 64, 200 containers");
		scale_run(rep->ctx, &rep->scale);
	}
}

int main(int argc, char **argv)
{
	struct bench_ctx ctx = { 0 };
	struct bench_report rep = { .ctx = &ctx };
	struct opts o;
	double t0 = now_s();
	int ret = 0;

	if (parse(argc, argv, &o) < 0)
		return 2;
	setvbuf(stdout, NULL, _IOLBF, 0);
	ctx.runs = o.runs;
	ctx.quick = o.quick;
	catch_signals();
	stamp(&rep);
	if (setup(&ctx, &o) < 0) {
		fprintf(stderr, "rlxc-bench: could not set up: %s\n", ctx.err);
		ret = 1;
		goto out;
	}
	versions(&rep);
	report_intro(&rep);
	run_all(&rep, &o);
	rep.interrupted = bench_stop != 0;
	bench_ratios(&rep);
	bench_targets(&rep);
	rep.wall_s = now_s() - t0;
	report_summary(&rep);
	report_files(&rep, o.out);
out:
	cleanup(&ctx);
	for (size_t i = 0; i < rep.nres; i++)
		free(rep.res[i].samples);
	free(rep.res);
	scale_free(&rep.scale);
	if (bench_stop)
		fprintf(stderr, "rlxc-bench: interrupted; cleaned up\n");
	return ret;
}
