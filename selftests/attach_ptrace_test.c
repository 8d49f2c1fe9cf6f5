// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Attach enters safely (issue 9): a process of the container that may
 * ptrace watches every new pid while rlxc attach runs, and grabs each one
 * the moment it sees it: PTRACE_SEIZE (and a stop, to look at it while it
 * is held), then opens of /proc/PID/mem and /proc/PID/exe. Whatever it
 * gets hold of must hold no capability the container lacks (its init's
 * CapBnd); while it is rlxc, not yet the command, it must hold no fd but
 * 0-2 and a socket, be under a seccomp filter and in the container's
 * cgroups; and its exe must never be the host's rlxc binary, nor open for
 * writing.
 *
 * The seizer is the small helper below: a process that joins the
 * container from the host as a process of it would be (its user, pid and
 * mount namespaces, root there, the container's capabilities only),
 * reporting on a pipe. The containers: privileged, keeping only
 * sys_ptrace (its root is the host's, with CAP_SYS_PTRACE: nothing keeps
 * it from a process it can see), privileged with the default set, and in
 * a user namespace keeping only sys_ptrace (in those two nothing of rlxc
 * may be in its reach until the command runs).
 */
#include "kselftest_harness.h"
#include "probe_skip.h"
#include "rlxc_info.h"
#include "rlxc_run.h"
#include "rlxc_store.h"
#include "test_util.h"

#include <dirent.h>
#include <fcntl.h>
#include <limits.h>
#include <poll.h>
#include <sched.h>
#include <signal.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/capability.h>
#include <sys/prctl.h>
#include <sys/ptrace.h>
#include <sys/stat.h>
#include <time.h>

#ifndef FIXTURE_TEARDOWN_PARENT
#define FIXTURE_TEARDOWN_PARENT FIXTURE_TEARDOWN
#endif

#define PID_BITS      (1U << 22) /* the kernel's PID_MAX_LIMIT */
#define WATCH_SECONDS 100	 /* a seizer left alone ends by itself */

/* What the seizer compares against. */
struct target {
	uint64_t caps; /* the container's: its init's CapBnd */
	dev_t dev;     /* the host's rlxc binary */
	ino_t ino;
	bool userns; /* the container has a user namespace */
};

struct tally {
	int held;  /* processes it got hold of */
	int setup; /* of them, rlxc before it exec'ed the command */
};

/* KEY's hex mask in a /proc/PID/status text; 0 when it has none. */
static uint64_t status_mask(const char *text, const char *key)
{
	const char *p = strstr(text, key);

	return p ? strtoull(p + strlen(key), NULL, 16) : 0;
}

/*
 * The seizer: runs in the container's pid namespace.
 */

/* Every capability set of PID within the container's. */
static void judge_caps(FILE *out, pid_t pid, const char *how, const struct target *t)
{
	static const char *const sets[] = { "CapInh:", "CapPrm:", "CapEff:", "CapBnd:", "CapAmb:" };
	char path[64], text[4096];

	snprintf(path, sizeof(path), "/proc/%d/status", (int)pid);
	if (get_file(path, text, sizeof(text)) < 0)
		return; /* gone */
	for (size_t i = 0; i < sizeof(sets) / sizeof(sets[0]); i++)
		if (status_mask(text, sets[i]) & ~t->caps)
			fprintf(out,
				"VIOLATION pid %d through %s: %s %016llx, the container has "
				"%016llx\n",
				(int)pid, how, sets[i],
				(unsigned long long)status_mask(text, sets[i]),
				(unsigned long long)t->caps);
}

/* No fd of PID from 3 up but a socket (attach's sync socket). */
static void judge_fds(FILE *out, pid_t pid, const char *how)
{
	char path[64], link[PATH_MAX];
	struct dirent *de;
	ssize_t n;
	DIR *d;

	snprintf(path, sizeof(path), "/proc/%d/fd", (int)pid);
	if (!(d = opendir(path)))
		return;
	while ((de = readdir(d))) {
		if (atoi(de->d_name) < 3 ||
		    (n = readlinkat(dirfd(d), de->d_name, link, sizeof(link) - 1)) < 0)
			continue;
		link[n] = '\0';
		if (strncmp(link, "socket:", 7) != 0)
			fprintf(out, "VIOLATION pid %d through %s: fd %s is %s\n", (int)pid, how,
				de->d_name, link);
	}
	closedir(d);
}

/* /proc/PID/exe: never the host's binary, never writable. -1: it does
 * not open; 1: it is rlxc (before the command's exec); 0: something else. */
static int judge_exe(FILE *out, pid_t pid, const struct target *t, struct tally *n)
{
	char path[64], link[PATH_MAX] = "";
	struct stat st;
	bool host, rlxc;
	int fd;

	snprintf(path, sizeof(path), "/proc/%d/exe", (int)pid);
	if ((fd = open(path, O_RDONLY | O_CLOEXEC)) < 0)
		return -1;
	if (readlink(path, link, sizeof(link) - 1) < 0)
		link[0] = '\0';
	host = fstat(fd, &st) == 0 && st.st_dev == t->dev && st.st_ino == t->ino;
	close(fd);
	if (host)
		fprintf(out, "VIOLATION pid %d: its exe is the host's rlxc binary (%s)\n", (int)pid,
			link);
	if ((rlxc = host || !strncmp(link, "/memfd:rlxc", 11))) {
		n->setup++;
		fprintf(out, "rlxc pid %d: %s\n", (int)pid, link);
		fflush(out);
	}
	if ((fd = open(path, O_WRONLY | O_CLOEXEC)) >= 0) {
		fprintf(out, "VIOLATION pid %d: its exe (%s) opens for writing\n", (int)pid, link);
		close(fd);
	}
	return rlxc;
}

/* Under a seccomp filter (the container's: attach installs it before the
 * container can see the process). */
static void judge_seccomp(FILE *out, pid_t pid, const char *how)
{
	char path[64], text[4096], *p;

	snprintf(path, sizeof(path), "/proc/%d/status", (int)pid);
	if (get_file(path, text, sizeof(text)) == 0 && (p = strstr(text, "\nSeccomp:")) &&
	    atoi(p + strlen("\nSeccomp:")) != 2)
		fprintf(out, "VIOLATION pid %d through %s: no seccomp filter\n", (int)pid, how);
}

/* In the container's cgroups: where its init is (outside them a process
 * is outside the device list and the limits). */
static void judge_cgroup(FILE *out, pid_t pid, const char *how)
{
	char path[64], theirs[4096], init[4096];

	snprintf(path, sizeof(path), "/proc/%d/cgroup", (int)pid);
	if (get_file(path, theirs, sizeof(theirs)) == 0 &&
	    get_file("/proc/1/cgroup", init, sizeof(init)) == 0 && strcmp(theirs, init) != 0)
		fprintf(out, "VIOLATION pid %d through %s: not in the container's cgroups: %s\n",
			(int)pid, how, theirs);
}

/* Whether PID is the command /proc/self/exe (exec_of_proc_self_exe_...):
 * rlxc too by its exe, but the kernel names it "exe", after the path it
 * ran, and its fds are its own (its loader opens the container's libc). */
static bool is_proc_self_exe(pid_t pid)
{
	char path[64], comm[32] = "";
	FILE *f;

	snprintf(path, sizeof(path), "/proc/%d/comm", (int)pid);
	if (!(f = fopen(path, "re")))
		return false;
	if (!fgets(comm, sizeof(comm), f))
		comm[0] = '\0';
	fclose(f);
	return !strcmp(comm, "exe\n");
}

/* What we hold of PID: its capabilities; while it is rlxc (the command's
 * own fds are the container's business), its fds, filter and cgroups. */
static void judge(FILE *out, pid_t pid, const char *how, const struct target *t, struct tally *n)
{
	n->held++;
	judge_caps(out, pid, how, t);
	if (judge_exe(out, pid, t, n) == 1) {
		if (!is_proc_self_exe(pid))
			judge_fds(out, pid, how);
		judge_seccomp(out, pid, how);
		judge_cgroup(out, pid, how);
	}
}

/* Get hold of PID: seize it and stop it, so that what we look at is what
 * we held; else open its memory, else its exe. Whether any worked. */
static bool grab(FILE *out, pid_t pid, const struct target *t, struct tally *n)
{
	char path[64];
	int fd, st;

	if (ptrace(PTRACE_SEIZE, pid, 0, 0) == 0) {
		if (ptrace(PTRACE_INTERRUPT, pid, 0, 0) == 0)
			waitpid(pid, &st, __WALL);
		judge(out, pid, "PTRACE_SEIZE", t, n);
		ptrace(PTRACE_DETACH, pid, 0, 0);
		return true;
	}
	snprintf(path, sizeof(path), "/proc/%d/mem", (int)pid);
	if ((fd = open(path, O_RDONLY | O_CLOEXEC)) < 0) {
		snprintf(path, sizeof(path), "/proc/%d/exe", (int)pid);
		fd = open(path, O_PATH | O_CLOEXEC);
	}
	if (fd < 0)
		return false;
	judge(out, pid, strrchr(path, '/') + 1, t, n);
	close(fd);
	return true;
}

/* Each pid of /proc but init's and ours, until we got hold of it: tried
 * again at every pass, from the moment it appears. */
static void scan(FILE *out, const struct target *t, uint8_t *held, struct tally *n)
{
	struct dirent *de;
	DIR *d = opendir("/proc");

	while (d && (de = readdir(d))) {
		unsigned pid = (unsigned)atoi(de->d_name);

		if (pid <= 1 || pid >= PID_BITS || pid == (unsigned)getpid() ||
		    held[pid / 8] & (1U << (pid % 8)))
			continue;
		if (grab(out, (pid_t)pid, t, n))
			held[pid / 8] |= (uint8_t)(1U << (pid % 8));
	}
	if (d)
		closedir(d);
}

/* Until STOP is closed: a line for each violation ("VIOLATION ...") and
 * each rlxc held ("rlxc pid ..."), then "held N setup M". */
static int seize_loop(int stop, FILE *out, const struct target *t)
{
	struct pollfd p = { .fd = stop, .events = POLLIN };
	uint8_t *held = calloc(PID_BITS / 8, 1);
	time_t end = time(NULL) + WATCH_SECONDS;
	struct tally n = { 0 };

	if (!held)
		return 1;
	fprintf(out, "ready\n");
	fflush(out);
	while (poll(&p, 1, 0) == 0 && time(NULL) < end)
		scan(out, t, held, &n);
	fprintf(out, "held %d setup %d\n", n.held, n.setup);
	free(held);
	return fclose(out) == 0 ? 0 : 1;
}

/* Root of the container, with its capabilities only. */
static int as_container(const struct target *t)
{
	cap_t c = cap_init();
	int ret = 0;

	if (t->userns && (setresgid(0, 0, 0) < 0 || setresuid(0, 0, 0) < 0))
		return child_fail("become root of the container's user namespace: %m");
	for (cap_value_t v = 0; v <= cap_max_bits() - 1; v++) {
		if (!(t->caps & (1ULL << v)) && cap_drop_bound(v) < 0)
			return child_fail("drop capability %d from the bounding set: %m", v);
		if ((t->caps & (1ULL << v)) &&
		    (cap_set_flag(c, CAP_EFFECTIVE, 1, &v, CAP_SET) < 0 ||
		     cap_set_flag(c, CAP_PERMITTED, 1, &v, CAP_SET) < 0))
			ret = -1;
	}
	if (ret < 0 || cap_set_proc(c) < 0)
		ret = child_fail("take the container's capabilities: %m");
	cap_free(c);
	return ret;
}

/* From the host: into init's user (when it has one), pid and mount
 * namespaces, then fork into the pid namespace and seize. */
static int join(pid_t init, const struct target *t, int stop, int report)
{
	static const char *const ns[] = { "user", "pid", "mnt" };
	static const int flag[] = { CLONE_NEWUSER, CLONE_NEWPID, CLONE_NEWNS };
	char path[64];
	int status;
	pid_t pid;

	for (size_t i = t->userns ? 0 : 1; i < 3; i++) {
		int fd;

		snprintf(path, sizeof(path), "/proc/%d/ns/%s", (int)init, ns[i]);
		if ((fd = open(path, O_RDONLY | O_CLOEXEC)) < 0 || setns(fd, flag[i]) < 0)
			return child_fail("setns %s: %m", path);
		close(fd);
	}
	if ((pid = fork()) == 0) {
		FILE *out = fdopen(report, "w");

		if (!out || as_container(t) < 0 || prctl(PR_SET_PDEATHSIG, SIGKILL) < 0)
			_exit(1);
		_exit(seize_loop(stop, out, t));
	}
	close(report);
	close(stop);
	if (pid < 0 || waitpid(pid, &status, 0) < 0)
		return child_fail("fork into the container: %m");
	return WIFEXITED(status) ? WEXITSTATUS(status) : 1;
}

/*
 * The test's side.
 */

struct watch {
	pid_t pid; /* the joining process, on the host */
	int stop;  /* closing it ends the seizer */
	FILE *report;
};

/* Start a seizer and wait until it is watching. */
static int watch_start(struct watch *w, pid_t init, const struct target *t)
{
	int rep[2], stop[2];
	char line[64];

	if (pipe2(rep, O_CLOEXEC) < 0 || pipe2(stop, O_CLOEXEC) < 0)
		return -1;
	fflush(NULL);
	if ((w->pid = fork()) == 0) {
		close(rep[0]);
		close(stop[1]);
		_exit(join(init, t, stop[0], rep[1]));
	}
	close(rep[1]);
	close(stop[0]);
	w->stop = stop[1];
	w->report = fdopen(rep[0], "r");
	if (w->pid < 0 || !w->report || !fgets(line, sizeof(line), w->report))
		return -1;
	return strcmp(line, "ready\n") == 0 ? 0 : -1;
}

/* End it; what it found in *n, each violation logged. The count. */
static int watch_end(struct __test_metadata *_metadata, struct watch *w, struct tally *n)
{
	char line[1024];
	int bad = 0, status;

	close(w->stop);
	while (fgets(line, sizeof(line), w->report)) {
		if (!strncmp(line, "VIOLATION", 9) && ++bad <= 10)
			TH_LOG("%s", line);
		sscanf(line, "held %d setup %d", &n->held, &n->setup);
	}
	fclose(w->report);
	waitpid(w->pid, &status, 0);
	w->pid = 0;
	EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0)
	TH_LOG("the seizer failed: status %#x", status);
	return bad;
}

FIXTURE(pt)
{
	struct test_store t;
	struct watch w;
};

/* The container: in a user namespace of its own or not; what it keeps
 * (lxc.cap.keep, or the default set); whether a process of it may reach
 * rlxc before the command's exec (only with CAP_SYS_PTRACE over the host's
 * user namespace: rlxc is not dumpable). */
FIXTURE_VARIANT(pt)
{
	bool userns;
	const char *keep;
	bool reach_rlxc;
};

FIXTURE_VARIANT_ADD(pt, privileged_sys_ptrace){
	.userns = false,
	.keep = "lxc.cap.keep = sys_ptrace\n",
	.reach_rlxc = true,
};

FIXTURE_VARIANT_ADD(pt, privileged){
	.userns = false,
	.keep = "",
	.reach_rlxc = false,
};

FIXTURE_VARIANT_ADD(pt, unprivileged_sys_ptrace){
	.userns = true,
	.keep = "lxc.cap.keep = sys_ptrace\n",
	.reach_rlxc = false,
};

FIXTURE_SETUP(pt)
{
	ASSERT_EQ(0, test_store_make(&self->t));
	self->w.pid = 0;
}

FIXTURE_TEARDOWN_PARENT(pt)
{
	if (self->w.pid > 0) {
		kill(self->w.pid, SIGKILL);
		waitpid(self->w.pid, NULL, 0);
	}
	test_store_remove(&self->t); /* the seizer dies with the container */
}

/* Create and start a busybox container with EXTRA in its config, in a user
 * namespace of its own for the unprivileged variant, else privileged. */
static void up(struct __test_metadata *_metadata, const struct test_store *t, bool userns,
	       const char *extra)
{
	static const char idmap[] = "lxc.idmap = u 0 1500000000 65536\n"
				    "lxc.idmap = g 0 1500000000 65536\n";
	char path[PATH_MAX], conf[1024];
	struct run r;

	snprintf(conf, sizeof(conf), "%s%s", extra, userns ? idmap : "");
	snprintf(path, sizeof(path), "%s/%s.conf", t->run, t->name);
	ASSERT_EQ(0, put_file(path, conf));
	if (userns)
		RLXC(&r, "create", "-n", t->name, "-t", "busybox", "-f", path);
	else
		RLXC(&r, "create", "-n", t->name, "-t", "busybox", "--privileged", "-f", path);
	if (!userns && r.status == 2 && has(r.err, "unknown option '--privileged'")) {
		/* an rlxc from before unprivileged containers: all are privileged */
		run_free(&r);
		RLXC(&r, "create", "-n", t->name, "-t", "busybox", "-f", path);
	}
	ASSERT_EQ(0, r.status) TH_LOG("%s", r.err);
	run_free(&r);
	RLXC(&r, "start", "-n", t->name);
	ASSERT_EQ(0, r.status) TH_LOG("%s", r.err);
	run_free(&r);
}

/* What the seizer compares against, read on the host. */
static int target_of(pid_t init, bool userns, struct target *t)
{
	char path[64], text[4096];
	struct stat st;

	snprintf(path, sizeof(path), "/proc/%d/status", (int)init);
	if (get_file(path, text, sizeof(text)) < 0 || stat(rlxc_bin(), &st) < 0)
		return -1;
	t->caps = status_mask(text, "CapBnd:");
	t->dev = st.st_dev;
	t->ino = st.st_ino;
	t->userns = userns;
	return 0;
}

TEST_F_TIMEOUT(pt, a_ptracer_in_the_container_gets_nothing_it_lacks, 120)
{
	struct target tg;
	struct tally n = { 0 };
	struct run r;
	pid_t init;

	REQUIRE_ROOT();
	up(_metadata, &self->t, variant->userns, variant->keep);
	ASSERT_LT(0, init = info_int(_metadata, self->t.name, "pid"));
	ASSERT_EQ(0, target_of(init, variant->userns, &tg));
	if (*variant->keep)
		ASSERT_EQ(1ULL << CAP_SYS_PTRACE, tg.caps)
	TH_LOG("init's CapBnd %llx", (unsigned long long)tg.caps);
	ASSERT_EQ(0, watch_start(&self->w, init, &tg)) TH_LOG("the seizer did not start");
	for (int i = 0; i < 30; i++) {
		RLXC(&r, "attach", "-n", self->t.name, "--", "/bin/sleep", "0.01");
		EXPECT_EQ(0, r.status) TH_LOG("%s", r.err);
		run_free(&r);
	}
	EXPECT_EQ(0, watch_end(_metadata, &self->w, &n));
	/* it did grab processes: the commands at least, after their exec */
	EXPECT_LT(0, n.held);
	TH_LOG("held %d processes, %d of them before the command ran", n.held, n.setup);
	if (!variant->reach_rlxc)
		EXPECT_EQ(0, n.setup);
}

/* Copy the shared objects rlxc loads (what ldd names) into ROOT at their
 * own paths, as an attacker who owns the rootfs would, so that the host's
 * program runs in there. */
static int put_libs(const char *root)
{
	char cmd[2 * PATH_MAX], line[PATH_MAX], *p, *end;
	FILE *f;
	int ret = 0;

	snprintf(cmd, sizeof(cmd), "ldd '%s'", rlxc_bin());
	if (!(f = popen(cmd, "r")))
		return -1;
	while (ret == 0 && fgets(line, sizeof(line), f)) {
		if (!(p = strchr(line, '/')))
			continue;
		end = p + strcspn(p, " \n");
		*end = '\0';
		snprintf(cmd, sizeof(cmd), "mkdir -p \"$(dirname '%s%s')\" && cp -L '%s' '%s%s'",
			 root, p, p, root, p);
		ret = system(cmd) == 0 ? 0 : -1;
	}
	return pclose(f) == 0 ? ret : -1;
}

/* The CVE-2019-5736 way in: the command is /proc/self/exe (a #! line can
 * name it as well), so the kernel runs the program rlxc runs as, inside
 * the container, where every process of the container may open its
 * /proc/PID/exe (same uid, dumpable): it must be a sealed copy. */
TEST_F_TIMEOUT(pt, exec_of_proc_self_exe_runs_a_sealed_copy, 120)
{
	char root[PATH_MAX];
	struct target tg;
	struct tally n = { 0 };
	pid_t init, bg;

	REQUIRE_ROOT();
	if (variant->userns)
		SKIP(return, "in a user namespace the host's binary is not the container root's to "
			     "write");
	up(_metadata, &self->t, false, variant->keep);
	snprintf(root, sizeof(root), "%s/%s/rootfs", self->t.store, self->t.name);
	ASSERT_EQ(0, put_libs(root)) TH_LOG("copy the libraries into %s", root);
	ASSERT_LT(0, init = info_int(_metadata, self->t.name, "pid"));
	ASSERT_EQ(0, target_of(init, false, &tg));
	ASSERT_EQ(0, watch_start(&self->w, init, &tg)) TH_LOG("the seizer did not start");
	/* rlxc monitor waits for a container that never comes */
	fflush(NULL);
	if ((bg = fork()) == 0) {
		const char *argv[48];

		run_argv(argv,
			 (const char *const[]){ "attach", "-n", self->t.name, "--",
						"/proc/self/exe", "monitor", "-n", "none", NULL });
		execvp(argv[0], (char **)argv);
		_exit(126);
	}
	self->t.bg = bg;
	/* until the seizer holds rlxc in there (slow under valgrind) */
	EXPECT_EQ(1, poll(&(struct pollfd){ .fd = fileno(self->w.report), .events = POLLIN }, 1,
			  60 * 1000));
	EXPECT_EQ(0, watch_end(_metadata, &self->w, &n));
	/* the program that /proc/self/exe named did run in there */
	EXPECT_LT(0, n.setup) TH_LOG("held %d processes", n.held);
}

TEST_HARNESS_MAIN
