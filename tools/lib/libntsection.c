// SPDX-License-Identifier: LGPL-2.1 OR BSD-2-Clause
/*
 * libntsection: the NT native API of section objects on top of
 * /dev/ntsection (SPEC §1.1).
 *
 * The section calls (NtCreateSection, NtOpenSection, NtMapViewOfSection,
 * NtUnmapViewOfSection, NtQuerySection, NtExtendSection) are a thin shim:
 * each fills the argument block of its ioctl straight from its arguments,
 * the caller's pointers passed on as they are, and makes exactly one ioctl.
 * The kernel reads and writes what those pointers lead to (OBJECT_ATTRIBUTES
 * with its name and security descriptor, *MaximumSize, *SectionHandle,
 * *BaseAddress, *ViewSize, ...) itself, where Windows probes each, so that a
 * bad pointer is STATUS_ACCESS_VIOLATION and never a signal, and it decides
 * every status, in Windows' order. The library reads none of the caller's
 * memory for these calls; it only turns handles given by value into file
 * descriptors, by arithmetic (nts_handle_arg()). NtClose() is close(2).
 *
 * What the kernel does not implement is implemented here: private memory.
 * NtAllocateVirtualMemory and friends on addresses that are not in a view
 * behave like Windows' private memory, with mmap(), mprotect() and a record
 * of the reservations kept here; on a view they ask the kernel. These calls
 * read and write their pointer arguments themselves, with
 * process_vm_readv()/process_vm_writev() on the calling process (or, where
 * those are refused, through a pipe), never touching them directly, so that
 * a bad pointer is STATUS_ACCESS_VIOLATION there too.
 *
 * Another process's private memory is its own copy of this library's: the
 * kernel queues such calls to it as user APCs (module/apc.c), which a thread
 * of the library serves in every process that uses it (nts_apc_start()).
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <pthread.h>
#include <signal.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <sys/uio.h>
#include <unistd.h>

#include "ntsection.h"

#ifndef MAP_FIXED_NOREPLACE
#define MAP_FIXED_NOREPLACE	0x100000
#endif

#define NTS_DEVICE		"/dev/ntsection"
#define NTS_PAGE		0x1000UL
#define NTS_GRANULARITY		0x10000UL
#define NTS_PAGE_BASE_MASK	0xffu
#define NTS_PAGE_MODIFIERS	(PAGE_GUARD | PAGE_NOCACHE | PAGE_WRITECOMBINE)

/* An fd number no process can have: the kernel answers INVALID_HANDLE. */
#define NTS_FD_NONE		0xFFFFFFFEu
/* Written into a reply's status before the call: "the kernel did not answer". */
#define NTS_NO_REPLY		0xFFFFFFFFu

/* The highest user address of a Windows-like address space on this machine. */
#if defined(__x86_64__)
#define NTS_HIGHEST_USER	0x00007FFFFFFFEFFFUL
#elif defined(__aarch64__)
#define NTS_HIGHEST_USER	0x0000FFFFFFFFEFFFUL
#elif ULONG_MAX == 0xFFFFFFFFUL
#define NTS_HIGHEST_USER	0xBFFFEFFFUL
#else
#define NTS_HIGHEST_USER	0x00007FFFFFFFEFFFUL
#endif

static inline ULONG_PTR nts_align_down(ULONG_PTR x, ULONG_PTR a)
{
	return x & ~(a - 1);
}

static inline ULONG_PTR nts_align_up(ULONG_PTR x, ULONG_PTR a)
{
	return (x + a - 1) & ~(a - 1);
}

/* ------------------------------------------------------------------------ */
/* Copies for the VM calls: they fail on a bad pointer, never fault.        */

static pthread_mutex_t nts_pipe_lock = PTHREAD_MUTEX_INITIALIZER;
static int nts_pipe[2] = { -1, -1 };
static int nts_vm_copy_broken;	/* process_vm_*() refused (seccomp, ENOSYS) */

/* Drain what a failed transfer left in the pipe. */
static void nts_pipe_drain(void)
{
	char buf[256];

	while (read(nts_pipe[0], buf, sizeof(buf)) > 0)
		;
}

/*
 * The fallback: the kernel copies through a pipe, and write(2)/read(2) of a
 * bad buffer is EFAULT. Copy @len bytes from @src to @dst, either of them
 * the caller's.
 */
static bool nts_pipe_copy(void *dst, const void *src, size_t len)
{
	bool ok = true;

	pthread_mutex_lock(&nts_pipe_lock);
	if (nts_pipe[0] < 0 && pipe2(nts_pipe, O_CLOEXEC | O_NONBLOCK)) {
		pthread_mutex_unlock(&nts_pipe_lock);
		return false;
	}
	while (ok && len) {
		size_t n = len < 4096 ? len : 4096;

		if (write(nts_pipe[1], src, n) != (ssize_t)n ||
		    read(nts_pipe[0], dst, n) != (ssize_t)n)
			ok = false;
		dst = (char *)dst + n;
		src = (const char *)src + n;
		len -= n;
	}
	if (!ok)
		nts_pipe_drain();
	pthread_mutex_unlock(&nts_pipe_lock);
	return ok;
}

static bool nts_vm_copy(void *dst, const void *src, size_t len, bool to_user)
{
	struct iovec local, remote;
	ssize_t n;

	if (!len)
		return true;
	if (!__atomic_load_n(&nts_vm_copy_broken, __ATOMIC_RELAXED)) {
		local.iov_base = to_user ? (void *)src : dst;
		local.iov_len = len;
		remote.iov_base = to_user ? dst : (void *)src;
		remote.iov_len = len;
		if (to_user)
			n = process_vm_writev(getpid(), &local, 1, &remote, 1, 0);
		else
			n = process_vm_readv(getpid(), &local, 1, &remote, 1, 0);
		if (n == (ssize_t)len)
			return true;
		/* EFAULT is a bad address; anything else, a refused call. */
		if (n >= 0 || errno == EFAULT)
			return false;
		__atomic_store_n(&nts_vm_copy_broken, 1, __ATOMIC_RELAXED);
	}
	return nts_pipe_copy(dst, src, len);
}

/* Read @len bytes of the caller's @src; false when they are not readable. */
static bool nts_copy_in(void *dst, const void *src, size_t len)
{
	if (!src)
		return false;
	return nts_vm_copy(dst, src, len, false);
}

/* Write @len bytes to the caller's @dst; false when it is not writable. */
static bool nts_copy_out(void *dst, const void *src, size_t len)
{
	if (!dst)
		return false;
	return nts_vm_copy(dst, src, len, true);
}

/* ------------------------------------------------------------------------ */
/* The device and its ioctls.                                               */

static pthread_mutex_t nts_dev_lock = PTHREAD_MUTEX_INITIALIZER;
static int nts_dev_fd = -1;

static NTSTATUS nts_errno_status(int err)
{
	switch (err) {
	case ENOENT:
	case ENODEV:
	case ENXIO:
	case ENOTTY:
		return STATUS_NOT_SUPPORTED;
	case EACCES:
	case EPERM:
		return STATUS_ACCESS_DENIED;
	case EMFILE:
	case ENFILE:
	case ENOMEM:
		return STATUS_INSUFFICIENT_RESOURCES;
	case EFAULT:
		return STATUS_ACCESS_VIOLATION;
	case EBADF:
		return STATUS_INVALID_HANDLE;
	default:
		return STATUS_UNSUCCESSFUL;
	}
}

/*
 * The fd of /dev/ntsection, opened on first use. @stale is an fd that turned
 * out not to be the device any more (the program closed it behind our back):
 * it is forgotten, never closed, and the device is opened again.
 */
static void nts_apc_start(int dev);
static int nts_apc_started;	/* this process has its APC thread (or tried) */

static NTSTATUS nts_device(int *out, int stale)
{
	struct ntsection_version ver;
	NTSTATUS status = STATUS_SUCCESS;
	int fd = __atomic_load_n(&nts_dev_fd, __ATOMIC_ACQUIRE);

	if (fd >= 0 && fd != stale) {
		if (!__atomic_load_n(&nts_apc_started, __ATOMIC_ACQUIRE))
			nts_apc_start(fd);
		*out = fd;
		return STATUS_SUCCESS;
	}
	pthread_mutex_lock(&nts_dev_lock);
	fd = nts_dev_fd;
	if (fd < 0 || fd == stale) {
		fd = open(NTS_DEVICE, O_RDWR | O_CLOEXEC);
		if (fd < 0) {
			status = nts_errno_status(errno);
		} else if (ioctl(fd, NTSECTION_IOC_VERSION, &ver) < 0 ||
			   ver.major != NTSECTION_ABI_MAJOR) {
			close(fd);
			fd = -1;
			status = STATUS_NOT_SUPPORTED;
		}
		__atomic_store_n(&nts_dev_fd, fd, __ATOMIC_RELEASE);
	}
	pthread_mutex_unlock(&nts_dev_lock);
	if (fd >= 0 && !__atomic_load_n(&nts_apc_started, __ATOMIC_ACQUIRE))
		nts_apc_start(fd);
	*out = fd;
	return status;
}

/*
 * Issue @cmd with @arg, whose @status field the kernel writes in every reply:
 * one ioctl (two only when the device fd turns out to have been closed
 * behind our back).
 * Return: the NTSTATUS of the reply.
 */
static NTSTATUS nts_call(unsigned long cmd, void *arg, __u32 *status)
{
	int fd, stale = -1, tries;
	NTSTATUS st;
	long rc = -1;

	for (tries = 0; tries < 2; tries++) {
		st = nts_device(&fd, stale);
		if (st)
			return st;
		*status = NTS_NO_REPLY;
		rc = ioctl(fd, cmd, arg);
		if (*status != NTS_NO_REPLY)
			return (NTSTATUS)*status;
		if (rc >= 0)
			return STATUS_UNSUCCESSFUL;
		if (errno != EBADF && errno != ENOTTY)
			break;
		stale = fd;
	}
	if (errno == ENOTTY)
		return STATUS_NOT_IMPLEMENTED;
	return nts_errno_status(errno);
}

/* ------------------------------------------------------------------------ */
/* Handles.                                                                 */

/* The kernel's encoding, which it also uses for the handles it writes. */
HANDLE ntsection_handle_from_fd(int fd)
{
	if (fd < 0)
		return NULL;
	return (HANDLE)(ULONG_PTR)NTSECTION_FD_TO_HANDLE(fd);
}

/* NtCurrentProcess() and the other pseudo-handles, (HANDLE)-1 to -6. */
static bool nts_is_pseudo(HANDLE h)
{
	return (ULONG_PTR)h >= ~(ULONG_PTR)5;
}

int ntsection_fd_from_handle(HANDLE handle)
{
	__s64 fd = NTSECTION_HANDLE_TO_FD((__u64)(ULONG_PTR)handle);

	if (!handle || nts_is_pseudo(handle) || fd < 0 || fd > INT_MAX) {
		errno = EBADF;
		return -1;
	}
	return (int)fd;
}

/*
 * A handle given by value, as the ABI takes it. Pseudo-handles are valid
 * handles to things that are no section, file or process of ours: the device
 * fd stands for them, so the kernel answers OBJECT_TYPE_MISMATCH.
 * NtCurrentProcess() is the ABI's own NTSECTION_CURRENT_PROCESS; NULL and
 * garbage become NTS_FD_NONE (INVALID_HANDLE).
 */
static __u32 nts_handle_arg(HANDLE h, int dev)
{
	int fd;

	if (h == NtCurrentProcess())
		return NTSECTION_CURRENT_PROCESS;
	if (nts_is_pseudo(h))
		return (__u32)dev;
	fd = ntsection_fd_from_handle(h);
	return fd < 0 ? NTS_FD_NONE : (__u32)fd;
}

static __u32 nts_file_arg(HANDLE h, int dev)
{
	if (!h)
		return NTSECTION_NO_FILE;
	if (nts_is_pseudo(h))
		return (__u32)dev;
	return nts_handle_arg(h, dev);
}

/* A pointer of the caller's, as the ABI takes it: the kernel dereferences it. */
static inline __u64 nts_ptr(const void *p)
{
	return (__u64)(uintptr_t)p;
}

/* ------------------------------------------------------------------------ */
/* Sections: one ioctl each.                                                */

NTSTATUS NtCreateSection(PHANDLE SectionHandle, ACCESS_MASK DesiredAccess,
			 POBJECT_ATTRIBUTES ObjectAttributes, PLARGE_INTEGER MaximumSize,
			 ULONG SectionPageProtection, ULONG AllocationAttributes, HANDLE FileHandle)
{
	struct ntsection_create_args a = {
		.section_handle = nts_ptr(SectionHandle),
		.object_attributes = nts_ptr(ObjectAttributes),
		.maximum_size = nts_ptr(MaximumSize),
		.desired_access = DesiredAccess,
		.protect = SectionPageProtection,
		.alloc_attributes = AllocationAttributes,
	};
	NTSTATUS st;
	int dev;

	st = nts_device(&dev, -1);
	if (st)
		return st;
	a.file_fd = nts_file_arg(FileHandle, dev);
	return nts_call(NTSECTION_IOC_CREATE, &a, &a.status);
}

NTSTATUS NtOpenSection(PHANDLE SectionHandle, ACCESS_MASK DesiredAccess,
		       POBJECT_ATTRIBUTES ObjectAttributes)
{
	struct ntsection_open_args a = {
		.section_handle = nts_ptr(SectionHandle),
		.object_attributes = nts_ptr(ObjectAttributes),
		.desired_access = DesiredAccess,
	};

	return nts_call(NTSECTION_IOC_OPEN, &a, &a.status);
}

NTSTATUS NtMapViewOfSection(HANDLE SectionHandle, HANDLE ProcessHandle, PVOID *BaseAddress,
			    ULONG_PTR ZeroBits, SIZE_T CommitSize, PLARGE_INTEGER SectionOffset,
			    PSIZE_T ViewSize, SECTION_INHERIT InheritDisposition,
			    ULONG AllocationType, ULONG Win32Protect)
{
	struct ntsection_map_args a = {
		.base_address = nts_ptr(BaseAddress),
		.zero_bits = ZeroBits,
		.commit_size = CommitSize,
		.section_offset = nts_ptr(SectionOffset),
		.view_size = nts_ptr(ViewSize),
		.inherit = (__u32)InheritDisposition,
		.alloc_type = AllocationType,
		.protect = Win32Protect,
	};
	NTSTATUS st;
	int dev;

	st = nts_device(&dev, -1);
	if (st)
		return st;
	a.section_fd = nts_handle_arg(SectionHandle, dev);
	a.process_fd = nts_handle_arg(ProcessHandle, dev);
	return nts_call(NTSECTION_IOC_MAP, &a, &a.status);
}

NTSTATUS NtUnmapViewOfSection(HANDLE ProcessHandle, PVOID BaseAddress)
{
	struct ntsection_unmap_args a = { .base = nts_ptr(BaseAddress) };
	NTSTATUS st;
	int dev;

	st = nts_device(&dev, -1);
	if (st)
		return st;
	a.process_fd = nts_handle_arg(ProcessHandle, dev);
	return nts_call(NTSECTION_IOC_UNMAP, &a, &a.status);
}

NTSTATUS NtQuerySection(HANDLE SectionHandle, SECTION_INFORMATION_CLASS SectionInformationClass,
			PVOID SectionInformation, SIZE_T SectionInformationLength,
			PSIZE_T ReturnLength)
{
	struct ntsection_query_args a = {
		.info_class = (__u32)SectionInformationClass,
		.buffer = nts_ptr(SectionInformation),
		.length = SectionInformationLength,
		.return_length = nts_ptr(ReturnLength),
	};
	NTSTATUS st;
	int dev;

	st = nts_device(&dev, -1);
	if (st)
		return st;
	a.section_fd = nts_handle_arg(SectionHandle, dev);
	return nts_call(NTSECTION_IOC_QUERY, &a, &a.status);
}

NTSTATUS NtExtendSection(HANDLE SectionHandle, PLARGE_INTEGER NewSectionSize)
{
	struct ntsection_extend_args a = { .new_section_size = nts_ptr(NewSectionSize) };
	NTSTATUS st;
	int dev;

	st = nts_device(&dev, -1);
	if (st)
		return st;
	a.section_fd = nts_handle_arg(SectionHandle, dev);
	return nts_call(NTSECTION_IOC_EXTEND, &a, &a.status);
}

NTSTATUS NtClose(HANDLE Handle)
{
	int fd;

	/* Closing a pseudo-handle does nothing, and succeeds. */
	if (nts_is_pseudo(Handle))
		return STATUS_SUCCESS;
	fd = ntsection_fd_from_handle(Handle);
	/* The library's own device fd is no handle the caller was given. */
	if (fd < 0 || fd == __atomic_load_n(&nts_dev_fd, __ATOMIC_ACQUIRE))
		return STATUS_INVALID_HANDLE;
	if (close(fd) && errno == EBADF)
		return STATUS_INVALID_HANDLE;
	return STATUS_SUCCESS;
}

/* The header's check of L"" arguments is for callers. */
#undef RtlInitUnicodeString
VOID RtlInitUnicodeString(PUNICODE_STRING DestinationString, PCWSTR SourceString)
{
	size_t n = 0;

	DestinationString->Buffer = (PWSTR)SourceString;
	if (!SourceString) {
		DestinationString->Length = 0;
		DestinationString->MaximumLength = 0;
		return;
	}
	while (SourceString[n] && n < 0x7ffe)
		n++;
	DestinationString->Length = (USHORT)(n * sizeof(WCHAR));
	DestinationString->MaximumLength = (USHORT)((n + 1) * sizeof(WCHAR));
}

VOID RtlFreeUnicodeString(PUNICODE_STRING UnicodeString)
{
	if (!UnicodeString)
		return;
	free(UnicodeString->Buffer);
	UnicodeString->Buffer = NULL;
	UnicodeString->Length = 0;
	UnicodeString->MaximumLength = 0;
}

/* Windows' RtlCreateSecurityDescriptor: an empty absolute descriptor. */
NTSTATUS RtlCreateSecurityDescriptor(PSECURITY_DESCRIPTOR SecurityDescriptor, ULONG Revision)
{
	SECURITY_DESCRIPTOR *sd = SecurityDescriptor;

	if (Revision != SECURITY_DESCRIPTOR_REVISION)
		return STATUS_UNKNOWN_REVISION;
	memset(sd, 0, sizeof(*sd));
	sd->Revision = SECURITY_DESCRIPTOR_REVISION;
	return STATUS_SUCCESS;
}

/* Windows' RtlSetDaclSecurityDescriptor, on an absolute descriptor. */
NTSTATUS RtlSetDaclSecurityDescriptor(PSECURITY_DESCRIPTOR SecurityDescriptor,
				      BOOLEAN DaclPresent, PACL Dacl, BOOLEAN DaclDefaulted)
{
	SECURITY_DESCRIPTOR *sd = SecurityDescriptor;

	if (sd->Revision != SECURITY_DESCRIPTOR_REVISION)
		return STATUS_UNKNOWN_REVISION;
	if (sd->Control & SE_SELF_RELATIVE)
		return STATUS_INVALID_SECURITY_DESCR;
	if (!DaclPresent) {
		sd->Control &= ~SE_DACL_PRESENT;
		return STATUS_SUCCESS;
	}
	sd->Control |= SE_DACL_PRESENT;
	sd->Dacl = Dacl;
	if (DaclDefaulted)
		sd->Control |= SE_DACL_DEFAULTED;
	else
		sd->Control &= ~SE_DACL_DEFAULTED;
	return STATUS_SUCCESS;
}

/* Windows' RtlCreateAcl: an empty ACL of AclLength bytes (rounded down to 4). */
NTSTATUS RtlCreateAcl(PACL Acl, ULONG AclLength, ULONG AclRevision)
{
	if (AclLength < sizeof(ACL))
		return STATUS_BUFFER_TOO_SMALL;
	if (AclRevision < ACL_REVISION || AclRevision > ACL_REVISION_DS || AclLength > 0xffff)
		return STATUS_INVALID_PARAMETER;
	memset(Acl, 0, sizeof(*Acl));
	Acl->AclRevision = (UCHAR)AclRevision;
	Acl->AclSize = (USHORT)(AclLength & ~3u);
	return STATUS_SUCCESS;
}

ULONG RtlLengthRequiredSid(ULONG SubAuthorityCount)
{
	return (ULONG)offsetof(SID, SubAuthority) + SubAuthorityCount * (ULONG)sizeof(ULONG);
}

ULONG RtlLengthSid(PSID Sid)
{
	return RtlLengthRequiredSid(((SID *)Sid)->SubAuthorityCount);
}

NTSTATUS RtlInitializeSid(PSID Sid, PSID_IDENTIFIER_AUTHORITY IdentifierAuthority,
			  UCHAR SubAuthorityCount)
{
	SID *sid = Sid;

	if (SubAuthorityCount > SID_MAX_SUB_AUTHORITIES)
		return STATUS_INVALID_PARAMETER;
	sid->Revision = SID_REVISION;
	sid->SubAuthorityCount = SubAuthorityCount;
	sid->IdentifierAuthority = *IdentifierAuthority;
	return STATUS_SUCCESS;
}

PULONG RtlSubAuthoritySid(PSID Sid, ULONG SubAuthority)
{
	return &((SID *)Sid)->SubAuthority[SubAuthority];
}

/*
 * Windows' RtlAddAccessAllowedAce: an ACCESS_ALLOWED_ACE for @Sid with
 * @AccessMask after the ACEs @Acl has.
 */
NTSTATUS RtlAddAccessAllowedAce(PACL Acl, ULONG AceRevision, ACCESS_MASK AccessMask, PSID Sid)
{
	const SID *sid = Sid;
	ACCESS_ALLOWED_ACE *ace;
	ULONG off = sizeof(ACL), sid_len, need, i;
	UCHAR *p = (UCHAR *)Acl;

	if (Acl->AclRevision < ACL_REVISION || Acl->AclRevision > ACL_REVISION_DS ||
	    Acl->AclSize < sizeof(ACL) || AceRevision < ACL_REVISION ||
	    AceRevision > ACL_REVISION_DS)
		return STATUS_INVALID_ACL;
	if (sid->Revision != SID_REVISION || sid->SubAuthorityCount > SID_MAX_SUB_AUTHORITIES)
		return STATUS_INVALID_SID;
	for (i = 0; i < Acl->AceCount; i++) {
		const ACE_HEADER *h = (const ACE_HEADER *)(p + off);

		if (off + sizeof(*h) > Acl->AclSize || h->AceSize < sizeof(*h) ||
		    off + h->AceSize > Acl->AclSize)
			return STATUS_INVALID_ACL;
		off += h->AceSize;
	}
	sid_len = RtlLengthSid(Sid);
	need = (ULONG)offsetof(ACCESS_ALLOWED_ACE, SidStart) + sid_len;
	if (off + need > Acl->AclSize)
		return STATUS_ALLOTTED_SPACE_EXCEEDED;
	ace = (ACCESS_ALLOWED_ACE *)(p + off);
	ace->Header.AceType = ACCESS_ALLOWED_ACE_TYPE;
	ace->Header.AceFlags = 0;
	ace->Header.AceSize = (USHORT)need;
	ace->Mask = AccessMask;
	memcpy(&ace->SidStart, sid, sid_len);
	Acl->AceCount++;
	if (AceRevision > Acl->AclRevision)
		Acl->AclRevision = (UCHAR)AceRevision;
	return STATUS_SUCCESS;
}

/* ------------------------------------------------------------------------ */
/* Private memory: the record of reservations.                              */

/**
 * struct nts_run - pages of a reservation with one state
 * @start: first address
 * @end: end (exclusive)
 * @protect: the pages' protection (PAGE_*), 0 when they are only reserved
 */
struct nts_run {
	ULONG_PTR start;
	ULONG_PTR end;
	ULONG protect;
};

/**
 * struct nts_region - a reservation made by NtAllocateVirtualMemory
 * @base: its start (64 KiB aligned)
 * @end: its end (page aligned)
 * @alloc_protect: the protection it was reserved with
 * @runs: @nruns runs covering [@base, @end) in order, neighbours differing
 * @nruns: number of runs
 */
struct nts_region {
	ULONG_PTR base;
	ULONG_PTR end;
	ULONG alloc_protect;
	bool placeholder;	/* replaced a placeholder (MEM_REPLACE_PLACEHOLDER) */
	struct nts_run *runs;
	size_t nruns;
};

static pthread_mutex_t nts_vm_lock = PTHREAD_MUTEX_INITIALIZER;
static struct nts_region *nts_regions;	/* sorted by base */
static size_t nts_nregions;
static pthread_once_t nts_atfork_once = PTHREAD_ONCE_INIT;

static void nts_vm_lock_prefork(void)
{
	pthread_mutex_lock(&nts_vm_lock);
}

static void nts_vm_unlock_postfork(void)
{
	pthread_mutex_unlock(&nts_vm_lock);
}

static void nts_atfork_init(void)
{
	pthread_atfork(nts_vm_lock_prefork, nts_vm_unlock_postfork, nts_vm_unlock_postfork);
}

static void nts_vm_begin(void)
{
	pthread_once(&nts_atfork_once, nts_atfork_init);
	pthread_mutex_lock(&nts_vm_lock);
}

static void nts_vm_end(void)
{
	pthread_mutex_unlock(&nts_vm_lock);
}

static struct nts_region *nts_region_find(ULONG_PTR addr)
{
	size_t i;

	for (i = 0; i < nts_nregions; i++)
		if (addr >= nts_regions[i].base && addr < nts_regions[i].end)
			return &nts_regions[i];
	return NULL;
}

static void nts_region_remove(struct nts_region *r)
{
	size_t i = r - nts_regions;

	free(r->runs);
	memmove(r, r + 1, (nts_nregions - i - 1) * sizeof(*r));
	nts_nregions--;
}

/* Record a new reservation; records it overlaps are stale (unmapped behind our back). */
static bool nts_region_add(ULONG_PTR base, ULONG_PTR end, ULONG alloc_protect, ULONG protect)
{
	struct nts_region *grown, *r;
	struct nts_run *run;
	size_t i;

	for (i = 0; i < nts_nregions;) {
		if (nts_regions[i].base < end && nts_regions[i].end > base)
			nts_region_remove(&nts_regions[i]);
		else
			i++;
	}
	run = malloc(sizeof(*run));
	grown = realloc(nts_regions, (nts_nregions + 1) * sizeof(*grown));
	if (!run || !grown) {
		free(run);
		if (grown)
			nts_regions = grown;
		return false;
	}
	nts_regions = grown;
	for (i = 0; i < nts_nregions && nts_regions[i].base < base; i++)
		;
	memmove(&nts_regions[i + 1], &nts_regions[i], (nts_nregions - i) * sizeof(*r));
	nts_nregions++;
	r = &nts_regions[i];
	run->start = base;
	run->end = end;
	run->protect = protect;
	r->base = base;
	r->end = end;
	r->alloc_protect = alloc_protect;
	r->placeholder = false;
	r->runs = run;
	r->nruns = 1;
	return true;
}

/* Set [start, end) of @r to @protect (0: reserved), keeping runs merged. */
static bool nts_region_set(struct nts_region *r, ULONG_PTR start, ULONG_PTR end, ULONG protect)
{
	struct nts_run *runs = malloc((r->nruns + 2) * sizeof(*runs));
	size_t i, n = 0;
	bool placed = false;

	if (!runs)
		return false;
	for (i = 0; i < r->nruns; i++) {
		struct nts_run cur = r->runs[i];

		if (cur.end <= start || cur.start >= end) {
			if (!placed && cur.start >= end) {
				runs[n++] = (struct nts_run){ start, end, protect };
				placed = true;
			}
			runs[n++] = cur;
			continue;
		}
		if (cur.start < start)
			runs[n++] = (struct nts_run){ cur.start, start, cur.protect };
		if (!placed) {
			runs[n++] = (struct nts_run){ start, end, protect };
			placed = true;
		}
		if (cur.end > end)
			runs[n++] = (struct nts_run){ end, cur.end, cur.protect };
	}
	if (!placed)
		runs[n++] = (struct nts_run){ start, end, protect };
	/* Merge neighbours with the same state. */
	for (i = 1; i < n;) {
		if (runs[i - 1].protect == runs[i].protect && runs[i - 1].end == runs[i].start) {
			runs[i - 1].end = runs[i].end;
			memmove(&runs[i], &runs[i + 1], (n - i - 1) * sizeof(*runs));
			n--;
		} else {
			i++;
		}
	}
	free(r->runs);
	r->runs = runs;
	r->nruns = n;
	return true;
}

static const struct nts_run *nts_region_run(const struct nts_region *r, ULONG_PTR addr)
{
	size_t i;

	for (i = 0; i < r->nruns; i++)
		if (addr >= r->runs[i].start && addr < r->runs[i].end)
			return &r->runs[i];
	return NULL;
}

/* ------------------------------------------------------------------------ */
/* Private memory: protections, placement, /proc/self/maps.                 */

static bool nts_protect_is_copy(ULONG protect)
{
	ULONG base = protect & NTS_PAGE_BASE_MASK;

	return base == PAGE_WRITECOPY || base == PAGE_EXECUTE_WRITECOPY;
}

static int nts_prot(ULONG protect)
{
	if (protect & PAGE_GUARD)
		return PROT_NONE;
	switch (protect & NTS_PAGE_BASE_MASK) {
	case PAGE_READONLY:
		return PROT_READ;
	case PAGE_READWRITE:
	case PAGE_WRITECOPY:
		return PROT_READ | PROT_WRITE;
	case PAGE_EXECUTE:
		return PROT_EXEC;
	case PAGE_EXECUTE_READ:
		return PROT_READ | PROT_EXEC;
	case PAGE_EXECUTE_READWRITE:
	case PAGE_EXECUTE_WRITECOPY:
		return PROT_READ | PROT_WRITE | PROT_EXEC;
	default:
		return PROT_NONE;
	}
}

/**
 * struct nts_vma - a line of /proc/self/maps
 * @start: start
 * @end: end
 * @perms: "rwxp"
 * @inode: inode number of the backing file, 0 for anonymous memory
 * @dev: device of the backing file
 * @stack: the main thread's stack
 */
struct nts_vma {
	ULONG_PTR start;
	ULONG_PTR end;
	char perms[5];
	unsigned long long inode;
	char dev[16];
	bool stack;
};

/* Every mapping of the calling process, in address order; NULL on failure. */
static struct nts_vma *nts_maps(size_t *count)
{
	struct nts_vma *vmas = NULL, *grown;
	size_t n = 0, cap = 0;
	char line[512];
	FILE *f = fopen("/proc/self/maps", "re");

	if (!f)
		return NULL;
	while (fgets(line, sizeof(line), f)) {
		struct nts_vma v = { 0 };
		unsigned long long off;

		if (!strchr(line, '\n') && !feof(f)) {
			int c;

			do {
				c = fgetc(f);
			} while (c != '\n' && c != EOF);
		}
		if (sscanf(line, "%lx-%lx %4s %llx %15s %llu", &v.start, &v.end, v.perms, &off,
			   v.dev, &v.inode) != 6)
			continue;
		v.stack = strstr(line, "[stack]");
		if (n == cap) {
			cap = cap ? cap * 2 : 64;
			grown = realloc(vmas, cap * sizeof(*vmas));
			if (!grown) {
				free(vmas);
				fclose(f);
				return NULL;
			}
			vmas = grown;
		}
		vmas[n++] = v;
	}
	fclose(f);
	*count = n;
	if (!vmas)
		vmas = malloc(sizeof(*vmas));
	return vmas;
}

static ULONG nts_perms_protect(const char *perms)
{
	bool r = perms[0] == 'r', w = perms[1] == 'w', x = perms[2] == 'x';

	if (x)
		return w ? PAGE_EXECUTE_READWRITE : r ? PAGE_EXECUTE_READ : PAGE_EXECUTE;
	if (w)
		return PAGE_READWRITE;
	return r ? PAGE_READONLY : PAGE_NOACCESS;
}

static bool nts_same_backing(const struct nts_vma *a, const struct nts_vma *b)
{
	return a->inode == b->inode && !strcmp(a->dev, b->dev) && a->perms[3] == b->perms[3];
}

/* The highest address (inclusive) ZeroBits allows; SPEC §5's rules. */
static NTSTATUS nts_zero_bits_max(ULONG_PTR zero_bits, ULONG_PTR *max)
{
	int msb;

	*max = NTS_HIGHEST_USER;
	if (!zero_bits)
		return STATUS_SUCCESS;
	if (zero_bits == 21)
		return STATUS_NO_MEMORY;
	if (zero_bits > 21 && zero_bits < 32)
		return STATUS_INVALID_PARAMETER_3;
	if (zero_bits <= 20) {
		*max = (1UL << (32 - zero_bits)) - 1;
	} else {
		msb = (int)(sizeof(zero_bits) * 8 - 1) - __builtin_clzl(zero_bits);
		*max = msb >= (int)(sizeof(zero_bits) * 8 - 1) ? ~0UL : (2UL << msb) - 1;
	}
	if (*max > NTS_HIGHEST_USER)
		*max = NTS_HIGHEST_USER;
	return STATUS_SUCCESS;
}

/* Room the stack may grow into: never place anything there. */
#define NTS_STACK_GAP	0x100000UL

/*
 * The lowest (or, @top_down, highest) 64 KiB-aligned address where @len
 * bytes fit in [NTS_GRANULARITY, @max]; 0 when nothing fits.
 */
static ULONG_PTR nts_find_gap(SIZE_T len, ULONG_PTR max, bool top_down)
{
	ULONG_PTR gap_start = NTS_GRANULARITY, found = 0;
	struct nts_vma *vmas;
	size_t n, i;

	vmas = nts_maps(&n);
	if (!vmas)
		return 0;
	for (i = 0; i <= n; i++) {
		ULONG_PTR gap_end = i < n ? vmas[i].start : max + 1;
		ULONG_PTR lo, hi;

		if (i < n && vmas[i].stack && gap_end > NTS_STACK_GAP)
			gap_end -= NTS_STACK_GAP;
		lo = nts_align_up(gap_start, NTS_GRANULARITY);
		hi = gap_end < max + 1 ? gap_end : max + 1;
		if (hi > lo && hi - lo >= len) {
			if (!top_down) {
				found = lo;
				break;
			}
			found = nts_align_down(hi - len, NTS_GRANULARITY);
		}
		if (i == n || gap_end > max)
			break;
		if (vmas[i].end > gap_start)
			gap_start = vmas[i].end;
	}
	free(vmas);
	return found;
}

static void *nts_mmap_reserve(ULONG_PTR addr, SIZE_T len, int extra)
{
	return mmap((void *)addr, len, PROT_NONE,
		    MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE | extra, -1, 0);
}

/* Reserve @len bytes at a fixed @addr; STATUS_CONFLICTING_ADDRESSES if taken. */
static NTSTATUS nts_reserve_at(ULONG_PTR addr, SIZE_T len)
{
	void *p = nts_mmap_reserve(addr, len, MAP_FIXED_NOREPLACE);

	if (p == MAP_FAILED)
		return errno == EEXIST ? STATUS_CONFLICTING_ADDRESSES : STATUS_NO_MEMORY;
	if ((ULONG_PTR)p != addr) {
		/* A kernel without MAP_FIXED_NOREPLACE took it as a hint. */
		munmap(p, len);
		return STATUS_CONFLICTING_ADDRESSES;
	}
	return STATUS_SUCCESS;
}

/* Reserve @len bytes anywhere, 64 KiB aligned. */
static NTSTATUS nts_reserve_any(SIZE_T len, ULONG_PTR zero_bits, bool top_down, ULONG_PTR *out)
{
	ULONG_PTR max, addr, head, tail;
	NTSTATUS st;
	int tries;
	void *p;

	st = nts_zero_bits_max(zero_bits, &max);
	if (st)
		return st;
	if (!zero_bits) {
		/* Linux places mappings top-down already: MEM_TOP_DOWN is the default. */
		if (len > NTS_HIGHEST_USER - NTS_GRANULARITY)
			return STATUS_NO_MEMORY;
		p = nts_mmap_reserve(0, len + NTS_GRANULARITY - NTS_PAGE, 0);
		if (p == MAP_FAILED)
			return STATUS_NO_MEMORY;
		addr = nts_align_up((ULONG_PTR)p, NTS_GRANULARITY);
		head = addr - (ULONG_PTR)p;
		tail = NTS_GRANULARITY - NTS_PAGE - head;
		if (head)
			munmap(p, head);
		if (tail)
			munmap((void *)(addr + len), tail);
		*out = addr;
		return STATUS_SUCCESS;
	}
	for (tries = 0; tries < 16; tries++) {
		addr = nts_find_gap(len, max, top_down);
		if (!addr)
			return STATUS_NO_MEMORY;
		st = nts_reserve_at(addr, len);
		if (st != STATUS_CONFLICTING_ADDRESSES) {
			*out = addr;
			return st;
		}
	}
	return STATUS_NO_MEMORY;
}

/* mprotect() of private memory, as an NTSTATUS. */
static NTSTATUS nts_mprotect(ULONG_PTR start, ULONG_PTR end, ULONG protect)
{
	if (!mprotect((void *)start, end - start, nts_prot(protect)))
		return STATUS_SUCCESS;
	if (errno == EACCES)
		return STATUS_ACCESS_DENIED;
	return STATUS_COMMITMENT_LIMIT;
}

/* Give pages back: fresh, unaccounted, reserved-only pages in their place. */
static NTSTATUS nts_decommit(ULONG_PTR start, ULONG_PTR end)
{
	void *p = nts_mmap_reserve(start, end - start, MAP_FIXED);

	return p == MAP_FAILED ? STATUS_NO_MEMORY : STATUS_SUCCESS;
}

/* ------------------------------------------------------------------------ */
/* Private memory: the calls.                                               */

static NTSTATUS nts_private_reserve(ULONG_PTR *pbase, SIZE_T *psize, ULONG_PTR zero_bits,
				    ULONG type, ULONG protect)
{
	ULONG_PTR base = *pbase, start = 0, end;
	bool commit = type & MEM_COMMIT;
	NTSTATUS st;

	if (nts_protect_is_copy(protect))
		return STATUS_INVALID_PAGE_PROTECTION;
	nts_vm_begin();
	if (base) {
		/* ZeroBits is for the system's choice of address only. */
		start = nts_align_down(base, NTS_GRANULARITY);
		end = nts_align_up(base + *psize, NTS_PAGE);
		st = nts_reserve_at(start, end - start);
	} else {
		SIZE_T len = nts_align_up(*psize, NTS_PAGE);

		st = nts_reserve_any(len, zero_bits, type & MEM_TOP_DOWN, &start);
		end = start + len;
	}
	if (!st && commit) {
		st = nts_mprotect(start, end, protect);
		if (st)
			munmap((void *)start, end - start);
	}
	if (!st && !nts_region_add(start, end, protect, commit ? protect : 0)) {
		munmap((void *)start, end - start);
		st = STATUS_NO_MEMORY;
	}
	nts_vm_end();
	if (!st) {
		*pbase = start;
		*psize = end - start;
	}
	return st;
}

static NTSTATUS nts_private_commit(ULONG_PTR *pbase, SIZE_T *psize, ULONG protect)
{
	ULONG_PTR start = nts_align_down(*pbase, NTS_PAGE);
	ULONG_PTR end = nts_align_up(*pbase + *psize, NTS_PAGE);
	struct nts_region *r;
	NTSTATUS st;

	if (nts_protect_is_copy(protect))
		return STATUS_INVALID_PAGE_PROTECTION;
	nts_vm_begin();
	r = nts_region_find(start);
	if (!r || end > r->end) {
		st = STATUS_CONFLICTING_ADDRESSES;
	} else {
		st = nts_mprotect(start, end, protect);
		if (!st && !nts_region_set(r, start, end, protect))
			st = STATUS_NO_MEMORY;
	}
	nts_vm_end();
	if (!st) {
		*pbase = start;
		*psize = end - start;
	}
	return st;
}

/* MEM_RESET: the contents of committed private pages are no longer needed. */
static NTSTATUS nts_private_reset(ULONG_PTR *pbase, SIZE_T *psize)
{
	ULONG_PTR start = nts_align_down(*pbase, NTS_PAGE);
	ULONG_PTR end = nts_align_up(*pbase + *psize, NTS_PAGE);
	struct nts_region *r;
	NTSTATUS st = STATUS_SUCCESS;

	nts_vm_begin();
	r = nts_region_find(start);
	if (!r || end > r->end)
		st = STATUS_CONFLICTING_ADDRESSES;
	else if (madvise((void *)start, end - start, MADV_FREE))
		madvise((void *)start, end - start, MADV_DONTNEED);
	nts_vm_end();
	if (!st) {
		*pbase = start;
		*psize = end - start;
	}
	return st;
}

/*
 * MEM_RELEASE | MEM_PRESERVE_PLACEHOLDER on private memory: an allocation
 * that replaced a placeholder, whole, becomes that placeholder again (the
 * kernel maps it over the allocation in one step). On other private
 * memory, or with MEM_COALESCE_PLACEHOLDERS: CONFLICTING_ADDRESSES.
 */
static NTSTATUS nts_private_free_placeholder(const struct nts_region *r, ULONG_PTR start,
					     ULONG_PTR end, SIZE_T size, ULONG type)
{
	struct ntsection_vm_args a = {
		.process_fd = NTSECTION_CURRENT_PROCESS, .alloc_type = type,
		.base = r->base, .size = r->end - r->base,
		.pad = NTSECTION_FREE_PRIVATE_PLACEHOLDER,
	};

	if (!size)
		return STATUS_INVALID_PARAMETER_3;
	if (end > r->end)
		return STATUS_UNABLE_TO_FREE_VM;
	if (!(type & MEM_PRESERVE_PLACEHOLDER) || !r->placeholder || start != r->base ||
	    end != r->end)
		return STATUS_CONFLICTING_ADDRESSES;
	return nts_call(NTSECTION_IOC_FREE, &a, &a.status);
}

static NTSTATUS nts_private_free(ULONG_PTR *pbase, SIZE_T *psize, ULONG type)
{
	ULONG_PTR start = nts_align_down(*pbase, NTS_PAGE);
	ULONG_PTR end = nts_align_up(*pbase + *psize, NTS_PAGE);
	struct nts_region *r;
	NTSTATUS st = STATUS_SUCCESS;
	SIZE_T out_size = 0;

	nts_vm_begin();
	r = nts_region_find(*pbase);
	if (!r) {
		st = STATUS_MEMORY_NOT_ALLOCATED;
	} else if (!*psize && start != r->base) {
		st = STATUS_FREE_VM_NOT_AT_BASE;
	} else if (type & (MEM_PRESERVE_PLACEHOLDER | MEM_COALESCE_PLACEHOLDERS)) {
		st = nts_private_free_placeholder(r, start, end, *psize, type);
		if (!st) {
			start = r->base;
			out_size = r->end - r->base;
			nts_region_remove(r);
		}
	} else if (type == MEM_RELEASE) {
		if (*psize && start != r->base)
			st = STATUS_FREE_VM_NOT_AT_BASE;
		else if (*psize && end != r->end)
			st = STATUS_UNABLE_TO_FREE_VM;
		if (!st) {
			start = r->base;
			out_size = r->end - r->base;
			munmap((void *)r->base, r->end - r->base);
			nts_region_remove(r);
		}
	} else if (!*psize) {
		/* Decommit the whole reservation; Windows 10 1803+ reports size 0. */
		start = r->base;
		st = nts_decommit(r->base, r->end);
		if (!st && !nts_region_set(r, r->base, r->end, 0))
			st = STATUS_NO_MEMORY;
		out_size = 0;
	} else if (end > r->end) {
		st = STATUS_UNABLE_TO_FREE_VM;
	} else {
		st = nts_decommit(start, end);
		if (!st && !nts_region_set(r, start, end, 0))
			st = STATUS_NO_MEMORY;
		out_size = end - start;
	}
	nts_vm_end();
	if (!st) {
		*pbase = start;
		*psize = out_size;
	}
	return st;
}

static void nts_mbi_free(MEMORY_BASIC_INFORMATION *mbi, ULONG_PTR page, ULONG_PTR next)
{
	mbi->BaseAddress = (PVOID)page;
	mbi->RegionSize = next - page;
	mbi->State = MEM_FREE;
	mbi->Protect = PAGE_NOACCESS;
}

/*
 * Linux memory next to a reservation of ours can share its VMAs (the kernel
 * merges anonymous mappings alike): the allocation @mbi describes stops at
 * our reservations' ends, on either side of @page.
 */
static void nts_private_query_clip(ULONG_PTR page, MEMORY_BASIC_INFORMATION *mbi)
{
	ULONG_PTR base = (ULONG_PTR)mbi->AllocationBase, end = page + mbi->RegionSize;
	size_t i;

	nts_vm_begin();
	for (i = 0; i < nts_nregions; i++) {
		if (nts_regions[i].end <= page && nts_regions[i].end > base)
			base = nts_regions[i].end;
		if (nts_regions[i].base > page && nts_regions[i].base < end)
			end = nts_regions[i].base;
	}
	nts_vm_end();
	mbi->AllocationBase = (PVOID)base;
	mbi->RegionSize = end - page;
}

/* NtQueryVirtualMemory of an address that is in no view. */
static NTSTATUS nts_private_query(ULONG_PTR addr, MEMORY_BASIC_INFORMATION *mbi)
{
	ULONG_PTR page = nts_align_down(addr, NTS_PAGE);
	const struct nts_region *r;
	const struct nts_run *run;
	struct nts_vma *vmas;
	size_t n, i, j, first;

	memset(mbi, 0, sizeof(*mbi));
	nts_vm_begin();
	r = nts_region_find(page);
	run = r ? nts_region_run(r, page) : NULL;
	if (run) {
		mbi->BaseAddress = (PVOID)page;
		mbi->AllocationBase = (PVOID)r->base;
		mbi->AllocationProtect = r->alloc_protect;
		mbi->RegionSize = run->end - page;
		mbi->State = run->protect ? MEM_COMMIT : MEM_RESERVE;
		mbi->Protect = run->protect;
		mbi->Type = MEM_PRIVATE;
		nts_vm_end();
		return STATUS_SUCCESS;
	}
	nts_vm_end();

	/* Memory of the Linux kind (program, libraries, heap, stack), or free. */
	vmas = nts_maps(&n);
	if (!vmas)
		return STATUS_NOT_SUPPORTED;
	for (i = 0; i < n && vmas[i].end <= page; i++)
		;
	if (i == n || vmas[i].start > page) {
		nts_mbi_free(mbi, page, i == n ? NTS_HIGHEST_USER + 1 : vmas[i].start);
		free(vmas);
		return STATUS_SUCCESS;
	}
	/* An allocation: VMAs of one backing, back to back; a region: same perms too. */
	for (first = i; first > 0 && vmas[first - 1].end == vmas[first].start &&
	     nts_same_backing(&vmas[first - 1], &vmas[first]); first--)
		;
	for (j = i; j + 1 < n && vmas[j + 1].start == vmas[j].end &&
	     nts_same_backing(&vmas[j + 1], &vmas[j]) &&
	     !strcmp(vmas[j + 1].perms, vmas[i].perms); j++)
		;
	mbi->BaseAddress = (PVOID)page;
	mbi->AllocationBase = (PVOID)vmas[first].start;
	mbi->AllocationProtect = nts_perms_protect(vmas[first].perms);
	mbi->RegionSize = vmas[j].end - page;
	nts_private_query_clip(page, mbi);
	mbi->State = MEM_COMMIT;
	mbi->Protect = nts_perms_protect(vmas[i].perms);
	if (!vmas[i].inode)
		mbi->Type = MEM_PRIVATE;
	else
		mbi->Type = vmas[i].perms[3] == 's' ? MEM_MAPPED : MEM_IMAGE;
	free(vmas);
	return STATUS_SUCCESS;
}

/* NtProtectVirtualMemory of private memory: our reservations, or Linux's. */
static NTSTATUS nts_private_protect(ULONG_PTR start, ULONG_PTR end, ULONG protect, ULONG *old)
{
	struct nts_region *r;
	struct nts_vma *vmas;
	NTSTATUS st = STATUS_SUCCESS;
	size_t n, i, k;

	nts_vm_begin();
	r = nts_region_find(start);
	if (r) {
		if (end > r->end)
			st = STATUS_CONFLICTING_ADDRESSES;
		for (k = 0; !st && k < r->nruns; k++)
			if (r->runs[k].start < end && r->runs[k].end > start && !r->runs[k].protect)
				st = STATUS_NOT_COMMITTED;
		if (!st && nts_protect_is_copy(protect))
			st = STATUS_INVALID_PAGE_PROTECTION;
		if (!st) {
			*old = nts_region_run(r, start)->protect;
			st = nts_mprotect(start, end, protect);
		}
		if (!st && !nts_region_set(r, start, end, protect))
			st = STATUS_NO_MEMORY;
		nts_vm_end();
		return st;
	}
	nts_vm_end();

	vmas = nts_maps(&n);
	if (!vmas)
		return STATUS_NOT_SUPPORTED;
	for (i = 0; i < n && vmas[i].end <= start; i++)
		;
	if (i == n || vmas[i].start > start) {
		st = STATUS_CONFLICTING_ADDRESSES;
	} else {
		*old = nts_perms_protect(vmas[i].perms);
		for (k = i; k + 1 < n && vmas[k].end < end && vmas[k + 1].start == vmas[k].end; k++)
			;
		if (vmas[k].end < end)
			st = STATUS_CONFLICTING_ADDRESSES;
		else if (nts_protect_is_copy(protect) && !vmas[i].inode)
			st = STATUS_INVALID_PAGE_PROTECTION;
	}
	free(vmas);
	if (!st)
		st = nts_mprotect(start, end, protect);
	return st;
}

/* ------------------------------------------------------------------------ */
/* The VM calls.                                                            */

/*
 * Ask the kernel whether @protect is a valid protection and @process a
 * handle to this process, with a commit request at address 0, which is in
 * no view: STATUS_SUCCESS when both are fine.
 */
static NTSTATUS nts_vm_check(__u32 process, ULONG protect)
{
	struct ntsection_vm_args a = {
		.process_fd = process, .alloc_type = MEM_COMMIT, .protect = protect,
	};
	NTSTATUS st = nts_call(NTSECTION_IOC_COMMIT, &a, &a.status);

	return st == STATUS_NOT_MAPPED_VIEW ? STATUS_SUCCESS : st;
}

static NTSTATUS nts_check_alloc_type(ULONG type)
{
	const ULONG known = MEM_COMMIT | MEM_RESERVE | MEM_RESET | MEM_TOP_DOWN |
			    MEM_WRITE_WATCH | MEM_PHYSICAL | MEM_LARGE_PAGES;

	if (type & ~known)
		return STATUS_INVALID_PARAMETER_5;
	if (!(type & (MEM_COMMIT | MEM_RESERVE | MEM_RESET)))
		return STATUS_INVALID_PARAMETER_5;
	if ((type & MEM_RESET) && type != MEM_RESET)
		return STATUS_INVALID_PARAMETER_5;
	if ((type & MEM_LARGE_PAGES) && !(type & MEM_COMMIT))
		return STATUS_INVALID_PARAMETER_5;
	if ((type & MEM_WRITE_WATCH) && !(type & MEM_RESERVE))
		return STATUS_INVALID_PARAMETER_5;
	if ((type & MEM_PHYSICAL) && type != (MEM_PHYSICAL | MEM_RESERVE))
		return STATUS_INVALID_PARAMETER_5;
	return STATUS_SUCCESS;
}

/* The pointer arguments every VM call has: *BaseAddress and a size. */
static bool nts_vm_read_args(PVOID *pbase, PSIZE_T psize, ULONG_PTR *base, SIZE_T *size)
{
	PVOID b;

	if (!nts_copy_in(&b, pbase, sizeof(b)) || !nts_copy_in(size, psize, sizeof(*size)))
		return false;
	*base = (ULONG_PTR)b;
	return true;
}

static NTSTATUS nts_vm_write_args(PVOID *pbase, PSIZE_T psize, ULONG_PTR base, SIZE_T size)
{
	PVOID b = (PVOID)base;

	if (!nts_copy_out(pbase, &b, sizeof(b)) || !nts_copy_out(psize, &size, sizeof(size)))
		return STATUS_ACCESS_VIOLATION;
	return STATUS_SUCCESS;
}

static NTSTATUS nts_view_protect(const struct ntsection_vm_info *first, ULONG_PTR start,
				 ULONG_PTR end, ULONG protect, ULONG *old);
static NTSTATUS nts_apc(__u32 process, __u32 op, __u64 arg[6]);

/* Another process's private memory at @addr, as its libntsection has it. */
static bool nts_apc_query(__u32 process, ULONG_PTR addr, MEMORY_BASIC_INFORMATION *mbi)
{
	__u64 arg[6] = { addr };

	if (nts_apc(process, NTSECTION_APC_QUERY, arg))
		return false;
	memset(mbi, 0, sizeof(*mbi));
	mbi->BaseAddress = (PVOID)(ULONG_PTR)arg[0];
	mbi->AllocationBase = (PVOID)(ULONG_PTR)arg[1];
	mbi->RegionSize = (SIZE_T)arg[2];
	mbi->AllocationProtect = (ULONG)arg[3];
	mbi->State = (ULONG)arg[4];
	mbi->Protect = (ULONG)(arg[4] >> 32);
	mbi->Type = (ULONG)arg[5];
	return true;
}

/*
 * MEM_COMMIT in a view gives the pages the commit's Protect in this view
 * (SPEC §6), as far as the view's own protection allows: a Protect the
 * view cannot take leaves the pages as they were.
 */
static void nts_view_commit_protect(ULONG_PTR base, SIZE_T size, ULONG protect)
{
	struct ntsection_vm_info info = { .address = base };
	ULONG old;

	info.process_fd = NTSECTION_CURRENT_PROCESS;
	if (nts_call(NTSECTION_IOC_QUERY_VM, &info, &info.status) || info.protect == protect)
		return;
	nts_view_protect(&info, base, base + size, protect, &old);
}

NTSTATUS NtAllocateVirtualMemory(HANDLE ProcessHandle, PVOID *BaseAddress, ULONG_PTR ZeroBits,
				 PSIZE_T RegionSize, ULONG AllocationType, ULONG Protect)
{
	struct ntsection_vm_args a = { .alloc_type = MEM_COMMIT, .protect = Protect };
	bool view_commit, remote = false;
	ULONG_PTR base;
	SIZE_T size;
	NTSTATUS st;
	int dev;

	st = nts_device(&dev, -1);
	if (st)
		return st;
	if (ZeroBits > 21 && ZeroBits < 32)
		return STATUS_INVALID_PARAMETER_3;
	/*
	 * Placeholders are NtAllocateVirtualMemoryEx's only (Wine's tests).
	 * MEM_REPLACE_PLACEHOLDER is MEM_DECOMMIT's value: INVALID_PARAMETER_5 below.
	 */
	if (AllocationType & MEM_RESERVE_PLACEHOLDER)
		return STATUS_INVALID_PARAMETER;
	st = nts_check_alloc_type(AllocationType);
	if (!st)
		st = nts_vm_check(NTSECTION_CURRENT_PROCESS, Protect);
	if (st)
		return st;
	if (!nts_vm_read_args(BaseAddress, RegionSize, &base, &size))
		return STATUS_ACCESS_VIOLATION;
	if (base > NTS_HIGHEST_USER)
		return STATUS_INVALID_PARAMETER_2;
	if (NTS_HIGHEST_USER + 1 - base < size || !size)
		return STATUS_INVALID_PARAMETER_4;
	a.process_fd = nts_handle_arg(ProcessHandle, dev);
	view_commit = base && !(AllocationType & (MEM_RESERVE | MEM_RESET));
	/* A handle of another process: nts_vm_check() says NOT_SUPPORTED. */
	if (a.process_fd != NTSECTION_CURRENT_PROCESS) {
		st = nts_vm_check(a.process_fd, PAGE_READONLY);
		remote = st == STATUS_NOT_SUPPORTED;
		if (st && !remote)
			return st;
	}
	if (AllocationType & (MEM_PHYSICAL | MEM_WRITE_WATCH))
		return STATUS_NOT_SUPPORTED;
	/* Large pages are placed by the kernel, as the Ex call places them. */
	if ((AllocationType & MEM_LARGE_PAGES) && !remote && !ZeroBits)
		return NtAllocateVirtualMemoryEx(ProcessHandle, BaseAddress, RegionSize,
						 AllocationType, Protect, NULL, 0);
	if (AllocationType & MEM_LARGE_PAGES)
		return STATUS_NOT_SUPPORTED;

	if (remote) {
		/* Its libntsection's to do (its records, its mprotect()). */
		__u64 arg[6] = { base, size, ZeroBits, AllocationType, Protect };

		st = nts_apc(a.process_fd, NTSECTION_APC_ALLOCATE, arg);
		base = (ULONG_PTR)arg[0];
		size = (SIZE_T)arg[1];
		if (st == STATUS_NOT_SUPPORTED && view_commit) {
			/* No library serves it: a commit in a view is the kernel's. */
			a.base = base;
			a.size = size;
			st = nts_call(NTSECTION_IOC_COMMIT, &a, &a.status);
			base = (ULONG_PTR)a.base;
			size = (SIZE_T)a.size;
		}
	} else if (AllocationType == MEM_RESET) {
		st = nts_private_reset(&base, &size);
	} else if (base && !(AllocationType & MEM_RESERVE)) {
		/* Commit in a view (the kernel's), else in a reservation (ours). */
		a.base = base;
		a.size = size;
		st = nts_call(NTSECTION_IOC_COMMIT, &a, &a.status);
		if (st == STATUS_NOT_MAPPED_VIEW) {
			st = nts_private_commit(&base, &size, Protect);
		} else if (NT_SUCCESS(st)) {
			base = (ULONG_PTR)a.base;
			size = (SIZE_T)a.size;
			nts_view_commit_protect(base, size, Protect);
		}
	} else {
		st = nts_private_reserve(&base, &size, ZeroBits, AllocationType, Protect);
	}
	if (NT_SUCCESS(st) && nts_vm_write_args(BaseAddress, RegionSize, base, size))
		return STATUS_ACCESS_VIOLATION;
	return st;
}

NTSTATUS NtFreeVirtualMemory(HANDLE ProcessHandle, PVOID *BaseAddress, PSIZE_T RegionSize,
			     ULONG FreeType)
{
	struct ntsection_vm_args a = { .alloc_type = FreeType };
	ULONG_PTR base;
	SIZE_T size;
	NTSTATUS st;
	int dev;

	st = nts_device(&dev, -1);
	if (st)
		return st;
	/* The exact rules are the kernel's (NTSECTION_IOC_FREE); this orders them. */
	if (!FreeType || (FreeType & ~(MEM_DECOMMIT | MEM_RELEASE | MEM_PRESERVE_PLACEHOLDER |
				       MEM_COALESCE_PLACEHOLDERS)))
		return STATUS_INVALID_PARAMETER_4;
	if (!nts_vm_read_args(BaseAddress, RegionSize, &base, &size))
		return STATUS_ACCESS_VIOLATION;
	if (base > NTS_HIGHEST_USER)
		return STATUS_INVALID_PARAMETER_2;
	if (NTS_HIGHEST_USER - base < size)
		return STATUS_INVALID_PARAMETER_3;
	/* A view (UNABLE_TO_DELETE_SECTION) and the process handle: the kernel's. */
	a.process_fd = nts_handle_arg(ProcessHandle, dev);
	a.base = base;
	a.size = size;
	st = nts_call(NTSECTION_IOC_FREE, &a, &a.status);
	if (st == STATUS_NOT_SUPPORTED) {
		/* Another process's private memory: its libntsection's. */
		__u64 arg[6] = { base, size, FreeType };

		st = nts_apc(a.process_fd, NTSECTION_APC_FREE, arg);
		base = (ULONG_PTR)arg[0];
		size = (SIZE_T)arg[1];
	} else if (st == STATUS_NOT_MAPPED_VIEW) {
		st = nts_private_free(&base, &size, FreeType);
	} else {
		return st;
	}
	if (NT_SUCCESS(st) && nts_vm_write_args(BaseAddress, RegionSize, base, size))
		return STATUS_ACCESS_VIOLATION;
	return st;
}

/* ------------------------------------------------------------------------ */
/* The Windows 10+ calls (SPEC §12).                                        */

/*
 * The NumaNode an Ex call asked for, once the kernel has checked the
 * parameters: -1 for none.
 */
static long nts_ext_numa_node(const MEM_EXTENDED_PARAMETER *p, ULONG count)
{
	ULONG i;

	for (i = 0; p && i < count && i < MemExtendedParameterMax; i++)
		if (p[i].Type == MemExtendedParameterNumaNode &&
		    p[i].ULong != NUMA_NO_PREFERRED_NODE)
			return p[i].ULong;
	return -1;
}

/*
 * NumaNode: the pages of [base, base + size) of this process prefer @node.
 * For a view of a pagefile section that is the backing file's shared
 * policy, which every view of those pages follows (mbind(2) on shmem).
 * Best effort: a kernel without NUMA keeps its default.
 */
static void nts_prefer_node(ULONG_PTR base, SIZE_T size, long node)
{
	unsigned long mask[1024 / (8 * sizeof(unsigned long))] = { 0 };

	if (node < 0 || (unsigned long)node >= 8 * sizeof(mask))
		return;
	mask[node / (8 * sizeof(unsigned long))] |= 1UL << (node % (8 * sizeof(unsigned long)));
	syscall(SYS_mbind, base, size, 1 /* MPOL_PREFERRED */, mask, 8 * sizeof(mask), 0);
}

/* Record private memory the kernel placed (NTSECTION_IOC_ALLOCATE_EX), and commit it. */
static NTSTATUS nts_private_adopt(ULONG_PTR start, ULONG_PTR end, ULONG type, ULONG protect,
				  bool placeholder)
{
	bool commit = type & MEM_COMMIT;
	struct nts_region *r;
	NTSTATUS st = STATUS_SUCCESS;

	nts_vm_begin();
	/* MEM_LARGE_PAGES: transparent huge pages, whatever the system default. */
	if (type & MEM_LARGE_PAGES)
		madvise((void *)start, end - start, MADV_HUGEPAGE);
	if (commit)
		st = nts_mprotect(start, end, protect);
	if (!st && !nts_region_add(start, end, protect, commit ? protect : 0))
		st = STATUS_NO_MEMORY;
	if (!st) {
		r = nts_region_find(start);
		r->placeholder = placeholder;
	}
	nts_vm_end();
	return st;
}

NTSTATUS NtAllocateVirtualMemoryEx(HANDLE ProcessHandle, PVOID *BaseAddress, PSIZE_T RegionSize,
				   ULONG AllocationType, ULONG PageProtection,
				   PMEM_EXTENDED_PARAMETER ExtendedParameters,
				   ULONG ExtendedParameterCount)
{
	struct ntsection_allocate_ex_args a = {
		.alloc_type = AllocationType, .protect = PageProtection,
		.ext_params = nts_ptr(ExtendedParameters), .ext_count = ExtendedParameterCount,
	};
	ULONG_PTR base;
	SIZE_T size;
	NTSTATUS st;
	int dev;

	st = nts_device(&dev, -1);
	if (st)
		return st;
	if (!nts_vm_read_args(BaseAddress, RegionSize, &base, &size))
		return STATUS_ACCESS_VIOLATION;
	a.process_fd = nts_handle_arg(ProcessHandle, dev);
	a.base = base;
	a.size = size;
	/* Private memory takes no copy-on-write protection (as NtAllocateVirtualMemory). */
	if ((AllocationType & MEM_REPLACE_PLACEHOLDER) && nts_protect_is_copy(PageProtection))
		return STATUS_INVALID_PAGE_PROTECTION;
	if (AllocationType & MEM_REPLACE_PLACEHOLDER) {
		st = nts_vm_check(NTSECTION_CURRENT_PROCESS, PageProtection);
		if (st)
			return st;
	}
	st = nts_call(NTSECTION_IOC_ALLOCATE_EX, &a, &a.status);
	if (st == STATUS_NOT_SUPPORTED && a.process_fd != NTSECTION_CURRENT_PROCESS) {
		/* Another process's private memory: its libntsection's (no address limits). */
		__u64 arg[6] = { base, size, 0, AllocationType, PageProtection };

		if (ExtendedParameterCount)
			return STATUS_NOT_SUPPORTED;
		st = nts_apc(a.process_fd, NTSECTION_APC_ALLOCATE, arg);
		if (NT_SUCCESS(st) && nts_vm_write_args(BaseAddress, RegionSize,
							(ULONG_PTR)arg[0], (SIZE_T)arg[1]))
			return STATUS_ACCESS_VIOLATION;
		return st;
	}
	if (!NT_SUCCESS(st))
		return st;
	switch (a.result) {
	case NTSECTION_ALLOC_NOTHING:
		/* Checked: what is left is NtAllocateVirtualMemory's. */
		return NtAllocateVirtualMemory(ProcessHandle, BaseAddress, 0, RegionSize,
					       AllocationType, PageProtection);
	case NTSECTION_ALLOC_PRIVATE:
	case NTSECTION_ALLOC_REPLACED:
		st = nts_private_adopt(a.base, a.base + a.size, AllocationType, PageProtection,
				       a.result == NTSECTION_ALLOC_REPLACED);
		if (st) {
			struct ntsection_vm_args f = {
				.process_fd = NTSECTION_CURRENT_PROCESS, .base = a.base,
				.size = a.size, .pad = NTSECTION_FREE_PRIVATE_PLACEHOLDER,
				.alloc_type = MEM_RELEASE | MEM_PRESERVE_PLACEHOLDER,
			};

			if (a.result == NTSECTION_ALLOC_REPLACED)
				nts_call(NTSECTION_IOC_FREE, &f, &f.status);
			else
				munmap((void *)(ULONG_PTR)a.base, a.size);
			return st;
		}
		nts_prefer_node(a.base, a.size,
				nts_ext_numa_node(ExtendedParameters, ExtendedParameterCount));
		break;
	default:
		break;
	}
	if (nts_vm_write_args(BaseAddress, RegionSize, a.base, a.size))
		return STATUS_ACCESS_VIOLATION;
	return st;
}

NTSTATUS NtMapViewOfSectionEx(HANDLE SectionHandle, HANDLE ProcessHandle, PVOID *BaseAddress,
			      PLARGE_INTEGER SectionOffset, PSIZE_T ViewSize,
			      ULONG AllocationType, ULONG PageProtection,
			      PMEM_EXTENDED_PARAMETER ExtendedParameters,
			      ULONG ExtendedParameterCount)
{
	struct ntsection_map_ex_args a = {
		.map = {
			.base_address = nts_ptr(BaseAddress),
			.section_offset = nts_ptr(SectionOffset),
			.view_size = nts_ptr(ViewSize),
			.inherit = ViewUnmap,
			.alloc_type = AllocationType,
			.protect = PageProtection,
		},
		.ext_params = nts_ptr(ExtendedParameters),
		.ext_count = ExtendedParameterCount,
	};
	long node;
	NTSTATUS st;
	int dev;

	st = nts_device(&dev, -1);
	if (st)
		return st;
	a.map.section_fd = nts_handle_arg(SectionHandle, dev);
	a.map.process_fd = nts_handle_arg(ProcessHandle, dev);
	st = nts_call(NTSECTION_IOC_MAP_EX, &a, &a.map.status);
	node = nts_ext_numa_node(ExtendedParameters, ExtendedParameterCount);
	if (NT_SUCCESS(st) && node >= 0 && a.map.process_fd == NTSECTION_CURRENT_PROCESS)
		nts_prefer_node((ULONG_PTR)*BaseAddress, *ViewSize, node);
	return st;
}

SIZE_T ntsection_large_page_minimum(void)
{
	struct ntsection_version v = { 0 };
	int dev;

	if (nts_device(&dev, -1) || ioctl(dev, NTSECTION_IOC_VERSION, &v) || v.minor < 4 ||
	    v.large_page_shift >= 8 * sizeof(SIZE_T))
		return 0;
	return v.large_page_shift ? (SIZE_T)1 << v.large_page_shift : 0;
}

NTSTATUS NtUnmapViewOfSectionEx(HANDLE ProcessHandle, PVOID BaseAddress, ULONG Flags)
{
	struct ntsection_unmap_ex_args a = { .base = nts_ptr(BaseAddress), .flags = Flags };
	NTSTATUS st;
	int dev;

	st = nts_device(&dev, -1);
	if (st)
		return st;
	a.process_fd = nts_handle_arg(ProcessHandle, dev);
	return nts_call(NTSECTION_IOC_UNMAP_EX, &a, &a.status);
}

NTSTATUS NtCreateSectionEx(PHANDLE SectionHandle, ACCESS_MASK DesiredAccess,
			   POBJECT_ATTRIBUTES ObjectAttributes, PLARGE_INTEGER MaximumSize,
			   ULONG SectionPageProtection, ULONG AllocationAttributes,
			   HANDLE FileHandle, PMEM_EXTENDED_PARAMETER ExtendedParameters,
			   ULONG ExtendedParameterCount)
{
	struct ntsection_create_ex_args a = {
		.create = {
			.section_handle = nts_ptr(SectionHandle),
			.object_attributes = nts_ptr(ObjectAttributes),
			.maximum_size = nts_ptr(MaximumSize),
			.desired_access = DesiredAccess,
			.protect = SectionPageProtection,
			.alloc_attributes = AllocationAttributes,
		},
		.ext_params = nts_ptr(ExtendedParameters),
		.ext_count = ExtendedParameterCount,
	};
	NTSTATUS st;
	int dev;

	st = nts_device(&dev, -1);
	if (st)
		return st;
	a.create.file_fd = nts_file_arg(FileHandle, dev);
	return nts_call(NTSECTION_IOC_CREATE_EX, &a, &a.create.status);
}

/*
 * The classes that name what a view maps: one ioctl, the kernel writes the
 * caller's buffer and *ReturnLength itself.
 */
static NTSTATUS nts_query_vm_info(int dev, HANDLE ProcessHandle, PVOID BaseAddress,
				  MEMORY_INFORMATION_CLASS MemoryInformationClass,
				  PVOID MemoryInformation, SIZE_T MemoryInformationLength,
				  PSIZE_T ReturnLength)
{
	struct ntsection_query_vm_args a = {
		.process_fd = nts_handle_arg(ProcessHandle, dev),
		.info_class = MemoryInformationClass,
		.address = (__u64)(ULONG_PTR)BaseAddress,
		.buffer = (__u64)(ULONG_PTR)MemoryInformation,
		.length = MemoryInformationLength,
		.return_length = (__u64)(ULONG_PTR)ReturnLength,
	};

	return nts_call(NTSECTION_IOC_QUERY_VM_INFO, &a, &a.status);
}

/* One of this process's reservations, as MemoryRegionInformation has it. */
static bool nts_private_region(ULONG_PTR addr, MEMORY_REGION_INFORMATION *info)
{
	const struct nts_region *r;
	size_t i;

	nts_vm_begin();
	r = nts_region_find(nts_align_down(addr, NTS_PAGE));
	if (r) {
		info->AllocationBase = (PVOID)r->base;
		info->AllocationProtect = r->alloc_protect;
		info->RegionType = MEM_REGION_PRIVATE;
		info->RegionSize = r->end - r->base;
		info->CommitSize = 0;
		for (i = 0; i < r->nruns; i++)
			if (r->runs[i].protect)
				info->CommitSize += r->runs[i].end - r->runs[i].start;
	}
	nts_vm_end();
	return r;
}

/* How many regions of another process's allocation one answer asks about. */
#define NTS_APC_REGIONS		256

/*
 * Another process's private memory, as its libntsection has it: its
 * allocation region by region (NTSECTION_APC_QUERY), summed. Left as the
 * kernel said when that process serves no APCs.
 */
static void nts_apc_region(__u32 process, ULONG_PTR addr, MEMORY_REGION_INFORMATION *info)
{
	MEMORY_BASIC_INFORMATION mbi;
	ULONG_PTR base, at;
	SIZE_T size = 0, commit = 0;
	ULONG alloc_protect;
	int n;

	if (!nts_apc_query(process, addr, &mbi) || mbi.State == MEM_FREE ||
	    mbi.Type != MEM_PRIVATE)
		return;
	base = (ULONG_PTR)mbi.AllocationBase;
	alloc_protect = mbi.AllocationProtect;
	for (at = base, n = 0; n < NTS_APC_REGIONS; n++) {
		if (!nts_apc_query(process, at, &mbi) || mbi.State == MEM_FREE ||
		    (ULONG_PTR)mbi.AllocationBase != base || !mbi.RegionSize)
			break;
		size += mbi.RegionSize;
		if (mbi.State == MEM_COMMIT)
			commit += mbi.RegionSize;
		at = (ULONG_PTR)mbi.BaseAddress + mbi.RegionSize;
	}
	if (!size)
		return;
	info->AllocationBase = (PVOID)base;
	info->AllocationProtect = alloc_protect;
	info->RegionSize = size;
	info->CommitSize = commit;
}

/*
 * MemoryRegionInformation(Ex): the kernel describes views and Linux memory
 * (NTSECTION_IOC_QUERY_VM_INFO, into a buffer of ours); this process's
 * reservations are described here, another's by its own libntsection.
 * Every field that fits whole is written, and *ReturnLength is the size of
 * the structure, as on Windows.
 */
static NTSTATUS nts_query_region(int dev, HANDLE ProcessHandle, PVOID BaseAddress,
				 MEMORY_INFORMATION_CLASS MemoryInformationClass,
				 PVOID MemoryInformation, SIZE_T MemoryInformationLength,
				 PSIZE_T ReturnLength)
{
	MEMORY_REGION_INFORMATION info;
	struct ntsection_query_vm_args a = {
		.process_fd = nts_handle_arg(ProcessHandle, dev),
		.info_class = MemoryInformationClass,
		.address = (__u64)(ULONG_PTR)BaseAddress,
		.buffer = (__u64)(ULONG_PTR)&info,
		.length = sizeof(info),
	};
	SIZE_T fill, len = sizeof(info);
	NTSTATUS st;

	if (MemoryInformationLength < offsetof(MEMORY_REGION_INFORMATION, CommitSize))
		return STATUS_INFO_LENGTH_MISMATCH;
	/* From RegionSize on, every field is pointer-sized. */
	fill = MemoryInformationLength >= sizeof(info) ? sizeof(info) :
	       nts_align_down(MemoryInformationLength, sizeof(ULONG_PTR));
	memset(&info, 0, sizeof(info));
	if (a.process_fd != NTSECTION_CURRENT_PROCESS ||
	    !nts_private_region((ULONG_PTR)BaseAddress, &info)) {
		st = nts_call(NTSECTION_IOC_QUERY_VM_INFO, &a, &a.status);
		if (!NT_SUCCESS(st))
			return st;
		if ((info.RegionType & MEM_REGION_PRIVATE) &&
		    a.process_fd != NTSECTION_CURRENT_PROCESS)
			nts_apc_region(a.process_fd, (ULONG_PTR)BaseAddress, &info);
	}
	if (!nts_copy_out(MemoryInformation, &info, fill) ||
	    (ReturnLength && !nts_copy_out(ReturnLength, &len, sizeof(len))))
		return STATUS_ACCESS_VIOLATION;
	return STATUS_SUCCESS;
}

NTSTATUS NtAreMappedFilesTheSame(PVOID File1MappedAsAnImage, PVOID File2MappedAsFile)
{
	struct ntsection_same_files_args a = {
		.address1 = (__u64)(ULONG_PTR)File1MappedAsAnImage,
		.address2 = (__u64)(ULONG_PTR)File2MappedAsFile,
	};
	NTSTATUS st;
	int dev;

	st = nts_device(&dev, -1);
	if (st)
		return st;
	return nts_call(NTSECTION_IOC_SAME_FILES, &a, &a.status);
}

NTSTATUS ZwAreMappedFilesTheSame(PVOID File1MappedAsAnImage, PVOID File2MappedAsFile)
{
	return NtAreMappedFilesTheSame(File1MappedAsAnImage, File2MappedAsFile);
}

NTSTATUS NtQueryVirtualMemory(HANDLE ProcessHandle, PVOID BaseAddress,
			      MEMORY_INFORMATION_CLASS MemoryInformationClass,
			      PVOID MemoryInformation, SIZE_T MemoryInformationLength,
			      PSIZE_T ReturnLength)
{
	struct ntsection_vm_info info = { .address = (__u64)(ULONG_PTR)BaseAddress };
	MEMORY_BASIC_INFORMATION mbi;
	SIZE_T len, probe;
	NTSTATUS st;
	int dev;

	st = nts_device(&dev, -1);
	if (st)
		return st;
	/* From the page tables, for the addresses in the buffer (no BaseAddress). */
	if (MemoryInformationClass == MemoryWorkingSetExInformation)
		return nts_query_vm_info(dev, ProcessHandle, BaseAddress, MemoryInformationClass,
					 MemoryInformation, MemoryInformationLength, ReturnLength);
	if ((ULONG_PTR)BaseAddress > NTS_HIGHEST_USER)
		return STATUS_INVALID_PARAMETER;
	if (MemoryInformationClass == MemoryImageInformation ||
	    MemoryInformationClass == MemoryMappedFilenameInformation)
		return nts_query_vm_info(dev, ProcessHandle, BaseAddress, MemoryInformationClass,
					 MemoryInformation, MemoryInformationLength, ReturnLength);
	if (MemoryInformationClass == MemoryRegionInformation ||
	    MemoryInformationClass == MemoryRegionInformationEx)
		return nts_query_region(dev, ProcessHandle, BaseAddress, MemoryInformationClass,
					MemoryInformation, MemoryInformationLength, ReturnLength);
	probe = MemoryInformationLength < sizeof(mbi) ? MemoryInformationLength : sizeof(mbi);
	if ((probe && !nts_copy_in(&mbi, MemoryInformation, probe)) ||
	    (ReturnLength && !nts_copy_in(&len, ReturnLength, sizeof(len))))
		return STATUS_ACCESS_VIOLATION;
	if (MemoryInformationClass != MemoryBasicInformation)
		return STATUS_INVALID_INFO_CLASS;
	if (MemoryInformationLength < sizeof(mbi))
		return STATUS_INFO_LENGTH_MISMATCH;
	info.process_fd = nts_handle_arg(ProcessHandle, dev);
	st = nts_call(NTSECTION_IOC_QUERY_VM, &info, &info.status);
	if (st == STATUS_NOT_MAPPED_VIEW) {
		st = nts_private_query((ULONG_PTR)BaseAddress, &mbi);
	} else if (NT_SUCCESS(st) && info.type == MEM_PRIVATE &&
		   info.process_fd != NTSECTION_CURRENT_PROCESS &&
		   nts_apc_query(info.process_fd, (ULONG_PTR)BaseAddress, &mbi)) {
		/* Another process's private memory, as its libntsection has it. */
	} else if (NT_SUCCESS(st)) {
		memset(&mbi, 0, sizeof(mbi));
		mbi.BaseAddress = (PVOID)(ULONG_PTR)info.base_address;
		mbi.AllocationBase = (PVOID)(ULONG_PTR)info.allocation_base;
		mbi.AllocationProtect = info.allocation_protect;
		mbi.RegionSize = (SIZE_T)info.region_size;
		mbi.State = info.state;
		mbi.Protect = info.protect;
		mbi.Type = info.type;
	}
	if (!NT_SUCCESS(st))
		return st;
	len = sizeof(mbi);
	if (!nts_copy_out(MemoryInformation, &mbi, sizeof(mbi)) ||
	    (ReturnLength && !nts_copy_out(ReturnLength, &len, sizeof(len))))
		return STATUS_ACCESS_VIOLATION;
	return st;
}

/*
 * mprotect() of part of a view: the module first lets this thread split the
 * view at the range's ends (NTSECTION_IOC_PROTECT), and takes that back
 * after. The kernel caps the protection by the view's (-EACCES).
 */
static int nts_view_mprotect(ULONG_PTR start, ULONG_PTR end, int prot)
{
	struct ntsection_vm_args a = { .base = start, .size = end - start };
	int rc, err;

	a.process_fd = NTSECTION_CURRENT_PROCESS;
	if (nts_call(NTSECTION_IOC_PROTECT, &a, &a.status))
		return -EINVAL;
	rc = mprotect((void *)start, end - start, prot);
	err = rc ? -errno : 0;
	a.size = 0;
	nts_call(NTSECTION_IOC_PROTECT, &a, &a.status);
	return err;
}

/*
 * NtProtectVirtualMemory on a view: any page range of one view, through
 * nts_view_mprotect(); the kernel caps it by the view's protection (EACCES:
 * STATUS_SECTION_PROTECTION).
 */
static NTSTATUS nts_view_protect(const struct ntsection_vm_info *first, ULONG_PTR start,
				 ULONG_PTR end, ULONG protect, ULONG *old)
{
	ULONG view = first->allocation_protect;
	bool cow = nts_protect_is_copy(view);
	struct ntsection_vm_info info = *first;
	ULONG_PTR addr = start;
	NTSTATUS st;

	/* Every page of the range: committed, and in this one view. */
	for (;;) {
		if (info.state != MEM_COMMIT)
			return STATUS_NOT_COMMITTED;
		addr = (ULONG_PTR)(info.base_address + info.region_size);
		if (addr >= end)
			break;
		memset(&info, 0, sizeof(info));
		info.process_fd = NTSECTION_CURRENT_PROCESS;
		info.address = addr;
		st = nts_call(NTSECTION_IOC_QUERY_VM, &info, &info.status);
		if (st == STATUS_NOT_MAPPED_VIEW || (!st && info.allocation_base !=
							  first->allocation_base))
			return STATUS_CONFLICTING_ADDRESSES;
		if (st)
			return st;
	}
	/* A shared view cannot turn copy-on-write; modifiers are the view's. */
	if ((nts_protect_is_copy(protect) && !cow) ||
	    (protect & NTS_PAGE_MODIFIERS) != (view & NTS_PAGE_MODIFIERS))
		return STATUS_NOT_SUPPORTED;
	*old = first->protect;
	switch (nts_view_mprotect(start, end, nts_prot(protect))) {
	case 0:
		return STATUS_SUCCESS;
	case -EACCES:
		return STATUS_SECTION_PROTECTION;
	case -EINVAL:
		return STATUS_NOT_SUPPORTED;
	default:
		return STATUS_NO_MEMORY;
	}
}

NTSTATUS NtProtectVirtualMemory(HANDLE ProcessHandle, PVOID *BaseAddress,
				PSIZE_T NumberOfBytesToProtect, ULONG NewAccessProtection,
				PULONG OldAccessProtection)
{
	struct ntsection_vm_info info = { 0 };
	ULONG_PTR base, start, end;
	ULONG old = 0;
	SIZE_T size;
	NTSTATUS st;
	__u32 process;
	int dev;

	st = nts_device(&dev, -1);
	if (st)
		return st;
	st = nts_vm_check(NTSECTION_CURRENT_PROCESS, NewAccessProtection);
	if (st)
		return st;
	if (!nts_vm_read_args(BaseAddress, NumberOfBytesToProtect, &base, &size) ||
	    !nts_copy_in(&old, OldAccessProtection, sizeof(old)))
		return STATUS_ACCESS_VIOLATION;
	if (base > NTS_HIGHEST_USER)
		return STATUS_INVALID_PARAMETER_2;
	if (NTS_HIGHEST_USER - base < size)
		return STATUS_INVALID_PARAMETER_3;
	process = nts_handle_arg(ProcessHandle, dev);
	/* mprotect() reaches this process only: another's library does it there. */
	if (process != NTSECTION_CURRENT_PROCESS) {
		st = nts_vm_check(process, PAGE_READONLY);
		if (st == STATUS_NOT_SUPPORTED) {
			__u64 arg[6] = { base, size, NewAccessProtection };

			st = nts_apc(process, NTSECTION_APC_PROTECT, arg);
			if (!NT_SUCCESS(st))
				return st;
			if (nts_vm_write_args(BaseAddress, NumberOfBytesToProtect,
					      (ULONG_PTR)arg[0], (SIZE_T)arg[1]))
				return STATUS_ACCESS_VIOLATION;
			old = (ULONG)arg[2];
			return nts_copy_out(OldAccessProtection, &old, sizeof(old)) ? st :
			       STATUS_ACCESS_VIOLATION;
		}
		if (st)
			return st;
	}
	start = nts_align_down(base, NTS_PAGE);
	end = nts_align_up(base + (size ? size : 1), NTS_PAGE);

	info.process_fd = process;
	info.address = start;
	st = nts_call(NTSECTION_IOC_QUERY_VM, &info, &info.status);
	if (NT_SUCCESS(st))
		st = nts_view_protect(&info, start, end, NewAccessProtection, &old);
	else if (st == STATUS_NOT_MAPPED_VIEW)
		st = nts_private_protect(start, end, NewAccessProtection, &old);
	if (!NT_SUCCESS(st))
		return st;
	if (nts_vm_write_args(BaseAddress, NumberOfBytesToProtect, start, end - start) ||
	    !nts_copy_out(OldAccessProtection, &old, sizeof(old)))
		return STATUS_ACCESS_VIOLATION;
	return st;
}

/* ------------------------------------------------------------------------ */
/* User APCs: other processes' calls on this one's private memory.          */

static int nts_apc_fd = -1;
static pthread_once_t nts_apc_once = PTHREAD_ONCE_INIT;

/* A fork() child has no APC thread: its next call starts its own. */
static void nts_apc_atfork_child(void)
{
	if (nts_apc_fd >= 0)
		close(nts_apc_fd);
	nts_apc_fd = -1;
	__atomic_store_n(&nts_apc_started, 0, __ATOMIC_RELEASE);
}

static void nts_apc_atfork_init(void)
{
	pthread_atfork(NULL, NULL, nts_apc_atfork_child);
}

/* Run another process's call here, as this process's own. */
static void nts_apc_run(struct ntsection_apc *apc)
{
	PVOID base = (PVOID)(ULONG_PTR)apc->arg[0];
	SIZE_T size = (SIZE_T)apc->arg[1];
	MEMORY_BASIC_INFORMATION mbi;
	ULONG old = 0;
	NTSTATUS st;

	switch (apc->op) {
	case NTSECTION_APC_ALLOCATE:
		if ((ULONG)apc->arg[3] & (MEM_RESERVE_PLACEHOLDER | MEM_REPLACE_PLACEHOLDER))
			st = apc->arg[2] ? STATUS_INVALID_PARAMETER :
			     NtAllocateVirtualMemoryEx(NtCurrentProcess(), &base, &size,
						       (ULONG)apc->arg[3], (ULONG)apc->arg[4],
						       NULL, 0);
		else
			st = NtAllocateVirtualMemory(NtCurrentProcess(), &base,
						     (ULONG_PTR)apc->arg[2], &size,
						     (ULONG)apc->arg[3], (ULONG)apc->arg[4]);
		break;
	case NTSECTION_APC_FREE:
		st = NtFreeVirtualMemory(NtCurrentProcess(), &base, &size, (ULONG)apc->arg[2]);
		break;
	case NTSECTION_APC_PROTECT:
		st = NtProtectVirtualMemory(NtCurrentProcess(), &base, &size, (ULONG)apc->arg[2],
					    &old);
		apc->arg[2] = old;
		break;
	case NTSECTION_APC_QUERY:
		memset(&mbi, 0, sizeof(mbi));
		st = NtQueryVirtualMemory(NtCurrentProcess(), base, MemoryBasicInformation, &mbi,
					  sizeof(mbi), NULL);
		apc->arg[0] = (ULONG_PTR)mbi.BaseAddress;
		apc->arg[1] = (ULONG_PTR)mbi.AllocationBase;
		apc->arg[2] = mbi.RegionSize;
		apc->arg[3] = mbi.AllocationProtect;
		apc->arg[4] = mbi.State | (__u64)mbi.Protect << 32;
		apc->arg[5] = mbi.Type;
		apc->status = (__u32)st;
		return;
	default:
		st = STATUS_INVALID_PARAMETER;
		break;
	}
	apc->arg[0] = (ULONG_PTR)base;
	apc->arg[1] = size;
	apc->status = (__u32)st;
}

/* The APC thread: waits for calls, runs them, answers (with the next wait). */
static void *nts_apc_main(void *arg)
{
	struct ntsection_apc_wait_args w;
	int fd = (int)(intptr_t)arg;

	memset(&w, 0, sizeof(w));
	for (;;) {
		if (ioctl(fd, NTSECTION_IOC_APC_WAIT, &w) < 0) {
			if (errno == EINTR)
				continue;
			return NULL;	/* the fd was closed: nobody asks any more */
		}
		w.reply = w.call;
		nts_apc_run(&w.reply);
	}
}

/*
 * Start this process's APC thread, once (again in a fork() child): a
 * thread with every signal blocked, waiting in the kernel for other
 * processes' calls. On a kernel without APCs there is none, and those
 * calls are STATUS_NOT_SUPPORTED there; so they are in a process whose
 * environment has NTSECTION_NO_APC set (to anything but "0"), which wants
 * no thread of ours.
 */
static void nts_apc_start(int dev)
{
	struct ntsection_apc_open_args a = { 0 };
	const char *no_apc;
	pthread_attr_t attr;
	sigset_t all, old;
	pthread_t thread;
	int rc;

	if (__atomic_exchange_n(&nts_apc_started, 1, __ATOMIC_ACQ_REL))
		return;
	pthread_once(&nts_apc_once, nts_apc_atfork_init);
	no_apc = getenv("NTSECTION_NO_APC");
	if (no_apc && strcmp(no_apc, "0"))
		return;
	if (ioctl(dev, NTSECTION_IOC_APC_OPEN, &a) < 0)
		return;
	nts_apc_fd = (int)a.fd;
	sigfillset(&all);
	pthread_sigmask(SIG_SETMASK, &all, &old);
	pthread_attr_init(&attr);
	pthread_attr_setdetachstate(&attr, PTHREAD_CREATE_DETACHED);
	rc = pthread_create(&thread, &attr, nts_apc_main, (void *)(intptr_t)nts_apc_fd);
	pthread_attr_destroy(&attr);
	pthread_sigmask(SIG_SETMASK, &old, NULL);
	if (rc) {
		close(nts_apc_fd);
		nts_apc_fd = -1;
	}
}

/*
 * A call of another process's libntsection: @arg in, the results out.
 * STATUS_NOT_SUPPORTED when no libntsection serves that process.
 */
static NTSTATUS nts_apc(__u32 process, __u32 op, __u64 arg[6])
{
	struct ntsection_apc_call_args a = { .process_fd = process, .apc = { .op = op } };
	NTSTATUS st;

	memcpy(a.apc.arg, arg, sizeof(a.apc.arg));
	st = nts_call(NTSECTION_IOC_APC_CALL, &a, &a.status);
	memcpy(arg, a.apc.arg, sizeof(a.apc.arg));
	return st;
}

/* ------------------------------------------------------------------------ */
/* Other processes.                                                         */

NTSTATUS NtOpenProcess(PHANDLE ProcessHandle, ACCESS_MASK DesiredAccess,
		       POBJECT_ATTRIBUTES ObjectAttributes, PCLIENT_ID ClientId)
{
	struct ntsection_open_process_args a = {
		.process_handle = nts_ptr(ProcessHandle),
		.access = DesiredAccess,
		.object_attributes = nts_ptr(ObjectAttributes),
		.client_id = nts_ptr(ClientId),
	};

	return nts_call(NTSECTION_IOC_OPEN_PROCESS, &a, &a.status);
}

NTSTATUS ntsection_handle_from_pidfd(int pidfd, ACCESS_MASK DesiredAccess,
				     PHANDLE ProcessHandle)
{
	struct ntsection_open_process_args a = {
		.process_handle = nts_ptr(ProcessHandle),
		.access = DesiredAccess,
		.pidfd = pidfd < 0 ? NTS_FD_NONE : (__u32)pidfd,
		.flags = NTSECTION_PROCESS_PIDFD,
	};

	return nts_call(NTSECTION_IOC_OPEN_PROCESS, &a, &a.status);
}

static NTSTATUS nts_rw_vm(unsigned long cmd, HANDLE ProcessHandle, PVOID BaseAddress,
			  const void *Buffer, SIZE_T Size, PSIZE_T Done)
{
	struct ntsection_rw_vm_args a = {
		.address = nts_ptr(BaseAddress),
		.buffer = nts_ptr(Buffer),
		.size = Size,
		.bytes = nts_ptr(Done),
	};
	NTSTATUS st;
	int dev;

	st = nts_device(&dev, -1);
	if (st)
		return st;
	a.process_fd = nts_handle_arg(ProcessHandle, dev);
	return nts_call(cmd, &a, &a.status);
}

NTSTATUS NtReadVirtualMemory(HANDLE ProcessHandle, PVOID BaseAddress, PVOID Buffer,
			     SIZE_T NumberOfBytesToRead, PSIZE_T NumberOfBytesRead)
{
	return nts_rw_vm(NTSECTION_IOC_READ_VM, ProcessHandle, BaseAddress, Buffer,
			 NumberOfBytesToRead, NumberOfBytesRead);
}

NTSTATUS NtWriteVirtualMemory(HANDLE ProcessHandle, PVOID BaseAddress, const void *Buffer,
			      SIZE_T NumberOfBytesToWrite, PSIZE_T NumberOfBytesWritten)
{
	return nts_rw_vm(NTSECTION_IOC_WRITE_VM, ProcessHandle, BaseAddress, Buffer,
			 NumberOfBytesToWrite, NumberOfBytesWritten);
}

NTSTATUS NtFlushVirtualMemory(HANDLE ProcessHandle, PVOID *BaseAddress, PSIZE_T RegionSize,
			      PIO_STATUS_BLOCK IoStatus)
{
	struct ntsection_flush_args a = {
		.base_address = nts_ptr(BaseAddress),
		.region_size = nts_ptr(RegionSize),
		.io_status = nts_ptr(IoStatus),
	};
	NTSTATUS st;
	int dev;

	st = nts_device(&dev, -1);
	if (st)
		return st;
	a.process_fd = nts_handle_arg(ProcessHandle, dev);
	return nts_call(NTSECTION_IOC_FLUSH, &a, &a.status);
}

/* The Zw spellings: the same calls. */
NTSTATUS ZwCreateSection(PHANDLE SectionHandle, ACCESS_MASK DesiredAccess,
			 POBJECT_ATTRIBUTES ObjectAttributes, PLARGE_INTEGER MaximumSize,
			 ULONG SectionPageProtection, ULONG AllocationAttributes, HANDLE FileHandle)
{
	return NtCreateSection(SectionHandle, DesiredAccess, ObjectAttributes, MaximumSize,
			       SectionPageProtection, AllocationAttributes, FileHandle);
}

NTSTATUS ZwOpenSection(PHANDLE SectionHandle, ACCESS_MASK DesiredAccess,
		       POBJECT_ATTRIBUTES ObjectAttributes)
{
	return NtOpenSection(SectionHandle, DesiredAccess, ObjectAttributes);
}

NTSTATUS ZwAllocateVirtualMemoryEx(HANDLE ProcessHandle, PVOID *BaseAddress, PSIZE_T RegionSize,
				   ULONG AllocationType, ULONG PageProtection,
				   PMEM_EXTENDED_PARAMETER ExtendedParameters,
				   ULONG ExtendedParameterCount)
{
	return NtAllocateVirtualMemoryEx(ProcessHandle, BaseAddress, RegionSize, AllocationType,
					 PageProtection, ExtendedParameters,
					 ExtendedParameterCount);
}

NTSTATUS ZwMapViewOfSectionEx(HANDLE SectionHandle, HANDLE ProcessHandle, PVOID *BaseAddress,
			      PLARGE_INTEGER SectionOffset, PSIZE_T ViewSize,
			      ULONG AllocationType, ULONG PageProtection,
			      PMEM_EXTENDED_PARAMETER ExtendedParameters,
			      ULONG ExtendedParameterCount)
{
	return NtMapViewOfSectionEx(SectionHandle, ProcessHandle, BaseAddress, SectionOffset,
				    ViewSize, AllocationType, PageProtection, ExtendedParameters,
				    ExtendedParameterCount);
}

NTSTATUS ZwUnmapViewOfSectionEx(HANDLE ProcessHandle, PVOID BaseAddress, ULONG Flags)
{
	return NtUnmapViewOfSectionEx(ProcessHandle, BaseAddress, Flags);
}

NTSTATUS ZwCreateSectionEx(PHANDLE SectionHandle, ACCESS_MASK DesiredAccess,
			   POBJECT_ATTRIBUTES ObjectAttributes, PLARGE_INTEGER MaximumSize,
			   ULONG SectionPageProtection, ULONG AllocationAttributes,
			   HANDLE FileHandle, PMEM_EXTENDED_PARAMETER ExtendedParameters,
			   ULONG ExtendedParameterCount)
{
	return NtCreateSectionEx(SectionHandle, DesiredAccess, ObjectAttributes, MaximumSize,
				 SectionPageProtection, AllocationAttributes, FileHandle,
				 ExtendedParameters, ExtendedParameterCount);
}

NTSTATUS ZwMapViewOfSection(HANDLE SectionHandle, HANDLE ProcessHandle, PVOID *BaseAddress,
			    ULONG_PTR ZeroBits, SIZE_T CommitSize, PLARGE_INTEGER SectionOffset,
			    PSIZE_T ViewSize, SECTION_INHERIT InheritDisposition,
			    ULONG AllocationType, ULONG Win32Protect)
{
	return NtMapViewOfSection(SectionHandle, ProcessHandle, BaseAddress, ZeroBits, CommitSize,
				  SectionOffset, ViewSize, InheritDisposition, AllocationType,
				  Win32Protect);
}

NTSTATUS ZwUnmapViewOfSection(HANDLE ProcessHandle, PVOID BaseAddress)
{
	return NtUnmapViewOfSection(ProcessHandle, BaseAddress);
}

NTSTATUS ZwQuerySection(HANDLE SectionHandle, SECTION_INFORMATION_CLASS SectionInformationClass,
			PVOID SectionInformation, SIZE_T SectionInformationLength,
			PSIZE_T ReturnLength)
{
	return NtQuerySection(SectionHandle, SectionInformationClass, SectionInformation,
			      SectionInformationLength, ReturnLength);
}

NTSTATUS ZwExtendSection(HANDLE SectionHandle, PLARGE_INTEGER NewSectionSize)
{
	return NtExtendSection(SectionHandle, NewSectionSize);
}

NTSTATUS ZwClose(HANDLE Handle)
{
	return NtClose(Handle);
}

NTSTATUS ZwAllocateVirtualMemory(HANDLE ProcessHandle, PVOID *BaseAddress, ULONG_PTR ZeroBits,
				 PSIZE_T RegionSize, ULONG AllocationType, ULONG Protect)
{
	return NtAllocateVirtualMemory(ProcessHandle, BaseAddress, ZeroBits, RegionSize,
				       AllocationType, Protect);
}

NTSTATUS ZwFreeVirtualMemory(HANDLE ProcessHandle, PVOID *BaseAddress, PSIZE_T RegionSize,
			     ULONG FreeType)
{
	return NtFreeVirtualMemory(ProcessHandle, BaseAddress, RegionSize, FreeType);
}

NTSTATUS ZwQueryVirtualMemory(HANDLE ProcessHandle, PVOID BaseAddress,
			      MEMORY_INFORMATION_CLASS MemoryInformationClass,
			      PVOID MemoryInformation, SIZE_T MemoryInformationLength,
			      PSIZE_T ReturnLength)
{
	return NtQueryVirtualMemory(ProcessHandle, BaseAddress, MemoryInformationClass,
				    MemoryInformation, MemoryInformationLength, ReturnLength);
}

NTSTATUS ZwProtectVirtualMemory(HANDLE ProcessHandle, PVOID *BaseAddress,
				PSIZE_T NumberOfBytesToProtect, ULONG NewAccessProtection,
				PULONG OldAccessProtection)
{
	return NtProtectVirtualMemory(ProcessHandle, BaseAddress, NumberOfBytesToProtect,
				      NewAccessProtection, OldAccessProtection);
}

NTSTATUS ZwOpenProcess(PHANDLE ProcessHandle, ACCESS_MASK DesiredAccess,
		       POBJECT_ATTRIBUTES ObjectAttributes, PCLIENT_ID ClientId)
{
	return NtOpenProcess(ProcessHandle, DesiredAccess, ObjectAttributes, ClientId);
}

NTSTATUS ZwReadVirtualMemory(HANDLE ProcessHandle, PVOID BaseAddress, PVOID Buffer,
			     SIZE_T NumberOfBytesToRead, PSIZE_T NumberOfBytesRead)
{
	return NtReadVirtualMemory(ProcessHandle, BaseAddress, Buffer, NumberOfBytesToRead,
				   NumberOfBytesRead);
}

NTSTATUS ZwWriteVirtualMemory(HANDLE ProcessHandle, PVOID BaseAddress, const void *Buffer,
			      SIZE_T NumberOfBytesToWrite, PSIZE_T NumberOfBytesWritten)
{
	return NtWriteVirtualMemory(ProcessHandle, BaseAddress, Buffer, NumberOfBytesToWrite,
				    NumberOfBytesWritten);
}

NTSTATUS ZwFlushVirtualMemory(HANDLE ProcessHandle, PVOID *BaseAddress, PSIZE_T RegionSize,
			      PIO_STATUS_BLOCK IoStatus)
{
	return NtFlushVirtualMemory(ProcessHandle, BaseAddress, RegionSize, IoStatus);
}
