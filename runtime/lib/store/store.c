// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Where containers live: the store (-P, $RLXC_PATH, /var/lib/rlxc), its
 * runtime directory, container names and the paths built from them.
 */
#include "store.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define DEFAULT_STORE	"/var/lib/rlxc"
#define DEFAULT_RUNTIME "/run/rlxc"
#define NAME_RULES	"letters, digits, '_', '.', '-'; starts with a letter or digit; at most 64"
#define NAME_SHOWN	16 /* characters of an over-long name in its message */

/* The value of environment variable VAR, NULL when unset or empty. */
static const char *env(const char *var)
{
	const char *v = getenv(var);

	return v && *v ? v : NULL;
}

/*
 * DIR made absolute into out: its realpath when it exists, else DIR as
 * given when absolute, else DIR under the current directory.
 */
static int absolute(const char *dir, char *out, struct rlxc_error *err)
{
	char cwd[PATH_MAX], resolved[PATH_MAX];
	int n;

	if (realpath(dir, resolved))
		n = snprintf(out, PATH_MAX, "%s", resolved);
	else if (dir[0] == '/')
		n = snprintf(out, PATH_MAX, "%s", dir);
	else if (!getcwd(cwd, sizeof(cwd)))
		return rlxc_fail(err, errno, "%s: current directory", dir);
	else
		n = snprintf(out, PATH_MAX, "%s/%s", strcmp(cwd, "/") ? cwd : "", dir);
	if (n < 0 || n >= PATH_MAX)
		return rlxc_fail(err, ENAMETOOLONG, "%s", dir);
	return 0;
}

/* FNV-1a, 64 bits. */
static uint64_t fnv1a64(const char *s)
{
	uint64_t h = 0xcbf29ce484222325ULL;

	for (; *s; s++) {
		h ^= (unsigned char)*s;
		h *= 0x100000001b3ULL;
	}
	return h;
}

static int open_runtime(struct rlxc_store *s, struct rlxc_error *err)
{
	const char *dir = env("RLXC_RUNTIME_DIR");
	char def[PATH_MAX], root[PATH_MAX];
	int ret, n;

	if ((ret = absolute(dir ? dir : DEFAULT_RUNTIME, root, err)) < 0 ||
	    (ret = absolute(DEFAULT_STORE, def, err)) < 0)
		return ret;
	s->tag[0] = '\0';
	if (strcmp(s->path, def))
		snprintf(s->tag, sizeof(s->tag), "@%016llx", (unsigned long long)fnv1a64(s->path));
	if (!s->tag[0])
		n = snprintf(s->runtime, sizeof(s->runtime), "%s/ct", root);
	else
		n = snprintf(s->runtime, sizeof(s->runtime), "%s/store-%s", root, s->tag + 1);
	if (n >= (int)sizeof(s->runtime))
		return rlxc_fail(err, ENAMETOOLONG, "%s", root);
	return 0;
}

int rlxc_store_open(struct rlxc_store *s, const char *dir_opt, struct rlxc_error *err)
{
	const char *dir = dir_opt ? dir_opt : env("RLXC_PATH");
	int ret;

	if (dir && !*dir)
		return rlxc_usage(err, "-P: empty store directory");
	if (!dir)
		dir = DEFAULT_STORE;
	if ((ret = absolute(dir, s->path, err)) < 0) {
		rlxc_error_prefix(err, "store");
		return ret;
	}
	if ((ret = open_runtime(s, err)) < 0) {
		rlxc_error_prefix(err, "runtime directory");
		return ret;
	}
	return 0;
}

static bool name_char(char c, bool first)
{
	if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'))
		return true;
	return !first && (c == '_' || c == '.' || c == '-');
}

/* NAME quoted for a message: control characters as \xNN, at most max bytes
 * of it (never cutting a UTF-8 sequence) and "…" when cut. */
static void shown(const char *name, size_t max, char *buf, size_t len)
{
	size_t n = strlen(name), cut = n > max ? max : n, o = 0;

	while (cut < n && cut > 0 && ((unsigned char)name[cut] & 0xc0) == 0x80)
		cut--;
	for (size_t i = 0; i < cut && o + 5 < len; i++) {
		unsigned char c = (unsigned char)name[i];

		if (c < 0x20 || c == 0x7f)
			o += (size_t)snprintf(buf + o, len - o, "\\x%02x", c);
		else
			buf[o++] = (char)c;
	}
	buf[o] = '\0';
	if (cut < n)
		snprintf(buf + o, len - o, "…");
}

int rlxc_name_check(const char *name, struct rlxc_error *err)
{
	char buf[4 * RLXC_NAME_MAX + 8];
	size_t n;

	if (!name || !*name)
		return rlxc_usage(err, "empty container name");
	n = strlen(name);
	if (n > RLXC_NAME_MAX) {
		shown(name, NAME_SHOWN, buf, sizeof(buf));
		return rlxc_usage(err, "'%s' (%zu characters): a container name has at most %d",
				  buf, n, RLXC_NAME_MAX);
	}
	for (size_t i = 0; i < n; i++) {
		if (!name_char(name[i], i == 0)) {
			shown(name, RLXC_NAME_MAX, buf, sizeof(buf));
			return rlxc_usage(err, "'%s': not a valid container name (" NAME_RULES ")",
					  buf);
		}
	}
	return 0;
}

void rlxc_store_dir(const struct rlxc_store *s, const char *name, char *buf, size_t len)
{
	snprintf(buf, len, "%s/%s", s->path, name);
}

void rlxc_store_config(const struct rlxc_store *s, const char *name, char *buf, size_t len)
{
	snprintf(buf, len, "%s/%s/config", s->path, name);
}

void rlxc_store_rootfs(const struct rlxc_store *s, const char *name, char *buf, size_t len)
{
	snprintf(buf, len, "%s/%s/rootfs", s->path, name);
}

void rlxc_store_run_dir(const struct rlxc_store *s, const char *name, char *buf, size_t len)
{
	snprintf(buf, len, "%s/%s", s->runtime, name);
}

void rlxc_store_cgroup(const struct rlxc_store *s, const char *name, char *buf, size_t len)
{
	snprintf(buf, len, "%s%s", name, s->tag);
}

/* Is NAME (a valid name) a directory of dirfd with a regular file config? */
static bool has_config(int dirfd, const char *name)
{
	char rel[RLXC_NAME_MAX + 8];
	struct stat st;

	snprintf(rel, sizeof(rel), "%s/config", name);
	return fstatat(dirfd, rel, &st, 0) == 0 && S_ISREG(st.st_mode);
}

bool rlxc_store_exists(const struct rlxc_store *s, const char *name)
{
	struct rlxc_error scratch;
	char path[PATH_MAX + RLXC_NAME_MAX + 16];
	struct stat st;

	if (rlxc_name_check(name, &scratch) < 0)
		return false;
	rlxc_store_config(s, name, path, sizeof(path));
	return stat(path, &st) == 0 && S_ISREG(st.st_mode);
}

void rlxc_store_names_free(char **names)
{
	if (!names)
		return;
	for (char **p = names; *p; p++)
		free(*p);
	free(names);
}

static int by_name(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Append a copy of name to the NULL-terminated *names of *n entries. */
static int append(char ***names, size_t *n, const char *name)
{
	char **grown = realloc(*names, (*n + 2) * sizeof(**names));

	if (!grown)
		return -ENOMEM;
	*names = grown;
	if (!(grown[*n] = strdup(name)))
		return -ENOMEM;
	grown[++*n] = NULL;
	return 0;
}

/* The valid names with a config in open directory d, unsorted. */
static int collect(DIR *d, char ***names, size_t *n)
{
	struct rlxc_error scratch;
	struct dirent *de;
	int ret;

	for (;;) {
		errno = 0;
		if (!(de = readdir(d)))
			return errno ? -errno : 0;
		if (rlxc_name_check(de->d_name, &scratch) < 0 || !has_config(dirfd(d), de->d_name))
			continue;
		if ((ret = append(names, n, de->d_name)) < 0)
			return ret;
	}
}

int rlxc_store_list(const struct rlxc_store *s, char ***names, struct rlxc_error *err)
{
	size_t n = 0;
	DIR *d;
	int ret;

	*names = calloc(1, sizeof(**names));
	if (!*names)
		return rlxc_fail(err, ENOMEM, "list %s", s->path);
	d = opendir(s->path);
	if (!d && errno == ENOENT)
		return 0;
	ret = d ? collect(d, names, &n) : -errno;
	if (d)
		closedir(d);
	if (ret < 0) {
		rlxc_store_names_free(*names);
		*names = NULL;
		return rlxc_fail(err, -ret, "list %s", s->path);
	}
	qsort(*names, n, sizeof(**names), by_name);
	return (int)n;
}
