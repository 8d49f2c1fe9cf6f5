// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * The values keys hold: string lists, and the helpers every family of keys
 * uses to parse, check and print them (value_impl.h).
 */
#include "value_impl.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- strv ---- */

int strv_push(struct strv *s, const char *str)
{
	char **v = realloc(s->v, (s->n + 2) * sizeof(*v));

	if (!v)
		return -ENOMEM;
	s->v = v;
	v[s->n] = strdup(str);
	if (!v[s->n]) {
		v[s->n] = NULL;
		return -ENOMEM;
	}
	v[++s->n] = NULL;
	return 0;
}

void strv_free(struct strv *s)
{
	for (size_t i = 0; i < s->n; i++)
		free(s->v[i]);
	free(s->v);
	s->v = NULL;
	s->n = 0;
}

/* ---- helpers for the parsers ---- */

int cfg_bad(struct rlxc_error *err, const char *origin, const char *key, const char *fmt, ...)
{
	char what[768];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(what, sizeof(what), fmt, ap);
	va_end(ap);
	return rlxc_fail(err, 0, "%s: %s: %s", origin, key, what);
}

int cfg_nomem(struct rlxc_error *err)
{
	return rlxc_fail(err, ENOMEM, "config");
}

int cfg_number(const char *value, long long min, long long max, long long *out, const char *origin,
	       const char *key, struct rlxc_error *err)
{
	const char *digits = value + (*value == '-');
	char *end;
	long long v;

	if (!*digits || strspn(digits, "0123456789") != strlen(digits) ||
	    (min >= 0 && digits != value))
		return cfg_bad(err, origin, key, "not a number: '%s'", value);
	errno = 0;
	v = strtoll(value, &end, 10);
	if (errno || v < min || v > max)
		return cfg_bad(err, origin, key, "out of range (%lld..%lld): '%s'", min, max,
			       value);
	*out = v;
	return 0;
}

int cfg_set_str(char **dst, const char *value, struct rlxc_error *err)
{
	char *s = NULL;

	if (*value && !(s = strdup(value)))
		return cfg_nomem(err);
	free(*dst);
	*dst = s;
	return 0;
}

const char *cfg_print_name(const struct rlxc_config_key *k)
{
	return k->alias_of ? k->alias_of : k->name;
}

void cfg_print_str(const struct rlxc_config_key *k, FILE *f, const char *value)
{
	if (value)
		fprintf(f, "%s = %s\n", cfg_print_name(k), value);
}

void cfg_print_strv(const struct rlxc_config_key *k, FILE *f, const struct strv *l)
{
	for (size_t i = 0; i < l->n; i++)
		fprintf(f, "%s = %s\n", cfg_print_name(k), l->v[i]);
}

void cfg_print_words(const struct rlxc_config_key *k, FILE *f, const struct strv *l)
{
	if (!l->n)
		return;
	fprintf(f, "%s =", cfg_print_name(k));
	for (size_t i = 0; i < l->n; i++)
		fprintf(f, " %s", l->v[i]);
	fputc('\n', f);
}

void cfg_print_num(const struct rlxc_config_key *k, FILE *f, long long v)
{
	if (v)
		fprintf(f, "%s = %lld\n", cfg_print_name(k), v);
}
