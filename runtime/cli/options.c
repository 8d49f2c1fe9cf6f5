// SPDX-License-Identifier: LGPL-2.1-or-later
#include "options.h"

#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_OPTS 16

int cli_parse(int argc, char **argv, struct cli_opts *o, const struct cli_opt *extra,
	      size_t nextra, void *ctx, struct rlxc_error *err)
{
	struct option longopts[MAX_OPTS + 4] = {
		{ "name", required_argument, NULL, 'n' },
		{ "lxcpath", required_argument, NULL, 'P' },
		{ "json", no_argument, NULL, 'J' },
	};
	char shortopts[3 * MAX_OPTS + 8] = "+n:P:";
	size_t nl = 3;
	int c, ret;

	o->verb = argv[0];
	for (size_t i = 0; i < nextra && i < MAX_OPTS; i++) {
		char add[3] = { (char)extra[i].c, extra[i].has_arg ? ':' : '\0', '\0' };

		if (extra[i].c < 256) /* above: a long option only (--privileged) */
			strcat(shortopts, add);
		if (extra[i].long_name)
			longopts[nl++] = (struct option){ extra[i].long_name,
							  extra[i].has_arg ? required_argument
									   : no_argument,
							  NULL, extra[i].c };
	}
	optind = 1;
	opterr = 0;
	while ((c = getopt_long(argc, argv, shortopts, longopts, NULL)) != -1) {
		if (c == 'n')
			o->name = optarg;
		else if (c == 'P')
			o->store = optarg;
		else if (c == 'J')
			o->json = true;
		else if (c == '?' || c == ':')
			return rlxc_usage(err, "%s: %s '%s' (rlxc help %s)", o->verb,
					  c == ':' ? "option needs a value:" : "unknown option",
					  argv[optind - 1], o->verb);
		for (size_t i = 0; i < nextra; i++)
			if (extra[i].c == c && (ret = extra[i].set(ctx, optarg, err)) < 0)
				return ret;
	}
	o->rest = argv + optind;
	o->nrest = argc - optind;
	return 0;
}

int cli_need_name(const struct cli_opts *o, struct rlxc_error *err)
{
	if (!o->name)
		return rlxc_usage(err, "%s: which container? (-n NAME)", o->verb);
	return 0;
}

int cli_open(const struct cli_opts *o, struct rlxc_container *ct, struct rlxc_error *err)
{
	int ret = cli_need_name(o, err);

	if (ret == 0)
		ret = rlxc_container_open(ct, o->store, o->name, err);
	return ret;
}

int cli_signal(const char *s)
{
	char *end;
	long n = strtol(s, &end, 10);

	if (*s && !*end)
		return n > 0 && n < NSIG ? (int)n : -1;
	if (strncasecmp(s, "SIG", 3) == 0)
		s += 3;
	for (int i = 1; i < NSIG; i++)
		if (sigabbrev_np(i) && strcasecmp(sigabbrev_np(i), s) == 0)
			return i;
	return -1;
}

int cli_seconds(const char *s)
{
	char *end;
	long n = strtol(s, &end, 10);

	return *s && !*end && n >= 0 && n <= 86400 * 365 ? (int)n : -1;
}
