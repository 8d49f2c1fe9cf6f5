// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * The probe cache. Running the tries is runner.c's job; here the parent
 * adds the config and module evidence to each result and derives the
 * reason. Every result is cached for the life of the process. What a try
 * says is out.c's; the helpers tries share are the kernel layer's.
 */
#include "probe_impl.h"
#include "kernel/syscalls.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <poll.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static struct probe_result *results; /* probe_count entries, made once */
static bool *done;

static bool ensure_cache(void)
{
	if (results)
		return true;
	results = calloc(probe_count, sizeof(*results));
	done = calloc(probe_count, sizeof(*done));
	if (!results || !done) {
		free(results);
		free(done);
		results = NULL;
		done = NULL;
		return false;
	}
	return true;
}

/* The config and module evidence of probe i (they do not depend on its
 * try, so they are gathered while the tries run). */
static void gather_evidence(size_t i)
{
	const struct probe *p = &probe_table[i];
	struct probe_result *r = &results[i];

	kconfig_evidence(kconfig_host(), p->config, r->config, sizeof(r->config));
	if (p->module)
		kmod_evidence(p->module, r->module, sizeof(r->module));
	else
		snprintf(r->module, sizeof(r->module), "not a module");
}

static void gather_pending(void *arg)
{
	const bool *pending = arg;

	for (size_t i = 0; i < probe_count; i++)
		if (pending[i])
			gather_evidence(i);
}

void probe_run_selected(const bool *selected)
{
	bool *pending;

	if (!ensure_cache())
		return;
	pending = calloc(probe_count, sizeof(*pending));
	if (!pending)
		return;
	for (size_t i = 0; i < probe_count; i++) {
		if ((selected && !selected[i]) || done[i])
			continue;
		if (probe_cache_load(&probe_table[i], &results[i])) {
			done[i] = true;
			gather_evidence(i);
			probe_compose_reason(&probe_table[i], &results[i], kconfig_host());
		} else {
			pending[i] = true;
		}
	}
	probe_run_tries(probe_table, probe_count, pending, results, gather_pending, pending);
	for (size_t i = 0; i < probe_count; i++) {
		if (pending[i]) {
			done[i] = true;
			probe_compose_reason(&probe_table[i], &results[i], kconfig_host());
			probe_cache_store(&probe_table[i], &results[i]);
		}
	}
	free(pending);
}

const struct probe_result *probe_result_at(size_t i)
{
	if (i >= probe_count || !ensure_cache())
		return NULL;
	if (!done[i]) {
		bool *sel = calloc(probe_count, sizeof(*sel));
		if (!sel)
			return NULL;
		sel[i] = true;
		probe_run_selected(sel);
		free(sel);
	}
	return &results[i];
}

const struct probe_result *probe_get(const char *id)
{
	const struct probe *p = probe_find(id);

	return p ? probe_result_at((size_t)(p - probe_table)) : NULL;
}
