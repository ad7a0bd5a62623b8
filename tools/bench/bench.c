// SPDX-License-Identifier: GPL-2.0-only
/*
 * ntsection benchmark: sections and views against the kernel's own shared
 * memory (memfd, shm_open, a huge tmpfs) in the same guest, in one run:
 * through the raw ioctls, and (the lib-* figures) through libntsection's
 * NT calls, <ntsection.h>, linked statically.
 *
 * Every figure runs in rounds; each round measures both sides, the order
 * flipped from one round to the next so that drift hits both alike. A
 * figure reports, per side, the median over the rounds and the spread
 * (interquartile range over median), and the ratio ntsection/native as the
 * median of the per-round ratios. Bookkeeping is the growth of the slab
 * allocator (summed /proc/slabinfo: active objects times object size) over
 * the last three quarters of N objects made and kept, per object. `make
 * bench` runs this in a guest; Documentation/performance.rst explains each
 * figure.
 *
 * Usage: bench [-r ROUNDS] [-n OBJECTS]
 */
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <sched.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/mount.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/utsname.h>
#include <sys/wait.h>

#include <ntsection.h>

#define KIB		1024UL
#define MIB		(1024UL * KIB)
#define PAGE_SZ		4096UL
#define LARGE_SZ	(2 * MIB)
#define MAX_ROUNDS	63
#define MAX_CACHES	512

#define NT_NAME		"\\BaseNamedObjects\\ntsbench"
#define SHM_NAME	"/ntsbench"
#define HUGE_DIR	"/tmp/ntsbench-huge"

enum { NT, NATIVE };

static const char * const side_name[] = { "ntsection", "native" };

/* What one run measures; every size is a multiple of 2 MiB or 64 KiB. */
static struct {
	int rounds;
	unsigned long ft_size;	/* first-touch */
	unsigned long rf_size;	/* re-fault */
	int rf_passes;		/* map, read, unmap: times per sample */
	unsigned long pf_size;	/* prefault */
	int mu_iters;		/* map+unmap pairs per sample */
	int ob_iters;		/* opens per sample */
	int lc_iters;		/* create, map, touch, close, unmap: per sample */
	unsigned long tt_size;	/* two threads */
	unsigned long lp_size;	/* large pages */
	int bk_count;		/* objects alive at once, bookkeeping */
	int bk_rounds;
	int cpus;
} par = {
	.rounds = 25,
	.ft_size = 8 * MIB,
	.rf_size = 16 * MIB,
	.rf_passes = 2,
	.pf_size = 8 * MIB,
	.mu_iters = 1000,
	.ob_iters = 2000,
	.lc_iters = 500,
	.tt_size = 8 * MIB,
	.lp_size = 16 * MIB,
	.bk_count = 8000,
	.bk_rounds = 3,
};

static int dev = -1;

static void fail(const char *fmt, ...)
{
	int err = errno;
	va_list ap;

	fflush(stdout);
	fprintf(stderr, "bench: error: ");
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fprintf(stderr, " (errno %d: %s)\n", err, strerror(err));
	exit(1);
}

static __u64 now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (__u64)ts.tv_sec * 1000000000ULL + (__u64)ts.tv_nsec;
}

/* Minor faults of the calling thread so far. */
static long thread_faults(void)
{
	struct rusage ru;

	getrusage(RUSAGE_THREAD, &ru);
	return ru.ru_minflt;
}

static void pin_to_cpu(int cpu)
{
	cpu_set_t set;

	CPU_ZERO(&set);
	CPU_SET(cpu % par.cpus, &set);
	sched_setaffinity(0, sizeof(set), &set);
}

static void touch_write(char *p, unsigned long len)
{
	unsigned long off;

	for (off = 0; off < len; off += PAGE_SZ)
		__atomic_store_n(p + off, 1, __ATOMIC_RELAXED);
}

static unsigned long touch_read(const char *p, unsigned long len)
{
	unsigned long off, sum = 0;

	for (off = 0; off < len; off += PAGE_SZ)
		sum += __atomic_load_n(p + off, __ATOMIC_RELAXED);
	return sum;
}

/*
 * ntsection: the raw ioctls (as in selftests/ntsection/ntsection_test.h),
 * with the Windows structures of <ntsection.h> their pointers lead to.
 */

struct nt_name {
	WCHAR buf[64];
	UNICODE_STRING us;
	OBJECT_ATTRIBUTES oa;
};

static void nt_name_init(struct nt_name *n, const char *s)
{
	size_t i;

	for (i = 0; s[i] && i < 63; i++)
		n->buf[i] = (unsigned char)s[i];
	n->buf[i] = 0;
	RtlInitUnicodeString(&n->us, n->buf);
	InitializeObjectAttributes(&n->oa, &n->us, 0, NULL, NULL);
}

static int nt_create(__u64 size, __u32 attrs, struct nt_name *name)
{
	LARGE_INTEGER max = { .QuadPart = (LONGLONG)size };
	HANDLE h;
	struct ntsection_create_args a = {
		.section_handle = (uintptr_t)&h,
		.object_attributes = name ? (uintptr_t)&name->oa : 0,
		.maximum_size = (uintptr_t)&max,
		.desired_access = NT_SECTION_ALL_ACCESS,
		.protect = NT_PAGE_READWRITE,
		.alloc_attributes = attrs,
		.file_fd = NTSECTION_NO_FILE,
	};
	int fd;

	fd = ioctl(dev, NTSECTION_IOC_CREATE, &a);
	if (fd < 0)
		fail("NTSECTION_IOC_CREATE: status 0x%08x", a.status);
	return fd;
}

static int nt_open(struct nt_name *name)
{
	HANDLE h;
	struct ntsection_open_args a = {
		.section_handle = (uintptr_t)&h,
		.object_attributes = (uintptr_t)&name->oa,
		.desired_access = NT_SECTION_MAP_READ | NT_SECTION_MAP_WRITE,
	};
	int fd = ioctl(dev, NTSECTION_IOC_OPEN, &a);

	if (fd < 0)
		fail("NTSECTION_IOC_OPEN: status 0x%08x", a.status);
	return fd;
}

static char *nt_map(int fd, __u64 size, __u64 commit)
{
	PVOID base = NULL;
	SIZE_T view_size = size;
	struct ntsection_map_args a = {
		.section_fd = (__u32)fd,
		.process_fd = NTSECTION_CURRENT_PROCESS,
		.base_address = (uintptr_t)&base,
		.commit_size = commit,
		.view_size = (uintptr_t)&view_size,
		.inherit = NT_VIEW_SHARE,
		.protect = NT_PAGE_READWRITE,
	};

	if (ioctl(dev, NTSECTION_IOC_MAP, &a))
		fail("NTSECTION_IOC_MAP: status 0x%08x", a.status);
	return base;
}

static void nt_unmap(void *addr)
{
	struct ntsection_unmap_args a = {
		.process_fd = NTSECTION_CURRENT_PROCESS,
		.base = (uintptr_t)addr,
	};

	if (ioctl(dev, NTSECTION_IOC_UNMAP, &a))
		fail("NTSECTION_IOC_UNMAP: status 0x%08x", a.status);
}

/*
 * A region: a section and its view, or the native object and its mapping.
 * Native objects are memfds, or files on a huge tmpfs for large pages
 * (what the module does for SEC_LARGE_PAGES).
 */
struct region {
	int side;
	int large;
	int fd;
	unsigned long size;
	char *addr;
};

static void region_open(struct region *r, int side, unsigned long size, __u32 attrs)
{
	memset(r, 0, sizeof(*r));
	r->side = side;
	r->size = size;
	r->large = !!(attrs & NT_SEC_LARGE_PAGES);
	if (side == NT) {
		r->fd = nt_create(size, attrs, NULL);
		return;
	}
	if (r->large) {
		r->fd = open(HUGE_DIR "/f", O_RDWR | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
		if (r->fd >= 0)
			unlink(HUGE_DIR "/f");
	} else {
		r->fd = memfd_create("ntsbench", MFD_CLOEXEC);
	}
	if (r->fd < 0 || ftruncate(r->fd, size))
		fail("native object of %lu bytes", size);
}

/* Native large pages: a 2 MiB-aligned mapping, as the module places views. */
static char *map_aligned(int fd, unsigned long size)
{
	char *res, *p;

	res = mmap(NULL, size + LARGE_SZ, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (res == MAP_FAILED)
		return res;
	p = (char *)(((uintptr_t)res + LARGE_SZ - 1) & ~(uintptr_t)(LARGE_SZ - 1));
	if (p > res)
		munmap(res, p - res);
	munmap(p + size, res + size + LARGE_SZ - (p + size));
	p = mmap(p, size, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_FIXED, fd, 0);
	if (p != MAP_FAILED)
		madvise(p, size, MADV_HUGEPAGE);
	return p;
}

/* Map the whole region; @commit: CommitSize, or MAP_POPULATE when native. */
static void region_map(struct region *r, int commit)
{
	if (r->side == NT) {
		r->addr = nt_map(r->fd, r->size, commit ? r->size : 0);
		return;
	}
	if (r->large)
		r->addr = map_aligned(r->fd, r->size);
	else
		r->addr = mmap(NULL, r->size, PROT_READ | PROT_WRITE,
			       MAP_SHARED | (commit ? MAP_POPULATE : 0), r->fd, 0);
	if (r->addr == MAP_FAILED)
		fail("mmap of %lu bytes", r->size);
}

static void region_unmap(struct region *r)
{
	if (r->side == NT)
		nt_unmap(r->addr);
	else if (munmap(r->addr, r->size))
		fail("munmap");
	r->addr = NULL;
}

static void region_close(struct region *r)
{
	if (r->addr)
		region_unmap(r);
	close(r->fd);
}

/* ShmemPmdMapped of the mapping at @addr, in KiB (from /proc/self/smaps). */
static long pmd_mapped_kb(const char *addr)
{
	unsigned long start, end;
	char line[256];
	long kb = -1;
	int in = 0;
	FILE *f;

	f = fopen("/proc/self/smaps", "r");
	if (!f)
		return -1;
	while (fgets(line, sizeof(line), f)) {
		if (sscanf(line, "%lx-%lx ", &start, &end) == 2 && strchr(line, '-') &&
		    line[0] != ' ') {
			in = start == (uintptr_t)addr;
			continue;
		}
		if (in && sscanf(line, "ShmemPmdMapped: %ld kB", &kb) == 1)
			break;
	}
	fclose(f);
	return kb;
}

/* Figures. */

struct sample {
	double value;	/* per unit */
	double faults;	/* minor faults per unit */
	double single;	/* two-thread: one thread on a region as big, per unit */
};

struct figure {
	const char *key;
	const char *label;
	const char *unit;
	const char *target;	/* text for the table */
	double limit;		/* ratio target, 0: none */
	struct sample (*run)(int side);
	void (*setup)(void);
	void (*teardown)(void);
	double v[2][MAX_ROUNDS];
	double f[2][MAX_ROUNDS];
	double single[2][MAX_ROUNDS];
	double med[2], spread[2], faults[2], ratio, ratio_q1, ratio_q3;
};

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

/* The q-quantile of n values, linearly interpolated. */
static double quantile(const double *v, int n, double q)
{
	double s[MAX_ROUNDS], pos;
	int i;

	memcpy(s, v, n * sizeof(*v));
	qsort(s, n, sizeof(*s), cmp_double);
	pos = q * (n - 1);
	i = (int)pos;
	if (i >= n - 1)
		return s[n - 1];
	return s[i] + (pos - i) * (s[i + 1] - s[i]);
}

static struct sample first_touch(int side)
{
	struct region r;
	struct sample s = { 0 };
	__u64 t0, t1;
	long f0, f1;

	region_open(&r, side, par.ft_size, NT_SEC_COMMIT);
	region_map(&r, 0);
	f0 = thread_faults();
	t0 = now_ns();
	touch_write(r.addr, r.size);
	t1 = now_ns();
	f1 = thread_faults();
	region_close(&r);
	s.value = (double)(t1 - t0) / (r.size / PAGE_SZ);
	s.faults = (double)(f1 - f0) / (r.size / PAGE_SZ);
	return s;
}

/* Re-fault: the object stays, written once, across the rounds. */
static struct region resident[2];

static void refault_setup(void)
{
	int side;

	for (side = 0; side < 2; side++) {
		region_open(&resident[side], side, par.rf_size, NT_SEC_COMMIT);
		region_map(&resident[side], 0);
		touch_write(resident[side].addr, par.rf_size);
		region_unmap(&resident[side]);
	}
}

static void refault_teardown(void)
{
	region_close(&resident[NT]);
	region_close(&resident[NATIVE]);
}

static struct sample refault(int side)
{
	struct region *r = &resident[side];
	unsigned long pages = par.rf_passes * (r->size / PAGE_SZ);
	__u64 ns = 0, t0;
	struct sample s = { 0 };
	long faults = 0, f0;
	int i;

	for (i = 0; i < par.rf_passes; i++) {
		region_map(r, 0);
		f0 = thread_faults();
		t0 = now_ns();
		touch_read(r->addr, r->size);
		ns += now_ns() - t0;
		faults += thread_faults() - f0;
		region_unmap(r);
	}
	s.value = (double)ns / pages;
	s.faults = (double)faults / pages;
	return s;
}

/*
 * Committing at map time: from the map call until every page is resident
 * and written once. ntsection: a SEC_RESERVE section mapped with CommitSize
 * covering the view (the module commits but does not prefault, so the pages
 * come in by faults); native: mmap(MAP_POPULATE). @madv adds
 * MADV_POPULATE_WRITE on the view, what userspace can do today.
 */
static struct sample prefault_common(int side, int madv)
{
	struct region r;
	struct sample s = { 0 };
	__u64 t0, t1;
	long f0, f1;

	region_open(&r, side, par.pf_size, side == NT ? NT_SEC_RESERVE : 0);
	f0 = thread_faults();
	t0 = now_ns();
	region_map(&r, 1);
	if (madv && side == NT && madvise(r.addr, r.size, MADV_POPULATE_WRITE))
		fail("MADV_POPULATE_WRITE");
	touch_write(r.addr, r.size);
	t1 = now_ns();
	f1 = thread_faults();
	region_close(&r);
	s.value = (double)(t1 - t0) / (r.size / PAGE_SZ);
	s.faults = (double)(f1 - f0) / (r.size / PAGE_SZ);
	return s;
}

static struct sample prefault(int side)
{
	return prefault_common(side, 0);
}

static struct sample prefault_madvise(int side)
{
	return prefault_common(side, 1);
}

static struct sample map_unmap(int side)
{
	const unsigned long size = 64 * KIB;
	struct region r;
	struct sample s = { 0 };
	__u64 t0, t1;
	char *p;
	int i;

	region_open(&r, side, size, NT_SEC_COMMIT);
	t0 = now_ns();
	for (i = 0; i < par.mu_iters; i++) {
		if (side == NT) {
			nt_unmap(nt_map(r.fd, size, 0));
			continue;
		}
		p = mmap(NULL, size, PROT_READ | PROT_WRITE, MAP_SHARED, r.fd, 0);
		if (p == MAP_FAILED || munmap(p, size))
			fail("mmap+munmap");
	}
	t1 = now_ns();
	region_close(&r);
	s.value = (double)(t1 - t0) / par.mu_iters;
	s.faults = 0;
	return s;
}

/*
 * Map and unmap timed apart, to see which half costs, and for ntsection
 * each half also by the plain system call: mmap(2) of the section handle,
 * munmap(2) of the view. Native always uses mmap(2) and munmap(2).
 */
enum { TIME_MAP = 1, TIME_UNMAP = 2, MAP_BY_MMAP = 4, UNMAP_BY_MUNMAP = 8, NATIVE_ALIGNED = 16 };

/*
 * Native, placed where the module places a view: the highest 64 KiB-aligned
 * spot of the first gap that fits size + 60 KiB, whatever hole that leaves.
 * Only the final mmap() is timed (into @ns).
 */
static char *mmap_aligned64(int fd, unsigned long size, __u64 *ns)
{
	unsigned long span = size + 64 * KIB - PAGE_SZ;
	char *res, *p;
	__u64 t0;

	res = mmap(NULL, span, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (res == MAP_FAILED)
		return res;
	munmap(res, span);
	p = (char *)(((uintptr_t)res + 64 * KIB - 1) & ~(uintptr_t)(64 * KIB - 1));
	t0 = now_ns();
	p = mmap(p, size, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_FIXED_NOREPLACE, fd, 0);
	*ns = now_ns() - t0;
	return p;
}

static struct sample map_unmap_apart(int side, int how)
{
	const unsigned long size = 64 * KIB;
	int map_ioctl = side == NT && !(how & MAP_BY_MMAP);
	int unmap_ioctl = side == NT && !(how & UNMAP_BY_MUNMAP);
	int aligned = side == NATIVE && (how & NATIVE_ALIGNED);
	__u64 ns = 0, map_ns, t0, t1, t2;
	struct region r;
	struct sample s = { 0 };
	char *p;
	int i;

	region_open(&r, side, size, NT_SEC_COMMIT);
	for (i = 0; i < par.mu_iters; i++) {
		t0 = now_ns();
		if (aligned)
			p = mmap_aligned64(r.fd, size, &map_ns);
		else if (map_ioctl)
			p = nt_map(r.fd, size, 0);
		else
			p = mmap(NULL, size, PROT_READ | PROT_WRITE, MAP_SHARED, r.fd, 0);
		if (p == MAP_FAILED)
			fail("mmap");
		t1 = now_ns();
		if (!aligned)
			map_ns = t1 - t0;
		if (unmap_ioctl)
			nt_unmap(p);
		else if (munmap(p, size))
			fail("munmap");
		t2 = now_ns();
		ns += (how & TIME_UNMAP) ? t2 - t1 : map_ns;
	}
	region_close(&r);
	s.value = (double)ns / par.mu_iters;
	s.faults = 0;
	return s;
}

static struct sample map_only(int side)
{
	return map_unmap_apart(side, TIME_MAP);
}

static struct sample unmap_only(int side)
{
	return map_unmap_apart(side, TIME_UNMAP);
}

static struct sample map_by_mmap(int side)
{
	return map_unmap_apart(side, TIME_MAP | MAP_BY_MMAP);
}

static struct sample unmap_by_munmap(int side)
{
	return map_unmap_apart(side, TIME_UNMAP | UNMAP_BY_MUNMAP);
}

static struct sample map_vs_aligned(int side)
{
	return map_unmap_apart(side, TIME_MAP | NATIVE_ALIGNED);
}

static struct sample munmap_vs_aligned(int side)
{
	return map_unmap_apart(side, TIME_UNMAP | UNMAP_BY_MUNMAP | NATIVE_ALIGNED);
}

/*
 * What the 64 KiB granularity costs native code itself: a memfd mapped and
 * unmapped where the module would place a view (the "ntsection" column),
 * against plain mmap(2), which lands flush against its neighbour. Only the
 * final mmap() and the munmap() are timed.
 */
static struct sample native_hole(int side)
{
	const unsigned long size = 64 * KIB;
	__u64 ns = 0, map_ns, t0, t1;
	struct region r;
	struct sample s = { 0 };
	char *p;
	int i;

	region_open(&r, NATIVE, size, NT_SEC_COMMIT);
	for (i = 0; i < par.mu_iters; i++) {
		t0 = now_ns();
		if (side == NT) {
			p = mmap_aligned64(r.fd, size, &map_ns);
		} else {
			p = mmap(NULL, size, PROT_READ | PROT_WRITE, MAP_SHARED, r.fd, 0);
			map_ns = now_ns() - t0;
		}
		if (p == MAP_FAILED)
			fail("mmap");
		t1 = now_ns();
		if (munmap(p, size))
			fail("munmap");
		ns += map_ns + now_ns() - t1;
	}
	region_close(&r);
	s.value = (double)ns / par.mu_iters;
	s.faults = 0;
	return s;
}

/* The floor of any ioctl: NTSECTION_IOC_VERSION against getppid(2). */
static struct sample null_call(int side)
{
	struct ntsection_version ver;
	struct sample s = { 0 };
	__u64 t0, t1;
	int i;

	t0 = now_ns();
	for (i = 0; i < par.ob_iters; i++) {
		if (side == NT && ioctl(dev, NTSECTION_IOC_VERSION, &ver))
			fail("NTSECTION_IOC_VERSION");
		else if (side == NATIVE)
			getppid();
	}
	t1 = now_ns();
	s.value = (double)(t1 - t0) / par.ob_iters;
	s.faults = 0;
	return s;
}

static struct nt_name nt_name;
static int named_fd[2] = { -1, -1 };

static void open_setup(void)
{
	nt_name_init(&nt_name, NT_NAME);
	named_fd[NT] = nt_create(64 * KIB, NT_SEC_COMMIT, &nt_name);
	named_fd[NATIVE] = shm_open(SHM_NAME, O_RDWR | O_CREAT | O_CLOEXEC, 0600);
	if (named_fd[NATIVE] < 0 || ftruncate(named_fd[NATIVE], 64 * KIB))
		fail("shm_open(" SHM_NAME ") (is /dev/shm a tmpfs?)");
}

static void open_teardown(void)
{
	close(named_fd[NT]);
	close(named_fd[NATIVE]);
	shm_unlink(SHM_NAME);
}

static struct sample open_by_name(int side)
{
	struct sample s = { 0 };
	__u64 t0, t1;
	int i, fd;

	t0 = now_ns();
	for (i = 0; i < par.ob_iters; i++) {
		if (side == NT)
			fd = nt_open(&nt_name);
		else
			fd = shm_open(SHM_NAME, O_RDWR | O_CLOEXEC, 0);
		if (fd < 0)
			fail("shm_open");
		close(fd);
	}
	t1 = now_ns();
	s.value = (double)(t1 - t0) / par.ob_iters;
	s.faults = 0;
	return s;
}

struct toucher {
	pthread_t thread;
	pthread_barrier_t *start;
	int cpu;
	char *addr;
	unsigned long len;
	__u64 t0, t1;
	long faults;
};

static void *toucher_main(void *arg)
{
	struct toucher *t = arg;
	long f0;

	pin_to_cpu(t->cpu);
	pthread_barrier_wait(t->start);
	f0 = thread_faults();
	t->t0 = now_ns();
	touch_write(t->addr, t->len);
	t->t1 = now_ns();
	t->faults = thread_faults() - f0;
	return NULL;
}

static struct sample two_threads(int side)
{
	pthread_barrier_t start;
	struct toucher t[2];
	struct region r;
	struct sample s = { 0 };
	__u64 t0, t1;
	int i;

	region_open(&r, side, par.tt_size, NT_SEC_COMMIT);
	region_map(&r, 0);
	pthread_barrier_init(&start, NULL, 2);
	for (i = 0; i < 2; i++) {
		t[i].start = &start;
		t[i].cpu = i;
		t[i].len = r.size / 2;
		t[i].addr = r.addr + i * t[i].len;
		if (pthread_create(&t[i].thread, NULL, toucher_main, &t[i]))
			fail("pthread_create");
	}
	for (i = 0; i < 2; i++)
		pthread_join(t[i].thread, NULL);
	pthread_barrier_destroy(&start);
	region_close(&r);
	t0 = t[0].t0 < t[1].t0 ? t[0].t0 : t[1].t0;
	t1 = t[0].t1 > t[1].t1 ? t[0].t1 : t[1].t1;
	s.value = (double)(t1 - t0) / (r.size / PAGE_SZ);
	s.faults = (double)(t[0].faults + t[1].faults) / (r.size / PAGE_SZ);

	/* The same work by one thread, right after: the scaling baseline. */
	region_open(&r, side, par.tt_size, NT_SEC_COMMIT);
	region_map(&r, 0);
	t0 = now_ns();
	touch_write(r.addr, r.size);
	t1 = now_ns();
	region_close(&r);
	s.single = (double)(t1 - t0) / (r.size / PAGE_SZ);
	return s;
}

static long large_pmd_kb[2];

static struct sample large_pages(int side)
{
	struct region r;
	struct sample s = { 0 };
	__u64 t0, t1;
	long f0, f1;

	region_open(&r, side, par.lp_size, NT_SEC_COMMIT | NT_SEC_LARGE_PAGES);
	region_map(&r, 0);
	f0 = thread_faults();
	t0 = now_ns();
	touch_write(r.addr, r.size);
	t1 = now_ns();
	f1 = thread_faults();
	large_pmd_kb[side] = pmd_mapped_kb(r.addr);
	region_close(&r);
	s.value = (double)(t1 - t0) / (r.size / LARGE_SZ);
	s.faults = (double)(f1 - f0) / (r.size / LARGE_SZ);
	return s;
}

/*
 * The library's rows: the same work through libntsection's NT calls, each
 * of them one ioctl, against the same native work.
 */

static HANDLE lib_create(unsigned long size, struct nt_name *name)
{
	LARGE_INTEGER max = { .QuadPart = (LONGLONG)size };
	NTSTATUS st;
	HANDLE h;

	st = NtCreateSection(&h, SECTION_ALL_ACCESS, name ? &name->oa : NULL, &max,
			     PAGE_READWRITE, SEC_COMMIT, NULL);
	if (!NT_SUCCESS(st))
		fail("NtCreateSection: status 0x%08x", (ULONG)st);
	return h;
}

/* A view of the whole section, anywhere. */
static char *lib_map(HANDLE h)
{
	PVOID base = NULL;
	SIZE_T view_size = 0;
	NTSTATUS st;

	st = NtMapViewOfSection(h, NtCurrentProcess(), &base, 0, 0, NULL, &view_size,
				ViewShare, 0, PAGE_READWRITE);
	if (!NT_SUCCESS(st))
		fail("NtMapViewOfSection: status 0x%08x", (ULONG)st);
	return base;
}

static void lib_unmap(void *base)
{
	NTSTATUS st = NtUnmapViewOfSection(NtCurrentProcess(), base);

	if (!NT_SUCCESS(st))
		fail("NtUnmapViewOfSection: status 0x%08x", (ULONG)st);
}

static void lib_close(HANDLE h)
{
	NTSTATUS st = NtClose(h);

	if (!NT_SUCCESS(st))
		fail("NtClose: status 0x%08x", (ULONG)st);
}

static int memfd_of(unsigned long size)
{
	int fd = memfd_create("ntsbench", MFD_CLOEXEC);

	if (fd < 0 || ftruncate(fd, size))
		fail("memfd of %lu bytes", size);
	return fd;
}

static struct sample lib_map_unmap(int side)
{
	const unsigned long size = 64 * KIB;
	struct sample s = { 0 };
	HANDLE h = NULL;
	__u64 t0, t1;
	int i, fd = -1;
	char *p;

	if (side == NT)
		h = lib_create(size, NULL);
	else
		fd = memfd_of(size);
	t0 = now_ns();
	for (i = 0; i < par.mu_iters; i++) {
		if (side == NT) {
			lib_unmap(lib_map(h));
			continue;
		}
		p = mmap(NULL, size, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
		if (p == MAP_FAILED || munmap(p, size))
			fail("mmap+munmap");
	}
	t1 = now_ns();
	if (side == NT)
		lib_close(h);
	else
		close(fd);
	s.value = (double)(t1 - t0) / par.mu_iters;
	return s;
}

/*
 * placeholder-replace: a 64 KiB placeholder replaced by a view of a section
 * (NtMapViewOfSectionEx, MEM_REPLACE_PLACEHOLDER) and given back
 * (NtUnmapViewOfSectionEx, MEM_PRESERVE_PLACEHOLDER), vs the native way to
 * the same effect: mmap(MAP_FIXED) of a memfd over a PROT_NONE reservation,
 * then mmap(PROT_NONE, MAP_FIXED) over it again.
 */
static struct sample placeholder_replace(int side)
{
	const unsigned long size = 64 * KIB;
	struct sample s = { 0 };
	PVOID base = NULL;
	SIZE_T region = size;
	HANDLE h = NULL;
	__u64 t0, t1;
	int i, fd = -1;
	char *p = NULL;

	if (side == NT) {
		h = lib_create(size, NULL);
		if (NtAllocateVirtualMemoryEx(NtCurrentProcess(), &base, &region,
					      MEM_RESERVE | MEM_RESERVE_PLACEHOLDER, PAGE_NOACCESS,
					      NULL, 0))
			fail("placeholder");
	} else {
		fd = memfd_of(size);
		p = mmap(NULL, size, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
		if (p == MAP_FAILED)
			fail("reservation");
	}
	t0 = now_ns();
	for (i = 0; i < par.mu_iters; i++) {
		if (side == NT) {
			PVOID at = base;
			SIZE_T vs = 0;

			if (NtMapViewOfSectionEx(h, NtCurrentProcess(), &at, NULL, &vs,
						 MEM_REPLACE_PLACEHOLDER, PAGE_READWRITE, NULL,
						 0) ||
			    NtUnmapViewOfSectionEx(NtCurrentProcess(), at,
						   MEM_PRESERVE_PLACEHOLDER))
				fail("placeholder replace");
			continue;
		}
		if (mmap(p, size, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_FIXED, fd, 0) != p ||
		    mmap(p, size, PROT_NONE,
			 MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE | MAP_FIXED, -1, 0) != p)
			fail("mmap(MAP_FIXED) pair");
	}
	t1 = now_ns();
	if (side == NT) {
		region = 0;
		if (NtFreeVirtualMemory(NtCurrentProcess(), &base, &region, MEM_RELEASE))
			fail("placeholder release");
		lib_close(h);
	} else {
		munmap(p, size);
		close(fd);
	}
	s.value = (double)(t1 - t0) / par.mu_iters;
	return s;
}

/*
 * remote-map-unmap: NtMapViewOfSection + NtUnmapViewOfSection into a child
 * blocked in read() (each call runs in the child: a task work, the child
 * woken and its read() restarted) vs the same calls into this process.
 */
static pid_t remote_child = -1;
static int remote_pipe[2] = { -1, -1 };
static HANDLE remote_process;

static void remote_setup(void)
{
	CLIENT_ID cid = { 0 };
	OBJECT_ATTRIBUTES oa;
	NTSTATUS st;
	char c;

	if (pipe(remote_pipe))
		fail("pipe");
	remote_child = fork();
	if (remote_child < 0)
		fail("fork");
	if (!remote_child) {
		close(remote_pipe[1]);
		_exit(read(remote_pipe[0], &c, 1) < 0);
	}
	close(remote_pipe[0]);
	InitializeObjectAttributes(&oa, NULL, 0, NULL, NULL);
	cid.UniqueProcess = (HANDLE)(ULONG_PTR)remote_child;
	st = NtOpenProcess(&remote_process, PROCESS_VM_OPERATION, &oa, &cid);
	if (!NT_SUCCESS(st))
		fail("NtOpenProcess: status 0x%08x", (ULONG)st);
}

static void remote_teardown(void)
{
	NtClose(remote_process);
	close(remote_pipe[1]);
	waitpid(remote_child, NULL, 0);
	remote_child = -1;
}

static struct sample remote_map_unmap(int side)
{
	HANDLE process = side == NT ? remote_process : NtCurrentProcess();
	HANDLE h = lib_create(64 * KIB, NULL);
	struct sample s = { 0 };
	SIZE_T view_size;
	__u64 t0, t1;
	NTSTATUS st;
	PVOID base;
	int i;

	t0 = now_ns();
	for (i = 0; i < par.mu_iters; i++) {
		base = NULL;
		view_size = 0;
		st = NtMapViewOfSection(h, process, &base, 0, 0, NULL, &view_size, ViewShare, 0,
					PAGE_READWRITE);
		if (NT_SUCCESS(st))
			st = NtUnmapViewOfSection(process, base);
		if (!NT_SUCCESS(st))
			fail("remote map+unmap: status 0x%08x", (ULONG)st);
	}
	t1 = now_ns();
	lib_close(h);
	s.value = (double)(t1 - t0) / par.mu_iters;
	return s;
}

static struct nt_name lib_name;
static HANDLE lib_named;
static int lib_shm = -1;

static void lib_open_setup(void)
{
	nt_name_init(&lib_name, NT_NAME);
	lib_named = lib_create(64 * KIB, &lib_name);
	lib_shm = shm_open(SHM_NAME, O_RDWR | O_CREAT | O_CLOEXEC, 0600);
	if (lib_shm < 0 || ftruncate(lib_shm, 64 * KIB))
		fail("shm_open(" SHM_NAME ") (is /dev/shm a tmpfs?)");
}

static void lib_open_teardown(void)
{
	lib_close(lib_named);
	close(lib_shm);
	shm_unlink(SHM_NAME);
}

static struct sample lib_open_by_name(int side)
{
	struct sample s = { 0 };
	__u64 t0, t1;
	NTSTATUS st;
	HANDLE h;
	int i, fd;

	t0 = now_ns();
	for (i = 0; i < par.ob_iters; i++) {
		if (side == NT) {
			st = NtOpenSection(&h, SECTION_MAP_READ | SECTION_MAP_WRITE,
					   &lib_name.oa);
			if (!NT_SUCCESS(st))
				fail("NtOpenSection: status 0x%08x", (ULONG)st);
			lib_close(h);
			continue;
		}
		fd = shm_open(SHM_NAME, O_RDWR | O_CLOEXEC, 0);
		if (fd < 0)
			fail("shm_open");
		close(fd);
	}
	t1 = now_ns();
	s.value = (double)(t1 - t0) / par.ob_iters;
	return s;
}

/*
 * A section's whole life: create 64 KiB, map, write one byte, close the
 * handle, unmap (the view kept the section until then), against memfd_create,
 * ftruncate, mmap, the write, close, munmap.
 */
static struct sample lib_lifecycle(int side)
{
	const unsigned long size = 64 * KIB;
	struct sample s = { 0 };
	__u64 t0, t1;
	long f0, f1;
	HANDLE h;
	char *p;
	int i, fd;

	f0 = thread_faults();
	t0 = now_ns();
	for (i = 0; i < par.lc_iters; i++) {
		if (side == NT) {
			h = lib_create(size, NULL);
			p = lib_map(h);
			__atomic_store_n(p, 1, __ATOMIC_RELAXED);
			lib_close(h);
			lib_unmap(p);
			continue;
		}
		fd = memfd_of(size);
		p = mmap(NULL, size, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
		if (p == MAP_FAILED)
			fail("mmap");
		__atomic_store_n(p, 1, __ATOMIC_RELAXED);
		close(fd);
		if (munmap(p, size))
			fail("munmap");
	}
	t1 = now_ns();
	f1 = thread_faults();
	s.value = (double)(t1 - t0) / par.lc_iters;
	s.faults = (double)(f1 - f0) / par.lc_iters;
	return s;
}

/* first-touch, the view made with NtCreateSection and NtMapViewOfSection. */
static struct sample lib_first_touch(int side)
{
	struct sample s = { 0 };
	struct region r;
	HANDLE h = NULL;
	__u64 t0, t1;
	long f0, f1;
	char *p;

	if (side == NT) {
		h = lib_create(par.ft_size, NULL);
		p = lib_map(h);
	} else {
		region_open(&r, side, par.ft_size, 0);
		region_map(&r, 0);
		p = r.addr;
	}
	f0 = thread_faults();
	t0 = now_ns();
	touch_write(p, par.ft_size);
	t1 = now_ns();
	f1 = thread_faults();
	if (side == NT) {
		lib_unmap(p);
		lib_close(h);
	} else {
		region_close(&r);
	}
	s.value = (double)(t1 - t0) / (par.ft_size / PAGE_SZ);
	s.faults = (double)(f1 - f0) / (par.ft_size / PAGE_SZ);
	return s;
}

/*
 * Image sections: a 20 MiB PE32+ DLL written here (512-byte FileAlignment,
 * DYNAMIC_BASE, one DIR64 relocation per page of .rdata), mapped as an
 * image against mmap(MAP_PRIVATE) of the same file.
 */
#define IMG_PATH	"/tmp/ntsbench.dll"
#define IMG_TEXT	(12 * MIB)
#define IMG_RDATA	(4 * MIB)
#define IMG_DATA	(4 * MIB - 64 * KIB)
#define IMG_RELOC_VA	(0x1000 + IMG_TEXT + IMG_RDATA + IMG_DATA)
#define IMG_RELOC_SZ	(IMG_RDATA / PAGE_SZ * 12)
#define IMG_SIZE	(IMG_RELOC_VA + 64 * KIB)
#define IMG_READ	(IMG_RELOC_VA + IMG_RELOC_SZ)	/* the pages that may be read */

static void put16(unsigned char *p, unsigned int v)
{
	p[0] = v;
	p[1] = v >> 8;
}

static void put32(unsigned char *p, unsigned int v)
{
	put16(p, v);
	put16(p + 2, v >> 16);
}

/* One section header: name, VirtualSize/Address, raw size/pointer, flags. */
static void img_scn(unsigned char *h, const char *name, unsigned long va, unsigned long size,
		    unsigned long raw, unsigned int flags)
{
	memcpy(h, name, strlen(name));
	put32(h + 8, size);
	put32(h + 12, va);
	put32(h + 16, size);
	put32(h + 20, raw);
	put32(h + 36, flags);
}

static unsigned long img_file_size;

/* Write the benchmark's DLL; its raw data follows the headers, 512-aligned. */
static void img_write(void)
{
	unsigned long raw_text = 0x400, raw_rdata = raw_text + IMG_TEXT;
	unsigned long raw_data = raw_rdata + IMG_RDATA, raw_reloc = raw_data + IMG_DATA;
	unsigned char *f, *opt, *scn, *r;
	unsigned long i;
	int fd;

	img_file_size = raw_reloc + IMG_RELOC_SZ;
	f = calloc(1, img_file_size);
	if (!f)
		fail("calloc");
	put16(f, 0x5a4d);
	put32(f + 0x3c, 0x80);
	put32(f + 0x80, 0x4550);
	put16(f + 0x84, 0x8664);
	put16(f + 0x86, 4);
	put16(f + 0x94, 240);
	put16(f + 0x96, 0x2022);
	opt = f + 0x98;
	put16(opt, 0x20b);
	put32(opt + 4, IMG_TEXT);
	put32(opt + 16, 0x1000);
	put32(opt + 24, 0x80000000);
	put32(opt + 28, 0x1);			/* ImageBase 0x180000000 */
	put32(opt + 32, 0x1000);
	put32(opt + 36, 0x200);
	put16(opt + 40, 6);
	put16(opt + 48, 6);
	put32(opt + 56, IMG_SIZE);
	put32(opt + 60, 0x400);
	put16(opt + 68, 2);
	put16(opt + 70, 0x160);			/* DYNAMIC_BASE, NX, high entropy */
	put32(opt + 72, 0x100000);
	put32(opt + 80, 0x1000);
	put32(opt + 108, 16);
	put32(opt + 112 + 8 * 5, IMG_RELOC_VA);
	put32(opt + 112 + 8 * 5 + 4, IMG_RELOC_SZ);
	scn = opt + 240;
	img_scn(scn, ".text", 0x1000, IMG_TEXT, raw_text, 0x60000020);
	img_scn(scn + 40, ".rdata", 0x1000 + IMG_TEXT, IMG_RDATA, raw_rdata, 0x40000040);
	img_scn(scn + 80, ".data", 0x1000 + IMG_TEXT + IMG_RDATA, IMG_DATA, raw_data,
		0xc0000040);
	img_scn(scn + 120, ".reloc", IMG_RELOC_VA, IMG_RELOC_SZ, raw_reloc, 0x42000040);
	for (i = raw_text; i < raw_rdata; i += 4)
		put32(f + i, 0xcccccccc ^ i);
	/* .rdata: a pointer at the start of every page, each relocated. */
	r = f + raw_reloc;
	for (i = 0; i < IMG_RDATA / PAGE_SZ; i++) {
		put32(f + raw_rdata + i * PAGE_SZ, 0x80001000 + i);
		put32(f + raw_rdata + i * PAGE_SZ + 4, 0x1);
		put32(r, 0x1000 + IMG_TEXT + i * PAGE_SZ);
		put32(r + 4, 12);
		put16(r + 8, 0xa000);		/* DIR64 at offset 0 */
		r += 12;
	}
	for (i = raw_data; i < raw_reloc; i += 4)
		put32(f + i, i);
	fd = open(IMG_PATH, O_RDWR | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
	if (fd < 0 || write(fd, f, img_file_size) != (ssize_t)img_file_size)
		fail("write %s", IMG_PATH);
	close(fd);
	free(f);
}

static HANDLE img_section;
static int img_fd = -1;

static void img_setup(void)
{
	NTSTATUS st;
	HANDLE file;

	img_write();
	img_fd = open(IMG_PATH, O_RDONLY | O_CLOEXEC);
	if (img_fd < 0)
		fail("open %s", IMG_PATH);
	file = ntsection_handle_from_fd(img_fd);
	st = NtCreateSection(&img_section, SECTION_ALL_ACCESS, NULL, NULL,
			     PAGE_EXECUTE_WRITECOPY, SEC_IMAGE, file);
	if (!NT_SUCCESS(st))
		fail("NtCreateSection(SEC_IMAGE): status 0x%08x", (ULONG)st);
}

static void img_teardown(void)
{
	lib_close(img_section);
	close(img_fd);
	unlink(IMG_PATH);
}

static char *img_map(void)
{
	PVOID base = NULL;
	SIZE_T view_size = 0;
	NTSTATUS st;

	st = NtMapViewOfSection(img_section, NtCurrentProcess(), &base, 0, 0, NULL, &view_size,
				ViewShare, 0, PAGE_EXECUTE_WRITECOPY);
	if (!NT_SUCCESS(st))
		fail("NtMapViewOfSection(image): status 0x%08x", (ULONG)st);
	return base;
}

/* The image mapped and unmapped, against mmap(MAP_PRIVATE) of its file. */
static struct sample image_map(int side)
{
	const int iters = 200;
	struct sample s = { 0 };
	__u64 t0, t1;
	int i;
	char *p;

	t0 = now_ns();
	for (i = 0; i < iters; i++) {
		if (side == NT) {
			lib_unmap(img_map());
			continue;
		}
		p = mmap(NULL, img_file_size, PROT_READ | PROT_EXEC, MAP_PRIVATE, img_fd, 0);
		if (p == MAP_FAILED || munmap(p, img_file_size))
			fail("mmap+munmap of the image file");
	}
	t1 = now_ns();
	s.value = (double)(t1 - t0) / iters;
	return s;
}

/* Private_Clean + Private_Dirty of /proc/self/smaps over [start, end), bytes. */
static long private_bytes(unsigned long start, unsigned long end)
{
	unsigned long lo, hi;
	long kb, sum = 0;
	char line[256];
	int in = 0;
	FILE *f = fopen("/proc/self/smaps", "r");

	if (!f)
		fail("/proc/self/smaps");
	while (fgets(line, sizeof(line), f)) {
		if (sscanf(line, "%lx-%lx ", &lo, &hi) == 2 &&
		    strchr(line, '-') < strchr(line, ' '))
			in = lo >= start && hi <= end;
		else if (in && (sscanf(line, "Private_Clean: %ld kB", &kb) == 1 ||
				sscanf(line, "Private_Dirty: %ld kB", &kb) == 1))
			sum += kb * KIB;
	}
	fclose(f);
	return sum;
}

static long image_private;

/*
 * The sharing the image object gives: a second process maps the image the
 * first one has mapped and read, reads every page of it, and reports the
 * private bytes its view holds (smaps). Not a ratio: native has no such
 * object (a MAP_PRIVATE mapping of a DLL file is shared too, relocations
 * aside).
 */
static void image_private_bytes(void)
{
	int pipefd[2];
	char *v;
	pid_t pid;

	img_setup();
	v = img_map();
	touch_read(v, IMG_READ);
	if (pipe(pipefd))
		fail("pipe");
	pid = fork();
	if (pid < 0)
		fail("fork");
	if (!pid) {
		char *w = img_map();
		long n;

		touch_read(w, IMG_READ);
		n = private_bytes((unsigned long)w, (unsigned long)w + IMG_SIZE);
		if (write(pipefd[1], &n, sizeof(n)) != sizeof(n))
			_exit(1);
		_exit(0);
	}
	if (read(pipefd[0], &image_private, sizeof(image_private)) != sizeof(image_private))
		fail("image-private-bytes: no answer from the child");
	waitpid(pid, NULL, 0);
	close(pipefd[0]);
	close(pipefd[1]);
	lib_unmap(v);
	img_teardown();
}

#define FIGURE(k, l, u, t, lim, fn, ...) \
	{ .key = k, .label = l, .unit = u, .target = t, .limit = lim, .run = fn, __VA_ARGS__ }

static struct figure figures[] = {
	FIGURE("first-touch", "first-touch write fault", "ns/page", "<= 1.05", 1.05, first_touch),
	FIGURE("refault", "re-fault (read) after remap", "ns/page", "<= 1.0", 1.0, refault,
	       .setup = refault_setup, .teardown = refault_teardown),
	FIGURE("prefault", "commit at map + write", "ns/page", "<= 1.0", 1.0, prefault),
	FIGURE(NULL, "  same, + MADV_POPULATE_WRITE", "ns/page", "", 0, prefault_madvise),
	FIGURE("map-unmap", "map+unmap 64 KiB view", "ns/op", "<= 1.2", 1.2, map_unmap),
	FIGURE(NULL, "  map alone (ioctl)", "ns/op", "", 0, map_only),
	FIGURE(NULL, "  unmap alone (ioctl)", "ns/op", "", 0, unmap_only),
	FIGURE(NULL, "  map by mmap(2) of handle", "ns/op", "", 0, map_by_mmap),
	FIGURE(NULL, "  unmap by munmap(2)", "ns/op", "", 0, unmap_by_munmap),
	FIGURE(NULL, "  map (ioctl), native aligned", "ns/op", "", 0, map_vs_aligned),
	FIGURE(NULL, "  munmap(2), native aligned", "ns/op", "", 0, munmap_vs_aligned),
	FIGURE(NULL, "  native: aligned vs flush", "ns/op", "", 0, native_hole),
	FIGURE(NULL, "  IOC_VERSION vs getppid", "ns/op", "", 0, null_call),
	FIGURE("open-by-name", "open by name + close", "ns/op", "<= 1.5", 1.5, open_by_name,
	       .setup = open_setup, .teardown = open_teardown),
	FIGURE("two-thread", "two threads, halves", "ns/page", "scaling", 0, two_threads),
	FIGURE("large-page", "large-page first touch", "ns/2MiB", "", 0, large_pages),
};

/* Through libntsection: printed after the rest, rows and lines. */
static struct figure lib_figures[] = {
	FIGURE("lib-map-unmap", "lib: map+unmap 64 KiB view", "ns/op", "<= 1.3", 1.3,
	       lib_map_unmap),
	FIGURE("lib-open-by-name", "lib: open by name + close", "ns/op", "<= 1.2", 1.2,
	       lib_open_by_name, .setup = lib_open_setup, .teardown = lib_open_teardown),
	FIGURE("lib-lifecycle", "lib: section lifecycle 64 KiB", "ns/op", "<= 1.2", 1.2,
	       lib_lifecycle),
	FIGURE("lib-first-touch", "lib: first-touch write fault", "ns/page", "<= 1.05", 1.05,
	       lib_first_touch),
	FIGURE("image-map", "lib: map+unmap 20 MiB image", "ns/op", "", 0, image_map,
	       .setup = img_setup, .teardown = img_teardown),
	FIGURE("remote-map-unmap", "lib: map+unmap into a child", "ns/op", "", 0,
	       remote_map_unmap, .setup = remote_setup, .teardown = remote_teardown),
	FIGURE("placeholder-replace", "lib: placeholder -> view -> placeholder", "ns/op", "", 0,
	       placeholder_replace),
};

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))
#define NFIG ARRAY_SIZE(figures)
#define NLIBFIG ARRAY_SIZE(lib_figures)

static struct figure *figure_by_key(const char *key)
{
	size_t i;

	for (i = 0; i < NFIG; i++)
		if (figures[i].key && !strcmp(figures[i].key, key))
			return &figures[i];
	return NULL;
}

static void run_figure(struct figure *fig)
{
	double ratios[MAX_ROUNDS];
	__u64 t0 = now_ns();
	int r, k, side;

	if (fig->setup)
		fig->setup();
	/* One unrecorded run per side: caches, slabs and page tables warm up. */
	fig->run(NT);
	fig->run(NATIVE);
	for (r = 0; r < par.rounds; r++) {
		for (k = 0; k < 2; k++) {
			struct sample s = { 0 };

			side = k ^ (r & 1);
			s = fig->run(side);
			fig->v[side][r] = s.value;
			fig->f[side][r] = s.faults;
			fig->single[side][r] = s.single;
		}
		ratios[r] = fig->v[NT][r] / fig->v[NATIVE][r];
	}
	if (fig->teardown)
		fig->teardown();
	for (side = 0; side < 2; side++) {
		fig->med[side] = quantile(fig->v[side], par.rounds, 0.5);
		fig->spread[side] = 100.0 * (quantile(fig->v[side], par.rounds, 0.75) -
					     quantile(fig->v[side], par.rounds, 0.25)) /
				    fig->med[side];
		fig->faults[side] = quantile(fig->f[side], par.rounds, 0.5);
	}
	fig->ratio = quantile(ratios, par.rounds, 0.5);
	fig->ratio_q1 = quantile(ratios, par.rounds, 0.25);
	fig->ratio_q3 = quantile(ratios, par.rounds, 0.75);
	fprintf(stderr, "progress: %-32s done in %.1f s\n", fig->label,
		(now_ns() - t0) / 1e9);
}

/* Bookkeeping: slab growth per object, N objects alive at once. */

struct slab_entry {
	char name[64];
	long active;
	long objsize;
};

struct slab_snap {
	int n;
	struct slab_entry e[MAX_CACHES];
};

static void slab_snapshot(struct slab_snap *s)
{
	char line[512];
	FILE *f;

	s->n = 0;
	f = fopen("/proc/slabinfo", "r");
	if (!f)
		fail("/proc/slabinfo");
	while (fgets(line, sizeof(line), f) && s->n < MAX_CACHES) {
		struct slab_entry *e = &s->e[s->n];
		long total;

		if (sscanf(line, "%63s %ld %ld %ld", e->name, &e->active, &total,
			   &e->objsize) == 4)
			s->n++;
	}
	fclose(f);
}

/* Slab: in /proc/meminfo, in bytes. */
static long meminfo_slab(void)
{
	char line[256];
	long kb = -1;
	FILE *f;

	f = fopen("/proc/meminfo", "r");
	if (!f)
		fail("/proc/meminfo");
	while (fgets(line, sizeof(line), f))
		if (sscanf(line, "Slab: %ld kB", &kb) == 1)
			break;
	fclose(f);
	return kb * 1024;
}

struct slab_delta {
	char name[64];
	long bytes;
	long objs;
	long objsize;
};

static int cmp_delta(const void *a, const void *b)
{
	const struct slab_delta *x = a, *y = b;

	return (y->bytes > x->bytes) - (y->bytes < x->bytes);
}

/* Sum of (active objects x object size) growth; the biggest movers in @top. */
static long slab_diff(const struct slab_snap *a, const struct slab_snap *b,
		      struct slab_delta *top, int ntop)
{
	static struct slab_delta d[MAX_CACHES];
	long sum = 0;
	int i, j, n = 0;

	for (i = 0; i < b->n; i++) {
		long before = 0;

		for (j = 0; j < a->n; j++) {
			if (!strcmp(a->e[j].name, b->e[i].name)) {
				before = a->e[j].active * b->e[i].objsize;
				break;
			}
		}
		memcpy(d[n].name, b->e[i].name, sizeof(d[n].name));
		d[n].bytes = b->e[i].active * b->e[i].objsize - before;
		d[n].objs = d[n].bytes / b->e[i].objsize;
		d[n].objsize = b->e[i].objsize;
		sum += d[n].bytes;
		n++;
	}
	qsort(d, n, sizeof(d[0]), cmp_delta);
	memset(top, 0, ntop * sizeof(*top));
	for (i = 0; i < ntop && i < n; i++)
		top[i] = d[i];
	return sum;
}

#define NTOP 8

struct bk_figure {
	const char *key;
	const char *label;
	long limit;			/* bytes per object, 0: none */
	double ratio_limit;		/* ratio to native, 0: none */
	double v[2][MAX_ROUNDS];	/* slabinfo bytes per object */
	double m[2][MAX_ROUNDS];	/* meminfo Slab bytes per object */
	struct slab_delta top[2][NTOP];
	double med[2], meminfo[2];
	int count;			/* objects the growth is divided by */
};

static struct bk_figure bk_figures[] = {
	{ .key = "bytes-per-section", .label = "bytes per section (handle)", .ratio_limit = 1.2 },
	{ .key = "bytes-per-view", .label = "bytes per view", .limit = 253 },
};

static void settle(void)
{
	/* Let RCU-deferred frees (inodes, dentries) of the last round land. */
	usleep(300000);
}

/*
 * One round: N objects made and kept, then all freed. The slab state is
 * sampled after the first quarter and after the last object: objects that
 * SLUB keeps free in per-CPU slabs (which /proc/slabinfo counts as active)
 * are used up by the first quarter, so the growth over the other three
 * quarters is the cost of the objects alone.
 */
static void bookkeeping_round(struct bk_figure *bk, int views, int side, int round)
{
	static struct slab_snap before, after;
	int n = par.bk_count, k0 = par.bk_count / 4, i, fd = -1;
	long m0 = 0, m1, sum;
	int *fds = NULL;
	char **addr = NULL;

	fds = calloc(n, sizeof(*fds));
	addr = calloc(n, sizeof(*addr));
	if (!fds || !addr)
		fail("calloc");
	if (views) {
		fd = side == NT ? nt_create(64 * KIB, NT_SEC_COMMIT, NULL) :
				  memfd_create("ntsbench", MFD_CLOEXEC);
		if (fd < 0 || (side == NATIVE && ftruncate(fd, 64 * KIB)))
			fail("bookkeeping object");
	}
	settle();
	for (i = 0; i < n; i++) {
		if (i == k0) {
			slab_snapshot(&before);
			m0 = meminfo_slab();
		}
		if (views && side == NT) {
			addr[i] = nt_map(fd, 64 * KIB, 0);
		} else if (views) {
			addr[i] = mmap(NULL, 64 * KIB, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
			if (addr[i] == MAP_FAILED)
				fail("mmap #%d", i);
		} else if (side == NT) {
			fds[i] = nt_create(64 * KIB, NT_SEC_COMMIT, NULL);
		} else {
			fds[i] = memfd_create("ntsbench", MFD_CLOEXEC);
			if (fds[i] < 0 || ftruncate(fds[i], 64 * KIB))
				fail("memfd #%d", i);
		}
	}
	slab_snapshot(&after);
	m1 = meminfo_slab();
	for (i = 0; i < n; i++) {
		if (views && side == NT)
			nt_unmap(addr[i]);
		else if (views)
			munmap(addr[i], 64 * KIB);
		else
			close(fds[i]);
	}
	if (fd >= 0)
		close(fd);
	free(fds);
	free(addr);
	sum = slab_diff(&before, &after, bk->top[side], NTOP);
	bk->v[side][round] = (double)sum / (n - k0);
	bk->m[side][round] = (double)(m1 - m0) / (n - k0);
	bk->count = n - k0;
}

static void run_bookkeeping(void)
{
	struct rlimit rl;
	__u64 t0 = now_ns();
	int b, r, k, side;

	/* N descriptors, and an fd table grown before any baseline is taken. */
	rl.rlim_cur = par.bk_count + 256;
	rl.rlim_max = rl.rlim_cur;
	if (setrlimit(RLIMIT_NOFILE, &rl))
		fail("setrlimit(RLIMIT_NOFILE, %d)", par.bk_count + 256);
	if (dup2(dev, par.bk_count + 128) < 0)
		fail("dup2");
	close(par.bk_count + 128);

	for (b = 0; b < 2; b++) {
		struct bk_figure *bk = &bk_figures[b];

		for (r = 0; r < par.bk_rounds; r++) {
			for (k = 0; k < 2; k++) {
				side = k ^ (r & 1);
				bookkeeping_round(bk, b, side, r);
			}
		}
		for (side = 0; side < 2; side++) {
			bk->med[side] = quantile(bk->v[side], par.bk_rounds, 0.5);
			bk->meminfo[side] = quantile(bk->m[side], par.bk_rounds, 0.5);
		}
	}
	fprintf(stderr, "progress: %-32s done in %.1f s\n", "bookkeeping",
		(now_ns() - t0) / 1e9);
}

static void mount_huge(void)
{
	mkdir(HUGE_DIR, 0700);
	if (mount("ntsbench", HUGE_DIR, "tmpfs", 0, "huge=within_size,size=256m"))
		fail("mounting a huge tmpfs on " HUGE_DIR);
}

static void print_parameters(void)
{
	struct utsname u;

	uname(&u);
	printf("ntsection benchmark: kernel %s, %d CPUs, %d rounds per figure (order\n",
	       u.release, par.cpus, par.rounds);
	printf("alternating), one unrecorded warm-up run per side; median, IQR%% =\n");
	printf("interquartile range / median, ratio = median over rounds of ntsection/native,\n");
	printf("ratio IQR = its quartiles.\n");
	printf("parameters:\n");
	printf("  first-touch   %lu KiB SEC_COMMIT view vs memfd MAP_SHARED, 1 write per page\n",
	       par.ft_size / KIB);
	printf("  refault       %lu KiB written once; %d x (map, 1 read per page, unmap)\n",
	       par.rf_size / KIB, par.rf_passes);
	printf("  prefault      %lu KiB: SEC_RESERVE + CommitSize=view vs MAP_POPULATE,\n",
	       par.pf_size / KIB);
	printf("                timed from the map call to every page written once\n");
	printf("  map-unmap     %d x (map + unmap) of a 64 KiB view / memfd mapping;\n",
	       par.mu_iters);
	printf("                map and unmap also timed apart (same loop), and for\n");
	printf("                ntsection also by mmap(2) of the handle and by munmap(2);\n");
	printf("                \"native aligned\": the memfd mapping placed as the module\n");
	printf("                places a view (64 KiB-aligned, in a gap of size + 60 KiB)\n");
	printf("  open-by-name  %d x (NTSECTION_IOC_OPEN + close) vs (shm_open + close)\n",
	       par.ob_iters);
	printf("  two-thread    %lu KiB, 2 threads pinned to CPUs 0 and 1, disjoint halves;\n",
	       par.tt_size / KIB);
	printf("                then one thread on another %lu KiB (scaling = 1 thread / 2)\n",
	       par.tt_size / KIB);
	printf("  large-page    %lu KiB SEC_LARGE_PAGES vs a file on tmpfs huge=within_size\n",
	       par.lp_size / KIB);
	printf("                (MADV_HUGEPAGE, 2 MiB aligned), 1 write per 4 KiB page\n");
	printf("  bookkeeping   %d objects alive at once, %d rounds: 64 KiB sections (one\n",
	       par.bk_count, par.bk_rounds);
	printf("                handle each) vs memfds; 64 KiB views of one section vs mmaps;\n");
	printf("                slab growth over the last %d objects / %d\n",
	       par.bk_count - par.bk_count / 4, par.bk_count - par.bk_count / 4);
	printf("  lib-*         through libntsection (one ioctl per NT call) vs native:\n");
	printf("                map-unmap: %d x (NtMapViewOfSection + NtUnmapViewOfSection)\n",
	       par.mu_iters);
	printf("                of a 64 KiB section vs mmap + munmap of a 64 KiB memfd;\n");
	printf("                open-by-name: %d x (NtOpenSection + NtClose)\n", par.ob_iters);
	printf("                vs shm_open + close;\n");
	printf("                lifecycle: %d x (NtCreateSection 64 KiB, NtMapViewOfSection,\n",
	       par.lc_iters);
	printf("                1 write, NtClose, NtUnmapViewOfSection) vs (memfd_create,\n");
	printf("                ftruncate, mmap, 1 write, close, munmap);\n");
	printf("                first-touch: as first-touch, the %lu KiB view made by\n",
	       par.ft_size / KIB);
	printf("                NtCreateSection + NtMapViewOfSection;\n");
	printf("                remote-map-unmap: %d x (NtMapViewOfSection +\n", par.mu_iters);
	printf("                NtUnmapViewOfSection) of a 64 KiB section into a child\n");
	printf("                blocked in read() vs into this process (\"native\": local)\n");
	printf("                placeholder-replace: %d x (NtMapViewOfSectionEx with\n",
	       par.mu_iters);
	printf("                MEM_REPLACE_PLACEHOLDER + NtUnmapViewOfSectionEx with\n");
	printf("                MEM_PRESERVE_PLACEHOLDER), 64 KiB, vs mmap(MAP_FIXED) of a\n");
	printf("                memfd + mmap(PROT_NONE, MAP_FIXED) over it\n");
	printf("\n");
}

/* Met; missed by the median only (the lower quartile meets it); missed. */
static const char *verdict(const struct figure *f)
{
	if (!f->limit)
		return "";
	if (f->ratio <= f->limit)
		return "met";
	return f->ratio_q1 <= f->limit ? "noise?" : "MISSED";
}

static void print_row(const struct figure *f)
{
	printf("%-30s %-8s %10.0f %5.1f %10.0f %5.1f %6.3f %5.3f-%5.3f %-8s %-6s",
	       f->label, f->unit, f->med[NT], f->spread[NT], f->med[NATIVE],
	       f->spread[NATIVE], f->ratio, f->ratio_q1, f->ratio_q3, f->target, verdict(f));
	if (!strcmp(f->unit, "ns/op") && !f->faults[NT] && !f->faults[NATIVE])
		printf(" -\n");
	else
		printf(" %.3g / %.3g\n", f->faults[NT], f->faults[NATIVE]);
}

static void print_results(void)
{
	struct figure *ft = figure_by_key("first-touch");
	struct figure *tt = figure_by_key("two-thread");
	struct figure *lp = figure_by_key("large-page");
	double scale[2], gain[2], rel[MAX_ROUNDS], rel_q[3];
	size_t i;
	int side, j;

	printf("%-30s %-8s %10s %5s %10s %5s %6s %-11s %-8s %-6s %s\n", "figure", "unit",
	       "ntsection", "IQR%", "native", "IQR%", "ratio", "ratio IQR", "target", "",
	       "faults/unit");
	for (i = 0; i < NFIG; i++)
		print_row(&figures[i]);
	for (i = 0; i < 2; i++) {
		struct bk_figure *bk = &bk_figures[i];
		double ratio = bk->med[NT] / bk->med[NATIVE];
		char target[16];
		int met;

		if (bk->ratio_limit) {
			snprintf(target, sizeof(target), "<= %.1fx", bk->ratio_limit);
			met = ratio <= bk->ratio_limit;
		} else {
			snprintf(target, sizeof(target), "<= %ld", bk->limit);
			met = bk->med[NT] <= bk->limit;
		}
		printf("%-30s %-8s %10.0f %5s %10.0f %5s %6.3f %-11s %-8s %-6s\n",
		       bk->label, "bytes", bk->med[NT], "", bk->med[NATIVE], "", ratio, "",
		       target, met ? "met" : "MISSED");
	}
	for (i = 0; i < NLIBFIG; i++)
		print_row(&lib_figures[i]);

	for (side = 0; side < 2; side++) {
		for (j = 0; j < par.rounds; j++)
			rel[j] = tt->single[side][j] / tt->v[side][j];
		scale[side] = quantile(rel, par.rounds, 0.5);
		gain[side] = ft->med[side] * (LARGE_SZ / PAGE_SZ) / lp->med[side];
	}
	printf("\n");
	printf("two-thread scaling (one thread ns/page / two threads ns/page, median): ");
	printf("ntsection %.2f, native %.2f\n", scale[NT], scale[NATIVE]);
	/* Per round: ntsection's scaling over native's, >= 1 when met. */
	for (j = 0; j < par.rounds; j++)
		rel[j] = (tt->single[NT][j] / tt->v[NT][j]) /
			 (tt->single[NATIVE][j] / tt->v[NATIVE][j]);
	for (j = 0; j < 3; j++)
		rel_q[j] = quantile(rel, par.rounds, 0.25 * (j + 1));
	printf("  scaling ntsection/native, per round: median %.3f, IQR %.3f-%.3f: %s\n",
	       rel_q[1], rel_q[0], rel_q[2],
	       rel_q[1] >= 1 ? "met" : rel_q[2] >= 1 ? "noise?" : "MISSED");
	printf("large pages: PMD-mapped after the touch: ntsection %ld of %lu KiB, ",
	       large_pmd_kb[NT], par.lp_size / KIB);
	printf("native %ld of %lu KiB;\n", large_pmd_kb[NATIVE], par.lp_size / KIB);
	printf("  gain over 4 KiB pages (first-touch x 512 / large-page): ");
	printf("ntsection %.1fx, native %.1fx\n", gain[NT], gain[NATIVE]);
	for (i = 0; i < 2; i++) {
		struct bk_figure *bk = &bk_figures[i];

		printf("%s: meminfo Slab growth %.0f (ntsection) / %.0f (native) per object\n",
		       bk->label, bk->meminfo[NT], bk->meminfo[NATIVE]);
		for (side = 0; side < 2; side++) {
			printf("  %-9s (cache objects x size per object):", side_name[side]);
			for (j = 0; j < NTOP; j++) {
				struct slab_delta *d = &bk->top[side][j];

				if (d->bytes < 4L * bk->count)
					break;
				printf(" %s %.2fx%ld", d->name, (double)d->objs / bk->count,
				       d->objsize);
			}
			printf("\n");
		}
	}

	printf("\n");
	for (i = 0; i < NFIG; i++)
		if (figures[i].key)
			printf("bench: %s ratio=%.3f\n", figures[i].key, figures[i].ratio);
	for (i = 2; i-- > 0;)
		printf("bench: %s value=%.0f\n", bk_figures[i].key, bk_figures[i].med[NT]);
	for (i = 0; i < NLIBFIG; i++)
		printf("bench: %s ratio=%.3f\n", lib_figures[i].key, lib_figures[i].ratio);
	printf("bench: image-private-bytes value=%ld\n", image_private);
}

int main(int argc, char **argv)
{
	__u64 t0 = now_ns();
	size_t i;
	int opt;

	while ((opt = getopt(argc, argv, "r:n:")) != -1) {
		switch (opt) {
		case 'r':
			par.rounds = atoi(optarg);
			break;
		case 'n':
			par.bk_count = atoi(optarg);
			break;
		default:
			fprintf(stderr, "usage: %s [-r ROUNDS] [-n OBJECTS]\n", argv[0]);
			return 2;
		}
	}
	if (par.rounds < 1 || par.rounds > MAX_ROUNDS || par.bk_count < 1)
		fail("bad -r or -n");
	if (par.bk_rounds > par.rounds)
		par.bk_rounds = par.rounds;
	setvbuf(stdout, NULL, _IOLBF, 0);
	par.cpus = sysconf(_SC_NPROCESSORS_ONLN);
	if (par.cpus < 1)
		par.cpus = 1;
	dev = open("/dev/ntsection", O_RDWR | O_CLOEXEC);
	if (dev < 0)
		fail("/dev/ntsection (is ntsection.ko loaded?)");
	pin_to_cpu(0);
	mount_huge();
	print_parameters();

	for (i = 0; i < NFIG; i++)
		run_figure(&figures[i]);
	for (i = 0; i < NLIBFIG; i++)
		run_figure(&lib_figures[i]);
	run_bookkeeping();
	image_private_bytes();
	umount(HUGE_DIR);

	print_results();
	printf("total run time: %.0f s\n", (now_ns() - t0) / 1e9);
	return 0;
}
