// SPDX-License-Identifier: GPL-2.0-only
/*
 * ntsection selftests: views of a file mapped with MEM_RESERVE that reach
 * past the section's end (Windows' extendable views, SPEC §5, §6).
 *
 * LMDB's mdb_env_map() on Windows makes a SEC_RESERVE section of its data
 * file (MaximumSize NULL: the file's size, 1 byte for a new file), maps a
 * view of the whole map size with MEM_RESERVE, and commits the view's tail
 * with VirtualAlloc(MEM_COMMIT) as the database grows (mdb_page_alloc()),
 * writing through the map (MDB_WRITEMAP) or with WriteFile. The statuses
 * are those of ReactOS' kmtest ZwMapViewOfSection.c (run on Windows) and of
 * MmFlushVirtualMemory's sibling NtAllocateVirtualMemory in the Windows
 * Research Kernel (a commit in a view with ExtendableFile extends the
 * section).
 */
#include <sys/stat.h>

#include "kselftest_harness.h"
#include "ntsection_test.h"

#define RV_MAP		(1 * MiB)

static __u32 rv_section(int file, __u32 access, __u32 protect, __u32 attrs, int *fd)
{
	struct nts_create c = { .access = access, .protect = protect, .attrs = attrs,
				.file_fd = file };

	return nts_create_ex(&c, fd);
}

static __u32 rv_map(int sec, __u64 size, __u32 type, __u32 protect, char **view, __u64 *vsize)
{
	struct nts_map m = { .size = size, .alloc_type = type, .protect = protect };
	__u32 st = nts_map_ex(sec, &m);

	if (!st) {
		*view = (char *)(uintptr_t)m.base;
		if (vsize)
			*vsize = m.size;
	}
	return st;
}

/* NtAllocateVirtualMemory(MEM_COMMIT) on a view, with its outputs. */
static __u32 rv_commit(void *base, __u64 size, __u32 protect, __u64 *obase, __u64 *osize)
{
	struct ntsection_vm_args a = {
		.process_fd = NTSECTION_CURRENT_PROCESS, .alloc_type = NT_MEM_COMMIT,
		.base = (uintptr_t)base, .size = size, .protect = protect, .status = 0xdeadbeef,
	};
	int rc = ioctl(nts_device(), NTSECTION_IOC_COMMIT, &a);

	nts_check_rc(rc, a.status);
	if (obase)
		*obase = a.base;
	if (osize)
		*osize = a.size;
	return a.status;
}

static off_t rv_file_size(int fd)
{
	struct stat st;

	return fstat(fd, &st) ? -1 : st.st_size;
}

static __u64 rv_section_size(int sec)
{
	struct ntsection_basic_information info = {};

	if (nts_query(sec, &info))
		return 0;
	return info.attributes == NT_SEC_FILE ? info.size : 0;
}

FIXTURE(rv) {
	int file;
};

FIXTURE_SETUP(rv)
{
	if (nts_device() < 0)
		SKIP(return, NTS_NO_DEVICE);
	nts_errno_mismatch = 0;
	/* mdb_env_open2(): a new data file gets one byte, to be mappable. */
	self->file = nts_tmpfile(1, O_RDWR, 'x');
	ASSERT_LE(0, self->file);
}

FIXTURE_TEARDOWN(rv)
{
	EXPECT_EQ(0, nts_errno_mismatch);
	if (self->file >= 0)
		close(self->file);
}

/* The state and protection NtQueryVirtualMemory gives @addr, and its run. */
static void rv_expect_region(struct __test_metadata *_metadata, char *addr, __u32 state,
			     __u32 protect, __u64 size)
{
	struct ntsection_vm_info info;

	ASSERT_EQ(NT_STATUS_SUCCESS, nts_query_vm(addr, &info));
	EXPECT_EQ(state, info.state);
	EXPECT_EQ(protect, info.protect);
	EXPECT_EQ(size, info.region_size);
	EXPECT_EQ(NT_MEM_MAPPED, info.type);
	EXPECT_EQ(NT_PAGE_READWRITE, info.allocation_protect);
}

/* LMDB's sequence, step by step (MDB_WRITEMAP). */
TEST_F(rv, lmdb_sequence)
{
	__u64 vsize = 0, obase, osize;
	char buf[8] = {}, *view, *other, *whole;
	int sec;

	ASSERT_EQ(NT_STATUS_SUCCESS, rv_section(self->file, NT_SECTION_ALL_ACCESS,
						NT_PAGE_READWRITE, NT_SEC_RESERVE, &sec));
	EXPECT_EQ(1, rv_section_size(sec));
	ASSERT_EQ(NT_STATUS_SUCCESS, rv_map(sec, RV_MAP, NT_MEM_RESERVE, NT_PAGE_READWRITE,
					    &view, &vsize));
	EXPECT_EQ(RV_MAP, vsize);
	EXPECT_EQ(1, rv_file_size(self->file));
	EXPECT_EQ(1, rv_section_size(sec));

	/* The file's page, then the reserved tail. */
	EXPECT_EQ('x', view[0]);
	EXPECT_EQ(0, view[NT_PAGE - 1]);
	rv_expect_region(_metadata, view, NT_MEM_COMMIT, NT_PAGE_READWRITE, NT_PAGE);
	rv_expect_region(_metadata, view + NT_PAGE, NT_MEM_RESERVE, 0, RV_MAP - NT_PAGE);
	rv_expect_region(_metadata, view + RV_MAP - 1, NT_MEM_RESERVE, 0, NT_PAGE);
	EXPECT_EQ(SIGSEGV, nts_probe(view + NT_PAGE, 0, 0));
	EXPECT_EQ(SIGSEGV, nts_probe(view + 64 * KiB, 1, 'w'));
	EXPECT_EQ(SIGSEGV, nts_probe(view + RV_MAP - 1, 0, 0));

	/* A second extendable view, mapped before the growth. */
	ASSERT_EQ(NT_STATUS_SUCCESS, rv_map(sec, RV_MAP, NT_MEM_RESERVE, NT_PAGE_READWRITE,
					    &other, NULL));

	/* mdb_page_alloc(): VirtualAlloc(MEM_COMMIT) of pages 16..31. */
	ASSERT_EQ(NT_STATUS_SUCCESS, rv_commit(view + 64 * KiB + 5, 64 * KiB - 5,
					       NT_PAGE_READWRITE, &obase, &osize));
	EXPECT_EQ((uintptr_t)view + 64 * KiB, obase);
	EXPECT_EQ(64 * KiB, osize);
	EXPECT_EQ(128 * KiB, rv_file_size(self->file));
	EXPECT_EQ(128 * KiB, rv_section_size(sec));
	rv_expect_region(_metadata, view, NT_MEM_COMMIT, NT_PAGE_READWRITE, 128 * KiB);
	rv_expect_region(_metadata, view + 128 * KiB, NT_MEM_RESERVE, 0, RV_MAP - 128 * KiB);
	EXPECT_EQ(SIGSEGV, nts_probe(view + 128 * KiB, 0, 0));

	/* Written through the map, it is the file's. */
	EXPECT_EQ(0, nts_probe(view + 64 * KiB + 10, 1, 'L'));
	memcpy(view + 64 * KiB + 11, "MDB", 3);
	ASSERT_EQ(4, pread(self->file, buf, 4, 64 * KiB + 10));
	EXPECT_EQ(0, memcmp(buf, "LMDB", 4));
	EXPECT_EQ(0, memcmp(other + 64 * KiB + 10, "LMDB", 4));
	/* A new view of the section sees the new size and the data. */
	ASSERT_EQ(NT_STATUS_SUCCESS, rv_map(sec, 0, 0, NT_PAGE_READONLY, &whole, &vsize));
	EXPECT_EQ(128 * KiB, vsize);
	EXPECT_EQ(0, memcmp(whole + 64 * KiB + 10, "LMDB", 4));

	/* Committing again, or inside the file: a success that changes nothing. */
	EXPECT_EQ(NT_STATUS_SUCCESS, rv_commit(view, NT_PAGE, NT_PAGE_READWRITE, NULL, NULL));
	EXPECT_EQ(NT_STATUS_SUCCESS, rv_commit(view + 64 * KiB, 64 * KiB, NT_PAGE_READWRITE,
					       NULL, NULL));
	EXPECT_EQ(128 * KiB, rv_file_size(self->file));
	/* Past the view: CONFLICTING_ADDRESSES, nothing grows. */
	EXPECT_EQ(NT_STATUS_CONFLICTING_ADDRESSES,
		  rv_commit(view + RV_MAP - NT_PAGE, 2 * NT_PAGE, NT_PAGE_READWRITE, NULL, NULL));
	EXPECT_EQ(128 * KiB, rv_file_size(self->file));

	EXPECT_EQ(NT_STATUS_SUCCESS, nts_unmap(whole));
	EXPECT_EQ(NT_STATUS_SUCCESS, nts_unmap(other));
	EXPECT_EQ(NT_STATUS_SUCCESS, nts_unmap(view));
	close(sec);
}

/* The tail becomes data as the file grows by any means. */
TEST_F(rv, tail_follows_the_file)
{
	__u64 size;
	char *view;
	int sec;

	ASSERT_EQ(NT_STATUS_SUCCESS, rv_section(self->file, NT_SECTION_ALL_ACCESS,
						NT_PAGE_READWRITE, NT_SEC_RESERVE, &sec));
	ASSERT_EQ(NT_STATUS_SUCCESS, rv_map(sec, RV_MAP, NT_MEM_RESERVE, NT_PAGE_READWRITE,
					    &view, NULL));
	/* write(): the page it reaches is data; the next one still reserved. */
	ASSERT_EQ(1, pwrite(self->file, "w", 1, 100 * KiB));
	EXPECT_EQ('w', *(view + 100 * KiB));
	EXPECT_EQ(0, nts_probe(view + 96 * KiB, 0, 0));
	EXPECT_EQ(SIGSEGV, nts_probe(view + 104 * KiB, 0, 0));
	rv_expect_region(_metadata, view, NT_MEM_COMMIT, NT_PAGE_READWRITE, 104 * KiB);
	/* NtExtendSection. */
	size = 200 * KiB;
	ASSERT_EQ(NT_STATUS_SUCCESS, nts_extend(sec, &size));
	EXPECT_EQ(0, nts_probe(view + 200 * KiB - 1, 1, 'e'));
	EXPECT_EQ(SIGSEGV, nts_probe(view + 200 * KiB, 0, 0));
	/* ftruncate(). */
	ASSERT_EQ(0, ftruncate(self->file, 300 * KiB));
	EXPECT_EQ(0, nts_probe(view + 300 * KiB - 1, 0, 0));
	EXPECT_EQ(SIGSEGV, nts_probe(view + 300 * KiB, 0, 0));
	EXPECT_EQ(NT_STATUS_SUCCESS, nts_unmap(view));
	close(sec);
}

/*
 * LMDB without MDB_WRITEMAP maps PAGE_READONLY and commits PAGE_READONLY:
 * that grows the section too (Windows extends whatever the view's
 * protection). The pages stay read-only in that view.
 */
TEST_F(rv, readonly_view_commits)
{
	char *view;
	int sec;

	ASSERT_EQ(NT_STATUS_SUCCESS, rv_section(self->file, NT_SECTION_MAP_READ |
						NT_SECTION_EXTEND_SIZE | NT_SECTION_QUERY,
						NT_PAGE_READWRITE, NT_SEC_RESERVE, &sec));
	ASSERT_EQ(NT_STATUS_SUCCESS, rv_map(sec, RV_MAP, NT_MEM_RESERVE, NT_PAGE_READONLY,
					    &view, NULL));
	EXPECT_EQ(SIGSEGV, nts_probe(view + 8 * KiB, 0, 0));
	EXPECT_EQ(NT_STATUS_SUCCESS, rv_commit(view + 8 * KiB, NT_PAGE, NT_PAGE_READONLY,
					       NULL, NULL));
	EXPECT_EQ(12 * KiB, rv_file_size(self->file));
	ASSERT_EQ(1, pwrite(self->file, "r", 1, 8 * KiB));
	EXPECT_EQ('r', *(view + 8 * KiB));
	EXPECT_EQ(SIGSEGV, nts_probe(view + 8 * KiB, 1, 'w'));
	EXPECT_EQ(NT_STATUS_SUCCESS, nts_unmap(view));
	close(sec);
}

/*
 * A handle without SECTION_EXTEND_SIZE maps the view, but its tail cannot
 * be committed: growing the file is NtExtendSection's right.
 */
TEST_F(rv, commit_needs_extend_access)
{
	char *view;
	int sec;

	ASSERT_EQ(NT_STATUS_SUCCESS, rv_section(self->file, NT_SECTION_MAP_READ |
						NT_SECTION_MAP_WRITE | NT_SECTION_QUERY,
						NT_PAGE_READWRITE, NT_SEC_RESERVE, &sec));
	ASSERT_EQ(NT_STATUS_SUCCESS, rv_map(sec, RV_MAP, NT_MEM_RESERVE, NT_PAGE_READWRITE,
					    &view, NULL));
	EXPECT_EQ(NT_STATUS_ACCESS_DENIED, rv_commit(view + 64 * KiB, NT_PAGE,
						     NT_PAGE_READWRITE, NULL, NULL));
	EXPECT_EQ(NT_STATUS_ACCESS_DENIED, rv_commit(view, NT_PAGE, NT_PAGE_READWRITE,
						     NULL, NULL));
	EXPECT_EQ(1, rv_file_size(self->file));
	EXPECT_EQ(SIGSEGV, nts_probe(view + 64 * KiB, 0, 0));
	EXPECT_EQ(NT_STATUS_SUCCESS, nts_unmap(view));
	close(sec);
}

/*
 * Security: a section made with a MaximumSize smaller than its file shows
 * only that much of the file. An extendable view through a handle without
 * SECTION_EXTEND_SIZE stops at the section's end, fault-around included;
 * it reached the whole file before the fix. A handle that may extend the
 * section may see the file (it could extend the section over it).
 */
TEST_F(rv, no_extend_right_stops_at_the_section)
{
	struct nts_create c = {
		.access = NT_SECTION_MAP_READ | NT_SECTION_MAP_WRITE | NT_SECTION_QUERY,
		.protect = NT_PAGE_READWRITE, .attrs = NT_SEC_COMMIT, .size = 64 * KiB,
		.size_given = 1,
	};
	struct ntsection_vm_info info;
	char *view, page[NT_PAGE];
	int sec, i;

	memset(page, 'd', sizeof(page));
	for (i = 0; i < 64; i++)
		ASSERT_EQ(NT_PAGE, pwrite(self->file, page, NT_PAGE, i * NT_PAGE));
	c.file_fd = self->file;
	ASSERT_EQ(NT_STATUS_SUCCESS, nts_create_ex(&c, &sec));
	ASSERT_EQ(64 * KiB, rv_section_size(sec));
	ASSERT_EQ(NT_STATUS_SUCCESS, rv_map(sec, RV_MAP, NT_MEM_RESERVE, NT_PAGE_READONLY,
					    &view, NULL));
	/* Fault-around from the section's last page must not map the file's next ones. */
	EXPECT_EQ('d', *(view + 64 * KiB - 1));
	EXPECT_EQ(SIGSEGV, nts_probe(view + 64 * KiB, 0, 0));
	EXPECT_EQ(SIGSEGV, nts_probe(view + 200 * KiB, 0, 0));
	ASSERT_EQ(NT_STATUS_SUCCESS, nts_query_vm(view + 64 * KiB, &info));
	EXPECT_EQ(NT_MEM_RESERVE, info.state);
	EXPECT_EQ(0, info.protect);
	EXPECT_EQ(RV_MAP - 64 * KiB, info.region_size);
	EXPECT_EQ(NT_STATUS_SUCCESS, nts_unmap(view));
	close(sec);
	/* With the right to extend, the file's bytes are the view's. */
	c.access = NT_SECTION_ALL_ACCESS;
	ASSERT_EQ(NT_STATUS_SUCCESS, nts_create_ex(&c, &sec));
	ASSERT_EQ(NT_STATUS_SUCCESS, rv_map(sec, RV_MAP, NT_MEM_RESERVE, NT_PAGE_READONLY,
					    &view, NULL));
	EXPECT_EQ('d', *(view + 200 * KiB));
	EXPECT_EQ(SIGSEGV, nts_probe(view + 256 * KiB, 0, 0));
	EXPECT_EQ(NT_STATUS_SUCCESS, nts_unmap(view));
	close(sec);
}

/* The map statuses of ReactOS' kmtest (SimpleErrorChecks), and more. */
TEST_F(rv, map_statuses)
{
	__u64 vsize;
	char *view;
	int sec, ro, rosec, pf;

	ASSERT_EQ(0, ftruncate(self->file, 5000));
	ASSERT_EQ(NT_STATUS_SUCCESS, rv_section(self->file, NT_SECTION_ALL_ACCESS,
						NT_PAGE_READWRITE, NT_SEC_COMMIT, &sec));
	/* One byte past the section: only with MEM_RESERVE. */
	EXPECT_EQ(NT_STATUS_INVALID_VIEW_SIZE, rv_map(sec, 5001, 0, NT_PAGE_READWRITE,
						      &view, NULL));
	ASSERT_EQ(NT_STATUS_SUCCESS, rv_map(sec, 5001, NT_MEM_RESERVE, NT_PAGE_READWRITE,
					    &view, &vsize));
	EXPECT_EQ(2 * NT_PAGE, vsize);
	EXPECT_EQ(NT_STATUS_SUCCESS, nts_unmap(view));
	EXPECT_EQ(NT_STATUS_INVALID_PARAMETER_9,
		  rv_map(sec, RV_MAP, NT_MEM_RESERVE | NT_MEM_COMMIT, NT_PAGE_READWRITE,
			 &view, NULL));
	/* ViewSize 0: the section, as without MEM_RESERVE. */
	ASSERT_EQ(NT_STATUS_SUCCESS, rv_map(sec, 0, NT_MEM_RESERVE, NT_PAGE_READWRITE,
					    &view, &vsize));
	EXPECT_EQ(2 * NT_PAGE, vsize);
	EXPECT_EQ(NT_STATUS_SUCCESS, nts_unmap(view));
	/* A plain file view: commit is ACCESS_DENIED (SPEC §6), as it was. */
	ASSERT_EQ(NT_STATUS_SUCCESS, rv_map(sec, 0, 0, NT_PAGE_READWRITE, &view, NULL));
	EXPECT_EQ(NT_STATUS_ACCESS_DENIED, rv_commit(view, NT_PAGE, NT_PAGE_READWRITE,
						     NULL, NULL));
	EXPECT_EQ(NT_STATUS_SUCCESS, nts_unmap(view));
	close(sec);

	/* A pagefile-backed section: MEM_RESERVE is INVALID_PARAMETER_9. */
	ASSERT_EQ(NT_STATUS_SUCCESS, nts_create_anon(64 * KiB, NT_PAGE_READWRITE,
						     NT_SEC_RESERVE, &pf));
	EXPECT_EQ(NT_STATUS_INVALID_PARAMETER_9, rv_map(pf, 64 * KiB, NT_MEM_RESERVE,
							NT_PAGE_READWRITE, &view, NULL));
	EXPECT_EQ(NT_STATUS_INVALID_VIEW_SIZE, rv_map(pf, 128 * KiB, NT_MEM_RESERVE,
						      NT_PAGE_READWRITE, &view, NULL));
	close(pf);

	/* A read-only section: MEM_RESERVE is SECTION_PROTECTION. */
	ro = nts_tmpfile(NT_PAGE, O_RDONLY, 'r');
	ASSERT_LE(0, ro);
	ASSERT_EQ(NT_STATUS_SUCCESS, rv_section(ro, NT_SECTION_ALL_ACCESS, NT_PAGE_READONLY,
						NT_SEC_COMMIT, &rosec));
	EXPECT_EQ(NT_STATUS_SECTION_PROTECTION, rv_map(rosec, 0, NT_MEM_RESERVE,
						       NT_PAGE_READONLY, &view, NULL));
	EXPECT_EQ(NT_STATUS_SECTION_PROTECTION, rv_map(rosec, RV_MAP, NT_MEM_RESERVE,
						       NT_PAGE_READONLY, &view, NULL));
	ASSERT_EQ(NT_STATUS_SUCCESS, rv_map(rosec, 0, 0, NT_PAGE_READONLY, &view, NULL));
	EXPECT_EQ(NT_STATUS_SUCCESS, nts_unmap(view));
	close(rosec);
	close(ro);
}

/* NtFlushVirtualMemory over an extendable view: data and tail alike. */
TEST_F(rv, flush_covers_the_view)
{
	struct { uintptr_t status, info; } iosb;
	size_t size = 0;
	void *base;
	char *view;
	int sec;
	struct ntsection_flush_args a = {
		.process_fd = NTSECTION_CURRENT_PROCESS, .base_address = NTS_PTR(&base),
		.region_size = NTS_PTR(&size), .io_status = NTS_PTR(&iosb),
	};
	int rc;

	ASSERT_EQ(NT_STATUS_SUCCESS, rv_section(self->file, NT_SECTION_ALL_ACCESS,
						NT_PAGE_READWRITE, NT_SEC_RESERVE, &sec));
	ASSERT_EQ(NT_STATUS_SUCCESS, rv_map(sec, RV_MAP, NT_MEM_RESERVE, NT_PAGE_READWRITE,
					    &view, NULL));
	base = view + 1;
	rc = ioctl(nts_device(), NTSECTION_IOC_FLUSH, &a);
	nts_check_rc(rc, a.status);
	EXPECT_EQ(NT_STATUS_SUCCESS, a.status);
	EXPECT_EQ(view, base);
	EXPECT_EQ(RV_MAP, size);
	EXPECT_EQ(NT_STATUS_SUCCESS, nts_unmap(view));
	close(sec);
}

TEST_HARNESS_MAIN
