/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * The host ids of unprivileged containers (idmap.c, subid.c).
 *
 * A container made from the busybox template by root runs in a user
 * namespace whose ids 0..65535 are one block of 65536 host ids: uids from
 * root's subordinate uids, gids from root's subordinate gids, one block
 * per container, no two containers sharing one.
 *
 *   $RLXC_SUBUID, else /etc/subuid     root's subordinate uids, shadow's
 *   $RLXC_SUBGID, else /etc/subgid     format (NAME:START:COUNT a line);
 *                                      without an entry for root (by name
 *                                      or as 0), rlxc adds one, as LXD
 *                                      does: root:1000000:1000000000, or
 *                                      the same count after the last
 *                                      range there when that one is taken
 *   $RLXC_IDMAP_DB, else               the blocks given out, one line each:
 *     /var/lib/rlxc/.idmap             "UID GID DIR", the first host uid
 *                                      and gid of the block and the
 *                                      container's directory STORE/NAME
 *
 * The blocks given out are kept in one file for every store: containers
 * of two stores never share a block. They are given out under a lock
 * (DB.lock, flock) held from the choice to the end of the create, so two
 * creates never choose the same one. A block is free again once its
 * container is gone: each allocation first drops every line whose
 * DIR/config no longer exists or no longer has "lxc.idmap = u 0 UID
 * 65536"; destroy needs to do nothing, and a create killed midway leaks
 * nothing. A block reused that way held only the destroyed container's
 * files, and they went with it.
 *
 * The lowest free block is taken: it starts at or above host id 65536
 * (below are the host's own users), lies in one of root's ranges, and
 * overlaps no other user's subordinate range (ids that user may map into
 * namespaces of their own) and no block given out.
 *
 * These files must be root's: a file (or its directory) that another user
 * could write is refused, since whoever writes it chooses the ids of
 * every container. Only root allocates; rlxc create as another user maps
 * the caller's own uid and gid instead (cmd_create.c).
 */
#ifndef RLXC_STORE_IDMAP_H
#define RLXC_STORE_IDMAP_H

#include "base/error.h"

#include <limits.h>
#include <stdbool.h>
#include <stddef.h>

#define RLXC_IDBLOCK 65536UL

struct rlxc_idalloc_entry;

struct rlxc_idalloc {
	unsigned long uid, gid; /* the block: its first host uid and gid */
	int lock;		/* DB.lock, held until rlxc_idmap_done; -1: none */
	char db[PATH_MAX];
	struct rlxc_idalloc_entry *v; /* every block given out, ours last */
	size_t n;
};

/* Choose a free block for the container whose directory will be DIR
 * (STORE/NAME) and record it; the lock is held on return. */
int rlxc_idmap_alloc(struct rlxc_idalloc *a, const char *dir, struct rlxc_error *err);

/* The create is over: keep the block (the container is in place), or give
 * it back (it failed; best effort: a line left behind is dropped by the
 * next allocation anyway); then unlock. */
void rlxc_idmap_done(struct rlxc_idalloc *a, bool keep);

#endif
