// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * A privileged container cannot reach the host (issue 9's first attack):
 * before, the default busybox container remounted /proc/sys read-write
 * and then wrote the host's vm.swappiness and kernel.core_pattern, wrote
 * /proc/sysrq-trigger, and read the host's kernel log through mknod c 1 11.
 * Here each of those fails, in a container started and attached to and in
 * an application container: the OCI default capability set (no
 * sys_admin), /proc/sys and its like read-only, runc's masked paths, the
 * device allowlist, a seccomp filter, /dev/shm of a bounded size.
 *
 * The attacks on host sysctls write the value the host has already, so
 * that one that works changes nothing; the test checks the values after
 * and writes back what it read if one moved.
 */
#include "kselftest_harness.h"
#include "probe_skip.h"
#include "rlxc_run.h"
#include "rlxc_store.h"
#include "runtime_fixture.h"
#include "test_util.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <unistd.h>

/* The OCI default set (runc's), as far as this test's own bounding set
 * has it: a host may lack some (CapBnd: in hex). */
static void oci_bounding(char *buf, size_t len)
{
	static const int oci[] = { 0, 1, 3, 4, 5, 6, 7, 8, 10, 13, 18, 27, 29, 31 };
	unsigned long long want = 0;

	for (size_t i = 0; i < sizeof(oci) / sizeof(oci[0]); i++)
		if (prctl(PR_CAPBSET_READ, oci[i]) == 1)
			want |= 1ULL << oci[i];
	snprintf(buf, len, "CapBnd:\t%016llx", want);
}

/* Host sysctls the attacks aim at. An attack writes the value the host
 * has already, so that one that works changes nothing; the test still
 * compares the values after, and writes back what it read if one moved. */
struct knobs {
	char core_pattern[256], swappiness[32];
};

static void read_knobs(struct knobs *k)
{
	memset(k, 0, sizeof(*k));
	get_file("/proc/sys/kernel/core_pattern", k->core_pattern, sizeof(k->core_pattern));
	get_file("/proc/sys/vm/swappiness", k->swappiness, sizeof(k->swappiness));
	k->core_pattern[strcspn(k->core_pattern, "\n")] = '\0';
	k->swappiness[strcspn(k->swappiness, "\n")] = '\0';
}

static void check_knobs(struct __test_metadata *_metadata, const struct knobs *before)
{
	struct knobs after;

	read_knobs(&after);
	EXPECT_STREQ(before->core_pattern, after.core_pattern);
	EXPECT_STREQ(before->swappiness, after.swappiness);
	if (strcmp(before->core_pattern, after.core_pattern))
		put_file("/proc/sys/kernel/core_pattern", before->core_pattern);
	if (strcmp(before->swappiness, after.swappiness))
		put_file("/proc/sys/vm/swappiness", before->swappiness);
}

/* Every attack of issue 9 on the host's knobs, as one script: each line
 * prints "NAME 0" when the attack worked. */
static void attacks(const struct knobs *k, char *buf, size_t len)
{
	snprintf(buf, len,
		 "mount -o remount,rw /proc/sys 2>/dev/null; echo remount_proc_sys $?; "
		 "echo '%s' 2>/dev/null >/proc/sys/kernel/core_pattern; echo core_pattern $?; "
		 "echo '%s' 2>/dev/null >/proc/sys/vm/swappiness; echo swappiness $?; "
		 "echo h 2>/dev/null >/proc/sysrq-trigger; echo sysrq $?; "
		 "umount /proc/sys 2>/dev/null; echo umount_proc_sys $?; "
		 "umount /proc/keys 2>/dev/null; echo unmask $?; "
		 "mount -t proc proc /mnt 2>/dev/null; echo new_proc $?; "
		 "rm -f /tmp/k; mknod /tmp/k c 1 11 2>/dev/null && head -c 1 /tmp/k >/dev/null 2>&1; "
		 "echo kmsg $?; ",
		 k->core_pattern, k->swappiness);
}

static void expect_all_failed(struct __test_metadata *_metadata, const char *out)
{
	static const char *const names[] = { "remount_proc_sys", "core_pattern", "swappiness",
					     "sysrq",		 "umount_proc_sys", "unmask",
					     "new_proc",	 "kmsg" };
	char line[64];

	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		snprintf(line, sizeof(line), "%s 0\n", names[i]);
		EXPECT_EQ(NULL, strstr(out, line)) TH_LOG("%s worked: %s", names[i], out);
		snprintf(line, sizeof(line), "%s ", names[i]);
		EXPECT_NE(NULL, strstr(out, line)) TH_LOG("%s did not run: %s", names[i], out);
	}
}

/* A device list needs the v1 controller or a cgroup2 device program. */
static void require_devices(struct __test_metadata *_metadata)
{
	const struct probe_result *v1 = probe_get("cgroup.v1.devices");
	const struct probe_result *v2 = probe_get("cgroup.v2.devices");

	if ((!v1 || v1->verdict != PROBE_YES) && (!v2 || v2->verdict != PROBE_YES))
		SKIP(return, "no device control on this host: %s; %s",
		     v1 ? v1->reason : "no probe cgroup.v1.devices",
		     v2 ? v2->reason : "no probe cgroup.v2.devices");
}

/* A privileged container (create --privileged): this file's attacks are on
 * one; an unprivileged container's root is not the host's at all
 * (unpriv_test.c). */
static void create_privileged(struct __test_metadata *_metadata, const char *name)
{
	struct run r;

	OK(&r, "create", "-n", name, "--privileged");
	run_free(&r);
}

/* Start NAME, made already, and run every attack in it by attach. */
static void attack_by_attach(struct __test_metadata *_metadata, const char *name)
{
	struct knobs before;
	char script[1024];
	struct run r;

	read_knobs(&before);
	attacks(&before, script, sizeof(script));
	OK(&r, "start", "-n", name);
	run_free(&r);
	RLXC(&r, "attach", "-n", name, "--", "/bin/sh", "-c", script);
	check_knobs(_metadata, &before);
	expect_all_failed(_metadata, r.out);
	run_free(&r);
}

TEST_F_TIMEOUT(rt, attached_process_cannot_reach_the_host, 90)
{
	struct run r;

	REQUIRE_ROOT();
	require_devices(_metadata);
	create_privileged(_metadata, self->t.name);
	attack_by_attach(_metadata, self->t.name);
	OK(&r, "stop", "-n", self->t.name);
	run_free(&r);
}

/* The default container, unprivileged: the same attacks fail there, the
 * remounts and unmounts too (no sys_admin: its mounts are not locked). */
TEST_F_TIMEOUT(rt, default_container_cannot_reach_the_host, 90)
{
	struct run r;

	REQUIRE_ROOT();
	REQUIRE_PROBE("ns.user");
	require_devices(_metadata);
	create(_metadata, self->t.name);
	attack_by_attach(_metadata, self->t.name);
	OK(&r, "attach", "-n", self->t.name, "--", "grep", "CapBnd", "/proc/self/status");
	EXPECT_STREQ("CapBnd:\t00000000a80425fb\n", r.out);
	run_free(&r);
	OK(&r, "stop", "-n", self->t.name);
	run_free(&r);
}

TEST_F_TIMEOUT(rt, application_container_cannot_reach_the_host, 60)
{
	struct knobs before;
	char script[1024];
	struct run r;

	REQUIRE_ROOT();
	require_devices(_metadata);
	read_knobs(&before);
	attacks(&before, script, sizeof(script));
	create_privileged(_metadata, self->t.name);
	RLXC(&r, "execute", "-n", self->t.name, "--", "/bin/sh", "-c", script);
	check_knobs(_metadata, &before);
	expect_all_failed(_metadata, r.out);
	run_free(&r);
}

/* A privileged container's bounding set is the OCI default one. */
TEST_F_TIMEOUT(rt, privileged_bounding_set_is_the_oci_default, 60)
{
	char want[64];
	struct run r;

	REQUIRE_ROOT();
	oci_bounding(want, sizeof(want));
	create_privileged(_metadata, self->t.name);
	RLXC(&r, "execute", "-n", self->t.name, "--", "grep", "CapBnd", "/proc/self/status");
	EXPECT_EQ(0, r.status) TH_LOG("%s", r.err);
	EXPECT_NE(NULL, strstr(r.out, want)) TH_LOG("want %s: %s", want, r.out);
	run_free(&r);
}

/* runc's masked paths read as nothing (where this kernel has them), and
 * the read-only ones are mounted read-only. */
TEST_F_TIMEOUT(rt, masked_paths_show_nothing, 60)
{
	static const char script[] =
		"for f in /proc/kcore /proc/keys /proc/timer_list /proc/sched_debug; do "
		"  [ -e $f ] || continue; n=$(head -c 64 $f 2>/dev/null | wc -c); echo $f $n; done; "
		"echo firmware $(ls -A /sys/firmware | wc -l); "
		"for d in /proc/sys /proc/sysrq-trigger /proc/irq /proc/bus /proc/fs; do "
		"  [ -e $d ] || continue; grep -q \" $d [a-z0-9]* ro,\" /proc/mounts && echo $d ro; done";
	char line[64];
	struct run r;

	REQUIRE_ROOT();
	create(_metadata, self->t.name);
	RLXC(&r, "execute", "-n", self->t.name, "--", "/bin/sh", "-c", script);
	EXPECT_EQ(0, r.status) TH_LOG("%s", r.err);
	EXPECT_NE(NULL, strstr(r.out, "firmware 0\n")) TH_LOG("%s", r.out);
	EXPECT_NE(NULL, strstr(r.out, "/proc/sys ro\n")) TH_LOG("%s", r.out);
	if (access("/proc/keys", F_OK) == 0)
		EXPECT_NE(NULL, strstr(r.out, "/proc/keys 0\n")) TH_LOG("%s", r.out);
	if (access("/proc/timer_list", F_OK) == 0)
		EXPECT_NE(NULL, strstr(r.out, "/proc/timer_list 0\n")) TH_LOG("%s", r.out);
	if (access("/proc/sysrq-trigger", F_OK) == 0)
		EXPECT_NE(NULL, strstr(r.out, "/proc/sysrq-trigger ro\n")) TH_LOG("%s", r.out);
	if (access("/proc/irq", F_OK) == 0) {
		snprintf(line, sizeof(line), "/proc/irq ro\n");
		EXPECT_NE(NULL, strstr(r.out, line)) TH_LOG("%s", r.out);
	}
	run_free(&r);
}

/* /dev/shm: 64 MiB and noexec by default, lxc.dev.shm.size sets it. */
TEST_F_TIMEOUT(rt, dev_shm_is_bounded, 60)
{
	static const char script[] = "df -k /dev/shm | tail -1 | awk '{print $2}'; "
				     "grep ' /dev/shm ' /proc/mounts | grep -c noexec";
	char conf[128];
	struct run r;

	REQUIRE_ROOT();
	create(_metadata, self->t.name);
	RLXC(&r, "execute", "-n", self->t.name, "--", "/bin/sh", "-c", script);
	EXPECT_STREQ("65536\n1\n", r.out) TH_LOG("%s", r.err);
	run_free(&r);
	snprintf(conf, sizeof(conf), "%s/shm.conf", self->t.run);
	ASSERT_EQ(0, put_file(conf, "lxc.dev.shm.size = 8m\n"));
	RLXC(&r, "execute", "-n", self->t.name, "-f", conf, "--", "/bin/sh", "-c", script);
	EXPECT_STREQ("8192\n1\n", r.out) TH_LOG("%s", r.err);
	run_free(&r);
}

TEST_HARNESS_MAIN
