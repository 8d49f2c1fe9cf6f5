// SPDX-License-Identifier: LGPL-2.1-or-later
/* rlxc ps -n NAME: the container's processes, from its cgroup (host pids). */
#include "cgroup/cgroup.h"
#include "cli.h"
#include "options.h"
#include "state/state.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* /proc/PID/cmdline with its NULs as spaces, else [comm]. */
static void command_of(pid_t pid, char *buf, size_t len)
{
	char path[64];
	size_t n = 0;
	FILE *f;

	snprintf(path, sizeof(path), "/proc/%d/cmdline", (int)pid);
	if ((f = fopen(path, "re"))) {
		n = fread(buf, 1, len - 1, f);
		fclose(f);
	}
	for (size_t i = 0; i + 1 < n; i++)
		if (buf[i] == '\0')
			buf[i] = ' ';
	while (n > 0 && (buf[n - 1] == ' ' || buf[n - 1] == '\0'))
		n--; /* busybox init pads its argv */
	buf[n] = '\0';
	if (n == 0) {
		snprintf(path, sizeof(path), "/proc/%d/comm", (int)pid);
		buf[0] = '[';
		if ((f = fopen(path, "re"))) {
			n = fread(buf + 1, 1, len - 3, f);
			fclose(f);
		}
		snprintf(buf + 1 + strcspn(buf + 1, "\n"), 2, "]");
	}
}

static int list(struct rlxc_container *ct, struct rlxc_error *err)
{
	struct rlxc_cgroup *cg = NULL;
	struct rlxc_status st;
	pid_t *pids = NULL;
	char cmd[256];
	size_t n = 0;
	int ret;

	if ((ret = rlxc_status_read(ct->run_dir, &st, err)) < 0)
		return ret;
	if (st.state == RLXC_STOPPED)
		return rlxc_fail(err, 0, "ps %s: it is STOPPED", ct->name);
	if ((ret = rlxc_cgroup_load(&cg, ct->run_dir, err)) < 0 ||
	    (ret = rlxc_cgroup_pids(cg, &pids, &n, err)) < 0)
		goto out;
	printf("%7s  %s\n", "PID", "COMMAND");
	for (size_t i = 0; i < n; i++) {
		command_of(pids[i], cmd, sizeof(cmd));
		printf("%7d  %s\n", (int)pids[i], cmd);
	}
out:
	free(pids);
	if (cg)
		rlxc_cgroup_free(cg);
	return ret;
}

int cmd_ps(int argc, char **argv, struct rlxc_error *err)
{
	struct cli_opts o = { 0 };
	struct rlxc_container ct = { 0 };
	int ret;

	if ((ret = cli_parse(argc, argv, &o, NULL, 0, NULL, err)) == 0 &&
	    (ret = cli_open(&o, &ct, err)) == 0)
		ret = list(&ct, err);
	rlxc_container_close(&ct);
	return ret;
}
