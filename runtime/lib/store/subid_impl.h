/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * /etc/subuid and /etc/subgid (shadow's format: NAME:START:COUNT a line,
 * '#' comments), for idmap.c: read, root's range added when it has none,
 * and the check that a file of ids is root's alone (see idmap.h).
 */
#ifndef RLXC_STORE_SUBID_IMPL_H
#define RLXC_STORE_SUBID_IMPL_H

#include "base/error.h"

#include <stdbool.h>
#include <stddef.h>

/* LXD's default range for root. */
#define RLXC_SUBID_START 1000000UL
#define RLXC_SUBID_COUNT 1000000000UL

struct rlxc_subid {
	bool root; /* root's: owner "root" or "0" */
	unsigned long start, count;
};

struct rlxc_subids {
	struct rlxc_subid *v;
	size_t n;
};

/* The path of the file: $VAR when set and not empty, else def. */
const char *rlxc_subid_path(const char *var, const char *def);

/* Read path (a missing file has no entries); a malformed line is an error
 * naming path:line. */
int rlxc_subid_load(const char *path, struct rlxc_subids *s, struct rlxc_error *err);
void rlxc_subid_free(struct rlxc_subids *s);

/* rlxc_subid_load, and when root has no entry there, add one (root:
 * RLXC_SUBID_START:RLXC_SUBID_COUNT, or further up when that overlaps
 * another range), written aside and renamed into place while holding
 * shadow's lock, path.lock. */
int rlxc_subid_root(const char *path, struct rlxc_subids *s, struct rlxc_error *err);

/* 0 when fd (the open file path) may be trusted with ids: a regular file of
 * root's (or the caller's) that no one else may write, in a directory no
 * one else may write (or a sticky one); else -EPERM saying why. */
int rlxc_subid_trusted(int fd, const char *path, struct rlxc_error *err);

/* The whole of path, NUL-terminated, malloc'd into *text, once it passed
 * rlxc_subid_trusted (at most 1 MiB); "" when it does not exist. */
int rlxc_idfile_read(const char *path, char **text, struct rlxc_error *err);

/* path made of text then line (a newline between them when text lacks
 * one), mode 0644, written aside and renamed over it. */
int rlxc_idfile_write(const char *path, const char *text, const char *line, struct rlxc_error *err);

#endif
