// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * The ratios (rlxc's execute median over each peer's, per variant) and the
 * issue's targets, met or not, with the numbers they come from. A target
 * nothing measured (a peer missing, --no-scale, an op that failed) is
 * "not measured", never met.
 */
#include "report.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#define EXECUTE "execute /bin/true"

const struct bench_variant bench_variants[4] = {
	{ false, false, false },
	{ true, false, false },
	{ false, true, false },
	{ true, true, false },
};

static const struct {
	const char *peer;
	double limit; /* rlxc's median at most this times the peer's */
} exec_targets[] = {
	{ "floor", 1.5 },
	{ "lxc-execute", 0.4 },
	{ "runc", 0.2 },
};

#define START_LIMIT  1.2    /* start with 200 running / with none */
#define RSS_LIMIT    1024.0 /* KiB of supervisor RSS per container */
#define CHECK_LIMIT  50.0   /* ms, rlxc check median */
#define SCALE_TARGET 200

const struct bench_result *bench_find(const struct bench_report *rep, const char *name,
				      const char *runtime, struct bench_variant v)
{
	for (size_t i = 0; i < rep->nres; i++) {
		const struct bench_result *r = &rep->res[i];

		if (r->op && r->n && !strcmp(r->op->name, name) &&
		    !strcmp(r->op->runtime, runtime) && r->op->v.netns == v.netns &&
		    r->op->v.limits == v.limits && r->op->v.userns == v.userns)
			return r;
	}
	return NULL;
}

/* rlxc's ops run unprivileged too (ops.c), and the privileged variant each
 * is measured against. */
static const struct {
	const char *op;
	struct bench_variant v;
} unpriv_pairs[BENCH_MAX_UNPRIV] = {
	{ "create (template)", { false, false, false } },
	{ EXECUTE, { false, false, false } },
	{ "start", { true, false, false } },
};

static void unpriv_ratios(struct bench_report *rep)
{
	rep->nunpriv = 0;
	for (size_t i = 0; i < BENCH_MAX_UNPRIV && unpriv_pairs[i].op; i++) {
		struct bench_unpriv *u = &rep->unpriv[rep->nunpriv++];
		struct bench_variant v = unpriv_pairs[i].v;
		const struct bench_result *priv = bench_find(rep, unpriv_pairs[i].op, "rlxc", v);
		const struct bench_result *unpriv;

		v.userns = true;
		unpriv = bench_find(rep, unpriv_pairs[i].op, "rlxc", v);
		u->op = unpriv_pairs[i].op;
		u->priv_ms = priv ? priv->st.median : -1;
		u->unpriv_ms = unpriv ? unpriv->st.median : -1;
		u->ratio = priv && unpriv && priv->st.median > 0
				   ? unpriv->st.median / priv->st.median
				   : -1;
	}
}

void bench_ratios(struct bench_report *rep)
{
	unpriv_ratios(rep);
	rep->nratio = 0;
	for (size_t p = 0; p < 3; p++) {
		for (size_t k = 0; k < 4; k++) {
			struct bench_ratio *q = &rep->ratio[rep->nratio++];
			const struct bench_result *mine, *peer;

			q->v = bench_variants[k];
			q->peer = exec_targets[p].peer;
			mine = bench_find(rep, EXECUTE, "rlxc", q->v);
			peer = bench_find(rep, EXECUTE, q->peer, q->v);
			q->rlxc_ms = mine ? mine->st.median : -1;
			q->peer_ms = peer ? peer->st.median : -1;
			q->ratio = mine && peer && peer->st.median > 0
					   ? mine->st.median / peer->st.median
					   : -1;
		}
	}
}

static struct bench_target *add(struct bench_report *rep, bool primary, int met, const char *what)
{
	struct bench_target *t = &rep->target[rep->ntarget];

	if (rep->ntarget >= BENCH_MAX_TARGETS)
		return NULL;
	rep->ntarget++;
	t->primary = primary;
	t->met = met;
	snprintf(t->what, sizeof(t->what), "%s", what);
	return t;
}

static void value(struct bench_target *t, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
static void value(struct bench_target *t, const char *fmt, ...)
{
	va_list ap;

	if (!t)
		return;
	va_start(ap, fmt);
	vsnprintf(t->value, sizeof(t->value), fmt, ap);
	va_end(ap);
}

/* Why a ratio is missing: which side has no figure. */
static const char *why_missing(const struct bench_report *rep, const struct bench_ratio *q)
{
	if (strstr(rep->peers_missing, q->peer))
		return "not installed";
	if (rep->interrupted)
		return "interrupted";
	if (q->rlxc_ms < 0)
		return "rlxc execute has no figure (failed, see above)";
	return "the peer has no figure (failed, see above)";
}

static void exec_targets_add(struct bench_report *rep)
{
	char what[96];

	for (size_t i = 0; i < rep->nratio; i++) {
		const struct bench_ratio *q = &rep->ratio[i];
		double limit = exec_targets[i / 4].limit;
		bool primary = !q->v.netns && !q->v.limits;
		struct bench_target *t;

		if (primary)
			snprintf(what, sizeof(what), "execute median <= %.1fx %s", limit, q->peer);
		else
			snprintf(what, sizeof(what), "  variant %s", bench_variant_name(q->v));
		t = add(rep, primary, q->ratio < 0 ? -1 : q->ratio <= limit, what);
		if (q->ratio < 0)
			value(t, "not measured: %s", why_missing(rep, q));
		else
			value(t, "%.2fx (rlxc %.2f ms, %s %.2f ms)", q->ratio, q->rlxc_ms, q->peer,
			      q->peer_ms);
	}
}

/* The points with no and with the most containers that have start figures. */
static void scale_ends(const struct scale_result *sr, const struct scale_point **none,
		       const struct scale_point **most)
{
	*none = *most = NULL;
	for (int i = 0; i < sr->npt; i++) {
		if (!sr->pt[i].n)
			continue;
		if (sr->pt[i].running == 0)
			*none = &sr->pt[i];
		else if (!*most || sr->pt[i].running > (*most)->running)
			*most = &sr->pt[i];
	}
}

static void start_target_add(struct bench_report *rep)
{
	const struct scale_point *none, *most;
	struct bench_target *t;
	double r;

	scale_ends(&rep->scale, &none, &most);
	if (!none || !most) {
		t = add(rep, true, -1, "start with 200 running <= 1.2x with none");
		value(t, "not measured: %s",
		      rep->scale.skipped   ? "--no-scale"
		      : rep->scale.note[0] ? rep->scale.note
		      : rep->interrupted   ? "interrupted"
					   : "no scale figures");
		return;
	}
	r = most->start.median / none->start.median;
	t = add(rep, true, r <= START_LIMIT, "start with 200 running <= 1.2x with none");
	value(t, "%.2fx (%.2f ms with %d running, %.2f ms with none)%s", r, most->start.median,
	      most->running, none->start.median,
	      most->running >= SCALE_TARGET ? ""
	      : rep->ctx->quick		    ? "; quick: not 200"
					    : "; fewer than 200 fit (see scale)");
}

static void rss_target_add(struct bench_report *rep)
{
	const struct scale_point *most = NULL;
	struct bench_target *t;
	double rss, pss;

	for (int i = 0; i < rep->scale.npt; i++)
		if (rep->scale.pt[i].nsup && (!most || rep->scale.pt[i].nsup > most->nsup))
			most = &rep->scale.pt[i];
	if (!most) {
		t = add(rep, true, -1, "supervisor RSS <= 1 MiB per container");
		value(t, "not measured: %s",
		      rep->scale.skipped ? "--no-scale"
		      : rep->interrupted ? "interrupted"
					 : "no supervisors measured");
		return;
	}
	rss = (double)most->sup_rss_kib / most->nsup;
	pss = (double)most->sup_pss_kib / most->nsup;
	t = add(rep, true, rss <= RSS_LIMIT, "supervisor RSS <= 1 MiB per container");
	value(t, "%.0f KiB VmRSS (PSS %.0f KiB) per supervisor, %d running", rss, pss, most->nsup);
}

static void check_target_add(struct bench_report *rep)
{
	const struct bench_result *r = bench_find(rep, "rlxc check", "rlxc", bench_variants[0]);
	struct bench_target *t;

	t = add(rep, true, r ? r->st.median <= CHECK_LIMIT : -1, "rlxc check median <= 50 ms");
	if (r)
		value(t, "%.2f ms", r->st.median);
	else
		value(t, "not measured: %s",
		      rep->interrupted ? "interrupted" : "failed, see above");
}

void bench_targets(struct bench_report *rep)
{
	rep->ntarget = 0;
	exec_targets_add(rep);
	start_target_add(rep);
	rss_target_add(rep);
	check_target_add(rep);
}
