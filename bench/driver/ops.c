// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * rlxc's operations, each timed end to end as a user runs it: fork, exec
 * rlxc, wait. What an operation needs around it (a container to start, a
 * running one to freeze, a destroy after a create) happens in the same
 * once() but outside the timed part. Every container lives in the bench's
 * store and is named bench<pid>-<op index>, so cgroups (rlxc/NAME) never
 * meet another store's. Containers are privileged (create --privileged, a
 * config without lxc.idmap) but in the unprivileged variants, whose ids
 * come from the bench's own id files (main.c), never the host's.
 */
#include "driver.h"
#include "kernel/clock.h"

#include <errno.h>
#include <fcntl.h>
#include <json-c/json.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define MAX_ARGS 24

struct ct_state {
	char name[80];
	char holder[96]; /* the container whose block an unprivileged execute uses */
	char conf[PATH_MAX];
	unsigned long count; /* runs so far (the fresh check directories) */
};

static double now_ms(void)
{
	return (double)rlxc_now_ns() / 1e6;
}

/* The first line of what a failed command said, for ctx->err. */
static void say_failure(struct bench_ctx *ctx, char *const *argv, int status, int errfd)
{
	char msg[384] = "";
	ssize_t len = pread(errfd, msg, sizeof(msg) - 1, 0);

	msg[len > 0 ? len : 0] = '\0';
	msg[strcspn(msg, "\n")] = '\0';
	if (WIFEXITED(status))
		snprintf(ctx->err, sizeof(ctx->err), "%s %s exited %d%s%s", argv[0], argv[1],
			 WEXITSTATUS(status), *msg ? ": " : "", msg);
	else
		snprintf(ctx->err, sizeof(ctx->err), "%s %s died of signal %d", argv[0], argv[1],
			 WTERMSIG(status));
}

static void __attribute__((noreturn))
child(char *const *argv, char *const *env, int outfd, int errfd)
{
	int null = open("/dev/null", O_RDWR);

	dup2(null, 0);
	dup2(outfd >= 0 ? outfd : null, 1);
	dup2(errfd, 2);
	for (size_t i = 0; env[i]; i++)
		putenv(env[i]);
	execv(argv[0], argv);
	_exit(127);
}

/*
 * Like bench_run() (fork, exec, wait, timed around all three), but rlxc's
 * stderr goes to a memfd so that a failure says why; stdout into out when
 * given. Exit statuses up to ok_max count as success.
 */
static double run_argv(struct bench_ctx *ctx, char *const *argv, char *const *env, char *out,
		       size_t outlen, int ok_max)
{
	int errfd = memfd_create("rlxc-bench-err", MFD_CLOEXEC), outfd = -1, status;
	double t0, t = -1;
	ssize_t len;
	pid_t pid;

	if (out)
		outfd = memfd_create("rlxc-bench-out", MFD_CLOEXEC);
	if (errfd < 0 || (out && outfd < 0)) {
		snprintf(ctx->err, sizeof(ctx->err), "memfd_create: %s", strerror(errno));
		goto out;
	}
	fflush(NULL);
	t0 = now_ms();
	pid = fork();
	if (pid == 0)
		child(argv, env, outfd, errfd);
	if (pid < 0 || waitpid(pid, &status, 0) < 0) {
		snprintf(ctx->err, sizeof(ctx->err), "fork/wait %s: %s", argv[0], strerror(errno));
		goto out;
	}
	t = now_ms() - t0;
	if (!WIFEXITED(status) || WEXITSTATUS(status) > ok_max) {
		say_failure(ctx, argv, status, errfd);
		t = -1;
	} else if (out) {
		len = pread(outfd, out, outlen - 1, 0);
		out[len > 0 ? len : 0] = '\0';
	}
out:
	if (outfd >= 0)
		close(outfd);
	if (errfd >= 0)
		close(errfd);
	return t;
}

/* argv = rlxc VERB ARGS...; env = the bench's store, runtime directory and
 * id files. */
static double rlxc_vrun(struct bench_ctx *ctx, char *out, size_t outlen, const char *verb,
			va_list ap)
{
	char path_env[PATH_MAX + 16], run_env[PATH_MAX + 24], ids[3][PATH_MAX + 24];
	char *env[] = { path_env, run_env, ids[0], ids[1], ids[2], NULL };
	char *argv[MAX_ARGS + 1];
	int argc = 0;
	const char *a;

	snprintf(path_env, sizeof(path_env), "RLXC_PATH=%s", ctx->store);
	snprintf(run_env, sizeof(run_env), "RLXC_RUNTIME_DIR=%s", ctx->runtime);
	snprintf(ids[0], sizeof(ids[0]), "RLXC_SUBUID=%s/subuid", ctx->dir);
	snprintf(ids[1], sizeof(ids[1]), "RLXC_SUBGID=%s/subgid", ctx->dir);
	snprintf(ids[2], sizeof(ids[2]), "RLXC_IDMAP_DB=%s/idmap", ctx->dir);
	argv[argc++] = (char *)ctx->rlxc;
	argv[argc++] = (char *)verb;
	while ((a = va_arg(ap, const char *)) && argc < MAX_ARGS)
		argv[argc++] = (char *)a;
	argv[argc] = NULL;
	return run_argv(ctx, argv, env, out, outlen, 0);
}

double rlxc_cmd(struct bench_ctx *ctx, const char *verb, ...)
{
	va_list ap;
	double t;

	va_start(ap, verb);
	t = rlxc_vrun(ctx, NULL, 0, verb, ap);
	va_end(ap);
	return t;
}

int rlxc_capture(struct bench_ctx *ctx, char *buf, size_t len, const char *verb, ...)
{
	va_list ap;
	double t;

	va_start(ap, verb);
	t = rlxc_vrun(ctx, buf, len, verb, ap);
	va_end(ap);
	return t < 0 ? -1 : 0;
}

void rlxc_name(char *buf, size_t len, const char *what)
{
	snprintf(buf, len, "bench%d-%s", (int)getpid(), what);
}

int rlxc_destroy_all(struct bench_ctx *ctx)
{
	static char buf[1 << 20];
	json_object *arr, *name;
	int failed = 0;

	if (rlxc_capture(ctx, buf, sizeof(buf), "list", "--json", NULL) < 0)
		return 1;
	arr = json_tokener_parse(buf);
	for (size_t i = 0; arr && i < json_object_array_length(arr); i++) {
		if (!json_object_object_get_ex(json_object_array_get_idx(arr, i), "name", &name))
			continue;
		if (rlxc_cmd(ctx, "destroy", "-f", "-n", json_object_get_string(name), NULL) < 0) {
			fprintf(stderr, "rlxc-bench: cleanup: %s\n", ctx->err);
			failed++;
		}
	}
	json_object_put(arr);
	return failed;
}

/* ---- set-up and teardown ---- */

static const struct bench_op rlxc_table[];

static struct ct_state *state_new(struct bench_ctx *ctx, const struct bench_op *op)
{
	struct ct_state *s = calloc(1, sizeof(*s));
	char what[16];

	if (!s) {
		snprintf(ctx->err, sizeof(ctx->err), "out of memory");
		return NULL;
	}
	snprintf(what, sizeof(what), "%d", (int)(op - rlxc_table));
	rlxc_name(s->name, sizeof(s->name), what);
	return s;
}

static int setup_name(struct bench_ctx *ctx, const struct bench_op *op, void **state)
{
	return (*state = state_new(ctx, op)) ? 0 : -1;
}

/* `rlxc create` of a busybox container NAME, privileged unless userns
 * (then the NULL ends the arguments). */
static double create_busybox(struct bench_ctx *ctx, const char *name, bool userns)
{
	const char *privileged = userns ? NULL : "--privileged";

	return rlxc_cmd(ctx, "create", "-n", name, "-t", "busybox", privileged, NULL);
}

/* The lxc.idmap lines of a block of ids rlxc gave out: a busybox container
 * (s->holder, made here) holds it while the op runs. */
static int write_idmap(struct bench_ctx *ctx, struct ct_state *s, FILE *f)
{
	static char buf[8192];
	json_object *o = NULL, *maps;
	size_t n = 0;

	snprintf(s->holder, sizeof(s->holder), "%s-ids", s->name);
	if (create_busybox(ctx, s->holder, true) < 0 ||
	    rlxc_capture(ctx, buf, sizeof(buf), "info", "--json", "-n", s->holder, NULL) < 0)
		return -1;
	if ((o = json_tokener_parse(buf)) && json_object_object_get_ex(o, "idmap", &maps))
		for (; n < json_object_array_length(maps); n++)
			fprintf(f, "lxc.idmap = %s\n",
				json_object_get_string(json_object_array_get_idx(maps, n)));
	json_object_put(o);
	if (n)
		return 0;
	snprintf(ctx->err, sizeof(ctx->err), "rlxc info %s: no idmap", s->holder);
	return -1;
}

/* execute's config: the shared rootfs, /proc and /sys as lxc-execute's
 * config has them (peers.c), and the op's variant. */
static int setup_exec(struct bench_ctx *ctx, const struct bench_op *op, void **state)
{
	struct ct_state *s = state_new(ctx, op);
	FILE *f;

	if (!(*state = s))
		return -1;
	snprintf(s->conf, sizeof(s->conf), "%s/%s.conf", ctx->dir, s->name);
	f = fopen(s->conf, "w");
	if (!f) {
		snprintf(ctx->err, sizeof(ctx->err), "%s: %s", s->conf, strerror(errno));
		return -1;
	}
	fprintf(f, "# rlxc-bench: execute, variant %s\n", bench_variant_name(op->v));
	fprintf(f, "lxc.rootfs.path = %s\nlxc.mount.auto = proc:mixed sys:ro\n", ctx->rootfs);
	fprintf(f, "lxc.net.0.type = %s\n", op->v.netns ? "empty" : "none");
	if (op->v.limits)
		fprintf(f, "lxc.cgroup.pids.max = 64\nlxc.cgroup.memory.limit_in_bytes = 256M\n");
	if (op->v.userns && write_idmap(ctx, s, f) < 0) {
		fclose(f);
		return -1;
	}
	if (fclose(f)) {
		snprintf(ctx->err, sizeof(ctx->err), "%s: %s", s->conf, strerror(errno));
		return -1;
	}
	return 0;
}

/* A busybox container of the op's own (its rootfs a copy). */
static int setup_created(struct bench_ctx *ctx, const struct bench_op *op, void **state)
{
	struct ct_state *s = state_new(ctx, op);

	if (!(*state = s))
		return -1;
	return create_busybox(ctx, s->name, op->v.userns) < 0 ? -1 : 0;
}

static int setup_running(struct bench_ctx *ctx, const struct bench_op *op, void **state)
{
	if (setup_created(ctx, op, state) < 0)
		return -1;
	return rlxc_cmd(ctx, "start", "-n", ((struct ct_state *)*state)->name, NULL) < 0 ? -1 : 0;
}

static void teardown(struct bench_ctx *ctx, const struct bench_op *op, void *state)
{
	struct ct_state *s = state;
	char saved[sizeof(ctx->err)];

	(void)op;
	if (!s)
		return;
	/* the container may be gone already: keep the op's own error */
	memcpy(saved, ctx->err, sizeof(saved));
	if (access(s->conf, F_OK) == 0)
		unlink(s->conf);
	rlxc_cmd(ctx, "destroy", "-f", "-n", s->name, NULL);
	if (s->holder[0])
		rlxc_cmd(ctx, "destroy", "-f", "-n", s->holder, NULL);
	memcpy(ctx->err, saved, sizeof(saved));
	free(s);
}

/* ---- the timed runs ---- */

/* t, unless the untimed step after it (its undoing) failed */
static double then(double t, double undo)
{
	return undo < 0 ? -1 : t;
}

static double once_create_config(struct bench_ctx *ctx, const struct bench_op *op, void *state)
{
	struct ct_state *s = state;
	char conf[PATH_MAX + 16];
	double t;

	(void)op;
	/* the base container's config: the busybox one, on the shared rootfs */
	snprintf(conf, sizeof(conf), "%s/bench/config", ctx->store);
	t = rlxc_cmd(ctx, "create", "-n", s->name, "-t", "none", "-f", conf, NULL);
	return t < 0 ? t : then(t, rlxc_cmd(ctx, "destroy", "-n", s->name, NULL));
}

static double once_create_template(struct bench_ctx *ctx, const struct bench_op *op, void *state)
{
	struct ct_state *s = state;
	double t;

	t = create_busybox(ctx, s->name, op->v.userns);
	return t < 0 ? t : then(t, rlxc_cmd(ctx, "destroy", "-n", s->name, NULL));
}

static double once_execute(struct bench_ctx *ctx, const struct bench_op *op, void *state)
{
	struct ct_state *s = state;

	(void)op;
	return rlxc_cmd(ctx, "execute", "-n", s->name, "-f", s->conf, "--", "/bin/true", NULL);
}

static double once_start(struct bench_ctx *ctx, const struct bench_op *op, void *state)
{
	struct ct_state *s = state;
	double t;

	(void)op;
	t = rlxc_cmd(ctx, "start", "-n", s->name, NULL);
	return t < 0 ? t : then(t, rlxc_cmd(ctx, "stop", "-t", "0", "-n", s->name, NULL));
}

static double once_stop_kill(struct bench_ctx *ctx, const struct bench_op *op, void *state)
{
	struct ct_state *s = state;

	(void)op;
	if (rlxc_cmd(ctx, "start", "-n", s->name, NULL) < 0)
		return -1;
	return rlxc_cmd(ctx, "stop", "-t", "0", "-n", s->name, NULL);
}

static double once_stop_graceful(struct bench_ctx *ctx, const struct bench_op *op, void *state)
{
	struct ct_state *s = state;

	(void)op;
	if (rlxc_cmd(ctx, "start", "-n", s->name, NULL) < 0)
		return -1;
	return rlxc_cmd(ctx, "stop", "-n", s->name, NULL);
}

static double once_destroy(struct bench_ctx *ctx, const struct bench_op *op, void *state)
{
	struct ct_state *s = state;

	if (create_busybox(ctx, s->name, op->v.userns) < 0)
		return -1;
	return rlxc_cmd(ctx, "destroy", "-n", s->name, NULL);
}

static double once_freeze(struct bench_ctx *ctx, const struct bench_op *op, void *state)
{
	struct ct_state *s = state;
	double t;

	(void)op;
	t = rlxc_cmd(ctx, "freeze", "-n", s->name, NULL);
	return t < 0 ? t : then(t, rlxc_cmd(ctx, "unfreeze", "-n", s->name, NULL));
}

static double once_unfreeze(struct bench_ctx *ctx, const struct bench_op *op, void *state)
{
	struct ct_state *s = state;

	(void)op;
	if (rlxc_cmd(ctx, "freeze", "-n", s->name, NULL) < 0)
		return -1;
	return rlxc_cmd(ctx, "unfreeze", "-n", s->name, NULL);
}

static double once_attach(struct bench_ctx *ctx, const struct bench_op *op, void *state)
{
	struct ct_state *s = state;

	(void)op;
	return rlxc_cmd(ctx, "attach", "-n", s->name, "--", "/bin/true", NULL);
}

/*
 * rlxc check as bench-check measured it: every probe, the JSON report to
 * /dev/null, exit 1 (a required feature missing) a valid run; its own
 * runtime directory, so the per-boot cache of cr.criu (probes/cache.c) is
 * warm after the first run. "first of boot": an empty directory each run.
 */
static double check_in(struct bench_ctx *ctx, const char *run_dir)
{
	char run_env[PATH_MAX + 24];
	char *env[] = { run_env, NULL };
	char *argv[] = { (char *)ctx->rlxc, "check", "--json", NULL };

	snprintf(run_env, sizeof(run_env), "RLXC_RUNTIME_DIR=%s", run_dir);
	return run_argv(ctx, argv, env, NULL, 0, 1);
}

static double once_check(struct bench_ctx *ctx, const struct bench_op *op, void *state)
{
	char dir[PATH_MAX + 16];

	(void)op;
	(void)state;
	snprintf(dir, sizeof(dir), "%s/check/warm", ctx->dir);
	return check_in(ctx, dir);
}

static double once_check_fresh(struct bench_ctx *ctx, const struct bench_op *op, void *state)
{
	struct ct_state *s = state;
	char dir[PATH_MAX + 32];

	(void)op;
	snprintf(dir, sizeof(dir), "%s/check/fresh%lu", ctx->dir, s->count++);
	return check_in(ctx, dir);
}

/* Busybox containers (start .. attach) have lxc.net.0.type = empty: netns. */
static const struct bench_op rlxc_table[] = {
	{ "create (config)",
	  "rlxc",
	  { false, false, false },
	  setup_name,
	  once_create_config,
	  teardown },
	{ "create (template)",
	  "rlxc",
	  { false, false, false },
	  setup_name,
	  once_create_template,
	  teardown },
	{ "execute /bin/true",
	  "rlxc",
	  { false, false, false },
	  setup_exec,
	  once_execute,
	  teardown },
	{ "execute /bin/true", "rlxc", { true, false, false }, setup_exec, once_execute, teardown },
	{ "execute /bin/true", "rlxc", { false, true, false }, setup_exec, once_execute, teardown },
	{ "execute /bin/true", "rlxc", { true, true, false }, setup_exec, once_execute, teardown },
	{ "start", "rlxc", { true, false, false }, setup_created, once_start, teardown },
	{ "stop (SIGKILL)",
	  "rlxc",
	  { true, false, false },
	  setup_created,
	  once_stop_kill,
	  teardown },
	{ "freeze", "rlxc", { true, false, false }, setup_running, once_freeze, teardown },
	{ "unfreeze", "rlxc", { true, false, false }, setup_running, once_unfreeze, teardown },
	{ "attach /bin/true",
	  "rlxc",
	  { true, false, false },
	  setup_running,
	  once_attach,
	  teardown },
	{ "destroy", "rlxc", { false, false, false }, setup_name, once_destroy, teardown },
	{ "rlxc check", "rlxc", { false, false, false }, NULL, once_check, NULL },
	{ "rlxc check (first of boot)",
	  "rlxc",
	  { false, false, false },
	  setup_name,
	  once_check_fresh,
	  teardown },
	/* unprivileged: what a user namespace and its ids cost (report.c) */
	{ "create (template)",
	  "rlxc",
	  { false, false, true },
	  setup_name,
	  once_create_template,
	  teardown },
	{ "execute /bin/true", "rlxc", { false, false, true }, setup_exec, once_execute, teardown },
	{ "start", "rlxc", { true, false, true }, setup_created, once_start, teardown },
	{ "stop (graceful)",
	  "rlxc",
	  { true, false, false },
	  setup_created,
	  once_stop_graceful,
	  teardown },
};

#define N_OPS (sizeof(rlxc_table) / sizeof(rlxc_table[0]))

const struct bench_op *rlxc_ops(size_t *n)
{
	*n = N_OPS;
	return rlxc_table;
}

/* busybox init's halt sleeps about 2 s by design: fewer runs */
int bench_op_runs(const struct bench_ctx *ctx, const struct bench_op *op)
{
	int slow = ctx->quick ? 2 : 10;

	if (op == &rlxc_table[N_OPS - 1])
		return ctx->runs < slow ? ctx->runs : slow;
	return ctx->runs;
}

const char *bench_variant_name(struct bench_variant v)
{
	if (v.userns)
		return "unprivileged";
	if (v.netns && v.limits)
		return "netns+limits";
	if (v.netns)
		return "netns";
	return v.limits ? "limits" : "-";
}
