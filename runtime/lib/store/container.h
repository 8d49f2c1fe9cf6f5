/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * A container as the verbs see it: its name, its store, its config and its
 * runtime directory.
 */
#ifndef RLXC_CONTAINER_H
#define RLXC_CONTAINER_H

#include "config/config.h"
#include "base/error.h"
#include "store.h"

#include <limits.h>

struct rlxc_container {
	char name[RLXC_NAME_MAX + 1];
	struct rlxc_store store;
	struct rlxc_config conf;
	char config_path[PATH_MAX]; /* "" for a config that is not in the store */
	char run_dir[PATH_MAX];
};

/* Check the name and resolve the store; conf is empty. */
int rlxc_container_init(struct rlxc_container *ct, const char *store_opt, const char *name,
			struct rlxc_error *err);

/* rlxc_container_init, then load STORE/NAME/config: the container must
 * exist ("web: no such container in /var/lib/rlxc"). */
int rlxc_container_open(struct rlxc_container *ct, const char *store_opt, const char *name,
			struct rlxc_error *err);

void rlxc_container_close(struct rlxc_container *ct);

#endif
