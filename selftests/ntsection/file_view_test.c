// SPDX-License-Identifier: GPL-2.0-only
/*
 * ntsection selftests: views of file-backed sections (SPEC §3, §4, §7, §8):
 * coherence with read()/write(), the file's open mode, truncation and
 * extension.
 */
#include <sys/stat.h>

#include "kselftest_harness.h"
#include "ntsection_test.h"

static __u32 create_file_section(int file, __u32 protect, int *fd)
{
	struct nts_create c = { .access = NT_SECTION_ALL_ACCESS, .protect = protect,
				.attrs = NT_SEC_COMMIT, .file_fd = file };

	return nts_create_ex(&c, fd);
}

FIXTURE(file_view) {
	int file;
};

FIXTURE_SETUP(file_view)
{
	if (nts_device() < 0)
		SKIP(return, NTS_NO_DEVICE);
	nts_errno_mismatch = 0;
	self->file = nts_tmpfile(4 * NT_PAGE, O_RDWR, 'a');
	ASSERT_LE(0, self->file);
}

FIXTURE_TEARDOWN(file_view)
{
	EXPECT_EQ(0, nts_errno_mismatch);
	if (self->file >= 0)
		close(self->file);
}

/* The view and the file are the same bytes, both ways. */
TEST_F(file_view, coherent_with_file_io)
{
	char buf[8] = {};
	char *p;
	int sec;

	ASSERT_EQ(NT_STATUS_SUCCESS, create_file_section(self->file, NT_PAGE_READWRITE, &sec));
	p = nts_map(sec, NT_PAGE_READWRITE, NULL);
	ASSERT_NE(NULL, p);
	EXPECT_EQ('a', p[0]);
	EXPECT_EQ('a', p[4 * NT_PAGE - 1]);
	memcpy(p + 100, "VIEW", 4);
	ASSERT_EQ(4, pread(self->file, buf, 4, 100));
	EXPECT_EQ(0, memcmp(buf, "VIEW", 4));
	ASSERT_EQ(4, pwrite(self->file, "FILE", 4, NT_PAGE + 7));
	EXPECT_EQ(0, memcmp(p + NT_PAGE + 7, "FILE", 4));
	EXPECT_EQ(NT_STATUS_SUCCESS, nts_unmap(p));
	close(sec);
}

/* A WRITECOPY view of a read-only file is private; the file is untouched. */
TEST_F(file_view, writecopy_of_readonly_file)
{
	int ro = nts_tmpfile(NT_PAGE, O_RDONLY, 'r');
	char buf[2] = {};
	char *p;
	int sec;

	ASSERT_LE(0, ro);
	ASSERT_EQ(NT_STATUS_SUCCESS, create_file_section(ro, NT_PAGE_WRITECOPY, &sec));
	EXPECT_EQ(NULL, nts_map(sec, NT_PAGE_READWRITE, NULL));
	p = nts_map(sec, NT_PAGE_WRITECOPY, NULL);
	ASSERT_NE(NULL, p);
	p[0] = 'w';
	EXPECT_EQ('w', p[0]);
	ASSERT_EQ(1, pread(ro, buf, 1, 0));
	EXPECT_EQ('r', buf[0]);
	EXPECT_EQ(NT_STATUS_SUCCESS, nts_unmap(p));
	close(sec);
	close(ro);
}

/* A READONLY view of a read-only file can never be made writable. */
TEST_F(file_view, readonly_file_cannot_be_upgraded)
{
	int ro = nts_tmpfile(NT_PAGE, O_RDONLY, 'r');
	char *p;
	int sec;

	ASSERT_LE(0, ro);
	ASSERT_EQ(NT_STATUS_SUCCESS, create_file_section(ro, NT_PAGE_READONLY, &sec));
	p = nts_map(sec, NT_PAGE_READONLY, NULL);
	ASSERT_NE(NULL, p);
	EXPECT_EQ(-1, mprotect(p, NT_PAGE, PROT_READ | PROT_WRITE));
	EXPECT_EQ(EACCES, errno);
	EXPECT_EQ(SIGSEGV, nts_probe(p, 1, 'x'));
	/* Nor through a plain shared mmap() of the handle. */
	EXPECT_EQ(MAP_FAILED, mmap(NULL, NT_PAGE, PROT_READ | PROT_WRITE, MAP_SHARED, sec, 0));
	EXPECT_EQ(NT_STATUS_SUCCESS, nts_unmap(p));
	close(sec);
	close(ro);
}

/* §7: truncating a mapped file: SIGBUS past the new end, never stale data. */
TEST_F(file_view, truncate_gives_sigbus)
{
	char *p;
	int sec;

	ASSERT_EQ(NT_STATUS_SUCCESS, create_file_section(self->file, NT_PAGE_READWRITE, &sec));
	p = nts_map(sec, NT_PAGE_READWRITE, NULL);
	ASSERT_NE(NULL, p);
	p[3 * NT_PAGE] = 'z';
	ASSERT_EQ(0, ftruncate(self->file, NT_PAGE));
	EXPECT_EQ(0, nts_probe(p, 0, 0));
	EXPECT_EQ(SIGBUS, nts_probe(p + 3 * NT_PAGE, 0, 0));
	EXPECT_EQ(SIGBUS, nts_probe(p + NT_PAGE, 1, 'q'));
	/* Growing the file again shows zeroes, not the old bytes. */
	ASSERT_EQ(0, ftruncate(self->file, 4 * NT_PAGE));
	EXPECT_EQ(0, nts_probe(p + 3 * NT_PAGE, 0, 0));
	EXPECT_EQ(0, p[3 * NT_PAGE]);
	EXPECT_EQ(NT_STATUS_SUCCESS, nts_unmap(p));
	close(sec);
}

/* §8: after NtExtendSection, new views may use the new range. */
TEST_F(file_view, extend_then_map_new_range)
{
	struct nts_map m = { .protect = NT_PAGE_READWRITE };
	__u64 size = 4 * NT_GRAN;
	char *old;
	int sec;

	ASSERT_EQ(NT_STATUS_SUCCESS, create_file_section(self->file, NT_PAGE_READWRITE, &sec));
	old = nts_map(sec, NT_PAGE_READWRITE, NULL);
	ASSERT_NE(NULL, old);
	m.offset = 2 * NT_GRAN;
	EXPECT_EQ(NT_STATUS_INVALID_VIEW_SIZE, nts_map_ex(sec, &m));
	ASSERT_EQ(NT_STATUS_SUCCESS, nts_extend(sec, &size));
	ASSERT_EQ(NT_STATUS_SUCCESS, nts_map_ex(sec, &m));
	EXPECT_EQ(2 * NT_GRAN, m.size);
	((char *)(uintptr_t)m.base)[5] = 'n';
	EXPECT_EQ(0, ((char *)(uintptr_t)m.base)[6]);
	EXPECT_EQ(NT_STATUS_SUCCESS, nts_unmap((void *)(uintptr_t)m.base));
	EXPECT_EQ(NT_STATUS_SUCCESS, nts_unmap(old));
	close(sec);
}

/* §7: the view keeps the file alive after the handles and the fd close. */
TEST_F(file_view, view_keeps_file)
{
	char *p;
	int sec;

	ASSERT_EQ(NT_STATUS_SUCCESS, create_file_section(self->file, NT_PAGE_READWRITE, &sec));
	p = nts_map(sec, NT_PAGE_READWRITE, NULL);
	ASSERT_NE(NULL, p);
	close(sec);
	close(self->file);
	self->file = -1;
	EXPECT_EQ('a', p[NT_PAGE]);
	p[NT_PAGE] = 'k';
	EXPECT_EQ('k', p[NT_PAGE]);
	EXPECT_EQ(NT_STATUS_SUCCESS, nts_unmap(p));
}

/* SEC_LARGE_PAGES: the view is backed by huge pages where the kernel can. */
TEST(large_page_view)
{
	char line[256];
	long pmd_kb = 0;
	int ours = 0;
	__u64 size;
	FILE *smaps;
	char *p;
	int sec;

	if (nts_device() < 0)
		SKIP(return, NTS_NO_DEVICE);
	ASSERT_EQ(NT_STATUS_SUCCESS,
		  nts_create_anon(4 * MiB, NT_PAGE_READWRITE, NT_SEC_COMMIT | NT_SEC_LARGE_PAGES,
				  &sec));
	p = nts_map(sec, NT_PAGE_READWRITE, &size);
	ASSERT_NE(NULL, p);
	EXPECT_EQ(0, (uintptr_t)p % (2 * MiB));
	memset(p, 1, size);
	smaps = fopen("/proc/self/smaps", "r");
	ASSERT_NE(NULL, smaps);
	while (fgets(line, sizeof(line), smaps)) {
		unsigned long start, end;
		long kb;

		/* A header line starts each mapping: count only ours. */
		if (sscanf(line, "%lx-%lx ", &start, &end) == 2)
			ours = start == (uintptr_t)p;
		else if (ours && (sscanf(line, "ShmemPmdMapped: %ld kB", &kb) == 1 ||
				  sscanf(line, "FilePmdMapped: %ld kB", &kb) == 1))
			pmd_kb += kb;
	}
	fclose(smaps);
	if (access("/sys/kernel/mm/transparent_hugepage/enabled", F_OK))
		SKIP(goto out, "the kernel has no transparent huge pages");
	EXPECT_LT(0, pmd_kb);
out:
	EXPECT_EQ(NT_STATUS_SUCCESS, nts_unmap(p));
	close(sec);
}

TEST_HARNESS_MAIN
