// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * The terminal: who and what ran, one row per operation as it finishes
 * (times in milliseconds), then the ratios, the scale curve, the targets.
 */
#include "report.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define ROW "%-28s %-12s %-13s %5s %9s %9s %9s %9s %9s\n"

void bench_host(struct bench_host *h)
{
	char line[256];
	FILE *f;

	memset(h, 0, sizeof(*h));
	gethostname(h->hostname, sizeof(h->hostname) - 1);
	h->nproc = sysconf(_SC_NPROCESSORS_ONLN);
	uname(&h->uts);
	if ((f = fopen("/proc/meminfo", "r"))) {
		while (fgets(line, sizeof(line), f))
			if (sscanf(line, "MemTotal: %ld kB", &h->mem_kib) == 1)
				break;
		fclose(f);
	}
	if ((f = fopen("/proc/cpuinfo", "r"))) {
		while (fgets(line, sizeof(line), f)) {
			char *colon = strchr(line, ':');

			if (!strncmp(line, "model name", 10) && colon) {
				snprintf(h->cpu, sizeof(h->cpu), "%s", colon + 2);
				h->cpu[strcspn(h->cpu, "\n")] = '\0';
				break;
			}
		}
		fclose(f);
	}
}

void report_intro(const struct bench_report *rep)
{
	const struct bench_ctx *ctx = rep->ctx;
	struct bench_host h;

	bench_host(&h);
	printf("rlxc-bench %s: %d runs per operation (stop (graceful): %d)%s\n", rep->stamp,
	       ctx->runs,
	       ctx->runs < (ctx->quick ? 2 : 10) ? ctx->runs
	       : ctx->quick			 ? 2
						 : 10,
	       ctx->quick ? ", quick" : "");
	printf("host:    %s, %ld CPUs (%s), %.1f GiB, %s %s %s\n", h.hostname, h.nproc,
	       h.cpu[0] ? h.cpu : "?", h.mem_kib / 1048576.0, h.uts.sysname, h.uts.release,
	       h.uts.machine);
	printf("rlxc:    %s (%s)\n", ctx->rlxc, rep->rlxc_version);
	printf("floor:   %s\n", ctx->floor);
	printf("peers:   %s%s%s\n", rep->peer_versions[0] ? rep->peer_versions : "none",
	       rep->peers_missing[0] ? "; missing: " : "", rep->peers_missing);
	printf("scratch: %s (rootfs %s)\n", ctx->dir, ctx->rootfs);
	printf("times in ms, wall clock around the whole command (fork, exec, wait)\n\n");
}

void report_table_header(void)
{
	printf(ROW, "operation", "runtime", "variant", "runs", "median", "p90", "p99", "min",
	       "max");
}

void report_table_row(const struct bench_result *r)
{
	char runs[16], v[5][16];
	const double x[5] = { r->st.median, r->st.p90, r->st.p99, r->st.min, r->st.max };

	snprintf(runs, sizeof(runs), "%zu", r->n);
	for (int i = 0; i < 5; i++) {
		if (r->n)
			snprintf(v[i], sizeof(v[i]), "%.2f", x[i]);
		else
			snprintf(v[i], sizeof(v[i]), "-");
	}
	printf(ROW, r->op->name, r->op->runtime, bench_variant_name(r->op->v), runs, v[0], v[1],
	       v[2], v[3], v[4]);
	if (r->err[0])
		printf("    ! %s%d failed: %s\n", r->n ? "" : "no figure, ",
		       r->failed ? r->failed : 1, r->err);
}

static void ratio_cell(const struct bench_ratio *q)
{
	if (q->ratio < 0)
		printf("  %-20s", q->peer_ms < 0 ? "(no figure)" : "(no rlxc figure)");
	else
		printf("  %8.2f ms %6.2fx  ", q->peer_ms, q->ratio);
}

static void report_ratios(const struct bench_report *rep)
{
	printf("\nexecute /bin/true: rlxc median / peer median\n");
	printf("%-13s %11s  %-20s  %-20s  %-20s\n", "variant", "rlxc", "floor", "lxc-execute",
	       "runc");
	for (size_t k = 0; k < 4; k++) {
		const struct bench_ratio *q = &rep->ratio[k];

		printf("%-13s ", bench_variant_name(q->v));
		if (q->rlxc_ms < 0)
			printf("%11s", "-");
		else
			printf("%8.2f ms", q->rlxc_ms);
		for (size_t p = 0; p < 3; p++)
			ratio_cell(&rep->ratio[p * 4 + k]);
		printf("\n");
	}
}

/* What an unprivileged container costs over a privileged one: figures. */
static void report_unpriv(const struct bench_report *rep)
{
	printf("\nunprivileged / privileged: rlxc medians\n");
	for (size_t i = 0; i < rep->nunpriv; i++) {
		const struct bench_unpriv *u = &rep->unpriv[i];

		printf("  %-20s", u->op);
		if (u->ratio < 0)
			printf(" (no figure)\n");
		else
			printf(" %8.2f ms %8.2f ms %6.2fx\n", u->unpriv_ms, u->priv_ms, u->ratio);
	}
}

static void report_scale(const struct scale_result *sr)
{
	if (sr->skipped || !sr->npt) {
		printf("\nscale: %s\n", sr->skipped   ? "skipped (--no-scale)"
					: sr->note[0] ? sr->note
						      : "not run (interrupted)");
		return;
	}
	printf("\nscale: the start of one more container with N running\n");
	printf("%8s %10s %10s %12s %12s %14s %14s\n", "running", "start med", "start p90",
	       "mem used", "mem / ct", "sup RSS / ct", "sup PSS / ct");
	for (int i = 0; i < sr->npt; i++) {
		const struct scale_point *p = &sr->pt[i];

		printf("%8d %7.2f ms %7.2f ms", p->running, p->start.median, p->start.p90);
		if (p->running && p->mem_kib >= 0)
			printf(" %8.1f MiB %8.0f KiB", p->mem_kib / 1024.0,
			       (double)p->mem_kib / p->running);
		else
			printf(" %12s %12s", p->running ? "?" : "-", "-");
		if (p->nsup)
			printf(" %10.0f KiB %10.0f KiB\n", (double)p->sup_rss_kib / p->nsup,
			       (double)p->sup_pss_kib / p->nsup);
		else
			printf(" %14s %14s\n", "-", "-");
		if (p->err[0])
			printf("    ! %s\n", p->err);
	}
	if (sr->note[0])
		printf("  note: %s\n", sr->note);
}

static void report_targets(const struct bench_report *rep)
{
	static const char *const verdict[] = { "not measured", "NOT met", "met" };

	printf("\ntargets\n");
	for (size_t i = 0; i < rep->ntarget; i++) {
		const struct bench_target *t = &rep->target[i];

		printf("  %-40s %-12s %s\n", t->what, verdict[t->met + 1], t->value);
	}
}

void report_summary(const struct bench_report *rep)
{
	report_ratios(rep);
	report_unpriv(rep);
	report_scale(&rep->scale);
	report_targets(rep);
	printf("\n%s in %.0f s\n", rep->interrupted ? "interrupted" : "done", rep->wall_s);
}
