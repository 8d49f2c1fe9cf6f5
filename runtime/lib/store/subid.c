// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * /etc/subuid and /etc/subgid: root's subordinate ranges, added as LXD
 * does when root has none (subid_impl.h).
 */
#include "subid_impl.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define SUBID_MAX_SIZE (1 << 20)

const char *rlxc_subid_path(const char *var, const char *def)
{
	const char *v = getenv(var);

	return v && *v ? v : def;
}

/* The directory of path (NUL-terminated into buf): "." for a bare name. */
static void dir_of(const char *path, char *buf, size_t len)
{
	const char *slash = strrchr(path, '/');

	if (!slash)
		snprintf(buf, len, ".");
	else if (slash == path)
		snprintf(buf, len, "/");
	else
		snprintf(buf, len, "%.*s", (int)(slash - path), path);
}

static bool owned_safely(const struct stat *st)
{
	return st->st_uid == 0 || st->st_uid == geteuid();
}

/* Is path's directory one that only root (or the caller) may write in (or
 * a sticky one, where no one may replace another's file)? */
static int trusted_dir(const char *path, struct rlxc_error *err)
{
	char dir[PATH_MAX];
	struct stat st;

	dir_of(path, dir, sizeof(dir));
	if (stat(dir, &st) < 0)
		return rlxc_fail(err, errno, "%s", dir);
	if (!owned_safely(&st) || ((st.st_mode & 022) && !(st.st_mode & S_ISVTX)))
		return rlxc_fail(err, EPERM,
				 "%s: its directory %s (owner %u, mode %04o) is writable by others",
				 path, dir, (unsigned)st.st_uid, (unsigned)(st.st_mode & 07777));
	return 0;
}

int rlxc_subid_trusted(int fd, const char *path, struct rlxc_error *err)
{
	struct stat st;

	if (fstat(fd, &st) < 0)
		return rlxc_fail(err, errno, "%s", path);
	if (!S_ISREG(st.st_mode))
		return rlxc_fail(err, EPERM, "%s: not a regular file", path);
	if (!owned_safely(&st) || (st.st_mode & 022))
		return rlxc_fail(err, EPERM, "%s: owner %u, mode %04o: only root may write it",
				 path, (unsigned)st.st_uid, (unsigned)(st.st_mode & 07777));
	return trusted_dir(path, err);
}

int rlxc_idfile_read(const char *path, char **text, struct rlxc_error *err)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW | O_NONBLOCK), ret;
	size_t len = 0;
	ssize_t n;

	*text = NULL;
	if (fd < 0 && errno == ENOENT) { /* to be made there: its directory must be safe */
		if ((ret = trusted_dir(path, err)) < 0)
			return ret;
		return (*text = strdup("")) ? 0 : rlxc_fail(err, ENOMEM, "%s", path);
	}
	if (fd < 0)
		return rlxc_fail(err, errno, "open %s", path);
	if ((ret = rlxc_subid_trusted(fd, path, err)) < 0)
		goto out;
	if (!(*text = malloc(SUBID_MAX_SIZE + 1))) {
		ret = rlxc_fail(err, ENOMEM, "%s", path);
		goto out;
	}
	while ((n = read(fd, *text + len, SUBID_MAX_SIZE + 1 - len)) > 0 &&
	       (len += (size_t)n) <= SUBID_MAX_SIZE)
		;
	if (n < 0)
		ret = rlxc_fail(err, errno, "read %s", path);
	else if (len > SUBID_MAX_SIZE)
		ret = rlxc_fail(err, EFBIG, "%s: larger than %d bytes", path, SUBID_MAX_SIZE);
	else
		(*text)[len] = '\0';
out:
	close(fd);
	if (ret < 0) {
		free(*text);
		*text = NULL;
	}
	return ret;
}

/* A decimal number that fits 32 bits, the whole of s. */
static bool number(const char *s, unsigned long *out)
{
	char *end;

	if (*s < '0' || *s > '9')
		return false;
	errno = 0;
	*out = strtoul(s, &end, 10);
	return !*end && !errno && *out <= UINT32_MAX;
}

/* NAME:START:COUNT (modified). */
static bool parse_line(char *line, struct rlxc_subid *r)
{
	char *c1 = strchr(line, ':'), *c2 = c1 ? strchr(c1 + 1, ':') : NULL;

	if (!c2 || c1 == line)
		return false;
	*c1 = *c2 = '\0';
	r->root = !strcmp(line, "root") || !strcmp(line, "0");
	return number(c1 + 1, &r->start) && number(c2 + 1, &r->count) && r->count > 0 &&
	       (unsigned long long)r->start + r->count <= UINT32_MAX;
}

static int push(struct rlxc_subids *s, const struct rlxc_subid *r)
{
	struct rlxc_subid *v = realloc(s->v, (s->n + 1) * sizeof(*v));

	if (!v)
		return -ENOMEM;
	s->v = v;
	v[s->n++] = *r;
	return 0;
}

static int parse(const char *path, char *text, struct rlxc_subids *s, struct rlxc_error *err)
{
	struct rlxc_subid r;
	char *line, *next;
	int n = 0;

	for (line = text; line && *line; line = next) {
		if ((next = strchr(line, '\n')))
			*next++ = '\0';
		n++;
		line += strspn(line, " \t");
		if (!*line || *line == '#')
			continue;
		if (!parse_line(line, &r))
			return rlxc_fail(err, 0, "%s:%d: not NAME:START:COUNT", path, n);
		if (push(s, &r) < 0)
			return rlxc_fail(err, ENOMEM, "%s", path);
	}
	return 0;
}

void rlxc_subid_free(struct rlxc_subids *s)
{
	free(s->v);
	s->v = NULL;
	s->n = 0;
}

int rlxc_subid_load(const char *path, struct rlxc_subids *s, struct rlxc_error *err)
{
	char *text;
	int ret;

	s->v = NULL;
	s->n = 0;
	if ((ret = rlxc_idfile_read(path, &text, err)) < 0)
		return ret;
	ret = parse(path, text, s, err);
	free(text);
	if (ret < 0)
		rlxc_subid_free(s);
	return ret;
}

static bool has_root(const struct rlxc_subids *s)
{
	for (size_t i = 0; i < s->n; i++)
		if (s->v[i].root)
			return true;
	return false;
}

/*
 * shadow's lock of path: path.lock, made whole by a link of a file that
 * holds our pid (as its tools make it). A lock whose process is gone is
 * stale and taken over.
 */
static int shadow_lock(const char *path, char *lock, size_t len, struct rlxc_error *err)
{
	char tmp[PATH_MAX + 32], pid[24];
	int fd, ret = 0;

	snprintf(lock, len, "%s.lock", path);
	snprintf(tmp, sizeof(tmp), "%s.%d", path, (int)getpid());
	snprintf(pid, sizeof(pid), "%d", (int)getpid());
	fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC | O_NOFOLLOW, 0600);
	if (fd < 0)
		return rlxc_fail(err, errno, "create %s", tmp);
	if (write(fd, pid, strlen(pid)) != (ssize_t)strlen(pid))
		ret = rlxc_fail(err, errno ? errno : EIO, "write %s", tmp);
	close(fd);
	for (int tries = 0; !ret && link(tmp, lock) < 0; tries++) {
		char held[24] = "";
		int lfd = -1;
		long other = 0;

		if (errno != EEXIST) {
			ret = rlxc_fail(err, errno, "lock %s (%s)", path, lock);
			break;
		}
		lfd = open(lock, O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
		if (lfd < 0 || tries > 0 || read(lfd, held, 23) < 0 || (other = atol(held)) <= 0 ||
		    kill((pid_t)other, 0) == 0 || errno != ESRCH)
			ret = rlxc_fail(err, 0, "%s is locked by process %s (%s)", path,
					held[0] ? held : "?", lock);
		else
			unlink(lock); /* its process is gone */
		if (lfd >= 0)
			close(lfd);
	}
	unlink(tmp);
	return ret;
}

/* The first host id of root's new range and its count: LXD's, or the same
 * count after every other range when LXD's overlaps one. */
static int choose(const char *path, const struct rlxc_subids *s, struct rlxc_subid *r,
		  struct rlxc_error *err)
{
	unsigned long long start = RLXC_SUBID_START, count = RLXC_SUBID_COUNT, top = 0;
	bool overlaps = false;

	for (size_t i = 0; i < s->n; i++) {
		unsigned long long end = (unsigned long long)s->v[i].start + s->v[i].count;

		overlaps |= s->v[i].start < start + count && end > start;
		top = end > top ? end : top;
	}
	if (overlaps)
		start = (top + 65535) / 65536 * 65536;
	if (start + count > UINT32_MAX)
		count = start < UINT32_MAX ? (UINT32_MAX - start) / 65536 * 65536 : 0;
	if (count < 65536)
		return rlxc_fail(err, 0, "%s: no room left for root's subordinate ids", path);
	*r = (struct rlxc_subid){ .root = true, .start = start, .count = count };
	return 0;
}

int rlxc_idfile_write(const char *path, const char *text, const char *line, struct rlxc_error *err)
{
	char tmp[PATH_MAX + 16];
	size_t len = strlen(text);
	int fd, ret = 0;
	FILE *f;

	snprintf(tmp, sizeof(tmp), "%s.rlxc-XXXXXX", path);
	if ((fd = mkostemp(tmp, O_CLOEXEC)) < 0)
		return rlxc_fail(err, errno, "create %s", tmp);
	if (!(f = fdopen(fd, "w"))) {
		ret = rlxc_fail(err, errno, "create %s", tmp);
		close(fd);
		unlink(tmp);
		return ret;
	}
	fprintf(f, "%s%s%s", text, len && text[len - 1] != '\n' ? "\n" : "", line);
	if (fflush(f) == EOF || fchmod(fd, 0644) < 0 || fsync(fd) < 0)
		ret = rlxc_fail(err, errno, "write %s", tmp);
	if (fclose(f) == EOF && !ret)
		ret = rlxc_fail(err, errno, "write %s", tmp);
	if (!ret && rename(tmp, path) < 0)
		ret = rlxc_fail(err, errno, "rename %s to %s", tmp, path);
	if (ret)
		unlink(tmp);
	return ret;
}

/* Under shadow's lock: read path again, add root's range if still none. */
static int add_root(const char *path, struct rlxc_error *err)
{
	struct rlxc_subids s = { 0 };
	struct rlxc_subid r = { 0 };
	char *text = NULL, *copy = NULL, line[64];
	int ret;

	if ((ret = rlxc_idfile_read(path, &text, err)) < 0)
		return ret;
	if (!(copy = strdup(text)))
		ret = rlxc_fail(err, ENOMEM, "%s", path);
	else
		ret = parse(path, copy, &s, err); /* parse cuts copy into lines */
	if (ret == 0 && !has_root(&s) && (ret = choose(path, &s, &r, err)) == 0) {
		snprintf(line, sizeof(line), "root:%lu:%lu\n", r.start, r.count);
		ret = rlxc_idfile_write(path, text, line, err);
	}
	rlxc_subid_free(&s);
	free(copy);
	free(text);
	return ret;
}

int rlxc_subid_root(const char *path, struct rlxc_subids *s, struct rlxc_error *err)
{
	char lock[PATH_MAX + 8];
	int ret = rlxc_subid_load(path, s, err);

	if (ret < 0 || has_root(s))
		return ret;
	rlxc_subid_free(s);
	if ((ret = shadow_lock(path, lock, sizeof(lock), err)) < 0)
		return ret;
	ret = add_root(path, err);
	unlink(lock);
	if (ret == 0)
		ret = rlxc_subid_load(path, s, err);
	if (ret == 0 && !has_root(s)) {
		rlxc_subid_free(s);
		ret = rlxc_fail(err, 0, "%s: root's range could not be added", path);
	}
	return ret;
}
