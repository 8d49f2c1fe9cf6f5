// SPDX-License-Identifier: LGPL-2.1-or-later
/* A new container built aside, then renamed into place (stage.h). */
#include "stage.h"
#include "base/fsutil.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* The outermost directory of path that does not exist, or "". */
static void outermost_missing(const char *path, char *out, size_t len)
{
	struct stat st;

	out[0] = '\0';
	for (const char *p = path + 1;; p++) {
		if (*p != '/' && *p)
			continue;
		snprintf(out, len, "%.*s", (int)(p - path), path);
		if (lstat(out, &st) < 0 && errno == ENOENT)
			return;
		if (!*p)
			break;
	}
	out[0] = '\0';
}

/* rmdir the store and its parents up to made, while they are empty. */
static void remove_made(struct rlxc_stage *st)
{
	size_t top = strlen(st->made);
	char *slash;

	if (!top || strncmp(st->store, st->made, top))
		return;
	while (strlen(st->store) >= top && rmdir(st->store) == 0) {
		if (!(slash = strrchr(st->store, '/')) || slash == st->store)
			break;
		*slash = '\0';
	}
	st->made[0] = '\0';
}

int rlxc_stage_begin(struct rlxc_stage *st, const struct rlxc_store *s, const char *name,
		     struct rlxc_error *err)
{
	mode_t mask = umask(0);
	int ret;

	umask(mask);
	memset(st, 0, sizeof(*st));
	snprintf(st->store, sizeof(st->store), "%s", s->path);
	outermost_missing(s->path, st->made, sizeof(st->made));
	if ((ret = rlxc_mkdir_p(s->path, 0755, err)) < 0) {
		remove_made(st);
		return ret;
	}
	snprintf(st->dir, sizeof(st->dir), "%s/.%s.XXXXXX", s->path, name);
	/* the container's directory, 0755 & ~umask as mkdir would make it */
	if (!mkdtemp(st->dir)) {
		ret = rlxc_fail(err, errno, "mkdir %s", st->dir);
		st->dir[0] = '\0'; /* none was made */
		remove_made(st);
		return ret;
	}
	if (chmod(st->dir, 0755 & ~mask) < 0) {
		ret = rlxc_fail(err, errno, "chmod %s", st->dir);
		rlxc_stage_abort(st);
		return ret;
	}
	return 0;
}

/* Without RENAME_NOREPLACE (EINVAL: the filesystem lacks it), claim the
 * name with an empty directory, which rename then replaces. */
static int rename_claimed(const char *from, const char *to)
{
	if (mkdir(to, 0700) < 0)
		return -errno;
	if (rename(from, to) < 0) {
		int e = errno;

		rmdir(to);
		return -e;
	}
	return 0;
}

int rlxc_stage_commit(struct rlxc_stage *st, const struct rlxc_store *s, const char *name,
		      struct rlxc_error *err)
{
	char dir[PATH_MAX];
	int ret = 0;

	rlxc_store_dir(s, name, dir, sizeof(dir));
	if (renameat2(AT_FDCWD, st->dir, AT_FDCWD, dir, RENAME_NOREPLACE) < 0)
		ret = errno == EINVAL ? rename_claimed(st->dir, dir) : -errno;
	if (ret == -EEXIST)
		return rlxc_fail(err, 0, "%s already exists in %s", name, s->path);
	if (ret < 0)
		return rlxc_fail(err, -ret, "rename %s to %s", st->dir, dir);
	st->dir[0] = '\0';
	st->made[0] = '\0';
	return 0;
}

void rlxc_stage_abort(struct rlxc_stage *st)
{
	struct rlxc_error ignored;

	if (!st->dir[0])
		return;
	rlxc_rmtree(st->dir, &ignored);
	st->dir[0] = '\0';
	remove_made(st);
}
