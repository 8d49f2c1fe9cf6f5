// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * rlxc: the verb table and the one place that prints an error.
 * Exit status: what the verb returns; 1 on an error; 2 on a usage error.
 */
#include "cli.h"

#include <stdio.h>
#include <string.h>

#define COMMON "  -n NAME         the container\n  -P DIR          the store (default $RLXC_PATH, else /var/lib/rlxc)\n"

static const struct command commands[] = {
	{ "check", cmd_check, "check [--json] [--group GROUP]... [ID]...",
	  "report what this kernel can do for containers",
	  "  --json          one JSON object: {\"kernel\", \"probes\": [...]}\n"
	  "  --group GROUP   only the probes of GROUP (ns, cgroup, fs, net, security,\n"
	  "                  syscall, cr); may be repeated\n"
	  "  ID...           only these probes (e.g. ns.pid fs.overlay)\n"
	  "Exit status: 0 when every required probe selected is \"yes\", 1 otherwise,\n"
	  "2 on a usage error.\n" },
	{ "create", cmd_create,
	  "create -n NAME [-f CONFIG] [-t busybox|none] [--privileged] [-P DIR]",
	  "create a container in the store",
	  COMMON "  -f CONFIG       a config to start from (file:line errors)\n"
		 "  -t TEMPLATE     busybox (the default): a rootfs from the host's static\n"
		 "                  busybox, with busybox init; none: the config's rootfs\n"
		 "  --privileged    no user namespace: its root is the host's root (else\n"
		 "                  it gets 65536 subordinate ids of its own, lxc.idmap)\n" },
	{ "destroy", cmd_destroy, "destroy -n NAME [-f] [-P DIR]", "remove a container",
	  COMMON "  -f              kill it first when it runs (else refused)\n" },
	{ "start", cmd_start, "start -n NAME [-F] [-P DIR]",
	  "start a system container (lxc.init.cmd)",
	  COMMON "  -F              stay in the foreground until it stops\n" },
	{ "execute", cmd_execute, "execute -n NAME [-f CONFIG] [-P DIR] -- CMD...",
	  "run CMD in an application container; exit with its status",
	  COMMON "  -f CONFIG       the config (no create needed)\n"
		 "CMD runs under rlxc's minimal init (pid 1), which reaps zombies and\n"
		 "forwards signals. Exit status: CMD's; 127 when CMD is not found.\n" },
	{ "stop", cmd_stop, "stop -n NAME [-t SECONDS] [-P DIR]", "stop a container",
	  COMMON "  -t SECONDS      lxc.signal.halt (SIGPWR) first, lxc.signal.stop\n"
		 "                  (SIGKILL) after this long (default 60; 0: at once);\n"
		 "                  another signal is followed by SIGKILL 5 s later\n" },
	{ "kill", cmd_kill, "kill -n NAME [-s SIGNAL] [-P DIR]", "send a signal to init",
	  COMMON "  -s SIGNAL       a name or number (default SIGKILL)\n" },
	{ "freeze", cmd_freeze, "freeze -n NAME [-P DIR]", "freeze every process",
	  COMMON },
	{ "unfreeze", cmd_unfreeze, "unfreeze -n NAME [-P DIR]", "thaw a frozen container",
	  COMMON },
	{ "state", cmd_state, "state -n NAME [-P DIR]", "print the container's state",
	  COMMON },
	{ "wait", cmd_wait, "wait -n NAME -s STATE[|STATE] [-t SECONDS] [-P DIR]",
	  "wait until the container is in a state",
	  COMMON "  -s STATES       STOPPED, STARTING, RUNNING, STOPPING, ABORTING, FROZEN,\n"
		 "                  several joined by '|'\n"
		 "  -t SECONDS      give up after this long (exit 1)\n" },
	{ "monitor", cmd_monitor, "monitor [NAME]... [--json] [-P DIR]",
	  "print every state change as it happens, until interrupted",
	  "  NAME...         only these containers (default: all of the store)\n"
	  "  --json          one JSON object per line\n" },
	{ "list", cmd_list, "list [--json] [-P DIR]", "the containers and their states",
	  "  --json          a JSON array of {\"name\", \"state\"}\n" },
	{ "info", cmd_info, "info -n NAME [--json] [-P DIR]", "what a container is and where",
	  COMMON "  --json          one JSON object\n" },
	{ "ps", cmd_ps, "ps -n NAME [-P DIR]", "the container's processes (host pids)",
	  COMMON },
	{ "attach", cmd_attach, "attach -n NAME [--env K=V]... [--cwd DIR] [-P DIR] -- CMD...",
	  "run CMD inside a running container",
	  COMMON "  -v, --env K=V   set K in CMD's environment (may be repeated), on top of\n"
		 "                  the container's (PATH, TERM, container=lxc, HOME,\n"
		 "                  lxc.environment)\n"
		 "  -w, --cwd DIR   CMD's working directory (default lxc.init.cwd, else /)\n"
		 "CMD enters every namespace of the container's init and its cgroups, with\n"
		 "init's capabilities (lxc.cap.drop / lxc.cap.keep) and ids (lxc.init.uid,\n"
		 "lxc.init.gid). The container must be RUNNING (a FROZEN one is refused).\n"
		 "Exit status: CMD's (128+N for signal N); 127 when CMD is not found.\n" },
	{ "console", cmd_console, "console -n NAME [-t N] [-e ESCAPE] [-P DIR]",
	  "this terminal on a running container's console or tty N",
	  COMMON "  -t, --tty N     tty N (lxc.tty.max), 0: the console (the default)\n"
		 "  -e, --escape E  the escape prefix: '^LETTER' or one character (default ^a)\n"
		 "<E q> detaches, <E E> sends E itself. One client at a time per terminal;\n"
		 "root and the container's owner only.\n" },
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
