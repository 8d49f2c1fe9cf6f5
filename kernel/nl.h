/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * A small netlink helper on libmnl, shared by the net probes and the runtime.
 *
 * One socket per user, one request at a time: every request is built with
 * mnl_nlmsg_put_header(), asks for NLM_F_ACK, and its answer is read with
 * mnl_cb_run() until the kernel's ACK or error. Functions return 0 or the
 * kernel's -errno; the kernel's extended-ack text, when it sent one, is kept
 * in rlxc_nl_errmsg() ("Unknown device type").
 *
 * All of it acts on the network namespace of the socket, i.e. of the caller
 * when rlxc_nl_open() ran.
 */
#ifndef RLXC_NL_H
#define RLXC_NL_H

#include <stdint.h>
#include <sys/types.h>

#include <libmnl/libmnl.h>
#include <netinet/in.h>

struct rlxc_nl;

/* Open and bind a netlink socket on BUS (NETLINK_ROUTE, NETLINK_NETFILTER).
 * NULL and errno on failure. */
struct rlxc_nl *rlxc_nl_open(int bus);
void rlxc_nl_close(struct rlxc_nl *nl);
void rlxc_nl_closep(struct rlxc_nl **nl);
#define __cleanup_nl __attribute__((cleanup(rlxc_nl_closep)))

/* A buffer for one request (MNL_SOCKET_BUFFER_SIZE is not a constant);
 * zero it: libmnl 1.0.4 leaves attribute padding as it finds it. */
#define RLXC_NL_MSG_SIZE 4096

/* The next sequence number; for messages built by the caller (batches). */
uint32_t rlxc_nl_seq(struct rlxc_nl *nl);

/* Send LEN bytes as they are (a single message or an nfnetlink batch). */
int rlxc_nl_send(struct rlxc_nl *nl, const void *buf, size_t len);

/* Read answers with mnl_cb_run() until an ACK, NLMSG_DONE or an error.
 * SEQ 0 accepts any sequence number (batches). CB (may be NULL) sees every
 * data message. 0 or the kernel's -errno. */
int rlxc_nl_recv(struct rlxc_nl *nl, uint32_t seq, mnl_cb_t cb, void *data);

/* Send one message: stamps a fresh sequence number and NLM_F_ACK, then
 * reads the answer as rlxc_nl_recv() does. */
int rlxc_nl_talk(struct rlxc_nl *nl, struct nlmsghdr *nlh, mnl_cb_t cb, void *data);

/* The kernel's extended-ack message for the last failed request, or "". */
const char *rlxc_nl_errmsg(const struct rlxc_nl *nl);

/* Link creation: RTM_NEWLINK with NLM_F_CREATE|NLM_F_EXCL and the kind's
 * IFLA_INFO_DATA. A kernel without the kind answers -EOPNOTSUPP. */
int rlxc_nl_add_veth(struct rlxc_nl *nl, const char *name, const char *peer);
int rlxc_nl_add_bridge(struct rlxc_nl *nl, const char *name);
/* MODE: MACVLAN_MODE_BRIDGE, MACVLAN_MODE_PRIVATE, ... (linux/if_link.h) */
int rlxc_nl_add_macvlan(struct rlxc_nl *nl, const char *name, int parent, uint32_t mode);
int rlxc_nl_add_vlan(struct rlxc_nl *nl, const char *name, int parent, uint16_t id);
int rlxc_nl_add_dummy(struct rlxc_nl *nl, const char *name);
int rlxc_nl_del_link(struct rlxc_nl *nl, int ifindex);

/* Link changes (RTM_NEWLINK on an existing ifindex). */
int rlxc_nl_set_up(struct rlxc_nl *nl, int ifindex, int up);
int rlxc_nl_set_master(struct rlxc_nl *nl, int ifindex, int master);
int rlxc_nl_set_netns_fd(struct rlxc_nl *nl, int ifindex, int nsfd);
int rlxc_nl_set_netns_pid(struct rlxc_nl *nl, int ifindex, pid_t pid);

/* What RTM_GETLINK says about one link. */
struct rlxc_nl_link {
	int ifindex;
	unsigned int flags; /* IFF_UP, IFF_RUNNING, ... */
	int master;	    /* 0: none */
	char kind[32];	    /* IFLA_INFO_KIND, "" for none */
};
int rlxc_nl_get_link(struct rlxc_nl *nl, int ifindex, struct rlxc_nl_link *link);

/* The ifindex of NAME in the caller's network namespace; -errno (-ENODEV)
 * when there is none. */
int rlxc_nl_ifindex(const char *name);

/* RTM_NEWADDR: ADDR/PREFIXLEN as IFA_LOCAL and IFA_ADDRESS on IFINDEX. */
int rlxc_nl_add_addr4(struct rlxc_nl *nl, int ifindex, struct in_addr addr, int prefixlen);

#endif
