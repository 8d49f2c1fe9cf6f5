// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * What the container's init gets: lxc.cap.*, lxc.init.*, lxc.execute.cmd,
 * lxc.environment, lxc.idmap, lxc.signal.*.
 */
#include "config_exec_impl.h"

#include <ctype.h>
#include <errno.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/capability.h>

/* ---- lxc.cap.drop, lxc.cap.keep ---- */

/* name: lower case, without "cap_" (numbers become names); false if libcap
 * does not know it. */
static bool cap_normalize(const char *word, size_t len, char *name, size_t size)
{
	char buf[64] = "cap_";
	char *s, *lower = buf + 4;
	cap_value_t v;

	if (len >= sizeof(buf) - 4)
		return false;
	for (size_t i = 0; i < len; i++)
		lower[i] = (char)tolower((unsigned char)word[i]);
	lower[len] = '\0';
	/* "sys_admin", "cap_sys_admin", "21" */
	if (!strncmp(lower, "cap_", 4) || isdigit((unsigned char)*lower))
		memmove(buf, lower, len + 1);
	if (cap_from_name(buf, &v) < 0 || !(s = cap_to_name(v)))
		return false;
	if (strncmp(s, "cap_", 4)) {
		cap_free(s);
		return false;
	}
	snprintf(name, size, "%s", s + 4);
	cap_free(s);
	return true;
}

static int parse_caps(struct strv *l, bool keep, const char *key, const char *value,
		      const char *origin, struct rlxc_error *err)
{
	char name[64];

	if (!*value)
		strv_free(l);
	for (const char *w = value; *(w += strspn(w, " \t"));) {
		size_t len = strcspn(w, " \t");

		if (keep && len == 4 && !strncmp(w, "none", 4)) {
			strv_free(l);
			snprintf(name, sizeof(name), "none");
		} else if (!cap_normalize(w, len, name, sizeof(name))) {
			return cfg_bad(err, origin, key, "unknown capability: '%.*s'", (int)len, w);
		}
		if (strv_push(l, name) < 0)
			return cfg_nomem(err);
		w += len;
	}
	return 0;
}

CFG_PARSE(cfg_cap_drop)
{
	(void)index;
	return parse_caps(&c->cap_drop, false, key, value, origin, err);
}

CFG_PARSE(cfg_cap_keep)
{
	(void)index;
	return parse_caps(&c->cap_keep, true, key, value, origin, err);
}

CFG_PRINT(cfg_print_cap_drop)
{
	cfg_print_words(k, f, &c->cap_drop);
	return 0;
}

CFG_PRINT(cfg_print_cap_keep)
{
	cfg_print_words(k, f, &c->cap_keep);
	return 0;
}

/* ---- lxc.init.cmd, lxc.execute.cmd: a command line split like a shell
 * does (whitespace, '...', "...", backslash), without expansion ---- */

/* One word of s into out (room for strlen(s) + 1); *s moves past it. */
static int split_word(const char **s, char *out)
{
	const char *p = *s;
	size_t n = 0;

	while (*p && !isspace((unsigned char)*p)) {
		char q = *p;

		if (q == '\'' || q == '"') {
			for (p++; *p && *p != q; p++) {
				if (q == '"' && *p == '\\' && (p[1] == '"' || p[1] == '\\'))
					p++;
				out[n++] = *p;
			}
			if (!*p)
				return -EINVAL;
			p++;
		} else {
			if (q == '\\' && p[1])
				p++;
			out[n++] = *p++;
		}
	}
	out[n] = '\0';
	*s = p;
	return 0;
}

/* Past the whitespace at s: every isspace() character (' ', \t, \n, \v,
 * \f, \r) splits, as it ends a word in split_word. */
static const char *skip_space(const char *s)
{
	while (isspace((unsigned char)*s))
		s++;
	return s;
}

static int split_cmd(const char *s, struct strv *argv)
{
	char *word = malloc(strlen(s) + 1);
	int ret = word ? 0 : -ENOMEM;

	while (!ret && *(s = skip_space(s))) {
		ret = split_word(&s, word);
		if (!ret && strv_push(argv, word) < 0)
			ret = -ENOMEM;
	}
	free(word);
	return ret;
}

static int parse_cmd(struct strv *argv, const char *key, const char *value, const char *origin,
		     struct rlxc_error *err)
{
	struct strv new = {0};
	int ret = split_cmd(value, &new);

	if (ret < 0) {
		strv_free(&new);
		if (ret == -ENOMEM)
			return cfg_nomem(err);
		return cfg_bad(err, origin, key, "unterminated quote: '%s'", value);
	}
	strv_free(argv);
	*argv = new;
	return 0;
}

/* Safe to print unquoted. */
static bool plain(const char *s)
{
	return *s && strspn(s, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"
			       "_@%+=:,./-") == strlen(s);
}

static void print_cmd(const struct rlxc_config_key *k, FILE *f, const struct strv *argv)
{
	if (!argv->n)
		return;
	fprintf(f, "%s =", cfg_print_name(k));
	for (size_t i = 0; i < argv->n; i++) {
		const char *s = argv->v[i];

		fputc(' ', f);
		if (plain(s)) {
			fputs(s, f);
			continue;
		}
		fputc('\'', f);
		for (; *s; s++)
			fputs(*s == '\'' ? "'\\''" : (char[]){*s, '\0'}, f);
		fputc('\'', f);
	}
	fputc('\n', f);
}

CFG_PARSE(cfg_init_cmd)
{
	(void)index;
	return parse_cmd(&c->init_cmd, key, value, origin, err);
}

CFG_PARSE(cfg_execute_cmd)
{
	(void)index;
	return parse_cmd(&c->execute_cmd, key, value, origin, err);
}

CFG_PRINT(cfg_print_init_cmd)
{
	print_cmd(k, f, &c->init_cmd);
	return 0;
}

CFG_PRINT(cfg_print_execute_cmd)
{
	print_cmd(k, f, &c->execute_cmd);
	return 0;
}

/* ---- lxc.init.cwd, lxc.init.uid, lxc.init.gid ---- */

CFG_PARSE(cfg_init_cwd)
{
	(void)index;
	if (*value && *value != '/')
		return cfg_bad(err, origin, key, "not an absolute path: '%s'", value);
	return cfg_set_str(&c->init_cwd, value, err);
}

CFG_PRINT(cfg_print_init_cwd)
{
	cfg_print_str(k, f, c->init_cwd);
	return 0;
}

/* An id (0 .. 2^32 - 2: -1 is no id); empty: unset. */
static int parse_id(const char *key, const char *value, const char *origin, struct rlxc_error *err,
		    unsigned *id, bool *set)
{
	long long v = 0;

	if (*value && cfg_number(value, 0, 4294967294LL, &v, origin, key, err) < 0)
		return -EINVAL;
	*id = (unsigned)v;
	*set = *value;
	return 0;
}

CFG_PARSE(cfg_init_uid)
{
	(void)index;
	return parse_id(key, value, origin, err, &c->init_uid, &c->init_uid_set);
}

CFG_PARSE(cfg_init_gid)
{
	(void)index;
	return parse_id(key, value, origin, err, &c->init_gid, &c->init_gid_set);
}

CFG_PRINT(cfg_print_init_uid)
{
	if (c->init_uid_set)
		fprintf(f, "%s = %u\n", cfg_print_name(k), (unsigned)c->init_uid);
	return 0;
}

CFG_PRINT(cfg_print_init_gid)
{
	if (c->init_gid_set)
		fprintf(f, "%s = %u\n", cfg_print_name(k), (unsigned)c->init_gid);
	return 0;
}

/* ---- lxc.environment: "K=V", or "K" (the caller's value of K) ---- */

CFG_PARSE(cfg_environment)
{
	size_t name = strcspn(value, "=");

	(void)index;
	if (!*value) {
		strv_free(&c->environment);
		return 0;
	}
	if (!name || strcspn(value, " \t") < name)
		return cfg_bad(err, origin, key, "not NAME=VALUE or NAME: '%s'", value);
	return strv_push(&c->environment, value) < 0 ? cfg_nomem(err) : 0;
}

CFG_PRINT(cfg_print_environment)
{
	cfg_print_strv(k, f, &c->environment);
	return 0;
}

/* ---- lxc.idmap = u|g NSID HOSTID RANGE ---- */

static int idmap_parse(const char *value, struct rlxc_idmap *m)
{
	unsigned long v[3];
	char which, end;

	if (sscanf(value, "%c %lu %lu %lu %c", &which, &v[0], &v[1], &v[2], &end) != 4)
		return -EINVAL;
	if ((which != 'u' && which != 'g') || !isspace((unsigned char)value[1]) ||
	    strpbrk(value, "-+") || !v[2])
		return -EINVAL;
	if (v[0] > 4294967295UL || v[1] > 4294967295UL || v[2] > 4294967295UL)
		return -EINVAL;
	if (v[0] + v[2] > 4294967296UL || v[1] + v[2] > 4294967296UL)
		return -EINVAL;
	*m = (struct rlxc_idmap){which, v[0], v[1], v[2]};
	return 0;
}

CFG_PARSE(cfg_idmap)
{
	struct rlxc_idmap m, *a;

	(void)index;
	if (!*value) {
		free(c->idmap);
		c->idmap = NULL;
		c->n_idmap = 0;
		return 0;
	}
	if (idmap_parse(value, &m) < 0)
		return cfg_bad(err, origin, key, "not 'u|g NSID HOSTID RANGE': '%s'", value);
	a = realloc(c->idmap, (c->n_idmap + 1) * sizeof(*a));
	if (!a)
		return cfg_nomem(err);
	c->idmap = a;
	a[c->n_idmap++] = m;
	return 0;
}

CFG_PRINT(cfg_print_idmap)
{
	for (size_t i = 0; i < c->n_idmap; i++) {
		const struct rlxc_idmap *m = &c->idmap[i];

		fprintf(f, "%s = %c %lu %lu %lu\n", cfg_print_name(k), m->which, m->nsid, m->hostid,
			m->range);
	}
	return 0;
}

/* ---- lxc.signal.halt, lxc.signal.stop ---- */

/* "RTMIN", "RTMIN+3", "RTMAX-1" (without SIG). */
static int rt_signal(const char *s)
{
	bool max = !strncasecmp(s, "RTMAX", 5);
	char *end;
	long n = 0;

	if (!max && strncasecmp(s, "RTMIN", 5))
		return -EINVAL;
	s += 5;
	if (*s) {
		if (*s != (max ? '-' : '+') || !isdigit((unsigned char)s[1]))
			return -EINVAL;
		n = strtol(s + 1, &end, 10);
		if (*end || n > SIGRTMAX - SIGRTMIN)
			return -EINVAL;
	}
	return max ? SIGRTMAX - (int)n : SIGRTMIN + (int)n;
}

int rlxc_signal_parse(const char *s)
{
	char *end;
	long n;

	if (isdigit((unsigned char)*s)) {
		n = strtol(s, &end, 10);
		return *end || n < 1 || n > SIGRTMAX ? -EINVAL : (int)n;
	}
	if (!strncasecmp(s, "SIG", 3))
		s += 3;
	for (int i = 1; i < SIGRTMIN; i++) {
		const char *name = sigabbrev_np(i);

		if (name && !strcasecmp(s, name))
			return i;
	}
	return rt_signal(s);
}

static int parse_signal(char **dst, const char *key, const char *value, const char *origin,
			struct rlxc_error *err)
{
	if (*value && rlxc_signal_parse(value) < 0)
		return cfg_bad(err, origin, key, "not a signal: '%s'", value);
	return cfg_set_str(dst, value, err);
}

CFG_PARSE(cfg_signal_halt)
{
	(void)index;
	return parse_signal(&c->signal_halt, key, value, origin, err);
}

CFG_PARSE(cfg_signal_stop)
{
	(void)index;
	return parse_signal(&c->signal_stop, key, value, origin, err);
}

CFG_PRINT(cfg_print_signal_halt)
{
	cfg_print_str(k, f, c->signal_halt);
	return 0;
}

CFG_PRINT(cfg_print_signal_stop)
{
	cfg_print_str(k, f, c->signal_stop);
	return 0;
}
