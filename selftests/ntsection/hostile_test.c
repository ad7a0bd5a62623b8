// SPDX-License-Identifier: GPL-2.0-only
/*
 * ntsection selftests: hostile input for the ioctl ABI of /dev/ntsection.
 *
 * Every ioctl, with each field of its argument set in turn to boundary and
 * random values (0, 1, -1, 2^31, 2^32 - 1, 2^63, 2^64 - 1, a page or a
 * granule +- 1, around TASK_SIZE), non-zero padding, overflowing offset +
 * size, sizes near 2^64, handles of the wrong type (a pipe, /dev/null, the
 * device itself, an eventfd, a socket, a directory, an O_PATH fd, pidfds),
 * closed fds; and (ABI 2) each pointer the argument carries (SectionHandle,
 * ObjectAttributes, MaximumSize, BaseAddress, ViewSize, SectionOffset,
 * ReturnLength, NewSectionSize, the query buffers) set to its own variable,
 * NULL, misaligned, unmapped, PROT_NONE, read-only, straddling the end of
 * the mapped memory and kernel addresses, and each field of what they lead
 * to (OBJECT_ATTRIBUTES, its UNICODE_STRING and RootDirectory, the mode
 * descriptor, the sizes, base and offset themselves) swept the same way.
 * The addresses the ABI 2.1 calls ask about (MemoryImageInformation,
 * MemoryMappedFilenameInformation, NtAreMappedFilesTheSame, the range of
 * NtProtectVirtualMemory) are views of each kind (pagefile, file, image),
 * their edges, other memory and free memory, one at a time and in pairs.
 * ABI 2.2: process handles (NtOpenProcess by CLIENT_ID or from a pidfd, of
 * this process, of a child, of one of its threads, of init, of a kernel
 * thread, of a child that exited and of one that exec'd since, with
 * several access masks) are handles every call takes, as ProcessHandle
 * (local, remote, refused) and as any other handle (the wrong type); calls
 * into the child are modelled as they act there (a view mapped there is
 * unmapped there again); NtReadVirtualMemory and NtWriteVirtualMemory
 * reach only scratch pages both processes have at the same address
 * (read-write, read-only, PROT_NONE) or no memory at all (below
 * mmap_min_addr, beyond the user address space), whose contents are
 * checked byte for byte (the child's through /proc/PID/mem), and targets
 * that exit or stop during calls.
 * ABI 2.3: user APCs. NTSECTION_IOC_APC_OPEN with and without an APC fd of
 * this process open (the fd returned is checked and closed); APC_CALL with
 * every process handle and op, to a child that serves calls with a fixed
 * rule (h_apc_answer(): its results and status come from the arguments),
 * to the other child (no APC fd), to this process, to processes that are
 * gone; APC_WAIT on this process's APC fd from a fork child and through
 * SCM_RIGHTS, at bad addresses, and serving a child's calls from two
 * threads, forged answers and a read-only block among them. No APC_WAIT
 * is made without a timer that ends it, nor an APC_CALL to a process that
 * might not answer.
 * ABI 2.3, the Windows 10+ calls (SPEC §12): NTSECTION_IOC_MAP_EX,
 * UNMAP_EX, ALLOCATE_EX and CREATE_EX with their extended-parameter arrays
 * hostile too (NULL with a count, huge counts, unreadable arrays, unreadable
 * and kernel MEM_ADDRESS_REQUIREMENTS, duplicate types, every type value
 * with random values), and placeholders: the fixture holds one (e->hold, as
 * big as a view of sec[0]) that maps and ALLOCATE_EX replace with
 * MEM_REPLACE_PLACEHOLDER and FREE splits, coalesces and releases; every
 * call that changed it is undone at once (UNMAP_EX or FREE with
 * MEM_PRESERVE_PLACEHOLDER, a coalesce, or a new placeholder), so that the
 * model always knows the one placeholder there is. Placeholders made
 * elsewhere (here or in the other child) are released again at once.
 * Also the argument itself at addresses that cannot be read or written;
 * every ioctl number of the magic and every size in it; handles closed and
 * replaced by another thread during the calls; and a random mix of it all.
 *
 * Each call must fail (or succeed, where the ABI says so), the errno must be
 * the one that goes with the status the call wrote, and where the documented
 * check order pins the status down it must be that status (the model below,
 * h_*_expect(), reads the caller's memory as the kernel must: only what the
 * pool of test memory holds is readable). Nothing but the status (and the
 * new fd) may be written to the argument block, and nothing but the outputs
 * the ABI names to the memory its pointers lead to: *SectionHandle (the
 * handle, or NULL on failure), *BaseAddress and *ViewSize, *ReturnLength and
 * *NewSectionSize on success (*ReturnLength also with the size a short
 * buffer needs, for MemoryMappedFilenameInformation); what the memory
 * queries write to their buffer must be, byte for byte, what the model
 * says is there. NtProtectVirtualMemory's permit must let mprotect() split
 * a view only where a call that succeeded said. After each test the
 * process must still be healthy: the device answers, a section can be
 * created, mapped, written and unmapped, and no fd, view or section is left.
 *
 * NTS_HOSTILE_CALLS (default 100000): how many ioctl calls to make in all;
 * the random test makes up what the others did not. The total is printed
 * as "# calls: N" at the end.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <sched.h>
#include <signal.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/eventfd.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <linux/ntsection.h>
#include "kselftest_harness.h"
#include "ntsection_test.h"
#include "pe_image.h"

#ifndef SYS_pidfd_open
#define SYS_pidfd_open 434
#endif

#define H_DEFAULT_CALLS	100000ULL
#define H_ANY		0xfffffffeu	/* any status: only its errno is checked */
#define H_PLACED	0xfffffffdu	/* success, or what placing a view can say */
#define H_MADE		0xfffffffcu	/* success, or what allocating can say */
#define H_EFAULT	0xfffffffbu	/* no status: the argument is unreadable */
#define H_PLACED_AV	0xfffffffau	/* H_PLACED, but ACCESS_VIOLATION for success */
#define H_MADE_AV	0xfffffff9u	/* H_MADE, but ACCESS_VIOLATION for success */
#define H_PERMANENT	0xfffffff8u	/* OBJ_PERMANENT: PRIVILEGE_NOT_HELD or NOT_SUPPORTED */
#define H_RACE_FD	900
#define H_RACE_DEV	901
#define H_SEC_SIZE	(4 * NT_GRAN)
#define H_NAME_MAX	(2 * (1 + 16 + 1 + 255))
#define H_MAX_LOG	25
#define H_FNAME_MAX	300	/* UTF-16 units of the file name of the views */
#define H_QBUF_POISON	0xa5
#define H_QBUF_PAGES	4	/* the query buffer's pages: what READ_VM may write */
#define H_SCRATCH_PAGES	5	/* read-write, read-write, read-only, PROT_NONE, PROT_NONE */
#define H_PID_MAX_LIMIT	0x400000ULL	/* PID_MAX_LIMIT of 64-bit kernels */
#define H_PAUSE_ARG	"--nts-hostile-pause"	/* argv[1] of the child that exec'd */
#define H_APC_MIX	0x5aa5c33c0ff0e11eULL	/* the APC server's results: see h_apc_answer() */
#define H_APC_CALLS	8	/* the calls the caller child of apc_wait makes */

static __u64 *h_calls;		/* shared by the harness's processes */
static __u64 h_target;
static __u64 h_task_size;
static __u64 h_rng = 0x6a09e667f3bcc909ULL;

/* The argument of every ioctl, as bytes. */
union h_arg {
	struct ntsection_version ver;
	struct ntsection_create_args create;
	struct ntsection_open_args open;
	struct ntsection_map_args map;
	struct ntsection_unmap_args unmap;
	struct ntsection_query_args query;
	struct ntsection_extend_args extend;
	struct ntsection_vm_args vm;
	struct ntsection_vm_info vm_info;
	struct ntsection_query_vm_args query_vm;
	struct ntsection_same_files_args same;
	struct ntsection_open_process_args op;
	struct ntsection_rw_vm_args rw;
	struct ntsection_apc_open_args apc_open;
	struct ntsection_apc_call_args apc_call;
	struct ntsection_apc_wait_args apc_wait;
	struct ntsection_map_ex_args map_ex;
	struct ntsection_unmap_ex_args unmap_ex;
	struct ntsection_allocate_ex_args alloc_ex;
	struct ntsection_create_ex_args create_ex;
	struct ntsection_flush_args flush;
	__u64 words[16];
};

/*
 * What the pointers of an argument lead to by default: a page of e->buf,
 * the Windows structures of a 64-bit caller. The model reads whatever the
 * pointers lead to, here or elsewhere; h_call() checks that a call wrote
 * here only what the ABI lets it.
 */
struct h_pool {
	struct nts_object_attributes oa;
	struct nts_unicode_string us;
	struct ntsection_mode_descriptor md;
	__u64 handle;		/* *SectionHandle */
	__u64 max_size;		/* *MaximumSize */
	__u64 base;		/* *BaseAddress */
	__u64 view_size;	/* *ViewSize */
	__u64 offset;		/* *SectionOffset */
	__u64 ret_len;		/* *ReturnLength */
	__u64 new_size;		/* *NewSectionSize */
	__u64 cid[2];		/* CLIENT_ID: UniqueProcess, UniqueThread */
	__u64 bytes;		/* *NumberOfBytesRead/Written */
	struct ntsection_mem_extended_parameter ext[8];	/* ExtendedParameters (ABI 2.3) */
	struct ntsection_mem_address_requirements req;	/* ... what the first leads to */
	__u64 guard;
};

/* Whom a process handle of the fixture names. */
enum h_target { HT_SELF, HT_OTHER, HT_GONE };

/* The fixture's process handles (ABI 2.2). */
enum { HP_SELF, HP_SELF_QUERY, HP_OTHER, HP_OTHER_READ, HP_OTHER_OPS, HP_DEAD, HP_EXECD, HP_MAX };

struct h_proc {
	int fd;
	enum h_target target;
	__u32 access;
};

/* A section the tests use, and what the model needs to know of it. */
struct h_sec {
	int fd;
	__u32 prot;
	__u32 attrs;
	__u32 access;
	int file_backed;
};

struct h_env {
	int dev;
	int pipefd[2];
	int devnull;
	int efd;
	int dir;
	int opath;
	int closed;
	int sock;
	int file_rw;
	int file_ro;
	int unfit[2];	/* hugetlbfs and secretmem files (or /dev/null stand-ins) */
	int sealed;	/* a memfd sealed against writes */
	int pidfd_self;
	int pidfd_other;
	int pidfd_dead;		/* of a child that exited (reaped) */
	pid_t other;		/* a child in pause(), with a second thread ... */
	pid_t other_tid;	/* ... this one */
	pid_t dead;		/* a child that exited, reaped */
	pid_t execd;		/* a child that exec'd (in pause()) since HP_EXECD was opened */
	int other_mem;		/* /proc/<other>/mem, to see what WRITE_VM did there */
	int ptrace_cap;		/* CAP_SYS_PTRACE: init may be opened */
	struct h_proc ph[HP_MAX];
	int op_pidfd;		/* OPEN_PROCESS's baseline: from a pidfd, or by CLIENT_ID */
	char *scratch;		/* H_SCRATCH_PAGES, in the other child too (before the fork) */
	pid_t *shared;		/* a shared page: the other child's thread id, the server's state */
	int apc_fd;		/* this process's APC fd while a test holds one (ABI 2.3), or -1 */
	pid_t apc_srv;		/* a child serving APCs by h_apc_answer() ... */
	int apc_ph[2];		/* ... process handles to it: all access, QUERY_LIMITED only */
	__u32 apc_ph_access[2];
	struct h_sec sec[4];	/* RW commit, RW reserve, RW file, read-only handle */
	char name[96];		/* the name of sec[0] */
	struct nts_name uname;	/* ... in UTF-16 */
	char *buf;		/* 64 KiB of scratch memory */
	struct h_pool *pool;	/* in buf: page 1 */
	char *ro;		/* a read-only page */
	char *none;		/* a PROT_NONE page */
	char *gap;		/* an unmapped page */
	char *edge;		/* a page followed by an unmapped one */
	char *view;		/* a view of sec[1] (RW, SEC_RESERVE) */
	__u64 hold;		/* a placeholder of H_SEC_SIZE bytes (ABI 2.3), or 0 */
	__u32 nodes;		/* nr_node_ids: NUMA node numbers there are */
	__u64 lock_limit;	/* RLIMIT_MEMLOCK without CAP_IPC_LOCK (not root), or 0 */
	__u64 view_size;
	char *image;		/* an image view of a PE file (pe_image.h) */
	__u64 image_size;
	char *fview;		/* a data view (read-only) of the same file ... */
	__u64 fview_size;	/* (in whole pages) */
	char *resv;		/* ... in a hole in these 3 granules of PROT_NONE memory */
	__u16 fname[H_FNAME_MAX];	/* the file's NT name, as the kernel writes it */
	__u32 fname_bytes;	/* ... in bytes, the NUL not counted */
	__u32 qvi_class;	/* the baseline's MemoryInformationClass */
	unsigned int serial;
	unsigned int failures;
	__u64 calls_before;
	time_t start;
	struct {
		unsigned long cmd;
		__u32 what;
		__u32 want;
		__u32 got;
		unsigned int count;
	} sig[48];			/* distinct failures, each logged once */
	unsigned int nsig;
	int fds_before;
	int maps_before;
	int sections_before;
};

static __u64 h_rand(void)
{
	__u64 z;

	h_rng += 0x9e3779b97f4a7c15ULL;
	z = h_rng;
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

static __u64 h_below(__u64 n)
{
	return n ? h_rand() % n : 0;
}

static int h_ioctl(int fd, unsigned long cmd, void *arg)
{
	__atomic_fetch_add(h_calls, 1, __ATOMIC_RELAXED);
	return ioctl(fd, cmd, arg);
}

static int h_want_ok(__u32 status, __u32 want)
{
	switch (want) {
	case H_ANY:
		return 1;
	case H_PLACED:
		return status == NT_STATUS_SUCCESS || status == NT_STATUS_CONFLICTING_ADDRESSES ||
		       status == NT_STATUS_NO_MEMORY || status == NT_STATUS_ACCESS_DENIED;
	case H_PLACED_AV:
		return status == NT_STATUS_ACCESS_VIOLATION ||
		       status == NT_STATUS_CONFLICTING_ADDRESSES ||
		       status == NT_STATUS_NO_MEMORY || status == NT_STATUS_ACCESS_DENIED;
	case H_MADE_AV:
		return status == NT_STATUS_ACCESS_VIOLATION ||
		       status == NT_STATUS_COMMITMENT_LIMIT ||
		       status == NT_STATUS_INSUFFICIENT_RESOURCES ||
		       status == NT_STATUS_NO_MEMORY || status == NT_STATUS_SECTION_TOO_BIG;
	case H_PERMANENT:
		return status == NT_STATUS_PRIVILEGE_NOT_HELD || status == NT_STATUS_NOT_SUPPORTED;
	case H_MADE:
		return status == NT_STATUS_SUCCESS || status == NT_STATUS_COMMITMENT_LIMIT ||
		       status == NT_STATUS_INSUFFICIENT_RESOURCES ||
		       status == NT_STATUS_NO_MEMORY || status == NT_STATUS_SECTION_TOO_BIG;
	default:
		return status == want;
	}
}

/* Where the status of each ioctl's argument is. */
static __u32 *h_status_of(unsigned long cmd, union h_arg *a)
{
	switch (cmd) {
	case NTSECTION_IOC_VERSION:
		return &a->ver.status;
	case NTSECTION_IOC_CREATE:
		return &a->create.status;
	case NTSECTION_IOC_OPEN:
		return &a->open.status;
	case NTSECTION_IOC_MAP:
		return &a->map.status;
	case NTSECTION_IOC_UNMAP:
		return &a->unmap.status;
	case NTSECTION_IOC_QUERY:
		return &a->query.status;
	case NTSECTION_IOC_EXTEND:
		return &a->extend.status;
	case NTSECTION_IOC_COMMIT:
	case NTSECTION_IOC_FREE:
	case NTSECTION_IOC_PROTECT:
		return &a->vm.status;
	case NTSECTION_IOC_QUERY_VM_INFO:
		return &a->query_vm.status;
	case NTSECTION_IOC_SAME_FILES:
		return &a->same.status;
	case NTSECTION_IOC_OPEN_PROCESS:
		return &a->op.status;
	case NTSECTION_IOC_READ_VM:
	case NTSECTION_IOC_WRITE_VM:
		return &a->rw.status;
	case NTSECTION_IOC_APC_OPEN:
		return &a->apc_open.status;
	case NTSECTION_IOC_APC_CALL:
		return &a->apc_call.status;
	case NTSECTION_IOC_MAP_EX:
		return &a->map_ex.map.status;
	case NTSECTION_IOC_UNMAP_EX:
		return &a->unmap_ex.status;
	case NTSECTION_IOC_ALLOCATE_EX:
		return &a->alloc_ex.status;
	case NTSECTION_IOC_CREATE_EX:
		return &a->create_ex.create.status;
	case NTSECTION_IOC_FLUSH:
		return &a->flush.status;
	default:
		return &a->vm_info.status;
	}
}

static const char *h_name_of(unsigned long cmd)
{
	switch (cmd) {
	case NTSECTION_IOC_VERSION:
		return "VERSION";
	case NTSECTION_IOC_CREATE:
		return "CREATE";
	case NTSECTION_IOC_OPEN:
		return "OPEN";
	case NTSECTION_IOC_MAP:
		return "MAP";
	case NTSECTION_IOC_UNMAP:
		return "UNMAP";
	case NTSECTION_IOC_QUERY:
		return "QUERY";
	case NTSECTION_IOC_EXTEND:
		return "EXTEND";
	case NTSECTION_IOC_COMMIT:
		return "COMMIT";
	case NTSECTION_IOC_FREE:
		return "FREE";
	case NTSECTION_IOC_QUERY_VM:
		return "QUERY_VM";
	case NTSECTION_IOC_QUERY_VM_INFO:
		return "QUERY_VM_INFO";
	case NTSECTION_IOC_SAME_FILES:
		return "SAME_FILES";
	case NTSECTION_IOC_PROTECT:
		return "PROTECT";
	case NTSECTION_IOC_OPEN_PROCESS:
		return "OPEN_PROCESS";
	case NTSECTION_IOC_READ_VM:
		return "READ_VM";
	case NTSECTION_IOC_WRITE_VM:
		return "WRITE_VM";
	case NTSECTION_IOC_APC_OPEN:
		return "APC_OPEN";
	case NTSECTION_IOC_APC_CALL:
		return "APC_CALL";
	case NTSECTION_IOC_APC_WAIT:
		return "APC_WAIT";
	case NTSECTION_IOC_MAP_EX:
		return "MAP_EX";
	case NTSECTION_IOC_UNMAP_EX:
		return "UNMAP_EX";
	case NTSECTION_IOC_ALLOCATE_EX:
		return "ALLOCATE_EX";
	case NTSECTION_IOC_CREATE_EX:
		return "CREATE_EX";
	case NTSECTION_IOC_FLUSH:
		return "FLUSH";
	default:
		return "?";
	}
}

/* Process state. */
static int h_count_fds(void)
{
	struct dirent *d;
	DIR *dir = opendir("/proc/self/fd");
	int n = 0;

	if (!dir)
		return -1;
	while ((d = readdir(dir)))
		n += d->d_name[0] != '.';
	closedir(dir);
	return n - 1;	/* the directory's own fd */
}

static int h_count_lines(const char *path, const char *needle)
{
	char line[512];
	FILE *f = fopen(path, "r");
	int n = 0;

	if (!f)
		return -1;
	while (fgets(line, sizeof(line), f))
		n += !needle || strstr(line, needle);
	fclose(f);
	return n;
}

/* Is @fd an anonymous file of this name ("anon_inode:[ntsection]")? */
static int h_is_anon_fd(int fd, const char *name)
{
	char path[64], target[64];
	ssize_t n;

	snprintf(path, sizeof(path), "/proc/self/fd/%d", fd);
	n = readlink(path, target, sizeof(target) - 1);
	if (n < 0)
		return 0;
	target[n] = 0;
	return !strcmp(target, name);
}

/* Is @fd a section handle? */
static int h_is_section_fd(int fd)
{
	return h_is_anon_fd(fd, "anon_inode:[ntsection]");
}

/* Is @fd a process handle (ABI 2.2)? */
static int h_is_process_fd(int fd)
{
	return h_is_anon_fd(fd, "anon_inode:[ntsection-process]");
}

/* Is @fd an APC fd (ABI 2.3)? */
static int h_is_apc_fd(int fd)
{
	return h_is_anon_fd(fd, "anon_inode:[ntsection-apc]");
}

/*
 * Handles a call that failed to write its reply left behind (by design),
 * and the APC fd an APC_OPEN that could not write its block leaves.
 */
static void h_close_strays(struct h_env *e)
{
	int fds[64], n = 0, fd, i, ours;
	DIR *dir = opendir("/proc/self/fd");
	struct dirent *d;

	if (!dir)
		return;
	while ((d = readdir(dir)) && n < (int)ARRAY_SIZE(fds)) {
		fd = atoi(d->d_name);
		if (fd > 2 && fd != dirfd(dir) &&
		    (h_is_section_fd(fd) || h_is_process_fd(fd) || h_is_apc_fd(fd)))
			fds[n++] = fd;
	}
	closedir(dir);
	for (i = 0; i < n; i++) {
		ours = fds[i] == H_RACE_FD || fds[i] == e->apc_fd;
		for (fd = 0; fd < 4; fd++)
			ours |= e->sec[fd].fd == fds[i];
		for (fd = 0; fd < HP_MAX; fd++)
			ours |= e->ph[fd].fd == fds[i];
		for (fd = 0; fd < 2; fd++)
			ours |= e->apc_ph[fd] == fds[i];
		if (!ours)
			close(fds[i]);
	}
}

/* The APC fds this process has but the fixture's own. */
static int h_count_apc_strays(const struct h_env *e)
{
	struct dirent *d;
	DIR *dir = opendir("/proc/self/fd");
	int n = 0, fd;

	if (!dir)
		return -1;
	while ((d = readdir(dir))) {
		fd = atoi(d->d_name);
		n += fd > 2 && fd != dirfd(dir) && fd != e->apc_fd && h_is_apc_fd(fd);
	}
	closedir(dir);
	return n;
}

/* The largest address a view may reach: 47 or 56 bits. */
static __u64 h_probe_task_size(void)
{
	void *p = mmap((void *)(1ULL << 50), NT_PAGE, PROT_NONE,
		       MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED_NOREPLACE, -1, 0);

	if (p == MAP_FAILED || (uintptr_t)p != 1ULL << 50) {
		if (p != MAP_FAILED)
			munmap(p, NT_PAGE);
		return (1ULL << 47) - NT_PAGE;
	}
	munmap(p, NT_PAGE);
	return (1ULL << 56) - NT_PAGE;
}

/* The model: what the documented check order says about an argument. */

enum h_fd_kind { HF_BAD, HF_OTHER, HF_SECTION, HF_FILE_RW, HF_FILE_RO, HF_FILE_UNFIT,
		 HF_PID_SELF, HF_PID_OTHER, HF_PID_DEAD, HF_PROCESS };

static enum h_fd_kind h_fd_kind(const struct h_env *e, __u32 fd, struct h_sec *sec)
{
	struct stat st;
	int i, fl;

	if (fd > 0x7fffffff || fcntl(fd, F_GETFD) < 0)
		return HF_BAD;
	fl = fcntl(fd, F_GETFL);
	if (fl & O_PATH)
		return HF_BAD;	/* fget() does not hand out O_PATH files */
	if (fd == (__u32)e->pidfd_self)
		return HF_PID_SELF;
	if (fd == (__u32)e->pidfd_other)
		return HF_PID_OTHER;
	if (fd == (__u32)e->pidfd_dead)
		return HF_PID_DEAD;
	if (h_is_process_fd(fd))
		return HF_PROCESS;
	for (i = 0; i < 4; i++) {
		if (fd == (__u32)e->sec[i].fd) {
			if (sec)
				*sec = e->sec[i];
			return HF_SECTION;
		}
	}
	if (h_is_section_fd(fd)) {
		if (sec)
			sec->fd = -1;
		return HF_SECTION;
	}
	if (fstat(fd, &st) || !S_ISREG(st.st_mode))
		return HF_OTHER;
	/* Regular files whose memory no view may wrap (hugetlbfs, secretmem). */
	if (fd == (__u32)e->unfit[0] || fd == (__u32)e->unfit[1])
		return HF_FILE_UNFIT;
	return (fl & O_ACCMODE) == O_RDWR ? HF_FILE_RW : HF_FILE_RO;
}

/* The fixture's process handle @fd, or NULL. */
static const struct h_proc *h_proc_of(const struct h_env *e, __u32 fd)
{
	int i;

	for (i = 0; i < HP_MAX; i++)
		if (e->ph[i].fd >= 0 && fd == (__u32)e->ph[i].fd)
			return &e->ph[i];
	return NULL;
}

/*
 * ProcessHandle (SPEC §5, §11) for a call that needs the rights @need:
 * NtCurrentProcess(), a pidfd of this process or a process handle to it are
 * this process; a process handle to the other child with @need is that
 * process (*@remote set); a pidfd of another process is no process handle.
 */
static __u32 h_process_expect(const struct h_env *e, __u32 fd, __u32 need, int *remote)
{
	const struct h_proc *p;

	if (remote)
		*remote = 0;
	if (fd == NTSECTION_CURRENT_PROCESS)
		return NT_STATUS_SUCCESS;
	switch (h_fd_kind(e, fd, NULL)) {
	case HF_BAD:
		return NT_STATUS_INVALID_HANDLE;
	case HF_PID_SELF:
		return NT_STATUS_SUCCESS;
	case HF_PROCESS:
		p = h_proc_of(e, fd);
		if (!p)
			return H_ANY;	/* not the fixture's: a stray of a race */
		if ((p->access & need) != need)
			return NT_STATUS_ACCESS_DENIED;
		if (p->target == HT_GONE)
			return NT_STATUS_PROCESS_IS_TERMINATING;
		if (remote)
			*remote = p->target == HT_OTHER;
		return NT_STATUS_SUCCESS;
	default:
		return NT_STATUS_OBJECT_TYPE_MISMATCH;
	}
}

/* SectionHandle: the section, or the status why not. */
static __u32 h_section_expect(const struct h_env *e, __u32 fd, struct h_sec *sec)
{
	if (fd == NTSECTION_CURRENT_PROCESS)
		return NT_STATUS_OBJECT_TYPE_MISMATCH;
	switch (h_fd_kind(e, fd, sec)) {
	case HF_BAD:
		return NT_STATUS_INVALID_HANDLE;
	case HF_SECTION:
		return sec->fd < 0 ? H_ANY : NT_STATUS_SUCCESS;
	default:
		return NT_STATUS_OBJECT_TYPE_MISMATCH;
	}
}

/* Can @len bytes at @p be read (or written)? Only our own pool is judged. */
static int h_user_ok(const struct h_env *e, __u64 p, __u64 len, int write)
{
	__u64 buf = (uintptr_t)e->buf, edge = (uintptr_t)e->edge, ro = (uintptr_t)e->ro;

	if (!len)
		return 1;
	if (p >= buf && p < buf + 16 * NT_PAGE)
		return len <= buf + 16 * NT_PAGE - p;
	if (p >= edge && p < edge + NT_PAGE)
		return len <= edge + NT_PAGE - p;
	if (!write && p >= ro && p < ro + NT_PAGE)
		return len <= ro + NT_PAGE - p;
	return 0;
}

static int h_protect_valid(__u32 p)
{
	__u32 base = p & 0xff, mod = p & 0x700;
	int na = base == NT_PAGE_NOACCESS;

	if (p & ~0x7ffu)
		return 0;
	if (!base || (base & (base - 1)))
		return 0;
	if ((mod & NT_PAGE_GUARD) && (na || (mod & (NT_PAGE_NOCACHE | NT_PAGE_WRITECOMBINE))))
		return 0;
	if ((mod & NT_PAGE_NOCACHE) && (na || (mod & NT_PAGE_WRITECOMBINE)))
		return 0;
	if ((mod & NT_PAGE_WRITECOMBINE) && na)
		return 0;
	return 1;
}

static __u32 h_allowed(__u32 section_prot)
{
	const __u32 ro = NT_PAGE_NOACCESS | NT_PAGE_READONLY | NT_PAGE_WRITECOPY;
	const __u32 xr = ro | NT_PAGE_EXECUTE | NT_PAGE_EXECUTE_READ;

	switch (section_prot) {
	case NT_PAGE_READONLY:
	case NT_PAGE_WRITECOPY:
		return ro;
	case NT_PAGE_READWRITE:
		return ro | NT_PAGE_READWRITE;
	case NT_PAGE_EXECUTE:
		return NT_PAGE_NOACCESS | NT_PAGE_EXECUTE;
	case NT_PAGE_EXECUTE_READ:
		return xr;
	case NT_PAGE_EXECUTE_WRITECOPY:
		return xr | NT_PAGE_EXECUTE_WRITECOPY;
	default:
		return 0xff;
	}
}

static __u32 h_needed(__u32 prot)
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

/* SPEC §5 ZeroBits: the highest address, or 0 for INVALID_PARAMETER_4. */
static __u64 h_zero_bits_limit(__u64 zb)
{
	unsigned int top;

	if (!zb)
		return ~0ULL;
	if (zb < 32)
		return zb > 21 ? 0 : (1ULL << (32 - zb)) - 1;
	top = 63 - __builtin_clzll(zb);
	if (top < 10)
		return 0;
	return top == 63 ? ~0ULL : (1ULL << (top + 1)) - 1;
}

/* The section's size, as the module has it now. */
static __u64 h_section_size(const struct h_env *e, int fd)
{
	struct ntsection_basic_information info = {};
	struct ntsection_query_args q = {
		.section_fd = (__u32)fd, .buffer = (uintptr_t)&info, .length = sizeof(info),
	};

	if (h_ioctl(e->dev, NTSECTION_IOC_QUERY, &q))
		return 0;
	return info.size;
}

/* What the kernel reads at @p: 0 when it cannot (see h_user_ok()). */
static int h_read(const struct h_env *e, __u64 p, void *out, __u64 len)
{
	if (!h_user_ok(e, p, len, 0))
		return 0;
	if (len)
		memcpy(out, (const void *)(uintptr_t)p, len);
	return 1;
}

static int h_read64(const struct h_env *e, __u64 p, __u64 *v)
{
	return h_read(e, p, v, sizeof(*v));
}

static int h_writable(const struct h_env *e, __u64 p, __u64 len)
{
	return p && h_user_ok(e, p, len, 1);
}

/*
 * RootDirectory: no directory objects exist, so the root is a handle to
 * something else (a pseudo-handle, any open fd) or no handle at all.
 */
static __u32 h_root_expect(const struct h_env *e, __u64 root)
{
	__s64 fd = NTSECTION_HANDLE_TO_FD(root);

	if (root >= (__u64)-6)
		return NT_STATUS_OBJECT_TYPE_MISMATCH;
	/* Any open fd, O_PATH included (the kernel uses fget_raw() here). */
	if (fd < 0 || fd > 0x7fffffff || fcntl((int)fd, F_GETFD) < 0)
		return NT_STATUS_INVALID_HANDLE;
	return NT_STATUS_OBJECT_TYPE_MISMATCH;
}

/* OBJECT_ATTRIBUTES as the model captured it. */
struct h_oa {
	__u64 root;
	__u64 name;		/* ObjectName->Buffer */
	__u32 len;		/* ObjectName->Length (0: no name) */
	__u32 attributes;
};

/* SECURITY_DESCRIPTOR control bits the mode depends on. */
#define H_SE_DACL_PRESENT	0x0004
#define H_SE_SELF_RELATIVE	0x8000

/*
 * The header's capture of *ObjectAttributes (@create: a missing
 * ObjectAttributes or ObjectName is an unnamed section): Length, the
 * SecurityDescriptor (a mode descriptor's bits, or a Windows descriptor's
 * DACL), ObjectName and its Buffer's alignment. The name is not read here.
 */
static __u32 h_capture_oa(const struct h_env *e, __u64 uoa, int create, struct h_oa *oa)
{
	struct nts_object_attributes a;
	struct nts_unicode_string us;
	__u8 sd[40];
	__u32 magic, mode;
	__u16 control;

	memset(oa, 0, sizeof(*oa));
	if (!uoa)
		return create ? NT_STATUS_SUCCESS : NT_STATUS_INVALID_PARAMETER;
	if (!h_read(e, uoa, &a, sizeof(a)))
		return NT_STATUS_ACCESS_VIOLATION;
	if (a.length != sizeof(a))
		return NT_STATUS_INVALID_PARAMETER;
	oa->root = a.root_directory;
	oa->attributes = a.attributes;
	if (a.security_descriptor) {
		if (!h_read(e, (uintptr_t)a.security_descriptor, sd, 8))
			return NT_STATUS_ACCESS_VIOLATION;
		memcpy(&magic, sd, 4);
		memcpy(&mode, sd + 4, 4);
		memcpy(&control, sd + 2, 2);
		if (magic == NTSECTION_MODE_DESCRIPTOR_MAGIC) {
			if (mode & ~0777u)
				return NT_STATUS_INVALID_PARAMETER;
		} else if (sd[0] != 1) {
			return NT_STATUS_INVALID_SECURITY_DESCR;
		} else if (!h_read(e, (uintptr_t)a.security_descriptor, sd,
				   control & H_SE_SELF_RELATIVE ? 20 : 40)) {
			return NT_STATUS_ACCESS_VIOLATION;
		}
		/* A Windows descriptor: what the pool's bytes after it say. */
		if (magic != NTSECTION_MODE_DESCRIPTOR_MAGIC)
			return H_ANY;
	}
	if (!a.object_name) {
		if (oa->root)
			return NT_STATUS_OBJECT_NAME_INVALID;
		return create ? NT_STATUS_SUCCESS : NT_STATUS_OBJECT_PATH_SYNTAX_BAD;
	}
	if (!h_read(e, (uintptr_t)a.object_name, &us, sizeof(us)))
		return NT_STATUS_ACCESS_VIOLATION;
	if ((uintptr_t)us.buffer & 1)
		return NT_STATUS_DATATYPE_MISALIGNMENT;
	oa->name = (uintptr_t)us.buffer;
	oa->len = us.length;
	return NT_STATUS_SUCCESS;
}

/* ABI 2.3: MEM_EXTENDED_PARAMETERs as the kernel decoded them. */
struct h_ext {
	__u32 present;
	__u64 low, high, align;
};

/* Does @x limit where memory goes (AddressRequirements with a non-zero field)? */
static int h_ext_limits(const struct h_ext *x)
{
	return x->low || x->high || x->align;
}

/*
 * SPEC §12, Wine's get_extended_params(): the first NTSECTION_MAX_EXT_PARAMS
 * + 1 entries are read (more hold a duplicate), then decoded in order; the
 * MEM_ADDRESS_REQUIREMENTS of an AddressRequirements entry is read when its
 * turn comes (unreadable: ACCESS_VIOLATION).
 */
static __u32 h_ext_expect(const struct h_env *e, __u64 params, __u32 count, struct h_ext *x)
{
	struct ntsection_mem_extended_parameter p[NTSECTION_MAX_EXT_PARAMS + 1];
	struct ntsection_mem_address_requirements r;
	__u32 n = count < ARRAY_SIZE(p) ? count : ARRAY_SIZE(p), i, type;
	__u64 limit = h_task_size - 1;

	memset(x, 0, sizeof(*x));
	if (params && n && !h_read(e, params, p, n * sizeof(p[0])))
		return NT_STATUS_ACCESS_VIOLATION;
	if (n && !params)
		return NT_STATUS_INVALID_PARAMETER;
	for (i = 0; i < n; i++) {
		type = p[i].type & 0xff;
		if (!type || type >= NT_MEM_EXT_MAX || (x->present & (1u << type)))
			return NT_STATUS_INVALID_PARAMETER;
		x->present |= 1u << type;
		switch (type) {
		case NT_MEM_EXT_ADDRESS_REQUIREMENTS:
			if (!h_read(e, p[i].value, &r, sizeof(r)))
				return NT_STATUS_ACCESS_VIOLATION;
			if (r.alignment && ((r.alignment & (r.alignment - 1)) ||
					    r.alignment < NT_GRAN || r.alignment >= h_task_size))
				return NT_STATUS_INVALID_PARAMETER;
			x->align = r.alignment;
			if (r.lowest_starting_address &&
			    (r.lowest_starting_address >= limit ||
			     (r.lowest_starting_address & (NT_GRAN - 1))))
				return NT_STATUS_INVALID_PARAMETER;
			x->low = r.lowest_starting_address;
			x->high = r.highest_ending_address;
			if (x->high && (x->high > limit || x->high <= x->low ||
					((x->high + 1) & (NT_PAGE - 1))))
				return NT_STATUS_INVALID_PARAMETER;
			break;
		case NT_MEM_EXT_NUMA_NODE:
			/* A ULONG: the low 32 bits. */
			if ((__u32)p[i].value != 0xffffffffu && (__u32)p[i].value >= e->nodes)
				return NT_STATUS_INVALID_PARAMETER;
			break;
		case NT_MEM_EXT_PARTITION_HANDLE:
			if (p[i].value)
				return NT_STATUS_INVALID_HANDLE;
			break;
		case NT_MEM_EXT_USER_PHYSICAL_HANDLE:
			return NT_STATUS_NOT_SUPPORTED;
		case NT_MEM_EXT_ATTRIBUTE_FLAGS:
			if ((p[i].value & ~0xffULL) || (p[i].value & NT_MEM_EXT_EC_CODE))
				return NT_STATUS_INVALID_PARAMETER;
			break;
		default:	/* NT_MEM_EXT_IMAGE_MACHINE */
			if ((__u32)p[i].value != 0x8664 && (__u32)p[i].value != 0x14c)
				return NT_STATUS_NOT_SUPPORTED;
			break;
		}
	}
	return NT_STATUS_SUCCESS;
}

/* NtCreateSectionEx's own parameters, checked before anything of NtCreateSection. */
static __u32 h_section_ext_expect(const struct h_env *e, const struct ntsection_create_ex_args *a)
{
	struct ntsection_mem_extended_parameter p[NT_MEM_SECTION_EXT_MAX];
	__u32 n = a->ext_count < ARRAY_SIZE(p) ? a->ext_count : ARRAY_SIZE(p), i, type;
	__u32 present = 0;

	if (a->pad)
		return NT_STATUS_INVALID_PARAMETER;
	if (a->ext_params && n && !h_read(e, a->ext_params, p, n * sizeof(p[0])))
		return NT_STATUS_ACCESS_VIOLATION;
	if (n && !a->ext_params)
		return NT_STATUS_INVALID_PARAMETER;
	for (i = 0; i < n; i++) {
		type = p[i].type & 0xff;
		if (!type || type >= NT_MEM_SECTION_EXT_MAX || (present & (1u << type)))
			return NT_STATUS_INVALID_PARAMETER;
		present |= 1u << type;
		if (type == NT_MEM_SECTION_EXT_USER_PHYSICAL_FLAGS)
			return NT_STATUS_NOT_SUPPORTED;
		if (type == NT_MEM_SECTION_EXT_NUMA_NODE && (__u32)p[i].value != 0xffffffffu &&
		    (__u32)p[i].value >= e->nodes)
			return NT_STATUS_INVALID_PARAMETER;
	}
	return NT_STATUS_SUCCESS;
}

/* Is @addr in the fixture's placeholder (the only one this process has between calls)? */
static int h_in_hold(const struct h_env *e, __u64 addr)
{
	return e->hold && addr - e->hold < H_SEC_SIZE;
}

/*
 * Does [@start, @end) of process @pid (0: this one) meet a mapping? From
 * /proc/PID/maps, as MAP_FIXED_NOREPLACE sees the VMAs.
 */
static int h_range_used(pid_t pid, __u64 start, __u64 end)
{
	unsigned long long s, t;
	char path[64], line[512];
	int hit = 0;
	FILE *f;

	if (pid)
		snprintf(path, sizeof(path), "/proc/%d/maps", (int)pid);
	else
		snprintf(path, sizeof(path), "/proc/self/maps");
	f = fopen(path, "r");
	if (!f)
		return 1;
	while (!hit && fgets(line, sizeof(line), f))
		hit = sscanf(line, "%llx-%llx", &s, &t) == 2 && s < end && t > start;
	fclose(f);
	return hit;
}

/* What NTSECTION_IOC_ALLOCATE_EX made, for h_call() to check and take back. */
struct h_made {
	__u32 result;	/* NTSECTION_ALLOC_* on success */
	__u64 base;	/* ... where (0: where the kernel chose) */
	__u64 size;
};

#define H_ALLOC_EX_KNOWN (NT_MEM_COMMIT | NT_MEM_RESERVE | NT_MEM_RESET | NT_MEM_TOP_DOWN | \
			  NT_MEM_WRITE_WATCH | NT_MEM_PHYSICAL | NT_MEM_LARGE_PAGES | \
			  NT_MEM_RESERVE_PLACEHOLDER | NT_MEM_REPLACE_PLACEHOLDER)

/* SPEC §12 NtAllocateVirtualMemoryEx: the kernel's part (struct ntsection_allocate_ex_args). */
static __u32 h_alloc_ex_expect(const struct h_env *e, const struct ntsection_allocate_ex_args *a,
			       struct h_made *made)
{
	__u32 type = a->alloc_type, status;
	__u64 ts = h_task_size, base = a->base, size = a->size, start, end;
	int replace = !!(type & NT_MEM_REPLACE_PLACEHOLDER), remote;
	struct h_ext x;

	memset(made, 0, sizeof(*made));
	status = h_ext_expect(e, a->ext_params, a->ext_count, &x);
	if (status)
		return status;
	if ((type & ~H_ALLOC_EX_KNOWN) || (base && h_ext_limits(&x)) || !size ||
	    !(type & (NT_MEM_COMMIT | NT_MEM_RESERVE | NT_MEM_RESET)) ||
	    (replace && !(type & NT_MEM_RESERVE)))
		return NT_STATUS_INVALID_PARAMETER;
	if ((type & NT_MEM_RESERVE_PLACEHOLDER) &&
	    (!(type & NT_MEM_RESERVE) || (type & (NT_MEM_COMMIT | NT_MEM_REPLACE_PLACEHOLDER)) ||
	     a->protect != NT_PAGE_NOACCESS))
		return NT_STATUS_INVALID_PARAMETER;
	/* ABI 2.4: large pages reserved and committed at once, on 2 MiB. */
	if ((type & NT_MEM_LARGE_PAGES) &&
	    ((type & (NT_MEM_RESERVE | NT_MEM_COMMIT)) != (NT_MEM_RESERVE | NT_MEM_COMMIT) ||
	     (type & (NT_MEM_RESERVE_PLACEHOLDER | NT_MEM_REPLACE_PLACEHOLDER)) ||
	     ((base | size) & (2 * MiB - 1))))
		return NT_STATUS_INVALID_PARAMETER;
	if ((type & NT_MEM_LARGE_PAGES) && e->lock_limit && size > e->lock_limit)
		return NT_STATUS_PRIVILEGE_NOT_HELD;
	status = h_process_expect(e, a->process_fd, NT_PROCESS_VM_OPERATION, &remote);
	if (status)
		return status;
	/* Private memory in the other child is its library's. */
	if (remote && !(type & NT_MEM_RESERVE_PLACEHOLDER))
		return NT_STATUS_NOT_SUPPORTED;
	if (base >= ts || size > ts - base)
		return NT_STATUS_INVALID_PARAMETER;
	if (base) {
		start = base & ~((type & NT_MEM_RESERVE) && !replace ? NT_GRAN - 1 : NT_PAGE - 1);
		end = (base + size + NT_PAGE - 1) & ~(NT_PAGE - 1);
		if (start < NT_GRAN)
			return NT_STATUS_INVALID_PARAMETER;
	} else {
		start = 0;
		end = (size + NT_PAGE - 1) & ~(NT_PAGE - 1);
	}
	if (!(type & NT_MEM_RESERVE))
		return start && h_in_hold(e, start) ? NT_STATUS_CONFLICTING_ADDRESSES :
						      NT_STATUS_SUCCESS;
	if (!(type & (NT_MEM_RESERVE_PLACEHOLDER | NT_MEM_REPLACE_PLACEHOLDER |
		      NT_MEM_LARGE_PAGES)) && !h_ext_limits(&x))
		return NT_STATUS_SUCCESS;
	if (replace) {
		if (!h_in_hold(e, start))
			return NT_STATUS_INVALID_PARAMETER;
		if (start != e->hold || end - start != H_SEC_SIZE)
			return NT_STATUS_CONFLICTING_ADDRESSES;
		made->result = NTSECTION_ALLOC_REPLACED;
		made->base = start;
		made->size = end - start;
		return NT_STATUS_SUCCESS;
	}
	made->result = type & NT_MEM_RESERVE_PLACEHOLDER ? NTSECTION_ALLOC_PLACEHOLDER :
							   NTSECTION_ALLOC_PRIVATE;
	made->size = end - start;
	if (start) {
		/* MAP_FIXED_NOREPLACE where the process has it free, or not. */
		made->base = start;
		return h_range_used(remote ? e->other : 0, start, end) ?
		       NT_STATUS_CONFLICTING_ADDRESSES : NT_STATUS_SUCCESS;
	}
	/* Where mmap() would put it; limits (or a huge alignment) may leave no room. */
	return !x.low && !x.high && x.align <= 4096 * MiB && made->size <= 64 * MiB ?
	       NT_STATUS_SUCCESS : H_PLACED;
}

/*
 * NtMapViewOfSection, and NtMapViewOfSectionEx once its own checks passed
 * (@x: its address limits; NULL for the former).
 */
static __u32 h_map_expect(const struct h_env *e, const struct ntsection_map_args *a,
			  const struct h_ext *x)
{
	__u64 ts = h_task_size, max, size, view, rounded, hi, base, view_size, offset = 0;
	int out_ok, remote, extendable, replace = !!(a->alloc_type & NT_MEM_REPLACE_PLACEHOLDER);
	struct h_sec sec;
	__u32 status;

	if (a->inherit != NT_VIEW_SHARE && a->inherit != NT_VIEW_UNMAP)
		return NT_STATUS_INVALID_PARAMETER_8;
	/* MEM_REPLACE_PLACEHOLDER is the Ex call's only (SPEC §5, §12). */
	if (a->alloc_type & ~(NT_MEM_RESERVE | NT_MEM_TOP_DOWN | NT_MEM_LARGE_PAGES |
			      (x ? NT_MEM_REPLACE_PLACEHOLDER : 0)))
		return NT_STATUS_INVALID_PARAMETER_9;
	if (!h_protect_valid(a->protect))
		return NT_STATUS_INVALID_PAGE_PROTECTION;
	/* ABI 2: *BaseAddress, *ViewSize and *SectionOffset, read here. */
	if (!a->base_address || !h_read64(e, a->base_address, &base) ||
	    !a->view_size || !h_read64(e, a->view_size, &view_size) ||
	    (a->section_offset && !h_read64(e, a->section_offset, &offset)))
		return NT_STATUS_ACCESS_VIOLATION;
	/* Written on success, or the view is taken back. */
	out_ok = h_writable(e, a->base_address, 8) && h_writable(e, a->view_size, 8);
	if (base >= ts || view_size > ts - base)
		return NT_STATUS_INVALID_PARAMETER_3;
	max = h_zero_bits_limit(a->zero_bits);
	if (!max)
		return NT_STATUS_INVALID_PARAMETER_4;
	if (base && (base > max || (view_size && view_size - 1 > max - base)))
		return NT_STATUS_INVALID_PARAMETER_4;
	/* In the other child the same rules place the view (SPEC §11). */
	status = h_process_expect(e, a->process_fd, NT_PROCESS_VM_OPERATION, &remote);
	if (status)
		return status;
	status = h_section_expect(e, a->section_fd, &sec);
	if (status)
		return status;
	if ((sec.access & h_needed(a->protect)) != h_needed(a->protect))
		return NT_STATUS_ACCESS_DENIED;
	/* MEM_REPLACE_PLACEHOLDER: page alignment only (SPEC §12). */
	if ((base | offset) & ((replace ? NT_PAGE : NT_GRAN) - 1))
		return NT_STATUS_MAPPED_ALIGNMENT;
	if (!(h_allowed(sec.prot) & (a->protect & 0xff)))
		return NT_STATUS_SECTION_PROTECTION;
	/* ABI 2.4: MEM_RESERVE on a file makes an extendable view, of a writable section. */
	extendable = sec.file_backed && (a->alloc_type & NT_MEM_RESERVE);
	if (extendable && sec.prot != NT_PAGE_READWRITE && sec.prot != NT_PAGE_EXECUTE_READWRITE)
		return NT_STATUS_SECTION_PROTECTION;
	size = h_section_size(e, sec.fd);
	if (offset >= size)
		return NT_STATUS_INVALID_VIEW_SIZE;
	if (view_size && view_size > size - offset && !extendable)
		return NT_STATUS_INVALID_VIEW_SIZE;
	view = view_size ? view_size : size - offset;
	if (view > ~0ULL - (NT_PAGE - 1))
		return NT_STATUS_INVALID_VIEW_SIZE;
	rounded = (view + NT_PAGE - 1) & ~(NT_PAGE - 1);
	if (base && rounded > ts - base)
		return NT_STATUS_INVALID_VIEW_SIZE;
	if (a->commit_size > view ||
	    (sec.file_backed && a->commit_size && !(a->alloc_type & NT_MEM_RESERVE)))
		return NT_STATUS_INVALID_PARAMETER_5;
	if (!sec.file_backed && (a->alloc_type & NT_MEM_RESERVE))
		return NT_STATUS_INVALID_PARAMETER_9;
	if ((a->alloc_type & NT_MEM_LARGE_PAGES) && (size & (2 * MiB - 1)))
		return NT_STATUS_INVALID_PARAMETER_4;
	if (replace) {
		/*
		 * No placeholder at a NULL base, none at all in the other
		 * child; here only e->hold, which a view replaces only whole.
		 */
		if (!base || remote || !h_in_hold(e, base))
			return NT_STATUS_INVALID_PARAMETER;
		if (base != e->hold || rounded != H_SEC_SIZE)
			return NT_STATUS_CONFLICTING_ADDRESSES;
		return out_ok ? NT_STATUS_SUCCESS : NT_STATUS_ACCESS_VIOLATION;
	}
	if (!base) {
		hi = max < ts - 1 ? max : ts - 1;
		if (hi < NT_GRAN || rounded > hi - NT_GRAN + 1 ||
		    ((rounded + NT_GRAN - 1) & ~(NT_GRAN - 1)) - 1 > hi - NT_GRAN)
			return NT_STATUS_NO_MEMORY;
		/* Large views may find no room in the address space as it is. */
		if (rounded <= 64 * MiB && (!x || (!x->low && !x->high)))
			return out_ok ? NT_STATUS_SUCCESS : NT_STATUS_ACCESS_VIOLATION;
	}
	return out_ok ? H_PLACED : H_PLACED_AV;
}

/* NtMapViewOfSectionEx: its own fields, the parameters, *BaseAddress, then the map. */
static __u32 h_map_ex_expect(const struct h_env *e, const struct ntsection_map_ex_args *a)
{
	struct h_ext x;
	__u32 status;
	__u64 base;

	if (a->pad || a->map.zero_bits || a->map.commit_size)
		return NT_STATUS_INVALID_PARAMETER;
	status = h_ext_expect(e, a->ext_params, a->ext_count, &x);
	if (status)
		return status;
	if (!a->map.base_address || !h_read64(e, a->map.base_address, &base))
		return NT_STATUS_ACCESS_VIOLATION;
	if (x.align || (base && h_ext_limits(&x)) || (a->map.alloc_type & NT_AT_ROUND_TO_PAGE))
		return NT_STATUS_INVALID_PARAMETER;
	return h_map_expect(e, &a->map, &x);
}

/* SPEC §1.2: an NT path naming a section, read from our own memory. */
static __u32 h_name_expect(const __u16 *name, __u32 len_bytes, int ci)
{
	static const char dir[] = "BaseNamedObjects";
	__u32 len = len_bytes / 2, pos, end, i;

	if (!len_bytes || (len_bytes & 1) || len_bytes > H_NAME_MAX)
		return NT_STATUS_OBJECT_NAME_INVALID;
	if (name[0] != '\\')
		return NT_STATUS_OBJECT_PATH_SYNTAX_BAD;
	for (end = 1; end < len && name[end] != '\\'; end++)
		;
	if (end == 1)
		return end == len ? NT_STATUS_OBJECT_TYPE_MISMATCH : NT_STATUS_OBJECT_NAME_INVALID;
	if (end - 1 != 16)
		return NT_STATUS_OBJECT_PATH_NOT_FOUND;
	for (i = 0; i < 16; i++) {
		__u16 c = name[1 + i], want = dir[i];

		if (c != want && !(ci && c < 0x80 && (c | 0x20) == (want | 0x20) &&
				   ((want | 0x20) >= 'a' && (want | 0x20) <= 'z')))
			return NT_STATUS_OBJECT_PATH_NOT_FOUND;
	}
	if (end == len)
		return NT_STATUS_OBJECT_TYPE_MISMATCH;
	pos = end + 1;
	for (end = pos; end < len && name[end] != '\\'; end++)
		;
	if (end == pos)
		return NT_STATUS_OBJECT_NAME_INVALID;
	if (end != len)
		return NT_STATUS_OBJECT_PATH_NOT_FOUND;
	if (end - pos > 255)
		return NT_STATUS_OBJECT_NAME_INVALID;
	return NT_STATUS_SUCCESS;
}

/* Is this (valid) name the one of our named section? */
static int h_is_our_name(const struct h_env *e, const __u16 *name, __u32 len, int ci)
{
	__u32 i;

	if (len != e->uname.bytes)
		return 0;
	for (i = 0; i < len / 2; i++) {
		__u16 a = name[i], b = e->uname.buf[i];

		if (a != b && !(ci && a < 0x80 && b < 0x80 && (a | 0x20) == (b | 0x20) &&
				(a | 0x20) >= 'a' && (a | 0x20) <= 'z'))
			return 0;
	}
	return 1;
}

/*
 * The name of a captured OBJECT_ATTRIBUTES, read into @name: its status
 * (too long, unreadable), and a name relative to a RootDirectory gets a
 * first unit that is no separator, so that it stops at the syntax check,
 * where the root's status replaces OBJECT_PATH_SYNTAX_BAD.
 */
static __u32 h_read_name(const struct h_env *e, const struct h_oa *oa, __u16 *name)
{
	if (oa->len > H_NAME_MAX)
		return NT_STATUS_OBJECT_NAME_INVALID;
	if (!h_read(e, oa->name, name, oa->len))
		return NT_STATUS_ACCESS_VIOLATION;
	if (oa->root && oa->len >= 2)
		name[0] = 'x';
	return NT_STATUS_SUCCESS;
}

/*
 * OBJECT_ATTRIBUTES.Attributes, Windows' checks: unknown bits, OPENLINK,
 * EXCLUSIVE with INHERIT are refused; PERMANENT at creation needs a
 * privilege and is then refused too. (EXCLUSIVE alone is decided by the
 * section opened: h_create_expect(), h_open_expect().)
 */
static __u32 h_obj_attrs_expect(__u32 attrs, int create)
{
	if (attrs & ~NT_OBJ_VALID_ATTRIBUTES)
		return NT_STATUS_INVALID_PARAMETER;
	if (attrs & NT_OBJ_OPENLINK)
		return NT_STATUS_INVALID_PARAMETER;
	if ((attrs & NT_OBJ_EXCLUSIVE) && (attrs & NT_OBJ_INHERIT))
		return NT_STATUS_INVALID_PARAMETER;
	if (create && (attrs & NT_OBJ_PERMANENT))
		return H_PERMANENT;
	return NT_STATUS_SUCCESS;
}

static __u32 h_create_expect(const struct h_env *e, const struct ntsection_create_args *a)
{
	const __u32 known = NT_SEC_BASED | NT_SEC_NO_CHANGE | NT_SEC_FILE | NT_SEC_IMAGE |
			    NT_SEC_RESERVE | NT_SEC_COMMIT | NT_SEC_NOCACHE |
			    NT_SEC_WRITECOMBINE | NT_SEC_LARGE_PAGES;
	__u32 attrs = a->alloc_attributes, prot = a->protect, status, needed, oa_status;
	int has_file, writable, size_given = !!a->maximum_size;
	__u16 name[H_NAME_MAX / 2 + 1];
	enum h_fd_kind kind = HF_BAD;
	__u64 file_size = 0, size = 0;
	struct stat st;
	struct h_oa oa;

	if ((attrs & ~known) || !(attrs & (NT_SEC_COMMIT | NT_SEC_RESERVE | NT_SEC_IMAGE)) ||
	    ((attrs & NT_SEC_IMAGE) && (attrs & (NT_SEC_COMMIT | NT_SEC_RESERVE |
						 NT_SEC_LARGE_PAGES | NT_SEC_NO_CHANGE |
						 NT_SEC_FILE | NT_SEC_WRITECOMBINE))) ||
	    ((attrs & NT_SEC_COMMIT) && (attrs & NT_SEC_RESERVE)) ||
	    ((attrs & NT_SEC_LARGE_PAGES) && (attrs & NT_SEC_RESERVE)))
		return NT_STATUS_INVALID_PARAMETER_6;
	if (!h_protect_valid(prot) || (prot & 0x700) || prot == NT_PAGE_NOACCESS)
		return NT_STATUS_INVALID_PAGE_PROTECTION;
	/* ABI 2: *MaximumSize is read and *SectionHandle set to NULL here. */
	if (size_given && !h_read64(e, a->maximum_size, &size))
		return NT_STATUS_ACCESS_VIOLATION;
	if (!h_writable(e, a->section_handle, 8))
		return NT_STATUS_ACCESS_VIOLATION;
	/* What capturing ObjectAttributes finds waits for the name's turn. */
	oa_status = h_capture_oa(e, a->object_attributes, 1, &oa);
	has_file = a->file_fd != NTSECTION_NO_FILE;
	if (!has_file && !size)
		return NT_STATUS_INVALID_PARAMETER_4;
	writable = prot == NT_PAGE_READWRITE || prot == NT_PAGE_EXECUTE_READWRITE;
	if (has_file) {
		kind = h_fd_kind(e, a->file_fd, NULL);
		if (kind == HF_BAD)
			return NT_STATUS_INVALID_HANDLE;
		if (kind == HF_FILE_UNFIT)
			return NT_STATUS_INVALID_FILE_FOR_SECTION;
		if (kind != HF_FILE_RW && kind != HF_FILE_RO)
			return NT_STATUS_OBJECT_TYPE_MISMATCH;
		needed = writable && !(attrs & NT_SEC_IMAGE);
		if (needed && kind == HF_FILE_RO)
			return NT_STATUS_ACCESS_DENIED;
		if (!fstat(a->file_fd, &st))
			file_size = st.st_size;
	}
	if ((attrs & NT_SEC_IMAGE) && !has_file)
		return NT_STATUS_INVALID_FILE_FOR_SECTION;
	if ((attrs & NT_SEC_LARGE_PAGES) && has_file)
		return NT_STATUS_INVALID_PARAMETER_6;
	if (!has_file) {
		if (size >= 1ULL << 47)
			return NT_STATUS_SECTION_TOO_BIG;
		if ((attrs & NT_SEC_LARGE_PAGES) && (size & (2 * MiB - 1)))
			return NT_STATUS_INVALID_PARAMETER_4;
	} else if (attrs & NT_SEC_IMAGE) {
		return H_ANY;	/* depends on the file's first bytes */
	} else if (size_given && (__s64)size < 0) {
		return NT_STATUS_SECTION_TOO_BIG;
	} else if (!size) {
		if (!file_size)
			return NT_STATUS_MAPPED_FILE_SIZE_ZERO;
	} else if (size > file_size && !writable) {
		return NT_STATUS_SECTION_TOO_BIG;
	}
	/* The name's turn. */
	if (oa_status)
		return oa_status;
	status = h_obj_attrs_expect(oa.attributes, 1);
	if (status)
		return status;
	if (oa.len) {
		int ci = oa.attributes & NT_OBJ_CASE_INSENSITIVE;

		status = h_read_name(e, &oa, name);
		if (!status)
			status = h_name_expect(name, oa.len, ci);
		if (oa.root && status == NT_STATUS_OBJECT_PATH_SYNTAX_BAD)
			return h_root_expect(e, oa.root);
		if (status)
			return status;
		/* Our section was made without OBJ_EXCLUSIVE: opening it so is invalid. */
		if (h_is_our_name(e, name, oa.len, ci)) {
			if (!(oa.attributes & NT_OBJ_OPENIF))
				return NT_STATUS_OBJECT_NAME_COLLISION;
			return oa.attributes & NT_OBJ_EXCLUSIVE ? NT_STATUS_INVALID_PARAMETER :
								  NT_STATUS_OBJECT_NAME_EXISTS;
		}
	}
	if (!has_file && size <= 16 * MiB)
		return NT_STATUS_SUCCESS;
	/* Growing a memfd sealed with F_SEAL_GROW: the seal says no (EPERM). */
	if (has_file && a->file_fd == (__u32)e->sealed && size > file_size)
		return NT_STATUS_ACCESS_DENIED;
	return H_MADE;
}

static __u32 h_open_expect(const struct h_env *e, const struct ntsection_open_args *a)
{
	__u16 name[H_NAME_MAX / 2 + 1];
	struct h_oa oa;
	__u32 status;
	int ci;

	if (a->pad)
		return NT_STATUS_INVALID_PARAMETER;
	/* ABI 2: *SectionHandle set to NULL, then *ObjectAttributes captured. */
	if (!h_writable(e, a->section_handle, 8))
		return NT_STATUS_ACCESS_VIOLATION;
	status = h_capture_oa(e, a->object_attributes, 0, &oa);
	if (status)
		return status;
	if (oa.root && !oa.len)
		return h_root_expect(e, oa.root);	/* the root itself: no section */
	status = h_read_name(e, &oa, name);
	if (status)
		return status;
	status = h_obj_attrs_expect(oa.attributes, 0);
	if (status)
		return status;
	ci = oa.attributes & NT_OBJ_CASE_INSENSITIVE;
	status = h_name_expect(name, oa.len, ci);
	if (oa.root && status == NT_STATUS_OBJECT_PATH_SYNTAX_BAD)
		return h_root_expect(e, oa.root);
	if (status)
		return status;
	if (!h_is_our_name(e, name, oa.len, ci))
		return NT_STATUS_OBJECT_NAME_NOT_FOUND;
	/* Our own section, made without OBJ_EXCLUSIVE: the owner may open it. */
	if (oa.attributes & NT_OBJ_EXCLUSIVE)
		return NT_STATUS_INVALID_PARAMETER;
	return NT_STATUS_SUCCESS;
}

static __u32 h_query_expect(const struct h_env *e, const struct ntsection_query_args *a)
{
	struct h_sec sec;
	__u32 status;
	__u64 len;

	if (a->pad)
		return NT_STATUS_INVALID_PARAMETER;
	/* ABI 2: *ReturnLength is read first. */
	if (a->return_length && !h_read64(e, a->return_length, &len))
		return NT_STATUS_ACCESS_VIOLATION;
	if (a->info_class > NT_SECTION_IMAGE_INFORMATION)
		return NT_STATUS_INVALID_INFO_CLASS;
	if (a->length < (a->info_class ? 64 : 24))
		return NT_STATUS_INFO_LENGTH_MISMATCH;
	status = h_section_expect(e, a->section_fd, &sec);
	if (status)
		return status;
	if (!(sec.access & NT_SECTION_QUERY))
		return NT_STATUS_ACCESS_DENIED;
	if (a->info_class)
		return NT_STATUS_SECTION_NOT_IMAGE;
	if (!h_writable(e, a->buffer, sizeof(struct ntsection_basic_information)))
		return NT_STATUS_ACCESS_VIOLATION;
	if (a->return_length && !h_writable(e, a->return_length, 8))
		return NT_STATUS_ACCESS_VIOLATION;
	return NT_STATUS_SUCCESS;
}

static __u32 h_extend_expect(const struct h_env *e, const struct ntsection_extend_args *a)
{
	struct h_sec sec;
	__u32 status;
	__u64 size;
	int out_ok;

	/* ABI 2: *NewSectionSize is read first, and written back last. */
	if (!a->new_section_size || !h_read64(e, a->new_section_size, &size))
		return NT_STATUS_ACCESS_VIOLATION;
	out_ok = h_writable(e, a->new_section_size, 8);
	status = h_section_expect(e, a->section_fd, &sec);
	if (status)
		return status;
	if (!(sec.access & NT_SECTION_EXTEND_SIZE))
		return NT_STATUS_ACCESS_DENIED;
	if (!sec.file_backed)
		return NT_STATUS_SECTION_NOT_EXTENDED;
	if ((__s64)size <= (__s64)h_section_size(e, sec.fd))
		return out_ok ? NT_STATUS_SUCCESS : NT_STATUS_ACCESS_VIOLATION;
	return out_ok ? H_MADE : H_MADE_AV;
}

static int h_in_view(const struct h_env *e, __u64 addr)
{
	return e->view && addr >= (uintptr_t)e->view && addr < (uintptr_t)e->view + e->view_size;
}

/*
 * NtFreeVirtualMemory (SPEC §12) once the process handle is good: a view
 * is never freed; e->hold is the one placeholder; the rest is private
 * memory, the library's (NOT_MAPPED_VIEW; NOT_SUPPORTED in the other child,
 * which has no placeholder). NTSECTION_FREE_PRIVATE_PLACEHOLDER: the engine
 * points it at no private memory but what ALLOCATE_EX made of e->hold, and
 * only h_call() does that (h_random_safe()), so it finds no such memory.
 */
static __u32 h_free_expect(const struct h_env *e, const struct ntsection_vm_args *a, int remote)
{
	__u32 type = a->alloc_type;
	__u64 start, end, ps = e->hold, pe = e->hold + H_SEC_SIZE;

	if (type != NT_MEM_DECOMMIT && type != NT_MEM_RELEASE &&
	    type != (NT_MEM_RELEASE | NT_MEM_PRESERVE_PLACEHOLDER) &&
	    type != (NT_MEM_RELEASE | NT_MEM_COALESCE_PLACEHOLDERS))
		return NT_STATUS_INVALID_PARAMETER_4;
	if (a->pad) {
		if (remote || type != (NT_MEM_RELEASE | NT_MEM_PRESERVE_PLACEHOLDER))
			return NT_STATUS_INVALID_PARAMETER;
		return NT_STATUS_CONFLICTING_ADDRESSES;
	}
	if (a->base >= h_task_size)
		return NT_STATUS_INVALID_PARAMETER_2;
	if (remote)
		return NT_STATUS_NOT_SUPPORTED;
	if (h_in_view(e, a->base))
		return NT_STATUS_UNABLE_TO_DELETE_SECTION;
	start = a->base & ~(NT_PAGE - 1);
	if (a->size > h_task_size - a->base || !h_in_hold(e, start))
		return NT_STATUS_NOT_MAPPED_VIEW;
	end = a->size ? (a->base + a->size + NT_PAGE - 1) & ~(NT_PAGE - 1) : 0;
	if (!a->size && start != ps)
		return NT_STATUS_FREE_VM_NOT_AT_BASE;
	if (!(type & NT_MEM_COALESCE_PLACEHOLDERS) && end > pe)
		return NT_STATUS_UNABLE_TO_FREE_VM;
	switch (type) {
	case NT_MEM_DECOMMIT:
		return NT_STATUS_SUCCESS;
	case NT_MEM_RELEASE:
		/* Any range inside it: what is left on either side stays one. */
		return NT_STATUS_SUCCESS;
	case NT_MEM_RELEASE | NT_MEM_PRESERVE_PLACEHOLDER:
		return !end ? NT_STATUS_INVALID_PARAMETER_3 :
		       start == ps && end == pe ? NT_STATUS_CONFLICTING_ADDRESSES :
		       NT_STATUS_SUCCESS;
	default:
		/* One placeholder is nothing to coalesce. */
		return !end ? NT_STATUS_INVALID_PARAMETER_3 : NT_STATUS_CONFLICTING_ADDRESSES;
	}
}

/* NtUnmapViewOfSectionEx: the sentinel view is no placeholder's. */
static __u32 h_unmap_ex_expect(const struct h_env *e, const struct ntsection_unmap_ex_args *a)
{
	__u32 status;
	int remote;

	if (a->pad || (a->flags & ~(NT_MEM_PRESERVE_PLACEHOLDER |
				    NT_MEM_UNMAP_WITH_TRANSIENT_BOOST)))
		return NT_STATUS_INVALID_PARAMETER;
	status = h_process_expect(e, a->process_fd, NT_PROCESS_VM_OPERATION, &remote);
	if (status)
		return status;
	if (remote || !h_in_view(e, a->base))
		return NT_STATUS_NOT_MAPPED_VIEW;
	return a->flags & NT_MEM_PRESERVE_PLACEHOLDER ? NT_STATUS_CONFLICTING_ADDRESSES :
							NT_STATUS_SUCCESS;
}

static __u32 h_vm_expect(const struct h_env *e, unsigned long cmd,
			 const struct ntsection_vm_args *a)
{
	__u64 first, last;
	__u32 status;
	int remote;

	if ((a->pad && (cmd != NTSECTION_IOC_FREE ||
			a->pad != NTSECTION_FREE_PRIVATE_PLACEHOLDER)) || a->old_protect)
		return NT_STATUS_INVALID_PARAMETER;
	status = h_process_expect(e, a->process_fd, NT_PROCESS_VM_OPERATION, &remote);
	if (status)
		return status;
	if (cmd == NTSECTION_IOC_FREE)
		return h_free_expect(e, a, remote);
	if (a->alloc_type != NT_MEM_COMMIT)
		return NT_STATUS_INVALID_PARAMETER_5;
	/* In another process: a view is looked for first, as NtFreeVirtualMemory does. */
	if (remote)
		return a->base >= h_task_size ? NT_STATUS_INVALID_PARAMETER_2 :
						NT_STATUS_NOT_SUPPORTED;
	if (!h_protect_valid(a->protect))
		return NT_STATUS_INVALID_PAGE_PROTECTION;
	if (a->base >= h_task_size || a->size > h_task_size - a->base)
		return NT_STATUS_INVALID_PARAMETER_2;
	if (!h_in_view(e, a->base))
		return NT_STATUS_NOT_MAPPED_VIEW;
	first = a->base & ~(NT_PAGE - 1);
	last = (a->base + (a->size ? a->size : 1) + NT_PAGE - 1) & ~(NT_PAGE - 1);
	if (last > (uintptr_t)e->view + e->view_size)
		return NT_STATUS_CONFLICTING_ADDRESSES;
	(void)first;
	if (!(h_allowed(NT_PAGE_READWRITE) & (a->protect & 0xff)))
		return NT_STATUS_SECTION_PROTECTION;
	return NT_STATUS_SUCCESS;
}

/* What is at an address, for the ABI 2.1 calls. */
enum h_mem { HM_FREE, HM_OTHER, HM_VIEW, HM_FILE_VIEW, HM_IMAGE };

/*
 * The memory at @addr: one of the fixture's views (its start, and its span:
 * what NtProtectVirtualMemory may cover of it), memory that is no view, or
 * none at all (mincore() answers as the kernel's find_vma() does).
 */
static enum h_mem h_mem_at(const struct h_env *e, __u64 addr, __u64 *start, __u64 *span)
{
	enum h_mem mem = HM_OTHER;
	__u64 s = 0, n = 0;
	unsigned char vec;

	if (e->image && addr - (uintptr_t)e->image < e->image_size) {
		mem = HM_IMAGE;
		s = (uintptr_t)e->image;
		n = e->image_size;
	} else if (e->fview && addr - (uintptr_t)e->fview < e->fview_size) {
		mem = HM_FILE_VIEW;
		s = (uintptr_t)e->fview;
		n = e->fview_size;
	} else if (h_in_view(e, addr)) {
		mem = HM_VIEW;
		s = (uintptr_t)e->view;
		n = e->view_size;
	} else if (addr >= h_task_size ||
		   (mincore((void *)(uintptr_t)(addr & ~(NT_PAGE - 1)), NT_PAGE, &vec) &&
		    errno == ENOMEM)) {
		mem = HM_FREE;
	}
	if (start)
		*start = s;
	if (span)
		*span = n;
	return mem;
}

/*
 * ABI 2.2. Is @addr in a mapping of the other child (/proc/PID/maps: its
 * VMAs, as the kernel's find_vma() sees them)? It runs nothing but pause()
 * and has no view but the moments a call maps one there.
 */
static int h_other_mapped(const struct h_env *e, __u64 addr)
{
	unsigned long long start, end;
	char path[64], line[512];
	int hit = 0;
	FILE *f;

	if (addr >= h_task_size)
		return 0;
	snprintf(path, sizeof(path), "/proc/%d/maps", (int)e->other);
	f = fopen(path, "r");
	if (!f)
		return 0;
	while (!hit && fgets(line, sizeof(line), f))
		hit = sscanf(line, "%llx-%llx", &start, &end) == 2 && addr >= start && addr < end;
	fclose(f);
	return hit;
}

/* The process generic mapping (SPEC §11, as Windows and Wine have it). */
static __u32 h_process_access(__u32 desired)
{
	__u32 access = desired & NT_PROCESS_ALL_ACCESS;

	if (desired & (NT_MAXIMUM_ALLOWED | NT_GENERIC_ALL))
		return NT_PROCESS_ALL_ACCESS;
	if (desired & NT_GENERIC_READ)
		access |= 0x00020410;
	if (desired & NT_GENERIC_WRITE)
		access |= 0x00020bea;
	if (desired & NT_GENERIC_EXECUTE)
		access |= 0x00121001;
	/* QUERY_INFORMATION and SET_INFORMATION include their LIMITED rights. */
	if (access & NT_PROCESS_QUERY_INFORMATION)
		access |= NT_PROCESS_QUERY_LIMITED_INFORMATION;
	if (access & 0x0200)
		access |= 0x2000;
	return access;
}

/* What a CLIENT_ID value names. */
enum h_pid_kind { HPK_NONE, HPK_SELF, HPK_OTHER, HPK_OTHER_THREAD, HPK_EXECD, HPK_INIT,
		  HPK_KTHREAD, HPK_FOREIGN };

static enum h_pid_kind h_pid_kind(const struct h_env *e, __u64 v)
{
	if (!v || v > H_PID_MAX_LIMIT)
		return HPK_NONE;
	if (v == (__u64)getpid())
		return HPK_SELF;
	if (v == (__u64)e->other)
		return HPK_OTHER;
	if (v == (__u64)e->other_tid)
		return HPK_OTHER_THREAD;
	if (v == (__u64)e->execd)
		return HPK_EXECD;
	if (v == 1)
		return HPK_INIT;
	if (v == 2)
		return HPK_KTHREAD;	/* kthreadd */
	/*
	 * A value read from the pool may name some process of the guest's
	 * (a kworker, the harness): what opening it says depends on who it is.
	 */
	if (!kill((pid_t)v, 0) || errno == EPERM)
		return HPK_FOREIGN;
	return HPK_NONE;		/* the reaped child, or nothing at all */
}

static pid_t h_kind_pid(const struct h_env *e, enum h_pid_kind k)
{
	switch (k) {
	case HPK_SELF:
		return getpid();
	case HPK_OTHER:
		return e->other;
	case HPK_EXECD:
		return e->execd;
	case HPK_INIT:
		return 1;
	case HPK_KTHREAD:
		return 2;
	default:
		return 0;
	}
}

/*
 * NtOpenProcess (struct ntsection_open_process_args): the flags, then the
 * process (a pidfd's; or OBJECT_ATTRIBUTES, read for its ObjectName and
 * OBJ_INHERIT, and the CLIENT_ID), then who may open it (ptrace attach
 * with Yama's descendant rule: kernel threads never, init only with
 * CAP_SYS_PTRACE, this process and its children always), then
 * *ProcessHandle. On success @pid and @inherit say what the
 * handle must be.
 */
static __u32 h_open_process_expect(const struct h_env *e,
				   const struct ntsection_open_process_args *a, pid_t *pid,
				   int *inherit)
{
	struct nts_object_attributes oa;
	enum h_pid_kind k = HPK_NONE, kt;
	__u64 proc, thread;

	*pid = 0;
	*inherit = 0;
	if ((a->flags & ~NTSECTION_PROCESS_PIDFD) ||
	    (!(a->flags & NTSECTION_PROCESS_PIDFD) && a->pidfd))
		return NT_STATUS_INVALID_PARAMETER;
	if (a->flags & NTSECTION_PROCESS_PIDFD) {
		switch (h_fd_kind(e, a->pidfd, NULL)) {
		case HF_BAD:
			return NT_STATUS_INVALID_HANDLE;
		case HF_PID_SELF:
			k = HPK_SELF;
			break;
		case HF_PID_OTHER:
			k = HPK_OTHER;
			break;
		case HF_PID_DEAD:
			return NT_STATUS_INVALID_CID;	/* a pid that no process has now */
		default:
			return NT_STATUS_OBJECT_TYPE_MISMATCH;
		}
	} else {
		if (!a->object_attributes || !h_read(e, a->object_attributes, &oa, sizeof(oa)))
			return NT_STATUS_ACCESS_VIOLATION;
		*inherit = !!(oa.attributes & NT_OBJ_INHERIT);
		if (oa.object_name || !a->client_id)
			return NT_STATUS_INVALID_PARAMETER_MIX;
		if (!h_read64(e, a->client_id, &proc) || !h_read64(e, a->client_id + 8, &thread))
			return NT_STATUS_ACCESS_VIOLATION;
		if (!thread) {
			k = h_pid_kind(e, proc);
			/* A thread's id is no process's. */
			if (k == HPK_NONE || k == HPK_OTHER_THREAD)
				return NT_STATUS_INVALID_CID;
			if (k == HPK_FOREIGN)
				return H_ANY;
		} else {
			kt = h_pid_kind(e, thread);
			if (kt == HPK_NONE)
				return NT_STATUS_INVALID_CID;
			if (kt == HPK_FOREIGN || h_pid_kind(e, proc) == HPK_FOREIGN)
				return H_ANY;
			k = kt == HPK_OTHER_THREAD ? HPK_OTHER : kt;
			if (proc && proc != (__u64)h_kind_pid(e, k))
				return NT_STATUS_INVALID_CID;
		}
	}
	if (k == HPK_KTHREAD || (k == HPK_INIT && !e->ptrace_cap))
		return NT_STATUS_ACCESS_DENIED;
	*pid = h_kind_pid(e, k);
	if (!h_writable(e, a->process_handle, 8))
		return NT_STATUS_ACCESS_VIOLATION;
	return NT_STATUS_SUCCESS;
}

/*
 * Where NtReadVirtualMemory and NtWriteVirtualMemory reach: the scratch
 * pages, which the other child has at the same address: two read-write
 * pages, a read-only one (no FOLL_FORCE: it cannot be written) and two
 * PROT_NONE ones (never a hole: a later mmap() would fill it), or where no
 * memory can be. Nothing else either process has is ever asked for.
 */
static int h_rw_page_ok(const struct h_env *e, __u64 addr, int write)
{
	__u64 s = (uintptr_t)e->scratch;

	if (addr < s || addr >= s + 3 * NT_PAGE)
		return 0;
	return !write || addr < s + 2 * NT_PAGE;
}

/* What READ_VM or WRITE_VM must do. */
struct h_rw {
	__u32 status;
	int reached;	/* the process handle was good (or its process gone): *bytes is written */
	int remote;	/* in the other child */
	__u64 done;	/* the bytes copied */
};

/* The page-by-page copy of process.c, in its order of checks. */
static void h_rw_model(const struct h_env *e, unsigned long cmd,
		       const struct ntsection_rw_vm_args *a, struct h_rw *m)
{
	int write = cmd == NTSECTION_IOC_WRITE_VM;
	__u64 ts = h_task_size, off, n;

	memset(m, 0, sizeof(*m));
	m->status = h_process_expect(e, a->process_fd,
				     write ? NT_PROCESS_VM_WRITE : NT_PROCESS_VM_READ, &m->remote);
	/* A handle of a process that is gone is good: 0 bytes were copied. */
	if (m->status && m->status != NT_STATUS_PROCESS_IS_TERMINATING)
		return;
	m->reached = 1;
	if (m->status) {
		/* *bytes only */
	} else if (a->size && (a->buffer + a->size < a->buffer || a->buffer + a->size > ts)) {
		m->status = NT_STATUS_ACCESS_VIOLATION;
	} else if (a->size && (a->address + a->size < a->address || a->address + a->size > ts)) {
		m->status = NT_STATUS_PARTIAL_COPY;
	} else {
		while (m->done < a->size) {
			off = (a->address + m->done) & (NT_PAGE - 1);
			n = a->size - m->done < NT_PAGE - off ? a->size - m->done : NT_PAGE - off;
			if (write && !h_user_ok(e, a->buffer + m->done, n, 0)) {
				m->status = NT_STATUS_ACCESS_VIOLATION;
				break;
			}
			if (!h_rw_page_ok(e, a->address + m->done, write)) {
				m->status = NT_STATUS_PARTIAL_COPY;
				break;
			}
			if (!write && !h_user_ok(e, a->buffer + m->done, n, 1)) {
				m->status = NT_STATUS_ACCESS_VIOLATION;
				break;
			}
			m->done += n;
		}
	}
	if (a->bytes && !h_writable(e, a->bytes, 8))
		m->status = NT_STATUS_ACCESS_VIOLATION;
}

/* @len bytes of the scratch pages at @addr, in this process or the other child. */
static int h_rw_source(const struct h_env *e, int remote, __u64 addr, void *out, __u64 len)
{
	if (!len)
		return 1;
	if (!remote) {
		memcpy(out, (const void *)(uintptr_t)addr, len);
		return 1;
	}
	return pread(e->other_mem, out, len, addr) == (ssize_t)len;
}

/* The UNICODE_STRING of a 64-bit caller, as MemoryMappedFilenameInformation writes it. */
struct h_ustring {
	__u16 length;
	__u16 maximum_length;
	__u32 pad;
	__u64 buffer;
};

/* What NtQueryVirtualMemory must do: its status, *ReturnLength, the buffer. */
struct h_qvi {
	__u32 status;
	__u64 ret_len;		/* what *ReturnLength gets; 0: it is not written */
	int tried;		/* the buffer is written (up to a fault) ... */
	__u64 out_len;		/* ... with these bytes */
	__u8 out[sizeof(struct h_ustring) + 2 * H_FNAME_MAX];
	int any;		/* any bytes there (what a region is, seen elsewhere) */
	int ws;			/* working-set entries: addresses kept, attributes 0 */
};

/* The kernel-doc of struct ntsection_query_vm_args, in the kernel's order. */
static void h_qvi_model(const struct h_env *e, const struct ntsection_query_vm_args *a,
			struct h_qvi *m)
{
	struct ntsection_memory_image_information mi = {};
	struct h_ustring us = {};
	__u64 start, span, need;
	enum h_mem mem;

	int remote = 0;

	memset(m, 0, sizeof(*m));
	m->status = a->pad ? NT_STATUS_INVALID_PARAMETER :
		    h_process_expect(e, a->process_fd, NT_PROCESS_QUERY_LIMITED_INFORMATION,
				     &remote);
	if (m->status)
		return;
	/* The other child has no view: its memory is free or other memory. */
	if (remote)
		mem = h_other_mapped(e, a->address) ? HM_OTHER : HM_FREE;
	else
		mem = h_mem_at(e, a->address, &start, &span);
	switch (a->info_class) {
	case NT_MEMORY_IMAGE_INFORMATION:
		if (mem == HM_FREE) {
			m->status = NT_STATUS_INVALID_ADDRESS;
			return;
		}
		if (a->length < sizeof(mi)) {
			m->status = NT_STATUS_INFO_LENGTH_MISMATCH;
			return;
		}
		/* The whole image view, executable: no flags. Zeros elsewhere. */
		if (mem == HM_IMAGE) {
			mi.image_base = start;
			mi.size_of_image = span;
		}
		memcpy(m->out, &mi, sizeof(mi));
		m->out_len = sizeof(mi);
		m->tried = 1;
		if (!h_writable(e, a->buffer, sizeof(mi))) {
			m->status = NT_STATUS_ACCESS_VIOLATION;
			return;
		}
		m->ret_len = sizeof(mi);
		break;
	case NT_MEMORY_MAPPED_FILENAME_INFORMATION:
		if (mem == HM_VIEW) {
			m->status = NT_STATUS_FILE_INVALID;
			return;
		}
		if (mem != HM_IMAGE && mem != HM_FILE_VIEW) {
			m->status = NT_STATUS_INVALID_ADDRESS;
			return;
		}
		/* Both views name the PE file: a short buffer learns the size needed. */
		need = sizeof(us) + e->fname_bytes + 2;
		m->ret_len = need;
		if (a->length < sizeof(us)) {
			m->status = NT_STATUS_INFO_LENGTH_MISMATCH;
		} else if (a->length < need) {
			m->status = NT_STATUS_BUFFER_OVERFLOW;
		} else {
			us.length = e->fname_bytes;
			us.maximum_length = e->fname_bytes + 2;
			us.buffer = a->buffer + sizeof(us);
			memcpy(m->out, &us, sizeof(us));
			memcpy(m->out + sizeof(us), e->fname, e->fname_bytes + 2);
			m->out_len = need;
			m->tried = 1;
			if (!h_writable(e, a->buffer, need))
				m->status = NT_STATUS_ACCESS_VIOLATION;
		}
		break;
	case NT_MEMORY_REGION_INFORMATION:
	case NT_MEMORY_REGION_INFORMATION_EX:
		if (a->length < offsetof(struct ntsection_memory_region_information, commit_size)) {
			m->status = NT_STATUS_INFO_LENGTH_MISMATCH;
			return;
		}
		if (mem == HM_FREE) {
			m->status = NT_STATUS_INVALID_ADDRESS;
			return;
		}
		/* The fields that fit whole (the region itself is judged elsewhere). */
		need = sizeof(struct ntsection_memory_region_information);
		m->out_len = a->length >= need ? need : a->length & ~7ULL;
		m->any = 1;
		m->tried = 1;
		if (!h_writable(e, a->buffer, m->out_len)) {
			m->status = NT_STATUS_ACCESS_VIOLATION;
			return;
		}
		m->ret_len = need;
		break;
	case NT_MEMORY_WORKING_SET_EX_INFORMATION:
		need = a->length / sizeof(struct ntsection_memory_working_set_ex_information);
		if (!need) {
			m->status = NT_STATUS_INFO_LENGTH_MISMATCH;
			return;
		}
		/* The poisoned addresses are above the user address space: 0. */
		m->out_len = need * sizeof(struct ntsection_memory_working_set_ex_information);
		m->ws = 1;
		m->tried = 1;
		if (!h_writable(e, a->buffer, m->out_len)) {
			m->status = NT_STATUS_ACCESS_VIOLATION;
			return;
		}
		m->ret_len = a->length;
		break;
	default:
		m->status = NT_STATUS_INVALID_INFO_CLASS;
		return;
	}
	if (a->return_length && !h_writable(e, a->return_length, 8))
		m->status = NT_STATUS_ACCESS_VIOLATION;
}

/* NtAreMappedFilesTheSame: what an address is, or the status why not. */
static __u32 h_ident(const struct h_env *e, __u64 addr, int *image, int *file, __u64 *start)
{
	enum h_mem mem;

	if (!addr)
		return NT_STATUS_INVALID_ADDRESS;
	mem = h_mem_at(e, addr, start, NULL);
	if (mem == HM_FREE)
		return NT_STATUS_INVALID_ADDRESS;
	if (mem == HM_OTHER)
		return NT_STATUS_CONFLICTING_ADDRESSES;
	*image = mem == HM_IMAGE;
	*file = mem != HM_VIEW;		/* the PE file; the pagefile view has none */
	return NT_STATUS_SUCCESS;
}

/* An image view and any view of its file are the same; a data view only itself. */
static __u32 h_same_files_expect(const struct h_env *e, const struct ntsection_same_files_args *a)
{
	int image1 = 0, image2 = 0, file1 = 0, file2 = 0;
	__u64 start1 = 0, start2 = 0;
	__u32 status;

	if (a->pad)
		return NT_STATUS_INVALID_PARAMETER;
	status = h_ident(e, a->address1, &image1, &file1, &start1);
	if (!status)
		status = h_ident(e, a->address2, &image2, &file2, &start2);
	if (status)
		return status;
	if (image1)
		return file1 == file2 ? NT_STATUS_SUCCESS : NT_STATUS_NOT_SAME_DEVICE;
	return !image2 && start1 == start2 && file1 == file2 ? NT_STATUS_SUCCESS :
							       NT_STATUS_NOT_SAME_DEVICE;
}

/* NTSECTION_IOC_PROTECT: a page range inside one view, or 0 bytes to withdraw. */
static __u32 h_protect_expect(const struct h_env *e, const struct ntsection_vm_args *a)
{
	__u64 start, span;
	__u32 status;
	int remote;

	if (a->pad || a->old_protect)
		return NT_STATUS_INVALID_PARAMETER;
	status = h_process_expect(e, a->process_fd, NT_PROCESS_VM_OPERATION, &remote);
	if (status)
		return status;
	if (a->alloc_type || a->protect)
		return NT_STATUS_INVALID_PARAMETER;
	/* The permit is for this thread's own mprotect(). */
	if (remote)
		return NT_STATUS_NOT_SUPPORTED;
	if (!a->size)
		return NT_STATUS_SUCCESS;
	if (a->base >= h_task_size || a->size > h_task_size - a->base ||
	    ((a->base | a->size) & (NT_PAGE - 1)))
		return NT_STATUS_INVALID_PARAMETER_2;
	switch (h_mem_at(e, a->base, &start, &span)) {
	case HM_FREE:
	case HM_OTHER:
		return NT_STATUS_NOT_MAPPED_VIEW;
	default:
		return a->base + a->size > start + span ? NT_STATUS_CONFLICTING_ADDRESSES :
							  NT_STATUS_SUCCESS;
	}
}

/* ABI 2.3: the right a user APC needs of its process handle (0: no such op). */
static __u32 h_apc_access(__u32 op)
{
	switch (op) {
	case NTSECTION_APC_ALLOCATE:
	case NTSECTION_APC_FREE:
	case NTSECTION_APC_PROTECT:
		return NT_PROCESS_VM_OPERATION;
	case NTSECTION_APC_QUERY:
		return NT_PROCESS_QUERY_LIMITED_INFORMATION;
	default:
		return 0;
	}
}

/*
 * What the fixture's APC server (h_apc_server()) answers a call: the
 * status the call's last argument names (but the harness's own values,
 * 0xfffffff0 and up, and its "not written" 0xdeadbeef, answered as
 * UNSUCCESSFUL), and results made of the op and the arguments, none left
 * as it came. The call's id plays no part: the caller never sees it.
 */
static void h_apc_answer(const struct ntsection_apc *call, struct ntsection_apc *reply)
{
	__u32 status = (__u32)call->arg[5];
	int i;

	if (status >= 0xfffffff0u || status == 0xdeadbeef)
		status = NT_STATUS_UNSUCCESSFUL;
	reply->id = call->id;
	reply->op = call->op;
	reply->status = status;
	for (i = 0; i < 6; i++)
		reply->arg[i] = (call->arg[i] ^ H_APC_MIX) + call->op + i;
}

/*
 * NTSECTION_IOC_APC_CALL, in the kernel's order: op, id and status; the
 * process handle (the right the op needs); this process (its library runs
 * its own calls); then the target: the server answers by h_apc_answer()
 * (*@served set, @answer its answer), the other child has no APC fd.
 */
static __u32 h_apc_call_expect(const struct h_env *e, const struct ntsection_apc_call_args *a,
			       struct ntsection_apc *answer, int *served)
{
	__u32 need = h_apc_access(a->apc.op), status;
	int remote, i;

	*served = 0;
	if (!need || a->apc.id || a->apc.status)
		return NT_STATUS_INVALID_PARAMETER;
	for (i = 0; i < 2; i++) {
		if (e->apc_ph[i] < 0 || a->process_fd != (__u32)e->apc_ph[i])
			continue;
		if ((e->apc_ph_access[i] & need) != need)
			return NT_STATUS_ACCESS_DENIED;
		h_apc_answer(&a->apc, answer);
		*served = 1;
		return answer->status;
	}
	status = h_process_expect(e, a->process_fd, need, &remote);
	if (status)
		return status;
	return remote ? NT_STATUS_NOT_SUPPORTED : NT_STATUS_INVALID_PARAMETER;
}

/*
 * NtFlushVirtualMemory (ABI 2.4), in the kernel's order: the three
 * pointers read; the range against the user address space; the process
 * handle; then, in this process, the view at the base and its kind.
 * Another process's memory is not modelled (H_ANY, its outputs taken).
 * *@ran: the writeback ran, and wrote back @first and @len.
 */
static __u32 h_flush_model(const struct h_env *e, const struct ntsection_flush_args *a,
			   int *ran, int *remote, __u64 *first, __u64 *len)
{
	__u64 base, size, iosb, start = 0, span = 0, last;
	enum h_mem mem;
	__u32 status;

	*ran = 0;
	*remote = 0;
	if (!h_read64(e, a->base_address, &base) || !h_read64(e, a->region_size, &size) ||
	    !h_read64(e, a->io_status, &iosb))
		return NT_STATUS_ACCESS_VIOLATION;
	if (base > h_task_size - 1 || h_task_size - 1 - base < size)
		return NT_STATUS_INVALID_PARAMETER_2;
	status = h_process_expect(e, a->process_fd, NT_PROCESS_VM_OPERATION, remote);
	if (status)
		return status;
	if (*remote)
		return H_ANY;
	mem = h_mem_at(e, base, &start, &span);
	if (mem == HM_FREE || mem == HM_OTHER)
		return NT_STATUS_NOT_MAPPED_VIEW;
	*first = base & ~(NT_PAGE - 1);
	last = size ? (base + size - 1) | (NT_PAGE - 1) : start + span - 1;
	if (last > start + span - 1)
		return NT_STATUS_NOT_MAPPED_VIEW;
	if (mem != HM_FILE_VIEW)
		return NT_STATUS_NOT_MAPPED_DATA;
	*ran = 1;
	*len = last - *first + 1;
	return NT_STATUS_SUCCESS;
}

static __u32 h_expect(const struct h_env *e, unsigned long cmd, const union h_arg *a)
{
	struct ntsection_apc answer;
	int remote, inherit, served;
	struct h_made made;
	__u64 first, len;
	struct h_qvi qvi;
	struct h_rw rw;
	__u32 status;
	pid_t pid;

	switch (cmd) {
	case NTSECTION_IOC_VERSION:
		return NT_STATUS_SUCCESS;
	case NTSECTION_IOC_CREATE:
		return h_create_expect(e, &a->create);
	case NTSECTION_IOC_OPEN:
		return h_open_expect(e, &a->open);
	case NTSECTION_IOC_MAP:
		return h_map_expect(e, &a->map, NULL);
	case NTSECTION_IOC_MAP_EX:
		return h_map_ex_expect(e, &a->map_ex);
	case NTSECTION_IOC_UNMAP_EX:
		return h_unmap_ex_expect(e, &a->unmap_ex);
	case NTSECTION_IOC_ALLOCATE_EX:
		return h_alloc_ex_expect(e, &a->alloc_ex, &made);
	case NTSECTION_IOC_CREATE_EX:
		status = h_section_ext_expect(e, &a->create_ex);
		return status ? status : h_create_expect(e, &a->create_ex.create);
	case NTSECTION_IOC_UNMAP:
		status = h_process_expect(e, a->unmap.process_fd, NT_PROCESS_VM_OPERATION, &remote);
		if (status)
			return status;
		return !remote && h_in_view(e, a->unmap.base) ? NT_STATUS_SUCCESS :
								NT_STATUS_NOT_MAPPED_VIEW;
	case NTSECTION_IOC_QUERY:
		return h_query_expect(e, &a->query);
	case NTSECTION_IOC_EXTEND:
		return h_extend_expect(e, &a->extend);
	case NTSECTION_IOC_COMMIT:
	case NTSECTION_IOC_FREE:
		return h_vm_expect(e, cmd, &a->vm);
	case NTSECTION_IOC_QUERY_VM:
		status = h_process_expect(e, a->vm_info.process_fd,
					  NT_PROCESS_QUERY_LIMITED_INFORMATION, &remote);
		if (status)
			return status;
		if (a->vm_info.address >= h_task_size)
			return NT_STATUS_INVALID_PARAMETER_2;
		/*
		 * Another process's memory that is no view, and the fixture's
		 * placeholder (ABI 2.4): the kernel describes them.
		 */
		return remote || h_in_view(e, a->vm_info.address) ||
		       h_in_hold(e, a->vm_info.address) ? NT_STATUS_SUCCESS :
							  NT_STATUS_NOT_MAPPED_VIEW;
	case NTSECTION_IOC_QUERY_VM_INFO:
		h_qvi_model(e, &a->query_vm, &qvi);
		return qvi.status;
	case NTSECTION_IOC_SAME_FILES:
		return h_same_files_expect(e, &a->same);
	case NTSECTION_IOC_PROTECT:
		return h_protect_expect(e, &a->vm);
	case NTSECTION_IOC_OPEN_PROCESS:
		return h_open_process_expect(e, &a->op, &pid, &inherit);
	case NTSECTION_IOC_READ_VM:
	case NTSECTION_IOC_WRITE_VM:
		h_rw_model(e, cmd, &a->rw, &rw);
		return rw.status;
	case NTSECTION_IOC_APC_OPEN:
		/* One APC fd per process (nothing of the block is read). */
		return e->apc_fd >= 0 || h_count_apc_strays(e) ? NT_STATUS_OBJECT_NAME_COLLISION :
								  NT_STATUS_SUCCESS;
	case NTSECTION_IOC_APC_CALL:
		return h_apc_call_expect(e, &a->apc_call, &answer, &served);
	case NTSECTION_IOC_FLUSH:
		return h_flush_model(e, &a->flush, &served, &remote, &first, &len);
	default:
		return H_ANY;
	}
}

/* The sentinel view (a view of sec[1]): map it again if a call took it away. */
static void h_ensure_view(struct h_env *e)
{
	__u64 base = 0, size = 0;
	struct ntsection_map_args m = {
		.section_fd = (__u32)e->sec[1].fd, .process_fd = NTSECTION_CURRENT_PROCESS,
		.base_address = (uintptr_t)&base, .view_size = (uintptr_t)&size,
		.inherit = NT_VIEW_SHARE, .protect = NT_PAGE_READWRITE,
	};
	struct ntsection_vm_info info = {
		.process_fd = NTSECTION_CURRENT_PROCESS,
	};

	if (e->view) {
		info.address = (uintptr_t)e->view;
		if (!h_ioctl(e->dev, NTSECTION_IOC_QUERY_VM, &info) &&
		    info.allocation_base == (uintptr_t)e->view)
			return;
		e->view = NULL;
	}
	if (!h_ioctl(e->dev, NTSECTION_IOC_MAP, &m)) {
		e->view = (char *)(uintptr_t)base;
		e->view_size = size;
	}
}

/*
 * The sentinel view, unmapped (every piece of it) and mapped again where it
 * was: one VMA again, after an mprotect() split it.
 */
static void h_remap_view(struct h_env *e)
{
	__u64 base = (uintptr_t)e->view, size = 0;
	struct ntsection_map_args m = {
		.section_fd = (__u32)e->sec[1].fd, .process_fd = NTSECTION_CURRENT_PROCESS,
		.base_address = (uintptr_t)&base, .view_size = (uintptr_t)&size,
		.inherit = NT_VIEW_SHARE, .protect = NT_PAGE_READWRITE,
	};

	if (e->view)
		nts_unmap(e->view);
	e->view = NULL;
	if (!h_ioctl(e->dev, NTSECTION_IOC_MAP, &m)) {
		e->view = (char *)(uintptr_t)base;
		e->view_size = size;
	}
}

/* What went wrong with a call. */
enum { HW_ERRNO, HW_STATUS, HW_OUTPUT, HW_POOL, HW_FD, HW_UNMAP, HW_BUFFER, HW_PROCESS,
	HW_DATA, HW_APC_FD };

static const char * const h_what[] = {
	[HW_ERRNO] = "errno does not go with the status",
	[HW_STATUS] = "unexpected status",
	[HW_OUTPUT] = "the argument block was written beyond its status, fd and results",
	[HW_POOL] = "what the pointers lead to was written other than the ABI says",
	[HW_FD] = "the handle returned is not a section handle",
	[HW_UNMAP] = "a fresh view could not be unmapped",
	[HW_BUFFER] = "the query buffer was written other than the ABI says",
	[HW_PROCESS] = "the process handle returned is not the one asked for",
	[HW_DATA] = "the memory READ_VM or WRITE_VM copied is not what the model says",
	[HW_APC_FD] = "the fd APC_OPEN returned is not a close-on-exec APC fd",
};

/*
 * Count a failure; log it with the argument the first time this kind of
 * failure (call, what, expected and seen status) is seen.
 */
static void h_failed(struct __test_metadata *_metadata, struct h_env *e, unsigned long cmd,
		     unsigned int what, __u32 want, __u32 got, int rc, int err,
		     const union h_arg *a, const char *field, __u64 value)
{
	unsigned int i, n = _IOC_SIZE(cmd) / 8;
	char dump[200];
	size_t off = 0;

	e->failures++;
	for (i = 0; i < e->nsig; i++) {
		if (e->sig[i].cmd == cmd && e->sig[i].what == what && e->sig[i].want == want &&
		    e->sig[i].got == got) {
			e->sig[i].count++;
			return;
		}
	}
	if (e->nsig < ARRAY_SIZE(e->sig)) {
		e->sig[e->nsig].cmd = cmd;
		e->sig[e->nsig].what = what;
		e->sig[e->nsig].want = want;
		e->sig[e->nsig].got = got;
		e->sig[e->nsig].count = 1;
		e->nsig++;
	}
	for (i = 0; i < n && i < 8 && off < sizeof(dump); i++)
		off += snprintf(dump + off, sizeof(dump) - off, " %llx",
				(unsigned long long)a->words[i]);
	TH_LOG("%s, %s: %s = 0x%llx: return %d errno %d status 0x%08x, expected 0x%08x;%s",
	       h_name_of(cmd), h_what[what], field, (unsigned long long)value, rc, err, got,
	       want, dump);
}

static void h_failure_summary(struct __test_metadata *_metadata, struct h_env *e)
{
	unsigned int i;

	for (i = 0; i < e->nsig; i++)
		TH_LOG("%u x %s, %s (status 0x%08x, expected 0x%08x)", e->sig[i].count,
		       h_name_of(e->sig[i].cmd), h_what[e->sig[i].what], e->sig[i].got,
		       e->sig[i].want);
}

/* Put @len bytes of @v at @p into @model of the pool, where they fall in it. */
static void h_model_write(const struct h_env *e, struct h_pool *model, __u64 p, const void *v,
			  __u64 len)
{
	__u64 lo = (uintptr_t)e->pool, hi = lo + sizeof(*model), i;

	for (i = 0; i < len; i++)
		if (p + i >= lo && p + i < hi)
			((char *)model)[p + i - lo] = ((const char *)v)[i];
}

/* An output whose value the model cannot know: take what the call wrote. */
static void h_model_take(const struct h_env *e, struct h_pool *model, __u64 p, __u64 len)
{
	__u64 lo = (uintptr_t)e->pool, hi = lo + sizeof(*model), i;

	for (i = 0; i < len; i++)
		if (p + i >= lo && p + i < hi)
			((char *)model)[p + i - lo] = ((char *)e->pool)[p + i - lo];
}

/*
 * ABI 2: did the call write its block beyond the status (and the fd)?
 * APC_OPEN writes its fd (0xffffffff on failure); APC_CALL the results a
 * server answered, and nothing else but its status.
 */
static int h_block_written(const struct h_env *e, unsigned long cmd, const union h_arg *before,
			   const union h_arg *a)
{
	struct ntsection_apc answer;
	union h_arg b = *before;
	int served;

	switch (cmd) {
	case NTSECTION_IOC_CREATE:
		b.create.status = a->create.status;
		b.create.fd = a->create.fd;
		return memcmp(&b.create, &a->create, sizeof(b.create));
	case NTSECTION_IOC_OPEN:
		b.open.status = a->open.status;
		b.open.fd = a->open.fd;
		return memcmp(&b.open, &a->open, sizeof(b.open));
	case NTSECTION_IOC_MAP:
		b.map.status = a->map.status;
		return memcmp(&b.map, &a->map, sizeof(b.map));
	case NTSECTION_IOC_MAP_EX:
		b.map_ex.map.status = a->map_ex.map.status;
		return memcmp(&b.map_ex, &a->map_ex, sizeof(b.map_ex));
	case NTSECTION_IOC_UNMAP_EX:
		b.unmap_ex.status = a->unmap_ex.status;
		return memcmp(&b.unmap_ex, &a->unmap_ex, sizeof(b.unmap_ex));
	case NTSECTION_IOC_CREATE_EX:
		b.create_ex.create.status = a->create_ex.create.status;
		b.create_ex.create.fd = a->create_ex.create.fd;
		return memcmp(&b.create_ex, &a->create_ex, sizeof(b.create_ex));
	case NTSECTION_IOC_ALLOCATE_EX:
		/* The block comes back whole: the result NOTHING but on success. */
		b.alloc_ex.status = a->alloc_ex.status;
		b.alloc_ex.result = NTSECTION_ALLOC_NOTHING;
		if (a->alloc_ex.status == NT_STATUS_SUCCESS) {
			b.alloc_ex.base = a->alloc_ex.base;
			b.alloc_ex.size = a->alloc_ex.size;
			b.alloc_ex.result = a->alloc_ex.result;
		}
		return memcmp(&b.alloc_ex, &a->alloc_ex, sizeof(b.alloc_ex));
	case NTSECTION_IOC_UNMAP:
		b.unmap.status = a->unmap.status;
		return memcmp(&b.unmap, &a->unmap, sizeof(b.unmap));
	case NTSECTION_IOC_QUERY:
		b.query.status = a->query.status;
		return memcmp(&b.query, &a->query, sizeof(b.query));
	case NTSECTION_IOC_EXTEND:
		b.extend.status = a->extend.status;
		return memcmp(&b.extend, &a->extend, sizeof(b.extend));
	case NTSECTION_IOC_QUERY_VM:
		/* Outputs other than the status are written only on success. */
		return (__s32)a->vm_info.status < 0 &&
		       (a->vm_info.base_address || a->vm_info.allocation_base ||
			a->vm_info.region_size || a->vm_info.allocation_protect ||
			a->vm_info.state || a->vm_info.protect || a->vm_info.type);
	case NTSECTION_IOC_QUERY_VM_INFO:
		b.query_vm.status = a->query_vm.status;
		return memcmp(&b.query_vm, &a->query_vm, sizeof(b.query_vm));
	case NTSECTION_IOC_SAME_FILES:
		b.same.status = a->same.status;
		return memcmp(&b.same, &a->same, sizeof(b.same));
	case NTSECTION_IOC_PROTECT:
		/* A page-aligned range: nothing is rounded, nothing written back. */
		b.vm.status = a->vm.status;
		return memcmp(&b.vm, &a->vm, sizeof(b.vm));
	case NTSECTION_IOC_OPEN_PROCESS:
		b.op.status = a->op.status;
		return memcmp(&b.op, &a->op, sizeof(b.op));
	case NTSECTION_IOC_READ_VM:
	case NTSECTION_IOC_WRITE_VM:
		b.rw.status = a->rw.status;
		return memcmp(&b.rw, &a->rw, sizeof(b.rw));
	case NTSECTION_IOC_APC_OPEN:
		b.apc_open.status = a->apc_open.status;
		b.apc_open.fd = a->apc_open.status ? 0xffffffffu : a->apc_open.fd;
		return memcmp(&b.apc_open, &a->apc_open, sizeof(b.apc_open));
	case NTSECTION_IOC_APC_CALL:
		b.apc_call.status = a->apc_call.status;
		if (h_apc_call_expect(e, &before->apc_call, &answer, &served) ==
		    a->apc_call.status && served)
			memcpy(b.apc_call.apc.arg, answer.arg, sizeof(answer.arg));
		return memcmp(&b.apc_call, &a->apc_call, sizeof(b.apc_call));
	case NTSECTION_IOC_FLUSH:
		b.flush.status = a->flush.status;
		return memcmp(&b.flush, &a->flush, sizeof(b.flush));
	default:
		return 0;
	}
}

/*
 * FLUSH writes *BaseAddress, *RegionSize and *IoStatus ({ status, 0,
 * bytes }) in that order once the writeback ran, and stops at the first
 * that faults; in another process whatever it did is taken.
 */
static void h_flush_outputs(const struct h_env *e, const struct ntsection_flush_args *a,
			    struct h_pool *model)
{
	__u64 first = 0, len = 0, v;
	int ran, remote;
	__u32 st = h_flush_model(e, a, &ran, &remote, &first, &len), zero = 0;

	if (remote && st == H_ANY) {
		h_model_take(e, model, a->base_address, 8);
		h_model_take(e, model, a->region_size, 8);
		h_model_take(e, model, a->io_status, 16);
		return;
	}
	if (!ran || !h_writable(e, a->base_address, 8))
		return;
	h_model_write(e, model, a->base_address, &first, 8);
	if (!h_writable(e, a->region_size, 8))
		return;
	h_model_write(e, model, a->region_size, &len, 8);
	if (!h_writable(e, a->io_status, 4))
		return;
	h_model_write(e, model, a->io_status, &st, 4);
	if (!h_writable(e, a->io_status + 4, 4))
		return;
	h_model_write(e, model, a->io_status + 4, &zero, 4);
	v = len;
	if (h_writable(e, a->io_status + 8, 8))
		h_model_write(e, model, a->io_status + 8, &v, 8);
}

/*
 * What a call may have written where its pointers lead, into @model (a copy
 * of the pool as it was): *SectionHandle (the handle, or NULL on failure
 * when it can be written), *BaseAddress and *ViewSize on success (and
 * *BaseAddress when *ViewSize then faulted), *ReturnLength and
 * *NewSectionSize on success (*ReturnLength of NtQueryVirtualMemory as
 * h_qvi_model() says).
 */
static void h_model_outputs(const struct h_env *e, unsigned long cmd, const union h_arg *a,
			    int rc, struct h_pool *model)
{
	static __u8 data[3 * NT_PAGE];
	__u32 status = *h_status_of(cmd, (union h_arg *)a);
	struct h_qvi qvi;
	struct h_rw rw;
	__u64 hp, v = 0;

	if (status == 0xdeadbeef)
		return;		/* the block was never read */
	switch (cmd) {
	case NTSECTION_IOC_CREATE:
	case NTSECTION_IOC_OPEN:
	case NTSECTION_IOC_CREATE_EX:
		/* CREATE_EX's own parameters fail before *SectionHandle is touched. */
		if (cmd == NTSECTION_IOC_CREATE_EX && h_section_ext_expect(e, &a->create_ex))
			break;
		hp = cmd == NTSECTION_IOC_OPEN ? a->open.section_handle :
						 a->create.section_handle;
		if (rc >= 0)
			v = NTS_HANDLE(rc);
		if (rc >= 0 || h_writable(e, hp, 8))
			h_model_write(e, model, hp, &v, 8);
		break;
	case NTSECTION_IOC_MAP_EX:
	case NTSECTION_IOC_MAP:
		if (status == NT_STATUS_SUCCESS) {
			h_model_take(e, model, a->map.base_address, 8);
			h_model_take(e, model, a->map.view_size, 8);
		} else if (status == NT_STATUS_ACCESS_VIOLATION &&
			   h_read64(e, a->map.base_address, &v) &&
			   h_read64(e, a->map.view_size, &v) &&
			   (!a->map.section_offset || h_read64(e, a->map.section_offset, &v)) &&
			   h_writable(e, a->map.base_address, 8)) {
			/* Mapped, then *ViewSize faulted: *BaseAddress may be written. */
			h_model_take(e, model, a->map.base_address, 8);
		}
		break;
	case NTSECTION_IOC_QUERY:
		v = sizeof(struct ntsection_basic_information);
		if (status == NT_STATUS_SUCCESS && a->query.return_length)
			h_model_write(e, model, a->query.return_length, &v, 8);
		break;
	case NTSECTION_IOC_EXTEND:
		if (status != NT_STATUS_SUCCESS)
			break;
		v = h_section_size(e, a->extend.section_fd);
		h_model_write(e, model, a->extend.new_section_size, &v, 8);
		break;
	case NTSECTION_IOC_QUERY_VM_INFO:
		h_qvi_model(e, &a->query_vm, &qvi);
		if (qvi.ret_len && h_writable(e, a->query_vm.return_length, 8))
			h_model_write(e, model, a->query_vm.return_length, &qvi.ret_len, 8);
		break;
	case NTSECTION_IOC_OPEN_PROCESS:
		/* The handle (a new fd: whatever the call wrote), or 0 on failure. */
		hp = a->op.process_handle;
		if (status == NT_STATUS_SUCCESS)
			h_model_take(e, model, hp, 8);
		else if (h_writable(e, hp, 8))
			h_model_write(e, model, hp, &v, 8);
		break;
	case NTSECTION_IOC_READ_VM:
	case NTSECTION_IOC_WRITE_VM:
		/* What was read lands in the buffer; then *bytes, once the handle was good. */
		h_rw_model(e, cmd, &a->rw, &rw);
		if (cmd == NTSECTION_IOC_READ_VM && rw.done &&
		    h_rw_source(e, rw.remote, a->rw.address, data, rw.done))
			h_model_write(e, model, a->rw.buffer, data, rw.done);
		if (rw.reached && a->rw.bytes && h_writable(e, a->rw.bytes, 8))
			h_model_write(e, model, a->rw.bytes, &rw.done, 8);
		break;
	case NTSECTION_IOC_FLUSH:
		h_flush_outputs(e, &a->flush, model);
		break;
	}
}

/* Where the queries' buffers point in a baseline argument: a page of e->buf. */
static char *h_qbuf(const struct h_env *e)
{
	return e->buf + 12 * NT_PAGE;
}

/*
 * Is the page of the query buffer (poisoned before the call) what the model
 * says the call wrote there, byte for byte? A write the model knows faults
 * part of the way is not judged where it falls in the page.
 */
static int h_qbuf_ok(const struct h_env *e, const struct ntsection_query_vm_args *a)
{
	const __u8 *page = (const __u8 *)h_qbuf(e);
	__u64 lo = (uintptr_t)page, off, i;
	struct h_qvi m;
	__u8 want;
	int whole;

	h_qvi_model(e, a, &m);
	whole = m.tried && h_writable(e, a->buffer, m.out_len);
	for (i = 0; i < NT_PAGE; i++) {
		want = H_QBUF_POISON;
		off = lo + i - a->buffer;
		if (m.tried && off < m.out_len) {
			if (!whole)
				return 1;
			if (m.any)
				continue;
			want = m.ws ? (off % 16 < 8 ? H_QBUF_POISON : 0) : m.out[off];
		}
		if (page[i] != want)
			return 0;
	}
	return 1;
}

/* A line "key:\t..." of /proc/self/fdinfo/@fd, as a number (-1: none). */
static long long h_fdinfo(int fd, const char *key)
{
	char path[64], line[256];
	size_t len = strlen(key);
	long long v = -1;
	FILE *f;

	snprintf(path, sizeof(path), "/proc/self/fdinfo/%d", fd);
	f = fopen(path, "r");
	if (!f)
		return -1;
	while (fgets(line, sizeof(line), f))
		if (!strncmp(line, key, len) && line[len] == ':')
			v = strtoll(line + len + 1, NULL, 0);
	fclose(f);
	return v;
}

/*
 * A process handle NtOpenProcess made: of @pid, with the access the
 * generic mapping gives, close-on-exec without OBJ_INHERIT. Closed here.
 */
static int h_process_handle_ok(const struct h_env *e, int fd, pid_t pid, __u32 desired,
			       int inherit)
{
	int ok = h_is_process_fd(fd) && !h_proc_of(e, fd) &&
		 h_fdinfo(fd, "ntsection-process") == pid &&
		 h_fdinfo(fd, "ntsection-access") == h_process_access(desired) &&
		 !(fcntl(fd, F_GETFD) & FD_CLOEXEC) == !!inherit;

	if (h_is_process_fd(fd) && !h_proc_of(e, fd))
		close(fd);
	return ok;
}

/* Before READ_VM and WRITE_VM: what they may change, as it is. */
struct h_rw_snap {
	struct h_rw m;
	__u8 target[3 * NT_PAGE];	/* the scratch pages where the call reaches */
	__u8 source[3 * NT_PAGE];	/* what WRITE_VM copies from the buffer */
};

static void h_rw_before(const struct h_env *e, unsigned long cmd, const union h_arg *a,
			struct h_rw_snap *snap)
{
	h_rw_model(e, cmd, &a->rw, &snap->m);
	if (cmd == NTSECTION_IOC_READ_VM) {
		memset(h_qbuf(e), H_QBUF_POISON, H_QBUF_PAGES * NT_PAGE);
		return;
	}
	if (!snap->m.reached ||
	    !h_rw_source(e, snap->m.remote, (uintptr_t)e->scratch, snap->target,
			 sizeof(snap->target)))
		snap->m.reached = 0;
	if (snap->m.done)
		memcpy(snap->source, (const void *)(uintptr_t)a->rw.buffer, snap->m.done);
}

/*
 * After them: WRITE_VM wrote the bytes it counted where it was asked to,
 * and nothing else of the scratch pages; READ_VM the bytes it counted to
 * the buffer, and nothing else of the query buffer's pages (but the rest
 * of a chunk that faulted).
 */
static int h_rw_after(const struct h_env *e, unsigned long cmd, const union h_arg *a,
		      __u32 status, struct h_rw_snap *snap)
{
	static __u8 now[3 * NT_PAGE], data[3 * NT_PAGE];
	const __u8 *q = (const __u8 *)h_qbuf(e);
	__u64 i, p, buf = a->rw.buffer, done = snap->m.done, off;

	if (!snap->m.reached || status != snap->m.status)
		return 1;	/* nothing to compare with (or already a failure) */
	if (cmd == NTSECTION_IOC_WRITE_VM) {
		if (!h_rw_source(e, snap->m.remote, (uintptr_t)e->scratch, now, sizeof(now)))
			return 0;
		off = a->rw.address - (uintptr_t)e->scratch;
		if (done)
			memcpy(snap->target + off, snap->source, done);
		return !memcmp(now, snap->target, sizeof(now));
	}
	if (done && !h_rw_source(e, snap->m.remote, a->rw.address, data, done))
		return 0;
	for (i = 0; i < H_QBUF_PAGES * NT_PAGE; i++) {
		p = (uintptr_t)q + i;
		if (p - buf < done) {
			if (q[i] != data[p - buf])
				return 0;
		} else if (q[i] != H_QBUF_POISON &&
			   !(status == NT_STATUS_ACCESS_VIOLATION && p - buf - done < NT_PAGE)) {
			return 0;
		}
	}
	return 1;
}

/*
 * One call: the reply must agree with itself and with the model. Returns
 * the status; cleans up what a success made (a handle, a view).
 */
/* FREE in @process of [@base, @base + @size) with @type (and @pad): the status. */
static __u32 h_free_in(const struct h_env *e, __u32 process, __u64 base, __u64 size, __u32 type,
		       __u32 pad)
{
	struct ntsection_vm_args f = {
		.process_fd = process, .alloc_type = type, .base = base, .size = size, .pad = pad,
	};

	h_ioctl(e->dev, NTSECTION_IOC_FREE, &f);
	return f.status;
}

/*
 * What ALLOCATE_EX made (@a, from @before): where the model says, and
 * taken back at once. A placeholder is released (in the process it is in),
 * private memory unmapped, and private memory that replaced e->hold made
 * that placeholder again (FREE with NTSECTION_FREE_PRIVATE_PLACEHOLDER).
 */
static void h_take_back(struct __test_metadata *_metadata, struct h_env *e,
			const union h_arg *before, const union h_arg *a, __u32 want,
			const char *what, __u64 value)
{
	const struct ntsection_allocate_ex_args *r = &a->alloc_ex;
	__u32 status = NT_STATUS_SUCCESS;
	struct h_made made;

	h_alloc_ex_expect(e, &before->alloc_ex, &made);
	/* NOTHING: *BaseAddress and *RegionSize come back as they went in. */
	if (r->result != made.result ||
	    (made.result == NTSECTION_ALLOC_NOTHING ?
	     r->base != before->alloc_ex.base || r->size != before->alloc_ex.size :
	     (made.base && r->base != made.base) || r->size != made.size ||
	     (r->base & (NT_PAGE - 1)) || !r->base))
		h_failed(_metadata, e, NTSECTION_IOC_ALLOCATE_EX, HW_OUTPUT, made.result,
			 r->result, 0, 0, before, what, value);
	switch (r->result) {
	case NTSECTION_ALLOC_PLACEHOLDER:
		status = h_free_in(e, r->process_fd, r->base, 0, NT_MEM_RELEASE, 0);
		break;
	case NTSECTION_ALLOC_PRIVATE:
		if (r->base && munmap((void *)(uintptr_t)r->base, r->size))
			status = NT_STATUS_UNSUCCESSFUL;
		break;
	case NTSECTION_ALLOC_REPLACED:
		status = h_free_in(e, NTSECTION_CURRENT_PROCESS, r->base, r->size,
				   NT_MEM_RELEASE | NT_MEM_PRESERVE_PLACEHOLDER,
				   NTSECTION_FREE_PRIVATE_PLACEHOLDER);
		break;
	}
	if (status)
		h_failed(_metadata, e, NTSECTION_IOC_ALLOCATE_EX, HW_UNMAP, NT_STATUS_SUCCESS,
			 status, 0, 0, before, what, value);
}

/*
 * The fixture's placeholder: whole again (coalesced, if a call split it),
 * or made again where it was (if a call released or replaced it).
 */
static void h_ensure_hold(struct h_env *e)
{
	struct ntsection_vm_info info = {
		.process_fd = NTSECTION_CURRENT_PROCESS, .address = e->hold,
	};
	struct ntsection_allocate_ex_args r = {
		.process_fd = NTSECTION_CURRENT_PROCESS, .base = e->hold, .size = H_SEC_SIZE,
		.alloc_type = NT_MEM_RESERVE | NT_MEM_RESERVE_PLACEHOLDER,
		.protect = NT_PAGE_NOACCESS,
	};
	struct ntsection_unmap_args u = { .process_fd = NTSECTION_CURRENT_PROCESS };

	if (!e->hold)
		return;
	if (!h_ioctl(e->dev, NTSECTION_IOC_QUERY_VM, &info) && info.type == NT_MEM_PRIVATE &&
	    info.allocation_base == e->hold && info.region_size == H_SEC_SIZE)
		return;
	if (!h_free_in(e, NTSECTION_CURRENT_PROCESS, e->hold, H_SEC_SIZE,
		       NT_MEM_RELEASE | NT_MEM_COALESCE_PLACEHOLDERS, 0))
		return;
	/* A view or memory in its place: gone, and a new placeholder there. */
	for (u.base = e->hold; u.base < e->hold + H_SEC_SIZE; u.base += NT_PAGE)
		h_ioctl(e->dev, NTSECTION_IOC_UNMAP, &u);
	munmap((void *)(uintptr_t)e->hold, H_SEC_SIZE);
	if (h_ioctl(e->dev, NTSECTION_IOC_ALLOCATE_EX, &r) || r.base != e->hold) {
		e->failures++;
		e->hold = 0;
	}
}

static __u32 h_call(struct __test_metadata *_metadata, struct h_env *e, int fd,
		    unsigned long cmd, union h_arg *a, __u32 want, const char *what, __u64 value)
{
	__u32 *status = h_status_of(cmd, a);
	int rc, err, bad = -1, rw = 0, inherit;
	static struct h_rw_snap snap;
	struct h_pool pool_before, model;
	union h_arg before;
	__u64 base = 0;
	pid_t pid;

	*status = 0xdeadbeef;
	if (cmd == NTSECTION_IOC_CREATE || cmd == NTSECTION_IOC_CREATE_EX)
		a->create.fd = 0xdeadbeef;
	if (cmd == NTSECTION_IOC_OPEN)
		a->open.fd = 0xdeadbeef;
	before = *a;
	/* memcpy(), not an assignment: the padding is compared too. */
	memcpy(&pool_before, e->pool, sizeof(pool_before));
	if (cmd == NTSECTION_IOC_QUERY_VM_INFO)
		memset(h_qbuf(e), H_QBUF_POISON, NT_PAGE);
	if (want != H_EFAULT && (cmd == NTSECTION_IOC_READ_VM || cmd == NTSECTION_IOC_WRITE_VM)) {
		rw = 1;
		h_rw_before(e, cmd, a, &snap);
	}
	rc = h_ioctl(fd, cmd, a);
	err = errno;
	if (want == H_EFAULT) {
		if (rc != -1 || err != EFAULT)
			bad = HW_ERRNO;
	} else if ((__s32)*status >= 0) {
		if (rc < 0 || *status == 0xdeadbeef)
			bad = HW_ERRNO;
	} else if (rc != -1 || -err != nts_expected_errno(*status)) {
		bad = HW_ERRNO;
	}
	if (bad < 0 && want != H_EFAULT && h_block_written(e, cmd, &before, a))
		bad = HW_OUTPUT;
	if (bad < 0 && want != H_EFAULT && !h_want_ok(*status, want))
		bad = HW_STATUS;
	if (bad >= 0)
		h_failed(_metadata, e, cmd, bad, want, *status, rc, err, &before, what, value);
	memcpy(&model, &pool_before, sizeof(model));
	h_model_outputs(e, cmd, a, rc, &model);
	if (memcmp(e->pool, &model, sizeof(model)))
		h_failed(_metadata, e, cmd, HW_POOL, want, *status, rc, err, &before, what, value);
	if (cmd == NTSECTION_IOC_QUERY_VM_INFO && *status != 0xdeadbeef &&
	    !h_qbuf_ok(e, &before.query_vm))
		h_failed(_metadata, e, cmd, HW_BUFFER, want, *status, rc, err, &before, what,
			 value);
	if (rc >= 0 && (cmd == NTSECTION_IOC_CREATE || cmd == NTSECTION_IOC_OPEN ||
			cmd == NTSECTION_IOC_CREATE_EX)) {
		__u32 out = cmd == NTSECTION_IOC_OPEN ? a->open.fd : a->create.fd;

		if (!h_is_section_fd(rc) || out != (__u32)rc)
			h_failed(_metadata, e, cmd, HW_FD, want, *status, rc, 0, &before, what,
				 value);
		close(rc);
	}
	if (rw && *status != 0xdeadbeef && !h_rw_after(e, cmd, &before, *status, &snap))
		h_failed(_metadata, e, cmd, HW_DATA, want, *status, rc, err, &before, what, value);
	/* ABI 2.3: this process's APC fd, close-on-exec: closed again here. */
	if (cmd == NTSECTION_IOC_APC_OPEN && *status == NT_STATUS_SUCCESS) {
		int fd = (int)a->apc_open.fd;

		if (rc != 0 || fd < 0 || !h_is_apc_fd(fd) || fd == e->apc_fd ||
		    !(fcntl(fd, F_GETFD) & FD_CLOEXEC))
			h_failed(_metadata, e, cmd, HW_APC_FD, want, *status, rc, 0, &before, what,
				 value);
		if (fd >= 0 && fd != e->apc_fd && h_is_apc_fd(fd))
			close(fd);
	}
	if (cmd == NTSECTION_IOC_OPEN_PROCESS && *status == NT_STATUS_SUCCESS &&
	    h_read64(e, a->op.process_handle, &base)) {
		h_open_process_expect(e, &before.op, &pid, &inherit);
		if (!h_process_handle_ok(e, NTSECTION_HANDLE_TO_FD(base), pid, before.op.access,
					 inherit))
			h_failed(_metadata, e, cmd, HW_PROCESS, want, *status, rc, 0, &before,
				 what, value);
		base = 0;
	}
	/*
	 * A view, in this process or in the other child: taken back there;
	 * one that replaced the placeholder becomes it again (UNMAP_EX).
	 */
	if (rc == 0 && (cmd == NTSECTION_IOC_MAP || cmd == NTSECTION_IOC_MAP_EX) &&
	    *status == NT_STATUS_SUCCESS && h_read64(e, a->map.base_address, &base)) {
		struct ntsection_unmap_ex_args u = {
			.process_fd = a->map.process_fd, .base = base,
		};

		if (a->map.alloc_type & NT_MEM_REPLACE_PLACEHOLDER)
			u.flags = NT_MEM_PRESERVE_PLACEHOLDER;
		if ((base & ((u.flags ? NT_PAGE : NT_GRAN) - 1)) ||
		    (u.flags && base != e->hold) ||
		    h_ioctl(e->dev, NTSECTION_IOC_UNMAP_EX, &u))
			h_failed(_metadata, e, cmd, HW_UNMAP, want, u.status, rc, 0, &before,
				 what, value);
	}
	if (cmd == NTSECTION_IOC_ALLOCATE_EX && *status == NT_STATUS_SUCCESS)
		h_take_back(_metadata, e, &before, a, want, what, value);
	if ((cmd == NTSECTION_IOC_UNMAP || cmd == NTSECTION_IOC_UNMAP_EX) && rc == 0)
		h_ensure_view(e);
	if (cmd == NTSECTION_IOC_MAP || cmd == NTSECTION_IOC_MAP_EX ||
	    cmd == NTSECTION_IOC_ALLOCATE_EX || cmd == NTSECTION_IOC_FREE)
		h_ensure_hold(e);
	return *status;
}

/* The fields of each argument, and the values to try in them. */
/*
 * What a field holds: HK_U16 is 2 bytes; HK_U32, HK_FD, HK_PID, HK_OUT32 and
 * HK_CLASS (an information class) 4; the rest 8 (HK_LEN: a buffer's length;
 * HK_CID: a CLIENT_ID's process or thread id; HK_RWADDR: an address
 * READ_VM and WRITE_VM reach, only ever the scratch pages or no memory;
 * HK_EXTTYPE, HK_EXTVAL: a MEM_EXTENDED_PARAMETER's type and value; HK_REQ:
 * a MEM_ADDRESS_REQUIREMENTS field).
 */
enum h_kind { HK_U32, HK_U64, HK_FD, HK_PID, HK_UPTR, HK_ADDR, HK_OUT32, HK_OUT64, HK_U16,
	      HK_HANDLE, HK_CLASS, HK_LEN, HK_CID, HK_RWADDR, HK_EXTTYPE, HK_EXTVAL, HK_REQ };

/* Where a field is: in the argument block, or in the pool its pointers lead to. */
enum h_where { HR_ARG, HR_POOL };

/* Where an HK_UPTR field points in a baseline argument: its own variable. */
enum h_slot { HS_NONE, HS_POOL, HS_NAME, HS_QBUF };

struct h_field {
	const char *name;
	enum h_where where;
	unsigned int off;
	enum h_kind kind;
	enum h_slot slot;
	unsigned int slot_off;	/* HS_POOL: the variable's offset in struct h_pool */
};

#define H_ARG(s, f, k)		{ #f, HR_ARG, offsetof(struct s, f), k, HS_NONE, 0 }
#define H_PTR(s, f, v)		{ #f, HR_ARG, offsetof(struct s, f), HK_UPTR, HS_POOL, \
				  offsetof(struct h_pool, v) }
#define H_POOL(f, k)		{ "*" #f, HR_POOL, offsetof(struct h_pool, f), k, HS_NONE, 0 }
#define H_POOL_PTR(f, v)	{ "*" #f, HR_POOL, offsetof(struct h_pool, f), HK_UPTR, \
				  HS_POOL, offsetof(struct h_pool, v) }

static const struct h_field h_create_fields[] = {
	H_PTR(ntsection_create_args, section_handle, handle),
	H_PTR(ntsection_create_args, object_attributes, oa),
	H_PTR(ntsection_create_args, maximum_size, max_size),
	H_ARG(ntsection_create_args, desired_access, HK_U32),
	H_ARG(ntsection_create_args, protect, HK_U32),
	H_ARG(ntsection_create_args, alloc_attributes, HK_U32),
	H_ARG(ntsection_create_args, file_fd, HK_FD),
	H_ARG(ntsection_create_args, status, HK_OUT32),
	H_ARG(ntsection_create_args, fd, HK_OUT32),
	H_POOL(max_size, HK_U64),
	/* What ObjectAttributes leads to, and *SectionHandle's old value. */
	H_POOL(oa.length, HK_U32),
	H_POOL(oa.root_directory, HK_HANDLE),
	H_POOL_PTR(oa.object_name, us),
	H_POOL(oa.attributes, HK_U32),
	H_POOL_PTR(oa.security_descriptor, md),
	H_POOL_PTR(oa.security_quality_of_service, guard),
	H_POOL(us.length, HK_U16),
	H_POOL(us.maximum_length, HK_U16),
	{ "*us.buffer", HR_POOL, offsetof(struct h_pool, us.buffer), HK_UPTR, HS_NAME, 0 },
	H_POOL(md.magic, HK_U32),
	H_POOL(md.mode, HK_U32),
	H_POOL(handle, HK_OUT64),
};

static const struct h_field h_open_fields[] = {
	H_PTR(ntsection_open_args, section_handle, handle),
	H_PTR(ntsection_open_args, object_attributes, oa),
	H_ARG(ntsection_open_args, desired_access, HK_U32),
	H_ARG(ntsection_open_args, status, HK_OUT32),
	H_ARG(ntsection_open_args, fd, HK_OUT32),
	H_ARG(ntsection_open_args, pad, HK_U32),
	/* What ObjectAttributes leads to, and *SectionHandle's old value. */
	H_POOL(oa.length, HK_U32),
	H_POOL(oa.root_directory, HK_HANDLE),
	H_POOL_PTR(oa.object_name, us),
	H_POOL(oa.attributes, HK_U32),
	H_POOL_PTR(oa.security_descriptor, md),
	H_POOL_PTR(oa.security_quality_of_service, guard),
	H_POOL(us.length, HK_U16),
	H_POOL(us.maximum_length, HK_U16),
	{ "*us.buffer", HR_POOL, offsetof(struct h_pool, us.buffer), HK_UPTR, HS_NAME, 0 },
	H_POOL(md.magic, HK_U32),
	H_POOL(md.mode, HK_U32),
	H_POOL(handle, HK_OUT64),
};

static const struct h_field h_map_fields[] = {
	H_ARG(ntsection_map_args, section_fd, HK_FD),
	H_ARG(ntsection_map_args, process_fd, HK_PID),
	H_PTR(ntsection_map_args, base_address, base),
	H_ARG(ntsection_map_args, zero_bits, HK_U64),
	H_ARG(ntsection_map_args, commit_size, HK_U64),
	H_PTR(ntsection_map_args, section_offset, offset),
	H_PTR(ntsection_map_args, view_size, view_size),
	H_ARG(ntsection_map_args, inherit, HK_U32),
	H_ARG(ntsection_map_args, alloc_type, HK_U32),
	H_ARG(ntsection_map_args, protect, HK_U32),
	H_ARG(ntsection_map_args, status, HK_OUT32),
	H_POOL(base, HK_ADDR),
	H_POOL(view_size, HK_U64),
	H_POOL(offset, HK_U64),
};

static const struct h_field h_unmap_fields[] = {
	H_ARG(ntsection_unmap_args, process_fd, HK_PID),
	H_ARG(ntsection_unmap_args, status, HK_OUT32),
	H_ARG(ntsection_unmap_args, base, HK_ADDR),
};

static const struct h_field h_query_fields[] = {
	H_ARG(ntsection_query_args, section_fd, HK_FD),
	H_ARG(ntsection_query_args, info_class, HK_U32),
	{ "buffer", HR_ARG, offsetof(struct ntsection_query_args, buffer), HK_UPTR, HS_QBUF, 0 },
	H_ARG(ntsection_query_args, length, HK_U64),
	H_PTR(ntsection_query_args, return_length, ret_len),
	H_ARG(ntsection_query_args, status, HK_OUT32),
	H_ARG(ntsection_query_args, pad, HK_U32),
	H_POOL(ret_len, HK_OUT64),
};

static const struct h_field h_extend_fields[] = {
	H_ARG(ntsection_extend_args, section_fd, HK_FD),
	H_ARG(ntsection_extend_args, status, HK_OUT32),
	H_PTR(ntsection_extend_args, new_section_size, new_size),
	H_POOL(new_size, HK_U64),
};

static const struct h_field h_vm_fields[] = {
	H_ARG(ntsection_vm_args, process_fd, HK_PID),
	H_ARG(ntsection_vm_args, alloc_type, HK_U32),
	H_ARG(ntsection_vm_args, base, HK_ADDR),
	H_ARG(ntsection_vm_args, size, HK_U64),
	H_ARG(ntsection_vm_args, protect, HK_U32),
	H_ARG(ntsection_vm_args, status, HK_OUT32),
	H_ARG(ntsection_vm_args, old_protect, HK_U32),
	H_ARG(ntsection_vm_args, pad, HK_U32),
};

static const struct h_field h_vm_info_fields[] = {
	H_ARG(ntsection_vm_info, process_fd, HK_PID),
	H_ARG(ntsection_vm_info, status, HK_OUT32),
	H_ARG(ntsection_vm_info, address, HK_ADDR),
	H_ARG(ntsection_vm_info, base_address, HK_OUT64),
	H_ARG(ntsection_vm_info, allocation_base, HK_OUT64),
	H_ARG(ntsection_vm_info, region_size, HK_OUT64),
	H_ARG(ntsection_vm_info, allocation_protect, HK_OUT32),
	H_ARG(ntsection_vm_info, state, HK_OUT32),
	H_ARG(ntsection_vm_info, protect, HK_OUT32),
	H_ARG(ntsection_vm_info, type, HK_OUT32),
};

static const struct h_field h_query_vm_info_fields[] = {
	H_ARG(ntsection_query_vm_args, process_fd, HK_PID),
	H_ARG(ntsection_query_vm_args, info_class, HK_CLASS),
	H_ARG(ntsection_query_vm_args, address, HK_ADDR),
	{ "buffer", HR_ARG, offsetof(struct ntsection_query_vm_args, buffer), HK_UPTR, HS_QBUF,
	  0 },
	H_ARG(ntsection_query_vm_args, length, HK_LEN),
	H_PTR(ntsection_query_vm_args, return_length, ret_len),
	H_ARG(ntsection_query_vm_args, status, HK_OUT32),
	H_ARG(ntsection_query_vm_args, pad, HK_U32),
	H_POOL(ret_len, HK_OUT64),
};

static const struct h_field h_same_files_fields[] = {
	H_ARG(ntsection_same_files_args, address1, HK_ADDR),
	H_ARG(ntsection_same_files_args, address2, HK_ADDR),
	H_ARG(ntsection_same_files_args, status, HK_OUT32),
	H_ARG(ntsection_same_files_args, pad, HK_U32),
};

/* ABI 2.2. OBJECT_ATTRIBUTES is read for ObjectName and Attributes only. */
static const struct h_field h_open_process_fields[] = {
	H_PTR(ntsection_open_process_args, process_handle, handle),
	H_ARG(ntsection_open_process_args, access, HK_U32),
	H_ARG(ntsection_open_process_args, pidfd, HK_FD),
	H_PTR(ntsection_open_process_args, object_attributes, oa),
	H_PTR(ntsection_open_process_args, client_id, cid),
	H_ARG(ntsection_open_process_args, flags, HK_U32),
	H_ARG(ntsection_open_process_args, status, HK_OUT32),
	H_POOL(oa.length, HK_U32),
	H_POOL(oa.root_directory, HK_HANDLE),
	H_POOL_PTR(oa.object_name, us),
	H_POOL(oa.attributes, HK_U32),
	H_POOL_PTR(oa.security_descriptor, md),
	H_POOL(cid[0], HK_CID),
	H_POOL(cid[1], HK_CID),
	H_POOL(handle, HK_OUT64),
};

static const struct h_field h_rw_vm_fields[] = {
	H_ARG(ntsection_rw_vm_args, process_fd, HK_PID),
	H_ARG(ntsection_rw_vm_args, status, HK_OUT32),
	H_ARG(ntsection_rw_vm_args, address, HK_RWADDR),
	{ "buffer", HR_ARG, offsetof(struct ntsection_rw_vm_args, buffer), HK_UPTR, HS_QBUF, 0 },
	H_ARG(ntsection_rw_vm_args, size, HK_U64),
	H_PTR(ntsection_rw_vm_args, bytes, bytes),
	H_POOL(bytes, HK_OUT64),
};

/*
 * ABI 2.3. APC_OPEN reads nothing of its block; APC_CALL's arguments are
 * the server's to read (h_apc_answer()).
 */
static const struct h_field h_apc_open_fields[] = {
	H_ARG(ntsection_apc_open_args, fd, HK_OUT32),
	H_ARG(ntsection_apc_open_args, status, HK_OUT32),
};

static const struct h_field h_apc_call_fields[] = {
	H_ARG(ntsection_apc_call_args, process_fd, HK_PID),
	H_ARG(ntsection_apc_call_args, status, HK_OUT32),
	H_ARG(ntsection_apc_call_args, apc.id, HK_U64),
	H_ARG(ntsection_apc_call_args, apc.op, HK_U32),
	H_ARG(ntsection_apc_call_args, apc.status, HK_U32),
	H_ARG(ntsection_apc_call_args, apc.arg[0], HK_U64),
	H_ARG(ntsection_apc_call_args, apc.arg[1], HK_U64),
	H_ARG(ntsection_apc_call_args, apc.arg[2], HK_U64),
	H_ARG(ntsection_apc_call_args, apc.arg[3], HK_U64),
	H_ARG(ntsection_apc_call_args, apc.arg[4], HK_U64),
	H_ARG(ntsection_apc_call_args, apc.arg[5], HK_U64),
};

/* ABI 2.3: the extended parameters (the array, what its first leads to) are in the pool. */
static const struct h_field h_map_ex_fields[] = {
	H_ARG(ntsection_map_ex_args, map.section_fd, HK_FD),
	H_ARG(ntsection_map_ex_args, map.process_fd, HK_PID),
	H_PTR(ntsection_map_ex_args, map.base_address, base),
	H_ARG(ntsection_map_ex_args, map.zero_bits, HK_U64),
	H_ARG(ntsection_map_ex_args, map.commit_size, HK_U64),
	H_PTR(ntsection_map_ex_args, map.section_offset, offset),
	H_PTR(ntsection_map_ex_args, map.view_size, view_size),
	H_ARG(ntsection_map_ex_args, map.inherit, HK_U32),
	H_ARG(ntsection_map_ex_args, map.alloc_type, HK_U32),
	H_ARG(ntsection_map_ex_args, map.protect, HK_U32),
	H_ARG(ntsection_map_ex_args, map.status, HK_OUT32),
	H_PTR(ntsection_map_ex_args, ext_params, ext),
	H_ARG(ntsection_map_ex_args, ext_count, HK_U32),
	H_ARG(ntsection_map_ex_args, pad, HK_U32),
	H_POOL(base, HK_ADDR),
	H_POOL(view_size, HK_U64),
	H_POOL(offset, HK_U64),
	H_POOL(ext[0].type, HK_EXTTYPE),
	H_POOL(ext[0].value, HK_EXTVAL),
	H_POOL(ext[1].type, HK_EXTTYPE),
	H_POOL(ext[1].value, HK_EXTVAL),
	H_POOL(ext[2].type, HK_EXTTYPE),
	H_POOL(ext[2].value, HK_EXTVAL),
	H_POOL(req.lowest_starting_address, HK_REQ),
	H_POOL(req.highest_ending_address, HK_REQ),
	H_POOL(req.alignment, HK_REQ),
};

static const struct h_field h_unmap_ex_fields[] = {
	H_ARG(ntsection_unmap_ex_args, process_fd, HK_PID),
	H_ARG(ntsection_unmap_ex_args, flags, HK_U32),
	H_ARG(ntsection_unmap_ex_args, base, HK_ADDR),
	H_ARG(ntsection_unmap_ex_args, status, HK_OUT32),
	H_ARG(ntsection_unmap_ex_args, pad, HK_U32),
};

static const struct h_field h_alloc_ex_fields[] = {
	H_ARG(ntsection_allocate_ex_args, process_fd, HK_PID),
	H_ARG(ntsection_allocate_ex_args, alloc_type, HK_U32),
	H_ARG(ntsection_allocate_ex_args, base, HK_ADDR),
	H_ARG(ntsection_allocate_ex_args, size, HK_U64),
	H_ARG(ntsection_allocate_ex_args, protect, HK_U32),
	H_ARG(ntsection_allocate_ex_args, status, HK_OUT32),
	H_PTR(ntsection_allocate_ex_args, ext_params, ext),
	H_ARG(ntsection_allocate_ex_args, ext_count, HK_U32),
	H_ARG(ntsection_allocate_ex_args, result, HK_OUT32),
	H_POOL(ext[0].type, HK_EXTTYPE),
	H_POOL(ext[0].value, HK_EXTVAL),
	H_POOL(ext[1].type, HK_EXTTYPE),
	H_POOL(ext[1].value, HK_EXTVAL),
	H_POOL(ext[2].type, HK_EXTTYPE),
	H_POOL(ext[2].value, HK_EXTVAL),
	H_POOL(req.lowest_starting_address, HK_REQ),
	H_POOL(req.highest_ending_address, HK_REQ),
	H_POOL(req.alignment, HK_REQ),
};

static const struct h_field h_create_ex_fields[] = {
	H_PTR(ntsection_create_ex_args, create.section_handle, handle),
	H_PTR(ntsection_create_ex_args, create.object_attributes, oa),
	H_PTR(ntsection_create_ex_args, create.maximum_size, max_size),
	H_ARG(ntsection_create_ex_args, create.desired_access, HK_U32),
	H_ARG(ntsection_create_ex_args, create.protect, HK_U32),
	H_ARG(ntsection_create_ex_args, create.alloc_attributes, HK_U32),
	H_ARG(ntsection_create_ex_args, create.file_fd, HK_FD),
	H_ARG(ntsection_create_ex_args, create.status, HK_OUT32),
	H_ARG(ntsection_create_ex_args, create.fd, HK_OUT32),
	H_PTR(ntsection_create_ex_args, ext_params, ext),
	H_ARG(ntsection_create_ex_args, ext_count, HK_U32),
	H_ARG(ntsection_create_ex_args, pad, HK_U32),
	H_POOL(max_size, HK_U64),
	H_POOL(handle, HK_OUT64),
	H_POOL(ext[0].type, HK_EXTTYPE),
	H_POOL(ext[0].value, HK_EXTVAL),
	H_POOL(ext[1].type, HK_EXTTYPE),
	H_POOL(ext[1].value, HK_EXTVAL),
};

struct h_ioctl_desc {
	unsigned long cmd;
	const struct h_field *fields;
	unsigned int nfields;
};

/* ABI 2.4. IoStatus is the pool's CLIENT_ID slot (16 bytes). */
static const struct h_field h_flush_fields[] = {
	H_ARG(ntsection_flush_args, process_fd, HK_PID),
	H_ARG(ntsection_flush_args, status, HK_OUT32),
	H_PTR(ntsection_flush_args, base_address, base),
	H_PTR(ntsection_flush_args, region_size, view_size),
	H_PTR(ntsection_flush_args, io_status, cid),
	H_POOL(base, HK_ADDR),
	H_POOL(view_size, HK_U64),
};

static const struct h_ioctl_desc h_ioctls[] = {
	{ NTSECTION_IOC_VERSION, NULL, 0 },
	{ NTSECTION_IOC_CREATE, h_create_fields, ARRAY_SIZE(h_create_fields) },
	{ NTSECTION_IOC_OPEN, h_open_fields, ARRAY_SIZE(h_open_fields) },
	{ NTSECTION_IOC_MAP, h_map_fields, ARRAY_SIZE(h_map_fields) },
	{ NTSECTION_IOC_UNMAP, h_unmap_fields, ARRAY_SIZE(h_unmap_fields) },
	{ NTSECTION_IOC_QUERY, h_query_fields, ARRAY_SIZE(h_query_fields) },
	{ NTSECTION_IOC_EXTEND, h_extend_fields, ARRAY_SIZE(h_extend_fields) },
	{ NTSECTION_IOC_COMMIT, h_vm_fields, ARRAY_SIZE(h_vm_fields) },
	{ NTSECTION_IOC_FREE, h_vm_fields, ARRAY_SIZE(h_vm_fields) },
	{ NTSECTION_IOC_QUERY_VM, h_vm_info_fields, ARRAY_SIZE(h_vm_info_fields) },
	{ NTSECTION_IOC_QUERY_VM_INFO, h_query_vm_info_fields,
	  ARRAY_SIZE(h_query_vm_info_fields) },
	{ NTSECTION_IOC_SAME_FILES, h_same_files_fields, ARRAY_SIZE(h_same_files_fields) },
	{ NTSECTION_IOC_PROTECT, h_vm_fields, ARRAY_SIZE(h_vm_fields) },
	{ NTSECTION_IOC_OPEN_PROCESS, h_open_process_fields, ARRAY_SIZE(h_open_process_fields) },
	{ NTSECTION_IOC_READ_VM, h_rw_vm_fields, ARRAY_SIZE(h_rw_vm_fields) },
	{ NTSECTION_IOC_WRITE_VM, h_rw_vm_fields, ARRAY_SIZE(h_rw_vm_fields) },
	{ NTSECTION_IOC_APC_OPEN, h_apc_open_fields, ARRAY_SIZE(h_apc_open_fields) },
	{ NTSECTION_IOC_APC_CALL, h_apc_call_fields, ARRAY_SIZE(h_apc_call_fields) },
	{ NTSECTION_IOC_MAP_EX, h_map_ex_fields, ARRAY_SIZE(h_map_ex_fields) },
	{ NTSECTION_IOC_UNMAP_EX, h_unmap_ex_fields, ARRAY_SIZE(h_unmap_ex_fields) },
	{ NTSECTION_IOC_ALLOCATE_EX, h_alloc_ex_fields, ARRAY_SIZE(h_alloc_ex_fields) },
	{ NTSECTION_IOC_CREATE_EX, h_create_ex_fields, ARRAY_SIZE(h_create_ex_fields) },
	{ NTSECTION_IOC_FLUSH, h_flush_fields, ARRAY_SIZE(h_flush_fields) },
};

static const __u64 h_u64_values[] = {
	0, 1, 2, 0x7f, 0x80, 0xff, NT_PAGE - 1, NT_PAGE, NT_PAGE + 1, NT_GRAN - 1, NT_GRAN,
	NT_GRAN + 1, 3 * NT_GRAN, H_SEC_SIZE - 1, H_SEC_SIZE, H_SEC_SIZE + 1, 2 * MiB,
	0x7fffffffULL, 0x80000000ULL, 0xffffffffULL, 0x100000000ULL, 0x7ffffffff000ULL,
	0x7fffffff0000ULL, 0x800000000000ULL, 0xff00000000000000ULL, 0xffff800000000000ULL,
	0xffff888000000000ULL, 0xffffffffff600000ULL, 0x7fffffffffffffffULL,
	0x8000000000000000ULL, 0xfffffffffffff000ULL, 0xffffffffffff0000ULL,
	0xfffffffffffffffeULL, 0xffffffffffffffffULL,
};

/* With OBJECT_ATTRIBUTES lengths (48, 24), modes (0644, 0777) and the descriptor's magic. */
static const __u32 h_u32_values[] = {
	0, 1, 2, 3, 4, 7, 8, 0x10, 0x18, 0x1f, 0x20, 0x30, 0x31, 0x40, 0x7f, 0x80, 0xff, 0x100,
	0x104, 0x1a4, 0x1ff, 0x204, 0x404, 0x7ff, 0x800, 0x1000, 0x2000, 0x4000, 0x8000, 0xf001f,
	0x100000, 0x800000, 0x1000000, 0x4000000, 0x8000000, 0x10000000, 0x40000000,
	0x7fffffff, 0x80000000, 0xfffffffe, 0xffffffff, NTSECTION_MODE_DESCRIPTOR_MAGIC,
	NTSECTION_MODE_DESCRIPTOR_MAGIC ^ 1, 0x00040001, 0x80040001,
};

/* MemoryInformationClass values: the two the kernel writes, their neighbours, odd ones. */
static const __u32 h_class_values[] = {
	0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 14, 15, 16, 0x82, 0x86, 0x102, 0x10006, 0x7fffffff,
	0x80000000, 0x80000002, 0x80000006, 0xfffffffe, 0xffffffff,
};

/* UNICODE_STRING lengths. */
static const __u32 h_len_values[] = {
	0, 1, 2, 3, 4, 36, 37, 38, 100, H_NAME_MAX - 1, H_NAME_MAX, H_NAME_MAX + 1,
	H_NAME_MAX + 2, 0x1000, 0x7fff, 0xfffe, 0xffff,
};

/* Where @f of @cmd points in a baseline argument. */
static __u64 h_slot_addr(const struct h_env *e, unsigned long cmd, const struct h_field *f)
{
	switch (f->slot) {
	case HS_POOL:
		return (uintptr_t)e->pool + f->slot_off;
	case HS_NAME:
		return (uintptr_t)(cmd == NTSECTION_IOC_OPEN ? e->buf + 8 * NT_PAGE : e->buf);
	case HS_QBUF:
		return (uintptr_t)h_qbuf(e);
	default:
		return 0;
	}
}

/* The values for field @f of @cmd: fds, handles, pointers and addresses come from the env. */
static unsigned int h_values(struct h_env *e, unsigned long cmd, const struct h_field *f,
			     __u64 *v, unsigned int max)
{
	unsigned int n = 0, i;
	__u64 slot, need;

#define H_ADD(x) do { if (n < max) v[n++] = (__u64)(x); } while (0)
	switch (f->kind) {
	case HK_FD:
	case HK_PID:
	case HK_HANDLE:
		H_ADD(e->dev);
		H_ADD(e->pipefd[0]);
		H_ADD(e->pipefd[1]);
		H_ADD(e->devnull);
		H_ADD(e->efd);
		H_ADD(e->dir);
		H_ADD(e->opath);
		H_ADD(e->closed);
		H_ADD(e->sock);
		H_ADD(e->file_rw);
		H_ADD(e->file_ro);
		H_ADD(e->unfit[0]);
		H_ADD(e->unfit[1]);
		H_ADD(e->sealed);
		H_ADD(e->pidfd_self);
		H_ADD(e->pidfd_other);
		H_ADD(e->pidfd_dead);
		for (i = 0; i < HP_MAX; i++)
			H_ADD(e->ph[i].fd);
		/* The APC server: only APC_CALL reaches it (nothing else models it). */
		for (i = 0; i < 2 && cmd == NTSECTION_IOC_APC_CALL; i++)
			H_ADD(e->apc_ph[i]);
		for (i = 0; i < 4; i++)
			H_ADD(e->sec[i].fd);
		H_ADD(0);
		H_ADD(1);
		H_ADD(2);
		H_ADD(1023);
		H_ADD(65535);
		H_ADD(0x7fffffff);
		H_ADD(0x80000000);
		H_ADD(0xfffffffe);
		H_ADD(0xffffffff);
		if (f->kind != HK_HANDLE)
			break;
		/* A HANDLE: these fds as NT handles, and handle values of their own. */
		for (i = 0; i < n; i++)
			v[i] = NTS_HANDLE(v[i]);
		H_ADD(NTS_HANDLE(e->sec[0].fd) | 3);
		H_ADD(0);
		H_ADD(1);
		H_ADD(3);
		for (i = 1; i <= 8; i++)
			H_ADD(-(__u64)i);	/* the pseudo-handles are -1 to -6 */
		H_ADD(0x8000000000000000ULL);
		H_ADD(0x7ffffffffffffffcULL);
		break;
	case HK_UPTR:
		slot = h_slot_addr(e, cmd, f);
		H_ADD(0);
		H_ADD(1);
		H_ADD(slot);
		H_ADD(slot + 1);
		H_ADD(slot + 2);
		H_ADD(e->ro);
		H_ADD(e->ro + NT_PAGE - 4);
		H_ADD(e->none);
		H_ADD(e->gap);
		H_ADD(e->edge + NT_PAGE - 8);
		H_ADD(e->edge + NT_PAGE - 4);
		H_ADD(0xffff888000000000ULL);
		H_ADD(0xffffffff81000000ULL);
		H_ADD(0xffffffffff600000ULL);
		H_ADD(h_task_size - 8);
		H_ADD(h_task_size);
		H_ADD(0x8000000000000000ULL);
		H_ADD(0xffffffffffffffffULL);
		break;
	case HK_ADDR:
		for (i = 0; i < ARRAY_SIZE(h_u64_values); i++)
			H_ADD(h_u64_values[i]);
		H_ADD(h_task_size - 1);
		H_ADD(h_task_size);
		H_ADD(h_task_size + 1);
		H_ADD((h_task_size & ~(NT_GRAN - 1)) - H_SEC_SIZE);
		H_ADD(e->buf);
		H_ADD(e->gap);
		H_ADD(e->view);
		H_ADD(e->view + 1);
		H_ADD(e->view + e->view_size - 1);
		H_ADD(e->view + e->view_size);
		if (cmd == NTSECTION_IOC_MAP || cmd == NTSECTION_IOC_MAP_EX ||
		    cmd == NTSECTION_IOC_FREE || cmd == NTSECTION_IOC_UNMAP_EX ||
		    cmd == NTSECTION_IOC_ALLOCATE_EX || cmd == NTSECTION_IOC_QUERY_VM) {
			/* The placeholder, its inside and its edges (ABI 2.3). */
			H_ADD(e->hold);
			H_ADD(e->hold + 1);
			H_ADD(e->hold + NT_PAGE);
			H_ADD(e->hold + NT_GRAN);
			H_ADD(e->hold + H_SEC_SIZE - NT_PAGE);
			H_ADD(e->hold + H_SEC_SIZE);
			H_ADD(e->hold - NT_PAGE);
		}
		if (cmd != NTSECTION_IOC_QUERY_VM_INFO && cmd != NTSECTION_IOC_SAME_FILES &&
		    cmd != NTSECTION_IOC_PROTECT && cmd != NTSECTION_IOC_FLUSH)
			break;
		/* The other views, which only these calls may meet, and more memory. */
		H_ADD(e->view + NT_PAGE);
		H_ADD(e->image);
		H_ADD(e->image + 1);
		H_ADD(e->image + NT_PAGE);
		H_ADD(e->image + e->image_size - NT_PAGE);
		H_ADD(e->image + e->image_size - 1);
		H_ADD(e->image + e->image_size);
		H_ADD(e->fview);
		H_ADD(e->fview + NT_PAGE - 1);
		H_ADD(e->fview + e->fview_size);
		H_ADD(e->pool);
		H_ADD(e->ro);
		H_ADD(e->none);
		H_ADD(e->edge);
		H_ADD(e->edge + NT_PAGE);
		break;
	case HK_CID:
		/* Ours, the children's, the other child's thread, init, kthreadd, none. */
		H_ADD(0);
		H_ADD(1);
		H_ADD(2);
		H_ADD(getpid());
		H_ADD(e->other);
		H_ADD(e->other_tid);
		H_ADD(e->execd);
		H_ADD(e->dead);
		H_ADD(H_PID_MAX_LIMIT);
		H_ADD(H_PID_MAX_LIMIT + 1);
		H_ADD(0x7fffffff);
		H_ADD(0xffffffffULL);
		H_ADD((1ULL << 32) + e->other);
		H_ADD(0x8000000000000000ULL + getpid());
		H_ADD(~0ULL);
		break;
	case HK_RWADDR:
		/* Each scratch page, their edges, and where no memory can be (below 64 KiB). */
		slot = (uintptr_t)e->scratch;
		for (i = 0; i < H_SCRATCH_PAGES; i++) {
			H_ADD(slot + i * NT_PAGE);
			H_ADD(slot + i * NT_PAGE + NT_PAGE / 2);
			H_ADD(slot + i * NT_PAGE + NT_PAGE - 8);
		}
		H_ADD(slot + 1);
		H_ADD(0);
		H_ADD(1);
		H_ADD(NT_PAGE);
		H_ADD(NT_GRAN - 8);
		H_ADD(h_task_size);
		H_ADD(h_task_size + 1);
		H_ADD(1ULL << 47);
		H_ADD(0xffff888000000000ULL);
		H_ADD(0xffffffffff600000ULL);
		H_ADD(0x8000000000000000ULL);
		H_ADD(~0ULL - NT_PAGE + 1);
		H_ADD(~0ULL);
		break;
	case HK_CLASS:
		for (i = 0; i < ARRAY_SIZE(h_class_values); i++)
			H_ADD(h_class_values[i]);
		for (i = 0; i < 4; i++)
			H_ADD((__u32)h_rand());
		break;
	case HK_LEN:
		/* Around the two structures and the name the views give. */
		for (i = 0; i < ARRAY_SIZE(h_u64_values); i++)
			H_ADD(h_u64_values[i]);
		need = sizeof(struct h_ustring) + e->fname_bytes + 2;
		H_ADD(11);
		H_ADD(12);
		H_ADD(15);
		H_ADD(16);
		H_ADD(17);
		H_ADD(23);
		H_ADD(24);
		H_ADD(25);
		H_ADD(need - 2);
		H_ADD(need - 1);
		H_ADD(need);
		H_ADD(need + 1);
		break;
	case HK_U16:
		for (i = 0; i < ARRAY_SIZE(h_len_values); i++)
			H_ADD(h_len_values[i]);
		H_ADD(e->uname.bytes - 2);
		H_ADD(e->uname.bytes - 1);
		H_ADD(e->uname.bytes);
		H_ADD(e->uname.bytes + 2);
		break;
	case HK_EXTTYPE:
		/* Every type, 0 and past the last, with Reserved bits, and anything. */
		for (i = 0; i <= NT_MEM_EXT_MAX + 1; i++)
			H_ADD(i);
		H_ADD(0xff);
		H_ADD(0x100);
		H_ADD(0x101);
		H_ADD(0x102);
		H_ADD(0x1ff);
		H_ADD(0x8000000000000001ULL);
		H_ADD(0xffffffffffffff05ULL);
		H_ADD(~0ULL);
		for (i = 0; i < 4; i++)
			H_ADD(h_rand());
		break;
	case HK_EXTVAL:
		/* MEM_ADDRESS_REQUIREMENTS anywhere; nodes, handles, flags, machines. */
		slot = (uintptr_t)&e->pool->req;
		H_ADD(slot);
		H_ADD(slot + 1);
		H_ADD(e->ro);
		H_ADD(e->ro + NT_PAGE - 8);
		H_ADD(e->none);
		H_ADD(e->gap);
		H_ADD(e->edge + NT_PAGE - 24);
		H_ADD(e->edge + NT_PAGE - 16);
		H_ADD(0xffff888000000000ULL);
		H_ADD(0xffffffff81000000ULL);
		H_ADD(h_task_size - 8);
		H_ADD(0);
		H_ADD(1);
		H_ADD(2);
		H_ADD(63);
		H_ADD(0x3f);
		H_ADD(0x40);
		H_ADD(0x80);
		H_ADD(0xff);
		H_ADD(0x100);
		H_ADD(0x14c);
		H_ADD(0x8664);
		H_ADD(0xaa64);
		H_ADD(0xffffffff);
		H_ADD(0x100000000ULL);
		H_ADD(NTS_HANDLE(e->sec[0].fd));
		H_ADD(~0ULL);
		for (i = 0; i < 4; i++)
			H_ADD(h_rand());
		break;
	case HK_REQ:
		/* Around 64 KiB steps, page ends minus 1, the top of the user range. */
		for (i = 0; i < ARRAY_SIZE(h_u64_values); i++)
			H_ADD(h_u64_values[i]);
		H_ADD(3 * NT_GRAN - 1);
		H_ADD(0x100000000ULL - 1);
		H_ADD(h_task_size - 1);
		H_ADD(h_task_size - 2);
		H_ADD(h_task_size - NT_PAGE - 1);
		H_ADD(h_task_size - NT_GRAN);
		H_ADD((h_task_size & ~(NT_GRAN - 1)) - NT_GRAN);
		H_ADD(h_task_size);
		H_ADD(1ULL << 40);
		H_ADD((1ULL << 40) - 1);
		for (i = 0; i < 2; i++)
			H_ADD(h_rand());
		break;
	case HK_OUT32:
	case HK_OUT64:
		H_ADD(0);
		H_ADD(0xffffffffffffffffULL);
		H_ADD(0x5a5a5a5a5a5a5a5aULL);
		break;
	case HK_U64:
		for (i = 0; i < ARRAY_SIZE(h_u64_values); i++)
			H_ADD(h_u64_values[i]);
		H_ADD(h_task_size);
		H_ADD(h_task_size - H_SEC_SIZE);
		for (i = 0; i < 4; i++)
			H_ADD(h_rand());
		break;
	default:
		for (i = 0; i < ARRAY_SIZE(h_u32_values); i++)
			H_ADD(h_u32_values[i]);
		for (i = 0; i < 32; i++)
			H_ADD(1U << i);
		for (i = 0; i < 4; i++)
			H_ADD((__u32)h_rand());
		break;
	}
#undef H_ADD
	return n;
}

static void h_set(struct h_env *e, union h_arg *a, const struct h_field *f, __u64 v)
{
	char *p = (f->where == HR_POOL ? (char *)e->pool : (char *)a) + f->off;
	__u32 w = v;
	__u16 h = v;

	switch (f->kind) {
	case HK_U16:
		memcpy(p, &h, 2);
		break;
	case HK_U32:
	case HK_FD:
	case HK_PID:
	case HK_OUT32:
	case HK_CLASS:
		memcpy(p, &w, 4);
		break;
	default:
		memcpy(p, &v, 8);
		break;
	}
}

/* A fresh, valid NT path in e->buf (for names that must not exist yet). */
static __u32 h_fresh_name(struct h_env *e)
{
	char name[96];
	struct nts_name n;

	snprintf(name, sizeof(name), "\\BaseNamedObjects\\nts-hostile-%d-%u", (int)getpid(),
		 ++e->serial);
	n = nts_utf16(name);
	memcpy(e->buf, n.buf, n.bytes);
	return n.bytes;
}

/* ExtendedParameters of a baseline: AddressRequirements of zeros, NUMA_NO_PREFERRED_NODE. */
static void h_baseline_ext(struct h_env *e)
{
	e->pool->ext[0].type = NT_MEM_EXT_ADDRESS_REQUIREMENTS;
	e->pool->ext[0].value = (uintptr_t)&e->pool->req;
	e->pool->ext[1].type = NT_MEM_EXT_NUMA_NODE;
	e->pool->ext[1].value = 0xffffffffu;
}

/*
 * An argument every check of @cmd accepts, its pointers leading to the
 * pool: CREATE a fresh name with a mode descriptor, OPEN our section's name.
 */
static void h_baseline(struct h_env *e, unsigned long cmd, union h_arg *a)
{
	struct h_pool *pool = e->pool;

	memset(a, 0, sizeof(*a));
	memset(pool, 0, sizeof(*pool));
	pool->handle = NTS_POISON;
	pool->ret_len = NTS_POISON;
	pool->oa.length = sizeof(pool->oa);
	pool->oa.object_name = &pool->us;
	pool->oa.security_descriptor = &pool->md;
	pool->md.magic = NTSECTION_MODE_DESCRIPTOR_MAGIC;
	pool->md.mode = 0600;
	switch (cmd) {
	case NTSECTION_IOC_CREATE:
		pool->us.length = h_fresh_name(e);
		pool->us.maximum_length = pool->us.length;
		pool->us.buffer = (__u16 *)e->buf;
		pool->max_size = NT_GRAN;
		a->create.section_handle = (uintptr_t)&pool->handle;
		a->create.object_attributes = (uintptr_t)&pool->oa;
		a->create.maximum_size = (uintptr_t)&pool->max_size;
		a->create.desired_access = NT_SECTION_ALL_ACCESS;
		a->create.protect = NT_PAGE_READWRITE;
		a->create.alloc_attributes = NT_SEC_COMMIT;
		a->create.file_fd = NTSECTION_NO_FILE;
		break;
	case NTSECTION_IOC_OPEN:
		memcpy(e->buf + 8 * NT_PAGE, e->uname.buf, e->uname.bytes);
		pool->us.length = e->uname.bytes;
		pool->us.maximum_length = e->uname.bytes;
		pool->us.buffer = (__u16 *)(e->buf + 8 * NT_PAGE);
		a->open.section_handle = (uintptr_t)&pool->handle;
		a->open.object_attributes = (uintptr_t)&pool->oa;
		a->open.desired_access = NT_SECTION_QUERY | NT_SECTION_MAP_READ;
		break;
	case NTSECTION_IOC_MAP:
		a->map.section_fd = e->sec[0].fd;
		a->map.process_fd = NTSECTION_CURRENT_PROCESS;
		a->map.base_address = (uintptr_t)&pool->base;
		a->map.view_size = (uintptr_t)&pool->view_size;
		a->map.section_offset = (uintptr_t)&pool->offset;
		a->map.inherit = NT_VIEW_SHARE;
		a->map.protect = NT_PAGE_READWRITE;
		break;
	case NTSECTION_IOC_UNMAP:
		a->unmap.process_fd = NTSECTION_CURRENT_PROCESS;
		a->unmap.base = (uintptr_t)e->gap;
		break;
	case NTSECTION_IOC_QUERY:
		a->query.section_fd = e->sec[0].fd;
		a->query.buffer = (uintptr_t)h_qbuf(e);
		a->query.length = sizeof(struct ntsection_basic_information);
		a->query.return_length = (uintptr_t)&pool->ret_len;
		break;
	case NTSECTION_IOC_EXTEND:
		a->extend.section_fd = e->sec[2].fd;
		a->extend.new_section_size = (uintptr_t)&pool->new_size;
		pool->new_size = NT_PAGE;
		break;
	case NTSECTION_IOC_COMMIT:
	case NTSECTION_IOC_FREE:
		a->vm.process_fd = NTSECTION_CURRENT_PROCESS;
		a->vm.alloc_type = cmd == NTSECTION_IOC_COMMIT ? NT_MEM_COMMIT : NT_MEM_RELEASE;
		a->vm.base = (uintptr_t)e->view;
		a->vm.size = NT_PAGE;
		a->vm.protect = NT_PAGE_READWRITE;
		break;
	case NTSECTION_IOC_QUERY_VM:
		a->vm_info.process_fd = NTSECTION_CURRENT_PROCESS;
		a->vm_info.address = (uintptr_t)e->view;
		break;
	case NTSECTION_IOC_QUERY_VM_INFO:
		/* The code of the image: the class the test chose answers there. */
		a->query_vm.process_fd = NTSECTION_CURRENT_PROCESS;
		a->query_vm.info_class = e->qvi_class;
		a->query_vm.address = (uintptr_t)e->image + NT_PAGE;
		a->query_vm.buffer = (uintptr_t)h_qbuf(e);
		a->query_vm.length = NT_PAGE;
		a->query_vm.return_length = (uintptr_t)&pool->ret_len;
		break;
	case NTSECTION_IOC_SAME_FILES:
		a->same.address1 = (uintptr_t)e->image;
		a->same.address2 = (uintptr_t)e->fview;
		break;
	case NTSECTION_IOC_PROTECT:
		a->vm.process_fd = NTSECTION_CURRENT_PROCESS;
		a->vm.base = (uintptr_t)e->view;
		a->vm.size = NT_PAGE;
		break;
	case NTSECTION_IOC_OPEN_PROCESS:
		/* The other child: from its pidfd, or by its id; no ObjectName. */
		pool->oa.object_name = NULL;
		pool->oa.security_descriptor = NULL;
		pool->cid[0] = e->other;
		a->op.process_handle = (uintptr_t)&pool->handle;
		a->op.access = NT_PROCESS_ALL_ACCESS;
		if (e->op_pidfd) {
			a->op.flags = NTSECTION_PROCESS_PIDFD;
			a->op.pidfd = e->pidfd_other;
		} else {
			a->op.object_attributes = (uintptr_t)&pool->oa;
			a->op.client_id = (uintptr_t)pool->cid;
		}
		break;
	case NTSECTION_IOC_READ_VM:
	case NTSECTION_IOC_WRITE_VM:
		/* A few bytes across the two read-write pages of the other child. */
		a->rw.process_fd = e->ph[HP_OTHER].fd;
		a->rw.address = (uintptr_t)e->scratch + NT_PAGE - 100;
		a->rw.buffer = (uintptr_t)h_qbuf(e);
		a->rw.size = 300;
		a->rw.bytes = (uintptr_t)&pool->bytes;
		pool->bytes = NTS_POISON;
		break;
	case NTSECTION_IOC_MAP_EX:
		/* The map's, with AddressRequirements that ask nothing and any node. */
		h_baseline(e, NTSECTION_IOC_MAP, a);
		a->map_ex.ext_params = (uintptr_t)pool->ext;
		a->map_ex.ext_count = 2;
		h_baseline_ext(e);
		break;
	case NTSECTION_IOC_UNMAP_EX:
		a->unmap_ex.process_fd = NTSECTION_CURRENT_PROCESS;
		a->unmap_ex.flags = NT_MEM_PRESERVE_PLACEHOLDER;
		a->unmap_ex.base = (uintptr_t)e->gap;
		break;
	case NTSECTION_IOC_ALLOCATE_EX:
		/* A placeholder wherever it goes (released again at once). */
		a->alloc_ex.process_fd = NTSECTION_CURRENT_PROCESS;
		a->alloc_ex.alloc_type = NT_MEM_RESERVE | NT_MEM_RESERVE_PLACEHOLDER;
		a->alloc_ex.size = H_SEC_SIZE;
		a->alloc_ex.protect = NT_PAGE_NOACCESS;
		a->alloc_ex.ext_params = (uintptr_t)pool->ext;
		a->alloc_ex.ext_count = 2;
		h_baseline_ext(e);
		break;
	case NTSECTION_IOC_CREATE_EX:
		/* The create's, with any node and a signing level. */
		h_baseline(e, NTSECTION_IOC_CREATE, a);
		a->create_ex.ext_params = (uintptr_t)pool->ext;
		a->create_ex.ext_count = 2;
		pool->ext[0].type = NT_MEM_SECTION_EXT_NUMA_NODE;
		pool->ext[0].value = 0xffffffffu;
		pool->ext[1].type = NT_MEM_SECTION_EXT_SIGNING_LEVEL;
		break;
	case NTSECTION_IOC_APC_CALL:
		/* NtAllocateVirtualMemory in the server, which answers it (success). */
		a->apc_call.process_fd = e->apc_ph[0];
		a->apc_call.apc.op = NTSECTION_APC_ALLOCATE;
		a->apc_call.apc.arg[0] = 0x10000000;
		a->apc_call.apc.arg[1] = NT_GRAN;
		a->apc_call.apc.arg[3] = NT_MEM_RESERVE | NT_MEM_COMMIT;
		a->apc_call.apc.arg[4] = NT_PAGE_READWRITE;
		break;
	case NTSECTION_IOC_FLUSH:
		/* The rest of the file view, from its second byte. */
		a->flush.process_fd = NTSECTION_CURRENT_PROCESS;
		a->flush.base_address = (uintptr_t)&pool->base;
		a->flush.region_size = (uintptr_t)&pool->view_size;
		a->flush.io_status = (uintptr_t)pool->cid;
		pool->base = (uintptr_t)e->fview + 1;
		pool->view_size = 0;
		break;
	}
}

/* Every field of every ioctl, each value in turn, from an argument that works. */
static void h_sweep(struct __test_metadata *_metadata, struct h_env *e, unsigned long only)
{
	__u64 values[96];
	unsigned int i, j, k, n;
	union h_arg a;

	for (i = 0; i < ARRAY_SIZE(h_ioctls); i++) {
		const struct h_ioctl_desc *d = &h_ioctls[i];

		if (only && d->cmd != only)
			continue;
		h_ensure_view(e);
		h_baseline(e, d->cmd, &a);
		h_call(_metadata, e, e->dev, d->cmd, &a, h_expect(e, d->cmd, &a), "baseline", 0);
		for (j = 0; j < d->nfields; j++) {
			const struct h_field *f = &d->fields[j];

			n = h_values(e, d->cmd, f, values, ARRAY_SIZE(values));
			for (k = 0; k < n; k++) {
				h_ensure_view(e);
				h_baseline(e, d->cmd, &a);
				h_set(e, &a, f, values[k]);
				h_call(_metadata, e, e->dev, d->cmd, &a, h_expect(e, d->cmd, &a),
				       f->name, values[k]);
			}
		}
	}
}

/* Fixture: a zoo of fds, memory and sections to point the fields at. */

static int h_make_file(int flags, __u64 size)
{
	char path[] = "/tmp/nts-hostile-XXXXXX";
	int fd = mkstemp(path), ret;

	if (fd < 0)
		return -1;
	if (ftruncate(fd, size)) {
		close(fd);
		unlink(path);
		return -1;
	}
	close(fd);
	ret = open(path, flags | O_CLOEXEC);
	unlink(path);
	return ret;
}

static int h_create_sec(struct h_env *e, struct h_sec *s, const char *name, __u32 protect,
			__u32 attrs, int file, __u64 size)
{
	struct nts_create c = {
		.name = name, .access = NT_SECTION_ALL_ACCESS, .protect = protect,
		.attrs = attrs, .file_fd = file, .size = size, .size_given = !!size,
	};

	s->prot = protect;
	s->attrs = attrs;
	s->access = NT_SECTION_ALL_ACCESS;
	s->file_backed = file >= 0;
	return nts_create_ex(&c, &s->fd);
}

/*
 * The views of a file the ABI 2.1 calls ask about: a small PE image
 * (pe_image.h, an executable DLL of two pages) as an image view, and as a
 * read-only data view of the same file; the section handles are closed
 * again (the views keep their sections). The data view is mapped in a hole
 * of its own in PROT_NONE memory, so that no view another call maps lands
 * next to it (map_fields, extend_far and others expect what follows their
 * views to be no view, or to fault). @e->fname gets the file's name as
 * MemoryMappedFilenameInformation gives it: \??\unix and the path the
 * kernel has for it (unlinked: " (deleted)"), with backslashes, in UTF-16.
 */
static void h_setup_file_views(struct __test_metadata *_metadata, struct h_env *e)
{
	static const char prefix[] = "\\??\\unix";
	struct nts_create c = {
		.access = NT_SECTION_ALL_ACCESS, .protect = NT_PAGE_EXECUTE_WRITECOPY,
		.attrs = NT_SEC_IMAGE,
	};
	struct nts_map m = { .protect = NT_PAGE_EXECUTE_WRITECOPY };
	char link[64], path[H_FNAME_MAX];
	int image_sec, data_sec;
	unsigned int i, n;
	struct img img;
	ssize_t len;
	__u32 status;

	img_init(&img, 0);
	c.file_fd = img_file(&img);
	ASSERT_LE(0, c.file_fd);
	snprintf(link, sizeof(link), "/proc/self/fd/%d", c.file_fd);
	len = readlink(link, path, sizeof(path) - 1);
	ASSERT_LT(0, len);
	ASSERT_GT(H_FNAME_MAX - sizeof(prefix), (size_t)len);
	for (n = 0; prefix[n]; n++)
		e->fname[n] = prefix[n];
	for (i = 0; i < (unsigned int)len; i++)
		e->fname[n++] = path[i] == '/' ? '\\' : (unsigned char)path[i];
	e->fname[n] = 0;
	e->fname_bytes = 2 * n;
	ASSERT_EQ(NT_STATUS_SUCCESS, nts_create_ex(&c, &image_sec));
	c.attrs = NT_SEC_COMMIT;
	c.protect = NT_PAGE_READONLY;
	status = nts_create_ex(&c, &data_sec);
	close(c.file_fd);
	ASSERT_EQ(NT_STATUS_SUCCESS, status);
	/* Wherever the image goes (IMAGE_NOT_AT_BASE is a success too). */
	status = nts_map_ex(image_sec, &m);
	close(image_sec);
	ASSERT_LE(0, (__s32)status);
	e->image = (char *)(uintptr_t)m.base;
	e->image_size = m.size;
	ASSERT_EQ(2 * NT_PAGE, e->image_size);
	e->resv = mmap(NULL, 3 * NT_GRAN, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE,
		       -1, 0);
	ASSERT_NE(MAP_FAILED, e->resv);
	memset(&m, 0, sizeof(m));
	m.base = ((uintptr_t)e->resv + NT_PAGE + NT_GRAN - 1) & ~(NT_GRAN - 1);
	ASSERT_EQ(0, munmap((void *)(uintptr_t)m.base, NT_GRAN));
	m.protect = NT_PAGE_READONLY;
	status = nts_map_ex(data_sec, &m);
	close(data_sec);
	ASSERT_EQ(NT_STATUS_SUCCESS, status);
	e->fview = (char *)(uintptr_t)m.base;
	e->fview_size = (m.size + NT_PAGE - 1) & ~(NT_PAGE - 1);
	e->qvi_class = NT_MEMORY_MAPPED_FILENAME_INFORMATION;
}

/* The other child's second thread: its id, then pause(). */
static void *h_other_thread(void *arg)
{
	__atomic_store_n((pid_t *)arg, (pid_t)syscall(SYS_gettid), __ATOMIC_RELEASE);
	for (;;)
		pause();
	return NULL;
}

/*
 * ABI 2.3: the fixture's APC server, a child that opens its APC fd and
 * answers every call as h_apc_answer() says, from its only thread, until
 * it is killed. shared[1]: 1 once its APC fd is open (-1: it could not).
 */
static void h_apc_server(int dev, pid_t *shared)
{
	struct ntsection_apc_open_args o = { 0 };
	struct ntsection_apc_wait_args w;

	prctl(PR_SET_PDEATHSIG, SIGKILL);
	if (ioctl(dev, NTSECTION_IOC_APC_OPEN, &o) || o.status) {
		__atomic_store_n(&shared[1], -1, __ATOMIC_RELEASE);
		_exit(1);
	}
	__atomic_store_n(&shared[1], 1, __ATOMIC_RELEASE);
	memset(&w, 0, sizeof(w));
	for (;;) {
		if (ioctl((int)o.fd, NTSECTION_IOC_APC_WAIT, &w)) {
			if (errno == EINTR)
				continue;
			_exit(2);
		}
		h_apc_answer(&w.call, &w.reply);
	}
}

/* ABI 2.3: an APC fd for this process, kept in e->apc_fd: the status. */
static __u32 h_apc_open_own(struct h_env *e)
{
	struct ntsection_apc_open_args o = { .fd = 0xdeadbeef, .status = 0xdeadbeef };
	int rc = h_ioctl(e->dev, NTSECTION_IOC_APC_OPEN, &o);

	if (rc || o.status)
		return o.status ? o.status : NT_STATUS_UNSUCCESSFUL;
	e->apc_fd = (int)o.fd;
	return NT_STATUS_SUCCESS;
}

/* A process handle by CLIENT_ID (ABI 2.2), or -1. */
static int h_open_process(const struct h_env *e, pid_t pid, __u32 access)
{
	struct nts_object_attributes oa = { .length = sizeof(oa) };
	__u64 cid[2] = { (__u64)pid, 0 }, handle = 0;
	struct ntsection_open_process_args a = {
		.process_handle = (uintptr_t)&handle, .access = access,
		.object_attributes = (uintptr_t)&oa, .client_id = (uintptr_t)cid,
	};

	if (h_ioctl(e->dev, NTSECTION_IOC_OPEN_PROCESS, &a) || a.status)
		return -1;
	return (int)NTSECTION_HANDLE_TO_FD(handle);
}

static void h_set_proc(struct h_env *e, int i, pid_t pid, enum h_target target, __u32 access)
{
	e->ph[i].fd = h_open_process(e, pid, access);
	e->ph[i].target = target;
	e->ph[i].access = h_process_access(access);
}

/* Has this process CAP_SYS_PTRACE (in the initial user namespace, as the guests run)? */
static int h_has_ptrace_cap(void)
{
	unsigned long long caps = 0;
	char line[256];
	FILE *f = fopen("/proc/self/status", "r");

	if (!f)
		return 0;
	while (fgets(line, sizeof(line), f))
		if (!strncmp(line, "CapEff:", 7))
			caps = strtoull(line + 7, NULL, 16);
	fclose(f);
	return !!(caps & (1ULL << 19));
}

/*
 * ABI 2.2: the children process handles name, and the handles. The other
 * child (forked before) gets a second thread; a child exits (its handle
 * and pidfd stay); a child execs itself (H_PAUSE_ARG) after its handle
 * was opened, so that the handle names an address space that is gone.
 */
static void h_setup_processes(struct __test_metadata *_metadata, struct h_env *e)
{
	int go[2], ready[2], i, status;
	char path[64], c;

	for (i = 0; i < 500 && !__atomic_load_n(e->shared, __ATOMIC_ACQUIRE); i++)
		usleep(10000);
	e->other_tid = __atomic_load_n(e->shared, __ATOMIC_ACQUIRE);
	ASSERT_LT(0, e->other_tid);
	snprintf(path, sizeof(path), "/proc/%d/mem", (int)e->other);
	e->other_mem = open(path, O_RDONLY | O_CLOEXEC);
	ASSERT_LE(0, e->other_mem);
	e->ptrace_cap = h_has_ptrace_cap();

	e->dead = fork();
	ASSERT_LE(0, e->dead);
	if (!e->dead) {
		for (;;)
			pause();
	}
	e->pidfd_dead = syscall(SYS_pidfd_open, e->dead, 0);
	if (e->pidfd_dead < 0)
		e->pidfd_dead = open("/dev/null", O_RDONLY | O_CLOEXEC);
	h_set_proc(e, HP_DEAD, e->dead, HT_GONE, NT_PROCESS_ALL_ACCESS);
	kill(e->dead, SIGKILL);
	ASSERT_EQ(e->dead, waitpid(e->dead, &status, 0));

	ASSERT_EQ(0, pipe2(go, O_CLOEXEC));
	ASSERT_EQ(0, pipe2(ready, O_CLOEXEC));
	e->execd = fork();
	ASSERT_LE(0, e->execd);
	if (!e->execd) {
		prctl(PR_SET_PDEATHSIG, SIGKILL);
		if (read(go[0], &c, 1) != 1 || fcntl(ready[1], F_SETFD, 0))
			_exit(1);
		snprintf(path, sizeof(path), "%d", ready[1]);
		execl("/proc/self/exe", "hostile_test", H_PAUSE_ARG, path, (char *)NULL);
		_exit(127);
	}
	close(go[0]);
	close(ready[1]);
	h_set_proc(e, HP_EXECD, e->execd, HT_GONE, NT_PROCESS_ALL_ACCESS);
	c = 'x';
	ASSERT_EQ(1, write(go[1], &c, 1));
	ASSERT_EQ(1, read(ready[0], &c, 1));
	close(go[1]);
	close(ready[0]);

	h_set_proc(e, HP_SELF, getpid(), HT_SELF, NT_PROCESS_ALL_ACCESS);
	h_set_proc(e, HP_SELF_QUERY, getpid(), HT_SELF, NT_PROCESS_QUERY_LIMITED_INFORMATION);
	h_set_proc(e, HP_OTHER, e->other, HT_OTHER, NT_MAXIMUM_ALLOWED);
	h_set_proc(e, HP_OTHER_READ, e->other, HT_OTHER, NT_GENERIC_READ);
	h_set_proc(e, HP_OTHER_OPS, e->other, HT_OTHER,
		   NT_PROCESS_VM_OPERATION | NT_PROCESS_VM_WRITE);
	for (i = 0; i < HP_MAX; i++)
		ASSERT_LE(0, e->ph[i].fd);

	/* ABI 2.3: the APC server, waiting for calls (so it serves them at once). */
	for (i = 0; i < 1000 && !__atomic_load_n(&e->shared[1], __ATOMIC_ACQUIRE); i++)
		usleep(10000);
	ASSERT_EQ(1, __atomic_load_n(&e->shared[1], __ATOMIC_ACQUIRE));
	ASSERT_EQ(0, nts_wait_in_syscall(e->apc_srv, e->apc_srv, SYS_ioctl, SYS_ioctl, 'S'));
	e->apc_ph_access[0] = NT_PROCESS_ALL_ACCESS;
	e->apc_ph_access[1] = NT_PROCESS_QUERY_LIMITED_INFORMATION;
	for (i = 0; i < 2; i++) {
		e->apc_ph[i] = h_open_process(e, e->apc_srv, e->apc_ph_access[i]);
		ASSERT_LE(0, e->apc_ph[i]);
	}
}

/* nr_node_ids: one past the highest possible node (/sys/devices/system/node/possible). */
static __u32 h_nr_nodes(void)
{
	unsigned int n, max = 0;
	char line[256], *p = line;
	FILE *f = fopen("/sys/devices/system/node/possible", "r");

	if (!f)
		return 1;
	if (!fgets(line, sizeof(line), f))
		line[0] = 0;
	fclose(f);
	while (*p) {
		if (*p >= '0' && *p <= '9') {
			n = strtoul(p, &p, 10);
			max = n > max ? n : max;
		} else {
			p++;
		}
	}
	return max + 1;
}

/* A placeholder of @size bytes at @base (0: where the kernel puts it): the status. */
static __u32 h_new_placeholder(struct h_env *e, __u64 base, __u64 size, __u64 *out)
{
	struct ntsection_allocate_ex_args r = {
		.process_fd = NTSECTION_CURRENT_PROCESS, .base = base, .size = size,
		.alloc_type = NT_MEM_RESERVE | NT_MEM_RESERVE_PLACEHOLDER,
		.protect = NT_PAGE_NOACCESS,
	};

	h_ioctl(e->dev, NTSECTION_IOC_ALLOCATE_EX, &r);
	*out = r.status ? 0 : r.base;
	return r.status;
}

static void h_setup(struct __test_metadata *_metadata, struct h_env *e)
{
	struct ntsection_open_args o = { .desired_access = NT_SECTION_QUERY | NT_SECTION_MAP_READ };
	struct rlimit rl;
	__u32 status;
	char *m;
	int i;

	memset(e, 0, sizeof(*e));
	for (i = 0; i < HP_MAX; i++)
		e->ph[i].fd = -1;
	e->apc_fd = -1;
	e->apc_ph[0] = -1;
	e->apc_ph[1] = -1;
	e->pidfd_dead = -1;
	e->other_mem = -1;
	e->calls_before = __atomic_load_n(h_calls, __ATOMIC_RELAXED);
	e->start = time(NULL);
	e->fds_before = h_count_fds();
	e->maps_before = h_count_lines("/proc/self/maps", "(deleted)");
	e->sections_before = h_count_lines("/proc/ntsection/sections", NULL);
	e->dev = nts_device();
	ASSERT_EQ(0, pipe2(e->pipefd, O_CLOEXEC));
	e->devnull = open("/dev/null", O_RDWR | O_CLOEXEC);
	e->efd = eventfd(0, EFD_CLOEXEC);
	e->dir = open("/tmp", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	e->opath = open("/tmp", O_PATH | O_CLOEXEC);
	e->closed = open("/dev/null", O_RDONLY | O_CLOEXEC);
	close(e->closed);
	e->sock = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
	e->file_rw = h_make_file(O_RDWR, NT_PAGE);
	e->file_ro = h_make_file(O_RDONLY, NT_PAGE);
	/* Special backing files: refused, whatever else the call carries. */
	e->unfit[0] = memfd_create("nts-hostile-huge", MFD_HUGETLB | MFD_CLOEXEC);
	if (e->unfit[0] < 0 || ftruncate(e->unfit[0], 2 * MiB)) {
		if (e->unfit[0] >= 0)
			close(e->unfit[0]);
		e->unfit[0] = open("/dev/null", O_RDWR | O_CLOEXEC);
	}
	e->unfit[1] = syscall(SYS_memfd_secret, O_CLOEXEC);
	if (e->unfit[1] < 0 || ftruncate(e->unfit[1], NT_GRAN)) {
		if (e->unfit[1] >= 0)
			close(e->unfit[1]);
		e->unfit[1] = open("/dev/null", O_RDWR | O_CLOEXEC);
	}
	e->sealed = memfd_create("nts-hostile-sealed", MFD_ALLOW_SEALING | MFD_CLOEXEC);
	ASSERT_LE(0, e->sealed);
	ASSERT_EQ(0, ftruncate(e->sealed, NT_GRAN));
	ASSERT_EQ(0, fcntl(e->sealed, F_ADD_SEALS, F_SEAL_WRITE | F_SEAL_GROW | F_SEAL_SHRINK));
	ASSERT_LE(0, e->unfit[0]);
	ASSERT_LE(0, e->unfit[1]);
	ASSERT_LE(0, e->devnull);
	ASSERT_LE(0, e->efd);
	ASSERT_LE(0, e->dir);
	ASSERT_LE(0, e->opath);
	ASSERT_LE(0, e->sock);
	ASSERT_LE(0, e->file_rw);
	ASSERT_LE(0, e->file_ro);
	/* The scratch pages READ_VM and WRITE_VM reach: the other child has them too. */
	e->scratch = mmap(NULL, H_SCRATCH_PAGES * NT_PAGE, PROT_READ | PROT_WRITE,
			  MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	ASSERT_NE(MAP_FAILED, e->scratch);
	for (i = 0; i < 3 * (int)NT_PAGE; i++)
		e->scratch[i] = (char)(i * 7 + 3);
	ASSERT_EQ(0, mprotect(e->scratch + 2 * NT_PAGE, NT_PAGE, PROT_READ));
	ASSERT_EQ(0, mprotect(e->scratch + 3 * NT_PAGE, 2 * NT_PAGE, PROT_NONE));
	e->shared = mmap(NULL, NT_PAGE, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	ASSERT_NE(MAP_FAILED, e->shared);
	*e->shared = 0;
	e->pidfd_self = syscall(SYS_pidfd_open, getpid(), 0);
	e->other = fork();
	ASSERT_LE(0, e->other);
	if (!e->other) {
		pthread_t tid;

		prctl(PR_SET_PDEATHSIG, SIGKILL);
		if (pthread_create(&tid, NULL, h_other_thread, e->shared))
			_exit(1);
		for (;;)
			pause();
	}
	/* ABI 2.3: the APC server, as clean a fork as the other child. */
	e->apc_srv = fork();
	ASSERT_LE(0, e->apc_srv);
	if (!e->apc_srv)
		h_apc_server(e->dev, e->shared);
	e->pidfd_other = syscall(SYS_pidfd_open, e->other, 0);
	if (e->pidfd_self < 0 || e->pidfd_other < 0) {
		/* No pidfds (before 5.3): stand-ins that are no pidfd at all. */
		e->pidfd_self = open("/dev/null", O_RDONLY | O_CLOEXEC);
		e->pidfd_other = open("/dev/null", O_RDONLY | O_CLOEXEC);
	}

	snprintf(e->name, sizeof(e->name), "\\BaseNamedObjects\\nts-hostile-%d", (int)getpid());
	e->uname = nts_utf16(e->name);
	status = h_create_sec(e, &e->sec[0], e->name, NT_PAGE_READWRITE, NT_SEC_COMMIT, -1,
			      H_SEC_SIZE);
	ASSERT_EQ(NT_STATUS_SUCCESS, status);
	status = h_create_sec(e, &e->sec[1], NULL, NT_PAGE_READWRITE, NT_SEC_RESERVE, -1,
			      H_SEC_SIZE);
	ASSERT_EQ(NT_STATUS_SUCCESS, status);
	status = h_create_sec(e, &e->sec[2], NULL, NT_PAGE_READWRITE, NT_SEC_COMMIT, e->file_rw,
			      NT_GRAN);
	ASSERT_EQ(NT_STATUS_SUCCESS, status);
	e->sec[3] = e->sec[0];
	e->sec[3].access = o.desired_access;
	ASSERT_EQ(NT_STATUS_SUCCESS, nts_open(e->name, 0, o.desired_access, &e->sec[3].fd));

	m = mmap(NULL, 24 * NT_PAGE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	ASSERT_NE(MAP_FAILED, m);
	e->buf = m;			/* 16 pages */
	e->pool = (struct h_pool *)(m + NT_PAGE);
	e->ro = m + 16 * NT_PAGE;
	e->none = m + 17 * NT_PAGE;
	e->gap = m + 18 * NT_PAGE;
	e->edge = m + 20 * NT_PAGE;
	ASSERT_EQ(0, mprotect(e->ro, NT_PAGE, PROT_READ));
	ASSERT_EQ(0, mprotect(e->none, NT_PAGE, PROT_NONE));
	ASSERT_EQ(0, munmap(e->gap, 2 * NT_PAGE));
	ASSERT_EQ(0, munmap(e->edge + NT_PAGE, 3 * NT_PAGE));
	h_ensure_view(e);
	ASSERT_NE(NULL, e->view);
	h_setup_file_views(_metadata, e);
	h_setup_processes(_metadata, e);
	/* ABI 2.3, after the forks: the other child has no placeholder. */
	e->nodes = h_nr_nodes();
	if (geteuid() && !getrlimit(RLIMIT_MEMLOCK, &rl) && rl.rlim_cur != RLIM_INFINITY)
		e->lock_limit = rl.rlim_cur ? rl.rlim_cur : 1;
	ASSERT_EQ(NT_STATUS_SUCCESS, h_new_placeholder(e, 0, H_SEC_SIZE, &e->hold));
	ASSERT_EQ(0, e->hold & (NT_GRAN - 1));
}

static void h_teardown(struct __test_metadata *_metadata, struct h_env *e)
{
	struct ntsection_vm_args permit = { .process_fd = NTSECTION_CURRENT_PROCESS };
	struct ntsection_version ver = {};
	int i, fd, status, fds, maps, sections;
	char *p;

	h_close_strays(e);
	if (e->view)
		nts_unmap(e->view);
	if (e->hold) {
		h_ensure_hold(e);
		EXPECT_EQ(NT_STATUS_SUCCESS,
			  h_free_in(e, NTSECTION_CURRENT_PROCESS, e->hold, 0, NT_MEM_RELEASE, 0));
	}
	if (e->image)
		EXPECT_EQ(NT_STATUS_SUCCESS, nts_unmap(e->image));
	if (e->fview)
		EXPECT_EQ(NT_STATUS_SUCCESS, nts_unmap(e->fview));
	if (e->resv && e->resv != MAP_FAILED)
		munmap(e->resv, 3 * NT_GRAN);
	/* NtProtectVirtualMemory's permit, if a call left one. */
	EXPECT_EQ(0, h_ioctl(e->dev, NTSECTION_IOC_PROTECT, &permit));
	EXPECT_EQ(NT_STATUS_SUCCESS, permit.status);
	for (i = 0; i < 4; i++)
		close(e->sec[i].fd);
	close(e->pipefd[0]);
	close(e->pipefd[1]);
	close(e->devnull);
	close(e->efd);
	close(e->dir);
	close(e->opath);
	close(e->sock);
	close(e->file_rw);
	close(e->file_ro);
	close(e->unfit[0]);
	close(e->unfit[1]);
	close(e->sealed);
	close(e->pidfd_self);
	close(e->pidfd_other);
	if (e->pidfd_dead >= 0)
		close(e->pidfd_dead);
	if (e->other_mem >= 0)
		close(e->other_mem);
	for (i = 0; i < HP_MAX; i++)
		if (e->ph[i].fd >= 0)
			close(e->ph[i].fd);
	for (i = 0; i < 2; i++)
		if (e->apc_ph[i] >= 0)
			close(e->apc_ph[i]);
	if (e->apc_fd >= 0)
		close(e->apc_fd);
	if (e->apc_srv > 0) {
		kill(e->apc_srv, SIGKILL);
		waitpid(e->apc_srv, &status, 0);
	}
	if (e->other > 0) {
		kill(e->other, SIGKILL);
		waitpid(e->other, &status, 0);
	}
	if (e->execd > 0) {
		kill(e->execd, SIGKILL);
		waitpid(e->execd, &status, 0);
	}
	if (e->buf)
		munmap(e->buf, 24 * NT_PAGE);
	if (e->scratch && e->scratch != MAP_FAILED)
		munmap(e->scratch, H_SCRATCH_PAGES * NT_PAGE);
	if (e->shared && e->shared != MAP_FAILED)
		munmap(e->shared, NT_PAGE);

	/* Still healthy: the device answers and sections work. */
	EXPECT_EQ(0, ioctl(nts_device(), NTSECTION_IOC_VERSION, &ver));
	EXPECT_EQ(NTSECTION_ABI_MAJOR, ver.major);
	EXPECT_EQ(NT_STATUS_SUCCESS, nts_create_anon(NT_GRAN, NT_PAGE_READWRITE, NT_SEC_COMMIT,
						     &fd));
	p = nts_map(fd, NT_PAGE_READWRITE, NULL);
	EXPECT_NE(NULL, p);
	if (p) {
		memset(p, 0x5a, NT_GRAN);
		EXPECT_EQ(0x5a, p[NT_GRAN - 1]);
		EXPECT_EQ(NT_STATUS_SUCCESS, nts_unmap(p));
	}
	close(fd);

	/* Nothing left over. */
	fds = h_count_fds();
	maps = h_count_lines("/proc/self/maps", "(deleted)");
	sections = h_count_lines("/proc/ntsection/sections", NULL);
	EXPECT_EQ(e->fds_before, fds);
	EXPECT_EQ(e->maps_before, maps);
	EXPECT_EQ(e->sections_before, sections);
	EXPECT_EQ(0, nts_errno_mismatch);
	h_failure_summary(_metadata, e);
	TH_LOG("%llu calls in %ld s",
	       (unsigned long long)(__atomic_load_n(h_calls, __ATOMIC_RELAXED) - e->calls_before),
	       (long)(time(NULL) - e->start));
	EXPECT_EQ(0, e->failures);
}

FIXTURE(hostile) {
	struct h_env e;
};

FIXTURE_SETUP(hostile)
{
	if (nts_device() < 0)
		SKIP(return, NTS_NO_DEVICE);
	nts_errno_mismatch = 0;
	h_setup(_metadata, &self->e);
}

FIXTURE_TEARDOWN(hostile)
{
	h_teardown(_metadata, &self->e);
}

/* VERSION: the reply, padding included, whatever was in the buffer. */
TEST_F(hostile, version)
{
	struct ntsection_version *v = (void *)self->e.buf;
	union h_arg a;

	memset(v, 0xff, sizeof(*v));
	ASSERT_EQ(0, h_ioctl(self->e.dev, NTSECTION_IOC_VERSION, v));
	EXPECT_EQ(NTSECTION_ABI_MAJOR, v->major);
	EXPECT_EQ(NTSECTION_ABI_MINOR, v->minor);
	EXPECT_EQ(NT_STATUS_SUCCESS, v->status);
	/* ABI 2.4: 2 MiB pages (21) or none (0). */
	EXPECT_TRUE(v->large_page_shift == 0 || v->large_page_shift == 21);
	h_baseline(&self->e, NTSECTION_IOC_VERSION, &a);
	h_call(_metadata, &self->e, self->e.dev, NTSECTION_IOC_VERSION, &a, NT_STATUS_SUCCESS,
	       "baseline", 0);
}

/* Each field of each argument through its boundary values. */
TEST_F_TIMEOUT(hostile, create_fields, 300)
{
	h_sweep(_metadata, &self->e, NTSECTION_IOC_CREATE);
}

TEST_F_TIMEOUT(hostile, open_fields, 300)
{
	h_sweep(_metadata, &self->e, NTSECTION_IOC_OPEN);
}

TEST_F_TIMEOUT(hostile, map_fields, 300)
{
	h_sweep(_metadata, &self->e, NTSECTION_IOC_MAP);
}

TEST_F_TIMEOUT(hostile, unmap_query_extend_fields, 300)
{
	h_sweep(_metadata, &self->e, NTSECTION_IOC_UNMAP);
	h_sweep(_metadata, &self->e, NTSECTION_IOC_QUERY);
	h_sweep(_metadata, &self->e, NTSECTION_IOC_EXTEND);
}

TEST_F_TIMEOUT(hostile, vm_fields, 300)
{
	h_sweep(_metadata, &self->e, NTSECTION_IOC_COMMIT);
	h_sweep(_metadata, &self->e, NTSECTION_IOC_FREE);
	h_sweep(_metadata, &self->e, NTSECTION_IOC_QUERY_VM);
}

/* ABI 2.1: NtQueryVirtualMemory with each class the kernel writes, NtAreMappedFilesTheSame. */
TEST_F_TIMEOUT(hostile, query_vm_info_same_files_fields, 300)
{
	self->e.qvi_class = NT_MEMORY_IMAGE_INFORMATION;
	h_sweep(_metadata, &self->e, NTSECTION_IOC_QUERY_VM_INFO);
	self->e.qvi_class = NT_MEMORY_MAPPED_FILENAME_INFORMATION;
	h_sweep(_metadata, &self->e, NTSECTION_IOC_QUERY_VM_INFO);
	/* MemoryRegionInformation (working sets write as far as any length goes). */
	self->e.qvi_class = NT_MEMORY_REGION_INFORMATION;
	h_sweep(_metadata, &self->e, NTSECTION_IOC_QUERY_VM_INFO);
	h_sweep(_metadata, &self->e, NTSECTION_IOC_SAME_FILES);
}

/* ABI 2.4: NtFlushVirtualMemory. */
TEST_F_TIMEOUT(hostile, flush_fields, 300)
{
	h_sweep(_metadata, &self->e, NTSECTION_IOC_FLUSH);
}

/* ABI 2.2: NtOpenProcess by CLIENT_ID and from a pidfd; READ_VM and WRITE_VM. */
TEST_F_TIMEOUT(hostile, open_process_rw_vm_fields, 300)
{
	self->e.op_pidfd = 0;
	h_sweep(_metadata, &self->e, NTSECTION_IOC_OPEN_PROCESS);
	self->e.op_pidfd = 1;
	h_sweep(_metadata, &self->e, NTSECTION_IOC_OPEN_PROCESS);
	h_sweep(_metadata, &self->e, NTSECTION_IOC_READ_VM);
	h_sweep(_metadata, &self->e, NTSECTION_IOC_WRITE_VM);
}

/*
 * ABI 2.2, two fields at once: READ_VM and WRITE_VM with every process
 * handle, address and size (each scratch page, their edges, sizes that
 * cross them), so that each copy stops where the model says.
 */
TEST_F_TIMEOUT(hostile, rw_vm_pairs, 300)
{
	static const __u64 sizes[] = {
		0, 1, 8, 100, NT_PAGE - 1, NT_PAGE, NT_PAGE + 1, 2 * NT_PAGE, 3 * NT_PAGE,
		4 * NT_PAGE, 1ULL << 32, ~0ULL,
	};
	static const unsigned long cmds[] = { NTSECTION_IOC_READ_VM, NTSECTION_IOC_WRITE_VM };
	__u64 fds[HP_MAX + 3], addrs[96];
	struct h_env *e = &self->e;
	unsigned int c, i, j, k, nf = 0, na;
	union h_arg a;

	fds[nf++] = NTSECTION_CURRENT_PROCESS;
	fds[nf++] = e->pidfd_self;
	fds[nf++] = e->pidfd_other;
	for (i = 0; i < HP_MAX; i++)
		fds[nf++] = e->ph[i].fd;
	na = h_values(e, NTSECTION_IOC_READ_VM, &h_rw_vm_fields[2], addrs, ARRAY_SIZE(addrs));
	for (c = 0; c < ARRAY_SIZE(cmds); c++) {
		for (i = 0; i < nf; i++) {
			for (j = 0; j < na; j++) {
				for (k = 0; k < ARRAY_SIZE(sizes); k++) {
					h_baseline(e, cmds[c], &a);
					a.rw.process_fd = fds[i];
					a.rw.address = addrs[j];
					a.rw.size = sizes[k];
					h_call(_metadata, e, e->dev, cmds[c], &a,
					       h_expect(e, cmds[c], &a), "address ^ size",
					       addrs[j] ^ sizes[k]);
				}
			}
		}
	}
}

/*
 * Two fields at once: every address with every length around the sizes
 * each class needs, and NtAreMappedFilesTheSame on every pair of addresses
 * (views of each kind and their edges, other memory, free memory).
 */
TEST_F_TIMEOUT(hostile, query_vm_info_same_files_pairs, 300)
{
	static const __u32 classes[] = {
		NT_MEMORY_IMAGE_INFORMATION, NT_MEMORY_MAPPED_FILENAME_INFORMATION,
	};
	struct h_env *e = &self->e;
	__u64 addrs[96], lens[96];
	unsigned int i, j, k, na, nl;
	union h_arg a;

	na = h_values(e, NTSECTION_IOC_SAME_FILES, &h_same_files_fields[0], addrs,
		      ARRAY_SIZE(addrs));
	nl = h_values(e, NTSECTION_IOC_QUERY_VM_INFO, &h_query_vm_info_fields[4] /* length */,
		      lens, ARRAY_SIZE(lens));
	for (k = 0; k < ARRAY_SIZE(classes); k++) {
		e->qvi_class = classes[k];
		for (i = 0; i < na; i++) {
			for (j = 0; j < nl; j++) {
				h_baseline(e, NTSECTION_IOC_QUERY_VM_INFO, &a);
				a.query_vm.address = addrs[i];
				a.query_vm.length = lens[j];
				h_call(_metadata, e, e->dev, NTSECTION_IOC_QUERY_VM_INFO, &a,
				       h_expect(e, NTSECTION_IOC_QUERY_VM_INFO, &a), "address",
				       addrs[i]);
			}
		}
	}
	for (i = 0; i < na; i++) {
		for (j = 0; j < na; j++) {
			h_baseline(e, NTSECTION_IOC_SAME_FILES, &a);
			a.same.address1 = addrs[i];
			a.same.address2 = addrs[j];
			h_call(_metadata, e, e->dev, NTSECTION_IOC_SAME_FILES, &a,
			       h_expect(e, NTSECTION_IOC_SAME_FILES, &a), "address1 ^ address2",
			       addrs[i] ^ addrs[j]);
		}
	}
}

/*
 * ABI 2.1 NtProtectVirtualMemory: each field through its values from a
 * permit for the first page of the pagefile view; after each call that
 * page is made read-only, which splits the view: mprotect() must succeed
 * exactly when the call succeeded for a range that starts or ends where
 * the page does, and fail with EINVAL otherwise (a call that failed, or
 * withdrew, permits nothing). A view split so is mapped again in one piece.
 */
TEST_F_TIMEOUT(hostile, protect_fields, 300)
{
	struct ntsection_vm_args none = { .process_fd = NTSECTION_CURRENT_PROCESS };
	struct h_env *e = &self->e;
	__u64 values[96], end, value;
	int rc, err, permitted;
	unsigned int j, k, n;
	const char *name;
	char *old;
	union h_arg a;
	__u32 status;

	for (j = 0; j < ARRAY_SIZE(h_vm_fields); j++) {
		const struct h_field *f = &h_vm_fields[j];

		n = h_values(e, NTSECTION_IOC_PROTECT, f, values, ARRAY_SIZE(values));
		for (k = 0; k <= n; k++) {	/* the last: the baseline itself */
			h_ensure_view(e);
			ASSERT_NE(NULL, e->view);
			ASSERT_EQ(0, h_ioctl(e->dev, NTSECTION_IOC_PROTECT, &none));
			h_baseline(e, NTSECTION_IOC_PROTECT, &a);
			name = k < n ? f->name : "baseline";
			value = k < n ? values[k] : 0;
			if (k < n)
				h_set(e, &a, f, value);
			status = h_call(_metadata, e, e->dev, NTSECTION_IOC_PROTECT, &a,
					h_expect(e, NTSECTION_IOC_PROTECT, &a), name, value);
			end = (uintptr_t)e->view + NT_PAGE;
			permitted = status == NT_STATUS_SUCCESS && a.vm.size &&
				    (a.vm.base == end || a.vm.base + a.vm.size == end);
			rc = mprotect(e->view, NT_PAGE, PROT_READ);
			err = errno;
			if ((permitted ? rc != 0 : rc != -1 || err != EINVAL) &&
			    e->failures++ < H_MAX_LOG)
				TH_LOG("PROTECT %s = 0x%llx: 0x%08x, then mprotect() %d errno %d",
				       name, (unsigned long long)value, status, rc, err);
			if (rc)
				continue;
			/* Split: the view in one piece again, where the values expect it. */
			old = e->view;
			h_remap_view(e);
			ASSERT_EQ(old, e->view);
		}
	}
}

/* Two fields at once: offset + size overflowing, sizes near 2^64 (SPEC §5). */
TEST_F_TIMEOUT(hostile, map_offset_size_overflow, 300)
{
	static const __u64 big[] = {
		0, NT_PAGE, NT_GRAN, H_SEC_SIZE - NT_GRAN, H_SEC_SIZE, 1ULL << 32, 1ULL << 47,
		1ULL << 63, ~0ULL - NT_GRAN + 1, ~0ULL - NT_PAGE + 1, ~0ULL - NT_PAGE + 2, ~0ULL,
	};
	struct h_env *e = &self->e;
	unsigned int i, j, k;
	union h_arg a;

	for (i = 0; i < ARRAY_SIZE(big); i++) {
		for (j = 0; j < ARRAY_SIZE(big); j++) {
			for (k = 0; k < 3; k++) {
				h_baseline(e, NTSECTION_IOC_MAP, &a);
				e->pool->offset = big[i];
				e->pool->view_size = big[j];
				a.map.commit_size = k == 1 ? big[j] : k == 2 ? ~0ULL : 0;
				h_call(_metadata, e, e->dev, NTSECTION_IOC_MAP, &a,
				       h_expect(e, NTSECTION_IOC_MAP, &a), "offset+size",
				       big[i] ^ big[j]);
			}
			/* And as a commit range inside the view. */
			h_baseline(e, NTSECTION_IOC_COMMIT, &a);
			a.vm.base = (uintptr_t)e->view + (big[i] & (NT_GRAN - 1));
			a.vm.size = big[j];
			h_call(_metadata, e, e->dev, NTSECTION_IOC_COMMIT, &a,
			       h_expect(e, NTSECTION_IOC_COMMIT, &a), "commit size", big[j]);
		}
	}
}

/* NtExtendSection to the far end of the 64-bit range, then a view out there. */
TEST_F_TIMEOUT(hostile, extend_far, 300)
{
	static const __u64 sizes[] = {
		NT_GRAN + 1, 1ULL << 32, (1ULL << 47) + 1, (1ULL << 62), (1ULL << 63) - 1,
		1ULL << 63, ~0ULL, 0,
	};
	struct h_env *e = &self->e;
	struct nts_map m;
	unsigned int i;
	union h_arg a;
	__u32 status;
	__u64 size;
	char *p;

	for (i = 0; i < ARRAY_SIZE(sizes); i++) {
		h_baseline(e, NTSECTION_IOC_EXTEND, &a);
		e->pool->new_size = sizes[i];
		h_call(_metadata, e, e->dev, NTSECTION_IOC_EXTEND, &a,
		       h_expect(e, NTSECTION_IOC_EXTEND, &a), "size", sizes[i]);
		size = h_section_size(e, e->sec[2].fd);
		if (!a.extend.status && e->pool->new_size != size && e->failures++ < H_MAX_LOG)
			TH_LOG("EXTEND returned 0x%llx, the section is 0x%llx",
			       (unsigned long long)e->pool->new_size, (unsigned long long)size);
		/* The last granule of the section: map it, touch it, unmap it. */
		memset(&m, 0, sizeof(m));
		m.offset = (size - 1) & ~(NT_GRAN - 1);
		m.protect = NT_PAGE_READWRITE;
		status = nts_map_ex(e->sec[2].fd, &m);
		/* The kernel maps no file past MAX_LFS_FILESIZE (2^63 - 1). */
		if (m.offset + NT_GRAN > (1ULL << 63) - 1) {
			EXPECT_EQ(NT_STATUS_INVALID_VIEW_SIZE, status);
			continue;
		}
		EXPECT_EQ(NT_STATUS_SUCCESS, status);
		if (status)
			continue;
		p = (char *)(uintptr_t)m.base;
		EXPECT_EQ(0, nts_probe(p, 1, 'x'));
		EXPECT_EQ(0, nts_probe(p + m.size - 1, 0, 0));
		EXPECT_EQ(SIGSEGV, nts_probe(p + m.size, 0, 0));
		EXPECT_EQ(NT_STATUS_SUCCESS, nts_unmap(p));
	}
}

/* The argument itself at addresses that cannot be read or written. */
TEST_F_TIMEOUT(hostile, argument_pointers, 300)
{
	struct h_env *e = &self->e;
	__u64 ptrs[] = {
		0, 1, 8, NT_PAGE, (uintptr_t)e->none, (uintptr_t)e->gap,
		(uintptr_t)e->edge + NT_PAGE - 8, (uintptr_t)e->edge + NT_PAGE - 1,
		0xffff888000000000ULL, 0xffffffff81000000ULL, 0xffffffffff600000ULL,
		0xffff800000000000ULL, h_task_size - 8, h_task_size, 0x8000000000000000ULL,
		0xfffffffffffffff8ULL, ~0ULL,
	};
	unsigned int i, j;
	int rc, maps, opened;
	__u64 fixed;
	union h_arg a;

	for (i = 0; i < ARRAY_SIZE(h_ioctls); i++) {
		opened = 0;
		for (j = 0; j < ARRAY_SIZE(ptrs); j++) {
			rc = h_ioctl(e->dev, h_ioctls[i].cmd, (void *)(uintptr_t)ptrs[j]);
			/* APC_OPEN's 8 bytes fit the last ones of the edge page: no bad address. */
			if (h_writable(e, ptrs[j], _IOC_SIZE(h_ioctls[i].cmd))) {
				opened += h_ioctls[i].cmd == NTSECTION_IOC_APC_OPEN && !rc;
				continue;
			}
			if ((rc != -1 || errno != EFAULT) && e->failures++ < H_MAX_LOG)
				TH_LOG("%s with its argument at 0x%llx: %d errno %d",
				       h_name_of(h_ioctls[i].cmd), (unsigned long long)ptrs[j], rc,
				       errno);
		}
		/*
		 * ABI 2.3: APC_OPEN installs its fd only once the block says
		 * which: a block it cannot write leaves none, only the one it
		 * could (the edge page's last 8 bytes) does.
		 */
		if (h_ioctls[i].cmd == NTSECTION_IOC_APC_OPEN) {
			EXPECT_EQ(opened, h_count_apc_strays(e));
			h_close_strays(e);
		}
		/*
		 * A valid argument in read-only memory: read, acted on, and the
		 * status cannot be written. A handle stays (the caller can find
		 * it in *SectionHandle), and is closed here; so may a view (in
		 * *BaseAddress), which is unmapped here: nothing else may stay.
		 */
		h_ensure_view(e);
		h_baseline(e, h_ioctls[i].cmd, &a);
		if (h_ioctls[i].cmd == NTSECTION_IOC_UNMAP)
			a.unmap.base = (uintptr_t)e->gap;
		/* ALLOCATE_EX: a placeholder where the test can find it again. */
		fixed = 0;
		if (h_ioctls[i].cmd == NTSECTION_IOC_ALLOCATE_EX) {
			ASSERT_EQ(NT_STATUS_SUCCESS, h_new_placeholder(e, 0, H_SEC_SIZE, &fixed));
			ASSERT_EQ(NT_STATUS_SUCCESS, h_free_in(e, NTSECTION_CURRENT_PROCESS, fixed,
							       0, NT_MEM_RELEASE, 0));
			a.alloc_ex.base = fixed;
		}
		ASSERT_EQ(0, mprotect(e->ro, NT_PAGE, PROT_READ | PROT_WRITE));
		memcpy(e->ro + NT_PAGE - sizeof(a), &a, sizeof(a));
		ASSERT_EQ(0, mprotect(e->ro, NT_PAGE, PROT_READ));
		maps = h_count_lines("/proc/self/maps", "(deleted)");
		rc = h_ioctl(e->dev, h_ioctls[i].cmd, e->ro + NT_PAGE - sizeof(a));
		if ((rc != -1 || errno != EFAULT) && e->failures++ < H_MAX_LOG)
			TH_LOG("%s with a read-only argument: %d errno %d",
			       h_name_of(h_ioctls[i].cmd), rc, errno);
		/* What ALLOCATE_EX made stays (the block could not say so): released here. */
		if (fixed)
			EXPECT_EQ(NT_STATUS_SUCCESS, h_free_in(e, NTSECTION_CURRENT_PROCESS,
							       fixed, 0, NT_MEM_RELEASE, 0));
		if (h_ioctls[i].cmd == NTSECTION_IOC_MAP ||
		    h_ioctls[i].cmd == NTSECTION_IOC_MAP_EX) {
			if (e->pool->base)
				EXPECT_EQ(NT_STATUS_SUCCESS,
					  nts_unmap((void *)(uintptr_t)e->pool->base));
			EXPECT_EQ(maps, h_count_lines("/proc/self/maps", "(deleted)"));
		}
		if (h_ioctls[i].cmd == NTSECTION_IOC_CREATE ||
		    h_ioctls[i].cmd == NTSECTION_IOC_CREATE_EX ||
		    h_ioctls[i].cmd == NTSECTION_IOC_OPEN) {
			/* The handle the caller can find, as ever. */
			EXPECT_EQ(NTS_HANDLE(NTSECTION_HANDLE_TO_FD(e->pool->handle)),
				  e->pool->handle);
			EXPECT_EQ(1, h_is_section_fd(NTSECTION_HANDLE_TO_FD(e->pool->handle)));
		}
		/* APC_OPEN: no fd the caller could not learn. */
		if (h_ioctls[i].cmd == NTSECTION_IOC_APC_OPEN)
			EXPECT_EQ(0, h_count_apc_strays(e));
		h_close_strays(e);
	}
}

/*
 * Every ioctl number of the magic (and of its neighbours), every size, on
 * @fd, the device or an APC fd: ENOTTY, but for the ioctls @fd has.
 */
static void h_enotty_sweep(struct __test_metadata *_metadata, struct h_env *e, int fd)
{
	static const unsigned int sizes[] = {
		0, 1, 4, 8, 16, 24, 32, 40, 48, 56, 64, 72, 80, 128, 0x3fff,
	};
	static const unsigned int dirs[] = {
		_IOC_NONE, _IOC_READ, _IOC_WRITE, _IOC_READ | _IOC_WRITE,
	};
	unsigned int nr, d, s, i, magic;
	unsigned long cmd;
	int rc, known;

	for (magic = NTSECTION_IOC_MAGIC - 1; magic <= NTSECTION_IOC_MAGIC + 1; magic++) {
		for (nr = 0; nr < (magic == NTSECTION_IOC_MAGIC ? 256U : 16U); nr++) {
			for (d = 0; d < ARRAY_SIZE(dirs) * ARRAY_SIZE(sizes); d++) {
				cmd = _IOC(dirs[d % ARRAY_SIZE(dirs)], magic, nr,
					   sizes[d / ARRAY_SIZE(dirs)]);
				/* The device has no APC_WAIT, the APC fd nothing else. */
				known = fd != e->dev && cmd == NTSECTION_IOC_APC_WAIT;
				for (i = 0; i < ARRAY_SIZE(h_ioctls) && fd == e->dev; i++)
					known |= cmd == h_ioctls[i].cmd;
				if (known)
					continue;
				memset(e->buf, 0, NT_PAGE);
				rc = h_ioctl(fd, cmd, e->buf);
				s = errno;
				if ((rc != -1 || s != ENOTTY) && e->failures++ < H_MAX_LOG)
					TH_LOG("ioctl 0x%lx on the %s: %d errno %u", cmd,
					       fd == e->dev ? "device" : "APC fd", rc, s);
			}
		}
	}
}

/*
 * Every ioctl number of the magic but the device's, every size: ENOTTY;
 * on the APC fd (ABI 2.3), all but APC_WAIT: ENOTTY too.
 */
TEST_F_TIMEOUT(hostile, ioctl_numbers, 300)
{
	struct h_env *e = &self->e;
	unsigned long cmd;
	unsigned int i, d;
	union h_arg a;
	int rc;

	ASSERT_EQ(NT_STATUS_SUCCESS, h_apc_open_own(e));
	h_enotty_sweep(_metadata, e, e->dev);
	h_enotty_sweep(_metadata, e, e->apc_fd);
	/*
	 * The device's, on fds that are not the device (the APC fd among
	 * them), and APC_WAIT on fds that are no APC fd: never a success.
	 */
	for (i = 0; i <= ARRAY_SIZE(h_ioctls); i++) {
		int fds[] = {
			e->pipefd[0], e->devnull, e->efd, e->sec[0].fd, e->file_rw, e->sock,
			e->dir, e->closed, e->pidfd_self, e->ph[HP_SELF].fd, e->ph[HP_OTHER].fd,
			e->apc_fd, e->dev,
		};

		cmd = i < ARRAY_SIZE(h_ioctls) ? h_ioctls[i].cmd : NTSECTION_IOC_APC_WAIT;
		for (d = 0; d < ARRAY_SIZE(fds); d++) {
			if (fds[d] == (cmd == NTSECTION_IOC_APC_WAIT ? e->apc_fd : e->dev))
				continue;
			h_baseline(e, cmd, &a);
			rc = h_ioctl(fds[d], cmd, &a);
			if (rc != -1 && e->failures++ < H_MAX_LOG)
				TH_LOG("%s on fd %d: %d", h_name_of(cmd), fds[d], rc);
		}
	}
	close(e->apc_fd);
	e->apc_fd = -1;
}

/* Races: a handle closed or replaced by another thread during the calls. */
struct h_race {
	struct h_env *e;
	int stop;
	__u64 published;	/* a view the other thread unmaps */
	__u64 rounds;
};

static void *h_race_closer(void *arg)
{
	struct h_race *r = arg;
	struct h_env *e = r->e;
	struct ntsection_unmap_args u = { .process_fd = NTSECTION_CURRENT_PROCESS };
	struct ntsection_vm_info vi = { .process_fd = NTSECTION_CURRENT_PROCESS };
	struct ntsection_vm_args pr = { .process_fd = NTSECTION_CURRENT_PROCESS };
	struct ntsection_same_files_args sf = {};
	char name[1024];
	struct ntsection_query_vm_args qi = {
		.process_fd = NTSECTION_CURRENT_PROCESS, .buffer = (uintptr_t)name,
		.length = sizeof(name),
	};
	unsigned int i = 0;
	int dev = open("/dev/ntsection", O_RDWR | O_CLOEXEC);

	while (!__atomic_load_n(&r->stop, __ATOMIC_RELAXED)) {
		switch (i++ % 6) {
		case 0:
			close(H_RACE_FD);
			close(H_RACE_DEV);
			break;
		case 1:
			dup2(e->sec[0].fd, H_RACE_FD);
			dup2(dev, H_RACE_DEV);
			break;
		case 2:
			dup2(e->sec[2].fd, H_RACE_FD);
			dup2(e->devnull, H_RACE_DEV);
			break;
		case 3:
			/* Or a process handle to the other child (ABI 2.2). */
			dup2(i & 64 ? e->devnull : e->ph[HP_OTHER].fd, H_RACE_FD);
			break;
		default:
			u.base = __atomic_load_n(&r->published, __ATOMIC_RELAXED);
			vi.address = u.base;
			if (u.base) {
				h_ioctl(e->dev, NTSECTION_IOC_QUERY_VM, &vi);
				/* The view's file, its image information, its identity. */
				qi.address = u.base;
				qi.info_class = i & 1 ? NT_MEMORY_MAPPED_FILENAME_INFORMATION :
							NT_MEMORY_IMAGE_INFORMATION;
				h_ioctl(e->dev, NTSECTION_IOC_QUERY_VM_INFO, &qi);
				sf.address1 = u.base;
				sf.address2 = u.base + NT_PAGE;
				h_ioctl(e->dev, NTSECTION_IOC_SAME_FILES, &sf);
				pr.base = u.base;
				pr.size = NT_PAGE;
				h_ioctl(e->dev, NTSECTION_IOC_PROTECT, &pr);
				h_ioctl(e->dev, NTSECTION_IOC_UNMAP, &u);
			}
			break;
		}
		__atomic_fetch_add(&r->rounds, 1, __ATOMIC_RELAXED);
		if (!(i % 64))
			sched_yield();
	}
	close(dev);
	return NULL;
}

/* A call on the racing fds: any status, but consistent; clean up after it. */
static void h_race_call(struct __test_metadata *_metadata, struct h_env *e, int fd,
			unsigned long cmd, union h_arg *a)
{
	__u32 *status = h_status_of(cmd, a);
	int rc, err;

	*status = 0xdeadbeef;
	rc = h_ioctl(fd, cmd, a);
	err = errno;
	if (*status == 0xdeadbeef) {
		/* Not our device (the fd was swapped or closed): no status. */
		if (rc != -1 && e->failures++ < H_MAX_LOG)
			TH_LOG("%s on a swapped fd: %d without a status", h_name_of(cmd), rc);
	} else if ((__s32)*status >= 0 ? rc < 0 : rc != -1 || -err != nts_expected_errno(*status)) {
		if (e->failures++ < H_MAX_LOG)
			TH_LOG("%s raced: %d errno %d status 0x%08x", h_name_of(cmd), rc, err,
			       *status);
	}
	if (rc >= 0 && (cmd == NTSECTION_IOC_CREATE || cmd == NTSECTION_IOC_OPEN))
		close(rc);
}

TEST_F_TIMEOUT(hostile, close_during_calls, 300)
{
	struct h_env *e = &self->e;
	struct h_race r = { .e = e };
	struct ntsection_unmap_args u = { .process_fd = NTSECTION_CURRENT_PROCESS };
	__u64 i, rounds = 2000, start = time(NULL), base;
	pthread_t tid;
	union h_arg a;
	void *p;

	ASSERT_EQ(0, pthread_create(&tid, NULL, h_race_closer, &r));
	for (i = 0; i < rounds && time(NULL) - start < 15; i++) {
		h_baseline(e, NTSECTION_IOC_MAP, &a);
		a.map.section_fd = H_RACE_FD;
		h_race_call(_metadata, e, e->dev, NTSECTION_IOC_MAP, &a);
		if (a.map.status == NT_STATUS_SUCCESS) {
			base = e->pool->base;
			__atomic_store_n(&r.published, base, __ATOMIC_RELAXED);
			/* Asked about while the other thread may unmap it. */
			h_baseline(e, NTSECTION_IOC_QUERY_VM_INFO, &a);
			a.query_vm.address = base + (i % 3) * NT_PAGE;
			h_race_call(_metadata, e, e->dev, NTSECTION_IOC_QUERY_VM_INFO, &a);
			h_baseline(e, NTSECTION_IOC_SAME_FILES, &a);
			a.same.address1 = base;
			a.same.address2 = base + NT_PAGE;
			h_race_call(_metadata, e, e->dev, NTSECTION_IOC_SAME_FILES, &a);
			sched_yield();
			__atomic_store_n(&r.published, 0, __ATOMIC_RELAXED);
			u.base = base;
			h_ioctl(e->dev, NTSECTION_IOC_UNMAP, &u);
			if (u.status != NT_STATUS_SUCCESS &&
			    u.status != NT_STATUS_NOT_MAPPED_VIEW && e->failures++ < H_MAX_LOG)
				TH_LOG("UNMAP of a raced view: 0x%08x", u.status);
		}
		/*
		 * ABI 2.2: the racing fd as ProcessHandle. It is never this
		 * process: a view that lands is in the other child, and is
		 * unmapped there.
		 */
		h_baseline(e, NTSECTION_IOC_MAP, &a);
		a.map.process_fd = H_RACE_FD;
		h_race_call(_metadata, e, e->dev, NTSECTION_IOC_MAP, &a);
		if (a.map.status == NT_STATUS_SUCCESS) {
			struct ntsection_unmap_args ur = {
				.process_fd = e->ph[HP_OTHER].fd, .base = e->pool->base,
			};

			h_ioctl(e->dev, NTSECTION_IOC_UNMAP, &ur);
			if (ur.status != NT_STATUS_SUCCESS && e->failures++ < H_MAX_LOG)
				TH_LOG("UNMAP of a raced view there: 0x%08x", ur.status);
		}
		h_baseline(e, i & 1 ? NTSECTION_IOC_READ_VM : NTSECTION_IOC_WRITE_VM, &a);
		a.rw.process_fd = H_RACE_FD;
		h_race_call(_metadata, e, e->dev,
			    i & 1 ? NTSECTION_IOC_READ_VM : NTSECTION_IOC_WRITE_VM, &a);
		h_baseline(e, NTSECTION_IOC_QUERY, &a);
		a.query.section_fd = H_RACE_FD;
		h_race_call(_metadata, e, e->dev, NTSECTION_IOC_QUERY, &a);
		/* ABI 2.3: never the server: the other child has no APC fd, answers at once. */
		h_baseline(e, NTSECTION_IOC_APC_CALL, &a);
		a.apc_call.process_fd = H_RACE_FD;
		a.apc_call.apc.op = 1 + i % 4;
		h_race_call(_metadata, e, e->dev, NTSECTION_IOC_APC_CALL, &a);
		h_baseline(e, NTSECTION_IOC_EXTEND, &a);
		a.extend.section_fd = H_RACE_FD;
		e->pool->new_size = NT_GRAN + (i % 4) * NT_PAGE;
		h_race_call(_metadata, e, e->dev, NTSECTION_IOC_EXTEND, &a);
		/* The device fd itself swapped for /dev/null or closed. */
		h_baseline(e, NTSECTION_IOC_CREATE, &a);
		h_race_call(_metadata, e, H_RACE_DEV, NTSECTION_IOC_CREATE, &a);
		h_baseline(e, NTSECTION_IOC_QUERY, &a);
		h_race_call(_metadata, e, H_RACE_DEV, NTSECTION_IOC_QUERY, &a);
		h_baseline(e, NTSECTION_IOC_QUERY_VM_INFO, &a);
		h_race_call(_metadata, e, H_RACE_DEV, NTSECTION_IOC_QUERY_VM_INFO, &a);
		h_baseline(e, NTSECTION_IOC_APC_CALL, &a);
		h_race_call(_metadata, e, H_RACE_DEV, NTSECTION_IOC_APC_CALL, &a);
		/* A plain mmap() of the racing fd. */
		p = mmap(NULL, NT_GRAN, PROT_READ, MAP_SHARED, H_RACE_FD, 0);
		if (p != MAP_FAILED)
			munmap(p, NT_GRAN);
	}
	__atomic_store_n(&r.stop, 1, __ATOMIC_RELAXED);
	pthread_join(tid, NULL);
	close(H_RACE_FD);
	close(H_RACE_DEV);
	/* A raced UNMAP may have taken a view it did not map: none may be left. */
	h_close_strays(e);
	h_ensure_view(e);
	TH_LOG("%llu rounds against %llu closes and swaps", (unsigned long long)i,
	       (unsigned long long)r.rounds);
}

/* Where READ_VM and WRITE_VM may reach: the scratch pages, or no memory at all. */
static int h_rw_addr_safe(const struct h_env *e, __u64 addr)
{
	return addr < 0x10000 || addr >= h_task_size ||
	       addr - (uintptr_t)e->scratch < H_SCRATCH_PAGES * NT_PAGE;
}

/* Where READ_VM may write in this process: the query buffer, or memory it cannot write. */
static int h_rw_buf_safe(const struct h_env *e, __u64 buf)
{
	return buf < 0x10000 || buf >= h_task_size - 8 ||
	       buf - (uintptr_t)h_qbuf(e) < H_QBUF_PAGES * NT_PAGE ||
	       buf - (uintptr_t)e->ro < 2 * NT_PAGE || buf - (uintptr_t)e->gap < 2 * NT_PAGE ||
	       buf - (uintptr_t)e->edge < NT_PAGE;
}

/* A counter of /proc/ntsection/stats, or -1. */
static long h_stat(const char *name)
{
	char line[128], key[64];
	long v, found = -1;
	FILE *f = fopen("/proc/ntsection/stats", "r");

	if (!f)
		return -1;
	while (fgets(line, sizeof(line), f))
		if (sscanf(line, "%63s %ld", key, &v) == 2 && !strcmp(key, name))
			found = v;
	fclose(f);
	return found;
}

/* NtMapViewOfSection of a whole section, read-write, into @process. */
static __u32 h_map_in(struct h_env *e, int sec, int process, __u64 *base, __u64 *size)
{
	struct ntsection_map_args m = {
		.section_fd = (__u32)sec, .process_fd = (__u32)process,
		.base_address = (uintptr_t)base, .view_size = (uintptr_t)size,
		.inherit = NT_VIEW_SHARE, .protect = NT_PAGE_READWRITE,
	};

	h_ioctl(e->dev, NTSECTION_IOC_MAP, &m);
	return m.status;
}

static __u32 h_unmap_in(struct h_env *e, int process, __u64 base)
{
	struct ntsection_unmap_args u = { .process_fd = (__u32)process, .base = base };

	h_ioctl(e->dev, NTSECTION_IOC_UNMAP, &u);
	return u.status;
}

/* NtReadVirtualMemory or NtWriteVirtualMemory. */
static __u32 h_rw_in(struct h_env *e, unsigned long cmd, int process, void *addr, void *buf,
		     __u64 size, __u64 *done)
{
	struct ntsection_rw_vm_args a = {
		.process_fd = (__u32)process, .address = (uintptr_t)addr,
		.buffer = (uintptr_t)buf, .size = size, .bytes = (uintptr_t)done,
	};

	h_ioctl(e->dev, cmd, &a);
	return a.status;
}

/*
 * ABI 2.2: calls into a child (a fork: it has the scratch pages) that
 * sleeps, spins in user space, spins in and out of the kernel, or is
 * stopped (then the kernel worker serves the calls that change its address
 * space), and that is killed and reaped meanwhile. Each call answers as
 * the child was at that moment: a view mapped there is there and is
 * unmapped there; what is read is what the child has; once it is killed
 * the calls may fail as a dying process makes them, and once it is reaped
 * every call is PROCESS_IS_TERMINATING. No view, section or call stays.
 */
TEST_F_TIMEOUT(hostile, remote_target_exits, 300)
{
	struct h_env *e = &self->e;
	struct ntsection_vm_info vi;
	__u64 base, size, done;
	int round, h, i, st, reaped, ok;
	char buf[16];
	pid_t child;
	__u32 s1, s2, s3, s4, s5;	/* map, unmap, read, write, query */
	long calls = -1;

	for (round = 0; round < 8; round++) {
		child = fork();
		ASSERT_LE(0, child);
		if (!child) {
			prctl(PR_SET_PDEATHSIG, SIGKILL);
			for (;;) {
				if (round % 4 == 1)
					continue;	/* in user space only */
				if (round % 4 == 2)
					sched_yield();
				else
					pause();
			}
		}
		h = h_open_process(e, child, NT_PROCESS_ALL_ACCESS);
		ASSERT_LE(0, h);
		if (round % 4 == 3) {
			kill(child, SIGSTOP);
			ASSERT_EQ(child, waitpid(child, &st, WUNTRACED));
		}
		reaped = 0;
		ok = 0;
		for (i = 0; i < 40; i++) {
			if (i == 8 + round)
				kill(child, SIGKILL);
			if (i == 24) {
				ASSERT_EQ(child, waitpid(child, &st, 0));
				reaped = 1;
			}
			base = 0;
			size = NT_GRAN;
			s1 = h_map_in(e, e->sec[0].fd, h, &base, &size);
			s2 = NT_STATUS_PROCESS_IS_TERMINATING;
			if (s1 == NT_STATUS_SUCCESS)
				s2 = h_unmap_in(e, h, base);
			s3 = h_rw_in(e, NTSECTION_IOC_READ_VM, h, e->scratch, buf, sizeof(buf),
				     &done);
			if (s3 == NT_STATUS_SUCCESS && memcmp(buf, e->scratch, sizeof(buf)) &&
			    e->failures++ < H_MAX_LOG)
				TH_LOG("round %d: READ_VM read what is not there", round);
			s4 = h_rw_in(e, NTSECTION_IOC_WRITE_VM, h, e->scratch + NT_PAGE, buf,
				     sizeof(buf), &done);
			memset(&vi, 0, sizeof(vi));
			vi.process_fd = h;
			vi.address = (uintptr_t)e->scratch;
			h_ioctl(e->dev, NTSECTION_IOC_QUERY_VM, &vi);
			s5 = vi.status;
			ok += s1 == NT_STATUS_SUCCESS && s2 == NT_STATUS_SUCCESS;
			/* Gone: nothing but PROCESS_IS_TERMINATING. */
			if (reaped && (s1 != NT_STATUS_PROCESS_IS_TERMINATING ||
				       s3 != NT_STATUS_PROCESS_IS_TERMINATING ||
				       s4 != NT_STATUS_PROCESS_IS_TERMINATING ||
				       s5 != NT_STATUS_PROCESS_IS_TERMINATING) &&
			    e->failures++ < H_MAX_LOG)
				TH_LOG("round %d call %d, reaped: %08x %08x %08x %08x", round, i,
				       s1, s3, s4, s5);
			/* Alive or dying: success, or what a dying process says. */
			if ((s1 != NT_STATUS_SUCCESS && s1 != NT_STATUS_PROCESS_IS_TERMINATING) ||
			    (s2 != NT_STATUS_SUCCESS && s2 != NT_STATUS_PROCESS_IS_TERMINATING) ||
			    (s3 != NT_STATUS_SUCCESS && s3 != NT_STATUS_PROCESS_IS_TERMINATING &&
			     s3 != NT_STATUS_PARTIAL_COPY) ||
			    (s4 != NT_STATUS_SUCCESS && s4 != NT_STATUS_PROCESS_IS_TERMINATING &&
			     s4 != NT_STATUS_PARTIAL_COPY) ||
			    (s5 != NT_STATUS_SUCCESS && s5 != NT_STATUS_PROCESS_IS_TERMINATING)) {
				if (e->failures++ < H_MAX_LOG)
					TH_LOG("round %d call %d: %08x %08x %08x %08x %08x", round,
					       i, s1, s2, s3, s4, s5);
			}
		}
		/* Alive, every call worked (stopped: through the kernel worker). */
		if (ok < 8 + round && e->failures++ < H_MAX_LOG)
			TH_LOG("round %d: %d calls worked before the kill, expected %d", round, ok,
			       8 + round);
		close(h);
	}
	/* Every call's request is freed (the last reference may be the worker's). */
	for (i = 0; i < 200 && (calls = h_stat("remote_calls")) > 0; i++)
		usleep(10000);
	EXPECT_EQ(0, calls);
}

/*
 * ABI 2.3: APC_OPEN with no APC fd in this process (each one opened is
 * checked and closed again) and with one (OBJECT_NAME_COLLISION);
 * APC_CALL's fields; then every process handle with every op, id and
 * status, and the statuses the server may answer (its errno follows them).
 */
TEST_F_TIMEOUT(hostile, apc_fields, 300)
{
	static const __u32 ops[] = { 0, 1, 2, 3, 4, 5, 0x80000001, 0xffffffff };
	static const __u64 ids[] = { 0, 1, ~0ULL };
	static const __u32 answers[] = {
		NT_STATUS_SUCCESS, NT_STATUS_OBJECT_NAME_EXISTS, NT_STATUS_IMAGE_NOT_AT_BASE,
		NT_STATUS_BUFFER_OVERFLOW, NT_STATUS_PARTIAL_COPY, NT_STATUS_UNSUCCESSFUL,
		NT_STATUS_ACCESS_VIOLATION, NT_STATUS_INVALID_HANDLE, NT_STATUS_NO_MEMORY,
		NT_STATUS_CONFLICTING_ADDRESSES, NT_STATUS_NOT_MAPPED_VIEW,
		NT_STATUS_ACCESS_DENIED, NT_STATUS_INVALID_PAGE_PROTECTION,
		NT_STATUS_NOT_SUPPORTED, NT_STATUS_INVALID_ADDRESS, NT_STATUS_COMMITMENT_LIMIT,
		NT_STATUS_INVALID_IMAGE_FORMAT, NT_STATUS_USER_MAPPED_FILE, 0x7fffffff,
		0xfffffff0, 0xffffffff,
	};
	struct h_env *e = &self->e;
	unsigned int i, j, k, st, nf = 0;
	__u64 fds[HP_MAX + 8];
	union h_arg a;

	h_sweep(_metadata, e, NTSECTION_IOC_APC_OPEN);
	ASSERT_EQ(NT_STATUS_SUCCESS, h_apc_open_own(e));
	h_sweep(_metadata, e, NTSECTION_IOC_APC_OPEN);
	/* This process's APC fd changes nothing for its calls. */
	h_sweep(_metadata, e, NTSECTION_IOC_APC_CALL);
	close(e->apc_fd);
	e->apc_fd = -1;
	h_sweep(_metadata, e, NTSECTION_IOC_APC_CALL);

	fds[nf++] = NTSECTION_CURRENT_PROCESS;
	fds[nf++] = e->pidfd_self;
	fds[nf++] = e->pidfd_other;
	fds[nf++] = e->pidfd_dead;
	fds[nf++] = e->closed;
	fds[nf++] = e->sec[0].fd;
	for (i = 0; i < HP_MAX; i++)
		fds[nf++] = e->ph[i].fd;
	fds[nf++] = e->apc_ph[0];
	fds[nf++] = e->apc_ph[1];
	for (i = 0; i < nf; i++) {
		for (j = 0; j < ARRAY_SIZE(ops); j++) {
			for (k = 0; k < 2 * ARRAY_SIZE(ids); k++) {
				h_baseline(e, NTSECTION_IOC_APC_CALL, &a);
				a.apc_call.process_fd = fds[i];
				a.apc_call.apc.op = ops[j];
				a.apc_call.apc.id = ids[k / 2];
				a.apc_call.apc.status = k & 1 ? 0x80000000 >> j : 0;
				a.apc_call.apc.arg[5] = answers[(i + j + k) % ARRAY_SIZE(answers)];
				h_call(_metadata, e, e->dev, NTSECTION_IOC_APC_CALL, &a,
				       h_expect(e, NTSECTION_IOC_APC_CALL, &a), "process_fd ^ op",
				       fds[i] ^ ops[j]);
			}
		}
	}
	for (i = 0; i < 2; i++) {
		for (st = 0; st < ARRAY_SIZE(answers); st++) {
			h_baseline(e, NTSECTION_IOC_APC_CALL, &a);
			a.apc_call.process_fd = e->apc_ph[i];
			a.apc_call.apc.op = NTSECTION_APC_QUERY;
			a.apc_call.apc.arg[5] = answers[st];
			h_call(_metadata, e, e->dev, NTSECTION_IOC_APC_CALL, &a,
			       h_expect(e, NTSECTION_IOC_APC_CALL, &a), "answer", answers[st]);
		}
	}
}

/* SIGALRM ends an APC_WAIT that no call ends (EINTR: no SA_RESTART). */
static void h_on_alarm(int sig)
{
	(void)sig;
}

/*
 * APC_WAIT on @fd with the block at @w, ended by a periodic SIGALRM every
 * @ms when no call comes: the return value, and errno in *@err.
 */
static int h_apc_wait(int fd, void *w, int ms, int *err)
{
	struct itimerval it = {
		.it_interval = { ms / 1000, (ms % 1000) * 1000 },
		.it_value = { ms / 1000, (ms % 1000) * 1000 },
	}, off = {};
	int rc;

	setitimer(ITIMER_REAL, &it, NULL);
	rc = h_ioctl(fd, NTSECTION_IOC_APC_WAIT, w);
	*err = rc ? errno : 0;
	setitimer(ITIMER_REAL, &off, NULL);
	return rc;
}

/* What the caller child of apc_wait asks in its call @k, and who answers it. */
static __u64 h_apc_arg(unsigned int k, unsigned int i)
{
	/* Statuses the parent answers with (the last argument): success, an error, a warning. */
	static const __u32 status[H_APC_CALLS] = {
		NT_STATUS_SUCCESS, NT_STATUS_CONFLICTING_ADDRESSES, 0, NT_STATUS_IMAGE_NOT_AT_BASE,
	};

	return i == 5 ? status[k] : ((__u64)(k + 1) << 40) + 0x1000 * i + k;
}

/* The caller child's calls, as they came back (a shared page). */
struct h_apc_log {
	int done;
	struct {
		struct ntsection_apc_call_args a;
		int rc;
		int err;
		long ms;
	} c[H_APC_CALLS];
};

/* Calls into the parent (its process handle to itself, inherited), one after the other. */
static void h_apc_caller(struct h_env *e, struct h_apc_log *log)
{
	struct ntsection_apc_call_args a;
	struct timespec t0, t1;
	unsigned int k, i;
	int rc;

	prctl(PR_SET_PDEATHSIG, SIGKILL);
	signal(SIGALRM, SIG_DFL);
	alarm(60);	/* a parent that stopped answering */
	/* The parent's APC fd is the parent's alone: its close must release it. */
	close(e->apc_fd);
	for (k = 0; k < H_APC_CALLS; k++) {
		memset(&a, 0, sizeof(a));
		a.process_fd = e->ph[HP_SELF].fd;
		a.apc.op = 1 + k % 4;
		for (i = 0; i < 6; i++)
			a.apc.arg[i] = h_apc_arg(k, i);
		a.status = 0xdeadbeef;
		clock_gettime(CLOCK_MONOTONIC, &t0);
		rc = h_ioctl(e->dev, NTSECTION_IOC_APC_CALL, &a);
		log->c[k].err = rc ? errno : 0;
		clock_gettime(CLOCK_MONOTONIC, &t1);
		log->c[k].a = a;
		log->c[k].rc = rc;
		log->c[k].ms = (t1.tv_sec - t0.tv_sec) * 1000 + (t1.tv_nsec - t0.tv_nsec) / 1000000;
		__atomic_store_n(&log->done, k + 1, __ATOMIC_RELEASE);
	}
	_exit(0);
}

/* Did call @k of the caller child come back with @status and results @arg? */
static int h_apc_result_ok(const struct h_apc_log *log, unsigned int k, __u32 status,
			   const __u64 *arg)
{
	const struct ntsection_apc_call_args *a = &log->c[k].a;
	int err = nts_expected_errno(status);

	return a->status == status && (err ? log->c[k].rc == -1 && -log->c[k].err == err :
					 log->c[k].rc == 0) &&
	       !a->apc.id && a->apc.op == 1 + k % 4 && !a->apc.status &&
	       !memcmp(a->apc.arg, arg, sizeof(a->apc.arg));
}

/* The call the caller child made as its call @k, as APC_WAIT gives it (id @id). */
static int h_apc_call_ok(const struct ntsection_apc *call, unsigned int k, __u64 id)
{
	unsigned int i;

	if (call->id != id || call->op != 1 + k % 4 || call->status)
		return 0;
	for (i = 0; i < 6; i++)
		if (call->arg[i] != h_apc_arg(k, i))
			return 0;
	return 1;
}

struct h_apc_thread {
	int fd;
	struct ntsection_apc_wait_args w;
	int rc;
	int err;
};

static void *h_apc_waiter(void *arg)
{
	struct h_apc_thread *t = arg;

	t->rc = h_apc_wait(t->fd, &t->w, 10000, &t->err);
	return NULL;
}

/* A descriptor over a unix socket. */
static int h_send_fd(int sock, int fd)
{
	char c = 'f', ctl[CMSG_SPACE(sizeof(int))] = { 0 };
	struct iovec iov = { .iov_base = &c, .iov_len = 1 };
	struct msghdr m = {
		.msg_iov = &iov, .msg_iovlen = 1, .msg_control = ctl, .msg_controllen = sizeof(ctl),
	};
	struct cmsghdr *cm = CMSG_FIRSTHDR(&m);

	cm->cmsg_level = SOL_SOCKET;
	cm->cmsg_type = SCM_RIGHTS;
	cm->cmsg_len = CMSG_LEN(sizeof(int));
	memcpy(CMSG_DATA(cm), &fd, sizeof(int));
	return sendmsg(sock, &m, 0) == 1 ? 0 : -1;
}

static int h_recv_fd(int sock)
{
	char c, ctl[CMSG_SPACE(sizeof(int))];
	struct iovec iov = { .iov_base = &c, .iov_len = 1 };
	struct msghdr m = {
		.msg_iov = &iov, .msg_iovlen = 1, .msg_control = ctl, .msg_controllen = sizeof(ctl),
	};
	struct cmsghdr *cm;
	int fd = -1;

	if (recvmsg(sock, &m, MSG_CMSG_CLOEXEC) != 1)
		return -1;
	cm = CMSG_FIRSTHDR(&m);
	if (cm && cm->cmsg_type == SCM_RIGHTS)
		memcpy(&fd, CMSG_DATA(cm), sizeof(int));
	return fd;
}

/*
 * ABI 2.3, APC_WAIT on this process's APC fd. At bad addresses: EFAULT at
 * once (nothing is queued: a wait would block). From a fork child, and
 * in this process for another's APC fd (SCM_RIGHTS): EINVAL, whatever the
 * block (and a call to that other process, which never waited: NOT_SUPPORTED
 * after a second). Then this process serves a child's calls, each wait
 * made when a call is known to come (or ended by a timer): the call as the
 * child made it with the kernel's id; forged answers (ids never given,
 * one answered already) ignored; a read-only block, which answers the call
 * taken before and makes the next UNSUCCESSFUL (EFAULT); a wait from a
 * second thread; the answer's op ignored; the fd closed with a call taken
 * (NOT_SUPPORTED), and calls to a process with no APC fd (NOT_SUPPORTED at
 * once).
 */
TEST_F_TIMEOUT(hostile, apc_wait, 300)
{
	struct h_env *e = &self->e;
	struct ntsection_apc_wait_args w, *ro;
	struct ntsection_apc_call_args c;
	struct sigaction sa = { .sa_handler = h_on_alarm }, old_sa;
	const __u64 bad[] = {
		0, 1, NT_PAGE, (uintptr_t)e->none, (uintptr_t)e->gap,
		(uintptr_t)e->edge + NT_PAGE - 8, (uintptr_t)e->edge + NT_PAGE - sizeof(w) + 1,
		0xffff888000000000ULL, 0xffffffffff600000ULL, h_task_size - 8,
		0x8000000000000000ULL, ~0ULL,
	};
	const __u64 forged[] = { 2, 1000, 0x8000000000000000ULL, ~0ULL };
	struct ntsection_apc answer;
	struct h_apc_thread th;
	struct h_apc_log *log;
	struct timespec t0, t1;
	__u64 arg[6];
	sigset_t alrm, old;
	int rc, err, st, sv[2], gfd, h;
	unsigned int i, k;
	pthread_t tid;
	pid_t child;
	long ms;
	char ch;

	ASSERT_EQ(0, sigaction(SIGALRM, &sa, &old_sa));
	ASSERT_EQ(NT_STATUS_SUCCESS, h_apc_open_own(e));
	ASSERT_TRUE(fcntl(e->apc_fd, F_GETFD) & FD_CLOEXEC);

	/* Bad addresses: EFAULT, before any wait (EINTR: it waited). */
	for (i = 0; i < ARRAY_SIZE(bad); i++) {
		rc = h_apc_wait(e->apc_fd, (void *)(uintptr_t)bad[i], 2000, &err);
		if ((rc != -1 || err != EFAULT) && e->failures++ < H_MAX_LOG)
			TH_LOG("APC_WAIT at 0x%llx: %d errno %d", (unsigned long long)bad[i], rc,
			       err);
	}

	/* A fork child's: EINVAL, whatever the block (it never waits). */
	child = fork();
	ASSERT_LE(0, child);
	if (!child) {
		void *blocks[] = { &w, NULL, e->gap, e->ro, (void *)(uintptr_t)~0ULL };

		signal(SIGALRM, SIG_DFL);
		alarm(10);
		memset(&w, 0, sizeof(w));
		for (i = 0; i < ARRAY_SIZE(blocks); i++)
			if (ioctl(e->apc_fd, NTSECTION_IOC_APC_WAIT, blocks[i]) != -1 ||
			    errno != EINVAL)
				_exit(1 + i);
		_exit(0);
	}
	ASSERT_EQ(child, waitpid(child, &st, 0));
	EXPECT_TRUE(WIFEXITED(st));
	EXPECT_EQ(0, WEXITSTATUS(st));

	/* Another process's APC fd, over a unix socket: EINVAL here. */
	ASSERT_EQ(0, socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv));
	child = fork();
	ASSERT_LE(0, child);
	if (!child) {
		struct ntsection_apc_open_args o = { 0 };

		prctl(PR_SET_PDEATHSIG, SIGKILL);
		close(sv[0]);
		if (ioctl(e->dev, NTSECTION_IOC_APC_OPEN, &o) || o.status ||
		    h_send_fd(sv[1], (int)o.fd))
			_exit(1);
		/* Never waits; gone when the parent closes its end. */
		while (read(sv[1], &ch, 1) > 0)
			;
		_exit(0);
	}
	close(sv[1]);
	gfd = h_recv_fd(sv[0]);
	ASSERT_LE(0, gfd);
	EXPECT_TRUE(h_is_apc_fd(gfd));
	memset(&w, 0, sizeof(w));
	rc = h_apc_wait(gfd, &w, 2000, &err);
	EXPECT_EQ(-1, rc);
	EXPECT_EQ(EINVAL, err);
	rc = h_apc_wait(gfd, NULL, 2000, &err);
	EXPECT_EQ(-1, rc);
	EXPECT_EQ(EINVAL, err);
	/* It has an APC fd, and no thread of it ever waited: NOT_SUPPORTED after a second. */
	h = h_open_process(e, child, NT_PROCESS_ALL_ACCESS);
	ASSERT_LE(0, h);
	memset(&c, 0, sizeof(c));
	c.process_fd = h;
	c.apc.op = NTSECTION_APC_QUERY;
	c.apc.arg[0] = 0x1234;
	clock_gettime(CLOCK_MONOTONIC, &t0);
	rc = h_ioctl(e->dev, NTSECTION_IOC_APC_CALL, &c);
	err = errno;
	clock_gettime(CLOCK_MONOTONIC, &t1);
	ms = (t1.tv_sec - t0.tv_sec) * 1000 + (t1.tv_nsec - t0.tv_nsec) / 1000000;
	EXPECT_EQ(-1, rc);
	EXPECT_EQ(EOPNOTSUPP, err);
	EXPECT_EQ(NT_STATUS_NOT_SUPPORTED, c.status);
	EXPECT_EQ(0x1234, c.apc.arg[0]);
	EXPECT_LE(900, ms);
	EXPECT_GE(10000, ms);
	close(h);
	close(gfd);
	close(sv[0]);
	ASSERT_EQ(child, waitpid(child, &st, 0));
	EXPECT_TRUE(WIFEXITED(st));
	EXPECT_EQ(0, WEXITSTATUS(st));

	/* This thread waits once, so that the calls find a thread that serves them. */
	memset(&w, 0, sizeof(w));
	rc = h_apc_wait(e->apc_fd, &w, 50, &err);
	ASSERT_EQ(-1, rc);
	ASSERT_EQ(EINTR, err);
	log = mmap(NULL, NT_PAGE, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	ASSERT_NE(MAP_FAILED, log);
	child = fork();
	ASSERT_LE(0, child);
	if (!child)
		h_apc_caller(e, log);

	/* Call 1, as the child made it, with the kernel's id; the reply part unwritten. */
	memset(&w.call, 0xa5, sizeof(w.call));
	rc = h_apc_wait(e->apc_fd, &w, 10000, &err);
	ASSERT_EQ(0, rc);
	EXPECT_TRUE(h_apc_call_ok(&w.call, 0, 1));
	memset(&answer, 0, sizeof(answer));
	EXPECT_EQ(0, memcmp(&answer, &w.reply, sizeof(answer)));
	/* Forged answers: ids never given (2 is the next one), one far off. */
	for (i = 0; i < ARRAY_SIZE(forged); i++) {
		w.reply = w.call;
		w.reply.id = forged[i];
		w.reply.status = NT_STATUS_ACCESS_DENIED;
		w.reply.arg[0] = 0xbad;
		rc = h_apc_wait(e->apc_fd, &w, 50, &err);
		EXPECT_EQ(-1, rc);
		EXPECT_EQ(EINTR, err);
	}
	EXPECT_EQ(0, __atomic_load_n(&log->done, __ATOMIC_ACQUIRE));
	/* The answer to call 1 (success), which brings call 2. */
	memset(&w.reply, 0, sizeof(w.reply));
	h_apc_answer(&w.call, &w.reply);
	answer = w.reply;
	rc = h_apc_wait(e->apc_fd, &w, 10000, &err);
	ASSERT_EQ(0, rc);
	EXPECT_TRUE(h_apc_call_ok(&w.call, 1, 2));
	EXPECT_EQ(1, __atomic_load_n(&log->done, __ATOMIC_ACQUIRE));
	EXPECT_TRUE(h_apc_result_ok(log, 0, answer.status, answer.arg));
	/* Call 1 answered again, otherwise: ignored. */
	w.reply = answer;
	w.reply.status = NT_STATUS_NO_MEMORY;
	rc = h_apc_wait(e->apc_fd, &w, 50, &err);
	EXPECT_EQ(-1, rc);
	EXPECT_EQ(EINTR, err);
	EXPECT_TRUE(h_apc_result_ok(log, 0, answer.status, answer.arg));
	/* A read-only block: call 2 answered (an error status), call 3 taken, and refused. */
	ro = (void *)(e->ro + NT_PAGE - sizeof(*ro));
	ASSERT_EQ(0, mprotect(e->ro, NT_PAGE, PROT_READ | PROT_WRITE));
	memset(ro, 0, sizeof(*ro));
	h_apc_answer(&w.call, &ro->reply);
	answer = ro->reply;
	ASSERT_EQ(0, mprotect(e->ro, NT_PAGE, PROT_READ));
	rc = h_apc_wait(e->apc_fd, ro, 10000, &err);
	EXPECT_EQ(-1, rc);
	EXPECT_EQ(EFAULT, err);
	for (i = 0; i < 30000 && __atomic_load_n(&log->done, __ATOMIC_ACQUIRE) < 3; i++)
		usleep(1000);
	ASSERT_EQ(3, __atomic_load_n(&log->done, __ATOMIC_ACQUIRE));
	EXPECT_TRUE(h_apc_result_ok(log, 1, answer.status, answer.arg));
	for (i = 0; i < 6; i++)
		arg[i] = h_apc_arg(2, i);
	EXPECT_TRUE(h_apc_result_ok(log, 2, NT_STATUS_UNSUCCESSFUL, arg));
	/* Call 4, from a second thread of this process (SIGALRM goes to it). */
	memset(&th, 0, sizeof(th));
	th.fd = e->apc_fd;
	ASSERT_EQ(0, pthread_create(&tid, NULL, h_apc_waiter, &th));
	sigemptyset(&alrm);
	sigaddset(&alrm, SIGALRM);
	pthread_sigmask(SIG_BLOCK, &alrm, &old);
	pthread_join(tid, NULL);
	pthread_sigmask(SIG_SETMASK, &old, NULL);
	ASSERT_EQ(0, th.rc);
	EXPECT_TRUE(h_apc_call_ok(&th.w.call, 3, 4));
	/* Its answer (a success warning) from this thread, its op ignored: call 5. */
	memset(&w, 0, sizeof(w));
	h_apc_answer(&th.w.call, &w.reply);
	answer = w.reply;
	w.reply.op = 0x77;
	rc = h_apc_wait(e->apc_fd, &w, 10000, &err);
	ASSERT_EQ(0, rc);
	EXPECT_TRUE(h_apc_call_ok(&w.call, 4, 5));
	EXPECT_TRUE(h_apc_result_ok(log, 3, answer.status, answer.arg));
	/* The fd closed with call 5 taken: NOT_SUPPORTED; then no APC fd at all. */
	close(e->apc_fd);
	e->apc_fd = -1;
	ASSERT_EQ(child, waitpid(child, &st, 0));
	EXPECT_TRUE(WIFEXITED(st));
	EXPECT_EQ(0, WEXITSTATUS(st));
	ASSERT_EQ(H_APC_CALLS, log->done);
	for (k = 4; k < H_APC_CALLS; k++) {
		for (i = 0; i < 6; i++)
			arg[i] = h_apc_arg(k, i);
		EXPECT_TRUE(h_apc_result_ok(log, k, NT_STATUS_NOT_SUPPORTED, arg));
		if (k > 4)
			EXPECT_GT(900, log->c[k].ms);
	}
	munmap(log, NT_PAGE);
	sigaction(SIGALRM, &old_sa, NULL);
}

/*
 * ABI 2.3 in the random mix: now and then a replacement of the placeholder
 * (its base, or near it); and FREE's NTSECTION_FREE_PRIVATE_PLACEHOLDER
 * only where there is no private memory to turn into a placeholder.
 */
static void h_random_placeholder_free(struct h_env *e, union h_arg *a)
{
	if (a->vm.pad == NTSECTION_FREE_PRIVATE_PLACEHOLDER &&
	    a->vm.alloc_type == (NT_MEM_RELEASE | NT_MEM_PRESERVE_PLACEHOLDER))
		a->vm.base = (uintptr_t)e->gap;
}

static void h_random_placeholder(struct h_env *e, unsigned long cmd, union h_arg *a)
{
	static const __u64 offs[] = { 0, 0, 0, NT_PAGE, NT_GRAN, H_SEC_SIZE };

	if (cmd == NTSECTION_IOC_FREE)
		h_random_placeholder_free(e, a);
	if (h_below(8))
		return;
	if (cmd == NTSECTION_IOC_MAP || cmd == NTSECTION_IOC_MAP_EX) {
		a->map.alloc_type |= NT_MEM_REPLACE_PLACEHOLDER;
		e->pool->base = e->hold + offs[h_below(ARRAY_SIZE(offs))];
	} else if (cmd == NTSECTION_IOC_ALLOCATE_EX) {
		a->alloc_ex.alloc_type = NT_MEM_RESERVE | NT_MEM_REPLACE_PLACEHOLDER |
					 (h_below(2) ? NT_MEM_COMMIT : 0);
		a->alloc_ex.base = e->hold + offs[h_below(ARRAY_SIZE(offs))];
		a->alloc_ex.protect = NT_PAGE_READWRITE;
		if (h_below(2))
			a->alloc_ex.size = H_SEC_SIZE;
	}
}

/* ABI 2.3: each field of the Windows 10+ calls through its values. */
TEST_F_TIMEOUT(hostile, ex_fields, 600)
{
	h_sweep(_metadata, &self->e, NTSECTION_IOC_MAP_EX);
	h_sweep(_metadata, &self->e, NTSECTION_IOC_UNMAP_EX);
	h_sweep(_metadata, &self->e, NTSECTION_IOC_ALLOCATE_EX);
	h_sweep(_metadata, &self->e, NTSECTION_IOC_CREATE_EX);
}

/*
 * ABI 2.3: every extended-parameter type value (bits 0-7, and with
 * Reserved bits) with random values, one to three entries, in each call
 * that takes them (a fixed seed: the same calls every run).
 */
TEST_F_TIMEOUT(hostile, ext_types, 600)
{
	static const unsigned long cmds[] = {
		NTSECTION_IOC_MAP_EX, NTSECTION_IOC_ALLOCATE_EX, NTSECTION_IOC_CREATE_EX,
	};
	struct h_env *e = &self->e;
	__u64 vals[96], saved = h_rng;
	unsigned int c, t, k, j, nv;
	union h_arg a;
	__u32 *count;

	h_rng = 0x3c6ef372fe94f82bULL;
	TH_LOG("seed 0x%llx", (unsigned long long)h_rng);
	nv = h_values(e, NTSECTION_IOC_MAP_EX, &h_map_ex_fields[ARRAY_SIZE(h_map_ex_fields) - 8],
		      vals, ARRAY_SIZE(vals));
	for (c = 0; c < ARRAY_SIZE(cmds); c++) {
		for (t = 0; t < 256; t++) {
			for (k = 0; k < 4; k++) {
				h_baseline(e, cmds[c], &a);
				count = &a.alloc_ex.ext_count;
				if (cmds[c] == NTSECTION_IOC_MAP_EX)
					count = &a.map_ex.ext_count;
				if (cmds[c] == NTSECTION_IOC_CREATE_EX)
					count = &a.create_ex.ext_count;
				*count = 1 + h_below(3);
				e->pool->ext[0].type = t | (k == 3 ? h_rand() << 8 : 0);
				e->pool->ext[0].value = k & 1 ? vals[h_below(nv)] : h_rand();
				for (j = 1; j < 3; j++) {
					e->pool->ext[j].type = h_below(2) ? h_below(9) : h_rand();
					e->pool->ext[j].value = vals[h_below(nv)];
				}
				e->pool->req.lowest_starting_address = h_below(2) ? 0 :
					h_below(1ULL << 47) & ~(NT_GRAN - 1);
				e->pool->req.highest_ending_address = h_below(2) ? 0 :
					(h_below(1ULL << 47) | (NT_PAGE - 1));
				e->pool->req.alignment = h_below(2) ? 0 : 1ULL << h_below(64);
				h_call(_metadata, e, e->dev, cmds[c], &a, h_expect(e, cmds[c], &a),
				       "ext[0].type", t);
			}
		}
	}
	h_rng = saved;
}

/*
 * ABI 2.3, two fields and more at once: MEM_REPLACE_PLACEHOLDER maps of
 * each section at the placeholder, inside it and around it, of each size
 * and offset, here and in the other child; ALLOCATE_EX replacing it; and
 * FREE of each type at its start, inside and past it, of each size.
 */
TEST_F_TIMEOUT(hostile, placeholder_pairs, 600)
{
	static const unsigned long maps[] = { NTSECTION_IOC_MAP, NTSECTION_IOC_MAP_EX };
	static const __u32 frees[] = {
		NT_MEM_DECOMMIT, NT_MEM_RELEASE, NT_MEM_RELEASE | NT_MEM_PRESERVE_PLACEHOLDER,
		NT_MEM_RELEASE | NT_MEM_COALESCE_PLACEHOLDERS, NT_MEM_PRESERVE_PLACEHOLDER,
		NT_MEM_COALESCE_PLACEHOLDERS, NT_MEM_DECOMMIT | NT_MEM_PRESERVE_PLACEHOLDER,
		NT_MEM_RELEASE | 3,
	};
	static const __u32 types[] = {
		NT_MEM_RESERVE | NT_MEM_REPLACE_PLACEHOLDER,
		NT_MEM_RESERVE | NT_MEM_COMMIT | NT_MEM_REPLACE_PLACEHOLDER,
		NT_MEM_COMMIT | NT_MEM_REPLACE_PLACEHOLDER, NT_MEM_COMMIT, NT_MEM_RESET,
		NT_MEM_RESERVE | NT_MEM_RESERVE_PLACEHOLDER,
		NT_MEM_RESERVE | NT_MEM_TOP_DOWN | NT_MEM_REPLACE_PLACEHOLDER,
	};
	struct h_env *e = &self->e;
	const __u64 offs[] = {
		0, 1, NT_PAGE, NT_GRAN, H_SEC_SIZE - NT_PAGE, H_SEC_SIZE, -NT_PAGE, -NT_GRAN,
	};
	const __u64 sizes[] = {
		0, 1, NT_PAGE, NT_GRAN, H_SEC_SIZE - NT_PAGE - 1, H_SEC_SIZE - NT_PAGE,
		H_SEC_SIZE, H_SEC_SIZE + 1, H_SEC_SIZE + NT_PAGE, ~0ULL,
	};
	const __u32 procs[] = {
		NTSECTION_CURRENT_PROCESS, e->ph[HP_SELF].fd, e->ph[HP_OTHER].fd,
		e->ph[HP_OTHER_READ].fd,
	};
	unsigned int i, n, o, z, p, t, pad;
	union h_arg a;

	/* Each map, section, offset into the placeholder, size and process. */
	n = ARRAY_SIZE(maps) * 4 * ARRAY_SIZE(offs) * ARRAY_SIZE(sizes) * ARRAY_SIZE(procs);
	for (i = 0; i < n; i++) {
		p = i % ARRAY_SIZE(procs);
		z = i / ARRAY_SIZE(procs) % ARRAY_SIZE(sizes);
		o = i / ARRAY_SIZE(procs) / ARRAY_SIZE(sizes) % ARRAY_SIZE(offs);
		t = i / ARRAY_SIZE(procs) / ARRAY_SIZE(sizes) / ARRAY_SIZE(offs);
		h_baseline(e, maps[t / 4], &a);
		a.map.section_fd = e->sec[t % 4].fd;
		a.map.process_fd = procs[p];
		a.map.alloc_type = NT_MEM_REPLACE_PLACEHOLDER;
		if (t % 4 == 2 && (z & 1))
			a.map.alloc_type |= NT_MEM_RESERVE;
		e->pool->base = e->hold + offs[o];
		e->pool->view_size = sizes[z];
		e->pool->offset = (z & 3) == 3 ? NT_PAGE : 0;
		h_call(_metadata, e, e->dev, maps[t / 4], &a, h_expect(e, maps[t / 4], &a),
		       "base, size", offs[o] ^ sizes[z]);
	}
	/* ALLOCATE_EX of each type, there and around, of each size, in each process. */
	n = ARRAY_SIZE(types) * ARRAY_SIZE(offs) * ARRAY_SIZE(sizes) * ARRAY_SIZE(procs);
	for (i = 0; i < n; i++) {
		p = i % ARRAY_SIZE(procs);
		z = i / ARRAY_SIZE(procs) % ARRAY_SIZE(sizes);
		o = i / ARRAY_SIZE(procs) / ARRAY_SIZE(sizes) % ARRAY_SIZE(offs);
		t = i / ARRAY_SIZE(procs) / ARRAY_SIZE(sizes) / ARRAY_SIZE(offs);
		h_baseline(e, NTSECTION_IOC_ALLOCATE_EX, &a);
		a.alloc_ex.process_fd = procs[p];
		a.alloc_ex.alloc_type = types[t];
		a.alloc_ex.protect = t == 5 ? NT_PAGE_NOACCESS : NT_PAGE_READWRITE;
		a.alloc_ex.base = e->hold + offs[o];
		a.alloc_ex.size = sizes[z];
		h_call(_metadata, e, e->dev, NTSECTION_IOC_ALLOCATE_EX, &a,
		       h_expect(e, NTSECTION_IOC_ALLOCATE_EX, &a), "base, size",
		       offs[o] ^ sizes[z]);
	}
	/* FREE of each type, with and without NTSECTION_FREE_PRIVATE_PLACEHOLDER. */
	n = ARRAY_SIZE(frees) * ARRAY_SIZE(offs) * ARRAY_SIZE(sizes) * ARRAY_SIZE(procs) * 2;
	for (i = 0; i < n; i++) {
		pad = i & 1;
		p = i / 2 % ARRAY_SIZE(procs);
		z = i / 2 / ARRAY_SIZE(procs) % ARRAY_SIZE(sizes);
		o = i / 2 / ARRAY_SIZE(procs) / ARRAY_SIZE(sizes) % ARRAY_SIZE(offs);
		t = i / 2 / ARRAY_SIZE(procs) / ARRAY_SIZE(sizes) / ARRAY_SIZE(offs);
		h_baseline(e, NTSECTION_IOC_FREE, &a);
		a.vm.process_fd = procs[p];
		a.vm.alloc_type = frees[t];
		a.vm.base = e->hold + offs[o];
		a.vm.size = sizes[z];
		a.vm.pad = pad;
		h_random_placeholder_free(e, &a);
		h_call(_metadata, e, e->dev, NTSECTION_IOC_FREE, &a,
		       h_expect(e, NTSECTION_IOC_FREE, &a), "base, size", offs[o] ^ sizes[z]);
	}
}

/* One step's status, logged when it is not @want. */
static void h_step(struct __test_metadata *_metadata, struct h_env *e, int line, __u32 want,
		   __u32 got)
{
	if (got != want && e->failures++ < H_MAX_LOG)
		TH_LOG("line %d: status 0x%08x, expected 0x%08x", line, got, want);
}

#define H_STEP(want, got)	h_step(_metadata, e, __LINE__, want, got)

/* MapViewOfFile3 or VirtualAlloc2's replacement: the status, *base and *size set. */
static __u32 h_map_replace(struct h_env *e, int sec, __u32 process, __u64 *base, __u64 *size)
{
	struct ntsection_map_ex_args m = {
		.map = {
			.section_fd = (__u32)sec, .process_fd = process,
			.base_address = (uintptr_t)base, .view_size = (uintptr_t)size,
			.inherit = NT_VIEW_SHARE, .alloc_type = NT_MEM_REPLACE_PLACEHOLDER,
			.protect = NT_PAGE_READWRITE,
		},
	};

	h_ioctl(e->dev, NTSECTION_IOC_MAP_EX, &m);
	return m.map.status;
}

static __u32 h_unmap_ex_in(struct h_env *e, __u32 process, __u64 base, __u32 flags)
{
	struct ntsection_unmap_ex_args u = { .process_fd = process, .base = base, .flags = flags };

	h_ioctl(e->dev, NTSECTION_IOC_UNMAP_EX, &u);
	return u.status;
}

/*
 * ABI 2.3, the life of placeholders step by step (SPEC §12): a split in
 * three, coalescing pieces that are and are not adjacent, a release
 * across pieces, a piece replaced by a view and by private memory and
 * made a placeholder again, all coalesced; a placeholder in the other
 * child, replaced there by a view and made one again; an image section
 * (NOT_SUPPORTED). Each step's status is the one the SPEC gives.
 */
TEST_F_TIMEOUT(hostile, placeholder_steps, 300)
{
	struct h_env *e = &self->e;
	__u64 h = e->hold, base, size, other;
	const __u32 pre = NT_MEM_RELEASE | NT_MEM_PRESERVE_PLACEHOLDER;
	const __u32 co = NT_MEM_RELEASE | NT_MEM_COALESCE_PLACEHOLDERS;
	const __u32 me = NTSECTION_CURRENT_PROCESS;
	struct ntsection_allocate_ex_args r = {
		.process_fd = me, .alloc_type = NT_MEM_RESERVE | NT_MEM_REPLACE_PLACEHOLDER,
		.protect = NT_PAGE_READWRITE,
	};
	struct nts_create c = {
		.access = NT_SECTION_ALL_ACCESS, .protect = NT_PAGE_EXECUTE_WRITECOPY,
		.attrs = NT_SEC_IMAGE,
	};
	struct img img;
	int image_sec;

	ASSERT_NE(0, h);
	/* [h, +G) [h+G, +2G) [h+2G, +4G) */
	H_STEP(NT_STATUS_SUCCESS, h_free_in(e, me, h, NT_GRAN, pre, 0));
	H_STEP(NT_STATUS_SUCCESS, h_free_in(e, me, h + NT_GRAN, NT_GRAN, pre, 0));
	H_STEP(NT_STATUS_CONFLICTING_ADDRESSES, h_free_in(e, me, h, NT_GRAN, pre, 0));
	H_STEP(NT_STATUS_UNABLE_TO_FREE_VM, h_free_in(e, me, h, 2 * NT_GRAN, NT_MEM_RELEASE, 0));
	H_STEP(NT_STATUS_FREE_VM_NOT_AT_BASE, h_free_in(e, me, h + NT_PAGE, 0, NT_MEM_RELEASE, 0));
	H_STEP(NT_STATUS_CONFLICTING_ADDRESSES, h_free_in(e, me, h, 3 * NT_GRAN, co, 0));
	H_STEP(NT_STATUS_CONFLICTING_ADDRESSES, h_free_in(e, me, h + NT_PAGE, NT_GRAN, co, 0));
	H_STEP(NT_STATUS_INVALID_PARAMETER_3, h_free_in(e, me, h, 0, co, 0));
	H_STEP(NT_STATUS_INVALID_PARAMETER_4,
	       h_free_in(e, me, h, NT_GRAN, NT_MEM_COALESCE_PLACEHOLDERS, 0));
	/* The middle piece: a view of one granule of sec[0], then a placeholder again. */
	base = h + NT_GRAN;
	size = NT_GRAN;
	H_STEP(NT_STATUS_SUCCESS, h_map_replace(e, e->sec[0].fd, me, &base, &size));
	H_STEP(NT_STATUS_SUCCESS, nts_probe((char *)(uintptr_t)base, 1, 'x'));
	H_STEP(NT_STATUS_CONFLICTING_ADDRESSES, h_free_in(e, me, h, 2 * NT_GRAN, co, 0));
	H_STEP(NT_STATUS_SUCCESS,
	       h_unmap_ex_in(e, me, base + NT_PAGE, NT_MEM_PRESERVE_PLACEHOLDER));
	H_STEP(NT_STATUS_NOT_MAPPED_VIEW, h_unmap_ex_in(e, me, base, NT_MEM_PRESERVE_PLACEHOLDER));
	/* ... then private memory, read and written, then a placeholder again. */
	r.base = h + NT_GRAN;
	r.size = NT_GRAN;
	h_ioctl(e->dev, NTSECTION_IOC_ALLOCATE_EX, &r);
	H_STEP(NT_STATUS_SUCCESS, r.status);
	H_STEP(NTSECTION_ALLOC_REPLACED, r.result);
	if (!r.status && !mprotect((void *)(uintptr_t)r.base, NT_GRAN, PROT_READ | PROT_WRITE)) {
		H_STEP(0, *(char *)(uintptr_t)(r.base + 5));
		*(char *)(uintptr_t)(r.base + 5) = 1;
	}
	H_STEP(NT_STATUS_CONFLICTING_ADDRESSES,
	       h_free_in(e, me, r.base, 2 * NT_GRAN, pre, NTSECTION_FREE_PRIVATE_PLACEHOLDER));
	H_STEP(NT_STATUS_SUCCESS,
	       h_free_in(e, me, r.base, NT_GRAN, pre, NTSECTION_FREE_PRIVATE_PLACEHOLDER));
	/* Two adjacent pieces, then all. */
	H_STEP(NT_STATUS_SUCCESS, h_free_in(e, me, h, 2 * NT_GRAN, co, 0));
	H_STEP(NT_STATUS_SUCCESS, h_free_in(e, me, h, H_SEC_SIZE, co, 0));
	H_STEP(NT_STATUS_CONFLICTING_ADDRESSES, h_free_in(e, me, h, H_SEC_SIZE, co, 0));
	base = h;
	size = 0;
	H_STEP(NT_STATUS_SUCCESS, h_map_replace(e, e->sec[0].fd, me, &base, &size));
	H_STEP(NT_STATUS_SUCCESS, h_unmap_ex_in(e, me, base, NT_MEM_PRESERVE_PLACEHOLDER));

	/* In the other child: a placeholder there, a view in its place, and back. */
	r.process_fd = e->ph[HP_OTHER].fd;
	r.alloc_type = NT_MEM_RESERVE | NT_MEM_RESERVE_PLACEHOLDER;
	r.protect = NT_PAGE_NOACCESS;
	r.base = 0;
	r.size = H_SEC_SIZE;
	h_ioctl(e->dev, NTSECTION_IOC_ALLOCATE_EX, &r);
	H_STEP(NT_STATUS_SUCCESS, r.status);
	other = r.base;
	if (!r.status) {
		base = other;
		size = 0;
		H_STEP(NT_STATUS_SUCCESS,
		       h_map_replace(e, e->sec[0].fd, r.process_fd, &base, &size));
		H_STEP(NT_STATUS_SUCCESS,
		       h_unmap_ex_in(e, r.process_fd, other, NT_MEM_PRESERVE_PLACEHOLDER));
		H_STEP(NT_STATUS_SUCCESS, h_free_in(e, r.process_fd, other, 0, NT_MEM_RELEASE, 0));
		H_STEP(0, h_range_used(e->other, other, other + H_SEC_SIZE));
	}

	/*
	 * An image section cannot replace a placeholder (SPEC §12,
	 * nts_map_check_image(): NOT_SUPPORTED before anything else).
	 */
	img_init(&img, 0);
	c.file_fd = img_file(&img);
	ASSERT_LE(0, c.file_fd);
	ASSERT_EQ(NT_STATUS_SUCCESS, nts_create_ex(&c, &image_sec));
	close(c.file_fd);
	base = h;
	size = 0;
	H_STEP(NT_STATUS_NOT_SUPPORTED, h_map_replace(e, image_sec, me, &base, &size));
	close(image_sec);
	h_ensure_hold(e);
	EXPECT_EQ(h, e->hold);
}

/* Random arguments: a working one with a few fields set to anything. */
TEST_F_TIMEOUT(hostile, random_arguments, 1200)
{
	struct h_env *e = &self->e;
	__u64 done = __atomic_load_n(h_calls, __ATOMIC_RELAXED), n, i, values[96], bad;
	unsigned int k, changes, nv;
	union h_arg a;
	int rc;

	n = h_target > done ? h_target - done : 0;
	if (n < 1000)
		n = 1000;
	h_rng ^= getpid();
	TH_LOG("seed 0x%llx", (unsigned long long)h_rng);
	for (i = 0; i < n; i++) {
		const struct h_ioctl_desc *d = &h_ioctls[h_below(ARRAY_SIZE(h_ioctls))];
		__u32 want;

		e->qvi_class = h_below(2) ? NT_MEMORY_IMAGE_INFORMATION :
					    NT_MEMORY_MAPPED_FILENAME_INFORMATION;
		e->op_pidfd = h_below(2);
		h_baseline(e, d->cmd, &a);
		changes = d->nfields ? 1 + h_below(4) : 0;
		for (k = 0; k < changes; k++) {
			const struct h_field *f = &d->fields[h_below(d->nfields)];

			nv = h_values(e, d->cmd, f, values, ARRAY_SIZE(values));
			h_set(e, &a, f, h_below(4) ? values[h_below(nv)] : h_rand());
		}
		if (d->cmd == NTSECTION_IOC_EXTEND)
			e->pool->new_size &= 16 * MiB - 1;	/* no huge files here */
		if (d->cmd == NTSECTION_IOC_MAP && a.map.commit_size > H_SEC_SIZE &&
		    a.map.section_fd == (__u32)e->sec[2].fd)
			a.map.commit_size = 0;	/* no prefault of a huge file */
		/*
		 * *BaseAddress and *ViewSize in one place: the kernel writes the
		 * size over the base, and a view it mapped could not be found to
		 * be taken back (the model would then meet it at a "free" address).
		 */
		if ((d->cmd == NTSECTION_IOC_MAP || d->cmd == NTSECTION_IOC_MAP_EX) &&
		    a.map.base_address == a.map.view_size)
			continue;
		h_random_placeholder(e, d->cmd, &a);
		/*
		 * READ_VM and WRITE_VM reach nothing of either process but the
		 * scratch pages (or where no memory can be), and READ_VM writes
		 * nothing of this process but the test's buffers (or faults).
		 */
		/*
		 * The region and working-set classes write where the buffer is,
		 * the latter as far as its length goes: the query buffer's pages
		 * (or memory they cannot write), no further.
		 */
		if (d->cmd == NTSECTION_IOC_QUERY_VM_INFO &&
		    (a.query_vm.info_class == NT_MEMORY_REGION_INFORMATION ||
		     a.query_vm.info_class == NT_MEMORY_REGION_INFORMATION_EX ||
		     a.query_vm.info_class == NT_MEMORY_WORKING_SET_EX_INFORMATION)) {
			__u64 q = (uintptr_t)h_qbuf(e), q_end = q + H_QBUF_PAGES * NT_PAGE;

			if (!h_rw_buf_safe(e, a.query_vm.buffer))
				a.query_vm.buffer = q;
			if (a.query_vm.length > NT_PAGE)
				a.query_vm.length = NT_PAGE;
			if (a.query_vm.buffer - q < q_end - q &&
			    a.query_vm.length > q_end - a.query_vm.buffer)
				a.query_vm.length = q_end - a.query_vm.buffer;
		}
		if (d->cmd == NTSECTION_IOC_READ_VM || d->cmd == NTSECTION_IOC_WRITE_VM) {
			if (!h_rw_addr_safe(e, a.rw.address))
				a.rw.address = (uintptr_t)e->scratch + 4 * NT_PAGE;
			if (d->cmd == NTSECTION_IOC_READ_VM && !h_rw_buf_safe(e, a.rw.buffer))
				a.rw.buffer = (uintptr_t)h_qbuf(e);
		}
		want = h_expect(e, d->cmd, &a);
		if (!h_below(16)) {
			/* Once in a while, no argument at all. */
			bad = h_below(2) ? 0xffff888000000000ULL + h_below(1ULL << 40) :
					   h_below(NT_PAGE);
			rc = h_ioctl(e->dev, d->cmd, (void *)(uintptr_t)bad);
			if ((rc != -1 || errno != EFAULT) && e->failures++ < H_MAX_LOG)
				TH_LOG("%s with a bad argument: %d errno %d", h_name_of(d->cmd), rc,
				       errno);
			/* APC_OPEN left its fd, which it could not tell (ABI 2.3). */
			if (d->cmd == NTSECTION_IOC_APC_OPEN)
				h_close_strays(e);
			continue;
		}
		h_call(_metadata, e, e->dev, d->cmd, &a, want, "random", i);
		if (!(i % 256))
			h_ensure_view(e);
	}
	h_close_strays(e);
}

static time_t h_start;

static void h_report(void)
{
	if (!h_calls)
		return;
	printf("# elapsed: %ld s\n", (long)(time(NULL) - h_start));
	printf("# calls: %llu\n", (unsigned long long)*h_calls);
}

int main(int argc, char **argv)
{
	const char *s = getenv("NTS_HOSTILE_CALLS");

	/* The child that exec'd (h_setup_processes()): say so, then wait to be killed. */
	if (argc == 3 && !strcmp(argv[1], H_PAUSE_ARG)) {
		prctl(PR_SET_PDEATHSIG, SIGKILL);
		if (write(atoi(argv[2]), "x", 1) != 1)
			return 1;
		close(atoi(argv[2]));
		for (;;)
			pause();
	}

	h_target = s && *s ? strtoull(s, NULL, 0) : H_DEFAULT_CALLS;
	h_calls = mmap(NULL, sizeof(*h_calls), PROT_READ | PROT_WRITE,
		       MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	if (h_calls == MAP_FAILED)
		return 1;
	h_task_size = h_probe_task_size();
	h_start = time(NULL);
	atexit(h_report);
	return test_harness_run(argc, argv);
}
