// SPDX-License-Identifier: GPL-2.0-only
/*
 * ntsection: Windows NT section objects for Linux.
 *
 * The /dev/ntsection misc device: the userspace front door. Each ioctl copies
 * its argument in, hands it to the same core the in-kernel API uses, and
 * copies the reply (which always carries the NTSTATUS) back out.
 */

#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/fs.h>
#include <linux/miscdevice.h>
#include <linux/module.h>
#include <linux/uaccess.h>

#include "internal.h"

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

static long nts_dev_ioctl(struct file *file, unsigned int cmd, unsigned long parm)
{
	void __user *argp = (void __user *)parm;

	switch (cmd) {
	case NTSECTION_IOC_VERSION:
		return nts_ioctl_version(argp);
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
	return misc_register(&nts_misc);
}

static void __exit nts_exit(void)
{
	misc_deregister(&nts_misc);
}

module_init(nts_init);
module_exit(nts_exit);

MODULE_AUTHOR("The ntsection developers");
MODULE_DESCRIPTION("Windows NT section objects (shared memory sections and views)");
MODULE_LICENSE("GPL");
MODULE_VERSION("0.1");
