// SPDX-License-Identifier: GPL-2.0-only
/*
 * ntsection selftests: NtCreateSection, NtQuerySection, NtExtendSection and
 * NtClose as userspace sees them (SPEC §3, §4, §7, §8).
 */
#include <sys/stat.h>
#include <sys/wait.h>

#include "kselftest_harness.h"
#include "ntsection_test.h"

#define RW NT_PAGE_READWRITE
#define COMMIT NT_SEC_COMMIT

static __u64 file_size(int fd)
{
	struct stat st;

	return fstat(fd, &st) ? (__u64)-1 : (__u64)st.st_size;
}

FIXTURE(section) {
	int dummy;
};

FIXTURE_SETUP(section)
{
	if (nts_device() < 0)
		SKIP(return, NTS_NO_DEVICE);
	nts_errno_mismatch = 0;
}

FIXTURE_TEARDOWN(section)
{
	EXPECT_EQ(0, nts_errno_mismatch);
}

/* §4: a pagefile section's size is rounded up to a page and reported so. */
TEST_F(section, anon_size_rounded)
{
	struct ntsection_basic_information info;
	int fd;

	ASSERT_EQ(NT_STATUS_SUCCESS, nts_create_anon(5000, RW, COMMIT, &fd));
	memset(&info, 0xa5, sizeof(info));
	ASSERT_EQ(NT_STATUS_SUCCESS, nts_query(fd, &info));
	EXPECT_EQ(8192ULL, info.size);
	EXPECT_EQ(NT_SEC_COMMIT, info.attributes);
	EXPECT_EQ(0ULL, info.base_address);
	EXPECT_EQ(0U, info.pad);
	close(fd);
}

TEST_F(section, anon_reserve_attributes)
{
	struct ntsection_basic_information info;
	int fd;

	ASSERT_EQ(NT_STATUS_SUCCESS, nts_create_anon(NT_GRAN, RW, NT_SEC_RESERVE, &fd));
	ASSERT_EQ(NT_STATUS_SUCCESS, nts_query(fd, &info));
	EXPECT_EQ(NT_SEC_RESERVE, info.attributes);
	close(fd);
	ASSERT_EQ(NT_STATUS_SUCCESS,
		  nts_create_anon(NT_GRAN, RW, NT_SEC_COMMIT | NT_SEC_NOCACHE, &fd));
	ASSERT_EQ(NT_STATUS_SUCCESS, nts_query(fd, &info));
	EXPECT_EQ(NT_SEC_COMMIT | NT_SEC_NOCACHE, info.attributes);
	close(fd);
}

/* §4: no file and size 0 (or no size) is INVALID_PARAMETER_4. */
TEST_F(section, anon_size_zero)
{
	struct nts_create c = { .access = NT_SECTION_ALL_ACCESS, .protect = RW,
				.attrs = COMMIT, .file_fd = -1, .size = 0, .size_given = 1 };
	int fd = 123;

	EXPECT_EQ(NT_STATUS_INVALID_PARAMETER_4, nts_create_ex(&c, &fd));
	EXPECT_EQ(-1, fd);
	c.size = 4096;
	c.size_given = 0;
	EXPECT_EQ(NT_STATUS_INVALID_PARAMETER_4, nts_create_ex(&c, &fd));
}

/* §4: negative or >= 2^47 is SECTION_TOO_BIG. */
TEST_F(section, anon_too_big)
{
	int fd;

	EXPECT_EQ(NT_STATUS_SECTION_TOO_BIG, nts_create_anon(1ULL << 47, RW, NT_SEC_RESERVE, &fd));
	EXPECT_EQ(NT_STATUS_SECTION_TOO_BIG, nts_create_anon(-4096ULL, RW, NT_SEC_RESERVE, &fd));
	EXPECT_EQ(NT_STATUS_SUCCESS, nts_create_anon((1ULL << 47) - 4096, RW, NT_SEC_RESERVE, &fd));
	close(fd);
}

/* §4: SEC_COMMIT beyond the commit limit is COMMITMENT_LIMIT. */
TEST_F(section, anon_commit_limit)
{
	int fd;

	EXPECT_EQ(NT_STATUS_COMMITMENT_LIMIT,
		  nts_create_anon((1ULL << 47) - 4096, RW, NT_SEC_COMMIT, &fd));
}

/* §4: the AllocationAttributes checks, before anything else. */
TEST_F(section, alloc_attributes)
{
	static const __u32 bad[] = {
		0, NT_SEC_COMMIT | NT_SEC_RESERVE, NT_SEC_IMAGE | NT_SEC_COMMIT,
		NT_SEC_IMAGE | NT_SEC_RESERVE, NT_SEC_IMAGE | NT_SEC_LARGE_PAGES,
		NT_SEC_IMAGE | NT_SEC_NO_CHANGE, NT_SEC_COMMIT | 0x1, NT_SEC_COMMIT | 0x100000,
		NT_SEC_NOCACHE, NT_SEC_FILE, NT_SEC_IMAGE | NT_SEC_FILE,
		NT_SEC_IMAGE | NT_SEC_WRITECOMBINE,
	};
	unsigned int i;
	int fd;

	for (i = 0; i < ARRAY_SIZE(bad); i++) {
		/* Also with a bad protection: the attributes come first. */
		EXPECT_EQ(NT_STATUS_INVALID_PARAMETER_6, nts_create_anon(4096, 0x3, bad[i], &fd))
			TH_LOG("attributes 0x%x", bad[i]);
	}
}

/* §3: a section's protection: one base value, not NOACCESS, no modifier. */
TEST_F(section, section_protection)
{
	static const __u32 good[] = {
		NT_PAGE_READONLY, NT_PAGE_READWRITE, NT_PAGE_WRITECOPY, NT_PAGE_EXECUTE,
		NT_PAGE_EXECUTE_READ, NT_PAGE_EXECUTE_READWRITE, NT_PAGE_EXECUTE_WRITECOPY,
	};
	static const __u32 bad[] = {
		0, NT_PAGE_NOACCESS, RW | NT_PAGE_GUARD, RW | NT_PAGE_NOCACHE,
		RW | NT_PAGE_WRITECOMBINE, RW | NT_PAGE_READONLY, 0x800, 0x100,
	};
	unsigned int i;
	int fd;

	for (i = 0; i < ARRAY_SIZE(good); i++) {
		EXPECT_EQ(NT_STATUS_SUCCESS, nts_create_anon(4096, good[i], COMMIT, &fd))
			TH_LOG("protection 0x%x", good[i]);
		close(fd);
	}
	for (i = 0; i < ARRAY_SIZE(bad); i++) {
		/* Also with size 0: the protection comes before the size. */
		EXPECT_EQ(NT_STATUS_INVALID_PAGE_PROTECTION,
			  nts_create_anon(0, bad[i], COMMIT, &fd))
			TH_LOG("protection 0x%x", bad[i]);
	}
}

/* §4: SEC_IMAGE without a file; SEC_IMAGE on a file that is not PE. */
TEST_F(section, image)
{
	struct nts_create c = { .access = NT_SECTION_ALL_ACCESS, .protect = NT_PAGE_READONLY,
				.attrs = NT_SEC_IMAGE, .file_fd = -1, .size = 4096,
				.size_given = 1 };
	int fd;

	EXPECT_EQ(NT_STATUS_INVALID_FILE_FOR_SECTION, nts_create_ex(&c, &fd));
	c.file_fd = nts_tmpfile(4096, O_RDONLY, 'x');
	ASSERT_LE(0, c.file_fd);
	EXPECT_EQ(NT_STATUS_INVALID_IMAGE_NOT_MZ, nts_create_ex(&c, &fd));
	close(c.file_fd);
}

/* §4: a file section without a size takes the file's size exactly. */
TEST_F(section, file_size_exact)
{
	struct ntsection_basic_information info;
	struct nts_create c = { .access = NT_SECTION_ALL_ACCESS, .protect = NT_PAGE_READONLY,
				.attrs = COMMIT };
	int fd;

	c.file_fd = nts_tmpfile(5000, O_RDONLY, 'f');
	ASSERT_LE(0, c.file_fd);
	ASSERT_EQ(NT_STATUS_SUCCESS, nts_create_ex(&c, &fd));
	ASSERT_EQ(NT_STATUS_SUCCESS, nts_query(fd, &info));
	EXPECT_EQ(5000ULL, info.size);
	EXPECT_EQ(NT_SEC_FILE, info.attributes);
	close(fd);
	/* SEC_RESERVE on a file is accepted and ignored. */
	c.attrs = NT_SEC_RESERVE;
	ASSERT_EQ(NT_STATUS_SUCCESS, nts_create_ex(&c, &fd));
	ASSERT_EQ(NT_STATUS_SUCCESS, nts_query(fd, &info));
	EXPECT_EQ(NT_SEC_FILE, info.attributes);
	close(fd);
	close(c.file_fd);
}

/* §4: a zero-byte file is MAPPED_FILE_SIZE_ZERO. */
TEST_F(section, file_size_zero)
{
	struct nts_create c = { .access = NT_SECTION_ALL_ACCESS, .protect = NT_PAGE_READONLY,
				.attrs = COMMIT };
	int fd;

	c.file_fd = nts_tmpfile(0, O_RDONLY, 0);
	ASSERT_LE(0, c.file_fd);
	EXPECT_EQ(NT_STATUS_MAPPED_FILE_SIZE_ZERO, nts_create_ex(&c, &fd));
	close(c.file_fd);
}

/* §4: larger than the file: read-only → SECTION_TOO_BIG, file untouched. */
TEST_F(section, file_too_big_readonly)
{
	struct nts_create c = { .access = NT_SECTION_ALL_ACCESS, .protect = NT_PAGE_READONLY,
				.attrs = COMMIT, .size = 8192, .size_given = 1 };
	int fd;

	c.file_fd = nts_tmpfile(4096, O_RDWR, 'r');
	ASSERT_LE(0, c.file_fd);
	EXPECT_EQ(NT_STATUS_SECTION_TOO_BIG, nts_create_ex(&c, &fd));
	EXPECT_EQ(4096ULL, file_size(c.file_fd));
	close(c.file_fd);
}

/* §4: larger than the file with a writable protection: the file grows. */
TEST_F(section, file_grows)
{
	struct ntsection_basic_information info;
	struct nts_create c = { .access = NT_SECTION_ALL_ACCESS, .protect = RW,
				.attrs = COMMIT, .size = 10000, .size_given = 1 };
	char buf[16];
	int fd;

	c.file_fd = nts_tmpfile(4096, O_RDWR, 'g');
	ASSERT_LE(0, c.file_fd);
	ASSERT_EQ(NT_STATUS_SUCCESS, nts_create_ex(&c, &fd));
	EXPECT_EQ(10000ULL, file_size(c.file_fd));
	ASSERT_EQ(16, pread(c.file_fd, buf, 16, 9000));
	EXPECT_EQ(0, buf[0]);
	EXPECT_EQ(0, buf[15]);
	ASSERT_EQ(NT_STATUS_SUCCESS, nts_query(fd, &info));
	EXPECT_EQ(10000ULL, info.size);
	close(fd);
	close(c.file_fd);
}

/* §3: the file's open mode must allow the section's protection. */
TEST_F(section, file_open_mode)
{
	struct nts_create c = { .access = NT_SECTION_ALL_ACCESS, .protect = RW, .attrs = COMMIT };
	int fd;

	c.file_fd = nts_tmpfile(4096, O_RDONLY, 'm');
	ASSERT_LE(0, c.file_fd);
	EXPECT_EQ(NT_STATUS_ACCESS_DENIED, nts_create_ex(&c, &fd));
	c.protect = NT_PAGE_WRITECOPY;
	EXPECT_EQ(NT_STATUS_SUCCESS, nts_create_ex(&c, &fd));
	close(fd);
	close(c.file_fd);
	c.file_fd = nts_tmpfile(4096, O_WRONLY, 'm');
	ASSERT_LE(0, c.file_fd);
	c.protect = NT_PAGE_READONLY;
	EXPECT_EQ(NT_STATUS_ACCESS_DENIED, nts_create_ex(&c, &fd));
	close(c.file_fd);
}

/* FileHandle that is not a usable file. */
TEST_F(section, file_handle_bad)
{
	struct nts_create c = { .access = NT_SECTION_ALL_ACCESS, .protect = NT_PAGE_READONLY,
				.attrs = COMMIT, .file_fd = 999 };
	int fd, sec;

	EXPECT_EQ(NT_STATUS_INVALID_HANDLE, nts_create_ex(&c, &fd));
	ASSERT_EQ(NT_STATUS_SUCCESS, nts_create_anon(4096, RW, COMMIT, &sec));
	c.file_fd = sec;
	EXPECT_EQ(NT_STATUS_OBJECT_TYPE_MISMATCH, nts_create_ex(&c, &fd));
	close(sec);
}

/* §4: SEC_LARGE_PAGES on a file is INVALID_PARAMETER_6. */
TEST_F(section, file_large_pages)
{
	struct nts_create c = { .access = NT_SECTION_ALL_ACCESS, .protect = NT_PAGE_READONLY,
				.attrs = COMMIT | NT_SEC_LARGE_PAGES };
	int fd;

	c.file_fd = nts_tmpfile(4096, O_RDONLY, 'l');
	ASSERT_LE(0, c.file_fd);
	EXPECT_EQ(NT_STATUS_INVALID_PARAMETER_6, nts_create_ex(&c, &fd));
	close(c.file_fd);
}

/* §5: large-page sections must be a multiple of the large-page size. */
TEST_F(section, large_pages_size)
{
	int fd;

	EXPECT_EQ(NT_STATUS_INVALID_PARAMETER_4,
		  nts_create_anon(MiB, RW, COMMIT | NT_SEC_LARGE_PAGES, &fd));
	ASSERT_EQ(NT_STATUS_SUCCESS,
		  nts_create_anon(2 * MiB, RW, COMMIT | NT_SEC_LARGE_PAGES, &fd));
	close(fd);
}

/* A handle is close-on-exec unless OBJ_INHERIT. */
TEST_F(section, handle_cloexec)
{
	struct nts_create c = { .access = NT_SECTION_ALL_ACCESS, .protect = RW, .attrs = COMMIT,
				.file_fd = -1, .size = 4096, .size_given = 1 };
	int fd;

	ASSERT_EQ(NT_STATUS_SUCCESS, nts_create_ex(&c, &fd));
	EXPECT_EQ(FD_CLOEXEC, fcntl(fd, F_GETFD) & FD_CLOEXEC);
	close(fd);
	c.obj_attrs = NT_OBJ_INHERIT;
	ASSERT_EQ(NT_STATUS_SUCCESS, nts_create_ex(&c, &fd));
	EXPECT_EQ(0, fcntl(fd, F_GETFD) & FD_CLOEXEC);
	close(fd);
}

/*
 * ABI 2: on success *SectionHandle is the fd's NT HANDLE value (multiples
 * of 4), written as a HANDLE: 8 bytes, or 4 for a 32-bit caller.
 */
TEST_F(section, create_handle_value)
{
	struct nts_create c = { .access = NT_SECTION_ALL_ACCESS, .protect = RW, .attrs = COMMIT,
				.file_fd = -1, .size = 4096, .size_given = 1 };
	struct ntsection_create_args a;
	struct nts_oa o;
	uintptr_t handle, value;
	__u64 size, out[2];
	int rc;

	nts_create_args(&a, &c, &o, &size, &handle);
	memset(out, 0xa5, sizeof(out));
	a.section_handle = NTS_PTR(out);
	ASSERT_EQ(NT_STATUS_SUCCESS, nts_create_raw(&a, &rc));
	ASSERT_LE(0, rc);
	memcpy(&value, out, sizeof(value));
	EXPECT_EQ(NTS_HANDLE(rc), value);
	EXPECT_EQ(0, value & 3);
	EXPECT_EQ(rc, NTSECTION_HANDLE_TO_FD((__u64)value));
	if (sizeof(void *) == 4)
		EXPECT_EQ(0xa5a5a5a5U, out[0] >> 32);
	EXPECT_EQ(0xa5a5a5a5a5a5a5a5ULL, out[1]);
	close(rc);
	/* A failure writes NULL, just as wide. */
	memset(out, 0xa5, sizeof(out));
	size = 0;
	EXPECT_EQ(NT_STATUS_INVALID_PARAMETER_4, nts_create_raw(&a, &rc));
	memcpy(&value, out, sizeof(value));
	EXPECT_EQ(0, value);
	if (sizeof(void *) == 4)
		EXPECT_EQ(0xa5a5a5a5U, out[0] >> 32);
	EXPECT_EQ(0xa5a5a5a5a5a5a5a5ULL, out[1]);
}

/* §4: *SectionHandle is NULL after a failure, whatever failed. */
TEST_F(section, create_handle_null_on_failure)
{
	struct nts_create c = { .name = "\\BaseNamedObjects\\ntsection-null-handle",
				.access = NT_SECTION_ALL_ACCESS, .protect = RW, .attrs = COMMIT,
				.file_fd = -1, .size = 4096, .size_given = 1 };
	struct ntsection_create_args a;
	struct nts_oa o;
	uintptr_t handle;
	__u64 size;
	int fd, rc;

	ASSERT_EQ(NT_STATUS_SUCCESS, nts_create_ex(&c, &fd));
	/* From the first check to the last. */
	nts_create_args(&a, &c, &o, &size, &handle);
	a.alloc_attributes = 0;
	EXPECT_EQ(NT_STATUS_INVALID_PARAMETER_6, nts_create_raw(&a, &rc));
	EXPECT_EQ(0, handle);
	nts_create_args(&a, &c, &o, &size, &handle);
	a.protect = NT_PAGE_NOACCESS;
	EXPECT_EQ(NT_STATUS_INVALID_PAGE_PROTECTION, nts_create_raw(&a, &rc));
	EXPECT_EQ(0, handle);
	nts_create_args(&a, &c, &o, &size, &handle);
	a.file_fd = 999;
	EXPECT_EQ(NT_STATUS_INVALID_HANDLE, nts_create_raw(&a, &rc));
	EXPECT_EQ(0, handle);
	nts_create_args(&a, &c, &o, &size, &handle);
	EXPECT_EQ(NT_STATUS_OBJECT_NAME_COLLISION, nts_create_raw(&a, &rc));
	EXPECT_EQ(0, handle);
	EXPECT_EQ(-1, rc);
	/* OPENIF: a success, with the handle of the existing section. */
	c.obj_attrs = NT_OBJ_OPENIF;
	nts_create_args(&a, &c, &o, &size, &handle);
	EXPECT_EQ(NT_STATUS_OBJECT_NAME_EXISTS, nts_create_raw(&a, &rc));
	ASSERT_LE(0, rc);
	EXPECT_EQ(NTS_HANDLE(rc), handle);
	close(rc);
	close(fd);
	/* NtOpenSection too. */
	EXPECT_EQ(NT_STATUS_OBJECT_NAME_NOT_FOUND,
		  nts_open(c.name, 0, NT_SECTION_QUERY, &fd));
}

/*
 * ABI 2: a SectionHandle that cannot be written is ACCESS_VIOLATION, after
 * the attributes and the protection, before the size, the file and the
 * name; no handle is made and no section is left behind.
 */
TEST_F(section, create_bad_section_handle_pointer)
{
	struct nts_create c = { .name = "\\BaseNamedObjects\\ntsection-bad-handle",
				.access = NT_SECTION_ALL_ACCESS, .protect = RW, .attrs = COMMIT,
				.file_fd = -1, .size = 4096, .size_given = 1 };
	struct ntsection_create_args a;
	struct nts_oa o;
	uintptr_t handle, bad[8];
	__u64 size;
	int i, n, rc, fds, fd;

	n = nts_bad_ptrs(bad, 1, 0);
	fds = nts_count_fds();
	for (i = 0; i < n; i++) {
		nts_create_args(&a, &c, &o, &size, &handle);
		a.section_handle = bad[i];
		EXPECT_EQ(NT_STATUS_ACCESS_VIOLATION, nts_create_raw(&a, &rc))
			TH_LOG("SectionHandle %p", (void *)bad[i]);
		EXPECT_EQ(-1, rc);
		EXPECT_EQ(EFAULT, errno);
		/* The attributes and the protection come first. */
		a.alloc_attributes = COMMIT | NT_SEC_RESERVE;
		EXPECT_EQ(NT_STATUS_INVALID_PARAMETER_6, nts_create_raw(&a, &rc));
		a.alloc_attributes = COMMIT;
		a.protect = RW | NT_PAGE_GUARD;
		EXPECT_EQ(NT_STATUS_INVALID_PAGE_PROTECTION, nts_create_raw(&a, &rc));
		a.protect = RW;
		/* The size, the file and the name come after. */
		size = 0;
		EXPECT_EQ(NT_STATUS_ACCESS_VIOLATION, nts_create_raw(&a, &rc));
		size = 1ULL << 62;
		EXPECT_EQ(NT_STATUS_ACCESS_VIOLATION, nts_create_raw(&a, &rc));
		size = 4096;
		a.file_fd = 999;
		EXPECT_EQ(NT_STATUS_ACCESS_VIOLATION, nts_create_raw(&a, &rc));
		a.file_fd = NTSECTION_NO_FILE;
		o.oa.length = 1;
		EXPECT_EQ(NT_STATUS_ACCESS_VIOLATION, nts_create_raw(&a, &rc));
	}
	EXPECT_EQ(fds, nts_count_fds());
	EXPECT_EQ(NT_STATUS_OBJECT_NAME_NOT_FOUND, nts_open(c.name, 0, NT_SECTION_QUERY, &fd));
	/* NtOpenSection: *SectionHandle first, before ObjectAttributes. */
	ASSERT_EQ(NT_STATUS_SUCCESS, nts_create_ex(&c, &fd));
	for (i = 0; i < n; i++) {
		struct ntsection_open_args op;

		nts_open_args(&op, c.name, 0, NT_SECTION_QUERY, &o, &handle);
		op.section_handle = bad[i];
		EXPECT_EQ(NT_STATUS_ACCESS_VIOLATION, nts_open_raw(&op, &rc))
			TH_LOG("SectionHandle %p", (void *)bad[i]);
		EXPECT_EQ(-1, rc);
		op.object_attributes = 0;
		EXPECT_EQ(NT_STATUS_ACCESS_VIOLATION, nts_open_raw(&op, &rc));
		op.object_attributes = 16;
		EXPECT_EQ(NT_STATUS_ACCESS_VIOLATION, nts_open_raw(&op, &rc));
	}
	EXPECT_EQ(fds + 1, nts_count_fds());
	close(fd);
}

/*
 * ABI 2: MaximumSize is read after the attributes and the protection and
 * before the size checks: ACCESS_VIOLATION when it cannot be, and
 * *SectionHandle NULL. It is never written: read-only memory is fine.
 */
TEST_F(section, create_bad_maximum_size_pointer)
{
	struct nts_create c = { .access = NT_SECTION_ALL_ACCESS, .protect = RW, .attrs = COMMIT,
				.file_fd = -1, .size = 4096, .size_given = 1 };
	struct ntsection_create_args a;
	struct ntsection_basic_information info;
	struct nts_oa o;
	uintptr_t handle, bad[8];
	__u64 size, *ro;
	int i, n, rc;

	n = nts_bad_ptrs(bad, 0, 1);
	for (i = 0; i < n; i++) {
		nts_create_args(&a, &c, &o, &size, &handle);
		a.maximum_size = bad[i];
		EXPECT_EQ(NT_STATUS_ACCESS_VIOLATION, nts_create_raw(&a, &rc))
			TH_LOG("MaximumSize %p", (void *)bad[i]);
		EXPECT_EQ(EFAULT, errno);
		EXPECT_EQ(0, handle);
		/* After the attributes and the protection... */
		a.alloc_attributes = 0;
		EXPECT_EQ(NT_STATUS_INVALID_PARAMETER_6, nts_create_raw(&a, &rc));
		a.alloc_attributes = COMMIT;
		a.protect = 0x3;
		EXPECT_EQ(NT_STATUS_INVALID_PAGE_PROTECTION, nts_create_raw(&a, &rc));
		a.protect = RW;
		/* ...before the file. */
		a.file_fd = 999;
		EXPECT_EQ(NT_STATUS_ACCESS_VIOLATION, nts_create_raw(&a, &rc));
	}
	/* Read-only memory holds a size as well as any. */
	ro = mmap(NULL, NT_PAGE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	ASSERT_NE(MAP_FAILED, ro);
	*ro = 3 * NT_PAGE;
	ASSERT_EQ(0, mprotect(ro, NT_PAGE, PROT_READ));
	nts_create_args(&a, &c, &o, &size, &handle);
	a.maximum_size = NTS_PTR(ro);
	ASSERT_EQ(NT_STATUS_SUCCESS, nts_create_raw(&a, &rc));
	EXPECT_EQ(NTS_HANDLE(rc), handle);
	ASSERT_EQ(NT_STATUS_SUCCESS, nts_query(rc, &info));
	EXPECT_EQ(3 * NT_PAGE, info.size);
	close(rc);
	munmap(ro, NT_PAGE);
}

/* §4: MaximumSize 0 for a file takes the file's size; *MaximumSize stays 0. */
TEST_F(section, create_file_maximum_size_zero)
{
	struct ntsection_basic_information info;
	struct nts_create c = { .access = NT_SECTION_ALL_ACCESS, .protect = NT_PAGE_READONLY,
				.attrs = COMMIT, .size = 0, .size_given = 1 };
	int fd;

	c.file_fd = nts_tmpfile(6000, O_RDONLY, 'z');
	ASSERT_LE(0, c.file_fd);
	ASSERT_EQ(NT_STATUS_SUCCESS, nts_create_ex(&c, &fd));	/* checks *MaximumSize */
	ASSERT_EQ(NT_STATUS_SUCCESS, nts_query(fd, &info));
	EXPECT_EQ(6000, info.size);
	close(fd);
	close(c.file_fd);
}

/* §8: NtQuerySection's checks. */
TEST_F(section, query_errors)
{
	struct ntsection_basic_information info;
	size_t len;
	int fd;

	ASSERT_EQ(NT_STATUS_SUCCESS, nts_create_anon(4096, RW, COMMIT, &fd));
	EXPECT_EQ(NT_STATUS_INFO_LENGTH_MISMATCH,
		  nts_query_ex(fd, NT_SECTION_BASIC_INFORMATION, &info, NTS_BASIC_SIZE - 1, &len));
	EXPECT_EQ(NTS_POISON, (uintptr_t)len);	/* ReturnLength: on success only */
	/* Larger is fine. */
	EXPECT_EQ(NT_STATUS_SUCCESS,
		  nts_query_ex(fd, NT_SECTION_BASIC_INFORMATION, &info, 4096, &len));
	EXPECT_EQ(NTS_BASIC_SIZE, len);
	EXPECT_EQ(NT_STATUS_SECTION_NOT_IMAGE,
		  nts_query_ex(fd, NT_SECTION_IMAGE_INFORMATION, &info, 4096, &len));
	EXPECT_EQ(NT_STATUS_INVALID_INFO_CLASS, nts_query_ex(fd, 7, &info, 4096, &len));
	/* The buffer unwritable: ACCESS_VIOLATION, and no ReturnLength. */
	EXPECT_EQ(NT_STATUS_ACCESS_VIOLATION,
		  nts_query_ex(fd, NT_SECTION_BASIC_INFORMATION, (void *)16, sizeof(info), &len));
	EXPECT_EQ(NT_STATUS_ACCESS_VIOLATION,
		  nts_query_ex(fd, NT_SECTION_BASIC_INFORMATION, nts_page(PROT_READ),
			       sizeof(info), &len));
	EXPECT_EQ(NT_STATUS_INVALID_HANDLE,
		  nts_query_ex(999, NT_SECTION_BASIC_INFORMATION, &info, sizeof(info), &len));
	close(fd);
}

/*
 * ABI 2: ReturnLength is a PSIZE_T of the caller's, NULL or read first
 * (ACCESS_VIOLATION before the class, the length and the handle), written
 * last and only on success, SIZE_T wide.
 */
TEST_F(section, query_return_length_pointer)
{
	struct ntsection_basic_information info;
	struct ntsection_query_args a = {
		.info_class = NT_SECTION_BASIC_INFORMATION, .buffer = NTS_PTR(&info),
		.length = sizeof(info),
	};
	__u64 out[2];
	uintptr_t bad[8];
	size_t len;
	int fd, i, n, rc;

	ASSERT_EQ(NT_STATUS_SUCCESS, nts_create_anon(5000, RW, COMMIT, &fd));
	a.section_fd = fd;
	/* NULL: no length wanted. */
	memset(&info, 0xa5, sizeof(info));
	a.return_length = 0;
	a.status = 0xdeadbeef;
	rc = ioctl(nts_device(), NTSECTION_IOC_QUERY, &a);
	nts_check_rc(rc, a.status);
	EXPECT_EQ(NT_STATUS_SUCCESS, a.status);
	/* The size field: at 16 in the x86-64 layout, at 8 in the i386 one. */
	memcpy(&out, (char *)&info + (sizeof(void *) == 8 ? 16 : 8), sizeof(out[0]));
	EXPECT_EQ(8192, out[0]);
	/* Written as a SIZE_T: 8 bytes, or 4 for a 32-bit caller. */
	memset(out, 0xa5, sizeof(out));
	a.return_length = NTS_PTR(out);
	rc = ioctl(nts_device(), NTSECTION_IOC_QUERY, &a);
	nts_check_rc(rc, a.status);
	EXPECT_EQ(NT_STATUS_SUCCESS, a.status);
	memcpy(&len, out, sizeof(len));
	EXPECT_EQ(NTS_BASIC_SIZE, len);
	if (sizeof(size_t) == 4)
		EXPECT_EQ(0xa5a5a5a5U, out[0] >> 32);
	EXPECT_EQ(0xa5a5a5a5a5a5a5a5ULL, out[1]);

	n = nts_bad_ptrs(bad, 0, 1);
	for (i = 0; i < n; i++) {
		a.return_length = bad[i];
		a.section_fd = fd;
		a.info_class = NT_SECTION_BASIC_INFORMATION;
		a.length = sizeof(info);
		memset(&info, 0xa5, sizeof(info));
		rc = ioctl(nts_device(), NTSECTION_IOC_QUERY, &a);
		EXPECT_EQ(-1, rc);
		EXPECT_EQ(EFAULT, errno);
		EXPECT_EQ(NT_STATUS_ACCESS_VIOLATION, a.status)
			TH_LOG("ReturnLength %p", (void *)bad[i]);
		EXPECT_EQ(0xa5a5a5a5a5a5a5a5ULL, info.size);	/* nothing queried */
		/* Read before the class, the length and the handle. */
		a.info_class = 9;
		EXPECT_EQ(-1, ioctl(nts_device(), NTSECTION_IOC_QUERY, &a));
		EXPECT_EQ(NT_STATUS_ACCESS_VIOLATION, a.status);
		a.info_class = NT_SECTION_BASIC_INFORMATION;
		a.length = 1;
		EXPECT_EQ(-1, ioctl(nts_device(), NTSECTION_IOC_QUERY, &a));
		EXPECT_EQ(NT_STATUS_ACCESS_VIOLATION, a.status);
		a.length = sizeof(info);
		a.section_fd = 999;
		EXPECT_EQ(-1, ioctl(nts_device(), NTSECTION_IOC_QUERY, &a));
		EXPECT_EQ(NT_STATUS_ACCESS_VIOLATION, a.status);
	}
	/* Readable, not writable: the query is made, the length cannot be told. */
	a.section_fd = fd;
	a.return_length = NTS_PTR(nts_page(PROT_READ));
	memset(&info, 0xa5, sizeof(info));
	rc = ioctl(nts_device(), NTSECTION_IOC_QUERY, &a);
	nts_check_rc(rc, a.status);
	EXPECT_EQ(NT_STATUS_ACCESS_VIOLATION, a.status);
	EXPECT_EQ(0, *(size_t *)(uintptr_t)a.return_length);
	close(fd);
}

/* §8: NtQuerySection needs SECTION_QUERY. */
TEST_F(section, query_access)
{
	struct nts_create c = { .name = "\\BaseNamedObjects\\ntsection-query",
				.access = NT_SECTION_ALL_ACCESS, .protect = RW, .attrs = COMMIT,
				.file_fd = -1, .size = 4096, .size_given = 1 };
	struct ntsection_basic_information info;
	int named, ro;

	ASSERT_EQ(NT_STATUS_SUCCESS, nts_create_ex(&c, &named));
	ASSERT_EQ(NT_STATUS_SUCCESS, nts_open(c.name, 0, NT_SECTION_MAP_READ, &ro));
	EXPECT_EQ(NT_STATUS_ACCESS_DENIED, nts_query(ro, &info));
	close(ro);
	close(named);
}

/* §8: NtExtendSection. */
TEST_F(section, extend)
{
	struct nts_create c = { .access = NT_SECTION_ALL_ACCESS, .protect = RW, .attrs = COMMIT };
	struct ntsection_basic_information info;
	__u64 size;
	int fd, anon;

	ASSERT_EQ(NT_STATUS_SUCCESS, nts_create_anon(4096, RW, COMMIT, &anon));
	size = 8192;
	EXPECT_EQ(NT_STATUS_SECTION_NOT_EXTENDED, nts_extend(anon, &size));
	close(anon);

	c.file_fd = nts_tmpfile(4096, O_RDWR, 'e');
	ASSERT_LE(0, c.file_fd);
	ASSERT_EQ(NT_STATUS_SUCCESS, nts_create_ex(&c, &fd));
	size = 20000;
	EXPECT_EQ(NT_STATUS_SUCCESS, nts_extend(fd, &size));
	EXPECT_EQ(20000ULL, size);
	EXPECT_EQ(20000ULL, file_size(c.file_fd));
	ASSERT_EQ(NT_STATUS_SUCCESS, nts_query(fd, &info));
	EXPECT_EQ(20000ULL, info.size);
	size = 100;	/* smaller: a no-op success */
	EXPECT_EQ(NT_STATUS_SUCCESS, nts_extend(fd, &size));
	EXPECT_EQ(20000ULL, size);
	EXPECT_EQ(20000ULL, file_size(c.file_fd));
	close(fd);
	close(c.file_fd);
}

/*
 * ABI 2: NewSectionSize is a PLARGE_INTEGER: read first (ACCESS_VIOLATION
 * before the handle), written back (8 bytes for every caller) after the
 * extension, which a read-only one does not undo.
 */
TEST_F(section, extend_new_section_size_pointer)
{
	struct nts_create c = { .access = NT_SECTION_ALL_ACCESS, .protect = RW, .attrs = COMMIT };
	struct ntsection_extend_args a = {};
	struct ntsection_basic_information info;
	uintptr_t bad[8];
	__u64 out[2], *ro;
	int i, n, fd, rc;

	c.file_fd = nts_tmpfile(4096, O_RDWR, 'x');
	ASSERT_LE(0, c.file_fd);
	ASSERT_EQ(NT_STATUS_SUCCESS, nts_create_ex(&c, &fd));
	n = nts_bad_ptrs(bad, 0, 0);
	for (i = 0; i < n; i++) {
		a.section_fd = fd;
		a.new_section_size = bad[i];
		a.status = 0xdeadbeef;
		rc = ioctl(nts_device(), NTSECTION_IOC_EXTEND, &a);
		nts_check_rc(rc, a.status);
		EXPECT_EQ(NT_STATUS_ACCESS_VIOLATION, a.status)
			TH_LOG("NewSectionSize %p", (void *)bad[i]);
		a.section_fd = 999;
		EXPECT_EQ(-1, ioctl(nts_device(), NTSECTION_IOC_EXTEND, &a));
		EXPECT_EQ(NT_STATUS_ACCESS_VIOLATION, a.status);
	}
	EXPECT_EQ(4096, file_size(c.file_fd));
	/* Both words of the LARGE_INTEGER, for 32-bit callers too. */
	out[0] = 0x100000000ULL + 8192;
	out[1] = 0xa5a5a5a5a5a5a5a5ULL;
	a.section_fd = fd;
	a.new_section_size = NTS_PTR(out);
	rc = ioctl(nts_device(), NTSECTION_IOC_EXTEND, &a);
	nts_check_rc(rc, a.status);
	EXPECT_EQ(NT_STATUS_SUCCESS, a.status);
	EXPECT_EQ(0x100000000ULL + 8192, out[0]);
	ASSERT_EQ(NT_STATUS_SUCCESS, nts_query(fd, &info));
	EXPECT_EQ(0x100000000ULL + 8192, info.size);
	EXPECT_EQ(0xa5a5a5a5a5a5a5a5ULL, out[1]);
	/* Smaller: the section's size comes back. */
	out[0] = 1;
	rc = ioctl(nts_device(), NTSECTION_IOC_EXTEND, &a);
	nts_check_rc(rc, a.status);
	EXPECT_EQ(NT_STATUS_SUCCESS, a.status);
	EXPECT_EQ(0x100000000ULL + 8192, out[0]);
	/* Read-only: extended, and ACCESS_VIOLATION for the size it cannot tell. */
	ro = mmap(NULL, NT_PAGE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	ASSERT_NE(MAP_FAILED, ro);
	*ro = 0x100000000ULL + 3 * 8192;
	ASSERT_EQ(0, mprotect(ro, NT_PAGE, PROT_READ));
	a.new_section_size = NTS_PTR(ro);
	rc = ioctl(nts_device(), NTSECTION_IOC_EXTEND, &a);
	nts_check_rc(rc, a.status);
	EXPECT_EQ(NT_STATUS_ACCESS_VIOLATION, a.status);
	ASSERT_EQ(NT_STATUS_SUCCESS, nts_query(fd, &info));
	EXPECT_EQ(0x100000000ULL + 3 * 8192, info.size);
	munmap(ro, NT_PAGE);
	close(fd);
	close(c.file_fd);
}

/* §7: NtClose twice: the second is INVALID_HANDLE (EBADF for an fd). */
TEST_F(section, close_twice)
{
	int fd;

	ASSERT_EQ(NT_STATUS_SUCCESS, nts_create_anon(4096, RW, COMMIT, &fd));
	EXPECT_EQ(0, close(fd));
	EXPECT_EQ(-1, close(fd));
	EXPECT_EQ(EBADF, errno);
}

/* ABI hygiene: padding must be zero; an unreadable argument block is EFAULT. */
TEST_F(section, abi_reserved)
{
	struct ntsection_basic_information info;
	struct ntsection_query_args q = {
		.info_class = NT_SECTION_BASIC_INFORMATION, .buffer = NTS_PTR(&info),
		.length = sizeof(info), .pad = 1,
	};
	struct ntsection_open_args o;
	struct nts_oa oa;
	uintptr_t handle;
	int fd, rc;

	ASSERT_EQ(NT_STATUS_SUCCESS, nts_create_anon(4096, RW, COMMIT, &fd));
	q.section_fd = fd;
	EXPECT_EQ(-1, ioctl(nts_device(), NTSECTION_IOC_QUERY, &q));
	EXPECT_EQ(EINVAL, errno);
	EXPECT_EQ(NT_STATUS_INVALID_PARAMETER, q.status);
	nts_open_args(&o, "\\BaseNamedObjects\\ntsection-pad", 0, NT_SECTION_QUERY, &oa,
		      &handle);
	o.pad = 0x80;
	EXPECT_EQ(NT_STATUS_INVALID_PARAMETER, nts_open_raw(&o, &rc));
	EXPECT_EQ(-1, rc);
	EXPECT_EQ(EINVAL, errno);
	EXPECT_EQ(-1, ioctl(nts_device(), NTSECTION_IOC_CREATE, (void *)16));
	EXPECT_EQ(EFAULT, errno);
	EXPECT_EQ(-1, ioctl(nts_device(), NTSECTION_IOC_OPEN, nts_page(PROT_NONE)));
	EXPECT_EQ(EFAULT, errno);
	close(fd);
}

/* ABI 2: the blocks have one layout for 64-bit and 32-bit callers alike. */
TEST_F(section, abi_layouts)
{
	EXPECT_EQ(48, sizeof(struct ntsection_create_args));
	EXPECT_EQ(32, sizeof(struct ntsection_open_args));
	EXPECT_EQ(64, sizeof(struct ntsection_map_args));
	EXPECT_EQ(40, sizeof(struct ntsection_query_args));
	EXPECT_EQ(16, sizeof(struct ntsection_extend_args));
	EXPECT_EQ(8, sizeof(struct ntsection_mode_descriptor));
	EXPECT_EQ(48, _IOC_SIZE(NTSECTION_IOC_CREATE));
	EXPECT_EQ(64, _IOC_SIZE(NTSECTION_IOC_MAP));
	/* What the pointers lead to is the caller's own data model. */
	EXPECT_EQ(6 * sizeof(void *), sizeof(struct nts_object_attributes));
	EXPECT_EQ(2 * sizeof(void *), sizeof(struct nts_unicode_string));
	EXPECT_EQ(4, NTSECTION_FD_TO_HANDLE(0));
	EXPECT_EQ(0x1000, NTSECTION_FD_TO_HANDLE(1023));
	EXPECT_EQ(1023, NTSECTION_HANDLE_TO_FD(0x1000ULL));
	EXPECT_EQ(1023, NTSECTION_HANDLE_TO_FD(0x1003ULL));	/* low bits ignored */
	EXPECT_EQ(-1, NTSECTION_HANDLE_TO_FD(0ULL));
}

TEST_HARNESS_MAIN
