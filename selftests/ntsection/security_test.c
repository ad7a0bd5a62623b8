// SPDX-License-Identifier: GPL-2.0-only
/*
 * ntsection selftests: security fixes, one finding per line:
 * - a hugetlbfs or secretmem file cannot back a section, nor can a device;
 * - remap_file_pages() on a view keeps its protection cap and commit state;
 * - NtCreateSection with OBJ_OPENIF checks the mode of the section it opens;
 * - views obey memfd write seals, and a writable view blocks F_SEAL_WRITE;
 * - views obey append-only files and noexec mounts;
 * - SEC_LARGE_PAGES needs SEC_COMMIT (SEC_RESERVE is refused);
 * - NtExtendSection grows the file with the handle's rights, not the path's;
 * - shmem huge pages expose neither uncommitted pages nor unfired guards;
 * - NtQueryVirtualMemory on a huge SEC_RESERVE view does not walk each page;
 * - MADV_DOFORK does not make a ViewUnmap view reach a fork() child;
 * - the guard pages of a view fire once per process, not once per view;
 * - a fork() child's copy of a view leaves the VIEWS count as it found it.
 */
#include <grp.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>

#include <linux/fs.h>

#include "kselftest_harness.h"
#include "ntsection_test.h"
#include "pe_image.h"

#ifndef SYS_memfd_secret
#define SYS_memfd_secret 447
#endif

#define RW	NT_PAGE_READWRITE
#define RO	NT_PAGE_READONLY
#define DIR	"\\BaseNamedObjects\\"
#define NOBODY	65534
#define THP_SHMEM "/sys/kernel/mm/transparent_hugepage/shmem_enabled"

/* Compare NTSTATUS values; on a difference print both in hex. */
#define EXPECT_STATUS(expected, seen) do { \
	__u32 __st_exp = (expected), __st_seen = (seen); \
	if (__st_exp != __st_seen) { \
		TH_LOG("%s: status 0x%08x, expected %s (0x%08x)", #seen, __st_seen, \
		       #expected, __st_exp); \
		_metadata->exit_code = KSFT_FAIL; \
	} \
} while (0)

/*
 * Called right after a wrapper: a failed call must have set the errno that
 * nts_expected_errno() (the table of the userspace-api documentation) gives
 * its status, not only any errno.
 */
static __u32 errno_agrees(__u32 status)
{
	if ((__s32)status < 0 && -errno != nts_expected_errno(status))
		nts_errno_mismatch++;
	return status;
}

static __u32 create_named(const char *name, __u32 obj_attrs, __u64 size, __u32 mode, int *fd)
{
	struct nts_create c = { .name = name, .obj_attrs = obj_attrs,
				.access = NT_SECTION_ALL_ACCESS, .protect = RW,
				.attrs = NT_SEC_COMMIT, .file_fd = -1, .size = size,
				.size_given = 1, .mode = mode };

	return errno_agrees(nts_create_ex(&c, fd));
}

/* A section over @file, its size the file's. */
static __u32 create_file_section(int file, __u32 protect, int *fd)
{
	struct nts_create c = { .access = NT_SECTION_ALL_ACCESS, .protect = protect,
				.attrs = NT_SEC_COMMIT, .file_fd = file };

	return errno_agrees(nts_create_ex(&c, fd));
}

/* The status of mapping all of @sec with @protect; a view it gave is unmapped. */
static __u32 map_status(int sec, __u32 protect)
{
	struct nts_map m = { .protect = protect };
	__u32 status = errno_agrees(nts_map_ex(sec, &m));

	if (!status)
		nts_unmap((void *)(uintptr_t)m.base);
	return status;
}

/*
 * Run @fn(@arg) in a child, as user and group @uid unless it is -1. Its
 * result: @fn's (0 = pass), 100 when the child could not switch users,
 * 101 when an ioctl's errno disagreed with its status.
 */
static int in_child(int (*fn)(void *), void *arg, int uid)
{
	pid_t pid = fork();

	if (pid == 0) {
		int rc;

		if (uid >= 0 && (setgroups(0, NULL) || setresgid(uid, uid, uid) ||
				 setresuid(uid, uid, uid)))
			_exit(100);
		nts_errno_mismatch = 0;
		rc = fn(arg);
		_exit(rc ? rc : nts_errno_mismatch ? 101 : 0);
	}
	return nts_wait_child(pid);
}

/* Write @size bytes of @c to @fd: 0 or -1. */
static int fill(int fd, __u64 size, char c)
{
	char buf[4096];
	__u64 done;

	memset(buf, c, sizeof(buf));
	for (done = 0; done < size; done += sizeof(buf))
		if (write(fd, buf, sizeof(buf)) != (ssize_t)sizeof(buf))
			return -1;
	return 0;
}

/* Set (@on) or clear FS_APPEND_FL on @path: 0, or -1 with errno set. */
static int set_append(const char *path, int on)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC), flags, rc, err;

	if (fd < 0)
		return -1;
	rc = ioctl(fd, FS_IOC_GETFLAGS, &flags);
	if (!rc) {
		flags = on ? flags | FS_APPEND_FL : flags & ~FS_APPEND_FL;
		rc = ioctl(fd, FS_IOC_SETFLAGS, &flags);
	}
	err = errno;
	close(fd);
	errno = err;
	return rc ? -1 : 0;
}

/*
 * A free @align-aligned address with @size bytes free from it: found by
 * reserving more than enough, then given back. Nothing else maps in between.
 */
static char *free_aligned(__u64 size, __u64 align)
{
	char *r = mmap(NULL, size + align, PROT_NONE,
		       MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
	uintptr_t a;

	if (r == MAP_FAILED)
		return NULL;
	a = ((uintptr_t)r + align - 1) & ~(uintptr_t)(align - 1);
	munmap(r, size + align);
	return (char *)a;
}

/* The VIEWS column of /proc/ntsection/sections for @name; -1 if absent. */
static int proc_views(const char *name)
{
	FILE *f = fopen("/proc/ntsection/sections", "r");
	char line[512], found[256];
	unsigned long long id, size;
	unsigned int attributes, protect, uid, gid, mode;
	unsigned long committed, resident, ino;
	int views, handles, result = -1;

	if (!f)
		return -1;
	if (!fgets(line, sizeof(line), f)) {	/* the header */
		fclose(f);
		return -1;
	}
	while (result < 0 && fgets(line, sizeof(line), f)) {
		if (sscanf(line, "%llu %llu %x %x %lu %lu %d %d %u %u %o %lu %255s", &id, &size,
			   &attributes, &protect, &committed, &resident, &views, &handles, &uid,
			   &gid, &mode, &ino, found) != 13)
			continue;
		if (!strcmp(found, name))
			result = views;
	}
	fclose(f);
	return result;
}

FIXTURE(security) {
	int dummy;
};

FIXTURE_SETUP(security)
{
	if (nts_device() < 0)
		SKIP(return, NTS_NO_DEVICE);
	nts_errno_mismatch = 0;
}

FIXTURE_TEARDOWN(security)
{
	EXPECT_EQ(0, nts_errno_mismatch);
}

/*
 * hugetlbfs cannot back a section. Never map such a section: unmapping a
 * view of one is what brought the kernel down.
 */
TEST_F(security, hugetlb_backing_refused)
{
	int file, sec = -1;

	file = memfd_create("h", MFD_HUGETLB | MFD_CLOEXEC);
	if (file < 0)
		SKIP(return, "memfd_create(MFD_HUGETLB): %s", strerror(errno));
	if (ftruncate(file, 2 * MiB))
		SKIP(goto out, "ftruncate of a hugetlbfs memfd to 2 MiB: %s", strerror(errno));
	EXPECT_STATUS(NT_STATUS_INVALID_FILE_FOR_SECTION, create_file_section(file, RW, &sec));
	EXPECT_EQ(-1, sec);
	if (sec >= 0)
		close(sec);
out:
	close(file);
}

/* Nor can secretmem, whose pages the kernel itself must not map. */
TEST_F(security, secretmem_backing_refused)
{
	int file, sec = -1;

	file = syscall(SYS_memfd_secret, 0);
	if (file < 0)
		SKIP(return, "memfd_secret: %s (needs secretmem.enable on this kernel)",
		     strerror(errno));
	ASSERT_EQ(0, ftruncate(file, 64 * KiB));
	EXPECT_STATUS(NT_STATUS_INVALID_FILE_FOR_SECTION, create_file_section(file, RW, &sec));
	EXPECT_EQ(-1, sec);
	if (sec >= 0)
		close(sec);
	close(file);
}

/* A file that is not a regular file is not a section's backing file. */
TEST_F(security, device_file_refused)
{
	int file = open("/dev/zero", O_RDWR | O_CLOEXEC), sec = -1;

	ASSERT_LE(0, file);
	EXPECT_STATUS(NT_STATUS_OBJECT_TYPE_MISMATCH, create_file_section(file, RW, &sec));
	EXPECT_EQ(-1, sec);
	if (sec >= 0)
		close(sec);
	close(file);
}

/*
 * As another user, with a SECTION_MAP_READ handle: a READONLY view, then
 * remap_file_pages() over it (it may succeed or fail), then try to write.
 * Bits: 1 open, 2 map, 4 mprotect gave write access, 8 the write did not fault.
 */
static int remap_readonly_view(void *name)
{
	int sec, bad = 0;
	__u64 size;
	char *p;

	if (nts_open(name, 0, NT_SECTION_MAP_READ, &sec))
		return 1;
	p = nts_map(sec, RO, &size);
	if (!p)
		return 2;
	(void)remap_file_pages(p, size, 0, 0, 0);
	if (!mprotect(p, size, PROT_READ | PROT_WRITE))
		bad |= 4;
	if (nts_probe(p, 1, 'X') != SIGSEGV)
		bad |= 8;
	return bad;
}

TEST_F(security, remap_file_pages_keeps_view_rules)
{
	static const char marker[] = "written by the owner";
	const char *name = DIR "security-remap";
	__u64 size;
	char *p;
	int sec, rc;

	if (geteuid() != 0)
		SKIP(return, "needs root to switch users");
	ASSERT_EQ(NT_STATUS_SUCCESS, create_named(name, 0, MiB, 0644, &sec));
	p = nts_map(sec, RW, &size);
	ASSERT_NE(NULL, p);
	memcpy(p, marker, sizeof(marker));
	rc = in_child(remap_readonly_view, (void *)name, NOBODY);
	EXPECT_EQ(0, rc)
		TH_LOG("child: %d (1 open, 2 map, 4 mprotect RW worked, 8 write not refused)", rc);
	EXPECT_STREQ(marker, p);
	EXPECT_EQ(NT_STATUS_SUCCESS, nts_unmap(p));
	close(sec);
}

/* remap_file_pages() does not make the uncommitted pages of a view readable. */
TEST_F(security, remap_file_pages_reserve)
{
	__u64 size;
	char *p;
	int sec;

	ASSERT_EQ(NT_STATUS_SUCCESS, nts_create_anon(MiB, RW, NT_SEC_RESERVE, &sec));
	p = nts_map(sec, RW, &size);
	ASSERT_NE(NULL, p);
	ASSERT_EQ(NT_STATUS_SUCCESS, nts_commit(p, NT_PAGE, RW));
	ASSERT_EQ(0, nts_probe(p, 1, 'c'));
	ASSERT_EQ(SIGSEGV, nts_probe(p + 5 * NT_PAGE, 0, 0));
	(void)remap_file_pages(p, size, 0, 0, 0);
	/* Still a view (faults) or nothing any more (faults too). */
	EXPECT_EQ(SIGSEGV, nts_probe(p + 5 * NT_PAGE, 0, 0));
	if (nts_unmap(p))
		munmap(p, size);
	close(sec);
}

/* Bits: 1 OPENIF did not say ACCESS_DENIED, 2 it gave a handle, 4 and 8 the same for open. */
static int openif_as_other_user(void *name)
{
	struct nts_create c = { .name = name, .obj_attrs = NT_OBJ_OPENIF,
				.access = NT_SECTION_ALL_ACCESS, .protect = RW,
				.attrs = NT_SEC_COMMIT, .file_fd = -1, .size = NT_GRAN,
				.size_given = 1 };
	int fd = -1, bad = 0;
	__u32 status;

	status = errno_agrees(nts_create_ex(&c, &fd));
	if (status != NT_STATUS_ACCESS_DENIED) {
		fprintf(stderr, "# child: OPENIF status 0x%08x\n", status);
		bad |= 1;
	}
	if (fd >= 0)
		bad |= 2;
	fd = -1;
	status = errno_agrees(nts_open(name, 0, NT_SECTION_MAP_READ, &fd));
	if (status != NT_STATUS_ACCESS_DENIED) {
		fprintf(stderr, "# child: open status 0x%08x\n", status);
		bad |= 4;
	}
	if (fd >= 0)
		bad |= 8;
	return bad;
}

/* OBJ_OPENIF opens an existing section only for who may open it. */
TEST_F(security, openif_checks_permission)
{
	const char *name = DIR "security-openif";
	int sec, rc;

	if (geteuid() != 0)
		SKIP(return, "needs root to switch users");
	ASSERT_EQ(NT_STATUS_SUCCESS, create_named(name, 0, NT_GRAN, 0600, &sec));
	rc = in_child(openif_as_other_user, (void *)name, NOBODY);
	EXPECT_EQ(0, rc)
		TH_LOG("child: %d (1/2 OPENIF status/handle, 4/8 open status/handle)", rc);
	close(sec);
}

/* In the child: extend the section through the inherited handle. */
static int extend_as_other_user(void *arg)
{
	int sec = *(int *)arg;
	__u64 size = 2 * NT_GRAN;
	__u32 status;

	status = errno_agrees(nts_extend(sec, &size));
	if (status != NT_STATUS_SUCCESS) {
		fprintf(stderr, "# child: extend status 0x%08x\n", status);
		return 1;
	}
	return size == 2 * NT_GRAN ? 0 : 2;
}

/*
 * NtExtendSection grows the file with the handle's rights, as ftruncate()
 * of the section's file would: a user holding the handle (SECTION_EXTEND_SIZE
 * over a file opened for writing) needs no write permission on its path.
 */
TEST_F(security, extend_uses_handle_permission)
{
	char path[] = "/tmp/nts-security-extend-XXXXXX";
	struct stat st;
	int file, sec, rc;

	if (geteuid() != 0)
		SKIP(return, "needs root to switch users");
	file = mkstemp(path);
	ASSERT_LE(0, file);
	ASSERT_EQ(0, fchmod(file, 0600));
	ASSERT_EQ(0, fill(file, NT_GRAN, 'e'));
	ASSERT_EQ(NT_STATUS_SUCCESS, create_file_section(file, RW, &sec));
	rc = in_child(extend_as_other_user, &sec, NOBODY);
	EXPECT_EQ(0, rc) TH_LOG("child: %d (1 status, 2 size)", rc);
	ASSERT_EQ(0, fstat(file, &st));
	EXPECT_EQ(2 * NT_GRAN, (__u64)st.st_size);
	close(sec);
	close(file);
	unlink(path);
}

/*
 * A memfd with @seals: a READWRITE section over it is created (the memfd
 * is open read-write) but no READWRITE view; READONLY and WRITECOPY views
 * work, and a WRITECOPY write stays private.
 */
static void sealed_views(struct __test_metadata *_metadata, unsigned int seals)
{
	char buf[8] = {};
	__u64 size;
	int file, sec;
	char *p;

	file = memfd_create("s", MFD_ALLOW_SEALING | MFD_CLOEXEC);
	ASSERT_LE(0, file);
	ASSERT_EQ(0, ftruncate(file, 64 * KiB));
	ASSERT_EQ(7, pwrite(file, "sealed", 7, 0));
	ASSERT_EQ(0, fcntl(file, F_ADD_SEALS, seals));
	ASSERT_EQ(NT_STATUS_SUCCESS, create_file_section(file, RW, &sec));
	EXPECT_STATUS(NT_STATUS_ACCESS_DENIED, map_status(sec, RW));

	p = nts_map(sec, RO, &size);
	ASSERT_NE(NULL, p);
	EXPECT_STREQ("sealed", p);
	EXPECT_EQ(-1, mprotect(p, size, PROT_READ | PROT_WRITE));
	EXPECT_EQ(SIGSEGV, nts_probe(p, 1, 'x'));
	EXPECT_EQ(NT_STATUS_SUCCESS, nts_unmap(p));

	p = nts_map(sec, NT_PAGE_WRITECOPY, &size);
	ASSERT_NE(NULL, p);
	EXPECT_STREQ("sealed", p);
	EXPECT_EQ(0, nts_probe(p, 1, 'S'));
	EXPECT_STREQ("Sealed", p);
	ASSERT_EQ(7, pread(file, buf, 7, 0));
	EXPECT_STREQ("sealed", buf);
	EXPECT_EQ(NT_STATUS_SUCCESS, nts_unmap(p));
	close(sec);
	close(file);
}

TEST_F(security, memfd_write_seal)
{
	sealed_views(_metadata, F_SEAL_WRITE | F_SEAL_SHRINK | F_SEAL_GROW);
}

TEST_F(security, memfd_future_write_seal)
{
	sealed_views(_metadata, F_SEAL_FUTURE_WRITE | F_SEAL_SHRINK | F_SEAL_GROW);
}

/* A writable view counts as a writable mapping: F_SEAL_WRITE waits for it. */
TEST_F(security, seal_refused_while_writable_view)
{
	int file, sec, rc, err;
	__u64 size;
	char *p;

	file = memfd_create("w", MFD_ALLOW_SEALING | MFD_CLOEXEC);
	ASSERT_LE(0, file);
	ASSERT_EQ(0, ftruncate(file, 64 * KiB));
	ASSERT_EQ(NT_STATUS_SUCCESS, create_file_section(file, RW, &sec));
	p = nts_map(sec, RW, &size);
	ASSERT_NE(NULL, p);
	p[0] = 'w';
	close(sec);
	rc = fcntl(file, F_ADD_SEALS, F_SEAL_WRITE);
	err = errno;
	EXPECT_EQ(-1, rc);
	EXPECT_EQ(EBUSY, err);
	EXPECT_EQ(NT_STATUS_SUCCESS, nts_unmap(p));
	rc = fcntl(file, F_ADD_SEALS, F_SEAL_WRITE);
	err = errno;
	EXPECT_EQ(0, rc) TH_LOG("F_SEAL_WRITE after the unmap: %s", strerror(err));
	close(file);
}

/* Windows takes SEC_LARGE_PAGES only with SEC_COMMIT. */
TEST_F(security, reserve_large_pages_refused)
{
	int sec = -1;

	EXPECT_STATUS(NT_STATUS_INVALID_PARAMETER_6,
		      errno_agrees(nts_create_anon(2 * MiB, RW, NT_SEC_RESERVE | NT_SEC_LARGE_PAGES,
						   &sec)));
	EXPECT_EQ(-1, sec);
	if (sec >= 0)
		close(sec);
}

/* NtQueryVirtualMemory(@addr), timed in milliseconds. */
static __u32 timed_query(char *addr, struct ntsection_vm_info *info, long long *ms)
{
	struct timespec t0, t1;
	__u32 status;

	clock_gettime(CLOCK_MONOTONIC, &t0);
	status = errno_agrees(nts_query_vm(addr, info));
	clock_gettime(CLOCK_MONOTONIC, &t1);
	*ms = (t1.tv_sec - t0.tv_sec) * 1000LL + (t1.tv_nsec - t0.tv_nsec) / 1000000;
	return status;
}

/* The regions of a 1 TiB SEC_RESERVE view come back without a walk of each page. */
TEST_F_TIMEOUT(security, query_huge_reserve_view_fast, 120)
{
	const __u64 size = 1ULL << 40, half = size / 2;
	struct nts_map m = { .protect = RO };
	struct ntsection_vm_info info;
	long long ms;
	__u32 status;
	char *p;
	int sec;

	if (sizeof(void *) < 8)
		SKIP(return, "needs a 64-bit address space");
	status = errno_agrees(nts_create_anon(size, RW, NT_SEC_RESERVE, &sec));
	if (status == NT_STATUS_NO_MEMORY || status == NT_STATUS_INSUFFICIENT_RESOURCES ||
	    status == NT_STATUS_COMMITMENT_LIMIT)
		SKIP(return, "a 1 TiB SEC_RESERVE section: status 0x%08x", status);
	ASSERT_EQ(NT_STATUS_SUCCESS, status);
	status = errno_agrees(nts_map_ex(sec, &m));
	if (status == NT_STATUS_NO_MEMORY || status == NT_STATUS_CONFLICTING_ADDRESSES)
		SKIP(goto out, "no 1 TiB hole for the view: status 0x%08x", status);
	ASSERT_EQ(NT_STATUS_SUCCESS, status);
	ASSERT_EQ(size, m.size);
	p = (char *)(uintptr_t)m.base;

	EXPECT_STATUS(NT_STATUS_SUCCESS, timed_query(p, &info, &ms));
	EXPECT_EQ(size, info.region_size);
	EXPECT_EQ(NT_MEM_RESERVE, info.state);
	ASSERT_GT(10000, ms) TH_LOG("the query took %lld ms", ms);

	EXPECT_STATUS(NT_STATUS_SUCCESS, errno_agrees(nts_commit(p + half, NT_PAGE, RO)));
	EXPECT_STATUS(NT_STATUS_SUCCESS, timed_query(p, &info, &ms));
	EXPECT_EQ((uintptr_t)p, info.base_address);
	EXPECT_EQ(half, info.region_size);
	EXPECT_EQ(NT_MEM_RESERVE, info.state);
	EXPECT_GT(10000, ms) TH_LOG("the query took %lld ms", ms);
	EXPECT_STATUS(NT_STATUS_SUCCESS, timed_query(p + half, &info, &ms));
	EXPECT_EQ((uintptr_t)p + half, info.base_address);
	EXPECT_EQ(NT_PAGE, info.region_size);
	EXPECT_EQ(NT_MEM_COMMIT, info.state);
	EXPECT_GT(10000, ms) TH_LOG("the query took %lld ms", ms);
	EXPECT_STATUS(NT_STATUS_SUCCESS, timed_query(p + half + NT_PAGE, &info, &ms));
	EXPECT_EQ((uintptr_t)p + half + NT_PAGE, info.base_address);
	EXPECT_EQ(half - NT_PAGE, info.region_size);
	EXPECT_EQ(NT_MEM_RESERVE, info.state);
	EXPECT_GT(10000, ms) TH_LOG("the query took %lld ms", ms);
	EXPECT_EQ(NT_STATUS_SUCCESS, nts_unmap(p));
out:
	close(sec);
}

static const char dofork_marker[] = "the parent's alone";

/*
 * A ViewUnmap view of a new section holding the marker, with MADV_DOFORK;
 * NULL when it cannot be made.
 */
static char *dofork_view(int *sec, __u64 *size)
{
	struct nts_map m = { .protect = RW, .inherit = NT_VIEW_UNMAP };
	char *p;

	if (nts_create_anon(NT_GRAN, RW, NT_SEC_COMMIT, sec) || nts_map_ex(*sec, &m))
		return NULL;
	p = (char *)(uintptr_t)m.base;
	*size = m.size;
	memcpy(p, dofork_marker, sizeof(dofork_marker));
	(void)madvise(p, m.size, MADV_DOFORK);
	return p;
}

/* MADV_DOFORK on a ViewUnmap view: the fork() child still has no view. */
TEST_F(security, dofork_does_not_inherit_viewunmap)
{
	const char *marker = dofork_marker;
	pid_t child;
	__u64 size;
	char *p;
	int sec, rc;

	p = dofork_view(&sec, &size);
	ASSERT_NE(NULL, p);
	child = fork();
	if (child == 0) {
		int sig = nts_probe(p, 0, 0);

		if (sig == SIGSEGV)
			_exit(0);
		if (sig)
			_exit(3);
		_exit(memcmp(p, marker, sizeof(dofork_marker)) ? 2 : 1);
	}
	rc = nts_wait_child(child);
	EXPECT_EQ(0, rc)
		TH_LOG("child: %d (1 read the marker, 2 read something, 3 another signal)", rc);
	EXPECT_STREQ(marker, p);
	EXPECT_EQ(NT_STATUS_SUCCESS, nts_unmap(p));
	close(sec);
}

/*
 * ...and remap_file_pages() in that child, which maps the view file again,
 * does not bring the view back: a ViewUnmap view file maps only into the
 * process it was made for. The child has no handle to the section.
 */
TEST_F(security, dofork_viewunmap_remap_in_child_refused)
{
	pid_t child;
	__u64 size;
	char *p;
	int sec, rc;

	p = dofork_view(&sec, &size);
	ASSERT_NE(NULL, p);
	close(sec);
	child = fork();
	if (child == 0) {
		long rr = syscall(SYS_remap_file_pages, p, size, 0, 0, 0);

		if (rr == 0 && nts_probe(p, 0, 0) == 0)
			_exit(memcmp(p, dofork_marker, sizeof(dofork_marker)) ? 2 : 1);
		if (rr == 0 && nts_probe(p, 1, 1) == 0)
			_exit(3);
		_exit(0);
	}
	rc = nts_wait_child(child);
	EXPECT_EQ(0, rc)
		TH_LOG("child: %d (1 read the marker, 2 read something, 3 wrote)", rc);
	EXPECT_STREQ(dofork_marker, p);
	EXPECT_EQ(NT_STATUS_SUCCESS, nts_unmap(p));
}

#if defined(__x86_64__)
static __u64 nts_count_lines(const char *path)
{
	FILE *f = fopen(path, "r");
	__u64 n = 0;
	int c;

	if (!f)
		return 0;
	while ((c = fgetc(f)) != EOF)
		n += c == '\n';
	fclose(f);
	return n;
}

/*
 * A 64-bit process that calls NTSECTION_IOC_MAP through the 32-bit entry
 * (int 0x80, the compat path, 4-byte pointers) is refused: its view would
 * land above 4 GiB at an address cut to 32 bits. The argument block and the
 * variables it points at are below 4 GiB (MAP_32BIT).
 */
TEST_F(security, compat_map_from_64bit_refused)
{
	struct {
		struct ntsection_map_args a;
		__u32 base, size;
	} *blk;
	__u64 before, after;
	long rc;
	int sec;

	blk = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_32BIT,
		   -1, 0);
	ASSERT_NE(MAP_FAILED, blk);
	ASSERT_GT(1ULL << 32, (uintptr_t)blk);
	ASSERT_EQ(NT_STATUS_SUCCESS, nts_create_anon(NT_GRAN, RW, NT_SEC_COMMIT, &sec));
	memset(blk, 0, sizeof(*blk));
	blk->a.section_fd = sec;
	blk->a.process_fd = NTSECTION_CURRENT_PROCESS;
	blk->a.base_address = (uintptr_t)&blk->base;
	blk->a.view_size = (uintptr_t)&blk->size;
	blk->a.inherit = NT_VIEW_SHARE;
	blk->a.protect = RW;
	blk->a.status = 0xdeadbeef;
	before = nts_count_lines("/proc/self/maps");
	/* i386 ioctl is 54; the block's size is the same on both ABIs. */
	asm volatile("int $0x80" : "=a"(rc)
		     : "0"(54L), "b"((long)nts_device()), "c"((long)NTSECTION_IOC_MAP),
		       "d"((long)(uintptr_t)&blk->a)
		     : "memory");
	after = nts_count_lines("/proc/self/maps");
	EXPECT_EQ(NT_STATUS_NOT_SUPPORTED, blk->a.status);
	EXPECT_EQ(-EOPNOTSUPP, rc);
	EXPECT_EQ(0, blk->base);
	EXPECT_EQ(before, after) TH_LOG("a view was left behind");
	close(sec);
	munmap(blk, 4096);
}
#endif

/* A ViewShare guard view in a fork() child: each process fires its own guards. */
TEST_F(security, fork_guard_pages_per_process)
{
	pid_t child;
	char *p;
	int sec, rc;

	ASSERT_EQ(NT_STATUS_SUCCESS, nts_create_anon(NT_GRAN, RW, NT_SEC_COMMIT, &sec));
	p = nts_map(sec, RW | NT_PAGE_GUARD, NULL);
	ASSERT_NE(NULL, p);
	child = fork();
	if (child == 0) {
		if (nts_probe(p, 0, 0) != SIGSEGV)
			_exit(1);
		_exit(nts_probe(p, 0, 0) ? 2 : 0);
	}
	rc = nts_wait_child(child);
	EXPECT_EQ(0, rc) TH_LOG("child: %d (1 first touch did not fault, 2 second did)", rc);
	EXPECT_EQ(SIGSEGV, nts_probe(p, 0, 0)) TH_LOG("the child fired the parent's guard");
	EXPECT_EQ(0, nts_probe(p, 0, 0));
	EXPECT_EQ(NT_STATUS_SUCCESS, nts_unmap(p));
	close(sec);
}

/* A fork() child's copy of a view, gone with the child, counts for nothing. */
TEST_F(security, views_counter_after_fork)
{
	const char *leaf = "security-views";
	char name[64];
	pid_t child;
	char *p;
	int sec;

	snprintf(name, sizeof(name), DIR "%s", leaf);
	ASSERT_EQ(NT_STATUS_SUCCESS, create_named(name, 0, NT_GRAN, 0, &sec));
	p = nts_map(sec, RW, NULL);
	ASSERT_NE(NULL, p);
	ASSERT_EQ(1, proc_views(leaf));
	child = fork();
	if (child == 0)
		_exit(0);
	ASSERT_EQ(0, nts_wait_child(child));
	EXPECT_EQ(1, proc_views(leaf));
	EXPECT_EQ(NT_STATUS_SUCCESS, nts_unmap(p));
	EXPECT_EQ(0, proc_views(leaf));
	close(sec);
}

/* An image section of the file at @path, all access: 0 or the status. */
static __u32 image_section_named(const char *path, const char *name, __u32 attrs, int *sec)
{
	struct nts_create c = { .access = NT_SECTION_ALL_ACCESS, .attrs = attrs,
				.protect = NT_PAGE_EXECUTE_WRITECOPY, .name = name };
	__u32 status;

	c.file_fd = open(path, O_RDONLY | O_CLOEXEC);
	if (c.file_fd < 0)
		return NT_STATUS_UNSUCCESSFUL;
	status = errno_agrees(nts_create_ex(&c, sec));
	close(c.file_fd);
	return status;
}

static __u32 image_section(const char *path, __u32 attrs, int *sec)
{
	return image_section_named(path, NULL, attrs, sec);
}

/* A view of image section @sec anywhere (at its base or not): NULL or the base. */
static unsigned char *image_view(int sec, __u32 protect, __u32 *status)
{
	struct nts_map m = { .protect = protect };

	*status = errno_agrees(nts_map_ex(sec, &m));
	return (__s32)*status >= 0 ? (unsigned char *)(uintptr_t)m.base : NULL;
}

/* The 1-page image of SPEC §10 tests, with a shared writable section at 0x2000. */
static void image_with_shared(struct img *m)
{
	img_init(m, 0);
	img_add(m, 1, 0x2000, 0x100, 0x100, 0x200, 0xd0000040);
}

/*
 * An image's shared writable section is written by every process that maps
 * the image: a handle without SECTION_MAP_WRITE cannot map it (before the
 * fix, a read-only handle of another user's named image wrote code there).
 * A handle without SECTION_MAP_EXECUTE maps nothing executable.
 */
#define IMG_ACCESS_NAME	"\\BaseNamedObjects\\ntsection-security-image"

/*
 * Image @m as a named section of a new file, and a handle of it with read
 * access only: 0, or -1. *@sec holds the name.
 */
static int image_read_handle(struct img *m, char *path, int *sec, int *ro)
{
	int fd = mkstemp(path);

	if (fd < 0)
		return -1;
	close(fd);
	unlink(path);
	if (img_write(m, path) ||
	    image_section_named(path, IMG_ACCESS_NAME, NT_SEC_IMAGE, sec))
		return -1;
	unlink(path);
	return nts_open(IMG_ACCESS_NAME, 0, NT_SECTION_MAP_READ | NT_SECTION_QUERY, ro) ? -1 : 0;
}

TEST_F(security, image_handle_access_caps_its_view)
{
	char path[] = "/tmp/ntsection-img-XXXXXX", path2[] = "/tmp/ntsection-img-XXXXXX";
	struct ntsection_vm_info vi;
	unsigned char *v;
	int sec, ro;
	struct img m;
	__u32 st;

	image_with_shared(&m);
	ASSERT_EQ(0, image_read_handle(&m, path, &sec, &ro));
	v = image_view(ro, NT_PAGE_READONLY, &st);
	EXPECT_EQ(NULL, v);
	EXPECT_EQ(NT_STATUS_ACCESS_DENIED, st);
	if (v)
		nts_unmap(v);
	close(ro);
	close(sec);

	img_init(&m, 0);
	ASSERT_EQ(0, image_read_handle(&m, path2, &sec, &ro));
	v = image_view(ro, NT_PAGE_READONLY, &st);
	ASSERT_NE(NULL, v);
	ASSERT_EQ(NT_STATUS_SUCCESS, nts_query_vm(v + 0x1000, &vi));
	EXPECT_EQ(NT_PAGE_READONLY, vi.protect);
	EXPECT_EQ(-1, mprotect(v + 0x1000, 0x1000, PROT_READ | PROT_EXEC));
	EXPECT_EQ(EACCES, errno);
	EXPECT_EQ(NT_STATUS_SUCCESS, nts_unmap(v));
	close(ro);
	close(sec);
}

static int image_sharing_as(void *arg)
{
	const char *path = arg;
	unsigned char *a, *b;
	int s1, s2, rc = 0;
	__u32 st;

	if (image_section(path, NT_SEC_IMAGE, &s1) || image_section(path, NT_SEC_IMAGE, &s2))
		return 1;
	a = image_view(s1, NT_PAGE_EXECUTE_WRITECOPY, &st);
	b = image_view(s2, NT_PAGE_EXECUTE_WRITECOPY, &st);
	if (!a || !b)
		return 2;
	a[0x2000] = 0x77;
	/* 0: one object, shared; 3: two objects. */
	rc = b[0x2000] == 0x77 ? 0 : 3;
	nts_unmap(a);
	nts_unmap(b);
	close(s1);
	close(s2);
	return rc;
}

/*
 * An image with a shared writable section is shared among the processes of
 * one user only, and never with a process that has privileges (here: root's
 * capabilities; the same rule covers setuid and setgid programs, whose ids
 * differ from their real ones): no process writes code that a more
 * privileged one runs (before the fix root shared it with anyone of the
 * same fsuid).
 */
TEST_F(security, image_shared_section_not_shared_with_privilege)
{
	char path[] = "/tmp/ntsection-img-XXXXXX";
	struct img m;
	int fd;

	if (geteuid() != 0)
		SKIP(return, "needs root (capabilities) and another user");
	fd = mkstemp(path);
	ASSERT_LE(0, fd);
	close(fd);
	unlink(path);
	image_with_shared(&m);
	ASSERT_EQ(0, img_write(&m, path));
	EXPECT_EQ(3, image_sharing_as(path));
	EXPECT_EQ(0, in_child(image_sharing_as, path, 1000));
	unlink(path);
}

/*
 * MemoryMappedFilenameInformation names the file the mapping process gave:
 * two hard links of one image name their own paths (before the fix, the
 * path of whoever made the image object first, even one in a directory
 * the caller cannot open).
 */
TEST_F(security, image_filename_is_the_mappers)
{
	char dir[] = "/tmp/ntsection-lnk-XXXXXX", p1[64], p2[64];
	union {
		struct { __u16 len, max; __u32 pad; __u64 buf; } us;
		unsigned char b[512];
	} u;
	unsigned char *a, *b;
	int s1, s2, i;
	char name[128];
	struct img m;
	__u32 st;

	ASSERT_NE(NULL, mkdtemp(dir));
	snprintf(p1, sizeof(p1), "%s/first.dll", dir);
	snprintf(p2, sizeof(p2), "%s/second.dll", dir);
	img_init(&m, 0);
	ASSERT_EQ(0, img_write(&m, p1));
	ASSERT_EQ(0, link(p1, p2));
	ASSERT_EQ(NT_STATUS_SUCCESS, image_section(p1, NT_SEC_IMAGE, &s1));
	ASSERT_EQ(NT_STATUS_SUCCESS, image_section(p2, NT_SEC_IMAGE, &s2));
	a = image_view(s1, NT_PAGE_EXECUTE_WRITECOPY, &st);
	b = image_view(s2, NT_PAGE_EXECUTE_WRITECOPY, &st);
	ASSERT_TRUE(a && b);
	EXPECT_EQ(NT_STATUS_SUCCESS, nts_same_files(a, b));
	ASSERT_EQ(NT_STATUS_SUCCESS, nts_query_vm_info(b, NT_MEMORY_MAPPED_FILENAME_INFORMATION,
						       &u, sizeof(u), NULL));
	for (i = 0; i < u.us.len / 2 && i < (int)sizeof(name) - 1; i++)
		name[i] = u.b[16 + 2 * i] == '\\' ? '/' : u.b[16 + 2 * i];
	name[i] = 0;
	EXPECT_STREQ(p2, name + strlen("/\?\?/unix"));
	nts_unmap(a);
	nts_unmap(b);
	close(s1);
	close(s2);
	unlink(p1);
	unlink(p2);
	rmdir(dir);
}

/*
 * Cases on a tmpfs of their own. The parent unmounts it (and clears
 * FS_APPEND_FL) whatever happens to the case: the harness runs no
 * in-process teardown after a failed ASSERT, so each case checks
 * nts_errno_mismatch itself at its end.
 */
FIXTURE(security_tmpfs) {
	char dir[64];		/* the tmpfs the case mounted, or "" */
	char append[128];	/* a file the case made append-only, or "" */
};

FIXTURE_SETUP(security_tmpfs)
{
	if (nts_device() < 0)
		SKIP(return, NTS_NO_DEVICE);
	if (geteuid() != 0)
		SKIP(return, "needs root to mount a tmpfs");
	nts_errno_mismatch = 0;
}

FIXTURE_TEARDOWN_PARENT(security_tmpfs)
{
	if (self->append[0])
		set_append(self->append, 0);
	if (self->dir[0]) {
		umount2(self->dir, MNT_DETACH);
		rmdir(self->dir);
	}
}

/* A tmpfs at @dir (self->dir, for the teardown): 0, or -1 with errno set. */
static int mount_tmpfs(char *dir, size_t len, unsigned long flags)
{
	int err;

	snprintf(dir, len, "/tmp/ntsection-security-XXXXXX");
	if (!mkdtemp(dir)) {
		dir[0] = 0;
		return -1;
	}
	if (mount("tmpfs", dir, "tmpfs", flags, "size=1m")) {
		err = errno;
		rmdir(dir);
		dir[0] = 0;
		errno = err;
		return -1;
	}
	return 0;
}

/* An append-only file gives no shared writable view. */
TEST_F(security_tmpfs, append_only_file)
{
	int file, sec, rc, err;
	char path[128];
	__u64 size;
	char *p;

	rc = mount_tmpfs(self->dir, sizeof(self->dir), 0);
	err = errno;
	ASSERT_EQ(0, rc) TH_LOG("mount: %s", strerror(err));
	snprintf(path, sizeof(path), "%s/append", self->dir);
	file = open(path, O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
	ASSERT_LE(0, file);
	ASSERT_EQ(0, fill(file, 64 * KiB, 'a'));
	close(file);
	rc = set_append(path, 1);
	err = rc ? errno : 0;
	if (err == EOPNOTSUPP || err == ENOTTY)
		SKIP(return, "tmpfs has no FS_APPEND_FL here: %s", strerror(err));
	ASSERT_EQ(0, err) TH_LOG("FS_IOC_SETFLAGS: %s", strerror(err));
	snprintf(self->append, sizeof(self->append), "%s", path);
	/* The flag holds: no opening for writing without O_APPEND. */
	file = open(path, O_RDWR | O_CLOEXEC);
	if (file >= 0)
		close(file);
	ASSERT_EQ(-1, file);

	file = open(path, O_RDWR | O_APPEND | O_CLOEXEC);
	ASSERT_LE(0, file);
	ASSERT_EQ(NT_STATUS_SUCCESS, create_file_section(file, RW, &sec));
	EXPECT_STATUS(NT_STATUS_ACCESS_DENIED, map_status(sec, RW));
	p = nts_map(sec, RO, &size);
	ASSERT_NE(NULL, p);
	EXPECT_EQ('a', p[0]);
	EXPECT_EQ('a', p[size - 1]);
	EXPECT_EQ(SIGSEGV, nts_probe(p, 1, 'x'));
	EXPECT_EQ(NT_STATUS_SUCCESS, nts_unmap(p));
	close(sec);
	close(file);
	EXPECT_EQ(0, set_append(path, 0));
	self->append[0] = 0;
	EXPECT_EQ(0, unlink(path));
	EXPECT_EQ(0, nts_errno_mismatch);
}

/* A file on a noexec mount gives no executable view. */
TEST_F(security_tmpfs, noexec_mount)
{
	static const __u32 exec_protects[] = {
		NT_PAGE_EXECUTE, NT_PAGE_EXECUTE_READ, NT_PAGE_EXECUTE_READWRITE,
		NT_PAGE_EXECUTE_WRITECOPY,
	};
	int file, sec, rc, err;
	char path[128];
	unsigned int i;
	__u64 size;
	__u32 status;
	void *x;
	char *p;

	rc = mount_tmpfs(self->dir, sizeof(self->dir), MS_NOEXEC);
	err = errno;
	ASSERT_EQ(0, rc) TH_LOG("mount: %s", strerror(err));
	snprintf(path, sizeof(path), "%s/noexec", self->dir);
	file = open(path, O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC, 0700);
	ASSERT_LE(0, file);
	ASSERT_EQ(0, fill(file, 64 * KiB, 'n'));
	/* The mount is noexec: a plain executable mmap() of the file fails. */
	x = mmap(NULL, NT_PAGE, PROT_READ | PROT_EXEC, MAP_PRIVATE, file, 0);
	if (x != MAP_FAILED)
		munmap(x, NT_PAGE);
	ASSERT_EQ(MAP_FAILED, x);

	ASSERT_EQ(NT_STATUS_SUCCESS, create_file_section(file, NT_PAGE_EXECUTE_READWRITE, &sec));
	for (i = 0; i < ARRAY_SIZE(exec_protects); i++) {
		status = map_status(sec, exec_protects[i]);
		EXPECT_EQ(NT_STATUS_ACCESS_DENIED, status)
			TH_LOG("view protection 0x%x: status 0x%08x", exec_protects[i], status);
	}
	p = nts_map(sec, RO, &size);
	ASSERT_NE(NULL, p);
	EXPECT_EQ('n', p[0]);
	EXPECT_EQ(-1, mprotect(p, size, PROT_READ | PROT_EXEC));
	EXPECT_EQ(NT_STATUS_SUCCESS, nts_unmap(p));
	close(sec);
	close(file);
	EXPECT_EQ(0, unlink(path));
	EXPECT_EQ(0, nts_errno_mismatch);
}

/*
 * An image from a noexec mount maps only as SEC_IMAGE_NO_EXECUTE: any of
 * its pages could be made executable otherwise (before the fix, an image
 * without a code section mapped, and mprotect() made it executable).
 */
TEST_F(security_tmpfs, image_noexec_mount)
{
	char path[128];
	unsigned char *v;
	struct img m;
	int sec, rc, err;
	__u32 st;

	rc = mount_tmpfs(self->dir, sizeof(self->dir), MS_NOEXEC);
	err = errno;
	ASSERT_EQ(0, rc) TH_LOG("mount: %s", strerror(err));
	snprintf(path, sizeof(path), "%s/data.dll", self->dir);
	img_init(&m, 0);
	put32(img_section(&m) + 36, 0x40000040);	/* .text: read-only data */
	ASSERT_EQ(0, img_write(&m, path));
	ASSERT_EQ(NT_STATUS_SUCCESS, image_section(path, NT_SEC_IMAGE, &sec));
	v = image_view(sec, NT_PAGE_EXECUTE_WRITECOPY, &st);
	EXPECT_EQ(NULL, v);
	EXPECT_EQ(NT_STATUS_ACCESS_DENIED, st);
	if (v)
		nts_unmap(v);
	close(sec);
	ASSERT_EQ(NT_STATUS_SUCCESS, image_section(path, NT_SEC_IMAGE_NO_EXECUTE, &sec));
	v = image_view(sec, NT_PAGE_READONLY, &st);
	ASSERT_NE(NULL, v);
	EXPECT_EQ(-1, mprotect(v + 0x1000, 0x1000, PROT_READ | PROT_EXEC));
	EXPECT_EQ(0xcc, v[0x1000]);
	EXPECT_EQ(NT_STATUS_SUCCESS, nts_unmap(v));
	close(sec);
	EXPECT_EQ(0, unlink(path));
	EXPECT_EQ(0, nts_errno_mismatch);
}

/*
 * With shmem_enabled=always, shmem would back a view with 2 MiB folios,
 * which a single fault could map whole: the cases below set it, and the
 * teardown gives the old value back whatever happens to the case (the
 * harness runs a parent teardown after a crash or a failed ASSERT too; only
 * its timeout, which kills the whole process group, would skip it).
 */
FIXTURE(security_thp) {
	char saved[32];
};

FIXTURE_SETUP(security_thp)
{
	char buf[256], *open_br, *close_br;
	FILE *f;

	if (nts_device() < 0)
		SKIP(return, NTS_NO_DEVICE);
	nts_errno_mismatch = 0;
	f = fopen(THP_SHMEM, "r");
	if (!f)
		SKIP(return, "no %s (no transparent huge pages for shmem)", THP_SHMEM);
	if (!fgets(buf, sizeof(buf), f))
		buf[0] = 0;
	fclose(f);
	if (geteuid() != 0)
		SKIP(return, "needs root to write %s", THP_SHMEM);
	open_br = strchr(buf, '[');
	close_br = open_br ? strchr(open_br, ']') : NULL;
	ASSERT_NE(NULL, close_br) TH_LOG("%s reads \"%s\"", THP_SHMEM, buf);
	snprintf(self->saved, sizeof(self->saved), "%.*s", (int)(close_br - open_br - 1),
		 open_br + 1);
	ASSERT_EQ(0, nts_write_str(THP_SHMEM, "always"));
}

FIXTURE_TEARDOWN_PARENT(security_thp)
{
	/* No EXPECT: after a failed ASSERT its TH_LOG would print regardless. */
	if (self->saved[0] && nts_write_str(THP_SHMEM, self->saved)) {
		TH_LOG("could not restore %s to %s", THP_SHMEM, self->saved);
		_metadata->exit_code = KSFT_FAIL;
	}
}

/* A 4 MiB view of @sec at a 2 MiB-aligned address, or NULL. */
static char *map_huge_aligned(struct __test_metadata *_metadata, int sec, __u32 protect)
{
	char *hole = free_aligned(4 * MiB, 2 * MiB);
	struct nts_map m = { .size = 4 * MiB, .protect = protect };
	__u32 status;

	if (!hole)
		return NULL;
	m.base = (uintptr_t)hole;
	status = errno_agrees(nts_map_ex(sec, &m));
	EXPECT_STATUS(NT_STATUS_SUCCESS, status);
	if (status)
		return NULL;
	EXPECT_EQ((uintptr_t)hole, m.base);
	return (char *)(uintptr_t)m.base;
}

/* Committing and touching one page commits no other page of its 2 MiB. */
TEST_F(security_thp, reserve_huge_shmem_always)
{
	static const int pages[] = { 1, 100, 511 };
	unsigned int i;
	int sec, sig;
	char *p;

	ASSERT_EQ(NT_STATUS_SUCCESS, nts_create_anon(4 * MiB, RW, NT_SEC_RESERVE, &sec));
	p = map_huge_aligned(_metadata, sec, RW);
	ASSERT_NE(NULL, p);
	ASSERT_EQ(NT_STATUS_SUCCESS, nts_commit(p, NT_PAGE, RW));
	ASSERT_EQ(0, nts_probe(p, 1, 'c'));
	for (i = 0; i < ARRAY_SIZE(pages); i++) {
		sig = nts_probe(p + pages[i] * NT_PAGE, 0, 0);
		EXPECT_EQ(SIGSEGV, sig) TH_LOG("uncommitted page %d: signal %d", pages[i], sig);
	}
	EXPECT_EQ(NT_STATUS_SUCCESS, nts_unmap(p));
	close(sec);
	EXPECT_EQ(0, nts_errno_mismatch);
}

/* Firing one guard page fires no other page of its 2 MiB. */
TEST_F(security_thp, guard_huge_shmem_always)
{
	static const int pages[] = { 0, 1, 300 };
	unsigned int i;
	char *p;
	int sec;

	ASSERT_EQ(NT_STATUS_SUCCESS, nts_create_anon(4 * MiB, RW, NT_SEC_COMMIT, &sec));
	p = map_huge_aligned(_metadata, sec, RW | NT_PAGE_GUARD);
	ASSERT_NE(NULL, p);
	for (i = 0; i < ARRAY_SIZE(pages); i++) {
		EXPECT_EQ(SIGSEGV, nts_probe(p + pages[i] * NT_PAGE, 0, 0))
			TH_LOG("the first touch of page %d did not fault", pages[i]);
		EXPECT_EQ(0, nts_probe(p + pages[i] * NT_PAGE, 0, 0))
			TH_LOG("the second touch of page %d faulted", pages[i]);
	}
	EXPECT_EQ(NT_STATUS_SUCCESS, nts_unmap(p));
	close(sec);
	EXPECT_EQ(0, nts_errno_mismatch);
}

TEST_HARNESS_MAIN
