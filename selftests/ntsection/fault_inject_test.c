// SPDX-License-Identifier: GPL-2.0-only
/*
 * ntsection selftests: fault injection. For each path (create, open, map,
 * fault, commit, extend, query, unmap, close) fail the 1st, 2nd, ... allocation
 * the call makes (failslab and fail_page_alloc, through this thread's
 * /proc/thread-self/fail-nth) until the call runs without reaching the
 * injected failure. Every injected failure must give a clean error; the
 * guest then checks that no object is left (/proc/ntsection/stats) and that
 * kmemleak finds nothing. Needs a kernel with CONFIG_FAULT_INJECTION,
 * FAILSLAB, FAIL_PAGE_ALLOC and debugfs (the debug kernel); skips elsewhere.
 */
#include <sys/stat.h>

#include "kselftest_harness.h"
#include "ntsection_test.h"

#define MAX_NTH 2000

static void mark_console(const char *msg)
{
	nts_write_str("/dev/kmsg", msg);
}

/* Configure failslab and fail_page_alloc for fail-nth, quietly. */
static int setup_injection(void)
{
	static const char * const dirs[] = {
		"/sys/kernel/debug/failslab", "/sys/kernel/debug/fail_page_alloc",
	};
	char path[128];
	unsigned int i;

	if (access("/proc/thread-self/fail-nth", W_OK))
		return -1;
	for (i = 0; i < ARRAY_SIZE(dirs); i++) {
		snprintf(path, sizeof(path), "%s/ignore-gfp-wait", dirs[i]);
		if (nts_write_str(path, "N"))
			return -1;
		snprintf(path, sizeof(path), "%s/verbose", dirs[i]);
		nts_write_str(path, "0");
	}
	nts_write_str("/sys/kernel/debug/fail_page_alloc/ignore-gfp-highmem", "N");
	return 0;
}

static int fail_nth_fd = -1;

static void arm(unsigned int nth)
{
	char buf[16];
	int n = snprintf(buf, sizeof(buf), "%u", nth);

	if (pwrite(fail_nth_fd, buf, n, 0) != n)
		abort();
}

/* Disarm; true when the injected failure was reached. */
static int disarm(void)
{
	char buf[16] = {};

	if (pread(fail_nth_fd, buf, sizeof(buf) - 1, 0) <= 0)
		abort();
	if (pwrite(fail_nth_fd, "0", 1, 0) != 1)
		abort();
	return atoi(buf) == 0;
}

/* The statuses an allocation failure may give. */
static int is_clean_failure(__u32 status)
{
	switch (status) {
	case NT_STATUS_NO_MEMORY:
	case NT_STATUS_INSUFFICIENT_RESOURCES:
	case NT_STATUS_COMMITMENT_LIMIT:
	case NT_STATUS_UNSUCCESSFUL:
		return 1;
	default:
		return 0;
	}
}

struct ctx {
	int named;	/* a named section, made without injection */
	int file_sec;	/* a file-backed section on a tmpfs file */
	int file;
	char *view;	/* a RW view of @named */
	__u64 size;
	int reserve;	/* a SEC_RESERVE section */
	char *rview;
	int pipe[2];
	char *victim;	/* a view for op_unmap, made before arming */
	int doomed;	/* a named section with a view, for op_close */
};

typedef __u32 (*op_fn)(struct ctx *c, unsigned int round);
typedef void (*prep_fn)(struct ctx *c);

static __u32 op_create(struct ctx *c, unsigned int round)
{
	struct nts_create cr = { .name = "\\BaseNamedObjects\\fi-create",
				 .access = NT_SECTION_ALL_ACCESS, .protect = NT_PAGE_READWRITE,
				 .attrs = NT_SEC_COMMIT, .file_fd = -1, .size = NT_GRAN,
				 .size_given = 1 };
	__u32 status;
	int fd;

	status = nts_create_ex(&cr, &fd);
	if (fd >= 0)
		close(fd);
	return status;
}

static __u32 op_open(struct ctx *c, unsigned int round)
{
	__u32 status;
	int fd;

	status = nts_open("\\BaseNamedObjects\\fi-named", 0, NT_SECTION_MAP_READ, &fd);
	if (fd >= 0)
		close(fd);
	return status;
}

static __u32 op_map(struct ctx *c, unsigned int round)
{
	struct nts_map m = { .protect = NT_PAGE_READWRITE, .size = NT_GRAN };
	__u32 status = nts_map_ex(c->named, &m);

	if (!status)
		nts_unmap((void *)(uintptr_t)m.base);
	return status;
}

/* A first touch from the kernel (write() reads the page): a fault. */
static __u32 op_fault(struct ctx *c, unsigned int round)
{
	char *page = c->view + (round % (c->size / NT_PAGE)) * NT_PAGE;
	char sink;
	ssize_t n;

	n = write(c->pipe[1], page, 1);
	if (n == 1 && read(c->pipe[0], &sink, 1) != 1)
		return NT_STATUS_UNSUCCESSFUL;
	/* Drop the page again so the next round faults anew. */
	madvise(page, NT_PAGE, MADV_REMOVE);
	return n == 1 ? NT_STATUS_SUCCESS : NT_STATUS_NO_MEMORY;
}

/* Past the first chunks of the commit state, so that it needs new nodes. */
static __u32 op_commit(struct ctx *c, unsigned int round)
{
	__u64 page = 64 * 32 + (round % 32) * 4 * 32;

	return nts_commit(c->rview + page * NT_PAGE, NT_PAGE * 4, NT_PAGE_READWRITE);
}

static __u32 op_extend(struct ctx *c, unsigned int round)
{
	__u64 size = (round + 2) * NT_GRAN;

	return nts_extend(c->file_sec, &size);
}

static __u32 op_query(struct ctx *c, unsigned int round)
{
	struct ntsection_vm_info info;

	return nts_query_vm(c->view, &info);
}

static void prep_unmap(struct ctx *c)
{
	struct nts_map m = { .protect = NT_PAGE_READONLY, .size = NT_GRAN };

	c->victim = nts_map_ex(c->named, &m) ? NULL : (char *)(uintptr_t)m.base;
}

static __u32 op_unmap(struct ctx *c, unsigned int round)
{
	__u32 status;

	if (!c->victim)
		return NT_STATUS_UNSUCCESSFUL;
	status = nts_unmap(c->victim);
	if (status)	/* a failed unmap leaves the view: take it away */
		munmap(c->victim, NT_GRAN);
	c->victim = NULL;
	return status;
}

/* A named section whose last handle and last view op_close() drops. */
static void prep_close(struct ctx *c)
{
	struct nts_create cr = { .name = "\\BaseNamedObjects\\fi-doomed",
				 .access = NT_SECTION_ALL_ACCESS, .protect = NT_PAGE_READWRITE,
				 .attrs = NT_SEC_COMMIT, .file_fd = -1, .size = NT_GRAN,
				 .size_given = 1 };

	c->victim = NULL;
	if (nts_create_ex(&cr, &c->doomed))
		return;
	c->victim = nts_map(c->doomed, NT_PAGE_READWRITE, NULL);
	if (c->victim)
		c->victim[0] = 1;
}

/*
 * Close the last handle (the name must go with it), then unmap the last
 * view (the section goes). A name that outlives the close is reported as
 * OBJECT_NAME_COLLISION, which is not a clean failure.
 */
static __u32 op_close(struct ctx *c, unsigned int round)
{
	__u32 found, status;
	int rc, fd;

	if (!c->victim)
		return NT_STATUS_UNSUCCESSFUL;
	rc = close(c->doomed);
	found = nts_open("\\BaseNamedObjects\\fi-doomed", 0, NT_SECTION_QUERY, &fd);
	if (fd >= 0)
		close(fd);
	status = nts_unmap(c->victim);
	if (status)
		munmap(c->victim, NT_GRAN);
	c->victim = NULL;
	if (rc)
		return NT_STATUS_UNSUCCESSFUL;
	if (found == NT_STATUS_SUCCESS)
		return NT_STATUS_OBJECT_NAME_COLLISION;
	if (found != NT_STATUS_OBJECT_NAME_NOT_FOUND)
		return found;
	return status;
}

FIXTURE(inject) {
	struct ctx c;
};

FIXTURE_SETUP(inject)
{
	struct nts_create cr = { .name = "\\BaseNamedObjects\\fi-named",
				 .access = NT_SECTION_ALL_ACCESS, .protect = NT_PAGE_READWRITE,
				 .attrs = NT_SEC_COMMIT, .file_fd = -1, .size = 16 * NT_GRAN,
				 .size_given = 1 };
	char path[] = "/tmp/ntsection-fi-XXXXXX";

	if (nts_device() < 0)
		SKIP(return, NTS_NO_DEVICE);
	if (geteuid() != 0 || setup_injection())
		SKIP(return, "no fault injection (needs root, debugfs, failslab, fail-nth)");
	fail_nth_fd = open("/proc/thread-self/fail-nth", O_RDWR);
	ASSERT_LE(0, fail_nth_fd);
	ASSERT_EQ(NT_STATUS_SUCCESS, nts_create_ex(&cr, &self->c.named));
	self->c.view = nts_map(self->c.named, NT_PAGE_READWRITE, &self->c.size);
	ASSERT_NE(NULL, self->c.view);
	ASSERT_EQ(NT_STATUS_SUCCESS, nts_create_anon(8192 * NT_PAGE, NT_PAGE_READWRITE,
						     NT_SEC_RESERVE, &self->c.reserve));
	self->c.rview = nts_map(self->c.reserve, NT_PAGE_READWRITE, NULL);
	ASSERT_NE(NULL, self->c.rview);
	self->c.file = mkstemp(path);
	ASSERT_LE(0, self->c.file);
	unlink(path);
	ASSERT_EQ(0, ftruncate(self->c.file, NT_GRAN));
	cr.name = NULL;
	cr.file_fd = self->c.file;
	cr.size_given = 0;
	ASSERT_EQ(NT_STATUS_SUCCESS, nts_create_ex(&cr, &self->c.file_sec));
	ASSERT_EQ(0, pipe(self->c.pipe));
	mark_console("ntsection-fault-injection: begin\n");
}

FIXTURE_TEARDOWN(inject)
{
	mark_console("ntsection-fault-injection: end\n");
	if (self->c.view)
		nts_unmap(self->c.view);
	if (self->c.rview)
		nts_unmap(self->c.rview);
	close(self->c.named);
	close(self->c.reserve);
	close(self->c.file_sec);
	close(self->c.file);
	if (fail_nth_fd >= 0)
		close(fail_nth_fd);
	fail_nth_fd = -1;
}

/* Fail allocation 1, 2, ... of @op until it runs clean; returns the sites hit. */
static unsigned int sweep(struct __test_metadata *_metadata, struct ctx *c, prep_fn prep,
			  op_fn op, const char *name)
{
	unsigned int nth, injected = 0;

	for (nth = 1; nth < MAX_NTH; nth++) {
		__u32 status;
		int hit;

		if (prep)
			prep(c);
		arm(nth);
		status = op(c, nth);
		hit = disarm();
		if (!hit) {
			EXPECT_EQ(NT_STATUS_SUCCESS, status) TH_LOG("%s without injection", name);
			break;
		}
		injected++;
		EXPECT_TRUE(status == NT_STATUS_SUCCESS || is_clean_failure(status))
			TH_LOG("%s, allocation %u failed: status 0x%08x", name, nth, status);
	}
	EXPECT_LT(nth, MAX_NTH);
	EXPECT_EQ(0, nts_errno_mismatch);
	TH_LOG("%s: %u allocations failed one by one", name, injected);
	return injected;
}

TEST_F(inject, create) { EXPECT_LT(0, sweep(_metadata, &self->c, NULL, op_create, "create")); }
TEST_F(inject, open) { EXPECT_LT(0, sweep(_metadata, &self->c, NULL, op_open, "open")); }
TEST_F(inject, map) { EXPECT_LT(0, sweep(_metadata, &self->c, NULL, op_map, "map")); }
TEST_F(inject, fault) { EXPECT_LT(0, sweep(_metadata, &self->c, NULL, op_fault, "fault")); }
TEST_F(inject, commit) { EXPECT_LT(0, sweep(_metadata, &self->c, NULL, op_commit, "commit")); }
/* Growing a tmpfs file allocates nothing today: the sweep proves it. */
TEST_F(inject, extend) { sweep(_metadata, &self->c, NULL, op_extend, "extend"); }
TEST_F(inject, query) { sweep(_metadata, &self->c, NULL, op_query, "query"); }
TEST_F(inject, unmap) { sweep(_metadata, &self->c, prep_unmap, op_unmap, "unmap"); }
TEST_F(inject, close) { sweep(_metadata, &self->c, prep_close, op_close, "close"); }

TEST_HARNESS_MAIN
