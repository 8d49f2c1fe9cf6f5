// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * cgroups, exercised for real: where a process is and how controllers are
 * handed down. A child moved by pid into a scratch cgroup (v1 and cgroup2)
 * shows there in /proc/PID/cgroup and in cgroup.procs, and every cgroup2
 * controller reaches a grandchild through two subtree_controls, while the
 * cgroup that delegates a domain controller refuses a process. The scratch
 * cgroups, the children and their cleanup are the cg fixture's
 * (cgroup_scratch.h).
 */
#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "kselftest_harness.h"
#include "cgroup_scratch.h"
#include "probe_skip.h"
#include "test_util.h"

/* Whether cg has an interface file starting with prefix ("hugetlb."). */
static bool cg_has_prefix(const char *cg, const char *prefix)
{
	DIR *d = opendir(cg);
	struct dirent *e;
	bool found = false;

	if (!d)
		return false;
	while (!found && (e = readdir(d)))
		found = strncmp(e->d_name, prefix, strlen(prefix)) == 0;
	closedir(d);
	return found;
}

/* The path in /proc/PID/cgroup for a hierarchy: the line "N:pids:/x" for
 * ctrl "pids", "0::/x" for NULL (cgroup2). */
static bool proc_cgroup(pid_t pid, const char *ctrl, char *path, size_t len)
{
	char file[64], buf[4096], *save = NULL;

	snprintf(file, sizeof(file), "/proc/%d/cgroup", (int)pid);
	if (get_file(file, buf, sizeof(buf)) < 0)
		return false;
	for (char *l = strtok_r(buf, "\n", &save); l; l = strtok_r(NULL, "\n", &save)) {
		char *ctrls = strchr(l, ':'), *p = ctrls ? strchr(ctrls + 1, ':') : NULL;

		if (!p)
			continue;
		*ctrls++ = '\0';
		*p++ = '\0';
		if (ctrl ? in_list(ctrls, ctrl) : (strcmp(l, "0") == 0 && !*ctrls)) {
			snprintf(path, len, "%s", p);
			return true;
		}
	}
	return false;
}

/* Moving a child (from outside, by pid) into root/cg shows in
 * /proc/PID/cgroup and in cgroup.procs. */
static void check_moved(struct __test_metadata *_metadata, FIXTURE_DATA(cg) * self,
			const char *root, const char *ctrl)
{
	char where[PATH_MAX], want[PATH_MAX], pidtext[32];
	const char *cg = scratch(self, root, "");
	pid_t pid;

	ASSERT_NE(NULL, cg) TH_LOG("mkdir in %s: %s", root, strerror(errno));
	pid = spawn(self, NULL, SLEEP);
	ASSERT_LT(0, pid);
	snprintf(want, sizeof(want), "/rlxc-t-%d", (int)getpid());
	ASSERT_TRUE(proc_cgroup(pid, ctrl, where, sizeof(where)));
	ASSERT_EQ(NULL, strstr(where, want)) TH_LOG("not in %s before the move", want);

	snprintf(pidtext, sizeof(pidtext), "%d", (int)pid);
	ASSERT_EQ(0, cg_write(cg, "cgroup.procs", pidtext));
	ASSERT_TRUE(proc_cgroup(pid, ctrl, where, sizeof(where)));
	ASSERT_NE(NULL, strstr(where, want)) TH_LOG("/proc/%d/cgroup says %s", pid, where);
	ASSERT_EQ('\0', strstr(where, want)[strlen(want)]);
	ASSERT_TRUE(cg_lists(cg, "cgroup.procs", pidtext));
}

TEST_F(cg, v1_moved_shows_in_proc_cgroup)
{
	char root[PATH_MAX];

	REQUIRE_ROOT();
	REQUIRE_PROBE("cgroup.v1.pids");
	ASSERT_EQ(0, v1_root(self, "pids", root, sizeof(root)));
	check_moved(_metadata, self, root, "pids");
}

TEST_F(cg, v2_moved_shows_in_proc_cgroup)
{
	char root[PATH_MAX];

	REQUIRE_ROOT();
	REQUIRE_PROBE("cgroup.v2.controllers");
	ASSERT_EQ(0, v2_root(self, root, sizeof(root)));
	check_moved(_metadata, self, root, NULL);
}

/* Domain controllers: a cgroup that delegates one may hold no process. */
static bool domain_controller(const char *c)
{
	static const char *const dom[] = { "memory", "io", "hugetlb", "rdma", "misc", "dmem" };

	for (size_t i = 0; i < sizeof(dom) / sizeof(dom[0]); i++)
		if (strcmp(c, dom[i]) == 0)
			return true;
	return false;
}

/*
 * Every controller of the cgroup2 root reaches a grandchild through two
 * subtree_controls (root -> a -> a/b), with its interface files; a, which
 * delegates, refuses a domain process (no internal processes).
 */
TEST_F(cg, v2_delegation)
{
	char root[PATH_MAX], avail[1024], file[PATH_MAX], plus[80], *save = NULL;
	const char *a, *b;
	bool domain = false;
	pid_t pid;
	int n = 0;

	REQUIRE_ROOT();
	REQUIRE_PROBE("cgroup.v2.delegate");
	ASSERT_EQ(0, v2_root(self, root, sizeof(root)));
	ASSERT_EQ(0, cg_read(root, "cgroup.controllers", avail, sizeof(avail)));
	a = scratch(self, root, "");
	ASSERT_NE(NULL, a) TH_LOG("mkdir in %s: %s", root, strerror(errno));
	b = scratch(self, a, "-b");
	ASSERT_NE(NULL, b) TH_LOG("mkdir in %s: %s", a, strerror(errno));
	snprintf(self->restore_cg, sizeof(self->restore_cg), "%s", root);

	for (char *c = strtok_r(avail, " \n", &save); c; c = strtok_r(NULL, " \n", &save), n++) {
		snprintf(plus, sizeof(plus), "+%s", c);
		if (!cg_lists(root, "cgroup.subtree_control", c)) {
			ASSERT_EQ(0, cg_write(root, "cgroup.subtree_control", plus));
			snprintf(self->restore + strlen(self->restore),
				 sizeof(self->restore) - strlen(self->restore), " -%s", c);
		}
		ASSERT_FALSE(cg_lists(b, "cgroup.controllers", c)) TH_LOG("%s not yet in b", c);
		ASSERT_EQ(0, cg_write(a, "cgroup.subtree_control", plus)) TH_LOG("%s", plus);
		ASSERT_TRUE(cg_lists(b, "cgroup.controllers", c)) TH_LOG("%s reaches b", c);
		snprintf(file, sizeof(file), "%s.", c);
		ASSERT_TRUE(cg_has_prefix(b, file)) TH_LOG("b has %s* files", file);
		domain |= domain_controller(c);
	}
	if (!n)
		SKIP(return, "cgroup2 has no controllers here: nothing to delegate");
	ASSERT_TRUE(cg_exists(b, "cgroup.subtree_control"));
	pid = spawn(self, NULL, SLEEP);
	ASSERT_LT(0, pid);
	snprintf(plus, sizeof(plus), "%d", (int)pid);
	if (domain)
		ASSERT_EQ(-EBUSY, cg_write(a, "cgroup.procs", plus)) TH_LOG("no internal process");
	ASSERT_EQ(0, cg_write(b, "cgroup.procs", plus)) TH_LOG("a leaf takes the process");
}

TEST_HARNESS_MAIN
