// SPDX-License-Identifier: GPL-2.0-only
/*
 * ntsection selftests: placeholders and the Windows 10+ ioctls (SPEC §12)
 * as userspace sees them: NTSECTION_IOC_ALLOCATE_EX, MAP_EX, UNMAP_EX,
 * CREATE_EX and FREE with placeholder flags, and what the rest of Linux
 * may do to a placeholder (nothing that makes it accessible, splits it or
 * moves it).
 */

#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include <linux/ntsection.h>
#include <linux/userfaultfd.h>
#include "kselftest_harness.h"
#include "ntsection_test.h"

/* NtAllocateVirtualMemoryEx's kernel part with @n extended parameters. */
static __u32 pt_allocate(__u64 *base, __u64 *size, __u32 type, __u32 protect,
			 struct ntsection_mem_extended_parameter *ext, __u32 n, __u32 *result)
{
	struct ntsection_allocate_ex_args a = {
		.process_fd = NTSECTION_CURRENT_PROCESS, .alloc_type = type,
		.base = *base, .size = *size, .protect = protect,
		.ext_params = (uintptr_t)ext, .ext_count = n, .status = 0xdeadbeef,
		.result = 0xdeadbeef,
	};
	int rc = ioctl(nts_device(), NTSECTION_IOC_ALLOCATE_EX, &a);

	nts_check_rc(rc, a.status);
	if (!a.status) {
		*base = a.base;
		*size = a.size;
	}
	if (result)
		*result = a.result;
	return a.status;
}

static __u32 pt_reserve(__u64 *base, __u64 size)
{
	__u64 want = (*base % NT_GRAN + size + NT_PAGE - 1) & ~(NT_PAGE - 1);
	__u32 result;
	__u32 st = pt_allocate(base, &size, NT_MEM_RESERVE | NT_MEM_RESERVE_PLACEHOLDER,
			       NT_PAGE_NOACCESS, NULL, 0, &result);

	if (!st && result != NTSECTION_ALLOC_PLACEHOLDER)
		nts_mismatch("a placeholder reserve reported result %u", result);
	if (!st && size != want)
		nts_mismatch("a placeholder reserve reported size 0x%llx, not 0x%llx",
			     (unsigned long long)size, (unsigned long long)want);
	return st;
}

static __u32 pt_free(__u64 *base, __u64 *size, __u32 type, __u32 pad)
{
	struct ntsection_vm_args a = {
		.process_fd = NTSECTION_CURRENT_PROCESS, .alloc_type = type,
		.base = *base, .size = *size, .pad = pad, .status = 0xdeadbeef,
	};
	int rc = ioctl(nts_device(), NTSECTION_IOC_FREE, &a);

	nts_check_rc(rc, a.status);
	if (!a.status) {
		*base = a.base;
		*size = a.size;
	}
	return a.status;
}

static __u32 pt_map_ex(int section, __u64 *base, __u64 *size, __u32 type, __u32 protect,
		       struct ntsection_mem_extended_parameter *ext, __u32 n)
{
	void *b = (void *)(uintptr_t)*base;
	size_t s = *size;
	struct ntsection_map_ex_args a = {
		.map = {
			.section_fd = (__u32)section, .process_fd = NTSECTION_CURRENT_PROCESS,
			.base_address = (uintptr_t)&b, .view_size = (uintptr_t)&s,
			.inherit = NT_VIEW_UNMAP, .alloc_type = type, .protect = protect,
			.status = 0xdeadbeef,
		},
		.ext_params = (uintptr_t)ext, .ext_count = n,
	};
	int rc = ioctl(nts_device(), NTSECTION_IOC_MAP_EX, &a);

	nts_check_rc(rc, a.map.status);
	if ((__s32)a.map.status >= 0) {
		*base = (uintptr_t)b;
		*size = s;
	}
	return a.map.status;
}

static __u32 pt_unmap_ex(__u64 base, __u32 flags)
{
	struct ntsection_unmap_ex_args a = {
		.process_fd = NTSECTION_CURRENT_PROCESS, .flags = flags, .base = base,
		.status = 0xdeadbeef,
	};
	int rc = ioctl(nts_device(), NTSECTION_IOC_UNMAP_EX, &a);

	nts_check_rc(rc, a.status);
	return a.status;
}

/* How many lines of /proc/self/maps start inside [start, end). */
static int pt_vmas(__u64 start, __u64 end)
{
	FILE *f = fopen("/proc/self/maps", "r");
	unsigned long lo, hi;
	char line[512];
	int n = 0;

	if (!f)
		return -1;
	while (fgets(line, sizeof(line), f))
		if (sscanf(line, "%lx-%lx", &lo, &hi) == 2 && lo >= start && lo < end)
			n++;
	fclose(f);
	return n;
}

/*
 * MEM_ADDRESS_REQUIREMENTS in the caller's data model: PVOID, PVOID, SIZE_T
 * (struct ntsection_mem_address_requirements for a 64-bit caller, 12 bytes
 * for a 32-bit one).
 */
struct pt_req {
	uintptr_t lowest_starting_address;
	uintptr_t highest_ending_address;
	uintptr_t alignment;
};

/* Is the placeholder at @base exactly [@base, @base + @size)? */
#define EXPECT_PLACEHOLDER(base, size) do {					\
	struct ntsection_vm_info _i;						\
	__u64 _b = (base);							\
	EXPECT_EQ(NT_STATUS_SUCCESS, nts_query_vm((void *)(uintptr_t)_b, &_i));	\
	EXPECT_EQ(_b, _i.allocation_base);					\
	EXPECT_EQ((__u64)(size), _i.region_size);				\
	EXPECT_EQ(NT_MEM_RESERVE, _i.state);					\
	EXPECT_EQ(NT_MEM_PRIVATE, _i.type);					\
	EXPECT_EQ(NT_PAGE_NOACCESS, _i.allocation_protect);			\
	EXPECT_EQ(0, _i.protect);						\
} while (0)

FIXTURE(placeholder) {
	int section;
	__u64 base;
	__u64 size;
};

FIXTURE_SETUP(placeholder)
{
	if (nts_device() < 0)
		SKIP(return, NTS_NO_DEVICE);
	self->section = -1;
	ASSERT_EQ(NT_STATUS_SUCCESS, nts_create_anon(16 * NT_GRAN, NT_PAGE_READWRITE,
						     NT_SEC_COMMIT, &self->section));
	self->base = 0;
	self->size = 16 * NT_GRAN;
	ASSERT_EQ(NT_STATUS_SUCCESS, pt_reserve(&self->base, self->size));
	ASSERT_EQ(0, self->base % NT_GRAN);
	ASSERT_EQ(16 * NT_GRAN, self->size);
}

FIXTURE_TEARDOWN(placeholder)
{
	EXPECT_EQ(0, nts_errno_mismatch);
	if (self->base)
		munmap((void *)(uintptr_t)self->base, self->size);
	if (self->section >= 0)
		close(self->section);
}

TEST_F(placeholder, reserve_query_release)
{
	struct ntsection_memory_region_information32 r32;
	struct ntsection_memory_region_information r;
	__u64 base = self->base, size = 0;
	struct ntsection_vm_info i;

	EXPECT_PLACEHOLDER(self->base, self->size);
	/* A size that is no whole page is rounded up, the base down to 64 KiB. */
	base = 0;
	size = 3 * NT_PAGE + 1;
	ASSERT_EQ(NT_STATUS_SUCCESS, pt_reserve(&base, size));
	EXPECT_EQ(0, base % NT_GRAN);
	EXPECT_PLACEHOLDER(base, 4 * NT_PAGE);
	EXPECT_EQ(0, munmap((void *)(uintptr_t)base, 4 * NT_PAGE));
	base = self->base;
	size = 0;
	EXPECT_EQ(1, pt_vmas(self->base, self->base + self->size));
	/* Inside it: the same allocation, the rest of it. */
	EXPECT_EQ(NT_STATUS_SUCCESS,
		  nts_query_vm((void *)(uintptr_t)(self->base + 3 * NT_PAGE), &i));
	EXPECT_EQ(self->base, i.allocation_base);
	EXPECT_EQ(self->size - 3 * NT_PAGE, i.region_size);
	/* MemoryRegionInformation: a private placeholder reservation, all of it. */
	memset(&r, 0xa5, sizeof(r));
	memset(&r32, 0xa5, sizeof(r32));
	if (sizeof(void *) == 8) {
		EXPECT_EQ(NT_STATUS_SUCCESS,
			  nts_query_vm_info((void *)(uintptr_t)(self->base + 3 * NT_PAGE),
					    NT_MEMORY_REGION_INFORMATION, &r, sizeof(r), NULL));
	} else {
		/* A 32-bit caller's MEMORY_REGION_INFORMATION is Windows' i386 one. */
		EXPECT_EQ(NT_STATUS_SUCCESS,
			  nts_query_vm_info((void *)(uintptr_t)(self->base + 3 * NT_PAGE),
					    NT_MEMORY_REGION_INFORMATION, &r32, sizeof(r32), NULL));
		r.allocation_base = r32.allocation_base;
		r.allocation_protect = r32.allocation_protect;
		r.region_type = r32.region_type;
		r.region_size = r32.region_size;
		r.commit_size = r32.commit_size;
	}
	EXPECT_EQ(self->base, r.allocation_base);
	EXPECT_EQ(NT_PAGE_NOACCESS, r.allocation_protect);
	EXPECT_EQ(NT_REGION_PRIVATE | NT_REGION_PLACEHOLDER_RESERVATION, r.region_type);
	EXPECT_EQ(self->size, r.region_size);
	EXPECT_EQ(0, r.commit_size);
	EXPECT_EQ(NT_STATUS_SUCCESS, pt_free(&base, &size, NT_MEM_RELEASE, 0));
	EXPECT_EQ(self->base, base);
	EXPECT_EQ(self->size, size);
	EXPECT_EQ(0, pt_vmas(self->base, self->base + self->size));
	self->base = 0;
}

/* Nothing of Linux makes a placeholder accessible, splits, grows or moves it. */
TEST_F(placeholder, linux_cannot_touch_it)
{
	char *p = (char *)(uintptr_t)self->base, buf[16];
	__u64 to = 0, s = 0;
	void *q;
	int fd;

	/* A free destination for mremap(MREMAP_FIXED), which would unmap what is there. */
	ASSERT_EQ(NT_STATUS_SUCCESS, pt_reserve(&to, self->size));
	ASSERT_EQ(NT_STATUS_SUCCESS, pt_free(&to, &s, NT_MEM_RELEASE, 0));

	EXPECT_EQ(-1, mprotect(p, NT_PAGE, PROT_READ));
	EXPECT_EQ(EACCES, errno);
	EXPECT_EQ(-1, mprotect(p, self->size, PROT_READ | PROT_WRITE));
	EXPECT_EQ(SIGSEGV, nts_probe(p, 0, 0));
	EXPECT_EQ(SIGSEGV, nts_probe(p + NT_PAGE, 1, 1));
	fd = open("/proc/self/mem", O_RDWR);
	ASSERT_LE(0, fd);
	EXPECT_EQ(-1, pread(fd, buf, sizeof(buf), (off_t)self->base));
	EXPECT_EQ(-1, pwrite(fd, buf, sizeof(buf), (off_t)self->base));
	close(fd);
	/* Partial munmap, mlock, madvise splits: refused; the placeholder stays whole. */
	EXPECT_EQ(-1, munmap(p + NT_GRAN, NT_GRAN));
	EXPECT_EQ(EINVAL, errno);
	EXPECT_EQ(-1, madvise(p, NT_GRAN, MADV_DONTFORK));
	EXPECT_EQ(0, madvise(p, self->size, MADV_DONTNEED));
	q = mremap(p, self->size, 2 * self->size, 0);
	EXPECT_EQ(MAP_FAILED, q);
	q = mremap(p, self->size, self->size, MREMAP_MAYMOVE | MREMAP_FIXED,
		   (void *)(uintptr_t)to);
	EXPECT_EQ(MAP_FAILED, q);
	q = mremap(p, self->size, NT_GRAN, 0);
	EXPECT_EQ(MAP_FAILED, q);
	EXPECT_PLACEHOLDER(self->base, self->size);
	EXPECT_EQ(1, pt_vmas(self->base, self->base + self->size));
}

/* Page-granular splits are placeholders of their own, VMAs that never merge. */
TEST_F(placeholder, split_and_coalesce)
{
	__u64 b = self->base + NT_PAGE, s = NT_PAGE;

	EXPECT_EQ(NT_STATUS_SUCCESS,
		  pt_free(&b, &s, NT_MEM_RELEASE | NT_MEM_PRESERVE_PLACEHOLDER, 0));
	EXPECT_EQ(self->base + NT_PAGE, b);
	EXPECT_EQ(NT_PAGE, s);
	EXPECT_PLACEHOLDER(self->base, NT_PAGE);
	EXPECT_PLACEHOLDER(self->base + NT_PAGE, NT_PAGE);
	EXPECT_PLACEHOLDER(self->base + 2 * NT_PAGE, self->size - 2 * NT_PAGE);
	EXPECT_EQ(3, pt_vmas(self->base, self->base + self->size));
	/* Split off a low part: the remainder must not merge back into it. */
	b = self->base + 2 * NT_PAGE;
	s = NT_PAGE;
	EXPECT_EQ(NT_STATUS_SUCCESS,
		  pt_free(&b, &s, NT_MEM_RELEASE | NT_MEM_PRESERVE_PLACEHOLDER, 0));
	EXPECT_EQ(4, pt_vmas(self->base, self->base + self->size));
	EXPECT_PLACEHOLDER(self->base + 3 * NT_PAGE, self->size - 3 * NT_PAGE);
	/* A whole placeholder cannot be split off itself. */
	b = self->base;
	s = NT_PAGE;
	EXPECT_EQ(NT_STATUS_CONFLICTING_ADDRESSES,
		  pt_free(&b, &s, NT_MEM_RELEASE | NT_MEM_PRESERVE_PLACEHOLDER, 0));
	/* Size 0 with either flag. */
	s = 0;
	EXPECT_EQ(NT_STATUS_INVALID_PARAMETER_3,
		  pt_free(&b, &s, NT_MEM_RELEASE | NT_MEM_PRESERVE_PLACEHOLDER, 0));
	EXPECT_EQ(NT_STATUS_INVALID_PARAMETER_3,
		  pt_free(&b, &s, NT_MEM_RELEASE | NT_MEM_COALESCE_PLACEHOLDERS, 0));
	/* A plain release across several: UNABLE_TO_FREE_VM. */
	s = 2 * NT_PAGE;
	EXPECT_EQ(NT_STATUS_UNABLE_TO_FREE_VM, pt_free(&b, &s, NT_MEM_RELEASE, 0));
	/* Coalescing: exactly adjacent placeholders, from the first's start. */
	s = NT_PAGE;
	EXPECT_EQ(NT_STATUS_CONFLICTING_ADDRESSES,
		  pt_free(&b, &s, NT_MEM_RELEASE | NT_MEM_COALESCE_PLACEHOLDERS, 0));
	s = 3 * NT_PAGE + NT_PAGE / 2;	/* ends inside the fourth */
	EXPECT_EQ(NT_STATUS_CONFLICTING_ADDRESSES,
		  pt_free(&b, &s, NT_MEM_RELEASE | NT_MEM_COALESCE_PLACEHOLDERS, 0));
	b = self->base + NT_PAGE / 2;
	s = self->size;
	EXPECT_EQ(NT_STATUS_CONFLICTING_ADDRESSES,
		  pt_free(&b, &s, NT_MEM_RELEASE | NT_MEM_COALESCE_PLACEHOLDERS, 0));
	s = NT_PAGE;
	EXPECT_EQ(NT_STATUS_INVALID_PARAMETER_4,
		  pt_free(&b, &s, NT_MEM_COALESCE_PLACEHOLDERS, 0));
	b = self->base;
	s = self->size;
	EXPECT_EQ(NT_STATUS_SUCCESS,
		  pt_free(&b, &s, NT_MEM_RELEASE | NT_MEM_COALESCE_PLACEHOLDERS, 0));
	EXPECT_EQ(self->base, b);
	EXPECT_EQ(self->size, s);
	EXPECT_PLACEHOLDER(self->base, self->size);
	EXPECT_EQ(1, pt_vmas(self->base, self->base + self->size));
}

/* A view takes a placeholder's place, and gives it back, in one step each. */
TEST_F(placeholder, view_replaces_and_preserves)
{
	__u64 b = self->base, s = self->size;
	struct ntsection_vm_info i;
	char *p;

	/* Another size, an unaligned base, no base, a base in no placeholder. */
	s = NT_GRAN;
	EXPECT_EQ(NT_STATUS_CONFLICTING_ADDRESSES,
		  pt_map_ex(self->section, &b, &s, NT_MEM_REPLACE_PLACEHOLDER,
			    NT_PAGE_READWRITE, NULL, 0));
	b = self->base + 1;
	s = self->size;
	EXPECT_EQ(NT_STATUS_MAPPED_ALIGNMENT,
		  pt_map_ex(self->section, &b, &s, NT_MEM_REPLACE_PLACEHOLDER,
			    NT_PAGE_READWRITE, NULL, 0));
	b = 0;
	EXPECT_EQ(NT_STATUS_INVALID_PARAMETER,
		  pt_map_ex(self->section, &b, &s, NT_MEM_REPLACE_PLACEHOLDER,
			    NT_PAGE_READWRITE, NULL, 0));
	b = self->base;
	ASSERT_EQ(NT_STATUS_SUCCESS,
		  pt_map_ex(self->section, &b, &s, NT_MEM_REPLACE_PLACEHOLDER,
			    NT_PAGE_READWRITE, NULL, 0));
	EXPECT_EQ(self->base, b);
	EXPECT_EQ(self->size, s);
	p = (char *)(uintptr_t)b;
	p[0] = 'x';
	p[self->size - 1] = 'y';
	EXPECT_EQ(NT_STATUS_SUCCESS, nts_query_vm(p, &i));
	EXPECT_EQ(NT_MEM_MAPPED, i.type);
	EXPECT_EQ(NT_MEM_COMMIT, i.state);
	EXPECT_EQ(NT_PAGE_READWRITE, i.allocation_protect);
	/* Flags: unknown is INVALID_PARAMETER; the boost is a hint. */
	EXPECT_EQ(NT_STATUS_INVALID_PARAMETER, pt_unmap_ex(b, 4));
	EXPECT_EQ(NT_STATUS_SUCCESS,
		  pt_unmap_ex(b + NT_PAGE, NT_MEM_PRESERVE_PLACEHOLDER |
			      NT_MEM_UNMAP_WITH_TRANSIENT_BOOST));
	EXPECT_PLACEHOLDER(self->base, self->size);
	EXPECT_EQ(1, pt_vmas(self->base, self->base + self->size));
	EXPECT_EQ(NT_STATUS_NOT_MAPPED_VIEW, pt_unmap_ex(b, NT_MEM_PRESERVE_PLACEHOLDER));
	/* Mapped again, the section's bytes are there. */
	ASSERT_EQ(NT_STATUS_SUCCESS,
		  pt_map_ex(self->section, &b, &s, NT_MEM_REPLACE_PLACEHOLDER,
			    NT_PAGE_READONLY, NULL, 0));
	EXPECT_EQ('x', p[0]);
	EXPECT_EQ('y', p[self->size - 1]);
	/* A plain unmap frees the range. */
	EXPECT_EQ(NT_STATUS_SUCCESS, pt_unmap_ex(b, 0));
	EXPECT_EQ(0, pt_vmas(self->base, self->base + self->size));
	self->base = 0;
}

TEST_F(placeholder, preserve_needs_a_placeholder_view)
{
	void *v = nts_map(self->section, NT_PAGE_READWRITE, NULL);

	ASSERT_NE(NULL, v);
	EXPECT_EQ(NT_STATUS_CONFLICTING_ADDRESSES,
		  pt_unmap_ex((uintptr_t)v, NT_MEM_PRESERVE_PLACEHOLDER));
	EXPECT_EQ(NT_STATUS_SUCCESS, pt_unmap_ex((uintptr_t)v, 0));
	EXPECT_EQ(NT_STATUS_NOT_MAPPED_VIEW, pt_unmap_ex((uintptr_t)v, 0));
}

struct pt_racer {
	__u64 base;
	__u64 size;
	int stop;
	int took;
};

/* Try to take the range whenever it is free: it never is. */
static void *pt_race(void *arg)
{
	struct pt_racer *r = arg;

	while (!__atomic_load_n(&r->stop, __ATOMIC_RELAXED)) {
		void *p = mmap((void *)(uintptr_t)r->base, NT_PAGE, PROT_READ,
			       MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED_NOREPLACE, -1, 0);

		if (p != MAP_FAILED) {
			r->took++;
			munmap(p, NT_PAGE);
		}
	}
	return NULL;
}

/* The range is never free while it goes placeholder -> view -> placeholder. */
TEST_F(placeholder, replacement_is_atomic)
{
	struct pt_racer r = { .base = self->base, .size = self->size };
	pthread_t t;
	int i;

	ASSERT_EQ(0, pthread_create(&t, NULL, pt_race, &r));
	for (i = 0; i < 500; i++) {
		__u64 b = self->base, s = self->size;

		ASSERT_EQ(NT_STATUS_SUCCESS,
			  pt_map_ex(self->section, &b, &s, NT_MEM_REPLACE_PLACEHOLDER,
				    NT_PAGE_READWRITE, NULL, 0));
		ASSERT_EQ(NT_STATUS_SUCCESS, pt_unmap_ex(b, NT_MEM_PRESERVE_PLACEHOLDER));
	}
	__atomic_store_n(&r.stop, 1, __ATOMIC_RELAXED);
	pthread_join(t, NULL);
	EXPECT_EQ(0, r.took);
	EXPECT_PLACEHOLDER(self->base, self->size);
}

/* Private memory in a placeholder's place, and back (libntsection's part). */
TEST_F(placeholder, private_replaces_and_preserves)
{
	__u64 b = self->base, s = self->size, vb, vs = NT_GRAN;
	struct ntsection_vm_info i;
	__u32 result;
	void *v;

	EXPECT_EQ(NT_STATUS_CONFLICTING_ADDRESSES,
		  pt_allocate(&b, &s, NT_MEM_COMMIT, NT_PAGE_READWRITE, NULL, 0, &result));
	s = NT_PAGE;
	EXPECT_EQ(NT_STATUS_CONFLICTING_ADDRESSES,
		  pt_allocate(&b, &s, NT_MEM_RESERVE | NT_MEM_REPLACE_PLACEHOLDER,
			      NT_PAGE_READWRITE, NULL, 0, &result));
	s = self->size;
	EXPECT_EQ(NT_STATUS_INVALID_PARAMETER,
		  pt_allocate(&b, &s, NT_MEM_COMMIT | NT_MEM_REPLACE_PLACEHOLDER,
			      NT_PAGE_READWRITE, NULL, 0, &result));
	ASSERT_EQ(NT_STATUS_SUCCESS,
		  pt_allocate(&b, &s, NT_MEM_RESERVE | NT_MEM_COMMIT | NT_MEM_REPLACE_PLACEHOLDER,
			      NT_PAGE_READWRITE, NULL, 0, &result));
	EXPECT_EQ(NTSECTION_ALLOC_REPLACED, result);
	EXPECT_EQ(self->base, b);
	EXPECT_EQ(self->size, s);
	/* Reserved private memory, for the library to commit. */
	EXPECT_EQ(0, mprotect((void *)(uintptr_t)b, s, PROT_READ | PROT_WRITE));
	memset((void *)(uintptr_t)b, 0x5a, s);
	/* Back: only over private anonymous memory, never over a view. */
	EXPECT_EQ(NT_STATUS_SUCCESS,
		  pt_free(&b, &s, NT_MEM_RELEASE | NT_MEM_PRESERVE_PLACEHOLDER,
			  NTSECTION_FREE_PRIVATE_PLACEHOLDER));
	EXPECT_PLACEHOLDER(self->base, self->size);
	v = nts_map(self->section, NT_PAGE_READWRITE, NULL);
	ASSERT_NE(NULL, v);
	vb = (uintptr_t)v;
	EXPECT_EQ(NT_STATUS_CONFLICTING_ADDRESSES,
		  pt_free(&vb, &vs, NT_MEM_RELEASE | NT_MEM_PRESERVE_PLACEHOLDER,
			  NTSECTION_FREE_PRIVATE_PLACEHOLDER));
	EXPECT_EQ(NT_STATUS_SUCCESS, nts_query_vm(v, &i));
	EXPECT_EQ(NT_MEM_MAPPED, i.type);
	EXPECT_EQ(NT_STATUS_SUCCESS, nts_unmap(v));
	EXPECT_EQ(NT_STATUS_INVALID_PARAMETER,
		  pt_free(&vb, &vs, NT_MEM_RELEASE, NTSECTION_FREE_PRIVATE_PLACEHOLDER));
}

/* Where the placement may go: AddressRequirements and MEM_TOP_DOWN. */
TEST_F(placeholder, address_requirements)
{
	struct pt_req req = {};
	struct ntsection_mem_extended_parameter ext[3] = {
		{ .type = NT_MEM_EXT_ADDRESS_REQUIREMENTS, .value = (uintptr_t)&req },
	};
	__u64 b, s, lo;
	__u32 result;

	/* A free 2 MiB window: inside 4 MiB the kernel found free. */
	b = 0;
	s = 0x400000;
	ASSERT_EQ(NT_STATUS_SUCCESS, pt_reserve(&b, s));
	lo = (b + 0x1fffff) & ~0x1fffffULL;
	s = 0;
	ASSERT_EQ(NT_STATUS_SUCCESS, pt_free(&b, &s, NT_MEM_RELEASE, 0));
	req.lowest_starting_address = lo;
	req.highest_ending_address = lo + 0x200000 - 1;
	req.alignment = 0x100000;
	b = 0;
	s = 0x100000;
	ASSERT_EQ(NT_STATUS_SUCCESS,
		  pt_allocate(&b, &s, NT_MEM_RESERVE | NT_MEM_RESERVE_PLACEHOLDER,
			      NT_PAGE_NOACCESS, ext, 1, &result));
	EXPECT_EQ(NTSECTION_ALLOC_PLACEHOLDER, result);
	EXPECT_EQ(0x100000, s);
	EXPECT_LE(lo, b);
	EXPECT_GE(lo + 0x100000, b);
	EXPECT_EQ(0, b % 0x100000);
	munmap((void *)(uintptr_t)b, s);
	/* Plain private memory placed by the kernel for the library. */
	b = 0;
	ASSERT_EQ(NT_STATUS_SUCCESS,
		  pt_allocate(&b, &s, NT_MEM_RESERVE | NT_MEM_TOP_DOWN, NT_PAGE_READWRITE,
			      ext, 1, &result));
	EXPECT_EQ(NTSECTION_ALLOC_PRIVATE, result);
	EXPECT_EQ(0x100000, s);
	EXPECT_EQ(lo + 0x100000, b);	/* the highest fit */
	munmap((void *)(uintptr_t)b, s);
	/* A view in the window. */
	req.alignment = 0;
	b = 0;
	s = 0;
	ASSERT_EQ(NT_STATUS_SUCCESS,
		  pt_map_ex(self->section, &b, &s, 0, NT_PAGE_READWRITE, ext, 1));
	EXPECT_LE(lo, b);
	EXPECT_GE(lo + 0x200000 - s, b);
	EXPECT_EQ(NT_STATUS_SUCCESS, pt_unmap_ex(b, 0));
	/* Bad requirements. */
	req.alignment = 0x8000;
	b = 0;
	s = NT_GRAN;
	EXPECT_EQ(NT_STATUS_INVALID_PARAMETER,
		  pt_allocate(&b, &s, NT_MEM_RESERVE | NT_MEM_RESERVE_PLACEHOLDER,
			      NT_PAGE_NOACCESS, ext, 1, NULL));
	req.alignment = 0x30000;
	EXPECT_EQ(NT_STATUS_INVALID_PARAMETER,
		  pt_allocate(&b, &s, NT_MEM_RESERVE, NT_PAGE_READWRITE, ext, 1, NULL));
	req.alignment = NT_GRAN;
	EXPECT_EQ(NT_STATUS_INVALID_PARAMETER,
		  pt_map_ex(self->section, &b, &s, 0, NT_PAGE_READWRITE, ext, 1));
	req.alignment = 0;
	req.lowest_starting_address = lo + NT_PAGE;
	EXPECT_EQ(NT_STATUS_INVALID_PARAMETER,
		  pt_allocate(&b, &s, NT_MEM_RESERVE, NT_PAGE_READWRITE, ext, 1, NULL));
	req.lowest_starting_address = lo;
	req.highest_ending_address = lo + 0x200000;
	EXPECT_EQ(NT_STATUS_INVALID_PARAMETER,
		  pt_allocate(&b, &s, NT_MEM_RESERVE, NT_PAGE_READWRITE, ext, 1, NULL));
	req.highest_ending_address = lo - 1;
	EXPECT_EQ(NT_STATUS_INVALID_PARAMETER,
		  pt_allocate(&b, &s, NT_MEM_RESERVE, NT_PAGE_READWRITE, ext, 1, NULL));
	/* Limits with a fixed base. */
	req.highest_ending_address = 0;
	b = lo;
	EXPECT_EQ(NT_STATUS_INVALID_PARAMETER,
		  pt_allocate(&b, &s, NT_MEM_RESERVE, NT_PAGE_READWRITE, ext, 1, NULL));
	EXPECT_EQ(NT_STATUS_INVALID_PARAMETER,
		  pt_map_ex(self->section, &b, &s, 0, NT_PAGE_READWRITE, ext, 1));
}

TEST_F(placeholder, extended_parameters)
{
	struct pt_req req = {};
	struct ntsection_mem_extended_parameter ext[8] = {};
	__u64 b = 0, s = NT_GRAN;
	int i;

	/* Type 0, Max and beyond, a duplicate, a count with no array. */
	ext[0].type = 0;
	EXPECT_EQ(NT_STATUS_INVALID_PARAMETER,
		  pt_allocate(&b, &s, NT_MEM_RESERVE, NT_PAGE_READWRITE, ext, 1, NULL));
	ext[0].type = NT_MEM_EXT_MAX;
	EXPECT_EQ(NT_STATUS_INVALID_PARAMETER,
		  pt_map_ex(self->section, &b, &s, 0, NT_PAGE_READWRITE, ext, 1));
	ext[0].type = NT_MEM_EXT_ADDRESS_REQUIREMENTS;
	ext[0].value = (uintptr_t)&req;
	ext[1] = ext[0];
	EXPECT_EQ(NT_STATUS_INVALID_PARAMETER,
		  pt_map_ex(self->section, &b, &s, 0, NT_PAGE_READWRITE, ext, 2));
	EXPECT_EQ(NT_STATUS_INVALID_PARAMETER,
		  pt_allocate(&b, &s, NT_MEM_RESERVE, NT_PAGE_READWRITE, NULL, 1, NULL));
	/* A huge count: the duplicate among the first entries decides. */
	for (i = 0; i < 8; i++)
		ext[i] = (struct ntsection_mem_extended_parameter){
			.type = i & 1 ? NT_MEM_EXT_PARTITION_HANDLE : NT_MEM_EXT_ATTRIBUTE_FLAGS
		};
	EXPECT_EQ(NT_STATUS_INVALID_PARAMETER,
		  pt_allocate(&b, &s, NT_MEM_RESERVE, NT_PAGE_READWRITE, ext, 1000000, NULL));
	/* The Reserved bits above the type are ignored (Wine). */
	memset(ext, 0, sizeof(ext));
	ext[0].type = NT_MEM_EXT_NUMA_NODE | (0xabcdULL << NT_MEM_EXT_TYPE_BITS);
	ext[0].value = 0;
	EXPECT_EQ(NT_STATUS_SUCCESS,
		  pt_map_ex(self->section, &b, &s, 0, NT_PAGE_READWRITE, ext, 1));
	EXPECT_EQ(NT_STATUS_SUCCESS, pt_unmap_ex(b, 0));
	b = 0;
	ext[0].value = 1U << 20;
	EXPECT_EQ(NT_STATUS_INVALID_PARAMETER,
		  pt_map_ex(self->section, &b, &s, 0, NT_PAGE_READWRITE, ext, 1));
	ext[0].type = NT_MEM_EXT_USER_PHYSICAL_HANDLE;
	EXPECT_EQ(NT_STATUS_NOT_SUPPORTED,
		  pt_map_ex(self->section, &b, &s, 0, NT_PAGE_READWRITE, ext, 1));
	ext[0].type = NT_MEM_EXT_PARTITION_HANDLE;
	ext[0].value = 3;
	EXPECT_EQ(NT_STATUS_INVALID_HANDLE,
		  pt_map_ex(self->section, &b, &s, 0, NT_PAGE_READWRITE, ext, 1));
	ext[0].type = NT_MEM_EXT_ATTRIBUTE_FLAGS;
	ext[0].value = NT_MEM_EXT_EC_CODE;
	EXPECT_EQ(NT_STATUS_INVALID_PARAMETER,
		  pt_allocate(&b, &s, NT_MEM_RESERVE, NT_PAGE_READWRITE, ext, 1, NULL));
	ext[0].type = NT_MEM_EXT_IMAGE_MACHINE;
	ext[0].value = 0xaa64;
	EXPECT_EQ(NT_STATUS_NOT_SUPPORTED,
		  pt_map_ex(self->section, &b, &s, 0, NT_PAGE_READWRITE, ext, 1));
	/* An unreadable array or address requirements. */
	EXPECT_EQ(NT_STATUS_ACCESS_VIOLATION,
		  pt_allocate(&b, &s, NT_MEM_RESERVE, NT_PAGE_READWRITE, (void *)8, 1, NULL));
	ext[0].type = NT_MEM_EXT_ADDRESS_REQUIREMENTS;
	ext[0].value = 8;
	EXPECT_EQ(NT_STATUS_ACCESS_VIOLATION,
		  pt_allocate(&b, &s, NT_MEM_RESERVE, NT_PAGE_READWRITE, ext, 1, NULL));
}

TEST_F(placeholder, allocate_type_rules)
{
	struct ntsection_unmap_ex_args u = { .process_fd = NTSECTION_CURRENT_PROCESS, .pad = 1 };
	struct ntsection_map_ex_args a = { .pad = 1 };
	__u64 b = 0, s = NT_GRAN;

	EXPECT_EQ(NT_STATUS_INVALID_PARAMETER,
		  pt_allocate(&b, &s, NT_MEM_RESERVE | NT_MEM_RESERVE_PLACEHOLDER,
			      NT_PAGE_READWRITE, NULL, 0, NULL));
	EXPECT_EQ(NT_STATUS_INVALID_PARAMETER,
		  pt_allocate(&b, &s, NT_MEM_RESERVE_PLACEHOLDER, NT_PAGE_NOACCESS, NULL, 0, NULL));
	EXPECT_EQ(NT_STATUS_INVALID_PARAMETER,
		  pt_allocate(&b, &s, NT_MEM_RESERVE | NT_MEM_COMMIT | NT_MEM_RESERVE_PLACEHOLDER,
			      NT_PAGE_NOACCESS, NULL, 0, NULL));
	EXPECT_EQ(NT_STATUS_INVALID_PARAMETER,
		  pt_allocate(&b, &s, NT_MEM_REPLACE_PLACEHOLDER, NT_PAGE_NOACCESS, NULL, 0, NULL));
	EXPECT_EQ(NT_STATUS_INVALID_PARAMETER,
		  pt_allocate(&b, &s, NT_MEM_RESERVE | 0x80000000u, NT_PAGE_NOACCESS, NULL, 0,
			      NULL));
	s = 0;
	EXPECT_EQ(NT_STATUS_INVALID_PARAMETER,
		  pt_allocate(&b, &s, NT_MEM_RESERVE | NT_MEM_RESERVE_PLACEHOLDER,
			      NT_PAGE_NOACCESS, NULL, 0, NULL));
	/* A placeholder over a placeholder, or over anything: CONFLICTING_ADDRESSES. */
	b = self->base;
	s = NT_GRAN;
	EXPECT_EQ(NT_STATUS_CONFLICTING_ADDRESSES, pt_reserve(&b, s));
	/* Reserved fields. */
	EXPECT_EQ(-1, ioctl(nts_device(), NTSECTION_IOC_MAP_EX, &a));
	EXPECT_EQ(EINVAL, errno);
	EXPECT_EQ(NT_STATUS_INVALID_PARAMETER, a.map.status);
	EXPECT_EQ(-1, ioctl(nts_device(), NTSECTION_IOC_UNMAP_EX, &u));
	EXPECT_EQ(NT_STATUS_INVALID_PARAMETER, u.status);
}

/* A fork child has the placeholders too, and its own to replace. */
TEST_F(placeholder, fork_child)
{
	pid_t pid;
	int status;

	pid = fork();
	ASSERT_LE(0, pid);
	if (!pid) {
		__u64 b = self->base, s = self->size;
		struct ntsection_vm_info i;

		if (nts_query_vm((void *)(uintptr_t)b, &i) || i.state != NT_MEM_RESERVE)
			_exit(1);
		if (pt_map_ex(self->section, &b, &s, NT_MEM_REPLACE_PLACEHOLDER,
			      NT_PAGE_READWRITE, NULL, 0))
			_exit(2);
		((char *)(uintptr_t)b)[0] = 'c';
		_exit(nts_errno_mismatch ? 3 : 0);
	}
	ASSERT_EQ(pid, waitpid(pid, &status, 0));
	EXPECT_TRUE(WIFEXITED(status));
	EXPECT_EQ(0, WEXITSTATUS(status));
	EXPECT_PLACEHOLDER(self->base, self->size);
}

/*
 * Security: libntsection's private memory back to a placeholder is one
 * mmap(MAP_FIXED) over it. Over memory a userfaultfd watches for unmaps,
 * that waits for the monitor; with a lock shared between processes held
 * meanwhile, one user stalled every other process's placeholder calls.
 * Such memory is refused now; before the fix this call never returned.
 */
TEST(preserve_refuses_userfaultfd_memory)
{
	struct uffdio_api api = { .api = UFFD_API, .features = UFFD_FEATURE_EVENT_UNMAP };
	struct uffdio_register reg = { .mode = UFFDIO_REGISTER_MODE_MISSING };
	struct ntsection_vm_info i;
	__u64 b, s = NT_GRAN;
	void *p;
	int uffd;

	if (nts_device() < 0)
		SKIP(return, NTS_NO_DEVICE);
	uffd = syscall(__NR_userfaultfd, O_CLOEXEC | O_NONBLOCK);
	if (uffd < 0)
		SKIP(return, "no userfaultfd");
	ASSERT_EQ(0, ioctl(uffd, UFFDIO_API, &api));
	p = mmap(NULL, NT_GRAN, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	ASSERT_NE(MAP_FAILED, p);
	reg.range.start = (uintptr_t)p;
	reg.range.len = NT_GRAN;
	ASSERT_EQ(0, ioctl(uffd, UFFDIO_REGISTER, &reg));
	/* A hang is a kill by SIGALRM, not a stuck test (the harness's own child). */
	alarm(10);
	b = (uintptr_t)p;
	EXPECT_EQ(NT_STATUS_CONFLICTING_ADDRESSES,
		  pt_free(&b, &s, NT_MEM_RELEASE | NT_MEM_PRESERVE_PLACEHOLDER,
			  NTSECTION_FREE_PRIVATE_PLACEHOLDER));
	alarm(0);
	/* Still the anonymous memory it was. */
	EXPECT_EQ(NT_STATUS_NOT_MAPPED_VIEW, nts_query_vm(p, &i));
	close(uffd);
	EXPECT_EQ(0, munmap(p, NT_GRAN));
}

TEST(create_ex)
{
	struct ntsection_mem_extended_parameter ext[2] = {
		{ .type = NT_MEM_SECTION_EXT_NUMA_NODE, .value = 0 },
	};
	struct ntsection_create_ex_args a = {};
	__u64 size = NT_GRAN;
	uintptr_t handle = 0;
	int rc;

	if (nts_device() < 0)
		SKIP(return, NTS_NO_DEVICE);
	a.create.section_handle = (uintptr_t)&handle;
	a.create.maximum_size = (uintptr_t)&size;
	a.create.desired_access = NT_SECTION_ALL_ACCESS;
	a.create.protect = NT_PAGE_READWRITE;
	a.create.alloc_attributes = NT_SEC_COMMIT;
	a.create.file_fd = NTSECTION_NO_FILE;
	a.ext_params = (uintptr_t)ext;
	a.ext_count = 1;
	rc = ioctl(nts_device(), NTSECTION_IOC_CREATE_EX, &a);
	ASSERT_LE(0, rc);
	EXPECT_EQ(NT_STATUS_SUCCESS, a.create.status);
	close(rc);
	ext[1] = ext[0];
	a.ext_count = 2;
	EXPECT_EQ(-1, ioctl(nts_device(), NTSECTION_IOC_CREATE_EX, &a));
	EXPECT_EQ(NT_STATUS_INVALID_PARAMETER, a.create.status);
	ext[0].type = NT_MEM_SECTION_EXT_MAX;
	a.ext_count = 1;
	EXPECT_EQ(-1, ioctl(nts_device(), NTSECTION_IOC_CREATE_EX, &a));
	EXPECT_EQ(NT_STATUS_INVALID_PARAMETER, a.create.status);
	ext[0].type = NT_MEM_SECTION_EXT_USER_PHYSICAL_FLAGS;
	EXPECT_EQ(-1, ioctl(nts_device(), NTSECTION_IOC_CREATE_EX, &a));
	EXPECT_EQ(NT_STATUS_NOT_SUPPORTED, a.create.status);
	ext[0].type = NT_MEM_SECTION_EXT_NUMA_NODE;
	ext[0].value = 1 << 20;
	EXPECT_EQ(-1, ioctl(nts_device(), NTSECTION_IOC_CREATE_EX, &a));
	EXPECT_EQ(NT_STATUS_INVALID_PARAMETER, a.create.status);
	a.pad = 1;
	EXPECT_EQ(-1, ioctl(nts_device(), NTSECTION_IOC_CREATE_EX, &a));
	EXPECT_EQ(NT_STATUS_INVALID_PARAMETER, a.create.status);
}

TEST_HARNESS_MAIN
