/* SPDX-License-Identifier: LGPL-2.1-or-later */
#ifndef RLXC_CLI_REQUEST_H
#define RLXC_CLI_REQUEST_H

#include "options.h"
#include "supervise/supervisor.h"

/* Open the container of -n and send op to its supervisor; without one,
 * clean up what a dead supervisor left and refuse with the state table's
 * message. */
int cli_request(const struct cli_opts *o, enum rlxc_op op, int arg, struct rlxc_error *err);

#endif
