// SPDX-License-Identifier: GPL-2.0-only
/*
 * ntsection: Windows NT section objects for Linux.
 *
 * The /dev/ntsection misc device: the userspace front door. Each ioctl copies
 * its argument in, hands it to the same core the in-kernel API uses, and
 * copies the reply (which always carries the NTSTATUS) back out.
 */

#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/anon_inodes.h>
#include <linux/compat.h>
#include <linux/file.h>
#include <linux/fs.h>
#include <linux/miscdevice.h>
#include <linux/mm.h>
#include <linux/module.h>
#include <linux/nls.h>
#include <linux/nodemask.h>
#include <linux/path.h>
#include <linux/pid.h>
#include <linux/sched.h>
#include <linux/seq_file.h>
#include <linux/slab.h>
#include <linux/uaccess.h>

#include "internal.h"
#include "validate.h"

/**
 * nts_fill_version() - describe the ABI this module speaks
 * @ver: reply to fill; every field, padding included, is written
 */
void nts_fill_version(struct ntsection_version *ver)
{
	memset(ver, 0, sizeof(*ver));
	ver->major = NTSECTION_ABI_MAJOR;
	ver->minor = NTSECTION_ABI_MINOR;
	ver->status = NT_STATUS_SUCCESS;
	ver->large_page_shift = nts_large_pages_backed() ? ilog2(NTS_LARGE_PAGE_SIZE) : 0;
}
EXPORT_SYMBOL_IF_KUNIT(nts_fill_version);

static long nts_ioctl_version(void __user *argp)
{
	struct ntsection_version ver;

	nts_fill_version(&ver);
	if (copy_to_user(argp, &ver, sizeof(ver)))
		return -EFAULT;
	return 0;
}

static int nts_put_uptr(u64 uaddr, u64 val);

static int nts_section_release(struct inode *inode, struct file *file)
{
	struct nts_handle *handle = file->private_data;

	if (handle->counted)
		nts_section_handle_closed(handle->section);
	else
		nts_section_put(handle->section);
	kfree(handle);
	nts_count(NTS_CNT_HANDLE_FILES, -1);
	return 0;
}

/*
 * /proc/PID/fdinfo of a section handle: which section it is (the id is
 * unique since the module was loaded, across IPC namespaces), the access
 * the handle carries, and the name. What "ntsection rm" proves a holder by.
 */
static void nts_section_show_fdinfo(struct seq_file *m, struct file *file)
{
	struct nts_handle *handle = file->private_data;
	struct nts_section *sec = handle->section;
	char name[3 * NTS_NAME_MAX_LEAF + 1];

	seq_printf(m, "ntsection-id:\t%llu\n", sec->id);
	seq_printf(m, "ntsection-access:\t0x%08x\n", handle->access);
	nts_directory_name(sec, name, sizeof(name));
	seq_puts(m, "ntsection-name:\t");
	seq_escape(m, name, " \t\n\\");
	seq_putc(m, '\n');
}

const struct file_operations nts_section_fops = {
	.owner			= THIS_MODULE,
	.release		= nts_section_release,
	.show_fdinfo		= nts_section_show_fdinfo,
	.mmap			= nts_view_mmap,
	.get_unmapped_area	= nts_view_get_unmapped_area,
	.llseek			= noop_llseek,
};

/**
 * nts_handle_file() - make a section file
 * @sec: the section
 * @access: the access mask the file carries
 * @counted: the file is an NT handle: it takes over one reference and one
 *	handle count of @sec (dropped here on failure). Otherwise it takes a
 *	reference of its own and leaves the caller's alone.
 *
 * Return: the file (closing a counted one is NtClose), or an ERR_PTR.
 */
struct file *nts_handle_file(struct nts_section *sec, u32 access, bool counted)
{
	struct nts_handle *handle;
	struct file *file;

	if (!counted)
		nts_section_get(sec);
	handle = kzalloc(sizeof(*handle), GFP_KERNEL_ACCOUNT);
	if (!handle) {
		file = ERR_PTR(-ENOMEM);
		goto fail;
	}
	handle->section = sec;
	handle->access = access;
	handle->counted = counted;
	file = anon_inode_getfile("[ntsection]", &nts_section_fops, handle, O_RDWR);
	if (!IS_ERR(file)) {
		nts_count(NTS_CNT_HANDLE_FILES, 1);
		return file;
	}
	kfree(handle);
fail:
	if (counted)
		nts_section_handle_closed(sec);
	else
		nts_section_put(sec);
	return file;
}
EXPORT_SYMBOL_IF_KUNIT(nts_handle_file);

/**
 * nts_handle_install() - make a section handle: a new file descriptor
 * @sec: the section; the handle takes over one reference and one handle
 *	count, which are dropped here on failure
 * @access: the access mask the handle carries
 * @obj_attrs: NT_OBJ_*: without OBJ_INHERIT the fd is close-on-exec
 * @uhandle: the caller's PHANDLE, which gets the handle before the fd
 *	exists, or 0
 *
 * The handle is complete before fd_install(): another thread can close the
 * fd the moment it exists. A *@uhandle that cannot be written leaves no fd.
 *
 * Return: the fd, or a negative errno (-EFAULT: *@uhandle faulted).
 */
int nts_handle_install(struct nts_section *sec, u32 access, u32 obj_attrs, u64 uhandle)
{
	unsigned int flags = O_RDWR | ((obj_attrs & NT_OBJ_INHERIT) ? 0 : O_CLOEXEC);
	struct file *file;
	int fd;

	fd = get_unused_fd_flags(flags);
	if (fd < 0) {
		nts_section_handle_closed(sec);
		return fd;
	}
	file = nts_handle_file(sec, access, true);
	if (IS_ERR(file)) {
		put_unused_fd(fd);
		return PTR_ERR(file);
	}
	if (uhandle && nts_put_uptr(uhandle, NTSECTION_FD_TO_HANDLE(fd))) {
		put_unused_fd(fd);
		fput(file);
		return -EFAULT;
	}
	fd_install(fd, file);
	return fd;
}

/* A section handle (fd) with a reference, or NULL with the status why not. */
static struct file *nts_section_fget(u32 fd, u32 *status)
{
	struct file *file;

	/* NtCurrentProcess() is a valid handle, to something else (SPEC §5). */
	if (fd == NTSECTION_CURRENT_PROCESS) {
		*status = NT_STATUS_OBJECT_TYPE_MISMATCH;
		return NULL;
	}
	file = fget(fd);

	if (!file) {
		*status = NT_STATUS_INVALID_HANDLE;
		return NULL;
	}
	if (file->f_op != &nts_section_fops) {
		fput(file);
		*status = NT_STATUS_OBJECT_TYPE_MISMATCH;
		return NULL;
	}
	*status = NT_STATUS_SUCCESS;
	return file;
}

static struct nts_handle *nts_handle_of(struct file *file)
{
	return file->private_data;
}

/*
 * The caller's memory. Pointer-sized values (PVOID, SIZE_T, HANDLE) are
 * 4 bytes for a 32-bit caller; a HANDLE read from a 32-bit caller is
 * sign-extended, so that the pseudo-handles are the same values for both.
 */
static bool nts_caller_32bit(void)
{
	return in_compat_syscall();
}

static int nts_put_uptr(u64 uaddr, u64 val)
{
	if (nts_caller_32bit())
		return put_user((u32)val, (u32 __user *)u64_to_user_ptr(uaddr));
	return put_user(val, (u64 __user *)u64_to_user_ptr(uaddr));
}

static int nts_get_uptr(u64 uaddr, u64 *val)
{
	u32 v32;

	if (!nts_caller_32bit())
		return get_user(*val, (u64 __user *)u64_to_user_ptr(uaddr));
	if (get_user(v32, (u32 __user *)u64_to_user_ptr(uaddr)))
		return -EFAULT;
	*val = v32;
	return 0;
}

/* A LARGE_INTEGER: 8 bytes for every caller. */
static int nts_get_u64(u64 uaddr, u64 *val)
{
	return get_user(*val, (u64 __user *)u64_to_user_ptr(uaddr));
}

static int nts_put_u64(u64 uaddr, u64 val)
{
	return put_user(val, (u64 __user *)u64_to_user_ptr(uaddr));
}

/* OBJECT_ATTRIBUTES and UNICODE_STRING in the two data models. */
struct nts_uoa64 {
	u32 length;
	u32 pad;
	u64 root;
	u64 object_name;
	u32 attributes;
	u32 pad2;
	u64 security_descriptor;
	u64 security_qos;
};

struct nts_uoa32 {
	u32 length;
	u32 root;
	u32 object_name;
	u32 attributes;
	u32 security_descriptor;
	u32 security_qos;
};

struct nts_ustr64 {
	u16 length;
	u16 maximum_length;
	u32 pad;
	u64 buffer;
};

struct nts_ustr32 {
	u16 length;
	u16 maximum_length;
	u32 buffer;
};

/**
 * struct nts_oa - OBJECT_ATTRIBUTES, captured
 * @root: RootDirectory (a HANDLE value, pseudo-handles sign-extended)
 * @name: ObjectName->Buffer
 * @len: ObjectName->Length in bytes (0: no name)
 * @attributes: OBJ_*
 * @mode: the mode the SecurityDescriptor asks for (0: the default)
 */
struct nts_oa {
	u64 root;
	u64 name;
	u32 len;
	u32 attributes;
	u32 mode;
};

/* SECURITY_DESCRIPTOR, what is read of it. */
#define NTS_SD_REVISION		1
#define NTS_SE_DACL_PRESENT	0x0004u
#define NTS_SE_SELF_RELATIVE	0x8000u

/* The mode the DACL at @uacl gives (nts_acl_to_mode()). */
static u32 nts_capture_dacl(u64 uacl, u32 *mode)
{
	u8 hdr[8], *acl;
	u32 size, status;

	if (copy_from_user(hdr, u64_to_user_ptr(uacl), sizeof(hdr)))
		return NT_STATUS_ACCESS_VIOLATION;
	size = hdr[2] | (hdr[3] << 8);
	if (size < sizeof(hdr))
		return NT_STATUS_INVALID_ACL;
	if (size > NTS_ACL_MAX_BYTES)
		return NT_STATUS_NOT_SUPPORTED;
	acl = memdup_user(u64_to_user_ptr(uacl), size);
	if (IS_ERR(acl))
		return nts_errno_to_status(PTR_ERR(acl), NT_STATUS_NO_MEMORY);
	status = nts_acl_to_mode(acl, size, mode);
	kfree(acl);
	return status;
}

/*
 * The mode a SecurityDescriptor asks for: an ntsection_mode_descriptor, or a
 * Windows descriptor (revision 1, absolute or self-relative) without an
 * owner, group or SACL: no DACL is the default, a present NULL DACL
 * everyone (0666), a DACL what nts_acl_to_mode() makes of it. Anything
 * else is refused, never ignored: INVALID_SECURITY_DESCR for another
 * revision, NOT_SUPPORTED for an owner, group or SACL.
 */
static u32 nts_capture_mode(u64 usd, u32 *mode)
{
	bool compat = nts_caller_32bit();
	u64 dacl, owner, group, sacl;
	u8 sd[40];
	u16 control;
	u32 magic;

	*mode = 0;
	if (!usd)
		return NT_STATUS_SUCCESS;
	if (copy_from_user(sd, u64_to_user_ptr(usd), 8))
		return NT_STATUS_ACCESS_VIOLATION;
	memcpy(&magic, sd, sizeof(magic));
	if (magic == NTSECTION_MODE_DESCRIPTOR_MAGIC) {
		memcpy(mode, sd + 4, sizeof(*mode));
		if (*mode & ~0777u) {
			*mode = 0;
			return NT_STATUS_INVALID_PARAMETER;
		}
		return NT_STATUS_SUCCESS;
	}
	if (sd[0] != NTS_SD_REVISION)
		return NT_STATUS_INVALID_SECURITY_DESCR;
	memcpy(&control, sd + 2, sizeof(control));
	if (control & NTS_SE_SELF_RELATIVE || compat) {
		u32 v[4];

		/* Revision, Sbz1, Control, then Owner, Group, Sacl, Dacl. */
		if (copy_from_user(sd, u64_to_user_ptr(usd), 20))
			return NT_STATUS_ACCESS_VIOLATION;
		memcpy(v, sd + 4, sizeof(v));
		owner = v[0];
		group = v[1];
		sacl = v[2];
		dacl = v[3];
	} else {
		u64 v[4];

		/* Pointers aligned: from offset 8. */
		if (copy_from_user(sd, u64_to_user_ptr(usd), 40))
			return NT_STATUS_ACCESS_VIOLATION;
		memcpy(v, sd + 8, sizeof(v));
		owner = v[0];
		group = v[1];
		sacl = v[2];
		dacl = v[3];
	}
	if (owner || group || sacl)
		return NT_STATUS_NOT_SUPPORTED;
	if (!(control & NTS_SE_DACL_PRESENT))
		return NT_STATUS_SUCCESS;
	if (!dacl) {
		*mode = 0666;
		return NT_STATUS_SUCCESS;
	}
	if (control & NTS_SE_SELF_RELATIVE) {
		/* An offset from the descriptor, past its 20-byte header. */
		if (dacl < 20 || (dacl & 3))
			return NT_STATUS_INVALID_SECURITY_DESCR;
		dacl += usd;
	}
	return nts_capture_dacl(dacl, mode);
}

/*
 * Capture the caller's OBJECT_ATTRIBUTES @uoa. @create: a missing
 * ObjectAttributes or ObjectName is an unnamed section; for an open, they
 * are errors. The name itself is not read here.
 */
static u32 nts_capture_oa(u64 uoa, bool create, struct nts_oa *oa)
{
	u64 object_name, sd, buffer;
	u32 status;

	memset(oa, 0, sizeof(*oa));
	if (!uoa)
		return create ? NT_STATUS_SUCCESS : NT_STATUS_INVALID_PARAMETER;
	if (nts_caller_32bit()) {
		struct nts_uoa32 a;

		if (copy_from_user(&a, u64_to_user_ptr(uoa), sizeof(a)))
			return NT_STATUS_ACCESS_VIOLATION;
		if (a.length != sizeof(a))
			return NT_STATUS_INVALID_PARAMETER;
		oa->root = (u64)(s64)(s32)a.root;
		oa->attributes = a.attributes;
		object_name = a.object_name;
		sd = a.security_descriptor;
	} else {
		struct nts_uoa64 a;

		if (copy_from_user(&a, u64_to_user_ptr(uoa), sizeof(a)))
			return NT_STATUS_ACCESS_VIOLATION;
		if (a.length != sizeof(a))
			return NT_STATUS_INVALID_PARAMETER;
		oa->root = a.root;
		oa->attributes = a.attributes;
		object_name = a.object_name;
		sd = a.security_descriptor;
	}
	status = nts_capture_mode(sd, &oa->mode);
	if (status)
		return status;
	if (!object_name) {
		if (oa->root)
			return NT_STATUS_OBJECT_NAME_INVALID;
		return create ? NT_STATUS_SUCCESS : NT_STATUS_OBJECT_PATH_SYNTAX_BAD;
	}
	if (nts_caller_32bit()) {
		struct nts_ustr32 u;

		if (copy_from_user(&u, u64_to_user_ptr(object_name), sizeof(u)))
			return NT_STATUS_ACCESS_VIOLATION;
		oa->len = u.length;
		buffer = u.buffer;
	} else {
		struct nts_ustr64 u;

		if (copy_from_user(&u, u64_to_user_ptr(object_name), sizeof(u)))
			return NT_STATUS_ACCESS_VIOLATION;
		oa->len = u.length;
		buffer = u.buffer;
	}
	if (buffer & 1)
		return NT_STATUS_DATATYPE_MISALIGNMENT;
	oa->name = buffer;
	return NT_STATUS_SUCCESS;
}

/*
 * RootDirectory: there are no directory objects, so a root is a handle to
 * something that is not a directory, or no handle at all.
 */
static u32 nts_root_status(u64 root)
{
	s64 fd = NTSECTION_HANDLE_TO_FD(root);
	struct file *file;

	if (root >= (u64)-6)
		return NT_STATUS_OBJECT_TYPE_MISMATCH;	/* a pseudo-handle */
	if (fd < 0 || fd > INT_MAX)
		return NT_STATUS_INVALID_HANDLE;
	/* Any open fd is a handle, O_PATH ones too. */
	file = fget_raw(fd);
	if (!file)
		return NT_STATUS_INVALID_HANDLE;
	fput(file);
	return NT_STATUS_OBJECT_TYPE_MISMATCH;
}

/*
 * Copy the name of @oa in; NULL with *status set when it cannot be. A name
 * relative to a RootDirectory gets a first unit that is no separator, so
 * that the name checks run and stop at OBJECT_PATH_SYNTAX_BAD, where the
 * caller puts the root's status.
 */
static u16 *nts_copy_name(const struct nts_oa *oa, u32 *status)
{
	u16 *name;

	*status = NT_STATUS_SUCCESS;
	if (oa->len > NTS_NAME_MAX_BYTES) {
		*status = NT_STATUS_OBJECT_NAME_INVALID;
		return NULL;
	}
	name = memdup_user(u64_to_user_ptr(oa->name), oa->len);
	if (IS_ERR(name)) {
		*status = nts_errno_to_status(PTR_ERR(name), NT_STATUS_NO_MEMORY);
		return NULL;
	}
	if (oa->root && oa->len >= sizeof(u16))
		name[0] = 'x';
	return name;
}

/* The backing file of NtCreateSection, with the status of resolving it. */
static struct file *nts_backing_fget(u32 fd, u32 *status)
{
	struct file *file;

	*status = NT_STATUS_SUCCESS;
	if (fd == NTSECTION_NO_FILE)
		return NULL;
	file = fget(fd);
	if (!file)
		*status = NT_STATUS_INVALID_HANDLE;
	return file;
}

static_assert(offsetof(struct ntsection_create_args, fd) ==
	      offsetof(struct ntsection_create_args, status) + sizeof(u32));
static_assert(offsetof(struct ntsection_open_args, fd) ==
	      offsetof(struct ntsection_open_args, status) + sizeof(u32));

/*
 * The end of CREATE and OPEN: on success make the handle (an fd, written to
 * the caller's *SectionHandle first), on failure set *SectionHandle to NULL
 * where it can be; then write back the status and the fd, which sit side by
 * side in both replies.
 */
static long nts_reply_handle(u32 status, struct nts_section *sec, u32 access, u32 obj_attrs,
			     u64 uhandle, u32 __user *ustatus_fd)
{
	u32 reply[2] = { status, (u32)-1 };
	long ret = nts_status_to_errno(status);

	if (nt_success(status)) {
		ret = nts_handle_install(sec, access, obj_attrs, uhandle);
		if (ret < 0)
			reply[0] = nts_errno_to_status(ret, NT_STATUS_INSUFFICIENT_RESOURCES);
		else
			reply[1] = ret;
	}
	if (ret < 0 && uhandle)
		nts_put_uptr(uhandle, 0);	/* SPEC §4: NULL on failure, if it can be */
	if (copy_to_user(ustatus_fd, reply, sizeof(reply)))
		return -EFAULT;	/* the fd, if any, stays: the caller can find it */
	return ret;
}

/*
 * NtCreateSection, and NtCreateSectionEx once its extended parameters
 * passed: @args is the caller's copy of *@uargs.
 */
static long nts_do_create(const struct ntsection_create_args *in,
			  struct ntsection_create_args __user *uargs)
{
	struct ntsection_create_args args = *in;
	struct nts_create_req req = {};
	struct nts_section *sec = NULL;
	struct nts_oa oa;
	u16 *name = NULL;
	u32 status;

	/* Windows probes MaximumSize and SectionHandle after these two. */
	status = nts_create_check_params(args.alloc_attributes, args.protect);
	if (status)
		goto out;
	if (args.maximum_size && nts_get_u64(args.maximum_size, &req.size)) {
		status = NT_STATUS_ACCESS_VIOLATION;
		goto out;
	}
	if (!args.section_handle || nts_put_uptr(args.section_handle, 0)) {
		status = NT_STATUS_ACCESS_VIOLATION;
		goto out;
	}
	/* What capturing ObjectAttributes finds is reported at the name's turn. */
	req.name_status = nts_capture_oa(args.object_attributes, true, &oa);
	if (!req.name_status) {
		req.obj_attrs = oa.attributes;
		req.mode = oa.mode;
		if (oa.len)
			name = nts_copy_name(&oa, &req.name_status);
	}
	req.name = name;
	req.name_len = name || req.name_status ? oa.len : 0;
	req.access = nts_section_access(args.desired_access);
	req.protect = args.protect;
	req.alloc_attrs = args.alloc_attributes;
	req.size_given = args.maximum_size;
	req.file = nts_backing_fget(args.file_fd, &req.file_status);
	status = nts_section_create(&req, &sec);
	if (req.file)
		fput(req.file);
	if (name && oa.root) {
		/* A relative name stops at the name: the root decides. */
		if (nt_success(status))
			nts_section_handle_closed(sec);
		if (nt_success(status) || status == NT_STATUS_OBJECT_PATH_SYNTAX_BAD)
			status = nts_root_status(oa.root);
	}
out:
	kfree(name);
	return nts_reply_handle(status, sec, req.granted, req.obj_attrs, args.section_handle,
				&uargs->status);
}

static long nts_ioctl_create(struct ntsection_create_args __user *uargs)
{
	struct ntsection_create_args args;

	if (copy_from_user(&args, uargs, sizeof(args)))
		return -EFAULT;
	return nts_do_create(&args, uargs);
}

static long nts_ioctl_create_ex(struct ntsection_create_ex_args __user *uargs)
{
	struct ntsection_mem_extended_parameter p[NT_MEM_SECTION_EXT_MAX];
	struct ntsection_create_ex_args args;
	u32 n, status;

	if (copy_from_user(&args, uargs, sizeof(args)))
		return -EFAULT;
	n = min_t(u32, args.ext_count, ARRAY_SIZE(p));
	if (args.pad)
		status = NT_STATUS_INVALID_PARAMETER;
	else if (args.ext_params && n &&
		 copy_from_user(p, u64_to_user_ptr(args.ext_params), n * sizeof(p[0])))
		status = NT_STATUS_ACCESS_VIOLATION;
	else
		status = nts_section_ext_decode(args.ext_params ? p : NULL, n, nr_node_ids);
	if (status) {
		if (put_user(status, &uargs->create.status))
			return -EFAULT;
		return nts_status_to_errno(status);
	}
	return nts_do_create(&args.create, &uargs->create);
}

static long nts_ioctl_open(struct ntsection_open_args __user *uargs)
{
	struct ntsection_open_args args;
	struct nts_section *sec = NULL;
	u32 status, granted = 0;
	u16 *name = NULL;
	struct nts_oa oa = {};

	if (copy_from_user(&args, uargs, sizeof(args)))
		return -EFAULT;
	if (args.pad) {
		status = NT_STATUS_INVALID_PARAMETER;
		goto out;
	}
	if (!args.section_handle || nts_put_uptr(args.section_handle, 0)) {
		status = NT_STATUS_ACCESS_VIOLATION;
		goto out;
	}
	status = nts_capture_oa(args.object_attributes, false, &oa);
	if (status)
		goto out;
	if (oa.root && !oa.len) {
		/* An empty name with a root names the root itself: no section. */
		status = nts_root_status(oa.root);
		goto out;
	}
	name = nts_copy_name(&oa, &status);
	if (!name)
		goto out;
	status = nts_section_open(name, oa.len, oa.attributes, args.desired_access, &sec,
				  &granted);
	if (oa.root) {
		if (nt_success(status))
			nts_section_handle_closed(sec);
		if (nt_success(status) || status == NT_STATUS_OBJECT_PATH_SYNTAX_BAD)
			status = nts_root_status(oa.root);
	}
out:
	kfree(name);
	return nts_reply_handle(status, sec, granted, oa.attributes, args.section_handle,
				&uargs->status);
}

/* NtMapViewOfSection in another process: runs there (process.c). */
static u32 nts_remote_map(void *arg, const struct nts_remote_limits *lim)
{
	struct nts_map_request *req = arg;
	u32 status = nts_view_map(req);

	/* In a kernel worker vm_mmap() read the worker's rlimits: the target's. */
	if (nt_success(status) && lim && nts_over_limits(current->mm, lim)) {
		nts_view_unmap(req->base);
		status = NT_STATUS_NO_MEMORY;
	}
	return status;
}

/* An NtUnmapViewOfSectionEx in another process: the address and the flags. */
struct nts_unmap_req {
	u64 base;
	u32 flags;
};

static u32 nts_remote_unmap(void *arg, const struct nts_remote_limits *lim)
{
	struct nts_unmap_req *req = arg;

	return nts_view_unmap_ex(req->base, req->flags);
}

/* NtUnmapViewOfSection(Ex) in the process @t names. */
static u32 nts_unmap_ex_in(struct nts_target *t, u64 base, u32 flags)
{
	struct nts_unmap_req req = { .base = base, .flags = flags };

	if (!t->mm)
		return nts_view_unmap_ex(base, flags);
	return nts_remote_call(t, nts_remote_unmap, &req, sizeof(req), NULL);
}

static u32 nts_unmap_in(struct nts_target *t, u64 base)
{
	return nts_unmap_ex_in(t, base, 0);
}

static u32 nts_remote_commit(void *arg, const struct nts_remote_limits *lim)
{
	struct ntsection_vm_args *args = arg;

	return nts_view_commit(&args->base, &args->size, args->protect,
			       lim && lim->fsize != RLIM_INFINITY ? max(lim->fsize, 1UL) : 0);
}

/*
 * MEM_COMMIT in a view of the process @t names. In another process the
 * pages are committed for the section and keep the view's protection
 * there: the commit's Protect is applied by the caller's mprotect(), which
 * reaches only its own process. Another process's memory that is no view
 * is libntsection's there, which the kernel cannot change: NOT_SUPPORTED.
 */
static u32 nts_commit_in(struct nts_target *t, struct ntsection_vm_args *args)
{
	u32 status;

	if (!t->mm)
		return nts_view_commit(&args->base, &args->size, args->protect, 0);
	status = nts_view_free(t->mm, args->base);
	if (status != NT_STATUS_UNABLE_TO_DELETE_SECTION)
		return status == NT_STATUS_NOT_MAPPED_VIEW ? NT_STATUS_NOT_SUPPORTED : status;
	return nts_remote_call(t, nts_remote_commit, args, sizeof(*args), NULL);
}

/*
 * MEM_EXTENDED_PARAMETERs from userspace, decoded (nts_ext_decode()). More
 * entries than one of each type hold a duplicate: the first
 * NTSECTION_MAX_EXT_PARAMS + 1 are enough to say so. A 32-bit caller's
 * entries are 16 bytes too, but their pointer, handle and ULONG values are
 * 32-bit (the rest of the union is whatever the caller left there), and its
 * MEM_ADDRESS_REQUIREMENTS is three 32-bit words.
 */
static u32 nts_ext_copy(u64 uparams, u32 count, struct nts_ext *ext)
{
	struct ntsection_mem_extended_parameter p[NTSECTION_MAX_EXT_PARAMS + 1];
	struct ntsection_mem_address_requirements req;
	u32 n = min_t(u32, count, ARRAY_SIZE(p)), i;
	bool have_req = false, seen = false, compat = nts_caller_32bit();

	if (uparams && n && copy_from_user(p, u64_to_user_ptr(uparams), n * sizeof(p[0]))) {
		memset(ext, 0, sizeof(*ext));
		return NT_STATUS_ACCESS_VIOLATION;
	}
	for (i = 0; uparams && i < n; i++) {
		u32 type = p[i].type & (BIT(NT_MEM_EXT_TYPE_BITS) - 1);

		/* AttributeFlags is a ULONG64; the other values are 32-bit there. */
		if (compat && type != NT_MEM_EXT_ATTRIBUTE_FLAGS)
			p[i].value = (u32)p[i].value;
		/* Only the first one counts: a second is a duplicate. */
		if (type != NT_MEM_EXT_ADDRESS_REQUIREMENTS || seen)
			continue;
		seen = true;
		if (compat) {
			u32 r32[3];

			have_req = !copy_from_user(r32, u64_to_user_ptr(p[i].value), sizeof(r32));
			req.lowest_starting_address = r32[0];
			req.highest_ending_address = r32[1];
			req.alignment = r32[2];
		} else {
			have_req = !copy_from_user(&req, u64_to_user_ptr(p[i].value), sizeof(req));
		}
	}
	return nts_ext_decode(uparams ? p : NULL, n, have_req ? &req : NULL, TASK_SIZE,
			      nr_node_ids, ext);
}

/*
 * NtMapViewOfSection and NtMapViewOfSectionEx: @ext holds the latter's
 * decoded extended parameters (zeroes for the former), @base_in the
 * *BaseAddress it read already (read once: a racing writer cannot slip a
 * base past the checks made on it), NULL for the former.
 */
static u32 nts_do_map(const struct ntsection_map_args *in, const struct nts_ext *ext, bool ex,
		      const u64 *base_in)
{
	struct ntsection_map_args args = *in;
	struct nts_map_request req = {};
	struct nts_map_args check = {};
	struct nts_target target;
	struct file *file = NULL;
	u32 status;

	/*
	 * A 64-bit process calling through the 32-bit entry (int 0x80) would
	 * get a view above 4 GiB at an address cut to 32 bits.
	 */
	if (nts_caller_32bit() && TASK_SIZE > (1ULL << 32))
		return NT_STATUS_NOT_SUPPORTED;
	/* Windows reads *BaseAddress, *ViewSize and *SectionOffset after these. */
	status = nts_map_check_flags(args.inherit, args.alloc_type &
				     ~(ex ? NT_MEM_REPLACE_PLACEHOLDER : 0), args.protect);
	if (status)
		return status;
	if (!args.base_address)
		return NT_STATUS_ACCESS_VIOLATION;
	if (base_in)
		check.base = *base_in;
	else if (nts_get_uptr(args.base_address, &check.base))
		return NT_STATUS_ACCESS_VIOLATION;
	if (!args.view_size || nts_get_uptr(args.view_size, &check.view_size) ||
	    (args.section_offset && nts_get_u64(args.section_offset, &check.offset)))
		return NT_STATUS_ACCESS_VIOLATION;
	check.zero_bits = args.zero_bits;
	check.commit_size = args.commit_size;
	check.inherit = args.inherit;
	check.alloc_type = args.alloc_type;
	check.protect = args.protect;
	check.user_limit = TASK_SIZE;
	check.ex = ex;
	status = nts_map_check_params(&check);
	if (!status)
		status = nts_target_get(args.process_fd, NT_PROCESS_VM_OPERATION, &target);
	if (status)
		return status;
	file = nts_section_fget(args.section_fd, &status);
	if (!file)
		goto out_target;
	req.section = nts_handle_of(file)->section;
	req.access = nts_handle_of(file)->access;
	req.base = check.base;
	req.zero_bits = check.zero_bits;
	req.commit_size = check.commit_size;
	req.offset = check.offset;
	req.view_size = check.view_size;
	req.inherit = check.inherit;
	req.alloc_type = check.alloc_type;
	req.protect = check.protect;
	req.low = ext->low;
	req.high = ext->high;
	if (target.mm)
		status = nts_remote_call(&target, nts_remote_map, &req, sizeof(req), file);
	else
		status = nts_view_map(&req);
	fput(file);
	if (nt_success(status) && (nts_put_uptr(args.base_address, req.base) ||
				   nts_put_uptr(args.view_size, req.view_size))) {
		/* The caller cannot learn where the view is: take it back. */
		nts_unmap_in(&target, req.base);
		status = NT_STATUS_ACCESS_VIOLATION;
	}
out_target:
	nts_target_put(&target);
	return status;
}

static long nts_ioctl_map(struct ntsection_map_args __user *uargs)
{
	struct ntsection_map_args args;
	struct nts_ext ext = {};
	u32 status;

	if (copy_from_user(&args, uargs, sizeof(args)))
		return -EFAULT;
	status = nts_do_map(&args, &ext, false, NULL);
	if (put_user(status, &uargs->status))
		return -EFAULT;	/* a view, if any, stays: it is in the caller's maps */
	return nts_status_to_errno(status);
}

/*
 * NtMapViewOfSectionEx: the extended parameters first (Wine's order), then
 * what NtMapViewOfSection checks. The Ex call has no ZeroBits and no
 * CommitSize: those fields must be 0.
 */
static long nts_ioctl_map_ex(struct ntsection_map_ex_args __user *uargs)
{
	struct ntsection_map_ex_args args;
	struct nts_ext ext;
	u64 base = 0;
	u32 status;

	if (copy_from_user(&args, uargs, sizeof(args)))
		return -EFAULT;
	if (args.pad || args.map.zero_bits || args.map.commit_size) {
		status = NT_STATUS_INVALID_PARAMETER;
		goto out;
	}
	status = nts_ext_copy(args.ext_params, args.ext_count, &ext);
	if (status)
		goto out;
	if (!args.map.base_address || nts_get_uptr(args.map.base_address, &base)) {
		status = NT_STATUS_ACCESS_VIOLATION;
		goto out;
	}
	status = nts_map_ex_check(&ext, base, args.map.alloc_type);
	if (!status)
		status = nts_do_map(&args.map, &ext, true, &base);
out:
	if (put_user(status, &uargs->map.status))
		return -EFAULT;
	return nts_status_to_errno(status);
}

static long nts_ioctl_unmap(struct ntsection_unmap_args __user *uargs)
{
	struct ntsection_unmap_args args;
	struct nts_target target;
	u32 status;

	if (copy_from_user(&args, uargs, sizeof(args)))
		return -EFAULT;
	status = nts_target_get(args.process_fd, NT_PROCESS_VM_OPERATION, &target);
	if (!status)
		status = nts_unmap_in(&target, args.base);
	nts_target_put(&target);
	if (put_user(status, &uargs->status))
		return -EFAULT;
	return nts_status_to_errno(status);
}

static long nts_ioctl_unmap_ex(struct ntsection_unmap_ex_args __user *uargs)
{
	struct ntsection_unmap_ex_args args;
	struct nts_target target;
	u32 status;

	if (copy_from_user(&args, uargs, sizeof(args)))
		return -EFAULT;
	status = args.pad ? NT_STATUS_INVALID_PARAMETER : nts_unmap_ex_check_flags(args.flags);
	if (!status)
		status = nts_target_get(args.process_fd, NT_PROCESS_VM_OPERATION, &target);
	if (!status) {
		status = nts_unmap_ex_in(&target, args.base, args.flags);
		nts_target_put(&target);
	}
	if (put_user(status, &uargs->status))
		return -EFAULT;
	return nts_status_to_errno(status);
}

/* The kernel's part of NtAllocateVirtualMemoryEx, run in the process it acts on. */
struct nts_allocate_req {
	u64 base;
	u64 size;
	u32 type;
	u32 result;
	struct nts_ext ext;
};

static u32 nts_remote_allocate(void *arg, const struct nts_remote_limits *lim)
{
	struct nts_allocate_req *req = arg;
	u32 status = nts_placeholder_allocate(&req->base, &req->size, req->type, &req->ext,
					      &req->result);

	if (nt_success(status) && lim && req->result != NTSECTION_ALLOC_NOTHING &&
	    nts_over_limits(current->mm, lim)) {
		vm_munmap(req->base, req->size);
		req->result = NTSECTION_ALLOC_NOTHING;
		status = NT_STATUS_NO_MEMORY;
	}
	return status;
}

static long nts_ioctl_allocate_ex(struct ntsection_allocate_ex_args __user *uargs)
{
	struct ntsection_allocate_ex_args args;
	struct nts_allocate_req req = {};
	struct nts_target target;
	u32 status;

	if (copy_from_user(&args, uargs, sizeof(args)))
		return -EFAULT;
	args.result = NTSECTION_ALLOC_NOTHING;
	status = nts_ext_copy(args.ext_params, args.ext_count, &req.ext);
	if (!status)
		status = nts_allocate_ex_check(&req.ext, args.base, args.size, args.alloc_type,
					       args.protect, args.alloc_type & NT_MEM_LARGE_PAGES ?
					       nts_lock_limit(false) : 0);
	if (!status && nts_caller_32bit() && TASK_SIZE > (1ULL << 32))
		status = NT_STATUS_NOT_SUPPORTED;
	if (!status)
		status = nts_target_get(args.process_fd, NT_PROCESS_VM_OPERATION, &target);
	if (status)
		goto out;
	req.base = args.base;
	req.size = args.size;
	req.type = args.alloc_type;
	/*
	 * Private memory in another process is its libntsection's: only a
	 * placeholder is made there by the kernel.
	 */
	if (target.mm && !(args.alloc_type & NT_MEM_RESERVE_PLACEHOLDER))
		status = NT_STATUS_NOT_SUPPORTED;
	else if (target.mm)
		status = nts_remote_call(&target, nts_remote_allocate, &req, sizeof(req), NULL);
	else
		status = nts_placeholder_allocate(&req.base, &req.size, req.type, &req.ext,
						  &req.result);
	nts_target_put(&target);
	if (nt_success(status)) {
		args.base = req.base;
		args.size = req.size;
		args.result = req.result;
	}
out:
	args.status = status;
	if (copy_to_user(uargs, &args, sizeof(args)))
		return -EFAULT;	/* what was made stays, as with a map */
	return nts_status_to_errno(status);
}

/*
 * A 32-bit caller's information structures are Windows' i386 ones (16 and
 * 48 bytes): the length it gives, seen as the 64-bit checks see lengths.
 */
static u64 nts_query_length64(u32 info_class, u64 length)
{
	u64 need32 = info_class == NT_SECTION_IMAGE_INFORMATION ?
		     sizeof(struct ntsection_image_information32) :
		     sizeof(struct ntsection_basic_information32);
	u64 need64 = info_class == NT_SECTION_IMAGE_INFORMATION ?
		     sizeof(struct ntsection_image_information) :
		     sizeof(struct ntsection_basic_information);

	return length >= need32 ? max(length, need64) : length;
}

/* @info in the i386 layouts, for a 32-bit caller; returns their size. */
static u64 nts_query_to32(u32 info_class, const union nts_section_info *info,
			  union nts_section_info32 *out)
{
	const struct ntsection_image_information *i = &info->image;
	struct ntsection_image_information32 *o = &out->image;

	memset(out, 0, sizeof(*out));
	if (info_class != NT_SECTION_IMAGE_INFORMATION) {
		out->basic.base_address = info->basic.base_address;
		out->basic.attributes = info->basic.attributes;
		out->basic.size = info->basic.size;
		return sizeof(out->basic);
	}
	o->transfer_address = i->transfer_address;
	o->zero_bits = i->zero_bits;
	o->maximum_stack_size = i->maximum_stack_size;
	o->committed_stack_size = i->committed_stack_size;
	o->subsystem_type = i->subsystem_type;
	o->subsystem_minor_version = i->subsystem_minor_version;
	o->subsystem_major_version = i->subsystem_major_version;
	o->major_os_version = i->major_os_version;
	o->minor_os_version = i->minor_os_version;
	o->image_characteristics = i->image_characteristics;
	o->dll_characteristics = i->dll_characteristics;
	o->machine = i->machine;
	o->image_contains_code = i->image_contains_code;
	o->image_flags = i->image_flags;
	o->loader_flags = i->loader_flags;
	o->image_file_size = i->image_file_size;
	o->checksum = i->checksum;
	return sizeof(out->image);
}

static long nts_ioctl_query(struct ntsection_query_args __user *uargs)
{
	union nts_section_info info;
	union nts_section_info32 info32;
	struct ntsection_query_args args;
	const void *reply = &info;
	struct file *file;
	u64 ret_len = 0, length;
	u32 status;

	if (copy_from_user(&args, uargs, sizeof(args)))
		return -EFAULT;
	if (args.pad) {
		status = NT_STATUS_INVALID_PARAMETER;
		goto out;
	}
	if (args.return_length && nts_get_uptr(args.return_length, &ret_len)) {
		status = NT_STATUS_ACCESS_VIOLATION;
		goto out;
	}
	length = args.length;
	if (nts_caller_32bit())
		length = nts_query_length64(args.info_class, length);
	/* Class and length come before the handle, as on Windows. */
	status = nts_query_check_class(args.info_class, length);
	if (status)
		goto out;
	file = nts_section_fget(args.section_fd, &status);
	if (!file)
		goto out;
	status = nts_section_query(nts_handle_of(file)->section, nts_handle_of(file)->access,
				   args.info_class, &info, length, &ret_len);
	fput(file);
	if (!status && nts_caller_32bit()) {
		ret_len = nts_query_to32(args.info_class, &info, &info32);
		reply = &info32;
	}
	if (!status && copy_to_user(u64_to_user_ptr(args.buffer), reply, ret_len))
		status = NT_STATUS_ACCESS_VIOLATION;
	if (!status && args.return_length && nts_put_uptr(args.return_length, ret_len))
		status = NT_STATUS_ACCESS_VIOLATION;
out:
	if (put_user(status, &uargs->status))
		return -EFAULT;
	return nts_status_to_errno(status);
}

static long nts_ioctl_extend(struct ntsection_extend_args __user *uargs)
{
	struct ntsection_extend_args args;
	struct file *file;
	u64 size;
	u32 status;

	if (copy_from_user(&args, uargs, sizeof(args)))
		return -EFAULT;
	if (!args.new_section_size || nts_get_u64(args.new_section_size, &size)) {
		status = NT_STATUS_ACCESS_VIOLATION;
		goto out;
	}
	file = nts_section_fget(args.section_fd, &status);
	if (!file)
		goto out;
	status = nts_section_extend(nts_handle_of(file)->section, nts_handle_of(file)->access,
				    &size);
	fput(file);
	if (nt_success(status) && nts_put_u64(args.new_section_size, size))
		status = NT_STATUS_ACCESS_VIOLATION;
out:
	if (put_user(status, &uargs->status))
		return -EFAULT;
	return nts_status_to_errno(status);
}

static u32 nts_remote_free(void *arg, const struct nts_remote_limits *lim)
{
	struct ntsection_vm_args *args = arg;

	return nts_placeholder_free(&args->base, &args->size, args->alloc_type);
}

/*
 * NtFreeVirtualMemory in the process @t names: a view (never freed), a
 * placeholder (the kernel's), or private memory, which is libntsection's
 * (NOT_MAPPED_VIEW; in another process NOT_SUPPORTED, for its library).
 */
static u32 nts_free_in(struct nts_target *t, struct ntsection_vm_args *args)
{
	u32 status = nts_free_check_type(args->alloc_type);

	if (status)
		return status;
	if (args->pad) {
		/* libntsection's allocation from a placeholder: its own process only. */
		if (t->mm || args->alloc_type != (NT_MEM_RELEASE | NT_MEM_PRESERVE_PLACEHOLDER))
			return NT_STATUS_INVALID_PARAMETER;
		return nts_placeholder_from_private(args->base, args->size);
	}
	status = nts_view_free(t->mm ?: current->mm, args->base);
	if (status != NT_STATUS_NOT_MAPPED_VIEW)
		return status;
	if (t->mm) {
		struct ntsection_vm_info info = { .address = args->base };

		/* Only a placeholder is the kernel's to free there. */
		status = nts_vm_describe(t->mm, &info);
		if (status || info.type != NT_MEM_PRIVATE || info.state != NT_MEM_RESERVE)
			return status ?: NT_STATUS_NOT_SUPPORTED;
		status = nts_remote_call(t, nts_remote_free, args, sizeof(*args), NULL);
		return status == NT_STATUS_NOT_MAPPED_VIEW ? NT_STATUS_NOT_SUPPORTED : status;
	}
	return nts_placeholder_free(&args->base, &args->size, args->alloc_type);
}

static long nts_ioctl_vm(unsigned int cmd, struct ntsection_vm_args __user *uargs)
{
	struct ntsection_vm_args args;
	struct nts_target target;
	u32 status;

	if (copy_from_user(&args, uargs, sizeof(args)))
		return -EFAULT;
	if ((args.pad && (cmd != NTSECTION_IOC_FREE ||
			  args.pad != NTSECTION_FREE_PRIVATE_PLACEHOLDER)) || args.old_protect) {
		status = NT_STATUS_INVALID_PARAMETER;
		goto out;
	}
	status = nts_target_get(args.process_fd, NT_PROCESS_VM_OPERATION, &target);
	if (status)
		goto out;
	if (cmd == NTSECTION_IOC_PROTECT) {
		/* The split is for the caller's own mprotect(). */
		status = args.alloc_type || args.protect ? NT_STATUS_INVALID_PARAMETER :
			 target.mm ? NT_STATUS_NOT_SUPPORTED :
			 nts_view_permit_split(args.base, args.size);
	} else if (cmd == NTSECTION_IOC_COMMIT) {
		if (args.alloc_type != NT_MEM_COMMIT)
			status = NT_STATUS_INVALID_PARAMETER_5;
		else
			status = nts_commit_in(&target, &args);
	} else {
		status = nts_free_in(&target, &args);
	}
	nts_target_put(&target);
out:
	args.status = status;
	if (copy_to_user(uargs, &args, sizeof(args)))
		return -EFAULT;
	return nts_status_to_errno(status);
}

static long nts_ioctl_flush(struct ntsection_flush_args __user *uargs)
{
	struct ntsection_flush_args args;
	struct nts_target target;
	bool c32 = nts_caller_32bit();
	u64 base, size, iosb;
	bool ran = false;
	u32 status;

	if (copy_from_user(&args, uargs, sizeof(args)))
		return -EFAULT;
	/* Windows probes the three and captures the first two, first. */
	if (!args.base_address || nts_get_uptr(args.base_address, &base) ||
	    !args.region_size || nts_get_uptr(args.region_size, &size) ||
	    !args.io_status || nts_get_uptr(args.io_status, &iosb)) {
		status = NT_STATUS_ACCESS_VIOLATION;
		goto out;
	}
	status = nts_flush_check_params(base, size, TASK_SIZE);
	if (!status)
		status = nts_target_get(args.process_fd, NT_PROCESS_VM_OPERATION, &target);
	if (status)
		goto out;
	status = nts_view_flush(target.mm ?: current->mm, &base, &size, &ran);
	nts_target_put(&target);
	/*
	 * Written once the writeback ran, a fault ignored (Windows writes them
	 * in a try block whose handler does nothing).
	 */
	if (ran) {
		u64 iosb_at = args.io_status + (c32 ? 4 : 8);

		if (nts_put_uptr(args.base_address, base) ||
		    nts_put_uptr(args.region_size, size) ||
		    put_user(status, (u32 __user *)u64_to_user_ptr(args.io_status)) ||
		    (!c32 && put_user(0u, (u32 __user *)u64_to_user_ptr(args.io_status + 4))) ||
		    nts_put_uptr(iosb_at, size))
			pr_debug("NtFlushVirtualMemory: outputs not writable\n");
	}
out:
	if (put_user(status, &uargs->status))
		return -EFAULT;
	return nts_status_to_errno(status);
}

static long nts_ioctl_query_vm(struct ntsection_vm_info __user *uargs)
{
	struct ntsection_vm_info info;
	struct nts_target target;
	u32 status;

	if (copy_from_user(&info, uargs, sizeof(info)))
		return -EFAULT;
	status = nts_target_get(info.process_fd, NT_PROCESS_QUERY_LIMITED_INFORMATION, &target);
	if (!status) {
		status = nts_view_query(target.mm ?: current->mm, &info);
		/* Another process's memory that is no view: the kernel describes it. */
		if (status == NT_STATUS_NOT_MAPPED_VIEW && target.mm)
			status = nts_vm_describe(target.mm, &info);
		else if (status == NT_STATUS_NOT_MAPPED_VIEW)
			status = nts_placeholder_query(current->mm, &info);
		nts_target_put(&target);
	}
	if (status) {
		u64 address = info.address;
		u32 process_fd = info.process_fd;

		memset(&info, 0, sizeof(info));
		info.address = address;
		info.process_fd = process_fd;
	}
	info.status = status;
	if (copy_to_user(uargs, &info, sizeof(info)))
		return -EFAULT;
	return nts_status_to_errno(status);
}

/* MemoryImageInformation: the i386 layout for 32-bit callers. */
static u32 nts_query_vm_image(struct mm_struct *mm, const struct ntsection_query_vm_args *args,
			      u64 *ret_len)
{
	struct ntsection_memory_image_information info;
	struct ntsection_memory_image_information32 info32;
	bool c32 = nts_caller_32bit();
	u64 need = c32 ? sizeof(info32) : sizeof(info);
	const void *reply = &info;
	u32 status;

	status = nts_view_image_info(mm, args->address, &info);
	if (status)
		return status;
	if (args->length < need)
		return NT_STATUS_INFO_LENGTH_MISMATCH;
	if (c32) {
		info32.image_base = info.image_base;
		info32.size_of_image = info.size_of_image;
		info32.image_flags = info.image_flags;
		reply = &info32;
	}
	if (copy_to_user(u64_to_user_ptr(args->buffer), reply, need))
		return NT_STATUS_ACCESS_VIOLATION;
	*ret_len = need;
	return NT_STATUS_SUCCESS;
}

/* The prefix of a file's name in NT's namespace (Wine's, for Unix paths). */
static const char nts_unix_prefix[] = "\\??\\unix";

/*
 * @path as NT names it, in UTF-16 with a NUL: \??\unix and the path with
 * backslashes. The length in bytes, NUL excluded, or a negative errno.
 */
static int nts_nt_file_name(const struct path *path, u16 **out)
{
	int plen = sizeof(nts_unix_prefix) - 1, n, i, max;
	char *buf, *p;
	u16 *w;

	buf = kmalloc(PATH_MAX, GFP_KERNEL);
	if (!buf)
		return -ENOMEM;
	p = d_path(path, buf, PATH_MAX);
	if (IS_ERR(p)) {
		kfree(buf);
		return PTR_ERR(p);
	}
	max = plen + strlen(p) + 1;
	w = kmalloc_array(max, sizeof(*w), GFP_KERNEL);
	if (!w) {
		kfree(buf);
		return -ENOMEM;
	}
	for (i = 0; i < plen; i++)
		w[i] = nts_unix_prefix[i];
	n = utf8s_to_utf16s(p, strlen(p), UTF16_LITTLE_ENDIAN, w + plen, max - plen - 1);
	kfree(buf);
	if (n < 0) {
		kfree(w);
		return n;
	}
	n += plen;
	for (i = plen; i < n; i++)
		if (w[i] == '/')
			w[i] = '\\';
	w[n] = 0;
	*out = w;
	return n * 2;
}

/* UNICODE_STRING in the caller's data model. */
struct nts_ustring64 {
	u16 length;
	u16 maximum_length;
	u32 pad;
	u64 buffer;
};

struct nts_ustring32 {
	u16 length;
	u16 maximum_length;
	u32 buffer;
};

/*
 * MemoryMappedFilenameInformation: a UNICODE_STRING whose Buffer points
 * right after it, then the name and a NUL.
 */
static u32 nts_query_vm_filename(struct mm_struct *mm, const struct ntsection_query_vm_args *args,
				 u64 *ret_len)
{
	bool c32 = nts_caller_32bit();
	struct nts_ustring64 us64 = {};
	struct nts_ustring32 us32 = {};
	u64 us = c32 ? sizeof(us32) : sizeof(us64), need;
	struct path path;
	u16 *name;
	u32 status;
	int len;

	status = nts_view_file_path(mm, args->address, &path);
	if (status)
		return status;
	len = nts_nt_file_name(&path, &name);
	path_put(&path);
	if (len < 0)
		return nts_errno_to_status(len, NT_STATUS_UNSUCCESSFUL);
	need = us + len + 2;
	*ret_len = need;
	status = NT_STATUS_INFO_LENGTH_MISMATCH;
	if (args->length < us)
		goto out;
	status = NT_STATUS_BUFFER_OVERFLOW;
	if (args->length < need || len + 2 > U16_MAX)
		goto out;
	us64.length = len;
	us64.maximum_length = len + 2;
	us64.buffer = args->buffer + us;
	us32.length = us64.length;
	us32.maximum_length = us64.maximum_length;
	us32.buffer = us64.buffer;
	status = NT_STATUS_SUCCESS;
	if (copy_to_user(u64_to_user_ptr(args->buffer), c32 ? (void *)&us32 : (void *)&us64, us) ||
	    copy_to_user(u64_to_user_ptr(args->buffer + us), name, len + 2))
		status = NT_STATUS_ACCESS_VIOLATION;
out:
	kfree(name);
	return status;
}

/* MemoryRegionInformation(Ex): the i386 layout for 32-bit callers. */
static u32 nts_query_vm_region(struct mm_struct *mm, const struct ntsection_query_vm_args *args,
			       u64 *ret_len)
{
	struct ntsection_memory_region_information info;
	struct ntsection_memory_region_information32 info32;
	bool c32 = nts_caller_32bit();
	const void *reply = &info;
	u64 fill;
	u32 status;

	status = nts_region_info_length(args->length, c32, &fill);
	if (status)
		return status;
	status = nts_vm_region_info(mm, args->address, &info);
	if (status)
		return status;
	if (c32) {
		info32 = (struct ntsection_memory_region_information32){
			.allocation_base = info.allocation_base,
			.allocation_protect = info.allocation_protect,
			.region_type = info.region_type,
			.region_size = info.region_size,
			.commit_size = info.commit_size,
		};
		reply = &info32;
	}
	if (copy_to_user(u64_to_user_ptr(args->buffer), reply, fill))
		return NT_STATUS_ACCESS_VIOLATION;
	*ret_len = c32 ? sizeof(info32) : sizeof(info);
	return NT_STATUS_SUCCESS;
}

/* How many MemoryWorkingSetExInformation entries one batch takes. */
#define NTS_WS_BATCH	128

/*
 * MemoryWorkingSetExInformation: an array of {VirtualAddress,
 * VirtualAttributes}, pointer-sized fields in the caller's data model, read
 * and answered a batch at a time (no user copy under mmap_lock).
 */
static u32 nts_query_vm_ws(struct mm_struct *mm, const struct ntsection_query_vm_args *args,
			   u64 *ret_len)
{
	bool c32 = nts_caller_32bit();
	u64 esz = c32 ? 8 : 16, n = args->length / esz, i, j, cnt;
	u64 *buf, *addrs, *attrs;
	u32 status = NT_STATUS_SUCCESS;
	u32 *b32;

	if (!n)
		return NT_STATUS_INFO_LENGTH_MISMATCH;
	buf = kmalloc_array(NTS_WS_BATCH, 4 * sizeof(u64), GFP_KERNEL);
	if (!buf)
		return NT_STATUS_NO_MEMORY;
	addrs = buf + 2 * NTS_WS_BATCH;
	attrs = addrs + NTS_WS_BATCH;
	b32 = (u32 *)buf;
	for (i = 0; i < n && !status; i += cnt) {
		void __user *ubuf = u64_to_user_ptr(args->buffer + i * esz);

		cnt = min_t(u64, n - i, NTS_WS_BATCH);
		if (copy_from_user(buf, ubuf, cnt * esz)) {
			status = NT_STATUS_ACCESS_VIOLATION;
			break;
		}
		for (j = 0; j < cnt; j++)
			addrs[j] = c32 ? b32[2 * j] : buf[2 * j];
		status = nts_vm_working_set(mm, addrs, attrs, cnt);
		if (status)
			break;
		for (j = 0; j < cnt; j++) {
			if (c32)
				b32[2 * j + 1] = attrs[j];
			else
				buf[2 * j + 1] = attrs[j];
		}
		if (copy_to_user(ubuf, buf, cnt * esz))
			status = NT_STATUS_ACCESS_VIOLATION;
		cond_resched();
		if (fatal_signal_pending(current))
			status = NT_STATUS_UNSUCCESSFUL;
	}
	kfree(buf);
	if (!status)
		*ret_len = args->length;
	return status;
}

static long nts_ioctl_query_vm_info(struct ntsection_query_vm_args __user *uargs)
{
	struct ntsection_query_vm_args args;
	struct nts_target target;
	struct mm_struct *mm;
	u64 ret_len = 0;
	u32 status;

	if (copy_from_user(&args, uargs, sizeof(args)))
		return -EFAULT;
	status = args.pad ? NT_STATUS_INVALID_PARAMETER :
		 nts_target_get(args.process_fd, NT_PROCESS_QUERY_LIMITED_INFORMATION, &target);
	if (status)
		goto out;
	mm = target.mm ?: current->mm;
	if (args.info_class == NT_MEMORY_IMAGE_INFORMATION)
		status = nts_query_vm_image(mm, &args, &ret_len);
	else if (args.info_class == NT_MEMORY_MAPPED_FILENAME_INFORMATION)
		status = nts_query_vm_filename(mm, &args, &ret_len);
	else if (args.info_class == NT_MEMORY_REGION_INFORMATION ||
		 args.info_class == NT_MEMORY_REGION_INFORMATION_EX)
		status = nts_query_vm_region(mm, &args, &ret_len);
	else if (args.info_class == NT_MEMORY_WORKING_SET_EX_INFORMATION)
		status = nts_query_vm_ws(mm, &args, &ret_len);
	else
		status = NT_STATUS_INVALID_INFO_CLASS;
	nts_target_put(&target);
	/* Written with the information, or with the size a short buffer needs. */
	if (ret_len && args.return_length && nts_put_uptr(args.return_length, ret_len))
		status = NT_STATUS_ACCESS_VIOLATION;
out:
	if (put_user(status, &uargs->status))
		return -EFAULT;
	return nts_status_to_errno(status);
}

static long nts_ioctl_same_files(struct ntsection_same_files_args __user *uargs)
{
	struct ntsection_same_files_args args;
	u32 status;

	if (copy_from_user(&args, uargs, sizeof(args)))
		return -EFAULT;
	status = args.pad ? NT_STATUS_INVALID_PARAMETER :
			    nts_view_same_files(args.address1, args.address2);
	if (put_user(status, &uargs->status))
		return -EFAULT;
	return nts_status_to_errno(status);
}

/* CLIENT_ID's UniqueProcess or UniqueThread: a pid in the caller's namespace. */
static u32 nts_cid_pid(u64 value, struct pid **pid)
{
	*pid = NULL;
	if (!value || value > PID_MAX_LIMIT)
		return NT_STATUS_INVALID_CID;
	*pid = find_get_pid(value);
	return *pid ? NT_STATUS_SUCCESS : NT_STATUS_INVALID_CID;
}

/*
 * NtOpenProcess's arguments: OBJECT_ATTRIBUTES (read for its ObjectName and
 * OBJ_INHERIT) and CLIENT_ID. The process, with a reference.
 */
static u32 nts_open_process_target(const struct ntsection_open_process_args *args,
				   u32 *obj_attrs, struct pid **out)
{
	bool c32 = nts_caller_32bit();
	u64 name, proc_id, thread_id, psz = c32 ? 4 : 8;
	struct task_struct *task;
	struct nts_uoa64 oa64;
	struct nts_uoa32 oa32;
	struct pid *pid;
	u32 status;

	if (!args->object_attributes)
		return NT_STATUS_ACCESS_VIOLATION;
	if (c32 ? copy_from_user(&oa32, u64_to_user_ptr(args->object_attributes), sizeof(oa32)) :
		  copy_from_user(&oa64, u64_to_user_ptr(args->object_attributes), sizeof(oa64)))
		return NT_STATUS_ACCESS_VIOLATION;
	name = c32 ? oa32.object_name : oa64.object_name;
	*obj_attrs = c32 ? oa32.attributes : oa64.attributes;
	/* Processes have no names: by its id, or a name alone, never both. */
	if (name || !args->client_id)
		return NT_STATUS_INVALID_PARAMETER_MIX;
	if (nts_get_uptr(args->client_id, &proc_id) ||
	    nts_get_uptr(args->client_id + psz, &thread_id))
		return NT_STATUS_ACCESS_VIOLATION;
	if (!thread_id)
		return nts_cid_pid(proc_id, out);
	status = nts_cid_pid(thread_id, &pid);
	if (status)
		return status;
	task = get_pid_task(pid, PIDTYPE_PID);
	put_pid(pid);
	if (!task)
		return NT_STATUS_INVALID_CID;
	*out = get_task_pid(task, PIDTYPE_TGID);
	put_task_struct(task);
	if (*out && (!proc_id || pid_vnr(*out) == proc_id))
		return NT_STATUS_SUCCESS;
	put_pid(*out);
	*out = NULL;
	return NT_STATUS_INVALID_CID;
}

/* A pidfd's process, with a reference. */
static u32 nts_pidfd_target(u32 fd, struct pid **out)
{
	struct file *file = fget(fd);
	struct pid *pid;

	if (!file)
		return NT_STATUS_INVALID_HANDLE;
	pid = nts_pidfd_pid(file);
	*out = get_pid(pid);
	fput(file);
	return pid ? NT_STATUS_SUCCESS : NT_STATUS_OBJECT_TYPE_MISMATCH;
}

static long nts_ioctl_open_process(struct ntsection_open_process_args __user *uargs)
{
	struct ntsection_open_process_args args;
	struct pid *pid = NULL;
	struct file *file;
	u32 status, obj_attrs = 0;
	int fd = -1;

	if (copy_from_user(&args, uargs, sizeof(args)))
		return -EFAULT;
	if (args.flags & ~NTSECTION_PROCESS_PIDFD ||
	    (!(args.flags & NTSECTION_PROCESS_PIDFD) && args.pidfd)) {
		status = NT_STATUS_INVALID_PARAMETER;
		goto out;
	}
	if (args.flags & NTSECTION_PROCESS_PIDFD)
		status = nts_pidfd_target(args.pidfd, &pid);
	else
		status = nts_open_process_target(&args, &obj_attrs, &pid);
	if (!status)
		status = nts_process_open(pid, args.access, &file);
	put_pid(pid);
	if (status)
		goto out;
	fd = get_unused_fd_flags(O_RDWR | ((obj_attrs & NT_OBJ_INHERIT) ? 0 : O_CLOEXEC));
	if (fd < 0) {
		fput(file);
		status = NT_STATUS_INSUFFICIENT_RESOURCES;
		goto out;
	}
	if (!args.process_handle || nts_put_uptr(args.process_handle, NTSECTION_FD_TO_HANDLE(fd))) {
		put_unused_fd(fd);
		fput(file);
		fd = -1;
		status = NT_STATUS_ACCESS_VIOLATION;
		goto out;
	}
	fd_install(fd, file);
out:
	/* Windows leaves 0 in *ProcessHandle when the call fails. */
	if (status && args.process_handle)
		nts_put_uptr(args.process_handle, 0);
	if (put_user(status, &uargs->status))
		return -EFAULT;	/* a handle, if any, stays: the caller's fd */
	return nts_status_to_errno(status);
}

/* NtReadVirtualMemory, NtWriteVirtualMemory. */
static long nts_ioctl_rw_vm(unsigned int cmd, struct ntsection_rw_vm_args __user *uargs)
{
	bool write = cmd == NTSECTION_IOC_WRITE_VM;
	struct ntsection_rw_vm_args args;
	struct nts_target target;
	u64 done = 0;
	u32 status;

	if (copy_from_user(&args, uargs, sizeof(args)))
		return -EFAULT;
	status = nts_target_get(args.process_fd, write ? NT_PROCESS_VM_WRITE : NT_PROCESS_VM_READ,
				&target);
	/* A handle of a process that is gone is good: 0 bytes were copied. */
	if (status && status != NT_STATUS_PROCESS_IS_TERMINATING)
		goto out;
	if (!status) {
		status = nts_process_copy(&target, args.address, args.buffer, args.size, write,
					  &done);
		nts_target_put(&target);
	}
	if (args.bytes && nts_put_uptr(args.bytes, done))
		status = NT_STATUS_ACCESS_VIOLATION;
out:
	if (put_user(status, &uargs->status))
		return -EFAULT;
	return nts_status_to_errno(status);
}

static long nts_ioctl_apc_open(struct ntsection_apc_open_args __user *uargs)
{
	struct file *file = NULL;
	u32 status;
	int fd = -1;

	status = nts_apc_open(&file);
	if (!status) {
		fd = get_unused_fd_flags(O_RDWR | O_CLOEXEC);
		if (fd < 0) {
			fput(file);
			status = NT_STATUS_INSUFFICIENT_RESOURCES;
		}
	}
	/* The fd exists only once the caller can learn it. */
	if (put_user(status ? 0xffffffffu : (u32)fd, &uargs->fd) ||
	    put_user(status, &uargs->status)) {
		if (!status) {
			put_unused_fd(fd);
			fput(file);
		}
		return -EFAULT;
	}
	if (!status)
		fd_install(fd, file);
	return nts_status_to_errno(status);
}

/* A call of another process's libntsection (apc.c): which right it needs. */
static u32 nts_apc_access(u32 op)
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

static long nts_ioctl_apc_call(struct ntsection_apc_call_args __user *uargs)
{
	struct ntsection_apc_call_args args;
	struct nts_target target;
	u32 status, access;

	if (copy_from_user(&args, uargs, sizeof(args)))
		return -EFAULT;
	access = nts_apc_access(args.apc.op);
	status = NT_STATUS_INVALID_PARAMETER;
	if (!access || args.apc.id || args.apc.status)
		goto out;
	status = nts_target_get(args.process_fd, access, &target);
	if (status)
		goto out;
	/* The caller's own process: its library runs the call itself. */
	status = target.mm ? nts_apc_call(&target, &args.apc) : NT_STATUS_INVALID_PARAMETER;
	nts_target_put(&target);
out:
	args.status = status;
	if (copy_to_user(uargs, &args, sizeof(args)))
		return -EFAULT;
	return nts_status_to_errno(status);
}

static long nts_dev_ioctl(struct file *file, unsigned int cmd, unsigned long parm)
{
	void __user *argp = (void __user *)parm;

	switch (cmd) {
	case NTSECTION_IOC_VERSION:
		return nts_ioctl_version(argp);
	case NTSECTION_IOC_CREATE:
		return nts_ioctl_create(argp);
	case NTSECTION_IOC_OPEN:
		return nts_ioctl_open(argp);
	case NTSECTION_IOC_MAP:
		return nts_ioctl_map(argp);
	case NTSECTION_IOC_UNMAP:
		return nts_ioctl_unmap(argp);
	case NTSECTION_IOC_QUERY:
		return nts_ioctl_query(argp);
	case NTSECTION_IOC_EXTEND:
		return nts_ioctl_extend(argp);
	case NTSECTION_IOC_COMMIT:
	case NTSECTION_IOC_FREE:
	case NTSECTION_IOC_PROTECT:
		return nts_ioctl_vm(cmd, argp);
	case NTSECTION_IOC_QUERY_VM:
		return nts_ioctl_query_vm(argp);
	case NTSECTION_IOC_QUERY_VM_INFO:
		return nts_ioctl_query_vm_info(argp);
	case NTSECTION_IOC_SAME_FILES:
		return nts_ioctl_same_files(argp);
	case NTSECTION_IOC_OPEN_PROCESS:
		return nts_ioctl_open_process(argp);
	case NTSECTION_IOC_READ_VM:
	case NTSECTION_IOC_WRITE_VM:
		return nts_ioctl_rw_vm(cmd, argp);
	case NTSECTION_IOC_APC_OPEN:
		return nts_ioctl_apc_open(argp);
	case NTSECTION_IOC_CREATE_EX:
		return nts_ioctl_create_ex(argp);
	case NTSECTION_IOC_MAP_EX:
		return nts_ioctl_map_ex(argp);
	case NTSECTION_IOC_UNMAP_EX:
		return nts_ioctl_unmap_ex(argp);
	case NTSECTION_IOC_ALLOCATE_EX:
		return nts_ioctl_allocate_ex(argp);
	case NTSECTION_IOC_APC_CALL:
		return nts_ioctl_apc_call(argp);
	case NTSECTION_IOC_FLUSH:
		return nts_ioctl_flush(argp);
	default:
		return -ENOIOCTLCMD;
	}
}

static const struct file_operations nts_dev_fops = {
	.owner		= THIS_MODULE,
	.open		= nonseekable_open,
	.unlocked_ioctl	= nts_dev_ioctl,
	.compat_ioctl	= compat_ptr_ioctl,
	.llseek		= noop_llseek,
};

static struct miscdevice nts_misc = {
	.minor		= MISC_DYNAMIC_MINOR,
	.name		= "ntsection",
	.fops		= &nts_dev_fops,
	.mode		= 0666,
};

static int __init nts_init(void)
{
	int err;

	err = nts_section_init();
	if (err)
		return err;
	err = nts_proc_init();
	if (err)
		goto out_section;
	err = nts_process_init();
	if (err)
		goto out_proc;
	err = misc_register(&nts_misc);
	if (err)
		goto out_process;
	return 0;

out_process:
	nts_process_exit();
out_proc:
	nts_proc_exit();
out_section:
	nts_section_exit();
	return err;
}

static void __exit nts_exit(void)
{
	misc_deregister(&nts_misc);
	nts_process_exit();
	nts_view_exit();
	nts_proc_exit();
	nts_section_exit();
}

module_init(nts_init);
module_exit(nts_exit);

MODULE_AUTHOR("The ntsection developers");
MODULE_DESCRIPTION("Windows NT section objects (shared memory sections and views)");
MODULE_LICENSE("GPL");
MODULE_VERSION("1.0.0");
