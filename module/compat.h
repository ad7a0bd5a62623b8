/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * ntsection: every difference between the kernels ntsection supports
 * (6.1 .. 6.12) lives here, and nowhere else.
 */
#ifndef _NTSECTION_COMPAT_H
#define _NTSECTION_COMPAT_H

#include <linux/version.h>
#include <linux/fs.h>
#include <linux/magic.h>
#include <linux/mm.h>
#include <linux/string.h>
#include <linux/sched/mm.h>

/* kunit/visibility.h arrived in 6.2; before it, nothing is exported for tests. */
#if LINUX_VERSION_CODE >= KERNEL_VERSION(6, 2, 0)
#include <kunit/visibility.h>
#else
#define EXPORT_SYMBOL_IF_KUNIT(symbol) static_assert(1, #symbol)
#endif

#if LINUX_VERSION_CODE < KERNEL_VERSION(6, 3, 0)
static inline void vm_flags_set(struct vm_area_struct *vma, vm_flags_t flags)
{
	vma->vm_flags |= flags;
}

static inline void vm_flags_clear(struct vm_area_struct *vma, vm_flags_t flags)
{
	vma->vm_flags &= ~flags;
}
#endif

/* The mm's default placement, bypassing any file's get_unmapped_area. */
static inline unsigned long nts_default_unmapped_area(unsigned long addr,
						      unsigned long len,
						      unsigned long pgoff,
						      unsigned long flags)
{
#if LINUX_VERSION_CODE >= KERNEL_VERSION(6, 10, 0)
	return mm_get_unmapped_area(current->mm, NULL, addr, len, pgoff, flags);
#else
	return current->mm->get_unmapped_area(NULL, addr, len, pgoff, flags);
#endif
}

/* Can @file be mapped at all (an ->mmap or, from 6.17, an ->mmap_prepare)? */
static inline bool nts_file_can_mmap(const struct file *file)
{
	return file->f_op->mmap;
}

/* The backing file's mapping of a view's VMA (vm_file stays the view file). */
static inline int nts_backing_mmap(struct file *backing, struct vm_area_struct *vma)
{
	return call_mmap(backing, vma);
}

/*
 * The struct pid a pidfd refers to, or NULL for any other file. Neither
 * kernel exports pidfd_pid(): 6.1 makes pidfds as "[pidfd]" anon-inode
 * files (the pid in private_data), 6.9 and later as pidfs files (the pid in
 * the inode's i_private).
 */
static inline struct pid *nts_pidfd_pid(struct file *file)
{
	struct inode *inode = file_inode(file);

#ifdef PID_FS_MAGIC
	if (inode->i_sb->s_magic == PID_FS_MAGIC)
		return inode->i_private;
#endif
	if (inode->i_sb->s_magic == ANON_INODE_FS_MAGIC &&
	    !strcmp(file->f_path.dentry->d_name.name, "[pidfd]"))
		return file->private_data;
	return NULL;
}

#endif /* _NTSECTION_COMPAT_H */
