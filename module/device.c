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
#include <linux/file.h>
#include <linux/fs.h>
#include <linux/miscdevice.h>
#include <linux/mm.h>
#include <linux/module.h>
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
 *
 * The handle is complete before fd_install(): another thread can close the
 * fd the moment it exists.
 *
 * Return: the fd, or a negative errno.
 */
int nts_handle_install(struct nts_section *sec, u32 access, u32 obj_attrs)
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

/* ProcessHandle: the current process, or a pidfd of it (SPEC §5). */
static u32 nts_check_process(u32 fd)
{
	struct file *file;
	struct pid *pid;
	u32 status;

	if (fd == NTSECTION_CURRENT_PROCESS)
		return NT_STATUS_SUCCESS;
	file = fget(fd);
	if (!file)
		return NT_STATUS_INVALID_HANDLE;
	pid = nts_pidfd_pid(file);
	if (!pid)
		status = NT_STATUS_OBJECT_TYPE_MISMATCH;
	else if (pid == task_tgid(current))
		status = NT_STATUS_SUCCESS;
	else
		status = NT_STATUS_NOT_SUPPORTED;	/* other processes: later */
	fput(file);
	return status;
}

/* Copy a name in; NULL with *status set when it cannot be. */
static u16 *nts_copy_name(u64 uptr, u32 len, u32 *status)
{
	u16 *name;

	*status = NT_STATUS_SUCCESS;
	if (len > NTS_NAME_MAX_BYTES) {
		*status = NT_STATUS_OBJECT_NAME_INVALID;
		return NULL;
	}
	name = memdup_user(u64_to_user_ptr(uptr), len);
	if (IS_ERR(name)) {
		*status = nts_errno_to_status(PTR_ERR(name), NT_STATUS_NO_MEMORY);
		return NULL;
	}
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
 * The end of CREATE and OPEN: on success make the handle (an fd), then
 * write back the status and the fd, which sit side by side in both replies.
 */
static long nts_reply_handle(u32 status, struct nts_section *sec, u32 access, u32 obj_attrs,
			     u32 __user *ustatus_fd)
{
	u32 reply[2] = { status, (u32)-1 };
	long ret = nts_status_to_errno(status);

	if (nt_success(status)) {
		ret = nts_handle_install(sec, access, obj_attrs);
		if (ret < 0)
			reply[0] = nts_errno_to_status(ret, NT_STATUS_INSUFFICIENT_RESOURCES);
		else
			reply[1] = ret;
	}
	if (copy_to_user(ustatus_fd, reply, sizeof(reply)))
		return -EFAULT;	/* the fd, if any, stays: the caller can find it */
	return ret;
}

static long nts_ioctl_create(struct ntsection_create_args __user *uargs)
{
	struct ntsection_create_args args;
	struct nts_create_req req = {};
	struct nts_section *sec = NULL;
	u16 *name = NULL;
	u32 status;

	if (copy_from_user(&args, uargs, sizeof(args)))
		return -EFAULT;
	if (args.reserved || (args.flags & ~NTSECTION_CREATE_SIZE_GIVEN) ||
	    (args.mode & ~0777)) {
		status = NT_STATUS_INVALID_PARAMETER;
		goto out;
	}
	/* A name that cannot be read fails at the name's turn (SPEC §4). */
	if (args.name && args.name_length)
		name = nts_copy_name(args.name, args.name_length, &req.name_status);
	req.name = name;
	req.name_len = name || req.name_status ? args.name_length : 0;
	req.obj_attrs = args.obj_attributes;
	req.access = nts_generic_map_access(args.desired_access) & NT_SECTION_ALL_ACCESS;
	req.protect = args.protect;
	req.alloc_attrs = args.alloc_attributes;
	req.size = args.size;
	req.size_given = args.flags & NTSECTION_CREATE_SIZE_GIVEN;
	req.mode = args.mode;
	req.file = nts_backing_fget(args.file_fd, &req.file_status);
	status = nts_section_create(&req, &sec);
	if (req.file)
		fput(req.file);
out:
	kfree(name);
	return nts_reply_handle(status, sec, req.access, req.obj_attrs, &uargs->status);
}

static long nts_ioctl_open(struct ntsection_open_args __user *uargs)
{
	struct ntsection_open_args args;
	struct nts_section *sec;
	u32 status, granted = 0;
	u16 *name = NULL;

	if (copy_from_user(&args, uargs, sizeof(args)))
		return -EFAULT;
	if (args.pad) {
		status = NT_STATUS_INVALID_PARAMETER;
		goto out;
	}
	if (!args.name) {
		status = NT_STATUS_OBJECT_NAME_INVALID;
		goto out;
	}
	name = nts_copy_name(args.name, args.name_length, &status);
	if (!name)
		goto out;
	status = nts_section_open(name, args.name_length, args.obj_attributes,
				  args.desired_access, &sec, &granted);
out:
	kfree(name);
	return nts_reply_handle(status, sec, granted, args.obj_attributes, &uargs->status);
}

static long nts_ioctl_map(struct ntsection_map_args __user *uargs)
{
	struct ntsection_map_args args;
	struct nts_map_request req = {};
	struct nts_map_args check;
	struct file *file = NULL;
	u32 status;

	if (copy_from_user(&args, uargs, sizeof(args)))
		return -EFAULT;
	check = (struct nts_map_args) {
		.base = args.base, .zero_bits = args.zero_bits,
		.commit_size = args.commit_size, .offset = args.offset,
		.view_size = args.view_size, .inherit = args.inherit,
		.alloc_type = args.alloc_type, .protect = args.protect,
		.user_limit = TASK_SIZE,
	};
	status = nts_map_check_params(&check);
	if (!status)
		status = nts_check_process(args.process_fd);
	if (!status)
		file = nts_section_fget(args.section_fd, &status);
	if (file) {
		req.section = nts_handle_of(file)->section;
		req.access = nts_handle_of(file)->access;
		req.base = args.base;
		req.zero_bits = args.zero_bits;
		req.commit_size = args.commit_size;
		req.offset = args.offset;
		req.view_size = args.view_size;
		req.inherit = args.inherit;
		req.alloc_type = args.alloc_type;
		req.protect = args.protect;
		status = nts_view_map(&req);
		fput(file);
		if (nt_success(status)) {
			args.base = req.base;
			args.view_size = req.view_size;
		}
	}
	args.status = status;
	if (copy_to_user(uargs, &args, sizeof(args))) {
		/* The caller cannot learn where the view is: take it back. */
		if (nt_success(status))
			vm_munmap(req.base, req.view_size);
		return -EFAULT;
	}
	return nts_status_to_errno(status);
}

static long nts_ioctl_unmap(struct ntsection_unmap_args __user *uargs)
{
	struct ntsection_unmap_args args;
	u32 status;

	if (copy_from_user(&args, uargs, sizeof(args)))
		return -EFAULT;
	status = nts_check_process(args.process_fd);
	if (!status)
		status = nts_view_unmap(args.base);
	if (put_user(status, &uargs->status))
		return -EFAULT;
	return nts_status_to_errno(status);
}

static long nts_ioctl_query(struct ntsection_query_args __user *uargs)
{
	struct ntsection_basic_information info;
	struct ntsection_query_args args;
	struct file *file;
	u64 ret_len = 0;
	u32 status;

	if (copy_from_user(&args, uargs, sizeof(args)))
		return -EFAULT;
	if (args.pad) {
		status = NT_STATUS_INVALID_PARAMETER;
		goto out;
	}
	/* Class and length come before the handle, as on Windows. */
	status = nts_query_check_class(args.info_class, args.length);
	if (status)
		goto out;
	file = nts_section_fget(args.section_fd, &status);
	if (!file)
		goto out;
	status = nts_section_query(nts_handle_of(file)->section, nts_handle_of(file)->access,
				   args.info_class, &info, args.length, &ret_len);
	fput(file);
	if (!status && copy_to_user(u64_to_user_ptr(args.buffer), &info, sizeof(info))) {
		status = NT_STATUS_ACCESS_VIOLATION;
		ret_len = 0;	/* outputs are written on success only */
	}
out:
	args.status = status;
	args.return_length = ret_len;
	if (copy_to_user(uargs, &args, sizeof(args)))
		return -EFAULT;
	return nts_status_to_errno(status);
}

static long nts_ioctl_extend(struct ntsection_extend_args __user *uargs)
{
	struct ntsection_extend_args args;
	struct file *file;
	u32 status;

	if (copy_from_user(&args, uargs, sizeof(args)))
		return -EFAULT;
	file = nts_section_fget(args.section_fd, &status);
	if (file) {
		status = nts_section_extend(nts_handle_of(file)->section,
					    nts_handle_of(file)->access, &args.size);
		fput(file);
	}
	args.status = status;
	if (copy_to_user(uargs, &args, sizeof(args)))
		return -EFAULT;
	return nts_status_to_errno(status);
}

static long nts_ioctl_vm(unsigned int cmd, struct ntsection_vm_args __user *uargs)
{
	struct ntsection_vm_args args;
	u32 status;

	if (copy_from_user(&args, uargs, sizeof(args)))
		return -EFAULT;
	if (args.pad || args.old_protect) {
		status = NT_STATUS_INVALID_PARAMETER;
		goto out;
	}
	status = nts_check_process(args.process_fd);
	if (status)
		goto out;
	if (cmd == NTSECTION_IOC_COMMIT) {
		if (args.alloc_type != NT_MEM_COMMIT)
			status = NT_STATUS_INVALID_PARAMETER_5;
		else
			status = nts_view_commit(&args.base, &args.size, args.protect);
	} else {
		if (args.alloc_type != NT_MEM_DECOMMIT && args.alloc_type != NT_MEM_RELEASE)
			status = NT_STATUS_INVALID_PARAMETER_4;
		else
			status = nts_view_free(args.base);
	}
out:
	args.status = status;
	if (copy_to_user(uargs, &args, sizeof(args)))
		return -EFAULT;
	return nts_status_to_errno(status);
}

static long nts_ioctl_query_vm(struct ntsection_vm_info __user *uargs)
{
	struct ntsection_vm_info info;
	u32 status;

	if (copy_from_user(&info, uargs, sizeof(info)))
		return -EFAULT;
	status = nts_check_process(info.process_fd);
	if (!status)
		status = nts_view_query(&info);
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
		return nts_ioctl_vm(cmd, argp);
	case NTSECTION_IOC_QUERY_VM:
		return nts_ioctl_query_vm(argp);
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
	err = misc_register(&nts_misc);
	if (err)
		goto out_proc;
	return 0;

out_proc:
	nts_proc_exit();
out_section:
	nts_section_exit();
	return err;
}

static void __exit nts_exit(void)
{
	misc_deregister(&nts_misc);
	nts_proc_exit();
	nts_section_exit();
}

module_init(nts_init);
module_exit(nts_exit);

MODULE_AUTHOR("The ntsection developers");
MODULE_DESCRIPTION("Windows NT section objects (shared memory sections and views)");
MODULE_LICENSE("GPL");
MODULE_VERSION("0.1");
