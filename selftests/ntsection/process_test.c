// SPDX-License-Identifier: GPL-2.0-only
/*
 * ntsection selftests: other processes (SPEC §11, ABI 2.2). NtOpenProcess
 * (NTSECTION_IOC_OPEN_PROCESS), views mapped, unmapped, committed and
 * queried in another process through a process handle, and
 * NtReadVirtualMemory / NtWriteVirtualMemory.
 *
 * The targets are children of the test ("servants") that never opened
 * /dev/ntsection (they close the fd they inherit): each waits for commands
 * in read() on a pipe and answers on another, so that the test knows what
 * it is doing when a call reaches it (blocked in read(), spinning in user
 * space, in nanosleep(), stopped by SIGSTOP or by a tracer), established
 * through /proc/PID/syscall and waitpid(), never by sleeping. Every child
 * dies with the test (PR_SET_PDEATHSIG) and is killed and reaped by the
 * fixture's teardown.
 */
#include <dirent.h>
#include <grp.h>
#include <pthread.h>
#include <sched.h>
#include <time.h>
#include <sys/param.h>
#include <sys/prctl.h>
#include <sys/ptrace.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>

#include "kselftest_harness.h"
#include "ntsection_test.h"
#include "pe_image.h"

#define PT_MAX_CHILDREN	16
#define PT_DATA		256
#define PT_CG_ROOT	"/sys/fs/cgroup"
#define PT_YAMA		"/proc/sys/kernel/yama/ptrace_scope"

/* A command to a servant and its answer. */
enum {
	PT_PING,	/* answers 0 */
	PT_READ,	/* answers the @len bytes at @addr */
	PT_PROBE,	/* nts_probe(@addr, @arg & 1, @arg >> 8): the signal */
	PT_TOUCH,	/* writes a byte per page of [@addr, @addr + @arg) */
	PT_FILL,	/* memset(@addr, @arg, @len) */
	PT_SPIN,	/* spins until shm->go, then reads shm->addr */
	PT_SLEEP,	/* nanosleep(@arg ns): the time it took, or -errno */
	PT_EXIT,	/* _exit(@arg) */
};

struct pt_cmd {
	__u32 op;
	__u32 len;
	__u64 addr;
	__u64 arg;
};

struct pt_reply {
	__s64 val;
	__u8 data[PT_DATA];
};

/* Shared with every child: anonymous MAP_SHARED memory. */
struct pt_shm {
	int spinning;
	int go;
	__u64 addr;
	__u64 count;		/* loops done by a caller child */
	__u32 status[32];	/* what an opener child saw */
	__u64 value[8];
};

/* Its fields change under the feet of the process that reads them. */
#define PT_GET(x)	__atomic_load_n(&(x), __ATOMIC_SEQ_CST)
#define PT_SET(x, v)	__atomic_store_n(&(x), (v), __ATOMIC_SEQ_CST)

struct pt_child {
	pid_t pid;
	int cmd;	/* write end */
	int reply;	/* read end */
};

/* The children of a test, killed and reaped by the teardown. */
struct pt_kids {
	struct pt_child child[PT_MAX_CHILDREN];
	int nchild;
	struct pt_shm *shm;
};

FIXTURE(process) {
	struct pt_kids kids;
	struct pt_shm *shm;
	char cg[2][128];
	char yama[16];	/* Yama's ptrace_scope to restore, or "" */
};

/* The whole-process kill at the end, for every child made. */
static struct pt_child *pt_new(struct pt_kids *self)
{
	struct pt_child *c;

	if (self->nchild >= PT_MAX_CHILDREN)
		return NULL;
	c = &self->child[self->nchild++];
	memset(c, 0, sizeof(*c));
	c->cmd = -1;
	c->reply = -1;
	return c;
}

/* In a new child: die with the test, and forget /dev/ntsection. */
static void pt_child_init(void)
{
	prctl(PR_SET_PDEATHSIG, SIGKILL);
	if (nts_dev >= 0)
		close(nts_dev);
	nts_dev = -1;
}

static int pt_read_full(int fd, void *buf, size_t len)
{
	size_t done = 0;
	ssize_t n;

	while (done < len) {
		n = read(fd, (char *)buf + done, len - done);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return -1;
		done += n;
	}
	return 0;
}

static int pt_write_full(int fd, const void *buf, size_t len)
{
	return write(fd, buf, len) == (ssize_t)len ? 0 : -1;
}

static __s64 pt_now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

/* The servant's loop: one command at a time, from read() on a pipe. */
static void __noreturn pt_serve(int in, int out, struct pt_shm *shm)
{
	struct pt_reply r;
	struct pt_cmd c;
	struct timespec ts;
	__u64 i;
	__s64 t0;

	for (;;) {
		if (pt_read_full(in, &c, sizeof(c)))
			_exit(0);
		memset(&r, 0, sizeof(r));
		switch (c.op) {
		case PT_READ:
			memcpy(r.data, (void *)(uintptr_t)c.addr, MIN(c.len, PT_DATA));
			break;
		case PT_PROBE:
			r.val = nts_probe((char *)(uintptr_t)c.addr, c.arg & 1, (char)(c.arg >> 8));
			break;
		case PT_TOUCH:
			for (i = 0; i < c.arg; i += NT_PAGE)
				PT_SET(*(char *)(uintptr_t)(c.addr + i), 1);
			break;
		case PT_FILL:
			memset((void *)(uintptr_t)c.addr, (int)c.arg, c.len);
			break;
		case PT_SPIN:
			PT_SET(shm->spinning, 1);
			while (!PT_GET(shm->go))
				;
			memcpy(r.data, (void *)(uintptr_t)PT_GET(shm->addr), PT_DATA);
			break;
		case PT_SLEEP:
			ts.tv_sec = c.arg / 1000000000ULL;
			ts.tv_nsec = c.arg % 1000000000ULL;
			t0 = pt_now_ns();
			r.val = nanosleep(&ts, NULL) ? -errno : pt_now_ns() - t0;
			break;
		case PT_EXIT:
			_exit((int)c.arg);
		}
		if (pt_write_full(out, &r, sizeof(r)))
			_exit(0);
	}
}

/*
 * A servant, after @setup (NULL: none; non-zero: the child exits with it).
 * It answers a first PT_PING once set up. Returns its pid, or -1.
 */
static pid_t pt_spawn(struct pt_kids *self, struct pt_child **out,
		      int (*setup)(void *), void *arg)
{
	struct pt_child *c = pt_new(self);
	int cmd[2], reply[2];
	struct pt_reply r;
	struct pt_cmd ping = { .op = PT_PING };

	*out = c;
	if (!c || pipe2(cmd, O_CLOEXEC) || pipe2(reply, O_CLOEXEC))
		return -1;
	c->pid = fork();
	if (c->pid < 0)
		return -1;
	if (!c->pid) {
		pt_child_init();
		close(cmd[1]);
		close(reply[0]);
		if (setup) {
			int rc = setup(arg);

			if (rc)
				_exit(rc & 0x7f);
		}
		pt_serve(cmd[0], reply[1], self->shm);
	}
	close(cmd[0]);
	close(reply[1]);
	c->cmd = cmd[1];
	c->reply = reply[0];
	if (pt_write_full(c->cmd, &ping, sizeof(ping)) || pt_read_full(c->reply, &r, sizeof(r)))
		return -1;
	return c->pid;
}

/* Send a command; pt_answer() waits for its answer. 0 or -1 (the child died). */
static int pt_send(struct pt_child *c, __u32 op, __u64 addr, __u32 len, __u64 arg)
{
	struct pt_cmd cmd = { .op = op, .len = len, .addr = addr, .arg = arg };

	return pt_write_full(c->cmd, &cmd, sizeof(cmd));
}

static int pt_answer(struct pt_child *c, struct pt_reply *r)
{
	return pt_read_full(c->reply, r, sizeof(*r));
}

static int pt_call(struct pt_child *c, __u32 op, __u64 addr, __u32 len, __u64 arg,
		   struct pt_reply *r)
{
	return pt_send(c, op, addr, len, arg) || pt_answer(c, r) ? -1 : 0;
}

/* A counter of /proc/ntsection/stats, or -1. */
static long pt_stat(const char *key)
{
	FILE *f = fopen("/proc/ntsection/stats", "r");
	char name[64];
	long v, found = -1;

	if (!f)
		return -1;
	while (fscanf(f, "%63s %ld", name, &v) == 2) {
		if (!strcmp(name, key))
			found = v;
	}
	fclose(f);
	return found;
}

struct pt_counts {
	long process_handles, remote_calls, views, sections, handle_files;
};

static void pt_counts(struct pt_counts *c)
{
	c->process_handles = pt_stat("process_handles");
	c->remote_calls = pt_stat("remote_calls");
	c->views = pt_stat("views");
	c->sections = pt_stat("sections");
	c->handle_files = pt_stat("handle_files");
}

/* Wait (@secs at most) until the counters are back at @start: 0 or -1. */
static int pt_counts_back(const struct pt_counts *start, int secs)
{
	struct pt_counts now;
	int i;

	for (i = 0; i < secs * 100; i++) {
		pt_counts(&now);
		if (!memcmp(&now, start, sizeof(now)))
			return 0;
		usleep(10000);
	}
	fprintf(stderr, "# counters now/at start: process_handles %ld/%ld remote_calls %ld/%ld\n",
		now.process_handles, start->process_handles, now.remote_calls,
		start->remote_calls);
	fprintf(stderr, "# views %ld/%ld sections %ld/%ld handle_files %ld/%ld\n", now.views,
		start->views, now.sections, start->sections, now.handle_files,
		start->handle_files);
	return -1;
}

/*
 * NtOpenProcess with CLIENT_ID {@pid, @tid} (@cid_null: NULL) and @oa (NULL:
 * a zeroed OBJECT_ATTRIBUTES of the right Length; @oa_null: NULL).
 * *ProcessHandle must be the new fd's handle (close-on-exec unless
 * OBJ_INHERIT) on success and 0 on failure.
 */
static __u32 pt_open_ex(__u64 pid, __u64 tid, __u32 access, int *fd,
			struct nts_object_attributes *oa, int oa_null, int cid_null)
{
	struct nts_object_attributes zero = { .length = sizeof(zero) };
	uintptr_t cid[2] = { (uintptr_t)pid, (uintptr_t)tid };
	uintptr_t handle = NTS_POISON;
	struct ntsection_open_process_args a = {
		.process_handle = NTS_PTR(&handle),
		.access = access,
		.object_attributes = oa_null ? 0 : NTS_PTR(oa ? oa : &zero),
		.client_id = cid_null ? 0 : NTS_PTR(cid),
		.status = 0xdeadbeef,
	};
	int rc = ioctl(nts_device(), NTSECTION_IOC_OPEN_PROCESS, &a);
	int cloexec = !(oa && (oa->attributes & NT_OBJ_INHERIT));

	nts_check_rc(rc, a.status);
	*fd = -1;
	if (a.status == NT_STATUS_SUCCESS) {
		*fd = (int)NTSECTION_HANDLE_TO_FD(handle);
		if (!handle || (handle & 3) || !(fcntl(*fd, F_GETFD) & FD_CLOEXEC) != !cloexec)
			nts_mismatch("OPEN_PROCESS: handle 0x%llx", (unsigned long long)handle);
	} else if (handle) {
		nts_mismatch("OPEN_PROCESS failed with 0x%08x and left *ProcessHandle 0x%llx",
			     a.status, (unsigned long long)handle);
	}
	return a.status;
}

static __u32 pt_open(pid_t pid, __u32 access, int *fd)
{
	return pt_open_ex(pid, 0, access, fd, NULL, 0, 0);
}

/* A process handle from a pidfd (NTSECTION_PROCESS_PIDFD). */
static __u32 pt_open_pidfd(int pidfd, __u32 access, int *fd)
{
	uintptr_t handle = NTS_POISON;
	struct ntsection_open_process_args a = {
		.process_handle = NTS_PTR(&handle), .access = access,
		.pidfd = (__u32)pidfd, .flags = NTSECTION_PROCESS_PIDFD, .status = 0xdeadbeef,
	};
	int rc = ioctl(nts_device(), NTSECTION_IOC_OPEN_PROCESS, &a);

	nts_check_rc(rc, a.status);
	*fd = a.status == NT_STATUS_SUCCESS ? (int)NTSECTION_HANDLE_TO_FD(handle) : -1;
	return a.status;
}

/* A fd's "ntsection-process:" (@pid) and "ntsection-access:" lines: 0 or -1. */
static int pt_fdinfo(int fd, long *pid, __u32 *access)
{
	char path[64], line[256];
	FILE *f;
	int found = 0;

	snprintf(path, sizeof(path), "/proc/self/fdinfo/%d", fd);
	f = fopen(path, "r");
	if (!f)
		return -1;
	while (fgets(line, sizeof(line), f)) {
		if (pid && sscanf(line, "ntsection-process: %ld", pid) == 1)
			found |= 1;
		if (access && sscanf(line, "ntsection-access: %x", access) == 1)
			found |= 2;
	}
	fclose(f);
	return found == (pid ? 1 : 0) + (access ? 2 : 0) ? 0 : -1;
}

static __u32 pt_map(int section, int proc, struct nts_map *m)
{
	m->process = (__u32)proc;
	return nts_map_ex(section, m);
}

static __u32 pt_unmap(int proc, __u64 base)
{
	struct ntsection_unmap_args a = {
		.process_fd = (__u32)proc, .base = base, .status = 0xdeadbeef,
	};
	int rc = ioctl(nts_device(), NTSECTION_IOC_UNMAP, &a);

	nts_check_rc(rc, a.status);
	return a.status;
}

static __u32 pt_query_vm(int proc, __u64 addr, struct ntsection_vm_info *info)
{
	int rc;

	memset(info, 0, sizeof(*info));
	info->process_fd = (__u32)proc;
	info->address = addr;
	info->status = 0xdeadbeef;
	rc = ioctl(nts_device(), NTSECTION_IOC_QUERY_VM, info);
	nts_check_rc(rc, info->status);
	return info->status;
}

/* COMMIT, FREE or PROTECT on @proc's [@base, @base + @size). */
static __u32 pt_vm(unsigned long cmd, int proc, __u32 type, __u64 base, __u64 size,
		   __u32 protect)
{
	struct ntsection_vm_args a = {
		.process_fd = (__u32)proc, .alloc_type = type, .base = base, .size = size,
		.protect = protect, .status = 0xdeadbeef,
	};
	int rc = ioctl(nts_device(), cmd, &a);

	nts_check_rc(rc, a.status);
	return a.status;
}

/*
 * READ_VM or WRITE_VM; *@bytes (NULL: NumberOfBytes NULL) is poisoned
 * before the call and must be written whenever the handle was good.
 */
static __u32 pt_rw(unsigned long cmd, int proc, __u64 addr, void *buf, __u64 size,
		   __u64 *bytes)
{
	size_t n = (size_t)NTS_POISON;
	struct ntsection_rw_vm_args a = {
		.process_fd = (__u32)proc, .address = addr, .buffer = NTS_PTR(buf),
		.size = size, .bytes = bytes ? NTS_PTR(&n) : 0, .status = 0xdeadbeef,
	};
	int rc = ioctl(nts_device(), cmd, &a);

	nts_check_rc(rc, a.status);
	if (bytes)
		*bytes = n;
	return a.status;
}

/* Create a pagefile section of @size for the test, all access. */
static int pt_section(__u64 size, __u32 attrs)
{
	int fd = -1;

	if (nts_create_anon(size, NT_PAGE_READWRITE, attrs, &fd))
		return -1;
	return fd;
}

/*
 * A free range of @size (64 KiB aligned) below @limit in the process @proc
 * names, found with NtQueryVirtualMemory; 0 when there is none.
 */
static __u64 pt_find_free(int proc, __u64 limit, __u64 size)
{
	struct ntsection_vm_info info;
	__u64 addr = NT_GRAN, start, end;

	while (addr < limit) {
		if (pt_query_vm(proc, addr, &info) || !info.region_size)
			return 0;
		end = info.base_address + info.region_size;
		if (info.state == NT_MEM_FREE) {
			start = (info.base_address + NT_GRAN - 1) & ~(NT_GRAN - 1);
			if (start + size <= end && start + size <= limit)
				return start;
		}
		addr = end;
	}
	return 0;
}

FIXTURE_SETUP(process)
{
	if (nts_device() < 0)
		SKIP(return, NTS_NO_DEVICE);
	self->shm = mmap(NULL, sizeof(*self->shm), PROT_READ | PROT_WRITE,
			 MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	ASSERT_NE(MAP_FAILED, self->shm);
	memset(self->shm, 0, sizeof(*self->shm));
	self->kids.shm = self->shm;
	nts_errno_mismatch = 0;
}

FIXTURE_TEARDOWN(process)
{
	int i;

	for (i = 0; i < self->kids.nchild; i++) {
		if (self->kids.child[i].pid > 0) {
			kill(self->kids.child[i].pid, SIGKILL);
			waitpid(self->kids.child[i].pid, NULL, 0);
		}
		if (self->kids.child[i].cmd >= 0)
			close(self->kids.child[i].cmd);
		if (self->kids.child[i].reply >= 0)
			close(self->kids.child[i].reply);
	}
	for (i = 0; i < 2; i++)
		if (self->cg[i][0])
			rmdir(self->cg[i]);
	/* A test that set it and never got to put it back. */
	if (self->yama[0])
		EXPECT_EQ(0, nts_write_str(PT_YAMA, self->yama));
	EXPECT_EQ(0, nts_errno_mismatch);
}

/* Forget a child the test reaped itself. */
static void pt_reaped(struct pt_child *c)
{
	c->pid = 0;
}

static const char pt_msg[] = "written through the caller's own view";

/*
 * Map a 64 KiB section into @proc and the caller; write pt_msg through the
 * caller's view. Returns the section fd; the views in *@remote, *@local.
 */
static int pt_share(struct __test_metadata *_metadata, int proc, __u64 *remote, char **local)
{
	struct nts_map m = { .protect = NT_PAGE_READWRITE };
	int sec = pt_section(NT_GRAN, NT_SEC_COMMIT);

	EXPECT_LE(0, sec);
	if (sec < 0)
		return -1;
	EXPECT_EQ(NT_STATUS_SUCCESS, pt_map(sec, proc, &m));
	EXPECT_EQ(NT_GRAN, m.size);
	*remote = m.base;
	*local = nts_map(sec, NT_PAGE_READWRITE, NULL);
	EXPECT_NE(NULL, *local);
	if (*local)
		memcpy(*local, pt_msg, sizeof(pt_msg));
	return sec;
}

/* 1. A target blocked in read() on a pipe, which never opened the device. */
TEST_F(process, map_into_child_blocked_in_read)
{
	struct ntsection_vm_info info;
	struct pt_child *c;
	struct pt_reply r;
	__u64 remote;
	char *local;
	int proc, sec;

	ASSERT_LT(0, pt_spawn(&self->kids, &c, NULL, NULL));
	ASSERT_EQ(0, nts_wait_in_syscall(c->pid, c->pid, SYS_read, SYS_read, 0));
	ASSERT_EQ(NT_STATUS_SUCCESS, pt_open(c->pid, NT_PROCESS_ALL_ACCESS, &proc));
	sec = pt_share(_metadata, proc, &remote, &local);
	ASSERT_LE(0, sec);
	/* The view is the child's, not the caller's. */
	ASSERT_EQ(NT_STATUS_SUCCESS, pt_query_vm(proc, remote, &info));
	EXPECT_EQ(remote, info.allocation_base);
	EXPECT_EQ(NT_MEM_MAPPED, info.type);
	EXPECT_EQ(NT_MEM_COMMIT, info.state);
	EXPECT_EQ(NT_PAGE_READWRITE, info.protect);
	EXPECT_EQ(NT_GRAN, info.region_size);
	ASSERT_EQ(0, pt_call(c, PT_READ, remote, sizeof(pt_msg), 0, &r));
	EXPECT_STREQ(pt_msg, (char *)r.data);
	/* And back: the child writes, the caller's view sees it. */
	ASSERT_EQ(0, pt_call(c, PT_FILL, remote + 1000, 8, 'c', &r));
	EXPECT_EQ(0, memcmp(local + 1000, "cccccccc", 8));
	close(proc);
	close(sec);
}

/* 1. A target spinning in user space on a flag. */
TEST_F(process, map_into_spinning_child)
{
	struct pt_child *c;
	struct pt_reply r;
	__u64 remote;
	char *local;
	int proc, sec, i;

	ASSERT_LT(0, pt_spawn(&self->kids, &c, NULL, NULL));
	ASSERT_EQ(NT_STATUS_SUCCESS, pt_open(c->pid, NT_PROCESS_ALL_ACCESS, &proc));
	ASSERT_EQ(0, pt_send(c, PT_SPIN, 0, 0, 0));
	for (i = 0; i < 10000 && !PT_GET(self->shm->spinning); i++)
		usleep(1000);
	ASSERT_EQ(1, PT_GET(self->shm->spinning));
	sec = pt_share(_metadata, proc, &remote, &local);
	ASSERT_LE(0, sec);
	PT_SET(self->shm->addr, remote);
	PT_SET(self->shm->go, 1);
	ASSERT_EQ(0, pt_answer(c, &r));
	EXPECT_STREQ(pt_msg, (char *)r.data);
	close(proc);
	close(sec);
}

/*
 * 1. A target in nanosleep(): the call interrupts the sleep, which restarts
 * and still lasts its whole time (a lower bound only).
 */
TEST_F_TIMEOUT(process, map_into_sleeping_child, 60)
{
	const __u64 sleep_ns = 2000000000ULL;
	struct pt_child *c;
	struct pt_reply r;
	__u64 remote;
	char *local;
	int proc, sec;

	ASSERT_LT(0, pt_spawn(&self->kids, &c, NULL, NULL));
	ASSERT_EQ(NT_STATUS_SUCCESS, pt_open(c->pid, NT_PROCESS_ALL_ACCESS, &proc));
	ASSERT_EQ(0, pt_send(c, PT_SLEEP, 0, 0, sleep_ns));
	ASSERT_EQ(0, nts_wait_in_syscall(c->pid, c->pid, SYS_nanosleep, SYS_clock_nanosleep, 0));
	sec = pt_share(_metadata, proc, &remote, &local);
	ASSERT_LE(0, sec);
	ASSERT_EQ(0, pt_answer(c, &r));
	EXPECT_LE((__s64)sleep_ns, r.val);	/* not -EINTR, not cut short */
	ASSERT_EQ(0, pt_call(c, PT_READ, remote, sizeof(pt_msg), 0, &r));
	EXPECT_STREQ(pt_msg, (char *)r.data);
	close(proc);
	close(sec);
}

/* Map, query and unmap in a target that cannot run the call itself. */
static void pt_stuck_target(struct __test_metadata *_metadata, struct pt_child *c,
			    int proc, __u64 *remote, int *sec)
{
	struct ntsection_vm_info info;
	__u64 base;
	char *local;

	*sec = pt_share(_metadata, proc, &base, &local);
	ASSERT_LE(0, *sec);
	close(*sec);
	ASSERT_EQ(NT_STATUS_SUCCESS, pt_query_vm(proc, base, &info));
	EXPECT_EQ(base, info.allocation_base);
	EXPECT_EQ(NT_MEM_MAPPED, info.type);
	EXPECT_EQ(NT_GRAN, info.region_size);
	ASSERT_EQ(NT_STATUS_SUCCESS, pt_unmap(proc, base));
	ASSERT_EQ(NT_STATUS_SUCCESS, pt_query_vm(proc, base, &info));
	EXPECT_EQ(NT_MEM_FREE, info.state);
	EXPECT_EQ(NT_STATUS_NOT_MAPPED_VIEW, pt_unmap(proc, base));
	/* Again, to be read once the target runs. */
	*sec = pt_share(_metadata, proc, remote, &local);
	ASSERT_LE(0, *sec);
}

/* 2. A target stopped by SIGSTOP: the kernel worker serves it. */
TEST_F(process, stopped_child)
{
	struct pt_child *c;
	struct pt_reply r;
	__u64 remote;
	int proc, sec, st;

	ASSERT_LT(0, pt_spawn(&self->kids, &c, NULL, NULL));
	ASSERT_EQ(NT_STATUS_SUCCESS, pt_open(c->pid, NT_PROCESS_ALL_ACCESS, &proc));
	ASSERT_EQ(0, kill(c->pid, SIGSTOP));
	ASSERT_EQ(c->pid, waitpid(c->pid, &st, WUNTRACED));
	ASSERT_TRUE(WIFSTOPPED(st));
	pt_stuck_target(_metadata, c, proc, &remote, &sec);
	/* Still stopped: nothing the calls did woke it. */
	EXPECT_EQ(0, waitpid(c->pid, &st, WCONTINUED | WNOHANG));
	ASSERT_EQ(0, kill(c->pid, SIGCONT));
	ASSERT_EQ(0, pt_call(c, PT_READ, remote, sizeof(pt_msg), 0, &r));
	EXPECT_STREQ(pt_msg, (char *)r.data);
	close(proc);
	close(sec);
}

/* 2. A target stopped by its tracer (PTRACE_SEIZE, PTRACE_INTERRUPT). */
TEST_F(process, ptrace_stopped_child)
{
	struct pt_child *c;
	struct pt_reply r;
	__u64 remote;
	int proc, sec, st;

	ASSERT_LT(0, pt_spawn(&self->kids, &c, NULL, NULL));
	ASSERT_EQ(NT_STATUS_SUCCESS, pt_open(c->pid, NT_PROCESS_ALL_ACCESS, &proc));
	ASSERT_EQ(0, ptrace(PTRACE_SEIZE, c->pid, 0, 0));
	ASSERT_EQ(0, ptrace(PTRACE_INTERRUPT, c->pid, 0, 0));
	ASSERT_EQ(c->pid, waitpid(c->pid, &st, 0));
	ASSERT_TRUE(WIFSTOPPED(st));
	ASSERT_EQ(PTRACE_EVENT_STOP, st >> 16);
	pt_stuck_target(_metadata, c, proc, &remote, &sec);
	ASSERT_EQ(0, ptrace(PTRACE_DETACH, c->pid, 0, 0));
	ASSERT_EQ(0, pt_call(c, PT_READ, remote, sizeof(pt_msg), 0, &r));
	EXPECT_STREQ(pt_msg, (char *)r.data);
	close(proc);
	close(sec);
}

/* 3. Every parameter of NtMapViewOfSection, judged in the target. */
TEST_F(process, remote_map_parameters)
{
	struct ntsection_vm_info info;
	struct nts_map m;
	struct pt_child *c;
	__u64 base, low;
	char buf[16], *local;
	__u64 n;
	int proc, sec;

	ASSERT_LT(0, pt_spawn(&self->kids, &c, NULL, NULL));
	ASSERT_EQ(NT_STATUS_SUCCESS, pt_open(c->pid, NT_PROCESS_ALL_ACCESS, &proc));
	sec = pt_section(MiB, NT_SEC_COMMIT);
	ASSERT_LE(0, sec);
	local = nts_map(sec, NT_PAGE_READWRITE, NULL);
	ASSERT_NE(NULL, local);
	memcpy(local + 256 * KiB, "offset-256K", 12);

	/* A base the system chose, unmapped: free in the target, then fixed there. */
	m = (struct nts_map){ .protect = NT_PAGE_READWRITE };
	ASSERT_EQ(NT_STATUS_SUCCESS, pt_map(sec, proc, &m));
	base = m.base;
	EXPECT_EQ(0, base % NT_GRAN);
	ASSERT_EQ(NT_STATUS_SUCCESS, pt_unmap(proc, base));
	ASSERT_EQ(NT_STATUS_SUCCESS, pt_query_vm(proc, base, &info));
	ASSERT_EQ(NT_MEM_FREE, info.state);
	ASSERT_LE(MiB, info.base_address + info.region_size - base);
	m = (struct nts_map){ .base = base, .protect = NT_PAGE_READONLY };
	ASSERT_EQ(NT_STATUS_SUCCESS, pt_map(sec, proc, &m));
	EXPECT_EQ(base, m.base);
	EXPECT_EQ(MiB, m.size);
	ASSERT_EQ(NT_STATUS_SUCCESS, pt_query_vm(proc, base + 5 * NT_PAGE, &info));
	EXPECT_EQ(base + 5 * NT_PAGE, info.base_address);
	EXPECT_EQ(base, info.allocation_base);
	EXPECT_EQ(MiB - 5 * NT_PAGE, info.region_size);
	EXPECT_EQ(NT_PAGE_READONLY, info.allocation_protect);
	EXPECT_EQ(NT_PAGE_READONLY, info.protect);
	EXPECT_EQ(NT_MEM_MAPPED, info.type);
	/* The same base again; a base inside it; an unaligned base. */
	m = (struct nts_map){ .base = base, .protect = NT_PAGE_READWRITE };
	EXPECT_EQ(NT_STATUS_CONFLICTING_ADDRESSES, pt_map(sec, proc, &m));
	m = (struct nts_map){ .base = base + NT_GRAN, .size = NT_GRAN,
			      .protect = NT_PAGE_READWRITE };
	EXPECT_EQ(NT_STATUS_CONFLICTING_ADDRESSES, pt_map(sec, proc, &m));
	m = (struct nts_map){ .base = base + MiB + NT_PAGE, .size = NT_GRAN,
			      .protect = NT_PAGE_READWRITE };
	EXPECT_EQ(NT_STATUS_MAPPED_ALIGNMENT, pt_map(sec, proc, &m));
	/* A read-only view of the target cannot be written, as the target could not. */
	EXPECT_EQ(NT_STATUS_PARTIAL_COPY,
		  pt_rw(NTSECTION_IOC_WRITE_VM, proc, base, "x", 1, &n));
	EXPECT_EQ(0, n);
	/* Remote unmap: the target's memory there is free again. */
	ASSERT_EQ(NT_STATUS_SUCCESS, pt_unmap(proc, base + 3 * NT_PAGE));
	ASSERT_EQ(NT_STATUS_SUCCESS, pt_query_vm(proc, base, &info));
	EXPECT_EQ(NT_MEM_FREE, info.state);
	EXPECT_EQ(0, info.type);
	EXPECT_EQ(NT_STATUS_NOT_MAPPED_VIEW, pt_unmap(proc, base));

	/* ViewSize and SectionOffset. */
	m = (struct nts_map){ .offset = 256 * KiB, .size = 128 * KiB,
			      .protect = NT_PAGE_READWRITE };
	ASSERT_EQ(NT_STATUS_SUCCESS, pt_map(sec, proc, &m));
	EXPECT_EQ(128 * KiB, m.size);
	ASSERT_EQ(NT_STATUS_SUCCESS, pt_query_vm(proc, m.base, &info));
	EXPECT_EQ(128 * KiB, info.region_size);
	ASSERT_EQ(NT_STATUS_SUCCESS, pt_rw(NTSECTION_IOC_READ_VM, proc, m.base, buf, 12, &n));
	EXPECT_EQ(12, n);
	EXPECT_STREQ("offset-256K", buf);
	EXPECT_EQ(NT_STATUS_SUCCESS, pt_unmap(proc, m.base));

	/* ZeroBits 2: below 1 GiB, where the target has room (looked up first). */
	low = pt_find_free(proc, 1ULL << 30, NT_GRAN);
	if (!low) {
		TH_LOG("the target has no free 64 KiB below 1 GiB: ZeroBits not checked");
	} else {
		m = (struct nts_map){ .zero_bits = 2, .size = NT_GRAN,
				      .protect = NT_PAGE_READWRITE };
		ASSERT_EQ(NT_STATUS_SUCCESS, pt_map(sec, proc, &m));
		EXPECT_GT(1ULL << 30, m.base + m.size);
		EXPECT_NE(0, m.base);
		ASSERT_EQ(NT_STATUS_SUCCESS, pt_query_vm(proc, m.base, &info));
		EXPECT_EQ(m.base, info.allocation_base);
		EXPECT_EQ(NT_MEM_MAPPED, info.type);
		/* A fixed base that does not fit ZeroBits. */
		base = m.base;
		m = (struct nts_map){ .base = 1ULL << 32, .zero_bits = 2, .size = NT_GRAN,
				      .protect = NT_PAGE_READWRITE };
		EXPECT_EQ(NT_STATUS_INVALID_PARAMETER_4, pt_map(sec, proc, &m));
		EXPECT_EQ(NT_STATUS_SUCCESS, pt_unmap(proc, base));
	}
	close(proc);
	close(sec);
}

/* 3. Commit, free and protect in the target. */
TEST_F(process, remote_commit_free_protect)
{
	struct ntsection_vm_info info;
	struct nts_map m = { .protect = NT_PAGE_READWRITE };
	struct pt_child *c;
	struct pt_reply r;
	__u64 base, n;
	char v;
	int proc, sec;

	ASSERT_LT(0, pt_spawn(&self->kids, &c, NULL, NULL));
	ASSERT_EQ(NT_STATUS_SUCCESS, pt_open(c->pid, NT_PROCESS_ALL_ACCESS, &proc));
	sec = pt_section(256 * KiB, NT_SEC_RESERVE);
	ASSERT_LE(0, sec);
	ASSERT_EQ(NT_STATUS_SUCCESS, pt_map(sec, proc, &m));
	base = m.base;
	ASSERT_EQ(NT_STATUS_SUCCESS, pt_query_vm(proc, base, &info));
	EXPECT_EQ(NT_MEM_RESERVE, info.state);
	EXPECT_EQ(256 * KiB, info.region_size);
	/* Reserved pages fault in the target. */
	ASSERT_EQ(0, pt_call(c, PT_PROBE, base + NT_PAGE, 0, 0, &r));
	EXPECT_EQ(SIGSEGV, r.val);

	ASSERT_EQ(NT_STATUS_SUCCESS, pt_vm(NTSECTION_IOC_COMMIT, proc, NT_MEM_COMMIT,
					   base + NT_PAGE + 100, 10, NT_PAGE_READWRITE));
	ASSERT_EQ(NT_STATUS_SUCCESS, pt_query_vm(proc, base + NT_PAGE, &info));
	EXPECT_EQ(NT_MEM_COMMIT, info.state);
	EXPECT_EQ(NT_PAGE_READWRITE, info.protect);
	EXPECT_EQ(NT_PAGE, info.region_size);
	ASSERT_EQ(NT_STATUS_SUCCESS, pt_query_vm(proc, base, &info));
	EXPECT_EQ(NT_MEM_RESERVE, info.state);
	EXPECT_EQ(0, info.protect);
	EXPECT_EQ(NT_PAGE, info.region_size);
	/* The committed page can be touched; its neighbours still fault. */
	ASSERT_EQ(0, pt_call(c, PT_PROBE, base + NT_PAGE + 5, 0, 1 | ('k' << 8), &r));
	EXPECT_EQ(0, r.val);
	ASSERT_EQ(NT_STATUS_SUCCESS, pt_rw(NTSECTION_IOC_READ_VM, proc, base + NT_PAGE + 5,
					   &v, 1, &n));
	EXPECT_EQ('k', v);
	ASSERT_EQ(0, pt_call(c, PT_PROBE, base, 0, 0, &r));
	EXPECT_EQ(SIGSEGV, r.val);
	ASSERT_EQ(0, pt_call(c, PT_PROBE, base + 2 * NT_PAGE, 0, 1, &r));
	EXPECT_EQ(SIGSEGV, r.val);
	/* Nor can a reserved page be read from outside. */
	EXPECT_EQ(NT_STATUS_PARTIAL_COPY,
		  pt_rw(NTSECTION_IOC_READ_VM, proc, base + 3 * NT_PAGE, &v, 1, &n));
	EXPECT_EQ(0, n);

	EXPECT_EQ(NT_STATUS_UNABLE_TO_DELETE_SECTION,
		  pt_vm(NTSECTION_IOC_FREE, proc, NT_MEM_RELEASE, base, 0, 0));
	EXPECT_EQ(NT_STATUS_UNABLE_TO_DELETE_SECTION,
		  pt_vm(NTSECTION_IOC_FREE, proc, NT_MEM_DECOMMIT, base, NT_PAGE, 0));
	EXPECT_EQ(NT_STATUS_NOT_SUPPORTED,
		  pt_vm(NTSECTION_IOC_PROTECT, proc, 0, base, NT_PAGE, 0));
	ASSERT_EQ(NT_STATUS_SUCCESS, pt_query_vm(proc, base, &info));
	EXPECT_EQ(base, info.allocation_base);
	EXPECT_EQ(NT_STATUS_SUCCESS, pt_unmap(proc, base));
	close(proc);
	close(sec);
}

/* 4. NtReadVirtualMemory and NtWriteVirtualMemory. */
TEST_F(process, read_write_vm)
{
	char *area, *none, buf[3 * NT_PAGE], big[2 * NT_PAGE];
	struct pt_child *c;
	struct pt_reply r;
	__u64 n, a;
	int proc, i;

	/* Pages 0-1 read-write, 2 read-only, 3 unmapped; in the child as here. */
	area = mmap(NULL, 4 * NT_PAGE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS,
		    -1, 0);
	ASSERT_NE(MAP_FAILED, area);
	memset(area, 'P', 2 * NT_PAGE);
	memset(area + 2 * NT_PAGE, 'R', NT_PAGE);
	ASSERT_EQ(0, mprotect(area + 2 * NT_PAGE, NT_PAGE, PROT_READ));
	ASSERT_EQ(0, munmap(area + 3 * NT_PAGE, NT_PAGE));
	none = mmap(NULL, NT_PAGE, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	ASSERT_NE(MAP_FAILED, none);
	a = (uintptr_t)area;

	ASSERT_LT(0, pt_spawn(&self->kids, &c, NULL, NULL));
	ASSERT_EQ(0, pt_call(c, PT_FILL, a, 2 * NT_PAGE, 'C', &r));
	ASSERT_EQ(NT_STATUS_SUCCESS, pt_open(c->pid, NT_PROCESS_VM_READ | NT_PROCESS_VM_WRITE,
					     &proc));

	/* The child's pages, not ours. */
	ASSERT_EQ(NT_STATUS_SUCCESS, pt_rw(NTSECTION_IOC_READ_VM, proc, a, big, sizeof(big), &n));
	EXPECT_EQ(sizeof(big), n);
	for (i = 0; i < (int)sizeof(big) && big[i] == 'C'; i++)
		;
	EXPECT_EQ(sizeof(big), i);
	/* Into the unmapped page: the readable prefix (the read-only page too). */
	memset(buf, 0, sizeof(buf));
	EXPECT_EQ(NT_STATUS_PARTIAL_COPY,
		  pt_rw(NTSECTION_IOC_READ_VM, proc, a + NT_PAGE + 100, buf, 3 * NT_PAGE, &n));
	EXPECT_EQ(2 * NT_PAGE - 100, n);
	EXPECT_EQ('C', buf[0]);
	EXPECT_EQ('R', buf[2 * NT_PAGE - 101]);
	EXPECT_EQ(NT_STATUS_PARTIAL_COPY,
		  pt_rw(NTSECTION_IOC_READ_VM, proc, a + 3 * NT_PAGE, buf, 100, &n));
	EXPECT_EQ(0, n);
	EXPECT_EQ(NT_STATUS_PARTIAL_COPY,
		  pt_rw(NTSECTION_IOC_READ_VM, proc, (uintptr_t)none, buf, 10, &n));
	EXPECT_EQ(0, n);
	/* The read-only page cannot be written; it stays as it was. */
	memset(buf, 'W', sizeof(buf));
	EXPECT_EQ(NT_STATUS_PARTIAL_COPY,
		  pt_rw(NTSECTION_IOC_WRITE_VM, proc, a + 2 * NT_PAGE, buf, 10, &n));
	EXPECT_EQ(0, n);
	EXPECT_EQ(NT_STATUS_PARTIAL_COPY,
		  pt_rw(NTSECTION_IOC_WRITE_VM, proc, a + 2 * NT_PAGE - 4, buf, 10, &n));
	EXPECT_EQ(4, n);
	ASSERT_EQ(0, pt_call(c, PT_READ, a + 2 * NT_PAGE - 8, 16, 0, &r));
	EXPECT_EQ(0, memcmp(r.data, "CCCCWWWWRRRRRRRR", 16));
	/* A write the child sees, and we do not. */
	ASSERT_EQ(NT_STATUS_SUCCESS,
		  pt_rw(NTSECTION_IOC_WRITE_VM, proc, a + NT_PAGE - 3, "remote", 6, &n));
	EXPECT_EQ(6, n);
	ASSERT_EQ(0, pt_call(c, PT_READ, a + NT_PAGE - 3, 6, 0, &r));
	EXPECT_EQ(0, memcmp(r.data, "remote", 6));
	EXPECT_EQ('P', area[NT_PAGE]);
	/* The caller's buffer faults: ACCESS_VIOLATION. */
	EXPECT_EQ(NT_STATUS_ACCESS_VIOLATION,
		  pt_rw(NTSECTION_IOC_READ_VM, proc, a, NULL, 10, &n));
	EXPECT_EQ(NT_STATUS_ACCESS_VIOLATION,
		  pt_rw(NTSECTION_IOC_READ_VM, proc, a, area + 2 * NT_PAGE, 10, &n));
	EXPECT_EQ(NT_STATUS_ACCESS_VIOLATION,
		  pt_rw(NTSECTION_IOC_WRITE_VM, proc, a, area + 3 * NT_PAGE, 10, &n));
	EXPECT_EQ(NT_STATUS_ACCESS_VIOLATION,
		  pt_rw(NTSECTION_IOC_WRITE_VM, proc, a, (void *)NTS_KERNEL_PTR, 10, &n));
	/* Size 0; NumberOfBytes NULL. */
	EXPECT_EQ(NT_STATUS_SUCCESS, pt_rw(NTSECTION_IOC_READ_VM, proc, a, buf, 0, &n));
	EXPECT_EQ(0, n);
	EXPECT_EQ(NT_STATUS_SUCCESS, pt_rw(NTSECTION_IOC_WRITE_VM, proc, a + 3 * NT_PAGE, buf, 0,
					   &n));
	EXPECT_EQ(0, n);
	EXPECT_EQ(NT_STATUS_SUCCESS, pt_rw(NTSECTION_IOC_READ_VM, proc, a, buf, 4, NULL));
	EXPECT_EQ(0, memcmp(buf, "CCCC", 4));
	EXPECT_EQ(NT_STATUS_PARTIAL_COPY,
		  pt_rw(NTSECTION_IOC_READ_VM, proc, a + 3 * NT_PAGE, buf, 4, NULL));
	/* NtCurrentProcess(): the caller's own memory. */
	EXPECT_EQ(NT_STATUS_SUCCESS, pt_rw(NTSECTION_IOC_READ_VM, NTSECTION_CURRENT_PROCESS,
					   a + NT_PAGE, buf, 8, &n));
	EXPECT_EQ(8, n);
	EXPECT_EQ(0, memcmp(buf, "PPPPPPPP", 8));
	EXPECT_EQ(NT_STATUS_SUCCESS, pt_rw(NTSECTION_IOC_WRITE_VM, NTSECTION_CURRENT_PROCESS,
					   a + 10, "local", 5, &n));
	EXPECT_EQ(5, n);
	EXPECT_EQ(0, memcmp(area + 10, "local", 5));
	EXPECT_EQ(NT_STATUS_PARTIAL_COPY, pt_rw(NTSECTION_IOC_WRITE_VM, NTSECTION_CURRENT_PROCESS,
						a + 2 * NT_PAGE, "x", 1, &n));
	EXPECT_EQ(0, n);
	EXPECT_EQ(NT_STATUS_PARTIAL_COPY, pt_rw(NTSECTION_IOC_READ_VM, NTSECTION_CURRENT_PROCESS,
						a + 3 * NT_PAGE - 2, buf, 4, &n));
	EXPECT_EQ(2, n);
	close(proc);
	munmap(area, 3 * NT_PAGE);
	munmap(none, NT_PAGE);
}

/* 5. NtOpenProcess's arguments. */
TEST_F(process, open_process_arguments)
{
	struct nts_oa named;
	struct pt_child *a, *b;
	__u32 access;
	long pid, pid_max;
	pid_t gone;
	FILE *f;
	int fd;

	ASSERT_LT(0, pt_spawn(&self->kids, &a, NULL, NULL));
	ASSERT_LT(0, pt_spawn(&self->kids, &b, NULL, NULL));
	/* A pid nobody has: a reaped child's (checked free), and pid_max. */
	gone = fork();
	ASSERT_LE(0, gone);
	if (!gone)
		_exit(0);
	ASSERT_EQ(gone, waitpid(gone, NULL, 0));
	if (kill(gone, 0) && errno == ESRCH)
		EXPECT_EQ(NT_STATUS_INVALID_CID, pt_open(gone, NT_PROCESS_ALL_ACCESS, &fd));
	f = fopen("/proc/sys/kernel/pid_max", "r");
	ASSERT_NE(NULL, f);
	ASSERT_EQ(1, fscanf(f, "%ld", &pid_max));
	fclose(f);
	EXPECT_EQ(NT_STATUS_INVALID_CID, pt_open(pid_max, NT_PROCESS_ALL_ACCESS, &fd));
	EXPECT_EQ(NT_STATUS_INVALID_CID, pt_open(0, NT_PROCESS_ALL_ACCESS, &fd));
	/* OBJECT_ATTRIBUTES NULL; CLIENT_ID NULL; an ObjectName. */
	EXPECT_EQ(NT_STATUS_ACCESS_VIOLATION,
		  pt_open_ex(a->pid, 0, NT_PROCESS_ALL_ACCESS, &fd, NULL, 1, 0));
	EXPECT_EQ(NT_STATUS_INVALID_PARAMETER_MIX,
		  pt_open_ex(a->pid, 0, NT_PROCESS_ALL_ACCESS, &fd, NULL, 0, 1));
	EXPECT_EQ(NT_STATUS_INVALID_PARAMETER_MIX,
		  pt_open_ex(a->pid, 0, NT_PROCESS_ALL_ACCESS, &fd,
			     nts_oa_init(&named, "\\BaseNamedObjects\\proc", 0, 0), 0, 0));
	/* UniqueThread: a thread of another process, of the process, alone. */
	EXPECT_EQ(NT_STATUS_INVALID_CID,
		  pt_open_ex(a->pid, b->pid, NT_PROCESS_ALL_ACCESS, &fd, NULL, 0, 0));
	ASSERT_EQ(NT_STATUS_SUCCESS,
		  pt_open_ex(b->pid, b->pid, NT_PROCESS_ALL_ACCESS, &fd, NULL, 0, 0));
	ASSERT_EQ(0, pt_fdinfo(fd, &pid, &access));
	EXPECT_EQ(b->pid, pid);
	EXPECT_EQ(NT_PROCESS_ALL_ACCESS, access);
	close(fd);
	ASSERT_EQ(NT_STATUS_SUCCESS,
		  pt_open_ex(0, b->pid, NT_PROCESS_VM_READ, &fd, NULL, 0, 0));
	ASSERT_EQ(0, pt_fdinfo(fd, &pid, &access));
	EXPECT_EQ(b->pid, pid);
	EXPECT_EQ(NT_PROCESS_VM_READ, access);
	close(fd);
	/* OBJ_INHERIT: a handle that survives execve(). */
	nts_oa_init(&named, NULL, NT_OBJ_INHERIT, 0);
	ASSERT_EQ(NT_STATUS_SUCCESS,
		  pt_open_ex(a->pid, 0, NT_PROCESS_VM_READ, &fd, &named.oa, 0, 0));
	EXPECT_EQ(0, fcntl(fd, F_GETFD) & FD_CLOEXEC);
	close(fd);
}

/* 5. What each access right allows. */
TEST_F(process, access_rights)
{
	struct ntsection_vm_info info;
	struct nts_map m = { .protect = NT_PAGE_READWRITE };
	struct pt_child *c;
	__u32 access;
	__u64 n, base;
	char v[4];
	int q, rd, op, gr, sec;

	ASSERT_LT(0, pt_spawn(&self->kids, &c, NULL, NULL));
	sec = pt_section(NT_GRAN, NT_SEC_COMMIT);
	ASSERT_LE(0, sec);
	ASSERT_EQ(NT_STATUS_SUCCESS, pt_open(c->pid, NT_PROCESS_QUERY_INFORMATION, &q));
	ASSERT_EQ(NT_STATUS_SUCCESS, pt_open(c->pid, NT_PROCESS_VM_OPERATION, &op));
	ASSERT_EQ(NT_STATUS_SUCCESS, pt_open(c->pid, NT_PROCESS_VM_READ, &rd));
	ASSERT_EQ(NT_STATUS_SUCCESS, pt_open(c->pid, NT_GENERIC_READ, &gr));

	/* QUERY_INFORMATION: queries only. */
	EXPECT_EQ(NT_STATUS_ACCESS_DENIED, pt_map(sec, q, &m));
	EXPECT_EQ(NT_STATUS_SUCCESS, pt_query_vm(q, NT_GRAN, &info));
	EXPECT_EQ(NT_STATUS_ACCESS_DENIED, pt_rw(NTSECTION_IOC_READ_VM, q, NT_GRAN, v, 1, &n));
	/* VM_OPERATION: maps, but reads and queries nothing. */
	ASSERT_EQ(NT_STATUS_SUCCESS, pt_map(sec, op, &m));
	base = m.base;
	EXPECT_EQ(NT_STATUS_ACCESS_DENIED, pt_rw(NTSECTION_IOC_READ_VM, op, base, v, 1, &n));
	EXPECT_EQ(NT_STATUS_ACCESS_DENIED, pt_query_vm(op, base, &info));
	/* VM_READ: reads, does not write, map, unmap or query. */
	EXPECT_EQ(NT_STATUS_SUCCESS, pt_rw(NTSECTION_IOC_READ_VM, rd, base, v, 1, &n));
	EXPECT_EQ(NT_STATUS_ACCESS_DENIED, pt_rw(NTSECTION_IOC_WRITE_VM, rd, base, v, 1, &n));
	EXPECT_EQ(NT_STATUS_ACCESS_DENIED, pt_unmap(rd, base));
	EXPECT_EQ(NT_STATUS_ACCESS_DENIED, pt_query_vm(rd, base, &info));
	/* GENERIC_READ: VM_READ and the queries (the process generic mapping). */
	ASSERT_EQ(0, pt_fdinfo(gr, NULL, &access));
	EXPECT_EQ(NT_PROCESS_VM_READ | NT_PROCESS_QUERY_INFORMATION |
		  NT_PROCESS_QUERY_LIMITED_INFORMATION | 0x00020000u, access);
	EXPECT_EQ(NT_STATUS_SUCCESS, pt_rw(NTSECTION_IOC_READ_VM, gr, base, v, 1, &n));
	EXPECT_EQ(NT_STATUS_SUCCESS, pt_query_vm(gr, base, &info));
	EXPECT_EQ(base, info.allocation_base);
	EXPECT_EQ(NT_STATUS_ACCESS_DENIED, pt_rw(NTSECTION_IOC_WRITE_VM, gr, base, v, 1, &n));
	EXPECT_EQ(NT_STATUS_ACCESS_DENIED, pt_unmap(gr, base));
	EXPECT_EQ(NT_STATUS_ACCESS_DENIED,
		  pt_vm(NTSECTION_IOC_COMMIT, gr, NT_MEM_COMMIT, base, NT_PAGE, NT_PAGE_READWRITE));
	EXPECT_EQ(NT_STATUS_SUCCESS, pt_unmap(op, base));
	close(q);
	close(op);
	close(rd);
	close(gr);
	close(sec);
}

/* Setups of servants: another identity. */
static int pt_become(uid_t uid, gid_t gid, int dumpable)
{
	if (setgroups(0, NULL) || setresgid(gid, gid, gid) || setresuid(uid, uid, uid))
		return 1;
	/* A change of credentials made it non-dumpable, and cleared this. */
	if (prctl(PR_SET_DUMPABLE, dumpable) || prctl(PR_SET_PDEATHSIG, SIGKILL))
		return 2;
	return 0;
}

static int pt_as_65533(void *arg)
{
	return pt_become(65533, 65533, 1);
}

static int pt_as_65534(void *arg)
{
	return pt_become(65534, 65534, 1);
}

static int pt_as_65534_undumpable(void *arg)
{
	return pt_become(65534, 65534, 0);
}

static int pt_undumpable(void *arg)
{
	return prctl(PR_SET_DUMPABLE, 0);
}

/* NtQueryVirtualMemory(@info_class) of another process, the classes the kernel writes. */
static __u32 pt_query_vm_info(int proc, __u64 addr, __u32 info_class, void *buf, __u64 length)
{
	struct ntsection_query_vm_args a = {
		.process_fd = (__u32)proc, .info_class = info_class, .address = addr,
		.buffer = (uintptr_t)buf, .length = length, .status = 0xdeadbeef,
	};
	int rc = ioctl(nts_device(), NTSECTION_IOC_QUERY_VM_INFO, &a);

	nts_check_rc(rc, a.status);
	return a.status;
}

/*
 * An image section mapped into a child: the image path (an object, regions
 * of their own protections, the exec probe) runs in the child, and every
 * query class answers for the child.
 */
TEST_F(process, remote_image_view)
{
	struct nts_create cr = { .access = NT_SECTION_ALL_ACCESS, .attrs = NT_SEC_IMAGE,
				 .protect = NT_PAGE_EXECUTE_WRITECOPY };
	struct ntsection_memory_image_information mii;
	struct ntsection_vm_info info;
	unsigned char code[16], name[512];
	struct nts_map m = { .protect = NT_PAGE_EXECUTE_WRITECOPY }, d;
	struct pt_child *c;
	struct img img;
	int proc, sec, data;
	__u64 n, base;

	ASSERT_LT(0, pt_spawn(&self->kids, &c, NULL, NULL));
	ASSERT_EQ(NT_STATUS_SUCCESS, pt_open(c->pid, NT_PROCESS_ALL_ACCESS, &proc));
	img_init(&img, 0);
	cr.file_fd = img_file(&img);
	ASSERT_LE(0, cr.file_fd);
	ASSERT_EQ(NT_STATUS_SUCCESS, nts_create_ex(&cr, &sec));
	close(cr.file_fd);
	/* At the image's base, or elsewhere if the child has something there. */
	m.base = 0;
	ASSERT_LE(0, (__s32)pt_map(sec, proc, &m));
	EXPECT_EQ(0, m.base % NT_GRAN);
	EXPECT_EQ(0x2000, m.size);
	base = m.base;
	ASSERT_EQ(NT_STATUS_SUCCESS, pt_query_vm(proc, m.base + 0x1000, &info));
	EXPECT_EQ(NT_MEM_IMAGE, info.type);
	EXPECT_EQ(m.base, info.allocation_base);
	EXPECT_EQ(NT_PAGE_EXECUTE_READ, info.protect);
	ASSERT_EQ(NT_STATUS_SUCCESS, pt_query_vm(proc, m.base, &info));
	EXPECT_EQ(NT_PAGE_READONLY, info.protect);
	memset(&mii, 0xa5, sizeof(mii));
	ASSERT_EQ(NT_STATUS_SUCCESS, pt_query_vm_info(proc, m.base + 0x1000,
						      NT_MEMORY_IMAGE_INFORMATION, &mii,
						      sizeof(mii)));
	EXPECT_EQ(m.base, mii.image_base);
	EXPECT_EQ(0x2000, mii.size_of_image);
	EXPECT_EQ(0, mii.image_flags);
	EXPECT_EQ(NT_STATUS_SUCCESS, pt_query_vm_info(proc, m.base,
						      NT_MEMORY_MAPPED_FILENAME_INFORMATION, name,
						      sizeof(name)));
	/* The code the child would run, read from it: the file's bytes. */
	ASSERT_EQ(NT_STATUS_SUCCESS, pt_rw(NTSECTION_IOC_READ_VM, proc, m.base + 0x1000, code,
					   sizeof(code), &n));
	EXPECT_EQ(sizeof(code), n);
	EXPECT_EQ(0xcc, code[0]);
	EXPECT_EQ(0xcc, code[15]);
	/* Code is not writable from outside either (no FOLL_FORCE). */
	EXPECT_EQ(NT_STATUS_PARTIAL_COPY, pt_rw(NTSECTION_IOC_WRITE_VM, proc, m.base + 0x1000,
						code, 1, &n));
	EXPECT_EQ(0, n);
	/* A pagefile view of the child has no file name. */
	data = pt_section(NT_GRAN, NT_SEC_COMMIT);
	ASSERT_LE(0, data);
	d = (struct nts_map){ .protect = NT_PAGE_READWRITE };
	ASSERT_EQ(NT_STATUS_SUCCESS, pt_map(data, proc, &d));
	EXPECT_EQ(NT_STATUS_FILE_INVALID,
		  pt_query_vm_info(proc, d.base, NT_MEMORY_MAPPED_FILENAME_INFORMATION, name,
				   sizeof(name)));
	EXPECT_EQ(NT_STATUS_SUCCESS, pt_unmap(proc, d.base));
	/* Any address of the image view unmaps all of it, in the child. */
	EXPECT_EQ(NT_STATUS_SUCCESS, pt_unmap(proc, base + 0x1000));
	ASSERT_EQ(NT_STATUS_SUCCESS, pt_query_vm(proc, base, &info));
	EXPECT_EQ(NT_MEM_FREE, info.state);
	close(data);
	close(sec);
	close(proc);
}

/*
 * A child of the calling process that waits in pause() (dumpable or not),
 * once it is ready; -1 on failure.
 */
static pid_t pt_own_child(int dumpable)
{
	int p[2];
	pid_t pid;
	char c;

	if (pipe(p))
		return -1;
	pid = fork();
	if (!pid) {
		close(p[0]);
		if (!dumpable && prctl(PR_SET_DUMPABLE, 0))
			_exit(1);
		if (write(p[1], "x", 1) != 1)
			_exit(1);
		for (;;)
			pause();
	}
	close(p[1]);
	if (pid > 0 && read(p[0], &c, 1) != 1) {
		kill(pid, SIGKILL);
		pid = -1;
	}
	close(p[0]);
	return pid;
}

/*
 * 5. Who may open whom: ptrace attach with real credentials, and Yama's
 * descendants-only rule (the module always applies it).
 */
TEST_F(process, credentials)
{
	struct pt_child *other, *root, *same, *same_nd, *root_nd;
	struct nts_map m = { .protect = NT_PAGE_READWRITE };
	pid_t opener, mine = -1, mine_nd = -1;
	int st, fd, sec;

	if (geteuid())
		SKIP(return, "needs root (to become two other users)");
	ASSERT_LT(0, pt_spawn(&self->kids, &other, pt_as_65533, NULL));
	ASSERT_LT(0, pt_spawn(&self->kids, &root, NULL, NULL));
	ASSERT_LT(0, pt_spawn(&self->kids, &same, pt_as_65534, NULL));
	ASSERT_LT(0, pt_spawn(&self->kids, &same_nd, pt_as_65534_undumpable, NULL));
	ASSERT_LT(0, pt_spawn(&self->kids, &root_nd, pt_undumpable, NULL));
	opener = fork();
	ASSERT_LE(0, opener);
	if (!opener) {
		prctl(PR_SET_PDEATHSIG, SIGKILL);
		if (pt_become(65534, 65534, 1))
			_exit(10);
		self->shm->status[0] = pt_open(other->pid, NT_PROCESS_ALL_ACCESS, &fd);
		self->shm->status[1] = pt_open(root->pid, NT_PROCESS_QUERY_INFORMATION, &fd);
		/* The same user, not a descendant: Yama's ptrace_scope 1. */
		self->shm->status[2] = pt_open(same->pid, NT_PROCESS_ALL_ACCESS, &fd);
		mine = pt_own_child(1);
		mine_nd = pt_own_child(0);
		self->shm->value[0] = mine;
		self->shm->value[1] = mine_nd;
		self->shm->status[6] = pt_open(mine, NT_PROCESS_ALL_ACCESS, &fd);
		sec = pt_section(NT_GRAN, NT_SEC_COMMIT);
		self->shm->status[3] = sec < 0 ? 1 : pt_map(sec, fd, &m);
		self->shm->addr = m.base;
		self->shm->status[4] = pt_open(same_nd->pid, NT_PROCESS_VM_READ, &fd);
		self->shm->status[5] = pt_open(root_nd->pid, NT_PROCESS_VM_READ, &fd);
		self->shm->status[7] = pt_open(mine_nd, NT_PROCESS_VM_READ, &fd);
		_exit(nts_errno_mismatch ? 11 : 0);
	}
	ASSERT_EQ(opener, waitpid(opener, &st, 0));
	mine = (pid_t)self->shm->value[0];
	mine_nd = (pid_t)self->shm->value[1];
	ASSERT_TRUE(WIFEXITED(st));
	ASSERT_EQ(0, WEXITSTATUS(st));
	EXPECT_EQ(NT_STATUS_ACCESS_DENIED, self->shm->status[0]);
	EXPECT_EQ(NT_STATUS_ACCESS_DENIED, self->shm->status[1]);
	EXPECT_EQ(NT_STATUS_ACCESS_DENIED, self->shm->status[2]);
	EXPECT_EQ(NT_STATUS_SUCCESS, self->shm->status[6]);
	EXPECT_EQ(NT_STATUS_SUCCESS, self->shm->status[3]);
	EXPECT_EQ(NT_STATUS_ACCESS_DENIED, self->shm->status[4]);
	EXPECT_EQ(NT_STATUS_ACCESS_DENIED, self->shm->status[5]);
	EXPECT_EQ(NT_STATUS_ACCESS_DENIED, self->shm->status[7]);
	/* The view the opener put in its child outlives it, in the child. */
	if (mine > 0 && self->shm->status[3] == NT_STATUS_SUCCESS) {
		struct ntsection_vm_info info;

		ASSERT_EQ(NT_STATUS_SUCCESS, pt_open(mine, NT_PROCESS_QUERY_INFORMATION, &fd));
		ASSERT_EQ(NT_STATUS_SUCCESS, pt_query_vm(fd, self->shm->addr, &info));
		EXPECT_EQ(NT_MEM_MAPPED, info.type);
		EXPECT_EQ(self->shm->addr, info.allocation_base);
		close(fd);
	}
	/* Root (CAP_SYS_PTRACE) opens them all, non-dumpable ones too. */
	EXPECT_EQ(NT_STATUS_SUCCESS, pt_open(other->pid, NT_PROCESS_ALL_ACCESS, &fd));
	close(fd);
	EXPECT_EQ(NT_STATUS_SUCCESS, pt_open(same->pid, NT_PROCESS_ALL_ACCESS, &fd));
	close(fd);
	EXPECT_EQ(NT_STATUS_SUCCESS, pt_open(same_nd->pid, NT_PROCESS_ALL_ACCESS, &fd));
	close(fd);
	EXPECT_EQ(NT_STATUS_SUCCESS, pt_open(root_nd->pid, NT_PROCESS_ALL_ACCESS, &fd));
	close(fd);
	/* The opener's children went to init, which reaps them. */
	if (mine > 0)
		kill(mine, SIGKILL);
	if (mine_nd > 0)
		kill(mine_nd, SIGKILL);
}

/*
 * 5. A target in the parent PID namespace, reached by pidfd from a process
 * in a child namespace; by pid it is out of reach.
 */
TEST_F(process, pidfd_across_pid_namespaces)
{
	struct pt_child *c;
	struct pt_reply r;
	pid_t opener, inner;
	int pidfd, st;

	if (geteuid())
		SKIP(return, "needs root (unshare(CLONE_NEWPID))");
	ASSERT_LT(0, pt_spawn(&self->kids, &c, NULL, NULL));
	pidfd = syscall(SYS_pidfd_open, c->pid, 0);
	if (pidfd < 0)
		SKIP(return, "no pidfd_open(): %s", strerror(errno));
	self->shm->status[0] = 0xdeadbeef;
	opener = fork();
	ASSERT_LE(0, opener);
	if (!opener) {
		prctl(PR_SET_PDEATHSIG, SIGKILL);
		if (unshare(CLONE_NEWPID))
			_exit(20);
		inner = fork();
		if (inner < 0)
			_exit(21);
		if (!inner) {
			struct nts_map m = { .protect = NT_PAGE_READWRITE };
			char *local;
			long seen;
			int fd, sec;

			prctl(PR_SET_PDEATHSIG, SIGKILL);
			if (getpid() != 1)
				_exit(22);
			self->shm->status[0] = pt_open_pidfd(pidfd, NT_PROCESS_ALL_ACCESS, &fd);
			if (self->shm->status[0])
				_exit(0);
			sec = pt_section(NT_GRAN, NT_SEC_COMMIT);
			self->shm->status[1] = sec < 0 ? 1 : pt_map(sec, fd, &m);
			local = nts_map(sec, NT_PAGE_READWRITE, NULL);
			if (!local)
				_exit(23);
			memcpy(local, pt_msg, sizeof(pt_msg));
			self->shm->addr = m.base;
			/* The handle's process is not in this namespace: pid 0. */
			self->shm->value[0] = pt_fdinfo(fd, &seen, NULL) ? -1 : seen;
			/* By its number: nobody, or someone of this namespace. */
			self->shm->status[2] = pt_open(c->pid, NT_PROCESS_ALL_ACCESS, &fd);
			self->shm->value[1] = -1;
			if (!self->shm->status[2])
				self->shm->value[1] = pt_fdinfo(fd, &seen, NULL) ? -1 : seen;
			_exit(nts_errno_mismatch ? 24 : 0);
		}
		if (waitpid(inner, &st, 0) != inner)
			_exit(25);
		_exit(WIFEXITED(st) ? WEXITSTATUS(st) : 26);
	}
	ASSERT_EQ(opener, waitpid(opener, &st, 0));
	ASSERT_TRUE(WIFEXITED(st));
	ASSERT_EQ(0, WEXITSTATUS(st));
	ASSERT_EQ(NT_STATUS_SUCCESS, self->shm->status[0]);
	ASSERT_EQ(NT_STATUS_SUCCESS, self->shm->status[1]);
	EXPECT_EQ(0, self->shm->value[0]);
	if (self->shm->status[2] == NT_STATUS_SUCCESS) {
		/* Someone of its own namespace (the target would show as pid 0). */
		EXPECT_EQ(c->pid, (long)self->shm->value[1]);
	} else {
		EXPECT_EQ(NT_STATUS_INVALID_CID, self->shm->status[2]);
	}
	/* The view survives its maker, whose namespace is gone: in the target. */
	ASSERT_EQ(0, pt_call(c, PT_READ, self->shm->addr, sizeof(pt_msg), 0, &r));
	EXPECT_STREQ(pt_msg, (char *)r.data);
	close(pidfd);
}

/* 5. Handles that are no process handles. */
TEST_F(process, not_process_handles)
{
	struct ntsection_vm_info info;
	struct nts_map m = { .protect = NT_PAGE_READWRITE };
	struct pt_child *c;
	__u64 n;
	char v;
	int pidfd, self_pidfd, sec, closed, file;

	ASSERT_LT(0, pt_spawn(&self->kids, &c, NULL, NULL));
	pidfd = syscall(SYS_pidfd_open, c->pid, 0);
	if (pidfd < 0)
		SKIP(return, "no pidfd_open(): %s", strerror(errno));
	sec = pt_section(NT_GRAN, NT_SEC_COMMIT);
	ASSERT_LE(0, sec);
	file = open("/proc/self/status", O_RDONLY | O_CLOEXEC);
	ASSERT_LE(0, file);
	closed = dup(sec);
	ASSERT_LE(0, closed);
	close(closed);

	EXPECT_EQ(NT_STATUS_OBJECT_TYPE_MISMATCH, pt_map(sec, pidfd, &m));
	EXPECT_EQ(NT_STATUS_OBJECT_TYPE_MISMATCH, pt_query_vm(pidfd, NT_GRAN, &info));
	EXPECT_EQ(NT_STATUS_OBJECT_TYPE_MISMATCH,
		  pt_rw(NTSECTION_IOC_READ_VM, pidfd, NT_GRAN, &v, 1, &n));
	EXPECT_EQ(NT_STATUS_OBJECT_TYPE_MISMATCH, pt_unmap(pidfd, NT_GRAN));
	EXPECT_EQ(NT_STATUS_OBJECT_TYPE_MISMATCH, pt_map(sec, sec, &m));
	EXPECT_EQ(NT_STATUS_OBJECT_TYPE_MISMATCH,
		  pt_rw(NTSECTION_IOC_READ_VM, sec, NT_GRAN, &v, 1, &n));
	EXPECT_EQ(NT_STATUS_OBJECT_TYPE_MISMATCH, pt_map(sec, file, &m));
	EXPECT_EQ(NT_STATUS_INVALID_HANDLE, pt_map(sec, closed, &m));
	EXPECT_EQ(NT_STATUS_INVALID_HANDLE, pt_query_vm(closed, NT_GRAN, &info));
	EXPECT_EQ(NT_STATUS_INVALID_HANDLE,
		  pt_rw(NTSECTION_IOC_WRITE_VM, closed, NT_GRAN, &v, 1, &n));
	EXPECT_EQ(NT_STATUS_INVALID_HANDLE, pt_unmap(closed, NT_GRAN));
	/* A pidfd of the caller's own process is the caller. */
	self_pidfd = syscall(SYS_pidfd_open, getpid(), 0);
	ASSERT_LE(0, self_pidfd);
	m = (struct nts_map){ .protect = NT_PAGE_READWRITE };
	ASSERT_EQ(NT_STATUS_SUCCESS, pt_map(sec, self_pidfd, &m));
	PT_SET(*(char *)(uintptr_t)m.base, 1);
	EXPECT_EQ(NT_STATUS_SUCCESS, pt_unmap(self_pidfd, m.base));
	/* NTSECTION_PROCESS_PIDFD with a fd that is no pidfd. */
	EXPECT_EQ(NT_STATUS_OBJECT_TYPE_MISMATCH, pt_open_pidfd(sec, NT_PROCESS_ALL_ACCESS, &file));
	close(self_pidfd);
	close(pidfd);
	close(sec);
}

/* 6. A target that exited: a zombie, then reaped. */
TEST_F(process, exited_target)
{
	struct ntsection_vm_info info;
	struct nts_map m = { .protect = NT_PAGE_READWRITE };
	struct pt_counts start;
	struct pt_child *c;
	siginfo_t si;
	__u64 n;
	char v;
	int proc, other, sec, round;

	pt_counts(&start);
	ASSERT_LE(0, start.process_handles);
	sec = pt_section(NT_GRAN, NT_SEC_COMMIT);
	ASSERT_LE(0, sec);
	for (round = 0; round < 2; round++) {
		ASSERT_LT(0, pt_spawn(&self->kids, &c, NULL, NULL));
		ASSERT_EQ(NT_STATUS_SUCCESS, pt_open(c->pid, NT_PROCESS_ALL_ACCESS, &proc));
		ASSERT_EQ(NT_STATUS_SUCCESS, pt_map(sec, proc, &m));
		ASSERT_EQ(0, pt_send(c, PT_EXIT, 0, 0, 0));
		/* A zombie (waited for without reaping), then (round 1) reaped. */
		ASSERT_EQ(0, waitid(P_PID, c->pid, &si, WEXITED | WNOWAIT));
		if (round) {
			ASSERT_EQ(c->pid, waitpid(c->pid, NULL, 0));
			pt_reaped(c);
		} else {
			EXPECT_EQ(NT_STATUS_PROCESS_IS_TERMINATING,
				  pt_open(c->pid, NT_PROCESS_ALL_ACCESS, &other));
		}
		EXPECT_EQ(NT_STATUS_PROCESS_IS_TERMINATING, pt_map(sec, proc, &m));
		EXPECT_EQ(NT_STATUS_PROCESS_IS_TERMINATING, pt_unmap(proc, m.base));
		EXPECT_EQ(NT_STATUS_PROCESS_IS_TERMINATING, pt_query_vm(proc, m.base, &info));
		/* The handle is good: *NumberOfBytesRead is written, 0 (uapi header). */
		EXPECT_EQ(NT_STATUS_PROCESS_IS_TERMINATING,
			  pt_rw(NTSECTION_IOC_READ_VM, proc, m.base, &v, 1, &n));
		EXPECT_EQ(0, n);
		EXPECT_EQ(NT_STATUS_PROCESS_IS_TERMINATING,
			  pt_rw(NTSECTION_IOC_WRITE_VM, proc, m.base, &v, 1, &n));
		EXPECT_EQ(NT_STATUS_PROCESS_IS_TERMINATING,
			  pt_vm(NTSECTION_IOC_COMMIT, proc, NT_MEM_COMMIT, m.base, NT_PAGE,
				NT_PAGE_READWRITE));
		close(proc);
		if (!round) {
			ASSERT_EQ(c->pid, waitpid(c->pid, NULL, 0));
			pt_reaped(c);
		}
	}
	close(sec);
	EXPECT_EQ(0, pt_counts_back(&start, 10));
}

/* The program re-executed by exec_target: it tells, and waits to be killed. */
static void __attribute__((constructor)) pt_exec_image(void)
{
	const char *fd = getenv("NTS_PROCESS_TEST_EXEC");
	char c = 'e';

	if (!fd)
		return;
	if (write(atoi(fd), &c, 1) != 1)
		_exit(1);
	for (;;)
		pause();
}

/* 6. A handle names the address space it was opened on: not the next image. */
TEST_F(process, exec_target)
{
	struct ntsection_vm_info info;
	struct nts_map m = { .protect = NT_PAGE_READWRITE };
	struct pt_child *c;
	int go[2], done[2], proc, fresh, sec;
	char env[64], v, *argv[] = { "process_test", NULL }, *envp[] = { env, NULL };
	__u64 n;

	c = pt_new(&self->kids);
	ASSERT_NE(NULL, c);
	ASSERT_EQ(0, pipe2(go, O_CLOEXEC));
	ASSERT_EQ(0, pipe(done));
	c->pid = fork();
	ASSERT_LE(0, c->pid);
	if (!c->pid) {
		pt_child_init();
		snprintf(env, sizeof(env), "NTS_PROCESS_TEST_EXEC=%d", done[1]);
		if (read(go[0], &v, 1) != 1)
			_exit(1);
		execve("/proc/self/exe", argv, envp);
		_exit(2);
	}
	close(done[1]);
	sec = pt_section(NT_GRAN, NT_SEC_COMMIT);
	ASSERT_LE(0, sec);
	ASSERT_EQ(NT_STATUS_SUCCESS, pt_open(c->pid, NT_PROCESS_ALL_ACCESS, &proc));
	ASSERT_EQ(NT_STATUS_SUCCESS, pt_query_vm(proc, NT_GRAN, &info));
	ASSERT_EQ(1, write(go[1], "g", 1));
	ASSERT_EQ(1, read(done[0], &v, 1));
	ASSERT_EQ('e', v);
	EXPECT_EQ(NT_STATUS_PROCESS_IS_TERMINATING, pt_map(sec, proc, &m));
	EXPECT_EQ(NT_STATUS_PROCESS_IS_TERMINATING, pt_query_vm(proc, NT_GRAN, &info));
	EXPECT_EQ(NT_STATUS_PROCESS_IS_TERMINATING,
		  pt_rw(NTSECTION_IOC_READ_VM, proc, (uintptr_t)&v, &v, 1, &n));
	EXPECT_EQ(NT_STATUS_PROCESS_IS_TERMINATING,
		  pt_rw(NTSECTION_IOC_WRITE_VM, proc, (uintptr_t)&v, &v, 1, &n));
	/* A handle opened now is the new image's. */
	ASSERT_EQ(NT_STATUS_SUCCESS, pt_open(c->pid, NT_PROCESS_ALL_ACCESS, &fresh));
	ASSERT_EQ(NT_STATUS_SUCCESS, pt_map(sec, fresh, &m));
	ASSERT_EQ(NT_STATUS_SUCCESS, pt_query_vm(fresh, m.base, &info));
	EXPECT_EQ(NT_MEM_MAPPED, info.type);
	EXPECT_EQ(NT_STATUS_SUCCESS, pt_unmap(fresh, m.base));
	close(fresh);
	close(proc);
	close(sec);
	close(go[0]);
	close(go[1]);
	close(done[0]);
}

/* 6. Remote calls racing the target's exit. */
TEST_F_TIMEOUT(process, race_with_exit, 300)
{
	struct nts_map m;
	struct pt_counts start;
	struct ntsection_vm_info info;
	int i, go[2], proc, sec, ok = 0, term = 0, bad = 0;
	__u32 status;
	pid_t pid;
	char v;
	__u64 n;

	pt_counts(&start);
	sec = pt_section(NT_GRAN, NT_SEC_COMMIT);
	ASSERT_LE(0, sec);
	for (i = 0; i < 200; i++) {
		ASSERT_EQ(0, pipe2(go, O_CLOEXEC));
		pid = fork();
		ASSERT_LE(0, pid);
		if (!pid) {
			pt_child_init();
			close(go[1]);
			if (read(go[0], &v, 1) < 0)
				_exit(1);
			_exit(0);
		}
		close(go[0]);
		status = pt_open(pid, NT_PROCESS_ALL_ACCESS, &proc);
		if (status) {
			kill(pid, SIGKILL);
			waitpid(pid, NULL, 0);
			ASSERT_EQ(NT_STATUS_SUCCESS, status);
		}
		close(go[1]);	/* the child exits */
		m = (struct nts_map){ .protect = NT_PAGE_READWRITE };
		switch (i % 4) {
		case 0:
		case 1:
			status = pt_map(sec, proc, &m);
			break;
		case 2:
			status = pt_query_vm(proc, NT_GRAN, &info);
			break;
		default:
			status = pt_rw(NTSECTION_IOC_READ_VM, proc, (uintptr_t)&v, &v, 1, &n);
			break;
		}
		if (status == NT_STATUS_SUCCESS && !(i % 4)) {
			status = pt_unmap(proc, m.base);
			if (status && status != NT_STATUS_PROCESS_IS_TERMINATING)
				TH_LOG("unmap: 0x%08x", status);
		}
		if (status == NT_STATUS_SUCCESS) {
			ok++;
		} else if (status == NT_STATUS_PROCESS_IS_TERMINATING) {
			term++;
		} else {
			bad++;
			TH_LOG("iteration %d: 0x%08x", i, status);
		}
		close(proc);
		ASSERT_EQ(pid, waitpid(pid, NULL, 0));
	}
	TH_LOG("%d succeeded, %d found the target terminating", ok, term);
	EXPECT_EQ(0, bad);
	close(sec);
	EXPECT_EQ(0, pt_counts_back(&start, 10));
}

/* A caller, killed by the test somewhere in its loop of remote maps. */
static void __noreturn pt_caller(struct pt_shm *shm, pid_t target)
{
	struct nts_map m;
	int proc, sec;

	pt_child_init();
	if (pt_open(target, NT_PROCESS_ALL_ACCESS, &proc))
		_exit(1);
	sec = pt_section(NT_GRAN, NT_SEC_COMMIT);
	if (sec < 0)
		_exit(2);
	for (;;) {
		m = (struct nts_map){ .protect = NT_PAGE_READWRITE };
		if (pt_map(sec, proc, &m) == NT_STATUS_SUCCESS)
			pt_unmap(proc, m.base);
		__atomic_add_fetch(&shm->count, 1, __ATOMIC_SEQ_CST);
	}
}

/* 6. The caller killed at random points of remote maps. */
TEST_F_TIMEOUT(process, caller_killed, 300)
{
	struct pt_child *running, *stopped, *t;
	struct pt_counts start;
	int round, st, i;
	pid_t caller, w;

	pt_counts(&start);
	ASSERT_LT(0, pt_spawn(&self->kids, &running, NULL, NULL));
	ASSERT_LT(0, pt_spawn(&self->kids, &stopped, NULL, NULL));
	ASSERT_EQ(0, kill(stopped->pid, SIGSTOP));
	ASSERT_EQ(stopped->pid, waitpid(stopped->pid, &st, WUNTRACED));
	srand(getpid());
	for (round = 0; round < 40; round++) {
		t = round & 1 ? stopped : running;
		PT_SET(self->shm->count, 0);
		caller = fork();
		ASSERT_LE(0, caller);
		if (!caller)
			pt_caller(self->shm, t->pid);
		/* Wait for its first loop, then a random moment. */
		for (i = 0; i < 10000 && !PT_GET(self->shm->count); i++) {
			if (waitpid(caller, &st, WNOHANG) == caller)
				break;
			usleep(1000);
		}
		ASSERT_NE(0, PT_GET(self->shm->count));
		usleep(rand() % 20000);
		ASSERT_EQ(0, kill(caller, SIGKILL));
		/* Killed in a call: it must die, in bounded time. */
		for (i = 0; i < 1000; i++) {
			w = waitpid(caller, &st, WNOHANG);
			if (w == caller)
				break;
			usleep(10000);
		}
		ASSERT_EQ(caller, w);
		EXPECT_TRUE(WIFSIGNALED(st) && WTERMSIG(st) == SIGKILL);
	}
	/* The targets took whatever the callers left in them; then they go. */
	for (i = 0; i < self->kids.nchild; i++) {
		kill(self->kids.child[i].pid, SIGKILL);
		ASSERT_EQ(self->kids.child[i].pid, waitpid(self->kids.child[i].pid, NULL, 0));
		pt_reaped(&self->kids.child[i]);
	}
	EXPECT_EQ(0, pt_counts_back(&start, 10));
}

static int pt_cg_join(void *dir)
{
	char path[192], pid[32];

	snprintf(path, sizeof(path), "%s/cgroup.procs", (char *)dir);
	snprintf(pid, sizeof(pid), "%d", getpid());
	return nts_write_str(path, pid) ? 3 : 0;
}

static long long pt_cg_current(const char *dir)
{
	char path[192], buf[64];

	snprintf(path, sizeof(path), "%s/memory.current", dir);
	if (nts_read_str(path, buf, sizeof(buf)) <= 0)
		return -1;
	return strtoll(buf, NULL, 10);
}

/*
 * 7. The pages of a view mapped into the target from outside are charged
 * to the target's memory cgroup when it touches them, and when the caller
 * writes them with NtWriteVirtualMemory: never to the caller's.
 */
TEST_F_TIMEOUT(process, memcg_charges_the_target, 120)
{
	const __u64 size = 16 * MiB, touched = 8 * MiB, written = 4 * MiB;
	struct pt_child *t, *caller;
	long long t0, t1, t2, c0, c1, c2, slack;
	char controllers[256] = "", *chunk;
	struct pt_reply r;
	__u64 base, n;
	int fd, i;

	fd = open(PT_CG_ROOT "/cgroup.controllers", O_RDONLY | O_CLOEXEC);
	if (fd >= 0) {
		ssize_t len = read(fd, controllers, sizeof(controllers) - 1);

		controllers[len > 0 ? len : 0] = 0;
		close(fd);
	}
	if (!strstr(controllers, "memory"))
		SKIP(return, "no cgroup v2 memory controller at " PT_CG_ROOT);
	ASSERT_EQ(0, nts_write_str(PT_CG_ROOT "/cgroup.subtree_control", "+memory"));
	for (i = 0; i < 2; i++) {
		snprintf(self->cg[i], sizeof(self->cg[i]), PT_CG_ROOT "/ntsection-process-%d-%c",
			 getpid(), "tc"[i]);
		ASSERT_EQ(0, mkdir(self->cg[i], 0755));
	}
	/*
	 * memory.current moves by whole batches of charges kept per CPU
	 * (MEMCG_CHARGE_BATCH, 64 pages): a cgroup's may show up to that much
	 * less than it was charged, per CPU.
	 */
	slack = sysconf(_SC_NPROCESSORS_CONF) * 64 * NT_PAGE;
	ASSERT_LT(0, pt_spawn(&self->kids, &t, pt_cg_join, self->cg[0]));
	/* The caller is a servant too: it runs the ioctls for the test. */
	caller = pt_new(&self->kids);
	ASSERT_NE(NULL, caller);
	self->shm->status[0] = 0xdeadbeef;
	PT_SET(self->shm->go, 0);
	caller->pid = fork();
	ASSERT_LE(0, caller->pid);
	if (!caller->pid) {
		struct nts_map m = { .protect = NT_PAGE_READWRITE };
		int proc, sec;

		prctl(PR_SET_PDEATHSIG, SIGKILL);
		if (pt_cg_join(self->cg[1]))
			_exit(1);
		chunk = malloc(written);
		if (!chunk)
			_exit(2);
		memset(chunk, 'w', written);
		if (pt_open(t->pid, NT_PROCESS_ALL_ACCESS, &proc))
			_exit(3);
		sec = pt_section(size, NT_SEC_COMMIT);
		if (sec < 0)
			_exit(4);
		self->shm->status[0] = pt_map(sec, proc, &m);
		close(sec);
		self->shm->addr = m.base;
		PT_SET(self->shm->spinning, 1);
		while (PT_GET(self->shm->go) != 1)
			usleep(1000);
		self->shm->status[1] = pt_rw(NTSECTION_IOC_WRITE_VM, proc, m.base + size - written,
					     chunk, written, &n);
		self->shm->value[0] = n;
		PT_SET(self->shm->spinning, 2);
		for (;;)
			pause();
	}
	for (i = 0; i < 30000 && PT_GET(self->shm->spinning) != 1; i++) {
		if (waitpid(caller->pid, NULL, WNOHANG) == caller->pid)
			break;
		usleep(1000);
	}
	ASSERT_EQ(1, PT_GET(self->shm->spinning));
	ASSERT_EQ(NT_STATUS_SUCCESS, self->shm->status[0]);
	base = self->shm->addr;

	t0 = pt_cg_current(self->cg[0]);
	c0 = pt_cg_current(self->cg[1]);
	ASSERT_LE(0, t0);
	ASSERT_LE(0, c0);
	ASSERT_EQ(0, pt_call(t, PT_TOUCH, base, 0, touched, &r));
	t1 = pt_cg_current(self->cg[0]);
	c1 = pt_cg_current(self->cg[1]);
	TH_LOG("target touched 8 MiB: target %lld -> %lld, caller %lld -> %lld", t0, t1, c0, c1);
	EXPECT_LE((long long)touched - slack, t1 - t0);
	EXPECT_GT((long long)MiB, c1 - c0);

	PT_SET(self->shm->go, 1);
	for (i = 0; i < 30000 && PT_GET(self->shm->spinning) != 2; i++)
		usleep(1000);
	ASSERT_EQ(2, PT_GET(self->shm->spinning));
	EXPECT_EQ(NT_STATUS_SUCCESS, self->shm->status[1]);
	EXPECT_EQ(written, self->shm->value[0]);
	t2 = pt_cg_current(self->cg[0]);
	c2 = pt_cg_current(self->cg[1]);
	TH_LOG("caller wrote 4 MiB: target %lld -> %lld, caller %lld -> %lld", t1, t2, c1, c2);
	EXPECT_LE((long long)written - slack, t2 - t1);
	EXPECT_GT((long long)MiB, c2 - c1);
	ASSERT_EQ(0, pt_call(t, PT_READ, base + size - written, 4, 0, &r));
	EXPECT_EQ(0, memcmp(r.data, "wwww", 4));
	/* The children go (teardown), then the directories. */
	for (i = 0; i < self->kids.nchild; i++) {
		kill(self->kids.child[i].pid, SIGKILL);
		waitpid(self->kids.child[i].pid, NULL, 0);
		pt_reaped(&self->kids.child[i]);
	}
}

/* Setup of a servant: RLIMIT_AS at its size now and 4 MiB. */
static int pt_as_room_4m(void *arg)
{
	char buf[4096], *p;
	unsigned long kib;
	struct rlimit rl;

	if (nts_read_str("/proc/self/status", buf, sizeof(buf)) <= 0)
		return 1;
	p = strstr(buf, "\nVmSize:");
	if (!p || sscanf(p, "\nVmSize: %lu", &kib) != 1)
		return 2;
	rl.rlim_cur = (kib + 4096) * 1024;
	rl.rlim_max = rl.rlim_cur;
	return setrlimit(RLIMIT_AS, &rl) ? 3 : 0;
}

/* The number of lines of /proc/PID/maps (its mappings), or -1. */
static int pt_maps_lines(pid_t pid)
{
	char path[64];
	int ch, n = 0;
	FILE *f;

	snprintf(path, sizeof(path), "/proc/%d/maps", pid);
	f = fopen(path, "r");
	if (!f)
		return -1;
	while ((ch = fgetc(f)) != EOF)
		n += ch == '\n';
	fclose(f);
	return n;
}

/*
 * 2. A kernel worker maps with its own rlimits (a kernel thread's:
 * unlimited): it must enforce the target's RLIMIT_AS itself, and a view it
 * refuses must not stay in the target. A running target maps the view
 * itself, and the kernel's own check refuses it.
 */
TEST_F(process, worker_enforces_rlimit_as)
{
	struct ntsection_vm_info info;
	struct nts_map m;
	struct pt_counts start;
	struct pt_child *c;
	struct pt_reply r;
	int proc, big, small, st, lines;

	pt_counts(&start);
	ASSERT_LT(0, pt_spawn(&self->kids, &c, pt_as_room_4m, NULL));
	ASSERT_EQ(NT_STATUS_SUCCESS, pt_open(c->pid, NT_PROCESS_ALL_ACCESS, &proc));
	big = pt_section(64 * MiB, NT_SEC_RESERVE);
	ASSERT_LE(0, big);
	small = pt_section(MiB, NT_SEC_COMMIT);
	ASSERT_LE(0, small);
	ASSERT_EQ(0, kill(c->pid, SIGSTOP));
	ASSERT_EQ(c->pid, waitpid(c->pid, &st, WUNTRACED));
	ASSERT_TRUE(WIFSTOPPED(st));

	/* Stopped: the worker maps 64 MiB where 4 MiB are left. */
	lines = pt_maps_lines(c->pid);
	ASSERT_LT(0, lines);
	m = (struct nts_map){ .protect = NT_PAGE_READWRITE };
	EXPECT_EQ(NT_STATUS_NO_MEMORY, pt_map(big, proc, &m));
	EXPECT_EQ(lines, pt_maps_lines(c->pid));
	/* 1 MiB fits. */
	m = (struct nts_map){ .protect = NT_PAGE_READWRITE };
	ASSERT_EQ(NT_STATUS_SUCCESS, pt_map(small, proc, &m));
	EXPECT_EQ(MiB, m.size);
	EXPECT_EQ(lines + 1, pt_maps_lines(c->pid));
	ASSERT_EQ(NT_STATUS_SUCCESS, pt_query_vm(proc, m.base, &info));
	EXPECT_EQ(NT_MEM_MAPPED, info.type);
	EXPECT_EQ(m.base, info.allocation_base);
	EXPECT_EQ(NT_STATUS_SUCCESS, pt_unmap(proc, m.base));
	EXPECT_EQ(lines, pt_maps_lines(c->pid));

	/* Running, blocked in read(): it maps, and vm_mmap() refuses. */
	ASSERT_EQ(0, kill(c->pid, SIGCONT));
	ASSERT_EQ(0, pt_call(c, PT_PING, 0, 0, 0, &r));
	ASSERT_EQ(0, nts_wait_in_syscall(c->pid, c->pid, SYS_read, SYS_read, 0));
	m = (struct nts_map){ .protect = NT_PAGE_READWRITE };
	EXPECT_EQ(NT_STATUS_NO_MEMORY, pt_map(big, proc, &m));
	EXPECT_EQ(lines, pt_maps_lines(c->pid));
	/* And it lives on. */
	ASSERT_EQ(0, pt_call(c, PT_PING, 0, 0, 0, &r));
	close(small);
	close(big);
	close(proc);
	ASSERT_EQ(0, kill(c->pid, SIGKILL));
	ASSERT_EQ(c->pid, waitpid(c->pid, NULL, 0));
	pt_reaped(c);
	EXPECT_EQ(0, pt_counts_back(&start, 10));
}

/*
 * In a child of the test that becomes uid and gid 65534 with no
 * capabilities: NtOpenProcess of a child of its own (also 65534), its
 * status in @shm->status[@slot]. Returns the child's exit status (0: it
 * got that far), or -1.
 */
static int pt_nobody_opens_own_child(struct pt_shm *shm, int slot)
{
	pid_t opener, mine;
	int st, fd;

	shm->status[slot] = 0xdeadbeef;
	opener = fork();
	if (opener < 0)
		return -1;
	if (!opener) {
		prctl(PR_SET_PDEATHSIG, SIGKILL);
		if (pt_become(65534, 65534, 1))
			_exit(10);
		mine = pt_own_child(1);
		if (mine < 0)
			_exit(11);
		shm->status[slot] = pt_open(mine, NT_PROCESS_ALL_ACCESS, &fd);
		kill(mine, SIGKILL);
		waitpid(mine, NULL, 0);
		_exit(nts_errno_mismatch ? 12 : 0);
	}
	if (waitpid(opener, &st, 0) != opener || !WIFEXITED(st))
		return -1;
	return WEXITSTATUS(st);
}

/*
 * 5. The kernel's ptrace check is consulted, LSMs included: under Yama's
 * ptrace_scope 2 only CAP_SYS_PTRACE may attach, so a process may not open
 * even its own child, which ptrace_scope 0 and 1 allow.
 */
TEST_F(process, yama_scope_is_consulted)
{
	struct pt_child *root, *nobody;
	char scope[16];
	int rc2, rc, fd, restored;
	__u32 root_st, nobody_st;

	if (access(PT_YAMA, F_OK))
		SKIP(return, "no Yama (%s)", PT_YAMA);
	if (geteuid())
		SKIP(return, "needs root (to set ptrace_scope, to become another user)");
	ASSERT_LT(0, nts_read_str(PT_YAMA, scope, sizeof(scope)));
	scope[strcspn(scope, "\n")] = 0;
	if (strcmp(scope, "0") && strcmp(scope, "1"))
		SKIP(return, "ptrace_scope is %s, not 0 or 1", scope);
	ASSERT_LT(0, pt_spawn(&self->kids, &root, NULL, NULL));
	ASSERT_LT(0, pt_spawn(&self->kids, &nobody, pt_as_65534, NULL));

	/* The teardown puts it back if this test dies before it does. */
	memcpy(self->yama, scope, sizeof(scope));
	ASSERT_EQ(0, nts_write_str(PT_YAMA, "2"));
	/* No ASSERT and no return until it is restored. */
	rc2 = pt_nobody_opens_own_child(self->shm, 0);
	root_st = pt_open(root->pid, NT_PROCESS_ALL_ACCESS, &fd);
	if (root_st == NT_STATUS_SUCCESS)
		close(fd);
	nobody_st = pt_open(nobody->pid, NT_PROCESS_ALL_ACCESS, &fd);
	if (nobody_st == NT_STATUS_SUCCESS)
		close(fd);
	restored = nts_write_str(PT_YAMA, scope);
	if (!restored)
		self->yama[0] = 0;
	ASSERT_EQ(0, restored);

	ASSERT_EQ(0, rc2);
	EXPECT_EQ(NT_STATUS_ACCESS_DENIED, self->shm->status[0]);
	/* Root has CAP_SYS_PTRACE: scope 2 lets it attach. */
	EXPECT_EQ(NT_STATUS_SUCCESS, root_st);
	EXPECT_EQ(NT_STATUS_SUCCESS, nobody_st);
	/* Under the scope restored, the same open succeeds. */
	rc = pt_nobody_opens_own_child(self->shm, 1);
	ASSERT_EQ(0, rc);
	EXPECT_EQ(NT_STATUS_SUCCESS, self->shm->status[1]);
}

static void *pt_idle_thread(void *arg)
{
	for (;;)
		pause();
	return NULL;
}

/* The state letter in /proc/PID/stat (the thread group leader's), or 0. */
static char pt_leader_state(pid_t pid)
{
	char path[64], buf[1024], *p;

	snprintf(path, sizeof(path), "/proc/%d/stat", pid);
	if (nts_read_str(path, buf, sizeof(buf)) <= 0)
		return 0;
	p = strrchr(buf, ')');
	return p && p[1] == ' ' ? p[2] : 0;
}

/* The number of entries of /proc/PID/task (its threads), or -1. */
static int pt_thread_count(pid_t pid)
{
	char path[64];
	struct dirent *e;
	int n = 0;
	DIR *d;

	snprintf(path, sizeof(path), "/proc/%d/task", pid);
	d = opendir(path);
	if (!d)
		return -1;
	while ((e = readdir(d)))
		n += e->d_name[0] != '.';
	closedir(d);
	return n;
}

/*
 * 5. A process whose main thread exited (pthread_exit()) while another
 * runs on: its leader is a zombie, the process is not. It can be opened,
 * and a view mapped into it (by its live thread) is there.
 */
TEST_F(process, leader_exited)
{
	struct ntsection_vm_info info;
	struct nts_map m = { .protect = NT_PAGE_READWRITE };
	struct pt_child *c;
	char buf[sizeof(pt_msg)], *local;
	int proc, sec, i;
	__u64 n;

	c = pt_new(&self->kids);
	ASSERT_NE(NULL, c);
	c->pid = fork();
	ASSERT_LE(0, c->pid);
	if (!c->pid) {
		pthread_t t;

		pt_child_init();
		if (pthread_create(&t, NULL, pt_idle_thread, NULL))
			_exit(1);
		pthread_exit(NULL);
	}
	/* 5 s at most for the leader to be a zombie, its thread alive. */
	for (i = 0; i < 5000; i++) {
		if (pt_leader_state(c->pid) == 'Z' && pt_thread_count(c->pid) == 2)
			break;
		usleep(1000);
	}
	ASSERT_EQ('Z', pt_leader_state(c->pid));
	ASSERT_EQ(2, pt_thread_count(c->pid));

	ASSERT_EQ(NT_STATUS_SUCCESS, pt_open(c->pid, NT_PROCESS_ALL_ACCESS, &proc));
	sec = pt_section(NT_GRAN, NT_SEC_COMMIT);
	ASSERT_LE(0, sec);
	local = nts_map(sec, NT_PAGE_READWRITE, NULL);
	ASSERT_NE(NULL, local);
	memcpy(local, pt_msg, sizeof(pt_msg));
	ASSERT_EQ(NT_STATUS_SUCCESS, pt_map(sec, proc, &m));
	ASSERT_EQ(NT_STATUS_SUCCESS, pt_query_vm(proc, m.base, &info));
	EXPECT_EQ(NT_MEM_MAPPED, info.type);
	EXPECT_EQ(m.base, info.allocation_base);
	EXPECT_EQ(NT_GRAN, info.region_size);
	/* The target's view of the section: what the caller wrote. */
	ASSERT_EQ(NT_STATUS_SUCCESS,
		  pt_rw(NTSECTION_IOC_READ_VM, proc, m.base, buf, sizeof(buf), &n));
	EXPECT_EQ(sizeof(buf), n);
	EXPECT_STREQ(pt_msg, buf);
	EXPECT_EQ(NT_STATUS_SUCCESS, pt_unmap(proc, m.base));
	/* Still the zombie leader and its thread. */
	EXPECT_EQ('Z', pt_leader_state(c->pid));
	close(sec);
	close(proc);
}

TEST_HARNESS_MAIN
