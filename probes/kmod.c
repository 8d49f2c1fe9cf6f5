// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Modules: the second kind of evidence, from libkmod. A kernel built
 * without loadable modules has no /lib/modules/RELEASE; that is a normal
 * host, reported as such, never an error.
 */
#include "probe.h"

#include <errno.h>
#include <libkmod.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/utsname.h>

static void module_dir(char *buf, size_t len)
{
	const char *env = getenv("RLXC_MODULES_DIR");
	struct utsname u;

	if (env && *env)
		snprintf(buf, len, "%s", env);
	else if (uname(&u) == 0)
		snprintf(buf, len, "/lib/modules/%s", u.release);
	else
		snprintf(buf, len, "/lib/modules");
}

/* Is there a loadable module file for name (or an alias of it)? */
static const char *loadable_path(struct kmod_ctx *ctx, const char *name, char *buf, size_t len)
{
	struct kmod_list *list = NULL, *it;
	const char *found = NULL;

	if (kmod_module_new_from_lookup(ctx, name, &list) < 0)
		return NULL;
	kmod_list_foreach(it, list)
	{
		struct kmod_module *m = kmod_module_get_module(it);
		const char *path = kmod_module_get_path(m);

		if (path && !found) {
			snprintf(buf, len, "%s", path);
			found = buf;
		}
		kmod_module_unref(m);
	}
	kmod_module_unref_list(list);
	return found;
}

static const char *initstate_text(int state)
{
	switch (state) {
	case KMOD_MODULE_BUILTIN:
		return "built in";
	case KMOD_MODULE_LIVE:
		return "loaded";
	case KMOD_MODULE_COMING:
		return "loading";
	case KMOD_MODULE_GOING:
		return "unloading";
	}
	return NULL;
}

/* libkmod answers "coming" for a /sys/module/NAME without an initstate
 * file; without a modules.builtin index that is how a builtin shows. */
static const char *module_state(struct kmod_module *mod, const char *name)
{
	char path[256];
	struct stat st;
	int state = kmod_module_get_initstate(mod);

	snprintf(path, sizeof(path), "/sys/module/%s/initstate", name);
	if (state == KMOD_MODULE_COMING && stat(path, &st) < 0)
		return "built in (/sys/module entry without initstate)";
	return initstate_text(state);
}

void kmod_evidence(const char *module, char *buf, size_t len)
{
	char dir[512], path[512];
	struct kmod_module *mod = NULL;
	struct kmod_ctx *ctx;
	struct stat st;
	bool have_dir;
	const char *state;

	module_dir(dir, sizeof(dir));
	have_dir = stat(dir, &st) == 0 && S_ISDIR(st.st_mode);
	ctx = kmod_new(have_dir ? dir : NULL, NULL);
	if (!ctx) {
		snprintf(buf, len, "%s: libkmod could not start (%s)", module, strerror(errno));
		return;
	}
	kmod_set_log_priority(ctx, 0);
	state = kmod_module_new_from_name(ctx, module, &mod) == 0 ? module_state(mod, module) : NULL;
	if (state)
		snprintf(buf, len, "%s: %s", module, state);
	else if (!have_dir)
		snprintf(buf, len, "%s: not in /sys/module; no %s to look it up (kernel without loadable modules)", module,
			 dir);
	else if (loadable_path(ctx, module, path, sizeof(path)))
		snprintf(buf, len, "%s: loadable, not loaded (%s)", module, path);
	else
		snprintf(buf, len, "%s: not built in, loaded or available in %s", module, dir);
	kmod_module_unref(mod);
	kmod_unref(ctx);
}
