// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * A container's terminals, end to end through the rlxc binary:
 *  - the attack of issue 9: a command inside pushes input with TIOCSTI
 *    into the terminal it was given; from `rlxc execute` and `rlxc start
 *    -F` run on the admin's terminal (a pty pair the test makes: rlxc's
 *    controlling terminal, stdin and stdout), nothing may be waiting as
 *    input on the admin's terminal once rlxc returns. The TIOCSTI writer
 *    is this program (--tiocsti), run inside the container from the host's
 *    /usr bound read-only;
 *  - /dev/console and fds 0-2 are a pty of the container's own devpts;
 *    the window size is the caller's and follows it (SIGWINCH);
 *  - lxc.console.path = none gives /dev/null, a path is the host terminal
 *    the console is relayed to (not one in the rootfs, not through a
 *    symlink); lxc.tty.max = 2 gives /dev/tty1 and /dev/tty2;
 *  - rlxc console reaches the console and tty 1 of a running container,
 *    detaches with Ctrl+a q (or -e), one client at a time, and refuses
 *    user nobody.
 * Each container lives in a temporary store (rlxc_store.h).
 */
#include "kselftest_harness.h"
#include "probe_skip.h"
#include "rlxc_run.h"
#include "rlxc_store.h"
#include "test_util.h"
#include "tty_run.h"

#include <fcntl.h>
#include <grp.h>
#include <limits.h>
#include <poll.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <termios.h>
#include <time.h>
#include <unistd.h>

#ifndef FIXTURE_TEARDOWN_PARENT
#define FIXTURE_TEARDOWN_PARENT FIXTURE_TEARDOWN
#endif

/* rlxc ARGS with the admin's terminal as its controlling terminal, stdin
 * and stdout (stderr: a file). */
static int tty_start(struct tty_run *t, const char *const *args)
{
	return tty_spawn(t, (const int[]){ -1, -1, fileno(t->err) }, args);
}

#define TTY_START(t, ...) tty_start(t, (const char *const[]){ __VA_ARGS__, NULL })

/* ---- containers ---- */

FIXTURE(term)
{
	struct test_store t;
};

FIXTURE_SETUP(term)
{
	ASSERT_EQ(0, test_store_make(&self->t));
}

FIXTURE_TEARDOWN_PARENT(term)
{
	test_store_remove(&self->t);
}

#define OK(r, ...)                                                                                 \
	do {                                                                                       \
		RLXC(r, __VA_ARGS__);                                                              \
		ASSERT_EQ(0, (r)->status) TH_LOG("%s", (r)->err);                                  \
	} while (0)

/* STORE/NAME/REL in buf. */
static const char *ct_path(char *buf, size_t len, const char *name, const char *rel)
{
	snprintf(buf, len, "%s/%s/%s", getenv("RLXC_PATH"), name, rel);
	return buf;
}

/* NAME from the busybox template, with extra appended to its config. */
static void make_ct(struct __test_metadata *_metadata, const char *name, const char *extra)
{
	char path[PATH_MAX];
	struct run r;

	OK(&r, "create", "-n", name);
	run_free(&r);
	if (extra)
		ASSERT_EQ(0, append_file(ct_path(path, sizeof(path), name, "config"), extra));
}

/* The host's /usr (and /lib, /lib64 with it), read-only, and this
 * program's directory on /opt/rlxc-t: the TIOCSTI writer runs inside. */
static void with_helper(char *buf, size_t len)
{
	snprintf(buf, len,
		 "lxc.mount.entry = /usr usr none bind,ro,create=dir 0 0\n"
		 "lxc.mount.entry = /lib lib none bind,ro,create=dir 0 0\n"
		 "lxc.mount.entry = /lib64 lib64 none bind,ro,create=dir,optional 0 0\n"
		 "lxc.mount.entry = %s opt/rlxc-t none bind,ro,create=dir 0 0\n",
		 self_dir);
}

/* The admin's terminal saw the writer run, and holds no input. */
static void expect_nothing_typed(struct __test_metadata *_metadata, struct tty_run *tr)
{
	char pending[256];

	EXPECT_EQ(0, tr->status) TH_LOG("%s", tr->errtext);
	EXPECT_TRUE(has(tr->out, "tiocsti: ")) TH_LOG("%s\n%s", tr->out, tr->errtext);
	tty_pending(tr, pending, sizeof(pending));
	EXPECT_STREQ("", pending) TH_LOG("the container typed into the admin's terminal");
}

/* ---- the attack: TIOCSTI into the caller's terminal ---- */

TEST_F(term, tiocsti_from_execute_does_not_reach_the_callers_terminal)
{
	char extra[PATH_MAX + 512];
	struct tty_run tr;

	REQUIRE_ROOT();
	REQUIRE_PROBE("ns.pid");
	with_helper(extra, sizeof(extra));
	make_ct(_metadata, self->t.name, extra);
	ASSERT_EQ(0, tty_open(&tr, 24, 80));
	ASSERT_EQ(0, TTY_START(&tr, "execute", "-n", self->t.name, "--", "/opt/rlxc-t/term_test",
			       "--tiocsti"));
	tty_finish(&tr, 30000);
	expect_nothing_typed(_metadata, &tr);
	tty_close(&tr);
}

TEST_F(term, tiocsti_from_start_foreground_does_not_reach_the_callers_terminal)
{
	char extra[PATH_MAX + 600];
	struct tty_run tr;

	REQUIRE_ROOT();
	REQUIRE_PROBE("ns.pid");
	with_helper(extra, sizeof(extra) - 80);
	strcat(extra, "lxc.init.cmd = /opt/rlxc-t/term_test --tiocsti\n");
	make_ct(_metadata, self->t.name, extra);
	ASSERT_EQ(0, tty_open(&tr, 24, 80));
	ASSERT_EQ(0, TTY_START(&tr, "start", "-F", "-n", self->t.name));
	tty_finish(&tr, 30000);
	expect_nothing_typed(_metadata, &tr);
	tty_close(&tr);
}

/* ---- what the container's terminals are ---- */

/* fd 0, /dev/console and /dev/pts/ptmx: major of the first two (hex), and
 * whether all three are of one devpts. */
#define WHAT_TERMINAL                                                                              \
	"readlink /proc/self/fd/0; stat -c %t /dev/console; "                                      \
	"[ $(stat -c %d /dev/console) = $(stat -c %d /dev/pts/ptmx) ] && echo same-devpts; "       \
	"[ $(stat -L -c %d /proc/self/fd/0) = $(stat -c %d /dev/pts/ptmx) ] && echo fd0-same; "    \
	"stty size"

TEST_F(term, console_and_stdio_are_a_pty_of_the_containers_devpts)
{
	struct tty_run tr;

	REQUIRE_ROOT();
	REQUIRE_PROBE("ns.pid");
	REQUIRE_PROBE("fs.devpts");
	make_ct(_metadata, self->t.name, NULL);
	ASSERT_EQ(0, tty_open(&tr, 37, 101));
	ASSERT_EQ(0, TTY_START(&tr, "execute", "-n", self->t.name, "--", "/bin/sh", "-c",
			       WHAT_TERMINAL));
	tty_finish(&tr, 30000);
	EXPECT_EQ(0, tr.status) TH_LOG("%s", tr.errtext);
	/* the container's own devpts, new: its first pty; 136 is 0x88 */
	EXPECT_TRUE(has(tr.out, "/dev/pts/0\r\n88\r\nsame-devpts\r\nfd0-same\r\n37 101\r\n"))
	TH_LOG("%s", tr.out);
	tty_close(&tr);
}

TEST_F(term, the_window_size_follows_the_callers)
{
	struct winsize ws = { .ws_row = 50, .ws_col = 120 };
	struct tty_run tr;

	REQUIRE_ROOT();
	REQUIRE_PROBE("ns.pid");
	make_ct(_metadata, self->t.name, NULL);
	ASSERT_EQ(0, tty_open(&tr, 37, 101));
	/* the size of the container's own pty, not of a terminal passed in */
	ASSERT_EQ(0, TTY_START(&tr, "execute", "-n", self->t.name, "--", "/bin/sh", "-c",
			       "[ $(stat -L -c %d /proc/self/fd/0) = $(stat -c %d /dev/pts/ptmx) ] "
			       "&& echo own-pty; stty size; read x; stty size"));
	EXPECT_TRUE(tty_wait(&tr, "own-pty\r\n37 101\r\n", 30000)) TH_LOG("%s", tr.out);
	ASSERT_EQ(0, ioctl(tr.master, TIOCSWINSZ, &ws)); /* SIGWINCH to rlxc */
	usleep(200000);
	tty_send(&tr, "\r");
	tty_finish(&tr, 30000);
	EXPECT_EQ(0, tr.status) TH_LOG("%s", tr.errtext);
	EXPECT_TRUE(has(tr.out, "50 120\r\n")) TH_LOG("%s", tr.out);
	tty_close(&tr);
}

/* A ^C typed on the caller's terminal reaches the command once: from its
 * pty's line discipline, not again through rlxc's init forwarding it. The
 * command is the terminal's foreground process group, and init is not in
 * it (/proc/PID/stat: pid, pgrp and tpgid are fields 1, 5 and 8). */
TEST_F(term, ctrl_c_reaches_the_command_once)
{
	struct tty_run tr;

	REQUIRE_ROOT();
	REQUIRE_PROBE("ns.pid");
	make_ct(_metadata, self->t.name, NULL);
	ASSERT_EQ(0, tty_open(&tr, 24, 80));
	ASSERT_EQ(0, TTY_START(&tr, "execute", "-n", self->t.name, "--", "/bin/sh", "-c",
			       "set -- $(cat /proc/$$/stat); [ $1 = $5 ] && [ $5 = $8 ] && "
			       "echo own-foreground-group; "
			       "n=0; trap 'n=$((n+1)); echo got-int-$n' INT; echo ready; "
			       "sleep 2; sleep 2; echo done-$n"));
	ASSERT_TRUE(tty_wait(&tr, "ready\r\n", 30000)) TH_LOG("%s", tr.out);
	usleep(200000);
	tty_send(&tr, "\x03");
	tty_finish(&tr, 30000);
	EXPECT_EQ(0, tr.status) TH_LOG("%s", tr.errtext);
	EXPECT_TRUE(has(tr.out, "got-int-1\r\n")) TH_LOG("%s", tr.out);
	EXPECT_TRUE(has(tr.out, "done-1\r\n")) TH_LOG("%s", tr.out);
	EXPECT_TRUE(has(tr.out, "own-foreground-group\r\n")) TH_LOG("%s", tr.out);
	tty_close(&tr);
}

TEST_F(term, without_a_terminal_the_console_is_still_the_containers_pty)
{
	struct run r;

	REQUIRE_ROOT();
	REQUIRE_PROBE("ns.pid");
	make_ct(_metadata, self->t.name, NULL);
	OK(&r, "execute", "-n", self->t.name, "--", "/bin/sh", "-c",
	   "readlink /proc/self/fd/0; stat -c %t /dev/console");
	EXPECT_STREQ("/dev/null\n88\n", r.out);
	run_free(&r);
}

TEST_F(term, console_path_none_is_dev_null)
{
	struct tty_run tr;
	struct run r;

	REQUIRE_ROOT();
	REQUIRE_PROBE("ns.pid");
	make_ct(_metadata, self->t.name, "lxc.console.path = none\n");
	OK(&r, "execute", "-n", self->t.name, "--", "/bin/sh", "-c", "stat -c %t:%T /dev/console");
	EXPECT_STREQ("1:3\n", r.out);
	run_free(&r);
	/* a caller's terminal still gets a pty of the container's, not /dev/console */
	ASSERT_EQ(0, tty_open(&tr, 24, 80));
	ASSERT_EQ(0, TTY_START(&tr, "execute", "-n", self->t.name, "--", "/bin/sh", "-c",
			       "readlink /proc/self/fd/0; stat -c %t:%T /dev/console"));
	tty_finish(&tr, 30000);
	EXPECT_EQ(0, tr.status) TH_LOG("%s", tr.errtext);
	EXPECT_TRUE(has(tr.out, "/dev/pts/0\r\n1:3\r\n")) TH_LOG("%s", tr.out);
	tty_close(&tr);
}

TEST_F(term, tty_max_gives_tty1_and_tty2)
{
	struct run r;

	REQUIRE_ROOT();
	REQUIRE_PROBE("ns.pid");
	make_ct(_metadata, self->t.name, "lxc.tty.max = 2\n");
	OK(&r, "execute", "-n", self->t.name, "--", "/bin/sh", "-c",
	   "for t in /dev/tty1 /dev/tty2; do stat -c '%n %t' $t; "
	   "[ $(stat -c %d $t) = $(stat -c %d /dev/pts/ptmx) ] && echo of-the-devpts; done; "
	   "test -e /dev/tty3 || echo no-tty3");
	EXPECT_STREQ("/dev/tty1 88\nof-the-devpts\n/dev/tty2 88\nof-the-devpts\nno-tty3\n", r.out);
	run_free(&r);
}

/* lxc.console.path = a terminal of the host: what the container writes on
 * its console comes out there. */
TEST_F(term, console_path_is_the_host_terminal_relayed)
{
	char extra[128];
	struct tty_run host;
	struct run r;

	REQUIRE_ROOT();
	REQUIRE_PROBE("ns.pid");
	ASSERT_EQ(0, tty_open(&host, 24, 80));
	snprintf(extra, sizeof(extra), "lxc.console.path = %s\n", ptsname(host.master));
	make_ct(_metadata, self->t.name, extra);
	OK(&r, "execute", "-n", self->t.name, "--", "/bin/sh", "-c",
	   "stat -c %t /dev/console; echo via-the-path-$((6*7)) >/dev/console");
	EXPECT_STREQ("88\n", r.out);
	run_free(&r);
	EXPECT_TRUE(tty_wait(&host, "via-the-path-42", 5000)) TH_LOG("%s", host.out);
	tty_close(&host);
}

/* A path the container could choose (in its rootfs), or one through a
 * symlink, is refused. */
TEST_F(term, console_path_in_the_rootfs_or_through_a_symlink_is_refused)
{
	char node[PATH_MAX], link[PATH_MAX + 8], extra[2 * PATH_MAX];
	struct run r;

	REQUIRE_ROOT();
	make_ct(_metadata, self->t.name, NULL);
	ct_path(node, sizeof(node), self->t.name, "rootfs/dev-console");
	ASSERT_EQ(0, mknod(node, S_IFCHR | 0600, makedev(5, 0)));
	snprintf(extra, sizeof(extra), "lxc.console.path = %s\n", node);
	ASSERT_EQ(0, append_file(ct_path(link, sizeof(link), self->t.name, "config"), extra));
	RLXC(&r, "execute", "-n", self->t.name, "--", "/bin/true");
	EXPECT_EQ(1, r.status);
	EXPECT_TRUE(has(r.err, "is inside the container's rootfs")) TH_LOG("%s", r.err);
	run_free(&r);
	snprintf(link, sizeof(link), "%s/tty-link", self->t.run);
	ASSERT_EQ(0, symlink("/dev/tty", link));
	snprintf(extra, sizeof(extra), "lxc.console.path = %s\n", link);
	ASSERT_EQ(0, append_file(ct_path(node, sizeof(node), self->t.name, "config"), extra));
	RLXC(&r, "execute", "-n", self->t.name, "--", "/bin/true");
	EXPECT_EQ(1, r.status);
	EXPECT_TRUE(has(r.err, "a symlink is on the way")) TH_LOG("%s", r.err);
	run_free(&r);
}

/* ---- rlxc console ---- */

/* busybox init with a shell on the console and on tty1 */
#define INITTAB "::sysinit:/etc/init.d/rcS\n::respawn:-/bin/sh\ntty1::respawn:/bin/sh\n"

static void start_with_shells(struct __test_metadata *_metadata, const char *name)
{
	char path[PATH_MAX];
	struct run r;

	make_ct(_metadata, name, "lxc.tty.max = 2\n");
	ASSERT_EQ(0, put_file(ct_path(path, sizeof(path), name, "rootfs/etc/inittab"), INITTAB));
	OK(&r, "start", "-n", name);
	run_free(&r);
}

/* rlxc console ARGS: a command to the shell there, its answer, then the
 * escape ESC q. */
static void console_talks(struct __test_metadata *_metadata, const char *name, const char *tty,
			  const char *esc, const char *cmd, const char *answer)
{
	struct tty_run tr;
	char escape[4] = { esc[0] == '^' ? (char)(esc[1] & 0x1f) : esc[0], 'q', '\0' };

	ASSERT_EQ(0, tty_open(&tr, 24, 80));
	ASSERT_EQ(0, TTY_START(&tr, "console", "-n", name, "-t", tty, "-e", esc));
	EXPECT_TRUE(tty_wait(&tr, "Connected to", 30000)) TH_LOG("%s", tr.out);
	tty_send(&tr, "\r");
	usleep(100000);
	tty_send(&tr, cmd);
	EXPECT_TRUE(tty_wait(&tr, answer, 10000)) TH_LOG("%s", tr.out);
	tty_send(&tr, escape);
	tty_finish(&tr, 10000);
	EXPECT_EQ(0, tr.status) TH_LOG("%s\n%s", tr.out, tr.errtext);
	tty_close(&tr);
}

TEST_F(term, console_reaches_the_console_and_tty1_and_detaches)
{
	REQUIRE_ROOT();
	REQUIRE_PROBE("ns.pid");
	start_with_shells(_metadata, self->t.name);
	console_talks(_metadata, self->t.name, "0", "^a", "echo con-$((6*7))\r", "con-42\r\n");
	console_talks(_metadata, self->t.name, "1", "^b", "echo tty-$((6*7)); tty\r",
		      "tty-42\r\n/dev/tty1\r\n");
	/* and again: a detached client gave the console back */
	console_talks(_metadata, self->t.name, "0", "x", "echo again-$((6*7))\r", "again-42");
}

TEST_F(term, one_console_client_at_a_time)
{
	struct tty_run tr;
	struct run r;

	REQUIRE_ROOT();
	REQUIRE_PROBE("ns.pid");
	start_with_shells(_metadata, self->t.name);
	ASSERT_EQ(0, tty_open(&tr, 24, 80));
	ASSERT_EQ(0, TTY_START(&tr, "console", "-n", self->t.name));
	EXPECT_TRUE(tty_wait(&tr, "Connected to", 30000)) TH_LOG("%s", tr.out);
	RLXC(&r, "console", "-n", self->t.name);
	EXPECT_EQ(1, r.status);
	EXPECT_TRUE(has(r.err, "the console of " /* NAME */)) TH_LOG("%s", r.err);
	EXPECT_TRUE(has(r.err, " is busy: another rlxc console is attached to it"))
	TH_LOG("%s", r.err);
	run_free(&r);
	RLXC(&r, "console", "-n", self->t.name, "-t", "3");
	EXPECT_EQ(1, r.status);
	EXPECT_TRUE(has(r.err, "has no tty 3 (lxc.tty.max = 2)")) TH_LOG("%s", r.err);
	run_free(&r);
	/* the container stops: its console client is let go */
	OK(&r, "stop", "-n", self->t.name, "-t", "0");
	run_free(&r);
	tty_finish(&tr, 10000);
	EXPECT_EQ(0, tr.status) TH_LOG("%s", tr.errtext);
	tty_close(&tr);
}

/* As nobody: rlxc console must not hand out root's container's console. */
TEST_F(term, a_non_owner_is_refused_the_console)
{
	char path[PATH_MAX], text[4096] = "";
	FILE *err = tmpfile();
	const char *argv[48];
	int st = -1;
	pid_t pid;

	REQUIRE_ROOT();
	REQUIRE_PROBE("ns.pid");
	ASSERT_NE(NULL, err);
	start_with_shells(_metadata, self->t.name);
	/* nobody may read the store (not its secrets): the supervisor is what says no */
	ASSERT_EQ(0, chmod(self->t.store, 0755));
	ASSERT_EQ(0, chmod(ct_path(path, sizeof(path), self->t.name, ""), 0755));
	run_argv(argv, (const char *const[]){ "console", "-n", self->t.name, NULL });
	fflush(NULL);
	pid = fork();
	if (pid == 0) {
		int null = open("/dev/null", O_RDWR);

		if (setgroups(0, NULL) < 0 || setresgid(65534, 65534, 65534) < 0 ||
		    setresuid(65534, 65534, 65534) < 0)
			_exit(125);
		dup2(null, 0);
		dup2(null, 1);
		dup2(fileno(err), 2);
		execvp(argv[0], (char **)argv);
		_exit(126);
	}
	ASSERT_EQ(pid, waitpid(pid, &st, 0));
	rewind(err);
	text[fread(text, 1, sizeof(text) - 1, err)] = '\0';
	fclose(err);
	EXPECT_EQ(1, WIFEXITED(st) ? WEXITSTATUS(st) : -1) TH_LOG("%s", text);
	EXPECT_TRUE(has(text, "only root and")) TH_LOG("%s", text);
}

/* ---- the TIOCSTI writer, run inside a container ---- */

/* Push INJECTED into the terminal on fd 0, a byte at a time, as an
 * attacker inside a container would. */
static int tiocsti_main(void)
{
	int pushed = 0, refused = 0;

	for (const char *p = INJECTED; *p; p++)
		if (ioctl(0, TIOCSTI, p) == 0)
			pushed++;
		else
			refused++;
	printf("tiocsti: %d pushed, %d refused\n", pushed, refused);
	return 0;
}

int main(int argc, char **argv)
{
	return tty_test_main(argc, argv, tiocsti_main);
}
