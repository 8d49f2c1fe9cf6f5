/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * Release a resource when its variable goes out of scope:
 *	__cleanup_close int fd = open(...);	(a negative fd is left alone)
 *	__cleanup_free char *s = strdup(...);	(NULL is left alone)
 */
#ifndef RLXC_KERNEL_CLEANUP_H
#define RLXC_KERNEL_CLEANUP_H

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

static inline void rlxc_closep(int *fd)
{
	if (*fd >= 0)
		close(*fd);
}

static inline void rlxc_closedirp(DIR **d)
{
	if (*d)
		closedir(*d);
}

static inline void rlxc_fclosep(FILE **f)
{
	if (*f)
		fclose(*f);
}

static inline void rlxc_freep(void *p)
{
	free(*(void **)p);
}

#define __cleanup_close	   __attribute__((cleanup(rlxc_closep)))
#define __cleanup_closedir __attribute__((cleanup(rlxc_closedirp)))
#define __cleanup_fclose   __attribute__((cleanup(rlxc_fclosep)))
#define __cleanup_free	   __attribute__((cleanup(rlxc_freep)))

#endif
