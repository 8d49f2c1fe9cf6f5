// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Reading and writing the LXC `key = value` format: lines, comments,
 * lxc.include, the lookup of a key in the one table (config_keys.c), and the
 * life of a struct rlxc_config.
 */
#include "config_impl.h"
#include "config_net_impl.h"
#include "value_impl.h"

#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

static void strv_pop(struct strv *s)
{
	if (s->n) {
		free(s->v[--s->n]);
		s->v[s->n] = NULL;
	}
}

/* 0, or -ENAMETOOLONG when snprintf's n did not fit len: never a path cut. */
static int fits(int n, size_t len)
{
	return n >= 0 && (size_t)n < len ? 0 : -ENAMETOOLONG;
}

int cfg_here(const struct rlxc_config *c, const char *value, char *buf, size_t len)
{
	const char *cur = c->includes.n ? c->includes.v[c->includes.n - 1] : NULL;
	const char *slash = cur ? strrchr(cur, '/') : NULL;

	if (value[0] == '/' || !slash)
		return fits(snprintf(buf, len, "%s", value), len);
	while (value[0] == '.' && value[1] == '/')
		value += 2 + strspn(value + 2, "/");
	return fits(snprintf(buf, len, "%.*s/%s", (int)(slash - cur), cur, value), len);
}

/* ---- the life of a config ---- */

void rlxc_config_init(struct rlxc_config *c)
{
	memset(c, 0, sizeof(*c));
	for (int i = 0; i < RLXC_MAX_NETS; i++)
		cfg_net_init(&c->net[i]);
	c->legacy_net = -1;
}

void rlxc_config_free(struct rlxc_config *c)
{
	free(c->uts_name);
	free(c->rootfs_path);
	free(c->mount_fstab);
	strv_free(&c->mount_entries);
	for (int i = 0; i < RLXC_MAX_NETS; i++)
		cfg_net_free(&c->net[i]);
	for (size_t i = 0; i < c->n_cgroup; i++) {
		free(c->cgroup[i].key);
		free(c->cgroup[i].value);
		free(c->cgroup[i].origin);
	}
	free(c->cgroup);
	strv_free(&c->cap_drop);
	strv_free(&c->cap_keep);
	strv_free(&c->init_cmd);
	free(c->init_cwd);
	strv_free(&c->execute_cmd);
	strv_free(&c->environment);
	free(c->idmap);
	free(c->signal_halt);
	free(c->signal_stop);
	free(c->console_path);
	free(c->seccomp_profile);
	strv_free(&c->includes);
	rlxc_config_init(c);
}

/* ---- one key ---- */

/* Does key match the row name? *index: the device index of a '*' row. */
static bool key_match(const char *name, const char *key, long *index)
{
	const char *star = strchr(name, '*');
	size_t len = strlen(name), n;

	*index = -1;
	if (star) {
		if (strncmp(name, key, (size_t)(star - name)))
			return false;
		key += star - name;
		n = strspn(key, "0123456789");
		if (!n || strcmp(key + n, star + 1))
			return false;
		*index = n > 6 ? LONG_MAX : strtol(key, NULL, 10);
		return true;
	}
	if (len && name[len - 1] == '.')
		return !strncmp(name, key, len) && key[len];
	return !strcmp(name, key);
}

int rlxc_config_set(struct rlxc_config *c, const char *key, const char *value, const char *origin,
		    struct rlxc_error *err)
{
	long index;

	if (!origin)
		origin = "command line";
	for (size_t i = 0; i < rlxc_config_nkeys; i++) {
		const struct rlxc_config_key *k = &rlxc_config_keys[i];

		if (!key_match(k->name, key, &index))
			continue;
		if (index >= RLXC_MAX_NETS)
			return cfg_bad(err, origin, key, "device index out of range (0..%d)",
				       RLXC_MAX_NETS - 1);
		if (strchr(value, '\n'))
			return cfg_bad(err, origin, key, "the value has a newline");
		return k->parse(c, key, value, (int)index, origin, err);
	}
	return cfg_bad(err, origin, key, "unknown key");
}

/* ---- files ---- */

static char *trim(char *s)
{
	char *end = s + strlen(s);

	while (*s == ' ' || *s == '\t')
		s++;
	while (end > s && strchr(" \t\r\n", end[-1]))
		end--;
	*end = '\0';
	return s;
}

static int load_line(struct rlxc_config *c, char *line, const char *origin, struct rlxc_error *err)
{
	char *key, *eq;

	line = trim(line);
	if (!*line || *line == '#')
		return 0;
	eq = strchr(line, '=');
	if (!eq)
		return rlxc_fail(err, 0, "%s: line has no '='", origin);
	*eq = '\0';
	key = trim(line);
	if (!*key)
		return rlxc_fail(err, 0, "%s: line has no key before '='", origin);
	return rlxc_config_set(c, key, trim(eq + 1), origin, err);
}

/* The lines of a file read whole (text[len] is '\0'; the lines are cut in
 * place). */
static int load_text(struct rlxc_config *c, char *text, size_t len, const char *path,
		     struct rlxc_error *err)
{
	char origin[PATH_MAX + 32], *end = text + len, *eol;
	unsigned lineno = 1;
	int ret = 0;

	for (char *p = text; !ret && p < end; p = eol + 1, lineno++) {
		eol = memchr(p, '\n', (size_t)(end - p));
		if (!eol)
			eol = end;
		snprintf(origin, sizeof(origin), "%s:%u", path, lineno);
		if (memchr(p, '\0', (size_t)(eol - p)))
			return rlxc_fail(err, 0, "%s: a NUL byte in the line", origin);
		*eol = '\0';
		ret = load_line(c, p, origin, err);
	}
	return ret;
}

/* Read f's lines with its real path on the stack of files being read. */
static int load_pushed(struct rlxc_config *c, struct cfg_file *f, const char *path,
		       struct rlxc_error *err)
{
	int ret;

	if (strv_push(&c->includes, f->real) < 0)
		return cfg_nomem(err);
	ret = load_text(c, f->text, f->len, path, err);
	strv_pop(&c->includes);
	return ret;
}

/* Every used device has a type (set wherever it was made). */
static int check_nets(const struct rlxc_config *c, struct rlxc_error *err)
{
	for (int i = 0; i < RLXC_MAX_NETS; i++) {
		if (c->net[i].used && !c->net[i].type_set)
			return rlxc_fail(err, 0, "%s: lxc.net.%d: no lxc.net.%d.type",
					 c->net[i].origin, i, i);
	}
	return 0;
}

int rlxc_config_load(struct rlxc_config *c, const char *path, struct rlxc_error *err)
{
	struct cfg_file f;
	int ret = cfg_file_read(c, path, &f, err);

	if (!ret)
		ret = load_pushed(c, &f, path, err);
	cfg_file_free(&f);
	if (!ret && !c->includes.n)
		ret = check_nets(c, err);
	return ret;
}

static int include_file(struct rlxc_config *c, const char *path, const char *origin,
			const char *key, struct rlxc_error *err)
{
	struct cfg_file f;
	int ret = cfg_file_read(c, path, &f, err);

	if (ret < 0) {
		rlxc_error_prefix(err, "%s: %s", origin, key);
		ret = -EINVAL;
	}
	for (size_t i = 0; !ret && i < c->includes.n; i++) {
		if (!strcmp(c->includes.v[i], f.real))
			ret = cfg_bad(err, origin, key, "include loop: %s is already being read",
				      path);
	}
	if (!ret)
		ret = load_pushed(c, &f, path, err);
	cfg_file_free(&f);
	return ret;
}

static int conf_only(const struct dirent *d)
{
	size_t n = strlen(d->d_name);

	return d->d_name[0] != '.' && n > 5 && !strcmp(d->d_name + n - 5, ".conf");
}

static int by_name(const struct dirent **a, const struct dirent **b)
{
	return strcmp((*a)->d_name, (*b)->d_name);
}

static int include_dir(struct rlxc_config *c, const char *dir, const char *origin, const char *key,
		       struct rlxc_error *err)
{
	struct dirent **names;
	char path[PATH_MAX];
	int n = scandir(dir, &names, conf_only, by_name), ret = 0;

	if (n < 0)
		return cfg_bad(err, origin, key, "%s: %s", dir, strerror(errno));
	for (int i = 0; i < n; i++) {
		if (!ret && fits(snprintf(path, sizeof(path), "%s/%s", dir, names[i]->d_name),
				 sizeof(path)) < 0)
			ret = cfg_bad(err, origin, key, "%s/%s: path too long", dir,
				      names[i]->d_name);
		if (!ret)
			ret = include_file(c, path, origin, key, err);
		free(names[i]);
	}
	free(names);
	return ret;
}

/* value relative to the directory of the file in origin ("FILE:LINE"); as
 * given when absolute or when origin is no file. */
static int include_path(const char *value, const char *origin, char *buf, size_t len)
{
	const char *colon = strrchr(origin, ':'), *slash;

	if (value[0] == '/' || !colon || !colon[1] ||
	    strspn(colon + 1, "0123456789") != strlen(colon + 1))
		return fits(snprintf(buf, len, "%s", value), len);
	slash = memrchr(origin, '/', (size_t)(colon - origin));
	if (!slash)
		return fits(snprintf(buf, len, "%s", value), len);
	return fits(snprintf(buf, len, "%.*s/%s", (int)(slash - origin), origin, value), len);
}

int cfg_include(struct rlxc_config *c, const char *value, const char *origin, const char *key,
		struct rlxc_error *err)
{
	char path[PATH_MAX];
	struct stat st;

	if (!*value)
		return cfg_bad(err, origin, key, "no file named");
	if (include_path(value, origin, path, sizeof(path)) < 0)
		return cfg_bad(err, origin, key, "path too long: '%s'", value);
	if (c->includes.n > RLXC_CONFIG_MAX_DEPTH)
		return cfg_bad(
			err, origin, key,
			"%s: includes nested too deep (the limit is %d levels of lxc.include)",
			path, RLXC_CONFIG_MAX_DEPTH);
	if (stat(path, &st) < 0)
		return cfg_bad(err, origin, key, "%s: %s", path, strerror(errno));
	if (S_ISDIR(st.st_mode))
		return include_dir(c, path, origin, key, err);
	return include_file(c, path, origin, key, err);
}

/* The lxc.net.N.* rows device by device: the printers print every device
 * of a config, so each gets a view where only device i is used. */
static int write_nets(const struct rlxc_config *c, FILE *f)
{
	struct rlxc_config one = *c; /* shallow: read only */

	for (int i = 0; i < RLXC_MAX_NETS; i++) {
		if (!c->net[i].used)
			continue;
		for (int j = 0; j < RLXC_MAX_NETS; j++)
			one.net[j].used = j == i;
		for (size_t r = 0; r < rlxc_config_nkeys; r++) {
			const struct rlxc_config_key *k = &rlxc_config_keys[r];
			int ret;

			if (k->alias_of || !strchr(k->name, '*'))
				continue;
			if ((ret = k->print(&one, k, f)) < 0)
				return ret;
		}
	}
	return 0;
}

int rlxc_config_write(const struct rlxc_config *c, FILE *f)
{
	bool nets = false;

	for (size_t i = 0; i < rlxc_config_nkeys; i++) {
		const struct rlxc_config_key *k = &rlxc_config_keys[i];
		int ret = 0;

		if (k->alias_of)
			continue;
		if (!strchr(k->name, '*'))
			ret = k->print(c, k, f);
		else if (!nets && (nets = true))
			ret = write_nets(c, f);
		if (ret < 0)
			return ret;
	}
	return ferror(f) ? -EIO : 0;
}
