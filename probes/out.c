// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * What a try says (probe_impl.h): verdict names, the functional evidence
 * and reason texts, and the verdict an errno means.
 */
#include "probe_impl.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

const char *probe_verdict_name(enum probe_verdict v)
{
	switch (v) {
	case PROBE_YES:
		return "yes";
	case PROBE_NO:
		return "no";
	case PROBE_PARTIAL:
		return "partial";
	case PROBE_UNKNOWN:
		break;
	}
	return "unknown";
}

static void vappend(char *buf, size_t len, const char *sep, const char *fmt, va_list ap)
{
	size_t used = strnlen(buf, len);

	if (used + 1 >= len)
		return;
	if (used > 0 && sep) {
		int n = snprintf(buf + used, len - used, "%s", sep);
		if (n < 0 || (size_t)n >= len - used)
			return;
		used += (size_t)n;
	}
	vsnprintf(buf + used, len - used, fmt, ap);
}

void probe_say(struct probe_out *out, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vappend(out->functional, sizeof(out->functional), "; ", fmt, ap);
	va_end(ap);
}

void probe_reason(struct probe_out *out, const char *fmt, ...)
{
	va_list ap;

	out->reason[0] = '\0';
	va_start(ap, fmt);
	vappend(out->reason, sizeof(out->reason), NULL, fmt, ap);
	va_end(ap);
}

enum probe_verdict probe_errno_verdict(int err)
{
	return (err == EPERM || err == EACCES) ? PROBE_UNKNOWN : PROBE_NO;
}

enum probe_verdict probe_fail(struct probe_out *out, int err, const char *what)
{
	probe_say(out, "%s: %s", what, strerror(err));
	return probe_errno_verdict(err);
}
