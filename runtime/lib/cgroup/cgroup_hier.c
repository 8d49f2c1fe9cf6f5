// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Which hierarchies a container's cgroup lives in, and where: found from
 * the mounts (v1 layout: every v1 hierarchy; v2: cgroup2; hybrid: both)
 * and our own cgroup in each (/proc/self/cgroup), or read back from
 * RUN_DIR/cgroup. Named v1 hierarchies (name=systemd) are used as well:
 * they only track processes, and with the container there too every
 * hierarchy shows its processes in rlxc.NAME.
 */
#include "cgroup_impl.h"
#include "kernel/file.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define CG_FILE_MAX 65536 /* RUN_DIR/cgroup: a line per hierarchy */

static struct cg_hier *add(struct rlxc_cgroup *cg, const struct rlxc_cgroup_ops *ops)
{
	struct cg_hier *h = realloc(cg->h, (cg->n + 1) * sizeof(*h));

	if (!h)
		return NULL;
	cg->h = h;
	h = &cg->h[cg->n++];
	memset(h, 0, sizeof(*h));
	h->ops = ops;
	return h;
}

/* Our cgroup (self) relative to what m mounts, "" for its root; NULL when m
 * mounts another part of the hierarchy (a bind mount of some cgroup). */
static const char *below(const struct cgfs_mount *m, const char *self)
{
	size_t n = strcmp(m->root, "/") == 0 ? 0 : strlen(m->root);
	const char *rel = self + n;

	if (strncmp(self, m->root, n) != 0 || (*rel && *rel != '/'))
		return NULL;
	return strcmp(rel, "/") == 0 ? "" : rel;
}

/* base = the mount point + rel; path = base/rlxc.NAME. */
static int place(struct cg_hier *h, const char *name, const struct cgfs_mount *m, const char *rel,
		 struct rlxc_error *err)
{
	int len = snprintf(h->base, sizeof(h->base), "%s%s", m->path, rel);

	if (len > 0 && (size_t)len < sizeof(h->base))
		len = snprintf(h->path, sizeof(h->path), "%s/" RLXC_CG_PREFIX "%s", h->base, name);
	if (len < 0 || (size_t)len >= sizeof(h->path))
		return rlxc_fail(err, ENAMETOOLONG, "cgroup path below %s%s", m->path, rel);
	return 0;
}

struct scan {
	struct rlxc_cgroup *cg;
	struct rlxc_error *err;
	char known[1024];    /* the kernel's controllers, comma-separated */
	bool v1;	     /* use the v1 hierarchies (v1 and hybrid layouts) */
	const char *v2_path; /* the cgroup2 mount to use, NULL: none */
	char self[8192];     /* /proc/self/cgroup, read once */
	bool failed;	     /* err says why */
};

/* The controllers of a v1 mount's options: "rw,nosuid,cpu,cpuacct" -> "cpu,cpuacct". */
static void v1_ctrls(const char *opts, const char *known, char *out, size_t len)
{
	char buf[256], *save = NULL;
	size_t n = 0;

	snprintf(buf, sizeof(buf), "%s", opts);
	out[0] = '\0';
	for (char *w = strtok_r(buf, ",", &save); w; w = strtok_r(NULL, ",", &save))
		if ((strncmp(w, "name=", 5) == 0 || rlxc_cg_in_list(known, w)) && n < len)
			n += (size_t)snprintf(out + n, len - n, "%s%s", n ? "," : "", w);
}

/* An entry for mount m when our own cgroup is below what it mounts: the
 * v1 hierarchy of controller first (ctrls: all of its controllers), or
 * cgroup2 (first NULL, ctrls ""). */
static int use(struct scan *s, const struct cgfs_mount *m, const char *first, const char *ctrls)
{
	char self[PATH_MAX];
	const char *rel;
	struct cg_hier *h;
	int ret = cgfs_self_in(s->self, first, self, sizeof(self));

	if (ret < 0)
		return rlxc_fail(s->err, -ret, "find our %s cgroup in /proc/self/cgroup",
				 first ? first : "cgroup2");
	rel = below(m, self);
	if (!rel)
		return 0;
	h = add(s->cg, first ? &rlxc_cgroup_v1_ops : &rlxc_cgroup_v2_ops);
	if (!h)
		return rlxc_fail(s->err, ENOMEM, "cgroups");
	snprintf(h->ctrls, sizeof(h->ctrls), "%s", ctrls);
	return place(h, s->cg->name, m, rel, s->err);
}

static int scan_v1(const struct cgfs_mount *m, struct scan *s)
{
	char ctrls[256], first[128];

	if (!s->v1)
		return 0;
	v1_ctrls(m->opts, s->known, ctrls, sizeof(ctrls));
	if (!*ctrls)
		return 0;
	for (size_t i = 0; i < s->cg->n; i++)
		if (strcmp(s->cg->h[i].ctrls, ctrls) == 0)
			return 0; /* the same hierarchy mounted again */
	snprintf(first, sizeof(first), "%.*s", (int)strcspn(ctrls, ","), ctrls);
	return use(s, m, first, ctrls);
}

static int scan_v2(const struct cgfs_mount *m, struct scan *s)
{
	if (!s->v2_path || strcmp(m->path, s->v2_path) != 0 || rlxc_cg_v2(s->cg))
		return 0;
	return use(s, m, NULL, "");
}

static int scan_one(const struct cgfs_mount *m, void *arg)
{
	struct scan *s = arg;
	int ret = m->v2 ? scan_v2(m, s) : scan_v1(m, s);

	s->failed = ret < 0;
	return ret;
}

/* The names in /proc/cgroups, comma-separated. */
static void known_controllers(char *list, size_t len)
{
	FILE *f = fopen("/proc/cgroups", "re");
	char line[256];
	size_t n = 0;

	list[0] = '\0';
	while (f && fgets(line, sizeof(line), f)) {
		int w = (int)strcspn(line, " \t\n");

		if (line[0] != '#' && w > 0 && n < len)
			n += (size_t)snprintf(list + n, len - n, "%s%.*s", n ? "," : "", w, line);
	}
	if (f)
		fclose(f);
}

int rlxc_cg_discover(struct rlxc_cgroup *cg, struct rlxc_error *err)
{
	struct scan s = { .cg = cg, .err = err };
	enum cgfs_layout layout;
	char v2[PATH_MAX];
	int ret = cgfs_layout(&layout);

	if (ret < 0)
		return rlxc_fail(err, -ret, "statfs %s", CGFS_ROOT);
	if (layout == CGFS_NONE)
		return rlxc_fail(err, 0, "no cgroup filesystem is mounted at %s", CGFS_ROOT);
	if (layout != CGFS_V1 && cgfs_v2_mount(v2, sizeof(v2)) == 0)
		s.v2_path = v2;
	s.v1 = layout != CGFS_V2;
	if ((ret = rlxc_file_read("/proc/self/cgroup", s.self, sizeof(s.self))) < 0)
		return rlxc_fail(err, -ret, "read /proc/self/cgroup");
	if (s.v1)
		known_controllers(s.known, sizeof(s.known));
	ret = cgfs_each_mount(scan_one, &s);
	if (ret > 0)
		ret = 0;
	if (ret < 0 && !s.failed)
		rlxc_fail(err, -ret, "read /proc/self/mountinfo");
	if (!ret && cg->n == 0)
		ret = rlxc_fail(err, 0, "no usable cgroup hierarchy is mounted (layout %s)",
				cgfs_layout_name(layout));
	return ret;
}

/* ---- RUN_DIR/cgroup: "VERSION CONTROLLERS PATH" per hierarchy ---- */

int rlxc_cgroup_save(const struct rlxc_cgroup *cg, const char *run_dir, struct rlxc_error *err)
{
	char *text = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&text, &len);
	int ret;

	if (!f)
		return rlxc_fail(err, errno, "cgroups");
	for (size_t i = 0; i < cg->n; i++)
		fprintf(f, "%d %s %s\n", cg->h[i].ops->version,
			*cg->h[i].ctrls ? cg->h[i].ctrls : "-", cg->h[i].path);
	ret = fclose(f) == 0 ? rlxc_file_put(run_dir, "cgroup", text) : -ENOMEM;
	free(text);
	return ret < 0 ? rlxc_fail(err, -ret, "write %s/cgroup", run_dir) : 0;
}

int rlxc_cgroup_forget(const char *run_dir, struct rlxc_error *err)
{
	int ret = rlxc_file_put(run_dir, "cgroup", "");

	return ret < 0 ? rlxc_fail(err, -ret, "write %s/cgroup", run_dir) : 0;
}

/* One line: the entry, with base and name from the path ".../rlxc.NAME". */
static int load_line(struct rlxc_cgroup *cg, char *line, const char *file, int lineno,
		     struct rlxc_error *err)
{
	char ctrls[256], *slash, *name, *path = line;
	struct cg_hier *h;
	int version = line[0] - '0';
	size_t n = 0;

	line[strcspn(line, "\n")] = '\0';
	if ((version == 1 || version == 2) && line[1] == ' ') {
		path = line + 2;
		n = strcspn(path, " ");
	}
	if (!n || n >= sizeof(ctrls) || path[n] != ' ' || !path[n + 1])
		return rlxc_fail(err, 0, "%s:%d: not 'VERSION CONTROLLERS PATH': '%s'", file,
				 lineno, line);
	snprintf(ctrls, sizeof(ctrls), "%.*s", (int)n, path);
	path += n + 1;
	slash = strrchr(path, '/');
	name = slash ? slash + 1 + strlen(RLXC_CG_PREFIX) : NULL;
	if (!slash || slash == path || strncmp(slash + 1, RLXC_CG_PREFIX, strlen(RLXC_CG_PREFIX)) ||
	    !*name || (*cg->name && strcmp(cg->name, name) != 0) || strlen(name) > NAME_MAX)
		return rlxc_fail(err, 0, "%s:%d: not a cgroup rlxc.NAME of one container: '%s'",
				 file, lineno, path);
	h = add(cg, version == 1 ? &rlxc_cgroup_v1_ops : &rlxc_cgroup_v2_ops);
	if (!h)
		return rlxc_fail(err, ENOMEM, "%s", file);
	snprintf(cg->name, sizeof(cg->name), "%s", name);
	snprintf(h->ctrls, sizeof(h->ctrls), "%s", strcmp(ctrls, "-") == 0 ? "" : ctrls);
	snprintf(h->path, sizeof(h->path), "%s", path);
	snprintf(h->base, sizeof(h->base), "%.*s", (int)(slash - path), path);
	return 0;
}

int rlxc_cgroup_load(struct rlxc_cgroup **out, const char *run_dir, struct rlxc_error *err)
{
	struct rlxc_cgroup *cg = calloc(1, sizeof(*cg));
	char file[PATH_MAX], *text = malloc(CG_FILE_MAX), *line, *save = NULL;
	int ret = 0, lineno = 0;

	*out = NULL;
	if (!cg || !text) {
		ret = rlxc_fail(err, ENOMEM, "cgroups");
		goto out;
	}
	snprintf(file, sizeof(file), "%s/cgroup", run_dir);
	if ((ret = rlxc_file_get(file, text, CG_FILE_MAX)) < 0) {
		ret = rlxc_fail(err, -ret, "read %s", file);
		goto out;
	}
	if (!*text) {
		rlxc_fail(err, 0, "%s: no cgroups (none in use)", file);
		ret = -ENOENT;
		goto out;
	}
	for (line = strtok_r(text, "\n", &save); !ret && line; line = strtok_r(NULL, "\n", &save))
		ret = load_line(cg, line, file, ++lineno, err);
	if (!ret && cg->n == 0)
		ret = rlxc_fail(err, 0, "%s: no cgroup in it", file);
out:
	free(text);
	if (ret) {
		rlxc_cgroup_free(cg);
		return ret;
	}
	*out = cg;
	return 0;
}

void rlxc_cgroup_free(struct rlxc_cgroup *cg)
{
	if (!cg)
		return;
	free(cg->h);
	free(cg);
}
