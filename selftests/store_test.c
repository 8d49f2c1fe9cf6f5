// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * The store (runtime/lib/store/store.h): container names and their messages,
 * where the store and its runtime directory are, the paths built from
 * them, and listing the containers of a store.
 */
#include "kselftest_harness.h"
#include "store/store.h"
#include "test_util.h"

#include <errno.h>
#include <limits.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define RULES "(letters, digits, '_', '.', '-'; starts with a letter or digit; at most 64)"

/* FNV-1a 64, written out here from its definition. */
static uint64_t fnv(const char *s)
{
	uint64_t h = 14695981039346656037ULL;

	while (*s) {
		h ^= (uint8_t)*s++;
		h *= 1099511628211ULL;
	}
	return h;
}

static void clear_env(void)
{
	unsetenv("RLXC_PATH");
	unsetenv("RLXC_RUNTIME_DIR");
}

TEST(valid_names)
{
	const char *names[] = {"a", "Z", "7", "web-1.x_2", "a..b", "x-", "A_b.C-d"};
	struct rlxc_error err = {0};
	char longest[RLXC_NAME_MAX + 1];

	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		EXPECT_EQ(0, rlxc_name_check(names[i], &err)) TH_LOG("%s: %s", names[i], err.msg);
	}
	memset(longest, 'a', RLXC_NAME_MAX);
	longest[RLXC_NAME_MAX] = '\0';
	EXPECT_EQ(0, rlxc_name_check(longest, &err)) TH_LOG("%s", err.msg);
}

TEST(invalid_names_say_why)
{
	static const struct {
		const char *name, *msg;
	} bad[] = {
	    {"", "empty container name"},
	    {"../x", "'../x': not a valid container name " RULES},
	    {"-a", "'-a': not a valid container name " RULES},
	    {".a", "'.a': not a valid container name " RULES},
	    {"_a", "'_a': not a valid container name " RULES},
	    {"a/b", "'a/b': not a valid container name " RULES},
	    {"a b", "'a b': not a valid container name " RULES},
	    {"caf\xc3\xa9", "'caf\xc3\xa9': not a valid container name " RULES},
	    {"a\nb", "'a\\x0ab': not a valid container name " RULES},
	};
	struct rlxc_error err;

	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		memset(&err, 0, sizeof(err));
		EXPECT_EQ(-EINVAL, rlxc_name_check(bad[i].name, &err)) TH_LOG("'%s'", bad[i].name);
		EXPECT_STREQ(bad[i].msg, err.msg);
		EXPECT_TRUE(err.usage);
	}
	EXPECT_EQ(-EINVAL, rlxc_name_check(NULL, &err));
	EXPECT_STREQ("empty container name", err.msg);
}

TEST(too_long_name_is_shown_cut)
{
	struct rlxc_error err = {0};
	char name[RLXC_NAME_MAX + 2];

	memset(name, 'a', RLXC_NAME_MAX + 1);
	name[RLXC_NAME_MAX + 1] = '\0';
	EXPECT_EQ(-EINVAL, rlxc_name_check(name, &err));
	EXPECT_STREQ("'aaaaaaaaaaaaaaaa…' (65 characters): a container name has at most 64",
		     err.msg);
	EXPECT_TRUE(err.usage);
}

FIXTURE(tmp)
{
	char dir[PATH_MAX]; /* real path of a scratch directory */
	char store[PATH_MAX];
};

FIXTURE_SETUP(tmp)
{
	char made[] = "/tmp/rlxc-t-XXXXXX";

	self->dir[0] = '\0';
	ASSERT_NE(NULL, mkdtemp(made));
	ASSERT_NE(NULL, realpath(made, self->dir));
	snprintf(self->store, sizeof(self->store), "%s/store", self->dir);
	clear_env();
}

#ifdef FIXTURE_TEARDOWN_PARENT
FIXTURE_TEARDOWN_PARENT(tmp)
#else
FIXTURE_TEARDOWN(tmp)
#endif
{
	if (self->dir[0])
		rm_tree(self->dir);
}

TEST_F(tmp, store_from_dash_P)
{
	struct rlxc_store s;
	struct rlxc_error err = {0};
	char path[PATH_MAX + 32];

	setenv("RLXC_PATH", "/nowhere/rlxc-env", 1);
	ASSERT_EQ(0, mkdir(self->store, 0755));
	ASSERT_EQ(0, rlxc_store_open(&s, self->store, &err)) TH_LOG("%s", err.msg);
	EXPECT_STREQ(self->store, s.path);

	/* An existing directory is canonical. */
	snprintf(path, sizeof(path), "%s/./store/../store/", self->dir);
	ASSERT_EQ(0, rlxc_store_open(&s, path, &err)) TH_LOG("%s", err.msg);
	EXPECT_STREQ(self->store, s.path);

	/* An absolute one that does not exist yet is kept as given. */
	snprintf(path, sizeof(path), "%s/not-yet", self->dir);
	ASSERT_EQ(0, rlxc_store_open(&s, path, &err)) TH_LOG("%s", err.msg);
	EXPECT_STREQ(path, s.path);
}

TEST_F(tmp, relative_dash_P_is_under_cwd)
{
	struct rlxc_store s;
	struct rlxc_error err = {0};
	char want[PATH_MAX + 32];

	ASSERT_EQ(0, chdir(self->dir));
	snprintf(want, sizeof(want), "%s/sub", self->dir);
	ASSERT_EQ(0, rlxc_store_open(&s, "sub", &err)) TH_LOG("%s", err.msg);
	EXPECT_STREQ(want, s.path);
	ASSERT_EQ(0, mkdir("sub", 0755));
	ASSERT_EQ(0, rlxc_store_open(&s, "./sub", &err)) TH_LOG("%s", err.msg);
	EXPECT_STREQ(want, s.path);
	EXPECT_EQ('/', s.runtime[0]);
}

TEST_F(tmp, store_from_env)
{
	struct rlxc_store s;
	struct rlxc_error err = {0};

	ASSERT_EQ(0, mkdir(self->store, 0755));
	setenv("RLXC_PATH", self->store, 1);
	ASSERT_EQ(0, rlxc_store_open(&s, NULL, &err)) TH_LOG("%s", err.msg);
	EXPECT_STREQ(self->store, s.path);
}

static void default_store(char *buf)
{
	if (!realpath("/var/lib/rlxc", buf))
		strcpy(buf, "/var/lib/rlxc");
}

TEST(default_store_and_runtime)
{
	struct rlxc_store s;
	struct rlxc_error err = {0};
	char want[PATH_MAX];

	clear_env();
	default_store(want);
	ASSERT_EQ(0, rlxc_store_open(&s, NULL, &err)) TH_LOG("%s", err.msg);
	EXPECT_STREQ(want, s.path);
	EXPECT_STREQ("/run/rlxc/ct", s.runtime);

	/* An empty variable is unset; the default store given by -P is the default. */
	setenv("RLXC_PATH", "", 1);
	setenv("RLXC_RUNTIME_DIR", "", 1);
	ASSERT_EQ(0, rlxc_store_open(&s, "/var/lib/rlxc", &err)) TH_LOG("%s", err.msg);
	EXPECT_STREQ(want, s.path);
	EXPECT_STREQ("/run/rlxc/ct", s.runtime);
}

TEST(empty_dash_P_is_a_usage_error)
{
	struct rlxc_store s;
	struct rlxc_error err = {0};

	EXPECT_EQ(-EINVAL, rlxc_store_open(&s, "", &err));
	EXPECT_STREQ("-P: empty store directory", err.msg);
	EXPECT_TRUE(err.usage);
}

TEST_F(tmp, runtime_of_another_store_is_hashed)
{
	struct rlxc_store a, a2, b;
	struct rlxc_error err = {0};
	char other[PATH_MAX + 8], want[64];

	snprintf(want, sizeof(want), "%016llx", (unsigned long long)fnv("a"));
	ASSERT_STREQ("af63dc4c8601ec8c", want); /* the published test vector */
	snprintf(other, sizeof(other), "%s/other", self->dir);
	ASSERT_EQ(0, rlxc_store_open(&a, self->store, &err)) TH_LOG("%s", err.msg);
	ASSERT_EQ(0, rlxc_store_open(&a2, self->store, &err)) TH_LOG("%s", err.msg);
	ASSERT_EQ(0, rlxc_store_open(&b, other, &err)) TH_LOG("%s", err.msg);

	snprintf(want, sizeof(want), "/run/rlxc/store-%016llx",
		 (unsigned long long)fnv(self->store));
	EXPECT_STREQ(want, a.runtime);
	EXPECT_EQ(strlen("/run/rlxc/store-") + 16, strlen(a.runtime));
	for (const char *p = a.runtime + strlen("/run/rlxc/store-"); *p; p++) {
		EXPECT_TRUE((*p >= '0' && *p <= '9') || (*p >= 'a' && *p <= 'f')) TH_LOG("%c", *p);
	}
	EXPECT_STREQ(a.runtime, a2.runtime);
	EXPECT_STRNE(a.runtime, b.runtime);
}

/* RLXC_RUNTIME_DIR is the root the layout is made in, not a store's
 * directory: stores still do not share one, and no container's run
 * directory is rlxc's own ROOT/probes (a container may be named probes). */
TEST_F(tmp, runtime_root_from_env_wins)
{
	struct rlxc_store s;
	struct rlxc_error err = {0};
	char run[PATH_MAX + 8], want[PATH_MAX + 64], dir[PATH_MAX];

	snprintf(run, sizeof(run), "%s/run", self->dir);
	setenv("RLXC_RUNTIME_DIR", run, 1);
	ASSERT_EQ(0, rlxc_store_open(&s, self->store, &err)) TH_LOG("%s", err.msg);
	snprintf(want, sizeof(want), "%s/store-%016llx", run, (unsigned long long)fnv(self->store));
	EXPECT_STREQ(want, s.runtime);
	rlxc_store_run_dir(&s, "probes", dir, sizeof(dir));
	snprintf(want, sizeof(want), "%s/probes", run);
	EXPECT_STRNE(want, dir);
	ASSERT_EQ(0, rlxc_store_open(&s, "/var/lib/rlxc", &err)) TH_LOG("%s", err.msg);
	snprintf(want, sizeof(want), "%s/ct", run);
	EXPECT_STREQ(want, s.runtime);
}

/* A default-store container named like another store's hash does not
 * share that store's run directories (its destroy wiped them). */
TEST_F(tmp, default_store_names_never_meet_other_stores)
{
	struct rlxc_store def, other;
	struct rlxc_error err = {0};
	char name[32], a[PATH_MAX], b[PATH_MAX];

	unsetenv("RLXC_RUNTIME_DIR");
	ASSERT_EQ(0, rlxc_store_open(&def, "/var/lib/rlxc", &err)) TH_LOG("%s", err.msg);
	ASSERT_EQ(0, rlxc_store_open(&other, self->store, &err)) TH_LOG("%s", err.msg);
	snprintf(name, sizeof(name), "%016llx", (unsigned long long)fnv(self->store));
	ASSERT_EQ(0, rlxc_name_check(name, &err));
	rlxc_store_run_dir(&def, name, a, sizeof(a));
	rlxc_store_run_dir(&other, "web", b, sizeof(b));
	EXPECT_NE(0, strncmp(a, b, strlen(a))) TH_LOG("%s is above %s", a, b);
	EXPECT_NE(0, strncmp(other.runtime, a, strlen(other.runtime)));
}

TEST(paths_of_a_container)
{
	struct rlxc_store s = {.path = "/srv/st", .runtime = "/run/rlxc/0123456789abcdef"};
	char buf[PATH_MAX];

	rlxc_store_dir(&s, "web", buf, sizeof(buf));
	EXPECT_STREQ("/srv/st/web", buf);
	rlxc_store_config(&s, "web", buf, sizeof(buf));
	EXPECT_STREQ("/srv/st/web/config", buf);
	rlxc_store_rootfs(&s, "web", buf, sizeof(buf));
	EXPECT_STREQ("/srv/st/web/rootfs", buf);
	rlxc_store_run_dir(&s, "web", buf, sizeof(buf));
	EXPECT_STREQ("/run/rlxc/0123456789abcdef/web", buf);
}

/* Make STORE/REL a directory, with a config file when config. */
static int make_container(const char *store, const char *rel, bool config)
{
	char path[PATH_MAX + 64];

	snprintf(path, sizeof(path), "%s/%s", store, rel);
	if (mkdir(path, 0755) < 0)
		return -errno;
	snprintf(path, sizeof(path), "%s/%s/config", store, rel);
	return config ? put_file(path, "lxc.uts.name = x\n") : 0;
}

TEST_F(tmp, list_is_sorted_and_skips_non_containers)
{
	struct rlxc_store s;
	struct rlxc_error err = {0};
	char path[PATH_MAX + 64], **names = NULL;
	int n;

	ASSERT_EQ(0, mkdir(self->store, 0755));
	ASSERT_EQ(0, make_container(self->store, "web", true));
	ASSERT_EQ(0, make_container(self->store, "Db", true));
	ASSERT_EQ(0, make_container(self->store, "app-2", true));
	ASSERT_EQ(0, make_container(self->store, "noconf", false));
	ASSERT_EQ(0, make_container(self->store, ".hidden", true));
	ASSERT_EQ(0, make_container(self->store, "confdir", false));
	snprintf(path, sizeof(path), "%s/confdir/config", self->store);
	ASSERT_EQ(0, mkdir(path, 0755)); /* config is not a file */
	snprintf(path, sizeof(path), "%s/plainfile", self->store);
	ASSERT_EQ(0, put_file(path, "x"));

	ASSERT_EQ(0, rlxc_store_open(&s, self->store, &err)) TH_LOG("%s", err.msg);
	n = rlxc_store_list(&s, &names, &err);
	ASSERT_EQ(3, n) TH_LOG("%s", n < 0 ? err.msg : "");
	EXPECT_STREQ("Db", names[0]);
	EXPECT_STREQ("app-2", names[1]);
	EXPECT_STREQ("web", names[2]);
	EXPECT_EQ(NULL, names[3]);
	rlxc_store_names_free(names);

	EXPECT_TRUE(rlxc_store_exists(&s, "web"));
	EXPECT_FALSE(rlxc_store_exists(&s, "noconf"));
	EXPECT_FALSE(rlxc_store_exists(&s, "confdir"));
	EXPECT_FALSE(rlxc_store_exists(&s, "nosuch"));
	EXPECT_FALSE(rlxc_store_exists(&s, "../store/web"));
}

TEST_F(tmp, missing_store_lists_nothing)
{
	struct rlxc_store s;
	struct rlxc_error err = {0};
	char **names = NULL;

	ASSERT_EQ(0, rlxc_store_open(&s, self->store, &err)) TH_LOG("%s", err.msg);
	ASSERT_EQ(0, rlxc_store_list(&s, &names, &err)) TH_LOG("%s", err.msg);
	ASSERT_NE(NULL, names);
	EXPECT_EQ(NULL, names[0]);
	rlxc_store_names_free(names);
}

TEST_F(tmp, store_that_is_a_file_is_an_error)
{
	struct rlxc_store s;
	struct rlxc_error err = {0};
	char **names = NULL, want[PATH_MAX + 64];

	ASSERT_EQ(0, put_file(self->store, "x"));
	ASSERT_EQ(0, rlxc_store_open(&s, self->store, &err)) TH_LOG("%s", err.msg);
	EXPECT_EQ(-ENOTDIR, rlxc_store_list(&s, &names, &err));
	EXPECT_EQ(NULL, names);
	snprintf(want, sizeof(want), "list %s: %s", self->store, strerror(ENOTDIR));
	EXPECT_STREQ(want, err.msg);
}

TEST_HARNESS_MAIN
