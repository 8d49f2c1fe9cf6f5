// SPDX-License-Identifier: LGPL-2.1-or-later
/* Running one command and timing it, as a user would. */
#include "bench.h"
#include "kernel/clock.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static double now_ms(void)
{
	return (double)rlxc_now_ns() / 1e6;
}

static void __attribute__((noreturn)) child(char *const *argv, char *const *env, bool keep)
{
	int null = open("/dev/null", O_RDWR);

	dup2(null, 0);
	if (!keep) {
		dup2(null, 1);
		dup2(null, 2);
	}
	for (size_t i = 0; env && env[i]; i++)
		putenv(env[i]);
	execvp(argv[0], argv);
	_exit(127);
}

double bench_run(struct bench_ctx *ctx, char *const *argv, char *const *env, bool keep_output)
{
	double t0 = now_ms(), t;
	int status;
	pid_t pid;

	fflush(NULL);
	pid = fork();
	if (pid < 0) {
		snprintf(ctx->err, sizeof(ctx->err), "fork: %s", strerror(errno));
		return -1;
	}
	if (pid == 0)
		child(argv, env, keep_output);
	if (waitpid(pid, &status, 0) < 0) {
		snprintf(ctx->err, sizeof(ctx->err), "waitpid: %s", strerror(errno));
		return -1;
	}
	t = now_ms() - t0;
	if (WIFEXITED(status) && WEXITSTATUS(status) == 0)
		return t;
	if (WIFEXITED(status))
		snprintf(ctx->err, sizeof(ctx->err), "%s exited %d", argv[0], WEXITSTATUS(status));
	else
		snprintf(ctx->err, sizeof(ctx->err), "%s died of signal %d", argv[0],
			 WTERMSIG(status));
	return -1;
}
