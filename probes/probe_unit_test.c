// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Unit tests of the probe layer itself: the kernel-config parser (plain and
 * gzip), module evidence without a module directory, the verdict's reason,
 * the table, and the runner's handling of crashing and hanging tries.
 */
#include "kselftest_harness.h"
#include "kernel/cgroupfs.h"
#include "probe_impl.h"
#include "rlxc_paths.h"

#include <errno.h>
#include <signal.h>
#include <sys/mman.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <zlib.h>

#define SAMPLE rlxc_fixture("kconfig/sample.config")

static void check_sample(struct __test_metadata *_metadata, const struct kconfig *kc)
{
	const char *v;

	ASSERT_NE(NULL, kc);
	EXPECT_EQ(10, kconfig_size(kc));
	EXPECT_EQ(KCONFIG_BUILTIN, kconfig_get(kc, "CONFIG_NAMESPACES", &v));
	EXPECT_STREQ("y", v);
	EXPECT_EQ(KCONFIG_MODULE, kconfig_get(kc, "CONFIG_OVERLAY_FS", NULL));
	EXPECT_EQ(KCONFIG_NOT_SET, kconfig_get(kc, "CONFIG_AUFS_FS", &v));
	EXPECT_EQ(NULL, v);
	EXPECT_EQ(KCONFIG_VALUE, kconfig_get(kc, "CONFIG_LOG_BUF_SHIFT", &v));
	EXPECT_STREQ("17", v);
	EXPECT_EQ(KCONFIG_VALUE, kconfig_get(kc, "CONFIG_DEFAULT_HOSTNAME", &v));
	EXPECT_STREQ("(none)", v);
	EXPECT_EQ(KCONFIG_BUILTIN, kconfig_get(kc, "CONFIG_VETH", NULL));
	EXPECT_EQ(KCONFIG_ABSENT, kconfig_get(kc, "CONFIG_DUMMY", &v));
	EXPECT_EQ(KCONFIG_ABSENT, kconfig_get(kc, "CONFIG_NAMESPACE", NULL));
}

TEST(kconfig_plain)
{
	struct kconfig *kc = kconfig_load(SAMPLE);

	check_sample(_metadata, kc);
	EXPECT_STREQ(SAMPLE, kconfig_source(kc));
	kconfig_free(kc);
}

/* Write the fixture gzip-compressed into a temporary file. */
static void gzip_fixture(struct __test_metadata *_metadata, const char *to)
{
	char buf[4096];
	FILE *in = fopen(SAMPLE, "r");
	gzFile out = gzopen(to, "wb9");
	size_t n;

	ASSERT_NE(NULL, in);
	ASSERT_NE(NULL, out);
	while ((n = fread(buf, 1, sizeof(buf), in)) > 0)
		ASSERT_EQ((int)n, gzwrite(out, buf, (unsigned)n));
	fclose(in);
	ASSERT_EQ(Z_OK, gzclose(out));
}

TEST(kconfig_gzip)
{
	char path[] = "/tmp/rlxc-t-kconfig-XXXXXX";
	struct kconfig *kc;
	unsigned char magic[2] = { 0 };
	FILE *f;
	int fd = mkstemp(path);

	ASSERT_LE(0, fd);
	close(fd);
	gzip_fixture(_metadata, path);
	f = fopen(path, "r");
	ASSERT_NE(NULL, f);
	ASSERT_EQ(2, fread(magic, 1, 2, f));
	fclose(f);
	EXPECT_EQ(0x1f, magic[0]); /* really gzip, not the plain file again */
	EXPECT_EQ(0x8b, magic[1]);
	kc = kconfig_load(path);
	unlink(path);
	check_sample(_metadata, kc);
	kconfig_free(kc);
}

TEST(kconfig_truncated_gzip_is_an_error)
{
	char path[] = "/tmp/rlxc-t-kconfig-XXXXXX";
	int fd = mkstemp(path);
	off_t size;

	ASSERT_LE(0, fd);
	gzip_fixture(_metadata, path);
	size = lseek(fd, 0, SEEK_END);
	ASSERT_EQ(0, ftruncate(fd, size / 2));
	close(fd);
	errno = 0;
	EXPECT_EQ(NULL, kconfig_load(path));
	EXPECT_EQ(EIO, errno);
	unlink(path);
}

TEST(kconfig_missing_file)
{
	errno = 0;
	EXPECT_EQ(NULL, kconfig_load("/nonexistent/rlxc-config"));
	EXPECT_EQ(ENOENT, errno);
}

TEST(kconfig_evidence_text)
{
	struct kconfig *kc = kconfig_load(SAMPLE);
	char buf[PROBE_TEXT];

	ASSERT_NE(NULL, kc);
	kconfig_evidence(kc, "CONFIG_VETH CONFIG_AUFS_FS CONFIG_DUMMY", buf, sizeof(buf));
	{
		char want[PROBE_TEXT];

		snprintf(want, sizeof(want), "CONFIG_VETH=y, CONFIG_AUFS_FS is not set, "
					     "CONFIG_DUMMY absent (%s)", SAMPLE);
		EXPECT_STREQ(want, buf);
	}
	kconfig_evidence(NULL, "CONFIG_VETH", buf, sizeof(buf));
	EXPECT_NE(NULL, strstr(buf, "no kernel config readable"));
	kconfig_evidence(kc, NULL, buf, sizeof(buf));
	EXPECT_STREQ("no config symbol for this feature", buf);
	kconfig_free(kc);
}

TEST(kconfig_host_honours_override)
{
	const struct kconfig *kc;

	/* each harness test is its own process: the override is read fresh */
	ASSERT_EQ(0, setenv("RLXC_KCONFIG", SAMPLE, 1));
	kc = kconfig_host();
	ASSERT_NE(NULL, kc);
	EXPECT_STREQ(SAMPLE, kconfig_source(kc));
	EXPECT_EQ(KCONFIG_MODULE, kconfig_get(kc, "CONFIG_OVERLAY_FS", NULL));
}

TEST(kmod_without_module_directory)
{
	char buf[PROBE_TEXT] = "";

	ASSERT_EQ(0, setenv("RLXC_MODULES_DIR", "/nonexistent/rlxc-modules", 1));
	kmod_evidence("rlxc_no_such_module", buf, sizeof(buf));
	EXPECT_NE(NULL, strstr(buf, "rlxc_no_such_module: "));
	EXPECT_NE(NULL, strstr(buf, "no /nonexistent/rlxc-modules"));
	EXPECT_NE(NULL, strstr(buf, "kernel without loadable modules"));
}

TEST(kmod_empty_module_directory)
{
	char dir[] = "/tmp/rlxc-t-modules-XXXXXX";
	char buf[PROBE_TEXT] = "";

	ASSERT_NE(NULL, mkdtemp(dir));
	ASSERT_EQ(0, setenv("RLXC_MODULES_DIR", dir, 1));
	kmod_evidence("rlxc_no_such_module", buf, sizeof(buf));
	rmdir(dir);
	EXPECT_NE(NULL, strstr(buf, "not built in, loaded or available in"));
}

static const struct probe fake = {
	.id = "fake.thing",
	.group = "fake",
	.config = "CONFIG_NAMESPACES CONFIG_AUFS_FS",
	.module = "aufs",
	.summary = "a fake feature",
};

/* /proc/self/cgroup of a hybrid host, looked up by controller and for cgroup2. */
TEST(self_cgroup_lookup)
{
	const char *text = "9:name=systemd:/\n"
			   "4:memory:/process_api/abc\n"
			   "1:cpu,cpuacct:/user.slice\n"
			   "0::/init.scope\n";
	char path[256];

	ASSERT_EQ(0, cgfs_self_in(text, "memory", path, sizeof(path)));
	EXPECT_STREQ("/process_api/abc", path);
	ASSERT_EQ(0, cgfs_self_in(text, "cpuacct", path, sizeof(path)));
	EXPECT_STREQ("/user.slice", path);
	ASSERT_EQ(0, cgfs_self_in(text, "name=systemd", path, sizeof(path)));
	EXPECT_STREQ("/", path);
	ASSERT_EQ(0, cgfs_self_in(text, NULL, path, sizeof(path)));
	EXPECT_STREQ("/init.scope", path);
	EXPECT_EQ(-ENOENT, cgfs_self_in(text, "cpu,cpuacct", path, sizeof(path)));
	EXPECT_EQ(-ENOENT, cgfs_self_in(text, "pids", path, sizeof(path)));
	EXPECT_EQ(-ENOENT, cgfs_self_in("4:memory:/x\n", NULL, path, sizeof(path)));
	EXPECT_EQ(-ENOENT, cgfs_self_in("", "memory", path, sizeof(path)));
}

TEST(reason_no_names_missing_config)
{
	struct kconfig *kc = kconfig_load(SAMPLE);
	struct probe_result r = { .verdict = PROBE_NO, .functional = "mount: No such device" };

	ASSERT_NE(NULL, kc);
	probe_compose_reason(&fake, &r, kc);
	EXPECT_STREQ("kernel built without CONFIG_AUFS_FS: mount: No such device", r.reason);
	kconfig_free(kc);
}

TEST(reason_no_names_unloaded_module)
{
	struct probe p = fake;
	struct probe_result r = { .verdict = PROBE_NO, .functional = "mount: No such device" };

	p.config = "CONFIG_OVERLAY_FS";
	snprintf(r.module, sizeof(r.module), "aufs: loadable, not loaded (/lib/x.ko)");
	probe_compose_reason(&p, &r, NULL);
	EXPECT_STREQ("module aufs is not loaded (modprobe aufs): mount: No such device", r.reason);
}

TEST(reason_other_verdicts)
{
	struct probe_result r = { .verdict = PROBE_YES, .functional = "did it" };

	probe_compose_reason(&fake, &r, NULL);
	EXPECT_STREQ("a fake feature: works", r.reason);
	r = (struct probe_result){ .verdict = PROBE_UNKNOWN, .functional = "unshare: EPERM" };
	probe_compose_reason(&fake, &r, NULL);
	EXPECT_STREQ("could not try a fake feature: unshare: EPERM", r.reason);
	r = (struct probe_result){ .verdict = PROBE_NO, .functional = "x: EINVAL" };
	probe_compose_reason(&fake, &r, NULL);
	EXPECT_STREQ("a fake feature fails: x: EINVAL", r.reason);
	r = (struct probe_result){ .verdict = PROBE_NO, .reason = "said by the try" };
	probe_compose_reason(&fake, &r, NULL);
	EXPECT_STREQ("said by the try", r.reason);
}

TEST(errno_verdicts)
{
	EXPECT_EQ(PROBE_UNKNOWN, probe_errno_verdict(EPERM));
	EXPECT_EQ(PROBE_UNKNOWN, probe_errno_verdict(EACCES));
	EXPECT_EQ(PROBE_NO, probe_errno_verdict(ENOSYS));
	EXPECT_EQ(PROBE_NO, probe_errno_verdict(EINVAL));
	EXPECT_STREQ("yes", probe_verdict_name(PROBE_YES));
	EXPECT_STREQ("no", probe_verdict_name(PROBE_NO));
	EXPECT_STREQ("partial", probe_verdict_name(PROBE_PARTIAL));
	EXPECT_STREQ("unknown", probe_verdict_name(PROBE_UNKNOWN));
}

TEST(table_is_complete)
{
	static const char *groups[] = { "ns", "cgroup", "fs", "net", "security", "syscall", "cr" };

	EXPECT_LE(40, probe_count);
	for (size_t i = 0; i < probe_count; i++) {
		const struct probe *p = &probe_table[i];
		bool known = false;

		ASSERT_NE(NULL, p->try) TH_LOG("%s has no try", p->id);
		ASSERT_NE(NULL, p->summary) TH_LOG("%s has no summary", p->id);
		for (size_t g = 0; g < sizeof(groups) / sizeof(groups[0]); g++)
			known |= strcmp(p->group, groups[g]) == 0;
		EXPECT_TRUE(known) TH_LOG("%s: group %s", p->id, p->group);
		EXPECT_EQ(0, strncmp(p->id, p->group, strlen(p->group))) TH_LOG("%s", p->id);
		EXPECT_EQ(p, probe_find(p->id));
		for (size_t j = 0; j < i; j++)
			EXPECT_STRNE(p->id, probe_table[j].id);
	}
	EXPECT_EQ(NULL, probe_find("nosuch"));
	EXPECT_FALSE(probe_group_exists("nosuch"));
}

TEST(results_are_cached)
{
	const struct probe_result *a = probe_get(probe_table[0].id);
	const struct probe_result *b = probe_get(probe_table[0].id);

	ASSERT_NE(NULL, a);
	EXPECT_EQ(a, b);
	EXPECT_NE(0, a->reason[0]);
	EXPECT_NE(0, a->config[0]);
	EXPECT_NE(0, a->module[0]);
	EXPECT_NE(0, a->functional[0]);
	EXPECT_EQ(NULL, probe_get("nosuch.probe"));
}

static int exit_with_arg(void *arg)
{
	return (int)(long)arg;
}

static int hang(void *arg)
{
	(void)arg;
	pause();
	return 0;
}

static int crash(void *arg)
{
	(void)arg;
	raise(SIGSEGV);
	return 0;
}

TEST(run_child_reports_status_timeout_and_signal)
{
	EXPECT_EQ(42, rlxc_run_child(exit_with_arg, (void *)42L, 1000));
	errno = 0;
	EXPECT_EQ(-1, rlxc_run_child(hang, NULL, 50));
	EXPECT_EQ(ETIMEDOUT, errno);
	errno = 0;
	EXPECT_EQ(-1, rlxc_run_child(crash, NULL, 1000));
	EXPECT_EQ(EINTR, errno);
}

TEST(say_appends_and_bounds)
{
	struct probe_out out = { 0 };

	probe_say(&out, "first %d", 1);
	probe_say(&out, "second");
	EXPECT_STREQ("first 1; second", out.functional);
	for (int i = 0; i < 100; i++)
		probe_say(&out, "%s", "a long repeated piece of evidence");
	EXPECT_EQ(PROBE_TEXT - 1, strlen(out.functional));
	EXPECT_EQ(PROBE_NO, probe_fail(&out, ENODEV, "mount"));
	probe_reason(&out, "because %s", "reasons");
	EXPECT_STREQ("because reasons", out.reason);
}

static PROBE_TRY(try_works)
{
	probe_say(out, "did %s", "it");
	return PROBE_YES;
}

static PROBE_TRY(try_crashes)
{
	(void)out;
	raise(SIGSEGV);
	return PROBE_YES;
}

static PROBE_TRY(try_hangs)
{
	(void)out;
	pause();
	return PROBE_YES;
}

static PROBE_TRY(try_exits_silently)
{
	(void)out;
	_exit(3);
}

static pid_t *grandchild; /* shared with the try's child */

/* Running, not a zombie and not gone. */
static bool alive(pid_t pid)
{
	char path[64], stat[256] = "";
	const char *state;

	snprintf(path, sizeof(path), "/proc/%d/stat", (int)pid);
	if (rlxc_file_read(path, stat, sizeof(stat)) < 0)
		return false;
	state = strrchr(stat, ')');
	return state && state[1] == ' ' && state[2] != 'Z' && state[2] != 'X';
}

static PROBE_TRY(try_leaves_a_grandchild)
{
	pid_t pid = fork();

	if (pid == 0) {
		pause();
		_exit(0);
	}
	*grandchild = pid;
	probe_say(out, "left %d behind", (int)pid);
	return PROBE_PARTIAL;
}

/* meanwhile: writes the module evidence of every result, as core.c does */
static void note_meanwhile(void *arg)
{
	struct probe_result *res = arg;

	for (int i = 0; i < 6; i++)
		snprintf(res[i].module, sizeof(res[i].module), "meanwhile");
}

TEST(runner_survives_crashes_hangs_and_silence)
{
	const struct probe table[] = {
		{ .id = "t.works", .try = try_works },
		{ .id = "t.crash", .try = try_crashes },
		{ .id = "t.hang", .try = try_hangs, .timeout_ms = 100 },
		{ .id = "t.silent", .try = try_exits_silently },
		{ .id = "t.skipped", .try = try_crashes },
		{ .id = "t.orphan", .try = try_leaves_a_grandchild },
	};
	const bool sel[] = { true, true, true, true, false, true };
	struct probe_result res[6] = { 0 };

	grandchild = mmap(NULL, sizeof(*grandchild), PROT_READ | PROT_WRITE,
			  MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	ASSERT_NE(MAP_FAILED, grandchild);
	*grandchild = 0;
	probe_run_tries(table, 6, sel, res, note_meanwhile, res);
	for (int i = 0; i < 6; i++) /* written while the tries ran, and kept */
		EXPECT_STREQ("meanwhile", res[i].module);
	EXPECT_EQ(PROBE_YES, res[0].verdict);
	EXPECT_STREQ("did it", res[0].functional);
	EXPECT_EQ(PROBE_UNKNOWN, res[1].verdict);
	EXPECT_NE(NULL, strstr(res[1].functional, "died of signal 11"));
	EXPECT_EQ(PROBE_UNKNOWN, res[2].verdict);
	EXPECT_STREQ("no answer within 100 ms; killed", res[2].functional);
	EXPECT_EQ(PROBE_UNKNOWN, res[3].verdict);
	EXPECT_STREQ("probe process exited 3 without an answer", res[3].functional);
	EXPECT_STREQ("", res[4].functional); /* not selected: not run */
	EXPECT_EQ(PROBE_PARTIAL, res[5].verdict);
	/* the grandchild was killed with its group (a zombie of init's, or gone) */
	ASSERT_NE(0, *grandchild);
	for (int i = 0; i < 200 && alive(*grandchild); i++)
		usleep(5000);
	EXPECT_FALSE(alive(*grandchild));
	munmap(grandchild, sizeof(*grandchild));
}

static char identity_text[64] = "tool 1:2 3 4.5";

static int fake_identity(char *buf, size_t len)
{
	if (!identity_text[0])
		return -ENOENT;
	snprintf(buf, len, "%s", identity_text);
	return 0;
}

FIXTURE(cache)
{
	char dir[64];
	struct probe p;
};

FIXTURE_SETUP(cache)
{
	snprintf(self->dir, sizeof(self->dir), "/tmp/rlxc-t-cache-XXXXXX");
	ASSERT_NE(NULL, mkdtemp(self->dir));
	ASSERT_EQ(0, setenv("RLXC_RUNTIME_DIR", self->dir, 1));
	self->p = (struct probe){ .id = "t.tool", .identity = fake_identity };
}

FIXTURE_TEARDOWN(cache)
{
	char path[128];

	snprintf(path, sizeof(path), "%s/probes/t.tool", self->dir);
	unlink(path);
	snprintf(path, sizeof(path), "%s/probes", self->dir);
	rmdir(path);
	rmdir(self->dir);
}

TEST_F(cache, keeps_an_answer_for_the_same_identity)
{
	struct probe_result r = { .verdict = PROBE_NO, .functional = "tool check = 1: broken",
				  .reason = "tool is broken" };
	struct probe_result got;

	EXPECT_FALSE(probe_cache_load(&self->p, &got)); /* empty */
	probe_cache_store(&self->p, &r);
	ASSERT_TRUE(probe_cache_load(&self->p, &got));
	EXPECT_EQ(PROBE_NO, got.verdict);
	EXPECT_STREQ("cached this boot: tool check = 1: broken", got.functional);
	EXPECT_STREQ("tool is broken", got.reason);
}

TEST_F(cache, misses_when_the_identity_changes_or_is_gone)
{
	struct probe_result r = { .verdict = PROBE_YES, .functional = "ok" }, got;

	probe_cache_store(&self->p, &r);
	snprintf(identity_text, sizeof(identity_text), "tool 1:2 3 9.9"); /* a new binary */
	EXPECT_FALSE(probe_cache_load(&self->p, &got));
	identity_text[0] = '\0'; /* the tool is gone */
	EXPECT_FALSE(probe_cache_load(&self->p, &got));
}

TEST_F(cache, never_keeps_unknown)
{
	struct probe_result r = { .verdict = PROBE_UNKNOWN, .functional = "timed out" }, got;

	probe_cache_store(&self->p, &r);
	EXPECT_FALSE(probe_cache_load(&self->p, &got));
}

TEST_F(cache, ignores_a_damaged_entry)
{
	struct probe_result r = { .verdict = PROBE_YES, .functional = "ok" }, got;
	char path[128];
	FILE *f;

	probe_cache_store(&self->p, &r);
	snprintf(path, sizeof(path), "%s/probes/t.tool", self->dir);
	f = fopen(path, "r+");
	ASSERT_NE(NULL, f);
	ASSERT_EQ(0, ftruncate(fileno(f), 20)); /* half a key */
	fclose(f);
	EXPECT_FALSE(probe_cache_load(&self->p, &got));
}

TEST_HARNESS_MAIN
