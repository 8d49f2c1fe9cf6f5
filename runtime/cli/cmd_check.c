// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * rlxc check: what this kernel can do for containers, as a table (colour on
 * a terminal only) or one JSON object.
 */
#include "cli.h"
#include "probes/probe.h"

#include <errno.h>
#include <getopt.h>
#include <json-c/json.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/utsname.h>
#include <unistd.h>

struct check_opts {
	bool json;
	bool *selected; /* probe_count entries */
	bool any;       /* some selection was made */
};

static int select_group(struct check_opts *o, const char *group, struct rlxc_error *err)
{
	if (!probe_group_exists(group))
		return rlxc_usage(err, "check: unknown probe group '%s' (groups: ns, cgroup, fs, "
				       "net, security, syscall, cr)",
				  group);
	for (size_t i = 0; i < probe_count; i++)
		if (strcmp(probe_table[i].group, group) == 0)
			o->selected[i] = true;
	o->any = true;
	return 0;
}

static int select_id(struct check_opts *o, const char *id, struct rlxc_error *err)
{
	const struct probe *p = probe_find(id);

	if (!p)
		return rlxc_usage(err, "check: unknown probe '%s' (rlxc check lists them all)", id);
	o->selected[p - probe_table] = true;
	o->any = true;
	return 0;
}

static int parse(int argc, char **argv, struct check_opts *o, struct rlxc_error *err)
{
	static const struct option longopts[] = {
		{ "json", no_argument, NULL, 'j' },
		{ "group", required_argument, NULL, 'g' },
		{ "help", no_argument, NULL, 'h' },
		{ 0 },
	};
	int c, ret;

	optind = 1;
	opterr = 0;
	while ((c = getopt_long(argc, argv, "+jg:h", longopts, NULL)) != -1) {
		switch (c) {
		case 'j':
			o->json = true;
			break;
		case 'g':
			if ((ret = select_group(o, optarg, err)) < 0)
				return ret;
			break;
		case 'h':
			return rlxc_usage(err, "usage: rlxc check [--json] [--group GROUP]... [ID]...");
		default:
			return rlxc_usage(err, "check: unknown option '%s' (rlxc help check)",
					  argv[optind - 1]);
		}
	}
	for (int i = optind; i < argc; i++)
		if ((ret = select_id(o, argv[i], err)) < 0)
			return ret;
	if (!o->any)
		for (size_t i = 0; i < probe_count; i++)
			o->selected[i] = true;
	return 0;
}

static const char *kernel_release(void)
{
	static struct utsname u;

	return uname(&u) == 0 ? u.release : "unknown";
}

static void print_json(const struct check_opts *o)
{
	json_object *root = json_object_new_object(), *arr = json_object_new_array();

	json_object_object_add(root, "kernel", json_object_new_string(kernel_release()));
	for (size_t i = 0; i < probe_count; i++) {
		const struct probe *p = &probe_table[i];
		const struct probe_result *r;
		json_object *jp, *ev;

		if (!o->selected[i] || !(r = probe_result_at(i)))
			continue;
		jp = json_object_new_object();
		ev = json_object_new_object();
		json_object_object_add(jp, "id", json_object_new_string(p->id));
		json_object_object_add(jp, "group", json_object_new_string(p->group));
		json_object_object_add(jp, "required", json_object_new_boolean(p->required));
		json_object_object_add(jp, "verdict",
				       json_object_new_string(probe_verdict_name(r->verdict)));
		json_object_object_add(jp, "reason", json_object_new_string(r->reason));
		json_object_object_add(ev, "config", json_object_new_string(r->config));
		json_object_object_add(ev, "module", json_object_new_string(r->module));
		json_object_object_add(ev, "functional", json_object_new_string(r->functional));
		json_object_object_add(jp, "evidence", ev);
		json_object_object_add(jp, "elapsed_ms", json_object_new_int(r->elapsed_ms));
		json_object_array_add(arr, jp);
	}
	json_object_object_add(root, "probes", arr);
	puts(json_object_to_json_string_ext(root, JSON_C_TO_STRING_PRETTY |
							  JSON_C_TO_STRING_NOSLASHESCAPE));
	json_object_put(root);
}

static const char *colour(enum probe_verdict v)
{
	switch (v) {
	case PROBE_YES:
		return "\033[32m";
	case PROBE_NO:
		return "\033[31m";
	case PROBE_PARTIAL:
		return "\033[33m";
	case PROBE_UNKNOWN:
		break;
	}
	return "\033[35m";
}

static void print_table(const struct check_opts *o)
{
	bool tty = isatty(STDOUT_FILENO);
	unsigned count[PROBE_PARTIAL + 1] = { 0 }, total = 0, req_bad = 0;

	printf("%-8s %-26s %s\n", "VERDICT", "PROBE", "REASON");
	for (size_t i = 0; i < probe_count; i++) {
		const struct probe *p = &probe_table[i];
		const struct probe_result *r;

		if (!o->selected[i] || !(r = probe_result_at(i)))
			continue;
		printf("%s%-8s%s %-26s %s%s\n", tty ? colour(r->verdict) : "",
		       probe_verdict_name(r->verdict), tty ? "\033[0m" : "", p->id, r->reason,
		       p->required ? " [required]" : "");
		printf("%8s config: %s\n%8s module: %s\n%8s tried: %s\n", "", r->config, "",
		       r->module, "", r->functional);
		count[r->verdict]++;
		total++;
		req_bad += p->required && r->verdict != PROBE_YES;
	}
	printf("\n%u probes on Linux %s: %u yes, %u no, %u partial, %u unknown; %s\n", total,
	       kernel_release(), count[PROBE_YES], count[PROBE_NO], count[PROBE_PARTIAL],
	       count[PROBE_UNKNOWN],
	       req_bad ? "some required features are missing" : "every required feature works");
}

int cmd_check(int argc, char **argv, struct rlxc_error *err)
{
	struct check_opts o = { 0 };
	int ret;

	o.selected = calloc(probe_count, sizeof(*o.selected));
	if (!o.selected)
		return rlxc_fail(err, ENOMEM, "check");
	ret = parse(argc, argv, &o, err);
	if (ret == 0) {
		probe_run_selected(o.selected);
		if (o.json)
			print_json(&o);
		else
			print_table(&o);
		for (size_t i = 0; i < probe_count; i++)
			if (o.selected[i] && probe_table[i].required &&
			    probe_result_at(i)->verdict != PROBE_YES)
				ret = 1;
	}
	free(o.selected);
	return ret;
}
