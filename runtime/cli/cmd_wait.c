// SPDX-License-Identifier: LGPL-2.1-or-later
/* rlxc wait -n NAME -s STATE[|STATE...] [-t SECONDS]: until the container
 * is in one of the states (exit 0), or the timeout passes (exit 1). */
#include "cli.h"
#include "supervise/monitor.h"
#include "options.h"
#include "state/state.h"
#include "kernel/clock.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

struct wait_opts {
	bool want[RLXC_NSTATES];
	bool any;
	int timeout; /* -1: forever */
};

static int set_states(void *ctx, const char *arg, struct rlxc_error *err)
{
	struct wait_opts *w = ctx;
	char buf[128], *save = NULL;

	snprintf(buf, sizeof(buf), "%s", arg);
	for (char *t = strtok_r(buf, "|", &save); t; t = strtok_r(NULL, "|", &save)) {
		int s = rlxc_state_parse(t);

		if (s < 0)
			return rlxc_usage(err, "wait: '%s' is not a state (STOPPED, STARTING, "
					       "RUNNING, STOPPING, ABORTING, FROZEN)",
					  t);
		w->want[s] = w->any = true;
	}
	return 0;
}

static int set_timeout(void *ctx, const char *arg, struct rlxc_error *err)
{
	int t = cli_seconds(arg);

	if (t < 0)
		return rlxc_usage(err, "wait: -t wants whole seconds, not '%s'", arg);
	((struct wait_opts *)ctx)->timeout = t;
	return 0;
}

/* Listen first, then look: no transition slips between the two. */
static int wait_for(struct rlxc_container *ct, const struct wait_opts *w, struct rlxc_error *err)
{
	long end = w->timeout < 0 ? -1 : rlxc_now_ms() + w->timeout * 1000L;
	struct rlxc_monitor_msg m;
	struct rlxc_status st;
	int fd = rlxc_monitor_open(ct->store.runtime, err), ret;

	if (fd < 0)
		return fd;
	if ((ret = rlxc_status_read(ct->run_dir, &st, err)) < 0)
		goto out;
	while (!w->want[st.state]) {
		long left = end < 0 ? -1 : end - rlxc_now_ms();

		int got, s;

		if (end >= 0 && left <= 0) {
			ret = rlxc_fail(err, ETIMEDOUT, "wait %s: it is still %s", ct->name,
					rlxc_state_name(st.state));
			goto out;
		}
		/* wake up now and then: a supervisor that died sends nothing */
		got = rlxc_monitor_next(fd, &m, left < 0 || left > 500 ? 500 : (int)left);
		if (got < 0) {
			ret = rlxc_fail(err, -got, "wait %s", ct->name);
			goto out;
		}
		if ((ret = rlxc_status_read(ct->run_dir, &st, err)) < 0)
			goto out;
		if (got == 1 && strcmp(m.name, ct->name) == 0 &&
		    (s = rlxc_state_parse(m.state)) >= 0 && w->want[s])
			break; /* passed through it, maybe already gone on */
	}
	ret = 0;
out:
	rlxc_monitor_close(fd, ct->store.runtime);
	return ret;
}

int cmd_wait(int argc, char **argv, struct rlxc_error *err)
{
	static const struct cli_opt extra[] = {
		{ 's', "state", true, set_states },
		{ 't', "timeout", true, set_timeout },
	};
	struct wait_opts w = { .timeout = -1 };
	struct cli_opts o = { 0 };
	struct rlxc_container ct = { 0 };
	int ret;

	if ((ret = cli_parse(argc, argv, &o, extra, 2, &w, err)) < 0)
		goto out;
	if (!w.any) {
		ret = rlxc_usage(err, "wait: which state? (-s STATE)");
		goto out;
	}
	if ((ret = cli_open(&o, &ct, err)) == 0)
		ret = wait_for(&ct, &w, err);
out:
	rlxc_container_close(&ct);
	return ret;
}
