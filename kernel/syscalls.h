/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * The newer syscalls the probes and the selftests call, through syscall(2)
 * so that an older C library still builds: the numbers and flags old headers
 * may lack, and thin wrappers that return what syscall(2) returns (-1 with
 * errno set on failure). Without a number for this architecture a wrapper
 * fails with ENOSYS, as the kernel would.
 */
#ifndef RLXC_SYSCALLS_H
#define RLXC_SYSCALLS_H

#include <errno.h>
#include <signal.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/ioctl.h>
#include <sys/syscall.h>
#include <sys/types.h>
#include <unistd.h>

/* Numbers shared by every architecture (the generic table, since 5.x). */
#ifndef __NR_pidfd_send_signal
#define __NR_pidfd_send_signal 424
#endif
#ifndef __NR_open_tree
#define __NR_open_tree 428
#endif
#ifndef __NR_move_mount
#define __NR_move_mount 429
#endif
#ifndef __NR_fsopen
#define __NR_fsopen 430
#endif
#ifndef __NR_fsconfig
#define __NR_fsconfig 431
#endif
#ifndef __NR_fsmount
#define __NR_fsmount 432
#endif
#ifndef __NR_pidfd_open
#define __NR_pidfd_open 434
#endif
#ifndef __NR_clone3
#define __NR_clone3 435
#endif
#ifndef __NR_openat2
#define __NR_openat2 437
#endif
#ifndef __NR_pidfd_getfd
#define __NR_pidfd_getfd 438
#endif
#ifndef __NR_mount_setattr
#define __NR_mount_setattr 442
#endif

/* Older syscalls numbered per architecture: the C library's name, else the
 * x86_64 number on x86_64, else none (ENOSYS). */
#ifndef __NR_kcmp
#if defined(SYS_kcmp)
#define __NR_kcmp SYS_kcmp
#elif defined(__x86_64__)
#define __NR_kcmp 312
#endif
#endif
#ifndef __NR_userfaultfd
#if defined(SYS_userfaultfd)
#define __NR_userfaultfd SYS_userfaultfd
#elif defined(__x86_64__)
#define __NR_userfaultfd 323
#endif
#endif
#ifndef __NR_pivot_root
#if defined(SYS_pivot_root)
#define __NR_pivot_root SYS_pivot_root
#elif defined(__x86_64__)
#define __NR_pivot_root 155
#endif
#endif
#ifndef __NR_bpf
#if defined(SYS_bpf)
#define __NR_bpf SYS_bpf
#elif defined(__x86_64__)
#define __NR_bpf 321
#endif
#endif

/* Flags newer than some headers. */
#ifndef CLONE_NEWTIME
#define CLONE_NEWTIME 0x00000080
#endif
#ifndef CLONE_NEWCGROUP
#define CLONE_NEWCGROUP 0x02000000
#endif
#ifndef CLONE_INTO_CGROUP
#define CLONE_INTO_CGROUP 0x200000000ULL
#endif
#ifndef CLONE_PIDFD
#define CLONE_PIDFD 0x00001000
#endif
#ifndef UFFD_USER_MODE_ONLY
#define UFFD_USER_MODE_ONLY 1
#endif
#ifndef USERFAULTFD_IOC_NEW
#define USERFAULTFD_IOC_NEW _IO(0xAA, 0x00)
#endif

/* struct clone_args up to .cgroup (CLONE_ARGS_SIZE_VER2): older
 * <linux/sched.h> lack set_tid and cgroup. */
struct clone_args_v2 {
	uint64_t flags, pidfd, child_tid, parent_tid, exit_signal, stack, stack_size, tls;
	uint64_t set_tid, set_tid_size, cgroup;
};

/* ARGS: a struct clone_args (or clone_args_v2) of SIZE bytes. */
static inline pid_t sys_clone3(void *args, size_t size)
{
	return (pid_t)syscall(__NR_clone3, args, size);
}

/* clone3(FLAGS) with set_tid = {TID}: the child gets pid TID in the
 * innermost pid namespace it is born in. */
static inline pid_t sys_clone3_set_tid(uint64_t flags, pid_t tid)
{
	pid_t set_tid[1] = {tid};
	struct clone_args_v2 args = {
	    .flags = flags,
	    .exit_signal = SIGCHLD,
	    .set_tid = (uintptr_t)set_tid,
	    .set_tid_size = 1,
	};

	return sys_clone3(&args, sizeof(args));
}

#ifndef __NR_close_range
#define __NR_close_range 436
#endif

/* Close the fds first..last (5.9; -1 with ENOSYS before). */
static inline int sys_close_range(unsigned first, unsigned last)
{
	return (int)syscall(__NR_close_range, first, last, 0U);
}

static inline int sys_pidfd_open(pid_t pid)
{
	return (int)syscall(__NR_pidfd_open, pid, 0);
}

static inline int sys_pidfd_send_signal(int pidfd, int sig)
{
	return (int)syscall(__NR_pidfd_send_signal, pidfd, sig, NULL, 0);
}

static inline int sys_pidfd_getfd(int pidfd, int fd)
{
	return (int)syscall(__NR_pidfd_getfd, pidfd, fd, 0);
}

/* HOW: a struct open_how of SIZE bytes. */
static inline int sys_openat2(int dirfd, const char *path, const void *how, size_t size)
{
	return (int)syscall(__NR_openat2, dirfd, path, how, size);
}

static inline int sys_fsopen(const char *fsname, unsigned int flags)
{
	return (int)syscall(__NR_fsopen, fsname, flags);
}

static inline int sys_fsconfig(int fd, unsigned int cmd, const char *key, const void *value,
			       int aux)
{
	return (int)syscall(__NR_fsconfig, fd, cmd, key, value, aux);
}

static inline int sys_fsmount(int fd, unsigned int flags, unsigned int attr_flags)
{
	return (int)syscall(__NR_fsmount, fd, flags, attr_flags);
}

static inline int sys_move_mount(int from_dfd, const char *from_path, int to_dfd,
				 const char *to_path, unsigned int flags)
{
	return (int)syscall(__NR_move_mount, from_dfd, from_path, to_dfd, to_path, flags);
}

static inline int sys_open_tree(int dfd, const char *path, unsigned int flags)
{
	return (int)syscall(__NR_open_tree, dfd, path, flags);
}

/* ATTR: a struct mount_attr of SIZE bytes. */
static inline int sys_mount_setattr(int dfd, const char *path, unsigned int flags, const void *attr,
				    size_t size)
{
	return (int)syscall(__NR_mount_setattr, dfd, path, flags, attr, size);
}

static inline long sys_kcmp(pid_t pid1, pid_t pid2, int type, unsigned long idx1,
			    unsigned long idx2)
{
#ifdef __NR_kcmp
	return syscall(__NR_kcmp, pid1, pid2, type, idx1, idx2);
#else
	(void)pid1, (void)pid2, (void)type, (void)idx1, (void)idx2;
	errno = ENOSYS;
	return -1;
#endif
}

static inline int sys_userfaultfd(int flags)
{
#ifdef __NR_userfaultfd
	return (int)syscall(__NR_userfaultfd, flags);
#else
	(void)flags;
	errno = ENOSYS;
	return -1;
#endif
}

static inline int sys_pivot_root(const char *new_root, const char *put_old)
{
#ifdef __NR_pivot_root
	return (int)syscall(__NR_pivot_root, new_root, put_old);
#else
	(void)new_root, (void)put_old;
	errno = ENOSYS;
	return -1;
#endif
}

/* bpf(2) CMD with ATTR, a union bpf_attr of SIZE bytes (<linux/bpf.h>; no
 * libbpf): a new fd, 0, or -1 with errno. */
static inline int sys_bpf(int cmd, void *attr, unsigned int size)
{
#ifdef __NR_bpf
	return (int)syscall(__NR_bpf, cmd, attr, size);
#else
	(void)cmd, (void)attr, (void)size;
	errno = ENOSYS;
	return -1;
#endif
}

#endif
