// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * rlxc console -n NAME [-t N] [-e ESCAPE]: this terminal on a running
 * container's console (-t 0, the default) or on its tty N (lxc.tty.max),
 * until <ESCAPE q> (Ctrl+a q unless -e says otherwise, as lxc-console) or
 * the container stops. The supervisor passes the pty's master over the
 * control socket, to root and the container's owner only, and to one
 * client at a time ("busy" for the next); this process relays it.
 */
#include "cli.h"
#include "options.h"
#include "supervise/supervisor.h"
#include "term/relay.h"

#include <stdio.h>
#include <string.h>
#include <unistd.h>

#define CTRL_KEY(c) ((c)&0x1f)

struct console_opts {
	int tty;
	int escape;
};

static int set_tty(void *ctx, const char *arg, struct rlxc_error *err)
{
	int n = cli_seconds(arg);

	if (n < 0)
		return rlxc_usage(err, "console: -t '%s': a tty number (0: the console)", arg);
	((struct console_opts *)ctx)->tty = n;
	return 0;
}

/* "^a" (Ctrl+a) or a single character, as lxc-console takes it. */
static int set_escape(void *ctx, const char *arg, struct rlxc_error *err)
{
	int c;

	if (arg[0] == '^' && arg[1] >= '@' && arg[1] <= '~' && !arg[2])
		c = CTRL_KEY(arg[1]);
	else if (arg[0] && !arg[1] && arg[0] != 'q')
		c = (unsigned char)arg[0];
	else
		return rlxc_usage(err, "console: -e '%s': '^LETTER' or one character (not q)", arg);
	((struct console_opts *)ctx)->escape = c;
	return 0;
}

/* "Ctrl+a" for 1, "x" for 'x'. */
static void key_name(int c, char *buf, size_t len)
{
	if (c < 0x20)
		snprintf(buf, len, "Ctrl+%c", c + 'a' - 1);
	else
		snprintf(buf, len, "%c", c);
}

static int relay(const struct rlxc_container *ct, const struct console_opts *co,
		 struct rlxc_error *err)
{
	int master, holder, ret = rlxc_console_open(ct, co->tty, &master, &holder, err);
	char key[16], what[32];

	if (ret < 0)
		return ret;
	key_name(co->escape, key, sizeof(key));
	snprintf(what, sizeof(what), co->tty ? "tty %d" : "the console", co->tty);
	fprintf(stderr,
		"Connected to %s of %s\n"
		"Type <%s q> to exit the console, <%s %s> to enter %s itself\n",
		what, ct->name, key, key, key, key);
	ret = rlxc_term_run(&(struct rlxc_term_run){ .in = STDIN_FILENO,
						     .out = STDOUT_FILENO,
						     .master = master,
						     .escape = co->escape,
						     .stop_fd = holder },
			    err);
	close(master);
	close(holder);
	if (ret >= 0)
		fprintf(stderr, "\n");
	return ret == 1 ? 0 : ret; /* detached, or 128 + the signal that ended it */
}

int cmd_console(int argc, char **argv, struct rlxc_error *err)
{
	static const struct cli_opt extra[] = {
		{ 't', "tty", true, set_tty },
		{ 'e', "escape", true, set_escape },
	};
	struct console_opts co = { .tty = 0, .escape = CTRL_KEY('a') };
	struct cli_opts o = { 0 };
	struct rlxc_container ct = { 0 };
	int ret;

	if ((ret = cli_parse(argc, argv, &o, extra, 2, &co, err)) < 0)
		goto out;
	if (o.nrest > 0) {
		ret = rlxc_usage(err, "console: unexpected '%s' (rlxc help console)", o.rest[0]);
		goto out;
	}
	if ((ret = cli_open(&o, &ct, err)) == 0)
		ret = relay(&ct, &co, err);
out:
	rlxc_container_close(&ct);
	return ret;
}
