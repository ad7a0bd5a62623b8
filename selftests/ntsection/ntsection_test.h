/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Helpers shared by the ntsection selftests: thin wrappers around the raw
 * ioctls of <linux/ntsection.h> (ABI 2: the argument blocks carry pointers
 * to the caller's own variables, OBJECT_ATTRIBUTES and all, in the caller's
 * data model). Every wrapper returns the NTSTATUS the kernel wrote back and
 * checks what else the ABI promises: that the ioctl's errno agrees with the
 * status, that *SectionHandle holds the new fd's handle on success and NULL
 * on failure, that failed calls leave their outputs alone. A disagreement is
 * printed and counted in nts_errno_mismatch, which every fixture checks.
 */
#ifndef NTSECTION_TEST_H
#define NTSECTION_TEST_H

#include <assert.h>
#include <errno.h>
#include <fcntl.h>
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>

#include <linux/ntsection.h>

#define KiB 1024ULL
#define MiB (1024ULL * KiB)
#define NT_PAGE 4096ULL
#define NT_GRAN 65536ULL

static int nts_dev = -1;

/* Open /dev/ntsection once; -1 when the module is not loaded. */
static inline int nts_device(void)
{
	if (nts_dev < 0)
		nts_dev = open("/dev/ntsection", O_RDWR | O_CLOEXEC);
	return nts_dev;
}

/*
 * The -errno that goes with an NTSTATUS, as Documentation/userspace-api/ntsection.rst
 * tables it: the oracle the tests check every ioctl return against.
 */
static inline int nts_expected_errno(__u32 status)
{
	if ((__s32)status >= 0)
		return 0;
	switch (status) {
	case NT_STATUS_INVALID_HANDLE:
		return -EBADF;
	case NT_STATUS_ACCESS_DENIED:
	case NT_STATUS_SECTION_PROTECTION:
		return -EACCES;
	case NT_STATUS_NO_MEMORY:
	case NT_STATUS_INSUFFICIENT_RESOURCES:
	case NT_STATUS_COMMITMENT_LIMIT:
		return -ENOMEM;
	case NT_STATUS_CONFLICTING_ADDRESSES:
	case NT_STATUS_OBJECT_NAME_COLLISION:
	case NT_STATUS_ALREADY_COMMITTED:
		return -EEXIST;
	case NT_STATUS_OBJECT_NAME_NOT_FOUND:
	case NT_STATUS_OBJECT_PATH_NOT_FOUND:
		return -ENOENT;
	case NT_STATUS_SECTION_TOO_BIG:
		return -EFBIG;
	case NT_STATUS_INVALID_IMAGE_NOT_MZ:
	case NT_STATUS_INVALID_IMAGE_FORMAT:
	case NT_STATUS_INVALID_IMAGE_PROTECT:
	case NT_STATUS_INVALID_IMAGE_WIN_16:
	case NT_STATUS_INVALID_IMAGE_NE_FORMAT:
		return -ENOEXEC;
	case NT_STATUS_NOT_SUPPORTED:
	case NT_STATUS_NOT_IMPLEMENTED:
		return -EOPNOTSUPP;
	case NT_STATUS_ACCESS_VIOLATION:
		return -EFAULT;
	case NT_STATUS_USER_MAPPED_FILE:
		return -EBUSY;
	case NT_STATUS_INVALID_FILE_FOR_SECTION:
		return -ENODEV;
	case NT_STATUS_IO_DEVICE_ERROR:
	case NT_STATUS_UNEXPECTED_IO_ERROR:
		return -EIO;
	case NT_STATUS_DISK_FULL:
		return -ENOSPC;
	default:
		return -EINVAL;
	}
}

/* Write @val to the file at @path (sysfs, procfs, cgroupfs): 0 or -1. */
/* The mode of a named section, from /proc/ntsection/sections; -1 if not listed. */
static inline int nts_proc_mode(const char *leaf)
{
	FILE *f = fopen("/proc/ntsection/sections", "r");
	char line[512], name[256];
	unsigned int mode;
	int found = -1;

	if (!f)
		return -1;
	while (found < 0 && fgets(line, sizeof(line), f)) {
		if (sscanf(line, "%*u %*u %*x %*x %*u %*u %*d %*d %*u %*u %o %*u %255s",
			   &mode, name) == 2 && !strcmp(name, leaf))
			found = mode;
	}
	fclose(f);
	return found;
}

/* A child's exit code, 200 + the signal that killed it, or -1. */
static inline int nts_wait_child(pid_t pid)
{
	int status;

	if (pid < 0 || waitpid(pid, &status, 0) != pid)
		return -1;
	if (WIFSIGNALED(status))
		return 200 + WTERMSIG(status);
	return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

static inline int nts_write_str(const char *path, const char *val)
{
	int fd = open(path, O_WRONLY | O_CLOEXEC);
	ssize_t n;

	if (fd < 0)
		return -1;
	n = write(fd, val, strlen(val));
	close(fd);
	return n == (ssize_t)strlen(val) ? 0 : -1;
}

/*
 * Read the file at @path (procfs, cgroupfs) into @buf, NUL-terminated:
 * its length, or -1.
 */
static inline ssize_t nts_read_str(const char *path, char *buf, size_t size)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	ssize_t n;

	if (fd < 0)
		return -1;
	n = read(fd, buf, size - 1);
	close(fd);
	if (n < 0)
		return -1;
	buf[n] = 0;
	return n;
}

/* The system call thread @tid of @pid sleeps in: -1 when it runs (or is gone). */
static inline long nts_syscall_of(pid_t pid, pid_t tid)
{
	char path[64], buf[256];

	snprintf(path, sizeof(path), "/proc/%d/task/%d/syscall", (int)pid, (int)tid);
	if (nts_read_str(path, buf, sizeof(buf)) <= 0 || !strncmp(buf, "running", 7))
		return -1;
	return strtol(buf, NULL, 10);
}

/* The state letter of thread @tid of @pid (/proc/PID/task/TID/stat), or 0. */
static inline char nts_state_of(pid_t pid, pid_t tid)
{
	char path[64], buf[512], *p;

	snprintf(path, sizeof(path), "/proc/%d/task/%d/stat", (int)pid, (int)tid);
	if (nts_read_str(path, buf, sizeof(buf)) <= 0)
		return 0;
	p = strrchr(buf, ')');
	return p && p[1] == ' ' ? p[2] : 0;
}

/*
 * Wait (10 s at most) until thread @tid of @pid sleeps in system call @nr
 * (or @nr2), in state @state ('S', 'D') unless that is 0: 0, or -1.
 */
static inline int nts_wait_in_syscall(pid_t pid, pid_t tid, long nr, long nr2, char state)
{
	long s;
	int i;

	for (i = 0; i < 10000; i++) {
		s = nts_syscall_of(pid, tid);
		if ((s == nr || s == nr2) && (!state || nts_state_of(pid, tid) == state))
			return 0;
		usleep(1000);
	}
	return -1;
}

/* A UTF-16 copy of an ASCII string, for names. */
struct nts_name {
	__u16 buf[512];
	__u32 bytes;
};

static inline struct nts_name nts_utf16(const char *s)
{
	struct nts_name n = { .bytes = 0 };
	size_t i;

	for (i = 0; s[i] && i < 511; i++)
		n.buf[i] = (unsigned char)s[i];
	n.bytes = i * 2;
	return n;
}

/*
 * ABI 2: the argument blocks carry the caller's own pointers, and what they
 * lead to is the Windows structure in the caller's data model. These mirror
 * UNICODE_STRING and OBJECT_ATTRIBUTES with the program's own pointer size:
 * 16 and 48 bytes in a 64-bit test, 8 and 24 in its -m32 build (the compat
 * ioctl path). HANDLE, SIZE_T and PVOID are uintptr_t, size_t and void *.
 */
struct nts_unicode_string {
	__u16 length;
	__u16 maximum_length;
	__u16 *buffer;
};

struct nts_object_attributes {
	__u32 length;
	uintptr_t root_directory;
	struct nts_unicode_string *object_name;
	__u32 attributes;
	void *security_descriptor;
	void *security_quality_of_service;
};

static_assert(sizeof(struct nts_unicode_string) == 2 * sizeof(void *), "UNICODE_STRING");
static_assert(sizeof(struct nts_object_attributes) == 6 * sizeof(void *), "OBJECT_ATTRIBUTES");

/* A pointer as an argument block carries it. */
#define NTS_PTR(p)		((__u64)(uintptr_t)(p))
/* The NT HANDLE value of an fd, as the kernel writes it to *SectionHandle. */
#define NTS_HANDLE(fd)		((uintptr_t)NTSECTION_FD_TO_HANDLE(fd))
/* What an output holds before a call, to see whether the call wrote it. */
#define NTS_POISON		((uintptr_t)0xa5a5a5a5a5a5a5a5ULL)

/* Set when a wrapper saw a reply the ABI does not allow; printed as it goes. */
static int nts_errno_mismatch;

static inline __printf(1, 2) void nts_mismatch(const char *fmt, ...)
{
	va_list ap;

	nts_errno_mismatch++;
	fprintf(stderr, "# ntsection_test.h: ");
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
}

static inline void nts_check_rc(int rc, __u32 status)
{
	int ok = (__s32)status >= 0;

	if ((rc < 0 && ok) || (rc >= 0 && !ok))
		nts_mismatch("return %d with status 0x%08x", rc, status);
	else if (rc < 0 && -errno != nts_expected_errno(status))
		nts_mismatch("errno %d with status 0x%08x", errno, status);
}

/* Everything an OBJECT_ATTRIBUTES of the wrappers leads to. */
struct nts_oa {
	struct nts_object_attributes oa;
	struct nts_unicode_string us;
	struct ntsection_mode_descriptor md;
	struct nts_name name;
};

/*
 * OBJECT_ATTRIBUTES for @name (ASCII; NULL: no ObjectName), @attrs (OBJ_*)
 * and @mode (NTSECTION_MODE_DESCRIPTOR as the SecurityDescriptor; 0: none).
 */
static inline struct nts_object_attributes *
nts_oa_init(struct nts_oa *o, const char *name, __u32 attrs, __u32 mode)
{
	memset(o, 0, sizeof(*o));
	o->oa.length = sizeof(o->oa);
	o->oa.attributes = attrs;
	if (name) {
		o->name = nts_utf16(name);
		o->us.length = o->name.bytes;
		o->us.maximum_length = o->name.bytes;
		o->us.buffer = o->name.buf;
		o->oa.object_name = &o->us;
	}
	if (mode) {
		o->md.magic = NTSECTION_MODE_DESCRIPTOR_MAGIC;
		o->md.mode = mode;
		o->oa.security_descriptor = &o->md;
	}
	return &o->oa;
}

/*
 * *SectionHandle after CREATE or OPEN returned @rc with @status: the handle
 * of the new fd on success, NULL on failure (SPEC §4: a failed call sets it
 * to NULL whenever it can be written, as the wrappers' always can).
 */
static inline void nts_check_handle(const char *call, int rc, __u32 status, uintptr_t handle)
{
	uintptr_t want = rc >= 0 ? NTS_HANDLE(rc) : 0;

	if (handle != want)
		nts_mismatch("%s: status 0x%08x, fd %d: *SectionHandle 0x%llx, expected 0x%llx",
			     call, status, rc, (unsigned long long)handle,
			     (unsigned long long)want);
}

/* The reply of CREATE/OPEN: the fd field is the return value on success. */
static inline void nts_check_fd(const char *call, int rc, __u32 fd)
{
	if (rc >= 0 && fd != (__u32)rc)
		nts_mismatch("%s: returned %d, fd field %u", call, rc, fd);
}

struct nts_create {
	const char *name;	/* ASCII NT path, or NULL */
	__u32 obj_attrs;
	__u32 access;
	__u32 protect;
	__u32 attrs;
	int file_fd;		/* -1: pagefile */
	__u64 size;
	int size_given;
	__u32 mode;
};

/*
 * The argument block of NtCreateSection for @c: an OBJECT_ATTRIBUTES (in
 * @o) only when there is a name, an attribute or a mode to carry (else
 * NULL: an unnamed section), MaximumSize (in @size) when given, and
 * SectionHandle (@handle, poisoned). Tests change what they test in it.
 */
static inline void nts_create_args(struct ntsection_create_args *a, const struct nts_create *c,
				   struct nts_oa *o, __u64 *size, uintptr_t *handle)
{
	memset(a, 0, sizeof(*a));
	*handle = NTS_POISON;
	*size = c->size;
	a->section_handle = NTS_PTR(handle);
	a->maximum_size = c->size_given ? NTS_PTR(size) : 0;
	a->desired_access = c->access;
	a->protect = c->protect;
	a->alloc_attributes = c->attrs;
	a->file_fd = c->file_fd < 0 ? NTSECTION_NO_FILE : (__u32)c->file_fd;
	if (c->name || c->obj_attrs || c->mode)
		a->object_attributes = NTS_PTR(nts_oa_init(o, c->name, c->obj_attrs, c->mode));
	a->status = 0xdeadbeef;
	a->fd = 0xdeadbeef;
}

/* The CREATE ioctl on @a as it is: the status; the return value in *@rc. */
static inline __u32 nts_create_raw(struct ntsection_create_args *a, int *rc)
{
	a->status = 0xdeadbeef;
	a->fd = 0xdeadbeef;
	*rc = ioctl(nts_device(), NTSECTION_IOC_CREATE, a);
	nts_check_rc(*rc, a->status);
	nts_check_fd("CREATE", *rc, a->fd);
	return a->status;
}

/* NtCreateSection, with every output the ABI promises checked. */
static inline __u32 nts_create_ex(const struct nts_create *c, int *fd)
{
	struct ntsection_create_args a;
	uintptr_t handle;
	struct nts_oa o, o_before;
	__u64 size;
	int rc;

	nts_create_args(&a, c, &o, &size, &handle);
	if (a.object_attributes)
		memcpy(&o_before, &o, sizeof(o));
	nts_create_raw(&a, &rc);
	nts_check_handle("CREATE", rc, a.status, handle);
	if (size != c->size)
		nts_mismatch("CREATE wrote *MaximumSize");
	if (a.object_attributes && memcmp(&o, &o_before, sizeof(o)))
		nts_mismatch("CREATE wrote to *ObjectAttributes");
	if (fd)
		*fd = rc >= 0 ? rc : -1;
	return a.status;
}

/* A pagefile-backed SEC_COMMIT section, all access. */
static inline __u32 nts_create_anon(__u64 size, __u32 protect, __u32 attrs, int *fd)
{
	struct nts_create c = {
		.access = NT_SECTION_ALL_ACCESS, .protect = protect, .attrs = attrs,
		.file_fd = -1, .size = size, .size_given = 1,
	};

	return nts_create_ex(&c, fd);
}

/* The argument block of NtOpenSection of @name, as nts_create_args(). */
static inline void nts_open_args(struct ntsection_open_args *a, const char *name, __u32 obj_attrs,
				 __u32 access, struct nts_oa *o, uintptr_t *handle)
{
	memset(a, 0, sizeof(*a));
	*handle = NTS_POISON;
	a->section_handle = NTS_PTR(handle);
	a->object_attributes = NTS_PTR(nts_oa_init(o, name, obj_attrs, 0));
	a->desired_access = access;
	a->status = 0xdeadbeef;
	a->fd = 0xdeadbeef;
}

static inline __u32 nts_open_raw(struct ntsection_open_args *a, int *rc)
{
	a->status = 0xdeadbeef;
	a->fd = 0xdeadbeef;
	*rc = ioctl(nts_device(), NTSECTION_IOC_OPEN, a);
	nts_check_rc(*rc, a->status);
	nts_check_fd("OPEN", *rc, a->fd);
	return a->status;
}

/* NtOpenSection of @name (ASCII) with OBJ_* @obj_attrs. */
static inline __u32 nts_open(const char *name, __u32 obj_attrs, __u32 access, int *fd)
{
	struct ntsection_open_args a;
	struct nts_oa o, o_before;
	uintptr_t handle;
	int rc;

	nts_open_args(&a, name, obj_attrs, access, &o, &handle);
	memcpy(&o_before, &o, sizeof(o));
	nts_open_raw(&a, &rc);
	nts_check_handle("OPEN", rc, a.status, handle);
	if (memcmp(&o, &o_before, sizeof(o)))
		nts_mismatch("OPEN wrote to *ObjectAttributes");
	if (fd)
		*fd = rc >= 0 ? rc : -1;
	return a.status;
}

/*
 * NtMapViewOfSection's arguments as values: nts_map_call() puts *BaseAddress
 * (a PVOID), *ViewSize (a SIZE_T) and *SectionOffset (a LARGE_INTEGER) in
 * variables of the caller's data model and passes pointers to them. Every
 * field is passed as it is (nts_map_ex() fills in defaults).
 */
struct nts_map_call {
	__u32 section_fd;
	__u32 process_fd;
	__u64 base;		/* in/out: *BaseAddress */
	__u64 zero_bits;
	__u64 commit_size;
	__u64 offset;		/* *SectionOffset */
	__u64 view_size;	/* in/out: *ViewSize */
	__u32 inherit;
	__u32 alloc_type;
	__u32 protect;
	__u32 status;		/* out */
	int offset_null;	/* SectionOffset NULL (offset 0) */
};

/* Does @v fit a pointer-sized variable of this program? */
static inline int nts_fits(__u64 v)
{
	return (__u64)(uintptr_t)v == v;
}

/*
 * The map ioctl with @c's values. On success @c->base and @c->view_size
 * take what the kernel wrote; a failure must leave *BaseAddress, *ViewSize
 * and *SectionOffset alone, a success *SectionOffset, and no call writes
 * anything but the status to the argument block.
 */
static inline __u32 nts_map_call(struct nts_map_call *c)
{
	void *base = (void *)(uintptr_t)c->base;
	size_t size = (size_t)c->view_size;
	__u64 offset = c->offset;
	struct ntsection_map_args a = {
		.section_fd = c->section_fd,
		.process_fd = c->process_fd,
		.base_address = NTS_PTR(&base),
		.zero_bits = c->zero_bits,
		.commit_size = c->commit_size,
		.section_offset = c->offset_null ? 0 : NTS_PTR(&offset),
		.view_size = NTS_PTR(&size),
		.inherit = c->inherit,
		.alloc_type = c->alloc_type,
		.protect = c->protect,
		.status = 0xdeadbeef,
	}, before = a;
	int rc;

	if (!nts_fits(c->base) || !nts_fits(c->view_size)) {
		nts_mismatch("test bug: BaseAddress 0x%llx or ViewSize 0x%llx is too wide",
			     (unsigned long long)c->base, (unsigned long long)c->view_size);
		return c->status = NT_STATUS_UNSUCCESSFUL;
	}
	rc = ioctl(nts_device(), NTSECTION_IOC_MAP, &a);
	nts_check_rc(rc, a.status);
	before.status = a.status;
	if (memcmp(&a, &before, sizeof(a)))
		nts_mismatch("MAP wrote to its argument block");
	if (offset != c->offset)
		nts_mismatch("MAP wrote *SectionOffset");
	if ((__s32)a.status >= 0) {
		c->base = (uintptr_t)base;
		c->view_size = size;
	} else if ((uintptr_t)base != (uintptr_t)c->base || size != (size_t)c->view_size) {
		nts_mismatch("MAP failed with 0x%08x and wrote BaseAddress %p, ViewSize 0x%llx",
			     a.status, base, (unsigned long long)size);
	}
	c->status = a.status;
	return a.status;
}

struct nts_map {
	__u32 process;
	__u64 base;
	__u64 zero_bits;
	__u64 commit;
	__u64 offset;
	__u64 size;
	__u32 inherit;
	__u32 alloc_type;
	__u32 protect;
};

/* ProcessHandle and InheritDisposition default; SectionOffset is NULL for 0. */
static inline __u32 nts_map_ex(int section, struct nts_map *m)
{
	struct nts_map_call c = {
		.section_fd = (__u32)section,
		.process_fd = m->process ? m->process : NTSECTION_CURRENT_PROCESS,
		.base = m->base, .zero_bits = m->zero_bits, .commit_size = m->commit,
		.offset = m->offset, .offset_null = !m->offset, .view_size = m->size,
		.inherit = m->inherit ? m->inherit : NT_VIEW_SHARE,
		.alloc_type = m->alloc_type, .protect = m->protect,
	};
	__u32 status = nts_map_call(&c);

	/* Informational statuses map too (STATUS_IMAGE_NOT_AT_BASE). */
	if ((__s32)status >= 0) {
		m->base = c.base;
		m->size = c.view_size;
	}
	return status;
}

/* Map a whole section with @protect anywhere; NULL on failure. */
static inline void *nts_map(int section, __u32 protect, __u64 *size)
{
	struct nts_map m = { .protect = protect };

	if (nts_map_ex(section, &m))
		return NULL;
	if (size)
		*size = m.size;
	return (void *)(uintptr_t)m.base;
}

static inline __u32 nts_unmap(void *addr)
{
	struct ntsection_unmap_args a = {
		.process_fd = NTSECTION_CURRENT_PROCESS,
		.base = (uintptr_t)addr, .status = 0xdeadbeef,
	};
	int rc = ioctl(nts_device(), NTSECTION_IOC_UNMAP, &a);

	nts_check_rc(rc, a.status);
	return a.status;
}

/*
 * NtQuerySection(@info_class) into @buf of @length bytes, with ReturnLength
 * a SIZE_T of its own: written (the bytes written) on success only.
 */
static inline __u32 nts_query_ex(int section, __u32 info_class, void *buf, __u64 length,
				 size_t *ret_len)
{
	size_t len = (size_t)NTS_POISON;
	struct ntsection_query_args a = {
		.section_fd = (__u32)section,
		.info_class = info_class,
		.buffer = NTS_PTR(buf),
		.length = length,
		.return_length = NTS_PTR(&len),
		.status = 0xdeadbeef,
	}, before = a;
	int rc = ioctl(nts_device(), NTSECTION_IOC_QUERY, &a);

	nts_check_rc(rc, a.status);
	before.status = a.status;
	if (memcmp(&a, &before, sizeof(a)))
		nts_mismatch("QUERY wrote to its argument block");
	if ((__s32)a.status < 0 && len != (size_t)NTS_POISON)
		nts_mismatch("QUERY failed with 0x%08x and wrote *ReturnLength %llu", a.status,
			     (unsigned long long)len);
	if (ret_len)
		*ret_len = len;
	return a.status;
}

/*
 * The size of SECTION_BASIC_INFORMATION this program gets: Windows' layout
 * of its own data model (x86-64: 24 bytes; i386, through the compat path:
 * struct ntsection_basic_information32, 16 bytes).
 */
#define NTS_BASIC_SIZE	(sizeof(void *) == 8 ? sizeof(struct ntsection_basic_information) : \
			 sizeof(struct ntsection_basic_information32))
#define NTS_IMAGE_SIZE	(sizeof(void *) == 8 ? sizeof(struct ntsection_image_information) : \
			 sizeof(struct ntsection_image_information32))

/* SectionBasicInformation, given back in the x86-64 structure whatever the caller. */
static inline __u32 nts_query(int section, struct ntsection_basic_information *info)
{
	struct ntsection_basic_information32 b32;
	size_t len;
	__u32 status;

	if (sizeof(void *) == 8)
		status = nts_query_ex(section, NT_SECTION_BASIC_INFORMATION, info,
				      sizeof(*info), &len);
	else
		status = nts_query_ex(section, NT_SECTION_BASIC_INFORMATION, &b32,
				      sizeof(b32), &len);
	if (!status && len != NTS_BASIC_SIZE)
		nts_mismatch("QUERY: *ReturnLength %llu", (unsigned long long)len);
	if (!status && sizeof(void *) != 8) {
		memset(info, 0, sizeof(*info));
		info->base_address = b32.base_address;
		info->attributes = b32.attributes;
		info->size = b32.size;
	}
	return status;
}

/* NtExtendSection: *@size is NewSectionSize, in and (on success) out. */
static inline __u32 nts_extend(int section, __u64 *size)
{
	__u64 v = *size;
	struct ntsection_extend_args a = {
		.section_fd = (__u32)section, .new_section_size = NTS_PTR(&v),
		.status = 0xdeadbeef,
	}, before = a;
	int rc = ioctl(nts_device(), NTSECTION_IOC_EXTEND, &a);

	nts_check_rc(rc, a.status);
	before.status = a.status;
	if (memcmp(&a, &before, sizeof(a)))
		nts_mismatch("EXTEND wrote to its argument block");
	if ((__s32)a.status < 0 && v != *size)
		nts_mismatch("EXTEND failed with 0x%08x and wrote *NewSectionSize", a.status);
	*size = v;
	return a.status;
}

static inline __u32 nts_commit(void *base, __u64 size, __u32 protect)
{
	struct ntsection_vm_args a = {
		.process_fd = NTSECTION_CURRENT_PROCESS, .alloc_type = NT_MEM_COMMIT,
		.base = (uintptr_t)base, .size = size, .protect = protect,
		.status = 0xdeadbeef,
	};
	int rc = ioctl(nts_device(), NTSECTION_IOC_COMMIT, &a);

	nts_check_rc(rc, a.status);
	return a.status;
}

static inline __u32 nts_query_vm(void *addr, struct ntsection_vm_info *info)
{
	int rc;

	memset(info, 0, sizeof(*info));
	info->process_fd = NTSECTION_CURRENT_PROCESS;
	info->address = (uintptr_t)addr;
	info->status = 0xdeadbeef;
	rc = ioctl(nts_device(), NTSECTION_IOC_QUERY_VM, info);
	nts_check_rc(rc, info->status);
	return info->status;
}

/*
 * NtQueryVirtualMemory(@info_class) for the classes the kernel writes:
 * *@ret_len is the SIZE_T it wrote, or NTS_POISON when it wrote none.
 */
static inline __u32 nts_query_vm_info_in(__u32 process, void *addr, __u32 info_class, void *buf,
					 __u64 length, __u64 *ret_len)
{
	size_t len = (size_t)NTS_POISON;
	struct ntsection_query_vm_args a = {
		.process_fd = process, .info_class = info_class,
		.address = (uintptr_t)addr, .buffer = (uintptr_t)buf, .length = length,
		.return_length = (uintptr_t)&len, .status = 0xdeadbeef,
	};
	int rc = ioctl(nts_device(), NTSECTION_IOC_QUERY_VM_INFO, &a);

	nts_check_rc(rc, a.status);
	if (ret_len)
		*ret_len = len == (size_t)NTS_POISON ? NTS_POISON : len;
	return a.status;
}

/* The same in this process. */
static inline __u32 nts_query_vm_info(void *addr, __u32 info_class, void *buf, __u64 length,
				      __u64 *ret_len)
{
	return nts_query_vm_info_in(NTSECTION_CURRENT_PROCESS, addr, info_class, buf, length,
				    ret_len);
}

/*
 * NTSECTION_IOC_PROTECT: this thread's next mprotect() of [@base, @base +
 * @size) may split the view it is in; @size 0 withdraws that.
 */
static inline __u32 nts_permit(void *base, __u64 size)
{
	struct ntsection_vm_args a = {
		.process_fd = NTSECTION_CURRENT_PROCESS, .base = (uintptr_t)base, .size = size,
		.status = 0xdeadbeef,
	};
	int rc = ioctl(nts_device(), NTSECTION_IOC_PROTECT, &a);

	nts_check_rc(rc, a.status);
	return a.status;
}

static inline __u32 nts_same_files(void *a1, void *a2)
{
	struct ntsection_same_files_args a = {
		.address1 = (uintptr_t)a1, .address2 = (uintptr_t)a2, .status = 0xdeadbeef,
	};
	int rc = ioctl(nts_device(), NTSECTION_IOC_SAME_FILES, &a);

	nts_check_rc(rc, a.status);
	return a.status;
}

/* An address no user space has: the kernel's half (x86-64), or past 4 GiB - 8 KiB. */
#define NTS_KERNEL_PTR	((uintptr_t)(sizeof(void *) == 8 ? 0xffff888000000000ULL : 0xffffe000ULL))

/* A page of its own with @prot, or (@prot -1) a page that was unmapped again. */
static inline char *nts_page(int prot)
{
	char *p = mmap(NULL, NT_PAGE, prot < 0 ? PROT_NONE : prot, MAP_PRIVATE | MAP_ANONYMOUS,
		       -1, 0);

	if (p == MAP_FAILED)
		return NULL;
	if (prot < 0)
		munmap(p, NT_PAGE);
	return p;
}

/*
 * Pointers the kernel cannot read: NULL (unless @null_ok: an optional
 * pointer), the first page, an unmapped page, a PROT_NONE page, the end of
 * a page followed by an unmapped one, the kernel's half; and (@write) a
 * read-only page. Fills @p (room for 8), returns how many.
 */
static inline int nts_bad_ptrs(uintptr_t *p, int write, int null_ok)
{
	static char *gap, *none, *ro, *edge;
	int n = 0;

	if (!gap) {
		gap = nts_page(-1);
		none = nts_page(PROT_NONE);
		ro = nts_page(PROT_READ);
		edge = mmap(NULL, 2 * NT_PAGE, PROT_READ | PROT_WRITE,
			    MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
		if (edge != MAP_FAILED)
			munmap(edge + NT_PAGE, NT_PAGE);
	}
	if (!null_ok)
		p[n++] = 0;
	p[n++] = 16;
	p[n++] = (uintptr_t)gap;
	p[n++] = (uintptr_t)none;
	p[n++] = (uintptr_t)edge + NT_PAGE - 2;
	p[n++] = NTS_KERNEL_PTR;
	if (write)
		p[n++] = (uintptr_t)ro;
	return n;
}

/*
 * ABI 2.3: this process's APC fd (NTSECTION_IOC_APC_OPEN). Returns the
 * status; *@fd is the fd (close-on-exec), or -1. The block must hold the fd
 * on success, 0xffffffff on failure.
 */
static inline __u32 nts_apc_open(int *fd)
{
	struct ntsection_apc_open_args a = { .fd = 0xdeadbeef, .status = 0xdeadbeef };
	int rc = ioctl(nts_device(), NTSECTION_IOC_APC_OPEN, &a);

	nts_check_rc(rc, a.status);
	if (rc > 0 || (!a.status && (a.fd > 0x7fffffff || fcntl((int)a.fd, F_GETFD) < 0)) ||
	    (a.status && a.fd != 0xffffffffu))
		nts_mismatch("APC_OPEN: returned %d, status 0x%08x, fd %u", rc, a.status, a.fd);
	*fd = !rc && !a.status ? (int)a.fd : -1;
	return a.status;
}

/* Open file descriptors of this process. */
static inline int nts_count_fds(void)
{
	int fd, n = 0;

	for (fd = 0; fd < 1024; fd++)
		n += fcntl(fd, F_GETFD) >= 0;
	return n;
}

/* An unlinked temporary file of @size bytes (@fill) opened with @flags. */
static inline int nts_tmpfile(__u64 size, int flags, char fill)
{
	char path[] = "/tmp/ntsection-XXXXXX";
	char buf[4096];
	int fd = mkstemp(path);
	__u64 done = 0;

	if (fd < 0)
		return -1;
	memset(buf, fill, sizeof(buf));
	while (done < size) {
		size_t n = size - done < sizeof(buf) ? size - done : sizeof(buf);

		if (write(fd, buf, n) != (ssize_t)n)
			return -1;
		done += n;
	}
	close(fd);
	fd = open(path, flags);
	unlink(path);
	return fd;
}

/* Memory probes that survive SIGSEGV and SIGBUS: 0 ok, else the signal. */
static sigjmp_buf nts_probe_env;
static int nts_probe_sig;

static void nts_probe_handler(int sig)
{
	nts_probe_sig = sig;
	siglongjmp(nts_probe_env, 1);
}

static inline int nts_probe(char *p, int write, char value)
{
	struct sigaction sa = { .sa_handler = nts_probe_handler }, old_segv, old_bus;

	nts_probe_sig = 0;
	sigaction(SIGSEGV, &sa, &old_segv);
	sigaction(SIGBUS, &sa, &old_bus);
	if (!sigsetjmp(nts_probe_env, 1)) {
		/* Atomic accesses: the compiler may neither drop nor move them. */
		if (write)
			__atomic_store_n(p, value, __ATOMIC_RELAXED);
		else
			(void)__atomic_load_n(p, __ATOMIC_RELAXED);
	}
	sigaction(SIGSEGV, &old_segv, NULL);
	sigaction(SIGBUS, &old_bus, NULL);
	return nts_probe_sig;
}

/* Resident pages of [addr, addr + len), by mincore(). */
static inline long nts_resident(void *addr, size_t len)
{
	size_t pages = (len + NT_PAGE - 1) / NT_PAGE, i;
	unsigned char *vec = calloc(pages, 1);
	long n = 0;

	if (!vec || mincore(addr, len, vec)) {
		free(vec);
		return -1;
	}
	for (i = 0; i < pages; i++)
		n += vec[i] & 1;
	free(vec);
	return n;
}

/* Every fixture starts with: if (nts_device() < 0) SKIP(return, NTS_NO_DEVICE); */
#define NTS_NO_DEVICE "/dev/ntsection is missing (is ntsection.ko loaded?)"

#endif /* NTSECTION_TEST_H */
