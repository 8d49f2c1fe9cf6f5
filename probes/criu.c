// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * criu itself: is there a criu binary, which version is it, and does
 * `criu check` pass on this kernel? Also what identifies that binary
 * (path, inode, size, mtime) for the per-boot cache of its answer
 * (probes/cache.c). The kernel primitives criu needs are in probes/cr.c.
 */
#include "probe_impl.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/*
 * cr.criu: find criu ($RLXC_CRIU, else PATH, else /usr/sbin and /sbin where
 * Debian puts it), run `criu --version` and `criu check` with a deadline.
 */
#define CRIU_DEADLINE_MS 15000 /* the table gives the probe 20 s */
#define CRIU_VERSION_MS	 3000

struct cmd_out {
	char text[8192];
	size_t len;
	int status; /* exit status, -1 with errno otherwise */
};

static bool find_in_dirs(const char *dirs, char *path, size_t len)
{
	const char *d = dirs;

	while (d && *d) {
		const char *end = strchrnul(d, ':');

		snprintf(path, len, "%.*s/criu", (int)(end - d), d);
		if (end > d && access(path, X_OK) == 0)
			return true;
		d = *end ? end + 1 : NULL;
	}
	return false;
}

static void exec_criu(const char *bin, const char *arg, int out_fd)
{
	int null = open("/dev/null", O_RDONLY);

	setpgid(0, 0);
	if (null >= 0)
		dup2(null, STDIN_FILENO);
	dup2(out_fd, STDOUT_FILENO);
	dup2(out_fd, STDERR_FILENO);
	execl(bin, "criu", arg, (char *)NULL);
	_exit(127);
}

static void drain(int fd, struct cmd_out *res, long deadline, pid_t pid)
{
	char chunk[1024];

	for (;;) {
		struct pollfd pfd = { .fd = fd, .events = POLLIN };
		long left = deadline - rlxc_now_ms();
		ssize_t n;

		if (left <= 0 || poll(&pfd, 1, left) == 0) {
			kill(-pid, SIGKILL); /* its process group: criu and its helpers */
			return;
		}
		n = read(fd, chunk, sizeof(chunk));
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return;
		if ((size_t)n > sizeof(res->text) - 1 - res->len)
			n = sizeof(res->text) - 1 - res->len;
		memcpy(res->text + res->len, chunk, n);
		res->len += n;
		res->text[res->len] = '\0';
	}
}

struct criu_run {
	pid_t pid;
	int fd;
};

/* Start `criu ARG` with its output on a pipe. */
static struct criu_run start_criu(const char *bin, const char *arg, struct cmd_out *res)
{
	struct criu_run run = { .pid = -1, .fd = -1 };
	int p[2];

	res->len = 0;
	res->text[0] = '\0';
	res->status = -1;
	if (pipe2(p, O_CLOEXEC) < 0)
		return run;
	run.pid = fork();
	if (run.pid == 0)
		exec_criu(bin, arg, p[1]);
	close(p[1]);
	run.fd = p[0];
	return run;
}

/* Collect its output and exit status, killing it at the deadline. */
static void finish_criu(struct criu_run run, struct cmd_out *res, long deadline)
{
	if (run.pid > 0) {
		drain(run.fd, res, deadline, run.pid);
		res->status = rlxc_wait_pid(
			run.pid, deadline - rlxc_now_ms() > 0 ? deadline - rlxc_now_ms() : 1);
	}
	if (run.fd >= 0)
		close(run.fd);
}

/* Up to two "Error" lines of criu's output that say more than "exited". */
static void criu_errors(const char *text, char *buf, size_t len)
{
	const char *line = text;
	int found = 0;

	buf[0] = '\0';
	while (*line && found < 2) {
		const char *end = strchrnul(line, '\n');
		const char *msg = strstr(line, "): ");

		if (strncmp(line, "Error", 5) == 0 && msg && msg < end &&
		    !memmem(line, end - line, "exited, status=", 15)) {
			msg += 3;
			snprintf(buf + strlen(buf), len - strlen(buf), "%s%.*s", found ? "; " : "",
				 (int)(end - msg), msg);
			found++;
		}
		line = *end ? end + 1 : end;
	}
	if (!found) /* no Error line: the first line then */
		snprintf(buf, len, "%.*s", (int)strcspn(text, "\n"), text);
}

static const char *criu_version(const struct cmd_out *res, char *buf, size_t len)
{
	const char *v = strstr(res->text, "Version: ");

	if (res->status != 0 || !v)
		return "(version unknown)";
	v += strlen("Version: ");
	snprintf(buf, len, "%.*s", (int)strcspn(v, "\n"), v);
	return buf;
}

static enum probe_verdict criu_check_verdict(struct probe_out *out, const char *version,
					     const struct cmd_out *res)
{
	char errors[200];

	if (res->status == 0) {
		probe_say(out, "criu check = 0");
		return PROBE_YES;
	}
	if (res->status < 0) {
		probe_say(out, "criu check: %s",
			  errno == ETIMEDOUT ? "killed at the deadline"
			  : errno == EINTR   ? "killed by a signal"
					     : strerror(errno));
		probe_reason(out, "criu %s: `criu check` did not finish", version);
		return PROBE_UNKNOWN;
	}
	criu_errors(res->text, errors, sizeof(errors));
	probe_say(out, "criu check = %d: %s", res->status, errors);
	if (geteuid() != 0) {
		probe_reason(out, "criu %s: `criu check` needs root (as uid %d: %s)", version,
			     (int)geteuid(), errors);
		return PROBE_UNKNOWN;
	}
	probe_reason(out, "criu %s: `criu check` failed: %s", version, errors);
	return PROBE_NO;
}

/* Where criu is: $RLXC_CRIU, else PATH, else where Debian puts it.
 * 0, -ENOENT when there is none, or -errno for a bad $RLXC_CRIU. */
static int criu_path(char *bin, size_t len)
{
	const char *env = getenv("RLXC_CRIU");

	if (env && *env) {
		snprintf(bin, len, "%s", env);
		return access(env, X_OK) < 0 ? -errno : 0;
	}
	if (find_in_dirs(getenv("PATH"), bin, len) ||
	    find_in_dirs("/usr/sbin:/sbin:/usr/local/sbin", bin, len))
		return 0;
	return -ENOENT;
}

/* What `criu check` runs: the answer is cached per boot under this. */
int cr_criu_identity(char *buf, size_t len)
{
	char bin[PATH_MAX];
	struct stat st;
	int err = criu_path(bin, sizeof(bin));

	if (err < 0)
		return err;
	if (stat(bin, &st) < 0)
		return -errno;
	snprintf(buf, len, "%s %lu:%lu %lld %lld.%09ld", bin, (unsigned long)st.st_dev,
		 (unsigned long)st.st_ino, (long long)st.st_size, (long long)st.st_mtim.tv_sec,
		 st.st_mtim.tv_nsec);
	return 0;
}

PROBE_TRY(try_cr_criu)
{
	static struct cmd_out vres, res; /* big: not on the stack */
	struct criu_run vrun, run;
	long deadline = rlxc_now_ms() + CRIU_DEADLINE_MS;
	char bin[PATH_MAX], vbuf[64];
	const char *version;
	int err = criu_path(bin, sizeof(bin));

	if (err == -ENOENT && !getenv("RLXC_CRIU")) {
		probe_say(out, "no criu in PATH, /usr/sbin, /sbin, /usr/local/sbin");
		probe_reason(out, "criu not found on PATH (set RLXC_CRIU)");
		return PROBE_NO;
	}
	if (err < 0) {
		probe_reason(out, "RLXC_CRIU=%s: %s", bin, strerror(-err));
		return probe_fail(out, -err, "RLXC_CRIU");
	}
	/* both at once: each costs mostly criu's own start-up */
	vrun = start_criu(bin, "--version", &vres);
	run = start_criu(bin, "check", &res);
	finish_criu(vrun, &vres, rlxc_now_ms() + CRIU_VERSION_MS);
	version = criu_version(&vres, vbuf, sizeof(vbuf));
	probe_say(out, "%s --version: %s", bin, version);
	finish_criu(run, &res, deadline);
	return criu_check_verdict(out, version, &res);
}
