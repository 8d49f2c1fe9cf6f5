// SPDX-License-Identifier: LGPL-2.1-or-later
/* The harnesses' scratch directory and their way to fail (scratch.h). */
#include "scratch.h"
#include "base/fsutil.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static char scratch[PATH_MAX];

void fuzz_fail(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	fputs("fuzz: ", stderr);
	vfprintf(stderr, fmt, ap);
	fputc('\n', stderr);
	va_end(ap);
	abort();
}

static void remove_scratch(void)
{
	struct rlxc_error err;

	if (rlxc_rmtree(scratch, &err) < 0)
		fprintf(stderr, "fuzz: %s\n", err.msg);
}

const char *fuzz_scratch(const char *name)
{
	const char *tmp = getenv("TMPDIR");
	int fd;

	snprintf(scratch, sizeof(scratch), "%s/rlxc-fuzz-%s.XXXXXX", tmp && *tmp ? tmp : "/tmp",
		 name);
	if (!mkdtemp(scratch))
		fuzz_fail("mkdtemp %s: %s", scratch, strerror(errno));
	atexit(remove_scratch);
	if ((fd = open("/dev/null", O_RDONLY | O_CLOEXEC)) < 0 || dup2(fd, 0) < 0)
		fuzz_fail("stdin from /dev/null: %s", strerror(errno));
	close(fd);
	return scratch;
}

char *fuzz_path(const char *name)
{
	char *path;

	if (asprintf(&path, "%s/%s", scratch, name) < 0)
		fuzz_fail("out of memory");
	return path;
}

void fuzz_put(const char *path, const void *data, size_t size)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC | O_NOFOLLOW, 0600);
	const char *p = data;

	if (fd < 0)
		fuzz_fail("create %s: %s", path, strerror(errno));
	while (size) {
		ssize_t n = write(fd, p, size);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			fuzz_fail("write %s: %s", path, n < 0 ? strerror(errno) : "wrote nothing");
		p += n;
		size -= (size_t)n;
	}
	if (close(fd) < 0)
		fuzz_fail("close %s: %s", path, strerror(errno));
}
