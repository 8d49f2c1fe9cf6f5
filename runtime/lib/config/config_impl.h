/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * Inside the config parser: what config.c (reading, dispatch), config_keys.c
 * (the table, rootfs/mount/cgroup/start/tty keys), config_exec.c (caps,
 * init, environment, idmap, signals) and config_net.c (lxc.net.N.*) share.
 * Not for the rest of the runtime: use config.h.
 */
#ifndef RLXC_CONFIG_INT_H
#define RLXC_CONFIG_INT_H

#include "config.h"

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

/* The path value, when relative, made absolute from the directory of the
 * file being read (its real path); as given outside a file. */
void cfg_here(const struct rlxc_config *c, const char *value, char *buf, size_t len);

/* Read the file or directory PATH (lxc.include). */
int cfg_include(struct rlxc_config *c, const char *path, const char *origin, const char *key,
		struct rlxc_error *err);

/* config_net.c: lxc.net, lxc.net.N, lxc.net.N.* */
CFG_PARSE(cfg_net_clear_all);
CFG_PARSE(cfg_net_clear);
CFG_PARSE(cfg_net_type);
CFG_PARSE(cfg_net_link);
CFG_PARSE(cfg_net_flags);
CFG_PARSE(cfg_net_hwaddr);
CFG_PARSE(cfg_net_name);
CFG_PARSE(cfg_net_mtu);
CFG_PARSE(cfg_net_ipv4);
CFG_PARSE(cfg_net_ipv4_gw);
CFG_PARSE(cfg_net_ipv6);
CFG_PARSE(cfg_net_ipv6_gw);
CFG_PARSE(cfg_net_veth_pair);
CFG_PARSE(cfg_net_macvlan_mode);
CFG_PARSE(cfg_net_vlan_id);
CFG_PRINT(cfg_print_net_type);
CFG_PRINT(cfg_print_net_link);
CFG_PRINT(cfg_print_net_flags);
CFG_PRINT(cfg_print_net_hwaddr);
CFG_PRINT(cfg_print_net_name);
CFG_PRINT(cfg_print_net_mtu);
CFG_PRINT(cfg_print_net_ipv4);
CFG_PRINT(cfg_print_net_ipv4_gw);
CFG_PRINT(cfg_print_net_ipv6);
CFG_PRINT(cfg_print_net_ipv6_gw);
CFG_PRINT(cfg_print_net_veth_pair);
CFG_PRINT(cfg_print_net_macvlan_mode);
CFG_PRINT(cfg_print_net_vlan_id);
void cfg_net_free(struct rlxc_net *n);
void cfg_net_init(struct rlxc_net *n);

/* config_exec.c */
CFG_PARSE(cfg_cap_drop);
CFG_PARSE(cfg_cap_keep);
CFG_PARSE(cfg_init_cmd);
CFG_PARSE(cfg_execute_cmd);
CFG_PARSE(cfg_init_cwd);
CFG_PARSE(cfg_init_uid);
CFG_PARSE(cfg_init_gid);
CFG_PARSE(cfg_environment);
CFG_PARSE(cfg_idmap);
CFG_PARSE(cfg_signal_halt);
CFG_PARSE(cfg_signal_stop);
CFG_PRINT(cfg_print_cap_drop);
CFG_PRINT(cfg_print_cap_keep);
CFG_PRINT(cfg_print_init_cmd);
CFG_PRINT(cfg_print_execute_cmd);
CFG_PRINT(cfg_print_init_cwd);
CFG_PRINT(cfg_print_init_uid);
CFG_PRINT(cfg_print_init_gid);
CFG_PRINT(cfg_print_environment);
CFG_PRINT(cfg_print_idmap);
CFG_PRINT(cfg_print_signal_halt);
CFG_PRINT(cfg_print_signal_stop);

#endif
