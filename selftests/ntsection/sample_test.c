// SPDX-License-Identifier: GPL-2.0-only
/*
 * ntsection selftests: the sample driver, which shares a section with this
 * process through the in-kernel API only (zw_create_section,
 * zw_map_view_of_section, zw_map_view_in_system_space, zw_close, ...).
 */
#include <errno.h>
#include <fcntl.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>

#include "kselftest_harness.h"
#include "ntsection_sample.h"

FIXTURE(sample) {
	int fd;
};

FIXTURE_SETUP(sample)
{
	self->fd = open("/dev/ntsection_sample", O_RDWR | O_CLOEXEC);
	if (self->fd < 0)
		SKIP(return, "/dev/ntsection_sample is missing (is ntsection_sample.ko loaded?)");
}

FIXTURE_TEARDOWN(sample)
{
	if (self->fd >= 0)
		close(self->fd);
}

/* The driver writes through its system-space view, we answer through ours. */
TEST_F(sample, share_and_verify)
{
	struct ntsection_sample_share share = { .size = 3 * 4096 + 100, .seed = 7 };
	struct ntsection_sample_verify verify;
	unsigned char *p;
	size_t i;

	ASSERT_EQ(0, ioctl(self->fd, NTSECTION_SAMPLE_SHARE, &share));
	ASSERT_EQ(0, share.status);
	p = (unsigned char *)(uintptr_t)share.user_addr;
	ASSERT_NE(NULL, p);
	EXPECT_EQ(0, share.user_addr & 0xffff);
	for (i = 0; i < share.size; i++)
		if (p[i] != (unsigned char)(7 + i))
			break;
	EXPECT_EQ(share.size, i);
	ASSERT_EQ(0, ioctl(self->fd, NTSECTION_SAMPLE_VERIFY, &verify));
	EXPECT_EQ(0, verify.bad_offset);
	for (i = 0; i < share.size; i++)
		p[i] = ~(unsigned char)(7 + i);
	ASSERT_EQ(0, ioctl(self->fd, NTSECTION_SAMPLE_VERIFY, &verify));
	EXPECT_EQ(share.size, verify.bad_offset);
	/* The driver unmaps our view through zw_unmap_view_of_section(). */
	ASSERT_EQ(0, ioctl(self->fd, NTSECTION_SAMPLE_UNMAP));
	EXPECT_EQ(-1, ioctl(self->fd, NTSECTION_SAMPLE_UNMAP));
	EXPECT_EQ(-1, msync(p, 4096, MS_ASYNC));
	EXPECT_EQ(ENOMEM, errno);	/* unmapped */
}

/* A view mapped by the driver is ViewUnmap: a child does not inherit it. */
TEST_F(sample, view_unmap_not_inherited)
{
	struct ntsection_sample_share share = { .size = 4096, .seed = 1 };
	int status;
	pid_t pid;

	ASSERT_EQ(0, ioctl(self->fd, NTSECTION_SAMPLE_SHARE, &share));
	pid = fork();
	if (pid == 0)
		_exit(msync((void *)(uintptr_t)share.user_addr, 4096, MS_ASYNC) == 0 ? 1 : 0);
	ASSERT_EQ(pid, waitpid(pid, &status, 0));
	EXPECT_EQ(0, WEXITSTATUS(status));
}

/* Bad requests fail cleanly. */
TEST_F(sample, errors)
{
	struct ntsection_sample_share share = { .size = 0 };
	struct ntsection_sample_verify verify;

	EXPECT_EQ(-1, ioctl(self->fd, NTSECTION_SAMPLE_VERIFY, &verify));
	EXPECT_EQ(ENXIO, errno);
	EXPECT_EQ(-1, ioctl(self->fd, NTSECTION_SAMPLE_SHARE, &share));
	EXPECT_EQ(0xC00000F2u, share.status);	/* STATUS_INVALID_PARAMETER_4 */
	share.size = 4096;
	ASSERT_EQ(0, ioctl(self->fd, NTSECTION_SAMPLE_SHARE, &share));
	EXPECT_EQ(-1, ioctl(self->fd, NTSECTION_SAMPLE_SHARE, &share));
	EXPECT_EQ(EBUSY, errno);
}

TEST_HARNESS_MAIN
