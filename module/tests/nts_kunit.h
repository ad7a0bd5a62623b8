/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Helpers shared by the KUnit suites that map views into the test's mm.
 */
#ifndef _NTSECTION_NTS_KUNIT_H
#define _NTSECTION_NTS_KUNIT_H

#include <kunit/test.h>
#include <linux/mman.h>
#include <linux/sched.h>

/* Give the test kthread an mm (kunit_vm_mmap() attaches one), once per test. */
static inline void nts_kunit_mm(struct kunit *test)
{
	unsigned long addr;

	addr = kunit_vm_mmap(test, NULL, 0, PAGE_SIZE, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, 0);
	KUNIT_ASSERT_TRUE_MSG(test, addr && addr < TASK_SIZE, "kunit_vm_mmap: %lx", addr);
	KUNIT_ASSERT_NOT_NULL(test, current->mm);
}

#endif /* _NTSECTION_NTS_KUNIT_H */
