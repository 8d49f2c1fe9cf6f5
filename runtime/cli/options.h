/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * Option parsing the verbs share: -n NAME, -P DIR, --json, and a verb's own
 * options described by one table.
 */
#ifndef RLXC_CLI_OPTIONS_H
#define RLXC_CLI_OPTIONS_H

#include "store/container.h"
#include "base/error.h"

#include <getopt.h>
#include <stdbool.h>

struct cli_opts {
	const char *verb;
	const char *name;  /* -n */
	const char *store; /* -P */
	bool json;         /* --json */
	char **rest;       /* what follows the options (after "--" for execute/attach) */
	int nrest;
};

/* A verb's own option: 'c' with or without an argument. */
struct cli_opt {
	int c;
	const char *long_name;
	bool has_arg;
	/* store the argument (or set the flag): 0 or a usage error in err */
	int (*set)(void *ctx, const char *arg, struct rlxc_error *err);
};

/* Parse argv (argv[0] is the verb). extra may be NULL. */
int cli_parse(int argc, char **argv, struct cli_opts *o, const struct cli_opt *extra,
	      size_t nextra, void *ctx, struct rlxc_error *err);

/* -n is required: a usage error naming the verb otherwise. */
int cli_need_name(const struct cli_opts *o, struct rlxc_error *err);

/* Open the container named by -n (it must exist). */
int cli_open(const struct cli_opts *o, struct rlxc_container *ct, struct rlxc_error *err);

/* Parse a signal name or number ("TERM", "SIGTERM", "15"); -1 if none. */
int cli_signal(const char *s);

/* Parse a whole non-negative number of seconds; -1 if not one. */
int cli_seconds(const char *s);

#endif
