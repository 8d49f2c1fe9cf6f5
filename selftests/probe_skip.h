/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * How a selftest decides to skip: it asks the same probe the runtime asks,
 * and skips with the probe's verdict and reason. A test never re-implements
 * a probe; it exercises the feature itself, independently of probes/.
 * Include after kselftest_harness.h.
 */
#ifndef RLXC_PROBE_SKIP_H
#define RLXC_PROBE_SKIP_H

#include "probes/probe.h"

#include <unistd.h>

/* Skip the current test unless probe ID says "yes". */
#define REQUIRE_PROBE(id)                                                                          \
	do {                                                                                       \
		const struct probe_result *_pr = probe_get(id);                                   \
		ASSERT_NE(NULL, _pr) TH_LOG("no probe named %s in probes/table.c", id);          \
		if (_pr->verdict != PROBE_YES)                                                     \
			SKIP(return, "%s is %s: %s", id, probe_verdict_name(_pr->verdict),         \
			     _pr->reason);                                                         \
	} while (0)

/* Skip the current test unless running as root. */
#define REQUIRE_ROOT()                                                                             \
	do {                                                                                       \
		if (geteuid() != 0)                                                                \
			SKIP(return, "needs root (running as uid %d)", (int)geteuid());           \
	} while (0)

#endif
