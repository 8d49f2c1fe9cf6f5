// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * One rule of an LXC seccomp profile (version 2), as lxc.container.conf(5)
 * and LXC's seccomp.c take it:
 *
 *     syscall_name [action] [condition]...
 *     action:     kill | trap | allow | log | errno N | trace N | notify
 *     condition:  [index,value,op] or [index,value,SCMP_CMP_MASKED_EQ,mask]
 *     op:         SCMP_CMP_NE !=  SCMP_CMP_LT <  SCMP_CMP_LE <=  SCMP_CMP_EQ ==
 *                 SCMP_CMP_GE >=  SCMP_CMP_GT >  SCMP_CMP_MASKED_EQ &=
 *
 * A masked condition holds when (argument & mask) == value, LXC's order of
 * the two numbers. Stricter than LXC where LXC guesses: a masked condition
 * needs its mask (LXC takes 0, which matches every call or none), a mask on
 * another operator is refused (LXC drops it), an argument is compared once
 * per rule (libseccomp refuses more), and nothing may follow the rule. A
 * masked condition that no argument meets, its value having bits outside
 * its mask (or the mask being 0), is refused: libseccomp would drop the
 * value's extra bits, or the whole condition, and match calls the rule
 * does not name.
 *
 * kill kills the whole process (SCMP_ACT_KILL_PROCESS), where LXC kills the
 * thread: a thread killed in the middle of a call can leave the rest of its
 * process holding its locks. notify is refused: rlxc has no seccomp
 * notifier to answer it, and a call sent to none would fail with ENOSYS
 * when the profile meant it to be handled.
 */
#include "seccomp_impl.h"

#include <errno.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int bad(char *why, size_t len, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
static int bad(char *why, size_t len, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(why, len, fmt, ap);
	va_end(ap);
	return -EINVAL;
}

static const char *skip_space(const char *s)
{
	while (*s == ' ' || *s == '\t')
		s++;
	return s;
}

/* The word at s: letters, digits and '_'. Its length. */
static size_t word(const char *s)
{
	size_t n = 0;

	while ((s[n] >= 'a' && s[n] <= 'z') || (s[n] >= 'A' && s[n] <= 'Z') ||
	       (s[n] >= '0' && s[n] <= '9') || s[n] == '_')
		n++;
	return n;
}

/* An unsigned number at s in C's notation (12, 0x1f, 017), at most max. */
static int number(const char *s, const char **end, uint64_t max, uint64_t *v)
{
	char *e;

	if (*s < '0' || *s > '9')
		return -EINVAL;
	errno = 0;
	*v = strtoull(s, &e, 0);
	if (errno || *v > max)
		return -ERANGE;
	*end = e;
	return 0;
}

/* The number an errno or a trace action takes, after blanks. */
static int action_number(const char *s, const char **end, const char *what, uint64_t max,
			 uint64_t *v, char *why, size_t len)
{
	const char *p = skip_space(s);

	if (p == s || number(p, end, max, v) < 0)
		return bad(why, len, "%s takes a number from 0 to %llu", what,
			   (unsigned long long)max);
	return 0;
}

int sc_parse_action(const char *s, const char **end, uint32_t *action, char *why, size_t len)
{
	size_t n = word(s);
	uint64_t v;

	*end = s + n;
	if (n == 4 && !strncmp(s, "kill", n))
		*action = SCMP_ACT_KILL_PROCESS;
	else if (n == 4 && !strncmp(s, "trap", n))
		*action = SCMP_ACT_TRAP;
	else if (n == 5 && !strncmp(s, "allow", n))
		*action = SCMP_ACT_ALLOW;
	else if (n == 3 && !strncmp(s, "log", n))
		*action = SCMP_ACT_LOG;
	else if (n == 6 && !strncmp(s, "notify", n))
		return bad(why, len,
			   "the notify action needs a seccomp notifier, which rlxc has not");
	else if (n == 5 && !strncmp(s, "errno", n)) {
		/* The kernel takes an errno up to 4095 (MAX_ERRNO). */
		if (action_number(s + n, end, "errno", 4095, &v, why, len) < 0)
			return -EINVAL;
		*action = SCMP_ACT_ERRNO((uint16_t)v);
	} else if (n == 5 && !strncmp(s, "trace", n)) {
		if (action_number(s + n, end, "trace", 65535, &v, why, len) < 0)
			return -EINVAL;
		*action = SCMP_ACT_TRACE((uint16_t)v);
	} else {
		return bad(why, len,
			   "unknown action '%.*s' (kill, errno N, trap, trace N, log or allow)",
			   (int)(n ? n : strcspn(s, " \t[")), s);
	}
	return 0;
}

static const struct {
	const char *name, *sym;
	enum scmp_compare op;
} ops[] = {
	{ "SCMP_CMP_NE", "!=", SCMP_CMP_NE },
	{ "SCMP_CMP_LT", "<", SCMP_CMP_LT },
	{ "SCMP_CMP_LE", "<=", SCMP_CMP_LE },
	{ "SCMP_CMP_EQ", "==", SCMP_CMP_EQ },
	{ "SCMP_CMP_GE", ">=", SCMP_CMP_GE },
	{ "SCMP_CMP_GT", ">", SCMP_CMP_GT },
	{ "SCMP_CMP_MASKED_EQ", "&=", SCMP_CMP_MASKED_EQ },
};

/* The operator of the n bytes at s. */
static int op_of(const char *s, size_t n, enum scmp_compare *op)
{
	size_t i;

	for (i = 0; i < sizeof(ops) / sizeof(ops[0]); i++) {
		if ((strlen(ops[i].name) == n && !strncmp(s, ops[i].name, n)) ||
		    (strlen(ops[i].sym) == n && !strncmp(s, ops[i].sym, n))) {
			*op = ops[i].op;
			return 0;
		}
	}
	return -EINVAL;
}

/* The fields of one condition, s just past its '[': at most 4, split at
 * ',' and trimmed, up to the ']'. Their count, or -EINVAL. */
static int fields(const char *s, const char **end, const char *f[4], size_t flen[4])
{
	int n = 0;

	for (;;) {
		size_t l;

		s = skip_space(s);
		l = strcspn(s, ",]");
		if (!s[l] || n == 4)
			return -EINVAL;
		f[n] = s;
		while (l && (s[l - 1] == ' ' || s[l - 1] == '\t'))
			l--;
		flen[n++] = l;
		s += strcspn(s, ",]");
		if (*s++ == ']')
			break;
	}
	*end = s;
	return n;
}

/* A number that is the whole field f[0..n). */
static int field_number(const char *f, size_t n, uint64_t max, uint64_t *v)
{
	const char *end;

	return number(f, &end, max, v) < 0 || (size_t)(end - f) != n ? -EINVAL : 0;
}

/* The mask field f[0..n) of a masked condition for value: one that some
 * argument meets. */
static int mask_of(const char *f, size_t n, uint64_t value, uint64_t *mask, char *why, size_t len)
{
	if (field_number(f, n, UINT64_MAX, mask) < 0)
		return bad(why, len, "mask '%.*s' is not an unsigned 64-bit number", (int)n, f);
	if (*mask == 0)
		return bad(why, len, "mask 0 leaves nothing to compare");
	if (value & ~*mask)
		return bad(why, len,
			   "value %#" PRIx64 " has bits outside mask %#" PRIx64
			   ": no argument matches",
			   value, *mask);
	return 0;
}

/* One condition at s ('['); *end past its ']'. */
static int condition(const char *s, const char **end, struct scmp_arg_cmp *c, char *why, size_t len)
{
	const char *f[4];
	size_t fl[4];
	uint64_t index, value, mask = 0;
	enum scmp_compare op;
	int n = fields(s + 1, end, f, fl);

	if (n < 3)
		return bad(why, len, "a condition is [index,value,op] or [index,value,op,mask]");
	if (field_number(f[0], fl[0], SC_MAX_ARGS - 1, &index) < 0)
		return bad(why, len, "argument index '%.*s' is not 0 to 5", (int)fl[0], f[0]);
	if (field_number(f[1], fl[1], UINT64_MAX, &value) < 0)
		return bad(why, len, "value '%.*s' is not an unsigned 64-bit number", (int)fl[1],
			   f[1]);
	if (op_of(f[2], fl[2], &op) < 0)
		return bad(why, len, "unknown operator '%.*s'", (int)fl[2], f[2]);
	if (op == SCMP_CMP_MASKED_EQ && n != 4)
		return bad(why, len, "SCMP_CMP_MASKED_EQ needs a mask: [index,value,op,mask]");
	if (op != SCMP_CMP_MASKED_EQ && n == 4)
		return bad(why, len, "a mask goes with SCMP_CMP_MASKED_EQ only");
	if (n == 4 && mask_of(f[3], fl[3], value, &mask, why, len) < 0)
		return -EINVAL;
	*c = (struct scmp_arg_cmp){ .arg = (unsigned)index, .op = op, .datum_a = value };
	if (op == SCMP_CMP_MASKED_EQ) /* libseccomp's order: the mask, then the value */
		*c = (struct scmp_arg_cmp){
			.arg = (unsigned)index, .op = op, .datum_a = mask, .datum_b = value
		};
	return 0;
}

/* The conditions from s to the end of the line into r. */
static int conditions(const char *s, struct sc_rule *r, char *why, size_t len)
{
	unsigned i;

	for (s = skip_space(s); *s; s = skip_space(s)) {
		if (*s != '[')
			return bad(why, len, "unexpected '%s'", s);
		if (r->n == SC_MAX_ARGS)
			return bad(why, len, "more than %d conditions", SC_MAX_ARGS);
		if (condition(s, &s, &r->cmp[r->n], why, len) < 0)
			return -EINVAL;
		for (i = 0; i < r->n; i++)
			if (r->cmp[i].arg == r->cmp[r->n].arg)
				return bad(why, len, "argument %u has two conditions",
					   r->cmp[i].arg);
		r->n++;
	}
	return 0;
}

int sc_parse_rule(const char *line, uint32_t def, struct sc_rule *r, char *why, size_t len)
{
	size_t n = word(line);
	const char *s = line + n;

	memset(r, 0, sizeof(*r));
	if (n == 0)
		return bad(why, len, "a rule starts with a syscall name");
	if (n >= sizeof(r->name))
		return bad(why, len, "syscall name too long");
	if (*s && *s != ' ' && *s != '\t' && *s != '[')
		return bad(why, len, "unexpected '%s' after the syscall name", s);
	memcpy(r->name, line, n);
	r->action = def;
	s = skip_space(s);
	if (*s && *s != '[' && sc_parse_action(s, &s, &r->action, why, len) < 0)
		return -EINVAL;
	return conditions(s, r, why, len);
}
