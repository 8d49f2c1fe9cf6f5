// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * rlxc: the verb table and the one place that prints an error.
 * Exit status: what the verb returns; 1 on an error; 2 on a usage error.
 */
#include "cli.h"

#include <stdio.h>
#include <string.h>

static const struct command commands[] = {
	{
		"check",
		cmd_check,
		"check [--json] [--group GROUP]... [ID]...",
		"report what this kernel can do for containers",
		"  --json          one JSON object: {\"kernel\", \"probes\": [...]}\n"
		"  --group GROUP   only the probes of GROUP (ns, cgroup, fs, net, security,\n"
		"                  syscall, cr); may be repeated\n"
		"  ID...           only these probes (e.g. ns.pid fs.overlay)\n"
		"Exit status: 0 when every required probe selected is \"yes\", 1 otherwise,\n"
		"2 on a usage error.\n",
	},
};

static const size_t ncommands = sizeof(commands) / sizeof(commands[0]);

static const struct command *find(const char *name)
{
	for (size_t i = 0; i < ncommands; i++)
		if (strcmp(commands[i].name, name) == 0)
			return &commands[i];
	return NULL;
}

static void usage(FILE *f)
{
	fprintf(f, "usage: rlxc VERB [OPTIONS]\n\nverbs:\n");
	for (size_t i = 0; i < ncommands; i++)
		fprintf(f, "  %-10s %s\n", commands[i].name, commands[i].summary);
	fprintf(f, "  %-10s %s\n", "help", "rlxc help VERB: the options of VERB");
}

static int help(int argc, char **argv, struct rlxc_error *err)
{
	const struct command *c;

	if (argc < 2) {
		usage(stdout);
		return 0;
	}
	c = find(argv[1]);
	if (!c)
		return rlxc_usage(err, "help: unknown verb '%s'", argv[1]);
	printf("usage: rlxc %s\n%s\n\n%s", c->usage, c->summary, c->help);
	return 0;
}

int main(int argc, char **argv)
{
	struct rlxc_error err = { 0 };
	const struct command *c;
	int ret;

	if (argc < 2 || strcmp(argv[1], "-h") == 0 || strcmp(argv[1], "--help") == 0) {
		usage(argc < 2 ? stderr : stdout);
		return argc < 2 ? 2 : 0;
	}
	if (strcmp(argv[1], "help") == 0) {
		ret = help(argc - 1, argv + 1, &err);
	} else if ((c = find(argv[1]))) {
		ret = c->fn(argc - 1, argv + 1, &err);
	} else {
		ret = rlxc_usage(&err, "unknown verb '%s' (rlxc help lists them)", argv[1]);
	}
	if (ret >= 0)
		return ret;
	fflush(stdout);
	fprintf(stderr, "rlxc: %s\n", err.msg);
	return err.usage ? 2 : 1;
}
