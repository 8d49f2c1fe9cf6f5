// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * What every file of the cgroup layer shares (cgroup_impl.h): finding a
 * container's entry for a controller, writing a setting, and the failure
 * messages that name it. It calls nothing else of the layer, so the files
 * that use it (cgroup.c, cgroup_procs.c, the discovery and both backends)
 * do not need each other.
 */
#include "cgroup_impl.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

bool rlxc_cg_in_list(const char *list, const char *word)
{
	size_t n = strlen(word);

	for (const char *p = list; *p;) {
		size_t w = strcspn(p, ",");

		if (w == n && strncmp(p, word, n) == 0)
			return true;
		p += w;
		p += strspn(p, ",");
	}
	return false;
}

struct cg_hier *rlxc_cg_v1(const struct rlxc_cgroup *cg, const char *ctrl)
{
	for (size_t i = 0; i < cg->n; i++)
		if (cg->h[i].ops->version == 1 && rlxc_cg_in_list(cg->h[i].ctrls, ctrl))
			return &cg->h[i];
	return NULL;
}

struct cg_hier *rlxc_cg_v2(const struct rlxc_cgroup *cg)
{
	for (size_t i = 0; i < cg->n; i++)
		if (cg->h[i].ops->version == 2)
			return &cg->h[i];
	return NULL;
}

int rlxc_cg_fail_code(struct rlxc_error *err, int code, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(err->msg, sizeof(err->msg), fmt, ap);
	va_end(ap);
	err->code = code;
	err->usage = false;
	return -code;
}

int rlxc_cg_setting_fail(struct rlxc_error *err, const struct rlxc_cgroup_setting *s, int errnum,
			 const char *fmt, ...)
{
	char what[768];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(what, sizeof(what), fmt, ap);
	va_end(ap);
	return rlxc_fail(err, errnum, "lxc.cgroup%s.%s (%s): %s", s->version == 2 ? "2" : "",
			 s->key, s->origin ? s->origin : "no origin", what);
}

int rlxc_cg_write_setting(const struct rlxc_cgroup_setting *s, const char *dir,
			  struct rlxc_error *err)
{
	int ret = cgfs_write(dir, s->key, s->value);

	if (ret < 0)
		return rlxc_cg_setting_fail(err, s, -ret, "write '%s' to %s/%s", s->value, dir,
					    s->key);
	return 0;
}
