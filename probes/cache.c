// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * The per-boot cache of expensive probes.
 *
 * A probe whose try runs an external program (cr.criu runs `criu check`,
 * a self-test that takes from 20 ms to hundreds of ms) gives an identity()
 * of what it tries: the binary's path, inode, size and mtime. Its answer
 * is then kept under RUNTIME_DIR/probes/ID, keyed by that identity, the
 * boot (/proc/sys/kernel/random/boot_id) and the effective uid. The same
 * program on the same booted kernel as the same user answers the same, so
 * a later run reuses the answer and says so in the functional evidence;
 * a reboot, a new binary or another user tries again. "unknown" answers
 * (timeouts, no privilege) are never kept. The cache is an optimisation:
 * when the directory cannot be written (an unprivileged user and no
 * $RLXC_RUNTIME_DIR), every run tries.
 */
#include "probe_impl.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define CACHED "cached this boot: "

static void cache_path(const struct probe *p, char *buf, size_t len)
{
	const char *dir = getenv("RLXC_RUNTIME_DIR");

	snprintf(buf, len, "%s/probes/%s", dir && *dir ? dir : "/run/rlxc", p->id);
}

/* "boot=B uid=U id=I", or -errno when the probe has no identity now. */
static int cache_key(const struct probe *p, char *key, size_t len)
{
	char boot[64] = "", id[PROBE_TEXT];
	int err;

	if ((err = p->identity(id, sizeof(id))) < 0)
		return err;
	if ((err = rlxc_file_read("/proc/sys/kernel/random/boot_id", boot, sizeof(boot))) < 0)
		return err;
	boot[strcspn(boot, "\n")] = '\0';
	snprintf(key, len, "boot=%s uid=%u id=%s", boot, (unsigned)geteuid(), id);
	return 0;
}

/* One line of at most len - 1 bytes, without its newline. */
static bool read_line(FILE *f, char *buf, size_t len)
{
	if (!fgets(buf, (int)len, f))
		return false;
	buf[strcspn(buf, "\n")] = '\0';
	return true;
}

bool probe_cache_load(const struct probe *p, struct probe_result *r)
{
	char path[512], key[2 * PROBE_TEXT], line[2 * PROBE_TEXT];
	char functional[PROBE_TEXT], reason[PROBE_TEXT];
	unsigned verdict;
	bool hit;
	FILE *f;

	if (!p->identity || cache_key(p, key, sizeof(key)) < 0)
		return false;
	cache_path(p, path, sizeof(path));
	if (!(f = fopen(path, "re")))
		return false;
	hit = read_line(f, line, sizeof(line)) && strcmp(line, key) == 0 &&
	      read_line(f, line, sizeof(line)) && sscanf(line, "%u", &verdict) == 1 &&
	      verdict >= PROBE_YES && verdict <= PROBE_PARTIAL &&
	      read_line(f, functional, sizeof(functional)) && read_line(f, reason, sizeof(reason));
	fclose(f);
	if (!hit)
		return false;
	memset(r, 0, sizeof(*r));
	r->verdict = (enum probe_verdict)verdict;
	snprintf(r->functional, sizeof(r->functional), CACHED "%s", functional);
	snprintf(r->reason, sizeof(r->reason), "%s", reason);
	return true;
}

static int write_entry(const char *tmp, const char *key, const struct probe_result *r)
{
	FILE *f = fopen(tmp, "wxe");
	int err = 0;

	if (!f)
		return -errno;
	if (fprintf(f, "%s\n%d\n%s\n%s\n", key, (int)r->verdict, r->functional, r->reason) < 0)
		err = -EIO;
	if (fclose(f) == EOF && !err)
		err = -errno;
	return err;
}

void probe_cache_store(const struct probe *p, const struct probe_result *r)
{
	char path[512], tmp[544], key[2 * PROBE_TEXT];
	char *slash;

	if (!p->identity || r->verdict == PROBE_UNKNOWN || strchr(r->functional, '\n') ||
	    strchr(r->reason, '\n') || cache_key(p, key, sizeof(key)) < 0)
		return;
	cache_path(p, path, sizeof(path));
	slash = strrchr(path, '/');
	*slash = '\0';
	if (mkdir(path, 0700) < 0 && errno == ENOENT) {
		char *parent = strrchr(path, '/');

		*parent = '\0';
		mkdir(path, 0755);
		*parent = '/';
		mkdir(path, 0700);
	}
	*slash = '/';
	snprintf(tmp, sizeof(tmp), "%s.%d.tmp", path, (int)getpid());
	/* written aside and renamed: a reader never sees half an entry */
	if (write_entry(tmp, key, r) < 0 || rename(tmp, path) < 0)
		unlink(tmp);
}
