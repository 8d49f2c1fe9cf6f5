// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * lxc.net.N.* (and the legacy lxc.network.* through index -1): parsers,
 * validators and printers of the network devices.
 */
#include "config_net_impl.h"

#include <arpa/inet.h>
#include <ctype.h>
#include <errno.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

static const char *const type_names[] = {
    [RLXC_NET_NONE] = "none",	    [RLXC_NET_EMPTY] = "empty", [RLXC_NET_VETH] = "veth",
    [RLXC_NET_MACVLAN] = "macvlan", [RLXC_NET_VLAN] = "vlan",	[RLXC_NET_PHYS] = "phys",
};

static const char *const macvlan_modes[] = {"private", "vepa", "bridge", "passthru", NULL};

const char *rlxc_net_type_name(enum rlxc_net_type t)
{
	if ((size_t)t < sizeof(type_names) / sizeof(type_names[0]))
		return type_names[t];
	return "?";
}

void cfg_net_init(struct rlxc_net *n)
{
	memset(n, 0, sizeof(*n));
	n->vlan_id = -1;
}

void cfg_net_free(struct rlxc_net *n)
{
	strv_free(&n->ipv4);
	strv_free(&n->ipv6);
	free(n->origin);
	cfg_net_init(n);
}

static bool net_empty(const struct rlxc_net *n)
{
	return !n->type_set && !n->link[0] && !n->up && !n->hwaddr[0] && !n->name[0] &&
	       !n->veth_pair[0] && !n->mtu && !n->macvlan_mode[0] && n->vlan_id < 0 && !n->ipv4.n &&
	       !n->ipv4_gateway[0] && !n->ipv6.n && !n->ipv6_gateway[0];
}

static void net_clear(struct rlxc_config *c, int index)
{
	cfg_net_free(&c->net[index]);
	if (c->legacy_net == index)
		c->legacy_net = -1;
}

/* The device a key is about: index, or for a legacy key (-1) the one the
 * last lxc.network.type started; NULL (err says why) if none. */
static struct rlxc_net *net_get(struct rlxc_config *c, int index, const char *key,
				const char *origin, struct rlxc_error *err)
{
	if (index < 0) {
		if (c->legacy_net < 0) {
			cfg_bad(err, origin, key, "no lxc.network.type before it");
			return NULL;
		}
		index = c->legacy_net;
	}
	return &c->net[index];
}

/* After a change: a device with nothing set is no device. */
static int net_done(struct rlxc_config *c, struct rlxc_net *n, const char *origin,
		    struct rlxc_error *err)
{
	if (net_empty(n)) {
		net_clear(c, (int)(n - c->net));
		return 0;
	}
	if (!n->used) {
		n->used = true;
		n->origin = strdup(origin);
		if (!n->origin)
			return cfg_nomem(err);
	}
	return 0;
}

static int only_empty(const char *value, const char *origin, const char *key,
		      struct rlxc_error *err)
{
	if (*value)
		return cfg_bad(err, origin, key,
			       "only an empty value (which clears) is allowed: '%s'", value);
	return 0;
}

CFG_PARSE(cfg_net_clear_all)
{
	int ret = only_empty(value, origin, key, err);

	(void)index;
	for (int i = 0; !ret && i < RLXC_MAX_NETS; i++)
		net_clear(c, i);
	return ret;
}

CFG_PARSE(cfg_net_clear)
{
	int ret = only_empty(value, origin, key, err);

	if (!ret)
		net_clear(c, index);
	return ret;
}

static int type_parse(const char *value, enum rlxc_net_type *t)
{
	for (size_t i = 0; i < sizeof(type_names) / sizeof(type_names[0]); i++) {
		if (!strcmp(value, type_names[i])) {
			*t = (enum rlxc_net_type)i;
			return 0;
		}
	}
	return -EINVAL;
}

/* lxc.network.type: the next free device. */
static int legacy_new(struct rlxc_config *c, const char *key, const char *origin,
		      struct rlxc_error *err)
{
	for (int i = 0; i < RLXC_MAX_NETS; i++) {
		if (!c->net[i].used) {
			c->legacy_net = i;
			return i;
		}
	}
	return cfg_bad(err, origin, key, "too many network devices (at most %d)", RLXC_MAX_NETS);
}

CFG_PARSE(cfg_net_type)
{
	enum rlxc_net_type t;

	if (!*value && index < 0)
		return cfg_net_clear_all(c, key, value, index, origin, err);
	if (!*value) {
		net_clear(c, index);
		return 0;
	}
	if (type_parse(value, &t) < 0)
		return cfg_bad(err, origin, key,
			       "unknown type '%s' (empty, none, veth, macvlan, vlan, phys)", value);
	if (index < 0 && (index = legacy_new(c, key, origin, err)) < 0)
		return index;
	c->net[index].type = t;
	c->net[index].type_set = true;
	return net_done(c, &c->net[index], origin, err);
}

/* An interface name as the kernel takes it (dev_valid_name). */
static int ifname_check(const char *value, const char *origin, const char *key,
			struct rlxc_error *err)
{
	if (strlen(value) >= IFNAMSIZ)
		return cfg_bad(err, origin, key, "interface name longer than %d characters: '%s'",
			       IFNAMSIZ - 1, value);
	if (!strcmp(value, ".") || !strcmp(value, "..") || strpbrk(value, "/: \t"))
		return cfg_bad(err, origin, key, "not a valid interface name: '%s'", value);
	return 0;
}

/* The interface name field at offset off of the device. */
static int set_ifname(struct rlxc_config *c, const char *key, const char *value, int index,
		      const char *origin, struct rlxc_error *err, size_t off)
{
	struct rlxc_net *n = net_get(c, index, key, origin, err);
	int ret;

	if (!n)
		return -EINVAL;
	if (*value && (ret = ifname_check(value, origin, key, err)) < 0)
		return ret;
	strcpy((char *)n + off, value);
	return net_done(c, n, origin, err);
}

CFG_PARSE(cfg_net_link)
{
	return set_ifname(c, key, value, index, origin, err, offsetof(struct rlxc_net, link));
}

CFG_PARSE(cfg_net_name)
{
	return set_ifname(c, key, value, index, origin, err, offsetof(struct rlxc_net, name));
}

CFG_PARSE(cfg_net_veth_pair)
{
	return set_ifname(c, key, value, index, origin, err, offsetof(struct rlxc_net, veth_pair));
}

CFG_PARSE(cfg_net_flags)
{
	struct rlxc_net *n;

	if (!(n = net_get(c, index, key, origin, err)))
		return -EINVAL;
	if (*value && strcmp(value, "up"))
		return cfg_bad(err, origin, key, "only 'up' is allowed: '%s'", value);
	n->up = *value;
	return net_done(c, n, origin, err);
}

/* xx:xx:xx:xx:xx:xx, hex digits or 'x' (a random digit, as in LXC). */
static bool hwaddr_ok(const char *s)
{
	if (strlen(s) != 17)
		return false;
	for (int i = 0; i < 17; i++) {
		if (i % 3 == 2 ? s[i] != ':'
			       : !isxdigit((unsigned char)s[i]) && tolower(s[i]) != 'x')
			return false;
	}
	return true;
}

CFG_PARSE(cfg_net_hwaddr)
{
	struct rlxc_net *n;

	if (!(n = net_get(c, index, key, origin, err)))
		return -EINVAL;
	if (*value && !hwaddr_ok(value))
		return cfg_bad(err, origin, key, "not a MAC address (xx:xx:xx:xx:xx:xx): '%s'",
			       value);
	strcpy(n->hwaddr, value);
	return net_done(c, n, origin, err);
}

CFG_PARSE(cfg_net_mtu)
{
	struct rlxc_net *n;
	long long v = 0;

	if (!(n = net_get(c, index, key, origin, err)))
		return -EINVAL;
	if (*value && cfg_number(value, 68, 65535, &v, origin, key, err) < 0)
		return -EINVAL;
	n->mtu = (unsigned)v;
	return net_done(c, n, origin, err);
}

CFG_PARSE(cfg_net_vlan_id)
{
	struct rlxc_net *n;
	long long v = -1;

	if (!(n = net_get(c, index, key, origin, err)))
		return -EINVAL;
	if (*value && cfg_number(value, 0, 4094, &v, origin, key, err) < 0)
		return -EINVAL;
	n->vlan_id = (int)v;
	return net_done(c, n, origin, err);
}

CFG_PARSE(cfg_net_macvlan_mode)
{
	struct rlxc_net *n;
	size_t i = 0;

	if (!(n = net_get(c, index, key, origin, err)))
		return -EINVAL;
	while (*value && macvlan_modes[i] && strcmp(value, macvlan_modes[i]))
		i++;
	if (*value && !macvlan_modes[i])
		return cfg_bad(err, origin, key,
			       "unknown macvlan mode '%s' (private, vepa, bridge, passthru)",
			       value);
	strcpy(n->macvlan_mode, value);
	return net_done(c, n, origin, err);
}

/* Split "ADDR[/PREFIX][ BROADCAST]" into its parts in buf. */
static int inet_split(const char *s, char *buf, size_t len, char **prefix, char **bcast)
{
	char *sp;

	if (strlen(s) >= len)
		return -EINVAL;
	strcpy(buf, s);
	*bcast = NULL;
	sp = strpbrk(buf, " \t");
	if (sp) {
		*sp++ = '\0';
		*bcast = sp + strspn(sp, " \t");
		if (!**bcast || strpbrk(*bcast, " \t"))
			return -EINVAL;
	}
	*prefix = strchr(buf, '/');
	if (*prefix)
		*(*prefix)++ = '\0';
	return 0;
}

static unsigned classful_prefix(const unsigned char *a)
{
	return a[0] < 128 ? 8 : a[0] < 192 ? 16 : a[0] < 224 ? 24 : 32;
}

int rlxc_inet_parse(const char *s, int family, struct rlxc_inet *out)
{
	unsigned max = family == AF_INET ? 32 : 128;
	char buf[128], *prefix, *bcast, *end;
	unsigned long p;

	memset(out, 0, sizeof(*out));
	out->family = family;
	if ((family != AF_INET && family != AF_INET6) ||
	    inet_split(s, buf, sizeof(buf), &prefix, &bcast) < 0)
		return -EINVAL;
	if (inet_pton(family, buf, out->addr) != 1)
		return -EINVAL;
	if (bcast && (family != AF_INET || inet_pton(AF_INET, bcast, out->broadcast) != 1))
		return -EINVAL;
	out->has_broadcast = bcast;
	if (!prefix) {
		out->prefix = family == AF_INET ? classful_prefix(out->addr) : 64;
		return 0;
	}
	if (!isdigit((unsigned char)*prefix) || strlen(prefix) > 3)
		return -EINVAL;
	p = strtoul(prefix, &end, 10);
	if (*end || p > max)
		return -EINVAL;
	out->prefix = (unsigned)p;
	return 0;
}

/* The form the config keeps: "ADDR/PREFIX[ BROADCAST]". */
static void inet_format(const struct rlxc_inet *a, char *buf, size_t len)
{
	char addr[INET6_ADDRSTRLEN], bc[INET_ADDRSTRLEN] = "";

	inet_ntop(a->family, a->addr, addr, sizeof(addr));
	if (a->has_broadcast)
		inet_ntop(AF_INET, a->broadcast, bc, sizeof(bc));
	snprintf(buf, len, "%s/%u%s%s", addr, a->prefix, *bc ? " " : "", bc);
}

static int add_addr(struct rlxc_config *c, const char *key, const char *value, int index,
		    const char *origin, struct rlxc_error *err, int family)
{
	const char *what = family == AF_INET ? "an IPv4 address (a.b.c.d/prefix [broadcast])"
					     : "an IPv6 address (addr/prefix)";
	struct rlxc_inet a;
	struct rlxc_net *n = net_get(c, index, key, origin, err);
	char buf[128];
	struct strv *list;

	if (!n)
		return -EINVAL;
	list = family == AF_INET ? &n->ipv4 : &n->ipv6;
	if (!*value) {
		strv_free(list);
		return net_done(c, n, origin, err);
	}
	if (rlxc_inet_parse(value, family, &a) < 0)
		return cfg_bad(err, origin, key, "not %s: '%s'", what, value);
	inet_format(&a, buf, sizeof(buf));
	if (strv_push(list, buf) < 0)
		return cfg_nomem(err);
	return net_done(c, n, origin, err);
}

CFG_PARSE(cfg_net_ipv4)
{
	return add_addr(c, key, value, index, origin, err, AF_INET);
}

CFG_PARSE(cfg_net_ipv6)
{
	return add_addr(c, key, value, index, origin, err, AF_INET6);
}

/* A gateway: an address of family, or "auto"; kept in inet_ntop's form. */
static int set_gateway(struct rlxc_config *c, const char *key, const char *value, int index,
		       const char *origin, struct rlxc_error *err, int family)
{
	unsigned char a[16];
	struct rlxc_net *n = net_get(c, index, key, origin, err);
	char *dst;

	if (!n)
		return -EINVAL;
	dst = family == AF_INET ? n->ipv4_gateway : n->ipv6_gateway;
	if (!*value || !strcmp(value, "auto")) {
		strcpy(dst, value);
		return net_done(c, n, origin, err);
	}
	if (inet_pton(family, value, a) != 1)
		return cfg_bad(err, origin, key, "not an %s gateway (address or auto): '%s'",
			       family == AF_INET ? "IPv4" : "IPv6", value);
	inet_ntop(family, a, dst,
		  family == AF_INET ? sizeof(n->ipv4_gateway) : sizeof(n->ipv6_gateway));
	return net_done(c, n, origin, err);
}

CFG_PARSE(cfg_net_ipv4_gw)
{
	return set_gateway(c, key, value, index, origin, err, AF_INET);
}

CFG_PARSE(cfg_net_ipv6_gw)
{
	return set_gateway(c, key, value, index, origin, err, AF_INET6);
}

/* ---- printers: "lxc.net.N.x = value" for every device that has one ---- */

static int net_line(FILE *f, const struct rlxc_config_key *k, int i, const char *value)
{
	const char *name = cfg_print_name(k), *star = strchr(name, '*');

	if (!star)
		return -EINVAL;
	fprintf(f, "%.*s%d%s = %s\n", (int)(star - name), name, i, star + 1, value);
	return 0;
}

/* Print the string at offset off of every device where it is set. */
static int print_str(const struct rlxc_config *c, const struct rlxc_config_key *k, FILE *f,
		     size_t off)
{
	for (int i = 0; i < RLXC_MAX_NETS; i++) {
		const char *s = (const char *)&c->net[i] + off;

		if (c->net[i].used && *s && net_line(f, k, i, s) < 0)
			return -EINVAL;
	}
	return 0;
}

static int print_list(const struct rlxc_config *c, const struct rlxc_config_key *k, FILE *f,
		      bool v6)
{
	for (int i = 0; i < RLXC_MAX_NETS; i++) {
		const struct strv *l = v6 ? &c->net[i].ipv6 : &c->net[i].ipv4;

		for (size_t j = 0; c->net[i].used && j < l->n; j++) {
			if (net_line(f, k, i, l->v[j]) < 0)
				return -EINVAL;
		}
	}
	return 0;
}

static int print_num(const struct rlxc_config *c, const struct rlxc_config_key *k, FILE *f,
		     bool vlan)
{
	char buf[16];

	for (int i = 0; i < RLXC_MAX_NETS; i++) {
		const struct rlxc_net *n = &c->net[i];

		if (!n->used || (vlan ? n->vlan_id < 0 : !n->mtu))
			continue;
		snprintf(buf, sizeof(buf), "%d", vlan ? n->vlan_id : (int)n->mtu);
		if (net_line(f, k, i, buf) < 0)
			return -EINVAL;
	}
	return 0;
}

CFG_PRINT(cfg_print_net_type)
{
	for (int i = 0; i < RLXC_MAX_NETS; i++) {
		const struct rlxc_net *n = &c->net[i];

		if (n->used && n->type_set && net_line(f, k, i, rlxc_net_type_name(n->type)) < 0)
			return -EINVAL;
	}
	return 0;
}

CFG_PRINT(cfg_print_net_flags)
{
	for (int i = 0; i < RLXC_MAX_NETS; i++) {
		if (c->net[i].used && c->net[i].up && net_line(f, k, i, "up") < 0)
			return -EINVAL;
	}
	return 0;
}

CFG_PRINT(cfg_print_net_link)
{
	return print_str(c, k, f, offsetof(struct rlxc_net, link));
}

CFG_PRINT(cfg_print_net_hwaddr)
{
	return print_str(c, k, f, offsetof(struct rlxc_net, hwaddr));
}

CFG_PRINT(cfg_print_net_name)
{
	return print_str(c, k, f, offsetof(struct rlxc_net, name));
}

CFG_PRINT(cfg_print_net_veth_pair)
{
	return print_str(c, k, f, offsetof(struct rlxc_net, veth_pair));
}

CFG_PRINT(cfg_print_net_macvlan_mode)
{
	return print_str(c, k, f, offsetof(struct rlxc_net, macvlan_mode));
}

CFG_PRINT(cfg_print_net_ipv4_gw)
{
	return print_str(c, k, f, offsetof(struct rlxc_net, ipv4_gateway));
}

CFG_PRINT(cfg_print_net_ipv6_gw)
{
	return print_str(c, k, f, offsetof(struct rlxc_net, ipv6_gateway));
}

CFG_PRINT(cfg_print_net_ipv4)
{
	return print_list(c, k, f, false);
}

CFG_PRINT(cfg_print_net_ipv6)
{
	return print_list(c, k, f, true);
}

CFG_PRINT(cfg_print_net_mtu)
{
	return print_num(c, k, f, false);
}

CFG_PRINT(cfg_print_net_vlan_id)
{
	return print_num(c, k, f, true);
}
