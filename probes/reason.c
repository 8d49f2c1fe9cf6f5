// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * The verdict's one-line reason. The functional try decides; config and
 * modules explain: a "no" on a kernel built without the symbol says so
 * first, a "no" for a module that could be loaded says how.
 */
#include "probe.h"

#include <stdio.h>
#include <string.h>

/* The first symbol of p->config that is not set or absent, if any. */
static const char *missing_symbol(const struct probe *p, const struct kconfig *kc, char *buf,
				  size_t len)
{
	const char *s = p->config;

	if (!s || !kc)
		return NULL;
	while (*s) {
		size_t n = strcspn(s, " ");
		enum kconfig_state st;

		snprintf(buf, len, "%.*s", (int)n, s);
		st = kconfig_get(kc, buf, NULL);
		if (st == KCONFIG_NOT_SET || st == KCONFIG_ABSENT)
			return buf;
		s += n;
		s += strspn(s, " ");
	}
	return NULL;
}

void probe_compose_reason(const struct probe *p, struct probe_result *r, const struct kconfig *kc)
{
	char sym[128];
	const char *miss;

	if (r->reason[0])
		return; /* the try said it best */
	switch (r->verdict) {
	case PROBE_YES:
		snprintf(r->reason, sizeof(r->reason), "%s: works", p->summary);
		return;
	case PROBE_PARTIAL:
		snprintf(r->reason, sizeof(r->reason), "%s: partly: %.200s", p->summary,
			 r->functional);
		return;
	case PROBE_UNKNOWN:
		snprintf(r->reason, sizeof(r->reason), "could not try %s: %.200s", p->summary,
			 r->functional);
		return;
	case PROBE_NO:
		break;
	}
	miss = missing_symbol(p, kc, sym, sizeof(sym));
	if (miss)
		snprintf(r->reason, sizeof(r->reason), "kernel built without %s: %.200s", miss,
			 r->functional);
	else if (p->module && strstr(r->module, "loadable, not loaded"))
		snprintf(r->reason, sizeof(r->reason), "module %s is not loaded (modprobe %s): %.150s",
			 p->module, p->module, r->functional);
	else
		snprintf(r->reason, sizeof(r->reason), "%s fails: %.200s", p->summary,
			 r->functional);
}
