// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * A process entering a container sets itself up (see proc_setup_impl.h). Moved
 * here from spawn.c and init.c unchanged, so that attach.c shares them.
 */
#include "proc_setup_impl.h"

#include <errno.h>
#include <grp.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define DEFAULT_PATH "/usr/sbin:/usr/bin:/sbin:/bin"

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
