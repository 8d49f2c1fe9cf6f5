// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * rtnetlink on libmnl: build with mnl_nlmsg_put_header(), ask for NLM_F_ACK,
 * read the answer with mnl_cb_run2() (libmnl examples/rtnl). Request buffers
 * start zeroed: libmnl 1.0.4 does not clear attribute padding.
 */
#include "nl.h"

#include <errno.h>
#include <net/if.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <linux/if_link.h>
#include <linux/netlink.h>
#include <linux/rtnetlink.h>
#include <linux/veth.h>

/* Room for one answer: a dump part or an error carrying the request. */
#define RLXC_NL_RX_SIZE 32768

struct rlxc_nl {
	struct mnl_socket *sock;
	uint32_t portid;
	uint32_t seq;
	char errmsg[128];
	char rx[RLXC_NL_RX_SIZE];
};

struct rlxc_nl *rlxc_nl_open(int bus)
{
	struct rlxc_nl *nl = calloc(1, sizeof(*nl));
	int one = 1;

	if (!nl)
		return NULL;
	nl->sock = mnl_socket_open(bus);
	if (!nl->sock)
		goto fail;
	if (mnl_socket_bind(nl->sock, 0, MNL_SOCKET_AUTOPID) < 0)
		goto fail;
	/* Best effort: the error text, and errors without the whole request. */
	mnl_socket_setsockopt(nl->sock, NETLINK_EXT_ACK, &one, sizeof(one));
	mnl_socket_setsockopt(nl->sock, NETLINK_CAP_ACK, &one, sizeof(one));
	nl->portid = mnl_socket_get_portid(nl->sock);
	nl->seq = (uint32_t)time(NULL);
	return nl;
fail:
	rlxc_nl_close(nl);
	return NULL;
}

void rlxc_nl_close(struct rlxc_nl *nl)
{
	int saved = errno;

	if (!nl)
		return;
	if (nl->sock)
		mnl_socket_close(nl->sock);
	free(nl);
	errno = saved;
}

void rlxc_nl_closep(struct rlxc_nl **nl)
{
	rlxc_nl_close(*nl);
}

uint32_t rlxc_nl_seq(struct rlxc_nl *nl)
{
	return ++nl->seq;
}

const char *rlxc_nl_errmsg(const struct rlxc_nl *nl)
{
	return nl->errmsg;
}

int rlxc_nl_send(struct rlxc_nl *nl, const void *buf, size_t len)
{
	nl->errmsg[0] = '\0';
	if (mnl_socket_sendto(nl->sock, buf, len) < 0)
		return -errno;
	return 0;
}

struct recv_ctx {
	struct rlxc_nl *nl;
	mnl_cb_t cb;
	void *data;
};

static int ext_ack_attr(const struct nlattr *attr, void *data)
{
	struct rlxc_nl *nl = data;

	if (mnl_attr_get_type(attr) == NLMSGERR_ATTR_MSG &&
	    mnl_attr_validate(attr, MNL_TYPE_NUL_STRING) == 0)
		snprintf(nl->errmsg, sizeof(nl->errmsg), "%s", mnl_attr_get_str(attr));
	return MNL_CB_OK;
}

/* Keep the extended-ack text (NLMSGERR_ATTR_MSG) that follows the error. */
static void keep_ext_ack(struct rlxc_nl *nl, const struct nlmsghdr *nlh, const struct nlmsgerr *err)
{
	size_t off = sizeof(*err);

	if (!(nlh->nlmsg_flags & NLM_F_ACK_TLVS))
		return;
	if (!(nlh->nlmsg_flags & NLM_F_CAPPED))
		off += err->msg.nlmsg_len - sizeof(struct nlmsghdr);
	if (mnl_nlmsg_size(off) > nlh->nlmsg_len)
		return;
	mnl_attr_parse(nlh, off, ext_ack_attr, nl);
}

static int cb_error(const struct nlmsghdr *nlh, void *data)
{
	const struct nlmsgerr *err = mnl_nlmsg_get_payload(nlh);
	struct recv_ctx *ctx = data;

	if (nlh->nlmsg_len < mnl_nlmsg_size(sizeof(*err))) {
		errno = EBADMSG;
		return MNL_CB_ERROR;
	}
	if (err->error == 0)
		return MNL_CB_STOP; /* the ACK */
	keep_ext_ack(ctx->nl, nlh, err);
	errno = err->error < 0 ? -err->error : err->error;
	return MNL_CB_ERROR;
}

static int cb_stop(const struct nlmsghdr *nlh, void *data)
{
	(void)nlh;
	(void)data;
	return MNL_CB_STOP;
}

static int cb_noop(const struct nlmsghdr *nlh, void *data)
{
	(void)nlh;
	(void)data;
	return MNL_CB_OK;
}

static int cb_data(const struct nlmsghdr *nlh, void *data)
{
	struct recv_ctx *ctx = data;

	return ctx->cb ? ctx->cb(nlh, ctx->data) : MNL_CB_OK;
}

static mnl_cb_t ctl_cbs[NLMSG_MIN_TYPE] = {
    [NLMSG_NOOP] = cb_noop,
    [NLMSG_ERROR] = cb_error,
    [NLMSG_DONE] = cb_stop,
    [NLMSG_OVERRUN] = cb_noop,
};

int rlxc_nl_recv(struct rlxc_nl *nl, uint32_t seq, mnl_cb_t cb, void *data)
{
	struct recv_ctx ctx = {.nl = nl, .cb = cb, .data = data};
	int ret;

	do {
		ret = mnl_socket_recvfrom(nl->sock, nl->rx, sizeof(nl->rx));
		if (ret < 0)
			return -errno;
		ret = mnl_cb_run2(nl->rx, ret, seq, nl->portid, cb_data, &ctx, ctl_cbs,
				  NLMSG_MIN_TYPE);
	} while (ret > MNL_CB_STOP);
	if (ret < 0)
		return errno ? -errno : -EPROTO;
	return 0;
}

int rlxc_nl_talk(struct rlxc_nl *nl, struct nlmsghdr *nlh, mnl_cb_t cb, void *data)
{
	int ret;

	nlh->nlmsg_flags |= NLM_F_REQUEST | NLM_F_ACK;
	nlh->nlmsg_seq = rlxc_nl_seq(nl);
	ret = rlxc_nl_send(nl, nlh, nlh->nlmsg_len);
	if (ret < 0)
		return ret;
	return rlxc_nl_recv(nl, nlh->nlmsg_seq, cb, data);
}

/*
 * Links.
 */

static struct ifinfomsg *put_link_header(char *buf, uint16_t type, uint16_t flags, int ifindex)
{
	struct nlmsghdr *nlh = mnl_nlmsg_put_header(buf);
	struct ifinfomsg *ifm;

	nlh->nlmsg_type = type;
	nlh->nlmsg_flags = NLM_F_REQUEST | flags;
	ifm = mnl_nlmsg_put_extra_header(nlh, sizeof(*ifm));
	ifm->ifi_family = AF_UNSPEC;
	ifm->ifi_index = ifindex;
	return ifm;
}

/* A new link NAME of KIND: the header, IFLA_IFNAME and IFLA_INFO_KIND; the
 * caller adds IFLA_INFO_DATA when the kind has some, then ends the nest. */
static struct nlattr *put_new_link(struct nlmsghdr *nlh, const char *name, const char *kind)
{
	struct nlattr *linkinfo;

	put_link_header((char *)nlh, RTM_NEWLINK, NLM_F_CREATE | NLM_F_EXCL, 0);
	mnl_attr_put_strz(nlh, IFLA_IFNAME, name);
	linkinfo = mnl_attr_nest_start(nlh, IFLA_LINKINFO);
	mnl_attr_put_strz(nlh, IFLA_INFO_KIND, kind);
	return linkinfo;
}

static int add_simple(struct rlxc_nl *nl, const char *name, const char *kind)
{
	char buf[RLXC_NL_MSG_SIZE] = {0};
	struct nlmsghdr *nlh = (struct nlmsghdr *)buf;
	struct nlattr *linkinfo = put_new_link(nlh, name, kind);

	mnl_attr_nest_end(nlh, linkinfo);
	return rlxc_nl_talk(nl, nlh, NULL, NULL);
}

int rlxc_nl_add_bridge(struct rlxc_nl *nl, const char *name)
{
	return add_simple(nl, name, "bridge");
}

int rlxc_nl_add_dummy(struct rlxc_nl *nl, const char *name)
{
	return add_simple(nl, name, "dummy");
}

int rlxc_nl_add_veth(struct rlxc_nl *nl, const char *name, const char *peer)
{
	char buf[RLXC_NL_MSG_SIZE] = {0};
	struct nlmsghdr *nlh = (struct nlmsghdr *)buf;
	struct nlattr *linkinfo = put_new_link(nlh, name, "veth");
	struct nlattr *info = mnl_attr_nest_start(nlh, IFLA_INFO_DATA);
	struct nlattr *peer_info = mnl_attr_nest_start(nlh, VETH_INFO_PEER);
	struct ifinfomsg *pifm;

	/* VETH_INFO_PEER holds an ifinfomsg, then the peer's attributes. */
	pifm = mnl_nlmsg_put_extra_header(nlh, sizeof(*pifm));
	pifm->ifi_family = AF_UNSPEC;
	mnl_attr_put_strz(nlh, IFLA_IFNAME, peer);
	mnl_attr_nest_end(nlh, peer_info);
	mnl_attr_nest_end(nlh, info);
	mnl_attr_nest_end(nlh, linkinfo);
	return rlxc_nl_talk(nl, nlh, NULL, NULL);
}

int rlxc_nl_add_macvlan(struct rlxc_nl *nl, const char *name, int parent, uint32_t mode)
{
	char buf[RLXC_NL_MSG_SIZE] = {0};
	struct nlmsghdr *nlh = (struct nlmsghdr *)buf;
	struct nlattr *linkinfo = put_new_link(nlh, name, "macvlan");
	struct nlattr *info = mnl_attr_nest_start(nlh, IFLA_INFO_DATA);

	mnl_attr_put_u32(nlh, IFLA_MACVLAN_MODE, mode);
	mnl_attr_nest_end(nlh, info);
	mnl_attr_nest_end(nlh, linkinfo);
	mnl_attr_put_u32(nlh, IFLA_LINK, (uint32_t)parent);
	return rlxc_nl_talk(nl, nlh, NULL, NULL);
}

int rlxc_nl_add_vlan(struct rlxc_nl *nl, const char *name, int parent, uint16_t id)
{
	char buf[RLXC_NL_MSG_SIZE] = {0};
	struct nlmsghdr *nlh = (struct nlmsghdr *)buf;
	struct nlattr *linkinfo = put_new_link(nlh, name, "vlan");
	struct nlattr *info = mnl_attr_nest_start(nlh, IFLA_INFO_DATA);

	mnl_attr_put_u16(nlh, IFLA_VLAN_ID, id);
	mnl_attr_nest_end(nlh, info);
	mnl_attr_nest_end(nlh, linkinfo);
	mnl_attr_put_u32(nlh, IFLA_LINK, (uint32_t)parent);
	return rlxc_nl_talk(nl, nlh, NULL, NULL);
}

int rlxc_nl_del_link(struct rlxc_nl *nl, int ifindex)
{
	char buf[RLXC_NL_MSG_SIZE] = {0};

	put_link_header(buf, RTM_DELLINK, 0, ifindex);
	return rlxc_nl_talk(nl, (struct nlmsghdr *)buf, NULL, NULL);
}

int rlxc_nl_set_up(struct rlxc_nl *nl, int ifindex, int up)
{
	char buf[RLXC_NL_MSG_SIZE] = {0};
	struct ifinfomsg *ifm = put_link_header(buf, RTM_NEWLINK, 0, ifindex);

	ifm->ifi_change = IFF_UP;
	ifm->ifi_flags = up ? IFF_UP : 0;
	return rlxc_nl_talk(nl, (struct nlmsghdr *)buf, NULL, NULL);
}

/* RTM_NEWLINK on IFINDEX with one u32 attribute. */
static int set_link_u32(struct rlxc_nl *nl, int ifindex, uint16_t type, uint32_t value)
{
	char buf[RLXC_NL_MSG_SIZE] = {0};
	struct nlmsghdr *nlh = (struct nlmsghdr *)buf;

	put_link_header(buf, RTM_NEWLINK, 0, ifindex);
	mnl_attr_put_u32(nlh, type, value);
	return rlxc_nl_talk(nl, nlh, NULL, NULL);
}

int rlxc_nl_set_master(struct rlxc_nl *nl, int ifindex, int master)
{
	return set_link_u32(nl, ifindex, IFLA_MASTER, (uint32_t)master);
}

int rlxc_nl_set_netns_fd(struct rlxc_nl *nl, int ifindex, int nsfd)
{
	return set_link_u32(nl, ifindex, IFLA_NET_NS_FD, (uint32_t)nsfd);
}

int rlxc_nl_set_netns_pid(struct rlxc_nl *nl, int ifindex, pid_t pid)
{
	return set_link_u32(nl, ifindex, IFLA_NET_NS_PID, (uint32_t)pid);
}

static int linkinfo_attr(const struct nlattr *attr, void *data)
{
	struct rlxc_nl_link *link = data;

	if (mnl_attr_get_type(attr) == IFLA_INFO_KIND &&
	    mnl_attr_validate(attr, MNL_TYPE_NUL_STRING) == 0)
		snprintf(link->kind, sizeof(link->kind), "%s", mnl_attr_get_str(attr));
	return MNL_CB_OK;
}

static int link_attr(const struct nlattr *attr, void *data)
{
	struct rlxc_nl_link *link = data;

	switch (mnl_attr_get_type(attr)) {
	case IFLA_MASTER:
		if (mnl_attr_validate(attr, MNL_TYPE_U32) == 0)
			link->master = (int)mnl_attr_get_u32(attr);
		break;
	case IFLA_LINKINFO:
		if (mnl_attr_validate(attr, MNL_TYPE_NESTED) == 0)
			mnl_attr_parse_nested(attr, linkinfo_attr, link);
		break;
	}
	return MNL_CB_OK;
}

static int link_msg(const struct nlmsghdr *nlh, void *data)
{
	const struct ifinfomsg *ifm = mnl_nlmsg_get_payload(nlh);
	struct rlxc_nl_link *link = data;

	if (nlh->nlmsg_type != RTM_NEWLINK)
		return MNL_CB_OK;
	link->ifindex = ifm->ifi_index;
	link->flags = ifm->ifi_flags;
	mnl_attr_parse(nlh, sizeof(*ifm), link_attr, link);
	return MNL_CB_OK;
}

int rlxc_nl_get_link(struct rlxc_nl *nl, int ifindex, struct rlxc_nl_link *link)
{
	char buf[RLXC_NL_MSG_SIZE] = {0};
	int ret;

	memset(link, 0, sizeof(*link));
	put_link_header(buf, RTM_GETLINK, 0, ifindex);
	ret = rlxc_nl_talk(nl, (struct nlmsghdr *)buf, link_msg, link);
	if (ret == 0 && link->ifindex != ifindex)
		return -ENODEV;
	return ret;
}

int rlxc_nl_ifindex(const char *name)
{
	unsigned int idx = if_nametoindex(name);

	return idx ? (int)idx : -(errno ? errno : ENODEV);
}

/*
 * Addresses.
 */

int rlxc_nl_add_addr4(struct rlxc_nl *nl, int ifindex, struct in_addr addr, int prefixlen)
{
	char buf[RLXC_NL_MSG_SIZE] = {0};
	struct nlmsghdr *nlh = mnl_nlmsg_put_header(buf);
	struct ifaddrmsg *ifa;

	nlh->nlmsg_type = RTM_NEWADDR;
	nlh->nlmsg_flags = NLM_F_REQUEST | NLM_F_CREATE | NLM_F_EXCL;
	ifa = mnl_nlmsg_put_extra_header(nlh, sizeof(*ifa));
	ifa->ifa_family = AF_INET;
	ifa->ifa_prefixlen = (unsigned char)prefixlen;
	ifa->ifa_index = (unsigned int)ifindex;
	mnl_attr_put(nlh, IFA_LOCAL, sizeof(addr), &addr);
	mnl_attr_put(nlh, IFA_ADDRESS, sizeof(addr), &addr);
	return rlxc_nl_talk(nl, nlh, NULL, NULL);
}
