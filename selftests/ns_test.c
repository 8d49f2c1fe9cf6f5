// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Namespaces, exercised for real: each test makes a namespace in a forked
 * child and checks what is seen inside and what is not seen outside.
 *
 * A "held" child does its setup, reports 0 or an errno on a pipe and then
 * waits until the test closes the hold pipe (or dies): while it waits, the
 * test looks at it from outside. Work that needs pid 1 or a new time
 * namespace runs in a one-shot child that reports through its exit status
 * and says on stderr what went wrong.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <net/if.h>
#include <netinet/in.h>
#include <sched.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/ipc.h>
#include <sys/mount.h>
#include <sys/msg.h>
#include <sys/shm.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "kselftest_harness.h"
#include "probe_skip.h"
#include "kernel/syscalls.h"
#include "test_util.h"

/* 1 when the file at PATH has a line containing NEEDLE, 0 when not, -errno. */
static int file_has(const char *path, const char *needle)
{
	FILE *f = fopen(path, "re");
	char *line = NULL;
	size_t cap = 0;
	int found = 0;

	if (!f)
		return -errno;
	while (!found && getline(&line, &cap, f) > 0)
		found = strstr(line, needle) != NULL;
	free(line);
	fclose(f);
	return found;
}

static ino_t ns_inode(const char *pid, const char *ns)
{
	char path[64];
	struct stat st;

	snprintf(path, sizeof(path), "/proc/%s/ns/%s", pid, ns);
	return stat(path, &st) < 0 ? 0 : st.st_ino;
}

static ino_t pid_ns_inode(pid_t pid, const char *ns)
{
	char p[16];

	snprintf(p, sizeof(p), "%d", (int)pid);
	return ns_inode(p, ns);
}

/*
 * unshare(FLAG), and make sure /proc/self/ns/NS changed before doing
 * anything that would touch the host if it had not: 0 or an errno.
 */
static int unshare_new(int flag, const char *ns)
{
	ino_t before = ns_inode("self", ns);

	if (unshare(flag) < 0)
		return errno;
	return ns_inode("self", ns) != before ? 0 : EPROTO;
}

static double clock_s(clockid_t clk)
{
	struct timespec ts;

	clock_gettime(clk, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* --- pid --- */

/* The numeric entries of /proc, "1 2 ..." in readdir order sorted by value. */
static int proc_pids(char *buf, size_t len)
{
	DIR *d = opendir("/proc");
	struct dirent *e;
	long pids[16];
	size_t n = 0, used = 0;

	if (!d)
		return -1;
	while ((e = readdir(d)) && n < 16)
		if (e->d_name[0] >= '1' && e->d_name[0] <= '9')
			pids[n++] = strtol(e->d_name, NULL, 10);
	closedir(d);
	buf[0] = '\0';
	for (size_t i = 0; i < n; i++)
		for (size_t j = i + 1; j < n; j++)
			if (pids[j] < pids[i]) {
				long t = pids[i];

				pids[i] = pids[j];
				pids[j] = t;
			}
	for (size_t i = 0; i < n && used < len; i++)
		used += snprintf(buf + used, len - used, "%s%ld", i ? " " : "", pids[i]);
	return 0;
}

/* Pid 1 of a new pid ns, with a sibling: a fresh /proc lists the two of them. */
static int pid1_main(void *arg)
{
	char pids[128], self[16] = "";
	pid_t sib;
	int ret = 0;

	(void)arg;
	if (getpid() != 1 || getppid() != 0)
		return child_fail("pid %d ppid %d, expected 1 and 0", getpid(), getppid());
	sib = fork();
	if (sib == 0) {
		pause();
		_exit(0);
	}
	if (sib != 2)
		ret = child_fail("second process is pid %d, expected 2", (int)sib);
	else if (mount("proc", "/proc", "proc", MS_NOSUID | MS_NODEV | MS_NOEXEC, NULL) < 0)
		ret = child_fail("mount proc");
	else if (proc_pids(pids, sizeof(pids)) < 0 || strcmp(pids, "1 2") != 0)
		ret = child_fail("fresh /proc lists pids \"%s\", expected \"1 2\"", pids);
	else if (readlink("/proc/self", self, sizeof(self) - 1) < 0 || strcmp(self, "1") != 0)
		ret = child_fail("/proc/self -> \"%s\", expected \"1\"", self);
	kill(sib, SIGKILL);
	waitpid(sib, NULL, 0);
	return ret;
}

TEST(pid_ns_init_is_pid1_and_sees_only_its_processes)
{
	REQUIRE_PROBE("ns.pid");
	REQUIRE_PROBE("ns.mnt");
	ASSERT_EQ(0, unshare(CLONE_NEWPID | CLONE_NEWNS)) TH_LOG("unshare: %s", strerror(errno));
	ASSERT_EQ(0, mount("none", "/", "none", MS_REC | MS_PRIVATE, NULL));
	ASSERT_EQ(0, run_child(pid1_main, NULL));
	/* The test process itself stays in the old pid ns. */
	ASSERT_NE(1, getpid());
}

/* --- uts --- */

static int set_hostname(void *arg)
{
	const char *name = arg;
	char got[64] = "";

	int err = unshare_new(CLONE_NEWUTS, "uts");

	if (err)
		return err;
	if (sethostname(name, strlen(name)) < 0)
		return errno;
	gethostname(got, sizeof(got));
	return strcmp(got, name) ? EPROTO : 0;
}

TEST(uts_hostname_set_inside_is_invisible_outside)
{
	char name[64], before[64] = "", after[64] = "";
	struct held h;

	REQUIRE_PROBE("ns.uts");
	snprintf(name, sizeof(name), "rlxc-t-uts-%d", (int)getpid());
	ASSERT_EQ(0, gethostname(before, sizeof(before)));
	ASSERT_STRNE(name, before);
	ASSERT_EQ(0, hold_child(&h, set_hostname, name));
	ASSERT_EQ(0, gethostname(after, sizeof(after)));
	EXPECT_STREQ(before, after);
	EXPECT_NE(ns_inode("self", "uts"), pid_ns_inode(h.pid, "uts"));
	ASSERT_EQ(0, release_child(&h));
}

/* --- ipc --- */

static int make_ipc_objects(void *arg)
{
	key_t key = *(const key_t *)arg;
	int err = unshare_new(CLONE_NEWIPC, "ipc");

	if (err)
		return err;
	if (msgget(key, IPC_CREAT | IPC_EXCL | 0600) < 0 ||
	    shmget(key, 4096, IPC_CREAT | IPC_EXCL | 0600) < 0)
		return errno;
	return msgget(key, 0) < 0 ? errno : 0;
}

/* 0 when neither a queue nor a segment with KEY is visible, else what is. */
static const char *ipc_seen(key_t key)
{
	if (msgget(key, 0) >= 0 || errno != ENOENT)
		return "msg queue";
	if (shmget(key, 0, 0) >= 0 || errno != ENOENT)
		return "shm segment";
	return NULL;
}

/* Remove what a failed test may have left on the host. */
static void remove_ipc(key_t key)
{
	int id = msgget(key, 0);

	if (id >= 0)
		msgctl(id, IPC_RMID, NULL);
	id = shmget(key, 0, 0);
	if (id >= 0)
		shmctl(id, IPC_RMID, NULL);
}

TEST(ipc_objects_made_inside_are_invisible_outside)
{
	key_t key = (key_t)(0x726c0000 | (getpid() & 0xffff));
	char ns[64], keytext[16];
	const char *seen;
	struct held h;
	int fd;

	REQUIRE_PROBE("ns.ipc");
	if (ipc_seen(key))
		SKIP(return, "the host already has SysV ipc key %#x", (unsigned)key);
	ASSERT_EQ(0, hold_child(&h, make_ipc_objects, &key));
	seen = ipc_seen(key);
	if (seen)
		remove_ipc(key);
	ASSERT_EQ(NULL, seen) TH_LOG("the host sees the child's %s", seen);
	snprintf(keytext, sizeof(keytext), "%d ", (int)key); /* the key column */
	EXPECT_EQ(0, file_has("/proc/sysvipc/msg", keytext));
	/* Positive control: entering the child's ipc ns shows them. */
	snprintf(ns, sizeof(ns), "/proc/%d/ns/ipc", (int)h.pid);
	fd = open(ns, O_RDONLY | O_CLOEXEC);
	ASSERT_LE(0, fd);
	ASSERT_EQ(0, setns(fd, CLONE_NEWIPC)) TH_LOG("setns: %s", strerror(errno));
	close(fd);
	EXPECT_LE(0, msgget(key, 0));
	EXPECT_LE(0, shmget(key, 0, 0));
	EXPECT_EQ(1, file_has("/proc/sysvipc/msg", keytext));
	ASSERT_EQ(0, release_child(&h));
}

/* --- net --- */

static int only_lo_down(void *arg)
{
	struct sockaddr_in addr = {
	    .sin_family = AF_INET, .sin_port = htons(9), .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
	struct ifreq ifr = {.ifr_name = "lo"};
	struct if_nameindex *ifs;
	int n = 0, s, ret = 0;

	(void)arg;
	if (unshare(CLONE_NEWNET) < 0)
		return child_fail("unshare(CLONE_NEWNET)");
	ifs = if_nameindex();
	if (!ifs)
		return child_fail("if_nameindex");
	while (ifs[n].if_index)
		n++;
	if (n != 1 || strcmp(ifs[0].if_name, "lo") != 0)
		ret = child_fail("%d interfaces, first \"%s\": expected only lo", n,
				 n ? ifs[0].if_name : "");
	if_freenameindex(ifs);
	s = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
	if (s < 0 || ioctl(s, SIOCGIFFLAGS, &ifr) < 0)
		return child_fail("socket/SIOCGIFFLAGS lo");
	if (ifr.ifr_flags & IFF_UP)
		ret = child_fail("lo is up in a fresh net ns");
	/* lo down: no route even to 127.0.0.1. */
	if (connect(s, (struct sockaddr *)&addr, sizeof(addr)) == 0 || errno != ENETUNREACH)
		ret = child_fail("connect to 127.0.0.1 with lo down: expected ENETUNREACH");
	close(s);
	return ret;
}

TEST(net_ns_has_only_lo_and_it_is_down)
{
	REQUIRE_PROBE("ns.net");
	ASSERT_EQ(0, run_child(only_lo_down, NULL));
}

/* --- mnt --- */

static int mount_marked_tmpfs(void *arg)
{
	const char *source = arg;
	int seen, err = unshare_new(CLONE_NEWNS, "mnt");

	if (err)
		return err;
	if (mount("none", "/", "none", MS_REC | MS_PRIVATE, NULL) < 0)
		return errno;
	if (mount(source, "/tmp", "tmpfs", MS_NOSUID | MS_NODEV, "size=64k") < 0)
		return errno;
	seen = file_has("/proc/self/mountinfo", source);
	return seen == 1 ? 0 : seen < 0 ? -seen : ENOENT;
}

TEST(mnt_tmpfs_mounted_inside_is_not_in_parent_mountinfo)
{
	char source[64], theirs[64];
	struct held h;

	REQUIRE_PROBE("ns.mnt");
	snprintf(source, sizeof(source), "rlxc-t-mnt-%d", (int)getpid());
	ASSERT_EQ(0, file_has("/proc/self/mountinfo", source));
	ASSERT_EQ(0, hold_child(&h, mount_marked_tmpfs, source));
	snprintf(theirs, sizeof(theirs), "/proc/%d/mountinfo", (int)h.pid);
	EXPECT_EQ(1, file_has(theirs, source));
	EXPECT_EQ(0, file_has("/proc/self/mountinfo", source));
	ASSERT_EQ(0, release_child(&h));
}

/* --- user --- */

struct userns_child {
	int ready[2]; /* child -> test: unshared, then the result */
	int go[2];    /* test -> child: maps written; closed: exit */
};

/* Unshare a user ns, wait for the maps, become uid/gid 0 in it. */
static void userns_child_main(struct userns_child *u)
{
	int err = 0;
	char c;

	close(u->ready[0]);
	close(u->go[1]);
	if (unshare(CLONE_NEWUSER) < 0)
		err = errno;
	if (write(u->ready[1], &err, sizeof(err)) != sizeof(err) || err ||
	    read(u->go[0], &c, 1) != 1)
		_exit(1);
	if (setresgid(0, 0, 0) < 0 || setresuid(0, 0, 0) < 0)
		err = errno;
	else if (getuid() != 0 || getgid() != 0)
		err = EPROTO;
	if (write(u->ready[1], &err, sizeof(err)) != sizeof(err) || err)
		_exit(1);
	_exit(read(u->go[0], &c, 1) == 0 ? 0 : 1);
}

static int write_proc(pid_t pid, const char *file, const char *text)
{
	char path[64];
	int fd, ret = 0;

	snprintf(path, sizeof(path), "/proc/%d/%s", (int)pid, file);
	fd = open(path, O_WRONLY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	if (write(fd, text, strlen(text)) != (ssize_t)strlen(text))
		ret = -errno;
	close(fd);
	return ret;
}

/* The first (real) id of the "Uid:" or "Gid:" line of /proc/PID/status. */
static long status_id(pid_t pid, const char *key)
{
	char path[64], *line = NULL;
	size_t cap = 0;
	long id = -1;
	FILE *f;

	snprintf(path, sizeof(path), "/proc/%d/status", (int)pid);
	f = fopen(path, "re");
	if (!f)
		return -1;
	while (id < 0 && getline(&line, &cap, f) > 0)
		if (strncmp(line, key, strlen(key)) == 0)
			id = strtol(line + strlen(key), NULL, 10);
	free(line);
	fclose(f);
	return id;
}

/*
 * Root inside maps to OUTER outside: our own uid, or, when we are root, an
 * unused uid so that "0 inside" and "0 outside" cannot be confused.
 */
TEST(user_ns_uid0_inside_is_our_uid_outside)
{
	uid_t outer = geteuid() ? geteuid() : 4242;
	gid_t outer_gid = geteuid() ? getegid() : 4242;
	struct userns_child u;
	char map[64];
	int err = -1;
	pid_t pid;

	REQUIRE_PROBE("ns.user");
	ASSERT_EQ(0, pipe2(u.ready, O_CLOEXEC));
	ASSERT_EQ(0, pipe2(u.go, O_CLOEXEC));
	fflush(stderr);
	pid = fork();
	ASSERT_LE(0, pid);
	if (pid == 0)
		userns_child_main(&u);
	close(u.ready[1]);
	close(u.go[0]);
	ASSERT_EQ(sizeof(err), read(u.ready[0], &err, sizeof(err)));
	ASSERT_EQ(0, err) TH_LOG("child: unshare(CLONE_NEWUSER): %s", strerror(err));
	snprintf(map, sizeof(map), "0 %u 1", (unsigned)outer);
	ASSERT_EQ(0, write_proc(pid, "uid_map", map));
	ASSERT_EQ(0, write_proc(pid, "setgroups", "deny"));
	snprintf(map, sizeof(map), "0 %u 1", (unsigned)outer_gid);
	ASSERT_EQ(0, write_proc(pid, "gid_map", map));
	ASSERT_EQ(1, write(u.go[1], "g", 1));
	ASSERT_EQ(sizeof(err), read(u.ready[0], &err, sizeof(err)));
	ASSERT_EQ(0, err) TH_LOG("child: become uid 0 inside: %s", strerror(err));
	EXPECT_EQ((long)outer, status_id(pid, "Uid:"));
	EXPECT_EQ((long)outer_gid, status_id(pid, "Gid:"));
	close(u.go[1]);
	close(u.ready[0]);
	ASSERT_EQ(pid, waitpid(pid, &err, 0));
	ASSERT_EQ(0, err);
}

/* --- cgroup --- */

FIXTURE(cgroup)
{
	char dir[512];	/* scratch v2 cgroup, "" when none */
	char path[256]; /* its path as /proc/PID/cgroup shows it */
};

/* Where cgroup2 is mounted, from our mountinfo. */
static int cgroup2_mount(char *buf, size_t len)
{
	FILE *f = fopen("/proc/self/mountinfo", "re");
	char *line = NULL, mnt[256], *sep;
	size_t cap = 0;
	int ret = -ENOENT;

	if (!f)
		return -errno;
	while (ret && getline(&line, &cap, f) > 0) {
		sep = strstr(line, " - cgroup2 ");
		if (sep && sscanf(line, "%*s %*s %*s %*s %255s", mnt) == 1) {
			snprintf(buf, len, "%s", mnt);
			ret = 0;
		}
	}
	free(line);
	fclose(f);
	return ret;
}

/* Our v2 cgroup: the "0::" line of /proc/self/cgroup, without a trailing "/". */
static int own_cgroup2(char *buf, size_t len)
{
	char *line = NULL;
	size_t cap = 0;
	int ret = -ENOENT;
	FILE *f = fopen("/proc/self/cgroup", "re");

	if (!f)
		return -errno;
	while (ret && getline(&line, &cap, f) > 0)
		if (strncmp(line, "0::", 3) == 0) {
			line[strcspn(line, "\n")] = '\0';
			snprintf(buf, len, "%s", strcmp(line + 3, "/") ? line + 3 : "");
			ret = 0;
		}
	free(line);
	fclose(f);
	return ret;
}

FIXTURE_SETUP(cgroup)
{
	char mnt[256], own[128];

	self->dir[0] = '\0';
	if (geteuid() != 0 || cgroup2_mount(mnt, sizeof(mnt)) < 0 ||
	    own_cgroup2(own, sizeof(own)) < 0)
		return;
	snprintf(self->path, sizeof(self->path), "%s/rlxc-t-%d", own, (int)getpid());
	snprintf(self->dir, sizeof(self->dir), "%s%s", mnt, self->path);
	if (mkdir(self->dir, 0755) < 0) {
		TH_LOG("mkdir %s: %s", self->dir, strerror(errno));
		self->dir[0] = '\0';
	}
}

FIXTURE_TEARDOWN_PARENT(cgroup)
{
	/* The child may still be exiting: give it a moment to leave. */
	for (int i = 0; self->dir[0] && i < 200; i++) {
		if (rmdir(self->dir) == 0 || errno != EBUSY)
			break;
		usleep(5000);
	}
}

/* Join the scratch cgroup, unshare: every line of /proc/self/cgroup says "/". */
static int cgroup_ns_child(void *arg)
{
	const char *dir = arg;
	char procs[600], *line = NULL;
	size_t cap = 0;
	int fd, ret = 0;
	FILE *f;

	snprintf(procs, sizeof(procs), "%s/cgroup.procs", dir);
	fd = open(procs, O_WRONLY | O_CLOEXEC);
	if (fd < 0 || write(fd, "0", 1) != 1)
		return errno;
	close(fd);
	if (unshare(CLONE_NEWCGROUP) < 0)
		return errno;
	f = fopen("/proc/self/cgroup", "re");
	if (!f)
		return errno;
	while (getline(&line, &cap, f) > 0) {
		if (strcmp(strrchr(line, ':'), ":/\n") == 0)
			continue;
		child_fail("after unshare, /proc/self/cgroup has %s", line);
		ret = EPROTO;
	}
	free(line);
	fclose(f);
	return ret;
}

TEST_F(cgroup, cgroup_ns_shows_root_after_unshare)
{
	char theirs[64], want[300];
	struct held h;

	REQUIRE_PROBE("ns.cgroup");
	REQUIRE_ROOT();
	if (!self->dir[0])
		SKIP(return, "could not make a scratch cgroup2 cgroup (see log)");
	ASSERT_EQ(0, hold_child(&h, cgroup_ns_child, self->dir));
	/* Outside, the child is still in the scratch cgroup. */
	snprintf(theirs, sizeof(theirs), "/proc/%d/cgroup", (int)h.pid);
	snprintf(want, sizeof(want), "0::%s\n", self->path);
	EXPECT_EQ(1, file_has(theirs, want)) TH_LOG("%s lacks %s", theirs, want);
	ASSERT_EQ(0, release_child(&h));
}

/* --- time --- */

#define MONO_OFFSET 1000
#define BOOT_OFFSET 2000
#define SLACK_S	    20

struct clocks {
	double mono, boot;
};

/* The seconds of CLOCK's line in /proc/self/timens_offsets, -1 if absent. */
static long timens_offset(const char *clock)
{
	FILE *f = fopen("/proc/self/timens_offsets", "re");
	char name[16];
	long sec, nsec, found = -1;

	if (!f)
		return -1;
	while (found < 0 && fscanf(f, "%15s %ld %ld", name, &sec, &nsec) == 3)
		if (strcmp(name, clock) == 0)
			found = sec;
	fclose(f);
	return found;
}

static int shifted_clocks(void *arg)
{
	const struct clocks *before = arg;
	double mono = clock_s(CLOCK_MONOTONIC) - before->mono;
	double boot = clock_s(CLOCK_BOOTTIME) - before->boot;

	if (mono < MONO_OFFSET || mono > MONO_OFFSET + SLACK_S)
		return child_fail("CLOCK_MONOTONIC moved by %.1fs, expected %d", mono, MONO_OFFSET);
	if (boot < BOOT_OFFSET || boot > BOOT_OFFSET + SLACK_S)
		return child_fail("CLOCK_BOOTTIME moved by %.1fs, expected %d", boot, BOOT_OFFSET);
	if (timens_offset("monotonic") != MONO_OFFSET)
		return child_fail("/proc/self/timens_offsets lacks the monotonic offset");
	return 0;
}

TEST(time_ns_offsets_apply_to_the_child_only)
{
	char offsets[64];
	struct clocks before;
	int fd;

	REQUIRE_PROBE("ns.time");
	ASSERT_EQ(0, unshare(CLONE_NEWTIME)) TH_LOG("unshare: %s", strerror(errno));
	snprintf(offsets, sizeof(offsets), "monotonic %d 0\nboottime %d 0\n", MONO_OFFSET,
		 BOOT_OFFSET);
	fd = open("/proc/self/timens_offsets", O_WRONLY | O_CLOEXEC);
	ASSERT_LE(0, fd);
	ASSERT_EQ((ssize_t)strlen(offsets), write(fd, offsets, strlen(offsets)))
	TH_LOG("write timens_offsets: %s", strerror(errno));
	close(fd);
	before.mono = clock_s(CLOCK_MONOTONIC);
	before.boot = clock_s(CLOCK_BOOTTIME);
	ASSERT_EQ(0, run_child(shifted_clocks, &before));
	/* The unsharing process itself keeps its clocks. */
	EXPECT_GT(SLACK_S, clock_s(CLOCK_MONOTONIC) - before.mono);
}

TEST_HARNESS_MAIN
