// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Checkpoint/restore primitives, exercised for real: clone3() with set_tid
 * and ns_last_pid pick a process's pid, kcmp() compares files across
 * processes, pidfd_getfd() and process_vm_readv/writev reach into a child,
 * userfaultfd serves a missing page, map_files names the file behind a
 * mapping, soft-dirty tracks writes, and criu dumps and restores a process.
 *
 * Children report through their exit status or a shared page; every child
 * that waits for us also has an alarm, so a failing test leaves nothing.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <linux/kcmp.h>
#include <linux/userfaultfd.h>
#include <poll.h>
#include <pthread.h>
#include <sched.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/mount.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/uio.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#if __has_include(<valgrind/valgrind.h>)
#include <valgrind/valgrind.h>
#else
#define RUNNING_ON_VALGRIND (getenv("RLXC_VALGRIND") != NULL)
#endif

#include "kselftest_harness.h"
#include "probe_skip.h"
#include "kernel/syscalls.h"

#define PAGE	    4096
#define CHILD_ALARM 10 /* seconds: a child waiting for a failed test dies */

static void *shared_page(void)
{
	void *p = mmap(NULL, PAGE, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);

	return p == MAP_FAILED ? NULL : p;
}

/* The exit status of pid (0..255), or -1 when it died of a signal. */
static int wait_exit(pid_t pid)
{
	int status;

	if (waitpid(pid, &status, 0) != pid)
		return -1;
	return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

/*
 * clone3() with set_tid: the init of a new pid namespace is asked to be 1,
 * its child to be TID_WANTED; asking again for a pid in use fails (EEXIST).
 */
#define TID_WANTED 777

struct set_tid_seen {
	pid_t init_self;
	pid_t child_self;
	pid_t child_ret;
	int again_err;
};

static int set_tid_init(struct set_tid_seen *seen)
{
	pid_t pid;

	seen->init_self = getpid();
	pid = sys_clone3_set_tid(0, TID_WANTED);
	if (pid == 0) {
		seen->child_self = getpid();
		_exit(0);
	}
	if (pid < 0)
		return 1;
	seen->child_ret = pid;
	if (wait_exit(pid) != 0)
		return 2;
	if (sys_clone3_set_tid(0, 1) == 0) /* pid 1 is ours: must not succeed */
		_exit(0);
	seen->again_err = errno;
	return 0;
}

TEST(clone3_set_tid_exact_pid)
{
	struct set_tid_seen *seen;
	pid_t pid;

	REQUIRE_PROBE("cr.clone3_set_tid");
	seen = shared_page();
	ASSERT_NE(NULL, seen);
	pid = sys_clone3_set_tid(CLONE_NEWPID, 1);
	ASSERT_LE(0, pid) TH_LOG("clone3(CLONE_NEWPID, set_tid={1}): %s", strerror(errno));
	if (pid == 0)
		_exit(set_tid_init(seen));
	ASSERT_EQ(0, wait_exit(pid));
	EXPECT_EQ(1, seen->init_self);
	EXPECT_EQ(TID_WANTED, seen->child_ret);
	EXPECT_EQ(TID_WANTED, seen->child_self);
	EXPECT_EQ(EEXIST, seen->again_err);
	munmap(seen, PAGE);
}

/*
 * ns_last_pid: in a new pid namespace with its own proc, writing N - 1 makes
 * the next fork get N, for two values of N, in either direction.
 */
static const pid_t last_pid_wanted[] = {1500, 300};

static int last_pid_fork(pid_t want, pid_t *got)
{
	char text[16];
	FILE *f = fopen("/proc/sys/kernel/ns_last_pid", "w");
	pid_t pid;

	if (!f)
		return 10;
	fprintf(f, "%d", want - 1);
	if (fclose(f) != 0)
		return 11;
	pid = fork();
	if (pid == 0)
		_exit(0);
	if (pid < 0 || wait_exit(pid) != 0)
		return 12;
	*got = pid;
	f = fopen("/proc/sys/kernel/ns_last_pid", "r");
	if (!f || !fgets(text, sizeof(text), f) || atoi(text) != pid)
		return 13;
	fclose(f);
	return 0;
}

static int last_pid_init(pid_t *got)
{
	if (unshare(CLONE_NEWNS) < 0)
		return 20;
	if (mount("none", "/", "none", MS_REC | MS_PRIVATE, NULL) < 0)
		return 21;
	if (mount("proc", "/proc", "proc", MS_NOSUID | MS_NODEV | MS_NOEXEC, NULL) < 0)
		return 22;
	for (size_t i = 0; i < sizeof(last_pid_wanted) / sizeof(last_pid_wanted[0]); i++) {
		int err = last_pid_fork(last_pid_wanted[i], &got[i]);

		if (err)
			return err;
	}
	return 0;
}

TEST(ns_last_pid_next_fork)
{
	pid_t *got, pid;

	REQUIRE_PROBE("cr.ns_last_pid");
	got = shared_page();
	ASSERT_NE(NULL, got);
	/* the test process is forked by the harness: it may unshare */
	ASSERT_EQ(0, unshare(CLONE_NEWPID));
	pid = fork();
	ASSERT_LE(0, pid);
	if (pid == 0)
		_exit(last_pid_init(got));
	ASSERT_EQ(0, wait_exit(pid)) TH_LOG("the init of the new pid ns failed (see its steps)");
	EXPECT_EQ(last_pid_wanted[0], got[0]);
	EXPECT_EQ(last_pid_wanted[1], got[1]);
	munmap(got, PAGE);
}

/*
 * kcmp: a child holds an fd it inherited, a dup of it and another open of
 * the same path, tells us their numbers and waits until we close our end.
 */
struct held {
	pid_t pid;
	int sock;
	int fd[3];
};

static void held_child(int sock, int inherited)
{
	int fd[3] = {
	    inherited, dup(inherited),
	    open("/dev/null", O_RDONLY), /* another open file description */
	};
	char c;

	alarm(CHILD_ALARM);
	if (write(sock, fd, sizeof(fd)) != sizeof(fd))
		_exit(1);
	while (read(sock, &c, 1) < 0 && errno == EINTR)
		;
	_exit(0);
}

static int held_start(struct held *h, int inherited)
{
	int sv[2];

	if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv) < 0)
		return -1;
	h->pid = fork();
	if (h->pid == 0) {
		close(sv[0]);
		held_child(sv[1], inherited);
	}
	close(sv[1]);
	h->sock = sv[0];
	if (h->pid < 0 || read(h->sock, h->fd, sizeof(h->fd)) != sizeof(h->fd))
		return -1;
	return 0;
}

static int held_stop(struct held *h)
{
	close(h->sock);
	return wait_exit(h->pid);
}

TEST(kcmp_files_across_processes)
{
	pid_t self = getpid();
	struct held h;
	long ab, ba;
	int a;

	REQUIRE_PROBE("cr.kcmp");
	a = open("/dev/null", O_RDONLY | O_CLOEXEC);
	ASSERT_LE(0, a);
	ASSERT_EQ(0, held_start(&h, a));
	ASSERT_LE(0, h.fd[1]);
	ASSERT_LE(0, h.fd[2]);
	/* inherited over fork, and dup'd in the child: the same file */
	EXPECT_EQ(0, sys_kcmp(self, h.pid, KCMP_FILE, a, h.fd[0]));
	EXPECT_EQ(0, sys_kcmp(self, h.pid, KCMP_FILE, a, h.fd[1]));
	/* another open of the same path: a different file, ordered both ways */
	ab = sys_kcmp(self, h.pid, KCMP_FILE, a, h.fd[2]);
	ba = sys_kcmp(h.pid, self, KCMP_FILE, h.fd[2], a);
	EXPECT_TRUE(ab == 1 || ab == 2) TH_LOG("kcmp = %ld", ab);
	EXPECT_EQ(3 - ab, ba);
	/* the address spaces differ after fork; one is equal to itself */
	EXPECT_NE(0, sys_kcmp(self, h.pid, KCMP_VM, 0, 0));
	EXPECT_EQ(0, sys_kcmp(h.pid, h.pid, KCMP_VM, 0, 0));
	EXPECT_EQ(-1, sys_kcmp(self, h.pid, KCMP_FILE, a, 999));
	EXPECT_EQ(EBADF, errno);
	EXPECT_EQ(0, held_stop(&h));
	close(a);
}

/* pidfd_getfd: we take the write end of a child's pipe, write, it reads. */
#define GETFD_MSG "through a stolen fd"

static void reader_child(int sock)
{
	char buf[sizeof(GETFD_MSG)] = "";
	int p[2];
	size_t n = 0;

	alarm(CHILD_ALARM);
	if (pipe(p) < 0 || write(sock, &p[1], sizeof(p[1])) != sizeof(p[1]))
		_exit(1);
	while (n < sizeof(buf) - 1) {
		ssize_t r = read(p[0], buf + n, sizeof(buf) - 1 - n);

		if (r <= 0)
			_exit(2);
		n += r;
	}
	_exit(strcmp(buf, GETFD_MSG) == 0 ? 0 : 3);
}

TEST(pidfd_getfd_write_through)
{
	int sv[2], pidfd, fd, child_fd;
	pid_t pid;

	REQUIRE_PROBE("cr.pidfd_getfd");
	ASSERT_EQ(0, socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv));
	pid = fork();
	ASSERT_LE(0, pid);
	if (pid == 0) {
		close(sv[0]);
		reader_child(sv[1]);
	}
	close(sv[1]);
	ASSERT_EQ(sizeof(child_fd), read(sv[0], &child_fd, sizeof(child_fd)));
	pidfd = sys_pidfd_open(pid);
	ASSERT_LE(0, pidfd) TH_LOG("pidfd_open: %s", strerror(errno));
	EXPECT_EQ(-1, sys_pidfd_getfd(pidfd, 999));
	EXPECT_EQ(EBADF, errno);
	fd = sys_pidfd_getfd(pidfd, child_fd);
	ASSERT_LE(0, fd) TH_LOG("pidfd_getfd: %s", strerror(errno));
	EXPECT_TRUE(fcntl(fd, F_GETFD) & FD_CLOEXEC);
	EXPECT_EQ(strlen(GETFD_MSG), write(fd, GETFD_MSG, strlen(GETFD_MSG)));
	close(fd);
	EXPECT_EQ(0, wait_exit(pid));
	close(pidfd);
	close(sv[0]);
}

/*
 * process_vm_readv/writev: read a child's two buffers into one of ours
 * (scatter/gather), write one of them; the child checks what it got.
 */
static char vm_area[2][32];

#define VM_ONE	 "child one"
#define VM_TWO	 "child two"
#define VM_WRITE "written by the parent"

static void vm_child(int sock)
{
	char c = 0;

	alarm(CHILD_ALARM);
	snprintf(vm_area[0], sizeof(vm_area[0]), VM_ONE);
	snprintf(vm_area[1], sizeof(vm_area[1]), VM_TWO);
	if (write(sock, &c, 1) != 1 || read(sock, &c, 1) != 1)
		_exit(1);
	_exit(strcmp(vm_area[0], VM_WRITE) == 0 && strcmp(vm_area[1], VM_TWO) == 0 ? 0 : 2);
}

static void vm_read_write(struct __test_metadata *_metadata, pid_t pid)
{
	char both[sizeof(vm_area)] = "", text[] = VM_WRITE;
	struct iovec local = {both, sizeof(both)};
	struct iovec remote[2] = {{vm_area[0], sizeof(vm_area[0])},
				  {vm_area[1], sizeof(vm_area[1])}};
	struct iovec out = {text, sizeof(text)};
	struct iovec bad = {(void *)PAGE, 16}; /* never mapped */

	EXPECT_EQ(sizeof(both), process_vm_readv(pid, &local, 1, remote, 2, 0));
	EXPECT_STREQ(VM_ONE, both);
	EXPECT_STREQ(VM_TWO, both + sizeof(vm_area[0]));
	EXPECT_EQ(0, vm_area[0][0]); /* ours was never written */
	EXPECT_EQ(sizeof(text), process_vm_writev(pid, &out, 1, remote, 1, 0));
	EXPECT_EQ(-1, process_vm_readv(pid, &local, 1, &bad, 1, 0));
	EXPECT_EQ(EFAULT, errno);
}

TEST(process_vm_readv_writev)
{
	int sv[2];
	pid_t pid;
	char c;

	REQUIRE_PROBE("cr.process_vm_readv");
	ASSERT_EQ(0, socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv));
	pid = fork();
	ASSERT_LE(0, pid);
	if (pid == 0) {
		close(sv[0]);
		vm_child(sv[1]);
	}
	close(sv[1]);
	ASSERT_EQ(1, read(sv[0], &c, 1));
	vm_read_write(_metadata, pid);
	EXPECT_EQ(1, write(sv[0], &c, 1));
	EXPECT_EQ(0, wait_exit(pid));
	close(sv[0]);
}

/*
 * userfaultfd: a thread touches a registered page that is missing; we get
 * the fault, UFFDIO_COPY a page in, and the thread sees its contents.
 */
#define UFFD_DATA "served by userfaultfd"

struct uffd_page {
	int uffd;
	char *page;
	char seen[32];
	int pipe[2]; /* kernel-mode fault: the thread write()s the page here */
};

/* A userfaultfd with the API handshake done; -errno on failure. */
static int uffd_new(int flags)
{
	struct uffdio_api api = {.api = UFFD_API};
	int fd = sys_userfaultfd(flags | O_CLOEXEC | O_NONBLOCK);

	if (fd < 0) {
		int dev = open("/dev/userfaultfd", O_RDWR | O_CLOEXEC);

		if (dev < 0)
			return -errno;
		fd = ioctl(dev, USERFAULTFD_IOC_NEW, flags | O_CLOEXEC | O_NONBLOCK);
		close(dev);
		if (fd < 0)
			return -errno;
	}
	if (ioctl(fd, UFFDIO_API, &api) < 0) {
		int err = -errno;

		close(fd);
		return err;
	}
	return fd;
}

static void *touch_page(void *arg)
{
	struct uffd_page *u = arg;

	memcpy(u->seen, u->page, sizeof(u->seen) - 1);
	return NULL;
}

static void *touch_page_in_kernel(void *arg)
{
	struct uffd_page *u = arg;

	if (write(u->pipe[1], u->page, sizeof(u->seen) - 1) < 0)
		u->seen[0] = '!';
	return NULL;
}

/* Wait for the fault (5 s at most) and serve it with a page of UFFD_DATA. */
static void serve_fault(struct __test_metadata *_metadata, struct uffd_page *u)
{
	static char src[PAGE] = UFFD_DATA;
	struct pollfd pfd = {.fd = u->uffd, .events = POLLIN};
	struct uffdio_copy copy = {.src = (uintptr_t)src, .len = PAGE};
	struct uffd_msg msg;

	ASSERT_EQ(1, poll(&pfd, 1, 5000)) TH_LOG("no fault reported within 5 s");
	ASSERT_EQ(sizeof(msg), read(u->uffd, &msg, sizeof(msg)));
	ASSERT_EQ(UFFD_EVENT_PAGEFAULT, msg.event);
	EXPECT_EQ((uintptr_t)u->page, msg.arg.pagefault.address & ~(uint64_t)(PAGE - 1));
	EXPECT_EQ(0, msg.arg.pagefault.flags & UFFD_PAGEFAULT_FLAG_WRITE);
	copy.dst = msg.arg.pagefault.address & ~(uint64_t)(PAGE - 1);
	ASSERT_EQ(0, ioctl(u->uffd, UFFDIO_COPY, &copy)) TH_LOG("UFFDIO_COPY: %s", strerror(errno));
	EXPECT_EQ(PAGE, copy.copy);
}

static void uffd_fault_and_serve(struct __test_metadata *_metadata, struct uffd_page *u,
				 void *(*toucher)(void *))
{
	struct uffdio_register reg = {.mode = UFFDIO_REGISTER_MODE_MISSING};
	pthread_t thread;

	u->page = mmap(NULL, PAGE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	ASSERT_NE(MAP_FAILED, u->page);
	reg.range.start = (uintptr_t)u->page;
	reg.range.len = PAGE;
	ASSERT_EQ(0, ioctl(u->uffd, UFFDIO_REGISTER, &reg)) TH_LOG("%s", strerror(errno));
	ASSERT_TRUE(reg.ioctls & (1ULL << _UFFDIO_COPY));
	ASSERT_EQ(0, pthread_create(&thread, NULL, toucher, u));
	serve_fault(_metadata, u);
	/* on failure above the test process exits, and the blocked thread with it */
	ASSERT_EQ(0, pthread_join(thread, NULL));
	EXPECT_STREQ(UFFD_DATA, u->page);
	munmap(u->page, PAGE);
}

TEST(userfaultfd_missing_page_user_fault)
{
	struct uffd_page u = {.seen = ""};

	REQUIRE_PROBE("cr.userfaultfd");
	if (RUNNING_ON_VALGRIND)
		SKIP(return,
			   "valgrind runs one thread at a time: a thread blocked in a page "
			   "fault would keep the handler from running (see the kernel-fault test)");
	u.uffd = uffd_new(UFFD_USER_MODE_ONLY);
	ASSERT_LE(0, u.uffd) TH_LOG("userfaultfd: %s", strerror(-u.uffd));
	uffd_fault_and_serve(_metadata, &u, touch_page);
	EXPECT_STREQ(UFFD_DATA, u.seen);
	close(u.uffd);
}

/* The same fault taken by the kernel on the thread's behalf (write(2) from
 * the page): needs a userfaultfd without UFFD_USER_MODE_ONLY. */
TEST(userfaultfd_missing_page_kernel_fault)
{
	struct uffd_page u = {.seen = ""};

	REQUIRE_PROBE("cr.userfaultfd");
	u.uffd = uffd_new(0);
	if (u.uffd == -EPERM || u.uffd == -EACCES)
		SKIP(return,
			   "kernel-mode faults need CAP_SYS_PTRACE, vm.unprivileged_userfaultfd=1 "
			   "or access to /dev/userfaultfd (%s)",
			   strerror(-u.uffd));
	ASSERT_LE(0, u.uffd) TH_LOG("userfaultfd: %s", strerror(-u.uffd));
	ASSERT_EQ(0, pipe2(u.pipe, O_CLOEXEC));
	uffd_fault_and_serve(_metadata, &u, touch_page_in_kernel);
	ASSERT_EQ(sizeof(u.seen) - 1, read(u.pipe[0], u.seen, sizeof(u.seen) - 1));
	EXPECT_STREQ(UFFD_DATA, u.seen);
	close(u.pipe[0]);
	close(u.pipe[1]);
	close(u.uffd);
}

/*
 * map_files: the link named after a mapping's range reads as the mapped
 * file, opens it (with the privilege to follow), and goes with munmap.
 */
static void map_files_name(char *buf, size_t len, const void *addr, size_t size)
{
	snprintf(buf, len, "/proc/self/map_files/%lx-%lx", (unsigned long)addr,
		 (unsigned long)addr + size);
}

TEST(map_files_link)
{
	char link[64], target[256] = "";
	struct stat fst, lst;
	char *addr;
	int fd;

	REQUIRE_PROBE("cr.map_files");
	fd = memfd_create("rlxc-t-map", MFD_CLOEXEC);
	ASSERT_LE(0, fd);
	ASSERT_EQ(0, ftruncate(fd, 3 * PAGE));
	addr = mmap(NULL, 2 * PAGE, PROT_READ, MAP_SHARED, fd, PAGE);
	ASSERT_NE(MAP_FAILED, addr);
	map_files_name(link, sizeof(link), addr, 2 * PAGE);
	ASSERT_LT(0, readlink(link, target, sizeof(target) - 1))
	TH_LOG("%s: %s", link, strerror(errno));
	EXPECT_STREQ("/memfd:rlxc-t-map (deleted)", target);
	if (stat(link, &lst) == 0) {
		ASSERT_EQ(0, fstat(fd, &fst));
		EXPECT_EQ(fst.st_ino, lst.st_ino);
	} else {
		/* following the link needs CAP_SYS_ADMIN or CAP_CHECKPOINT_RESTORE */
		EXPECT_EQ(EPERM, errno);
		EXPECT_NE(0, geteuid());
	}
	map_files_name(link, sizeof(link), addr, PAGE); /* not a whole mapping */
	EXPECT_EQ(-1, readlink(link, target, sizeof(target)));
	EXPECT_EQ(ENOENT, errno);
	munmap(addr, 2 * PAGE);
	map_files_name(link, sizeof(link), addr, 2 * PAGE);
	EXPECT_EQ(-1, readlink(link, target, sizeof(target)));
	EXPECT_EQ(ENOENT, errno);
	close(fd);
}

/*
 * soft-dirty: after clear_refs 4, only the page written since is marked in
 * bit 55 of pagemap.
 */
static uint64_t pagemap_of(int pm, const void *addr)
{
	uint64_t e = 0;

	if (pread(pm, &e, sizeof(e), (uintptr_t)addr / PAGE * sizeof(e)) != sizeof(e))
		return 0;
	return e;
}

#define SOFT_DIRTY (1ULL << 55)

TEST(soft_dirty_tracks_writes)
{
	volatile char *mem;
	int pm, clear;

	REQUIRE_PROBE("cr.soft_dirty");
	pm = open("/proc/self/pagemap", O_RDONLY | O_CLOEXEC);
	clear = open("/proc/self/clear_refs", O_WRONLY | O_CLOEXEC);
	ASSERT_LE(0, pm);
	ASSERT_LE(0, clear);
	mem = mmap(NULL, 2 * PAGE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	ASSERT_NE(MAP_FAILED, mem);
	mem[0] = mem[PAGE] = 1;
	EXPECT_TRUE(pagemap_of(pm, (void *)mem) & SOFT_DIRTY);
	ASSERT_EQ(1, write(clear, "4", 1));
	EXPECT_FALSE(pagemap_of(pm, (void *)mem) & SOFT_DIRTY);
	EXPECT_FALSE(pagemap_of(pm, (void *)(mem + PAGE)) & SOFT_DIRTY);
	mem[PAGE] = 2;
	EXPECT_FALSE(pagemap_of(pm, (void *)mem) & SOFT_DIRTY);
	EXPECT_TRUE(pagemap_of(pm, (void *)(mem + PAGE)) & SOFT_DIRTY);
	munmap((void *)mem, 2 * PAGE);
	close(clear);
	close(pm);
}

/*
 * criu: dump a sleeping process (which kills it), restore it from the
 * images, and find it alive again under the same pid, as our child (we are
 * a subreaper, criu restore -d leaves it to us).
 */
FIXTURE(criu)
{
	char dir[64];
	pid_t victim;
};

FIXTURE_SETUP(criu)
{
	self->victim = -1;
	snprintf(self->dir, sizeof(self->dir), "/tmp/rlxc-t-criu-XXXXXX");
	ASSERT_NE(NULL, mkdtemp(self->dir));
}

FIXTURE_TEARDOWN(criu)
{
	DIR *d = opendir(self->dir);
	struct dirent *e;

	if (self->victim > 0 && kill(self->victim, SIGKILL) == 0)
		waitpid(self->victim, NULL, 0);
	while (d && (e = readdir(d)))
		if (e->d_name[0] != '.')
			unlinkat(dirfd(d), e->d_name, 0);
	if (d)
		closedir(d);
	rmdir(self->dir);
}

static void criu_exec(char *const argv[])
{
	const char *env = getenv("RLXC_CRIU");
	int null = open("/dev/null", O_RDWR);

	dup2(null, STDIN_FILENO);
	dup2(null, STDOUT_FILENO);
	dup2(null, STDERR_FILENO);
	if (env && *env)
		execv(env, argv);
	execvp("criu", argv);
	execv("/usr/sbin/criu", argv);
	execv("/sbin/criu", argv);
	_exit(127);
}

/* Run criu with ARGS; its exit status, or -1 (signal, 20 s deadline). */
static int criu_run(char *const argv[])
{
	pid_t pid = fork();
	int status;

	if (pid == 0)
		criu_exec(argv);
	if (pid < 0)
		return -1;
	for (int ms = 0; ms < 20000; ms += 10) {
		if (waitpid(pid, &status, WNOHANG) == pid)
			return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
		nanosleep(&(struct timespec){.tv_nsec = 10000000}, NULL);
	}
	kill(pid, SIGKILL);
	waitpid(pid, NULL, 0);
	return -1;
}

static pid_t start_sleeper(void)
{
	pid_t pid = fork();

	if (pid == 0) {
		int null = open("/dev/null", O_RDWR);

		setsid();
		dup2(null, STDIN_FILENO);
		dup2(null, STDOUT_FILENO);
		dup2(null, STDERR_FILENO);
		syscall(SYS_close_range, 3, ~0U, 0);
		execl("/bin/sleep", "sleep", "60", (char *)NULL);
		_exit(127);
	}
	return pid;
}

static void proc_comm(pid_t pid, char *buf, size_t len)
{
	char path[64];
	FILE *f;

	snprintf(path, sizeof(path), "/proc/%d/comm", (int)pid);
	buf[0] = '\0';
	f = fopen(path, "r");
	if (f && fgets(buf, len, f))
		buf[strcspn(buf, "\n")] = '\0';
	if (f)
		fclose(f);
}

TEST_F_TIMEOUT(criu, dump_and_restore, 60)
{
	char pid_text[16], comm[32];
	char *dump[] = {"criu", "dump", "-t", pid_text, "-D", self->dir, "-o", "dump.log", NULL};
	char *restore[] = {"criu", "restore", "-d", "-D", self->dir, "-o", "restore.log", NULL};

	REQUIRE_PROBE("cr.criu");
	ASSERT_EQ(0, prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0));
	self->victim = start_sleeper();
	ASSERT_LT(0, self->victim);
	snprintf(pid_text, sizeof(pid_text), "%d", (int)self->victim);
	ASSERT_EQ(0, criu_run(dump)) TH_LOG("criu dump failed, see %s/dump.log", self->dir);
	/* dump kills the process: reap it so that its pid is free again */
	ASSERT_EQ(-1, wait_exit(self->victim));
	ASSERT_EQ(0, criu_run(restore))
	TH_LOG("criu restore failed, see %s/restore.log", self->dir);
	ASSERT_EQ(0, kill(self->victim, 0)) TH_LOG("no process %d after restore", self->victim);
	proc_comm(self->victim, comm, sizeof(comm));
	EXPECT_STREQ("sleep", comm);
	ASSERT_EQ(0, kill(self->victim, SIGKILL));
	EXPECT_EQ(-1, wait_exit(self->victim)) TH_LOG("the restored process is not our child");
	self->victim = -1;
}

TEST_HARNESS_MAIN
