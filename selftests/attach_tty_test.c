// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * rlxc attach on a terminal (issue 9): the admin's terminal never enters
 * the container. The admin's terminal is a pty pair the test makes, the
 * controlling terminal, stdin and stdout of rlxc; the attached command
 * must get instead:
 *  - a pty of the container's own devpts (/dev/pts/N inside) as its fds
 *    0-2 and its controlling terminal, owned by its user, sized as the
 *    admin's, following it (SIGWINCH);
 *  - no way to type into the admin's terminal: a TIOCSTI writer inside (this
 *    program, --tiocsti, run from the host's /usr bound read-only) pushes a
 *    command line into its fd 0; nothing may wait as input on the admin's
 *    terminal after, and what it pushed lands in its own pty;
 *  - no fd of the host (its /proc/PID/fd seen from the host);
 *  - its output, its exit status, ^C through its own line discipline, and
 *    the admin's terminal settings put back.
 * Without a terminal stdio is passed through as before, but the admin's
 * controlling terminal stays out of reach (/dev/tty inside). Each test runs
 * on an unprivileged container and on a privileged one that kept
 * sys_admin (there TIOCSTI needs no controlling terminal at all). Each
 * container lives in a temporary store (rlxc_store.h).
 */
#include "kselftest_harness.h"
#include "probe_skip.h"
#include "rlxc_info.h"
#include "rlxc_run.h"
#include "rlxc_store.h"
#include "test_util.h"
#include "tty_run.h"

#include <dirent.h>
#include <fcntl.h>
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

/* stdin and stdout on the terminal, stderr a file; or all three there. */
static int tty_start(struct tty_run *t, bool err_too, const char *const *args)
{
	return tty_spawn(t, (const int[]){ -1, -1, err_too ? -1 : fileno(t->err) }, args);
}

#define ATTACH(t, err_too, name, ...)                                                              \
	tty_start(t, err_too,                                                                      \
		  (const char *const[]){ "attach", "-n", name, "--", __VA_ARGS__, NULL })

/* ---- containers ---- */

FIXTURE(tty)
{
	struct test_store t;
};

/* Unprivileged (the busybox template's default), or privileged keeping
 * sys_admin: TIOCSTI then works on any terminal it holds, ctty or not. */
FIXTURE_VARIANT(tty)
{
	bool privileged;
	const char *extra;
};

FIXTURE_VARIANT_ADD(tty, unprivileged){
	.privileged = false,
	.extra = "",
};

FIXTURE_VARIANT_ADD(tty, privileged_sys_admin){
	.privileged = true,
	.extra = "lxc.cap.keep = sys_admin\n",
};

FIXTURE_SETUP(tty)
{
	ASSERT_EQ(0, test_store_make(&self->t));
}

/* A test that fails leaves its rlxc behind: the admin's terminal, closed
 * with the test, hangs it up. */
FIXTURE_TEARDOWN_PARENT(tty)
{
	test_store_remove(&self->t);
}

/* Create NAME from the busybox template with the host's /usr (and /lib,
 * /lib64) read-only and this program's directory on /opt/rlxc-t (the
 * TIOCSTI writer runs inside), the variant's keys and extra; start it. */
static void up(struct __test_metadata *_metadata, const struct test_store *t,
	       const FIXTURE_VARIANT(tty) * v, const char *extra)
{
	char path[PATH_MAX], conf[PATH_MAX + 1024];
	struct run r;

	snprintf(conf, sizeof(conf),
		 "lxc.mount.entry = /usr usr none bind,ro,create=dir 0 0\n"
		 "lxc.mount.entry = /lib lib none bind,ro,create=dir 0 0\n"
		 "lxc.mount.entry = /lib64 lib64 none bind,ro,create=dir,optional 0 0\n"
		 "lxc.mount.entry = %s opt/rlxc-t none bind,ro,create=dir 0 0\n%s%s",
		 self_dir, v->extra, extra ? extra : "");
	snprintf(path, sizeof(path), "%s/%s.conf", t->run, t->name);
	ASSERT_EQ(0, put_file(path, conf));
	if (v->privileged)
		RLXC(&r, "create", "-n", t->name, "-t", "busybox", "--privileged", "-f", path);
	else
		RLXC(&r, "create", "-n", t->name, "-t", "busybox", "-f", path);
	ASSERT_EQ(0, r.status) TH_LOG("%s", r.err);
	run_free(&r);
	RLXC(&r, "start", "-n", t->name);
	ASSERT_EQ(0, r.status) TH_LOG("%s", r.err);
	run_free(&r);
}

/* The host pid of the container's process running CMD (`rlxc ps`), within
 * ms; 0 when none. */
static pid_t ps_find(const char *name, const char *cmd, int ms)
{
	char *line, *save = NULL, *rest;
	long end = now_ms() + ms, pid;
	pid_t found = 0;
	struct run r;

	while (!found && now_ms() < end) {
		RLXC(&r, "ps", "-n", name);
		for (line = strtok_r(r.out, "\n", &save); line;
		     line = strtok_r(NULL, "\n", &save)) {
			pid = strtol(line, &rest, 10);
			while (*rest == ' ')
				rest++;
			if (pid > 0 && strcmp(rest, cmd) == 0)
				found = (pid_t)pid;
		}
		run_free(&r);
		if (!found)
			usleep(50000);
	}
	return found;
}

/* ---- what the attached command's terminal is ---- */

/* fds 0-2: of the devpts of /dev/pts/ptmx; the size; the owner; the
 * controlling terminal (tty_nr of /proc/self/stat) against fd 0's device. */
#define WHAT_TERMINAL                                                                              \
	"readlink /proc/self/fd/0; tty; pts=$(stat -c %d /dev/pts/ptmx); "                         \
	"for i in 0 1 2; do [ $(stat -L -c %d /proc/$$/fd/$i) = $pts ] && echo fd$i-own; done; "   \
	"stty size; [ $(stat -L -c %u /proc/self/fd/0) = $(id -u) ] && echo owned; "               \
	"echo ctty=$(cut -d' ' -f7 /proc/self/stat) "                                              \
	"fd0=$(( 0x$(stat -L -c %t /proc/self/fd/0) * 256 + 0x$(stat -L -c %T /proc/self/fd/0) ))"

/* "ctty=A fd0=B" in text, with A == B and A a pty's (major 136..143). */
static bool ctty_is_fd0(const char *text)
{
	const char *p = strstr(text, "ctty=");
	long ctty, fd0;

	if (!p || sscanf(p, "ctty=%ld fd0=%ld", &ctty, &fd0) != 2)
		return false;
	return ctty == fd0 && ctty >> 8 >= 136 && ctty >> 8 < 144;
}

TEST_F_TIMEOUT(tty, stdio_is_a_pty_of_the_containers_devpts_and_its_ctty, 120)
{
	struct tty_run trun, *tr = &trun;
	char *p;

	REQUIRE_ROOT();
	REQUIRE_PROBE("fs.devpts");
	up(_metadata, &self->t, variant, NULL);
	ASSERT_EQ(0, tty_open(tr, 37, 101));
	ASSERT_EQ(0, ATTACH(tr, true, self->t.name, "/bin/sh", "-c", WHAT_TERMINAL));
	tty_finish(tr, 60000);
	EXPECT_EQ(0, tr->status) TH_LOG("%s", tr->errtext);
	/* /dev/pts/N of the container: the name inside is the name of fd 0 */
	ASSERT_NE(NULL, p = strstr(tr->out, "/dev/pts/")) TH_LOG("%s", tr->out);
	EXPECT_EQ(0, strncmp(p, "/dev/pts/", 9));
	EXPECT_TRUE(has(tr->out, "fd0-own\r\nfd1-own\r\nfd2-own\r\n37 101\r\nowned\r\n"))
	TH_LOG("%s", tr->out);
	EXPECT_TRUE(ctty_is_fd0(tr->out)) TH_LOG("%s", tr->out);
	/* the name, twice: readlink and tty agree */
	if (p && strchr(p, '\r')) {
		char name[32];

		snprintf(name, sizeof(name), "%.*s\r\n%.*s\r\n", (int)(strchr(p, '\r') - p), p,
			 (int)(strchr(p, '\r') - p), p);
		EXPECT_TRUE(has(tr->out, name)) TH_LOG("%s", tr->out);
	}
	tty_close(tr);
}

/* lxc.init.uid: the pty is that user's, who may open it again by name. */
TEST_F_TIMEOUT(tty, the_pty_belongs_to_the_commands_user, 120)
{
	struct tty_run trun, *tr = &trun;

	REQUIRE_ROOT();
	up(_metadata, &self->t, variant, "lxc.init.uid = 1000\nlxc.init.gid = 1000\n");
	ASSERT_EQ(0, tty_open(tr, 24, 80));
	ASSERT_EQ(
		0,
		ATTACH(tr, false, self->t.name, "/bin/sh", "-c",
		       "stat -L -c owner=%u /proc/self/fd/0; echo again >$(tty) && echo reopened"));
	tty_finish(tr, 60000);
	EXPECT_EQ(0, tr->status) TH_LOG("%s", tr->errtext);
	EXPECT_TRUE(has(tr->out, "owner=1000\r\nagain\r\nreopened\r\n")) TH_LOG("%s", tr->out);
	tty_close(tr);
}

/* ---- the attack: TIOCSTI into the caller's terminal ---- */

TEST_F_TIMEOUT(tty, tiocsti_does_not_reach_the_callers_terminal, 120)
{
	struct tty_run trun, *tr = &trun;
	char pending[256];
	int pushed = -1;
	char *p;

	REQUIRE_ROOT();
	up(_metadata, &self->t, variant, NULL);
	ASSERT_EQ(0, tty_open(tr, 24, 80));
	ASSERT_EQ(0, ATTACH(tr, false, self->t.name, "/opt/rlxc-t/attach_tty_test", "--tiocsti"));
	tty_finish(tr, 60000);
	EXPECT_EQ(0, tr->status) TH_LOG("%s", tr->errtext);
	ASSERT_NE(NULL, p = strstr(tr->out, "tiocsti: ")) TH_LOG("%s\n%s", tr->out, tr->errtext);
	sscanf(p, "tiocsti: %d pushed", &pushed);
	tty_pending(tr, pending, sizeof(pending));
	EXPECT_STREQ("", pending) TH_LOG("the container typed into the admin's terminal");
	/* it pushed into its own pty, where it read the line back */
	EXPECT_TRUE(has(p, "; fd 0: the container's pty")) TH_LOG("%s", p);
	if (pushed > 0)
		EXPECT_TRUE(has(p, "; it got: echo rlxc-pwned\\n\r\n")) TH_LOG("%s", p);
	/* privileged with sys_admin, TIOCSTI is allowed whatever the ctty */
	if (variant->privileged)
		EXPECT_EQ((int)strlen(INJECTED), pushed) TH_LOG("%s", p);
	tty_close(tr);
}

/* ---- what the host sees of the attached process ---- */

/* Every fd of PID is the container's pty: a pty slave on the devpts of
 * ptmx_dev; how many there are; the pty's device in *rdev. */
static int only_the_pty(struct __test_metadata *_metadata, pid_t pid, dev_t ptmx_dev, dev_t *rdev)
{
	char path[64], entry[PATH_MAX + 64], link[PATH_MAX];
	struct dirent *de;
	struct stat st;
	int n = 0;
	DIR *d;

	snprintf(path, sizeof(path), "/proc/%d/fd", (int)pid);
	d = opendir(path);
	EXPECT_NE(NULL, d) TH_LOG("%s: %s", path, strerror(errno));
	while (d && (de = readdir(d))) {
		ssize_t len;

		if (de->d_name[0] == '.')
			continue;
		snprintf(entry, sizeof(entry), "%s/%s", path, de->d_name);
		len = readlink(entry, link, sizeof(link) - 1);
		link[len > 0 ? len : 0] = '\0';
		n++;
		EXPECT_EQ(0, stat(entry, &st)) TH_LOG("%s -> %s", entry, link);
		EXPECT_TRUE(S_ISCHR(st.st_mode)) TH_LOG("fd %s -> %s", de->d_name, link);
		EXPECT_EQ(ptmx_dev, st.st_dev) TH_LOG("fd %s -> %s: a host fd", de->d_name, link);
		EXPECT_LE(136, (int)major(st.st_rdev)) TH_LOG("fd %s -> %s", de->d_name, link);
		*rdev = st.st_rdev;
	}
	if (d)
		closedir(d);
	return n;
}

/* Field N (1-based) of /proc/PID/stat, after the command's name. */
static long stat_field(pid_t pid, int n)
{
	char path[64], text[1024], *p;
	long v = -1;

	snprintf(path, sizeof(path), "/proc/%d/stat", (int)pid);
	if (get_file(path, text, sizeof(text)) < 0 || !(p = strrchr(text, ')')))
		return -1;
	for (int i = 2; i < n && p; i++)
		p = strchr(p + 1, ' ');
	if (p)
		sscanf(p + 1, "%ld", &v);
	return v;
}

TEST_F_TIMEOUT(tty, no_host_fd_in_the_attached_process_and_ctrl_c_reaches_it, 120)
{
	struct tty_run trun, *tr = &trun;
	char ptmx[64];
	struct stat pts, mine;
	dev_t rdev = 0;
	pid_t init, pid;

	REQUIRE_ROOT();
	up(_metadata, &self->t, variant, NULL);
	ASSERT_LT(0, init = info_int(_metadata, self->t.name, "pid"));
	snprintf(ptmx, sizeof(ptmx), "/proc/%d/root/dev/pts/ptmx", (int)init);
	ASSERT_EQ(0, stat(ptmx, &pts)) TH_LOG("%s: %s", ptmx, strerror(errno));
	ASSERT_EQ(0, tty_open(tr, 24, 80));
	ASSERT_EQ(0, fstat(tr->slave, &mine));
	ASSERT_EQ(0, ATTACH(tr, true, self->t.name, "/bin/sh", "-c", "echo ready; exec sleep 30"));
	ASSERT_TRUE(tty_wait(tr, "ready", 60000)) TH_LOG("%s", tr->out);
	ASSERT_LT(0, pid = ps_find(self->t.name, "sleep 30", 20000));
	EXPECT_EQ(3, only_the_pty(_metadata, pid, pts.st_dev, &rdev));
	EXPECT_NE(mine.st_rdev, rdev) TH_LOG("the admin's terminal is in the container");
	/* its own session, whose controlling terminal is the pty */
	EXPECT_EQ((long)pid, stat_field(pid, 6));
	EXPECT_EQ((long)rdev, stat_field(pid, 7));
	/* ^C typed on the admin's terminal: SIGINT from the pty's line discipline */
	tty_send(tr, "\x03");
	tty_finish(tr, 30000);
	EXPECT_EQ(128 + SIGINT, tr->status) TH_LOG("%s", tr->out);
	tty_close(tr);
}

/* ---- what goes through ---- */

TEST_F_TIMEOUT(tty, output_status_and_window_size_are_relayed, 120)
{
	struct winsize ws = { .ws_row = 50, .ws_col = 120 };
	struct tty_run trun, *tr = &trun;
	struct termios before, after;

	REQUIRE_ROOT();
	up(_metadata, &self->t, variant, NULL);
	ASSERT_EQ(0, tty_open(tr, 37, 101));
	ASSERT_EQ(0, tcgetattr(tr->slave, &before));
	ASSERT_EQ(0, ATTACH(tr, false, self->t.name, "/bin/sh", "-c",
			    "stty size; read x; echo typed-$x; stty size; echo err-$((7*7)) >&2; "
			    "exit 7"));
	ASSERT_TRUE(tty_wait(tr, "37 101\r\n", 60000)) TH_LOG("%s", tr->out);
	ASSERT_EQ(0, ioctl(tr->master, TIOCSWINSZ, &ws)); /* SIGWINCH to rlxc */
	usleep(200000);
	tty_send(tr, "hello\r");
	tty_finish(tr, 30000);
	EXPECT_EQ(7, tr->status) TH_LOG("%s", tr->errtext);
	EXPECT_TRUE(has(tr->out, "typed-hello\r\n50 120\r\n")) TH_LOG("%s", tr->out);
	/* stderr is not a terminal: the caller's own, passed through (after
	 * what valgrind may say there) */
	EXPECT_TRUE(has(tr->errtext, "err-49\n")) TH_LOG("%s", tr->errtext);
	EXPECT_FALSE(has(tr->out, "err-49")) TH_LOG("%s", tr->out);
	/* the admin's terminal is as it was (rlxc made it raw) */
	ASSERT_EQ(0, tcgetattr(tr->slave, &after));
	EXPECT_EQ(before.c_lflag, after.c_lflag);
	EXPECT_EQ(before.c_iflag, after.c_iflag);
	EXPECT_EQ(before.c_oflag, after.c_oflag);
	tty_close(tr);
	/* a signal that kills it, and a command that is not there */
	ASSERT_EQ(0, tty_open(tr, 24, 80));
	ASSERT_EQ(0, ATTACH(tr, true, self->t.name, "/bin/sh", "-c", "echo out; kill -TERM $$"));
	tty_finish(tr, 60000);
	EXPECT_EQ(128 + SIGTERM, tr->status) TH_LOG("%s", tr->out);
	EXPECT_TRUE(has(tr->out, "out\r\n")) TH_LOG("%s", tr->out);
	tty_close(tr);
	ASSERT_EQ(0, tty_open(tr, 24, 80));
	ASSERT_EQ(0, ATTACH(tr, true, self->t.name, "nosuchcmd"));
	tty_finish(tr, 60000);
	EXPECT_EQ(127, tr->status) TH_LOG("%s", tr->out);
	EXPECT_TRUE(has(tr->out, "rlxc: nosuchcmd: command not found")) TH_LOG("%s", tr->out);
	tty_close(tr);
}

/* ---- without a terminal ---- */

TEST_F_TIMEOUT(tty, without_a_terminal_stdio_is_passed_through, 120)
{
	struct tty_run trun, *tr = &trun;
	char text[4096] = "";
	FILE *out = tmpfile();
	struct run r;
	ssize_t n;
	int in[2];

	REQUIRE_ROOT();
	ASSERT_NE(NULL, out);
	up(_metadata, &self->t, variant, NULL);
	RLXC(&r, "attach", "-n", self->t.name, "--", "/bin/sh", "-c",
	     "readlink /proc/self/fd/0; ls /proc/self/fd | wc -l; exit 3");
	EXPECT_EQ(3, r.status) TH_LOG("%s", r.err);
	EXPECT_STREQ("/dev/null\n4\n", r.out); /* 0-2, and the directory ls reads */
	run_free(&r);
	/* stdin a pipe, stdout a file, in a session whose controlling terminal
	 * is the admin's: /dev/tty inside does not reach it */
	ASSERT_EQ(0, tty_open(tr, 24, 80));
	ASSERT_EQ(0, pipe2(in, O_CLOEXEC));
	ASSERT_EQ(0, tty_spawn(tr, (const int[]){ in[0], fileno(out), fileno(tr->err) },
			       (const char *const[]){ "attach", "-n", self->t.name, "--", "/bin/sh",
						      "-c",
						      "cat; (exec 3<>/dev/tty) 2>/dev/null "
						      "&& echo got-a-tty; echo done",
						      NULL }));
	close(in[0]);
	ASSERT_EQ(6, write(in[1], "piped\n", 6));
	close(in[1]);
	tty_finish(tr, 60000);
	EXPECT_EQ(0, tr->status) TH_LOG("%s", tr->errtext);
	n = pread(fileno(out), text, sizeof(text) - 1, 0);
	text[n > 0 ? n : 0] = '\0';
	EXPECT_STREQ("piped\ndone\n", text);
	EXPECT_EQ((size_t)0, tr->len) TH_LOG("on the admin's terminal: %s", tr->out);
	fclose(out);
	tty_close(tr);
}

/* ---- the TIOCSTI writer, run inside a container ---- */

/* Is fd 0 a terminal of the devpts that /dev/pts/ptmx is on? */
static bool fd0_is_own_pty(void)
{
	struct stat in, ptmx;

	return isatty(0) && fstat(0, &in) == 0 && stat("/dev/pts/ptmx", &ptmx) == 0 &&
	       in.st_dev == ptmx.st_dev;
}

/* What fd 0 has to read now, newlines as "\n", in shown. */
static void read_back(char *shown, size_t len)
{
	struct pollfd p = { .fd = 0, .events = POLLIN };
	char got[256];
	ssize_t n = 0;
	size_t k = 0;

	if (poll(&p, 1, 500) > 0 && (n = read(0, got, sizeof(got))) < 0)
		n = 0;
	for (ssize_t i = 0; i < n && k + 3 < len; i++) {
		if (got[i] == '\n')
			shown[k++] = '\\';
		shown[k++] = got[i] == '\n' ? 'n' : got[i];
	}
	shown[k] = '\0';
}

/* Push INJECTED into the terminal on fd 0, a byte at a time, as an
 * attacker inside a container would; then, when that terminal is the
 * container's own, read back what it has (on another, reading would take
 * the line away from the admin's shell, and from the test's eyes). */
static int tiocsti_main(void)
{
	bool own = fd0_is_own_pty();
	int pushed = 0, refused = 0;
	char shown[512] = "";

	for (const char *c = INJECTED; *c; c++)
		if (ioctl(0, TIOCSTI, c) == 0)
			pushed++;
		else
			refused++;
	if (own && pushed)
		read_back(shown, sizeof(shown));
	printf("tiocsti: %d pushed, %d refused; fd 0: %s; it got: %s\n", pushed, refused,
	       own ? "the container's pty" : "another terminal", shown);
	return 0;
}

int main(int argc, char **argv)
{
	return tty_test_main(argc, argv, tiocsti_main);
}
