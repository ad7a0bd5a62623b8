// SPDX-License-Identifier: GPL-2.0-only
/*
 * ntsection: the section object (SPEC §4, §7, §8).
 *
 * A section is a size, a protection, allocation attributes and a backing
 * file: a shmem file for pagefile-backed sections, the caller's file for
 * file-backed ones. Handles (section file descriptors) and views (VMAs)
 * each hold a reference; the name lives as long as a handle does.
 */

#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/err.h>
#include <linux/ipc_namespace.h>
#include <linux/fs.h>
#include <linux/magic.h>
#include <linux/mm.h>
#include <linux/mount.h>
#include <linux/sched.h>
#include <linux/shmem_fs.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/swap.h>

#include "image.h"
#include "internal.h"
#include "trace.h"
#include "validate.h"

static struct kmem_cache *nts_section_cache;
/*
 * Private tmpfs mounts: huge pages for SEC_LARGE_PAGES sections (or NULL
 * without THP), never for the others, whatever the system's shmem_enabled
 * (an uncommitted page must never share a folio that a fault maps whole).
 */
static struct vfsmount *nts_huge_mnt;
static struct vfsmount *nts_small_mnt;
/*
 * What a new open of a pagefile section's shmem inode gets: shmem's file
 * operations, but no open. A view's vm_file is reachable through
 * /proc/PID/map_files; reopening it there would give a mapping without the
 * view's protection (the hole ashmem had to close). Our own backing file
 * keeps the operations it was created with.
 */
static const struct file_operations *nts_backing_fops;

static int nts_backing_open(struct inode *inode, struct file *file)
{
	return -EPERM;
}

/**
 * nts_status_to_errno() - the closest POSIX error for an NTSTATUS
 * @status: an NT_STATUS_* value
 *
 * Return: 0 for success and informational statuses, else a negative errno.
 */
int nts_status_to_errno(u32 status)
{
	if (nt_success(status))
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

/**
 * nts_errno_to_status() - the NTSTATUS for a kernel error code
 * @err: a negative errno from a kernel function
 * @fallback: what to report for errors without an obvious NT equivalent
 *
 * Return: an NT_STATUS_* value.
 */
u32 nts_errno_to_status(int err, u32 fallback)
{
	switch (err) {
	case 0:
		return NT_STATUS_SUCCESS;
	case -ENOMEM:
		return NT_STATUS_NO_MEMORY;
	case -EFAULT:
		return NT_STATUS_ACCESS_VIOLATION;
	case -EACCES:
	case -EPERM:
		return NT_STATUS_ACCESS_DENIED;
	case -EBADF:
		return NT_STATUS_INVALID_HANDLE;
	case -EFBIG:
		return NT_STATUS_SECTION_TOO_BIG;
	case -ENOSPC:
	case -EDQUOT:
		return NT_STATUS_INSUFFICIENT_RESOURCES;
	default:
		return fallback;
	}
}

static void nts_section_release(struct kref *ref)
{
	struct nts_section *sec = container_of(ref, struct nts_section, ref);

	nts_proc_del(sec);
	if (sec->image_obj)
		nts_image_object_put(sec->image_obj);
	nts_image_info_free(sec->image);
	if (sec->backing)
		fput(sec->backing);
	if (sec->image_self)
		nts_image_object_release(sec->image_self);
	put_pid(sec->exclusive);
	xa_destroy(&sec->committed);
	mutex_destroy(&sec->lock);
	mutex_destroy(&sec->commit_lock);
	kmem_cache_free(nts_section_cache, sec);
	nts_count(NTS_CNT_SECTIONS, -1);
	module_put(THIS_MODULE);
}

/**
 * nts_section_get() - take a reference on a section
 * @sec: the section
 */
void nts_section_get(struct nts_section *sec)
{
	kref_get(&sec->ref);
}

/**
 * nts_section_put() - drop a reference on a section
 * @sec: the section; freed with the last reference
 */
void nts_section_put(struct nts_section *sec)
{
	kref_put(&sec->ref, nts_section_release);
}

/**
 * nts_section_handle_closed() - a handle of @sec went away
 * @sec: the section
 *
 * The last handle takes the name with it (SPEC §1.2); views keep only the
 * memory. With the last handle go the view files kept for views to come
 * (nts_view_cache_drop()). Drops the handle's reference.
 */
void nts_section_handle_closed(struct nts_section *sec)
{
	trace_ntsection_close(sec->id, atomic_read(&sec->handles) - 1);
	if (sec->name)
		nts_directory_remove(sec);
	else
		atomic_dec(&sec->handles);
	if (!atomic_read(&sec->handles))
		nts_view_cache_drop(sec);
	nts_section_put(sec);
}
EXPORT_SYMBOL_IF_KUNIT(nts_section_handle_closed);

/**
 * nts_section_reserve_only() - are @sec's pages committed one by one?
 * @sec: the section
 *
 * Return: true for pagefile-backed SEC_RESERVE sections (SPEC §6).
 */
bool nts_section_reserve_only(const struct nts_section *sec)
{
	return !sec->file_backed && (sec->alloc_attrs & NT_SEC_RESERVE);
}

/**
 * nts_section_writable() - may the section's pages be written in place?
 * @sec: the section
 *
 * Return: true when its protection allows a shared write (READWRITE,
 * EXECUTE_READWRITE) and its backing file is open for writing.
 */
bool nts_section_writable(const struct nts_section *sec)
{
	u32 base = sec->protect & NTS_PAGE_BASE_MASK;

	return (base == NT_PAGE_READWRITE || base == NT_PAGE_EXECUTE_READWRITE) &&
	       (sec->backing->f_mode & FMODE_WRITE);
}

/**
 * nts_section_committed() - is page @index of @sec committed?
 * @sec: the section
 * @index: page index in the section
 *
 * Lockless (the fault path calls it): the commit state only ever grows.
 *
 * Return: true when the page may be touched.
 */
bool nts_section_committed(struct nts_section *sec, pgoff_t index)
{
	void *entry;

	if (!nts_section_reserve_only(sec))
		return true;
	entry = xa_load(&sec->committed, index >> NTS_COMMIT_CHUNK_SHIFT);
	if (!xa_is_value(entry))
		return false;
	return xa_to_value(entry) & BIT(index & (NTS_COMMIT_CHUNK - 1));
}
EXPORT_SYMBOL_IF_KUNIT(nts_section_committed);

/**
 * nts_section_commit_run_end() - where the run of pages like @index ends
 * @sec: the section
 * @index: first page of the run
 * @end: where to stop looking (exclusive)
 *
 * Lockless, like nts_section_committed(). Runs of uncommitted pages are
 * skipped a bitmap chunk at a time (xa_find()), so the walk is bounded by
 * the committed pages it meets, which the commit limit bounds.
 *
 * Return: the first page in [@index, @end) whose commit state differs from
 * @index's, or @end.
 */
pgoff_t nts_section_commit_run_end(struct nts_section *sec, pgoff_t index, pgoff_t end)
{
	bool want = nts_section_committed(sec, index);
	unsigned long chunks = 0;

	if (!nts_section_reserve_only(sec))
		return end;
	while (index < end) {
		unsigned long chunk = index >> NTS_COMMIT_CHUNK_SHIFT;
		void *entry = xa_load(&sec->committed, chunk);
		unsigned long bits = xa_is_value(entry) ? xa_to_value(entry) : 0;

		if (!want && !bits) {
			unsigned long next = chunk + 1;

			if (!xa_find(&sec->committed, &next, ULONG_MAX, XA_PRESENT) ||
			    next > (end - 1) >> NTS_COMMIT_CHUNK_SHIFT)
				return end;
			index = (pgoff_t)next << NTS_COMMIT_CHUNK_SHIFT;
			continue;
		}
		for (; index < end && index >> NTS_COMMIT_CHUNK_SHIFT == chunk; index++)
			if (!!(bits & BIT(index & (NTS_COMMIT_CHUNK - 1))) != want)
				return index;
		if (!(++chunks & 1023))
			cond_resched();
	}
	return end;
}
EXPORT_SYMBOL_IF_KUNIT(nts_section_commit_run_end);

/* The machine's commit limit in pages: RAM and free swap. */
static unsigned long nts_commit_limit_pages(void)
{
	return totalram_pages() + get_nr_swap_pages();
}

/**
 * nts_section_commit() - commit pages of a SEC_RESERVE section
 * @sec: the section
 * @first: first page index
 * @count: number of pages
 *
 * Committing is for the whole section: every view sees the pages committed
 * (SPEC §6). Committing a committed page again succeeds. A section never
 * holds more committed pages than the machine's commit limit (RAM and
 * swap), which also bounds the memory the commit state takes and the time
 * a walk over it can take; nothing is committed when the request would
 * pass it.
 *
 * Return: NT_STATUS_SUCCESS, NT_STATUS_COMMITMENT_LIMIT or
 * NT_STATUS_NO_MEMORY.
 */
u32 nts_section_commit(struct nts_section *sec, pgoff_t first, pgoff_t count)
{
	unsigned long limit = nts_commit_limit_pages(), added = 0;
	pgoff_t index, end = first + count;
	u32 status = NT_STATUS_SUCCESS;

	if (!nts_section_reserve_only(sec))
		return NT_STATUS_SUCCESS;
	if (count > limit)
		return NT_STATUS_COMMITMENT_LIMIT;
	mutex_lock(&sec->commit_lock);
	/* First count what is new, then store it: all or nothing. */
	for (index = first; index < end;) {
		unsigned long chunk = index >> NTS_COMMIT_CHUNK_SHIFT;
		unsigned long lo = index & (NTS_COMMIT_CHUNK - 1);
		unsigned long hi = min_t(pgoff_t, NTS_COMMIT_CHUNK, lo + (end - index));
		void *old = xa_load(&sec->committed, chunk);
		unsigned long cur = xa_is_value(old) ? xa_to_value(old) : 0;

		added += hweight_long(GENMASK(hi - 1, lo) & ~cur);
		index += hi - lo;
		if (!(chunk & 1023))
			cond_resched();
	}
	if (sec->committed_pages + added > limit) {
		mutex_unlock(&sec->commit_lock);
		return NT_STATUS_COMMITMENT_LIMIT;
	}
	for (index = first; index < end;) {
		unsigned long chunk = index >> NTS_COMMIT_CHUNK_SHIFT;
		unsigned long lo = index & (NTS_COMMIT_CHUNK - 1);
		unsigned long hi = min_t(pgoff_t, NTS_COMMIT_CHUNK, lo + (end - index));
		unsigned long bits = GENMASK(hi - 1, lo);
		void *old = xa_load(&sec->committed, chunk);
		unsigned long cur = xa_is_value(old) ? xa_to_value(old) : 0;

		if ((cur | bits) != cur) {
			if (xa_err(xa_store(&sec->committed, chunk, xa_mk_value(cur | bits),
					    GFP_KERNEL_ACCOUNT))) {
				status = NT_STATUS_NO_MEMORY;
				break;
			}
			WRITE_ONCE(sec->committed_pages,
				   sec->committed_pages + hweight_long(bits & ~cur));
		}
		index += hi - lo;
		if (!(chunk & 1023))
			cond_resched();
	}
	mutex_unlock(&sec->commit_lock);
	return status;
}
EXPORT_SYMBOL_IF_KUNIT(nts_section_commit);

/**
 * nts_section_check_backing() - may @file back a section?
 * @file: the caller's file
 *
 * Only a file whose mapping is an ordinary page-cache mapping that a view
 * can wrap: a regular file on tmpfs, ramfs, ext2/3/4, XFS or Btrfs, not DAX
 * and not an active swap file. Never hugetlbfs, secretmem (memfd_secret),
 * device files, or file systems that keep per-open state for their mapping
 * (network and FUSE file systems, overlayfs).
 *
 * Return: NT_STATUS_SUCCESS, NT_STATUS_OBJECT_TYPE_MISMATCH for what is not
 * a mappable regular file, NT_STATUS_INVALID_FILE_FOR_SECTION for a
 * regular file that cannot back a section.
 */
u32 nts_section_check_backing(struct file *file)
{
	struct inode *inode = file_inode(file);

	if (!S_ISREG(inode->i_mode) || file->f_op == &nts_section_fops ||
	    (file->f_mode & FMODE_PATH) || !nts_file_can_mmap(file))
		return NT_STATUS_OBJECT_TYPE_MISMATCH;
	switch (inode->i_sb->s_magic) {
	case TMPFS_MAGIC:
	case RAMFS_MAGIC:
	case EXT4_SUPER_MAGIC:
	case XFS_SUPER_MAGIC:
	case BTRFS_SUPER_MAGIC:
		break;
	default:
		return NT_STATUS_INVALID_FILE_FOR_SECTION;
	}
	if (IS_DAX(inode) || IS_SWAPFILE(inode))
		return NT_STATUS_INVALID_FILE_FOR_SECTION;
	return NT_STATUS_SUCCESS;
}
EXPORT_SYMBOL_IF_KUNIT(nts_section_check_backing);

static u32 nts_file_access(const struct file *file)
{
	u32 access = 0;

	if (file->f_mode & FMODE_READ)
		access |= NTS_FILE_READ;
	if (file->f_mode & FMODE_WRITE)
		access |= NTS_FILE_WRITE;
	return access;
}

static ssize_t nts_image_file_read(void *ctx, void *buf, size_t len, u64 pos)
{
	loff_t off = pos;

	return kernel_read(ctx, buf, len, &off);
}

/*
 * SEC_IMAGE: check the file's PE headers (SPEC §10.1). The file was opened
 * for reading (nts_file_access_needed()); its size is read once, here.
 * Its write access is denied first, as exec does, when nobody has it open
 * for writing (*@denied): then the headers read now are the bytes the
 * image object is filled from, and a shared object is never out of date.
 */
static u32 nts_section_image(struct file *file, struct nts_create_args *args,
			     struct nts_image_info **out, bool *denied)
{
	struct nts_image_src src = {
		.size = args->file_size, .read = nts_image_file_read, .ctx = file,
		.max_size = args->size_given ? args->size : 0,
	};
	struct nts_image_info *info;
	u32 status;

	if (!(file->f_mode & FMODE_READ))
		return NT_STATUS_SUCCESS;	/* the access check comes first */
	*denied = !deny_write_access(file);
	src.size = i_size_read(file_inode(file));
	args->file_size = src.size;
	info = kmalloc(sizeof(*info), GFP_KERNEL_ACCOUNT);
	if (!info)
		return NT_STATUS_INSUFFICIENT_RESOURCES;
	status = nts_image_parse(&src, info);
	args->image_status = status;
	args->image_size = info->map_size;
	if (status) {
		kfree(info);
		return NT_STATUS_SUCCESS;	/* reported in the §4 order */
	}
	*out = info;
	return NT_STATUS_SUCCESS;
}

/*
 * Grow the backing file to @size, never shrinking it: what ftruncate() on
 * the handle's file does (its open mode is the permission: no path lookup
 * with the caller's credentials), with the size compared under the inode
 * lock, so that a file another writer grew meanwhile is left alone.
 */
static int nts_file_grow(struct file *file, loff_t size)
{
	struct inode *inode = file_inode(file);
	struct iattr attr = {
		.ia_valid = ATTR_SIZE | ATTR_FILE | ATTR_MTIME | ATTR_CTIME,
		.ia_size = size,
		.ia_file = file,
	};
	int err, kill;

	if (!(file->f_mode & FMODE_WRITE))
		return -EACCES;
	if (IS_APPEND(inode) || IS_IMMUTABLE(inode))
		return -EPERM;
	err = mnt_want_write_file(file);
	if (err)
		return err;
	err = break_lease(inode, O_WRONLY);
	if (!err) {
		inode_lock(inode);
		if (size > i_size_read(inode)) {
			kill = setattr_should_drop_suidgid(nts_file_idmap(file), inode);
			if (kill)
				attr.ia_valid |= kill | ATTR_FORCE;
			err = notify_change(nts_file_idmap(file), file->f_path.dentry, &attr, NULL);
		}
		inode_unlock(inode);
	}
	mnt_drop_write_file(file);
	return err;
}

static u32 nts_section_backing(struct nts_section *sec, const struct nts_create_req *req,
			       bool grow)
{
	bool noreserve;
	struct file *file;
	int err;

	if (req->file) {
		if (grow) {
			err = nts_file_grow(req->file, sec->size);
			if (err)
				return nts_errno_to_status(err, NT_STATUS_SECTION_TOO_BIG);
		}
		sec->backing = get_file(req->file);
		return NT_STATUS_SUCCESS;
	}

	/*
	 * SEC_COMMIT charges the whole size against the commit limit now, the
	 * way a shared writable mapping is charged; SEC_RESERVE charges pages
	 * as they appear (VM_NORESERVE).
	 */
	noreserve = (req->alloc_attrs & NT_SEC_RESERVE) || req->image_pages;
	if ((req->alloc_attrs & NT_SEC_LARGE_PAGES) && nts_huge_mnt)
		file = nts_shmem_file(nts_huge_mnt, "ntsection", sec->size, noreserve);
	else
		file = nts_shmem_file(nts_small_mnt, "ntsection", sec->size, noreserve);
	if (IS_ERR(file)) {
		err = PTR_ERR(file);
		if (err == -ENOMEM && (req->alloc_attrs & NT_SEC_COMMIT))
			return NT_STATUS_COMMITMENT_LIMIT;
		return nts_errno_to_status(err, NT_STATUS_INSUFFICIENT_RESOURCES);
	}
	file_inode(file)->i_fop = nts_backing_fops;
	/*
	 * A page the section cannot get (its memory cgroup at memory.max, or
	 * the machine out of memory) fails the allocation instead of calling
	 * the OOM killer, and the fault raises SIGBUS at the touching
	 * instruction (nts_view_fault()): NT's in-page error, not a kill.
	 */
	mapping_set_gfp_mask(file->f_mapping, mapping_gfp_mask(file->f_mapping) |
			     __GFP_RETRY_MAYFAIL | __GFP_NOWARN);
	sec->backing = file;
	return NT_STATUS_SUCCESS;
}

static u32 nts_name_leaf_check(const struct nts_create_req *req)
{
	u32 start, len;

	if (!req->name_len)
		return NT_STATUS_SUCCESS;
	return nts_check_name(req->name, req->name_len,
			      req->obj_attrs & NT_OBJ_CASE_INSENSITIVE, &start, &len);
}

/* SeCreatePermanentPrivilege: CAP_SYS_ADMIN over the caller's IPC namespace. */
static bool nts_may_be_permanent(void)
{
	return ns_capable(nts_current_ipc_ns()->user_ns, CAP_SYS_ADMIN);
}

/**
 * nts_section_access() - a section DesiredAccess, as the kernel keeps it
 * @desired: DesiredAccess as the caller passed it
 *
 * Generic rights mapped, only section rights kept, and MAXIMUM_ALLOWED,
 * which nts_section_grant() resolves against the section.
 *
 * Return: the access mask.
 */
u32 nts_section_access(u32 desired)
{
	return nts_generic_map_access(desired) & (NT_SECTION_ALL_ACCESS | NT_MAXIMUM_ALLOWED);
}

/*
 * The access a handle to the existing @sec gets for @access (from
 * nts_section_access()) in *@granted, opened with @attrs: first
 * OBJ_EXCLUSIVE (nts_check_exclusive()), then every right asked for must be
 * allowed (nts_directory_may_open()); MAXIMUM_ALLOWED adds every right the
 * section's owner, group and mode allow the caller (nts_mode_access()), and
 * is ACCESS_DENIED when they allow nothing, as Windows' access check is.
 */
static u32 nts_section_grant(const struct nts_section *sec, u32 attrs, u32 access,
			     u32 *granted)
{
	u32 max = 0, status;

	status = nts_check_exclusive(attrs, !!sec->exclusive,
				     sec->exclusive == task_tgid(current));
	if (status)
		return status;
	if (access & NT_MAXIMUM_ALLOWED) {
		access &= ~NT_MAXIMUM_ALLOWED;
		max = nts_directory_max_access(sec);
		if (!max)
			return NT_STATUS_ACCESS_DENIED;
	}
	if (!nts_directory_may_open(sec, access))
		return NT_STATUS_ACCESS_DENIED;
	*granted = access | max;
	return NT_STATUS_SUCCESS;
}

/*
 * OBJ_OPENIF found the name taken: the existing section is opened, with
 * the same permission check as NtOpenSection.
 */
static u32 nts_section_openif(struct nts_section *existing, struct nts_create_req *req,
			      struct nts_section **out)
{
	u32 status = nts_section_grant(existing, req->obj_attrs, req->access, &req->granted);

	if (status) {
		nts_section_handle_closed(existing);
		return status;
	}
	*out = existing;
	return NT_STATUS_OBJECT_NAME_EXISTS;
}

/*
 * A new section object with one reference and one handle, owned by the
 * calling user, mode 0600, in the caller's IPC namespace; NULL with
 * *@status on failure.
 */
static struct nts_section *nts_section_alloc(u32 protect, u32 alloc_attrs, u64 size,
					     u32 *status)
{
	struct nts_section *sec;

	*status = NT_STATUS_UNSUCCESSFUL;
	if (!try_module_get(THIS_MODULE))
		return NULL;
	sec = kmem_cache_zalloc(nts_section_cache, GFP_KERNEL_ACCOUNT);
	if (!sec) {
		module_put(THIS_MODULE);
		*status = NT_STATUS_INSUFFICIENT_RESOURCES;
		return NULL;
	}
	nts_count(NTS_CNT_SECTIONS, 1);
	kref_init(&sec->ref);
	atomic_set(&sec->handles, 1);
	mutex_init(&sec->lock);
	mutex_init(&sec->commit_lock);
	spin_lock_init(&sec->view_lock);
	INIT_LIST_HEAD(&sec->view_cache);
	INIT_LIST_HEAD(&sec->node);
	xa_init(&sec->committed);
	sec->protect = protect;
	sec->alloc_attrs = alloc_attrs;
	sec->size = size;
	sec->uid = current_euid();
	sec->gid = current_egid();
	sec->mode = 0600;
	sec->ns = nts_current_ipc_ns();
	sec->ns_inum = sec->ns->ns.inum;
	return sec;
}

static u32 nts_section_create_denied(struct nts_create_req *req,
				     struct nts_section **out, bool *denied);

/**
 * nts_section_create() - NtCreateSection
 * @req: the request, with kernel values and the backing file resolved
 * @out: on success, the section, with one reference and one handle counted
 *
 * Runs the SPEC §4 checks in their order (nts_validate_create()), then the
 * name: with OBJ_OPENIF an existing section of that name is returned instead
 * (NT_STATUS_OBJECT_NAME_EXISTS, its size and protection unchanged).
 *
 * Return: an NTSTATUS; *@out is set only when it is a success.
 */
u32 nts_section_create(struct nts_create_req *req, struct nts_section **out)
{
	bool denied = false;
	u32 status = nts_section_create_denied(req, out, &denied);

	/* The file's write access, unless an image object took it over. */
	if (denied)
		allow_write_access(req->file);
	trace_ntsection_create(nt_success(status) ? (*out)->id : 0, req->alloc_attrs, req->protect,
			       nt_success(status) ? (*out)->size : req->size, !!req->file, status);
	return status;
}
EXPORT_SYMBOL_IF_KUNIT(nts_section_create);

static u32 nts_section_create_denied(struct nts_create_req *req,
				     struct nts_section **out, bool *denied)
{
	struct nts_create_args args = {
		.alloc_attrs = req->alloc_attrs,
		.protect = req->protect,
		.size = req->size,
		.size_given = req->size_given,
		.has_file = req->file || req->file_status != NT_STATUS_SUCCESS,
		.file_status = req->file_status,
		.commit_limit = U64_MAX,
		.lock_limit = req->alloc_attrs & NT_SEC_LARGE_PAGES ?
			      nts_lock_limit(req->kernel) : 0,
	};
	struct nts_section *sec, *existing = NULL;
	struct nts_image_info *image = NULL;
	bool grow = false;
	u64 size;
	u32 status;

	/* Only a file whose page cache a view can wrap backs a section. */
	if (req->file)
		args.file_status = nts_section_check_backing(req->file);
	if (req->file && !args.file_status) {
		args.file_access = nts_file_access(req->file);
		args.file_size = i_size_read(file_inode(req->file));
		if (nts_create_check_params(req->alloc_attrs, req->protect) == NT_STATUS_SUCCESS &&
		    (req->alloc_attrs & NT_SEC_IMAGE)) {
			status = nts_section_image(req->file, &args, &image, denied);
			if (status)
				return status;
		}
	}
	/*
	 * The name's turn, in ObpCaptureObjectCreateInformation()'s order: the
	 * Attributes before the name is read (a failed capture of
	 * ObjectAttributes itself leaves req->obj_attrs 0, its status in
	 * req->name_status).
	 */
	status = nts_validate_create(&args, &size, &grow);
	if (!status)
		status = nts_check_obj_attributes(req->obj_attrs, true,
						  req->kernel ||
						  ((req->obj_attrs & NT_OBJ_PERMANENT) &&
						   nts_may_be_permanent()));
	if (!status)
		status = req->name_status;
	if (!status)
		status = nts_name_leaf_check(req);
	if (status)
		goto out_image;

	/* OPENIF on an existing name must not touch the file: look first. */
	if (req->name_len) {
		status = nts_directory_lookup(req->name, req->name_len, req->obj_attrs, &existing);
		if (status == NT_STATUS_SUCCESS) {
			nts_image_info_free(image);
			if (!(req->obj_attrs & NT_OBJ_OPENIF)) {
				nts_section_handle_closed(existing);
				return NT_STATUS_OBJECT_NAME_COLLISION;
			}
			return nts_section_openif(existing, req, out);
		}
		if (status != NT_STATUS_OBJECT_NAME_NOT_FOUND)
			goto out_image;
	}

	sec = nts_section_alloc(req->protect, req->alloc_attrs, size, &status);
	if (!sec)
		goto out_image;
	sec->image = image;
	sec->file_backed = !!req->file;
	sec->attributes = nts_section_attributes(req->alloc_attrs, sec->file_backed);
	sec->mode = (req->mode ? req->mode : 0600) & 0777;
	if (req->obj_attrs & NT_OBJ_EXCLUSIVE)
		sec->exclusive = get_pid(task_tgid(current));

	status = nts_section_backing(sec, req, grow);
	if (!status && image)
		status = nts_image_object_get(req->file, image, denied, &sec->image_obj);
	if (status)
		goto fail;

	if (req->name_len) {
		status = nts_directory_insert(sec, req->name, req->name_len, req->obj_attrs,
					      &existing);
		if (status == NT_STATUS_OBJECT_NAME_EXISTS) {
			/* Lost a race with another creator of the same name. */
			nts_section_put(sec);
			return nts_section_openif(existing, req, out);
		}
		if (status)
			goto fail;
	}
	nts_proc_add(sec);
	/* The creator's handle: MAXIMUM_ALLOWED is all access (Wine too). */
	req->granted = req->access & NT_MAXIMUM_ALLOWED ? NT_SECTION_ALL_ACCESS : req->access;
	*out = sec;
	return NT_STATUS_SUCCESS;

fail:
	nts_section_put(sec);
	return status;
out_image:
	nts_image_info_free(image);
	return status;
}

/**
 * nts_section_new_image() - the internal section of a new image object
 * @obj: the image object, which the section owns from now on
 * @size: the image's size, page-rounded
 * @out: on success, the section, with one reference and one handle
 *
 * A pagefile section of the module's own, nameless and unlisted, whose
 * pages the image object lays the image out in; its handles count the
 * SEC_IMAGE sections that use it.
 *
 * Return: an NTSTATUS; on failure @obj is not owned.
 */
u32 nts_section_new_image(struct nts_image_obj *obj, u64 size, struct nts_section **out)
{
	struct nts_create_req req = {
		.protect = NT_PAGE_EXECUTE_READWRITE, .alloc_attrs = NT_SEC_COMMIT,
		.image_pages = true,
	};
	struct nts_section *sec;
	u32 status;

	sec = nts_section_alloc(req.protect, req.alloc_attrs, size, &status);
	if (!sec)
		return status;
	sec->attributes = NT_SEC_FILE | NT_SEC_IMAGE;
	status = nts_section_backing(sec, &req, false);
	if (status) {
		nts_section_put(sec);
		return status;
	}
	sec->image_self = obj;
	*out = sec;
	return NT_STATUS_SUCCESS;
}

static u32 nts_section_open_do(const u16 *name, u32 name_len, u32 obj_attrs, u32 access,
			       struct nts_section **out, u32 *granted)
{
	struct nts_section *sec;
	u32 status, start, len;

	status = nts_check_obj_attributes(obj_attrs, false, false);
	if (status)
		return status;
	if (!name_len)
		return NT_STATUS_OBJECT_NAME_INVALID;
	status = nts_check_name(name, name_len, obj_attrs & NT_OBJ_CASE_INSENSITIVE,
				&start, &len);
	if (status)
		return status;
	status = nts_directory_lookup(name, name_len, obj_attrs, &sec);
	if (status)
		return status;
	status = nts_section_grant(sec, obj_attrs, nts_section_access(access), granted);
	if (status) {
		nts_section_handle_closed(sec);
		return status;
	}
	*out = sec;
	return NT_STATUS_SUCCESS;
}

/**
 * nts_section_open() - NtOpenSection
 * @name: the name in UTF-16, kernel memory
 * @name_len: its length in bytes
 * @obj_attrs: NT_OBJ_*
 * @access: DesiredAccess (generic rights are mapped)
 * @out: on success, the section, with one reference and one handle counted
 * @granted: on success, the access the new handle carries
 *
 * Return: an NTSTATUS.
 */
u32 nts_section_open(const u16 *name, u32 name_len, u32 obj_attrs, u32 access,
		     struct nts_section **out, u32 *granted)
{
	u32 status = nts_section_open_do(name, name_len, obj_attrs, access, out, granted);

	trace_ntsection_open(nt_success(status) ? (*out)->id : 0, access, status);
	return status;
}

/**
 * nts_section_query() - NtQuerySection
 * @sec: the section
 * @access: access of the handle used
 * @info_class: the information class
 * @buf: kernel buffer for the information
 * @length: the caller's buffer length
 * @ret_len: out: bytes of information
 *
 * Return: an NTSTATUS; @buf is filled on success.
 */
u32 nts_section_query(struct nts_section *sec, u32 access, u32 info_class,
		      union nts_section_info *buf, u64 length, u64 *ret_len)
{
	struct ntsection_basic_information *info = &buf->basic;
	u32 status;

	status = nts_check_query(access, info_class, length, !!sec->image);
	if (status)
		return status;
	if (info_class == NTS_SECTION_IMAGE_INFORMATION) {
		bool wide;
		u64 base = nts_image_object_base(sec->image_obj, &wide);

		nts_image_information(sec->image, &buf->image);
		/* The entry point where the image object's base puts it. */
		buf->image.transfer_address = base + sec->image->entry_rva;
		*ret_len = sizeof(buf->image);
		return NT_STATUS_SUCCESS;
	}
	memset(info, 0, sizeof(*info));
	info->attributes = sec->attributes;
	info->size = READ_ONCE(sec->size);
	*ret_len = sizeof(*info);
	return NT_STATUS_SUCCESS;
}
EXPORT_SYMBOL_IF_KUNIT(nts_section_query);

/**
 * nts_section_extend() - NtExtendSection
 * @sec: the section
 * @access: access of the handle used
 * @size: in: the new size; out: the section's size
 *
 * A file-backed section grows with its file; existing views keep their
 * size. A smaller size changes nothing (SPEC §8).
 *
 * Return: an NTSTATUS.
 */
u32 nts_section_extend(struct nts_section *sec, u32 access, u64 *size)
{
	bool grow = false;
	u32 status;
	int err;

	mutex_lock(&sec->lock);
	status = nts_check_extend(access, sec->file_backed, sec->alloc_attrs & NT_SEC_IMAGE,
				  sec->size, *size, &grow);
	if (!status && grow) {
		if (!(sec->backing->f_mode & FMODE_WRITE)) {
			status = NT_STATUS_ACCESS_DENIED;
		} else {
			err = nts_file_grow(sec->backing, *size);
			if (err)
				status = nts_errno_to_status(err, NT_STATUS_SECTION_TOO_BIG);
		}
		if (!status)
			WRITE_ONCE(sec->size, *size);
	}
	if (!status)
		*size = sec->size;
	mutex_unlock(&sec->lock);
	trace_ntsection_extend(sec->id, *size, status);
	return status;
}
EXPORT_SYMBOL_IF_KUNIT(nts_section_extend);

/**
 * nts_section_init() - set up the section object cache
 *
 * Return: 0 or -ENOMEM.
 */
int __init nts_section_init(void)
{
	struct file_system_type *type;
	char huge_opt[] = "huge=within_size", small_opt[] = "huge=never";
	struct file_operations *fops = NULL;
	struct file *probe;

	nts_section_cache = KMEM_CACHE(nts_section, SLAB_ACCOUNT);
	if (!nts_section_cache)
		return -ENOMEM;
	/*
	 * Large-page sections live on a tmpfs of our own mounted with huge
	 * pages, whatever the system's shmem_enabled setting; without THP
	 * they fall back to small pages. The others live on one that never
	 * uses huge pages.
	 */
	type = get_fs_type("tmpfs");
	if (type) {
		nts_small_mnt = vfs_kern_mount(type, SB_KERNMOUNT, type->name,
					       IS_ENABLED(CONFIG_TRANSPARENT_HUGEPAGE) ?
					       small_opt : NULL);
		if (IS_ENABLED(CONFIG_TRANSPARENT_HUGEPAGE))
			nts_huge_mnt = vfs_kern_mount(type, SB_KERNMOUNT, type->name, huge_opt);
	}
	if (IS_ERR_OR_NULL(nts_huge_mnt))
		nts_huge_mnt = NULL;
	if (IS_ERR_OR_NULL(nts_small_mnt))
		goto fail;
	probe = nts_shmem_file(nts_small_mnt, "ntsection", PAGE_SIZE, true);
	if (!IS_ERR(probe)) {
		fops = kmemdup(probe->f_op, sizeof(*fops), GFP_KERNEL);
		fput(probe);
	}
	if (!fops) {
		kern_unmount(nts_small_mnt);
		goto fail;
	}
	fops->owner = THIS_MODULE;
	fops->open = nts_backing_open;
	nts_backing_fops = fops;
	return 0;

fail:
	if (nts_huge_mnt)
		kern_unmount(nts_huge_mnt);
	kmem_cache_destroy(nts_section_cache);
	return -ENOMEM;
}

/**
 * nts_large_pages_backed() - can large-page memory have 2 MiB pages here?
 *
 * Return: true when the kernel has transparent huge pages, so that
 * SEC_LARGE_PAGES sections (on the module's huge tmpfs mount) and
 * MEM_LARGE_PAGES private memory (MADV_HUGEPAGE) get them.
 */
bool nts_large_pages_backed(void)
{
	return !!nts_huge_mnt;
}
EXPORT_SYMBOL_IF_KUNIT(nts_large_pages_backed);

/**
 * nts_lock_limit() - SeLockMemoryPrivilege, as Linux has it
 * @kernel: the caller is kernel code (the in-kernel API)
 *
 * Windows' large pages are locked memory, which needs
 * SeLockMemoryPrivilege; here that is what mlock(2) needs: CAP_IPC_LOCK
 * for any size, else RLIMIT_MEMLOCK bytes. Kernel callers hold every
 * privilege.
 *
 * Return: 0 when the privilege is held, else the most bytes the caller
 * may lock, at least 1 (an RLIMIT_MEMLOCK of 0 allows none).
 */
u64 nts_lock_limit(bool kernel)
{
	unsigned long limit;

	if (kernel || capable(CAP_IPC_LOCK))
		return 0;
	limit = rlimit(RLIMIT_MEMLOCK);
	if (limit == RLIM_INFINITY)
		return 0;
	return max_t(u64, limit, 1);
}

/**
 * nts_internal_file() - an empty file of the module's own
 * @name: its name (in /proc/PID/maps)
 *
 * A shmem file on the module's small-page mount, with no size: an inode of
 * its own for the caller to give file operations of its own
 * (replace_fops()).
 *
 * Return: the file, or an ERR_PTR().
 */
struct file *nts_internal_file(const char *name)
{
	return nts_shmem_file(nts_small_mnt, name, 0, true);
}

/**
 * nts_section_exit() - tear down the section object cache
 */
void nts_section_exit(void)
{
	if (nts_huge_mnt)
		kern_unmount(nts_huge_mnt);
	kern_unmount(nts_small_mnt);
	kfree(nts_backing_fops);
	kmem_cache_destroy(nts_section_cache);
}
