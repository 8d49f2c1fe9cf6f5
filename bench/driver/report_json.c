// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * OUT/<stamp>.json: one object per bench run, everything measured (every
 * sample, in run order) and where it was measured. Times in ms, memory in
 * KiB. The layout is described in bench/README.md.
 */
#include "report.h"

#include <json-c/json.h>
#include <stdio.h>

static json_object *jstr(const char *s)
{
	return json_object_new_string(s);
}

static json_object *jnum(double x)
{
	return json_object_new_double(x);
}

static json_object *jhost(void)
{
	json_object *o = json_object_new_object();
	struct bench_host h;

	bench_host(&h);
	json_object_object_add(o, "hostname", jstr(h.hostname));
	json_object_object_add(o, "nproc", json_object_new_int64(h.nproc));
	json_object_object_add(o, "mem_total_kib", json_object_new_int64(h.mem_kib));
	json_object_object_add(o, "cpu", jstr(h.cpu));
	return o;
}

static json_object *jkernel(void)
{
	json_object *o = json_object_new_object();
	struct bench_host h;

	bench_host(&h);
	json_object_object_add(o, "sysname", jstr(h.uts.sysname));
	json_object_object_add(o, "release", jstr(h.uts.release));
	json_object_object_add(o, "version", jstr(h.uts.version));
	json_object_object_add(o, "machine", jstr(h.uts.machine));
	return o;
}

static json_object *jversions(const struct bench_report *rep)
{
	json_object *o = json_object_new_object();

	json_object_object_add(o, "rlxc", jstr(rep->rlxc_version));
	json_object_object_add(o, "peers", jstr(rep->peer_versions));
	json_object_object_add(o, "peers_missing", jstr(rep->peers_missing));
	return o;
}

static json_object *jvariant(struct bench_variant v)
{
	json_object *o = json_object_new_object();

	json_object_object_add(o, "netns", json_object_new_boolean(v.netns));
	json_object_object_add(o, "limits", json_object_new_boolean(v.limits));
	json_object_object_add(o, "unprivileged", json_object_new_boolean(v.userns));
	return o;
}

/* null when there are no samples */
static json_object *jstats(const struct bench_stats *st)
{
	json_object *o;

	if (!st->n)
		return NULL;
	o = json_object_new_object();
	json_object_object_add(o, "median", jnum(st->median));
	json_object_object_add(o, "p90", jnum(st->p90));
	json_object_object_add(o, "p99", jnum(st->p99));
	json_object_object_add(o, "min", jnum(st->min));
	json_object_object_add(o, "max", jnum(st->max));
	json_object_object_add(o, "mean", jnum(st->mean));
	return o;
}

static json_object *jsamples(const double *s, size_t n)
{
	json_object *a = json_object_new_array();

	for (size_t i = 0; i < n; i++)
		json_object_array_add(a, jnum(s[i]));
	return a;
}

static json_object *jop(const struct bench_result *r)
{
	json_object *o = json_object_new_object();

	json_object_object_add(o, "name", jstr(r->op->name));
	json_object_object_add(o, "runtime", jstr(r->op->runtime));
	json_object_object_add(o, "variant", jvariant(r->op->v));
	json_object_object_add(o, "runs", json_object_new_int(r->runs));
	json_object_object_add(o, "ok", json_object_new_int64((int64_t)r->n));
	json_object_object_add(o, "failed", json_object_new_int(r->failed));
	json_object_object_add(o, "error", r->err[0] ? jstr(r->err) : NULL);
	json_object_object_add(o, "stats", jstats(&r->st));
	json_object_object_add(o, "samples_ms", jsamples(r->samples, r->n));
	return o;
}

static json_object *jratio(const struct bench_ratio *q)
{
	json_object *o = json_object_new_object();

	json_object_object_add(o, "variant", jvariant(q->v));
	json_object_object_add(o, "peer", jstr(q->peer));
	json_object_object_add(o, "rlxc_median_ms", q->rlxc_ms < 0 ? NULL : jnum(q->rlxc_ms));
	json_object_object_add(o, "peer_median_ms", q->peer_ms < 0 ? NULL : jnum(q->peer_ms));
	json_object_object_add(o, "ratio", q->ratio < 0 ? NULL : jnum(q->ratio));
	return o;
}

static json_object *junpriv(const void *p)
{
	const struct bench_unpriv *u = p;
	json_object *o = json_object_new_object();

	json_object_object_add(o, "op", jstr(u->op));
	json_object_object_add(o, "privileged_ms", u->priv_ms < 0 ? NULL : jnum(u->priv_ms));
	json_object_object_add(o, "unprivileged_ms", u->unpriv_ms < 0 ? NULL : jnum(u->unpriv_ms));
	json_object_object_add(o, "ratio", u->ratio < 0 ? NULL : jnum(u->ratio));
	return o;
}

static json_object *jlevel(const struct scale_point *p)
{
	json_object *o = json_object_new_object();

	json_object_object_add(o, "wanted", json_object_new_int(p->wanted));
	json_object_object_add(o, "running", json_object_new_int(p->running));
	json_object_object_add(o, "start", jstats(&p->start));
	json_object_object_add(o, "start_samples_ms", jsamples(p->samples, p->n));
	json_object_object_add(o, "mem_used_kib",
			       p->mem_kib < 0 ? NULL : json_object_new_int64(p->mem_kib));
	json_object_object_add(o, "supervisors", json_object_new_int(p->nsup));
	json_object_object_add(o, "supervisor_rss_kib", json_object_new_int64(p->sup_rss_kib));
	json_object_object_add(o, "supervisor_pss_kib", json_object_new_int64(p->sup_pss_kib));
	json_object_object_add(o, "supervisor_rss_kib_per_container",
			       p->nsup ? jnum((double)p->sup_rss_kib / p->nsup) : NULL);
	json_object_object_add(o, "error", p->err[0] ? jstr(p->err) : NULL);
	return o;
}

static json_object *jscale(const struct scale_result *sr)
{
	json_object *o = json_object_new_object(), *a = json_object_new_array();

	for (int i = 0; i < sr->npt; i++)
		json_object_array_add(a, jlevel(&sr->pt[i]));
	json_object_object_add(o, "skipped", json_object_new_boolean(sr->skipped));
	json_object_object_add(o, "note", sr->note[0] ? jstr(sr->note) : NULL);
	json_object_object_add(o, "levels", a);
	return o;
}

static json_object *jtarget(const struct bench_target *t)
{
	json_object *o = json_object_new_object();

	json_object_object_add(o, "what", jstr(t->what[0] == ' ' ? t->what + 2 : t->what));
	json_object_object_add(o, "primary", json_object_new_boolean(t->primary));
	json_object_object_add(o, "met", t->met < 0 ? NULL : json_object_new_boolean(t->met));
	json_object_object_add(o, "value", jstr(t->value));
	return o;
}

static json_object *jarray(const void *items, size_t n, size_t size,
			   json_object *(*one)(const void *))
{
	json_object *a = json_object_new_array();

	for (size_t i = 0; i < n; i++)
		json_object_array_add(a, one((const char *)items + i * size));
	return a;
}

/* jarray's callbacks take const void * */
static json_object *jop_v(const void *p)
{
	return jop(p);
}

static json_object *jratio_v(const void *p)
{
	return jratio(p);
}

static json_object *jtarget_v(const void *p)
{
	return jtarget(p);
}

static json_object *jreport(const struct bench_report *rep)
{
	json_object *o = json_object_new_object();
	const struct bench_ctx *ctx = rep->ctx;

	json_object_object_add(o, "bench", jstr("rlxc-bench"));
	json_object_object_add(o, "started", jstr(rep->started));
	json_object_object_add(o, "stamp", jstr(rep->stamp));
	json_object_object_add(o, "quick", json_object_new_boolean(ctx->quick));
	json_object_object_add(o, "runs", json_object_new_int(ctx->runs));
	json_object_object_add(o, "wall_s", jnum(rep->wall_s));
	json_object_object_add(o, "interrupted", json_object_new_boolean(rep->interrupted));
	json_object_object_add(o, "host", jhost());
	json_object_object_add(o, "kernel", jkernel());
	json_object_object_add(o, "versions", jversions(rep));
	json_object_object_add(o, "ops", jarray(rep->res, rep->nres, sizeof(*rep->res), jop_v));
	json_object_object_add(o, "ratios",
			       jarray(rep->ratio, rep->nratio, sizeof(*rep->ratio), jratio_v));
	json_object_object_add(o, "unprivileged",
			       jarray(rep->unpriv, rep->nunpriv, sizeof(*rep->unpriv), junpriv));
	json_object_object_add(o, "scale", jscale(&rep->scale));
	json_object_object_add(o, "targets",
			       jarray(rep->target, rep->ntarget, sizeof(*rep->target), jtarget_v));
	return o;
}

int report_json(const struct bench_report *rep, const char *path)
{
	json_object *o;
	int ret;

	/* ms to the microsecond: enough, and the file stays readable */
	json_c_set_serialization_double_format("%.3f", JSON_C_OPTION_GLOBAL);
	o = jreport(rep);
	ret = json_object_to_file_ext(path, o, JSON_C_TO_STRING_PRETTY | JSON_C_TO_STRING_SPACED);
	json_object_put(o);
	return ret ? -1 : 0;
}
