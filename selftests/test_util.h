/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * Helpers several selftests share: small files, children that report
 * through their exit status, a child held until released, and removing a
 * scratch tree. Static inline, so a test that does not use one pays nothing.
 */
#ifndef RLXC_TEST_UTIL_H
#define RLXC_TEST_UTIL_H

#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

/* Create or truncate PATH and write TEXT to it: 0 or -errno. */
/* Touch size bytes of fresh anonymous memory, a page at a time (it stays
 * charged until exit): 0, or -1 when it cannot be mapped. */
static inline int touch_anon(size_t size)
{
	char *mem = mmap(NULL, size, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

	if (mem == MAP_FAILED)
		return -1;
	for (size_t i = 0; i < size; i += 4096)
		mem[i] = 1;
	return 0;
}

/* Append text to path (created when missing): 0, or -1 with errno. */
static inline int append_file(const char *path, const char *text)
{
	FILE *f = fopen(path, "ae");
	int ok;

	if (!f)
		return -1;
	ok = fputs(text, f) >= 0;
	return fclose(f) == 0 && ok ? 0 : -1;
}

static inline int put_file(const char *path, const char *text)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
	ssize_t len = (ssize_t)strlen(text), n;
	int err = 0;

	if (fd < 0)
		return -errno;
	n = write(fd, text, (size_t)len);
	if (n != len)
		err = n < 0 ? -errno : -EIO;
	close(fd);
	return err;
}

/* Read at most LEN - 1 bytes of FD into BUF, NUL-terminated, and close FD
 * (a negative FD: the failed open, errno still set). 0 or -errno. */
static inline int read_fd(int fd, char *buf, size_t len)
{
	ssize_t n;

	if (fd < 0)
		return -errno;
	n = read(fd, buf, len - 1);
	close(fd);
	if (n < 0)
		return -errno;
	buf[n] = '\0';
	return 0;
}

/* The start of PATH (at most LEN - 1 bytes) in BUF: 0 or -errno. */
static inline int get_file(const char *path, char *buf, size_t len)
{
	return read_fd(open(path, O_RDONLY | O_CLOEXEC), buf, len);
}

/* utime + stime of pid in clock ticks (/proc/PID/stat fields 14 and 15,
 * read after the last ')' since comm may hold spaces); -1 if unreadable. */
static inline long proc_cpu_ticks(pid_t pid)
{
	char path[64], buf[1024], *p;
	unsigned long ut, st;

	snprintf(path, sizeof(path), "/proc/%d/stat", (int)pid);
	if (get_file(path, buf, sizeof(buf)) < 0 || !(p = strrchr(buf, ')')))
		return -1;
	if (sscanf(p + 2, "%*c %*d %*d %*d %*d %*d %*u %*u %*u %*u %*u %lu %lu", &ut, &st) != 2)
		return -1;
	return (long)(ut + st);
}

/* In a child: say what failed (with errno) on stderr and return 1. */
static inline __attribute__((format(printf, 1, 2))) int child_fail(const char *fmt, ...)
{
	int err = errno;
	va_list ap;

	fprintf(stderr, "#      child %d: ", (int)getpid());
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fprintf(stderr, " (errno: %s)\n", strerror(err));
	return 1;
}

/* Run fn(arg) in a forked child: its exit status, 128 + signal, or -1. */
static inline int run_child(int (*fn)(void *), void *arg)
{
	pid_t pid;
	int st;

	fflush(stderr);
	pid = fork();
	if (pid < 0)
		return -1;
	if (pid == 0)
		_exit(fn(arg));
	if (waitpid(pid, &st, 0) != pid)
		return -1;
	return WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
}

struct held {
	pid_t pid;
	int hold; /* closing it lets the child exit */
};

/*
 * Fork a child that runs setup(arg) (0 or an errno), reports it and, when 0,
 * waits for release_child() (or for h->hold to be closed). Returns what
 * setup returned, or -1.
 */
static inline int hold_child(struct held *h, int (*setup)(void *), void *arg)
{
	int ready[2], hold[2], err = -1;

	if (pipe2(ready, O_CLOEXEC) < 0)
		return -1;
	if (pipe2(hold, O_CLOEXEC) < 0) {
		close(ready[0]);
		close(ready[1]);
		return -1;
	}
	fflush(stderr);
	h->pid = fork();
	if (h->pid == 0) {
		char c;

		close(hold[1]);
		err = setup(arg);
		if (write(ready[1], &err, sizeof(err)) != sizeof(err) || err)
			_exit(1);
		_exit(read(hold[0], &c, 1) == 0 ? 0 : 1);
	}
	close(ready[1]);
	close(hold[0]);
	h->hold = hold[1];
	if (h->pid > 0 && read(ready[0], &err, sizeof(err)) != sizeof(err))
		err = -1;
	close(ready[0]);
	return err;
}

/* Let the held child go and reap it: its exit status, or -1. */
static inline int release_child(struct held *h)
{
	int st;

	close(h->hold);
	if (h->pid <= 0 || waitpid(h->pid, &st, 0) != h->pid)
		return -1;
	return WIFEXITED(st) ? WEXITSTATUS(st) : -1;
}

static inline int rm_entry(const char *path, const struct stat *st, int type, struct FTW *ftw)
{
	(void)st;
	(void)type;
	(void)ftw;
	remove(path);
	return 0;
}

/* Remove the tree at DIR, depth first, without following links or
 * crossing into mounts. */
static inline void rm_tree(const char *dir)
{
	nftw(dir, rm_entry, 8, FTW_DEPTH | FTW_PHYS | FTW_MOUNT);
}

#endif
