// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * The life cycle (runtime/lib/state/state.h): every (state, event) pair against
 * the table written out here on its own, the names, and the state file:
 * its text, atomic replacement, strict parsing, and a dead or replaced
 * supervisor reading as STOPPED.
 */
#include "kselftest_harness.h"
#include "state/state.h"
#include "test_util.h"

#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

/* clang-format off */
static const char *const states[RLXC_NSTATES] = {
	"STOPPED", "STARTING", "RUNNING", "STOPPING", "ABORTING", "FROZEN",
};
static const char *const events[RLXC_NEVENTS] = {
	"start", "started", "fail", "cleaned", "stop", "stopped", "freeze", "unfreeze",
};

/* The life cycle of state.h's comment, every legal transition. */
static const struct {
	enum rlxc_state from;
	enum rlxc_event ev;
	enum rlxc_state to;
} legal[] = {
	{ RLXC_STOPPED,  RLXC_EV_START,    RLXC_STARTING },
	{ RLXC_STARTING, RLXC_EV_STARTED,  RLXC_RUNNING  },
	{ RLXC_STARTING, RLXC_EV_FAIL,     RLXC_ABORTING },
	{ RLXC_ABORTING, RLXC_EV_CLEANED,  RLXC_STOPPING },
	{ RLXC_STOPPING, RLXC_EV_STOPPED,  RLXC_STOPPED  },
	{ RLXC_RUNNING,  RLXC_EV_STOP,     RLXC_STOPPING },
	{ RLXC_RUNNING,  RLXC_EV_FREEZE,   RLXC_FROZEN   },
	{ RLXC_FROZEN,   RLXC_EV_UNFREEZE, RLXC_RUNNING  },
	{ RLXC_FROZEN,   RLXC_EV_STOP,     RLXC_STOPPING },
};
/* clang-format on */

static int expected_next(int s, int ev)
{
	for (size_t i = 0; i < sizeof(legal) / sizeof(legal[0]); i++)
		if ((int)legal[i].from == s && (int)legal[i].ev == ev)
			return legal[i].to;
	return -1;
}

TEST(every_pair_follows_the_life_cycle)
{
	for (int s = 0; s < RLXC_NSTATES; s++) {
		for (int ev = 0; ev < RLXC_NEVENTS; ev++) {
			EXPECT_EQ(expected_next(s, ev), rlxc_state_next(s, ev))
			TH_LOG("%s --%s-->", states[s], events[ev]);
		}
	}
	EXPECT_EQ(-1, rlxc_state_next(RLXC_NSTATES, RLXC_EV_START));
	EXPECT_EQ(-1, rlxc_state_next(RLXC_STOPPED, RLXC_NEVENTS));
}

TEST(apply_moves_or_refuses_every_pair)
{
	struct rlxc_error err;
	char want[128];

	for (int s = 0; s < RLXC_NSTATES; s++) {
		for (int ev = 0; ev < RLXC_NEVENTS; ev++) {
			enum rlxc_state cur = s;
			int next = expected_next(s, ev);

			memset(&err, 0, sizeof(err));
			snprintf(want, sizeof(want), "cannot %s web: it is %s", events[ev],
				 states[s]);
			if (next >= 0) {
				EXPECT_EQ(0, rlxc_state_apply(&cur, ev, "web", &err));
				EXPECT_EQ(next, (int)cur);
			} else {
				EXPECT_EQ(-EINVAL, rlxc_state_apply(&cur, ev, "web", &err));
				EXPECT_EQ(s, (int)cur);
				EXPECT_STREQ(want, err.msg);
			}
		}
	}
}

TEST(illegal_transition_message)
{
	enum rlxc_state s = RLXC_STOPPED;
	struct rlxc_error err = {0};

	EXPECT_EQ(-EINVAL, rlxc_state_apply(&s, RLXC_EV_FREEZE, "web", &err));
	EXPECT_STREQ("cannot freeze web: it is STOPPED", err.msg);
	EXPECT_EQ(RLXC_STOPPED, s);
}

TEST(names_round_trip)
{
	char lower[16];

	for (int s = 0; s < RLXC_NSTATES; s++) {
		EXPECT_STREQ(states[s], rlxc_state_name(s));
		EXPECT_EQ(s, rlxc_state_parse(states[s]));
		for (size_t i = 0; i <= strlen(states[s]); i++)
			lower[i] = (char)(states[s][i] | (states[s][i] ? 0x20 : 0));
		EXPECT_EQ(s, rlxc_state_parse(lower)) TH_LOG("%s", lower);
	}
	for (int ev = 0; ev < RLXC_NEVENTS; ev++)
		EXPECT_STREQ(events[ev], rlxc_event_name(ev));
	EXPECT_EQ(-1, rlxc_state_parse("bogus"));
	EXPECT_EQ(-1, rlxc_state_parse(""));
	EXPECT_EQ(-1, rlxc_state_parse("RUNNINGX"));
	EXPECT_EQ(-1, rlxc_state_parse(NULL));
}

static int become_odd(void *arg)
{
	unsigned long long *before = arg;

	*before = rlxc_proc_start_time(getpid());
	return prctl(PR_SET_NAME, "a) b (c") < 0 ? errno : 0;
}

/* Field 22 of TEXT, the stat of a process whose comm is "a) b (c". */
static unsigned long long odd_start_field(const char *text)
{
	const char *p = strstr(text, " (a) b (c) ");
	unsigned long long v = 0;

	if (p && sscanf(p + strlen(" (a) b (c) "),
			"%*s %*s %*s %*s %*s %*s %*s %*s %*s %*s %*s %*s %*s %*s %*s %*s %*s %*s "
			"%*s %llu",
			&v) != 1)
		v = 0;
	return v;
}

TEST(start_time_with_parentheses_in_comm)
{
	unsigned long long before, after, own = rlxc_proc_start_time(getpid()), *shared;
	char path[64], text[2048];
	struct held h;

	ASSERT_NE(0, own);
	/* The child says its start time, taken before its comm changes. */
	shared =
	    mmap(NULL, sizeof(*shared), PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	ASSERT_NE(MAP_FAILED, shared);
	ASSERT_EQ(0, hold_child(&h, become_odd, shared));
	before = *shared;
	snprintf(path, sizeof(path), "/proc/%d/stat", (int)h.pid);
	ASSERT_EQ(0, get_file(path, text, sizeof(text)));
	after = rlxc_proc_start_time(h.pid);
	EXPECT_EQ(0, release_child(&h));
	munmap(shared, sizeof(*shared));

	ASSERT_NE(NULL, strstr(text, "(a) b (c)")) TH_LOG("%s", text);
	EXPECT_NE(0, before);
	EXPECT_EQ(before, after) TH_LOG("%s", text);
	EXPECT_EQ(odd_start_field(text), after) TH_LOG("%s", text);
	EXPECT_LE(own, after);
}

TEST(start_time_of_no_process_is_0)
{
	pid_t pid;

	fflush(NULL);
	pid = fork();
	ASSERT_LE(0, pid);
	if (pid == 0)
		_exit(0);
	ASSERT_EQ(pid, waitpid(pid, NULL, 0));
	EXPECT_EQ(0, rlxc_proc_start_time(pid));
	EXPECT_EQ(0, rlxc_proc_start_time(0));
	EXPECT_EQ(0, rlxc_proc_start_time(-1));
}

FIXTURE(run)
{
	char tmp[PATH_MAX];
	char dir[PATH_MAX]; /* tmp/run/web-PID, missing until written */
	char file[PATH_MAX];
};

FIXTURE_SETUP(run)
{
	char made[] = "/tmp/rlxc-t-XXXXXX";

	self->tmp[0] = '\0';
	ASSERT_NE(NULL, mkdtemp(made));
	strcpy(self->tmp, made);
	snprintf(self->dir, sizeof(self->dir), "%s/run/web-%d", made, (int)getpid());
	snprintf(self->file, sizeof(self->file), "%s/state", self->dir);
}

#ifdef FIXTURE_TEARDOWN_PARENT
FIXTURE_TEARDOWN_PARENT(run)
#else
FIXTURE_TEARDOWN(run)
#endif
{
	if (self->tmp[0])
		rm_tree(self->tmp);
}

/* A status whose writer is pid, alive with its real start time. */
static struct rlxc_status live(pid_t pid, enum rlxc_state state)
{
	return (struct rlxc_status){
	    .state = state,
	    .supervisor = pid,
	    .sup_start = rlxc_proc_start_time(pid),
	    .init = 1240,
	    .since = {.tv_sec = 1700000000, .tv_nsec = 123456789},
	};
}

static void mode_of(const char *path, unsigned *mode)
{
	struct stat st;

	*mode = stat(path, &st) == 0 ? (unsigned)(st.st_mode & 07777) : 0;
}

/* The entries of dir but . and .. */
static int entries_in(const char *dir)
{
	DIR *d = opendir(dir);
	int n = 0;

	for (struct dirent *de; d && (de = readdir(d));)
		n += strcmp(de->d_name, ".") && strcmp(de->d_name, "..");
	if (d)
		closedir(d);
	return d ? n : -1;
}

TEST_F(run, write_then_read_back)
{
	struct rlxc_status st = live(getpid(), RLXC_RUNNING), got;
	struct rlxc_error err = {0};
	char text[512], want[512], parent[PATH_MAX];
	unsigned mode;

	umask(077);
	ASSERT_NE(0, st.sup_start);
	ASSERT_EQ(0, rlxc_status_write(self->dir, &st, &err)) TH_LOG("%s", err.msg);
	ASSERT_EQ(0, get_file(self->file, text, sizeof(text)));
	snprintf(want, sizeof(want),
		 "state RUNNING\nsupervisor %d %llu\ninit 1240\nsince 1700000000.123456789\n",
		 (int)getpid(), st.sup_start);
	EXPECT_STREQ(want, text);

	/* The directory and its parent were made, 0755 whatever the umask. */
	mode_of(self->dir, &mode);
	EXPECT_EQ(0755, mode);
	snprintf(parent, sizeof(parent), "%s/run", self->tmp);
	mode_of(parent, &mode);
	EXPECT_EQ(0755, mode);
	mode_of(self->file, &mode);
	EXPECT_EQ(0644, mode);

	ASSERT_EQ(0, rlxc_status_read(self->dir, &got, &err)) TH_LOG("%s", err.msg);
	EXPECT_EQ(RLXC_RUNNING, got.state);
	EXPECT_EQ(getpid(), got.supervisor);
	EXPECT_EQ(st.sup_start, got.sup_start);
	EXPECT_EQ(1240, got.init);
	EXPECT_EQ(1700000000, got.since.tv_sec);
	EXPECT_EQ(123456789, got.since.tv_nsec);

	/* Written again: replaced, and nothing left aside. */
	st.state = RLXC_FROZEN;
	ASSERT_EQ(0, rlxc_status_write(self->dir, &st, &err)) TH_LOG("%s", err.msg);
	ASSERT_EQ(0, rlxc_status_read(self->dir, &got, &err)) TH_LOG("%s", err.msg);
	EXPECT_EQ(RLXC_FROZEN, got.state);
	EXPECT_EQ(1, entries_in(self->dir));
}

TEST_F(run, missing_file_reads_stopped)
{
	struct rlxc_status got = {.state = RLXC_RUNNING, .supervisor = 7};
	struct rlxc_error err = {0};

	ASSERT_EQ(0, rlxc_status_read(self->dir, &got, &err)) TH_LOG("%s", err.msg);
	EXPECT_EQ(RLXC_STOPPED, got.state);
	EXPECT_EQ(0, got.supervisor);
	EXPECT_EQ(0, got.init);
}

static int nothing(void *arg)
{
	(void)arg;
	return 0;
}

TEST_F(run, dead_supervisor_reads_stopped)
{
	struct rlxc_error err = {0};
	struct rlxc_status st, got;
	struct held h;

	ASSERT_EQ(0, hold_child(&h, nothing, NULL));
	st = live(h.pid, RLXC_RUNNING);
	ASSERT_EQ(0, rlxc_status_write(self->dir, &st, &err)) TH_LOG("%s", err.msg);
	ASSERT_EQ(0, rlxc_status_read(self->dir, &got, &err)) TH_LOG("%s", err.msg);
	EXPECT_EQ(RLXC_RUNNING, got.state); /* alive: trusted */
	EXPECT_EQ(h.pid, got.supervisor);

	ASSERT_EQ(0, release_child(&h)); /* exited and reaped */
	ASSERT_EQ(0, rlxc_status_read(self->dir, &got, &err)) TH_LOG("%s", err.msg);
	EXPECT_EQ(RLXC_STOPPED, got.state);
	EXPECT_EQ(0, got.supervisor);
	EXPECT_EQ(0, got.init);
}

TEST_F(run, zombie_supervisor_reads_stopped)
{
	struct rlxc_error err = {0};
	struct rlxc_status st, got;
	siginfo_t info;
	struct held h;

	ASSERT_EQ(0, hold_child(&h, nothing, NULL));
	st = live(h.pid, RLXC_RUNNING);
	ASSERT_EQ(0, rlxc_status_write(self->dir, &st, &err)) TH_LOG("%s", err.msg);
	close(h.hold);
	ASSERT_EQ(0, waitid(P_PID, (id_t)h.pid, &info, WEXITED | WNOWAIT)); /* not reaped */
	got.state = RLXC_RUNNING;
	EXPECT_EQ(0, rlxc_status_read(self->dir, &got, &err)) TH_LOG("%s", err.msg);
	waitpid(h.pid, NULL, 0);
	EXPECT_EQ(RLXC_STOPPED, got.state);
	EXPECT_EQ(0, got.supervisor);
}

TEST_F(run, reused_pid_reads_stopped)
{
	struct rlxc_status st = live(getpid(), RLXC_FROZEN), got;
	struct rlxc_error err = {0};

	st.sup_start += 1; /* our pid, but not the process that wrote it */
	ASSERT_EQ(0, rlxc_status_write(self->dir, &st, &err)) TH_LOG("%s", err.msg);
	ASSERT_EQ(0, rlxc_status_read(self->dir, &got, &err)) TH_LOG("%s", err.msg);
	EXPECT_EQ(RLXC_STOPPED, got.state);
	EXPECT_EQ(0, got.supervisor);
}

TEST_F(run, no_supervisor_reads_stopped)
{
	struct rlxc_status st = live(getpid(), RLXC_RUNNING), got;
	struct rlxc_error err = {0};

	st.supervisor = 0;
	st.sup_start = 0;
	ASSERT_EQ(0, rlxc_status_write(self->dir, &st, &err)) TH_LOG("%s", err.msg);
	ASSERT_EQ(0, rlxc_status_read(self->dir, &got, &err)) TH_LOG("%s", err.msg);
	EXPECT_EQ(RLXC_STOPPED, got.state);
}

#define GOOD_TAIL "init 3\nsince 1.000000000\n"

TEST_F(run, malformed_file_names_file_and_line)
{
	static const struct {
		const char *text, *why; /* why: after "FILE:" */
	} bad[] = {
	    {"state BOGUS\nsupervisor 1 2\n" GOOD_TAIL, "1: 'state BOGUS': not a state"},
	    {"state RUNNING\nsupervisor x 2\n" GOOD_TAIL,
	     "2: 'supervisor x 2': expected 'supervisor PID STARTTIME'"},
	    {"state RUNNING\nsupervisor -1 2\n" GOOD_TAIL,
	     "2: 'supervisor -1 2': expected 'supervisor PID STARTTIME'"},
	    {"state RUNNING\nsupervisor 1 2 3\n" GOOD_TAIL,
	     "2: 'supervisor 1 2 3': expected 'supervisor PID STARTTIME'"},
	    {"state RUNNING\nsupervisor 1 2\ninit 3\n", "4: no 'since' line"},
	    {"state RUNNING\nsupervisor 1 2\ninit 3\nsince 1.5\n",
	     "4: 'since 1.5': expected 'since SECONDS.NANOSECONDS' (9 digits of nanoseconds)"},
	    {"state RUNNING\nsupervisor 1 2\n" GOOD_TAIL "colour red\n",
	     "5: 'colour red': unknown key"},
	    {"state RUNNING\nstate RUNNING\n", "2: 'state RUNNING': given twice"},
	    {"state RUNNING\nsupervisor 1 2\ninit 3\nsince 1.000000000",
	     "4: no newline at the end"},
	    {"state RUNNING\n\n", "2: '': expected 'KEY VALUE'"},
	    {"", "1: no 'state' line"},
	};
	struct rlxc_error err;
	struct rlxc_status got;
	char want[512];

	snprintf(want, sizeof(want), "%s/run", self->tmp);
	ASSERT_EQ(0, mkdir(want, 0755));
	ASSERT_EQ(0, mkdir(self->dir, 0755));
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		memset(&err, 0, sizeof(err));
		ASSERT_EQ(0, put_file(self->file, bad[i].text));
		EXPECT_EQ(-EINVAL, rlxc_status_read(self->dir, &got, &err))
		TH_LOG("%s", bad[i].text);
		snprintf(want, sizeof(want), "%s:%s", self->file, bad[i].why);
		EXPECT_STREQ(want, err.msg);
		EXPECT_EQ(RLXC_STOPPED, got.state);
	}
}

TEST_F(run, write_errors_say_where)
{
	struct rlxc_status st = live(getpid(), RLXC_RUNNING);
	struct rlxc_error err = {0};
	char file[PATH_MAX + 8], under[PATH_MAX + 16], want[PATH_MAX * 2];

	snprintf(file, sizeof(file), "%s/file", self->tmp);
	ASSERT_EQ(0, put_file(file, "x"));
	snprintf(under, sizeof(under), "%s/web", file);
	EXPECT_EQ(-ENOTDIR, rlxc_status_write(under, &st, &err));
	snprintf(want, sizeof(want), "create %s: %s", under, strerror(ENOTDIR));
	EXPECT_STREQ(want, err.msg);

	st.state = RLXC_NSTATES;
	EXPECT_EQ(-EINVAL, rlxc_status_write(self->dir, &st, &err));
	snprintf(want, sizeof(want), "write %s: invalid status (state %d)", self->file,
		 RLXC_NSTATES);
	EXPECT_STREQ(want, err.msg);
}

#define WRITES 2000

/* Write WRITES statuses, each self-consistent, saying after the first;
 * a millisecond's pause every hundred. */
static int writer(const char *dir, int ready)
{
	struct rlxc_status st = live(getpid(), RLXC_RUNNING);
	struct rlxc_error err;

	for (int i = 0; i < WRITES; i++) {
		st.state = i % 2 ? RLXC_RUNNING : RLXC_FROZEN;
		st.init = 1000 + i;
		st.since.tv_sec = i;
		st.since.tv_nsec = 7L * i;
		if (rlxc_status_write(dir, &st, &err) < 0)
			return child_fail("%s", err.msg);
		if (i == 0 && write(ready, "x", 1) != 1)
			return child_fail("ready");
		/* a pause now and then, so that on a loaded host the reader
		 * still runs between writes and the test checks something */
		if (i % 100 == 99)
			nanosleep(&(struct timespec){ .tv_nsec = 1000000L }, NULL);
	}
	return 0;
}

/* Is st one of the writer's statuses (or STOPPED once it is gone)? */
static bool consistent(const struct rlxc_status *st, pid_t writer_pid)
{
	long i = st->init - 1000;

	if (st->state == RLXC_STOPPED)
		return st->supervisor == 0;
	return st->supervisor == writer_pid && st->since.tv_sec == i &&
	       st->since.tv_nsec == 7 * i && st->state == (i % 2 ? RLXC_RUNNING : RLXC_FROZEN);
}

TEST_F_TIMEOUT(run, reader_never_sees_half_a_file, 60)
{
	int pipefd[2], reads = 0, bad = 0, changes = 0, status = -1, last = -1;
	struct rlxc_error err = {0}, first_err = {0};
	struct rlxc_status got;
	pid_t pid;
	char c;

	ASSERT_EQ(0, pipe(pipefd));
	fflush(NULL);
	pid = fork();
	ASSERT_LE(0, pid);
	if (pid == 0) {
		close(pipefd[0]);
		_exit(writer(self->dir, pipefd[1]));
	}
	close(pipefd[1]);
	ASSERT_EQ(1, read(pipefd[0], &c, 1));
	close(pipefd[0]);
	while (waitpid(pid, &status, WNOHANG) == 0) {
		int ret = rlxc_status_read(self->dir, &got, &err);

		reads++;
		if (ret < 0 || !consistent(&got, pid)) {
			if (!bad++)
				first_err = err;
			continue;
		}
		changes += got.init != last;
		last = got.init;
	}
	EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0);
	EXPECT_EQ(0, bad) TH_LOG("%d of %d reads bad: %s", bad, reads, first_err.msg);
	EXPECT_LT(10, reads);
	EXPECT_LT(2, changes); /* the reads did overlap the writes */
}

TEST_HARNESS_MAIN
