// SPDX-License-Identifier: GPL-2.0-only
/*
 * ntsection sample driver: shares a buffer with a process the way the
 * seed's "Managing Memory Sections" describes, using only the public
 * in-kernel API of <ntsection/ntsection.h>:
 *
 *   zw_create_section()            a pagefile-backed section
 *   zw_map_view_of_section()       a view in the calling process
 *   zw_map_view_in_system_space()  a view for the driver itself
 *   zw_close()                     at once: the views keep the section
 *   ... the driver writes a pattern, the process answers ...
 *   zw_unmap_view_of_section()     on request
 *   zw_unmap_view_in_system_space() when the file is closed
 */

#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/fs.h>
#include <linux/miscdevice.h>
#include <linux/module.h>
#include <linux/mutex.h>
#include <linux/slab.h>
#include <linux/uaccess.h>

#include <ntsection/ntsection.h>

#include "ntsection_sample.h"

/**
 * struct sample_buffer - one open file's shared buffer
 * @lock: serialises the ioctls of one file
 * @kaddr: the driver's (system-space) view
 * @uaddr: the process's view
 * @size: its size
 * @seed: the pattern's seed
 */
struct sample_buffer {
	struct mutex lock;
	void *kaddr;
	void __user *uaddr;
	size_t size;
	u32 seed;
};

static long sample_share(struct sample_buffer *buf, struct ntsection_sample_share __user *uarg)
{
	struct ntsection_sample_share arg;
	struct ntsection_handle section;
	size_t view_size = 0, sys_size = 0;
	void __user *uaddr = NULL;
	void *kaddr = NULL;
	s64 size;
	size_t i;
	u32 status;

	if (copy_from_user(&arg, uarg, sizeof(arg)))
		return -EFAULT;
	if (buf->kaddr)
		return -EBUSY;
	size = arg.size;
	status = zw_create_section(&section, NT_SECTION_ALL_ACCESS, NULL, &size,
				   NT_PAGE_READWRITE, NT_SEC_COMMIT, NULL);
	if (status)
		goto out;
	status = zw_map_view_of_section(section, ZW_CURRENT_PROCESS, &uaddr, 0, 0, NULL,
					&view_size, NT_VIEW_UNMAP, 0, NT_PAGE_READWRITE);
	if (!status)
		status = zw_map_view_in_system_space(section, &kaddr, &sys_size);
	/* The views keep the section: the handle is no longer needed. */
	zw_close(section);
	if (status) {
		if (uaddr)
			zw_unmap_view_of_section(ZW_CURRENT_PROCESS, uaddr);
		goto out;
	}
	for (i = 0; i < arg.size; i++)
		((u8 *)kaddr)[i] = arg.seed + i;
	buf->kaddr = kaddr;
	buf->uaddr = uaddr;
	buf->size = arg.size;
	buf->seed = arg.seed;
	arg.user_addr = (unsigned long)uaddr;
out:
	arg.status = status;
	if (copy_to_user(uarg, &arg, sizeof(arg)))
		return -EFAULT;
	return status ? -EINVAL : 0;
}

static long sample_verify(struct sample_buffer *buf, struct ntsection_sample_verify __user *uarg)
{
	struct ntsection_sample_verify arg = {};
	const u8 *p = buf->kaddr;
	size_t i;

	if (!p)
		return -ENXIO;
	for (i = 0; i < buf->size; i++)
		if (p[i] != (u8)~(u8)(buf->seed + i))
			break;
	arg.bad_offset = i;
	return copy_to_user(uarg, &arg, sizeof(arg)) ? -EFAULT : 0;
}

static long sample_ioctl(struct file *file, unsigned int cmd, unsigned long parm)
{
	struct sample_buffer *buf = file->private_data;
	long ret;

	mutex_lock(&buf->lock);
	switch (cmd) {
	case NTSECTION_SAMPLE_SHARE:
		ret = sample_share(buf, (void __user *)parm);
		break;
	case NTSECTION_SAMPLE_VERIFY:
		ret = sample_verify(buf, (void __user *)parm);
		break;
	case NTSECTION_SAMPLE_UNMAP:
		ret = buf->uaddr && !zw_unmap_view_of_section(ZW_CURRENT_PROCESS, buf->uaddr) ?
		      0 : -EINVAL;
		buf->uaddr = NULL;
		break;
	default:
		ret = -ENOIOCTLCMD;
	}
	mutex_unlock(&buf->lock);
	return ret;
}

static int sample_open(struct inode *inode, struct file *file)
{
	struct sample_buffer *buf = kzalloc(sizeof(*buf), GFP_KERNEL);

	if (!buf)
		return -ENOMEM;
	mutex_init(&buf->lock);
	file->private_data = buf;
	return 0;
}

static int sample_release(struct inode *inode, struct file *file)
{
	struct sample_buffer *buf = file->private_data;

	if (buf->kaddr)
		zw_unmap_view_in_system_space(buf->kaddr);
	mutex_destroy(&buf->lock);
	kfree(buf);
	return 0;
}

static const struct file_operations sample_fops = {
	.owner		= THIS_MODULE,
	.open		= sample_open,
	.release	= sample_release,
	.unlocked_ioctl	= sample_ioctl,
	.compat_ioctl	= compat_ptr_ioctl,
	.llseek		= noop_llseek,
};

static struct miscdevice sample_misc = {
	.minor	= MISC_DYNAMIC_MINOR,
	.name	= "ntsection_sample",
	.fops	= &sample_fops,
	.mode	= 0666,
};

module_misc_device(sample_misc);

MODULE_AUTHOR("The ntsection developers");
MODULE_DESCRIPTION("Sample driver sharing a buffer with userspace through an ntsection section");
MODULE_LICENSE("GPL");
NTSECTION_IMPORT_NS();
