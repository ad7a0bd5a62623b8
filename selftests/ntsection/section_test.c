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
		NT_SEC_NOCACHE, NT_SEC_FILE,
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

/* §8: NtQuerySection's checks. */
TEST_F(section, query_errors)
{
	struct ntsection_basic_information info;
	struct ntsection_query_args a = { .buffer = (uintptr_t)&info, .length = sizeof(info) };
	int fd;

	ASSERT_EQ(NT_STATUS_SUCCESS, nts_create_anon(4096, RW, COMMIT, &fd));
	a.section_fd = fd;
	a.length = 23;
	EXPECT_EQ(-1, ioctl(nts_device(), NTSECTION_IOC_QUERY, &a));
	EXPECT_EQ(NT_STATUS_INFO_LENGTH_MISMATCH, a.status);
	a.length = 4096;	/* larger is fine */
	EXPECT_EQ(0, ioctl(nts_device(), NTSECTION_IOC_QUERY, &a));
	EXPECT_EQ(NT_STATUS_SUCCESS, a.status);
	EXPECT_EQ(24ULL, a.return_length);
	a.info_class = NT_SECTION_IMAGE_INFORMATION;
	EXPECT_EQ(-1, ioctl(nts_device(), NTSECTION_IOC_QUERY, &a));
	EXPECT_EQ(NT_STATUS_SECTION_NOT_IMAGE, a.status);
	a.info_class = 7;
	EXPECT_EQ(-1, ioctl(nts_device(), NTSECTION_IOC_QUERY, &a));
	EXPECT_EQ(NT_STATUS_INVALID_INFO_CLASS, a.status);
	a.info_class = NT_SECTION_BASIC_INFORMATION;
	a.buffer = 16;	/* unmapped */
	EXPECT_EQ(-1, ioctl(nts_device(), NTSECTION_IOC_QUERY, &a));
	EXPECT_EQ(NT_STATUS_ACCESS_VIOLATION, a.status);
	a.section_fd = 999;
	a.buffer = (uintptr_t)&info;
	EXPECT_EQ(-1, ioctl(nts_device(), NTSECTION_IOC_QUERY, &a));
	EXPECT_EQ(NT_STATUS_INVALID_HANDLE, a.status);
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

/* §7: NtClose twice: the second is INVALID_HANDLE (EBADF for an fd). */
TEST_F(section, close_twice)
{
	int fd;

	ASSERT_EQ(NT_STATUS_SUCCESS, nts_create_anon(4096, RW, COMMIT, &fd));
	EXPECT_EQ(0, close(fd));
	EXPECT_EQ(-1, close(fd));
	EXPECT_EQ(EBADF, errno);
}

/* ABI hygiene: reserved fields and unknown flags are rejected. */
TEST_F(section, abi_reserved)
{
	struct ntsection_create_args a = {
		.desired_access = NT_SECTION_ALL_ACCESS, .protect = RW,
		.alloc_attributes = COMMIT, .file_fd = NTSECTION_NO_FILE,
		.size = 4096, .flags = NTSECTION_CREATE_SIZE_GIVEN, .reserved = 1,
	};

	EXPECT_EQ(-1, ioctl(nts_device(), NTSECTION_IOC_CREATE, &a));
	EXPECT_EQ(EINVAL, errno);
	EXPECT_EQ(NT_STATUS_INVALID_PARAMETER, a.status);
	a.reserved = 0;
	a.flags = 0x80;
	EXPECT_EQ(-1, ioctl(nts_device(), NTSECTION_IOC_CREATE, &a));
	EXPECT_EQ(EINVAL, errno);
	EXPECT_EQ(-1, ioctl(nts_device(), NTSECTION_IOC_CREATE, (void *)16));
	EXPECT_EQ(EFAULT, errno);
}

TEST_HARNESS_MAIN
