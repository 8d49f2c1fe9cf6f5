// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * cgroupfs: find the cgroup hierarchies (statfs magic, /proc/self/mountinfo,
 * /proc/cgroups, /proc/self/cgroup) and make, use and remove cgroups in them.
 */
#include "cgroupfs.h"
#include "cleanup.h"
#include "clock.h"
#include "file.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <linux/magic.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/vfs.h>
#include <time.h>
#include <unistd.h>

#ifndef CGROUP2_SUPER_MAGIC
#define CGROUP2_SUPER_MAGIC 0x63677270
#endif
#ifndef CGROUP_SUPER_MAGIC
#define CGROUP_SUPER_MAGIC 0x27e0eb
#endif
#ifndef TMPFS_MAGIC
#define TMPFS_MAGIC 0x01021994
#endif

static void close_file(FILE **f)
{
	if (*f)
		fclose(*f);
}

#define cleanup_file __attribute__((cleanup(close_file)))

static int path_join(char *buf, size_t len, const char *dir, const char *name)
{
	int n = snprintf(buf, len, "%s/%s", dir, name);

	return (n < 0 || (size_t)n >= len) ? -ENAMETOOLONG : 0;
}

int cgfs_layout(enum cgfs_layout *layout)
{
	struct statfs fs;

	*layout = CGFS_NONE;
	if (statfs(CGFS_ROOT, &fs) < 0)
		return -errno;
	if (fs.f_type == CGROUP2_SUPER_MAGIC)
		*layout = CGFS_V2;
	else if (fs.f_type == CGROUP_SUPER_MAGIC)
		*layout = CGFS_V1; /* one v1 hierarchy mounted right there */
	else if (fs.f_type == TMPFS_MAGIC)
		*layout =
		    (statfs(CGFS_ROOT "/unified", &fs) == 0 && fs.f_type == CGROUP2_SUPER_MAGIC)
			? CGFS_HYBRID
			: CGFS_V1;
	return 0;
}

const char *cgfs_layout_name(enum cgfs_layout layout)
{
	switch (layout) {
	case CGFS_V1:
		return "v1";
	case CGFS_V2:
		return "v2";
	case CGFS_HYBRID:
		return "hybrid";
	default:
		return "none";
	}
}

/* mountinfo escapes space, tab, newline and backslash as \ooo. */
static void unescape(char *dst, size_t len, const char *src)
{
	size_t n = 0;

	while (*src && n + 1 < len) {
		if (src[0] == '\\' && src[1] >= '0' && src[1] <= '3' && src[2] >= '0' &&
		    src[2] <= '7' && src[3] >= '0' && src[3] <= '7') {
			dst[n++] =
			    (char)((src[1] - '0') * 64 + (src[2] - '0') * 8 + (src[3] - '0'));
			src += 4;
		} else {
			dst[n++] = *src++;
		}
	}
	dst[n] = '\0';
}

/* "36 25 0:31 / /sys/fs/cgroup/memory rw,relatime shared:9 - cgroup cgroup rw,memory" */
static bool parse_mountinfo(char *line, struct cgfs_mount *m)
{
	char *field[5], *sep, *fstype, *source, *opts, *save = NULL;
	char *tok = strtok_r(line, " ", &save);

	for (int i = 0; i < 5; i++, tok = strtok_r(NULL, " ", &save)) {
		if (!tok)
			return false;
		field[i] = tok;
	}
	for (sep = tok; sep && strcmp(sep, "-") != 0; sep = strtok_r(NULL, " ", &save))
		;
	fstype = strtok_r(NULL, " ", &save);
	source = strtok_r(NULL, " ", &save);
	opts = strtok_r(NULL, " \n", &save);
	if (!sep || !fstype || !source || !opts)
		return false;
	if (strcmp(fstype, "cgroup2") == 0)
		m->v2 = true;
	else if (strcmp(fstype, "cgroup") == 0)
		m->v2 = false;
	else
		return false;
	unescape(m->root, sizeof(m->root), field[3]);
	unescape(m->path, sizeof(m->path), field[4]);
	snprintf(m->opts, sizeof(m->opts), "%s", opts);
	return true;
}

int cgfs_each_mount(int (*fn)(const struct cgfs_mount *m, void *arg), void *arg)
{
	cleanup_file FILE *f = fopen("/proc/self/mountinfo", "re");
	struct cgfs_mount *m;
	char *line = NULL;
	size_t cap = 0;
	int ret = 0;

	if (!f)
		return -errno;
	m = malloc(sizeof(*m));
	if (!m)
		return -ENOMEM;
	while (ret == 0 && getline(&line, &cap, f) > 0)
		if (parse_mountinfo(line, m))
			ret = fn(m, arg);
	free(line);
	free(m);
	return ret;
}

/* Whether word is one of the comma- or whitespace-separated words of list. */
static bool has_word(const char *list, const char *word, const char *seps)
{
	size_t n = strlen(word);

	for (const char *p = list; *p;) {
		size_t w = strcspn(p, seps);

		if (w == n && strncmp(p, word, n) == 0)
			return true;
		p += w;
		p += strspn(p, seps);
	}
	return false;
}

struct find {
	const char *ctrl; /* NULL: cgroup2 */
	char *path;
	size_t len;
	int score;
};

static int find_v1(const struct cgfs_mount *m, void *arg)
{
	struct find *f = arg;

	if (m->v2 || !has_word(m->opts, f->ctrl, ","))
		return 0;
	snprintf(f->path, f->len, "%s", m->path);
	return 1;
}

static int find_v2(const struct cgfs_mount *m, void *arg)
{
	struct find *f = arg;
	int score = 1;

	if (!m->v2)
		return 0;
	if (strcmp(m->path, CGFS_ROOT) == 0)
		score = 3;
	else if (strcmp(m->path, CGFS_ROOT "/unified") == 0)
		score = 2;
	if (score > f->score) {
		f->score = score;
		snprintf(f->path, f->len, "%s", m->path);
	}
	return 0;
}

int cgfs_v1_mount(const char *ctrl, char *path, size_t len)
{
	struct find f = {.ctrl = ctrl, .path = path, .len = len};
	int ret = cgfs_each_mount(find_v1, &f);

	if (ret < 0)
		return ret;
	return ret ? 0 : -ENOENT;
}

int cgfs_v2_mount(char *path, size_t len)
{
	struct find f = {.path = path, .len = len};
	int ret = cgfs_each_mount(find_v2, &f);

	if (ret < 0)
		return ret;
	return f.score ? 0 : -ENOENT;
}

int cgfs_proc_cgroups_num(const char *ctrl, int *hierarchy, int *num, bool *enabled)
{
	cleanup_file FILE *f = fopen("/proc/cgroups", "re");
	char line[256];
	size_t n = strlen(ctrl);

	if (!f)
		return -errno;
	/* "#subsys_name hierarchy num_cgroups enabled", then a line each */
	while (fgets(line, sizeof(line), f)) {
		char *p = line + n, *end;
		long v[3];

		if (line[0] == '#' || strncmp(line, ctrl, n) != 0 || (*p != ' ' && *p != '\t'))
			continue;
		for (int i = 0; i < 3; i++, p = end)
			if ((v[i] = strtol(p, &end, 10)) < 0 || end == p)
				return -EIO;
		*hierarchy = (int)v[0];
		*num = (int)v[1];
		*enabled = v[2] != 0;
		return 0;
	}
	return -ENOENT;
}

int cgfs_proc_cgroups(const char *ctrl, int *hierarchy, bool *enabled)
{
	int num;

	return cgfs_proc_cgroups_num(ctrl, hierarchy, &num, enabled);
}

/* "4:memory:/user.slice" (v1), "0::/user.slice" (v2) */
int cgfs_self_in(const char *text, const char *ctrl, char *path, size_t len)
{
	for (const char *line = text; *line; line += strcspn(line, "\n"), line += !!*line) {
		char buf[PATH_MAX + 512], *ctrls, *cg;

		snprintf(buf, sizeof(buf), "%.*s", (int)strcspn(line, "\n"), line);
		if (!(ctrls = strchr(buf, ':')) || !(cg = strchr(ctrls + 1, ':')))
			continue;
		*ctrls++ = '\0';
		*cg++ = '\0';
		if (ctrl ? has_word(ctrls, ctrl, ",") : (strcmp(buf, "0") == 0 && !*ctrls)) {
			snprintf(path, len, "%s", cg);
			return 0;
		}
	}
	return -ENOENT;
}

int cgfs_self(const char *ctrl, char *path, size_t len)
{
	char text[8192];
	int ret = rlxc_file_read("/proc/self/cgroup", text, sizeof(text));

	return ret < 0 ? ret : cgfs_self_in(text, ctrl, path, len);
}

int cgfs_read(const char *cgroup, const char *file, char *buf, size_t len)
{
	char path[PATH_MAX];
	__cleanup_close int fd = -1;
	size_t n = 0;
	int err = path_join(path, sizeof(path), cgroup, file);

	if (err)
		return err;
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	while (n + 1 < len) {
		ssize_t r = read(fd, buf + n, len - 1 - n);

		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0)
			return -errno;
		if (r == 0)
			break;
		n += (size_t)r;
	}
	buf[n] = '\0';
	return 0;
}

int cgfs_write(const char *cgroup, const char *file, const char *text)
{
	char path[PATH_MAX];
	__cleanup_close int fd = -1;
	size_t len = strlen(text);
	ssize_t w;
	int err = path_join(path, sizeof(path), cgroup, file);

	if (err)
		return err;
	fd = open(path, O_WRONLY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	do
		w = write(fd, text, len);
	while (w < 0 && errno == EINTR);
	if (w < 0)
		return -errno;
	return (size_t)w == len ? 0 : -EIO;
}

int cgfs_has(const char *cgroup, const char *file, const char *word)
{
	char buf[4096];
	int err = cgfs_read(cgroup, file, buf, sizeof(buf));

	if (err)
		return err;
	return has_word(buf, word, " \t\n") ? 0 : -ENOENT;
}

int cgfs_attach(const char *cgroup, pid_t pid)
{
	char text[32];
	int err;

	if (pid == 0) {
		/* v1: moving one's own thread skips cgroup_threadgroup_rwsem */
		err = cgfs_write(cgroup, "tasks", "0");
		if (err != -ENOENT)
			return err;
	}
	snprintf(text, sizeof(text), "%d", (int)pid);
	return cgfs_write(cgroup, "cgroup.procs", text);
}

int cgfs_create(const char *parent, const char *name, char *path, size_t len)
{
	int err = path_join(path, len, parent, name);

	if (err)
		return err;
	if (mkdir(path, 0755) == 0)
		return 0;
	if (errno != EEXIST)
		return -errno;
	err = cgfs_remove(path);
	if (err)
		return err;
	return mkdir(path, 0755) == 0 ? 0 : -errno;
}

static bool has_file(const char *cgroup, const char *file)
{
	char path[PATH_MAX];

	return path_join(path, sizeof(path), cgroup, file) == 0 && access(path, F_OK) == 0;
}

/*
 * cgfs_remove() kills processes: only in a cgroup of ours (a path with a
 * component named rlxc...) and never in a hierarchy root (v1: it has
 * release_agent; v2: it has no cgroup.type).
 */
static bool removable(const char *cgroup)
{
	if (!strstr(cgroup, "/rlxc") || has_file(cgroup, "release_agent"))
		return false;
	return !has_file(cgroup, "cgroup.controllers") || has_file(cgroup, "cgroup.type");
}

/* Thaw, then SIGKILL every process (cgroup.kill where there is one) and
 * move it to the parent, so that the rmdir need not wait for it to die. */
static void empty_cgroup(const char *cgroup, const char *parent)
{
	char buf[8192], *save = NULL;

	cgfs_write(cgroup, "cgroup.freeze", "0");
	cgfs_write(cgroup, "freezer.state", "THAWED");
	cgfs_write(cgroup, "cgroup.kill", "1");
	if (cgfs_read(cgroup, "cgroup.procs", buf, sizeof(buf)) < 0)
		return;
	for (char *t = strtok_r(buf, "\n", &save); t; t = strtok_r(NULL, "\n", &save)) {
		pid_t pid = (pid_t)atoi(t);

		if (pid <= 0)
			continue;
		kill(pid, SIGKILL);
		cgfs_attach(parent, pid);
	}
}

static int remove_tree(const char *cgroup);

static int remove_children(const char *cgroup)
{
	__cleanup_closedir DIR *d = opendir(cgroup);
	char path[PATH_MAX];
	struct dirent *e;
	int ret = 0, err;

	if (!d)
		return -errno;
	while ((e = readdir(d))) {
		if (e->d_type != DT_DIR || strcmp(e->d_name, ".") == 0 ||
		    strcmp(e->d_name, "..") == 0)
			continue;
		err = path_join(path, sizeof(path), cgroup, e->d_name);
		if (!err)
			err = remove_tree(path);
		if (err && !ret)
			ret = err;
	}
	return ret;
}

static int remove_tree(const char *cgroup)
{
	char parent[PATH_MAX];
	char *slash;
	long deadline = rlxc_now_ms() + 1000;
	int err = remove_children(cgroup);

	if (err)
		return err;
	snprintf(parent, sizeof(parent), "%s", cgroup);
	slash = strrchr(parent, '/');
	if (!slash || slash == parent)
		return -EINVAL;
	*slash = '\0';
	for (;;) {
		empty_cgroup(cgroup, parent);
		if (rmdir(cgroup) == 0)
			return 0;
		if (errno != EBUSY || rlxc_now_ms() >= deadline)
			return -errno;
		nanosleep(&(struct timespec){.tv_nsec = 500000}, NULL);
	}
}

int cgfs_remove(const char *cgroup)
{
	if (access(cgroup, F_OK) < 0)
		return -errno;
	return removable(cgroup) ? remove_tree(cgroup) : -EINVAL;
}

/* The value of line "key N" in cgroup.events, read through fd. */
static int read_event(int fd, const char *key, int *value)
{
	char buf[512], *save = NULL;
	size_t n = strlen(key);
	ssize_t r = pread(fd, buf, sizeof(buf) - 1, 0);

	if (r < 0)
		return -errno;
	buf[r] = '\0';
	for (char *l = strtok_r(buf, "\n", &save); l; l = strtok_r(NULL, "\n", &save))
		if (strncmp(l, key, n) == 0 && l[n] == ' ') {
			*value = atoi(l + n + 1);
			return 0;
		}
	return -ENOENT;
}

int cgfs_wait_event(const char *cgroup, const char *key, int value, int timeout_ms)
{
	char path[PATH_MAX];
	__cleanup_close int fd = -1;
	long deadline = rlxc_now_ms() + timeout_ms;
	int err = path_join(path, sizeof(path), cgroup, "cgroup.events");

	if (err)
		return err;
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	for (;;) {
		struct pollfd p = {.fd = fd, .events = POLLPRI};
		int cur = -1, left;

		err = read_event(fd, key, &cur);
		if (err)
			return err;
		if (cur == value)
			return 0;
		left = (int)(deadline - rlxc_now_ms());
		if (left <= 0)
			return -ETIMEDOUT;
		/*
		 * kernfs wakes pollers with POLLPRI|POLLERR on a change, but
		 * cgroup rate-limits these wakeups to one per 10 ms: poll in
		 * 1 ms slices and read again.
		 */
		if (poll(&p, 1, left < 1 ? left : 1) < 0 && errno != EINTR)
			return -errno;
	}
}
