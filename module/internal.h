/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * ntsection: declarations shared by the files of the module.
 */
#ifndef _NTSECTION_INTERNAL_H
#define _NTSECTION_INTERNAL_H

#include <linux/bits.h>
#include <linux/types.h>
#include <linux/kref.h>
#include <linux/list.h>
#include <linux/mutex.h>
#include <linux/spinlock.h>
#include <linux/xarray.h>
#include <linux/uidgid.h>
#include <linux/ntsection.h>
#include <ntsection/compat.h>

struct file;
struct vm_area_struct;
struct nts_name;
struct nts_image_info;
struct nts_image_obj;
struct nts_image_region;
struct ipc_namespace;

/* An NTSTATUS is a u32 throughout the module: the NT_STATUS_* values. */
static inline bool nt_success(u32 status)
{
	return (s32)status >= 0;
}

/* SEC_RESERVE commit state: one xarray value entry holds this many pages. */
#define NTS_COMMIT_CHUNK_SHIFT	5
#define NTS_COMMIT_CHUNK	BIT(NTS_COMMIT_CHUNK_SHIFT)

/**
 * struct nts_section - a section object
 * @ref: references: one per handle, one per view file, one per in-flight call
 * @handles: open handles; the name goes away with the last one (SPEC §1.2)
 * @views: mapped views (VMAs, fork copies included), for reporting
 * @backing: the shmem file (pagefile-backed) or the caller's file
 * @file_backed: @backing is the caller's file
 * @protect: SectionPageProtection at creation
 * @alloc_attrs: AllocationAttributes at creation
 * @attributes: what NtQuerySection reports
 * @size: size in bytes; changes only under @lock (NtExtendSection)
 * @lock: serialises changes of @size
 * @commit_lock: serialises changes of @committed; taken under mmap_lock (a
 *	map commits its CommitSize in ->mmap), so nothing is taken under it
 * @committed: SEC_RESERVE: bitmaps of committed pages, NTS_COMMIT_CHUNK a
 *	value entry, read locklessly by the fault path
 * @committed_pages: SEC_RESERVE: how many pages are committed (bounded by
 *	the machine's commit limit)
 * @name: the section's name in its directory, NULL when unnamed
 * @uid: creator's uid
 * @gid: creator's gid
 * @mode: permission bits (who may open the name, and see the section in
 *	/proc/ntsection/sections)
 * @id: a number unique among the sections since the module was loaded
 * @ns: the IPC namespace of the creator (compared, never dereferenced)
 * @ns_inum: its inode number (a namespace reallocated at the same address
 *	is another namespace)
 * @node: link in the list of all sections (proc.c)
 * @view_lock: protects @view_cache, @view_cached and the views' pending
 *	CommitSize requests (view.c)
 * @view_cache: view files kept for views to come, most recently used first
 *	(view.c); each holds a reference on the section, so the cache is
 *	emptied when the last handle goes
 * @view_cached: how many files @view_cache holds
 * @image: SEC_IMAGE: what the file's PE headers said at creation
 * @image_obj: SEC_IMAGE: the image object its views map (one handle of
 *	its internal section)
 * @image_self: the internal section of an image object: that object,
 *	which this section owns
 * @exclusive: created with OBJ_EXCLUSIVE: the creating process (its thread
 *	group's pid, one reference), the only one that may open it, and only
 *	with OBJ_EXCLUSIVE (nts_check_exclusive()); NULL otherwise. Set before
 *	the name is visible, never changed.
 */
struct nts_section {
	struct kref ref;
	atomic_t handles;
	atomic_t views;
	spinlock_t view_lock;		/* view_cache, view_cached, commits */
	struct file *backing;
	u32 protect;
	u32 alloc_attrs;
	u32 attributes;
	unsigned int ns_inum;
	u64 size;
	struct mutex lock;		/* size */
	struct mutex commit_lock;	/* commit state */
	struct xarray committed;
	unsigned long committed_pages;
	struct nts_name *name;
	kuid_t uid;
	kgid_t gid;
	umode_t mode;
	bool file_backed;
	unsigned int view_cached;
	u64 id;
	struct ipc_namespace *ns;
	struct list_head node;
	struct list_head view_cache;
	struct nts_image_info *image;
	struct nts_image_obj *image_obj;
	struct nts_image_obj *image_self;
	struct pid *exclusive;
};

/**
 * union nts_section_info - what NtQuerySection writes
 * @basic: SectionBasicInformation
 * @image: SectionImageInformation
 */
union nts_section_info {
	struct ntsection_basic_information basic;
	struct ntsection_image_information image;
};

/**
 * union nts_section_info32 - what NtQuerySection writes for a 32-bit caller
 * @basic: SectionBasicInformation, i386 layout
 * @image: SectionImageInformation, i386 layout
 */
union nts_section_info32 {
	struct ntsection_basic_information32 basic;
	struct ntsection_image_information32 image;
};

/**
 * struct nts_handle - what a section file carries
 * @section: the section (one reference)
 * @access: the access mask granted when the handle was made
 * @counted: the file is an NT handle (an fd): it counts in the section's
 *	handles, which keep the name. A kernel handle counts itself and keeps
 *	an uncounted file only to map views through.
 */
struct nts_handle {
	struct nts_section *section;
	u32 access;
	bool counted;
};

/**
 * struct nts_create_req - NtCreateSection with kernel values
 * @name: the name in UTF-16, in kernel memory, or NULL
 * @name_len: length of @name in bytes
 * @name_status: why the name could not be read (too long, unreadable), or
 *	NT_STATUS_SUCCESS; reported at the name's place in the check order
 * @obj_attrs: NT_OBJ_*
 * @access: DesiredAccess, generic rights mapped, NT_MAXIMUM_ALLOWED kept
 * @granted: out: on success, the access the new handle carries
 * @protect: SectionPageProtection
 * @alloc_attrs: AllocationAttributes
 * @file: the backing file (a reference held by the caller) or NULL
 * @file_status: status of resolving FileHandle (NT_STATUS_SUCCESS if none)
 * @size: MaximumSize
 * @size_given: MaximumSize was not NULL
 * @mode: permission bits for a named section
 * @image_pages: the internal section of an image object: its pages are
 *	charged to the commit limit as they appear (an image's size says
 *	nothing of how much of it has data)
 * @kernel: a kernel-mode caller (zw_create_section()): it holds every
 *	privilege, SeLockMemoryPrivilege included
 */
struct nts_create_req {
	const u16 *name;
	u32 name_len;
	u32 name_status;
	u32 obj_attrs;
	u32 access;
	u32 granted;
	u32 protect;
	u32 alloc_attrs;
	struct file *file;
	u32 file_status;
	u64 size;
	bool size_given;
	umode_t mode;
	bool image_pages;
	bool kernel;
};

/**
 * struct nts_map_request - NtMapViewOfSection with kernel values
 * @section: the section to map
 * @access: access of the handle the caller used (checked unless @kernel)
 * @kernel: a kernel-mode caller: no handle access check (SPEC §3)
 * @base: in/out BaseAddress
 * @zero_bits: ZeroBits
 * @commit_size: CommitSize
 * @offset: SectionOffset
 * @view_size: in/out ViewSize
 * @inherit: InheritDisposition
 * @alloc_type: AllocationType
 * @protect: Win32Protect
 * @low: NtMapViewOfSectionEx: the lowest address the view may start at, 0
 *	for none (AddressRequirements)
 * @high: the highest address its last byte may be at, 0 for none
 */
struct nts_map_request {
	struct nts_section *section;
	u32 access;
	bool kernel;
	u64 base;
	u64 zero_bits;
	u64 commit_size;
	u64 offset;
	u64 view_size;
	u32 inherit;
	u32 alloc_type;
	u32 protect;
	u64 low;
	u64 high;
};

/**
 * struct nts_target - the process a call acts on (process.c)
 * @file: the process handle, or NULL for the caller's own process
 * @mm: the target's address space (a user reference), NULL when local
 * @pid: the target (the handle's reference)
 */
struct nts_target {
	struct file *file;
	struct mm_struct *mm;
	struct pid *pid;
};

/**
 * struct nts_remote_limits - the target's rlimits, which a kernel worker
 *	running a call for it enforces (vm_mmap() reads the worker's own)
 * @as: RLIMIT_AS, in bytes
 * @data: RLIMIT_DATA, in bytes
 * @fsize: RLIMIT_FSIZE, in bytes (a commit that grows a file)
 */
struct nts_remote_limits {
	unsigned long as;
	unsigned long data;
	unsigned long fsize;
};

/* A call run in another process: @lim set when a kernel worker runs it. */
typedef u32 (*nts_remote_fn)(void *arg, const struct nts_remote_limits *lim);

/* section.c */
u32 nts_section_create(struct nts_create_req *req, struct nts_section **out);
u32 nts_section_access(u32 desired);
u32 nts_section_open(const u16 *name, u32 name_len, u32 obj_attrs, u32 access,
		     struct nts_section **out, u32 *granted);
void nts_section_put(struct nts_section *sec);
void nts_section_get(struct nts_section *sec);
void nts_section_handle_closed(struct nts_section *sec);
u32 nts_section_query(struct nts_section *sec, u32 access, u32 info_class,
		      union nts_section_info *buf, u64 length, u64 *ret_len);
u32 nts_section_extend(struct nts_section *sec, u32 access, u64 *size);
bool nts_section_committed(struct nts_section *sec, pgoff_t index);
pgoff_t nts_section_commit_run_end(struct nts_section *sec, pgoff_t index, pgoff_t end);
u32 nts_section_check_backing(struct file *file);
u32 nts_section_commit(struct nts_section *sec, pgoff_t first, pgoff_t count);
bool nts_section_reserve_only(const struct nts_section *sec);
bool nts_section_writable(const struct nts_section *sec);
u32 nts_errno_to_status(int err, u32 fallback);
u32 nts_section_new_image(struct nts_image_obj *obj, u64 size, struct nts_section **out);
int nts_status_to_errno(u32 status);
struct file *nts_internal_file(const char *name);
bool nts_large_pages_backed(void);
u64 nts_lock_limit(bool kernel);
int __init nts_section_init(void);
void nts_section_exit(void);

/**
 * enum nts_counter - live objects of the module, for tests and leak hunts
 * @NTS_CNT_SECTIONS: section objects
 * @NTS_CNT_VIEWS: view objects (one view file per mapping, fork copies shared)
 * @NTS_CNT_HANDLE_FILES: section files (fds and kernel handles' files)
 * @NTS_CNT_KERNEL_HANDLES: kernel handles
 * @NTS_CNT_SYSTEM_VIEWS: system-space views
 * @NTS_CNT_PROCESS_HANDLES: process handles (process.c)
 * @NTS_CNT_REMOTE_CALLS: calls into another process not yet freed
 * @NTS_CNT_APC_QUEUES: APC fds' queues (apc.c)
 * @NTS_CNT_APC_CALLS: user APCs queued and not yet freed
 * @NTS_CNT_MAX: the number of counters
 */
enum nts_counter {
	NTS_CNT_SECTIONS,
	NTS_CNT_VIEWS,
	NTS_CNT_HANDLE_FILES,
	NTS_CNT_KERNEL_HANDLES,
	NTS_CNT_SYSTEM_VIEWS,
	NTS_CNT_PROCESS_HANDLES,
	NTS_CNT_REMOTE_CALLS,
	NTS_CNT_APC_QUEUES,
	NTS_CNT_APC_CALLS,
	NTS_CNT_MAX,
};

extern atomic_long_t nts_counters[NTS_CNT_MAX];

static inline void nts_count(enum nts_counter c, long delta)
{
	atomic_long_add(delta, &nts_counters[c]);
}

/* image_object.c */
u32 nts_image_object_get(struct file *file, const struct nts_image_info *info, bool *denied,
			 struct nts_image_obj **out);
void nts_image_object_put(struct nts_image_obj *obj);
void nts_image_object_release(struct nts_image_obj *obj);
struct nts_section *nts_image_object_section(const struct nts_image_obj *obj);
u32 nts_image_object_layout(const struct nts_image_obj *obj, bool no_exec,
			    const struct nts_image_region **regions, u32 *count);
u64 nts_image_object_base(const struct nts_image_obj *obj, bool *pe32plus);
const struct inode *nts_image_object_inode(const struct nts_image_obj *obj);

/* proc.c */
void nts_proc_add(struct nts_section *sec);
void nts_proc_del(struct nts_section *sec);
int __init nts_proc_init(void);
void nts_proc_exit(void);

/* directory.c */
struct ipc_namespace *nts_current_ipc_ns(void);
int nts_directory_name(const struct nts_section *sec, char *buf, int len);
u32 nts_directory_insert(struct nts_section *sec, const u16 *name, u32 name_len,
			 u32 obj_attrs, struct nts_section **existing);
u32 nts_directory_lookup(const u16 *name, u32 name_len, u32 obj_attrs,
			 struct nts_section **out);
void nts_directory_remove(struct nts_section *sec);
bool nts_directory_may_open(const struct nts_section *sec, u32 access);
u32 nts_directory_max_access(const struct nts_section *sec);

/* process.c */
u32 nts_process_access(u32 desired);
u32 nts_process_open(struct pid *pid, u32 desired, struct file **out);
u32 nts_target_get(u32 fd, u32 access, struct nts_target *t);
void nts_target_put(struct nts_target *t);
u32 nts_remote_call(struct nts_target *t, nts_remote_fn fn, void *arg, size_t size,
		    struct file *hold);
u32 nts_process_copy(const struct nts_target *t, u64 addr, u64 ubuf, u64 size, bool write,
		     u64 *done);
bool nts_over_limits(const struct mm_struct *mm, const struct nts_remote_limits *lim);

/* apc.c */
u32 nts_apc_open(struct file **out);
u32 nts_apc_call(struct nts_target *t, struct ntsection_apc *apc);
int __init nts_process_init(void);
void nts_process_exit(void);

/* view.c */
/* A view that replaced a placeholder: passed with the InheritDisposition. */
#define NTS_VIEW_PLACEHOLDER	0x100u

u32 nts_view_map(struct nts_map_request *req);
u32 nts_view_unmap_ex(unsigned long addr, u32 flags);
bool nts_split_permitted(struct vm_area_struct *vma, unsigned long addr);
u32 nts_permit_set(u64 start, u64 end);
unsigned long nts_aligned_area(unsigned long len, unsigned long align,
			       unsigned long pgoff, unsigned long flags);
unsigned long nts_find_gap(struct mm_struct *mm, unsigned long len, unsigned long align,
			   unsigned long low, unsigned long high, bool top_down);
void nts_view_cache_drop(struct nts_section *sec);
u32 nts_view_unmap(unsigned long addr);
u32 nts_view_commit(u64 *base, u64 *size, u32 protect, u64 fsize_limit);
u32 nts_view_free(struct mm_struct *mm, u64 base);
u32 nts_view_flush(struct mm_struct *mm, u64 *base, u64 *size, bool *ran);
u32 nts_view_permit_split(u64 base, u64 size);
void nts_view_exit(void);
u32 nts_view_query(struct mm_struct *mm, struct ntsection_vm_info *info);
u32 nts_vm_describe(struct mm_struct *mm, struct ntsection_vm_info *info);
u32 nts_vm_region_info(struct mm_struct *mm, u64 address,
		       struct ntsection_memory_region_information *out);
u32 nts_vm_working_set(struct mm_struct *mm, const u64 *addrs, u64 *attrs, unsigned int n);
u32 nts_view_image_info(struct mm_struct *mm, u64 address,
			struct ntsection_memory_image_information *out);
u32 nts_view_file_path(struct mm_struct *mm, u64 address, struct path *path);
u32 nts_view_same_files(u64 address1, u64 address2);
int nts_view_mmap(struct file *file, struct vm_area_struct *vma);
unsigned long nts_view_get_unmapped_area(struct file *file, unsigned long addr,
					 unsigned long len, unsigned long pgoff,
					 unsigned long flags);

/* placeholder.c */
struct nts_ext;
struct nts_mm_lock;
bool nts_vma_is_placeholder(const struct vm_area_struct *vma);
u32 nts_placeholder_allocate(u64 *base, u64 *size, u32 type, const struct nts_ext *ext,
			     u32 *result);
u32 nts_placeholder_take(u64 start, u64 len);
void nts_placeholder_restore(u64 start, u64 len);
struct nts_mm_lock *nts_placeholder_lock(struct mm_struct *mm);
struct nts_mm_lock *nts_placeholder_lock_read(struct mm_struct *mm);
void nts_placeholder_unlock(struct nts_mm_lock *l);
u32 nts_placeholder_put(u64 start, u64 len);
u32 nts_placeholder_free(u64 *base, u64 *size, u32 type);
u32 nts_placeholder_from_private(u64 base, u64 size);
void nts_placeholder_describe(const struct vm_area_struct *vma, unsigned long addr,
			      struct ntsection_vm_info *info);
u32 nts_placeholder_query(struct mm_struct *mm, struct ntsection_vm_info *info);

/* device.c */
extern const struct file_operations nts_section_fops;
void nts_fill_version(struct ntsection_version *ver);
int nts_handle_install(struct nts_section *sec, u32 access, u32 obj_attrs, u64 uhandle);
struct file *nts_handle_file(struct nts_section *sec, u32 access, bool counted);

#endif /* _NTSECTION_INTERNAL_H */
