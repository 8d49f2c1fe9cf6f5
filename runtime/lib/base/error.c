// SPDX-License-Identifier: LGPL-2.1-or-later
#include "error.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

static void vformat(struct rlxc_error *err, int errnum, const char *fmt, va_list ap)
{
	int n = vsnprintf(err->msg, sizeof(err->msg), fmt, ap);

	if (errnum && n >= 0 && (size_t)n < sizeof(err->msg))
		snprintf(err->msg + n, sizeof(err->msg) - (size_t)n, ": %s", strerror(errnum));
}

int rlxc_fail(struct rlxc_error *err, int errnum, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vformat(err, errnum, fmt, ap);
	va_end(ap);
	err->code = errnum;
	err->usage = false;
	return errnum ? -errnum : -EINVAL;
}

int rlxc_usage(struct rlxc_error *err, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vformat(err, 0, fmt, ap);
	va_end(ap);
	err->code = EINVAL;
	err->usage = true;
	return -EINVAL;
}

void rlxc_error_prefix(struct rlxc_error *err, const char *fmt, ...)
{
	char old[sizeof(err->msg)];
	va_list ap;
	int n;

	memcpy(old, err->msg, sizeof(old));
	va_start(ap, fmt);
	n = vsnprintf(err->msg, sizeof(err->msg), fmt, ap);
	va_end(ap);
	if (n >= 0 && (size_t)n < sizeof(err->msg))
		snprintf(err->msg + n, sizeof(err->msg) - (size_t)n, ": %s", old);
}
