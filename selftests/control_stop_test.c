// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * How a stop ends: lxc.signal.stop is what a forced stop sends init (at
 * once with -t 0, after the halt signal's timeout otherwise), an init that
 * survives it is killed after a grace, and every stop, however many at
 * once, returns 0 only once the container is STOPPED. On busybox
 * containers in a temporary store (the rt fixture, runtime_fixture.h),
 * whose init is a shell that traps only what the test wants it to.
 */
#include "kselftest_harness.h"
#include "probe_skip.h"
#include "rlxc_run.h"
#include "rlxc_store.h"
#include "runtime_fixture.h"
#include "test_util.h"

#include "kernel/clock.h"
#include "state/state.h"
#include "store/container.h"
#include "supervise/supervisor.h"

#include <errno.h>
#include <limits.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>

/* init: writes what it got to /stopsig on SIGUSR1 and exits; ignores the
 * rest (a pid namespace's init gets only the signals it handles). */
#define TRAP_USR1                                                                                  \
	"/bin/sh -c \"trap 'echo usr1 > /stopsig; exit 0' USR1; while :; do sleep 1 & wait; "      \
	"done\""
/* init: ignores every signal but SIGKILL */
#define DEAF "/bin/sleep 100000"

/* The container of the test, with init and the extra config lines. */
static void make(struct __test_metadata *_metadata, const struct test_store *t, const char *init,
		 const char *extra)
{
	char conf[PATH_MAX], text[2048];

	create(_metadata, t->name);
	snprintf(conf, sizeof(conf), "%s/%s/config", t->store, t->name);
	snprintf(text, sizeof(text),
		 "lxc.uts.name = %s\nlxc.rootfs.path = %s/%s/rootfs\n"
		 "lxc.mount.auto = proc:mixed sys:ro\nlxc.init.cmd = %s\n%s",
		 t->name, t->store, t->name, init, extra);
	ASSERT_EQ(0, put_file(conf, text));
}

static void marker(const struct test_store *t, char *buf, size_t len)
{
	char path[PATH_MAX];

	snprintf(path, sizeof(path), "%s/%s/rootfs/stopsig", t->store, t->name);
	if (get_file(path, buf, len) < 0)
		*buf = '\0';
}

static pid_t init_of(const struct test_store *t)
{
	struct rlxc_error err = { 0 };
	struct rlxc_status st;
	char dir[PATH_MAX];

	snprintf(dir, sizeof(dir), "%s/%s", t->run, t->name);
	return rlxc_status_read(dir, &st, &err) == 0 ? st.init : -1;
}

/* stop -t 0 sends lxc.signal.stop, not SIGKILL: init hears it. */
TEST_F_TIMEOUT(rt, a_forced_stop_sends_the_stop_signal, 60)
{
	char got[64];
	struct run r;

	REQUIRE_ROOT();
	make(_metadata, &self->t, TRAP_USR1, "lxc.signal.stop = SIGUSR1\n");
	OK(&r, "start", "-n", self->t.name);
	run_free(&r);
	OK(&r, "stop", "-n", self->t.name, "-t", "0");
	run_free(&r);
	expect_state(_metadata, self->t.name, "STOPPED");
	marker(&self->t, got, sizeof(got));
	EXPECT_STREQ("usr1\n", got);
}

/* After the halt signal's timeout (init ignores SIGPWR), the stop signal. */
TEST_F_TIMEOUT(rt, the_stop_signal_follows_the_halt_timeout, 60)
{
	char got[64];
	struct run r;

	REQUIRE_ROOT();
	make(_metadata, &self->t, TRAP_USR1, "lxc.signal.halt = SIGPWR\nlxc.signal.stop = USR1\n");
	OK(&r, "start", "-n", self->t.name);
	run_free(&r);
	OK(&r, "stop", "-n", self->t.name, "-t", "1");
	run_free(&r);
	expect_state(_metadata, self->t.name, "STOPPED");
	marker(&self->t, got, sizeof(got));
	EXPECT_STREQ("usr1\n", got);
}

/* An init that ignores the stop signal is killed after a grace: the stop
 * still ends, truthfully. */
TEST_F_TIMEOUT(rt, an_ignored_stop_signal_still_ends_the_stop, 60)
{
	struct run r;
	pid_t init;

	REQUIRE_ROOT();
	make(_metadata, &self->t, DEAF, "lxc.signal.stop = SIGUSR2\n");
	OK(&r, "start", "-n", self->t.name);
	run_free(&r);
	init = init_of(&self->t);
	ASSERT_LT(0, init);
	OK(&r, "stop", "-n", self->t.name, "-t", "0");
	run_free(&r);
	expect_state(_metadata, self->t.name, "STOPPED");
	EXPECT_NE(0, kill(init, 0)) TH_LOG("init %d is still there", (int)init);
}

/* What a stopping child saw. */
struct seen {
	int ret;
	enum rlxc_state state;
	char msg[256];
};

/* In a child: rlxc_control(STOP, timeout), then the state at once. */
static void stop_and_look(const char *name, int timeout, struct seen *s)
{
	struct rlxc_container ct = { 0 };
	struct rlxc_error err = { 0 };
	struct rlxc_status st = { 0 };

	s->ret = -EIO;
	if (rlxc_container_init(&ct, NULL, name, &err) == 0) {
		s->ret = rlxc_control(&ct, RLXC_OP_STOP, timeout, &err);
		rlxc_status_read(ct.run_dir, &st, &err);
		rlxc_container_close(&ct);
	}
	s->state = st.state;
	snprintf(s->msg, sizeof(s->msg), "%s", err.msg);
}

#define STOPS 20

/* 20 stops at once, more than the 16 waiters of old, while init ignores
 * the halt signal: each returns 0, and only once the container is
 * STOPPED. */
TEST_F_TIMEOUT(rt, concurrent_stops_all_return_once_stopped, 90)
{
	struct seen *seen = mmap(NULL, STOPS * sizeof(*seen), PROT_READ | PROT_WRITE,
				 MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	pid_t pid[STOPS];
	struct run r;

	REQUIRE_ROOT();
	ASSERT_NE(MAP_FAILED, seen);
	make(_metadata, &self->t, DEAF, "");
	OK(&r, "start", "-n", self->t.name);
	run_free(&r);
	for (int i = 0; i < STOPS; i++)
		if ((pid[i] = fork()) == 0) {
			stop_and_look(self->t.name, 3, &seen[i]);
			_exit(0);
		}
	for (int i = 0; i < STOPS; i++) {
		if (pid[i] > 0)
			waitpid(pid[i], NULL, 0);
		EXPECT_EQ(0, seen[i].ret) TH_LOG("stop %d: %s", i, seen[i].msg);
		EXPECT_STREQ("STOPPED", rlxc_state_name(seen[i].state)) TH_LOG("stop %d", i);
	}
	expect_state(_metadata, self->t.name, "STOPPED");
	munmap(seen, STOPS * sizeof(*seen));
}

/* Of two stops, the sooner deadline holds: a stop -t 60 that comes while
 * a stop -t 1 waits does not put off the SIGKILL by a minute. */
TEST_F_TIMEOUT(rt, a_later_stop_does_not_put_off_a_sooner_one, 90)
{
	struct seen *seen = mmap(NULL, 2 * sizeof(*seen), PROT_READ | PROT_WRITE,
				 MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	long start = rlxc_now_ms();
	struct rlxc_error err = { 0 };
	struct rlxc_status st;
	char dir[PATH_MAX];
	struct run r;
	pid_t pid;

	REQUIRE_ROOT();
	ASSERT_NE(MAP_FAILED, seen);
	make(_metadata, &self->t, DEAF, "");
	OK(&r, "start", "-n", self->t.name);
	run_free(&r);
	if ((pid = fork()) == 0) {
		stop_and_look(self->t.name, 1, &seen[0]);
		_exit(0);
	}
	snprintf(dir, sizeof(dir), "%s/%s", self->t.run, self->t.name);
	for (int i = 0; i < 500; i++) { /* until the first stop is under way */
		if (rlxc_status_read(dir, &st, &err) == 0 && st.state == RLXC_STOPPING)
			break;
		usleep(2000);
	}
	stop_and_look(self->t.name, 60, &seen[1]);
	waitpid(pid, NULL, 0);
	for (int i = 0; i < 2; i++) {
		EXPECT_EQ(0, seen[i].ret) TH_LOG("stop %d: %s", i, seen[i].msg);
		EXPECT_STREQ("STOPPED", rlxc_state_name(seen[i].state));
	}
	/* 1 s and the teardown, far from 60 */
	EXPECT_GT(30000, rlxc_now_ms() - start);
	munmap(seen, 2 * sizeof(*seen));
}

TEST_HARNESS_MAIN
