// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Installing a built filter on the calling thread. This runs in the
 * container's init (and in an attached process) right before it execs,
 * in a child made with a raw clone: no allocation, no libseccomp, one
 * system call.
 */
#include "seccomp.h"

#include <errno.h>
#include <linux/seccomp.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <unistd.h>

int rlxc_seccomp_install(const struct rlxc_seccomp *f, struct rlxc_error *err)
{
	struct sock_fprog prog = { .len = f->len, .filter = f->prog };

	if (!f->prog || f->len == 0)
		return rlxc_fail(err, 0, "seccomp: no filter to install");
	if (syscall(SYS_seccomp, SECCOMP_SET_MODE_FILTER, 0, &prog) == 0)
		return 0;
	/* seccomp(2) came in Linux 3.17; prctl does the same before it. */
	if (errno == ENOSYS && prctl(PR_SET_SECCOMP, SECCOMP_MODE_FILTER, &prog, 0, 0) == 0)
		return 0;
	return rlxc_fail(err, errno, "seccomp: installing the filter");
}
