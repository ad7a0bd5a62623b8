/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * ntsection: every difference between the kernels ntsection supports
 * (6.1 and later: tested on 6.1, 6.12 and 7.x) lives here, and nowhere
 * else. Drivers that use the in-kernel API get it through
 * <ntsection/ntsection.h> for NTSECTION_IMPORT_NS().
 */
#ifndef _NTSECTION_COMPAT_H
#define _NTSECTION_COMPAT_H

#include <linux/version.h>
#include <linux/fs.h>
#include <linux/module.h>
#include <linux/magic.h>
#include <linux/mm.h>
#include <linux/string.h>
#include <linux/capability.h>
#include <linux/sched.h>
#include <linux/sched/mm.h>
#include <linux/shmem_fs.h>
/* The unaligned little-endian accessors moved to <linux/unaligned.h> in 6.12. */
#if LINUX_VERSION_CODE >= KERNEL_VERSION(6, 12, 0)
#include <linux/unaligned.h>
#else
#include <asm/unaligned.h>
#endif
/* break_lease() moved to <linux/filelock.h> in 6.3. */
#if LINUX_VERSION_CODE >= KERNEL_VERSION(6, 3, 0)
#include <linux/filelock.h>
#endif

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

/*
 * Symbol namespaces: a bare token until 6.12, a string literal from 6.13.
 * NTSECTION_IMPORT_NS() is what a driver using the in-kernel API writes.
 */
#if LINUX_VERSION_CODE >= KERNEL_VERSION(6, 13, 0)
#define EXPORT_SYMBOL_NTS(sym)		EXPORT_SYMBOL_NS_GPL(sym, "NTSECTION")
#define NTSECTION_IMPORT_NS()		MODULE_IMPORT_NS("NTSECTION")
#define NTS_IMPORT_KUNIT_NS()		MODULE_IMPORT_NS("EXPORTED_FOR_KUNIT_TESTING")
#else
#define EXPORT_SYMBOL_NTS(sym)		EXPORT_SYMBOL_NS_GPL(sym, NTSECTION)
#define NTSECTION_IMPORT_NS()		MODULE_IMPORT_NS(NTSECTION)
#define NTS_IMPORT_KUNIT_NS()		MODULE_IMPORT_NS(EXPORTED_FOR_KUNIT_TESTING)
#endif

/* The mm's default placement, bypassing any file's get_unmapped_area. */
static inline unsigned long nts_default_unmapped_area(unsigned long addr,
						      unsigned long len,
						      unsigned long pgoff,
						      unsigned long flags)
{
#if LINUX_VERSION_CODE >= KERNEL_VERSION(6, 19, 0)
	return mm_get_unmapped_area(NULL, addr, len, pgoff, flags);
#elif LINUX_VERSION_CODE >= KERNEL_VERSION(6, 10, 0)
	return mm_get_unmapped_area(current->mm, NULL, addr, len, pgoff, flags);
#else
	return current->mm->get_unmapped_area(NULL, addr, len, pgoff, flags);
#endif
}

/*
 * A shmem file on @mnt, charged to the commit limit as its pages appear
 * (@noreserve) or all at once: shmem_file_setup_with_mnt() takes
 * VM_NORESERVE in a vm_flags_t until 6.19, a vma_flags_t from 7.0.
 */
static inline struct file *nts_shmem_file(struct vfsmount *mnt, const char *name,
					  loff_t size, bool noreserve)
{
#if LINUX_VERSION_CODE >= KERNEL_VERSION(7, 0, 0)
	return shmem_file_setup_with_mnt(mnt, name, size, noreserve ?
					 mk_vma_flags(VMA_NORESERVE_BIT) : EMPTY_VMA_FLAGS);
#else
	return shmem_file_setup_with_mnt(mnt, name, size, noreserve ? VM_NORESERVE : 0);
#endif
}

/*
 * The mount's id mapping that notify_change() and
 * setattr_should_drop_suidgid() take: a user namespace until 6.2, a
 * struct mnt_idmap from 6.3.
 */
#if LINUX_VERSION_CODE >= KERNEL_VERSION(6, 3, 0)
#define nts_file_idmap(file)	file_mnt_idmap(file)
#else
#define nts_file_idmap(file)	file_mnt_user_ns(file)
#endif

/*
 * Can @file be mapped at all? From 6.17, file systems (shmem among them)
 * may offer ->mmap_prepare instead of ->mmap.
 */
static inline bool nts_file_can_mmap(const struct file *file)
{
#if LINUX_VERSION_CODE >= KERNEL_VERSION(6, 17, 0)
	return file->f_op->mmap || file->f_op->mmap_prepare;
#else
	return file->f_op->mmap;
#endif
}

/*
 * The backing file's mapping of a view's VMA (vm_file stays the view
 * file), through whichever hook the backing file has: call_mmap() until
 * 6.16, vfs_mmap() (which runs ->mmap_prepare too) from 6.17.
 */
static inline int nts_backing_mmap(struct file *backing, struct vm_area_struct *vma)
{
#if LINUX_VERSION_CODE >= KERNEL_VERSION(6, 17, 0)
	return vfs_mmap(backing, vma);
#else
	return call_mmap(backing, vma);
#endif
}

/*
 * An inode's mtime and ctime (an image's change cookie): fields until 6.5
 * and 6.6, accessors from 6.6 (ctime) and 6.7 (mtime).
 */
static inline struct timespec64 nts_inode_mtime(const struct inode *inode)
{
#if LINUX_VERSION_CODE >= KERNEL_VERSION(6, 7, 0)
	return inode_get_mtime(inode);
#else
	return inode->i_mtime;
#endif
}

static inline struct timespec64 nts_inode_ctime(const struct inode *inode)
{
#if LINUX_VERSION_CODE >= KERNEL_VERSION(6, 6, 0)
	return inode_get_ctime(inode);
#else
	return inode->i_ctime;
#endif
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

/*
 * ptrace's dumpability rule for a process: dumpable by its owner, or the
 * caller has CAP_SYS_PTRACE in the user namespace it was exec'd in. 7.x
 * keeps both in task->exec_state (its coredump.h has an enum where older
 * ones define SUID_DUMP_USER); older kernels in the mm. Called under
 * rcu_read_lock(), as ptrace does.
 */
#include <linux/sched/coredump.h>
#ifdef SUID_DUMP_USER
static inline bool nts_dump_allowed(struct task_struct *task, struct mm_struct *mm)
{
	return get_dumpable(mm) == SUID_DUMP_USER || ns_capable(mm->user_ns, CAP_SYS_PTRACE);
}
#else
#include <linux/sched/exec_state.h>
static inline bool nts_dump_allowed(struct task_struct *task, struct mm_struct *mm)
{
	struct task_exec_state *es = rcu_dereference(task->exec_state);

	return es && (es->dumpable == TASK_DUMPABLE_OWNER ||
		      ns_capable(es->user_ns, CAP_SYS_PTRACE));
}
#endif

/* Kernel threads cloned from a user thread (io_uring, vhost): 6.4 and later. */
#ifdef PF_USER_WORKER
#define NTS_PF_USER_WORKER	(PF_USER_WORKER | PF_IO_WORKER)
#else
#define NTS_PF_USER_WORKER	PF_IO_WORKER
#endif

/* One page of another address space, as get_user_pages_remote() gives it. */
static inline long nts_gup_remote_one(struct mm_struct *mm, unsigned long addr,
				      unsigned int gup_flags, struct page **page)
{
#if LINUX_VERSION_CODE >= KERNEL_VERSION(6, 5, 0)
	return get_user_pages_remote(mm, addr, 1, gup_flags, page, NULL);
#else
	return get_user_pages_remote(mm, addr, 1, gup_flags, page, NULL, NULL);
#endif
}

/*
 * How many page tables map @page. 6.1 counts per page; later kernels count
 * a large folio's mappings as a whole: a folio mapped page by page counts
 * each page, so the whole is divided by its pages then (an estimate).
 */
static inline int nts_page_mapcount(struct page *page)
{
#if LINUX_VERSION_CODE >= KERNEL_VERSION(6, 12, 0)
	struct folio *folio = page_folio(page);
	long n, pages;

	if (!folio_test_large(folio))
		return folio_mapcount(folio);
	n = folio_large_mapcount(folio);
	pages = folio_nr_pages(folio);
	return n >= pages ? n / pages : n;
#else
	return page_mapcount(page);
#endif
}

#endif /* _NTSECTION_COMPAT_H */
