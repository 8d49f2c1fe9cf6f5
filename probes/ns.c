// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Namespaces: unshare each kind for real in the probe's child and look at
 * the effect (a new /proc/self/ns inode, pid 1 in a child, a hostname, only
 * "lo", "/" in /proc/self/cgroup, a shifted CLOCK_MONOTONIC).
 */
#include "probe_impl.h"
#include "kernel/syscalls.h"

#include <errno.h>
#include <net/if.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ipc.h>
#include <sys/mount.h>
#include <sys/msg.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#define CHILD_TIMEOUT_MS 2000
#define TIME_OFFSET_S	 86400

/* The inode of /proc/self/ns/NAME; 0 when unreadable. */
static ino_t ns_inode(const char *name)
{
	char path[64];
	struct stat st;

	snprintf(path, sizeof(path), "/proc/self/ns/%s", name);
	if (stat(path, &st) < 0)
		return 0;
	return st.st_ino;
}

/*
 * unshare(flag) and check that /proc/self/ns/NAME now names another
 * namespace. 0 or -errno (-ESRCH: the inode did not change).
 */
static int unshare_checked(struct probe_out *out, int flag, const char *flag_name, const char *name)
{
	ino_t before = ns_inode(name), after;

	if (unshare(flag) < 0)
		return -errno;
	after = ns_inode(name);
	probe_say(out, "unshare(%s) = 0", flag_name);
	if (before && after && before == after) {
		probe_say(out, "/proc/self/ns/%s unchanged (inode %lu)", name,
			  (unsigned long)after);
		return -ESRCH;
	}
	probe_say(out, "/proc/self/ns/%s: new inode", name);
	return 0;
}

/* unshare_checked() turned into a verdict for the tries that need nothing else. */
static enum probe_verdict unshare_verdict(struct probe_out *out, int flag, const char *flag_name,
					  const char *name)
{
	int err = unshare_checked(out, flag, flag_name, name);

	if (err == -ESRCH)
		return PROBE_NO;
	if (err < 0) {
		char what[64];

		snprintf(what, sizeof(what), "unshare(%s)", flag_name);
		return probe_fail(out, -err, what);
	}
	return PROBE_YES;
}

PROBE_TRY(try_ns_mnt)
{
	enum probe_verdict v = unshare_verdict(out, CLONE_NEWNS, "CLONE_NEWNS", "mnt");

	if (v != PROBE_YES)
		return v;
	if (mount("none", "/", "none", MS_REC | MS_PRIVATE, NULL) < 0)
		return probe_fail(out, errno, "mount(/, MS_REC|MS_PRIVATE)");
	probe_say(out, "/ made rprivate");
	return PROBE_YES;
}

static int child_is_pid1(void *arg)
{
	(void)arg;
	return getpid() == 1 ? 0 : 1;
}

PROBE_TRY(try_ns_pid)
{
	int st;

	if (unshare(CLONE_NEWPID) < 0)
		return probe_fail(out, errno, "unshare(CLONE_NEWPID)");
	probe_say(out, "unshare(CLONE_NEWPID) = 0");
	st = rlxc_run_child(child_is_pid1, NULL, CHILD_TIMEOUT_MS);
	if (st < 0)
		return probe_fail(out, errno, "fork into the new pid ns");
	if (st != 0) {
		probe_say(out, "child is not pid 1");
		return PROBE_NO;
	}
	probe_say(out, "child is pid 1");
	return PROBE_YES;
}

PROBE_TRY(try_ns_uts)
{
	static const char name[] = "rlxc-probe";
	char got[sizeof(name) + 1] = "";
	enum probe_verdict v = unshare_verdict(out, CLONE_NEWUTS, "CLONE_NEWUTS", "uts");

	if (v != PROBE_YES)
		return v;
	if (sethostname(name, strlen(name)) < 0)
		return probe_fail(out, errno, "sethostname");
	if (gethostname(got, sizeof(got)) < 0 || strcmp(got, name) != 0) {
		probe_say(out, "hostname reads back as \"%s\"", got);
		return PROBE_NO;
	}
	probe_say(out, "sethostname ok");
	return PROBE_YES;
}

PROBE_TRY(try_ns_ipc)
{
	enum probe_verdict v = unshare_verdict(out, CLONE_NEWIPC, "CLONE_NEWIPC", "ipc");
	int id;

	if (v != PROBE_YES)
		return v;
	id = msgget(IPC_PRIVATE, IPC_CREAT | 0600);
	if (id < 0)
		return probe_fail(out, errno, "msgget in the new ipc ns");
	msgctl(id, IPC_RMID, NULL);
	probe_say(out, "msgget/IPC_RMID ok (id %d)", id);
	return PROBE_YES;
}

PROBE_TRY(try_ns_net)
{
	enum probe_verdict v = unshare_verdict(out, CLONE_NEWNET, "CLONE_NEWNET", "net");
	struct if_nameindex *ifs;
	size_t n = 0;
	bool only_lo;

	if (v != PROBE_YES)
		return v;
	ifs = if_nameindex();
	if (!ifs)
		return probe_fail(out, errno, "if_nameindex");
	while (ifs[n].if_index)
		n++;
	only_lo = n == 1 && strcmp(ifs[0].if_name, "lo") == 0;
	probe_say(out, "%zu interface(s)%s", n, only_lo ? ": lo" : ", expected only lo");
	if_freenameindex(ifs);
	return only_lo ? PROBE_YES : PROBE_NO;
}

/* Write the three maps that make us root of a new user namespace. */
static int map_self_to_root(uid_t uid, gid_t gid)
{
	char map[64];
	int err;

	err = rlxc_file_write("/proc/self/setgroups", "deny");
	if (err < 0 && err != -ENOENT)
		return err;
	snprintf(map, sizeof(map), "0 %u 1", (unsigned)uid);
	err = rlxc_file_write("/proc/self/uid_map", map);
	if (err < 0)
		return err;
	snprintf(map, sizeof(map), "0 %u 1", (unsigned)gid);
	return rlxc_file_write("/proc/self/gid_map", map);
}

PROBE_TRY(try_ns_user)
{
	uid_t uid = geteuid();
	gid_t gid = getegid();
	int err;

	err = unshare_checked(out, CLONE_NEWUSER, "CLONE_NEWUSER", "user");
	if (err == -ENOSPC) {
		probe_reason(out, "user.max_user_namespaces is exhausted or 0");
		return probe_fail(out, ENOSPC, "unshare(CLONE_NEWUSER)");
	}
	if (err == -ESRCH)
		return PROBE_NO;
	if (err < 0)
		return probe_fail(out, -err, "unshare(CLONE_NEWUSER)");
	err = map_self_to_root(uid, gid);
	if (err < 0) {
		probe_say(out, "writing uid_map/gid_map \"0 %u 1\": %s", (unsigned)uid,
			  strerror(-err));
		return PROBE_PARTIAL;
	}
	if (getuid() != 0) {
		probe_say(out, "uid %u after the map, expected 0", (unsigned)getuid());
		return PROBE_PARTIAL;
	}
	probe_say(out, "uid_map \"0 %u 1\" written; uid 0 inside", (unsigned)uid);
	return PROBE_YES;
}

PROBE_TRY(try_ns_user_max)
{
	char buf[32];
	long max;
	int err;

	err = rlxc_file_read("/proc/sys/user/max_user_namespaces", buf, sizeof(buf));
	if (err < 0)
		return probe_fail(out, -err, "read /proc/sys/user/max_user_namespaces");
	max = strtol(buf, NULL, 10);
	probe_say(out, "user.max_user_namespaces = %ld", max);
	if (max > 0) {
		probe_reason(out, "user.max_user_namespaces is %ld", max);
		return PROBE_YES;
	}
	probe_reason(out, "user.max_user_namespaces is %ld: no user namespace can be created", max);
	return PROBE_NO;
}

/* Every line of /proc/self/cgroup ends in ":/". */
static bool cgroup_all_root(const char *text)
{
	const char *line = text;

	while (*line) {
		const char *nl = strchrnul(line, '\n');

		if (nl > line && (nl - line < 2 || nl[-1] != '/' || nl[-2] != ':'))
			return false;
		line = *nl ? nl + 1 : nl;
	}
	return true;
}

PROBE_TRY(try_ns_cgroup)
{
	enum probe_verdict v = unshare_verdict(out, CLONE_NEWCGROUP, "CLONE_NEWCGROUP", "cgroup");
	char buf[1024];
	int err;

	if (v != PROBE_YES)
		return v;
	err = rlxc_file_read("/proc/self/cgroup", buf, sizeof(buf));
	if (err < 0)
		return probe_fail(out, -err, "read /proc/self/cgroup");
	if (!cgroup_all_root(buf)) {
		probe_say(out, "/proc/self/cgroup does not show \"/\"");
		return PROBE_NO;
	}
	probe_say(out, "/proc/self/cgroup shows \"/\"");
	return PROBE_YES;
}

static double monotonic_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

/* In the new time ns: the offset is listed and CLOCK_MONOTONIC moved by it. */
static int child_sees_offset(void *arg)
{
	double before = *(const double *)arg, shift = monotonic_s() - before;
	char buf[128];
	long sec;

	if (rlxc_file_read("/proc/self/timens_offsets", buf, sizeof(buf)) < 0)
		return 2;
	if (sscanf(buf, "monotonic %ld", &sec) != 1 || sec != TIME_OFFSET_S)
		return 3;
	return shift >= TIME_OFFSET_S && shift < TIME_OFFSET_S + 60 ? 0 : 4;
}

PROBE_TRY(try_ns_time)
{
	char offset[32];
	double before;
	int err, st;

	if (unshare(CLONE_NEWTIME) < 0)
		return probe_fail(out, errno, "unshare(CLONE_NEWTIME)");
	probe_say(out, "unshare(CLONE_NEWTIME) = 0");
	snprintf(offset, sizeof(offset), "monotonic %d 0", TIME_OFFSET_S);
	err = rlxc_file_write("/proc/self/timens_offsets", offset);
	if (err < 0)
		return probe_fail(out, -err, "write /proc/self/timens_offsets");
	before = monotonic_s();
	st = rlxc_run_child(child_sees_offset, &before, CHILD_TIMEOUT_MS);
	if (st < 0)
		return probe_fail(out, errno, "fork into the new time ns");
	if (st != 0) {
		probe_say(out, "child: %s",
			  st == 4 ? "CLOCK_MONOTONIC not shifted"
				  : "offset missing from /proc/self/timens_offsets");
		return PROBE_NO;
	}
	probe_say(out, "child sees CLOCK_MONOTONIC +%ds", TIME_OFFSET_S);
	return PROBE_YES;
}
