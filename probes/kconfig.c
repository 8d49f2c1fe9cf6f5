// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Kernel config: the first kind of evidence. zlib's gzread reads gzip and
 * plain files alike, so /proc/config.gz and /boot/config-* share one
 * parser. Symbols are kept sorted for bsearch.
 */
#include "probe.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/utsname.h>
#include <zlib.h>

struct ksym {
	char *name;
	char *value; /* NULL for "is not set" */
};

struct kconfig {
	struct ksym *syms;
	size_t n, cap;
	char *source;
};

static int add_sym(struct kconfig *kc, const char *name, size_t nlen, const char *value)
{
	struct ksym *s;

	if (kc->n == kc->cap) {
		size_t cap = kc->cap ? kc->cap * 2 : 1024;
		struct ksym *grown = realloc(kc->syms, cap * sizeof(*grown));
		if (!grown)
			return -ENOMEM;
		kc->syms = grown;
		kc->cap = cap;
	}
	s = &kc->syms[kc->n];
	s->name = strndup(name, nlen);
	s->value = value ? strdup(value) : NULL;
	if (!s->name || (value && !s->value)) {
		free(s->name);
		free(s->value);
		return -ENOMEM;
	}
	kc->n++;
	return 0;
}

/* "CONFIG_X=v" or "# CONFIG_X is not set"; anything else is ignored. */
static int parse_line(struct kconfig *kc, char *line)
{
	static const char unset[] = " is not set";
	char *eq, *end;

	line[strcspn(line, "\r\n")] = '\0';
	if (strncmp(line, "CONFIG_", 7) == 0 && (eq = strchr(line, '='))) {
		char *v = eq + 1;
		size_t vl = strlen(v);

		if (vl >= 2 && v[0] == '"' && v[vl - 1] == '"') {
			v[vl - 1] = '\0';
			v++;
		}
		return add_sym(kc, line, (size_t)(eq - line), v);
	}
	if (strncmp(line, "# CONFIG_", 9) == 0) {
		end = strstr(line, unset);
		if (end && end[sizeof(unset) - 1] == '\0')
			return add_sym(kc, line + 2, (size_t)(end - line - 2), NULL);
	}
	return 0;
}

static int cmp_sym(const void *a, const void *b)
{
	return strcmp(((const struct ksym *)a)->name, ((const struct ksym *)b)->name);
}

void kconfig_free(struct kconfig *kc)
{
	if (!kc)
		return;
	for (size_t i = 0; i < kc->n; i++) {
		free(kc->syms[i].name);
		free(kc->syms[i].value);
	}
	free(kc->syms);
	free(kc->source);
	free(kc);
}

struct kconfig *kconfig_load(const char *path)
{
	struct kconfig *kc = calloc(1, sizeof(*kc));
	char line[4096];
	gzFile gz;
	int err = 0;

	if (!kc)
		return NULL;
	gz = gzopen(path, "rb");
	if (!gz) {
		err = errno ? errno : ENOMEM;
		free(kc);
		errno = err;
		return NULL;
	}
	while (!err && gzgets(gz, line, sizeof(line)))
		err = -parse_line(kc, line);
	if (!err) {
		int zerr = Z_OK;

		gzerror(gz, &zerr);
		if (zerr != Z_OK)
			err = EIO; /* a corrupt or truncated gzip stream */
	}
	gzclose(gz);
	kc->source = strdup(path);
	if (!err && !kc->source)
		err = ENOMEM;
	if (err) {
		kconfig_free(kc);
		errno = err;
		return NULL;
	}
	qsort(kc->syms, kc->n, sizeof(*kc->syms), cmp_sym);
	return kc;
}

enum kconfig_state kconfig_get(const struct kconfig *kc, const char *symbol, const char **value)
{
	struct ksym key = { .name = (char *)symbol };
	const struct ksym *s;

	if (value)
		*value = NULL;
	if (!kc)
		return KCONFIG_ABSENT;
	s = bsearch(&key, kc->syms, kc->n, sizeof(*kc->syms), cmp_sym);
	if (!s)
		return KCONFIG_ABSENT;
	if (value)
		*value = s->value;
	if (!s->value)
		return KCONFIG_NOT_SET;
	if (strcmp(s->value, "y") == 0)
		return KCONFIG_BUILTIN;
	if (strcmp(s->value, "m") == 0)
		return KCONFIG_MODULE;
	return KCONFIG_VALUE;
}

size_t kconfig_size(const struct kconfig *kc)
{
	return kc ? kc->n : 0;
}

const char *kconfig_source(const struct kconfig *kc)
{
	return kc ? kc->source : NULL;
}

static struct kconfig *host_config;
static bool host_loaded;

static void free_host_config(void)
{
	kconfig_free(host_config);
}

const struct kconfig *kconfig_host(void)
{
	struct utsname u;
	char boot[sizeof(u.release) + 16];
	const char *env = getenv("RLXC_KCONFIG");

	if (host_loaded)
		return host_config;
	host_loaded = true;
	if (env && *env) {
		host_config = kconfig_load(env);
	} else {
		host_config = kconfig_load("/proc/config.gz");
		if (!host_config && uname(&u) == 0) {
			snprintf(boot, sizeof(boot), "/boot/config-%s", u.release);
			host_config = kconfig_load(boot);
		}
	}
	atexit(free_host_config);
	return host_config;
}

void kconfig_evidence(const struct kconfig *kc, const char *symbols, char *buf, size_t len)
{
	size_t used = 0;
	char sym[128];

	buf[0] = '\0';
	if (!symbols || !*symbols) {
		snprintf(buf, len, "no config symbol for this feature");
		return;
	}
	if (!kc) {
		snprintf(buf, len, "no kernel config readable (/proc/config.gz, /boot/config-RELEASE)");
		return;
	}
	for (const char *p = symbols; *p && used + 1 < len;) {
		size_t n = strcspn(p, " ");
		const char *value;
		int w;

		snprintf(sym, sizeof(sym), "%.*s", (int)n, p);
		switch (kconfig_get(kc, sym, &value)) {
		case KCONFIG_ABSENT:
			w = snprintf(buf + used, len - used, "%s%s absent", used ? ", " : "", sym);
			break;
		case KCONFIG_NOT_SET:
			w = snprintf(buf + used, len - used, "%s%s is not set", used ? ", " : "", sym);
			break;
		default:
			w = snprintf(buf + used, len - used, "%s%s=%s", used ? ", " : "", sym, value);
		}
		if (w < 0 || (size_t)w >= len - used)
			return;
		used += (size_t)w;
		p += n;
		p += strspn(p, " ");
	}
	snprintf(buf + used, len - used, " (%s)", kc->source);
}
