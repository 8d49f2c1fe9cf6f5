// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * The devices a container may use (cgroup_impl.h): "a" denied, then
 * runc's and LXC's list, then the config's rules. Any node may be made
 * (mknod, "m"), but only these opened: /dev/null, zero, full, random,
 * urandom, tty, console, ptmx and the ptys. lxc.cgroup.devices.* and
 * lxc.cgroup2.devices.* rules come after, in config order, and add to it
 * or take from it (or clear it again, as LXC's common.conf does).
 *
 * A rule means what it means to the v1 devices controller (the kernel's
 * admin-guide/cgroup-v1/devices.rst), rule by rule: "a" sets the default
 * and empties the list; a rule against the default adds an exception
 * (merged into one of the same device); a rule with the default takes
 * access from the exception of exactly that device. So the v1 controller
 * is given the rules themselves, and cgroup2's program (cgroup_bpf.c)
 * what they leave: both enforce the same list.
 *
 * Where nothing can enforce it (no v1 devices hierarchy, and cgroup2
 * without the program), a container whose list does not allow every
 * device does not start.
 */
#include "cgroup_impl.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAJOR_MAX 4095	  /* the kernel's dev_t: 12 bits of major, */
#define MINOR_MAX 1048575 /* 20 of minor */

/* A rule of the defaults: allow TYPE MAJOR:MINOR (-1: '*') with ACCESS. */
#define RULE(t, ma, mi, acc)                                                                       \
	{                                                                                          \
		.type = t, .major = ma, .minor = mi, .access = acc, .allow = true                  \
	}

static const struct cg_dev_rule defaults[] = {
	{ .type = 'a', .major = -1, .minor = -1, .access = CG_DEV_ALL, .allow = false },
	RULE('c', -1, -1, CG_DEV_MKNOD), /* any node may be made */
	RULE('b', -1, -1, CG_DEV_MKNOD),
	RULE('c', 1, 3, CG_DEV_ALL),	/* null */
	RULE('c', 1, 5, CG_DEV_ALL),	/* zero */
	RULE('c', 1, 7, CG_DEV_ALL),	/* full */
	RULE('c', 1, 8, CG_DEV_ALL),	/* random */
	RULE('c', 1, 9, CG_DEV_ALL),	/* urandom */
	RULE('c', 5, 0, CG_DEV_ALL),	/* tty */
	RULE('c', 5, 1, CG_DEV_ALL),	/* console */
	RULE('c', 5, 2, CG_DEV_ALL),	/* ptmx */
	RULE('c', 136, -1, CG_DEV_ALL), /* the ptys */
};

bool rlxc_cg_devices_key(const struct rlxc_cgroup_setting *s)
{
	return s->key && strncmp(s->key, "devices.", 8) == 0;
}

/* ---- parsing: "a", or "TYPE MAJOR:MINOR ACCESS" as the v1 files take it ---- */

static bool blank(char c)
{
	return c == ' ' || c == '\t';
}

static const char *skip_blanks(const char *p)
{
	return p + strspn(p, " \t");
}

/* A major or minor: '*' (-1) or a number up to max; NULL: *why. */
static const char *parse_num(const char *p, int max, int *out, const char **why)
{
	long v = 0;

	*out = -1;
	if (*p == '*')
		return p + 1;
	if (*p < '0' || *p > '9')
		return *why = "a major and a minor are numbers or '*'", NULL;
	for (; *p >= '0' && *p <= '9'; p++)
		if ((v = v * 10 + (*p - '0')) > max)
			return *why = max == MAJOR_MAX ? "a major is at most 4095"
						       : "a minor is at most 1048575",
			       NULL;
	*out = (int)v;
	return p;
}

/* r, w and m, each at most once, at least one; NULL: *why. */
static const char *parse_access(const char *p, unsigned *out, const char **why)
{
	for (*out = 0; *p && !blank(*p); p++) {
		unsigned bit = *p == 'r'   ? CG_DEV_READ
			       : *p == 'w' ? CG_DEV_WRITE
			       : *p == 'm' ? CG_DEV_MKNOD
					   : 0;

		if (!bit || (*out & bit))
			return *why = "the access is r, w and m, each at most once", NULL;
		*out |= bit;
	}
	if (!*out)
		return *why = "no access (r, w, m)", NULL;
	return p;
}

/* 'a' is every device: "a" alone, or "a *:* rwm". The v1 file takes "a"
 * followed by anything as every device: what reads as less is refused. */
static const char *parse_all(const char *p, struct cg_dev_rule *r)
{
	const char *why = NULL;
	unsigned access;

	r->major = r->minor = -1;
	r->access = CG_DEV_ALL;
	p = skip_blanks(p);
	if (!*p || (strncmp(p, "*:*", 3) == 0 && blank(p[3]) &&
		    (p = parse_access(skip_blanks(p + 3), &access, &why)) && access == CG_DEV_ALL &&
		    !*skip_blanks(p)))
		return NULL;
	return "'a' is every device: write 'a' or 'a *:* rwm'";
}

/* value into r; NULL, or why it is not a rule. */
static const char *parse_value(const char *v, struct cg_dev_rule *r)
{
	const char *why = NULL, *p = skip_blanks(v);

	r->type = *p;
	if (*p == 'a' && (!p[1] || blank(p[1])))
		return parse_all(p + 1, r);
	if ((*p != 'b' && *p != 'c') || !blank(p[1]))
		return "the type is a, b or c";
	if (!(p = parse_num(skip_blanks(p + 1), MAJOR_MAX, &r->major, &why)))
		return why;
	if (*p++ != ':')
		return "MAJOR:MINOR";
	if (!(p = parse_num(p, MINOR_MAX, &r->minor, &why)))
		return why;
	if (!blank(*p))
		return "MAJOR:MINOR, a blank, then the access";
	if (!(p = parse_access(skip_blanks(p), &r->access, &why)))
		return why;
	return *skip_blanks(p) ? "nothing may follow the access" : NULL;
}

static int parse_rule(const struct rlxc_cgroup_setting *s, struct cg_dev_rule *r,
		      struct rlxc_error *err)
{
	const char *value = s->value ? s->value : "", *why;

	if (strcmp(s->key, "devices.allow") != 0 && strcmp(s->key, "devices.deny") != 0)
		return rlxc_cg_setting_fail(err, s, 0,
					    "not a device rule: devices.allow or devices.deny");
	memset(r, 0, sizeof(*r));
	r->allow = strcmp(s->key, "devices.allow") == 0;
	r->from = s;
	if ((why = parse_value(value, r)))
		return rlxc_cg_setting_fail(err, s, 0,
					    "'%s': %s (a rule is 'TYPE MAJOR:MINOR ACCESS', as "
					    "'c 1:3 rwm', or 'a')",
					    value, why);
	return 0;
}

static void rule_text(const struct cg_dev_rule *r, char *buf, size_t len)
{
	char ma[16], mi[16];

	if (r->type == 'a') {
		snprintf(buf, len, "a");
		return;
	}
	snprintf(ma, sizeof(ma), r->major < 0 ? "*" : "%d", r->major);
	snprintf(mi, sizeof(mi), r->minor < 0 ? "*" : "%d", r->minor);
	snprintf(buf, len, "%c %s:%s %s%s%s", r->type, ma, mi, r->access & CG_DEV_READ ? "r" : "",
		 r->access & CG_DEV_WRITE ? "w" : "", r->access & CG_DEV_MKNOD ? "m" : "");
}

/* ---- the list the rules leave (the v1 controller's own bookkeeping) ---- */

static struct cg_dev_rule *same_device(struct cg_dev_list *l, const struct cg_dev_rule *r)
{
	for (size_t i = 0; i < l->n; i++)
		if (l->ex[i].type == r->type && l->ex[i].major == r->major &&
		    l->ex[i].minor == r->minor)
			return &l->ex[i];
	return NULL;
}

/* An exception that still gives (or, under an allow default, takes) some
 * reading or writing of what r names. mknod is left out: the defaults let
 * any node be made, and a node that cannot be opened is of no use. */
static const struct cg_dev_rule *overlap(const struct cg_dev_list *l, const struct cg_dev_rule *r)
{
	for (size_t i = 0; i < l->n; i++) {
		const struct cg_dev_rule *e = &l->ex[i];

		if (e->type == r->type && (e->major < 0 || r->major < 0 || e->major == r->major) &&
		    (e->minor < 0 || r->minor < 0 || e->minor == r->minor) &&
		    (e->access & r->access & (CG_DEV_READ | CG_DEV_WRITE)))
			return e;
	}
	return NULL;
}

/* A rule with the default takes access from the exception of exactly its
 * device only ("deny c 136:5 rw" leaves "c 136:* rwm" as it is): one that
 * a wider exception overrides would be taken and ignored, so it is refused. */
static int ignored(const struct cg_dev_list *l, const struct cg_dev_rule *r,
		   const struct cg_dev_rule *e, struct rlxc_error *err)
{
	char rt[64], et[64];

	rule_text(r, rt, sizeof(rt));
	rule_text(e, et, sizeof(et));
	return rlxc_cg_setting_fail(err, r->from, 0,
				    "'%s' would leave '%s' %s: a rule changes only the rule of "
				    "exactly its device, as in the v1 devices controller; change "
				    "that one, or start again from 'a'",
				    rt, et, l->allow ? "denied" : "allowed");
}

/* r into l. Only a config's rule can fail (r->from): the defaults fit. */
static int merge(struct cg_dev_list *l, const struct cg_dev_rule *r, struct rlxc_error *err)
{
	struct cg_dev_rule *e = same_device(l, r);
	const struct cg_dev_rule *wider;

	if (r->type == 'a') { /* a new default, no exceptions */
		l->allow = r->allow;
		l->n = 0;
	} else if (r->allow != l->allow && e) {
		e->access |= r->access;
	} else if (r->allow != l->allow) {
		if (l->n == CG_DEV_MAX)
			return rlxc_cg_setting_fail(
				err, r->from, 0, "more than %d device rules at once", CG_DEV_MAX);
		l->ex[l->n++] = *r;
	} else {
		if (e && !(e->access &= ~r->access))
			*e = l->ex[--l->n]; /* the order of exceptions does not matter */
		if ((wider = overlap(l, r)))
			return ignored(l, r, wider, err);
	}
	return 0;
}

/* ---- the v1 controller: each rule written as it is ---- */

static int write_v1(const struct cg_hier *h, const struct cg_dev_rule *r, struct rlxc_error *err)
{
	const char *file = r->allow ? "devices.allow" : "devices.deny";
	char text[64];
	int ret;

	rule_text(r, text, sizeof(text));
	if ((ret = cgfs_write(h->path, file, text)) == 0)
		return 0;
	if (r->from)
		return rlxc_cg_setting_fail(err, r->from, -ret, "write '%s' to %s/%s", text,
					    h->path, file);
	return rlxc_fail(err, -ret, "write '%s' to %s/%s", text, h->path, file);
}

/* ---- every rule, the defaults first ---- */

/* Each rule into l, and to the v1 hierarchy v1 when there is one. */
static int each_rule(const struct rlxc_config *c, const struct cg_hier *v1, struct cg_dev_list *l,
		     struct rlxc_error *err)
{
	struct cg_dev_rule r;
	int ret = 0;

	for (size_t i = 0; !ret && i < sizeof(defaults) / sizeof(defaults[0]); i++)
		if (!(ret = merge(l, &defaults[i], err)) && v1)
			ret = write_v1(v1, &defaults[i], err);
	for (size_t i = 0; !ret && c && i < c->n_cgroup; i++) {
		if (!rlxc_cg_devices_key(&c->cgroup[i]))
			continue;
		if (!(ret = parse_rule(&c->cgroup[i], &r, err)) && !(ret = merge(l, &r, err)) && v1)
			ret = write_v1(v1, &r, err);
	}
	return ret;
}

int rlxc_cg_devices_check(const struct rlxc_config *c, struct rlxc_error *err)
{
	struct cg_dev_list *l = calloc(1, sizeof(*l));
	int ret = l ? each_rule(c, NULL, l, err) : rlxc_fail(err, ENOMEM, "device list");

	free(l);
	return ret;
}

/* cgroup2's program failed where the kernel cannot run it and cgroup2 is
 * all there is: fail closed, saying what would start it anyway. */
static int v2_only(struct rlxc_error *err)
{
	char why[sizeof(err->msg)];

	snprintf(why, sizeof(why), "%s", err->msg);
	return rlxc_cg_fail_code(err, EOPNOTSUPP,
				 "devices: only cgroup2 can control them here, and %s; "
				 "lxc.cgroup2.devices.allow = a starts the container without a "
				 "device list",
				 why);
}

static int enforce(const struct rlxc_cgroup *cg, const struct cg_dev_list *l,
		   struct rlxc_error *err)
{
	const struct cg_hier *v1 = rlxc_cg_v1(cg, "devices"), *v2 = rlxc_cg_v2(cg);
	int ret;

	if (l->allow && l->n == 0)
		return 0; /* every device: nothing to enforce */
	if (v2) {
		ret = rlxc_cg_bpf_devices(v2->path, l, err);
		if (ret == -EOPNOTSUPP && !v1)
			return v2_only(err);
		if (ret != -EOPNOTSUPP)
			return ret; /* else the v1 controller enforces the same list */
	}
	if (v1)
		return 0;
	return rlxc_cg_fail_code(
		err, EOPNOTSUPP,
		"devices: no v1 devices hierarchy and no cgroup2 here to enforce the "
		"device list; lxc.cgroup.devices.allow = a starts the container "
		"without one");
}

int rlxc_cg_devices(const struct rlxc_cgroup *cg, const struct rlxc_config *c,
		    struct rlxc_error *err)
{
	struct cg_dev_list *l = calloc(1, sizeof(*l));
	int ret = l ? each_rule(c, rlxc_cg_v1(cg, "devices"), l, err)
		    : rlxc_fail(err, ENOMEM, "device list");

	if (!ret)
		ret = enforce(cg, l, err);
	free(l);
	return ret;
}
