/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * Inside the config parser: the lxc.net keys (config_net.c), for the key
 * table and for the life of a config (config.c).
 */
#ifndef RLXC_CONFIG_NET_IMPL_H
#define RLXC_CONFIG_NET_IMPL_H

#include "value_impl.h"

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

#endif
