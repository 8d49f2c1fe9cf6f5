// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Modules: the second kind of evidence, from libkmod. A kernel built
 * without loadable modules has no /lib/modules/RELEASE; that is a normal
 * host, reported as such, never an error.
 *
 * libkmod is opened (dlopen) the first time evidence is asked for, not
 * linked: it brings libcrypto, libzstd and liblzma, and loading those cost
 * every rlxc command 1.5 ms at start-up, when only `rlxc check` asks.
 */
#include "probe.h"

#include <dlfcn.h>
#include <errno.h>
#include <libkmod.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/utsname.h>

/* The libkmod functions used here, typed as libkmod.h declares them. */
static struct {
	__typeof__(kmod_new) *new;
	__typeof__(kmod_unref) *unref;
	__typeof__(kmod_set_log_priority) *set_log_priority;
	__typeof__(kmod_list_next) *list_next;
	__typeof__(kmod_module_new_from_name) *module_new_from_name;
	__typeof__(kmod_module_new_from_lookup) *module_new_from_lookup;
	__typeof__(kmod_module_get_module) *module_get_module;
	__typeof__(kmod_module_get_path) *module_get_path;
	__typeof__(kmod_module_get_initstate) *module_get_initstate;
	__typeof__(kmod_module_unref) *module_unref;
	__typeof__(kmod_module_unref_list) *module_unref_list;
} lib;

static const struct {
	const char *name;
	void **slot;
} lib_syms[] = {
	{ "kmod_new", (void **)&lib.new },
	{ "kmod_unref", (void **)&lib.unref },
	{ "kmod_set_log_priority", (void **)&lib.set_log_priority },
	{ "kmod_list_next", (void **)&lib.list_next },
	{ "kmod_module_new_from_name", (void **)&lib.module_new_from_name },
	{ "kmod_module_new_from_lookup", (void **)&lib.module_new_from_lookup },
	{ "kmod_module_get_module", (void **)&lib.module_get_module },
	{ "kmod_module_get_path", (void **)&lib.module_get_path },
	{ "kmod_module_get_initstate", (void **)&lib.module_get_initstate },
	{ "kmod_module_unref", (void **)&lib.module_unref },
	{ "kmod_module_unref_list", (void **)&lib.module_unref_list },
};

/* Fill lib, once: NULL, or what dlopen or dlsym said. */
static const char *load_libkmod(void)
{
	static const char *error;
	static bool loaded;
	void *h;

	if (loaded)
		return error;
	loaded = true;
	if (!(h = dlopen("libkmod.so.2", RTLD_NOW | RTLD_LOCAL)))
		return error = dlerror();
	for (size_t i = 0; i < sizeof(lib_syms) / sizeof(lib_syms[0]); i++)
		if (!(*lib_syms[i].slot = dlsym(h, lib_syms[i].name)))
			return error = dlerror();
	return NULL;
}

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

	if (lib.module_new_from_lookup(ctx, name, &list) < 0)
		return NULL;
	for (it = list; it; it = lib.list_next(list, it)) {
		struct kmod_module *m = lib.module_get_module(it);
		const char *path = lib.module_get_path(m);

		if (path && !found) {
			snprintf(buf, len, "%s", path);
			found = buf;
		}
		lib.module_unref(m);
	}
	lib.module_unref_list(list);
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
	int state = lib.module_get_initstate(mod);

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
	const char *state = NULL, *dl_error = load_libkmod();

	if (dl_error) {
		snprintf(buf, len, "%s: libkmod could not be loaded (%s)", module, dl_error);
		return;
	}
	module_dir(dir, sizeof(dir));
	have_dir = stat(dir, &st) == 0 && S_ISDIR(st.st_mode);
	ctx = lib.new(have_dir ? dir : NULL, NULL);
	if (!ctx) {
		snprintf(buf, len, "%s: libkmod could not start (%s)", module, strerror(errno));
		return;
	}
	lib.set_log_priority(ctx, 0);
	if (lib.module_new_from_name(ctx, module, &mod) == 0)
		state = module_state(mod, module);
	if (state)
		snprintf(buf, len, "%s: %s", module, state);
	else if (!have_dir)
		snprintf(buf, len, "%s: not in /sys/module; no %s to look it up (kernel without loadable modules)", module,
			 dir);
	else if (loadable_path(ctx, module, path, sizeof(path)))
		snprintf(buf, len, "%s: loadable, not loaded (%s)", module, path);
	else
		snprintf(buf, len, "%s: not built in, loaded or available in %s", module, dir);
	lib.module_unref(mod);
	lib.unref(ctx);
}
