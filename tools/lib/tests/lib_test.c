// SPDX-License-Identifier: GPL-2.0-only
/*
 * libntsection tests: every function of <ntsection.h>, through the public
 * header only, as a program sees it: the statuses of the section calls
 * (OBJECT_ATTRIBUTES, pointers, handles, in Windows' order), which the kernel
 * decides in the one ioctl each call makes, and the rules the library owns
 * (handle encoding, private memory). Bad pointers must give
 * STATUS_ACCESS_VIOLATION, never a signal: a crash fails the test.
 */
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <sched.h>
#include <setjmp.h>
#include <signal.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <sys/mman.h>
#include <sys/ioctl.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include <linux/capability.h>
#include <linux/filter.h>
#include <linux/seccomp.h>

#include <ntsection.h>
#include "kselftest_harness.h"
#include "lt.h"

#ifndef SYS_pidfd_open
#define SYS_pidfd_open 434
#endif

#define KIB		1024ULL
#define GRAN		0x10000ULL
#define PAGE		0x1000ULL
#define LT_KERNEL	((void *)0xffff800000000000UL)
#define LT_GARBAGE	((HANDLE)0xdeadbee0UL)

/* Tests of the "dev" fixture need the device; without it they are skipped. */
FIXTURE(dev) {
	int unused;
};

FIXTURE_SETUP(dev)
{
	if (access("/dev/ntsection", F_OK))
		SKIP(return, "/dev/ntsection is missing (is ntsection.ko loaded?)");
}

FIXTURE_TEARDOWN(dev)
{
}

/**
 * struct lt_name - an NT name and the OBJECT_ATTRIBUTES naming it
 * @buf: the UTF-16 path
 * @us: a UNICODE_STRING of @buf
 * @oa: OBJECT_ATTRIBUTES with @us
 */
struct lt_name {
	WCHAR buf[300];
	UNICODE_STRING us;
	OBJECT_ATTRIBUTES oa;
};

/* \BaseNamedObjects\lt-@leaf, or @leaf itself when it starts with '\' or '.'. */
static void lt_name(struct lt_name *n, const char *leaf, ULONG attrs)
{
	char full[300];
	size_t i;

	if (leaf[0] == '\\')
		snprintf(full, sizeof(full), "%s", leaf);
	else if (leaf[0] == '.')
		snprintf(full, sizeof(full), "%s", leaf + 1);
	else
		snprintf(full, sizeof(full), "\\BaseNamedObjects\\lt-%s", leaf);
	for (i = 0; full[i]; i++)
		n->buf[i] = (unsigned char)full[i];
	n->buf[i] = 0;
	RtlInitUnicodeString(&n->us, n->buf);
	InitializeObjectAttributes(&n->oa, &n->us, attrs, NULL, NULL);
}

static NTSTATUS lt_create(HANDLE *h, POBJECT_ATTRIBUTES oa, LONGLONG size, ULONG protect,
			  ULONG attrs)
{
	LARGE_INTEGER s = { .QuadPart = size };

	return NtCreateSection(h, SECTION_ALL_ACCESS, oa, &s, protect, attrs, NULL);
}

/* A view of the whole section, anywhere; NULL on failure. */
static char *lt_map(HANDLE h, ULONG protect, SIZE_T *size)
{
	PVOID base = NULL;
	SIZE_T vs = 0;

	if (NtMapViewOfSection(h, NtCurrentProcess(), &base, 0, 0, NULL, &vs, ViewShare, 0,
			       protect))
		return NULL;
	if (size)
		*size = vs;
	return base;
}

/* A page with protection @prot: bad pointers of the readable/writable kind. */
static void *lt_page(int prot)
{
	void *p = mmap(NULL, PAGE, prot, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

	return p == MAP_FAILED ? NULL : p;
}

/* Views of pagefile sections in this process (lines of /proc/self/maps). */
static int lt_count_views(void)
{
	FILE *f = fopen("/proc/self/maps", "r");
	char line[512];
	int n = 0;

	while (f && fgets(line, sizeof(line), f))
		n += !!strstr(line, " /ntsection");
	if (f)
		fclose(f);
	return n;
}

/* A temporary file of @size bytes opened with @flags; its HANDLE in *@h. */
static int lt_file(unsigned long long size, int flags, HANDLE *h)
{
	char path[] = "/tmp/lt-XXXXXX";
	int fd = mkstemp(path);

	if (fd < 0)
		return -1;
	if (size && ftruncate(fd, (off_t)size))
		return -1;
	close(fd);
	fd = open(path, flags);
	unlink(path);
	*h = ntsection_handle_from_fd(fd);
	return fd;
}

static NTSTATUS lt_query_vm(void *addr, MEMORY_BASIC_INFORMATION *mbi)
{
	memset(mbi, 0xa5, sizeof(*mbi));
	return NtQueryVirtualMemory(NtCurrentProcess(), addr, MemoryBasicInformation, mbi,
				    sizeof(*mbi), NULL);
}

/* A private reservation (and commitment) of @size bytes; NULL on failure. */
static char *lt_alloc(SIZE_T size, ULONG type, ULONG protect)
{
	PVOID base = NULL;

	if (NtAllocateVirtualMemory(NtCurrentProcess(), &base, 0, &size, type, protect))
		return NULL;
	return base;
}

/* ===================================================================== */
/* Types, constants, macros.                                              */

TEST(types_have_windows_sizes)
{
	EXPECT_EQ(2, sizeof(WCHAR));
	EXPECT_EQ(4, sizeof(ULONG));
	EXPECT_EQ(4, sizeof(LONG));
	EXPECT_EQ(4, sizeof(NTSTATUS));
	EXPECT_EQ(4, sizeof(ACCESS_MASK));
	EXPECT_EQ(sizeof(void *), sizeof(HANDLE));
	EXPECT_EQ(sizeof(void *), sizeof(SIZE_T));
	EXPECT_EQ(sizeof(void *), sizeof(ULONG_PTR));
	EXPECT_EQ(8, sizeof(LARGE_INTEGER));
	EXPECT_EQ(1, sizeof(BOOLEAN));
#ifdef __x86_64__
	EXPECT_EQ(16, sizeof(UNICODE_STRING));
	EXPECT_EQ(48, sizeof(OBJECT_ATTRIBUTES));
	EXPECT_EQ(24, sizeof(SECTION_BASIC_INFORMATION));
	EXPECT_EQ(8, offsetof(SECTION_BASIC_INFORMATION, Attributes));
	EXPECT_EQ(16, offsetof(SECTION_BASIC_INFORMATION, Size));
	EXPECT_EQ(64, sizeof(SECTION_IMAGE_INFORMATION));
	EXPECT_EQ(48, sizeof(MEMORY_BASIC_INFORMATION));
	EXPECT_EQ(24, offsetof(MEMORY_BASIC_INFORMATION, RegionSize));
	EXPECT_EQ(16, sizeof(IO_STATUS_BLOCK));
	EXPECT_EQ(8, offsetof(IO_STATUS_BLOCK, Information));
#endif
}

TEST(large_integer_parts)
{
	LARGE_INTEGER li = { .QuadPart = 0x1234567800000009LL };

	EXPECT_EQ(9U, li.LowPart);
	EXPECT_EQ(0x12345678, li.HighPart);
	EXPECT_EQ(9U, li.u.LowPart);
	EXPECT_EQ(0x12345678, li.u.HighPart);
}

struct lt_const {
	const char *name;
	unsigned long long value;
	unsigned long long spec;
};

#define C(name, spec) { #name, (ULONG)(name), spec }

/* SPEC §2, value by value. */
static const struct lt_const lt_consts[] = {
	C(STATUS_SUCCESS, 0x00000000), C(STATUS_OBJECT_NAME_EXISTS, 0x40000000),
	C(STATUS_IMAGE_NOT_AT_BASE, 0x40000003), C(STATUS_GUARD_PAGE_VIOLATION, 0x80000001),
	C(STATUS_DATATYPE_MISALIGNMENT, 0x80000002), C(STATUS_UNSUCCESSFUL, 0xC0000001),
	C(STATUS_NOT_IMPLEMENTED, 0xC0000002), C(STATUS_INVALID_INFO_CLASS, 0xC0000003),
	C(STATUS_INFO_LENGTH_MISMATCH, 0xC0000004), C(STATUS_ACCESS_VIOLATION, 0xC0000005),
	C(STATUS_INVALID_HANDLE, 0xC0000008), C(STATUS_INVALID_PARAMETER, 0xC000000D),
	C(STATUS_NO_MEMORY, 0xC0000017), C(STATUS_CONFLICTING_ADDRESSES, 0xC0000018),
	C(STATUS_NOT_MAPPED_VIEW, 0xC0000019), C(STATUS_UNABLE_TO_DELETE_SECTION, 0xC000001B),
	C(STATUS_INVALID_VIEW_SIZE, 0xC000001F), C(STATUS_INVALID_FILE_FOR_SECTION, 0xC0000020),
	C(STATUS_ALREADY_COMMITTED, 0xC0000021), C(STATUS_ACCESS_DENIED, 0xC0000022),
	C(STATUS_OBJECT_TYPE_MISMATCH, 0xC0000024), C(STATUS_OBJECT_NAME_INVALID, 0xC0000033),
	C(STATUS_OBJECT_NAME_NOT_FOUND, 0xC0000034), C(STATUS_OBJECT_NAME_COLLISION, 0xC0000035),
	C(STATUS_OBJECT_PATH_NOT_FOUND, 0xC000003A), C(STATUS_OBJECT_PATH_SYNTAX_BAD, 0xC000003B),
	C(STATUS_SECTION_TOO_BIG, 0xC0000040), C(STATUS_INVALID_PAGE_PROTECTION, 0xC0000045),
	C(STATUS_SECTION_NOT_IMAGE, 0xC0000049), C(STATUS_SECTION_PROTECTION, 0xC000004E),
	C(STATUS_INVALID_IMAGE_FORMAT, 0xC000007B), C(STATUS_SECTION_NOT_EXTENDED, 0xC0000087),
	C(STATUS_INSUFFICIENT_RESOURCES, 0xC000009A), C(STATUS_NOT_SUPPORTED, 0xC00000BB),
	C(STATUS_INVALID_PARAMETER_1, 0xC00000EF), C(STATUS_INVALID_PARAMETER_2, 0xC00000F0),
	C(STATUS_INVALID_PARAMETER_3, 0xC00000F1), C(STATUS_INVALID_PARAMETER_4, 0xC00000F2),
	C(STATUS_INVALID_PARAMETER_5, 0xC00000F3), C(STATUS_INVALID_PARAMETER_6, 0xC00000F4),
	C(STATUS_INVALID_PARAMETER_7, 0xC00000F5), C(STATUS_INVALID_PARAMETER_8, 0xC00000F6),
	C(STATUS_INVALID_PARAMETER_9, 0xC00000F7), C(STATUS_INVALID_PARAMETER_10, 0xC00000F8),
	C(STATUS_INVALID_PARAMETER_11, 0xC00000F9), C(STATUS_INVALID_PARAMETER_12, 0xC00000FA),
	C(STATUS_MAPPED_FILE_SIZE_ZERO, 0xC000011E), C(STATUS_COMMITMENT_LIMIT, 0xC000012D),
	C(STATUS_INVALID_IMAGE_NOT_MZ, 0xC000012F), C(STATUS_INVALID_IMAGE_PROTECT, 0xC0000130),
	C(STATUS_INVALID_IMAGE_WIN_16, 0xC0000131), C(STATUS_INVALID_IMAGE_NE_FORMAT, 0xC000011B),
	C(STATUS_MAPPED_ALIGNMENT, 0xC0000220),
	C(STATUS_USER_MAPPED_FILE, 0xC0000243),
	C(STATUS_UNABLE_TO_FREE_VM, 0xC000001A), C(STATUS_NOT_COMMITTED, 0xC000002D),
	C(STATUS_FREE_VM_NOT_AT_BASE, 0xC000009F), C(STATUS_MEMORY_NOT_ALLOCATED, 0xC00000A0),
	C(PAGE_NOACCESS, 0x01), C(PAGE_READONLY, 0x02), C(PAGE_READWRITE, 0x04),
	C(PAGE_WRITECOPY, 0x08), C(PAGE_EXECUTE, 0x10), C(PAGE_EXECUTE_READ, 0x20),
	C(PAGE_EXECUTE_READWRITE, 0x40), C(PAGE_EXECUTE_WRITECOPY, 0x80), C(PAGE_GUARD, 0x100),
	C(PAGE_NOCACHE, 0x200), C(PAGE_WRITECOMBINE, 0x400),
	C(SEC_FILE, 0x00800000), C(SEC_IMAGE, 0x01000000), C(SEC_RESERVE, 0x04000000),
	C(SEC_COMMIT, 0x08000000), C(SEC_NOCACHE, 0x10000000), C(SEC_WRITECOMBINE, 0x40000000),
	C(SEC_LARGE_PAGES, 0x80000000), C(SEC_IMAGE_NO_EXECUTE, 0x11000000),
	C(SEC_BASED, 0x00200000), C(SEC_NO_CHANGE, 0x00400000),
	C(MEM_COMMIT, 0x1000), C(MEM_RESERVE, 0x2000), C(MEM_DECOMMIT, 0x4000),
	C(MEM_RELEASE, 0x8000), C(MEM_FREE, 0x10000), C(MEM_PRIVATE, 0x20000),
	C(MEM_MAPPED, 0x40000), C(MEM_TOP_DOWN, 0x100000), C(MEM_IMAGE, 0x1000000),
	C(MEM_LARGE_PAGES, 0x20000000), C(AT_ROUND_TO_PAGE, 0x40000000),
	C(MEM_RESET, 0x80000), C(MEM_WRITE_WATCH, 0x200000), C(MEM_PHYSICAL, 0x400000),
	C(SECTION_QUERY, 0x1), C(SECTION_MAP_WRITE, 0x2), C(SECTION_MAP_READ, 0x4),
	C(SECTION_MAP_EXECUTE, 0x8), C(SECTION_EXTEND_SIZE, 0x10),
	C(SECTION_MAP_EXECUTE_EXPLICIT, 0x20), C(STANDARD_RIGHTS_REQUIRED, 0xF0000),
	C(SECTION_ALL_ACCESS, 0xF001F), C(GENERIC_READ, 0x80000000),
	C(GENERIC_WRITE, 0x40000000), C(GENERIC_EXECUTE, 0x20000000),
	C(GENERIC_ALL, 0x10000000),
	C(OBJ_INHERIT, 0x2), C(OBJ_PERMANENT, 0x10), C(OBJ_EXCLUSIVE, 0x20),
	C(OBJ_CASE_INSENSITIVE, 0x40), C(OBJ_OPENIF, 0x80), C(OBJ_OPENLINK, 0x100),
	C(OBJ_KERNEL_HANDLE, 0x200),
	C(ViewShare, 1), C(ViewUnmap, 2), C(SectionBasicInformation, 0),
	C(SectionImageInformation, 1), C(MemoryBasicInformation, 0),
};

TEST(constants_have_windows_values)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(lt_consts); i++) {
		if (lt_consts[i].value != lt_consts[i].spec) {
			TH_LOG("%s is 0x%llx, Windows has 0x%llx", lt_consts[i].name,
			       lt_consts[i].value, lt_consts[i].spec);
			_metadata->exit_code = KSFT_FAIL;
		}
	}
}

TEST(nt_success_and_friends)
{
	EXPECT_TRUE(NT_SUCCESS(STATUS_SUCCESS));
	EXPECT_TRUE(NT_SUCCESS(STATUS_OBJECT_NAME_EXISTS));
	EXPECT_FALSE(NT_SUCCESS(STATUS_GUARD_PAGE_VIOLATION));
	EXPECT_FALSE(NT_SUCCESS(STATUS_ACCESS_DENIED));
	EXPECT_TRUE(NT_INFORMATION(STATUS_OBJECT_NAME_EXISTS));
	EXPECT_TRUE(NT_WARNING(STATUS_DATATYPE_MISALIGNMENT));
	EXPECT_TRUE(NT_ERROR(STATUS_ACCESS_VIOLATION));
	EXPECT_TRUE(STATUS_ACCESS_DENIED < 0);
}

TEST(current_process_is_minus_one)
{
	EXPECT_EQ((HANDLE)-1, NtCurrentProcess());
	EXPECT_EQ((HANDLE)-1, ZwCurrentProcess());
}

TEST(initialize_object_attributes)
{
	UNICODE_STRING us;
	OBJECT_ATTRIBUTES oa;
	int sd;

	memset(&oa, 0xa5, sizeof(oa));
	InitializeObjectAttributes(&oa, &us, OBJ_CASE_INSENSITIVE, (HANDLE)8, &sd);
	EXPECT_EQ(sizeof(OBJECT_ATTRIBUTES), oa.Length);
	EXPECT_EQ((HANDLE)8, oa.RootDirectory);
	EXPECT_EQ(&us, oa.ObjectName);
	EXPECT_EQ(OBJ_CASE_INSENSITIVE, oa.Attributes);
	EXPECT_EQ((PVOID)&sd, oa.SecurityDescriptor);
	EXPECT_EQ(NULL, oa.SecurityQualityOfService);
}

TEST(rtl_init_unicode_string)
{
	static const WCHAR s[] = u"\\BaseNamedObjects\\x";
	UNICODE_STRING us;

	RtlInitUnicodeString(&us, s);
	EXPECT_EQ(19 * 2, us.Length);
	EXPECT_EQ(20 * 2, us.MaximumLength);
	EXPECT_EQ((PCWSTR)s, (PCWSTR)us.Buffer);
	RtlInitUnicodeString(&us, u"");
	EXPECT_EQ(0, us.Length);
	EXPECT_EQ(2, us.MaximumLength);
	RtlInitUnicodeString(&us, NULL);
	EXPECT_EQ(0, us.Length);
	EXPECT_EQ(0, us.MaximumLength);
	EXPECT_EQ(NULL, us.Buffer);
}

/* ===================================================================== */
/* Handles.                                                               */

TEST(handle_encoding)
{
	HANDLE h0 = ntsection_handle_from_fd(0);

	EXPECT_NE(NULL, h0);
	EXPECT_EQ(0, (ULONG_PTR)h0 & 3);
	EXPECT_NE(NtCurrentProcess(), h0);
	EXPECT_EQ(0, ntsection_fd_from_handle(h0));
	EXPECT_EQ(5, ntsection_fd_from_handle(ntsection_handle_from_fd(5)));
	EXPECT_EQ(123456, ntsection_fd_from_handle(ntsection_handle_from_fd(123456)));
	EXPECT_EQ(NULL, ntsection_handle_from_fd(-1));
	/* The low two bits are ignored, as on Windows. */
	h0 = (HANDLE)((ULONG_PTR)ntsection_handle_from_fd(7) | 3);
	EXPECT_EQ(7, ntsection_fd_from_handle(h0));
}

TEST(handle_decoding_rejects_non_handles)
{
	errno = 0;
	EXPECT_EQ(-1, ntsection_fd_from_handle(NULL));
	EXPECT_EQ(EBADF, errno);
	EXPECT_EQ(-1, ntsection_fd_from_handle(NtCurrentProcess()));
	EXPECT_EQ(-1, ntsection_fd_from_handle((HANDLE)-2));
	EXPECT_EQ(-1, ntsection_fd_from_handle((HANDLE)2));
	EXPECT_EQ(-1, ntsection_fd_from_handle((HANDLE)0x7ffffffff000UL));
}

TEST_F(dev, handle_is_a_cloexec_fd)
{
	struct lt_name n;
	char link[64], target[64];
	HANDLE h;
	ssize_t len;
	int fd;

	ASSERT_STATUS(STATUS_SUCCESS, lt_create(&h, NULL, 4096, PAGE_READWRITE, SEC_COMMIT));
	fd = ntsection_fd_from_handle(h);
	ASSERT_GE(fd, 0);
	EXPECT_EQ(h, ntsection_handle_from_fd(fd));
	EXPECT_TRUE(fcntl(fd, F_GETFD) & FD_CLOEXEC);
	snprintf(link, sizeof(link), "/proc/self/fd/%d", fd);
	len = readlink(link, target, sizeof(target) - 1);
	ASSERT_GT(len, 0);
	target[len] = 0;
	EXPECT_STREQ("anon_inode:[ntsection]", target);
	EXPECT_STATUS(STATUS_SUCCESS, NtClose(h));
	/* OBJ_INHERIT: a handle a child program gets. */
	lt_name(&n, "inherit", OBJ_INHERIT);
	ASSERT_STATUS(STATUS_SUCCESS, lt_create(&h, &n.oa, 4096, PAGE_READWRITE, SEC_COMMIT));
	EXPECT_FALSE(fcntl(ntsection_fd_from_handle(h), F_GETFD) & FD_CLOEXEC);
	NtClose(h);
}

/* ===================================================================== */
/* NtCreateSection.                                                       */

TEST_F(dev, create_unnamed)
{
	SECTION_BASIC_INFORMATION sbi;
	HANDLE h = LT_GARBAGE;

	ASSERT_STATUS(STATUS_SUCCESS, lt_create(&h, NULL, 5000, PAGE_READWRITE, SEC_COMMIT));
	EXPECT_NE(NULL, h);
	ASSERT_STATUS(STATUS_SUCCESS, NtQuerySection(h, SectionBasicInformation, &sbi,
						     sizeof(sbi), NULL));
	EXPECT_EQ(8192, sbi.Size.QuadPart);
	EXPECT_EQ(SEC_COMMIT, sbi.Attributes);
	EXPECT_STATUS(STATUS_SUCCESS, NtClose(h));
}

TEST_F(dev, create_named_then_open)
{
	struct lt_name n;
	HANDLE h1, h2;
	char *v1, *v2;

	lt_name(&n, "named", 0);
	ASSERT_STATUS(STATUS_SUCCESS, lt_create(&h1, &n.oa, 65536, PAGE_READWRITE, SEC_COMMIT));
	ASSERT_STATUS(STATUS_SUCCESS, NtOpenSection(&h2, SECTION_MAP_READ | SECTION_MAP_WRITE,
						    &n.oa));
	EXPECT_NE(h1, h2);
	v1 = lt_map(h1, PAGE_READWRITE, NULL);
	v2 = lt_map(h2, PAGE_READWRITE, NULL);
	ASSERT_NE(NULL, v1);
	ASSERT_NE(NULL, v2);
	memcpy(v1, "shared", 7);
	EXPECT_STREQ("shared", v2);
	NtClose(h1);
	NtClose(h2);
}

TEST_F(dev, create_statuses_come_from_the_kernel)
{
	LARGE_INTEGER zero = { .QuadPart = 0 };
	HANDLE h;

	h = LT_GARBAGE;
	EXPECT_STATUS(STATUS_INVALID_PARAMETER_6, lt_create(&h, NULL, 4096, PAGE_READWRITE, 0));
	EXPECT_EQ(NULL, h);	/* SPEC §4: NULL on failure */
	EXPECT_STATUS(STATUS_INVALID_PARAMETER_6,
		      lt_create(&h, NULL, 4096, PAGE_READWRITE, SEC_COMMIT | SEC_RESERVE));
	EXPECT_STATUS(STATUS_INVALID_PAGE_PROTECTION,
		      lt_create(&h, NULL, 4096, PAGE_NOACCESS, SEC_COMMIT));
	EXPECT_STATUS(STATUS_INVALID_PAGE_PROTECTION,
		      lt_create(&h, NULL, 4096, PAGE_READWRITE | PAGE_GUARD, SEC_COMMIT));
	EXPECT_STATUS(STATUS_INVALID_PARAMETER_4,
		      lt_create(&h, NULL, 0, PAGE_READWRITE, SEC_COMMIT));
	EXPECT_STATUS(STATUS_INVALID_PARAMETER_4,
		      NtCreateSection(&h, SECTION_ALL_ACCESS, NULL, NULL, PAGE_READWRITE,
				      SEC_COMMIT, NULL));
	EXPECT_STATUS(STATUS_SECTION_TOO_BIG,
		      lt_create(&h, NULL, -4096, PAGE_READWRITE, SEC_RESERVE));
	EXPECT_STATUS(STATUS_INVALID_FILE_FOR_SECTION,
		      lt_create(&h, NULL, 4096, PAGE_READONLY, SEC_IMAGE));
	EXPECT_STATUS(STATUS_INVALID_PARAMETER_4,
		      NtCreateSection(&h, SECTION_ALL_ACCESS, NULL, &zero, PAGE_READWRITE,
				      SEC_COMMIT, NULL));
}

TEST_F(dev, create_name_collision_and_openif)
{
	SECTION_BASIC_INFORMATION sbi;
	struct lt_name n;
	HANDLE h1, h2 = LT_GARBAGE;

	lt_name(&n, "collide", 0);
	ASSERT_STATUS(STATUS_SUCCESS, lt_create(&h1, &n.oa, 4096, PAGE_READWRITE, SEC_COMMIT));
	EXPECT_STATUS(STATUS_OBJECT_NAME_COLLISION,
		      lt_create(&h2, &n.oa, 8192, PAGE_READWRITE, SEC_COMMIT));
	EXPECT_EQ(NULL, h2);
	n.oa.Attributes = OBJ_OPENIF;
	ASSERT_STATUS(STATUS_OBJECT_NAME_EXISTS,
		      lt_create(&h2, &n.oa, 8192, PAGE_READWRITE, SEC_COMMIT));
	ASSERT_NE(NULL, h2);
	ASSERT_STATUS(STATUS_SUCCESS, NtQuerySection(h2, SectionBasicInformation, &sbi,
						     sizeof(sbi), NULL));
	EXPECT_EQ(4096, sbi.Size.QuadPart);	/* the existing section's */
	NtClose(h1);
	NtClose(h2);
}

TEST_F(dev, create_file_backed)
{
	SECTION_BASIC_INFORMATION sbi;
	HANDLE file, h;
	char *v;
	int fd;

	fd = lt_file(10000, O_RDWR, &file);
	ASSERT_GE(fd, 0);
	ASSERT_STATUS(STATUS_SUCCESS, NtCreateSection(&h, SECTION_ALL_ACCESS, NULL, NULL,
						      PAGE_READWRITE, SEC_COMMIT, file));
	ASSERT_STATUS(STATUS_SUCCESS, NtQuerySection(h, SectionBasicInformation, &sbi,
						     sizeof(sbi), NULL));
	EXPECT_EQ(10000, sbi.Size.QuadPart);
	EXPECT_EQ(SEC_FILE, sbi.Attributes);
	v = lt_map(h, PAGE_READWRITE, NULL);
	ASSERT_NE(NULL, v);
	v[0] = 'F';
	EXPECT_STATUS(STATUS_SUCCESS, NtUnmapViewOfSection(NtCurrentProcess(), v));
	EXPECT_EQ(1, pread(fd, &sbi, 1, 0));
	EXPECT_EQ('F', *(char *)&sbi);
	NtClose(h);
	close(fd);
}

TEST_F(dev, create_file_handles)
{
	HANDLE h, file, sec;
	int fd;

	EXPECT_STATUS(STATUS_INVALID_HANDLE,
		      NtCreateSection(&h, SECTION_ALL_ACCESS, NULL, NULL, PAGE_READONLY,
				      SEC_COMMIT, LT_GARBAGE));
	/* Valid handles to things that are no file: NtCurrentProcess(), a section. */
	EXPECT_STATUS(STATUS_OBJECT_TYPE_MISMATCH,
		      NtCreateSection(&h, SECTION_ALL_ACCESS, NULL, NULL, PAGE_READONLY,
				      SEC_COMMIT, NtCurrentProcess()));
	ASSERT_STATUS(STATUS_SUCCESS, lt_create(&sec, NULL, 4096, PAGE_READWRITE, SEC_COMMIT));
	EXPECT_STATUS(STATUS_OBJECT_TYPE_MISMATCH,
		      NtCreateSection(&h, SECTION_ALL_ACCESS, NULL, NULL, PAGE_READONLY,
				      SEC_COMMIT, sec));
	/* A file opened read-only backs no writable section. */
	fd = lt_file(4096, O_RDONLY, &file);
	ASSERT_GE(fd, 0);
	EXPECT_STATUS(STATUS_ACCESS_DENIED,
		      NtCreateSection(&h, SECTION_ALL_ACCESS, NULL, NULL, PAGE_READWRITE,
				      SEC_COMMIT, file));
	EXPECT_STATUS(STATUS_SUCCESS, NtCreateSection(&h, SECTION_ALL_ACCESS, NULL, NULL,
						      PAGE_READONLY, SEC_COMMIT, file));
	NtClose(h);
	NtClose(sec);
	close(fd);
}

TEST_F(dev, create_bad_section_handle_pointer)
{
	struct lt_name n;
	HANDLE h;
	void *ro = lt_page(PROT_READ);

	EXPECT_STATUS(STATUS_ACCESS_VIOLATION,
		      lt_create(NULL, NULL, 4096, PAGE_READWRITE, SEC_COMMIT));
	EXPECT_STATUS(STATUS_ACCESS_VIOLATION,
		      lt_create((PHANDLE)1, NULL, 4096, PAGE_READWRITE, SEC_COMMIT));
	EXPECT_STATUS(STATUS_ACCESS_VIOLATION,
		      lt_create(lt_page(PROT_NONE), NULL, 4096, PAGE_READWRITE, SEC_COMMIT));
	EXPECT_STATUS(STATUS_ACCESS_VIOLATION,
		      lt_create(LT_KERNEL, NULL, 4096, PAGE_READWRITE, SEC_COMMIT));
	/* Readable but not writable: the section made is taken back. */
	lt_name(&n, "ro-handle", 0);
	EXPECT_STATUS(STATUS_ACCESS_VIOLATION,
		      lt_create(ro, &n.oa, 4096, PAGE_READWRITE, SEC_COMMIT));
	EXPECT_STATUS(STATUS_OBJECT_NAME_NOT_FOUND, NtOpenSection(&h, SECTION_QUERY, &n.oa));
}

TEST_F(dev, create_bad_pointers_come_after_attributes_and_protection)
{
	/* Windows probes after INVALID_PARAMETER_6 and the protection... */
	EXPECT_STATUS(STATUS_INVALID_PARAMETER_6, lt_create(NULL, NULL, 4096, PAGE_READWRITE, 0));
	EXPECT_STATUS(STATUS_INVALID_PAGE_PROTECTION,
		      lt_create(NULL, NULL, 4096, 0x3, SEC_COMMIT));
	/* ...and before the size. */
	EXPECT_STATUS(STATUS_ACCESS_VIOLATION,
		      lt_create(NULL, NULL, 0, PAGE_READWRITE, SEC_COMMIT));
	EXPECT_STATUS(STATUS_INVALID_PARAMETER_6,
		      NtCreateSection(NULL, SECTION_ALL_ACCESS, NULL, lt_page(PROT_NONE),
				      PAGE_READWRITE, 0, NULL));
}

TEST_F(dev, create_bad_maximum_size_pointer)
{
	HANDLE h = LT_GARBAGE;

	EXPECT_STATUS(STATUS_ACCESS_VIOLATION,
		      NtCreateSection(&h, SECTION_ALL_ACCESS, NULL, lt_page(PROT_NONE),
				      PAGE_READWRITE, SEC_COMMIT, NULL));
	EXPECT_EQ(NULL, h);
	EXPECT_STATUS(STATUS_ACCESS_VIOLATION,
		      NtCreateSection(&h, SECTION_ALL_ACCESS, NULL, LT_KERNEL, PAGE_READWRITE,
				      SEC_COMMIT, NULL));
	EXPECT_STATUS(STATUS_ACCESS_VIOLATION,
		      NtCreateSection(&h, SECTION_ALL_ACCESS, NULL, (PLARGE_INTEGER)8,
				      PAGE_READWRITE, SEC_COMMIT, NULL));
}

TEST_F(dev, object_attributes_length)
{
	struct lt_name n;
	HANDLE h;
	ULONG len;

	lt_name(&n, "oalen", 0);
	for (len = 0; len <= 2 * sizeof(OBJECT_ATTRIBUTES); len++) {
		if (len == sizeof(OBJECT_ATTRIBUTES))
			continue;
		n.oa.Length = len;
		EXPECT_STATUS(STATUS_INVALID_PARAMETER,
			      lt_create(&h, &n.oa, 4096, PAGE_READWRITE, SEC_COMMIT));
		EXPECT_STATUS(STATUS_INVALID_PARAMETER, NtOpenSection(&h, SECTION_QUERY, &n.oa));
	}
	/* Captured where Windows makes the object: after the section's own checks. */
	n.oa.Length = 1;
	EXPECT_STATUS(STATUS_INVALID_PARAMETER_6, lt_create(&h, &n.oa, 4096, PAGE_READWRITE, 0));
	EXPECT_STATUS(STATUS_INVALID_PAGE_PROTECTION,
		      lt_create(&h, &n.oa, 4096, PAGE_NOACCESS, SEC_COMMIT));
	EXPECT_STATUS(STATUS_INVALID_PARAMETER_4,
		      lt_create(&h, &n.oa, 0, PAGE_READWRITE, SEC_COMMIT));
	EXPECT_STATUS(STATUS_SECTION_TOO_BIG,
		      lt_create(&h, &n.oa, -1, PAGE_READWRITE, SEC_RESERVE));
	EXPECT_STATUS(STATUS_INVALID_HANDLE,
		      NtCreateSection(&h, SECTION_ALL_ACCESS, &n.oa, NULL, PAGE_READONLY,
				      SEC_COMMIT, LT_GARBAGE));
}

TEST_F(dev, object_attributes_bad_pointers)
{
	struct lt_name n;
	UNICODE_STRING us;
	HANDLE h = LT_GARBAGE;

	EXPECT_STATUS(STATUS_ACCESS_VIOLATION,
		      lt_create(&h, lt_page(PROT_NONE), 4096, PAGE_READWRITE, SEC_COMMIT));
	EXPECT_EQ(NULL, h);
	EXPECT_STATUS(STATUS_ACCESS_VIOLATION, NtOpenSection(&h, SECTION_QUERY, LT_KERNEL));
	lt_name(&n, "oaptr", 0);
	n.oa.ObjectName = (PUNICODE_STRING)0xdeadbeef;
	EXPECT_STATUS(STATUS_ACCESS_VIOLATION,
		      lt_create(&h, &n.oa, 4096, PAGE_READWRITE, SEC_COMMIT));
	EXPECT_STATUS(STATUS_ACCESS_VIOLATION, NtOpenSection(&h, SECTION_QUERY, &n.oa));
	/* The name's buffer: copied by the kernel, which reports it. */
	us.Buffer = (PWSTR)0xdeadbee0;
	us.Length = 2;
	us.MaximumLength = 2;
	n.oa.ObjectName = &us;
	EXPECT_STATUS(STATUS_ACCESS_VIOLATION,
		      lt_create(&h, &n.oa, 4096, PAGE_READWRITE, SEC_COMMIT));
	EXPECT_STATUS(STATUS_ACCESS_VIOLATION, NtOpenSection(&h, SECTION_QUERY, &n.oa));
	us.Buffer = NULL;
	EXPECT_STATUS(STATUS_ACCESS_VIOLATION,
		      lt_create(&h, &n.oa, 4096, PAGE_READWRITE, SEC_COMMIT));
	EXPECT_STATUS(STATUS_ACCESS_VIOLATION, NtOpenSection(&h, SECTION_QUERY, &n.oa));
}

TEST_F(dev, object_attributes_null_object_name)
{
	OBJECT_ATTRIBUTES oa;
	HANDLE h = LT_GARBAGE;

	/* No name and no root: an unnamed section; opening it is a syntax error. */
	InitializeObjectAttributes(&oa, NULL, 0, NULL, NULL);
	ASSERT_STATUS(STATUS_SUCCESS, lt_create(&h, &oa, 4096, PAGE_READWRITE, SEC_COMMIT));
	NtClose(h);
	EXPECT_STATUS(STATUS_OBJECT_PATH_SYNTAX_BAD, NtOpenSection(&h, SECTION_QUERY, &oa));
	EXPECT_EQ(NULL, h);
	/* A root without a name: invalid. */
	oa.RootDirectory = LT_GARBAGE;
	EXPECT_STATUS(STATUS_OBJECT_NAME_INVALID,
		      lt_create(&h, &oa, 4096, PAGE_READWRITE, SEC_COMMIT));
	EXPECT_STATUS(STATUS_OBJECT_NAME_INVALID, NtOpenSection(&h, SECTION_QUERY, &oa));
}

TEST_F(dev, object_name_misaligned_buffer)
{
	static WCHAR raw[32];
	struct lt_name n;
	UNICODE_STRING us = { .Length = 3, .MaximumLength = 3, .Buffer = (PWSTR)((char *)raw + 1) };
	HANDLE h;

	lt_name(&n, "misaligned", 0);
	n.oa.ObjectName = &us;
	EXPECT_STATUS(STATUS_DATATYPE_MISALIGNMENT,
		      lt_create(&h, &n.oa, 4096, PAGE_READWRITE, SEC_COMMIT));
	EXPECT_STATUS(STATUS_DATATYPE_MISALIGNMENT, NtOpenSection(&h, SECTION_QUERY, &n.oa));
}

TEST_F(dev, object_name_odd_length)
{
	struct lt_name n;
	HANDLE h;

	lt_name(&n, "odd", 0);
	n.us.Length = 5;
	EXPECT_STATUS(STATUS_OBJECT_NAME_INVALID,
		      lt_create(&h, &n.oa, 4096, PAGE_READWRITE, SEC_COMMIT));
	EXPECT_STATUS(STATUS_OBJECT_NAME_INVALID, NtOpenSection(&h, SECTION_QUERY, &n.oa));
}

TEST_F(dev, object_name_empty)
{
	struct lt_name n;
	HANDLE h = LT_GARBAGE;

	lt_name(&n, "empty", 0);
	n.us.Length = 0;
	/* Empty at create: unnamed, whatever the root. */
	ASSERT_STATUS(STATUS_SUCCESS, lt_create(&h, &n.oa, 4096, PAGE_READWRITE, SEC_COMMIT));
	NtClose(h);
	n.oa.RootDirectory = LT_GARBAGE;
	ASSERT_STATUS(STATUS_SUCCESS, lt_create(&h, &n.oa, 4096, PAGE_READWRITE, SEC_COMMIT));
	NtClose(h);
	n.oa.RootDirectory = NULL;
	EXPECT_STATUS(STATUS_OBJECT_NAME_INVALID, NtOpenSection(&h, SECTION_QUERY, &n.oa));
}

TEST_F(dev, object_name_paths)
{
	struct lt_name n;
	HANDLE h;

	lt_name(&n, ".relative", 0);
	EXPECT_STATUS(STATUS_OBJECT_PATH_SYNTAX_BAD,
		      lt_create(&h, &n.oa, 4096, PAGE_READWRITE, SEC_COMMIT));
	EXPECT_STATUS(STATUS_OBJECT_PATH_SYNTAX_BAD, NtOpenSection(&h, SECTION_QUERY, &n.oa));
	lt_name(&n, "\\NoSuchDirectory\\x", 0);
	EXPECT_STATUS(STATUS_OBJECT_PATH_NOT_FOUND,
		      lt_create(&h, &n.oa, 4096, PAGE_READWRITE, SEC_COMMIT));
	EXPECT_STATUS(STATUS_OBJECT_PATH_NOT_FOUND, NtOpenSection(&h, SECTION_QUERY, &n.oa));
}

TEST_F(dev, object_attributes_root_directory)
{
	struct lt_name n, abs;
	HANDLE h, sec;

	ASSERT_STATUS(STATUS_SUCCESS, lt_create(&sec, NULL, 4096, PAGE_READWRITE, SEC_COMMIT));
	lt_name(&n, ".rooted", 0);
	/* No directory objects exist: a root is garbage or not a directory. */
	n.oa.RootDirectory = LT_GARBAGE;
	EXPECT_STATUS(STATUS_INVALID_HANDLE,
		      lt_create(&h, &n.oa, 4096, PAGE_READWRITE, SEC_COMMIT));
	EXPECT_STATUS(STATUS_INVALID_HANDLE, NtOpenSection(&h, SECTION_QUERY, &n.oa));
	n.oa.RootDirectory = sec;
	EXPECT_STATUS(STATUS_OBJECT_TYPE_MISMATCH,
		      lt_create(&h, &n.oa, 4096, PAGE_READWRITE, SEC_COMMIT));
	EXPECT_STATUS(STATUS_OBJECT_TYPE_MISMATCH, NtOpenSection(&h, SECTION_QUERY, &n.oa));
	n.oa.RootDirectory = NtCurrentProcess();
	EXPECT_STATUS(STATUS_OBJECT_TYPE_MISMATCH,
		      lt_create(&h, &n.oa, 4096, PAGE_READWRITE, SEC_COMMIT));
	/* An empty name with a root opens the root itself: no section. */
	n.us.Length = 0;
	n.oa.RootDirectory = sec;
	EXPECT_STATUS(STATUS_OBJECT_TYPE_MISMATCH, NtOpenSection(&h, SECTION_QUERY, &n.oa));
	/* The root is looked at where the name is: earlier errors first. */
	lt_name(&n, ".rooted", 0);
	n.oa.RootDirectory = LT_GARBAGE;
	EXPECT_STATUS(STATUS_INVALID_PARAMETER_6, lt_create(&h, &n.oa, 4096, PAGE_READWRITE, 0));
	/* An absolute name with a root creates nothing. */
	lt_name(&abs, "abs-rooted", 0);
	abs.oa.RootDirectory = sec;
	EXPECT_STATUS(STATUS_OBJECT_TYPE_MISMATCH,
		      lt_create(&h, &abs.oa, 4096, PAGE_READWRITE, SEC_COMMIT));
	abs.oa.RootDirectory = NULL;
	EXPECT_STATUS(STATUS_OBJECT_NAME_NOT_FOUND, NtOpenSection(&h, SECTION_QUERY, &abs.oa));
	NtClose(sec);
}

/* Open @n as user nobody, in a child: the status. */
static NTSTATUS lt_open_as_nobody(struct lt_name *n, ACCESS_MASK access)
{
	int status;
	pid_t pid = fork();

	if (pid == 0) {
		NTSTATUS st;
		HANDLE h;

		if (setgid(65534) || setuid(65534))
			_exit(255);
		st = NtOpenSection(&h, access, &n->oa);
		_exit(st == STATUS_SUCCESS ? 0 : st == STATUS_ACCESS_DENIED ? 1 : 2);
	}
	if (pid < 0 || waitpid(pid, &status, 0) != pid || !WIFEXITED(status))
		return STATUS_UNSUCCESSFUL;
	switch (WEXITSTATUS(status)) {
	case 0:
		return STATUS_SUCCESS;
	case 1:
		return STATUS_ACCESS_DENIED;
	default:
		return STATUS_UNSUCCESSFUL;
	}
}

TEST_F(dev, create_mode_from_security_descriptor)
{
	NTSECTION_MODE_DESCRIPTOR md = { NTSECTION_MODE_DESCRIPTOR_MAGIC, 0644 };
	struct {
		UCHAR revision, sbz1;
		USHORT control;
		PVOID owner, group, sacl, dacl;
	} null_dacl = { 1, 0, 0x0004, NULL, NULL, NULL, NULL };
	struct lt_name n;
	HANDLE h;

	if (getuid() != 0)
		SKIP(return, "needs root to switch users");
	lt_name(&n, "mode-default", 0);
	ASSERT_STATUS(STATUS_SUCCESS, lt_create(&h, &n.oa, 4096, PAGE_READWRITE, SEC_COMMIT));
	EXPECT_STATUS(STATUS_ACCESS_DENIED, lt_open_as_nobody(&n, SECTION_QUERY));
	NtClose(h);

	lt_name(&n, "mode-0644", 0);
	n.oa.SecurityDescriptor = &md;
	ASSERT_STATUS(STATUS_SUCCESS, lt_create(&h, &n.oa, 4096, PAGE_READWRITE, SEC_COMMIT));
	EXPECT_STATUS(STATUS_SUCCESS, lt_open_as_nobody(&n, SECTION_MAP_READ));
	EXPECT_STATUS(STATUS_ACCESS_DENIED, lt_open_as_nobody(&n, SECTION_MAP_WRITE));
	NtClose(h);

	lt_name(&n, "mode-null-dacl", 0);
	n.oa.SecurityDescriptor = &null_dacl;
	ASSERT_STATUS(STATUS_SUCCESS, lt_create(&h, &n.oa, 4096, PAGE_READWRITE, SEC_COMMIT));
	EXPECT_STATUS(STATUS_SUCCESS, lt_open_as_nobody(&n, SECTION_MAP_WRITE));
	NtClose(h);

	md.Mode = 01000;
	lt_name(&n, "mode-bad", 0);
	n.oa.SecurityDescriptor = &md;
	EXPECT_STATUS(STATUS_INVALID_PARAMETER,
		      lt_create(&h, &n.oa, 4096, PAGE_READWRITE, SEC_COMMIT));
	n.oa.SecurityDescriptor = lt_page(PROT_NONE);
	EXPECT_STATUS(STATUS_ACCESS_VIOLATION,
		      lt_create(&h, &n.oa, 4096, PAGE_READWRITE, SEC_COMMIT));
}

TEST_F(dev, create_zw_alias)
{
	LARGE_INTEGER size = { .QuadPart = 4096 };
	HANDLE h;

	ASSERT_STATUS(STATUS_SUCCESS, ZwCreateSection(&h, SECTION_ALL_ACCESS, NULL, &size,
						      PAGE_READWRITE, SEC_COMMIT, NULL));
	EXPECT_STATUS(STATUS_SUCCESS, ZwClose(h));
	EXPECT_STATUS(STATUS_INVALID_PARAMETER_6, ZwCreateSection(&h, SECTION_ALL_ACCESS, NULL,
								  &size, PAGE_READWRITE, 0, NULL));
}

/* ===================================================================== */
/* NtOpenSection.                                                         */

TEST_F(dev, open_not_found)
{
	struct lt_name n;
	HANDLE h = LT_GARBAGE;

	lt_name(&n, "nobody-made-me", 0);
	EXPECT_STATUS(STATUS_OBJECT_NAME_NOT_FOUND, NtOpenSection(&h, SECTION_QUERY, &n.oa));
	EXPECT_EQ(NULL, h);
}

TEST_F(dev, open_null_attributes)
{
	HANDLE h = LT_GARBAGE;

	EXPECT_STATUS(STATUS_INVALID_PARAMETER, NtOpenSection(&h, SECTION_QUERY, NULL));
	EXPECT_EQ(NULL, h);
	/* The handle pointer is probed first. */
	EXPECT_STATUS(STATUS_ACCESS_VIOLATION, NtOpenSection(NULL, SECTION_QUERY, NULL));
	EXPECT_STATUS(STATUS_ACCESS_VIOLATION,
		      NtOpenSection(lt_page(PROT_NONE), SECTION_QUERY, NULL));
}

TEST_F(dev, open_read_only_handle_pointer)
{
	struct lt_name n;
	HANDLE h;

	lt_name(&n, "open-ro", 0);
	ASSERT_STATUS(STATUS_SUCCESS, lt_create(&h, &n.oa, 4096, PAGE_READWRITE, SEC_COMMIT));
	EXPECT_STATUS(STATUS_ACCESS_VIOLATION,
		      NtOpenSection(lt_page(PROT_READ), SECTION_QUERY, &n.oa));
	NtClose(h);
	/* The handle the failed open made was closed: the name is gone. */
	EXPECT_STATUS(STATUS_OBJECT_NAME_NOT_FOUND, NtOpenSection(&h, SECTION_QUERY, &n.oa));
}

TEST_F(dev, open_case_and_openlink)
{
	struct lt_name n, upper;
	HANDLE h, h2;

	lt_name(&n, "case", 0);
	lt_name(&upper, "\\BaseNamedObjects\\LT-CASE", 0);
	ASSERT_STATUS(STATUS_SUCCESS, lt_create(&h, &n.oa, 4096, PAGE_READWRITE, SEC_COMMIT));
	EXPECT_STATUS(STATUS_OBJECT_NAME_NOT_FOUND, NtOpenSection(&h2, SECTION_QUERY, &upper.oa));
	upper.oa.Attributes = OBJ_CASE_INSENSITIVE;
	EXPECT_STATUS(STATUS_SUCCESS, NtOpenSection(&h2, SECTION_QUERY, &upper.oa));
	NtClose(h2);
	n.oa.Attributes = OBJ_OPENLINK;
	EXPECT_STATUS(STATUS_INVALID_PARAMETER, NtOpenSection(&h2, SECTION_QUERY, &n.oa));
	NtClose(h);
}

TEST_F(dev, open_generic_access_maps)
{
	struct lt_name n;
	HANDLE h, ro;
	PVOID base = NULL;
	SIZE_T size = 0;

	lt_name(&n, "generic", 0);
	ASSERT_STATUS(STATUS_SUCCESS, lt_create(&h, &n.oa, 4096, PAGE_READWRITE, SEC_COMMIT));
	ASSERT_STATUS(STATUS_SUCCESS, NtOpenSection(&ro, GENERIC_READ, &n.oa));
	EXPECT_STATUS(STATUS_ACCESS_DENIED,
		      NtMapViewOfSection(ro, NtCurrentProcess(), &base, 0, 0, NULL, &size,
					 ViewShare, 0, PAGE_READWRITE));
	EXPECT_STATUS(STATUS_SUCCESS,
		      NtMapViewOfSection(ro, NtCurrentProcess(), &base, 0, 0, NULL, &size,
					 ViewShare, 0, PAGE_READONLY));
	NtUnmapViewOfSection(NtCurrentProcess(), base);
	NtClose(ro);
	NtClose(h);
}

TEST_F(dev, open_zw_alias)
{
	struct lt_name n;
	HANDLE h, h2;

	lt_name(&n, "zw-open", 0);
	ASSERT_STATUS(STATUS_SUCCESS, lt_create(&h, &n.oa, 4096, PAGE_READWRITE, SEC_COMMIT));
	EXPECT_STATUS(STATUS_SUCCESS, ZwOpenSection(&h2, SECTION_QUERY, &n.oa));
	NtClose(h2);
	NtClose(h);
}

/* ===================================================================== */
/* NtMapViewOfSection, NtUnmapViewOfSection.                              */

TEST_F(dev, map_whole_section)
{
	PVOID base = NULL;
	SIZE_T size = 0;
	HANDLE h;

	ASSERT_STATUS(STATUS_SUCCESS, lt_create(&h, NULL, 5000, PAGE_READWRITE, SEC_COMMIT));
	ASSERT_STATUS(STATUS_SUCCESS, NtMapViewOfSection(h, NtCurrentProcess(), &base, 0, 0, NULL,
							 &size, ViewShare, 0, PAGE_READWRITE));
	EXPECT_EQ(0, (ULONG_PTR)base % GRAN);
	EXPECT_EQ(8192, size);
	EXPECT_EQ(0, ((char *)base)[4095]);
	((char *)base)[8191] = 1;
	EXPECT_STATUS(STATUS_SUCCESS, NtUnmapViewOfSection(NtCurrentProcess(), base));
	NtClose(h);
}

TEST_F(dev, map_statuses_come_from_the_kernel)
{
	LARGE_INTEGER off = { .QuadPart = 4096 };
	PVOID base = (PVOID)0x1234;
	SIZE_T size = 77;
	HANDLE h, ro;

	ASSERT_STATUS(STATUS_SUCCESS, lt_create(&h, NULL, 2 * GRAN, PAGE_READWRITE, SEC_COMMIT));
	ASSERT_STATUS(STATUS_SUCCESS, lt_create(&ro, NULL, GRAN, PAGE_READONLY, SEC_COMMIT));
	EXPECT_STATUS(STATUS_INVALID_PARAMETER_8,
		      NtMapViewOfSection(h, NtCurrentProcess(), &base, 0, 0, NULL, &size, 0, 0,
					 PAGE_READWRITE));
	EXPECT_STATUS(STATUS_INVALID_PARAMETER_9,
		      NtMapViewOfSection(h, NtCurrentProcess(), &base, 0, 0, NULL, &size,
					 ViewShare, MEM_COMMIT, PAGE_READWRITE));
	EXPECT_STATUS(STATUS_INVALID_PAGE_PROTECTION,
		      NtMapViewOfSection(h, NtCurrentProcess(), &base, 0, 0, NULL, &size,
					 ViewShare, 0, 0x3));
	base = NULL;
	size = 0;
	EXPECT_STATUS(STATUS_MAPPED_ALIGNMENT,
		      NtMapViewOfSection(h, NtCurrentProcess(), &base, 0, 0, &off, &size,
					 ViewShare, 0, PAGE_READWRITE));
	off.QuadPart = 2 * GRAN;
	EXPECT_STATUS(STATUS_INVALID_VIEW_SIZE,
		      NtMapViewOfSection(h, NtCurrentProcess(), &base, 0, 0, &off, &size,
					 ViewShare, 0, PAGE_READWRITE));
	EXPECT_STATUS(STATUS_SECTION_PROTECTION,
		      NtMapViewOfSection(ro, NtCurrentProcess(), &base, 0, 0, NULL, &size,
					 ViewShare, 0, PAGE_READWRITE));
	EXPECT_STATUS(STATUS_INVALID_PARAMETER_4,
		      NtMapViewOfSection(h, NtCurrentProcess(), &base, 25, 0, NULL, &size,
					 ViewShare, 0, PAGE_READWRITE));
	/* Outputs are written only on success. */
	EXPECT_EQ(NULL, base);
	EXPECT_EQ(0, size);
	NtClose(h);
	NtClose(ro);
}

TEST_F(dev, map_handles)
{
	PVOID base = NULL;
	SIZE_T size = 0;
	HANDLE h, file;
	int fd, pidfd;

	ASSERT_STATUS(STATUS_SUCCESS, lt_create(&h, NULL, GRAN, PAGE_READWRITE, SEC_COMMIT));
	EXPECT_STATUS(STATUS_INVALID_HANDLE,
		      NtMapViewOfSection(NULL, NtCurrentProcess(), &base, 0, 0, NULL, &size,
					 ViewShare, 0, PAGE_READWRITE));
	EXPECT_STATUS(STATUS_INVALID_HANDLE,
		      NtMapViewOfSection(LT_GARBAGE, NtCurrentProcess(), &base, 0, 0, NULL, &size,
					 ViewShare, 0, PAGE_READWRITE));
	EXPECT_STATUS(STATUS_OBJECT_TYPE_MISMATCH,
		      NtMapViewOfSection(NtCurrentProcess(), NtCurrentProcess(), &base, 0, 0,
					 NULL, &size, ViewShare, 0, PAGE_READWRITE));
	EXPECT_STATUS(STATUS_OBJECT_TYPE_MISMATCH,
		      NtMapViewOfSection((HANDLE)-2, NtCurrentProcess(), &base, 0, 0, NULL, &size,
					 ViewShare, 0, PAGE_READWRITE));
	fd = lt_file(4096, O_RDWR, &file);
	ASSERT_GE(fd, 0);
	EXPECT_STATUS(STATUS_OBJECT_TYPE_MISMATCH,
		      NtMapViewOfSection(file, NtCurrentProcess(), &base, 0, 0, NULL, &size,
					 ViewShare, 0, PAGE_READWRITE));
	EXPECT_STATUS(STATUS_INVALID_HANDLE,
		      NtMapViewOfSection(h, NULL, &base, 0, 0, NULL, &size, ViewShare, 0,
					 PAGE_READWRITE));
	EXPECT_STATUS(STATUS_OBJECT_TYPE_MISMATCH,
		      NtMapViewOfSection(h, h, &base, 0, 0, NULL, &size, ViewShare, 0,
					 PAGE_READWRITE));
	/* A handle to this process itself (a pidfd) is NtCurrentProcess(). */
	pidfd = (int)syscall(SYS_pidfd_open, getpid(), 0);
	if (pidfd >= 0) {
		EXPECT_STATUS(STATUS_SUCCESS,
			      NtMapViewOfSection(h, ntsection_handle_from_fd(pidfd), &base, 0, 0,
						 NULL, &size, ViewShare, 0, PAGE_READWRITE));
		EXPECT_STATUS(STATUS_SUCCESS,
			      NtUnmapViewOfSection(ntsection_handle_from_fd(pidfd), base));
	}
	NtClose(h);
	close(fd);
}

TEST_F(dev, map_bad_pointers)
{
	LARGE_INTEGER off = { .QuadPart = 0 };
	PVOID base = NULL;
	SIZE_T size = 0;
	HANDLE h;

	ASSERT_STATUS(STATUS_SUCCESS, lt_create(&h, NULL, GRAN, PAGE_READWRITE, SEC_COMMIT));
	EXPECT_STATUS(STATUS_ACCESS_VIOLATION,
		      NtMapViewOfSection(h, NtCurrentProcess(), NULL, 0, 0, NULL, &size,
					 ViewShare, 0, PAGE_READWRITE));
	EXPECT_STATUS(STATUS_ACCESS_VIOLATION,
		      NtMapViewOfSection(h, NtCurrentProcess(), &base, 0, 0, NULL, NULL,
					 ViewShare, 0, PAGE_READWRITE));
	EXPECT_STATUS(STATUS_ACCESS_VIOLATION,
		      NtMapViewOfSection(h, NtCurrentProcess(), &base, 0, 0, lt_page(PROT_NONE),
					 &size, ViewShare, 0, PAGE_READWRITE));
	EXPECT_STATUS(STATUS_ACCESS_VIOLATION,
		      NtMapViewOfSection(h, NtCurrentProcess(), LT_KERNEL, 0, 0, &off, &size,
					 ViewShare, 0, PAGE_READWRITE));
	/* Readable but not writable outputs: the view is taken back. */
	EXPECT_EQ(0, lt_count_views());
	EXPECT_STATUS(STATUS_ACCESS_VIOLATION,
		      NtMapViewOfSection(h, NtCurrentProcess(), lt_page(PROT_READ), 0, 0, NULL,
					 &size, ViewShare, 0, PAGE_READWRITE));
	EXPECT_EQ(0, lt_count_views());
	NtClose(h);
}

TEST_F(dev, map_bad_pointers_come_after_parameters)
{
	SIZE_T size = 0;
	HANDLE h;

	ASSERT_STATUS(STATUS_SUCCESS, lt_create(&h, NULL, GRAN, PAGE_READWRITE, SEC_COMMIT));
	EXPECT_STATUS(STATUS_INVALID_PARAMETER_8,
		      NtMapViewOfSection(h, NtCurrentProcess(), NULL, 0, 0, NULL, &size, 7, 0,
					 PAGE_READWRITE));
	EXPECT_STATUS(STATUS_INVALID_PARAMETER_9,
		      NtMapViewOfSection(h, NtCurrentProcess(), NULL, 0, 0, NULL, &size,
					 ViewShare, AT_ROUND_TO_PAGE, PAGE_READWRITE));
	EXPECT_STATUS(STATUS_INVALID_PAGE_PROTECTION,
		      NtMapViewOfSection(h, NtCurrentProcess(), NULL, 0, 0, NULL, &size,
					 ViewShare, 0, 0));
	/* ...and before the handles. */
	EXPECT_STATUS(STATUS_ACCESS_VIOLATION,
		      NtMapViewOfSection(NULL, NULL, NULL, 0, 0, NULL, &size, ViewShare, 0,
					 PAGE_READWRITE));
	NtClose(h);
}

TEST_F(dev, map_fixed_base_and_conflicts)
{
	PVOID base = NULL, again;
	SIZE_T size = 0;
	HANDLE h;

	ASSERT_STATUS(STATUS_SUCCESS, lt_create(&h, NULL, GRAN, PAGE_READWRITE, SEC_COMMIT));
	ASSERT_STATUS(STATUS_SUCCESS, NtMapViewOfSection(h, NtCurrentProcess(), &base, 0, 0, NULL,
							 &size, ViewShare, 0, PAGE_READWRITE));
	again = base;
	EXPECT_STATUS(STATUS_CONFLICTING_ADDRESSES,
		      NtMapViewOfSection(h, NtCurrentProcess(), &again, 0, 0, NULL, &size,
					 ViewShare, 0, PAGE_READWRITE));
	EXPECT_STATUS(STATUS_SUCCESS, NtUnmapViewOfSection(NtCurrentProcess(), base));
	again = base;
	size = 0;
	EXPECT_STATUS(STATUS_SUCCESS, ZwMapViewOfSection(h, NtCurrentProcess(), &again, 0, 0, NULL,
							 &size, ViewUnmap, 0, PAGE_READONLY));
	EXPECT_EQ(base, again);
	EXPECT_STATUS(STATUS_SUCCESS, ZwUnmapViewOfSection(NtCurrentProcess(), again));
	NtClose(h);
}

TEST_F(dev, unmap_view)
{
	HANDLE h;
	char *v, *priv;

	ASSERT_STATUS(STATUS_SUCCESS, lt_create(&h, NULL, 2 * GRAN, PAGE_READWRITE, SEC_COMMIT));
	v = lt_map(h, PAGE_READWRITE, NULL);
	ASSERT_NE(NULL, v);
	/* Any address inside unmaps the whole view. */
	EXPECT_STATUS(STATUS_SUCCESS, NtUnmapViewOfSection(NtCurrentProcess(), v + GRAN + 5));
	EXPECT_STATUS(STATUS_NOT_MAPPED_VIEW, NtUnmapViewOfSection(NtCurrentProcess(), v));
	priv = lt_alloc(PAGE, MEM_RESERVE | MEM_COMMIT, PAGE_READWRITE);
	ASSERT_NE(NULL, priv);
	EXPECT_STATUS(STATUS_NOT_MAPPED_VIEW, NtUnmapViewOfSection(NtCurrentProcess(), priv));
	EXPECT_STATUS(STATUS_NOT_MAPPED_VIEW, NtUnmapViewOfSection(NtCurrentProcess(), NULL));
	v = lt_map(h, PAGE_READWRITE, NULL);
	ASSERT_NE(NULL, v);
	EXPECT_STATUS(STATUS_INVALID_HANDLE, NtUnmapViewOfSection(NULL, v));
	EXPECT_STATUS(STATUS_OBJECT_TYPE_MISMATCH, NtUnmapViewOfSection(h, v));
	EXPECT_STATUS(STATUS_SUCCESS, NtUnmapViewOfSection(NtCurrentProcess(), v));
	NtClose(h);
}

/* ===================================================================== */
/* NtQuerySection, NtExtendSection, NtClose.                              */

TEST_F(dev, query_section)
{
	struct {
		SECTION_BASIC_INFORMATION sbi;
		char more[40];
	} big;
	SECTION_BASIC_INFORMATION sbi;
	SIZE_T ret = 0;
	HANDLE h;

	ASSERT_STATUS(STATUS_SUCCESS, lt_create(&h, NULL, 3 * PAGE, PAGE_READWRITE, SEC_RESERVE));
	memset(&sbi, 0xa5, sizeof(sbi));
	ASSERT_STATUS(STATUS_SUCCESS, NtQuerySection(h, SectionBasicInformation, &sbi,
						     sizeof(sbi), &ret));
	EXPECT_EQ(24, ret);
	EXPECT_EQ(NULL, sbi.BaseAddress);
	EXPECT_EQ(SEC_RESERVE, sbi.Attributes);
	EXPECT_EQ(3 * PAGE, sbi.Size.QuadPart);
	EXPECT_STATUS(STATUS_SUCCESS, NtQuerySection(h, SectionBasicInformation, &big,
						     sizeof(big), NULL));
	EXPECT_STATUS(STATUS_SUCCESS, ZwQuerySection(h, SectionBasicInformation, &sbi,
						     sizeof(sbi), NULL));
	NtClose(h);
}

TEST_F(dev, query_section_statuses)
{
	SECTION_IMAGE_INFORMATION sii;
	SECTION_BASIC_INFORMATION sbi;
	struct lt_name n;
	HANDLE h, q;

	lt_name(&n, "query", 0);
	ASSERT_STATUS(STATUS_SUCCESS, lt_create(&h, &n.oa, PAGE, PAGE_READWRITE, SEC_COMMIT));
	EXPECT_STATUS(STATUS_INFO_LENGTH_MISMATCH,
		      NtQuerySection(h, SectionBasicInformation, &sbi, 23, NULL));
	EXPECT_STATUS(STATUS_SECTION_NOT_IMAGE,
		      NtQuerySection(h, SectionImageInformation, &sii, sizeof(sii), NULL));
	EXPECT_STATUS(STATUS_INVALID_INFO_CLASS,
		      NtQuerySection(h, SectionRelocationInformation, &sbi, sizeof(sbi), NULL));
	EXPECT_STATUS(STATUS_INVALID_INFO_CLASS,
		      NtQuerySection(h, (SECTION_INFORMATION_CLASS)77, &sbi, sizeof(sbi), NULL));
	EXPECT_STATUS(STATUS_INVALID_HANDLE,
		      NtQuerySection(NULL, SectionBasicInformation, &sbi, sizeof(sbi), NULL));
	EXPECT_STATUS(STATUS_OBJECT_TYPE_MISMATCH,
		      NtQuerySection(NtCurrentProcess(), SectionBasicInformation, &sbi,
				     sizeof(sbi), NULL));
	ASSERT_STATUS(STATUS_SUCCESS, NtOpenSection(&q, SECTION_MAP_READ, &n.oa));
	EXPECT_STATUS(STATUS_ACCESS_DENIED,
		      NtQuerySection(q, SectionBasicInformation, &sbi, sizeof(sbi), NULL));
	NtClose(q);
	NtClose(h);
}

TEST_F(dev, query_section_bad_pointers)
{
	SECTION_BASIC_INFORMATION sbi;
	HANDLE h;

	ASSERT_STATUS(STATUS_SUCCESS, lt_create(&h, NULL, PAGE, PAGE_READWRITE, SEC_COMMIT));
	EXPECT_STATUS(STATUS_ACCESS_VIOLATION,
		      NtQuerySection(h, SectionBasicInformation, NULL, sizeof(sbi), NULL));
	EXPECT_STATUS(STATUS_ACCESS_VIOLATION,
		      NtQuerySection(h, SectionBasicInformation, lt_page(PROT_READ), sizeof(sbi),
				     NULL));
	EXPECT_STATUS(STATUS_ACCESS_VIOLATION,
		      NtQuerySection(h, SectionBasicInformation, LT_KERNEL, sizeof(sbi), NULL));
	EXPECT_STATUS(STATUS_ACCESS_VIOLATION,
		      NtQuerySection(h, SectionBasicInformation, &sbi, sizeof(sbi),
				     lt_page(PROT_NONE)));
	EXPECT_STATUS(STATUS_ACCESS_VIOLATION,
		      NtQuerySection(h, SectionBasicInformation, &sbi, sizeof(sbi),
				     lt_page(PROT_READ)));
	NtClose(h);
}

TEST_F(dev, extend_file_section)
{
	LARGE_INTEGER size = { .QuadPart = 3 * PAGE };
	SECTION_BASIC_INFORMATION sbi;
	HANDLE file, h;
	int fd;

	fd = lt_file(PAGE, O_RDWR, &file);
	ASSERT_GE(fd, 0);
	ASSERT_STATUS(STATUS_SUCCESS, NtCreateSection(&h, SECTION_ALL_ACCESS, NULL, NULL,
						      PAGE_READWRITE, SEC_COMMIT, file));
	ASSERT_STATUS(STATUS_SUCCESS, NtExtendSection(h, &size));
	EXPECT_EQ(3 * PAGE, size.QuadPart);
	ASSERT_STATUS(STATUS_SUCCESS, NtQuerySection(h, SectionBasicInformation, &sbi,
						     sizeof(sbi), NULL));
	EXPECT_EQ(3 * PAGE, sbi.Size.QuadPart);
	EXPECT_EQ(3 * PAGE, lseek(fd, 0, SEEK_END));
	/* Smaller: nothing changes, and the size comes back. */
	size.QuadPart = 100;
	ASSERT_STATUS(STATUS_SUCCESS, ZwExtendSection(h, &size));
	EXPECT_EQ(3 * PAGE, size.QuadPart);
	NtClose(h);
	close(fd);
}

/* NtFlushVirtualMemory: the NT outputs and statuses (ABI 2.4). */
TEST_F(dev, flush_virtual_memory)
{
	IO_STATUS_BLOCK iosb = { .Information = 0xdead };
	SIZE_T size = 0, vsize = 0;
	PVOID base = NULL, view = NULL;
	HANDLE file, h, anon;
	int fd;

	fd = lt_file(4 * PAGE, O_RDWR, &file);
	ASSERT_GE(fd, 0);
	ASSERT_STATUS(STATUS_SUCCESS, NtCreateSection(&h, SECTION_ALL_ACCESS, NULL, NULL,
						      PAGE_READWRITE, SEC_COMMIT, file));
	ASSERT_STATUS(STATUS_SUCCESS, NtMapViewOfSection(h, NtCurrentProcess(), &view, 0, 0, NULL,
							 &vsize, ViewShare, 0, PAGE_READWRITE));
	memcpy((char *)view + PAGE + 3, "lib", 3);
	base = (char *)view + PAGE + 3;
	size = 3;
	EXPECT_STATUS(STATUS_SUCCESS, NtFlushVirtualMemory(NtCurrentProcess(), &base, &size,
							   &iosb));
	EXPECT_EQ((char *)view + PAGE, base);
	EXPECT_EQ(PAGE, size);
	EXPECT_STATUS(STATUS_SUCCESS, iosb.Status);
	EXPECT_EQ(PAGE, iosb.Information);
	base = view;
	size = 0;
	EXPECT_STATUS(STATUS_SUCCESS, ZwFlushVirtualMemory(NtCurrentProcess(), &base, &size,
							   &iosb));
	EXPECT_EQ(4 * PAGE, size);
	/* Past the view, or no IoStatus (Windows' probe faults on NULL). */
	size = 5 * PAGE;
	EXPECT_STATUS(STATUS_NOT_MAPPED_VIEW, NtFlushVirtualMemory(NtCurrentProcess(), &base,
								   &size, &iosb));
	size = 0;
	EXPECT_STATUS(STATUS_ACCESS_VIOLATION, NtFlushVirtualMemory(NtCurrentProcess(), &base,
								    &size, NULL));
	EXPECT_STATUS(STATUS_INVALID_HANDLE, NtFlushVirtualMemory(LT_GARBAGE, &base, &size,
								  &iosb));
	EXPECT_STATUS(STATUS_SUCCESS, NtUnmapViewOfSection(NtCurrentProcess(), view));
	EXPECT_STATUS(STATUS_NOT_MAPPED_VIEW, NtFlushVirtualMemory(NtCurrentProcess(), &base,
								   &size, &iosb));
	NtClose(h);
	close(fd);

	/* A pagefile-backed view: NOT_MAPPED_DATA (FlushViewOfFile's success). */
	ASSERT_STATUS(STATUS_SUCCESS, lt_create(&anon, NULL, GRAN, PAGE_READWRITE, SEC_COMMIT));
	view = NULL;
	vsize = 0;
	ASSERT_STATUS(STATUS_SUCCESS, NtMapViewOfSection(anon, NtCurrentProcess(), &view, 0, 0,
							 NULL, &vsize, ViewShare, 0,
							 PAGE_READWRITE));
	base = view;
	EXPECT_STATUS(STATUS_NOT_MAPPED_DATA, NtFlushVirtualMemory(NtCurrentProcess(), &base,
								   &size, &iosb));
	EXPECT_STATUS(STATUS_SUCCESS, NtUnmapViewOfSection(NtCurrentProcess(), view));
	NtClose(anon);
}

/*
 * LMDB's mdb_env_map() and mdb_page_alloc() on Windows, through the NT
 * calls: a SEC_RESERVE section of a 1-byte file, a 1 MiB MEM_RESERVE view,
 * its tail committed as the database grows (ABI 2.4).
 */
TEST_F(dev, lmdb_extendable_view)
{
	SIZE_T msize = 1024 * KIB, size;
	MEMORY_BASIC_INFORMATION mbi;
	SECTION_BASIC_INFORMATION sbi;
	PVOID map = NULL, p, plain = NULL;
	HANDLE file, mh;
	char buf[4] = {};
	int fd;

	fd = lt_file(0, O_RDWR, &file);
	ASSERT_GE(fd, 0);
	ASSERT_EQ(1, pwrite(fd, "", 1, 0));	/* mdb_env_open2(): one byte */
	ASSERT_STATUS(STATUS_SUCCESS, NtCreateSection(&mh, SECTION_MAP_READ | SECTION_MAP_WRITE |
						      SECTION_EXTEND_SIZE | SECTION_QUERY, NULL,
						      NULL, PAGE_READWRITE, SEC_RESERVE, file));
	ASSERT_STATUS(STATUS_SUCCESS, NtQuerySection(mh, SectionBasicInformation, &sbi,
						     sizeof(sbi), NULL));
	EXPECT_EQ(SEC_FILE, sbi.Attributes);
	EXPECT_EQ(1, sbi.Size.QuadPart);
	/* Without MEM_RESERVE the view cannot pass the section. */
	EXPECT_STATUS(STATUS_INVALID_VIEW_SIZE,
		      NtMapViewOfSection(mh, NtCurrentProcess(), &map, 0, 0, NULL, &msize,
					 ViewUnmap, 0, PAGE_READWRITE));
	EXPECT_STATUS(STATUS_INVALID_PARAMETER_9,
		      NtMapViewOfSection(mh, NtCurrentProcess(), &map, 0, 0, NULL, &msize,
					 ViewUnmap, MEM_RESERVE | MEM_COMMIT, PAGE_READWRITE));
	ASSERT_STATUS(STATUS_SUCCESS, NtMapViewOfSection(mh, NtCurrentProcess(), &map, 0, 0, NULL,
							 &msize, ViewUnmap, MEM_RESERVE,
							 PAGE_READWRITE));
	EXPECT_EQ(1024 * KIB, msize);
	ASSERT_STATUS(STATUS_SUCCESS, lt_query_vm((char *)map + 16 * PAGE, &mbi));
	EXPECT_EQ(MEM_RESERVE, mbi.State);
	EXPECT_EQ(0, mbi.Protect);
	EXPECT_EQ(MEM_MAPPED, mbi.Type);
	EXPECT_EQ(map, mbi.AllocationBase);
	EXPECT_EQ((char *)map + 16 * PAGE, mbi.BaseAddress);
	EXPECT_EQ(1024 * KIB - 16 * PAGE, mbi.RegionSize);

	/* mdb_page_alloc(): VirtualAlloc(MEM_COMMIT) of the next pages. */
	p = (char *)map + 16 * PAGE;
	size = 4 * PAGE;
	ASSERT_STATUS(STATUS_SUCCESS, NtAllocateVirtualMemory(NtCurrentProcess(), &p, 0, &size,
							      MEM_COMMIT, PAGE_READWRITE));
	EXPECT_EQ((char *)map + 16 * PAGE, p);
	EXPECT_EQ(4 * PAGE, size);
	EXPECT_EQ(20 * PAGE, lseek(fd, 0, SEEK_END));
	ASSERT_STATUS(STATUS_SUCCESS, lt_query_vm((char *)map + 16 * PAGE, &mbi));
	EXPECT_EQ(MEM_COMMIT, mbi.State);
	EXPECT_EQ(PAGE_READWRITE, mbi.Protect);
	EXPECT_EQ((char *)map + 16 * PAGE, mbi.BaseAddress);
	EXPECT_EQ(4 * PAGE, mbi.RegionSize);
	ASSERT_STATUS(STATUS_SUCCESS, lt_query_vm((char *)map + 20 * PAGE, &mbi));
	EXPECT_EQ(MEM_RESERVE, mbi.State);
	EXPECT_EQ(1024 * KIB - 20 * PAGE, mbi.RegionSize);
	memcpy((char *)map + 16 * PAGE, "page", 4);
	ASSERT_EQ(4, pread(fd, buf, 4, 16 * PAGE));
	EXPECT_EQ(0, memcmp(buf, "page", 4));
	ASSERT_STATUS(STATUS_SUCCESS, ZwQuerySection(mh, SectionBasicInformation, &sbi,
						     sizeof(sbi), NULL));
	EXPECT_EQ(SEC_FILE, sbi.Attributes);
	EXPECT_EQ(20 * PAGE, sbi.Size.QuadPart);
	/* The file can be unmapped and mapped again at its new size. */
	size = 0;
	ASSERT_STATUS(STATUS_SUCCESS, NtMapViewOfSection(mh, NtCurrentProcess(), &plain, 0, 0,
							 NULL, &size, ViewShare, 0,
							 PAGE_READONLY));
	EXPECT_EQ(20 * PAGE, size);
	EXPECT_EQ(0, memcmp((char *)plain + 16 * PAGE, "page", 4));
	EXPECT_STATUS(STATUS_SUCCESS, NtUnmapViewOfSection(NtCurrentProcess(), plain));
	EXPECT_STATUS(STATUS_SUCCESS, NtUnmapViewOfSection(NtCurrentProcess(), map));
	NtClose(mh);
	close(fd);
}

TEST_F(dev, extend_statuses)
{
	LARGE_INTEGER size = { .QuadPart = 8 * PAGE };
	struct lt_name n;
	HANDLE h, q;

	lt_name(&n, "extend", 0);
	ASSERT_STATUS(STATUS_SUCCESS, lt_create(&h, &n.oa, PAGE, PAGE_READWRITE, SEC_COMMIT));
	EXPECT_STATUS(STATUS_SECTION_NOT_EXTENDED, NtExtendSection(h, &size));
	EXPECT_EQ(8 * PAGE, size.QuadPart);	/* untouched on failure */
	ASSERT_STATUS(STATUS_SUCCESS, NtOpenSection(&q, SECTION_QUERY, &n.oa));
	EXPECT_STATUS(STATUS_ACCESS_DENIED, NtExtendSection(q, &size));
	EXPECT_STATUS(STATUS_INVALID_HANDLE, NtExtendSection(NULL, &size));
	EXPECT_STATUS(STATUS_ACCESS_VIOLATION, NtExtendSection(h, NULL));
	EXPECT_STATUS(STATUS_ACCESS_VIOLATION, NtExtendSection(h, lt_page(PROT_NONE)));
	EXPECT_STATUS(STATUS_ACCESS_VIOLATION, NtExtendSection(h, LT_KERNEL));
	NtClose(q);
	NtClose(h);
}

TEST_F(dev, close_handles)
{
	HANDLE h;
	int fd;

	ASSERT_STATUS(STATUS_SUCCESS, lt_create(&h, NULL, PAGE, PAGE_READWRITE, SEC_COMMIT));
	EXPECT_STATUS(STATUS_SUCCESS, NtClose(h));
	EXPECT_STATUS(STATUS_INVALID_HANDLE, NtClose(h));
	EXPECT_STATUS(STATUS_INVALID_HANDLE, NtClose(NULL));
	EXPECT_STATUS(STATUS_INVALID_HANDLE, NtClose(LT_GARBAGE));
	EXPECT_STATUS(STATUS_SUCCESS, NtClose(NtCurrentProcess()));
	EXPECT_STATUS(STATUS_SUCCESS, ZwClose((HANDLE)-2));
	/* Any fd is a handle NtClose closes. */
	fd = open("/dev/null", O_RDONLY);
	ASSERT_GE(fd, 0);
	EXPECT_STATUS(STATUS_SUCCESS, NtClose(ntsection_handle_from_fd(fd)));
	EXPECT_EQ(-1, fcntl(fd, F_GETFD));
}

TEST_F(dev, close_keeps_views_and_drops_the_name)
{
	struct lt_name n;
	HANDLE h;
	char *v;

	lt_name(&n, "lifetime", 0);
	ASSERT_STATUS(STATUS_SUCCESS, lt_create(&h, &n.oa, GRAN, PAGE_READWRITE, SEC_COMMIT));
	v = lt_map(h, PAGE_READWRITE, NULL);
	ASSERT_NE(NULL, v);
	v[0] = 42;
	EXPECT_STATUS(STATUS_SUCCESS, NtClose(h));
	EXPECT_STATUS(STATUS_OBJECT_NAME_NOT_FOUND, NtOpenSection(&h, SECTION_QUERY, &n.oa));
	EXPECT_EQ(42, v[0]);
	EXPECT_STATUS(STATUS_SUCCESS, NtUnmapViewOfSection(NtCurrentProcess(), v));
}

/* ===================================================================== */
/* NtAllocateVirtualMemory.                                               */

TEST_F(dev, allocate_reserve_commit_anywhere)
{
	MEMORY_BASIC_INFORMATION mbi;
	PVOID base = NULL;
	SIZE_T size = 5000;

	ASSERT_STATUS(STATUS_SUCCESS,
		      NtAllocateVirtualMemory(NtCurrentProcess(), &base, 0, &size,
					      MEM_RESERVE | MEM_COMMIT, PAGE_READWRITE));
	EXPECT_EQ(0, (ULONG_PTR)base % GRAN);
	EXPECT_EQ(2 * PAGE, size);
	EXPECT_EQ(0, ((char *)base)[0]);
	((char *)base)[8191] = 7;
	ASSERT_STATUS(STATUS_SUCCESS, lt_query_vm(base, &mbi));
	EXPECT_EQ(base, mbi.BaseAddress);
	EXPECT_EQ(base, mbi.AllocationBase);
	EXPECT_EQ(PAGE_READWRITE, mbi.AllocationProtect);
	EXPECT_EQ(2 * PAGE, mbi.RegionSize);
	EXPECT_EQ(MEM_COMMIT, mbi.State);
	EXPECT_EQ(PAGE_READWRITE, mbi.Protect);
	EXPECT_EQ(MEM_PRIVATE, mbi.Type);
	/* MEM_COMMIT alone without an address reserves too. */
	base = NULL;
	size = PAGE;
	EXPECT_STATUS(STATUS_SUCCESS, ZwAllocateVirtualMemory(NtCurrentProcess(), &base, 0, &size,
							      MEM_COMMIT, PAGE_READONLY));
	EXPECT_EQ(0, lt_touch(base, 0));
	EXPECT_EQ(SIGSEGV, lt_touch(base, 1));
}

TEST_F(dev, allocate_reserve_then_commit)
{
	MEMORY_BASIC_INFORMATION mbi;
	SIZE_T size = 16 * PAGE;
	PVOID p;
	char *r;

	r = lt_alloc(16 * PAGE, MEM_RESERVE, PAGE_READWRITE);
	ASSERT_NE(NULL, r);
	EXPECT_EQ(SIGSEGV, lt_touch(r + 4 * PAGE, 0));
	ASSERT_STATUS(STATUS_SUCCESS, lt_query_vm(r, &mbi));
	EXPECT_EQ(MEM_RESERVE, mbi.State);
	EXPECT_EQ(0, mbi.Protect);
	EXPECT_EQ(16 * PAGE, mbi.RegionSize);
	p = r + 4 * PAGE + 10;
	size = PAGE;
	ASSERT_STATUS(STATUS_SUCCESS, NtAllocateVirtualMemory(NtCurrentProcess(), &p, 0, &size,
							      MEM_COMMIT, PAGE_READWRITE));
	EXPECT_EQ(r + 4 * PAGE, p);
	EXPECT_EQ(2 * PAGE, size);	/* [base, base + size) rounded out to pages */
	EXPECT_EQ(0, lt_touch(r + 4 * PAGE, 1));
	EXPECT_EQ(0, lt_touch(r + 5 * PAGE, 1));
	EXPECT_EQ(SIGSEGV, lt_touch(r + 6 * PAGE, 0));
	/* Committing again succeeds, keeps the data, sets the new protection. */
	r[4 * PAGE] = 9;
	p = r + 4 * PAGE;
	size = PAGE;
	ASSERT_STATUS(STATUS_SUCCESS, NtAllocateVirtualMemory(NtCurrentProcess(), &p, 0, &size,
							      MEM_COMMIT, PAGE_READONLY));
	EXPECT_EQ(9, r[4 * PAGE]);
	ASSERT_STATUS(STATUS_SUCCESS, lt_query_vm(r + 4 * PAGE, &mbi));
	EXPECT_EQ(PAGE_READONLY, mbi.Protect);
	EXPECT_EQ(PAGE, mbi.RegionSize);
	EXPECT_EQ(r, mbi.AllocationBase);
	EXPECT_EQ(PAGE_READWRITE, mbi.AllocationProtect);
	EXPECT_EQ(SIGSEGV, lt_touch(r + 4 * PAGE, 1));
}

TEST_F(dev, allocate_fixed_base)
{
	PVOID want, p;
	SIZE_T size;
	char *r;

	/* Find room, give it back, then ask for it at an unaligned address. */
	r = lt_alloc(4 * GRAN, MEM_RESERVE, PAGE_NOACCESS);
	ASSERT_NE(NULL, r);
	p = r;
	size = 0;
	ASSERT_STATUS(STATUS_SUCCESS, NtFreeVirtualMemory(NtCurrentProcess(), &p, &size,
							  MEM_RELEASE));
	want = r + GRAN + 0x1234;
	p = want;
	size = 0x100;
	ASSERT_STATUS(STATUS_SUCCESS, NtAllocateVirtualMemory(NtCurrentProcess(), &p, 0, &size,
							      MEM_RESERVE | MEM_COMMIT,
							      PAGE_READWRITE));
	EXPECT_EQ(r + GRAN, p);		/* rounded down to 64 KiB */
	EXPECT_EQ(0x2000, size);	/* up to the end of the page of base + size */
	EXPECT_EQ(0, lt_touch(r + GRAN + 0x1fff, 1));
}

TEST_F(dev, allocate_conflicts)
{
	PVOID p;
	SIZE_T size;
	HANDLE h;
	char *r, *v;

	r = lt_alloc(PAGE, MEM_RESERVE | MEM_COMMIT, PAGE_READWRITE);
	ASSERT_NE(NULL, r);
	p = r + PAGE;		/* same 64 KiB granule */
	size = PAGE;
	EXPECT_STATUS(STATUS_CONFLICTING_ADDRESSES,
		      NtAllocateVirtualMemory(NtCurrentProcess(), &p, 0, &size,
					      MEM_RESERVE | MEM_COMMIT, PAGE_READWRITE));
	p = r;
	size = 2 * PAGE;	/* past the end of the reservation */
	EXPECT_STATUS(STATUS_CONFLICTING_ADDRESSES,
		      NtAllocateVirtualMemory(NtCurrentProcess(), &p, 0, &size, MEM_COMMIT,
					      PAGE_READWRITE));
	p = (char *)&p;		/* the stack: not a reservation */
	size = PAGE;
	EXPECT_STATUS(STATUS_CONFLICTING_ADDRESSES,
		      NtAllocateVirtualMemory(NtCurrentProcess(), &p, 0, &size, MEM_COMMIT,
					      PAGE_READWRITE));
	/* A view is no place to reserve. */
	ASSERT_STATUS(STATUS_SUCCESS, lt_create(&h, NULL, GRAN, PAGE_READWRITE, SEC_COMMIT));
	v = lt_map(h, PAGE_READWRITE, NULL);
	ASSERT_NE(NULL, v);
	p = v;
	size = PAGE;
	EXPECT_STATUS(STATUS_CONFLICTING_ADDRESSES,
		      NtAllocateVirtualMemory(NtCurrentProcess(), &p, 0, &size, MEM_RESERVE,
					      PAGE_READWRITE));
	NtClose(h);
}

TEST_F(dev, allocate_parameter_statuses)
{
	PVOID p = NULL;
	SIZE_T size = PAGE;
	HANDLE cur = NtCurrentProcess();

	EXPECT_STATUS(STATUS_INVALID_PARAMETER_3,
		      NtAllocateVirtualMemory(cur, &p, 22, &size, MEM_RESERVE, PAGE_READWRITE));
	EXPECT_STATUS(STATUS_INVALID_PARAMETER_3,
		      NtAllocateVirtualMemory(cur, &p, 31, &size, MEM_RESERVE, PAGE_READWRITE));
	EXPECT_STATUS(STATUS_INVALID_PARAMETER_5,
		      NtAllocateVirtualMemory(cur, &p, 0, &size, 0, PAGE_READWRITE));
	EXPECT_STATUS(STATUS_INVALID_PARAMETER_5,
		      NtAllocateVirtualMemory(cur, &p, 0, &size, MEM_TOP_DOWN, PAGE_READWRITE));
	EXPECT_STATUS(STATUS_INVALID_PARAMETER_5,
		      NtAllocateVirtualMemory(cur, &p, 0, &size,
					      MEM_RESERVE | MEM_COMMIT | AT_ROUND_TO_PAGE,
					      PAGE_READWRITE));
	EXPECT_STATUS(STATUS_INVALID_PARAMETER_5,
		      NtAllocateVirtualMemory(cur, &p, 0, &size, MEM_RESET | MEM_COMMIT,
					      PAGE_READWRITE));
	EXPECT_STATUS(STATUS_INVALID_PARAMETER_5,
		      NtAllocateVirtualMemory(cur, &p, 0, &size, MEM_RESERVE | MEM_DECOMMIT,
					      PAGE_READWRITE));
	EXPECT_STATUS(STATUS_INVALID_PARAMETER_5,
		      NtAllocateVirtualMemory(cur, &p, 0, &size, MEM_RESERVE | MEM_LARGE_PAGES,
					      PAGE_READWRITE));
	EXPECT_STATUS(STATUS_INVALID_PARAMETER_5,
		      NtAllocateVirtualMemory(cur, &p, 0, &size, MEM_COMMIT | MEM_WRITE_WATCH,
					      PAGE_READWRITE));
	EXPECT_STATUS(STATUS_INVALID_PAGE_PROTECTION,
		      NtAllocateVirtualMemory(cur, &p, 0, &size, MEM_RESERVE, 0));
	EXPECT_STATUS(STATUS_INVALID_PAGE_PROTECTION,
		      NtAllocateVirtualMemory(cur, &p, 0, &size, MEM_RESERVE, 0x6));
	EXPECT_STATUS(STATUS_INVALID_PAGE_PROTECTION,
		      NtAllocateVirtualMemory(cur, &p, 0, &size, MEM_RESERVE,
					      PAGE_NOACCESS | PAGE_GUARD));
	/* Private memory is never copy-on-write. */
	EXPECT_STATUS(STATUS_INVALID_PAGE_PROTECTION,
		      NtAllocateVirtualMemory(cur, &p, 0, &size, MEM_RESERVE, PAGE_WRITECOPY));
	EXPECT_STATUS(STATUS_INVALID_PAGE_PROTECTION,
		      NtAllocateVirtualMemory(cur, &p, 0, &size, MEM_RESERVE | MEM_COMMIT,
					      PAGE_EXECUTE_WRITECOPY));
	size = 0;
	EXPECT_STATUS(STATUS_INVALID_PARAMETER_4,
		      NtAllocateVirtualMemory(cur, &p, 0, &size, MEM_RESERVE, PAGE_READWRITE));
	p = LT_KERNEL;
	size = PAGE;
	EXPECT_STATUS(STATUS_INVALID_PARAMETER_2,
		      NtAllocateVirtualMemory(cur, &p, 0, &size, MEM_RESERVE, PAGE_READWRITE));
	p = (PVOID)0x7ffffff00000UL;
	size = 0x200000;
	EXPECT_STATUS(STATUS_INVALID_PARAMETER_4,
		      NtAllocateVirtualMemory(cur, &p, 0, &size, MEM_RESERVE, PAGE_READWRITE));
	p = NULL;
	size = PAGE;
	/* MEM_LARGE_PAGES needs MEM_RESERVE | MEM_COMMIT (VirtualAlloc's rule). */
	EXPECT_STATUS(STATUS_INVALID_PARAMETER,
		      NtAllocateVirtualMemory(cur, &p, 0, &size, MEM_COMMIT | MEM_LARGE_PAGES,
					      PAGE_READWRITE));
	EXPECT_STATUS(STATUS_NOT_SUPPORTED,
		      NtAllocateVirtualMemory(cur, &p, 0, &size, MEM_RESERVE | MEM_WRITE_WATCH,
					      PAGE_READWRITE));
	/* Outputs only on success. */
	EXPECT_EQ(NULL, p);
	EXPECT_EQ(PAGE, size);
}

/* Large pages: GetLargePageMinimum, private MEM_LARGE_PAGES, SeLockMemoryPrivilege. */
TEST_F(dev, large_pages)
{
	SIZE_T min = ntsection_large_page_minimum(), size;
	HANDLE cur = NtCurrentProcess();
	LARGE_INTEGER max;
	HANDLE sec;
	PVOID p;
	pid_t pid;
	int status;

	if (access("/sys/kernel/mm/transparent_hugepage/enabled", F_OK)) {
		EXPECT_EQ(0, min);
		SKIP(return, "no transparent huge pages in this kernel");
	}
	ASSERT_EQ(0x200000, min);
	p = NULL;
	size = min + PAGE;
	EXPECT_STATUS(STATUS_INVALID_PARAMETER,
		      NtAllocateVirtualMemory(cur, &p, 0, &size,
					      MEM_RESERVE | MEM_COMMIT | MEM_LARGE_PAGES,
					      PAGE_READWRITE));
	size = 2 * min;
	ASSERT_STATUS(STATUS_SUCCESS,
		      NtAllocateVirtualMemory(cur, &p, 0, &size,
					      MEM_RESERVE | MEM_COMMIT | MEM_LARGE_PAGES,
					      PAGE_READWRITE));
	EXPECT_EQ(0, (ULONG_PTR)p % min);
	EXPECT_EQ(2 * min, size);
	memset(p, 0x6c, size);
	{
		MEMORY_BASIC_INFORMATION mbi;

		ASSERT_STATUS(STATUS_SUCCESS,
			      NtQueryVirtualMemory(cur, p, MemoryBasicInformation, &mbi,
						   sizeof(mbi), NULL));
		EXPECT_EQ(MEM_COMMIT, mbi.State);
		EXPECT_EQ(MEM_PRIVATE, mbi.Type);
		EXPECT_EQ(PAGE_READWRITE, mbi.Protect);
	}
	size = 0;
	EXPECT_STATUS(STATUS_SUCCESS, NtFreeVirtualMemory(cur, &p, &size, MEM_RELEASE));
	/* A MEM_LARGE_PAGES view starts on a large page. */
	max.QuadPart = 2 * min;
	ASSERT_STATUS(STATUS_SUCCESS,
		      NtCreateSection(&sec, SECTION_ALL_ACCESS, NULL, &max, PAGE_READWRITE,
				      SEC_COMMIT, NULL));
	p = NULL;
	size = 0;
	ASSERT_STATUS(STATUS_SUCCESS,
		      NtMapViewOfSection(sec, cur, &p, 0, 0, NULL, &size, ViewUnmap,
					 MEM_LARGE_PAGES, PAGE_READWRITE));
	EXPECT_EQ(0, (ULONG_PTR)p % min);
	EXPECT_STATUS(STATUS_SUCCESS, NtUnmapViewOfSection(cur, p));
	/* Without CAP_IPC_LOCK: RLIMIT_MEMLOCK decides, as for mlock(2). */
	pid = fork();
	ASSERT_LE(0, pid);
	if (!pid) {
		struct rlimit rl = { .rlim_cur = min, .rlim_max = min };
		HANDLE s2;
		int bad = 0;

		if (prctl(PR_CAPBSET_DROP, CAP_IPC_LOCK) ||
		    setresuid(65534, 65534, 65534) || setrlimit(RLIMIT_MEMLOCK, &rl))
			_exit(10);
		p = NULL;
		size = 2 * min;
		bad |= NtAllocateVirtualMemory(cur, &p, 0, &size,
					       MEM_RESERVE | MEM_COMMIT | MEM_LARGE_PAGES,
					       PAGE_READWRITE) != STATUS_PRIVILEGE_NOT_HELD;
		size = min;
		bad |= (NtAllocateVirtualMemory(cur, &p, 0, &size,
						MEM_RESERVE | MEM_COMMIT | MEM_LARGE_PAGES,
						PAGE_READWRITE) != STATUS_SUCCESS) << 1;
		max.QuadPart = 2 * min;
		bad |= (NtCreateSection(&s2, SECTION_ALL_ACCESS, NULL, &max, PAGE_READWRITE,
					SEC_COMMIT | SEC_LARGE_PAGES, NULL) !=
			STATUS_PRIVILEGE_NOT_HELD) << 2;
		p = NULL;
		size = 0;	/* the whole section: 2 large pages, past the limit */
		bad |= (NtMapViewOfSection(sec, cur, &p, 0, 0, NULL, &size, ViewUnmap,
					   MEM_LARGE_PAGES, PAGE_READWRITE) !=
			STATUS_PRIVILEGE_NOT_HELD) << 3;
		max.QuadPart = min;
		bad |= (NtCreateSection(&s2, SECTION_ALL_ACCESS, NULL, &max, PAGE_READWRITE,
					SEC_COMMIT | SEC_LARGE_PAGES, NULL) != STATUS_SUCCESS) << 4;
		_exit(bad);
	}
	ASSERT_EQ(pid, waitpid(pid, &status, 0));
	EXPECT_TRUE(WIFEXITED(status));
	EXPECT_EQ(0, WEXITSTATUS(status));
	NtClose(sec);
}

TEST_F(dev, allocate_bad_pointers)
{
	PVOID p = NULL;
	SIZE_T size = PAGE;
	HANDLE cur = NtCurrentProcess();

	EXPECT_STATUS(STATUS_ACCESS_VIOLATION,
		      NtAllocateVirtualMemory(cur, NULL, 0, &size, MEM_RESERVE, PAGE_READWRITE));
	EXPECT_STATUS(STATUS_ACCESS_VIOLATION,
		      NtAllocateVirtualMemory(cur, &p, 0, NULL, MEM_RESERVE, PAGE_READWRITE));
	EXPECT_STATUS(STATUS_ACCESS_VIOLATION,
		      NtAllocateVirtualMemory(cur, lt_page(PROT_NONE), 0, &size, MEM_RESERVE,
					      PAGE_READWRITE));
	EXPECT_STATUS(STATUS_ACCESS_VIOLATION,
		      NtAllocateVirtualMemory(cur, &p, 0, LT_KERNEL, MEM_RESERVE,
					      PAGE_READWRITE));
	EXPECT_STATUS(STATUS_ACCESS_VIOLATION,
		      NtAllocateVirtualMemory(cur, lt_page(PROT_READ), 0, &size, MEM_RESERVE,
					      PAGE_READWRITE));
	/* Parameters are checked before the pointers. */
	EXPECT_STATUS(STATUS_INVALID_PARAMETER_5,
		      NtAllocateVirtualMemory(cur, NULL, 0, NULL, 0, PAGE_READWRITE));
	EXPECT_STATUS(STATUS_INVALID_PAGE_PROTECTION,
		      NtAllocateVirtualMemory(cur, NULL, 0, NULL, MEM_RESERVE, 0));
}

TEST_F(dev, allocate_zero_bits)
{
	/* SPEC §5: below 2^(32 - ZeroBits); from 16 on, below the first 64 KiB. */
	static const ULONG_PTR bits[] = { 1, 2, 8, 12 };
	static const ULONG_PTR too_low[] = { 16, 20 };
	PVOID p;
	SIZE_T size;
	size_t i;

	for (i = 0; i < ARRAY_SIZE(bits); i++) {
		p = NULL;
		size = PAGE;
		EXPECT_STATUS(STATUS_SUCCESS,
			      NtAllocateVirtualMemory(NtCurrentProcess(), &p, bits[i], &size,
						      MEM_RESERVE | MEM_COMMIT, PAGE_READWRITE));
		EXPECT_EQ(0, (ULONG_PTR)p >> (32 - bits[i]));
		EXPECT_EQ(0, (ULONG_PTR)p % GRAN);
		EXPECT_EQ(0, lt_touch(p, 1));
	}
	for (i = 0; i < ARRAY_SIZE(too_low); i++) {
		p = NULL;
		size = PAGE;
		EXPECT_STATUS(STATUS_NO_MEMORY,
			      NtAllocateVirtualMemory(NtCurrentProcess(), &p, too_low[i], &size,
						      MEM_RESERVE, PAGE_READWRITE));
	}
	p = NULL;
	size = PAGE;
	EXPECT_STATUS(STATUS_NO_MEMORY,
		      NtAllocateVirtualMemory(NtCurrentProcess(), &p, 21, &size, MEM_RESERVE,
					      PAGE_READWRITE));
	/* From 32 on, a mask: no bit above its highest. */
	EXPECT_STATUS(STATUS_SUCCESS,
		      NtAllocateVirtualMemory(NtCurrentProcess(), &p, 0x3fffffffUL, &size,
					      MEM_RESERVE | MEM_TOP_DOWN, PAGE_READWRITE));
	EXPECT_GT((ULONG_PTR)p, 0);
	EXPECT_LT((ULONG_PTR)p, 0x40000000UL);
	/* MEM_TOP_DOWN alone: somewhere, aligned. */
	p = NULL;
	EXPECT_STATUS(STATUS_SUCCESS,
		      NtAllocateVirtualMemory(NtCurrentProcess(), &p, 0, &size,
					      MEM_RESERVE | MEM_TOP_DOWN, PAGE_READWRITE));
	EXPECT_EQ(0, (ULONG_PTR)p % GRAN);
}

TEST_F(dev, allocate_process_handles)
{
	PVOID p = NULL;
	SIZE_T size = PAGE;
	HANDLE h;
	int pidfd;

	EXPECT_STATUS(STATUS_INVALID_HANDLE,
		      NtAllocateVirtualMemory(NULL, &p, 0, &size, MEM_RESERVE, PAGE_READWRITE));
	EXPECT_STATUS(STATUS_INVALID_HANDLE,
		      NtAllocateVirtualMemory(LT_GARBAGE, &p, 0, &size, MEM_RESERVE,
					      PAGE_READWRITE));
	ASSERT_STATUS(STATUS_SUCCESS, lt_create(&h, NULL, PAGE, PAGE_READWRITE, SEC_COMMIT));
	EXPECT_STATUS(STATUS_OBJECT_TYPE_MISMATCH,
		      NtAllocateVirtualMemory(h, &p, 0, &size, MEM_RESERVE, PAGE_READWRITE));
	pidfd = (int)syscall(SYS_pidfd_open, getpid(), 0);
	if (pidfd >= 0)
		EXPECT_STATUS(STATUS_SUCCESS,
			      NtAllocateVirtualMemory(ntsection_handle_from_fd(pidfd), &p, 0, &size,
						      MEM_RESERVE, PAGE_READWRITE));
	NtClose(h);
}

TEST_F(dev, allocate_commit_in_a_view)
{
	MEMORY_BASIC_INFORMATION mbi;
	HANDLE h, file, fh;
	SIZE_T size;
	char *v1, *v2, *fv;
	PVOID p;
	int fd;

	ASSERT_STATUS(STATUS_SUCCESS, lt_create(&h, NULL, 4 * PAGE, PAGE_READWRITE, SEC_RESERVE));
	v1 = lt_map(h, PAGE_READWRITE, NULL);
	v2 = lt_map(h, PAGE_READONLY, NULL);
	ASSERT_NE(NULL, v1);
	ASSERT_NE(NULL, v2);
	EXPECT_EQ(SIGSEGV, lt_touch(v1 + PAGE, 0));
	p = v1 + PAGE + 1;
	size = 1;
	ASSERT_STATUS(STATUS_SUCCESS, NtAllocateVirtualMemory(NtCurrentProcess(), &p, 0, &size,
							      MEM_COMMIT, PAGE_READWRITE));
	EXPECT_EQ(v1 + PAGE, p);
	EXPECT_EQ(PAGE, size);
	v1[PAGE] = 5;
	EXPECT_EQ(5, v2[PAGE]);		/* committed for the whole section */
	ASSERT_STATUS(STATUS_SUCCESS, lt_query_vm(v2 + PAGE, &mbi));
	EXPECT_EQ(MEM_COMMIT, mbi.State);
	EXPECT_EQ(MEM_MAPPED, mbi.Type);
	p = v1 + 3 * PAGE;
	size = 2 * PAGE;
	EXPECT_STATUS(STATUS_CONFLICTING_ADDRESSES,
		      NtAllocateVirtualMemory(NtCurrentProcess(), &p, 0, &size, MEM_COMMIT,
					      PAGE_READWRITE));
	/* A file-backed view has nothing to commit. */
	fd = lt_file(PAGE, O_RDWR, &file);
	ASSERT_GE(fd, 0);
	ASSERT_STATUS(STATUS_SUCCESS, NtCreateSection(&fh, SECTION_ALL_ACCESS, NULL, NULL,
						      PAGE_READWRITE, SEC_COMMIT, file));
	fv = lt_map(fh, PAGE_READWRITE, NULL);
	ASSERT_NE(NULL, fv);
	p = fv;
	size = PAGE;
	EXPECT_STATUS(STATUS_ACCESS_DENIED,
		      NtAllocateVirtualMemory(NtCurrentProcess(), &p, 0, &size, MEM_COMMIT,
					      PAGE_READWRITE));
	NtClose(fh);
	NtClose(h);
	close(fd);
}

TEST_F(dev, allocate_reset)
{
	PVOID p;
	SIZE_T size = PAGE;
	char *r;

	r = lt_alloc(2 * PAGE, MEM_RESERVE | MEM_COMMIT, PAGE_READWRITE);
	ASSERT_NE(NULL, r);
	p = r;
	EXPECT_STATUS(STATUS_SUCCESS, NtAllocateVirtualMemory(NtCurrentProcess(), &p, 0, &size,
							      MEM_RESET, PAGE_READWRITE));
	EXPECT_EQ(0, lt_touch(r, 1));
	p = (char *)&p;
	EXPECT_STATUS(STATUS_CONFLICTING_ADDRESSES,
		      NtAllocateVirtualMemory(NtCurrentProcess(), &p, 0, &size, MEM_RESET,
					      PAGE_READWRITE));
}

/* ===================================================================== */
/* NtFreeVirtualMemory.                                                   */

TEST_F(dev, free_release)
{
	PVOID p;
	SIZE_T size;
	char *r;

	r = lt_alloc(GRAN, MEM_RESERVE | MEM_COMMIT, PAGE_READWRITE);
	ASSERT_NE(NULL, r);
	p = r + 0x1001;
	size = 0;
	EXPECT_STATUS(STATUS_FREE_VM_NOT_AT_BASE,
		      NtFreeVirtualMemory(NtCurrentProcess(), &p, &size, MEM_RELEASE));
	EXPECT_EQ(r + 0x1001, p);
	EXPECT_EQ(0, size);
	p = r + PAGE;
	size = PAGE;
	EXPECT_STATUS(STATUS_FREE_VM_NOT_AT_BASE,
		      NtFreeVirtualMemory(NtCurrentProcess(), &p, &size, MEM_RELEASE));
	p = r;
	size = PAGE;
	EXPECT_STATUS(STATUS_UNABLE_TO_FREE_VM,
		      NtFreeVirtualMemory(NtCurrentProcess(), &p, &size, MEM_RELEASE));
	p = r + 0xfff;
	size = 0;
	ASSERT_STATUS(STATUS_SUCCESS, NtFreeVirtualMemory(NtCurrentProcess(), &p, &size,
							  MEM_RELEASE));
	EXPECT_EQ(r, p);
	EXPECT_EQ(GRAN, size);
	EXPECT_EQ(SIGSEGV, lt_touch(r, 0));
	p = r;
	size = 0;
	EXPECT_STATUS(STATUS_MEMORY_NOT_ALLOCATED,
		      ZwFreeVirtualMemory(NtCurrentProcess(), &p, &size, MEM_RELEASE));
	/* A whole-size release works too. */
	r = lt_alloc(3 * PAGE, MEM_RESERVE, PAGE_READWRITE);
	ASSERT_NE(NULL, r);
	p = r;
	size = 3 * PAGE;
	EXPECT_STATUS(STATUS_SUCCESS, NtFreeVirtualMemory(NtCurrentProcess(), &p, &size,
							  MEM_RELEASE));
}

TEST_F(dev, free_decommit)
{
	MEMORY_BASIC_INFORMATION mbi;
	PVOID p;
	SIZE_T size;
	char *r;

	r = lt_alloc(GRAN, MEM_RESERVE | MEM_COMMIT, PAGE_READWRITE);
	ASSERT_NE(NULL, r);
	memset(r, 0x5a, GRAN);
	p = r + 0x1fff;
	size = 2;
	ASSERT_STATUS(STATUS_SUCCESS, NtFreeVirtualMemory(NtCurrentProcess(), &p, &size,
							  MEM_DECOMMIT));
	EXPECT_EQ(r + PAGE, p);
	EXPECT_EQ(2 * PAGE, size);
	EXPECT_EQ(SIGSEGV, lt_touch(r + PAGE, 0));
	EXPECT_EQ(0, lt_touch(r, 0));
	ASSERT_STATUS(STATUS_SUCCESS, lt_query_vm(r + PAGE, &mbi));
	EXPECT_EQ(MEM_RESERVE, mbi.State);
	EXPECT_EQ(2 * PAGE, mbi.RegionSize);
	/* Committed again, the pages read zero. */
	p = r + PAGE;
	size = PAGE;
	ASSERT_STATUS(STATUS_SUCCESS, NtAllocateVirtualMemory(NtCurrentProcess(), &p, 0, &size,
							      MEM_COMMIT, PAGE_READWRITE));
	EXPECT_EQ(0, r[PAGE]);
	EXPECT_EQ(0x5a, r[0]);
	p = r + 0x1001;
	size = 0;
	EXPECT_STATUS(STATUS_FREE_VM_NOT_AT_BASE,
		      NtFreeVirtualMemory(NtCurrentProcess(), &p, &size, MEM_DECOMMIT));
	p = r + 0xffe;
	size = 0;
	ASSERT_STATUS(STATUS_SUCCESS, NtFreeVirtualMemory(NtCurrentProcess(), &p, &size,
							  MEM_DECOMMIT));
	EXPECT_EQ(r, p);
	EXPECT_EQ(0, size);	/* as Windows 10 1803 and later report it */
	EXPECT_EQ(SIGSEGV, lt_touch(r, 0));
	p = r + GRAN - PAGE;
	size = 2 * PAGE;
	EXPECT_STATUS(STATUS_UNABLE_TO_FREE_VM,
		      NtFreeVirtualMemory(NtCurrentProcess(), &p, &size, MEM_DECOMMIT));
	/* Reserved pages decommit fine. */
	p = r;
	size = PAGE;
	EXPECT_STATUS(STATUS_SUCCESS, NtFreeVirtualMemory(NtCurrentProcess(), &p, &size,
							  MEM_DECOMMIT));
}

TEST_F(dev, free_statuses)
{
	HANDLE cur = NtCurrentProcess(), h;
	PVOID p = NULL;
	SIZE_T size = 0;
	char *v;

	EXPECT_STATUS(STATUS_INVALID_PARAMETER_4, NtFreeVirtualMemory(cur, &p, &size, 0));
	EXPECT_STATUS(STATUS_INVALID_PARAMETER_4,
		      NtFreeVirtualMemory(cur, &p, &size, MEM_DECOMMIT | MEM_RELEASE));
	EXPECT_STATUS(STATUS_INVALID_PARAMETER_4,
		      NtFreeVirtualMemory(cur, &p, &size, MEM_RELEASE | 0x4));
	/* The placeholder flags: COALESCE needs RELEASE; PRESERVE with DECOMMIT is none. */
	EXPECT_STATUS(STATUS_INVALID_PARAMETER_4,
		      NtFreeVirtualMemory(cur, &p, &size, MEM_COALESCE_PLACEHOLDERS));
	EXPECT_STATUS(STATUS_INVALID_PARAMETER_4,
		      NtFreeVirtualMemory(cur, &p, &size,
					  MEM_DECOMMIT | MEM_PRESERVE_PLACEHOLDER));
	EXPECT_STATUS(STATUS_ACCESS_VIOLATION, NtFreeVirtualMemory(cur, NULL, &size, MEM_RELEASE));
	EXPECT_STATUS(STATUS_ACCESS_VIOLATION, NtFreeVirtualMemory(cur, &p, NULL, MEM_RELEASE));
	EXPECT_STATUS(STATUS_ACCESS_VIOLATION,
		      NtFreeVirtualMemory(cur, lt_page(PROT_NONE), &size, MEM_RELEASE));
	p = LT_KERNEL;
	EXPECT_STATUS(STATUS_INVALID_PARAMETER_2, NtFreeVirtualMemory(cur, &p, &size, MEM_RELEASE));
	p = (PVOID)0x7ffffff00000UL;
	size = 0x200000;
	EXPECT_STATUS(STATUS_INVALID_PARAMETER_3, NtFreeVirtualMemory(cur, &p, &size, MEM_RELEASE));
	p = (char *)&p;
	size = 0;
	EXPECT_STATUS(STATUS_MEMORY_NOT_ALLOCATED,
		      NtFreeVirtualMemory(cur, &p, &size, MEM_RELEASE));
	EXPECT_STATUS(STATUS_INVALID_HANDLE, NtFreeVirtualMemory(NULL, &p, &size, MEM_RELEASE));
	/* Views are freed by unmapping them. */
	ASSERT_STATUS(STATUS_SUCCESS, lt_create(&h, NULL, GRAN, PAGE_READWRITE, SEC_COMMIT));
	v = lt_map(h, PAGE_READWRITE, NULL);
	ASSERT_NE(NULL, v);
	p = v;
	EXPECT_STATUS(STATUS_UNABLE_TO_DELETE_SECTION,
		      NtFreeVirtualMemory(cur, &p, &size, MEM_RELEASE));
	EXPECT_STATUS(STATUS_UNABLE_TO_DELETE_SECTION,
		      NtFreeVirtualMemory(cur, &p, &size, MEM_DECOMMIT));
	EXPECT_EQ(0, lt_touch(v, 1));
	NtClose(h);
}

/* ===================================================================== */
/* NtQueryVirtualMemory.                                                  */

TEST_F(dev, query_vm_private_regions)
{
	MEMORY_BASIC_INFORMATION mbi;
	SIZE_T size = PAGE, ret = 0;
	PVOID p;
	char *r;

	r = lt_alloc(8 * PAGE, MEM_RESERVE, PAGE_EXECUTE_READWRITE);
	ASSERT_NE(NULL, r);
	p = r + 2 * PAGE;
	size = 3 * PAGE;
	ASSERT_STATUS(STATUS_SUCCESS, NtAllocateVirtualMemory(NtCurrentProcess(), &p, 0, &size,
							      MEM_COMMIT, PAGE_READWRITE));
	ASSERT_STATUS(STATUS_SUCCESS,
		      NtQueryVirtualMemory(NtCurrentProcess(), r + 10, MemoryBasicInformation,
					   &mbi, sizeof(mbi), &ret));
	EXPECT_EQ(sizeof(mbi), ret);
	EXPECT_EQ(r, mbi.BaseAddress);
	EXPECT_EQ(r, mbi.AllocationBase);
	EXPECT_EQ(PAGE_EXECUTE_READWRITE, mbi.AllocationProtect);
	EXPECT_EQ(2 * PAGE, mbi.RegionSize);
	EXPECT_EQ(MEM_RESERVE, mbi.State);
	EXPECT_EQ(0, mbi.Protect);
	EXPECT_EQ(MEM_PRIVATE, mbi.Type);
	ASSERT_STATUS(STATUS_SUCCESS, lt_query_vm(r + 3 * PAGE, &mbi));
	EXPECT_EQ(r + 3 * PAGE, mbi.BaseAddress);
	EXPECT_EQ(2 * PAGE, mbi.RegionSize);
	EXPECT_EQ(MEM_COMMIT, mbi.State);
	EXPECT_EQ(PAGE_READWRITE, mbi.Protect);
	ASSERT_STATUS(STATUS_SUCCESS, ZwQueryVirtualMemory(NtCurrentProcess(), r + 5 * PAGE,
							   MemoryBasicInformation, &mbi,
							   sizeof(mbi), NULL));
	EXPECT_EQ(3 * PAGE, mbi.RegionSize);
	EXPECT_EQ(MEM_RESERVE, mbi.State);
}

TEST_F(dev, query_vm_views)
{
	MEMORY_BASIC_INFORMATION mbi;
	HANDLE h;
	char *v;

	ASSERT_STATUS(STATUS_SUCCESS, lt_create(&h, NULL, 4 * PAGE, PAGE_READWRITE, SEC_RESERVE));
	v = lt_map(h, PAGE_READWRITE, NULL);
	ASSERT_NE(NULL, v);
	ASSERT_STATUS(STATUS_SUCCESS, lt_query_vm(v + PAGE + 1, &mbi));
	EXPECT_EQ(v + PAGE, mbi.BaseAddress);
	EXPECT_EQ(v, mbi.AllocationBase);
	EXPECT_EQ(PAGE_READWRITE, mbi.AllocationProtect);
	EXPECT_EQ(3 * PAGE, mbi.RegionSize);
	EXPECT_EQ(MEM_RESERVE, mbi.State);
	EXPECT_EQ(0, mbi.Protect);
	EXPECT_EQ(MEM_MAPPED, mbi.Type);
	NtClose(h);
}

/*
 * Linux memory the kernel merged into a reservation's VMA (both anonymous
 * PROT_NONE) is not part of the reservation: its allocation starts where
 * the reservation ends. Before the fix it was described from the
 * reservation's base, and another process's region sums ran on through it.
 */
TEST_F(dev, query_vm_linux_memory_beside_a_reservation)
{
	HANDLE cur = NtCurrentProcess();
	MEMORY_BASIC_INFORMATION mbi;
	SIZE_T size = 4 * PAGE, zero = 0;
	char *area, *next;
	PVOID base, want;

	/*
	 * The layout this test needs, made rather than assumed: readable
	 * pages of our own around a hole of five pages at a granule
	 * boundary; the reservation takes the hole's first four pages and a
	 * PROT_NONE page of Linux's the fifth, so a readable page (which no
	 * PROT_NONE mapping merges with) follows it. The library is used once
	 * first, so that nothing of its first call is mapped into the hole.
	 */
	base = NULL;
	ASSERT_STATUS(STATUS_SUCCESS, NtAllocateVirtualMemory(cur, &base, 0, &size, MEM_RESERVE,
							      PAGE_READWRITE));
	ASSERT_STATUS(STATUS_SUCCESS, NtFreeVirtualMemory(cur, &base, &zero, MEM_RELEASE));
	size = 4 * PAGE;
	area = mmap(NULL, 3 * GRAN, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
	ASSERT_NE(MAP_FAILED, area);
	want = (PVOID)(((uintptr_t)area + GRAN - 1) & ~(uintptr_t)(GRAN - 1));
	ASSERT_EQ(0, munmap(want, size + PAGE));
	base = want;
	ASSERT_STATUS(STATUS_SUCCESS, NtAllocateVirtualMemory(cur, &base, 0, &size, MEM_RESERVE,
							      PAGE_READWRITE));
	ASSERT_EQ(want, base);
	next = mmap((char *)base + size, PAGE, PROT_NONE,
		    MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE | MAP_FIXED_NOREPLACE, -1, 0);
	ASSERT_EQ((char *)base + size, next);
	ASSERT_STATUS(STATUS_SUCCESS, NtQueryVirtualMemory(cur, next, MemoryBasicInformation,
							   &mbi, sizeof(mbi), NULL));
	EXPECT_EQ(next, mbi.AllocationBase);
	EXPECT_EQ(PAGE, mbi.RegionSize);
	ASSERT_STATUS(STATUS_SUCCESS, NtQueryVirtualMemory(cur, (char *)base + PAGE,
							   MemoryBasicInformation, &mbi,
							   sizeof(mbi), NULL));
	EXPECT_EQ(base, mbi.AllocationBase);
	EXPECT_EQ(3 * PAGE, mbi.RegionSize);
	EXPECT_STATUS(STATUS_SUCCESS, NtFreeVirtualMemory(cur, &base, &zero, MEM_RELEASE));
	EXPECT_EQ(0, munmap(area, 3 * GRAN));
}

TEST_F(dev, query_vm_free_and_linux_memory)
{
	MEMORY_BASIC_INFORMATION mbi;
	int local = 0;
	char *r;
	PVOID p;
	SIZE_T size = 0;

	/* Free: a released reservation. */
	r = lt_alloc(GRAN, MEM_RESERVE, PAGE_READWRITE);
	ASSERT_NE(NULL, r);
	p = r;
	ASSERT_STATUS(STATUS_SUCCESS, NtFreeVirtualMemory(NtCurrentProcess(), &p, &size,
							  MEM_RELEASE));
	ASSERT_STATUS(STATUS_SUCCESS, lt_query_vm(r + 5, &mbi));
	EXPECT_EQ(r, mbi.BaseAddress);
	EXPECT_EQ(NULL, mbi.AllocationBase);
	EXPECT_EQ(0, mbi.AllocationProtect);
	EXPECT_EQ(MEM_FREE, mbi.State);
	EXPECT_EQ(PAGE_NOACCESS, mbi.Protect);
	EXPECT_EQ(0, mbi.Type);
	EXPECT_GE(mbi.RegionSize, GRAN);
	/* The stack: committed private read-write memory. */
	ASSERT_STATUS(STATUS_SUCCESS, lt_query_vm(&local, &mbi));
	EXPECT_EQ(MEM_COMMIT, mbi.State);
	EXPECT_EQ(PAGE_READWRITE, mbi.Protect);
	EXPECT_EQ(MEM_PRIVATE, mbi.Type);
	/* This program's code: an image, executable. */
	ASSERT_STATUS(STATUS_SUCCESS, lt_query_vm((void *)lt_query_vm, &mbi));
	EXPECT_EQ(MEM_COMMIT, mbi.State);
	EXPECT_EQ(PAGE_EXECUTE_READ, mbi.Protect);
	EXPECT_EQ(MEM_IMAGE, mbi.Type);
	/* Page zero. */
	ASSERT_STATUS(STATUS_SUCCESS, lt_query_vm(NULL, &mbi));
	EXPECT_EQ(MEM_FREE, mbi.State);
}

TEST_F(dev, query_vm_statuses)
{
	MEMORY_BASIC_INFORMATION mbi;
	HANDLE cur = NtCurrentProcess();
	int local;

	EXPECT_STATUS(STATUS_INVALID_INFO_CLASS,
		      NtQueryVirtualMemory(cur, &local, MemoryWorkingSetInformation, &mbi,
					   sizeof(mbi), NULL));
	EXPECT_STATUS(STATUS_INFO_LENGTH_MISMATCH,
		      NtQueryVirtualMemory(cur, &local, MemoryBasicInformation, &mbi,
					   sizeof(mbi) - 1, NULL));
	EXPECT_STATUS(STATUS_INVALID_PARAMETER,
		      NtQueryVirtualMemory(cur, LT_KERNEL, MemoryBasicInformation, &mbi,
					   sizeof(mbi), NULL));
	EXPECT_STATUS(STATUS_ACCESS_VIOLATION,
		      NtQueryVirtualMemory(cur, &local, MemoryBasicInformation, NULL,
					   sizeof(mbi), NULL));
	EXPECT_STATUS(STATUS_ACCESS_VIOLATION,
		      NtQueryVirtualMemory(cur, &local, MemoryBasicInformation,
					   lt_page(PROT_READ), sizeof(mbi), NULL));
	EXPECT_STATUS(STATUS_ACCESS_VIOLATION,
		      NtQueryVirtualMemory(cur, &local, MemoryBasicInformation, &mbi,
					   sizeof(mbi), lt_page(PROT_NONE)));
	EXPECT_STATUS(STATUS_INVALID_HANDLE,
		      NtQueryVirtualMemory(NULL, &local, MemoryBasicInformation, &mbi,
					   sizeof(mbi), NULL));
	EXPECT_STATUS(STATUS_OBJECT_TYPE_MISMATCH,
		      NtQueryVirtualMemory((HANDLE)-2, &local, MemoryBasicInformation, &mbi,
					   sizeof(mbi), NULL));
}

/* ===================================================================== */
/* NtProtectVirtualMemory.                                                */

TEST_F(dev, protect_private)
{
	MEMORY_BASIC_INFORMATION mbi;
	ULONG old = 0;
	SIZE_T size;
	PVOID p;
	char *r;

	r = lt_alloc(4 * PAGE, MEM_RESERVE | MEM_COMMIT, PAGE_READWRITE);
	ASSERT_NE(NULL, r);
	p = r + PAGE + 7;
	size = 2;
	ASSERT_STATUS(STATUS_SUCCESS, NtProtectVirtualMemory(NtCurrentProcess(), &p, &size,
							     PAGE_READONLY, &old));
	EXPECT_EQ(PAGE_READWRITE, old);
	EXPECT_EQ(r + PAGE, p);
	EXPECT_EQ(PAGE, size);
	EXPECT_EQ(SIGSEGV, lt_touch(r + PAGE, 1));
	EXPECT_EQ(0, lt_touch(r + 2 * PAGE, 1));
	ASSERT_STATUS(STATUS_SUCCESS, lt_query_vm(r + PAGE, &mbi));
	EXPECT_EQ(PAGE_READONLY, mbi.Protect);
	EXPECT_EQ(PAGE, mbi.RegionSize);
	p = r + PAGE;
	size = PAGE;
	ASSERT_STATUS(STATUS_SUCCESS, ZwProtectVirtualMemory(NtCurrentProcess(), &p, &size,
							     PAGE_NOACCESS, &old));
	EXPECT_EQ(PAGE_READONLY, old);
	EXPECT_EQ(SIGSEGV, lt_touch(r + PAGE, 0));
}

TEST_F(dev, protect_private_statuses)
{
	HANDLE cur = NtCurrentProcess();
	ULONG old;
	SIZE_T size = PAGE;
	PVOID p;
	char *r;

	r = lt_alloc(4 * PAGE, MEM_RESERVE, PAGE_READWRITE);
	ASSERT_NE(NULL, r);
	p = r;
	EXPECT_STATUS(STATUS_NOT_COMMITTED,
		      NtProtectVirtualMemory(cur, &p, &size, PAGE_READONLY, &old));
	size = 8 * PAGE;
	EXPECT_STATUS(STATUS_CONFLICTING_ADDRESSES,
		      NtProtectVirtualMemory(cur, &p, &size, PAGE_READONLY, &old));
	size = PAGE;
	p = r;
	ASSERT_STATUS(STATUS_SUCCESS, NtAllocateVirtualMemory(cur, &p, 0, &size, MEM_COMMIT,
							      PAGE_READWRITE));
	EXPECT_STATUS(STATUS_INVALID_PAGE_PROTECTION,
		      NtProtectVirtualMemory(cur, &p, &size, PAGE_WRITECOPY, &old));
	EXPECT_STATUS(STATUS_INVALID_PAGE_PROTECTION,
		      NtProtectVirtualMemory(cur, &p, &size, 0x3, &old));
	EXPECT_STATUS(STATUS_INVALID_PAGE_PROTECTION,
		      NtProtectVirtualMemory(cur, &p, &size, 0, &old));
	/* Free memory: a released reservation. */
	size = 0;
	ASSERT_STATUS(STATUS_SUCCESS, NtFreeVirtualMemory(cur, &p, &size, MEM_RELEASE));
	size = PAGE;
	EXPECT_STATUS(STATUS_CONFLICTING_ADDRESSES,
		      NtProtectVirtualMemory(cur, &p, &size, PAGE_READONLY, &old));
	/* Pointers, bounds, the process. */
	EXPECT_STATUS(STATUS_ACCESS_VIOLATION,
		      NtProtectVirtualMemory(cur, NULL, &size, PAGE_READONLY, &old));
	EXPECT_STATUS(STATUS_ACCESS_VIOLATION,
		      NtProtectVirtualMemory(cur, &p, NULL, PAGE_READONLY, &old));
	EXPECT_STATUS(STATUS_ACCESS_VIOLATION,
		      NtProtectVirtualMemory(cur, &p, &size, PAGE_READONLY, NULL));
	EXPECT_STATUS(STATUS_ACCESS_VIOLATION,
		      NtProtectVirtualMemory(cur, &p, &size, PAGE_READONLY, lt_page(PROT_NONE)));
	p = LT_KERNEL;
	EXPECT_STATUS(STATUS_INVALID_PARAMETER_2,
		      NtProtectVirtualMemory(cur, &p, &size, PAGE_READONLY, &old));
	p = (PVOID)0x7ffffff00000UL;
	size = 0x200000;
	EXPECT_STATUS(STATUS_INVALID_PARAMETER_3,
		      NtProtectVirtualMemory(cur, &p, &size, PAGE_READONLY, &old));
	p = r;
	size = PAGE;
	EXPECT_STATUS(STATUS_INVALID_HANDLE,
		      NtProtectVirtualMemory(NULL, &p, &size, PAGE_READONLY, &old));
}

TEST_F(dev, protect_linux_memory)
{
	ULONG old = 0;
	SIZE_T size = PAGE;
	char *m = mmap(NULL, 2 * PAGE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS,
		       -1, 0);
	PVOID p = m;

	ASSERT_NE(MAP_FAILED, m);
	ASSERT_STATUS(STATUS_SUCCESS, NtProtectVirtualMemory(NtCurrentProcess(), &p, &size,
							     PAGE_READONLY, &old));
	EXPECT_EQ(PAGE_READWRITE, old);
	EXPECT_EQ(SIGSEGV, lt_touch(m, 1));
	EXPECT_EQ(0, lt_touch(m + PAGE, 1));
	ASSERT_STATUS(STATUS_SUCCESS, NtProtectVirtualMemory(NtCurrentProcess(), &p, &size,
							     PAGE_EXECUTE_READWRITE, &old));
	EXPECT_EQ(PAGE_READONLY, old);
	EXPECT_EQ(0, lt_touch(m, 1));
}

TEST_F(dev, protect_views)
{
	MEMORY_BASIC_INFORMATION mbi;
	HANDLE h, ro;
	ULONG old = 0;
	SIZE_T size, vs;
	PVOID p;
	char *v, *rv;

	ASSERT_STATUS(STATUS_SUCCESS, lt_create(&h, NULL, 2 * PAGE, PAGE_READWRITE, SEC_COMMIT));
	v = lt_map(h, PAGE_READWRITE, &vs);
	ASSERT_NE(NULL, v);
	p = v;
	size = vs;
	ASSERT_STATUS(STATUS_SUCCESS, NtProtectVirtualMemory(NtCurrentProcess(), &p, &size,
							     PAGE_READONLY, &old));
	EXPECT_EQ(PAGE_READWRITE, old);
	EXPECT_EQ(SIGSEGV, lt_touch(v, 1));
	ASSERT_STATUS(STATUS_SUCCESS, lt_query_vm(v, &mbi));
	EXPECT_EQ(PAGE_READONLY, mbi.Protect);
	EXPECT_EQ(PAGE_READWRITE, mbi.AllocationProtect);
	ASSERT_STATUS(STATUS_SUCCESS, NtProtectVirtualMemory(NtCurrentProcess(), &p, &size,
							     PAGE_READWRITE, &old));
	EXPECT_EQ(PAGE_READONLY, old);
	EXPECT_EQ(0, lt_touch(v, 1));
	/* The view's protection caps it: more than it allows is refused. */
	EXPECT_STATUS(STATUS_SECTION_PROTECTION,
		      NtProtectVirtualMemory(NtCurrentProcess(), &p, &size,
					     PAGE_EXECUTE_READWRITE, &old));
	ASSERT_STATUS(STATUS_SUCCESS, lt_create(&ro, NULL, PAGE, PAGE_READONLY, SEC_COMMIT));
	rv = lt_map(ro, PAGE_READONLY, &vs);
	ASSERT_NE(NULL, rv);
	p = rv;
	size = vs;
	EXPECT_STATUS(STATUS_SECTION_PROTECTION,
		      NtProtectVirtualMemory(NtCurrentProcess(), &p, &size, PAGE_READWRITE, &old));
	/* A shared view cannot become copy-on-write. */
	p = v;
	size = 2 * PAGE;
	EXPECT_STATUS(STATUS_NOT_SUPPORTED,
		      NtProtectVirtualMemory(NtCurrentProcess(), &p, &size, PAGE_WRITECOPY, &old));
	NtClose(h);
	NtClose(ro);
}

/*
 * SPEC §6: MEM_COMMIT in a view gives the committed pages the commit's
 * Protect in that view only; every other view keeps its own.
 */
TEST_F(dev, commit_protect_in_view)
{
	MEMORY_BASIC_INFORMATION mbi;
	char *v, *w;
	SIZE_T size = PAGE;
	HANDLE h;
	PVOID p;

	ASSERT_STATUS(STATUS_SUCCESS, lt_create(&h, NULL, 4 * PAGE, PAGE_READWRITE, SEC_RESERVE));
	v = lt_map(h, PAGE_READWRITE, NULL);
	w = lt_map(h, PAGE_READWRITE, NULL);
	ASSERT_NE(NULL, v);
	ASSERT_NE(NULL, w);
	p = v + PAGE;
	ASSERT_STATUS(STATUS_SUCCESS, NtAllocateVirtualMemory(NtCurrentProcess(), &p, 0, &size,
							      MEM_COMMIT, PAGE_READONLY));
	ASSERT_STATUS(STATUS_SUCCESS, NtQueryVirtualMemory(NtCurrentProcess(), v + PAGE,
							   MemoryBasicInformation, &mbi,
							   sizeof(mbi), NULL));
	EXPECT_EQ(PAGE_READONLY, mbi.Protect);
	EXPECT_EQ(MEM_COMMIT, mbi.State);
	EXPECT_EQ(v, mbi.AllocationBase);
	ASSERT_STATUS(STATUS_SUCCESS, NtQueryVirtualMemory(NtCurrentProcess(), w + PAGE,
							   MemoryBasicInformation, &mbi,
							   sizeof(mbi), NULL));
	EXPECT_EQ(PAGE_READWRITE, mbi.Protect);
	w[PAGE] = 1;
	EXPECT_EQ(1, v[PAGE]);
	EXPECT_STATUS(STATUS_SUCCESS, NtUnmapViewOfSection(NtCurrentProcess(), v + 3 * PAGE));
	EXPECT_STATUS(STATUS_SUCCESS, NtUnmapViewOfSection(NtCurrentProcess(), w));
	NtClose(h);
}

TEST_F(dev, protect_view_parts)
{
	ULONG old = 0;
	SIZE_T size;
	HANDLE h;
	PVOID p;
	char *v;

	ASSERT_STATUS(STATUS_SUCCESS, lt_create(&h, NULL, 4 * PAGE, PAGE_READWRITE, SEC_RESERVE));
	v = lt_map(h, PAGE_READWRITE, NULL);
	ASSERT_NE(NULL, v);
	p = v;
	size = PAGE;
	EXPECT_STATUS(STATUS_NOT_COMMITTED,
		      NtProtectVirtualMemory(NtCurrentProcess(), &p, &size, PAGE_READONLY, &old));
	size = 4 * PAGE;
	ASSERT_STATUS(STATUS_SUCCESS, NtAllocateVirtualMemory(NtCurrentProcess(), &p, 0, &size,
							      MEM_COMMIT, PAGE_READWRITE));
	/* Any page range of a view takes a protection of its own (SPEC §6)... */
	size = PAGE;
	p = v + PAGE;
	EXPECT_STATUS(STATUS_SUCCESS,
		      NtProtectVirtualMemory(NtCurrentProcess(), &p, &size, PAGE_READONLY, &old));
	EXPECT_EQ(PAGE_READWRITE, old);
	EXPECT_STATUS(STATUS_SUCCESS,
		      NtProtectVirtualMemory(NtCurrentProcess(), &p, &size, PAGE_READWRITE, &old));
	EXPECT_EQ(PAGE_READONLY, old);
	/* ...capped by the view's: no copy-on-write in a shared view. */
	EXPECT_STATUS(STATUS_NOT_SUPPORTED,
		      NtProtectVirtualMemory(NtCurrentProcess(), &p, &size, PAGE_WRITECOPY, &old));
	p = v;
	/* Past the view's end. */
	size = 5 * PAGE;
	EXPECT_STATUS(STATUS_CONFLICTING_ADDRESSES,
		      NtProtectVirtualMemory(NtCurrentProcess(), &p, &size, PAGE_READWRITE, &old));
	NtClose(h);
}

/* ===================================================================== */
/* Robustness: one ioctl per call, no process_vm_*(), threads, a lost     */
/* device fd, fork().                                                     */

/**
 * struct lt_one - what section_calls_are_one_ioctl_each shares
 * @line: the first check that failed (0: none), and what it saw and wanted
 * @seen: see @line
 * @want: see @line
 * @listener: the seccomp listener fd, -1 until the filter is on
 * @ioctls: ioctl(2)s the filtered thread has made so far
 * @others: other system calls it has tried (but close(2) and exit)
 */
struct lt_one {
	int line;
	unsigned long long seen, want;
	int listener;
	long ioctls;
	long others;
};

static void lt_one_eq(struct lt_one *c, int line, unsigned long long want,
		      unsigned long long seen)
{
	if (seen == want || c->line)
		return;
	c->line = line;
	c->seen = seen;
	c->want = want;
}

static long lt_one_ioctls(struct lt_one *c)
{
	return __atomic_load_n(&c->ioctls, __ATOMIC_ACQUIRE);
}

static long lt_one_others(struct lt_one *c)
{
	return __atomic_load_n(&c->others, __ATOMIC_ACQUIRE);
}

#define LT_ONE_EQ(c, want, seen) \
	lt_one_eq(c, __LINE__, (unsigned long long)(want), (unsigned long long)(seen))
/* @call returns @want after exactly @n ioctl(2)s and no other system call. */
#define LT_ONE_CALL(c, want, n, call) do { \
	struct lt_one *__lt_c = (c); \
	long __lt_ioctls = lt_one_ioctls(__lt_c), __lt_others = lt_one_others(__lt_c); \
	NTSTATUS __lt_st = (call); \
	LT_ONE_EQ(__lt_c, (ULONG)(want), (ULONG)__lt_st); \
	LT_ONE_EQ(__lt_c, n, lt_one_ioctls(__lt_c) - __lt_ioctls); \
	LT_ONE_EQ(__lt_c, 0, lt_one_others(__lt_c) - __lt_others); \
} while (0)

/**
 * struct lt_one_args - what the filtered thread works with, made before
 * @c: the shared record
 * @none: a page that can be neither read nor written
 * @ro: a page that can be read only
 * @file: a HANDLE of a one-page file opened read-write
 */
struct lt_one_args {
	struct lt_one *c;
	void *none;
	void *ro;
	HANDLE file;
};

/*
 * The filtered thread: close(2) and exit go through; every other system call
 * is reported to the listener, which counts it and lets it through if it is
 * an ioctl(2), else fails it with EPERM (process_vm_readv/writev, pipe,
 * pipe2, read, write, mmap, munmap, fcntl, anything).
 */
static void *lt_one_thread(void *arg)
{
	struct sock_filter filter[] = {
		BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, nr)),
		BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, SYS_close, 3, 0),
		BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, SYS_exit_group, 2, 0),
		BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, SYS_exit, 1, 0),
		BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_USER_NOTIF),
		BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW),
	};
	struct sock_fprog prog = { ARRAY_SIZE(filter), filter };
	struct lt_one_args *a = arg;
	struct lt_one *c = a->c;
	LARGE_INTEGER size = { .QuadPart = GRAN }, grow = { .QuadPart = 3 * PAGE };
	LARGE_INTEGER offset = { .QuadPart = 0 };
	SECTION_BASIC_INFORMATION sbi;
	HANDLE h = NULL, h2 = NULL, fh = NULL, bad;
	PVOID base = NULL;
	SIZE_T vs = 0, ret = 0;
	struct lt_name n;
	int fd;

	lt_name(&n, "one-ioctl", 0);
	/*
	 * The first call of a process (this fork() child's) starts the
	 * library's APC thread: before the filter goes on.
	 */
	if (lt_create(&h, NULL, PAGE, PAGE_READWRITE, SEC_COMMIT))
		_exit(13);
	NtClose(h);
	h = NULL;
	if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0))
		_exit(10);
	fd = (int)syscall(SYS_seccomp, SECCOMP_SET_MODE_FILTER,
			  SECCOMP_FILTER_FLAG_NEW_LISTENER, &prog);
	if (fd < 0)
		_exit(11);
	__atomic_store_n(&c->listener, fd, __ATOMIC_RELEASE);

	/* A library call that made any other system call would fail here. */
	LT_ONE_CALL(c, STATUS_SUCCESS, 1,
		    NtCreateSection(&h, SECTION_ALL_ACCESS, &n.oa, &size, PAGE_READWRITE,
				    SEC_COMMIT, NULL));
	LT_ONE_EQ(c, 0, (ULONG_PTR)h & 3);
	LT_ONE_EQ(c, 1, ntsection_fd_from_handle(h) >= 0);
	LT_ONE_CALL(c, STATUS_SUCCESS, 1,
		    NtOpenSection(&h2, SECTION_MAP_READ | SECTION_MAP_WRITE, &n.oa));
	LT_ONE_EQ(c, 1, h2 && h2 != h);
	LT_ONE_CALL(c, STATUS_SUCCESS, 1,
		    NtMapViewOfSection(h2, NtCurrentProcess(), &base, 0, 0, &offset, &vs,
				       ViewShare, 0, PAGE_READWRITE));
	LT_ONE_EQ(c, 1, !!base);
	LT_ONE_EQ(c, 0, (ULONG_PTR)base % GRAN);
	LT_ONE_EQ(c, GRAN, vs);
	if (base)
		((char *)base)[GRAN - 1] = 'x';
	memset(&sbi, 0xa5, sizeof(sbi));
	LT_ONE_CALL(c, STATUS_SUCCESS, 1,
		    NtQuerySection(h, SectionBasicInformation, &sbi, sizeof(sbi), &ret));
	LT_ONE_EQ(c, sizeof(sbi), ret);
	LT_ONE_EQ(c, GRAN, sbi.Size.QuadPart);
	LT_ONE_EQ(c, SEC_COMMIT, sbi.Attributes);
	LT_ONE_CALL(c, STATUS_SUCCESS, 1,
		    NtCreateSection(&fh, SECTION_ALL_ACCESS, NULL, NULL, PAGE_READWRITE,
				    SEC_COMMIT, a->file));
	LT_ONE_CALL(c, STATUS_SUCCESS, 1, NtExtendSection(fh, &grow));
	LT_ONE_EQ(c, 3 * PAGE, grow.QuadPart);

	/* Bad pointers: STATUS_ACCESS_VIOLATION from the kernel, in one ioctl. */
	LT_ONE_CALL(c, STATUS_ACCESS_VIOLATION, 1,
		    NtCreateSection(NULL, SECTION_ALL_ACCESS, NULL, &size, PAGE_READWRITE,
				    SEC_COMMIT, NULL));
	LT_ONE_CALL(c, STATUS_ACCESS_VIOLATION, 1,
		    NtCreateSection(a->ro, SECTION_ALL_ACCESS, NULL, &size, PAGE_READWRITE,
				    SEC_COMMIT, NULL));
	bad = LT_GARBAGE;
	LT_ONE_CALL(c, STATUS_ACCESS_VIOLATION, 1,
		    NtCreateSection(&bad, SECTION_ALL_ACCESS, a->none, &size, PAGE_READWRITE,
				    SEC_COMMIT, NULL));
	LT_ONE_EQ(c, 0, (ULONG_PTR)bad);
	LT_ONE_CALL(c, STATUS_ACCESS_VIOLATION, 1,
		    NtCreateSection(&bad, SECTION_ALL_ACCESS, NULL, a->none, PAGE_READWRITE,
				    SEC_COMMIT, NULL));
	LT_ONE_CALL(c, STATUS_ACCESS_VIOLATION, 1,
		    NtOpenSection(a->none, SECTION_QUERY, &n.oa));
	LT_ONE_CALL(c, STATUS_ACCESS_VIOLATION, 1,
		    NtOpenSection(&bad, SECTION_QUERY, LT_KERNEL));
	LT_ONE_CALL(c, STATUS_ACCESS_VIOLATION, 1,
		    NtMapViewOfSection(h, NtCurrentProcess(), NULL, 0, 0, NULL, &vs, ViewShare,
				       0, PAGE_READWRITE));
	LT_ONE_CALL(c, STATUS_ACCESS_VIOLATION, 1,
		    NtMapViewOfSection(h, NtCurrentProcess(), &base, 0, 0, a->none, &vs,
				       ViewShare, 0, PAGE_READWRITE));
	LT_ONE_CALL(c, STATUS_ACCESS_VIOLATION, 1,
		    NtMapViewOfSection(h, NtCurrentProcess(), a->ro, 0, 0, NULL, &vs, ViewShare,
				       0, PAGE_READWRITE));
	LT_ONE_CALL(c, STATUS_ACCESS_VIOLATION, 1,
		    NtQuerySection(h, SectionBasicInformation, a->ro, sizeof(sbi), NULL));
	LT_ONE_CALL(c, STATUS_ACCESS_VIOLATION, 1,
		    NtQuerySection(h, SectionBasicInformation, &sbi, sizeof(sbi), a->none));
	LT_ONE_CALL(c, STATUS_ACCESS_VIOLATION, 1, NtExtendSection(fh, a->none));
	LT_ONE_CALL(c, STATUS_ACCESS_VIOLATION, 1, NtExtendSection(fh, LT_KERNEL));

	/* The view is still where it was, and goes in one ioctl; NtClose in none. */
	if (base)
		LT_ONE_EQ(c, 'x', ((char *)base)[GRAN - 1]);
	LT_ONE_CALL(c, STATUS_SUCCESS, 1, NtUnmapViewOfSection(NtCurrentProcess(), base));
	LT_ONE_CALL(c, STATUS_SUCCESS, 0, NtClose(h));
	LT_ONE_CALL(c, STATUS_SUCCESS, 0, NtClose(h2));
	LT_ONE_CALL(c, STATUS_SUCCESS, 0, NtClose(fh));
	LT_ONE_CALL(c, STATUS_OBJECT_NAME_NOT_FOUND, 1,
		    NtOpenSection(&h, SECTION_QUERY, &n.oa));
	_exit(0);
}

TEST_F(dev, section_calls_are_one_ioctl_each)
{
	struct lt_one *c = mmap(NULL, sizeof(*c), PROT_READ | PROT_WRITE,
				MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	struct lt_one_args a = { .c = c };
	HANDLE h;
	int status, fd;
	pid_t pid;

	ASSERT_NE(MAP_FAILED, c);
	c->listener = -1;
	a.none = lt_page(PROT_NONE);
	a.ro = lt_page(PROT_READ);
	ASSERT_NE(NULL, a.none);
	ASSERT_NE(NULL, a.ro);
	fd = lt_file(PAGE, O_RDWR, &a.file);
	ASSERT_GE(fd, 0);
	/* The library opens the device before the filter goes on. */
	ASSERT_STATUS(STATUS_SUCCESS, lt_create(&h, NULL, PAGE, PAGE_READWRITE, SEC_COMMIT));
	NtClose(h);

	pid = fork();
	ASSERT_GE(pid, 0);
	if (pid == 0) {
		struct seccomp_notif req;
		struct seccomp_notif_resp resp;
		pthread_t t;
		int listener;

		if (pthread_create(&t, NULL, lt_one_thread, &a))
			_exit(12);
		/* This thread is not filtered: it counts the other's calls. */
		while ((listener = __atomic_load_n(&c->listener, __ATOMIC_ACQUIRE)) < 0)
			sched_yield();
		for (;;) {
			memset(&req, 0, sizeof(req));
			if (ioctl(listener, SECCOMP_IOCTL_NOTIF_RECV, &req))
				continue;
			memset(&resp, 0, sizeof(resp));
			resp.id = req.id;
			if (req.data.nr == SYS_ioctl) {
				__atomic_add_fetch(&c->ioctls, 1, __ATOMIC_RELEASE);
				resp.flags = SECCOMP_USER_NOTIF_FLAG_CONTINUE;
			} else {
				__atomic_add_fetch(&c->others, 1, __ATOMIC_RELEASE);
				resp.error = -EPERM;
			}
			ioctl(listener, SECCOMP_IOCTL_NOTIF_SEND, &resp);
		}
	}
	ASSERT_EQ(pid, waitpid(pid, &status, 0));
	if (WIFSIGNALED(status))
		TH_LOG("the filtered calls died of signal %d", WTERMSIG(status));
	ASSERT_TRUE(WIFEXITED(status));
	/* 10-13: setting up the filter or the thread failed. */
	EXPECT_EQ(0, WEXITSTATUS(status));
	if (c->line)
		TH_LOG("line %d: 0x%llx, expected 0x%llx", c->line, c->seen, c->want);
	EXPECT_EQ(0, c->line);
	close(fd);
}

TEST_F(dev, pointer_checks_without_process_vm)
{
	struct sock_filter filter[] = {
		BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, nr)),
		BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, SYS_process_vm_readv, 2, 0),
		BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, SYS_process_vm_writev, 1, 0),
		BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW),
		BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ERRNO | EPERM),
	};
	struct sock_fprog prog = { ARRAY_SIZE(filter), filter };
	SECTION_BASIC_INFORMATION sbi;
	struct lt_name n;
	SIZE_T size = PAGE;
	PVOID p = NULL;
	HANDLE h;

	ASSERT_EQ(0, prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0));
	ASSERT_EQ(0, prctl(PR_SET_SECCOMP, SECCOMP_MODE_FILTER, &prog));
	/* The section calls: the kernel checks their pointers. */
	lt_name(&n, "no-vm-copy", 0);
	EXPECT_STATUS(STATUS_ACCESS_VIOLATION,
		      lt_create(NULL, &n.oa, 4096, PAGE_READWRITE, SEC_COMMIT));
	EXPECT_STATUS(STATUS_ACCESS_VIOLATION,
		      lt_create(lt_page(PROT_NONE), &n.oa, 4096, PAGE_READWRITE, SEC_COMMIT));
	EXPECT_STATUS(STATUS_ACCESS_VIOLATION,
		      lt_create(lt_page(PROT_READ), &n.oa, 4096, PAGE_READWRITE, SEC_COMMIT));
	EXPECT_STATUS(STATUS_ACCESS_VIOLATION,
		      lt_create(&h, lt_page(PROT_NONE), 4096, PAGE_READWRITE, SEC_COMMIT));
	ASSERT_STATUS(STATUS_SUCCESS, lt_create(&h, &n.oa, 4096, PAGE_READWRITE, SEC_COMMIT));
	EXPECT_STATUS(STATUS_SUCCESS, NtQuerySection(h, SectionBasicInformation, &sbi,
						     sizeof(sbi), NULL));
	EXPECT_EQ(4096, sbi.Size.QuadPart);
	NtClose(h);
	/* The private-memory calls read and write their pointers another way. */
	EXPECT_STATUS(STATUS_ACCESS_VIOLATION,
		      NtAllocateVirtualMemory(NtCurrentProcess(), lt_page(PROT_NONE), 0, &size,
					      MEM_RESERVE, PAGE_READWRITE));
	EXPECT_STATUS(STATUS_ACCESS_VIOLATION,
		      NtAllocateVirtualMemory(NtCurrentProcess(), lt_page(PROT_READ), 0, &size,
					      MEM_RESERVE, PAGE_READWRITE));
	EXPECT_STATUS(STATUS_ACCESS_VIOLATION,
		      NtAllocateVirtualMemory(NtCurrentProcess(), &p, 0, LT_KERNEL, MEM_RESERVE,
					      PAGE_READWRITE));
	ASSERT_STATUS(STATUS_SUCCESS,
		      NtAllocateVirtualMemory(NtCurrentProcess(), &p, 0, &size,
					      MEM_RESERVE | MEM_COMMIT, PAGE_READWRITE));
	EXPECT_NE(NULL, p);
	EXPECT_EQ(PAGE, size);
	EXPECT_EQ(0, lt_touch(p, 1));
}

static void *lt_thread(void *arg)
{
	long i, bad = 0;

	for (i = 0; i < 200; i++) {
		SIZE_T size = 3 * PAGE;
		PVOID p = NULL;

		if (NtAllocateVirtualMemory(NtCurrentProcess(), &p, 0, &size,
					    MEM_RESERVE | MEM_COMMIT, PAGE_READWRITE)) {
			bad++;
			continue;
		}
		((char *)p)[PAGE] = (char)i;
		size = 0;
		bad += NtFreeVirtualMemory(NtCurrentProcess(), &p, &size, MEM_RELEASE) != 0;
	}
	return (void *)bad;
}

TEST_F(dev, private_memory_from_threads)
{
	pthread_t t[4];
	void *bad;
	int i;

	for (i = 0; i < 4; i++)
		ASSERT_EQ(0, pthread_create(&t[i], NULL, lt_thread, NULL));
	for (i = 0; i < 4; i++) {
		ASSERT_EQ(0, pthread_join(t[i], &bad));
		EXPECT_EQ(NULL, bad);
	}
}

TEST_F(dev, device_fd_closed_behind_our_back)
{
	char link[64], target[64];
	HANDLE h;
	int fd, closed = 0;

	ASSERT_STATUS(STATUS_SUCCESS, lt_create(&h, NULL, PAGE, PAGE_READWRITE, SEC_COMMIT));
	NtClose(h);
	for (fd = 0; fd < 1024; fd++) {
		ssize_t len;

		snprintf(link, sizeof(link), "/proc/self/fd/%d", fd);
		len = readlink(link, target, sizeof(target) - 1);
		if (len <= 0)
			continue;
		target[len] = 0;
		if (!strcmp(target, "/dev/ntsection")) {
			/* NtClose does not close the library's own fd... */
			EXPECT_STATUS(STATUS_INVALID_HANDLE, NtClose(ntsection_handle_from_fd(fd)));
			close(fd);
			closed++;
		}
	}
	EXPECT_EQ(1, closed);
	/* ...but a program may: the library opens the device again. */
	EXPECT_STATUS(STATUS_SUCCESS, lt_create(&h, NULL, PAGE, PAGE_READWRITE, SEC_COMMIT));
	NtClose(h);
}

TEST_F(dev, fork_keeps_the_record_of_reservations)
{
	int status;
	pid_t pid;
	char *r;

	r = lt_alloc(2 * PAGE, MEM_RESERVE, PAGE_READWRITE);
	ASSERT_NE(NULL, r);
	pid = fork();
	ASSERT_GE(pid, 0);
	if (pid == 0) {
		MEMORY_BASIC_INFORMATION mbi;
		SIZE_T size = 0;
		PVOID p = r;

		if (lt_query_vm(r, &mbi) || mbi.State != MEM_RESERVE)
			_exit(1);
		_exit(NtFreeVirtualMemory(NtCurrentProcess(), &p, &size, MEM_RELEASE) ? 2 : 0);
	}
	ASSERT_EQ(pid, waitpid(pid, &status, 0));
	EXPECT_TRUE(WIFEXITED(status));
	EXPECT_EQ(0, WEXITSTATUS(status));
}

static NTSTATUS lt_open_process(pid_t pid, ACCESS_MASK access, HANDLE *h)
{
	CLIENT_ID cid = { (HANDLE)(ULONG_PTR)pid, NULL };
	OBJECT_ATTRIBUTES oa;

	InitializeObjectAttributes(&oa, NULL, 0, NULL, NULL);
	return NtOpenProcess(h, access, &oa, &cid);
}

TEST_F(dev, other_process_views)
{
	MEMORY_BASIC_INFORMATION mbi;
	PVOID view = NULL, mine;
	HANDLE h, process;
	char buf[16], back[16];
	struct lt_child c;
	SIZE_T size = 0, done = 0;

	ASSERT_EQ(0, lt_child_start(&c));
	ASSERT_STATUS(STATUS_SUCCESS, lt_open_process(c.pid, PROCESS_ALL_ACCESS, &process));
	ASSERT_STATUS(STATUS_SUCCESS, lt_create(&h, NULL, GRAN, PAGE_READWRITE, SEC_COMMIT));
	ASSERT_STATUS(STATUS_SUCCESS, NtMapViewOfSection(h, process, &view, 0, 0, NULL, &size,
							 ViewShare, 0, PAGE_READWRITE));
	EXPECT_EQ(GRAN, size);
	EXPECT_EQ(0, (ULONG_PTR)view % GRAN);
	mine = lt_map(h, PAGE_READWRITE, NULL);
	ASSERT_NE(NULL, mine);
	/* The same bytes: written here, read there; written there, read here. */
	memcpy(mine, "from the parent", 16);
	ASSERT_EQ(0, lt_child_read(&c, view, buf));
	EXPECT_STREQ("from the parent", buf);
	EXPECT_STATUS(STATUS_SUCCESS, NtWriteVirtualMemory(process, (char *)view + 64, "remote",
							   7, &done));
	EXPECT_EQ(7, done);
	EXPECT_STREQ("remote", (char *)mine + 64);
	EXPECT_STATUS(STATUS_SUCCESS, NtReadVirtualMemory(process, view, back, 16, &done));
	EXPECT_EQ(16, done);
	EXPECT_STREQ("from the parent", back);
	/* Its memory as it sees it. */
	ASSERT_STATUS(STATUS_SUCCESS, NtQueryVirtualMemory(process, (char *)view + PAGE,
							   MemoryBasicInformation, &mbi,
							   sizeof(mbi), NULL));
	EXPECT_EQ(view, mbi.AllocationBase);
	EXPECT_EQ(MEM_MAPPED, mbi.Type);
	EXPECT_EQ(MEM_COMMIT, mbi.State);
	EXPECT_EQ(PAGE_READWRITE, mbi.Protect);
	/* Not a view here: ours is elsewhere, or the same address by chance. */
	if (view != mine)
		EXPECT_STATUS(STATUS_NOT_MAPPED_VIEW,
			      NtUnmapViewOfSection(NtCurrentProcess(), view));
	EXPECT_STATUS(STATUS_SUCCESS, NtUnmapViewOfSection(process, view));
	EXPECT_STATUS(STATUS_NOT_MAPPED_VIEW, NtUnmapViewOfSection(process, view));
	ASSERT_STATUS(STATUS_SUCCESS, NtQueryVirtualMemory(process, view, MemoryBasicInformation,
							   &mbi, sizeof(mbi), NULL));
	EXPECT_NE(MEM_MAPPED, mbi.Type);
	EXPECT_STATUS(STATUS_SUCCESS, NtUnmapViewOfSection(NtCurrentProcess(), mine));
	NtClose(h);
	NtClose(process);
	EXPECT_EQ(0, lt_child_stop(&c));
}

TEST_F(dev, other_process_private_memory_is_not_supported)
{
	PVOID base = NULL, view = NULL;
	SIZE_T size = PAGE, vs = 0;
	struct lt_child c;
	HANDLE process, me, h;
	ULONG old;

	ASSERT_EQ(0, lt_child_start(&c));
	ASSERT_STATUS(STATUS_SUCCESS, lt_open_process(c.pid, PROCESS_ALL_ACCESS, &process));
	/* Its reservations are its own libntsection's: not ours to change. */
	EXPECT_STATUS(STATUS_NOT_SUPPORTED,
		      NtAllocateVirtualMemory(process, &base, 0, &size, MEM_RESERVE | MEM_COMMIT,
					      PAGE_READWRITE));
	base = (PVOID)(ULONG_PTR)GRAN;
	size = PAGE;
	EXPECT_STATUS(STATUS_NOT_SUPPORTED,
		      NtFreeVirtualMemory(process, &base, &size, MEM_RELEASE));
	EXPECT_STATUS(STATUS_NOT_SUPPORTED,
		      NtProtectVirtualMemory(process, &base, &size, PAGE_READONLY, &old));
	/* A commit in a SEC_RESERVE view there is the kernel's: it works. */
	ASSERT_STATUS(STATUS_SUCCESS, lt_create(&h, NULL, 4 * PAGE, PAGE_READWRITE, SEC_RESERVE));
	ASSERT_STATUS(STATUS_SUCCESS, NtMapViewOfSection(h, process, &view, 0, 0, NULL, &vs,
							 ViewShare, 0, PAGE_READWRITE));
	base = view;
	size = PAGE;
	EXPECT_STATUS(STATUS_SUCCESS,
		      NtAllocateVirtualMemory(process, &base, 0, &size, MEM_COMMIT,
					      PAGE_READWRITE));
	EXPECT_STATUS(STATUS_SUCCESS, NtWriteVirtualMemory(process, view, "x", 1, NULL));
	EXPECT_STATUS(STATUS_PARTIAL_COPY,
		      NtWriteVirtualMemory(process, (char *)view + PAGE, "x", 1, NULL));
	NtClose(h);
	/* A handle to this process is this process: private memory works. */
	ASSERT_STATUS(STATUS_SUCCESS, lt_open_process(getpid(), PROCESS_ALL_ACCESS, &me));
	base = NULL;
	size = PAGE;
	EXPECT_STATUS(STATUS_SUCCESS,
		      NtAllocateVirtualMemory(me, &base, 0, &size, MEM_RESERVE | MEM_COMMIT,
					      PAGE_READWRITE));
	EXPECT_STATUS(STATUS_SUCCESS, NtProtectVirtualMemory(me, &base, &size, PAGE_READONLY,
							     &old));
	EXPECT_EQ(PAGE_READWRITE, old);
	size = 0;
	EXPECT_STATUS(STATUS_SUCCESS, NtFreeVirtualMemory(me, &base, &size, MEM_RELEASE));
	NtClose(me);
	NtClose(process);
	EXPECT_EQ(0, lt_child_stop(&c));
}

TEST_F(dev, open_process_statuses)
{
	CLIENT_ID cid = { (HANDLE)(ULONG_PTR)getpid(), NULL };
	HANDLE process = LT_GARBAGE;
	OBJECT_ATTRIBUTES oa;
	int pidfd;
	pid_t dead;

	InitializeObjectAttributes(&oa, NULL, 0, NULL, NULL);
	dead = fork();
	ASSERT_GE(dead, 0);
	if (dead == 0)
		_exit(0);
	ASSERT_EQ(dead, waitpid(dead, NULL, 0));
	/* A reaped pid: no such process (unless reused already: kill() says). */
	if (kill(dead, 0) && errno == ESRCH) {
		EXPECT_STATUS(STATUS_INVALID_CID,
			      lt_open_process(dead, PROCESS_ALL_ACCESS, &process));
		EXPECT_EQ(NULL, process);
	}
	EXPECT_STATUS(STATUS_ACCESS_VIOLATION,
		      NtOpenProcess(&process, PROCESS_ALL_ACCESS, NULL, &cid));
	EXPECT_STATUS(STATUS_INVALID_PARAMETER_MIX,
		      NtOpenProcess(&process, PROCESS_ALL_ACCESS, &oa, NULL));
	EXPECT_STATUS(STATUS_ACCESS_VIOLATION,
		      NtOpenProcess((PHANDLE)LT_KERNEL, PROCESS_ALL_ACCESS, &oa, &cid));
	EXPECT_STATUS(STATUS_SUCCESS, ZwOpenProcess(&process, PROCESS_VM_READ, &oa, &cid));
	/* Only PROCESS_VM_READ: no writing, no mapping. */
	EXPECT_STATUS(STATUS_SUCCESS, NtReadVirtualMemory(process, &cid, &cid, sizeof(cid), NULL));
	EXPECT_STATUS(STATUS_ACCESS_DENIED,
		      NtWriteVirtualMemory(process, &cid, &cid, sizeof(cid), NULL));
	NtClose(process);
	pidfd = (int)syscall(SYS_pidfd_open, getpid(), 0);
	if (pidfd >= 0) {
		EXPECT_STATUS(STATUS_SUCCESS,
			      ntsection_handle_from_pidfd(pidfd, PROCESS_QUERY_INFORMATION,
							  &process));
		EXPECT_STATUS(STATUS_ACCESS_DENIED,
			      NtReadVirtualMemory(process, &cid, &cid, sizeof(cid), NULL));
		NtClose(process);
		close(pidfd);
	}
	EXPECT_STATUS(STATUS_INVALID_HANDLE,
		      ntsection_handle_from_pidfd(-1, PROCESS_ALL_ACCESS, &process));
}

TEST_F(dev, read_write_virtual_memory_statuses)
{
	char *p = mmap(NULL, 3 * PAGE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	char buf[64];
	SIZE_T done = 99;

	ASSERT_NE(MAP_FAILED, p);
	ASSERT_EQ(0, mprotect(p + 2 * PAGE, PAGE, PROT_NONE));
	ASSERT_EQ(0, mprotect(p + PAGE, PAGE, PROT_READ));
	memset(p, 'a', PAGE);
	EXPECT_STATUS(STATUS_SUCCESS, NtReadVirtualMemory(NtCurrentProcess(), p, buf, 0, &done));
	EXPECT_EQ(0, done);
	EXPECT_STATUS(STATUS_SUCCESS, NtWriteVirtualMemory(NtCurrentProcess(), p, "bc", 2, &done));
	EXPECT_EQ(2, done);
	EXPECT_EQ('b', p[0]);
	/* Into a read-only page: its protection holds (Windows' PARTIAL_COPY). */
	EXPECT_STATUS(STATUS_PARTIAL_COPY,
		      NtWriteVirtualMemory(NtCurrentProcess(), p + PAGE - 8, "0123456789abcdef", 16,
					   &done));
	EXPECT_EQ(8, done);
	EXPECT_EQ(0, p[PAGE]);
	/* Up to a PROT_NONE page: the bytes before it. */
	EXPECT_STATUS(STATUS_PARTIAL_COPY,
		      NtReadVirtualMemory(NtCurrentProcess(), p + 2 * PAGE - 32, buf, 64, &done));
	EXPECT_EQ(32, done);
	EXPECT_STATUS(STATUS_ACCESS_VIOLATION,
		      NtReadVirtualMemory(NtCurrentProcess(), p, LT_KERNEL, 16, &done));
	EXPECT_STATUS(STATUS_ACCESS_VIOLATION,
		      NtWriteVirtualMemory(NtCurrentProcess(), p, LT_KERNEL, 16, &done));
	EXPECT_STATUS(STATUS_SUCCESS, ZwReadVirtualMemory(NtCurrentProcess(), p, buf, 2, NULL));
	EXPECT_EQ(0, memcmp(buf, "bc", 2));
	EXPECT_STATUS(STATUS_SUCCESS, ZwWriteVirtualMemory(NtCurrentProcess(), p, "de", 2, NULL));
	EXPECT_EQ('d', p[0]);
	munmap(p, 3 * PAGE);
}

/*
 * A child that uses libntsection (so its APC thread serves other
 * processes' calls on its private memory) and answers queries of its own
 * memory: an address in, its NtQueryVirtualMemory out.
 */
struct lt_answer {
	NTSTATUS st;
	MEMORY_BASIC_INFORMATION mbi;
};

/* Start the library, say so, then answer queries of its own memory. */
static int lt_querier(int in, int out)
{
	struct lt_answer a;
	char *addr;
	HANDLE h;

	/* Any call starts the library (and its APC thread). */
	if (lt_create(&h, NULL, PAGE, PAGE_READWRITE, SEC_COMMIT))
		return 3;
	NtClose(h);
	if (write(out, "r", 1) != 1)
		return 2;
	while (read(in, &addr, sizeof(addr)) == sizeof(addr) && addr) {
		memset(&a, 0, sizeof(a));
		a.st = NtQueryVirtualMemory(NtCurrentProcess(), addr, MemoryBasicInformation,
					    &a.mbi, sizeof(a.mbi), NULL);
		if (write(out, &a, sizeof(a)) != sizeof(a))
			return 2;
	}
	return 0;
}

static int lt_lib_child_start(struct lt_child *c)
{
	char r;

	if (lt_child_spawn(c, lt_querier))
		return -1;
	return read(c->from[0], &r, 1) == 1 ? 0 : -1;
}

static int lt_lib_child_query(struct lt_child *c, void *addr, struct lt_answer *a)
{
	if (write(c->to[1], &addr, sizeof(addr)) != sizeof(addr))
		return -1;
	return read(c->from[0], a, sizeof(*a)) == sizeof(*a) ? 0 : -1;
}

TEST_F(dev, other_process_private_memory_through_its_library)
{
	MEMORY_BASIC_INFORMATION mbi;
	PVOID base = NULL, view = NULL, p;
	SIZE_T size = 2 * PAGE, vs = 0, done;
	struct lt_answer ans;
	struct lt_child c;
	HANDLE process, h;
	ULONG old = 0;

	ASSERT_EQ(0, lt_lib_child_start(&c));
	ASSERT_STATUS(STATUS_SUCCESS, lt_open_process(c.pid, PROCESS_ALL_ACCESS, &process));
	/* A reservation there, in its library's records. */
	ASSERT_STATUS(STATUS_SUCCESS, NtAllocateVirtualMemory(process, &base, 0, &size,
							      MEM_RESERVE, PAGE_READWRITE));
	EXPECT_EQ(0, (ULONG_PTR)base % GRAN);
	EXPECT_EQ(2 * PAGE, size);
	ASSERT_STATUS(STATUS_SUCCESS, NtQueryVirtualMemory(process, base, MemoryBasicInformation,
							   &mbi, sizeof(mbi), NULL));
	EXPECT_EQ(MEM_RESERVE, mbi.State);
	EXPECT_EQ(MEM_PRIVATE, mbi.Type);
	EXPECT_EQ(PAGE_READWRITE, mbi.AllocationProtect);
	EXPECT_EQ(base, mbi.AllocationBase);
	ASSERT_EQ(0, lt_lib_child_query(&c, base, &ans));
	EXPECT_STATUS(STATUS_SUCCESS, ans.st);
	EXPECT_EQ(MEM_RESERVE, ans.mbi.State);
	EXPECT_EQ(base, ans.mbi.AllocationBase);
	/* Committed there, written from here, then made read-only there. */
	p = base;
	size = PAGE;
	ASSERT_STATUS(STATUS_SUCCESS, NtAllocateVirtualMemory(process, &p, 0, &size, MEM_COMMIT,
							      PAGE_READWRITE));
	EXPECT_STATUS(STATUS_SUCCESS, NtWriteVirtualMemory(process, base, "hi", 3, &done));
	EXPECT_STATUS(STATUS_PARTIAL_COPY,
		      NtWriteVirtualMemory(process, (char *)base + PAGE, "hi", 3, &done));
	p = base;
	size = PAGE;
	EXPECT_STATUS(STATUS_SUCCESS, NtProtectVirtualMemory(process, &p, &size, PAGE_READONLY,
							     &old));
	EXPECT_EQ(PAGE_READWRITE, old);
	EXPECT_STATUS(STATUS_PARTIAL_COPY, NtWriteVirtualMemory(process, base, "ho", 3, &done));
	ASSERT_EQ(0, lt_lib_child_query(&c, base, &ans));
	EXPECT_EQ(MEM_COMMIT, ans.mbi.State);
	EXPECT_EQ(PAGE_READONLY, ans.mbi.Protect);
	EXPECT_EQ(PAGE, ans.mbi.RegionSize);
	ASSERT_STATUS(STATUS_SUCCESS, NtQueryVirtualMemory(process, (char *)base + PAGE,
							   MemoryBasicInformation, &mbi,
							   sizeof(mbi), NULL));
	EXPECT_EQ(MEM_RESERVE, mbi.State);
	/* Decommitted, then released: gone from its records too. */
	p = base;
	size = PAGE;
	EXPECT_STATUS(STATUS_SUCCESS, NtFreeVirtualMemory(process, &p, &size, MEM_DECOMMIT));
	ASSERT_EQ(0, lt_lib_child_query(&c, base, &ans));
	EXPECT_EQ(MEM_RESERVE, ans.mbi.State);
	p = base;
	size = 0;
	EXPECT_STATUS(STATUS_SUCCESS, NtFreeVirtualMemory(process, &p, &size, MEM_RELEASE));
	EXPECT_EQ(2 * PAGE, size);
	ASSERT_EQ(0, lt_lib_child_query(&c, base, &ans));
	EXPECT_EQ(MEM_FREE, ans.mbi.State);
	/* Its statuses are its library's: a second release. */
	p = base;
	size = 0;
	EXPECT_STATUS(STATUS_MEMORY_NOT_ALLOCATED,
		      NtFreeVirtualMemory(process, &p, &size, MEM_RELEASE));
	/* NtProtectVirtualMemory on part of a view there, by its mprotect(). */
	ASSERT_STATUS(STATUS_SUCCESS, lt_create(&h, NULL, 4 * PAGE, PAGE_READWRITE, SEC_COMMIT));
	ASSERT_STATUS(STATUS_SUCCESS, NtMapViewOfSection(h, process, &view, 0, 0, NULL, &vs,
							 ViewShare, 0, PAGE_READWRITE));
	p = (char *)view + PAGE;
	size = PAGE;
	EXPECT_STATUS(STATUS_SUCCESS, NtProtectVirtualMemory(process, &p, &size, PAGE_READONLY,
							     &old));
	EXPECT_EQ(PAGE_READWRITE, old);
	ASSERT_EQ(0, lt_lib_child_query(&c, (char *)view + PAGE, &ans));
	EXPECT_EQ(PAGE_READONLY, ans.mbi.Protect);
	EXPECT_EQ(view, ans.mbi.AllocationBase);
	EXPECT_EQ(PAGE, ans.mbi.RegionSize);
	EXPECT_STATUS(STATUS_SUCCESS, NtWriteVirtualMemory(process, view, "rw", 3, &done));
	EXPECT_STATUS(STATUS_PARTIAL_COPY,
		      NtWriteVirtualMemory(process, (char *)view + PAGE, "ro", 3, &done));
	EXPECT_STATUS(STATUS_SUCCESS, NtUnmapViewOfSection(process, view));
	NtClose(h);
	NtClose(process);
	EXPECT_EQ(0, lt_child_stop(&c));
}

TEST_F(dev, other_process_stopped_library_does_not_hang)
{
	struct timespec t0, t1;
	PVOID base = NULL;
	SIZE_T size = PAGE;
	struct lt_child c;
	HANDLE process;
	int status;

	ASSERT_EQ(0, lt_lib_child_start(&c));
	ASSERT_STATUS(STATUS_SUCCESS, lt_open_process(c.pid, PROCESS_ALL_ACCESS, &process));
	ASSERT_EQ(0, kill(c.pid, SIGSTOP));
	ASSERT_EQ(c.pid, waitpid(c.pid, &status, WUNTRACED));
	ASSERT_TRUE(WIFSTOPPED(status));
	/* Its library cannot run the call: NOT_SUPPORTED, not a wait. */
	clock_gettime(CLOCK_MONOTONIC, &t0);
	EXPECT_STATUS(STATUS_NOT_SUPPORTED,
		      NtAllocateVirtualMemory(process, &base, 0, &size, MEM_RESERVE | MEM_COMMIT,
					      PAGE_READWRITE));
	clock_gettime(CLOCK_MONOTONIC, &t1);
	EXPECT_GT(30, t1.tv_sec - t0.tv_sec);
	ASSERT_EQ(0, kill(c.pid, SIGCONT));
	/* Running again, it serves the call. */
	base = NULL;
	size = PAGE;
	EXPECT_STATUS(STATUS_SUCCESS,
		      NtAllocateVirtualMemory(process, &base, 0, &size, MEM_RESERVE | MEM_COMMIT,
					      PAGE_READWRITE));
	NtClose(process);
	EXPECT_EQ(0, lt_child_stop(&c));
}

/*
 * ViewShare and ViewUnmap keep their meaning for the target's own fork()
 * (SPEC §11): a child of the target gets the first, not the second. The
 * target answers, for an address, whether a fork() child of its can read
 * it (the child writes it to a pipe: EFAULT when it is not mapped there).
 */
static int lt_fork_prober(int in, int out)
{
	char *addr;

	while (read(in, &addr, sizeof(addr)) == sizeof(addr) && addr) {
		int p[2], status = -1;
		char seen = 0;
		pid_t pid;

		if (pipe(p))
			return 2;
		pid = fork();
		if (pid == 0)
			_exit(write(p[1], addr, 1) == 1 ? 0 : 1);
		waitpid(pid, &status, 0);
		if (WIFEXITED(status) && !WEXITSTATUS(status) && read(p[0], &seen, 1) != 1)
			seen = 0;
		close(p[0]);
		close(p[1]);
		if (write(out, &seen, 1) != 1)
			return 2;
	}
	return 0;
}

TEST_F(dev, other_process_view_inheritance)
{
	PVOID share = NULL, unmap = NULL;
	SIZE_T vs = 0, done;
	struct lt_child c;
	HANDLE process, h;
	char seen;

	ASSERT_EQ(0, lt_child_spawn(&c, lt_fork_prober));
	ASSERT_STATUS(STATUS_SUCCESS, lt_open_process(c.pid, PROCESS_ALL_ACCESS, &process));
	ASSERT_STATUS(STATUS_SUCCESS, lt_create(&h, NULL, GRAN, PAGE_READWRITE, SEC_COMMIT));
	ASSERT_STATUS(STATUS_SUCCESS, NtMapViewOfSection(h, process, &share, 0, 0, NULL, &vs,
							 ViewShare, 0, PAGE_READWRITE));
	vs = 0;
	ASSERT_STATUS(STATUS_SUCCESS, NtMapViewOfSection(h, process, &unmap, 0, 0, NULL, &vs,
							 ViewUnmap, 0, PAGE_READWRITE));
	EXPECT_STATUS(STATUS_SUCCESS, NtWriteVirtualMemory(process, share, "S", 1, &done));
	/* One section: byte 0 through one view, byte 1 through the other. */
	unmap = (char *)unmap + 1;
	EXPECT_STATUS(STATUS_SUCCESS, NtWriteVirtualMemory(process, unmap, "U", 1, &done));
	ASSERT_EQ(sizeof(share), write(c.to[1], &share, sizeof(share)));
	ASSERT_EQ(1, read(c.from[0], &seen, 1));
	EXPECT_EQ('S', seen);
	share = (char *)share + 1;
	ASSERT_EQ(sizeof(share), write(c.to[1], &share, sizeof(share)));
	ASSERT_EQ(1, read(c.from[0], &seen, 1));
	EXPECT_EQ('U', seen);
	ASSERT_EQ(sizeof(unmap), write(c.to[1], &unmap, sizeof(unmap)));
	ASSERT_EQ(1, read(c.from[0], &seen, 1));
	EXPECT_EQ(0, seen);
	NtClose(h);
	NtClose(process);
	EXPECT_EQ(0, lt_child_stop(&c));
}

/* Threads of @pid, from /proc/PID/status; -1 when unknown. */
static int lt_threads(pid_t pid)
{
	char path[64], line[128];
	int n = -1;
	FILE *f;

	snprintf(path, sizeof(path), "/proc/%d/status", (int)pid);
	f = fopen(path, "r");
	if (!f)
		return -1;
	while (fgets(line, sizeof(line), f))
		if (!strncmp(line, "Threads:", 8))
			n = atoi(line + 8);
	fclose(f);
	return n;
}

/*
 * NTSECTION_NO_APC: a process that wants no thread of the library's gets
 * none, and its private memory is then out of other processes' reach.
 */
TEST_F(dev, no_apc_thread_on_request)
{
	PVOID base = NULL;
	SIZE_T size = PAGE;
	struct lt_child c;
	HANDLE process;

	ASSERT_EQ(0, setenv("NTSECTION_NO_APC", "1", 1));
	ASSERT_EQ(0, lt_lib_child_start(&c));
	unsetenv("NTSECTION_NO_APC");
	EXPECT_EQ(1, lt_threads(c.pid));
	ASSERT_STATUS(STATUS_SUCCESS, lt_open_process(c.pid, PROCESS_ALL_ACCESS, &process));
	EXPECT_STATUS(STATUS_NOT_SUPPORTED,
		      NtAllocateVirtualMemory(process, &base, 0, &size, MEM_RESERVE | MEM_COMMIT,
					      PAGE_READWRITE));
	NtClose(process);
	EXPECT_EQ(0, lt_child_stop(&c));
	/* Without it, the library's child has its APC thread. */
	ASSERT_EQ(0, lt_lib_child_start(&c));
	EXPECT_EQ(2, lt_threads(c.pid));
	EXPECT_EQ(0, lt_child_stop(&c));
}

/* ===================================================================== */
/* MemoryRegionInformation(Ex), MemoryWorkingSetExInformation (SPEC §12). */

#define LT_FILL		0x11
#define LT_OFF(f)	offsetof(MEMORY_REGION_INFORMATION, f)

static bool lt_all(const void *p, int c, size_t n)
{
	const unsigned char *b = p;

	while (n--)
		if (*b++ != (unsigned char)c)
			return false;
	return true;
}

static NTSTATUS lt_region(HANDLE process, void *addr, MEMORY_INFORMATION_CLASS cls,
			  MEMORY_REGION_INFORMATION *info, SIZE_T length, SIZE_T *len)
{
	memset(info, LT_FILL, sizeof(*info));
	*len = 0xdead;
	return NtQueryVirtualMemory(process, addr, cls, info, length, len);
}

/* Wine's test_query_region_information, with real RegionType bits. */
TEST_F(dev, query_region_information)
{
	static const MEMORY_INFORMATION_CLASS classes[] = {
		MemoryRegionInformation, MemoryRegionInformationEx,
	};
	MEMORY_REGION_INFORMATION info;
	SIZE_T len, size;
	ULONG old;
	char *ptr, *v;
	PVOID p;
	HANDLE h;
	int i;

	ptr = lt_alloc(0x10000, MEM_RESERVE | MEM_COMMIT, PAGE_READWRITE);
	ASSERT_NE(NULL, ptr);
	for (i = 0; i < 2; i++) {
		EXPECT_STATUS(STATUS_INFO_LENGTH_MISMATCH,
			      lt_region(NtCurrentProcess(), ptr, classes[i], &info,
					LT_OFF(RegionSize), &len));
		EXPECT_EQ(0xdead, len);
		EXPECT_TRUE(lt_all(&info, LT_FILL, sizeof(info)));
		EXPECT_STATUS(STATUS_SUCCESS, lt_region(NtCurrentProcess(), ptr, classes[i],
							&info, LT_OFF(CommitSize), &len));
		EXPECT_EQ(sizeof(info), len);
		EXPECT_EQ(ptr, info.AllocationBase);
		EXPECT_EQ(PAGE_READWRITE, info.AllocationProtect);
		EXPECT_EQ(MEM_REGION_PRIVATE, info.RegionType);
		EXPECT_EQ(0x10000, info.RegionSize);
		EXPECT_TRUE(lt_all(&info.CommitSize, LT_FILL, sizeof(info) - LT_OFF(CommitSize)));
		EXPECT_STATUS(STATUS_SUCCESS, lt_region(NtCurrentProcess(), ptr, classes[i],
							&info, LT_OFF(PartitionId), &len));
		EXPECT_EQ(sizeof(info), len);
		EXPECT_EQ(0x10000, info.CommitSize);
		EXPECT_TRUE(lt_all(&info.PartitionId, LT_FILL, sizeof(info) - LT_OFF(PartitionId)));
		EXPECT_STATUS(STATUS_SUCCESS, lt_region(NtCurrentProcess(), ptr, classes[i],
							&info, sizeof(info), &len));
		EXPECT_EQ(sizeof(info), len);
		EXPECT_EQ(0, info.PartitionId);
		EXPECT_EQ(0, info.NodePreference);
	}
	/* The whole allocation, whatever page of it, whatever its protections. */
	p = ptr + 0x1000;
	size = 0x1000;
	ASSERT_STATUS(STATUS_SUCCESS, NtProtectVirtualMemory(NtCurrentProcess(), &p, &size,
							     PAGE_NOACCESS, &old));
	for (i = 0; i < 2; i++) {
		EXPECT_STATUS(STATUS_SUCCESS, lt_region(NtCurrentProcess(), ptr + i * 0x1000,
							MemoryRegionInformation, &info,
							sizeof(info), &len));
		EXPECT_EQ(ptr, info.AllocationBase);
		EXPECT_EQ(PAGE_READWRITE, info.AllocationProtect);
		EXPECT_EQ(0x10000, info.RegionSize);
		EXPECT_EQ(0x10000, info.CommitSize);
	}
	/* Bad pointers: ACCESS_VIOLATION, never a signal. */
	EXPECT_STATUS(STATUS_ACCESS_VIOLATION,
		      NtQueryVirtualMemory(NtCurrentProcess(), ptr, MemoryRegionInformation,
					   LT_KERNEL, sizeof(info), NULL));
	EXPECT_STATUS(STATUS_ACCESS_VIOLATION,
		      NtQueryVirtualMemory(NtCurrentProcess(), ptr, MemoryRegionInformation,
					   &info, sizeof(info), LT_KERNEL));
	EXPECT_STATUS(STATUS_INVALID_PARAMETER,
		      NtQueryVirtualMemory(NtCurrentProcess(), LT_KERNEL, MemoryRegionInformation,
					   &info, sizeof(info), NULL));
	p = ptr;
	size = 0;
	ASSERT_STATUS(STATUS_SUCCESS, NtFreeVirtualMemory(NtCurrentProcess(), &p, &size,
							  MEM_RELEASE));
	/* Free: INVALID_ADDRESS, nothing written. */
	EXPECT_STATUS(STATUS_INVALID_ADDRESS,
		      lt_region(NtCurrentProcess(), ptr, MemoryRegionInformation, &info,
				sizeof(info), &len));
	EXPECT_EQ(0xdead, len);
	EXPECT_TRUE(lt_all(&info, LT_FILL, sizeof(info)));

	/* Reserved: no commit; then one page. */
	ptr = lt_alloc(0x10000, MEM_RESERVE, PAGE_READWRITE);
	ASSERT_NE(NULL, ptr);
	EXPECT_STATUS(STATUS_SUCCESS, lt_region(NtCurrentProcess(), ptr + 0x3000,
						MemoryRegionInformation, &info, sizeof(info),
						&len));
	EXPECT_EQ(0x10000, info.RegionSize);
	EXPECT_EQ(0, info.CommitSize);
	p = ptr + 0x2000;
	size = 0x1000;
	ASSERT_STATUS(STATUS_SUCCESS, NtAllocateVirtualMemory(NtCurrentProcess(), &p, 0, &size,
							      MEM_COMMIT, PAGE_READONLY));
	EXPECT_STATUS(STATUS_SUCCESS, lt_region(NtCurrentProcess(), ptr, MemoryRegionInformation,
						&info, sizeof(info), &len));
	EXPECT_EQ(0x1000, info.CommitSize);
	EXPECT_EQ(PAGE_READWRITE, info.AllocationProtect);
	p = ptr;
	size = 0;
	NtFreeVirtualMemory(NtCurrentProcess(), &p, &size, MEM_RELEASE);

	/*
	 * A pagefile view: READONLY charges nothing, WRITECOPY its pages
	 * before and after a write, READWRITE's shared pages are the section's.
	 */
	ASSERT_STATUS(STATUS_SUCCESS, lt_create(&h, NULL, 0x1000, PAGE_READWRITE, SEC_COMMIT));
	v = lt_map(h, PAGE_READONLY, NULL);
	ASSERT_NE(NULL, v);
	EXPECT_STATUS(STATUS_SUCCESS, lt_region(NtCurrentProcess(), v, MemoryRegionInformation,
						&info, sizeof(info), &len));
	EXPECT_EQ(v, info.AllocationBase);
	EXPECT_EQ(PAGE_READONLY, info.AllocationProtect);
	EXPECT_EQ(MEM_REGION_MAPPED_PAGE_FILE, info.RegionType);
	EXPECT_EQ(0x1000, info.RegionSize);
	EXPECT_EQ(0, info.CommitSize);
	NtUnmapViewOfSection(NtCurrentProcess(), v);
	v = lt_map(h, PAGE_WRITECOPY, NULL);
	ASSERT_NE(NULL, v);
	EXPECT_STATUS(STATUS_SUCCESS, lt_region(NtCurrentProcess(), v, MemoryRegionInformation,
						&info, sizeof(info), &len));
	EXPECT_EQ(0x1000, info.CommitSize);
	v[0] = 1;
	EXPECT_STATUS(STATUS_SUCCESS, lt_region(NtCurrentProcess(), v, MemoryRegionInformation,
						&info, sizeof(info), &len));
	EXPECT_EQ(0x1000, info.CommitSize);
	NtUnmapViewOfSection(NtCurrentProcess(), v);
	v = lt_map(h, PAGE_READWRITE, NULL);
	ASSERT_NE(NULL, v);
	v[0] = 1;
	EXPECT_STATUS(STATUS_SUCCESS, lt_region(NtCurrentProcess(), v, MemoryRegionInformation,
						&info, sizeof(info), &len));
	EXPECT_EQ(0, info.CommitSize);
	EXPECT_EQ(PAGE_READWRITE, info.AllocationProtect);
	NtUnmapViewOfSection(NtCurrentProcess(), v);
	NtClose(h);
}

static ULONG_PTR lt_ws(HANDLE process, void *addr)
{
	PSAPI_WORKING_SET_EX_INFORMATION e = { .VirtualAddress = addr };

	e.VirtualAttributes.Flags = ~0UL;
	if (NtQueryVirtualMemory(process, NULL, MemoryWorkingSetExInformation, &e, sizeof(e),
				 NULL))
		return ~0UL;
	return e.VirtualAttributes.Flags;
}

/* psapi's test_QueryWorkingSetEx. */
TEST_F(dev, query_working_set_ex)
{
	PSAPI_WORKING_SET_EX_INFORMATION e[2];
	PSAPI_WORKING_SET_EX_BLOCK b;
	SIZE_T len, size;
	char *ptr, *v;
	ULONG old;
	PVOID p;
	HANDLE h;

	ptr = lt_alloc(0x2000, MEM_RESERVE | MEM_COMMIT, PAGE_READWRITE);
	ASSERT_NE(NULL, ptr);
	memset(e, LT_FILL, sizeof(e));
	e[0].VirtualAddress = ptr;
	e[1].VirtualAddress = ptr + 0x1000;
	len = 0xdead;
	EXPECT_STATUS(STATUS_INFO_LENGTH_MISMATCH,
		      NtQueryVirtualMemory(NtCurrentProcess(), NULL, MemoryWorkingSetExInformation,
					   e, 0, &len));
	EXPECT_EQ(0xdead, len);
	/* Untouched: nothing. */
	EXPECT_STATUS(STATUS_SUCCESS,
		      NtQueryVirtualMemory(NtCurrentProcess(), NULL, MemoryWorkingSetExInformation,
					   e, sizeof(e), &len));
	EXPECT_EQ(sizeof(e), len);
	EXPECT_EQ(0, e[0].VirtualAttributes.Flags);
	EXPECT_EQ(0, e[1].VirtualAttributes.Flags);
	/* Read: valid, private. */
	EXPECT_EQ(0, lt_touch(ptr, 0));
	b.Flags = lt_ws(NtCurrentProcess(), ptr);
	EXPECT_EQ(1, (ULONG_PTR)b.Valid);
	EXPECT_EQ(1, (ULONG_PTR)b.ShareCount);
	EXPECT_EQ(PAGE_READWRITE, (ULONG_PTR)b.Win32Protection);
	EXPECT_EQ(0, (ULONG_PTR)b.Shared);
	EXPECT_EQ(0, (ULONG_PTR)b.Locked);
	EXPECT_EQ(0, (ULONG_PTR)b.LargePage);
	/* One and a half entries: one answered, the length given back. */
	memset(&e[0].VirtualAttributes, LT_FILL, sizeof(e[0].VirtualAttributes));
	memset(&e[1].VirtualAttributes, LT_FILL, sizeof(e[1].VirtualAttributes));
	EXPECT_STATUS(STATUS_SUCCESS,
		      NtQueryVirtualMemory(NtCurrentProcess(), NULL, MemoryWorkingSetExInformation,
					   e, sizeof(e[0]) * 3 / 2, &len));
	EXPECT_EQ(sizeof(e[0]) * 3 / 2, len);
	EXPECT_EQ(b.Flags, e[0].VirtualAttributes.Flags);
	EXPECT_TRUE(lt_all(&e[1].VirtualAttributes, LT_FILL, sizeof(e[1].VirtualAttributes)));
	/* Written, then NOACCESS: not valid, no protection. */
	ptr[0x1000] = 1;
	EXPECT_EQ(b.Flags, lt_ws(NtCurrentProcess(), ptr + 0x1000));
	p = ptr + 0x1000;
	size = 0x1000;
	ASSERT_STATUS(STATUS_SUCCESS, NtProtectVirtualMemory(NtCurrentProcess(), &p, &size,
							     PAGE_NOACCESS, &old));
	b.Flags = lt_ws(NtCurrentProcess(), ptr + 0x1000);
	EXPECT_EQ(0, (ULONG_PTR)b.Valid);
	EXPECT_EQ(0, (ULONG_PTR)b.Win32Protection);
	EXPECT_EQ(0, (ULONG_PTR)b.Invalid.Shared);
	EXPECT_STATUS(STATUS_ACCESS_VIOLATION,
		      NtQueryVirtualMemory(NtCurrentProcess(), NULL, MemoryWorkingSetExInformation,
					   LT_KERNEL, sizeof(e), NULL));
	p = ptr;
	size = 0;
	NtFreeVirtualMemory(NtCurrentProcess(), &p, &size, MEM_RELEASE);
	/* A view's page: Shared; untouched, Shared alone. */
	ASSERT_STATUS(STATUS_SUCCESS, lt_create(&h, NULL, 0x2000, PAGE_READWRITE, SEC_COMMIT));
	v = lt_map(h, PAGE_READWRITE, NULL);
	ASSERT_NE(NULL, v);
	b.Flags = lt_ws(NtCurrentProcess(), v);
	EXPECT_EQ(0, (ULONG_PTR)b.Valid);
	EXPECT_EQ(1, (ULONG_PTR)b.Invalid.Shared);
	v[0] = 1;
	b.Flags = lt_ws(NtCurrentProcess(), v);
	EXPECT_EQ(1, (ULONG_PTR)b.Valid);
	EXPECT_EQ(1, (ULONG_PTR)b.Shared);
	EXPECT_EQ(1, (ULONG_PTR)b.ShareCount);
	EXPECT_EQ(PAGE_READWRITE, (ULONG_PTR)b.Win32Protection);
	NtUnmapViewOfSection(NtCurrentProcess(), v);
	NtClose(h);
}

/* Another process's private memory: its library's records, by APC. */
TEST_F(dev, query_region_other_process)
{
	MEMORY_REGION_INFORMATION info;
	PSAPI_WORKING_SET_EX_BLOCK b;
	PVOID base = NULL, p, view = NULL;
	SIZE_T size = 4 * PAGE, len, done, vs = 0;
	struct lt_child c;
	HANDLE process, weak, h;

	ASSERT_EQ(0, lt_lib_child_start(&c));
	ASSERT_STATUS(STATUS_SUCCESS, lt_open_process(c.pid, PROCESS_ALL_ACCESS, &process));
	ASSERT_STATUS(STATUS_SUCCESS, NtAllocateVirtualMemory(process, &base, 0, &size,
							      MEM_RESERVE, PAGE_READWRITE));
	p = (char *)base + PAGE;
	size = PAGE;
	ASSERT_STATUS(STATUS_SUCCESS, NtAllocateVirtualMemory(process, &p, 0, &size, MEM_COMMIT,
							      PAGE_READWRITE));
	/* Committed PAGE_NOACCESS: only its library knows it is committed. */
	p = (char *)base + 2 * PAGE;
	size = PAGE;
	ASSERT_STATUS(STATUS_SUCCESS, NtAllocateVirtualMemory(process, &p, 0, &size, MEM_COMMIT,
							      PAGE_NOACCESS));
	EXPECT_STATUS(STATUS_SUCCESS, lt_region(process, (char *)base + 3 * PAGE,
						MemoryRegionInformationEx, &info, sizeof(info),
						&len));
	EXPECT_EQ(sizeof(info), len);
	EXPECT_EQ(base, info.AllocationBase);
	EXPECT_EQ(PAGE_READWRITE, info.AllocationProtect);
	EXPECT_EQ(MEM_REGION_PRIVATE, info.RegionType);
	EXPECT_EQ(4 * PAGE, info.RegionSize);
	EXPECT_EQ(2 * PAGE, info.CommitSize);
	/* Its pages, from here. */
	EXPECT_EQ(0, lt_ws(process, (char *)base + PAGE));
	EXPECT_STATUS(STATUS_SUCCESS, NtWriteVirtualMemory(process, (char *)base + PAGE, "hi", 3,
							   &done));
	b.Flags = lt_ws(process, (char *)base + PAGE);
	EXPECT_EQ(1, (ULONG_PTR)b.Valid);
	EXPECT_EQ(0, (ULONG_PTR)b.Shared);
	EXPECT_EQ(PAGE_READWRITE, (ULONG_PTR)b.Win32Protection);
	EXPECT_EQ(0, lt_ws(NtCurrentProcess(), (char *)base + PAGE) & 1);
	/* A view there. */
	ASSERT_STATUS(STATUS_SUCCESS, lt_create(&h, NULL, 3 * PAGE, PAGE_READWRITE, SEC_COMMIT));
	ASSERT_STATUS(STATUS_SUCCESS, NtMapViewOfSection(h, process, &view, 0, 0, NULL, &vs,
							 ViewShare, 0, PAGE_READWRITE));
	EXPECT_STATUS(STATUS_SUCCESS, lt_region(process, (char *)view + PAGE,
						MemoryRegionInformation, &info, sizeof(info),
						&len));
	EXPECT_EQ(view, info.AllocationBase);
	EXPECT_EQ(MEM_REGION_MAPPED_PAGE_FILE, info.RegionType);
	EXPECT_EQ(3 * PAGE, info.RegionSize);
	EXPECT_STATUS(STATUS_SUCCESS, NtWriteVirtualMemory(process, view, "v", 2, &done));
	b.Flags = lt_ws(process, view);
	EXPECT_EQ(1, (ULONG_PTR)b.Valid);
	EXPECT_EQ(1, (ULONG_PTR)b.Shared);
	EXPECT_STATUS(STATUS_SUCCESS, NtUnmapViewOfSection(process, view));
	NtClose(h);
	/* Queries need PROCESS_QUERY_LIMITED_INFORMATION. */
	ASSERT_STATUS(STATUS_SUCCESS, lt_open_process(c.pid, PROCESS_VM_READ, &weak));
	EXPECT_STATUS(STATUS_ACCESS_DENIED,
		      lt_region(weak, base, MemoryRegionInformation, &info, sizeof(info), &len));
	EXPECT_EQ(~0UL, lt_ws(weak, base));
	NtClose(weak);
	ASSERT_STATUS(STATUS_SUCCESS, lt_open_process(c.pid, PROCESS_QUERY_LIMITED_INFORMATION,
						      &weak));
	EXPECT_STATUS(STATUS_SUCCESS,
		      lt_region(weak, base, MemoryRegionInformation, &info, sizeof(info), &len));
	EXPECT_EQ(base, info.AllocationBase);
	NtClose(weak);
	NtClose(process);
	EXPECT_EQ(0, lt_child_stop(&c));
}

TEST_HARNESS_MAIN
