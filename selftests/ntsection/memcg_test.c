// SPDX-License-Identifier: GPL-2.0-only
/*
 * ntsection selftests: memory cgroups (cgroup v2).
 *
 * A section's pages are charged to the memory cgroup of the process that
 * touches them, and stay charged while the section lives, whoever touched
 * them: the charge returns when the last handle and view are gone. A view
 * touched past memory.max raises SIGBUS at the touching instruction (NT's
 * in-page error); the OOM killer is not called and the process lives on.
 * Creating or committing reserves nothing in a cgroup (Linux has no such
 * reservation), so both succeed and the limit is met at the touch.
 *
 * Each test runs its worker in a cgroup of its own under the cgroup2 root
 * with memory.max set and swap off, and removes it afterwards.
 */
#include <sys/stat.h>
#include <sys/wait.h>

#include "kselftest_harness.h"
#include "ntsection_test.h"

#define MC_ROOT "/sys/fs/cgroup"

/* What a worker reports back, in shared anonymous memory. */
struct mc_report {
	__u32 create, map, commit, unmap;
	__u64 touched;		/* pages written before the first signal */
	int sig;		/* the signal that stopped the touching, or 0 */
	int reread;		/* the pages written still read back */
	__u64 current;		/* memory.current with the pages touched */
	__u64 size;
};

FIXTURE(memcg) {
	char dir[128];
	struct mc_report *r;
};

/* Open @file of cgroup directory @dir. */
static int mc_open(const char *dir, const char *file, int flags)
{
	char path[256];

	snprintf(path, sizeof(path), "%s/%s", dir, file);
	return open(path, flags | O_CLOEXEC);
}

static int mc_write(const char *dir, const char *file, const char *val)
{
	char path[256];

	snprintf(path, sizeof(path), "%s/%s", dir, file);
	return nts_write_str(path, val);
}

/* A number from a cgroup file: the whole file, or the value after @key. */
static long long mc_read(const char *dir, const char *file, const char *key)
{
	int fd = mc_open(dir, file, O_RDONLY);
	char buf[4096], *p;
	ssize_t n;

	if (fd < 0)
		return -1;
	n = read(fd, buf, sizeof(buf) - 1);
	close(fd);
	if (n <= 0)
		return -1;
	buf[n] = 0;
	if (!key)
		return strtoll(buf, NULL, 10);
	for (p = buf; p; p = strchr(p, '\n')) {
		p += *p == '\n';
		if (!strncmp(p, key, strlen(key)) && p[strlen(key)] == ' ')
			return strtoll(p + strlen(key) + 1, NULL, 10);
	}
	return -1;
}

FIXTURE_SETUP(memcg)
{
	char controllers[256] = "";

	if (nts_device() < 0)
		SKIP(return, NTS_NO_DEVICE);
	nts_read_str(MC_ROOT "/cgroup.controllers", controllers, sizeof(controllers));
	if (!strstr(controllers, "memory"))
		SKIP(return, "no cgroup v2 memory controller at " MC_ROOT);
	ASSERT_EQ(0, mc_write(MC_ROOT, "cgroup.subtree_control", "+memory"));
	snprintf(self->dir, sizeof(self->dir), MC_ROOT "/ntsection-memcg-%d", getpid());
	ASSERT_EQ(0, mkdir(self->dir, 0755));
	/* No swap: every page charged stays in memory.current. */
	mc_write(self->dir, "memory.swap.max", "0");
	self->r = mmap(NULL, sizeof(*self->r), PROT_READ | PROT_WRITE,
		       MAP_SHARED | MAP_ANONYMOUS | MAP_POPULATE, -1, 0);
	ASSERT_NE(MAP_FAILED, self->r);
	memset(self->r, 0, sizeof(*self->r));
	nts_errno_mismatch = 0;
}

FIXTURE_TEARDOWN(memcg)
{
	int rc;

	if (!self->dir[0])
		return;
	rc = rmdir(self->dir);
	if (rc)
		TH_LOG("rmdir %s: %s", self->dir, strerror(errno));
	EXPECT_EQ(0, rc);
	munmap(self->r, sizeof(*self->r));
	EXPECT_EQ(0, nts_errno_mismatch);
}

/*
 * Run @fn in a child that has joined the test's cgroup; the child's exit
 * status is @fn's return value. Returns the wait status.
 */
static int mc_run(const char *dir, struct mc_report *r, void *arg,
		  int (*fn)(const char *dir, struct mc_report *r, void *arg))
{
	char pid[32];
	int status;
	pid_t child;

	child = fork();
	if (child < 0)
		return -1;
	if (!child) {
		snprintf(pid, sizeof(pid), "%d", getpid());
		if (mc_write(dir, "cgroup.procs", pid))
			_exit(100);
		_exit(fn(dir, r, arg));
	}
	if (waitpid(child, &status, 0) != child)
		return -1;
	return status;
}

/*
 * Touching a view up to a full cgroup: once it is full, every charged
 * allocation but the section's pages would call the OOM killer, so nothing
 * may allocate then. The signal runs on an alternate stack touched before,
 * the page tables of the view exist before it fills (one page per 2 MiB is
 * touched first), and memory.current is read through a file opened (and
 * read once, which allocates its buffer) before.
 */
static char mc_altstack[64 * 1024];
static sigjmp_buf mc_env;
static int mc_sig;
static __u64 mc_done;		/* pages written, in order */

static void mc_on_signal(int sig)
{
	__atomic_store_n(&mc_sig, sig, __ATOMIC_SEQ_CST);
	siglongjmp(mc_env, 1);
}

static __u64 mc_pread(int fd)
{
	char buf[64];
	ssize_t n = pread(fd, buf, sizeof(buf) - 1, 0);

	if (n <= 0)
		return 0;
	buf[n] = 0;
	return strtoull(buf, NULL, 10);
}

/* Write one byte per page of @p until a signal stops it; record the count. */
static void mc_touch(const char *dir, struct mc_report *r, char *p, __u64 size)
{
	stack_t ss = { .ss_sp = mc_altstack, .ss_size = sizeof(mc_altstack) };
	struct sigaction sa = { .sa_handler = mc_on_signal, .sa_flags = SA_ONSTACK };
	__u64 pages = size / NT_PAGE, i;
	int cur = mc_open(dir, "memory.current", O_RDONLY);

	mc_pread(cur);
	memset(mc_altstack, 1, sizeof(mc_altstack));
	sigaltstack(&ss, NULL);
	sigaction(SIGBUS, &sa, NULL);
	sigaction(SIGSEGV, &sa, NULL);
	mc_sig = 0;
	mc_done = 0;
	if (!sigsetjmp(mc_env, 1)) {
		for (i = 0; i < pages; i += 2 * MiB / NT_PAGE)
			__atomic_store_n(&p[i * NT_PAGE], (char)(i | 1), __ATOMIC_RELAXED);
		for (i = 0; i < pages; i++) {
			__atomic_store_n(&p[i * NT_PAGE], (char)(i | 1), __ATOMIC_RELAXED);
			__atomic_store_n(&mc_done, i + 1, __ATOMIC_SEQ_CST);
		}
	}
	r->sig = __atomic_load_n(&mc_sig, __ATOMIC_SEQ_CST);
	r->touched = __atomic_load_n(&mc_done, __ATOMIC_SEQ_CST);
	r->current = mc_pread(cur);
	close(cur);
	r->reread = 1;
	for (i = 0; i < r->touched; i++)
		if (p[i * NT_PAGE] != (char)(i | 1))
			r->reread = 0;
}

/* A pagefile section of r->size, committed (or reserved and then committed), touched. */
static int mc_section_worker(const char *dir, struct mc_report *r, void *arg)
{
	__u32 attrs = *(__u32 *)arg;
	struct nts_map m = { .protect = NT_PAGE_READWRITE };
	int sec;

	r->create = nts_create_anon(r->size, NT_PAGE_READWRITE, attrs, &sec);
	if (r->create)
		return 1;
	r->map = nts_map_ex(sec, &m);
	close(sec);
	if (r->map)
		return 2;
	if (attrs & NT_SEC_RESERVE) {
		r->commit = nts_commit((void *)(uintptr_t)m.base, m.size, NT_PAGE_READWRITE);
		if (r->commit)
			return 3;
	}
	mc_touch(dir, r, (char *)(uintptr_t)m.base, m.size);
	r->unmap = nts_unmap((void *)(uintptr_t)m.base);
	return nts_errno_mismatch ? 4 : 0;
}

static void mc_check_beyond_max(struct __test_metadata *_metadata, const char *dir,
				struct mc_report *r, __u32 attrs)
{
	long long before_kill = mc_read(dir, "memory.events", "oom_kill");
	int status;

	ASSERT_EQ(0, mc_write(dir, "memory.max", "16777216"));
	r->size = 64 * MiB;
	status = mc_run(dir, r, &attrs, mc_section_worker);
	ASSERT_TRUE(WIFEXITED(status)) TH_LOG("the worker died of signal %d (OOM kill?)",
					      WIFSIGNALED(status) ? WTERMSIG(status) : -1);
	EXPECT_EQ(0, WEXITSTATUS(status));
	EXPECT_EQ(NT_STATUS_SUCCESS, r->create) TH_LOG("a cgroup limit reserves nothing at create");
	EXPECT_EQ(NT_STATUS_SUCCESS, r->map);
	EXPECT_EQ(NT_STATUS_SUCCESS, r->commit);
	EXPECT_EQ(SIGBUS, r->sig) TH_LOG("touching past memory.max: signal %d after %llu pages",
					 r->sig, (unsigned long long)r->touched);
	/* Most of the 16 MiB went to the section, and not more than the limit. */
	EXPECT_LE(8 * MiB / NT_PAGE, r->touched);
	EXPECT_GE(16 * MiB / NT_PAGE, r->touched);
	EXPECT_LE(8 * MiB, r->current);
	/* Atomic allocations (the signal's) may be forced a little past memory.max. */
	EXPECT_GE(16 * MiB + 64 * NT_PAGE, r->current);
	EXPECT_TRUE(r->reread) TH_LOG("the pages written before the SIGBUS changed");
	EXPECT_EQ(NT_STATUS_SUCCESS, r->unmap);
	EXPECT_EQ(before_kill, mc_read(dir, "memory.events", "oom_kill"))
		TH_LOG("the OOM killer was called");
	EXPECT_LT(0, mc_read(dir, "memory.events", "max"));
	/* The worker is gone, and with it the section: the charge returned. */
	EXPECT_GT(2 * MiB, mc_read(dir, "memory.current", NULL));
}

TEST_F(memcg, commit_section_touched_past_max_sigbus)
{
	mc_check_beyond_max(_metadata, self->dir, self->r, NT_SEC_COMMIT);
}

TEST_F(memcg, reserve_section_committed_past_max_sigbus)
{
	mc_check_beyond_max(_metadata, self->dir, self->r, NT_SEC_RESERVE);
}

/* Touch all of the inherited section r->size bytes through a view, then leave. */
static int mc_toucher(const char *dir, struct mc_report *r, void *arg)
{
	struct nts_map m = { .protect = NT_PAGE_READWRITE };
	int sec = *(int *)arg;

	r->map = nts_map_ex(sec, &m);
	if (r->map)
		return 2;
	mc_touch(dir, r, (char *)(uintptr_t)m.base, m.size);
	r->unmap = nts_unmap((void *)(uintptr_t)m.base);
	return r->sig || nts_errno_mismatch ? 4 : 0;
}

/*
 * The pages stay charged to the cgroup that touched them while the section
 * lives in another process outside it, and the charge returns when that
 * process closes the last handle.
 */
TEST_F(memcg, charge_stays_with_section_until_closed)
{
	int status, sec;

	ASSERT_EQ(0, mc_write(self->dir, "memory.max", "67108864"));
	self->r->size = 8 * MiB;
	ASSERT_EQ(NT_STATUS_SUCCESS, nts_create_anon(self->r->size, NT_PAGE_READWRITE,
						     NT_SEC_COMMIT, &sec));
	status = mc_run(self->dir, self->r, &sec, mc_toucher);
	ASSERT_TRUE(WIFEXITED(status));
	EXPECT_EQ(0, WEXITSTATUS(status));
	EXPECT_EQ(NT_STATUS_SUCCESS, self->r->map);
	EXPECT_EQ(8 * MiB / NT_PAGE, self->r->touched);
	EXPECT_TRUE(self->r->reread);
	EXPECT_LE(8 * MiB, self->r->current) TH_LOG("the pages were not charged to the toucher");
	/* The toucher has exited; the section it touched is still open here. */
	EXPECT_LE(8 * MiB, mc_read(self->dir, "memory.current", NULL));
	EXPECT_EQ(0, close(sec));
	EXPECT_GT(2 * MiB, mc_read(self->dir, "memory.current", NULL))
		TH_LOG("closing the section did not return the charge");
}

TEST_HARNESS_MAIN
