/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * Where containers live.
 *
 *   store (lxcpath):  -P DIR, else $RLXC_PATH, else /var/lib/rlxc
 *                     STORE/NAME/config, STORE/NAME/rootfs
 *   runtime:          ROOT/ct for the default store, ROOT/store-<16 hex
 *                     of a hash of the store's absolute path> for any
 *                     other, ROOT being $RLXC_RUNTIME_DIR, else /run/rlxc:
 *                     two stores never share a runtime directory, and no
 *                     container's collides with rlxc's own files in ROOT
 *                     (the probe cache, ROOT/probes)
 *                     RUNTIME/NAME/{state,command,...} (rlxc_store_run_dir)
 *
 * Names: [A-Za-z0-9][A-Za-z0-9_.-]{0,63}; anything else is refused with
 * the name in the message.
 */
#ifndef RLXC_STORE_H
#define RLXC_STORE_H

#include "base/error.h"

#include <limits.h>
#include <stdbool.h>
#include <stddef.h>

#define RLXC_NAME_MAX 64

struct rlxc_store {
	char path[PATH_MAX];	/* absolute */
	char runtime[PATH_MAX]; /* absolute */
	char tag[24];		/* "" for the default store, else "@HASH" */
};

/* Resolve the store from -P (NULL when not given) and the environment.
 * Paths are made absolute: realpath when they exist, else as given when
 * absolute, else under the current directory. The hash is FNV-1a 64 of
 * the store's absolute path. An empty -P is a usage error; an empty
 * $RLXC_PATH or $RLXC_RUNTIME_DIR counts as unset. */
int rlxc_store_open(struct rlxc_store *s, const char *dir_opt, struct rlxc_error *err);

/* 0 when name is valid, else -EINVAL with err (a usage error) saying why,
 * naming the name: "'../x': not a valid container name (...)". */
int rlxc_name_check(const char *name, struct rlxc_error *err);

/* STORE/NAME, STORE/NAME/config, STORE/NAME/rootfs, RUNTIME/NAME. */
void rlxc_store_dir(const struct rlxc_store *s, const char *name, char *buf, size_t len);
void rlxc_store_config(const struct rlxc_store *s, const char *name, char *buf, size_t len);
void rlxc_store_rootfs(const struct rlxc_store *s, const char *name, char *buf, size_t len);
void rlxc_store_run_dir(const struct rlxc_store *s, const char *name, char *buf, size_t len);

/* The name of NAME's cgroups (rlxc.CGROUP in each hierarchy): NAME in the
 * default store, NAME@HASH in any other, so that containers of one name in
 * two stores can run at once ('@' is in no container's name). */
void rlxc_store_cgroup(const struct rlxc_store *s, const char *name, char *buf, size_t len);

/* Is STORE/NAME/config a regular file? (false for an invalid name) */
bool rlxc_store_exists(const struct rlxc_store *s, const char *name);

/* The names in the store (directories with a config, valid names only),
 * sorted; *names is a NULL-terminated array to free with
 * rlxc_store_names_free. Returns the count; a missing store is an empty
 * list. On error *names is NULL. */
int rlxc_store_list(const struct rlxc_store *s, char ***names, struct rlxc_error *err);
void rlxc_store_names_free(char **names);

#endif
