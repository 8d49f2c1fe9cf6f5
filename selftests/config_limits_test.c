// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * The config reader fails closed (runtime/lib/config/config.h): a command
 * line split at every whitespace character (a \v once looped for ever), an
 * lxc.include nested too deep refused with the limit (700 once overflowed
 * the stack), a file past 1 MiB or not a regular file refused with the
 * bound (/dev/zero, a FIFO and /proc/self/pagemap once read without end or
 * blocked), a read error and a NUL byte errors naming file and line (an
 * ENOMEM once ended the file early and dropped the lxc.cap.drop after it),
 * and the files and bytes of one config bounded in all (includes twice
 * over, 2^20 files). Every load runs in a child with a deadline and a
 * memory limit, so that what once hung or grew fails the test, not the
 * host.
 */
#include "kselftest_harness.h"
#include "config/config.h"
#include "config_fixture.h"
#include "kernel/child.h"
#include "test_util.h"

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <unistd.h>

#define DEADLINE_MS 20000
#define HEADROOM    (32 << 20) /* address space a child may add */

/* What a load in a child gave (shared memory). */
struct outcome {
	int ret;
	char msg[1024];
	char cmd[4][16]; /* lxc.init.cmd's first words */
	size_t n_cmd, n_env;
	bool drops_sys_admin;
};

struct job {
	const char *path;
	struct outcome *out;
	int times; /* loads of path into the same config (0: 1) */
};

/* The child's address space now (VmSize), or 0. */
static size_t vm_size(void)
{
	char buf[4096], *p;

	if (get_file("/proc/self/status", buf, sizeof(buf)) < 0 || !(p = strstr(buf, "VmSize:")))
		return 0;
	return (size_t)strtoull(p + 7, NULL, 10) << 10;
}

static int load_job(void *arg)
{
	struct job *j = arg;
	struct rlxc_error err = { 0 };
	struct rlxc_config c;
	size_t vm = vm_size();

	if (vm && setrlimit(RLIMIT_AS, &(struct rlimit){ vm + HEADROOM, vm + HEADROOM }) < 0)
		return 2;
	rlxc_config_init(&c);
	for (int i = 0; i < (j->times ? j->times : 1) && !j->out->ret; i++)
		j->out->ret = rlxc_config_load(&c, j->path, &err);
	snprintf(j->out->msg, sizeof(j->out->msg), "%s", err.msg);
	j->out->n_cmd = c.init_cmd.n;
	for (size_t i = 0; i < c.init_cmd.n && i < 4; i++)
		snprintf(j->out->cmd[i], sizeof(j->out->cmd[i]), "%s", c.init_cmd.v[i]);
	j->out->n_env = c.environment.n;
	for (size_t i = 0; i < c.cap_drop.n; i++)
		j->out->drops_sys_admin |= !strcmp(c.cap_drop.v[i], "sys_admin");
	rlxc_config_free(&c);
	return 0;
}

/* Load path in a child within DEADLINE_MS: what it gave in *out, or fail
 * the test (it hung, grew past its memory or crashed). */
#define LOAD_TIMES(path, out, times)                                                               \
	do {                                                                                       \
		struct job _j = { (path), (out), (times) };                                        \
		int _st;                                                                           \
                                                                                                   \
		memset((out), 0, sizeof(*(out)));                                                  \
		_st = rlxc_run_child(load_job, &_j, DEADLINE_MS);                                  \
		ASSERT_EQ(0, _st)                                                                  \
		TH_LOG("the load %s (%s)", _st < 0 && errno == ETIMEDOUT ? "hung" : "died",        \
		       strerror(errno));                                                           \
	} while (0)
#define LOAD(path, out) LOAD_TIMES(path, out, 1)

static struct outcome *shared_outcome(void)
{
	void *p = mmap(NULL, sizeof(struct outcome), PROT_READ | PROT_WRITE,
		       MAP_SHARED | MAP_ANONYMOUS, -1, 0);

	return p == MAP_FAILED ? NULL : p;
}

/* DIR/NAME: its path in buf. */
static const char *at(const char *dir, const char *name, char *buf, size_t len)
{
	snprintf(buf, len, "%s/%s", dir, name);
	return buf;
}

static int write_at(const char *dir, const char *name, const char *text)
{
	char path[PATH_MAX];

	return put_file(at(dir, name, path, sizeof(path)), text);
}

/* A file of size bytes: a comment line of '#'s, then tail. */
static int write_sized(const char *path, size_t size, const char *tail)
{
	size_t n = size - strlen(tail);
	char *text = malloc(size + 1);
	int ret;

	if (!text)
		return -ENOMEM;
	memset(text, '#', n - 1);
	text[n - 1] = '\n';
	strcpy(text + n, tail);
	ret = put_file(path, text);
	free(text);
	return ret;
}

FIXTURE(lim)
{
	char dir[64];
	struct outcome *out;
};

FIXTURE_SETUP(lim)
{
	strcpy(self->dir, "/tmp/rlxc-t-XXXXXX");
	ASSERT_NE(NULL, mkdtemp(self->dir));
	ASSERT_NE(NULL, self->out = shared_outcome());
}

FIXTURE_TEARDOWN(lim)
{
	if (self->dir[0] == '/')
		rm_tree(self->dir);
	if (self->out)
		munmap(self->out, sizeof(*self->out));
}

/* ---- 1: every whitespace character splits a command line ---- */

TEST_F(lim, command_lines_split_at_every_space)
{
	static const char *const spaces[] = { "\v", "\f", "\r", " \v\f\r\t " };
	char path[PATH_MAX], text[128];

	at(self->dir, "cmd.conf", path, sizeof(path));
	for (size_t i = 0; i < sizeof(spaces) / sizeof(spaces[0]); i++) {
		snprintf(text, sizeof(text), "lxc.init.cmd = a%sb%s'c d'\n", spaces[i], spaces[i]);
		ASSERT_EQ(0, put_file(path, text));
		LOAD(path, self->out);
		ASSERT_EQ(0, self->out->ret) TH_LOG("%s", self->out->msg);
		ASSERT_EQ(3, self->out->n_cmd) TH_LOG("space %zu", i);
		EXPECT_STREQ("a", self->out->cmd[0]);
		EXPECT_STREQ("b", self->out->cmd[1]);
		EXPECT_STREQ("c d", self->out->cmd[2]);
	}
	/* and lxc.execute.cmd, the same parser; a value of spaces is empty */
	ASSERT_EQ(0, put_file(path, "lxc.execute.cmd = \v\f\n"));
	LOAD(path, self->out);
	EXPECT_EQ(0, self->out->ret) TH_LOG("%s", self->out->msg);
	ASSERT_EQ(0, put_file(path, "lxc.execute.cmd = x\vy\n"));
	LOAD(path, self->out);
	EXPECT_EQ(0, self->out->ret) TH_LOG("%s", self->out->msg);
}

/* ---- 2: lxc.include nests at most RLXC_CONFIG_MAX_DEPTH deep ---- */

/* f0.conf includes f1.conf ... f(n-1).conf includes fn.conf. */
static int write_chain(const char *dir, int n)
{
	char name[32], text[64];
	int ret = 0;

	for (int i = 0; i < n && !ret; i++) {
		snprintf(name, sizeof(name), "f%d.conf", i);
		snprintf(text, sizeof(text), "# level %d\nlxc.include = f%d.conf\n", i, i + 1);
		ret = write_at(dir, name, text);
	}
	snprintf(name, sizeof(name), "f%d.conf", n);
	return ret ? ret : write_at(dir, name, "lxc.environment = DEEP=1\n");
}

TEST_F(lim, include_depth_is_bounded)
{
	char path[PATH_MAX], want[1024];

	/* 32 levels: read */
	ASSERT_EQ(0, write_chain(self->dir, RLXC_CONFIG_MAX_DEPTH));
	LOAD(at(self->dir, "f0.conf", path, sizeof(path)), self->out);
	ASSERT_EQ(0, self->out->ret) TH_LOG("%s", self->out->msg);
	EXPECT_EQ(1, self->out->n_env);
	/* 33: the include in f32.conf is refused, naming it and the limit */
	ASSERT_EQ(0, write_chain(self->dir, RLXC_CONFIG_MAX_DEPTH + 1));
	LOAD(path, self->out);
	EXPECT_EQ(-EINVAL, self->out->ret);
	snprintf(want, sizeof(want),
		 "%s/f32.conf:2: lxc.include: %s/f33.conf: includes nested too deep (the limit is "
		 "32 levels of lxc.include)",
		 self->dir, self->dir);
	EXPECT_STREQ(want, self->out->msg);
}

TEST_F(lim, seven_hundred_includes_are_refused_not_a_crash)
{
	char path[PATH_MAX], want[64];

	ASSERT_EQ(0, write_chain(self->dir, 700));
	LOAD(at(self->dir, "f0.conf", path, sizeof(path)), self->out);
	EXPECT_EQ(-EINVAL, self->out->ret);
	snprintf(want, sizeof(want), "%s/f32.conf:2: lxc.include: ", self->dir);
	EXPECT_EQ(0, strncmp(want, self->out->msg, strlen(want))) TH_LOG("%s", self->out->msg);
	EXPECT_NE(NULL, strstr(self->out->msg, "nested too deep"));
}

/* ---- 3: a file is regular and at most 1 MiB ---- */

TEST_F(lim, file_past_one_mib_is_refused)
{
	char path[PATH_MAX], top[PATH_MAX], want[1024];

	at(self->dir, "big.conf", path, sizeof(path));
	ASSERT_EQ(0, write_sized(path, RLXC_CONFIG_MAX_SIZE, "lxc.cap.drop = sys_admin\n"));
	LOAD(path, self->out);
	ASSERT_EQ(0, self->out->ret) TH_LOG("%s", self->out->msg); /* 1 MiB is taken */
	EXPECT_TRUE(self->out->drops_sys_admin);
	ASSERT_EQ(0, write_sized(path, RLXC_CONFIG_MAX_SIZE + 1, "lxc.cap.drop = sys_admin\n"));
	LOAD(path, self->out);
	EXPECT_EQ(-EFBIG, self->out->ret);
	snprintf(want, sizeof(want),
		 "%s: larger than 1 MiB (1048576 bytes), the limit of a config file", path);
	EXPECT_STREQ(want, self->out->msg);
	/* included */
	ASSERT_EQ(0, write_at(self->dir, "top.conf", "\nlxc.include = big.conf\n"));
	LOAD(at(self->dir, "top.conf", top, sizeof(top)), self->out);
	EXPECT_EQ(-EINVAL, self->out->ret);
	snprintf(want, sizeof(want),
		 "%s:2: lxc.include: %s: larger than 1 MiB (1048576 bytes), the limit of a "
		 "config file",
		 top, path);
	EXPECT_STREQ(want, self->out->msg);
}

TEST_F(lim, devices_and_fifos_are_refused)
{
	char top[PATH_MAX], fifo[PATH_MAX], text[PATH_MAX + 32], want[1024];
	const char *why = "not a regular file (a config is a file; lxc.include also takes a "
			  "directory)";

	at(self->dir, "top.conf", top, sizeof(top));
	ASSERT_EQ(0, put_file(top, "lxc.include = /dev/zero\n"));
	LOAD(top, self->out);
	EXPECT_EQ(-EINVAL, self->out->ret);
	snprintf(want, sizeof(want), "%s:1: lxc.include: /dev/zero: %s", top, why);
	EXPECT_STREQ(want, self->out->msg);
	LOAD("/dev/zero", self->out);
	EXPECT_EQ(-EINVAL, self->out->ret);
	snprintf(want, sizeof(want), "/dev/zero: %s", why);
	EXPECT_STREQ(want, self->out->msg);
	/* a FIFO nobody writes: refused, not waited on */
	ASSERT_EQ(0, mkfifo(at(self->dir, "fifo", fifo, sizeof(fifo)), 0600));
	snprintf(text, sizeof(text), "lxc.include = %s\n", fifo);
	ASSERT_EQ(0, put_file(top, text));
	LOAD(top, self->out);
	EXPECT_EQ(-EINVAL, self->out->ret);
	snprintf(want, sizeof(want), "%s:1: lxc.include: %s: %s", top, fifo, why);
	EXPECT_STREQ(want, self->out->msg);
	/* a FIFO in an included directory too */
	ASSERT_EQ(0, rename(fifo, at(self->dir, "d.conf", text, sizeof(text))));
	ASSERT_EQ(0, put_file(top, "lxc.include = .\n"));
	LOAD(top, self->out);
	EXPECT_EQ(-EINVAL, self->out->ret);
	EXPECT_NE(NULL, strstr(self->out->msg, "d.conf: not a regular file"))
	TH_LOG("%s", self->out->msg);
}

/* A regular file that says it is empty and never ends: read with a bound. */
TEST_F(lim, endless_proc_file_is_read_with_a_bound)
{
	char top[PATH_MAX], want[1024];

	at(self->dir, "top.conf", top, sizeof(top));
	ASSERT_EQ(0, put_file(top, "lxc.include = /proc/self/pagemap\n"));
	LOAD(top, self->out);
	EXPECT_EQ(-EINVAL, self->out->ret);
	snprintf(want, sizeof(want),
		 "%s:1: lxc.include: /proc/self/pagemap: larger than 1 MiB (1048576 bytes), the "
		 "limit of a config file",
		 top);
	EXPECT_STREQ(want, self->out->msg);
}

/* ---- 4: a read error is an error, never the end of the file ---- */

/* A line longer than the child's memory, then an lxc.cap.drop: once
 * getline's ENOMEM ended the file there and the drop was lost. */
TEST_F(lim, huge_line_never_drops_what_follows)
{
	size_t size = 2 * HEADROOM;
	char path[PATH_MAX];

	at(self->dir, "huge.conf", path, sizeof(path));
	ASSERT_EQ(0, write_sized(path, size, "lxc.cap.drop = sys_admin\n"));
	LOAD(path, self->out);
	EXPECT_NE(0, self->out->ret)
	TH_LOG("taken, and sys_admin %s dropped", self->out->drops_sys_admin ? "is" : "is NOT");
	EXPECT_NE(NULL, strstr(self->out->msg, path)) TH_LOG("%s", self->out->msg);
	EXPECT_NE(NULL, strstr(self->out->msg, "1 MiB")) TH_LOG("%s", self->out->msg);
}

TEST_F(lim, read_error_names_file_and_line)
{
	char top[PATH_MAX], want[1024];

	/* reading /proc/self/mem at 0 (never mapped) is EIO */
	at(self->dir, "top.conf", top, sizeof(top));
	ASSERT_EQ(0,
		  put_file(top, "# x\nlxc.include = /proc/self/mem\nlxc.cap.drop = sys_admin\n"));
	LOAD(top, self->out);
	EXPECT_EQ(-EINVAL, self->out->ret);
	snprintf(want, sizeof(want), "%s:2: lxc.include: /proc/self/mem:1: read: %s", top,
		 strerror(EIO));
	EXPECT_STREQ(want, self->out->msg);
}

TEST_F(lim, nul_byte_is_refused)
{
	static const char text[] = "lxc.uts.name = a\0b\nlxc.cap.drop = sys_admin\n";
	char path[PATH_MAX], want[1024];
	FILE *f;

	at(self->dir, "nul.conf", path, sizeof(path));
	ASSERT_NE(NULL, f = fopen(path, "we"));
	ASSERT_EQ(sizeof(text) - 1, fwrite(text, 1, sizeof(text) - 1, f));
	ASSERT_EQ(0, fclose(f));
	LOAD(path, self->out);
	EXPECT_EQ(-EINVAL, self->out->ret);
	snprintf(want, sizeof(want), "%s:1: a NUL byte in the line", path);
	EXPECT_STREQ(want, self->out->msg);
}

/* A path that does not fit PATH_MAX is refused, never cut to another. */
TEST_F(lim, paths_too_long_are_refused_not_cut)
{
	static const char *const keys[] = { "lxc.include", "lxc.mount.fstab" };
	static char text[PATH_MAX + 64]; /* not the stack, not the heap of a child */
	char path[PATH_MAX], want[1024];

	at(self->dir, "long.conf", path, sizeof(path));
	for (size_t i = 0; i < sizeof(keys) / sizeof(keys[0]); i++) {
		int n = sprintf(text, "%s = ", keys[i]);

		for (int j = 0; j < PATH_MAX / 2; j++)
			n += sprintf(text + n, "a/");
		strcpy(text + n, "x.conf\n");
		ASSERT_EQ(0, put_file(path, text));
		LOAD(path, self->out);
		EXPECT_EQ(-EINVAL, self->out->ret);
		snprintf(want, sizeof(want), "%s:1: %s: path too long: 'a/a/", path, keys[i]);
		EXPECT_EQ(0, strncmp(want, self->out->msg, strlen(want)))
		TH_LOG("%s", self->out->msg);
	}
}

/* ---- the files and bytes of one config, includes and all ---- */

/* gN.conf includes g(N+1).conf twice: 2^20 reads of g20.conf. */
TEST_F(lim, includes_twice_over_are_bounded_in_all)
{
	char name[32], text[64], path[PATH_MAX];

	for (int i = 0; i < 20; i++) {
		snprintf(name, sizeof(name), "g%d.conf", i);
		snprintf(text, sizeof(text), "lxc.include = g%d.conf\nlxc.include = g%d.conf\n",
			 i + 1, i + 1);
		ASSERT_EQ(0, write_at(self->dir, name, text));
	}
	ASSERT_EQ(0, write_at(self->dir, "g20.conf", "lxc.environment = X=1\n"));
	LOAD(at(self->dir, "g0.conf", path, sizeof(path)), self->out);
	EXPECT_EQ(-EINVAL, self->out->ret);
	EXPECT_NE(NULL, strstr(self->out->msg, "more than 1024 files for one config (the limit, "
					       "includes and all)"))
	TH_LOG("%s", self->out->msg);
}

TEST_F(lim, bytes_of_one_config_are_bounded_in_all)
{
	char path[PATH_MAX], top[PATH_MAX], text[512] = "";

	at(self->dir, "m.conf", path, sizeof(path));
	ASSERT_EQ(0, write_sized(path, RLXC_CONFIG_MAX_SIZE, "lxc.environment = X=1\n"));
	for (int i = 0; i < 9; i++)
		strcat(text, "lxc.include = m.conf\n");
	ASSERT_EQ(0, write_at(self->dir, "top.conf", text));
	LOAD(at(self->dir, "top.conf", top, sizeof(top)), self->out);
	EXPECT_EQ(-EINVAL, self->out->ret);
	EXPECT_NE(NULL, strstr(self->out->msg, "past 8 MiB (8388608 bytes) read for one config"))
	TH_LOG("%s", self->out->msg);
	/* the bound is per load: nine loads of 1 MiB into one config are taken */
	LOAD_TIMES(path, self->out, 9);
	EXPECT_EQ(0, self->out->ret) TH_LOG("%s", self->out->msg);
	EXPECT_EQ(9, self->out->n_env);
}

TEST_HARNESS_MAIN
