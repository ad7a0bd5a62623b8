// SPDX-License-Identifier: GPL-2.0-only
/*
 * ntsection selftests: NtQueryVirtualMemory's MemoryRegionInformation (3),
 * MemoryRegionInformationEx (7) and MemoryWorkingSetExInformation (4)
 * through NTSECTION_IOC_QUERY_VM_INFO (SPEC §12): the length rules of
 * Wine's test_query_region_information and psapi's test_QueryWorkingSetEx,
 * the whole allocation and the real RegionType bits, and the page-table
 * facts of each page, in this process and in another.
 */
#include <stddef.h>
#include <sys/wait.h>

#include "kselftest_harness.h"
#include "ntsection_test.h"
#include "pe_image.h"

#define QT_FILL		0x5a
#define QT_OFF(field)	offsetof(struct ntsection_memory_region_information, field)
#define QT_RW_ATTRS(prot)	(NT_WS_VALID | (1u << NT_WS_SHARE_COUNT_SHIFT) | \
				 ((prot) << NT_WS_PROTECTION_SHIFT))

static __u32 qt_query(__u32 process, void *addr, __u32 info_class, void *buf, __u64 length,
		      __u64 *ret_len)
{
	return nts_query_vm_info_in(process, addr, info_class, buf, length, ret_len);
}

static __u32 qt_region(void *addr, struct ntsection_memory_region_information *r)
{
	memset(r, QT_FILL, sizeof(*r));
	return qt_query(NTSECTION_CURRENT_PROCESS, addr, NT_MEMORY_REGION_INFORMATION, r,
			sizeof(*r), NULL);
}

/* The VirtualAttributes of the page at @addr in @process. */
static __u64 qt_ws_in(__u32 process, void *addr)
{
	struct ntsection_memory_working_set_ex_information e = {
		.virtual_address = (uintptr_t)addr, .virtual_attributes = NTS_POISON,
	};
	__u32 st = qt_query(process, NULL, NT_MEMORY_WORKING_SET_EX_INFORMATION, &e, sizeof(e),
			    NULL);

	return st ? NTS_POISON : e.virtual_attributes;
}

static __u64 qt_ws(void *addr)
{
	return qt_ws_in(NTSECTION_CURRENT_PROCESS, addr);
}

static int qt_all(const void *p, int c, size_t n)
{
	const unsigned char *b = p;
	size_t i;

	for (i = 0; i < n; i++)
		if (b[i] != (unsigned char)c)
			return 0;
	return 1;
}

static void *qt_view(__u64 size, __u32 sec_protect, __u32 protect, int *sec)
{
	if (nts_create_anon(size, sec_protect, NT_SEC_COMMIT, sec))
		return NULL;
	return nts_map(*sec, protect, NULL);
}

FIXTURE(query) {
	int unused;
};

FIXTURE_SETUP(query)
{
	if (nts_device() < 0)
		SKIP(return, NTS_NO_DEVICE);
	nts_errno_mismatch = 0;
}

FIXTURE_TEARDOWN(query)
{
	EXPECT_EQ(0, nts_errno_mismatch);
}

/* Wine's test_query_region_information: what each length gets. */
TEST_F(query, region_length_rules)
{
	char *v;
	struct ntsection_memory_region_information r;
	__u64 ret;
	int sec;

	v = qt_view(4 * NT_PAGE, NT_PAGE_READWRITE, NT_PAGE_READWRITE, &sec);
	ASSERT_NE(NULL, v);
	memset(&r, QT_FILL, sizeof(r));
	EXPECT_EQ(NT_STATUS_INFO_LENGTH_MISMATCH,
		  qt_query(NTSECTION_CURRENT_PROCESS, v, NT_MEMORY_REGION_INFORMATION, &r,
			   QT_OFF(region_size), &ret));
	EXPECT_EQ(NTS_POISON, ret);
	EXPECT_TRUE(qt_all(&r, QT_FILL, sizeof(r)));
	EXPECT_EQ(NT_STATUS_INFO_LENGTH_MISMATCH,
		  qt_query(NTSECTION_CURRENT_PROCESS, v, NT_MEMORY_REGION_INFORMATION, &r,
			   QT_OFF(commit_size) - 1, &ret));
	/* Up to RegionSize: those fields, nothing after them. */
	EXPECT_EQ(NT_STATUS_SUCCESS,
		  qt_query(NTSECTION_CURRENT_PROCESS, v, NT_MEMORY_REGION_INFORMATION, &r,
			   QT_OFF(commit_size), &ret));
	EXPECT_EQ(sizeof(r), ret);
	EXPECT_EQ((uintptr_t)v, r.allocation_base);
	EXPECT_EQ(NT_PAGE_READWRITE, r.allocation_protect);
	EXPECT_EQ(4 * NT_PAGE, r.region_size);
	EXPECT_TRUE(qt_all(&r.commit_size, QT_FILL, sizeof(r) - QT_OFF(commit_size)));
	/* A length between fields: the whole fields that fit. */
	memset(&r, QT_FILL, sizeof(r));
	EXPECT_EQ(NT_STATUS_SUCCESS,
		  qt_query(NTSECTION_CURRENT_PROCESS, v, NT_MEMORY_REGION_INFORMATION_EX, &r,
			   QT_OFF(partition_id) - 1, &ret));
	EXPECT_EQ(sizeof(r), ret);
	EXPECT_EQ(4 * NT_PAGE, r.region_size);
	EXPECT_TRUE(qt_all(&r.commit_size, QT_FILL, sizeof(r) - QT_OFF(commit_size)));
	memset(&r, QT_FILL, sizeof(r));
	EXPECT_EQ(NT_STATUS_SUCCESS,
		  qt_query(NTSECTION_CURRENT_PROCESS, v, NT_MEMORY_REGION_INFORMATION, &r,
			   QT_OFF(partition_id), &ret));
	EXPECT_EQ(0, r.commit_size);
	EXPECT_TRUE(qt_all(&r.partition_id, QT_FILL, sizeof(r) - QT_OFF(partition_id)));
	memset(&r, QT_FILL, sizeof(r));
	EXPECT_EQ(NT_STATUS_SUCCESS,
		  qt_query(NTSECTION_CURRENT_PROCESS, v + NT_PAGE, NT_MEMORY_REGION_INFORMATION_EX,
			   &r, sizeof(r) + 8, &ret));
	EXPECT_EQ(sizeof(r), ret);
	EXPECT_EQ(0, r.partition_id);
	EXPECT_EQ(0, r.node_preference);
	EXPECT_EQ(NT_REGION_MAPPED_PAGE_FILE, r.region_type);
	/* A buffer the kernel cannot write. */
	EXPECT_EQ(NT_STATUS_ACCESS_VIOLATION,
		  qt_query(NTSECTION_CURRENT_PROCESS, v, NT_MEMORY_REGION_INFORMATION,
			   (void *)NTS_KERNEL_PTR, sizeof(r), &ret));
	EXPECT_EQ(NT_STATUS_SUCCESS, nts_unmap(v));
	/* Free memory: INVALID_ADDRESS, nothing written. */
	memset(&r, QT_FILL, sizeof(r));
	EXPECT_EQ(NT_STATUS_INVALID_ADDRESS,
		  qt_query(NTSECTION_CURRENT_PROCESS, v, NT_MEMORY_REGION_INFORMATION, &r,
			   sizeof(r), &ret));
	EXPECT_EQ(NTS_POISON, ret);
	EXPECT_TRUE(qt_all(&r, QT_FILL, sizeof(r)));
	close(sec);
}

/* A view is one allocation: RegionSize and CommitSize cover all of it. */
TEST_F(query, region_views)
{
	char *v, *ro, *wc;
	struct ntsection_memory_region_information r;
	__u64 size;
	int sec, file, fsec;
	struct nts_create c = { .access = NT_SECTION_ALL_ACCESS, .protect = NT_PAGE_READWRITE,
				.attrs = NT_SEC_COMMIT };

	v = qt_view(8 * NT_PAGE, NT_PAGE_READWRITE, NT_PAGE_READWRITE, &sec);
	ASSERT_NE(NULL, v);
	/* Split in three VMAs by NtProtectVirtualMemory: still one region. */
	ASSERT_EQ(NT_STATUS_SUCCESS, nts_permit(v + NT_PAGE, NT_PAGE));
	ASSERT_EQ(0, mprotect(v + NT_PAGE, NT_PAGE, PROT_NONE));
	nts_permit(v, 0);
	ASSERT_EQ(NT_STATUS_SUCCESS, qt_region(v + NT_PAGE, &r));
	EXPECT_EQ((uintptr_t)v, r.allocation_base);
	EXPECT_EQ(NT_PAGE_READWRITE, r.allocation_protect);
	EXPECT_EQ(NT_REGION_MAPPED_PAGE_FILE, r.region_type);
	EXPECT_EQ(8 * NT_PAGE, r.region_size);
	/* A shared page is the section's commit, not the process's. */
	v[0] = 1;
	ASSERT_EQ(NT_STATUS_SUCCESS, qt_region(v + 7 * NT_PAGE, &r));
	EXPECT_EQ(8 * NT_PAGE, r.region_size);
	EXPECT_EQ(0, r.commit_size);
	/* READONLY: none; WRITECOPY: every page a write may copy. */
	ro = nts_map(sec, NT_PAGE_READONLY, NULL);
	ASSERT_NE(NULL, ro);
	ASSERT_EQ(NT_STATUS_SUCCESS, qt_region(ro, &r));
	EXPECT_EQ(NT_PAGE_READONLY, r.allocation_protect);
	EXPECT_EQ(0, r.commit_size);
	wc = nts_map(sec, NT_PAGE_WRITECOPY, NULL);
	ASSERT_NE(NULL, wc);
	ASSERT_EQ(NT_STATUS_SUCCESS, qt_region(wc + NT_PAGE, &r));
	EXPECT_EQ(NT_PAGE_WRITECOPY, r.allocation_protect);
	EXPECT_EQ(8 * NT_PAGE, r.commit_size);
	wc[NT_PAGE] = 2;
	ASSERT_EQ(NT_STATUS_SUCCESS, qt_region(wc, &r));
	EXPECT_EQ(8 * NT_PAGE, r.commit_size);
	EXPECT_EQ((uintptr_t)wc, r.allocation_base);
	EXPECT_EQ(NT_REGION_MAPPED_PAGE_FILE, r.region_type);
	EXPECT_EQ(NT_STATUS_SUCCESS, nts_unmap(wc));
	EXPECT_EQ(NT_STATUS_SUCCESS, nts_unmap(ro));
	EXPECT_EQ(NT_STATUS_SUCCESS, nts_unmap(v));
	close(sec);

	/* A file's view: MappedDataFile. */
	file = nts_tmpfile(3 * NT_PAGE, O_RDWR, 'f');
	ASSERT_LE(0, file);
	c.file_fd = file;
	ASSERT_EQ(NT_STATUS_SUCCESS, nts_create_ex(&c, &fsec));
	v = nts_map(fsec, NT_PAGE_READWRITE, &size);
	ASSERT_NE(NULL, v);
	ASSERT_EQ(NT_STATUS_SUCCESS, qt_region(v + 2 * NT_PAGE, &r));
	EXPECT_EQ(NT_REGION_MAPPED_DATA_FILE, r.region_type);
	EXPECT_EQ((uintptr_t)v, r.allocation_base);
	EXPECT_EQ(3 * NT_PAGE, r.region_size);
	EXPECT_EQ(NT_STATUS_SUCCESS, nts_unmap(v));
	close(fsec);
	close(file);
}

/* An image view: MappedImage, EXECUTE_WRITECOPY, the image's size. */
TEST_F(query, region_image)
{
	struct nts_create c = { .access = NT_SECTION_ALL_ACCESS,
				.protect = NT_PAGE_EXECUTE_WRITECOPY, .attrs = NT_SEC_IMAGE };
	struct nts_map m = { .protect = NT_PAGE_EXECUTE_WRITECOPY };
	struct img img;
	struct ntsection_memory_region_information r;
	int sec;

	img_init(&img, 0);
	img_add(&img, 1, 0x2000, 0x100, 0x100, 0x200, 0xc0000040);	/* RW */
	c.file_fd = img_file(&img);
	ASSERT_LE(0, c.file_fd);
	ASSERT_EQ(NT_STATUS_SUCCESS, nts_create_ex(&c, &sec));
	close(c.file_fd);
	ASSERT_LE(0, (__s32)nts_map_ex(sec, &m));
	ASSERT_EQ(NT_STATUS_SUCCESS, qt_region((void *)(uintptr_t)(m.base + 0x2000), &r));
	EXPECT_EQ(m.base, r.allocation_base);
	EXPECT_EQ(NT_REGION_MAPPED_IMAGE, r.region_type);
	EXPECT_EQ(NT_PAGE_EXECUTE_WRITECOPY, r.allocation_protect);
	EXPECT_EQ(0x3000, r.region_size);
	/* The writable section's page copies on write: the process's commit. */
	EXPECT_EQ(0x1000, r.commit_size);
	EXPECT_EQ(NT_STATUS_SUCCESS, nts_unmap((void *)(uintptr_t)m.base));
	close(sec);
}

/*
 * Memory that is no view: a run of VMAs of one backing is the allocation.
 * Shared file pages around anonymous ones keep the allocation apart.
 */
TEST_F(query, region_linux_memory)
{
	int memfd = memfd_create("qt", 0);
	char *shared, *anon, *priv;
	struct ntsection_memory_region_information r;

	ASSERT_LE(0, memfd);
	ASSERT_EQ(0, ftruncate(memfd, 6 * NT_PAGE));
	shared = mmap(NULL, 6 * NT_PAGE, PROT_READ | PROT_WRITE, MAP_SHARED, memfd, 0);
	ASSERT_NE(MAP_FAILED, shared);
	anon = mmap(shared + NT_PAGE, 4 * NT_PAGE, PROT_READ | PROT_WRITE,
		    MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0);
	ASSERT_EQ(shared + NT_PAGE, anon);
	ASSERT_EQ(0, mprotect(anon + NT_PAGE, NT_PAGE, PROT_NONE));
	ASSERT_EQ(NT_STATUS_SUCCESS, qt_region(anon + 2 * NT_PAGE, &r));
	EXPECT_EQ((uintptr_t)anon, r.allocation_base);
	EXPECT_EQ(NT_PAGE_READWRITE, r.allocation_protect);
	EXPECT_EQ(NT_REGION_PRIVATE, r.region_type);
	EXPECT_EQ(4 * NT_PAGE, r.region_size);
	/* PROT_NONE anonymous memory is how the library reserves. */
	EXPECT_EQ(3 * NT_PAGE, r.commit_size);
	ASSERT_EQ(NT_STATUS_SUCCESS, qt_region(shared, &r));
	EXPECT_EQ(NT_REGION_MAPPED_PAGE_FILE, r.region_type);
	EXPECT_EQ((uintptr_t)shared, r.allocation_base);
	EXPECT_EQ(NT_PAGE, r.region_size);
	EXPECT_EQ(0, r.commit_size);
	priv = mmap(NULL, 2 * NT_PAGE, PROT_READ | PROT_WRITE, MAP_PRIVATE, memfd, 0);
	ASSERT_NE(MAP_FAILED, priv);
	ASSERT_EQ(NT_STATUS_SUCCESS, qt_region(priv + NT_PAGE, &r));
	EXPECT_EQ(NT_REGION_MAPPED_IMAGE, r.region_type);
	EXPECT_EQ(2 * NT_PAGE, r.commit_size);
	munmap(priv, 2 * NT_PAGE);
	munmap(shared, 6 * NT_PAGE);
	close(memfd);
}

/* psapi's test_QueryWorkingSetEx: the lengths. */
TEST_F(query, ws_length_rules)
{
	struct ntsection_memory_working_set_ex_information e[2];
	char *p = mmap(NULL, NT_PAGE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	char *ro;
	__u64 ret;

	ASSERT_NE(MAP_FAILED, p);
	p[0] = 1;
	memset(e, QT_FILL, sizeof(e));
	e[0].virtual_address = (uintptr_t)p;
	e[1].virtual_address = (uintptr_t)p;
	EXPECT_EQ(NT_STATUS_INFO_LENGTH_MISMATCH,
		  qt_query(NTSECTION_CURRENT_PROCESS, NULL, NT_MEMORY_WORKING_SET_EX_INFORMATION,
			   e, 0, &ret));
	EXPECT_EQ(NTS_POISON, ret);
	EXPECT_EQ(NT_STATUS_INFO_LENGTH_MISMATCH,
		  qt_query(NTSECTION_CURRENT_PROCESS, NULL, NT_MEMORY_WORKING_SET_EX_INFORMATION,
			   e, sizeof(e[0]) - 1, &ret));
	EXPECT_TRUE(qt_all(&e[0].virtual_attributes, QT_FILL, 8));
	/* One and a half entries: one answered, the length given back. */
	EXPECT_EQ(NT_STATUS_SUCCESS,
		  qt_query(NTSECTION_CURRENT_PROCESS, NULL, NT_MEMORY_WORKING_SET_EX_INFORMATION,
			   e, sizeof(e[0]) * 3 / 2, &ret));
	EXPECT_EQ(sizeof(e[0]) * 3 / 2, ret);
	EXPECT_EQ(QT_RW_ATTRS(NT_PAGE_READWRITE), e[0].virtual_attributes);
	EXPECT_EQ((uintptr_t)p, e[1].virtual_address);
	EXPECT_TRUE(qt_all(&e[1].virtual_attributes, QT_FILL, 8));
	/* Unreadable, then unwritable entries. */
	EXPECT_EQ(NT_STATUS_ACCESS_VIOLATION,
		  qt_query(NTSECTION_CURRENT_PROCESS, NULL, NT_MEMORY_WORKING_SET_EX_INFORMATION,
			   (void *)NTS_KERNEL_PTR, sizeof(e), &ret));
	ro = mmap(NULL, NT_PAGE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	ASSERT_NE(MAP_FAILED, ro);
	memcpy(ro, e, sizeof(e));
	ASSERT_EQ(0, mprotect(ro, NT_PAGE, PROT_READ));
	EXPECT_EQ(NT_STATUS_ACCESS_VIOLATION,
		  qt_query(NTSECTION_CURRENT_PROCESS, NULL, NT_MEMORY_WORKING_SET_EX_INFORMATION,
			   ro, sizeof(e), &ret));
	munmap(ro, NT_PAGE);
	munmap(p, NT_PAGE);
}

/* Private pages: nothing until touched, then Valid, their protection. */
TEST_F(query, ws_private_pages)
{
	char *p = mmap(NULL, 5 * NT_PAGE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS,
		       -1, 0);

	ASSERT_NE(MAP_FAILED, p);
	EXPECT_EQ(0, qt_ws(p));
	EXPECT_EQ(0, qt_ws(p + NT_PAGE));
	/* A read (Linux's zero page) and a write both give a private page. */
	EXPECT_EQ(0, nts_probe(p, 0, 0));
	EXPECT_EQ(QT_RW_ATTRS(NT_PAGE_READWRITE), qt_ws(p));
	p[NT_PAGE + 5] = 1;
	EXPECT_EQ(QT_RW_ATTRS(NT_PAGE_READWRITE), qt_ws(p + NT_PAGE + 100));
	p[2 * NT_PAGE] = 1;
	ASSERT_EQ(0, mprotect(p + 2 * NT_PAGE, NT_PAGE, PROT_READ));
	EXPECT_EQ(QT_RW_ATTRS(NT_PAGE_READONLY), qt_ws(p + 2 * NT_PAGE));
	/* NOACCESS: not valid, nothing else. */
	ASSERT_EQ(0, mprotect(p + 2 * NT_PAGE, NT_PAGE, PROT_NONE));
	EXPECT_EQ(0, qt_ws(p + 2 * NT_PAGE));
	/* mlock()ed: Locked. */
	if (!mlock(p + 3 * NT_PAGE, NT_PAGE)) {
		EXPECT_EQ(QT_RW_ATTRS(NT_PAGE_READWRITE) | NT_WS_LOCKED, qt_ws(p + 3 * NT_PAGE));
		munlock(p + 3 * NT_PAGE, NT_PAGE);
	}
	EXPECT_EQ(0, qt_ws(p + 4 * NT_PAGE));
	munmap(p, 5 * NT_PAGE);
	EXPECT_EQ(0, qt_ws(p));
	EXPECT_EQ(0, qt_ws((void *)NTS_KERNEL_PTR));
}

/* View pages: Shared, ShareCount from the mappings, WRITECOPY's copies. */
TEST_F(query, ws_view_pages)
{
	char *v, *v2, *wc;
	int sec;

	v = qt_view(2 * NT_PAGE, NT_PAGE_READWRITE, NT_PAGE_READWRITE, &sec);
	ASSERT_NE(NULL, v);
	/* Not mapped yet: only Shared. */
	EXPECT_EQ(NT_WS_SHARED, qt_ws(v));
	v[0] = 1;
	EXPECT_EQ(QT_RW_ATTRS(NT_PAGE_READWRITE) | NT_WS_SHARED, qt_ws(v));
	v2 = nts_map(sec, NT_PAGE_READONLY, NULL);
	ASSERT_NE(NULL, v2);
	EXPECT_EQ(1, v2[0]);
	EXPECT_EQ(NT_WS_VALID | NT_WS_SHARED | (2u << NT_WS_SHARE_COUNT_SHIFT) |
		  (NT_PAGE_READONLY << NT_WS_PROTECTION_SHIFT), qt_ws(v2));
	EXPECT_EQ(NT_WS_VALID | NT_WS_SHARED | (2u << NT_WS_SHARE_COUNT_SHIFT) |
		  (NT_PAGE_READWRITE << NT_WS_PROTECTION_SHIFT), qt_ws(v));
	wc = nts_map(sec, NT_PAGE_WRITECOPY, NULL);
	ASSERT_NE(NULL, wc);
	EXPECT_EQ(1, wc[0]);
	EXPECT_EQ(NT_WS_VALID | NT_WS_SHARED | (3u << NT_WS_SHARE_COUNT_SHIFT) |
		  (NT_PAGE_WRITECOPY << NT_WS_PROTECTION_SHIFT), qt_ws(wc));
	wc[0] = 2;
	EXPECT_EQ(QT_RW_ATTRS(NT_PAGE_READWRITE), qt_ws(wc));
	EXPECT_EQ(NT_WS_VALID | NT_WS_SHARED | (2u << NT_WS_SHARE_COUNT_SHIFT) |
		  (NT_PAGE_READWRITE << NT_WS_PROTECTION_SHIFT), qt_ws(v));
	EXPECT_EQ(NT_WS_SHARED, qt_ws(wc + NT_PAGE));
	EXPECT_EQ(NT_STATUS_SUCCESS, nts_unmap(wc));
	EXPECT_EQ(NT_STATUS_SUCCESS, nts_unmap(v2));
	EXPECT_EQ(NT_STATUS_SUCCESS, nts_unmap(v));
	close(sec);
}

/* A 2 MiB page, where the machine gives one (smaps says so): LargePage. */
TEST_F(query, ws_large_page)
{
	char *raw, *p, line[256];
	long huge_kb = 0;
	FILE *f;

	raw = mmap(NULL, 4 * MiB, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	ASSERT_NE(MAP_FAILED, raw);
	p = (char *)(((uintptr_t)raw + 2 * MiB - 1) & ~(uintptr_t)(2 * MiB - 1));
	if (madvise(p, 2 * MiB, MADV_HUGEPAGE))
		SKIP(goto out, "no transparent huge pages");
	p[0] = 1;
	f = fopen("/proc/self/smaps_rollup", "r");
	while (f && fgets(line, sizeof(line), f))
		sscanf(line, "AnonHugePages: %ld", &huge_kb);
	if (f)
		fclose(f);
	/* Only page 0 was touched: a small page elsewhere is not there. */
	EXPECT_EQ(huge_kb ? QT_RW_ATTRS(NT_PAGE_READWRITE) | NT_WS_LARGE_PAGE : 0,
		  qt_ws(p + 5 * NT_PAGE));
out:
	munmap(raw, 4 * MiB);
}

static __u32 qt_open_process(pid_t pid, __u32 access, int *fd)
{
	uintptr_t handle = 0, cid[2] = { (uintptr_t)pid, 0 };
	struct nts_object_attributes oa = { .length = sizeof(oa) };
	struct ntsection_open_process_args a = {
		.process_handle = NTS_PTR(&handle), .access = access,
		.object_attributes = NTS_PTR(&oa), .client_id = NTS_PTR(cid),
		.status = 0xdeadbeef,
	};
	int rc = ioctl(nts_device(), NTSECTION_IOC_OPEN_PROCESS, &a);

	nts_check_rc(rc, a.status);
	*fd = a.status ? -1 : (int)NTSECTION_HANDLE_TO_FD(handle);
	return a.status;
}

/*
 * Another process, from here: a page both share after fork() counts two
 * mappings; what only the child touched is only the child's.
 */
TEST_F(query, other_process)
{
	char *p = mmap(NULL, 4 * NT_PAGE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS,
		       -1, 0);
	int to[2], from[2], fd, weak;
	struct ntsection_memory_region_information r;
	pid_t pid;
	char c;

	ASSERT_NE(MAP_FAILED, p);
	p[0] = 1;
	ASSERT_EQ(0, pipe(to));
	ASSERT_EQ(0, pipe(from));
	pid = fork();
	ASSERT_LE(0, pid);
	if (pid == 0) {
		p[NT_PAGE] = 2;
		if (write(from[1], "r", 1) != 1 || read(to[0], &c, 1) != 1)
			_exit(1);
		_exit(0);
	}
	ASSERT_EQ(1, read(from[0], &c, 1));
	ASSERT_EQ(NT_STATUS_SUCCESS,
		  qt_open_process(pid, NT_PROCESS_QUERY_LIMITED_INFORMATION, &fd));
	EXPECT_EQ(NT_WS_VALID | (2u << NT_WS_SHARE_COUNT_SHIFT) |
		  (NT_PAGE_READWRITE << NT_WS_PROTECTION_SHIFT), qt_ws_in(fd, p));
	EXPECT_EQ(QT_RW_ATTRS(NT_PAGE_READWRITE), qt_ws_in(fd, p + NT_PAGE));
	EXPECT_EQ(0, qt_ws(p + NT_PAGE));
	EXPECT_EQ(0, qt_ws_in(fd, p + 2 * NT_PAGE));
	memset(&r, QT_FILL, sizeof(r));
	EXPECT_EQ(NT_STATUS_SUCCESS, qt_query(fd, p + 3 * NT_PAGE, NT_MEMORY_REGION_INFORMATION,
					      &r, sizeof(r), NULL));
	EXPECT_EQ(NT_REGION_PRIVATE, r.region_type);
	EXPECT_EQ(NT_PAGE_READWRITE, r.allocation_protect);
	EXPECT_LE(4 * NT_PAGE, r.region_size);
	/* PROCESS_QUERY_LIMITED_INFORMATION is the right it needs. */
	ASSERT_EQ(NT_STATUS_SUCCESS, qt_open_process(pid, NT_PROCESS_VM_READ, &weak));
	EXPECT_EQ(NT_STATUS_ACCESS_DENIED,
		  qt_query(weak, p, NT_MEMORY_REGION_INFORMATION, &r, sizeof(r), NULL));
	EXPECT_EQ(NTS_POISON, qt_ws_in(weak, p));
	close(weak);
	ASSERT_EQ(1, write(to[1], "x", 1));
	ASSERT_EQ(pid, waitpid(pid, NULL, 0));
	EXPECT_EQ(NT_STATUS_PROCESS_IS_TERMINATING,
		  qt_query(fd, p, NT_MEMORY_REGION_INFORMATION, &r, sizeof(r), NULL));
	close(fd);
	munmap(p, 4 * NT_PAGE);
}

TEST_HARNESS_MAIN
