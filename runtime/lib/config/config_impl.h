/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * Inside the config parser: what the reader (config.c) gives the key table
 * (config_keys.c): the directory of the file being read, and lxc.include.
 * The table and the reader need each other by nature: lxc.include is a key
 * whose value is read by the reader. config_file.c, below both, opens and
 * reads one file within the bounds.
 */
#ifndef RLXC_CONFIG_IMPL_H
#define RLXC_CONFIG_IMPL_H

#include "config.h"

#include <stddef.h>

/* The path value, when relative, made absolute from the directory of the
 * file being read (its real path); as given outside a file. 0, or
 * -ENAMETOOLONG when it does not fit buf (never a path cut short). */
int cfg_here(const struct rlxc_config *c, const char *value, char *buf, size_t len);

/* A config file read whole (config_file.c): text[len] is '\0'; real is its
 * real path. */
struct cfg_file {
	char *text;
	size_t len;
	char *real;
};

/* Read the config file PATH whole, within the bounds of config.h (counted
 * in c: a read with no file being read starts a new count): 0, or -errno
 * with err saying "PATH: what" or "PATH:LINE: read: why". Free f with
 * cfg_file_free, whatever the result. */
int cfg_file_read(struct rlxc_config *c, const char *path, struct cfg_file *f,
		  struct rlxc_error *err);
void cfg_file_free(struct cfg_file *f);

/* Read the file or directory PATH (lxc.include). */
int cfg_include(struct rlxc_config *c, const char *path, const char *origin, const char *key,
		struct rlxc_error *err);

#endif
