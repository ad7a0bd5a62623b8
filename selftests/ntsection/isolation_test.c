// SPDX-License-Identifier: GPL-2.0-only
/*
 * ntsection selftests: isolation. A view's backing file cannot be reopened
 * through /proc/PID/map_files for more rights than the view; a handle
 * passed over a unix socket carries only its own access mask.
 */
#include <sys/socket.h>
#include <sys/un.h>

#include "kselftest_harness.h"
#include "ntsection_test.h"

FIXTURE(isolation) {
	int dummy;
};

FIXTURE_SETUP(isolation)
{
	if (nts_device() < 0)
		SKIP(return, NTS_NO_DEVICE);
	nts_errno_mismatch = 0;
}

FIXTURE_TEARDOWN(isolation)
{
	EXPECT_EQ(0, nts_errno_mismatch);
}

TEST_F(isolation, map_files_reopen_refused)
{
	char path[128];
	__u64 size;
	char *p;
	int sec, fd;

	ASSERT_EQ(NT_STATUS_SUCCESS, nts_create_anon(NT_GRAN, NT_PAGE_READWRITE, NT_SEC_COMMIT,
						     &sec));
	p = nts_map(sec, NT_PAGE_READONLY, &size);
	ASSERT_NE(NULL, p);
	snprintf(path, sizeof(path), "/proc/self/map_files/%lx-%lx", (unsigned long)p,
		 (unsigned long)p + (unsigned long)size);
	if (access(path, F_OK))
		SKIP(goto out, "no /proc/self/map_files (needs CONFIG_CHECKPOINT_RESTORE)");
	fd = open(path, O_RDWR);
	EXPECT_EQ(-1, fd);
	if (fd >= 0) {
		void *w = mmap(NULL, size, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);

		EXPECT_EQ(MAP_FAILED, w) TH_LOG("map_files gave a writable mapping");
		close(fd);
	}
	fd = open(path, O_RDONLY);
	EXPECT_EQ(-1, fd);
	if (fd >= 0)
		close(fd);
out:
	EXPECT_EQ(NT_STATUS_SUCCESS, nts_unmap(p));
	close(sec);
}

static int send_fd(int sock, int fd)
{
	char data = 'x', cbuf[CMSG_SPACE(sizeof(int))] = {};
	struct iovec iov = { .iov_base = &data, .iov_len = 1 };
	struct msghdr msg = { .msg_iov = &iov, .msg_iovlen = 1, .msg_control = cbuf,
			      .msg_controllen = sizeof(cbuf) };
	struct cmsghdr *cmsg = CMSG_FIRSTHDR(&msg);

	cmsg->cmsg_level = SOL_SOCKET;
	cmsg->cmsg_type = SCM_RIGHTS;
	cmsg->cmsg_len = CMSG_LEN(sizeof(int));
	memcpy(CMSG_DATA(cmsg), &fd, sizeof(int));
	return sendmsg(sock, &msg, 0) == 1 ? 0 : -1;
}

static int recv_fd(int sock)
{
	char data, cbuf[CMSG_SPACE(sizeof(int))] = {};
	struct iovec iov = { .iov_base = &data, .iov_len = 1 };
	struct msghdr msg = { .msg_iov = &iov, .msg_iovlen = 1, .msg_control = cbuf,
			      .msg_controllen = sizeof(cbuf) };
	struct cmsghdr *cmsg;
	int fd;

	if (recvmsg(sock, &msg, 0) != 1)
		return -1;
	cmsg = CMSG_FIRSTHDR(&msg);
	if (!cmsg || cmsg->cmsg_type != SCM_RIGHTS)
		return -1;
	memcpy(&fd, CMSG_DATA(cmsg), sizeof(int));
	return fd;
}

/* A read-only handle stays read-only in the process that receives it. */
TEST_F(isolation, passed_handle_keeps_its_access)
{
	struct nts_create c = { .name = "\\BaseNamedObjects\\isolation-pass",
				.access = NT_SECTION_ALL_ACCESS, .protect = NT_PAGE_READWRITE,
				.attrs = NT_SEC_COMMIT, .file_fd = -1, .size = NT_GRAN,
				.size_given = 1 };
	struct ntsection_basic_information info;
	int sv[2], owner, ro, got;
	char *p;

	ASSERT_EQ(0, socketpair(AF_UNIX, SOCK_STREAM, 0, sv));
	ASSERT_EQ(NT_STATUS_SUCCESS, nts_create_ex(&c, &owner));
	ASSERT_EQ(NT_STATUS_SUCCESS, nts_open(c.name, 0, NT_SECTION_MAP_READ, &ro));
	ASSERT_EQ(0, send_fd(sv[0], ro));
	close(ro);
	got = recv_fd(sv[1]);
	ASSERT_LE(0, got);
	EXPECT_EQ(NULL, nts_map(got, NT_PAGE_READWRITE, NULL));
	EXPECT_EQ(MAP_FAILED, mmap(NULL, NT_GRAN, PROT_READ | PROT_WRITE, MAP_SHARED, got, 0));
	EXPECT_EQ(NT_STATUS_ACCESS_DENIED, nts_query(got, &info));
	p = nts_map(got, NT_PAGE_READONLY, NULL);
	ASSERT_NE(NULL, p);
	EXPECT_EQ(-1, mprotect(p, NT_PAGE, PROT_READ | PROT_WRITE));
	EXPECT_EQ(NT_STATUS_SUCCESS, nts_unmap(p));
	close(got);
	close(owner);
	close(sv[0]);
	close(sv[1]);
}

/* Fresh pages of every kind of section read zero. */
TEST_F(isolation, fresh_pages_read_zero)
{
	static const __u32 attrs[] = { NT_SEC_COMMIT, NT_SEC_RESERVE };
	unsigned int i, j;
	__u64 size;
	char *p;
	int sec;

	for (i = 0; i < ARRAY_SIZE(attrs); i++) {
		ASSERT_EQ(NT_STATUS_SUCCESS, nts_create_anon(4 * NT_GRAN, NT_PAGE_READWRITE,
							     attrs[i], &sec));
		p = nts_map(sec, NT_PAGE_READWRITE, &size);
		ASSERT_NE(NULL, p);
		ASSERT_EQ(NT_STATUS_SUCCESS, nts_commit(p, size, NT_PAGE_READWRITE));
		for (j = 0; j < size; j += 509)
			if (p[j])
				break;
		EXPECT_LE(size, j) TH_LOG("attributes 0x%x: byte %u is %d", attrs[i], j, p[j]);
		EXPECT_EQ(NT_STATUS_SUCCESS, nts_unmap(p));
		close(sec);
	}
}

TEST_HARNESS_MAIN
