// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * One config file, read whole within the bounds of config.h by
 * rlxc_file_load (kernel/file.h: a regular file only, never blocking, a
 * bound whatever size it claims), and a read error is an error, never the
 * end of the file.
 */
#include "config_impl.h"
#include "kernel/file.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#define MIB (1 << 20)

void cfg_file_free(struct cfg_file *f)
{
	free(f->text);
	free(f->real);
	memset(f, 0, sizeof(*f));
}

/* A message that says it all, with code as errno. */
static int refused(struct rlxc_error *err, int code)
{
	err->code = code;
	return -code;
}

static size_t lines_in(const char *s, size_t len)
{
	size_t n = 1;

	for (const char *p = s; (p = memchr(p, '\n', len - (size_t)(p - s))); p++)
		n++;
	return n;
}

/* What rlxc_file_load's answer means for a config (not EFBIG: the caller
 * knows which bound it was). */
static int load_fail(const char *path, const struct rlxc_text *t, int ret,
		     struct rlxc_error *err)
{
	switch (ret) {
	case -EINVAL:
		rlxc_fail(err, 0,
			  "%s: not a regular file (a config is a file; lxc.include also takes a "
			  "directory)",
			  path);
		return refused(err, EINVAL);
	case -ESTALE:
		rlxc_fail(err, 0, "%s: replaced while it was opened", path);
		return refused(err, EINVAL);
	}
	if (t->text) /* it failed while reading */
		return rlxc_fail(err, -ret, "%s:%zu: read", path, lines_in(t->text, t->len));
	return rlxc_fail(err, -ret, "%s", path);
}

/* The bounds of the load in progress, before a file is read. */
static int budget(struct rlxc_config *c, const char *path, size_t *max, struct rlxc_error *err)
{
	size_t left;

	if (!c->includes.n) {
		c->read_bytes = 0;
		c->read_files = 0;
	}
	if (c->read_files >= RLXC_CONFIG_MAX_FILES) {
		rlxc_fail(err, 0,
			  "%s: more than %d files for one config (the limit, includes and all)",
			  path, RLXC_CONFIG_MAX_FILES);
		return refused(err, E2BIG);
	}
	left = RLXC_CONFIG_MAX_TOTAL - c->read_bytes;
	*max = left < RLXC_CONFIG_MAX_SIZE ? left : RLXC_CONFIG_MAX_SIZE;
	return 0;
}

static int too_big(size_t max, const char *path, struct rlxc_error *err)
{
	if (max == RLXC_CONFIG_MAX_SIZE)
		rlxc_fail(err, 0, "%s: larger than %d MiB (%d bytes), the limit of a config file",
			  path, RLXC_CONFIG_MAX_SIZE / MIB, RLXC_CONFIG_MAX_SIZE);
	else
		rlxc_fail(err, 0,
			  "%s: past %d MiB (%d bytes) read for one config (the limit, includes and "
			  "all)",
			  path, RLXC_CONFIG_MAX_TOTAL / MIB, RLXC_CONFIG_MAX_TOTAL);
	return refused(err, EFBIG);
}

int cfg_file_read(struct rlxc_config *c, const char *path, struct cfg_file *f,
		  struct rlxc_error *err)
{
	struct rlxc_text t;
	size_t max;
	int ret;

	memset(f, 0, sizeof(*f));
	if ((ret = budget(c, path, &max, err)) < 0)
		return ret;
	ret = rlxc_file_load(path, max, &t);
	f->text = t.text;
	f->len = t.len;
	if (ret == -EFBIG)
		return too_big(max, path, err);
	if (ret < 0)
		return load_fail(path, &t, ret, err);
	c->read_bytes += f->len;
	c->read_files++;
	if (!(f->real = realpath(path, NULL)))
		return rlxc_fail(err, errno, "%s", path);
	return 0;
}
