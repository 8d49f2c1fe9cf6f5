// SPDX-License-Identifier: LGPL-2.1-or-later
/* rlxc info -n NAME [--json]: what the container is and where it is. */
#include "cli.h"
#include "options.h"
#include "state/state.h"
#include "supervise/supervisor.h"

#include <json-c/json.h>
#include <stdio.h>
#include <time.h>

static void since_text(const struct timespec *t, char *buf, size_t len)
{
	struct tm tm;

	if (t->tv_sec == 0) {
		snprintf(buf, len, "-");
		return;
	}
	gmtime_r(&t->tv_sec, &tm);
	strftime(buf, len, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

static void print_json(const struct rlxc_container *ct, const struct rlxc_status *st,
		       const char *since, size_t left)
{
	json_object *o = json_object_new_object();

	json_object_object_add(o, "name", json_object_new_string(ct->name));
	json_object_object_add(o, "state", json_object_new_string(rlxc_state_name(st->state)));
	json_object_object_add(o, "pid", json_object_new_int(st->init));
	json_object_object_add(o, "supervisor", json_object_new_int(st->supervisor));
	json_object_object_add(o, "since", json_object_new_string(since));
	json_object_object_add(o, "rootfs",
			       json_object_new_string(ct->conf.rootfs_path ? ct->conf.rootfs_path
									   : ""));
	json_object_object_add(o, "config", json_object_new_string(ct->config_path));
	json_object_object_add(o, "runtime", json_object_new_string(ct->run_dir));
	json_object_object_add(o, "left", json_object_new_int64((int64_t)left));
	puts(json_object_to_json_string_ext(o, JSON_C_TO_STRING_PRETTY |
						       JSON_C_TO_STRING_NOSLASHESCAPE));
	json_object_put(o);
}

int cmd_info(int argc, char **argv, struct rlxc_error *err)
{
	struct cli_opts o = { 0 };
	struct rlxc_container ct = { 0 };
	struct rlxc_status st;
	char since[64];
	size_t left;
	int ret;

	if ((ret = cli_parse(argc, argv, &o, NULL, 0, NULL, err)) < 0 ||
	    (ret = cli_open(&o, &ct, err)) < 0 ||
	    (ret = rlxc_status_read(ct.run_dir, &st, err)) < 0 ||
	    (ret = rlxc_leftovers(&ct, &st, &left, err)) < 0)
		goto out;
	since_text(&st.since, since, sizeof(since));
	if (o.json) {
		print_json(&ct, &st, since, left);
	} else {
		printf("Name:        %s\nState:       %s\n", ct.name, rlxc_state_name(st.state));
		if (st.state != RLXC_STOPPED)
			printf("PID:         %d\nSupervisor:  %d\n", (int)st.init,
			       (int)st.supervisor);
		printf("Since:       %s\nRootfs:      %s\nConfig:      %s\nRuntime:     %s\n",
		       since, ct.conf.rootfs_path ? ct.conf.rootfs_path : "(host)", ct.config_path,
		       ct.run_dir);
		if (left)
			printf("Left:        %zu processes of a supervisor that is gone\n", left);
	}
out:
	rlxc_container_close(&ct);
	return ret;
}
