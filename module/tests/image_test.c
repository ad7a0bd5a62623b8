// SPDX-License-Identifier: GPL-2.0-only
/*
 * KUnit tests of the PE header checks of SEC_IMAGE (image.c, SPEC §10.1,
 * §10.2): images built byte by byte in memory, one broken per row of the
 * §10.1 order.
 *
 * Linked into ntsection_test.ko; the module's main test file carries
 * MODULE_LICENSE() and MODULE_IMPORT_NS().
 */
#include <kunit/test.h>
#include <linux/kernel.h>
#include <linux/slab.h>
#include <linux/string.h>

#include <ntsection/compat.h>

#include "../image.h"

#define IMG_SIZE	0x1200u
#define IMG_LFANEW	0x80u
#define IMG_OPT		(IMG_LFANEW + 24)

struct img {
	u8 b[IMG_SIZE];
	u32 size;
	bool pe32;
};

/* The header fields, in the order the tables below read. */
#define put16(p, v)	put_unaligned_le16(v, p)
#define put32(p, v)	put_unaligned_le32(v, p)
#define put64(p, v)	put_unaligned_le64(v, p)

static u32 img_opt_size(const struct img *m)
{
	return m->pe32 ? 224 : 240;
}

/* The section table's offset, and its @i-th header. */
static u8 *img_section(struct img *m, unsigned int i)
{
	return m->b + IMG_OPT + img_opt_size(m) + 40 * i;
}

/*
 * A valid image: DOS header, PE signature, file header, optional header
 * (PE32+ AMD64, or PE32 i386), one ".text" section of code at RVA 0x1000
 * with its 0x200 bytes of raw data at 0x200, file alignment 0x200.
 */
static void img_init(struct img *m, bool pe32)
{
	u8 *opt = m->b + IMG_OPT, *s;

	memset(m, 0, sizeof(*m));
	m->pe32 = pe32;
	m->size = 0x400;
	put16(m->b, 0x5a4d);
	put32(m->b + 0x3c, IMG_LFANEW);
	put32(m->b + IMG_LFANEW, 0x00004550);
	put16(m->b + IMG_LFANEW + 4, pe32 ? 0x14c : 0x8664);
	put16(m->b + IMG_LFANEW + 6, 1);
	put16(m->b + IMG_LFANEW + 20, img_opt_size(m));
	put16(m->b + IMG_LFANEW + 22, 0x22);
	put16(opt, pe32 ? 0x10b : 0x20b);
	put32(opt + 4, 0x200);			/* SizeOfCode */
	put32(opt + 16, 0x1010);		/* AddressOfEntryPoint */
	if (pe32)
		put32(opt + 28, 0x400000);
	else
		put64(opt + 24, 0x140000000ULL);
	put32(opt + 32, 0x1000);		/* SectionAlignment */
	put32(opt + 36, 0x200);			/* FileAlignment */
	put16(opt + 40, 6);			/* OS 6.1 */
	put16(opt + 42, 1);
	put16(opt + 48, 5);			/* subsystem 5.2 */
	put16(opt + 50, 2);
	put32(opt + 56, 0x2000);		/* SizeOfImage */
	put32(opt + 60, 0x200);			/* SizeOfHeaders */
	put32(opt + 64, 0xc0ffee);		/* CheckSum */
	put16(opt + 68, 3);			/* Subsystem: console */
	put16(opt + 70, 0x8140);		/* DllCharacteristics, DYNAMIC_BASE */
	if (pe32) {
		put32(opt + 72, 0x100000);
		put32(opt + 76, 0x2000);
		put32(opt + 92, 16);
	} else {
		put64(opt + 72, 0x100000);
		put64(opt + 80, 0x2000);
		put32(opt + 108, 16);
	}
	s = img_section(m, 0);
	memcpy(s, ".text", 5);
	put32(s + 8, 0x100);			/* VirtualSize */
	put32(s + 12, 0x1000);			/* VirtualAddress */
	put32(s + 16, 0x200);			/* SizeOfRawData */
	put32(s + 20, 0x200);			/* PointerToRawData */
	put32(s + 36, 0x60000020);		/* code, RX */
}

static ssize_t img_read(void *ctx, void *buf, size_t len, u64 pos)
{
	struct img *m = ctx;

	if (pos >= m->size)
		return 0;
	len = min_t(u64, len, m->size - pos);
	memcpy(buf, m->b + pos, len);
	return len;
}

/* Parse @m; the section table is the test's to free. */
static u32 img_parse(struct kunit *test, struct img *m, struct nts_image_info *info)
{
	struct nts_image_src src = { .size = m->size, .read = img_read, .ctx = m };
	u32 status = nts_image_parse(&src, info);
	struct nts_image_scn *scn;

	if (status)
		return status;
	scn = kunit_kmalloc_array(test, info->nsections ?: 1, sizeof(*scn), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, scn);
	memcpy(scn, info->scn, (info->nsections ?: 1) * sizeof(*scn));
	kfree(info->scn);
	info->scn = scn;
	return status;
}

static void expect_img(struct kunit *test, struct img *m, u32 want, const char *what)
{
	struct nts_image_info info;

	KUNIT_EXPECT_EQ_MSG(test, img_parse(test, m, &info), want, "%s", what);
}

#define EXPECT_IMG(test, m, want, what) expect_img(test, m, want, what)

static void image_valid_pe32plus(struct kunit *test)
{
	struct ntsection_image_information out;
	struct nts_image_info info;
	struct img *m = kunit_kzalloc(test, sizeof(*m), GFP_KERNEL);

	KUNIT_ASSERT_NOT_NULL(test, m);
	img_init(m, false);
	KUNIT_ASSERT_EQ(test, img_parse(test, m, &info), NT_STATUS_SUCCESS);
	KUNIT_EXPECT_TRUE(test, info.pe32plus);
	KUNIT_EXPECT_EQ(test, info.image_base, 0x140000000ULL);
	KUNIT_EXPECT_EQ(test, info.size_of_image, 0x2000);
	KUNIT_EXPECT_FALSE(test, info.flat);
	nts_image_information(&info, &out);
	KUNIT_EXPECT_EQ(test, out.transfer_address, 0x140001010ULL);
	KUNIT_EXPECT_EQ(test, out.zero_bits, 0);
	KUNIT_EXPECT_EQ(test, out.maximum_stack_size, 0x100000);
	KUNIT_EXPECT_EQ(test, out.committed_stack_size, 0x2000);
	KUNIT_EXPECT_EQ(test, out.subsystem_type, 3);
	KUNIT_EXPECT_EQ(test, out.subsystem_major_version, 5);
	KUNIT_EXPECT_EQ(test, out.subsystem_minor_version, 2);
	KUNIT_EXPECT_EQ(test, out.major_os_version, 6);
	KUNIT_EXPECT_EQ(test, out.minor_os_version, 1);
	KUNIT_EXPECT_EQ(test, out.image_characteristics, 0x22);
	KUNIT_EXPECT_EQ(test, out.dll_characteristics, 0x8140);
	KUNIT_EXPECT_EQ(test, out.machine, 0x8664);
	KUNIT_EXPECT_EQ(test, out.image_contains_code, 1);
	KUNIT_EXPECT_EQ(test, out.image_flags, NTS_IMAGE_FLAG_RELOCATED);
	KUNIT_EXPECT_EQ(test, out.loader_flags, 0);
	KUNIT_EXPECT_EQ(test, out.image_file_size, 0x400);
	KUNIT_EXPECT_EQ(test, out.checksum, 0xc0ffee);
	KUNIT_EXPECT_EQ(test, sizeof(out), 64);
}

static void image_valid_pe32(struct kunit *test)
{
	struct nts_image_info info;
	struct img *m = kunit_kzalloc(test, sizeof(*m), GFP_KERNEL);

	KUNIT_ASSERT_NOT_NULL(test, m);
	img_init(m, true);
	KUNIT_ASSERT_EQ(test, img_parse(test, m, &info), NT_STATUS_SUCCESS);
	KUNIT_EXPECT_FALSE(test, info.pe32plus);
	KUNIT_EXPECT_EQ(test, info.image_base, 0x400000ULL);
	KUNIT_EXPECT_EQ(test, info.stack_reserve, 0x100000ULL);
	KUNIT_EXPECT_EQ(test, info.machine, 0x14c);
}

/* SPEC §10.1 rows 2 to 7, one at a time. */
static void image_header_rows(struct kunit *test)
{
	struct img *m = kunit_kzalloc(test, sizeof(*m), GFP_KERNEL);

	KUNIT_ASSERT_NOT_NULL(test, m);
	img_init(m, false);
	m->size = 0;
	EXPECT_IMG(test, m, NT_STATUS_INVALID_FILE_FOR_SECTION, "empty file");
	m->size = 63;
	EXPECT_IMG(test, m, NT_STATUS_INVALID_IMAGE_NOT_MZ, "short DOS header");
	img_init(m, false);
	m->b[1] = 'X';
	EXPECT_IMG(test, m, NT_STATUS_INVALID_IMAGE_NOT_MZ, "no MZ");

	img_init(m, false);
	put32(m->b + 0x3c, 0x3f0);
	EXPECT_IMG(test, m, NT_STATUS_INVALID_IMAGE_PROTECT, "NT headers past the end");
	put32(m->b + 0x3c, 0xfffffff0);
	EXPECT_IMG(test, m, NT_STATUS_INVALID_IMAGE_PROTECT, "e_lfanew far past the end");

	img_init(m, false);
	put32(m->b + IMG_LFANEW, 0x454e);		/* "NE" */
	m->b[IMG_LFANEW + 0x36] = 2;
	EXPECT_IMG(test, m, NT_STATUS_INVALID_IMAGE_WIN_16, "NE, Windows");
	m->b[IMG_LFANEW + 0x36] = 5;
	EXPECT_IMG(test, m, NT_STATUS_INVALID_IMAGE_PROTECT, "NE, ne_exetyp 5");
	m->b[IMG_LFANEW + 0x36] = 1;
	EXPECT_IMG(test, m, NT_STATUS_INVALID_IMAGE_NE_FORMAT, "NE, OS/2");
	put32(m->b + IMG_LFANEW, 0x454c);		/* "LE" */
	EXPECT_IMG(test, m, NT_STATUS_INVALID_IMAGE_PROTECT, "LE");

	img_init(m, false);
	put16(m->b + IMG_OPT, 0x107);
	EXPECT_IMG(test, m, NT_STATUS_INVALID_IMAGE_FORMAT, "ROM magic");
	img_init(m, false);
	put16(m->b + IMG_LFANEW + 4, 0x14c);
	EXPECT_IMG(test, m, NT_STATUS_INVALID_IMAGE_FORMAT, "PE32+ with i386");
	img_init(m, true);
	put16(m->b + IMG_LFANEW + 4, 0x8664);
	EXPECT_IMG(test, m, NT_STATUS_INVALID_IMAGE_FORMAT, "PE32 with AMD64");
	img_init(m, false);
	put16(m->b + IMG_LFANEW + 4, 0xaa64);
	EXPECT_IMG(test, m, NT_STATUS_INVALID_IMAGE_FORMAT, "ARM64");
	img_init(m, false);
	put16(m->b + IMG_LFANEW + 4, 0);
	EXPECT_IMG(test, m, NT_STATUS_INVALID_IMAGE_FORMAT, "machine 0");
}

/* SPEC §10.1 rows 9 and 10: the section table and the alignments. */
static void image_section_rows(struct kunit *test)
{
	struct img *m = kunit_kzalloc(test, sizeof(*m), GFP_KERNEL);
	u8 *s;

	KUNIT_ASSERT_NOT_NULL(test, m);
	/* Wine: a table past the image, or short, is INVALID_FILE_FOR_SECTION. */
	img_init(m, false);
	put16(m->b + IMG_LFANEW + 6, 200);
	EXPECT_IMG(test, m, NT_STATUS_INVALID_FILE_FOR_SECTION, "table past the image");
	img_init(m, false);
	put16(m->b + IMG_LFANEW + 6, 40);
	EXPECT_IMG(test, m, NT_STATUS_INVALID_FILE_FOR_SECTION, "table past the file");
	/* SPEC §10.1: 96 sections at most (Wine has no limit). */
	img_init(m, false);
	put32(m->b + IMG_OPT + 56, 0x10000);
	put16(m->b + IMG_LFANEW + 6, 97);
	m->size = IMG_SIZE;
	EXPECT_IMG(test, m, NT_STATUS_INVALID_IMAGE_FORMAT, "97 sections");
	/* 65535 sections in a large image: refused before the table is read. */
	put32(m->b + IMG_OPT + 56, 0x10000000);
	put16(m->b + IMG_LFANEW + 6, 0xffff);
	EXPECT_IMG(test, m, NT_STATUS_INVALID_IMAGE_FORMAT, "65535 sections");
	img_init(m, false);
	s = img_section(m, 0);
	put32(s + 8, 0x1001);
	EXPECT_IMG(test, m, NT_STATUS_INVALID_IMAGE_FORMAT, "section past SizeOfImage");
	put32(s + 8, 0);
	put32(s + 16, 0x1001);
	EXPECT_IMG(test, m, NT_STATUS_INVALID_IMAGE_FORMAT, "raw size past SizeOfImage");
	img_init(m, false);
	s = img_section(m, 0);
	put32(s + 20, 0x300);
	EXPECT_IMG(test, m, NT_STATUS_INVALID_IMAGE_FORMAT, "raw data past the file");
	put32(s + 20, 0);
	EXPECT_IMG(test, m, NT_STATUS_SUCCESS, "no raw data");
	img_init(m, false);
	s = img_section(m, 0);
	put32(s + 12, 0xfffff000);
	EXPECT_IMG(test, m, NT_STATUS_INVALID_IMAGE_FORMAT, "VirtualAddress wraps");
	img_init(m, false);
	put32(m->b + IMG_OPT + 32, 0x1800);
	EXPECT_IMG(test, m, NT_STATUS_INVALID_IMAGE_FORMAT, "SectionAlignment not a power of 2");
	img_init(m, false);
	put32(m->b + IMG_OPT + 36, 0);
	EXPECT_IMG(test, m, NT_STATUS_INVALID_IMAGE_FORMAT, "FileAlignment 0");
	img_init(m, false);
	put32(m->b + IMG_OPT + 56, 0);
	EXPECT_IMG(test, m, NT_STATUS_INVALID_FILE_FOR_SECTION, "SizeOfImage 0");
}

/* Flat images: SectionAlignment below the page (SPEC §10.1 row 10, §10.2). */
static void image_flat(struct kunit *test)
{
	struct img *m = kunit_kzalloc(test, sizeof(*m), GFP_KERNEL);
	struct nts_image_info info;
	u8 *s;

	KUNIT_ASSERT_NOT_NULL(test, m);
	img_init(m, false);
	put32(m->b + IMG_OPT + 32, 0x200);
	put32(m->b + IMG_OPT + 56, 0x400);
	s = img_section(m, 0);
	put32(s + 12, 0x200);
	KUNIT_ASSERT_EQ(test, img_parse(test, m, &info), NT_STATUS_SUCCESS);
	KUNIT_EXPECT_TRUE(test, info.flat);
	KUNIT_EXPECT_EQ(test, info.image_flags, NTS_IMAGE_FLAG_FLAT);
	put32(s + 20, 0x0);
	EXPECT_IMG(test, m, NT_STATUS_INVALID_IMAGE_FORMAT, "flat, VirtualAddress != raw");
	put32(s + 20, 0x200);
	put32(m->b + IMG_OPT + 36, 0x100);
	EXPECT_IMG(test, m, NT_STATUS_INVALID_IMAGE_FORMAT, "flat, other FileAlignment");
}

/* Every prefix of a valid image: never a success, never a crash. */
static void image_truncated(struct kunit *test)
{
	struct img *m = kunit_kzalloc(test, sizeof(*m), GFP_KERNEL);
	struct nts_image_info info;
	u32 size, status;

	KUNIT_ASSERT_NOT_NULL(test, m);
	img_init(m, false);
	for (size = 0; size < 0x400; size++) {
		m->size = size;
		status = img_parse(test, m, &info);
		if (status == NT_STATUS_SUCCESS)
			KUNIT_FAIL(test, "a %u-byte prefix parsed", size);
	}
}

/* SPEC §10.3: the protection of a section's pages from its Characteristics. */
static void image_scn_protect(struct kunit *test)
{
	static const struct { u32 ch; u32 want; u32 want_nx; bool shared; } rows[] = {
		{ 0, NT_PAGE_NOACCESS, NT_PAGE_NOACCESS, false },
		{ 0x40000000, NT_PAGE_READONLY, NT_PAGE_READONLY, false },
		{ 0x80000000, NT_PAGE_WRITECOPY, NT_PAGE_WRITECOPY, false },
		{ 0xc0000000, NT_PAGE_WRITECOPY, NT_PAGE_WRITECOPY, false },
		{ 0x20000000, NT_PAGE_EXECUTE, NT_PAGE_READONLY, false },
		{ 0x60000000, NT_PAGE_EXECUTE_READ, NT_PAGE_READONLY, false },
		{ 0xa0000000, NT_PAGE_EXECUTE_WRITECOPY, NT_PAGE_WRITECOPY, false },
		{ 0xe0000000, NT_PAGE_EXECUTE_WRITECOPY, NT_PAGE_WRITECOPY, false },
		{ 0xd0000000, NT_PAGE_READWRITE, NT_PAGE_READWRITE, true },
		{ 0xf0000000, NT_PAGE_EXECUTE_READWRITE, NT_PAGE_READWRITE, true },
		{ 0x50000000, NT_PAGE_READONLY, NT_PAGE_READONLY, false },
	};
	unsigned int i;
	bool shared;

	for (i = 0; i < ARRAY_SIZE(rows); i++) {
		KUNIT_EXPECT_EQ_MSG(test, nts_image_scn_protect(rows[i].ch, false, &shared),
				    rows[i].want, "%#x", rows[i].ch);
		KUNIT_EXPECT_EQ_MSG(test, shared, rows[i].shared, "%#x", rows[i].ch);
		KUNIT_EXPECT_EQ_MSG(test, nts_image_scn_protect(rows[i].ch, true, &shared),
				    rows[i].want_nx, "%#x no-exec", rows[i].ch);
	}
}

/*
 * The regions of a view: header READONLY, sections by their
 * Characteristics, gaps NOACCESS, equal neighbours merged, a later
 * section winning where two overlap, a flat image one region.
 */
static void image_layout(struct kunit *test)
{
	struct nts_image_scn scn[4] = {
		{ .va = 0x1000, .vsize = 0x1800, .flags = 0x60000020 },	/* RX, 2 pages */
		{ .va = 0x4000, .vsize = 0x10, .flags = 0x40000040 },	/* R */
		{ .va = 0x5000, .raw = 0x200, .flags = 0x40000040 },	/* R, merged */
		{ .va = 0x2000, .vsize = 0x1000, .flags = 0xc0000040 },	/* RW over RX */
	};
	struct nts_image_info info = {
		.size_of_image = 0x7001, .size_of_headers = 0x400, .nsections = 4, .scn = scn,
	};
	struct nts_image_region *r;
	u32 n;

	KUNIT_ASSERT_EQ(test, nts_image_layout(&info, false, &r, &n), 0);
	KUNIT_ASSERT_EQ(test, n, 6);
	KUNIT_EXPECT_EQ(test, r[0].first, 0);
	KUNIT_EXPECT_EQ(test, r[0].protect, NT_PAGE_READONLY);
	KUNIT_EXPECT_EQ(test, r[1].first, 1);
	KUNIT_EXPECT_EQ(test, r[1].pages, 1);
	KUNIT_EXPECT_EQ(test, r[1].protect, NT_PAGE_EXECUTE_READ);
	KUNIT_EXPECT_EQ(test, r[2].first, 2);
	KUNIT_EXPECT_EQ(test, r[2].protect, NT_PAGE_WRITECOPY);
	KUNIT_EXPECT_EQ(test, r[3].first, 3);
	KUNIT_EXPECT_EQ(test, r[3].protect, NT_PAGE_NOACCESS);
	KUNIT_EXPECT_EQ(test, r[4].first, 4);
	KUNIT_EXPECT_EQ(test, r[4].pages, 2);
	KUNIT_EXPECT_EQ(test, r[4].protect, NT_PAGE_READONLY);
	KUNIT_EXPECT_EQ(test, r[5].first, 6);
	KUNIT_EXPECT_EQ(test, r[5].pages, 2);
	KUNIT_EXPECT_EQ(test, r[5].protect, NT_PAGE_NOACCESS);
	kfree(r);

	info.flat = true;
	KUNIT_ASSERT_EQ(test, nts_image_layout(&info, false, &r, &n), 0);
	KUNIT_EXPECT_EQ(test, n, 1);
	KUNIT_EXPECT_EQ(test, r[0].pages, 8);
	KUNIT_EXPECT_EQ(test, r[0].protect, NT_PAGE_EXECUTE_WRITECOPY);
	kfree(r);
}

static struct kunit_case image_cases[] = {
	KUNIT_CASE(image_valid_pe32plus),
	KUNIT_CASE(image_valid_pe32),
	KUNIT_CASE(image_header_rows),
	KUNIT_CASE(image_section_rows),
	KUNIT_CASE(image_flat),
	KUNIT_CASE(image_truncated),
	KUNIT_CASE(image_scn_protect),
	KUNIT_CASE(image_layout),
	{}
};

static struct kunit_suite image_suite = {
	.name = "ntsection_image",
	.test_cases = image_cases,
};

kunit_test_suites(&image_suite);
