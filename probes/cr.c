// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Checkpoint/restore primitives: what criu (or any restorer) needs from the
 * kernel, each tried for real in the probe's throwaway child: choosing pids
 * in a new pid namespace (clone3 set_tid, ns_last_pid), comparing and taking
 * another process's files and memory (kcmp, pidfd_getfd, process_vm_readv,
 * map_files), setting a process's memory layout (PR_SET_MM_MAP) and tracking
 * its memory (soft-dirty bits, userfaultfd). criu itself is in probes/criu.c.
 */
#include "probe_impl.h"
#include "kernel/syscalls.h"

#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <limits.h>
#include <linux/kcmp.h>
#include <linux/userfaultfd.h>
#include <sched.h>
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
#include <unistd.h>

#define CR_WAIT_MS 2000

/* A page shared with the children of a try, for their report. */
static void *shared_page(void)
{
	void *p = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);

	return p == MAP_FAILED ? NULL : p;
}

/* What a child in a new pid namespace saw. */
struct ns_report {
	const char *step; /* the step that failed, or NULL */
	int err;
	pid_t self; /* its own pid in the namespace */
	pid_t got;  /* the pid its own child got */
};

/* STATUS and ERR: what rlxc_wait_pid() said of that child. */
static enum probe_verdict ns_report_verdict(struct probe_out *out, const struct ns_report *rep,
					    int status, int err, pid_t want)
{
	if (rep->step)
		return probe_fail(out, rep->err, rep->step);
	if (status != 0) {
		probe_say(out, "child in the new pid ns ended with %d (%s)", status,
			  status < 0 ? strerror(err) : "exit status");
		return PROBE_UNKNOWN;
	}
	probe_say(out, "asked for pid %d, child got %d", (int)want, (int)rep->got);
	return rep->got == want ? PROBE_YES : PROBE_NO;
}

/*
 * cr.clone3_set_tid: clone3(CLONE_NEWPID) with set_tid = {1} makes the init of
 * a new pid namespace; that init then asks clone3 for pid CR_TID.
 */
#define CR_TID	    4242
#define CR_TID_TEXT "4242"

static int set_tid_init(struct ns_report *rep)
{
	pid_t pid;

	rep->self = getpid();
	pid = sys_clone3_set_tid(0, CR_TID);
	if (pid == 0)
		_exit(0);
	if (pid < 0) {
		rep->step = "clone3(set_tid={" CR_TID_TEXT "}) in the new pid ns";
		rep->err = errno;
		return 1;
	}
	rep->got = pid;
	waitpid(pid, NULL, 0);
	return 0;
}

PROBE_TRY(try_cr_clone3_set_tid)
{
	struct ns_report *rep = shared_page();
	pid_t pid;
	int status, err;

	if (!rep)
		return probe_fail(out, errno, "mmap");
	pid = sys_clone3_set_tid(CLONE_NEWPID, 1);
	if (pid < 0)
		return probe_fail(out, errno, "clone3(CLONE_NEWPID, set_tid={1})");
	if (pid == 0)
		_exit(set_tid_init(rep));
	status = rlxc_wait_pid(pid, CR_WAIT_MS);
	err = errno;
	probe_say(out, "clone3(CLONE_NEWPID, set_tid={1}) = %d, init sees pid %d", (int)pid,
		  (int)rep->self);
	if (!rep->step && status == 0 && rep->self != 1) {
		probe_say(out, "init asked for pid 1 but is %d", (int)rep->self);
		return PROBE_NO;
	}
	return ns_report_verdict(out, rep, status, err, CR_TID);
}

/*
 * cr.ns_last_pid: the init of a new pid namespace mounts a fresh proc,
 * writes N to ns_last_pid and forks: the child must get N + 1.
 */
#define CR_LAST_PID 4999

static int last_pid_init(void *arg)
{
	struct ns_report *rep = arg;
	char text[16];
	pid_t pid;
	int err;

	rep->self = getpid();
	if (mount("none", "/", "none", MS_REC | MS_PRIVATE, NULL) < 0) {
		rep->step = "mount(/, MS_REC|MS_PRIVATE)";
		goto fail;
	}
	if (mount("proc", "/proc", "proc", MS_NOSUID | MS_NODEV | MS_NOEXEC, NULL) < 0) {
		rep->step = "mount(proc, /proc)";
		goto fail;
	}
	snprintf(text, sizeof(text), "%d", CR_LAST_PID);
	err = rlxc_file_write("/proc/sys/kernel/ns_last_pid", text);
	if (err) {
		rep->step = "write /proc/sys/kernel/ns_last_pid";
		errno = -err;
		goto fail;
	}
	pid = fork();
	if (pid == 0)
		_exit(0);
	if (pid < 0) {
		rep->step = "fork";
		goto fail;
	}
	rep->got = pid;
	waitpid(pid, NULL, 0);
	return 0;
fail:
	rep->err = errno;
	return 1;
}

PROBE_TRY(try_cr_ns_last_pid)
{
	struct ns_report *rep = shared_page();
	int status, err;

	if (!rep)
		return probe_fail(out, errno, "mmap");
	if (unshare(CLONE_NEWPID | CLONE_NEWNS) < 0)
		return probe_fail(out, errno, "unshare(CLONE_NEWPID|CLONE_NEWNS)");
	probe_say(out, "unshare(CLONE_NEWPID|CLONE_NEWNS) = 0");
	status = rlxc_run_child(last_pid_init, rep, CR_WAIT_MS);
	err = errno;
	if (!rep->step && status == 0)
		probe_say(out, "fresh proc mounted; ns_last_pid = %d", CR_LAST_PID);
	return ns_report_verdict(out, rep, status, err, CR_LAST_PID + 1);
}

/* cr.kcmp: a dup'd fd is the same file, another open of it is not. */
static long kcmp_files(pid_t pid1, pid_t pid2, int fd1, int fd2)
{
	return sys_kcmp(pid1, pid2, KCMP_FILE, fd1, fd2);
}

PROBE_TRY(try_cr_kcmp)
{
	__cleanup_close int a = open("/dev/null", O_RDONLY | O_CLOEXEC);
	__cleanup_close int c = open("/dev/null", O_RDONLY | O_CLOEXEC);
	__cleanup_close int b = a < 0 ? -1 : fcntl(a, F_DUPFD_CLOEXEC, 0);
	pid_t self = getpid();
	long same, other;

	if (a < 0 || b < 0 || c < 0)
		return probe_fail(out, errno, "open /dev/null");
	same = kcmp_files(self, self, a, b);
	if (same < 0)
		return probe_fail(out, errno, "kcmp(KCMP_FILE)");
	other = kcmp_files(self, self, a, c);
	probe_say(out, "kcmp(KCMP_FILE) of a dup'd fd = %ld, of another open = %ld", same, other);
	if (same == 0 && (other == 1 || other == 2))
		return PROBE_YES;
	probe_reason(out, "kcmp(KCMP_FILE) does not tell a dup'd fd from another open file");
	return PROBE_NO;
}

/*
 * cr.mm_map: PR_SET_MM_MAP_SIZE, then PR_SET_MM_MAP with the current layout
 * (from /proc/self/stat), leaving exe and auxv alone.
 */
#define STAT_FIELDS 52

/* Fields of /proc/self/stat, 1-based as in proc(5); 0 or -errno. */
static int read_stat(unsigned long long *field)
{
	char buf[2048], *p;
	int err = rlxc_file_read("/proc/self/stat", buf, sizeof(buf));

	if (err)
		return err;
	p = strrchr(buf, ')');
	if (!p)
		return -EINVAL;
	p = strchr(p + 2, ' '); /* past field 3, the state letter */
	for (int i = 4; p && i <= STAT_FIELDS; i++) {
		field[i] = strtoull(p, &p, 10);
		if (*p != ' ' && i < STAT_FIELDS)
			return -EINVAL;
	}
	return p ? 0 : -EINVAL;
}

static int current_mm_map(struct prctl_mm_map *map)
{
	unsigned long long f[STAT_FIELDS + 1] = {0};
	int err = read_stat(f);

	if (err)
		return err;
	if (!f[26] || !f[51])
		return -EACCES; /* proc hides the layout from us */
	*map = (struct prctl_mm_map){
	    .start_code = f[26],
	    .end_code = f[27],
	    .start_stack = f[28],
	    .start_data = f[45],
	    .end_data = f[46],
	    .start_brk = f[47],
	    .brk = syscall(SYS_brk, 0),
	    .arg_start = f[48],
	    .arg_end = f[49],
	    .env_start = f[50],
	    .env_end = f[51],
	    .exe_fd = (uint32_t)-1,
	};
	if (map->brk < map->start_brk)
		map->brk = map->start_brk;
	return 0;
}

PROBE_TRY(try_cr_mm_map)
{
	struct prctl_mm_map map;
	unsigned int size = 0;
	int err;

	if (prctl(PR_SET_MM, PR_SET_MM_MAP_SIZE, &size, 0, 0) < 0)
		return probe_fail(out, errno, "prctl(PR_SET_MM, PR_SET_MM_MAP_SIZE)");
	probe_say(out, "PR_SET_MM_MAP_SIZE = %u (ours %zu)", size, sizeof(map));
	if (size != sizeof(map)) {
		probe_reason(out, "the kernel's struct prctl_mm_map is %u bytes, ours %zu", size,
			     sizeof(map));
		return PROBE_NO;
	}
	err = current_mm_map(&map);
	if (err)
		return probe_fail(out, -err, "read /proc/self/stat");
	if (prctl(PR_SET_MM, PR_SET_MM_MAP, &map, sizeof(map), 0) < 0)
		return probe_fail(out, errno,
				  "prctl(PR_SET_MM, PR_SET_MM_MAP) with the current layout");
	probe_say(out, "PR_SET_MM_MAP with the current layout = 0");
	return PROBE_YES;
}

/* cr.map_files: the map_files link of a mapped memfd names that memfd. */
static int readlink_z(const char *path, char *buf, size_t len)
{
	ssize_t n = readlink(path, buf, len - 1);

	if (n < 0)
		return -errno;
	buf[n] = '\0';
	return 0;
}

static enum probe_verdict map_files_check(struct probe_out *out, int fd, void *addr, size_t len)
{
	char link[64], fd_link[32], want[PATH_MAX], got[PATH_MAX];
	struct stat fst, lst;
	int err;

	snprintf(link, sizeof(link), "/proc/self/map_files/%lx-%lx", (unsigned long)addr,
		 (unsigned long)addr + len);
	snprintf(fd_link, sizeof(fd_link), "/proc/self/fd/%d", fd);
	err = readlink_z(link, got, sizeof(got));
	if (err)
		return probe_fail(out, -err, "readlink /proc/self/map_files/<range>");
	err = readlink_z(fd_link, want, sizeof(want));
	if (err)
		return probe_fail(out, -err, "readlink /proc/self/fd/N");
	probe_say(out, "map_files link -> %s", got);
	if (strcmp(got, want) != 0) {
		probe_say(out, "but the fd is %s", want);
		return PROBE_NO;
	}
	if (stat(link, &lst) < 0) {
		probe_say(out, "following it: %s", strerror(errno));
	} else if (fstat(fd, &fst) == 0 && (lst.st_ino != fst.st_ino || lst.st_dev != fst.st_dev)) {
		probe_say(out, "following it reaches another inode");
		return PROBE_NO;
	} else {
		probe_say(out, "following it reaches the same inode");
	}
	return PROBE_YES;
}

PROBE_TRY(try_cr_map_files)
{
	__cleanup_close int fd = memfd_create("rlxc-probe-map", MFD_CLOEXEC);
	size_t len = 4096;
	enum probe_verdict v;
	void *addr;

	if (fd < 0)
		return probe_fail(out, errno, "memfd_create");
	if (ftruncate(fd, len) < 0)
		return probe_fail(out, errno, "ftruncate memfd");
	addr = mmap(NULL, len, PROT_READ, MAP_SHARED, fd, 0);
	if (addr == MAP_FAILED)
		return probe_fail(out, errno, "mmap memfd");
	v = map_files_check(out, fd, addr, len);
	munmap(addr, len);
	return v;
}

/*
 * cr.pidfd_getfd and cr.process_vm_readv: a child tells us (over a socket)
 * what it has, then waits until we close our end.
 */
struct child_note {
	int fd;
	dev_t dev;
	ino_t ino;
	uintptr_t addr;
};

static char cr_vm_buf[64];

static void child_hold(int sock)
{
	struct child_note note = {.fd = -1};
	struct stat st;
	char c;

	note.fd = memfd_create("rlxc-probe-getfd", 0);
	if (note.fd >= 0 && fstat(note.fd, &st) == 0) {
		note.dev = st.st_dev;
		note.ino = st.st_ino;
	}
	snprintf(cr_vm_buf, sizeof(cr_vm_buf), "rlxc child %d", (int)getpid());
	note.addr = (uintptr_t)cr_vm_buf;
	if (write(sock, &note, sizeof(note)) == sizeof(note))
		while (read(sock, &c, 1) < 0 && errno == EINTR)
			;
	_exit(0);
}

typedef enum probe_verdict (*child_fn)(struct probe_out *out, pid_t pid,
				       const struct child_note *note);

static enum probe_verdict with_child(struct probe_out *out, child_fn fn)
{
	struct child_note note;
	enum probe_verdict v;
	int sv[2];
	pid_t pid;

	if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv) < 0)
		return probe_fail(out, errno, "socketpair");
	pid = fork();
	if (pid == 0) {
		close(sv[0]);
		child_hold(sv[1]);
	}
	close(sv[1]);
	if (pid < 0) {
		close(sv[0]);
		return probe_fail(out, errno, "fork");
	}
	if (read(sv[0], &note, sizeof(note)) != sizeof(note)) {
		probe_say(out, "the child did not report");
		v = PROBE_UNKNOWN;
	} else {
		v = fn(out, pid, &note);
	}
	close(sv[0]);
	rlxc_wait_pid(pid, CR_WAIT_MS);
	return v;
}

static enum probe_verdict getfd_in_child(struct probe_out *out, pid_t pid,
					 const struct child_note *note)
{
	__cleanup_close int pidfd = -1;
	__cleanup_close int fd = -1;
	struct stat st;

	if (note->fd < 0) {
		probe_say(out, "memfd_create in the child failed");
		return PROBE_UNKNOWN;
	}
	pidfd = sys_pidfd_open(pid);
	if (pidfd < 0)
		return probe_fail(out, errno, "pidfd_open");
	fd = sys_pidfd_getfd(pidfd, note->fd);
	if (fd < 0)
		return probe_fail(out, errno, "pidfd_getfd");
	if (fstat(fd, &st) < 0)
		return probe_fail(out, errno, "fstat");
	probe_say(out, "pidfd_getfd(child fd %d) = %d", note->fd, fd);
	if (st.st_dev != note->dev || st.st_ino != note->ino) {
		probe_say(out, "but it is another file (inode %ju, child's %ju)",
			  (uintmax_t)st.st_ino, (uintmax_t)note->ino);
		return PROBE_NO;
	}
	probe_say(out, "same inode as the child's memfd");
	return PROBE_YES;
}

PROBE_TRY(try_cr_pidfd_getfd)
{
	return with_child(out, getfd_in_child);
}

static enum probe_verdict readv_child(struct probe_out *out, pid_t pid,
				      const struct child_note *note)
{
	char want[sizeof(cr_vm_buf)], got[sizeof(cr_vm_buf)] = "";
	struct iovec local = {.iov_base = got, .iov_len = sizeof(got)};
	struct iovec remote = {.iov_base = (void *)note->addr, .iov_len = sizeof(got)};
	ssize_t n;

	snprintf(want, sizeof(want), "rlxc child %d", (int)pid);
	n = process_vm_readv(pid, &local, 1, &remote, 1, 0);
	if (n < 0)
		return probe_fail(out, errno, "process_vm_readv");
	got[sizeof(got) - 1] = '\0';
	probe_say(out, "process_vm_readv = %zd: \"%s\"", n, got);
	if (strcmp(got, want) != 0) {
		probe_say(out, "expected \"%s\"", want);
		return PROBE_NO;
	}
	return PROBE_YES;
}

PROBE_TRY(try_cr_process_vm_readv)
{
	return with_child(out, readv_child);
}

/*
 * cr.soft_dirty: clear_refs 4 clears the soft-dirty bit (55) of pagemap; a
 * write to the page sets it again.
 */
#define PM_SOFT_DIRTY (1ULL << 55)
#define PM_PRESENT    (1ULL << 63)

static int pagemap_entry(int pm, void *addr, uint64_t *entry)
{
	off_t off = (uintptr_t)addr / 4096 * sizeof(*entry);

	if (pread(pm, entry, sizeof(*entry), off) != sizeof(*entry))
		return -errno ?: -EIO;
	return 0;
}

static enum probe_verdict soft_dirty_check(struct probe_out *out, int pm, volatile char *page)
{
	uint64_t before, after;
	int err;

	page[0] = 1;
	err = rlxc_file_write("/proc/self/clear_refs", "4");
	if (err)
		return probe_fail(out, -err, "write 4 to /proc/self/clear_refs");
	err = pagemap_entry(pm, (void *)page, &before);
	page[0] = 2;
	if (!err)
		err = pagemap_entry(pm, (void *)page, &after);
	if (err)
		return probe_fail(out, -err, "read /proc/self/pagemap");
	probe_say(out, "clear_refs 4 = ok; bit 55 after clear %d, after a write %d",
		  !!(before & PM_SOFT_DIRTY), !!(after & PM_SOFT_DIRTY));
	if (!(after & PM_PRESENT)) {
		probe_say(out, "the written page is not present");
		return PROBE_UNKNOWN;
	}
	if (!(after & PM_SOFT_DIRTY)) {
		probe_reason(out, "pagemap never marks a written page soft-dirty (bit 55): "
				  "the kernel lacks CONFIG_MEM_SOFT_DIRTY");
		return PROBE_NO;
	}
	if (before & PM_SOFT_DIRTY) {
		probe_reason(out, "clear_refs 4 does not clear the soft-dirty bit");
		return PROBE_PARTIAL;
	}
	return PROBE_YES;
}

PROBE_TRY(try_cr_soft_dirty)
{
	__cleanup_close int pm = open("/proc/self/pagemap", O_RDONLY | O_CLOEXEC);
	enum probe_verdict v;
	void *page;

	if (pm < 0)
		return probe_fail(out, errno, "open /proc/self/pagemap");
	page = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (page == MAP_FAILED)
		return probe_fail(out, errno, "mmap");
	v = soft_dirty_check(out, pm, page);
	munmap(page, 4096);
	return v;
}

/*
 * cr.userfaultfd: userfaultfd(UFFD_USER_MODE_ONLY) or /dev/userfaultfd, the
 * UFFDIO_API handshake, and UFFDIO_REGISTER of an anonymous page.
 */
static int uffd_from_dev(struct probe_out *out)
{
	__cleanup_close int dev = open("/dev/userfaultfd", O_RDWR | O_CLOEXEC);
	int fd;

	if (dev < 0)
		return -errno;
	fd = ioctl(dev, USERFAULTFD_IOC_NEW, O_CLOEXEC | O_NONBLOCK);
	if (fd < 0)
		return -errno;
	probe_say(out, "/dev/userfaultfd USERFAULTFD_IOC_NEW = ok");
	return fd;
}

static int uffd_open(struct probe_out *out)
{
	int fd = sys_userfaultfd(O_CLOEXEC | O_NONBLOCK | UFFD_USER_MODE_ONLY);
	int err, dev_fd;

	if (fd < 0 && errno == EINVAL) /* before 5.11: no UFFD_USER_MODE_ONLY */
		fd = sys_userfaultfd(O_CLOEXEC | O_NONBLOCK);
	if (fd >= 0) {
		probe_say(out, "userfaultfd() = ok");
		return fd;
	}
	err = errno;
	probe_say(out, "userfaultfd(): %s", strerror(err));
	dev_fd = uffd_from_dev(out);
	if (dev_fd >= 0)
		return dev_fd;
	probe_say(out, "/dev/userfaultfd: %s", strerror(-dev_fd));
	/* not allowed on either path: could not try */
	if (err == EPERM || err == EACCES || dev_fd == -EPERM || dev_fd == -EACCES)
		return -EPERM;
	return -err;
}

static enum probe_verdict uffd_register_page(struct probe_out *out, int fd)
{
	struct uffdio_register reg = {.mode = UFFDIO_REGISTER_MODE_MISSING};
	void *page = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	enum probe_verdict v = PROBE_YES;

	if (page == MAP_FAILED)
		return probe_fail(out, errno, "mmap");
	reg.range.start = (uintptr_t)page;
	reg.range.len = 4096;
	if (ioctl(fd, UFFDIO_REGISTER, &reg) < 0) {
		v = probe_fail(out, errno, "UFFDIO_REGISTER (missing)");
		if (v == PROBE_NO)
			v = PROBE_PARTIAL;
	} else {
		probe_say(out, "UFFDIO_REGISTER = ok, UFFDIO_COPY %s",
			  reg.ioctls & (1ULL << _UFFDIO_COPY) ? "offered" : "not offered");
	}
	munmap(page, 4096);
	return v;
}

PROBE_TRY(try_cr_userfaultfd)
{
	struct uffdio_api api = {.api = UFFD_API};
	__cleanup_close int fd = uffd_open(out);

	if (fd < 0) {
		if (fd == -EPERM)
			probe_reason(out, "not allowed to create a userfaultfd "
					  "(vm.unprivileged_userfaultfd, /dev/userfaultfd mode)");
		return probe_errno_verdict(-fd);
	}
	if (ioctl(fd, UFFDIO_API, &api) < 0)
		return probe_fail(out, errno, "UFFDIO_API");
	probe_say(out, "UFFDIO_API = ok, features 0x%llx", (unsigned long long)api.features);
	return uffd_register_page(out, fd);
}
