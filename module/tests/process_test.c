// SPDX-License-Identifier: GPL-2.0-only
/*
 * KUnit tests of process objects (process.c): the access a process handle
 * is granted, and who gets one.
 */

#include <kunit/test.h>
#include <linux/pid.h>
#include <linux/sched.h>

#include "../internal.h"

/* The process generic mapping, as Windows has it (Wine's om.c checks it). */
static void nts_process_access_test(struct kunit *test)
{
	KUNIT_EXPECT_EQ(test, nts_process_access(NT_GENERIC_READ), 0x00021410u);
	KUNIT_EXPECT_EQ(test, nts_process_access(NT_GENERIC_WRITE), 0x00022beau);
	KUNIT_EXPECT_EQ(test, nts_process_access(NT_GENERIC_EXECUTE), 0x00121001u);
	KUNIT_EXPECT_EQ(test, nts_process_access(NT_GENERIC_ALL), NT_PROCESS_ALL_ACCESS);
	KUNIT_EXPECT_EQ(test, nts_process_access(NT_MAXIMUM_ALLOWED), NT_PROCESS_ALL_ACCESS);
	/* QUERY_INFORMATION includes QUERY_LIMITED_INFORMATION, not the reverse. */
	KUNIT_EXPECT_EQ(test, nts_process_access(NT_PROCESS_QUERY_INFORMATION),
			NT_PROCESS_QUERY_INFORMATION | NT_PROCESS_QUERY_LIMITED_INFORMATION);
	KUNIT_EXPECT_EQ(test, nts_process_access(NT_PROCESS_QUERY_LIMITED_INFORMATION),
			NT_PROCESS_QUERY_LIMITED_INFORMATION);
	KUNIT_EXPECT_EQ(test, nts_process_access(NT_PROCESS_VM_READ), NT_PROCESS_VM_READ);
	/* Bits that are no process right are dropped. */
	KUNIT_EXPECT_EQ(test, nts_process_access(0x00200000u | NT_PROCESS_VM_WRITE),
			NT_PROCESS_VM_WRITE);
	KUNIT_EXPECT_EQ(test, nts_process_access(0), 0u);
}

/* A kernel thread (this test's own) has no address space to give. */
static void nts_process_open_kthread_test(struct kunit *test)
{
	struct file *file = NULL;
	struct pid *pid = get_task_pid(current, PIDTYPE_TGID);

	KUNIT_ASSERT_NOT_NULL(test, pid);
	KUNIT_EXPECT_EQ(test, nts_process_open(pid, NT_PROCESS_ALL_ACCESS, &file),
			NT_STATUS_ACCESS_DENIED);
	KUNIT_EXPECT_NULL(test, file);
	put_pid(pid);
}

static struct kunit_case nts_process_cases[] = {
	KUNIT_CASE(nts_process_access_test),
	KUNIT_CASE(nts_process_open_kthread_test),
	{}
};

static struct kunit_suite nts_process_suite = {
	.name = "ntsection_process",
	.test_cases = nts_process_cases,
};

kunit_test_suites(&nts_process_suite);
