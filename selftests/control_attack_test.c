// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Attacks on a running container's control channel, each as an attacker
 * review reproduced it against the abstract socket of old (16 slots,
 * credentials checked only once a client had a slot, a client that
 * trusted whoever answered):
 *  - another user holds idle connections: root's freeze, kill, stop fail;
 *  - a process that gets past the socket's mode but is nobody holds them;
 *  - root's own idle connections hold every slot;
 *  - another user binds the name of a stopped container: its start fails
 *    and root's kill and freeze talk to the fake;
 *  - a flood of connections ends root's stop at once, the container still
 *    RUNNING;
 *  - a container in the host's network namespace reaches the supervisor;
 *  - whatever answers on the socket is asked, even when it is not the
 *    supervisor.
 * The attacker finds what the supervisor listens on as anyone can: the
 * names /proc/net/unix shows for its sockets, and RUN_DIR/command. On
 * busybox containers in a temporary store whose runtime directory is 0755,
 * as /run/rlxc is (the rt fixture, runtime_fixture.h).
 */
#include "kselftest_harness.h"
#include "probe_skip.h"
#include "rlxc_run.h"
#include "rlxc_store.h"
#include "runtime_fixture.h"
#include "test_util.h"

#include "state/state.h"
#include "store/container.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <poll.h>
#include <sched.h>
#include <signal.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <sys/fsuid.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <unistd.h>

#define MAX_NAMES 8

/* What an attacker can aim at: the names the supervisor listens on, as
 * /proc/net/unix shows them ("@NAME" for an abstract one), and RUN_DIR. */
struct target {
	char run_dir[PATH_MAX];
	pid_t sup, init;
	int n;
	char name[MAX_NAMES][110];
};

/* The wire format of a request and its answer, as a fake server sees it. */
struct request {
	int op, arg;
};
struct answer {
	int status;
	char msg[1000];
};

/* The inodes of pid's sockets (/proc/PID/fd/N -> socket:[INODE]). */
static int socket_inodes(pid_t pid, unsigned long *ino, int max)
{
	char path[64], link[64];
	int n = 0;

	for (int fd = 0; fd < 64 && n < max; fd++) {
		ssize_t len;

		snprintf(path, sizeof(path), "/proc/%d/fd/%d", (int)pid, fd);
		if ((len = readlink(path, link, sizeof(link) - 1)) <= 0)
			continue;
		link[len] = '\0';
		if (sscanf(link, "socket:[%lu]", &ino[n]) == 1)
			n++;
	}
	return n;
}

static bool has_inode(const unsigned long *ino, int n, unsigned long want)
{
	for (int i = 0; i < n; i++)
		if (ino[i] == want)
			return true;
	return false;
}

/* The running container's supervisor, init and listening names. */
static int find_target(struct target *t, const struct test_store *s)
{
	struct rlxc_error err = { 0 };
	struct rlxc_status st;
	unsigned long ino[16], inode;
	char line[512], name[110];
	unsigned flags;
	int n;
	FILE *f;

	memset(t, 0, sizeof(*t));
	snprintf(t->run_dir, sizeof(t->run_dir), "%s/%s", s->run, s->name);
	if (rlxc_status_read(t->run_dir, &st, &err) < 0 || st.supervisor <= 0)
		return -1;
	t->sup = st.supervisor;
	t->init = st.init;
	n = socket_inodes(t->sup, ino, 16);
	if (!(f = fopen("/proc/net/unix", "r")))
		return -1;
	while (fgets(line, sizeof(line), f) && t->n < MAX_NAMES)
		if (sscanf(line, "%*s %*s %*s %x %*s %*s %lu %109s", &flags, &inode, name) == 3 &&
		    (flags & 0x10000) && has_inode(ino, n, inode)) /* __SO_ACCEPTCON */
			snprintf(t->name[t->n++], sizeof(t->name[0]), "%s", name);
	fclose(f);
	return 0;
}

static socklen_t name_addr(struct sockaddr_un *sa, const char *name)
{
	size_t len = strlen(name);

	memset(sa, 0, sizeof(*sa));
	sa->sun_family = AF_UNIX;
	memcpy(sa->sun_path, name, len < sizeof(sa->sun_path) ? len : sizeof(sa->sun_path));
	if (name[0] == '@')
		sa->sun_path[0] = '\0';
	return (socklen_t)(offsetof(struct sockaddr_un, sun_path) + len);
}

/* Connect, without blocking, to a name as /proc/net/unix shows it. */
static int connect_name(const char *name)
{
	int fd = socket(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC | SOCK_NONBLOCK, 0), ret;
	struct sockaddr_un sa;
	socklen_t len = name_addr(&sa, name);

	if (fd < 0)
		return -errno;
	if (connect(fd, (struct sockaddr *)&sa, len) == 0)
		return fd;
	ret = -errno;
	close(fd);
	return ret;
}

/* As an attacker would: each abstract name the supervisor listens on,
 * then RUN_DIR/command. The fd, or -errno. */
static int attack_connect(const struct target *t)
{
	char path[64];
	int ret = -ENOENT, dir;

	for (int i = 0; i < t->n; i++)
		if (t->name[i][0] == '@' && (ret = connect_name(t->name[i])) >= 0)
			return ret;
	if ((dir = open(t->run_dir, O_PATH | O_DIRECTORY | O_CLOEXEC)) < 0)
		return -errno;
	snprintf(path, sizeof(path), "/proc/self/fd/%d/command", dir);
	ret = connect_name(path);
	close(dir);
	return ret;
}

/* Who attacks: another user, or a process whose files are root's (fsuid
 * 0: the socket's mode lets it connect) but whose credentials are
 * nobody's; or root. */
enum attacker { OTHER_USER, NOBODY_WITH_ROOT_FILES, ROOT };

/* Become who, and go with the test (a change of credentials clears the
 * parent-death signal: it is set after). */
static int become(enum attacker who)
{
	if (who != ROOT && setresgid(65534, 65534, 65534) < 0)
		return -1;
	if (who == OTHER_USER && setresuid(65534, 65534, 65534) < 0)
		return -1;
	if (who == NOBODY_WITH_ROOT_FILES) {
		if (setresuid(0, 65534, 0) < 0)
			return -1;
		setfsuid(0); /* allowed: the real uid is 0 */
		if (setfsuid((uid_t)-1) != 0)
			return -1;
	}
	return prctl(PR_SET_PDEATHSIG, SIGKILL);
}

/* Shared with the attackers (MAP_SHARED): what they did. */
struct report {
	int connected;	/* connections made and held */
	int answered;	/* of those, answered while silent */
	int requests;	/* requests a fake server received */
	int bound;	/* names a fake server took */
	int path_errno; /* why it could not take RUN_DIR/command */
};

static struct report *shared_report(void)
{
	struct report *r =
		mmap(NULL, sizeof(*r), PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);

	return r == MAP_FAILED ? NULL : memset(r, 0, sizeof(*r));
}

struct holder {
	const struct target *t;
	enum attacker who;
	int want;
	struct report *r;
};

/* As h->who, make h->want connections and hold them (hold_child). */
static int hold_idle(void *arg)
{
	struct holder *h = arg;

	if (become(h->who) < 0)
		return EPERM;
	for (int i = 0; i < h->want; i++)
		if (attack_connect(h->t) >= 0)
			h->r->connected++;
	return 0;
}

/* Root's verbs still work (the freeze is real), and the container ends
 * STOPPED. */
static void root_still_served(struct __test_metadata *_metadata, const char *name)
{
	struct run r;

	RLXC(&r, "freeze", "-n", name);
	EXPECT_EQ(0, r.status) TH_LOG("freeze: %s", r.err);
	run_free(&r);
	expect_state(_metadata, name, "FROZEN");
	RLXC(&r, "unfreeze", "-n", name);
	EXPECT_EQ(0, r.status) TH_LOG("unfreeze: %s", r.err);
	run_free(&r);
	RLXC(&r, "kill", "-n", name, "-s", "SIGCONT");
	EXPECT_EQ(0, r.status) TH_LOG("kill: %s", r.err);
	run_free(&r);
	RLXC(&r, "stop", "-n", name, "-t", "0");
	EXPECT_EQ(0, r.status) TH_LOG("stop: %s", r.err);
	run_free(&r);
	expect_state(_metadata, name, "STOPPED");
}

static void start_one(struct __test_metadata *_metadata, struct test_store *t, struct target *tg)
{
	struct run r;

	ASSERT_EQ(0, chmod(t->run, 0755));
	create(_metadata, t->name);
	OK(&r, "start", "-n", t->name);
	run_free(&r);
	ASSERT_EQ(0, find_target(tg, t));
}

/* Another user's idle connections take nothing from root: it cannot even
 * connect (RUN_DIR/command is 0600). */
TEST_F_TIMEOUT(rt, idle_connections_of_another_user_block_no_one, 60)
{
	struct report *rep = shared_report();
	struct target tg;
	struct holder h = { &tg, OTHER_USER, 64, rep };
	struct held held;

	REQUIRE_ROOT();
	ASSERT_NE(NULL, rep);
	start_one(_metadata, &self->t, &tg);
	ASSERT_EQ(0, hold_child(&held, hold_idle, &h));
	TH_LOG("nobody holds %d connections", rep->connected);
	root_still_served(_metadata, self->t.name);
	release_child(&held);
	munmap(rep, sizeof(*rep));
}

/* Wait up to ms for an answer on each of n fds: how many got one. */
static int answered(const int *fd, int n, int ms)
{
	struct pollfd p[64];
	int got = 0;

	for (int i = 0; i < n; i++)
		p[i] = (struct pollfd){ .fd = fd[i], .events = POLLIN };
	for (int waited = 0; got < n && waited < ms; waited += 100) {
		poll(p, (nfds_t)n, 100);
		for (int i = 0; i < n; i++)
			if (p[i].fd >= 0 && p[i].revents) {
				got++;
				p[i].fd = -1;
			}
	}
	return got;
}

/* As nobody with root's files: connect up to want times, then see how
 * many are answered without having asked anything. */
static int hold_and_watch(void *arg)
{
	struct holder *h = arg;
	int fd[64];

	if (become(h->who) < 0)
		return EPERM;
	for (int i = 0; i < h->want; i++)
		if ((fd[h->r->connected] = attack_connect(h->t)) >= 0)
			h->r->connected++;
	h->r->answered = -1;
	if (fork() == 0) { /* watches while the parent reports ready */
		prctl(PR_SET_PDEATHSIG, SIGKILL);
		h->r->answered = answered(fd, h->r->connected, 10000);
		_exit(0);
	}
	return 0;
}

/* A peer that may not ask is sent away at accept, before it is kept: it
 * has its answer without having said a word, and root is served. */
TEST_F_TIMEOUT(rt, a_peer_that_may_not_ask_is_sent_away_at_accept, 60)
{
	struct report *rep = shared_report();
	struct target tg;
	struct holder h = { &tg, NOBODY_WITH_ROOT_FILES, 48, rep };
	struct held held;

	REQUIRE_ROOT();
	ASSERT_NE(NULL, rep);
	start_one(_metadata, &self->t, &tg);
	ASSERT_EQ(0, hold_child(&held, hold_and_watch, &h));
	EXPECT_LT(16, rep->connected) TH_LOG("only %d connections", rep->connected);
	for (int i = 0; i < 110 && rep->answered < 0; i++)
		usleep(100000);
	EXPECT_EQ(rep->connected, rep->answered);
	root_still_served(_metadata, self->t.name);
	release_child(&held);
	munmap(rep, sizeof(*rep));
}

/* Root's own idle connections, more than the 16 slots of old, block no
 * one, and each is sent away once silent for too long, with why. */
TEST_F_TIMEOUT(rt, idle_clients_of_allowed_users_block_no_one, 60)
{
	struct answer a;
	struct target tg;
	int fd[40], n = 0;
	struct run r;

	REQUIRE_ROOT();
	start_one(_metadata, &self->t, &tg);
	for (int i = 0; i < 40; i++)
		if ((fd[n] = attack_connect(&tg)) >= 0)
			n++;
	EXPECT_EQ(40, n);
	root_still_served(_metadata, self->t.name);
	for (int i = 0; i < n; i++)
		close(fd[i]);
	/* and one that stays silent alone is answered: it waited too long */
	OK(&r, "start", "-n", self->t.name);
	run_free(&r);
	ASSERT_EQ(0, find_target(&tg, &self->t));
	fd[0] = attack_connect(&tg);
	ASSERT_LE(0, fd[0]);
	EXPECT_EQ(1, answered(fd, 1, 15000));
	EXPECT_EQ((ssize_t)sizeof(a), recv(fd[0], &a, sizeof(a), MSG_DONTWAIT));
	EXPECT_EQ(-ETIMEDOUT, a.status) TH_LOG("%s", a.msg);
	close(fd[0]);
	root_still_served(_metadata, self->t.name);
}

/* A fake supervisor on every name it could take: it answers every
 * request "done" and counts them. */
static int fake_supervisor(struct report *rep, int *lfd, int n)
{
	struct pollfd p[MAX_NAMES + 1];
	struct answer a = { 0 };
	struct request rq;

	for (int i = 0; i < n; i++)
		p[i] = (struct pollfd){ .fd = lfd[i], .events = POLLIN };
	for (;;) {
		if (poll(p, (nfds_t)n, -1) < 0)
			return 1;
		for (int i = 0; i < n; i++) {
			int fd = p[i].revents ? accept4(lfd[i], NULL, NULL, SOCK_CLOEXEC) : -1;

			if (fd < 0)
				continue;
			if (recv(fd, &rq, sizeof(rq), 0) > 0)
				__atomic_add_fetch(&rep->requests, 1, __ATOMIC_SEQ_CST);
			send(fd, &a, sizeof(a), MSG_NOSIGNAL);
			close(fd);
		}
	}
}

static int bind_name(const char *name)
{
	int fd = socket(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0), ret;
	struct sockaddr_un sa;
	socklen_t len = name_addr(&sa, name);

	if (fd < 0)
		return -errno;
	if (bind(fd, (struct sockaddr *)&sa, len) == 0 && listen(fd, 16) == 0)
		return fd;
	ret = -errno;
	close(fd);
	return ret;
}

struct squatter {
	const struct target *t;
	enum attacker who;
	struct report *r;
};

/* Take every name the supervisor listened on, and RUN_DIR/command if it
 * can; then serve as a fake supervisor in a child of its own. */
static int squat(void *arg)
{
	struct squatter *q = arg;
	int lfd[MAX_NAMES + 1], n = 0, dir, fd;
	char path[64];

	if (become(q->who) < 0)
		return EPERM;
	for (int i = 0; i < q->t->n; i++)
		if (q->t->name[i][0] == '@' && (lfd[n] = bind_name(q->t->name[i])) >= 0)
			n++;
	if ((dir = open(q->t->run_dir, O_PATH | O_DIRECTORY | O_CLOEXEC)) >= 0) {
		snprintf(path, sizeof(path), "/proc/self/fd/%d/command", dir);
		if ((fd = bind_name(path)) >= 0)
			lfd[n++] = fd;
		else
			q->r->path_errno = -fd;
		close(dir);
	}
	q->r->bound = n;
	if (n && fork() == 0) {
		prctl(PR_SET_PDEATHSIG, SIGKILL); /* with the held child */
		_exit(fake_supervisor(q->r, lfd, n));
	}
	return 0;
}

/* Nobody can take a stopped container's socket: its start works, and
 * root's requests are never put to the fake. */
TEST_F_TIMEOUT(rt, a_stopped_containers_socket_cannot_be_squatted, 60)
{
	struct report *rep = shared_report();
	struct target tg;
	struct squatter q = { &tg, OTHER_USER, rep };
	struct held held;
	struct run r;
	int started;

	REQUIRE_ROOT();
	ASSERT_NE(NULL, rep);
	start_one(_metadata, &self->t, &tg);
	OK(&r, "stop", "-n", self->t.name, "-t", "0");
	run_free(&r);
	ASSERT_EQ(0, hold_child(&held, squat, &q));
	EXPECT_EQ(EACCES, rep->path_errno);
	TH_LOG("nobody took %d names", rep->bound);
	RLXC(&r, "kill", "-n", self->t.name);
	EXPECT_NE(0, r.status) TH_LOG("kill of a STOPPED container: '%s'", r.err);
	run_free(&r);
	RLXC(&r, "freeze", "-n", self->t.name);
	EXPECT_NE(0, r.status) TH_LOG("freeze of a STOPPED container: '%s'", r.err);
	run_free(&r);
	RLXC(&r, "start", "-n", self->t.name);
	EXPECT_EQ(0, started = r.status) TH_LOG("start: %s", r.err);
	run_free(&r);
	if (started == 0)
		root_still_served(_metadata, self->t.name);
	EXPECT_EQ(0, rep->requests);
	release_child(&held);
	munmap(rep, sizeof(*rep));
}

/* What replace_socket() moved aside, to put back. */
static void put_back(const struct target *t)
{
	char path[PATH_MAX + 16], aside[PATH_MAX + 16];

	snprintf(path, sizeof(path), "%s/command", t->run_dir);
	snprintf(aside, sizeof(aside), "%s/command.real", t->run_dir);
	unlink(path);
	rename(aside, path);
}

/* Root's client asks only the supervisor the state file names: a process
 * that answers on RUN_DIR/command in its place (here root's own, the only
 * one that could put it there) is not asked, and the error says so. */
TEST_F_TIMEOUT(rt, a_client_asks_only_the_supervisor, 60)
{
	char path[PATH_MAX + 16], aside[PATH_MAX + 16];
	struct report *rep = shared_report();
	struct target tg;
	struct squatter q = { &tg, ROOT, rep };
	struct held held = { 0 };
	struct run r;

	REQUIRE_ROOT();
	ASSERT_NE(NULL, rep);
	start_one(_metadata, &self->t, &tg);
	snprintf(path, sizeof(path), "%s/command", tg.run_dir);
	snprintf(aside, sizeof(aside), "%s/command.real", tg.run_dir);
	EXPECT_EQ(0, rename(path, aside));
	tg.n = 0; /* the fake takes RUN_DIR/command only */
	EXPECT_EQ(0, hold_child(&held, squat, &q));
	EXPECT_EQ(1, rep->bound);
	RLXC(&r, "freeze", "-n", self->t.name);
	EXPECT_EQ(1, r.status);
	EXPECT_TRUE(has(r.err, "not its supervisor")) TH_LOG("%s", r.err);
	run_free(&r);
	RLXC(&r, "stop", "-n", self->t.name, "-t", "0");
	EXPECT_EQ(1, r.status);
	EXPECT_TRUE(has(r.err, "not its supervisor")) TH_LOG("%s", r.err);
	run_free(&r);
	EXPECT_EQ(0, rep->requests);
	if (held.pid > 0)
		release_child(&held);
	put_back(&tg);
	expect_state(_metadata, self->t.name, "RUNNING");
	root_still_served(_metadata, self->t.name);
	munmap(rep, sizeof(*rep));
}

struct flooder {
	const struct target *t;
	enum attacker who;
	int ready;	  /* written once it floods */
	struct report *r; /* connected: the silent ones it holds */
};

static bool readable(int fd)
{
	struct pollfd p = { .fd = fd, .events = POLLIN };

	return poll(&p, 1, 0) == 1;
}

/* For at most 30 s: 32 connections, kept full; the odd ones ask (a stop)
 * and are replaced at once, the even ones stay silent until answered. */
static int flood(struct flooder *f)
{
	struct request rq = { .op = 1 /* stop */, .arg = 0 };
	int fd[32];

	if (become(f->who) < 0)
		return 1;
	for (int i = 0; i < 32; i++)
		fd[i] = -1;
	for (int round = 0; round < 3000; round++) {
		for (int i = 0; i < 32; i++) {
			if (fd[i] < 0 && (fd[i] = attack_connect(f->t)) >= 0 && i % 2)
				send(fd[i], &rq, sizeof(rq), MSG_NOSIGNAL | MSG_DONTWAIT);
		}
		if (round == 0 && write(f->ready, "x", 1) != 1)
			return 1;
		usleep(10000);
		f->r->connected = 0;
		for (int i = 0; i < 32; i++) {
			if (fd[i] >= 0 && (i % 2 || readable(fd[i]))) {
				close(fd[i]);
				fd[i] = -1;
			}
			f->r->connected += fd[i] >= 0;
		}
	}
	return 0;
}

/* While others flood the socket, root's stop returns 0 only once the
 * container is STOPPED, and it does return 0. */
TEST_F_TIMEOUT(rt, a_flood_of_connections_cannot_end_a_stop_early, 90)
{
	static const enum attacker who[] = { OTHER_USER, OTHER_USER, NOBODY_WITH_ROOT_FILES };
	struct report *rep = mmap(NULL, 3 * sizeof(*rep), PROT_READ | PROT_WRITE,
				  MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	struct rlxc_error err = { 0 };
	struct rlxc_status st;
	struct target tg;
	pid_t pid[3];
	int ready[2];
	struct run r;
	char c;

	REQUIRE_ROOT();
	ASSERT_NE(MAP_FAILED, rep);
	start_one(_metadata, &self->t, &tg);
	ASSERT_EQ(0, pipe(ready));
	for (int i = 0; i < 3; i++) {
		struct flooder f = { &tg, who[i], ready[1], &rep[i] };

		if ((pid[i] = fork()) == 0)
			_exit(flood(&f));
	}
	close(ready[1]);
	for (int i = 0; i < 3; i++)
		EXPECT_EQ(1, read(ready[0], &c, 1));
	close(ready[0]);
	/* until they hold the 16 slots of old, or for 2 s */
	for (int i = 0; i < 20 && rep[0].connected + rep[1].connected + rep[2].connected < 16; i++)
		usleep(100000);
	TH_LOG("the flood holds %d silent connections",
	       rep[0].connected + rep[1].connected + rep[2].connected);
	RLXC(&r, "stop", "-n", self->t.name, "-t", "1");
	ASSERT_EQ(0, rlxc_status_read(tg.run_dir, &st, &err)) TH_LOG("%s", err.msg);
	EXPECT_EQ(0, r.status) TH_LOG("%s", r.err);
	if (r.status == 0)
		EXPECT_STREQ("STOPPED", rlxc_state_name(st.state));
	run_free(&r);
	for (int i = 0; i < 3; i++) {
		kill(pid[i], SIGKILL);
		waitpid(pid[i], NULL, 0);
	}
	RLXC(&r, "stop", "-n", self->t.name, "-t", "0");
	run_free(&r);
	expect_state(_metadata, self->t.name, "STOPPED");
	munmap(rep, 3 * sizeof(*rep));
}

/* From inside a container that shares the host's network namespace
 * (lxc.net.0.type = none): try every name the supervisor listens on, and
 * RUN_DIR/command, from the container's mount and pid namespaces; exit 1
 * when one connects. */
static int reach_from_inside(const struct target *t)
{
	char path[PATH_MAX + 64];
	int mnt, pid, fd, st;
	pid_t child;

	prctl(PR_SET_PDEATHSIG, SIGKILL);
	snprintf(path, sizeof(path), "/proc/%d/ns/mnt", (int)t->init);
	mnt = open(path, O_RDONLY | O_CLOEXEC);
	snprintf(path, sizeof(path), "/proc/%d/ns/pid", (int)t->init);
	pid = open(path, O_RDONLY | O_CLOEXEC);
	if (mnt < 0 || pid < 0 || setns(pid, CLONE_NEWPID) < 0 || setns(mnt, CLONE_NEWNS) < 0)
		return 2;
	if ((child = fork()) == 0) {
		if (chdir("/") < 0)
			_exit(2);
		snprintf(path, sizeof(path), "%s/command", t->run_dir);
		if ((fd = connect_name(path)) >= 0)
			_exit(1);
		for (int i = 0; i < t->n; i++)
			if ((fd = connect_name(t->name[i])) >= 0)
				_exit(1);
		_exit(0);
	}
	if (child < 0 || waitpid(child, &st, 0) != child)
		return 2;
	return WIFEXITED(st) ? WEXITSTATUS(st) : 2;
}

static int reach_child(void *arg)
{
	return reach_from_inside(arg);
}

TEST_F_TIMEOUT(rt, a_container_in_the_hosts_network_cannot_reach_its_supervisor, 60)
{
	char conf[PATH_MAX], text[1024], path[64];
	struct stat ours, its;
	struct target tg;
	struct run r;

	REQUIRE_ROOT();
	REQUIRE_PROBE("ns.pid");
	ASSERT_EQ(0, chmod(self->t.run, 0755));
	create(_metadata, self->t.name);
	snprintf(conf, sizeof(conf), "%s/%s/config", self->t.store, self->t.name);
	snprintf(text, sizeof(text),
		 "lxc.uts.name = %s\nlxc.rootfs.path = %s/%s/rootfs\n"
		 "lxc.mount.auto = proc:mixed sys:ro\nlxc.net.0.type = none\n"
		 "lxc.init.cmd = /sbin/init\nlxc.signal.halt = SIGUSR1\n",
		 self->t.name, self->t.store, self->t.name);
	ASSERT_EQ(0, put_file(conf, text));
	OK(&r, "start", "-n", self->t.name);
	run_free(&r);
	ASSERT_EQ(0, find_target(&tg, &self->t));
	snprintf(path, sizeof(path), "/proc/%d/ns/net", (int)tg.init);
	ASSERT_EQ(0, stat("/proc/self/ns/net", &ours));
	ASSERT_EQ(0, stat(path, &its));
	EXPECT_EQ(ours.st_ino, its.st_ino)
	TH_LOG("the container has a network namespace of its own");
	/* no abstract name: every process of the network namespace sees those */
	for (int i = 0; i < tg.n; i++) {
		EXPECT_NE('@', tg.name[i][0]) TH_LOG("the supervisor listens on %s", tg.name[i]);
	}
	EXPECT_EQ(0, run_child(reach_child, &tg)) TH_LOG("reached from inside the container");
	root_still_served(_metadata, self->t.name);
}

TEST_HARNESS_MAIN
