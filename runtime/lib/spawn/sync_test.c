// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * White-box test of the parent-child channel (sync.c, sync_impl.h): a
 * child that fails and exits before it read the parent's last message
 * still gets its error across. The kernel then reports ECONNRESET to the
 * parent ahead of the child's queued message; the parent must read on.
 */
#include <errno.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "kselftest_harness.h"
#include "sync_impl.h"

TEST(an_error_sent_before_a_reset_is_read)
{
	struct rlxc_error err = { .code = ENOENT, .msg = "mount /x: No such file or directory" };
	struct rlxc_sync_msg m;
	int sv[2];

	ASSERT_EQ(0, socketpair(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0, sv));
	ASSERT_EQ(0, rlxc_sync_send(sv[0], 2, 0, NULL)); /* the parent's, never read */
	ASSERT_EQ(0, rlxc_sync_send(sv[1], 5, 0, &err)); /* the child's error */
	close(sv[1]);					  /* the child exits */
	EXPECT_EQ(5, rlxc_sync_recv(sv[0], &m));
	EXPECT_EQ(ENOENT, m.code);
	EXPECT_STREQ(err.msg, m.text);
	EXPECT_EQ(0, rlxc_sync_recv(sv[0], &m)); /* then EOF */
	close(sv[0]);
}

TEST(a_reset_without_a_message_is_eof)
{
	struct rlxc_sync_msg m;
	int sv[2];

	ASSERT_EQ(0, socketpair(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0, sv));
	ASSERT_EQ(0, rlxc_sync_send(sv[0], 2, 0, NULL));
	close(sv[1]); /* died before it said anything */
	EXPECT_EQ(0, rlxc_sync_recv(sv[0], &m));
	close(sv[0]);
}

TEST_HARNESS_MAIN
