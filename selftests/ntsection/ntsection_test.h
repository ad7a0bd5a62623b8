/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Helpers shared by the ntsection selftests: thin wrappers around the raw
 * ioctls of <linux/ntsection.h>. Every wrapper returns the NTSTATUS the
 * kernel wrote back and checks that the ioctl's errno agrees with it.
 */
#ifndef NTSECTION_TEST_H
#define NTSECTION_TEST_H

#include <errno.h>
#include <fcntl.h>
#include <setjmp.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
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

/* Set when a wrapper saw an ioctl return that disagrees with its status. */
static int nts_errno_mismatch;

static inline void nts_check_rc(int rc, __u32 status)
{
	int ok = (__s32)status >= 0;

	if (rc < 0 && ok)
		nts_errno_mismatch++;
	if (rc >= 0 && !ok)
		nts_errno_mismatch++;
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
	default:
		return -EINVAL;
	}
}

/* Write @val to the file at @path (sysfs, procfs, cgroupfs): 0 or -1. */
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

static inline __u32 nts_create_ex(const struct nts_create *c, int *fd)
{
	struct ntsection_create_args a = {
		.obj_attributes = c->obj_attrs,
		.desired_access = c->access,
		.protect = c->protect,
		.alloc_attributes = c->attrs,
		.file_fd = c->file_fd < 0 ? NTSECTION_NO_FILE : (__u32)c->file_fd,
		.size = c->size,
		.flags = c->size_given ? NTSECTION_CREATE_SIZE_GIVEN : 0,
		.mode = c->mode,
		.status = 0xdeadbeef,
	};
	struct nts_name n;
	int rc;

	if (c->name) {
		n = nts_utf16(c->name);
		a.name = (uintptr_t)n.buf;
		a.name_length = n.bytes;
	}
	rc = ioctl(nts_device(), NTSECTION_IOC_CREATE, &a);
	nts_check_rc(rc, a.status);
	if (fd)
		*fd = rc >= 0 ? rc : -1;
	if (rc >= 0 && (int)a.fd != rc)
		nts_errno_mismatch++;
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

static inline __u32 nts_open(const char *name, __u32 obj_attrs, __u32 access, int *fd)
{
	struct nts_name n = nts_utf16(name);
	struct ntsection_open_args a = {
		.name = (uintptr_t)n.buf, .name_length = n.bytes,
		.obj_attributes = obj_attrs, .desired_access = access,
		.status = 0xdeadbeef,
	};
	int rc = ioctl(nts_device(), NTSECTION_IOC_OPEN, &a);

	nts_check_rc(rc, a.status);
	if (fd)
		*fd = rc >= 0 ? rc : -1;
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

static inline __u32 nts_map_ex(int section, struct nts_map *m)
{
	struct ntsection_map_args a = {
		.section_fd = (__u32)section,
		.process_fd = m->process ? m->process : NTSECTION_CURRENT_PROCESS,
		.base = m->base, .zero_bits = m->zero_bits, .commit_size = m->commit,
		.offset = m->offset, .view_size = m->size,
		.inherit = m->inherit ? m->inherit : NT_VIEW_SHARE,
		.alloc_type = m->alloc_type, .protect = m->protect,
		.status = 0xdeadbeef,
	};
	int rc = ioctl(nts_device(), NTSECTION_IOC_MAP, &a);

	nts_check_rc(rc, a.status);
	if (rc == 0) {
		m->base = a.base;
		m->size = a.view_size;
	}
	return a.status;
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

static inline __u32 nts_query(int section, struct ntsection_basic_information *info)
{
	struct ntsection_query_args a = {
		.section_fd = (__u32)section,
		.info_class = NT_SECTION_BASIC_INFORMATION,
		.buffer = (uintptr_t)info, .length = sizeof(*info),
		.status = 0xdeadbeef,
	};
	int rc = ioctl(nts_device(), NTSECTION_IOC_QUERY, &a);

	nts_check_rc(rc, a.status);
	return a.status;
}

static inline __u32 nts_extend(int section, __u64 *size)
{
	struct ntsection_extend_args a = {
		.section_fd = (__u32)section, .size = *size, .status = 0xdeadbeef,
	};
	int rc = ioctl(nts_device(), NTSECTION_IOC_EXTEND, &a);

	nts_check_rc(rc, a.status);
	*size = a.size;
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
