/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * A container's configuration: the LXC `key = value` format.
 *
 * One table of keys (config_keys.c), each with a parser and a printer.
 * Legacy keys of the 2008 LXC README are aliases of the modern ones:
 * lxc.utsname -> lxc.uts.name, lxc.network.* -> lxc.net.0.* (a new
 * lxc.network.type starts the next device), lxc.mount -> lxc.mount.fstab,
 * lxc.chroot / lxc.rootfs -> lxc.rootfs.path, lxc.tty -> lxc.tty.max,
 * lxc.pts -> lxc.pty.max. An unknown key or a bad value is an error naming
 * file, line and key: "web.conf:12: lxc.net.0.mtu: not a number: 'big'".
 * Lines: "key = value", '#' comments (whole lines only), blank lines.
 * A key rlxc knows but cannot honour yet is refused, never ignored
 * (lxc.rootfs.mount: the rootfs mount point comes later).
 *
 * The reader fails closed: a config file is a regular file (lxc.include
 * also takes a directory) read whole within the bounds below, a read error
 * is an error (never the end of the file), a NUL byte in a line is refused,
 * and each bound passed is refused naming the file and the bound.
 */
#ifndef RLXC_CONFIG_H
#define RLXC_CONFIG_H

#include "base/error.h"

#include <net/if.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>
#include <sys/types.h>

/* A growable NULL-terminated array of strings. */
struct strv {
	char **v;
	size_t n;
};
int strv_push(struct strv *s, const char *str); /* 0 or -ENOMEM */
void strv_free(struct strv *s);

enum rlxc_net_type {
	RLXC_NET_NONE = 0, /* lxc.net.N.type = none: share the host's network namespace */
	RLXC_NET_EMPTY,	   /* a new network namespace with only lo */
	RLXC_NET_VETH,
	RLXC_NET_MACVLAN,
	RLXC_NET_VLAN,
	RLXC_NET_PHYS,
};

struct rlxc_net {
	bool used;     /* some key of this index is set */
	bool type_set; /* lxc.net.N.type was given (a loaded config always has it) */
	enum rlxc_net_type type;
	char link[IFNAMSIZ];	  /* host device (bridge for veth, parent for macvlan) */
	bool up;		  /* flags = up */
	char hwaddr[18];	  /* aa:bb:cc:dd:ee:ff, "" if unset */
	char name[IFNAMSIZ];	  /* name inside the container */
	char veth_pair[IFNAMSIZ]; /* host side name of a veth */
	unsigned mtu;		  /* 0: unset */
	char macvlan_mode[16];	  /* private, vepa, bridge, passthru */
	int vlan_id;		  /* -1: unset */
	struct strv ipv4;	  /* "10.0.0.2/24" or "10.0.0.2/24 10.0.0.255" (broadcast) */
	char ipv4_gateway[16];	  /* dotted quad or "auto", "" if unset */
	struct strv ipv6;	  /* "fd00::2/64" (the prefix is always there: default 64) */
	char ipv6_gateway[40];
	char *origin; /* "file:line" of the key that created it */
};

#define RLXC_MAX_NETS 16

/* The bounds of one rlxc_config_load (and of an lxc.include given to
 * rlxc_config_set): a file holds at most RLXC_CONFIG_MAX_SIZE bytes; an
 * lxc.include is refused in a file already RLXC_CONFIG_MAX_DEPTH includes
 * below the file loaded; all files read, includes too, number at most
 * RLXC_CONFIG_MAX_FILES and hold at most RLXC_CONFIG_MAX_TOTAL bytes. */
#define RLXC_CONFIG_MAX_SIZE  (1 << 20) /* 1 MiB */
#define RLXC_CONFIG_MAX_DEPTH 32
#define RLXC_CONFIG_MAX_FILES 1024
#define RLXC_CONFIG_MAX_TOTAL (8 << 20) /* 8 MiB */

/* lxc.mount.auto flags */
enum {
	RLXC_AUTO_PROC_MIXED = 1 << 0, /* proc:mixed (the default when proc is named) */
	RLXC_AUTO_PROC_RW = 1 << 1,
	RLXC_AUTO_SYS_RO = 1 << 2, /* sys, sys:ro */
	RLXC_AUTO_SYS_MIXED = 1 << 3,
	RLXC_AUTO_SYS_RW = 1 << 4,
	RLXC_AUTO_CGROUP_RO = 1 << 5, /* cgroup, cgroup:ro */
	RLXC_AUTO_CGROUP_RW = 1 << 6,
	RLXC_AUTO_CGROUP_MIXED = 1 << 7,
};

struct rlxc_cgroup_setting {
	int version; /* 1: lxc.cgroup.KEY, 2: lxc.cgroup2.KEY */
	char *key;   /* "memory.limit_in_bytes", "pids.max", ... */
	char *value;
	char *origin; /* "file:line" */
};

struct rlxc_idmap {
	char which; /* 'u' or 'g' */
	unsigned long nsid, hostid, range;
};

/* The most lxc.tty.max takes (term/terms.h: RLXC_TERM_MAX_TTYS). */
#define RLXC_TTY_MAX 64

struct rlxc_config {
	char *uts_name;		   /* lxc.uts.name */
	char *rootfs_path;	   /* lxc.rootfs.path, absolute; NULL: the host's root (execute) */
	char *mount_fstab;	   /* lxc.mount.fstab; relative in a file: to its directory */
	struct strv mount_entries; /* lxc.mount.entry, fstab-format lines */
	unsigned mount_auto;	   /* RLXC_AUTO_* */
	struct rlxc_net net[RLXC_MAX_NETS];
	struct rlxc_cgroup_setting *cgroup;
	size_t n_cgroup;
	struct strv cap_drop; /* lxc.cap.drop names, lower case, without "cap_" */
	struct strv cap_keep; /* lxc.cap.keep, same; "none" (first) drops all others */
	struct strv init_cmd; /* lxc.init.cmd split into argv */
	char *init_cwd;
	uid_t init_uid;
	gid_t init_gid;
	bool init_uid_set, init_gid_set;
	struct strv execute_cmd; /* lxc.execute.cmd */
	struct strv environment; /* "K=V", or "K": the caller's value of K */
	struct rlxc_idmap *idmap;
	size_t n_idmap;
	bool start_auto;      /* lxc.start.auto */
	unsigned start_delay; /* lxc.start.delay, seconds */
	int start_order;      /* lxc.start.order */
	unsigned pty_max;     /* lxc.pty.max (legacy lxc.pts): devpts max=; 0: the kernel's */
	unsigned tty_max;     /* lxc.tty.max (legacy lxc.tty): ptys on /dev/tty1..N */
	char *console_path;   /* lxc.console.path: NULL, a pty; "none"; or a terminal of the host */
	char *signal_halt;    /* lxc.signal.halt as given (rlxc_signal_parse): NULL, SIGPWR */
	char *signal_stop;    /* lxc.signal.stop as given: NULL, SIGKILL */
	char *seccomp_profile; /* lxc.seccomp.profile, absolute; NULL: the default policy */
	bool no_new_privs;     /* lxc.no_new_privs */
	unsigned long long shm_size; /* lxc.dev.shm.size, bytes; 0: 64 MiB */
	/* Parser state, not configuration (write ignores it): */
	struct strv includes; /* real paths of the files being read, outermost first */
	int legacy_net;	      /* device of the last lxc.network.type, -1: none yet */
	size_t read_bytes;    /* bytes and files read by the load in progress */
	unsigned read_files;
};

/* An empty config: every field unset. */
void rlxc_config_init(struct rlxc_config *c);
void rlxc_config_free(struct rlxc_config *c);

/* Read path into c (keys add to / override what c has). 0 or -errno:
 * -EINVAL for a bad line ("FILE:LINE: KEY: what is wrong"), -errno when
 * path itself cannot be read. Stops at the first error; the caller frees.
 * At the end every network device must have a type. */
int rlxc_config_load(struct rlxc_config *c, const char *path, struct rlxc_error *err);

/* Set one key as if read at origin ("file:line", or "command line" when
 * NULL; a relative lxc.include is relative to the origin's file, or to the
 * current directory). An empty value clears the key (lxc.net clears every
 * device, lxc.net.N and lxc.net.N.type device N), except lxc.cgroup.KEY. */
int rlxc_config_set(struct rlxc_config *c, const char *key, const char *value, const char *origin,
		    struct rlxc_error *err);

/* Write c in the config format, modern keys, one per line; reading the
 * output back gives the same config. */
int rlxc_config_write(const struct rlxc_config *c, FILE *f);

/* The table, for `rlxc help config` and the completeness test.
 * Names: exact ("lxc.uts.name"); '*' stands for a device index 0..15
 * ("lxc.net.*.ipv4.address", the parser gets it as index); a trailing '.'
 * is a prefix ("lxc.cgroup.": the parser gets the whole key). Other rows get
 * index -1: for the legacy lxc.network.* keys it means "the device the last
 * lxc.network.type started" (lxc.network.type itself starts the next one). */
struct rlxc_config_key {
	const char *name;
	const char *alias_of; /* legacy key: the modern name, else NULL */
	int (*parse)(struct rlxc_config *c, const char *key, const char *value, int index,
		     const char *origin, struct rlxc_error *err);
	/* print every value this key has in c as "key = value\n" lines */
	int (*print)(const struct rlxc_config *c, const struct rlxc_config_key *k, FILE *f);
	const char *help;
};
extern const struct rlxc_config_key rlxc_config_keys[];
extern const size_t rlxc_config_nkeys;

/* "veth", "none", ... */
const char *rlxc_net_type_name(enum rlxc_net_type t);

/* An address as lxc.net.N.ipv4.address / ipv6.address hold it:
 * "ADDR/PREFIX[ BROADCAST]" (family AF_INET or AF_INET6; broadcast only
 * for AF_INET). Without /PREFIX: 64 for IPv6, the classful prefix for IPv4
 * (as LXC). 0 or -EINVAL. */
struct rlxc_inet {
	int family;
	unsigned char addr[16]; /* struct in_addr / in6_addr */
	unsigned prefix;
	bool has_broadcast;
	unsigned char broadcast[4];
};
int rlxc_inet_parse(const char *s, int family, struct rlxc_inet *out);

/* A signal as lxc.signal.* hold it ("SIGPWR", "sigterm", "SIGRTMIN+3",
 * "15"): its number, or -EINVAL. */
int rlxc_signal_parse(const char *s);

#endif
