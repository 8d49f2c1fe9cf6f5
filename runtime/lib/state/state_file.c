// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * RUN_DIR/state: what a container's supervisor publishes. A small text
 * file, published with rlxc_file_put (fsutil.h), so that a reader never
 * sees half of it:
 *
 *	state RUNNING
 *	supervisor 1234 5678901      (pid and its /proc/PID/stat start time)
 *	init 1240
 *	since 1700000000.123456789
 *
 * A reader trusts it only while the supervisor that wrote it is alive.
 */
#include "state.h"
#include "kernel/file.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define STATE_FILE "state"
#define FILE_MAX   4096

static bool status_valid(const struct rlxc_status *st)
{
	return (unsigned)st->state < RLXC_NSTATES && st->supervisor >= 0 && st->init >= 0 &&
	       st->since.tv_sec >= 0 && st->since.tv_nsec >= 0 && st->since.tv_nsec < 1000000000L;
}

int rlxc_status_write(const char *run_dir, const struct rlxc_status *st, struct rlxc_error *err)
{
	char path[PATH_MAX], text[256];
	int ret;

	if (snprintf(path, sizeof(path), "%s/" STATE_FILE, run_dir) >= (int)sizeof(path))
		return rlxc_fail(err, ENAMETOOLONG, "write %s/" STATE_FILE, run_dir);
	if (!status_valid(st))
		return rlxc_fail(err, 0, "write %s: invalid status (state %d)", path, st->state);
	snprintf(text, sizeof(text), "state %s\nsupervisor %d %llu\ninit %d\nsince %lld.%09ld\n",
		 rlxc_state_name(st->state), (int)st->supervisor, st->sup_start, (int)st->init,
		 (long long)st->since.tv_sec, (long)st->since.tv_nsec);
	ret = rlxc_file_put(run_dir, STATE_FILE, text);
	if (ret == -ENOENT || ret == -ENOTDIR) {
		if ((ret = rlxc_mkdirs(run_dir, 0755, NULL, 0)) < 0)
			return rlxc_fail(err, -ret, "create %s", run_dir);
		ret = rlxc_file_put(run_dir, STATE_FILE, text);
	}
	if (ret < 0)
		return rlxc_fail(err, -ret, "write %s", path);
	return 0;
}

/*
 * Strict parsing of one line's value: decimal numbers without sign or
 * spaces, separated by exactly what the writer puts between them.
 */
static bool number(const char **p, unsigned long long max, unsigned long long *v)
{
	const char *s = *p;

	*v = 0;
	if (*s < '0' || *s > '9')
		return false;
	for (; *s >= '0' && *s <= '9'; s++) {
		if (*v > (max - (unsigned)(*s - '0')) / 10)
			return false;
		*v = *v * 10 + (unsigned)(*s - '0');
	}
	*p = s;
	return true;
}

static bool pid_value(const char **p, pid_t *pid)
{
	unsigned long long v;

	if (!number(p, INT_MAX, &v))
		return false;
	*pid = (pid_t)v;
	return true;
}

static const char *parse_supervisor(const char *v, struct rlxc_status *st)
{
	if (!pid_value(&v, &st->supervisor) || *v++ != ' ' ||
	    !number(&v, ULLONG_MAX, &st->sup_start) || *v)
		return "expected 'supervisor PID STARTTIME'";
	return NULL;
}

static const char *parse_since(const char *v, struct rlxc_status *st)
{
	unsigned long long sec, nsec;
	const char *frac;

	if (!number(&v, LLONG_MAX, &sec) || *v++ != '.')
		return "expected 'since SECONDS.NANOSECONDS'";
	frac = v;
	if (!number(&v, 999999999ULL, &nsec) || v - frac != 9 || *v)
		return "expected 'since SECONDS.NANOSECONDS' (9 digits of nanoseconds)";
	st->since.tv_sec = (time_t)sec;
	st->since.tv_nsec = (long)nsec;
	return NULL;
}

static const char *parse_value(int key, const char *v, struct rlxc_status *st)
{
	int s;

	switch (key) {
	case 0:
		if ((s = rlxc_state_parse(v)) < 0)
			return "not a state";
		st->state = (enum rlxc_state)s;
		return NULL;
	case 1:
		return parse_supervisor(v, st);
	case 2:
		return pid_value(&v, &st->init) && !*v ? NULL : "expected 'init PID'";
	default:
		return parse_since(v, st);
	}
}

static const char *const keys[] = {"state", "supervisor", "init", "since"};
#define NKEYS (int)(sizeof(keys) / sizeof(keys[0]))

/* One "KEY VALUE" line: NULL, or what is wrong with it. */
static const char *parse_line(const char *line, unsigned *seen, struct rlxc_status *st)
{
	const char *v = strchr(line, ' ');

	if (!v)
		return "expected 'KEY VALUE'";
	for (int k = 0; k < NKEYS; k++) {
		if (strlen(keys[k]) != (size_t)(v - line) ||
		    strncmp(line, keys[k], (size_t)(v - line)))
			continue;
		if (*seen & (1u << k))
			return "given twice";
		*seen |= 1u << k;
		return parse_value(k, v + 1, st);
	}
	return "unknown key";
}

/* Parse the text of path (NUL-terminated, modified) into st. */
static int parse_status(const char *path, char *text, struct rlxc_status *st,
			struct rlxc_error *err)
{
	unsigned seen = 0;
	int lineno = 1;

	for (char *line = text, *nl; *line; line = nl + 1, lineno++) {
		const char *why;

		if (!(nl = strchr(line, '\n')))
			return rlxc_fail(err, 0, "%s:%d: no newline at the end", path, lineno);
		*nl = '\0';
		if ((why = parse_line(line, &seen, st)))
			return rlxc_fail(err, 0, "%s:%d: '%s': %s", path, lineno, line, why);
	}
	for (int k = 0; k < NKEYS; k++)
		if (!(seen & (1u << k)))
			return rlxc_fail(err, 0, "%s:%d: no '%s' line", path, lineno, keys[k]);
	return 0;
}

/* The state char (R, S, Z...) and start time of pid from /proc/PID/stat;
 * false when it does not exist. The comm field may hold any character,
 * spaces and parentheses too: the fields follow its last ')'. */
static bool proc_stat(pid_t pid, char *state, unsigned long long *start)
{
	char path[64], buf[2048], *p, *end;
	ssize_t n;
	int fd;

	if (pid <= 0)
		return false;
	snprintf(path, sizeof(path), "/proc/%d/stat", (int)pid);
	if ((fd = open(path, O_RDONLY | O_CLOEXEC)) < 0)
		return false;
	n = read(fd, buf, sizeof(buf) - 1);
	close(fd);
	if (n <= 0)
		return false;
	buf[n] = '\0';
	if (!(p = strrchr(buf, ')')) || p[1] != ' ' || !p[2])
		return false;
	*state = p[2]; /* field 3 */
	p += 3;
	for (int field = 4; field <= 22; field++) /* to the start of field */
		if (!(p = strchr(p, ' ')) || !*++p)
			return false;
	errno = 0;
	*start = strtoull(p, &end, 10);
	return !errno && end != p && (*end == ' ' || *end == '\n' || !*end);
}

unsigned long long rlxc_proc_start_time(pid_t pid)
{
	unsigned long long start;
	char state;

	return proc_stat(pid, &state, &start) ? start : 0;
}

/* Is the supervisor recorded in st the live process that wrote it? */
static bool supervisor_alive(const struct rlxc_status *st)
{
	unsigned long long start;
	char state;

	if (st->supervisor <= 0 || !proc_stat(st->supervisor, &state, &start))
		return false;
	return start == st->sup_start && state != 'Z' && state != 'X' && state != 'x';
}

int rlxc_status_read(const char *run_dir, struct rlxc_status *st, struct rlxc_error *err)
{
	struct rlxc_status got = {.state = RLXC_STOPPED};
	char path[PATH_MAX], text[FILE_MAX];
	int ret;

	*st = got;
	if (snprintf(path, sizeof(path), "%s/" STATE_FILE, run_dir) >= (int)sizeof(path))
		return rlxc_fail(err, ENAMETOOLONG, "read %s/" STATE_FILE, run_dir);
	if ((ret = rlxc_file_get(path, text, sizeof(text))) == -ENOENT)
		return 0;
	if (ret < 0)
		return rlxc_fail(err, -ret, "read %s", path);
	if ((ret = parse_status(path, text, &got, err)) < 0)
		return ret;
	if (supervisor_alive(&got)) /* else: nobody to trust, STOPPED */
		*st = got;
	return 0;
}
