/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * Inside the config parser: the keys of how init runs (config_exec.c):
 * caps, init, environment, idmap, signals; for the key table.
 */
#ifndef RLXC_CONFIG_EXEC_IMPL_H
#define RLXC_CONFIG_EXEC_IMPL_H

#include "value_impl.h"

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
