// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * The peers rlxc is compared with, each running "execute /bin/true" on the
 * bench's busybox rootfs in the four variants (netns no/yes x limits
 * no/yes):
 *
 * floor        bench/floor.c: clone, pivot_root, /proc, exec. With limits,
 *              it joins scratch cgroups made here (pids.max 64, memory
 *              256M) through RLXC_FLOOR_CGROUP_PROCS (see floor.c).
 * lxc-execute  a config file and an lxcpath in the scratch directory;
 *              net "empty" (lo only) or "none" (the host's), limits as
 *              lxc.cgroup.* keys. LXC's monitor leaves an lxc.pivot cgroup
 *              behind: lxc.cgroup.dir.monitor.pivot puts it under a name of
 *              ours, removed in teardown.
 * runc         an OCI bundle (config.json) in the scratch directory,
 *              `runc run` with its state under the scratch directory and its
 *              cgroup at /rlxc-bench-runc-<pid>-<k>; no seccomp, no
 *              capabilities list (runc then gives none: /bin/true needs none).
 *
 * Cgroups made here and by the peers are named rlxc-bench-*, at the root of
 * each hierarchy, and removed in teardown even after a failed run.
 */
#include "bench.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <json-c/json.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define CG_ROOT	  "/sys/fs/cgroup"
#define PIDS_MAX  64
#define MEM_LIMIT (256L << 20)
#define LXC_PIVOT "lxc.pivot"
#define BENCH_CMD "/bin/true"

struct peer_state {
	char cg[64];		/* our cgroup (floor, runc) or LXC's pivot parent */
	char env[2 * PATH_MAX]; /* floor: RLXC_FLOOR_CGROUP_PROCS=... */
	char conf[PATH_MAX];	/* lxc: the config file */
	char lxcpath[PATH_MAX];
	char bundle[PATH_MAX]; /* runc */
	char runc_root[PATH_MAX];
};

static int seq; /* unique container names and cgroups in this process */

static const char *variant_tag(struct bench_variant v)
{
	return v.netns ? (v.limits ? "netns-limits" : "netns") : (v.limits ? "limits" : "plain");
}

static int set_err(struct bench_ctx *ctx, const char *what, const char *arg, int err)
{
	snprintf(ctx->err, sizeof(ctx->err), "%s %s: %s", what, arg, strerror(err));
	return -1;
}

/* Where prog is: PATH, then the sbin directories a root shell may lack. */
static bool find_prog(const char *prog, char *out, size_t len)
{
	char path[4096];
	const char *env = getenv("PATH");

	snprintf(path, sizeof(path), "%s:/usr/sbin:/sbin:/usr/bin:/bin", env ? env : "");
	for (char *save, *dir = strtok_r(path, ":", &save); dir; dir = strtok_r(NULL, ":", &save)) {
		snprintf(out, len, "%s/%s", dir, prog);
		if (*dir == '/' && access(out, X_OK) == 0)
			return true;
	}
	return false;
}

/* lxc-execute runs the command under LXC's own init, which it finds here. */
static bool find_lxc_init(void)
{
	static const char *const init[] = {
		"/usr/sbin/init.lxc",	    "/usr/sbin/init.lxc.static", "/sbin/init.lxc",
		"/usr/local/sbin/init.lxc", "/usr/libexec/lxc/lxc-init", "/usr/lib/lxc/lxc-init",
	};

	for (size_t i = 0; i < sizeof(init) / sizeof(init[0]); i++)
		if (access(init[i], X_OK) == 0)
			return true;
	return false;
}

static char lxc_execute[PATH_MAX], runc[PATH_MAX];
static char missing[256];

static void find_peers(void)
{
	static bool done;

	if (done)
		return;
	done = true;
	if (!find_prog("lxc-execute", lxc_execute, sizeof(lxc_execute)))
		snprintf(missing, sizeof(missing), "lxc-execute (not installed)");
	else if (!find_lxc_init())
		snprintf(missing, sizeof(missing), "lxc-execute (no init.lxc)");
	else
		missing[0] = '\0';
	if (!find_prog("runc", runc, sizeof(runc)))
		snprintf(missing + strlen(missing), sizeof(missing) - strlen(missing),
			 "%srunc (not installed)", missing[0] ? ", " : "");
}

/* ---- cgroups ---- */

static bool cgroup2_only(void)
{
	return access(CG_ROOT "/cgroup.controllers", F_OK) == 0;
}

static int write_str(const char *dir, const char *file, const char *val)
{
	char path[PATH_MAX];
	ssize_t n, len = (ssize_t)strlen(val);
	int fd, err;

	snprintf(path, sizeof(path), "%s/%s", dir, file);
	fd = open(path, O_WRONLY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	n = write(fd, val, (size_t)len);
	err = errno;
	close(fd);
	return n == len ? 0 : -(n < 0 ? err : EIO);
}

/* rmdir, waiting a little for the last tasks' exit to be accounted. */
static void rmdir_cgroup(const char *path)
{
	const struct timespec ms = { 0, 1000000 };

	for (int i = 0; i < 200 && rmdir(path) && errno == EBUSY; i++)
		nanosleep(&ms, NULL);
}

/* Remove NAME[/sub] from every hierarchy (and from a cgroup2-only root). */
static void cgroup_remove_all(const char *name, const char *sub)
{
	char path[PATH_MAX];
	struct dirent *de;
	DIR *d = opendir(CG_ROOT);

	while (d && (de = readdir(d))) {
		if (de->d_name[0] == '.' || de->d_type != DT_DIR)
			continue;
		snprintf(path, sizeof(path), CG_ROOT "/%s/%s/%s", de->d_name, name, sub ? sub : "");
		if (sub)
			rmdir_cgroup(path);
		snprintf(path, sizeof(path), CG_ROOT "/%s/%s", de->d_name, name);
		rmdir_cgroup(path);
	}
	if (d)
		closedir(d);
	snprintf(path, sizeof(path), CG_ROOT "/%s/%s", name, sub ? sub : "");
	if (sub)
		rmdir_cgroup(path);
	snprintf(path, sizeof(path), CG_ROOT "/%s", name);
	rmdir_cgroup(path);
}

/* mkdir CG_ROOT/ctrl/name, set file = val; its cgroup.procs into procs. */
static int cgroup_make(struct bench_ctx *ctx, const char *ctrl, const char *name, const char *file,
		       const char *val, char *procs, size_t len)
{
	char dir[PATH_MAX];
	int ret;

	snprintf(dir, sizeof(dir), CG_ROOT "%s%s/%s", *ctrl ? "/" : "", ctrl, name);
	if (mkdir(dir, 0755) && errno != EEXIST)
		return set_err(ctx, "mkdir", dir, errno);
	ret = write_str(dir, file, val);
	if (ret)
		return set_err(ctx, "set", file, -ret);
	snprintf(procs, len, "%s/cgroup.procs", dir);
	return 0;
}

/* ---- running the peers' commands, untimed ---- */

/* Run argv (env additions, may be NULL) to its end, stdin and the outputs
 * on /dev/null but fd `keep` (1 or 2, or 0 for none) into buf (always
 * NUL-terminated). */
static void run_capture(char *const *argv, char *const *env, int keep, char *buf, size_t len)
{
	size_t used = 0;
	int fd[2] = { -1, -1 };
	ssize_t n;
	pid_t pid;

	if (buf)
		buf[0] = '\0';
	if (keep && pipe2(fd, O_CLOEXEC))
		return;
	pid = fork();
	if (pid == 0) {
		int null = open("/dev/null", O_RDWR);

		dup2(null, 0);
		dup2(keep == 1 ? fd[1] : null, 1);
		dup2(keep == 2 ? fd[1] : null, 2);
		for (size_t i = 0; env && env[i]; i++)
			putenv(env[i]);
		execv(argv[0], argv);
		_exit(127);
	}
	if (keep) {
		close(fd[1]);
		while (pid > 0 && (n = read(fd[0], buf + used, len - 1 - used)) > 0)
			used += (size_t)n;
		buf[used] = '\0';
		close(fd[0]);
	}
	if (pid > 0)
		waitpid(pid, NULL, 0);
}

/* ---- diagnosis of a failed peer run ---- */

/* The line to quote from a failed run's stderr: the first that says
 * "error", else the first (lxc-execute's first is the cause, its last a
 * summary); runc's logrus prefix (time=... level=error) dropped. */
static const char *pick_line(char *buf)
{
	char *line = NULL, *msg;

	for (char *save, *l = strtok_r(buf, "\n", &save); l; l = strtok_r(NULL, "\n", &save)) {
		if (strcasestr(l, "error")) {
			line = l;
			break;
		}
		if (!line)
			line = l;
	}
	if (line && (msg = strstr(line, "msg=")))
		line = msg + 4;
	return line ? line : "";
}

/* Run argv again with stderr captured, to quote it in ctx->err. */
static void explain_failure(struct bench_ctx *ctx, char *const *argv, char *const *env)
{
	char buf[4096];
	const char *line;

	run_capture(argv, env, 2, buf, sizeof(buf));
	line = pick_line(buf);
	if (*line) {
		size_t used = strlen(ctx->err);

		snprintf(ctx->err + used, sizeof(ctx->err) - used, ": %s", line);
	}
}

/* ---- floor ---- */

static int floor_setup(struct bench_ctx *ctx, const struct bench_op *op, void **state)
{
	struct peer_state *s = calloc(1, sizeof(*s));
	char pids[PATH_MAX], mem[PATH_MAX];
	char max[16], limit[32];
	int ret;

	if (!s)
		return set_err(ctx, "allocate", "state", ENOMEM);
	*state = s;
	if (!op->v.limits)
		return 0;
	snprintf(s->cg, sizeof(s->cg), "rlxc-bench-floor-%d-%d", getpid(), ++seq);
	snprintf(max, sizeof(max), "%d", PIDS_MAX);
	snprintf(limit, sizeof(limit), "%ld", MEM_LIMIT);
	if (cgroup2_only()) {
		ret = cgroup_make(ctx, "", s->cg, "pids.max", max, pids, sizeof(pids));
		if (!ret)
			ret = cgroup_make(ctx, "", s->cg, "memory.max", limit, mem, sizeof(mem));
		snprintf(s->env, sizeof(s->env), "RLXC_FLOOR_CGROUP_PROCS=%s", pids);
		return ret;
	}
	ret = cgroup_make(ctx, "pids", s->cg, "pids.max", max, pids, sizeof(pids));
	if (!ret)
		ret = cgroup_make(ctx, "memory", s->cg, "memory.limit_in_bytes", limit, mem,
				  sizeof(mem));
	snprintf(s->env, sizeof(s->env), "RLXC_FLOOR_CGROUP_PROCS=%s:%s", pids, mem);
	return ret;
}

static double floor_once(struct bench_ctx *ctx, const struct bench_op *op, void *state)
{
	struct peer_state *s = state;
	char *env[] = { s->env, NULL };
	char *argv[6];
	double t;
	int i = 0;

	argv[i++] = (char *)ctx->floor;
	if (op->v.netns)
		argv[i++] = "--netns";
	argv[i++] = ctx->rootfs;
	argv[i++] = BENCH_CMD;
	argv[i] = NULL;
	t = bench_run(ctx, argv, op->v.limits ? env : NULL, false);
	if (t < 0)
		explain_failure(ctx, argv, op->v.limits ? env : NULL);
	return t;
}

static void floor_teardown(struct bench_ctx *ctx, const struct bench_op *op, void *state)
{
	struct peer_state *s = state;

	(void)ctx;
	(void)op;
	if (s && s->cg[0])
		cgroup_remove_all(s->cg, NULL);
	free(s);
}

/* ---- lxc-execute ---- */

/* An lxcpath or a bundle: files and small directories, nothing mounted. */
static void remove_dir_entries(const char *dir)
{
	char path[PATH_MAX];
	struct dirent *de;
	DIR *d = opendir(dir);

	while (d && (de = readdir(d))) {
		if (!strcmp(de->d_name, ".") || !strcmp(de->d_name, ".."))
			continue;
		snprintf(path, sizeof(path), "%s/%s", dir, de->d_name);
		if (de->d_type == DT_DIR) {
			remove_dir_entries(path);
			rmdir(path);
		} else {
			unlink(path);
		}
	}
	if (d)
		closedir(d);
}

static int lxc_write_conf(struct bench_ctx *ctx, const struct bench_op *op, struct peer_state *s)
{
	bool v2 = cgroup2_only();
	FILE *f = fopen(s->conf, "we");

	if (!f)
		return set_err(ctx, "create", s->conf, errno);
	fprintf(f, "lxc.rootfs.path = dir:%s\n", ctx->rootfs);
	fprintf(f, "lxc.uts.name = rlxc-bench\n");
	fprintf(f, "lxc.net.0.type = %s\n", op->v.netns ? "empty" : "none");
	fprintf(f, "lxc.mount.auto = proc:mixed sys:ro\n");
	fprintf(f, "lxc.tty.max = 0\nlxc.pty.max = 0\nlxc.console.path = none\n");
	fprintf(f, "lxc.apparmor.profile = unconfined\n");
	fprintf(f, "lxc.cgroup.dir.monitor.pivot = %s\n", s->cg);
	if (op->v.limits && v2)
		fprintf(f, "lxc.cgroup2.pids.max = %d\nlxc.cgroup2.memory.max = %ld\n", PIDS_MAX,
			MEM_LIMIT);
	else if (op->v.limits)
		fprintf(f, "lxc.cgroup.pids.max = %d\nlxc.cgroup.memory.limit_in_bytes = %ld\n",
			PIDS_MAX, MEM_LIMIT);
	if (fclose(f))
		return set_err(ctx, "write", s->conf, errno);
	return 0;
}

static int lxc_setup(struct bench_ctx *ctx, const struct bench_op *op, void **state)
{
	struct peer_state *s = calloc(1, sizeof(*s));
	const char *tag = variant_tag(op->v);

	if (!s)
		return set_err(ctx, "allocate", "state", ENOMEM);
	*state = s;
	snprintf(s->cg, sizeof(s->cg), "rlxc-bench-lxc-%d-%d", getpid(), ++seq);
	snprintf(s->conf, sizeof(s->conf), "%s/lxc-%s.conf", ctx->dir, tag);
	snprintf(s->lxcpath, sizeof(s->lxcpath), "%s/lxc-%s", ctx->dir, tag);
	if (mkdir(s->lxcpath, 0755) && errno != EEXIST)
		return set_err(ctx, "mkdir", s->lxcpath, errno);
	return lxc_write_conf(ctx, op, s);
}

static double lxc_once(struct bench_ctx *ctx, const struct bench_op *op, void *state)
{
	struct peer_state *s = state;
	char name[64];
	char *argv[] = { lxc_execute, "-P",    s->lxcpath, "-n",      name,
			 "-f",	      s->conf, "--",	   BENCH_CMD, NULL };
	double t;

	(void)op;
	snprintf(name, sizeof(name), "rlxc-bench-%d-%d", getpid(), ++seq);
	t = bench_run(ctx, argv, NULL, false);
	if (t < 0)
		explain_failure(ctx, argv, NULL);
	return t;
}

static void lxc_teardown(struct bench_ctx *ctx, const struct bench_op *op, void *state)
{
	struct peer_state *s = state;

	(void)ctx;
	(void)op;
	if (!s)
		return;
	cgroup_remove_all(s->cg, LXC_PIVOT);
	if (s->lxcpath[0]) {
		remove_dir_entries(s->lxcpath);
		rmdir(s->lxcpath);
	}
	if (s->conf[0])
		unlink(s->conf);
	free(s);
}

/* ---- runc ---- */

static void json_add_str(json_object *o, const char *key, const char *val)
{
	json_object_object_add(o, key, json_object_new_string(val));
}

static json_object *json_strs(const char *const *v)
{
	json_object *a = json_object_new_array();

	for (; *v; v++)
		json_object_array_add(a, json_object_new_string(*v));
	return a;
}

static json_object *oci_mount(const char *dst, const char *type, const char *src,
			      const char *const *opts)
{
	json_object *m = json_object_new_object();

	json_add_str(m, "destination", dst);
	json_add_str(m, "type", type);
	json_add_str(m, "source", src);
	if (opts)
		json_object_object_add(m, "options", json_strs(opts));
	return m;
}

static json_object *oci_mounts(void)
{
	static const char *const dev[] = { "nosuid", "strictatime", "mode=755", "size=65536k",
					   NULL };
	static const char *const pts[] = { "nosuid",	    "noexec",	 "newinstance",
					   "ptmxmode=0666", "mode=0620", NULL };
	static const char *const sys[] = { "nosuid", "noexec", "nodev", "ro", NULL };
	json_object *a = json_object_new_array();

	json_object_array_add(a, oci_mount("/proc", "proc", "proc", NULL));
	json_object_array_add(a, oci_mount("/dev", "tmpfs", "tmpfs", dev));
	json_object_array_add(a, oci_mount("/dev/pts", "devpts", "devpts", pts));
	json_object_array_add(a, oci_mount("/sys", "sysfs", "sysfs", sys));
	return a;
}

static json_object *oci_process(void)
{
	static const char *const args[] = { BENCH_CMD, NULL };
	static const char *const env[] = { "PATH=/usr/sbin:/usr/bin:/sbin:/bin", NULL };
	json_object *p = json_object_new_object(), *user = json_object_new_object();

	json_object_object_add(p, "terminal", json_object_new_boolean(false));
	json_object_object_add(user, "uid", json_object_new_int(0));
	json_object_object_add(user, "gid", json_object_new_int(0));
	json_object_object_add(p, "user", user);
	json_object_object_add(p, "args", json_strs(args));
	json_object_object_add(p, "env", json_strs(env));
	json_add_str(p, "cwd", "/");
	return p;
}

static json_object *oci_linux(const struct bench_op *op, const char *cgroup)
{
	static const char *const ns[] = { "pid", "mount", "ipc", "uts", "network" };
	json_object *l = json_object_new_object(), *a = json_object_new_array();
	char path[96];

	for (size_t i = 0; i < (op->v.netns ? 5u : 4u); i++) {
		json_object *n = json_object_new_object();

		json_add_str(n, "type", ns[i]);
		json_object_array_add(a, n);
	}
	json_object_object_add(l, "namespaces", a);
	snprintf(path, sizeof(path), "/%s", cgroup);
	json_add_str(l, "cgroupsPath", path);
	if (op->v.limits) {
		json_object *r = json_object_new_object();
		json_object *pids = json_object_new_object(), *mem = json_object_new_object();

		json_object_object_add(pids, "limit", json_object_new_int64(PIDS_MAX));
		json_object_object_add(mem, "limit", json_object_new_int64(MEM_LIMIT));
		json_object_object_add(r, "pids", pids);
		json_object_object_add(r, "memory", mem);
		json_object_object_add(l, "resources", r);
	}
	return l;
}

static int runc_write_config(struct bench_ctx *ctx, const struct bench_op *op, struct peer_state *s)
{
	json_object *c = json_object_new_object(), *root = json_object_new_object();
	char path[PATH_MAX];
	int ret = 0;

	json_add_str(c, "ociVersion", "1.0.2");
	json_object_object_add(c, "process", oci_process());
	json_add_str(root, "path", ctx->rootfs);
	json_object_object_add(root, "readonly", json_object_new_boolean(false));
	json_object_object_add(c, "root", root);
	json_add_str(c, "hostname", "rlxc-bench");
	json_object_object_add(c, "mounts", oci_mounts());
	json_object_object_add(c, "linux", oci_linux(op, s->cg));
	snprintf(path, sizeof(path), "%s/config.json", s->bundle);
	errno = 0;
	if (json_object_to_file_ext(path, c,
				    JSON_C_TO_STRING_PRETTY | JSON_C_TO_STRING_NOSLASHESCAPE))
		ret = set_err(ctx, "write", path, errno ? errno : EIO);
	json_object_put(c);
	return ret;
}

static int runc_setup(struct bench_ctx *ctx, const struct bench_op *op, void **state)
{
	struct peer_state *s = calloc(1, sizeof(*s));

	if (!s)
		return set_err(ctx, "allocate", "state", ENOMEM);
	*state = s;
	snprintf(s->cg, sizeof(s->cg), "rlxc-bench-runc-%d-%d", getpid(), ++seq);
	snprintf(s->bundle, sizeof(s->bundle), "%s/runc-%s", ctx->dir, variant_tag(op->v));
	snprintf(s->runc_root, sizeof(s->runc_root), "%s/runc-state", ctx->dir);
	if (mkdir(s->bundle, 0755) && errno != EEXIST)
		return set_err(ctx, "mkdir", s->bundle, errno);
	if (mkdir(s->runc_root, 0700) && errno != EEXIST)
		return set_err(ctx, "mkdir", s->runc_root, errno);
	return runc_write_config(ctx, op, s);
}

static void runc_delete(struct peer_state *s, const char *id)
{
	char *argv[] = { runc, "--root", s->runc_root, "delete", "--force", (char *)id, NULL };

	run_capture(argv, NULL, 0, NULL, 0);
}

static double runc_once(struct bench_ctx *ctx, const struct bench_op *op, void *state)
{
	struct peer_state *s = state;
	char id[64];
	char *argv[] = { runc, "--root", s->runc_root, "run", "--bundle", s->bundle, id, NULL };
	double t;

	(void)op;
	snprintf(id, sizeof(id), "rlxc-bench-%d-%d", getpid(), ++seq);
	t = bench_run(ctx, argv, NULL, false);
	if (t < 0) {
		runc_delete(s, id);
		snprintf(id, sizeof(id), "rlxc-bench-%d-%d", getpid(), ++seq);
		explain_failure(ctx, argv, NULL);
		runc_delete(s, id);
	}
	return t;
}

/* Whatever runc left in its state directory (a failed run): delete it. */
static void runc_teardown(struct bench_ctx *ctx, const struct bench_op *op, void *state)
{
	struct peer_state *s = state;
	struct dirent *de;
	DIR *d;

	(void)ctx;
	(void)op;
	if (!s)
		return;
	d = s->runc_root[0] ? opendir(s->runc_root) : NULL;
	while (d && (de = readdir(d)))
		if (de->d_name[0] != '.')
			runc_delete(s, de->d_name);
	if (d)
		closedir(d);
	if (s->runc_root[0])
		rmdir(s->runc_root);
	cgroup_remove_all(s->cg, NULL);
	if (s->bundle[0]) {
		remove_dir_entries(s->bundle);
		rmdir(s->bundle);
	}
	free(s);
}

/* ---- the table ---- */

#define OP(rt, pfx, netns, limits)                                                                 \
	{                                                                                          \
		"execute " BENCH_CMD, rt, { netns, limits, false }, pfx##_setup, pfx##_once,       \
			pfx##_teardown                                                             \
	}

static const struct bench_op all_ops[] = {
	OP("floor", floor, false, false),     OP("floor", floor, true, false),
	OP("floor", floor, false, true),      OP("floor", floor, true, true),
	OP("lxc-execute", lxc, false, false), OP("lxc-execute", lxc, true, false),
	OP("lxc-execute", lxc, false, true),  OP("lxc-execute", lxc, true, true),
	OP("runc", runc, false, false),	      OP("runc", runc, true, false),
	OP("runc", runc, false, true),	      OP("runc", runc, true, true),
};

static bool installed(const char *runtime)
{
	if (!strcmp(runtime, "lxc-execute"))
		return strncmp(missing, "lxc-execute", 11) != 0;
	if (!strcmp(runtime, "runc"))
		return !strstr(missing, "runc");
	return true;
}

const struct bench_op *peer_ops(size_t *n)
{
	static struct bench_op ops[sizeof(all_ops) / sizeof(all_ops[0])];
	size_t k = 0;

	find_peers();
	for (size_t i = 0; i < sizeof(all_ops) / sizeof(all_ops[0]); i++)
		if (installed(all_ops[i].runtime))
			ops[k++] = all_ops[i];
	*n = k;
	return ops;
}

const char *peers_missing(void)
{
	find_peers();
	return missing;
}

/* The first line of `prog --version`, into buf. */
static void first_line(const char *prog, char *buf, size_t len)
{
	char *argv[] = { (char *)prog, "--version", NULL };

	run_capture(argv, NULL, 1, buf, len);
	buf[strcspn(buf, "\n")] = '\0';
}

void peer_versions(char *buf, size_t len)
{
	char line[256];
	const char *v;
	size_t used = 0;

	find_peers();
	buf[0] = '\0';
	if (installed("lxc-execute")) {
		first_line(lxc_execute, line, sizeof(line));
		used += snprintf(buf, len, "lxc-execute %s", line[0] ? line : "?");
	}
	if (installed("runc") && used < len) {
		/* "runc version 1.1.5+ds1" */
		first_line(runc, line, sizeof(line));
		v = strncmp(line, "runc version ", 13) ? line : line + 13;
		snprintf(buf + used, len - used, "%srunc %s", used ? ", " : "", *v ? v : "?");
	}
}
