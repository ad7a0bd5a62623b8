// SPDX-License-Identifier: GPL-2.0-only
/*
 * ntsection selftests: NtFlushVirtualMemory (NTSECTION_IOC_FLUSH, SPEC §12).
 *
 * The data test needs a file system that writes back to a disk: tmpfs
 * keeps every page dirty in memory and proves nothing. It makes an ext2
 * image on tmpfs (busybox mke2fs), mounts it through a loop device and
 * reads the image file itself, at the block FIEMAP gives, to see what has
 * reached the "disk". Periodic writeback is switched off meanwhile, so a
 * page the call did not write stays dirty in the page cache and the image
 * keeps the old bytes: the test fails if the flush does nothing. Without a
 * loop device or ext4 driver (a stock kernel without those modules in its
 * initramfs), or without root, that test is skipped.
 */
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <linux/fiemap.h>
#include <linux/fs.h>

#include "kselftest_harness.h"
#include "ntsection_test.h"

#define FT_IMG		"/tmp/ntsection-flush.img"
#define FT_MNT		"/tmp/ntsection-flush-mnt"
#define FT_WB		"/proc/sys/vm/dirty_writeback_centisecs"

/* IO_STATUS_BLOCK in this program's data model (16 bytes, or 8 for -m32). */
struct ft_iosb {
	union {
		__u32 status;
		uintptr_t pointer;
	};
	uintptr_t information;
};

/*
 * The ioctl with BaseAddress, RegionSize and IoStatus in variables of this
 * program; @base and @size are in/out. A failure before the writeback ran
 * must leave the three alone.
 */
static __u32 ft_flush_in(__u32 process, void **base, size_t *size, struct ft_iosb *iosb)
{
	struct ntsection_flush_args a = {
		.process_fd = process, .base_address = NTS_PTR(base),
		.region_size = NTS_PTR(size), .io_status = NTS_PTR(iosb), .status = 0xdeadbeef,
	};
	int rc = ioctl(nts_device(), NTSECTION_IOC_FLUSH, &a);

	nts_check_rc(rc, a.status);
	return a.status;
}

static __u32 ft_flush(void **base, size_t *size, struct ft_iosb *iosb)
{
	return ft_flush_in(NTSECTION_CURRENT_PROCESS, base, size, iosb);
}

/* Expect @status from a flush of (@base, @size) and no output written. */
static __u32 ft_flush_fails(void *base, size_t size)
{
	struct ft_iosb iosb = { .pointer = 0x11111111, .information = 0x2222 };
	void *b = base;
	size_t s = size;
	__u32 st = ft_flush(&b, &s, &iosb);

	if (b != base || s != size || iosb.pointer != 0x11111111 || iosb.information != 0x2222)
		nts_mismatch("FLUSH 0x%08x wrote its outputs", st);
	return st;
}

static __u32 create_section(int file, __u32 protect, int *fd)
{
	struct nts_create c = { .access = NT_SECTION_ALL_ACCESS, .protect = protect,
				.attrs = NT_SEC_COMMIT, .file_fd = file };

	return nts_create_ex(&c, fd);
}

FIXTURE(flush) {
	int file;
};

FIXTURE_SETUP(flush)
{
	if (nts_device() < 0)
		SKIP(return, NTS_NO_DEVICE);
	nts_errno_mismatch = 0;
	self->file = nts_tmpfile(8 * NT_PAGE, O_RDWR, 'a');
	ASSERT_LE(0, self->file);
}

FIXTURE_TEARDOWN(flush)
{
	EXPECT_EQ(0, nts_errno_mismatch);
	if (self->file >= 0)
		close(self->file);
}

/* Base rounded down, size rounded up, IoStatus = { SUCCESS, bytes }. */
TEST_F(flush, outputs)
{
	struct ft_iosb iosb = { .pointer = (uintptr_t)NTS_POISON };
	size_t size;
	__u64 vsize;
	void *base;
	char *p;
	int sec;

	ASSERT_EQ(NT_STATUS_SUCCESS, create_section(self->file, NT_PAGE_READWRITE, &sec));
	p = nts_map(sec, NT_PAGE_READWRITE, &vsize);
	ASSERT_NE(NULL, p);
	ASSERT_EQ(8 * NT_PAGE, vsize);

	base = p + NT_PAGE + 5;
	size = 10;
	EXPECT_EQ(NT_STATUS_SUCCESS, ft_flush(&base, &size, &iosb));
	EXPECT_EQ(p + NT_PAGE, base);
	EXPECT_EQ(NT_PAGE, size);
	/* The whole first member: Status, and zeros above it on 64-bit. */
	EXPECT_EQ(NT_STATUS_SUCCESS, iosb.pointer);
	EXPECT_EQ(NT_PAGE, iosb.information);

	/* A range across a page boundary takes both pages. */
	base = p + NT_PAGE - 1;
	size = 2;
	EXPECT_EQ(NT_STATUS_SUCCESS, ft_flush(&base, &size, &iosb));
	EXPECT_EQ(p, base);
	EXPECT_EQ(2 * NT_PAGE, size);

	/* Size 0: to the end of the view, from the rounded base. */
	base = p + 3 * NT_PAGE + 100;
	size = 0;
	EXPECT_EQ(NT_STATUS_SUCCESS, ft_flush(&base, &size, &iosb));
	EXPECT_EQ(p + 3 * NT_PAGE, base);
	EXPECT_EQ(5 * NT_PAGE, size);
	EXPECT_EQ(5 * NT_PAGE, iosb.information);

	/* The last byte of the view is fine; one more is past it. */
	base = p;
	size = vsize;
	EXPECT_EQ(NT_STATUS_SUCCESS, ft_flush(&base, &size, &iosb));
	EXPECT_EQ(NT_STATUS_NOT_MAPPED_VIEW, ft_flush_fails(p, vsize + 1));
	EXPECT_EQ(NT_STATUS_NOT_MAPPED_VIEW, ft_flush_fails(p + NT_PAGE, vsize));

	EXPECT_EQ(NT_STATUS_SUCCESS, nts_unmap(p));
	EXPECT_EQ(NT_STATUS_NOT_MAPPED_VIEW, ft_flush_fails(p, 0));
	close(sec);
}

/* A read-only and a WRITECOPY view of a file are data views too. */
TEST_F(flush, readonly_and_writecopy)
{
	struct ft_iosb iosb;
	size_t size = 0;
	void *base;
	char *p;
	int sec;

	ASSERT_EQ(NT_STATUS_SUCCESS, create_section(self->file, NT_PAGE_READWRITE, &sec));
	p = nts_map(sec, NT_PAGE_READONLY, NULL);
	ASSERT_NE(NULL, p);
	base = p;
	EXPECT_EQ(NT_STATUS_SUCCESS, ft_flush(&base, &size, &iosb));
	EXPECT_EQ(8 * NT_PAGE, size);
	EXPECT_EQ(NT_STATUS_SUCCESS, nts_unmap(p));
	p = nts_map(sec, NT_PAGE_WRITECOPY, NULL);
	ASSERT_NE(NULL, p);
	p[0] = 'w';
	base = p;
	size = 1;
	EXPECT_EQ(NT_STATUS_SUCCESS, ft_flush(&base, &size, &iosb));
	EXPECT_EQ(NT_PAGE, size);
	EXPECT_EQ(NT_STATUS_SUCCESS, nts_unmap(p));
	close(sec);
}

/*
 * Windows (MmFlushVirtualMemory): a view of a pagefile-backed section is
 * NOT_MAPPED_DATA; private and free memory NOT_MAPPED_VIEW.
 */
TEST_F(flush, not_a_file_view)
{
	char *p, *priv;
	int sec;

	ASSERT_EQ(NT_STATUS_SUCCESS, nts_create_anon(4 * NT_PAGE, NT_PAGE_READWRITE,
						     NT_SEC_COMMIT, &sec));
	p = nts_map(sec, NT_PAGE_READWRITE, NULL);
	ASSERT_NE(NULL, p);
	p[0] = 1;
	EXPECT_EQ(NT_STATUS_NOT_MAPPED_DATA, ft_flush_fails(p, 0));
	EXPECT_EQ(NT_STATUS_NOT_MAPPED_DATA, ft_flush_fails(p + 5, 1));
	EXPECT_EQ(NT_STATUS_SUCCESS, nts_unmap(p));
	close(sec);

	priv = mmap(NULL, 4 * NT_PAGE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS,
		    -1, 0);
	ASSERT_NE(MAP_FAILED, priv);
	priv[0] = 1;
	EXPECT_EQ(NT_STATUS_NOT_MAPPED_VIEW, ft_flush_fails(priv, 0));
	/* A plain shared mapping of a file is no view either. */
	p = mmap(NULL, NT_PAGE, PROT_READ | PROT_WRITE, MAP_SHARED, self->file, 0);
	ASSERT_NE(MAP_FAILED, p);
	EXPECT_EQ(NT_STATUS_NOT_MAPPED_VIEW, ft_flush_fails(p, 0));
	munmap(p, NT_PAGE);
	munmap(priv, 4 * NT_PAGE);
	EXPECT_EQ(NT_STATUS_NOT_MAPPED_VIEW, ft_flush_fails(priv, 0));
	EXPECT_EQ(NT_STATUS_NOT_MAPPED_VIEW, ft_flush_fails(NULL, 0));
}

/* The checks before the handle, and the handle. */
TEST_F(flush, parameters)
{
	struct ntsection_flush_args a = {};
	struct ft_iosb iosb;
	size_t size = 0;
	void *base = NULL;
	char *p;
	int sec, rc;

	ASSERT_EQ(NT_STATUS_SUCCESS, create_section(self->file, NT_PAGE_READWRITE, &sec));
	p = nts_map(sec, NT_PAGE_READWRITE, NULL);
	ASSERT_NE(NULL, p);

	/* Base past the user address space, or a range reaching past it. */
	EXPECT_EQ(NT_STATUS_INVALID_PARAMETER_2, ft_flush_fails((void *)NTS_KERNEL_PTR, 0));
	EXPECT_EQ(NT_STATUS_INVALID_PARAMETER_2, ft_flush_fails(p, (size_t)-1 - (size_t)p));
	EXPECT_EQ(NT_STATUS_INVALID_PARAMETER_2, ft_flush_fails(p, SIZE_MAX));

	/* The three pointers: read first (ACCESS_VIOLATION). */
	base = p;
	a.process_fd = NTSECTION_CURRENT_PROCESS;
	a.base_address = 0;
	a.region_size = NTS_PTR(&size);
	a.io_status = NTS_PTR(&iosb);
	rc = ioctl(nts_device(), NTSECTION_IOC_FLUSH, &a);
	nts_check_rc(rc, a.status);
	EXPECT_EQ(NT_STATUS_ACCESS_VIOLATION, a.status);
	a.base_address = NTS_PTR(&base);
	a.region_size = NTS_KERNEL_PTR;
	rc = ioctl(nts_device(), NTSECTION_IOC_FLUSH, &a);
	nts_check_rc(rc, a.status);
	EXPECT_EQ(NT_STATUS_ACCESS_VIOLATION, a.status);
	a.region_size = NTS_PTR(&size);
	a.io_status = 0;
	rc = ioctl(nts_device(), NTSECTION_IOC_FLUSH, &a);
	nts_check_rc(rc, a.status);
	EXPECT_EQ(NT_STATUS_ACCESS_VIOLATION, a.status);
	EXPECT_EQ(p, base);

	/* Handles: garbage, a file that is no process, a section. */
	size = 0;
	EXPECT_EQ(NT_STATUS_INVALID_HANDLE, ft_flush_in(0x7ffffff0, &base, &size, &iosb));
	EXPECT_EQ(NT_STATUS_OBJECT_TYPE_MISMATCH,
		  ft_flush_in((__u32)self->file, &base, &size, &iosb));
	EXPECT_EQ(NT_STATUS_OBJECT_TYPE_MISMATCH, ft_flush_in((__u32)sec, &base, &size, &iosb));
	EXPECT_EQ(p, base);
	EXPECT_EQ(0, size);

	/* An output that cannot be written is ignored (Windows' try block). */
	a.io_status = NTS_PTR(nts_page(PROT_READ));
	rc = ioctl(nts_device(), NTSECTION_IOC_FLUSH, &a);
	nts_check_rc(rc, a.status);
	EXPECT_EQ(NT_STATUS_SUCCESS, a.status);
	EXPECT_EQ(p, base);
	EXPECT_EQ(8 * NT_PAGE, size);

	EXPECT_EQ(NT_STATUS_SUCCESS, nts_unmap(p));
	close(sec);
}

/* The physical byte offset of @fd's byte 0 on its device (FIEMAP). */
static long long ft_physical(int fd)
{
	char buf[sizeof(struct fiemap) + sizeof(struct fiemap_extent)] = {};
	struct fiemap *fm = (struct fiemap *)buf;

	fm->fm_length = ~0ULL;
	fm->fm_flags = FIEMAP_FLAG_SYNC;
	fm->fm_extent_count = 1;
	if (ioctl(fd, FS_IOC_FIEMAP, fm) || fm->fm_mapped_extents < 1 ||
	    fm->fm_extents[0].fe_logical != 0 ||
	    (fm->fm_extents[0].fe_flags & (FIEMAP_EXTENT_UNKNOWN | FIEMAP_EXTENT_DELALLOC |
					   FIEMAP_EXTENT_ENCODED)) ||
	    fm->fm_extents[0].fe_length < 4 * NT_PAGE)
		return -1;
	return (long long)fm->fm_extents[0].fe_physical;
}

/* What the disk (the image file) holds at @phys. */
static int ft_disk_is(int img, long long phys, const char *want, size_t n)
{
	char buf[64] = {};

	if (n > sizeof(buf) || pread(img, buf, n, phys) != (ssize_t)n)
		return -1;
	return !memcmp(buf, want, n);
}

FIXTURE(disk) {
	int mounted;
	int img;
	int file;
	char wb[32];
};

FIXTURE_SETUP(disk)
{
	self->mounted = 0;
	self->img = -1;
	self->file = -1;
	self->wb[0] = 0;
	if (nts_device() < 0)
		SKIP(return, NTS_NO_DEVICE);
	nts_errno_mismatch = 0;
	if (geteuid())
		SKIP(return, "needs root (mount)");
	mkdir(FT_MNT, 0755);
	self->img = open(FT_IMG, O_RDWR | O_CREAT | O_TRUNC, 0600);
	ASSERT_LE(0, self->img);
	ASSERT_EQ(0, ftruncate(self->img, 32 * MiB));
	close(self->img);
	self->img = -1;
	if (system("busybox mke2fs -F -b 4096 " FT_IMG " >/dev/null") ||
	    system("busybox mount -o loop -t ext4 " FT_IMG " " FT_MNT))
		SKIP(return, "no loop-mounted ext4 here (loop or ext4 driver missing)");
	self->mounted = 1;
	ASSERT_LT(0, nts_read_str(FT_WB, self->wb, sizeof(self->wb)));
	/* No periodic writeback: what is dirty stays dirty until written. */
	ASSERT_EQ(0, nts_write_str(FT_WB, "0"));
	self->img = open(FT_IMG, O_RDONLY);
	ASSERT_LE(0, self->img);
}

FIXTURE_TEARDOWN(disk)
{
	if (self->file >= 0)
		close(self->file);
	if (self->img >= 0)
		close(self->img);
	if (self->wb[0])
		nts_write_str(FT_WB, self->wb);
	if (self->mounted)
		EXPECT_EQ(0, umount(FT_MNT));
	unlink(FT_IMG);
	EXPECT_EQ(0, nts_errno_mismatch);
}

/*
 * Bytes written through a view reach the disk with the flush, only in the
 * range flushed, and not before it.
 */
TEST_F(disk, written_back)
{
	char buf[4096];
	struct ft_iosb iosb;
	long long phys;
	size_t size;
	void *base;
	char *p;
	int sec;

	self->file = open(FT_MNT "/data", O_RDWR | O_CREAT, 0600);
	ASSERT_LE(0, self->file);
	memset(buf, 'a', sizeof(buf));
	for (int i = 0; i < 4; i++)
		ASSERT_EQ(sizeof(buf), write(self->file, buf, sizeof(buf)));
	ASSERT_EQ(0, fsync(self->file));
	phys = ft_physical(self->file);
	ASSERT_LE(0, phys);
	ASSERT_EQ(1, ft_disk_is(self->img, phys + NT_PAGE + 16, "aaaaaaaa", 8));

	ASSERT_EQ(NT_STATUS_SUCCESS, create_section(self->file, NT_PAGE_READWRITE, &sec));
	p = nts_map(sec, NT_PAGE_READWRITE, NULL);
	ASSERT_NE(NULL, p);
	memcpy(p + NT_PAGE + 16, "FLUSHED1", 8);
	memcpy(p + 2 * NT_PAGE + 16, "FLUSHED2", 8);
	memcpy(p + 3 * NT_PAGE + 16, "FLUSHED3", 8);
	/* Not on the disk yet: the test would see a flush that did nothing. */
	EXPECT_EQ(1, ft_disk_is(self->img, phys + NT_PAGE + 16, "aaaaaaaa", 8));

	base = p + NT_PAGE + 16;
	size = 8;
	EXPECT_EQ(NT_STATUS_SUCCESS, ft_flush(&base, &size, &iosb));
	EXPECT_EQ(p + NT_PAGE, base);
	EXPECT_EQ(NT_PAGE, size);
	EXPECT_EQ(NT_STATUS_SUCCESS, iosb.status);
	EXPECT_EQ(NT_PAGE, iosb.information);
	EXPECT_EQ(1, ft_disk_is(self->img, phys + NT_PAGE + 16, "FLUSHED1", 8));
	/* Only the range asked for. */
	EXPECT_EQ(1, ft_disk_is(self->img, phys + 2 * NT_PAGE + 16, "aaaaaaaa", 8));

	/* Size 0: the rest of the view. */
	base = p + 2 * NT_PAGE;
	size = 0;
	EXPECT_EQ(NT_STATUS_SUCCESS, ft_flush(&base, &size, &iosb));
	EXPECT_EQ(2 * NT_PAGE, size);
	EXPECT_EQ(1, ft_disk_is(self->img, phys + 2 * NT_PAGE + 16, "FLUSHED2", 8));
	EXPECT_EQ(1, ft_disk_is(self->img, phys + 3 * NT_PAGE + 16, "FLUSHED3", 8));

	EXPECT_EQ(NT_STATUS_SUCCESS, nts_unmap(p));
	close(sec);
}

/* The child's side of other_process: map, write, report, wait. */
static void ft_child(int file, int report, int wait_fd, int on_disk)
{
	char *p;
	int sec;
	char c;

	if (create_section(file, NT_PAGE_READWRITE, &sec))
		_exit(1);
	p = nts_map(sec, NT_PAGE_READWRITE, NULL);
	if (!p)
		_exit(2);
	if (on_disk)
		memcpy(p + 16, "CHILD!!!", 8);
	if (write(report, &p, sizeof(p)) != sizeof(p))
		_exit(3);
	if (read(wait_fd, &c, 1) < 0)
		_exit(4);
	_exit(0);
}

static pid_t ft_spawn(int file, int on_disk, char **view, int *release)
{
	int up[2], down[2];
	pid_t pid;

	if (pipe(up) || pipe(down))
		return -1;
	pid = fork();
	if (!pid) {
		close(up[0]);
		close(down[1]);
		ft_child(file, up[1], down[0], on_disk);
	}
	close(up[1]);
	close(down[0]);
	if (read(up[0], view, sizeof(*view)) != sizeof(*view))
		pid = -1;
	close(up[0]);
	*release = down[1];
	return pid;
}

static __u32 ft_open_process(pid_t pid, __u32 access, int *fd)
{
	int pidfd = (int)syscall(SYS_pidfd_open, pid, 0);
	uintptr_t handle = 0;
	struct ntsection_open_process_args a = {
		.process_handle = NTS_PTR(&handle), .access = access,
		.pidfd = (__u32)pidfd, .flags = NTSECTION_PROCESS_PIDFD, .status = 0xdeadbeef,
	};
	int rc;

	if (pidfd < 0)
		return NT_STATUS_UNSUCCESSFUL;
	rc = ioctl(nts_device(), NTSECTION_IOC_OPEN_PROCESS, &a);
	nts_check_rc(rc, a.status);
	close(pidfd);
	*fd = a.status ? -1 : (int)NTSECTION_HANDLE_TO_FD(handle);
	return a.status;
}

/*
 * Another process's view: the handle needs PROCESS_VM_OPERATION (Windows'
 * NtFlushVirtualMemory), and the flush writes that process's view. On the
 * disk when there is one.
 */
static void ft_other_process(struct __test_metadata *_metadata, int file, int img,
			     long long phys)
{
	struct ft_iosb iosb;
	int release, h, status;
	char *view = NULL;
	size_t size;
	void *base;
	pid_t pid;

	pid = ft_spawn(file, phys >= 0, &view, &release);
	ASSERT_LT(0, pid);
	ASSERT_EQ(NT_STATUS_SUCCESS, ft_open_process(pid, NT_PROCESS_QUERY_INFORMATION, &h));
	base = view;
	size = 0;
	EXPECT_EQ(NT_STATUS_ACCESS_DENIED, ft_flush_in((__u32)h, &base, &size, &iosb));
	close(h);
	ASSERT_EQ(NT_STATUS_SUCCESS, ft_open_process(pid, NT_PROCESS_VM_OPERATION, &h));
	/* The view is the child's: in this process the address is free. */
	EXPECT_EQ(NT_STATUS_NOT_MAPPED_VIEW, ft_flush_fails(view, 0));
	if (phys >= 0)
		EXPECT_EQ(1, ft_disk_is(img, phys + 16, "aaaaaaaa", 8));
	base = view + 20;
	size = 0;
	if (sizeof(void *) == 4) {
		/* A 32-bit caller reaches no other process (process.c). */
		EXPECT_EQ(NT_STATUS_NOT_SUPPORTED, ft_flush_in((__u32)h, &base, &size, &iosb));
		close(release);
		ASSERT_EQ(pid, waitpid(pid, &status, 0));
		close(h);
		return;
	}
	EXPECT_EQ(NT_STATUS_SUCCESS, ft_flush_in((__u32)h, &base, &size, &iosb));
	EXPECT_EQ(view, base);
	EXPECT_EQ(4 * NT_PAGE, size);
	EXPECT_EQ(4 * NT_PAGE, iosb.information);
	if (phys >= 0)
		EXPECT_EQ(1, ft_disk_is(img, phys + 16, "CHILD!!!", 8));
	base = view;
	size = 5 * NT_PAGE;
	EXPECT_EQ(NT_STATUS_NOT_MAPPED_VIEW, ft_flush_in((__u32)h, &base, &size, &iosb));
	close(release);
	ASSERT_EQ(pid, waitpid(pid, &status, 0));
	EXPECT_EQ(0, status);
	/* The process is gone; its handle stays. */
	base = view;
	size = 0;
	EXPECT_EQ(NT_STATUS_PROCESS_IS_TERMINATING, ft_flush_in((__u32)h, &base, &size, &iosb));
	close(h);
}

TEST_F(disk, other_process)
{
	char buf[4096];
	long long phys;

	self->file = open(FT_MNT "/other", O_RDWR | O_CREAT, 0600);
	ASSERT_LE(0, self->file);
	memset(buf, 'a', sizeof(buf));
	for (int i = 0; i < 4; i++)
		ASSERT_EQ(sizeof(buf), write(self->file, buf, sizeof(buf)));
	ASSERT_EQ(0, fsync(self->file));
	phys = ft_physical(self->file);
	ASSERT_LE(0, phys);
	ft_other_process(_metadata, self->file, self->img, phys);
}

/* The same on tmpfs, for the statuses, where no disk can be mounted. */
TEST_F(flush, other_process)
{
	ASSERT_EQ(0, ftruncate(self->file, 4 * NT_PAGE));
	ft_other_process(_metadata, self->file, -1, -1);
}

TEST_HARNESS_MAIN
