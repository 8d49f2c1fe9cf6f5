// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * The blocks of host ids given out to unprivileged containers: chosen
 * under a lock, recorded in one file for every store (idmap.h).
 */
#include "idmap.h"
#include "subid_impl.h"
#include "base/fsutil.h"
#include "kernel/file.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <unistd.h>

#define DB_DEFAULT "/var/lib/rlxc/.idmap"
#define CONFIG_MAX (1 << 20)

struct rlxc_idalloc_entry {
	unsigned long uid, gid;
	char *dir;
};

static void entries_free(struct rlxc_idalloc *a)
{
	for (size_t i = 0; i < a->n; i++)
		free(a->v[i].dir);
	free(a->v);
	a->v = NULL;
	a->n = 0;
}

static int push(struct rlxc_idalloc *a, unsigned long uid, unsigned long gid, const char *dir)
{
	struct rlxc_idalloc_entry *v = realloc(a->v, (a->n + 1) * sizeof(*v));

	if (!v)
		return -ENOMEM;
	a->v = v;
	if (!(v[a->n].dir = strdup(dir)))
		return -ENOMEM;
	v[a->n].uid = uid;
	v[a->n].gid = gid;
	a->n++;
	return 0;
}

/* DB.lock, flock()ed: held until rlxc_idmap_done. */
static int lock_db(struct rlxc_idalloc *a, struct rlxc_error *err)
{
	char lock[PATH_MAX + 8], dir[PATH_MAX];
	char *slash;
	int ret;

	snprintf(dir, sizeof(dir), "%s", a->db);
	if ((slash = strrchr(dir, '/')) && slash != dir) {
		*slash = '\0';
		if ((ret = rlxc_mkdir_p(dir, 0755, err)) < 0)
			return ret;
	}
	snprintf(lock, sizeof(lock), "%s.lock", a->db);
	a->lock = open(lock, O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0600);
	if (a->lock < 0)
		return rlxc_fail(err, errno, "open %s", lock);
	if ((ret = rlxc_subid_trusted(a->lock, lock, err)) < 0)
		return ret;
	while (flock(a->lock, LOCK_EX) < 0)
		if (errno != EINTR)
			return rlxc_fail(err, errno, "lock %s", lock);
	return 0;
}

/* "UID GID DIR" (modified). */
static int parse_line(struct rlxc_idalloc *a, char *line)
{
	unsigned long uid, gid;
	int used = 0;

	if (sscanf(line, "%lu %lu %n", &uid, &gid, &used) != 2 || !used || line[used] != '/')
		return -EINVAL;
	return push(a, uid, gid, line + used);
}

static int load_db(struct rlxc_idalloc *a, struct rlxc_error *err)
{
	char *text, *line, *next;
	int ret, n = 0;

	if ((ret = rlxc_idfile_read(a->db, &text, err)) < 0)
		return ret;
	for (line = text; *line && !ret; line = next) {
		if ((next = strchr(line, '\n')))
			*next++ = '\0';
		else
			next = line + strlen(line);
		n++;
		if (*line && (ret = parse_line(a, line)) < 0)
			rlxc_fail(err, ret == -ENOMEM ? ENOMEM : 0, "%s:%d: not 'UID GID DIR'",
				  a->db, n);
	}
	free(text);
	return ret;
}

/* Is the block still its container's? Its config is gone, or no longer
 * maps root to it: no. Any doubt (a config that cannot be read): yes. */
static bool in_use(const struct rlxc_idalloc_entry *e)
{
	char path[PATH_MAX + 8], line[96];
	struct rlxc_text t;
	int ret;
	bool used;

	snprintf(path, sizeof(path), "%s/config", e->dir);
	ret = rlxc_file_load(path, CONFIG_MAX, &t);
	if (ret == -ENOENT || ret == -ENOTDIR) {
		free(t.text);
		return false;
	}
	snprintf(line, sizeof(line), "\nlxc.idmap = u 0 %lu %lu\n", e->uid, RLXC_IDBLOCK);
	used = ret < 0 || strstr(t.text, line) || !strncmp(t.text, line + 1, strlen(line + 1));
	free(t.text);
	return used;
}

/* Drop the blocks whose container is gone. */
static void forget_gone(struct rlxc_idalloc *a)
{
	size_t kept = 0;

	for (size_t i = 0; i < a->n; i++) {
		if (in_use(&a->v[i]))
			a->v[kept++] = a->v[i];
		else
			free(a->v[i].dir);
	}
	a->n = kept;
}

static int write_db(const struct rlxc_idalloc *a, struct rlxc_error *err)
{
	char *text = NULL;
	size_t len = 0;
	FILE *m = open_memstream(&text, &len);
	int ret;

	if (!m)
		return rlxc_fail(err, errno, "%s", a->db);
	for (size_t i = 0; i < a->n; i++)
		fprintf(m, "%lu %lu %s\n", a->v[i].uid, a->v[i].gid, a->v[i].dir);
	if (fclose(m) == EOF) {
		free(text);
		return rlxc_fail(err, ENOMEM, "%s", a->db);
	}
	ret = rlxc_idfile_write(a->db, text, "", err);
	free(text);
	return ret;
}

static bool overlaps(unsigned long long b, unsigned long long start, unsigned long long count)
{
	return b < start + count && start < b + RLXC_IDBLOCK;
}

/* Is block b taken: by another user's range, or by a block given out? */
static bool taken(const struct rlxc_idalloc *a, const struct rlxc_subids *s, bool gid,
		  unsigned long long b)
{
	for (size_t i = 0; i < s->n; i++)
		if (!s->v[i].root && overlaps(b, s->v[i].start, s->v[i].count))
			return true;
	for (size_t i = 0; i < a->n; i++)
		if (overlaps(b, gid ? a->v[i].gid : a->v[i].uid, RLXC_IDBLOCK))
			return true;
	return false;
}

/* The lowest free block in root's ranges, at or above 65536; 0: none. */
static unsigned long first_free(const struct rlxc_idalloc *a, const struct rlxc_subids *s, bool gid)
{
	for (size_t i = 0; i < s->n; i++) {
		unsigned long long b = s->v[i].start, end = b + s->v[i].count;

		if (!s->v[i].root)
			continue;
		if (b < RLXC_IDBLOCK)
			b += (RLXC_IDBLOCK - b + RLXC_IDBLOCK - 1) / RLXC_IDBLOCK * RLXC_IDBLOCK;
		for (; b + RLXC_IDBLOCK <= end; b += RLXC_IDBLOCK)
			if (!taken(a, s, gid, b))
				return (unsigned long)b;
	}
	return 0;
}

/* The block of ids of one kind (uid: subuid, else subgid) into *base. */
static int choose(const struct rlxc_idalloc *a, bool gid, unsigned long *base,
		  struct rlxc_error *err)
{
	const char *path = gid ? rlxc_subid_path("RLXC_SUBGID", "/etc/subgid")
			       : rlxc_subid_path("RLXC_SUBUID", "/etc/subuid");
	struct rlxc_subids s;
	int ret = rlxc_subid_root(path, &s, err);

	if (ret < 0)
		return ret;
	*base = first_free(a, &s, gid);
	rlxc_subid_free(&s);
	if (!*base)
		return rlxc_fail(
			err, 0,
			"no free block of %lu %s in root's ranges in %s (%zu given out, %s)",
			RLXC_IDBLOCK, gid ? "gids" : "uids", path, a->n, a->db);
	return 0;
}

int rlxc_idmap_alloc(struct rlxc_idalloc *a, const char *dir, struct rlxc_error *err)
{
	int ret;

	memset(a, 0, sizeof(*a));
	a->lock = -1;
	snprintf(a->db, sizeof(a->db), "%s", rlxc_subid_path("RLXC_IDMAP_DB", DB_DEFAULT));
	if (dir[0] != '/' || strchr(dir, '\n'))
		return rlxc_fail(err, 0, "%s: a container directory the id file cannot record",
				 dir);
	if ((ret = lock_db(a, err)) < 0 || (ret = load_db(a, err)) < 0)
		goto fail;
	forget_gone(a);
	if ((ret = choose(a, false, &a->uid, err)) < 0 || (ret = choose(a, true, &a->gid, err)) < 0)
		goto fail;
	if ((ret = push(a, a->uid, a->gid, dir)) < 0) {
		ret = rlxc_fail(err, ENOMEM, "%s", a->db);
		goto fail;
	}
	if ((ret = write_db(a, err)) == 0)
		return 0;
	a->n--; /* not recorded: nothing to give back */
	free(a->v[a->n].dir);
fail:
	entries_free(a);
	if (a->lock >= 0)
		close(a->lock);
	a->lock = -1;
	return ret;
}

void rlxc_idmap_done(struct rlxc_idalloc *a, bool keep)
{
	struct rlxc_error ignored;

	if (a->lock < 0)
		return;
	if (!keep && a->n) {
		free(a->v[--a->n].dir);
		write_db(a, &ignored);
	}
	entries_free(a);
	close(a->lock);
	a->lock = -1;
}
