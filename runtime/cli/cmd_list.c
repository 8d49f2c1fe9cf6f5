// SPDX-License-Identifier: LGPL-2.1-or-later
/* rlxc list [--json]: the containers of the store and their states. */
#include "cli.h"
#include "options.h"
#include "state/state.h"

#include <json-c/json.h>
#include <stdio.h>

static const char *state_of(const struct rlxc_store *s, const char *name)
{
	struct rlxc_status st;
	struct rlxc_error ignored;
	char run[PATH_MAX];

	rlxc_store_run_dir(s, name, run, sizeof(run));
	if (rlxc_status_read(run, &st, &ignored) < 0)
		return "UNKNOWN";
	return rlxc_state_name(st.state);
}

int cmd_list(int argc, char **argv, struct rlxc_error *err)
{
	struct cli_opts o = { 0 };
	struct rlxc_store store;
	char **names = NULL;
	json_object *arr;
	int ret;

	if ((ret = cli_parse(argc, argv, &o, NULL, 0, NULL, err)) < 0 ||
	    (ret = rlxc_store_open(&store, o.store, err)) < 0 ||
	    (ret = rlxc_store_list(&store, &names, err)) < 0)
		return ret;
	if (o.json) {
		arr = json_object_new_array();
		for (char **n = names; *n; n++) {
			json_object *c = json_object_new_object();

			json_object_object_add(c, "name", json_object_new_string(*n));
			json_object_object_add(c, "state",
					       json_object_new_string(state_of(&store, *n)));
			json_object_array_add(arr, c);
		}
		puts(json_object_to_json_string_ext(arr, JSON_C_TO_STRING_PLAIN));
		json_object_put(arr);
	} else {
		for (char **n = names; *n; n++)
			printf("%-32s %s\n", *n, state_of(&store, *n));
	}
	rlxc_store_names_free(names);
	return 0;
}
