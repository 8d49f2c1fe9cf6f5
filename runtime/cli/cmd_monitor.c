// SPDX-License-Identifier: LGPL-2.1-or-later
/* rlxc monitor [NAME...] [--json]: every state change of the named
 * containers (all of the store's without names), with its time, until
 * interrupted. */
#include "cli.h"
#include "supervise/monitor.h"
#include "options.h"

#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

static volatile sig_atomic_t interrupted;

static void on_signal(int sig)
{
	(void)sig;
	interrupted = 1;
}

static bool wanted(const struct cli_opts *o, const char *name)
{
	if (!o->name && o->nrest == 0)
		return true;
	if (o->name && strcmp(o->name, name) == 0)
		return true;
	for (int i = 0; i < o->nrest; i++)
		if (strcmp(o->rest[i], name) == 0)
			return true;
	return false;
}

static void print(const struct rlxc_monitor_msg *m, bool json)
{
	char when[64];
	struct tm tm;

	gmtime_r(&m->when.tv_sec, &tm);
	strftime(when, sizeof(when), "%Y-%m-%dT%H:%M:%S", &tm);
	if (json)
		printf("{\"time\": \"%s.%06ldZ\", \"name\": \"%s\", \"state\": \"%s\"}\n", when,
		       m->when.tv_nsec / 1000, m->name, m->state);
	else
		printf("%s.%06ldZ %s %s\n", when, m->when.tv_nsec / 1000, m->name, m->state);
	fflush(stdout);
}

int cmd_monitor(int argc, char **argv, struct rlxc_error *err)
{
	struct sigaction sa = { .sa_handler = on_signal };
	struct rlxc_monitor_msg m;
	struct cli_opts o = { 0 };
	struct rlxc_store store;
	int fd, ret;

	if ((ret = cli_parse(argc, argv, &o, NULL, 0, NULL, err)) < 0)
		return ret;
	for (int i = 0; i < o.nrest; i++)
		if ((ret = rlxc_name_check(o.rest[i], err)) < 0)
			return ret;
	if ((ret = rlxc_store_open(&store, o.store, err)) < 0 ||
	    (fd = rlxc_monitor_open(store.runtime, err)) < 0)
		return ret < 0 ? ret : fd;
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	while (!interrupted) {
		ret = rlxc_monitor_next(fd, &m, -1);
		if (ret == 1 && wanted(&o, m.name))
			print(&m, o.json);
		else if (ret < 0 && ret != -EINTR)
			break;
	}
	rlxc_monitor_close(fd, store.runtime);
	return ret < 0 && ret != -EINTR ? rlxc_fail(err, -ret, "monitor") : 0;
}
