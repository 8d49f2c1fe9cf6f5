// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * A container's terminals (terms.h): the plan, the ptys made by the
 * container's init, and their way to the supervisor.
 */
#include "terms.h"

#include "kernel/cleanup.h"
#include "kernel/inroot.h"
#include "kernel/syscalls.h"

#include <errno.h>
#include <fcntl.h>
#include <linux/openat2.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <unistd.h>

static struct rlxc_terms *terms_alloc(void)
{
	struct rlxc_terms *t = calloc(1, sizeof(*t));

	if (!t)
		return NULL;
	for (int i = 0; i <= RLXC_TERM_MAX_TTYS; i++) {
		rlxc_pty_init(&t->pty[i]);
		t->holder[i] = t->slot[i] = -1;
	}
	t->caller_in = t->caller_out = t->caller_wfd = t->path_fd = -1;
	t->mode.fd = -1;
	return t;
}

void rlxc_terms_free(struct rlxc_terms *t)
{
	if (!t)
		return;
	rlxc_terms_end(t);
	for (int i = 0; i <= RLXC_TERM_MAX_TTYS; i++)
		rlxc_pty_close(&t->pty[i]);
	if (t->path_fd >= 0)
		close(t->path_fd);
	if (t->caller_wfd >= 0)
		close(t->caller_wfd);
	free(t);
}

/* A foreground caller: which of its fds 0, 1, 2 are terminals. */
static void plan_caller(struct rlxc_terms *t)
{
	struct rlxc_term_caller c;

	rlxc_term_caller(&c);
	for (int i = 0; i < 3; i++)
		t->stdio[i] = c.tty[i];
	t->caller_in = c.in;
	t->caller_out = c.out;
	for (int i = 0; i < 3 && !t->sized; i++)
		t->sized = t->stdio[i] && ioctl(i, TIOCGWINSZ, &t->size) == 0;
}

/* Is path at or below dir (both real paths)? */
static bool below(const char *path, const char *dir)
{
	size_t n = strlen(dir);

	return strncmp(path, dir, n) == 0 && (path[n] == '/' || path[n] == '\0' || n == 1);
}

/* Where the O_PATH fd node is, and whether that is in the rootfs. */
static int check_outside(int node, const char *path, const char *rootfs, struct rlxc_error *err)
{
	char self[64], real[PATH_MAX], root[PATH_MAX];
	ssize_t n;

	snprintf(self, sizeof(self), "/proc/self/fd/%d", node);
	if ((n = readlink(self, real, sizeof(real) - 1)) < 0)
		return rlxc_fail(err, errno, "lxc.console.path %s: where is it", path);
	real[n] = '\0';
	if (!realpath(rootfs, root))
		return rlxc_fail(err, errno, "lxc.console.path: the rootfs %s", rootfs);
	if (below(real, root))
		return rlxc_fail(err, 0,
				 "lxc.console.path %s is inside the container's rootfs %s: the "
				 "container could choose what it is; give a terminal of the host",
				 path, root);
	return 0;
}

/* The next component of *p into comp, *p past it: 1, 0 at the end, or
 * -ENAMETOOLONG. */
static int next_comp(const char **p, char *comp, size_t len)
{
	size_t n;

	*p += strspn(*p, "/");
	n = strcspn(*p, "/");
	if (n == 0)
		return 0;
	if (n >= len)
		return -ENAMETOOLONG;
	memcpy(comp, *p, n);
	comp[n] = '\0';
	*p += n;
	return 1;
}

/* openat2(RESOLVE_NO_SYMLINKS) done by hand, where there is no openat2
 * (valgrind): each component opened O_NOFOLLOW, a symlink is ELOOP. */
static int walk_no_symlinks(const char *path)
{
	int dir = open("/", O_PATH | O_DIRECTORY | O_CLOEXEC), fd, ret = 0, e;
	char comp[NAME_MAX + 1];
	struct stat st;

	while (dir >= 0 && (ret = next_comp(&path, comp, sizeof(comp))) > 0) {
		fd = openat(dir, comp, O_PATH | O_NOFOLLOW | O_CLOEXEC);
		if (fd >= 0 && fstat(fd, &st) == 0 && S_ISLNK(st.st_mode)) {
			close(fd);
			fd = -1;
			errno = ELOOP;
		}
		e = errno;
		close(dir);
		errno = e;
		dir = fd;
	}
	if (ret < 0 && dir >= 0) {
		close(dir);
		errno = -ret;
		return -1;
	}
	return dir;
}

/* PATH (absolute) with no symlink anywhere on the way: an O_PATH fd, or
 * -1 with errno (ELOOP: a symlink). */
static int open_no_symlinks(const char *path)
{
	struct open_how how = { .flags = O_PATH | O_CLOEXEC, .resolve = RESOLVE_NO_SYMLINKS };
	int fd = sys_openat2(AT_FDCWD, path, &how, sizeof(how));

	return fd < 0 && errno == ENOSYS ? walk_no_symlinks(path) : fd;
}

/* lxc.console.path: a terminal of the host, found with no symlink on the
 * way (nobody, the container least, can point it elsewhere), outside the
 * rootfs, opened by the supervisor with its own credentials. */
static int open_path(struct rlxc_terms *t, const char *path, const char *rootfs,
		     struct rlxc_error *err)
{
	__cleanup_close int node = open_no_symlinks(path);
	char self[64];
	struct stat st;
	int ret;

	if (node < 0)
		return rlxc_fail(err, errno, "lxc.console.path %s%s", path,
				 errno == ELOOP ? " (a symlink is on the way: give the real path)"
						: "");
	if (fstat(node, &st) < 0 || !S_ISCHR(st.st_mode))
		return rlxc_fail(err, 0, "lxc.console.path %s: not a terminal device", path);
	if ((ret = check_outside(node, path, rootfs, err)) < 0)
		return ret;
	snprintf(self, sizeof(self), "/proc/self/fd/%d", node);
	t->path_fd = open(self, O_RDWR | O_NOCTTY | O_NONBLOCK | O_CLOEXEC);
	if (t->path_fd < 0)
		return rlxc_fail(err, errno, "lxc.console.path %s", path);
	if (!isatty(t->path_fd))
		return rlxc_fail(err, 0, "lxc.console.path %s: not a terminal", path);
	snprintf(t->path, sizeof(t->path), "%s", path);
	return 0;
}

static int plan(struct rlxc_terms *t, const struct rlxc_terms_plan *p, struct rlxc_error *err)
{
	bool none = p->console_path && strcmp(p->console_path, "none") == 0, caller;

	if (!p->rootfs && (p->ntty || p->console_path))
		return rlxc_fail(err, 0,
				 "%s needs lxc.rootfs.path: without a rootfs the container has "
				 "the host's /dev",
				 p->ntty ? "lxc.tty.max" : "lxc.console.path");
	if (p->ntty > RLXC_TERM_MAX_TTYS)
		return rlxc_fail(err, 0, "lxc.tty.max = %u: at most %d", p->ntty,
				 RLXC_TERM_MAX_TTYS);
	t->ntty = p->ntty;
	t->ptmx = p->rootfs ? "/dev/pts/ptmx" : "/dev/ptmx";
	t->bind_console = p->rootfs && !none;
	if (p->foreground)
		plan_caller(t);
	caller = t->stdio[0] || t->stdio[1] || t->stdio[2];
	t->console = t->bind_console || caller;
	if (!p->foreground) /* detached: init's 0, 1, 2 are the console */
		t->stdio[0] = t->stdio[1] = t->stdio[2] = t->bind_console;
	if (t->bind_console && p->console_path && !caller)
		return open_path(t, p->console_path, p->rootfs, err);
	return 0;
}

int rlxc_terms_new(struct rlxc_terms **out, const struct rlxc_terms_plan *p, struct rlxc_error *err)
{
	struct rlxc_terms *t = terms_alloc();
	int ret;

	*out = NULL;
	if (!t)
		return rlxc_fail(err, ENOMEM, "the container's terminals");
	if ((ret = plan(t, p, err)) < 0 || (!t->console && !t->ntty)) {
		rlxc_terms_free(t);
		return ret;
	}
	*out = t;
	return 0;
}

/*
 * In the container's init.
 */

/* The pty's peer on TARGET (an empty file in the new /dev with /dev/null
 * bound on it): the placeholder goes, the peer comes. */
static int bind_peer(int rootfd, int slave, const char *target, struct rlxc_error *err)
{
	char src[64], dst[64];
	int fd = rlxc_open_in_root(rootfd, target), ret = 0;

	if (fd < 0)
		return rlxc_fail(err, -fd, "open %s", target);
	snprintf(dst, sizeof(dst), "/proc/self/fd/%d", fd);
	if (umount2(dst, MNT_DETACH) < 0 && errno != EINVAL)
		ret = rlxc_fail(err, errno, "unmount the placeholder of %s", target);
	close(fd);
	if (ret < 0)
		return ret;
	if ((fd = rlxc_open_in_root(rootfd, target)) < 0)
		return rlxc_fail(err, -fd, "open %s", target);
	snprintf(src, sizeof(src), "/proc/self/fd/%d", slave);
	snprintf(dst, sizeof(dst), "/proc/self/fd/%d", fd);
	if (mount(src, dst, "none", MS_BIND, NULL) < 0)
		ret = rlxc_fail(err, errno, "bind a pty of the container on %s", target);
	close(fd);
	return ret;
}

static int make_one(struct rlxc_terms *t, int rootfd, unsigned n, struct rlxc_error *err)
{
	char target[32];
	int ret = rlxc_pty_open(rootfd, t->ptmx, &t->pty[n], err);

	if (ret < 0) {
		rlxc_error_prefix(err, n ? "tty %u (lxc.tty.max)" : "the console", n);
		return ret;
	}
	if (n)
		snprintf(target, sizeof(target), "/dev/tty%u", n);
	else if (t->bind_console)
		snprintf(target, sizeof(target), "/dev/console");
	else
		return 0;
	return bind_peer(rootfd, t->pty[n].slave, target, err);
}

int rlxc_terms_make(struct rlxc_terms *t, int rootfd, struct rlxc_error *err)
{
	int ret;

	if (t->console && (ret = make_one(t, rootfd, 0, err)) < 0)
		return ret;
	if (t->console && t->sized)
		ioctl(t->pty[0].master, TIOCSWINSZ, &t->size);
	for (unsigned n = 1; n <= t->ntty; n++)
		if ((ret = make_one(t, rootfd, n, err)) < 0)
			return ret;
	return 0;
}

int rlxc_terms_stdio(struct rlxc_terms *t, struct rlxc_error *err)
{
	int ret;

	/* in a session of its own (the caller made it) */
	if (!t->console || ((ret = rlxc_pty_as_stdio(t->pty[0].slave, t->stdio, err)) == 0 &&
			    (ret = rlxc_pty_take_ctty(t->stdio, err)) == 0))
		return 0;
	rlxc_error_prefix(err, "the console");
	return ret;
}

/* The fds that go to the supervisor: master and peer of each pty, in
 * order (the plan says which there are). */
static size_t collect(const struct rlxc_terms *t, int *fds)
{
	size_t n = 0;

	for (unsigned i = t->console ? 0 : 1; i <= t->ntty; i++) {
		fds[n++] = t->pty[i].master;
		fds[n++] = t->pty[i].slave;
	}
	return n;
}

int rlxc_terms_send(struct rlxc_terms *t, int sock, struct rlxc_error *err)
{
	int fds[2 * (1 + RLXC_TERM_MAX_TTYS)], index[1 + RLXC_TERM_MAX_TTYS];
	size_t n = collect(t, fds);
	int ret;

	for (int i = 0; i <= RLXC_TERM_MAX_TTYS; i++)
		index[i] = t->pty[i].index;
	ret = rlxc_fds_send(sock, index, sizeof(index), fds, n);
	for (int i = 0; i <= RLXC_TERM_MAX_TTYS; i++)
		rlxc_pty_close(&t->pty[i]);
	return ret < 0 ? rlxc_fail(err, -ret, "hand the container's ptys to the supervisor") : 0;
}

int rlxc_terms_recv(struct rlxc_terms *t, int sock, struct rlxc_error *err)
{
	int fds[2 * (1 + RLXC_TERM_MAX_TTYS)], index[1 + RLXC_TERM_MAX_TTYS], ret;
	size_t want = 2 * (t->ntty + (t->console ? 1 : 0)), n = 0, k = 0;
	ssize_t got = rlxc_fds_recv(sock, index, sizeof(index), fds, want, &n);

	if (got < 0)
		return rlxc_fail(err, (int)-got, "the container's ptys");
	if (got != (ssize_t)sizeof(index) || n != want) {
		ret = rlxc_fail(err, EPROTO, "the container's ptys: %zd bytes and %zu fds came",
				got, n);
		while (n > 0)
			close(fds[--n]);
		return ret;
	}
	for (unsigned i = t->console ? 0 : 1; i <= t->ntty; i++) {
		t->pty[i] = (struct rlxc_pty){ fds[k], fds[k + 1], index[i] };
		k += 2;
	}
	for (unsigned i = t->console ? 0 : 1; i <= t->ntty; i++)
		if ((ret = rlxc_pty_check_master(t->pty[i].master, err)) < 0)
			return ret;
	return 0;
}

/*
 * Across the exec of rlxc-supervisor: "NTTY,CONSOLE,BIND" then
 * ",INDEX,MASTER,SLAVE" for each pty, then ",PATH_FD,PATH".
 */

int rlxc_terms_arg(const struct rlxc_terms *t, char *buf, size_t len)
{
	size_t n = (size_t)snprintf(buf, len, "%u,%d,%d", t->ntty, t->console, t->bind_console);

	for (unsigned i = t->console ? 0 : 1; i <= t->ntty && n < len; i++)
		n += (size_t)snprintf(buf + n, len - n, ",%d,%d,%d", t->pty[i].index,
				      t->pty[i].master, t->pty[i].slave);
	if (n < len)
		n += (size_t)snprintf(buf + n, len - n, ",%d,%s", t->path_fd, t->path);
	return n < len ? 0 : -ENAMETOOLONG;
}

void rlxc_terms_inherit(const struct rlxc_terms *t, bool inherit)
{
	int flags = inherit ? 0 : FD_CLOEXEC;

	for (int i = 0; i <= RLXC_TERM_MAX_TTYS; i++) {
		if (t->pty[i].master >= 0)
			fcntl(t->pty[i].master, F_SETFD, flags);
		if (t->pty[i].slave >= 0)
			fcntl(t->pty[i].slave, F_SETFD, flags);
	}
	if (t->path_fd >= 0)
		fcntl(t->path_fd, F_SETFD, flags);
}

/* The next ",N" of *p: false when there is none. */
static bool next_int(const char **p, int min, int *out)
{
	char *end;
	long v;

	if (**p != ',')
		return false;
	errno = 0;
	v = strtol(*p + 1, &end, 10);
	if (errno || end == *p + 1 || v < min || v > INT_MAX)
		return false;
	*out = (int)v;
	*p = end;
	return true;
}

static bool parse_pty(struct rlxc_pty *pty, const char **p)
{
	return next_int(p, -1, &pty->index) && next_int(p, 0, &pty->master) &&
	       next_int(p, 0, &pty->slave);
}

static bool parse_arg(struct rlxc_terms *t, const char *arg)
{
	unsigned ntty;
	int console, bind, pos = 0;
	const char *p;

	if (sscanf(arg, "%u,%d,%d%n", &ntty, &console, &bind, &pos) != 3 || pos <= 0 ||
	    ntty > RLXC_TERM_MAX_TTYS)
		return false;
	t->ntty = ntty;
	t->console = console;
	t->bind_console = bind;
	p = arg + pos;
	for (unsigned i = console ? 0 : 1; i <= ntty; i++)
		if (!parse_pty(&t->pty[i], &p))
			return false;
	if (!next_int(&p, -1, &t->path_fd) || *p != ',')
		return false;
	snprintf(t->path, sizeof(t->path), "%s", p + 1);
	return true;
}

int rlxc_terms_from_arg(struct rlxc_terms **out, const char *arg, struct rlxc_error *err)
{
	struct rlxc_terms *t;

	*out = NULL;
	if (strcmp(arg, "-") == 0)
		return 0;
	if (!(t = terms_alloc()))
		return rlxc_fail(err, ENOMEM, "the container's terminals");
	if (!parse_arg(t, arg)) {
		free(t); /* its fds are not ours to close: they may be anything */
		return rlxc_fail(err, 0, "not a list of the container's terminals: '%s'", arg);
	}
	rlxc_terms_inherit(t, false);
	*out = t;
	return 0;
}
