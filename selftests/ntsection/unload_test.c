// SPDX-License-Identifier: GPL-2.0-only
/*
 * ntsection selftests: the module cannot be unloaded while a section
 * exists, whether a handle or only a view keeps it.
 */
#include <sys/syscall.h>

#include "kselftest_harness.h"
#include "ntsection_test.h"

static int try_unload(void)
{
	return syscall(SYS_delete_module, "ntsection", O_NONBLOCK);
}

FIXTURE(unload) {
	int dummy;
};

FIXTURE_SETUP(unload)
{
	if (nts_device() < 0)
		SKIP(return, NTS_NO_DEVICE);
	if (geteuid() != 0)
		SKIP(return, "needs root to try delete_module()");
}

FIXTURE_TEARDOWN(unload)
{
}

TEST_F(unload, refused_while_a_handle_exists)
{
	int fd;

	ASSERT_EQ(NT_STATUS_SUCCESS, nts_create_anon(NT_GRAN, NT_PAGE_READWRITE, NT_SEC_COMMIT,
						     &fd));
	EXPECT_EQ(-1, try_unload());
	EXPECT_EQ(EWOULDBLOCK, errno);
	close(fd);
}

TEST_F(unload, refused_while_a_view_exists)
{
	char *p;
	int fd;

	ASSERT_EQ(NT_STATUS_SUCCESS, nts_create_anon(NT_GRAN, NT_PAGE_READWRITE, NT_SEC_COMMIT,
						     &fd));
	p = nts_map(fd, NT_PAGE_READWRITE, NULL);
	ASSERT_NE(NULL, p);
	close(fd);
	/* Our own /dev/ntsection fd pins the module too: drop it. */
	close(nts_dev);
	nts_dev = -1;
	EXPECT_EQ(-1, try_unload());
	EXPECT_EQ(EWOULDBLOCK, errno);
	p[0] = 1;	/* the view still works */
	EXPECT_EQ(0, munmap(p, NT_GRAN));
}

TEST_HARNESS_MAIN
