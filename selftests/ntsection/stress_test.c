// SPDX-License-Identifier: GPL-2.0-only
/*
 * ntsection selftests: a seeded concurrency stress.
 *
 * Several processes, each with several threads, run random operations for a
 * bounded time: create, open (named and unnamed sections, a few names shared
 * by every process), map (NtMapViewOfSection and plain mmap(), every view
 * protection, ViewShare and ViewUnmap, guard pages), touch, unmap (the ioctl
 * and munmap()), close, fork (the child checks what it inherited, writes a
 * page and does a few operations of its own), extend and truncate (sections
 * on tmpfs files), mprotect, mremap (refused on views), commit (SEC_RESERVE),
 * and the query calls.
 *
 * Every page written carries a stamp: a sequence word (twice the generation,
 * odd while a write is in progress), the generation, and words derived from
 * (tag, section page, generation). A thread's own sections have a tag of
 * their own and an exact model of every page. The shared named sections are
 * written by every process: page 0 holds a nonce that identifies the
 * incarnation of the name (the first thread to map it sets it), page p > 0 is
 * written only by its owner thread (slot (p - 1) % slots) and read by all,
 * with the sequence word as a seqlock. Readers check that a page holds a
 * well-formed stamp of this incarnation and page, that its generation never
 * goes back, and that a page owned by the reader holds exactly what it last
 * wrote. WRITECOPY views write stamps with a tag of their own, which must
 * never reach another view.
 *
 * Any unexpected status, errno, signal or byte is a failure, reported with
 * the seed. Configuration, from the environment (the guest sets none):
 * NTS_STRESS_SECONDS, else the first line of /etc/ntsection-stress-seconds,
 * else 20; NTS_STRESS_SEED (default: from the clock); NTS_STRESS_PROCS (3)
 * and NTS_STRESS_THREADS (3).
 */
#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <sched.h>
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <linux/ntsection.h>
#include "kselftest_harness.h"
#include "ntsection_test.h"

#define ST_DEFAULT_SECONDS	20
#define ST_SECONDS_FILE		"/etc/ntsection-stress-seconds"
#define ST_GRACE		120	/* seconds past the end before the watchdogs fire */
#define ST_MAX_SLOTS		24	/* processes x threads */
#define ST_MAX_OBJS		6
#define ST_MAX_VIEWS		4
#define ST_MAX_HANDLES		3
#define ST_MAX_PAGES		64	/* a section's pages fit a __u64 bitmap */
#define ST_NSHARED		4
#define ST_WORDS		(NT_PAGE / sizeof(__u64))
#define ST_MAX_FAIL		12
#define ST_MSG			320
#define ST_HISTORY		24	/* events kept per object, for failure reports */
#define ST_EVENT		56
#define ST_K			0x9e3779b97f4a7c15ULL
#define ST_SCRATCH		(16 * NT_GRAN)
#define ST_TORN			(-1)
#define ST_BIT(n)		(1ULL << (n))
#define ST_MODIFIERS		(NT_PAGE_GUARD | NT_PAGE_NOCACHE | NT_PAGE_WRITECOMBINE)

enum st_op {
	ST_CREATE, ST_OPEN, ST_MAP, ST_MMAP, ST_TOUCH, ST_VERIFY, ST_UNMAP, ST_MUNMAP,
	ST_CLOSE, ST_DESTROY, ST_FORK, ST_EXTEND, ST_TRUNCATE, ST_MPROTECT, ST_MREMAP,
	ST_COMMIT, ST_QUERY, ST_BAD, ST_NR_OPS
};

static const struct {
	const char *name;
	unsigned int weight;
} st_ops[ST_NR_OPS] = {
	[ST_CREATE]	= { "create", 10 },
	[ST_OPEN]	= { "open", 6 },
	[ST_MAP]	= { "map", 12 },
	[ST_MMAP]	= { "mmap", 7 },
	[ST_TOUCH]	= { "touch", 18 },
	[ST_VERIFY]	= { "verify", 5 },
	[ST_UNMAP]	= { "unmap", 7 },
	[ST_MUNMAP]	= { "munmap", 5 },
	[ST_CLOSE]	= { "close", 6 },
	[ST_DESTROY]	= { "destroy", 2 },
	[ST_FORK]	= { "fork", 2 },
	[ST_EXTEND]	= { "extend", 3 },
	[ST_TRUNCATE]	= { "truncate", 3 },
	[ST_MPROTECT]	= { "mprotect", 4 },
	[ST_MREMAP]	= { "mremap", 3 },
	[ST_COMMIT]	= { "commit", 5 },
	[ST_QUERY]	= { "query", 4 },
	[ST_BAD]	= { "bad-args", 3 },
};

/* What every process of the run shares (MAP_SHARED). */
struct st_shared {
	int stop;
	__u32 failures;
	__u64 deadline;		/* CLOCK_MONOTONIC, ns */
	__u64 ops;
	__u64 op_count[ST_NR_OPS];
	char fail[ST_MAX_FAIL][ST_MSG];
	char history[ST_MAX_FAIL][ST_HISTORY * ST_EVENT];
};

struct st_config {
	__u64 seed;
	unsigned int seconds;
	unsigned int procs;
	unsigned int threads;
	pid_t test_pid;
};

enum st_kind { ST_PRIVATE, ST_FILE, ST_SHARED };

/**
 * struct st_view - a view the thread has mapped
 * @addr: its start
 * @size: its size, whole pages
 * @offset: its offset in the section
 * @protect: its protection, as QUERY_VM reports it (AllocationProtect)
 * @inherit: NT_VIEW_SHARE or NT_VIEW_UNMAP
 * @by_mmap: mapped by a plain mmap() rather than the ioctl
 * @mark: the tag of this view's private (WRITECOPY) pages, xor the object's
 * @guard_fired: PAGE_GUARD views: pages whose guard went off
 * @priv: WRITECOPY views: generation of the page's private copy, 0 for none
 */
struct st_view {
	char *addr;
	__u64 size;
	__u64 offset;
	__u32 protect;
	__u32 inherit;
	__u32 by_mmap;
	__u64 mark;
	__u64 guard_fired;
	__u32 priv[ST_MAX_PAGES];
};

/**
 * struct st_obj - a section the thread knows, with a model of its content
 * @used: the slot holds an object
 * @kind: ST_PRIVATE (pagefile), ST_FILE (on a tmpfs file) or ST_SHARED (one
 *	incarnation of a name every process uses)
 * @shared_k: ST_SHARED: which of the shared names
 * @named: the section has a name (@name)
 * @name: its NT path
 * @prot: the section's protection
 * @attrs: the section's allocation attributes (pagefile: COMMIT or RESERVE)
 * @size: the section's size (page-rounded for pagefile sections)
 * @nfds: open handles
 * @fd: the handles
 * @access: their access masks
 * @nviews: mapped views
 * @view: the views
 * @tag: the tag of the content (ST_SHARED: the incarnation's nonce)
 * @committed: SEC_RESERVE: committed pages (ST_SHARED: known to be)
 * @gen: generation of each page (ST_SHARED: the last one this thread wrote)
 * @valid: ST_FILE: bytes of the stamp that survived a truncation
 * @seen: ST_SHARED: highest generation seen of each page
 * @file: ST_FILE: the backing file, or -1 once closed
 * @file_size: ST_FILE: the file's size
 * @history: the last things done to the object, oldest first from @nhistory
 * @nhistory: events recorded so far
 */
struct st_obj {
	int used;
	enum st_kind kind;
	int shared_k;
	int named;
	char name[96];
	__u32 prot;
	__u32 attrs;
	__u64 size;
	int nfds;
	int fd[ST_MAX_HANDLES];
	__u32 access[ST_MAX_HANDLES];
	int nviews;
	struct st_view view[ST_MAX_VIEWS];
	__u64 tag;
	__u64 committed;
	__u32 gen[ST_MAX_PAGES];
	__u16 valid[ST_MAX_PAGES];
	__u32 seen[ST_MAX_PAGES];
	int file;
	__u64 file_size;
	char history[ST_HISTORY][ST_EVENT];
	unsigned int nhistory;
};

struct st_thread {
	__u64 rng;
	unsigned int proc;
	unsigned int idx;
	unsigned int slot;
	__u64 nops;
	__u64 op_count[ST_NR_OPS];
	enum st_op op;
	__u32 gen;
	__u32 serial;
	int in_child;
	int child_fails;
	struct st_obj *cur;	/* the object the current operation is about */
	char *scratch;		/* PROT_NONE anonymous memory: never a view */
	struct st_obj obj[ST_MAX_OBJS];
	pthread_t tid;
};

static struct st_config st_cfg;
static struct st_shared *st_sh;
/* The kernel refuses executable mmap()s of section fds (st_probe_plain_exec()). */
static int st_plain_exec_refused;
static int st_dev = -1;
static unsigned int st_slots;
static pthread_rwlock_t st_fork_lock = PTHREAD_RWLOCK_INITIALIZER;
static pid_t st_workers[ST_MAX_SLOTS];
static int st_watchdog_fired;

static const struct {
	__u64 size;
	__u32 attrs;
} st_shared_def[ST_NSHARED] = {
	{ 32 * NT_PAGE, NT_SEC_COMMIT },
	{ 40 * NT_PAGE, NT_SEC_RESERVE },
	{ 24 * NT_PAGE + 100, NT_SEC_COMMIT },	/* rounded up to 25 pages */
	{ 64 * NT_PAGE, NT_SEC_RESERVE },
};

/* Random numbers: splitmix64, one stream per thread. */
static __u64 st_mix(__u64 z)
{
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

static __u64 st_rand(struct st_thread *t)
{
	t->rng += ST_K;
	return st_mix(t->rng);
}

static __u64 st_below(struct st_thread *t, __u64 n)
{
	return n ? st_rand(t) % n : 0;
}

static int st_chance(struct st_thread *t, unsigned int percent)
{
	return st_below(t, 100) < percent;
}

static __u64 st_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000000000ULL + ts.tv_nsec;
}

/* Remember what was done to an object, to tell about it if a check fails. */
static __printf(2, 3) void st_note(struct st_obj *o, const char *fmt, ...)
{
	va_list ap;

	if (!o)
		return;
	va_start(ap, fmt);
	vsnprintf(o->history[o->nhistory++ % ST_HISTORY], ST_EVENT, fmt, ap);
	va_end(ap);
}

static void st_history(const struct st_obj *o, char *buf, size_t len)
{
	unsigned int i, n;
	size_t off = 0;

	buf[0] = 0;
	if (!o)
		return;
	off += snprintf(buf, len, "kind %d prot 0x%x attrs 0x%x size 0x%llx file 0x%llx: ",
			o->kind, o->prot, o->attrs, (unsigned long long)o->size,
			(unsigned long long)o->file_size);
	n = o->nhistory < ST_HISTORY ? o->nhistory : ST_HISTORY;
	for (i = o->nhistory - n; i < o->nhistory && off < len; i++)
		off += snprintf(buf + off, len - off, "%s; ", o->history[i % ST_HISTORY]);
}

/*
 * Record a failure (the first ST_MAX_FAIL are kept with their text) and stop
 * the run. A fork child only counts: its parent reports it.
 */
static __printf(2, 3) void st_fail(struct st_thread *t, const char *fmt, ...)
{
	char msg[ST_MSG];
	va_list ap;
	__u32 i;
	int n;

	if (t->in_child) {
		t->child_fails++;
		return;
	}
	n = snprintf(msg, sizeof(msg), "seed %llu proc %u thread %u op #%llu %s: ",
		     (unsigned long long)st_cfg.seed, t->proc, t->idx,
		     (unsigned long long)t->nops, st_ops[t->op].name);
	va_start(ap, fmt);
	vsnprintf(msg + n, sizeof(msg) - n, fmt, ap);
	va_end(ap);
	i = __atomic_fetch_add(&st_sh->failures, 1, __ATOMIC_SEQ_CST);
	if (i < ST_MAX_FAIL) {
		memcpy(st_sh->fail[i], msg, sizeof(msg));
		st_history(t->cur, st_sh->history[i], sizeof(st_sh->history[i]));
	}
	__atomic_store_n(&st_sh->stop, 1, __ATOMIC_SEQ_CST);
}

/* The ioctl's return value and errno must agree with the status it wrote. */
static void st_errcheck(struct st_thread *t, const char *call, int rc, int err, __u32 status)
{
	if ((__s32)status >= 0 ? rc >= 0 : rc == -1 && -err == nts_expected_errno(status))
		return;
	st_fail(t, "%s: status 0x%08x with return %d errno %d", call, status, rc, err);
}

static int st_want(struct st_thread *t, const char *call, __u32 status, __u32 want)
{
	if (status == want)
		return 1;
	st_fail(t, "%s: status 0x%08x, expected 0x%08x", call, status, want);
	return 0;
}

/*
 * The ioctls, raw (ABI 2: pointers to this thread's own variables): each
 * returns the status and checks the errno and the outputs the ABI promises.
 */
static void st_check_handle(struct st_thread *t, const char *call, int rc, __u32 status,
			    uintptr_t handle, __u32 fd_field)
{
	if (rc >= 0 && fd_field != (__u32)rc)
		st_fail(t, "%s: returned fd %d, fd field %u", call, rc, fd_field);
	if (handle != (rc >= 0 ? NTS_HANDLE(rc) : 0))
		st_fail(t, "%s: status 0x%08x fd %d: *SectionHandle 0x%llx", call, status, rc,
			(unsigned long long)handle);
}

static __u32 st_create(struct st_thread *t, struct nts_create *c, const char *name, int *fd)
{
	struct ntsection_create_args a;
	uintptr_t handle;
	struct nts_oa o;
	__u64 size;
	int rc, err;

	c->name = name;
	nts_create_args(&a, c, &o, &size, &handle);
	rc = ioctl(st_dev, NTSECTION_IOC_CREATE, &a);
	err = errno;
	st_errcheck(t, "CREATE", rc, err, a.status);
	st_check_handle(t, "CREATE", rc, a.status, handle, a.fd);
	if (size != c->size)
		st_fail(t, "CREATE wrote *MaximumSize 0x%llx", (unsigned long long)size);
	*fd = rc >= 0 ? rc : -1;
	return a.status;
}

static __u32 st_open(struct st_thread *t, const char *name, __u32 obj_attrs, __u32 access,
		     int *fd)
{
	struct ntsection_open_args a;
	uintptr_t handle;
	struct nts_oa o;
	int rc, err;

	nts_open_args(&a, name, obj_attrs, access, &o, &handle);
	rc = ioctl(st_dev, NTSECTION_IOC_OPEN, &a);
	err = errno;
	st_errcheck(t, "OPEN", rc, err, a.status);
	st_check_handle(t, "OPEN", rc, a.status, handle, a.fd);
	*fd = rc >= 0 ? rc : -1;
	return a.status;
}

/* @a's values; *BaseAddress and *ViewSize come back on success only. */
static __u32 st_map_raw(struct st_thread *t, struct nts_map_call *a)
{
	void *base = (void *)(uintptr_t)a->base;
	size_t size = a->view_size;
	__u64 offset = a->offset;
	struct ntsection_map_args m = {
		.section_fd = a->section_fd, .process_fd = NTSECTION_CURRENT_PROCESS,
		.base_address = NTS_PTR(&base), .zero_bits = a->zero_bits,
		.commit_size = a->commit_size,
		.section_offset = offset || st_chance(t, 50) ? NTS_PTR(&offset) : 0,
		.view_size = NTS_PTR(&size), .inherit = a->inherit,
		.alloc_type = a->alloc_type, .protect = a->protect, .status = 0xdeadbeef,
	};
	int rc, err;

	rc = ioctl(st_dev, NTSECTION_IOC_MAP, &m);
	err = errno;
	st_errcheck(t, "MAP", rc, err, m.status);
	if (rc && ((uintptr_t)base != a->base || size != a->view_size))
		st_fail(t, "MAP: a failed map wrote base %p size 0x%llx", base,
			(unsigned long long)size);
	if (offset != a->offset)
		st_fail(t, "MAP wrote *SectionOffset 0x%llx", (unsigned long long)offset);
	if (!rc) {
		a->base = (uintptr_t)base;
		a->view_size = size;
	}
	a->status = m.status;
	return m.status;
}

static __u32 st_unmap(struct st_thread *t, void *addr)
{
	struct ntsection_unmap_args a = {
		.process_fd = NTSECTION_CURRENT_PROCESS, .base = (uintptr_t)addr,
		.status = 0xdeadbeef,
	};
	int rc, err;

	rc = ioctl(st_dev, NTSECTION_IOC_UNMAP, &a);
	err = errno;
	st_errcheck(t, "UNMAP", rc, err, a.status);
	return a.status;
}

static __u32 st_query(struct st_thread *t, int fd, __u64 length,
		      struct ntsection_basic_information *info)
{
	size_t len = (size_t)NTS_POISON;
	struct ntsection_query_args a = {
		.section_fd = (__u32)fd, .info_class = NT_SECTION_BASIC_INFORMATION,
		.buffer = (uintptr_t)info, .length = length, .return_length = NTS_PTR(&len),
		.status = 0xdeadbeef,
	};
	int rc, err;

	memset(info, 0xa5, sizeof(*info));
	if (st_chance(t, 10))
		a.return_length = 0;
	rc = ioctl(st_dev, NTSECTION_IOC_QUERY, &a);
	err = errno;
	st_errcheck(t, "QUERY", rc, err, a.status);
	if (a.return_length && len != (a.status ? (size_t)NTS_POISON : sizeof(*info)))
		st_fail(t, "QUERY: status 0x%08x, *ReturnLength %llu", a.status,
			(unsigned long long)len);
	if (!a.status && (info->base_address || info->pad))
		st_fail(t, "QUERY: base 0x%llx pad 0x%x",
			(unsigned long long)info->base_address, info->pad);
	return a.status;
}

static __u32 st_extend(struct st_thread *t, int fd, __u64 *size)
{
	__u64 v = *size;
	struct ntsection_extend_args a = {
		.section_fd = (__u32)fd, .new_section_size = NTS_PTR(&v), .status = 0xdeadbeef,
	};
	int rc, err;

	rc = ioctl(st_dev, NTSECTION_IOC_EXTEND, &a);
	err = errno;
	st_errcheck(t, "EXTEND", rc, err, a.status);
	if (a.status && v != *size)
		st_fail(t, "EXTEND failed with 0x%08x and wrote 0x%llx", a.status,
			(unsigned long long)v);
	*size = v;
	return a.status;
}

static __u32 st_vm(struct st_thread *t, unsigned long cmd, __u32 type, void *base, __u64 size,
		   __u32 protect, struct ntsection_vm_args *out)
{
	struct ntsection_vm_args a = {
		.process_fd = NTSECTION_CURRENT_PROCESS, .alloc_type = type,
		.base = (uintptr_t)base, .size = size, .protect = protect,
		.status = 0xdeadbeef,
	};
	int rc, err;

	rc = ioctl(st_dev, cmd, &a);
	err = errno;
	st_errcheck(t, cmd == NTSECTION_IOC_COMMIT ? "COMMIT" : "FREE", rc, err, a.status);
	if (out)
		*out = a;
	return a.status;
}

static __u32 st_commit(struct st_thread *t, void *base, __u64 size, __u32 protect)
{
	struct ntsection_vm_args a;
	__u64 first = (uintptr_t)base & ~(NT_PAGE - 1);
	__u64 last = ((uintptr_t)base + (size ? size : 1) + NT_PAGE - 1) & ~(NT_PAGE - 1);
	__u32 status;

	status = st_vm(t, NTSECTION_IOC_COMMIT, NT_MEM_COMMIT, base, size, protect, &a);
	if (!status && (a.base != first || a.size != last - first))
		st_fail(t, "COMMIT %p+0x%llx: rounded to 0x%llx+0x%llx", base,
			(unsigned long long)size, (unsigned long long)a.base,
			(unsigned long long)a.size);
	return status;
}

static __u32 st_query_vm(struct st_thread *t, void *addr, struct ntsection_vm_info *info)
{
	int rc, err;

	memset(info, 0xa5, sizeof(*info));
	info->process_fd = NTSECTION_CURRENT_PROCESS;
	info->address = (uintptr_t)addr;
	info->status = 0xdeadbeef;
	rc = ioctl(st_dev, NTSECTION_IOC_QUERY_VM, info);
	err = errno;
	st_errcheck(t, "QUERY_VM", rc, err, info->status);
	return info->status;
}

/*
 * Memory access that survives SIGSEGV and SIGBUS, per thread: the handler
 * jumps back to the probe that is armed in the faulting thread. A fault
 * anywhere else is a real crash and stays one.
 */
struct st_jmp {
	sigjmp_buf env;
};

static __thread struct st_jmp *st_jmp;
static __thread int st_sig;

static void st_on_fault(int sig)
{
	struct st_jmp *jmp = st_jmp;

	if (!jmp) {
		signal(sig, SIG_DFL);
		return;
	}
	st_jmp = NULL;
	__atomic_store_n(&st_sig, sig, __ATOMIC_SEQ_CST);
	siglongjmp(jmp->env, 1);
}

static void st_install_handlers(void)
{
	struct sigaction sa = { .sa_handler = st_on_fault, .sa_flags = SA_NODEFER };

	sigaction(SIGSEGV, &sa, NULL);
	sigaction(SIGBUS, &sa, NULL);
}

/* One byte: 0, or the signal the access raised. */
static int st_probe(char *addr, int write)
{
	struct st_jmp jmp;

	if (sigsetjmp(jmp.env, 0))
		return __atomic_load_n(&st_sig, __ATOMIC_SEQ_CST);
	st_jmp = &jmp;
	if (write)
		__atomic_fetch_add(addr, 0, __ATOMIC_RELAXED);
	else
		(void)__atomic_load_n(addr, __ATOMIC_RELAXED);
	st_jmp = NULL;
	return 0;
}

/*
 * Copy a page: 0, the signal, or with @seqlock ST_TORN when a write was in
 * progress (the sequence word odd or changed).
 */
static int st_read(__u64 *buf, char *addr, int seqlock)
{
	__u64 *src = (__u64 *)addr;
	struct st_jmp jmp;
	__u64 s1, s2;
	unsigned int i;

	if (sigsetjmp(jmp.env, 0))
		return __atomic_load_n(&st_sig, __ATOMIC_SEQ_CST);
	st_jmp = &jmp;
	s1 = __atomic_load_n(&src[0], __ATOMIC_ACQUIRE);
	for (i = 1; i < ST_WORDS; i++)
		buf[i] = __atomic_load_n(&src[i], __ATOMIC_RELAXED);
	__atomic_thread_fence(__ATOMIC_ACQUIRE);
	s2 = __atomic_load_n(&src[0], __ATOMIC_RELAXED);
	st_jmp = NULL;
	buf[0] = s1;
	if (seqlock && (s1 != s2 || (s1 & 1)))
		return ST_TORN;
	return 0;
}

static __u64 st_base(__u64 tag, __u32 page, __u32 gen)
{
	return st_mix(tag ^ ((__u64)page << 40) ^ (gen * ST_K));
}

/* Write a stamp: 0 or the signal (nothing is written then). */
static int st_write(char *addr, __u64 tag, __u32 page, __u32 gen)
{
	__u64 *dst = (__u64 *)addr;
	__u64 base = st_base(tag, page, gen);
	struct st_jmp jmp;
	unsigned int i;

	if (sigsetjmp(jmp.env, 0))
		return __atomic_load_n(&st_sig, __ATOMIC_SEQ_CST);
	st_jmp = &jmp;
	__atomic_store_n(&dst[0], 2ULL * gen - 1, __ATOMIC_RELAXED);
	__atomic_thread_fence(__ATOMIC_RELEASE);
	__atomic_store_n(&dst[1], gen, __ATOMIC_RELAXED);
	for (i = 2; i < ST_WORDS; i++)
		__atomic_store_n(&dst[i], base + i * ST_K, __ATOMIC_RELAXED);
	__atomic_store_n(&dst[0], 2ULL * gen, __ATOMIC_RELEASE);
	st_jmp = NULL;
	return 0;
}

/* The page a stamp makes, the first @valid bytes of it (the rest zero). */
static void st_fill(__u64 *buf, __u64 tag, __u32 page, __u32 gen, __u32 valid)
{
	__u64 base = st_base(tag, page, gen);
	unsigned int i;

	if (!gen) {
		memset(buf, 0, NT_PAGE);
		return;
	}
	buf[0] = 2ULL * gen;
	buf[1] = gen;
	for (i = 2; i < ST_WORDS; i++)
		buf[i] = base + i * ST_K;
	if (valid < NT_PAGE)
		memset((char *)buf + valid, 0, NT_PAGE - valid);
}

static unsigned int st_diff(const __u64 *a, const __u64 *b)
{
	unsigned int i;

	for (i = 0; i < ST_WORDS && a[i] == b[i]; i++)
		;
	return i;
}

/* Protections. */
static __u32 st_allowed(__u32 section_prot)
{
	const __u32 ro = NT_PAGE_NOACCESS | NT_PAGE_READONLY | NT_PAGE_WRITECOPY;
	const __u32 xr = ro | NT_PAGE_EXECUTE | NT_PAGE_EXECUTE_READ;

	switch (section_prot) {
	case NT_PAGE_READONLY:
	case NT_PAGE_WRITECOPY:
		return ro;
	case NT_PAGE_READWRITE:
		return ro | NT_PAGE_READWRITE;
	case NT_PAGE_EXECUTE_READ:
		return xr;
	case NT_PAGE_EXECUTE_WRITECOPY:
		return xr | NT_PAGE_EXECUTE_WRITECOPY;
	default:
		return 0xff;
	}
}

static __u32 st_needed(__u32 prot)
{
	switch (prot & 0xff) {
	case NT_PAGE_READWRITE:
		return NT_SECTION_MAP_WRITE;
	case NT_PAGE_EXECUTE:
		return NT_SECTION_MAP_EXECUTE;
	case NT_PAGE_EXECUTE_READ:
	case NT_PAGE_EXECUTE_WRITECOPY:
		return NT_SECTION_MAP_EXECUTE | NT_SECTION_MAP_READ;
	case NT_PAGE_EXECUTE_READWRITE:
		return NT_SECTION_MAP_EXECUTE | NT_SECTION_MAP_WRITE;
	default:
		return NT_SECTION_MAP_READ;
	}
}

static __u32 st_generic(__u32 access)
{
	__u32 out = access & 0x0fffffff;

	if (access & NT_GENERIC_READ)
		out |= NT_SECTION_QUERY | NT_SECTION_MAP_READ;
	if (access & NT_GENERIC_WRITE)
		out |= NT_SECTION_MAP_WRITE;
	if (access & NT_GENERIC_EXECUTE)
		out |= NT_SECTION_MAP_EXECUTE;
	if (access & NT_GENERIC_ALL)
		out |= NT_SECTION_ALL_ACCESS;
	return out & NT_SECTION_ALL_ACCESS;
}

/* The PROT_* a view protection maps with. */
static int st_prot_bits(__u32 prot)
{
	switch (prot & 0xff) {
	case NT_PAGE_READONLY:
		return PROT_READ;
	case NT_PAGE_READWRITE:
	case NT_PAGE_WRITECOPY:
		return PROT_READ | PROT_WRITE;
	case NT_PAGE_EXECUTE:
		return PROT_EXEC;
	case NT_PAGE_EXECUTE_READ:
		return PROT_READ | PROT_EXEC;
	case NT_PAGE_EXECUTE_READWRITE:
	case NT_PAGE_EXECUTE_WRITECOPY:
		return PROT_READ | PROT_WRITE | PROT_EXEC;
	default:
		return PROT_NONE;
	}
}

/* What mprotect() may grant a view of this protection (SPEC §3). */
static int st_prot_max(__u32 prot)
{
	switch (prot & 0xff) {
	case NT_PAGE_NOACCESS:
		return PROT_NONE;
	case NT_PAGE_READONLY:
		return PROT_READ;
	case NT_PAGE_READWRITE:
	case NT_PAGE_WRITECOPY:
		return PROT_READ | PROT_WRITE;
	case NT_PAGE_EXECUTE:
	case NT_PAGE_EXECUTE_READ:
		return PROT_READ | PROT_EXEC;
	default:
		return PROT_READ | PROT_WRITE | PROT_EXEC;
	}
}

/*
 * Pages of EXECUTE (execute-only) views are never touched: with protection
 * keys they are not readable, without them they are.
 */
static int st_readable(__u32 prot)
{
	return (prot & 0xff) != NT_PAGE_NOACCESS && (prot & 0xff) != NT_PAGE_EXECUTE;
}

static int st_touchable(__u32 prot)
{
	return (prot & 0xff) != NT_PAGE_EXECUTE;
}

static int st_writable(__u32 prot)
{
	return st_prot_bits(prot) & PROT_WRITE;
}

static int st_cow(__u32 prot)
{
	return (prot & 0xff) == NT_PAGE_WRITECOPY || (prot & 0xff) == NT_PAGE_EXECUTE_WRITECOPY;
}

/* Objects and views. */
static __u32 st_vpages(const struct st_view *v)
{
	return v->size / NT_PAGE;
}

static __u32 st_spage(const struct st_view *v, __u32 i)
{
	return v->offset / NT_PAGE + i;
}

static int st_reserve(const struct st_obj *o)
{
	return o->kind != ST_FILE && (o->attrs & NT_SEC_RESERVE);
}

static unsigned int st_owner(__u32 page)
{
	return (page - 1) % st_slots;
}

#define PICK_FD		0x01	/* has a handle */
#define PICK_VIEW	0x02	/* has a view */
#define PICK_ROOM	0x04	/* has room for a view */
#define PICK_FILE	0x08	/* ST_FILE with its file open */
#define PICK_RESERVE	0x10	/* SEC_RESERVE pagefile section */
#define PICK_PRIVATE	0x20	/* ST_PRIVATE */
#define PICK_HROOM	0x40	/* has room for a handle */

static struct st_obj *st_pick(struct st_thread *t, unsigned int need)
{
	struct st_obj *pick = NULL;
	unsigned int i, n = 0;

	for (i = 0; i < ST_MAX_OBJS; i++) {
		struct st_obj *o = &t->obj[i];

		if (!o->used)
			continue;
		if (((need & PICK_FD) && !o->nfds) || ((need & PICK_VIEW) && !o->nviews) ||
		    ((need & PICK_ROOM) && o->nviews == ST_MAX_VIEWS) ||
		    ((need & PICK_FILE) && (o->kind != ST_FILE || o->file < 0)) ||
		    ((need & PICK_RESERVE) && !st_reserve(o)) ||
		    ((need & PICK_PRIVATE) && o->kind != ST_PRIVATE) ||
		    ((need & PICK_HROOM) && o->nfds == ST_MAX_HANDLES))
			continue;
		if (!st_below(t, ++n))
			pick = o;
	}
	t->cur = pick;
	return pick;
}

static struct st_obj *st_free_obj(struct st_thread *t)
{
	unsigned int i;

	for (i = 0; i < ST_MAX_OBJS; i++)
		if (!t->obj[i].used)
			return &t->obj[i];
	return NULL;
}

static void st_init_obj(struct st_thread *t, struct st_obj *o, enum st_kind kind)
{
	unsigned int i;

	memset(o, 0, sizeof(*o));
	o->used = 1;
	o->kind = kind;
	o->file = -1;
	o->tag = st_rand(t) | 1;
	for (i = 0; i < ST_MAX_PAGES; i++)
		o->valid[i] = NT_PAGE;
}

static void st_add_fd(struct st_obj *o, int fd, __u32 access)
{
	o->fd[o->nfds] = fd;
	o->access[o->nfds] = access;
	o->nfds++;
}

static struct st_view *st_add_view(struct st_thread *t, struct st_obj *o, void *addr,
				   __u64 size, __u64 offset, __u32 protect, __u32 inherit,
				   int by_mmap)
{
	struct st_view *v = &o->view[o->nviews++];

	memset(v, 0, sizeof(*v));
	v->addr = addr;
	v->size = (size + NT_PAGE - 1) & ~(NT_PAGE - 1);
	v->offset = offset;
	v->protect = protect;
	v->inherit = inherit;
	v->by_mmap = by_mmap;
	v->mark = st_mix(++t->serial * ST_K + t->slot) | 2;
	st_note(o, "+view %lx off %llx size %llx prot %x%s%s", (unsigned long)addr >> 12,
		(unsigned long long)offset, (unsigned long long)v->size, protect,
		inherit == NT_VIEW_UNMAP ? " unmap" : "", by_mmap ? " mmap" : "");
	return v;
}

static void st_forget_view(struct st_obj *o, struct st_view *v)
{
	struct st_view *last = &o->view[o->nviews - 1];

	st_note(o, "-view %lx", (unsigned long)v->addr >> 12);
	if (v != last)
		*v = *last;
	o->nviews--;
}

/* The object is gone once nothing refers to it any more. */
static void st_maybe_release(struct st_obj *o)
{
	if (o->nfds || o->nviews)
		return;
	if (o->file >= 0)
		close(o->file);
	o->used = 0;
}

/* Checks of what a view shows. */

/* A PAGE_GUARD view: the first access to each page faults, once (SPEC §3). */
static int st_guard(struct st_thread *t, struct st_view *v, __u32 i)
{
	int sig;

	if (!(v->protect & NT_PAGE_GUARD) || (v->guard_fired & ST_BIT(i)))
		return 1;
	v->guard_fired |= ST_BIT(i);
	st_note(t->cur, "guard view %lx page %u", (unsigned long)v->addr >> 12, i);
	sig = st_probe(v->addr + i * NT_PAGE, 0);
	if (sig != SIGSEGV) {
		st_fail(t, "guard page %u of view %p: signal %d, expected SIGSEGV", i, v->addr,
			sig);
		return 0;
	}
	return 1;
}

/* The signal a read of page @i of @v must raise, 0 for none. */
static int st_fault_of(const struct st_obj *o, const struct st_view *v, __u32 i)
{
	__u32 sp = st_spage(v, i);

	if (!st_readable(v->protect))
		return SIGSEGV;
	if (st_reserve(o) && !(o->committed & ST_BIT(sp)))
		return SIGSEGV;
	if (o->kind == ST_FILE && (__u64)sp * NT_PAGE >= o->file_size)
		return SIGBUS;
	return 0;
}

/* Page @i of view @v of a section of this thread (ST_PRIVATE, ST_FILE). */
static int st_check_own(struct st_thread *t, struct st_obj *o, struct st_view *v, __u32 i)
{
	__u64 buf[ST_WORDS], want[ST_WORDS];
	__u32 sp = st_spage(v, i), gen, valid;
	unsigned int w;
	__u64 tag;
	int sig, fault;

	if (!st_touchable(v->protect) || !st_guard(t, v, i))
		return 1;
	fault = st_fault_of(o, v, i);
	sig = st_read(buf, v->addr + i * NT_PAGE, 0);
	if (sig != fault) {
		st_fail(t, "view %p (offset 0x%llx, protect 0x%x) page %u: signal %d, expected %d",
			v->addr, (unsigned long long)v->offset, v->protect, sp, sig, fault);
		return 0;
	}
	if (sig)
		return 1;
	if (v->priv[i]) {
		tag = o->tag ^ v->mark;
		gen = v->priv[i];
		valid = NT_PAGE;
	} else {
		tag = o->tag;
		gen = o->gen[sp];
		valid = o->valid[sp];
	}
	st_fill(want, tag, sp, gen, valid);
	w = st_diff(buf, want);
	if (w < ST_WORDS) {
		st_fail(t, "view %p (offset %llx, protect 0x%x%s) page %u: %s %u %s %llx, %s %llu",
			v->addr, (unsigned long long)v->offset, v->protect,
			v->by_mmap ? ", mmap" : "", sp, v->priv[i] ? "private copy" : "generation",
			gen, "holds sequence", (unsigned long long)buf[0], "word differs at",
			(unsigned long long)w);
		return 0;
	}
	return 1;
}

/* Page @i of view @v of a shared section (ST_SHARED). */
static int st_check_shared(struct st_thread *t, struct st_obj *o, struct st_view *v, __u32 i)
{
	__u64 buf[ST_WORDS], want[ST_WORDS];
	__u32 sp = st_spage(v, i), gen;
	int sig = 0, mine = sp && st_owner(sp) == t->slot;
	unsigned int w, tries;

	if (!st_touchable(v->protect) || !st_guard(t, v, i))
		return 1;
	if (!st_readable(v->protect)) {
		sig = st_probe(v->addr + i * NT_PAGE, 0);
		if (sig != SIGSEGV)
			st_fail(t, "NOACCESS view %p page %u: signal %d", v->addr, sp, sig);
		return sig == SIGSEGV;
	}
	if (v->priv[i]) {
		sig = st_read(buf, v->addr + i * NT_PAGE, 0);
		st_fill(want, o->tag ^ v->mark, sp, v->priv[i], NT_PAGE);
		w = sig ? 0 : st_diff(buf, want);
		if (sig || w < ST_WORDS) {
			st_fail(t, "shared %d view %p private page %u: signal %d, word %u",
				o->shared_k, v->addr, sp, sig, w);
			return 0;
		}
		return 1;
	}
	for (tries = 0; ; tries++) {
		sig = st_read(buf, v->addr + i * NT_PAGE, sp != 0);
		if (sig != ST_TORN)
			break;
		if (tries == 200)
			return 1;	/* the owner is busy writing: nothing to judge */
		if (tries > 4)
			sched_yield();
	}
	if (sig == SIGSEGV && (o->attrs & NT_SEC_RESERVE) && !(o->committed & ST_BIT(sp)))
		return 1;	/* not committed (yet): fine */
	if (sig) {
		st_fail(t, "shared %d view %p (protect 0x%x) page %u: signal %d", o->shared_k,
			v->addr, v->protect, sp, sig);
		return 0;
	}
	o->committed |= ST_BIT(sp);
	if (!sp) {
		memset(want, 0, sizeof(want));
		want[0] = o->tag;
		w = st_diff(buf, want);
		if (w < ST_WORDS) {
			st_fail(t, "shared %d view %p header: word %u is 0x%llx, expected 0x%llx",
				o->shared_k, v->addr, w, (unsigned long long)buf[w],
				(unsigned long long)want[w]);
			return 0;
		}
		return 1;
	}
	gen = buf[0] / 2;
	st_fill(want, o->tag, sp, gen, NT_PAGE);
	w = st_diff(buf, want);
	if (w < ST_WORDS) {
		st_fail(t, "shared %d view %p (protect 0x%x) page %u: %s %u, word %u is 0x%llx",
			o->shared_k, v->addr, v->protect, sp, "not a stamp of generation", gen,
			w, (unsigned long long)buf[w]);
		return 0;
	}
	if (gen < o->seen[sp] || (mine && o->gen[sp] && gen != o->gen[sp])) {
		st_fail(t, "shared %d view %p page %u: generation %u, seen %u before, written %u",
			o->shared_k, v->addr, sp, gen, o->seen[sp], mine ? o->gen[sp] : 0);
		return 0;
	}
	o->seen[sp] = gen;
	return 1;
}

static int st_check_page(struct st_thread *t, struct st_obj *o, struct st_view *v, __u32 i)
{
	if (o->kind == ST_SHARED)
		return st_check_shared(t, o, v, i);
	return st_check_own(t, o, v, i);
}

static int st_check_view(struct st_thread *t, struct st_obj *o, struct st_view *v)
{
	__u32 i;

	for (i = 0; i < st_vpages(v); i++)
		if (!st_check_page(t, o, v, i))
			return 0;
	return 1;
}

/* Section page @sp through every view that shows it. */
static int st_check_spage(struct st_thread *t, struct st_obj *o, __u32 sp)
{
	int i;

	for (i = 0; i < o->nviews; i++) {
		struct st_view *v = &o->view[i];

		if (sp >= st_spage(v, 0) && sp < st_spage(v, st_vpages(v)) &&
		    !st_check_page(t, o, v, sp - st_spage(v, 0)))
			return 0;
	}
	return 1;
}

static int st_check_obj(struct st_thread *t, struct st_obj *o)
{
	int i;

	for (i = 0; i < o->nviews; i++)
		if (!st_check_view(t, o, &o->view[i]))
			return 0;
	return 1;
}

/* NtQueryVirtualMemory on a page of a view, against the model (SPEC §6). */
static void st_check_query_vm(struct st_thread *t, struct st_obj *o, struct st_view *v, __u32 i)
{
	struct ntsection_vm_info info;
	__u32 sp = st_spage(v, i), j, base, want_protect = 0, want_state;
	int committed = 1, known = 1, cow = st_cow(v->protect);
	__u64 want_region = 0;
	char got[128];
	int tries;
	char *addr = v->addr + i * NT_PAGE + st_below(t, NT_PAGE);

	if (st_reserve(o)) {
		committed = !!(o->committed & ST_BIT(sp));
		known = committed || o->kind != ST_SHARED;
	}
	base = v->protect & 0xff;
	if (cow && v->priv[i])
		base = base == NT_PAGE_WRITECOPY ? NT_PAGE_READWRITE : NT_PAGE_EXECUTE_READWRITE;
	if (committed)
		want_protect = base | (v->protect & ST_MODIFIERS);
	want_state = committed ? NT_MEM_COMMIT : NT_MEM_RESERVE;
	if (o->kind != ST_SHARED) {
		for (j = i; j < st_vpages(v); j++) {
			__u32 sj = st_spage(v, j);

			if (st_reserve(o) && !!(o->committed & ST_BIT(sj)) != committed)
				break;
			if (cow && !!v->priv[j] != !!v->priv[i])
				break;
		}
		want_region = (__u64)(j - i) * NT_PAGE;
	}
	for (tries = 0; tries < 3; tries++) {
		if (!st_want(t, "QUERY_VM", st_query_vm(t, addr, &info), NT_STATUS_SUCCESS))
			return;
		if (info.base_address != ((uintptr_t)addr & ~(NT_PAGE - 1)) ||
		    info.allocation_base != (uintptr_t)v->addr ||
		    info.allocation_protect != v->protect || info.type != NT_MEM_MAPPED ||
		    info.region_size < NT_PAGE ||
		    info.region_size > (__u64)(st_vpages(v) - i) * NT_PAGE)
			break;
		if (!known)
			return;
		if (info.state == want_state && info.protect == want_protect &&
		    (!want_region || info.region_size == want_region))
			return;
		usleep(1000);
	}
	snprintf(got, sizeof(got), "base 0x%llx allocation 0x%llx/0x%x region 0x%llx",
		 (unsigned long long)info.base_address, (unsigned long long)info.allocation_base,
		 info.allocation_protect, (unsigned long long)info.region_size);
	st_fail(t, "QUERY_VM %p (view %p protect 0x%x page %u): %s state 0x%x protect 0x%x %s",
		addr, v->addr, v->protect, sp, got, info.state, info.protect, "expected");
	st_fail(t, "QUERY_VM expected state 0x%x protect 0x%x region 0x%llx (0: any), type 0x%x",
		want_state, want_protect, (unsigned long long)want_region, info.type);
}

/* Writes. */

/* Write page @i of a view of one of the thread's own sections. */
static void st_write_own(struct st_thread *t, struct st_obj *o, struct st_view *v, __u32 i)
{
	__u32 sp = st_spage(v, i), gen = ++t->gen;
	int fault = st_fault_of(o, v, i), sig;
	__u64 tag = o->tag;

	if (!st_touchable(v->protect) || !st_guard(t, v, i))
		return;
	if (!st_writable(v->protect))
		fault = SIGSEGV;
	/* The tail of the page at the end of the file: not ours to write. */
	if (!fault && o->kind == ST_FILE && (__u64)(sp + 1) * NT_PAGE > o->file_size)
		return;
	if (!fault && st_cow(v->protect))
		tag ^= v->mark;
	sig = st_write(v->addr + i * NT_PAGE, tag, sp, gen);
	if (sig != fault) {
		st_fail(t, "write view %p (protect 0x%x) page %u: signal %d, expected %d", v->addr,
			v->protect, sp, sig, fault);
		return;
	}
	if (sig)
		return;
	if (st_cow(v->protect)) {
		v->priv[i] = gen;
	} else {
		o->gen[sp] = gen;
		o->valid[sp] = NT_PAGE;
	}
	st_note(o, "write view %lx page %u gen %u%s", (unsigned long)v->addr >> 12, sp, gen,
		st_cow(v->protect) ? " private" : "");
}

/* Write page @i of a view of a shared section: owned pages, or privately. */
static void st_write_shared(struct st_thread *t, struct st_obj *o, struct st_view *v, __u32 i)
{
	__u32 sp = st_spage(v, i), gen;
	int sig;

	if (!sp || !st_writable(v->protect) || !st_guard(t, v, i))
		return;
	if (!st_cow(v->protect) && st_owner(sp) != t->slot)
		return;
	if ((o->attrs & NT_SEC_RESERVE) && !(o->committed & ST_BIT(sp))) {
		if (!st_want(t, "COMMIT", st_commit(t, v->addr + i * NT_PAGE, NT_PAGE,
						    NT_PAGE_READWRITE), NT_STATUS_SUCCESS))
			return;
		o->committed |= ST_BIT(sp);
	}
	gen = ++t->gen;
	if (st_cow(v->protect)) {
		sig = st_write(v->addr + i * NT_PAGE, o->tag ^ v->mark, sp, gen);
		if (!sig)
			v->priv[i] = gen;
	} else {
		sig = st_write(v->addr + i * NT_PAGE, o->tag, sp, gen);
		if (!sig) {
			o->gen[sp] = gen;
			o->seen[sp] = gen;
		}
	}
	st_note(o, "write view %lx page %u gen %u%s: %d", (unsigned long)v->addr >> 12, sp, gen,
		st_cow(v->protect) ? " private" : "", sig);
	if (sig)
		st_fail(t, "write shared %d view %p (protect 0x%x) page %u: signal %d",
			o->shared_k, v->addr, v->protect, sp, sig);
}

/* Mapping. */

/* What NtMapViewOfSection must answer for these (aligned-base) arguments. */
static __u32 st_map_expect(const struct st_obj *o, __u32 access, __u32 prot, __u64 offset,
			   __u64 view_size)
{
	if ((access & st_needed(prot)) != st_needed(prot))
		return NT_STATUS_ACCESS_DENIED;
	if (offset % NT_GRAN)
		return NT_STATUS_MAPPED_ALIGNMENT;
	if (!(st_allowed(o->prot) & (prot & 0xff)))
		return NT_STATUS_SECTION_PROTECTION;
	if (offset >= o->size || view_size > o->size - offset)
		return NT_STATUS_INVALID_VIEW_SIZE;
	return NT_STATUS_SUCCESS;
}

static __u32 st_random_view_prot(struct st_thread *t, const struct st_obj *o)
{
	static const __u32 prots[] = {
		NT_PAGE_READONLY, NT_PAGE_READWRITE, NT_PAGE_WRITECOPY, NT_PAGE_READWRITE,
		NT_PAGE_READONLY, NT_PAGE_NOACCESS, NT_PAGE_EXECUTE_READ,
		NT_PAGE_EXECUTE_READWRITE, NT_PAGE_EXECUTE_WRITECOPY, NT_PAGE_EXECUTE,
		NT_PAGE_READWRITE | NT_PAGE_GUARD, NT_PAGE_READONLY | NT_PAGE_GUARD,
		NT_PAGE_WRITECOPY | NT_PAGE_GUARD,
	};
	__u32 prot;
	int tries;

	/* Mostly protections the section allows: the others fail early. */
	for (tries = 0; tries < 8; tries++) {
		prot = prots[st_below(t, ARRAY_SIZE(prots))];
		if (st_allowed(o->prot) & (prot & 0xff))
			break;
	}
	return prot;
}

/*
 * The view's content right after the map: anything else and the page
 * contents are wrong. A view of a shared section checks the pages it shows.
 */
static void st_new_view_check(struct st_thread *t, struct st_obj *o, struct st_view *v)
{
	if (((uintptr_t)v->addr) % NT_GRAN)
		st_fail(t, "view at %p is not on the 64 KiB granularity", v->addr);
	st_check_view(t, o, v);
}

/* NtMapViewOfSection with random arguments on handle @h of @o. */
static void st_do_map(struct st_thread *t, struct st_obj *o, int h)
{
	struct nts_map_call a = { .section_fd = (__u32)o->fd[h] };
	__u64 remain, view, hole = 0;
	__u32 want, status;
	struct st_view *v;
	void *r = MAP_FAILED;
	int zb = 0;

	a.protect = st_random_view_prot(t, o);
	a.offset = st_below(t, (o->size + NT_GRAN - 1) / NT_GRAN + (st_chance(t, 5) ? 1 : 0)) *
		   NT_GRAN;
	remain = a.offset < o->size ? o->size - a.offset : 0;
	if (st_chance(t, 40) && remain)
		a.view_size = 1 + st_below(t, remain);
	else if (st_chance(t, 3))
		a.view_size = remain + NT_PAGE;
	view = a.view_size ? a.view_size : remain;
	a.inherit = st_chance(t, 30) ? NT_VIEW_UNMAP : NT_VIEW_SHARE;
	if (o->kind != ST_FILE && view && st_chance(t, 30))
		a.commit_size = st_chance(t, 50) ? view : 1 + st_below(t, view);
	if (st_chance(t, 8))
		a.alloc_type = NT_MEM_TOP_DOWN;
	if (st_chance(t, 8)) {
		zb = 1;
		a.zero_bits = 1;	/* below 2 GiB */
	} else if (st_chance(t, 5) && view) {
		/* A fixed base: a hole that another thread may take first. */
		r = mmap(NULL, view + 2 * NT_GRAN, PROT_NONE,
			 MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
		if (r != MAP_FAILED) {
			hole = ((uintptr_t)r + NT_GRAN - 1) & ~(NT_GRAN - 1);
			munmap(r, view + 2 * NT_GRAN);
			a.base = hole;
		}
	}
	want = st_map_expect(o, o->access[h], a.protect, a.offset, a.view_size);
	if (!want && a.commit_size > view)
		want = NT_STATUS_INVALID_PARAMETER_5;
	status = st_map_raw(t, &a);
	if (hole && want == NT_STATUS_SUCCESS && status == NT_STATUS_CONFLICTING_ADDRESSES)
		return;
	if (!st_want(t, "MAP", status, want) || status)
		return;
	if (hole && a.base != hole)
		st_fail(t, "MAP at 0x%llx: the view is at 0x%llx", (unsigned long long)hole,
			(unsigned long long)a.base);
	if (a.view_size != ((view + NT_PAGE - 1) & ~(NT_PAGE - 1)))
		st_fail(t, "MAP: view size 0x%llx for 0x%llx", (unsigned long long)a.view_size,
			(unsigned long long)view);
	if (zb && a.base + a.view_size - 1 > 0x7fffffffULL)
		st_fail(t, "MAP ZeroBits 1: view at 0x%llx", (unsigned long long)a.base);
	v = st_add_view(t, o, (void *)(uintptr_t)a.base, a.view_size, a.offset, a.protect,
			a.inherit, 0);
	if (a.commit_size && st_reserve(o)) {
		__u32 first = a.offset / NT_PAGE;
		__u32 n = (a.commit_size + NT_PAGE - 1) / NT_PAGE, k;

		for (k = 0; k < n; k++)
			o->committed |= ST_BIT(first + k);
	}
	st_new_view_check(t, o, v);
}

/* A plain mmap() of handle @h of @o. */
static void st_do_mmap(struct st_thread *t, struct st_obj *o, int h)
{
	static const struct {
		int prot;
		int flags;
		__u32 protect;
	} kinds[] = {
		{ PROT_READ, MAP_SHARED, NT_PAGE_READONLY },
		{ PROT_READ | PROT_WRITE, MAP_SHARED, NT_PAGE_READWRITE },
		{ PROT_READ | PROT_WRITE, MAP_PRIVATE, NT_PAGE_WRITECOPY },
		{ PROT_READ, MAP_PRIVATE, NT_PAGE_READONLY },
		{ PROT_NONE, MAP_SHARED, NT_PAGE_NOACCESS },
		{ PROT_READ | PROT_EXEC, MAP_SHARED, NT_PAGE_EXECUTE_READ },
	};
	unsigned int k = st_below(t, ARRAY_SIZE(kinds));
	__u64 offset, len, remain;
	struct st_view *v;
	__u32 want;
	void *p;

	offset = st_below(t, (o->size + NT_GRAN - 1) / NT_GRAN) * NT_GRAN;
	if (st_chance(t, 3))
		offset += NT_PAGE;
	remain = offset < o->size ? o->size - offset : 0;
	len = (1 + st_below(t, (remain + NT_PAGE - 1) / NT_PAGE)) * NT_PAGE;
	if (st_chance(t, 50))
		len = remain & ~(NT_PAGE - 1);
	if (!len)
		len = NT_PAGE;
	want = st_map_expect(o, o->access[h], kinds[k].protect, offset, len);
	/* A file-backed section is mapped through NtMapViewOfSection only. */
	if (o->kind == ST_FILE)
		want = NT_STATUS_INVALID_FILE_FOR_SECTION;
	p = mmap(NULL, len, kinds[k].prot, kinds[k].flags, o->fd[h], offset);
	if (p == MAP_FAILED) {
		int err = errno;

		/* The kernel's noexec anon inodes refuse first (see above). */
		if (err == EPERM && (kinds[k].prot & PROT_EXEC) && st_plain_exec_refused)
			return;

		if (-err != nts_expected_errno(want) || !want)
			st_fail(t, "mmap(0x%llx, prot %d, flags %d, offset 0x%llx): %s %d, %s %x",
				(unsigned long long)len, kinds[k].prot, kinds[k].flags,
				(unsigned long long)offset, "errno", err, "expected status", want);
		return;
	}
	if (want) {
		st_fail(t, "mmap(0x%llx, prot %d, flags %d, offset 0x%llx) worked, %s 0x%08x",
			(unsigned long long)len, kinds[k].prot, kinds[k].flags,
			(unsigned long long)offset, "expected status", want);
		munmap(p, len);
		return;
	}
	v = st_add_view(t, o, p, len, offset, kinds[k].protect, NT_VIEW_SHARE, 1);
	st_new_view_check(t, o, v);
}

/* Map the whole of a fresh handle of a shared name and learn its incarnation. */
static void st_attach_shared(struct st_thread *t, int k, int fd, __u32 access,
			     struct st_obj *held)
{
	struct nts_map_call a = {
		.section_fd = (__u32)fd, .inherit = NT_VIEW_SHARE, .protect = NT_PAGE_READWRITE,
	};
	struct st_obj *o = NULL;
	__u64 expected = 0, nonce = st_rand(t) | 1;
	struct st_view *v;
	unsigned int i;

	if (st_shared_def[k].attrs & NT_SEC_RESERVE)
		a.commit_size = NT_PAGE;	/* the header page */
	if (!st_want(t, "MAP shared", st_map_raw(t, &a), NT_STATUS_SUCCESS)) {
		close(fd);
		return;
	}
	if (!__atomic_compare_exchange_n((__u64 *)(uintptr_t)a.base, &expected, nonce, 0,
					 __ATOMIC_SEQ_CST, __ATOMIC_SEQ_CST))
		nonce = expected;
	if (held && held->tag != nonce)
		st_fail(t, "shared %d: the name gives incarnation 0x%llx, %s 0x%llx is open",
			k, (unsigned long long)nonce, "while a handle of",
			(unsigned long long)held->tag);
	for (i = 0; i < ST_MAX_OBJS; i++)
		if (t->obj[i].used && t->obj[i].kind == ST_SHARED && t->obj[i].tag == nonce)
			o = &t->obj[i];
	if (!o) {
		o = st_free_obj(t);
		if (!o) {
			st_want(t, "UNMAP", st_unmap(t, (void *)(uintptr_t)a.base),
				NT_STATUS_SUCCESS);
			close(fd);
			return;
		}
		st_init_obj(t, o, ST_SHARED);
		o->shared_k = k;
		o->named = 1;
		o->prot = NT_PAGE_READWRITE;
		o->attrs = st_shared_def[k].attrs;
		o->size = (st_shared_def[k].size + NT_PAGE - 1) & ~(NT_PAGE - 1);
		o->tag = nonce;
	}
	t->cur = o;
	o->committed |= 1;
	if (a.view_size != o->size)
		st_fail(t, "shared %d: whole view of 0x%llx bytes", k,
			(unsigned long long)a.view_size);
	if (o->nfds < ST_MAX_HANDLES)
		st_add_fd(o, fd, access);
	else
		close(fd);
	if (o->nviews < ST_MAX_VIEWS) {
		v = st_add_view(t, o, (void *)(uintptr_t)a.base, a.view_size, 0,
				NT_PAGE_READWRITE, NT_VIEW_SHARE, 0);
		st_check_page(t, o, v, 0);
		if (st_chance(t, 20))
			st_check_view(t, o, v);
	} else {
		st_want(t, "UNMAP", st_unmap(t, (void *)(uintptr_t)a.base), NT_STATUS_SUCCESS);
	}
	st_maybe_release(o);
}

static void st_shared_name(int k, char *buf, size_t len, int upper)
{
	size_t i;

	snprintf(buf, len, "\\BaseNamedObjects\\nts-stress-%d-shared-%d", (int)st_cfg.test_pid,
		 k);
	for (i = 0; upper && buf[i]; i++)
		buf[i] = toupper((unsigned char)buf[i]);
}

/* The incarnation of shared name @k this thread holds a handle of, if any. */
static struct st_obj *st_held_shared(struct st_thread *t, int k)
{
	unsigned int i;

	for (i = 0; i < ST_MAX_OBJS; i++)
		if (t->obj[i].used && t->obj[i].kind == ST_SHARED && t->obj[i].shared_k == k &&
		    t->obj[i].nfds)
			return &t->obj[i];
	return NULL;
}

/* The operations. */

static void st_drop_view(struct st_thread *t, struct st_obj *o, struct st_view *v, int how)
{
	if (how) {
		if (munmap(v->addr, v->size))
			st_fail(t, "munmap(%p, 0x%llx): errno %d", v->addr,
				(unsigned long long)v->size, errno);
	} else {
		st_want(t, "UNMAP", st_unmap(t, v->addr + st_below(t, v->size)),
			NT_STATUS_SUCCESS);
	}
	st_forget_view(o, v);
}

static void st_destroy(struct st_thread *t, struct st_obj *o)
{
	while (o->nviews)
		st_drop_view(t, o, &o->view[st_below(t, o->nviews)], st_chance(t, 50));
	while (o->nfds) {
		if (close(o->fd[--o->nfds]))
			st_fail(t, "close of a handle: errno %d", errno);
	}
	st_maybe_release(o);
}

static void st_create_shared(struct st_thread *t)
{
	int k = st_below(t, ST_NSHARED), fd;
	struct st_obj *held = st_held_shared(t, k);
	__u32 access = st_chance(t, 30) ? NT_GENERIC_READ | NT_GENERIC_WRITE :
					  NT_SECTION_ALL_ACCESS;
	struct nts_create a = {
		.obj_attrs = NT_OBJ_OPENIF, .access = access,
		.protect = NT_PAGE_READWRITE, .attrs = st_shared_def[k].attrs,
		.file_fd = -1, .size = st_shared_def[k].size, .size_given = 1,
	};
	char name[96];
	__u32 status;

	st_shared_name(k, name, sizeof(name), 0);
	status = st_create(t, &a, name, &fd);
	if (status != NT_STATUS_OBJECT_NAME_EXISTS && (held || status != NT_STATUS_SUCCESS)) {
		st_fail(t, "CREATE shared %d (OPENIF): status 0x%08x%s", k, status,
			held ? " with a handle open" : "");
		if (fd >= 0)
			close(fd);
		return;
	}
	st_attach_shared(t, k, fd, st_generic(access), held);
}

static void st_create_private(struct st_thread *t, struct st_obj *o)
{
	static const __u32 prots[] = {
		NT_PAGE_READWRITE, NT_PAGE_READWRITE, NT_PAGE_READWRITE, NT_PAGE_READONLY,
		NT_PAGE_EXECUTE_READWRITE, NT_PAGE_WRITECOPY,
	};
	struct nts_create a = {
		.access = st_chance(t, 20) ? NT_GENERIC_ALL : NT_SECTION_ALL_ACCESS,
		.file_fd = -1, .size_given = 1,
	};
	__u32 pages = 1 + st_below(t, ST_MAX_PAGES);
	struct ntsection_basic_information info;
	int fd;

	st_init_obj(t, o, ST_PRIVATE);
	t->cur = o;
	o->prot = prots[st_below(t, ARRAY_SIZE(prots))];
	o->attrs = st_chance(t, 40) ? NT_SEC_RESERVE : NT_SEC_COMMIT;
	a.protect = o->prot;
	a.attrs = o->attrs;
	a.size = pages * NT_PAGE - (st_chance(t, 30) ? st_below(t, NT_PAGE - 1) : 0);
	o->size = pages * NT_PAGE;
	if (st_chance(t, 40)) {
		o->named = 1;
		snprintf(o->name, sizeof(o->name), "\\BaseNamedObjects\\nts-stress-%d-%u-%u-%u",
			 (int)st_cfg.test_pid, t->proc, t->idx, ++t->serial);
	}
	if (!st_want(t, "CREATE", st_create(t, &a, o->named ? o->name : NULL, &fd),
		     NT_STATUS_SUCCESS)) {
		if (fd >= 0)
			close(fd);
		o->used = 0;
		return;
	}
	st_add_fd(o, fd, NT_SECTION_ALL_ACCESS);
	if (st_want(t, "QUERY", st_query(t, fd, sizeof(info), &info), NT_STATUS_SUCCESS) &&
	    (info.size != o->size || info.attributes != o->attrs))
		st_fail(t, "QUERY: size 0x%llx attributes 0x%x, expected 0x%llx 0x%x",
			(unsigned long long)info.size, info.attributes,
			(unsigned long long)o->size, o->attrs);
}

static void st_create_file(struct st_thread *t, struct st_obj *o)
{
	static const __u32 prots[] = {
		NT_PAGE_READWRITE, NT_PAGE_READWRITE, NT_PAGE_READWRITE,
		NT_PAGE_EXECUTE_READWRITE, NT_PAGE_WRITECOPY, NT_PAGE_READONLY,
	};
	struct nts_create a = {
		.access = NT_SECTION_ALL_ACCESS,
		.attrs = st_chance(t, 20) ? NT_SEC_RESERVE : NT_SEC_COMMIT,
	};
	char path[] = "/tmp/nts-stress-XXXXXX";
	struct ntsection_basic_information info;
	__u32 pages = 1 + st_below(t, ST_MAX_PAGES / 2), i, want = NT_STATUS_SUCCESS;
	int fd, writable;

	st_init_obj(t, o, ST_FILE);
	t->cur = o;
	o->prot = prots[st_below(t, ARRAY_SIZE(prots))];
	o->attrs = a.attrs;
	writable = o->prot == NT_PAGE_READWRITE || o->prot == NT_PAGE_EXECUTE_READWRITE;
	o->file = mkstemp(path);
	if (o->file < 0) {
		st_fail(t, "mkstemp: errno %d", errno);
		o->used = 0;
		return;
	}
	unlink(path);
	o->file_size = pages * NT_PAGE - (st_chance(t, 20) ? st_below(t, NT_PAGE - 1) : 0);
	if (ftruncate(o->file, o->file_size)) {
		st_fail(t, "ftruncate: errno %d", errno);
		goto fail;
	}
	/* Some pages written with write(2): the section must show them. */
	for (i = 0; i + 1 < pages; i++) {
		__u64 buf[ST_WORDS];

		if (!st_chance(t, 30))
			continue;
		o->gen[i] = ++t->gen;
		st_fill(buf, o->tag, i, o->gen[i], NT_PAGE);
		if (pwrite(o->file, buf, NT_PAGE, i * NT_PAGE) != NT_PAGE) {
			st_fail(t, "pwrite: errno %d", errno);
			goto fail;
		}
	}
	a.protect = o->prot;
	a.file_fd = o->file;
	o->size = o->file_size;
	if (st_chance(t, 50)) {
		a.size_given = 1;
		if (st_chance(t, 50)) {
			a.size = o->file_size + 1 + st_below(t, (ST_MAX_PAGES - pages) * NT_PAGE);
			if (!writable)
				want = NT_STATUS_SECTION_TOO_BIG;
		} else {
			a.size = st_chance(t, 20) ? 0 : 1 + st_below(t, o->file_size);
		}
		if (a.size)
			o->size = a.size;
	}
	if (!st_want(t, "CREATE file", st_create(t, &a, NULL, &fd), want) || want) {
		if (fd >= 0)
			close(fd);
		goto fail;
	}
	if (o->size > o->file_size)
		o->file_size = o->size;
	st_add_fd(o, fd, NT_SECTION_ALL_ACCESS);
	if (st_want(t, "QUERY", st_query(t, fd, 64, &info), NT_STATUS_SUCCESS) &&
	    (info.size != o->size || info.attributes != NT_SEC_FILE))
		st_fail(t, "QUERY file: size 0x%llx attributes 0x%x, expected 0x%llx",
			(unsigned long long)info.size, info.attributes,
			(unsigned long long)o->size);
	if (st_chance(t, 10)) {
		/* The section keeps its own reference to the file. */
		close(o->file);
		o->file = -1;
	}
	return;
fail:
	close(o->file);
	o->used = 0;
}

static void st_op_create(struct st_thread *t)
{
	struct st_obj *o;

	if (st_chance(t, 30)) {
		st_create_shared(t);
		return;
	}
	o = st_free_obj(t);
	if (!o) {
		st_destroy(t, &t->obj[st_below(t, ST_MAX_OBJS)]);
		o = st_free_obj(t);
		if (!o)
			return;
	}
	if (st_chance(t, 35))
		st_create_file(t, o);
	else
		st_create_private(t, o);
}

/* Open a name: a shared one, or one of the thread's own sections. */
static void st_op_open(struct st_thread *t)
{
	static const __u32 accesses[] = {
		NT_SECTION_ALL_ACCESS, NT_SECTION_MAP_READ, NT_SECTION_QUERY | NT_SECTION_MAP_READ,
		NT_SECTION_MAP_READ | NT_SECTION_MAP_WRITE, NT_GENERIC_READ,
		NT_GENERIC_READ | NT_GENERIC_WRITE, NT_SECTION_EXTEND_SIZE | NT_SECTION_QUERY,
		NT_SECTION_MAP_EXECUTE | NT_SECTION_MAP_READ, NT_GENERIC_ALL,
	};
	struct ntsection_basic_information info;
	struct st_obj *o, *held;
	__u32 status, access, raw;
	char name[96];
	int k, fd, ci;

	o = NULL;
	if (st_chance(t, 60)) {
		unsigned int i, n = 0;

		for (i = 0; i < ST_MAX_OBJS; i++)
			if (t->obj[i].used && t->obj[i].kind != ST_SHARED && t->obj[i].named &&
			    !st_below(t, ++n))
				o = &t->obj[i];
	}
	if (!o) {
		k = st_below(t, ST_NSHARED);
		held = st_held_shared(t, k);
		ci = st_chance(t, 30);
		st_shared_name(k, name, sizeof(name), ci);
		access = st_chance(t, 50) ? NT_GENERIC_READ | NT_GENERIC_WRITE :
					    NT_SECTION_QUERY | NT_SECTION_MAP_READ |
					    NT_SECTION_MAP_WRITE;
		status = st_open(t, name, ci ? NT_OBJ_CASE_INSENSITIVE : 0, access, &fd);
		if (status == NT_STATUS_OBJECT_NAME_NOT_FOUND && !held)
			return;
		if (!st_want(t, held ? "OPEN shared (held)" : "OPEN shared", status,
			     NT_STATUS_SUCCESS))
			return;
		st_attach_shared(t, k, fd, st_generic(access), held);
		return;
	}
	t->cur = o;
	if (!o->nfds) {
		/* The name died with the last handle (SPEC §1.2); views do not keep it. */
		pthread_rwlock_wrlock(&st_fork_lock);
		status = st_open(t, o->name, 0, NT_SECTION_QUERY, &fd);
		pthread_rwlock_unlock(&st_fork_lock);
		st_want(t, "OPEN after the last close", status, NT_STATUS_OBJECT_NAME_NOT_FOUND);
		if (fd >= 0)
			close(fd);
		return;
	}
	if (st_chance(t, 25)) {
		/* Creating the name again: a collision, or with OPENIF the same section. */
		struct nts_create a = {
			.access = NT_SECTION_ALL_ACCESS, .protect = NT_PAGE_READWRITE,
			.attrs = NT_SEC_COMMIT, .file_fd = -1, .size = NT_PAGE, .size_given = 1,
		};
		int openif = st_chance(t, 50);

		a.obj_attrs = openif ? NT_OBJ_OPENIF : 0;
		status = st_create(t, &a, o->name, &fd);
		if (!st_want(t, "CREATE existing name", status,
			     openif ? NT_STATUS_OBJECT_NAME_EXISTS :
				      NT_STATUS_OBJECT_NAME_COLLISION) || !openif)
			goto check;
		access = NT_SECTION_ALL_ACCESS;
	} else {
		raw = accesses[st_below(t, ARRAY_SIZE(accesses))];
		access = st_generic(raw);
		ci = st_chance(t, 20);
		snprintf(name, sizeof(name), "%s", o->name);
		if (ci)
			for (k = 0; name[k]; k++)
				name[k] = tolower((unsigned char)name[k]);
		status = st_open(t, name, ci ? NT_OBJ_CASE_INSENSITIVE : 0, raw, &fd);
		if (!st_want(t, "OPEN own", status, NT_STATUS_SUCCESS))
			goto check;
	}
	status = st_query(t, fd, sizeof(info), &info);
	if ((access & NT_SECTION_QUERY) && st_want(t, "QUERY", status, NT_STATUS_SUCCESS) &&
	    info.size != o->size)
		st_fail(t, "QUERY through a reopened handle: size 0x%llx, expected 0x%llx",
			(unsigned long long)info.size, (unsigned long long)o->size);
	if (!(access & NT_SECTION_QUERY))
		st_want(t, "QUERY without SECTION_QUERY", status, NT_STATUS_ACCESS_DENIED);
	if (o->nfds < ST_MAX_HANDLES)
		st_add_fd(o, fd, access);
	else
		close(fd);
	return;
check:
	if (fd >= 0)
		close(fd);
}

static void st_op_map(struct st_thread *t)
{
	struct st_obj *o = st_pick(t, PICK_FD | PICK_ROOM);

	if (o)
		st_do_map(t, o, st_below(t, o->nfds));
}

static void st_op_mmap(struct st_thread *t)
{
	struct st_obj *o = st_pick(t, PICK_FD | PICK_ROOM);

	if (o)
		st_do_mmap(t, o, st_below(t, o->nfds));
}

/* A page of @v this thread owns, at or after @i if there is one. */
static __u32 st_owned_page(struct st_thread *t, const struct st_view *v, __u32 i)
{
	__u32 k, n = st_vpages(v);

	for (k = 0; k < n; k++) {
		__u32 j = (i + k) % n, sp = st_spage(v, j);

		if (sp && st_owner(sp) == t->slot)
			return j;
	}
	return i;
}

static void st_op_touch(struct st_thread *t)
{
	struct st_obj *o = st_pick(t, PICK_VIEW);
	struct st_view *v;
	__u32 n, i, k;

	if (!o)
		return;
	v = &o->view[st_below(t, o->nviews)];
	n = 1 + st_below(t, 4);
	for (k = 0; k < n && !st_sh->stop; k++) {
		i = st_below(t, st_vpages(v));
		if (o->kind == ST_SHARED) {
			if (!st_cow(v->protect) && st_chance(t, 80))
				i = st_owned_page(t, v, i);
			st_write_shared(t, o, v, i);
		} else {
			__u32 sp = st_spage(v, i);

			if (st_reserve(o) && !(o->committed & ST_BIT(sp)) && st_chance(t, 70) &&
			    st_touchable(v->protect)) {
				if (!st_want(t, "COMMIT", st_commit(t, v->addr + i * NT_PAGE, 1,
								    o->prot), NT_STATUS_SUCCESS))
					return;
				o->committed |= ST_BIT(sp);
			}
			if (o->kind == ST_FILE && o->file >= 0 && st_chance(t, 15) &&
			    (__u64)(sp + 1) * NT_PAGE <= o->file_size) {
				/* write(2) and the views are the same bytes. */
				__u64 buf[ST_WORDS];

				o->gen[sp] = ++t->gen;
				o->valid[sp] = NT_PAGE;
				st_note(o, "pwrite page %u gen %u", sp, o->gen[sp]);
				st_fill(buf, o->tag, sp, o->gen[sp], NT_PAGE);
				if (pwrite(o->file, buf, NT_PAGE, (__u64)sp * NT_PAGE) != NT_PAGE)
					st_fail(t, "pwrite: errno %d", errno);
			} else {
				st_write_own(t, o, v, i);
			}
		}
		st_check_spage(t, o, st_spage(v, i));
	}
}

static void st_op_verify(struct st_thread *t)
{
	struct st_obj *o = st_pick(t, PICK_VIEW);
	struct st_view *v;
	__u64 buf[ST_WORDS], want[ST_WORDS];
	__u32 sp, valid;
	ssize_t n;

	if (!o)
		return;
	st_check_obj(t, o);
	v = &o->view[st_below(t, o->nviews)];
	if (st_touchable(v->protect))
		st_check_query_vm(t, o, v, st_below(t, st_vpages(v)));
	if (o->kind != ST_FILE || o->file < 0 || !o->file_size)
		return;
	/* read(2) shows what the views show. */
	sp = st_below(t, (o->file_size + NT_PAGE - 1) / NT_PAGE);
	if (sp >= ST_MAX_PAGES)
		return;
	memset(buf, 0, sizeof(buf));
	n = pread(o->file, buf, NT_PAGE, (__u64)sp * NT_PAGE);
	valid = o->file_size - (__u64)sp * NT_PAGE < NT_PAGE ? o->file_size - (__u64)sp * NT_PAGE :
							     NT_PAGE;
	st_fill(want, o->tag, sp, o->gen[sp], o->valid[sp] < valid ? o->valid[sp] : valid);
	if (n != valid || st_diff(buf, want) < ST_WORDS)
		st_fail(t, "pread of page %u: %zd bytes, word %u differs", sp, n,
			st_diff(buf, want));
}

static void st_op_unmap(struct st_thread *t)
{
	struct st_obj *o = st_pick(t, PICK_VIEW);

	if (!o)
		return;
	st_drop_view(t, o, &o->view[st_below(t, o->nviews)], 0);
	st_maybe_release(o);
}

/* munmap(): part of a view is refused (SPEC §5), all of it is an unmap. */
static void st_op_munmap(struct st_thread *t)
{
	struct st_obj *o = st_pick(t, PICK_VIEW);
	struct st_view *v;
	__u32 pages, first, n;

	if (!o)
		return;
	v = &o->view[st_below(t, o->nviews)];
	pages = st_vpages(v);
	if (pages > 1) {
		first = st_below(t, pages);
		n = 1 + st_below(t, pages - first);
		if (n == pages)
			n--;
		if (!munmap(v->addr + first * NT_PAGE, n * NT_PAGE) || errno != EINVAL) {
			st_fail(t, "munmap of pages %u..%u of a %u-page view: errno %d", first,
				first + n - 1, pages, errno);
			return;
		}
		st_check_page(t, o, v, first);
	}
	st_drop_view(t, o, v, 1);
	st_maybe_release(o);
}

static void st_op_close(struct st_thread *t)
{
	struct st_obj *o = st_pick(t, PICK_FD);
	__u32 status;
	int h, fd;

	if (!o)
		return;
	h = st_below(t, o->nfds);
	if (close(o->fd[h]))
		st_fail(t, "close of a handle: errno %d", errno);
	o->fd[h] = o->fd[--o->nfds];
	o->access[h] = o->access[o->nfds];
	if (!o->nfds && o->named && o->kind != ST_SHARED) {
		pthread_rwlock_wrlock(&st_fork_lock);
		status = st_open(t, o->name, 0, NT_SECTION_QUERY, &fd);
		pthread_rwlock_unlock(&st_fork_lock);
		st_want(t, "OPEN after the last close", status, NT_STATUS_OBJECT_NAME_NOT_FOUND);
		if (fd >= 0)
			close(fd);
	}
	st_maybe_release(o);
}

static void st_op_destroy(struct st_thread *t)
{
	struct st_obj *o = st_pick(t, 0);

	if (o) {
		st_check_obj(t, o);
		st_destroy(t, o);
	}
}

/*
 * The fork child: checks what it inherited (ViewShare views with their
 * content, ViewUnmap views absent), writes page @i of view @v (which the
 * parent checks afterwards) and works on a section of its own. No malloc(),
 * no stdio: another thread of the parent may have held their locks.
 */
static int st_child(struct st_thread *t, struct st_obj *wo, struct st_view *wv, __u32 wi,
		    __u32 gen)
{
	struct nts_create a = {
		.access = NT_SECTION_ALL_ACCESS, .protect = NT_PAGE_READWRITE,
		.attrs = NT_SEC_COMMIT, .file_fd = -1, .size = NT_GRAN, .size_given = 1,
	};
	struct nts_map_call m = { .inherit = NT_VIEW_SHARE, .protect = NT_PAGE_READWRITE };
	struct ntsection_vm_info info;
	__u64 buf[ST_WORDS], want[ST_WORDS];
	unsigned int i, j;
	int fd;

	prctl(PR_SET_PDEATHSIG, SIGKILL);
	alarm(ST_GRACE);
	t->in_child = 1;
	for (i = 0; i < ST_MAX_OBJS; i++) {
		struct st_obj *o = &t->obj[i];

		for (j = 0; o->used && j < (unsigned int)o->nviews; j++) {
			struct st_view *v = &o->view[j];

			if (v->inherit == NT_VIEW_UNMAP) {
				if (st_query_vm(t, v->addr, &info) != NT_STATUS_NOT_MAPPED_VIEW ||
				    st_probe(v->addr, 0) != SIGSEGV)
					return 10;
				continue;
			}
			if (v->protect & NT_PAGE_GUARD)
				continue;	/* the guard state is shared with the parent */
			if (st_query_vm(t, v->addr, &info) != NT_STATUS_SUCCESS ||
			    !st_check_view(t, o, v) || t->child_fails)
				return 11;
		}
	}
	if (wv) {
		if (st_write(wv->addr + wi * NT_PAGE, wo->tag, st_spage(wv, wi), gen))
			return 12;
	}
	if (st_create(t, &a, NULL, &fd) != NT_STATUS_SUCCESS)
		return 13;
	m.section_fd = fd;
	if (st_map_raw(t, &m) != NT_STATUS_SUCCESS)
		return 14;
	if (st_write((char *)(uintptr_t)m.base + NT_PAGE, 7, 1, 3))
		return 15;
	if (st_read(buf, (char *)(uintptr_t)m.base + NT_PAGE, 0))
		return 16;
	st_fill(want, 7, 1, 3, NT_PAGE);
	if (st_diff(buf, want) < ST_WORDS)
		return 17;
	if (close(fd) || st_unmap(t, (char *)(uintptr_t)m.base) != NT_STATUS_SUCCESS)
		return 18;
	return t->child_fails ? 19 : 0;
}

static void st_op_fork(struct st_thread *t)
{
	struct st_obj *o = st_pick(t, PICK_PRIVATE | PICK_VIEW);
	struct st_view *v = NULL;
	__u32 i = 0, gen = 0;
	int status = 0, j;
	pid_t pid;

	/* The child writes a committed page through a shared writable view. */
	for (j = 0; o && j < o->nviews && !v; j++) {
		struct st_view *c = &o->view[j];

		i = st_below(t, st_vpages(c));
		if ((c->protect == NT_PAGE_READWRITE || c->protect == NT_PAGE_EXECUTE_READWRITE) &&
		    c->inherit == NT_VIEW_SHARE &&
		    (!st_reserve(o) || (o->committed & ST_BIT(st_spage(c, i)))))
			v = c;
	}
	if (v)
		gen = ++t->gen;
	pthread_rwlock_rdlock(&st_fork_lock);
	pid = fork();
	if (!pid)
		_exit(st_child(t, o, v, i, gen));
	if (pid < 0) {
		pthread_rwlock_unlock(&st_fork_lock);
		st_fail(t, "fork: errno %d", errno);
		return;
	}
	while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
		;
	pthread_rwlock_unlock(&st_fork_lock);
	if (!WIFEXITED(status) || WEXITSTATUS(status)) {
		st_fail(t, "fork child: %s %d (%s, %s, %s)",
			WIFEXITED(status) ? "exit status" : "killed by signal",
			WIFEXITED(status) ? WEXITSTATUS(status) : WTERMSIG(status),
			"10: a ViewUnmap view was inherited", "11: an inherited view is wrong",
			"12-19: its own calls failed");
		return;
	}
	if (v) {
		st_note(o, "fork child wrote page %u gen %u", st_spage(v, i), gen);
		o->gen[st_spage(v, i)] = gen;
		o->valid[st_spage(v, i)] = NT_PAGE;
		st_check_spage(t, o, st_spage(v, i));
	}
}

/* NtExtendSection: file sections grow with their file (SPEC §8). */
static void st_op_extend(struct st_thread *t)
{
	struct st_obj *o = st_pick(t, PICK_FD);
	__u64 size, asked;
	__u32 want, status;
	int h;

	if (!o)
		return;
	h = st_below(t, o->nfds);
	if (st_chance(t, 60))
		asked = o->size + 1 + st_below(t, ST_MAX_PAGES * NT_PAGE - o->size);
	else
		asked = st_below(t, o->size + 1);
	if (o->kind == ST_FILE &&
	    (asked > ST_MAX_PAGES * NT_PAGE || o->size >= ST_MAX_PAGES * NT_PAGE))
		asked = st_below(t, o->size + 1);
	size = asked;
	if (!(o->access[h] & NT_SECTION_EXTEND_SIZE))
		want = NT_STATUS_ACCESS_DENIED;
	else if (o->kind != ST_FILE)
		want = NT_STATUS_SECTION_NOT_EXTENDED;
	else
		want = NT_STATUS_SUCCESS;
	status = st_extend(t, o->fd[h], &size);
	st_note(o, "extend 0x%llx: 0x%08x", (unsigned long long)asked, status);
	if (!st_want(t, "EXTEND", status, want) || status)
		return;
	if (asked > o->size) {
		if (asked > o->file_size)
			o->file_size = asked;
		o->size = asked;
	}
	if (size != o->size)
		st_fail(t, "EXTEND to 0x%llx: size 0x%llx, expected 0x%llx",
			(unsigned long long)asked, (unsigned long long)size,
			(unsigned long long)o->size);
	if (o->nviews < ST_MAX_VIEWS && st_chance(t, 50))
		st_do_map(t, o, h);
}

/* ftruncate() of a file under its views: SIGBUS past the end (SPEC §7). */
static void st_op_truncate(struct st_thread *t)
{
	struct st_obj *o = st_pick(t, PICK_FILE);
	__u64 size, holebegin;
	__u32 sp;
	int i, j;

	if (!o)
		return;
	if (st_chance(t, 50))
		size = st_below(t, o->file_size + 1);
	else
		size = st_below(t, ST_MAX_PAGES * NT_PAGE + 1);
	if (st_chance(t, 60))
		size &= ~(NT_PAGE - 1);
	st_note(o, "ftruncate 0x%llx", (unsigned long long)size);
	if (ftruncate(o->file, size)) {
		st_fail(t, "ftruncate(0x%llx): errno %d", (unsigned long long)size, errno);
		return;
	}
	if (size < o->file_size) {
		holebegin = (size + NT_PAGE - 1) / NT_PAGE;
		for (sp = 0; sp < ST_MAX_PAGES; sp++) {
			if ((__u64)sp * NT_PAGE >= size) {
				o->gen[sp] = 0;
				o->valid[sp] = NT_PAGE;
			} else if ((__u64)(sp + 1) * NT_PAGE > size &&
				   o->valid[sp] > size - (__u64)sp * NT_PAGE) {
				o->valid[sp] = size - (__u64)sp * NT_PAGE;
			}
		}
		/* Private copies past the new end go too; the partial page's stays. */
		for (i = 0; i < o->nviews; i++)
			for (j = 0; j < (int)st_vpages(&o->view[i]); j++)
				if (st_spage(&o->view[i], j) >= holebegin)
					o->view[i].priv[j] = 0;
	}
	o->file_size = size;
	st_check_obj(t, o);
}

/* mprotect() within what the view allows; never part of a view (SPEC §3, §5). */
static void st_op_mprotect(struct st_thread *t)
{
	static const int prots[] = {
		PROT_NONE, PROT_READ, PROT_READ | PROT_WRITE, PROT_READ | PROT_EXEC,
		PROT_READ | PROT_WRITE | PROT_EXEC, PROT_WRITE,
	};
	struct st_obj *o = st_pick(t, PICK_VIEW);
	int prot, orig, max, rc, i;
	struct st_view *v;
	__u32 pages;

	if (!o)
		return;
	v = &o->view[st_below(t, o->nviews)];
	pages = st_vpages(v);
	orig = st_prot_bits(v->protect);
	max = st_prot_max(v->protect);
	prot = prots[st_below(t, ARRAY_SIZE(prots))];
	if (prot == PROT_WRITE)
		prot = PROT_READ | PROT_WRITE;
	st_note(o, "mprotect view %lx %d", (unsigned long)v->addr >> 12, prot);
	rc = mprotect(v->addr, v->size, prot);
	if ((prot & ~max) ? (rc != -1 || errno != EACCES) : rc != 0) {
		st_fail(t, "mprotect(view %p protect 0x%x, %d): %d errno %d", v->addr, v->protect,
			prot, rc, errno);
		return;
	}
	if (!rc && prot == PROT_NONE && st_touchable(v->protect) &&
	    st_probe(v->addr, 0) != SIGSEGV)
		st_fail(t, "a PROT_NONE view is readable");
	if (!rc && mprotect(v->addr, v->size, orig))
		st_fail(t, "mprotect(view %p, %d) back: errno %d", v->addr, orig, errno);
	/*
	 * Attack shapes on the view's rules: madvise() that asks for huge
	 * pages or a collapse, and remap_file_pages() of the whole view, which
	 * maps the view's file again. Whatever they return, the view's pages,
	 * commit state and protection cap must be as before (checked by the
	 * next verify and by mprotect() past the cap below). Guard views are
	 * left alone: a re-mapped view is a new mapping with its guards armed.
	 */
	if (st_chance(t, 4)) {
		static const int advice[] = { MADV_HUGEPAGE, MADV_NOHUGEPAGE, 25 /* COLLAPSE */ };

		madvise(v->addr, v->size, advice[st_below(t, ARRAY_SIZE(advice))]);
		if (!(v->protect & NT_PAGE_GUARD) && st_chance(t, 2))
			remap_file_pages(v->addr, v->size, 0, v->offset / NT_PAGE, 0);
		if ((PROT_READ | PROT_WRITE | PROT_EXEC) & ~max &&
		    (mprotect(v->addr, v->size, PROT_READ | PROT_WRITE | PROT_EXEC) != -1 ||
		     errno != EACCES))
			st_fail(t, "view %p protect 0x%x: mprotect past its cap (madvise/remap)",
				v->addr, v->protect);
	}
	if (pages > 1) {
		/* Part of the view, with another protection: a split, refused. */
		for (i = 0; i < 6; i++) {
			prot = prots[i] == PROT_WRITE ? PROT_READ | PROT_WRITE : prots[i];
			if (prot != orig && !(prot & ~max))
				break;
		}
		if (i < 6) {
			__u32 first = st_below(t, pages), n = 1 + st_below(t, pages - first);

			if (n == pages)
				n--;
			rc = mprotect(v->addr + first * NT_PAGE, n * NT_PAGE, prot);
			if (rc != -1 || errno != EINVAL)
				st_fail(t, "mprotect of part of view %p: %d errno %d", v->addr, rc,
					errno);
		}
		/*
		 * mlock() leaves VM_DONTEXPAND mappings alone (no split, no
		 * lock) and says 0; a split would be EINVAL. It still
		 * populates the range, which for a WRITECOPY view is a write
		 * (a private copy) and for a guard page its one fault: not on
		 * those.
		 */
		if (!st_cow(v->protect) && !(v->protect & NT_PAGE_GUARD)) {
			rc = mlock(v->addr + NT_PAGE, NT_PAGE);
			if (rc && errno != EINVAL && errno != EPERM && errno != ENOMEM)
				st_fail(t, "mlock of part of view %p: %d errno %d", v->addr, rc,
					errno);
			if (!rc)
				munlock(v->addr + NT_PAGE, NT_PAGE);
		}
	}
	st_check_page(t, o, v, st_below(t, pages));
}

/* mremap() of a view: never (SPEC §5); the view stays where it is. */
static void st_op_mremap(struct st_thread *t)
{
	struct st_obj *o = st_pick(t, PICK_VIEW);
	struct ntsection_vm_info info;
	struct st_view *v;
	void *p, *target;
	int how;

	if (!o)
		return;
	v = &o->view[st_below(t, o->nviews)];
	how = st_below(t, 4);
	st_note(o, "mremap view %lx #%d", (unsigned long)v->addr >> 12, how);
	switch (how) {
	case 0:
		if (v->size == NT_PAGE)
			return;
		p = mremap(v->addr, v->size, v->size - NT_PAGE, 0);
		if (p != MAP_FAILED || errno != EINVAL)
			goto bad;
		break;
	case 1:
		/* Growing, or duplicating (old size 0): VM_DONTEXPAND says EFAULT. */
		p = mremap(v->addr, st_chance(t, 30) ? 0 : v->size, v->size + NT_PAGE,
			   MREMAP_MAYMOVE);
		if (p != MAP_FAILED || (errno != EFAULT && errno != EINVAL))
			goto bad;
		break;
	case 2:
		/* A move into the thread's own scratch area. */
		if (!t->scratch || v->size > ST_SCRATCH - NT_GRAN)
			return;
		target = t->scratch + NT_GRAN;
		p = mremap(v->addr, v->size, v->size, MREMAP_MAYMOVE | MREMAP_FIXED, target);
		if (p != MAP_FAILED || errno != EINVAL)
			goto bad;
		/* The failed move left a hole: fill it again, never over anything. */
		if (mmap(target, v->size, PROT_NONE,
			 MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE | MAP_FIXED_NOREPLACE, -1,
			 0) != target)
			t->scratch = NULL;
		break;
	default:
		p = mremap(v->addr, v->size, v->size, MREMAP_MAYMOVE | MREMAP_DONTUNMAP);
		if (p != MAP_FAILED || errno != EINVAL)
			goto bad;
		break;
	}
	if (st_want(t, "QUERY_VM after mremap", st_query_vm(t, v->addr, &info),
		    NT_STATUS_SUCCESS) &&
	    (info.allocation_base != (uintptr_t)v->addr || info.allocation_protect != v->protect))
		st_fail(t, "after mremap, the view at %p reports base 0x%llx protect 0x%x",
			v->addr, (unsigned long long)info.allocation_base,
			info.allocation_protect);
	st_check_page(t, o, v, st_below(t, st_vpages(v)));
	return;
bad:
	st_fail(t, "mremap #%d of view %p (0x%llx bytes): %p errno %d", how, v->addr,
		(unsigned long long)v->size, p, errno);
	if (p != MAP_FAILED)
		__atomic_store_n(&st_sh->stop, 1, __ATOMIC_SEQ_CST);
}

/* NtAllocateVirtualMemory(MEM_COMMIT) on a view (SPEC §6). */
static void st_op_commit(struct st_thread *t)
{
	struct st_obj *o = st_pick(t, PICK_VIEW);
	__u32 first, n, k, want, prot, sp;
	struct st_view *v;
	__u64 size;

	if (!o)
		return;
	v = &o->view[st_below(t, o->nviews)];
	first = st_below(t, st_vpages(v));
	n = 1 + st_below(t, st_vpages(v) - first);
	size = (__u64)n * NT_PAGE - st_below(t, NT_PAGE);
	prot = st_chance(t, 90) ? o->prot : NT_PAGE_EXECUTE_READWRITE;
	if (st_chance(t, 10)) {
		size = (__u64)(st_vpages(v) - first) * NT_PAGE + 1;
		want = NT_STATUS_CONFLICTING_ADDRESSES;
	} else if (o->kind == ST_FILE) {
		want = NT_STATUS_ACCESS_DENIED;
	} else if (!(st_allowed(o->prot) & prot)) {
		want = NT_STATUS_SECTION_PROTECTION;
	} else {
		want = NT_STATUS_SUCCESS;
	}
	if (!st_want(t, "COMMIT", st_commit(t, v->addr + first * NT_PAGE, size, prot), want) ||
	    want)
		return;
	st_note(o, "commit pages %u+%u", st_spage(v, first), n);
	for (k = 0; k < n; k++) {
		sp = st_spage(v, first + k);
		o->committed |= ST_BIT(sp);
	}
	for (k = 0; k < n && k < 4; k++)
		st_check_spage(t, o, st_spage(v, first + st_below(t, n)));
}

static void st_op_query(struct st_thread *t)
{
	struct st_obj *o = st_pick(t, 0);
	struct ntsection_basic_information info;
	struct st_view *v;
	__u32 status, attrs;
	int h;

	if (!o)
		return;
	if (o->nfds) {
		h = st_below(t, o->nfds);
		status = st_query(t, o->fd[h], sizeof(info) + st_below(t, 100), &info);
		attrs = o->kind == ST_FILE ? NT_SEC_FILE : o->attrs;
		if (!(o->access[h] & NT_SECTION_QUERY))
			st_want(t, "QUERY", status, NT_STATUS_ACCESS_DENIED);
		else if (st_want(t, "QUERY", status, NT_STATUS_SUCCESS) &&
			 (info.size != o->size || info.attributes != attrs))
			st_fail(t, "QUERY: size 0x%llx attributes 0x%x, expected 0x%llx 0x%x",
				(unsigned long long)info.size, info.attributes,
				(unsigned long long)o->size, attrs);
	}
	if (!o->nviews)
		return;
	v = &o->view[st_below(t, o->nviews)];
	st_check_query_vm(t, o, v, st_below(t, st_vpages(v)));
	st_want(t, "FREE on a view",
		st_vm(t, NTSECTION_IOC_FREE, st_chance(t, 50) ? NT_MEM_DECOMMIT : NT_MEM_RELEASE,
		      v->addr + st_below(t, v->size), 0, 0, NULL),
		NT_STATUS_UNABLE_TO_DELETE_SECTION);
}

/* Arguments the module must refuse, with the status the SPEC order gives. */
static void st_op_bad(struct st_thread *t)
{
	struct st_obj *o = st_pick(t, PICK_FD);
	struct nts_map_call a = { .inherit = NT_VIEW_SHARE };
	struct ntsection_basic_information info;
	struct ntsection_vm_info vi;
	__u32 want;
	int h, how = st_below(t, 6);
	void *p;

	if (t->scratch && how == 0) {
		char *s = t->scratch + st_below(t, NT_GRAN);

		st_want(t, "UNMAP outside views", st_unmap(t, s), NT_STATUS_NOT_MAPPED_VIEW);
		st_want(t, "COMMIT outside views", st_commit(t, s, NT_PAGE, NT_PAGE_READWRITE),
			NT_STATUS_NOT_MAPPED_VIEW);
		st_want(t, "QUERY_VM outside views", st_query_vm(t, s, &vi),
			NT_STATUS_NOT_MAPPED_VIEW);
		st_want(t, "FREE outside views",
			st_vm(t, NTSECTION_IOC_FREE, NT_MEM_RELEASE, s, 0, 0, NULL),
			NT_STATUS_NOT_MAPPED_VIEW);
		return;
	}
	if (!o)
		return;
	h = st_below(t, o->nfds);
	a.section_fd = o->fd[h];
	a.protect = st_random_view_prot(t, o);
	switch (how) {
	case 1:
		a.offset = NT_PAGE * (1 + st_below(t, 15));
		want = st_map_expect(o, o->access[h], a.protect, a.offset, 0);
		break;
	case 2:
		a.offset = (o->size + NT_GRAN - 1) & ~(NT_GRAN - 1);
		want = st_map_expect(o, o->access[h], a.protect, a.offset, 0);
		break;
	case 3:
		a.inherit = st_chance(t, 50) ? 0 : 3;
		want = NT_STATUS_INVALID_PARAMETER_8;
		break;
	case 4:
		if (!o->nviews)
			return;
		/* Over a view of ours: a conflict, once every other check passed. */
		a.base = (uintptr_t)o->view[0].addr;
		a.offset = 0;
		want = st_map_expect(o, o->access[h], a.protect, 0, 0);
		if (!want)
			want = NT_STATUS_CONFLICTING_ADDRESSES;
		break;
	default:
		want = st_query(t, o->fd[h], sizeof(info) - 1, &info);
		st_want(t, "QUERY short", want, NT_STATUS_INFO_LENGTH_MISMATCH);
		p = mmap(NULL, NT_PAGE, PROT_READ, MAP_SHARED, o->fd[h], NT_PAGE);
		if (p != MAP_FAILED ||
		    (o->kind == ST_FILE ? errno != ENODEV : errno != EINVAL && errno != EACCES))
			st_fail(t, "mmap at offset 4096: %p errno %d", p, errno);
		if (p != MAP_FAILED)
			munmap(p, NT_PAGE);
		return;
	}
	if (st_want(t, "MAP bad", st_map_raw(t, &a), want) && !want) {
		/* A map that should have failed did not: take it back. */
		st_unmap(t, (void *)(uintptr_t)a.base);
	}
}

static void st_step(struct st_thread *t)
{
	unsigned int total = 0, i, r;

	for (i = 0; i < ST_NR_OPS; i++)
		total += st_ops[i].weight;
	r = st_below(t, total);
	for (i = 0; r >= st_ops[i].weight; i++)
		r -= st_ops[i].weight;
	t->op = i;
	t->op_count[i]++;
	t->cur = NULL;
	switch (t->op) {
	case ST_CREATE:
		st_op_create(t);
		break;
	case ST_OPEN:
		st_op_open(t);
		break;
	case ST_MAP:
		st_op_map(t);
		break;
	case ST_MMAP:
		st_op_mmap(t);
		break;
	case ST_TOUCH:
		st_op_touch(t);
		break;
	case ST_VERIFY:
		st_op_verify(t);
		break;
	case ST_UNMAP:
		st_op_unmap(t);
		break;
	case ST_MUNMAP:
		st_op_munmap(t);
		break;
	case ST_CLOSE:
		st_op_close(t);
		break;
	case ST_DESTROY:
		st_op_destroy(t);
		break;
	case ST_FORK:
		st_op_fork(t);
		break;
	case ST_EXTEND:
		st_op_extend(t);
		break;
	case ST_TRUNCATE:
		st_op_truncate(t);
		break;
	case ST_MPROTECT:
		st_op_mprotect(t);
		break;
	case ST_MREMAP:
		st_op_mremap(t);
		break;
	case ST_COMMIT:
		st_op_commit(t);
		break;
	case ST_QUERY:
		st_op_query(t);
		break;
	default:
		st_op_bad(t);
		break;
	}
}

static void *st_thread_main(void *arg)
{
	struct st_thread *t = arg;
	unsigned int i;
	void *s;

	s = mmap(NULL, ST_SCRATCH, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1,
		 0);
	t->scratch = s == MAP_FAILED ? NULL : s;
	while (!__atomic_load_n(&st_sh->stop, __ATOMIC_RELAXED) && st_now() < st_sh->deadline) {
		st_step(t);
		t->nops++;
	}
	/* Last: everything checked once more, then torn down in random order. */
	t->op = ST_DESTROY;
	for (i = 0; i < ST_MAX_OBJS; i++) {
		if (!t->obj[i].used)
			continue;
		if (!st_sh->stop)
			st_check_obj(t, &t->obj[i]);
		st_destroy(t, &t->obj[i]);
	}
	__atomic_fetch_add(&st_sh->ops, t->nops, __ATOMIC_SEQ_CST);
	for (i = 0; i < ST_NR_OPS; i++)
		__atomic_fetch_add(&st_sh->op_count[i], t->op_count[i], __ATOMIC_SEQ_CST);
	return NULL;
}

/* One worker process: st_cfg.threads threads. */
static int st_worker(unsigned int proc)
{
	struct st_thread *threads;
	unsigned int i;

	prctl(PR_SET_PDEATHSIG, SIGKILL);
	alarm(st_cfg.seconds + ST_GRACE);
	st_install_handlers();
	nts_errno_mismatch = 0;
	threads = calloc(st_cfg.threads, sizeof(*threads));
	if (!threads)
		return 2;
	for (i = 0; i < st_cfg.threads; i++) {
		struct st_thread *t = &threads[i];

		t->proc = proc;
		t->idx = i;
		t->slot = proc * st_cfg.threads + i;
		t->rng = st_mix(st_cfg.seed ^ st_mix(t->slot + 1));
		if (pthread_create(&t->tid, NULL, st_thread_main, t))
			return 3;
	}
	for (i = 0; i < st_cfg.threads; i++)
		pthread_join(threads[i].tid, NULL);
	free(threads);
	return 0;
}

static unsigned long long st_env(const char *name, unsigned long long def)
{
	const char *s = getenv(name);
	char *end;
	unsigned long long v;

	if (!s || !*s)
		return def;
	v = strtoull(s, &end, 0);
	return *end ? def : v;
}

static void st_configure(void)
{
	unsigned int seconds = ST_DEFAULT_SECONDS;
	char line[32];
	FILE *f;

	if (getenv("NTS_STRESS_SECONDS")) {
		seconds = st_env("NTS_STRESS_SECONDS", ST_DEFAULT_SECONDS);
	} else {
		f = fopen(ST_SECONDS_FILE, "r");
		if (f) {
			if (fgets(line, sizeof(line), f))
				seconds = strtoul(line, NULL, 0);
			fclose(f);
		}
	}
	st_cfg.seconds = seconds ? seconds : ST_DEFAULT_SECONDS;
	st_cfg.seed = st_env("NTS_STRESS_SEED", st_now() ^ ((__u64)getpid() << 32) ^ time(NULL));
	st_cfg.procs = st_env("NTS_STRESS_PROCS", 3);
	st_cfg.threads = st_env("NTS_STRESS_THREADS", 3);
	if (!st_cfg.procs)
		st_cfg.procs = 1;
	if (!st_cfg.threads)
		st_cfg.threads = 1;
	while (st_cfg.procs * st_cfg.threads > ST_MAX_SLOTS)
		st_cfg.threads > 1 ? st_cfg.threads-- : st_cfg.procs--;
	st_slots = st_cfg.procs * st_cfg.threads;
}

/* Sections the listing shows us: nothing may be left once the workers are gone. */
static int st_count_sections(void)
{
	char line[512];
	int n = -1;
	FILE *f = fopen("/proc/ntsection/sections", "r");

	if (!f)
		return -1;
	while (fgets(line, sizeof(line), f))
		n++;
	fclose(f);
	return n;
}

static void st_watchdog(int sig)
{
	unsigned int i;

	__atomic_store_n(&st_watchdog_fired, 1, __ATOMIC_SEQ_CST);
	for (i = 0; i < ST_MAX_SLOTS; i++)
		if (st_workers[i] > 0)
			kill(st_workers[i], SIGKILL);
}

FIXTURE(stress) {
	int dummy;
};

/*
 * Does the kernel refuse PROT_EXEC mappings of anon-inode files (section
 * fds)? Recent kernels (7.3, not 6.12) mark anon inodes noexec, so a
 * plain executable mmap() of a section fd fails with EPERM there; the
 * module's own views (NtMapViewOfSection) are not affected. Probed once.
 */
static void st_probe_plain_exec(void)
{
	void *p;
	int fd;

	if (nts_create_anon(NT_GRAN, NT_PAGE_EXECUTE_READ, NT_SEC_COMMIT, &fd))
		return;
	p = mmap(NULL, NT_GRAN, PROT_READ | PROT_EXEC, MAP_SHARED, fd, 0);
	if (p == MAP_FAILED)
		st_plain_exec_refused = errno == EPERM;
	else
		munmap(p, NT_GRAN);
	close(fd);
}

FIXTURE_SETUP(stress)
{
	if (nts_device() < 0)
		SKIP(return, NTS_NO_DEVICE);
	st_dev = nts_device();
	st_probe_plain_exec();
}

FIXTURE_TEARDOWN(stress)
{
}

/*
 * What the random run found first, on its own: a WRITECOPY view mapped with
 * a CommitSize covering it must still show the section's current content in
 * the pages it did not write (SPEC §3, §6), and report them WRITECOPY. A
 * prefault that writes (MAP_POPULATE of a private writable mapping) makes
 * every page a private copy at map time instead.
 */
TEST_F(stress, writecopy_view_with_commit_size_stays_shared)
{
	struct nts_map m = { .protect = NT_PAGE_WRITECOPY, .commit = NT_GRAN };
	struct ntsection_vm_info info;
	char *rw, *wc;
	int sec;

	ASSERT_EQ(NT_STATUS_SUCCESS, nts_create_anon(NT_GRAN, NT_PAGE_READWRITE, NT_SEC_COMMIT,
						     &sec));
	rw = nts_map(sec, NT_PAGE_READWRITE, NULL);
	ASSERT_NE(NULL, rw);
	ASSERT_EQ(NT_STATUS_SUCCESS, nts_map_ex(sec, &m));
	wc = (char *)(uintptr_t)m.base;
	rw[0] = 'x';
	rw[NT_GRAN - 1] = 'y';
	EXPECT_EQ('x', wc[0]) TH_LOG("the WRITECOPY view holds a copy made at map time");
	EXPECT_EQ('y', wc[NT_GRAN - 1]);
	ASSERT_EQ(NT_STATUS_SUCCESS, nts_query_vm(wc, &info));
	EXPECT_EQ(NT_PAGE_WRITECOPY, info.protect) TH_LOG("an untouched page reports 0x%x",
							  info.protect);
	wc[NT_PAGE] = 'p';
	EXPECT_EQ(0, rw[NT_PAGE]);
	EXPECT_EQ(NT_STATUS_SUCCESS, nts_unmap(wc));
	EXPECT_EQ(NT_STATUS_SUCCESS, nts_unmap(rw));
	close(sec);
	EXPECT_EQ(0, nts_errno_mismatch);
}

/* The timeout is set from the configured duration in main(). */
TEST_F_TIMEOUT(stress, random_operations, 3600)
{
	unsigned int i, abnormal = 0, orphans = 0;
	int before, after, status, tries, hung;
	__u64 start, elapsed;
	pid_t pid;

	st_sh = mmap(NULL, sizeof(*st_sh), PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS,
		     -1, 0);
	ASSERT_NE(MAP_FAILED, st_sh);
	st_cfg.test_pid = getpid();
	printf("# seed: %llu\n", (unsigned long long)st_cfg.seed);
	printf("# duration: %u s, %u processes x %u threads\n", st_cfg.seconds, st_cfg.procs,
	       st_cfg.threads);
	fflush(stdout);
	before = st_count_sections();
	prctl(PR_SET_CHILD_SUBREAPER, 1);
	signal(SIGALRM, st_watchdog);
	start = st_now();
	st_sh->deadline = start + st_cfg.seconds * 1000000000ULL;
	alarm(st_cfg.seconds + ST_GRACE);
	for (i = 0; i < st_cfg.procs; i++) {
		pid = fork();
		if (!pid)
			_exit(st_worker(i));
		ASSERT_LT(0, pid);
		st_workers[i] = pid;
	}
	for (i = 0; i < st_cfg.procs; i++) {
		while (waitpid(st_workers[i], &status, 0) < 0 && errno == EINTR)
			;
		if (!WIFEXITED(status) || WEXITSTATUS(status)) {
			abnormal++;
			TH_LOG("seed %llu: worker %u %s %d", (unsigned long long)st_cfg.seed, i,
			       WIFEXITED(status) ? "exited with" : "killed by signal",
			       WIFEXITED(status) ? WEXITSTATUS(status) : WTERMSIG(status));
		}
		st_workers[i] = 0;
	}
	/* Orphans (fork children of a worker that died) come to us: reap them. */
	alarm(ST_GRACE);
	while ((pid = wait(&status)) > 0 || (pid < 0 && errno == EINTR))
		if (pid > 0)
			orphans++;
	alarm(0);
	elapsed = st_now() - start;
	for (tries = 0; tries < 50; tries++) {
		after = st_count_sections();
		if (after <= before)
			break;
		usleep(100000);
	}
	for (i = 0; i < ST_NR_OPS; i++)
		printf("# %-9s %llu\n", st_ops[i].name, (unsigned long long)st_sh->op_count[i]);
	for (i = 0; i < st_sh->failures && i < ST_MAX_FAIL; i++) {
		printf("# FAIL %s\n", st_sh->fail[i]);
		if (st_sh->history[i][0])
			printf("#   history: %s\n", st_sh->history[i]);
	}
	printf("# elapsed: %llu.%03llu s\n", (unsigned long long)(elapsed / 1000000000ULL),
	       (unsigned long long)(elapsed / 1000000ULL % 1000));
	printf("# operations: %llu\n", (unsigned long long)st_sh->ops);
	fflush(stdout);
	hung = __atomic_load_n(&st_watchdog_fired, __ATOMIC_SEQ_CST);
	EXPECT_EQ(0, hung) TH_LOG("seed %llu: the run hung", (unsigned long long)st_cfg.seed);
	EXPECT_EQ(0, st_sh->failures) TH_LOG("seed %llu: %u failures",
					     (unsigned long long)st_cfg.seed, st_sh->failures);
	EXPECT_EQ(0, abnormal);
	EXPECT_EQ(0, orphans) TH_LOG("seed %llu: processes were left behind",
				     (unsigned long long)st_cfg.seed);
	EXPECT_LT(0, st_sh->ops);
	EXPECT_EQ(before, after) TH_LOG("seed %llu: %d sections before, %d after",
					(unsigned long long)st_cfg.seed, before, after);
	munmap(st_sh, sizeof(*st_sh));
}

int main(int argc, char **argv)
{
	st_configure();
	_stress_random_operations_object->timeout = st_cfg.seconds + 2 * ST_GRACE;
	return test_harness_run(argc, argv);
}
