/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * Inside the config parser: what the reader (config.c) gives the key table
 * (config_keys.c): the directory of the file being read, and lxc.include.
 * The table and the reader need each other by nature: lxc.include is a key
 * whose value is read by the reader.
 */
#ifndef RLXC_CONFIG_IMPL_H
#define RLXC_CONFIG_IMPL_H

#include "config.h"

#include <stddef.h>

/* The path value, when relative, made absolute from the directory of the
 * file being read (its real path); as given outside a file. */
void cfg_here(const struct rlxc_config *c, const char *value, char *buf, size_t len);

/* Read the file or directory PATH (lxc.include). */
int cfg_include(struct rlxc_config *c, const char *path, const char *origin, const char *key,
		struct rlxc_error *err);

#endif
