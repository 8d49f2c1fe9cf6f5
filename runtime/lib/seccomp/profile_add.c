// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * A profile's rule into the filter, refused with FILE:LINE when it makes
 * no sense or contradicts an earlier rule. libseccomp keeps the first of
 * two rules for the same call and lets a rule without conditions override
 * any with them, both in silence: a profile that says "read errno 1" then
 * "read allow" would keep errno 1, and "ioctl errno 1 [1,0x5412,==]" would
 * vanish behind a later "ioctl allow". The same holds between two rules
 * with conditions when those of one are a part of the other's: "ioctl
 * errno 1 [0,9,==]" covers "ioctl errno 2 [0,9,==][1,1,==]", and libseccomp
 * 2.5.4, dropping what a shorter rule covers of two longer ones, leaks it.
 * Both orders are refused, naming the other rule's line. The same rule
 * twice is taken once.
 *
 * And libseccomp 2.5.4 loops forever adding a rule for a call that has
 * one with conditions already when either compares with anything but ==
 * and &= (SCMP_CMP_MASKED_EQ): "openat errno 1 [0,100,>=][2,0,!=]" then
 * "openat errno 1 [0,100,>=][3,0,!=]" never returns. Such a call gets one
 * rule with conditions; with == and &= only, it may have any number (400
 * thousand random sets of such rules, on x86_64, x86 and x32, built and
 * exported, none hung).
 *
 * On a 32-bit architecture (x86, x32) libseccomp compares the low 32 bits
 * of an argument only: a rule there whose value or mask is wider would
 * match calls it does not name, and is refused (in an [x86_64] section it
 * is taken).
 *
 * Each rule counts against the profile's bounds (seccomp_impl.h) before
 * it reaches libseccomp, which does its slow work only when the filter is
 * exported: a profile past one is refused at once, at its line.
 */
#include "seccomp_impl.h"

#include <errno.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* For each syscall (by its native number, pseudo numbers too) and each
 * architecture: the line of its rule without conditions and that rule's
 * action, the line of its first rule with some, of its first that compares
 * with more than == and &=, and how many rules with conditions it has. */
struct seen {
	unsigned all_line, cond_line, ranged_line, cond_rules;
	uint32_t all_action;
};

/* A rule with conditions taken, on the architectures of mask. */
struct kept {
	int slot;
	unsigned mask, line;
	struct sc_rule rule;
};

/* Native numbers are below 1024; libseccomp's pseudo numbers are -101 and
 * down (multiplexed calls) and -10001 and down (calls of other arches). */
#define SEEN_SLOTS 3072

/* Each rule with conditions has one at least: SC_MAX_CONDS bounds them. */
struct sc_seen {
	struct seen slot[SEEN_SLOTS][SC_MAX_ARCHES];
	struct kept kept[SC_MAX_CONDS];
	unsigned n;
};

static int seen_slot(int nr)
{
	if (nr >= 0 && nr < 1024)
		return nr;
	if (nr <= -101 && nr > -1125)
		return 1024 + (-nr - 101);
	if (nr <= -10000 && nr > -11024)
		return 2048 + (-nr - 10000);
	return -1;
}

struct sc_seen *sc_seen_new(void)
{
	return calloc(1, sizeof(struct sc_seen));
}

int sc_bad(struct reader *r, const char *fmt, ...)
{
	char why[512];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(why, sizeof(why), fmt, ap);
	va_end(ap);
	return rlxc_fail(r->err, 0, "%s:%u: %s: '%.200s'", r->path, r->line, why, r->text);
}

/* Whether a rule compares with an operator other than == and &=. */
static bool ranged(const struct sc_rule *rule)
{
	unsigned i;

	for (i = 0; i < rule->n; i++)
		if (rule->cmp[i].op != SCMP_CMP_EQ && rule->cmp[i].op != SCMP_CMP_MASKED_EQ)
			return true;
	return false;
}

/* A second rule with conditions for a call, which libseccomp takes only
 * when neither compares but with == and &=. */
static int check_ranged(struct reader *r, const struct sc_rule *rule, const struct seen *s)
{
	const struct scmp_version *v = seccomp_version();
	unsigned at = s->ranged_line ? s->ranged_line : s->cond_line;

	if (!s->ranged_line && !ranged(rule))
		return 1;
	return sc_bad(
		r,
		"'%s' has a rule with conditions at line %u already, and libseccomp %u.%u.%u "
		"hangs on two such rules for one call when one compares with !=, <, <=, > or >=",
		rule->name, at, v->major, v->minor, v->micro);
}

/* Whether b has condition c. */
static bool has(const struct sc_rule *b, const struct scmp_arg_cmp *c)
{
	unsigned i;

	for (i = 0; i < b->n; i++)
		if (b->cmp[i].arg == c->arg)
			return b->cmp[i].op == c->op && b->cmp[i].datum_a == c->datum_a &&
			       b->cmp[i].datum_b == c->datum_b;
	return false;
}

enum { APART, SAME, A_IN_B, B_IN_A };

/* How the conditions of a stand to those of b. */
static int relation(const struct sc_rule *a, const struct sc_rule *b)
{
	unsigned i, common = 0;

	for (i = 0; i < a->n; i++)
		common += has(b, &a->cmp[i]);
	if (common == a->n)
		return common == b->n ? SAME : A_IN_B;
	return common == b->n ? B_IN_A : APART;
}

/* rule against the rules with conditions its call has on architecture
 * at: 1 it may join them, 0 it is there already, or -EINVAL when one's
 * conditions are a part of the other's. libseccomp would let the shorter
 * rule cover the longer in silence, whatever their actions (and leak the
 * memory of what it drops). */
static int check_kept(struct reader *r, const struct sc_rule *rule, int slot, unsigned at)
{
	static const char *const why[] = {
		[SAME] = "with these conditions already",
		[A_IN_B] = "with these conditions and more, which this rule would cover",
		[B_IN_A] = "with a part of these conditions, which covers this rule",
	};
	const struct kept *k;
	unsigned i;
	int rel;

	for (i = 0, k = r->seen->kept; i < r->seen->n; i++, k++) {
		if (k->slot != slot || !(k->mask & (1u << at)))
			continue;
		rel = relation(rule, &k->rule);
		if (rel == SAME && rule->action == k->rule.action)
			return 0;
		if (rel != APART)
			return sc_bad(r, "'%s' has a rule at line %u %s", rule->name, k->line,
				      why[rel]);
	}
	return 1;
}

/* Whether libseccomp compares 32 bits of an argument on arch. */
static bool narrow(uint32_t arch)
{
	static const uint32_t arches[] = {
		SCMP_ARCH_X86,	SCMP_ARCH_X32,	  SCMP_ARCH_ARM,
		SCMP_ARCH_MIPS, SCMP_ARCH_MIPSEL, SCMP_ARCH_MIPS64N32,
		SCMP_ARCH_PPC,	SCMP_ARCH_S390,	  SCMP_ARCH_MIPSEL64N32,
	};
	unsigned i;

	for (i = 0; i < sizeof(arches) / sizeof(arches[0]); i++)
		if (arches[i] == arch)
			return true;
	return false;
}

/* A value of rule's conditions wider than 32 bits, or 0. */
static uint64_t wide(const struct sc_rule *rule)
{
	unsigned i;

	for (i = 0; i < rule->n; i++)
		if ((rule->cmp[i].datum_a | rule->cmp[i].datum_b) >> 32)
			return rule->cmp[i].datum_a >> 32 ? rule->cmp[i].datum_a
							  : rule->cmp[i].datum_b;
	return 0;
}

/* A rule with conditions against what the call has on architecture at. */
static int check_cond(struct reader *r, const struct sc_rule *rule, int slot, unsigned at)
{
	const struct seen *s = &r->seen->slot[slot][at];
	int ret;

	if (narrow(r->f->arch[at]) && wide(rule))
		return sc_bad(r,
			      "%#" PRIx64 " is wider than the 32 bits of an argument libseccomp "
			      "compares on x86 and x32: the rule belongs in an [x86_64] section",
			      wide(rule));
	if ((ret = check_kept(r, rule, slot, at)) <= 0)
		return ret;
	if (s->cond_rules >= SC_MAX_COND_RULES)
		return sc_bad(
			r,
			"'%s' has %d rules with conditions from line %u already, the most one "
			"syscall may have on one architecture",
			rule->name, SC_MAX_COND_RULES, s->cond_line);
	if (s->cond_line)
		return check_ranged(r, rule, s);
	return 1;
}

/* Whether rule may join what its call has on architecture at: 1 yes, 0 it
 * is there already, or -EINVAL. */
static int check(struct reader *r, const struct sc_rule *rule, int slot, unsigned at)
{
	const struct seen *s = &r->seen->slot[slot][at];

	if (s->all_line && rule->n == 0 && rule->action == s->all_action)
		return 0;
	if (s->all_line)
		return sc_bad(r, "'%s' has a rule for every call already, at line %u", rule->name,
			      s->all_line);
	if (rule->n == 0 && s->cond_line)
		return sc_bad(r,
			      "'%s' has rules with conditions from line %u, which this rule would "
			      "override",
			      rule->name, s->cond_line);
	return rule->n ? check_cond(r, rule, slot, at) : 1;
}

/* rule taken on the architectures of add. */
static void note(struct reader *r, const struct sc_rule *rule, int slot, unsigned add)
{
	struct seen *s;
	unsigned i;

	for (i = 0; i < r->f->n; i++) {
		if (!(add & (1u << i)))
			continue;
		s = &r->seen->slot[slot][i];
		if (rule->n == 0) {
			s->all_line = r->line;
			s->all_action = rule->action;
			continue;
		}
		s->cond_rules++;
		if (!s->cond_line)
			s->cond_line = r->line;
		if (!s->ranged_line && ranged(rule))
			s->ranged_line = r->line;
	}
	if (rule->n && add && r->seen->n < SC_MAX_CONDS)
		r->seen->kept[r->seen->n++] =
			(struct kept){ .slot = slot, .mask = add, .line = r->line, .rule = *rule };
}

/* The profile's bounds, counting rule in. */
static int bounds(struct reader *r, const struct sc_rule *rule)
{
	if (++r->rules > SC_MAX_RULES)
		return sc_bad(r, "more than %d rules, the most a profile may have", SC_MAX_RULES);
	r->conds += rule->n;
	if (r->conds > SC_MAX_CONDS)
		return sc_bad(r, "more than %d argument conditions, the most a profile may have",
			      SC_MAX_CONDS);
	return 0;
}

/* The slot in r->seen of rule's syscall: its native number. */
static int known(struct reader *r, const struct sc_rule *rule, int *slot)
{
	const struct scmp_version *v = seccomp_version();
	int nr = seccomp_syscall_resolve_name(rule->name);

	if (nr == __NR_SCMP_ERROR)
		return sc_bad(
			r, "unknown syscall '%s' (on every architecture libseccomp %u.%u.%u knows)",
			rule->name, v->major, v->minor, v->micro);
	*slot = seen_slot(nr);
	if (*slot < 0) /* a libseccomp newer than this table */
		return sc_bad(r, "syscall '%s' has a number (%d) this reader does not know",
			      rule->name, nr);
	return 0;
}

int sc_profile_add(struct reader *r, const struct sc_rule *rule, unsigned mask)
{
	unsigned i, add = 0;
	int slot, ret;

	if (bounds(r, rule) < 0 || known(r, rule, &slot) < 0)
		return -EINVAL;
	if (rule->action == r->def_policy)
		return sc_bad(
			r, "the rule's action is the profile's default action: it changes nothing");
	for (i = 0; i < r->f->n; i++) {
		if (!(mask & (1u << i)))
			continue;
		if ((ret = check(r, rule, slot, i)) < 0)
			return ret;
		add |= (unsigned)ret << i;
	}
	ret = sc_rule_add(r->f, add, rule);
	if (ret < 0)
		return sc_bad(r, "libseccomp refused the rule: %s", strerror(-ret));
	note(r, rule, slot, add);
	return 0;
}
