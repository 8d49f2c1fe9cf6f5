// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * The reader of lxc.seccomp.profile, LXC's seccomp profile format
 * (lxc.container.conf(5), SECCOMP CONFIGURATION):
 *
 *     1                          2
 *     allowlist                  denylist [default action]
 *     0                          reject_force_umount
 *     1                          [x86_64]
 *     ...                        kexec_load errno 1
 *                                ioctl errno 1 [1,0x9400,SCMP_CMP_MASKED_EQ,0xff00]
 *
 * Version 1 is an allowlist of native syscall numbers; everything else is
 * killed, and so is every call of a compat architecture (their numbers
 * differ, so a list of native numbers says nothing about them). Version 2
 * is an allowlist (whitelist) or a denylist (blacklist), whose default is
 * to kill, resp. allow, unless the second line names another action; a
 * rule without an action allows, resp. kills. Rules apply to every
 * architecture the filter covers until a section, [x86_64] (or [amd64]),
 * [x86] ([i386]), [x32], [all], [arm64] ..., names one; the rules of a
 * section for an architecture the filter does not cover are checked but
 * not used. '#' starts a comment anywhere; blank lines are skipped, and so
 * are those before the two header lines.
 *
 * Where LXC ignores a line this reader refuses it, naming FILE:LINE, what
 * is wrong and the line: a name libseccomp does not know on any
 * architecture is a typo far more often than a call newer than libseccomp
 * (LXC logs it and goes on, leaving the call unfiltered); a rule that
 * contradicts an earlier one for the same call, which libseccomp would
 * drop or let override the other in silence; an unknown section. A call
 * that exists on some of the architectures only (socketcall, arch_prctl)
 * is filtered where it exists.
 *
 * A profile is the admin's, but it is read as if it were an attacker's:
 * only a regular file is opened (never a FIFO or a device, whose open or
 * read may block; kernel/file.h), a read error is an error, and the reader
 * bounds what it takes (seccomp_impl.h): 1 MiB, 4096 rules, 256 argument
 * conditions, 64 rules with conditions for one syscall on one
 * architecture. Real profiles are far below them (Docker's default has
 * 370 rules and 8 conditions, LXC's a dozen rules); far past them
 * libseccomp takes minutes to build the filter, which it then cannot
 * export (a kernel filter has at most 4096 instructions). Each is refused
 * naming FILE:LINE, the line that goes past it, and the bound.
 */
#include "seccomp_impl.h"

#include "kernel/file.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

/* The next line of r's text, trimmed and without its comment, in place;
 * NULL at the end. */
static char *next_line(struct reader *r)
{
	char *s = r->next, *e, *nl;

	if (!s)
		return NULL;
	nl = strchr(s, '\n');
	r->next = nl ? nl + 1 : NULL;
	if (nl)
		*nl = '\0';
	else if (!*s)
		return NULL;
	r->line++;
	s[strcspn(s, "#")] = '\0';
	while (*s == ' ' || *s == '\t')
		s++;
	e = s + strlen(s);
	while (e > s && (e[-1] == ' ' || e[-1] == '\t' || e[-1] == '\r'))
		*--e = '\0';
	r->text = s;
	return s;
}

/* The next line that holds something. */
static char *next_rule(struct reader *r)
{
	char *s;

	while ((s = next_line(r)) && !*s)
		;
	return s;
}

/* Line 2 after the version: the kind of list and its default action. */
static int list_kind(struct reader *r, const char *s)
{
	size_t n = strcspn(s, " \t");
	const char *p = s + n;
	char why[256];

	if ((n == 9 && !strncmp(s, "allowlist", n)) || (n == 9 && !strncmp(s, "whitelist", n)))
		r->deny = false;
	else if ((n == 8 && !strncmp(s, "denylist", n)) || (n == 9 && !strncmp(s, "blacklist", n)))
		r->deny = true;
	else
		return sc_bad(r, "the second line is allowlist or denylist, then a default action");
	r->def_policy = r->deny ? SCMP_ACT_ALLOW : SCMP_ACT_KILL_PROCESS;
	r->def_rule = r->deny ? SCMP_ACT_KILL_PROCESS : SCMP_ACT_ALLOW;
	while (*p == ' ' || *p == '\t')
		p++;
	if (r->version == 1 && (r->deny || *p))
		return sc_bad(r, "a version 1 profile is a bare allowlist");
	if (*p && sc_parse_action(p, &p, &r->def_policy, why, sizeof(why)) < 0)
		return sc_bad(r, "%s", why);
	if (*p)
		return sc_bad(r, "unexpected '%s' after the default action", p);
	return 0;
}

static int header(struct reader *r)
{
	const char *s = next_rule(r);

	if (!s || (strcmp(s, "1") && strcmp(s, "2"))) {
		r->line += !s; /* the line that is missing */
		r->text = s ? s : "";
		return sc_bad(r, "the first line is the format version, 1 or 2");
	}
	r->version = *s - '0';
	s = next_rule(r);
	if (!s) {
		r->line++;
		r->text = "";
		return sc_bad(r, "no second line: allowlist or denylist");
	}
	return list_kind(r, s);
}

/* Version 1: a native syscall number a line, allowed. */
static int body_v1(struct reader *r)
{
	struct sc_rule rule = { .action = SCMP_ACT_ALLOW };
	const char *s;
	char *name;
	int nr;

	while ((s = next_rule(r))) {
		if (strspn(s, "0123456789") != strlen(s) || strlen(s) > 4)
			return sc_bad(r, "a version 1 line is a syscall number");
		nr = atoi(s);
		name = seccomp_syscall_resolve_num_arch(r->f->arch[0], nr);
		if (!name)
			return sc_bad(r, "no syscall %d on this architecture", nr);
		snprintf(rule.name, sizeof(rule.name), "%s", name);
		free(name);
		if (sc_profile_add(r, &rule, 1u) < 0)
			return -EINVAL;
	}
	return 0;
}

static const struct {
	const char *name;
	uint32_t arch;
} sections[] = {
	{ "x86_64", SCMP_ARCH_X86_64 },
	{ "amd64", SCMP_ARCH_X86_64 },
	{ "x86", SCMP_ARCH_X86 },
	{ "i386", SCMP_ARCH_X86 },
	{ "x32", SCMP_ARCH_X32 },
	{ "arm", SCMP_ARCH_ARM },
	{ "armel", SCMP_ARCH_ARM },
	{ "armhf", SCMP_ARCH_ARM },
	{ "arm64", SCMP_ARCH_AARCH64 },
	{ "aarch64", SCMP_ARCH_AARCH64 },
	{ "ppc", SCMP_ARCH_PPC },
	{ "ppc64", SCMP_ARCH_PPC64 },
	{ "ppc64le", SCMP_ARCH_PPC64LE },
	{ "mips", SCMP_ARCH_MIPS },
	{ "mips64", SCMP_ARCH_MIPS64 },
	{ "mips64n32", SCMP_ARCH_MIPS64N32 },
	{ "mipsel", SCMP_ARCH_MIPSEL },
	{ "mipsel64", SCMP_ARCH_MIPSEL64 },
	{ "mipsel64n32", SCMP_ARCH_MIPSEL64N32 },
	{ "s390", SCMP_ARCH_S390 },
	{ "s390x", SCMP_ARCH_S390X },
	{ "riscv64", SCMP_ARCH_RISCV64 },
};

/* "[name]": the architectures the next rules are for. */
static int section(struct reader *r, const char *s)
{
	size_t n = strlen(s), i;
	int at;

	if (s[n - 1] != ']')
		return sc_bad(r, "a section is [architecture]");
	if (n == 5 && !strncasecmp(s + 1, "all", 3)) {
		r->mask = SC_ALL(r->f);
		return 0;
	}
	for (i = 0; i < sizeof(sections) / sizeof(sections[0]); i++) {
		if (strlen(sections[i].name) == n - 2 &&
		    !strncasecmp(s + 1, sections[i].name, n - 2)) {
			at = sc_filter_index(r->f, sections[i].arch);
			r->mask = at < 0 ? 0 : 1u << at;
			return 0;
		}
	}
	return sc_bad(r, "unknown architecture section");
}

/* One line of a version 2 profile. */
static int line_v2(struct reader *r, const char *s)
{
	struct sc_rule rule;
	char why[256];

	if (*s == '[')
		return section(r, s);
	if (!strncmp(s, "reject_force_umount", 19) && (!s[19] || s[19] == ' ' || s[19] == '\t')) {
		if (s[19])
			return sc_bad(r, "reject_force_umount takes nothing after it");
		sc_force_umount(&rule);
		return sc_profile_add(r, &rule, r->mask);
	}
	if (sc_parse_rule(s, r->def_rule, &rule, why, sizeof(why)) < 0)
		return sc_bad(r, "%s", why);
	return sc_profile_add(r, &rule, r->mask);
}

static int body_v2(struct reader *r)
{
	const char *s;

	while ((s = next_rule(r)))
		if (line_v2(r, s) < 0)
			return -EINVAL;
	return 0;
}

/* r's line and text: those of the line of t that holds byte at, which
 * ends there (a NUL byte) or at its newline. */
static void point_at(struct reader *r, struct rlxc_text *t, size_t at)
{
	char *start = t->text, *p, *nl;

	r->line = 1;
	for (p = t->text; (p = memchr(p, '\n', at - (size_t)(p - t->text))); start = ++p)
		r->line++;
	nl = memchr(start, '\n', t->len - (size_t)(start - t->text));
	if (nl)
		*nl = '\0';
	r->text = start;
}

/* The text has no NUL byte: a line would end there unseen. */
static int no_nul(struct reader *r, struct rlxc_text *t)
{
	const char *nul = memchr(t->text, '\0', t->len);

	if (!nul)
		return 0;
	point_at(r, t, (size_t)(nul - t->text));
	return sc_bad(r, "a NUL byte in the line");
}

static int parse(struct reader *r, struct rlxc_text *t)
{
	int ret;

	r->next = t->text;
	if (no_nul(r, t) < 0 || header(r) < 0)
		return -EINVAL;
	ret = sc_filter_init(r->f, r->def_policy, r->err);
	if (ret < 0)
		return ret;
	r->mask = SC_ALL(r->f);
	ret = r->version == 1 ? body_v1(r) : body_v2(r);
	if (ret < 0)
		sc_filter_release(r->f);
	return ret;
}

/* What a file that is not regular is, for the message. */
static const char *kind_of(const char *path)
{
	struct stat st;

	if (stat(path, &st) < 0)
		return "not a regular file";
	if (S_ISFIFO(st.st_mode))
		return "a FIFO, not a regular file";
	if (S_ISCHR(st.st_mode) || S_ISBLK(st.st_mode))
		return "a device, not a regular file";
	if (S_ISSOCK(st.st_mode))
		return "a socket, not a regular file";
	return "not a regular file";
}

/* What rlxc_file_load's ret means for the profile at r->path, text t. */
static int load_fail(struct reader *r, struct rlxc_text *t, int ret)
{
	switch (ret) {
	case -EINVAL:
		return rlxc_fail(r->err, 0, "%s: %s", r->path, kind_of(r->path));
	case -ESTALE:
		return rlxc_fail(r->err, 0, "%s: replaced while it was opened", r->path);
	case -EFBIG:
		point_at(r, t, SC_PROFILE_MAX);
		return sc_bad(r, "the profile goes on past %d bytes (1 MiB), the most it may have",
			      SC_PROFILE_MAX);
	}
	if (!t->text) /* nothing was opened */
		return rlxc_fail(r->err, -ret, "%s", r->path);
	point_at(r, t, t->len);
	return rlxc_fail(r->err, -ret, "%s:%u: read", r->path, r->line);
}

int sc_profile_load(const char *path, struct sc_filter *f, struct rlxc_error *err)
{
	struct reader r = { .path = path, .f = f, .err = err };
	struct rlxc_text t;
	int ret;

	memset(f, 0, sizeof(*f));
	ret = rlxc_file_load(path, SC_PROFILE_MAX, &t);
	if (ret < 0)
		ret = load_fail(&r, &t, ret);
	else if (!(r.seen = sc_seen_new()))
		ret = rlxc_fail(err, ENOMEM, "seccomp profile %s", path);
	else
		ret = parse(&r, &t);
	free(r.seen);
	free(t.text);
	return ret;
}
