/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* The rlxc command line: one file per verb, one table of verbs (main.c). */
#ifndef RLXC_CLI_H
#define RLXC_CLI_H

#include "base/error.h"

/* A verb returns the exit status (>= 0), or -errno with err filled. */
typedef int (*cmd_fn)(int argc, char **argv, struct rlxc_error *err);

struct command {
	const char *name;
	cmd_fn fn;
	const char *usage;   /* "check [--json] [--group G]... [ID]..." */
	const char *summary; /* one line */
	const char *help;    /* the options, for `rlxc help VERB` */
};

int cmd_check(int argc, char **argv, struct rlxc_error *err);
int cmd_create(int argc, char **argv, struct rlxc_error *err);
int cmd_destroy(int argc, char **argv, struct rlxc_error *err);
int cmd_execute(int argc, char **argv, struct rlxc_error *err);
int cmd_start(int argc, char **argv, struct rlxc_error *err);
int cmd_stop(int argc, char **argv, struct rlxc_error *err);
int cmd_kill(int argc, char **argv, struct rlxc_error *err);
int cmd_freeze(int argc, char **argv, struct rlxc_error *err);
int cmd_unfreeze(int argc, char **argv, struct rlxc_error *err);
int cmd_state(int argc, char **argv, struct rlxc_error *err);
int cmd_wait(int argc, char **argv, struct rlxc_error *err);
int cmd_monitor(int argc, char **argv, struct rlxc_error *err);
int cmd_list(int argc, char **argv, struct rlxc_error *err);
int cmd_info(int argc, char **argv, struct rlxc_error *err);
int cmd_ps(int argc, char **argv, struct rlxc_error *err);
int cmd_attach(int argc, char **argv, struct rlxc_error *err);
int cmd_console(int argc, char **argv, struct rlxc_error *err);

#endif
