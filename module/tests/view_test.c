// SPDX-License-Identifier: GPL-2.0-only
/*
 * KUnit tests of the mapping and fault path: views mapped into the test
 * kthread's own mm (kunit_vm_mmap() gives it one), touched through
 * copy_to_user()/get_user(), and inspected through their VMAs.
 */

#include <kunit/test.h>
#include <linux/file.h>
#include <linux/mm.h>
#include <linux/mman.h>
#include <linux/sched/mm.h>
#include <linux/swap.h>
#include <linux/uaccess.h>

#include "../internal.h"
#include "../validate.h"
#include "nts_kunit.h"

struct nts_kunit_view {
	struct nts_section *sec;
	struct file *file;
	struct nts_map_request req;
};

static struct nts_section *nts_kunit_section(struct kunit *test, u64 size, u32 protect,
					     u32 attrs)
{
	struct nts_create_req creq = {
		.access = NT_SECTION_ALL_ACCESS, .protect = protect, .alloc_attrs = attrs,
		.size = size, .size_given = true,
	};
	struct nts_section *sec = NULL;

	KUNIT_ASSERT_EQ(test, nts_section_create(&creq, &sec), NT_STATUS_SUCCESS);
	return sec;
}

/* Map a view of a new section; the handle stays open until nts_kunit_close(). */
static u32 nts_kunit_map(struct kunit *test, struct nts_kunit_view *v, u64 size, u32 sprot,
			 u32 attrs, u32 vprot)
{
	v->sec = nts_kunit_section(test, size, sprot, attrs);
	v->file = nts_handle_file(v->sec, NT_SECTION_ALL_ACCESS, true);
	KUNIT_ASSERT_FALSE(test, IS_ERR(v->file));
	if (!v->req.inherit)
		v->req.inherit = NT_VIEW_SHARE;
	v->req.section = v->sec;
	v->req.access = NT_SECTION_ALL_ACCESS;
	v->req.protect = vprot;
	return nts_view_map(&v->req);
}

static void nts_kunit_close(struct nts_kunit_view *v)
{
	fput(v->file);
	flush_delayed_fput();	/* a kthread's fput() is deferred */
}

/* Read one byte of user memory: 0, or -EFAULT when the access faults. */
static int nts_kunit_touch(unsigned long addr)
{
	char c;

	return copy_from_user(&c, (const void __user *)addr, 1) ? -EFAULT : 0;
}

/* The VMA containing @addr, or NULL. */
static struct vm_area_struct *nts_kunit_vma(unsigned long addr)
{
	struct vm_area_struct *vma;

	mmap_read_lock(current->mm);
	vma = find_vma(current->mm, addr);
	mmap_read_unlock(current->mm);
	return vma && vma->vm_start <= addr ? vma : NULL;
}

static void nts_map_touch_unmap_test(struct kunit *test)
{
	struct nts_kunit_view v = {};
	struct vm_area_struct *vma;
	char buf[4] = "abc", back[4] = {};
	unsigned long base;

	nts_kunit_mm(test);
	KUNIT_ASSERT_EQ(test, nts_kunit_map(test, &v, 3 * PAGE_SIZE, NT_PAGE_READWRITE,
					    NT_SEC_COMMIT, NT_PAGE_READWRITE), NT_STATUS_SUCCESS);
	base = v.req.base;
	KUNIT_EXPECT_TRUE(test, IS_ALIGNED(base, NTS_GRANULARITY));
	KUNIT_EXPECT_EQ(test, v.req.view_size, 3 * PAGE_SIZE);
	vma = nts_kunit_vma(base);
	KUNIT_ASSERT_NOT_NULL(test, vma);
	KUNIT_EXPECT_PTR_EQ(test, vma->vm_file->f_mapping, v.sec->backing->f_mapping);
	KUNIT_EXPECT_EQ(test, vma->vm_end - vma->vm_start, 3 * PAGE_SIZE);
	KUNIT_EXPECT_TRUE(test, vma->vm_flags & VM_SHARED);
	KUNIT_EXPECT_TRUE(test, vma->vm_flags & VM_DONTEXPAND);
	KUNIT_EXPECT_EQ(test, atomic_read(&v.sec->views), 1);

	/* First touch faults the page in through the wrapped shmem fault. */
	KUNIT_EXPECT_EQ(test, copy_to_user((void __user *)base + PAGE_SIZE, buf, 4), 0);
	KUNIT_EXPECT_EQ(test, copy_from_user(back, (void __user *)base + PAGE_SIZE, 4), 0);
	KUNIT_EXPECT_STREQ(test, back, "abc");

	KUNIT_EXPECT_EQ(test, nts_view_unmap(base + PAGE_SIZE + 5), NT_STATUS_SUCCESS);
	KUNIT_EXPECT_NULL(test, nts_kunit_vma(base));
	KUNIT_EXPECT_EQ(test, atomic_read(&v.sec->views), 0);
	KUNIT_EXPECT_EQ(test, nts_view_unmap(base), NT_STATUS_NOT_MAPPED_VIEW);
	nts_kunit_close(&v);
}

static void nts_readonly_view_test(struct kunit *test)
{
	struct nts_kunit_view v = {};
	struct vm_area_struct *vma;
	char c = 1;

	nts_kunit_mm(test);
	KUNIT_ASSERT_EQ(test, nts_kunit_map(test, &v, PAGE_SIZE, NT_PAGE_READWRITE,
					    NT_SEC_COMMIT, NT_PAGE_READONLY), NT_STATUS_SUCCESS);
	vma = nts_kunit_vma(v.req.base);
	KUNIT_ASSERT_NOT_NULL(test, vma);
	KUNIT_EXPECT_FALSE_MSG(test, vma->vm_flags & VM_MAYWRITE,
			       "mprotect() could make a READONLY view writable");
	KUNIT_EXPECT_FALSE(test, vma->vm_flags & VM_MAYEXEC);
	KUNIT_EXPECT_EQ(test, get_user(c, (char __user *)v.req.base), 0);
	KUNIT_EXPECT_EQ(test, c, 0);	/* fresh pages read zero */
	KUNIT_EXPECT_NE(test, copy_to_user((void __user *)v.req.base, &c, 1), 0);
	nts_kunit_close(&v);
}

static void nts_noaccess_view_test(struct kunit *test)
{
	struct nts_kunit_view v = {};
	struct vm_area_struct *vma;

	nts_kunit_mm(test);
	KUNIT_ASSERT_EQ(test, nts_kunit_map(test, &v, PAGE_SIZE, NT_PAGE_READWRITE,
					    NT_SEC_COMMIT, NT_PAGE_NOACCESS), NT_STATUS_SUCCESS);
	vma = nts_kunit_vma(v.req.base);
	KUNIT_ASSERT_NOT_NULL(test, vma);
	KUNIT_EXPECT_FALSE(test, vma->vm_flags & (VM_MAYREAD | VM_MAYWRITE | VM_MAYEXEC));
	KUNIT_EXPECT_NE(test, nts_kunit_touch(v.req.base), 0);
	nts_kunit_close(&v);
}

static void nts_reserve_commit_test(struct kunit *test)
{
	struct nts_kunit_view v = {};
	u64 base, size;

	nts_kunit_mm(test);
	KUNIT_ASSERT_EQ(test, nts_kunit_map(test, &v, 4 * PAGE_SIZE, NT_PAGE_READWRITE,
					    NT_SEC_RESERVE, NT_PAGE_READWRITE), NT_STATUS_SUCCESS);
	KUNIT_EXPECT_FALSE(test, nts_section_committed(v.sec, 1));
	KUNIT_EXPECT_NE_MSG(test, nts_kunit_touch(v.req.base + PAGE_SIZE), 0,
			    "an uncommitted SEC_RESERVE page must fault");
	base = v.req.base + PAGE_SIZE + 10;
	size = 1;
	KUNIT_EXPECT_EQ(test, nts_view_commit(&base, &size, NT_PAGE_READWRITE, 0),
			NT_STATUS_SUCCESS);
	KUNIT_EXPECT_EQ(test, base, v.req.base + PAGE_SIZE);
	KUNIT_EXPECT_EQ(test, size, (u64)PAGE_SIZE);
	KUNIT_EXPECT_TRUE(test, nts_section_committed(v.sec, 1));
	KUNIT_EXPECT_FALSE(test, nts_section_committed(v.sec, 2));
	KUNIT_EXPECT_EQ(test, nts_kunit_touch(v.req.base + PAGE_SIZE), 0);
	KUNIT_EXPECT_NE(test, nts_kunit_touch(v.req.base + 2 * PAGE_SIZE), 0);
	/* Past the end of the view. */
	base = v.req.base + 3 * PAGE_SIZE;
	size = 2 * PAGE_SIZE;
	KUNIT_EXPECT_EQ(test, nts_view_commit(&base, &size, NT_PAGE_READWRITE, 0),
			NT_STATUS_CONFLICTING_ADDRESSES);
	nts_kunit_close(&v);
}

/* The commit state's chunked bitmap, across chunk boundaries. */
static void nts_commit_chunks_test(struct kunit *test)
{
	struct nts_section *sec;
	pgoff_t i;

	sec = nts_kunit_section(test, 256 * PAGE_SIZE, NT_PAGE_READWRITE, NT_SEC_RESERVE);
	KUNIT_ASSERT_EQ(test, nts_section_commit(sec, 30, 40), NT_STATUS_SUCCESS);
	for (i = 0; i < 256; i++)
		KUNIT_EXPECT_EQ_MSG(test, nts_section_committed(sec, i), i >= 30 && i < 70,
				    "page %lu", i);
	KUNIT_ASSERT_EQ(test, nts_section_commit(sec, 0, 256), NT_STATUS_SUCCESS);
	for (i = 0; i < 256; i++)
		KUNIT_EXPECT_TRUE(test, nts_section_committed(sec, i));
	nts_section_handle_closed(sec);
}

/* Runs of like pages are found a chunk at a time, across gaps. */
static void nts_commit_run_end_test(struct kunit *test)
{
	const pgoff_t end = 1UL << 30;
	struct nts_section *sec;

	sec = nts_kunit_section(test, (u64)end << PAGE_SHIFT, NT_PAGE_READWRITE, NT_SEC_RESERVE);
	KUNIT_ASSERT_EQ(test, nts_section_commit(sec, 100, 1), NT_STATUS_SUCCESS);
	KUNIT_ASSERT_EQ(test, nts_section_commit(sec, 40000, 64), NT_STATUS_SUCCESS);
	KUNIT_EXPECT_EQ(test, nts_section_commit_run_end(sec, 0, end), 100);
	KUNIT_EXPECT_EQ(test, nts_section_commit_run_end(sec, 100, end), 101);
	KUNIT_EXPECT_EQ(test, nts_section_commit_run_end(sec, 101, end), 40000);
	KUNIT_EXPECT_EQ(test, nts_section_commit_run_end(sec, 40010, end), 40064);
	KUNIT_EXPECT_EQ(test, nts_section_commit_run_end(sec, 40064, end), end);
	KUNIT_EXPECT_EQ(test, nts_section_commit_run_end(sec, 101, 5000), 5000);
	KUNIT_EXPECT_EQ(test, sec->committed_pages, 65);
	nts_section_handle_closed(sec);
}

/* No section holds more committed pages than RAM and swap; all or nothing. */
static void nts_commit_limit_test(struct kunit *test)
{
	unsigned long limit = totalram_pages() + get_nr_swap_pages();
	struct nts_section *sec;

	sec = nts_kunit_section(test, 1ULL << 46, NT_PAGE_READWRITE, NT_SEC_RESERVE);
	KUNIT_EXPECT_EQ(test, nts_section_commit(sec, 0, limit + 1),
			NT_STATUS_COMMITMENT_LIMIT);
	KUNIT_EXPECT_EQ(test, sec->committed_pages, 0);
	KUNIT_EXPECT_FALSE(test, nts_section_committed(sec, 0));
	KUNIT_ASSERT_EQ(test, nts_section_commit(sec, 0, 1000), NT_STATUS_SUCCESS);
	KUNIT_EXPECT_EQ(test, nts_section_commit(sec, 1UL << 33, limit - 999),
			NT_STATUS_COMMITMENT_LIMIT);
	KUNIT_EXPECT_EQ(test, sec->committed_pages, 1000);
	KUNIT_EXPECT_FALSE(test, nts_section_committed(sec, 1UL << 33));
	nts_section_handle_closed(sec);
}

/*
 * A view maps a file of the module's own that shares the backing file's
 * page cache: core code that maps vm_file again reaches the module.
 */
static void nts_view_file_test(struct kunit *test)
{
	struct nts_kunit_view v = {};
	struct vm_area_struct *vma;

	nts_kunit_mm(test);
	KUNIT_ASSERT_EQ(test, nts_kunit_map(test, &v, PAGE_SIZE, NT_PAGE_READWRITE,
					    NT_SEC_COMMIT, NT_PAGE_READONLY), NT_STATUS_SUCCESS);
	vma = nts_kunit_vma(v.req.base);
	KUNIT_ASSERT_NOT_NULL(test, vma);
	KUNIT_EXPECT_PTR_NE(test, vma->vm_file, v.sec->backing);
	KUNIT_EXPECT_PTR_EQ(test, vma->vm_file->f_mapping, v.sec->backing->f_mapping);
	KUNIT_EXPECT_PTR_EQ(test, vma->vm_file->f_op->owner, v.file->f_op->owner);
	KUNIT_EXPECT_FALSE(test, vma->vm_file->f_mode & FMODE_WRITE);
	KUNIT_EXPECT_FALSE(test, vma->vm_flags & (VM_MAYWRITE | VM_MAYEXEC));
	nts_kunit_close(&v);
}

static void nts_guard_view_test(struct kunit *test)
{
	struct nts_kunit_view v = {};

	nts_kunit_mm(test);
	KUNIT_ASSERT_EQ(test, nts_kunit_map(test, &v, 2 * PAGE_SIZE, NT_PAGE_READWRITE,
					    NT_SEC_COMMIT, NT_PAGE_READWRITE | NT_PAGE_GUARD),
			NT_STATUS_SUCCESS);
	KUNIT_EXPECT_NE_MSG(test, nts_kunit_touch(v.req.base), 0,
			    "the first touch of a guard page must fault");
	KUNIT_EXPECT_EQ(test, nts_kunit_touch(v.req.base), 0);
	KUNIT_EXPECT_NE(test, nts_kunit_touch(v.req.base + PAGE_SIZE), 0);
	KUNIT_EXPECT_EQ(test, nts_kunit_touch(v.req.base + PAGE_SIZE), 0);
	nts_kunit_close(&v);
}

static void nts_nocache_view_test(struct kunit *test)
{
	struct nts_kunit_view v = {};
	struct vm_area_struct *vma;
	pgprot_t want;

	nts_kunit_mm(test);
	KUNIT_ASSERT_EQ(test, nts_kunit_map(test, &v, PAGE_SIZE, NT_PAGE_READWRITE,
					    NT_SEC_COMMIT | NT_SEC_NOCACHE, NT_PAGE_READWRITE),
			NT_STATUS_SUCCESS);
	vma = nts_kunit_vma(v.req.base);
	KUNIT_ASSERT_NOT_NULL(test, vma);
	/*
	 * Recorded, not applied: an uncached alias of page-cache RAM that the
	 * kernel maps write-back is undefined on x86 and arm64.
	 */
	want = vm_get_page_prot(vma->vm_flags);
	KUNIT_EXPECT_EQ(test, pgprot_val(vma->vm_page_prot), pgprot_val(want));
	nts_kunit_close(&v);
}

static void nts_view_unmap_inherit_test(struct kunit *test)
{
	struct nts_kunit_view v = { .req.inherit = NT_VIEW_UNMAP };
	struct vm_area_struct *vma;

	nts_kunit_mm(test);
	KUNIT_ASSERT_EQ(test, nts_kunit_map(test, &v, PAGE_SIZE, NT_PAGE_READWRITE,
					    NT_SEC_COMMIT, NT_PAGE_READWRITE), NT_STATUS_SUCCESS);
	vma = nts_kunit_vma(v.req.base);
	KUNIT_ASSERT_NOT_NULL(test, vma);
	KUNIT_EXPECT_TRUE(test, vma->vm_flags & VM_DONTCOPY);
	nts_kunit_close(&v);
}

static void nts_writecopy_view_test(struct kunit *test)
{
	struct nts_kunit_view v = {};
	struct vm_area_struct *vma;
	struct nts_map_request shared;
	char c = 'w', s = 0;

	nts_kunit_mm(test);
	KUNIT_ASSERT_EQ(test, nts_kunit_map(test, &v, PAGE_SIZE, NT_PAGE_READWRITE,
					    NT_SEC_COMMIT, NT_PAGE_WRITECOPY), NT_STATUS_SUCCESS);
	vma = nts_kunit_vma(v.req.base);
	KUNIT_ASSERT_NOT_NULL(test, vma);
	KUNIT_EXPECT_FALSE(test, vma->vm_flags & VM_SHARED);
	shared = v.req;
	shared.base = 0;
	shared.view_size = 0;
	shared.protect = NT_PAGE_READWRITE;
	KUNIT_ASSERT_EQ(test, nts_view_map(&shared), NT_STATUS_SUCCESS);
	KUNIT_EXPECT_EQ(test, copy_to_user((void __user *)v.req.base, &c, 1), 0);
	KUNIT_EXPECT_EQ(test, get_user(s, (char __user *)shared.base), 0);
	KUNIT_EXPECT_EQ_MSG(test, s, 0, "a WRITECOPY write reached the section");
	nts_kunit_close(&v);
}

/* ZeroBits: the view lies below 2^(32 - ZeroBits); MEM_TOP_DOWN is highest. */
static void nts_zero_bits_test(struct kunit *test)
{
	struct nts_kunit_view v = { .req.zero_bits = 12 };
	struct nts_map_request top;

	nts_kunit_mm(test);
	KUNIT_ASSERT_EQ(test, nts_kunit_map(test, &v, NTS_GRANULARITY, NT_PAGE_READWRITE,
					    NT_SEC_COMMIT, NT_PAGE_READWRITE), NT_STATUS_SUCCESS);
	KUNIT_EXPECT_LE(test, v.req.base + v.req.view_size, 1ULL << 20);
	KUNIT_EXPECT_TRUE(test, IS_ALIGNED(v.req.base, NTS_GRANULARITY));
	top = v.req;
	top.base = 0;
	top.view_size = 0;
	top.alloc_type = NT_MEM_TOP_DOWN;
	KUNIT_ASSERT_EQ(test, nts_view_map(&top), NT_STATUS_SUCCESS);
	KUNIT_EXPECT_LE(test, top.base + top.view_size, 1ULL << 20);
	KUNIT_EXPECT_GT(test, top.base, v.req.base);
	nts_kunit_close(&v);
}

/* A view keeps its section alive after the last handle is gone. */
static void nts_view_outlives_handle_test(struct kunit *test)
{
	struct nts_kunit_view v = {};
	char c = 'x', back = 0;

	nts_kunit_mm(test);
	KUNIT_ASSERT_EQ(test, nts_kunit_map(test, &v, PAGE_SIZE, NT_PAGE_READWRITE,
					    NT_SEC_COMMIT, NT_PAGE_READWRITE), NT_STATUS_SUCCESS);
	nts_kunit_close(&v);
	KUNIT_EXPECT_EQ(test, kref_read(&v.sec->ref), 1);
	KUNIT_EXPECT_EQ(test, copy_to_user((void __user *)v.req.base, &c, 1), 0);
	KUNIT_EXPECT_EQ(test, get_user(back, (char __user *)v.req.base), 0);
	KUNIT_EXPECT_EQ(test, back, 'x');
}

static struct kunit_case nts_view_cases[] = {
	KUNIT_CASE(nts_map_touch_unmap_test),
	KUNIT_CASE(nts_readonly_view_test),
	KUNIT_CASE(nts_noaccess_view_test),
	KUNIT_CASE(nts_reserve_commit_test),
	KUNIT_CASE(nts_commit_chunks_test),
	KUNIT_CASE(nts_commit_run_end_test),
	KUNIT_CASE(nts_commit_limit_test),
	KUNIT_CASE(nts_view_file_test),
	KUNIT_CASE(nts_guard_view_test),
	KUNIT_CASE(nts_nocache_view_test),
	KUNIT_CASE(nts_view_unmap_inherit_test),
	KUNIT_CASE(nts_writecopy_view_test),
	KUNIT_CASE(nts_zero_bits_test),
	KUNIT_CASE(nts_view_outlives_handle_test),
	{}
};

static struct kunit_suite nts_view_suite = {
	.name = "ntsection_view",
	.test_cases = nts_view_cases,
};

kunit_test_suites(&nts_view_suite);
