// SPDX-License-Identifier: GPL-2.0-only
/*
 * KUnit tests of the in-kernel API (include/ntsection/ntsection.h): every
 * zw_* routine, its success and its errors, mapping into the test's mm and
 * into system space.
 */

#include <kunit/test.h>
#include <linux/mm.h>
#include <linux/shmem_fs.h>
#include <linux/uaccess.h>

#include <ntsection/ntsection.h>

#include "../internal.h"
#include "../validate.h"
#include "nts_kunit.h"

#define NTS_TEST_NAME "\\BaseNamedObjects\\kunit-zw"

static const u16 *nts_test_name(u32 *bytes)
{
	static u16 name[sizeof(NTS_TEST_NAME)];
	unsigned int i;

	for (i = 0; i < sizeof(NTS_TEST_NAME) - 1; i++)
		name[i] = NTS_TEST_NAME[i];
	*bytes = 2 * (sizeof(NTS_TEST_NAME) - 1);
	return name;
}

static void zw_create_query_close_test(struct kunit *test)
{
	struct ntsection_basic_information info;
	struct ntsection_handle h = {};
	s64 size = 5000;
	size_t len = 0;

	KUNIT_ASSERT_EQ(test, zw_create_section(&h, NT_SECTION_ALL_ACCESS, NULL, &size,
						NT_PAGE_READWRITE, NT_SEC_COMMIT, NULL),
			NT_STATUS_SUCCESS);
	KUNIT_EXPECT_NE(test, h.value, 0);
	KUNIT_EXPECT_EQ(test, zw_query_section(h, NT_SECTION_BASIC_INFORMATION, &info,
					       sizeof(info), &len), NT_STATUS_SUCCESS);
	KUNIT_EXPECT_EQ(test, info.size, 8192ULL);
	KUNIT_EXPECT_EQ(test, info.attributes, NT_SEC_COMMIT);
	KUNIT_EXPECT_EQ(test, len, sizeof(info));
	KUNIT_EXPECT_EQ(test, zw_query_section(h, NT_SECTION_BASIC_INFORMATION, &info, 23, &len),
			NT_STATUS_INFO_LENGTH_MISMATCH);
	KUNIT_EXPECT_EQ(test, zw_query_section(h, 9, &info, sizeof(info), &len),
			NT_STATUS_INVALID_INFO_CLASS);
	size = 1 << 20;
	KUNIT_EXPECT_EQ(test, zw_extend_section(h, &size), NT_STATUS_SECTION_NOT_EXTENDED);
	KUNIT_EXPECT_EQ(test, zw_close(h), NT_STATUS_SUCCESS);
	/* Twice, and stale: detected, reported, nothing dereferenced. */
	KUNIT_EXPECT_EQ(test, zw_close(h), NT_STATUS_INVALID_HANDLE);
	KUNIT_EXPECT_EQ(test, zw_query_section(h, NT_SECTION_BASIC_INFORMATION, &info,
					       sizeof(info), &len), NT_STATUS_INVALID_HANDLE);
	KUNIT_EXPECT_EQ(test, zw_extend_section(h, &size), NT_STATUS_INVALID_HANDLE);
	h.value = 0;
	KUNIT_EXPECT_EQ(test, zw_close(h), NT_STATUS_INVALID_HANDLE);
}

static void zw_create_errors_test(struct kunit *test)
{
	struct ntsection_handle h = { .value = 0x1234 };
	s64 size = 4096;

	KUNIT_EXPECT_EQ(test, zw_create_section(NULL, NT_SECTION_ALL_ACCESS, NULL, &size,
						NT_PAGE_READWRITE, NT_SEC_COMMIT, NULL),
			NT_STATUS_INVALID_PARAMETER_1);
	KUNIT_EXPECT_EQ(test, zw_create_section(&h, NT_SECTION_ALL_ACCESS, NULL, &size,
						NT_PAGE_READWRITE, 0, NULL),
			NT_STATUS_INVALID_PARAMETER_6);
	KUNIT_EXPECT_EQ(test, zw_create_section(&h, NT_SECTION_ALL_ACCESS, NULL, NULL,
						NT_PAGE_READWRITE, NT_SEC_COMMIT, NULL),
			NT_STATUS_INVALID_PARAMETER_4);
	KUNIT_EXPECT_EQ(test, zw_create_section(&h, NT_SECTION_ALL_ACCESS, NULL, &size,
						NT_PAGE_NOACCESS, NT_SEC_COMMIT, NULL),
			NT_STATUS_INVALID_PAGE_PROTECTION);
	KUNIT_EXPECT_EQ(test, zw_create_section(&h, NT_SECTION_ALL_ACCESS, NULL, &size,
						NT_PAGE_READONLY, NT_SEC_IMAGE, NULL),
			NT_STATUS_INVALID_FILE_FOR_SECTION);
	size = -1;
	KUNIT_EXPECT_EQ(test, zw_create_section(&h, NT_SECTION_ALL_ACCESS, NULL, &size,
						NT_PAGE_READWRITE, NT_SEC_RESERVE, NULL),
			NT_STATUS_SECTION_TOO_BIG);
	/* Outputs are written on success only. */
	KUNIT_EXPECT_EQ(test, h.value, 0x1234);
}

static void zw_named_test(struct kunit *test)
{
	struct ntsection_object_attributes oa = {};
	struct ntsection_handle a, b, c;
	s64 size = 4096;

	oa.name = nts_test_name(&oa.name_length);
	KUNIT_EXPECT_EQ(test, zw_open_section(&b, NT_SECTION_MAP_READ, &oa),
			NT_STATUS_OBJECT_NAME_NOT_FOUND);
	KUNIT_ASSERT_EQ(test, zw_create_section(&a, NT_SECTION_ALL_ACCESS, &oa, &size,
						NT_PAGE_READWRITE, NT_SEC_COMMIT, NULL),
			NT_STATUS_SUCCESS);
	KUNIT_EXPECT_EQ(test, zw_create_section(&c, NT_SECTION_ALL_ACCESS, &oa, &size,
						NT_PAGE_READWRITE, NT_SEC_COMMIT, NULL),
			NT_STATUS_OBJECT_NAME_COLLISION);
	oa.attributes = NT_OBJ_OPENIF;
	KUNIT_ASSERT_EQ(test, zw_create_section(&c, NT_SECTION_ALL_ACCESS, &oa, &size,
						NT_PAGE_READWRITE, NT_SEC_COMMIT, NULL),
			NT_STATUS_OBJECT_NAME_EXISTS);
	KUNIT_EXPECT_NE(test, c.value, a.value);
	oa.attributes = 0;
	KUNIT_ASSERT_EQ(test, zw_open_section(&b, NT_SECTION_MAP_READ, &oa), NT_STATUS_SUCCESS);
	KUNIT_EXPECT_EQ(test, zw_open_section(&b, NT_SECTION_MAP_READ, NULL),
			NT_STATUS_OBJECT_NAME_INVALID);
	KUNIT_EXPECT_EQ(test, zw_close(a), NT_STATUS_SUCCESS);
	KUNIT_EXPECT_EQ(test, zw_close(b), NT_STATUS_SUCCESS);
	KUNIT_EXPECT_EQ(test, zw_close(c), NT_STATUS_SUCCESS);
	/* The last handle took the name. */
	KUNIT_EXPECT_EQ(test, zw_open_section(&b, NT_SECTION_MAP_READ, &oa),
			NT_STATUS_OBJECT_NAME_NOT_FOUND);
}

static void zw_map_view_test(struct kunit *test)
{
	struct ntsection_object_attributes oa = {};
	struct ntsection_handle h, query_only;
	void __user *base = NULL;
	size_t view_size = 0;
	s64 size = 3 * PAGE_SIZE, offset = 0;
	char c = 'k', back = 0;

	nts_kunit_mm(test);
	oa.name = nts_test_name(&oa.name_length);
	KUNIT_ASSERT_EQ(test, zw_create_section(&h, NT_SECTION_ALL_ACCESS, &oa, &size,
						NT_PAGE_READWRITE, NT_SEC_COMMIT, NULL),
			NT_STATUS_SUCCESS);
	/* Kernel callers skip the access check: a QUERY-only handle maps RW. */
	KUNIT_ASSERT_EQ(test, zw_open_section(&query_only, NT_SECTION_QUERY, &oa),
			NT_STATUS_SUCCESS);
	KUNIT_ASSERT_EQ(test, zw_map_view_of_section(query_only, ZW_CURRENT_PROCESS, &base, 0, 0,
						     &offset, &view_size, NT_VIEW_SHARE, 0,
						     NT_PAGE_READWRITE), NT_STATUS_SUCCESS);
	KUNIT_EXPECT_EQ(test, view_size, (size_t)(3 * PAGE_SIZE));
	KUNIT_EXPECT_TRUE(test, IS_ALIGNED((unsigned long)base, NTS_GRANULARITY));
	/* The handles can go: the view keeps the section. */
	KUNIT_EXPECT_EQ(test, zw_close(h), NT_STATUS_SUCCESS);
	KUNIT_EXPECT_EQ(test, zw_close(query_only), NT_STATUS_SUCCESS);
	KUNIT_EXPECT_EQ(test, copy_to_user(base + PAGE_SIZE, &c, 1), 0);
	KUNIT_EXPECT_EQ(test, get_user(back, (char __user *)base + PAGE_SIZE), 0);
	KUNIT_EXPECT_EQ(test, back, 'k');
	KUNIT_EXPECT_EQ(test, zw_unmap_view_of_section(NULL, base),
			NT_STATUS_INVALID_HANDLE);
	KUNIT_EXPECT_EQ(test, zw_unmap_view_of_section(ZW_CURRENT_PROCESS, base + 5),
			NT_STATUS_SUCCESS);
	KUNIT_EXPECT_EQ(test, zw_unmap_view_of_section(ZW_CURRENT_PROCESS, base),
			NT_STATUS_NOT_MAPPED_VIEW);
}

/*
 * A minimal PE32+ DLL in a shmem file: headers, one code section (RX) at
 * RVA 0x1000 with 0x200 bytes of 0xcc at file offset 0x200.
 */
static struct file *zw_image_file(struct kunit *test)
{
	u8 *b = kunit_kzalloc(test, 0x400, GFP_KERNEL);
	u8 *opt = b + 0x98, *scn = opt + 240;
	struct file *f;
	loff_t pos = 0;

	KUNIT_ASSERT_NOT_NULL(test, b);
	put_unaligned_le16(0x5a4d, b);
	put_unaligned_le32(0x80, b + 0x3c);
	put_unaligned_le32(0x4550, b + 0x80);
	put_unaligned_le16(0x8664, b + 0x84);
	put_unaligned_le16(1, b + 0x86);
	put_unaligned_le16(240, b + 0x94);
	put_unaligned_le16(0x2022, b + 0x96);
	put_unaligned_le16(0x20b, opt);
	put_unaligned_le32(0x1000, opt + 16);
	put_unaligned_le64(0x180000000ULL, opt + 24);
	put_unaligned_le32(0x1000, opt + 32);
	put_unaligned_le32(0x200, opt + 36);
	put_unaligned_le32(0x2000, opt + 56);
	put_unaligned_le32(0x200, opt + 60);
	put_unaligned_le32(16, opt + 108);
	memcpy(scn, ".text", 5);
	put_unaligned_le32(0x200, scn + 8);
	put_unaligned_le32(0x1000, scn + 12);
	put_unaligned_le32(0x200, scn + 16);
	put_unaligned_le32(0x200, scn + 20);
	put_unaligned_le32(0x60000020, scn + 36);
	memset(b + 0x200, 0xcc, 0x200);
	f = shmem_file_setup("kunit-image", 0x400, 0);
	KUNIT_ASSERT_FALSE(test, IS_ERR(f));
	KUNIT_ASSERT_EQ(test, kernel_write(f, b, 0x400, &pos), 0x400);
	return f;
}

/* SEC_IMAGE for drivers: created, queried and mapped through zw_*. */
static void zw_image_test(struct kunit *test)
{
	struct ntsection_image_information ii;
	struct ntsection_handle h;
	void __user *base = NULL;
	size_t view_size = 0;
	struct file *f;
	u8 hdr[2], code = 0;
	u32 status;

	nts_kunit_mm(test);
	f = zw_image_file(test);
	KUNIT_ASSERT_EQ(test, zw_create_section(&h, NT_SECTION_ALL_ACCESS, NULL, NULL,
						NT_PAGE_EXECUTE_WRITECOPY, NT_SEC_IMAGE, f),
			NT_STATUS_SUCCESS);
	fput(f);
	KUNIT_ASSERT_EQ(test, zw_query_section(h, NT_SECTION_IMAGE_INFORMATION, &ii, sizeof(ii),
					       NULL), NT_STATUS_SUCCESS);
	KUNIT_EXPECT_EQ(test, ii.transfer_address, 0x180001000ULL);
	KUNIT_EXPECT_EQ(test, ii.machine, 0x8664);
	status = zw_map_view_of_section(h, ZW_CURRENT_PROCESS, &base, 0, 0, NULL, &view_size,
					NT_VIEW_SHARE, 0, NT_PAGE_EXECUTE_WRITECOPY);
	KUNIT_ASSERT_TRUE_MSG(test, status == NT_STATUS_SUCCESS ||
			      status == NT_STATUS_IMAGE_NOT_AT_BASE, "status %#x", status);
	KUNIT_EXPECT_EQ(test, view_size, (size_t)0x2000);
	KUNIT_EXPECT_EQ(test, copy_from_user(hdr, base, 2), 0);
	KUNIT_EXPECT_EQ(test, hdr[0], 'M');
	KUNIT_EXPECT_EQ(test, get_user(code, (u8 __user *)base + 0x1000), 0);
	KUNIT_EXPECT_EQ(test, code, 0xcc);
	/* Not writable: the code section is EXECUTE_READ. */
	KUNIT_EXPECT_NE(test, copy_to_user(base + 0x1000, hdr, 1), 0);
	KUNIT_EXPECT_EQ(test, zw_close(h), NT_STATUS_SUCCESS);
	KUNIT_EXPECT_EQ(test, zw_unmap_view_of_section(ZW_CURRENT_PROCESS, base + 0x1800),
			NT_STATUS_SUCCESS);
	KUNIT_EXPECT_EQ(test, zw_unmap_view_of_section(ZW_CURRENT_PROCESS, base),
			NT_STATUS_NOT_MAPPED_VIEW);
}

static void zw_map_view_errors_test(struct kunit *test)
{
	struct ntsection_handle h, stale = { .value = 0xdead };
	void __user *base = NULL;
	size_t view_size = 0;
	s64 size = PAGE_SIZE;

	nts_kunit_mm(test);
	KUNIT_ASSERT_EQ(test, zw_create_section(&h, NT_SECTION_ALL_ACCESS, NULL, &size,
						NT_PAGE_READONLY, NT_SEC_COMMIT, NULL),
			NT_STATUS_SUCCESS);
	/* The protection check stays for kernel callers (SPEC §3). */
	KUNIT_EXPECT_EQ(test, zw_map_view_of_section(h, ZW_CURRENT_PROCESS, &base, 0, 0, NULL,
						     &view_size, NT_VIEW_SHARE, 0,
						     NT_PAGE_READWRITE),
			NT_STATUS_SECTION_PROTECTION);
	KUNIT_EXPECT_EQ(test, zw_map_view_of_section(h, ZW_CURRENT_PROCESS, &base, 0, 0, NULL,
						     &view_size, 3, 0, NT_PAGE_READONLY),
			NT_STATUS_INVALID_PARAMETER_8);
	KUNIT_EXPECT_EQ(test, zw_map_view_of_section(h, NULL, &base, 0, 0, NULL, &view_size,
						     NT_VIEW_SHARE, 0, NT_PAGE_READONLY),
			NT_STATUS_INVALID_HANDLE);
	KUNIT_EXPECT_EQ(test, zw_map_view_of_section(stale, ZW_CURRENT_PROCESS, &base, 0, 0,
						     NULL, &view_size, NT_VIEW_SHARE, 0,
						     NT_PAGE_READONLY),
			NT_STATUS_INVALID_HANDLE);
	KUNIT_EXPECT_EQ(test, zw_map_view_of_section(h, ZW_CURRENT_PROCESS, NULL, 0, 0, NULL,
						     &view_size, NT_VIEW_SHARE, 0,
						     NT_PAGE_READONLY),
			NT_STATUS_INVALID_PARAMETER_3);
	KUNIT_EXPECT_TRUE(test, !base);
	KUNIT_EXPECT_EQ(test, view_size, 0);
	KUNIT_EXPECT_EQ(test, zw_close(h), NT_STATUS_SUCCESS);
}

static void zw_system_space_test(struct kunit *test)
{
	struct ntsection_handle h;
	void __user *base = NULL;
	size_t view_size = 0, sys_size = 0;
	s64 size = 2 * PAGE_SIZE;
	char *kaddr = NULL;
	char back = 0;

	nts_kunit_mm(test);
	KUNIT_ASSERT_EQ(test, zw_create_section(&h, NT_SECTION_ALL_ACCESS, NULL, &size,
						NT_PAGE_READWRITE, NT_SEC_RESERVE, NULL),
			NT_STATUS_SUCCESS);
	KUNIT_ASSERT_EQ(test, zw_map_view_of_section(h, ZW_CURRENT_PROCESS, &base, 0, 0, NULL,
						     &view_size, NT_VIEW_SHARE, 0,
						     NT_PAGE_READWRITE), NT_STATUS_SUCCESS);
	KUNIT_ASSERT_EQ(test, zw_map_view_in_system_space(h, (void **)&kaddr, &sys_size),
			NT_STATUS_SUCCESS);
	KUNIT_EXPECT_EQ(test, sys_size, (size_t)(2 * PAGE_SIZE));
	KUNIT_EXPECT_EQ(test, zw_close(h), NT_STATUS_SUCCESS);
	/* Mapping in system space committed the reserved pages. */
	kaddr[PAGE_SIZE + 3] = 's';
	KUNIT_EXPECT_EQ(test, get_user(back, (char __user *)base + PAGE_SIZE + 3), 0);
	KUNIT_EXPECT_EQ(test, back, 's');
	KUNIT_EXPECT_EQ(test, copy_to_user(base, "u", 1), 0);
	KUNIT_EXPECT_EQ(test, kaddr[0], 'u');
	KUNIT_EXPECT_EQ(test, zw_unmap_view_in_system_space(kaddr + 1),
			NT_STATUS_NOT_MAPPED_VIEW);
	KUNIT_EXPECT_EQ(test, zw_unmap_view_in_system_space(kaddr), NT_STATUS_SUCCESS);
	KUNIT_EXPECT_EQ(test, zw_unmap_view_in_system_space(kaddr), NT_STATUS_NOT_MAPPED_VIEW);
	KUNIT_EXPECT_EQ(test, zw_unmap_view_of_section(ZW_CURRENT_PROCESS, base),
			NT_STATUS_SUCCESS);
}

/* Placeholders for drivers: reserved, replaced by a view, given back, freed. */
static void zw_placeholder_test(struct kunit *test)
{
	struct ntsection_mem_address_requirements req = { .alignment = 0x100000 };
	struct ntsection_mem_extended_parameter ext = {
		.type = NT_MEM_EXT_ADDRESS_REQUIREMENTS, .value = (uintptr_t)&req,
	};
	void __user *base = NULL, *piece;
	size_t size = 4 * NTS_GRANULARITY, view_size = 0, piece_size;
	const u32 placeholder = NT_MEM_RESERVE | NT_MEM_RESERVE_PLACEHOLDER;
	s64 sec_size = 4 * NTS_GRANULARITY;
	struct ntsection_handle h;
	char c = 'p', back = 0;

	nts_kunit_mm(test);
	KUNIT_ASSERT_EQ(test, zw_create_section(&h, NT_SECTION_ALL_ACCESS, NULL, &sec_size,
						NT_PAGE_READWRITE, NT_SEC_COMMIT, NULL),
			NT_STATUS_SUCCESS);
	KUNIT_EXPECT_EQ(test, zw_allocate_virtual_memory_ex(ZW_CURRENT_PROCESS, &base, &size,
							    placeholder, NT_PAGE_READWRITE, NULL,
							    0),
			NT_STATUS_INVALID_PARAMETER);
	KUNIT_ASSERT_EQ(test, zw_allocate_virtual_memory_ex(ZW_CURRENT_PROCESS, &base, &size,
							    placeholder, NT_PAGE_NOACCESS, &ext, 1),
			NT_STATUS_SUCCESS);
	KUNIT_EXPECT_TRUE(test, IS_ALIGNED((unsigned long)base, 0x100000));
	KUNIT_EXPECT_EQ(test, size, (size_t)(4 * NTS_GRANULARITY));
	/* Private memory is userspace's. */
	piece = NULL;
	piece_size = NTS_GRANULARITY;
	KUNIT_EXPECT_EQ(test, zw_allocate_virtual_memory_ex(ZW_CURRENT_PROCESS, &piece,
							    &piece_size, NT_MEM_RESERVE,
							    NT_PAGE_READWRITE, NULL, 0),
			NT_STATUS_NOT_SUPPORTED);
	/* A view of the wrong size cannot replace it; the right one can. */
	view_size = NTS_GRANULARITY;
	KUNIT_EXPECT_EQ(test, zw_map_view_of_section_ex(h, ZW_CURRENT_PROCESS, &base, NULL,
							&view_size, NT_MEM_REPLACE_PLACEHOLDER,
							NT_PAGE_READWRITE, NULL, 0),
			NT_STATUS_CONFLICTING_ADDRESSES);
	view_size = 0;
	KUNIT_ASSERT_EQ(test, zw_map_view_of_section_ex(h, ZW_CURRENT_PROCESS, &base, NULL,
							&view_size, NT_MEM_REPLACE_PLACEHOLDER,
							NT_PAGE_READWRITE, NULL, 0),
			NT_STATUS_SUCCESS);
	KUNIT_EXPECT_EQ(test, view_size, size);
	KUNIT_EXPECT_EQ(test, copy_to_user(base + NTS_GRANULARITY, &c, 1), 0);
	KUNIT_EXPECT_EQ(test, get_user(back, (char __user *)base + NTS_GRANULARITY), 0);
	KUNIT_EXPECT_EQ(test, back, 'p');
	KUNIT_EXPECT_EQ(test, zw_free_virtual_memory(ZW_CURRENT_PROCESS, &base, &size,
						     NT_MEM_RELEASE),
			NT_STATUS_UNABLE_TO_DELETE_SECTION);
	KUNIT_EXPECT_EQ(test, zw_unmap_view_of_section_ex(ZW_CURRENT_PROCESS, base, 8),
			NT_STATUS_INVALID_PARAMETER);
	KUNIT_EXPECT_EQ(test, zw_unmap_view_of_section_ex(ZW_CURRENT_PROCESS, base,
							  NT_MEM_PRESERVE_PLACEHOLDER),
			NT_STATUS_SUCCESS);
	/* A placeholder again: no access, and split off its last 64 KiB. */
	KUNIT_EXPECT_NE(test, get_user(back, (char __user *)base + NTS_GRANULARITY), 0);
	piece = base + 3 * NTS_GRANULARITY;
	piece_size = NTS_GRANULARITY;
	KUNIT_EXPECT_EQ(test, zw_free_virtual_memory(ZW_CURRENT_PROCESS, &piece, &piece_size,
						     NT_MEM_RELEASE | NT_MEM_PRESERVE_PLACEHOLDER),
			NT_STATUS_SUCCESS);
	size = 4 * NTS_GRANULARITY;
	KUNIT_EXPECT_EQ(test, zw_free_virtual_memory(ZW_CURRENT_PROCESS, &base, &size,
						     NT_MEM_RELEASE),
			NT_STATUS_UNABLE_TO_FREE_VM);
	KUNIT_EXPECT_EQ(test, zw_free_virtual_memory(ZW_CURRENT_PROCESS, &base, &size,
						     NT_MEM_RELEASE | NT_MEM_COALESCE_PLACEHOLDERS),
			NT_STATUS_SUCCESS);
	size = 0;
	KUNIT_EXPECT_EQ(test, zw_free_virtual_memory(ZW_CURRENT_PROCESS, &base, &size,
						     NT_MEM_RELEASE),
			NT_STATUS_SUCCESS);
	KUNIT_EXPECT_EQ(test, size, (size_t)(4 * NTS_GRANULARITY));
	KUNIT_EXPECT_EQ(test, zw_free_virtual_memory(ZW_CURRENT_PROCESS, &base, &size,
						     NT_MEM_RELEASE),
			NT_STATUS_MEMORY_NOT_ALLOCATED);
	KUNIT_EXPECT_EQ(test, zw_close(h), NT_STATUS_SUCCESS);
}

static struct kunit_case zw_cases[] = {
	KUNIT_CASE(zw_create_query_close_test),
	KUNIT_CASE(zw_create_errors_test),
	KUNIT_CASE(zw_named_test),
	KUNIT_CASE(zw_map_view_test),
	KUNIT_CASE(zw_map_view_errors_test),
	KUNIT_CASE(zw_image_test),
	KUNIT_CASE(zw_system_space_test),
	KUNIT_CASE(zw_placeholder_test),
	{}
};

static struct kunit_suite zw_suite = {
	.name = "ntsection_zw",
	.test_cases = zw_cases,
};

kunit_test_suites(&zw_suite);
