// SPDX-License-Identifier: LGPL-2.1-or-later
#include "container.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

int rlxc_container_init(struct rlxc_container *ct, const char *store_opt, const char *name,
			struct rlxc_error *err)
{
	int ret;

	memset(ct, 0, sizeof(*ct));
	rlxc_config_init(&ct->conf);
	if ((ret = rlxc_name_check(name, err)) < 0)
		return ret;
	if ((ret = rlxc_store_open(&ct->store, store_opt, err)) < 0)
		return ret;
	snprintf(ct->name, sizeof(ct->name), "%s", name);
	rlxc_store_run_dir(&ct->store, name, ct->run_dir, sizeof(ct->run_dir));
	return 0;
}

int rlxc_container_open(struct rlxc_container *ct, const char *store_opt, const char *name,
			struct rlxc_error *err)
{
	int ret = rlxc_container_init(ct, store_opt, name, err);

	if (ret < 0)
		return ret;
	if (!rlxc_store_exists(&ct->store, name))
		return rlxc_fail(err, 0, "%s: no such container in %s", name, ct->store.path);
	rlxc_store_config(&ct->store, name, ct->config_path, sizeof(ct->config_path));
	return rlxc_config_load(&ct->conf, ct->config_path, err);
}

void rlxc_container_close(struct rlxc_container *ct)
{
	rlxc_config_free(&ct->conf);
}
