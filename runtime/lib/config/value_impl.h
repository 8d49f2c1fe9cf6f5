/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * Inside the config parser: what a key's parser and printer are, and the
 * helpers every family of keys uses for values (value.c). Not for the rest
 * of the runtime: use config.h.
 */
#ifndef RLXC_CONFIG_VALUE_IMPL_H
#define RLXC_CONFIG_VALUE_IMPL_H

#include "config.h"

#include <stdio.h>

/* The parser and printer signatures of struct rlxc_config_key. */
#define CFG_PARSE(fn)                                                                              \
	int fn(struct rlxc_config *c, const char *key, const char *value, int index,               \
	       const char *origin, struct rlxc_error *err)
#define CFG_PRINT(fn) int fn(const struct rlxc_config *c, const struct rlxc_config_key *k, FILE *f)

/* "ORIGIN: KEY: what is wrong"; returns -EINVAL. */
int cfg_bad(struct rlxc_error *err, const char *origin, const char *key, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

/* The number in value, in [min, max]; on error err says "not a number: 'x'"
 * or "out of range (min..max): 'x'". */
int cfg_number(const char *value, long long min, long long max, long long *out, const char *origin,
	       const char *key, struct rlxc_error *err);

/* Replace *dst by a copy of value (NULL when value is empty). */
int cfg_set_str(char **dst, const char *value, struct rlxc_error *err);

/* -ENOMEM with a message. */
int cfg_nomem(struct rlxc_error *err);

/* The name a row prints under: the modern key of an alias. */
const char *cfg_print_name(const struct rlxc_config_key *k);

/* Print "NAME = value" lines (nothing for NULL, an empty list or 0):
 * one line, one line per entry, all entries on one line, a number. */
void cfg_print_str(const struct rlxc_config_key *k, FILE *f, const char *value);
void cfg_print_strv(const struct rlxc_config_key *k, FILE *f, const struct strv *l);
void cfg_print_words(const struct rlxc_config_key *k, FILE *f, const struct strv *l);
void cfg_print_num(const struct rlxc_config_key *k, FILE *f, long long v);

#endif
