/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* The rlxc command line: one file per verb, one table of verbs (main.c). */
#ifndef RLXC_CLI_H
#define RLXC_CLI_H

#include "error.h"

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

#endif
