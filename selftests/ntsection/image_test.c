// SPDX-License-Identifier: GPL-2.0-only
/*
 * ntsection selftests: image sections, creation and queries (SPEC §10.1,
 * §10.2). The images are built byte by byte here: a PE32+ (AMD64) and a
 * PE32 (i386) image with one code section, and one variant per row of the
 * §10.1 check order, and a first view of one.
 */
#include "kselftest_harness.h"
#include "ntsection_test.h"
#include "pe_image.h"

/* NtCreateSection(SEC_IMAGE) of @m; *@sec is the handle on success. */
static __u32 img_create(const struct img *m, __u32 attrs, int size_given, __u64 size, int *sec)
{
	struct nts_create c = {
		.access = NT_SECTION_ALL_ACCESS, .protect = NT_PAGE_EXECUTE_WRITECOPY,
		.attrs = attrs, .size = size, .size_given = size_given,
	};
	__u32 status;

	c.file_fd = img_file(m);
	if (c.file_fd < 0)
		return 0xffffffff;
	status = nts_create_ex(&c, sec);
	close(c.file_fd);
	return status;
}

/* A status the creation checks of SPEC §10.1 can give, or success. */
static int img_status_known(__u32 status)
{
	switch (status) {
	case NT_STATUS_SUCCESS:
	case NT_STATUS_INVALID_FILE_FOR_SECTION:
	case NT_STATUS_INVALID_IMAGE_NOT_MZ:
	case NT_STATUS_INVALID_IMAGE_PROTECT:
	case NT_STATUS_INVALID_IMAGE_WIN_16:
	case NT_STATUS_INVALID_IMAGE_NE_FORMAT:
	case NT_STATUS_INVALID_IMAGE_FORMAT:
		return 1;
	default:
		return 0;
	}
}

FIXTURE(image) {
	struct img m;
	int sec;
};

FIXTURE_SETUP(image)
{
	if (nts_device() < 0)
		SKIP(return, "/dev/ntsection is not there (module not loaded?)");
	self->sec = -1;
	img_init(&self->m, 0);
}

FIXTURE_TEARDOWN(image)
{
	if (self->sec >= 0)
		close(self->sec);
	EXPECT_EQ(0, nts_errno_mismatch);
}

/* §10.2: SectionBasicInformation and SectionImageInformation of a PE32+ DLL. */
TEST_F(image, create_and_query)
{
	struct ntsection_basic_information basic;
	struct ntsection_image_information ii;
	size_t len;

	ASSERT_EQ(NT_STATUS_SUCCESS, img_create(&self->m, NT_SEC_IMAGE, 0, 0, &self->sec));
	ASSERT_EQ(NT_STATUS_SUCCESS, nts_query(self->sec, &basic));
	EXPECT_EQ(0, basic.base_address);
	EXPECT_EQ(NT_SEC_FILE | NT_SEC_IMAGE, basic.attributes);
	EXPECT_EQ(0x2000, basic.size);
	memset(&ii, 0xa5, sizeof(ii));
	ASSERT_EQ(NT_STATUS_SUCCESS, nts_query_ex(self->sec, NT_SECTION_IMAGE_INFORMATION, &ii,
						  sizeof(ii), &len));
	EXPECT_EQ(64, len);
	EXPECT_EQ(0x180001000ULL, ii.transfer_address);
	EXPECT_EQ(0, ii.zero_bits);
	EXPECT_EQ(0, ii.pad);
	EXPECT_EQ(0x40000, ii.maximum_stack_size);
	EXPECT_EQ(0x1000, ii.committed_stack_size);
	EXPECT_EQ(2, ii.subsystem_type);
	EXPECT_EQ(6, ii.subsystem_major_version);
	EXPECT_EQ(2, ii.subsystem_minor_version);
	EXPECT_EQ(10, ii.major_os_version);
	EXPECT_EQ(0, ii.minor_os_version);
	EXPECT_EQ(0x2022, ii.image_characteristics);
	EXPECT_EQ(0x0140, ii.dll_characteristics);
	EXPECT_EQ(0x8664, ii.machine);
	EXPECT_EQ(1, ii.image_contains_code);
	EXPECT_EQ(0x04, ii.image_flags);		/* ImageDynamicallyRelocated */
	EXPECT_EQ(0, ii.loader_flags);
	EXPECT_EQ(IMG_SIZE, ii.image_file_size);
	EXPECT_EQ(0x1234, ii.checksum);
	/* A short buffer, and the class on a data section. */
	EXPECT_EQ(NT_STATUS_INFO_LENGTH_MISMATCH,
		  nts_query_ex(self->sec, NT_SECTION_IMAGE_INFORMATION, &ii, 63, NULL));
}

TEST_F(image, pe32)
{
	struct ntsection_image_information ii;

	img_init(&self->m, 1);
	ASSERT_EQ(NT_STATUS_SUCCESS, img_create(&self->m, NT_SEC_IMAGE, 0, 0, &self->sec));
	ASSERT_EQ(NT_STATUS_SUCCESS, nts_query_ex(self->sec, NT_SECTION_IMAGE_INFORMATION, &ii,
						  sizeof(ii), NULL));
	EXPECT_EQ(0x10001000ULL, ii.transfer_address);
	EXPECT_EQ(0x14c, ii.machine);
}

TEST_F(image, data_section_is_no_image)
{
	struct ntsection_image_information ii;

	ASSERT_EQ(NT_STATUS_SUCCESS, nts_create_anon(NT_GRAN, NT_PAGE_READWRITE, NT_SEC_COMMIT,
						     &self->sec));
	EXPECT_EQ(NT_STATUS_SECTION_NOT_IMAGE,
		  nts_query_ex(self->sec, NT_SECTION_IMAGE_INFORMATION, &ii, sizeof(ii), NULL));
}

/* §10.1 row 8: a MaximumSize above the image is too big, a smaller one is taken. */
TEST_F(image, maximum_size)
{
	struct ntsection_basic_information basic;
	int sec;

	EXPECT_EQ(NT_STATUS_SECTION_TOO_BIG, img_create(&self->m, NT_SEC_IMAGE, 1, 0x2001, &sec));
	ASSERT_EQ(NT_STATUS_SUCCESS, img_create(&self->m, NT_SEC_IMAGE, 1, 1, &self->sec));
	ASSERT_EQ(NT_STATUS_SUCCESS, nts_query(self->sec, &basic));
	EXPECT_EQ(1, basic.size);
}

/* §10.1, one row at a time, in the kernel's order. */
TEST_F(image, header_rows)
{
	struct img *m = &self->m;
	int sec;

	m->size = 0;
	EXPECT_EQ(NT_STATUS_INVALID_FILE_FOR_SECTION, img_create(m, NT_SEC_IMAGE, 0, 0, &sec));
	img_init(m, 0);
	m->b[0] = 'Z';
	EXPECT_EQ(NT_STATUS_INVALID_IMAGE_NOT_MZ, img_create(m, NT_SEC_IMAGE, 0, 0, &sec));
	img_init(m, 0);
	put32(m->b + 0x3c, 0x3f8);
	EXPECT_EQ(NT_STATUS_INVALID_IMAGE_PROTECT, img_create(m, NT_SEC_IMAGE, 0, 0, &sec));
	img_init(m, 0);
	put32(m->b + IMG_LFANEW, 0x454e);
	m->b[IMG_LFANEW + 0x36] = 2;
	EXPECT_EQ(NT_STATUS_INVALID_IMAGE_WIN_16, img_create(m, NT_SEC_IMAGE, 0, 0, &sec));
	m->b[IMG_LFANEW + 0x36] = 1;
	EXPECT_EQ(NT_STATUS_INVALID_IMAGE_NE_FORMAT, img_create(m, NT_SEC_IMAGE, 0, 0, &sec));
	img_init(m, 0);
	put16(m->b + IMG_OPT, 0x10b);
	EXPECT_EQ(NT_STATUS_INVALID_IMAGE_FORMAT, img_create(m, NT_SEC_IMAGE, 0, 0, &sec));
	img_init(m, 0);
	put32(img_section(m) + 8, 0x1001);
	EXPECT_EQ(NT_STATUS_INVALID_IMAGE_FORMAT, img_create(m, NT_SEC_IMAGE, 0, 0, &sec));
	/* The section's own checks come before the file's. */
	EXPECT_EQ(NT_STATUS_INVALID_PARAMETER_6,
		  img_create(m, NT_SEC_IMAGE | NT_SEC_COMMIT, 0, 0, &sec));
}

/*
 * §10.3, §10.4: a view of the whole image at the image object's base
 * (TransferAddress - AddressOfEntryPoint), the header READONLY with its
 * tail zero and its ImageBase the object's base, the code section
 * EXECUTE_READ with its data, one MEM_IMAGE allocation of
 * EXECUTE_WRITECOPY; unmapping by an address in the code section removes
 * the whole view. A plain mmap() of an image section is refused.
 */
TEST_F(image, map_layout)
{
	struct ntsection_image_information ii;
	struct nts_map m = { .protect = NT_PAGE_EXECUTE_WRITECOPY };
	struct ntsection_vm_info vi;
	unsigned char *v;
	__u64 base;
	__u32 st;

	ASSERT_EQ(NT_STATUS_SUCCESS, img_create(&self->m, NT_SEC_IMAGE, 0, 0, &self->sec));
	ASSERT_EQ(NT_STATUS_SUCCESS, nts_query_ex(self->sec, NT_SECTION_IMAGE_INFORMATION,
						  &ii, sizeof(ii), NULL));
	base = ii.transfer_address - 0x1000;
	EXPECT_EQ(0, base & 0xffff);
	st = nts_map_ex(self->sec, &m);
	ASSERT_TRUE(st == NT_STATUS_SUCCESS || st == NT_STATUS_IMAGE_NOT_AT_BASE)
		TH_LOG("status %#x", st);
	EXPECT_EQ(st == NT_STATUS_SUCCESS, m.base == base);
	EXPECT_EQ(0x2000, m.size);
	v = (unsigned char *)(uintptr_t)m.base;
	/* The header but its ImageBase, which says where the image is. */
	EXPECT_EQ(0, memcmp(v, self->m.b, IMG_OPT + 24));
	EXPECT_EQ(0, memcmp(v + IMG_OPT + 32, self->m.b + IMG_OPT + 32, 0x200 - IMG_OPT - 32));
	EXPECT_EQ(base & 0xffffffff, v[IMG_OPT + 24] | v[IMG_OPT + 25] << 8 |
		  v[IMG_OPT + 26] << 16 | (__u32)v[IMG_OPT + 27] << 24);
	EXPECT_EQ(0, v[0x200]);
	EXPECT_EQ(0, v[0xfff]);
	EXPECT_EQ(0xcc, v[0x1000]);
	EXPECT_EQ(0xcc, v[0x11ff]);
	ASSERT_EQ(NT_STATUS_SUCCESS, nts_query_vm(v, &vi));
	EXPECT_EQ(NT_MEM_IMAGE, vi.type);
	EXPECT_EQ(m.base, vi.allocation_base);
	EXPECT_EQ(NT_PAGE_EXECUTE_WRITECOPY, vi.allocation_protect);
	EXPECT_EQ(NT_PAGE_READONLY, vi.protect);
	EXPECT_EQ(0x1000, vi.region_size);
	ASSERT_EQ(NT_STATUS_SUCCESS, nts_query_vm(v + 0x1800, &vi));
	EXPECT_EQ(NT_PAGE_EXECUTE_READ, vi.protect);
	EXPECT_EQ(m.base, vi.allocation_base);
	EXPECT_EQ(0x1000, vi.region_size);
	EXPECT_EQ(NT_STATUS_SUCCESS, nts_unmap(v + 0x1800));
	EXPECT_EQ(NT_STATUS_NOT_MAPPED_VIEW, nts_unmap(v));
	EXPECT_EQ(MAP_FAILED, mmap(NULL, 0x2000, PROT_READ, MAP_SHARED, self->sec, 0));
}

/* An image view of @sec anywhere: its base, or NULL. */
static unsigned char *img_map(int sec, __u64 size, __u32 *status)
{
	struct nts_map m = { .protect = NT_PAGE_EXECUTE_WRITECOPY, .size = size };

	*status = nts_map_ex(sec, &m);
	return (__s32)*status >= 0 ? (unsigned char *)(uintptr_t)m.base : NULL;
}

/*
 * §10.3: a writable section copies on write: the written page reports
 * READWRITE, the other view of the image and the file keep their bytes; a
 * shared writable section is one copy for every view.
 */
TEST_F(image, writecopy_and_shared)
{
	struct ntsection_vm_info vi;
	unsigned char *a, *b;
	__u32 st;

	img_add(&self->m, 1, 0x2000, 0x100, 0x100, 0x200, 0xc0000040);	/* RW */
	img_add(&self->m, 2, 0x3000, 0x100, 0x80, 0x200, 0xd0000040);	/* RW shared */
	memset(self->m.b + 0x200, 0x5a, 0x100);
	ASSERT_EQ(NT_STATUS_SUCCESS, img_create(&self->m, NT_SEC_IMAGE, 0, 0, &self->sec));
	a = img_map(self->sec, 0, &st);
	ASSERT_NE(NULL, a);
	b = img_map(self->sec, 0, &st);
	ASSERT_NE(NULL, b);
	EXPECT_EQ(NT_STATUS_IMAGE_NOT_AT_BASE, st);
	ASSERT_EQ(NT_STATUS_SUCCESS, nts_query_vm(a + 0x2000, &vi));
	EXPECT_EQ(NT_PAGE_WRITECOPY, vi.protect);
	ASSERT_EQ(NT_STATUS_SUCCESS, nts_query_vm(a + 0x3000, &vi));
	EXPECT_EQ(NT_PAGE_READWRITE, vi.protect);
	/* Whole 512-byte sectors: the file's bytes run on to 0x200. */
	EXPECT_EQ(0x5a, a[0x2000]);
	EXPECT_EQ(0x5a, a[0x3000]);
	EXPECT_EQ(0x5a, a[0x30ff]);
	EXPECT_EQ(0xcc, a[0x3100]);
	EXPECT_EQ(0, a[0x3200]);
	EXPECT_EQ(0, a[0x2200]);
	a[0x2000] = 1;
	a[0x3000] = 2;
	EXPECT_EQ(0x5a, b[0x2000]);
	EXPECT_EQ(2, b[0x3000]);
	ASSERT_EQ(NT_STATUS_SUCCESS, nts_query_vm(a + 0x2000, &vi));
	EXPECT_EQ(NT_PAGE_READWRITE, vi.protect);
	/* One region with the shared section after it: both READWRITE now. */
	EXPECT_EQ(0x2000, vi.region_size);
	ASSERT_EQ(NT_STATUS_SUCCESS, nts_query_vm(b + 0x2000, &vi));
	EXPECT_EQ(NT_PAGE_WRITECOPY, vi.protect);
	EXPECT_EQ(NT_STATUS_SUCCESS, nts_unmap(a + 0x3000));
	EXPECT_EQ(NT_STATUS_SUCCESS, nts_unmap(b));
}

/*
 * §10.4: every SEC_IMAGE section of one file shares its image object: the
 * same base, and the first view of it there; SEC_IMAGE_NO_EXECUTE views
 * have nothing executable. A view past the section is INVALID_VIEW_SIZE, a
 * smaller one maps the image's first pages.
 */
TEST_F(image, one_object_per_file)
{
	struct ntsection_memory_image_information mi;
	struct ntsection_image_information i1, i2;
	struct nts_map m = {};
	struct ntsection_vm_info vi;
	struct nts_create c = {
		.access = NT_SECTION_ALL_ACCESS, .protect = NT_PAGE_EXECUTE_WRITECOPY,
		.attrs = NT_SEC_IMAGE,
	};
	int s2 = -1, s3 = -1;
	unsigned char *a, *b;
	__u32 st;

	c.file_fd = img_file(&self->m);
	ASSERT_LE(0, c.file_fd);
	ASSERT_EQ(NT_STATUS_SUCCESS, nts_create_ex(&c, &self->sec));
	ASSERT_EQ(NT_STATUS_SUCCESS, nts_create_ex(&c, &s2));
	c.attrs = NT_SEC_IMAGE_NO_EXECUTE;
	c.protect = NT_PAGE_READONLY;
	ASSERT_EQ(NT_STATUS_SUCCESS, nts_create_ex(&c, &s3));
	close(c.file_fd);
	ASSERT_EQ(NT_STATUS_SUCCESS, nts_query_ex(self->sec, NT_SECTION_IMAGE_INFORMATION,
						  &i1, sizeof(i1), NULL));
	ASSERT_EQ(NT_STATUS_SUCCESS, nts_query_ex(s2, NT_SECTION_IMAGE_INFORMATION,
						  &i2, sizeof(i2), NULL));
	EXPECT_EQ(i1.transfer_address, i2.transfer_address);
	a = img_map(s2, 0, &st);
	ASSERT_NE(NULL, a);
	b = img_map(self->sec, 0, &st);
	ASSERT_NE(NULL, b);
	EXPECT_EQ(NT_STATUS_IMAGE_NOT_AT_BASE, st);
	EXPECT_EQ(0, memcmp(a, b, 0x2000));
	EXPECT_EQ(NT_STATUS_SUCCESS, nts_unmap(b));
	EXPECT_EQ(NT_STATUS_SUCCESS, nts_unmap(a));

	m.protect = NT_PAGE_EXECUTE_READ;
	EXPECT_EQ(NT_STATUS_SECTION_PROTECTION, nts_map_ex(s3, &m));
	m.protect = NT_PAGE_READONLY;
	m.size = 0x2001;
	EXPECT_EQ(NT_STATUS_INVALID_VIEW_SIZE, nts_map_ex(s3, &m));
	m.size = 0x1000;
	ASSERT_LE(0, (__s32)nts_map_ex(s3, &m));
	EXPECT_EQ(0x1000, m.size);
	b = (unsigned char *)(uintptr_t)m.base;
	m.base = 0;
	m.size = 0;
	ASSERT_LE(0, (__s32)nts_map_ex(s3, &m));
	a = (unsigned char *)(uintptr_t)m.base;
	ASSERT_EQ(NT_STATUS_SUCCESS, nts_query_vm(a + 0x1000, &vi));
	EXPECT_EQ(NT_PAGE_READONLY, vi.protect);
	EXPECT_EQ(NT_PAGE_WRITECOPY, vi.allocation_protect);
	EXPECT_EQ(0xcc, a[0x1000]);
	/* MemoryImageInformation: not executable; the 1-page view partial too. */
	ASSERT_EQ(NT_STATUS_SUCCESS, nts_query_vm_info(a, NT_MEMORY_IMAGE_INFORMATION, &mi,
						       sizeof(mi), NULL));
	EXPECT_EQ(NT_IMAGE_NOT_EXECUTABLE, mi.image_flags);
	ASSERT_EQ(NT_STATUS_SUCCESS, nts_query_vm_info(b, NT_MEMORY_IMAGE_INFORMATION, &mi,
						       sizeof(mi), NULL));
	EXPECT_EQ(NT_IMAGE_NOT_EXECUTABLE | NT_IMAGE_PARTIAL_MAP, mi.image_flags);
	EXPECT_EQ(NT_STATUS_SUCCESS, nts_unmap(a));
	EXPECT_EQ(NT_STATUS_SUCCESS, nts_unmap(b));
	close(s2);
	close(s3);
}

/*
 * §10.3, §6: protection per page inside an image view: a page of the code
 * section made writable is EXECUTE_WRITECOPY (a write then makes it
 * EXECUTE_READWRITE, a copy no other view sees), the rest of the section
 * keeps EXECUTE_READ; the view stays one MEM_IMAGE allocation, unmapped
 * whole. COMMIT inside an image view is ACCESS_DENIED.
 */
TEST_F(image, protect_pages_of_an_image)
{
	struct ntsection_vm_info vi;
	unsigned char *a, *b;
	__u32 st;

	img_add(&self->m, 1, 0x2000, 0x2000, 0x200, 0x200, 0x60000020);	/* 2nd RX */
	put32(self->m.b + IMG_OPT + 56, 0x4000);			/* SizeOfImage */
	ASSERT_EQ(NT_STATUS_SUCCESS, img_create(&self->m, NT_SEC_IMAGE, 0, 0, &self->sec));
	a = img_map(self->sec, 0, &st);
	b = img_map(self->sec, 0, &st);
	ASSERT_TRUE(a && b);
	ASSERT_EQ(NT_STATUS_SUCCESS, nts_permit(a + 0x3000, 0x1000));
	ASSERT_EQ(0, mprotect(a + 0x3000, 0x1000, PROT_READ | PROT_WRITE | PROT_EXEC));
	ASSERT_EQ(NT_STATUS_SUCCESS, nts_permit(NULL, 0));
	ASSERT_EQ(NT_STATUS_SUCCESS, nts_query_vm(a + 0x3000, &vi));
	EXPECT_EQ(NT_PAGE_EXECUTE_WRITECOPY, vi.protect);
	EXPECT_EQ(NT_MEM_IMAGE, vi.type);
	EXPECT_EQ((uintptr_t)a, vi.allocation_base);
	a[0x3000] = 0x90;
	ASSERT_EQ(NT_STATUS_SUCCESS, nts_query_vm(a + 0x3000, &vi));
	EXPECT_EQ(NT_PAGE_EXECUTE_READWRITE, vi.protect);
	ASSERT_EQ(NT_STATUS_SUCCESS, nts_query_vm(a + 0x2000, &vi));
	EXPECT_EQ(NT_PAGE_EXECUTE_READ, vi.protect);
	EXPECT_EQ(0x1000, vi.region_size);
	EXPECT_EQ(0, b[0x3000]);
	EXPECT_EQ(NT_STATUS_ACCESS_DENIED, nts_commit(a + 0x2000, 0x1000, NT_PAGE_EXECUTE_READ));
	EXPECT_EQ(NT_STATUS_SUCCESS, nts_unmap(a + 0x2000));
	EXPECT_EQ(NT_STATUS_NOT_MAPPED_VIEW, nts_unmap(a + 0x3000));
	EXPECT_EQ(NT_STATUS_NOT_MAPPED_VIEW, nts_unmap(a));
	EXPECT_EQ(NT_STATUS_SUCCESS, nts_unmap(b + 0x3fff));
}

/*
 * §10.5 MemoryImageInformation: an image view's base, size and flags
 * (partial, not executable); zeros in any other memory; free memory
 * INVALID_ADDRESS; a short buffer INFO_LENGTH_MISMATCH.
 */
TEST_F(image, memory_image_information)
{
	struct ntsection_memory_image_information mi;
	unsigned char *v, *p;
	int data;
	__u64 ret;
	__u32 st;

	ASSERT_EQ(NT_STATUS_SUCCESS, img_create(&self->m, NT_SEC_IMAGE, 0, 0, &self->sec));
	v = img_map(self->sec, 0, &st);
	ASSERT_NE(NULL, v);
	memset(&mi, 0xa5, sizeof(mi));
	ASSERT_EQ(NT_STATUS_SUCCESS, nts_query_vm_info(v + 0x1800, NT_MEMORY_IMAGE_INFORMATION,
						       &mi, sizeof(mi), &ret));
	EXPECT_EQ(sizeof(mi), ret);
	EXPECT_EQ((uintptr_t)v, mi.image_base);
	EXPECT_EQ(0x2000, mi.size_of_image);
	EXPECT_EQ(0, mi.image_flags);
	EXPECT_EQ(NT_STATUS_INFO_LENGTH_MISMATCH,
		  nts_query_vm_info(v, NT_MEMORY_IMAGE_INFORMATION, &mi, sizeof(mi) - 1, &ret));
	EXPECT_EQ(NTS_POISON, ret);
	EXPECT_EQ(NT_STATUS_SUCCESS, nts_unmap(v));
	EXPECT_EQ(NT_STATUS_INVALID_ADDRESS,
		  nts_query_vm_info(v, NT_MEMORY_IMAGE_INFORMATION, &mi, sizeof(mi), &ret));
	EXPECT_EQ(NTS_POISON, ret);

	v = img_map(self->sec, 0x1000, &st);
	ASSERT_NE(NULL, v);
	ASSERT_EQ(NT_STATUS_SUCCESS, nts_query_vm_info(v, NT_MEMORY_IMAGE_INFORMATION,
						       &mi, sizeof(mi), NULL));
	EXPECT_EQ(0x1000, mi.size_of_image);
	EXPECT_EQ(NT_IMAGE_PARTIAL_MAP, mi.image_flags);
	EXPECT_EQ(NT_STATUS_SUCCESS, nts_unmap(v));

	p = (unsigned char *)nts_page(PROT_READ);
	ASSERT_NE(NULL, p);
	memset(&mi, 0xa5, sizeof(mi));
	EXPECT_EQ(NT_STATUS_SUCCESS, nts_query_vm_info(p, NT_MEMORY_IMAGE_INFORMATION,
						       &mi, sizeof(mi), NULL));
	EXPECT_EQ(0, mi.image_base);
	EXPECT_EQ(0, mi.size_of_image);
	munmap(p, getpagesize());
	ASSERT_EQ(NT_STATUS_SUCCESS, nts_create_anon(0x10000, NT_PAGE_READWRITE, NT_SEC_COMMIT,
						     &data));
	p = nts_map(data, NT_PAGE_READWRITE, NULL);
	ASSERT_NE(NULL, p);
	EXPECT_EQ(NT_STATUS_SUCCESS, nts_query_vm_info(p, NT_MEMORY_IMAGE_INFORMATION,
						       &mi, sizeof(mi), NULL));
	EXPECT_EQ(0, mi.image_base);
	EXPECT_EQ(NT_STATUS_INVALID_INFO_CLASS,
		  nts_query_vm_info(p, 5, &mi, sizeof(mi), NULL));
	EXPECT_EQ(NT_STATUS_SUCCESS, nts_unmap(p));
	close(data);
}

/*
 * §10.5 MemoryMappedFilenameInformation: the file's name after a
 * UNICODE_STRING that points at it; a short buffer BUFFER_OVERFLOW or
 * INFO_LENGTH_MISMATCH with the length needed; a pagefile view
 * FILE_INVALID; other memory INVALID_ADDRESS.
 */
TEST_F(image, mapped_filename)
{
	static const char want[] = "\\??\\unix\\tmp\\ntsection-image-";
	union {
		struct { __u16 len, max; __u32 pad; __u64 buf; } us;
		unsigned char b[1024];
	} u;
	__u16 *name = (__u16 *)(u.b + 16);
	unsigned char *v, *p;
	unsigned int i;
	__u64 ret;
	int data;
	__u32 st;

	ASSERT_EQ(NT_STATUS_SUCCESS, img_create(&self->m, NT_SEC_IMAGE, 0, 0, &self->sec));
	v = img_map(self->sec, 0, &st);
	ASSERT_NE(NULL, v);
	ASSERT_EQ(NT_STATUS_SUCCESS, nts_query_vm_info(v + 0x1000,
						       NT_MEMORY_MAPPED_FILENAME_INFORMATION,
						       &u, sizeof(u), &ret));
	EXPECT_EQ((uintptr_t)name, u.us.buf);
	EXPECT_EQ(u.us.len + 2, u.us.max);
	EXPECT_EQ(16 + u.us.max, ret);
	ASSERT_LT(sizeof(want) * 2, u.us.len);
	for (i = 0; i < sizeof(want) - 1; i++)
		EXPECT_EQ(want[i], name[i]);
	EXPECT_EQ(0, name[u.us.len / 2]);
	memset(&u, 0xa5, sizeof(u));
	EXPECT_EQ(NT_STATUS_BUFFER_OVERFLOW,
		  nts_query_vm_info(v, NT_MEMORY_MAPPED_FILENAME_INFORMATION, &u, 17, &ret));
	EXPECT_EQ(0xa5, u.b[0]);
	EXPECT_LT(17, ret);
	EXPECT_EQ(NT_STATUS_INFO_LENGTH_MISMATCH,
		  nts_query_vm_info(v, NT_MEMORY_MAPPED_FILENAME_INFORMATION, &u, 15, &ret));
	EXPECT_LT(17, ret);
	EXPECT_EQ(NT_STATUS_SUCCESS, nts_unmap(v));
	EXPECT_EQ(NT_STATUS_INVALID_ADDRESS,
		  nts_query_vm_info(v, NT_MEMORY_MAPPED_FILENAME_INFORMATION, &u, 15, &ret));
	EXPECT_EQ(NTS_POISON, ret);

	ASSERT_EQ(NT_STATUS_SUCCESS, nts_create_anon(0x10000, NT_PAGE_READWRITE, NT_SEC_COMMIT,
						     &data));
	p = nts_map(data, NT_PAGE_READWRITE, NULL);
	ASSERT_NE(NULL, p);
	EXPECT_EQ(NT_STATUS_FILE_INVALID,
		  nts_query_vm_info(p, NT_MEMORY_MAPPED_FILENAME_INFORMATION, &u, sizeof(u),
				    NULL));
	EXPECT_EQ(NT_STATUS_SUCCESS, nts_unmap(p));
	close(data);
}

/*
 * §10.5 NtAreMappedFilesTheSame, as Windows answers: an image view and any
 * view of its file are the same (in that order), a data view only itself;
 * memory that is no view CONFLICTING_ADDRESSES, NULL or free memory
 * INVALID_ADDRESS.
 */
TEST_F(image, are_mapped_files_the_same)
{
	struct nts_create c = {
		.access = NT_SECTION_ALL_ACCESS, .protect = NT_PAGE_EXECUTE_WRITECOPY,
		.attrs = NT_SEC_IMAGE,
	};
	unsigned char *i1, *i2, *d1, *d2, *o, *priv;
	int data, other;
	__u32 st;

	c.file_fd = img_file(&self->m);
	ASSERT_LE(0, c.file_fd);
	ASSERT_EQ(NT_STATUS_SUCCESS, nts_create_ex(&c, &self->sec));
	c.attrs = NT_SEC_COMMIT;
	c.protect = NT_PAGE_READONLY;
	ASSERT_EQ(NT_STATUS_SUCCESS, nts_create_ex(&c, &data));
	close(c.file_fd);
	ASSERT_EQ(NT_STATUS_SUCCESS, img_create(&self->m, NT_SEC_IMAGE, 0, 0, &other));
	i1 = img_map(self->sec, 0, &st);
	i2 = img_map(self->sec, 0, &st);
	o = img_map(other, 0, &st);
	d1 = nts_map(data, NT_PAGE_READONLY, NULL);
	d2 = nts_map(data, NT_PAGE_READONLY, NULL);
	priv = (unsigned char *)nts_page(PROT_READ);
	ASSERT_TRUE(i1 && i2 && o && d1 && d2 && priv);

	EXPECT_EQ(NT_STATUS_SUCCESS, nts_same_files(i1, i2 + 0x1000));
	EXPECT_EQ(NT_STATUS_SUCCESS, nts_same_files(i2, i1));
	EXPECT_EQ(NT_STATUS_SUCCESS, nts_same_files(i1 + 0x1000, i1));
	EXPECT_EQ(NT_STATUS_SUCCESS, nts_same_files(i1, d1));
	EXPECT_EQ(NT_STATUS_NOT_SAME_DEVICE, nts_same_files(d1, i1));
	EXPECT_EQ(NT_STATUS_SUCCESS, nts_same_files(d1, d1 + 0x100));
	EXPECT_EQ(NT_STATUS_NOT_SAME_DEVICE, nts_same_files(d1, d2));
	EXPECT_EQ(NT_STATUS_NOT_SAME_DEVICE, nts_same_files(i1, o));
	EXPECT_EQ(NT_STATUS_CONFLICTING_ADDRESSES, nts_same_files(i1, priv));
	EXPECT_EQ(NT_STATUS_CONFLICTING_ADDRESSES, nts_same_files(priv, i1));
	EXPECT_EQ(NT_STATUS_INVALID_ADDRESS, nts_same_files(NULL, i1));
	EXPECT_EQ(NT_STATUS_INVALID_ADDRESS, nts_same_files(i1, NULL));
	munmap(priv, getpagesize());
	EXPECT_EQ(NT_STATUS_INVALID_ADDRESS, nts_same_files(i1, priv));
	EXPECT_EQ(NT_STATUS_SUCCESS, nts_unmap(i1));
	EXPECT_EQ(NT_STATUS_SUCCESS, nts_unmap(i2));
	EXPECT_EQ(NT_STATUS_SUCCESS, nts_unmap(o));
	EXPECT_EQ(NT_STATUS_SUCCESS, nts_unmap(d1));
	EXPECT_EQ(NT_STATUS_SUCCESS, nts_unmap(d2));
	close(data);
	close(other);
}

/*
 * Every prefix of the image, and the image with one header byte changed at a
 * time (seeded): a status every time, a success only for the whole image or
 * for a change the checks allow, and no object left behind.
 */
TEST_F(image, truncated_and_corrupt)
{
	struct img *m = &self->m;
	unsigned int size, i, seed = 12345;
	__u32 status;
	int sec;

	for (size = 0; size < IMG_SIZE; size += 7) {
		img_init(m, 0);
		m->size = size;
		status = img_create(m, NT_SEC_IMAGE, 0, 0, &sec);
		EXPECT_NE(NT_STATUS_SUCCESS, status) TH_LOG("a %u-byte prefix", size);
		if (!status)
			close(sec);
	}
	for (i = 0; i < 400; i++) {
		img_init(m, i & 1);
		seed = seed * 1103515245 + 12345;
		m->b[(seed >> 8) % 0x200] ^= 1 + ((seed >> 20) & 0x7f);
		status = img_create(m, NT_SEC_IMAGE, 0, 0, &sec);
		EXPECT_TRUE(img_status_known(status)) TH_LOG("corruption %u: 0x%08x", i, status);
		if (!status)
			close(sec);
	}
}

TEST_HARNESS_MAIN
