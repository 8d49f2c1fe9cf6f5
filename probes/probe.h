/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * The probe layer: what this kernel can do for containers.
 *
 * One table of probes (probes/table.c). Each probe answers one question
 * ("can this host create a macvlan?") with a verdict, a one-line reason and
 * three kinds of evidence reported separately: kernel config, modules, and a
 * functional try in a throwaway child process. The functional try decides
 * the verdict; config and modules explain it. Results are cached for the
 * life of the process.
 */
#ifndef RLXC_PROBE_H
#define RLXC_PROBE_H

#include <stdbool.h>
#include <stddef.h>

enum probe_verdict {
	PROBE_UNKNOWN = 0, /* could not try (no privilege, timeout, crash) */
	PROBE_YES,         /* tried, and it worked */
	PROBE_NO,          /* tried, and the kernel does not have it */
	PROBE_PARTIAL,     /* some of it works (e.g. present but not mounted) */
};

#define PROBE_TEXT 320

struct probe_result {
	enum probe_verdict verdict;
	char reason[PROBE_TEXT];
	char config[PROBE_TEXT];     /* evidence: kernel config */
	char module[PROBE_TEXT];     /* evidence: modules (libkmod) */
	char functional[PROBE_TEXT]; /* evidence: what was tried, what happened */
	int elapsed_ms;              /* from fork to answer */
};

struct probe_out;

/* A functional try: runs in a forked child; returns the verdict and says
 * what it did with probe_say(). */
typedef enum probe_verdict (*probe_try_fn)(struct probe_out *out);

struct probe {
	const char *id;       /* "ns.pid", "cgroup.v1.freezer", ... */
	const char *group;    /* "ns", "cgroup", "fs", "net", "security", "syscall", "cr" */
	bool required;        /* rlxc cannot run containers without it */
	const char *config;   /* space-separated CONFIG_ symbols, or NULL */
	const char *module;   /* kernel module name, or NULL */
	probe_try_fn try;     /* the functional try */
	int timeout_ms;       /* 0: the default (PROBE_TIMEOUT_MS) */
	/* Non-NULL for a probe whose try runs an external program: what it
	 * runs ("path dev:ino size mtime"); its answer is then cached for the
	 * boot under that identity (probes/cache.c). 0 or -errno. */
	int (*identity)(char *buf, size_t len);
	const char *summary;  /* what the probe asks, one short line */
};

#define PROBE_TIMEOUT_MS 5000

/* The table. */
extern const struct probe probe_table[];
extern const size_t probe_count;

const struct probe *probe_find(const char *id);
bool probe_group_exists(const char *group);

/* Run (once per process) and return the result of one probe; NULL for an
 * unknown id. */
const struct probe_result *probe_get(const char *id);

/* Run every selected probe (NULL selection: all), concurrently, filling the
 * cache; later probe_get() calls are free. */
void probe_run_selected(const bool *selected);

/* The cached result of table entry i, running it if needed. */
const struct probe_result *probe_result_at(size_t i);

const char *probe_verdict_name(enum probe_verdict v);

/* Kernel config and modules are also exposed for the unit tests. */
enum kconfig_state {
	KCONFIG_ABSENT = 0, /* symbol not in the file */
	KCONFIG_NOT_SET,    /* "# CONFIG_X is not set" */
	KCONFIG_BUILTIN,    /* =y */
	KCONFIG_MODULE,     /* =m */
	KCONFIG_VALUE,      /* any other value (string, number) */
};

struct kconfig;
/* Parse a kernel config, plain or gzip (zlib reads both). NULL and errno on
 * failure. */
struct kconfig *kconfig_load(const char *path);
void kconfig_free(struct kconfig *kc);
enum kconfig_state kconfig_get(const struct kconfig *kc, const char *symbol, const char **value);
size_t kconfig_size(const struct kconfig *kc);
const char *kconfig_source(const struct kconfig *kc);
/* The host's config: $RLXC_KCONFIG, /proc/config.gz, /boot/config-$(uname -r);
 * NULL when none is readable. Loaded once. */
const struct kconfig *kconfig_host(void);
/* Evidence text for a space-separated list of symbols. */
void kconfig_evidence(const struct kconfig *kc, const char *symbols, char *buf, size_t len);

/* Evidence text for a module: builtin, loaded, loadable, absent; a host
 * without a module directory is reported, never an error.
 * $RLXC_MODULES_DIR overrides /lib/modules/$(uname -r) (tests). */
void kmod_evidence(const char *module, char *buf, size_t len);

/* Verdict logic, exposed for the unit tests: the reason derived from the
 * verdict and the three kinds of evidence. */
void probe_compose_reason(const struct probe *p, struct probe_result *r,
			  const struct kconfig *kc);

#endif
