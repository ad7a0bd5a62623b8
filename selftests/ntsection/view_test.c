// SPDX-License-Identifier: GPL-2.0-only
/*
 * ntsection selftests: views, as a user of /dev/ntsection sees them.
 *
 * NtMapViewOfSection's parameters and their statuses in the SPEC §5 order,
 * placement (ZeroBits, MEM_TOP_DOWN, fixed bases), coherence between views
 * and across fork(), WRITECOPY privacy, ViewShare/ViewUnmap, unmapping,
 * atomic views (no partial munmap/mprotect/mremap), protections at run time
 * (§3), SEC_RESERVE commit and the VM calls (§6), lifetime (§7) and plain
 * mmap() of a section handle.
 */

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include <linux/ntsection.h>
#include "kselftest_harness.h"
#include "ntsection_test.h"

#ifndef SYS_pidfd_open
#define SYS_pidfd_open 434
#endif

#define RW	NT_PAGE_READWRITE
#define RO	NT_PAGE_READONLY
#define WC	NT_PAGE_WRITECOPY

/* A 64-bit program; a -m32 one has 4-byte PVOIDs and SIZE_Ts (ABI 2, compat). */
#define VT_64		(sizeof(void *) == 8)

/* An address no user space has: the kernel half of x86-64, or past TASK_SIZE. */
#define VT_KERNEL_ADDR	(VT_64 ? 0xffff800000000000ULL : 0xffffe000ULL)

/*
 * EXPECT_STATUS()/ASSERT_STATUS(): compare NTSTATUS values and print them in
 * hex, with the call that produced them, when they differ.
 */
#define __VT_STATUS(expected, seen, expected_str, seen_str, is_assert) do { \
	__u32 __vt_exp = (expected), __vt_seen = (seen); \
	if (__vt_exp != __vt_seen) { \
		TH_LOG("%s: status 0x%08x, expected %s (0x%08x)", \
		       seen_str, __vt_seen, expected_str, __vt_exp); \
		_metadata->exit_code = KSFT_FAIL; \
		if (is_assert) \
			ASSERT_EQ(__vt_exp, __vt_seen); \
	} \
} while (0)
#define EXPECT_STATUS(expected, seen) __VT_STATUS(expected, seen, #expected, #seen, 0)
#define ASSERT_STATUS(expected, seen) __VT_STATUS(expected, seen, #expected, #seen, 1)

/* The end of the user address space: TASK_SIZE, 64-bit or 32-bit (compat). */
#define VT_USER_END (sizeof(void *) == 4 ? 0xffffe000ULL : 0x7ffffffff000ULL)

static __u64 vt_min(__u64 a, __u64 b)
{
	return a < b ? a : b;
}

/* The module keeps this far below a stack that grows down (stack_guard_gap). */
#define VT_STACK_GAP (256 * NT_PAGE)

/*
 * Where placement must put a view of @size between @floor and @ceiling in
 * the address space as it is now (read from /proc/self/maps, with no
 * allocation on the way): the highest 64 KiB-aligned fit (@top_down) or
 * the lowest. 0 when nothing fits. A test that asserts an address derives
 * it here instead of assuming what ASLR leaves free.
 */
static __u64 vt_expected_place(__u64 floor, __u64 ceiling, __u64 size, int top_down)
{
	static char maps[1 << 16];
	__u64 gap_start = 0, best = 0;
	ssize_t n, len = 0;
	char *line;
	int fd;

	fd = open("/proc/self/maps", O_RDONLY);
	if (fd < 0)
		return 0;
	while (len < (ssize_t)sizeof(maps) - 1 &&
	       (n = read(fd, maps + len, sizeof(maps) - 1 - len)) > 0)
		len += n;
	close(fd);
	maps[len] = 0;
	for (line = maps;; ) {
		unsigned long long lo = ceiling, hi = ceiling;
		__u64 gap_end, a, b;
		char *nl = line && *line ? strchr(line, '\n') : NULL;

		if (line && *line && sscanf(line, "%llx-%llx", &lo, &hi) == 2 &&
		    strstr(line, "[stack]") && nl && strstr(line, "[stack]") < nl)
			lo = lo > VT_STACK_GAP ? lo - VT_STACK_GAP : 0;
		gap_end = lo;
		a = (gap_start > floor ? gap_start : floor);
		a = (a + NT_GRAN - 1) & ~(NT_GRAN - 1);
		b = vt_min(gap_end, ceiling);
		if (b > a && b - a >= size) {
			if (!top_down)
				return a;
			best = (b - size) & ~(NT_GRAN - 1);
		}
		if (!nl || lo >= ceiling)
			break;
		gap_start = hi > gap_start ? hi : gap_start;
		line = nl + 1;
	}
	return best;
}

/* NtMapViewOfSection arguments: the whole section, anywhere, ViewShare. */
static struct nts_map_call vt_args(int section, __u32 protect)
{
	struct nts_map_call a = {
		.section_fd = (__u32)section,
		.process_fd = NTSECTION_CURRENT_PROCESS,
		.inherit = NT_VIEW_SHARE,
		.protect = protect,
	};

	return a;
}

/*
 * The raw map ioctl: every value as given (nts_map_ex() fills in defaults),
 * *BaseAddress, *ViewSize and *SectionOffset in variables of this program's
 * data model; nts_map_call() checks that a failure wrote none of them.
 */
static __u32 vt_map_raw(struct nts_map_call *a)
{
	return nts_map_call(a);
}

/* Map a copy of @a, which is expected to fail. */
static __u32 vt_map_fail(struct __test_metadata *_metadata, struct nts_map_call a)
{
	int before = nts_errno_mismatch;
	__u32 status = vt_map_raw(&a);

	if (nts_errno_mismatch != before) {
		TH_LOG("the reply of a failed map broke the ABI (see above)");
		_metadata->exit_code = KSFT_FAIL;
	}
	return status;
}

#define EXPECT_MAP_FAILS(expected, args) \
	__VT_STATUS(expected, vt_map_fail(_metadata, args), #expected, "NtMapViewOfSection", 0)

/*
 * The map ioctl with @a's values but these pointers for BaseAddress,
 * ViewSize and SectionOffset (0: NULL), which the test points where it
 * likes. The errno is checked against the status.
 */
static __u32 vt_map_ptrs(const struct nts_map_call *a, uintptr_t base, uintptr_t size,
			 uintptr_t offset)
{
	struct ntsection_map_args m = {
		.section_fd = a->section_fd, .process_fd = a->process_fd,
		.base_address = base, .zero_bits = a->zero_bits,
		.commit_size = a->commit_size, .section_offset = offset,
		.view_size = size, .inherit = a->inherit, .alloc_type = a->alloc_type,
		.protect = a->protect, .status = 0xdeadbeef,
	};
	int rc = ioctl(nts_device(), NTSECTION_IOC_MAP, &m);

	nts_check_rc(rc, m.status);
	return m.status;
}

/* Lines of /proc/self/maps: the mappings of this process. */
static int vt_count_maps(void)
{
	FILE *f = fopen("/proc/self/maps", "r");
	int n = 0, c;

	if (!f)
		return -1;
	while ((c = fgetc(f)) != EOF)
		n += c == '\n';
	fclose(f);
	return n;
}

/* A pagefile-backed section with all access. */
static int vt_anon(struct __test_metadata *_metadata, __u64 size, __u32 protect,
		   __u32 attrs)
{
	int fd = -1;

	ASSERT_STATUS(NT_STATUS_SUCCESS, nts_create_anon(size, protect, attrs, &fd));
	ASSERT_LE(0, fd);
	return fd;
}

/* A pagefile-backed SEC_COMMIT section whose handle has only @access. */
static int vt_anon_access(struct __test_metadata *_metadata, __u64 size, __u32 protect,
			  __u32 access)
{
	struct nts_create c = {
		.access = access, .protect = protect, .attrs = NT_SEC_COMMIT,
		.file_fd = -1, .size = size, .size_given = 1,
	};
	int fd = -1;

	ASSERT_STATUS(NT_STATUS_SUCCESS, nts_create_ex(&c, &fd));
	ASSERT_LE(0, fd);
	return fd;
}

/* A file-backed section of @file (its whole size), all access. */
static int vt_file_section(struct __test_metadata *_metadata, int file, __u32 protect)
{
	struct nts_create c = {
		.access = NT_SECTION_ALL_ACCESS, .protect = protect,
		.attrs = NT_SEC_COMMIT, .file_fd = file,
	};
	int fd = -1;

	ASSERT_STATUS(NT_STATUS_SUCCESS, nts_create_ex(&c, &fd));
	ASSERT_LE(0, fd);
	return fd;
}

/* An unlinked temporary file of @size bytes, byte i = 'A' + i % 26. */
static int vt_tmpfile(struct __test_metadata *_metadata, size_t size)
{
	char path[] = "/tmp/nts-view-XXXXXX";
	char *buf;
	size_t i;
	int fd;

	fd = mkstemp(path);
	ASSERT_LE(0, fd);
	unlink(path);
	buf = malloc(size);
	ASSERT_NE(NULL, buf);
	for (i = 0; i < size; i++)
		buf[i] = 'A' + i % 26;
	ASSERT_EQ((ssize_t)size, pwrite(fd, buf, size, 0));
	free(buf);
	return fd;
}

/* Map [offset, offset + size) of @section with @protect anywhere. */
static char *vt_map(struct __test_metadata *_metadata, int section, __u32 protect,
		    __u64 offset, __u64 size, __u64 *out_size)
{
	struct nts_map m = { .protect = protect, .offset = offset, .size = size };

	ASSERT_STATUS(NT_STATUS_SUCCESS, nts_map_ex(section, &m));
	ASSERT_NE(0, m.base);
	if (out_size)
		*out_size = m.size;
	return (char *)(uintptr_t)m.base;
}

static __u32 vt_unmap_in(__u32 process, void *addr)
{
	struct ntsection_unmap_args a = {
		.process_fd = process, .base = (uintptr_t)addr, .status = 0xdeadbeef,
	};
	int rc = ioctl(nts_device(), NTSECTION_IOC_UNMAP, &a);

	nts_check_rc(rc, a.status);
	return a.status;
}

static __u32 vt_query_vm_in(__u32 process, void *addr, struct ntsection_vm_info *info)
{
	int rc;

	memset(info, 0, sizeof(*info));
	info->process_fd = process;
	info->address = (uintptr_t)addr;
	info->status = 0xdeadbeef;
	rc = ioctl(nts_device(), NTSECTION_IOC_QUERY_VM, info);
	nts_check_rc(rc, info->status);
	return info->status;
}

/* NtFreeVirtualMemory(@type) through NTSECTION_IOC_FREE. */
static __u32 vt_free(void *addr, __u64 size, __u32 type)
{
	struct ntsection_vm_args a = {
		.process_fd = NTSECTION_CURRENT_PROCESS, .alloc_type = type,
		.base = (uintptr_t)addr, .size = size, .status = 0xdeadbeef,
	};
	int rc = ioctl(nts_device(), NTSECTION_IOC_FREE, &a);

	nts_check_rc(rc, a.status);
	return a.status;
}

static int vt_pidfd_open(pid_t pid)
{
	return (int)syscall(SYS_pidfd_open, pid, 0);
}

/* An address range of @len bytes, 64 KiB aligned, that was free just now. */
static char *vt_free_range(struct __test_metadata *_metadata, size_t len)
{
	char *p = mmap(NULL, len + NT_GRAN, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	uintptr_t aligned;

	ASSERT_NE(MAP_FAILED, p);
	aligned = ((uintptr_t)p + NT_GRAN - 1) & ~(uintptr_t)(NT_GRAN - 1);
	ASSERT_EQ(0, munmap(p, len + NT_GRAN));
	return (char *)aligned;
}

/* Wait for @pid; its exit code, 128 + the signal that killed it, or -1. */
static int vt_wait(pid_t pid)
{
	int status;

	if (pid < 0 || waitpid(pid, &status, 0) != pid)
		return -1;
	if (WIFSIGNALED(status))
		return 128 + WTERMSIG(status);
	return WEXITSTATUS(status);
}

/* Call @code; 0 when it returned, else the signal it raised. */
static sigjmp_buf vt_exec_env;

static void vt_exec_handler(int sig)
{
	siglongjmp(vt_exec_env, sig);
}

static int vt_probe_exec(void *code)
{
	struct sigaction sa = { .sa_handler = vt_exec_handler }, old_segv;
	int sig;

	sigaction(SIGSEGV, &sa, &old_segv);
	sig = sigsetjmp(vt_exec_env, 1);
	if (!sig)
		((void (*)(void))code)();
	sigaction(SIGSEGV, &old_segv, NULL);
	return sig;
}

FIXTURE(view) {
	int sec;
};

FIXTURE_SETUP(view)
{
	self->sec = -1;
	if (nts_device() < 0)
		SKIP(return, NTS_NO_DEVICE);
}

FIXTURE_TEARDOWN(view)
{
	if (self->sec >= 0)
		close(self->sec);
	/* Every ioctl's return value agreed with the status it wrote. */
	EXPECT_EQ(0, nts_errno_mismatch);
}

/* §5: InheritDisposition not ViewShare or ViewUnmap: INVALID_PARAMETER_8. */
TEST_F(view, map_inherit_invalid)
{
	static const __u32 bad[] = { 0, 3, 0x80000001u, 0xffffffffu };
	struct nts_map_call a;
	unsigned int i;

	self->sec = vt_anon(_metadata, NT_GRAN, RW, NT_SEC_COMMIT);
	for (i = 0; i < ARRAY_SIZE(bad); i++) {
		a = vt_args(self->sec, RW);
		a.inherit = bad[i];
		EXPECT_MAP_FAILS(NT_STATUS_INVALID_PARAMETER_8, a);
	}
	/* Checked first: with everything else wrong too. */
	a = vt_args(0x7ffffff0, 0x12345);
	a.inherit = 0;
	a.alloc_type = NT_MEM_COMMIT;
	a.base = VT_KERNEL_ADDR;
	a.zero_bits = 25;
	EXPECT_MAP_FAILS(NT_STATUS_INVALID_PARAMETER_8, a);
}

/* §5: AllocationType bits outside RESERVE|TOP_DOWN|LARGE_PAGES: _9. */
TEST_F(view, map_alloc_type_invalid)
{
	static const __u32 bad[] = {
		NT_MEM_COMMIT, NT_AT_ROUND_TO_PAGE, NT_MEM_COMMIT | NT_MEM_RESERVE,
		NT_MEM_RELEASE, NT_MEM_DECOMMIT, NT_MEM_FREE, NT_MEM_PRIVATE, NT_MEM_MAPPED,
		NT_MEM_IMAGE, 0x1, NT_MEM_TOP_DOWN | NT_AT_ROUND_TO_PAGE,
	};
	struct nts_map_call a;
	unsigned int i;
	__u32 status;

	self->sec = vt_anon(_metadata, NT_GRAN, RW, NT_SEC_COMMIT);
	for (i = 0; i < ARRAY_SIZE(bad); i++) {
		a = vt_args(self->sec, RW);
		a.alloc_type = bad[i];
		status = vt_map_fail(_metadata, a);
		EXPECT_EQ(NT_STATUS_INVALID_PARAMETER_9, status)
			TH_LOG("AllocationType 0x%x: status 0x%08x", bad[i], status);
	}
	/* Before the protection, the base and the handles. */
	a = vt_args(0x7ffffff0, 0x3);
	a.alloc_type = NT_AT_ROUND_TO_PAGE;
	a.base = VT_KERNEL_ADDR;
	EXPECT_MAP_FAILS(NT_STATUS_INVALID_PARAMETER_9, a);
}

/* §5: MEM_TOP_DOWN alone is a valid AllocationType. */
TEST_F(view, map_alloc_type_top_down_valid)
{
	struct nts_map m = { .protect = RW, .alloc_type = NT_MEM_TOP_DOWN };

	self->sec = vt_anon(_metadata, NT_GRAN, RW, NT_SEC_COMMIT);
	ASSERT_STATUS(NT_STATUS_SUCCESS, nts_map_ex(self->sec, &m));
	EXPECT_EQ(0, m.base % NT_GRAN);
	EXPECT_STATUS(NT_STATUS_SUCCESS, nts_unmap((void *)(uintptr_t)m.base));
}

/* §3/§5: an invalid Win32Protect: INVALID_PAGE_PROTECTION. */
TEST_F(view, map_protect_invalid)
{
	static const __u32 bad[] = {
		0, 0x3, 0x6, 0x800, 0x1000, NT_PAGE_GUARD, NT_PAGE_NOCACHE,
		NT_PAGE_NOACCESS | NT_PAGE_GUARD, NT_PAGE_NOACCESS | NT_PAGE_NOCACHE,
		NT_PAGE_NOACCESS | NT_PAGE_WRITECOMBINE,
		RW | NT_PAGE_GUARD | NT_PAGE_NOCACHE, RW | NT_PAGE_GUARD | NT_PAGE_WRITECOMBINE,
		RW | NT_PAGE_NOCACHE | NT_PAGE_WRITECOMBINE, RW | 0x800,
	};
	struct nts_map_call a;
	unsigned int i;
	__u32 status;

	self->sec = vt_anon(_metadata, NT_GRAN, NT_PAGE_EXECUTE_READWRITE, NT_SEC_COMMIT);
	for (i = 0; i < ARRAY_SIZE(bad); i++) {
		a = vt_args(self->sec, bad[i]);
		status = vt_map_fail(_metadata, a);
		EXPECT_EQ(NT_STATUS_INVALID_PAGE_PROTECTION, status)
			TH_LOG("Win32Protect 0x%x: status 0x%08x", bad[i], status);
	}
	/* Before the base, ZeroBits and the handles. */
	a = vt_args(0x7ffffff0, 0x3);
	a.base = VT_KERNEL_ADDR;
	a.zero_bits = 22;
	EXPECT_MAP_FAILS(NT_STATUS_INVALID_PAGE_PROTECTION, a);
}

/* §3: valid modifiers ride along with the base protection. */
TEST_F(view, map_protect_modifiers_valid)
{
	static const __u32 good[] = {
		RW | NT_PAGE_GUARD, RW | NT_PAGE_NOCACHE, RW | NT_PAGE_WRITECOMBINE,
		RO | NT_PAGE_GUARD, WC | NT_PAGE_NOCACHE,
	};
	struct ntsection_vm_info info;
	unsigned int i;

	self->sec = vt_anon(_metadata, NT_GRAN, RW, NT_SEC_COMMIT);
	for (i = 0; i < ARRAY_SIZE(good); i++) {
		char *p = vt_map(_metadata, self->sec, good[i], 0, 0, NULL);

		EXPECT_STATUS(NT_STATUS_SUCCESS, nts_query_vm(p, &info));
		EXPECT_EQ(good[i], info.allocation_protect);
		EXPECT_EQ(good[i], info.protect);
		EXPECT_STATUS(NT_STATUS_SUCCESS, nts_unmap(p));
	}
}

/* §5: a base or a base + size beyond the user address space: _3. */
TEST_F(view, map_base_beyond_user_space)
{
	/* Base and ViewSize: one PVOID and one SIZE_T of this program's. */
	static const __u64 t64[][2] = {
		{ 0xffff800000000000ULL, 0 }, { 0xffffffffffff0000ULL, 0 },
		/* base + size past the end, and overflowing. */
		{ 0x7fffffff0000ULL, 1ULL << 62 }, { NT_GRAN * 16, ~0ULL - NT_GRAN },
		{ 0, 1ULL << 62 },
	}, t32[][2] = {
		{ 0xffffe000ULL, 0 }, { 0xfffff000ULL, 0 },
		{ 0xffff0000ULL, NT_GRAN }, { NT_GRAN * 16, 0xffffffffULL - NT_GRAN },
		{ 0, 0xfffff000ULL },
	};
	struct nts_map_call a;
	unsigned int i;

	self->sec = vt_anon(_metadata, NT_GRAN, RW, NT_SEC_COMMIT);
	for (i = 0; i < ARRAY_SIZE(t64); i++) {
		a = vt_args(self->sec, RW);
		a.base = VT_64 ? t64[i][0] : t32[i][0];
		a.view_size = VT_64 ? t64[i][1] : t32[i][1];
		EXPECT_MAP_FAILS(NT_STATUS_INVALID_PARAMETER_3, a);
	}
	/* Before ZeroBits and the handles. */
	a = vt_args(0x7ffffff0, RW);
	a.base = VT_KERNEL_ADDR;
	a.zero_bits = 22;
	EXPECT_MAP_FAILS(NT_STATUS_INVALID_PARAMETER_3, a);
}

/* §5: ZeroBits 21 leaves no room for any view: NO_MEMORY. */
TEST_F(view, map_zero_bits_21)
{
	struct nts_map_call a;

	self->sec = vt_anon(_metadata, NT_PAGE, RW, NT_SEC_COMMIT);
	a = vt_args(self->sec, RW);
	a.zero_bits = 21;
	EXPECT_MAP_FAILS(NT_STATUS_NO_MEMORY, a);
	a.alloc_type = NT_MEM_TOP_DOWN;
	EXPECT_MAP_FAILS(NT_STATUS_NO_MEMORY, a);
}

/* §5: ZeroBits 22..31: INVALID_PARAMETER_4, before the handles. */
TEST_F(view, map_zero_bits_22_to_31)
{
	struct nts_map_call a;
	__u64 zb;
	__u32 status;

	self->sec = vt_anon(_metadata, NT_GRAN, RW, NT_SEC_COMMIT);
	for (zb = 22; zb <= 31; zb++) {
		a = vt_args(self->sec, RW);
		a.zero_bits = zb;
		status = vt_map_fail(_metadata, a);
		EXPECT_EQ(NT_STATUS_INVALID_PARAMETER_4, status)
			TH_LOG("ZeroBits %llu: status 0x%08x", zb, status);
	}
	a = vt_args(0x7ffffff0, RW);
	a.zero_bits = 22;
	EXPECT_MAP_FAILS(NT_STATUS_INVALID_PARAMETER_4, a);
	a = vt_args(self->sec, RW);
	a.zero_bits = 31;
	a.process_fd = 0x7ffffff0;
	EXPECT_MAP_FAILS(NT_STATUS_INVALID_PARAMETER_4, a);
}

/* §5: ZeroBits 1..20: the view lies below 2^(32 - ZeroBits), on 64-bit too. */
TEST_F(view, map_zero_bits_ceiling)
{
	__u64 zb;

	self->sec = vt_anon(_metadata, NT_GRAN, RW, NT_SEC_COMMIT);
	for (zb = 1; zb <= 20; zb++) {
		struct nts_map m = { .protect = RW, .zero_bits = zb };
		__u64 ceiling = 1ULL << (32 - zb);
		__u32 status = nts_map_ex(self->sec, &m);

		if (ceiling < 2 * NT_GRAN) {
			/* Nothing fits between the first granule and the ceiling. */
			EXPECT_EQ(NT_STATUS_NO_MEMORY, status)
				TH_LOG("ZeroBits %llu: status 0x%08x", zb, status);
			continue;
		}
		/* [64 KiB, 128 KiB) is the one place for ZeroBits 15. */
		EXPECT_EQ(NT_STATUS_SUCCESS, status)
			TH_LOG("ZeroBits %llu: status 0x%08x", zb, status);
		if (status)
			continue;
		EXPECT_GE(ceiling, m.base + m.size)
			TH_LOG("ZeroBits %llu: view at 0x%llx", (unsigned long long)zb,
			       (unsigned long long)m.base);
		EXPECT_EQ(0, m.base % NT_GRAN);
		EXPECT_STATUS(NT_STATUS_SUCCESS, nts_unmap((void *)(uintptr_t)m.base));
	}
}

/* §5: ZeroBits >= 32 is a mask: no address bit above its highest bit. */
TEST_F(view, map_zero_bits_mask)
{
	static const __u64 masks[] = {
		0x1fffffffULL, 0x1aaaaaaaULL, 0x7fffffffULL, 0xffffffffULL, 0xfffffffffULL,
	};
	unsigned int i, td;

	self->sec = vt_anon(_metadata, 2 * NT_GRAN, RW, NT_SEC_COMMIT);
	for (i = 0; i < ARRAY_SIZE(masks); i++) {
		__u64 limit = 1ULL << (64 - __builtin_clzll(masks[i]));

		for (td = 0; td < 2; td++) {
			struct nts_map m = {
				.protect = RW, .zero_bits = masks[i],
				.alloc_type = td ? NT_MEM_TOP_DOWN : 0,
			};

			/* The highest free fit below the limit, as the maps are now. */
			__u64 want = vt_expected_place(NT_GRAN, vt_min(limit, VT_USER_END),
						       2 * NT_GRAN, 1);

			ASSERT_STATUS(NT_STATUS_SUCCESS, nts_map_ex(self->sec, &m));
			EXPECT_GE(limit, m.base + m.size)
				TH_LOG("mask 0x%llx%s: view at 0x%llx",
				       (unsigned long long)masks[i], td ? " top-down" : "",
				       (unsigned long long)m.base);
			if (td)
				EXPECT_EQ(want, m.base)
					TH_LOG("mask 0x%llx top-down: view at 0x%llx, free 0x%llx",
					       (unsigned long long)masks[i],
					       (unsigned long long)m.base,
					       (unsigned long long)want);
			EXPECT_STATUS(NT_STATUS_SUCCESS, nts_unmap((void *)(uintptr_t)m.base));
		}
	}
}

/* §5: a fixed base that does not fit ZeroBits: _4, checked before alignment. */
TEST_F(view, map_zero_bits_fixed_base)
{
	struct nts_map_call a;
	struct nts_map m;
	char *free_lo;

	self->sec = vt_anon(_metadata, 2 * NT_GRAN, RW, NT_SEC_COMMIT);
	a = vt_args(self->sec, RW);
	a.zero_bits = 8;			/* below 16 MiB */
	a.base = 0x2000000;
	EXPECT_MAP_FAILS(NT_STATUS_INVALID_PARAMETER_4, a);
	a.base = 0x2001000;			/* misaligned too: ZeroBits first */
	EXPECT_MAP_FAILS(NT_STATUS_INVALID_PARAMETER_4, a);
	a.base = 0x1000000 - NT_GRAN;		/* starts below, ends above */
	a.view_size = 2 * NT_GRAN;
	EXPECT_MAP_FAILS(NT_STATUS_INVALID_PARAMETER_4, a);
	a.base = 0x101000;			/* fits, misaligned */
	a.view_size = 0;
	EXPECT_MAP_FAILS(NT_STATUS_MAPPED_ALIGNMENT, a);

	/* A fixed base that fits is used as it is. */
	memset(&m, 0, sizeof(m));
	m.protect = RW;
	m.zero_bits = 1;
	ASSERT_STATUS(NT_STATUS_SUCCESS, nts_map_ex(self->sec, &m));
	free_lo = (char *)(uintptr_t)m.base;
	ASSERT_STATUS(NT_STATUS_SUCCESS, nts_unmap(free_lo));
	m.base = (uintptr_t)free_lo;
	m.zero_bits = 1;
	m.size = 0;
	ASSERT_STATUS(NT_STATUS_SUCCESS, nts_map_ex(self->sec, &m));
	EXPECT_EQ((uintptr_t)free_lo, m.base);
	EXPECT_STATUS(NT_STATUS_SUCCESS, nts_unmap(free_lo));
}

/* §5: MEM_TOP_DOWN puts the view higher than bottom-up placement. */
TEST_F(view, map_top_down)
{
	struct nts_map bottom = { .protect = RW, .zero_bits = 1 };
	struct nts_map top = { .protect = RW, .zero_bits = 1, .alloc_type = NT_MEM_TOP_DOWN };

	__u64 want_bottom, want_top;

	self->sec = vt_anon(_metadata, NT_GRAN, RW, NT_SEC_COMMIT);
	/* Where the free ranges below 2 GiB say each must go. */
	want_bottom = vt_expected_place(NT_GRAN, 1ULL << 31, NT_GRAN, 0);
	ASSERT_STATUS(NT_STATUS_SUCCESS, nts_map_ex(self->sec, &bottom));
	want_top = vt_expected_place(NT_GRAN, 1ULL << 31, NT_GRAN, 1);
	ASSERT_STATUS(NT_STATUS_SUCCESS, nts_map_ex(self->sec, &top));
	EXPECT_LT(bottom.base, top.base)
		TH_LOG("bottom-up 0x%llx, top-down 0x%llx",
		       (unsigned long long)bottom.base, (unsigned long long)top.base);
	EXPECT_GE(1ULL << 31, top.base + top.size);
	EXPECT_EQ(want_top, top.base);
	EXPECT_EQ(want_bottom, bottom.base);
	EXPECT_EQ(0, top.base % NT_GRAN);
	EXPECT_EQ(0, bottom.base % NT_GRAN);
}

/* §5: ProcessHandle garbage or closed: INVALID_HANDLE, before the section. */
TEST_F(view, map_process_handle_garbage)
{
	struct nts_map_call a;
	int closed;

	self->sec = vt_anon(_metadata, NT_GRAN, RW, NT_SEC_COMMIT);
	a = vt_args(self->sec, RW);
	a.process_fd = 0x7ffffff0;
	EXPECT_MAP_FAILS(NT_STATUS_INVALID_HANDLE, a);
	a.process_fd = 0xfffffffe;
	EXPECT_MAP_FAILS(NT_STATUS_INVALID_HANDLE, a);
	closed = dup(self->sec);
	ASSERT_LE(0, closed);
	close(closed);
	a.process_fd = closed;
	EXPECT_MAP_FAILS(NT_STATUS_INVALID_HANDLE, a);
	/* The process handle comes before the section handle's access. */
	close(self->sec);
	self->sec = vt_anon_access(_metadata, NT_GRAN, RW, NT_SECTION_QUERY);
	a = vt_args(self->sec, RW);
	a.process_fd = 0x7ffffff0;
	EXPECT_MAP_FAILS(NT_STATUS_INVALID_HANDLE, a);
}

/* §5: a ProcessHandle that is not a process: OBJECT_TYPE_MISMATCH. */
TEST_F(view, map_process_handle_not_a_process)
{
	struct nts_map_call a;
	int file;

	self->sec = vt_anon(_metadata, NT_GRAN, RW, NT_SEC_COMMIT);
	file = open("/dev/null", O_RDONLY | O_CLOEXEC);
	ASSERT_LE(0, file);
	a = vt_args(self->sec, RW);
	a.process_fd = file;
	EXPECT_MAP_FAILS(NT_STATUS_OBJECT_TYPE_MISMATCH, a);
	a.process_fd = self->sec;
	EXPECT_MAP_FAILS(NT_STATUS_OBJECT_TYPE_MISMATCH, a);
	close(file);
}

/*
 * §5, §11: a pidfd of another process is no process handle (one is made
 * from it with NTSECTION_IOC_OPEN_PROCESS): OBJECT_TYPE_MISMATCH for map,
 * unmap and query, before the section handle is looked at.
 */
TEST_F(view, map_process_pidfd_other)
{
	struct ntsection_vm_info info;
	struct nts_map_call a;
	int pidfd;
	char *p;
	pid_t child;

	self->sec = vt_anon(_metadata, NT_GRAN, RW, NT_SEC_COMMIT);
	p = vt_map(_metadata, self->sec, RW, 0, 0, NULL);
	child = fork();
	ASSERT_LE(0, child);
	if (child == 0) {
		pause();
		_exit(0);
	}
	pidfd = vt_pidfd_open(child);
	ASSERT_LE(0, pidfd);
	a = vt_args(self->sec, RW);
	a.process_fd = pidfd;
	EXPECT_MAP_FAILS(NT_STATUS_OBJECT_TYPE_MISMATCH, a);
	/* The process handle comes before the section handle. */
	a.section_fd = 0x7ffffff0;
	EXPECT_MAP_FAILS(NT_STATUS_OBJECT_TYPE_MISMATCH, a);
	EXPECT_STATUS(NT_STATUS_OBJECT_TYPE_MISMATCH, vt_unmap_in(pidfd, p));
	EXPECT_STATUS(NT_STATUS_OBJECT_TYPE_MISMATCH, vt_query_vm_in(pidfd, p, &info));
	kill(child, SIGKILL);
	vt_wait(child);
	close(pidfd);
	/* Our view was not touched by any of it. */
	EXPECT_STATUS(NT_STATUS_SUCCESS, nts_unmap(p));
}

/* §5: a pidfd of the caller's own process works like NtCurrentProcess(). */
TEST_F(view, map_process_pidfd_self)
{
	struct ntsection_vm_info info;
	struct nts_map_call a;
	int pidfd;
	char *p;

	self->sec = vt_anon(_metadata, NT_GRAN, RW, NT_SEC_COMMIT);
	pidfd = vt_pidfd_open(getpid());
	ASSERT_LE(0, pidfd);
	a = vt_args(self->sec, RW);
	a.process_fd = pidfd;
	ASSERT_STATUS(NT_STATUS_SUCCESS, vt_map_raw(&a));
	p = (char *)(uintptr_t)a.base;
	EXPECT_EQ(NT_GRAN, a.view_size);
	p[0] = 42;
	EXPECT_STATUS(NT_STATUS_SUCCESS, vt_query_vm_in(pidfd, p, &info));
	EXPECT_EQ((uintptr_t)p, info.allocation_base);
	EXPECT_STATUS(NT_STATUS_SUCCESS, vt_unmap_in(pidfd, p));
	EXPECT_EQ(SIGSEGV, nts_probe(p, 0, 0));
	close(pidfd);
}

/* §5: SectionHandle garbage: INVALID_HANDLE, before alignment. */
TEST_F(view, map_section_handle_garbage)
{
	struct nts_map_call a;

	a = vt_args(0x7ffffff0, RW);
	EXPECT_MAP_FAILS(NT_STATUS_INVALID_HANDLE, a);
	a.section_fd = 0xfffffffe;
	EXPECT_MAP_FAILS(NT_STATUS_INVALID_HANDLE, a);
	a.offset = 4096;
	a.base = NT_GRAN + 4096;
	EXPECT_MAP_FAILS(NT_STATUS_INVALID_HANDLE, a);
}

/* §5: a closed SectionHandle: INVALID_HANDLE. */
TEST_F(view, map_section_handle_closed)
{
	struct nts_map_call a;
	int fd;

	fd = vt_anon(_metadata, NT_GRAN, RW, NT_SEC_COMMIT);
	ASSERT_EQ(0, close(fd));
	a = vt_args(fd, RW);
	EXPECT_MAP_FAILS(NT_STATUS_INVALID_HANDLE, a);
}

/* §5: a valid handle that is not a section: OBJECT_TYPE_MISMATCH. */
TEST_F(view, map_section_handle_not_a_section)
{
	struct nts_map_call a;
	int file, pidfd;

	file = vt_tmpfile(_metadata, NT_GRAN);
	a = vt_args(file, RO);
	EXPECT_MAP_FAILS(NT_STATUS_OBJECT_TYPE_MISMATCH, a);
	a = vt_args(nts_device(), RO);
	EXPECT_MAP_FAILS(NT_STATUS_OBJECT_TYPE_MISMATCH, a);
	pidfd = vt_pidfd_open(getpid());
	ASSERT_LE(0, pidfd);
	a = vt_args(pidfd, RO);
	EXPECT_MAP_FAILS(NT_STATUS_OBJECT_TYPE_MISMATCH, a);
	/* Before alignment. */
	a = vt_args(file, RO);
	a.offset = 4096;
	EXPECT_MAP_FAILS(NT_STATUS_OBJECT_TYPE_MISMATCH, a);
	close(pidfd);
	close(file);
}

/* §5: NtCurrentProcess() as the SectionHandle: OBJECT_TYPE_MISMATCH. */
TEST_F(view, map_section_handle_current_process)
{
	struct nts_map_call a;

	a = vt_args(NTSECTION_CURRENT_PROCESS, RW);
	EXPECT_MAP_FAILS(NT_STATUS_OBJECT_TYPE_MISMATCH, a);
}

/* §3/§5: a READWRITE view through a handle without MAP_WRITE: ACCESS_DENIED. */
TEST_F(view, map_access_denied)
{
	struct nts_map_call a;
	char *p;

	self->sec = vt_anon_access(_metadata, 2 * NT_GRAN, RW,
				   NT_SECTION_MAP_READ | NT_SECTION_QUERY);
	a = vt_args(self->sec, RW);
	EXPECT_MAP_FAILS(NT_STATUS_ACCESS_DENIED, a);
	/* Before alignment, protection against the section and the size. */
	a.offset = 4096;
	a.base = NT_GRAN + 4096;
	a.view_size = 1ULL << 30;
	EXPECT_MAP_FAILS(NT_STATUS_ACCESS_DENIED, a);
	/* What the handle allows still works. */
	p = vt_map(_metadata, self->sec, RO, 0, 0, NULL);
	EXPECT_EQ(0, p[0]);
	EXPECT_STATUS(NT_STATUS_SUCCESS, nts_unmap(p));
}

/* §3: the handle access each view protection needs. */
TEST_F(view, map_access_table)
{
	static const struct {
		__u32 access;
		__u32 protect;
		bool ok;
	} t[] = {
		{ NT_SECTION_MAP_READ, NT_PAGE_NOACCESS, true },
		{ NT_SECTION_MAP_READ, RO, true },
		{ NT_SECTION_MAP_READ, WC, true },
		{ NT_SECTION_MAP_READ, RW, false },
		{ NT_SECTION_MAP_READ, NT_PAGE_EXECUTE, false },
		{ NT_SECTION_MAP_READ, NT_PAGE_EXECUTE_READ, false },
		{ NT_SECTION_MAP_READ, NT_PAGE_EXECUTE_WRITECOPY, false },
		{ NT_SECTION_MAP_READ, NT_PAGE_EXECUTE_READWRITE, false },
		{ NT_SECTION_MAP_WRITE, RW, true },
		{ NT_SECTION_MAP_WRITE, RO, false },
		{ NT_SECTION_MAP_WRITE, NT_PAGE_NOACCESS, false },
		{ NT_SECTION_MAP_WRITE, NT_PAGE_EXECUTE_READWRITE, false },
		{ NT_SECTION_MAP_EXECUTE, NT_PAGE_EXECUTE, true },
		{ NT_SECTION_MAP_EXECUTE, NT_PAGE_EXECUTE_READ, false },
		{ NT_SECTION_MAP_EXECUTE, RO, false },
		{ NT_SECTION_MAP_EXECUTE | NT_SECTION_MAP_READ, NT_PAGE_EXECUTE_READ, true },
		{ NT_SECTION_MAP_EXECUTE | NT_SECTION_MAP_READ, NT_PAGE_EXECUTE_WRITECOPY, true },
		{ NT_SECTION_MAP_EXECUTE | NT_SECTION_MAP_READ, NT_PAGE_EXECUTE_READWRITE, false },
		{ NT_SECTION_MAP_EXECUTE | NT_SECTION_MAP_WRITE, NT_PAGE_EXECUTE_READWRITE, true },
		{ NT_SECTION_MAP_EXECUTE | NT_SECTION_MAP_WRITE, NT_PAGE_EXECUTE_READ, false },
		{ NT_SECTION_QUERY, NT_PAGE_NOACCESS, false },
		{ NT_SECTION_ALL_ACCESS, NT_PAGE_EXECUTE_READWRITE, true },
	};
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(t); i++) {
		int fd = vt_anon_access(_metadata, NT_GRAN, NT_PAGE_EXECUTE_READWRITE,
					t[i].access | NT_SECTION_QUERY);
		struct nts_map m = { .protect = t[i].protect };
		__u32 status = nts_map_ex(fd, &m);

		EXPECT_EQ(t[i].ok ? NT_STATUS_SUCCESS : NT_STATUS_ACCESS_DENIED, status)
			TH_LOG("access 0x%x, view protection 0x%x: status 0x%08x",
			       t[i].access, t[i].protect, status);
		if (!status)
			EXPECT_STATUS(NT_STATUS_SUCCESS, nts_unmap((void *)(uintptr_t)m.base));
		close(fd);
	}
}

/* §5: a base not 64 KiB aligned: MAPPED_ALIGNMENT, never rounded. */
TEST_F(view, map_misaligned_base)
{
	static const __u64 off[] = { 4096, 1, NT_GRAN / 2, NT_GRAN - 4096 };
	struct nts_map_call a;
	unsigned int i;
	char *where;

	self->sec = vt_anon(_metadata, NT_GRAN, RW, NT_SEC_COMMIT);
	where = vt_free_range(_metadata, 4 * NT_GRAN);
	for (i = 0; i < ARRAY_SIZE(off); i++) {
		a = vt_args(self->sec, RW);
		a.base = (uintptr_t)where + NT_GRAN + off[i];
		EXPECT_MAP_FAILS(NT_STATUS_MAPPED_ALIGNMENT, a);
		/* Not rounded down and mapped there either. */
		EXPECT_STATUS(NT_STATUS_NOT_MAPPED_VIEW, nts_unmap(where + NT_GRAN));
	}
}

/* §5: a SectionOffset not 64 KiB aligned: MAPPED_ALIGNMENT, before protection. */
TEST_F(view, map_misaligned_offset)
{
	struct nts_map_call a;

	self->sec = vt_anon(_metadata, 4 * NT_GRAN, RO, NT_SEC_COMMIT);
	a = vt_args(self->sec, RO);
	a.offset = 4096;
	EXPECT_MAP_FAILS(NT_STATUS_MAPPED_ALIGNMENT, a);
	a.offset = NT_GRAN + 1;
	EXPECT_MAP_FAILS(NT_STATUS_MAPPED_ALIGNMENT, a);
	a.offset = 3 * NT_GRAN + 4096;
	a.view_size = 4096;
	EXPECT_MAP_FAILS(NT_STATUS_MAPPED_ALIGNMENT, a);
	/* Alignment comes before the protection and the size. */
	a = vt_args(self->sec, RW);
	a.offset = 4096;
	a.view_size = 1ULL << 30;
	EXPECT_MAP_FAILS(NT_STATUS_MAPPED_ALIGNMENT, a);
}

/* §3/§5: a view protection the section does not allow: SECTION_PROTECTION. */
TEST_F(view, map_section_protection)
{
	struct nts_map_call a;

	self->sec = vt_anon(_metadata, NT_GRAN, RO, NT_SEC_COMMIT);
	a = vt_args(self->sec, RW);
	EXPECT_MAP_FAILS(NT_STATUS_SECTION_PROTECTION, a);
	a.protect = RW | NT_PAGE_GUARD;	/* modifiers ride along */
	EXPECT_MAP_FAILS(NT_STATUS_SECTION_PROTECTION, a);
	a.protect = NT_PAGE_EXECUTE_READ;
	EXPECT_MAP_FAILS(NT_STATUS_SECTION_PROTECTION, a);
	/* Before the size checks. */
	a.protect = RW;
	a.offset = NT_GRAN;
	EXPECT_MAP_FAILS(NT_STATUS_SECTION_PROTECTION, a);
	a.offset = 0;
	a.view_size = 2 * NT_GRAN;
	a.commit_size = 4 * NT_GRAN;
	EXPECT_MAP_FAILS(NT_STATUS_SECTION_PROTECTION, a);
}

/* §3: which view protections each section protection allows. */
TEST_F(view, map_protection_matrix)
{
	static const __u32 views[] = {
		NT_PAGE_NOACCESS, RO, RW, WC, NT_PAGE_EXECUTE, NT_PAGE_EXECUTE_READ,
		NT_PAGE_EXECUTE_READWRITE, NT_PAGE_EXECUTE_WRITECOPY,
	};
	static const struct {
		__u32 section;
		__u32 allowed;	/* a set of view protection bits */
	} t[] = {
		{ RO, 0x01 | 0x02 | 0x08 },
		{ RW, 0x01 | 0x02 | 0x04 | 0x08 },
		{ WC, 0x01 | 0x02 | 0x08 },
		{ NT_PAGE_EXECUTE, 0x01 | 0x10 },
		{ NT_PAGE_EXECUTE_READ, 0x01 | 0x02 | 0x08 | 0x10 | 0x20 },
		{ NT_PAGE_EXECUTE_WRITECOPY, 0x01 | 0x02 | 0x08 | 0x10 | 0x20 | 0x80 },
		{ NT_PAGE_EXECUTE_READWRITE, 0xff },
	};
	unsigned int i, j;

	for (i = 0; i < ARRAY_SIZE(t); i++) {
		int fd = vt_anon(_metadata, NT_GRAN, t[i].section, NT_SEC_COMMIT);

		for (j = 0; j < ARRAY_SIZE(views); j++) {
			struct nts_map m = { .protect = views[j] };
			bool ok = t[i].allowed & views[j];
			__u32 status = nts_map_ex(fd, &m);

			EXPECT_EQ(ok ? NT_STATUS_SUCCESS : NT_STATUS_SECTION_PROTECTION, status)
				TH_LOG("section 0x%x, view 0x%x: status 0x%08x",
				       t[i].section, views[j], status);
			if (!status)
				EXPECT_STATUS(NT_STATUS_SUCCESS,
					      nts_unmap((void *)(uintptr_t)m.base));
		}
		close(fd);
	}
}

/* §5: offset at or past the end, offset + size past the end: INVALID_VIEW_SIZE. */
TEST_F(view, map_invalid_view_size)
{
	struct nts_map_call a;

	self->sec = vt_anon(_metadata, 2 * NT_GRAN, RW, NT_SEC_COMMIT);
	a = vt_args(self->sec, RW);
	a.offset = 2 * NT_GRAN;			/* at the end */
	EXPECT_MAP_FAILS(NT_STATUS_INVALID_VIEW_SIZE, a);
	a.offset = 3 * NT_GRAN;			/* past it */
	EXPECT_MAP_FAILS(NT_STATUS_INVALID_VIEW_SIZE, a);
	a.offset = 0xffffffffffff0000ULL;	/* far past it */
	EXPECT_MAP_FAILS(NT_STATUS_INVALID_VIEW_SIZE, a);
	a.offset = NT_GRAN;			/* offset + size past the end */
	a.view_size = NT_GRAN + 1;
	EXPECT_MAP_FAILS(NT_STATUS_INVALID_VIEW_SIZE, a);
	a.offset = 0;
	a.view_size = 2 * NT_GRAN + 4096;
	EXPECT_MAP_FAILS(NT_STATUS_INVALID_VIEW_SIZE, a);
	a.offset = NT_GRAN;			/* offset + size overflows */
	a.view_size = VT_64 ? 0xffffffffffff0000ULL : 0xfffff000ULL;
	a.base = 0;
	EXPECT_MAP_FAILS(NT_STATUS_INVALID_PARAMETER_3, a);
	/* Before the commit size. */
	a.offset = 2 * NT_GRAN;
	a.view_size = 0;
	a.commit_size = 8 * NT_GRAN;
	EXPECT_MAP_FAILS(NT_STATUS_INVALID_VIEW_SIZE, a);
	/* The exact end is fine. */
	a.offset = NT_GRAN;
	a.view_size = NT_GRAN;
	a.commit_size = 0;
	ASSERT_STATUS(NT_STATUS_SUCCESS, vt_map_raw(&a));
	EXPECT_STATUS(NT_STATUS_SUCCESS, nts_unmap((void *)(uintptr_t)a.base));
}

/* §5: CommitSize above ViewSize: INVALID_PARAMETER_5, before MEM_RESERVE. */
TEST_F(view, map_commit_size_too_big)
{
	struct nts_map_call a;

	self->sec = vt_anon(_metadata, 2 * NT_GRAN, RW, NT_SEC_RESERVE);
	a = vt_args(self->sec, RW);
	a.view_size = NT_GRAN;
	a.commit_size = NT_GRAN + 1;
	EXPECT_MAP_FAILS(NT_STATUS_INVALID_PARAMETER_5, a);
	a.view_size = 0;			/* the whole section */
	a.commit_size = 2 * NT_GRAN + 4096;
	EXPECT_MAP_FAILS(NT_STATUS_INVALID_PARAMETER_5, a);
	a.alloc_type = NT_MEM_RESERVE;
	EXPECT_MAP_FAILS(NT_STATUS_INVALID_PARAMETER_5, a);
	/* CommitSize == ViewSize is fine. */
	a.alloc_type = 0;
	a.view_size = NT_GRAN;
	a.commit_size = NT_GRAN;
	ASSERT_STATUS(NT_STATUS_SUCCESS, vt_map_raw(&a));
	EXPECT_STATUS(NT_STATUS_SUCCESS, nts_unmap((void *)(uintptr_t)a.base));
}

/* §5: MEM_RESERVE on a pagefile section: INVALID_PARAMETER_9, before placement. */
TEST_F(view, map_mem_reserve_pagefile)
{
	struct nts_map_call a;
	char *p;

	self->sec = vt_anon(_metadata, NT_GRAN, RW, NT_SEC_COMMIT);
	a = vt_args(self->sec, RW);
	a.alloc_type = NT_MEM_RESERVE;
	EXPECT_MAP_FAILS(NT_STATUS_INVALID_PARAMETER_9, a);
	close(self->sec);
	self->sec = vt_anon(_metadata, NT_GRAN, RW, NT_SEC_RESERVE);
	a.section_fd = self->sec;
	EXPECT_MAP_FAILS(NT_STATUS_INVALID_PARAMETER_9, a);
	/* Before a conflicting fixed base. */
	p = vt_map(_metadata, self->sec, RW, 0, 0, NULL);
	a.base = (uintptr_t)p;
	EXPECT_MAP_FAILS(NT_STATUS_INVALID_PARAMETER_9, a);
	EXPECT_STATUS(NT_STATUS_SUCCESS, nts_unmap(p));
}

/* §5: MEM_LARGE_PAGES on a section not a multiple of 2 MiB: _4. */
TEST_F(view, map_large_pages_size)
{
	struct nts_map_call a;

	self->sec = vt_anon(_metadata, NT_GRAN, RW, NT_SEC_COMMIT);
	a = vt_args(self->sec, RW);
	a.alloc_type = NT_MEM_LARGE_PAGES;
	EXPECT_MAP_FAILS(NT_STATUS_INVALID_PARAMETER_4, a);
	/* A multiple of 2 MiB maps. */
	close(self->sec);
	self->sec = vt_anon(_metadata, 2 * MiB, RW, NT_SEC_COMMIT);
	a.section_fd = self->sec;
	ASSERT_STATUS(NT_STATUS_SUCCESS, vt_map_raw(&a));
	EXPECT_EQ(2 * MiB, a.view_size);
	EXPECT_EQ(0, nts_probe((char *)(uintptr_t)a.base + 2 * MiB - 1, 1, 1));
	EXPECT_STATUS(NT_STATUS_SUCCESS, nts_unmap((void *)(uintptr_t)a.base));
}

/* §5: a fixed base overlapping anything: CONFLICTING_ADDRESSES. */
TEST_F(view, map_conflicting_addresses)
{
	struct nts_map_call a;
	char *p, *priv, *where;

	self->sec = vt_anon(_metadata, 2 * NT_GRAN, RW, NT_SEC_COMMIT);
	p = vt_map(_metadata, self->sec, RW, 0, 0, NULL);
	p[0] = 'v';

	/* On an existing view, whole and in part. */
	a = vt_args(self->sec, RW);
	a.base = (uintptr_t)p;
	EXPECT_MAP_FAILS(NT_STATUS_CONFLICTING_ADDRESSES, a);
	a.base = (uintptr_t)p + NT_GRAN;
	a.view_size = NT_GRAN;
	EXPECT_MAP_FAILS(NT_STATUS_CONFLICTING_ADDRESSES, a);
	a.base = (uintptr_t)p - NT_GRAN;
	a.view_size = 2 * NT_GRAN;
	EXPECT_MAP_FAILS(NT_STATUS_CONFLICTING_ADDRESSES, a);
	EXPECT_EQ('v', p[0]);

	/* On private memory: its last page only. */
	where = vt_free_range(_metadata, 2 * NT_GRAN);
	priv = mmap(where + 2 * NT_GRAN - 4096, 4096, PROT_READ | PROT_WRITE,
		    MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED_NOREPLACE, -1, 0);
	ASSERT_EQ(where + 2 * NT_GRAN - 4096, priv);
	priv[0] = 'p';
	a = vt_args(self->sec, RW);
	a.base = (uintptr_t)where;
	EXPECT_MAP_FAILS(NT_STATUS_CONFLICTING_ADDRESSES, a);
	EXPECT_EQ('p', priv[0]);
	/* Nothing was left behind in the free part. */
	EXPECT_STATUS(NT_STATUS_NOT_MAPPED_VIEW, nts_unmap(where));
	munmap(priv, 4096);
	EXPECT_STATUS(NT_STATUS_SUCCESS, nts_unmap(p));
}

/* §5: a free fixed base is used as given. */
TEST_F(view, map_fixed_base)
{
	struct nts_map_call a;
	char *where, *p;

	self->sec = vt_anon(_metadata, 2 * NT_GRAN, RW, NT_SEC_COMMIT);
	where = vt_free_range(_metadata, 2 * NT_GRAN);
	a = vt_args(self->sec, RW);
	a.base = (uintptr_t)where;
	ASSERT_STATUS(NT_STATUS_SUCCESS, vt_map_raw(&a));
	EXPECT_EQ((uintptr_t)where, a.base);
	EXPECT_EQ(2 * NT_GRAN, a.view_size);
	p = (char *)(uintptr_t)a.base;
	p[2 * NT_GRAN - 1] = 1;
	EXPECT_STATUS(NT_STATUS_SUCCESS, nts_unmap(p));
}

/*
 * ABI 2: *BaseAddress, *ViewSize and *SectionOffset are read after
 * InheritDisposition, AllocationType and the protection, and before
 * anything else: one that cannot be read is ACCESS_VIOLATION (EFAULT) even
 * with a bad base, ZeroBits, process or section handle.
 */
TEST_F(view, map_bad_pointers)
{
	uintptr_t bad[8], p[3];
	__u64 offset = 0;
	size_t size = 0;
	void *base = NULL;
	int i, n, which, maps;
	struct nts_map_call a;
	__u32 st;

	self->sec = vt_anon(_metadata, NT_GRAN, RW, NT_SEC_COMMIT);
	n = nts_bad_ptrs(bad, 0, 0);
	maps = vt_count_maps();
	for (which = 0; which < 3; which++) {
		for (i = 0; i < n; i++) {
			if (which == 2 && !bad[i])
				continue;	/* SectionOffset NULL is offset 0 */
			p[0] = NTS_PTR(&base);
			p[1] = NTS_PTR(&size);
			p[2] = NTS_PTR(&offset);
			p[which] = bad[i];
			a = vt_args(self->sec, RW);
			st = vt_map_ptrs(&a, p[0], p[1], p[2]);
			EXPECT_STATUS(NT_STATUS_ACCESS_VIOLATION, st);
			if (st != NT_STATUS_ACCESS_VIOLATION)
				TH_LOG("%s at %p", which == 0 ? "BaseAddress" :
				       which == 1 ? "ViewSize" : "SectionOffset", (void *)bad[i]);
			/* After the three... */
			a.inherit = 0;
			EXPECT_STATUS(NT_STATUS_INVALID_PARAMETER_8,
				      vt_map_ptrs(&a, p[0], p[1], p[2]));
			a.inherit = NT_VIEW_UNMAP;
			a.alloc_type = NT_MEM_COMMIT;
			EXPECT_STATUS(NT_STATUS_INVALID_PARAMETER_9,
				      vt_map_ptrs(&a, p[0], p[1], p[2]));
			a.alloc_type = NT_MEM_TOP_DOWN;
			a.protect = RW | NT_PAGE_NOACCESS;
			EXPECT_STATUS(NT_STATUS_INVALID_PAGE_PROTECTION,
				      vt_map_ptrs(&a, p[0], p[1], p[2]));
			/* ...before ZeroBits and the handles. */
			a.protect = RW;
			a.zero_bits = 22;
			EXPECT_STATUS(NT_STATUS_ACCESS_VIOLATION,
				      vt_map_ptrs(&a, p[0], p[1], p[2]));
			a.process_fd = 0x7ffffff0;
			EXPECT_STATUS(NT_STATUS_ACCESS_VIOLATION,
				      vt_map_ptrs(&a, p[0], p[1], p[2]));
			a = vt_args(0x7ffffff0, RW);
			EXPECT_STATUS(NT_STATUS_ACCESS_VIOLATION,
				      vt_map_ptrs(&a, p[0], p[1], p[2]));
			a = vt_args(NTSECTION_CURRENT_PROCESS, RW);
			a.commit_size = 1ULL << 40;
			EXPECT_STATUS(NT_STATUS_ACCESS_VIOLATION,
				      vt_map_ptrs(&a, p[0], p[1], p[2]));
		}
	}
	/* Nothing was mapped, and the good variables were not written. */
	EXPECT_EQ(maps, vt_count_maps());
	EXPECT_EQ(NULL, base);
	EXPECT_EQ(0, size);
	EXPECT_EQ(0, offset);
}

/*
 * ABI 2: *BaseAddress and *ViewSize are written on success; when either
 * cannot be, the view is taken back and the call is ACCESS_VIOLATION.
 * *SectionOffset is only read: read-only memory is fine for it.
 */
TEST_F(view, map_outputs_unwritable)
{
	char *ro_zero, *ro_where, *ro_offset, *where, *p;
	struct ntsection_vm_info info;
	struct nts_map_call a;
	__u64 offset = 0, *w;
	void *base = NULL;
	size_t size = 0;
	int maps;

	self->sec = vt_anon(_metadata, 2 * NT_GRAN, RW, NT_SEC_COMMIT);
	/* Read-only pages: zeroes; the fixed base; the offset 64 KiB. */
	ro_zero = nts_page(PROT_READ);
	ro_where = nts_page(PROT_READ | PROT_WRITE);
	ro_offset = nts_page(PROT_READ | PROT_WRITE);
	ASSERT_NE(NULL, ro_zero);
	ASSERT_NE(NULL, ro_where);
	ASSERT_NE(NULL, ro_offset);
	/* Free after those pages were placed: nothing maps there but the call. */
	where = vt_free_range(_metadata, 2 * NT_GRAN);
	memcpy(ro_where, &where, sizeof(where));
	w = (__u64 *)ro_offset;
	*w = NT_GRAN;
	ASSERT_EQ(0, mprotect(ro_where, NT_PAGE, PROT_READ));
	ASSERT_EQ(0, mprotect(ro_offset, NT_PAGE, PROT_READ));
	maps = vt_count_maps();

	/* BaseAddress read-only: anywhere, then at a fixed base. */
	a = vt_args(self->sec, RW);
	EXPECT_STATUS(NT_STATUS_ACCESS_VIOLATION,
		      vt_map_ptrs(&a, NTS_PTR(ro_zero), NTS_PTR(&size), NTS_PTR(&offset)));
	EXPECT_EQ(0, size);
	EXPECT_EQ(maps, vt_count_maps());
	EXPECT_STATUS(NT_STATUS_ACCESS_VIOLATION,
		      vt_map_ptrs(&a, NTS_PTR(ro_where), NTS_PTR(&size), 0));
	EXPECT_EQ(maps, vt_count_maps());
	EXPECT_STATUS(NT_STATUS_NOT_MAPPED_VIEW, nts_query_vm(where, &info));
	/* The range is free again. */
	p = mmap(where, 2 * NT_GRAN, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED_NOREPLACE,
		 -1, 0);
	EXPECT_EQ(where, p);
	if (p != MAP_FAILED)
		munmap(p, 2 * NT_GRAN);

	/* ViewSize read-only: *BaseAddress may have been written; no view is there. */
	EXPECT_STATUS(NT_STATUS_ACCESS_VIOLATION,
		      vt_map_ptrs(&a, NTS_PTR(&base), NTS_PTR(ro_zero), NTS_PTR(&offset)));
	EXPECT_EQ(maps, vt_count_maps());
	if (base)
		EXPECT_STATUS(NT_STATUS_NOT_MAPPED_VIEW, nts_query_vm(base, &info));

	/* SectionOffset read-only: read, never written. */
	base = NULL;
	size = 0;
	ASSERT_STATUS(NT_STATUS_SUCCESS,
		      vt_map_ptrs(&a, NTS_PTR(&base), NTS_PTR(&size), NTS_PTR(ro_offset)));
	EXPECT_EQ(NT_GRAN, size);
	ASSERT_NE(NULL, base);
	EXPECT_STATUS(NT_STATUS_SUCCESS, nts_query_vm(base, &info));
	EXPECT_EQ((uintptr_t)base, info.allocation_base);
	EXPECT_STATUS(NT_STATUS_SUCCESS, nts_unmap(base));
	EXPECT_EQ(maps, vt_count_maps());
}

/*
 * ABI 2: *BaseAddress and *ViewSize are a PVOID and a SIZE_T of the caller,
 * 4 bytes for a 32-bit one, read and written as such; *SectionOffset is a
 * LARGE_INTEGER, 8 bytes for everyone. What lies next to them is not touched.
 */
TEST_F(view, map_outputs_width)
{
	__u64 base[2], size[2], offset[2];
	void *b;
	size_t s;
	struct nts_map_call a;

	self->sec = vt_anon(_metadata, 2 * NT_GRAN, RW, NT_SEC_COMMIT);
	/* Zero in the pointer-sized part, 0xa5 above it (32-bit) and after it. */
	memset(base, 0xa5, sizeof(base));
	memset(size, 0xa5, sizeof(size));
	memset(offset, 0xa5, sizeof(offset));
	memset(base, 0, sizeof(void *));
	memset(size, 0, sizeof(size_t));
	offset[0] = NT_GRAN;
	a = vt_args(self->sec, RW);
	ASSERT_STATUS(NT_STATUS_SUCCESS,
		      vt_map_ptrs(&a, NTS_PTR(base), NTS_PTR(size), NTS_PTR(offset)));
	memcpy(&b, base, sizeof(b));
	memcpy(&s, size, sizeof(s));
	EXPECT_NE(NULL, b);
	EXPECT_EQ(0, (uintptr_t)b % NT_GRAN);
	EXPECT_EQ(NT_GRAN, s);
	if (!VT_64) {
		EXPECT_EQ(0xa5a5a5a5U, base[0] >> 32);
		EXPECT_EQ(0xa5a5a5a5U, size[0] >> 32);
	}
	EXPECT_EQ(0xa5a5a5a5a5a5a5a5ULL, base[1]);
	EXPECT_EQ(0xa5a5a5a5a5a5a5a5ULL, size[1]);
	EXPECT_EQ(NT_GRAN, offset[0]);
	EXPECT_EQ(0xa5a5a5a5a5a5a5a5ULL, offset[1]);
	/* The view is of the second granule. */
	((char *)b)[0] = 'g';
	EXPECT_STATUS(NT_STATUS_SUCCESS, nts_unmap(b));
	/* Both words of the offset count: 4 GiB + 64 KiB is past the end. */
	memset(base, 0, sizeof(void *));
	memset(size, 0, sizeof(size_t));
	offset[0] = (1ULL << 32) + NT_GRAN;
	EXPECT_STATUS(NT_STATUS_INVALID_VIEW_SIZE,
		      vt_map_ptrs(&a, NTS_PTR(base), NTS_PTR(size), NTS_PTR(offset)));
	offset[0] = 0;
	ASSERT_STATUS(NT_STATUS_SUCCESS,
		      vt_map_ptrs(&a, NTS_PTR(base), NTS_PTR(size), NTS_PTR(offset)));
	memcpy(&b, base, sizeof(b));
	EXPECT_EQ('g', ((char *)b)[NT_GRAN]);
	EXPECT_STATUS(NT_STATUS_SUCCESS, nts_unmap(b));
}

/* ABI 2: SectionOffset NULL is offset 0. */
TEST_F(view, map_section_offset_null)
{
	struct nts_map_call a;
	char *p;

	self->sec = vt_anon(_metadata, 2 * NT_GRAN, RW, NT_SEC_COMMIT);
	p = vt_map(_metadata, self->sec, RW, 0, 0, NULL);
	p[0] = 'n';
	a = vt_args(self->sec, RO);
	a.offset_null = 1;
	ASSERT_STATUS(NT_STATUS_SUCCESS, vt_map_raw(&a));
	EXPECT_EQ(2 * NT_GRAN, a.view_size);
	EXPECT_EQ('n', ((char *)(uintptr_t)a.base)[0]);
	EXPECT_STATUS(NT_STATUS_SUCCESS, nts_unmap((void *)(uintptr_t)a.base));
	/* And so is a SectionOffset pointing at 0. */
	a = vt_args(self->sec, RO);
	ASSERT_STATUS(NT_STATUS_SUCCESS, vt_map_raw(&a));
	EXPECT_EQ('n', ((char *)(uintptr_t)a.base)[0]);
	EXPECT_STATUS(NT_STATUS_SUCCESS, nts_unmap((void *)(uintptr_t)a.base));
	EXPECT_STATUS(NT_STATUS_SUCCESS, nts_unmap(p));
}

/* §5: on success BaseAddress and ViewSize are written, and nothing else. */
TEST_F(view, map_outputs_on_success)
{
	struct nts_map_call a, before;

	self->sec = vt_anon(_metadata, 3 * NT_GRAN, RW, NT_SEC_RESERVE);
	a = vt_args(self->sec, RW);
	a.offset = NT_GRAN;
	a.view_size = 5000;
	a.commit_size = 4096;
	a.zero_bits = 1;
	a.alloc_type = NT_MEM_TOP_DOWN;
	before = a;
	ASSERT_STATUS(NT_STATUS_SUCCESS, vt_map_raw(&a));
	EXPECT_NE(0, a.base);
	EXPECT_EQ(8192, a.view_size);
	EXPECT_EQ(before.section_fd, a.section_fd);
	EXPECT_EQ(before.process_fd, a.process_fd);
	EXPECT_EQ(before.zero_bits, a.zero_bits);
	EXPECT_EQ(before.commit_size, a.commit_size);
	EXPECT_EQ(before.offset, a.offset);
	EXPECT_EQ(before.inherit, a.inherit);
	EXPECT_EQ(before.alloc_type, a.alloc_type);
	EXPECT_EQ(before.protect, a.protect);
	EXPECT_STATUS(NT_STATUS_SUCCESS, nts_unmap((void *)(uintptr_t)a.base));
}

/* §5: ViewSize 0 maps from the offset to the end, rounded up to a page. */
TEST_F(view, map_view_size_zero)
{
	__u64 size;
	int file, fsec;
	char *p;

	self->sec = vt_anon(_metadata, 100000, RW, NT_SEC_COMMIT);
	p = vt_map(_metadata, self->sec, RW, 0, 0, &size);
	EXPECT_EQ(102400, size);
	EXPECT_EQ(0, nts_probe(p + 102399, 1, 1));
	EXPECT_STATUS(NT_STATUS_SUCCESS, nts_unmap(p));
	p = vt_map(_metadata, self->sec, RW, NT_GRAN, 0, &size);
	EXPECT_EQ(102400 - NT_GRAN, size);
	EXPECT_EQ(1, p[102399 - NT_GRAN]);
	EXPECT_STATUS(NT_STATUS_SUCCESS, nts_unmap(p));

	/* A file section is byte-exact: the view is rounded up to a page. */
	file = vt_tmpfile(_metadata, 10000);
	fsec = vt_file_section(_metadata, file, RW);
	p = vt_map(_metadata, fsec, RW, 0, 0, &size);
	EXPECT_EQ(12288, size);
	EXPECT_EQ('A' + 9999 % 26, p[9999]);
	EXPECT_EQ(0, p[10000]);
	EXPECT_STATUS(NT_STATUS_SUCCESS, nts_unmap(p));
	close(fsec);
	close(file);
}

/* §5: an explicit ViewSize is rounded up to a page. */
TEST_F(view, map_view_size_rounded)
{
	struct ntsection_vm_info info;
	__u64 size;
	char *p;

	self->sec = vt_anon(_metadata, NT_GRAN, RW, NT_SEC_COMMIT);
	p = vt_map(_metadata, self->sec, RW, 0, 5000, &size);
	EXPECT_EQ(8192, size);
	EXPECT_EQ(0, nts_probe(p + 8191, 1, 1));
	/*
	 * The view ends there. (What follows in its granule is free: a Linux
	 * mmap() may land there, so probing it proves nothing.)
	 */
	EXPECT_STATUS(NT_STATUS_SUCCESS, nts_query_vm(p + 8191, &info));
	EXPECT_EQ(8192, info.region_size + info.base_address - (uintptr_t)p);
	EXPECT_STATUS(NT_STATUS_NOT_MAPPED_VIEW, nts_query_vm(p + 8192, &info));
	EXPECT_STATUS(NT_STATUS_SUCCESS, nts_unmap(p));
	p = vt_map(_metadata, self->sec, RW, 0, 1, &size);
	EXPECT_EQ(4096, size);
	EXPECT_STATUS(NT_STATUS_SUCCESS, nts_unmap(p));
}

/* §5: the system puts views on the 64 KiB allocation granularity. */
TEST_F(view, map_base_aligned)
{
	char *p[8];
	unsigned int i, j;

	self->sec = vt_anon(_metadata, 3 * NT_GRAN, RW, NT_SEC_COMMIT);
	for (i = 0; i < 8; i++) {
		p[i] = vt_map(_metadata, self->sec, i & 1 ? RO : RW, 0, 4096 + i * 20000, NULL);
		EXPECT_EQ(0, (uintptr_t)p[i] % NT_GRAN);
		for (j = 0; j < i; j++)	/* each in its own granule */
			EXPECT_NE((uintptr_t)p[i] / NT_GRAN, (uintptr_t)p[j] / NT_GRAN);
	}
	for (i = 0; i < 8; i++)
		EXPECT_STATUS(NT_STATUS_SUCCESS, nts_unmap(p[i]));
}

/* Two views of one section in one process see the same memory. */
TEST_F(view, coherence_two_views)
{
	char *a, *b, *c;

	self->sec = vt_anon(_metadata, 4 * NT_GRAN, RW, NT_SEC_COMMIT);
	a = vt_map(_metadata, self->sec, RW, 0, 0, NULL);
	b = vt_map(_metadata, self->sec, RW, 0, 0, NULL);
	c = vt_map(_metadata, self->sec, RO, 2 * NT_GRAN, NT_GRAN, NULL);
	ASSERT_NE(a, b);
	memcpy(a + 100, "hello", 6);
	EXPECT_STREQ("hello", b + 100);
	b[3 * NT_GRAN - 1] = 'z';
	EXPECT_EQ('z', a[3 * NT_GRAN - 1]);
	/* A view at an offset sees the section from that offset. */
	a[2 * NT_GRAN + 7] = 'o';
	EXPECT_EQ('o', c[7]);
	EXPECT_EQ('z', c[NT_GRAN - 1]);
}

/* A view shared with a fork()ed child stays coherent both ways. */
TEST_F(view, coherence_fork)
{
	int go[2], status;
	pid_t child;
	char *p;

	self->sec = vt_anon(_metadata, 2 * NT_GRAN, RW, NT_SEC_COMMIT);
	p = vt_map(_metadata, self->sec, RW, 0, 0, NULL);
	p[0] = 1;
	ASSERT_EQ(0, pipe(go));
	child = fork();
	ASSERT_LE(0, child);
	if (child == 0) {
		struct nts_map m = { .protect = RW };
		char c, *q;

		if (p[0] != 1)
			_exit(1);
		p[1] = 2;			/* child -> parent */
		if (read(go[0], &c, 1) != 1 || p[2] != 3)
			_exit(2);		/* parent -> child, after fork */
		/* A view the child maps itself, of the handle it inherited. */
		if (nts_map_ex(self->sec, &m))
			_exit(3);
		q = (char *)(uintptr_t)m.base;
		if (q[2] != 3)
			_exit(4);
		q[NT_GRAN + 3] = 4;
		_exit(0);
	}
	p[2] = 3;
	ASSERT_EQ(1, write(go[1], "x", 1));
	status = vt_wait(child);
	EXPECT_EQ(0, status) TH_LOG("child failed at step %d", status);
	EXPECT_EQ(2, p[1]);
	EXPECT_EQ(4, p[NT_GRAN + 3]);
	close(go[0]);
	close(go[1]);
}

/* §3: writes through a WRITECOPY view are private to that view. */
TEST_F(view, writecopy_private)
{
	char *rw, *wc1, *wc2;

	self->sec = vt_anon(_metadata, NT_GRAN, RW, NT_SEC_COMMIT);
	rw = vt_map(_metadata, self->sec, RW, 0, 0, NULL);
	wc1 = vt_map(_metadata, self->sec, WC, 0, 0, NULL);
	wc2 = vt_map(_metadata, self->sec, WC, 0, 0, NULL);
	rw[0] = 'a';
	rw[4096] = 'b';
	EXPECT_EQ('a', wc1[0]);			/* shared until written */
	ASSERT_EQ(0, nts_probe(wc1, 1, 'x'));
	EXPECT_EQ('x', wc1[0]);
	EXPECT_EQ('a', rw[0]);
	EXPECT_EQ('a', wc2[0]);
	/* The copied page no longer follows the section... */
	rw[0] = 'c';
	EXPECT_EQ('x', wc1[0]);
	EXPECT_EQ('c', wc2[0]);
	/* ...an untouched one still does. */
	rw[4096] = 'd';
	EXPECT_EQ('d', wc1[4096]);
	EXPECT_EQ('d', wc2[4096]);
}

/* §3: a WRITECOPY view of a READONLY section is writable, privately. */
TEST_F(view, writecopy_of_readonly_section)
{
	char *ro, *wc1, *wc2;

	self->sec = vt_anon(_metadata, NT_GRAN, RO, NT_SEC_COMMIT);
	ro = vt_map(_metadata, self->sec, RO, 0, 0, NULL);
	wc1 = vt_map(_metadata, self->sec, WC, 0, 0, NULL);
	wc2 = vt_map(_metadata, self->sec, WC, 0, 0, NULL);
	ASSERT_EQ(0, nts_probe(wc1 + 10, 1, 'w'));
	EXPECT_EQ('w', wc1[10]);
	EXPECT_EQ(0, ro[10]);
	EXPECT_EQ(0, wc2[10]);
	EXPECT_EQ(SIGSEGV, nts_probe(ro + 10, 1, 'r'));
}

/* §6: a written page of a WRITECOPY view reports READWRITE, as its own region. */
TEST_F(view, writecopy_query_after_write)
{
	struct ntsection_vm_info info;
	char *wc, *ewc;

	self->sec = vt_anon(_metadata, NT_GRAN, NT_PAGE_EXECUTE_READWRITE, NT_SEC_COMMIT);
	wc = vt_map(_metadata, self->sec, WC, 0, 4 * 4096, NULL);
	ASSERT_STATUS(NT_STATUS_SUCCESS, nts_query_vm(wc, &info));
	EXPECT_EQ(WC, info.protect);
	EXPECT_EQ(4 * 4096, info.region_size);
	wc[4096] = 1;
	ASSERT_STATUS(NT_STATUS_SUCCESS, nts_query_vm(wc + 4096, &info));
	EXPECT_EQ(RW, info.protect);
	EXPECT_EQ(WC, info.allocation_protect);
	EXPECT_EQ(4096, info.region_size);
	ASSERT_STATUS(NT_STATUS_SUCCESS, nts_query_vm(wc, &info));
	EXPECT_EQ(WC, info.protect);
	EXPECT_EQ(4096, info.region_size);
	ASSERT_STATUS(NT_STATUS_SUCCESS, nts_query_vm(wc + 2 * 4096, &info));
	EXPECT_EQ(WC, info.protect);
	EXPECT_EQ(2 * 4096, info.region_size);

	/* EXECUTE_WRITECOPY becomes EXECUTE_READWRITE. */
	ewc = vt_map(_metadata, self->sec, NT_PAGE_EXECUTE_WRITECOPY, 0, 2 * 4096, NULL);
	ewc[0] = 1;
	ASSERT_STATUS(NT_STATUS_SUCCESS, nts_query_vm(ewc, &info));
	EXPECT_EQ(NT_PAGE_EXECUTE_READWRITE, info.protect);
	EXPECT_EQ(4096, info.region_size);
	ASSERT_STATUS(NT_STATUS_SUCCESS, nts_query_vm(ewc + 4096, &info));
	EXPECT_EQ(NT_PAGE_EXECUTE_WRITECOPY, info.protect);
}

/* §5: a ViewShare view is inherited by fork() and stays shared. */
TEST_F(view, fork_view_share)
{
	struct nts_map m = { .protect = RW, .inherit = NT_VIEW_SHARE };
	pid_t child;
	char *p;

	self->sec = vt_anon(_metadata, NT_GRAN, RW, NT_SEC_COMMIT);
	ASSERT_STATUS(NT_STATUS_SUCCESS, nts_map_ex(self->sec, &m));
	p = (char *)(uintptr_t)m.base;
	p[0] = 's';
	child = fork();
	ASSERT_LE(0, child);
	if (child == 0) {
		struct ntsection_vm_info info;

		if (nts_probe(p, 0, 0) || p[0] != 's')
			_exit(1);
		if (nts_query_vm(p, &info) || info.allocation_base != (uintptr_t)p)
			_exit(2);
		p[1] = 'c';
		/* The child's NtUnmapViewOfSection is its own business. */
		if (nts_unmap(p) || nts_probe(p, 0, 0) != SIGSEGV)
			_exit(3);
		_exit(0);
	}
	EXPECT_EQ(0, vt_wait(child));
	EXPECT_EQ('c', p[1]);
	EXPECT_STATUS(NT_STATUS_SUCCESS, nts_unmap(p));
}

/* §5: a ViewUnmap view is not inherited by fork(). */
TEST_F(view, fork_view_unmap)
{
	struct nts_map m = { .protect = RW, .inherit = NT_VIEW_UNMAP };
	char *p, *shared;
	pid_t child;

	self->sec = vt_anon(_metadata, NT_GRAN, RW, NT_SEC_COMMIT);
	ASSERT_STATUS(NT_STATUS_SUCCESS, nts_map_ex(self->sec, &m));
	p = (char *)(uintptr_t)m.base;
	p[0] = 'u';
	shared = vt_map(_metadata, self->sec, RW, 0, 0, NULL);
	child = fork();
	ASSERT_LE(0, child);
	if (child == 0) {
		struct ntsection_vm_info info;

		if (nts_probe(p, 0, 0) != SIGSEGV)
			_exit(1);
		if (nts_query_vm(p, &info) != NT_STATUS_NOT_MAPPED_VIEW)
			_exit(2);
		if (nts_unmap(p) != NT_STATUS_NOT_MAPPED_VIEW)
			_exit(3);
		if (shared[0] != 'u')	/* a ViewShare view beside it is there */
			_exit(4);
		_exit(0);
	}
	EXPECT_EQ(0, vt_wait(child));
	/* The parent's view is unaffected. */
	EXPECT_EQ('u', p[0]);
	EXPECT_STATUS(NT_STATUS_SUCCESS, nts_unmap(p));
}

/* §7: any address inside a view unmaps the whole view. */
TEST_F(view, unmap_interior_address)
{
	struct ntsection_vm_info info;
	__u64 size;
	char *p, *q;

	self->sec = vt_anon(_metadata, 3 * NT_GRAN, RW, NT_SEC_COMMIT);
	p = vt_map(_metadata, self->sec, RW, 0, 0, &size);
	q = vt_map(_metadata, self->sec, RW, 0, 0, NULL);
	p[0] = 1;
	EXPECT_STATUS(NT_STATUS_SUCCESS, nts_unmap(p + NT_GRAN + 1234));
	EXPECT_EQ(SIGSEGV, nts_probe(p, 0, 0));
	EXPECT_EQ(SIGSEGV, nts_probe(p + NT_GRAN + 1234, 0, 0));
	EXPECT_EQ(SIGSEGV, nts_probe(p + size - 1, 0, 0));
	EXPECT_STATUS(NT_STATUS_NOT_MAPPED_VIEW, nts_query_vm(p + size - 1, &info));
	/* The other view and the memory are still there. */
	EXPECT_EQ(1, q[0]);
	EXPECT_STATUS(NT_STATUS_SUCCESS, nts_unmap(q + size - 1));
}

/* §7: unmapping an unmapped view: NOT_MAPPED_VIEW. */
TEST_F(view, unmap_twice)
{
	char *p;

	self->sec = vt_anon(_metadata, NT_GRAN, RW, NT_SEC_COMMIT);
	p = vt_map(_metadata, self->sec, RW, 0, 0, NULL);
	EXPECT_STATUS(NT_STATUS_SUCCESS, nts_unmap(p));
	EXPECT_STATUS(NT_STATUS_NOT_MAPPED_VIEW, nts_unmap(p));
	EXPECT_STATUS(NT_STATUS_NOT_MAPPED_VIEW, nts_unmap(p + 4096));
}

/* §7: private memory, free memory, the stack: NOT_MAPPED_VIEW, untouched. */
TEST_F(view, unmap_not_a_view)
{
	char stack_var = 's', *heap, *anon, *where, *p;

	self->sec = vt_anon(_metadata, NT_GRAN, RW, NT_SEC_COMMIT);
	p = vt_map(_metadata, self->sec, RW, 0, 0, NULL);
	heap = malloc(100);
	ASSERT_NE(NULL, heap);
	heap[0] = 'h';
	anon = mmap(NULL, NT_GRAN, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	ASSERT_NE(MAP_FAILED, anon);
	anon[0] = 'a';
	where = vt_free_range(_metadata, NT_GRAN);
	EXPECT_STATUS(NT_STATUS_NOT_MAPPED_VIEW, nts_unmap(heap));
	EXPECT_STATUS(NT_STATUS_NOT_MAPPED_VIEW, nts_unmap(anon));
	EXPECT_STATUS(NT_STATUS_NOT_MAPPED_VIEW, nts_unmap(&stack_var));
	EXPECT_STATUS(NT_STATUS_NOT_MAPPED_VIEW, nts_unmap(where));
	EXPECT_STATUS(NT_STATUS_NOT_MAPPED_VIEW, nts_unmap(NULL));
	EXPECT_STATUS(NT_STATUS_NOT_MAPPED_VIEW, nts_unmap(p + NT_GRAN));	/* just past */
	EXPECT_EQ('h', heap[0]);
	EXPECT_EQ('a', anon[0]);
	EXPECT_EQ('s', stack_var);
	EXPECT_EQ(0, nts_probe(p, 1, 1));
	free(heap);
	munmap(anon, NT_GRAN);
}

/* §5: munmap() of part of a view is refused and the view stays whole. */
TEST_F(view, partial_munmap_refused)
{
	struct ntsection_vm_info info;
	__u64 size;
	unsigned int i;
	char *p;

	self->sec = vt_anon(_metadata, NT_GRAN, RW, NT_SEC_COMMIT);
	p = vt_map(_metadata, self->sec, RW, 0, 0, &size);
	for (i = 0; i < size / 4096; i++)
		p[i * 4096] = i + 1;
	errno = 0;
	EXPECT_EQ(-1, munmap(p + 4096, 4096));
	EXPECT_EQ(EINVAL, errno);
	errno = 0;
	EXPECT_EQ(-1, munmap(p, 4096));
	EXPECT_EQ(EINVAL, errno);
	errno = 0;
	EXPECT_EQ(-1, munmap(p + size - 4096, 4096));
	EXPECT_EQ(EINVAL, errno);
	for (i = 0; i < size / 4096; i++) {
		ASSERT_EQ(0, nts_probe(p + i * 4096, 0, 0)) TH_LOG("page %u is gone", i);
		EXPECT_EQ(i + 1, (unsigned char)p[i * 4096]);
	}
	ASSERT_STATUS(NT_STATUS_SUCCESS, nts_query_vm(p + 4096, &info));
	EXPECT_EQ((uintptr_t)p, info.allocation_base);
	EXPECT_EQ(size - 4096, info.region_size);
}

/* §5: mprotect() of part of a view is refused. */
TEST_F(view, partial_mprotect_refused)
{
	struct ntsection_vm_info info;
	char *p;

	self->sec = vt_anon(_metadata, NT_GRAN, RW, NT_SEC_COMMIT);
	p = vt_map(_metadata, self->sec, RW, 0, 0, NULL);
	errno = 0;
	EXPECT_EQ(-1, mprotect(p + 4096, 4096, PROT_READ));
	EXPECT_EQ(EINVAL, errno);
	errno = 0;
	EXPECT_EQ(-1, mprotect(p, 4096, PROT_NONE));
	EXPECT_EQ(EINVAL, errno);
	EXPECT_EQ(0, nts_probe(p + 4096, 1, 'w'));
	EXPECT_EQ(0, nts_probe(p, 1, 'w'));
	ASSERT_STATUS(NT_STATUS_SUCCESS, nts_query_vm(p, &info));
	EXPECT_EQ(NT_GRAN, info.region_size);
	EXPECT_EQ(RW, info.protect);
}

/* §5: mremap() of a view (move, grow, shrink) is refused. */
TEST_F(view, mremap_refused)
{
	struct ntsection_vm_info info;
	void *r, *where;
	char *p;

	self->sec = vt_anon(_metadata, 4 * NT_GRAN, RW, NT_SEC_COMMIT);
	p = vt_map(_metadata, self->sec, RW, 0, 2 * NT_GRAN, NULL);
	p[0] = 'm';
	p[2 * NT_GRAN - 1] = 'e';

	where = vt_free_range(_metadata, 2 * NT_GRAN);
	r = mremap(p, 2 * NT_GRAN, 2 * NT_GRAN, MREMAP_MAYMOVE | MREMAP_FIXED, where);
	EXPECT_EQ(MAP_FAILED, r);
	EXPECT_EQ(SIGSEGV, nts_probe(where, 0, 0));
	r = mremap(p, 2 * NT_GRAN, 4 * NT_GRAN, MREMAP_MAYMOVE);
	EXPECT_EQ(MAP_FAILED, r);
	r = mremap(p, 2 * NT_GRAN, 4 * NT_GRAN, 0);
	EXPECT_EQ(MAP_FAILED, r);
	r = mremap(p, 2 * NT_GRAN, NT_GRAN, 0);
	EXPECT_EQ(MAP_FAILED, r);

	ASSERT_EQ(0, nts_probe(p + 2 * NT_GRAN - 1, 0, 0));
	EXPECT_EQ('m', p[0]);
	EXPECT_EQ('e', p[2 * NT_GRAN - 1]);
	ASSERT_STATUS(NT_STATUS_SUCCESS, nts_query_vm(p, &info));
	EXPECT_EQ((uintptr_t)p, info.allocation_base);
	EXPECT_EQ(2 * NT_GRAN, info.region_size);
	EXPECT_STATUS(NT_STATUS_SUCCESS, nts_unmap(p));
}

/* §3/§6: mprotect() cannot give a view more than its protection. */
TEST_F(view, mprotect_capped)
{
	char *ro, *na, *rw;

	self->sec = vt_anon(_metadata, NT_GRAN, RW, NT_SEC_COMMIT);
	ro = vt_map(_metadata, self->sec, RO, 0, 0, NULL);
	na = vt_map(_metadata, self->sec, NT_PAGE_NOACCESS, 0, 0, NULL);
	rw = vt_map(_metadata, self->sec, RW, 0, 0, NULL);

	errno = 0;
	EXPECT_EQ(-1, mprotect(ro, NT_GRAN, PROT_READ | PROT_WRITE));
	EXPECT_EQ(EACCES, errno);
	EXPECT_EQ(SIGSEGV, nts_probe(ro, 1, 1));
	errno = 0;
	EXPECT_EQ(-1, mprotect(na, NT_GRAN, PROT_READ));
	EXPECT_EQ(EACCES, errno);
	EXPECT_EQ(SIGSEGV, nts_probe(na, 0, 0));
	errno = 0;
	EXPECT_EQ(-1, mprotect(rw, NT_GRAN, PROT_READ | PROT_WRITE | PROT_EXEC));
	EXPECT_EQ(EACCES, errno);

	/* Within the view's protection, the whole view may change. */
	EXPECT_EQ(0, mprotect(ro, NT_GRAN, PROT_NONE));
	EXPECT_EQ(SIGSEGV, nts_probe(ro, 0, 0));
	EXPECT_EQ(0, mprotect(ro, NT_GRAN, PROT_READ));
	EXPECT_EQ(0, nts_probe(ro, 0, 0));
	EXPECT_EQ(0, mprotect(rw, NT_GRAN, PROT_READ));
	EXPECT_EQ(SIGSEGV, nts_probe(rw, 1, 1));
	EXPECT_EQ(0, mprotect(rw, NT_GRAN, PROT_READ | PROT_WRITE));
	EXPECT_EQ(0, nts_probe(rw, 1, 1));
	EXPECT_EQ(1, ro[0]);
}

/* §5: a plain munmap() of a whole view is NtUnmapViewOfSection. */
TEST_F(view, munmap_whole_view)
{
	struct ntsection_vm_info info;
	struct nts_map_call a;
	__u64 size;
	char *p, *q;

	self->sec = vt_anon(_metadata, 2 * NT_GRAN, RW, NT_SEC_COMMIT);
	p = vt_map(_metadata, self->sec, RW, 0, 0, &size);
	q = vt_map(_metadata, self->sec, RW, 0, 0, NULL);
	p[5] = 5;
	EXPECT_EQ(0, munmap(p, size));
	EXPECT_EQ(SIGSEGV, nts_probe(p, 0, 0));
	EXPECT_STATUS(NT_STATUS_NOT_MAPPED_VIEW, nts_unmap(p));
	EXPECT_STATUS(NT_STATUS_NOT_MAPPED_VIEW, nts_query_vm(p, &info));
	EXPECT_EQ(5, q[5]);
	/* The address can take a new view. */
	a = vt_args(self->sec, RW);
	a.base = (uintptr_t)p;
	EXPECT_STATUS(NT_STATUS_SUCCESS, vt_map_raw(&a));
	EXPECT_EQ(5, p[5]);
}

/* §7: a view keeps the section's memory after every handle is closed. */
TEST_F(view, view_outlives_handle)
{
	char *a, *b;
	int fd;

	fd = vt_anon(_metadata, 4 * NT_GRAN, RW, NT_SEC_COMMIT);
	a = vt_map(_metadata, fd, RW, 0, 0, NULL);
	b = vt_map(_metadata, fd, RW, NT_GRAN, 0, NULL);
	a[0] = 'x';
	ASSERT_EQ(0, close(fd));
	EXPECT_EQ('x', a[0]);
	a[NT_GRAN + 10] = 'y';
	EXPECT_EQ('y', b[10]);
	b[3 * NT_GRAN - 1] = 'z';
	EXPECT_EQ('z', a[4 * NT_GRAN - 1]);
	/* Unmapping one view leaves the other with the memory. */
	EXPECT_STATUS(NT_STATUS_SUCCESS, nts_unmap(a));
	EXPECT_EQ('y', b[10]);
	EXPECT_EQ(0, nts_probe(b + 20, 1, 'w'));
	EXPECT_STATUS(NT_STATUS_SUCCESS, nts_unmap(b));
}

/* §6: the pages of a SEC_RESERVE section fault until committed. */
TEST_F(view, reserve_touch_faults)
{
	struct ntsection_basic_information info;
	__u64 size;
	char *p;

	self->sec = vt_anon(_metadata, 4 * NT_GRAN, RW, NT_SEC_RESERVE);
	ASSERT_STATUS(NT_STATUS_SUCCESS, nts_query(self->sec, &info));
	EXPECT_EQ(NT_SEC_RESERVE, info.attributes);
	p = vt_map(_metadata, self->sec, RW, 0, 0, &size);
	EXPECT_EQ(4 * NT_GRAN, size);
	EXPECT_EQ(SIGSEGV, nts_probe(p, 0, 0));
	EXPECT_EQ(SIGSEGV, nts_probe(p, 1, 1));
	EXPECT_EQ(SIGSEGV, nts_probe(p + 2 * NT_GRAN + 4096, 1, 1));
	EXPECT_EQ(SIGSEGV, nts_probe(p + size - 1, 0, 0));
	EXPECT_EQ(0, nts_resident(p, size));
}

/* §6: commit is for the whole section: every view sees the pages. */
TEST_F(view, reserve_commit_section_wide)
{
	char *a, *b, *ro;

	self->sec = vt_anon(_metadata, 4 * NT_GRAN, RW, NT_SEC_RESERVE);
	a = vt_map(_metadata, self->sec, RW, 0, 0, NULL);
	b = vt_map(_metadata, self->sec, RW, NT_GRAN, NT_GRAN, NULL);
	ro = vt_map(_metadata, self->sec, RO, NT_GRAN, NT_GRAN, NULL);
	EXPECT_STATUS(NT_STATUS_SUCCESS, nts_commit(a + NT_GRAN + 4096, 4096, RW));
	ASSERT_EQ(0, nts_probe(a + NT_GRAN + 4096, 1, 9));
	EXPECT_EQ(0, a[NT_GRAN + 4096 + 1]);	/* committed pages read zero */
	ASSERT_EQ(0, nts_probe(b + 4096, 0, 0));
	EXPECT_EQ(9, b[4096]);
	ASSERT_EQ(0, nts_probe(ro + 4096, 0, 0));
	EXPECT_EQ(9, ro[4096]);
	/* Each view keeps its own protection. */
	EXPECT_EQ(SIGSEGV, nts_probe(ro + 4096, 1, 1));
	/* The pages around are still reserved, in every view. */
	EXPECT_EQ(SIGSEGV, nts_probe(a + NT_GRAN, 0, 0));
	EXPECT_EQ(SIGSEGV, nts_probe(b, 0, 0));
	EXPECT_EQ(SIGSEGV, nts_probe(b + 2 * 4096, 0, 0));
	/* A commit through the other view is seen by the first one. */
	EXPECT_STATUS(NT_STATUS_SUCCESS, nts_commit(b + NT_GRAN - 4096, 4096, RW));
	EXPECT_EQ(0, nts_probe(b + NT_GRAN - 1, 1, 7));
	EXPECT_EQ(7, a[2 * NT_GRAN - 1]);
}

/* §6: commit past the end of the view: CONFLICTING_ADDRESSES, nothing committed. */
TEST_F(view, reserve_commit_past_view_end)
{
	char *p, *all;

	self->sec = vt_anon(_metadata, 4 * NT_GRAN, RW, NT_SEC_RESERVE);
	p = vt_map(_metadata, self->sec, RW, 0, NT_GRAN, NULL);
	all = vt_map(_metadata, self->sec, RW, 0, 0, NULL);
	EXPECT_STATUS(NT_STATUS_CONFLICTING_ADDRESSES,
		      nts_commit(p + NT_GRAN - 4096, 2 * 4096, RW));
	EXPECT_STATUS(NT_STATUS_CONFLICTING_ADDRESSES, nts_commit(p, 2 * NT_GRAN, RW));
	EXPECT_EQ(SIGSEGV, nts_probe(p + NT_GRAN - 4096, 0, 0));
	EXPECT_EQ(SIGSEGV, nts_probe(all + NT_GRAN, 0, 0));
	/* Up to the end exactly is fine. */
	EXPECT_STATUS(NT_STATUS_SUCCESS, nts_commit(p + NT_GRAN - 4096, 4096, RW));
	EXPECT_EQ(0, nts_probe(p + NT_GRAN - 1, 1, 1));
	EXPECT_EQ(SIGSEGV, nts_probe(all + NT_GRAN, 0, 0));
}

/* §6: committing committed pages again succeeds and keeps their data. */
TEST_F(view, reserve_commit_twice)
{
	char *p;

	self->sec = vt_anon(_metadata, NT_GRAN, RW, NT_SEC_RESERVE);
	p = vt_map(_metadata, self->sec, RW, 0, 0, NULL);
	EXPECT_STATUS(NT_STATUS_SUCCESS, nts_commit(p, 2 * 4096, RW));
	ASSERT_EQ(0, nts_probe(p + 4096, 1, 'k'));
	EXPECT_STATUS(NT_STATUS_SUCCESS, nts_commit(p, 3 * 4096, RW));
	EXPECT_EQ('k', p[4096]);
	EXPECT_EQ(0, nts_probe(p + 2 * 4096, 1, 1));
	EXPECT_EQ(SIGSEGV, nts_probe(p + 3 * 4096, 0, 0));
}

/* §5: CommitSize commits that many bytes from the view's start. */
TEST_F(view, reserve_commit_size_at_map)
{
	struct ntsection_vm_info info;
	struct nts_map m = { .protect = RW, .commit = 4097 };
	char *p, *all;

	self->sec = vt_anon(_metadata, 4 * NT_GRAN, RW, NT_SEC_RESERVE);
	ASSERT_STATUS(NT_STATUS_SUCCESS, nts_map_ex(self->sec, &m));
	p = (char *)(uintptr_t)m.base;
	EXPECT_EQ(0, nts_probe(p, 1, 1));
	EXPECT_EQ(0, nts_probe(p + 2 * 4096 - 1, 1, 1));
	EXPECT_EQ(SIGSEGV, nts_probe(p + 2 * 4096, 0, 0));
	ASSERT_STATUS(NT_STATUS_SUCCESS, nts_query_vm(p, &info));
	EXPECT_EQ(NT_MEM_COMMIT, info.state);
	EXPECT_EQ(2 * 4096, info.region_size);

	/* From the view's start, which is the offset in the section. */
	memset(&m, 0, sizeof(m));
	m.protect = RW;
	m.offset = 2 * NT_GRAN;
	m.commit = 4096;
	ASSERT_STATUS(NT_STATUS_SUCCESS, nts_map_ex(self->sec, &m));
	all = vt_map(_metadata, self->sec, RW, 0, 0, NULL);
	EXPECT_EQ(0, nts_probe(all + 2 * NT_GRAN, 1, 2));
	EXPECT_EQ(2, ((char *)(uintptr_t)m.base)[0]);
	EXPECT_EQ(SIGSEGV, nts_probe(all + 2 * NT_GRAN + 4096, 0, 0));
	EXPECT_EQ(SIGSEGV, nts_probe(all + NT_GRAN, 0, 0));
}

/*
 * §5: a map that fails commits nothing: its CommitSize takes effect only
 * with the view (found by the stress test: a fixed base another thread had
 * taken left the pages committed).
 */
TEST_F(view, failed_map_commits_nothing)
{
	struct nts_map_call a;
	char *p;

	self->sec = vt_anon(_metadata, 2 * NT_GRAN, RW, NT_SEC_RESERVE);
	p = vt_map(_metadata, self->sec, RW, 0, 0, NULL);
	EXPECT_EQ(SIGSEGV, nts_probe(p, 0, 0));
	/* Over the view itself: CONFLICTING_ADDRESSES, and nothing committed. */
	a = vt_args(self->sec, RW);
	a.base = (uintptr_t)p;
	a.commit_size = 2 * NT_GRAN;
	EXPECT_MAP_FAILS(NT_STATUS_CONFLICTING_ADDRESSES, a);
	EXPECT_EQ(SIGSEGV, nts_probe(p, 0, 0));
	EXPECT_EQ(SIGSEGV, nts_probe(p + 2 * NT_GRAN - 4096, 0, 0));
	/* The same map elsewhere commits. */
	a = vt_args(self->sec, RW);
	a.commit_size = 2 * NT_GRAN;
	ASSERT_STATUS(NT_STATUS_SUCCESS, vt_map_raw(&a));
	EXPECT_EQ(0, nts_probe(p, 1, 1));
	EXPECT_EQ(1, ((char *)(uintptr_t)a.base)[0]);
	EXPECT_STATUS(NT_STATUS_SUCCESS, nts_unmap((void *)(uintptr_t)a.base));
	EXPECT_STATUS(NT_STATUS_SUCCESS, nts_unmap(p));
}

/* §6: commit on a view of a file section: ACCESS_DENIED. */
TEST_F(view, commit_file_backed)
{
	int file;
	char *p;

	file = vt_tmpfile(_metadata, NT_GRAN);
	self->sec = vt_file_section(_metadata, file, RW);
	p = vt_map(_metadata, self->sec, RW, 0, 0, NULL);
	EXPECT_STATUS(NT_STATUS_ACCESS_DENIED, nts_commit(p, 4096, RW));
	EXPECT_EQ('A', p[0]);
	close(file);
}

/* §6: NtQueryVirtualMemory on a committed view. */
TEST_F(view, query_vm_fields)
{
	struct ntsection_vm_info info;
	__u64 size;
	char *p;

	self->sec = vt_anon(_metadata, 4 * NT_GRAN, RW, NT_SEC_COMMIT);
	p = vt_map(_metadata, self->sec, RO, NT_GRAN, 2 * NT_GRAN, &size);
	ASSERT_STATUS(NT_STATUS_SUCCESS, nts_query_vm(p + 4096 + 123, &info));
	EXPECT_EQ((uintptr_t)p + 4096 + 123, info.address);
	EXPECT_EQ((uintptr_t)p + 4096, info.base_address);
	EXPECT_EQ((uintptr_t)p, info.allocation_base);
	EXPECT_EQ(RO, info.allocation_protect);
	EXPECT_EQ(NT_MEM_COMMIT, info.state);
	EXPECT_EQ(RO, info.protect);
	EXPECT_EQ(NT_MEM_MAPPED, info.type);
	EXPECT_EQ(size - 4096, info.region_size);

	ASSERT_STATUS(NT_STATUS_SUCCESS, nts_query_vm(p + size - 1, &info));
	EXPECT_EQ((uintptr_t)p + size - 4096, info.base_address);
	EXPECT_EQ((uintptr_t)p, info.allocation_base);
	EXPECT_EQ(4096, info.region_size);

	/* Protect follows the current protection, AllocationProtect does not. */
	ASSERT_EQ(0, mprotect(p, size, PROT_NONE));
	ASSERT_STATUS(NT_STATUS_SUCCESS, nts_query_vm(p, &info));
	EXPECT_EQ(NT_PAGE_NOACCESS, info.protect);
	EXPECT_EQ(RO, info.allocation_protect);
}

/* §6: the regions of a SEC_RESERVE view: runs of one state, Protect 0 reserved. */
TEST_F(view, query_vm_reserve_regions)
{
	struct ntsection_vm_info info;
	__u64 size;
	char *p;

	self->sec = vt_anon(_metadata, 4 * NT_GRAN, RW, NT_SEC_RESERVE);
	p = vt_map(_metadata, self->sec, RW, 0, 0, &size);
	ASSERT_STATUS(NT_STATUS_SUCCESS, nts_query_vm(p + 100, &info));
	EXPECT_EQ((uintptr_t)p, info.base_address);
	EXPECT_EQ((uintptr_t)p, info.allocation_base);
	EXPECT_EQ(RW, info.allocation_protect);
	EXPECT_EQ(NT_MEM_RESERVE, info.state);
	EXPECT_EQ(0, info.protect);
	EXPECT_EQ(NT_MEM_MAPPED, info.type);
	EXPECT_EQ(size, info.region_size);

	ASSERT_STATUS(NT_STATUS_SUCCESS, nts_commit(p + 2 * 4096, 2 * 4096, RW));
	ASSERT_STATUS(NT_STATUS_SUCCESS, nts_query_vm(p, &info));
	EXPECT_EQ(NT_MEM_RESERVE, info.state);
	EXPECT_EQ(0, info.protect);
	EXPECT_EQ(2 * 4096, info.region_size);
	ASSERT_STATUS(NT_STATUS_SUCCESS, nts_query_vm(p + 3 * 4096, &info));
	EXPECT_EQ((uintptr_t)p + 3 * 4096, info.base_address);
	EXPECT_EQ(NT_MEM_COMMIT, info.state);
	EXPECT_EQ(RW, info.protect);
	EXPECT_EQ(4096, info.region_size);
	ASSERT_STATUS(NT_STATUS_SUCCESS, nts_query_vm(p + 2 * 4096, &info));
	EXPECT_EQ(2 * 4096, info.region_size);
	ASSERT_STATUS(NT_STATUS_SUCCESS, nts_query_vm(p + 4 * 4096, &info));
	EXPECT_EQ(NT_MEM_RESERVE, info.state);
	EXPECT_EQ(size - 4 * 4096, info.region_size);
	EXPECT_EQ((uintptr_t)p, info.allocation_base);
}

/* §6: NtQueryVirtualMemory outside any view: NOT_MAPPED_VIEW, zeroed reply. */
TEST_F(view, query_vm_not_a_view)
{
	struct ntsection_vm_info info;
	char *heap, *where, stack_var = 0;
	__u64 size;
	char *p;

	self->sec = vt_anon(_metadata, NT_GRAN, RW, NT_SEC_COMMIT);
	p = vt_map(_metadata, self->sec, RW, 0, 0, &size);
	heap = malloc(64);
	ASSERT_NE(NULL, heap);
	where = vt_free_range(_metadata, NT_GRAN);
	EXPECT_STATUS(NT_STATUS_NOT_MAPPED_VIEW, nts_query_vm(heap, &info));
	EXPECT_EQ(0, info.allocation_base);
	EXPECT_EQ(0, info.region_size);
	EXPECT_STATUS(NT_STATUS_NOT_MAPPED_VIEW, nts_query_vm(&stack_var, &info));
	EXPECT_STATUS(NT_STATUS_NOT_MAPPED_VIEW, nts_query_vm(where, &info));
	EXPECT_STATUS(NT_STATUS_NOT_MAPPED_VIEW, nts_query_vm(p + size, &info));
	EXPECT_STATUS(NT_STATUS_NOT_MAPPED_VIEW, nts_query_vm(p - 1, &info));
	free(heap);
}

/* §6: NtFreeVirtualMemory on a view: UNABLE_TO_DELETE_SECTION, view intact. */
TEST_F(view, free_view_refused)
{
	struct ntsection_vm_info info;
	__u64 size;
	char *p;

	self->sec = vt_anon(_metadata, NT_GRAN, RW, NT_SEC_COMMIT);
	p = vt_map(_metadata, self->sec, RW, 0, 0, &size);
	p[4096] = 'f';
	EXPECT_STATUS(NT_STATUS_UNABLE_TO_DELETE_SECTION, vt_free(p, 0, NT_MEM_RELEASE));
	EXPECT_STATUS(NT_STATUS_UNABLE_TO_DELETE_SECTION,
		      vt_free(p + 4096, 4096, NT_MEM_RELEASE));
	EXPECT_STATUS(NT_STATUS_UNABLE_TO_DELETE_SECTION,
		      vt_free(p + 4096, 4096, NT_MEM_DECOMMIT));
	EXPECT_EQ('f', p[4096]);
	ASSERT_STATUS(NT_STATUS_SUCCESS, nts_query_vm(p, &info));
	EXPECT_EQ(NT_MEM_COMMIT, info.state);
	EXPECT_EQ(size, info.region_size);
	EXPECT_STATUS(NT_STATUS_SUCCESS, nts_unmap(p));
}

/* §5: nothing is allocated before it is touched. */
TEST_F(view, lazy_allocation)
{
	__u64 size;
	char *p, *q;

	self->sec = vt_anon(_metadata, MiB, RW, NT_SEC_COMMIT);
	p = vt_map(_metadata, self->sec, RW, 0, 0, &size);
	ASSERT_EQ(MiB, size);
	EXPECT_EQ(0, nts_resident(p, size));
	p[0] = 1;
	p[100 * 4096] = 1;
	p[200 * 4096 + 17] = 1;
	EXPECT_EQ(3, nts_resident(p, size));
	/* A second view sees the same three pages and no more. */
	q = vt_map(_metadata, self->sec, RO, 0, 0, NULL);
	EXPECT_EQ(3, nts_resident(q, size));
}

/* §4: fresh pages read zero. */
TEST_F(view, fresh_pages_zero)
{
	static const char zero[4096];
	__u64 size, off;
	char *p;

	self->sec = vt_anon(_metadata, 4 * NT_GRAN, RW, NT_SEC_COMMIT);
	p = vt_map(_metadata, self->sec, RO, 0, 0, &size);
	for (off = 0; off < size; off += 4096)
		ASSERT_EQ(0, memcmp(p + off, zero, 4096)) TH_LOG("page at 0x%llx",
								 (unsigned long long)off);
}

/* §3: a GUARD page faults on its first touch, once, then works. */
TEST_F(view, guard_page_once)
{
	char *g, *rw;

	self->sec = vt_anon(_metadata, NT_GRAN, RW, NT_SEC_COMMIT);
	rw = vt_map(_metadata, self->sec, RW, 0, 0, NULL);
	g = vt_map(_metadata, self->sec, RW | NT_PAGE_GUARD, 0, 0, NULL);
	rw[0] = 'g';
	EXPECT_EQ(SIGSEGV, nts_probe(g, 0, 0));
	EXPECT_EQ(0, nts_probe(g, 0, 0));
	EXPECT_EQ('g', g[0]);
	EXPECT_EQ(SIGSEGV, nts_probe(g + 4096, 1, 'h'));
	EXPECT_EQ(0, rw[4096]);			/* the faulting write did not land */
	EXPECT_EQ(0, nts_probe(g + 4096, 1, 'h'));
	EXPECT_EQ('h', rw[4096]);
	/* Every page has its own guard. */
	EXPECT_EQ(SIGSEGV, nts_probe(g + NT_GRAN - 1, 0, 0));
	EXPECT_EQ(0, nts_probe(g + NT_GRAN - 1, 0, 0));
	/* And another view has its own. */
	g = vt_map(_metadata, self->sec, RO | NT_PAGE_GUARD, 0, 0, NULL);
	EXPECT_EQ(SIGSEGV, nts_probe(g, 0, 0));
	EXPECT_EQ(0, nts_probe(g, 0, 0));
	EXPECT_EQ('g', g[0]);
}

/*
 * §6, §7: NtProtectVirtualMemory on part of a view (the module's permit,
 * then mprotect()) splits it into VMAs of their own protection, capped as
 * the view is; the view stays one allocation, unmapped whole by any
 * address. Without a permit a split is refused, and a permit covers one
 * view only.
 */
TEST_F(view, protect_part_of_a_view)
{
	struct ntsection_vm_info info;
	char *v, *ro;

	self->sec = vt_anon(_metadata, NT_GRAN, RW, NT_SEC_COMMIT);
	v = vt_map(_metadata, self->sec, RW, 0, 0, NULL);
	ro = vt_map(_metadata, self->sec, RO, 0, 0, NULL);
	EXPECT_EQ(-1, mprotect(v + 4096, 4096, PROT_READ));
	EXPECT_EQ(EINVAL, errno);
	ASSERT_STATUS(NT_STATUS_SUCCESS, nts_permit(v + 4096, 8192));
	ASSERT_EQ(0, mprotect(v + 4096, 8192, PROT_READ));
	ASSERT_STATUS(NT_STATUS_SUCCESS, nts_permit(NULL, 0));
	ASSERT_STATUS(NT_STATUS_SUCCESS, nts_query_vm(v + 4096, &info));
	EXPECT_EQ(NT_PAGE_READONLY, info.protect);
	EXPECT_EQ((uintptr_t)v, info.allocation_base);
	EXPECT_EQ(NT_PAGE_READWRITE, info.allocation_protect);
	EXPECT_EQ(8192, info.region_size);
	ASSERT_STATUS(NT_STATUS_SUCCESS, nts_query_vm(v, &info));
	EXPECT_EQ(NT_PAGE_READWRITE, info.protect);
	EXPECT_EQ(4096, info.region_size);
	EXPECT_EQ(SIGSEGV, nts_probe(v + 4096, 1, 1));
	EXPECT_EQ(0, nts_probe(v + 3 * 4096, 1, 1));
	/* Withdrawn: the next split is refused again. */
	EXPECT_EQ(-1, mprotect(v + 5 * 4096, 4096, PROT_READ));
	/* The cap holds on every part; a permit stops at its view. */
	ASSERT_STATUS(NT_STATUS_SUCCESS, nts_permit(ro + 4096, 4096));
	EXPECT_EQ(-1, mprotect(ro + 4096, 4096, PROT_READ | PROT_WRITE));
	EXPECT_EQ(EACCES, errno);
	ASSERT_STATUS(NT_STATUS_SUCCESS, nts_permit(NULL, 0));
	EXPECT_STATUS(NT_STATUS_CONFLICTING_ADDRESSES, nts_permit(v + NT_GRAN - 4096, 8192));
	EXPECT_STATUS(NT_STATUS_NOT_MAPPED_VIEW,
		      nts_permit((void *)((uintptr_t)&info & ~(uintptr_t)4095), 4096));
	/* Back to the view's protection: one region again, across the parts. */
	ASSERT_STATUS(NT_STATUS_SUCCESS, nts_permit(v + 4096, 8192));
	ASSERT_EQ(0, mprotect(v + 4096, 8192, PROT_READ | PROT_WRITE));
	ASSERT_STATUS(NT_STATUS_SUCCESS, nts_permit(NULL, 0));
	ASSERT_STATUS(NT_STATUS_SUCCESS, nts_query_vm(v, &info));
	EXPECT_EQ(NT_PAGE_READWRITE, info.protect);
	EXPECT_EQ(NT_GRAN, info.region_size);
	EXPECT_EQ((uintptr_t)v, info.base_address);
	ASSERT_STATUS(NT_STATUS_SUCCESS, nts_query_vm(v + 2 * 4096 + 5, &info));
	EXPECT_EQ(NT_GRAN - 2 * 4096, info.region_size);
	/* One view: unmapped whole from its last part. */
	ASSERT_STATUS(NT_STATUS_SUCCESS, nts_unmap(v + NT_GRAN - 1));
	EXPECT_STATUS(NT_STATUS_NOT_MAPPED_VIEW, nts_query_vm(v, &info));
	EXPECT_STATUS(NT_STATUS_NOT_MAPPED_VIEW, nts_query_vm(v + 4096, &info));
	ASSERT_STATUS(NT_STATUS_SUCCESS, nts_unmap(ro));
}

/* §3: guard pages keep their own state in every part of a split view. */
TEST_F(view, guard_pages_survive_a_split)
{
	char *g;

	self->sec = vt_anon(_metadata, NT_GRAN, RW, NT_SEC_COMMIT);
	g = vt_map(_metadata, self->sec, RW | NT_PAGE_GUARD, 0, 0, NULL);
	EXPECT_EQ(SIGSEGV, nts_probe(g, 0, 0));
	EXPECT_EQ(SIGSEGV, nts_probe(g + 5 * 4096, 0, 0));
	ASSERT_STATUS(NT_STATUS_SUCCESS, nts_permit(g + 4 * 4096, 4 * 4096));
	ASSERT_EQ(0, mprotect(g + 4 * 4096, 4 * 4096, PROT_READ));
	ASSERT_STATUS(NT_STATUS_SUCCESS, nts_permit(NULL, 0));
	/* Fired guards stay fired, the others still fire, once, in every part. */
	EXPECT_EQ(0, nts_probe(g, 0, 0));
	EXPECT_EQ(0, nts_probe(g + 5 * 4096, 0, 0));
	EXPECT_EQ(SIGSEGV, nts_probe(g + 4 * 4096, 0, 0));
	EXPECT_EQ(0, nts_probe(g + 4 * 4096, 0, 0));
	EXPECT_EQ(SIGSEGV, nts_probe(g + 9 * 4096, 0, 0));
	EXPECT_EQ(SIGSEGV, nts_probe(g + 1 * 4096, 0, 0));
	EXPECT_EQ(0, nts_probe(g + 1 * 4096, 0, 0));
	ASSERT_STATUS(NT_STATUS_SUCCESS, nts_unmap(g + 4 * 4096));
}

/* §3: any access to a NOACCESS view faults. */
TEST_F(view, noaccess_view_faults)
{
	struct ntsection_vm_info info;
	char *p, *rw;

	self->sec = vt_anon(_metadata, NT_GRAN, RW, NT_SEC_COMMIT);
	rw = vt_map(_metadata, self->sec, RW, 0, 0, NULL);
	rw[0] = 1;
	p = vt_map(_metadata, self->sec, NT_PAGE_NOACCESS, 0, 0, NULL);
	EXPECT_EQ(SIGSEGV, nts_probe(p, 0, 0));
	EXPECT_EQ(SIGSEGV, nts_probe(p + 4096, 0, 0));
	EXPECT_EQ(SIGSEGV, nts_probe(p, 1, 2));
	EXPECT_EQ(1, rw[0]);
	ASSERT_STATUS(NT_STATUS_SUCCESS, nts_query_vm(p, &info));
	EXPECT_EQ(NT_PAGE_NOACCESS, info.allocation_protect);
	EXPECT_EQ(NT_PAGE_NOACCESS, info.protect);
}

/* §3: a write to a read-only view faults; reads work. */
TEST_F(view, readonly_view_write_faults)
{
	char *ro, *rw, *er;

	self->sec = vt_anon(_metadata, NT_GRAN, NT_PAGE_EXECUTE_READWRITE, NT_SEC_COMMIT);
	rw = vt_map(_metadata, self->sec, RW, 0, 0, NULL);
	ro = vt_map(_metadata, self->sec, RO, 0, 0, NULL);
	er = vt_map(_metadata, self->sec, NT_PAGE_EXECUTE_READ, 0, 0, NULL);
	rw[8] = 'q';
	EXPECT_EQ(0, nts_probe(ro + 8, 0, 0));
	EXPECT_EQ('q', ro[8]);
	EXPECT_EQ(SIGSEGV, nts_probe(ro + 8, 1, 'w'));
	EXPECT_EQ(SIGSEGV, nts_probe(ro + NT_GRAN - 1, 1, 'w'));
	EXPECT_EQ('q', rw[8]);
	EXPECT_EQ(0, rw[NT_GRAN - 1]);
	EXPECT_EQ('q', er[8]);
	EXPECT_EQ(SIGSEGV, nts_probe(er + 8, 1, 'w'));
}

/* §5: plain mmap() of a section handle is a view, coherent with the others. */
TEST_F(view, plain_mmap_coherent)
{
	struct ntsection_vm_info info;
	char *m, *v;

	self->sec = vt_anon(_metadata, 2 * NT_GRAN, RW, NT_SEC_COMMIT);
	v = vt_map(_metadata, self->sec, RW, 0, 0, NULL);
	m = mmap(NULL, 2 * NT_GRAN, PROT_READ | PROT_WRITE, MAP_SHARED, self->sec, 0);
	ASSERT_NE(MAP_FAILED, m);
	EXPECT_EQ(0, (uintptr_t)m % NT_GRAN);
	m[1] = 'm';
	EXPECT_EQ('m', v[1]);
	v[NT_GRAN + 2] = 'v';
	EXPECT_EQ('v', m[NT_GRAN + 2]);
	ASSERT_STATUS(NT_STATUS_SUCCESS, nts_query_vm(m + 4096, &info));
	EXPECT_EQ((uintptr_t)m, info.allocation_base);
	EXPECT_EQ(RW, info.allocation_protect);
	EXPECT_EQ(NT_MEM_MAPPED, info.type);
	/* At an aligned offset. */
	munmap(m, 2 * NT_GRAN);
	m = mmap(NULL, NT_GRAN, PROT_READ, MAP_SHARED, self->sec, NT_GRAN);
	ASSERT_NE(MAP_FAILED, m);
	EXPECT_EQ('v', m[2]);
	/* A plain mmap() view is unmapped like any other. */
	EXPECT_STATUS(NT_STATUS_SUCCESS, nts_unmap(m + 5));
	EXPECT_EQ(SIGSEGV, nts_probe(m, 0, 0));
}

/* §5: plain mmap() at an offset not 64 KiB aligned: EINVAL. */
TEST_F(view, plain_mmap_misaligned_offset)
{
	void *m;

	self->sec = vt_anon(_metadata, 2 * NT_GRAN, RW, NT_SEC_COMMIT);
	errno = 0;
	m = mmap(NULL, 4096, PROT_READ, MAP_SHARED, self->sec, 4096);
	EXPECT_EQ(MAP_FAILED, m);
	EXPECT_EQ(EINVAL, errno);
	/* A fixed address not on the granularity either. */
	m = vt_free_range(_metadata, 2 * NT_GRAN);
	errno = 0;
	EXPECT_EQ(MAP_FAILED, mmap((char *)m + 4096, 4096, PROT_READ,
				   MAP_SHARED | MAP_FIXED_NOREPLACE, self->sec, 0));
	EXPECT_EQ(EINVAL, errno);
}

/* §3: plain mmap() with PROT_WRITE through a handle without MAP_WRITE: EACCES. */
TEST_F(view, plain_mmap_no_map_write)
{
	void *m;

	self->sec = vt_anon_access(_metadata, NT_GRAN, RW, NT_SECTION_MAP_READ | NT_SECTION_QUERY);
	errno = 0;
	m = mmap(NULL, NT_GRAN, PROT_READ | PROT_WRITE, MAP_SHARED, self->sec, 0);
	EXPECT_EQ(MAP_FAILED, m);
	EXPECT_EQ(EACCES, errno);
	/* Read-only is what the handle allows, and it cannot be upgraded. */
	m = mmap(NULL, NT_GRAN, PROT_READ, MAP_SHARED, self->sec, 0);
	ASSERT_NE(MAP_FAILED, m);
	errno = 0;
	EXPECT_EQ(-1, mprotect(m, NT_GRAN, PROT_READ | PROT_WRITE));
	EXPECT_EQ(EACCES, errno);
	munmap(m, NT_GRAN);
}

/* §3/§5: plain mmap() follows the view protection rules and the section's size. */
TEST_F(view, plain_mmap_rules)
{
	char *m, *v;

	self->sec = vt_anon(_metadata, 2 * NT_GRAN, RO, NT_SEC_COMMIT);
	errno = 0;
	EXPECT_EQ(MAP_FAILED, mmap(NULL, NT_GRAN, PROT_READ | PROT_WRITE, MAP_SHARED,
				   self->sec, 0));
	EXPECT_EQ(EACCES, errno);
	errno = 0;
	EXPECT_EQ(MAP_FAILED, mmap(NULL, 3 * NT_GRAN, PROT_READ, MAP_SHARED, self->sec, 0));
	EXPECT_EQ(EINVAL, errno);
	errno = 0;
	EXPECT_EQ(MAP_FAILED, mmap(NULL, NT_GRAN, PROT_READ, MAP_SHARED, self->sec,
				   2 * NT_GRAN));
	EXPECT_EQ(EINVAL, errno);
	/* MAP_PRIVATE + PROT_WRITE is WRITECOPY: allowed, and private. */
	m = mmap(NULL, NT_GRAN, PROT_READ | PROT_WRITE, MAP_PRIVATE, self->sec, 0);
	ASSERT_NE(MAP_FAILED, m);
	v = vt_map(_metadata, self->sec, RO, 0, 0, NULL);
	m[0] = 'p';
	EXPECT_EQ(0, v[0]);
	munmap(m, NT_GRAN);
}

/* §3: a file view is the file: writes reach it, and file writes reach views. */
TEST_F(view, file_view_coherent)
{
	char buf[4];
	int file;
	char *p;

	file = vt_tmpfile(_metadata, 3 * NT_GRAN);
	self->sec = vt_file_section(_metadata, file, RW);
	p = vt_map(_metadata, self->sec, RW, NT_GRAN, NT_GRAN, NULL);
	EXPECT_EQ('A' + NT_GRAN % 26, p[0]);
	memcpy(p + 10, "view", 4);
	ASSERT_EQ(4, pread(file, buf, 4, NT_GRAN + 10));
	EXPECT_EQ(0, memcmp(buf, "view", 4));
	ASSERT_EQ(4, pwrite(file, "file", 4, NT_GRAN + 20));
	EXPECT_EQ(0, memcmp(p + 20, "file", 4));
	close(file);
}

/* §3: a view never grants more than the file's open mode; WRITECOPY stays private. */
TEST_F(view, file_view_open_mode)
{
	char path[64], buf[4];
	int file, ro_file;
	char *ro, *wc;

	file = vt_tmpfile(_metadata, NT_GRAN);
	snprintf(path, sizeof(path), "/proc/self/fd/%d", file);
	ro_file = open(path, O_RDONLY | O_CLOEXEC);
	ASSERT_LE(0, ro_file);
	self->sec = vt_file_section(_metadata, ro_file, RO);
	ro = vt_map(_metadata, self->sec, RO, 0, 0, NULL);
	EXPECT_EQ('A', ro[0]);
	errno = 0;
	EXPECT_EQ(-1, mprotect(ro, NT_GRAN, PROT_READ | PROT_WRITE));
	EXPECT_EQ(EACCES, errno);
	EXPECT_EQ(SIGSEGV, nts_probe(ro, 1, 'x'));
	/* Nor a plain mmap(): file sections are mapped by NtMapViewOfSection only. */
	errno = 0;
	EXPECT_EQ(MAP_FAILED, mmap(NULL, NT_GRAN, PROT_READ | PROT_WRITE, MAP_SHARED,
				   self->sec, 0));
	EXPECT_EQ(ENODEV, errno);
	wc = vt_map(_metadata, self->sec, WC, 0, 0, NULL);
	ASSERT_EQ(0, nts_probe(wc, 1, 'w'));
	EXPECT_EQ('w', wc[0]);
	EXPECT_EQ('A', ro[0]);
	ASSERT_EQ(1, pread(file, buf, 1, 0));
	EXPECT_EQ('A', buf[0]);
	close(ro_file);
	close(file);
}

/* §5: CommitSize on a file section needs MEM_RESERVE. */
TEST_F(view, file_commit_size)
{
	struct nts_map_call a;
	int file;

	file = vt_tmpfile(_metadata, NT_GRAN);
	self->sec = vt_file_section(_metadata, file, RW);
	a = vt_args(self->sec, RW);
	a.commit_size = 4096;
	EXPECT_MAP_FAILS(NT_STATUS_INVALID_PARAMETER_5, a);
	a.alloc_type = NT_MEM_RESERVE;
	ASSERT_STATUS(NT_STATUS_SUCCESS, vt_map_raw(&a));
	EXPECT_EQ('A', ((char *)(uintptr_t)a.base)[0]);
	EXPECT_STATUS(NT_STATUS_SUCCESS, nts_unmap((void *)(uintptr_t)a.base));
	close(file);
}

/* §3: EXECUTE views run code, the others do not (x86-64: 0xc3 is ret). */
TEST_F(view, execute_views)
{
	char *rw, *ro, *er, *ex, *erw, *ewc;

	self->sec = vt_anon(_metadata, 2 * NT_PAGE, NT_PAGE_EXECUTE_READWRITE, NT_SEC_COMMIT);
	rw = vt_map(_metadata, self->sec, RW, 0, 0, NULL);
	ro = vt_map(_metadata, self->sec, RO, 0, 0, NULL);
	er = vt_map(_metadata, self->sec, NT_PAGE_EXECUTE_READ, 0, 0, NULL);
	ex = vt_map(_metadata, self->sec, NT_PAGE_EXECUTE, 0, 0, NULL);
	erw = vt_map(_metadata, self->sec, NT_PAGE_EXECUTE_READWRITE, 0, 0, NULL);
	ewc = vt_map(_metadata, self->sec, NT_PAGE_EXECUTE_WRITECOPY, 0, 0, NULL);
	rw[0] = (char)0xc3;
	EXPECT_EQ(0, vt_probe_exec(er));
	EXPECT_EQ(0, vt_probe_exec(ex));
	EXPECT_EQ(0, vt_probe_exec(erw));
	EXPECT_EQ(0, vt_probe_exec(ewc));
	EXPECT_EQ(SIGSEGV, vt_probe_exec(rw));
	EXPECT_EQ(SIGSEGV, vt_probe_exec(ro));
	EXPECT_EQ(SIGSEGV, nts_probe(er, 1, 0));
	/* Code written through an EXECUTE_WRITECOPY view is its own. */
	ASSERT_EQ(0, nts_probe(ewc + NT_PAGE, 1, (char)0xc3));
	EXPECT_EQ(0, vt_probe_exec(ewc + NT_PAGE));
	EXPECT_EQ(0, rw[NT_PAGE]);
}

/* §7: a file truncated under a view: SIGBUS past the end, never stale data. */
TEST_F(view, file_truncate_sigbus)
{
	int file;
	char *p;

	file = vt_tmpfile(_metadata, 3 * NT_GRAN);
	self->sec = vt_file_section(_metadata, file, RW);
	p = vt_map(_metadata, self->sec, RW, 0, 0, NULL);
	p[2 * NT_GRAN + 5] = 'x';
	ASSERT_EQ(0, ftruncate(file, NT_GRAN));
	EXPECT_EQ(SIGBUS, nts_probe(p + NT_GRAN, 0, 0));
	EXPECT_EQ(SIGBUS, nts_probe(p + 2 * NT_GRAN + 5, 0, 0));
	EXPECT_EQ('A', p[0]);
	EXPECT_EQ(0, nts_probe(p + NT_GRAN - 1, 1, 'e'));
	/* Grown again, the file reads zero there: nothing stale. */
	ASSERT_EQ(0, ftruncate(file, 3 * NT_GRAN));
	ASSERT_EQ(0, nts_probe(p + 2 * NT_GRAN + 5, 0, 0));
	EXPECT_EQ(0, p[2 * NT_GRAN + 5]);
	EXPECT_EQ(0, p[NT_GRAN]);
	EXPECT_STATUS(NT_STATUS_SUCCESS, nts_unmap(p));
	close(file);
}

/* §8: after NtExtendSection old views keep their size, new ones use the range. */
TEST_F(view, file_extend_views)
{
	struct ntsection_vm_info info;
	__u64 size = 3 * NT_GRAN, vsize;
	char *old, *fresh, buf[1];
	int file;

	file = vt_tmpfile(_metadata, NT_GRAN);
	self->sec = vt_file_section(_metadata, file, RW);
	old = vt_map(_metadata, self->sec, RW, 0, 0, &vsize);
	EXPECT_EQ(NT_GRAN, vsize);
	ASSERT_STATUS(NT_STATUS_SUCCESS, nts_extend(self->sec, &size));
	EXPECT_EQ(3 * NT_GRAN, size);
	ASSERT_STATUS(NT_STATUS_SUCCESS, nts_query_vm(old, &info));
	EXPECT_EQ(NT_GRAN, info.region_size);
	fresh = vt_map(_metadata, self->sec, RW, NT_GRAN, 0, &vsize);
	EXPECT_EQ(2 * NT_GRAN, vsize);
	EXPECT_EQ(0, fresh[0]);
	fresh[2 * NT_GRAN - 1] = 'n';
	ASSERT_EQ(1, pread(file, buf, 1, 3 * NT_GRAN - 1));
	EXPECT_EQ('n', buf[0]);
	EXPECT_EQ('A', old[0]);
	close(file);
}

TEST_HARNESS_MAIN
