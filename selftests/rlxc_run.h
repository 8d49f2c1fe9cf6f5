/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * Running the rlxc binary from a test as a user would, and reading what it
 * said. stdout and stderr go to temporary files (no pipe can fill up and
 * stall it). With $RLXC_VALGRIND set (make check-valgrind), rlxc itself
 * runs under memcheck, and an error there is exit status 99.
 */
#ifndef RLXC_RUN_H
#define RLXC_RUN_H

#include "rlxc_paths.h"

#include <fcntl.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

struct run {
	int status; /* exit status, or 128 + signal */
	char *out;
	char *err;
};

static inline char *run_slurp(FILE *f)
{
	char *buf = NULL, chunk[4096];
	size_t len = 0, n;
	FILE *m = open_memstream(&buf, &len);

	rewind(f);
	while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0)
		fwrite(chunk, 1, n, m);
	fclose(m);
	return buf;
}

static inline bool run_under_valgrind(void)
{
	const char *v = getenv("RLXC_VALGRIND");

	return v && *v && strcmp(v, "0") != 0;
}

/* The argv to exec: [valgrind options...] rlxc args... (at most 48). */
static inline void run_argv(const char **argv, const char *const *args)
{
	static const char *const vg[] = {
		"valgrind", "--quiet", "--error-exitcode=99", "--leak-check=full",
		"--errors-for-leak-kinds=definite", "--show-leak-kinds=definite",
		NULL,
	};
	int n = 0;

	if (run_under_valgrind())
		for (int i = 0; vg[i]; i++)
			argv[n++] = vg[i];
	argv[n++] = rlxc_bin();
	for (int i = 0; args[i] && n < 47; i++)
		argv[n++] = args[i];
	argv[n] = NULL;
}

/* Run rlxc with args (NULL-terminated); stdin is /dev/null. */
static inline void run_rlxc(struct run *r, const char *const *args)
{
	FILE *out = tmpfile(), *err = tmpfile();
	const char *argv[48];
	int status = 0;
	pid_t pid;

	run_argv(argv, args);
	fflush(NULL);
	pid = fork();
	if (pid == 0) {
		int null = open("/dev/null", O_RDONLY);

		dup2(null, 0);
		dup2(fileno(out), 1);
		dup2(fileno(err), 2);
		execvp(argv[0], (char **)argv);
		_exit(126);
	}
	waitpid(pid, &status, 0);
	r->status = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
	r->out = run_slurp(out);
	r->err = run_slurp(err);
	fclose(out);
	fclose(err);
}

static inline void run_free(struct run *r)
{
	free(r->out);
	free(r->err);
	r->out = r->err = NULL;
}

#define RLXC(r, ...) run_rlxc(r, (const char *const[]){ __VA_ARGS__, NULL })

#endif
