/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * A new container built aside, then put in place whole (rlxc create), so
 * that a failure leaves nothing of it in the store and never touches what
 * is there:
 *
 *   rlxc_stage_begin   makes the store (mkdir -p) and STORE/.NAME.XXXXXX,
 *                      a directory that no listing shows (no valid name
 *                      starts with '.');
 *   rlxc_stage_commit  renames it to STORE/NAME, never over anything there
 *                      ("NAME already exists in STORE");
 *   rlxc_stage_abort   removes exactly what begin made: the staging
 *                      directory, and the store directories that did not
 *                      exist (when they are still empty). After a commit it
 *                      does nothing.
 */
#ifndef RLXC_STAGE_H
#define RLXC_STAGE_H

#include "base/error.h"
#include "store.h"

#include <limits.h>

struct rlxc_stage {
	char dir[PATH_MAX];   /* STORE/.NAME.XXXXXX, "" once committed */
	char store[PATH_MAX]; /* STORE */
	char made[PATH_MAX];  /* the outermost directory of STORE begin made, or "" */
};

int rlxc_stage_begin(struct rlxc_stage *st, const struct rlxc_store *s, const char *name,
		     struct rlxc_error *err);
int rlxc_stage_commit(struct rlxc_stage *st, const struct rlxc_store *s, const char *name,
		      struct rlxc_error *err);
void rlxc_stage_abort(struct rlxc_stage *st);

#endif
