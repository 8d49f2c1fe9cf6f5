// SPDX-License-Identifier: LGPL-2.1-or-later
/* rlxc info -n NAME [--json]: what the container is and where it is, and
 * which kind: unprivileged (its root is a host id other than 0, through
 * lxc.idmap, with its maps and how its rootfs is shifted to them) or
 * privileged (its root is the host's). */
#include "cli.h"
#include "options.h"
#include "state/state.h"
#include "supervise/supervisor.h"

#include <json-c/json.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

/* The host id the container's id 0 is (which: 'u' or 'g'); 0 when it has
 * no map for it: its root is the host's. */
static unsigned long root_id(const struct rlxc_config *c, char which)
{
	for (size_t i = 0; i < c->n_idmap; i++)
		if (c->idmap[i].which == which && c->idmap[i].nsid == 0 && c->idmap[i].range)
			return c->idmap[i].hostid;
	return 0;
}

static bool unprivileged(const struct rlxc_config *c)
{
	return root_id(c, 'u') && root_id(c, 'g');
}

/* How the rootfs meets the maps: its owner is the container's root
 * ("shifted": by chown, or it is the caller's own), or the host's root
 * ("idmapped": an idmapped mount at each start). */
static const char *rootfs_ids(const struct rlxc_config *c)
{
	struct stat st;

	if (!c->rootfs_path || stat(c->rootfs_path, &st) < 0)
		return "unknown";
	if (st.st_uid == root_id(c, 'u'))
		return "shifted";
	return st.st_uid == 0 ? "idmapped" : "unmapped";
}

/* One map as lxc.idmap says it: "u 0 1000000 65536". */
static void map_text(const struct rlxc_idmap *m, char *buf, size_t len)
{
	snprintf(buf, len, "%c %lu %lu %lu", m->which, m->nsid, m->hostid, m->range);
}

static void json_kind(json_object *o, const struct rlxc_config *c)
{
	json_object *maps = json_object_new_array();
	char one[96];

	for (size_t i = 0; i < c->n_idmap; i++) {
		map_text(&c->idmap[i], one, sizeof(one));
		json_object_array_add(maps, json_object_new_string(one));
	}
	json_object_object_add(
		o, "kind", json_object_new_string(unprivileged(c) ? "unprivileged" : "privileged"));
	json_object_object_add(o, "idmap", maps);
	if (unprivileged(c))
		json_object_object_add(o, "rootfs_ids", json_object_new_string(rootfs_ids(c)));
}

/* Kind, and for an unprivileged one its maps and rootfs ("u 0 1000000
 * 65536, g 0 1000000 65536"). */
static void print_kind(const struct rlxc_config *c)
{
	char one[96];

	if (!unprivileged(c)) {
		printf("Kind:        privileged\n");
		return;
	}
	printf("Kind:        unprivileged\nID map:      ");
	for (size_t i = 0; i < c->n_idmap; i++) {
		map_text(&c->idmap[i], one, sizeof(one));
		printf("%s%s", i ? ", " : "", one);
	}
	printf("\nRootfs ids:  %s\n", rootfs_ids(c));
}

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
	json_kind(o, &ct->conf);
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
		print_kind(&ct.conf);
		if (left)
			printf("Left:        %zu processes of a supervisor that is gone\n", left);
	}
out:
	rlxc_container_close(&ct);
	return ret;
}
