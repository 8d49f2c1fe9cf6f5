// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * A process entering a container sets itself up (see proc_setup_impl.h). Moved
 * here from spawn.c and init.c, so that attach.c shares them.
 */
#include "proc_setup_impl.h"
#include "kernel/file.h" /* struct rlxc_text */

#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/sendfile.h>
#include <unistd.h>

#define DEFAULT_PATH "/usr/sbin:/usr/bin:/sbin:/bin"

/* What makes a memfd immutable: no more writes, no size change, no unsealing. */
#define EXE_SEALS (F_SEAL_SEAL | F_SEAL_SHRINK | F_SEAL_GROW | F_SEAL_WRITE)

/* /proc/self/cmdline can hold the whole of ARG_MAX (a quarter of an 8 MiB stack). */
#define CMDLINE_MAX (4U << 20)

extern char **environ;

int rlxc_proc_not_dumpable(struct rlxc_error *err)
{
	if (prctl(PR_SET_DUMPABLE, 0, 0, 0, 0) < 0)
		return rlxc_fail(err, errno, "prctl(PR_SET_DUMPABLE, 0)");
	return 0;
}

static bool exe_is_sealed(void)
{
	int fd = open("/proc/self/exe", O_RDONLY | O_CLOEXEC), seals;

	if (fd < 0)
		return false;
	seals = fcntl(fd, F_GET_SEALS);
	close(fd);
	return seals >= 0 && (seals & EXE_SEALS) == EXE_SEALS;
}

/* A sealed memfd holding a copy of the running program, in *out. */
static int copy_exe(int *out, struct rlxc_error *err)
{
	int exe = open("/proc/self/exe", O_RDONLY | O_CLOEXEC), fd, ret = 0;
	ssize_t n;

	if (exe < 0)
		return rlxc_fail(err, errno, "open /proc/self/exe");
	if ((fd = memfd_create("rlxc", MFD_CLOEXEC | MFD_ALLOW_SEALING)) < 0) {
		close(exe);
		return rlxc_fail(err, errno, "memfd_create");
	}
	while ((n = sendfile(fd, exe, NULL, 1U << 30)) > 0)
		;
	if (n < 0 || fcntl(fd, F_ADD_SEALS, EXE_SEALS) < 0) {
		ret = rlxc_fail(err, errno, "copy /proc/self/exe into a sealed memfd");
		close(fd);
	}
	close(exe);
	*out = ret < 0 ? -1 : fd;
	return ret;
}

/* All of /proc/self/cmdline into t (read, not rlxc_file_load: under
 * valgrind the file opened is valgrind's stand-in, not the one lstat saw). */
static int read_cmdline(struct rlxc_text *t)
{
	int fd = open("/proc/self/cmdline", O_RDONLY | O_CLOEXEC), ret = 0;
	size_t cap = 4096;
	ssize_t n;

	if (fd < 0)
		return -errno;
	if (!(t->text = malloc(cap)))
		ret = -ENOMEM;
	while (!ret && (n = read(fd, t->text + t->len, cap - t->len)) != 0) {
		char *more;

		if (n < 0)
			ret = errno == EINTR ? 0 : -errno;
		else if ((t->len += (size_t)n) == cap && cap >= CMDLINE_MAX)
			ret = -E2BIG;
		else if (t->len == cap && (more = realloc(t->text, cap *= 2)))
			t->text = more;
		else if (t->len == cap)
			ret = -ENOMEM;
	}
	close(fd);
	return ret;
}

/* This process's argv as the kernel keeps it (main's is not at hand
 * here): t->text holds the strings, *argv points into it. */
static int own_argv(struct rlxc_text *t, char ***argv, struct rlxc_error *err)
{
	size_t n = 0, i = 0;
	int ret = read_cmdline(t);

	if (ret < 0)
		return rlxc_fail(err, -ret, "read /proc/self/cmdline");
	for (size_t k = 0; k < t->len; k++)
		n += t->text[k] == '\0';
	if (!n || !(*argv = calloc(n + 1, sizeof(**argv))))
		return rlxc_fail(err, n ? ENOMEM : EINVAL, "/proc/self/cmdline");
	for (size_t k = 0; k < t->len && i < n; k += strlen(t->text + k) + 1)
		(*argv)[i++] = t->text + k;
	return 0;
}

/* fexecve, or where that is refused (valgrind --trace-children=yes), the
 * same through /proc/self/fd, which needs the fd to stay open. */
static int exec_fd(int fd, char **argv)
{
	char path[32];

	fexecve(fd, argv, environ);
	snprintf(path, sizeof(path), "/proc/self/fd/%d", fd);
	if (fcntl(fd, F_SETFD, 0) == 0)
		execve(path, argv, environ);
	return -errno;
}

int rlxc_proc_sealed_exe(struct rlxc_error *err)
{
	struct rlxc_text t = { 0 };
	char **argv = NULL;
	int fd = -1, ret;

	if (exe_is_sealed())
		return 0;
	if ((ret = own_argv(&t, &argv, err)) == 0 && (ret = copy_exe(&fd, err)) == 0) {
		fflush(NULL);
		ret = rlxc_fail(err, -exec_fd(fd, argv), "re-execute from a sealed copy of rlxc");
		close(fd);
	}
	free(argv);
	free(t.text);
	return ret;
}

int rlxc_proc_become_root(struct rlxc_error *err)
{
	if (setresgid(0, 0, 0) < 0 || setresuid(0, 0, 0) < 0)
		return rlxc_fail(err, errno, "become root of the user namespace");
	return 0;
}

void rlxc_proc_reset_signals(void)
{
	struct sigaction sa = { .sa_handler = SIG_DFL };
	sigset_t none;

	for (int sig = 1; sig < NSIG; sig++)
		if (sig != SIGKILL && sig != SIGSTOP)
			sigaction(sig, &sa, NULL); /* EINVAL for the C library's own: fine */
	sigemptyset(&none);
	sigprocmask(SIG_SETMASK, &none, NULL);
}

int rlxc_proc_set_ids(const struct rlxc_config *c, bool userns, struct rlxc_error *err)
{
	/* the caller's supplementary groups stay outside (EPERM: setgroups is
	 * denied in this user namespace, there are none anyway) */
	if (setgroups(0, NULL) < 0 && !(userns && errno == EPERM))
		return rlxc_fail(err, errno, "setgroups");
	if (c->init_gid_set && setresgid(c->init_gid, c->init_gid, c->init_gid) < 0)
		return rlxc_fail(err, errno, "setgid %u (lxc.init.gid)", (unsigned)c->init_gid);
	if (c->init_uid_set && setresuid(c->init_uid, c->init_uid, c->init_uid) < 0)
		return rlxc_fail(err, errno, "setuid %u (lxc.init.uid)", (unsigned)c->init_uid);
	return 0;
}

/* Put KV (allocated, owned by ENV now) into ENV, replacing its key. */
static void env_put(char **env, size_t *n, char *kv)
{
	size_t klen = (size_t)(strchrnul(kv, '=') - kv);

	for (size_t i = 0; i < *n; i++)
		if (!strncmp(env[i], kv, klen) && env[i][klen] == '=') {
			free(env[i]);
			env[i] = kv;
			return;
		}
	env[(*n)++] = kv;
}

static int env_defaults(char **env, size_t *n)
{
	const char *term = getenv("TERM");

	env[(*n)++] = strdup("PATH=" DEFAULT_PATH);
	if (asprintf(&env[(*n)++], "TERM=%s", term && *term ? term : "linux") < 0)
		env[*n - 1] = NULL;
	env[(*n)++] = strdup("container=lxc");
	env[(*n)++] = strdup("HOME=/");
	for (size_t i = 0; i < *n; i++)
		if (!env[i])
			return -ENOMEM;
	return 0;
}

/* lxc.environment ("K=V", or "K": the caller's value of K), then extra. */
static int env_add(char **env, size_t *n, const struct strv *conf, const struct strv *extra)
{
	char *kv;

	for (size_t i = 0; i < conf->n; i++) {
		const char *e = conf->v[i], *v = getenv(e);

		if (strchr(e, '='))
			kv = strdup(e);
		else if (!v || asprintf(&kv, "%s=%s", e, v) < 0)
			continue;
		if (!kv)
			return -ENOMEM;
		env_put(env, n, kv);
	}
	for (size_t i = 0; extra && i < extra->n; i++) {
		if (!(kv = strdup(extra->v[i])))
			return -ENOMEM;
		env_put(env, n, kv);
	}
	return 0;
}

int rlxc_proc_env(const struct rlxc_config *c, const struct strv *extra, char ***envp,
		  struct rlxc_error *err)
{
	size_t n = 0, max = c->environment.n + (extra ? extra->n : 0) + 5;
	char **env = calloc(max, sizeof(*env));

	*envp = NULL;
	if (!env)
		return rlxc_fail(err, ENOMEM, "environment");
	if (env_defaults(env, &n) < 0 || env_add(env, &n, &c->environment, extra) < 0) {
		for (size_t i = 0; i < max; i++)
			free(env[i]);
		free(env);
		return rlxc_fail(err, ENOMEM, "environment");
	}
	*envp = env;
	return 0;
}

void rlxc_proc_env_free(char **env)
{
	for (size_t i = 0; env && env[i]; i++)
		free(env[i]);
	free(env);
}

int rlxc_proc_exec_failed(const char *cmd, int errnum)
{
	if (errnum == ENOENT && !strchr(cmd, '/'))
		dprintf(STDERR_FILENO, "rlxc: %s: command not found\n", cmd);
	else
		dprintf(STDERR_FILENO, "rlxc: %s: %s\n", cmd, strerror(errnum));
	return errnum == ENOENT ? 127 : 126;
}

void rlxc_proc_exec(char *const *argv)
{
	sigset_t none;

	sigemptyset(&none);
	sigprocmask(SIG_SETMASK, &none, NULL);
	execvp(argv[0], argv);
	_exit(rlxc_proc_exec_failed(argv[0], errno));
}
