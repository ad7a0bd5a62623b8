// SPDX-License-Identifier: GPL-2.0-only
/*
 * ntsection selftests: the /dev/ntsection device as userspace sees it.
 */

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <linux/ntsection.h>
#include "kselftest_harness.h"

FIXTURE(device) {
	int fd;
};

FIXTURE_SETUP(device)
{
	self->fd = open("/dev/ntsection", O_RDWR | O_CLOEXEC);
	if (self->fd < 0 && errno == ENOENT)
		SKIP(return, "/dev/ntsection is missing (is ntsection.ko loaded?)");
	ASSERT_LE(0, self->fd);
}

FIXTURE_TEARDOWN(device)
{
	if (self->fd >= 0)
		close(self->fd);
}

TEST_F(device, version)
{
	struct ntsection_version ver;

	memset(&ver, 0xa5, sizeof(ver));
	ASSERT_EQ(0, ioctl(self->fd, NTSECTION_IOC_VERSION, &ver));
	EXPECT_EQ(NTSECTION_ABI_MAJOR, ver.major);
	EXPECT_EQ(NTSECTION_ABI_MINOR, ver.minor);
	EXPECT_EQ(NT_STATUS_SUCCESS, ver.status);
	/* 2 MiB large pages where the kernel has transparent huge pages. */
	EXPECT_EQ(access("/sys/kernel/mm/transparent_hugepage/enabled", F_OK) ? 0 : 21,
		  ver.large_page_shift);
}

TEST_F(device, version_bad_pointer)
{
	EXPECT_EQ(-1, ioctl(self->fd, NTSECTION_IOC_VERSION, (void *)8));
	EXPECT_EQ(EFAULT, errno);
}

TEST_F(device, unknown_ioctl)
{
	EXPECT_EQ(-1, ioctl(self->fd, _IO(NTSECTION_IOC_MAGIC, 0x7f)));
	EXPECT_EQ(ENOTTY, errno);
}

TEST(device_node_mode)
{
	struct stat st;

	if (stat("/dev/ntsection", &st) && errno == ENOENT)
		SKIP(return, "/dev/ntsection is missing");
	ASSERT_EQ(0, S_ISCHR(st.st_mode) ? 0 : -1);
	EXPECT_EQ(0666, st.st_mode & 0777);
}

TEST_HARNESS_MAIN
