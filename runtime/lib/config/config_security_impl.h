/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * Inside the config parser: the keys of a container's confinement
 * (config_security.c), for the key table.
 */
#ifndef RLXC_CONFIG_SECURITY_IMPL_H
#define RLXC_CONFIG_SECURITY_IMPL_H

#include "config_impl.h"
#include "value_impl.h"

CFG_PARSE(cfg_seccomp_profile);
CFG_PARSE(cfg_no_new_privs);
CFG_PARSE(cfg_shm_size);
CFG_PRINT(cfg_print_seccomp_profile);
CFG_PRINT(cfg_print_no_new_privs);
CFG_PRINT(cfg_print_shm_size);

#endif
