/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * The rt fixture of the tests that drive the rlxc binary end to end
 * (runtime_test.c, runtime_life_test.c, runtime_supervisor_test.c): a
 * temporary store and runtime directory (rlxc_store.h) whose teardown
 * destroys whatever is left, even after a failure; OK(), which runs a verb
 * that must succeed; creating a container and reading its state; and
 * whether a container's cgroup rlxc.NAME is there. Include after
 * kselftest_harness.h.
 */
#ifndef RLXC_RUNTIME_FIXTURE_H
#define RLXC_RUNTIME_FIXTURE_H

#include "rlxc_run.h"
#include "rlxc_store.h"
#include "test_util.h"

#include <ftw.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#ifndef FIXTURE_TEARDOWN_PARENT
#define FIXTURE_TEARDOWN_PARENT FIXTURE_TEARDOWN
#endif

FIXTURE(rt)
{
	struct test_store t;
};

FIXTURE_SETUP(rt)
{
	ASSERT_EQ(0, test_store_make(&self->t));
}

FIXTURE_TEARDOWN_PARENT(rt)
{
	test_store_remove(&self->t);
}

/* rlxc VERB -n NAME ARGS...: only the exit status matters; output kept. */
#define OK(r, ...)                                                                                 \
	do {                                                                                       \
		RLXC(r, __VA_ARGS__);                                                              \
		ASSERT_EQ(0, (r)->status) TH_LOG("%s", (r)->err);                                  \
	} while (0)

static inline void create(struct __test_metadata *_metadata, const char *name)
{
	struct run r;

	OK(&r, "create", "-n", name);
	run_free(&r);
}

static inline void expect_state(struct __test_metadata *_metadata, const char *name,
				const char *state)
{
	struct run r;
	char want[32];

	snprintf(want, sizeof(want), "%s\n", state);
	OK(&r, "state", "-n", name);
	EXPECT_STREQ(want, r.out);
	run_free(&r);
}

static const char *cgroup_wanted;
static bool cgroup_found;

static inline int find_cgroup(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
	const char *base = path + ftw->base;

	(void)st;
	size_t n = strlen(cgroup_wanted);

	/* rlxc.NAME in the default store, rlxc.NAME@HASH in another */
	if (flag == FTW_D && strncmp(base, "rlxc.", 5) == 0 &&
	    strncmp(base + 5, cgroup_wanted, n) == 0 && (!base[5 + n] || base[5 + n] == '@'))
		cgroup_found = true;
	return cgroup_found;
}

/* Is there a cgroup rlxc.NAME[@HASH] in any hierarchy? */
static inline bool cgroup_exists(const char *name)
{
	cgroup_wanted = name;
	cgroup_found = false;
	nftw("/sys/fs/cgroup", find_cgroup, 16, FTW_PHYS);
	return cgroup_found;
}

#endif
