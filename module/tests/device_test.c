// SPDX-License-Identifier: GPL-2.0-only
/*
 * KUnit tests of the ntsection device front door. Built into
 * ntsection_test.ko, which needs ntsection.ko loaded first.
 */

#include <kunit/test.h>
#include <linux/log2.h>
#include <linux/module.h>

#include "../internal.h"
#include "../validate.h"

static void nts_version_test(struct kunit *test)
{
	struct ntsection_version ver;

	memset(&ver, 0xa5, sizeof(ver));
	nts_fill_version(&ver);
	KUNIT_EXPECT_EQ(test, ver.major, NTSECTION_ABI_MAJOR);
	KUNIT_EXPECT_EQ(test, ver.minor, NTSECTION_ABI_MINOR);
	KUNIT_EXPECT_EQ(test, ver.status, NT_STATUS_SUCCESS);
	KUNIT_EXPECT_EQ(test, ver.large_page_shift,
			nts_large_pages_backed() ? ilog2(NTS_LARGE_PAGE_SIZE) : 0);
}

static struct kunit_case nts_device_cases[] = {
	KUNIT_CASE(nts_version_test),
	{}
};

static struct kunit_suite nts_device_suite = {
	.name = "ntsection_device",
	.test_cases = nts_device_cases,
};

kunit_test_suites(&nts_device_suite);

MODULE_DESCRIPTION("KUnit tests for ntsection");
MODULE_LICENSE("GPL");
NTS_IMPORT_KUNIT_NS();
NTSECTION_IMPORT_NS();
