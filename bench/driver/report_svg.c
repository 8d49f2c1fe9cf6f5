// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * OUT/<stamp>.svg: the latency distributions, drawn by gnuplot from a
 * self-contained script OUT/<stamp>.gp (the samples inline as datablocks,
 * so `gnuplot OUT/<stamp>.gp` draws it again). Three panels: execute
 * /bin/true per runtime and variant (box and whiskers, log scale), every
 * rlxc operation (the same), and the scale curve.
 */
#include "report.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#define EXECUTE "execute /bin/true"

static const char *const runtimes[] = { "rlxc", "floor", "lxc-execute", "runc" };

/* The runtime's colour index (1..4), for lc. */
static int colour(const char *runtime)
{
	for (int i = 0; i < 4; i++)
		if (!strcmp(runtimes[i], runtime))
			return i + 1;
	return 5;
}

static bool gnuplot_installed(void)
{
	const char *env = getenv("PATH");
	char path[4096], prog[PATH_MAX];

	snprintf(path, sizeof(path), "%s:/usr/bin:/bin", env ? env : "");
	for (char *save, *dir = strtok_r(path, ":", &save); dir; dir = strtok_r(NULL, ":", &save)) {
		snprintf(prog, sizeof(prog), "%s/gnuplot", dir);
		if (*dir == '/' && access(prog, X_OK) == 0)
			return true;
	}
	return false;
}

/* "runtime\nvariant" (execute), else the op's name (execute's with its
 * variant: there are four). */
static const char *label(const struct bench_result *r, bool by_variant)
{
	static char buf[160];

	if (by_variant)
		snprintf(buf, sizeof(buf), "%s\\n%s", r->op->runtime, bench_variant_name(r->op->v));
	else if (!strcmp(r->op->name, EXECUTE))
		snprintf(buf, sizeof(buf), "execute\\n%s", bench_variant_name(r->op->v));
	else if (r->op->v.userns)
		snprintf(buf, sizeof(buf), "%s\\n%s", r->op->name, bench_variant_name(r->op->v));
	else
		snprintf(buf, sizeof(buf), "%s", r->op->name);
	return buf;
}

/* A box per result: datablock $name (one dataset per result, two blank
 * lines apart), then the plot with its labels and colours. */
static void boxes(FILE *f, const char *name, const struct bench_result **r, size_t n,
		  bool by_variant)
{
	fprintf(f, "$%s << EOD\n", name);
	for (size_t i = 0; i < n; i++) {
		for (size_t k = 0; k < r[i]->n; k++)
			fprintf(f, "%.4f\n", r[i]->samples[k]);
		fprintf(f, "\n\n");
	}
	fprintf(f, "EOD\narray c%s[%zu]\n", name, n);
	for (size_t i = 0; i < n; i++)
		fprintf(f, "c%s[%zu] = %d\n", name, i + 1, colour(r[i]->op->runtime));
	fprintf(f, "set xtics (");
	for (size_t i = 0; i < n; i++)
		fprintf(f, "%s\"%s\" %zu", i ? ", " : "", label(r[i], by_variant), i + 1);
	fprintf(f, ")\nset xrange [0.3:%zu.7]\n", n);
	fprintf(f, "plot for [i=0:%zu] $%s index i using (i+1):1 with boxplot lc c%s[i+1]\n", n - 1,
		name, name);
}

/* The results to draw in a panel: execute (every runtime, variant), or
 * rlxc's operations. */
static size_t pick(const struct bench_report *rep, bool execute, const struct bench_result **out)
{
	size_t n = 0;

	for (size_t i = 0; i < rep->nres; i++) {
		const struct bench_result *r = &rep->res[i];

		if (!r->op || !r->n)
			continue;
		if (execute ? !strcmp(r->op->name, EXECUTE) : !strcmp(r->op->runtime, "rlxc"))
			out[n++] = r;
	}
	return n;
}

/* One row per level; "?" where there is no figure. Keeps the largest
 * values for the ranges. */
static void scale_data(FILE *f, const struct scale_result *sr, double *xmax, double *ymax,
		       double *y2max)
{
	const double none = -1;

	fprintf(f, "$scale << EOD\n# running start_median start_p90 mem_kib_per_ct "
		   "sup_rss_kib_per_ct sup_pss_kib_per_ct\n");
	for (int i = 0; i < sr->npt; i++) {
		const struct scale_point *p = &sr->pt[i];
		double mem = p->running && p->mem_kib >= 0 ? (double)p->mem_kib / p->running : none;
		double rss = p->nsup ? (double)p->sup_rss_kib / p->nsup : none;
		double pss = p->nsup ? (double)p->sup_pss_kib / p->nsup : none;
		const double y2[] = { mem, rss, pss };

		fprintf(f, "%d %.3f %.3f", p->running, p->start.median, p->start.p90);
		for (int k = 0; k < 3; k++) {
			if (y2[k] < 0)
				fprintf(f, " ?");
			else
				fprintf(f, " %.1f", y2[k]);
			*y2max = y2[k] > *y2max ? y2[k] : *y2max;
		}
		fprintf(f, "\n");
		*xmax = p->running > *xmax ? p->running : *xmax;
		*ymax = p->start.p90 > *ymax ? p->start.p90 : *ymax;
	}
	fprintf(f, "EOD\n");
}

static void scale_panel(FILE *f, const struct scale_result *sr)
{
	double xmax = 1, ymax = 1, y2max = 1, pad;

	scale_data(f, sr, &xmax, &ymax, &y2max);
	pad = xmax * 0.04 + 0.2;
	fprintf(f, "set datafile missing '?'\n"
		   "set title 'scale: the start of one more container, and the memory of each "
		   "running one'\n"
		   "unset logscale y\nunset xtics\nset xtics norotate\nset grid xtics ytics\n"
		   "set xlabel 'containers running'\nset ylabel 'start latency (ms)'\n"
		   "set y2label 'KiB per running container'\nset ytics nomirror\nset y2tics\n");
	/* room above the highest point for the key */
	fprintf(f, "set xrange [%.2f:%.2f]\nset yrange [0:%.1f]\nset y2range [0:%.0f]\n", -pad,
		xmax + pad, ymax * 1.4, y2max * 1.4);
	fprintf(f,
		"set key top left box opaque\nset pointsize 1\n"
		"plot $scale using 1:2 with linespoints lw 2 pt 7 title 'start median (ms)', \\\n"
		"     '' using 1:3 with linespoints dt 2 pt 7 title 'start p90 (ms)', \\\n"
		"     '' using 1:5 axes x1y2 with linespoints pt 5 title 'supervisor RSS', \\\n"
		"     '' using 1:6 axes x1y2 with linespoints pt 4 title 'supervisor PSS', \\\n"
		"     '' using 1:4 axes x1y2 with linespoints pt 9 "
		"title 'MemAvailable drop'\n");
}

static void script(FILE *f, const struct bench_report *rep, const char *svg,
		   const struct bench_result **r, size_t nexec, size_t nops)
{
	int panels = 2 + (rep->scale.npt > 0);

	fprintf(f, "# rlxc-bench %s: `gnuplot %s.gp` draws %s\n", rep->stamp, rep->stamp, svg);
	fprintf(f, "set terminal svg size 1600,%d dynamic font 'sans,12' background rgb 'white'\n",
		panels * 560);
	fprintf(f, "set termoption noenhanced\nset output '%s'\n", svg);
	fprintf(f,
		"set multiplot layout %d,1 title 'rlxc-bench %s (%s): wall time per run, "
		"box p25-p75, bar median, whiskers 1.5 IQR, dots outliers'\n",
		panels, rep->stamp, rep->ctx->quick ? "quick" : "full");
	fprintf(f, "unset key\nset grid ytics\nset logscale y\nset ylabel 'ms'\n"
		   "set style fill solid 0.3 border -1\nset boxwidth 0.6\n"
		   "set style boxplot outliers pointtype 7\nset pointsize 0.4\nset xtics font "
		   "',10'\n");
	fprintf(f, "set title 'execute /bin/true by runtime and variant'\n");
	if (nexec)
		boxes(f, "exec", r, nexec, true);
	fprintf(f, "set title 'rlxc operations'\nset xtics rotate by -20\n");
	if (nops)
		boxes(f, "ops", r + nexec, nops, false);
	if (rep->scale.npt)
		scale_panel(f, &rep->scale);
	fprintf(f, "unset multiplot\n");
}

/* gnuplot GP; its first complaint into err. */
static int run_gnuplot(const char *gp, char *err, size_t len)
{
	int fd = memfd_create("rlxc-bench-gnuplot", MFD_CLOEXEC), status, null;
	ssize_t n;
	pid_t pid;

	if (fd < 0)
		return -1;
	pid = fork();
	if (pid == 0) {
		null = open("/dev/null", O_RDWR);
		dup2(null, 0);
		dup2(null, 1);
		dup2(fd, 2);
		execlp("gnuplot", "gnuplot", gp, (char *)NULL);
		_exit(127);
	}
	if (pid < 0 || waitpid(pid, &status, 0) < 0)
		status = -1;
	n = pread(fd, err, len - 1, 0);
	err[n > 0 ? n : 0] = '\0';
	close(fd);
	return status == 0 && !strstr(err, "error") ? 0 : -1;
}

int report_svg(const struct bench_report *rep, const char *gp, const char *svg)
{
	const struct bench_result **r = calloc(2 * rep->nres + 1, sizeof(*r));
	size_t nexec, nops;
	char err[1024];
	FILE *f;

	if (!r)
		return -1;
	nexec = pick(rep, true, r);
	nops = pick(rep, false, r + nexec);
	f = fopen(gp, "w");
	if (!f) {
		fprintf(stderr, "rlxc-bench: %s: %s\n", gp, strerror(errno));
		free(r);
		return -1;
	}
	script(f, rep, svg, r, nexec, nops);
	free(r);
	if (fclose(f))
		return -1;
	if (!gnuplot_installed())
		return 1;
	if (run_gnuplot(gp, err, sizeof(err)) < 0) {
		fprintf(stderr, "rlxc-bench: gnuplot %s failed: %s\n", gp, err);
		return -1;
	}
	return 0;
}

void report_files(const struct bench_report *rep, const char *out)
{
	char json[PATH_MAX], gp[PATH_MAX], svg[PATH_MAX], cmd[PATH_MAX + 16];
	int ret;

	snprintf(cmd, sizeof(cmd), "%s", out);
	for (char *p = cmd + 1; (p = strchr(p, '/')); p++) {
		*p = '\0';
		mkdir(cmd, 0755);
		*p = '/';
	}
	if (mkdir(cmd, 0755) && errno != EEXIST) {
		fprintf(stderr, "rlxc-bench: mkdir %s: %s\n", out, strerror(errno));
		return;
	}
	snprintf(json, sizeof(json), "%s/%s.json", out, rep->stamp);
	snprintf(gp, sizeof(gp), "%s/%s.gp", out, rep->stamp);
	snprintf(svg, sizeof(svg), "%s/%s.svg", out, rep->stamp);
	if (report_json(rep, json) < 0)
		fprintf(stderr, "rlxc-bench: could not write %s\n", json);
	else
		printf("results: %s\n", json);
	ret = report_svg(rep, gp, svg);
	if (ret == 0)
		printf("plot:    %s (script %s)\n", svg, gp);
	else if (ret == 1)
		printf("plot:    gnuplot is not installed (apt-get install gnuplot-nox): no SVG; "
		       "the script is %s\n",
		       gp);
}
