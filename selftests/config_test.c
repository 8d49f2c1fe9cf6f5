// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * The container configuration (runtime/lib/config/config.h): the key table
 * is complete and every key is exercised by a fixture line, the fixtures
 * (among them the 2008 LXC README's example, verbatim) give what they say,
 * writing a config and reading it back gives the same config, and the
 * exported parsers (rlxc_config_set, addresses, signals) take and refuse
 * what they should. Includes and the bad lines a config file is refused for
 * are config_errors_test.c's.
 */
#include "kselftest_harness.h"
#include "config/config.h"
#include "config_fixture.h"
#include "rlxc_paths.h"
#include "test_util.h"

#include <arpa/inet.h>
#include <dirent.h>
#include <errno.h>
#include <ftw.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* ---- helpers ---- */

static char *trim(char *s)
{
	char *end = s + strlen(s);

	while (*s == ' ' || *s == '\t')
		s++;
	while (end > s && strchr(" \t\r\n", end[-1]))
		end--;
	*end = '\0';
	return s;
}

/* The test's own reading of a table name: exact, '*' = a number, a
 * trailing '.' = a prefix. */
static bool name_matches(const char *name, const char *key)
{
	const char *star = strchr(name, '*');
	size_t len = strlen(name);

	if (star) {
		size_t pre = (size_t)(star - name), n;

		if (strncmp(name, key, pre))
			return false;
		n = strspn(key + pre, "0123456789");
		return n && !strcmp(key + pre + n, star + 1);
	}
	if (name[len - 1] == '.')
		return !strncmp(name, key, len) && key[len];
	return !strcmp(name, key);
}

static const struct rlxc_config_key *row(const char *name)
{
	for (size_t i = 0; i < rlxc_config_nkeys; i++)
		if (!strcmp(rlxc_config_keys[i].name, name))
			return &rlxc_config_keys[i];
	return NULL;
}

/* Every key of every fixture file (any name, any depth). */
static struct strv fixture_keys;

static int collect_keys(const char *path, const struct stat *st, int type, struct FTW *ftw)
{
	char *line = NULL, *eq;
	size_t cap = 0;
	FILE *f;

	(void)st;
	(void)ftw;
	if (type != FTW_F || !(f = fopen(path, "re")))
		return 0;
	while (getline(&line, &cap, f) >= 0) {
		char *s = trim(line);

		if (*s && *s != '#' && (eq = strchr(s, '='))) {
			*eq = '\0';
			strv_push(&fixture_keys, trim(s));
		}
	}
	free(line);
	fclose(f);
	return 0;
}

static int load(struct rlxc_config *c, const char *rel, struct rlxc_error *err)
{
	rlxc_config_init(c);
	memset(err, 0, sizeof(*err));
	return rlxc_config_load(c, rlxc_fixture(rel), err);
}

static bool str_eq(const char *a, const char *b)
{
	return (!a && !b) || (a && b && !strcmp(a, b));
}

static bool strv_eq(const struct strv *a, const struct strv *b)
{
	if (a->n != b->n)
		return false;
	for (size_t i = 0; i < a->n; i++)
		if (strcmp(a->v[i], b->v[i]))
			return false;
	return true;
}

static bool net_eq(const struct rlxc_net *a, const struct rlxc_net *b)
{
	return a->used == b->used && a->type_set == b->type_set && a->type == b->type &&
	       !strcmp(a->link, b->link) && a->up == b->up && !strcmp(a->hwaddr, b->hwaddr) &&
	       !strcmp(a->name, b->name) && !strcmp(a->veth_pair, b->veth_pair) &&
	       a->mtu == b->mtu && !strcmp(a->macvlan_mode, b->macvlan_mode) &&
	       a->vlan_id == b->vlan_id && strv_eq(&a->ipv4, &b->ipv4) &&
	       !strcmp(a->ipv4_gateway, b->ipv4_gateway) && strv_eq(&a->ipv6, &b->ipv6) &&
	       !strcmp(a->ipv6_gateway, b->ipv6_gateway) && (a->origin != NULL) == a->used &&
	       (b->origin != NULL) == b->used;
}

/* The settings of one cgroup version, in order, are equal (the order
 * between versions carries no meaning: they go to different hierarchies). */
static bool cgroups_eq(const struct rlxc_config *a, const struct rlxc_config *b, int version)
{
	size_t i = 0, j = 0;

	for (;;) {
		while (i < a->n_cgroup && a->cgroup[i].version != version)
			i++;
		while (j < b->n_cgroup && b->cgroup[j].version != version)
			j++;
		if (i == a->n_cgroup || j == b->n_cgroup)
			return i == a->n_cgroup && j == b->n_cgroup;
		if (strcmp(a->cgroup[i].key, b->cgroup[j].key) ||
		    strcmp(a->cgroup[i].value, b->cgroup[j].value))
			return false;
		i++;
		j++;
	}
}

/* a == b, field by field (origins excepted); the first difference, or NULL. */
static const char *config_diff(const struct rlxc_config *a, const struct rlxc_config *b)
{
	if (!str_eq(a->uts_name, b->uts_name))
		return "uts_name";
	if (!str_eq(a->rootfs_path, b->rootfs_path))
		return "rootfs";
	if (!str_eq(a->mount_fstab, b->mount_fstab) || a->mount_auto != b->mount_auto ||
	    !strv_eq(&a->mount_entries, &b->mount_entries))
		return "mount";
	for (int i = 0; i < RLXC_MAX_NETS; i++)
		if (!net_eq(&a->net[i], &b->net[i]))
			return "net";
	if (a->n_cgroup != b->n_cgroup || !cgroups_eq(a, b, 1) || !cgroups_eq(a, b, 2))
		return "cgroup";
	if (!strv_eq(&a->cap_drop, &b->cap_drop) || !strv_eq(&a->cap_keep, &b->cap_keep))
		return "cap";
	if (!strv_eq(&a->init_cmd, &b->init_cmd) || !str_eq(a->init_cwd, b->init_cwd) ||
	    a->init_uid != b->init_uid || a->init_gid != b->init_gid ||
	    a->init_uid_set != b->init_uid_set || a->init_gid_set != b->init_gid_set)
		return "init";
	if (!strv_eq(&a->execute_cmd, &b->execute_cmd) ||
	    !strv_eq(&a->environment, &b->environment))
		return "execute/environment";
	if (a->n_idmap != b->n_idmap)
		return "idmap";
	for (size_t i = 0; i < a->n_idmap; i++)
		if (a->idmap[i].which != b->idmap[i].which ||
		    a->idmap[i].nsid != b->idmap[i].nsid ||
		    a->idmap[i].hostid != b->idmap[i].hostid ||
		    a->idmap[i].range != b->idmap[i].range)
			return "idmap";
	if (a->start_auto != b->start_auto || a->start_delay != b->start_delay ||
	    a->start_order != b->start_order)
		return "start";
	if (a->pty_max != b->pty_max || a->tty_max != b->tty_max ||
	    !str_eq(a->console_path, b->console_path))
		return "terminals";
	if (!str_eq(a->seccomp_profile, b->seccomp_profile) ||
	    a->no_new_privs != b->no_new_privs || a->shm_size != b->shm_size)
		return "security";
	if (!str_eq(a->signal_halt, b->signal_halt) || !str_eq(a->signal_stop, b->signal_stop))
		return "signal";
	return NULL;
}

/* rlxc_config_write(c) as a string. */
static char *written(const struct rlxc_config *c)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);

	if (rlxc_config_write(c, f) < 0) {
		fclose(f);
		free(buf);
		return NULL;
	}
	fclose(f);
	return buf;
}

/* ---- the table ---- */

TEST(table_is_complete)
{
	ASSERT_LT(40, rlxc_config_nkeys);
	for (size_t i = 0; i < rlxc_config_nkeys; i++) {
		const struct rlxc_config_key *k = &rlxc_config_keys[i], *to;

		ASSERT_NE(NULL, k->name);
		EXPECT_NE(NULL, k->parse) TH_LOG("%s has no parser", k->name);
		EXPECT_NE(NULL, k->print) TH_LOG("%s has no printer", k->name);
		EXPECT_TRUE(k->help && *k->help) TH_LOG("%s has no help", k->name);
		EXPECT_EQ(0, strncmp(k->name, "lxc.", 4)) TH_LOG("%s", k->name);
		for (size_t j = 0; j < i; j++) {
			EXPECT_STRNE(rlxc_config_keys[j].name, k->name);
		}
		if (!k->alias_of)
			continue;
		to = row(k->alias_of);
		ASSERT_NE(NULL, to)
		TH_LOG("%s: alias of %s, not in the table", k->name, k->alias_of);
		EXPECT_EQ(NULL, to->alias_of) TH_LOG("%s: alias of an alias", k->name);
		/* an alias is the same key under another name */
		EXPECT_EQ(to->parse, k->parse) TH_LOG("%s", k->name);
		EXPECT_EQ(to->print, k->print) TH_LOG("%s", k->name);
	}
}

TEST(every_key_has_a_fixture_line)
{
	ASSERT_EQ(0, nftw(rlxc_fixture("config"), collect_keys, 8, FTW_PHYS));
	ASSERT_LT(100, fixture_keys.n);
	for (size_t i = 0; i < rlxc_config_nkeys; i++) {
		const char *name = rlxc_config_keys[i].name;
		bool seen = false;

		for (size_t j = 0; j < fixture_keys.n && !seen; j++)
			seen = name_matches(name, fixture_keys.v[j]);
		EXPECT_TRUE(seen) TH_LOG("no line of fixtures/config sets %s", name);
	}
	/* and every fixture line names a key of the table */
	for (size_t j = 0; j < fixture_keys.n; j++) {
		bool known = false;

		for (size_t i = 0; i < rlxc_config_nkeys && !known; i++)
			known = name_matches(rlxc_config_keys[i].name, fixture_keys.v[j]);
		EXPECT_TRUE(known) TH_LOG("fixture key %s is not in the table", fixture_keys.v[j]);
	}
	strv_free(&fixture_keys);
}

/* ---- the fixtures ---- */

TEST(lxc_2008_readme)
{
	struct rlxc_config c;
	struct rlxc_error err;
	char dir[PATH_MAX], fstab[PATH_MAX + 8];
	const struct rlxc_net *n = &c.net[0];

	ASSERT_EQ(0, load(&c, "config/lxc-2008-readme.conf", &err)) TH_LOG("%s", err.msg);
	ASSERT_NE(NULL, realpath(rlxc_fixture("config"), dir));
	snprintf(fstab, sizeof(fstab), "%s/fstab", dir);
	EXPECT_STREQ(fstab, c.mount_fstab); /* "./fstab": next to the config */
	EXPECT_STREQ("virtnode", c.uts_name);
	EXPECT_STREQ("/mnt/root", c.rootfs_path);
	ASSERT_TRUE(n->used);
	EXPECT_TRUE(n->type_set);
	EXPECT_EQ(RLXC_NET_MACVLAN, n->type);
	EXPECT_TRUE(n->up);
	EXPECT_STREQ("eth0", n->link);
	EXPECT_STREQ("4a:49:43:49:79:bd", n->hwaddr);
	EXPECT_TRUE(has(&n->ipv4, 1, "1.2.3.5/24"));
	EXPECT_TRUE(has(&n->ipv6, 1, "2003:db8:1:0:214:1234:fe0b:3596/64"));
	EXPECT_NE(NULL, strstr(n->origin, "lxc-2008-readme.conf:19")) TH_LOG("%s", n->origin);
	for (int i = 1; i < RLXC_MAX_NETS; i++) {
		EXPECT_FALSE(c.net[i].used);
	}
	EXPECT_EQ(0, c.mount_entries.n);
	EXPECT_EQ(0, c.n_cgroup);
	EXPECT_EQ(0, c.includes.n);
	rlxc_config_free(&c);
}

TEST(rich_system_container)
{
	struct rlxc_config c;
	struct rlxc_error err;
	const struct rlxc_net *n = c.net;

	ASSERT_EQ(0, load(&c, "config/rich.conf", &err)) TH_LOG("%s", err.msg);
	EXPECT_STREQ("web-01.example", c.uts_name);
	EXPECT_STREQ("/var/lib/rlxc/web/rootfs", c.rootfs_path); /* "dir:" dropped */
	EXPECT_STREQ("/etc/rlxc/web.fstab", c.mount_fstab);
	EXPECT_TRUE(has(&c.mount_entries, 2, "/srv/data srv/data none bind,create=dir 0 0",
			"tmpfs tmp tmpfs nosuid,nodev,size=64m"));
	EXPECT_EQ(RLXC_AUTO_PROC_MIXED | RLXC_AUTO_SYS_MIXED | RLXC_AUTO_CGROUP_MIXED,
		  c.mount_auto);

	EXPECT_EQ(RLXC_NET_VETH, n[0].type);
	EXPECT_STREQ("rlxcbr0", n[0].link);
	EXPECT_TRUE(n[0].up);
	EXPECT_STREQ("00:16:3e:xx:xx:xx", n[0].hwaddr);
	EXPECT_STREQ("eth0", n[0].name);
	EXPECT_EQ(1500, n[0].mtu);
	EXPECT_TRUE(has(&n[0].ipv4, 2, "10.0.3.2/24", "10.0.4.2/24 10.0.4.255"));
	EXPECT_STREQ("10.0.3.1", n[0].ipv4_gateway);
	EXPECT_TRUE(has(&n[0].ipv6, 2, "fd00::2/64", "fd00:0:0:1::2/64"));
	EXPECT_STREQ("auto", n[0].ipv6_gateway);
	EXPECT_STREQ("rlxcv-web", n[0].veth_pair);
	EXPECT_EQ(-1, n[0].vlan_id);

	/* from rich.d/10-net.conf */
	EXPECT_EQ(RLXC_NET_MACVLAN, n[1].type);
	EXPECT_STREQ("bridge", n[1].macvlan_mode);
	EXPECT_EQ(RLXC_NET_VLAN, n[2].type);
	EXPECT_EQ(42, n[2].vlan_id);
	EXPECT_EQ(RLXC_NET_PHYS, n[3].type);
	EXPECT_STREQ("rlxcdummy0", n[3].link);
	EXPECT_FALSE(n[4].used);
	ASSERT_TRUE(n[15].used);
	EXPECT_EQ(RLXC_NET_EMPTY, n[15].type);
	EXPECT_NE(NULL, strstr(n[15].origin, "rich.d/10-net.conf:10")) TH_LOG("%s", n[15].origin);

	/* from rich.d/20-cgroup.conf, in order, with where they came from */
	ASSERT_EQ(5, c.n_cgroup);
	EXPECT_EQ(1, c.cgroup[0].version);
	EXPECT_STREQ("memory.limit_in_bytes", c.cgroup[0].key);
	EXPECT_STREQ("256M", c.cgroup[0].value);
	EXPECT_NE(NULL, strstr(c.cgroup[0].origin, "rich.d/20-cgroup.conf:2"));
	EXPECT_EQ(2, c.cgroup[1].version);
	EXPECT_STREQ("pids.max", c.cgroup[1].key);
	EXPECT_STREQ("c 1:3 rwm", c.cgroup[4].value);

	EXPECT_TRUE(has(&c.cap_drop, 3, "sys_module", "sys_time", "mac_admin"));
	EXPECT_EQ(0, c.cap_keep.n);
	ASSERT_EQ(2, c.n_idmap);
	EXPECT_EQ('u', c.idmap[0].which);
	EXPECT_EQ('g', c.idmap[1].which);
	EXPECT_EQ(0, c.idmap[1].nsid);
	EXPECT_EQ(100000, c.idmap[1].hostid);
	EXPECT_EQ(65536, c.idmap[1].range);
	EXPECT_TRUE(
	    has(&c.init_cmd, 5, "/sbin/init", "--log level=debug", "single quoted", "it's", ""));
	EXPECT_STREQ("/root", c.init_cwd);
	EXPECT_FALSE(c.init_uid_set);
	EXPECT_TRUE(has(&c.environment, 3, "LANG=C.UTF-8", "TERM", "GREETING=hello world"));
	EXPECT_TRUE(c.start_auto);
	EXPECT_EQ(5, c.start_delay);
	EXPECT_EQ(-10, c.start_order);
	EXPECT_EQ(1024, c.pty_max);
	EXPECT_EQ(2, c.tty_max);
	EXPECT_STREQ("none", c.console_path);
	EXPECT_STREQ("SIGPWR", c.signal_halt);
	EXPECT_EQ(SIGRTMIN + 3, rlxc_signal_parse(c.signal_stop));
	/* relative to the file's directory, as lxc.mount.fstab */
	EXPECT_NE(NULL, strstr(c.seccomp_profile, "fixtures/config/seccomp/web.seccomp"))
	TH_LOG("%s", c.seccomp_profile);
	EXPECT_EQ('/', c.seccomp_profile[0]);
	EXPECT_TRUE(c.no_new_privs);
	EXPECT_EQ(128ULL << 20, c.shm_size);
	rlxc_config_free(&c);
}

TEST(application_container)
{
	struct rlxc_config c;
	struct rlxc_error err;

	ASSERT_EQ(0, load(&c, "config/app.conf", &err)) TH_LOG("%s", err.msg);
	EXPECT_EQ(RLXC_AUTO_PROC_RW | RLXC_AUTO_SYS_RW | RLXC_AUTO_CGROUP_RW, c.mount_auto);
	EXPECT_EQ(RLXC_NET_NONE, c.net[0].type);
	EXPECT_TRUE(c.net[0].used && c.net[0].type_set);
	EXPECT_TRUE(has(&c.cap_keep, 3, "net_bind_service", "chown", "net_admin"));
	EXPECT_TRUE(c.init_uid_set && c.init_gid_set);
	EXPECT_EQ(1000, c.init_uid);
	EXPECT_EQ(1001, c.init_gid);
	EXPECT_TRUE(has(&c.execute_cmd, 3, "/bin/sh", "-c", "echo \"hi there\" > /tmp/out"));
	EXPECT_EQ(0, c.init_cmd.n);
	/* inc/app-env.inc, relative to app.conf */
	EXPECT_TRUE(has(&c.environment, 2, "PATH=/usr/bin:/bin", "HOME=/root"));
	ASSERT_EQ(1, c.n_cgroup);
	EXPECT_EQ(2, c.cgroup[0].version);
	rlxc_config_free(&c);
}

TEST(legacy_keys_are_aliases)
{
	struct rlxc_config c;
	struct rlxc_error err;
	const struct rlxc_net *n = c.net;

	ASSERT_EQ(0, load(&c, "config/legacy.conf", &err)) TH_LOG("%s", err.msg);
	EXPECT_STREQ("oldbox", c.uts_name);
	EXPECT_STREQ("/srv/old/rootfs", c.rootfs_path);
	EXPECT_EQ(256, c.pty_max); /* and lxc.tty = 0 was taken */
	/* each lxc.network.type started a device */
	EXPECT_EQ(RLXC_NET_VETH, n[0].type);
	EXPECT_STREQ("eth0", n[0].name);
	EXPECT_STREQ("rlxcv-old", n[0].veth_pair);
	EXPECT_EQ(1400, n[0].mtu);
	EXPECT_TRUE(has(&n[0].ipv4, 1, "192.168.5.10/24"));
	EXPECT_STREQ("192.168.5.1", n[0].ipv4_gateway);
	EXPECT_TRUE(has(&n[0].ipv6, 1, "fd00:5::10/64"));
	EXPECT_STREQ("fd00:5::1", n[0].ipv6_gateway);
	EXPECT_EQ(RLXC_NET_MACVLAN, n[1].type);
	EXPECT_STREQ("private", n[1].macvlan_mode);
	EXPECT_STREQ("eth0", n[1].link);
	EXPECT_EQ(RLXC_NET_VLAN, n[2].type);
	EXPECT_EQ(7, n[2].vlan_id);
	EXPECT_FALSE(n[3].used);
	ASSERT_EQ(1, c.n_cgroup);
	EXPECT_STREQ("cpuset.cpus", c.cgroup[0].key);
	rlxc_config_free(&c);
}

TEST(empty_values_clear)
{
	struct rlxc_config c;
	struct rlxc_error err;

	ASSERT_EQ(0, load(&c, "config/clear.conf", &err)) TH_LOG("%s", err.msg);
	EXPECT_EQ(NULL, c.uts_name);
	for (int i = 0; i < RLXC_MAX_NETS; i++) {
		EXPECT_EQ(i == 4, c.net[i].used) TH_LOG("net %d", i);
	}
	EXPECT_EQ(RLXC_NET_MACVLAN, c.net[4].type);
	EXPECT_EQ(0, c.net[4].ipv4.n);
	EXPECT_EQ(0, c.net[4].mtu);
	ASSERT_EQ(1, c.n_cgroup);
	EXPECT_EQ(2, c.cgroup[0].version);
	EXPECT_STREQ("pids.max", c.cgroup[0].key);
	EXPECT_EQ(0, c.cap_drop.n);
	EXPECT_TRUE(has(&c.cap_keep, 1, "none"));
	EXPECT_EQ(RLXC_AUTO_SYS_RO, c.mount_auto);
	EXPECT_EQ(0, c.mount_entries.n);
	EXPECT_EQ(0, c.environment.n);
	EXPECT_EQ(0, c.n_idmap);
	EXPECT_EQ(0, c.init_cmd.n);
	EXPECT_FALSE(c.init_uid_set);
	rlxc_config_free(&c);
}

/* ---- the keys rlxc knows and refuses: fixtures/config/refused/ ---- */

/* Each file of refused/, its line 2 refused with the key and why. */
static const struct {
	const char *file, *msg;
} refused[] = {
    {"rootfs-mount.conf",
     "lxc.rootfs.mount: not yet supported by rlxc: the rootfs is mounted on itself, a mount "
     "point of its own comes with layered storage: '/var/lib/rlxc/rootfs.mnt'"},
    {"rootfs-overlay.conf",
     "lxc.rootfs.path: not yet supported by rlxc: storage type 'overlay' (a directory only: "
     "/PATH or dir:/PATH): 'overlay:/var/lib/rlxc/base:/var/lib/rlxc/web/delta'"},
};
#define N_REFUSED (sizeof(refused) / sizeof(refused[0]))

TEST(refused_keys_name_file_line_key_and_why)
{
	char rel[64], want[1024];
	struct dirent *de;
	size_t files = 0;
	DIR *d;

	for (size_t i = 0; i < N_REFUSED; i++) {
		struct rlxc_config c;
		struct rlxc_error err;

		snprintf(rel, sizeof(rel), "config/refused/%s", refused[i].file);
		snprintf(want, sizeof(want), "%s:2: %s", rlxc_fixture(rel), refused[i].msg);
		EXPECT_EQ(-EINVAL, load(&c, rel, &err)) TH_LOG("%s was taken", rel);
		EXPECT_STREQ(want, err.msg);
		rlxc_config_free(&c);
	}
	/* and no file there goes untested */
	ASSERT_NE(NULL, d = opendir(rlxc_fixture("config/refused")));
	while ((de = readdir(d))) {
		bool listed = de->d_name[0] == '.';

		for (size_t i = 0; i < N_REFUSED && !listed; i++)
			listed = !strcmp(de->d_name, refused[i].file);
		EXPECT_TRUE(listed) TH_LOG("refused/%s is not in the test's table", de->d_name);
		files += de->d_name[0] != '.';
	}
	closedir(d);
	EXPECT_EQ(N_REFUSED, files);
}

/* What a refused key asks for nothing with is taken: empty. */
TEST(refused_keys_take_what_asks_for_nothing)
{
	static const char *const nothing[][2] = {
	    {"lxc.tty.max", "0"},
	    {"lxc.tty", "0"},
	    {"lxc.tty.max", ""},
	    {"lxc.console.path", ""},
	    {"lxc.rootfs.mount", ""},
	};
	struct rlxc_config c;
	struct rlxc_error err = {0};
	char *text;

	rlxc_config_init(&c);
	for (size_t i = 0; i < sizeof(nothing) / sizeof(nothing[0]); i++) {
		EXPECT_EQ(0, rlxc_config_set(&c, nothing[i][0], nothing[i][1], "t:1", &err))
		TH_LOG("%s = %s: %s", nothing[i][0], nothing[i][1], err.msg);
	}
	EXPECT_EQ(-EINVAL, rlxc_config_set(&c, "lxc.tty.max", "many", "t:2", &err));
	EXPECT_STREQ("t:2: lxc.tty.max: not a number: 'many'", err.msg);
	text = written(&c);
	ASSERT_NE(NULL, text);
	EXPECT_STREQ("", text); /* nothing to say */
	free(text);
	rlxc_config_free(&c);
}

/* ---- write, then read back ---- */

static const char *const round_trip_fixtures[] = {
    "config/rich.conf",	 "config/app.conf", "config/legacy.conf", "config/lxc-2008-readme.conf",
    "config/clear.conf",
};

TEST_F(tmp, write_then_load_gives_the_same_config)
{
	char path[128];

	snprintf(path, sizeof(path), "%s/written.conf", self->dir);
	for (size_t i = 0; i < sizeof(round_trip_fixtures) / sizeof(round_trip_fixtures[0]); i++) {
		struct rlxc_config a, b;
		struct rlxc_error err;
		char *text, *again;

		ASSERT_EQ(0, load(&a, round_trip_fixtures[i], &err)) TH_LOG("%s", err.msg);
		text = written(&a);
		ASSERT_NE(NULL, text);
		ASSERT_EQ(0, put_file(path, text));
		rlxc_config_init(&b);
		ASSERT_EQ(0, rlxc_config_load(&b, path, &err))
		TH_LOG("%s: %s\n%s", round_trip_fixtures[i], err.msg, text);
		EXPECT_EQ(NULL, config_diff(&a, &b))
		TH_LOG("%s: %s differs\n%s", round_trip_fixtures[i], config_diff(&a, &b), text);
		again = written(&b);
		EXPECT_STREQ(text, again);
		/* modern keys only */
		EXPECT_EQ(NULL, strstr(text, "lxc.network")) TH_LOG("%s", text);
		EXPECT_EQ(NULL, strstr(text, "lxc.utsname")) TH_LOG("%s", text);
		free(again);
		free(text);
		rlxc_config_free(&a);
		rlxc_config_free(&b);
	}
}

TEST(write_prints_every_value)
{
	struct rlxc_config c;
	struct rlxc_error err;
	char *text;

	ASSERT_EQ(0, load(&c, "config/rich.conf", &err)) TH_LOG("%s", err.msg);
	text = written(&c);
	ASSERT_NE(NULL, text);
	EXPECT_NE(NULL, strstr(text, "lxc.uts.name = web-01.example\n"));
	EXPECT_NE(NULL, strstr(text, "lxc.net.0.ipv4.address = 10.0.3.2/24\n"
				     "lxc.net.0.ipv4.address = 10.0.4.2/24 10.0.4.255\n"));
	EXPECT_NE(NULL, strstr(text, "lxc.net.15.type = empty\n"));
	EXPECT_NE(NULL, strstr(text, "lxc.cgroup.devices.allow = c 1:3 rwm\n"));
	EXPECT_NE(NULL, strstr(text, "lxc.cgroup2.memory.max = 1G\n"));
	EXPECT_NE(NULL, strstr(text, "lxc.cap.drop = sys_module sys_time mac_admin\n"));
	EXPECT_NE(NULL, strstr(text, "lxc.mount.auto = proc:mixed sys:mixed cgroup:mixed\n"));
	EXPECT_NE(NULL, strstr(text, "lxc.init.cmd = /sbin/init '--log level=debug' "
				     "'single quoted' 'it'\\''s' ''\n"))
	TH_LOG("%s", text);
	EXPECT_NE(NULL, strstr(text, "lxc.idmap = g 0 100000 65536\n"));
	EXPECT_EQ(NULL, strstr(text, "lxc.include")); /* what it read is in place */
	free(text);
	rlxc_config_free(&c);
}

/* ---- rlxc_config_set, the exported parsers ---- */

TEST(set_from_the_command_line)
{
	struct rlxc_config c;
	struct rlxc_error err = {0};

	rlxc_config_init(&c);
	EXPECT_EQ(0, rlxc_config_set(&c, "lxc.net.3.mtu", "9000", NULL, &err));
	EXPECT_EQ(0, rlxc_config_set(&c, "lxc.net.3.type", "veth", NULL, &err));
	EXPECT_EQ(9000, c.net[3].mtu);
	EXPECT_STREQ("command line", c.net[3].origin);
	EXPECT_EQ(-EINVAL, rlxc_config_set(&c, "lxc.uts.name", "a b", NULL, &err));
	EXPECT_STREQ("command line: lxc.uts.name: not a valid hostname (at most 64 of A-Z a-z 0-9 "
		     ". -): 'a b'",
		     err.msg);
	EXPECT_EQ(-EINVAL, rlxc_config_set(&c, "lxc.uts.name", "x\ny", "t:1", &err));
	EXPECT_STREQ("t:1: lxc.uts.name: the value has a newline", err.msg);
	rlxc_config_free(&c);
}

TEST(inet_and_signal_parsers)
{
	struct rlxc_inet a;

	ASSERT_EQ(0, rlxc_inet_parse("10.1.2.3/16 10.1.255.255", AF_INET, &a));
	EXPECT_EQ(16, a.prefix);
	EXPECT_TRUE(a.has_broadcast);
	EXPECT_EQ(255, a.broadcast[3]);
	ASSERT_EQ(0, rlxc_inet_parse("172.16.0.1", AF_INET, &a));
	EXPECT_EQ(16, a.prefix); /* classful, as LXC */
	ASSERT_EQ(0, rlxc_inet_parse("fd00::1", AF_INET6, &a));
	EXPECT_EQ(64, a.prefix);
	EXPECT_EQ(-EINVAL, rlxc_inet_parse("fd00::1/64 fd00::ff", AF_INET6, &a));
	EXPECT_EQ(-EINVAL, rlxc_inet_parse("10.0.0.1/", AF_INET, &a));
	EXPECT_EQ(-EINVAL, rlxc_inet_parse("10.0.0.1/-1", AF_INET, &a));
	EXPECT_EQ(SIGPWR, rlxc_signal_parse("SIGPWR"));
	EXPECT_EQ(SIGTERM, rlxc_signal_parse("sigterm"));
	EXPECT_EQ(SIGKILL, rlxc_signal_parse("9"));
	EXPECT_EQ(SIGRTMAX - 1, rlxc_signal_parse("SIGRTMAX-1"));
	EXPECT_EQ(-EINVAL, rlxc_signal_parse("SIGFOO"));
	EXPECT_EQ(-EINVAL, rlxc_signal_parse("0"));
	EXPECT_EQ(-EINVAL, rlxc_signal_parse("SIGRTMIN+99"));
	EXPECT_STREQ("macvlan", rlxc_net_type_name(RLXC_NET_MACVLAN));
}

TEST_HARNESS_MAIN
