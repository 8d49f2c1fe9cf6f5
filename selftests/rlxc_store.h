/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * A temporary store and runtime directory for the tests that drive the
 * rlxc binary, a container name of the test's own, and a teardown that
 * destroys whatever is left, even after a failure. Include after
 * kselftest_harness.h and rlxc_run.h.
 */
#ifndef RLXC_STORE_H_TEST
#define RLXC_STORE_H_TEST

#include "rlxc_run.h"
#include "store/store.h"
#include "test_util.h"

#include <dirent.h>
#include <signal.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

struct test_store {
	char store[64], root[64], name[32];
	char run[128]; /* the store's runtime directory: ROOT/store-HASH, made */
	pid_t bg;      /* a background rlxc (monitor, execute, attach), ended at teardown */
};

/* Point RLXC_SUBUID, RLXC_SUBGID and RLXC_IDMAP_DB (store/idmap.h) at
 * files of the runtime root: an unprivileged container's ids never come
 * from, nor go to, the host's /etc/subuid and /etc/subgid. */
static inline int test_store_ids(const struct test_store *t)
{
	static const char *const var[][2] = {
		{ "RLXC_SUBUID", "subuid" },
		{ "RLXC_SUBGID", "subgid" },
		{ "RLXC_IDMAP_DB", "idmap" },
	};
	char path[96];

	for (size_t i = 0; i < 3; i++) {
		snprintf(path, sizeof(path), "%s/%s", t->root, var[i][1]);
		if (setenv(var[i][0], path, 1) < 0)
			return -1;
	}
	return 0;
}

/* mkdtemp the store and the runtime root and point RLXC_PATH and
 * RLXC_RUNTIME_DIR at them (and the id files, test_store_ids); run is
 * where the store's containers' run directories go, as rlxc says: 0, or
 * -1 with errno. The store is 0711, as /var/lib/rlxc is 0755: an
 * unprivileged container's root must pass through it to its rootfs. */
static inline int test_store_make(struct test_store *t)
{
	struct rlxc_error err;
	struct rlxc_store s;

	memset(t, 0, sizeof(*t));
	snprintf(t->store, sizeof(t->store), "/tmp/rlxc-t-store-XXXXXX");
	snprintf(t->root, sizeof(t->root), "/tmp/rlxc-t-run-XXXXXX");
	if (!mkdtemp(t->store) || !mkdtemp(t->root) || chmod(t->root, 0755) < 0 ||
	    chmod(t->store, 0711) < 0)
		return -1; /* the root as /run/rlxc is: others may pass, not write */
	snprintf(t->name, sizeof(t->name), "t%d", (int)getpid());
	if (setenv("RLXC_PATH", t->store, 1) < 0 || setenv("RLXC_RUNTIME_DIR", t->root, 1) < 0 ||
	    test_store_ids(t) < 0)
		return -1;
	if (rlxc_store_open(&s, NULL, &err) < 0 ||
	    snprintf(t->run, sizeof(t->run), "%s", s.runtime) >= (int)sizeof(t->run))
		return errno = EINVAL, -1;
	return mkdir(t->run, 0755);
}

/* End the background rlxc, destroy -f every container, remove both trees. */
static inline void test_store_remove(struct test_store *t)
{
	struct dirent *de;
	struct run r;
	DIR *d;

	if (t->bg > 0) {
		kill(t->bg, SIGKILL);
		waitpid(t->bg, NULL, 0);
	}
	setenv("RLXC_PATH", t->store, 1);
	setenv("RLXC_RUNTIME_DIR", t->root, 1);
	d = opendir(t->store);
	while (d && (de = readdir(d))) {
		if (de->d_name[0] == '.')
			continue;
		RLXC(&r, "destroy", "-f", "-n", de->d_name);
		run_free(&r);
	}
	if (d)
		closedir(d);
	rm_tree(t->store);
	rm_tree(t->root);
}

static inline bool has(const char *text, const char *what)
{
	return text && strstr(text, what);
}

#endif
