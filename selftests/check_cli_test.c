// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * `rlxc check` as a user sees it: the JSON shape, the table, selection by
 * group and id, and the exit status for good and bad input.
 */
#include "kselftest_harness.h"
#include "probes/probe.h"
#include "rlxc_run.h"

#include <json-c/json.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/utsname.h>
#include <sys/wait.h>
#include <unistd.h>

static const char *str(json_object *o, const char *key)
{
	json_object *v;

	if (!json_object_object_get_ex(o, key, &v) || !json_object_is_type(v, json_type_string))
		return NULL;
	return json_object_get_string(v);
}

static bool nonempty(const char *s)
{
	return s && *s;
}

TEST(json_has_the_documented_shape)
{
	struct run r;
	struct utsname u;
	json_object *root, *probes, *ev, *req;
	bool required_ok = true;
	size_t n;

	RLXC(&r, "check", "--json");
	root = json_tokener_parse(r.out);
	ASSERT_NE(NULL, root) TH_LOG("not JSON: %.200s", r.out);
	ASSERT_EQ(0, uname(&u));
	EXPECT_STREQ(u.release, str(root, "kernel"));
	ASSERT_TRUE(json_object_object_get_ex(root, "probes", &probes));
	n = json_object_array_length(probes);
	EXPECT_EQ(probe_count, n);
	EXPECT_LE(40, n);
	for (size_t i = 0; i < n; i++) {
		json_object *p = json_object_array_get_idx(probes, i);
		const char *v = str(p, "verdict");

		EXPECT_STREQ(probe_table[i].id, str(p, "id"));
		EXPECT_STREQ(probe_table[i].group, str(p, "group"));
		ASSERT_TRUE(json_object_object_get_ex(p, "required", &req));
		EXPECT_TRUE(json_object_is_type(req, json_type_boolean));
		ASSERT_NE(NULL, v);
		EXPECT_TRUE(!strcmp(v, "yes") || !strcmp(v, "no") || !strcmp(v, "partial") ||
			    !strcmp(v, "unknown"));
		EXPECT_TRUE(nonempty(str(p, "reason")));
		ASSERT_TRUE(json_object_object_get_ex(p, "evidence", &ev));
		EXPECT_TRUE(nonempty(str(ev, "config"))) TH_LOG("%s", str(p, "id"));
		EXPECT_TRUE(nonempty(str(ev, "module"))) TH_LOG("%s", str(p, "id"));
		EXPECT_TRUE(nonempty(str(ev, "functional"))) TH_LOG("%s", str(p, "id"));
		if (json_object_get_boolean(req) && strcmp(v, "yes"))
			required_ok = false;
	}
	/* exit 0 exactly when every required probe is yes */
	EXPECT_EQ(required_ok ? 0 : 1, r.status);
	json_object_put(root);
	run_free(&r);
}

TEST(unknown_group_exits_2_and_names_it)
{
	struct run r;

	RLXC(&r, "check", "--group", "nosuch");
	EXPECT_EQ(2, r.status);
	EXPECT_NE(NULL, strstr(r.err, "nosuch"));
	EXPECT_STREQ("", r.out);
	run_free(&r);
}

TEST(unknown_id_exits_2_and_names_it)
{
	struct run r;

	RLXC(&r, "check", "ns.pid", "ns.bogus");
	EXPECT_EQ(2, r.status);
	EXPECT_NE(NULL, strstr(r.err, "'ns.bogus'"));
	EXPECT_STREQ("", r.out);
	run_free(&r);
}

TEST(unknown_option_and_verb_exit_2)
{
	struct run r;

	RLXC(&r, "check", "--bogus");
	EXPECT_EQ(2, r.status);
	EXPECT_NE(NULL, strstr(r.err, "--bogus"));
	run_free(&r);
	RLXC(&r, "frobnicate");
	EXPECT_EQ(2, r.status);
	EXPECT_NE(NULL, strstr(r.err, "'frobnicate'"));
	run_free(&r);
	RLXC(&r, "help", "frobnicate");
	EXPECT_EQ(2, r.status);
	run_free(&r);
}

TEST(help_describes_check)
{
	struct run r;

	RLXC(&r, "help", "check");
	EXPECT_EQ(0, r.status);
	EXPECT_NE(NULL, strstr(r.out, "usage: rlxc check"));
	EXPECT_NE(NULL, strstr(r.out, "--group"));
	run_free(&r);
}

TEST(group_selects_only_that_group)
{
	struct run r;
	json_object *root, *probes;
	size_t want = 0;

	for (size_t i = 0; i < probe_count; i++)
		want += strcmp(probe_table[i].group, "ns") == 0;
	RLXC(&r, "check", "--json", "--group", "ns");
	root = json_tokener_parse(r.out);
	ASSERT_NE(NULL, root);
	ASSERT_TRUE(json_object_object_get_ex(root, "probes", &probes));
	EXPECT_EQ(want, json_object_array_length(probes));
	for (size_t i = 0; i < json_object_array_length(probes); i++)
		EXPECT_STREQ("ns", str(json_object_array_get_idx(probes, i), "group"));
	json_object_put(root);
	run_free(&r);
}

TEST(ids_select_exactly_those)
{
	struct run r;
	json_object *root, *probes;

	RLXC(&r, "check", "--json", "fs.tmpfs", "ns.uts");
	root = json_tokener_parse(r.out);
	ASSERT_NE(NULL, root);
	ASSERT_TRUE(json_object_object_get_ex(root, "probes", &probes));
	ASSERT_EQ(2, json_object_array_length(probes));
	/* in table order, whatever the order asked */
	EXPECT_STREQ("ns.uts", str(json_object_array_get_idx(probes, 0), "id"));
	EXPECT_STREQ("fs.tmpfs", str(json_object_array_get_idx(probes, 1), "id"));
	json_object_put(root);
	run_free(&r);
}

TEST(table_lists_every_probe_without_colour_off_a_terminal)
{
	struct run r;
	char line[128];

	RLXC(&r, "check");
	EXPECT_EQ(NULL, strchr(r.out, '\033'));
	EXPECT_EQ(0, strncmp(r.out, "VERDICT", 7));
	for (size_t i = 0; i < probe_count; i++) {
		snprintf(line, sizeof(line), " %s ", probe_table[i].id);
		EXPECT_NE(NULL, strstr(r.out, line)) TH_LOG("no row for %s", probe_table[i].id);
	}
	snprintf(line, sizeof(line), "%zu probes on Linux", probe_count);
	EXPECT_NE(NULL, strstr(r.out, line));
	run_free(&r);
}

TEST_HARNESS_MAIN
