// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * THE table of configuration keys (rlxc_config_keys[]), with the parsers
 * and printers of the keys about the rootfs, mounts, cgroups, start and
 * ttys (lxc.net.N.*: config_net.c; caps, init, environment, idmap,
 * signals: config_exec.c).
 *
 * An empty value clears a key. Printers print "key = value" lines for every
 * value the key has and nothing when it is unset, so that reading what
 * rlxc_config_write printed gives the same config.
 */
#include "config_impl.h"
#include "config_exec_impl.h"
#include "config_net_impl.h"
#include "config_security_impl.h"

#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>

static CFG_PRINT(print_nothing)
{
	(void)c;
	(void)k;
	(void)f;
	return 0;
}

/* ---- lxc.include, lxc.uts.name, lxc.rootfs.*, lxc.mount.* ---- */

static CFG_PARSE(parse_include)
{
	(void)index;
	return cfg_include(c, value, origin, key, err);
}

static CFG_PARSE(parse_uts_name)
{
	(void)index;
	if (strlen(value) > 64 ||
	    strspn(value, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789.-") !=
		strlen(value))
		return cfg_bad(err, origin, key,
			       "not a valid hostname (at most 64 of A-Z a-z 0-9 . -): '%s'", value);
	return cfg_set_str(&c->uts_name, value, err);
}

static CFG_PRINT(print_uts_name)
{
	cfg_print_str(k, f, c->uts_name);
	return 0;
}

/* The length of a storage type prefix ("dir:", "overlay:", "btrfs:") at the
 * start of value, the colon excepted; 0 when there is none. */
static size_t storage_type(const char *value)
{
	size_t n = strspn(value, "abcdefghijklmnopqrstuvwxyz0123456789");

	return n && value[n] == ':' ? n : 0;
}

/* An absolute path, or dir: and an absolute path (nothing between them). */
static CFG_PARSE(parse_rootfs_path)
{
	size_t type = storage_type(value);
	const char *path = type ? value + type + 1 : value;

	(void)index;
	if (type && (type != 3 || strncmp(value, "dir", 3)))
		return cfg_bad(err, origin, key,
			       "not yet supported by rlxc: storage type '%.*s' (a directory only: "
			       "/PATH or dir:/PATH): '%s'",
			       (int)type, value, value);
	if (*value && *path != '/')
		return cfg_bad(err, origin, key, "%s: '%s'",
			       type ? "the path after 'dir:' must be absolute, with nothing before "
				      "its '/'"
				    : "not an absolute path",
			       value);
	return cfg_set_str(&c->rootfs_path, path, err);
}

static CFG_PRINT(print_rootfs_path)
{
	cfg_print_str(k, f, c->rootfs_path);
	return 0;
}

/* Refused until rlxc can do it (an empty value asks for nothing). */
static CFG_PARSE(parse_rootfs_mount)
{
	(void)c;
	(void)index;
	if (!*value)
		return 0;
	return cfg_bad(err, origin, key,
		       "not yet supported by rlxc: the rootfs is mounted on itself, a mount point "
		       "of its own comes with layered storage: '%s'",
		       value);
}

/* A relative path is relative to the config file's directory (where the
 * 2008 README's "./fstab" lies), so that it survives rlxc_config_write. */
static CFG_PARSE(parse_mount_fstab)
{
	char path[PATH_MAX];

	(void)index;
	if (*value && cfg_here(c, value, path, sizeof(path)) < 0)
		return cfg_bad(err, origin, key, "path too long: '%s'", value);
	if (*value)
		value = path;
	return cfg_set_str(&c->mount_fstab, value, err);
}

static CFG_PRINT(print_mount_fstab)
{
	cfg_print_str(k, f, c->mount_fstab);
	return 0;
}

static size_t count_words(const char *s)
{
	size_t n = 0;

	while (*(s += strspn(s, " \t"))) {
		n++;
		s += strcspn(s, " \t");
	}
	return n;
}

static CFG_PARSE(parse_mount_entry)
{
	size_t n = count_words(value);

	(void)index;
	if (!*value) {
		strv_free(&c->mount_entries);
		return 0;
	}
	if (n < 4 || n > 6)
		return cfg_bad(err, origin, key,
			       "not an fstab line (source target type options [freq [passno]]): "
			       "'%s'",
			       value);
	return strv_push(&c->mount_entries, value) < 0 ? cfg_nomem(err) : 0;
}

static CFG_PRINT(print_mount_entry)
{
	cfg_print_strv(k, f, &c->mount_entries);
	return 0;
}

static const struct {
	const char *word;
	unsigned mask, flag;
} auto_words[] = {
    {"proc", RLXC_AUTO_PROC_MIXED | RLXC_AUTO_PROC_RW, RLXC_AUTO_PROC_MIXED},
    {"proc:mixed", RLXC_AUTO_PROC_MIXED | RLXC_AUTO_PROC_RW, RLXC_AUTO_PROC_MIXED},
    {"proc:rw", RLXC_AUTO_PROC_MIXED | RLXC_AUTO_PROC_RW, RLXC_AUTO_PROC_RW},
    {"sys", RLXC_AUTO_SYS_RO | RLXC_AUTO_SYS_MIXED | RLXC_AUTO_SYS_RW, RLXC_AUTO_SYS_RO},
    {"sys:ro", RLXC_AUTO_SYS_RO | RLXC_AUTO_SYS_MIXED | RLXC_AUTO_SYS_RW, RLXC_AUTO_SYS_RO},
    {"sys:mixed", RLXC_AUTO_SYS_RO | RLXC_AUTO_SYS_MIXED | RLXC_AUTO_SYS_RW, RLXC_AUTO_SYS_MIXED},
    {"sys:rw", RLXC_AUTO_SYS_RO | RLXC_AUTO_SYS_MIXED | RLXC_AUTO_SYS_RW, RLXC_AUTO_SYS_RW},
    {"cgroup", RLXC_AUTO_CGROUP_RO | RLXC_AUTO_CGROUP_RW | RLXC_AUTO_CGROUP_MIXED,
     RLXC_AUTO_CGROUP_RO},
    {"cgroup:ro", RLXC_AUTO_CGROUP_RO | RLXC_AUTO_CGROUP_RW | RLXC_AUTO_CGROUP_MIXED,
     RLXC_AUTO_CGROUP_RO},
    {"cgroup:rw", RLXC_AUTO_CGROUP_RO | RLXC_AUTO_CGROUP_RW | RLXC_AUTO_CGROUP_MIXED,
     RLXC_AUTO_CGROUP_RW},
    {"cgroup:mixed", RLXC_AUTO_CGROUP_RO | RLXC_AUTO_CGROUP_RW | RLXC_AUTO_CGROUP_MIXED,
     RLXC_AUTO_CGROUP_MIXED},
};
#define N_AUTO (sizeof(auto_words) / sizeof(auto_words[0]))

static int auto_word(const char *w, size_t len)
{
	for (size_t i = 0; i < N_AUTO; i++) {
		if (strlen(auto_words[i].word) == len && !strncmp(auto_words[i].word, w, len))
			return (int)i;
	}
	return -1;
}

static CFG_PARSE(parse_mount_auto)
{
	unsigned flags = c->mount_auto;

	(void)index;
	if (!*value)
		flags = 0;
	for (const char *w = value; *(w += strspn(w, " \t"));) {
		size_t len = strcspn(w, " \t");
		int i = auto_word(w, len);

		if (i < 0)
			return cfg_bad(
			    err, origin, key,
			    "unknown word '%.*s' (proc[:mixed|:rw], sys[:ro|:mixed|:rw], "
			    "cgroup[:ro|:rw|:mixed])",
			    (int)len, w);
		flags = (flags & ~auto_words[i].mask) | auto_words[i].flag;
		w += len;
	}
	c->mount_auto = flags;
	return 0;
}

static CFG_PRINT(print_mount_auto)
{
	if (!c->mount_auto)
		return 0;
	fprintf(f, "%s =", cfg_print_name(k));
	/* the explicit forms (with a ':') name every flag once */
	for (size_t i = 0; i < N_AUTO; i++) {
		if (strchr(auto_words[i].word, ':') && (c->mount_auto & auto_words[i].flag))
			fprintf(f, " %s", auto_words[i].word);
	}
	fputc('\n', f);
	return 0;
}

/* ---- lxc.cgroup.KEY, lxc.cgroup2.KEY ---- */

/* "controller.file": a lower-case controller, a dot, a file name. */
static bool cgroup_key_ok(const char *s)
{
	const char *dot = strchr(s, '.');
	size_t ctrl = strspn(s, "abcdefghijklmnopqrstuvwxyz0123456789_");

	return dot && ctrl && s + ctrl == dot && dot[1] && !strstr(s, "..") && !strchr(s, '/');
}

static int cgroup_add(struct rlxc_config *c, int version, const char *key, const char *value,
		      const char *origin, struct rlxc_error *err)
{
	const char *file = key + strlen(version == 1 ? "lxc.cgroup." : "lxc.cgroup2.");
	struct rlxc_cgroup_setting *s;

	if (!cgroup_key_ok(file))
		return cfg_bad(err, origin, key, "not a cgroup file (controller.file): '%s'", file);
	if (!*value)
		return cfg_bad(err, origin, key, "no value");
	s = realloc(c->cgroup, (c->n_cgroup + 1) * sizeof(*s));
	if (!s)
		return cfg_nomem(err);
	c->cgroup = s;
	s = &c->cgroup[c->n_cgroup];
	*s = (struct rlxc_cgroup_setting){version, strdup(file), strdup(value), strdup(origin)};
	c->n_cgroup++;
	return s->key && s->value && s->origin ? 0 : cfg_nomem(err);
}

/* lxc.cgroup = / lxc.cgroup2 = (empty): forget the settings of a version. */
static int cgroup_clear(struct rlxc_config *c, int version, const char *key, const char *value,
			const char *origin, struct rlxc_error *err)
{
	size_t j = 0;

	if (*value)
		return cfg_bad(err, origin, key,
			       "only an empty value (which clears) is allowed: '%s'", value);
	for (size_t i = 0; i < c->n_cgroup; i++) {
		if (c->cgroup[i].version != version) {
			c->cgroup[j++] = c->cgroup[i];
			continue;
		}
		free(c->cgroup[i].key);
		free(c->cgroup[i].value);
		free(c->cgroup[i].origin);
	}
	c->n_cgroup = j;
	return 0;
}

static int print_cgroup(const struct rlxc_config *c, const struct rlxc_config_key *k, FILE *f,
			int version)
{
	for (size_t i = 0; i < c->n_cgroup; i++) {
		if (c->cgroup[i].version == version)
			fprintf(f, "%s%s = %s\n", k->name, c->cgroup[i].key, c->cgroup[i].value);
	}
	return 0;
}

static CFG_PARSE(parse_cgroup1)
{
	(void)index;
	return cgroup_add(c, 1, key, value, origin, err);
}

static CFG_PARSE(parse_cgroup2)
{
	(void)index;
	return cgroup_add(c, 2, key, value, origin, err);
}

static CFG_PARSE(parse_cgroup1_clear)
{
	(void)index;
	return cgroup_clear(c, 1, key, value, origin, err);
}

static CFG_PARSE(parse_cgroup2_clear)
{
	(void)index;
	return cgroup_clear(c, 2, key, value, origin, err);
}

static CFG_PRINT(print_cgroup1)
{
	return print_cgroup(c, k, f, 1);
}

static CFG_PRINT(print_cgroup2)
{
	return print_cgroup(c, k, f, 2);
}

/* ---- lxc.start.*, lxc.tty.max, lxc.pty.max, lxc.console.path ----
 * The terminals are ptys of the container's devpts (term/terms.h). */

static int parse_num(const char *key, const char *value, const char *origin, long long min,
		     long long max, long long *out, struct rlxc_error *err)
{
	*out = 0;
	return *value ? cfg_number(value, min, max, out, origin, key, err) : 0;
}

static CFG_PARSE(parse_start_auto)
{
	long long v;

	(void)index;
	if (parse_num(key, value, origin, 0, 1, &v, err) < 0)
		return -EINVAL;
	c->start_auto = v;
	return 0;
}

static CFG_PRINT(print_start_auto)
{
	cfg_print_num(k, f, c->start_auto);
	return 0;
}

static CFG_PARSE(parse_start_delay)
{
	long long v;

	(void)index;
	if (parse_num(key, value, origin, 0, INT_MAX, &v, err) < 0)
		return -EINVAL;
	c->start_delay = (unsigned)v;
	return 0;
}

static CFG_PRINT(print_start_delay)
{
	cfg_print_num(k, f, c->start_delay);
	return 0;
}

static CFG_PARSE(parse_start_order)
{
	long long v;

	(void)index;
	if (parse_num(key, value, origin, INT_MIN, INT_MAX, &v, err) < 0)
		return -EINVAL;
	c->start_order = (int)v;
	return 0;
}

static CFG_PRINT(print_start_order)
{
	cfg_print_num(k, f, c->start_order);
	return 0;
}

/* N ptys of the container's devpts on /dev/tty1..N (rlxc console -t N). */
static CFG_PARSE(parse_tty_max)
{
	long long v;

	(void)index;
	if (parse_num(key, value, origin, 0, RLXC_TTY_MAX, &v, err) < 0)
		return -EINVAL;
	c->tty_max = (unsigned)v;
	return 0;
}

static CFG_PRINT(print_tty_max)
{
	cfg_print_num(k, f, c->tty_max);
	return 0;
}

/* devpts max=: at most the kernel's NR_UNIX98_PTY_MAX. */
#define PTY_MAX (1 << 20)

static CFG_PARSE(parse_pty_max)
{
	long long v;

	(void)index;
	if (parse_num(key, value, origin, 0, PTY_MAX, &v, err) < 0)
		return -EINVAL;
	c->pty_max = (unsigned)v;
	return 0;
}

static CFG_PRINT(print_pty_max)
{
	cfg_print_num(k, f, c->pty_max);
	return 0;
}

/* none, or a terminal of the host, by its absolute path (resolved when
 * the container starts, outside it); empty: the default, a pty. */
static CFG_PARSE(parse_console_path)
{
	(void)index;
	if (*value && strcmp(value, "none") != 0 && value[0] != '/')
		return cfg_bad(err, origin, key,
			       "none, or the absolute path of a terminal of the host: '%s'", value);
	return cfg_set_str(&c->console_path, value, err);
}

static CFG_PRINT(print_console_path)
{
	cfg_print_str(k, f, c->console_path);
	return 0;
}

/* ---- THE table ---- */

#define NET "lxc.net.*."

const struct rlxc_config_key rlxc_config_keys[] = {
    {"lxc.include", NULL, parse_include, print_nothing,
     "a config file, or a directory (its *.conf, sorted), relative to this file"},
    {"lxc.uts.name", NULL, parse_uts_name, print_uts_name, "the container's hostname"},
    {"lxc.rootfs.path", NULL, parse_rootfs_path, print_rootfs_path,
     "the root file system: a directory, /PATH or dir:/PATH"},
    {"lxc.rootfs.mount", NULL, parse_rootfs_mount, print_nothing,
     "refused (not yet supported): where the rootfs is mounted on the host"},
    {"lxc.mount.fstab", NULL, parse_mount_fstab, print_mount_fstab,
     "an fstab file of mounts into the container"},
    {"lxc.mount.entry", NULL, parse_mount_entry, print_mount_entry,
     "one fstab line: source target type options [freq [passno]]"},
    {"lxc.mount.auto", NULL, parse_mount_auto, print_mount_auto,
     "proc[:mixed|:rw] sys[:ro|:mixed|:rw] cgroup[:ro|:rw|:mixed]"},
    {"lxc.net", NULL, cfg_net_clear_all, print_nothing, "empty: forget every network device"},
    {"lxc.net.*", NULL, cfg_net_clear, print_nothing, "empty: forget network device N"},
    {NET "type", NULL, cfg_net_type, cfg_print_net_type,
     "empty, none (the host's network), veth, macvlan, vlan, phys"},
    {NET "link", NULL, cfg_net_link, cfg_print_net_link,
     "the host device: a bridge (veth), the parent (macvlan, vlan), the device (phys)"},
    {NET "flags", NULL, cfg_net_flags, cfg_print_net_flags, "up: bring the device up"},
    {NET "hwaddr", NULL, cfg_net_hwaddr, cfg_print_net_hwaddr,
     "MAC address xx:xx:xx:xx:xx:xx ('x': a random digit)"},
    {NET "name", NULL, cfg_net_name, cfg_print_net_name, "the device's name in the container"},
    {NET "mtu", NULL, cfg_net_mtu, cfg_print_net_mtu, "68..65535"},
    {NET "ipv4.address", NULL, cfg_net_ipv4, cfg_print_net_ipv4,
     "a.b.c.d/prefix [broadcast]; several lines: several addresses"},
    {NET "ipv4.gateway", NULL, cfg_net_ipv4_gw, cfg_print_net_ipv4_gw, "a.b.c.d or auto"},
    {NET "ipv6.address", NULL, cfg_net_ipv6, cfg_print_net_ipv6,
     "addr/prefix; several lines: several addresses"},
    {NET "ipv6.gateway", NULL, cfg_net_ipv6_gw, cfg_print_net_ipv6_gw, "address or auto"},
    {NET "veth.pair", NULL, cfg_net_veth_pair, cfg_print_net_veth_pair,
     "the host side name of a veth"},
    {NET "macvlan.mode", NULL, cfg_net_macvlan_mode, cfg_print_net_macvlan_mode,
     "private, vepa, bridge, passthru"},
    {NET "vlan.id", NULL, cfg_net_vlan_id, cfg_print_net_vlan_id, "0..4094"},
    {"lxc.cgroup", NULL, parse_cgroup1_clear, print_nothing,
     "empty: forget the lxc.cgroup.* settings"},
    {"lxc.cgroup.", NULL, parse_cgroup1, print_cgroup1,
     "lxc.cgroup.CONTROLLER.FILE = value: a cgroup v1 setting"},
    {"lxc.cgroup2", NULL, parse_cgroup2_clear, print_nothing,
     "empty: forget the lxc.cgroup2.* settings"},
    {"lxc.cgroup2.", NULL, parse_cgroup2, print_cgroup2,
     "lxc.cgroup2.CONTROLLER.FILE = value: a cgroup v2 setting"},
    {"lxc.cap.drop", NULL, cfg_cap_drop, cfg_print_cap_drop,
     "capabilities to drop (sys_admin or cap_sys_admin)"},
    {"lxc.cap.keep", NULL, cfg_cap_keep, cfg_print_cap_keep,
     "the only capabilities to keep; none: keep none"},
    {"lxc.seccomp.profile", NULL, cfg_seccomp_profile, cfg_print_seccomp_profile,
     "a seccomp profile in LXC's format (version 1 or 2); unset: rlxc's default deny-list"},
    {"lxc.no_new_privs", NULL, cfg_no_new_privs, cfg_print_no_new_privs,
     "1: the container's processes cannot gain privileges by exec (setuid, file caps)"},
    {"lxc.dev.shm.size", NULL, cfg_shm_size, cfg_print_shm_size,
     "rlxc's own: the size of /dev/shm (bytes, or with k, m, g; default 64m)"},
    {"lxc.idmap", NULL, cfg_idmap, cfg_print_idmap, "u|g NSID HOSTID RANGE (a user namespace)"},
    {"lxc.init.cmd", NULL, cfg_init_cmd, cfg_print_init_cmd,
     "the container's init, a command line (quotes, no expansion)"},
    {"lxc.init.cwd", NULL, cfg_init_cwd, cfg_print_init_cwd, "init's working directory"},
    {"lxc.init.uid", NULL, cfg_init_uid, cfg_print_init_uid, "init's user id"},
    {"lxc.init.gid", NULL, cfg_init_gid, cfg_print_init_gid, "init's group id"},
    {"lxc.execute.cmd", NULL, cfg_execute_cmd, cfg_print_execute_cmd,
     "what rlxc execute runs by default"},
    {"lxc.environment", NULL, cfg_environment, cfg_print_environment,
     "NAME=VALUE, or NAME: the caller's value"},
    {"lxc.start.auto", NULL, parse_start_auto, print_start_auto, "1: start at boot"},
    {"lxc.start.delay", NULL, parse_start_delay, print_start_delay,
     "seconds to wait after starting it at boot"},
    {"lxc.start.order", NULL, parse_start_order, print_start_order, "boot order (higher first)"},
    {"lxc.tty.max", NULL, parse_tty_max, print_tty_max,
     "ptys of the container on /dev/tty1..N (0..64; rlxc console -t N)"},
    {"lxc.pty.max", NULL, parse_pty_max, print_pty_max,
     "the most ptys the container's devpts gives (1..1048576; 0: the kernel's)"},
    {"lxc.console.path", NULL, parse_console_path, print_console_path,
     "unset: a pty (rlxc console); none: /dev/null; /PATH: relayed to that host terminal"},
    {"lxc.signal.halt", NULL, cfg_signal_halt, cfg_print_signal_halt,
     "signal that halts the container (SIGPWR)"},
    {"lxc.signal.stop", NULL, cfg_signal_stop, cfg_print_signal_stop,
     "signal that stops the container (SIGKILL)"},

    /* The 2008 README's keys (and LXC 1.x's). */
    {"lxc.utsname", "lxc.uts.name", parse_uts_name, print_uts_name, "legacy"},
    {"lxc.rootfs", "lxc.rootfs.path", parse_rootfs_path, print_rootfs_path, "legacy"},
    {"lxc.chroot", "lxc.rootfs.path", parse_rootfs_path, print_rootfs_path, "legacy"},
    {"lxc.mount", "lxc.mount.fstab", parse_mount_fstab, print_mount_fstab, "legacy"},
    {"lxc.tty", "lxc.tty.max", parse_tty_max, print_tty_max, "legacy"},
    {"lxc.pts", "lxc.pty.max", parse_pty_max, print_pty_max, "legacy"},
    {"lxc.network", "lxc.net", cfg_net_clear_all, print_nothing, "legacy"},
    {"lxc.network.type", NET "type", cfg_net_type, cfg_print_net_type,
     "legacy: starts the next device"},
    {"lxc.network.link", NET "link", cfg_net_link, cfg_print_net_link, "legacy"},
    {"lxc.network.flags", NET "flags", cfg_net_flags, cfg_print_net_flags, "legacy"},
    {"lxc.network.hwaddr", NET "hwaddr", cfg_net_hwaddr, cfg_print_net_hwaddr, "legacy"},
    {"lxc.network.name", NET "name", cfg_net_name, cfg_print_net_name, "legacy"},
    {"lxc.network.mtu", NET "mtu", cfg_net_mtu, cfg_print_net_mtu, "legacy"},
    {"lxc.network.ipv4", NET "ipv4.address", cfg_net_ipv4, cfg_print_net_ipv4, "legacy"},
    {"lxc.network.ipv4.gateway", NET "ipv4.gateway", cfg_net_ipv4_gw, cfg_print_net_ipv4_gw,
     "legacy"},
    {"lxc.network.ipv6", NET "ipv6.address", cfg_net_ipv6, cfg_print_net_ipv6, "legacy"},
    {"lxc.network.ipv6.gateway", NET "ipv6.gateway", cfg_net_ipv6_gw, cfg_print_net_ipv6_gw,
     "legacy"},
    {"lxc.network.veth.pair", NET "veth.pair", cfg_net_veth_pair, cfg_print_net_veth_pair,
     "legacy"},
    {"lxc.network.macvlan.mode", NET "macvlan.mode", cfg_net_macvlan_mode,
     cfg_print_net_macvlan_mode, "legacy"},
    {"lxc.network.vlan.id", NET "vlan.id", cfg_net_vlan_id, cfg_print_net_vlan_id, "legacy"},
};

const size_t rlxc_config_nkeys = sizeof(rlxc_config_keys) / sizeof(rlxc_config_keys[0]);
