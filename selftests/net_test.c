// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Networking, for real: links, addresses and pings, all inside network
 * namespaces the test makes. Each test first moves its own process into a
 * new network namespace (so even "ours" is not the host's); a second or
 * third namespace is a child process that unshared CLONE_NEWNET and waits.
 * Links and addresses are made with ip(8), traffic with ping(8), both run in
 * the right namespace by setns(); the nftables rule is made with libnftnl.
 * Addresses are 10.255.x.x and exist only in these namespaces.
 */
#include "kselftest_harness.h"
#include "probe_skip.h"

#include "kernel/nl.h"

#include <errno.h>
#include <fcntl.h>
#include <net/if.h>
#include <sched.h>
#include <signal.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <arpa/inet.h>
#include <linux/netfilter.h>
#include <linux/netfilter/nf_tables.h>
#include <libnftnl/chain.h>
#include <libnftnl/common.h>
#include <libnftnl/expr.h>
#include <libnftnl/rule.h>
#include <libnftnl/table.h>

/* One reply is enough; -w keeps it trying for a moment, for a first packet
 * can be lost while a link that just got carrier is being activated
 * (linkwatch runs asynchronously). A reply here takes well under 1 ms. */
#define PING "ping -q -c 1 -i 0.1 -w 2 "
/* For a ping that should fail, on links already known to work. */
#define PING_FAIL "ping -q -c 1 -W 0.2 "

/*
 * Commands in a namespace.
 */

enum { LOUD, QUIET };

/* Run "sh -c CMD" in the network namespace of NS_PID (0: ours); its exit
 * status, or -1. QUIET hides its output (for commands expected to fail). */
static int run(pid_t ns_pid, int quiet, const char *fmt, ...)
{
	char cmd[1024], path[64];
	int status, nsfd = -1;
	va_list ap;
	pid_t pid;

	va_start(ap, fmt);
	vsnprintf(cmd, sizeof(cmd), fmt, ap);
	va_end(ap);
	if (ns_pid > 0) {
		snprintf(path, sizeof(path), "/proc/%d/ns/net", (int)ns_pid);
		nsfd = open(path, O_RDONLY | O_CLOEXEC);
		if (nsfd < 0)
			return -1;
	}
	fflush(NULL);
	pid = fork();
	if (pid == 0) {
		int null = open("/dev/null", O_WRONLY);

		if (nsfd >= 0 && setns(nsfd, CLONE_NEWNET) < 0)
			_exit(126);
		dup2(null, STDOUT_FILENO);
		if (quiet)
			dup2(null, STDERR_FILENO);
		execl("/bin/sh", "sh", "-c", cmd, (char *)NULL);
		_exit(127);
	}
	if (nsfd >= 0)
		close(nsfd);
	if (pid < 0 || waitpid(pid, &status, 0) != pid)
		return -1;
	status = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
	if (status != 0 && !quiet)
		fprintf(stderr, "# [netns of %d] %s: exit %d\n", (int)ns_pid, cmd, status);
	return status;
}

/*
 * A peer namespace: a child that unshares CLONE_NEWNET, says so, and waits
 * for its socket to close (or its parent to die).
 */

struct peer {
	pid_t pid;
	int fd;
};

static void peer_main(int fd)
{
	char c = 0;

	prctl(PR_SET_PDEATHSIG, SIGKILL);
	if (unshare(CLONE_NEWNET) < 0)
		c = (char)errno;
	if (write(fd, &c, 1) != 1)
		_exit(1);
	while (read(fd, &c, 1) > 0)
		;
	_exit(0);
}

/* 0 or -errno. */
static int peer_start(struct peer *p)
{
	int sv[2];
	char c;

	if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv) < 0)
		return -errno;
	fflush(NULL);
	p->pid = fork();
	if (p->pid == 0) {
		close(sv[0]);
		peer_main(sv[1]);
	}
	close(sv[1]);
	p->fd = sv[0];
	if (p->pid < 0)
		return -errno;
	if (read(p->fd, &c, 1) != 1)
		return -EPIPE;
	return c ? -c : 0;
}

static void peer_stop(struct peer *p)
{
	if (p->pid <= 0)
		return;
	close(p->fd);
	kill(p->pid, SIGKILL);
	waitpid(p->pid, NULL, 0);
	p->pid = 0;
}

/*
 * nftables, with libnftnl: table inet rlxc-t, chain out (hook output), and
 * a rule "meta l4proto icmp drop".
 */

#define NFT_T "rlxc-t"
#define NFT_C "out"

static void add_expr(struct nftnl_rule *r, struct nftnl_expr *e)
{
	if (e)
		nftnl_rule_add_expr(r, e);
}

/* The rule "meta l4proto icmp drop"; without EXPRS, just its place (a
 * DELRULE without a handle then deletes every rule of the chain). */
static struct nftnl_rule *drop_icmp_rule(bool exprs)
{
	struct nftnl_rule *r = nftnl_rule_alloc();
	struct nftnl_expr *e;
	uint8_t icmp = IPPROTO_ICMP;

	if (!r)
		return NULL;
	nftnl_rule_set_u32(r, NFTNL_RULE_FAMILY, NFPROTO_INET);
	nftnl_rule_set_str(r, NFTNL_RULE_TABLE, NFT_T);
	nftnl_rule_set_str(r, NFTNL_RULE_CHAIN, NFT_C);
	if (!exprs)
		return r;
	e = nftnl_expr_alloc("meta");
	nftnl_expr_set_u32(e, NFTNL_EXPR_META_KEY, NFT_META_L4PROTO);
	nftnl_expr_set_u32(e, NFTNL_EXPR_META_DREG, NFT_REG_1);
	add_expr(r, e);
	e = nftnl_expr_alloc("cmp");
	nftnl_expr_set_u32(e, NFTNL_EXPR_CMP_SREG, NFT_REG_1);
	nftnl_expr_set_u32(e, NFTNL_EXPR_CMP_OP, NFT_CMP_EQ);
	nftnl_expr_set(e, NFTNL_EXPR_CMP_DATA, &icmp, sizeof(icmp));
	add_expr(r, e);
	e = nftnl_expr_alloc("immediate");
	nftnl_expr_set_u32(e, NFTNL_EXPR_IMM_DREG, NFT_REG_VERDICT);
	nftnl_expr_set_u32(e, NFTNL_EXPR_IMM_VERDICT, NF_DROP);
	add_expr(r, e);
	return r;
}

static struct nftnl_chain *out_chain(void)
{
	struct nftnl_chain *c = nftnl_chain_alloc();

	if (!c)
		return NULL;
	nftnl_chain_set_u32(c, NFTNL_CHAIN_FAMILY, NFPROTO_INET);
	nftnl_chain_set_str(c, NFTNL_CHAIN_TABLE, NFT_T);
	nftnl_chain_set_str(c, NFTNL_CHAIN_NAME, NFT_C);
	nftnl_chain_set_str(c, NFTNL_CHAIN_TYPE, "filter");
	nftnl_chain_set_u32(c, NFTNL_CHAIN_HOOKNUM, NF_INET_LOCAL_OUT);
	nftnl_chain_set_s32(c, NFTNL_CHAIN_PRIO, 0);
	nftnl_chain_set_u32(c, NFTNL_CHAIN_POLICY, NF_ACCEPT);
	return c;
}

/* Read answers until NACKS ACKs arrived; 0 or the first error. */
static int nft_acks(struct mnl_socket *nl, int nacks)
{
	char buf[16384] = {0};

	while (nacks > 0) {
		int len = (int)mnl_socket_recvfrom(nl, buf, sizeof(buf));
		const struct nlmsghdr *nlh = (const struct nlmsghdr *)buf;

		if (len < 0)
			return -errno;
		for (; mnl_nlmsg_ok(nlh, len); nlh = mnl_nlmsg_next(nlh, &len)) {
			const struct nlmsgerr *err = mnl_nlmsg_get_payload(nlh);

			if (nlh->nlmsg_type != NLMSG_ERROR)
				continue;
			if (err->error)
				return err->error;
			nacks--;
		}
	}
	return 0;
}

/* One batch: ADD makes table, chain and rule; otherwise the chain's rules
 * are deleted (NFT_MSG_DELRULE without a handle). 0 or -errno. */
static int nft_drop_icmp(bool add)
{
	char buf[16384] = {0};
	struct mnl_nlmsg_batch *b = mnl_nlmsg_batch_start(buf, sizeof(buf));
	struct nftnl_table *t = nftnl_table_alloc();
	struct nftnl_chain *c = out_chain();
	struct nftnl_rule *r = drop_icmp_rule(add);
	struct mnl_socket *nl = mnl_socket_open(NETLINK_NETFILTER);
	uint16_t f = NLM_F_CREATE | NLM_F_ACK;
	struct nlmsghdr *nlh;
	uint32_t seq = 1;
	int ret = -ENOMEM;

	if (!b || !t || !c || !r || !nl)
		goto out;
	nftnl_table_set_u32(t, NFTNL_TABLE_FAMILY, NFPROTO_INET);
	nftnl_table_set_str(t, NFTNL_TABLE_NAME, NFT_T);
	nftnl_batch_begin(mnl_nlmsg_batch_current(b), seq++);
	mnl_nlmsg_batch_next(b);
	if (add) {
		nlh = nftnl_nlmsg_build_hdr(mnl_nlmsg_batch_current(b), NFT_MSG_NEWTABLE,
					    NFPROTO_INET, f, seq++);
		nftnl_table_nlmsg_build_payload(nlh, t);
		mnl_nlmsg_batch_next(b);
		nlh = nftnl_nlmsg_build_hdr(mnl_nlmsg_batch_current(b), NFT_MSG_NEWCHAIN,
					    NFPROTO_INET, f, seq++);
		nftnl_chain_nlmsg_build_payload(nlh, c);
		mnl_nlmsg_batch_next(b);
	}
	nlh = nftnl_nlmsg_build_hdr(mnl_nlmsg_batch_current(b),
				    add ? NFT_MSG_NEWRULE : NFT_MSG_DELRULE, NFPROTO_INET,
				    add ? f | NLM_F_APPEND : NLM_F_ACK, seq++);
	nftnl_rule_nlmsg_build_payload(nlh, r);
	mnl_nlmsg_batch_next(b);
	nftnl_batch_end(mnl_nlmsg_batch_current(b), seq++);
	mnl_nlmsg_batch_next(b);
	if (mnl_socket_bind(nl, 0, MNL_SOCKET_AUTOPID) < 0 ||
	    mnl_socket_sendto(nl, mnl_nlmsg_batch_head(b), mnl_nlmsg_batch_size(b)) < 0)
		ret = -errno;
	else
		ret = nft_acks(nl, add ? 3 : 1);
out:
	if (nl)
		mnl_socket_close(nl);
	if (b)
		mnl_nlmsg_batch_stop(b);
	nftnl_rule_free(r);
	nftnl_chain_free(c);
	nftnl_table_free(t);
	return ret;
}

/*
 * The tests.
 */

FIXTURE(net)
{
	struct peer a, b;
};

FIXTURE_SETUP(net)
{
	self->a.pid = 0;
	self->b.pid = 0;
}

FIXTURE_TEARDOWN(net)
{
	peer_stop(&self->a);
	peer_stop(&self->b);
}

/* Our own new network namespace, and peers. */
#define NEW_NETNS()                                                                                \
	ASSERT_EQ(0, unshare(CLONE_NEWNET)) TH_LOG("unshare(CLONE_NEWNET): %s", strerror(errno))

#define START_PEER(p) ASSERT_EQ(0, peer_start(p)) TH_LOG("peer netns: %s", strerror(errno))

/* A veth pair rlxcvN/rlxcvN+1 with the second end in PEER's namespace, up on
 * both sides; ADDR (e.g. "10.255.0.%d/30", filled with 1 and 2) on them. */
static int veth_to_peer(pid_t peer, int n, const char *addr)
{
	char a1[32], a2[32];

	snprintf(a1, sizeof(a1), addr, 1);
	snprintf(a2, sizeof(a2), addr, 2);
	if (run(0, LOUD,
		"ip link add rlxcv%d type veth peer name rlxcv%d && "
		"ip link set rlxcv%d netns %d && ip link set rlxcv%d up",
		n, n + 1, n + 1, (int)peer, n))
		return -1;
	if (*addr && run(0, LOUD, "ip addr add %s dev rlxcv%d", a1, n))
		return -1;
	if (*addr && run(peer, LOUD, "ip addr add %s dev rlxcv%d", a2, n + 1))
		return -1;
	return run(peer, LOUD, "ip link set lo up && ip link set rlxcv%d up", n + 1);
}

TEST_F(net, new_netns_has_only_lo_and_it_pings)
{
	struct if_nameindex *ifs;
	int n;

	REQUIRE_ROOT();
	REQUIRE_PROBE("ns.net");
	NEW_NETNS();
	ifs = if_nameindex();
	ASSERT_NE(NULL, ifs);
	for (n = 0; ifs[n].if_index; n++)
		if (n > 0)
			TH_LOG("unexpected link %u: %s", ifs[n].if_index, ifs[n].if_name);
	EXPECT_EQ(1, n);
	EXPECT_STREQ("lo", ifs[0].if_name);
	if_freenameindex(ifs);
	EXPECT_NE(0, run(0, QUIET, PING_FAIL "127.0.0.1")) TH_LOG("ping works with lo down");
	ASSERT_EQ(0, run(0, LOUD, "ip link set lo up"));
	EXPECT_EQ(0, run(0, LOUD, PING "127.0.0.1"));
}

TEST_F(net, veth_carries_ping_between_netns)
{
	REQUIRE_ROOT();
	REQUIRE_PROBE("net.veth");
	NEW_NETNS();
	START_PEER(&self->a);
	ASSERT_EQ(0, veth_to_peer(self->a.pid, 0, "10.255.0.%d/30"));
	EXPECT_NE(0, (int)if_nametoindex("rlxcv0"));
	EXPECT_EQ(0, (int)if_nametoindex("rlxcv1")) TH_LOG("rlxcv1 still here after the move");
	EXPECT_EQ(0, run(0, LOUD, PING "10.255.0.2"));
	EXPECT_EQ(0, run(self->a.pid, LOUD, PING "10.255.0.1"));
}

TEST_F(net, macvlan_on_veth_pings_the_peer)
{
	REQUIRE_ROOT();
	REQUIRE_PROBE("net.veth");
	REQUIRE_PROBE("net.macvlan");
	NEW_NETNS();
	START_PEER(&self->a);
	/* rlxcv0 carries no address: only the macvlan on top of it does. */
	ASSERT_EQ(0, veth_to_peer(self->a.pid, 0, ""));
	ASSERT_EQ(0, run(self->a.pid, LOUD, "ip addr add 10.255.1.2/30 dev rlxcv1"));
	ASSERT_EQ(0, run(0, LOUD,
			 "ip link add rlxcm0 link rlxcv0 type macvlan mode bridge && "
			 "ip addr add 10.255.1.1/30 dev rlxcm0 && ip link set rlxcm0 up"));
	EXPECT_EQ(0, run(0, LOUD, "ip -d -o link show rlxcm0 | grep -q 'macvlan mode bridge'"));
	EXPECT_EQ(0, run(0, LOUD, PING "-I rlxcm0 10.255.1.2"));
}

TEST_F(net, bridge_forwards_between_two_netns)
{
	REQUIRE_ROOT();
	REQUIRE_PROBE("net.veth");
	REQUIRE_PROBE("net.bridge");
	NEW_NETNS();
	START_PEER(&self->a);
	START_PEER(&self->b);
	ASSERT_EQ(0, run(0, LOUD, "ip link add rlxcbr0 type bridge && ip link set rlxcbr0 up"));
	ASSERT_EQ(0, veth_to_peer(self->a.pid, 0, ""));
	ASSERT_EQ(0, veth_to_peer(self->b.pid, 2, ""));
	ASSERT_EQ(0, run(0, LOUD,
			 "ip link set rlxcv0 master rlxcbr0 && "
			 "ip link set rlxcv2 master rlxcbr0"));
	ASSERT_EQ(0, run(self->a.pid, LOUD, "ip addr add 10.255.2.1/29 dev rlxcv1"));
	ASSERT_EQ(0, run(self->b.pid, LOUD, "ip addr add 10.255.2.2/29 dev rlxcv3"));
	EXPECT_EQ(0, run(self->a.pid, LOUD, PING "10.255.2.2"));
	EXPECT_EQ(0, run(self->b.pid, LOUD, PING "10.255.2.1"));
}

TEST_F(net, nftables_drop_icmp_stops_ping)
{
	int ret;

	REQUIRE_ROOT();
	REQUIRE_PROBE("net.veth");
	REQUIRE_PROBE("net.nftables");
	NEW_NETNS();
	START_PEER(&self->a);
	ASSERT_EQ(0, veth_to_peer(self->a.pid, 0, "10.255.4.%d/30"));
	ASSERT_EQ(0, run(0, LOUD, PING "10.255.4.2"));
	ret = nft_drop_icmp(true);
	ASSERT_EQ(0, ret) TH_LOG("add drop rule: %s", strerror(-ret));
	EXPECT_NE(0, run(0, QUIET, PING_FAIL "10.255.4.2")) TH_LOG("ping passes the drop rule");
	ret = nft_drop_icmp(false);
	ASSERT_EQ(0, ret) TH_LOG("delete drop rule: %s", strerror(-ret));
	EXPECT_EQ(0, run(0, LOUD, PING "10.255.4.2"));
}

TEST_F(net, vlan_carries_ping_between_netns)
{
	REQUIRE_ROOT();
	REQUIRE_PROBE("net.veth");
	REQUIRE_PROBE("net.vlan");
	NEW_NETNS();
	START_PEER(&self->a);
	ASSERT_EQ(0, veth_to_peer(self->a.pid, 0, ""));
	ASSERT_EQ(0, run(0, LOUD,
			 "ip link add link rlxcv0 name rlxcvl7 type vlan id 7 && "
			 "ip addr add 10.255.5.1/30 dev rlxcvl7 && ip link set rlxcvl7 up"));
	ASSERT_EQ(0, run(self->a.pid, LOUD,
			 "ip link add link rlxcv1 name rlxcvl7 type vlan id 7 && "
			 "ip addr add 10.255.5.2/30 dev rlxcvl7 && ip link set rlxcvl7 up"));
	EXPECT_EQ(0, run(0, LOUD, PING "10.255.5.2"));
}

TEST_F(net, dummy_holds_an_address)
{
	REQUIRE_ROOT();
	REQUIRE_PROBE("net.dummy");
	NEW_NETNS();
	ASSERT_EQ(0, run(0, LOUD,
			 "ip link set lo up && ip link add rlxcd0 type dummy && "
			 "ip addr add 10.255.6.1/24 dev rlxcd0 && ip link set rlxcd0 up"));
	EXPECT_NE(0, (int)if_nametoindex("rlxcd0"));
	EXPECT_EQ(0, run(0, LOUD, PING "10.255.6.1"));
}

/*
 * The rtnetlink helper the runtime uses (kernel/nl.h), checked with ip and
 * ping.
 */

TEST_F(net, nl_api_veth_bridge_addr_netns)
{
	struct rlxc_nl *nl __cleanup_nl = NULL;
	struct rlxc_nl_link link;
	struct in_addr a;
	int v0, v2, br, nsfd;
	char path[64];

	REQUIRE_ROOT();
	REQUIRE_PROBE("net.veth");
	REQUIRE_PROBE("net.bridge");
	NEW_NETNS();
	START_PEER(&self->a);
	START_PEER(&self->b);
	nl = rlxc_nl_open(NETLINK_ROUTE);
	ASSERT_NE(NULL, nl);

	/* Two pairs; rlxcv1 moves by pid, rlxcv3 by namespace fd. */
	ASSERT_EQ(0, rlxc_nl_add_veth(nl, "rlxcv0", "rlxcv1"));
	ASSERT_EQ(-EEXIST, rlxc_nl_add_veth(nl, "rlxcv0", "rlxcv1"));
	ASSERT_EQ(0, rlxc_nl_add_veth(nl, "rlxcv2", "rlxcv3"));
	ASSERT_EQ(-ENODEV, rlxc_nl_ifindex("rlxc-none"));
	ASSERT_EQ(0, rlxc_nl_set_netns_pid(nl, rlxc_nl_ifindex("rlxcv1"), self->a.pid));
	snprintf(path, sizeof(path), "/proc/%d/ns/net", (int)self->b.pid);
	nsfd = open(path, O_RDONLY | O_CLOEXEC);
	ASSERT_LE(0, nsfd);
	ASSERT_EQ(0, rlxc_nl_set_netns_fd(nl, rlxc_nl_ifindex("rlxcv3"), nsfd));
	close(nsfd);
	EXPECT_EQ(-ENODEV, rlxc_nl_ifindex("rlxcv1"));
	EXPECT_EQ(0, run(self->a.pid, LOUD, "ip -o link show rlxcv1 | grep -q rlxcv1"));
	EXPECT_EQ(0, run(self->b.pid, LOUD, "ip -o link show rlxcv3 | grep -q rlxcv3"));

	/* Bridge both ends that stayed, and give it an address. */
	ASSERT_EQ(0, rlxc_nl_add_bridge(nl, "rlxcbr0"));
	br = rlxc_nl_ifindex("rlxcbr0");
	v0 = rlxc_nl_ifindex("rlxcv0");
	v2 = rlxc_nl_ifindex("rlxcv2");
	ASSERT_LT(0, br);
	ASSERT_EQ(0, rlxc_nl_set_master(nl, v0, br));
	ASSERT_EQ(0, rlxc_nl_set_master(nl, v2, br));
	ASSERT_EQ(0, rlxc_nl_get_link(nl, v0, &link));
	EXPECT_EQ(br, link.master);
	EXPECT_STREQ("veth", link.kind);
	inet_pton(AF_INET, "10.255.7.3", &a);
	ASSERT_EQ(0, rlxc_nl_add_addr4(nl, br, a, 29));
	EXPECT_EQ(0, run(0, LOUD, "ip -o addr show dev rlxcbr0 | grep -q 10.255.7.3/29"));
	ASSERT_EQ(0, rlxc_nl_set_up(nl, br, 1));
	ASSERT_EQ(0, rlxc_nl_set_up(nl, v0, 1));
	ASSERT_EQ(0, rlxc_nl_set_up(nl, v2, 1));
	ASSERT_EQ(0, rlxc_nl_get_link(nl, br, &link));
	EXPECT_NE(0, (int)(link.flags & IFF_UP));
	EXPECT_STREQ("bridge", link.kind);

	ASSERT_EQ(0, run(self->a.pid, LOUD,
			 "ip addr add 10.255.7.1/29 dev rlxcv1 && ip link set rlxcv1 up"));
	ASSERT_EQ(0, run(self->b.pid, LOUD,
			 "ip addr add 10.255.7.2/29 dev rlxcv3 && ip link set rlxcv3 up"));
	EXPECT_EQ(0, run(self->a.pid, LOUD, PING "10.255.7.2"));
	EXPECT_EQ(0, run(0, LOUD, PING "10.255.7.1"));
}

TEST_F(net, nl_api_reports_kernel_errno)
{
	struct rlxc_nl *nl __cleanup_nl = NULL;
	int v0;

	REQUIRE_ROOT();
	REQUIRE_PROBE("net.veth");
	NEW_NETNS();
	nl = rlxc_nl_open(NETLINK_ROUTE);
	ASSERT_NE(NULL, nl);
	EXPECT_EQ(-ENODEV, rlxc_nl_set_up(nl, 4242, 1));
	ASSERT_EQ(0, rlxc_nl_add_veth(nl, "rlxcv0", "rlxcv1"));
	v0 = rlxc_nl_ifindex("rlxcv0");
	/* A link cannot be its own master; the kernel says why. */
	EXPECT_GT(0, rlxc_nl_set_master(nl, v0, v0));
	EXPECT_EQ(0, rlxc_nl_del_link(nl, v0));
	EXPECT_EQ(0, run(0, LOUD, "! ip link show rlxcv1 2>/dev/null"))
	TH_LOG("deleting one end of a veth removes both");
}

TEST_HARNESS_MAIN
