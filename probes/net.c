// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Networking: every try first moves its (throwaway) process into a new
 * network namespace, then creates links there over rtnetlink (nl.h) or an
 * nf_tables table over nfnetlink. Nothing touches the host's namespace; all
 * of it dies with the child.
 */
#include "kernel/nl.h"
#include "probe_impl.h"

#include <errno.h>
#include <stdbool.h>
#include <net/if.h>
#include <sched.h>
#include <stdio.h>
#include <string.h>

#include <linux/if_link.h>
#include <linux/netfilter.h>
#include <linux/netfilter/nf_tables.h>
#include <libnftnl/common.h>
#include <libnftnl/table.h>

#define VETH0	  "rlxcv0"
#define VETH1	  "rlxcv1"
#define NFT_TABLE "rlxc-probe"

static const char *err_name(int err)
{
	const char *name = strerrorname_np(err);

	return name ? name : "E?";
}

/* unshare(CLONE_NEWNET) and a socket on BUS inside the new namespace;
 * 0 or -errno, having said what failed. */
static int scratch_netns(struct probe_out *out, int bus, struct rlxc_nl **nl)
{
	if (unshare(CLONE_NEWNET) < 0) {
		int err = errno;

		probe_say(out, "unshare(CLONE_NEWNET): %s", strerror(err));
		return -err;
	}
	*nl = rlxc_nl_open(bus);
	if (!*nl) {
		int err = errno;

		probe_say(out, "netlink socket (bus %d): %s", bus, strerror(err));
		return -err;
	}
	probe_say(out, "new netns");
	return 0;
}

/* Say why a request failed, with the kernel's extended-ack text. */
static enum probe_verdict nl_fail(struct probe_out *out, struct rlxc_nl *nl, int err,
				  const char *what)
{
	const char *msg = rlxc_nl_errmsg(nl);

	probe_say(out, "%s: %s%s%s", what, err_name(-err), *msg ? ": " : "", msg);
	return probe_errno_verdict(-err);
}

/* Creating a link of KIND failed: EOPNOTSUPP is the kernel's answer for a
 * kind it does not know. */
static enum probe_verdict add_fail(struct probe_out *out, struct rlxc_nl *nl, int err,
				   const char *kind)
{
	const char *msg = rlxc_nl_errmsg(nl);
	char what[48];

	snprintf(what, sizeof(what), "RTM_NEWLINK kind %s", kind);
	if (err != -EOPNOTSUPP)
		return nl_fail(out, nl, err, what);
	probe_say(out, "RTM_NEWLINK kind %s: EOPNOTSUPP, unknown link kind%s%s", kind,
		  *msg ? ": " : "", msg);
	return PROBE_NO;
}

/* The link NAME exists and the kernel reports it as KIND; 0 or -errno. */
static int check_link(struct probe_out *out, struct rlxc_nl *nl, const char *name, const char *kind,
		      struct rlxc_nl_link *link)
{
	int idx = rlxc_nl_ifindex(name);
	int ret;

	if (idx < 0) {
		probe_say(out, "%s missing after create", name);
		return idx;
	}
	ret = rlxc_nl_get_link(nl, idx, link);
	if (ret < 0) {
		probe_say(out, "RTM_GETLINK %s: %s", name, err_name(-ret));
		return ret;
	}
	if (strcmp(link->kind, kind) != 0) {
		probe_say(out, "%s is kind \"%s\", not %s", name, link->kind, kind);
		return -EPROTO;
	}
	return 0;
}

/* A link to hang things on: one end of a veth pair, else a dummy.
 * Its ifindex, or -errno having said why there is none. */
static int make_lower(struct probe_out *out, struct rlxc_nl *nl)
{
	int ret = rlxc_nl_add_veth(nl, VETH0, VETH1);

	if (ret == 0) {
		probe_say(out, "veth %s/%s", VETH0, VETH1);
		return rlxc_nl_ifindex(VETH0);
	}
	ret = rlxc_nl_add_dummy(nl, VETH0);
	if (ret == 0) {
		probe_say(out, "dummy %s", VETH0);
		return rlxc_nl_ifindex(VETH0);
	}
	probe_say(out, "no veth or dummy for a lower link: %s", err_name(-ret));
	return ret;
}

PROBE_TRY(try_net_loopback)
{
	struct rlxc_nl *nl __cleanup_nl = NULL;
	struct rlxc_nl_link lo;
	int ret, idx;

	ret = scratch_netns(out, NETLINK_ROUTE, &nl);
	if (ret < 0)
		return probe_errno_verdict(-ret);
	idx = rlxc_nl_ifindex("lo");
	if (idx < 0)
		return probe_fail(out, -idx, "no lo in the new netns");
	ret = rlxc_nl_set_up(nl, idx, 1);
	if (ret < 0)
		return nl_fail(out, nl, ret, "RTM_NEWLINK lo IFF_UP");
	ret = rlxc_nl_get_link(nl, idx, &lo);
	if (ret < 0)
		return nl_fail(out, nl, ret, "RTM_GETLINK lo");
	probe_say(out, "RTM_NEWLINK lo IFF_UP = 0; lo%s%s", lo.flags & IFF_UP ? " UP" : " down",
		  lo.flags & IFF_RUNNING ? " RUNNING" : " not running");
	if (!(lo.flags & IFF_UP))
		return PROBE_NO;
	return (lo.flags & IFF_RUNNING) ? PROBE_YES : PROBE_PARTIAL;
}

PROBE_TRY(try_net_veth)
{
	struct rlxc_nl *nl __cleanup_nl = NULL;
	struct rlxc_nl_link link;
	int ret;

	ret = scratch_netns(out, NETLINK_ROUTE, &nl);
	if (ret < 0)
		return probe_errno_verdict(-ret);
	ret = rlxc_nl_add_veth(nl, VETH0, VETH1);
	if (ret < 0)
		return add_fail(out, nl, ret, "veth");
	if (check_link(out, nl, VETH0, "veth", &link) < 0 ||
	    check_link(out, nl, VETH1, "veth", &link) < 0)
		return PROBE_NO;
	probe_say(out, "veth %s/%s: both ends exist", VETH0, VETH1);
	return PROBE_YES;
}

PROBE_TRY(try_net_bridge)
{
	struct rlxc_nl *nl __cleanup_nl = NULL;
	struct rlxc_nl_link link;
	int ret, br, port;

	ret = scratch_netns(out, NETLINK_ROUTE, &nl);
	if (ret < 0)
		return probe_errno_verdict(-ret);
	ret = rlxc_nl_add_bridge(nl, "rlxcbr0");
	if (ret < 0)
		return add_fail(out, nl, ret, "bridge");
	if (check_link(out, nl, "rlxcbr0", "bridge", &link) < 0)
		return PROBE_NO;
	br = link.ifindex;
	probe_say(out, "bridge rlxcbr0");
	port = make_lower(out, nl);
	if (port < 0)
		return PROBE_PARTIAL;
	ret = rlxc_nl_set_master(nl, port, br);
	if (ret < 0) {
		nl_fail(out, nl, ret, "IFLA_MASTER rlxcbr0");
		return PROBE_PARTIAL;
	}
	ret = rlxc_nl_get_link(nl, port, &link);
	if (ret < 0 || link.master != br) {
		probe_say(out, "%s master is %d, not rlxcbr0", VETH0, link.master);
		return PROBE_PARTIAL;
	}
	probe_say(out, "%s enslaved", VETH0);
	return PROBE_YES;
}

/* An upper link NAME of KIND made by ADD on a lower link in a scratch netns;
 * DETAIL says how it was made ("(mode bridge)"). */
static enum probe_verdict try_upper_link(struct probe_out *out, const char *kind, const char *name,
					 const char *detail,
					 int (*add)(struct rlxc_nl *nl, int lower))
{
	struct rlxc_nl *nl __cleanup_nl = NULL;
	struct rlxc_nl_link link;
	int ret, lower;

	ret = scratch_netns(out, NETLINK_ROUTE, &nl);
	if (ret < 0)
		return probe_errno_verdict(-ret);
	lower = make_lower(out, nl);
	if (lower < 0)
		return PROBE_UNKNOWN;
	ret = add(nl, lower);
	if (ret < 0)
		return add_fail(out, nl, ret, kind);
	if (check_link(out, nl, name, kind, &link) < 0)
		return PROBE_NO;
	probe_say(out, "%s %s %s on %s", kind, name, detail, VETH0);
	return PROBE_YES;
}

static int add_macvlan(struct rlxc_nl *nl, int lower)
{
	return rlxc_nl_add_macvlan(nl, "rlxcm0", lower, MACVLAN_MODE_BRIDGE);
}

PROBE_TRY(try_net_macvlan)
{
	return try_upper_link(out, "macvlan", "rlxcm0", "(mode bridge)", add_macvlan);
}

static int add_vlan(struct rlxc_nl *nl, int lower)
{
	return rlxc_nl_add_vlan(nl, "rlxcvl7", lower, 7);
}

PROBE_TRY(try_net_vlan)
{
	return try_upper_link(out, "vlan", "rlxcvl7", "(id 7)", add_vlan);
}

PROBE_TRY(try_net_dummy)
{
	struct rlxc_nl *nl __cleanup_nl = NULL;
	struct rlxc_nl_link link;
	int ret;

	ret = scratch_netns(out, NETLINK_ROUTE, &nl);
	if (ret < 0)
		return probe_errno_verdict(-ret);
	ret = rlxc_nl_add_dummy(nl, "rlxcd0");
	if (ret < 0)
		return add_fail(out, nl, ret, "dummy");
	if (check_link(out, nl, "rlxcd0", "dummy", &link) < 0)
		return PROBE_NO;
	probe_say(out, "dummy rlxcd0");
	return PROBE_YES;
}

/*
 * nf_tables: a table made and removed in a batch, looked up in between.
 */

static struct nftnl_table *probe_table_obj(void)
{
	struct nftnl_table *t = nftnl_table_alloc();

	if (!t)
		return NULL;
	nftnl_table_set_u32(t, NFTNL_TABLE_FAMILY, NFPROTO_INET);
	nftnl_table_set_str(t, NFTNL_TABLE_NAME, NFT_TABLE);
	return t;
}

/* One batch with one table message (NFT_MSG_NEWTABLE or DELTABLE) asking
 * for an ACK; 0 or the kernel's -errno. */
static int table_batch(struct rlxc_nl *nl, uint16_t type, uint16_t flags)
{
	char buf[RLXC_NL_MSG_SIZE] = {0};
	struct nftnl_table *t = probe_table_obj();
	struct mnl_nlmsg_batch *b = mnl_nlmsg_batch_start(buf, sizeof(buf));
	struct nlmsghdr *nlh;
	int ret = -ENOMEM;

	if (!t || !b)
		goto out;
	nftnl_batch_begin(mnl_nlmsg_batch_current(b), rlxc_nl_seq(nl));
	mnl_nlmsg_batch_next(b);
	nlh = nftnl_table_nlmsg_build_hdr(mnl_nlmsg_batch_current(b), type, NFPROTO_INET,
					  flags | NLM_F_ACK, rlxc_nl_seq(nl));
	nftnl_table_nlmsg_build_payload(nlh, t);
	mnl_nlmsg_batch_next(b);
	nftnl_batch_end(mnl_nlmsg_batch_current(b), rlxc_nl_seq(nl));
	mnl_nlmsg_batch_next(b);
	ret = rlxc_nl_send(nl, mnl_nlmsg_batch_head(b), mnl_nlmsg_batch_size(b));
	if (ret == 0)
		ret = rlxc_nl_recv(nl, 0, NULL, NULL);
out:
	if (b)
		mnl_nlmsg_batch_stop(b);
	nftnl_table_free(t);
	return ret;
}

static int table_seen(const struct nlmsghdr *nlh, void *data)
{
	struct nftnl_table *t = nftnl_table_alloc();
	bool *seen = data;

	if (t && nftnl_table_nlmsg_parse(nlh, t) == 0 && nftnl_table_is_set(t, NFTNL_TABLE_NAME) &&
	    strcmp(nftnl_table_get_str(t, NFTNL_TABLE_NAME), NFT_TABLE) == 0)
		*seen = true;
	nftnl_table_free(t);
	return MNL_CB_OK;
}

/* NFT_MSG_GETTABLE for the probe's table; 0 when the kernel returns it. */
static int table_get(struct rlxc_nl *nl)
{
	char buf[RLXC_NL_MSG_SIZE] = {0};
	struct nftnl_table *t = probe_table_obj();
	struct nlmsghdr *nlh;
	bool seen = false;
	int ret;

	if (!t)
		return -ENOMEM;
	nlh = nftnl_table_nlmsg_build_hdr(buf, NFT_MSG_GETTABLE, NFPROTO_INET, NLM_F_ACK, 0);
	nftnl_table_nlmsg_build_payload(nlh, t);
	nftnl_table_free(t);
	ret = rlxc_nl_talk(nl, nlh, table_seen, &seen);
	if (ret == 0 && !seen)
		ret = -ENOENT;
	return ret;
}

PROBE_TRY(try_net_nftables)
{
	struct rlxc_nl *nl __cleanup_nl = NULL;
	int ret;

	ret = scratch_netns(out, NETLINK_NETFILTER, &nl);
	if (ret < 0)
		return probe_errno_verdict(-ret);
	ret = table_batch(nl, NFT_MSG_NEWTABLE, NLM_F_CREATE | NLM_F_EXCL);
	if (ret < 0)
		return nl_fail(out, nl, ret, "batch NEWTABLE inet " NFT_TABLE);
	probe_say(out, "batch NEWTABLE inet %s: ACK", NFT_TABLE);
	ret = table_get(nl);
	if (ret < 0) {
		nl_fail(out, nl, ret, "GETTABLE");
		return PROBE_PARTIAL;
	}
	/* no DELTABLE: the table dies with the namespace, and a delete
	 * would wait for an RCU grace period on the way out */
	probe_say(out, "GETTABLE lists it");
	return PROBE_YES;
}
