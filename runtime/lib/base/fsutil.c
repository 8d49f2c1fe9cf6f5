// SPDX-License-Identifier: LGPL-2.1-or-later
/* Directories of the runtime, with the error idiom (fsutil.h). */
#include "fsutil.h"
#include "kernel/file.h"

#include <errno.h>
#include <ftw.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static dev_t top_dev;
static int walk_errno;
static char walk_path[PATH_MAX];

static int remove_one(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
	(void)ftw;
	if (st->st_dev != top_dev) {
		walk_errno = EBUSY; /* something is mounted below */
		snprintf(walk_path, sizeof(walk_path), "%s", path);
		return 1;
	}
	if ((flag == FTW_DP ? rmdir(path) : unlink(path)) < 0 && errno != ENOENT) {
		walk_errno = errno;
		snprintf(walk_path, sizeof(walk_path), "%s", path);
		return 1;
	}
	return 0;
}

/* A mount point at or below dir in this mount namespace (a bind mount of
 * the same filesystem has the same st_dev: only mountinfo tells), or NULL. */
static const char *mount_below(const char *dir, char *found, size_t len)
{
	char line[4096], mnt[PATH_MAX];
	size_t n = strlen(dir);
	const char *hit = NULL;
	FILE *f = fopen("/proc/self/mountinfo", "re");

	if (!f)
		return NULL;
	while (!hit && fgets(line, sizeof(line), f)) {
		const char *p = line;

		/* field 5, with \040-style escapes for spaces */
		for (int i = 0; i < 4 && *p; i++)
			p += strcspn(p, " "), p += strspn(p, " ");
		if (!*p)
			continue;
		snprintf(mnt, sizeof(mnt), "%.*s", (int)strcspn(p, " \n"), p);
		if (strncmp(mnt, dir, n) == 0 && (mnt[n] == '/' || mnt[n] == '\0')) {
			snprintf(found, len, "%s", mnt);
			hit = found;
		}
	}
	fclose(f);
	return hit;
}

int rlxc_rmtree(const char *path, struct rlxc_error *err)
{
	char real[PATH_MAX], mnt[PATH_MAX];
	struct stat st;

	if (lstat(path, &st) < 0)
		return errno == ENOENT ? 0 : rlxc_fail(err, errno, "remove %s", path);
	if (S_ISDIR(st.st_mode) && realpath(path, real) && mount_below(real, mnt, sizeof(mnt)))
		return rlxc_fail(err, EBUSY, "remove %s: %s is a mount point", path, mnt);
	top_dev = st.st_dev;
	walk_errno = 0;
	if (nftw(path, remove_one, 32, FTW_DEPTH | FTW_PHYS) != 0) {
		if (walk_errno == EBUSY)
			return rlxc_fail(err, EBUSY, "remove %s: %s is a mount point", path,
					 walk_path);
		return rlxc_fail(err, walk_errno ? walk_errno : errno, "remove %s",
				 walk_errno ? walk_path : path);
	}
	return 0;
}

int rlxc_mkdir_p(const char *path, mode_t mode, struct rlxc_error *err)
{
	char at[PATH_MAX] = "";
	int ret = rlxc_mkdirs(path, mode, at, sizeof(at));

	return ret < 0 ? rlxc_fail(err, -ret, "mkdir %s", *at ? at : path) : 0;
}
